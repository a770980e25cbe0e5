"""Another plan than the shipped one: other numbers of commitments and areas, named priority areas, its own labels
or none, no project templates — it builds in every format, in order, and carries none of the shipped plan's words."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import DATA, docx_bytes_io, edit, pdf_text, run_cli

ROADMAP = DATA / "roadmap"
SHIPPED_WORDING = ("Skopje", "Action Plan", "Western Balkans", "Kosovo", "IOM", "igration")
PILLARS = ["Monitoring water quality", "Reducing pollution at the source", "Involving the public", "Funding"]
AREAS = {1: ["Shared measurements", "Early warning"], 2: ["Waste water"], 3: ["Schools"], 4: ["Joint funding"]}


@pytest.fixture(scope="module")
def roadmap(tmp_path_factory) -> Path:
    """Return a copy of the roadmap project, built in every format."""
    project = tmp_path_factory.mktemp("roadmap") / "project"
    shutil.copytree(ROADMAP, project)
    from reportgen.pipeline import build

    result = build(project, jobs=1)
    assert not result.misses and not [o.warnings for o in result.outcomes if o.warnings]
    return project


def _outline(path: Path) -> list:
    def walk(items, depth=0):
        out = []
        for item in items:
            if isinstance(item, list):
                out += walk(item, depth + 1)
            else:
                out.append((depth, item.title))
        return out

    return walk(PdfReader(path).outline)


def test_the_plan_outline_has_pillars_named_areas_and_objectives_in_order(roadmap):
    outline = _outline(roadmap / "build/en/roadmap.pdf")
    expected = []
    number = 0
    for pillar, heading in enumerate(PILLARS, 1):
        expected.append((0, f"{heading} (Pillar\u00a0{pillar})"))
        counts = {1: [2, 1], 2: [3], 3: [1, 1], 4: [1]}[pillar]
        named = {1: [True, True], 2: [True], 3: [False, True], 4: [True]}[pillar]
        names = iter(AREAS[pillar])
        for count, has_name in zip(counts, named):
            if has_name:
                expected.append((1, next(names)))
            for _ in range(count):
                number += 1
                expected.append((2 if has_name else 1, f"Objective\u00a0{number}"))
    assert outline == expected


def test_the_word_file_has_the_same_headings_at_the_same_levels(roadmap):
    document = docx.Document(docx_bytes_io(roadmap / "build/en/roadmap.docx"))
    headings = [(int(p.style.name[-1]) - 1, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == _outline(roadmap / "build/en/roadmap.pdf")
    contents = [p.text for p in document.paragraphs if p.style.name.startswith("toc ")]
    assert contents[:4] == [f"{PILLARS[0]} (Pillar\u00a01)", "Shared measurements", "Objective\u00a01", "Objective\u00a02"]
    assert {p.style.name for p in document.paragraphs if p.text == "Objective\u00a03"} >= {"toc 3", "Heading 3"}


def test_the_progress_report_names_the_plan_its_way(roadmap):
    text = " ".join(pdf_text(roadmap / "build/en/progress-report-2027.pdf").split())
    assert "This report presents the status of each action of the Roadmap in each partner" in text
    assert "Pillar\u00a01: Monitoring water quality" in text or "Pillar 1: Monitoring water quality" in text
    for number in range(1, 10):
        assert f"Objective {number}" in text.replace("\u00a0", " ")
    assert "Illustrative data" in text
    words = " ".join(p.text for p in docx.Document(docx_bytes_io(roadmap / "build/en/progress-report-2027.docx"))
                     .paragraphs)
    assert "each action of the Roadmap" in words


@pytest.mark.parametrize("name", ["roadmap.pdf", "roadmap.docx", "progress-report-2027.pdf",
                                  "progress-report-2027.docx"])
def test_no_output_carries_the_shipped_plans_wording(roadmap, name):
    path = roadmap / "build/en" / name
    if name.endswith(".pdf"):
        reader = PdfReader(path)
        text = pdf_text(path) + " ".join(str(v) for v in (reader.metadata or {}).values())
        text += " ".join(title for _, title in _outline(path))
    else:
        document = docx.Document(docx_bytes_io(path))
        text = " ".join(p.text for p in document.paragraphs)
        text += " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        text += " ".join(p.text for p in document.sections[0].header.paragraphs)
        props = document.core_properties
        text += " ".join((props.title, props.subject, props.author, props.keywords))
    found = [word for word in SHIPPED_WORDING if word in text]
    assert not found


def test_a_plan_without_labels_prints_none(capsys, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROADMAP, project)
    edit(project, "content/action-plan.yaml", "  commitment: Pillar %(number)s\n  action: Objective %(number)s\n", "")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "pdf", "-j", "1")
    assert status == 0, err
    outline = _outline(project / "build/en/roadmap.pdf")
    assert outline[0] == (0, "Monitoring water quality")
    assert outline[2] == (2, "Action\u00a01")
    report = " ".join(pdf_text(project / "build/en/progress-report-2027.pdf").split())
    assert "Pillar" not in report and "Objective" not in report
    assert "1 (33 %)" in report or "Monitoring water quality" in report


def test_a_label_without_its_number_is_refused(capsys, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROADMAP, project)
    line = edit(project, "content/action-plan.yaml", "commitment: Pillar %(number)s", "commitment: Pillar")
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines()[0] == (f"content/action-plan.yaml:{line}: error: wording.commitment: the text must "
                                   "contain %(number)s, where the number goes")
