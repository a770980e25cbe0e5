"""Catalogues and localisation: PO files are read in memory, content and template strings looked up in them.

A missing or fuzzy translation falls back to English and is recorded as a :class:`Miss` with its PO location, so
that the build can stamp the document DRAFT (or fail under ``--strict``).
"""

from __future__ import annotations

import dataclasses
import gettext
import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po
from markupsafe import Markup, escape

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..source.files import read_input
from ..source.text import Text, map_texts
from .locales import SOURCE, Language

DOMAIN = "messages"
MAX_BYTES = 8 * 1024 * 1024


def message_key(message) -> tuple[str | None, str]:
    """Return ``(msgctxt, msgid)`` of a Babel message, the singular msgid for plural entries."""
    msgid = message.id if isinstance(message.id, str) else (message.id or ("",))[0]
    return message.context, msgid


def po_path(language: Language) -> str:
    """Return the project-relative path of ``language``'s catalogue."""
    return f"translations/{language.catalogue}/LC_MESSAGES/{DOMAIN}.po"


@dataclass(frozen=True)
class LoadedCatalogue:
    """A parsed PO file, where it came from, and its text as written (byte-order mark and line endings too)."""

    catalog: Catalog
    path: str
    text: str  # without the byte-order mark, which ``bom`` records
    bom: bool = False

    @property
    def written(self) -> str:
        """Return the text as the file has it, byte-order mark included."""
        return ("\ufeff" if self.bom else "") + self.text

    def plural_index(self, n: int) -> int:
        """Return which plural form applies to ``n`` under the catalogue's ``Plural-Forms`` rule."""
        return _plural_function(self.catalog.plural_expr)(n)


def po_header(text: str, name: str) -> tuple[str, int] | None:
    """Return ``(value, line)`` of header field ``name`` as written in the PO file, or None when absent.

    Babel fills absent headers in with defaults, so the raw header entry is read here; a field may be
    wrapped over several string lines.
    """
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith('msgstr ""'))
    except StopIteration:
        return None
    fields: list[tuple[str, int]] = []
    pending, first_line = "", 0
    for number in range(start + 1, len(lines)):
        line = lines[number].strip()
        if not line.startswith('"'):
            break
        if not pending:
            first_line = number + 1
        pending += line[1:-1]
        if pending.endswith("\\n"):
            fields.append((pending[:-2], first_line))
            pending = ""
    if pending:
        fields.append((pending, first_line))
    for text, line in fields:
        key, _, value = text.partition(":")
        if key.strip() == name:
            return value.strip(), line
    return None


@lru_cache(maxsize=32)
def _plural_function(expression: str):
    return gettext.c2py(expression)


def read_catalogue(root: Path, relative: str, language: Language | None = None) -> LoadedCatalogue:
    """Return the catalogue at ``root/relative``; raise :class:`ReportgenError` when it is malformed or its
    ``Plural-Forms`` header is not the one of ``language``."""
    return parse_catalogue(read_input(root, relative, MAX_BYTES), relative, language)


def parse_catalogue(data: bytes, relative: str, language: Language | None = None) -> LoadedCatalogue:
    """Return the catalogue in ``data`` (shown as ``relative``), checked as :func:`read_catalogue` checks it."""
    bom = data.startswith(b"\xef\xbb\xbf")
    data = data.removeprefix(b"\xef\xbb\xbf")  # editors may add a BOM
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportgenError(Diagnostic(Location(relative), f"catalogue is not UTF-8 ({exc.reason})")) from None
    problems = lint_po(text)
    if problems:
        raise ReportgenError([Diagnostic(Location(relative, line), f"malformed PO file: {message}")
                              for line, message in problems])
    content_type = po_header(text, "Content-Type")
    if content_type and "charset=" in content_type[0].lower() and \
            content_type[0].lower().split("charset=")[1].strip() not in ("utf-8", "utf8"):
        raise ReportgenError(Diagnostic(Location(relative, content_type[1]),
                                        f"catalogue must be UTF-8, not '{content_type[0]}'"))
    if language is not None:
        _check_plural_forms(text, relative, language)
    try:
        catalog = read_po(data.splitlines(keepends=True), abort_invalid=True, charset="utf-8")
    except PoFileError as exc:
        message = re.sub(r" on \d+$", "", str(exc))
        raise ReportgenError(Diagnostic(Location(relative, exc.lineno + 1), f"malformed PO file: {message}")) from None
    except (ValueError, TypeError) as exc:  # Babel raises these for broken headers and plural blocks
        raise ReportgenError(Diagnostic(Location(relative), f"malformed PO file: {exc}")) from None
    return LoadedCatalogue(catalog, relative, text, bom)


