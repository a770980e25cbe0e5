"""``reportgen comments import``: the compilation of comments of an edition — one row per comment or proposal of
each returned file, in the document's order: the item, the edition's text, the partner, what is proposed, the
comment, its author and date, and the secretariat's columns ("Secretariat response", "Decision"), which a later
import keeps as typed. Written with XlsxWriter as ``build/comments/<doc>.<TAG>.xlsx``."""

from __future__ import annotations

import collections
import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError, UsageError, printable
from .returned import Returned, read_returned

COLUMNS = ("Item", "Text of the edition", "Partner", "Language", "File", "Kind", "Proposed text", "Comment",
           "Author", "Date", "Secretariat response", "Decision", "Row id", "Position", "Key", "English original",
           "Marked-up proposal")
KEPT = ("Secretariat response", "Decision")  # the columns the secretariat types: kept by every later import
SHEET = "Compilation"
FRAME, CHART = "(the page's frame)", "(a chart)"  # the item of a comment on text or a picture the content has no key for
IN_FOOTNOTES = frozenset({"footnote"})  # a Word paragraph's text leaves its footnotes to Word's footnotes part


@dataclass(frozen=True)
class Row:
    """One comment or proposal."""

    order: tuple
    item: str
    edition: str
    partner: str
    language: str
    file: str
    kind: str
    proposal: str
    comment: str
    author: str
    date: str
    key: str = ""  # the content key of the paragraph (what ``comments apply`` changes)
    original: str = ""  # the English of the paragraph, for a file returned in a translated edition

    @property
    def id(self) -> str:
        """Return the row's identity: the same comment imported again is the same row."""
        text = "\x1f".join((self.partner, self.file, self.kind, self.item, self.proposal, self.comment,
                            self.author, self.date))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def record(self) -> dict[str, str]:
        """Return the row as the compilation's columns (the secretariat's empty)."""
        return {"Item": self.item, "Text of the edition": self.edition, "Partner": self.partner,
                "Language": self.language, "File": self.file, "Kind": self.kind, "Proposed text": self.proposal,
                "Comment": self.comment, "Author": self.author, "Date": self.date, "Secretariat response": "",
                "Decision": "", "Row id": self.id, "Position": f"{self.order[0]:06d}.{self.order[1]:04d}",
                "Key": self.key, "English original": self.original,
                "Marked-up proposal": marked_up(self.edition, self.proposal) if self.proposal else ""}


def marked_up(old: str, new: str) -> str:
    """Return a proposal as a redline in plain text: ``[-deleted words-]{+inserted words+}`` (the workbook's form;
    the Word compilation has real tracked changes)."""
    from ..i18n.catalogues import SourceChange

    return SourceChange("changed", "", old, new).word_diff()


def rows_of(found: Returned, partner: str, texts: dict[str, str], labels: dict[str, str],
            order: dict[str, int], english: dict[str, str] | None = None) -> list[Row]:
    """Return the rows of one returned file: its comments, its tracked changes per paragraph, and paragraphs
    changed without tracking (their text is not the edition's, their tracked changes aside)."""
    rows = []

    def row(key, kind, proposal="", comment="", author="", date="", number=0, item=FRAME):
        rows.append(Row((order.get(key, len(order)), number, kind), labels.get(key, item) if key else item,
                        texts.get(key, ""), partner, found.language, found.shown,
                        kind, proposal, comment, author, date[:10], key or "",
                        (english or {}).get(key, "") if found.language != "en" else ""))

    note = " (matched by text)" if found.by_text else ""
    for comment in found.comments:
        anchored = f" [on «{comment.anchored}»]" if comment.anchored else ""
        kind = f"reply to comment {comment.reply_to}" if comment.reply_to else "comment"
        row(comment.key, kind + note, comment=comment.text + anchored, author=comment.author,
            date=comment.date, number=comment.number, item=CHART if comment.picture else FRAME)
    tracked = {}
    for change in found.changes:
        tracked.setdefault(change.key, change)
    for key, change in tracked.items():
        row(key, "tracked change" + note, proposal=found.after[key], author=change.author, date=change.date)
    for key, before in found.before.items():
        if key in texts and before != texts[key]:
            row(key, "changed without tracking" + note, proposal=found.after[key])
    return sorted(rows, key=lambda r: r.order)


def previous(data: bytes | None, shown: str) -> dict[str, dict[str, str]]:
    """Return the rows of an earlier compilation, as typed: ``{row id: {column: text}}``."""
    if data is None:
        return {}
    rows = sheet_rows(data, shown, "the compilation cannot be read (damaged, or not the one reportgen wrote): "
                                   "move it away to start a new one")
    header = [str(name or "") for name in rows[0]] if rows else []
    if not all(name in header for name in COLUMNS):
        raise ReportgenError(Diagnostic(Location(shown), "the compilation lacks some of its columns (they may be "
                                                         "moved, not deleted or renamed): move it away to start a "
                                                         "new one"))
    found = {}
    for values in rows[1:]:
        record = {name: "" if value is None else str(value) for name, value in zip(header, values)}
        if record.get("Row id"):
            found[record["Row id"]] = {name: record.get(name, "") for name in COLUMNS}
    return found


