"""The default theme in the package, overridden file by file by a project's templates/, and exported whole."""

from __future__ import annotations

import hashlib
import shutil

from conftest import DEFAULT_THEME, ROOT, edit, make_project, pdf_text, run_cli


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"}


def test_a_project_with_only_content_builds_on_the_packaged_theme(capsys, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.rmtree(project / "content/progress")
    (project / "content/project.yaml").write_text("languages: [en]\n", "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 0, err
    assert "Skopje Commitment" in pdf_text(project / "build/en/action-plan.pdf")


def test_overriding_one_template_changes_its_documents_and_nothing_else(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    assert run_cli(capsys, "build", "--project", str(project), "-j", "1")[0] == 0
    before = _hashes(project / "build")
    edit(project, "templates/action-plan.html.j2", '<section class="introduction">',
         '<p>Adopted by the ministers.</p>\n<section class="introduction">')
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 0, err
    after = _hashes(project / "build")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["en/action-plan.docx", "en/action-plan.html", "en/action-plan.pdf"]
    assert "Adopted by the ministers." in pdf_text(project / "build/en/action-plan.pdf")
    status, out, _ = run_cli(capsys, "theme", "list", "--project", str(project))
    assert "project  action-plan.html.j2" in out and "default  print.css" in out


def test_theme_export_copies_every_default_file_and_refuses_a_full_folder(capsys, tmp_path):
    target = tmp_path / "templates"
    status, out, _ = run_cli(capsys, "theme", "export", str(target))
    assert status == 0
    assert _hashes(target) == _hashes(DEFAULT_THEME)
    assert {"print.css", "reference.docx", "base.html.j2", "fonts/OFL.txt", "statuses.yaml"} <= set(_hashes(target))
    status, _, err = run_cli(capsys, "theme", "export", str(target))
    assert status == 2 and "is not an empty folder" in err


def test_an_exported_theme_as_the_projects_templates_gives_the_same_documents(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    assert run_cli(capsys, "build", "--project", str(project), "-j", "1", "--out", str(tmp_path / "a"))[0] == 0
    shutil.rmtree(project / "templates", ignore_errors=True)
    assert run_cli(capsys, "theme", "export", str(project / "templates"))[0] == 0
    assert run_cli(capsys, "build", "--project", str(project), "-j", "1", "--out", str(tmp_path / "b"))[0] == 0
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")
