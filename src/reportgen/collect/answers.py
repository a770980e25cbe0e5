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
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError, did_you_mean
from ..documents.progress.content import Entry, Evidence, Report
from ..source.files import read_input
from ..source.text import Text, unprintable
from .form import FORMAT_VERSION, action_fingerprints, plan_fingerprint
from .questionnaire import ANSWERS, COLUMN, COLUMNS, DATE_CELL, HEADER_ROW, META_SHEET

MAX_WORKBOOK = 10 * 1024 * 1024
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


def read_answers(path: Path, shown: str, project, round_data: dict, labels_by_language) -> Answers:
    """Return the answers of the workbook at ``path`` (named ``shown`` in diagnostics), checked against the
    round's plan, partners and scale; ``labels_by_language(tag)`` gives ``{label: status id}`` for a language."""
    found = Answers(shown)
    try:  # a file the secretariat names, wherever it is: a regular file, bounded in size, read without blocking
        data = read_input(path.parent, path.name, MAX_WORKBOOK, shown, base=Path("/"))
    except ReportgenError as exc:
        found.problems.extend(exc.diagnostics)
        return found
    book = _open(data, found)
    if book is None:
        return found
    try:
        _read(book, found, project, round_data, labels_by_language)
    finally:
        book.close()
    return found


def _open(data: bytes, found: Answers):
    """Return the workbook opened read-only, or None with the reason (not a workbook, damaged, macros)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        found.error("", "not an Excel workbook (.xlsx), or a damaged one: save it again as an Excel workbook")
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names) or "macroEnabled" in content_types:
        found.error("", "the workbook carries macros: refused; save it as an Excel workbook (.xlsx) without macros")
        return None
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions and styles it does not read
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
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


def _read(book, found: Answers, project, round_data: dict, labels_by_language) -> None:
    meta = _meta(book, found)
    if meta is None:
        return
    info, plan = round_data["round"].info, round_data["plan"]
    found.round, found.partner, found.language = meta.get("round", ""), meta.get("partner", ""), meta.get("language", "")
    partners = [p.id for p in round_data["partners"]]
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
        found.error("", "the plan's actions changed since this questionnaire was made ("
                        + "; ".join(p for p in parts if p) + "): make new questionnaires for the round")
        return
    sheet_name = meta.get("answers sheet", "")
    if sheet_name not in book.sheetnames:
        found.error("", f"the sheet '{sheet_name}' of the answers is missing (was it renamed?)")
        return
    labels = labels_by_language(found.language) | labels_by_language("en")
    limit = int(meta.get("account limit") or info.account_limit)
    _answers(book[sheet_name], sheet_name, found, labels, limit, [a.id for a in plan.actions])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\r\n", "\n").split()) if not isinstance(value, str) else value.strip()


def _form_cell(row_index: int, column: int, is_action: bool, last_action: int) -> bool:
    """Return whether a cell is one the form itself wrote or asks for (anything else is outside the form)."""
    if column >= len(COLUMNS):
        return False
    if row_index < HEADER_ROW:
        return (row_index, column) in ((0, 0), (DATE_CELL[0], 0), DATE_CELL)
    if row_index == HEADER_ROW:
        return True
    return is_action or (column == 0 and row_index < last_action)  # an action's row, or a commitment's heading


def _answers(sheet, name: str, found: Answers, labels: dict[str, str], limit: int, actions: list[str]) -> None:
    entries: dict[str, Entry] = {}
    reported = None
    id_column = COLUMN["id"]
    seen_rows: dict[str, int] = {}
    rows = [list(row) for row in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
    last_action = max((i for i, row in enumerate(rows) if i > HEADER_ROW and len(row) > id_column
                       and _text(row[id_column]) in actions), default=0)
    for row_index, row in enumerate(rows):
        if row_index == DATE_CELL[0]:
            reported = _date(row[DATE_CELL[1]] if len(row) > DATE_CELL[1] else None, found,
                             _cell(name, *DATE_CELL))
        ident = _text(row[id_column]) if row_index > HEADER_ROW and len(row) > id_column else ""
        is_action = ident in actions
        for column, value in enumerate(row):
            if value is not None and _text(value) and not _form_cell(row_index, column, is_action, last_action):
                found.warning(_cell(name, row_index, column), "text outside the questionnaire's answer cells is "
                                                              "ignored")
        if ident and not is_action:
            found.error(_cell(name, row_index, id_column), f"unknown action id '{ident}' in the hidden column")
        if not is_action:
            continue
        if ident in seen_rows:
            found.error(_cell(name, row_index, id_column), f"action {ident} appears twice (first in row "
                                                           f"{seen_rows[ident]})")
            continue
        seen_rows[ident] = row_index + 1
        entry = _entry(row, row_index, name, ident, found, labels, limit)
        if entry is not None:
            entries[ident] = entry
    if reported is None and not any(p.severity == "error" and p.location.file.endswith(
            _cell(name, *DATE_CELL)) for p in found.problems):
        found.error(_cell(name, *DATE_CELL), "the date of the answers is missing")
    if not any(p.severity == "error" for p in found.problems):
        ordered = tuple(entries[a] for a in actions if a in entries)
        found.report = Report(found.partner, reported or dt.date(1980, 1, 1), ordered, Location(found.path))


def _get(row: list, key: str):
    index = COLUMN[key]
    return row[index] if index < len(row) else None


def _entry(row, row_index: int, name: str, ident: str, found: Answers, labels, limit: int) -> Entry | None:
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
            found.error(where(key), f"the text has the control character {bad}")
            ok = False
    folded = {_fold(label): status for label, status in labels.items()}
    status = folded.get(_fold(status_text)) if status_text else None
    if not status_text:
        found.error(where("status"), f"action {ident} has an answer but no status: choose one from the list")
        ok = False
    elif status is None:
        found.error(where("status"), f"status '{status_text}' is not on the scale"
                                     f"{did_you_mean(status_text, list(labels))}")
        ok = False
    if len(account) > limit:
        found.error(where("account"), f"the account has {len(account)} characters; at most {limit} are allowed")
        ok = False
    if link and not _URL.fullmatch(link):
        found.error(where("evidence-url"), f"the evidence link '{link[:60]}' is not an http:// or https:// address")
        ok = False
    if bool(title) != bool(link):
        missing = "evidence-title" if link else "evidence-url"
        found.error(where(missing), "evidence needs both a title and a link")
        ok = False
    if not ok:
        return None
    loc = Location(found.path)
    evidence = Evidence(Text(title, "", loc), link, loc) if link else None
    return Entry(ident, status, Text(account, "", loc) if account else None, evidence, loc)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _date(value, found: Answers, where: str) -> dt.date | None:
    """Return the date of a date cell, or of a date typed as text (31.5.2024, 31/05/2024, 2024-05-31)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value))
    if match:
        day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            match.group(6), match.group(5), match.group(4))
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            pass
    found.error(where, f"'{str(value)[:40]}' is not a date (write it as day.month.year, e.g. 31.05.2024)")
    return None
