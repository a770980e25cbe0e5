"""What an edition that links (the HTML edition) links to: its other languages and the other formats of the same
document, as they stand in the build folder once everything else is written; the edition fragment rendered from
them; and the build's front page, listing every document in every language."""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from ..html.render import UNDATED, Page, render
from ..i18n.catalogue import Miss, Translator
from ..i18n.locales import SOURCE, Language
from ..writers import REGISTRY as WRITERS
from .manifest import sha256

EDITION_TEMPLATE = "edition.html.j2"
INDEX_TEMPLATE = "index.html.j2"
INDEX = "index.html"
MIME_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class Download:
    """A file of the same document in another format, as the edition links to it."""

    format: str
    href: str
    mime: str
    size: int


def stylesheet(assets: dict[str, tuple[str, bytes]]) -> str:
    """Return the path below the build folder of the shared stylesheet among ``assets``."""
    return next(path for name, (path, _) in assets.items() if name.endswith(".css"))


def linking(fmt: str) -> bool:
    """Return whether outputs of ``fmt`` link to the others (and so are written after them)."""
    return WRITERS[fmt].links


def downloadable() -> list[str]:
    """Return the formats an edition offers as downloads: every registered format that does not link itself."""
    return [name for name, writer in WRITERS.items() if not writer.links]


def links(doc: str, tag: str, fmt: str, languages: list[str], siblings: dict[str, str]) -> str:
    """Return a fingerprint of what the edition of ``doc`` in ``tag`` links to: the languages of its other editions
    and each sibling file's sha256 (``siblings``: path below the build folder -> sha256)."""
    others = [t for t in languages if t != tag]
    return sha256(json.dumps([fmt, others, sorted(siblings.items())]).encode())


def edition_languages(project_languages: list[Language], doc: str, fmt: str, built: set[tuple[str, str]],
                      out: Path) -> list[Language]:
    """Return the languages in which ``doc`` has an edition of ``fmt`` after this build: built by it, or on disk."""
    suffix = WRITERS[fmt].suffix
    return [lang for lang in project_languages
            if (doc, lang.tag) in built or (out / lang.tag / f"{doc}{suffix}").is_file()]


def render_edition(project, doc, language: Language, languages: list[Language], downloads: list[Download]
                   ) -> tuple[str, tuple[Miss, ...]]:
    """Return the edition fragment of ``doc`` in ``language`` and the strings that fell back to English."""
    translator = Translator(language, project.catalogues.get(language.tag))
    others = [lang for lang in languages if lang.tag != language.tag]
    html = render(project.theme, EDITION_TEMPLATE, translator, Page(language, UNDATED), doc=doc.id,
                  languages=others, downloads=downloads)
    return html, tuple(translator.sorted_misses())


def download(relative: str, data: bytes) -> Download:
    """Return the download link to the sibling file ``relative`` holding ``data``."""
    suffix = Path(relative).suffix
    fmt = next(name for name, w in WRITERS.items() if w.suffix == suffix)
    mime = MIME_TYPES.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream"
    return Download(fmt, Path(relative).name, mime, len(data))


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_SUBJECT = re.compile(r'<meta name="description" content="(.*?)">', re.S)


def title_of(html: str) -> str:
    """Return the text of a rendered page's ``<title>`` (as escaped HTML)."""
    found = _TITLE.search(html)
    return found.group(1).strip() if found else ""


def subject_of(html: str) -> str:
    """Return a rendered page's description (its subject line: what tells two rounds' reports apart)."""
    found = _SUBJECT.search(html)
    return found.group(1).strip() if found else ""


def render_index(project, entries: dict, stylesheet: str, out: Path) -> tuple[bytes, tuple[Miss, ...]]:
    """Return the build's front page, listing every HTML edition the manifest ``entries`` record and ``out``
    holds, document by document in the project's order, in the source language (each title in its own)."""
    from markupsafe import Markup

    by_tag = {lang.tag: lang for lang in project.languages}
    documents = []
    for doc_id in project.documents:
        editions = []
        for tag, lang in by_tag.items():
            entry = next((e for rel, e in entries.items() if e.get("document") == doc_id and e.get("language") == tag
                          and e.get("format") in WRITERS and WRITERS[e["format"]].links and (out / rel).is_file()),
                         None)
            if entry is not None:
                href = f"{tag}/{doc_id}{WRITERS[entry['format']].suffix}"
                editions.append({"href": href, "language": lang, "title": Markup(entry.get("title", doc_id)),
                                 "subject": Markup(entry.get("subject", ""))})
        if editions:
            source = next((e for e in editions if e["language"].tag == SOURCE.tag), editions[0])
            documents.append({"id": doc_id, "title": source["title"], "subject": source["subject"],
                              "editions": editions})
    language = by_tag.get(SOURCE.tag, SOURCE)
    translator = Translator(language, project.catalogues.get(language.tag))
    html = render(project.theme, INDEX_TEMPLATE, translator, Page(language, UNDATED), documents=documents,
                  stylesheet=stylesheet)
    return html.encode("utf-8"), tuple(translator.sorted_misses())
