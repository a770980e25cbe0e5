"""The HTML subset templates emit: the elements, and the children each may hold. Anything else — another element,
or one in the wrong place — is an error naming the template, whichever format is being built."""

from __future__ import annotations

from types import MappingProxyType

INLINE = frozenset({"strong", "b", "em", "i", "a", "span", "br"})
HEADINGS = ("h1", "h2", "h3", "h4")
BLOCKS = frozenset({*HEADINGS, "p", "ul", "ol", "table", "figure"})
CONTAINERS = frozenset({"section", "div", "article"})
VOID = frozenset({"meta", "img", "br"})  # elements without an end tag

# element -> the elements it may contain (text is allowed wherever inline elements are).
CHILDREN = MappingProxyType({
    "html": frozenset({"head", "body"}),
    "head": frozenset({"title", "meta"}),
    "title": frozenset(), "meta": frozenset(), "img": frozenset(), "br": frozenset(),
    "body": BLOCKS | CONTAINERS | {"header", "footer", "nav"},
    **{name: BLOCKS | CONTAINERS for name in CONTAINERS},
    "header": INLINE, "footer": INLINE,
    "nav": frozenset({"p", "ol"}),
    **{name: INLINE for name in (*HEADINGS, "p", "caption", "th", "td", "figcaption", *INLINE - {"br"})},
    "ul": frozenset({"li"}), "ol": frozenset({"li"}),
    "li": INLINE | {"ol", "ul"},
    "table": frozenset({"caption", "thead", "tbody", "tfoot", "tr"}),
    "thead": frozenset({"tr"}), "tbody": frozenset({"tr"}), "tfoot": frozenset({"tr"}),
    "tr": frozenset({"th", "td"}),
    "figure": frozenset({"img", "figcaption"}),
})
# Elements whose text is only the indentation of the template between their children (never printed).
NO_TEXT = frozenset({"html", "head", "body", "ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "nav", "figure",
                     *CONTAINERS})
