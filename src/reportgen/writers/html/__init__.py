"""The HTML edition: the document's semantic HTML made into an accessible web page, with shared assets.

``write`` and ``preflight`` are the functions the writer registry names; ``assets`` gives the stylesheet and fonts
every page of a build shares, under content-hashed names.
"""

from __future__ import annotations

from ...diagnostics import Diagnostic
from .assets import STYLESHEET, assets, preflight
from .edition import make_edition


def write(job, images: dict[str, bytes]) -> tuple[bytes, list[Diagnostic]]:
    """Return the HTML edition of ``job``: its page with the edition fragment, charts inline, notes linked."""
    stylesheet = dict(job.assets)[STYLESHEET]
    return make_edition(job.html, job.edition, images, "../" + stylesheet).encode("utf-8"), []


__all__ = ["assets", "preflight", "write"]
