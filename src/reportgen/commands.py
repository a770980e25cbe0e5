"""``reportgen check``: everything a build validates, without writing anything."""

from __future__ import annotations

import sys
from pathlib import Path

from .build import render_document
from .checks import check_catalogues
from .diagnostics import Diagnostic, Diagnostics, ReportgenError
from .docx import load_reference, write_docx
from .project import load_project


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
            if language == project.languages[0]:
                write_docx(rendered.html, reference, doc.template)  # the DOCX writer rejects unknown elements
            for miss in rendered.misses:
                if strict:
                    diagnostics.items.append(Diagnostic(miss.location, str(miss).split(": warning: ", 1)[1]))
                else:
                    warnings += 1
                    print(f"{miss}", file=sys.stderr)
    if diagnostics.items:
        raise ReportgenError(sorted(set(diagnostics.items), key=lambda d: (str(d.location), d.message)))
    documents = len(project.documents)
    languages = len(project.languages)
    print(f"ok: {documents} document(s) in {languages} language(s) checked, {warnings} warning(s)")
    return 0
