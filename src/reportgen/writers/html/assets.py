"""The files every page of an HTML build shares: the theme's screen stylesheet (its style values, ``screen.css``,
then a comparison's marks) and the fonts it names, copied to
``assets/`` under content-hashed names (so a browser may cache them for good, and two themes never collide)."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from ...diagnostics import Diagnostic, Location, ReportgenError
from ...theme import MARKS
from ...theme.style import style_of

STYLESHEET = "screen.css"
FOLDER = "assets"
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_IMPORT = re.compile(r"@import\b", re.I)
_STRING = re.compile(r"""(['"])(.*?)(?<!\\)\1""", re.S)  # a quoted string: image-set("…"), src: "…"
_REMOTE = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # a scheme (https:, file:) or a network path


def _hashed(name: str, data: bytes) -> str:
    path = PurePosixPath(name)
    return f"{FOLDER}/{path.stem}-{hashlib.sha256(data).hexdigest()[:12]}{path.suffix}"


def assets(theme) -> dict[str, tuple[str, bytes]]:
    """Return ``{theme name: (path below the build folder, bytes)}`` for the stylesheet and each file it refers to;
    a reference that is not a file of the theme (the network, a path out of it) is an error at the stylesheet.
    Made once while the theme's files are unchanged (the preflight and the build both ask)."""
    from ...theme.style import TOKENS

    key = theme.state(STYLESHEET, MARKS, TOKENS)
    if _MADE.get("key") != key:
        _MADE.clear()
        _MADE.update(key=key, assets=_assets(theme))
    return _MADE["assets"]


_MADE: dict = {}


def _assets(theme) -> dict[str, tuple[str, bytes]]:
    found: dict[str, tuple[str, bytes]] = {}
    problems: list[Diagnostic] = []
    css = "".join(_checked(theme, name, found, problems) + "\n" for name in (STYLESHEET, MARKS))
    if problems:
        raise ReportgenError(problems)
    data = (_tokens(theme) + css).encode("utf-8")
    return {STYLESHEET: (_hashed(STYLESHEET, data), data), **found}


def _checked(theme, name: str, found: dict, problems: list) -> str:
    """Return the rules of stylesheet ``name`` with each ``url()`` pointing at its copy (added to ``found``);
    what loads anything but a theme file is added to ``problems``, named at the stylesheet."""
    where = Location(theme.shown(name))

    def replace(match: re.Match) -> str:
        reference = match.group(2).strip()
        if reference.startswith("data:"):
            return match.group(0)
        if theme.find(reference) is None:
            problems.append(Diagnostic(where, f"refused url({reference}): only files of the theme (the project's "
                                              f"templates/ or the default theme) may be used"))
            return match.group(0)
        if reference not in found:
            data = theme.read(reference)
            found[reference] = (_hashed(reference, data), data)
        return f"url({PurePosixPath(found[reference][0]).name})"

    bare = _COMMENT.sub("", theme.read(name).decode("utf-8", "replace"))
    if _IMPORT.search(bare):
        problems.append(Diagnostic(where, "refused @import: a stylesheet is one file (put the rules in it)"))
    for found_string in _STRING.finditer(_URL.sub("", bare)):
        if _REMOTE.match(found_string.group(2)):
            problems.append(Diagnostic(where, f"refused {found_string.group(0)[:80]}: only files of the theme "
                                              f"(the project's templates/ or the default theme) may be used"))
    return _URL.sub(replace, bare)


def _tokens(theme) -> str:
    """Return the theme's style values as one ``:root`` rule (every format reads them); a value that would load
    something (``url()``, a quoted address) is refused at its file."""
    style = style_of(theme)
    problems = [Diagnostic(style.where[name], f"{name}: refused: a style value loads nothing")
                for name, value in style.values.items()
                if "url(" in value.lower() or "image-set(" in value.lower()
                or any(_REMOTE.match(m.group(2)) for m in _STRING.finditer(value))]
    if problems:
        raise ReportgenError(problems)
    return style.css()


def preflight(theme) -> list[Diagnostic]:
    """Refuse a missing screen stylesheet or one that refers to anything but the theme's own files."""
    assets(theme)
    return []
