"""Inputs are read only from inside the project, only as regular files, and bounded before a byte is read; the
output folder and the environment are checked before anything is rendered."""

from __future__ import annotations

import os

import pytest

from conftest import DEFAULT_THEME, ROOT, edit, make_project, override, run_cli

OUTSIDE = "reportgen-outside-secret: do not publish"


@pytest.fixture
def outside(tmp_path):
    """Return files outside the project: a YAML plan, a PO file and a 'font'."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    plan = (ROOT / "content/action-plan.yaml").read_text("utf-8").replace("Broker overall", OUTSIDE + " Broker")
    (folder / "plan.yaml").write_text(plan, "utf-8")
    (folder / "messages.po").write_text((ROOT / "translations/hr/LC_MESSAGES/messages.po").read_text("utf-8"))
    (folder / "font.ttf").write_bytes((DEFAULT_THEME / "fonts/NotoSans-Regular.ttf").read_bytes())
    (folder / "base.html.j2").write_text((DEFAULT_THEME / "base.html.j2").read_text("utf-8"))
    return folder


def _link(project, relative, target):
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(target)


LINKS = [("content/action-plan.yaml", "plan.yaml"),
         ("translations/hr/LC_MESSAGES/messages.po", "messages.po"),
         ("templates/base.html.j2", "base.html.j2"),
         ("templates/fonts/NotoSans-Regular.ttf", "font.ttf")]


@pytest.mark.parametrize("relative,target", LINKS, ids=[link[0].rsplit("/", 1)[1] for link in LINKS])
def test_a_link_out_of_the_project_is_refused_before_it_is_read(capsys, tmp_path, outside, relative, target):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    _link(project, relative, outside / target)
    for command in ("check", "build"):
        status, _, err = run_cli(capsys, command, "--project", str(project), "-j", "1") if command == "build" else \
            run_cli(capsys, command, "--project", str(project))
        assert status == 1, err
        assert f"{relative}: error: refused: the file is a link to a place outside the project" in err
    assert not (project / "build").exists()


def test_a_link_inside_the_project_is_fine(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    (project / "content/real-plan.yaml").write_bytes((project / "content/action-plan.yaml").read_bytes())
    _link(project, "content/action-plan.yaml", project / "content/real-plan.yaml")
    (project / "content/real-plan.yaml").rename(project / "plan-source.yaml")
    _link(project, "content/action-plan.yaml", project / "plan-source.yaml")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1", "--format", "docx")
    assert status == 0, err


def test_a_catalogue_linked_to_a_system_file_echoes_nothing_of_it(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    _link(project, "translations/hr/LC_MESSAGES/messages.po", "/etc/passwd")
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert "root" not in err
    assert err.splitlines()[0] == ("translations/hr/LC_MESSAGES/messages.po: error: refused: the file is a link to a "
                                   "place outside the project")


def test_a_huge_file_is_refused_by_its_size_before_reading(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    with open(project / "content/action-plan.yaml", "r+b") as handle:
        handle.truncate(1024 ** 3)  # a sparse 1 GiB file: reading it would take 1 GiB of memory
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines()[0] == "content/action-plan.yaml: error: file is larger than 2 MiB"


def test_a_fifo_or_device_is_refused_without_hanging(tmp_path):
    import subprocess
    import sys

    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    (project / "content/action-plan.yaml").unlink()
    os.mkfifo(project / "content/action-plan.yaml")
    done = subprocess.run([sys.executable, "-m", "reportgen", "check", "--project", str(project)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == "content/action-plan.yaml: error: refused: not a regular file"


def test_an_output_folder_inside_the_templates_is_refused(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    override(project, "print.css")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--out", str(project / "templates/out"))
    assert status == 2 and "is inside the project's templates/ folder" in err


def test_a_nested_output_folder_is_created(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    out = tmp_path / "a/b/c"
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--out", str(out), "--format", "docx")
    assert status == 0, err
    assert (out / "en/action-plan.docx").is_file()


@pytest.mark.parametrize("value", ["99999999999", "1e20", "-5", "12.5", "100", "4354819200"])
def test_an_unusable_source_date_epoch_is_a_usage_error(capsys, tmp_path, monkeypatch, value):
    project = make_project(tmp_path, languages=["en"], progress=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "docx")
    assert status == 2
    assert err == (f"reportgen: error: SOURCE_DATE_EPOCH='{value}' is not a time between 1980 and 2107 in whole "
                   "seconds\n")


def test_a_translated_chart_title_with_ampersand_and_apostrophe_is_not_escaped_twice(capsys, tmp_path):
    import zipfile

    project = make_project(tmp_path, languages=["en", "hr"])
    edit(project, "translations/hr/LC_MESSAGES/messages.po",
         'msgid "Status of action reports by partner"\nmsgstr "', 'msgid "Status of action reports by partner"\n'
                                                                 'msgstr "R&D partnera \'2024\' – ')
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--doc", "progress-report-2024", "--lang",
                             "hr", "--format", "docx", "-j", "1")
    assert status == 0, err
    with zipfile.ZipFile(project / "build/hr/progress-report-2024.docx") as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "R&amp;D partnera &apos;2024&apos;" in document or "R&amp;D partnera '2024'" in document
    assert "&amp;amp;" not in document and "&amp;#39;" not in document
