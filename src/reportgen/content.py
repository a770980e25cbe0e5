"""Load content YAML into the validated model, collecting every problem with its file, line and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import markup
from .diagnostics import Diagnostics, Location, ReportgenError
from .model import Action, Commitment, DocumentInfo, Plan, PriorityArea
from .schema import (INVALID, Context, Field, Where, check_unique, date_or_month, identifier, integer, record,
                     sequence, text)
from .yamlsource import compose, compose_bytes

PLAN_FILE = "content/action-plan.yaml"

_info = record({
    "id": Field(identifier(r"[a-z][a-z0-9-]*", "action-plan")),
    "title": Field(text()),
    "short_title": Field(text(markup_allowed=False)),
    "subject": Field(text(markup_allowed=False)),
    "period": Field(text(markup_allowed=False, translatable=False)),
    "accepted": Field(date_or_month()),
    "organisation": Field(text(markup_allowed=False)),
    "symbol": Field(text(markup_allowed=False, translatable=False)),
}, DocumentInfo)

_action = record({
    "id": Field(identifier(r"A[1-9][0-9]*", "A1")),
    "number": Field(integer()),
    "text": Field(text()),
}, Action)

_area = record({
    "id": Field(identifier(r"C[1-9][0-9]*\.[1-9][0-9]*", "C1.1")),
    "context": Field(text()),
    "actions": Field(sequence(_action, id_key="id")),
}, PriorityArea)

_commitment = record({
    "id": Field(identifier(r"C[1-9][0-9]*", "C1")),
    "number": Field(integer()),
    "heading": Field(text()),
    "priority_areas": Field(sequence(_area, id_key="id")),
}, Commitment)

PLAN_SCHEMA = record({
    "document": Field(_info),
    "introduction": Field(sequence(text())),
    "commitments": Field(sequence(_commitment, id_key="id")),
    "closing": Field(sequence(text()), required=False, default=()),
}, lambda loc, document, **rest: Plan(info=document, loc=loc, **rest))


def load_yaml_model(root: Path, relative: str, validator, prefix: str, diagnostics: Diagnostics,
                    data: bytes | None = None) -> Any:
    """Return the model that ``validator`` builds from ``root/relative`` (or ``data``), or INVALID."""
    try:
        node = compose(root / relative, relative) if data is None else compose_bytes(data, relative)
    except ReportgenError as exc:
        diagnostics.extend(exc.diagnostics)
        return INVALID
    ctx = Context(relative, diagnostics, prefix)
    if node is None:
        diagnostics.error(Location(relative), "file is empty")
        return INVALID
    return validator(node, Where("", ""), ctx)


def load_plan(root: Path, diagnostics: Diagnostics) -> Plan | None:
    """Return the validated action plan of the project at ``root``; problems go to ``diagnostics``."""
    plan = load_yaml_model(root, PLAN_FILE, PLAN_SCHEMA, "action-plan", diagnostics)
    if plan is INVALID:
        return None
    check_plan(plan, diagnostics)
    return plan


def check_plan(plan: Plan, diagnostics: Diagnostics) -> None:
    """Record cross-field problems: duplicate ids, numbering gaps, ids that disagree with numbers."""
    seen: dict[str, Any] = {}
    for index, commitment in enumerate(plan.commitments):
        key = f"commitments[{index}]"
        check_unique(commitment.id, commitment, f"{key}.id", seen, diagnostics)
        _numbered(commitment, index + 1, "C", key, "commitment", diagnostics)
        for a_index, area in enumerate(commitment.priority_areas):
            area_key = f"{key}.priority_areas[{a_index}]"
            check_unique(area.id, area, f"{area_key}.id", seen, diagnostics)
            if not area.id.startswith(commitment.id + "."):
                diagnostics.error(area.loc, f"priority area id '{area.id}' does not belong to commitment "
                                            f"'{commitment.id}' (expected '{commitment.id}.{a_index + 1}')",
                                  f"{area_key}.id")
            bold = markup.bold_phrases(area.context.value)
            if len(bold) != 1:
                diagnostics.error(area.context.loc, f"the context must emphasise exactly one priority phrase "
                                                    f"in **bold**, found {len(bold)}", f"{area_key}.context")
    expected = 1
    for c_index, commitment in enumerate(plan.commitments):
        for a_index, area in enumerate(commitment.priority_areas):
            for x_index, action in enumerate(area.actions):
                key = f"commitments[{c_index}].priority_areas[{a_index}].actions[{x_index}]"
                check_unique(action.id, action, f"{key}.id", seen, diagnostics)
                _numbered(action, expected, "A", key, "action", diagnostics)
                expected = action.number + 1


def _numbered(node: Any, expected: int, letter: str, key: str, what: str, diagnostics: Diagnostics) -> None:
    if node.number != expected:
        word = "gap in" if node.number > expected else "out of order"
        diagnostics.error(node.loc, f"{word} {what} numbering: expected {what} {expected}, got {node.number}",
                          f"{key}.number")
    if node.id != f"{letter}{node.number}":
        diagnostics.error(node.loc, f"id '{node.id}' does not match number {node.number} "
                                    f"(expected '{letter}{node.number}')", f"{key}.id")

