"""Questionnaires out: one workbook per partner in its language, locked where it must not change, with the
status list from a cell range, the instructions, the ids hidden, print set-up; the same bytes from the same inputs."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
import yaml

from collect.helpers import make_forms, new_round
from conftest import run_cli
from reportgen.i18n.locales import LANGUAGES

PARTNERS = ["AL", "BA", "XK", "ME", "MK", "RS"]


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    import contextlib

    project = new_round(tmp_path_factory.mktemp("forms"))
    with contextlib.redirect_stdout(None):
        from reportgen.cli import main

        assert main(["questionnaire", "--project", str(project), "--round", "2025"]) == 0
    return project, project / "build/questionnaires/2025"


def test_one_workbook_per_partner_in_its_own_language(forms):
    project, folder = forms
    assert sorted(p.stem for p in folder.glob("*.xlsx")) == sorted(PARTNERS)
    names = {p: openpyxl.load_workbook(folder / f"{p}.xlsx", read_only=True).sheetnames for p in PARTNERS}
    assert names["MK"] == ["Упатства", "Одговори", "_reportgen"]
    assert names["RS"] == ["Упутства", "Одговори", "_reportgen"]
    assert names["AL"] == names["XK"] == ["Udhëzimet", "Përgjigjet", "_reportgen"]
    assert names["ME"][:2] == ["Uputstva", "Odgovori"]


def test_every_visible_word_is_translated(forms):
    project, folder = forms
    english = openpyxl.load_workbook(folder / "AL.xlsx")  # compared below with an English form of the same
    from reportgen.collect.form import make_form
    from reportgen.collect.words import form_words
    from reportgen.project import load_project

    loaded = load_project(project)
    for partner in PARTNERS:
        form = make_form(loaded, "2025", partner)
        words, misses = form_words(loaded, form)
        assert misses == [], (partner, misses)
        source, _ = form_words(loaded, make_form(loaded, "2025", partner, "en"))
        same = [k for k in words if words[k] == source[k] and k not in ("status",)]
        assert same == [], (partner, same)  # every word differs from the English (status is "Status" in bs/hr)
    assert english.worksheets[1]["B4"].value == "Veprimi"


def test_rows_locks_validation_and_ids(forms):
    project, folder = forms
    book = openpyxl.load_workbook(folder / "MK.xlsx")
    sheet = book.worksheets[1]
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["I"].hidden
    ids = [sheet.cell(row, 9).value for row in range(5, sheet.max_row + 1)]
    assert [i for i in ids if i] == [f"A{n}" for n in range(1, 22)]
    headings = [sheet.cell(row, 1).value for row, ident in zip(range(5, sheet.max_row + 1), ids) if not ident]
    assert len(headings) == 3 and headings[0].startswith("Скопска обврска")
    row = ids.index("A1") + 5
    assert sheet.cell(row, 2).protection.locked and sheet.cell(row, 2).value.startswith("Зајакнување")
    for column in (3, 4, 5, 6):
        assert not sheet.cell(row, column).protection.locked
    last = yaml.safe_load((project / "content/progress/2024/MK.yaml").read_text("utf-8"))["actions"][0]
    shown = {"completed": "Завршено", "in-progress": "Во тек", "planned": "Планирано"}
    assert last["action"] == "A1" and sheet.cell(row, 7).value == shown[last["status"]]  # last round's, locked
    assert sheet.cell(row, 7).protection.locked
    assert not sheet["C2"].protection.locked
    validations = {v.type: v for v in sheet.data_validations.dataValidation}
    assert validations["list"].formula1 == "Statuses"  # a range, not an inline list
    assert str(validations["list"].sqref) == f"C5:C{sheet.max_row}"
    assert validations["textLength"].formula1 == "1000" and validations["textLength"].operator == "lessThanOrEqual"
    target = book.defined_names["Statuses"].attr_text
    meta = book["_reportgen"]
    assert meta.sheet_state == "veryHidden" and target.startswith("'_reportgen'!$B$")
    first, last = (int(part.split("$")[-1]) for part in target.split(":"))
    labels = [meta.cell(r, 2).value for r in range(first, last + 1)]
    assert labels == ["Завршено", "Во тек", "Планирано", "Не е започнато", "Не е применливо"]
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert values["round"] == "2025" and values["partner"] == "MK" and values["language"] == "mk"
    assert len(values["plan"]) == 16 and values["action A21"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$4:$4" and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_instructions_say_what_to_do_by_when_and_where(forms):
    project, folder = forms
    sheet = openpyxl.load_workbook(folder / "AL.xlsx").worksheets[0]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "cikli 2025" in text and "Shqipëria" in text or "Albania" in text
    assert "31 gusht 2025" in text and "secretariat@example.org" in text
    assert f"{LANGUAGES['sq'].format_number(1000)} karaktere" in text  # the limit, as Albanian writes numbers


def test_the_same_inputs_give_the_same_bytes(forms, tmp_path, capsys):
    project, folder = forms
    make_forms(capsys, project, "2025", out=tmp_path / "again")
    for partner in PARTNERS:
        assert (folder / f"{partner}.xlsx").read_bytes() == (tmp_path / "again/questionnaires/2025" /
                                                             f"{partner}.xlsx").read_bytes()
    with zipfile.ZipFile(folder / "AL.xlsx") as archive:
        assert "xl/vbaProject.bin" not in archive.namelist()


def test_lang_overrides_and_mistakes_are_usage_errors(forms, capsys, tmp_path):
    project, folder = forms
    out = make_forms(capsys, project, "2025", "--partner", "MK", "--lang", "en", out=tmp_path)
    assert openpyxl.load_workbook(out / "MK.xlsx", read_only=True).sheetnames[0] == "Instructions"
    status, _, err = run_cli(capsys, "questionnaire", "--project", str(project), "--round", "2052")
    assert status == 2 and "unknown round '2052' (did you mean '2025'?)" in err
    status, _, err = run_cli(capsys, "questionnaire", "--project", str(project), "--round", "2025", "--partner", "MNE")
    assert status == 2 and "unknown partner 'MNE' (did you mean 'ME'?)" in err


def test_a_sheet_name_excel_refuses_is_an_error_at_the_catalogue(capsys, tmp_path):
    project = new_round(tmp_path)
    path = project / "translations/mk/LC_MESSAGES/messages.po"
    path.write_text(path.read_text("utf-8").replace('msgstr "Одговори"', 'msgstr "Одговори: [сите]"'), "utf-8")
    status, _, err = run_cli(capsys, "questionnaire", "--project", str(project), "--round", "2025")
    assert status == 1 and "Traceback" not in err
    assert "translations/mk/LC_MESSAGES/messages.po: error: mk: the sheet name 'Одговори: [сите]' is not one " \
           "Excel accepts" in err
    assert not (project / "build/questionnaires").exists()


def test_check_sees_the_questionnaires_words(capsys, tmp_path):
    project = new_round(tmp_path)
    path = project / "translations/mk/LC_MESSAGES/messages.po"
    text = path.read_text("utf-8")
    path.write_text(text.replace('msgstr "Бр."', 'msgstr ""'), "utf-8")
    status, out, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 0, err
    assert re.search(r"translations/mk/LC_MESSAGES/messages\.po:\d+: warning: mk: questionnaire: untranslated", err)
    assert run_cli(capsys, "check", "--project", str(project), "--strict")[0] == 1
    path.write_text(text.replace('msgstr "Одговори"', 'msgstr "Одговори: [сите]"'), "utf-8")
    status, out, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert "translations/mk/LC_MESSAGES/messages.po: error: mk: the sheet name 'Одговори: [сите]'" in err


@pytest.mark.parametrize("answers", ["upute", "_REPORTGEN"])
def test_sheet_names_equal_but_for_case_are_a_catalogue_error_in_check_and_questionnaire(capsys, tmp_path, answers):
    project = new_round(tmp_path)
    path = project / "translations/hr/LC_MESSAGES/messages.po"
    path.write_text(path.read_text("utf-8").replace('msgstr "Odgovori"', f'msgstr "{answers}"'), "utf-8")
    expected = "translations/hr/LC_MESSAGES/messages.po: error: hr: the two sheets need names of their own (Excel " \
               "does not tell upper from lower case)"
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1 and expected in err, err
    status, _, err = run_cli(capsys, "questionnaire", "--project", str(project), "--round", "2025", "--lang", "hr")
    assert status == 1 and expected in err and "Traceback" not in err
    assert not (project / "build/questionnaires").exists()


def test_a_partner_id_typed_with_a_look_alike_letter_is_named(capsys, forms):
    project, _ = forms
    status, _, err = run_cli(capsys, "questionnaire", "--project", str(project), "--round", "2025", "--partner",
                             "\u0410L")
    assert status == 2
    assert "unknown partner '\u0410L' (it has U+0410 CYRILLIC CAPITAL LETTER A)" in err
