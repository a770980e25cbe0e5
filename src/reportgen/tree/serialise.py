"""From the tree back to HTML, for the writers whose engine takes markup (WeasyPrint reads a string; the HTML
edition builds its page as lxml elements). Serialising is cheap and never loses what the template wrote: the
same elements, attributes and text, so the rendering is the template's."""

from __future__ import annotations

from html import escape

from lxml import html as lxml_html

from .nodes import Node, Tree
from .parse import KEY_ATTRIBUTE
from .subset import VOID

# A span whose class maps to one of these roles is written as the element of its role, so that the role reaches
# every engine that reads markup (an "emphasis" span is set in italics by WeasyPrint and by a browser alike).
SPAN_TAGS = {"emphasis": "em", "strong": "strong"}


def tag_of(node: Node) -> str:
    """Return the element ``node`` is written as: its own, or the one its role implies for a span."""
    return SPAN_TAGS.get(node.role, node.tag) if node.tag == "span" else node.tag


def to_html(tree: Tree, keys: bool = False) -> str:
    """Return the document as an HTML string (with its content keys as ``data-key`` when ``keys``)."""
    html = Node("html", "document", (tree.head, "\n", tree.body, "\n"), (("lang", tree.meta.language),))
    out = ["<!DOCTYPE html>\n"]
    _write(html, out, keys)
    out.append("\n")
    return "".join(out)


def inline_html(children) -> str:
    """Return inline content (text and nodes) as HTML, for a template to place (a corrigendum's sentences)."""
    out: list[str] = []
    for child in children:
        if isinstance(child, str):
            out.append(escape(child, quote=False))
        else:
            _write(child, out, False)
    return "".join(out)


def _write(node: Node, out: list[str], keys: bool) -> None:
    tag = tag_of(node)
    out.append(f"<{tag}")
    for name, value in node.attrs:
        out.append(f' {name}="{escape(value)}"')
    if keys and node.key:
        out.append(f' {KEY_ATTRIBUTE}="{escape(node.key)}"')
    out.append(">")
    if node.tag in VOID:
        return
    for child in node.children:
        if isinstance(child, str):
            out.append(escape(child, quote=False))
        else:
            _write(child, out, keys)
    out.append(f"</{tag}>")


def to_element(node: Node, keys: bool = True, roles: str | None = None) -> lxml_html.HtmlElement:
    """Return ``node`` and everything below it as lxml elements (the HTML edition's page is made of them), with
    the content keys as ``data-key`` when ``keys``, and each node's role in the attribute ``roles`` names."""
    element = lxml_html.Element(tag_of(node), dict(node.attrs))
    if keys and node.key:
        element.set(KEY_ATTRIBUTE, node.key)
    if roles:
        element.set(roles, node.role)
    last = None
    for child in node.children:
        if isinstance(child, str):
            if last is None:
                element.text = (element.text or "") + child
            else:
                last.tail = (last.tail or "") + child
        else:
            last = to_element(child, keys, roles)
            element.append(last)
    return element
