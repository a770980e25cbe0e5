"""Write a questionnaire as an Excel workbook with XlsxWriter: an instructions sheet, the answers sheet (one row
per action under its commitment's heading: locked number and text, a status drop-down from a cell range, the
account with its length limit, evidence title and link, last round's answers for reference) and a very hidden
sheet with the machine-readable ids. Locked cells are protected without a password. Same inputs, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass

from ..source.markup import plain
from .form import FORMAT_VERSION, Form

META_SHEET = "_reportgen"
STATUS_RANGE = "Statuses"
HEADER_ROW = 3  # 0-based row of the answers sheet's column headings; answers start below it
DATE_CELL = (1, 2)  # C2: the date of the answers
# Columns of the answers sheet: (key, width); the action's id is the last, hidden, column.
COLUMNS = (("number", 6), ("action", 46), ("status", 17), ("account", 50), ("evidence-title", 24),
           ("evidence-url", 24), ("previous-status", 15), ("previous-account", 34), ("id", 6))
COLUMN = {key: index for index, (key, _) in enumerate(COLUMNS)}
ANSWERS = ("status", "account", "evidence-title", "evidence-url")


@dataclass(frozen=True)
class Palette:
    """The theme's style values a workbook takes (``tokens.css``): locked cells in the tables' header fill,
    headings in the heading fill, the title in the accent colour, each status's fill where it is chosen."""

    locked: str
    heading: str
    accent: str
    rule: str

    @classmethod
    def of(cls, theme) -> Palette:
        """Return the palette of ``theme``'s style values."""
        from ..theme.style import style_of

        style = style_of(theme)
        return cls(style.colour("header-fill"), style.colour("heading-fill"), style.colour("accent"),
                   style.colour("rule"))


def _height(texts: list[tuple[str, float]]) -> float:
    """Return a row height (points) that shows every wrapped text of the row, given each text's column width."""
    lines = max([1] + [sum(max(1, math.ceil(len(part) / max(width - 1, 1))) for part in text.split("\n"))
                       for text, width in texts if text])
    return 13.5 * lines + 3  # Calibri 10 pt lines, as Excel and LibreOffice set them


def write_questionnaire(form: Form, words: dict[str, str], palette: Palette) -> bytes:
    """Return the workbook of ``form`` with its ``words``, in the theme's ``palette``."""
    import xlsxwriter

    out = io.BytesIO()
    created = dt.datetime.combine(form.round.info.date, dt.time())
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    book.set_properties({"title": words["title"], "author": form.round.info.organisation.plain,
                         "created": created, "comments": "reportgen questionnaire"})
    base = {"font_name": "Calibri", "font_size": 10, "text_wrap": True, "valign": "top", "border": 1,
            "border_color": palette.rule.upper()}
    style = {
        "title": book.add_format({"bold": True, "font_size": 13, "font_color": palette.accent.upper()}),
        "text": book.add_format({"text_wrap": True, "valign": "top", "font_size": 10}),
        "locked": book.add_format({**base, "bg_color": palette.locked.upper()}),
        "heading": book.add_format({**base, "bold": True, "bg_color": palette.heading.upper()}),
        "header": book.add_format({**base, "bold": True, "bg_color": palette.heading.upper(), "valign": "vcenter"}),
        "answer": book.add_format({**base, "locked": False, "num_format": "@"}),  # text: Excel converts nothing
        "date": book.add_format({**base, "locked": False, "num_format": "dd.mm.yyyy"}),
    }
    instructions = book.add_worksheet(words["sheet-instructions"])
    answers = book.add_worksheet(words["sheet-actions"])
    meta = book.add_worksheet(META_SHEET)
    _instructions(form, words, instructions, style)
    _answers(form, words, answers, style)
    _status_colours(form, words, answers, book)
    _meta(form, words, meta, book)
    for sheet in (instructions, answers, meta):
        sheet.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                           "select_unlocked_cells": True})
    meta.very_hidden()
    answers.activate()
    book.close()
    return out.getvalue()


_SHEET_NAME = re.compile(r"^[^\[\]:*?/\\']{1,31}$")


def sheet_name_problems(words: dict[str, str]) -> list[str]:
    """Return why the (translated) sheet names cannot be used in Excel, if they cannot."""
    names = [words["sheet-instructions"], words["sheet-actions"]]
    problems = [f"the sheet name '{n}' is not one Excel accepts (1 to 31 characters, none of [ ] : * ? / \\ ')"
                for n in names if not _SHEET_NAME.match(n)]
    folded = [name.casefold() for name in names]  # Excel compares sheet names without case
    if len(set(folded)) < 2 or META_SHEET.casefold() in folded:
        problems.append(f"the two sheets need names of their own (Excel does not tell upper from lower case), other "
                        f"than {META_SHEET}: got {names}")
    return problems


