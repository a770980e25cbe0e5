"""The action plan as a document: the plan itself, rendered by ``action-plan.html.j2``."""

from __future__ import annotations

from typing import Any

from ..source.schema import INVALID
from ..tree.roles import vocabulary
from . import Document, Loading, register
from .frame import FRAME
from .plan import PLAN_FILE, Plan, parse_plan

# The classes of action-plan.html.j2 beside the frame's, and their roles.
VOCABULARY = FRAME + vocabulary({
    "p.accepted": "cover-subtitle", "p.lead": "lead", "p.context": "paragraph", "p.action": "paragraph",
    "p.closing": "paragraph", "section.introduction": "flow", "section.commitment": "new-page",
    "section.closing": "flow",
})


def load_plan(loading: Loading) -> Plan | None:
    """Return the project's plan, read and checked once per load (None, with the errors recorded, when it is
    missing or invalid)."""
    return loading.once("plan", lambda: parse_plan(loading.root, loading.diagnostics))


class ActionPlan:
    """The plan document (``content/action-plan.yaml``)."""

    name = "action-plan"
    template = "action-plan.html.j2"

    def documents(self, loading: Loading) -> list[Document]:
        """Return the plan document, when the project has a valid plan (a project of other documents has none)."""
        if not (loading.root / PLAN_FILE).exists() and not (loading.root / PLAN_FILE).is_symlink():
            return []
        plan = load_plan(loading)
        if plan is None:
            return []
        return [Document(plan.info.id, self.name, self.template, plan, (PLAN_FILE,), plan.info.day, plan.info.loc,
                         prepare=_context, vocabulary=VOCABULARY)]

    def model_for(self, loading: Loading, relative: str, data: bytes) -> Any:
        """Return the plan parsed from ``data`` when ``relative`` is the plan file."""
        if relative != PLAN_FILE:
            return None
        plan = parse_plan(loading.root, loading.diagnostics, data)
        return INVALID if plan is None else plan


def _context(plan: Plan, language, figures) -> dict:
    return {"plan": plan}


register(ActionPlan())
