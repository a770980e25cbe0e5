"""Read a returned questionnaire with openpyxl (read-only): as saved by Excel or by LibreOffice Calc.

Rows are matched by the action ids of the hidden column, the form by the ids of the very hidden sheet; every
problem is a diagnostic located in the workbook (``AL.xlsx:Answers!C7: error: …``), all of a file's problems at
once. Labels are read in the form's language and in English; blank rows mean no report on that action; text typed
outside the form is ignored with a warning naming its cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from xml.etree import ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError, did_you_mean, odd_characters
from ..documents.progress.content import Entry, Evidence, Report
from ..source.files import read_input
from ..source.markup import literal
from ..source.text import Text, unprintable
from .form import FORMAT_VERSION, action_fingerprints, plan_fingerprint
from .questionnaire import ANSWERS, COLUMN, COLUMNS, DATE_CELL, HEADER_ROW, META_SHEET

MAX_WORKBOOK = 10 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
MAX_ROWS, MAX_COLUMNS = 2000, 40  # what is read of the answers sheet: the form is far smaller
YEARS = range(1990, 2100)  # a date of answers outside is a typing mistake
_URL = re.compile(r"https?://[^\s<>\"]+")
_DATE = re.compile(r"^\s*(\d{1,2})[./-]\s*(\d{1,2})[./-]\s*(\d{4})\s*\.?\s*$|^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


@dataclass
class Answers:
    """What one returned workbook holds: whose answers, for which round, and the report made from them."""

    path: str
    round: str = ""
    partner: str = ""
    language: str = ""
    report: Report | None = None
    problems: list[Diagnostic] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.problems.append(Diagnostic(Location(self._at(where)), message))

    def warning(self, where: str, message: str) -> None:
        self.problems.append(Diagnostic(Location(self._at(where)), message, severity="warning"))

    def _at(self, where: str) -> str:
        return f"{self.path}:{where}" if where else self.path


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column + 1)


def _cell(sheet: str, row: int, column: int) -> str:
    """Return ``Sheet!C7`` for a 0-based row and column."""
    return f"{sheet}!{_letter(column)}{row + 1}"


def read_answers(path: Path, shown: str, round_data, labels_by_language) -> Answers:
    """Return the answers of the workbook at ``path`` (named ``shown`` in diagnostics), checked against the
    round's plan, partners and scale; ``labels_by_language(tag)`` gives ``{label: status id}`` for a language."""
    found = Answers(shown)
    try:  # a file the secretariat names, wherever it is: a regular file, bounded in size, read without blocking
        data = read_input(path.parent, path.name, MAX_WORKBOOK, shown, base=Path("/"))
    except ReportgenError as exc:
        found.problems.extend(exc.diagnostics)
        return found
    opened = _open(data, found)
    if opened is None:
        return found
    try:
        _read(opened, found, round_data, labels_by_language)
    except (ValueError, KeyError, TypeError, IndexError, OSError, EOFError, RuntimeError, NotImplementedError,
            zlib.error, zipfile.BadZipFile, ElementTree.ParseError):
        # openpyxl reads a read-only sheet as it is iterated: a damaged part shows only then
        found.problems = []  # what was read before the damage is not worth reporting
        found.error("", "the workbook is damaged and cannot be read: save it again as an Excel workbook")
        found.report = None
    finally:
        for book in opened:
            book.close()
    return found


