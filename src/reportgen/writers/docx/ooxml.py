"""Small builders of WordprocessingML elements (ECMA-376 Part 1, §17), made directly with lxml: a paragraph, a run,
a field, a bookmark, a hyperlink, a table's parts. Each child is written in the order the schema requires, so the
walker never has to know it; python-docx's proxies are kept for the package, where they cost nothing."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(tag: str) -> str:
    """Return the Clark name of a ``w:`` element or attribute (``w("p")``)."""
    return f"{{{W_NS}}}{tag}"


VAL = w("val")
SUB = etree.SubElement
# CT_RPr children in schema order (the ones the writer sets).
RPR_ORDER = ("rStyle", "rFonts", "b", "i", "caps", "color", "spacing", "sz", "szCs", "u", "lang")


def element(tag: str, parent=None, **attributes: str):
    """Return a new ``w:tag`` (under ``parent`` when given) with ``w:`` attributes."""
    attrs = {w(k): v for k, v in attributes.items()}
    return SUB(parent, w(tag), attrs) if parent is not None else etree.Element(w(tag), attrs)


def paragraph(style_id: str | None = None, parent=None):
    """Return a new ``w:p`` in the paragraph style ``style_id``, with its ``w:pPr``."""
    p = element("p", parent)
    ppr = element("pPr", p)
    if style_id:
        element("pStyle", ppr, val=style_id)
    return p


def paragraph_properties(p):
    """Return the ``w:pPr`` of paragraph ``p``."""
    return p[0]


# CT_PPr children in schema order (the ones the writer sets).
PPR_ORDER = ("pStyle", "keepNext", "pageBreakBefore", "spacing", "ind", "jc")


def _property(ppr, tag: str):
    """Return the ``w:tag`` child of ``ppr``, added where the schema puts it if absent."""
    found = ppr.find(w(tag))
    if found is not None:
        return found
    rank = PPR_ORDER.index(tag)
    new = etree.Element(w(tag))
    for position, child in enumerate(ppr):
        name = etree.QName(child).localname
        if name not in PPR_ORDER or PPR_ORDER.index(name) > rank:
            ppr.insert(position, new)
            return new
    ppr.append(new)
    return new


def set_paragraph(p, *, keep_next: bool = False, page_break: bool = False, indent_twips: int | None = None,
                  before_twips: int | None = None, after_twips: int | None = None, line_twips: int | None = None,
                  line_rule: str = "exact", jc: str | None = None) -> None:
    """Give paragraph ``p`` the properties asked for, each where the schema puts it (a second call adds to the
    same ``w:spacing``)."""
    ppr = paragraph_properties(p)
    if keep_next:
        _property(ppr, "keepNext")
    if page_break:
        _property(ppr, "pageBreakBefore")
    for name, value in (("before", before_twips), ("after", after_twips), ("line", line_twips)):
        if value is not None:
            spacing = _property(ppr, "spacing")
            spacing.set(w(name), str(value))
            if name == "line":
                spacing.set(w("lineRule"), line_rule)
    if indent_twips is not None:
        _property(ppr, "ind").set(w("left"), str(indent_twips))
    if jc is not None:
        _property(ppr, "jc").set(VAL, jc)


def run(text: str | None = None, *, bold: bool = False, italic: bool = False, lang: str | None = None,
        font: str | None = None, colour: str | None = None, caps: bool = False, spacing: int | None = None,
        underline: bool = False, style_id: str | None = None, size: float | None = None):
    """Return a ``w:r`` holding ``text`` (white space kept) with the run properties asked for."""
    r = etree.Element(w("r"))
    properties = []
    if style_id:
        properties.append(("rStyle", {"val": style_id}))
    if font:
        properties.append(("rFonts", {"ascii": font, "hAnsi": font}))
    if bold:
        properties.append(("b", {}))
    if italic:
        properties.append(("i", {}))
    if caps:
        properties.append(("caps", {}))
    if colour:
        properties.append(("color", {"val": colour}))
    if spacing is not None:
        properties.append(("spacing", {"val": str(spacing)}))
    if size is not None:  # in half-points
        properties += [("sz", {"val": str(round(size * 2))}), ("szCs", {"val": str(round(size * 2))})]
    if underline:
        properties.append(("u", {"val": "single"}))
    if lang:
        properties.append(("lang", {"val": lang}))
    if properties:
        rpr = element("rPr", r)
        for tag, attributes in properties:
            element(tag, rpr, **attributes)
    if text is not None:
        t = element("t", r)
        t.text = text
        if text != text.strip():
            t.set(XML_SPACE, "preserve")
    return r


def field_char(parent, kind: str):
    """Append a run with a ``w:fldChar`` of ``kind`` (begin, separate, end) to ``parent``."""
    element("fldChar", element("r", parent), fldCharType=kind)


def field_begin(parent, instruction: str) -> None:
    """Append the beginning of a complex field (begin, instruction, separate) to ``parent``."""
    field_char(parent, "begin")
    instr = element("instrText", element("r", parent))
    instr.set(XML_SPACE, "preserve")
    instr.text = instruction
    field_char(parent, "separate")


def simple_field(parent, instruction: str, cached: str) -> None:
    """Append a ``w:fldSimple`` (PAGE, NUMPAGES) showing ``cached`` until Word updates it."""
    field = element("fldSimple", parent, instr=f" {instruction} ")
    element("t", element("r", field)).text = cached


def bookmark(parent, number: int, name: str) -> None:
    """Append an empty bookmark ``name`` (a TOC entry's or link's target) to ``parent``."""
    element("bookmarkStart", parent, id=str(number), name=name)
    element("bookmarkEnd", parent, id=str(number))


def hyperlink(parent, anchor: str | None = None, relationship: str | None = None):
    """Append and return a ``w:hyperlink`` to a bookmark (``anchor``) or an external address (``relationship``)."""
    link = element("hyperlink", parent)
    if anchor is not None:
        link.set(w("anchor"), anchor)
        link.set(w("history"), "1")
    else:
        link.set(f"{{{R_NS}}}id", relationship)
    return link


def line_break():
    """Return a run holding a line break."""
    r = etree.Element(w("r"))
    element("br", r)
    return r


def footnote_reference(style_id: str, number: int):
    """Return the run that calls footnote ``number``."""
    r = etree.Element(w("r"))
    element("rStyle", element("rPr", r), val=style_id)
    element("footnoteReference", r, id=str(number))
    return r


def shading(parent, fill: str):
    """Append a ``w:shd`` filling a cell with the hex colour ``fill``."""
    return element("shd", parent, val="clear", color="auto", fill=fill)


def table(style_id: str, widths: list[int], margins: tuple[int, int]):
    """Return a ``w:tbl`` in ``style_id`` with fixed columns of ``widths`` (twips) and cell ``margins`` (top and
    bottom, left and right, in twips), as python-docx's own tables are made."""
    tbl = etree.Element(w("tbl"))
    tblpr = element("tblPr", tbl)
    element("tblStyle", tblpr, val=style_id)
    element("tblW", tblpr, type="auto", w="0")
    element("tblLayout", tblpr, type="fixed")
    cell_margins = element("tblCellMar", tblpr)
    vertical, horizontal = margins
    for side, size in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        element(side, cell_margins, w=str(size), type="dxa")
    element("tblLook", tblpr, firstColumn="1", firstRow="1", lastColumn="0", lastRow="0", noHBand="0",
            noVBand="1", val="04A0")
    grid = element("tblGrid", tbl)
    for width in widths:
        element("gridCol", grid, w=str(width))
    return tbl


