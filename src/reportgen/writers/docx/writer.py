"""The DOCX writer: reads the same semantic HTML as the PDF writer and writes Word paragraphs, runs and fields.

Styles, fonts and page layout come from the theme's ``reference.docx``; :data:`ROLE_STYLES` is the one table that
maps the roles of HTML classes (:mod:`reportgen.html.subset`) to Word style names. An element or class outside the documented subset is an error.
python-docx has no API for fields, footnotes, ``w:lang``, ``w:tblHeader`` or alt text, so those use the oxml
layer here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import docx
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from lxml import etree, html as lxml_html

from ...diagnostics import Diagnostic, Location, ReportgenError
from ...html import subset
from ...html.subset import CELL_ROLES, CONTAINERS, LIST_ROLES, SECTION_ROLES, SPAN_ROLES, paragraph_role
from .layout import Cell, Measure, approximate, column_widths
from .package import finish_package
from .zipfix import normalise_zip

SYMBOL_FONT = "Noto Sans Symbols2"
SYMBOL_MARK = "{urn:reportgen}symbol"  # marks a symbol run while the writer works; removed before saving

# Role of an HTML paragraph (see reportgen.html.subset) -> Word paragraph style of the reference document.
ROLE_STYLES = {
    "body": "Normal", "lead": "Normal", "indented": "Normal", "cover-title": "Title", "cover-kicker": "Subtitle",
    "cover-subtitle": "Subtitle", "cover-symbol": "Cover Symbol", "mark": "Draft Mark", "toc-title": "TOC Heading",
    "caption": "Caption",
}
HEADING_STYLES = {f"h{n}": f"Heading {n}" for n in range(1, 5)}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
REQUIRED_STYLES = sorted(set(ROLE_STYLES.values()) | set(HEADING_STYLES.values()) | set(LIST_STYLES.values())
                         | {"Header", "Footer", "toc 1", "toc 2", "toc 3", "Footnote Text", "Footnote Reference",
                            "Table Grid", "Table Text"})


@dataclass(frozen=True)
class Metadata:
    """Core properties read from the HTML head."""

    title: str
    subject: str
    author: str
    keywords: str
    language: str
    created: dt.datetime


RPR_AFTER_SPACING = tuple(f"w:{name}" for name in (
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl",
    "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"))  # what follows w:spacing in a w:rPr (schema order)
HEADER_FILL = "E8EEF4"  # table header rows, as in the print stylesheet
INDENT = Mm(4)  # indented paragraphs (a partner's account), as in the print stylesheet
COVER_TOP = Pt(140)  # the cover's first line below the symbol: the kicker, or else the title
LINE_HEIGHT = 1.45  # exact line height, in ems of the paragraph's font, for lines that hold a symbol


@dataclass(frozen=True)
class Resources:
    """What the writer takes from the theme besides the reference document: text widths for sizing table
    columns, the characters the symbol font has, and the document's identity (for its Word id)."""

    measure: Measure | None = None
    symbols: frozenset[int] | None = None
    identity: str | None = None


@dataclass
class _State:
    template: str
    word_lang: str
    measure: Measure
    symbols: frozenset[int] | None
    bookmark_id: int = 100
    footnotes: list = field(default_factory=list)
    break_before: bool = False  # the next paragraph starts a new page
    kicker: bool = False  # the cover has a kicker line above its title


def write_docx(html: str, reference: bytes, template: str, assets: dict[str, bytes] | None = None,
               resources: Resources = Resources()) -> bytes:
    """Return the DOCX bytes for the semantic ``html`` rendered from ``template``, styled by ``reference``."""
    problems = subset.problems(html)
    if problems:
        raise ReportgenError([Diagnostic(Location(template), problem) for problem in problems])
    root = lxml_html.document_fromstring(html)
    meta = _metadata(root)
    document = docx.Document(io.BytesIO(reference))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    state = _State(template, meta.language, resources.measure or approximate(8), resources.symbols)
    _set_language(document, meta.language)
    writer = _Writer(document, state, assets or {})
    for element in root.find("body"):
        writer.block(element)
    writer.finish()
    for run in document.element.body.iter(qn("w:r")):
        run.attrib.pop(SYMBOL_MARK, None)
    _core_properties(document, meta)
    finish_package(document, resources.identity or f"{meta.title}\n{meta.language}")
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue(), _zip_time(meta.created))


