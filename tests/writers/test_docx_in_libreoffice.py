"""Every Word file as a real client shows it: converted by LibreOffice (installed by `make test`), no unit of any
table cell split across lines (read back with pdftotext's word positions), and the page count within one of the
PDF's."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (make test installs "
                                                        "libreoffice-writer-nogui where it can)")


@pytest.fixture(scope="module")
def converted(built, tmp_path_factory) -> Path:
    """Return a folder holding every DOCX of the shipped build converted to PDF by LibreOffice, per language."""
    out = tmp_path_factory.mktemp("libreoffice")
    for folder in sorted({p.parent for p in built.glob("*/*.docx")}):  # soffice given no file would wait forever
        # A profile of its own per run: LibreOffice keeps a file's embedded fonts for the rest of its process.
        profile = (out / f".profile-{folder.name}").as_uri()
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out / folder.name), *map(str, sorted(folder.glob("*.docx")))],
                       check=True, capture_output=True, timeout=600)
    return out


def _docx_files(built: Path) -> list[Path]:
    return sorted(built.glob("*/*.docx"))


def test_every_word_file_converts_and_paginates_within_one_page_of_the_pdf(built, converted):
    counts = []
    for path in _docx_files(built):
        word = len(PdfReader(converted / path.parent.name / (path.stem + ".pdf")).pages)
        pdf = len(PdfReader(path.with_suffix(".pdf")).pages)
        counts.append((path.parent.name, path.stem, pdf, word))
    assert len(counts) == 24
    assert [c for c in counts if abs(c[2] - c[3]) > 1] == []


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PDFTOTEXT = shutil.which("pdftotext")


def _paragraphs(path: Path) -> tuple[list[str], list[str]]:
    """Return the text of every paragraph of a Word file, and of those in table cells."""
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    every, cells = [], []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        every.append(text)
        if any(ancestor.tag == f"{W}tc" for ancestor in p.iterancestors()):
            cells.append(text)
    return every, cells


def _lines(pdf: Path) -> list[str]:
    """Return the text of every line LibreOffice laid out, word by word as pdftotext places them."""
    from lxml import etree

    out = subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return [" ".join(w.text or "" for w in line.iter(f"{XHTML}word")) for line in etree.fromstring(out).iter(f"{XHTML}line")]


def test_no_unit_of_any_table_cell_is_split_across_lines(built, converted):
    """Cell by cell: each unit a cell holds — a word, or a label joined to its number by a no-break space
    ("Активност 10") — stands whole on one line of LibreOffice's layout as often as the document holds it (a unit
    split across two lines is missing from the count; header rows repeated on each page only add to it)."""
    if PDFTOTEXT is None:
        from conftest import missing_tool

        missing_tool("pdftotext is not installed (make test installs poppler-utils where it can)")
    split = []
    for path in _docx_files(built):
        every, cells = _paragraphs(path)
        # a line may break at a space, or after a hyphen between letters (Mecklenburg-|Vorpommern)
        units = {u for cell in cells for word in re.split(r"[ \t\n]+", cell.strip())
                 for u in re.split(r"(?<=[^\W\d_]-)(?=[^\W\d_])", word) if len(u) > 2}
        lines = [line.replace("\u00a0", " ") for line in _lines(converted / path.parent.name / (path.stem + ".pdf"))]
        for unit in sorted(units):
            wanted = sum(text.count(unit) for text in every)
            found = sum(line.count(unit.replace("\u00a0", " ")) for line in lines)
            if found < wanted:
                split.append((path.parent.name, path.stem, unit, wanted, found))
    assert split == []


def test_the_fonts_are_embedded_and_used(built, converted):
    import zipfile

    for path in _docx_files(built):
        with zipfile.ZipFile(path) as archive:
            fonts = [n for n in archive.namelist() if n.startswith("word/fonts/")]
            table = archive.read("word/fontTable.xml").decode()
        assert fonts and "w:embedRegular" in table and 'w:name="Noto Serif"' in table
    reader = PdfReader(converted / "sr" / "progress-report-2024.pdf")
    names = {font["/BaseFont"].split("+")[-1] for page in reader.pages[:4]
             for font in (page["/Resources"].get("/Font") or {}).values()}
    assert {"NotoSerif-Regular", "NotoSans-Bold"} <= {n for n in names}
