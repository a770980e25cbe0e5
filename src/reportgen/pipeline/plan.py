"""The plan phase: the matrix of documents × languages × formats selected, and which of its outputs are stale —
their recorded inputs (content, catalogue, theme, reportgen itself) differ, or their file is not the one recorded."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..documents import Document
from ..i18n.locales import Language
from ..project import SETTINGS_FILE
from ..source.text import texts
from ..writers import REGISTRY as WRITERS, output_path
from .load import Session
from .manifest import InputHasher, read_manifest, up_to_date


@dataclass(frozen=True)
class Target:
    """One output file: a document in a language and a format."""

    doc: str
    lang: str
    fmt: str

    @property
    def relative(self) -> str:
        """Return the output path below the build folder (``en/action-plan.pdf``)."""
        return output_path(self.lang, self.doc, self.fmt)


@dataclass
class Outcome:
    """What happened to one target."""

    target: Target
    status: str  # "built", "up to date", "failed"
    draft: int = 0
    sha256: str = ""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Stale:
    """A document in a language with the outputs of it to write, each with the inputs it is built from."""

    doc: Document
    language: Language
    targets: tuple[tuple[Target, dict], ...]


@dataclass(frozen=True)
class Work:
    """What the build has to do: every target in the order the summary lists them, those up to date, and the
    documents to render (largest first, so that the longest jobs start first)."""

    order: tuple[Target, ...]
    fresh: tuple[Outcome, ...]
    stale: tuple[Stale, ...]

    @property
    def jobs(self) -> int:
        """Return the number of outputs to write."""
        return sum(len(item.targets) for item in self.stale)


def plan(session: Session) -> Work:
    """Return the work of the session's build: what is up to date is not rendered at all. A DRAFT output is
    rendered again (not written) so that its missing strings are listed."""
    entries = read_manifest(session.out).get("outputs", {})
    hasher = InputHasher(session.project, SETTINGS_FILE)
    order, fresh, stale = [], [], []
    for doc in session.documents:
        for language in session.languages:
            todo = []
            for fmt in sorted(session.formats, key=lambda f: -WRITERS[f].weight):
                target = Target(doc.id, language.tag, fmt)
                inputs = hasher.inputs(doc, language, fmt, session.options.release)
                entry = entries.get(target.relative)
                if not session.options.force and up_to_date(session.out, target.relative, entry, inputs):
                    fresh.append(Outcome(target, "up to date", entry.get("draft", 0), entry["sha256"]))
                else:
                    todo.append((target, inputs))
            order.extend(Target(doc.id, language.tag, fmt) for fmt in session.formats)
            if todo or any(o.draft for o in fresh if (o.target.doc, o.target.lang) == (doc.id, language.tag)):
                stale.append(Stale(doc, language, tuple(todo)))
    stale.sort(key=lambda item: -len(texts(item.doc.model)))
    return Work(tuple(order), tuple(fresh), tuple(stale))
