"""The build matrix: documents × languages × formats, rendered in worker processes and written atomically.

Gather and validate everything first (content, catalogues, the theme's resources, the HTML of every output to
build), then write: nothing reaches ``build/`` when there are errors, each output is written to a temporary file
and moved into place, and ``build/manifest.json`` records what was built from what. Outputs whose inputs did not
change since the manifest was written are not rendered at all. ``reportgen check`` runs the same gather-and-validate
path (:func:`check`), for every document and language, without writing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic, Diagnostics, Location, ReportgenError, UsageError, did_you_mean
from ..documents import Document
from ..html import subset
from ..html.render import Page, render
from ..i18n.catalogue import Miss, Translator
from ..i18n.checks import check_catalogues
from ..i18n.locales import Language
from ..project import SETTINGS_FILE, Project, load_project
from ..source.files import inside
from ..source.text import texts
from ..writers import REGISTRY as WRITERS, Job
from . import edition
from .manifest import (InputHasher, ManifestWriter, locked, read_manifest, remove_stale_temporaries, sha256,
                       up_to_date)
from .workers import Runner, run_job

MIN_EPOCH, MAX_EPOCH = 315532800, 4354819199  # 1980-01-01 to 2107-12-31: what a zip (DOCX) entry date can carry


@dataclass(frozen=True)
class Target:
    """One output file: a document in a language and a format."""

    doc: str
    lang: str
    fmt: str

    @property
    def relative(self) -> str:
        """Return the output path below the build folder (``en/action-plan.pdf``)."""
        return f"{self.lang}/{self.doc}{WRITERS[self.fmt].suffix}"


@dataclass(frozen=True)
class Rendered:
    """A document rendered to HTML in one language, with the strings that fell back to English."""

    doc: Document
    language: Language
    html: str
    misses: tuple[Miss, ...]
    charts: tuple = ()
    warnings: tuple[Diagnostic, ...] = ()


@dataclass
class Outcome:
    """What happened to one target."""

    target: Target
    status: str  # "built", "up to date", "failed"
    draft: int = 0
    sha256: str = ""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def created_at(doc: Document) -> dt.datetime:
    """Return the fixed creation time of a document: ``SOURCE_DATE_EPOCH`` if set and usable, else its own date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(doc.date.year, doc.date.month, doc.date.day)


