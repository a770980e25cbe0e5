"""XLIFF 1.2 for CAT tools (Trados, memoQ, Phrase, Weblate), built and read with translate-toolkit.

``po_to_xliff`` exports the active entries of a catalogue (read with Babel, as the project does).
``xliff_to_po`` applies a translated XLIFF to the original PO text by rewriting only the ``msgstr`` lines (and
the ``#,`` flags line) of entries that changed, so everything else stays byte for byte as it was.

Unit ids hash msgctxt + msgid (stable across re-extraction); ``resname`` is the msgctxt, or the msgid without one.
Plurals: translate-toolkit's ``<group restype="x-gettext-plurals">``, a trans-unit per form, ids ``<id>[0]``...
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from babel.messages.catalog import Message
from babel.messages.pofile import normalize, read_po
from lxml import etree
from translate.misc.multistring import multistring
from translate.storage import poxliff

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
DONE = {"translated", "final", "signed-off"}  # target states that mean "not fuzzy"
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")  # lines with their endings; str.splitlines also splits on \x0c, \u2028...


@dataclass
class _Span:
    """Where one active entry's lines are: its ``#,`` lines, first ``#|``/keyword line and msgstr lines."""

    flag_lines: list[int] = field(default_factory=list)
    msg_start: int | None = None
    msgstr: list[int] = field(default_factory=list)  # [first, last + 1]


def _spans(lines: list[str]) -> dict[int, _Span]:
    """Map the index of each active entry's msgid line to the positions of the entry's lines."""
    spans: dict[int, _Span] = {}
    cur: _Span | None = None
    for i, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        keyword = line.split(" ", 1)[0].split("[", 1)[0]
        if cur and (not line.strip() or cur.msgstr and keyword != "msgstr" and not line.startswith('"')):
            cur = None  # a blank line, or anything but msgstr lines after the msgstr, ends the entry
        if not line.strip() or line.startswith("#~"):
            continue
        cur = cur or _Span()
        if line.startswith("#,"):
            cur.flag_lines.append(i)
        elif cur.msg_start is None and (line.startswith("#|") or keyword in ("msgctxt", "msgid")):
            cur.msg_start = i
        if keyword == "msgid":
            spans[i] = cur
        elif keyword == "msgstr" or line.startswith('"') and cur.msgstr:
            cur.msgstr = [cur.msgstr[0] if cur.msgstr else i, i + 1]
    return spans


def _entries(lines: list[str]) -> list[tuple[Message, _Span]]:
    """The active entries of a PO text (no header, no obsolete ones), each with its line positions."""
    spans = _spans(lines)
    return [(m, spans[m.lineno - 1]) for m in read_po(lines, charset="utf-8") if m.id]  # lineno: the msgid line


def _uid(m: Message) -> str:
    """Stable unit id: a hash of the gettext lookup key, msgctxt + EOT + msgid."""
    key = m.id[0] if m.pluralizable else m.id
    return "u" + hashlib.sha1((key if m.context is None else f"{m.context}\x04{key}").encode()).hexdigest()[:16]


def _texts(m: Message) -> tuple[list[str], list[str]]:
    """The source and the msgstr of each plural form (a single one for a singular entry)."""
    if not m.pluralizable:
        return [m.id], [m.string or ""]
    return [m.id[0]] + [m.id[1]] * (len(m.string) - 1), [s or "" for s in m.string]


class _PoXliff12(poxliff.PoXliffFile):
    """translate-toolkit's PO-flavoured XLIFF store, in the XLIFF 1.2 namespace, with datatype="po"."""

    XMLskeleton = poxliff.PoXliffFile.XMLskeleton.replace("1.1", "1.2").replace("plaintext", "po")
    namespace = XLIFF12
    XMLindent = {**poxliff.PoXliffFile.XMLindent, "ignore_preserve": {"trans-unit", "group"}}


def po_to_xliff(po_text: str, source_lang: str, target_lang: str, original: str) -> bytes:
    """Return an XLIFF 1.2 document with one unit per active PO entry; same input, same bytes."""
    store = _PoXliff12(sourcelanguage=source_lang, targetlanguage=target_lang)
    for m, _ in _entries(_LINE.findall(po_text)):
        sources, targets = _texts(m)
        unit = store.addsourceunit(multistring(sources) if len(sources) > 1 else sources[0], original, True)
        for child in unit.units:  # plural children are created in the 1.1 namespace: align them
            child.namespace = store.namespace
        unit.setid(_uid(m))
        unit.xmlelement.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")  # also on a plural <group>
        unit.xmlelement.set("resname", m.context or sources[0])
        if any(targets):
            unit.target = multistring(targets) if len(sources) > 1 else targets[0]
        for u, text in zip(unit.units if unit.hasplural() else [unit], targets):  # one state per plural form
            u.xmlelement.attrib.pop("approved", None)  # translate-toolkit marks every translated unit approved="yes"
            target = u.xmlelement.find(f"{{{XLIFF12}}}target")  # an untranslated unit gets an empty one
            (etree.SubElement(u.xmlelement, f"{{{XLIFF12}}}target") if target is None else target).set(
                "state", "needs-translation" if not text else "needs-review-translation" if m.fuzzy else "translated")
        # The context groups and notes of translate-toolkit's po2xliff, plus the msgctxt (which po2xliff drops).
        for filename, lineno in m.locations:
            contexts = [("sourcefile", filename)] + ([("linenumber", str(lineno))] if lineno else [])
            unit.createcontextgroup("po-reference", contexts, purpose="location")
        auto = "\n".join(m.auto_comments)
        user = "\n".join(c for c in m.user_comments if not c.startswith("|"))  # Babel reads "#|" lines as comments
        info = [(kind, text) for kind, text in (("x-po-msgctxt", m.context), ("x-po-autocomment", auto),
                                                ("x-po-trancomment", user)) if text]
        if info:
            unit.createcontextgroup("po-entry", info, purpose="information")
        for text, origin in ((auto, "developer"), (user, "po-translator")):
            if text:
                note = etree.Element(f"{{{XLIFF12}}}note", {"from": origin})
                note.text = text
                first_tu = unit.xmlelement.find(f"{{{XLIFF12}}}trans-unit")  # in a <group>, notes come first
                first_tu.addprevious(note) if first_tu is not None else unit.xmlelement.append(note)
    etree.cleanup_namespaces(store.document)  # drop the unused 1.1 declarations left by the namespace change
    return bytes(store)


