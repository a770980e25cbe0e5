"""Embed the theme's fonts in a Word file, subset to the characters the file uses (ECMA-376 Part 1, §17.8.1).

Without them, Word and LibreOffice on a machine without Noto substitute other fonts and the document reflows (the
2024 progress report ran 18 pages instead of 21). Each face the document's fonts need is subset by HarfBuzz
to the characters the document uses (and Basic Latin), with its layout features (``locl`` among them, for the
Serbian and Macedonian letter forms), obfuscated with a key
derived from its name, stored as ``word/fonts/fontN.odttf`` and linked from ``word/fontTable.xml``. The OFL allows
embedding and subsetting. Same input, same bytes.
"""

from __future__ import annotations

import hashlib
import struct
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from fontTools.ttLib import TTLibError
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = R + "/font"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
STYLES = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic", "boldItalic": "embedBoldItalic"}
# CT_Settings children that may stand before w:embedTrueTypeFonts and w:saveSubsetFonts (schema order).
BEFORE_EMBED = {"writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts"}
ALWAYS = "".join(map(chr, range(0x20, 0x7F)))  # Basic Latin, so an editor can type any plain word
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments|numbering)\.xml")


@dataclass(frozen=True)
class Face:
    """One font file of the theme: its family as Word names it, its style, and its bytes."""

    family: str
    style: str
    data: bytes


def faces_of(fonts: list[bytes]) -> tuple[Face, ...]:
    """Return the faces of font files, named from their own name tables (family, and style from the subfamily)."""
    from fontTools.ttLib import TTFont

    found = []
    for data in fonts:
        font = TTFont(io.BytesIO(data), lazy=True)
        family = font["name"].getDebugName(1)
        sub = (font["name"].getDebugName(2) or "Regular").replace(" ", "").lower()
        style = {"regular": "regular", "bold": "bold", "italic": "italic", "bolditalic": "boldItalic"}.get(sub)
        if family and style:
            found.append(Face(family, style, data))
    return tuple(sorted(found, key=lambda f: (f.family, list(STYLES).index(f.style))))


def word_family(theme, css_family: str) -> str:
    """Return the family name Word knows a font of the print stylesheet by: the name table's family of the first
    file its ``@font-face`` rules give ``css_family`` ("RG Serif" -> "Noto Serif")."""
    from ...diagnostics import Diagnostic, Location, ReportgenError

    files = font_faces(theme).get(css_family)
    if not files:
        raise ReportgenError(Diagnostic(Location(theme.shown("print.css")), f"no @font-face gives the font family "
                                                                           f"'{css_family}' of the style values"))
    try:
        return faces_of([theme.read(files[0])])[0].family
    except (TTLibError, AssertionError, KeyError, ValueError, EOFError, IndexError, struct.error) as exc:
        raise ReportgenError(Diagnostic(Location(theme.shown(files[0])), f"not a font the writers can use "
                                                                         f"({exc})")) from None


def font_faces(theme) -> dict[str, list[str]]:
    """Return the theme files the print stylesheet's ``@font-face`` rules give each family, in order."""
    return _font_faces(theme.read("print.css").decode("utf-8", "replace"))


@lru_cache(maxsize=8)
def _font_faces(css: str) -> dict[str, list[str]]:
    import tinycss2

    found: dict[str, list[str]] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
            continue
        family = source = None
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type != "declaration":
                continue
            if item.lower_name == "font-family":
                family = tinycss2.serialize(item.value).strip().strip("\"'")
            elif item.lower_name == "src":
                source = next((token.value for token in item.value if token.type == "url"), None)
        if family and source:
            found.setdefault(family, []).append(source)
    return found


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def used_text(parts: dict[str, bytes]) -> str:
    """Return the characters of the text parts (runs, field codes, list labels), ASCII, and both cases."""
    chars = set(ALWAYS)
    for name, data in parts.items():
        if TEXT_PARTS.fullmatch(name):
            root = etree.fromstring(data)
            for element in root.iter(_w("t"), _w("delText"), _w("instrText")):
                chars.update(element.text or "")
            for element in root.iter(_w("lvlText")):
                chars.update(element.get(_w("val"), ""))
    chars |= {c.upper() for c in chars} | {c.lower() for c in chars}  # for w:caps
    return "".join(sorted(chars))


def used_families(parts: dict[str, bytes]) -> set[str]:
    """Return the font names the styles and the text parts refer to."""
    names = set(_families(parts["word/styles.xml"])) if "word/styles.xml" in parts else set()
    for name, data in parts.items():
        if TEXT_PARTS.fullmatch(name):
            names.update(_families(data))
    return names


@lru_cache(maxsize=64)
def _families(xml: bytes) -> frozenset[str]:
    """Return the font names an XML part's ``w:rFonts`` name (the styles repeat from document to document)."""
    return frozenset(v for element in etree.fromstring(xml).iter(_w("rFonts"))
                     for k, v in element.attrib.items() if not k.endswith("Theme"))


