"""Locations, diagnostics and the error that carries them: one shape for every problem reportgen reports."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Iterator


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file: path relative to the project, 1-based line (0 when unknown)."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        # A file name may hold a newline or another control (a returned file is named by whoever sent it): shown
        # escaped, so that one diagnostic stays one line and says what the name really is.
        file = printable(self.file)
        return f"{file}:{self.line}" if self.line else file


def printable(text: str) -> str:
    """Return ``text`` with its controls and other unprintable characters escaped (``\\n``, ``\\u200b``): a name a
    message quotes stays on one line and shows what it really is."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Diagnostic:
    """One problem, printed GNU-style: ``file:line: severity: key: message``."""

    location: Location | None
    message: str
    key: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        key = f"{self.key}: " if self.key else ""
        return f"{where}{self.severity}: {key}{self.message}"


@dataclass
class Diagnostics:
    """A collector: stages add problems and go on, so that one run reports all of them."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location | None, message: str, key: str = "") -> None:
        """Record an error."""
        self.items.append(Diagnostic(location, message, key, "error"))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        """Record every diagnostic of ``other``."""
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        """Return the diagnostics that are errors."""
        return [d for d in self.items if d.severity == "error"]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_errors(self) -> None:
        """Raise :class:`ReportgenError` carrying every diagnostic when any of them is an error."""
        if self.errors:
            raise ReportgenError(self.items)


class ReportgenError(Exception):
    """A user mistake (content, translation or configuration): reported as diagnostics, exit status 1."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class UsageError(Exception):
    """A command-line mistake: exit status 2."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def odd_characters(value: str, ascii_only: bool = False) -> str:
    """Return `` (it has U+200B ZERO WIDTH SPACE)`` for the characters of ``value`` no one sees or tells apart —
    format characters, controls, spaces other than the plain one — and, where only ASCII is expected (an id), any
    other character (a Cyrillic "А" typed for a Latin "A"); an empty string when there is none."""
    import unicodedata

    found = []
    for char in dict.fromkeys(value):
        category = unicodedata.category(char)
        invisible = category in ("Cf", "Cc", "Zl", "Zp") or (category == "Zs" and char != " ")
        if invisible or (ascii_only and not char.isascii()):
            found.append(f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED')}")
    return f" (it has {', '.join(found[:3])})" if found else ""