def _ending(line: str) -> str:
    """The line ending of ``line`` ("" on a last line without one)."""
    return line[len(line.rstrip("\r\n")) :]


def xliff_to_po(xliff_bytes: bytes, po_text: str) -> tuple[str, list[str], int]:
    """Apply the targets and states of a translated XLIFF to ``po_text``; return the new text, the problems, and
    how many entries changed (their translation, or their fuzzy state).

    Only the msgstr lines and the ``#,`` line of entries whose translation or fuzzy state changed are rewritten
    (msgstr unwrapped, as the project's ``write_po(width=0)`` writes it). Units unknown to the catalogue, or whose
    source or resname no longer match their entry, are reported and not applied; a unit with no target at all
    leaves its entry as it is; a target with a character a catalogue cannot carry is reported, naming it.
    """
    lines = _LINE.findall(po_text)
    entries = {_uid(m): (m, span) for m, span in _entries(lines)}
    problems: list[str] = []
    changed = 0
    for unit in poxliff.PoXliffFile.parsestring(xliff_bytes).units:
        uid, resname = unit.xmlelement.get("id"), unit.xmlelement.get("resname")
        if uid not in entries:
            problems.append(f"unit {uid} ({resname!r}): unknown to the catalogue")
            continue
        (m, span), subunits = entries[uid], unit.units if unit.hasplural() else [unit]
        sources, old = _texts(m)
        if [str(u.source) for u in subunits] != sources or resname != (m.context or sources[0]):
            problems.append(f"unit {uid} ({resname!r}): source no longer matches the catalogue entry")
            continue
        if all(u.getlanguageNode(None, 1) is None for u in subunits):
            continue  # no <target>: the unit says nothing of the translation
        targets = [str(u.target or "") for u in subunits]
        bad = [problem for target in targets for problem in _target_problems(target, sources[0])]
        if bad:
            problems.extend(f"unit {uid} ({resname!r}): the target has {problem}" for problem in dict.fromkeys(bad))
            continue
        states = [getattr(u.getlanguageNode(None, 1), "attrib", {}).get("state") for u in subunits]
        fuzzy = not all(s in DONE or u.isapproved() for s, u, t in zip(states, subunits, targets) if t)
        changed += targets != old or fuzzy != m.fuzzy
        if targets != old:
            a, b = span.msgstr
            nl = _ending(lines[a]) or "\n"
            keywords = [f"msgstr[{n}]" for n in range(len(targets))] if m.pluralizable else ["msgstr"]
            new = nl.join(f"{kw} {normalize(t, width=0)}".replace("\n", nl) for kw, t in zip(keywords, targets))
            lines[a:b] = [new + _ending(lines[b - 1])] + [""] * (b - a - 1)  # same length: indices stay valid
        if fuzzy != m.fuzzy:
            flags = {i: [f.strip() for f in lines[i].rstrip("\r\n")[2:].split(",") if f.strip()]
                     for i in span.flag_lines}
            if fuzzy and flags:  # gettext puts fuzzy first: "#, fuzzy, python-format"
                i = span.flag_lines[0]
                lines[i] = "#, " + ", ".join(["fuzzy"] + flags[i]) + _ending(lines[i])
            elif fuzzy:
                i = span.msg_start
                lines[i] = "#, fuzzy" + (_ending(lines[i]) or "\n") + lines[i]
            for i, fl in flags.items() if not fuzzy else []:
                rest = [f for f in fl if f != "fuzzy"]
                lines[i] = "#, " + ", ".join(rest) + _ending(lines[i]) if rest else ""
    return "".join(lines), problems, changed


def _target_problems(target: str, source: str) -> list[str]:
    """Return what a translation has that its catalogue cannot carry: a control character, a line or paragraph
    separator, a line break its source does not have."""
    import unicodedata

    from ..source.text import unprintable

    found = [f"the {unicodedata.name(c, 'separator').lower()} U+{ord(c):04X}" for c in dict.fromkeys(target)
             if unicodedata.category(c) in ("Zl", "Zp")]
    found += unprintable(target.replace("\n", "").replace("\t", ""))
    if ("\n" in target or "\r" in target) and not ("\n" in source or "\r" in source):
        found.append("a line break, which its source does not have")
    return found