def _open(data: bytes, found: Answers):
    """Return the workbook opened read-only twice — its values, and its formulas (a formula is not an answer) —
    or None with the reason (not a workbook, damaged, too large unpacked, macros)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(item.file_size for item in archive.infolist())
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError, NotImplementedError,
            zlib.error):  # an encrypted entry, damaged compressed bytes, an unknown compression method
        found.error("", "not an Excel workbook (.xlsx), or a damaged one: save it again as an Excel workbook")
        return None
    if unpacked > MAX_UNPACKED:
        found.error("", f"the workbook unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MiB: refused (a "
                        f"questionnaire is far smaller)")
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names) or "macroEnabled" in content_types:
        found.error("", "the workbook carries macros: refused; save it as an Excel workbook (.xlsx) without macros")
        return None
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions and styles it does not read
            return tuple(load_workbook(io.BytesIO(data), read_only=True, data_only=values, keep_links=False)
                         for values in (True, False))
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file; the user needs one message
        found.error("", "the workbook is damaged and cannot be read: save it again as an Excel workbook")
        return None


def _meta(book, found: Answers) -> dict[str, str] | None:
    if META_SHEET not in book.sheetnames:
        found.error("", "not a reportgen questionnaire (its hidden sheet of ids is missing): use the form made "
                        "by 'reportgen questionnaire' for this round")
        return None
    meta = {}
    for row in book[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True):
        if row and row[0] is not None:
            meta[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    if meta.get("reportgen questionnaire") != FORMAT_VERSION:
        found.error("", "not a questionnaire this version of reportgen made (format "
                        f"{meta.get('reportgen questionnaire') or 'unknown'})")
        return None
    return meta


def _read(opened, found: Answers, round_data, labels_by_language) -> None:
    book, formulas = opened
    meta = _meta(book, found)
    if meta is None:
        return
    info, plan = round_data.round.info, round_data.plan
    found.round, found.partner, found.language = meta.get("round", ""), meta.get("partner", ""), meta.get("language", "")
    partners = [p.id for p in round_data.partners]
    if found.round != info.id:
        found.error("", f"this is the questionnaire of round {found.round or '?'}, not of round {info.id}")
        return
    if found.partner not in partners:
        found.error("", f"the questionnaire is for partner '{found.partner}', who is not in content/partners.yaml")
        return
    stem = Path(found.path).stem
    if stem in partners and stem != found.partner:
        found.error("", f"the file is named for partner {stem} but holds the questionnaire of {found.partner}")
        return
    made = tuple((key[len("action "):], value) for key, value in meta.items() if key.startswith("action "))
    now = action_fingerprints(plan)
    if meta.get("plan") != plan_fingerprint(now) or made != now:
        before, after = dict(made), dict(now)
        changed = [i for i in after if i in before and before[i] != after[i]]
        added = [i for i in after if i not in before]
        removed = [i for i in before if i not in after]
        parts = [f"changed: {', '.join(changed)}" if changed else "", f"added: {', '.join(added)}" if added else "",
                 f"removed: {', '.join(removed)}" if removed else ""]
        which = "; ".join(p for p in parts if p) or "its fingerprint differs"
        found.error("", f"the plan's actions changed since this questionnaire was made ({which}): make new "
                        f"questionnaires for the round")
        return
    sheet_name = meta.get("answers sheet", "")
    if sheet_name not in book.sheetnames:
        found.error("", f"the sheet '{sheet_name}' of the answers is missing (was it renamed?)")
        return
    for other in book.sheetnames:
        if other not in (sheet_name, META_SHEET) and other != book.sheetnames[0]:
            found.warning(other, f"the sheet '{other[:40]}' is not part of the questionnaire and is ignored")
    # The labels the form itself offered count too (its hidden sheet says which status each meant), so a form
    # sent before a label was reworded or retranslated is still read.
    offered = {meta[f"status {s.id}"]: s.id for s in round_data.statuses if meta.get(f"status {s.id}")}
    labels = offered | labels_by_language(found.language) | labels_by_language("en")
    numbers = {a.id: str(a.number) for a in plan.actions}
    declared = book[sheet_name].max_row or 0
    if declared > MAX_ROWS:
        found.warning(sheet_name, f"the sheet declares {declared} rows; only the first {MAX_ROWS} are read (a "
                                  f"questionnaire has far fewer)")
    _answers(_rows(book[sheet_name]), _rows(formulas[sheet_name]), sheet_name, found, labels,
             info.account_limit, numbers)  # the limit is the round's own, never the workbook's


def _rows(sheet) -> list[list]:
    """Return the sheet's values row by row, read whatever size it declares (a stale one would hide rows), within
    the bounds of a questionnaire."""
    sheet.reset_dimensions()
    return [list(row) for row in sheet.iter_rows(min_row=1, max_row=MAX_ROWS, min_col=1, max_col=MAX_COLUMNS,
                                                 values_only=True)]


_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _text(value) -> str:
    """Return a cell's value as the text a partner typed: Excel's ``_xHHHH_`` escapes decoded, white space as the
    content has it (one space; accounts are one paragraph), a date or number as it reads."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, bool):
        value = str(value).upper()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), str(value))
    return " ".join(text.split())


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit - 1] + "…"


