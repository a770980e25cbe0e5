"""The HTML edition's page: a pure function of the document tree and the charts' SVG, reading roles only.

What print needs and a screen does not (running header and footer, page fields) goes; what a screen and its
readers need comes in: the cover's title as the one ``<h1>`` (every heading one level down, so they stay in order),
header cells with ``scope``, a caption on every table, the status symbols' words for screen readers, charts as
inline SVG with their text alternative, and footnotes as linked notes with a way back. What depends on the other
files of the build — the language switcher, the downloads, and the edition's words around them — is filled in by
the finish phase (:mod:`.links`) between the page's markers, ``<!--rg:NAME-->…<!--/rg:NAME-->``.
"""

from __future__ import annotations

import html
import re

from lxml import html as lxml_html
from lxml.html import HtmlElement

from ...tree import Tree, to_element

ROLE = "data-role"  # on the elements while the page is made, from the tree; removed before it is written
_HIDDEN = "visually-hidden"
MARKERS = ("alternates", "top", "notes", "back")


def marker(name: str) -> str:
    """Return the empty region the finish phase fills in: ``<!--rg:name--><!--/rg:name-->``."""
    return f"<!--rg:{name}--><!--/rg:{name}-->"


def fill(page: str, parts: dict[str, str]) -> str:
    """Return ``page`` with each marked region holding the HTML of ``parts`` (every occurrence)."""
    for name, content in parts.items():
        page = re.sub(f"<!--rg:{name}-->.*?<!--/rg:{name}-->",
                      lambda _: f"<!--rg:{name}-->{content}<!--/rg:{name}-->", page, flags=re.S)
    return page


def _element(tag: str, text: str | None = None, **attributes: str) -> HtmlElement:
    element = lxml_html.Element(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()})
    element.text = text
    return element


def _comment(name: str) -> list:
    return [lxml_html.HtmlComment(f"rg:{name}"), lxml_html.HtmlComment(f"/rg:{name}")]


def _role(element: HtmlElement) -> str | None:
    return element.get(ROLE) if isinstance(element.tag, str) else None


def make_page(tree: Tree, images: dict[str, bytes], stylesheet: str) -> str:
    """Return the web page of ``tree`` with the charts' SVG ``images`` (by ``chart:`` URL) inline, linking the
    ``stylesheet``; its edition parts are left as markers for the finish phase."""
    head = to_element(tree.head, keys=False)
    body = to_element(tree.body, roles=ROLE)
    head.insert(1, _element("meta", name="viewport", content="width=device-width, initial-scale=1"))
    head.append(_element("link", rel="stylesheet", href=stylesheet))
    head.extend(_comment("alternates"))
    for element in list(body):
        if _role(element) in ("running-header", "running-footer"):
            body.remove(element)
    _headings(body)
    _name_navigation(body)
    _tables(body)
    _symbols(body)
    _marks(body)
    _watermark(body)
    svgs = _charts(body, images)
    notes = _notes(body)
    main = _element("main", id="main")
    main.text, body.text = body.text, None
    for element in list(body):
        main.append(element)
    body.extend(_comment("top"))
    body.append(main)
    if notes is not None:
        main.append(notes)
    for element in body.iter():
        element.attrib.pop(ROLE, None) if isinstance(element.tag, str) else None
    root = _element("html", lang=tree.meta.language)
    root.extend([head, body])
    page = "<!DOCTYPE html>\n" + lxml_html.tostring(root, encoding="unicode", method="html") + "\n"
    for name, svg in svgs.items():
        page = page.replace(f"<!--{name}-->", svg, 1)
    return page


def _watermark(body: HtmlElement) -> None:
    """Draw a draft edition's watermark from CSS (a decoration, hidden from screen readers) and keep its word as a
    notice they read."""
    for mark in [e for e in body.iter("p") if _role(e) == "watermark"]:
        word = _text(mark)
        notice = _element("p", word, class_=_HIDDEN)
        mark.addprevious(notice)
        mark.addprevious(_element("div", class_="watermark", aria_hidden="true", data_text=word))
        mark.getparent().remove(mark)


def _marks(body: HtmlElement) -> None:
    """Give each insertion and deletion of a comparison the words a screen reader says before it (many do not
    announce ``<ins>`` and ``<del>`` by themselves), as visually hidden text."""
    for mark in body.iter("ins", "del"):
        label = mark.attrib.pop("data-label", None)
        if label:
            hidden = _element("span", label + " ", class_=_HIDDEN)
            hidden.tail, mark.text = mark.text, None
            mark.insert(0, hidden)


def _headings(body: HtmlElement) -> None:
    """Make the cover's title the page's ``<h1>`` and move every other heading one level down."""
    for level in (4, 3, 2, 1):
        for heading in body.iter(f"h{level}"):
            heading.tag = f"h{level + 1}"
    for title in body.iter("p"):
        if _role(title) == "cover-title":
            title.tag = "h1"


