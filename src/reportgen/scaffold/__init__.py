"""``reportgen new``: write a small, working project — a plan, partners, a status scale, one illustrative round
and a catalogue per extra language — that builds at once on the default theme."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..diagnostics import UsageError, did_you_mean
from ..i18n.locales import LANGUAGES, SOURCE
from ..source.markup import literal
from ..source.text import unprintable
from ..theme import DEFAULT

DEFAULT_TITLE = "Regional Plan 2026-2028"


SKELETON = Path(__file__).resolve().parent / "skeleton"
ROUND_FOLDER = "ROUND"  # the skeleton's round folder, named for the year


def skeleton(title: str, tags: list[str], today: dt.date) -> dict[str, str]:
    """Return the new project's files, ``{path: text}``: the skeleton's templates filled in (the title as data,
    quoted for YAML where YAML holds it), the default theme's status scale, and the round named for the year."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(SKELETON)), undefined=jinja2.StrictUndefined,
                               keep_trailing_newline=True, autoescape=False)
    # Text as YAML: a JSON string is a YAML string; its markup characters escaped, so that it prints as typed.
    env.filters["yaml"] = lambda value: json.dumps(literal(value), ensure_ascii=False)
    values = {"title": title, "year": today.year, "month": f"{today:%Y-%m}",
              "languages": ", ".join([SOURCE.tag] + [t for t in tags if t != SOURCE.tag])}
    files = {}
    for path in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        name = path.relative_to(SKELETON).as_posix()
        target = name.replace(ROUND_FOLDER, str(today.year)).replace("gitignore", ".gitignore")
        files[target] = env.get_template(name).render(**values)
    files["content/statuses.yaml"] = (DEFAULT / "statuses.yaml").read_text("utf-8")
    return files


MAX_TITLE = 300


def new_project(path: Path, title: str | None, tags: list[str], today: dt.date | None = None) -> list[str]:
    """Write a new project into ``path`` (absent or empty), all of it or nothing: it is made and checked in a
    staging folder beside ``path``, then moved into place. Return the files written."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(f"'{path}' is not an empty folder; a new project is written only into an empty one")
    for tag in tags:
        if tag not in LANGUAGES:
            raise UsageError(f"unknown language '{tag}'{did_you_mean(tag, LANGUAGES)}; "
                             f"available: {', '.join(LANGUAGES)}")
    title = _title(title)
    files = skeleton(title, list(dict.fromkeys(tags)), today or dt.date.today())
    parent = path.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.reportgen-new.", dir=parent))
    except OSError as exc:
        raise UsageError(f"cannot write into '{path}': {exc.strerror}") from None
    try:
        written = _make(staging, files)
        _move(staging, path)
    except OSError as exc:
        raise UsageError(f"cannot write into '{path}': {exc.strerror}; nothing was written") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def _title(title: str | None) -> str:
    """Return the plan's title, its white space folded; one that no document can carry is a usage error."""
    title = " ".join((title if title is not None else DEFAULT_TITLE).split())
    if not title:
        raise UsageError("the title is empty")
    bad = unprintable(title)
    if bad:
        raise UsageError(f"the title has {', '.join(bad)}, which no document can show")
    if len(title) > MAX_TITLE:
        raise UsageError(f"the title has {len(title)} characters; at most {MAX_TITLE} are allowed")
    return title


def _make(folder: Path, files: dict[str, str]) -> list[str]:
    """Write ``files`` and the catalogues of the project's languages into ``folder``; return what was written."""
    from ..i18n.catalogues import update
    from ..project import load_project

    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    project = load_project(folder, catalogues=False)  # what the user will build must load: a bug otherwise
    return list(files) + update(folder.resolve(), project.languages)


def _move(staging: Path, path: Path) -> None:
    """Move the staged project into ``path``: a rename when absent, each top entry into an empty folder (Ctrl-C
    held back meanwhile, so that the project is there whole or not at all)."""
    from ..writing import signals_held

    with signals_held():
        if not path.exists():
            os.rename(staging, path)
            staging.mkdir()  # for the caller's cleanup
            return
        for entry in sorted(staging.iterdir()):
            os.rename(entry, path / entry.name)
