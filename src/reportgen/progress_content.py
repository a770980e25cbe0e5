"""Load progress-report content: partners, the status scale, and each reporting round, validated against the plan."""

from __future__ import annotations

from pathlib import Path

from .content import load_yaml_model
from .diagnostics import Diagnostics, did_you_mean
from .model import Entry, Evidence, Partner, Plan, Report, Round, RoundInfo, Status
from .schema import (INVALID, Field, boolean, check_unique, choice, colour, date_or_month, identifier, record,
                     sequence, text, url)

PARTNERS_FILE = "content/partners.yaml"
STATUSES_FILE = "content/statuses.yaml"
ROUNDS_FOLDER = "content/progress"
NO_REPORT = "no-report"

_partner = record({
    "id": Field(identifier(r"[A-Z]{2}", "AL")),
    "name": Field(text(markup_allowed=False)),
    "note": Field(text(markup_allowed=False), required=False),
}, Partner)
_partners = record({"partners": Field(sequence(_partner, id_key="id"))}, lambda loc, partners: partners)

_status = record({
    "id": Field(identifier(r"[a-z][a-z-]*", "in-progress")),
    "label": Field(text(markup_allowed=False)),
    "symbol": Field(text(markup_allowed=False, translatable=False)),
    "colour": Field(colour()),
}, Status)
_statuses = record({"statuses": Field(sequence(_status, id_key="id"))}, lambda loc, statuses: statuses)

_evidence = record({"title": Field(text(markup_allowed=False)), "url": Field(url())}, Evidence)


def _round_schema(statuses: tuple[str, ...]):
    entry = record({
        "action": Field(identifier(r"A[1-9][0-9]*", "A1")),
        "status": Field(choice(statuses)),
        "account": Field(text(), required=False),
        "evidence": Field(_evidence, required=False),
    }, Entry)
    report = record({
        "partner": Field(identifier(r"[A-Z]{2,3}", "AL")),  # checked against partners.yaml with a did-you-mean
        "reported": Field(date_or_month(day_only=True)),
        "actions": Field(sequence(entry, min_items=0, id_key="action", scoped=True)),
    }, Report)
    info = record({
        "id": Field(identifier(r"[0-9]{4}[a-z0-9-]*", "2024")),
        "title": Field(text()),
        "short_title": Field(text(markup_allowed=False)),
        "subject": Field(text(markup_allowed=False)),
        "organisation": Field(text(markup_allowed=False)),
        "symbol": Field(text(markup_allowed=False, translatable=False)),
        "period_start": Field(date_or_month(month_only=True)),
        "period_end": Field(date_or_month(month_only=True)),
        "meeting": Field(text(markup_allowed=False)),
        "date": Field(date_or_month(day_only=True)),
        "illustrative": Field(boolean(), required=False, default=False),
        "previous": Field(identifier(r"[0-9]{4}[a-z0-9-]*", "2023"), required=False),
    }, RoundInfo)
    return record({"round": Field(info), "reports": Field(sequence(report, min_items=0, id_key="partner"))},
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


def load_statuses(root: Path, diagnostics: Diagnostics, data: bytes | None = None) -> tuple[Status, ...] | None:
    """Return the status scale, or None when the file is invalid."""
    return _load_list(root, STATUSES_FILE, _statuses, "statuses", diagnostics, data)


def round_files(root: Path) -> list[str]:
    """Return the project-relative paths of the reporting rounds, oldest first."""
    folder = root / ROUNDS_FOLDER
    return sorted(f"{ROUNDS_FOLDER}/{p.name}" for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_round(root: Path, relative: str, statuses: tuple[str, ...], diagnostics: Diagnostics,
               data: bytes | None = None) -> Round | None:
    """Return one reporting round, schema-validated (cross-checks come from :func:`check_round`)."""
    round_id = Path(relative).stem
    model = load_yaml_model(root, relative, _round_schema(statuses), f"progress-{round_id}", diagnostics, data)
    if model is INVALID:
        return None
    if model.info.id != round_id:
        diagnostics.error(model.info.loc, f"round id '{model.info.id}' does not match the file name "
                                          f"'{round_id}.yaml'", "round.id")
    return model


def check_round(round_: Round, plan: Plan, partners: tuple[Partner, ...], known_rounds: set[str],
                diagnostics: Diagnostics) -> None:
    """Record problems between a round and the plan, the partners and other rounds."""
    actions = [a.id for a in plan.actions]
    partner_ids = [p.id for p in partners]
    info = round_.info
    if info.period_end < info.period_start:
        diagnostics.error(info.loc, "period_end is before period_start", "round.period_end")
    if info.previous is not None and info.previous not in known_rounds:
        diagnostics.error(info.loc, f"previous round '{info.previous}' does not exist"
                                    f"{did_you_mean(info.previous, known_rounds)}", "round.previous")
    seen_partners: dict[str, int] = {}
    for index, report in enumerate(round_.reports):
        key = f"reports[{index}]"
        if report.partner not in partner_ids:
            diagnostics.error(report.loc, f"unknown partner '{report.partner}'{did_you_mean(report.partner, partner_ids)}"
                                          f"; partners are listed in content/partners.yaml", f"{key}.partner")
        elif report.partner in seen_partners:
            diagnostics.error(report.loc, f"duplicate report for partner '{report.partner}' (first at line "
                                          f"{seen_partners[report.partner]})", f"{key}.partner")
        else:
            seen_partners[report.partner] = report.loc.line
        seen_actions: dict[str, int] = {}
        for a_index, entry in enumerate(report.actions):
            a_key = f"{key}.actions[{a_index}].action"
            if entry.action not in actions:
                diagnostics.error(entry.loc, f"the plan has no action '{entry.action}'"
                                             f"{did_you_mean(entry.action, actions)}", a_key)
            elif entry.action in seen_actions:
                diagnostics.error(entry.loc, f"duplicate entry for action '{entry.action}' of partner "
                                             f"'{report.partner}' (first at line {seen_actions[entry.action]})", a_key)
            else:
                seen_actions[entry.action] = entry.loc.line
