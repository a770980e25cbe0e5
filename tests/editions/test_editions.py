"""Editions: recorded, rebuilt byte for byte, and compared with the current text — a scripted revision of the
shipped plan (an action reworded, a sentence removed from a priority area's context, an action added to
Commitment 3, an action moved from Commitment 1 to Commitment 3, a translation changed in Serbian only), compared in
English, Serbian and Macedonian in every format, each read by a real client."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from conftest import libreoffice_convert, libreoffice_redlines, make_project, run_cli
from reportgen.cli import main
from reportgen.editions.compare import item_of
from writers.test_open_xml import _findings, validator  # noqa: F401 - validator is a fixture

LANGUAGES = ("en", "sr", "mk")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REWORDED = ("Strengthen the protection capacities of migration authorities through use of data for risks analysis",
            "Strengthen the protection and referral capacities of migration authorities through use of shared data "
            "for risk analysis")
REMOVED = ("Institutions must have the tools, knowledge and resources to enable rapid action and exchange of "
           "information.")
ADDED = "Review the progress of this Action Plan at each regional meeting (an illustrative revision)."
# the items each comparison must list, and nothing else: A5 moved to Commitment 3, A10 retranslated in sr only
EXPECTED = {"en": {("A1", "changed"), ("C1.2", "changed"), ("A22", "added"), ("A5", "moved")},
            "mk": {("A1", "changed"), ("C1.2", "changed"), ("A22", "added"), ("A5", "moved")},
            "sr": {("A1", "changed"), ("C1.2", "changed"), ("A22", "added"), ("A5", "moved"), ("A10", "changed")}}


def revise(project: Path) -> None:
    """Make the scripted revision of the plan, as a secretariat would edit the YAML and a translator the PO."""
    path = project / "content/action-plan.yaml"
    text = path.read_text("utf-8")
    text = re.sub(r"\s+".join(map(re.escape, REWORDED[0].split())), REWORDED[1], text)
    text = re.sub(r"\s+".join(map(re.escape, REMOVED.split())) + r"\s+", "", text)
    moved = re.search(r"\n          - id: A5\n.*?(?=\n      - id: C2|\n  - id: C2)", text, re.S).group(0)
    text = text.replace(moved, "")
    last = re.search(r"\n          - id: A21\n.*?vulnerability\.", text, re.S).group(0)
    text = text.replace(last, last + moved + f"\n          - id: A22\n            number: 22\n            text: >-\n"
                                             f"              {ADDED}")
    numbers = iter(range(1, 100))
    text = re.sub(r"(\n          - id: A\d+\n            number: )\d+", lambda m: m.group(1) + str(next(numbers)), text)
    path.write_text(text, "utf-8")
    po = project / "translations/sr/LC_MESSAGES/messages.po"
    catalogue = po.read_text("utf-8")
    entry = re.search(r'msgctxt "action-plan:A10.text"\n(?:msgid .*\n(?:".*"\n)*)msgstr "', catalogue)
    assert entry, "the Serbian catalogue has no A10 entry"
    po.write_text(catalogue[:entry.end()] + "[измењено] " + catalogue[entry.end():], "utf-8")


@pytest.fixture(scope="module")
def revised(tmp_path_factory):
    """Return the project after the revision, with edition 'v1' recorded before it and the comparisons built."""
    project = make_project(tmp_path_factory.mktemp("editions"))
    langs = [arg for tag in LANGUAGES for arg in ("--lang", tag)]
    build = ["build", "--project", str(project), "--doc", "action-plan", *langs]
    assert _run(*build)[0] == 0
    status, out, _ = _run("edition", "record", "v1", "--date", "2023-06-30", "--project",
                             str(project))
    assert status == 0 and "9 output hash(es)" in out, out
    shutil.copytree(project / "build", project.parent / "v1-build")
    revise(project)
    assert _run(*build)[0] == 0
    assert _run(*build, "--compare", "v1")[0] == 0
    return project


def _run(*args: str) -> tuple[int, str, str]:
    """Run ``reportgen ARGS`` in a module-scoped fixture (where pytest's capsys cannot be used)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def _page(project: Path, lang: str):
    return lxml_html.fromstring((project / f"build/{lang}/action-plan.compare-v1.html").read_bytes())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_comparison_marks_exactly_the_revision(revised, lang):
    page = _page(revised, lang)
    changed = {(item_of(e.get("data-key")), e.get("data-change")) for e in page.iter() if e.get("data-change")
               and e.get("data-key")}
    items = {item for item, _ in changed}
    assert items == {item for item, _ in EXPECTED[lang]}, changed
    moved = {change for item, change in changed if item == "A5"}
    assert moved == {"inserted", "deleted"}  # deleted in Commitment 1, inserted in Commitment 3
    headings = {e.get("data-key"): " ".join(e.text_content().split()) for e in page.iter("h2", "h3")}
    notes = {e.get("data-moved"): (" ".join(e.text_content().split()), e.getnext().get("data-key"))
             for e in page.iter("p") if e.get("class") == "change-note"}
    assert set(notes) == {"here", "away"}, notes  # a note before each copy: the section it came from, went to
    assert notes["here"][1] == "action-plan:A5" and notes["here"][0].endswith(headings["action-plan:C1.heading"])
    old_number, new_number = (re.search(r"\d+", text).group(0) for text in (notes["here"][0], notes["away"][0]))
    assert (old_number, new_number) == ("5", headings["action-plan:A5"].split()[-1])  # "Moved from: Action 5 — …"
    moved_link = page.xpath("//section[h2[@id='changes']]//li[contains(., ': ') and a/@href='#A5']")
    assert len(moved_link) == 1, "the summary's moved item links to its new place"
    assert notes["away"][0].endswith(headings["action-plan:C3.heading"])
    listed = [" ".join(li.text_content().split()) for li in page.xpath("//section[h2[@id='changes']]//li")]
    assert len(listed) == len(EXPECTED[lang]), listed


def test_the_english_comparison_marks_words_not_paragraphs(revised):
    page = _page(revised, "en")
    marks = [e for e in page.iter("ins", "del") if e.get("data-renumbered") is None]
    inserted = [" ".join(e.text_content().split()) for e in marks if e.tag == "ins"]
    deleted = [" ".join(e.text_content().split()) for e in marks if e.tag == "del"]
    assert "inserted text: and referral" in inserted, inserted
    assert "inserted text: shared data for risk" in inserted  # two changes two words apart read as one
    assert "deleted text: data for risks" in deleted, deleted
    assert any(REMOVED.rstrip(".") in text for text in deleted)
    assert any(ADDED in text for text in inserted)
    summary = page.xpath("//section[h2[@id='changes']]")[0].text_content()
    assert "Changed: 2" in summary and "Added: 1" in summary and "Removed: 0" in summary and "Moved: 1" in summary
    # renumbered actions (6 to 21 became 5 to 20) are not changes of the text: marked, and shown as they are now
    renumbered = [e for e in page.iter("del") if e.get("data-renumbered")]
    assert renumbered and all(re.fullmatch(r"\d+", e.text_content()) for e in renumbered)
    assert not any(e.get("data-renumbered") for e in page.iter("p", "h2", "h3", "li") if e.get("data-change"))


def test_the_pdf_shows_the_changes_and_their_summary(revised):
    text = subprocess.run(["pdftotext", "-layout", str(revised / "build/en/action-plan.compare-v1.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    squashed = " ".join(text.split())
    assert "Changes since edition v1" in squashed
    assert "Changed: 2 · Added: 1 · Removed: 0 · Moved: 1" in squashed
    assert REMOVED in squashed and ADDED in squashed and "and referral" in squashed
    # the action moved unchanged is shown once, at its new place, after the note naming where it stood
    moved = "Identify sustainable solutions to overcome cultural and language barriers"
    assert squashed.count(moved) == 1 and "Moved to:" not in squashed, squashed
    note = squashed.index("Moved from: Action 5 — Actions proposed to strengthen cooperation to address smuggling")
    assert note < squashed.index(moved)


def _lines(pdf: Path) -> list[tuple[int, float, list[tuple[str, tuple[float, ...]]]]]:
    """Return each text line of ``pdf`` as poppler lays it out: (page number, left edge, [(word, box)]), in points
    from the page's top left."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    found = []
    for number, page in enumerate(etree.fromstring(out).iter("{*}page"), 1):
        for line in page.iter("{*}line"):
            words = [(w.text, tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                     for w in line.iter("{*}word")]
            found.append((number, float(line.get("xMin")), words))
    return found


def _find(lines, *words: str):
    """Return (page, line's left edge, box of the first word) where ``words`` follow each other on one line."""
    for number, left, line in lines:
        texts = [text for text, _ in line]
        for i in range(len(texts) - len(words) + 1):
            if tuple(texts[i:i + len(words)]) == words:
                return number, left, line[i][1]
    raise AssertionError(f"{' '.join(words)!r} is not on any line of the PDF")


def test_the_pdf_marks_read_in_greyscale_and_in_colour(revised, tmp_path):
    """Rendered by poppler: an inserted word is underlined and green, a deleted one struck through and red (the
    lines tell them apart in greyscale), and a bar stands in the margin beside a changed paragraph, not beside an
    unchanged one."""
    from PIL import Image

    pdf, dpi = revised / "build/en/action-plan.compare-v1.pdf", 150
    lines = _lines(pdf)
    inserted, deleted = _find(lines, "referral", "capacities"), _find(lines, "Institutions", "must", "have")
    unchanged = _find(lines, "Enhance", "use", "of", "digital")
    pages = {}
    for number in {inserted[0], deleted[0], unchanged[0]}:
        subprocess.run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(dpi), "-png", "-singlefile",
                        str(pdf), str(tmp_path / f"p{number}")], check=True)
        pages[number] = Image.open(tmp_path / f"p{number}.png").convert("RGB")

    def rows(found) -> list[float]:
        """Each pixel row of the word's box: the share of its pixels that are dark in greyscale."""
        number, _, box = found
        grey = pages[number].convert("L").crop(tuple(round(v * dpi / 72) for v in box))
        return [sum(grey.getpixel((x, y)) < 170 for x in range(grey.width)) / grey.width for y in range(grey.height)]

    def line_at(found, low: float, high: float) -> bool:
        """Whether a line crosses the whole word between ``low`` and ``high`` of its height."""
        shares = rows(found)
        return any(share > 0.9 for share in shares[int(len(shares) * low):int(len(shares) * high) + 1])

    def hue(found) -> tuple[int, int, int]:
        number, _, box = found
        crop = pages[number].crop(tuple(round(v * dpi / 72) for v in box))
        pixels = [crop.getpixel((x, y)) for x in range(crop.width) for y in range(crop.height)]
        return min(pixels, key=sum)  # the darkest: a stroke of the word

    def bar(found) -> bool:
        """Whether a dark vertical stroke stands 1 to 9 points left of the word's line, along the whole line."""
        number, left, box = found
        image = pages[number].convert("L")
        xs = range(round((left - 9) * dpi / 72), round((left - 1) * dpi / 72))
        ys = range(round(box[1] * dpi / 72) + 1, round(box[3] * dpi / 72) - 1)
        return any(all(image.getpixel((x, y)) < 170 for y in ys) for x in xs)

    assert line_at(inserted, 0.65, 1.0) and not line_at(inserted, 0.3, 0.6)  # underlined, not struck
    assert line_at(deleted, 0.3, 0.6)  # struck through
    assert not line_at(unchanged, 0.0, 1.0)
    red, green, _ = hue(inserted)
    assert green > red + 20, hue(inserted)
    red, green, _ = hue(deleted)
    assert red > green + 20, hue(deleted)
    assert bar(inserted) and bar(deleted) and not bar(unchanged)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_screen_reader_hears_the_pdf_marks_as_the_html_says_them(revised, lang):
    """The comparison's PDF is tagged, and each insertion and deletion says what it is: a structure element whose
    /ActualText is the words the HTML edition gives screen readers ("deleted text: data for risks", in the
    document's language), every mark once and in order — a mark broken over lines is heard once and whole."""
    from pypdf import PdfReader

    from writers.test_pdf_archival import _elements

    root = PdfReader(revised / f"build/{lang}/action-plan.compare-v1.pdf").trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    elements = list(_elements(root["/StructTreeRoot"]))
    voiced = [e for e in elements if "/ActualText" in e]
    spoken = [" ".join(str(e["/ActualText"]).split()) for e in voiced]
    hidden = "span[@class='visually-hidden']"
    said = [" ".join(e.text_content().split()) for e in _page(revised, lang).xpath(f"//ins[{hidden}]|//del[{hidden}]")]
    assert said and [text for text in spoken if text] == said
    assert {str(e["/S"]) for e in voiced} <= {"/Span", "/Link"}
    if lang == "en":
        assert "deleted text: data for risks" in spoken and "inserted text: and referral" in spoken
        assert "" in spoken, "no mark of the English comparison is broken over two lines"


def _without_summary(lines: list[str], tag: str = "v1") -> list[str]:
    """Return the text of a comparison without its first page (its heading ends with the edition's tag, then the
    counts, the legend and the list of changed items)."""
    start = next(i for i, line in enumerate(lines) if line.endswith(f" {tag}"))
    end = next(i for i in range(start + 3, len(lines)) if not lines[i].startswith("•"))
    return lines[:start] + lines[end:]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_word_accept_all_gives_the_current_text_and_reject_all_the_recorded(revised, lang, tmp_path):
    compared = revised / f"build/{lang}/action-plan.compare-v1.docx"
    accepted = libreoffice_redlines("accept", compared, tmp_path / "accepted.txt")
    rejected = libreoffice_redlines("reject", compared, tmp_path / "rejected.txt")
    now = libreoffice_redlines("text", revised / f"build/{lang}/action-plan.docx", tmp_path / "now.txt")
    then = libreoffice_redlines("text", revised.parent / f"v1-build/{lang}/action-plan.docx", tmp_path / "then.txt")
    assert _without_summary(accepted) == now
    assert _without_summary(rejected) == then


def test_word_changes_are_native_tracked_changes_by_the_secretariat(revised):
    with zipfile.ZipFile(revised / "build/en/action-plan.compare-v1.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
    changes = [e for e in body.iter(f"{W}ins", f"{W}del")]
    assert changes and len({e.get(f"{W}id") for e in changes}) == len(changes)
    assert {e.get(f"{W}author") for e in changes} == {"Western Balkans partners, with facilitation by IOM"}
    assert {e.get(f"{W}date")[:10] for e in changes} == {"2023-06-01"}  # the edition's date
    deleted = "".join(t.text for t in body.iter(f"{W}delText"))
    assert "Institutions must have the tools" in deleted and not list(body.iter(f"{W}moveFrom"))
    # the moved action: deleted at its old place and inserted at its new one, each with a comment saying so
    with zipfile.ZipFile(revised / "build/en/action-plan.compare-v1.docx") as package:
        comments = etree.fromstring(package.read("word/comments.xml"))
    said = {c.get(f"{W}id"): ("".join(t.text for t in c.iter(f"{W}t")), c.get(f"{W}author")) for c in comments}
    assert sorted(text.split(":")[0] for text, _ in said.values()) == ["Moved from", "Moved to"], said
    for start in body.iter(f"{W}commentRangeStart"):
        paragraph = start.getparent()
        text = "".join(t.text for t in paragraph.iter(f"{W}t", f"{W}delText"))
        change = "ins" if said[start.get(f"{W}id")][0].startswith("Moved from") else "del"
        assert paragraph.find(f"{W}{change}") is not None and re.fullmatch(r"Action\s\d+", text), text


def test_release_comparisons_pass_an_independent_pdfa_and_pdfua_validator(revised, tmp_path):
    """With --release, the comparisons' PDFs are archival and accessible as a release build's: page-validation
    finds nothing against PDF/A-3a nor PDF/UA-1 (the marks inside the contents' links tagged as links)."""
    from writers.test_pdf_archival import _validator

    page = _validator("page")
    langs = [arg for tag in LANGUAGES for arg in ("--lang", tag)]
    status, _, err = _run("build", "--project", str(revised), "--compare", "v1", "--release", "--format", "pdf",
                          "--out", str(tmp_path), *langs)
    assert status == 0, err
    failures = []
    for lang in LANGUAGES:
        for profile in (page.ValidationProfile.PDF_A_3A, page.ValidationProfile.PDF_UA_1):
            report = page.validate_pdf(str(tmp_path / f"{lang}/action-plan.compare-v1.pdf"), profile=profile)
            failures += [f"{lang} [{profile.value}] {f.rule_id}: {f.message}" for f in report.failures]
            assert report.rules.total > 50
    assert failures == []


def test_the_word_comparisons_pass_the_open_xml_validator(revised, validator):
    paths = [revised / f"build/{lang}/action-plan.compare-v1.docx" for lang in LANGUAGES]
    assert _findings(validator, paths) == []


def test_libreoffice_reads_the_moved_actions_comments(revised, tmp_path):
    opened = libreoffice_convert(revised / "build/sr/action-plan.compare-v1.docx", tmp_path, "odt")
    with zipfile.ZipFile(opened) as package:
        content = etree.fromstring(package.read("content.xml"))
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
    notes = sorted(" ".join("".join("".join(p.itertext()) for p in a.iter(text)).split())
                   for a in content.iter(f"{office}annotation"))
    assert len(notes) == 2 and notes[0].startswith("Премештено из:") and notes[1].startswith("Премештено у:"), notes


def test_the_edition_rebuilds_to_the_recorded_bytes_after_the_revision(revised, capsys):
    status, out, err = run_cli(capsys, "build", "--project", str(revised), "--edition", "v1")
    assert status == 0, err
    assert "9 output(s) identical to the recorded ones" in out


def test_changes_since_an_edition_list_the_revised_strings(revised, capsys):
    status, out, err = run_cli(capsys, "i18n", "changes", "--since", "v1", "--lang", "sr", "--project", str(revised))
    assert status == 0, err
    assert "action-plan:A1.text" in out and "action-plan:A22.text" in out and "action-plan:C1.2.context" in out


def test_a_snapshot_edited_by_hand_is_named(revised, capsys, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(revised, project, ignore=shutil.ignore_patterns("build"))
    (project / "editions/v1/content/partners.yaml").write_text("# edited\n", "utf-8")
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--compare", "v1", "--lang", "en")
    assert status == 1
    assert "editions/v1/content/partners.yaml: error: changed since the edition was recorded" in err
    assert not (project / "build/en/action-plan.compare-v1.pdf").exists()


@pytest.mark.parametrize("tag, message", [
    ("v9", "no edition 'v9' recorded (editions/v9/); recorded: v1"),
    ("../v1", "the edition tag '../v1' has '/' (a tag is a name, not a path)"),
])
def test_an_unknown_or_path_like_tag_is_a_usage_error(revised, capsys, tag, message):
    for args in (("build", "--compare", tag), ("build", "--edition", tag)):
        status, _, err = run_cli(capsys, *args, "--project", str(revised))
        assert status == 2 and message in err, err


def test_an_edition_is_recorded_once_unless_forced(revised, capsys, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(revised, project, ignore=shutil.ignore_patterns("build"))
    status, _, err = run_cli(capsys, "edition", "record", "v1", "--project", str(project))
    assert status == 2 and "edition 'v1' is already recorded" in err
    before = (project / "editions/v1/edition.json").read_bytes()
    status, out, _ = run_cli(capsys, "edition", "record", "v1", "--force", "--status", "revision", "--project",
                             str(project))
    assert status == 0 and "recorded edition v1 (revision" in out
    assert (project / "editions/v1/edition.json").read_bytes() != before
    status, out, _ = run_cli(capsys, "edition", "list", "--project", str(project))
    assert out.split("\t")[:2] == ["v1", "revision"]


def test_editions_of_another_plan_are_refused(revised, capsys, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(revised, project, ignore=shutil.ignore_patterns("build"))
    status, _, _ = run_cli(capsys, "new", str(tmp_path / "other"), "--title", "Another plan")
    assert status == 0
    other = tmp_path / "other"
    assert run_cli(capsys, "edition", "record", "o1", "--project", str(other))[0] == 0
    shutil.copytree(other / "editions/o1", project / "editions/o1")
    status, _, err = run_cli(capsys, "build", "--compare", "o1", "--project", str(project), "--lang", "en")
    assert status == 1 and ("none of the documents" in err or "no content in common" in err), err


def test_two_records_of_one_tag_at_once_one_wins_and_the_other_is_refused(revised, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(revised, project, ignore=shutil.ignore_patterns("build", "editions"))
    command = [sys.executable, "-m", "reportgen", "edition", "record", "twice", "--project", str(project)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = sorted((run.returncode, err) for run, (_, err) in ((run, run.communicate(timeout=300)) for run in runs))
    assert [status for status, _ in results] == [0, 2], results
    assert "edition 'twice' is already recorded" in results[1][1]
    assert _run("build", "--project", str(project), "--compare", "twice", "--lang", "en", "--format", "html")[0] == 0
