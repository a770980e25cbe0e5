"""``reportgen comments apply``: the two proposals the secretariat accepted in the compilation change exactly those
two strings of the plan's YAML, folded as they were; whatever YAML form a text has, the file reads back with the
new text or the proposal is refused; a partner's words stay words (a typed link is not a link); a proposal whose
text changed since the edition, two accepted proposals for one text, or one that empties a text refuses the whole
compilation, naming its row, and nothing is written."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from conftest import edit, make_project, run_cli
from reportgen.consultation.apply import edit_scalars
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


def _set(path: Path, updates) -> None:
    """Change cells of the compilation as the secretariat would in Excel: ``updates(row)`` edits a row (a dict of
    column name -> cell)."""
    book = load_workbook(path)
    sheet = book["Compilation"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        updates({name: cell for name, cell in zip(header, row)})
    book.save(path)


def test_a_partners_typed_link_and_asterisk_stay_text(decided, capsys):
    project, compilation = decided
    typed = "Engage in [training](https://evil.example) for 5 * 3 detection and investigation"

    def retype(row):
        if row["Kind"].value == "changed without tracking":
            row["Proposed text"].value = typed
    _set(compilation, retype)
    status, _, err = run_cli(capsys, "comments", "apply", "--project", str(project), str(compilation))
    assert status == 0, err
    assert run_cli(capsys, "build", "--project", str(project), "--lang", "en", "--format", "html")[0] == 0
    page = (project / "build/en/action-plan.html").read_text("utf-8")
    assert "evil.example" in page and 'href="https://evil.example"' not in page
    assert "[training](https://evil.example) for 5 * 3 detection" in page


@pytest.mark.parametrize("change, message", [
    ("twice", "a second accepted proposal for the same text (row 3 is the first): accept one of them"),
    ("emptied", "the proposal deletes the whole text: remove the item by hand"),
])
def test_conflicting_or_emptying_proposals_refuse_the_compilation(decided, capsys, change, message):
    project, compilation = decided
    keys = {}

    def alter(row):
        if row["Kind"].value == "comment":
            return
        keys.setdefault("first", row["Key"].value)
        if row["Key"].value != keys["first"]:
            if change == "twice":
                row["Key"].value = keys["first"]
            else:
                row["Proposed text"].value = ""
    _set(compilation, alter)
    before = (project / PLAN).read_bytes()
    status, _, err = run_cli(capsys, "comments", "apply", "--project", str(project), str(compilation))
    assert status == 1 and message in err, err
    assert (project / PLAN).read_bytes() == before


@pytest.mark.parametrize("source, line", [
    ("a:\n  text: >-  # as accepted in 2023\n    Old words that\n    wrap here.\n  next: 1\n", 2),
    ("a:\n  text:\n    Old words that\n    wrap here.\n  next: 1\n", 3),
    ("a:\n  text: Old words that wrap here.\n  next: 1\n", 2),
    ("a:\n  text: 'Old words: that wrap here.'\n  next: 1\n", 2),
])
def test_every_yaml_form_of_a_text_reads_back_with_the_new_words(source, line):
    new = "New words: with a colon, a # and 'quotes' that go on long enough to be folded over more than one line."
    edited, unsafe = edit_scalars(source, [(line, new)])
    assert unsafe == []
    assert yaml.safe_load(edited) == {"a": {"text": new, "next": 1}}
    assert edited.splitlines()[0] == "a:" and edited.splitlines()[-1] == "  next: 1"
