"""Writers and their registry: each turns a document tree into one output format.

A writer is one module registered here with its format name, file suffix, the image format its charts are drawn
in, and its functions (given as ``"module:function"`` so that heavy libraries load only when the format is built):
``write(job, images)`` returns the output's bytes and diagnostics; ``preflight(theme)`` refuses, before anything
is rendered, resources the writer would fail on (a stylesheet, fonts, a reference document); ``assets(theme)``
gives files every output of the format shares (written once under ``assets/``); ``finish(finishing)`` runs once
the build's outputs are in place (the HTML edition links its languages and downloads there, and writes the front
page); ``words(project, doc, language)`` renders the writer's own words for a document (the HTML edition's switcher
and notes) and returns the strings that fell back to English, so that they count as the document's. The build,
``check``, the command line's ``--format`` choices, the preview, the review packs and the Makefile
read :data:`REGISTRY`; no code names a format.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import Diagnostic


def output_path(lang: str, name: str, fmt: str) -> str:
    """Return where an output goes below the build folder: ``<lang>/<name><suffix>`` (``en/action-plan.pdf``;
    a review pack's name is ``review/action-plan.review``). The one rule every caller uses."""
    return f"{lang}/{name}{REGISTRY[fmt].suffix}"


@dataclass(frozen=True)
class Job:
    """What a worker needs to write one output: plain data, so it pickles cheaply."""

    name: str  # the document's id, or what the output is called below its language's folder
    lang: str
    fmt: str
    tree: object  # the document tree (reportgen.tree.Tree)
    theme: object
    charts: tuple = ()
    epoch: int = 0  # the document's date, in seconds: every date written into the file
    release: bool = False
    attachments: tuple[tuple[str, bytes, str], ...] = ()  # (name, bytes, description) of sources to embed
    assets: tuple[tuple[str, str], ...] = ()  # (theme name, path below the build folder) of shared assets
    tagged: bool = False  # a PDF with a structure tree though not a release (a comparison, for screen readers)

    @property
    def structured(self) -> bool:
        """Return whether a PDF of the job carries a structure tree (a release always does)."""
        return self.release or self.tagged

    @property
    def relative(self) -> str:
        """Return the output path below the build folder."""
        return output_path(self.lang, self.name, self.fmt)

    @property
    def template(self) -> str:
        """Return the template the document came from, as diagnostics name it."""
        return self.tree.source


WriteFunction = Callable[[Job, dict], tuple[bytes, list[Diagnostic]]]


@dataclass(frozen=True)
class Writer:
    """An output format."""

    name: str
    suffix: str
    images: str  # "svg" or "png": how charts are drawn for this format
    write: str | WriteFunction
    preflight: str | Callable | None = None
    warm_up: str | None = None  # a module to import once per worker process
    assets: str | Callable | None = None  # ``assets(theme)`` -> {theme name: (path below the build folder, bytes)}
    finish: str | Callable | None = None  # ``finish(finishing)``: once the build's outputs are in place
    words: str | Callable | None = None  # ``words(project, doc, language)``: the misses of the writer's own words
    weight: int = 1  # how costly an output is to write, relative to others: heavier ones are started first
    paged: bool = False  # a paged format (review packs are written in every paged format)
    web: bool = False  # read in a browser (the live preview builds and serves these)
    mime: str = "application/octet-stream"

    def function(self, which: str) -> Callable | None:
        """Return the writer's ``write``, ``preflight``, ``assets``, ``finish`` or ``words`` function, importing its
        module on first use."""
        spec = getattr(self, which)
        if spec is None or callable(spec):
            return spec
        module, _, name = spec.partition(":")
        return getattr(importlib.import_module(module), name)


REGISTRY: dict[str, Writer] = {}


def register(writer: Writer) -> Writer:
    """Add ``writer`` to the registry (a later writer of the same name replaces the earlier)."""
    REGISTRY[writer.name] = writer
    return writer


def unregister(name: str) -> None:
    """Remove a writer from the registry (for tests and plug-ins)."""
    REGISTRY.pop(name, None)


def formats(where: Callable[[Writer], bool] = lambda writer: True) -> list[str]:
    """Return the names of the registered formats ``where`` selects (``formats(lambda w: w.paged)``)."""
    return [name for name, writer in REGISTRY.items() if where(writer)]


register(Writer("pdf", ".pdf", "svg", "reportgen.writers.pdf:write", "reportgen.writers.pdf:preflight", "weasyprint",
                weight=3, paged=True, mime="application/pdf"))
register(Writer("docx", ".docx", "png", "reportgen.writers.docx:write", "reportgen.writers.docx:preflight",
                weight=2, paged=True,
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
_HTML = "reportgen.writers.html"
register(Writer("html", ".html", "svg", f"{_HTML}:write", f"{_HTML}:preflight", assets=f"{_HTML}:assets",
                finish=f"{_HTML}:finish", words=f"{_HTML}:words", web=True, mime="text/html"))