def _zip_time(created: dt.datetime) -> tuple[int, int, int, int, int, int]:
    if not 1980 <= created.year <= 2107:  # what a zip entry can carry
        return (1980, 1, 1, 0, 0, 0) if created.year < 1980 else (2107, 12, 31, 23, 59, 58)
    return (created.year, created.month, created.day, created.hour, created.minute, created.second)


def _metadata(root) -> Metadata:
    head = root.find("head")
    metas = {m.get("name"): m.get("content", "") for m in head.iter("meta") if m.get("name")}
    created = dt.datetime.strptime(metas.get("dcterms.created", "2000-01-01T00:00:00Z"), "%Y-%m-%dT%H:%M:%SZ")
    return Metadata(
        title=(head.findtext("title") or "").strip(), subject=metas.get("description", ""),
        author=metas.get("author", ""), keywords=metas.get("keywords", ""),
        language=metas.get("reportgen.word-language") or root.get("lang", "en"),
        created=created.replace(tzinfo=dt.timezone.utc))


CORE_PROPERTY_LIMIT = 255  # characters: what Word and python-docx allow in a core property


def _fit_property(value: str) -> str:
    """Return ``value`` short enough for a core property (a long title is cut with an ellipsis in the file's
    properties only; the document shows it whole)."""
    return value if len(value) <= CORE_PROPERTY_LIMIT else value[:CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


def _core_properties(document, meta: Metadata) -> None:
    props = document.core_properties
    props.title, props.subject, props.author, props.keywords = (
        _fit_property(meta.title), _fit_property(meta.subject), _fit_property(meta.author),
        _fit_property(meta.keywords))
    props.language = meta.language
    props.last_modified_by = _fit_property(meta.author)
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = meta.created.replace(tzinfo=None)


def _set_language(document, language: str) -> None:
    """Put ``w:lang`` on the document defaults and every style, so Word proofs in the document's language."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    targets = [rpr_default] if rpr_default is not None else []
    targets += [s.get_or_add_rPr() for s in styles.findall(qn("w:style"))
                if s.get(qn("w:type")) in ("paragraph", "character")]
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), language)


class _Writer:
    """Walks the HTML body and appends Word content to ``document``."""

    def __init__(self, document, state: _State, assets: dict[str, bytes]):
        self.document = document
        self.state = state
        self.assets = assets
        self.section = document.sections[0]
        self.section.different_first_page_header_footer = True
        # python-docx looks a style up by scanning every style on each use; resolve the names once.
        self.style_ids = {style.name: style.style_id for style in document.styles}

    def paragraph(self, style: str | None = None):
        """Return a new body paragraph in the Word style named ``style``, starting a new page when one is due."""
        paragraph = self.document.add_paragraph()
        if style is not None:
            self.set_style(paragraph, style)
        if self.state.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.state.break_before = False
        return paragraph

    def set_style(self, paragraph, style: str) -> None:
        """Give ``paragraph`` the Word style named ``style``."""
        paragraph._p.style = self.style_ids[style]

    # -- errors -----------------------------------------------------------------------------------------------
    def unsupported(self, element, what: str = "") -> ReportgenError:
        tag = element.tag if isinstance(element.tag, str) else "comment"
        cls = f' class="{element.get("class")}"' if element.get("class") else ""
        return ReportgenError(Diagnostic(Location(self.state.template),
                                         f"<{tag}{cls}> is not supported by the DOCX writer{what}"))

    # -- blocks -----------------------------------------------------------------------------------------------
    def block(self, element) -> None:
        tag, cls = element.tag, element.get("class")
        if not isinstance(tag, str):
            return  # comments
        if tag == "header" and cls == "running":
            self.running(self.section.header, element)
        elif tag == "footer" and cls == "running":
            self.running(self.section.footer, element)
        elif tag == "section" and SECTION_ROLES.get(cls) == "cover":
            self.state.kicker = any(c.get("class") and paragraph_role(c.get("class")) == "cover-kicker"
                                    for c in element if c.tag == "p")
            for child in element:
                self.block(child)
            self.page_break()
        elif tag == "nav" and cls == "toc":
            self.toc(element)
        elif tag in CONTAINERS:
            if tag == "section" and SECTION_ROLES.get(cls) == "new-page":
                self.page_break()
            for child in element:
                self.block(child)
        elif tag in HEADING_STYLES:
            paragraph = self.paragraph(HEADING_STYLES[tag])
            if element.get("id"):
                self.bookmark(paragraph, element.get("id"))
            self.inline(paragraph, element)
        elif tag == "p":
            role = paragraph_role(cls)
            paragraph = self.paragraph(ROLE_STYLES[role])
            self.dress(paragraph, role)
            self.inline(paragraph, element)
            if role == "cover-kicker":  # upper case and letter-spaced, as in the PDF
                for run in paragraph.runs:
                    run.font.all_caps = True
                    spacing = OxmlElement("w:spacing")
                    spacing.set(qn("w:val"), "9")  # twentieths of a point: 0.45 pt, 0.04 em at 11 pt
                    run._r.get_or_add_rPr().insert_element_before(spacing, *RPR_AFTER_SPACING)
            self.even_lines(paragraph, ROLE_STYLES[role])
        elif tag in LIST_STYLES:
            legend = tag == "ul" and LIST_ROLES.get(cls) == "legend"
            style = "Normal" if legend else LIST_STYLES[tag]
            for item in element:
                if item.tag != "li":
                    raise self.unsupported(item, f" inside <{tag}>")
                paragraph = self.paragraph(style)
                if legend:  # the status symbol is the item's marker: no bullet before it
                    paragraph.paragraph_format.space_after = Pt(1)
                self.inline(paragraph, item)
                self.even_lines(paragraph, style)
        elif tag == "table":
            self.table(element)
        elif tag == "figure":
            self.figure(element)
        else:
            raise self.unsupported(element)

    def page_break(self) -> None:
        """Start the next paragraph on a new page (a property of that paragraph: never an empty page)."""
        self.state.break_before = True

    def dress(self, paragraph, role: str) -> None:
        """Give ``paragraph`` what its role has in the print stylesheet beyond its Word style."""
        fmt = paragraph.paragraph_format
        if role == "indented":
            fmt.left_indent = INDENT
        elif role == "cover-kicker":
            fmt.space_before, fmt.space_after = COVER_TOP, Pt(6)
        elif role == "cover-title" and self.state.kicker:
            fmt.space_before = Pt(6)  # close under its kicker, as in the PDF

    def even_lines(self, paragraph, style: str) -> None:
        """Give a paragraph that holds a status symbol an exact line height, so the symbol font's taller lines do
        not make its spacing uneven."""
        if not any(r._r.get(SYMBOL_MARK) for r in paragraph.runs):
            return
        if self.document.styles[style].paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY:
            return  # the style's own exact height holds already
        size = self.document.styles[style].font.size or self.document.styles["Normal"].font.size or Pt(10.5)
        paragraph.paragraph_format.line_spacing = Pt(round(size.pt * LINE_HEIGHT, 1))
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY

    def running(self, part, element) -> None:
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        self.set_style(paragraph, "Header" if part is self.section.header else "Footer")
        self.inline(paragraph, element)

    def bookmark(self, paragraph, name: str) -> None:
        self.state.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.state.bookmark_id))
        start.set(qn("w:name"), _anchor(name))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.state.bookmark_id))
        paragraph._p.append(start)
        paragraph._p.append(end)

    def toc(self, element) -> None:
        """Write a TOC field whose cached result already lists the headings (no update prompt needed)."""
        entries = []
        for child in element:
            if child.tag == "p" and child.get("class") == "toc-title":
                self.inline(self.paragraph("TOC Heading"), child)
            elif child.tag == "ol":
                entries.extend(_toc_entries(child))
            else:
                raise self.unsupported(child, " inside <nav class=\"toc\">")
        levels = max((level for level, _, _ in entries), default=1)
        for index, (level, anchor, link) in enumerate(entries):
            paragraph = self.paragraph(f"toc {level}")
            if index == 0:
                _field_begin(paragraph, f' TOC \\o "1-{levels}" \\h \\z \\u ')
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("w:anchor"), _anchor(anchor))
            hyperlink.set(qn("w:history"), "1")
            paragraph._p.append(hyperlink)
            self.inline(paragraph, link, container=hyperlink)
        closing = self.paragraph(f"toc {levels}") if entries else None
        if closing is not None:
            _field_char(closing._p, "end")
        self.page_break()

    def table(self, element) -> None:
        rows = []  # (is_header, [cells])
        for part in element:
            if part.tag in ("thead", "tbody", "tfoot"):
                rows += [(part.tag == "thead", row) for row in part if row.tag == "tr"]
            elif part.tag == "tr":
                rows.append((False, part))
            elif part.tag == "caption":
                self.inline(self.paragraph("Caption"), part)
            else:
                raise self.unsupported(part, " inside <table>")
        if not rows:
            return
        grid = [[c for c in row if c.tag in ("th", "td")] for _, row in rows]
        width = max(len(cells) for cells in grid)
        section = self.section
        available = Emu(section.page_width - section.left_margin - section.right_margin).pt
        widths = [Pt(w) for w in column_widths(
            [[Cell(c.text_content(), c.tag == "th",
                   CELL_ROLES.get(c.get("class")) == "symbol") for c in cells] for cells in grid],
            available, self.state.measure)]
        table = self.document.add_table(rows=0, cols=width)
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        table._tbl.tblPr.insert_element_before(_cell_margins(), "w:tblLook", "w:tblCaption", "w:tblDescription")
        for column, column_width in zip(table.columns, widths):
            column.width = column_width
        for (is_header, _), cell_elements in zip(rows, grid):
            cells = table.add_row().cells  # add_row is linear; table.cell(r, c) rebuilds the grid each call
            if is_header:
                tr_pr = table.rows[-1]._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                tr_pr.append(header)
            for index, cell_element in enumerate(cell_elements):
                cell = cells[index]
                cell.width = widths[index]
                paragraph = cell.paragraphs[0]
                self.set_style(paragraph, "Table Text")
                self.inline(paragraph, cell_element, bold=cell_element.tag == "th")
                style = cell_element.get("style", "")
                fill = _style_colour(style, "background-color") or (HEADER_FILL if is_header else None)
                if fill:
                    cell._tc.get_or_add_tcPr().append(_shading(fill.lstrip("#").upper()))
                ink = _style_colour(style, "color")
                if ink:
                    for run in paragraph.runs:
                        run.font.color.rgb = RGBColor.from_string(ink.lstrip("#").upper())
                role = CELL_ROLES.get(cell_element.get("class"), "text")
                if role == "symbol":
                    paragraph.alignment = 1  # centre
                    cell.vertical_alignment = 1
                elif role == "number":
                    paragraph.alignment = 2  # right
                self.even_lines(paragraph, "Table Text")

    def figure(self, element) -> None:
        for child in element:
            if child.tag == "img":
                self.picture(child)
            elif child.tag == "figcaption":
                self.inline(self.paragraph("Caption"), child)
            else:
                raise self.unsupported(child, " inside <figure>")

    def picture(self, element) -> None:
        source = element.get("data-docx-src") or element.get("src", "")
        if source not in self.assets:
            raise self.unsupported(element, f" (no PNG rendition of '{source[:60]}' for Word)")
        paragraph = self.paragraph()
        paragraph.paragraph_format.space_before = Pt(8)  # apart from a table just above, as in the PDF
        paragraph.paragraph_format.keep_with_next = True  # with its caption
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact height would crop it
        run = paragraph.add_run()
        section = self.section
        width = section.page_width - section.left_margin - section.right_margin
        run.add_picture(io.BytesIO(self.assets[source]), width=width)
        alt = element.get("alt", "")
        for doc_pr in run._r.iter(qn("wp:docPr")):
            doc_pr.set("descr", alt)
            doc_pr.set("title", alt[:80])

    # -- inline -----------------------------------------------------------------------------------------------
    def inline(self, paragraph, element, container=None, bold=False, italic=False, lang=None) -> None:
        target = container if container is not None else paragraph._p
        lang = _word_language(element.get("lang")) or lang
        self._text(paragraph, target, element.text, bold, italic, lang)
        for child in element:
            tag, cls = child.tag, child.get("class")
            if not isinstance(tag, str):
                pass
            elif tag in ("strong", "b"):
                self.inline(paragraph, child, container, True, italic, lang)
            elif tag in ("em", "i"):
                self.inline(paragraph, child, container, bold, True, lang)
            elif tag == "a":
                self.link(paragraph, child, target, bold, italic, lang)
            elif tag == "span" and SPAN_ROLES.get(cls) in ("page-number", "page-count"):
                _simple_field(target, "PAGE" if SPAN_ROLES[cls] == "page-number" else "NUMPAGES", "1")
            elif tag == "span" and SPAN_ROLES.get(cls) == "footnote":
                self.footnote(target, child)
            elif tag == "span" and SPAN_ROLES.get(cls) == "symbol":
                self._symbol(paragraph, target, child.text or "")
            elif tag == "span" and SPAN_ROLES.get(cls) == "text":
                self.inline(paragraph, child, container, bold, italic, lang)
            elif tag == "br":
                run = OxmlElement("w:r")
                run.append(OxmlElement("w:br"))
                target.append(run)
            else:
                raise self.unsupported(child)
            self._text(paragraph, target, child.tail, bold, italic, lang)

    def _text(self, paragraph, target, text: str | None, bold: bool, italic: bool, lang: str | None) -> None:
        if not text:
            return
        text = " ".join(text.split("\n")) if "\n" in text else text
        if not text.strip() and not len(target):
            return
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if lang:
            language = OxmlElement("w:lang")
            language.set(qn("w:val"), lang)
            run._r.get_or_add_rPr().append(language)
        if target is not paragraph._p:
            target.append(run._r)  # move into the hyperlink

    def _symbol(self, paragraph, target, text: str) -> None:
        """Write a status symbol in the symbol font, where that font has it (its colour is the cell's ink)."""
        run = paragraph.add_run(text)
        symbols = self.state.symbols
        if symbols is None or all(ord(c) in symbols for c in text):
            run.font.name = SYMBOL_FONT
            run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hAnsi"), SYMBOL_FONT)
        run._r.set(SYMBOL_MARK, "1")
        if target is not paragraph._p:
            target.append(run._r)

    def link(self, paragraph, element, target, bold: bool, italic: bool, lang: str | None) -> None:
        href = element.get("href", "")
        hyperlink = OxmlElement("w:hyperlink")
        if href.startswith("#"):
            hyperlink.set(qn("w:anchor"), _anchor(href[1:]))
        else:
            r_id = self.document.part.relate_to(href, RT.HYPERLINK, is_external=True)
            hyperlink.set(qn("r:id"), r_id)
        target.append(hyperlink)
        self.inline(paragraph, element, hyperlink, bold, italic, lang)
        if not href.startswith("#"):
            for run in hyperlink.iter(qn("w:r")):
                run.get_or_add_rPr().get_or_add_u().set(qn("w:val"), "single")

    def footnote(self, target, element) -> None:
        text = "".join(element.itertext()).strip()
        self.state.footnotes.append(text)
        note_id = len(self.state.footnotes)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), _style_id(self.document, "Footnote Reference"))
        rpr.append(style)
        run.append(rpr)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(note_id))
        run.append(reference)
        target.append(run)

    def finish(self) -> None:
        """Write collected footnotes into a footnotes part."""
        if self.state.footnotes:
            _add_footnotes(self.document, self.state.footnotes)


