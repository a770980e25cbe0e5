"""What a questionnaire is about: a round, a partner, the plan's actions in order (under their commitments), last
round's answers for reference, and a fingerprint of the actions so that an answer to another plan is refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, ReportgenError, UsageError, did_you_mean, odd_characters
from ..documents.progress.content import Entry, Partner, ProgressModel, Report, Round
from ..i18n.locales import SOURCE, Language

FORMAT_VERSION = "1"


@dataclass(frozen=True)
class Row:
    """One row of the answers sheet: a commitment's heading (``action`` None) or an action."""

    heading: str | None = None
    action: object = None  # a localised plan Action
    previous: Entry | None = None
    current: Entry | None = None  # prefilled (``--prefill current``)


@dataclass(frozen=True)
class Form:
    """One partner's questionnaire for one round, in one language."""

    round: Round
    partner: Partner
    language: Language
    rows: tuple[Row, ...]
    fingerprints: tuple[tuple[str, str], ...]  # (action id, fingerprint of its number and English text)
    plan: object
    statuses: tuple
    previous_id: str | None
    reported: object = None  # the prefilled report's date

    @property
    def fingerprint(self) -> str:
        """Return the fingerprint of the plan's actions as the form was made."""
        return plan_fingerprint(self.fingerprints)


def action_fingerprints(plan) -> tuple[tuple[str, str], ...]:
    """Return each action's id with a short hash of its number and English text (what the partner answered to)."""
    return tuple((a.id, hashlib.sha256(f"{a.number}\n{a.text.value}".encode()).hexdigest()[:16])
                 for a in plan.actions)


def plan_fingerprint(fingerprints) -> str:
    """Return one hash of every action's fingerprint, in order."""
    return hashlib.sha256("\n".join(f"{i}:{h}" for i, h in fingerprints).encode()).hexdigest()[:16]


def round_model(project, round_id: str) -> ProgressModel:
    """Return the model of the progress report of ``round_id`` (round, previous round, plan, partners, statuses),
    as the progress reports' type gives it; an unknown round is a usage error naming the rounds there are."""
    from ..documents.progress import rounds

    found = rounds(project)
    if round_id not in found:
        raise UsageError(f"unknown round '{round_id}'{did_you_mean(round_id, found)}; rounds: "
                         f"{', '.join(found) or 'none (add content/progress/<round>/round.yaml)'}")
    return found[round_id]


def partner_language(project, partner: Partner, override: str | None) -> Language:
    """Return the language of a partner's questionnaire: ``--lang``, else the partner's own, else English."""
    tag = override or partner.language or SOURCE.tag
    languages = {lang.tag: lang for lang in project.languages}
    if tag not in languages:
        message = (f"language '{tag}' is not one the project publishes in{did_you_mean(tag, languages)}; "
                   f"declared: {', '.join(languages)}")
        if override:
            raise UsageError(message)
        raise ReportgenError(Diagnostic(partner.loc, message, f"partners[{partner.id}].language"))
    return languages[tag]


def make_form(project, round_id: str, partner_id: str, lang: str | None = None, prefill: bool = False) -> Form:
    """Return the questionnaire of ``partner_id`` for ``round_id`` (answers prefilled from the round's own report
    of that partner when ``prefill``), localised into the partner's language."""
    from ..i18n.catalogue import Translator

    data = round_model(project, round_id)
    partners = {p.id: p for p in data.partners}
    if partner_id not in partners:
        raise UsageError(f"unknown partner '{partner_id}'{odd_characters(partner_id, ascii_only=True)}"
                         f"{did_you_mean(partner_id, partners)}; partners: "
                         f"{', '.join(partners)}")
    language = partner_language(project, partners[partner_id], lang)
    translator = Translator(language, project.catalogues.get(language.tag))
    plan = translator.localise(data.plan)
    partner = translator.localise(partners[partner_id])
    statuses = translator.localise(data.statuses)
    previous = data.previous
    before = _entries(translator.localise(previous) if previous else None, partner_id)  # shown in the language
    report = next((r for r in data.round.reports if r.partner == partner_id), None) if prefill else None
    now = {e.action: e for e in report.actions} if report else {}
    rows = []
    for commitment in plan.commitments:
        label = plan.commitment_label(commitment)
        heading = commitment.heading.plain
        rows.append(Row(heading=f"{label}: {heading}" if label else heading))
        for area in commitment.priority_areas:
            for action in area.actions:
                rows.append(Row(action=action, previous=before.get(action.id), current=now.get(action.id)))
    shown_round = translator.localise(data.round)  # the round's words in the form's language
    return Form(shown_round, partner, language, tuple(rows), action_fingerprints(data.plan), plan,
                tuple(statuses), previous.info.id if previous else None, report.reported if report else None)


def _entries(round_: Round | None, partner_id: str) -> dict[str, Entry]:
    if round_ is None:
        return {}
    report: Report | None = next((r for r in round_.reports if r.partner == partner_id), None)
    return {e.action: e for e in report.actions} if report else {}


def workbook_path(out: Path, round_id: str, partner_id: str) -> Path:
    """Return where the questionnaire of a partner is written below the output folder."""
    return out / "questionnaires" / round_id / f"{partner_id}.xlsx"


__all__ = ["FORMAT_VERSION", "Form", "Row", "action_fingerprints", "make_form", "plan_fingerprint",
           "round_model", "workbook_path"]