def source_date_epoch() -> int | None:
    """Return ``SOURCE_DATE_EPOCH`` as seconds, or None when unset; a value that is not a whole number of seconds
    between 1980 and 2107 is a usage error (a Word file cannot carry such a date)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    if not value.isdigit() or not MIN_EPOCH <= int(value) <= MAX_EPOCH:
        raise UsageError(f"SOURCE_DATE_EPOCH={value[:30]!r} is not a time between 1980 and 2107 in whole seconds")
    return int(value)


def render_document(project: Project, doc: Document, language: Language,
                    translator: Translator | None = None) -> Rendered:
    """Return ``doc`` localised and rendered to HTML in ``language``, stamped DRAFT when strings are missing, and
    checked against the HTML subset every writer reads (``translator``, when given, records what it looked up)."""
    translator = translator or Translator(language, project.catalogues.get(language.tag))
    model = {key: translator.localise(value) for key, value in doc.data.items()}
    created = created_at(doc)
    theme = project.theme
    count = -1
    while True:  # once when all is translated; else again with the DRAFT mark, whose own strings may be missing
        context = doc.prepare(model, language)
        misses = translator.sorted_misses()
        html = render(theme, doc.template, translator, Page(language, created, len(misses), doc.illustrative),
                      **context)
        misses = translator.sorted_misses()
        if len(misses) == count or not misses:
            break
        count = len(misses)
    problems = subset.problems(html)
    if problems:
        raise ReportgenError([Diagnostic(Location(theme.shown(doc.template)), p) for p in problems])
    charts = tuple(context["chart"].made) if "chart" in context else ()
    return Rendered(doc, language, html, tuple(misses), charts, tuple(missing_glyphs(model, language, theme)))


def missing_glyphs(model: dict, language: Language, theme) -> list[Diagnostic]:
    """Return a warning for each character of the localised content that the theme's fonts cannot draw (it would
    print as an empty box: an emoji, a rare script), naming the field."""
    covered = theme.characters()
    found = []
    for text in texts(tuple(model.values())):
        missing = [c for c in dict.fromkeys(text.value) if ord(c) not in covered and not c.isspace()]
        if missing:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:5])
            found.append(Diagnostic(text.loc, f"{language.tag}: {shown} not in the theme's fonts; printed as an "
                                              f"empty box", text.context, "warning"))
    return found


def select(project: Project, docs: list[str] | None, langs: list[str] | None) -> tuple[list[Document],
                                                                                           list[Language]]:
    """Return the documents and languages to build; unknown names are usage errors."""
    documents = list(project.documents.values())
    docs = list(dict.fromkeys(docs or ()))
    langs = list(dict.fromkeys(langs or ()))
    if docs:
        for name in docs:
            if name not in project.documents:
                raise UsageError(f"unknown document '{name}'{did_you_mean(name, project.documents)}; "
                                 f"available: {', '.join(project.documents)}")
        documents = [project.documents[name] for name in docs]
    languages = list(project.languages)
    if langs:
        tags = {lang.tag: lang for lang in project.languages}
        for tag in langs:
            if tag not in tags:
                raise UsageError(f"language '{tag}' is not declared by the project{did_you_mean(tag, tags)}; "
                                 f"declared: {', '.join(tags)}")
        languages = [tags[tag] for tag in langs]
    return documents, languages


def select_formats(formats: list[str] | None) -> list[str]:
    """Return the formats to build (default: every registered writer); an unknown one is a usage error."""
    chosen = list(dict.fromkeys(formats or WRITERS))
    for fmt in chosen:
        if fmt not in WRITERS:
            raise UsageError(f"unknown format '{fmt}'{did_you_mean(fmt, WRITERS)}; available: {', '.join(WRITERS)}")
    return chosen


def preflight(project: Project, formats: list[str], languages: list[Language] | None = None) -> list[Diagnostic]:
    """Validate what the writers of ``formats`` and the charts will read, before anything is rendered: the
    catalogues (of ``languages``, default all), the stylesheet and its fonts, the reference document, the chart
    font. Return the warnings; raise with every error."""
    from ..charts import preflight as chart_preflight

    diagnostics = Diagnostics()
    check_catalogues(project, diagnostics, None if languages is None else {lang.tag for lang in languages})
    diagnostics.extend(project.theme.font_problems())
    found: list[Diagnostic] = []
    for check in [chart_preflight] + [WRITERS[fmt].function("preflight") for fmt in formats]:
        if check is None:
            continue
        try:
            found.extend(check(project.theme) or ())
        except ReportgenError as exc:
            diagnostics.extend(exc.diagnostics)
    diagnostics.extend(found)
    diagnostics.raise_if_errors()
    return found


def check(root: Path, strict: bool = False) -> tuple[Project, list[Diagnostic]]:
    """Validate the project as a build of every document, language and format would, without writing; return the
    project and the warnings (missing translations, renderer warnings); raise with every error."""
    project = load_project(root)
    formats = select_formats(None)
    warnings = preflight(project, formats)
    problems: list[Diagnostic] = []
    for doc in project.documents.values():
        for language in project.languages:
            try:
                rendered = render_document(project, doc, language)
            except ReportgenError as exc:
                problems.extend(exc.diagnostics)
                continue
            warnings.extend(Diagnostic(m.location, m.message, severity="warning") for m in rendered.misses)
            warnings.extend(rendered.warnings)
            if any(edition.linking(fmt) for fmt in formats):  # the edition's own words, as a build renders them
                try:
                    _, missing = edition.render_edition(project, doc, language, list(project.languages), [])
                except ReportgenError as exc:
                    problems.extend(exc.diagnostics)
                    continue
                warnings.extend(Diagnostic(m.location, m.message, severity="warning") for m in missing)
    from ..collect.rounds import questionnaire_check

    try:  # the partners' questionnaires are made from the same catalogues: their words are checked too
        errors, found = questionnaire_check(project)
        problems.extend(errors)
        warnings.extend(found)
    except ReportgenError as exc:
        problems.extend(exc.diagnostics)
    if strict:
        problems.extend(Diagnostic(w.location, w.message, w.key) for w in warnings)
    if problems:
        raise ReportgenError(_sorted(problems))
    return project, _sorted(warnings)


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (str(d.location), d.message))


@dataclass
class BuildResult:
    """The outcome of every target, and the strings that fell back to English per language."""

    outcomes: list[Outcome]
    misses: dict[str, tuple[Miss, ...]]
    warnings: list[Diagnostic] = field(default_factory=list)


def output_folder(root: Path, out: Path | None) -> Path:
    """Return the build folder; one inside the project's inputs, or one that cannot be a folder, is a usage error."""
    out = (out or root / "build").resolve()
    for inputs in ("content", "templates", "translations"):
        if inside(out, root / inputs):
            raise UsageError(f"output folder '{out}' is inside the project's {inputs}/ folder; choose another")
    if out.exists() and not out.is_dir():
        raise UsageError(f"output folder '{out}' is not a folder")
    parent = next((p for p in [out, *out.parents] if p.exists()), None)
    try:  # a real probe: permissions alone do not tell (read-only mounts, /proc, immutable folders)
        os.rmdir(tempfile.mkdtemp(prefix=".reportgen-probe.", dir=parent))
    except OSError as exc:
        raise UsageError(f"output folder '{out}' cannot be created or written in: {exc.strerror} "
                         f"(in '{parent}')") from None
    return out


