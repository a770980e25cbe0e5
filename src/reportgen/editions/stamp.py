"""What the documents say of their edition (``content/project.yaml``, ``edition:``): its status — a draft carries
a DRAFT watermark on every page, a revision or corrigendum the suffix of its symbol (``…/Rev.1``, ``…/Corr.1``) —
its date, its distribution ("General", "Limited") and the language of the original. Printed on the cover and in
each format's metadata, in the document's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..diagnostics import Location

STATUSES = ("draft", "final", "revision", "corrigendum")
DISTRIBUTIONS = ("general", "limited")
SUFFIXES = {"revision": "Rev.", "corrigendum": "Corr."}


@dataclass(frozen=True)
class Stamp:
    """A document's edition, as ``content/project.yaml`` declares it."""

    status: str = "final"
    number: int | None = None  # the revision's or corrigendum's number
    date: dt.date | None = None
    distribution: str | None = None
    original: str = "en"  # the BCP 47 tag of the language the documents were written in
    loc: Location | None = None

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def suffix(self) -> str:
        """Return what follows the document's symbol: ``/Rev.1``, ``/Corr.2``, or nothing."""
        return f"/{SUFFIXES[self.status]}{self.number}" if self.status in SUFFIXES else ""

    def symbol(self, base: str) -> str:
        """Return the document's symbol with the suffix of this edition."""
        return base + self.suffix

    def properties(self) -> tuple[tuple[str, str], ...]:
        """Return the edition's fields as every format's metadata carries them (``reportgen.edition.<field>`` in
        the HTML head and the Word file's custom properties, ``/Edition<Field>`` in the PDF's information and,
        in a release, its XMP): status, number, date, distribution, the original's language."""
        fields = (("status", self.status), ("number", str(self.number) if self.number else ""),
                  ("date", self.date.isoformat() if self.date else ""), ("distribution", self.distribution or ""),
                  ("original", self.original))
        return tuple((name, value) for name, value in fields if value)

    def original_name(self, language) -> str:
        """Return the name of the original's language in ``language``, as CLDR writes it within a sentence
        (``English``, ``engleski``, ``англиски``)."""
        return language.locale.languages.get(self.original.split("-")[0], self.original)


FINAL = Stamp()


def stamp(loc: Location, status: str = "final", number: int | None = None, date=None, distribution: str | None = None,
          original: str = "en") -> Stamp:
    """Return the stamp a validated ``edition:`` record describes (a revision or corrigendum needs its number)."""
    return Stamp(status, number, date, distribution, original, loc)
