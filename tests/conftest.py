"""Shared fixtures: the shipped project built once per session, and throwaway copies of it to break."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportgen.pipeline import build
from reportgen.cli import main
from reportgen.theme import DEFAULT as DEFAULT_THEME

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCE_TEXT = DATA / "action-plan-2023-2025.txt"


@pytest.fixture
def expected_logs() -> list[str]:
    """Return the list of log messages a test expects (each must be logged; nothing else may be)."""
    return []


@pytest.fixture(autouse=True)
def no_unexpected_logs(caplog, expected_logs):
    """Fail a test when anything (WeasyPrint included) logs a warning nobody expected, or an expected one is
    missing."""
    caplog.set_level(logging.WARNING)
    yield
    messages = [r.getMessage() for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert [m for m in messages if m not in expected_logs] == []
    assert [m for m in expected_logs if m not in messages] == []


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Return the build folder of the shipped project, every document in every language and format; the build
    itself must report nothing (no renderer warning, no missing translation)."""
    out = tmp_path_factory.mktemp("build")
    result = build(ROOT, out, jobs=2)
    assert not result.misses, result.misses
    assert not result.warnings, result.warnings
    assert not [(o.target.relative, o.warnings) for o in result.outcomes if o.warnings]
    return out


def write_files(project: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) into ``project``; return the project."""
    for relative, data in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, "utf-8")
    return project


def override(project: Path, name: str) -> Path:
    """Return the project's own copy of the default theme's file ``name`` (copied into templates/ if absent)."""
    path = project / "templates" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_THEME / name, path)
    return path


def make_project(tmp_path: Path, files: dict[str, str] | None = None, languages: list[str] | None = None,
                 progress: bool = True) -> Path:
    """Return a copy of the shipped project in ``tmp_path`` with ``files`` (relative path → text) replaced;
    without ``progress``, only the action plan is left."""
    project = tmp_path / "project"
    for folder in ("content", "templates", "translations"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, project / folder)
    if not progress:
        shutil.rmtree(project / "content/progress")
    if languages is not None:
        (project / "content/project.yaml").write_text(f"languages: [{', '.join(languages)}]\n", "utf-8")
        keep = {lang.replace("-", "_") for lang in languages}
        for folder in (project / "translations").iterdir():
            if folder.is_dir() and folder.name not in keep:
                shutil.rmtree(folder)
    return write_files(project, files or {})


def edit(project: Path, relative: str, old: str, new: str) -> int:
    """Replace the unique ``old`` by ``new`` in a project file; return the 1-based line where ``new`` starts. A
    ``templates/`` file the project does not have is first copied from the default theme (an override)."""
    if relative.startswith("templates/"):
        override(project, relative[len("templates/"):])
    path = project / relative
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {relative}"
    start = text.index(old)
    path.write_text(text.replace(old, new), "utf-8")
    return text[:start].count("\n") + 1


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run ``reportgen ARGS``; return (exit status, stdout, stderr)."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def check_fails(capsys, project: Path) -> list[str]:
    """Run ``reportgen check`` on a broken project; assert it fails and return its error lines."""
    status, _, err = run_cli(capsys, "check", "--project", str(project))
    assert status == 1
    return err.strip().splitlines()


def make_tree(body: str, lang: str = "en", source: str = "templates/test.html.j2", vocabulary=None,
              title: str = "t"):
    """Return the document tree of a small document made for a test: ``body`` (HTML) in a page with a title."""
    from reportgen.documents.frame import FRAME
    from reportgen.tree import parse

    html = f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>{body}</body></html>'
    return parse(html, vocabulary or FRAME, source)


def write_job(fmt: str, tree, charts: tuple = (), theme=None):
    """Return the bytes and diagnostics of ``tree`` (with its ``charts``) written by the registered writer of
    ``fmt``, in this process, through the job path the build's workers take."""
    from reportgen.pipeline.workers import run_job
    from reportgen.theme import Theme
    from reportgen.writers import REGISTRY, Job

    theme = theme or Theme(ROOT)
    shared = REGISTRY[fmt].function("assets")
    assets = tuple((name, path) for name, (path, _) in shared(theme).items()) if shared else ()
    return run_job(Job("test", tree.meta.language, fmt, tree, theme, tuple(charts), assets=assets))


