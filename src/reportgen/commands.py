"""``reportgen check``: everything a build validates, without writing anything."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

from .build import render_document
from .checks import check_catalogues
from .diagnostics import Diagnostics, ReportgenError
from .docx import load_reference, write_docx
from .project import load_project


# A 1×1 PNG stands in for charts: checking the HTML subset needs no drawing.
PLACEHOLDER_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


def check(root: Path, strict: bool = False) -> int:
    """Validate content, catalogues, templates and the HTML subset; print diagnostics; return the exit status."""
    project = load_project(root)
    diagnostics = Diagnostics()
    check_catalogues(project, diagnostics)
    diagnostics.raise_if_errors()
    reference = load_reference(project.templates)
    warnings = 0
    for doc in project.documents.values():
        for language in project.languages:
            rendered = render_document(project, doc, language)
            if language == project.languages[0]:  # the DOCX writer rejects elements outside the subset
                placeholders = {chart.src: PLACEHOLDER_PNG for chart in rendered.charts}
                write_docx(rendered.html, reference, doc.template, placeholders)
            for miss in rendered.misses:
                if strict:
                    diagnostics.items.append(miss.as_error())
                else:
                    warnings += 1
                    print(f"{miss}", file=sys.stderr)
    if diagnostics.items:
        raise ReportgenError(sorted(set(diagnostics.items), key=lambda d: (str(d.location), d.message)))
    documents = len(project.documents)
    languages = len(project.languages)
    print(f"ok: {documents} document(s) in {languages} language(s) checked, {warnings} warning(s)")
    return 0
