"""XLIFF 1.2 for CAT tools: PO → XLIFF → PO changes nothing, a translated unit comes back, a unit whose source
changed is refused, and translate-toolkit reads our file with the same units and states."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from translate.storage import factory

from conftest import make_project, run_cli

PO = "translations/hr/LC_MESSAGES/messages.po"


def _export(capsys, project):
    out = project / "hr.xliff"
    status, stdout, err = run_cli(capsys, "i18n", "export", "--project", str(project), "--lang", "hr", "-o", str(out))
    assert status == 0, err
    return out


def test_po_to_xliff_to_po_changes_nothing(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"])
    before = (project / PO).read_bytes()
    xliff = _export(capsys, project)
    status, out, _ = run_cli(capsys, "i18n", "import", "--project", str(project), str(xliff))
    assert status == 0 and out.strip() == f"{PO}: nothing changed"
    assert (project / PO).read_bytes() == before


def test_states_are_plain_xliff_states_and_translate_toolkit_reads_them(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    po = project / PO
    text = po.read_text("utf-8")
    text = text.replace('msgid "Contents"\nmsgstr "Sadržaj"', '#, fuzzy\nmsgid "Contents"\nmsgstr "Sadržaj"')
    text = text.replace('msgid "Total"\nmsgstr "Ukupno"', 'msgid "Total"\nmsgstr ""')
    po.write_text(text, "utf-8")
    data = _export(capsys, project).read_bytes().decode("utf-8")
    assert 'approved="yes"' not in data
    assert 'xmlns="urn:oasis:names:tc:xliff:document:1.2"' in data
    store = factory.getobject(str(project / "hr.xliff"))
    units = {u.xmlelement.get("resname"): u for u in store.units}
    assert len(store.units) == len(re.findall(r"^msgid ", text, re.M)) - 1  # every entry but the header
    state = {name: u.getlanguageNode(None, 1).get("state") for name, u in units.items()
             if not u.hasplural()}
    assert state["Contents"] == "needs-review-translation"
    assert state["Total"] == "needs-translation"
    assert state["action-plan:A1.text"] == "translated"
    assert units["action-plan:A1.text"].xmlelement.get("resname") == "action-plan:A1.text"
    assert "Text of one action of the plan." in units["action-plan:A1.text"].getnotes("developer")


def test_a_translated_unit_is_imported_and_only_it(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    before = (project / PO).read_text("utf-8")
    xliff = _export(capsys, project)
    data = xliff.read_text("utf-8")
    data = data.replace(">Sadržaj</target>", ">Kazalo</target>", 1)
    xliff.write_text(data, "utf-8")
    status, out, err = run_cli(capsys, "i18n", "import", "--project", str(project), str(xliff))
    assert status == 0, err
    assert out.strip() == f"{PO}: 1 translation(s) changed"
    after = (project / PO).read_text("utf-8")
    assert after == before.replace('msgid "Contents"\nmsgstr "Sadržaj"', 'msgid "Contents"\nmsgstr "Kazalo"')


def test_a_unit_whose_source_changed_or_whose_markup_breaks_is_refused_and_nothing_is_written(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    before = (project / PO).read_bytes()
    xliff = _export(capsys, project)
    data = xliff.read_text("utf-8")
    changed = data.replace("<source>Contents</source>", "<source>Table of contents</source>", 1)
    xliff.write_text(changed, "utf-8")
    status, _, err = run_cli(capsys, "i18n", "import", "--project", str(project), str(xliff))
    assert status == 1
    assert re.match(r"hr\.xliff: error: unit u[0-9a-f]{16} \('Contents'\): source no longer matches the catalogue "
                    r"entry", err)
    broken = re.sub(r"(<target[^>]*>)([^<]*)\*\*([^<]*)\*\*", r"\1\2\3", data, count=1)
    assert broken != data
    xliff.write_text(broken, "utf-8")
    status, _, err = run_cli(capsys, "i18n", "import", "--project", str(project), str(xliff))
    assert status == 1 and "msgstr drops the bold markup of its msgid" in err
    assert (project / PO).read_bytes() == before


def _import(capsys, project, xliff):
    return run_cli(capsys, "i18n", "import", "--project", str(project), str(xliff))


def _edited(xliff, old: str, new: str) -> None:
    data = xliff.read_text("utf-8")
    assert data.count(old) == 1, old
    xliff.write_text(data.replace(old, new), "utf-8")


def test_a_plural_form_serving_many_numbers_must_show_the_number(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    before = (project / PO).read_bytes()
    line = before.decode("utf-8").splitlines().index('msgid "DRAFT: %(num)d string is not yet translated"') + 1
    xliff = _export(capsys, project)
    _edited(xliff, ">NACRT: %(num)d tekst još nije preveden<", ">NACRT: jedan tekst još nije preveden<")
    status, _, err = _import(capsys, project, xliff)
    assert status == 1
    assert f"messages.po:{line}: error: msgstr[0] leaves out %(num)d, but this form serves 1, 21, 31, …: it must " \
           f"show the number" in err, err
    assert (project / PO).read_bytes() == before
    po = project / PO
    po.write_bytes(before.replace("NACRT: %(num)d tekst još nije preveden".encode(), "NACRT: jedan tekst".encode()))
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1 and f"messages.po:{line}: error: msgstr[0] leaves out %(num)d" in err, err


def test_a_unit_without_a_target_leaves_its_translation_alone(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    before = (project / PO).read_bytes()
    xliff = _export(capsys, project)
    _edited(xliff, '<target state="translated">Sadržaj</target>', "")
    status, out, err = _import(capsys, project, xliff)
    assert status == 0, err
    assert out.strip() == f"{PO}: nothing changed"
    assert (project / PO).read_bytes() == before


def test_counts_say_what_was_written(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    xliff = _export(capsys, project)
    _edited(xliff, '<target state="translated">Sadržaj</target>', '<target state="needs-review-translation">Sadržaj'
                                                                   '</target>')
    status, out, err = _import(capsys, project, xliff)
    assert status == 0, err
    assert out.strip() == f"{PO}: 1 translation(s) changed"
    assert '#, fuzzy\nmsgid "Contents"\nmsgstr "Sadržaj"' in (project / PO).read_text("utf-8")


@pytest.mark.parametrize("inserted,message", [
    ("\n", "the target has a line break, which its source does not have"),
    ("\r", "the target has a line break, which its source does not have"),
    ("\u2028", "the target has the line separator U+2028"),
])
def test_a_line_break_in_one_target_is_named_at_its_unit(capsys, tmp_path, inserted, message):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    before = (project / PO).read_bytes()
    xliff = _export(capsys, project)
    _edited(xliff, ">Sadržaj</target>", f">Sad{'&#13;' if inserted == chr(13) else inserted}ržaj</target>")
    status, out, err = _import(capsys, project, xliff)
    assert status == 1, out
    assert re.match(rf"hr\.xliff: error: unit u[0-9a-f]{{16}} \('Contents'\): {re.escape(message)}", err), err
    assert "malformed" not in err and (project / PO).read_bytes() == before


@pytest.mark.parametrize("name,data,message", [
    ("x2.xlf", '<?xml version="1.0"?><xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" '
               'trgLang="hr"><file id="f"/></xliff>', "not an XLIFF 1.2 file (this is XLIFF 2.0)"),
    ("page.html", "<html><body>hr</body></html>", "not an XLIFF 1.2 file (this is a <html> document)"),
    ("text.xlf", "hr\tSadržaj\n", "not an XLIFF 1.2 file"),
])
def test_a_file_that_is_not_xliff_1_2_says_so(capsys, tmp_path, name, data, message):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    path = tmp_path / name
    path.write_text(data, "utf-8")
    status, _, err = _import(capsys, project, path)
    assert status == 1
    assert re.match(rf"{re.escape(name)}(:1)?: error: {re.escape(message)}", err), err


def test_a_fifo_or_a_device_is_refused_at_once(capsys, tmp_path):
    import os

    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    fifo = tmp_path / "hr.xliff"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        status, _, err = _import(capsys, project, path)
        assert status == 1 and f"{path.name}: error: refused: not a regular file" in err


def test_export_never_overwrites_an_input_and_replaces_a_link_out_of_the_project(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    for target in (PO, "content/action-plan.yaml"):
        before = (project / target).read_bytes()
        status, _, err = run_cli(capsys, "i18n", "export", "--project", str(project), "--lang", "hr", "-o",
                                 str(project / target))
        assert status == 2 and "refused: the project's" in err and "holds its inputs" in err
        assert (project / target).read_bytes() == before
    outside = tmp_path / "outside.txt"
    outside.write_text("OUTSIDE", "utf-8")
    link = project / "build/xliff/hr.xliff"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    status, _, err = run_cli(capsys, "i18n", "export", "--project", str(project), "--lang", "hr")
    assert status == 0, err
    assert outside.read_text("utf-8") == "OUTSIDE"
    assert link.is_file() and not link.is_symlink() and "<xliff" in link.read_text("utf-8")
