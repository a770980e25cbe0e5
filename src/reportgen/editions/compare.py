"""The comparison of two document trees: the current edition's tree with every change since an earlier one marked.

Blocks are aligned by their content keys, not by position: a block whose key is in both trees is compared word by
word (words as Unicode's word characters give them, inline bold, italic and links kept), a key only in the current
tree is marked inserted as a whole, one only in the earlier tree is put back where it stood, marked deleted. Marks
are plain nodes every writer knows: ``<ins>`` (role ``inserted``) and ``<del>`` (role ``deleted``) around inline
content, and ``data-change`` (``changed``, ``inserted``, ``deleted``) on each block that changed. Numbers that
change only because an item was inserted before (a heading "Action 22" that was "Action 21") are not changes of
the text: their marks carry ``data-renumbered``, the PDF and HTML show the number as it is now, and Word tracks
them, so that "Reject all" gives back the earlier numbers. An item deleted in one place and inserted in another is
moved: its first block in each place names the section of the other (``data-moved-from``, ``data-moved-to``), and
an item moved with its words unchanged is marked so on both copies (``data-moved-only``), which the PDF and HTML
show once, at its new place, and Word as a deletion and an insertion with a comment.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from ..tree import Node, Tree
from ..tree.subset import INLINE

CHANGE = "data-change"
RENUMBERED = "data-renumbered"  # on the marks of a number that changed only because of the order
MOVED_FROM, MOVED_TO = "data-moved-from", "data-moved-to"  # a moved item's first block: the other place's section
MOVED_ONLY = "data-moved-only"  # every block of an item moved with its words unchanged
INSERTED, DELETED, CHANGED = "inserted", "deleted", "changed"
FORMATTING = frozenset({"strong", "emphasis", "link", "text"})  # inline roles a word keeps across the comparison
UNCOMPARED = frozenset({"running-header", "running-footer", "mark", "cover-symbol"})  # the frame and the edition stamp: as they are now
_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
_FIELD = re.compile(r"\.[a-z_]+(\[\d+\])?$")  # a key's last field: A5.text -> the item A5


@dataclass(frozen=True)
class Item:
    """A changed item of the document, for the comparison's summary: what happened, its id (``A5``, ``C1.1``),
    how the document names it (its heading), and the anchor of its first changed block."""

    kind: str  # "changed", "added", "removed"
    item: str
    label: str
    anchor: str


@dataclass(frozen=True)
class Comparison:
    """The marked tree and its changed items, in document order."""

    tree: Tree
    items: tuple[Item, ...]

    def count(self, kind: str) -> int:
        return sum(item.kind == kind for item in self.items)


def compare(old: Tree, new: Tree) -> Comparison:
    """Return ``new`` with every change since ``old`` marked, and the items that changed."""
    marker = _Marker()
    body = _moves(marker.merge(new.body, old.body))
    items = _items(body)
    return Comparison(replace(new, body=body), tuple(items))


def item_of(key: str) -> str:
    """Return the item a content key belongs to: ``action-plan:A5.text`` -> ``A5``."""
    local = key.split(":", 1)[-1]
    return _FIELD.sub("", local) or local


def _identity(node: Node) -> str | None:
    """Return what aligns ``node`` with its counterpart: its key, or the first key below it."""
    if node.key:
        return node.key
    return next((n.key for n in node.walk() if n.key), None)


def _leaf(node: Node) -> bool:
    """Return whether ``node`` holds inline content only (a paragraph, a heading, a cell, a list item)."""
    return all(child.tag in INLINE or child.tag == "img" for child in node.nodes())


def _numbers(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


class _Marker:
    """Merges two trees, numbering the anchors of the blocks it marks."""

    def __init__(self):
        self.count = 0

    def anchor(self) -> str:
        self.count += 1
        return f"change-{self.count}"

    def mark(self, node: Node, change: str, children: tuple) -> Node:
        """Return ``node`` with ``children`` and the change attribute (and an anchor, unless it has an id; a
        deleted block loses its id, which the current text may use)."""
        attrs = [(name, value) for name, value in node.attrs if not (change == DELETED and name == "id")]
        if not any(name == "id" for name, _ in attrs):
            attrs.append(("id", self.anchor()))
        attrs.append((CHANGE, change))
        return Node(node.tag, node.role, children, tuple(attrs), node.key)

    def merge(self, new: Node, old: Node) -> Node:
        if new == old or new.role in UNCOMPARED:
            return new
        if _leaf(new) and _leaf(old):
            return self.leaf(new, old)
        return Node(new.tag, new.role, self.children(new, old), new.attrs, new.key)

    def leaf(self, new: Node, old: Node) -> Node:
        if (new.role == "heading" or new.key is None) and _numbers(new.text()) == _numbers(old.text()):
            # renumbered, or the template's words around a number: not a change of the text, so the block is not
            # marked; the numbers are (RENUMBERED), so that Word's "Reject all" gives the earlier numbers back
            return Node(new.tag, new.role, diff_inline(old.children, new.children, renumbered=True), new.attrs,
                        new.key)
        children = diff_inline(old.children, new.children)
        if children == new.children:
            return new
        return self.mark(new, CHANGED, children)

    def children(self, new: Node, old: Node) -> tuple:
        """Merge the block children of two containers, aligned by identity."""
        a = [c for c in old.nodes()]
        b = [c for c in new.nodes()]
        sig_a = [_identity(c) or (c.tag, c.role) for c in a]
        sig_b = [_identity(c) or (c.tag, c.role) for c in b]
        out: list = []
        matcher = difflib.SequenceMatcher(None, sig_a, sig_b, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                out += [self.merge(y, x) for x, y in zip(a[a1:a2], b[b1:b2])]
                continue
            olds, news = a[a1:a2], b[b1:b2]
            # unkeyed blocks of the same kind at the same place: the same block, its words changed
            while olds and news and not isinstance(sig_a[a1], str) and sig_a[a1] == sig_b[b1]:
                out.append(self.merge(news.pop(0), olds.pop(0)))
                a1, b1 = a1 + 1, b1 + 1
            out += [self.whole(x, DELETED) for x in olds]  # a block moved is shown deleted here, inserted there
            out += [self.whole(y, INSERTED) for y in news]
        return tuple(out)

    def whole(self, node: Node, change: str) -> Node:
        """Return ``node`` marked inserted or deleted as a whole."""
        wrap = "ins" if change == INSERTED else "del"
        if _leaf(node):
            inner = node.children
            return self.mark(node, change, _wrapped(inner, wrap, change) if node.text().strip() else inner)
        return self.mark(node, change, tuple(self.whole(child, change) for child in node.nodes()))


def _wrapped(children: tuple, wrap: str, change: str) -> tuple:
    """Return inline ``children`` inside one mark (``wrap``). A link that stands alone keeps the mark inside it, as
    word-level marks do, so that the mark holds the words even where the link is laid out as a block (a contents
    entry in print) and the inline mark around it would be left empty."""
    nodes = [child for child in children if not (isinstance(child, str) and child.isspace())]
    if len(nodes) == 1 and isinstance(nodes[0], Node) and nodes[0].tag == "a":
        link = nodes[0]
        inside = Node(link.tag, link.role, _wrapped(link.children, wrap, change), link.attrs, link.key)
        return tuple(inside if child is link else child for child in children)
    return (Node(wrap, change, tuple(children)),)


# -- words ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Token:
    text: str  # a word, a run of spaces, a punctuation mark ("" for an atom)
    path: tuple  # the formatting nodes around it, outermost first (each without its children)
    atom: Node | None = None  # an inline node compared whole (a footnote, a status symbol, a line break)

    @property
    def signature(self) -> tuple:
        if self.atom is not None:
            return ("atom", self.atom)
        return (" " if self.text.isspace() else self.text, self.path)


def _tokens(children, path: tuple = ()) -> list[_Token]:
    found = []
    for child in children:
        if isinstance(child, str):
            found += [_Token(word, path) for word in _WORDS.findall(child)]
        elif child.role in FORMATTING and child.tag in INLINE:
            found += _tokens(child.children, path + (Node(child.tag, child.role, (), child.attrs, child.key),))
        else:
            found.append(_Token("", path, child))
    return found


def _build(tokens: list[_Token], depth: int = 0) -> list:
    """Return the inline children ``tokens`` make, their formatting nodes rebuilt around them."""
    out: list = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if len(token.path) <= depth:
            item = token.atom if token.atom is not None else token.text
            if isinstance(item, str) and out and isinstance(out[-1], str):
                out[-1] += item
            else:
                out.append(item)
            i += 1
            continue
        head, j = token.path[depth], i
        while j < len(tokens) and len(tokens[j].path) > depth and tokens[j].path[depth] == head:
            j += 1
        out.append(Node(head.tag, head.role, tuple(_build(tokens[i:j], depth + 1)), head.attrs, head.key))
        i = j
    return out


def diff_inline(old_children, new_children, renumbered: bool = False) -> tuple:
    """Return the inline content of ``new_children`` with the words inserted since ``old_children`` in
    ``<ins>`` and those deleted put back in ``<del>`` (``renumbered``: marked as numbers that follow the order,
    which the PDF and HTML show as they are now)."""
    a, b = _tokens(old_children), _tokens(new_children)
    matcher = difflib.SequenceMatcher(None, [t.signature for t in a], [t.signature for t in b], autojunk=False)
    groups: list[tuple[str | None, list[_Token]]] = []

    def add(kind, tokens):
        if not tokens:
            return
        if kind is not None and all(t.atom is None and t.text.isspace() for t in tokens):
            if kind == "ins":
                add(None, tokens)
            return  # a change of spacing alone is not a change
        if groups and groups[-1][0] == kind:
            groups[-1][1].extend(tokens)
        else:
            groups.append((kind, list(tokens)))

    for kind, deleted, inserted in _readable(matcher.get_opcodes(), a, b):
        if kind is None:
            add(None, inserted)
        else:
            add("del", deleted)
            add("ins", inserted)
    if all(kind is None for kind, _ in groups):
        return tuple(new_children)
    marked: list[_Token] = []
    for kind, tokens in groups:  # the mark is the innermost element: a link keeps its changed words inside it
        if kind is None:
            marked += tokens
            continue
        mark = Node(kind, INSERTED if kind == "ins" else DELETED, (), ((RENUMBERED, "true"),) if renumbered else ())
        marked += [_Token(t.text, t.path + (mark,), t.atom) for t in tokens]
    return tuple(_build(marked))


def _readable(opcodes, a: list[_Token], b: list[_Token], short: int = 2) -> list[tuple]:
    """Return the diff as segments ``(None, old, new)`` (equal) and ``("change", deleted, inserted)``, with an
    equal stretch of at most ``short`` words between two changes folded into them: a removed sentence reads as one
    deletion, not as fragments around the small words ("and", "of") it shares with the text that stays."""
    segments: list[list] = []
    for op, a1, a2, b1, b2 in opcodes:
        kind = None if op == "equal" else "change"
        segments.append([kind, list(a[a1:a2]), list(b[b1:b2])])
    for index in range(1, len(segments) - 1):
        segment = segments[index]
        words = sum(1 for t in segment[2] if t.atom is not None or not t.text.isspace())
        if segment[0] is None and words <= short and segments[index - 1][0] and segments[index + 1][0]:
            segment[0] = "change"
    merged: list[list] = []
    for segment in segments:
        if merged and segment[0] and merged[-1][0]:
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append(segment)
    return [tuple(segment) for segment in merged]


# -- moves ------------------------------------------------------------------------------------------------------
def _moves(body: Node) -> Node:
    """Return ``body`` with each item that was deleted in one place and inserted in another marked as moved: its
    first block in each place names the other place (the item's heading there and its section's), and an item
    moved unchanged is marked so on every copy and on the contents entries that link to it."""
    copies: dict[str, dict[str, list[tuple[Node, str]]]] = {}
    entries: list[Node] = []  # blocks marked whole without a key of their own: contents entries among them

    def visit(node: Node, place: str) -> None:
        here = next((_current(c) for c in node.nodes() if c.role == "heading"), None)
        place = " ".join(here.split()) if here else place
        for child in node.nodes():
            change, key = child.get(CHANGE), _identity(child)
            if change in (INSERTED, DELETED) and key:
                copies.setdefault(item_of(key), {}).setdefault(change, []).append((child, place))
            elif change in (INSERTED, DELETED):
                entries.append(child)
            elif change is None:
                visit(child, place)

    visit(body, "")
    marks: dict[int, tuple] = {}
    unchanged: set[str] = set()
    for item, sides in copies.items():
        if set(sides) != {INSERTED, DELETED}:
            continue
        deleted, inserted = sides[DELETED], sides[INSERTED]
        only = _numbers(" ".join(reading(n, DELETED) for n, _ in deleted)) == \
            _numbers(" ".join(reading(n, INSERTED) for n, _ in inserted))
        extra = ((MOVED_ONLY, "true"),) if only else ()
        if only:
            unchanged.add(item)
        for side, other, attr in ((inserted, deleted, MOVED_FROM), (deleted, inserted, MOVED_TO)):
            for index, (node, _) in enumerate(side):
                marks[id(node)] = (((attr, _where(other)),) if index == 0 else ()) + extra
    for entry in entries:  # a contents entry of an item moved unchanged: shown once, as it is now
        if any(n.role == "link" and (n.get("href") or "")[1:] in unchanged for n in entry.walk()):
            marks[id(entry)] = ((MOVED_ONLY, "true"),)
    return _marked(body, marks) if marks else body


def _where(copies: list[tuple[Node, str]]) -> str:
    """Return how a note names the place of an item's copies: the item's heading there and its section's
    ("Action 5 — Actions proposed to …"), or the section's alone."""
    heading = next((" ".join(_current(n).split()) for n, _ in copies if n.role == "heading"), "")
    return " — ".join(part for part in (heading, copies[0][1]) if part)