def build(root: Path, out: Path | None = None, docs: list[str] | None = None, langs: list[str] | None = None,
          formats: list[str] | None = None, strict: bool = False, jobs: int | None = None, force: bool = False,
          release: bool = False, progress: Callable[[Outcome, int, int], None] | None = None) -> BuildResult:
    """Build the selected matrix into ``out`` (default ``root/build``); raise :class:`ReportgenError` on errors.

    Outputs whose recorded inputs are unchanged are not rendered at all; the rest are rendered to HTML (all of
    them, so every error is found before anything is written), written by the workers, then moved into place.
    """
    root = root.resolve()
    out = output_folder(root, out)
    source_date_epoch()  # a bad value is refused before any work
    project = load_project(root)
    documents, languages = select(project, docs, langs)
    formats = sorted(select_formats(formats), key=edition.linking)  # editions that link to the others come last
    strict = strict or release
    built = {(doc.id, lang.tag) for doc in documents for lang in languages}

    entries = read_manifest(out).get("outputs", {})
    hasher = InputHasher(project, SETTINGS_FILE)
    order: list[Target] = []
    outcomes: list[Outcome] = []
    stale: list[tuple[Document, Language, list[tuple[Target, dict]]]] = []
    for doc in documents:
        for language in languages:
            todo = []
            for fmt in formats:
                target = Target(doc.id, language.tag, fmt)
                order.append(target)
                inputs = hasher.inputs(doc, language, fmt, release)
                entry = entries.get(target.relative)
                if edition.linking(fmt) and not todo:  # what it links to is part of what it was built from
                    inputs["links"] = _links(out, project, doc, language, fmt, built, {})
                fresh = not force and not (edition.linking(fmt) and todo)
                if fresh and up_to_date(out, target.relative, entry, inputs):
                    outcomes.append(Outcome(target, "up to date", entry.get("draft", 0), entry["sha256"]))
                else:
                    todo.append((target, inputs))
            drafty = any(o.draft for o in outcomes if o.target.doc == doc.id and o.target.lang == language.tag)
            if todo or drafty:  # a DRAFT output is rendered again so that its missing strings are listed
                stale.append((doc, language, todo))
        # The editions of this document in languages not being built, already in the folder, link to the ones
        # being built: when what they link to changed (a language added by this build), they are rewritten too.
        for language in (lang for lang in project.languages if lang not in languages):
            for fmt in (f for f in formats if edition.linking(f)):
                target = Target(doc.id, language.tag, fmt)
                entry = entries.get(target.relative)
                if entry is None or not (out / target.relative).is_file():
                    continue
                inputs = {**hasher.inputs(doc, language, fmt, release),
                          "links": _links(out, project, doc, language, fmt, built, {})}
                if entry.get("inputs", {}).get("links") != inputs["links"]:
                    order.append(target)
                    stale.append((doc, language, [(target, inputs)]))

    # Outputs up to date were built from these very inputs by a build that passed: only what is stale needs the
    # preflight (which costs WeasyPrint's import and the fonts' loading, most of a no-op rebuild).
    warnings = preflight(project, formats, languages) if stale else []
    if strict and warnings:
        raise ReportgenError(warnings)

    # Gather and validate: render every stale document's HTML before writing anything. Workers start on each
    # document as soon as its HTML is ready; their bytes are only written once everything has succeeded.
    stale.sort(key=lambda item: -len(texts(tuple(item[0].data.values()))))  # largest documents first
    total_jobs = sum(len(todo) for _, _, todo in stale)
    renders: dict[tuple[str, str], Rendered] = {}
    pending: list[tuple[Job, Target, Rendered, dict]] = []
    later: list[tuple[Job, Target, Rendered, dict]] = []  # editions that link: written once the rest exist
    assets = _assets(project, formats) if any(edition.linking(t.fmt) for _, _, todo in stale for t, _ in todo) else {}
    with Runner(jobs, total_jobs, formats) as runner:
        for doc, language, todo in stale:
            rendered = render_document(project, doc, language)
            renders[(doc.id, language.tag)] = rendered
            epoch = min(max(int(created_at(doc).replace(tzinfo=dt.timezone.utc).timestamp()), MIN_EPOCH), MAX_EPOCH)
            attachments = _sources(project, rendered) if release else ()
            for target, inputs in sorted(todo, key=lambda item: item[0].fmt != "pdf"):
                job = Job(doc.id, language.tag, target.fmt, rendered.html, project.theme,
                          project.theme.shown(doc.template), rendered.charts, epoch, release, attachments,
                          assets=tuple((name, path) for name, (path, _) in assets.items()))
                if edition.linking(target.fmt):
                    later.append((job, target, rendered, inputs))
                else:
                    pending.append((job, target, rendered, inputs))
                    runner.submit(job)
        misses: dict[str, tuple[Miss, ...]] = {}
        for (_, tag), rendered in renders.items():  # every document's, once each, in catalogue order
            if rendered.misses:
                _merge_misses(misses, tag, rendered.misses)
        warnings += [w for r in renders.values() for w in r.warnings]
        if strict:
            problems = [m.as_error() for r in renders.values() for m in r.misses]
            problems += [Diagnostic(w.location, w.message, w.key) for r in renders.values() for w in r.warnings]
            if problems:
                raise ReportgenError(_sorted(problems))
        total = len(outcomes) + len(pending) + len(later)
        if progress:
            for index, outcome in enumerate(outcomes, 1):
                progress(outcome, index, total)
        results = _collect(runner, pending, strict, outcomes, progress, total)
    drafts = {target: len(rendered.misses) for _, target, rendered, _ in pending}
    if later:
        pending += _write_editions(out, project, later, results, drafts, built, strict, outcomes, progress, total,
                                   misses)

    # Write: every output was produced, so move them into place one by one, under the build folder's lock, the
    # manifest recording each as it lands.
    if pending:
        _write_outputs(out, pending, results, drafts, assets, project if later else None)
    position = {target: index for index, target in enumerate(order)}
    outcomes.sort(key=lambda o: position[o.target])
    return BuildResult(outcomes, misses, _sorted(warnings))