def _check_plural_forms(text: str, relative: str, language: Language) -> None:
    expected = language.plural_forms
    found = po_header(text, "Plural-Forms")
    if found is None:
        raise ReportgenError(Diagnostic(Location(relative, 1), f"missing Plural-Forms header (expected '{expected}')"))
    if "".join(found[0].split()).rstrip(";") != "".join(expected.split()).rstrip(";"):
        raise ReportgenError(Diagnostic(Location(relative, found[1]), f"wrong Plural-Forms for '{language.tag}': "
                                                                      f"'{found[0]}' (expected '{expected}')"))


_PO_LINE = re.compile(r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)|(".*))$')


def lint_po(text: str) -> list[tuple[int, str]]:
    """Return ``(line, problem)`` for lines Babel would silently misread: unknown keywords, unterminated strings,
    and a second entry with the msgctxt and msgid of an earlier one (Babel keeps the first; ``msgfmt -c`` fails)."""
    problems = _duplicates(text)
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        match = _PO_LINE.match(stripped)
        if match is None:
            word = stripped.split()[0]
            problems.append((number, f"unknown keyword '{word[:20]}'"))
            continue
        string = match.group(1) or match.group(2)
        if string is not None and (len(string) < 2 or not string.endswith('"') or string.endswith('\\"')
                                   and not string.endswith('\\\\"')):
            problems.append((number, "unterminated string"))
    return problems


def _duplicates(text: str) -> list[tuple[int, str]]:
    """Return ``(line, problem)`` for each entry whose msgctxt and msgid repeat an earlier entry's."""
    from babel.messages.pofile import unescape

    seen: dict[tuple[str | None, str], int] = {}
    problems: list[tuple[int, str]] = []
    entry: dict[str, list[str]] = {}
    start, current = 0, None

    def finish() -> None:
        if "msgid" not in entry:
            return
        context = "".join(map(unescape, entry["msgctxt"])) if "msgctxt" in entry else None
        key = (context, "".join(map(unescape, entry["msgid"])))
        if key == (None, ""):
            return  # the header
        if key in seen:
            shown = f"msgctxt {key[0]!r}, " if key[0] is not None else ""
            problems.append((start, f"duplicate entry ({shown}msgid {key[1][:40]!r}); the first is at line "
                                    f"{seen[key]}"))
        else:
            seen[key] = start

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        keyword, _, rest = stripped.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and current != "msgctxt"):
            finish()
            entry, start = {}, number
        if keyword in ("msgctxt", "msgid"):
            current = keyword
            entry[keyword] = [rest.strip()]
        elif keyword.startswith("msgstr") or keyword == "msgid_plural":
            current = "msgstr"
        elif stripped.startswith('"') and current in entry:
            entry[current].append(stripped)
    finish()
    return problems


@dataclass(frozen=True)
class Miss:
    """A string published in English because its translation is missing or fuzzy."""

    kind: str  # "untranslated", "fuzzy" or "absent"
    msgid: str
    context: str | None
    location: Location

    @property
    def message(self) -> str:
        """Return what is missing, without the location."""
        what = {"untranslated": "untranslated", "fuzzy": "fuzzy translation",
                "absent": "no catalogue entry (run 'make update')"}[self.kind]
        ctx = f" [{self.context}]" if self.context else ""
        short = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        return f"{what}{ctx}: \"{short}\""

    def as_error(self) -> Diagnostic:
        """Return the miss as an error (for strict builds)."""
        return Diagnostic(self.location, self.message)

    def __str__(self) -> str:
        return str(Diagnostic(self.location, self.message, severity="warning"))


