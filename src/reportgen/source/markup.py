"""Inline markup of content strings: a small Markdown subset (bold, italic, links), parsed by markdown-it-py.

Supported: ``**bold**`` (or ``__bold__``), ``*italic*`` (or ``_italic_``), ``[text](https://…)``, and backslash
escapes. Everything else stays literal text and is HTML-escaped. Links must be ``http``, ``https`` or ``mailto``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

ALLOWED_SCHEMES = ("https://", "http://", "mailto:")
_TAGS = {"strong_open": "<strong>", "strong_close": "</strong>", "em_open": "<em>", "em_close": "</em>",
         "link_close": "</a>"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # text_join would merge escaped characters (text_special) into plain text, hiding "\*" from the checks.
    return MarkdownIt("zero").enable(["emphasis", "link", "escape"]).disable("text_join")


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    blocks = _parser().parseInline(text)
    return tuple(blocks[0].children or ()) if blocks else ()


def to_html(text: str) -> Markup:
    """Return the inline HTML for ``text``: markup becomes elements, everything else is escaped."""
    out: list[str] = []
    for tok in _tokens(text):
        if tok.type in ("text", "text_special"):
            out.append(str(escape(tok.content)))
        elif tok.type == "link_open":
            out.append(f'<a href="{escape(tok.attrs["href"])}">')
        elif tok.type in _TAGS:
            out.append(_TAGS[tok.type])
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return Markup("".join(out))


def plain(text: str) -> str:
    """Return ``text`` without its markup (for metadata, bookmarks and alt text)."""
    return "".join(t.content for t in _tokens(text) if t.type in ("text", "text_special"))


@dataclass(frozen=True)
class Signature:
    """The markup of a string that a translation must keep: emphasis count by kind and link targets."""

    strong: int
    em: int
    links: tuple[str, ...]

    def describe_difference(self, other: Signature) -> list[str]:
        """Return what ``other`` (a translation) does differently from this signature (a msgid)."""
        problems = []
        for name, mine, theirs in (("bold", self.strong, other.strong), ("italic", self.em, other.em)):
            if theirs < mine:
                problems.append(f"msgstr drops the {name} markup of its msgid")
            elif theirs > mine:
                problems.append(f"msgstr adds {name} markup that its msgid does not have")
        if sorted(self.links) != sorted(other.links):
            problems.append(f"msgstr changes the link targets of its msgid "
                            f"({', '.join(self.links) or 'none'} -> {', '.join(other.links) or 'none'})")
        return problems


def signature(text: str) -> Signature:
    """Return the markup signature of ``text``."""
    toks = _tokens(text)
    return Signature(
        strong=sum(t.type == "strong_open" for t in toks),
        em=sum(t.type == "em_open" for t in toks),
        links=tuple(t.attrs["href"] for t in toks if t.type == "link_open"),
    )


def bold_phrases(text: str) -> list[str]:
    """Return the plain text of each bold span of ``text``."""
    phrases: list[str] = []
    depth = 0
    for tok in _tokens(text):
        if tok.type == "strong_open":
            depth += 1
            if depth == 1:
                phrases.append("")
        elif tok.type == "strong_close":
            depth -= 1
        elif depth and tok.type in ("text", "text_special"):
            phrases[-1] += tok.content
    return phrases


def problems(text: str) -> list[str]:
    """Return what is malformed in the markup of ``text`` (unbalanced emphasis, broken or unsafe links)."""
    found = []
    for tok in _tokens(text):
        if tok.type == "link_open" and not tok.attrs["href"].startswith(ALLOWED_SCHEMES):
            found.append(f"link target '{tok.attrs['href']}' is not an http(s) or mailto address")
        if tok.type != "text":
            continue
        if "**" in tok.content or "__" in tok.content:
            found.append("unbalanced bold markup ('**' without its closing pair)")
        elif "*" in tok.content:
            found.append("unbalanced italic markup ('*' without its closing pair)")
        if "](" in tok.content:
            found.append("malformed link (expected [text](https://…))")
    return list(dict.fromkeys(found))


def literal(text: str) -> str:
    """Return plain text as content, its markup characters escaped: an asterisk stays an asterisk (Kosovo*), a
    bracket a bracket; nothing a partner types into a form, or a secretariat into a command, becomes emphasis."""
    return re.sub(r"([\\*_\[\]])", r"\\\1", text)
