"""Progress reports on real output: figures recomputed here from the YAML, matrix, charts, repeated header rows,
changes between rounds, the illustrative label, and the diagnostics for bad progress data."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from conftest import ROOT, docx_bytes_io, edit, make_project, pdf_text, run_cli

DOC = "progress-report-2024"
SCALE = ["completed", "in-progress", "planned", "not-started", "not-applicable", "no-report"]
LABELS = ["Completed", "In progress", "Planned", "Not started", "Not applicable", "No report received"]


def _load(relative: str):
    return yaml.safe_load((ROOT / relative).read_text("utf-8"))


def _statuses(round_id: str) -> dict[tuple[str, str], str]:
    """Return {(partner, action): status} for every partner and action, straight from the YAML."""
    reports = [yaml.safe_load(p.read_text("utf-8")) for p in (ROOT / f"content/progress/{round_id}").glob("??.yaml")]
    partners = [p["id"] for p in _load("content/partners.yaml")["partners"]]
    actions = [f"A{n}" for n in range(1, 22)]
    given = {(r["partner"], e["action"]): e["status"] for r in reports for e in r["actions"]}
    return {(p, a): given.get((p, a), "no-report") for p in partners for a in actions}


def _commitment_of() -> dict[str, int]:
    plan = _load("content/action-plan.yaml")
    return {a["id"]: c["number"] for c in plan["commitments"] for area in c["priority_areas"]
            for a in area["actions"]}


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%"


def test_executive_summary_figures_match_the_data(built):
    statuses = _statuses("2024")
    counts = Counter(statuses.values())
    total = len(statuses)
    text = " ".join(pdf_text(built / f"en/{DOC}.pdf").split())
    received = total - counts["no-report"]
    assert f"Action reports received: {received} of {total}." in text
    for status, label in zip(SCALE, LABELS):
        assert f"{label}: {counts[status]} ({_percent(counts[status], total)})." in text


def _tables(path: Path):
    return docx.Document(docx_bytes_io(path)).tables


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_tally_tables_match_the_data_per_commitment_and_partner(built):
    statuses = _statuses("2024")
    commitment = _commitment_of()
    names = {p["id"]: p["name"] for p in _load("content/partners.yaml")["partners"]}
    tables = _tables(built / f"en/{DOC}.docx")
    by_commitment, by_partner = _rows(tables[0]), _rows(tables[1])
    assert by_commitment[0] == ["Commitment"] + LABELS + ["Total"]
    for number in (1, 2, 3):
        group = [s for (p, a), s in statuses.items() if commitment[a] == number]
        counts = Counter(group)
        expected = [f"Skopje Commitment\u00a0{number}"] + [
            f"{counts[s]} ({_percent(counts[s], len(group))})" for s in SCALE] + [str(len(group))]
        assert by_commitment[number] == expected
    for row, (partner, name) in zip(by_partner[1:], names.items()):
        group = [s for (p, a), s in statuses.items() if p == partner]
        counts = Counter(group)
        assert row == [name] + [f"{counts[s]} ({_percent(counts[s], 21)})" for s in SCALE] + ["21"]


def test_status_matrix_cells_match_the_data_with_symbol_and_colour(built):
    statuses = _statuses("2024")
    scale = {s["id"]: s for s in _load("content/statuses.yaml")["statuses"]}
    symbols = {k: v["symbol"] for k, v in scale.items()} | {"no-report": "□"}
    from reportgen.theme import Theme
    from reportgen.theme.style import style_of

    theme_fills = style_of(Theme(ROOT)).statuses()  # the scale's fills are the theme's style values
    fills = {k: theme_fills[k][1:].upper() for k in scale} | {"no-report": "FFFFFF"}
    partners = [p["id"] for p in _load("content/partners.yaml")["partners"]]
    matrix = next(t for t in _tables(built / f"en/{DOC}.docx") if t.rows[0].cells[0].text == "Action"
                  and t.rows[0].cells[1].text == "Albania")
    assert len(matrix.rows) == 22
    for number in range(1, 22):
        row = matrix.rows[number]
        assert row.cells[0].text == f"Action\u00a0{number}"
        for column, partner in enumerate(partners, 1):
            status = statuses[(partner, f"A{number}")]
            cell = row.cells[column]
            assert cell.text == symbols[status], (partner, number)
            assert f'w:fill="{fills[status]}"' in cell._tc.xml, (partner, number)
    assert statuses[("XK", "A18")] == "no-report"  # the data really has gaps, shown as □


def test_header_rows_repeat_in_docx_and_on_the_next_pdf_page(built):
    for table in _tables(built / f"en/{DOC}.docx"):
        first = table.rows[0]._tr.xml
        assert '<w:tblHeader/>' in first
        assert all("tblHeader" not in row._tr.xml for row in table.rows[1:])
    reader = PdfReader(built / f"en/{DOC}.pdf")
    pages = [page.extract_text() for page in reader.pages]
    start = next(i for i, text in enumerate(pages) if "Status matrix\nEach cell" in text)
    assert "Action\u00a021" not in pages[start], "the matrix should run over two pages in this test"
    header = "Action Albania Bosnia and Herzegovina Kosovo* Montenegro North Macedonia Serbia"
    assert header in " ".join(pages[start].split())
    assert header in " ".join(pages[start + 1].split())
    assert "Action\u00a021" in pages[start + 1]


def test_charts_are_in_both_formats_with_alt_text(built):
    document = docx.Document(docx_bytes_io(built / f"en/{DOC}.docx"))
    pictures = document.inline_shapes
    assert len(pictures) == 2
    with zipfile.ZipFile(built / f"en/{DOC}.docx") as archive:
        xml = archive.read("word/document.xml").decode()
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 2 and all(archive.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in media)
    alts = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    assert [a.split(".")[0] for a in alts] == ["Status of action reports by commitment",
                                               "Status of action reports by partner"]
    statuses = _statuses("2024")
    serbia = Counter(s for (p, _), s in statuses.items() if p == "RS")
    assert f"Serbia: Completed {serbia['completed']}, In progress {serbia['in-progress']}" in alts[1]
    reader = PdfReader(built / f"en/{DOC}.pdf")
    text = pdf_text(built / f"en/{DOC}.pdf")
    assert "Figure 1: Status of action reports by commitment" in text
    assert "Figure 2: Status of action reports by partner" in text
    page = next(p for p in reader.pages if "Figure 1:" in p.extract_text())
    resources = page["/Resources"]
    assert "/XObject" in resources or "/Pattern" in resources  # the SVG chart is drawn as vector graphics
    assert len(page.get_contents().get_data()) > 20000


def test_changes_since_the_previous_round_match_the_data(built):
    before, after = _statuses("2023"), _statuses("2024")
    changed = [(p, a) for (p, a) in after if before[(p, a)] != after[(p, a)]]
    text = " ".join(pdf_text(built / f"en/{DOC}.pdf").split())
    assert f"In {len(changed)} cases, the status of an action in a partner changed since the previous round:" in text
    table = next(t for t in _tables(built / f"en/{DOC}.docx") if t.rows[0].cells[0].text == "Partner"
                 and t.rows[0].cells[2].text == "Round 2023")
    assert len(table.rows) == len(changed) + 1
    names = {p["id"]: p["name"] for p in _load("content/partners.yaml")["partners"]}
    label = dict(zip(SCALE, LABELS))
    expected = [[names[p], f"Action\u00a0{a[1:]}", label[before[(p, a)]], label[after[(p, a)]]] for p, a in changed]
    actual = [[c.text.lstrip("●◐○✕–□ ").strip() for c in row.cells] for row in table.rows[1:]]
    assert actual == expected


def test_illustrative_data_is_labelled_on_the_cover_and_every_page_header(built):
    reader = PdfReader(built / f"en/{DOC}.pdf")
    assert "Illustrative data" in reader.pages[0].extract_text()
    for page in reader.pages[1:]:
        assert "Progress Report 2024 · Illustrative data" in page.extract_text()
    header = docx.Document(docx_bytes_io(built / f"en/{DOC}.docx")).sections[0].header.paragraphs[0].text
    assert header == "Progress Report 2024 · Illustrative data"
    assert "ILLUSTRATIVE DATA" in (ROOT / "content/progress/2024/round.yaml").read_text("utf-8").splitlines()[0]
    for path in (ROOT / "content/progress/2024").glob("??.yaml"):
        assert "ILLUSTRATIVE DATA" in path.read_text("utf-8").splitlines()[1], path
    plan = PdfReader(built / "en/action-plan.pdf")
    assert "Illustrative" not in plan.pages[1].extract_text()  # the action plan itself is the real text


def test_kosovo_carries_asterisk_and_designation_footnote_in_every_language(built):
    for tag in ("en", "sq", "bs", "hr", "cnr", "mk", "sr", "sr-Latn"):
        with zipfile.ZipFile(built / f"{tag}/{DOC}.docx") as archive:
            footnotes = archive.read("word/footnotes.xml").decode()
            assert "1244/1999" in footnotes, tag
            document = archive.read("word/document.xml").decode()
            assert '<w:footnoteReference w:id="1"/>' in document
        text = pdf_text(built / f"{tag}/{DOC}.pdf")
        assert "1244/1999" in text, tag
        assert re.search(r"(Kosovo|Kosova|Косово)\*", text), tag


def test_accounts_and_evidence_appear_under_their_action(built):
    albania = _load("content/progress/2024/AL.yaml")
    first = albania["actions"][0]
    text = " ".join(pdf_text(built / f"en/{DOC}.pdf").split())
    account = " ".join(first["account"].split())
    assert f"Albania · ● Completed. {account}" in text.replace("- ", "-")
    assert first["evidence"]["title"] in text
    document = docx.Document(docx_bytes_io(built / f"en/{DOC}.docx"))
    rels = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert first["evidence"]["url"] in rels


# -- bad progress data ----------------------------------------------------------------------------------------

ROUND = "content/progress/2024/round.yaml"
AL = "content/progress/2024/AL.yaml"
A2 = "  - action: A2\n    status: in-progress\n    account: >-\n      The state police"
CASES = [
    ("unknown action", AL, A2, A2.replace("A2", "A22"),
     "{file}:{line}: error: actions[1].action: the plan has no action 'A22' (did you mean 'A2'?)"),
    ("invalid status", AL, A2, A2.replace("in-progress", "in-progres"),
     "{file}:{line_next}: error: actions[1].status: unknown value 'in-progres' (did you mean "
     "'in-progress'?); expected one of: completed, in-progress, planned, not-started, not-applicable"),
    ("duplicate entry", AL, A2, A2.replace("A2", "A1"),
     "{file}:{line}: error: actions[1].action: duplicate entry for action 'A1' of partner 'AL' (first at "
     "line {first_a1})"),
    ("missing previous round", ROUND, '  previous: "2023"\n', '  previous: "2022"\n',
     "{file}:{round_line}: error: round.previous: previous round '2022' does not exist (did you mean '2023'?)"),
    ("bad evidence address", AL, "url: https://example.org/al/sop-screening-2024.pdf",
     "url: ftp://example.org/al/sop-screening-2024.pdf",
     "{file}:{line}: error: actions[0].evidence.url: invalid address "
     "'ftp://example.org/al/sop-screening-2024.pdf' (expected the form https://example.org/report.pdf)"),
    ("report in the wrong file", AL, "partner: AL\n", "partner: BA\n",
     "{file}:{line}: error: partner: the report of partner 'BA' is in the file of 'AL' (name the file BA.yaml)"),
]


@pytest.mark.parametrize("name,relative,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_progress_data_gives_its_exact_diagnostic(capsys, tmp_path, name, relative, old, new, expected):
    project = make_project(tmp_path, languages=["en"])
    line = edit(project, relative, old, new)
    lines = (project / relative).read_text("utf-8").splitlines()
    values = {"file": relative, "line": line, "line_next": line + 1,
              "first_a1": lines.index("  - action: A1") + 1 if "  - action: A1" in lines else 0,
              "round_line": lines.index("round:") + 2 if "round:" in lines else 0}
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines() == [expected.format(**values), "reportgen: 1 error(s); nothing was written"]


def test_an_unknown_partner_and_a_second_report_of_one_partner_are_errors(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    folder = project / "content/progress/2024"
    (folder / "ME.yaml").rename(folder / "MNE.yaml")
    edit(project, "content/progress/2024/MNE.yaml", "partner: ME\n", "partner: MNE\n")
    report = (folder / "AL.yaml").read_text("utf-8").split("partner: AL\n", 1)[1]
    with open(folder / "round.yaml", "a", encoding="utf-8") as handle:
        handle.write("reports:\n  - partner: AL\n" + "".join(f"    {line}\n" for line in report.splitlines()))
    round_line = (folder / "round.yaml").read_text("utf-8").splitlines().index("  - partner: AL") + 1
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines()[:-1] == [
        f"content/progress/2024/AL.yaml:3: error: partner: duplicate report for partner 'AL' (first at "
        f"content/progress/2024/round.yaml:{round_line})",
        "content/progress/2024/MNE.yaml:3: error: partner: unknown partner 'MNE' (did you mean 'ME'?); partners are "
        "listed in content/partners.yaml"]


def test_a_partner_that_sent_nothing_is_no_report_received_not_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    (project / "content/progress/2024/RS.yaml").unlink()
    status, out, _ = run_cli(capsys, "check", "--project", str(project))
    assert status == 0, out


def test_a_round_may_be_one_file_with_its_reports(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    folder = project / "content/progress/2023"
    text = (folder / "round.yaml").read_text("utf-8") + "reports:\n"
    for path in sorted(folder.glob("??.yaml")):
        body = path.read_text("utf-8").split("\npartner: ", 1)[1]
        text += "  - partner: " + "".join(f"{line}\n" if i == 0 else f"    {line}\n"
                                          for i, line in enumerate(body.splitlines()))
    import shutil

    shutil.rmtree(folder)
    (project / "content/progress/2023.yaml").write_text(text, "utf-8")
    status, out, err = run_cli(capsys, "build", "--project", str(project), "--format", "html")
    assert status == 0, err
    assert "2023" in (project / "build/en/progress-report-2023.html").read_text("utf-8")


def test_an_invalid_partner_list_does_not_hide_the_rounds_own_errors(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    partners_line = edit(project, "content/partners.yaml", "  - id: AL\n", "  - id: Albania\n")
    round_line = edit(project, ROUND, "  period_start: 2023-07", "  period_start: 2025-07")
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines()[:-1] == [
        f"content/partners.yaml:{partners_line}: error: partners[0].id: invalid id 'Albania' (expected the form AL)",
        f"{ROUND}:{round_line - 6}: error: round.period_end: period_end is before period_start"]


def test_partner_ids_follow_one_pattern_in_every_file(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"])
    edit(project, "content/partners.yaml", "  - id: ME\n", "  - id: MNE\n")
    for year in ("2023", "2024"):
        folder = project / f"content/progress/{year}"
        (folder / "ME.yaml").rename(folder / "MNE.yaml")
        edit(project, f"content/progress/{year}/MNE.yaml", "partner: ME\n", "partner: MNE\n")
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 0, err


def test_matrix_symbols_and_chart_segments_read_on_every_colour():
    from lxml import html as lxml_html

    from reportgen.pipeline import render_document
    from reportgen.tree import to_html
    from reportgen.charts import OUTLINE, contrast, draw
    from reportgen.i18n.locales import LANGUAGES
    from reportgen.project import load_project

    project = load_project(ROOT)
    rendered = render_document(project, project.documents["progress-report-2024"], LANGUAGES["en"])
    cells = lxml_html.document_fromstring(to_html(rendered.tree)).xpath("//table[@class='matrix']//td")
    assert len(cells) == 21 * 6
    for cell in cells:
        style = dict(part.split(":") for part in cell.get("style").replace(" ", "").split(";") if part)
        assert contrast(style["background-color"], style["color"]) >= 4.5, style
    svg = draw(rendered.charts[0], "svg", project.theme).decode()
    segments = re.findall(r'<rect [^>]*fill="#[0-9a-f]{6}"[^>]*stroke="([^"]+)"', svg)
    assert segments and set(segments) == {OUTLINE}
