"""Safe YAML composition: a node tree that knows its lines, without duplicate keys, alias bombs or huge files.

PyYAML's ``safe_load`` keeps the last of duplicate keys silently and expands aliases on iteration, so we compose
the node graph ourselves with a bounded loader and let the schema construct values from the nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Diagnostics, Location, ReportgenError
from .files import read_input

MAX_BYTES = 2 * 1024 * 1024
MAX_ALIASES = 100


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that counts aliases and rejects duplicate mapping keys while composing."""

    def __init__(self, stream):
        super().__init__(stream)
        self.aliases = 0
        self.duplicates: list[tuple[int, str]] = []

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases; content may not use alias chains",
                    event.start_mark)
        return super().compose_node(parent, index)

    def compose_mapping_node(self, anchor):  # noqa: D102 - PyYAML hook
        node = super().compose_mapping_node(anchor)
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    self.duplicates.append((key.start_mark.line + 1, key.value))
                seen.add(key.value)
        return node


def compose(root: Path, relative: str) -> yaml.Node | None:
    """Return the YAML node tree of the project file ``relative``; raise on an unreadable or invalid file."""
    return compose_bytes(read_input(root, relative, MAX_BYTES), relative)


def compose_bytes(data: bytes, shown: str) -> yaml.Node | None:
    """Return the YAML node tree of ``data``; raise :class:`ReportgenError` on invalid or oversized YAML."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ReportgenError(_diag(shown, 0, f"file is larger than {MAX_BYTES // 1024 // 1024} MiB"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportgenError(_diag(shown, 0, f"not UTF-8 text ({exc.reason} at byte {exc.start})")) from None
    try:
        node = _compose_fast(text)
    except RecursionError:
        raise ReportgenError(_diag(shown, 0, "invalid YAML: nested too deeply")) from None
    if node is not False:
        return node
    loader = None
    try:
        loader = _BoundedLoader(text)  # the reader refuses non-printable characters already here
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        message = " ".join(p for p in (exc.context, exc.problem) if p)
        raise ReportgenError(_diag(shown, line, f"invalid YAML: {message}")) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise ReportgenError(_diag(shown, line, f"invalid YAML: the character U+{code:04X} is not allowed "
                                                f"(a control character or non-character)")) from None
    except yaml.YAMLError as exc:
        raise ReportgenError(_diag(shown, 0, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise ReportgenError(_diag(shown, 0, "invalid YAML: nested too deeply")) from None
    finally:
        if loader is not None:
            loader.dispose()
    problems = [_diag(shown, line, f"duplicate key '{key}'") for line, key in loader.duplicates]
    problems += [_diag(shown, line, f"YAML tag '{tag}' is not allowed: content is plain data")
                 for line, tag in _foreign_tags(node)]
    if problems:
        raise ReportgenError(problems)
    return node


def _compose_fast(text: str):
    """Return the node tree of ``text`` composed by libyaml's C parser (twenty times faster than PyYAML's own,
    with the same marks), or False when it is not available or the text has any problem: the pure-Python path then
    composes it again, to report the problem as it always has (an error, a duplicate key, too many aliases)."""
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return False
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()
    return node if node is None or _clean(node) else False


MAX_DEPTH = 100  # levels of nesting: far more than any content has


def _clean(node: yaml.Node) -> bool:
    """Return whether the node tree has no duplicate key, at most :data:`MAX_ALIASES` aliases (a node met again)
    and only YAML's plain tags; raise RecursionError, as PyYAML's own composer does, when it nests deeper than
    :data:`MAX_DEPTH`."""
    seen: set[int] = set()
    aliases = 0
    stack = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise RecursionError(f"more than {MAX_DEPTH} levels")
        if id(current) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                return False
            continue
        seen.add(id(current))
        if current.tag not in STANDARD_TAGS:
            return False
        if isinstance(current, yaml.MappingNode):
            keys = [key.value for key, _ in current.value if isinstance(key, yaml.ScalarNode)]
            if len(keys) != len(set(keys)):
                return False
            stack.extend((item, depth + 1) for pair in current.value for item in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)
    return True


STANDARD_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq",
                                                           "map")}


def _foreign_tags(node: yaml.Node | None) -> list[tuple[int, str]]:
    """Return ``(line, tag)`` for every node carrying a tag other than YAML's plain types (``!python/object``,
    ``!include``…), which a safe loader would refuse or a schema would misread."""
    found, stack, seen = [], [node] if node is not None else [], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.tag not in STANDARD_TAGS:
            found.append((current.start_mark.line + 1, current.tag))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in current.value for item in pair)
    return sorted(found)


def _diag(file: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(Location(file, line), message)


def load_yaml_model(root: Path, relative: str, validator, prefix: str, diagnostics: Diagnostics,
                    data: bytes | None = None, at: str = "") -> Any:
    """Return the model that ``validator`` builds from the project file ``relative`` (or from ``data``), or
    INVALID; ``prefix`` starts the translation context of its texts, ``at`` names the file's value in them (a
    partner's report file is ``AL``, so its texts keep the contexts they had inside the round's file)."""
    from .schema import INVALID, Context, Where

    try:
        node = compose(root, relative) if data is None else compose_bytes(data, relative)
    except ReportgenError as exc:
        diagnostics.extend(exc.diagnostics)
        return INVALID
    if node is None:
        diagnostics.error(Location(relative), "file is empty")
        return INVALID
    return validator(node, Where("", at), Context(relative, diagnostics, prefix))