def _name_navigation(body: HtmlElement) -> None:
    """Name the contents' navigation by its own title, so that it is told apart from the switcher's."""
    for index, nav in enumerate(body.iter("nav"), 1):
        title = next((p for p in nav.iter("p") if _role(p) == "contents-title"), None)
        if title is not None and not nav.get("aria-labelledby"):
            title.set("id", title.get("id") or f"contents-{index}")
            nav.set("aria-labelledby", title.get("id"))


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _tables(body: HtmlElement) -> None:
    """Give header cells their ``scope``, every table a caption (the nearest heading's words, for screen readers
    only, where the document shows none), and a scrollable, focusable frame for narrow screens."""
    for number, table in enumerate(body.iter("table"), 1):
        for cell in table.xpath("./thead//th"):
            cell.set("scope", cell.get("scope") or "col")
        for cell in table.xpath("./tbody//th"):
            cell.set("scope", cell.get("scope") or "row")
        caption = table.find("caption")
        if caption is None:
            heading = table.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5][1]")
            caption = _element("caption", _text(heading[0]) if heading else None, class_=_HIDDEN)
            table.insert(0, caption)
        caption.set("id", caption.get("id") or f"table-{number}")
        frame = _element("div", class_="table", role="region", tabindex="0", aria_labelledby=caption.get("id"))
        table.addprevious(frame)
        frame.tail, table.tail = table.tail, None
        frame.append(table)


def _symbols(body: HtmlElement) -> None:
    """Say in words what a table cell's status symbol means (from the document's legend), for screen readers."""
    words = {}
    for legend in (e for e in body.iter("ul") if _role(e) == "legend"):
        for item in legend.iter("li"):
            symbol = next((s for s in item.iter("span") if _role(s) == "symbol"), None)
            if symbol is not None and symbol.text:
                rest = (symbol.tail or "") + "".join(_text(e) for e in symbol.itersiblings())
                words[symbol.text.strip()] = " ".join(rest.split())
    for cell in body.iter("td"):
        spans = [child for child in cell if isinstance(child.tag, str)]
        if len(spans) == 1 and _role(spans[0]) == "symbol" and not (cell.text or "").strip() \
                and not (spans[0].tail or "").strip() and (spans[0].text or "").strip() in words:
            spans[0].set("aria-hidden", "true")
            spans[0].addnext(_element("span", words[spans[0].text.strip()], class_=_HIDDEN))


def _charts(body: HtmlElement, images: dict[str, bytes]) -> dict[str, str]:
    """Replace each chart image by a comment marker; return the inline SVG for each marker (with the image's text
    alternative as its accessible name, and ids of its own)."""
    found = {}
    for index, image in enumerate(list(body.iter("img")), 1):
        data = images.get(image.get("src", ""))
        if data is None:
            continue
        svg = data.decode("utf-8")
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
        svg = svg.replace('id="hatch"', f'id="hatch-{index}"').replace("url(#hatch)", f"url(#hatch-{index})")
        alt = html.escape(image.get("alt") or "", quote=True)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{alt}" ', 1)
        svg = re.sub(r"<title>.*?</title>", "", svg, count=1, flags=re.S)  # the label says it all, once
        name = f"chart-{index}"
        # A frame of its own, which scrolls on a narrow screen rather than shrink the chart's words out of sight.
        frame = _element("div", class_="chart", role="region", tabindex="0", aria_label=image.get("alt") or "")
        frame.append(lxml_html.HtmlComment(name))
        frame.tail = image.tail
        image.getparent().replace(image, frame)
        found[name] = svg
    return found


def _notes(body: HtmlElement) -> HtmlElement | None:
    """Turn each footnote into a numbered link to a note at the end of the page, which links back; return the
    notes' section (None when there are none). Its heading and the way back are the edition's words."""
    notes = [span for span in body.iter("span") if _role(span) == "footnote"]
    if not notes:
        return None
    section = _element("section", class_="notes", aria_labelledby="edition-notes")
    section.extend(_comment("notes"))
    listing = _element("ol")
    for number, span in enumerate(notes, 1):
        call = _element("sup", class_="note-call")
        call.append(_element("a", str(number), href=f"#note-{number}", id=f"note-call-{number}"))
        call.tail = span.tail
        span.getparent().replace(span, call)
        item = _element("li", id=f"note-{number}")
        item.text = span.text
        for child in list(span):
            item.append(child)
        if len(item):
            item[-1].tail = (item[-1].tail or "") + " "
        else:
            item.text = (item.text or "") + " "
        back = _element("a", href=f"#note-call-{number}")
        back.extend(_comment("back"))
        item.append(back)
        listing.append(item)
    section.append(listing)
    return section
