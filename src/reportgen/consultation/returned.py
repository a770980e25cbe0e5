"""A returned Word file, read: where its text came from (the hidden ``_RG`` bookmarks and the key table in its
custom properties, see ``writers/docx/body.py``), its comments (author, date, text, the passage they are anchored
on, the comment a reply answers: ``commentsExtended.xml``, as Word and LibreOffice write threads), its tracked insertions and deletions, and each keyed paragraph's text as the partner left it. Read with
zipfile and lxml only, checked as a package first (not a Word file, damaged, macros, too large unpacked)."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..i18n.locales import LANGUAGES
from ..source.files import read_input

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
# tracked changes of text: Word's move ranges too (the text moved away from one place and to another)
KINDS = {f"{W}ins": "insertion", f"{W}del": "deletion", f"{W}moveFrom": "moved away", f"{W}moveTo": "moved here"}
NEW, OLD = frozenset({f"{W}ins", f"{W}moveTo"}), frozenset({f"{W}del", f"{W}moveFrom"})
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
MAX_FILE = 20 * 1024 * 1024
MAX_UNPACKED = 80 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Comment:
    """A comment: its number in the file (1, 2, … in document order), author, date, text and anchored passage."""

    number: int
    author: str
    date: str
    text: str
    anchored: str
    key: str | None  # the content key of the paragraph it is anchored in (None: the cover, a heading of the frame)
    reply_to: int | None = None  # the number of the comment this one answers
    id: str = ""  # its w:id in the file
    picture: bool = False  # anchored in a paragraph that holds a picture (a chart)


@dataclass(frozen=True)
class Change:
    """A tracked insertion or deletion in a keyed paragraph."""

    kind: str  # "insertion", "deletion", "moved away", "moved here"
    author: str
    date: str
    text: str
    key: str


@dataclass
class Returned:
    """What a returned file holds."""

    shown: str
    document: str = ""
    language: str = ""
    comments: list[Comment] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    before: dict[str, str] = field(default_factory=dict)  # key -> the paragraph with its tracked changes rejected
    after: dict[str, str] = field(default_factory=dict)  # key -> … accepted
    by_text: bool = False  # its bookmarks were lost: paragraphs are keyed "#p<n>" until matched by their text

    def rekey(self, keys: dict[str, str]) -> None:
        """Replace the stand-in keys of a file read by text with the content keys they matched (a paragraph that
        matched none loses its key: its comments are listed without an item, its changes dropped)."""
        self.before = {keys[k]: v for k, v in self.before.items() if k in keys}
        self.after = {keys[k]: v for k, v in self.after.items() if k in keys}
        self.changes = [Change(c.kind, c.author, c.date, c.text, keys[c.key]) for c in self.changes if c.key in keys]
        self.comments = [replace(c, key=keys.get(c.key or "")) for c in self.comments]


def read_returned(path: Path, shown: str) -> Returned:
    """Return what the Word file at ``path`` holds; raise with a located error when it is not a Word file. A file
    whose bookmarks were lost is read by its text (see :attr:`Returned.by_text`)."""
    data = read_input(path.parent, path.name, MAX_FILE, shown, base=Path("/"))
    parts = package_parts(data, shown)
    found = Returned(shown)
    properties = _properties(parts.get("docProps/custom.xml"), shown)
    found.document, found.language = properties.get("reportgen.document", ""), properties.get("reportgen.language", "")
    table = dict(entry.split("=", 1) for name, value in sorted(properties.items())
                 if name.startswith("reportgen.keys.") for entry in value.split(";") if "=" in entry)
    if not table:  # an editor that drops bookmarks and properties, or a file retyped: read it by its text
        found.by_text = True
        core = parse_xml(parts["docProps/core.xml"], shown) if "docProps/core.xml" in parts else None
        word = next((e.text for e in core.iter("{http://purl.org/dc/elements/1.1/}language")), "") \
            if core is not None else ""
        found.language = found.language or next((tag for tag, language in LANGUAGES.items()
                                                 if language.word == word), "")
    body = parse_xml(parts["word/document.xml"], shown)
    notes = {c.get(f"{W}id"): c for c in parse_xml(parts["word/comments.xml"], shown).iter(f"{W}comment")} \
        if "word/comments.xml" in parts else {}
    _walk(body, table, notes, found)
    _thread(found, notes, parts.get("word/commentsExtended.xml"), shown)
    return found


def _thread(found: Returned, notes: dict, extended: bytes | None, shown: str) -> None:
    """Tie each reply to the comment it answers: ``commentsExtended.xml`` gives the parent of a comment by the
    ``w14:paraId`` of each one's last paragraph."""
    if extended is None or not found.comments:
        return
    parents = {e.get(f"{W15}paraId"): e.get(f"{W15}paraIdParent") for e in parse_xml(extended, shown).iter(
        f"{W15}commentEx") if e.get(f"{W15}paraIdParent")}
    paragraph = {number: next((p.get(f"{W14}paraId") for p in reversed(list(note.iter(f"{W}p")))), None)
                 for number, note in notes.items()}
    by_paragraph = {paragraph[c.id]: c for c in found.comments if c.id in paragraph}
    parent_of = {c.id: by_paragraph[parents[paragraph[c.id]]].id for c in found.comments
                 if parents.get(paragraph.get(c.id)) in by_paragraph}
    # numbered as Word's Review pane lists them: each thread in the order of its first comment, replies under it
    def root(comment_id: str) -> str:
        seen = set()
        while comment_id in parent_of and comment_id not in seen:
            seen.add(comment_id)
            comment_id = parent_of[comment_id]
        return comment_id

    first = {c.id: c.number for c in found.comments}
    ordered = sorted(found.comments, key=lambda c: (first[root(c.id)], c.id in parent_of, c.number))
    number = {c.id: index for index, c in enumerate(ordered, start=1)}
    found.comments = [replace(c, number=number[c.id], reply_to=number.get(parent_of.get(c.id))) for c in ordered]


