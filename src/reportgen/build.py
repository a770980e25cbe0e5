"""The build matrix: documents × languages × formats, rendered in worker processes and written atomically.

Gather and validate everything first (content, catalogues, templates, the HTML of every output to build), then
write: nothing reaches ``build/`` when there are errors, each output is written to a temporary file and moved into
place, and ``build/manifest.json`` records what was built from what. Outputs whose inputs did not change since the
manifest was written are not rendered at all.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .diagnostics import Diagnostic, Diagnostics, Location, ReportgenError, UsageError, did_you_mean
from .i18n import Miss, Translator
from .locales import Language
from .model import Month, texts
from .project import Document, Project, load_project
from .render import Page, render

FORMATS = ("pdf", "docx")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Target:
    """One output file: a document in a language and a format."""

    doc: str
    lang: str
    fmt: str

    @property
    def relative(self) -> str:
        """Return the output path below the build folder (``en/action-plan.pdf``)."""
        return f"{self.lang}/{self.doc}.{self.fmt}"


@dataclass(frozen=True)
class Rendered:
    """A document rendered to HTML in one language, with the strings that fell back to English."""

    doc: Document
    language: Language
    html: str
    misses: tuple[Miss, ...]
    charts: tuple = ()


@dataclass
class Outcome:
    """What happened to one target."""

    target: Target
    status: str  # "built", "up to date", "failed"
    draft: int = 0
    sha256: str = ""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def created_at(info) -> dt.datetime:
    """Return the fixed creation time of a document: ``SOURCE_DATE_EPOCH`` if set, else its content date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    value = info.accepted if hasattr(info, "accepted") else info.date
    day = value.as_date() if isinstance(value, Month) else value
    return dt.datetime(day.year, day.month, day.day)


def render_document(project: Project, doc: Document, language: Language) -> Rendered:
    """Return ``doc`` localised and rendered to HTML in ``language``, stamped DRAFT when strings are missing."""
    translator = Translator(language, project.catalogues.get(language.tag))
    model = {key: translator.localise(value) for key, value in doc.data.items()}
    created = created_at(doc.info)
    count = -1
    while True:  # once when all is translated; else again with the DRAFT mark, whose own strings may be missing
        context = doc.prepare(model, language)
        misses = translator.sorted_misses()
        html = render(project.templates, doc.template, translator,
                      Page(language, created, len(misses), doc.illustrative), **context)
        misses = translator.sorted_misses()
        if len(misses) == count or not misses:
            break
        count = len(misses)
    from .docx import subset_problems

    problems = subset_problems(html)
    if problems:
        raise ReportgenError([Diagnostic(Location(f"templates/{doc.template}"), p) for p in problems])
    charts = tuple(context["chart"].made) if "chart" in context else ()
    return Rendered(doc, language, html, tuple(misses), charts)


