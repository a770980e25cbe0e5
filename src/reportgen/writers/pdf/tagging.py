"""The structure tree of a tagged PDF (a release, a comparison), as WeasyPrint 70 builds it and as reportgen
corrects it: a comparison's marks spoken as what they are, the running header and footer as artifacts, ``/Scope``
on header cells, and a link annotation's element a ``/Link``.

WeasyPrint tags ``<ins>`` and ``<del>`` as ``/NonStruct`` and has no way to give an element words of its own, so a
screen reader would read a deletion as if it were text of the document. :func:`spoken_marks` wraps the function
that builds one box's structure elements (``weasyprint.pdf.tags._build_box_tree``, which calls itself through its
module): the element of a mark with screen-reader words (``data-label``, from the comparison) becomes a ``/Span``
whose ``/ActualText`` is those words and the mark's text, "deleted text: data for risks" (ISO 32000-1, 14.9.4) —
the words the HTML edition writes as visually hidden text. A mark broken over lines is several boxes: the first
with text says the whole mark, the others an empty ``/ActualText``, so it is heard once and whole (without the
hyphen of a line's end)."""

from __future__ import annotations

LABEL = "data-label"  # the screen-reader words of a comparison's mark (editions.comparison)
MARKS = ("ins", "del")


def spoken_marks() -> None:
    """Make WeasyPrint tag each labelled mark as a ``/Span`` that says what it is; once per process."""
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "spoken_marks", False):
        return

    def build_box_tree(box, parent, pdf, page_number, nums, annotations, marked):
        label = _label(box)
        for element in build(box, parent, pdf, page_number, nums, annotations, marked):
            if label is not None and element.get("S") == "/NonStruct" and _holds_text(box):
                # a mark inside a link (a contents entry) holds a link annotation of its own: then it is a Link
                element["S"] = "/Link" if box.link_annotation else "/Span"
                element["ActualText"] = pydyf.String(_first_words(pdf, box.element, label))
            yield element

    build_box_tree.spoken_marks = True
    tags._build_box_tree = build_box_tree


def _label(box) -> str | None:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) not in MARKS:
        return None
    return element.get(LABEL)


def _holds_text(box) -> bool:
    """Return whether a box draws text (a mark around a block leaves empty inline boxes before and after it)."""
    return bool(getattr(box, "text", "").strip()) or any(_holds_text(child) for child in getattr(box, "children", ()))


def _first_words(pdf, element, label: str) -> str:
    """Return what a mark's box says: its label and all its words for the first box of ``element`` in ``pdf``,
    nothing for the boxes that continue it on later lines."""
    spoken = pdf.__dict__.setdefault("_reportgen_spoken", set())
    if id(element) in spoken:
        return ""
    spoken.add(id(element))
    return f"{label} {' '.join(''.join(element.itertext()).split())}"


def _ref(pdf, reference):
    """Return the object a pydyf reference (``'12 0 R'``) names."""
    return pdf.objects[int(reference.split()[0])]


def correct_tags(pdf) -> None:
    """Correct the structure tree WeasyPrint 70 writes: the running header and footer as ``/Artifact`` (WeasyPrint
    marks their text ``/Span`` with MCIDs whose structure elements it keeps out of the tree, pdf/tags.py's MarginBox
    branch), ``/Scope`` on header cells as PDF/UA asks (``/Column`` in the table head, ``/Row`` for a row's first
    cell; WeasyPrint writes only ``/Headers`` on the data cells), and a link annotation's element a ``/Link``."""
    root = _ref(pdf, pdf.catalog["StructTreeRoot"])
    reachable, todo = set(), [(ref, ()) for ref in root["K"]]
    while todo:
        ref, ancestors = todo.pop()
        if not isinstance(ref, int) and ref not in reachable:
            reachable.add(ref)
            element = _ref(pdf, ref)
            if element.get("S") == "/TH" and "A" in element:
                element["A"]["Scope"] = "/Column" if "/THead" in ancestors[-2:] else "/Row"
            if element.get("S") == "/NonStruct" and "/Link" in ancestors and _holds_link(pdf, element):
                # an inline element inside a link (formatting in a contents entry): WeasyPrint gives it a link
                # annotation of its own but tags it by its element; a link annotation's element is a Link
                element["S"] = "/Link"
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


def _holds_link(pdf, element) -> bool:
    """Return whether a structure element holds a link annotation (an object reference to a /Link)."""
    kids = element.get("K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if not isinstance(kid, int):
            target = _ref(pdf, kid)
            if target.get("Type") == "/OBJR" and _ref(pdf, target["Obj"]).get("Subtype") == "/Link":
                return True
    return False
