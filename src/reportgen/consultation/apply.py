"""``reportgen comments apply``: the proposals a compilation's "Decision" column accepts, written into the
content's YAML (the English source) as minimal edits — only the scalar of each changed text is rewritten, folded at
the width and indentation it had, so the file's comments, order and wrapping stay. Every proposal is checked
first: one whose text changed since the edition (it no longer applies), one in a translated file, or one on a text
with inline markup (which a Word file does not carry back) refuses the whole file, and nothing is written."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..source import markup
from ..source.files import read_input, read_named

ACCEPTED = ("accepted", "accept", "yes", "agreed")
PROPOSALS = ("tracked change", "changed without tracking", "tracked change (matched by text)",
             "changed without tracking (matched by text)")


@dataclass(frozen=True)
class Proposal:
    """An accepted proposal: its row (for messages), item, content key, the edition's text and the new one."""

    row: int
    item: str
    key: str
    edition: str
    text: str


def accepted(path: Path, shown: str) -> list[Proposal]:
    """Return the accepted proposals of a compilation; raise with every row that cannot be applied."""
    from .compilation import CUT, sheet_rows

    data = read_named(path, 32 * 1024 * 1024, shown)
    rows = sheet_rows(data, shown, "not a compilation of comments written by 'reportgen comments import'")
    header = [str(name or "") for name in rows[0]] if rows else []
    found, problems = [], []
    for number, values in enumerate(rows[1:], start=2):
        row = {name: "" if value is None else str(value).strip() for name, value in zip(header, values)}
        if row.get("Decision", "").lower() not in ACCEPTED or row.get("Kind") not in PROPOSALS:
            continue
        where = Location(f"{shown}:Compilation!A{number}")
        if row.get("Language") != "en":
            problems.append(Diagnostic(where, f"{row.get('Item')}: a proposal on the {row.get('Language')} "
                                              f"translation: carry it into the catalogue by hand (the content's "
                                              f"YAML is the English source)"))
        elif not row.get("Key"):
            problems.append(Diagnostic(where, f"{row.get('Item')}: the row has no content key"))
        elif row.get("Proposed text", "").endswith(CUT.strip()):
            problems.append(Diagnostic(where, f"{row.get('Item')}: the proposed text was cut to fit its cell and "
                                              f"the hidden sheet 'Whole texts' no longer holds it whole: type the "
                                              f"whole text in the cell, or import the returned files again"))
        else:
            found.append(Proposal(number, row.get("Item", ""), row["Key"], row.get("Text of the edition", ""),
                                  row.get("Proposed text", "")))
    if problems:
        raise ReportgenError(problems)
    return found


