"""Babel extractor for content YAML: every translatable string, with its msgctxt, line and translator notes.

Registered as the ``reportgen_yaml`` extraction method, so plain ``pybabel extract -F babel.cfg`` works too. The
strings come from the document types' own schemas (the same the build validates with), so extraction and lookup
never disagree; a content file that does not validate fails the extraction, naming file and line, rather than
silently giving no strings.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from ..diagnostics import Diagnostics, ReportgenError
from ..source.schema import INVALID
from ..source.text import Text, texts

MARKUP_NOTE = "Keep the markup: **bold**, *italic*, [link text](address)."


def extract_yaml(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Yield ``(line, 'pgettext', (msgctxt, msgid), notes)`` for each translatable string of a content file."""
    name = PurePosixPath(options.get("filename") or getattr(fileobj, "name", ""))
    root = Path(options.get("root", "."))
    model = model_for(root, _relative(name, root), fileobj.read())
    for text in texts(model) if model is not None else ():
        yield text.loc.line, "pgettext", (text.context, text.value), notes(text)


def notes(text: Text) -> list[str]:
    """Return the translators' notes of a content string: what the field is, and the markup to keep."""
    found = [text.note] if text.note else []
    if text.markup and _has_markup(text.value):
        found.append(MARKUP_NOTE)
    return found


def _has_markup(value: str) -> bool:
    from ..source import markup

    signature = markup.signature(value)
    return bool(signature.strong or signature.em or signature.links)


def _relative(name: PurePosixPath, root: Path) -> str:
    parts = name.parts
    if "content" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("content"):])
    try:
        return Path(name).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return name.as_posix()


def model_for(root: Path, relative: str, data: bytes) -> Any:
    """Return the model of the content file ``relative`` parsed from ``data`` (None for a file no document type
    reads); raise :class:`ReportgenError` when it does not validate."""
    from ..documents import REGISTRY, Loading
    from ..theme import Theme

    loading = Loading(root, Theme(root), Diagnostics())
    for document_type in REGISTRY.values():
        model = document_type.model_for(loading, relative, data)
        if model is INVALID:
            raise ReportgenError(list(loading.diagnostics))
        if model is not None:
            return model
    return None
