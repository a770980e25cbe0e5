"""The PDF writer, checked on real output: text, outline, fonts, metadata, and the locked-down fetcher."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import assert_in_order, make_tree, pdf_text, source_paragraphs, write_job
from reportgen.diagnostics import ReportgenError


def test_every_paragraph_of_the_source_is_in_the_pdf_in_order(built):
    assert_in_order(source_paragraphs(), pdf_text(built / "en/action-plan.pdf"))


def test_pdf_has_an_outline_of_commitments_and_actions(built):
    reader = PdfReader(built / "en/action-plan.pdf")
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    assert [t.title for t in top] == [
        "Actions proposed to strengthen cooperation to address smuggling of migrants and trafficking in human "
        "beings (Skopje Commitment\u00a01)",
        "Actions proposed to increase access to regular pathways to harness the potential of migration "
        "(Skopje Commitment\u00a02)",
        "Actions proposed to support progress towards a holistic return management approach (Skopje Commitment\u00a03)"]
    children = [item for item in outline if isinstance(item, list)]
    assert [[c.title for c in group] for group in children] == [
        [f"Action\u00a0{n}" for n in range(1, 6)], [f"Action\u00a0{n}" for n in range(6, 15)],
        [f"Action\u00a0{n}" for n in range(15, 22)]]


def test_pdf_metadata_and_language(built):
    reader = PdfReader(built / "en/action-plan.pdf")
    info = reader.metadata
    assert info.title.startswith("Advancing the Skopje Declaration: Action Plan")
    assert info.subject == "Sustainable migration governance in the Western Balkans"
    assert info.author == "Western Balkans partners, with facilitation by IOM"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4


def _fonts(reader: PdfReader) -> dict[str, bool]:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_every_font_is_embedded_and_comes_from_the_repository(built):
    fonts = _fonts(PdfReader(built / "en/action-plan.pdf"))
    assert fonts and all(fonts.values()), fonts
    assert {re.sub(r"^/[A-Z]{6}\+", "", name) for name in fonts} <= {
        "RG-Serif", "RG-Serif-Bold", "RG-Serif-Italic", "RG-Serif-BoldItalic", "RG-Sans", "RG-Sans-Bold"}


def test_contents_page_lists_real_page_numbers(built):
    reader = PdfReader(built / "en/action-plan.pdf")
    contents = reader.pages[1].extract_text()
    numbers = {}
    for number in (1, 15, 21):
        match = re.search(rf"Action\s{number}\W*?(\d+)\s*$", contents, re.MULTILINE)
        assert match, contents
        numbers[number] = int(match.group(1))
    for number, page in numbers.items():
        assert f"Action\u00a0{number}" in reader.pages[page - 1].extract_text()


def test_running_header_and_page_footer(built):
    reader = PdfReader(built / "en/action-plan.pdf")
    total = len(reader.pages)
    assert "Action Plan 2023-2025" not in reader.pages[0].extract_text().split("\n")[0]  # no header on the cover
    for index in range(1, total):
        text = reader.pages[index].extract_text()
        assert "Action Plan 2023-2025" in text
        assert f"Page {index + 1} of {total}" in text


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://example.org/logo.png", "../../../etc/hostname"])
def test_resources_outside_the_templates_folder_fail_the_build(url):
    tree = make_tree(f'<figure><img src="{url}" alt="x"></figure>')
    with pytest.raises(ReportgenError) as caught:
        write_job("pdf", tree)
    message = str(caught.value)
    assert message.startswith("templates/test.html.j2: error: refused resource '")
    assert "only files of the theme (the project's templates/ or the default theme) may be used" in message


def test_a_style_element_cannot_reach_the_pdf():
    with pytest.raises(ReportgenError) as caught:
        make_tree('<p>x</p><style>@import url("file:///etc/ssl/openssl.cnf");</style>')
    assert str(caught.value) == "templates/test.html.j2: error: <style> is not in the HTML subset the writers support"


def _content(body: str, lang: str) -> bytes:
    from io import BytesIO

    data, warnings = write_job("pdf", make_tree(body, lang))
    assert not warnings
    return PdfReader(BytesIO(data)).pages[0].get_contents().get_data()


@pytest.mark.parametrize("lang", ["sr", "mk"])
def test_serbian_and_macedonian_cyrillic_get_their_localised_letter_forms(lang):
    # The same italic word in the same font draws other glyphs when the passage is Serbian or Macedonian:
    # the font's locl feature, which Pango applies from the lang attribute.
    word = "<p><em>бгдпт</em></p>"
    russian = _content(word, "ru")
    local = _content(word, lang)
    assert local != russian
    assert _content(word, "uk") == russian  # Ukrainian has no such forms