def apply_compilation(root: Path, path: Path) -> list[Proposal]:
    """Write the accepted proposals of the compilation at ``path`` into the project's content; return them."""
    from ..project import load_project
    from ..source.text import texts
    from ..writing import Change, project_lock, write_files

    root = root.resolve()
    shown = path.name
    proposals = accepted(path, shown)
    project = load_project(root, catalogues=False)
    by_key = {text.context: text for doc in project.documents.values() for text in texts(doc.model)}
    edits: dict[str, list[tuple[int, str]]] = {}
    problems, seen = [], {}
    for proposal in proposals:
        where = Location(f"{shown}:Compilation!A{proposal.row}")
        text = by_key.get(proposal.key)
        first = seen.setdefault(proposal.key, proposal.row)
        if first != proposal.row:
            problems.append(Diagnostic(where, f"{proposal.item}: a second accepted proposal for the same text (row "
                                              f"{first} is the first): accept one of them"))
        elif not proposal.text.strip():
            problems.append(Diagnostic(where, f"{proposal.item}: the proposal deletes the whole text: remove the "
                                              f"item by hand if that is what was decided"))
        elif text is None:
            problems.append(Diagnostic(where, f"{proposal.item}: the content no longer has '{proposal.key}'"))
        elif " ".join(markup.plain(text.value).split()) != proposal.edition:
            problems.append(Diagnostic(where, f"{proposal.item}: the text changed since the edition "
                                              f"({text.loc}): the proposal no longer applies"))
        elif markup.plain(text.value) != text.value:
            problems.append(Diagnostic(where, f"{proposal.item}: the text has inline markup, which the Word file "
                                              f"does not carry back: apply it by hand ({text.loc})"))
        else:
            # the partner's words are text, never markup: a typed "[x](https://…)" or "*" stays as typed
            edits.setdefault(text.loc.file, []).append((text.loc.line, markup.literal(proposal.text)))
    if problems:
        raise ReportgenError(problems)
    with project_lock(root):
        changes = []
        for relative, replacements in sorted(edits.items()):
            source = read_input(root, relative, 2 * 1024 * 1024).decode("utf-8")
            edited, unsafe = edit_scalars(source, replacements)
            problems += [Diagnostic(Location(relative, line), "this text's YAML form cannot be edited safely: "
                                                              "apply the proposal by hand") for line in unsafe]
            changes.append(Change(root / relative, edited.encode("utf-8"), relative))
        if problems:
            raise ReportgenError(problems)
        write_files(changes)
    return proposals


def edit_scalars(source: str, replacements: list[tuple[int, str]]) -> tuple[str, list[int]]:
    """Return ``source`` with the scalar that starts on each line (1-based) holding its new text, and the lines
    whose scalar could not be edited so that the file reads back with that text. A folded or literal block keeps
    its indentation and is folded at the width its longest line had; any other scalar (plain on its key's line or
    on the lines below, quoted) becomes a double-quoted one, in place."""
    import yaml

    nodes = _scalars(yaml.compose(source))
    unsafe = [line for line, _ in replacements if line - 1 not in nodes]
    text = source
    for line, new in sorted(((line, new) for line, new in replacements if line - 1 in nodes), reverse=True):
        node = nodes[line - 1]  # from the bottom: the scalars above keep their places
        if node.style in (">", "|"):
            lines = text.split("\n")
            text = "\n".join(_refold(lines, node.start_mark.line, node.end_mark.line, new))
        else:
            text = text[:node.start_mark.index] + json.dumps(new, ensure_ascii=False) + text[node.end_mark.index:]
    try:
        after = _scalars(yaml.compose(text))
    except yaml.YAMLError:
        return source, sorted({line for line, _ in replacements})
    unsafe += [line for line, new in replacements if line - 1 in nodes and (
        line - 1 not in after or " ".join(after[line - 1].value.split()) != " ".join(new.split()))]
    return text, sorted(set(unsafe))


def _scalars(node) -> dict:
    """Return the scalar nodes of a composed YAML document by the line (0-based) they start on."""
    found, stack = {}, [node] if node is not None else []
    while stack:
        item = stack.pop()
        if isinstance(item.value, list):  # a mapping's (key, value) pairs or a sequence's items
            for child in item.value:
                stack.extend(child if isinstance(child, tuple) else (child,))
        else:
            found.setdefault(item.start_mark.line, item)
    return found


def _refold(lines: list[str], header: int, end: int, text: str) -> list[str]:
    """Return ``lines`` with the body of the block scalar whose header (``key: >-``) is on line ``header`` refolded
    to hold ``text``, at the indentation and width it had."""
    body = [b for b in lines[header + 1:end] if b.strip()]
    while end > header + 1 and not lines[end - 1].strip():
        end -= 1
    line = lines[header]
    block = body or ["  " + " " * (len(line) - len(line.lstrip()))]
    indent = block[0][:len(block[0]) - len(block[0].lstrip())]
    width = max(max(len(b) for b in block), 80)
    wrapped = textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                            break_long_words=False, break_on_hyphens=False)
    return lines[:header + 1] + wrapped + lines[end:]