def _form_cell(row_index: int, column: int, is_action: bool, last_action: int) -> bool:
    """Return whether a cell is one the form itself wrote or asks for (anything else is outside the form)."""
    if column >= len(COLUMNS):
        return False
    if row_index < HEADER_ROW:
        return (row_index, column) in ((0, 0), (DATE_CELL[0], 0), DATE_CELL)
    if row_index == HEADER_ROW:
        return True
    return is_action or (column == 0 and row_index < last_action)  # an action's row, or a commitment's heading


def _answers(rows: list[list], formulas: list[list], name: str, found: Answers, labels: dict[str, str], limit: int,
             numbers: dict[str, str]) -> None:
    """Read the answers sheet's ``rows`` (values; ``formulas`` the same cells as written) into the found report;
    rows are matched by their hidden action id, which must agree with the number the row shows."""
    entries: dict[str, Entry] = {}
    actions = list(numbers)
    by_number = {number: ident for ident, number in numbers.items()}
    scale = ({_fold(label): status for label, status in labels.items()}, list(labels))  # folded once
    id_column = COLUMN["id"]
    seen_rows: dict[str, int] = {}
    outside: dict[int, list[int]] = {}  # column -> rows with text outside the form, reported once per column
    last_action = max((i for i, row in enumerate(rows) if i > HEADER_ROW and len(row) > id_column
                       and _text(row[id_column]) in numbers), default=0)
    reported = _date(_at(rows, *DATE_CELL), found, _cell(name, *DATE_CELL))
    for row_index, row in enumerate(rows):
        ident = _text(row[id_column]) if row_index > HEADER_ROW and len(row) > id_column else ""
        shown_number = _text(_at(rows, row_index, COLUMN["number"]))
        if last_action and row_index > HEADER_ROW and not ident and by_number.get(shown_number) \
                and by_number[shown_number] not in seen_rows:  # the column is there, this row's id is not
            found.error(_cell(name, row_index, id_column), f"the hidden id of action {shown_number} was cleared: "
                                                           f"use a fresh copy of the form")
            seen_rows[by_number[shown_number]] = row_index + 1
            continue
        is_action = ident in numbers
        for column, value in enumerate(row):
            if value is not None and _text(value) and not _form_cell(row_index, column, is_action, last_action):
                outside.setdefault(column, []).append(row_index)
        if ident and not is_action and _form_cell(row_index, id_column, True, last_action):
            found.error(_cell(name, row_index, id_column), f"unknown action id '{_shown(ident, 20)}' in the hidden "
                                                           f"column: the form's columns or ids were changed")
        if not is_action:
            continue
        if ident in seen_rows:
            found.error(_cell(name, row_index, id_column), f"action {ident} appears twice (first in row "
                                                           f"{seen_rows[ident]})")
            continue
        seen_rows[ident] = row_index + 1
        if shown_number != numbers[ident]:
            found.error(_cell(name, row_index, COLUMN["number"]), f"the row shows action {_shown(shown_number, 10)} "
                                                                  f"but its hidden id is {ident}: the form's rows "
                                                                  f"were changed; use a fresh copy of the form")
            continue
        formula = [key for key in ANSWERS if isinstance(_at(formulas, row_index, COLUMN[key]), str)
                   and str(_at(formulas, row_index, COLUMN[key])).startswith("=")]
        for key in formula:
            found.error(_cell(name, row_index, COLUMN[key]), "a formula is not an answer: type the text itself")
        entry = _entry(row, row_index, name, ident, found, scale, limit) if not formula else None
        if entry is not None:
            entries[ident] = entry
    _outside(found, name, outside)
    _finish(found, name, actions, seen_rows, entries, reported)


def _outside(found: Answers, name: str, outside: dict[int, list[int]]) -> None:
    """Warn once per column of the text found outside the form's cells (a deleted column, a pasted sheet)."""
    for column, rows in sorted(outside.items()):
        first, last = _cell(name, rows[0], column), f"{_letter(column)}{rows[-1] + 1}"
        if len(rows) == 1:
            found.warning(first, "text outside the questionnaire's answer cells is ignored")
        else:
            found.warning(f"{first}:{last}", f"{len(rows)} cells of text outside the questionnaire's answer cells "
                                             f"are ignored")


