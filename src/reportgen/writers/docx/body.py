"""The Word writer's walk: the document tree's blocks and inlines, by role, into WordprocessingML.

Every paragraph takes the Word style of its role (:mod:`.styles`); what the print stylesheet gives a role beyond
its style (an indent, the cover's spacing) comes from the theme's style values, the same the PDF reads. Tables are
sized from their content (:mod:`.layout`); the contents are a TOC field already filled in; footnotes are real
Word footnotes; page breaks are a property of the next paragraph, so there is never a blank page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Callable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu

from ...diagnostics import Diagnostic, Location, ReportgenError
from ...i18n.locales import LANGUAGES
from ...tree import Node
from . import ooxml
from .layout import Cell, Measure, fit
from .ooxml import element, twips, w
from .styles import HEADING_STYLES, LIST_STYLES, ROLE_STYLES, Style

LINE_HEIGHT = 1.45  # exact line height, in ems of the paragraph's font, for lines that hold a symbol
KICKER_SPACING = 9  # twentieths of a point of letter spacing: 0.04 em at 11 pt, as the PDF's kicker


@dataclass(frozen=True)
class Look:
    """What the walk takes from the theme besides the styles: widths for sizing table columns, the characters the
    symbol font has, and the style values the print stylesheet also reads (in points, and colours)."""

    measure_at: Callable[[float], Measure]  # the table font's widths at a size
    table_size: float
    table_line: float
    symbol_font: str
    symbols: frozenset[int] | None
    header_fill: str
    cell_padding: tuple[float, float]  # above and below, left and right
    indent: float
    cover_top: float
    kicker_gap: float
    title_after_kicker: float
    figure_gap: float
    watermark_font: str = "Noto Sans"  # a draft edition's watermark: the heading font, in the marks' colour
    watermark_ink: str = "8A1C1C"


@dataclass
class Walk:
    """The walk's state: the paragraph to break the page before, footnotes met, bookmarks numbered."""

    break_before: bool = False
    kicker: bool = False
    footnotes: list[str] = field(default_factory=list)
    bookmarks: int = 100
    symbols: int = 0  # status symbols written
    revisions: int = 10000  # tracked changes written (their ids, apart from the bookmarks')
    tracking: str | None = None  # "ins" or "del" while the runs of a comparison's insertion or deletion are written
    paragraphs: int = 0  # paragraphs written (the date of a tracked change alternates with them)
    keys: list[tuple[str, str]] = field(default_factory=list)  # (bookmark, content key) of every keyed paragraph
    note: str | None = None  # a comparison's change note, waiting for the paragraph it is a comment on
    commented: tuple | None = None  # (paragraph, comment id) whose comment range is still open


