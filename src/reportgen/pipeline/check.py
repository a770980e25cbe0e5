"""``reportgen check``: everything a build of every document, language and format would validate — content,
catalogues, the theme's resources, every document's tree and the writers' own words — and each document type's
own checks (the progress reports' questionnaires), without writing anything."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, ReportgenError
from ..documents import REGISTRY as TYPES
from ..project import Project, load_project
from ..writers import REGISTRY as WRITERS
from .preflight import preflight
from .render import render_document


def check(root: Path, strict: bool = False) -> tuple[Project, list[Diagnostic]]:
    """Validate the project as a build of everything would; return the project and the warnings (missing
    translations, renderer warnings); raise with every error (and, if ``strict``, every warning)."""
    project = load_project(root)
    warnings = preflight(project, list(WRITERS))
    problems: list[Diagnostic] = []
    for doc in project.documents.values():
        for language in project.languages:
            try:
                rendered = render_document(project, doc, language)
                misses = list(rendered.misses)
                for writer in WRITERS.values():
                    words = writer.function("words")
                    misses += words(project, doc, language) if words else []
            except ReportgenError as exc:
                problems.extend(exc.diagnostics)
                continue
            warnings.extend(Diagnostic(m.location, m.message, severity="warning") for m in misses)
            warnings.extend(rendered.warnings)
    for document_type in TYPES.values():
        own = getattr(document_type, "check", None)
        if own is not None:
            errors, found = own(project)
            problems.extend(errors)
            warnings.extend(found)
    if strict:
        problems.extend(Diagnostic(w.location, w.message, w.key) for w in warnings)
    if problems:
        raise ReportgenError(_sorted(problems))
    return project, _sorted(warnings)


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (str(d.location), d.message))
