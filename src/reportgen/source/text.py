"""The pieces every document model is made of: translatable :class:`Text` that knows its context and location,
:class:`Month`, and walks over a model's texts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from markupsafe import Markup

from . import markup
from ..diagnostics import Location

T = TypeVar("T")


@dataclass(frozen=True)
class Text:
    """A translatable content string: its text with inline markup, its msgctxt and where it was written."""

    value: str
    context: str
    loc: Location
    lang: str | None = None  # set when the text is in another language than the document (a fallback)
    note: str = ""  # for translators: what the field is
    markup: bool = True  # whether the field takes inline markup

    @property
    def html(self) -> Markup:
        """Return the text as inline HTML (markup rendered, everything else escaped), marked with its language."""
        html = markup.to_html(self.value)
        return Markup('<span lang="{}">{}</span>').format(self.lang, html) if self.lang else html

    @property
    def plain(self) -> str:
        """Return the text without markup (for metadata, bookmarks, alt text and chart labels)."""
        return markup.plain(self.value)

    @property
    def inline(self) -> Markup:
        """Return the text without markup as HTML for running text, marked with its language when a fallback."""
        text = Markup.escape(self.plain)
        return Markup('<span lang="{}">{}</span>').format(self.lang, text) if self.lang else text

    def __str__(self) -> str:
        return self.plain


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, for dates the source gives only to the month ("accepted in June 2023")."""

    year: int
    month: int

    def as_date(self) -> dt.date:
        """Return the first day of the month (for metadata that needs a full date)."""
        return dt.date(self.year, self.month, 1)


def map_texts(obj: T, fn: Callable[[Text], Text]) -> T:
    """Return a copy of the model ``obj`` with every :class:`Text` replaced by ``fn(text)``."""
    if isinstance(obj, Text):
        return fn(obj)  # type: ignore[return-value]
    if isinstance(obj, tuple):
        return tuple(map_texts(item, fn) for item in obj)  # type: ignore[return-value]
    if isinstance(obj, dict):
        return {key: map_texts(value, fn) for key, value in obj.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            new = map_texts(value, fn)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj


def texts(obj: Any) -> list[Text]:
    """Return every :class:`Text` in the model ``obj``, in document order."""
    found: list[Text] = []
    map_texts(obj, lambda t: found.append(t) or t)
    return found


def unprintable(value: str) -> list[str]:
    """Return a description of each character of ``value`` that no document can carry: control characters,
    lone surrogates (an escape such as ``\\ud83c`` that was meant as half of an emoji) and non-characters."""
    import unicodedata

    found = []
    for char in dict.fromkeys(value):
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cs":
            found.append(f"a lone surrogate U+{code:04X} (write the character itself rather than \\u escapes)")
        elif category == "Cc" and char not in "\t\n\r":
            found.append(f"the control character U+{code:04X}")
        elif 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
            found.append(f"the non-character U+{code:04X}")
    return found
