"""The HTML edition's finish: once the build's outputs are in place, each edition gets the parts that depend on
the other files of the build folder — the language switcher (its other editions), the download links (the same
document in the other formats, with their sizes), the ``alternate`` links of its head — and the words around them
(skip link, notes), from the theme's ``edition.html.j2`` in the page's language; and the front page lists every
edition. An edition is rewritten only when what it links to changed."""

from __future__ import annotations

import json
from dataclasses import dataclass

from lxml import html as lxml_html
from markupsafe import Markup

from ...diagnostics import Diagnostic, Location, ReportgenError
from ...html.render import UNDATED, Page, render
from ...i18n.catalogue import Miss, Translator
from ...i18n.locales import SOURCE, Language
from ...pipeline.manifest import sha256
from .. import REGISTRY as WRITERS, formats, output_path
from .page import fill

EDITION_TEMPLATE = "edition.html.j2"
INDEX_TEMPLATE = "index.html.j2"
INDEX = "index.html"


@dataclass(frozen=True)
class Download:
    """A file of the same document in another format, as the edition links to it."""

    format: str
    href: str
    mime: str
    size: int


def render_edition(project, doc: str, language: Language, languages: list[Language], downloads: list[Download]
                   ) -> tuple[str, tuple[Miss, ...]]:
    """Return the edition fragment of ``doc`` in ``language`` and the strings that fell back to English."""
    translator = Translator(language, project.catalogues.get(language.tag))
    others = [lang for lang in languages if lang.tag != language.tag]
    html = render(project.theme, EDITION_TEMPLATE, translator, Page(language, UNDATED), doc=doc,
                  languages=others, downloads=downloads)
    return html, tuple(translator.sorted_misses())


def downloadable() -> list[str]:
    """Return the formats an edition offers as downloads: every registered format not read in a browser."""
    return formats(lambda writer: not writer.web)


def parts(fragment: str, template: str) -> dict[str, str]:
    """Return the HTML the page's markers take from a rendered edition fragment: the head's ``alternate`` links,
    the skip link and banner at the top, the notes' heading and the words of the way back."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    found = {"alternates": "", "top": "", "notes": "", "back": ""}
    for link in root.xpath(".//nav[contains(@class, 'languages')]//a[@hreflang and @href]"):
        alternate = lxml_html.Element("link", rel="alternate", hreflang=link.get("hreflang"), href=link.get("href"))
        found["alternates"] += _html(alternate)
    for element in root.xpath(".//a[contains(@class, 'skip')] | .//header[contains(@class, 'edition')]"):
        element.tail = None
        found["top"] += _html(element)
    heading = root.xpath(".//section[contains(@class, 'notes')]/*")
    found["notes"] = "".join(_html(e) for e in heading)
    back = root.xpath(".//span[contains(@class, 'back')]")
    found["back"] = Markup.escape(" ".join(back[0].text_content().split())) if back else "↩"
    if not root.xpath(".//a[contains(@class, 'skip')]"):
        raise ReportgenError(Diagnostic(Location(template), "the edition template has no skip link "
                                                            "(<a class=\"skip\" href=\"#main\">)"))
    return found


def _html(element) -> str:
    element.tail = None
    return lxml_html.tostring(element, encoding="unicode", method="html")


def finish(finishing) -> list[tuple[str, bytes, dict]]:
    """Return every edition of the build folder linked to what exists beside it once this build's files are
    placed — those just produced, and those already there whose links changed — and the front page when what it
    lists changed. An edition whose links did not change is left as it is."""
    project = finishing.project
    languages = {lang.tag: lang for lang in project.languages}
    editions = _editions(finishing, languages)
    files = []
    for relative, entry in sorted(editions.items()):
        doc, language = entry["document"], languages[entry["language"]]
        present = [lang for tag, lang in languages.items() if output_path(tag, doc, finishing.fmt) in editions]
        downloads = _downloads(finishing, doc, language.tag)
        fingerprint = sha256(json.dumps([[lang.tag for lang in present], [d.__dict__ for d in downloads]]).encode())
        if relative not in finishing.produced and entry.get("links") == fingerprint:
            continue
        fragment, _ = render_edition(project, doc, language, present, downloads)
        page = finishing.produced[relative][0] if relative in finishing.produced else \
            (finishing.out / relative).read_bytes()
        data = fill(page.decode("utf-8"), parts(fragment, project.theme.shown(EDITION_TEMPLATE))).encode("utf-8")
        files.append((relative, data, {**entry, "sha256": sha256(data), "links": fingerprint}))
    return files + _index(finishing, editions)


def _editions(finishing, languages: dict) -> dict[str, dict]:
    """Return the entries of the project's editions there will be: produced now, or recorded and on disk."""
    found = {relative: entry for relative, entry in finishing.recorded.items()
             if entry.get("format") == finishing.fmt and (finishing.out / relative).is_file()}
    found.update((relative, entry) for relative, (_, entry) in finishing.produced.items()
                 if entry.get("format") == finishing.fmt)
    return {relative: entry for relative, entry in found.items()
            if entry.get("language") in languages and entry.get("document") in finishing.project.documents}


