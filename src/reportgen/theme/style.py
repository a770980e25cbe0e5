"""The theme's style values (``tokens.css``): CSS custom properties every format reads — the print stylesheet
through ``var()``, the Word writer and its reference document, the questionnaires, the charts — so that a theme
changes every format at once. A project's own ``templates/tokens.css`` sets only the values it changes; they are
read over the default theme's, value by value (and the PDF gets both stylesheets, in that order)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from ..diagnostics import Diagnostic, Location, ReportgenError

TOKENS = "tokens.css"
STATUS_PREFIX = "--status-"
_LENGTH = re.compile(r"(-?\d+(?:\.\d+)?)(pt|mm)")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
UNITS = {"pt": 1.0, "mm": 72 / 25.4}
# Every value the formats read, by kind (the --status-<id> fills are colours too).
KINDS = {
    "colour": ("accent", "rule", "text", "muted", "faint", "mark", "header-fill", "heading-fill", "ink-light",
               "ink-dark"),
    "font": ("font-body", "font-heading", "font-symbols"),
    "length": ("size-body", "size-table", "size-title", "size-subtitle", "size-h1", "size-h2", "size-h3", "size-h4",
               "space-h1", "space-h2", "space-h3", "space-h4", "space-after-heading", "cell-padding-block",
               "cell-padding-inline", "indent", "cover-top"),
    "number": ("line-body", "line-table"),
}


@dataclass(frozen=True)
class Style:
    """The style values, typed: colours as ``#rrggbb``, lengths in points, fonts as the stylesheet's families."""

    values: Mapping[str, str]
    where: Mapping[str, Location]  # where each value was set (for messages)

    def colour(self, name: str) -> str:
        """Return the colour ``--name`` (``#rrggbb``)."""
        return self._typed(name, _COLOUR, "a colour #rrggbb").lower()

    def length(self, name: str) -> float:
        """Return the length ``--name`` in points."""
        value = self._typed(name, _LENGTH, "a length in pt or mm")
        number, unit = _LENGTH.fullmatch(value).groups()
        return float(number) * UNITS[unit]

    def number(self, name: str) -> float:
        """Return the plain number ``--name`` (a line height)."""
        return float(self._typed(name, re.compile(r"\d+(?:\.\d+)?"), "a number"))

    def font(self, name: str) -> str:
        """Return the font family ``--name`` names (unquoted)."""
        return self._typed(name, re.compile(r"""(["']).+\1|[\w -]+"""), "a font family").strip("\"'")

    def css(self) -> str:
        """Return the values as one ``:root`` rule, for a stylesheet to read through ``var()`` (only the values:
        any other rule of a tokens file reaches no format)."""
        return ":root { " + " ".join(f"{name}: {value};" for name, value in self.values.items()) + " }\n"

    def problems(self) -> list[Diagnostic]:
        """Return an error for each value missing or of the wrong kind (checked before anything is rendered)."""
        found = []
        names = [(kind, name) for kind, names in KINDS.items() for name in names]
        names += [("colour", name[2:]) for name in self.values if name.startswith(STATUS_PREFIX)]
        for kind, name in names:
            try:
                getattr(self, kind)(name)
            except ReportgenError as exc:
                found.extend(exc.diagnostics)
        return found

    def statuses(self) -> dict[str, str]:
        """Return the fill of every status the theme colours: ``{status id: #rrggbb}``."""
        return {name[len(STATUS_PREFIX):]: self.colour(name[2:]) for name in self.values
                if name.startswith(STATUS_PREFIX)}

    def _typed(self, name: str, pattern: re.Pattern, what: str) -> str:
        key = f"--{name}"
        value = self.values.get(key)
        if value is None:
            raise ReportgenError(Diagnostic(Location(TOKENS), f"{key}: the theme's style value is missing"))
        if not pattern.fullmatch(value):
            raise ReportgenError(Diagnostic(self.where[key], f"{key}: expected {what}, got '{value[:40]}'"))
        return value


def sheets(theme) -> list[tuple[str, str]]:
    """Return the style value files of ``theme`` as ``(name in diagnostics, CSS text)``: the default theme's, then
    the project's own when it has one (read through the project-boundary guard)."""
    from . import DEFAULT, PACKAGED_PREFIX
    from ..source.files import read_input

    found = [(f"{PACKAGED_PREFIX}/{TOKENS}", read_input(DEFAULT, TOKENS, 1024 * 1024, f"{PACKAGED_PREFIX}/{TOKENS}"))]
    if (theme.project_folder / TOKENS).exists() or (theme.project_folder / TOKENS).is_symlink():
        found.append((theme.shown(TOKENS), theme.read(TOKENS, 1024 * 1024)))
    return [(shown, data.decode("utf-8", "replace")) for shown, data in found]


def style_of(theme) -> Style:
    """Return the style values of ``theme``: the default theme's, with the project's own over them (the files
    are small and read each time, so an edit counts at once; their parse is cached)."""
    return _style(tuple(sheets(theme)))


@lru_cache(maxsize=8)
def _style(files: tuple[tuple[str, str], ...]) -> Style:
    values: dict[str, str] = {}
    where: dict[str, Location] = {}
    for shown, css in files:
        for name, (value, line) in declarations(css, shown).items():
            values[name] = value
            where[name] = Location(shown, line)
    return Style(MappingProxyType(values), MappingProxyType(where))


def declarations(css: str, shown: str) -> dict[str, tuple[str, int]]:
    """Return the custom properties of the ``:root`` rules of ``css``: ``{--name: (value, line)}``."""
    import tinycss2

    found = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "error":
            raise ReportgenError(Diagnostic(Location(shown, rule.source_line), f"invalid CSS: {rule.message}"))
        if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
            continue
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type == "declaration" and item.name.startswith("--"):
                found[item.name] = (tinycss2.serialize(item.value).strip(), item.source_line)
    return found
