"""The reference document: the Word styles, fonts and page layout of the DOCX output — loaded and checked
(:func:`load_reference`), or made afresh (:func:`make_reference`).

A secretariat restyles the Word output by editing ``reference.docx`` in Word (Home > Styles > Modify); this module
makes the starting point (``reportgen reference-docx``) and refuses a reference document that is unsafe (a zip
bomb, a link to an external template or image) or lacks a style the writer needs (:data:`REQUIRED_STYLES`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import docx
from lxml import etree
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ...diagnostics import Diagnostic, Location, ReportgenError
from .package import drop_styles_with_effects, parts_of, zip_parts
from .styles import REQUIRED_STYLES

REFERENCE = "reference.docx"
MAX_REFERENCE_BYTES = 5 * 1024 * 1024
MAX_REFERENCE_UNPACKED = 50 * 1024 * 1024
MAX_PARTS = 500

def load_reference(theme) -> bytes:
    """Return the reference document of ``theme``: the project's own ``reference.docx`` (restyled in Word) after
    checking it is a safe, complete Word document; else one made from the theme's style values, so that a project
    that changes them in ``tokens.css`` changes its Word files too (the default theme's ``reference.docx`` is
    exactly what the default values make: a test keeps them one)."""
    if theme.find(REFERENCE) is not None and theme.find(REFERENCE).parent == theme.project_folder:
        return _checked(theme.read(REFERENCE, MAX_REFERENCE_BYTES), theme.shown(REFERENCE))
    return _made(reference_look(theme))


@lru_cache(maxsize=4)
def _made(look) -> bytes:
    return make_reference(look)


@lru_cache(maxsize=4)
def _checked(data: bytes, shown: str) -> bytes:
    where = Location(shown)

    def refuse(message: str) -> ReportgenError:
        return ReportgenError(Diagnostic(where, message))

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_REFERENCE_UNPACKED or len(infos) > MAX_PARTS:
                raise refuse(f"reference document unpacks to more than {MAX_REFERENCE_UNPACKED // 1024 // 1024} MiB "
                             f"or {MAX_PARTS} parts (zip bomb?)")
            names = {i.filename for i in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise refuse("reference document is not a Word document (no word/document.xml)")
            for name in sorted(names):
                if name.endswith(".rels"):
                    external = _external_targets(archive.read(name))
                    if external is None:
                        raise refuse(f"reference document has a damaged relationship part ({name})")
                    if external:
                        raise refuse(f"reference document points to an external resource ({name}: "
                                     f"{external[0][:80]}); remote templates and images are not allowed")
    except zipfile.BadZipFile:
        raise refuse("reference document is not a Word file (not a zip archive)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken packages
        raise refuse(f"reference document cannot be opened: {exc}") from None
    names = {s.name for s in document.styles}
    missing = [s for s in REQUIRED_STYLES if s not in names]
    if missing:
        raise refuse(f"reference document lacks the style(s) {', '.join(repr(m) for m in missing)}; "
                     "restore them or regenerate it with 'reportgen reference-docx'")
    return data


def _external_targets(xml: bytes) -> list[str] | None:
    """Return the targets of the relationships marked external in a ``.rels`` part (None when it is not XML)."""
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    return [rel.get("Target", "") for rel in root.iter()
            if isinstance(rel.tag, str) and (rel.get("TargetMode") or "").strip().lower() == "external"]


@dataclass(frozen=True)
class ReferenceLook:
    """The style values the reference document's styles are made from (the theme's ``tokens.css``, with the
    fonts as Word names them): points for sizes and spacing, ``RRGGBB`` for colours."""

    body_font: str
    heading_font: str
    body_size: float
    body_line: float
    table_size: float
    table_line: float
    heading_sizes: tuple[float, float, float, float]
    heading_before: tuple[float, float, float, float]
    heading_after: float
    title_size: float
    subtitle_size: float
    cover_top: float
    accent: str
    muted: str
    faint: str
    mark: str


def reference_look(theme) -> ReferenceLook:
    """Return the reference document's look from ``theme``'s style values."""
    from ...theme.style import style_of
    from .fonts import word_family

    style = style_of(theme)
    colour = lambda name: style.colour(name)[1:].upper()  # noqa: E731
    return ReferenceLook(
        word_family(theme, style.font("font-body")), word_family(theme, style.font("font-heading")),
        style.length("size-body"), style.number("line-body"), style.length("size-table"), style.number("line-table"),
        tuple(style.length(f"size-h{n}") for n in range(1, 5)), tuple(style.length(f"space-h{n}") for n in range(1, 5)),
        style.length("space-after-heading"), style.length("size-title"), style.length("size-subtitle"),
        style.length("cover-top"), colour("accent"), colour("muted"), colour("faint"), colour("mark"))


def _font(style, name: str, size: float | None = None, bold: bool | None = None, color=None) -> None:
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color


def _exact(style, points: float) -> None:
    """Give a paragraph style an exact line height of ``points``."""
    from docx.enum.text import WD_LINE_SPACING

    style.paragraph_format.line_spacing = Pt(round(points, 1))
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _drop(element, *paths: str) -> None:
    """Remove the children at ``paths`` ("w:pPr/w:numPr") of a style element."""
    for path in paths:
        for found in element.findall("/".join(qn(part) for part in path.split("/"))):
            found.getparent().remove(found)


def _border(style, side: str, eighths: int, space: int, colour: str) -> None:
    """Give a paragraph style a single rule of ``eighths`` eighths of a point on ``side``, in ``colour``."""
    from docx.oxml import OxmlElement

    ppr = style.element.get_or_add_pPr()
    _drop(style.element, "w:pPr/w:pBdr")
    borders = OxmlElement("w:pBdr")
    rule = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", str(space)),
                       ("w:color", colour)):
        rule.set(qn(key), value)
    borders.append(rule)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
                              "w:sectPr", "w:pPrChange")


def _paragraph_style(document, name: str, base: str = "Normal"):
    styles = document.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def make_reference(look: ReferenceLook) -> bytes:
    """Return the bytes of a fresh reference document made from ``look``: the page of the print stylesheet, and
    every style the writer needs with the print stylesheet's fonts, sizes, spacing and colours."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin = section.right_margin = Mm(22)
    section.header_distance = section.footer_distance = Mm(10)
    for part in (_text_styles, _heading_styles, _cover_styles, _contents_styles, _part_styles):
        part(document, look)
    props = document.core_properties
    props.author = props.last_modified_by = "reportgen"
    props.title = "reportgen reference document"
    props.comments = "Word styles for reportgen's DOCX output. Edit the styles, keep their names."
    drop_styles_with_effects(document)
    return zip_parts(parts_of(document))


