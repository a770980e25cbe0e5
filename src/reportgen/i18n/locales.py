"""The languages reportgen publishes in, and locale-aware formatting of dates, numbers, percentages and lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.plurals import get_plural
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from ..source.text import Month


@dataclass(frozen=True)
class Language:
    """A publication language: BCP 47 tag, Babel catalogue folder, CLDR locale for formats, names and script."""

    tag: str
    catalogue: str
    cldr: str
    name: str
    english_name: str
    script: str
    word: str

    @property
    def locale(self) -> Locale:
        """Return the Babel locale used for formats."""
        return _locale(self.cldr)

    @property
    def plural_forms(self) -> str:
        """Return the ``Plural-Forms`` header this language's catalogue must carry."""
        return str(get_plural(self.cldr))

    def format_date(self, value: dt.date | Month) -> str:
        """Return a date ("31 May 2024") or month ("June 2023") in this language's style."""
        if isinstance(value, Month):
            return format_skeleton("yMMMM", value.as_date(), locale=self.locale)
        return format_date(value, "long", locale=self.locale)

    def format_number(self, value: float) -> str:
        """Return a number with this language's separators."""
        return format_decimal(value, locale=self.locale)

    def format_percent(self, value: float) -> str:
        """Return a share (0.25) as a percentage ("25 %" or "25%") in this language's style."""
        return format_percent(value, locale=self.locale)

    def format_size(self, size: int) -> str:
        """Return a file size in bytes as this language writes it ("1.2 MB", "1,2 MB", "340 kB")."""
        if size >= 1_000_000:
            return format_unit(size / 1_000_000, "digital-megabyte", "short", "#,##0.0", locale=self.locale)
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=self.locale)

    def format_list(self, items: list[str]) -> str:
        """Return items joined the way this language writes a list ("a, b and c")."""
        return format_list(items, locale=self.locale)

    def format_choice(self, items: list[str]) -> str:
        """Return items joined the way this language offers a choice among them ("a, b or c")."""
        return format_list(items, style="or", locale=self.locale)


@lru_cache(maxsize=None)
def _locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


# Montenegrin has no CLDR data of its own: formats come from sr_Latn_ME, but the language is "crnogorski".
LANGUAGES: dict[str, Language] = {lang.tag: lang for lang in (
    Language("en", "en", "en_GB", "English", "English", "Latn", "en-GB"),
    Language("sq", "sq", "sq", "shqip", "Albanian", "Latn", "sq-AL"),
    Language("bs", "bs", "bs", "bosanski", "Bosnian", "Latn", "bs-Latn-BA"),
    Language("hr", "hr", "hr", "hrvatski", "Croatian", "Latn", "hr-HR"),
    Language("cnr", "cnr", "sr_Latn_ME", "crnogorski", "Montenegrin", "Latn", "sr-Latn-ME"),
    Language("mk", "mk", "mk", "македонски", "Macedonian", "Cyrl", "mk-MK"),
    Language("sr", "sr", "sr", "српски", "Serbian (Cyrillic)", "Cyrl", "sr-Cyrl-RS"),
    Language("sr-Latn", "sr_Latn", "sr_Latn", "srpski (latinica)", "Serbian (Latin)", "Latn", "sr-Latn-RS"),
)}
SOURCE = LANGUAGES["en"]
BY_CATALOGUE = {lang.catalogue: lang for lang in LANGUAGES.values()}