def _write_outputs(out: Path, pending, results: dict, drafts: dict, assets: dict, index_of=None) -> None:
    """Move every produced output into place and record it in the manifest, after the shared assets its pages
    need, and then (``index_of``: the project) the front page of the editions; a write error is a diagnostic."""
    try:
        with locked(out):
            remove_stale_temporaries(out)
            writer = ManifestWriter(out, [target.relative for _, target, _, _ in pending])
            for path, data in assets.values():
                if not (out / path).is_file() or writer.entries.get(path, {}).get("sha256") != sha256(data):
                    writer.put(path, data, {"sha256": sha256(data), "format": "asset"})
            for job, target, rendered, inputs in pending:
                data = results[target]
                entry = {"sha256": sha256(data), "inputs": inputs, "draft": drafts[target], "language": target.lang,
                         "document": target.doc, "format": target.fmt}
                if edition.linking(target.fmt):
                    entry.update(title=edition.title_of(rendered.html), subject=edition.subject_of(rendered.html),
                                 requires=[path for path, _ in assets.values()])
                writer.put(target.relative, data, entry)
            if index_of is not None:
                data, _ = edition.render_index(index_of, writer.entries, edition.stylesheet(assets), out)
                writer.put(edition.INDEX, data, {"sha256": sha256(data), "format": "index"})
    except OSError as exc:
        where = exc.filename or out
        raise ReportgenError(Diagnostic(Location(str(where)), f"cannot write the output: {exc.strerror}")) from None


def _assets(project: Project, formats: list[str]) -> dict[str, tuple[str, bytes]]:
    """Return the shared assets of the linking formats being built: ``{theme name: (path, bytes)}``."""
    found: dict[str, tuple[str, bytes]] = {}
    for fmt in formats:
        make = WRITERS[fmt].function("assets")
        if make is not None:
            found.update(make(project.theme))
    return found


def _siblings(out: Path, doc: Document, language: Language, results: dict) -> dict[str, bytes]:
    """Return the files of the other formats an edition of ``doc`` links to: new bytes in ``results``, or as on
    disk (absent ones left out)."""
    found = {}
    for other in edition.downloadable():
        target = Target(doc.id, language.tag, other)
        data = results.get(target)
        if data is None and (out / target.relative).is_file():
            data = (out / target.relative).read_bytes()
        if data is not None:
            found[target.relative] = data
    return found