def _cell_margins():
    """Return a ``w:tblCellMar`` with the print stylesheet's cell padding (1.2 mm above and below, 1.5 mm aside)."""
    margins = OxmlElement("w:tblCellMar")
    for side, millimetres in (("top", 1.2), ("left", 1.5), ("bottom", 1.2), ("right", 1.5)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(millimetres * 1440 / 25.4)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    return margins


def _anchor(name: str) -> str:
    """Return the Word bookmark name for an HTML id (bookmark names take letters, digits and underscores)."""
    return "_Toc_" + re.sub(r"\W", "_", name)


def _shading(fill: str):
    """Return a ``w:shd`` element filling a cell or run with the hex colour ``fill``."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    return shading


def _style_colour(style: str, name: str) -> str | None:
    """Return the ``#rrggbb`` of property ``name`` (``color``, ``background-color``) in an inline style."""
    match = re.search(rf"(?:^|;)\s*{name}:\s*(#[0-9a-fA-F]{{6}})", style)
    return match.group(1) if match else None


def _word_language(tag: str | None) -> str | None:
    """Return Word's language id for a BCP 47 tag used on a passage (``en`` -> ``en-GB``)."""
    if not tag:
        return None
    from ...i18n.locales import LANGUAGES

    return LANGUAGES[tag].word if tag in LANGUAGES else tag


def _toc_entries(ol, level: int = 1) -> list[tuple[int, str, object]]:
    entries = []
    for li in ol:
        for child in li:
            if child.tag == "a":
                entries.append((level, child.get("href", "#")[1:], child))
            elif child.tag == "ol":
                entries.extend(_toc_entries(child, level + 1))
    return entries


def _field_char(parent, kind: str) -> None:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    parent.append(run)


def _field_begin(paragraph, instruction: str) -> None:
    _field_char(paragraph._p, "begin")
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run.append(instr)
    paragraph._p.append(run)
    _field_char(paragraph._p, "separate")


def _simple_field(parent, instruction: str, cached: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = cached
    run.append(text)
    fld.append(run)
    parent.append(fld)


def _style_id(document, name: str) -> str:
    return document.styles[name].style_id


FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _add_footnotes(document, notes: list[str]) -> None:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for r_id, rel in list(document.part.rels.items()):  # a reference document's own footnotes part goes
        if rel.reltype == FOOTNOTES_RT:
            document.part.drop_rel(r_id)

    text_style = _style_id(document, "Footnote Text")
    ref_style = _style_id(document, "Footnote Reference")
    xml = [f'<w:footnotes {nsdecls("w")}>',
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
           '</w:p></w:footnote>']
    for number, note in enumerate(notes, 1):
        escaped = etree.Element("x")
        escaped.text = note
        body = etree.tostring(escaped, encoding="unicode")[3:-4]
        xml.append(f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
                   f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:footnoteRef/></w:r>'
                   f'<w:r><w:t xml:space="preserve"> {body}</w:t></w:r></w:p></w:footnote>')
    xml.append("</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, "".join(xml).encode("utf-8"), document.part.package)
    document.part.relate_to(part, FOOTNOTES_RT)


def word_text(path_or_bytes) -> list[tuple[str, str]]:
    """Return ``(style name, text)`` for every body paragraph of a DOCX (for checking output)."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    document = docx.Document(source)
    return [(p.style.name, p.text) for p in document.paragraphs]

