"""Progress reports: one document per reporting round in ``content/progress/``, built on the plan, the partners
and the status scale (the project's own, or the theme's default)."""

from __future__ import annotations

from typing import Any

from ...source.schema import INVALID
from ...tree.roles import vocabulary
from .. import Document, Loading, register
from ..action_plan import load_plan
from ..frame import FRAME
from .content import (PARTNERS_FILE, ROUND_FILE, ROUNDS_FOLDER, STATUSES_FILE, ProgressModel, check_round,
                      coloured, load_partners, load_report, load_round, load_statuses, round_files)
from .view import ChartMaker, build_view

DEFAULT_STATUSES_SOURCE = "reportgen/theme/statuses.yaml"
# The classes of progress-report.html.j2 beside the frame's, and their roles.
VOCABULARY = FRAME + vocabulary({
    "p.kicker": "cover-kicker", "p.subtitle": "cover-subtitle", "p.action": "paragraph", "p.account": "indented",
    "section.summary": "flow", "section.matrix": "flow", "section.changes": "flow", "section.commitment": "new-page",
    "ul.legend": "legend", "table.tally": "table", "table.matrix": "table", "table.changes": "table",
    "th.num": "number", "td.num": "number", "th.status": "symbol", "td.status": "symbol", "span.symbol": "symbol",
})


class ProgressReports:
    """A progress report per reporting round."""

    name = "progress-report"
    template = "progress-report.html.j2"

    def _statuses(self, loading: Loading):
        """Return the status scale with its fills (the project's own scale or the theme's, coloured by the
        theme's style values where a status has no colour of its own)."""
        from ...diagnostics import ReportgenError
        from ...theme import DEFAULT
        from ...theme.style import style_of

        def load():
            statuses = load_statuses(loading.root, loading.diagnostics, default=DEFAULT)
            if statuses is None:
                return None
            try:
                style = style_of(loading.theme)
                colours, inks = style.statuses(), (style.colour("ink-light"), style.colour("ink-dark"))
            except ReportgenError as exc:
                loading.diagnostics.extend(exc.diagnostics)
                return None
            return coloured(statuses, colours, inks, loading.diagnostics)

        return loading.once("statuses", load)

    def documents(self, loading: Loading) -> list[Document]:
        """Return one progress report per valid round; every file's own errors are reported, whichever other
        file is invalid."""
        rounds = round_files(loading.root)
        if not rounds:
            return []
        diagnostics = loading.diagnostics
        plan = load_plan(loading)
        partners = load_partners(loading.root, diagnostics)
        statuses = self._statuses(loading)
        status_ids = tuple(s.id for s in statuses) if statuses is not None else ()
        loaded = {}
        for relative in rounds:
            round_ = load_round(loading.root, relative, status_ids, diagnostics)
            if round_ is not None:
                loaded[round_.info.id] = (relative, round_)
        for round_id, (relative, round_) in loaded.items():
            check_round(round_, plan, partners, set(loaded) - {round_id}, diagnostics)
        if plan is None or partners is None or statuses is None:
            return []
        scale = STATUSES_FILE if (loading.root / STATUSES_FILE).exists() else DEFAULT_STATUSES_SOURCE
        documents = []
        for round_id, (relative, round_) in loaded.items():
            previous = loaded.get(round_.info.previous) if round_.info.previous else None
            sources = ["content/action-plan.yaml", PARTNERS_FILE, scale, *round_.files]
            if previous:
                sources.extend(previous[1].files)
            model = ProgressModel(round_, previous[1] if previous else None, plan, partners, statuses)
            documents.append(Document(document_id(round_id), self.name, self.template, model, tuple(sources),
                                      round_.info.day, round_.info.loc, round_.info.illustrative, _context,
                                      VOCABULARY))
        return documents

    def check(self, project) -> tuple[list, list]:
        """Return (errors, warnings) of the partners' questionnaires in every language: their words come from
        the same catalogues as the report's (a sheet name Excel refuses is an error)."""
        from ...collect.rounds import questionnaire_check
        from ...diagnostics import ReportgenError

        try:
            return questionnaire_check(project)
        except ReportgenError as exc:
            return exc.diagnostics, []

    def model_for(self, loading: Loading, relative: str, data: bytes) -> Any:
        """Return the model of the partners, status scale or a round file parsed from ``data``."""
        found = None
        if relative == PARTNERS_FILE:
            found = load_partners(loading.root, loading.diagnostics, data)
        elif relative == STATUSES_FILE:
            found = load_statuses(loading.root, loading.diagnostics, data)
        elif relative == DEFAULT_STATUSES_SOURCE:
            from ...theme import DEFAULT

            found = load_statuses(DEFAULT, loading.diagnostics, data, default=DEFAULT)
        elif relative.startswith(ROUNDS_FOLDER + "/") and relative.endswith(".yaml"):
            statuses = tuple(s.id for s in self._statuses(loading) or ())
            depth = relative.count("/") - ROUNDS_FOLDER.count("/")
            if depth == 1 or (depth == 2 and relative.endswith("/" + ROUND_FILE)):
                found = load_round(loading.root, relative, statuses, loading.diagnostics, data, with_reports=False)
            elif depth == 2:
                found = load_report(loading.root, relative, statuses, loading.diagnostics, data)
            else:
                return None
        else:
            return None
        return INVALID if found is None else found


def _context(model: ProgressModel, language, figures) -> dict:
    view = build_view(model.round, model.plan, model.partners, model.statuses, model.previous)
    return {"view": view, "chart": ChartMaker(view, language, figures), "info": view.round.info}


def document_id(round_id: str) -> str:
    """Return the id of the progress report of a round (``progress-report-2024``)."""
    return f"progress-report-{round_id}"


def rounds(project) -> dict[str, ProgressModel]:
    """Return the model of every round of the project's progress reports, by round id, oldest first."""
    return {doc.model.round.info.id: doc.model for doc in project.documents.values()
            if doc.type == ProgressReports.name}


register(ProgressReports())
