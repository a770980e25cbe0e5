"""Returned Word files read back into the compilation of comments: a file annotated through python-docx's
comments API with a raw tracked insertion, one edited without tracking, one saved again by LibreOffice, one in
Serbian; every comment and change listed under its item and partner, the secretariat's typed responses kept by a
later import, and files that are not what they claim refused with a located message and nothing written."""

from __future__ import annotations

import contextlib
import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openpyxl import load_workbook

from conftest import libreoffice_convert, libreoffice_redlines, make_project, run_cli
from reportgen.cli import main
from writers.test_open_xml import _findings, validator  # noqa: F401 - validator is a fixture

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A1 = "Strengthen the protection capacities of migration authorities"
A2 = "Enhance use of digital tools for detection of smuggling"
A3 = ("Engage in capacity development for detection and investigation", "Engage in training for detection and "
      "investigation")


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def _paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def _annotated(source: Path, target: Path) -> None:
    """A ministry's file: a comment on Action 1's text, a tracked insertion in Action 2's."""
    document = docx.Document(source)
    paragraph = _paragraph(document, A1)
    document.add_comment(paragraph.runs, text="Please add the border police.", author="Ministry AL", initials="MA")
    inserted = etree.SubElement(_paragraph(document, A2)._p, f"{{{W}}}ins",
                                {f"{{{W}}}id": "9001", f"{{{W}}}author": "Ministry AL",
                                 f"{{{W}}}date": "2025-03-01T10:00:00Z"})
    etree.SubElement(etree.SubElement(inserted, f"{{{W}}}r"), f"{{{W}}}t").text = " and open-source analysis"
    document.save(target)


def _with_reply(source: Path, target: Path, start: str, text: str, reply: str) -> None:
    """A ministry's file with a comment on the paragraph starting ``start`` and a reply to it, threaded as Word
    threads them (``commentsExtended.xml``: each comment's last paragraph id, the reply's parent)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    w14, w15 = "http://schemas.microsoft.com/office/word/2010/wordml", "http://schemas.microsoft.com/office/word/2012/wordml"
    document = docx.Document(source)
    runs = _paragraph(document, start).runs
    for comment, words, author, paragraph_id in ((None, text, "Ministry XK", "1A2B3C4D"),
                                                 (None, reply, "Secretariat", "5E6F7081")):
        comment = document.add_comment(runs, text=words, author=author, initials="X")
        comment._comment_elm.findall(f"{{{W}}}p")[-1].set(f"{{{w14}}}paraId", paragraph_id)
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="{w15}">'
            f'<w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/>'
            f'<w15:commentEx w15:paraId="5E6F7081" w15:paraIdParent="1A2B3C4D" w15:done="0"/></w15:commentsEx>')
    part = Part(PackURI("/word/commentsExtended.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml", blob.encode(),
                document.part.package)
    document.part.relate_to(part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended")
    document.save(target)


def _untracked(source: Path, target: Path) -> None:
    """A ministry's file edited without tracking changes."""
    document = docx.Document(source)
    paragraph = _paragraph(document, A3[0])
    run = next(r for r in paragraph.runs if A3[0] in r.text)
    run.text = run.text.replace(A3[0], A3[1])
    document.save(target)


@pytest.fixture(scope="module")
def consulted(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("consultation"), languages=["en", "sr"], progress=False)
    assert _run("build", "--project", str(project), "--format", "docx")[0] == 0
    assert _run("edition", "record", "draft-1", "--status", "draft", "--project", str(project))[0] == 0
    returned = project.parent / "returned"
    returned.mkdir()
    _annotated(project / "build/en/action-plan.docx", returned / "AL.docx")
    _untracked(project / "build/en/action-plan.docx", returned / "BA.docx")
    serbian = docx.Document(project / "build/sr/action-plan.docx")
    serbian.add_comment(serbian.paragraphs[1].runs, text="Назив је предугачак.", author="Министарство", initials="M")
    serbian.save(returned / "RS.docx")
    return project, returned


