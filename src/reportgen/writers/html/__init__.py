"""The HTML edition: the document tree made into an accessible web page (:mod:`.page`), with shared assets
(:mod:`.assets`), linked to its other languages and formats once the build's outputs are in place (:mod:`.links`).

``write``, ``preflight``, ``assets``, ``finish`` and ``words`` are the functions the writer registry names.
"""

from __future__ import annotations

from lxml import etree

from ...diagnostics import Diagnostic, Location, ReportgenError
from .. import REGISTRY as WRITERS
from .assets import STYLESHEET, assets, preflight
from .links import EDITION_TEMPLATE, Download, downloadable, finish, parts, render_edition
from .page import make_page
from .safety import outside_references, tree_references


def write(job, images: dict[str, bytes]) -> tuple[bytes, list[Diagnostic]]:
    """Return the HTML edition of ``job``: its page with charts inline and notes linked; what the page would load
    from anywhere but the build (an image, a script) is an error at its template."""
    problems = [Diagnostic(Location(job.template), p) for p in tree_references(job.tree, set(images))]
    if problems:
        raise ReportgenError(problems)
    stylesheet = dict(job.assets)[STYLESHEET]
    page = make_page(job.tree, images, "../" + stylesheet)
    return page.encode("utf-8"), []


def words(project, doc, language):
    """Return the edition's words for ``doc`` that fall back to English in ``language``; an edition template
    that would load something from outside the build, or that the page cannot be made of, is an error here,
    before anything is written."""
    template = project.theme.shown(EDITION_TEMPLATE)
    everything = [Download(fmt, "x", WRITERS[fmt].mime, 1) for fmt in downloadable()]
    fragment, misses = render_edition(project, doc.id, language, list(project.languages), everything)
    problems = [Diagnostic(Location(template), p) for p in outside_references(fragment, set())]
    if problems:
        raise ReportgenError(problems)
    try:
        parts(fragment, template)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise ReportgenError(Diagnostic(Location(template), f"cannot make the HTML edition: {exc}")) from None
    return misses


__all__ = ["assets", "finish", "preflight", "words", "write"]
