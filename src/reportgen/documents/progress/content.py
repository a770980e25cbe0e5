"""Load progress-report content: partners, the status scale, and each reporting round, validated against the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ...diagnostics import Diagnostics, Location, did_you_mean, odd_characters
from ...source.loader import load_yaml_model
from ...i18n.locales import LANGUAGES
from ...source.schema import (INVALID, Field, boolean, check_unique, choice, colour, date_or_month, identifier,
                              integer, record, sequence, text, url)
from ...source.text import Month, Text
from ..plan import Plan

PARTNERS_FILE = "content/partners.yaml"
STATUSES_FILE = "content/statuses.yaml"
ROUNDS_FOLDER = "content/progress"
NO_REPORT = "no-report"
DEFAULT_STATUSES = "statuses.yaml"  # in the theme, for projects without a scale of their own
PARTNER_ID = r"[A-Z]{2,3}"  # ISO 3166 alpha-2 or alpha-3 style codes


@dataclass(frozen=True)
class Partner:
    """A partner of the plan; ``note`` is a footnote its name must carry wherever it first appears (a designation)."""

    id: str
    name: Text
    note: Text | None
    loc: Location
    language: str | None = None  # the BCP 47 tag of the language its questionnaires are written in
    key: str = ""  # partners:AL


@dataclass(frozen=True)
class Status:
    """A value on the progress scale: label, matrix symbol and colour (its own, or the theme's
    ``--status-<id>``)."""

    id: str
    label: Text
    symbol: str
    colour: str | None
    loc: Location
    inks: tuple[str, str] = ("#ffffff", "#222222")  # the theme's light and dark inks, for symbols on the fills


@dataclass(frozen=True)
class Evidence:
    """A document a partner cites for its account."""

    title: Text
    url: str
    loc: Location


@dataclass(frozen=True)
class Entry:
    """One partner's report on one action."""

    action: str
    status: str
    account: Text | None
    evidence: Evidence | None
    loc: Location
    key: str = ""  # progress-2024:AL.A5


@dataclass(frozen=True)
class Report:
    """What one partner submitted in a round."""

    partner: str
    reported: dt.date
    actions: tuple[Entry, ...]
    loc: Location
    key: str = ""  # progress-2024:AL


@dataclass(frozen=True)
class RoundInfo:
    """Metadata of a reporting round and its document."""

    id: str
    title: Text
    short_title: Text
    subject: Text
    organisation: Text
    symbol: str
    period_start: Month
    period_end: Month
    meeting: Text
    date: dt.date
    illustrative: bool
    previous: str | None
    loc: Location
    deadline: dt.date | None = None  # when the partners' questionnaires are due
    contact: str | None = None  # where they are sent back to
    account_limit: int = 1000  # the longest account a questionnaire accepts, in characters
    key: str = ""  # progress-2024:round

    @property
    def day(self) -> dt.date:
        """Return the document's own date: the day of the meeting it is presented to."""
        return self.date


@dataclass(frozen=True)
class Round:
    """A reporting round: its metadata and the partners' reports, and the files they were read from."""

    info: RoundInfo
    reports: tuple[Report, ...]
    loc: Location
    files: tuple[str, ...] = ()

@dataclass(frozen=True)
class ProgressModel:
    """What a progress report is made of: its round, the previous round (for the changes between them), the plan,
    the partners and the status scale."""

    round: Round
    previous: Round | None
    plan: Plan
    partners: tuple[Partner, ...]
    statuses: tuple[Status, ...]


_partner = record({
    "id": Field(identifier(PARTNER_ID, "AL")),
    "name": Field(text(markup_allowed=False, note="Name of a partner taking part in the plan.")),
    "note": Field(text(markup_allowed=False, note=(
        "Footnote that must accompany the partner's name (a designation): use the wording agreed for official "
        "documents in this language.")), required=False),
    "language": Field(choice(tuple(LANGUAGES)), required=False),
}, Partner)
_partners = record({"partners": Field(sequence(_partner, id_key="id"))}, lambda loc, partners: partners)

_status = record({
    "id": Field(identifier(r"[a-z][a-z-]*", "in-progress")),
    "label": Field(text(markup_allowed=False, note=(
        "Label of a value on the status scale (matrix legend, charts, summary tables)."))),
    "symbol": Field(text(markup_allowed=False, translatable=False)),
    "colour": Field(colour(), required=False),
}, Status)
_statuses = record({"statuses": Field(sequence(_status, id_key="id"))}, lambda loc, statuses: statuses)

_evidence = record({"title": Field(text(markup_allowed=False, note="Title of a document a partner cites as evidence.")),
                    "url": Field(url())}, Evidence)


