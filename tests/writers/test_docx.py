"""The DOCX writer, checked by reopening its output: paragraphs and styles, TOC, fields, language, properties."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

from conftest import assert_in_order, docx_bytes_io, make_tree, source_paragraphs, word_text
from reportgen.diagnostics import ReportgenError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(path, part="word/document.xml") -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


def test_every_paragraph_of_the_source_is_in_the_docx_in_order(built):
    paragraphs = word_text(docx_bytes_io(built / "en/action-plan.docx"))
    assert_in_order(source_paragraphs(), "\n".join(text for _, text in paragraphs))


def test_headings_carry_word_heading_styles(built):
    paragraphs = word_text(docx_bytes_io(built / "en/action-plan.docx"))
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert [style for style, _ in headings].count("Heading 1") == 3
    assert [text for style, text in headings if style == "Heading 2"] == [f"Action\u00a0{n}" for n in range(1, 22)]
    assert headings[0][1].endswith("trafficking in human beings (Skopje Commitment\u00a01)")
    assert ("Title", "Advancing the Skopje Declaration: Action Plan for Sustainable Migration Governance in the "
                     "Western Balkans 2023-2025") in paragraphs


def test_priority_phrases_are_bold_runs(built):
    document = docx.Document(docx_bytes_io(built / "en/action-plan.docx"))
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "strengthening dialogue and cooperation with countries of origin" in bold
    italic = [run.text for p in document.paragraphs for run in p.runs if run.italic]
    assert "Action Plan for Sustainable Migration Governance in the Western Balkans 2023-2025" in italic


def test_table_of_contents_is_a_field_already_filled_in(built):
    xml = _xml(built / "en/action-plan.docx")
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    paragraphs = word_text(docx_bytes_io(built / "en/action-plan.docx"))
    entries = [text for style, text in paragraphs if style in ("toc 1", "toc 2")]
    assert entries[1:6] == [f"Action\u00a0{n}" for n in range(1, 6)]
    assert len([e for e in entries if e]) == 24
    assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 1
    assert 'w:anchor="_Toc_A21"' in xml and 'w:name="_Toc_A21"' in xml


def test_header_has_short_title_and_footer_has_page_fields(built):
    document = docx.Document(docx_bytes_io(built / "en/action-plan.docx"))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Action Plan 2023-2025"
    assert section.different_first_page_header_footer  # the cover has no header
    footer = section.footer._element.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert "Page" in section.footer.paragraphs[0].text


def test_language_core_properties_and_page_size(built):
    document = docx.Document(docx_bytes_io(built / "en/action-plan.docx"))
    props = document.core_properties
    assert props.title.startswith("Advancing the Skopje Declaration")
    assert props.subject == "Sustainable migration governance in the Western Balkans"
    assert props.language == "en-GB"
    assert props.author == "Western Balkans partners, with facilitation by IOM"
    styles = _xml(built / "en/action-plan.docx", "word/styles.xml")
    assert '<w:lang w:val="en-GB"/>' in styles
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_an_element_outside_the_subset_is_an_error_naming_template_and_element():
    with pytest.raises(ReportgenError) as caught:
        make_tree("<p>ok</p><blink>no</blink>", source="templates/custom.html.j2")
    assert str(caught.value) == "templates/custom.html.j2: error: <blink> is not in the HTML subset the writers support"


def test_a_class_outside_the_document_types_vocabulary_is_an_error():
    with pytest.raises(ReportgenError) as caught:
        make_tree('<p class="shout">x</p>', source="templates/custom.html.j2")
    assert str(caught.value) == (
        'templates/custom.html.j2: error: <p class="shout"> has no role: the document type\'s vocabulary does not '
        "know the class (classes of <p>: draft, edition, illustrative, organisation, symbol, title, toc-title, watermark)")


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_word_file_is_ours_not_python_docx_templates(built):
    doc_ids = set()
    for path in sorted(built.glob("*/*.docx")):
        parts = _parts(path)
        assert "docProps/thumbnail.jpeg" not in parts and b"thumbnail" not in parts["_rels/.rels"]
        app = parts["docProps/app.xml"].decode()
        assert "<Application>reportgen</Application>" in app and "Macintosh" not in app
        assert "<Pages>" not in app and "<Words>" not in app
        settings = parts["word/settings.xml"].decode()
        assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
        doc_id = re.search(r'w14:docId w14:val="([0-9A-F]{8})"', settings)
        assert doc_id, "no w14:docId"
        doc_ids.add(doc_id.group(1))
        assert "lastPrinted" not in parts["docProps/core.xml"].decode()
        document = parts["word/document.xml"].decode()
        assert 'w:fill="FFFFFF"' not in "".join(re.findall(r"<w:rPr>.*?</w:rPr>", document))  # no run shading
    assert len(doc_ids) == len(list(built.glob("*/*.docx")))  # each file an id of its own


def test_table_columns_are_sized_from_their_content(built):
    document = docx.Document(docx_bytes_io(built / "sr/progress-report-2024.docx"))
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Активност")
    widths = [c.width for c in matrix.columns]
    assert len(set(widths[1:])) == 1, "the partners' columns are equal"
    tally = document.tables[0]
    widths = [c.width for c in tally.columns]
    assert widths[0] > widths[-1], "the label column is wider than the total"
    header = tally.rows[0].cells[0]._tc.xpath("./w:tcPr/w:shd/@w:fill")
    assert header == ["E8EEF4"]


def test_symbols_take_the_ink_of_their_cell(built):
    from reportgen.charts import contrast

    document = docx.Document(docx_bytes_io(built / "en/progress-report-2024.docx"))
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Action")
    checked = 0
    for row in matrix.rows[1:]:
        for cell in row.cells[1:]:
            fill = cell._tc.xpath("./w:tcPr/w:shd/@w:fill")[0]
            run = cell.paragraphs[0].runs[0]
            ink = str(run.font.color.rgb)
            assert contrast(f"#{fill}", f"#{ink}") >= 4.5, (fill, ink)
            assert cell.paragraphs[0].alignment == 1
            checked += 1
    assert checked == 21 * 6


def test_the_legend_has_the_symbol_as_its_only_marker(built):
    document = docx.Document(docx_bytes_io(built / "en/progress-report-2024.docx"))
    legend = [p for p in document.paragraphs if p.text.startswith(("● ", "◐ "))]
    assert legend and all(p.style.name == "Normal" for p in legend)


def test_no_page_is_broken_twice(built):
    for path in sorted(built.glob("*/*.docx")):
        document = docx.Document(docx_bytes_io(path))
        body = document.element.body
        assert not body.xpath(".//w:br[@w:type='page']"), "no paragraph holding only a page break"
        assert document.styles["Heading 1"].paragraph_format.page_break_before in (None, False)


def test_a_matrix_of_many_long_names_stays_within_the_page(capsys, tmp_path):
    from conftest import make_project, run_cli

    names = ["Mecklenburg-Vorpommern", "Herzegovina-Neretva", "Nordrhein-Westfalen", "Schleswig-Holstein",
             "Baden-Württemberg", "Rheinland-Pfalz", "Sachsen-Anhalt", "Brandenburg-Berlin", "Niedersachsen-Nord"]
    partners = "partners:\n" + "".join(f"  - {{id: P{chr(65 + i)}, name: {name}}}\n" for i, name in enumerate(names))
    project = make_project(tmp_path, languages=["en"], files={"content/partners.yaml": partners})
    for path in (project / "content/progress").glob("*/??.yaml"):  # the old partners' reports go
        path.unlink()
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--doc", "progress-report-2024",
                             "--format", "docx", "-j", "1")
    assert status == 0, err
    document = docx.Document(docx_bytes_io(project / "build/en/progress-report-2024.docx"))
    section = document.sections[0]
    available = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        assert sum(column.width for column in table.columns) <= available + 12700 * len(table.columns)  # 1 pt each


SMALL = ('<header class="running">Short title</header>'
         '<section class="cover"><p class="symbol">SYM/1</p><p class="title">The title</p></section>'
         '<h1 id="one">First heading</h1><p>Body with <strong>bold</strong> and <em>italic</em> words'
         '<span class="footnote">A note.</span></p>'
         '<ul><li>an item</li></ul>'
         '<table><caption>Figures</caption><thead><tr><th>Name</th><th class="num">Count</th></tr></thead>'
         '<tbody><tr><td>Albania</td><td class="num">12</td></tr></tbody></table>')


def _small_tree():
    from reportgen.documents.frame import FRAME
    from reportgen.tree import vocabulary

    return make_tree(SMALL, vocabulary=FRAME + vocabulary({"th.num": "number", "td.num": "number"}))


def test_the_writer_sets_each_role_of_a_small_tree_in_its_word_style():
    from conftest import write_job

    data, diagnostics = write_job("docx", _small_tree())
    assert diagnostics == []
    document = docx.Document(io.BytesIO(data))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Cover Symbol", "SYM/1"), ("Title", "The title"), ("Heading 1", "First heading"),
        ("Normal", "Body with bold and italic words"), ("List Bullet", "an item"), ("Caption", "Figures")]
    heading = document.paragraphs[2]
    assert heading.paragraph_format.page_break_before  # the cover is a page of its own
    body = document.paragraphs[3]
    assert [(r.text, r.bold, r.italic) for r in body.runs if r.bold or r.italic] == [("bold", True, None),
                                                                                        ("italic", None, True)]
    assert document.sections[0].header.paragraphs[0].text == "Short title"
    table = document.tables[0]
    header, row = table.rows
    assert "<w:tblHeader/>" in header._tr.xml and header.cells[0].paragraphs[0].runs[0].bold
    assert row.cells[1].paragraphs[0].alignment == 2  # a number cell is right-aligned
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        notes = archive.read("word/footnotes.xml").decode()
    assert "A note." in notes and "w:footnoteReference" in document.element.xml


def test_a_small_tree_written_twice_gives_the_same_bytes():
    from conftest import write_job

    assert write_job("docx", _small_tree())[0] == write_job("docx", _small_tree())[0]
