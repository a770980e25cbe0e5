"""The names of recorded releases (and editions): letters, digits, '.', '-' and '_', starting with a letter or a
digit, at most 64 characters — names, never paths."""

from __future__ import annotations

import re

from .diagnostics import UsageError

MAX_TAG = 64
_ALLOWED = re.compile(r"[A-Za-z0-9._-]")


def check_tag(tag: str, what: str = "release tag") -> str:
    """Return ``tag`` when it is a name; else raise a usage error saying what is wrong with it."""
    shown = tag if len(tag) <= 40 else tag[:39] + "…"
    if not tag:
        raise UsageError(f"the {what} is empty")
    if len(tag) > MAX_TAG:
        raise UsageError(f"the {what} '{shown}' has {len(tag)} characters; at most {MAX_TAG} are allowed")
    bad = next((c for c in tag if not _ALLOWED.fullmatch(c)), None)
    if bad is not None:
        name = "'/' (a tag is a name, not a path)" if bad in "/\\" else f"U+{ord(bad):04X} {bad!r}"
        raise UsageError(f"the {what} '{shown}' has {name}; use letters, digits, '.', '-' or '_' (e.g. 2024-10)")
    if not tag[0].isalnum():
        raise UsageError(f"the {what} '{shown}' starts with '{tag[0]}'; start it with a letter or a digit")
    return tag