class BodyWriter:
    """Writes a tree's body into a python-docx document's body, header and footer (raw elements, by role)."""

    def __init__(self, document, styles: dict[str, Style], look: Look, images: dict[str, bytes], source: str,
                 revision: tuple[str, str] = ("reportgen", "2000-01-01T00:00:00Z")):
        self.document = document
        self.styles = styles
        self.look = look
        self.images = images
        self.source = source
        self.walk_state = Walk()
        self._revision = revision  # the author and date of the tracked changes of a comparison
        self.body = document.element.body
        self.section = document.sections[0]
        self.section.different_first_page_header_footer = True  # the cover has no header
        self.sectpr = self.body[-1] if len(self.body) and self.body[-1].tag == w("sectPr") else None
        width = self.section.page_width - self.section.left_margin - self.section.right_margin
        self.text_width = Emu(width)

    # -- blocks ------------------------------------------------------------------------------------------------
    def write(self, body: Node) -> None:
        """Write every block of ``body``."""
        for node in body.nodes():
            self.block(node)
        self.close_comment()

    def append(self, block) -> None:
        """Add a block element to the body, before the section properties."""
        if self.sectpr is not None:
            self.sectpr.addprevious(block)
        else:
            self.body.append(block)

    @property
    def revision(self) -> tuple[str, str]:
        """Return the author and date of a tracked change in the current paragraph. Paragraphs next to each other
        alternate between two hours of the edition's date: LibreOffice joins an insertion that ends one paragraph
        with one that starts the next when their author is the same and their times are within a minute, and
        rejecting the joined change then removes the paragraph break between them."""
        author, date = self._revision
        return author, f"{date[:-9]}{self.walk_state.paragraphs % 2:02d}:00:00Z"

    def paragraph(self, style: str | None):
        """Return a new body paragraph in the Word style named ``style`` (the default style when None), starting a
        new page when one is due."""
        self.close_comment()
        p = ooxml.paragraph(self.styles[style].id if style else None)
        if self.walk_state.note is not None:
            self.open_comment(p, self.walk_state.note)
            self.walk_state.note = None
        self.walk_state.paragraphs += 1
        if self.walk_state.break_before:
            ooxml.set_paragraph(p, page_break=True)
            self.walk_state.break_before = False
        self.append(p)
        return p

    def block(self, node: Node) -> None:
        if node.role == "watermark":
            self.watermark(node)
            return
        if node.role == "change-note":  # a comparison's note (an item moved): a comment on the next paragraph
            self.walk_state.note = " ".join(node.text().split())
            return
        handler = BLOCKS.get(node.tag) or (BodyWriter.container if node.role in ("flow", "new-page", "cover")
                                           else None)
        if handler is None:
            raise self.unsupported(node)
        change = TRACKED.get(node.get(CHANGE) or "")
        before = len(self.body)
        handler(self, node)
        if change:  # a block inserted or deleted as a whole: its paragraph marks (and rows) too
            for added in self.body[before - (self.sectpr is not None):len(self.body) - (self.sectpr is not None)]:
                self.mark_block(added, change)

    def mark_block(self, block, change: str) -> None:
        """Mark every paragraph mark and row of a block written for an inserted or deleted node."""
        author, date = self.revision
        for p in block.iter(w("p")):
            if p.find(f"{w('pPr')}/{w('rPr')}/{w(change)}") is None:
                ooxml.mark_paragraph(p, change, self.next_revision(), author, date)
        for tr in block.iter(w("tr")):
            ooxml.mark_row(tr, change, self.next_revision(), author, date)

    def open_comment(self, p, text: str) -> None:
        """Start a Word comment saying ``text`` on paragraph ``p``, by the author and date of the tracked changes:
        a note the Review pane lists beside the changes, which neither "Accept all" nor "Reject all" turns into
        text."""
        import datetime as dt

        author, date = self.revision
        comment = self.document.comments.add_comment(text=text, author=author, initials="")
        comment._comment_elm.date = dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
        p.append(ooxml.element("commentRangeStart", id=str(comment.comment_id)))
        self.walk_state.commented = (p, comment.comment_id)

    def close_comment(self) -> None:
        """End the open comment's range at the end of its paragraph, with the reference Word shows it at."""
        if self.walk_state.commented is None:
            return
        p, number = self.walk_state.commented
        self.walk_state.commented = None
        p.append(ooxml.element("commentRangeEnd", id=str(number)))
        ooxml.element("commentReference", ooxml.element("r", p), id=str(number))

    def mark_source(self, p, node: Node) -> None:
        """Give a paragraph that prints content a hidden point bookmark (``_RG00001``) at its start, and record its
        content key: what a returned file's comments and changes are tied to (LibreOffice and Word keep such
        bookmarks through a save; the key table is in the file's custom properties)."""
        if not node.key:
            return
        name = f"_RG{len(self.walk_state.keys) + 1:05d}"
        self.walk_state.keys.append((name, node.key))
        self.walk_state.bookmarks += 1
        ppr = ooxml.paragraph_properties(p)
        start = ooxml.element("bookmarkStart", id=str(self.walk_state.bookmarks), name=name)
        end = ooxml.element("bookmarkEnd", id=str(self.walk_state.bookmarks))
        ppr.addnext(start)
        start.addnext(end)

    def next_revision(self) -> int:
        self.walk_state.revisions += 1
        return self.walk_state.revisions

    def add(self, target, r) -> None:
        """Append run ``r`` to ``target``, inside a tracked insertion or deletion while one is being written."""
        change = self.walk_state.tracking
        if change is None:
            target.append(r)
            return
        if change == "del":
            ooxml.delete_text(r)
        author, date = self.revision
        target.append(ooxml.tracked(change, self.next_revision(), author, date))
        target[-1].append(r)

    def container(self, node: Node) -> None:
        if node.role == "new-page":
            self.walk_state.break_before = True
        if node.role == "cover":
            self.walk_state.kicker = node.find("cover-kicker") is not None
        for child in node.nodes():
            self.block(child)
        if node.role == "cover":
            self.walk_state.break_before = True

    def running(self, node: Node) -> None:
        if node.role not in ("running-header", "running-footer"):
            raise self.unsupported(node)
        part = self.section.header if node.role == "running-header" else self.section.footer
        part.is_linked_to_previous = False
        p = part.paragraphs[0]._p
        style = "Header" if node.role == "running-header" else "Footer"
        p.style = self.styles[style].id  # python-docx's header template names its style already
        self.inline(p, node)

    def watermark(self, node: Node) -> None:
        """Put a draft edition's watermark in every page's header (the cover's own too), behind the text."""
        text = " ".join(node.text().split())
        for number, header in enumerate((self.section.header, self.section.first_page_header), start=1):
            header.is_linked_to_previous = False
            header.paragraphs[0]._p.append(ooxml.watermark(text, self.look.watermark_font, self.look.watermark_ink,
                                                           number))

    def heading(self, node: Node) -> None:
        p = self.paragraph(HEADING_STYLES[node.level])
        self.mark_source(p, node)
        if node.get("id"):
            self.walk_state.bookmarks += 1
            ooxml.bookmark(p, self.walk_state.bookmarks, anchor(node.get("id")))
        self.inline(p, node)

    def para(self, node: Node) -> None:
        style = ROLE_STYLES[node.role]
        p = self.paragraph(style)
        self.mark_source(p, node)
        look = self.look
        if node.role == "indented":
            ooxml.set_paragraph(p, indent_twips=twips(look.indent))
        elif node.role == "cover-kicker":
            ooxml.set_paragraph(p, before_twips=twips(look.cover_top), after_twips=twips(look.kicker_gap))
        elif node.role == "cover-title" and self.walk_state.kicker:
            ooxml.set_paragraph(p, before_twips=twips(look.title_after_kicker))  # close under its kicker
        if node.get("id"):  # a target of an internal link (a comparison's list of changes)
            self.walk_state.bookmarks += 1
            ooxml.bookmark(p, self.walk_state.bookmarks, anchor(node.get("id")))
        kicker = node.role == "cover-kicker"  # upper case and letter-spaced, as in the PDF
        symbols = self.symbols_written
        self.inline(p, node, caps=kicker, spacing=KICKER_SPACING if kicker else None)
        self.even_lines(p, style, symbols)

    def listing(self, node: Node) -> None:
        style = LIST_STYLES[node.role]
        for item in node.nodes():
            p = self.paragraph(style)
            self.mark_source(p, item)
            if node.role == "legend":  # the status symbol is the item's marker: no bullet before it
                ooxml.set_paragraph(p, after_twips=20)
            symbols = self.symbols_written
            self.inline(p, item)
            self.even_lines(p, style, symbols)

    def contents(self, node: Node) -> None:
        """Write a TOC field whose cached result already lists the headings (no update prompt needed)."""
        if node.role != "contents":
            raise self.unsupported(node)
        entries = []
        for child in node.nodes():
            if child.role == "contents-title":
                self.inline(self.paragraph("TOC Heading"), child)
            elif child.tag == "ol":
                entries.extend(_toc_entries(child))
            else:
                raise self.unsupported(child, ' inside the contents')
        levels = max((level for level, _, _, _ in entries), default=1)
        # A comparison's contents are a plain list with its changes tracked: LibreOffice cannot accept or reject
        # a change inside a TOC field's result (it splits the entry's runs into paragraphs of their own).
        field = not any(n.role in ("inserted", "deleted") or n.get(CHANGE) for n in node.walk())
        for index, (level, target, link, change) in enumerate(entries):
            p = self.paragraph(f"toc {level}")
            if index == 0 and field:
                ooxml.field_begin(p, f' TOC \\o "1-{levels}" \\h \\z \\u ')
            self.walk_state.tracking = change  # a comparison's entry inserted or deleted as a whole
            self.inline(ooxml.hyperlink(p, anchor=anchor(target)), link)
            self.walk_state.tracking = None
            if change:
                ooxml.mark_paragraph(p, change, self.next_revision(), *self.revision)
        if entries:  # the field's end; in a comparison, an empty paragraph that its last entries' marks join
            end = self.paragraph(f"toc {levels}")
            if field:
                ooxml.field_char(end, "end")
        self.walk_state.break_before = True

    def figure(self, node: Node) -> None:
        for child in node.nodes():
            if child.role == "image":
                self.picture(child)
            elif child.role == "caption":
                self.inline(self.paragraph("Caption"), child)
            else:
                raise self.unsupported(child, " inside <figure>")

    def picture(self, node: Node) -> None:
        source = node.get("data-docx-src") or node.get("src", "")
        if source not in self.images:
            raise self.unsupported(node, f" (no PNG rendition of '{source[:60]}' for Word)")
        p = self.paragraph(None)  # with its caption; single-spaced: an exact height would crop the picture
        ooxml.set_paragraph(p, keep_next=True, before_twips=twips(self.look.figure_gap), line_twips=240,
                            line_rule="auto")
        inline = self.document.part.new_pic_inline(io.BytesIO(self.images[source]), self.text_width, None)
        alt = node.get("alt") or ""
        for doc_pr in inline.iter(f"{{{_WP}}}docPr"):
            doc_pr.set("descr", alt)
            doc_pr.set("title", alt[:80])
        element("drawing", element("r", p)).append(inline)

    # -- tables ------------------------------------------------------------------------------------------------
    def table(self, node: Node) -> None:
        rows = []  # (header?, [cells])
        for part in node.nodes():
            if part.role == "table-caption":
                self.inline(self.paragraph("Caption"), part)
            elif part.tag == "tr":
                rows.append((False, part))
            else:
                rows += [(part.tag == "thead", row) for row in part.nodes()]
        if not rows:
            return
        look = self.look
        size, widths = fit([[Cell(c.text(), c.header, c.role == "symbol") for c in row.nodes()] for _, row in rows],
                           self.text_width.pt, look.table_size, look.measure_at)
        smaller = size if size < look.table_size else None  # a table too wide at its style's size
        widths = [twips(width) for width in widths]
        vertical, horizontal = look.cell_padding
        tbl = ooxml.table(self.styles["Table Grid"].id, widths, (twips(vertical), twips(horizontal)))
        self.append(tbl)
        for header, row in rows:
            tr = ooxml.table_row(tbl, header)
            for index, cell in enumerate(row.nodes()):
                self.cell(tr, cell, widths[index], header, smaller)
            change = TRACKED.get(row.get(CHANGE) or "")
            if change and node.get(CHANGE) is None:  # a row inserted or deleted in a table that stays
                self.mark_block(tr, change)

    def cell(self, tr, node: Node, width: int, header: bool, size: float | None) -> None:
        fill = _hex(node.style("background-color")) or (self.look.header_fill if header else None)
        tc = ooxml.table_cell(tr, width, fill, centred=node.role == "symbol")
        p = ooxml.paragraph(self.styles["Table Text"].id, tc)
        self.walk_state.paragraphs += 1
        self.mark_source(p, node)
        if node.role in ("symbol", "number"):
            ooxml.set_paragraph(p, jc="center" if node.role == "symbol" else "right")
        if size is not None:
            ooxml.set_paragraph(p, line_twips=twips(round(size * self.look.table_line, 1)))
        symbols = self.symbols_written
        self.inline(p, node, bold=node.header, colour=_hex(node.style("color")),
                    **({"size": size} if size is not None else {}))
        if size is None:
            self.even_lines(p, "Table Text", symbols)

    # -- inline ------------------------------------------------------------------------------------------------
    def inline(self, target, node: Node, bold: bool = False, italic: bool = False, lang: str | None = None,
               **run) -> None:
        """Append the runs of ``node``'s content to ``target`` (a paragraph, or a hyperlink in one)."""
        lang = _word_language(node.get("lang")) or lang
        for child in node.children:
            if isinstance(child, str):
                self.text(target, child, bold, italic, lang, **run)
                continue
            role = child.role
            if role == "strong":
                self.inline(target, child, True, italic, lang, **run)
            elif role == "emphasis":
                self.inline(target, child, bold, True, lang, **run)
            elif role == "text":
                self.inline(target, child, bold, italic, lang, **run)
            elif role == "link":
                self.link(target, child, bold, italic, lang, **run)
            elif role in ("page-number", "page-count"):
                ooxml.simple_field(target, "PAGE" if role == "page-number" else "NUMPAGES", "1")
            elif role == "footnote":
                self.walk_state.footnotes.append(" ".join(child.text().split()))
                self.add(target, ooxml.footnote_reference(self.styles["Footnote Reference"].id,
                                                          len(self.walk_state.footnotes)))
            elif role == "symbol":
                self.symbol(target, child.text(), **run)
            elif role == "break":
                self.add(target, ooxml.line_break())
            elif role in ("inserted", "deleted"):
                outer, self.walk_state.tracking = self.walk_state.tracking, "ins" if role == "inserted" else "del"
                self.inline(target, child, bold, italic, lang, **run)
                self.walk_state.tracking = outer
            else:
                raise self.unsupported(child)

    def text(self, target, text: str, bold: bool, italic: bool, lang: str | None, **run) -> None:
        if "\n" in text:
            text = text.replace("\n", " ")
        if not text or (not text.strip() and not len(target) - (target.tag == w("p"))):
            return  # the template's indentation before a paragraph's first run
        self.add(target, ooxml.run(text, bold=bold, italic=italic, lang=lang, **run))

    def symbol(self, target, text: str, colour: str | None = None, **run) -> None:
        """Write a status symbol in the symbol font, where that font has it (its colour is the cell's ink)."""
        symbols = self.look.symbols
        font = self.look.symbol_font if symbols is None or all(ord(c) in symbols for c in text) else None
        r = ooxml.run(text, font=font, colour=colour, **run)
        self.walk_state.symbols += 1
        self.add(target, r)

    def link(self, target, node: Node, bold: bool, italic: bool, lang: str | None, **run) -> None:
        href = node.get("href") or ""
        if href.startswith("#"):
            self.inline(ooxml.hyperlink(target, anchor=anchor(href[1:])), node, bold, italic, lang, **run)
            return
        relationship = self.document.part.relate_to(href, RT.HYPERLINK, is_external=True)
        self.inline(ooxml.hyperlink(target, relationship=relationship), node, bold, italic, lang, underline=True,
                    **run)

    @property
    def symbols_written(self) -> int:
        """Return how many status symbols the walk has written so far."""
        return self.walk_state.symbols

    def even_lines(self, p, style: str, symbols_before: int) -> None:
        """Give a paragraph that holds a status symbol (one written since ``symbols_before``) an exact line
        height, so the symbol font's taller lines do not make its spacing uneven (unless its style's own height is
        exact already)."""
        if self.styles[style].exact or self.walk_state.symbols == symbols_before:
            return
        ooxml.set_paragraph(p, line_twips=twips(round(self.styles[style].size * LINE_HEIGHT, 1)))

    def unsupported(self, node: Node, what: str = "") -> ReportgenError:
        return ReportgenError(Diagnostic(Location(self.source),
                                         f"<{node.tag}> ({node.role}) is not supported by the DOCX writer{what}"))

    def finish(self) -> list[str]:
        """Return the footnotes met, in order."""
        return self.walk_state.footnotes

    @property
    def sources(self) -> list[tuple[str, str]]:
        """Return the bookmark and content key of every paragraph that prints content, in document order."""
        return self.walk_state.keys


