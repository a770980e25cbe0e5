"""``reportgen review``: a translators' review pack per document and language, in Word and PDF.

For each document, every string it prints, in document order (its content in the order of the content, then the
template's words in the order they print): where it stands, the English, the translation with its markup shown as
formatting, and its state — translated, fuzzy, missing, or changed since the last recorded release. The pack is
rendered by the theme's ``review.html.j2`` into a document tree and written, in every paged format, through the
same jobs and workers as the documents (so the same inputs give the same bytes), then written all or none under
the build folder's lock. Reviewers comment and track changes in Word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from .diagnostics import UsageError
from .documents.frame import FRAME
from .documents import Document
from .html.render import Page, render
from .i18n.catalogue import Translator
from .i18n.locales import SOURCE, Language
from .project import Project, load_project
from .source import markup
from .source.text import texts
from .tree import parse, vocabulary
from .writers import Job, formats, output_path

STATES = ("translated", "fuzzy", "missing", "changed")
SHADES = {"fuzzy": "#fff2cc", "missing": "#f8d7da", "changed": "#dbe9f6"}
TEMPLATE = "review.html.j2"
VOCABULARY = FRAME + vocabulary({"table.counts": "table", "table.review": "table", "th.num": "number",
                                 "td.num": "number"})


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
    from .pipeline import render_document

    translator = Translator(language, project.catalogues.get(language.tag))
    render_document(project, doc, language, translator)
    notes = {t.context: t for t in texts(doc.model)}
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
    """Return the latest recorded edition (by its date), else the most recently recorded old-style release."""
    from .editions.store import read, recorded
    from .i18n.catalogues import RELEASES

    editions = sorted(recorded(root), key=lambda tag: (read(root, tag, verify=False).date, tag))
    if editions:
        return editions[-1]
    folder = root / RELEASES
    found = sorted(folder.glob("*.pot"), key=lambda p: (p.stat().st_mtime_ns, p.name)) if folder.is_dir() else []
    return found[-1].stem if found else None


def write_review(root: Path, tag: str, docs: list[str] | None = None, out: Path | None = None,
                 since: str | None = None) -> list[Path]:
    """Write the review packs of language ``tag`` (every document, or ``docs``) in every paged format; return the
    files written."""
    from .pipeline import output_folder, select
    from .pipeline.manifest import locked
    from .pipeline.render import epoch_of
    from .pipeline.workers import Runner
    from .writing import Change, write_files

    root = root.resolve()
    project = load_project(root)
    documents, languages = select(project, docs, [tag])
    language = languages[0]
    if language == SOURCE:
        raise UsageError("the review pack is for a translated language, not the source language")
    folder = output_folder(root, out)
    release = since if since is not None else latest_release(root)
    changed = _changed(root, release)
    paged = formats(lambda writer: writer.paged)
    jobs = [Job(f"review/{doc.id}.review", tag, fmt, _tree(project, doc, language, changed, release), project.theme,
                epoch=epoch_of(doc)) for doc in documents for fmt in paged]
    with Runner(None, len(jobs), paged) as runner:
        for job in jobs:
            runner.submit(job)
        results = {(done.name, done.fmt): data for done, data, _, _, error in runner.results() if _raise(error)}
    with locked(folder):  # every pack of the run in place, or none
        write_files([Change(folder / job.relative, results[(job.name, job.fmt)], job.relative) for job in jobs])
    return [folder / output_path(tag, job.name, job.fmt) for job in jobs]


def _raise(error) -> bool:
    if error is not None:
        raise error
    return True


def _changed(root: Path, release: str | None) -> set[tuple[str | None, str]]:
    """Return the (msgctxt, msgid) of the strings changed since ``release``."""
    from .i18n.catalogues import changes_since

    changed = set()
    for change in changes_since(root, release) if release is not None else ():
        if change.kind == "changed":
            changed.add((None if change.key.startswith("template:") else change.key, change.new))
    return changed


def _tree(project: Project, doc: Document, language: Language, changed: set, release: str | None):
    """Return the review pack of ``doc`` in ``language`` as a document tree."""
    from .pipeline.render import created_at

    rows = rows_of(project, doc, language, changed)
    counts = {state: sum(r.state == state for r in rows) for state in STATES}
    title = next((t.plain for t in texts(doc.model) if t.context.endswith(".title")), doc.id)
    html = render(project.theme, TEMPLATE, Translator(SOURCE, None), Page(language, created_at(doc)), rows=rows,
                  counts=counts, states=STATES, title=title, doc_id=doc.id, release=release,
                  catalogue=project.catalogues[language.tag].path)
    return parse(html, VOCABULARY, project.theme.shown(TEMPLATE))
