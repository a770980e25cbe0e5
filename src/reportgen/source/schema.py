"""A declarative schema of reusable validators over YAML nodes (the MkDocs ``config_options`` habit).

Each validator turns a node into a value or records a diagnostic and returns :data:`INVALID`; a record goes on
after a bad field so that one run reports every problem. Keys in messages are positional
(``commitments[0].priority_areas[1].actions[2].text``); translation contexts use ids (``action-plan:A3.text``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from . import markup
from ..diagnostics import Diagnostics, Location, did_you_mean, odd_characters
from .text import Month, Text, unprintable

INVALID: Any = object()
MAX_NODES = 200_000


@dataclass
class Context:
    """What validators share while walking one file: its name, the diagnostics, the msgctxt prefix."""

    file: str
    diagnostics: Diagnostics
    prefix: str
    nodes: int = 0

    def loc(self, node: yaml.Node) -> Location:
        """Return the location of ``node``."""
        return Location(self.file, node.start_mark.line + 1)

    def error(self, node: yaml.Node, key: str, message: str) -> Any:
        """Record an error at ``node`` and return :data:`INVALID`."""
        self.diagnostics.error(self.loc(node), message, key)
        return INVALID


@dataclass(frozen=True)
class Where:
    """The position of a value: positional key for diagnostics, id-based path for translation contexts."""

    key: str
    ctx: str

    def child(self, name: str, ctx_name: str | None = None) -> Where:
        """Return the position of field ``name`` below this one."""
        join = (lambda base, part: f"{base}.{part}" if base else part)
        return Where(join(self.key, name), join(self.ctx, ctx_name if ctx_name is not None else name))

    def item(self, index: int, ident: str | None, scoped: bool = False) -> Where:
        """Return the position of list item ``index``. An item with an id is named by it in contexts: alone when
        ids are unique in the file (``A3``), after its parent's when ``scoped`` (``AL.A3``)."""
        if not ident:
            return Where(f"{self.key}[{index}]", f"{self.ctx}[{index}]")
        parent = self.ctx.rpartition(".")[0]
        return Where(f"{self.key}[{index}]", f"{parent}.{ident}" if scoped and parent else ident)


Validator = Callable[[yaml.Node, Where, Context], Any]

_TAG_NAMES = {
    "tag:yaml.org,2002:str": "text", "tag:yaml.org,2002:int": "number", "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "true/false", "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "date",
}


def kind(node: yaml.Node) -> str:
    """Return the user-facing name of what ``node`` holds ("text", "list", "mapping", …)."""
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return _TAG_NAMES.get(node.tag, "value")


def _scalar(node: yaml.Node, want: str, where: Where, ctx: Context) -> Any:
    ctx.nodes += 1
    if kind(node) != want:
        return ctx.error(node, where.key, f"expected {want}, got {kind(node)}")
    return node.value


def text(markup_allowed: bool = True, translatable: bool = True, note: str = "",
         placeholders: tuple[str, ...] = ()) -> Validator:
    """Return a validator for required, non-empty text; with markup, the inline markup must be well formed;
    each of ``placeholders`` must occur in it. ``note`` is the translators' note for the field."""

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        value = _scalar(node, "text", where, ctx)
        if value is INVALID:
            return INVALID
        value = " ".join(value.split())
        if not value:
            return ctx.error(node, where.key, "text is empty")
        bad = unprintable(value)
        if bad:
            return ctx.error(node, where.key, f"text has {', '.join(bad)}, which no document can show")
        if markup_allowed:
            for problem in markup.problems(value):
                ctx.error(node, where.key, problem)
        for placeholder in placeholders:
            if placeholder not in value:
                return ctx.error(node, where.key, f"the text must contain {placeholder}, where the number goes")
        if not translatable:
            return value
        return Text(value, f"{ctx.prefix}:{where.ctx}", ctx.loc(node), note=note, markup=markup_allowed)

    return validate


def integer(minimum: int = 1) -> Validator:
    """Return a validator for a whole number not below ``minimum``."""

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        value = _scalar(node, "number", where, ctx)
        if value is INVALID:
            return INVALID
        try:
            number = int(value, 0)
        except ValueError:
            return ctx.error(node, where.key, f"expected a whole number, got '{value}'")
        if number < minimum:
            return ctx.error(node, where.key, f"expected a number of at least {minimum}, got {number}")
        return number

    return validate


def identifier(pattern: str, example: str, what: str = "id") -> Validator:
    """Return a validator for an id (or other code) matching ``pattern``; ``example`` shows the expected form."""
    compiled = re.compile(pattern)

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        value = _scalar(node, "text", where, ctx)
        if value is INVALID:
            return INVALID
        if not compiled.fullmatch(value):
            return ctx.error(node, where.key, f"invalid {what} '{value}'{odd_characters(value, ascii_only=True)} "
                                              f"(expected the form {example})")
        return value

    return validate


