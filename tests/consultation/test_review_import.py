"""``reportgen review import``: a review pack a reviewer annotated in Word — a tracked change in a translation and
a comment — changes exactly one PO entry (its msgstr, marked fuzzy, and a ``# reviewer:`` comment); the rest of
the catalogue stays byte for byte, and a correction in a string with markup keeps its markup. A changed English
column, or a correction that drops a placeholder, is refused and nothing is written."""

from __future__ import annotations

import difflib
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import make_project, run_cli

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PO = "translations/hr/LC_MESSAGES/messages.po"


def _row(document, where: str):
    table = document.tables[-1]
    return next(row for row in table.rows if row.cells[0].text.startswith(where))


def _track(cell, old: str, new: str, author: str = "Reviewer") -> None:
    """Replace ``old`` by ``new`` in a cell as Word's Track Changes does: a deletion and an insertion."""
    paragraph = cell.paragraphs[0]
    run = next(r for r in paragraph.runs if old in r.text)
    before, after = run.text.split(old, 1)
    run.text = before
    stamp = {f"{{{W}}}author": author, f"{{{W}}}date": "2025-03-01T10:00:00Z"}
    deletion = etree.Element(f"{{{W}}}del", {f"{{{W}}}id": "9101", **stamp})
    etree.SubElement(etree.SubElement(deletion, f"{{{W}}}r"), f"{{{W}}}delText").text = old
    insertion = etree.Element(f"{{{W}}}ins", {f"{{{W}}}id": "9102", **stamp})
    etree.SubElement(etree.SubElement(insertion, f"{{{W}}}r"), f"{{{W}}}t").text = new
    tail = etree.Element(f"{{{W}}}r")
    etree.SubElement(tail, f"{{{W}}}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = after
    run._r.addnext(deletion)
    deletion.addnext(insertion)
    insertion.addnext(tail)


@pytest.fixture
def pack(tmp_path, capsys) -> tuple[Path, Path]:
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    assert run_cli(capsys, "review", "--lang", "hr", "--doc", "action-plan", "--project", str(project))[0] == 0
    return project, project / "build/hr/review/action-plan.review.docx"


def test_a_tracked_change_and_a_comment_change_exactly_one_entry(pack, capsys, tmp_path):
    project, path = pack
    document = docx.Document(path)
    row = _row(document, "A21.text")
    _track(row.cells[2], "Posredovati", "Pomagati")
    document.add_comment(row.cells[2].paragraphs[0].runs[0], text="Bolji glagol.", author="Reviewer",
                         initials="R")
    annotated = tmp_path / "action-plan.review.docx"
    document.save(annotated)
    before = (project / PO).read_text("utf-8")
    status, out, err = run_cli(capsys, "review", "import", str(annotated), "--project", str(project))
    assert status == 0, err
    assert "1 entry changed by the review (marked fuzzy" in out
    after = (project / PO).read_text("utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff[0] == "+# reviewer: Bolji glagol." and "+#, fuzzy" in diff
    assert any(line.startswith("-msgstr \"Posredovati") for line in diff)
    assert any(line.startswith("+msgstr \"Pomagati") for line in diff)
    assert len(diff) == 4, diff  # the comment, the flag, the old and the new msgstr: nothing else


def test_a_correction_in_a_string_with_markup_keeps_its_markup(pack, capsys, tmp_path):
    """The pack shows a bold phrase as bold: read back, it is the catalogue's ``**…**`` again, and only the
    corrected word differs from the msgstr."""
    project, path = pack
    before = (project / PO).read_text("utf-8")
    old = next(line for line in before.split('msgctxt "action-plan:C1.1.context"\n', 1)[1].splitlines()
               if line.startswith("msgstr "))
    assert "**" in old
    document = docx.Document(path)
    _track(_row(document, "C1.1.context").cells[2], "rizična putovanja", "opasna putovanja")
    annotated = tmp_path / "action-plan.review.docx"
    document.save(annotated)
    status, out, err = run_cli(capsys, "review", "import", str(annotated), "--project", str(project))
    assert status == 0, err
    after = (project / PO).read_text("utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ["+#, fuzzy", "-" + old, "+" + old.replace("rizična putovanja", "opasna putovanja")], diff


def test_a_correction_of_a_plural_entry_changes_its_first_form_and_asks_for_the_others(capsys, tmp_path):
    """The pack shows a plural entry by its first form: that form takes the correction, the entry becomes fuzzy
    (even with --accept) so that the translator carries it into the other forms, which stay as they were."""
    project = make_project(tmp_path, languages=["en", "hr"])
    assert run_cli(capsys, "review", "--lang", "hr", "--doc", "progress-report-2024", "--project",
                   str(project))[0] == 0
    document = docx.Document(project / "build/hr/review/progress-report-2024.review.docx")
    row = next(row for row in document.tables[-1].rows if row.cells[1].text.startswith("In %(num)d case,"))
    _track(row.cells[2], "status aktivnosti", "stanje aktivnosti")
    annotated = tmp_path / "progress-report-2024.review.docx"
    document.save(annotated)
    before = (project / PO).read_text("utf-8")
    status, _, err = run_cli(capsys, "review", "import", str(annotated), "--accept", "--project", str(project))
    assert status == 0, err
    after = (project / PO).read_text("utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    first = 'msgstr[0] "U %(num)d slučaju status aktivnosti kod pojedinog partnera'
    assert diff[:2] == ["-#, python-format", "+#, fuzzy, python-format"], diff
    assert len(diff) == 4 and diff[2].startswith("-" + first) and diff[3].startswith(
        "+" + first.replace("status aktivnosti", "stanje aktivnosti")), diff


def test_a_changed_english_column_or_a_lost_placeholder_is_refused(pack, capsys, tmp_path):
    project, path = pack
    document = docx.Document(path)
    _track(_row(document, "A21.text").cells[1], "Broker", "Organise")
    english = tmp_path / "english" / "action-plan.review.docx"
    english.parent.mkdir()
    document.save(english)
    before = (project / PO).read_bytes()
    status, _, err = run_cli(capsys, "review", "import", str(english), "--project", str(project))
    assert status == 1 and "action-plan.review.docx: row" in err and "the English column was changed" in err
    document = docx.Document(path)
    row = next(r for r in document.tables[-1].rows if "%(page)s" in r.cells[1].text)
    _track(row.cells[2], "%(page)s", "")
    placeholder = tmp_path / "placeholder" / "action-plan.review.docx"
    placeholder.parent.mkdir()
    document.save(placeholder)
    status, _, err = run_cli(capsys, "review", "import", str(placeholder), "--project", str(project))
    assert status == 1 and "%(page)s" in err, err
    assert (project / PO).read_bytes() == before


def test_an_edited_where_column_or_an_untracked_correction_is_refused(pack, capsys, tmp_path):
    """A Where cell edited to point at another entry cannot carry a correction there (an error); a translation
    changed with Track Changes off is named (a warning: the catalogue may have moved on since the pack was
    written), not silently dropped; nothing is written."""
    project, path = pack
    before = (project / PO).read_bytes()
    document = docx.Document(path)
    row = _row(document, "A21.text")
    row.cells[0].paragraphs[0].runs[0].text = row.cells[0].paragraphs[0].runs[0].text.replace("A21", "A20")
    _track(row.cells[2], "Posredovati", "Pomagati")
    (tmp_path / "where").mkdir()
    document.save(tmp_path / "where/action-plan.review.docx")
    status, _, err = run_cli(capsys, "review", "import", str(tmp_path / "where/action-plan.review.docx"),
                             "--project", str(project))
    assert status == 1 and "row " in err and "is not the catalogue's for A20.text" in err, err
    document = docx.Document(path)
    run = _row(document, "A21.text").cells[2].paragraphs[0].runs[0]
    run.text = run.text.replace("Posredovati", "Pomagati")  # Track Changes off
    (tmp_path / "untracked").mkdir()
    document.save(tmp_path / "untracked/action-plan.review.docx")
    status, out, err = run_cli(capsys, "review", "import", str(tmp_path / "untracked/action-plan.review.docx"),
                               "--project", str(project))
    assert status == 0 and "warning: «Broker overall cooperation" in err and "changed without Track Changes" in err
    assert "the entry is left as it is" in err and "nothing changed" in out, (out, err)
    assert (project / PO).read_bytes() == before


def test_a_comment_of_several_paragraphs_is_one_line_with_its_words_apart(pack, capsys, tmp_path):
    project, path = pack
    document = docx.Document(path)
    run = _row(document, "A21.text").cells[2].paragraphs[0].runs[0]
    document.add_comment(run, text="Prvi redak.\nDrugi redak.", author="Reviewer", initials="R")
    document.save(tmp_path / "action-plan.review.docx")
    status, _, err = run_cli(capsys, "review", "import", str(tmp_path / "action-plan.review.docx"), "--project",
                             str(project))
    assert status == 0, err
    assert "# reviewer: Prvi redak. Drugi redak.\n" in (project / PO).read_text("utf-8")
