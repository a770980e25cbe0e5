"""Inline markup: the Markdown subset, escaping, and what counts as malformed."""

from __future__ import annotations

from reportgen.source import markup


def test_bold_italic_and_links_become_html_and_everything_else_is_escaped():
    html = markup.to_html('**Bold** and *italic*, [IOM](https://www.iom.int) & <b>"tags"</b>')
    assert html == ('<strong>Bold</strong> and <em>italic</em>, <a href="https://www.iom.int">IOM</a> &amp; '
                    '&lt;b&gt;&#34;tags&#34;&lt;/b&gt;')


def test_an_escaped_asterisk_is_a_literal_asterisk_not_a_problem():
    assert markup.problems(r"Rated 5\* by all") == []
    assert markup.to_html(r"Rated 5\* by *all*") == "Rated 5* by <em>all</em>"
    assert markup.plain(r"Kosovo\* and **more**") == "Kosovo* and more"


def test_malformed_markup_is_reported():
    assert markup.problems("an **unclosed phrase") == ["unbalanced bold markup ('**' without its closing pair)"]
    assert markup.problems("a *lonely asterisk") == ["unbalanced italic markup ('*' without its closing pair)"]
    assert markup.problems("[text](javascript:alert(1))") == ["malformed link (expected [text](https://…))"]
    assert markup.problems("[text](ftp://example.org)") == [
        "link target 'ftp://example.org' is not an http(s) or mailto address"]


def test_signature_compares_a_translation_with_its_source():
    source = markup.signature("**a** *b* [c](https://x.org)")
    assert source.describe_difference(markup.signature("**a** *b* [c](https://x.org)")) == []
    assert source.describe_difference(markup.signature("a *b* [c](https://y.org)")) == [
        "msgstr drops the bold markup of its msgid",
        "msgstr changes the link targets of its msgid (https://x.org -> https://y.org)"]
