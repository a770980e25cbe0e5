"""``reportgen review``: a translators' review pack per document and language, in Word and PDF.

For each document, every string it prints, in document order (its content in the order of the content, then the
template's words in the order they print): where it stands, the English, the translation with its markup shown as
formatting, and its state — translated, fuzzy, missing, or changed since the last recorded release. The pack is
rendered by the theme's ``review.html.j2`` and written by the same writers as the documents, so reviewers can
comment and track changes in Word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from .pipeline import created_at, render_document
from .pipeline.manifest import atomic_write
from .diagnostics import UsageError
from .documents import Document
from .html.render import Page, render
from .i18n.catalogue import Translator
from .i18n.locales import SOURCE, Language
from .project import Project, load_project
from .source import markup
from .source.text import texts
from .writers import REGISTRY as WRITERS, Job

STATES = ("translated", "fuzzy", "missing", "changed")
SHADES = {"fuzzy": "#fff2cc", "missing": "#f8d7da", "changed": "#dbe9f6"}
TEMPLATE = "review.html.j2"


@dataclass(frozen=True)
class Row:
    """One string of the pack."""

    where: str
    source: Markup
    translation: Markup
    state: str

    @property
    def shade(self) -> str | None:
        """Return the background of the row: fuzzy, missing and changed rows stand out."""
        return SHADES.get(self.state)


def rows_of(project: Project, doc: Document, language: Language, changed: set[tuple[str | None, str]]
            ) -> list[Row]:
    """Return the rows of ``doc`` in ``language``; ``changed`` holds the (msgctxt, msgid) changed since release."""
    translator = Translator(language, project.catalogues.get(language.tag))
    render_document(project, doc, language, translator)
    notes = {t.context: t for t in texts(tuple(doc.data.values()))}
    rows = []
    catalog = translator.catalogue.catalog if translator.catalogue is not None else None
    for context, msgid in translator.seen:
        entry = catalog.get(msgid, context=context) if catalog is not None else None
        forms = () if entry is None else (entry.string,) if isinstance(entry.string, str) else entry.string
        translation = forms[0] if forms and all(forms) else ""  # a plural entry by its first form
        state = "changed" if (context, msgid) in changed else "missing" if not translation else \
            "fuzzy" if entry.fuzzy else "translated"
        text = notes.get(context)
        where = f"{context.split(':', 1)[1]} ({text.loc})" if context and text else (context or "template")
        shown = markup.to_html if context else escape
        rows.append(Row(where, shown(msgid), shown(translation), state))
    return rows


def latest_release(root: Path) -> str | None:
    """Return the most recently recorded release tag, if any."""
    folder = root / "translations/releases"
    found = sorted(folder.glob("*.pot"), key=lambda p: (p.stat().st_mtime_ns, p.name)) if folder.is_dir() else []
    return found[-1].stem if found else None


def write_review(root: Path, tag: str, docs: list[str] | None = None, out: Path | None = None,
                 since: str | None = None) -> list[Path]:
    """Write the review packs of language ``tag`` (every document, or ``docs``); return the files written."""
    from .pipeline import output_folder, select
    from .i18n.catalogues import changes_since

    root = root.resolve()
    project = load_project(root)
    documents, languages = select(project, docs, [tag])
    language = languages[0]
    if language == SOURCE:
        raise UsageError("the review pack is for a translated language, not the source language")
    release = since or latest_release(root)
    changed = set()
    if release:
        for change in changes_since(root, release):
            if change.kind == "changed":
                context = None if change.key.startswith("template:") else change.key
                changed.add((context, change.new))
    folder = output_folder(root, out) / tag / "review"
    written = []
    for doc in documents:
        rows = rows_of(project, doc, language, changed)
        counts = {state: sum(r.state == state for r in rows) for state in STATES}
        created = created_at(doc)
        title = next((t.plain for t in texts(tuple(doc.data.values())) if t.context.endswith(".title")), doc.id)
        html = render(project.theme, TEMPLATE, Translator(SOURCE, None), Page(language, created),
                      rows=rows, counts=counts, states=STATES, title=title, doc_id=doc.id, release=release,
                      catalogue=project.catalogues[tag].path)
        epoch = int(created.replace(tzinfo=dt.timezone.utc).timestamp())
        for fmt in ("docx", "pdf"):
            job = Job(f"{doc.id}.review", tag, fmt, html, project.theme, project.theme.shown(TEMPLATE), (), epoch)
            data, _ = WRITERS[fmt].function("write")(job, {})
            path = folder / f"{doc.id}.review{WRITERS[fmt].suffix}"
            atomic_write(path, data)
            written.append(path)
    return written
