"""Every Word file as a real client shows it: converted by LibreOffice (installed by `make test`), no word of any
table cell is broken inside, and the page count is within one of the PDF's."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import docx_bytes_io

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


def test_no_word_of_any_table_cell_is_broken_inside(built, converted):
    broken = []
    for path in _docx_files(built):
        document = docx.Document(docx_bytes_io(path))
        cells = Counter(word for table in document.tables for row in table.rows for cell in row.cells
                        for word in cell.text.split() if len(word) > 2)
        text = " ".join(page.extract_text() for page in PdfReader(converted / path.parent.name /
                                                                  (path.stem + ".pdf")).pages)
        shown = Counter(text.split())
        # A cell word broken across lines shows as two pieces, so the whole word is found fewer times than the
        # cells hold it (header rows repeated on each page only add to the count).
        broken += [(path.parent.name, path.stem, word) for word, count in cells.items() if shown[word] < count]
    assert broken == []


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