# -- inputs and the manifest ----------------------------------------------------------------------------------

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files_below(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def code_hash() -> str:
    """Return a hash of reportgen's own source, so that a new version rebuilds everything."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in _files_below(package):
        if path.suffix == ".py":
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


class InputHasher:
    """Hashes the inputs of outputs, reading and hashing each file once per build."""

    def __init__(self, project: Project):
        self.project = project
        self.files: dict[str, str] = {}
        self.templates = [p.relative_to(project.root).as_posix() for p in _files_below(project.templates)]
        self.code = code_hash()

    def file(self, relative: str) -> str:
        """Return the sha256 of a project file."""
        if relative not in self.files:
            self.files[relative] = _sha256((self.project.root / relative).read_bytes())
        return self.files[relative]

    def inputs(self, doc: Document, language: Language, fmt: str, release: bool) -> dict[str, str]:
        """Return ``{input: sha256}`` for everything the output of ``doc`` in ``language`` and ``fmt`` depends on."""
        files = list(doc.sources) + self.templates
        catalogue = self.project.catalogues.get(language.tag)
        if catalogue is not None:
            files.append(catalogue.path)
        hashes = {name: self.file(name) for name in sorted(set(files))}
        hashes.update(reportgen=self.code, format=fmt, release=str(release),
                      environment=os.environ.get("SOURCE_DATE_EPOCH", ""))
        return hashes


def read_manifest(out: Path) -> dict:
    """Return the manifest of the build folder ``out`` (empty when absent or unreadable)."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(outputs, dict) or not all(isinstance(e, dict) for e in outputs.values()):
        return {}  # not ours, or damaged: rebuild everything
    return manifest


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


# -- workers --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """What a worker needs to write one output: plain data, so it pickles cheaply."""

    target: Target
    html: str
    templates: str
    template: str
    options: tuple = ()
    charts: tuple = ()
    epoch: int = 0


def run_job(job: Job) -> tuple[bytes, list[str]]:
    """Return the bytes of one output and the writer's warnings (runs in a worker process)."""
    # fontTools stamps the current time into subset fonts unless SOURCE_DATE_EPOCH is set: pin it to the
    # document's own date, for this job only.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = saved or str(job.epoch)
    try:
        return _write(job)
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _write(job: Job) -> tuple[bytes, list[str]]:
    templates = Path(job.templates)
    from .charts import draw

    if job.target.fmt == "pdf":
        from .pdf import PdfOptions, write_pdf

        options = PdfOptions(*job.options) if job.options else PdfOptions()
        images = {chart.src: draw(chart, "svg", templates) for chart in job.charts}
        return write_pdf(job.html, templates, f"templates/{job.template}", options, images)
    from .docx import load_reference, write_docx

    images = {chart.src: draw(chart, "png", templates) for chart in job.charts}
    return write_docx(job.html, load_reference(templates), job.template, images), []


def _warm_up() -> None:
    import weasyprint  # noqa: F401 - import once per worker, not once per document


# -- the build --------------------------------------------------------------------------------------------------

@dataclass
class BuildResult:
    """The outcome of every target, and the strings that fell back to English per language."""

    outcomes: list[Outcome]
    misses: dict[str, tuple[Miss, ...]]


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


def build(root: Path, out: Path | None = None, docs: list[str] | None = None, langs: list[str] | None = None,
          formats: list[str] | None = None, strict: bool = False, jobs: int | None = None, force: bool = False,
          release: bool = False, progress: Callable[[Outcome, int, int], None] | None = None) -> BuildResult:
    """Build the selected matrix into ``out`` (default ``root/build``); raise :class:`ReportgenError` on errors.

    Outputs whose recorded inputs are unchanged are not rendered at all; the rest are rendered to HTML (all of
    them, so every error is found before anything is written), written by the workers, then moved into place.
    """
    root = root.resolve()
    out = (out or root / "build").resolve()
    if out.exists() and not out.is_dir():
        raise UsageError(f"output folder '{out}' is not a folder")
    project = load_project(root)
    documents, languages = select(project, docs, langs)
    formats = list(dict.fromkeys(formats or FORMATS))
    strict = strict or release
    from .checks import check_catalogues

    diagnostics = Diagnostics()
    check_catalogues(project, diagnostics)
    diagnostics.raise_if_errors()
    if "docx" in formats:
        from .docx import load_reference

        load_reference(project.templates)  # refuse a bad reference document before rendering anything

    entries = read_manifest(out).get("outputs", {})
    hasher = InputHasher(project)
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
                if not force and _up_to_date(out / target.relative, entry, inputs):
                    outcomes.append(Outcome(target, "up to date", entry.get("draft", 0), entry["sha256"]))
                else:
                    todo.append((target, inputs))
            drafty = any(o.draft for o in outcomes if o.target.doc == doc.id and o.target.lang == language.tag)
            if todo or drafty:  # a DRAFT output is rendered again so that its missing strings are listed
                stale.append((doc, language, todo))

    # Gather and validate: render every stale document's HTML before writing anything. Workers start on each
    # document as soon as its HTML is ready; their bytes are only written once everything has succeeded.
    stale.sort(key=lambda item: -len(texts(tuple(item[0].data.values()))))  # largest documents first
    total_jobs = sum(len(todo) for _, _, todo in stale)
    renders: dict[tuple[str, str], Rendered] = {}
    pending: list[tuple[Job, Rendered, dict]] = []
    with Runner(jobs, total_jobs) as runner:
        for doc, language, todo in stale:
            rendered = render_document(project, doc, language)
            renders[(doc.id, language.tag)] = rendered
            epoch = int(created_at(doc.info).replace(tzinfo=dt.timezone.utc).timestamp())
            for target, inputs in sorted(todo, key=lambda item: item[0].fmt != "pdf"):
                options = _release_options(project, rendered) if (release and target.fmt == "pdf") else ()
                job = Job(target, rendered.html, str(project.templates), doc.template, options, rendered.charts,
                          epoch)
                pending.append((job, rendered, inputs))
                runner.submit(job)
        misses = {tag: r.misses for (_, tag), r in renders.items() if r.misses}
        if strict:
            problems = [m.as_error() for r in renders.values() for m in r.misses]
            if problems:
                raise ReportgenError(sorted(set(problems), key=lambda d: (str(d.location), d.message)))
        total = len(outcomes) + len(pending)
        if progress:
            for index, outcome in enumerate(outcomes, 1):
                progress(outcome, index, total)
        results = _collect(runner, pending, strict, outcomes, progress, total)

    # Write: every output was produced, so move them into place and record the manifest.
    for job, rendered, inputs in pending:
        data = results[job.target]
        atomic_write(out / job.target.relative, data)
        entries[job.target.relative] = {"sha256": _sha256(data), "inputs": inputs,
                                        "draft": len(rendered.misses), "language": job.target.lang,
                                        "document": job.target.doc, "format": job.target.fmt}
    if pending:
        manifest = {"generator": f"reportgen {__version__}", "outputs": dict(sorted(entries.items()))}
        atomic_write(out / MANIFEST, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode())
    position = {target: index for index, target in enumerate(order)}
    outcomes.sort(key=lambda o: position[o.target])
    return BuildResult(outcomes, misses)


def _up_to_date(path: Path, entry: dict | None, inputs: dict) -> bool:
    return bool(entry and entry.get("inputs") == inputs and path.is_file()
                and _sha256(path.read_bytes()) == entry.get("sha256"))


def _collect(runner: Runner, pending, strict: bool, outcomes: list[Outcome], progress, total: int
             ) -> dict[Target, bytes]:
    """Gather the jobs' results; return their bytes by target, or raise with every failure (and, if strict,
    every renderer warning)."""
    drafts = {job.target: len(rendered.misses) for job, rendered, _ in pending}
    results: dict[Target, bytes] = {}
    failures: list[Diagnostic] = []
    for job, data, warnings, seconds, error in runner.results():
        if error is not None:
            failures.extend(error.diagnostics)
            outcome = Outcome(job.target, "failed")
        else:
            results[job.target] = data
            outcome = Outcome(job.target, "built", drafts[job.target], _sha256(data), seconds, warnings)
            if strict and warnings:
                failures.extend(Diagnostic(Location(f"templates/{job.template}"), f"{job.target.relative}: {w}")
                                for w in warnings)
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(outcomes), total)
    if failures:
        raise ReportgenError(failures)
    return results