_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CHANGE = "data-change"  # a comparison's mark on a block (reportgen.editions.compare)
TRACKED = {"inserted": "ins", "deleted": "del"}
BLOCKS = {**{f"h{level}": BodyWriter.heading for level in range(1, 5)}, "p": BodyWriter.para,
          "ul": BodyWriter.listing, "ol": BodyWriter.listing, "table": BodyWriter.table,
          "figure": BodyWriter.figure, "nav": BodyWriter.contents, "header": BodyWriter.running,
          "footer": BodyWriter.running}


def anchor(name: str) -> str:
    """Return the Word bookmark name for an HTML id (bookmark names take letters, digits and underscores)."""
    return "_Toc_" + re.sub(r"\W", "_", name)


def _hex(colour: str | None) -> str | None:
    """Return a ``#rrggbb`` colour as Word writes it (``RRGGBB``), or None."""
    return colour[1:].upper() if colour and re.fullmatch(r"#[0-9a-fA-F]{6}", colour) else None


def _word_language(tag: str | None) -> str | None:
    """Return Word's language id for a BCP 47 tag used on a passage (``en`` -> ``en-GB``)."""
    if not tag:
        return None
    return LANGUAGES[tag].word if tag in LANGUAGES else tag


def _toc_entries(ol: Node, level: int = 1) -> list[tuple[int, str, Node, str | None]]:
    """Return the contents' entries: level, target, link, and ``ins``/``del`` for a comparison's entry inserted or
    deleted as a whole."""
    entries = []
    for item in ol.nodes():
        change = TRACKED.get(item.get(CHANGE) or "")
        for child in item.nodes():
            if child.role in ("inserted", "deleted"):  # the entry's words, wrapped by the comparison
                child = next(child.nodes(), child)
            if child.role == "link":
                entries.append((level, (child.get("href") or "#")[1:], child, change))
            elif child.tag == "ol":
                entries.extend(_toc_entries(child, level + 1))
    return entries
