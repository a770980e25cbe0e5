"""The translated words of a questionnaire: the theme's ``questionnaire.html.j2`` rendered in the form's language
(so they go through the catalogues, with translators' notes, like every other string) and read back by id."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ..html.render import UNDATED, Page, render
from ..i18n.catalogue import Translator

TEMPLATE = "questionnaire.html.j2"


def form_words(project, form) -> tuple[dict[str, str], list]:
    """Return ``{id: words}`` for ``form`` and the strings that fell back to English."""
    translator = Translator(form.language, project.catalogues.get(form.language.tag))
    sheet = _render(project, form, translator, "")
    first = _read(sheet)
    html = _render(project, form, translator, first["sheet-actions"])  # the instructions name the sheet
    return _read(html), translator.sorted_misses()


def _render(project, form, translator, sheet_actions: str) -> str:
    plan_name = form.plan.wording.name.plain if form.plan.wording.name else translator.lookup("the plan")
    return render(project.theme, TEMPLATE, translator, Page(form.language, UNDATED),
                  round=form.round.info, partner=form.partner.name.plain, plan=form.plan, plan_name=plan_name,
                  statuses=form.statuses, sheet_actions=sheet_actions)


def _read(html: str) -> dict[str, str]:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    # Only the template's own line breaks and indentation collapse: a no-break space stays one.
    return {e.get("id"): re.sub(r"[ \t\r\n]+", " ", e.text_content()).strip() for e in root.iter("dt")}
