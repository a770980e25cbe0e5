"""The compilation of comments as a Word file, beside the workbook: a heading, then one table row per comment or
proposal — the item, the partner, the proposal as a redline of the edition's text (real tracked changes, so Word's
Review pane lists each), the comment with its author and date, and empty columns for the secretariat's response and
decision. A document tree like any other, written by the Word writer."""

from __future__ import annotations

from dataclasses import replace

from ..editions.compare import diff_inline
from ..tree import Node, parse
from ..documents.frame import FRAME

HEADINGS = ("Item", "Partner", "Proposal (as a redline of the edition's text)", "Comment", "Secretariat response",
            "Decision")


def compilation_tree(title: str, records: list[dict[str, str]]):
    """Return the document tree of the compilation of ``records`` (the workbook's rows)."""
    html = (f'<!DOCTYPE html><html lang="en"><head><title>{_escape(title)}</title></head><body>'
            f'<h1>{_escape(title)}</h1></body></html>')
    tree = parse(html, FRAME, "compilation of comments")
    header = Node("tr", "row", tuple(Node("th", "text", (name,)) for name in HEADINGS))
    rows = [header] + [_row(record) for record in records]
    table = Node("table", "table", (Node("thead", "head-rows", (header,)),
                                    Node("tbody", "body-rows", tuple(rows[1:]))))
    body = tree.body
    return replace(tree, body=Node(body.tag, body.role, (*body.children, table), body.attrs, body.key))


def _row(record: dict[str, str]) -> Node:
    proposal = record["Proposed text"]
    redline = diff_inline((record["Text of the edition"],), (proposal,)) if proposal else ()
    signed = f"{record['Author']}, {record['Date']}" if record["Author"] else ""
    comment = " — ".join(part for part in (record["Comment"], signed) if part)  # a proposal alone: who and when
    cells = [(f"{record['Item']}",), (record["Partner"],), redline, (comment,), (record["Secretariat response"],),
             (record["Decision"],)]
    return Node("tr", "row", tuple(Node("td", "text", tuple(cell)) for cell in cells))


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
