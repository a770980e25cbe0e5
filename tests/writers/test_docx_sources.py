"""Every Word file knows where its text came from: each paragraph, heading, list item and table cell that prints
content starts with a hidden bookmark (``_RG00001``), the file's custom properties map each bookmark to its content
key and name the document and language — and LibreOffice keeps both through a save."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, libreoffice_convert
from reportgen.pipeline import render_document
from reportgen.project import load_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
CASES = [("en", "action-plan"), ("sr", "action-plan"), ("hr", "progress-report-2024")]


def _sources(path: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Return a Word file's properties, its key table (bookmark -> key) and each bookmark's paragraph text."""
    with zipfile.ZipFile(path) as package:
        custom = etree.fromstring(package.read("docProps/custom.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    properties = {p.get("name"): "".join(p.itertext()) for p in custom.iter(f"{CUSTOM}property")}
    table = dict(entry.split("=", 1) for name, value in sorted(properties.items())
                 if name.startswith("reportgen.keys.") for entry in value.split(";"))
    texts = {}
    for p in body.iter(f"{W}p"):
        for mark in p.iter(f"{W}bookmarkStart"):
            if mark.get(f"{W}name", "").startswith("_RG"):
                texts[mark.get(f"{W}name")] = "".join(t.text or "" for t in p.iter(f"{W}t"))
    return properties, table, texts


@pytest.mark.parametrize("lang, doc", CASES)
def test_every_paragraph_that_prints_content_carries_its_key(built, lang, doc):
    properties, table, texts = _sources(built / lang / f"{doc}.docx")
    assert properties["reportgen.document"] == doc and properties["reportgen.language"] == lang
    assert all(len(value) <= 255 for value in properties.values())
    project = load_project(ROOT)
    language = next(language for language in project.languages if language.tag == lang)
    tree = render_document(project, project.documents[doc], language).tree
    printed = [n for n in tree.keyed() if n.role not in ("running-header", "row") and n.tag != "tr"]
    assert sorted(table.values()) == sorted(n.key for n in printed)
    by_key = {}
    for name, key in table.items():
        by_key.setdefault(key, []).append(" ".join(texts[name].split()))
    for node in printed:
        assert " ".join(node.text(without=frozenset({"footnote"})).split()) in by_key[node.key], node.key

