"""A Word file from a document tree: the reference document's styles and page layout, the body written by role
(:mod:`.body`), footnotes, the language on every style, the file's properties, the package made ours, the fonts
embedded, and the zip written once with the document's date."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import docx
from lxml import etree

from ...tree import Metadata, Tree
from .body import BodyWriter, Look
from .fonts import Face, embed_fonts
from .ooxml import W_NS, element, w
from .package import add_custom_properties, finish_package, parts_of, source_properties, zip_parts
from .styles import styles_of

CORE_PROPERTY_LIMIT = 255  # characters: what Word and python-docx allow in a core property
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


@dataclass(frozen=True)
class Resources:
    """What the writer takes from the theme besides the reference document: its look (style values, text
    widths, the symbol font's characters), the faces to embed, and the document's identity (for its Word id)."""

    look: Look
    faces: tuple[Face, ...] = ()
    identity: str = ""
    document: str = ""  # the document's id, in the file's custom properties


def write_docx(tree: Tree, reference: bytes, images: dict[str, bytes], resources: Resources) -> bytes:
    """Return the DOCX bytes of ``tree``, styled by ``reference``."""
    document = docx.Document(io.BytesIO(reference))
    body = document.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)
    styles = styles_of(reference)
    _set_language(document, tree.meta.word_language)
    walker = BodyWriter(document, styles, resources.look, images, tree.source,
                        (tree.meta.author, tree.meta.created.strftime("%Y-%m-%dT%H:%M:%SZ")))
    walker.write(tree.body)
    notes = walker.finish()
    if notes:
        _add_footnotes(document, notes, styles["Footnote Text"].id, styles["Footnote Reference"].id)
    _core_properties(document, tree.meta)
    finish_package(document, resources.identity or f"{tree.meta.title}\n{tree.meta.language}")
    properties = {f"reportgen.edition.{name}": value for name, value in tree.meta.edition}
    if walker.sources:
        properties.update(source_properties(resources.document, tree.meta.language, walker.sources))
    if properties:
        add_custom_properties(document, properties)
    parts = embed_fonts(parts_of(document), resources.faces)
    return zip_parts(parts, zip_time(tree.meta.created))


def zip_time(created: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """Return the zip entry time of a document's date (clamped to what a zip can carry)."""
    if not 1980 <= created.year <= 2107:
        return (1980, 1, 1, 0, 0, 0) if created.year < 1980 else (2107, 12, 31, 23, 59, 58)
    return (created.year, created.month, created.day, created.hour, created.minute, created.second)


def _fit(value: str) -> str:
    """Return ``value`` short enough for a core property (a long title is cut with an ellipsis in the file's
    properties only; the document shows it whole)."""
    return value if len(value) <= CORE_PROPERTY_LIMIT else value[:CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


def _core_properties(document, meta: Metadata) -> None:
    props = document.core_properties
    props.title, props.subject, props.author, props.keywords = (
        _fit(meta.title), _fit(meta.subject), _fit(meta.author), _fit(meta.keywords))
    props.language = meta.word_language
    props.last_modified_by = _fit(meta.author)
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = meta.created.replace(tzinfo=None)


def _set_language(document, language: str) -> None:
    """Put ``w:lang`` on the document defaults and every style, so Word proofs in the document's language."""
    styles = document.styles.element
    rpr_default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    targets = [rpr_default] if rpr_default is not None else []
    targets += [s.get_or_add_rPr() for s in styles.findall(w("style"))
                if s.get(w("type")) in ("paragraph", "character")]
    for rpr in targets:
        lang = rpr.find(w("lang"))
        if lang is None:
            lang = element("lang", rpr)
        lang.set(w("val"), language)


def _add_footnotes(document, notes: list[str], text_style: str, reference_style: str) -> None:
    """Give the document a footnotes part holding ``notes`` (a reference document's own is replaced)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == FOOTNOTES_RT:
            document.part.drop_rel(r_id)
    root = etree.Element(w("footnotes"), nsmap={"w": W_NS})
    for kind, number, mark in (("separator", "-1", "separator"), ("continuationSeparator", "0",
                                                                   "continuationSeparator")):
        note = element("footnote", root, type=kind, id=number)
        element(mark, element("r", element("p", note)))
    for number, text in enumerate(notes, 1):
        p = element("p", element("footnote", root, id=str(number)))
        element("pStyle", element("pPr", p), val=text_style)
        call = element("r", p)
        element("rStyle", element("rPr", call), val=reference_style)
        element("footnoteRef", call)
        t = element("t", element("r", p))
        t.text = f" {text}"
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob, document.part.package)
    document.part.relate_to(part, FOOTNOTES_RT)
