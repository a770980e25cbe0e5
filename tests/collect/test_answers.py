"""Answers in: six partners fill their forms (one in Macedonian, one leaving every row blank, one with a misspelt
status, one passed through LibreOffice Calc); the import writes their reports; the progress report built from
them shows the figures the workbooks hold. Every refusal has its diagnostic, and a failed import changes nothing."""

from __future__ import annotations

import collections
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from collect.helpers import fill, make_forms, new_round, through_libreoffice
from conftest import ROOT, edit, make_project, pdf_text, run_cli, squash

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
EN = {"completed": "Completed", "in-progress": "In progress", "planned": "Planned", "not-started": "Not started",
      "not-applicable": "Not applicable"}
MK = {"completed": "Завршено", "in-progress": "Во тек", "planned": "Планирано", "not-started": "Не е започнато",
      "not-applicable": "Не е применливо"}
SQ = {"completed": "Përfunduar", "in-progress": "Në proces", "planned": "Planifikuar"}


def _snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}


def _import(capsys, project: Path, *files: Path, replace: bool = False) -> tuple[int, str, str]:
    return run_cli(capsys, "import", "--project", str(project), "--round", "2025", *map(str, files),
                   *(["--replace"] if replace else []))


def _answers(statuses: dict[str, str], labels: dict[str, str], with_account: bool = True) -> dict[str, tuple]:
    return {action: (f"  {labels[status]} ", f"Work done on {action}." if with_account else None, None, None)
            for action, status in statuses.items()}


def _sq_label(status: str) -> str:
    from reportgen.i18n.catalogue import Translator
    from reportgen.i18n.locales import LANGUAGES
    from reportgen.project import load_project

    project = load_project(ROOT)
    translator = Translator(LANGUAGES["sq"], project.catalogues["sq"])
    return next(translator.localise(s.label).plain for s in project.documents["progress-report-2024"].model.statuses
                if s.id == status)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (make test installs it where it can)")