@dataclass
class Translator:
    """Looks strings up in one language's catalogue; records each fallback to English once."""

    language: Language
    catalogue: LoadedCatalogue | None
    misses: dict[tuple[str | None, str], Miss] = field(default_factory=dict)
    seen: dict[tuple[str | None, str], None] = field(default_factory=dict)  # every string looked up, in order

    def lookup(self, msgid: str, context: str | None = None) -> str:
        """Return the translation of ``msgid`` (in ``context``), or ``msgid`` itself, recording a miss."""
        return self._lookup(msgid, context)[0]

    def _lookup(self, msgid: str, context: str | None) -> tuple[str, bool]:
        if self.catalogue is None:
            return msgid, True
        forms = self._forms(msgid, context)
        return (forms[0], True) if forms else (msgid, False)

    def _forms(self, msgid: str, context: str | None) -> tuple[str, ...] | None:
        """Return the translated form(s) of an entry, or None, recording why, when it cannot be used."""
        self.seen.setdefault((context, msgid))
        message = self.catalogue.catalog.get(msgid, context=context)
        if message is None:
            self._miss("absent", msgid, context, Location(self.catalogue.path))
            return None
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            self._miss("fuzzy" if message.fuzzy else "untranslated", msgid, context,
                       Location(self.catalogue.path, message.lineno or 0))
            return None
        return forms

    def _miss(self, kind: str, msgid: str, context: str | None, location: Location) -> None:
        self.misses.setdefault((context, msgid), Miss(kind, msgid, context, location))

    def plural(self, singular: str, plural: str, n: int) -> str:
        """Return the translation of a plural message for ``n``, or the English form, recording a miss."""
        return self._plural(singular, plural, n)[0]

    def _plural(self, singular: str, plural: str, n: int) -> tuple[str, bool]:
        english = singular if n == 1 else plural
        if self.catalogue is None:
            return english, True
        forms = self._forms(singular, None)
        index = self.catalogue.plural_index(n)
        return (forms[index], True) if forms and index < len(forms) else (english, False)

    def text(self, text: Text) -> Text:
        """Return ``text`` in this language; a fallback keeps the source string, marked with the source language."""
        value, translated = self._lookup(text.value, text.context)
        return dataclasses.replace(text, value=value, lang=None if translated else SOURCE.tag)

    def localise(self, model):
        """Return a copy of ``model`` with every content string translated."""
        return map_texts(model, self.text)

    # Template callables for Jinja2's i18n extension (newstyle: Jinja fills in %(name)s variables, escaped).
    # The translation itself is escaped like any other text, since a PO file is an input too.
    # A string that fell back to English is marked with its language, as content fallbacks are (``Text.lang``):
    # screen readers and hyphenation then treat it as English.
    def gettext(self, message: str) -> Markup:
        """Return a template string, translated and HTML-escaped."""
        return self._marked(*self._lookup(message, None))

    def pgettext(self, context: str, message: str) -> Markup:
        """Return a template string with a context, translated and HTML-escaped."""
        return self._marked(*self._lookup(message, context))

    def ngettext(self, singular: str, plural: str, num: int) -> Markup:
        """Return the plural form of a template string for ``num``, translated and HTML-escaped."""
        return self._marked(*self._plural(singular, plural, num))

    def _marked(self, text: str, translated: bool) -> Markup:
        if translated or self.language.tag == SOURCE.tag:
            return escape(text)
        return Markup('<span lang="{}">{}</span>').format(SOURCE.tag, text)

    def sorted_misses(self) -> list[Miss]:
        """Return the misses ordered by PO line."""
        return sorted(self.misses.values(), key=lambda m: (m.location.line, m.msgid))


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


_PERCENT = re.compile(r"%(?:%|\(\w+\)[sd])")


def stray_percent(text: str) -> bool:
    """Return whether ``text`` has a ``%`` that is neither ``%%`` nor a ``%(name)s``/``%(name)d`` placeholder."""
    return "%" in _PERCENT.sub("", text)


def placeholders(text: str) -> list[str]:
    """Return the printf-style placeholders of ``text`` in sorted order."""
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))
