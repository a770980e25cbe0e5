"""The theme's style values (tokens.css): one place that every format reads, overridden value by value."""

from __future__ import annotations

import re
import zipfile

import openpyxl
from pypdf import PdfReader

from conftest import DEFAULT_THEME, ROOT, check_fails, make_project, run_cli, write_files
from reportgen.theme import Theme
from reportgen.writers.docx.reference import make_reference, reference_look

RED, GREEN = "#d7301f", "#1a9850"


def test_the_shipped_reference_document_is_what_the_default_style_values_make():
    assert (DEFAULT_THEME / "reference.docx").read_bytes() == make_reference(reference_look(Theme(ROOT)))


def _pdf_fills(path) -> set[str]:
    """Return the fill colours (rg operators) of every page of a PDF, as #rrggbb."""
    found = set()
    for page in PdfReader(path).pages:
        for r, g, b in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", page.get_contents().get_data()):
            found.add("#" + "".join(f"{round(float(v) * 255):02x}" for v in (r, g, b)))
    return found


def _docx_fills(path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return {"#" + f.lower() for f in re.findall(r'w:fill="([0-9A-F]{6})"', archive.read("word/document.xml").decode())}


def _workbook_fills(path) -> set[str]:
    book = openpyxl.load_workbook(path)
    found = set()
    for sheet in book.worksheets:
        for rules in sheet.conditional_formatting:
            for rule in rules.rules:
                found.add("#" + rule.dxf.fill.bgColor.rgb[-6:].lower())
        for row in sheet.iter_rows():
            for cell in row:
                if cell.fill is not None and cell.fill.fgColor is not None and cell.fill.fgColor.type == "rgb":
                    found.add("#" + cell.fill.fgColor.rgb[-6:].lower())
    return found


def test_overriding_status_colours_and_the_header_fill_changes_pdf_word_and_questionnaire_alike(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], files={
        "templates/tokens.css": f":root {{ --status-completed: {RED}; --header-fill: {GREEN}; }}\n"})
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--doc", "progress-report-2024",
                             "--format", "pdf", "--format", "docx", "-j", "2")
    assert status == 0, err
    status, _, err = run_cli(capsys, "questionnaire", "--project", str(project), "--round", "2024", "--partner", "AL",
                             "--lang", "en")
    assert status == 0, err
    default = "#08306b"  # the default theme's --status-completed, read from its tokens.css below
    assert f"--status-completed: {default};" in (DEFAULT_THEME / "tokens.css").read_text("utf-8")
    outputs = {"pdf": _pdf_fills(project / "build/en/progress-report-2024.pdf"),
               "docx": _docx_fills(project / "build/en/progress-report-2024.docx"),
               "xlsx": _workbook_fills(project / "build/questionnaires/2024/AL.xlsx")}
    for name, fills in outputs.items():
        assert RED in fills and GREEN in fills, name
        assert default not in fills, name
    reader = PdfReader(project / "build/en/progress-report-2024.pdf")  # the values not overridden stay
    assert "#1f4e79" in _pdf_fills(project / "build/en/progress-report-2024.pdf") and len(reader.pages) > 5


def test_a_style_value_of_the_wrong_kind_is_an_error_at_its_line(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], files={
        "templates/tokens.css": ":root {\n  --accent: #123456;\n  --header-fill: blue;\n}\n"})
    assert check_fails(capsys, project)[0] == (
        "templates/tokens.css:3: error: --header-fill: expected a colour #rrggbb, got 'blue'")


def test_a_status_without_a_colour_anywhere_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    scale = (project / "content/statuses.yaml").read_text("utf-8")
    write_files(project, {"content/statuses.yaml": scale.replace("  - id: completed", "  - id: done", 1)})
    for path in (project / "content/progress").glob("*/??.yaml"):
        path.write_text(path.read_text("utf-8").replace("status: completed", "status: done"), "utf-8")
    errors = check_fails(capsys, project)
    assert errors[0] == ("content/statuses.yaml:7: error: statuses[0]: status 'done' has no colour: give it one "
                         "here, or set --status-done in the theme's tokens.css")