def _text_styles(document, look: ReferenceLook) -> None:
    """Normal and the lists, with exact line heights as the print stylesheet's ``line-height``, so that the Word
    file paginates like the PDF (and a symbol's taller font does not spread its line)."""
    normal = document.styles["Normal"]
    _font(normal, look.body_font, look.body_size)
    normal.paragraph_format.space_after = Pt(round(look.body_size * 0.7 * 2) / 2)  # the PDF's 0.7em
    _exact(normal, look.body_size * look.body_line)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name in ("List Bullet", "List Number"):
        document.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _heading_styles(document, look: ReferenceLook) -> None:
    """Heading 1-4 as the PDF's headings. Heading 1 does not break the page by itself: the writer starts a page
    where the print stylesheet does (each commitment), so Word and PDF paginate alike; a rule above it."""
    for level, size in enumerate(look.heading_sizes, 1):
        heading = document.styles[f"Heading {level}"]
        _font(heading, look.heading_font, size, True, RGBColor.from_string(look.accent))
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(round(look.heading_before[level - 1] * 2) / 2)
        heading.paragraph_format.space_after = Pt(round(look.heading_after))
        _exact(heading, size * 1.3)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.styles["Heading 1"].paragraph_format.page_break_before = False
    _border(document.styles["Heading 1"], "top", 12, 2, look.accent)


def _cover_styles(document, look: ReferenceLook) -> None:
    """Title (a rule above it, as in the PDF), Subtitle, Cover Symbol and Draft Mark."""
    styles = document.styles
    title = styles["Title"]
    _font(title, look.heading_font, look.title_size, True, RGBColor.from_string(look.accent))
    title.paragraph_format.space_before = Pt(round(look.cover_top))
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _border(title, "top", 16, 8, look.accent)
    _drop(title.element, "w:rPr/w:spacing")  # no letter spacing
    subtitle = styles["Subtitle"]
    _drop(subtitle.element, "w:pPr/w:numPr", "w:rPr/w:spacing")  # python-docx's template numbers and spaces it
    _font(subtitle, look.heading_font, look.subtitle_size, False, RGBColor.from_string(look.muted))
    subtitle.font.italic = False
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    symbol = _paragraph_style(document, "Cover Symbol")
    _font(symbol, look.heading_font, 9)
    symbol.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    draft = _paragraph_style(document, "Draft Mark")
    _font(draft, look.heading_font, 11, True, RGBColor.from_string(look.mark))
    draft.paragraph_format.space_before = Pt(12)
    draft.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _contents_styles(document, look: ReferenceLook) -> None:
    """TOC Heading and toc 1-3."""
    toc_heading = document.styles["TOC Heading"]
    _font(toc_heading, look.heading_font, 16, True, RGBColor.from_string(look.accent))
    toc_heading.paragraph_format.page_break_before = False
    for level in (1, 2, 3):
        toc = _paragraph_style(document, f"TOC {level}")
        toc.element.find(qn("w:name")).set(qn("w:val"), f"toc {level}")
        toc.paragraph_format.left_indent = Mm(8 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        toc.font.bold = level == 1


def _part_styles(document, look: ReferenceLook) -> None:
    """Header, Footer, Caption, the footnotes' styles and Table Text."""
    styles = document.styles
    for name in ("Header", "Footer"):
        _font(styles[name], look.heading_font, 8, False, RGBColor.from_string(look.faint))
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = styles["Caption"]
    _font(caption, look.heading_font, 9, False, RGBColor.from_string(look.muted))
    caption.font.italic = False
    footnote = _paragraph_style(document, "Footnote Text")
    _font(footnote, look.body_font, 8)
    footnote.paragraph_format.space_after = Pt(0)
    styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER).font.superscript = True
    table_text = _paragraph_style(document, "Table Text")
    _font(table_text, look.heading_font, look.table_size)
    table_text.paragraph_format.space_after = Pt(0)
    _exact(table_text, look.table_size * look.table_line)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def write_reference(path: Path, theme) -> None:
    """Write a fresh reference document, made from ``theme``'s style values, to ``path``."""
    path.write_bytes(make_reference(reference_look(theme)))
