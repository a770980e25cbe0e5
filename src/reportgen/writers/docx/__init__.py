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
    """Return the DOCX bytes of ``job``."""
    return write_docx(job.html, load_reference(job.theme), job.template, images), []


__all__ = ["Location", "load_reference", "preflight", "write", "write_docx"]
