"""Writers and their registry: each turns a document's semantic HTML into one output format.

A writer is one module registered here with its format name, file suffix, the image format its charts are drawn
in, and its functions (given as ``"module:function"`` so that heavy libraries load only when the format is built):
``write(job, images)`` returns the output's bytes and diagnostics; ``preflight(theme)`` refuses, before anything
is rendered, resources the writer would fail on (a stylesheet, fonts, a reference document). The build, ``check``,
the command line's ``--format`` choices and the Makefile read :data:`REGISTRY`.

A writer whose output ``links`` to the others (the HTML edition: its language switcher and download links) is
written after them, in the build's own process, with its ``edition`` fragment rendered from what then exists;
one with ``assets`` has files shared by all its outputs (stylesheet, fonts) written once under ``assets/``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class Job:
    """What a worker needs to write one output: plain data, so it pickles cheaply."""

    doc: str
    lang: str
    fmt: str
    html: str
    theme: object
    template: str
    charts: tuple = ()
    epoch: int = 0
    release: bool = False
    attachments: tuple[tuple[str, bytes, str], ...] = ()  # (name, bytes, description) of sources to embed
    edition: str = ""  # for a writer that links: the rendered edition fragment (switcher, downloads, notes)
    assets: tuple[tuple[str, str], ...] = ()  # (theme name, path below the build folder) of shared assets

    @property
    def relative(self) -> str:
        """Return the output path below the build folder (``en/action-plan.pdf``)."""
        return f"{self.lang}/{self.doc}{REGISTRY[self.fmt].suffix}"


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
    links: bool = False  # written after the other formats, linking to them and to its other languages
    assets: str | Callable | None = None  # ``assets(theme)`` -> {path below the build folder: bytes}

    def function(self, which: str) -> Callable | None:
        """Return the writer's ``write``, ``preflight`` or ``assets`` function, importing its module on first use."""
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


register(Writer("pdf", ".pdf", "svg", "reportgen.writers.pdf:write", "reportgen.writers.pdf:preflight", "weasyprint"))
register(Writer("docx", ".docx", "png", "reportgen.writers.docx:write", "reportgen.writers.docx:preflight"))
register(Writer("html", ".html", "svg", "reportgen.writers.html:write", "reportgen.writers.html:preflight",
                links=True, assets="reportgen.writers.html:assets"))
