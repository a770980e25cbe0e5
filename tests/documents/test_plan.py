"""Content loading: the shipped plan's model, and the exact diagnostic for each kind of bad content."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, edit, make_project, run_cli
from reportgen.documents.plan import parse_plan as load_plan
from reportgen.diagnostics import Diagnostics

PLAN = "content/action-plan.yaml"


def test_shipped_plan_has_three_commitments_and_21_actions():
    diagnostics = Diagnostics()
    plan = load_plan(ROOT, diagnostics)
    assert not diagnostics.items
    assert [c.id for c in plan.commitments] == ["C1", "C2", "C3"]
    assert [a.id for a in plan.actions] == [f"A{n}" for n in range(1, 22)]
    assert [len(c.actions) for c in plan.commitments] == [5, 9, 7]
    assert [area.phrase for area in plan.commitments[2].priority_areas][1] == (
        "strengthening dialogue and cooperation with countries of origin")
    assert plan.actions[2].text.context == "action-plan:A3.text"
    assert plan.info.accepted.year == 2023 and plan.info.accepted.month == 6


def _check(capsys, project: Path) -> tuple[int, list[str]]:
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    return status, err.strip().splitlines()


# (description, old text, new text, expected diagnostics with {line} for the line where the new text starts)
CASES = [
    ("wrong type", "text: >-\n              Enhance use of digital tools for detection of smuggling of migrants and "
     "trafficking in human beings\n              in mixed migration flows.",
     "text:\n              - Enhance use of digital tools\n              - in mixed migration flows.",
     ["content/action-plan.yaml:{line_next}: error: commitments[0].priority_areas[0].actions[1].text: "
      "expected text, got list"]),
    ("unknown key", "        actions:\n          - id: A3", "        actoins:\n          - id: A3",
     ["content/action-plan.yaml:{line}: error: commitments[0].priority_areas[1].actoins: "
      "unknown key 'actoins' (did you mean 'actions'?)",
      "content/action-plan.yaml:{area_c12}: error: commitments[0].priority_areas[1].actions: "
      "missing required key"]),
    ("empty text", "heading: >-\n      Actions proposed to support progress towards a holistic return management approach",
     'heading: "  "',
     ["content/action-plan.yaml:{line}: error: commitments[2].heading: text is empty"]),
    ("duplicate id", "          - id: A4\n", "          - id: A3\n",
     ["content/action-plan.yaml:{line}: error: commitments[0].priority_areas[1].actions[1].id: "
      "duplicate id 'A3' (first used at line {first_a3})"]),
    ("gap in numbering", "          - id: A5\n            number: 5", "          - id: A5\n            number: 6",
     ["content/action-plan.yaml:{line}: error: commitments[0].priority_areas[1].actions[2].number: "
      "gap in action numbering: expected action 5, got 6"]),
    ("swapped numbers", "          - id: A1\n            number: 1",
     "          - id: A1\n            number: 2",
     ["content/action-plan.yaml:{line}: error: commitments[0].priority_areas[0].actions[0].number: "
      "gap in action numbering: expected action 1, got 2"]),
    ("missing id", "          - id: A21\n            number: 21", "          - number: 21",
     ["content/action-plan.yaml:{line}: error: commitments[2].priority_areas[1].actions[3].id: "
      "missing required key"]),
    ("malformed bold", "Broker overall cooperation", "Broker **overall cooperation",
     ["content/action-plan.yaml:{line_text}: error: commitments[2].priority_areas[1].actions[3].text: "
      "unbalanced bold markup ('**' without its closing pair)"]),
    ("unsafe link", "Broker overall cooperation", "Broker [overall](/etc/passwd) cooperation",
     ["content/action-plan.yaml:{line_text}: error: commitments[2].priority_areas[1].actions[3].text: "
      "link target '/etc/passwd' is not an http(s) or mailto address"]),
    ("invalid id", "  - id: C2\n", "  - id: X2\n",
     ["content/action-plan.yaml:{line}: error: commitments[1].id: invalid id 'X2' (expected the form C1)"]),
    ("duplicate key", "  short_title: Action Plan 2023-2025\n",
     "  short_title: Action Plan 2023-2025\n  short_title: Plan\n",
     ["content/action-plan.yaml:{line_next}: error: duplicate key 'short_title'"]),
    ("no priority phrase", "**strengthening dialogue and cooperation with countries of\n          origin**",
     "strengthening dialogue and cooperation with countries of\n          origin",
     ["content/action-plan.yaml:{context_line}: error: commitments[2].priority_areas[1].context: "
      "the context must emphasise exactly one priority phrase in **bold**, found 0 (rules.context_bold_phrases)"]),
    ("invalid YAML", "  period: 2023-2025\n", "  period: [2023-2025\n",
     ["content/action-plan.yaml:{line_next}: error: invalid YAML: while parsing a flow sequence expected ',' or ']', "
      "but got ':'"]),
    ("bad date", "  accepted: 2023-06\n", "  accepted: 2023-13\n",
     ["content/action-plan.yaml:{line}: error: document.accepted: expected a date (YYYY-MM-DD) or month (YYYY-MM), "
      "got '2023-13'"]),
]


def _line_of(project: Path, needle: str, start: int = 0) -> int:
    lines = (project / PLAN).read_text("utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if i >= start and needle in line)


@pytest.mark.parametrize("name,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_content_gives_its_exact_diagnostic_and_writes_nothing(capsys, tmp_path, name, old, new, expected):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, PLAN, old, new)
    values = {
        "line": line, "line_next": line + 1, "area_c12": _line_of(project, "- id: C1.2"),
        "first_a3": _line_of(project, "- id: A3"),
        "line_a6": _line_of(project, "- id: A6"),
        "line_text": _line_of(project, "Broker ") - 1,
        "context_line": _line_of(project, "Effective return, readmission and reintegration systems") - 1,
    }
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[:-1] == [e.format(**values) for e in expected]
    assert lines[-1] == f"reportgen: {len(expected)} error(s); nothing was written"
    status, _, _ = run_cli(capsys, "build", "--project", str(project))
    assert status == 1
    assert not (project / "build").exists()


def test_errors_from_several_files_are_collected_in_one_run(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    edit(project, PLAN, "  - id: C2\n", "  - id: X2\n")
    (project / "content/project.yaml").write_text("languages: [en, xx]\n", "utf-8")
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == ("content/project.yaml:1: error: languages[1]: unknown value 'xx'; expected one of: en, sq, bs, "
                        "hr, cnr, mk, sr, sr-Latn")
    assert lines[1].startswith("content/action-plan.yaml:") and lines[1].endswith("invalid id 'X2' (expected the form C1)")


def test_alias_bomb_is_refused(capsys, tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(20))
    project = make_project(tmp_path, files={PLAN: bomb}, languages=["en"], progress=False)
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == ("content/action-plan.yaml:13: error: invalid YAML: more than 100 aliases; content may not "
                        "use alias chains")


def test_missing_plan_file_is_reported(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    (project / PLAN).unlink()
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == ("content/action-plan.yaml: error: the project has no document to build: write its plan here "
                        "(or the content of another document type)")


def test_project_level_mistakes(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    (project / "content/project.yaml").write_text("languages: [en, en]\n", "utf-8")
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines == ["content/project.yaml: error: languages[1]: language 'en' is declared twice",
                     "reportgen: 1 error(s); nothing was written"]


def test_two_documents_with_one_id_are_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    edit(project, PLAN, "  id: action-plan\n", "  id: progress-report-2024\n")
    status, lines = _check(capsys, project)
    assert status == 1
    assert lines[0] == ("content/progress/2024/round.yaml:8: error: document id 'progress-report-2024' is used twice "
                        "(also by content/action-plan.yaml)")