def package_parts(data: bytes, shown: str) -> dict[str, bytes]:
    """Return the parts of a Word package that reportgen reads, after checking it is one (size, macros)."""
    where = Location(shown)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                raise ReportgenError(Diagnostic(where, f"the file unpacks to more than {MAX_UNPACKED >> 20} MiB: "
                                                       f"refused (a returned document is far smaller)"))
            names = {info.filename for info in infos}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ReportgenError(Diagnostic(where, "the file carries macros (.docm): refused; save it as a Word "
                                                       "document (.docx) without macros"))
            if "word/document.xml" not in names:
                raise ReportgenError(Diagnostic(where, "not a Word document (.docx): an OpenDocument or another "
                                                       "package renamed? save it as a Word document"))
            wanted = ("word/document.xml", "word/comments.xml", "word/commentsExtended.xml", "docProps/custom.xml",
                      "docProps/core.xml", "word/_rels/document.xml.rels")
            return {name: archive.read(name) for name in wanted if name in names}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError, NotImplementedError,
            zlib.error):
        raise ReportgenError(Diagnostic(where, "not a Word document (.docx), or a damaged or encrypted one: save it "
                                               "again as a Word document")) from None


def parse_xml(data: bytes, shown: str):
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReportgenError(Diagnostic(Location(shown), f"a damaged Word document ({exc.msg}): save it again "
                                                         f"as a Word document")) from None


def _properties(data: bytes | None, shown: str) -> dict[str, str]:
    if data is None:
        return {}
    return {p.get("name"): "".join(p.itertext()) for p in parse_xml(data, shown).iter(f"{CUSTOM}property")}


def _walk(body, table: dict[str, str], notes: dict, found: Returned) -> None:
    """Read every paragraph in document order: its key (from the bookmark that starts it), its text before and
    after the tracked changes, the changes, and the comments anchored in it."""
    numbered = 0
    for index, p in enumerate(body.iter(f"{W}p")):
        key = next((table[m.get(f"{W}name")] for m in p.iter(f"{W}bookmarkStart")
                    if m.get(f"{W}name") in table), None)
        if found.by_text and text_of(p, keep="del").strip():
            key = f"#p{index}"
        if key is not None:
            found.before[key] = " ".join(text_of(p, keep="del").split())
            found.after[key] = " ".join(text_of(p, keep="ins").split())
            for mark in p.iter(*KINDS):
                if mark.getparent().tag in (f"{W}rPr", f"{W}trPr"):
                    continue
                text = "".join(t.text or "" for t in mark.iter(f"{W}t", f"{W}delText"))
                if text.strip():
                    found.changes.append(Change(KINDS[mark.tag], mark.get(f"{W}author", ""),
                                                mark.get(f"{W}date", ""), text, key))
        for reference in p.iter(f"{W}commentReference"):
            note = notes.get(reference.get(f"{W}id"))
            if note is None:
                continue
            numbered += 1
            text = "\n".join("".join(t.text or "" for t in q.iter(f"{W}t")) for q in note.iter(f"{W}p"))
            found.comments.append(Comment(numbered, note.get(f"{W}author", ""), note.get(f"{W}date", ""),
                                          text.strip(), _anchored(body, reference.get(f"{W}id")), key,
                                          id=reference.get(f"{W}id"), picture=_picture(p)))


def _picture(p) -> bool:
    """Return whether paragraph ``p`` holds a picture (a chart is one in the Word edition)."""
    return next(p.iter(f"{W}drawing", f"{W}pict"), None) is not None


def text_of(p, keep: str) -> str:
    """Return a paragraph's text with the tracked changes of the other kind left out (``keep="del"``: the text
    as it was sent, ``"ins"``: as the partner proposes it)."""
    drop = NEW if keep == "del" else OLD
    parts = []
    for t in p.iter(f"{W}t", f"{W}delText"):
        if any(a.tag in drop for a in t.iterancestors(*KINDS)):
            continue
        parts.append(t.text or "")
    return "".join(parts)


def _anchored(body, number: str | None) -> str:
    """Return the text between a comment's range start and end."""
    inside, parts = False, []
    for element in body.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
        if element.tag == f"{W}commentRangeStart" and element.get(f"{W}id") == number:
            inside = True
        elif element.tag == f"{W}commentRangeEnd" and element.get(f"{W}id") == number:
            break
        elif inside and element.tag == f"{W}t":
            parts.append(element.text or "")
    return " ".join("".join(parts).split())
