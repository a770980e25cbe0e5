"""The HTML edition: the document's semantic HTML made into an accessible web page, with shared assets.

``write`` and ``preflight`` are the functions the writer registry names; ``assets`` gives the stylesheet and fonts
every page of a build shares, under content-hashed names.
"""

from __future__ import annotations

from lxml import etree

from ...diagnostics import Diagnostic, Location, ReportgenError
from .assets import STYLESHEET, assets, preflight
from .edition import make_edition, outside_references


EDITION_TEMPLATE = "edition.html.j2"


def write(job, images: dict[str, bytes]) -> tuple[bytes, list[Diagnostic]]:
    """Return the HTML edition of ``job``: its page with the edition fragment, charts inline, notes linked; what
    the page would load from anywhere but the build (an image, a script) is an error at its template."""
    stylesheet = dict(job.assets)[STYLESHEET]
    problems = [Diagnostic(Location(job.template), p) for p in outside_references(job.html, set(images))]
    problems += [Diagnostic(Location(job.theme.shown(EDITION_TEMPLATE)), p)
                 for p in outside_references(job.edition, set())]
    if problems:
        raise ReportgenError(problems)
    try:
        page = make_edition(job.html, job.edition, images, "../" + stylesheet)
    except (ValueError, TypeError, etree.LxmlError) as exc:  # a template's HTML the page cannot be made of
        raise ReportgenError(Diagnostic(Location(job.theme.shown(EDITION_TEMPLATE)),
                                        f"cannot make the HTML edition: {exc}")) from None
    return page.encode("utf-8"), []


__all__ = ["assets", "preflight", "write"]