def _downloads(finishing, doc: str, tag: str) -> list[Download]:
    """Return the download links of ``doc`` in ``tag``: its files of the other formats there will be, with sizes."""
    found = []
    for fmt in downloadable():
        relative = output_path(tag, doc, fmt)
        path = finishing.out / relative
        if relative in finishing.produced:
            size = len(finishing.produced[relative][0])
        elif path.is_file():
            size = path.stat().st_size
        else:
            continue
        found.append(Download(fmt, path.name, WRITERS[fmt].mime, size))
    return found


def _index(finishing, editions: dict) -> list[tuple[str, bytes, dict]]:
    """Return the front page when what it lists changed (or it is missing): every edition, document by document
    in the project's order, in the source language (each title in its own)."""
    project = finishing.project
    order = [lang.tag for lang in project.languages]
    listed = []
    for doc_id in project.documents:
        found = [(entry["language"], relative, entry.get("title", doc_id), entry.get("subject", ""))
                 for relative, entry in sorted(editions.items()) if entry["document"] == doc_id]
        listed.append((doc_id, sorted(found, key=lambda e: order.index(e[0]))))
    fingerprint = sha256(json.dumps(listed).encode())
    if finishing.recorded.get(INDEX, {}).get("links") == fingerprint and (finishing.out / INDEX).is_file():
        return []
    data = render_index(project, listed, _stylesheet(editions))
    return [(INDEX, data, {"sha256": sha256(data), "format": "index", "links": fingerprint})]


def _stylesheet(editions: dict) -> str:
    """Return the path below the build folder of the stylesheet the editions share."""
    required = next((entry.get("requires", []) for entry in editions.values()), [])
    return next((path for path in required if path.endswith(".css")), "")


def render_index(project, listed: list, stylesheet: str) -> bytes:
    """Return the build's front page listing ``listed``: ``[(document, [(language, path, title, subject)])]``."""
    by_tag = {lang.tag: lang for lang in project.languages}
    documents = []
    for doc_id, found in listed:
        if not found:
            continue
        editions = [{"href": path, "language": by_tag[tag], "title": Markup.escape(title),
                     "subject": Markup.escape(subject)} for tag, path, title, subject in found]
        source = next((e for e in editions if e["language"].tag == SOURCE.tag), editions[0])
        documents.append({"id": doc_id, "title": source["title"], "subject": source["subject"],
                          "editions": editions})
    language = by_tag.get(SOURCE.tag, SOURCE)
    translator = Translator(language, project.catalogues.get(language.tag))
    html = render(project.theme, INDEX_TEMPLATE, translator, Page(language, UNDATED), documents=documents,
                  stylesheet=stylesheet)
    return html.encode("utf-8")
