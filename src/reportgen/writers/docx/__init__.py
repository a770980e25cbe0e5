"""The DOCX writer: python-docx, styled by the theme's ``reference.docx``, with the theme's fonts embedded.
``write`` and ``preflight`` are the functions the writer registry names."""

from __future__ import annotations

from functools import lru_cache

from ...diagnostics import Diagnostic
from .fonts import Face, embed_fonts, faces_of
from .reference import TABLE_TEXT_SIZE, load_reference
from .writer import SYMBOL_FONT, Resources, write_docx


def preflight(theme) -> list[Diagnostic]:
    """Refuse a reference document that is unsafe or lacks a style, before anything is rendered."""
    load_reference(theme)
    return []


def write(job, images: dict[str, bytes]) -> tuple[bytes, list[Diagnostic]]:
    """Return the DOCX bytes of ``job``: tables sized with the theme's font, its fonts embedded."""
    faces = theme_faces(job.theme)
    symbols = next((_cmap(f.data) for f in faces if f.family == SYMBOL_FONT), None)
    resources = Resources(table_measure(job.theme), symbols, job.relative)
    data = write_docx(job.html, load_reference(job.theme), job.template, images, resources)
    return embed_fonts(data, faces), []


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


def table_measure(theme):
    """Return a function giving the width in points of a text in the table font (Noto Sans at the size of the
    reference document's Table Text style)."""
    from ...charts import _font

    def measure(text: str, bold: bool) -> float:
        return _font(theme, TABLE_TEXT_SIZE * 8, bold).getlength(text) / 8  # measured at 8x for precision

    return measure


__all__ = ["load_reference", "preflight", "write", "write_docx"]
