"""The PDF writer: semantic HTML + ``templates/print.css`` through WeasyPrint, with a locked-down URL fetcher.

Resources may come only from the project's ``templates/`` folder (and ``data:`` URLs we generate); any other
URL — network, ``file:`` elsewhere, redirects — fails the build. WeasyPrint's log records are collected and
returned, so that a strict build can refuse them.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic, Location, ReportgenError

STYLESHEET = "print.css"


class RefusedResource(Exception):
    """A resource outside the allowed folders was requested."""


def _weasyprint():
    import weasyprint  # imported lazily: it costs about half a second

    return weasyprint


def make_fetcher(allowed: list[Path], images: dict[str, bytes] | None = None):
    """Return a WeasyPrint URL fetcher that serves files below ``allowed`` folders and the generated ``images``
    (``chart:<id>`` → SVG), and refuses everything else."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

    roots = [os.path.realpath(p) for p in allowed]

    class ProjectFetcher(weasyprint.URLFetcher):
        """Serve ``file:`` URLs inside the project's template folders and ``data:`` URLs; refuse the rest."""

        def fetch(self, url, headers=None):  # noqa: D102 - WeasyPrint API
            parts = urlsplit(url)
            if images and url in images:
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/svg+xml"})
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = os.path.realpath(unquote(parts.path))
                if any(path == r or path.startswith(r + os.sep) for r in roots):
                    if not os.path.isfile(path):
                        raise FatalURLFetchingError(f"resource not found: '{url}'")
                    with open(path, "rb") as handle:
                        body = handle.read()
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise FatalURLFetchingError(f"refused resource '{url}': only files inside the project's "
                                        f"templates folder may be used")

    return ProjectFetcher()


class _LogCollector(logging.Handler):
    """Collect WeasyPrint's warnings instead of printing them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


_STYLESHEETS: dict = {}


def _stylesheet(templates: Path):
    """Return the font configuration and parsed print stylesheet for ``templates``, reused across documents in a
    worker while the stylesheet and fonts are unchanged (loading the @font-face fonts is a good part of a render)."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    files = [templates / STYLESHEET] + sorted((templates / "fonts").glob("*"))
    key = (str(templates.resolve()), tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if key not in _STYLESHEETS:
        fonts = FontConfiguration()
        css = weasyprint.CSS(filename=str(templates / STYLESHEET), url_fetcher=make_fetcher([templates]),
                             font_config=fonts)
        _STYLESHEETS.clear()
        _STYLESHEETS[key] = (fonts, css)
    return _STYLESHEETS[key]


@dataclass(frozen=True)
class PdfOptions:
    """How to write a PDF: archival variant (e.g. ``pdf/a-3a``) and files to embed (name → bytes)."""

    variant: str | None = None
    attachments: tuple[tuple[str, bytes], ...] = ()


def write_pdf(html: str, templates: Path, source_name: str, options: PdfOptions = PdfOptions(),
              images: dict[str, bytes] | None = None) -> tuple[bytes, list[str]]:
    """Return the PDF bytes for ``html`` and the warnings WeasyPrint logged while rendering it."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    fetcher = make_fetcher([templates], images)
    collector = _LogCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    previous_propagate = logger.propagate
    logger.propagate = False
    try:
        base = templates.resolve().as_uri() + "/"
        fonts, css = _stylesheet(templates)
        document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
        attachments = [weasyprint.Attachment(string=data, base_url=base, name=name,
                                             url_fetcher=fetcher) for name, data in options.attachments]
        out = io.BytesIO()
        document.write_pdf(out, stylesheets=[css], font_config=fonts, pdf_variant=options.variant,
                           pdf_identifier=True if options.variant else None,
                           pdf_tags=bool(options.variant), attachments=attachments or None)
    except FatalURLFetchingError as exc:
        raise ReportgenError(Diagnostic(Location(source_name), str(exc))) from None
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous_propagate
    return out.getvalue(), collector.records
