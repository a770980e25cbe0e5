"""The HTML edition's page: pure functions from the document's HTML, the rendered edition fragment and the charts'
SVG to the page a browser shows.

What print needs and a screen does not (running header and footer, page counters) goes; what a screen and its
readers need comes in: a skip link to ``<main>``, the language switcher and downloads, the cover's title as the
one ``<h1>`` (every heading one level down, so they stay in order), header cells with ``scope``, a caption on every
table, the status symbols' words for screen readers, charts as inline SVG with their text alternative, and
footnotes as linked notes with a way back.
"""

from __future__ import annotations

import html
import re

from lxml import html as lxml_html
from lxml.html import HtmlElement

SVG_NS = "http://www.w3.org/2000/svg"
_HIDDEN = "visually-hidden"


def _element(tag: str, text: str | None = None, **attributes: str) -> HtmlElement:
    element = lxml_html.Element(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()})
    element.text = text
    return element


def _has_class(element: HtmlElement, cls: str) -> bool:
    return cls in (element.get("class") or "").split()


def _take(fragment: HtmlElement, tag: str, cls: str) -> HtmlElement | None:
    """Remove and return the fragment's first ``<tag class=cls>``."""
    for element in fragment.iter(tag):
        if _has_class(element, cls):
            element.getparent().remove(element)
            element.tail = None
            return element
    return None


def make_edition(document: str, fragment: str, images: dict[str, bytes], stylesheet: str) -> str:
    """Return the web page of ``document`` (the semantic HTML every writer reads) with the edition ``fragment``
    (the theme's ``edition.html.j2``), the charts' SVG ``images`` by ``chart:`` URL, and the ``stylesheet`` URL."""
    root = lxml_html.document_fromstring(document)
    parts = lxml_html.fragment_fromstring(fragment, create_parent="div")
    head, body = root.find("head"), root.find("body")
    _dress_head(head, parts, stylesheet)

    for element in list(body):
        if element.tag in ("header", "footer") and _has_class(element, "running"):
            body.remove(element)
    _headings(body)
    _name_navigation(body)
    _tables(body)
    _symbols(body)
    svgs = _charts(body, images)
    notes = _notes(body, parts)

    main = _element("main", id="main")
    main.text, body.text = body.text, None
    for element in list(body):
        main.append(element)
    skip, banner = _take(parts, "a", "skip"), _take(parts, "header", "edition")
    for element in (skip, banner):
        if element is not None:
            body.append(element)
    body.append(main)
    if notes is not None:
        main.append(notes)

    page = "<!DOCTYPE html>\n" + lxml_html.tostring(root, encoding="unicode", method="html") + "\n"
    for marker, svg in svgs.items():
        page = page.replace(f"<!--{marker}-->", svg, 1)
    return page


# What may make a browser load something: elements that run or embed, and attributes that fetch.
_EMBEDS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "link", "style",
                     "video", "audio", "source", "track", "picture", "portal", "meta"})
_FETCHING = ("src", "srcset", "poster", "data", "background", "formaction", "action")


def outside_references(html: str, images: set[str]) -> list[str]:
    """Return a description of each thing in ``html`` (a document or an edition fragment) that would make the page
    load something from outside the build: an image that is not one of our charts, a script, a frame, a style."""
    if not html.strip():
        return []
    root = lxml_html.fragment_fromstring(html, create_parent="div") if not html.lstrip().lower().startswith(
        ("<!doctype", "<html")) else lxml_html.document_fromstring(html)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _EMBEDS and not (element.tag == "meta" and element.getparent() is not None
                                           and element.getparent().tag == "head"):
            found.append(f"<{element.tag}> is not allowed in an HTML edition (it loads or runs something)")
            continue
        if "url(" in (element.get("style") or "").lower() or "image-set(" in (element.get("style") or "").lower():
            found.append(f"<{element.tag} style=\"{element.get('style')[:60]}\">: an HTML edition loads nothing "
                         f"from outside the build")
        for attribute in _FETCHING:
            value = element.get(attribute)
            if value is not None and not (element.tag == "img" and attribute == "src" and value in images):
                found.append(f"<{element.tag} {attribute}=\"{value[:60]}\">: an HTML edition loads nothing from "
                             f"outside the build")
    return list(dict.fromkeys(found))


def _dress_head(head: HtmlElement, parts: HtmlElement, stylesheet: str) -> None:
    """Add the viewport, the stylesheet and an ``alternate`` link for each other language."""
    charset = head.find("meta")
    position = list(head).index(charset) + 1 if charset is not None else 0
    head.insert(position, _element("meta", name="viewport", content="width=device-width, initial-scale=1"))
    head.append(_element("link", rel="stylesheet", href=stylesheet))
    for link in parts.xpath(".//nav[contains(@class, 'languages')]//a[@hreflang and @href]"):
        head.append(_element("link", rel="alternate", hreflang=link.get("hreflang"), href=link.get("href")))


def _headings(body: HtmlElement) -> None:
    """Make the cover's title the page's ``<h1>`` and move every other heading one level down."""
    for level in (4, 3, 2, 1):
        for heading in body.iter(f"h{level}"):
            heading.tag = f"h{level + 1}"
    for section in body.iter("section"):
        if _has_class(section, "cover"):
            for title in section.iter("p"):
                if _has_class(title, "title"):
                    title.tag = "h1"


def _name_navigation(body: HtmlElement) -> None:
    """Name the contents' navigation by its own title, so that it is told apart from the switcher's."""
    for index, nav in enumerate(body.iter("nav"), 1):
        title = next((p for p in nav.iter("p") if _has_class(p, "toc-title")), None)
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
            heading = table.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]")
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
    for item in body.xpath(".//ul[contains(@class, 'legend')]/li"):
        symbol = item.find("span")
        if symbol is not None and symbol.text:
            words[symbol.text.strip()] = " ".join(((symbol.tail or "") + "".join(
                lxml_html.tostring(e, method="text", encoding="unicode") for e in symbol.itersiblings())).split())
    for cell in body.xpath(".//td"):
        spans = cell.findall("span")
        if len(spans) == 1 and _has_class(spans[0], "symbol") and not (cell.text or "").strip() \
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
        marker = f"chart-{index}"
        comment = lxml_html.HtmlComment(marker)
        # A frame of its own, which scrolls on a narrow screen rather than shrink the chart's words out of sight.
        frame = _element("div", class_="chart", role="region", tabindex="0", aria_label=image.get("alt") or "")
        frame.append(comment)
        frame.tail = image.tail
        image.getparent().replace(image, frame)
        found[marker] = svg
    return found


def _notes(body: HtmlElement, parts: HtmlElement) -> HtmlElement | None:
    """Turn each footnote into a numbered link to a note at the end of the page, which links back; return the
    notes' section (None when there are none)."""
    section = _take(parts, "section", "notes")
    back = _take(parts, "span", "back")
    back_words = _text(back) if back is not None else "↩"
    notes = [span for span in body.iter("span") if _has_class(span, "footnote")]
    if not notes or section is None:
        return None
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
        link = _element("a", back_words, href=f"#note-call-{number}")
        link.tail = None
        if len(item):
            item[-1].tail = (item[-1].tail or "") + " "
        else:
            item.text = (item.text or "") + " "
        item.append(link)
        listing.append(item)
    section.append(listing)
    return section
