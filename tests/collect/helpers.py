"""A new round of the shipped plan, and a partner filling in its questionnaire as a ministry would (openpyxl)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl

from conftest import make_project, missing_tool, run_cli

CALC = Path("/usr/lib/libreoffice/program/libsclo.so")  # what Debian's libreoffice-calc-nogui installs

ROUND_2025 = """\
# ILLUSTRATIVE DATA: a round made up for the tests.
round:
  id: "2025"
  title: Progress Report on the Action Plan, round 2025
  short_title: Progress Report 2025
  subject: Implementation of the Action Plan in the reporting round 2025
  organisation: Western Balkans partners, with facilitation by IOM
  symbol: WB-SMG/PR/2025
  period_start: 2024-07
  period_end: 2025-06
  meeting: Fifth Sarajevo Migration Dialogue
  date: 2025-10-14
  illustrative: true
  previous: "2024"
  deadline: 2025-08-31
  contact: secretariat@example.org
"""
ANSWERS_COLUMN = {"status": 3, "account": 4, "title": 5, "url": 6, "id": 9}  # 1-based, as openpyxl counts


def new_round(tmp_path: Path) -> Path:
    """Return a copy of the shipped project with an empty round 2025 (after 2024)."""
    project = make_project(tmp_path)
    folder = project / "content/progress/2025"
    folder.mkdir()
    (folder / "round.yaml").write_text(ROUND_2025, "utf-8")
    return project


def make_forms(capsys, project: Path, round_id: str = "2025", *extra: str, out: Path | None = None) -> Path:
    """Run ``reportgen questionnaire``; return the folder of the forms."""
    args = [*extra, "--out", str(out)] if out else list(extra)
    status, _, err = run_cli(capsys, "questionnaire", "--project", str(project), "--round", round_id, *args)
    assert status == 0, err
    return (out or project / "build") / "questionnaires" / round_id


def fill(path: Path, answers: dict[str, tuple], date=dt.date(2025, 7, 15), extra: dict[str, str] | None = None,
         out: Path | None = None) -> Path:
    """Fill a questionnaire in: ``answers`` maps action ids to (status label, account, evidence title, link)."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    rows = {sheet.cell(row, ANSWERS_COLUMN["id"]).value: row for row in range(1, sheet.max_row + 1)}
    for action, values in answers.items():
        for key, value in zip(("status", "account", "title", "url"), values):
            if value is not None:
                sheet.cell(rows[action], ANSWERS_COLUMN[key]).value = value
    if date is not None:
        sheet["C2"] = date
    for cell, value in (extra or {}).items():
        sheet[cell] = value
    target = out or path
    book.save(target)
    return target


def through_libreoffice(path: Path, work: Path) -> Path:
    """Return the workbook as LibreOffice Calc saves it (opened and saved again as .xlsx, headless)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not CALC.exists():
        missing_tool("LibreOffice Calc is not installed (make test installs libreoffice-calc-nogui where it can)")
    out = work / "libreoffice"
    subprocess.run([soffice, f"-env:UserInstallation={(work / '.profile').as_uri()}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    return out / path.name
