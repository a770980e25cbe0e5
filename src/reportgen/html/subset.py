"""The HTML subset templates emit and every writer reads: elements, the children each may hold, and the roles of
classes.

Templates speak in document vocabulary (``<p class="account">``); writers speak in roles (``indented``). This is
the one table between the two, so a writer never knows a document's words. :func:`problems` checks a rendered
document structurally before any writer sees it, whatever the format being built.
"""

from __future__ import annotations

from lxml import html as lxml_html

INLINE = frozenset({"strong", "b", "em", "i", "a", "span", "br"})
HEADINGS = ("h1", "h2", "h3", "h4")
BLOCKS = frozenset({*HEADINGS, "p", "ul", "ol", "table", "figure"})
CONTAINERS = frozenset({"section", "div", "article"})

# element -> the elements it may contain (text is allowed wherever inline elements are).
CHILDREN: dict[str, frozenset[str]] = {
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
}

# <p class> -> paragraph role. The writers map roles to their own styles.
PARAGRAPH_ROLES: dict[str | None, str] = {
    None: "body", "lead": "lead", "context": "body", "action": "body", "closing": "body", "note": "body",
    "account": "indented", "evidence": "indented",
    "title": "cover-title", "kicker": "cover-kicker", "subtitle": "cover-subtitle", "accepted": "cover-subtitle",
    "organisation": "cover-subtitle", "symbol": "cover-symbol", "draft": "mark", "illustrative": "mark",
    "toc-title": "toc-title", "caption": "caption",
}
# <span class> -> inline role.
SPAN_ROLES: dict[str | None, str] = {None: "text", "page": "page-number", "pages": "page-count",
                                     "footnote": "footnote", "symbol": "symbol"}
# <th>/<td> class -> cell role (how its content is aligned).
CELL_ROLES: dict[str | None, str] = {None: "text", "num": "number", "status": "symbol"}
# <section class> -> section role: "cover" (its own first page), "new-page" (starts on a new page, as the print
# stylesheet's break-before does), "flow" (runs on).
SECTION_ROLES: dict[str | None, str] = {
    None: "flow", "cover": "cover", "commitment": "new-page", "introduction": "flow", "closing": "flow",
    "summary": "flow", "matrix": "flow", "changes": "flow",
}
# <ul class> -> list role: "bullets", or "legend" (each item starts with its own marker, a status symbol).
LIST_ROLES: dict[str | None, str] = {None: "bullets", "legend": "legend"}
# Classes with a meaning of their own on other elements (a writer may rely on them).
ELEMENT_CLASSES: dict[str, frozenset[str | None]] = {
    "header": frozenset({"running"}), "footer": frozenset({"running"}),
    "nav": frozenset({"toc"}),
    "section": frozenset(SECTION_ROLES), "ul": frozenset(LIST_ROLES), "ol": frozenset({None}),
}


def paragraph_role(cls: str | None) -> str:
    """Return the role of a ``<p>`` of class ``cls`` (checked documents have only known classes)."""
    return PARAGRAPH_ROLES[cls]


def problems(html: str) -> list[str]:
    """Return a description of each element, class or nesting of ``html`` outside the subset."""
    found = []
    root = lxml_html.document_fromstring(html)
    head = root.find("head")
    if head is None or head.find("title") is None:
        found.append("the document has no <head> with a <title> (the writers take the metadata from there)")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag, cls = element.tag, element.get("class")
        if tag not in CHILDREN:
            found.append(f"<{tag}> is not in the HTML subset the writers support")
            continue
        if tag == "p" and cls not in PARAGRAPH_ROLES:
            found.append(f'<p class="{cls}"> has no role (add it to PARAGRAPH_ROLES in reportgen/html/subset.py)')
        elif tag == "span" and cls not in SPAN_ROLES:
            found.append(f'<span class="{cls}"> is not in the HTML subset the writers support')
        elif tag in ("th", "td") and cls not in CELL_ROLES:
            found.append(f'<{tag} class="{cls}"> is not in the HTML subset the writers support')
        elif tag in ELEMENT_CLASSES and cls not in ELEMENT_CLASSES[tag]:
            found.append(f'<{tag} class="{cls}"> is not in the HTML subset the writers support')
        parent = element.getparent()
        if parent is not None and isinstance(parent.tag, str) and parent.tag in CHILDREN \
                and tag not in CHILDREN[parent.tag]:
            found.append(f"<{tag}> may not stand inside <{parent.tag}>")
    return list(dict.fromkeys(found))