def _report_schema(statuses: tuple[str, ...]):
    entry = record({
        "action": Field(identifier(r"A[1-9][0-9]*", "A1")),
        "status": Field(choice(statuses) if statuses else identifier(r"[a-z][a-z-]*", "in-progress")),
        "account": Field(text(note="A partner's short account of progress on one action."), required=False),
        "evidence": Field(_evidence, required=False),
    }, Entry)
    return record({
        "partner": Field(identifier(PARTNER_ID, "AL")),  # checked against partners.yaml with a did-you-mean
        "reported": Field(date_or_month(day_only=True)),
        "actions": Field(sequence(entry, min_items=0, id_key="action", scoped=True)),
    }, Report)


def _round_schema(statuses: tuple[str, ...]):
    report = _report_schema(statuses)
    info = record({
        "id": Field(identifier(r"[0-9]{4}[a-z0-9-]*", "2024")),
        "title": Field(text(note="Full title of the progress report: cover page and file properties.")),
        "short_title": Field(text(markup_allowed=False, note="Short title for the running page header.")),
        "subject": Field(text(markup_allowed=False, note="Subject line in the file properties.")),
        "organisation": Field(text(markup_allowed=False, note="Name of the issuing organisation, on the cover.")),
        "symbol": Field(text(markup_allowed=False, translatable=False)),
        "period_start": Field(date_or_month(month_only=True)),
        "period_end": Field(date_or_month(month_only=True)),
        "meeting": Field(text(markup_allowed=False, note=(
            "Name of the meeting the report is presented to, as in 'Presented to the <meeting>, <date>': translate "
            "it in the case that sentence needs."))),
        "date": Field(date_or_month(day_only=True)),
        "illustrative": Field(boolean(), required=False, default=False),
        "previous": Field(identifier(r"[0-9]{4}[a-z0-9-]*", "2023"), required=False),
        "deadline": Field(date_or_month(day_only=True), required=False),
        "contact": Field(text(markup_allowed=False, translatable=False), required=False),
        "account_limit": Field(integer(minimum=50), required=False, default=1000),
    }, RoundInfo)
    return record({"round": Field(info),
                   "reports": Field(sequence(report, min_items=0, id_key="partner"), required=False, default=())},
                  lambda loc, **values: Round(values["round"], values["reports"], loc))


def _load_list(root: Path, relative: str, schema, key: str, diagnostics: Diagnostics, data: bytes | None):
    """Return the items of a file holding one list of records with unique ids, or None when it is invalid."""
    items = load_yaml_model(root, relative, schema, key, diagnostics, data)
    if items is INVALID:
        return None
    seen: dict = {}
    for index, item in enumerate(items):
        check_unique(item.id, item, f"{key}[{index}].id", seen, diagnostics)
    return items


def load_partners(root: Path, diagnostics: Diagnostics, data: bytes | None = None) -> tuple[Partner, ...] | None:
    """Return the partners, or None when the file is invalid (problems go to ``diagnostics``)."""
    return _load_list(root, PARTNERS_FILE, _partners, "partners", diagnostics, data)


def load_statuses(root: Path, diagnostics: Diagnostics, data: bytes | None = None,
                  default: Path | None = None) -> tuple[Status, ...] | None:
    """Return the status scale, or None when the file is invalid; a project without one uses the scale in the
    ``default`` folder (the theme's)."""
    if default is not None and (root == default or not (root / STATUSES_FILE).exists()):
        return _load_list(default, DEFAULT_STATUSES, _statuses, "statuses", diagnostics, data)
    return _load_list(root, STATUSES_FILE, _statuses, "statuses", diagnostics, data)


def coloured(statuses: tuple[Status, ...], theme_colours: dict[str, str], inks: tuple[str, str],
             diagnostics: Diagnostics) -> tuple[Status, ...] | None:
    """Return the scale with every status's fill: its own ``colour``, else the theme's ``--status-<id>`` (and the
    theme's ``inks``, light and dark); a status with neither is an error (None)."""
    import dataclasses

    found = []
    for index, status in enumerate(statuses):
        fill = status.colour or theme_colours.get(status.id)
        if fill is None:
            diagnostics.error(status.loc, f"status '{status.id}' has no colour: give it one here, or set "
                                          f"--status-{status.id} in the theme's tokens.css", f"statuses[{index}]")
        found.append(dataclasses.replace(status, colour=fill, inks=inks))
    return None if any(s.colour is None for s in found) else tuple(found)


def round_files(root: Path) -> list[str]:
    """Return the project-relative paths of the reporting rounds, oldest first: ``progress/<round>.yaml`` (one
    file for the round and every report), or ``progress/<round>/round.yaml`` (a folder holding one file per
    partner's report beside it, as ``reportgen import`` writes them)."""
    folder = root / ROUNDS_FOLDER
    if not folder.is_dir():
        return []
    found = [f"{ROUNDS_FOLDER}/{p.name}" for p in folder.glob("*.yaml")]
    found += [f"{ROUNDS_FOLDER}/{p.name}/{ROUND_FILE}" for p in folder.iterdir() if (p / ROUND_FILE).is_file()]
    return sorted(found)


ROUND_FILE = "round.yaml"


