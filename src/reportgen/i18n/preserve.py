"""Write an updated catalogue over its file keeping what did not change as it was written.

Babel rewrites a whole catalogue in its own way; a file saved by Poedit (wrapped at 79 columns, CRLF, a BOM,
previous strings over several ``#|`` lines with ``#| msgctxt``) would then show as a whole-file diff after one
update. Here every entry whose content is unchanged keeps its own lines (only its ``#:`` references follow the
content), the header keeps its own fields (only the date lines change), and the file keeps its line endings, its
byte-order mark and its wrapping width for the entries that are new or changed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from babel.messages.pofile import normalize, read_po, unescape

BOM = "\ufeff"
_DATE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$')


@dataclass(frozen=True)
class Style:
    """How a catalogue file is written: its line ending, byte-order mark and wrapping width (0: no wrapping)."""

    newline: str = "\n"
    bom: bool = False
    width: int = 0


def style_of(text: str) -> Style:
    """Return the style of a catalogue's text: CRLF or LF, BOM or not, wrapped at 79 (as Poedit and gettext
    wrap) when any string runs over several lines, else unwrapped."""
    body = text.lstrip(BOM)
    lines = body.replace("\r\n", "\n").split("\n")
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    wrapped = any(line.endswith(' ""') and i + 1 < len(lines) and lines[i + 1].startswith('"')
                  for i, line in enumerate(lines[header_end:], header_end) if not line.startswith("#"))
    return Style("\r\n" if "\r\n" in body else "\n", text.startswith(BOM), 79 if wrapped else 0)


def previous_strings(comments: list[str]) -> tuple[str | None, str | None, list[str]]:
    """Return the previous msgctxt and msgid that ``#|`` lines (read by Babel as comments "| …") hold, each
    possibly over several lines, and the other comments."""
    found: dict[str, list[str]] = {}
    others, current = [], None
    for comment in comments:
        if not comment.startswith("|"):
            others.append(comment)
            continue
        line = comment[1:].strip()
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            current = keyword
            found[keyword] = [rest.strip()]
        elif line.startswith('"') and current:
            found[current].append(line)
    value = {key: "".join(unescape(part) for part in parts) for key, parts in found.items()}
    return value.get("msgctxt"), value.get("msgid"), others


def _entries(text: str) -> list[tuple[str, object, bool]]:
    """Return each blank-line-separated block of a catalogue with the message it holds (None for the header and
    for comment-only blocks) and whether it is obsolete; the text is parsed once, blocks found by line."""
    lines = text.lstrip(BOM).replace("\r\n", "\n").split("\n")
    spans, start = [], None
    for number, line in enumerate(lines + [""], 1):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            spans.append((start, number - 1))
            start = None
    catalog = read_po(io.StringIO("\n".join(lines)))
    by_line = {m.lineno: (m, False) for m in catalog if m.id}
    by_line.update({m.lineno: (m, True) for m in catalog.obsolete.values()})
    found = []
    for first, last in spans:
        block = "\n".join(lines[first - 1:last])
        hit = next((by_line[n] for n in range(first, last + 1) if n in by_line), (None, False))
        found.append((block, hit[0], hit[1]))
    return found


def _identity(message, obsolete: bool) -> tuple:
    return (obsolete, message.context, message.id if isinstance(message.id, str) else tuple(message.id))


def _content(message) -> tuple:
    """What an entry says, references aside: translation, flags, notes, comments, previous strings."""
    context, previous, comments = previous_strings(message.user_comments)
    return (message.string, tuple(sorted(message.flags)), _words(message.auto_comments), _words(comments), previous)


def _words(comments: list[str]) -> str:
    """Return comments as their words: a note wrapped over two lines is the same note."""
    return " ".join(" ".join(comments).split())


def preserve(old_text: str, new_text: str) -> str:
    """Return ``new_text`` (a catalogue as Babel wrote it) with each entry that ``old_text`` already had, and
    had the same, written as ``old_text`` wrote it; in the old file's style."""
    style = style_of(old_text)
    old_entries = _entries(old_text)
    old = {_identity(m, obsolete): (m, block) for block, m, obsolete in old_entries if m is not None}
    old_header = old_entries[0][0] if old_entries and old_entries[0][1] is None else ""
    out = []
    for index, (block, message, obsolete) in enumerate(_entries(new_text)):
        if message is None:  # the header: the old one, with the new dates
            out.append(_header(old_header, block) if index == 0 and old_header else block)
            continue
        known = old.get(_identity(message, obsolete))
        if known is None or _content(known[0]) != _content(message):
            out.append(block)
        elif known[0].locations == message.locations:
            out.append(known[1])
        else:  # the same entry, moved in the content: new references, the rest as it was
            references = [line for line in block.split("\n") if line.startswith("#:")]
            kept = [line for line in known[1].split("\n") if not line.startswith("#:")]
            at = next((i for i, line in enumerate(kept) if not line.startswith(("# ", "#.")) and line != "#"),
                      len(kept))
            out.append("\n".join(kept[:at] + references + kept[at:]))
    plain = old_text.replace("\r\n", "\n")
    text = "\n\n".join(out) + "\n" * (len(plain) - len(plain.rstrip("\n")) or 1)  # the old file's last lines
    return (BOM if style.bom else "") + text.replace("\n", style.newline)


def _header(old: str, new: str) -> str:
    dates = {m.group(1): line for line in new.split("\n") if (m := _DATE.match(line))}
    return "\n".join(dates.get(m.group(1), line) if (m := _DATE.match(line)) else line for line in old.split("\n"))


def with_previous(text: str, previous: dict[tuple, str], width: int) -> str:
    """Return a catalogue text with ``#| msgid`` lines for the fuzzy entries of ``previous`` ((msgctxt, msgid) ->
    previous msgid), wrapped as gettext wraps them (Babel's own wrapped previous lines cannot be read back)."""
    out = []
    for block, message, obsolete in _entries(text):
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0]) if message else None
        if key in previous and not obsolete:
            lines = block.split("\n")
            at = next(i for i, line in enumerate(lines) if line.startswith(("msgctxt ", "msgid ")))
            quoted = normalize(previous[key], width=width).split("\n")
            lines[at:at] = [f"#| msgid {quoted[0]}"] + [f"#| {line}" for line in quoted[1:]]
            block = "\n".join(lines)
        out.append(block)
    return "\n\n".join(out) + "\n"

