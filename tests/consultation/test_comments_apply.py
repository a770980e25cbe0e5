"""``reportgen comments apply``: the two proposals the secretariat accepted in the compilation change exactly those
two strings of the plan's YAML, folded as they were; a proposal whose text changed since the edition refuses the
whole compilation, naming its row, and nothing is written."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import edit, make_project, run_cli
from test_comments_import import A3, _annotated, _run, _untracked

PLAN = "content/action-plan.yaml"


@pytest.fixture
def decided(tmp_path) -> tuple[Path, Path]:
    """Return a project whose compilation accepts AL's tracked change (Action 2) and BA's untracked one (Action 3),
    and rejects AL's comment."""
    project = make_project(tmp_path, languages=["en", "sr"], progress=False)
    assert _run("build", "--project", str(project), "--format", "docx", "--lang", "en")[0] == 0
    assert _run("edition", "record", "draft-1", "--project", str(project))[0] == 0
    returned = tmp_path / "returned"
    returned.mkdir()
    _annotated(project / "build/en/action-plan.docx", returned / "AL.docx")
    _untracked(project / "build/en/action-plan.docx", returned / "BA.docx")
    assert _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                *map(str, sorted(returned.glob("*.docx"))))[0] == 0
    path = project / "build/comments/action-plan.draft-1.xlsx"
    book = load_workbook(path)
    sheet = book["Compilation"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        kind = row[header.index("Kind")].value
        row[header.index("Decision")].value = "rejected" if kind == "comment" else "Accepted"
    book.save(path)
    return project, path


def test_two_accepted_proposals_change_exactly_those_two_strings(decided, capsys):
    project, compilation = decided
    before = (project / PLAN).read_text("utf-8").splitlines()
    status, out, err = run_cli(capsys, "comments", "apply", "--project", str(project), str(compilation))
    assert status == 0, err
    assert "applied 2 accepted proposal(s): Action 2, Action 3" in out
    after = (project / PLAN).read_text("utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert all(line.startswith(("-              ", "+              ")) for line in changed), changed
    text = " ".join(" ".join(after).split())
    assert A3[1] in text and "and open-source analysis" in text
    assert max(len(line) for line in after) <= max(len(line) for line in before)  # folded as it was
    assert run_cli(capsys, "check", "--project", str(project))[0] == 0


def test_a_proposal_that_no_longer_applies_refuses_the_compilation(decided, capsys):
    project, compilation = decided
    edit(project, PLAN, "Engage in capacity development", "Engage in sustained capacity development")
    before = (project / PLAN).read_bytes()
    status, _, err = run_cli(capsys, "comments", "apply", "--project", str(project), str(compilation))
    assert status == 1
    assert "action-plan.draft-1.xlsx:Compilation!A" in err and "Action 3: the text changed since the edition" in err
    assert (project / PLAN).read_bytes() == before


def test_a_file_that_is_not_a_compilation_is_refused(decided, capsys):
    project, _ = decided
    other = project / "build/en/action-plan.docx"
    status, _, err = run_cli(capsys, "comments", "apply", "--project", str(project), str(other))
    assert status == 1 and "action-plan.docx: error: not a compilation of comments written by" in err
