"""The write phase: every output a job for the workers (the writers run there, on the document's tree), gathered
with its manifest entry; then, once all of them exist, moved into place under the build folder's lock, the
manifest recording each as it lands. The review packs go through the same jobs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Location, ReportgenError
from ..writers import REGISTRY as WRITERS, Job
from ..writing import signals_held
from .manifest import ManifestWriter, remove_stale_temporaries, sha256
from .plan import Outcome, Target
from .render import Rendered, epoch_of
from .workers import Runner


@dataclass(frozen=True)
class Output:
    """A produced output: its target, its bytes, and what the manifest records of it."""

    target: Target
    data: bytes
    entry: dict


def job(project, rendered: Rendered, target: Target, release: bool = False, assets: dict | None = None) -> Job:
    """Return the job that writes ``rendered`` as ``target`` (a release PDF embeds the document's sources)."""
    shared = tuple((name, path) for name, (path, _) in (assets or {}).items()) if WRITERS[target.fmt].assets else ()
    attachments = sources(project, rendered) if release else ()
    return Job(target.doc, target.lang, target.fmt, rendered.tree, project.theme, rendered.charts,
               epoch_of(rendered.doc), release, attachments, shared)


def sources(project, rendered: Rendered) -> tuple[tuple[str, bytes, str], ...]:
    """Return the files a release embeds: the content the document is built from and its catalogue."""
    names = list(rendered.doc.sources)
    catalogue = project.catalogues.path(rendered.language.tag)
    if catalogue is not None:
        names.append(catalogue)
    files = []
    for name in names:
        kind = "translation catalogue (gettext PO)" if name.endswith(".po") else "content (YAML)"
        files.append((name.replace("/", "_"), project.read_source(name), f"Source {kind}: {name}"))
    return tuple(files)


def entry(rendered: Rendered, target: Target, data: bytes, inputs: dict, draft: int, assets: dict) -> dict:
    """Return the manifest entry of an output: its hash, the hashes it was built from, its DRAFT count, what it
    is, its title and subject (for the front page), and the shared files it needs."""
    found = {"sha256": sha256(data), "inputs": inputs, "draft": draft, "language": target.lang,
             "document": target.doc, "format": target.fmt, "title": rendered.tree.meta.title,
             "subject": rendered.tree.meta.subject}
    if WRITERS[target.fmt].assets:
        found["requires"] = sorted(path for path, _ in assets.values())
    return found


def collect(runner: Runner, expected: dict, strict: bool, report) -> list[Output]:
    """Gather every job's bytes as the workers finish; ``expected`` maps each target to ``(rendered, inputs,
    draft)``. Raise with every failure: renderer errors, and under ``strict`` every renderer warning."""
    outputs, failures = [], []
    for done, data, diagnostics, seconds, error in runner.results():
        target = Target(done.name, done.lang, done.fmt)
        rendered, inputs, draft, assets = expected[target]
        if error is not None:
            failures.extend(error.diagnostics)
            report(Outcome(target, "failed"))
            continue
        outputs.append(Output(target, data, entry(rendered, target, data, inputs, draft, assets)))
        failures.extend(Diagnostic(d.location, f"{target.relative}: {d.message}")
                        for d in diagnostics if d.severity == "error" or strict)
        report(Outcome(target, "built", draft, sha256(data), seconds, [d.message for d in diagnostics]))
    if failures:
        raise ReportgenError(failures)
    return outputs


def put(out: Path, files: list[tuple[str, bytes, dict]], assets: dict, recorded: dict) -> ManifestWriter:
    """Move every file into place (call with the build folder's lock held), after the shared assets the pages
    need (those not already there as ``recorded``); return the manifest writer."""
    shared = [(path, data, {"sha256": sha256(data), "format": "asset"}) for path, data in assets.values()
              if not (out / path).is_file() or recorded.get(path, {}).get("sha256") != sha256(data)]
    return place(out, shared + files)


def place(out: Path, files: list[tuple[str, bytes, dict]]) -> ManifestWriter:
    """Write each ``(path below the build folder, bytes, manifest entry)`` into place and record it (call with the
    lock held); return the manifest writer. A write error is a diagnostic naming the file."""
    try:
        remove_stale_temporaries(out)
        with signals_held():  # Ctrl-C and SIGTERM wait for the last file: all of them are placed, or none
            manifest = ManifestWriter(out, [relative for relative, _, _ in files])
            for relative, data, found in files:
                manifest.put(relative, data, found)
    except OSError as exc:
        raise write_error(exc, out) from None
    return manifest


def write_error(exc: OSError, out: Path) -> ReportgenError:
    """Return the diagnostic of a failed write (a full disk, a folder that cannot be written)."""
    return ReportgenError(Diagnostic(Location(str(exc.filename or out)), f"cannot write the output: "
                                                                         f"{exc.strerror or exc}"))


def shared_assets(project, formats: list[str]) -> dict[str, tuple[str, bytes]]:
    """Return the shared assets of the formats being built: ``{theme name: (path, bytes)}``."""
    found: dict[str, tuple[str, bytes]] = {}
    for fmt in formats:
        make = WRITERS[fmt].function("assets")
        if make is not None:
            found.update(make(project.theme))
    return found
