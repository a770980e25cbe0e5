"""Minimal edits of a PO text: an entry's ``msgstr`` replaced, its fuzzy flag set, a translator comment added —
only those lines rewritten (the msgstr unwrapped, as the project writes it), the rest byte for byte."""

from __future__ import annotations

from babel.messages.pofile import normalize

from ..diagnostics import Diagnostic, Location
from ..i18n.catalogue import placeholders
from ..i18n.xliff import _LINE, _ending, _entries


def edit_entries(po_text: str, corrections, prefixes: set[str], accept: bool, shown: str) -> tuple[str, list, int]:
    """Apply review corrections to ``po_text``; return the new text, the problems, and how many entries changed.
    An entry is found by its msgctxt (``prefix:where``) or, for the template's words, by its English."""
    from .review_import import plain

    lines = _LINE.findall(po_text)
    entries = _entries(lines)
    by_context = {m.context: (m, span) for m, span in entries if m.context}
    by_english = {plain(_first(m.id)): (m, span) for m, span in entries if not m.context}
    problems, inserts, changed = [], [], 0
    for correction in corrections:
        where = Location(f"{shown}: row {correction.row}")
        if correction.context:  # the same field in two documents (two rounds' titles): the one with this English
            same = [by_context[f"{prefix}:{correction.context}"] for prefix in sorted(prefixes)
                    if f"{prefix}:{correction.context}" in by_context]
            found = next((entry for entry in same if plain(_first(entry[0].id)) == correction.english),
                         same[0] if same else None)
        else:
            found = by_english.get(correction.english)
        edited = correction.translation is not None or correction.comments
        if found is None:
            if edited:
                problems.append(Diagnostic(where, f"no catalogue entry for «{correction.english[:60]}» "
                                                  f"({correction.context or 'template'})"))
            continue
        m, span = found
        refused = _refusal(m, correction, plain)
        if refused:  # on a row the reviewer did not annotate: said, and the entry left as the catalogue has it
            problems.append(Diagnostic(where, refused if edited else f"{refused}; the entry is left as it is",
                                       severity="error" if edited else "warning"))
            continue
        if not edited:
            continue
        if correction.translation is not None:
            a, b = span.msgstr
            nl = _ending(lines[a]) or "\n"
            if m.pluralizable:  # the pack shows the first form: it is corrected, the others are left to confirm
                forms = [correction.translation, *list(m.string)[1:]]
                written = [f"msgstr[{n}] {normalize(form or '', width=0)}" for n, form in enumerate(forms)]
            else:
                written = [f"msgstr {normalize(correction.translation, width=0)}"]
            lines[a:b] = ["\n".join(written).replace("\n", nl) + _ending(lines[b - 1])] + [""] * (b - a - 1)
            if (m.pluralizable or not accept) and not m.fuzzy:
                _fuzzy(lines, span)
        start = span.msg_start
        while start > 0 and lines[start - 1].startswith("#"):
            start -= 1
        inserts += [(start, f"# reviewer: {' '.join(c.split())}{_ending(lines[start]) or chr(10)}")
                    for c in correction.comments]
        changed += 1
    for at, line in sorted(inserts, key=lambda item: item[0], reverse=True):
        lines.insert(at, line)
    return "".join(lines), problems, changed


def _refusal(m, correction, plain) -> str | None:
    """Return why a row cannot be carried into entry ``m``, or None: its English is not the entry's, the
    translation it showed is not the catalogue's, or its correction's placeholders are not the English's."""
    english = list(m.id) if m.pluralizable else [m.id]
    current = _first(m.string) or ""
    if plain(english[0]) != correction.english:
        return (f"the row's English «{correction.english[:60]}» is not the catalogue's for "
                f"{correction.context or 'this string'}: the pack's first columns were edited, or it is older than "
                f"the catalogue")
    if current and plain(current) != plain(correction.sent):
        return (f"«{correction.english[:60]}»: the translation in the pack is not the catalogue's: changed without "
                f"Track Changes (turn it on and make the change again), or the catalogue changed since the pack was "
                f"written (write a new pack)")
    if correction.translation is not None:
        got = placeholders(correction.translation)
        if all(placeholders(form) != got for form in english):
            wanted = placeholders(english[0])
            return (f"«{correction.english[:60]}»: the correction has the placeholders {', '.join(got) or 'none'} "
                    f"where the English has {', '.join(wanted) or 'none'}: keep them as they are")
    return None


def _first(value):
    """Return a message's singular (or first) form."""
    return value[0] if isinstance(value, (tuple, list)) else value


def _fuzzy(lines: list[str], span) -> None:
    """Mark an entry fuzzy (first among its flags, as gettext writes it)."""
    if span.flag_lines:
        i = span.flag_lines[0]
        flags = [f.strip() for f in lines[i].rstrip("\r\n")[2:].split(",") if f.strip()]
        lines[i] = "#, " + ", ".join(["fuzzy"] + flags) + _ending(lines[i])
    else:
        i = span.msg_start
        lines[i] = "#, fuzzy" + (_ending(lines[i]) or "\n") + lines[i]
