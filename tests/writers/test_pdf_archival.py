"""The PDF as archived and read by assistive technology: footnotes on the page of their call, release files
byte-reproducible with each source embedded once as a /Source, running headers as artifacts, row headers scoped,
PDF/UA-1 claimed beside PDF/A-3a."""

from __future__ import annotations

import hashlib
import re

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from conftest import ROOT, make_project

LANGS = ["en", "sq", "bs", "hr", "cnr", "mk", "sr", "sr-Latn"]


def _note(lang: str) -> str:
    """Return the first words of the designation footnote in ``lang``."""
    if lang == "en":
        text = "This designation is without prejudice"
    else:
        with open(ROOT / f"translations/{lang.replace('-', '_')}/LC_MESSAGES/messages.po", "rb") as handle:
            text = next(m.string for m in read_po(handle) if m.context == "partners:XK.note")
    return " ".join(text.split()[:4])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("round_", ["2023", "2024"])
def test_the_footnote_is_on_the_page_of_its_call(built, lang, round_):
    pages = [" ".join((page.extract_text() or "").split())
             for page in PdfReader(built / f"{lang}/progress-report-{round_}.pdf").pages]
    call = next(number for number, text in enumerate(pages, 1) if re.search(r"\*\s?1\b", text))
    notes = [number for number, text in enumerate(pages, 1) if _note(lang) in text]
    assert notes == [call]


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Return two release builds of the 2024 report in Albanian, from two copies of the project."""
    outs = []
    for index in range(2):
        project = make_project(tmp_path_factory.mktemp(f"release{index}"), languages=["en", "sq"])
        status = run_cli_plain("build", "--project", str(project), "--release", "--lang", "sq", "--format", "pdf",
                               "--doc", "progress-report-2024", "-j", "1")
        assert status == 0
        outs.append(project / "build/sq/progress-report-2024.pdf")
    return outs


def run_cli_plain(*args: str) -> int:
    from reportgen.cli import main

    return main(list(args))


def test_two_release_builds_are_byte_identical(releases):
    first, second = (hashlib.sha256(path.read_bytes()).hexdigest() for path in releases)
    assert first == second


def test_each_source_is_embedded_once_as_a_source_with_its_type(releases):
    reader = PdfReader(releases[0])
    catalog = reader.trailer["/Root"]
    files = [entry.get_object() for entry in catalog["/AF"]]
    names = [f["/UF"] for f in files]
    rounds = [p for year in ("2023", "2024") for p in (ROOT / f"content/progress/{year}").glob("*.yaml")]
    assert len(names) == len(set(names)) == 3 + len(rounds) + 1  # plan, partners, statuses, the rounds, sq.po
    assert "content_progress_2024_AL.yaml" in names and "content_progress_2023_round.yaml" in names
    for spec in files:
        assert spec["/AFRelationship"] == "/Source"
        assert spec["/Desc"].startswith("Source ")
        subtype = spec["/EF"]["/F"].get_object()["/Subtype"]
        assert subtype == ("/text#2fx-gettext-translation" if spec["/UF"].endswith(".po") else "/application#2fyaml") \
            or subtype in ("/text/x-gettext-translation", "/application/yaml")


def test_release_claims_pdfa_3a_and_pdfua_1(releases):
    xmp = PdfReader(releases[0]).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp
    assert 'pdfuaid:part="1"' in xmp


def test_running_headers_are_artifacts_and_row_headers_scoped(releases):
    reader = PdfReader(releases[0])
    content = reader.pages[3].get_contents().get_data()
    artifacts = re.findall(rb"/Artifact\s+BMC(.*?)EMC", content, re.S)
    assert artifacts, "the running header and footer are marked as artifacts"
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    seen, todo, scopes, lists = set(), [tree], [], []
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if not hasattr(node, "get") or id(node) in seen:
            continue
        seen.add(id(node))
        if node.get("/S") == "/TH":
            scopes.append(node["/A"].get_object().get("/Scope"))
        if node.get("/S") == "/L":
            lists.append(node)
        kids = node.get("/K", [])
        todo.extend(kids if isinstance(kids, list) else [kids])
    assert "/Row" in scopes and "/Column" in scopes
    legend = [kid.get_object().get("/S") for kid in lists[0]["/K"]]
    assert set(legend) == {"/LI"}


@pytest.fixture(scope="session")
def released(tmp_path_factory):
    """Return the release build of every document in every language (PDF only)."""
    from reportgen.pipeline import build

    out = tmp_path_factory.mktemp("release")
    result = build(ROOT, out, formats=["pdf"], release=True, jobs=2)
    assert [o for o in result.outcomes if o.status != "built"] == []
    return out


def _validator(name: str):
    """Return an installed validator's module; skip (fail in CI) where it cannot be installed."""
    import importlib

    from conftest import missing_tool

    try:
        return importlib.import_module(name)
    except ImportError:
        missing_tool(f"the validator '{name}' is not installed (a test dependency: make test installs it)")


def test_every_release_pdf_passes_an_independent_pdfa_and_pdfua_validator(released):
    """page-validation (a validator we did not write) finds nothing against PDF/A-3a nor PDF/UA-1, in any file."""
    page = _validator("page")

    paths = sorted(released.glob("*/*.pdf"))
    assert len(paths) == 3 * len(LANGS)
    failures = []
    for path in paths:
        for profile in (page.ValidationProfile.PDF_A_3A, page.ValidationProfile.PDF_UA_1):
            report = page.validate_pdf(str(path), profile=profile)
            failures += [f"{path.relative_to(released)} [{profile.value}] {f.rule_id}: {f.message}"
                         for f in report.failures]
            assert report.rules.total > 50, (path, profile)  # the profile's rules were run
    assert failures == []


def test_no_release_stream_ends_in_a_way_its_length_could_be_misread(released):
    """A stream's data ending with CR is followed by CR LF, never by a lone LF (ISO 32000-1, 7.2.2 and 7.3.8.1)."""
    for path in sorted(released.glob("*/*.pdf")):
        data = path.read_bytes()
        assert b"\r\nendstream" not in data.replace(b"\r\r\nendstream", b""), path


def test_the_embedded_sources_are_named_in_order(released):
    reader = PdfReader(released / "sq/progress-report-2024.pdf")
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][0::2]
    assert len(names) > 5 and list(names) == sorted(names, key=lambda name: name.encode("utf-16-be"))


def test_every_release_pdf_passes_the_pdfua_triage_checks(released):
    """pdfua's checks of PDF/UA-1 find nothing. Its rule UA-14-001 (no empty heading) does not run on any file: it
    raises on a heading whose /K is an array, which ISO 32000-1 (14.7.2, Table 323) allows; so the rule's intent is
    checked here instead: every heading of the structure tree holds content."""
    pdfua = _validator("pdfua")
    for path in sorted(released.glob("*/*.pdf")):
        report = pdfua.validate(str(path))
        assert (report.exit_code, list(report.findings)) == (0, []), path
        assert [outcome.rule_id for outcome in report.skipped] in ([], ["UA-14-001"]), path
        headings = [e for e in _elements(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
                    if re.fullmatch(r"/H[1-6]?", str(e.get("/S")))]
        assert headings and all(e.get("/K") not in (None, []) for e in headings), path


def _elements(node):
    """Yield every structure element below ``node``."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get") and kid.get("/S") is not None:
            yield kid
            yield from _elements(kid)
