"""Document types and their registry.

A document type is one module: its content schema and model, its cross-checks, the template it renders with, and
what it gives the extractor. It registers itself with :func:`register`; loading, checking, extraction, the build and
the command line all read :data:`REGISTRY`, so a new type touches nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from ..diagnostics import Diagnostics, Location
from ..i18n.locales import Language
from ..tree.roles import Vocabulary
from .frame import FRAME


def fields_context(model: Any, language: Language, figures: Any) -> dict:
    """Return a dataclass model's fields as the template's context (the default ``prepare``)."""
    return {f.name: getattr(model, f.name) for f in dataclasses.fields(model)}


@dataclass(frozen=True)
class Document:
    """One buildable document: its id and type, the template that renders it and the vocabulary of that template
    (the frame's classes and the type's own, with their roles), its typed model (localised as a whole), the
    content files it is built from, its fixed date, and ``prepare``, which turns the localised model into the
    template's context (``figures`` collects the charts it draws)."""

    id: str
    type: str
    template: str
    model: Any
    sources: tuple[str, ...]
    date: dt.date
    loc: Location
    illustrative: bool = False
    prepare: Callable[[Any, Language, Any], dict] = fields_context
    vocabulary: Vocabulary = FRAME


@dataclass
class Loading:
    """What document types share while one project is loaded: its root, theme, diagnostics, and models already
    loaded (the plan is read once, however many types build on it)."""

    root: Path
    theme: Any
    diagnostics: Diagnostics
    cache: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, load: Callable[[], Any]) -> Any:
        """Return the value ``load`` gives, computed the first time ``key`` is asked for."""
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]


class DocumentType(Protocol):
    """What a document type provides."""

    name: str

    def documents(self, loading: Loading) -> list[Document]:
        """Return the type's documents in the project, validated; problems go to ``loading.diagnostics``."""

    def model_for(self, loading: Loading, relative: str, data: bytes) -> Any:
        """Return the model of content file ``relative`` parsed from ``data``, for extraction; None when the file
        is not this type's, :data:`INVALID` when it is but does not validate."""


REGISTRY: dict[str, DocumentType] = {}


def register(document_type: DocumentType) -> DocumentType:
    """Add ``document_type`` to the registry (a later type of the same name replaces the earlier)."""
    REGISTRY[document_type.name] = document_type
    return document_type


def unregister(name: str) -> None:
    """Remove a document type from the registry (for tests and plug-ins)."""
    REGISTRY.pop(name, None)


from . import action_plan, progress  # noqa: E402,F401 - the built-in types register themselves
