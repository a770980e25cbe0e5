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


def test_a_title_with_template_syntax_prints_as_typed(capsys, tmp_path):
    project = tmp_path / "p"
    assert run_cli(capsys, "new", str(project), "--title", "x {{ 7*7 }} {% raw %}")[0] == 0
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "html", "--lang", "en")
    assert status == 0, err
    page = (project / "build/en/action-plan.html").read_text("utf-8")
    assert "x {{ 7*7 }} {% raw %}" in page and "x 49" not in page


def test_a_title_no_document_can_show_writes_nothing(capsys, tmp_path):
    for title, message in (("a\x01b", "the title has the control character U+0001, which no document can show"),
                           (" \t ", "the title is empty"), ("x" * 301, "the title has 301 characters; at most 300")):
        status, out, err = run_cli(capsys, "new", str(tmp_path / "p"), "--title", title)
        assert status == 2 and message in err and out == ""
        assert list(tmp_path.iterdir()) == []  # no project, and no staging folder left behind


def test_the_hint_quotes_a_path_with_spaces(capsys, tmp_path):
    import shlex
    import subprocess

    project = tmp_path / "my plan's folder"
    status, out, _ = run_cli(capsys, "new", str(project))
    assert status == 0
    command = out.splitlines()[-1].strip()
    assert command == f"reportgen build --project {shlex.quote(str(project))}"
    assert shlex.split(command)[-1] == str(project)
    assert subprocess.run(["sh", "-c", f"test -d {command.split(' --project ', 1)[1]}"]).returncode == 0