def sheet_rows(data: bytes, shown: str, damaged: str) -> list[tuple]:
    """Return the values of a compilation's rows, heading first, each text that was cut to fit its cell whole
    again (from the hidden sheet of whole texts); a file that is not one is the error ``damaged``."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(book[SHEET].iter_rows(values_only=True))
        parts = list(book[WHOLE].iter_rows(min_row=2, values_only=True)) if WHOLE in book.sheetnames else []
        book.close()
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file; one message is enough
        raise ReportgenError(Diagnostic(Location(shown), damaged)) from None
    return _made_whole(rows, parts)


def _made_whole(rows: list[tuple], parts: list[tuple]) -> list[tuple]:
    """Return ``rows`` with each cell that ends in the note of a cut replaced by the whole text the hidden sheet
    holds for its row and column (its parts numbered 1 to n); a cell the secretariat changed (no longer the cut of
    that text), or whose parts were changed, is left as it is."""
    whole: dict[tuple[str, str], list[tuple[int, str]]] = collections.defaultdict(list)
    for found in parts:
        row_id, column, part, text = (tuple(found) + (None,) * 4)[:4]
        if row_id and column and isinstance(part, (int, float)) and isinstance(text, str):
            whole[(str(row_id), str(column))].append((int(part), text))
    header = [str(name or "") for name in rows[0]] if rows else []
    if not whole or "Row id" not in header:
        return rows
    at = header.index("Row id")
    made = [rows[0]]
    for values in rows[1:]:
        values = list(values) + [None] * (len(header) - len(values))
        for index, name in enumerate(header):
            parts = sorted(whole.get((str(values[at] or ""), name), ()))
            text = "".join(text for _, text in parts)
            if [number for number, _ in parts] == list(range(1, len(parts) + 1)) and parts \
                    and isinstance(values[index], str) and _fitted(text) == values[index] != text:
                values[index] = text
        made.append(tuple(values))
    return made


def merged(rows: list[Row], earlier: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Return the compilation's rows: the earlier ones as they were typed, the new ones added in document order
    (a comment imported again keeps its row and what the secretariat typed in it)."""
    records = dict(earlier)
    for row in rows:
        record = row.record()
        if row.id in records:
            for name in KEPT:
                record[name] = records[row.id][name]
        records[row.id] = record
    return sorted(records.values(), key=lambda r: (r["Position"], r["Partner"], r["Kind"], r["Row id"]))


