"""The finish phase: each writer that has a ``finish`` hook is given, under the build folder's lock and before
anything is placed, the outputs this build produced and the manifest as recorded; it returns the files to place
with them — its own outputs finished, and others it rewrites (the HTML edition links its languages and downloads,
and makes the front page, there). Every file is then placed in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..writers import REGISTRY as WRITERS

File = tuple[str, bytes, dict]  # path below the build folder, bytes, manifest entry


@dataclass(frozen=True)
class Finishing:
    """What a finish hook is given: the build folder, the project, the hook's own format, the manifest's entries
    as recorded, and the files this build produced (``{path: (bytes, entry)}``, not yet placed). The hook returns
    the files it places: its finished outputs, and any other it rewrites or adds."""

    out: Path
    project: object
    fmt: str
    recorded: dict
    produced: dict[str, tuple[bytes, dict]]


def finish(out: Path, project, formats: list[str], recorded: dict, files: list[File]) -> tuple[list[File], list[str]]:
    """Run the finish hook of every format being built over ``files``; return the files to place (the hooks'
    replacing those of the same path) and the paths the hooks rewrote that this build did not produce."""
    produced = {relative: (data, entry) for relative, data, entry in files}
    rewritten: dict[str, File] = {}
    for fmt in formats:
        hook = WRITERS[fmt].function("finish")
        if hook is not None:
            for relative, data, entry in hook(Finishing(out, project, fmt, recorded, produced)) or ():
                rewritten[relative] = (relative, data, entry)
                produced[relative] = (data, entry)
    placed = [rewritten.pop(relative, (relative, data, entry)) for relative, data, entry in files]
    return placed + list(rewritten.values()), [relative for relative, _, _ in rewritten.values()]
