"""``reportgen comments apply``: the proposals a compilation's "Decision" column accepts, written into the
content's YAML (the English source) as minimal edits — only the scalar of each changed text is rewritten, folded at
the width and indentation it had, so the file's comments, order and wrapping stay. Every proposal is checked
first: one whose text changed since the edition (it no longer applies), one in a translated file, or one on a text
with inline markup (which a Word file does not carry back) refuses the whole file, and nothing is written."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..source import markup
from ..source.files import read_input, read_named

ACCEPTED = ("accepted", "accept", "yes", "agreed")
PROPOSALS = ("tracked change", "changed without tracking", "tracked change (matched by text)",
             "changed without tracking (matched by text)")
_BLOCK = re.compile(r"(?::|^\s*-)\s*[>|][-+]?\s*$")


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
    from .compilation import sheet_rows

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
    problems = []
    for proposal in proposals:
        where = Location(f"{shown}:Compilation!A{proposal.row}")
        text = by_key.get(proposal.key)
        if text is None:
            problems.append(Diagnostic(where, f"{proposal.item}: the content no longer has '{proposal.key}'"))
        elif " ".join(markup.plain(text.value).split()) != proposal.edition:
            problems.append(Diagnostic(where, f"{proposal.item}: the text changed since the edition "
                                              f"({text.loc}): the proposal no longer applies"))
        elif markup.plain(text.value) != text.value:
            problems.append(Diagnostic(where, f"{proposal.item}: the text has inline markup, which the Word file "
                                              f"does not carry back: apply it by hand ({text.loc})"))
        else:
            edits.setdefault(text.loc.file, []).append((text.loc.line, proposal.text))
    if problems:
        raise ReportgenError(problems)
    with project_lock(root):
        changes = []
        for relative, replacements in sorted(edits.items()):
            lines = read_input(root, relative, 2 * 1024 * 1024).decode("utf-8").split("\n")
            for line, new in sorted(replacements, reverse=True):  # from the bottom: earlier lines stay put
                lines = replace_scalar(lines, line - 1, new)
            changes.append(Change(root / relative, "\n".join(lines).encode("utf-8"), relative))
        write_files(changes)
    return proposals


def replace_scalar(lines: list[str], index: int, text: str) -> list[str]:
    """Return ``lines`` with the scalar that starts on line ``index`` holding ``text``: a folded block keeps its
    indentation and is folded at the width its longest line had; a scalar on its key's line becomes a quoted one."""
    line = lines[index]
    if _BLOCK.search(line):
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >
                                    len(line) - len(line.lstrip())):
            end += 1
        while end > index + 1 and not lines[end - 1].strip():
            end -= 1
        block = lines[index + 1:end] or ["  " + " " * (len(line) - len(line.lstrip()))]
        indent = block[0][:len(block[0]) - len(block[0].lstrip())]
        width = max(max(len(b) for b in block), 80)
        body = textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False)
        return lines[:index + 1] + body + lines[end:]
    key, sep, _ = line.partition(": ")
    if not sep:
        key, sep = line.rstrip()[:-1], ": "  # "key:" with its value on the next line is not written by reportgen
    return lines[:index] + [f"{key}{sep}{json.dumps(text, ensure_ascii=False)}"] + lines[index + 1:]
