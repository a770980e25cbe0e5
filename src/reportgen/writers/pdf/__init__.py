"""The PDF writer: the document tree, serialised for WeasyPrint, with the theme's style values and ``print.css``,
through a locked-down fetcher (:mod:`.fetcher`); a release is PDF/A-3a and PDF/UA-1, corrected by :mod:`.release`;
a release and a comparison are tagged, their structure trees corrected by :mod:`.tagging`. ``write`` and
``preflight`` are the functions the writer registry names."""

from __future__ import annotations

import atexit
import datetime as dt
import io
import re
import warnings

from ...diagnostics import Diagnostic, Location, ReportgenError
from ...logs import collect
from ...theme import DEFAULT, MARKS, Theme
from ...tree import to_html
from .fetcher import _weasyprint, base_url, make_fetcher
from .release import finish, mime_type
from .tagging import correct_tags

STYLESHEET = "print.css"


_STYLESHEETS: dict = {}
atexit.register(_STYLESHEETS.clear)  # WeasyPrint's font configuration cannot be finalised at interpreter exit


def _stylesheet(theme: Theme):
    """Return the font configuration, the parsed stylesheets — the style values (``tokens.css``, the default
    theme's then the project's), ``print.css``, then a comparison's marks (``marks.css``, last, so that its bar
    wins over a block's own margin) — and what WeasyPrint reported while parsing each, named at its file; reused across documents in a worker while the theme's files
    are unchanged (loading the @font-face fonts is a good part of a render)."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    from ...theme.style import TOKENS, style_of

    default = DEFAULT / TOKENS  # the project's tokens.css sets only what it changes: the defaults count too
    key = theme.state(STYLESHEET, MARKS, TOKENS) + ((default.stat().st_mtime_ns, default.stat().st_size),)
    if key not in _STYLESHEETS:
        if theme.find(STYLESHEET) is None:
            raise ReportgenError(Diagnostic(Location(theme.shown(STYLESHEET)), "the print stylesheet is missing"))
        fonts, css, reported = FontConfiguration(), [], []
        texts = [(TOKENS, style_of(theme).css())]
        texts += [(name, theme.read(name).decode("utf-8", "replace")) for name in (STYLESHEET, MARKS)]
        for name, text in texts:
            where = Location(theme.shown(name))
            with collect(where) as found:
                try:
                    css.append(weasyprint.CSS(string=text, base_url=base_url(theme), url_fetcher=make_fetcher(theme),
                                              font_config=fonts))
                except FatalURLFetchingError as exc:
                    raise ReportgenError(Diagnostic(where, str(exc))) from None
            reported += found
        _STYLESHEETS.clear()
        _STYLESHEETS[key] = (fonts, css, tuple(reported))
    return _STYLESHEETS[key]


def preflight(theme: Theme) -> list[Diagnostic]:
    """Parse the stylesheets and load their fonts as a render would; return what WeasyPrint reported, named at
    each file, raise on a refused or missing resource."""
    from weasyprint.urls import FatalURLFetchingError

    diagnostics = list(_stylesheet(theme)[2])
    for name in (MARKS, STYLESHEET):
        where = Location(theme.shown(name))
        with collect(where) as found:
            try:
                _fetch_references(theme, name)
            except FatalURLFetchingError as exc:
                raise ReportgenError(Diagnostic(where, str(exc))) from None
        diagnostics += found
    return diagnostics


_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _fetch_references(theme: Theme, name: str) -> None:
    """Fetch every ``url()`` of stylesheet ``name`` as a render would (backgrounds, images), so that a refused or
    missing one fails here, named at the stylesheet, rather than mid-render at a template."""
    from urllib.parse import urljoin

    text = theme.read(name).decode("utf-8", "replace")
    fetcher = make_fetcher(theme)
    for _, reference in _URL.findall(re.sub(r"/\*.*?\*/", "", text, flags=re.S)):
        if not reference.startswith("data:"):
            fetcher.fetch(urljoin(base_url(theme), reference.strip()))


def write(job, images: dict[str, bytes]) -> tuple[bytes, list[Diagnostic]]:
    """Return the PDF bytes of ``job`` and what WeasyPrint reported while rendering it."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    theme = job.theme
    where = Location(job.template)
    with collect(where) as diagnostics:
        try:
            fetcher = make_fetcher(theme, images)
            fonts, css, _ = _stylesheet(theme)
            document = weasyprint.HTML(string=to_html(job.tree), base_url=base_url(theme), url_fetcher=fetcher)
            created = dt.datetime.fromtimestamp(job.epoch, dt.timezone.utc)
            attachments = [weasyprint.Attachment(string=data, name=name, description=description,
                                                 created=created, modified=created, relationship="Source")
                           for name, data, description in job.attachments] if job.release else []
            out = io.BytesIO()
            variant = "pdf/a-3a" if job.release else None
            with warnings.catch_warnings():
                # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes it (pdf/__init__.py:150).
                warnings.filterwarnings("ignore", r"unclosed file .*sRGB2014\.icc", ResourceWarning)
                document.write_pdf(out, stylesheets=css, font_config=fonts, pdf_variant=variant,
                                   pdf_identifier=True if variant else None, pdf_tags=job.structured,
                                   attachments=attachments or None, finisher=_finisher(job))
        except FatalURLFetchingError as exc:
            raise ReportgenError(Diagnostic(where, str(exc))) from None
    return out.getvalue(), diagnostics


def _finisher(job):
    """Return what completes the PDF before it is written: the edition's fields in its information dictionary
    (``/EditionStatus``, ``/EditionDate``, …), the structure tree's corrections (:mod:`.tagging`) when it has
    one, and for a release the corrections of :mod:`.release`."""
    import pydyf

    edition = job.tree.meta.edition

    def finisher(document, pdf) -> None:
        for name, value in edition:
            pdf.info[f"Edition{name.capitalize()}"] = pydyf.String(value)
        if job.structured:
            correct_tags(pdf)
        if job.release:
            finish(document, pdf, edition)

    return finisher


__all__ = ["base_url", "make_fetcher", "mime_type", "preflight", "write"]