def choice(options: tuple[str, ...]) -> Validator:
    """Return a validator for one of ``options``, with a did-you-mean for near misses."""

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        value = _scalar(node, "text", where, ctx)
        if value is INVALID:
            return INVALID
        if value not in options:
            return ctx.error(node, where.key, f"unknown value '{value}'{odd_characters(value, ascii_only=True)}"
                                              f"{did_you_mean(value, options)}; expected one of: {', '.join(options)}")
        return value

    return validate


def date_or_month(month_only: bool = False, day_only: bool = False) -> Validator:
    """Return a validator for a date (``2024-05-31``) or a month (``2023-06``), or only one of the two."""

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        ctx.nodes += 1
        if isinstance(node, yaml.ScalarNode):
            match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", node.value)
            if match:
                year, month, day = (int(g) if g else None for g in match.groups())
                try:
                    if day and not month_only:
                        return dt.date(year, month, day)
                    dt.date(year, month, 1)  # checks the month
                    if not day and not day_only:
                        return Month(year, month)
                except ValueError:
                    pass
        wanted = "a month (YYYY-MM)" if month_only else "a date (YYYY-MM-DD)" if day_only else \
            "a date (YYYY-MM-DD) or month (YYYY-MM)"
        return ctx.error(node, where.key, f"expected {wanted}, got "
                                          f"{kind(node) if not isinstance(node, yaml.ScalarNode) else repr(node.value)}")

    return validate


def colour() -> Validator:
    """Return a validator for a ``#rrggbb`` colour."""
    return identifier(r"#[0-9a-fA-F]{6}", "#1f4e79", "colour")


def url() -> Validator:
    """Return a validator for an http(s) address."""
    return identifier(r"https?://[^\s<>\"]+", "https://example.org/report.pdf", "address")


def boolean() -> Validator:
    """Return a validator for true/false."""

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        value = _scalar(node, "true/false", where, ctx)
        return INVALID if value is INVALID else value.lower() in ("true", "yes", "on")

    return validate


@dataclass(frozen=True)
class Field:
    """One key of a record: its validator, whether it is required, and its default."""

    validate: Validator
    required: bool = True
    default: Any = None


def record(fields: dict[str, Field], build: Callable[..., Any], id_field: str | None = None) -> Validator:
    """Return a validator for a mapping with exactly ``fields``; ``build(loc=…, **values)`` makes the value. A
    ``build`` that is a dataclass with a ``key`` field is also given the record's content key (``action-plan:A5``),
    the name documents print its fields under (``action-plan:A5.text`` is its text's)."""
    keyed = "key" in getattr(build, "__dataclass_fields__", {})

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        ctx.nodes += 1
        if not isinstance(node, yaml.MappingNode):
            return ctx.error(node, where.key or "(top level)", f"expected mapping, got {kind(node)}")
        values: dict[str, Any] = {}
        given = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                ctx.error(key_node, where.key or "(top level)", f"a key must be plain text, not a {kind(key_node)}")
                continue
            name = key_node.value
            if name not in fields:
                ctx.error(key_node, where.child(name).key,
                          f"unknown key '{name}'{did_you_mean(name, fields)}")
                continue
            given[name] = value_node
        if ctx.nodes > MAX_NODES:
            return ctx.error(node, where.key, f"content has more than {MAX_NODES} items")
        ok = True
        for name, spec in fields.items():
            if name not in given:
                if spec.required:
                    ctx.error(node, where.child(name).key or name, "missing required key")
                    ok = False
                values[name] = spec.default
                continue
            value_node = given[name]
            values[name] = spec.validate(value_node, where.child(name), ctx)
            ok = ok and values[name] is not INVALID
        if keyed and ok:
            values["key"] = f"{ctx.prefix}:{where.ctx}"
        return build(loc=ctx.loc(node), **values) if ok else INVALID

    return validate


def sequence(item: Validator, min_items: int = 1, id_key: str | None = None, scoped: bool = False) -> Validator:
    """Return a validator for a list of at least ``min_items`` items; ``id_key`` names each item's id (see
    :meth:`Where.item` for ``scoped``)."""

    def validate(node: yaml.Node, where: Where, ctx: Context) -> Any:
        ctx.nodes += 1
        if not isinstance(node, yaml.SequenceNode):
            return ctx.error(node, where.key, f"expected list, got {kind(node)}")
        if len(node.value) < min_items:
            return ctx.error(node, where.key, f"expected at least {min_items} item(s), got {len(node.value)}")
        items = []
        for index, child in enumerate(node.value):
            ident = _peek_id(child, id_key)
            items.append(item(child, where.item(index, ident, scoped), ctx))
        return INVALID if any(v is INVALID for v in items) else tuple(items)

    return validate


def _peek_id(node: yaml.Node, id_key: str | None) -> str | None:
    if id_key is None or not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == id_key and isinstance(value_node, yaml.ScalarNode) and value_node.value:
            return value_node.value
    return None


def check_unique(ident: str, node: Any, key: str, seen: dict[str, Any], diagnostics: Diagnostics) -> None:
    """Record an error when ``ident`` was already seen (``seen`` maps ids to the node that first used them)."""
    if ident in seen:
        diagnostics.error(node.loc, f"duplicate id '{ident}' (first used at line {seen[ident].loc.line})", key)
    else:
        seen[ident] = node
