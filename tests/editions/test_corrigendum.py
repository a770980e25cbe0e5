"""The corrigendum of a published edition: its symbol with /Corr.N, its date, and for each changed item, located by
the document's own numbering, "For «…» read «…»" with the whole sentences that changed, in every language and
format."""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from conftest import edit, make_project
from reportgen.cli import main

OLD = ("Strengthen the protection capacities of migration authorities through use of data for risks analysis and "
       "screening, including sharing of practices on use of screening tools and route-based indicators.")


def _run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    assert status == 0, err.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("corrigendum"), languages=["en", "hr"], progress=False)
    _run("edition", "record", "2023-06", "--date", "2023-06-30", "--project", str(project))
    edit(project, "content/action-plan.yaml", "through use of data for risks analysis",
         "through use of data for risk analysis")
    (project / "content/project.yaml").write_text("languages: [en, hr]\nedition:\n  status: corrigendum\n"
                                                   "  number: 1\n  date: 2023-09-01\n", "utf-8")
    out = _run("build", "--project", str(project), "--doc", "action-plan", "--corrigendum", "2023-06")
    assert "wrote 6 corrigend(a) since edition 2023-06" in out
    return project / "build"


def _pdf(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_the_corrigendum_names_the_item_and_gives_the_sentence_to_read(corrected):
    text = _pdf(corrected / "en/action-plan.corrigendum-2023-06.pdf")
    assert "WB-SMG/AP/2023-2025/Corr.1" in text and "Date: 1 September 2023" in text and "Corrigendum" in text
    assert f"Action 1 For: «{OLD}»" in text
    assert f"Read: «{OLD.replace('risks analysis', 'risk analysis')}»" in text
    assert text.count("For:") == 1  # only the item that changed


def test_the_changed_words_are_in_bold_and_the_phrases_translated(corrected):
    page = lxml_html.fromstring((corrected / "en/action-plan.corrigendum-2023-06.html").read_bytes())
    assert [e.text_content() for e in page.iter("strong")] == ["risks", "risk"]  # in bold, as corrigenda mark them
    assert not list(page.iter("ins", "del"))
    word = docx.Document(corrected / "hr/action-plan.corrigendum-2023-06.docx")
    paragraphs = [p.text for p in word.paragraphs]
    assert "Ispravak" in paragraphs and any(p.startswith("Umjesto: «") for p in paragraphs)
    assert any(p.startswith("Treba glasiti: «") for p in paragraphs)