def font_key(family: str, style: str) -> str:
    """Return the obfuscation key of a face: a GUID derived from its family and style."""
    h = hashlib.sha256(f"{family}\0{style}".encode()).hexdigest().upper()
    return f"{{{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}}}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes in reverse order (§17.8.1); its own inverse."""
    k = bytes.fromhex(re.sub(r"[^0-9A-Fa-f]", "", key))[::-1]
    return bytes(b ^ k[i % 16] for i, b in enumerate(data[:32])) + data[32:]


@lru_cache(maxsize=16)
def subset(data: bytes, text: str) -> bytes:
    """Return the font ``data`` subset to ``text`` by HarfBuzz's subsetter: its default layout features kept
    (``locl`` among them), names and dates as they are. A hundred times faster than fontTools' subsetter, and
    deterministic."""
    import uharfbuzz as hb

    wanted = hb.SubsetInput()
    for char in text:
        wanted.unicode_set.add(ord(char))
    result = hb.subset(hb.Face(data), wanted)
    if result is None:
        raise ValueError("HarfBuzz could not subset the font")
    return bytes(result.blob.data)


def _font_entry(table, family: str, data: bytes):
    """Return a new ``<w:font>`` for ``family``, with panose and signature from the font's OS/2 table."""
    from fontTools.misc import sstruct
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables.O_S_2f_2 import panoseFormat

    os2 = TTFont(io.BytesIO(data))["OS/2"]
    entry = etree.SubElement(table, _w("font"), {_w("name"): family})
    for tag, value in (("panose1", sstruct.pack(panoseFormat, os2.panose).hex().upper()), ("charset", "00"),
                       ("family", "auto"), ("pitch", "variable")):
        etree.SubElement(entry, _w(tag), {_w("val"): value})
    signature = {f"usb{i}": getattr(os2, f"ulUnicodeRange{i + 1}") for i in range(4)}
    signature |= {f"csb{i}": getattr(os2, f"ulCodePageRange{i + 1}", 0) for i in range(2)}
    etree.SubElement(entry, _w("sig"), {_w(k): f"{v:08X}" for k, v in signature.items()})
    return entry


def _settings(settings) -> None:
    for tag in ("embedTrueTypeFonts", "saveSubsetFonts"):
        if settings.find(_w(tag)) is None:
            position = max((i + 1 for i, child in enumerate(settings)
                            if isinstance(child.tag, str) and etree.QName(child).localname in BEFORE_EMBED),
                           default=0)
            settings.insert(position, etree.Element(_w(tag)))


def _xml(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def embed_fonts(parts: dict[str, bytes], faces: tuple[Face, ...]) -> dict[str, bytes]:
    """Return the package ``parts`` with the ``faces`` of every font family they use embedded, subset to their
    text (new parts last)."""
    wanted = used_families(parts)
    chosen = [face for face in faces if face.family in wanted]
    if not chosen:
        return parts
    parts = dict(parts)
    text = used_text(parts)
    table = etree.fromstring(parts["word/fontTable.xml"])
    rels_name = "word/_rels/fontTable.xml.rels"
    rels = etree.fromstring(parts.pop(rels_name, f'<Relationships xmlns="{PR}"/>'.encode()))
    for rel in rels.findall(f"{{{PR}}}Relationship[@Type='{FONT_REL}']"):  # the reference's own, replaced
        parts.pop("word/" + rel.get("Target"), None)
        rels.remove(rel)
    ids = {rel.get("Id") for rel in rels}
    added: dict[str, bytes] = {}
    for family in sorted({face.family for face in chosen}):
        entry = next((f for f in table.iter(_w("font")) if f.get(_w("name")) == family), None)
        family_faces = [face for face in chosen if face.family == family]
        if entry is None:
            entry = _font_entry(table, family, family_faces[0].data)
        for old in [c for c in entry if isinstance(c.tag, str) and etree.QName(c).localname in STYLES.values()]:
            entry.remove(old)
        for face in family_faces:  # in STYLES order, the schema's order of w:embed*
            r_id = next(f"rId{i}" for i in range(1, len(ids) + 2) if f"rId{i}" not in ids)
            ids.add(r_id)
            key, target = font_key(family, face.style), f"fonts/font{len(added) + 1}.odttf"
            added["word/" + target] = obfuscate(subset(face.data, text), key)
            etree.SubElement(rels, f"{{{PR}}}Relationship", Id=r_id, Type=FONT_REL, Target=target)
            etree.SubElement(entry, _w(STYLES[face.style]), {f"{{{R}}}id": r_id, _w("fontKey"): key})
    settings = etree.fromstring(parts["word/settings.xml"])
    _settings(settings)
    types = etree.fromstring(parts["[Content_Types].xml"])
    if types.find(f"{{{CT}}}Default[@Extension='odttf']") is None:
        types.insert(0, etree.Element(f"{{{CT}}}Default", Extension="odttf", ContentType=ODTTF))
    parts.update({"word/fontTable.xml": _xml(table), "word/settings.xml": _xml(settings),
                  "[Content_Types].xml": _xml(types)})
    parts[rels_name] = _xml(rels)
    parts.update(added)
    return parts
