"""Progress figures: the status of every action in every partner, counts and shares, changes between rounds.

Pure functions of the localised model; the template and the charts read the :class:`ProgressView` they return.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from ...charts import BarChart, Series, ink
from ...i18n.locales import Language
from ..plan import Commitment, Plan
from .content import NO_REPORT, Entry, Partner, Round, Status

NO_REPORT_FILL = "#ffffff"


@dataclass(frozen=True)
class Tally:
    """How many reports of a group (a commitment, a partner, all) have each status."""

    counts: tuple[tuple[str, int], ...]
    total: int

    def count(self, status: str) -> int:
        """Return the number of reports with ``status``."""
        return dict(self.counts).get(status, 0)

    def share(self, status: str) -> float:
        """Return the share (0–1) of reports with ``status``."""
        return self.count(status) / self.total if self.total else 0.0


@dataclass(frozen=True)
class Change:
    """An action whose status moved between two rounds in one partner."""

    partner: Partner
    action: str
    number: int
    before: str
    after: str


@dataclass(frozen=True)
class ProgressView:
    """Everything the progress-report template shows, computed once."""

    round: Round
    plan: Plan
    partners: tuple[Partner, ...]
    statuses: tuple[Status, ...]
    scale: tuple[str, ...]  # status ids, then NO_REPORT
    cells: dict
    by_commitment: tuple[tuple[Commitment, Tally], ...]
    by_partner: tuple[tuple[Partner, Tally], ...]
    total: Tally
    received: int
    changes: tuple[Change, ...] | None
    previous_id: str | None

    def key(self, *parts: str) -> str:
        """Return the content key of something the report computes or prints from the round (a figure, a matrix
        cell): ``view.key("AL.A5", "status")`` is ``progress-2024:AL.A5.status``."""
        prefix = self.round.info.key.partition(":")[0]
        return f"{prefix}:{'.'.join(parts)}"

    def status(self, status_id: str) -> Status | None:
        """Return the scale entry for ``status_id`` (None for "no report received")."""
        return next((s for s in self.statuses if s.id == status_id), None)

    def fill(self, status_id: str) -> str:
        """Return the colour of ``status_id`` in the matrix and charts (white for "no report received")."""
        found = self.status(status_id)
        return found.colour if found else NO_REPORT_FILL

    def ink(self, status_id: str) -> str:
        """Return the colour a symbol is printed in on the fill of ``status_id``: the theme's ink with more
        contrast."""
        return ink(self.fill(status_id), self.statuses[0].inks) if self.statuses else ink(self.fill(status_id))


def status_grid(round_: Round) -> dict[tuple[str, str], Entry]:
    """Return ``{(action id, partner id): entry}`` for every report in the round."""
    return {(entry.action, report.partner): entry for report in round_.reports for entry in report.actions}


def tally(statuses: list[str], scale: tuple[str, ...]) -> Tally:
    """Return the tally of ``statuses`` in the order of ``scale``."""
    counter = Counter(statuses)
    return Tally(tuple((s, counter.get(s, 0)) for s in scale), len(statuses))


def changes_between(current: Round, previous: Round, plan: Plan, partners: tuple[Partner, ...]) -> tuple[Change, ...]:
    """Return the (partner, action) pairs whose status differs between ``previous`` and ``current``."""
    before, after = status_grid(previous), status_grid(current)
    found = []
    for partner in partners:
        for action in plan.actions:
            old = before.get((action.id, partner.id))
            new = after.get((action.id, partner.id))
            old_status = old.status if old else NO_REPORT
            new_status = new.status if new else NO_REPORT
            if old_status != new_status:
                found.append(Change(partner, action.id, action.number, old_status, new_status))
    return tuple(found)


def build_view(round_: Round, plan: Plan, partners: tuple[Partner, ...], statuses: tuple[Status, ...],
               previous: Round | None) -> ProgressView:
    """Return the progress view of ``round_`` (a localised model)."""
    scale = tuple(s.id for s in statuses) + (NO_REPORT,)
    grid = status_grid(round_)
    cells = {(a.id, p.id): grid.get((a.id, p.id)) for a in plan.actions for p in partners}

    def status_of(action_id: str, partner_id: str) -> str:
        entry = cells[(action_id, partner_id)]
        return entry.status if entry else NO_REPORT

    by_commitment = tuple((c, tally([status_of(a.id, p.id) for a in c.actions for p in partners], scale))
                          for c in plan.commitments)
    by_partner = tuple((p, tally([status_of(a.id, p.id) for a in plan.actions], scale)) for p in partners)
    total = tally([status_of(a.id, p.id) for a in plan.actions for p in partners], scale)
    changes = changes_between(round_, previous, plan, partners) if previous else None
    received = sum(1 for entry in cells.values() if entry is not None)
    return ProgressView(round_, plan, partners, statuses, scale, cells, by_commitment, by_partner, total, received,
                        changes, previous.info.id if previous else None)


class ChartMaker:
    """The ``chart()`` function templates call: it turns a tally of the view into a :class:`BarChart` with
    translated labels (all passed in from the template, so every visible word goes through the catalogue)."""

    def __init__(self, view: ProgressView, language: Language, figures):
        self.view = view
        self.language = language
        self.figures = figures

    def __call__(self, kind: str, title: str, axis: str, no_report: str, categories=()) -> BarChart:
        """Return (and remember) the chart ``kind``: ``by-commitment`` (with the commitments' labels as
        ``categories``) or ``by-partner``."""
        view = self.view
        if kind == "by-commitment":
            tallies = [t for _, t in view.by_commitment]
            labels = [_plain(label) for label in categories]
            if len(labels) != len(tallies):
                raise ValueError(f"chart 'by-commitment' needs {len(tallies)} categories, got {len(labels)}")
            rows = list(zip(labels, tallies))
        elif kind == "by-partner":
            rows = [(p.name.plain, t) for p, t in view.by_partner]
        else:
            raise ValueError(f"unknown chart kind '{kind}'")
        title, axis, no_report = _plain(title), _plain(axis), _plain(no_report)
        colours = {s: view.fill(s) for s in view.scale}
        names = {s.id: s.label.plain for s in view.statuses} | {NO_REPORT: no_report}
        scale = view.scale
        series = tuple(Series(names[s], colours[s], tuple(t.count(s) for _, t in rows), view.ink(s)) for s in scale)
        alt = f"{title}. " + "; ".join(
            f"{label}: " + self.language.format_list([f"{names[s]} {t.count(s)}" for s in scale if t.count(s)])
            for label, t in rows)
        chart = BarChart(f"status-{kind}", title, tuple(label for label, _ in rows), series, axis, alt)
        return self.figures.add(chart)


def _plain(value) -> str:
    """Return template text (escaped Markup) as plain text for a chart: tags dropped, entities decoded."""
    return Markup(value).striptags() if isinstance(value, Markup) else str(value)
