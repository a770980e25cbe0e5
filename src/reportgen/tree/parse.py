"""From a template's HTML to the checked document tree: parsed once, checked once against the subset and the
document type's vocabulary, each element given its role and content key. Every problem is reported at the
template, all of them at once."""

from __future__ import annotations

import datetime as dt

from lxml import etree, html as lxml_html

from ..diagnostics import Diagnostic, Location, ReportgenError
from .nodes import Child, Metadata, Node, Tree
from .roles import Vocabulary
from .subset import CHILDREN, NO_TEXT

KEY_ATTRIBUTE = "data-key"
UNDATED = "1980-01-01T00:00:00Z"


def parse(html: str, vocabulary: Vocabulary, source: str) -> Tree:
    """Return the tree of the document ``html`` rendered from the template ``source``; raise
    :class:`ReportgenError` naming every element, class, nesting or stray text outside the subset."""
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ReportgenError(Diagnostic(Location(source), f"the template gives no HTML document ({exc})")) from None
    builder = _Builder(vocabulary)
    document = builder.node(root, None)
    head = next((n for n in document.nodes() if n.tag == "head"), None)
    body = next((n for n in document.nodes() if n.tag == "body"), None)
    if head is None or head.find("title") is None:
        builder.problem("the document has no <head> with a <title> (the writers take the metadata from there)")
    if builder.problems:
        raise ReportgenError([Diagnostic(Location(source), p) for p in dict.fromkeys(builder.problems)])
    return Tree(metadata(head, document.get("lang") or "en"), head, body or Node("body", "body"), source)


EDITION = "reportgen.edition."  # the head's <meta> names of the edition's fields


def metadata(head: Node, lang: str) -> Metadata:
    """Return the file properties the head gives (``<title>``, ``<meta name=…>``)."""
    metas = {m.get("name"): m.get("content") or "" for m in head.nodes() if m.tag == "meta" and m.get("name")}
    title = next((n.text() for n in head.nodes() if n.tag == "title"), "")
    created = dt.datetime.strptime(metas.get("dcterms.created") or UNDATED, "%Y-%m-%dT%H:%M:%SZ")
    edition = tuple((name.removeprefix(EDITION), value) for name, value in metas.items() if name.startswith(EDITION))
    return Metadata(title.strip(), metas.get("description", ""), metas.get("author", ""),
                    metas.get("keywords", ""), lang, metas.get("reportgen.word-language") or lang,
                    created.replace(tzinfo=dt.timezone.utc), edition)


class _Builder:
    """Turns lxml elements into nodes, collecting every problem on the way."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.problems: list[str] = []

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def node(self, element, parent: str | None) -> Node:
        tag, cls = element.tag, element.get("class")
        if tag not in CHILDREN:
            self.problem(f"<{tag}> is not in the HTML subset the writers support")
        elif parent is not None and tag not in CHILDREN[parent]:
            self.problem(f"<{tag}> may not stand inside <{parent}>")
        role = self.role(tag, cls) if tag in CHILDREN else "unknown"
        children: list[Child] = []
        self.text(children, element.text, tag)
        for child in element:
            if isinstance(child.tag, str):
                children.append(self.node(child, tag))
            self.text(children, child.tail, tag)
        attrs = tuple((name, value) for name, value in element.attrib.items() if name != KEY_ATTRIBUTE)
        return Node(tag, role, tuple(children), attrs, element.get(KEY_ATTRIBUTE) or None)

    def role(self, tag: str, cls: str | None) -> str:
        role = self.vocabulary.role(tag, cls)
        if role is None:
            known = ", ".join(self.vocabulary.classes_of(tag)) or "none"
            self.problem(f'<{tag} class="{cls}"> has no role: the document type\'s vocabulary does not know the '
                         f"class (classes of <{tag}>: {known})")
            return "unknown"
        return role

    def text(self, children: list[Child], text: str | None, tag: str) -> None:
        if not text:
            return
        if tag in NO_TEXT and text.strip():
            self.problem(f"the text '{' '.join(text.split())[:40]}' stands directly in <{tag}>: put it in a "
                         f"paragraph")
        if children and isinstance(children[-1], str):
            children[-1] += text
        else:
            children.append(text)