def _release_options(project: Project, rendered: Rendered) -> tuple:
    """Return PDF options for a release: PDF/A-3a with the content and the catalogue embedded."""
    files = [(name, (project.root / name).read_bytes()) for name in rendered.doc.sources]
    catalogue = project.catalogues.get(rendered.language.tag)
    if catalogue is not None:
        files.append((catalogue.path, catalogue.text.encode("utf-8")))
    return ("pdf/a-3a", tuple((name.replace("/", "_"), data) for name, data in files))


class Runner:
    """Runs jobs in worker processes as they are submitted (in this process when one worker is enough)."""

    def __init__(self, jobs: int | None, expected: int):
        self.workers = max(1, min(jobs or os.cpu_count() or 1, expected))
        self.pool = None
        self.futures: list = []
        self.inline: list[Job] = []

    def __enter__(self) -> Runner:
        if self.workers > 1:
            import multiprocessing

            if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux":
                _warm_up()  # import WeasyPrint once, here: forked workers start with it loaded
                context, initializer = multiprocessing.get_context("fork"), None
            else:
                context, initializer = multiprocessing.get_context("spawn"), _warm_up
            self.pool = cf.ProcessPoolExecutor(self.workers, mp_context=context, initializer=initializer)
        return self

    def submit(self, job: Job) -> None:
        """Start ``job`` (or queue it, without workers)."""
        if self.pool is None:
            self.inline.append(job)
        else:
            self.futures.append(self.pool.submit(_timed, job))

    def results(self):
        """Yield ``(job, bytes, warnings, seconds, error)`` for every job, as they finish."""
        if self.pool is None:
            yield from (_timed(job) for job in self.inline)
        else:
            for future in cf.as_completed(self.futures):
                yield future.result()

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=exc_info[0] is not None)


def _timed(job: Job):
    start = time.perf_counter()
    try:
        data, warnings = run_job(job)
    except ReportgenError as exc:
        return job, b"", [], 0.0, exc
    return job, data, warnings, time.perf_counter() - start, None
