"""What would make an HTML edition load or run something from outside the build: an image that is not one of our
charts, a script, a frame, a style with ``url()``. Checked on the document's tree and on the edition's fragment."""

from __future__ import annotations

from typing import Iterable

from lxml import html as lxml_html

_EMBEDS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "link", "style",
                     "video", "audio", "source", "track", "picture", "portal", "meta"})
_FETCHING = ("src", "srcset", "poster", "data", "background", "formaction", "action")


def _problems(elements: Iterable[tuple[str, dict, str | None]], images: set[str]) -> list[str]:
    """Return the problems of ``(tag, attributes, parent tag)`` items."""
    found = []
    for tag, attributes, parent in elements:
        if tag in _EMBEDS and not (tag == "meta" and parent == "head"):
            found.append(f"<{tag}> is not allowed in an HTML edition (it loads or runs something)")
            continue
        style = (attributes.get("style") or "").lower()
        if "url(" in style or "image-set(" in style:
            found.append(f"<{tag} style=\"{attributes['style'][:60]}\">: an HTML edition loads nothing from "
                         f"outside the build")
        for attribute in _FETCHING:
            value = attributes.get(attribute)
            if value is not None and not (tag == "img" and attribute == "src" and value in images):
                found.append(f"<{tag} {attribute}=\"{value[:60]}\">: an HTML edition loads nothing from outside "
                             f"the build")
    return list(dict.fromkeys(found))


def tree_references(tree, images: set[str]) -> list[str]:
    """Return what in the document's tree would load something from outside the build (``images``: our charts)."""
    def items(node, parent):
        yield node.tag, dict(node.attrs), parent
        for child in node.nodes():
            yield from items(child, node.tag)

    return _problems([*items(tree.head, "html"), *items(tree.body, "html")], images)


def outside_references(html: str, images: set[str]) -> list[str]:
    """Return what in an HTML fragment (the edition's) would load something from outside the build."""
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return _problems(((e.tag, dict(e.attrib), e.getparent().tag if e.getparent() is not None else None)
                      for e in root.iter() if isinstance(e.tag, str)), images)
