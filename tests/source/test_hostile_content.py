"""Careless and hostile content: every case is a located error (or a rendered document), never a traceback."""

from __future__ import annotations

import pytest

from conftest import docx_bytes_io, edit, make_project, pdf_text, run_cli

PLAN = "content/action-plan.yaml"
SYMBOL = "  symbol: WB-SMG/AP/2023-2025"


def _check(capsys, project):
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    return status, err.splitlines()


MESSAGE = "invalid YAML: the character U+{} is not allowed (a control character or non-character)"
CASES = [
    ("escape byte", "\x1b", MESSAGE.format("001B")),
    ("nul byte", "\x00", MESSAGE.format("0000")),
    ("del byte", "\x7f", MESSAGE.format("007F")),
    ("non-character", "\ufffe", MESSAGE.format("FFFE")),
]


@pytest.mark.parametrize("name,raw,message", CASES, ids=[c[0] for c in CASES])
def test_non_printable_bytes_in_yaml_are_located_errors(capsys, tmp_path, name, raw, message):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, PLAN, SYMBOL, f"  symbol: WB{raw}SMG")
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == f"{PLAN}:{line}: error: {message}"


ESCAPED = [
    ("control escape", '"WB\\x01SMG"', "text has the control character U+0001, which no document can show"),
    ("lone surrogate", '"WB \\ud800"', "text has a lone surrogate U+D800 (write the character itself rather than "
                                      "\\u escapes), which no document can show"),
    ("surrogate pair escapes", '"flag \\ud83c\\udde6"',
     "text has a lone surrogate U+D83C (write the character itself rather than \\u escapes), a lone surrogate "
     "U+DDE6 (write the character itself rather than \\u escapes), which no document can show"),
]


@pytest.mark.parametrize("name,value,message", ESCAPED, ids=[c[0] for c in ESCAPED])
def test_escaped_characters_no_document_can_show_are_refused(capsys, tmp_path, name, value, message):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, PLAN, "  short_title: Action Plan 2023-2025", f"  short_title: {value}")
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == f"{PLAN}:{line}: error: document.short_title: {message}"


def test_deep_nesting_is_an_error_not_a_recursion_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False, files={PLAN: "a: " + "[" * 500 + "]" * 500})
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == f"{PLAN}: error: invalid YAML: nested too deeply"


def test_keys_that_are_not_text_and_yaml_tags_are_named_plainly(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, PLAN, SYMBOL, SYMBOL + "\n  ? [a, b]\n  : x")
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == f"{PLAN}:{line + 1}: error: document: a key must be plain text, not a list"
    project = make_project(tmp_path / "2", languages=["en"], progress=False)
    line = edit(project, PLAN, SYMBOL, "  symbol: !include /etc/passwd")
    status, lines = _check(capsys, project)
    assert lines[0] == f"{PLAN}:{line}: error: YAML tag '!include' is not allowed: content is plain data"


def test_an_over_long_title_still_builds_and_is_shortened_in_the_file_properties_only(capsys, tmp_path):
    import docx

    project = make_project(tmp_path, languages=["en"], progress=False)
    title = "A very long title " * 20
    edit(project, PLAN, "  organisation: Western Balkans partners, with facilitation by IOM",
         f"  organisation: {title}")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 0, err
    props = docx.Document(docx_bytes_io(project / "build/en/action-plan.docx")).core_properties
    assert len(props.author) <= 255 and props.author.endswith("…")
    assert " ".join(title.split()) in " ".join(pdf_text(project / "build/en/action-plan.pdf").split())


def test_a_very_long_partner_name_is_shortened_in_the_charts(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    edit(project, "content/partners.yaml", "    name: Albania", "    name: " + "Albania " * 30)
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--doc", "progress-report-2024", "-j", "1")
    assert status == 0, err


def test_an_emoji_is_a_warning_naming_the_character_and_the_field(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, PLAN, "  short_title: Action Plan 2023-2025", "  short_title: Action Plan 🇦🇱")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1", "--format", "docx")
    assert status == 0
    assert (f"{PLAN}:{line}: warning: action-plan:document.short_title: en: '🇦' (U+1F1E6), '🇱' (U+1F1F1) not in "
            "the theme's fonts; printed as an empty box") in err.splitlines()
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1", "--strict", "--force")
    assert status == 1 and "error: action-plan:document.short_title: en: '🇦'" in err


def test_a_look_alike_letter_in_an_id_is_named(capsys, tmp_path):
    project = make_project(tmp_path)
    line = edit(project, "content/progress/2024/AL.yaml", "partner: AL", "partner: \u0410L")
    status, errors = _check(capsys, project)
    assert status == 1
    assert f"content/progress/2024/AL.yaml:{line}: error: partner: invalid id '\u0410L' (it has U+0410 CYRILLIC " \
           f"CAPITAL LETTER A) (expected the form AL)" in errors
