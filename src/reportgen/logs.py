"""The one logging policy: third-party log records become reportgen diagnostics at one boundary.

WeasyPrint (and fontTools, which it subsets fonts with) report bad CSS, missing resources and PDF/A problems only
through their loggers. While a writer runs, :func:`collect` turns each record into a :class:`Diagnostic` — a
warning stays a warning (a strict build fails on it), an error is an error — located at the template. Records still
propagate, so a test sees every one of them; a handler on the library's logger keeps Python from printing them a
second time on the console.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from .diagnostics import Diagnostic, Location

LOGGERS = ("weasyprint", "fontTools")


class _Collector(logging.Handler):
    def __init__(self, location: Location):
        super().__init__(logging.WARNING)
        self.location = location
        self.diagnostics: list[Diagnostic] = []

    def emit(self, record: logging.LogRecord) -> None:
        severity = "error" if record.levelno >= logging.ERROR else "warning"
        self.diagnostics.append(Diagnostic(self.location, _message(record), severity=severity))


def _message(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except (TypeError, ValueError):
        message = str(record.msg)
    return " ".join(message.split())


@contextmanager
def collect(location: Location) -> Iterator[list[Diagnostic]]:
    """Collect, while the block runs, the warnings and errors of the third-party loggers as diagnostics."""
    collector = _Collector(location)
    loggers = [logging.getLogger(name) for name in LOGGERS]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        yield collector.diagnostics
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