def _finish(found: Answers, name: str, actions: list[str], seen_rows: dict, entries: dict, reported) -> None:
    """Make the report of what was read, or say what is missing; a form with nothing filled in is no report."""
    missing = [a for a in actions if a not in seen_rows]
    if missing:
        found.error(name, f"the rows of {len(missing)} action(s) are missing ({', '.join(missing[:8])}"
                          f"{', …' if len(missing) > 8 else ''}): rows or columns of the form were deleted; use a "
                          f"fresh copy of the form")
    errors = any(p.severity == "error" for p in found.problems)
    if reported is None and not entries and not errors:
        found.warning("", "the form holds no answers (no date, no row filled in): it is not imported")
        return
    if reported is None and not any(p.severity == "error" and p.location.file.endswith(
            _cell(name, *DATE_CELL)) for p in found.problems):
        found.error(_cell(name, *DATE_CELL), "the date of the answers is missing")
    if not any(p.severity == "error" for p in found.problems):
        ordered = tuple(entries[a] for a in actions if a in entries)
        found.report = Report(found.partner, reported, ordered, Location(found.path))


def _at(rows: list[list], row: int, column: int):
    return rows[row][column] if row < len(rows) and column < len(rows[row]) else None


def _get(row: list, key: str):
    index = COLUMN[key]
    return row[index] if index < len(row) else None


def _entry(row, row_index: int, name: str, ident: str, found: Answers, scale, limit: int) -> Entry | None:
    labels, names = scale  # {folded label: status id}, the labels as written (for a did-you-mean)
    values = {key: _get(row, key) for key in ANSWERS}
    status_text, account = _text(values["status"]), _text(values["account"])
    title, link = _text(values["evidence-title"]), _text(values["evidence-url"])
    where = lambda key: _cell(name, row_index, COLUMN[key])  # noqa: E731
    if not (status_text or account or title or link):
        return None  # a blank row: no report on this action
    ok = True
    for key, value in (("account", account), ("evidence-title", title), ("evidence-url", link)):
        bad = unprintable(value)
        if bad:
            found.error(where(key), f"the text has {', '.join(bad)}")
            ok = False
    status = labels.get(_fold(status_text)) if status_text else None
    if not status_text:
        found.error(where("status"), f"action {ident} has an answer but no status: choose one from the list")
        ok = False
    elif status is None:
        found.error(where("status"), f"status '{_shown(status_text)}'{odd_characters(status_text)} is not on the "
                                     f"scale{did_you_mean(status_text, names)}")
        ok = False
    if len(account) > limit:
        found.error(where("account"), f"the account has {len(account)} characters; at most {limit} are allowed")
        ok = False
    if link and not _URL.fullmatch(link):
        found.error(where("evidence-url"), f"the evidence link '{_shown(link)}' is not an http:// or https:// "
                                           f"address")
        ok = False
    if bool(title) != bool(link):
        missing = "evidence-title" if link else "evidence-url"
        found.error(where(missing), "evidence needs both a title and a link")
        ok = False
    if not ok:
        return None
    loc = Location(found.path)
    evidence = Evidence(Text(literal(title), "", loc), link, loc) if link else None
    return Entry(ident, status, Text(literal(account), "", loc) if account else None, evidence, loc)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _date(value, found: Answers, where: str) -> dt.date | None:
    """Return the date of a date cell, or of a date typed as text (31.5.2024, 31/05/2024, 2024-05-31)."""
    if value is None or value == "":
        return None
    found_date = None
    if isinstance(value, dt.datetime):
        found_date = value.date()
    elif isinstance(value, dt.date):
        found_date = value
    else:
        match = _DATE.match(str(value))
        if match:
            day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
                match.group(6), match.group(5), match.group(4))
            try:
                found_date = dt.date(int(year), int(month), int(day))
            except ValueError:
                pass
    if found_date is None or found_date.year not in YEARS:
        found.error(where, f"'{_shown(str(value), 40)}' is not a date (write it as day.month.year, e.g. 31.05.2024)")
        return None
    return found_date
