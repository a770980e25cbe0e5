"""The HTML edition, read back as a browser's parser would (lxml): the full text in order, the progress report's
figures, the edition's parts (skip link, switcher, downloads, notes, captions, scopes), its links, and its assets."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from conftest import ROOT, assert_in_order, edit, make_project, run_cli, source_paragraphs
from reportgen.i18n.locales import LANGUAGES


def page(path: Path):
    return lxml_html.document_fromstring(path.read_text("utf-8"))


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def test_every_paragraph_of_the_source_is_in_the_html_edition_in_order(built):
    main = page(built / "en/action-plan.html").find(".//main")
    assert_in_order(source_paragraphs(), text_of(main))


def _statuses() -> tuple[dict, list[str], list[str]]:
    """Return the 2024 round's statuses by (action, partner) from the content itself, the partners, the actions."""
    reports = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((ROOT / "content/progress/2024").glob("??.yaml"))]
    partners = [p["id"] for p in yaml.safe_load((ROOT / "content/partners.yaml").read_text("utf-8"))["partners"]]
    plan = yaml.safe_load((ROOT / "content/action-plan.yaml").read_text("utf-8"))
    actions = [a["id"] for c in plan["commitments"] for area in c["priority_areas"] for a in area["actions"]]
    statuses = {(a["action"], r["partner"]): a["status"] for r in reports for a in r["actions"]}
    return statuses, partners, actions


def test_the_progress_reports_matrix_and_summary_match_the_data(built):
    statuses, partners, actions = _statuses()
    scale = yaml.safe_load((ROOT / "src/reportgen/theme/default/statuses.yaml").read_text("utf-8"))["statuses"]
    labels = {s["id"]: s["label"] for s in scale}
    document = page(built / "en/progress-report-2024.html")
    matrix = document.xpath("//table[contains(@class, 'matrix')]")[0]
    rows = matrix.xpath("./tbody/tr")
    assert len(rows) == len(actions)
    for action, row in zip(actions, rows):
        cells = row.findall("td")
        assert len(cells) == len(partners)
        for partner, cell in zip(partners, cells):
            words = text_of(cell.xpath(".//span[@class='visually-hidden']")[0])
            status = statuses.get((action, partner))
            assert words == (labels[status] if status else "No report received"), (action, partner)
    counts = collections.Counter(statuses.values())
    summary = text_of(document.xpath("//section[contains(@class, 'summary')]")[0])
    expected = len(actions) * len(partners)
    assert f"Action reports received: {len(statuses)} of {expected}." in summary
    for status, count in counts.items():
        share = round(100 * count / expected)
        assert f"{labels[status]}: {count} ({share}%)." in summary


def test_the_page_has_a_skip_link_one_h1_headings_in_order_and_lang(built):
    for tag in ("en", "sr", "mk"):
        for path in sorted((built / tag).glob("*.html")):
            document = page(path)
            assert document.get("lang") == tag
            body = document.find("body")
            skip = next(element for element in body if isinstance(element.tag, str))  # markers aside
            assert skip.tag == "a" and skip.get("href") == "#main" and document.get_element_by_id("main").tag == "main"
            levels = [int(h.tag[1]) for h in document.iter("h1", "h2", "h3", "h4", "h5", "h6")]
            assert levels[0] == 1 and levels.count(1) == 1, path
            assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{path}: a heading skips a level"
            assert not document.xpath("//header[@class='running'] | //footer[@class='running']")
            for nav in document.iter("nav"):  # every navigation has a name of its own
                assert document.get_element_by_id(nav.get("aria-labelledby")) is not None
            for table in document.iter("table"):
                assert table.find("caption") is not None and text_of(table.find("caption")), path
                assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))


def test_charts_are_inline_svg_with_a_text_alternative_and_their_figures_in_a_table(built):
    document = page(built / "sr/progress-report-2024.html")
    figures = document.xpath("//figure")
    assert len(figures) == 2
    for figure in figures:
        svg = figure[0][0]
        assert figure[0].get("tabindex") == "0" and svg.tag.endswith("svg") and svg.get("role") == "img"
        assert len(svg.get("aria-label")) > 80 and not document.xpath("//img")
        table = figure.xpath("preceding-sibling::div[@class='table'][1]/table")[0]
        assert table.find("caption") is not None
    ids = document.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_the_kosovo_note_is_a_linked_note_with_a_way_back(built):
    for tag in ("en", "sq"):
        document = page(built / f"{tag}/progress-report-2024.html")
        call = document.xpath("//sup[@class='note-call']/a")[0]
        note = document.get_element_by_id(call.get("href")[1:])
        assert "1244/1999" in text_of(note)
        back = note.xpath(".//a")[-1]
        assert back.get("href") == "#" + call.get("id")
        assert document.xpath("//section[@class='notes']/h2")


