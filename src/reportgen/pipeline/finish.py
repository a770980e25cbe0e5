"""The finish phase: each writer that has a ``finish`` hook is given the build folder, with its manifest and under
its lock, once every output of the build is in place (the HTML edition links its languages and downloads, and
writes the front page, there)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..writers import REGISTRY as WRITERS
from .manifest import ManifestWriter


@dataclass(frozen=True)
class Finishing:
    """What a finish hook is given: the build folder and its manifest (the lock is held: write through
    ``manifest.put``), the project, the hook's own format, and the outputs this build wrote. The hook returns
    the outputs it rewrote."""

    out: Path
    project: object
    manifest: ManifestWriter
    fmt: str
    written: frozenset[str]


def finish(out: Path, project, formats: list[str], manifest: ManifestWriter, written: frozenset[str]) -> list[str]:
    """Run the finish hook of every format being built; return the outputs the hooks rewrote."""
    rewritten = []
    for fmt in formats:
        hook = WRITERS[fmt].function("finish")
        if hook is not None:
            rewritten.extend(hook(Finishing(out, project, manifest, fmt, written)) or ())
    return rewritten