def _instructions(form: Form, words, sheet, style) -> None:
    info = form.round.info
    sheet.set_column(0, 0, 110)
    sheet.write(0, 0, words["title"], style["title"])
    lines = [words["intro"], words["how"], words["statuses"], words["blank"]]
    if form.previous_id:
        lines.append(words["previous"])
    lines += [words["keep"], words["return-plain"]]
    lines += [words["deadline"]] if info.deadline else []
    lines += [words["contact"]] if info.contact else []
    for row, line in enumerate(lines, 2):
        sheet.write(row, 0, line, style["text"])
        sheet.set_row(row, _height([(line, 110)]))
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_header(f"&L&8{_escape(words['title'])}")


def _answers(form: Form, words, sheet, style) -> None:
    last = len(COLUMNS) - 1
    widths = dict(COLUMNS)
    for index, (key, width) in enumerate(COLUMNS):
        sheet.set_column(index, index, width, None, {"hidden": key == "id"} if key == "id" else None)
    sheet.merge_range(0, 0, 0, last - 1, words["title"], style["title"])
    sheet.merge_range(DATE_CELL[0], 0, DATE_CELL[0], 1, words["date"], style["locked"])
    if form.reported:
        sheet.write_datetime(*DATE_CELL, dt.datetime.combine(form.reported, dt.time()), style["date"])
    else:
        sheet.write_blank(*DATE_CELL, None, style["date"])
    shown = [key for key, _ in COLUMNS if form.previous_id or not key.startswith("previous")]
    for key in shown:
        sheet.write(HEADER_ROW, COLUMN[key], "" if key == "id" else words[key], style["header"])
    labels = {s.id: words[f"status-{s.id}"] for s in form.statuses}
    row = HEADER_ROW + 1
    first = row
    for item in form.rows:
        if item.action is None:
            sheet.merge_range(row, 0, row, last - 1, item.heading, style["heading"])
            sheet.set_row(row, _height([(item.heading, sum(w for k, w in COLUMNS[:-1]))]))
            sheet.write_blank(row, last, None, style["locked"])
            row += 1
            continue
        action, before, now = item.action, item.previous, item.current
        values = {
            "number": str(action.number), "action": action.text.plain,
            "status": labels.get(now.status, "") if now else "",
            "account": plain(now.account.value) if now and now.account else "",  # as typed: no markup
            "evidence-title": plain(now.evidence.title.value) if now and now.evidence else "",
            "evidence-url": now.evidence.url if now and now.evidence else "",
            "previous-status": labels.get(before.status, "") if before else "",
            "previous-account": before.account.plain if before and before.account else "",
            "id": action.id,
        }
        for key in shown:
            cell_style = style["answer"] if key in ANSWERS else style["locked"]
            if values[key]:
                sheet.write_string(row, COLUMN[key], values[key], cell_style)
            else:
                sheet.write_blank(row, COLUMN[key], None, cell_style)
        sheet.set_row(row, _height([(values[k], widths[k]) for k in shown if k != "id"]))
        row += 1
    column = COLUMN["status"]
    sheet.data_validation(first, column, row - 1, column, {
        "validate": "list", "source": f"={STATUS_RANGE}", "ignore_blank": True,
        "error_title": words["status"], "error_message": words["pick-status"]})
    column = COLUMN["account"]
    sheet.data_validation(first, column, row - 1, column, {
        "validate": "length", "criteria": "<=", "value": form.round.info.account_limit, "ignore_blank": True,
        "error_title": words["account"][:32], "error_message": words["too-long"]})
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_header(f"&L&8{_escape(words['title'])}")


def _status_colours(form: Form, words, sheet, book) -> None:
    """Fill a status cell with its status's colour once chosen (and last round's too), as the matrix does, its
    text in the ink that reads on it."""
    from ..charts import ink

    last = HEADER_ROW + len(form.rows)
    for status in form.statuses:
        fill = book.add_format({"bg_color": status.colour.upper(), "font_color": ink(status.colour, status.inks).upper()})
        label = words[f"status-{status.id}"].replace('"', '""')
        for key in ("status", "previous-status"):
            sheet.conditional_format(HEADER_ROW + 1, COLUMN[key], last, COLUMN[key], {
                "type": "cell", "criteria": "==", "value": f'"{label}"', "format": fill})


def _escape(text: str) -> str:
    return text.replace("&", "&&")


def _meta(form: Form, words, sheet, book) -> None:
    """The machine-readable part: what the form is for, the action ids it was made with, the scale's labels."""
    info = form.round.info
    rows = [("reportgen questionnaire", FORMAT_VERSION), ("round", info.id), ("partner", form.partner.id),
            ("language", form.language.tag), ("plan", form.fingerprint), ("answers sheet", words["sheet-actions"]),
            ("account limit", str(info.account_limit))]
    rows += [(f"action {ident}", digest) for ident, digest in form.fingerprints]
    for index, (key, value) in enumerate(rows):
        sheet.write_string(index, 0, key)
        sheet.write_string(index, 1, value)
    start = len(rows) + 1
    for offset, status in enumerate(form.statuses):
        sheet.write_string(start + offset, 0, f"status {status.id}")
        sheet.write_string(start + offset, 1, words[f"status-{status.id}"])
    end = start + len(form.statuses)
    book.define_name(STATUS_RANGE, f"='{META_SHEET}'!$B${start + 1}:$B${end}")
