"""Checks on catalogues: translations must keep their msgid's markup, link targets and placeholders."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostics, Location
from ..source import markup
from ..source.text import unprintable
from .catalogue import LoadedCatalogue, placeholders, stray_percent
from .locales import Language


_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def mixed_script_words(text: str) -> list[str]:
    """Return the words of ``text`` that mix Latin and Cyrillic letters (a Latin "e" or "è" typed for its
    Cyrillic look-alike), skipping markup, links and placeholders."""
    plain = re.sub(r"%\(\w+\)[sd]|\]\([^)]*\)", " ", text)
    return [w for w in dict.fromkeys(re.findall(r"\w+", plain)) if _LATIN.search(w) and _CYRILLIC.search(w)]


def check_catalogue(language: Language, catalogue: LoadedCatalogue, diagnostics: Diagnostics) -> None:
    """Record every problem of ``catalogue`` (the catalogue of ``language``)."""
    for message in catalogue.catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        where = Location(catalogue.path, message.lineno or 0)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        source = ids[0]
        want = markup.signature(source)
        want_placeholders = placeholders(source)
        for form, string in enumerate(strings):
            if not string:
                continue
            bad = unprintable(string)
            if bad:
                diagnostics.error(where, f"msgstr has {', '.join(bad)}, which no document can show")
                continue
            if language.script == "Cyrl":
                for word in mixed_script_words(string):
                    latin = ", ".join(f"'{c}' U+{ord(c):04X}" for c in dict.fromkeys(word) if _LATIN.match(c))
                    diagnostics.error(where, f"msgstr has Latin letters in the Cyrillic word '{word}' ({latin})")
            for problem in want.describe_difference(markup.signature(string)):
                diagnostics.error(where, problem)
            for problem in sorted(set(markup.problems(string)) - set(markup.problems(source))):
                diagnostics.error(where, f"msgstr: {problem}")  # plain fields (a name such as "X*") keep their asterisk
            if message.context is None and stray_percent(string):  # template strings are %-formatted
                diagnostics.error(where, "msgstr has a '%' that is not a placeholder (write %% for a percent sign)")
                continue
            got = placeholders(string)
            # A plural msgstr may leave out %(num)d ("one string") only in a form that serves a single number, as
            # msgfmt -c says: Croatian form 0 serves 1, 21, 31…, so it must show the number. No form may invent one.
            if (len(ids) == 1 and got != want_placeholders) or not set(got) <= set(placeholders(ids[-1])) | set(
                    want_placeholders):
                diagnostics.error(where, f"msgstr placeholders {', '.join(got) or 'none'} do not match msgid's "
                                         f"{', '.join(want_placeholders) or 'none'}")
            elif len(ids) > 1 and (left := sorted(set(placeholders(ids[-1])) - set(got))):
                served = [n for n in range(200) if catalogue.plural_index(n) == form]
                if len(served) > 1:
                    shown = ", ".join(map(str, served[:3]))
                    diagnostics.error(where, f"msgstr[{form}] leaves out {', '.join(left)}, but this form serves "
                                             f"{shown}, …: it must show the number")


def check_catalogues(project, diagnostics: Diagnostics, tags=None) -> None:
    """Record the problems of every catalogue of ``project`` (or of the languages ``tags`` only)."""
    languages = {lang.tag: lang for lang in project.languages}
    catalogues = project.catalogues
    catalogues.load_all(diagnostics, tags)  # every malformed catalogue reported, not only the first
    for tag, catalogue in catalogues.loaded.items():
        if tags is None or tag in tags:
            check_catalogue(languages[tag], catalogue, diagnostics)
