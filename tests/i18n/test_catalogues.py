"""Catalogue maintenance: extract, update with Babel's semantics, status, and plain pybabel with babel.cfg."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, edit, make_project, read_only, run_cli
from reportgen.i18n.catalogues import extract


def _entries(path: Path):
    with open(path, "rb") as handle:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle) if m.id}


def test_extract_gives_every_content_string_its_context_reference_and_note(tmp_path):
    catalog = extract(ROOT)
    message = catalog.get(
        "Engage in capacity development for detection and investigation of smuggling of migrants and trafficking "
        "in human beings through rights-based, victim-centred and gender-sensitive approaches.",
        context="action-plan:A3.text")
    assert message is not None
    assert message.locations[0][0] == "content/action-plan.yaml"
    lines = (ROOT / "content/action-plan.yaml").read_text("utf-8").splitlines()
    assert "- id: A3" in lines[message.locations[0][1] - 3]
    assert message.auto_comments == ["Text of one action of the plan."]
    context = [m for m in catalog if m.context == "action-plan:C1.1.context"][0]
    assert "**leveraging risks and vulnerability analyses" in context.id
    assert "Keep the markup: **bold**, *italic*, [link text](address)." in context.auto_comments
    assert catalog.get("Action %(number)s") is not None
    assert "python-format" in catalog.get("Action %(number)s").flags
    assert catalog.get("DRAFT: %(num)d string is not yet translated").id[1] == (
        "DRAFT: %(num)d strings are not yet translated")


def test_translator_notes_fit_their_field():
    catalog = extract(ROOT)
    notes = {m.context: m.auto_comments for m in catalog if m.context}
    assert notes["progress-2024:AL.A1.evidence.title"] == ["Title of a document a partner cites as evidence."]
    assert notes["partners:XK.name"] == ["Name of a partner taking part in the plan."]  # no markup note for "*"
    assert "agreed for official documents" in notes["partners:XK.note"][0]
    assert "%(number)s is replaced by the number" in notes["action-plan:wording.commitment"][0]
    assert all("Skopje" not in note and "Action Plan" not in note for notes_ in notes.values() for note in notes_)


def test_pybabel_fails_loudly_on_content_that_does_not_validate(tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    line = edit(project, "content/action-plan.yaml", "  symbol: WB-SMG/AP/2023-2025", "  symbol: [x]")
    pybabel = Path(sys.executable).with_name("pybabel")
    done = subprocess.run([str(pybabel), "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(tmp_path / "m.pot"),
                           "."], cwd=project, capture_output=True, text=True)
    assert done.returncode != 0
    assert f"content/action-plan.yaml:{line}: error: document.symbol: expected text, got list" in done.stderr


def test_pybabel_with_babel_cfg_extracts_the_same_strings(tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "pgettext:1c,2", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        theirs = {(m.context, m.id) for m in read_po(handle) if m.id}
    ours = {(m.context, m.id) for m in extract(ROOT) if m.id}
    assert theirs == ours


def test_update_keeps_translations_marks_changes_fuzzy_and_obsoletes_removed_strings(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"])
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    before = _entries(po)
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    edit(project, "content/action-plan.yaml",
         "closing:\n  - >-\n", "closing:\n  - >-\n    A new closing sentence.\n  - >-\n")
    status, out, _ = run_cli(capsys, "i18n", "update", "--project", str(project))
    assert status == 0 and out == "updated translations/hr/LC_MESSAGES/messages.po\n"
    after = _entries(po)
    a21 = [m for k, m in after.items() if k[0] == "action-plan:A21.text"][0]
    assert a21.fuzzy and a21.id.startswith("Broker wider cooperation")
    assert a21.string == [m for k, m in before.items() if k[0] == "action-plan:A21.text"][0].string
    text = po.read_text("utf-8")
    assert re.search(r'#\| msgid .*"Broker overall cooperation for sustainable reintegration', text)
    new = after[("action-plan:closing[0]", "A new closing sentence.")]
    assert new.string == ""
    unchanged = ("action-plan:A1.text", [k[1] for k in before if k[0] == "action-plan:A1.text"][0])
    assert after[unchanged].string == before[unchanged].string and not after[unchanged].fuzzy
    status, out, _ = run_cli(capsys, "i18n", "status", "--project", str(project), "--require", "100")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "language   translated  fuzzy  untranslated  obsolete  complete"
    total = len(after)
    # Fuzzy: A21, and the old closing sentence, now closing[1] (Babel carries its translation over as fuzzy).
    assert lines[1] == f"hr         {total - 3:>10}{2:>7}{1:>14}{0:>10}{100 * (total - 3) / total:>9.1f}%"
    assert lines[2] == "below 100% complete: hr"
    status, out, _ = run_cli(capsys, "i18n", "update", "--project", str(project))
    assert out == "catalogues already up to date\n"


def test_removed_strings_become_obsolete(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    edit(project, "templates/action-plan.html.j2", '{{ _("Accepted: %(date)s", date=format_date(info.accepted)) }}', "")
    run_cli(capsys, "i18n", "update", "--project", str(project))
    text = (project / "translations/sq/LC_MESSAGES/messages.po").read_text("utf-8")
    assert '#~ msgid "Accepted: %(date)s"\n#~ msgstr "Miratuar: %(date)s"' in text
    status, out, _ = run_cli(capsys, "i18n", "status", "--project", str(project))
    assert status == 0 and out.splitlines()[1].split()[4] == "1"


def test_shipped_catalogues_are_complete(capsys):
    status, out, _ = run_cli(capsys, "i18n", "status", "--project", str(ROOT), "--require", "100")
    assert status == 0, out
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["sq", "bs", "hr", "cnr", "mk", "sr", "sr-Latn"]


def test_catalogue_headers_say_the_translation_awaits_review():
    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po")):
        head = po.read_text("utf-8").split("msgid", 1)[0]
        assert "awaits review by the secretariat's translators" in head, po


def test_update_refuses_to_run_on_invalid_content_and_keeps_the_catalogues(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"])
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    before = po.read_bytes()
    line = edit(project, "content/action-plan.yaml", "            number: 1\n", "            number: one\n")
    status, _, err = run_cli(capsys, "i18n", "update", "--project", str(project))
    assert status == 1
    assert err.splitlines()[0] == ("content/action-plan.yaml:" f"{line}: error: "
                                   "commitments[0].priority_areas[0].actions[0].number: expected number, got text")
    assert po.read_bytes() == before


def test_every_template_string_with_a_placeholder_or_a_short_label_has_a_note():
    catalog = extract(ROOT)
    lacking = [m.id for m in catalog if m.id and m.context is None and not m.auto_comments and (
        "%" in (m.id if isinstance(m.id, str) else m.id[0]) or len(m.id.split()) <= 3)
        and m.id not in ("Contents", "Executive summary", "Status matrix", "All commitments", "Progress by commitment",
                         "Progress by partner")]  # headings that say what they are
    assert lacking == []


def test_po_revision_date_is_set_when_a_catalogue_changes(capsys, tmp_path, monkeypatch):
    for path in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        assert "YEAR-MO-DA" not in path.read_text("utf-8"), path
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28 20:26 UTC
    assert run_cli(capsys, "i18n", "update", "--project", str(project))[0] == 0
    text = (project / "translations/hr/LC_MESSAGES/messages.po").read_text("utf-8")
    assert '"PO-Revision-Date: 2026-05-28 20:26+0000\\n"' in text


def test_a_template_syntax_error_stops_extraction_with_its_location(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    line = edit(project, "templates/action-plan.html.j2", "{% for c in plan.commitments %}\n<li",
                "{% for c in plan.commitments %}{{ _( }}\n<li")
    status, _, err = run_cli(capsys, "i18n", "extract", "--project", str(project))
    assert status == 1
    assert err.splitlines()[0].startswith(f"templates/action-plan.html.j2:{line}: error: template syntax error")


def test_changes_since_a_release_lists_exactly_what_changed(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"])
    status, out, _ = run_cli(capsys, "i18n", "release", "--project", str(project), "2024-10")
    # 'i18n release' records an edition, whose source strings --since reads
    assert status == 0 and out.startswith("recorded edition 2024-10 (final, ") and (
        project / "editions/2024-10/messages.pot").is_file() and not (project / "translations/releases").exists()
    assert run_cli(capsys, "i18n", "release", "--project", str(project), "2024-10")[0] == 2  # recorded once
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    plan = project / "content/action-plan.yaml"
    plan.write_text(plan.read_text("utf-8").rstrip("\n") + "\n  - A new closing sentence.\n", "utf-8")
    edit(project, "content/partners.yaml", "  - id: RS\n    name: Serbia\n    language: sr\n", "")
    for report in ("2023", "2024"):  # Serbia's reports go with it
        (project / f"content/progress/{report}/RS.yaml").unlink()
    assert run_cli(capsys, "i18n", "update", "--project", str(project))[0] == 0
    status, out, err = run_cli(capsys, "i18n", "changes", "--project", str(project), "--since", "2024-10")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("since release 2024-10: 1 changed, 1 added, ")
    assert "  changed action-plan:A21.text [fuzzy]:" in lines
    assert "    Broker [-overall-] {+wider+} cooperation for sustainable reintegration support to people in " \
           "situations of vulnerability." in lines
    assert "  added action-plan:closing[1] [untranslated]: A new closing sentence." in lines
    assert "  removed partners:RS.name: Serbia" in lines
    changed = [line for line in lines if line.startswith("  changed ")]
    assert len(changed) == 1


def _poedit_style(project: Path) -> bytes:
    """Rewrite the hr catalogue as Poedit saves one: wrapped at 79, CRLF, a BOM, a fuzzy entry whose previous
    string (with its msgctxt) runs over several lines, and an obsolete entry; return its bytes."""
    import io

    from babel.messages.pofile import write_po

    po = project / "translations/hr/LC_MESSAGES/messages.po"
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_po(out, catalog, width=79)
    text = out.getvalue().decode("utf-8")
    text = text.replace('msgctxt "action-plan:A20.text"\n',
                        '#, fuzzy\n#| msgctxt "action-plan:A20.text"\n#| msgid ""\n#| "An earlier wording of this '
                        'action, long enough to run over "\n#| "two lines."\nmsgctxt "action-plan:A20.text"\n', 1)
    text = text.rstrip("\n") + ('\n\n#~ msgctxt "action-plan:A99.text"\n#~ msgid "A removed action."\n'
                                 '#~ msgstr "Uklonjena aktivnost."\n')
    data = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    po.write_bytes(data)
    return data


def test_a_poedit_style_catalogue_survives_update_with_only_the_intended_changes(capsys, tmp_path):

    project = make_project(tmp_path, languages=["en", "hr"])
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    before = _poedit_style(project)
    status, out, _ = run_cli(capsys, "i18n", "update", "--project", str(project))
    assert status == 0 and out == "catalogues already up to date\n"
    assert po.read_bytes() == before
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    assert run_cli(capsys, "i18n", "update", "--project", str(project))[0] == 0
    after = po.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")
    def blocks(data: bytes) -> set[str]:
        return set(data.decode("utf-8").lstrip("\ufeff").split("\r\n\r\n"))

    def without_references(block: str) -> str:
        return "\r\n".join(line for line in block.split("\r\n") if not line.startswith("#:"))

    changed = blocks(after) - blocks(before)
    unchanged_content = {without_references(b) for b in blocks(before)}
    intended = [b for b in changed if 'msgctxt "action-plan:A21.text"' in b or 'msgid ""\r\nmsgstr ""' in b]
    moved = [b for b in changed if without_references(b) in unchanged_content]  # new line numbers only
    assert any("action-plan:A21.text" in b for b in intended)  # the header too, unless in the same minute
    assert set(changed) == set(intended) | set(moved), set(changed) - set(intended)
    text = after.decode("utf-8")
    assert '#| msgctxt "action-plan:A20.text"\r\n#| msgid ""\r\n#| "An earlier wording' in text
    assert '#~ msgid "A removed action."' in text
    assert '#| msgid "Broker overall cooperation' in text.replace('"\r\n#| "', "")


def test_catalogue_commands_never_write_through_a_link_or_into_a_fifo(capsys, tmp_path):
    import os

    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    victim = tmp_path / "victim.txt"
    victim.write_text("VICTIM", "utf-8")
    pot = project / "translations/messages.pot"
    pot.unlink(missing_ok=True)
    pot.symlink_to(victim)
    status, _, err = run_cli(capsys, "i18n", "extract", "--project", str(project))
    assert status == 0, err  # the link is replaced by the file, never written through
    assert victim.read_text("utf-8") == "VICTIM" and pot.is_file() and not pot.is_symlink()
    pot.unlink()
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    po.unlink()
    os.mkfifo(po)
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1 and "translations/hr/LC_MESSAGES/messages.po: error: refused: not a regular file" in err
    status, _, err = run_cli(capsys, "i18n", "update", "--project", str(project))
    assert status == 1 and "refused: not a regular file" in err


def _translations(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "translations").rglob("*")
            if p.is_file()}


def test_a_read_only_catalogue_folder_is_an_error_and_nothing_is_written(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr", "sq"], progress=False)
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    before = _translations(project)
    with read_only(project / "translations/sq/LC_MESSAGES"):
        status, out, err = run_cli(capsys, "i18n", "update", "--project", str(project))
    assert status == 1, out
    assert err.splitlines() == ["translations/sq/LC_MESSAGES/messages.po: error: cannot write: Permission denied"
                                if os.geteuid() else
                                "translations/sq/LC_MESSAGES/messages.po: error: cannot write: Operation not permitted",
                                "reportgen: 1 error(s); nothing was written"]
    assert _translations(project) == before
    (project / "editions").mkdir()
    with read_only(project / "editions"):
        status, _, err = run_cli(capsys, "i18n", "release", "--project", str(project), "2026-01")
    assert status == 1 and "Traceback" not in err and "editions/2026-01/" in err, err
    assert _translations(project) == before and not (project / "editions/2026-01").exists()


def test_update_checks_every_catalogue_before_writing_any(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq", "bs", "hr"], progress=False)
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    po.write_text(po.read_text("utf-8") + '\nmsgid "Contents"\nmsgstr "Sadržaj"\n', "utf-8")
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    before = _translations(project)
    status, _, err = run_cli(capsys, "i18n", "update", "--project", str(project))
    assert status == 1
    assert re.search(r"translations/hr/LC_MESSAGES/messages\.po:\d+: error: .*duplicate", err), err
    assert err.splitlines()[-1] == "reportgen: 1 error(s); nothing was written"
    assert _translations(project) == before


@pytest.mark.parametrize("command", ["i18n changes", "review"])
@pytest.mark.parametrize("tag,message", [
    ("../../../x", "the release tag '../../../x' has '/' (a tag is a name, not a path)"),
    ("a" * 65, "has 65 characters; at most 64 are allowed"),
    (".hidden", "the release tag '.hidden' starts with '.'; start it with a letter or a digit"),
    ("", "the release tag is empty"),
])
def test_release_tags_are_names_not_paths(capsys, tmp_path, command, tag, message):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    outside = tmp_path / "x.pot"
    outside.write_text('msgid "SECRET OUTSIDE"\nmsgstr ""\n', "utf-8")
    extra = ["--lang", "hr"] if command == "review" else []
    status, out, err = run_cli(capsys, *command.split(), "--project", str(project), "--since", tag, *extra)
    assert status == 2 and message in err, err
    assert "SECRET" not in out + err and not (project / "build/review").exists()


def _release_files(project: Path) -> Path:
    """Return translations/releases/ with release 2024-10 as older versions of reportgen recorded it (the
    template of the source strings, under its tag), which --since still reads."""
    assert run_cli_quiet(project, "i18n", "extract") == 0
    releases = project / "translations/releases"
    releases.mkdir()
    (releases / "2024-10.pot").write_bytes((project / "translations/messages.pot").read_bytes())
    return releases


def run_cli_quiet(project: Path, *args: str) -> int:
    import contextlib
    import io

    from reportgen.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main([*args[:2], "--project", str(project), *args[2:]] if args[0] == "i18n" else list(args))


@pytest.mark.parametrize("case,expected", [
    ("outside link", "translations/releases/r.pot: error: refused: the file is a link to a place outside the "
                     "project"),
    ("dangling link", "translations/releases/r.pot: error: "),
    ("utf-16", "translations/releases/r.pot: error: the file is UTF-16 text: save it as UTF-8"),
    ("latin-2", "translations/releases/r.pot:5: error: not UTF-8 text (byte 0xE8); it looks like Latin-2"),
    ("malformed", "translations/releases/r.pot:4: error: malformed PO file: unknown keyword 'msgxx'"),
    ("folder", "translations/releases/r.pot: error: a folder, not a recorded release"),
])
def test_a_damaged_release_is_a_located_error(capsys, tmp_path, case, expected):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    releases = _release_files(project)
    target = releases / "r.pot"
    outside = tmp_path / "outside.pot"
    outside.write_text('msgid "SECRET OUTSIDE"\nmsgstr ""\n', "utf-8")
    good = (releases / "2024-10.pot").read_text("utf-8")
    if case == "outside link":
        target.symlink_to(outside)
    elif case == "dangling link":
        target.symlink_to(releases / "gone.pot")
    elif case == "utf-16":
        target.write_bytes(good.encode("utf-16"))
    elif case == "latin-2":
        target.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "\xe8a"\n'
                           b'msgstr ""\n')
    elif case == "malformed":
        target.write_text('msgid ""\nmsgstr ""\n\nmsgxx "a"\n', "utf-8")
    else:
        target.mkdir()
    for command in (["i18n", "changes", "--since", "r"], ["review", "--lang", "hr", "--since", "r"]):
        status, out, err = run_cli(capsys, command[0], *command[1:2], "--project", str(project), *command[2:]) \
            if command[0] == "i18n" else run_cli(capsys, *command, "--project", str(project))
        assert status == 1, out
        assert err.startswith(expected), err
        assert "Traceback" not in err and "SECRET" not in out + err and "WARNING" not in err
    status, out, err = run_cli(capsys, "i18n", "changes", "--project", str(project), "--since", "2024-10")
    assert status == 0 and out.startswith("since release 2024-10: 0 changed, 0 added, 0 removed"), err


def test_require_takes_a_percentage(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    for value in ("nan", "101", "-1", "inf", "half"):
        with pytest.raises(SystemExit) as stopped:
            run_cli(capsys, "i18n", "status", "--project", str(project), "--require", value)
        err = capsys.readouterr().err
        assert stopped.value.code == 2 and f"'{value}' is not a percentage (a number from 0 to 100)" in err
    assert run_cli(capsys, "i18n", "status", "--project", str(project), "--require", "100")[0] == 0


def test_the_template_catalogue_is_dated_by_source_date_epoch(capsys, tmp_path, monkeypatch):
    """The same inputs give the same bytes: messages.pot's creation date is SOURCE_DATE_EPOCH's, not the clock's
    (an update that ran across a minute's end wrote another file)."""
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28 20:26 UTC
    assert run_cli(capsys, "i18n", "extract", "--project", str(project))[0] == 0
    assert '"POT-Creation-Date: 2026-05-28 20:26+0000\\n"' in (project / "translations/messages.pot").read_text("utf-8")
