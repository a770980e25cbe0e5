"""The HTML comparisons in a real browser: axe-core finds no violation (WCAG 2.0 and 2.1, A and AA) in the English
and Serbian comparison pages, the list of changes links to places that exist on the page, and the action moved
unchanged is shown once, at its new place, after the note naming the section it came from."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_editions import revised  # noqa: F401 - the module's fixture: the revised project, compared
from writers.test_html_in_chromium import _violations, axe_source  # noqa: F401 - axe_source is a fixture


@pytest.fixture(scope="module")
def served(revised):  # noqa: F811 - the fixture imported above
    handler = functools.partial(type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
                                directory=str(revised / "build"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("lang", ["en", "sr"])
def test_the_comparison_page_passes_axe_and_its_links_lead_somewhere(served, open_page, axe_source, lang):  # noqa: F811
    page = open_page(f"{served}/{lang}/action-plan.compare-v1.html")
    assert _violations(page, axe_source) == []
    targets = page.eval_on_selector_all("section a[href^='#change-'], section a[href^='#A']",
                                        "links => links.map(a => a.getAttribute('href').slice(1))")
    assert targets and all(page.query_selector(f"[id='{target}']") for target in targets), targets


@pytest.mark.parametrize("lang, words", [("en", "Moved from:"), ("sr", "Премештено из:")])
def test_the_moved_action_is_shown_once_with_its_note(served, open_page, lang, words):
    page = open_page(f"{served}/{lang}/action-plan.compare-v1.html")
    shown = page.eval_on_selector_all("[data-key='action-plan:A5.text']", "ps => ps.filter(p => p.checkVisibility())"
                                      ".map(p => p.getAttribute('data-change'))")
    assert shown == ["inserted"], shown  # the copy deleted at its old place is not displayed
    notes = page.eval_on_selector_all("p.change-note", "ps => ps.filter(p => p.checkVisibility())"
                                      ".map(p => [p.innerText, p.nextElementSibling.getAttribute('data-key')])")
    assert len(notes) == 1 and notes[0][0].startswith(words) and notes[0][1] == "action-plan:A5", notes
    entries = page.eval_on_selector_all("nav a[href='#A5']", "as => as.filter(a => a.checkVisibility()).length")
    assert entries == 1  # the contents list it once too


def test_the_marks_are_styled_on_screen_as_in_print(served, open_page):
    """The screen stylesheet carries the comparison's marks (marks.css, shared with print): an insertion
    underlined, a deletion struck through, in different colours, and a bar beside each changed block."""
    page = open_page(f"{served}/en/action-plan.compare-v1.html")
    style = ("es => es.filter(e => !e.closest('[data-moved-only]') && !e.hasAttribute('data-renumbered'))"
             ".map(e => { const s = getComputedStyle(e); return [s.textDecorationLine, s.color, s.borderLeftWidth,"
             " s.borderLeftStyle]; })[0]")
    inserted = page.eval_on_selector_all("main ins", style)
    deleted = page.eval_on_selector_all("main del", style)
    changed = page.eval_on_selector_all("main p[data-change]", style)
    unchanged = page.eval_on_selector_all("main p.action:not([data-change])", style)
    assert inserted[0] == "underline" and deleted[0] == "line-through" and inserted[1] != deleted[1]
    assert changed[3] == "solid" and float(changed[2].removesuffix("px")) >= 2, changed
    assert unchanged[3] == "none", unchanged
