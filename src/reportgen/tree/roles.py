"""Roles: what each element of a document is, in the generic terms every writer understands.

An element without a class has its tag's default role (``<p>`` is a ``paragraph``); a class maps to one of the
roles its tag may take. Which classes a template uses, and the role of each, is the document type's
:class:`Vocabulary` — templates speak in a document's words (``<p class="account">``), writers in roles
(``indented``), and no writer ever reads a class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

# Roles a paragraph may have: how it is set (a Word style each, a CSS rule each).
PARAGRAPH_ROLES = frozenset({"paragraph", "lead", "indented", "caption", "mark", "contents-title", "cover-title",
                             "cover-kicker", "cover-subtitle", "cover-symbol"})
# tag -> the roles its elements may have; the first is the role of an element without a class.
TAG_ROLES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    # a draft's watermark; a comparison's note on a moved item (a comment in Word)
    "p": ("paragraph", *sorted(PARAGRAPH_ROLES - {"paragraph"}), "watermark", "change-note"),
    **{f"h{level}": ("heading",) for level in range(1, 5)},
    # section-like containers: "flow" runs on; "new-page" starts on a new page; "cover" is the first page alone
    "section": ("flow", "new-page", "cover"), "div": ("flow", "new-page"), "article": ("flow", "new-page"),
    "header": ("header", "running-header"), "footer": ("footer", "running-footer"),
    "nav": ("navigation", "contents"),
    "ul": ("bullets", "legend"), "ol": ("numbers",), "li": ("item",),
    "table": ("table",), "caption": ("table-caption",), "thead": ("head-rows",), "tbody": ("body-rows",),
    "tfoot": ("foot-rows",), "tr": ("row",),
    # a cell's role is how its content is set: text, a number (right-aligned), a status symbol (centred)
    "th": ("text", "number", "symbol"), "td": ("text", "number", "symbol"),
    "figure": ("figure",), "img": ("image",), "figcaption": ("caption",),
    "strong": ("strong",), "b": ("strong",), "em": ("emphasis",), "i": ("emphasis",), "a": ("link",),
    "br": ("break",),
    # the marks of a comparison of editions (never in a template: the comparison adds them to the tree)
    "ins": ("inserted",), "del": ("deleted",),
    # spans: plain text, or text set apart (a footnote, a status symbol, the page number and count fields)
    "span": ("text", "strong", "emphasis", "footnote", "symbol", "page-number", "page-count"),
    "html": ("document",), "head": ("metadata",), "title": ("title",), "meta": ("property",),
    "body": ("body",),
})
ROLES = frozenset(role for roles in TAG_ROLES.values() for role in roles)


@dataclass(frozen=True)
class Vocabulary:
    """The classes a template uses, each with the role it maps to: ``{(tag, class): role}``."""

    classes: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for (tag, cls), role in self.classes.items():
            if role not in TAG_ROLES.get(tag, ()):
                allowed = ", ".join(TAG_ROLES.get(tag, ())) or "none"
                raise ValueError(f"<{tag} class=\"{cls}\"> cannot have the role '{role}' (roles of <{tag}>: "
                                 f"{allowed})")
        object.__setattr__(self, "classes", MappingProxyType(dict(self.classes)))

    def __add__(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary({**self.classes, **other.classes})

    def role(self, tag: str, cls: str | None) -> str | None:
        """Return the role of a ``<tag class=cls>`` (the tag's own without a class), or None when the class is
        not in the vocabulary."""
        if cls is None:
            return TAG_ROLES[tag][0]
        return self.classes.get((tag, cls))

    def classes_of(self, tag: str) -> list[str]:
        """Return the classes the vocabulary knows on ``tag`` (for messages)."""
        return sorted(cls for t, cls in self.classes if t == tag)


def vocabulary(roles: Mapping[str, str]) -> Vocabulary:
    """Return a vocabulary written as selectors: ``vocabulary({"p.account": "indented", "td.num": "number"})``."""
    return Vocabulary({tuple(selector.split(".", 1)): role for selector, role in roles.items()})
