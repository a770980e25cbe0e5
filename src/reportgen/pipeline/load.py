"""The load phase: what the build was asked for, checked before any work — the output folder, the documents,
languages and formats selected, ``SOURCE_DATE_EPOCH`` — and the project, loaded and validated."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..diagnostics import UsageError, did_you_mean
from ..documents import Document
from ..i18n.locales import Language
from ..project import Project, load_project
from ..source.files import inside
from ..writers import REGISTRY as WRITERS
from .render import source_date_epoch


@dataclass(frozen=True)
class Options:
    """What a build is asked for (the command line's options)."""

    out: Path | None = None
    docs: list[str] | None = None
    langs: list[str] | None = None
    formats: list[str] | None = None
    strict: bool = False
    jobs: int | None = None
    force: bool = False
    release: bool = False
    progress: Callable | None = None  # progress(outcome, done, total), as each output finishes


@dataclass(frozen=True)
class Session:
    """A build's loaded project and its checked selection."""

    project: Project
    out: Path
    documents: list[Document]
    languages: list[Language]
    formats: list[str]
    options: Options

    @property
    def strict(self) -> bool:
        """Return whether warnings fail the build (``--strict``, and every release)."""
        return self.options.strict or self.options.release


def load(root: Path, options: Options) -> Session:
    """Return the session of a build of ``root``: usage errors first (exit 2), then the project's own (exit 1)."""
    root = root.resolve()
    out = output_folder(root, options.out)
    source_date_epoch()  # a bad value is refused before any work
    project = load_project(root)
    documents, languages = select(project, options.docs, options.langs)
    return Session(project, out, documents, languages, select_formats(options.formats), options)


def select(project: Project, docs: list[str] | None, langs: list[str] | None) -> tuple[list[Document],
                                                                                           list[Language]]:
    """Return the documents and languages to build; unknown names are usage errors."""
    documents = list(project.documents.values())
    for name in dict.fromkeys(docs or ()):
        if name not in project.documents:
            raise UsageError(f"unknown document '{name}'{did_you_mean(name, project.documents)}; "
                             f"available: {', '.join(project.documents)}")
    if docs:
        documents = [project.documents[name] for name in dict.fromkeys(docs)]
    tags = {lang.tag: lang for lang in project.languages}
    for tag in dict.fromkeys(langs or ()):
        if tag not in tags:
            raise UsageError(f"language '{tag}' is not declared by the project{did_you_mean(tag, tags)}; "
                             f"declared: {', '.join(tags)}")
    languages = [tags[tag] for tag in dict.fromkeys(langs)] if langs else list(project.languages)
    return documents, languages


def select_formats(formats: list[str] | None) -> list[str]:
    """Return the formats to build (default: every registered writer); an unknown one is a usage error."""
    chosen = list(dict.fromkeys(formats or WRITERS))
    for fmt in chosen:
        if fmt not in WRITERS:
            raise UsageError(f"unknown format '{fmt}'{did_you_mean(fmt, WRITERS)}; available: {', '.join(WRITERS)}")
    return chosen


def output_folder(root: Path, out: Path | None) -> Path:
    """Return the build folder; one inside the project's inputs, or one that cannot be a folder, is a usage error."""
    out = (out or root / "build").resolve()
    for inputs in ("content", "templates", "translations"):
        if inside(out, root / inputs):
            raise UsageError(f"output folder '{out}' is inside the project's {inputs}/ folder; choose another")
    if out.exists() and not out.is_dir():
        raise UsageError(f"output folder '{out}' is not a folder")
    parent = next((p for p in [out, *out.parents] if p.exists()), None)
    try:  # a real probe: permissions alone do not tell (read-only mounts, /proc, immutable folders)
        os.rmdir(tempfile.mkdtemp(prefix=".reportgen-probe.", dir=parent))
    except OSError as exc:
        raise UsageError(f"output folder '{out}' cannot be created or written in: {exc.strerror} "
                         f"(in '{parent}')") from None
    return out
