"""The reference document is refused whenever it points outside itself, however the XML is written, and its own
parts never clash with the ones the writer adds."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import DEFAULT_THEME, docx_bytes_io, make_project, run_cli, write_files

RELS = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/{kind}" Target="{target}" {mode}/></Relationships>')
WAYS = {
    "single quotes": "TargetMode='External'",
    "spaces around =": 'TargetMode = "External"',
    "lower case": 'TargetMode="external"',
}


def _reference_with(parts: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(DEFAULT_THEME / "reference.docx") as source:
        entries = {name: source.read(name) for name in source.namelist()}
    entries.update(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("way", WAYS)
def test_an_external_template_is_refused_however_it_is_quoted(capsys, tmp_path, way):
    rels = RELS.format(kind="attachedTemplate", target="http://evil.example.com/x.dotx", mode=WAYS[way])
    project = make_project(tmp_path, languages=["en"], progress=False, files={
        "templates/reference.docx": _reference_with({"word/_rels/settings.xml.rels": rels.encode()})})
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "docx")
    assert status == 1
    assert err.splitlines()[0] == ("templates/reference.docx: error: reference document points to an external "
                                   "resource (word/_rels/settings.xml.rels: http://evil.example.com/x.dotx); remote "
                                   "templates and images are not allowed")


def test_an_external_header_image_is_refused(capsys, tmp_path):
    rels = RELS.format(kind="image", target="https://tracker.example.com/pixel.png", mode='TargetMode="External"')
    project = make_project(tmp_path, languages=["en"], progress=False, files={
        "templates/reference.docx": _reference_with({"word/_rels/header1.xml.rels": rels.encode()})})
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1 and "word/_rels/header1.xml.rels: https://tracker.example.com/pixel.png" in err


def test_a_reference_document_with_footnotes_of_its_own_gives_one_footnotes_part(capsys, tmp_path):
    import docx

    with zipfile.ZipFile(DEFAULT_THEME / "reference.docx") as source:
        types = source.read("[Content_Types].xml").decode()
        rels = source.read("word/_rels/document.xml.rels").decode()
    footnotes = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote '
                 'w:id="1"><w:p><w:r><w:t>Old note from the reference</w:t></w:r></w:p></w:footnote></w:footnotes>')
    types = types.replace("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
                                      'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                            'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                            "</Relationships>")
    project = make_project(tmp_path, languages=["en"], files={"templates/reference.docx": _reference_with({
        "word/footnotes.xml": footnotes.encode(), "[Content_Types].xml": types.encode(),
        "word/_rels/document.xml.rels": rels.encode()})})
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--doc", "progress-report-2024",
                             "--format", "docx", "-j", "1")
    assert status == 0, err
    path = project / "build/en/progress-report-2024.docx"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        notes = archive.read("word/footnotes.xml").decode()
        out_types = archive.read("[Content_Types].xml").decode()
        out_rels = archive.read("word/_rels/document.xml.rels").decode()
    assert names.count("word/footnotes.xml") == 1
    assert out_types.count("footnotes+xml") == 1 and out_rels.count("relationships/footnotes") == 1
    assert "Old note from the reference" not in notes and "UNSCR 1244/1999" in notes
    docx.Document(docx_bytes_io(path))  # opens


def test_a_damaged_relationship_part_is_refused(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    write_files(project, {"templates/reference.docx": _reference_with({"word/_rels/settings.xml.rels": b"<not xml"})})
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1 and "damaged relationship part (word/_rels/settings.xml.rels)" in err


def test_a_reference_documents_custom_properties_and_protection_stay_out_of_the_outputs(capsys, tmp_path):
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
              'openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
              'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
              'name="Secret"><vt:lpwstr>SECRET-CUSTOM</vt:lpwstr></property></Properties>')
    with zipfile.ZipFile(DEFAULT_THEME / "reference.docx") as source:
        rels = source.read("_rels/.rels").decode()
        types = source.read("[Content_Types].xml").decode()
        settings = source.read("word/settings.xml").decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rId77" Type="http://schemas.openxmlformats.org/'
                                            'officeDocument/2006/relationships/custom-properties" '
                                            'Target="docProps/custom.xml"/></Relationships>')
    types = types.replace("</Types>", '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.'
                                      'openxmlformats-officedocument.custom-properties+xml"/></Types>')
    settings = settings.replace("<w:defaultTabStop", '<w:documentProtection w:edit="readOnly" w:enforcement="1"/>'
                                                     "<w:defaultTabStop", 1)
    project = make_project(tmp_path, languages=["en"], progress=False, files={"templates/reference.docx": _reference_with({
        "docProps/custom.xml": custom.encode(), "_rels/.rels": rels.encode(), "[Content_Types].xml": types.encode(),
        "word/settings.xml": settings.encode()})})
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "docx", "-j", "1")
    assert status == 0, err
    with zipfile.ZipFile(project / "build/en/action-plan.docx") as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist() if not name.endswith(".odttf"))
    assert b"SECRET-CUSTOM" not in everything and b"documentProtection" not in everything