def _rows(project: Path) -> list[dict]:
    book = load_workbook(project / "build/comments/action-plan.draft-1.xlsx", read_only=True)
    rows = list(book["Compilation"].iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_every_comment_and_change_is_listed_under_its_item_and_partner(consulted):
    project, returned = consulted
    status, out, err = _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                            *map(str, sorted(returned.glob("*.docx"))))
    assert status == 0, err
    rows = _rows(project)
    seen = {(r["Partner"], r["Item"], r["Kind"]) for r in rows}
    assert ("AL", "Action 1", "comment") in seen
    assert ("AL", "Action 2", "tracked change") in seen
    assert ("BA", "Action 3", "changed without tracking") in seen
    assert any(partner == "RS" and kind == "comment" and item.startswith("Cover: «") for partner, item, kind in seen)
    comment = next(r for r in rows if r["Partner"] == "AL" and r["Kind"] == "comment")
    assert comment["Comment"].startswith("Please add the border police.") and comment["Author"] == "Ministry AL"
    assert comment["Text of the edition"].startswith(A1)
    change = next(r for r in rows if r["Kind"] == "tracked change")
    assert change["Proposed text"].endswith("mixed migration flows. and open-source analysis") or \
        "open-source analysis" in change["Proposed text"]
    untracked = next(r for r in rows if r["Kind"] == "changed without tracking")
    assert untracked["Proposed text"].startswith(A3[1])
    assert untracked["Marked-up proposal"].startswith("Engage in [-capacity development-] {+training+} for")
    serbian = next(r for r in rows if r["Partner"] == "RS")
    assert serbian["Language"] == "sr" and serbian["Comment"].startswith("Назив је предугачак.")
    assert serbian["English original"].startswith("Advancing the Skopje Declaration")  # beside the Serbian
    assert serbian["Text of the edition"].startswith("Унапређење Скопске декларације")
    assert not comment["English original"]  # a file in English needs none
    assert len(rows) == 4  # nothing else: the files' other paragraphs are the edition's


def test_a_file_saved_again_by_libreoffice_keeps_its_comment_and_change(consulted, tmp_path):
    project, returned = consulted
    saved = tmp_path / "saved"
    libreoffice_convert(returned / "AL.docx", saved, "docx:MS Word 2007 XML").rename(saved / "ME.docx")
    status, _, err = _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                          str(saved / "ME.docx"))
    assert status == 0, err
    mine = sorted((r["Item"], r["Kind"]) for r in _rows(project) if r["Partner"] == "ME")
    assert mine == [("Action 1", "comment"), ("Action 2", "tracked change")]  # and no change LibreOffice made


