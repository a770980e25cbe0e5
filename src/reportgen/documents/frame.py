"""The page frame every document type shares (the theme's ``base.html.j2``): running header and footer, cover,
contents, marks, footnotes, page fields — its classes and the role of each. A document type adds its own."""

from __future__ import annotations

from ..tree.roles import vocabulary

FRAME = vocabulary({
    "header.running": "running-header", "footer.running": "running-footer",
    "span.page": "page-number", "span.pages": "page-count", "span.footnote": "footnote",
    "section.cover": "cover", "p.symbol": "cover-symbol", "p.edition": "cover-symbol", "p.title": "cover-title",
    "p.watermark": "watermark",
    "p.organisation": "cover-subtitle", "p.illustrative": "mark", "p.draft": "mark",
    "nav.toc": "contents", "p.toc-title": "contents-title",
    "li.toc-1": "item", "li.toc-2": "item", "li.toc-3": "item",
})