def _links(out: Path, project: Project, doc: Document, language: Language, fmt: str, built: set,
           results: dict) -> str:
    """Return the fingerprint of what the edition of ``doc`` links to: its other languages, and each download's
    bytes (new in ``results``, or as on disk)."""
    languages = edition.edition_languages(list(project.languages), doc.id, fmt, built, out)
    return _fingerprint(doc, language, fmt, languages, _siblings(out, doc, language, results))


def _fingerprint(doc: Document, language: Language, fmt: str, languages: list[Language],
                 siblings: dict[str, bytes]) -> str:
    return edition.links(doc.id, language.tag, fmt, [lang.tag for lang in languages],
                         {relative: sha256(data) for relative, data in siblings.items()})


def _merge_misses(misses: dict, tag: str, new) -> None:
    """Add ``new`` misses to a language's, each once, in catalogue order."""
    merged = {(m.context, m.msgid): m for m in misses.get(tag, ()) + tuple(new)}
    misses[tag] = tuple(sorted(merged.values(), key=lambda m: (m.location.line, m.msgid)))


def _write_editions(out: Path, project: Project, later, results: dict, drafts: dict, built: set, strict: bool,
                    outcomes: list[Outcome], progress, total: int, misses: dict) -> list:
    """Render the edition fragment of each linking output from what now exists (the other formats just made, the
    files on disk), write the output in this process (it needs no layout), and return its pending entries."""
    failures = []
    done = []
    for job, target, rendered, inputs in later:
        doc, language = rendered.doc, rendered.language
        languages = edition.edition_languages(list(project.languages), doc.id, target.fmt, built, out)
        siblings = _siblings(out, doc, language, results)  # read once: for their sizes and their fingerprint
        downloads = [edition.download(relative, data) for relative, data in siblings.items()]
        fragment, missing = edition.render_edition(project, doc, language, languages, downloads)
        if missing:
            failures.extend(m.as_error() for m in missing if strict)
            _merge_misses(misses, language.tag, missing)
        job = dataclasses.replace(job, edition=fragment)
        data, diagnostics = run_job(job)
        inputs = {**inputs, "links": _fingerprint(doc, language, target.fmt, languages, siblings)}
        results[target] = data
        drafts[target] = len(rendered.misses) + len(missing)
        outcome = Outcome(target, "built", drafts[target], sha256(data), 0.0,
                          [d.message for d in diagnostics])
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(outcomes), total)
        done.append((job, target, rendered, inputs))
    if failures:
        raise ReportgenError(_sorted(failures))
    return done


def _collect(runner: Runner, pending, strict: bool, outcomes: list[Outcome], progress, total: int
             ) -> dict[Target, bytes]:
    """Gather the jobs' results; return their bytes by target, or raise with every failure (renderer errors, and
    if strict every renderer warning)."""
    drafts = {target: len(rendered.misses) for _, target, rendered, _ in pending}
    results: dict[Target, bytes] = {}
    failures: list[Diagnostic] = []
    for job, data, diagnostics, seconds, error in runner.results():
        target = Target(job.doc, job.lang, job.fmt)
        if error is not None:
            failures.extend(error.diagnostics)
            outcome = Outcome(target, "failed")
        else:
            results[target] = data
            outcome = Outcome(target, "built", drafts[target], sha256(data), seconds, [d.message for d in diagnostics])
            failures.extend(Diagnostic(d.location, f"{target.relative}: {d.message}")
                            for d in diagnostics if d.severity == "error" or strict)
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(outcomes), total)
    if failures:
        raise ReportgenError(failures)
    return results


def _sources(project: Project, rendered: Rendered) -> tuple[tuple[str, bytes, str], ...]:
    """Return the files a release PDF embeds: the content the document is built from and its catalogue."""
    names = list(rendered.doc.sources)
    catalogue = project.catalogues.get(rendered.language.tag)
    if catalogue is not None:
        names.append(catalogue.path)
    files = []
    for name in names:
        kind = "translation catalogue (gettext PO)" if name.endswith(".po") else "content (YAML)"
        files.append((name.replace("/", "_"), project.read_source(name), f"Source {kind}: {name}"))
    return tuple(files)


__all__ = ["BuildResult", "Outcome", "Rendered", "Target", "build", "check", "created_at", "render_document",
           "select"]