def _marked(node: Node, marks: dict[int, tuple]) -> Node:
    """Return ``node`` with the attributes ``marks`` gives (by ``id``) to it and the nodes below it."""
    children = tuple(_marked(c, marks) if isinstance(c, Node) else c for c in node.children)
    attrs = node.attrs + marks.get(id(node), ())
    if attrs == node.attrs and children == node.children:
        return node
    return Node(node.tag, node.role, children, attrs, node.key)


# -- the summary --------------------------------------------------------------------------------------------------
def _items(body: Node) -> list[Item]:
    """Return the changed items of a marked body, in document order, each named by its heading."""
    found: dict[str, dict] = {}
    headings: dict[str, str] = {}
    for node in body.walk():
        if node.role == "heading" and node.key and (node.get(CHANGE) != DELETED or node.get(MOVED_TO) is None):
            headings.setdefault(item_of(node.key), " ".join(_current(node).split()))  # a moved item's: as now
        change = node.get(CHANGE)
        if not node.key or change is None:
            continue
        entry = found.setdefault(item_of(node.key), {"changes": set(), "anchor": node.get("id"), "node": node})
        if node.get(MOVED_FROM) is not None:  # a moved item is found where it is now
            entry["anchor"] = node.get("id")
        entry["changes"].add(change)
    items = []
    for item, entry in found.items():
        changes = entry["changes"]
        kind = "added" if changes == {INSERTED} else "removed" if changes == {DELETED} else \
            "moved" if changes == {INSERTED, DELETED} else "changed"
        items.append(Item(kind, item, headings.get(item) or _opening(entry["node"]), entry["anchor"]))
    return items


def reading(node: Node, side: str) -> str:
    """Return a marked node's text as the edition (``side=DELETED``: its deletions kept, insertions left out) or
    the current text (``INSERTED``) reads it; a block marked wholly of the other side reads as nothing."""
    drop = INSERTED if side == DELETED else DELETED
    if node.get(CHANGE) == drop:
        return ""
    return "".join(child if isinstance(child, str) else "" if child.role == drop else reading(child, side)
                   for child in node.children)


def _current(node: Node) -> str:
    """Return a marked node's text as it reads now; a removed block's as it read (to name a removed item)."""
    return reading(node, DELETED if node.get(CHANGE) == DELETED else INSERTED)


def _opening(node: Node, words: int = 8) -> str:
    """Return how the summary names an item without a heading of its own: its first words, in quotes."""
    found = _current(node).split()
    return "«" + " ".join(found[:words]) + ("…" if len(found) > words else "") + "»"
