"""The plan: commitments → priority areas → actions, with the plan's own wording, loaded from
``content/action-plan.yaml`` and validated. Both the action plan and the progress reports are built on it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..diagnostics import Diagnostics, Location
from ..source import markup
from ..source.loader import load_yaml_model
from ..source.schema import (INVALID, Field, check_unique, date_or_month, identifier, integer, record, sequence,
                             text)
from ..source.text import Month, Text

PLAN_FILE = "content/action-plan.yaml"
NUMBER = "%(number)s"
NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata of a document: what the cover, running header and file properties say."""

    id: str
    title: Text
    short_title: Text
    subject: Text
    period: str
    accepted: dt.date | Month
    organisation: Text
    symbol: str
    loc: Location
    key: str = ""  # the content key of the document's metadata (action-plan:document)

    @property
    def day(self) -> dt.date:
        """Return the document's own date (the first of the month when only the month is known)."""
        return self.accepted.as_date() if isinstance(self.accepted, Month) else self.accepted


@dataclass(frozen=True)
class Wording:
    """How the plan names itself and its parts. Labels carry ``%(number)s``; a label left out is not printed
    (commitments) or is the tool's own word (actions)."""

    name: Text | None
    commitment: Text | None
    action: Text | None
    loc: Location


NO_WORDING = Wording(None, None, None, Location(PLAN_FILE))


@dataclass(frozen=True)
class Rules:
    """Checks this plan sets for its own content (not laws of the tool)."""

    context_bold_phrases: int | None
    loc: Location


NO_RULES = Rules(None, Location(PLAN_FILE))


@dataclass(frozen=True)
class Action:
    """One numbered action of the plan."""

    id: str
    number: int
    text: Text
    loc: Location
    key: str = ""  # action-plan:A5


@dataclass(frozen=True)
class PriorityArea:
    """A priority area: an optional name (a heading), the context paragraph, and the actions it proposes."""

    id: str
    name: Text | None
    context: Text
    actions: tuple[Action, ...]
    loc: Location
    key: str = ""  # action-plan:C1.1

    @property
    def phrase(self) -> str:
        """Return the first emphasised phrase of the context (the area's informal name), or its name."""
        bold = markup.bold_phrases(self.context.value)
        return bold[0] if bold else (self.name.plain if self.name else "")


@dataclass(frozen=True)
class Commitment:
    """A commitment of the plan with its priority areas."""

    id: str
    number: int
    heading: Text
    priority_areas: tuple[PriorityArea, ...]
    loc: Location
    key: str = ""  # action-plan:C1

    @property
    def actions(self) -> tuple[Action, ...]:
        """Return the commitment's actions in order."""
        return tuple(a for area in self.priority_areas for a in area.actions)


@dataclass(frozen=True)
class Plan:
    """The plan: metadata, wording, introduction, commitments and closing."""

    info: DocumentInfo
    wording: Wording
    rules: Rules
    introduction: tuple[Text, ...]
    commitments: tuple[Commitment, ...]
    closing: tuple[Text, ...]
    loc: Location

    @property
    def actions(self) -> tuple[Action, ...]:
        """Return all actions in order."""
        return tuple(a for c in self.commitments for a in c.actions)

    def commitment_label(self, commitment: Commitment) -> Markup | None:
        """Return the label of ``commitment`` ("Pillar 1") as HTML, or None when the plan has none."""
        return numbered(self.wording.commitment, commitment.number)

    def action_label(self, action: Action) -> Markup | None:
        """Return the plan's own label of ``action`` ("Objective 3") as HTML, or None to use the tool's word."""
        return numbered(self.wording.action, action.number)


def numbered(label: Text | None, number: int) -> Markup | None:
    """Return ``label`` with its ``%(number)s`` filled in, the number kept on the line of the word before it."""
    if label is None:
        return None
    html = str(label.inline)
    html = re.sub(r" +(?=%\(number\)s)", NO_BREAK_SPACE, html).replace(NUMBER, str(number))
    return Markup(html)


_NOTE_LABEL = ("Label of a {what}, with its number: %(number)s is replaced by the number (keep it). The number "
               "stays on the line of the word before it.")

_info = record({
    "id": Field(identifier(r"[a-z][a-z0-9-]*", "action-plan")),
    "title": Field(text(note="Full title of the plan: cover page and file properties.")),
    "short_title": Field(text(markup_allowed=False, note="Short title for the running page header: keep it short.")),
    "subject": Field(text(markup_allowed=False, note="Subject line in the file properties.")),
    "period": Field(text(markup_allowed=False, translatable=False)),
    "accepted": Field(date_or_month()),
    "organisation": Field(text(markup_allowed=False, note="Name of the issuing organisation, shown on the cover.")),
    "symbol": Field(text(markup_allowed=False, translatable=False)),
}, DocumentInfo)

