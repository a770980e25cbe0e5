"""A document type defined entirely inside the tests — a meeting agenda, with its own schema, template and classes
(``agenda-item`` a paragraph, ``speaker`` an emphasis) — builds in every format with no change to reportgen, and
the roles its vocabulary gives reach every writer."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from typing import Any

import docx
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import DATA, docx_bytes_io, run_cli
from reportgen import documents
from reportgen.diagnostics import Location
from reportgen.documents import Document, Loading
from reportgen.documents.frame import FRAME
from reportgen.source.loader import load_yaml_model
from reportgen.source.schema import INVALID, Field, date_or_month, identifier, record, sequence, text
from reportgen.source.text import Text
from reportgen.tree import vocabulary

AGENDA = "content/agenda.yaml"


@dataclass(frozen=True)
class Meeting:
    title: Text
    date: dt.date
    loc: Location


@dataclass(frozen=True)
class Item:
    id: str
    title: Text
    speaker: Text
    loc: Location
    key: str = ""


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    items: tuple[Item, ...]
    loc: Location


SCHEMA = record({
    "meeting": Field(record({"title": Field(text()), "date": Field(date_or_month(day_only=True))}, Meeting)),
    "items": Field(sequence(record({"id": Field(identifier(r"[a-z]+", "opening")), "title": Field(text()),
                                    "speaker": Field(text(markup_allowed=False))}, Item), id_key="id")),
}, Agenda)


class Agendas:
    """The type: one agenda per project, in content/agenda.yaml."""

    name = "agenda"
    vocabulary = FRAME + vocabulary({"p.agenda-item": "paragraph", "span.speaker": "emphasis"})

    def documents(self, loading: Loading) -> list[Document]:
        if not (loading.root / AGENDA).exists():
            return []
        agenda = self.model_for(loading, AGENDA, None)
        if agenda is INVALID:
            return []
        return [Document("agenda", self.name, "agenda.html.j2", agenda, (AGENDA,), agenda.meeting.date, agenda.loc,
                         vocabulary=self.vocabulary)]

    def model_for(self, loading: Loading, relative: str, data: Any) -> Any:
        if relative != AGENDA:
            return None
        return load_yaml_model(loading.root, relative, SCHEMA, "agenda", loading.diagnostics, data)


@pytest.fixture
def agenda(tmp_path):
    documents.register(Agendas())
    project = tmp_path / "agenda"
    shutil.copytree(DATA / "agenda", project)
    yield project
    documents.unregister("agenda")


def test_a_type_of_the_tests_builds_in_every_format_and_its_roles_reach_each_writer(capsys, agenda):
    status, _, err = run_cli(capsys, "build", "--project", str(agenda), "-j", "1")
    assert status == 0, err
    out = agenda / "build/en"
    # Word: each agenda item a Normal paragraph (role paragraph), the speaker an italic run (role emphasis).
    paragraphs = docx.Document(docx_bytes_io(out / "agenda.docx")).paragraphs
    items = [p for p in paragraphs if p.text.startswith(("1.", "2.", "3."))]
    assert [p.style.name for p in items] == ["Normal"] * 3
    assert [[r.text for r in p.runs if r.italic] for p in items] == [["the Chair"], ["the Secretariat"], ["the Chair"]]
    assert paragraphs[0].style.name == "Heading 1"
    # PDF: the speaker is set in the italic face (the role, written as <em>, reaches WeasyPrint).
    fonts = {}
    PdfReader(out / "agenda.pdf").pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: fonts.setdefault(text.strip(), (font or {}).get("/BaseFont")))
    assert "Italic" in str(fonts["the Secretariat"]) and "Italic" not in str(fonts["2. Progress of the actions "
                                                                                    "since the last meeting"])
    # HTML: the speaker is emphasis, and each item carries the content key of its title.
    page = lxml_html.document_fromstring((out / "agenda.html").read_text("utf-8"))
    assert [e.text for e in page.xpath("//em[@class='speaker']")] == ["the Chair", "the Secretariat", "the Chair"]
    assert [p.get("data-key") for p in page.xpath("//p[@class='agenda-item']")] == [
        "agenda:opening.title", "agenda:progress.title", "agenda:closing.title"]


def test_a_class_its_vocabulary_does_not_know_is_an_error_naming_it(capsys, agenda):
    template = agenda / "templates/agenda.html.j2"
    template.write_text(template.read_text("utf-8").replace('class="speaker"', 'class="presenter"'), "utf-8")
    status, _, err = run_cli(capsys, "check", "--project", str(agenda))
    assert status == 1
    assert err.splitlines()[0] == ('templates/agenda.html.j2: error: <span class="presenter"> has no role: the '
                                   "document type's vocabulary does not know the class (classes of <span>: footnote, "
                                   "page, pages, speaker)")