def test_six_partners_answer_and_the_report_shows_what_they_sent(capsys, tmp_path):
    project = new_round(tmp_path)
    forms = make_forms(capsys, project)
    cycle = ["completed", "in-progress", "planned", "not-started", "not-applicable"]
    plan = {f"A{n}": cycle[n % 5] for n in range(1, 22)}
    sent = {
        "AL": {a: s for a, s in plan.items() if s in ("completed", "in-progress", "planned")},  # in Albanian
        "BA": {a: cycle[(int(a[1:]) + 1) % 5] for a in plan},  # English labels in a Bosnian form
        "XK": {},  # every row left blank
        "ME": {a: "in-progress" for a in list(plan)[:10]},  # one misspelt status, fixed after the first try
        "MK": {a: cycle[(int(a[1:]) + 2) % 5] for a in plan},  # Macedonian labels
        "RS": {a: "completed" for a in list(plan)[:15]},  # passed through LibreOffice Calc
    }
    fill(forms / "AL.xlsx", {a: (_sq_label(s), f"Puna për {a}.", None, None) for a, s in sent["AL"].items()})
    fill(forms / "BA.xlsx", _answers(sent["BA"], EN))
    fill(forms / "XK.xlsx", {}, date="6.9.2025")
    misspelt = {**_answers(sent["ME"], EN), "A3": ("In progres", "Work done on A3.", None, None)}
    fill(forms / "ME.xlsx", misspelt, date=dt.datetime(2025, 7, 26))
    fill(forms / "MK.xlsx", {a: (MK[s], f"Работа на {a}.", "Извештај", "https://example.org/mk.pdf")
                             for a, s in sent["MK"].items()})
    fill(forms / "RS.xlsx", _answers(sent["RS"], EN, with_account=False), date="2025-07-09")
    calc = through_libreoffice(forms / "RS.xlsx", tmp_path)
    before = _snapshot(project)
    files = [forms / f"{p}.xlsx" for p in ("AL", "BA", "XK", "ME", "MK")] + [calc]
    status, out, err = _import(capsys, project, *files)
    assert status == 1
    row = 5 + 1 + 2  # the header row, the first commitment's heading, then A1, A2, A3
    assert f"{forms / 'ME.xlsx'}:Odgovori!C{row}: error: status 'In progres' is not on the scale (did you mean " \
           f"'In progress'?)" in err
    assert err.count("error:") == 1 and _snapshot(project) == before
    fill(forms / "ME.xlsx", {"A3": ("In progress", None, None, None)}, date=None)
    status, out, err = _import(capsys, project, *files)
    assert status == 0, err
    assert sorted(re.findall(r"wrote content/progress/2025/(\w+)\.yaml", out)) == sorted(sent)
    status, out, _ = run_cli(capsys, "build", "--project", str(project), "--doc", "progress-report-2025",
                             "--lang", "en", "--format", "pdf")
    assert status == 0
    text = squash(pdf_text(project / "build/en/progress-report-2025.pdf"))
    counts = collections.Counter(s for answers in sent.values() for s in answers.values())
    received = sum(counts.values())
    assert squash(f"Action reports received: {received} of 126.") in text
    for status_id, label in EN.items():
        count = counts.get(status_id, 0)
        assert squash(f"{label}: {count} ({round(100 * count / 126)}%).") in text, label
    written = yaml.safe_load((project / "content/progress/2025/ME.yaml").read_text("utf-8"))
    assert written["reported"] == dt.date(2025, 7, 26) and len(written["actions"]) == 10
    assert yaml.safe_load((project / "content/progress/2025/XK.yaml").read_text("utf-8"))["actions"] == []
    assert yaml.safe_load((project / "content/progress/2025/RS.yaml").read_text("utf-8"))["reported"] == \
        dt.date(2025, 7, 9)
    status, out, _ = run_cli(capsys, "round", "status", "--project", str(project), "2025")
    assert status == 0 and "round 2025: 6 of 6 partners answered" in out
    assert re.search(r"XK +Kosovo\* +2025-09-06 +0/21 +all", out)
    assert re.search(r"RS +Serbia +2025-07-09 +15/21 +16, 17, 18, 19, 20, 21", out)
    status, _, err = run_cli(capsys, "round", "status", "--project", str(project), "2025", "--require", "complete")
    assert status == 1 and "round 2025 is not complete" in err


def test_the_2024_round_prefilled_and_imported_back_is_unchanged(capsys, tmp_path):
    project = make_project(tmp_path)
    before = _snapshot(project)
    forms = make_forms(capsys, project, "2024", "--prefill", "current")
    status, out, err = run_cli(capsys, "import", "--project", str(project), "--round", "2024", "--replace",
                               *map(str, sorted(forms.glob("*.xlsx"))))
    assert status == 0, err
    assert out.count("wrote content/progress/2024/") == 6
    assert _snapshot(project) == before


@pytest.fixture(scope="module")
def returned(tmp_path_factory):
    """A project with an empty round 2025 and Albania's form filled in correctly."""
    import contextlib

    from reportgen.cli import main

    project = new_round(tmp_path_factory.mktemp("returned"))
    with contextlib.redirect_stdout(None):
        assert main(["questionnaire", "--project", str(project), "--round", "2025"]) == 0
    forms = project / "build/questionnaires/2025"
    fill(forms / "AL.xlsx", {"A1": (_sq_label("completed"), "Bërë.", None, None)})
    return project, forms


def _refused(capsys, project: Path, path: Path, expected: str, replace: bool = False) -> None:
    before = _snapshot(project)
    status, out, err = _import(capsys, project, path, replace=replace)
    assert status == 1, err
    assert expected in err, err
    assert "nothing was written" in err and _snapshot(project) == before


def test_a_workbook_of_another_round_or_partner_is_refused(capsys, returned, tmp_path):
    project, forms = returned
    other = make_forms(capsys, project, "2024", "--partner", "AL", out=tmp_path)
    _refused(capsys, project, other / "AL.xlsx", "AL.xlsx: error: this is the questionnaire of round 2024, not of "
                                                 "round 2025")
    renamed = shutil.copy(forms / "BA.xlsx", tmp_path / "AL.xlsx")
    _refused(capsys, project, Path(renamed), "AL.xlsx: error: the file is named for partner AL but holds the "
                                             "questionnaire of BA")


