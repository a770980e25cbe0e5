"""The PDF writer: the document tree, serialised for WeasyPrint, with the theme's ``print.css`` and a locked-down
URL fetcher.

Resources may come only from the theme (the project's ``templates/`` over the packaged default, looked up name by
name, so a project's own ``print.css`` still finds the default fonts) and ``chart:`` images we draw; any other URL —
network, ``file:`` elsewhere, a link out of the project, redirects — fails the build.
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import mimetypes
import re
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..logs import collect
from ..theme import DEFAULT, Theme
from ..tree import to_html

STYLESHEET = "print.css"
SOURCE_TYPES = {".yaml": "application/yaml", ".po": "text/x-gettext-translation"}
# PDF/UA identification and the PDF/A extension schema that declares its property (ISO 14289-1, 5; ISO 19005-3, 6.6.2.3)
PDFUA_XMP = b"""<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about=""
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
 <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>
 <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
 <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource"><pdfaProperty:name>part</pdfaProperty:name>
 <pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category>
 <pdfaProperty:description>Part of ISO 14289 followed</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
"""


def _weasyprint():
    import weasyprint  # imported lazily: it costs about half a second

    return weasyprint


def base_url(theme: Theme) -> str:
    """Return the URL relative references in templates and the stylesheet are resolved against."""
    return theme.project_folder.resolve().as_uri() + "/"


def make_fetcher(theme: Theme, images: dict[str, bytes] | None = None):
    """Return a WeasyPrint URL fetcher that serves theme files and the generated ``images`` (``chart:<id>``),
    and refuses everything else."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

    base = unquote(urlsplit(base_url(theme)).path)

    class ThemeFetcher(weasyprint.URLFetcher):
        """Serve theme files by name and our images; refuse the rest."""

        def fetch(self, url, headers=None):  # noqa: D102 - WeasyPrint API
            if images and url in images:
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/svg+xml"})
            parts = urlsplit(url)
            path = unquote(parts.path)
            if parts.scheme == "file" and not parts.netloc and path.startswith(base):
                name = path[len(base):]
                try:
                    body = theme.read(name)
                except ReportgenError as exc:
                    raise FatalURLFetchingError(f"resource '{name}': {exc.diagnostics[0].message}") from None
                mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise FatalURLFetchingError(f"refused resource '{url}': only files of the theme (the project's "
                                        f"templates/ or the default theme) may be used")

    return ThemeFetcher()


_STYLESHEETS: dict = {}
atexit.register(_STYLESHEETS.clear)  # WeasyPrint's font configuration cannot be finalised at interpreter exit


