"""The DOCX writer: python-docx, styled by the theme's ``reference.docx``. ``write`` and ``preflight`` are the
functions the writer registry names."""

from __future__ import annotations

from ...diagnostics import Diagnostic, Location
from .reference import load_reference
from .writer import write_docx


def preflight(theme) -> list[Diagnostic]:
    """Refuse a reference document that is unsafe or lacks a style, before anything is rendered."""
    load_reference(theme)
    return []


def write(job, images: dict[str, bytes]) -> tuple[bytes, list[Diagnostic]]:
    """Return the DOCX bytes of ``job``, its tables sized with the theme's own font."""
    return write_docx(job.html, load_reference(job.theme), job.template, images, table_measure(job.theme),
                      job.relative), []


def table_measure(theme):
    """Return a function giving the width in points of a text in the table font (Noto Sans, 8 pt)."""
    from ...charts import _font

    def measure(text: str, bold: bool) -> float:
        return _font(theme, TABLE_SIZE * 8, bold).getlength(text) / 8  # measured at 8x for precision

    return measure


TABLE_SIZE = 8  # points: the Table Text style of the reference document


__all__ = ["Location", "load_reference", "preflight", "write", "write_docx"]
