"""XLIFF 1.2 for CAT tools: PO → XLIFF → PO changes nothing, a translated unit comes back, a unit whose source
changed is refused, and translate-toolkit reads our file with the same units and states."""

from __future__ import annotations

import re

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
