"""``reportgen build --edition TAG``: the edition rebuilt from its snapshot (a project of its own) into
``build/editions/<TAG>/``, each output compared with the hash recorded for it; a difference names the output and
the likely reason (another reportgen, another default theme; else a library or font of this machine)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..diagnostics import Diagnostic, Location
from .store import EDITIONS, Edition, folder, read, theme_identity


@dataclass(frozen=True)
class Rebuilt:
    """The outputs rebuilt, and those that match their recorded hash."""

    edition: Edition
    out: Path
    matching: tuple[str, ...]
    unrecorded: tuple[str, ...]  # rebuilt, but the edition recorded no hash for them (not built when recorded)
    differing: tuple[Diagnostic, ...]  # one per output whose bytes are not the recorded ones, saying why


def rebuild(root: Path, tag: str, docs=None, langs=None, formats=None, jobs=None, progress=None) -> Rebuilt:
    """Rebuild edition ``tag`` and compare each output (as it stands in the build folder, its links filled in)
    with its recorded hash."""
    from ..pipeline import build
    from ..pipeline.manifest import code_hash, read_manifest

    root = root.resolve()
    edition = read(root, tag)
    out = root / "build" / EDITIONS / tag
    recorded_docs, recorded_langs, recorded_formats = _matrix(edition)
    result = build(folder(root, tag), out, docs or recorded_docs or None, langs or recorded_langs or None,
                   formats or recorded_formats or None, jobs=jobs, progress=progress)
    written = read_manifest(out).get("outputs", {})
    why = []
    if edition.reportgen != __version__ or edition.code != code_hash():
        why.append(f"it was recorded by reportgen {edition.reportgen}"
                   f"{'' if edition.reportgen != __version__ else ' (another build of it)'}, this is {__version__}")
    if edition.theme != theme_identity():
        why.append("the default theme changed since it was recorded")
    reason = "; ".join(why) or "the same reportgen and theme: a library or font of this machine differs"
    matching, unrecorded, problems = [], [], []
    for outcome in result.outcomes:
        relative = outcome.target.relative
        recorded = edition.outputs.get(relative)
        if recorded is None:
            unrecorded.append(relative)
        elif recorded == written.get(relative, {}).get("sha256"):
            matching.append(relative)
        else:
            problems.append(Diagnostic(Location(f"build/{EDITIONS}/{tag}/{relative}"),
                                       f"not the bytes recorded for edition '{tag}' (recorded sha256 "
                                                  f"{recorded[:12]}…): {reason}", severity="error"))
    return Rebuilt(edition, out, tuple(matching), tuple(unrecorded), tuple(problems))


def _matrix(edition: Edition) -> tuple[list[str], list[str], list[str]]:
    """Return the documents, languages and formats of the outputs the edition recorded: what was built beside an
    output (the HTML edition links its languages and downloads) is part of its bytes, so the rebuild builds the
    same matrix."""
    from ..writers import REGISTRY as WRITERS

    docs, langs, formats = {}, {}, {}
    for relative in edition.outputs:
        lang, _, name = relative.partition("/")
        fmt = next((f for f, writer in WRITERS.items() if name.endswith(writer.suffix)), None)
        if fmt is None:
            continue
        docs[name[:-len(WRITERS[fmt].suffix)]] = langs[lang] = formats[fmt] = True
    return list(docs), list(langs), list(formats)
