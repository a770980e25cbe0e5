"""The document tree every writer reads: a template's semantic HTML parsed once and checked once, each element with
its role (what it is, in generic terms a writer understands) and, where it prints content, the content key it came
from (``action-plan:A5.text``). Nodes are plain immutable values, so a tree pickles cheaply into a worker."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator, Union

Child = Union["Node", str]


@dataclass(frozen=True, slots=True)
class Node:
    """One element: its HTML tag (for serialising), its role, its children (nodes and text, in order), its other
    attributes, and the content key of what it prints (None for the template's own words)."""

    tag: str
    role: str
    children: tuple[Child, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    key: str | None = None

    def get(self, name: str, default: str | None = None) -> str | None:
        """Return the attribute ``name`` (``id``, ``href``, ``lang``, ``scope``…), or ``default``."""
        for attribute, value in self.attrs:
            if attribute == name:
                return value
        return default

    @property
    def level(self) -> int:
        """Return a heading's level (1 to 4), 0 for anything else."""
        return int(self.tag[1]) if self.role == "heading" else 0

    @property
    def header(self) -> bool:
        """Return whether this is a table's header cell."""
        return self.tag == "th"

    def nodes(self) -> Iterator[Node]:
        """Yield the element children, in order."""
        return (child for child in self.children if isinstance(child, Node))

    def walk(self) -> Iterator[Node]:
        """Yield this node and every node below it, depth first, in document order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed([child for child in node.children if isinstance(child, Node)]))

    def find(self, role: str) -> Node | None:
        """Return the first node below (or at) this one with ``role``."""
        return next((node for node in self.walk() if node.role == role), None)

    def text(self, without: frozenset[str] = frozenset()) -> str:
        """Return the text of this node and everything below it, as written; ``without``: leave out the nodes of
        these roles (``{"footnote"}``: the text a Word paragraph holds, its footnotes being Word's own)."""
        parts: list[str] = []
        stack: list[Child] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            elif item.role not in without:
                stack.extend(reversed(item.children))
        return "".join(parts)

    def style(self, name: str) -> str | None:
        """Return the value of property ``name`` in the node's inline style (a matrix cell's colours)."""
        found = re.search(rf"(?:^|;)\s*{re.escape(name)}\s*:\s*([^;]+)", self.get("style") or "")
        return found.group(1).strip() if found else None


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the document's head says: the file properties every format carries."""

    title: str
    subject: str
    author: str
    keywords: str
    language: str  # the BCP 47 tag of the document
    word_language: str  # Word's language id (``sr-Cyrl-RS``)
    created: dt.datetime
    edition: tuple[tuple[str, str], ...] = ()  # the edition's fields (status, date, …): ``reportgen.edition.*``


@dataclass(frozen=True, slots=True)
class Tree:
    """A document as every writer receives it: its metadata, its head and body, and the template it came from."""

    meta: Metadata
    head: Node
    body: Node
    source: str  # the template, as diagnostics name it

    def keyed(self) -> Iterator[Node]:
        """Yield every node that carries a content key, in document order."""
        return (node for node in self.body.walk() if node.key)