def _stylesheet(theme: Theme):
    """Return the font configuration and the parsed stylesheets — the style values (``tokens.css``, the default
    theme's then the project's), then ``print.css`` — reused across documents in a worker while the theme's files
    are unchanged (loading the @font-face fonts is a good part of a render)."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    from ..theme.style import TOKENS, style_of

    files = [theme.find(name) for name in theme.names()
             if name in (STYLESHEET, TOKENS) or name.startswith("fonts/")] + [DEFAULT / TOKENS]
    key = (str(theme.root), tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p))
    if key not in _STYLESHEETS:
        if theme.find(STYLESHEET) is None:
            raise ReportgenError(Diagnostic(Location(theme.shown(STYLESHEET)), "the print stylesheet is missing"))
        fonts = FontConfiguration()
        texts = [style_of(theme).css(), theme.read(STYLESHEET).decode("utf-8", "replace")]
        css = [weasyprint.CSS(string=text, base_url=base_url(theme), url_fetcher=make_fetcher(theme),
                              font_config=fonts) for text in texts]
        _STYLESHEETS.clear()
        _STYLESHEETS[key] = (fonts, css)
    return _STYLESHEETS[key]


def preflight(theme: Theme) -> list[Diagnostic]:
    """Parse the stylesheet and load its fonts as a render would; return what WeasyPrint reported, raise on a
    refused or missing resource."""
    from weasyprint.urls import FatalURLFetchingError

    where = Location(theme.shown(STYLESHEET))
    with collect(where) as diagnostics:
        try:
            _stylesheet(theme)
            _fetch_references(theme)
        except FatalURLFetchingError as exc:
            raise ReportgenError(Diagnostic(where, str(exc))) from None
    return diagnostics


_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _fetch_references(theme: Theme) -> None:
    """Fetch every ``url()`` of the stylesheet as a render would (backgrounds, images), so that a refused or
    missing one fails here, named at the stylesheet, rather than mid-render at a template."""
    from urllib.parse import urljoin

    text = theme.read(STYLESHEET).decode("utf-8", "replace")
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
            fonts, css = _stylesheet(theme)
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
                                   pdf_identifier=True if variant else None, pdf_tags=bool(variant),
                                   attachments=attachments or None, finisher=_finish if variant else None)
        except FatalURLFetchingError as exc:
            raise ReportgenError(Diagnostic(where, str(exc))) from None
    return out.getvalue(), diagnostics


def _ref(pdf, reference):
    return pdf.objects[int(reference.split()[0])]


def _finish(document, pdf) -> None:
    """Correct what WeasyPrint 70 writes for a PDF/A-3a release before the file is written."""
    import pydyf

    # Each embedded file once in /AF (pdf/pdfa.py adds the EmbeddedFiles names and every /Filespec), with its MIME
    # type (for string= attachments WeasyPrint only guesses from the name, and .yaml/.po are unknown).
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Filespec" and "EF" in obj:
            _ref(pdf, obj["EF"]["F"]).extra["Subtype"] = "/" + mime_type(obj["UF"].string).replace("/", "#2f")
    # Running header and footer as /Artifact: WeasyPrint marks their text /Span with MCIDs whose structure
    # elements it keeps out of the tree (pdf/tags.py, MarginBox branch).
    # Header cells get the /Scope that PDF/UA asks for (WeasyPrint writes only /Headers on the data cells):
    # /Column in the table head, /Row for a row's first cell.
    root = _ref(pdf, pdf.catalog["StructTreeRoot"])
    reachable, todo = set(), [(ref, ()) for ref in root["K"]]
    while todo:
        ref, ancestors = todo.pop()
        if not isinstance(ref, int) and ref not in reachable:
            reachable.add(ref)
            element = _ref(pdf, ref)
            if element.get("S") == "/TH" and "A" in element:
                element["A"]["Scope"] = "/Column" if "/THead" in ancestors[-2:] else "/Row"
            kids = element.get("K", [])
            todo.extend((kid, ancestors + (element.get("S"),)) for kid in (kids if isinstance(kids, list) else [kids]))
    nums = _ref(pdf, root["ParentTree"])["Nums"]
    for index, refs in zip(nums[0::2], nums[1::2]):
        orphans = {mcid for mcid, ref in enumerate(refs) if ref not in reachable} if isinstance(refs, list) else ()
        if orphans:
            ops = _ref(pdf, _ref(pdf, pdf.page_references[index])["Contents"]).stream
            for i, op in enumerate(ops):
                if isinstance(op, dict) and op.get("MCID") in orphans and ops[i + 1] == b"BDC":
                    ops[i - 1:i + 2] = "/Artifact", b"", b"BMC"
            for mcid in orphans:
                refs[mcid] = "null"
    # Also claim PDF/UA-1 (pdf_variant takes one name; pdf/ua-1 only adds this XMP and the tags pdf/a-3a has).
    metadata = _ref(pdf, pdf.catalog["Metadata"])
    metadata.stream[0] = metadata.stream[0].replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>", 1)


def mime_type(name: str) -> str:
    """Return the MIME type recorded for an embedded source file."""
    return SOURCE_TYPES.get(Path(name).suffix, "application/octet-stream")