def round_id_of(relative: str) -> str:
    """Return the id of the round a round or report file belongs to (``content/progress/2024/AL.yaml`` → 2024)."""
    path = Path(relative)
    return path.stem if path.parent.as_posix() == ROUNDS_FOLDER else path.parent.name


def report_files(root: Path, relative: str) -> list[str]:
    """Return the partners' report files beside a round folder's ``round.yaml`` (none for a one-file round)."""
    path = Path(relative)
    if path.name != ROUND_FILE or path.parent.as_posix() == ROUNDS_FOLDER:
        return []
    return sorted(f"{path.parent.as_posix()}/{p.name}" for p in (root / path.parent).glob("*.yaml")
                  if p.name != ROUND_FILE)


def load_report(root: Path, relative: str, statuses: tuple[str, ...], diagnostics: Diagnostics,
                data: bytes | None = None) -> Report | None:
    """Return one partner's report file of a round folder; its name is the partner's id."""
    partner = Path(relative).stem
    model = load_yaml_model(root, relative, _report_schema(statuses), f"progress-{round_id_of(relative)}",
                            diagnostics, data, at=partner)
    if model is INVALID:
        return None
    if model.partner != partner:
        diagnostics.error(model.loc, f"the report of partner '{model.partner}' is in the file of '{partner}' "
                                     f"(name the file {model.partner}.yaml)", "partner")
        return None
    return model


def load_round(root: Path, relative: str, statuses: tuple[str, ...], diagnostics: Diagnostics,
               data: bytes | None = None, with_reports: bool = True) -> Round | None:
    """Return one reporting round with the reports of its folder (unless not ``with_reports``), schema-validated
    (cross-checks come from :func:`check_round`)."""
    import dataclasses

    round_id = round_id_of(relative)
    model = load_yaml_model(root, relative, _round_schema(statuses), f"progress-{round_id}", diagnostics, data)
    if model is INVALID:
        return None
    if model.info.id != round_id:
        where = f"folder '{round_id}/'" if Path(relative).name == ROUND_FILE else f"file name '{round_id}.yaml'"
        diagnostics.error(model.info.loc, f"round id '{model.info.id}' does not match the {where}", "round.id")
    files = report_files(root, relative) if with_reports else []
    reports = [r for r in (load_report(root, f, statuses, diagnostics) for f in files) if r is not None]
    return dataclasses.replace(model, reports=model.reports + tuple(reports), files=(relative, *files))


def check_round(round_: Round, plan: Plan | None, partners: tuple[Partner, ...] | None, known_rounds: set[str],
                diagnostics: Diagnostics) -> None:
    """Record problems between a round and the plan, the partners and other rounds; checks that need the plan
    or the partners are left out while those are invalid (their own errors are reported)."""
    actions = [a.id for a in plan.actions] if plan is not None else None
    partner_ids = [p.id for p in partners] if partners is not None else None
    info = round_.info
    if info.period_end < info.period_start:
        diagnostics.error(info.loc, "period_end is before period_start", "round.period_end")
    if info.previous is not None and info.previous not in known_rounds:
        diagnostics.error(info.loc, f"previous round '{info.previous}' does not exist"
                                    f"{did_you_mean(info.previous, known_rounds)}", "round.previous")
    seen_partners: dict[str, Location] = {}
    for index, report in enumerate(round_.reports):
        # A report in the round's own file is ``reports[i]``; one in a file of its own is that file's top level.
        key = f"reports[{index}]." if report.loc.file == round_.loc.file else ""
        if partner_ids is not None and report.partner not in partner_ids:
            diagnostics.error(report.loc, f"unknown partner '{report.partner}'"
                                          f"{odd_characters(report.partner, ascii_only=True)}"
                                          f"{did_you_mean(report.partner, partner_ids)}"
                                          f"; partners are listed in {PARTNERS_FILE}", f"{key}partner")
        elif report.partner in seen_partners:
            diagnostics.error(report.loc, f"duplicate report for partner '{report.partner}' (first at "
                                          f"{_where(seen_partners[report.partner], report.loc)})", f"{key}partner")
        else:
            seen_partners[report.partner] = report.loc
        seen_actions: dict[str, int] = {}
        for a_index, entry in enumerate(report.actions):
            a_key = f"{key}actions[{a_index}].action"
            if actions is not None and entry.action not in actions:
                diagnostics.error(entry.loc, f"the plan has no action '{entry.action}'"
                                             f"{did_you_mean(entry.action, actions)}", a_key)
            elif entry.action in seen_actions:
                diagnostics.error(entry.loc, f"duplicate entry for action '{entry.action}' of partner "
                                             f"'{report.partner}' (first at line {seen_actions[entry.action]})", a_key)
            else:
                seen_actions[entry.action] = entry.loc.line


def _where(first: Location, here: Location) -> str:
    """Return how a diagnostic at ``here`` names an earlier place: its line, or its file and line elsewhere."""
    return f"line {first.line}" if first.file == here.file else str(first)