def test_draft_and_illustrative_marks_are_visible(built, tmp_path, capsys):
    document = page(built / "en/progress-report-2024.html")
    assert "Illustrative data" in text_of(document.xpath("//section[contains(@class,'cover')]")[0])
    project = make_project(tmp_path, languages=["en", "sq"], progress=False)
    path = project / "translations/sq/LC_MESSAGES/messages.po"
    path.write_text(path.read_text("utf-8").replace('msgstr "Përmbajtja"', 'msgstr ""'), "utf-8")
    assert run_cli(capsys, "build", "--project", str(project), "--format", "html")[0] == 0
    draft = page(project / "build/sq/action-plan.html")
    assert "PROJEKT: 1" in text_of(draft.xpath("//p[@class='draft']")[0])  # Albanian's own word for DRAFT
    # The string that fell back to English is marked as English.
    assert [text_of(e) for e in draft.xpath("//nav[@class='toc']//*[@lang='en']")] == ["Contents"]


def test_every_switcher_index_and_download_link_resolves_to_a_file(built):
    pages = sorted(built.glob("*/*.html")) + [built / "index.html"]
    assert len(pages) == 3 * 8 + 1
    checked = 0
    for path in pages:
        document = page(path)
        for link in document.xpath("//a[@href] | //link[@href]"):
            href = link.get("href")
            if href.startswith(("#", "https://example.org")):
                continue
            target = (path.parent / href).resolve()
            assert target.is_file() and built.resolve() in target.parents, f"{path}: {href}"
            checked += 1
    assert checked > 24 * (7 + 2 + 1 + 7)
    switcher = page(built / "mk/action-plan.html").xpath("//nav[@class='languages']//a")
    assert [(a.get("hreflang"), a.get("lang"), a.text) for a in switcher] == [
        (lang.tag, lang.tag, lang.name) for lang in LANGUAGES.values() if lang.tag != "mk"]
    downloads = page(built / "mk/action-plan.html").xpath("//nav[@class='downloads']//a")
    assert [a.get("href") for a in downloads] == ["action-plan.pdf", "action-plan.docx"]
    size = (built / "mk/action-plan.pdf").stat().st_size
    assert f"PDF ({LANGUAGES['mk'].format_size(size)})" == downloads[0].text
    index = page(built / "index.html")
    assert len(index.xpath("//main//li/a")) == 24


def test_assets_are_content_hashed_and_the_stylesheet_names_only_them(built):
    css_links = {page(p).xpath("//link[@rel='stylesheet']/@href")[0] for p in built.glob("*/*.html")}
    assert len(css_links) == 1
    css = (built / "en" / css_links.pop()).resolve()
    digest = re.search(r"-([0-9a-f]{12})\.css$", css.name).group(1)
    import hashlib

    assert hashlib.sha256(css.read_bytes()).hexdigest()[:12] == digest
    for reference in re.findall(r"url\(([^)]+)\)", css.read_text("utf-8")):
        font = css.parent / reference
        assert font.is_file() and hashlib.sha256(font.read_bytes()).hexdigest()[:12] in font.name


