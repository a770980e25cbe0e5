"""The validated document model: frozen dataclasses whose texts know their translation context and location."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from markupsafe import Markup

from . import markup
from .diagnostics import Location

T = TypeVar("T")


@dataclass(frozen=True)
class Text:
    """A translatable content string: its text with inline markup, its msgctxt and where it was written."""

    value: str
    context: str
    loc: Location
    lang: str | None = None  # set when the text is in another language than the document (a fallback)

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


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata of a document: what the cover, running header and file properties say."""

    id: str
    title: Text
    short_title: Text
    subject: Text
    period: str
    accepted: dt.date | Month
    organisation: Text
    symbol: str
    loc: Location


@dataclass(frozen=True)
class Action:
    """One numbered action of the plan (A1–A21)."""

    id: str
    number: int
    text: Text
    loc: Location


@dataclass(frozen=True)
class PriorityArea:
    """A priority area: the context paragraph, whose bold phrase names the area, and the actions it proposes."""

    id: str
    context: Text
    actions: tuple[Action, ...]
    loc: Location

    @property
    def phrase(self) -> str:
        """Return the emphasised phrase that names this priority area."""
        return markup.bold_phrases(self.context.value)[0]


@dataclass(frozen=True)
class Commitment:
    """A Skopje Commitment (C1–C3) with its priority areas."""

    id: str
    number: int
    heading: Text
    priority_areas: tuple[PriorityArea, ...]
    loc: Location

    @property
    def actions(self) -> tuple[Action, ...]:
        """Return the commitment's actions in order."""
        return tuple(a for area in self.priority_areas for a in area.actions)


@dataclass(frozen=True)
class Plan:
    """The action plan."""

    info: DocumentInfo
    introduction: tuple[Text, ...]
    commitments: tuple[Commitment, ...]
    closing: tuple[Text, ...]
    loc: Location

    @property
    def actions(self) -> tuple[Action, ...]:
        """Return all actions in order."""
        return tuple(a for c in self.commitments for a in c.actions)


def map_texts(obj: T, fn: Callable[[Text], Text]) -> T:
    """Return a copy of the model ``obj`` with every :class:`Text` replaced by ``fn(text)``."""
    if isinstance(obj, Text):
        return fn(obj)  # type: ignore[return-value]
    if isinstance(obj, tuple):
        return tuple(map_texts(item, fn) for item in obj)  # type: ignore[return-value]
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


@dataclass(frozen=True)
class Partner:
    """A Western Balkans partner; ``note`` is a footnote its name must carry (the Kosovo* designation)."""

    id: str
    name: Text
    note: Text | None
    loc: Location


@dataclass(frozen=True)
class Status:
    """A value on the progress scale: label, matrix symbol and colour."""

    id: str
    label: Text
    symbol: str
    colour: str
    loc: Location


@dataclass(frozen=True)
class Evidence:
    """A document a partner cites for its account."""

    title: Text
    url: str
    loc: Location


@dataclass(frozen=True)
class Entry:
    """One partner's report on one action."""

    action: str
    status: str
    account: Text | None
    evidence: Evidence | None
    loc: Location


@dataclass(frozen=True)
class Report:
    """What one partner submitted in a round."""

    partner: str
    reported: dt.date
    actions: tuple[Entry, ...]
    loc: Location


@dataclass(frozen=True)
class RoundInfo:
    """Metadata of a reporting round and its document."""

    id: str
    title: Text
    short_title: Text
    subject: Text
    organisation: Text
    symbol: str
    period_start: Month
    period_end: Month
    meeting: Text
    date: dt.date
    illustrative: bool
    previous: str | None
    loc: Location


@dataclass(frozen=True)
class Round:
    """A reporting round: its metadata and the partners' reports."""

    info: RoundInfo
    reports: tuple[Report, ...]
    loc: Location
