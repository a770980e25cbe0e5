"""Before anything is rendered: what the writers of the formats being built and the charts will read — the
catalogues, the stylesheet and its fonts, the reference document, the chart font — checked once, so that a bad
resource is one error at its file rather than one per output."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Diagnostics, ReportgenError
from ..i18n.checks import check_catalogues
from ..i18n.locales import Language
from ..theme.style import style_of
from ..writers import REGISTRY as WRITERS


def preflight(project, formats: list[str], languages: list[Language] | None = None) -> list[Diagnostic]:
    """Validate the catalogues (of ``languages``, default all) and the resources of ``formats``; return the
    warnings; raise with every error."""
    from ..charts import preflight as chart_preflight

    diagnostics = Diagnostics()
    check_catalogues(project, diagnostics, None if languages is None else {lang.tag for lang in languages})
    diagnostics.extend(project.theme.font_problems())
    try:
        diagnostics.extend(style_of(project.theme).problems())
    except ReportgenError as exc:  # a tokens file that is not CSS, or cannot be read
        diagnostics.extend(exc.diagnostics)
    found: list[Diagnostic] = []
    for check in [chart_preflight] + [WRITERS[fmt].function("preflight") for fmt in formats]:
        if check is None:
            continue
        try:
            found.extend(check(project.theme) or ())
        except ReportgenError as exc:
            diagnostics.extend(exc.diagnostics)
    diagnostics.extend(found)
    diagnostics.items = list(dict.fromkeys(diagnostics.items))  # a bad font is met by more than one check
    diagnostics.raise_if_errors()
    return found
