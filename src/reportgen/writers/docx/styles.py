"""Which Word style of the reference document each role is set in — the one table between the tree's roles and
Word — and what the writer needs to know of those styles (their ids, which have an exact line height)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from docx.styles import BabelFish
from lxml import etree

from .ooxml import VAL, w

# Role of a paragraph (see reportgen.tree.roles) -> Word paragraph style of the reference document.
ROLE_STYLES = {
    "paragraph": "Normal", "lead": "Normal", "indented": "Normal", "cover-title": "Title",
    "cover-kicker": "Subtitle", "cover-subtitle": "Subtitle", "cover-symbol": "Cover Symbol", "mark": "Draft Mark",
    "contents-title": "TOC Heading", "caption": "Caption",
}
HEADING_STYLES = {level: f"Heading {level}" for level in range(1, 5)}
LIST_STYLES = {"bullets": "List Bullet", "numbers": "List Number", "legend": "Normal"}
PART_STYLES = ("Header", "Footer", "toc 1", "toc 2", "toc 3", "Footnote Text", "Footnote Reference", "Table Grid",
               "Table Text")
REQUIRED_STYLES = sorted(set(ROLE_STYLES.values()) | set(HEADING_STYLES.values()) | set(LIST_STYLES.values())
                         | set(PART_STYLES))


@dataclass(frozen=True)
class Style:
    """What the writer reads of one style: its id, font size (points, inherited), and whether its line height is
    exact."""

    id: str
    size: float
    exact: bool


@lru_cache(maxsize=8)
def styles_of(reference: bytes) -> dict[str, Style]:
    """Return every style of a reference document's ``styles.xml`` by the name Word shows ("Heading 1" for the
    file's "heading 1", as python-docx names them), sizes and line rules resolved through ``w:basedOn`` and the
    document defaults."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(reference)) as archive:
        root = etree.fromstring(archive.read("word/styles.xml"))
    default_size = _size(root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}"), 10.0)
    raw = {}
    for style in root.iter(w("style")):
        name = style.find(w("name"))
        based = style.find(w("basedOn"))
        spacing = style.find(f"{w('pPr')}/{w('spacing')}")
        rule = spacing.get(w("lineRule")) if spacing is not None else None
        shown = BabelFish.internal2ui(name.get(VAL)) if name is not None else style.get(w("styleId"))
        raw[style.get(w("styleId"))] = (shown,
                                        based.get(VAL) if based is not None else None,
                                        _size(style.find(w("rPr")), None), rule)

    def resolve(style_id: str, depth: int = 0) -> tuple[float, str | None]:
        name, based, size, rule = raw[style_id]
        if (size is None or rule is None) and based in raw and depth < 10:
            base_size, base_rule = resolve(based, depth + 1)
            size, rule = size if size is not None else base_size, rule if rule is not None else base_rule
        return (size if size is not None else default_size), rule

    found = {}
    for style_id, (name, _, _, _) in raw.items():
        size, rule = resolve(style_id)
        found[name] = Style(style_id, size, rule == "exact")
    return found


def _size(rpr, default):
    if rpr is None:
        return default
    size = rpr.find(w("sz"))
    return int(size.get(VAL)) / 2 if size is not None else default
