"""The pipeline is open: a document type and a writer defined here, with no change to the package, are loaded,
checked, built, listed by the command line and recorded in the manifest."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import make_project, run_cli, write_files
from reportgen import documents, writers
from reportgen.documents import Document, Loading
from reportgen.source.loader import load_yaml_model
from reportgen.source.schema import INVALID, Field, identifier, record, sequence, text

GLOSSARY = "content/glossary.yaml"
TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang.tag }}"><head><title>{{ _("Glossary") }}</title></head>
<body>
<h1 id="glossary">{{ _("Glossary") }}</h1>
{% for term in terms %}<h2 id="{{ term.id }}">{{ term.word.inline }}</h2>
<p>{{ term.meaning.html }}</p>
{% endfor %}
</body></html>
"""

_term = record({"id": Field(identifier(r"[a-z]+", "river")), "word": Field(text(markup_allowed=False)),
                "meaning": Field(text())}, lambda loc, **values: dict(values, loc=loc))
_schema = record({"terms": Field(sequence(_term, id_key="id"))}, lambda loc, terms: terms)


class Glossary:
    """A document type of the test: a list of terms and their meanings."""

    name = "glossary"

    def documents(self, loading: Loading) -> list[Document]:
        if not (loading.root / GLOSSARY).exists():
            return []
        terms = self.model_for(loading, GLOSSARY, None)
        if terms is INVALID:
            return []
        import datetime as dt

        from reportgen.diagnostics import Location

        return [Document("glossary", self.name, "glossary.html.j2", terms, (GLOSSARY,), dt.date(2026, 1, 1),
                         Location(GLOSSARY), prepare=lambda model, language, figures: {"terms": model})]

    def model_for(self, loading: Loading, relative: str, data: Any) -> Any:
        if relative != GLOSSARY:
            return None
        return load_yaml_model(loading.root, relative, _schema, "glossary", loading.diagnostics, data)


def write_text(job, images):
    """A writer of the test: the text of the document's headings and paragraphs, one block per line."""
    lines = [" ".join(node.text().split()) for node in job.tree.body.walk()
             if node.role in ("heading", "paragraph", "cover-symbol", "cover-title")]
    return ("\n".join(lines) + "\n").encode("utf-8"), []


@pytest.fixture
def registered():
    documents.register(Glossary())
    writers.register(writers.Writer("txt", ".txt", "svg", write_text))
    yield
    documents.unregister("glossary")
    writers.unregister("txt")


def test_a_new_document_type_and_writer_are_built_without_touching_the_package(capsys, tmp_path, registered):
    project = make_project(tmp_path, languages=["en"], progress=False, files={
        GLOSSARY: "terms:\n  - {id: basin, word: Basin, meaning: The land a river **drains**.}\n",
        "templates/glossary.html.j2": TEMPLATE})
    status, out, err = run_cli(capsys, "build", "--project", str(project), "--format", "txt", "-j", "1")
    assert status == 0, err
    assert (project / "build/en/glossary.txt").read_text("utf-8") == "Glossary\nBasin\nThe land a river drains.\n"
    assert (project / "build/en/action-plan.txt").read_text("utf-8").startswith("WB-SMG/AP/2023-2025\nAdvancing")
    manifest = json.loads((project / "build/manifest.json").read_text("utf-8"))
    assert manifest["outputs"]["en/glossary.txt"]["inputs"]["content/glossary.yaml"]
    status, _, err = run_cli(capsys, "build", "--project", str(project), "--format", "pdf", "--doc", "glossary",
                             "-j", "1")
    assert status == 0, err
    assert (project / "build/en/glossary.pdf").stat().st_size > 1000


def test_the_new_types_content_is_validated_and_extracted(capsys, tmp_path, registered):
    project = make_project(tmp_path, languages=["en"], progress=False, files={
        GLOSSARY: "terms:\n  - {id: Basin, word: Basin, meaning: [a list]}\n",
        "templates/glossary.html.j2": TEMPLATE})
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    assert err.splitlines()[:2] == [
        "content/glossary.yaml:2: error: terms[0].id: invalid id 'Basin' (expected the form river)",
        "content/glossary.yaml:2: error: terms[0].meaning: expected text, got list"]
    write_files(project, {GLOSSARY: "terms:\n  - {id: basin, word: Basin, meaning: The land a river drains.}\n"})
    from reportgen.i18n.catalogues import extract

    catalog = extract(project)
    assert catalog.get("The land a river drains.", context="glossary:basin.meaning") is not None
    assert catalog.get("Glossary") is not None


def test_the_command_line_offers_every_registered_format(capsys, registered):
    with pytest.raises(SystemExit):
        run_cli(capsys, "build", "--help")
    assert "{pdf,docx,html,txt}" in capsys.readouterr().out