def table_row(tbl, header: bool = False):
    """Append and return a ``w:tr`` (a header row repeats on every page: ``w:tblHeader``, bare, as Word writes
    it)."""
    tr = element("tr", tbl)
    if header:
        element("tblHeader", element("trPr", tr))
    return tr


def table_cell(tr, width: int, fill: str | None = None, centred: bool = False):
    """Append and return a ``w:tc`` of ``width`` twips, filled with ``fill``, its content vertically centred."""
    tc = element("tc", tr)
    tcpr = element("tcPr", tc)
    element("tcW", tcpr, w=str(width), type="dxa")
    if fill:
        shading(tcpr, fill)
    if centred:
        element("vAlign", tcpr, val="center")
    return tc


def twips(points: float) -> int:
    """Return ``points`` in twentieths of a point."""
    return round(points * 20)


def tracked(tag: str, number: int, author: str, date: str):
    """Return a ``w:ins`` or ``w:del`` of revision ``number`` (a tracked change, with its author and date)."""
    return element(tag, id=str(number), author=author, date=date)


def delete_text(r) -> None:
    """Turn the text of run ``r`` into deleted text (``w:delText``), as a deletion's runs hold it."""
    for t in r.iter(w("t")):
        t.tag = w("delText")


def mark_paragraph(p, tag: str, number: int, author: str, date: str) -> None:
    """Mark the paragraph mark of ``p`` inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``): accepting or rejecting
    the change then keeps or removes the paragraph itself."""
    ppr = paragraph_properties(p)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = element("rPr", ppr)  # last in CT_PPr but for sectPr and pPrChange, which the writer never sets
    rpr.append(tracked(tag, number, author, date))


def mark_row(tr, tag: str, number: int, author: str, date: str) -> None:
    """Mark table row ``tr`` inserted or deleted (``w:trPr/w:ins|w:del``)."""
    trpr = tr.find(w("trPr"))
    if trpr is None:
        trpr = etree.Element(w("trPr"))
        tr.insert(0 if tr.find(w("tblPrEx")) is None else 1, trpr)
    trpr.append(tracked(tag, number, author, date))


_VML = "urn:schemas-microsoft-com:vml"
_OFFICE = "urn:schemas-microsoft-com:office:office"
# Word's own definition of its WordArt shape (o:spt 136, "text plain"), as Word writes it for a watermark.
_TEXT_SHAPE = (
    '<v:shapetype xmlns:v="{v}" xmlns:o="{o}" id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>'
    '<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
    '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>'
    '<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" '
    'o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" '
    'shapetype="t"/></v:shapetype>')


def watermark(text: str, font: str, colour: str, number: int):
    """Return a run holding a watermark as Word makes one: a WordArt shape in the header, behind the text,
    centred on the page and turned 45 degrees."""
    r = etree.Element(w("r"))
    pict = element("pict", r)
    pict.append(etree.fromstring(_TEXT_SHAPE.format(v=_VML, o=_OFFICE)))
    shape = etree.SubElement(pict, f"{{{_VML}}}shape", {
        "id": f"ReportgenWatermark{number}", "type": "#_x0000_t136", f"{{{_OFFICE}}}allowincell": "f",
        "fillcolor": f"#{colour}", "stroked": "f",
        "style": "position:absolute;margin-left:0;margin-top:0;width:460pt;height:150pt;rotation:315;"
                 "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
                 "mso-position-vertical:center;mso-position-vertical-relative:margin"})
    etree.SubElement(shape, f"{{{_VML}}}fill", {"opacity": ".2"})
    etree.SubElement(shape, f"{{{_VML}}}textpath", {"style": f'font-family:"{font}";font-size:1pt',
                                                    "string": text})
    return r
