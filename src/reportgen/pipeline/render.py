"""The render phase: a document in a language becomes its checked tree — the model localised, the template
rendered (again with the DRAFT mark when strings are missing), the HTML parsed and checked once — with the charts it
draws and the strings that fell back to English."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from ..charts import BarChart, Figures
from ..diagnostics import Diagnostic, UsageError
from ..documents import Document
from ..html.render import Page, render
from ..i18n.catalogue import Miss, Translator
from ..i18n.locales import Language
from ..source.text import texts
from ..tree import Tree, parse

MIN_EPOCH, MAX_EPOCH = 315532800, 4354819199  # 1980-01-01 to 2107-12-31: what a zip (DOCX) entry date can carry


@dataclass(frozen=True)
class Rendered:
    """A document rendered in one language: its tree, the charts it draws, the strings that fell back to English,
    and the warnings found on the way (characters the fonts cannot draw)."""

    doc: Document
    language: Language
    tree: Tree
    misses: tuple[Miss, ...]
    charts: tuple[BarChart, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()


def source_date_epoch() -> int | None:
    """Return ``SOURCE_DATE_EPOCH`` as seconds, or None when unset; a value that is not a whole number of seconds
    between 1980 and 2107 is a usage error (a Word file cannot carry such a date)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    if not value.isdigit() or not MIN_EPOCH <= int(value) <= MAX_EPOCH:
        raise UsageError(f"SOURCE_DATE_EPOCH={value[:30]!r} is not a time between 1980 and 2107 in whole seconds")
    return int(value)


def created_at(doc: Document) -> dt.datetime:
    """Return the fixed creation time of a document: ``SOURCE_DATE_EPOCH`` if set and usable, else its own date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(doc.date.year, doc.date.month, doc.date.day)


def epoch_of(doc: Document) -> int:
    """Return the document's fixed time in seconds, within what every format can carry."""
    seconds = int(created_at(doc).replace(tzinfo=dt.timezone.utc).timestamp())
    return min(max(seconds, MIN_EPOCH), MAX_EPOCH)


def render_document(project, doc: Document, language: Language, translator: Translator | None = None) -> Rendered:
    """Return ``doc`` localised, rendered and parsed into its checked tree in ``language``, stamped DRAFT when
    strings are missing (``translator``, when given, records what it looked up)."""
    translator = translator or Translator(language, project.catalogues.get(language.tag))
    model = translator.localise(doc.model)
    created = created_at(doc)
    theme = project.theme
    count = -1
    while True:  # once when all is translated; else again with the DRAFT mark, whose own strings may be missing
        figures = Figures()
        context = doc.prepare(model, language, figures)
        misses = translator.sorted_misses()
        html = render(theme, doc.template, translator, Page(language, created, len(misses), doc.illustrative,
                                                           project.edition),
                      **context)
        misses = translator.sorted_misses()
        if len(misses) == count or not misses:
            break
        count = len(misses)
    tree = parse(html, doc.vocabulary, theme.shown(doc.template))
    return Rendered(doc, language, tree, tuple(misses), tuple(figures.made),
                    tuple(missing_glyphs(model, language, theme)))


def missing_glyphs(model, language: Language, theme) -> list[Diagnostic]:
    """Return a warning for each character of the localised content that the theme's fonts cannot draw (it would
    print as an empty box: an emoji, a rare script), naming the field."""
    covered = theme.characters()
    found = []
    for text in texts(model):
        missing = [c for c in dict.fromkeys(text.value) if ord(c) not in covered and not c.isspace()]
        if missing:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
            found.append(Diagnostic(text.loc, f"{language.tag}: {shown} not in the theme's fonts; printed as an "
                                              f"empty box", text.context, "warning"))
    return found
