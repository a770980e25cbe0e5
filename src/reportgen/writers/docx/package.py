"""The package parts around the document body, made ours rather than python-docx's template's: extended (app)
properties naming reportgen, no thumbnail, a document id of the document's own, Word 2013+ compatibility mode."""

from __future__ import annotations

import hashlib
import io
import zipfile

from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ... import __version__

APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
THUMBNAIL_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
DROPPED = (THUMBNAIL_RT, CUSTOM_RT)  # a reference document's thumbnail and custom properties are its own
# Word 2010's copy of styles.xml that python-docx's template carries, out of step with ours (Word no longer needs
# it; validators report the difference as a file Word may find unreadable).
STYLES_WITH_EFFECTS_RT = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no "Compatibility Mode" banner


def app_properties() -> bytes:
    """Return ``docProps/app.xml``: the application that wrote the file, and no statistics (Word fills those in;
    a stale "1 page, 0 words" is worse than none)."""
    major, minor = (__version__.split(".") + ["0"])[:2]
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<Application>reportgen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
            f'<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
            f'<HyperlinksChanged>false</HyperlinksChanged><AppVersion>{int(major):02d}.{int(minor):04d}</AppVersion>'
            '</Properties>').encode("utf-8")


def document_id(identity: str) -> tuple[str, str]:
    """Return the ``w14:docId`` (8 hex digits) and ``w15:docId`` (a GUID) derived from ``identity``."""
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest().upper()
    guid = f"{{{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}}}"
    short = f"{int(digest[32:40], 16) & 0x7FFFFFFF:08X}"  # Word writes ids below 0x80000000
    return short, guid


def finish_package(document, identity: str) -> None:
    """Replace what python-docx's default template leaves in every file: app properties, thumbnail, document
    ids, compatibility mode, a printing date."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype in DROPPED:
            package.rels.pop(r_id)
    for part in package.iter_parts():
        if part.content_type == APP_CT:
            part._blob = app_properties()
    settings = document.settings.element
    # No thumbnail; spelling not claimed checked; no protection or password a reference document carried.
    for stale in ("w:savePreviewPicture", "w:proofState", "w:documentProtection", "w:writeProtection"):
        for element in settings.findall(qn(stale)):
            settings.remove(element)
    short, guid = document_id(identity)
    for tag, value in ((f"{{{W14}}}docId", short), (f"{{{W15}}}docId", guid)):
        for element in settings.iter(tag):
            element.set(f"{{{tag.split('}')[0][1:]}}}val", value)
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), COMPATIBILITY_MODE)
            break
    else:
        setting = OxmlElement("w:compatSetting")
        setting.set(qn("w:name"), "compatibilityMode")
        setting.set(qn("w:uri"), "http://schemas.microsoft.com/office/word")
        setting.set(qn("w:val"), COMPATIBILITY_MODE)
        compat.append(setting)
    core = document.core_properties._element
    for printed in core.findall(qn("cp:lastPrinted")):
        core.remove(printed)
    drop_styles_with_effects(document)


def drop_styles_with_effects(document) -> None:
    """Drop ``word/stylesWithEffects.xml`` with its relationship; its content type goes with it, since the
    content types are written from the parts that remain."""
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS_RT:
            document.part.drop_rel(r_id)


class _Parts:
    """Collects what python-docx's package writer would put in the zip, as ``{member name: bytes}``."""

    def __init__(self):
        self.parts: dict[str, bytes] = {}

    def write(self, uri, blob: bytes) -> None:
        self.parts[uri.membername] = blob


def parts_of(document) -> dict[str, bytes]:
    """Return every part of ``document``'s package, in the order python-docx writes them: content types, package
    relationships, then each part and its relationships (so the zip is written once, by :func:`zip_parts`)."""
    package = document.part.package
    collector = _Parts()
    parts = list(package.parts)
    PackageWriter._write_content_types_stream(collector, parts)
    PackageWriter._write_pkg_rels(collector, package.rels)
    PackageWriter._write_parts(collector, parts)
    return collector.parts


FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def zip_parts(parts: dict[str, bytes], date_time: tuple[int, int, int, int, int, int] = FIXED_TIME) -> bytes:
    """Return the package holding ``parts``, every entry stamped ``date_time`` with fixed attributes: identical
    documents are identical files (python-docx stamps the current time and ignores ``SOURCE_DATE_EPOCH``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data, compresslevel=6)
    return out.getvalue()


CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROPERTY_SET = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the user-defined properties' format id
PROPERTY_LIMIT = 255  # characters of a property's text Word shows and keeps


def add_custom_properties(document, properties: dict[str, str]) -> None:
    """Add ``docProps/custom.xml`` with each property as text (``vt:lpwstr``: LibreOffice keeps text as it is,
    where it turns numbers into another type)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from xml.sax.saxutils import escape, quoteattr

    rows = "".join(f'<property fmtid="{_PROPERTY_SET}" pid="{pid}" name={quoteattr(name)}>'
                   f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
                   for pid, (name, value) in enumerate(properties.items(), start=2))
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{rows}</Properties>').encode("utf-8")
    package = document.part.package
    package.relate_to(Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, blob, package), CUSTOM_RT)


def source_properties(document_id: str, language: str, sources: list[tuple[str, str]]) -> dict[str, str]:
    """Return the properties that say where a Word file's text came from: the document, its language, and the key
    table (``_RG00001=action-plan:A1.text;…``) in as many properties as the text limit needs."""
    properties = {"reportgen.document": document_id, "reportgen.language": language}
    chunk, number = "", 1
    for name, key in sources:
        entry = f"{name}={key}"
        if chunk and len(chunk) + 1 + len(entry) > PROPERTY_LIMIT:
            properties[f"reportgen.keys.{number:03d}"] = chunk
            chunk, number = "", number + 1
        chunk = f"{chunk};{entry}" if chunk else entry
    if chunk:
        properties[f"reportgen.keys.{number:03d}"] = chunk
    return properties
