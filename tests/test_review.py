"""The translators' review pack: both languages' text of every action, fuzzy and changed entries marked, markup
shown as formatting, in Word and PDF."""

from __future__ import annotations

import docx
from babel.messages.pofile import read_po

from conftest import ROOT, docx_bytes_io, edit, make_project, pdf_text, run_cli
from reportgen.source import markup


def test_the_review_pack_holds_every_action_in_both_languages_and_marks_fuzzy_and_changed(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    assert run_cli(capsys, "i18n", "release", "--project", str(project), "2024-10")[0] == 0
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    assert run_cli(capsys, "i18n", "update", "--project", str(project))[0] == 0
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    edit(project, "translations/hr/LC_MESSAGES/messages.po", 'msgctxt "action-plan:A5.text"',
         '#, fuzzy\nmsgctxt "action-plan:A5.text"')
    status, out, err = run_cli(capsys, "review", "--project", str(project), "--lang", "hr")
    assert status == 0, err
    path = project / "build/hr/review/action-plan.review.docx"
    assert path.is_file() and path.with_suffix(".pdf").is_file()
    document = docx.Document(docx_bytes_io(path))
    counts, table = document.tables[0], document.tables[1]
    header = [c.text for c in counts.rows[0].cells]
    values = dict(zip(header, (c.text for c in counts.rows[1].cells)))
    assert values["fuzzy"] == "1" and values["changed"] == "1" and values["missing"] == "0"
    rows = {row.cells[0].text.split(" (")[0]: row for row in table.rows[1:]}
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    for number in range(1, 22):
        row = rows[f"A{number}.text"]
        message = catalog.get(row.cells[1].text, context=f"action-plan:A{number}.text")
        assert message is not None and markup.plain(message.string) == row.cells[2].text
    assert rows["A5.text"].cells[3].text == "fuzzy" and rows["A21.text"].cells[3].text == "changed"
    assert rows["A21.text"].cells[1].text.startswith("Broker wider cooperation")
    shade = rows["A5.text"].cells[3]._tc.xpath("./w:tcPr/w:shd/@w:fill")
    assert shade == ["FFF2CC"]
    context = rows["C1.1.context"].cells[1]
    bold = "".join(r.text for p in context.paragraphs for r in p.runs if r.bold)
    assert bold.startswith("leveraging risks") and "**" not in context.text  # markup as formatting
    assert "Broker wider cooperation" in pdf_text(path.with_suffix(".pdf"))


def test_the_review_pack_is_for_a_translated_language(capsys):
    status, _, err = run_cli(capsys, "review", "--project", str(ROOT), "--lang", "en")
    assert status == 2 and "not the source language" in err


def test_two_review_runs_give_byte_identical_files(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sr"], progress=False)
    for out in ("a", "b"):
        status, _, err = run_cli(capsys, "review", "--project", str(project), "--lang", "sr", "--out",
                                 str(tmp_path / out))
        assert status == 0, err
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*") if p.parent.name == "review")
    assert [str(f) for f in files] == ["sr/review/action-plan.review.docx", "sr/review/action-plan.review.pdf"]
    for relative in files:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes(), relative
