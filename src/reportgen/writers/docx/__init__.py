"""The Word writer: the document tree into WordprocessingML (:mod:`.body`, :mod:`.ooxml`), styled by the theme's
``reference.docx`` (:mod:`.reference`, :mod:`.styles`), with the theme's fonts embedded (:mod:`.fonts`) and the
package written once, reproducibly (:mod:`.package`). ``write`` and ``preflight`` are the functions the writer
registry names."""

from __future__ import annotations

from functools import lru_cache, partial

from ...diagnostics import Diagnostic
from ...theme.style import style_of
from .body import Look
from .document import Resources, write_docx
from .fonts import Face, faces_of, word_family
from .reference import load_reference


def preflight(theme) -> list[Diagnostic]:
    """Refuse a reference document that is unsafe or lacks a style, before anything is rendered."""
    load_reference(theme)
    return []


def write(job, images: dict[str, bytes]) -> tuple[bytes, list[Diagnostic]]:
    """Return the DOCX bytes of ``job``: tables sized with the theme's font, its fonts embedded."""
    resources = Resources(look_of(job.theme), theme_faces(job.theme), job.relative, job.name)
    return write_docx(job.tree, load_reference(job.theme), images, resources), []


def look_of(theme) -> Look:
    """Return what the Word file takes from the theme besides its styles: the style values the print stylesheet
    reads too (``tokens.css``), the table font's widths, the symbol font and the characters it has."""
    style = style_of(theme)
    symbol_font = word_family(theme, style.font("font-symbols"))
    symbols = next((_cmap(f.data) for f in theme_faces(theme) if f.family == symbol_font), None)
    return Look(partial(table_measure, theme), style.length("size-table"), style.number("line-table"), symbol_font,
                symbols,
                header_fill=style.colour("header-fill")[1:].upper(),
                cell_padding=(style.length("cell-padding-block"), style.length("cell-padding-inline")),
                indent=style.length("indent"), cover_top=style.length("cover-top"), kicker_gap=6,
                title_after_kicker=6, figure_gap=8,
                watermark_font=word_family(theme, style.font("font-heading")),
                watermark_ink=style.colour("mark")[1:].upper())


@lru_cache(maxsize=4)
def theme_faces(theme) -> tuple[Face, ...]:
    """Return the theme's font faces (every ``fonts/*.ttf``), read once per worker."""
    names = [n for n in theme.names() if n.startswith("fonts/") and n.lower().endswith((".ttf", ".otf"))]
    return faces_of([theme.read(name) for name in names])


@lru_cache(maxsize=8)
def _cmap(data: bytes) -> frozenset[int]:
    import io

    from fontTools.ttLib import TTFont

    return frozenset(TTFont(io.BytesIO(data), lazy=True).getBestCmap() or {})


@lru_cache(maxsize=4)
def table_measure(theme, size: float):
    """Return a function giving the width in points of a text in the table font (Noto Sans at ``size``, the
    tables' size of the style values)."""
    from ...charts import _font

    @lru_cache(maxsize=4096)  # a table's words repeat from row to row
    def measure(text: str, bold: bool) -> float:
        return _font(theme, round(size * 8), bold).getlength(text) / 8  # measured at 8x for precision

    return measure


__all__ = ["load_reference", "preflight", "write", "write_docx"]
