"""What the documents say of their edition (content/project.yaml, ``edition:``): the symbol's suffix, the cover's
distribution, date and original language in each language, the file properties (each field of the edition its own
property in the PDF's information and a release's XMP, the Word file's custom properties and the HTML head), and a
draft's watermark on every page of the PDF, in the Word file's headers as LibreOffice reads them, and in the HTML
edition."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import check_fails, libreoffice_convert, make_project, run_cli

SETTINGS = "languages: [en, sr, mk]\n"


def _built(capsys, tmp_path: Path, edition: str, formats=("pdf", "docx", "html")) -> Path:
    project = make_project(tmp_path, {"content/project.yaml": SETTINGS + edition}, languages=["en", "sr", "mk"],
                           progress=False)
    args = ["build", "--project", str(project), "--doc", "action-plan"] + [a for f in formats for a in ("--format", f)]
    status, _, err = run_cli(capsys, *args)
    assert status == 0, err
    return project / "build"


def _text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return " ".join(subprocess.run(args, capture_output=True, text=True, check=True).stdout.split())


def test_a_revision_carries_its_suffix_date_distribution_and_original(capsys, tmp_path):
    build = _built(capsys, tmp_path, "edition:\n  status: revision\n  number: 1\n  date: 2024-10-15\n"
                                     "  distribution: general\n")
    cover = _text(build / "en/action-plan.pdf", 1)
    assert "WB-SMG/AP/2023-2025/Rev.1" in cover
    assert "Distribution: general Date: 15 October 2024 Original: English" in cover
    sr = _text(build / "sr/action-plan.pdf", 1)
    assert "WB-SMG/AP/2023-2025/Rev.1" in sr and "Дистрибуција: општа" in sr and "Оригинал: енглески" in sr
    mk = _text(build / "mk/action-plan.pdf", 1)
    assert "Дистрибуција: општа" in mk and "Оригинал: англиски" in mk
    assert PdfReader(build / "en/action-plan.pdf").metadata["/Keywords"] == "WB-SMG/AP/2023-2025/Rev.1"
    word = docx.Document(build / "en/action-plan.docx")
    assert word.core_properties.keywords == "WB-SMG/AP/2023-2025/Rev.1"
    assert "WB-SMG/AP/2023-2025/Rev.1" in [p.text for p in word.paragraphs]
    page = lxml_html.fromstring((build / "en/action-plan.html").read_bytes())
    assert "Distribution: general" in page.text_content()
    # the edition's fields, each its own property in every format's metadata
    fields = {"status": "revision", "number": "1", "date": "2024-10-15", "distribution": "general", "original": "en"}
    info = PdfReader(build / "sr/action-plan.pdf").metadata
    assert {name: info.get(f"/Edition{name.capitalize()}") for name in fields} == fields
    with zipfile.ZipFile(build / "mk/action-plan.docx") as package:
        custom = lxml_html.fromstring(package.read("docProps/custom.xml"))
    assert {e.get("name"): e.text_content() for e in custom.iter("property")
            if e.get("name").startswith("reportgen.edition.")} == {f"reportgen.edition.{k}": v for k, v in fields.items()}
    assert {m.get("name"): m.get("content") for m in page.iter("meta") if (m.get("name") or "").startswith(
        "reportgen.edition.")} == {f"reportgen.edition.{k}": v for k, v in fields.items()}
    assert not list(build.glob("*/action-plan.pdf")) or "DRAFT" not in _text(build / "en/action-plan.pdf")


def test_a_release_carries_the_edition_in_its_xmp_and_stays_pdfa_and_pdfua(capsys, tmp_path):
    from writers.test_pdf_archival import _validator

    page = _validator("page")
    project = make_project(tmp_path, {"content/project.yaml": SETTINGS + "edition:\n  status: revision\n  number: 2\n"
                                      "  date: 2025-01-31\n  distribution: limited\n"}, languages=["en", "sr", "mk"],
                           progress=False)
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--doc", "action-plan", "--lang", "mk",
                             "--format", "pdf", "--release")
    assert status == 0, err
    path = project / "build/mk/action-plan.pdf"
    xmp = PdfReader(path).xmp_metadata
    described = xmp.rdf_root.getElementsByTagName("rdf:Description")
    edition = {k.split(":", 1)[1]: v for d in described for k, v in d.attributes.items() if k.startswith("reportgen:")}
    assert edition == {"status": "revision", "number": "2", "date": "2025-01-31", "distribution": "limited",
                       "original": "en"}
    for profile in (page.ValidationProfile.PDF_A_3A, page.ValidationProfile.PDF_UA_1):
        report = page.validate_pdf(str(path), profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [] and report.rules.total > 50


def test_a_corrigendum_has_its_suffix(capsys, tmp_path):
    build = _built(capsys, tmp_path, "edition:\n  status: corrigendum\n  number: 2\n", formats=("pdf",))
    assert "WB-SMG/AP/2023-2025/Corr.2" in _text(build / "en/action-plan.pdf", 1)


def test_a_revision_without_its_number_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, {"content/project.yaml": SETTINGS + "edition:\n  status: revision\n"},
                           languages=["en", "sr", "mk"], progress=False)
    assert check_fails(capsys, project)[:-1] == [
        "content/project.yaml:3: error: edition.number: a revision needs its number (number: 1 for the first)"]


def test_a_draft_is_watermarked_on_every_page_in_every_format(capsys, tmp_path):
    build = _built(capsys, tmp_path, "edition:\n  status: draft\n")
    pdf = build / "sr/action-plan.pdf"
    pages = len(PdfReader(pdf).pages)
    assert pages > 3
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        assert "НАЦРТ" in "".join(page.extract_text().split()), number  # the turned word, on every page
    with zipfile.ZipFile(build / "en/action-plan.docx") as package:
        headers = [package.read(n).decode() for n in package.namelist() if re.fullmatch(r"word/header\d+\.xml", n)]
    assert sum('string="DRAFT"' in h for h in headers) == 2  # the pages' header and the cover's
    odt_file = libreoffice_convert(build / "en/action-plan.docx", tmp_path / "odt", "odt")
    with zipfile.ZipFile(odt_file) as odt:
        styles = odt.read("styles.xml").decode()
    shapes = re.findall(r"<draw:custom-shape .*?</draw:custom-shape>", styles)
    assert shapes and all("fontwork-plain-text" in s and ">DRAFT<" in s for s in shapes)
    page = lxml_html.fromstring((build / "en/action-plan.html").read_bytes())
    marks = page.xpath("//div[@class='watermark']")
    assert [m.get("data-text") for m in marks] == ["DRAFT"] and marks[0].get("aria-hidden") == "true"
    assert "DRAFT" in [e.text_content() for e in page.xpath("//p[@class='visually-hidden']")]
