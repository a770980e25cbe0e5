"""The HTML edition in a real browser: Debian's Chromium, driven by Playwright, checked by axe-core (WCAG 2.0 and
2.1, levels A and AA), laid out at a phone's width, with its fonts and stylesheet loaded from the build alone."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import AXE, missing_tool

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        missing_tool(f"axe-core is not installed at {AXE} (make test installs it with npm where it can)")
    return AXE.read_text("utf-8")


@pytest.fixture(scope="module")
def served(built):
    """Return the URL of the build folder served over HTTP, as the secretariat's website would (axe reads the
    stylesheets, which a browser refuses to let a script read from file: pages)."""
    handler = functools.partial(type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
                                directory=str(built))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _violations(page, axe_source: str) -> list[tuple[str, str]]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    assert result["passes"], "axe ran no check"
    return [(v["id"], node["html"][:120]) for v in result["violations"] for node in v["nodes"]]


@pytest.mark.parametrize("tag", ["en", "sr", "mk"])
def test_every_document_passes_axe_with_no_violation(built, served, open_page, axe_source, tag):
    pages = sorted((built / tag).glob("*.html"))
    assert len(pages) == 3
    for path in pages:
        page = open_page(f"{served}/{tag}/{path.name}")
        assert _violations(page, axe_source) == [], path.name


def test_the_index_passes_axe(served, open_page, axe_source):
    assert _violations(open_page(f"{served}/index.html"), axe_source) == []


@pytest.mark.parametrize("width", [320, 640, 1280])
def test_the_page_reflows_without_sideways_scrolling(built, open_page, width):
    # 640 CSS pixels is a 1280-pixel window at 200% zoom. Wide tables scroll inside their own frame.
    page = open_page((built / "sr/progress-report-2024.html").as_uri(), width=width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    frames = page.evaluate("[...document.querySelectorAll('div.table')].map(d => d.clientWidth)")
    assert frames and max(frames) <= width
    if width >= 1280:  # on a wide screen every table is seen whole, without scrolling its frame
        hidden = page.evaluate("[...document.querySelectorAll('div.table')].map(d => d.scrollWidth - d.clientWidth)")
        assert set(hidden) == {0}


def test_fonts_and_stylesheet_come_from_the_build(built, open_page):
    page = open_page((built / "mk/action-plan.html").as_uri())
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").startswith('"RG Sans"')
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert {'"RG Sans"', '"RG Serif"'} <= set(loaded) or {"RG Sans", "RG Serif"} <= set(loaded)


def test_the_skip_link_is_the_first_stop_and_shows_when_focused(built, open_page):
    page = open_page((built / "en/action-plan.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