def test_a_tracked_move_is_read_as_the_text_moved_away_and_moved_here(consulted, tmp_path):
    """Word's move ranges: the words moved out of Action 2's text and into Action 1's are two tracked changes,
    each paragraph's proposal as the partner left it."""
    project, _ = consulted
    document = docx.Document(project / "build/en/action-plan.docx")
    stamp = {f"{{{W}}}author": "Ministry ME", f"{{{W}}}date": "2025-03-02T09:00:00Z"}
    source = _paragraph(document, A2)
    run = next(r for r in source.runs if "for detection" in r.text)
    head, tail = run.text.split(" for detection", 1)
    run.text = head
    away = etree.Element(f"{{{W}}}moveFrom", {f"{{{W}}}id": "9201", **stamp})
    etree.SubElement(etree.SubElement(away, f"{{{W}}}r"), f"{{{W}}}t", {
        "{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = " for detection"
    rest = etree.Element(f"{{{W}}}r")
    etree.SubElement(rest, f"{{{W}}}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = tail
    run._r.addnext(away)
    away.addnext(rest)
    here = etree.SubElement(_paragraph(document, A1)._p, f"{{{W}}}moveTo", {f"{{{W}}}id": "9202", **stamp})
    etree.SubElement(etree.SubElement(here, f"{{{W}}}r"), f"{{{W}}}t", {
        "{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = " for detection"
    document.save(tmp_path / "ME.docx")
    status, _, err = _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                          str(tmp_path / "ME.docx"))
    assert status == 0, err
    mine = {r["Item"]: r for r in _rows(project) if r["Partner"] == "ME" and r["File"] == "ME.docx"
            and r["Author"] == "Ministry ME"}
    assert set(mine) == {"Action 1", "Action 2"} and {r["Kind"] for r in mine.values()} == {"tracked change"}
    assert mine["Action 1"]["Proposed text"].endswith("for detection")
    assert mine["Action 2"]["Text of the edition"].startswith(A2)
    assert mine["Action 2"]["Proposed text"].startswith("Enhance use of digital tools of smuggling")


def test_a_reply_is_listed_under_the_comment_it_answers(consulted, tmp_path):
    project, _ = consulted
    _with_reply(project / "build/en/action-plan.docx", tmp_path / "XK.docx", A1, "Please add the border police.",
                "Agreed; we will add it.")
    status, _, err = _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                          str(tmp_path / "XK.docx"))
    assert status == 0, err
    mine = [(r["Item"], r["Kind"], r["Comment"].split(" [on ")[0], r["Author"]) for r in _rows(project)
            if r["Partner"] == "XK"]
    assert mine == [("Action 1", "comment", "Please add the border police.", "Ministry XK"),
                    ("Action 1", "reply to comment 1", "Agreed; we will add it.", "Secretariat")]


def test_two_files_named_for_one_partner_are_refused_in_one_batch(consulted, tmp_path, capsys):
    project, returned = consulted
    for name in ("MK.docx", "MK-final.docx"):
        shutil.copyfile(returned / "AL.docx", tmp_path / name)
    target = project / "build/comments/action-plan.draft-1.xlsx"
    before = target.read_bytes() if target.exists() else None
    status, _, err = run_cli(capsys, "comments", "import", "--edition", "draft-1", "--project", str(project),
                             str(tmp_path / "MK.docx"), str(tmp_path / "MK-final.docx"))
    assert status == 1
    assert "MK-final.docx: error: a second file from partner MK (MK.docx is the first)" in err, err
    assert (target.read_bytes() if target.exists() else None) == before


def test_the_same_file_twice_or_two_of_one_name_are_told_apart(consulted, tmp_path, capsys):
    project, returned = consulted
    status, _, err = run_cli(capsys, "comments", "import", "--edition", "draft-1", "--project", str(project),
                             str(returned / "AL.docx"), str(returned / "AL.docx"))
    assert status == 1 and "AL.docx: error: the same file is given twice" in err, err
    (tmp_path / "second").mkdir()
    shutil.copyfile(returned / "BA.docx", tmp_path / "second/BA.docx")
    status, _, err = run_cli(capsys, "comments", "import", "--edition", "draft-1", "--project", str(project),
                             "--partner", "ba", str(returned / "BA.docx"), str(tmp_path / "second/BA.docx"))
    assert status == 0, err  # --partner in any case; both files BA's, each row naming its file by its folder
    files = {r["File"] for r in _rows(project) if r["Partner"] == "BA"}
    assert {str(returned / "BA.docx"), str(tmp_path / "second/BA.docx")} <= files, files


def test_a_comment_on_a_chart_is_named_as_one(tmp_path):
    project = make_project(tmp_path, languages=["en"])
    document = "progress-report-2024"
    assert _run("build", "--project", str(project), "--doc", document, "--format", "docx")[0] == 0
    assert _run("edition", "record", "r1", "--project", str(project))[0] == 0
    word = docx.Document(project / f"build/en/{document}.docx")
    chart = next(p for p in word.paragraphs if p._p.xpath(".//w:drawing"))
    word.add_comment(chart.runs, text="The colours are hard to tell apart.", author="Ministry ME", initials="M")
    word.save(tmp_path / "ME.docx")
    status, _, err = _run("comments", "import", "--edition", "r1", "--project", str(project), str(tmp_path / "ME.docx"))
    assert status == 0, err
    book = load_workbook(project / f"build/comments/{document}.r1.xlsx", read_only=True)
    rows = list(book["Compilation"].iter_rows(values_only=True))
    book.close()
    found = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert [(r["Item"], r["Kind"], r["Partner"]) for r in found] == [("(a chart)", "comment", "ME")]


def test_typed_responses_survive_a_later_import(consulted, tmp_path):
    project, returned = consulted
    assert _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                str(returned / "AL.docx"))[0] == 0
    path = project / "build/comments/action-plan.draft-1.xlsx"
    book = load_workbook(path)
    sheet = book["Compilation"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Partner")].value == "AL" and row[header.index("Kind")].value == "comment":
            row[header.index("Secretariat response")].value = "Agreed: added."
            row[header.index("Decision")].value = "accepted"
    book.save(path)
    assert _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                str(returned / "BA.docx"))[0] == 0
    rows = _rows(project)
    kept = next(r for r in rows if r["Partner"] == "AL" and r["Kind"] == "comment")
    assert (kept["Secretariat response"], kept["Decision"]) == ("Agreed: added.", "accepted")
    assert any(r["Partner"] == "BA" for r in rows)


def test_files_that_are_not_returned_documents_are_refused_and_nothing_is_written(consulted, tmp_path, capsys):
    project, returned = consulted
    macros = tmp_path / "AL.docm"
    with zipfile.ZipFile(returned / "AL.docx") as source, zipfile.ZipFile(macros, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\0")
    renamed = tmp_path / "BA.docx"
    with zipfile.ZipFile(renamed, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("content.xml", "<office:document-content/>")
    plain = tmp_path / "ME.docx"
    docx.Document().save(plain)
    text = tmp_path / "RS.docx"
    text.write_text("not a zip", "utf-8")
    unknown = tmp_path / "XX.docx"
    shutil.copyfile(returned / "AL.docx", unknown)
    newline = tmp_path / "MK\nfinal.docx"  # a name as a sender may give it: shown escaped, on one line
    newline.write_bytes(b"PK\x03\x04 damaged")
    target = project / "build/comments/action-plan.draft-1.xlsx"
    before = target.read_bytes() if target.exists() else None
    status, _, err = run_cli(capsys, "comments", "import", "--edition", "draft-1", "--project", str(project),
                             *map(str, (macros, renamed, plain, text, unknown, newline)))
    assert status == 1
    assert "AL.docm: error: the file carries macros (.docm): refused" in err
    assert "BA.docx: error: not a Word document (.docx): an OpenDocument or another package renamed?" in err
    assert "ME.docx: error: not a Word file of this edition: it carries no reportgen bookmarks" in err
    assert "RS.docx: error: not a Word document (.docx), or a damaged or encrypted one" in err
    assert "XX.docx: error: cannot tell which partner sent it ('XX' is not one of AL, BA, ME, MK, RS, XK)" in err
    assert "\nMK\\nfinal.docx: error: " in err and "\nfinal.docx" not in err
    assert (target.read_bytes() if target.exists() else None) == before
    status, _, err = run_cli(capsys, "comments", "import", "--edition", "v9", "--project", str(project),
                             str(returned / "AL.docx"))
    assert status == 2 and "no edition 'v9' recorded" in err


def test_the_compilation_in_word_shows_each_proposal_as_tracked_changes(consulted, tmp_path):
    project, returned = consulted
    assert _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                *map(str, sorted(returned.glob("*.docx"))))[0] == 0
    path = project / "build/comments/action-plan.draft-1.docx"
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    inserted = ["".join(t.text for t in e.iter(f"{{{W}}}t")) for e in body.iter(f"{{{W}}}ins")]
    deleted = ["".join(t.text for t in e.iter(f"{{{W}}}delText")) for e in body.iter(f"{{{W}}}del")]
    assert any("open-source analysis" in text for text in inserted)
    assert any("training" in text for text in inserted) and any("capacity development" in t for t in deleted)
    assert len(docx.Document(path).tables[0].rows) == len(_rows(project)) + 1
    accepted = " ".join(libreoffice_redlines("accept", path, tmp_path / "accepted.txt"))
    rejected = " ".join(libreoffice_redlines("reject", path, tmp_path / "rejected.txt"))
    assert A3[1] in accepted and A3[1] not in rejected and A3[0] in rejected


def test_a_file_whose_bookmarks_were_lost_is_read_by_its_text_and_says_so(consulted, tmp_path):
    project, returned = consulted
    stripped = tmp_path / "MK.docx"
    with zipfile.ZipFile(returned / "AL.docx") as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = etree.fromstring(data)
                for mark in [*body.iter(f"{{{W}}}bookmarkStart"), *body.iter(f"{{{W}}}bookmarkEnd")]:
                    mark.getparent().remove(mark)
                data = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
            if item.filename != "docProps/custom.xml":
                target.writestr(item, data)
    status, _, err = _run("comments", "import", "--edition", "draft-1", "--project", str(project), str(stripped))
    assert status == 0, err
    mine = sorted((r["Item"], r["Kind"]) for r in _rows(project) if r["Partner"] == "MK")
    assert mine == [("Action 1", "comment (matched by text)"), ("Action 2", "tracked change (matched by text)")]


def test_a_comment_longer_than_a_cell_holds_is_kept_whole(consulted, tmp_path, validator):  # noqa: F811
    """A 40,000-character comment: its cell is cut with a note (Excel holds 32,767 characters), the hidden sheet
    keeps it whole, and after a later import of another partner's file the Word compilation still shows it whole;
    the workbook passes the Open XML validator."""
    project = tmp_path / "project"
    shutil.copytree(consulted[0], project)
    shutil.rmtree(project / "build/comments", ignore_errors=True)
    long = ("The ministry asks that the border police be named in this action, with its regional offices. " * 440)
    long = long.strip()
    assert len(long) > 40_000
    document = docx.Document(project / "build/en/action-plan.docx")
    document.add_comment(_paragraph(document, A1).runs, text=long, author="Ministry ME", initials="MM")
    document.save(tmp_path / "ME.docx")
    for name in ("ME.docx", "AL.docx"):
        path = tmp_path / name if name == "ME.docx" else consulted[1] / name
        status, _, err = _run("comments", "import", "--edition", "draft-1", "--project", str(project), str(path))
        assert status == 0, err
    workbook = project / "build/comments/action-plan.draft-1.xlsx"
    book = load_workbook(workbook)
    assert book["Whole texts"].sheet_state == "hidden" and book.active.title == "Compilation"
    rows = list(book["Compilation"].iter_rows(values_only=True))
    cell = next(dict(zip(rows[0], row))["Comment"] for row in rows[1:] if dict(zip(rows[0], row))["Partner"] == "ME")
    assert len(cell) <= 32767 and cell.startswith(long[:1000]) and cell.endswith("in the Word compilation]")
    parts = [row[3] for row in book["Whole texts"].iter_rows(min_row=2, values_only=True)]
    assert "".join(parts).startswith(long + " [on «")  # the comment, then the words it was anchored on
    compiled = docx.Document(project / "build/comments/action-plan.draft-1.docx")
    texts = [cell.text for row in compiled.tables[0].rows for cell in row.cells]
    assert any(long in text for text in texts)
    assert any(text.startswith("Please add the border police.") for text in texts)  # AL's file came later
    assert _findings(validator, [workbook]) == []


def test_a_cut_cell_the_secretariat_edited_is_kept_as_typed(consulted, tmp_path):
    """A cut cell that no longer matches the hidden sheet's whole text (the secretariat shortened it, keeping the
    note) is read as typed, not replaced; an accepted proposal still cut is refused by ``comments apply``."""
    project = tmp_path / "project"
    shutil.copytree(consulted[0], project)
    shutil.rmtree(project / "build/comments", ignore_errors=True)
    document = docx.Document(project / "build/en/action-plan.docx")
    document.add_comment(_paragraph(document, A1).runs, text="Long. " * 7000, author="Ministry ME", initials="MM")
    document.save(tmp_path / "ME.docx")
    assert _run("comments", "import", "--edition", "draft-1", "--project", str(project), str(tmp_path / "ME.docx"),
                )[0] == 0
    path = project / "build/comments/action-plan.draft-1.xlsx"
    book = load_workbook(path)
    sheet = book["Compilation"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Partner")].value == "ME")
    typed = "Shortened by the secretariat." + row[header.index("Comment")].value[-200:]
    row[header.index("Comment")].value = typed
    row[header.index("Kind")].value = "tracked change"
    row[header.index("Key")].value = "action-plan:A1.text"
    row[header.index("Language")].value = "en"
    row[header.index("Proposed text")].value = row[header.index("Comment")].value
    row[header.index("Decision")].value = "accepted"
    book.save(path)
    assert _run("comments", "import", "--edition", "draft-1", "--project", str(project),
                str(consulted[1] / "AL.docx"))[0] == 0
    texts = [cell.text for r in docx.Document(project / "build/comments/action-plan.draft-1.docx").tables[0].rows
             for cell in r.cells]
    assert any(text.startswith("Shortened by the secretariat.") for text in texts)
    assert not any("Long. Long. Long." * 2000 in text for text in texts)
    status, _, err = _run("comments", "apply", str(path), "--project", str(project))
    assert status == 1 and "the proposed text was cut to fit its cell" in err, err