def workbook(records: list[dict[str, str]]) -> bytes:
    """Return the compilation as a workbook, its heading row frozen, long texts wrapped."""
    import datetime as dt

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    book.set_properties({"created": dt.datetime(2000, 1, 1)})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, COLUMNS, bold)
    for index, record in enumerate(records, start=1):
        sheet.write_row(index, 0, [_fitted(record[name]) for name in COLUMNS], wrap)
    for column, width in enumerate((18, 50, 8, 8, 14, 16, 50, 40, 16, 11, 30, 12, 18, 10, 24, 50, 50)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    _whole_texts(book, records, bold)
    book.close()
    return out.getvalue()


CELL_LIMIT = 32767  # the most characters Excel holds in a cell
CUT = (" … [cut: a cell holds at most 32,767 characters; the whole text is kept in the hidden sheet "
       "'Whole texts' and shown in the Word compilation]")
WHOLE = "Whole texts"  # the hidden sheet that keeps every text longer than a cell, in parts a cell holds
WHOLE_COLUMNS = ("Row id", "Column", "Part", "Text")


def _fitted(value: str) -> str:
    """Return a cell's text, cut with a note where it is longer than a cell holds (XlsxWriter would cut it
    silently); the whole text goes to the hidden sheet (:func:`_whole_texts`)."""
    return value if len(value) <= CELL_LIMIT else value[:CELL_LIMIT - len(CUT)] + CUT


def _whole_texts(book, records: list[dict[str, str]], bold) -> None:
    """Add the hidden sheet that keeps each text longer than a cell holds, in parts, so that a later import (and
    ``comments apply``) reads the whole text back rather than the cut one."""
    sheet = book.add_worksheet(WHOLE)
    sheet.hide()
    sheet.write_row(0, 0, WHOLE_COLUMNS, bold)
    index = 1
    for record in records:
        for name in COLUMNS:
            value = record[name]
            if len(value) > CELL_LIMIT:
                for part, start in enumerate(range(0, len(value), CELL_LIMIT), start=1):
                    sheet.write_row(index, 0, [record["Row id"], name, part, value[start:start + CELL_LIMIT]])
                    index += 1


def import_comments(root: Path, tag: str, files: list[Path], partner: str | None = None) -> tuple[Path, int]:
    """Read returned Word files of edition ``tag`` and write (or add to) the compilation of each document; return
    the compilation and its number of rows. Every file is read and checked first; nothing is written on error."""
    from ..editions.store import folder, read
    from ..pipeline.manifest import locked
    from ..project import load_project
    from ..theme import Theme
    from ..writing import Change, write_files

    root = root.resolve()
    read(root, tag)
    edition = load_project(folder(root, tag))
    texts_of = EditionTexts(edition)
    found = _read_all(files, partner, _partners(root), edition, texts_of, tag)
    docs = {returned.document for returned, _ in found}
    if len(docs) > 1:
        raise UsageError(f"the files are of several documents ({', '.join(sorted(docs))}): import each document's "
                         f"files on their own")
    doc_id = docs.pop()
    rows = []
    for returned, who in found:
        texts, labels, order = texts_of(doc_id, returned.language, returned.shown)
        english = texts_of(doc_id, "en", returned.shown)[0] if returned.language != "en" else None
        rows += rows_of(returned, who, texts, labels, order, english)
    out = root / "build" / "comments"
    target = out / f"{doc_id}.{tag}.xlsx"
    with locked(root / "build"):
        data = target.read_bytes() if target.is_file() else None
        records = merged(rows, previous(data, f"build/comments/{target.name}"))
        document = target.with_suffix(".docx")
        write_files([Change(target, workbook(records), f"build/comments/{target.name}"),
                     Change(document, _word(Theme(root), f"Compilation of comments: {doc_id}, edition {tag}",
                                            records), f"build/comments/{document.name}")])
    return target, len(records)


def _read_all(files: list[Path], partner: str | None, partners: set[str], edition, texts_of, tag: str) -> list:
    """Return ``(returned file, partner)`` for every file, each read and checked; raise with every problem."""
    found, problems, given = [], [], {}
    names = collections.Counter(path.name for path in files)
    for path in files:
        shown = path.name if names[path.name] == 1 else str(path)  # two AL.docx: told apart by their folders
        if path.resolve() in given:
            problems.append(Diagnostic(Location(shown), "the same file is given twice"))
            continue
        given[path.resolve()] = shown
        try:
            returned = read_returned(path, shown)
            who = _partner(partner, path, partners, shown)
            if returned.by_text:
                _match_by_text(returned, edition, texts_of, shown)
            if returned.document not in edition.documents:
                raise ReportgenError(Diagnostic(Location(shown), f"a file of document '{returned.document}', which "
                                                                 f"edition '{tag}' does not have"))
            found.append((returned, who))
        except ReportgenError as exc:
            problems.extend(exc.diagnostics)
    if partner is None:  # two files named for one partner: one of them is probably another partner's
        first: dict[str, str] = {}
        for returned, who in found:
            if who in first:
                problems.append(Diagnostic(Location(returned.shown), f"a second file from partner {who} ("
                                           f"{first[who]} is the first): if it is another partner's, name it after "
                                           f"that partner; if both are {who}'s, import it on its own (the "
                                           f"compilation keeps both, told apart by their file) or give --partner"))
            first.setdefault(who, returned.shown)
    if problems:
        raise ReportgenError(problems)
    return found


def _word(theme, title: str, records: list[dict[str, str]]) -> bytes:
    """Return the compilation as a Word file (the proposals as tracked changes), written by the Word writer."""
    from ..writers import Job
    from ..writers.docx import write
    from .compilation_docx import compilation_tree

    data, _ = write(Job("compilation", "en", "docx", compilation_tree(title, records), theme), {})
    return data


def _match_by_text(found: Returned, edition, texts_of: EditionTexts, shown: str) -> None:
    """Key a file whose bookmarks were lost by its paragraphs' text: each paragraph the same as one of the
    edition's (white space aside), or, for a paragraph of some length, the most alike at 75 % or more; the document
    is the edition's one whose text the file shares most of. None shared: not a file of this edition."""
    import difflib

    best = None
    for doc_id in edition.documents:
        languages = [found.language] if found.language else [language.tag for language in edition.languages]
        for lang in languages:
            try:
                texts = texts_of(doc_id, lang, shown)[0]
            except ReportgenError:
                continue
            keys = _matches(found.before, texts, difflib)
            if best is None or len(keys) > len(best[2]):
                best = (doc_id, lang, keys)
    if best is None or not best[2]:
        raise ReportgenError(Diagnostic(Location(shown), "not a Word file of this edition: it carries no reportgen "
                                                         "bookmarks, and none of its paragraphs is the edition's "
                                                         "text"))
    found.document, found.language = best[0], best[1]
    found.rekey(best[2])


def _matches(paragraphs: dict[str, str], texts: dict[str, str], difflib) -> dict[str, str]:
    """Return ``{stand-in key: content key}`` for the paragraphs that are (or closely are) one of ``texts``."""
    import re

    def words(text: str) -> set[str]:
        return set(re.findall(r"\w+", text.lower()))

    exact = {text: key for key, text in reversed(list(texts.items()))}
    long = {k: candidate for k, candidate in texts.items() if len(candidate) >= 40}
    vocabulary = {k: words(candidate) for k, candidate in long.items()}
    index: dict[str, list[str]] = collections.defaultdict(list)
    for k, found_words in vocabulary.items():
        for word in found_words:
            index[word].append(k)
    found, used = {}, set()
    for stand_in, text in paragraphs.items():
        key = exact.get(text)
        if key is None and len(text) >= 40:
            # only the texts that share half of the words are compared letter by letter
            mine = words(text)
            shared = collections.Counter(k for word in mine for k in index.get(word, ()))
            candidates = [(k, long[k]) for k, n in shared.items()
                          if k not in used and n >= 0.5 * max(len(mine), len(vocabulary[k]))]
            key = _most_alike(text, candidates, difflib)
        if key is not None and key not in used:
            found[stand_in] = key
            used.add(key)
    return found


def _most_alike(text: str, candidates: list[tuple[str, str]], difflib, least: float = 0.75) -> str | None:
    """Return the key of the candidate most alike ``text`` (at ``least``), or None. Candidates whose length or
    letters alone rule them out are skipped before the full comparison (a file of thousands of unknown paragraphs
    is read in seconds, not minutes)."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)
    best, found = least, None
    for key, candidate in candidates:
        if 2 * min(len(text), len(candidate)) / (len(text) + len(candidate)) < best:
            continue  # the ratio can never reach the best so far
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= best and matcher.quick_ratio() >= best:
            ratio = matcher.ratio()
            if ratio >= best:
                best, found = ratio, key
    return found


def _partners(root: Path) -> set[str]:
    from ..diagnostics import Diagnostics
    from ..documents.progress.content import load_partners

    diagnostics = Diagnostics()
    found = load_partners(root, diagnostics) or ()
    return {p.id for p in found}


def _partner(given: str | None, path: Path, partners: set[str], shown: str) -> str:
    """Return the partner a file comes from: ``--partner``, else the file's name (``AL.docx``, ``AL-comments.docx``)."""
    name = (given or path.stem.split("-")[0].split("_")[0].split(".")[0]).upper()
    if partners and name not in partners:
        known = ", ".join(sorted(partners))
        raise ReportgenError(Diagnostic(Location(shown), f"--partner '{printable(name)}' is not one of {known}"
                                        if given else f"cannot tell which partner sent it ('{printable(name)}' is "
                                                      f"not one of {known}): name the file after the partner "
                                                      f"(AL.docx) or give --partner"))
    return name


class EditionTexts:
    """The edition's texts of each document in each language, each rendered once however many returned files
    need it (six partners' files in one language render the edition in that language once)."""

    def __init__(self, edition):
        self.edition = edition
        self.made: dict[tuple[str, str], tuple[dict, dict, dict]] = {}

    def __call__(self, doc_id: str, lang: str, shown: str) -> tuple[dict, dict, dict]:
        if (doc_id, lang) not in self.made:
            self.made[doc_id, lang] = _edition_texts(self.edition, doc_id, lang, shown)
        return self.made[doc_id, lang]


def _edition_texts(edition, doc_id: str, lang: str, shown: str) -> tuple[dict, dict, dict]:
    """Return the edition's text of each key in ``lang``, each key's item label, and each key's position."""
    from ..editions.compare import item_of
    from ..pipeline.render import render_document

    language = next((language for language in edition.languages if language.tag == lang), None)
    if language is None:
        raise ReportgenError(Diagnostic(Location(shown), f"a file in '{lang}', a language the edition was not "
                                                         f"published in"))
    tree = render_document(edition, edition.documents[doc_id], language).tree
    texts, labels, order, headings, cover = {}, {}, {}, {}, set()
    for index, node in enumerate(tree.keyed()):
        text = " ".join(node.text(without=IN_FOOTNOTES).split())
        texts.setdefault(node.key, text)
        order.setdefault(node.key, index)
        if node.role == "heading":
            headings.setdefault(item_of(node.key), text)
        if node.role.startswith("cover-"):
            cover.add(node.key)
    for key, text in texts.items():
        words = text.split()
        quoted = "«" + " ".join(words[:8]) + ("…" if len(words) > 8 else "") + "»"
        labels[key] = f"Cover: {quoted}" if key in cover else headings.get(item_of(key)) or quoted
    return texts, labels, order