def test_a_plan_that_changed_since_the_form_was_made_names_the_actions(capsys, returned, tmp_path):
    project, forms = returned
    changed = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", changed / "content/progress/2025")
    edit(changed, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    _refused(capsys, changed, forms / "AL.xlsx", "AL.xlsx: error: the plan's actions changed since this "
                                                 "questionnaire was made (changed: A21): make new questionnaires")


def test_files_that_are_not_clean_workbooks_are_refused(capsys, returned, tmp_path):
    project, forms = returned
    text = tmp_path / "AL.xlsx"
    text.write_text("partner,status\nAL,done\n", "utf-8")
    _refused(capsys, project, text, f"{text}: error: not an Excel workbook (.xlsx), or a damaged one")
    damaged = tmp_path / "cut" / "AL.xlsx"
    damaged.parent.mkdir()
    damaged.write_bytes((forms / "AL.xlsx").read_bytes()[:3000])
    _refused(capsys, project, damaged, f"{damaged}: error: not an Excel workbook (.xlsx), or a damaged one")
    macros = tmp_path / "macros" / "AL.xlsx"
    macros.parent.mkdir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(forms / "AL.xlsx") as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really")
    macros.write_bytes(buffer.getvalue())
    _refused(capsys, project, macros, f"{macros}: error: the workbook carries macros: refused")
    foreign = tmp_path / "foreign" / "AL.xlsx"
    foreign.parent.mkdir()
    openpyxl.Workbook().save(foreign)
    _refused(capsys, project, foreign, f"{foreign}: error: not a reportgen questionnaire")


def test_a_second_import_needs_replace(capsys, returned, tmp_path):
    project, forms = returned
    copy = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    assert _import(capsys, copy, forms / "AL.xlsx")[0] == 0
    _refused(capsys, copy, forms / "AL.xlsx", "error: AL already has a report for round 2025 "
                                              "(content/progress/2025/AL.yaml); import with --replace")
    assert _import(capsys, copy, forms / "AL.xlsx", replace=True)[0] == 0


def test_an_account_over_the_limit_and_a_link_that_is_not_http_are_refused(capsys, returned, tmp_path):
    project, forms = returned
    path = fill(forms / "AL.xlsx", {"A1": (None, "x" * 1001, "Raporti", "ftp://example.org/r.pdf")},
                out=tmp_path / "AL.xlsx")
    before = _snapshot(project)
    status, _, err = _import(capsys, project, path)
    assert status == 1
    assert f"{path}:Përgjigjet!D6: error: the account has 1001 characters; at most 1000 are allowed" in err
    assert f"{path}:Përgjigjet!F6: error: the evidence link 'ftp://example.org/r.pdf' is not an http:// or " \
           f"https:// address" in err
    assert _snapshot(project) == before


def test_text_outside_the_form_is_ignored_with_a_warning_and_dates_as_text_are_read(capsys, returned, tmp_path):
    project, forms = returned
    copy = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    path = fill(forms / "AL.xlsx", {}, date=" 15.07.2025 ", extra={"K9": "a note to the secretariat", "A40": "x"},
                out=tmp_path / "AL.xlsx")
    status, out, err = _import(capsys, copy, path)
    assert status == 0, err
    assert f"{path}:Përgjigjet!K9: warning: text outside the questionnaire's answer cells is ignored" in err
    assert f"{path}:Përgjigjet!A40: warning: text outside" in err
    written = yaml.safe_load((copy / "content/progress/2025/AL.yaml").read_text("utf-8"))
    assert written == {"partner": "AL", "reported": dt.date(2025, 7, 15),
                       "actions": [{"action": "A1", "status": "completed", "account": "Bërë."}]}
    header = (copy / "content/progress/2025/AL.yaml").read_text("utf-8").splitlines()[0]
    assert header == "# The report of AL (Albania) for round 2025, imported by reportgen from AL.xlsx."


def _rewrite(path: Path, out: Path, change) -> Path:
    """Return a copy of a workbook with ``change(name, data) -> data`` applied to each part of the package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, change(item.filename, source.read(item)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return out


def test_what_a_partner_types_is_text_not_markup_and_excel_escapes_are_decoded(capsys, returned, tmp_path):
    project, forms = returned
    copy = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    path = fill(forms / "AL.xlsx", {"A1": (None, "Agreed with Kosovo* authorities; see [x](javascript:alert(1)) "
                                                 "and snake_case_x000D_ notes.", None, None)}, out=tmp_path / "AL.xlsx")
    status, out, err = _import(capsys, copy, path)
    assert status == 0, err
    account = yaml.safe_load((copy / "content/progress/2025/AL.yaml").read_text("utf-8"))["actions"][0]["account"]
    assert account == r"Agreed with Kosovo\* authorities; see \[x\](javascript:alert(1)) and snake\_case notes."
    assert run_cli(capsys, "build", "--project", str(copy), "--doc", "progress-report-2025", "--lang", "en",
                   "--format", "html")[0] == 0
    page = (copy / "build/en/progress-report-2025.html").read_text("utf-8")
    assert "Agreed with Kosovo* authorities; see [x](javascript:alert(1)) and snake_case notes." in page
    assert "javascript:alert" not in page.split("see [x](")[0]  # no link was made of it


def test_a_form_whose_rows_or_columns_were_changed_is_refused(capsys, returned, tmp_path):
    project, forms = returned
    book = openpyxl.load_workbook(forms / "AL.xlsx")
    sheet = book.worksheets[1]
    sheet.protection.sheet = False
    sheet.delete_cols(7)  # the previous round's status: the hidden ids move one column left
    book.save(tmp_path / "AL.xlsx")
    _refused(capsys, project, tmp_path / "AL.xlsx", "Përgjigjet: error: the rows of 21 action(s) are missing (A1, A2")
    book = openpyxl.load_workbook(forms / "AL.xlsx")
    sheet = book.worksheets[1]
    sheet["I6"], sheet["I7"] = sheet["I7"].value, sheet["I6"].value  # two hidden ids swapped
    (tmp_path / "swapped").mkdir()
    book.save(tmp_path / "swapped/AL.xlsx")
    _refused(capsys, project, tmp_path / "swapped/AL.xlsx", "Përgjigjet!A6: error: the row shows action 1 but its "
                                                            "hidden id is A2")


def test_a_stale_sheet_size_hides_no_row(capsys, returned, tmp_path):
    project, forms = returned
    filled = fill(forms / "AL.xlsx", {"A21": (_sq_label("planned"), None, None, None)}, out=tmp_path / "filled.xlsx")
    stale = _rewrite(filled, tmp_path / "stale/AL.xlsx", lambda name, data: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:C2"/>', data) if name == "xl/worksheets/sheet2.xml" else data)
    copy = make_project(tmp_path / "copy")
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    status, out, err = _import(capsys, copy, stale)
    assert status == 0, err
    actions = yaml.safe_load((copy / "content/progress/2025/AL.yaml").read_text("utf-8"))["actions"]
    assert [a["action"] for a in actions] == ["A1", "A21"]


def test_formulas_damaged_parts_and_bombs_are_refused_without_a_traceback(capsys, returned, tmp_path):
    project, forms = returned
    formula = fill(forms / "AL.xlsx", {"A1": (_sq_label("completed"), "=1+1", None, None)}, out=tmp_path / "AL.xlsx")
    _refused(capsys, project, formula, "Përgjigjet!D6: error: a formula is not an answer: type the text itself")
    damaged = _rewrite(forms / "AL.xlsx", tmp_path / "damaged/AL.xlsx",
                       lambda name, data: data[:len(data) // 2] if name == "xl/worksheets/sheet2.xml" else data)
    _refused(capsys, project, damaged, "error: the workbook is damaged and cannot be read")
    bomb = _rewrite(forms / "AL.xlsx", tmp_path / "bomb/AL.xlsx",
                    lambda name, data: data + b" " * (60 * 1024 * 1024) if name == "xl/worksheets/sheet2.xml" else data)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    _refused(capsys, project, bomb, "error: the workbook unpacks to more than 50 MiB: refused")
    (tmp_path / "dated").mkdir()
    dated = fill(forms / "AL.xlsx", {}, date="31.12.9999", out=tmp_path / "dated/AL.xlsx")
    _refused(capsys, project, dated, "Përgjigjet!C2: error: '31.12.9999' is not a date")


def _patched_entry(data: bytes, name: str, local=None, central=None, body=None) -> bytes:
    """Return a zip archive with one entry's raw bytes changed: ``local`` and ``central`` are (offset, bytes) in its
    local and central directory headers, ``body`` a function of its compressed bytes."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset
    name_length, extra_length = int.from_bytes(raw[start + 26:start + 28], "little"), \
        int.from_bytes(raw[start + 28:start + 30], "little")
    begin = start + 30 + name_length + extra_length
    if body is not None:
        raw[begin:begin + info.compress_size] = body(bytes(raw[begin:begin + info.compress_size]))
    if local is not None:
        raw[start + local[0]:start + local[0] + len(local[1])] = local[1]
    if central is not None:
        entry = raw.index(b"PK\x01\x02")
        while raw[entry + 46:entry + 46 + len(name)] != name.encode():
            entry = raw.index(b"PK\x01\x02", entry + 4)
        raw[entry + central[0]:entry + central[0] + len(central[1])] = central[1]
    return bytes(raw)


@pytest.mark.parametrize("damage", ["encrypted", "flipped", "method 9"])
def test_a_damaged_package_index_is_not_an_excel_workbook(capsys, returned, tmp_path, damage):
    project, forms = returned
    data = (forms / "AL.xlsx").read_bytes()
    name = "[Content_Types].xml"
    flag = (1).to_bytes(2, "little")  # bit 0 of the general purpose flag: the entry is encrypted
    method = (9).to_bytes(2, "little")  # Deflate64, which Python's zipfile cannot unpack
    changed = {"encrypted": lambda: _patched_entry(data, name, local=(6, flag), central=(8, flag)),
               "flipped": lambda: _patched_entry(data, name, body=lambda b: b[:4] + bytes(x ^ 0xFF for x in b[4:40])
                                                 + b[40:]),
               "method 9": lambda: _patched_entry(data, name, local=(8, method), central=(10, method))}[damage]()
    path = tmp_path / "AL.xlsx"
    path.write_bytes(changed)
    _refused(capsys, project, path, f"{path}: error: not an Excel workbook (.xlsx), or a damaged one")


def test_labels_the_form_offered_are_read_after_the_catalogue_rewords_them(capsys, returned, tmp_path):
    project, forms = returned
    copy = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    edit(copy, "translations/sq/LC_MESSAGES/messages.po", 'msgstr "Përfunduar"', 'msgstr "E përfunduar"')
    status, _, err = _import(capsys, copy, forms / "AL.xlsx")
    assert status == 0, err
    actions = yaml.safe_load((copy / "content/progress/2025/AL.yaml").read_text("utf-8"))["actions"]
    assert actions == [{"action": "A1", "status": "completed", "account": "Bërë."}]


def test_a_file_name_with_a_line_break_stays_in_its_comment(capsys, returned, tmp_path):
    project, forms = returned
    copy = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    odd = tmp_path / "AL\nsecond: line\u2028.xlsx"
    shutil.copyfile(forms / "AL.xlsx", odd)
    status, _, err = _import(capsys, copy, odd)
    assert status == 0, err
    text = (copy / "content/progress/2025/AL.yaml").read_text("utf-8")
    assert text.splitlines()[0] == "# The report of AL (Albania) for round 2025, imported by reportgen from " \
                                   "AL?second: line?.xlsx."
    assert run_cli(capsys, "check", "--project", str(copy))[0] == 0


def test_a_blank_form_is_not_imported_and_the_others_are(capsys, returned, tmp_path):
    project, forms = returned
    copy = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    blank = shutil.copy(project / "build/questionnaires/2025/BA.xlsx", tmp_path / "BA.xlsx")
    status, out, err = _import(capsys, copy, forms / "AL.xlsx", Path(blank))
    assert status == 0, err
    assert f"{blank}: warning: the form holds no answers (no date, no row filled in): it is not imported" in err
    assert "wrote content/progress/2025/AL.yaml" in out and "BA.yaml" not in out
    assert sorted(p.name for p in (copy / "content/progress/2025").iterdir()) == ["AL.yaml", "round.yaml"]


def test_what_is_wrong_in_a_status_is_named_to_the_character(capsys, returned, tmp_path):
    project, forms = returned
    path = fill(forms / "AL.xlsx", {"A1": ("Completed\u200b", None, None, None), "A2": ("\u0410ccepted", "x", None,
                                                                                       None)},
                out=tmp_path / "AL.xlsx")
    status, _, err = _import(capsys, project, path)
    assert status == 1
    assert "Përgjigjet!C6: error: status 'Completed\u200b' (it has U+200B ZERO WIDTH SPACE) is not on the scale" in err
    assert "status '\u0410ccepted' is not on the scale" in err


def test_text_outside_the_form_is_summarised_per_column_and_rows_past_the_limit_are_announced(capsys, returned,
                                                                                                 tmp_path):
    project, forms = returned
    copy = make_project(tmp_path)
    shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
    notes = {f"K{row}": f"note {row}" for row in range(6, 176)}
    path = fill(forms / "AL.xlsx", {}, extra={**notes, "A2600": "far below"}, out=tmp_path / "AL.xlsx")
    status, _, err = _import(capsys, copy, path)
    assert status == 0, err
    assert err.count("warning:") == 2, err
    assert f"{path}:Përgjigjet!K6:K175: warning: 170 cells of text outside the questionnaire's answer cells are " \
           f"ignored" in err
    assert f"{path}:Përgjigjet: warning: the sheet declares 2600 rows; only the first 2000 are read" in err


def test_a_cleared_hidden_id_is_named_as_such(capsys, returned, tmp_path):
    project, forms = returned
    book = openpyxl.load_workbook(forms / "AL.xlsx")
    book.worksheets[1]["I8"] = None  # the hidden id of action 3
    book.save(tmp_path / "AL.xlsx")
    before = _snapshot(project)
    status, _, err = _import(capsys, project, tmp_path / "AL.xlsx")
    assert status == 1
    assert err.splitlines()[0] == f"{tmp_path / 'AL.xlsx'}:Përgjigjet!I8: error: the hidden id of action 3 was " \
                                  f"cleared: use a fresh copy of the form"
    assert "warning" not in err and "missing" not in err and _snapshot(project) == before


def test_two_imports_of_one_partner_at_once_never_both_win(returned, tmp_path):
    import subprocess
    import sys

    project, forms = returned
    for folder in ("1", "2"):
        (tmp_path / folder).mkdir()
    first = fill(forms / "AL.xlsx", {"A2": (_sq_label("planned"), "Planned.", None, None)}, out=tmp_path / "1/AL.xlsx")
    second = fill(forms / "AL.xlsx", {"A3": (_sq_label("planned"), "Later.", None, None)}, out=tmp_path / "2/AL.xlsx")
    for attempt in range(3):
        copy = make_project(tmp_path / str(attempt))
        shutil.copytree(project / "content/progress/2025", copy / "content/progress/2025")
        processes = [subprocess.Popen([sys.executable, "-m", "reportgen", "import", "--project", str(copy), "--round",
                                       "2025", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for path in (first, second)]
        results = [(p.wait(timeout=120), p.stdout.read() + p.stderr.read()) for p in processes]
        for p in processes:
            p.stdout.close()
            p.stderr.close()
        assert sorted(status for status, _ in results) == [0, 1], results
        loser = next(text for status, text in results if status == 1)
        assert "another import meanwhile" in loser or "AL already has a report for round 2025" in loser
        winner = (first, second)[[status for status, _ in results].index(0)]
        actions = yaml.safe_load((copy / "content/progress/2025/AL.yaml").read_text("utf-8"))["actions"]
        assert actions[1]["action"] == ("A2" if winner == first else "A3")