@pytest.mark.parametrize("name", ["screen.css", "marks.css"])
def test_a_stylesheet_reaching_out_of_the_theme_is_refused(capsys, tmp_path, name):
    project = make_project(tmp_path, languages=["en"], progress=False)
    css = project / f"templates/{name}"
    css.write_text("body { background: url(https://example.org/x.png); }\n", "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "html")
    assert status == 1
    assert f"templates/{name}: error: refused url(https://example.org/x.png)" in err
    assert not (project / "build/en/action-plan.html").exists()


def test_an_html_rebuild_with_nothing_changed_rebuilds_nothing_and_a_new_pdf_updates_the_links(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    assert run_cli(capsys, "build", "--project", str(project), "--format", "html")[0] == 0
    assert not page(project / "build/en/action-plan.html").xpath("//nav[@class='downloads']")
    status, out, err = run_cli(capsys, "build", "--project", str(project), "--format", "html")
    assert "built:" not in err
    assert run_cli(capsys, "build", "--project", str(project), "--format", "pdf", "--lang", "en")[0] == 0
    status, out, err = run_cli(capsys, "build", "--project", str(project), "--format", "html")
    assert "built:" not in err and re.findall(r"updated: (\S+)", err) == ["en/action-plan.html"]
    downloads = page(project / "build/en/action-plan.html").xpath("//nav[@class='downloads']//a/@href")
    assert downloads == ["action-plan.pdf"]


@pytest.mark.parametrize("rule,refused", [
    ('@import "https://example.org/evil.css";', "refused @import"),
    ('h1 { background: image-set("https://example.org/x.png" 1x); }', 'refused "https://example.org/x.png"'),
])
def test_a_stylesheet_cannot_reach_the_network_by_any_spelling(capsys, tmp_path, rule, refused):
    project = make_project(tmp_path, languages=["en"], progress=False)
    (project / "templates/screen.css").write_text(rule + "\n", "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "html")
    assert status == 1 and f"templates/screen.css: error: {refused}" in err


def test_an_edition_template_that_loads_something_or_breaks_the_page_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    edit(project, "templates/edition.html.j2", '<header class="edition">',
         '<header class="edition"><img src="https://example.org/track.gif" alt="">')
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "html")
    assert status == 1 and "Traceback" not in err
    assert 'templates/edition.html.j2: error: <img src="https://example.org/track.gif">: an HTML edition loads ' \
           'nothing from outside the build' in err
    edit(project, "templates/edition.html.j2", '<img src="https://example.org/track.gif" alt="">', "")
    edit(project, "templates/edition.html.j2", '<a href="../{{ other.tag }}/{{ doc }}.html" hreflang',
         '<a hreflang')
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "html")
    assert status == 0 and "Traceback" not in err, err


def test_the_index_lists_only_editions_that_exist(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"])
    assert run_cli(capsys, "build", "--project", str(project), "--format", "html")[0] == 0
    import shutil

    shutil.rmtree(project / "build/hr")
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    assert run_cli(capsys, "build", "--project", str(project), "--format", "html", "--lang", "en")[0] == 0
    index = page(project / "build/index.html")
    assert [a.get("href") for a in index.xpath("//main//li/a")] == [
        "en/action-plan.html", "en/progress-report-2023.html", "en/progress-report-2024.html"]
    subjects = [text_of(p) for p in index.xpath("//main//section/p")]
    assert len(set(subjects)) == 3  # two rounds' reports with one title are told apart by their subject


def test_a_language_built_later_is_linked_from_the_editions_already_there(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr", "sq"], progress=False)
    assert run_cli(capsys, "build", "--project", str(project), "--format", "html", "--lang", "en")[0] == 0
    assert not page(project / "build/en/action-plan.html").xpath("//nav[@class='languages']//a")
    status, out, err = run_cli(capsys, "build", "--project", str(project), "--format", "html", "--lang", "hr")
    assert status == 0, err
    assert re.findall(r"built: (\S+)", err) == ["hr/action-plan.html"]
    assert re.findall(r"updated: (\S+)", err) == ["en/action-plan.html"]
    links = page(project / "build/en/action-plan.html").xpath("//nav[@class='languages']//a/@href")
    assert links == ["../hr/action-plan.html"]
    status, out, err = run_cli(capsys, "build", "--project", str(project), "--format", "html", "--lang", "hr")
    assert "built:" not in err and "updated:" not in err  # and nothing more once they agree


def test_the_page_of_a_small_tree_reads_roles_and_leaves_the_links_to_the_finish():
    from conftest import make_tree, write_job
    from reportgen.documents.frame import FRAME
    from reportgen.tree import vocabulary

    tree = make_tree('<header class="running">Running</header><section class="cover"><p class="title">The title</p>'
                     '</section><h1 id="a">Heading</h1><p class="x">A<span class="footnote">Note</span></p>'
                     '<table><thead><tr><th>Name</th></tr></thead><tbody><tr><th>Row</th></tr></tbody></table>',
                     vocabulary=FRAME + vocabulary({"p.x": "lead"}))
    data, _ = write_job("html", tree)
    document = lxml_html.document_fromstring(data)
    assert [h.tag for h in document.iter("h1", "h2")] == ["h1", "h2"]  # the cover's title is the one h1
    assert document.find(".//h1").text == "The title" and not document.xpath("//header[@class='running']")
    assert [th.get("scope") for th in document.iter("th")] == ["col", "row"]
    assert document.xpath("//caption")[0].text == "Heading"  # the nearest heading's words, for screen readers
    assert document.xpath("//sup[@class='note-call']/a/@href") == ["#note-1"]
    page = data.decode("utf-8")
    for name in ("alternates", "top", "notes", "back"):
        assert f"<!--rg:{name}--><!--/rg:{name}-->" in page  # empty until the finish phase links the edition
