"""The build, in five phases (as MkDocs' ``commands/build.py`` names its own): load the project and check what was
asked (:mod:`.load`); plan which outputs are stale (:mod:`.plan`); render each stale document's tree
(:mod:`.render`), handing its outputs to the workers as soon as it is ready; write — the writers run in the workers,
then every output is moved into place under the build folder's lock, the manifest recording each (:mod:`.write`);
finish — each writer's hook, with the outputs in place (:mod:`.finish`). Everything is rendered and checked before
anything is written: nothing reaches ``build/`` when there are errors. ``reportgen check`` is the same path
without the write (:mod:`.check`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic, ReportgenError
from ..i18n.catalogue import Miss
from ..writers import REGISTRY as WRITERS
from .check import check
from .finish import finish
from .load import Options, load, output_folder, select, select_formats
from .manifest import ManifestWriter, locked
from .plan import Outcome, Target, Work, plan
from .preflight import preflight
from .render import Rendered, created_at, render_document, source_date_epoch
from .workers import Runner
from .write import collect, job, put, shared_assets, write_error


@dataclass
class BuildResult:
    """The outcome of every target, the strings that fell back to English per language, and the warnings."""

    outcomes: list[Outcome]
    misses: dict[str, tuple[Miss, ...]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    progress: Callable | None = None
    total: int = 0

    def report(self, outcome: Outcome) -> None:
        """Record ``outcome`` and show it."""
        self.outcomes.append(outcome)
        if self.progress:
            self.progress(outcome, len(self.outcomes), self.total)


def build(root: Path, out: Path | None = None, docs: list[str] | None = None, langs: list[str] | None = None,
          formats: list[str] | None = None, strict: bool = False, jobs: int | None = None, force: bool = False,
          release: bool = False, progress: Callable[[Outcome, int, int], None] | None = None) -> BuildResult:
    """Build the selected matrix into ``out`` (default ``root/build``); raise :class:`ReportgenError` on errors,
    with nothing written. Outputs whose recorded inputs are unchanged are not rendered at all."""
    session = load(root, Options(out, docs, langs, formats, strict, jobs, force, release))
    work = plan(session)
    result = BuildResult([], progress=progress, total=len(work.order))
    outputs, assets = [], {}
    if work.stale:  # what is up to date was built by a build that passed: only the stale needs the preflight
        result.warnings = preflight(session.project, session.formats, session.languages)
        _strictly(session.strict, result.warnings)
        assets = shared_assets(session.project, session.formats)
        with Runner(jobs, work.jobs, session.formats) as runner:
            expected = _render(session, work, runner, assets, result)
            for outcome in work.fresh:
                result.report(outcome)
            outputs = collect(runner, expected, session.strict, result.report)
    else:
        for outcome in work.fresh:
            result.report(outcome)
    try:
        with locked(session.out):
            recorded = ManifestWriter.recorded(session.out)
            files, linked = finish(session.out, session.project, session.formats, recorded,
                                   [(o.target.relative, o.data, o.entry) for o in outputs])
            put(session.out, files, assets, recorded)
    except OSError as exc:
        raise write_error(exc, session.out) from None
    for relative, _, entry in (f for f in files if f[0] in linked and "document" in f[2]):  # relinked, not rebuilt
        result.report(Outcome(Target(entry["document"], entry["language"], entry["format"]), "updated",
                              entry.get("draft", 0), entry["sha256"]))
    position = {target: index for index, target in enumerate(work.order)}
    result.outcomes = [o for o in result.outcomes if not (o.status == "up to date" and o.target.relative in linked)]
    result.outcomes.sort(key=lambda o: position.get(o.target, len(position)))
    result.warnings = _sorted(result.warnings)
    return result


def _render(session, work: Work, runner: Runner, assets: dict, result: BuildResult) -> dict:
    """Render every stale document and start the workers on each of its outputs as soon as its tree is ready;
    return what each target was made from. Under ``--strict`` a missing string or warning fails here."""
    expected = {}
    for item in work.stale:
        rendered = render_document(session.project, item.doc, item.language)
        misses = list(rendered.misses)
        for target, inputs in item.targets:
            words = _words(session.project, rendered, target.fmt)
            misses += words
            expected[target] = (rendered, inputs, len(rendered.misses) + len(words), assets)
            runner.submit(job(session.project, rendered, target, session.options.release, assets))
        if misses:
            _merge_misses(result.misses, item.language.tag, misses)
        result.warnings.extend(rendered.warnings)
    _strictly(session.strict, [m.as_error() for ms in result.misses.values() for m in ms] + result.warnings)
    return expected


def _words(project, rendered: Rendered, fmt: str) -> tuple[Miss, ...]:
    """Return the strings of the writer's own words for this document that fell back to English."""
    words = WRITERS[fmt].function("words")
    return tuple(words(project, rendered.doc, rendered.language)) if words else ()


def _strictly(strict: bool, problems: list) -> None:
    """Under ``--strict``, fail with every warning and missing string as an error."""
    if strict and problems:
        raise ReportgenError(_sorted([Diagnostic(p.location, p.message, p.key) for p in problems]))


def _merge_misses(misses: dict, tag: str, new) -> None:
    """Add ``new`` misses to a language's, each once, in catalogue order."""
    merged = {(m.context, m.msgid): m for m in misses.get(tag, ()) + tuple(new)}
    misses[tag] = tuple(sorted(merged.values(), key=lambda m: (m.location.line, m.msgid)))


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (str(d.location), d.message))


__all__ = ["BuildResult", "Options", "Outcome", "Rendered", "Target", "build", "check", "created_at",
           "output_folder", "preflight", "render_document", "select", "select_formats", "source_date_epoch"]
