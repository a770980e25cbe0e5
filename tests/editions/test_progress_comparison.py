"""A corrected progress report compared with its published edition: the corrected account and status show in
their places (the status matrix's cell, the partner's account), the summary figures that changed are marked, and
Word's "Reject all" gives the published text back."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import edit, libreoffice_redlines, make_project
from reportgen.editions.compare import item_of

ACCOUNT = ("The state police began testing a software module",
           "The state police completed testing of a software module")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("progress"), languages=["en", "hr"])
    import contextlib
    import io

    from reportgen.cli import main

    def run(*args):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            status = main(list(args))
        assert status == 0, err.getvalue()

    build = ("build", "--project", str(project), "--doc", "progress-report-2024")
    run(*build)
    run("edition", "record", "2024-published", "--project", str(project))
    edit(project, "content/progress/2024/AL.yaml", ACCOUNT[0], ACCOUNT[1])
    edit(project, "content/progress/2024/AL.yaml", "  - action: A2\n    status: in-progress",
         "  - action: A2\n    status: completed")
    run(*build, "--compare", "2024-published")
    return project / "build"


def _page(build: Path, lang: str):
    return lxml_html.fromstring((build / f"{lang}/progress-report-2024.compare-2024-published.html").read_bytes())


@pytest.mark.parametrize("lang", ["en", "hr"])
def test_the_corrected_account_and_status_are_marked_where_they_print(corrected, lang):
    page = _page(corrected, lang)
    changed = {e.get("data-key").split(":", 1)[1] for e in page.iter() if e.get("data-change") and e.get("data-key")}
    assert "AL.A2.status" in changed  # the status matrix's cell
    assert any(key.startswith("AL.A2") and key != "AL.A2.status" for key in changed)  # the account (or its row)
    assert not any(item_of(f"x:{key}").startswith(("BA.", "XK.", "ME.", "MK.", "RS.")) for key in changed)


def test_the_english_words_and_figures_that_changed_are_marked(corrected):
    page = _page(corrected, "en")
    inserted = " ".join(e.text_content() for e in page.iter("ins"))
    deleted = " ".join(e.text_content() for e in page.iter("del"))
    assert "completed testing of" in inserted and "began testing" in deleted
    figures = [e for e in page.iter() if e.get("data-change") and (e.get("data-key") or "").endswith(
        ("summary.figures", "by-partner.AL", "by-commitment.C1", "by-commitment.all"))]
    assert figures, "the summary figures that changed are not marked"


def test_the_word_comparison_is_well_formed_forlibreoffice_redlines(corrected, tmp_path):
    from test_editions import _without_summary

    compared = corrected / "en/progress-report-2024.compare-2024-published.docx"
    rejected = libreoffice_redlines("reject", compared, tmp_path / "rejected.txt")
    assert any(ACCOUNT[0] in line for line in rejected)
    assert not any(ACCOUNT[1] in line for line in _without_summary(rejected, "2024-published"))