_wording = record({
    "name": Field(text(markup_allowed=False, note=(
        "How the documents name the plan in running text, as in the progress report's sentence 'the 21 actions of "
        "<name>': translate it in the form that sentence needs.")), required=False),
    "commitment": Field(text(markup_allowed=False, placeholders=(NUMBER,), note=_NOTE_LABEL.format(what="commitment")),
                        required=False),
    "action": Field(text(markup_allowed=False, placeholders=(NUMBER,), note=_NOTE_LABEL.format(what="action")),
                    required=False),
}, Wording)

_rules = record({
    "context_bold_phrases": Field(integer(minimum=0), required=False),
}, Rules)

_action = record({
    "id": Field(identifier(r"A[1-9][0-9]*", "A1")),
    "number": Field(integer()),
    "text": Field(text(note="Text of one action of the plan.")),
}, Action)

_area = record({
    "id": Field(identifier(r"C[1-9][0-9]*\.[1-9][0-9]*", "C1.1")),
    "name": Field(text(markup_allowed=False, note="Name of a priority area: a heading."), required=False),
    "context": Field(text(note="Context paragraph of a priority area.")),
    "actions": Field(sequence(_action, id_key="id")),
}, PriorityArea)

_commitment = record({
    "id": Field(identifier(r"C[1-9][0-9]*", "C1")),
    "number": Field(integer()),
    "heading": Field(text(note="Heading of a commitment of the plan.")),
    "priority_areas": Field(sequence(_area, id_key="id")),
}, Commitment)

PLAN_SCHEMA = record({
    "document": Field(_info),
    "wording": Field(_wording, required=False, default=NO_WORDING),
    "rules": Field(_rules, required=False, default=NO_RULES),
    "introduction": Field(sequence(text(note="A paragraph of the introduction.")), required=False, default=()),
    "commitments": Field(sequence(_commitment, id_key="id")),
    "closing": Field(sequence(text(note="A paragraph of the closing section.")), required=False, default=()),
}, lambda loc, document, **rest: Plan(info=document, loc=loc, **rest))


def parse_plan(root, diagnostics: Diagnostics, data: bytes | None = None) -> Plan | None:
    """Return the plan of the project at ``root`` (or parsed from ``data``), checked; problems go to
    ``diagnostics``."""
    plan = load_yaml_model(root, PLAN_FILE, PLAN_SCHEMA, "action-plan", diagnostics, data)
    if plan is INVALID:
        return None
    check_plan(plan, diagnostics)
    return plan


def check_plan(plan: Plan, diagnostics: Diagnostics) -> None:
    """Record cross-field problems: duplicate ids, numbering gaps, commitment ids that disagree with their numbers,
    and the plan's own rules."""
    seen: dict[str, Any] = {}
    want_bold = plan.rules.context_bold_phrases
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
            if want_bold is not None and len(bold) != want_bold:
                count = "one priority phrase" if want_bold == 1 else f"{want_bold} priority phrases"
                diagnostics.error(area.context.loc, f"the context must emphasise exactly {count} in **bold**, "
                                                    f"found {len(bold)} (rules.context_bold_phrases)",
                                  f"{area_key}.context")
    position = 0
    for c_index, commitment in enumerate(plan.commitments):
        for a_index, area in enumerate(commitment.priority_areas):
            for x_index, action in enumerate(area.actions):
                position += 1  # numbered by position, so one misplaced action blames no neighbour
                key = f"commitments[{c_index}].priority_areas[{a_index}].actions[{x_index}]"
                check_unique(action.id, action, f"{key}.id", seen, diagnostics)
                _numbered(action, position, None, key, "action", diagnostics)


def _numbered(node: Any, expected: int, letter: str | None, key: str, what: str, diagnostics: Diagnostics) -> None:
    """Check a node's number against its position, and (with ``letter``) its id against its number. An action's id
    is a stable name, not its number: an action moved or inserted before others keeps its id (progress reports and
    editions refer to it) while the numbers follow the order."""
    if node.number != expected:
        word = "gap in" if node.number > expected else "out of order"
        diagnostics.error(node.loc, f"{word} {what} numbering: expected {what} {expected}, got {node.number}",
                          f"{key}.number")
    elif letter is not None and node.id != f"{letter}{node.number}":
        diagnostics.error(node.loc, f"id '{node.id}' does not match number {node.number} "
                                    f"(expected '{letter}{node.number}')", f"{key}.id")