def word_text(source) -> list[tuple[str, str]]:
    """Return ``(style name, text)`` for every body paragraph of a DOCX (a path, a stream or bytes)."""
    import docx

    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(source) if isinstance(source, bytes)
                                                          else source).paragraphs]


def pdf_text(path: Path) -> str:
    """Return the text of every page of a PDF, extracted with pypdf."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squash(text: str) -> str:
    """Return ``text`` without white space, hyphens and markup asterisks, for order-and-word comparisons."""
    return re.sub(r"[\s\-\u00ad\u2010*]", "", text)


def source_paragraphs() -> list[str]:
    """Return the paragraphs of the source document, in order."""
    return [p.strip() for p in SOURCE_TEXT.read_text("utf-8").split("\n\n") if p.strip()]


def assert_in_order(paragraphs: list[str], haystack: str, fold_case_first: bool = True) -> None:
    """Assert that each paragraph occurs in ``haystack`` after the previous one (white space and hyphens aside)."""
    text = squash(haystack)
    position = 0
    for index, paragraph in enumerate(paragraphs):
        needle = squash(paragraph)
        if index == 0 and fold_case_first:
            found = text.lower().find(needle.lower(), position)
        else:
            found = text.find(needle, position)
        assert found >= 0, f"paragraph {index + 1} missing or out of order: {paragraph[:80]!r}"
        position = found + len(needle)


def docx_bytes_io(path: Path):
    """Return a DOCX file as a stream (python-docx reads it without locking the file)."""
    return io.BytesIO(path.read_bytes())


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(os.environ.get("REPORTGEN_AXE", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"))
# What a browser on a closed network needs so that it does not try to reach anyone (the machine refuses it).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--disable-extensions"]


def missing_tool(reason: str) -> None:
    """Skip a test whose tool is not installed here; in CI (where ``make test`` installs it) fail instead."""
    if os.environ.get("CI") in ("true", "1", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Return a headless Chromium (the system's package) driven by Playwright; skip where it is not installed."""
    if CHROMIUM is None:
        missing_tool("Chromium is not installed (make test installs the chromium package where it can)")
    import playwright.sync_api as playwright
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """Return a function that opens a URL in a fresh page and fails the test on any failed request, request to
    the network, or console error."""
    contexts = []
    problems: list[str] = []

    def opener(url: str, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: (
            problems.append(f"network request: {route.request.url}"), route.abort()))
        page = context.new_page()
        page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
        page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
        page.goto(url)
        page.wait_for_load_state("load")
        return page

    yield opener
    for context in contexts:
        context.close()
    assert problems == []


@contextlib.contextmanager
def read_only(folder: Path):
    """Make ``folder`` read-only for the block: by its mode, or for root (whom modes do not stop) by the immutable
    attribute; skip where neither can be set."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("running as root where the immutable attribute cannot be set: no folder can be read-only here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def libreoffice_convert(source: Path, folder: Path, to: str) -> Path:
    """Return ``source`` converted (or saved again) by LibreOffice headless into ``folder`` (``to``: ``odt``,
    ``docx:MS Word 2007 XML``, ``pdf``), with a profile of its own; skip where LibreOffice is not installed."""
    if shutil.which("soffice") is None:
        missing_tool("LibreOffice is not installed (make test installs libreoffice-writer-nogui where it can)")
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / '.profile').as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=300)
    return folder / f"{source.stem}.{to.split(':')[0]}"


def libreoffice_redlines(operation: str, source: Path, target: Path) -> list[str]:
    """Return the paragraphs of a Word file after LibreOffice accepted (``accept``) or rejected (``reject``) every
    tracked change, or as it is (``text``), one per line; skip where LibreOffice with Python-UNO is missing."""
    system_python = Path("/usr/bin/python3")
    if shutil.which("soffice") is None or not system_python.exists() or subprocess.run(
            [str(system_python), "-c", "import uno"], capture_output=True).returncode:
        missing_tool("LibreOffice with Python-UNO is not installed (make test installs libreoffice-writer-nogui and "
                     "python3-uno where it can)")
    script = Path(__file__).resolve().parent / "editions/redlines.py"
    subprocess.run([str(system_python), str(script), operation, str(source), str(target)], check=True, timeout=300)
    return [line.strip() for line in target.read_text("utf-8").splitlines() if line.strip()]
