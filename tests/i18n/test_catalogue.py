"""Translations end to end: every language's output, the pseudo-locale, fallback with DRAFT, strict failure, and
catalogue errors with their exact messages."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader

from conftest import (ROOT, check_fails, docx_bytes_io, edit, make_project, pdf_text, run_cli, squash, word_text,
                      write_job)
from reportgen.writers import REGISTRY as WRITERS
from reportgen.source import markup
from reportgen.pipeline import render_document
from reportgen.tree import to_html
from reportgen.i18n.locales import LANGUAGES
from reportgen.project import load_project

TRANSLATED = ["sq", "bs", "hr", "cnr", "mk", "sr", "sr-Latn"]
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


def po_file(project: Path, tag: str) -> Path:
    return project / f"translations/{LANGUAGES[tag].catalogue}/LC_MESSAGES/messages.po"


def catalogue(project: Path, tag: str):
    with open(po_file(project, tag), "rb") as handle:
        return read_po(handle)


def change_entry(project: Path, tag: str, msgid_or_context: str, string=None, fuzzy: bool | None = None) -> int:
    """Edit one entry (by msgctxt, or by msgid without context); return its msgid line after writing."""
    catalog = catalogue(project, tag)
    message = next(m for m in catalog if m.context == msgid_or_context or (m.context is None and (
        m.id == msgid_or_context or isinstance(m.id, tuple) and m.id[0] == msgid_or_context)))
    if string is not None:
        message.string = string
    if fuzzy is True:
        message.flags.add("fuzzy")
    elif fuzzy is False:
        message.flags.discard("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=100)
    po_file(project, tag).write_bytes(out.getvalue())
    reread = catalogue(project, tag)
    return next(m for m in reread if m.id == message.id and m.context == message.context).lineno


def action_strings(project: Path, tag: str) -> dict[int, str]:
    """Return the translated action texts of ``tag`` as plain text, by action number."""
    catalog = catalogue(project, tag)
    found = {}
    for message in catalog:
        match = re.fullmatch(r"action-plan:A(\d+)\.text", message.context or "")
        if match:
            found[int(match.group(1))] = markup.plain(message.string)
    return found




def english_actions() -> dict[int, str]:
    project = load_project(ROOT)
    return {a.number: a.text.plain for a in project.documents["action-plan"].model.actions}


@pytest.mark.parametrize("tag", TRANSLATED)
def test_each_language_has_translated_actions_and_no_english_ones(built, tag):
    translated = action_strings(ROOT, tag)
    english = english_actions()
    assert len(translated) == 21
    pdf = squash(pdf_text(built / f"{tag}/action-plan.pdf"))
    word = squash("\n".join(t for _, t in word_text(docx_bytes_io(built / f"{tag}/action-plan.docx"))))
    for number in range(1, 22):
        assert squash(translated[number]) in pdf, (tag, number)
        assert squash(translated[number]) in word, (tag, number)
        assert squash(english[number]) not in pdf and squash(english[number]) not in word, (tag, number)


@pytest.mark.parametrize("tag", TRANSLATED)
def test_each_language_is_in_its_own_script_and_declares_its_language(built, tag):
    text = pdf_text(built / f"{tag}/action-plan.pdf")
    letters = re.sub(r"WB-SMG/AP/\d{4}-\d{4}|GCM|AVRR|acquis|DRAFT", "", text)
    cyrillic, latin = len(CYRILLIC.findall(letters)), len(LATIN.findall(letters))
    if LANGUAGES[tag].script == "Cyrl":
        assert cyrillic > 5000 and latin < 40, (cyrillic, latin)
    else:
        assert cyrillic == 0 and latin > 5000, (cyrillic, latin)
    reader = PdfReader(built / f"{tag}/action-plan.pdf")
    assert reader.trailer["/Root"]["/Lang"] == tag
    word = LANGUAGES[tag].word
    with zipfile.ZipFile(built / f"{tag}/action-plan.docx") as archive:
        assert f'<w:lang w:val="{word}"/>' in archive.read("word/styles.xml").decode()
    assert docx.Document(docx_bytes_io(built / f"{tag}/action-plan.docx")).core_properties.language == word


def test_cover_date_is_formatted_for_each_language(built):
    expected = {"en": "Accepted: June 2023", "hr": "Prihvaćeno: lipanj 2023.", "sr": "Прихваћено: јун 2023.",
                "mk": "Прифатено: јуни 2023 г.", "sq": "Miratuar: qershor 2023"}
    for tag, line in expected.items():
        cover = PdfReader(built / f"{tag}/action-plan.pdf").pages[0].extract_text()
        assert line in cover.replace("\u00a0", " ").replace("\u202f", " "), (tag, cover)


# -- the pseudo-locale --------------------------------------------------------------------------------------

def _pseudo(project: Path) -> None:
    """Replace the Albanian catalogue by a pseudo one: every msgstr is its msgid inside ⟦ ⟧."""
    catalog = catalogue(project, "sq")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(f"⟦{message.id[min(i, 1)]}⟧" for i in range(len(message.string)))
        else:
            message.string = f"⟦{message.id}⟧"
        message.flags.discard("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=100)
    po_file(project, "sq").write_bytes(out.getvalue())


def _outside_pseudo(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    return text


def test_pseudo_locale_proves_every_visible_string_goes_through_gettext(tmp_path):
    project_dir = make_project(tmp_path, languages=["en", "sq"])
    _pseudo(project_dir)
    project = load_project(project_dir)
    for doc in project.documents.values():
        rendered = render_document(project, doc, LANGUAGES["sq"])
        assert not rendered.misses
        visible = rendered.tree.body.text() + " " + rendered.tree.meta.title
        leftover = _outside_pseudo(visible)
        # What may stand outside gettext: the document symbol, numbers, punctuation, status symbols.
        leftover = re.sub(r"WB-SMG/\w+/[\d-]+", " ", leftover)
        assert re.fullmatch(r"[\s\d.,:;()·%–●◐○✕□-]*", leftover), leftover
        paragraphs = word_text(write_job("docx", rendered.tree, rendered.charts, project.theme)[0])
        word_left = re.sub(r"WB-SMG/\w+/[\d-]+", " ", _outside_pseudo(" ".join(t for _, t in paragraphs)))
        assert re.fullmatch(r"[\s\d.,:;()·%–●◐○✕□-]*", word_left), word_left


# -- fallback, DRAFT and strict -----------------------------------------------------------------------------

@pytest.fixture
def half_translated(tmp_path) -> tuple[Path, int, int]:
    project = make_project(tmp_path, languages=["en", "sq"], progress=False)
    fuzzy_line = change_entry(project, "sq", "action-plan:A3.text", fuzzy=True)
    empty_line = change_entry(project, "sq", "action-plan:A5.text", string="")
    return project, fuzzy_line, empty_line


def test_missing_and_fuzzy_strings_fall_back_to_english_and_mark_the_document_draft(capsys, half_translated):
    project, fuzzy_line, empty_line = half_translated
    status, out, err = run_cli(capsys, "build", "--project", str(project), "--lang", "sq", "-j", "1")
    assert status == 0
    po = "translations/sq/LC_MESSAGES/messages.po"
    assert "sq: 2 string(s) fall back to English; the documents are marked DRAFT:\n" in err
    assert (f"  {po}:{fuzzy_line}: warning: fuzzy translation [action-plan:A3.text]: \"Engage in capacity "
            f"development for detection and investig...\"\n") in err
    assert (f"  {po}:{empty_line}: warning: untranslated [action-plan:A5.text]: \"Identify sustainable "
            f"solutions to overcome cultural and l...\"\n") in err
    formats = len(WRITERS)
    assert f"\nsq              {formats}           0       0      {formats}\n" in out
    english = english_actions()
    reader = PdfReader(project / "build/sq/action-plan.pdf")
    text = squash(pdf_text(project / "build/sq/action-plan.pdf"))
    assert squash(english[3]) in text and squash(english[5]) in text
    mark = "PROJEKT: 2 tekste ende nuk janë përkthyer"
    assert mark in reader.pages[0].extract_text()
    for page in reader.pages[1:]:
        assert mark in page.extract_text().split("\n")[0] or mark in page.extract_text()
    document = docx.Document(docx_bytes_io(project / "build/sq/action-plan.docx"))
    assert mark in document.sections[0].header.paragraphs[0].text
    # The English passage is marked as English, so it is hyphenated and proofed as English.
    xml = zipfile.ZipFile(project / "build/sq/action-plan.docx").read("word/document.xml").decode()
    assert '<w:lang w:val="en-GB"/>' in xml


def test_strict_build_fails_listing_every_missing_or_fuzzy_entry_and_writes_nothing(capsys, half_translated):
    project, fuzzy_line, empty_line = half_translated
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--strict")
    po = "translations/sq/LC_MESSAGES/messages.po"
    assert status == 1
    assert err.splitlines() == [
        f"{po}:{fuzzy_line}: error: fuzzy translation [action-plan:A3.text]: \"Engage in capacity development for "
        f"detection and investig...\"",
        f"{po}:{empty_line}: error: untranslated [action-plan:A5.text]: \"Identify sustainable solutions to "
        f"overcome cultural and l...\"",
        "reportgen: 2 error(s); nothing was written"]
    assert not (project / "build").exists()


def test_translations_are_escaped_and_never_evaluated(tmp_path):
    project_dir = make_project(tmp_path, languages=["en", "sq"])
    change_entry(project_dir, "sq", "action-plan:A1.text", string="<script>alert(1)</script> {{ 7*7 }} {% if 1 %}")
    change_entry(project_dir, "sq", "Contents", string="<b>Përmbajtja</b>")
    project = load_project(project_dir)
    html = to_html(render_document(project, project.documents["action-plan"], LANGUAGES["sq"]).tree)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if 1 %}" in html
    assert "&lt;b&gt;Përmbajtja&lt;/b&gt;" in html
    assert "<script>" not in html and "<b>" not in html


# -- catalogue errors -----------------------------------------------------------------------------------------

PO = "translations/sq/LC_MESSAGES/messages.po"


def test_translation_that_drops_bold_markup_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    original = dict((m.context, m.string) for m in catalogue(project, "sq"))["action-plan:C1.1.context"]
    line = change_entry(project, "sq", "action-plan:C1.1.context", string=original.replace("**", ""))
    assert check_fails(capsys, project) == [f"{PO}:{line}: error: msgstr drops the bold markup of its msgid",
                                       "reportgen: 1 error(s); nothing was written"]


def test_translation_that_adds_italic_or_changes_a_placeholder_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    line_a = change_entry(project, "sq", "action-plan:A2.text", string="*Rritja* e përdorimit të mjeteve.")
    line_b = change_entry(project, "sq", "Action %(number)s", string="Veprimi %(numri)s")
    assert check_fails(capsys, project) == [
        f"{PO}:{line_a}: error: msgstr adds italic markup that its msgid does not have",
        f"{PO}:{line_b}: error: msgstr placeholders %(numri)s do not match msgid's %(number)s",
        "reportgen: 2 error(s); nothing was written"]


def test_translation_that_changes_a_link_target_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    path = po_file(project, "sq")
    text = path.read_text("utf-8")
    entry = ('\nmsgctxt "extra"\nmsgid "See [IOM](https://www.iom.int)."\n'
             'msgstr "Shih [IOM](https://evil.example.com)."\n')
    path.write_text(text + entry, "utf-8")
    line = len(text.splitlines()) + 3
    assert check_fails(capsys, project) == [
        f"{PO}:{line}: error: msgstr changes the link targets of its msgid (https://www.iom.int -> "
        f"https://evil.example.com)",
        "reportgen: 1 error(s); nothing was written"]


def test_malformed_po_file_is_an_error_with_its_line(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    path = po_file(project, "sq")
    lines = path.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line == 'msgid "Contents"')
    lines[index + 1] = 'msgstr "Përmbajtja'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert check_fails(capsys, project) == [f"{PO}:{index + 2}: error: malformed PO file: unterminated string",
                                       "reportgen: 1 error(s); nothing was written"]


def test_wrong_plural_forms_header_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    path = po_file(project, "sq")
    text = path.read_text("utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    path.write_text(text.replace("nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;"), "utf-8")
    line = next(i for i, l in enumerate(path.read_text("utf-8").splitlines(), 1) if "Plural-Forms" in l)
    assert check_fails(capsys, project) == [
        f"{PO}:{line}: error: wrong Plural-Forms for 'sq': 'nplurals=1; plural=0;' (expected 'nplurals=2; "
        f"plural=(n != 1);')",
        "reportgen: 1 error(s); nothing was written"]


def test_catalogue_for_an_undeclared_language_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq"])
    (project / "translations/de/LC_MESSAGES").mkdir(parents=True)
    (project / "translations/de/LC_MESSAGES/messages.po").write_text('msgid ""\nmsgstr ""\n', "utf-8")
    import shutil

    shutil.copytree(ROOT / "translations/bs", project / "translations/bs")
    assert check_fails(capsys, project) == [
        "translations/bs: error: catalogue for a language the project does not declare (add 'bs' to languages "
        "in content/project.yaml)",
        "translations/de: error: catalogue for a language the project does not declare",
        "reportgen: 2 error(s); nothing was written"]


def test_missing_catalogue_for_a_declared_language_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "sq", "hr"])
    import shutil

    shutil.rmtree(project / "translations/hr")
    assert check_fails(capsys, project) == [
        "translations/hr/LC_MESSAGES/messages.po: error: no catalogue for declared language 'hr' (run 'reportgen "
        "i18n update' to create it)",
        "reportgen: 1 error(s); nothing was written"]


def test_a_stray_percent_in_a_template_translation_is_an_error(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    line = change_entry(project, "hr", "Contents", string="100 % sadržaj")
    po = "translations/hr/LC_MESSAGES/messages.po"
    assert check_fails(capsys, project) == [
        f"{po}:{line}: error: msgstr has a '%' that is not a placeholder (write %% for a percent sign)",
        "reportgen: 1 error(s); nothing was written"]


def test_a_catalogue_in_another_charset_is_refused(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    path = po_file(project, "hr")
    text = path.read_text("utf-8").replace("charset=utf-8", "charset=latin-1")
    path.write_text(text, "utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "Content-Type" in l)
    assert check_fails(capsys, project) == [
        f"translations/hr/LC_MESSAGES/messages.po:{line}: error: catalogue must be UTF-8, not "
        f"'text/plain; charset=latin-1'",
        "reportgen: 1 error(s); nothing was written"]


def test_a_fallback_name_is_marked_as_english_wherever_it_appears(tmp_path):
    project_dir = make_project(tmp_path, languages=["en", "hr"])
    change_entry(project_dir, "hr", "partners:AL.name", string="")
    project = load_project(project_dir)
    html = to_html(render_document(project, project.documents["progress-report-2024"], LANGUAGES["hr"]).tree)
    text = re.sub(r' alt="[^"]*"', "", html)  # attributes (chart alt text) carry plain text
    assert text.count("Albania") == text.count('<span lang="en">Albania</span>') > 20


@pytest.mark.parametrize("raw", ["\x01", "\x1b"])
def test_a_control_character_in_a_translation_fails_check_and_build(capsys, tmp_path, raw):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    line = edit(project, "translations/hr/LC_MESSAGES/messages.po", 'msgstr "Sadržaj"', f'msgstr "Sad{raw}ržaj"')
    expected = (f"translations/hr/LC_MESSAGES/messages.po:{line - 1}: error: msgstr has the control character "
                f"U+{ord(raw):04X}, which no document can show")
    assert check_fails(capsys, project)[0] == expected
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 1 and err.splitlines()[0] == expected


def test_a_duplicate_entry_is_an_error_naming_both_lines(capsys, tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    po = project / "translations/hr/LC_MESSAGES/messages.po"
    text = po.read_text("utf-8")
    first = text.splitlines().index('msgid "Contents"') + 1
    po.write_text(text + '\nmsgid "Contents"\nmsgstr "Kazalo"\n', "utf-8")
    second = len(po.read_text("utf-8").splitlines()) - 1
    assert check_fails(capsys, project)[0] == (
        f"translations/hr/LC_MESSAGES/messages.po:{second}: error: malformed PO file: duplicate entry (msgid "
        f"'Contents'); the first is at line {first}")


@pytest.mark.parametrize("lang", ["mk", "sr"])
def test_a_latin_letter_inside_a_cyrillic_word_is_an_error(capsys, tmp_path, lang):
    project = make_project(tmp_path, languages=["en", lang], progress=False)
    po = project / f"translations/{lang}/LC_MESSAGES/messages.po"
    text = po.read_text("utf-8")
    word = "Содржина" if lang == "mk" else "Садржај"
    assert f'msgstr "{word}"' in text
    line = text[:text.index(f'msgstr "{word}"')].count("\n")
    po.write_text(text.replace(f'msgstr "{word}"', f'msgstr "{word.replace("а", "a", 1)}"'), "utf-8")
    errors = check_fails(capsys, project)
    assert errors[0] == (f"translations/{lang}/LC_MESSAGES/messages.po:{line}: error: msgstr has Latin letters in "
                         f"the Cyrillic word '{word.replace('а', 'a', 1)}' ('a' U+0061)")


def test_the_shipped_cyrillic_catalogues_have_no_mixed_words():
    from reportgen.i18n.checks import mixed_script_words

    for lang in ("mk", "sr"):
        with open(ROOT / f"translations/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
            from babel.messages.pofile import read_po as read

            mixed = [w for m in read(handle) if m.id and m.string
                     for s in (m.string if isinstance(m.string, tuple) else (m.string,))
                     for w in mixed_script_words(s)]
        assert mixed == []
