"""``reportgen new``: a small project that builds at once, in both formats, on the default theme."""

from __future__ import annotations

import docx
from pypdf import PdfReader

from conftest import docx_bytes_io, pdf_text, run_cli


def test_new_then_build_gives_documents_with_the_skeletons_text(capsys, tmp_path):
    project = tmp_path / "plan"
    status, out, err = run_cli(capsys, "new", str(project), "--title", "Danube Cooperation Plan", "--lang", "hr")
    assert status == 0, err
    assert f"reportgen build --project {project}" in out
    assert (project / "README.md").is_file() and not (project / "templates").exists()
    assert (project / "translations/hr/LC_MESSAGES/messages.po").is_file()
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 0, err
    assert "hr: " in err and "fall back to English" in err  # a fresh catalogue: every string still to translate
    text = " ".join(pdf_text(project / "build/en/action-plan.pdf").split())
    for words in ("Danube Cooperation Plan", "Working together (Commitment\u00a01)", "Sharing information",
                  "Action\u00a03", "Train the staff who carry out the plan."):
        assert words in text.replace("Commitment 1", "Commitment\u00a01").replace("Action 3", "Action\u00a03")
    report = " ".join(pdf_text(project / f"build/en/progress-report-{_round(project)}.pdf").split())
    assert "Illustrative data" in report and "each action of the Plan" in report
    paragraphs = [p.text for p in docx.Document(docx_bytes_io(project / "build/en/action-plan.docx")).paragraphs]
    assert "Danube Cooperation Plan" in paragraphs and "Set up a regular exchange of information between the " \
                                                       "partners." in paragraphs
    assert "DRAFT" in PdfReader(project / "build/hr/action-plan.pdf").pages[0].extract_text()


def _round(project) -> str:
    return next((project / "content/progress").glob("*/round.yaml")).parent.name


def test_new_refuses_a_folder_that_is_not_empty(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    status, _, err = run_cli(capsys, "new", str(tmp_path))
    assert status == 2
    assert err == f"reportgen: error: '{tmp_path}' is not an empty folder; a new project is written only into an " \
                  f"empty one\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_refuses_an_unknown_language(capsys, tmp_path):
    status, _, err = run_cli(capsys, "new", str(tmp_path / "p"), "--lang", "sr-latn")
    assert status == 2 and "unknown language 'sr-latn' (did you mean 'sr-Latn'?)" in err
    assert not (tmp_path / "p").exists()


def test_a_title_with_quotes_and_colons_is_written_as_yaml_data(capsys, tmp_path):
    project = tmp_path / "p"
    title = 'Plan: "Rivers" & Lakes #1 {{ x }}'
    assert run_cli(capsys, "new", str(project), "--title", title)[0] == 0
    assert run_cli(capsys, "build", "--project", str(project), "--format", "docx", "-j", "1")[0] == 0
    document = docx.Document(docx_bytes_io(project / "build/en/action-plan.docx"))
    assert document.core_properties.title == title
