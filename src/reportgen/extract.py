"""Babel extractor for content YAML: every translatable string, with its msgctxt, line and translator notes.

Registered as the ``reportgen_yaml`` extraction method, so plain ``pybabel extract -F babel.cfg`` works too. The
strings come from the same schema the build validates with, so extraction and lookup can never disagree.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterator

from .content import PLAN_FILE, PLAN_SCHEMA, load_yaml_model
from .diagnostics import Diagnostics
from .model import texts
from .progress_content import (PARTNERS_FILE, ROUNDS_FOLDER, STATUSES_FILE, load_partners, load_round,
                               load_statuses)
from .schema import INVALID

# Notes for translators, by the last part of a string's context (its field name).
NOTES = {
    "title": "Full document title: cover page and file properties.",
    "short_title": "Short title for the running page header: keep it short.",
    "subject": "Subject line in the file properties.",
    "organisation": "Name of the issuing organisation, shown on the cover.",
    "heading": "Heading of a Skopje Commitment; the template adds '(Skopje Commitment N)' after it.",
    "context": "Context paragraph of a priority area: keep exactly one **bold** phrase, which names the area.",
    "text": "Text of one action of the plan (an imperative sentence, as in the source).",
    "name": "Name of a Western Balkans partner.",
    "account": "A partner's short account of progress on one action.",
    "label": "Label of a value on the status scale (matrix legend, charts, summary tables).",
    "meeting": "Name of the meeting the report is presented to.",
}


def extract_yaml(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Yield ``(line, 'pgettext', (msgctxt, msgid), notes)`` for each translatable string of a content file."""
    name = PurePosixPath(getattr(fileobj, "name", options.get("filename", "")))
    root = Path(options.get("root", "."))
    relative = _relative(name, root)
    diagnostics = Diagnostics()
    model = model_for(root, relative, fileobj.read(), diagnostics)
    if model is None:
        return
    for text in texts(model):
        note = NOTES.get(text.context.rsplit(".", 1)[-1].split("[")[0])
        notes = [note] if note else []
        if "*" in text.value or "](" in text.value:
            notes.append("Keep the markup: **bold**, *italic*, [link text](address).")
        yield text.loc.line, "pgettext", (text.context, text.value), notes


def _relative(name: PurePosixPath, root: Path) -> str:
    parts = name.parts
    if "content" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("content"):])
    try:
        return Path(name).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return name.as_posix()


def model_for(root: Path, relative: str, data: bytes, diagnostics: Diagnostics):
    """Return the model of the content file ``relative`` parsed from ``data`` (None for files without strings)."""
    if relative == PLAN_FILE:
        model = load_yaml_model(root, relative, PLAN_SCHEMA, "action-plan", diagnostics, data)
        return None if model is INVALID else model
    if relative == PARTNERS_FILE:
        return load_partners(root, diagnostics, data)
    if relative == STATUSES_FILE:
        return load_statuses(root, diagnostics, data)
    if relative.startswith(ROUNDS_FOLDER + "/"):
        statuses = load_statuses(root, Diagnostics()) or ()
        return load_round(root, relative, tuple(s.id for s in statuses), diagnostics, data)
    return None
