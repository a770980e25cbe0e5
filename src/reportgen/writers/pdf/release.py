"""What the release build corrects in the PDF/A-3a file WeasyPrint writes, before it is written: each embedded
source once in ``/AF`` with its MIME type, the embedded files' name tree in order, the PDF/UA-1 identification
beside PDF/A's, the XMP metadata unfiltered, and no stream whose end is ambiguous. The structure tree's
corrections, which every tagged PDF needs, are :mod:`.tagging`'s."""

from __future__ import annotations

from pathlib import Path

from .tagging import _ref

SOURCE_TYPES = {".yaml": "application/yaml", ".po": "text/x-gettext-translation"}
# The XMP a release adds: the PDF/UA identification (ISO 14289-1, 5) and the edition's fields, each schema declared
# in PDF/A's extension schemas (ISO 19005-3, 6.6.2.3). The edition's namespace is reportgen's own (.invalid: a name
# that is never a web address).
EDITION_NS = "https://reportgen.invalid/ns/edition/1.0/"
_DESCRIPTION = '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about=""'
_SCHEMA = ("<rdf:li rdf:parseType=\"Resource\"><pdfaSchema:schema>{name}</pdfaSchema:schema>"
           "<pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI><pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>"
           "<pdfaSchema:property><rdf:Seq>{properties}</rdf:Seq></pdfaSchema:property></rdf:li>")
_PROPERTY = ("<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>"
             "<pdfaProperty:valueType>{type}</pdfaProperty:valueType><pdfaProperty:category>{category}"
             "</pdfaProperty:category><pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>")
EDITION_FIELDS = {"status": "The edition's status: draft, final, revision or corrigendum",
                  "number": "The number of a revision or corrigendum", "date": "The edition's date (ISO 8601)",
                  "distribution": "The document's distribution: general or limited",
                  "original": "The language of the original (BCP 47)"}


def release_xmp(edition: tuple[tuple[str, str], ...]) -> bytes:
    """Return the XMP a release adds to WeasyPrint's: PDF/UA-1 identification and the edition's fields, with the
    extension schemas that declare them."""
    from xml.sax.saxutils import escape, quoteattr

    schemas = [_SCHEMA.format(name="PDF/UA identification", uri="http://www.aiim.org/pdfua/ns/id/", prefix="pdfuaid",
                              properties=_PROPERTY.format(name="part", type="Integer", category="internal",
                                                          description="Part of ISO 14289 followed"))]
    described = ""
    if edition:
        schemas.append(_SCHEMA.format(name="reportgen edition", uri=EDITION_NS, prefix="reportgen", properties="".join(
            _PROPERTY.format(name=name, type="Text", category="external", description=escape(EDITION_FIELDS[name]))
            for name, _ in edition)))
        values = " ".join(f"reportgen:{name}={quoteattr(value)}" for name, value in edition)
        described = f'{_DESCRIPTION}\n xmlns:reportgen="{EDITION_NS}" {values}/>\n'
    return (f'{_DESCRIPTION}\n xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>\n{described}'
            f'{_DESCRIPTION}\n xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
            f'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
            f'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag>'
            f'{"".join(schemas)}</rdf:Bag></pdfaExtension:schemas></rdf:Description>\n').encode("utf-8")


def unambiguous_streams() -> None:
    """Make pydyf end every stream so that its length cannot be misread. pydyf writes a stream's bytes, LF,
    ``endstream``; when the bytes end with CR (one deflated stream in 256), that CR LF reads as one end-of-line
    marker (ISO 32000-1, 7.2.2) and the stream as one byte shorter than its /Length (ISO 19005-3, 6.1.7.1). Such a
    stream is ended with CR LF instead; /Length is unchanged. pydyf makes the object and cross-reference streams
    after the finisher runs, so the fix is on its class, once per process."""
    import pydyf

    data = pydyf.Stream.data
    if getattr(data.fget, "unambiguous", False):
        return

    def stream_data(self):
        out = data.fget(self)
        return out[:-len(b"\nendstream")] + b"\r\nendstream" if out.endswith(b"\r\nendstream") else out

    stream_data.unambiguous = True
    pydyf.Stream.data = property(stream_data)


def finish(document, pdf, edition: tuple[tuple[str, str], ...] = ()) -> None:
    """Correct what WeasyPrint 70 writes for a PDF/A-3a release before the file is written; add the edition's
    fields to its XMP."""
    import pydyf

    # Each embedded file once in /AF (pdf/pdfa.py adds the EmbeddedFiles names and every /Filespec), with its MIME
    # type (for string= attachments WeasyPrint only guesses from the name, and .yaml/.po are unknown).
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    # The embedded files' name tree with its keys in order (ISO 32000-1, 7.9.6): WeasyPrint keeps the given order.
    if "EmbeddedFiles" in pdf.catalog.get("Names", {}):
        names = _ref(pdf, pdf.catalog["Names"]["EmbeddedFiles"])["Names"]
        pairs = sorted(zip(names[0::2], names[1::2]), key=lambda pair: pair[0].string)
        names[:] = [item for pair in pairs for item in pair]
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Filespec" and "EF" in obj:
            _ref(pdf, obj["EF"]["F"]).extra["Subtype"] = "/" + mime_type(obj["UF"].string).replace("/", "#2f")
    # Also claim PDF/UA-1 (pdf_variant takes one name; pdf/ua-1 only adds this XMP and the tags pdf/a-3a has).
    metadata = _ref(pdf, pdf.catalog["Metadata"])
    metadata.stream[0] = metadata.stream[0].replace(b"</rdf:RDF>", release_xmp(edition) + b"</rdf:RDF>", 1)
    # The XMP unfiltered, as archival validators want it (ISO 19005-1, 6.7.2; WeasyPrint does so for PDF/A-1 only):
    # pydyf compresses each stream by its own flag, so every other one stays compressed.
    metadata.compress = False


def mime_type(name: str) -> str:
    """Return the MIME type recorded for an embedded source file."""
    return SOURCE_TYPES.get(Path(name).suffix, "application/octet-stream")
