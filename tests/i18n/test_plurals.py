"""Strings that combine a count with words follow the count as each language's grammar does: 1, 2, 5, 21 and 22
take the form CLDR's plural rules give them in Croatian, Serbian and Macedonian (one, few, many/other)."""

from __future__ import annotations

import re

import pytest
from babel import Locale

from conftest import make_project
from reportgen.i18n.locales import LANGUAGES
from reportgen.pipeline import render_document
from reportgen.project import load_project

COUNTS = (1, 2, 5, 21, 22)
CATEGORIES = ("one", "few", "many", "other")


def form_of(tag: str, count: int, forms: int) -> int:
    """Return the index of the plural form CLDR's rules give ``count`` (the catalogue lists them in this order)."""
    category = Locale.parse(LANGUAGES[tag].cldr).plural_form(count)
    used = [c for c in CATEGORIES if c in Locale.parse(LANGUAGES[tag].cldr).plural_form.tags or c == "other"]
    return min(used.index(category), forms - 1)


@pytest.mark.parametrize("tag", ["hr", "sr", "mk"])
def test_a_document_with_n_strings_untranslated_says_so_in_the_form_n_takes(tmp_path, tag):
    project_dir = make_project(tmp_path, languages=["en", tag], progress=False)
    po = project_dir / f"translations/{LANGUAGES[tag].catalogue}/LC_MESSAGES/messages.po"
    original = po.read_text("utf-8")
    entry = re.compile(r'(msgctxt "action-plan:[^"]+"\nmsgid "(?:[^"\\]|\\.)*"\n)msgstr "(?:[^"\\]|\\.)*"')
    for count in COUNTS:  # the plan's first ``count`` strings lose their translation
        po.write_text(entry.sub(r'\1msgstr ""', original, count=count), "utf-8")
        project = load_project(project_dir)
        rendered = render_document(project, project.documents["action-plan"], LANGUAGES[tag])
        assert len(rendered.misses) == count
        message = project.catalogues[tag].catalog.get("DRAFT: %(num)d string is not yet translated")
        expected = message.string[form_of(tag, count, len(message.string))] % {"num": count}
        marks = [node.text() for node in rendered.tree.body.walk() if node.role == "mark"]
        assert marks == [expected], (count, marks)


@pytest.mark.parametrize("tag", ["hr", "sr", "mk"])
def test_every_plural_string_has_the_form_of_each_count(tag):
    from reportgen.i18n.catalogue import Translator

    project = load_project(make_project_root())
    catalogue = project.catalogues[tag]
    plural = [m for m in catalogue.catalog if m.id and isinstance(m.id, tuple)]
    assert len(plural) >= 5  # the DRAFT mark, the changes, and the three limits of the questionnaire
    translator = Translator(LANGUAGES[tag], catalogue)
    for message in plural:
        for count in COUNTS:
            shown = str(translator.ngettext(message.id[0], message.id[1], count))
            assert shown == message.string[form_of(tag, count, len(message.string))], (message.id[0], count)
    assert not translator.misses


def make_project_root():
    from conftest import ROOT

    return ROOT
