"""Locale data: dates, numbers, percentages and lists in each language's own style."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.i18n.locales import LANGUAGES
from reportgen.source.text import Month

EXPECTED = {
    # tag: (June 2023, 15 October 2024, 1234.5, 0.25, list of three)
    "en": ("June 2023", "15 October 2024", "1,234.5", "25%", "a, b and c"),
    "sq": ("qershor 2023", "15 tetor 2024", "1 234,5", "25%", "a, b dhe c"),
    "bs": ("juni 2023.", "15. oktobar 2024.", "1.234,5", "25%", "a, b i c"),
    "hr": ("lipanj 2023.", "15. listopada 2024.", "1.234,5", "25 %", "a, b i c"),
    "cnr": ("jun 2023.", "15. oktobar 2024.", "1.234,5", "25%", "a, b i c"),
    "mk": ("јуни 2023 г.", "15 октомври 2024 г.", "1.234,5", "25 %", "a, b и c"),
    "sr": ("јун 2023.", "15. октобар 2024.", "1.234,5", "25%", "a, b и c"),
    "sr-Latn": ("jun 2023.", "15. oktobar 2024.", "1.234,5", "25%", "a, b i c"),
}


@pytest.mark.parametrize("tag", EXPECTED)
def test_formats_follow_the_locale(tag):
    language = LANGUAGES[tag]
    month, day, number, percent, items = EXPECTED[tag]
    normal = lambda s: s.replace("\u00a0", " ").replace("\u202f", " ")  # noqa: E731 - CLDR uses no-break spaces
    assert normal(language.format_date(Month(2023, 6))) == month
    assert normal(language.format_date(dt.date(2024, 10, 15))) == day
    assert normal(language.format_number(1234.5)) == number
    assert normal(language.format_percent(0.25)) == percent
    assert language.format_list(["a", "b", "c"]) == items


def test_montenegrin_borrows_formats_but_has_its_own_name():
    cnr = LANGUAGES["cnr"]
    assert cnr.name == "crnogorski"
    assert cnr.cldr == "sr_Latn_ME"
    assert cnr.locale.get_display_name("sr_Latn_ME") != cnr.name  # CLDR would call it srpski


def test_catalogue_folders_use_babel_names_and_tags_are_bcp47():
    assert LANGUAGES["sr-Latn"].catalogue == "sr_Latn"
    assert [lang.tag for lang in LANGUAGES.values()] == ["en", "sq", "bs", "hr", "cnr", "mk", "sr", "sr-Latn"]
