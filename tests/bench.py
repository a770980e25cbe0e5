"""Benchmarks (``make bench``): not tests. Every figure is a ratio against a baseline measured in the same run.

(a) the full matrix from clean, against the engine floor: the same PDFs' HTML rendered by bare WeasyPrint (one
    HTML, its stylesheet and fonts, one PDF) serially in one process, charts drawn beforehand; and our DOCX writer
    against pandoc converting the same HTML when pandoc is installed;
(b) a rebuild with nothing changed; (c) a rebuild after one catalogue changed;
(d) a synthetic project ten times the size (210 actions): time and peak memory against the shipped one;
(e) the live preview: from saving a one-word change in content/action-plan.yaml to the new page being served,
    against building that document's English PDF once;
(f) a round's questionnaires for 6 partners in each of the 8 languages (48 workbooks, prefilled) and their import,
    against building that round's progress report (every language and format) from clean;
(g) recording an edition of the whole matrix, and the comparison documents of the whole matrix with it after one
    action is reworded, against the full build from clean;
(h) importing six returned progress reports with 50 comments and 50 tracked changes each, against building that
    report (English, every format) from clean.
With ``--record`` the results replace the block between the bench markers in README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPORTGEN = [sys.executable, "-m", "reportgen"]
# Commands run as installed: with their compiled bytecode cached (a session that forbids writing it would time
# Python compiling reportgen's modules on every run).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def run_build(project: Path, out: Path, *extra: str) -> tuple[float, str]:
    """Return the wall time and output of one ``reportgen build`` in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(REPORTGEN + ["build", "--project", str(project), "--out", str(out), *extra],
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout + done.stderr


def built_count(output: str) -> int:
    return len(re.findall(r"\] built: ", output))


def engine_floor(project: Path) -> tuple[float, float, float | None, int]:
    """Return seconds for: WeasyPrint serially on every PDF's HTML; our DOCX writer serially; pandoc (or None)."""
    sys.path.insert(0, str(ROOT / "src"))
    from reportgen.pipeline import render_document
    from reportgen.charts import draw
    from reportgen.theme.style import style_of
    from reportgen.tree import to_html
    from reportgen.writers import Job
    from reportgen.writers.docx import write as write_docx
    from reportgen.writers.pdf import base_url, make_fetcher
    from reportgen.project import load_project

    loaded = load_project(project)
    renders = [render_document(loaded, doc, lang) for doc in loaded.documents.values() for lang in loaded.languages]
    theme = loaded.theme
    htmls = [to_html(r.tree) for r in renders]
    svgs = [{c.src: draw(c, "svg", theme) for c in r.charts} for r in renders]
    pngs = [{c.src: draw(c, "png", theme) for c in r.charts} for r in renders]
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    def bare(html: str, images: dict) -> bytes:
        """WeasyPrint as its documentation shows it: one HTML, its stylesheet and fonts, one PDF."""
        fetcher = make_fetcher(theme, images)
        fonts = FontConfiguration()
        css = [weasyprint.CSS(string=text, base_url=base_url(theme), url_fetcher=fetcher, font_config=fonts)
               for text in (style_of(theme).css(), *(theme.read(name).decode("utf-8")
                                                     for name in ("marks.css", "print.css")))]
        return weasyprint.HTML(string=html, base_url=base_url(theme), url_fetcher=fetcher
                               ).write_pdf(stylesheets=css, font_config=fonts)

    bare("<p>warm-up</p>", {})
    start = time.perf_counter()
    for html, images in zip(htmls, svgs):
        bare(html, images)
    pdf = time.perf_counter() - start
    jobs = [Job(r.doc.id, r.language.tag, "docx", r.tree, theme, r.charts) for r in renders]
    write_docx(jobs[0], pngs[0])  # warm: the reference document and fonts are read once per worker
    start = time.perf_counter()
    for job, images in zip(jobs, pngs):
        write_docx(job, images)
    ours = time.perf_counter() - start
    pandoc = None
    if shutil.which("pandoc"):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            for index, html in enumerate(htmls):
                source = Path(folder) / f"{index}.html"
                source.write_text(html, "utf-8")
                subprocess.run(["pandoc", "-f", "html", "-t", "docx", "-o", str(source.with_suffix(".docx")),
                                str(source)], check=True, capture_output=True)
            pandoc = time.perf_counter() - start
    return pdf, ours, pandoc, len(renders)


def copy_project(target: Path) -> Path:
    for folder in ("content", "templates", "translations"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, target / folder)
    return target


class _PlainDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # repeated entries are written out, not aliased (content forbids alias chains)
        return True


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, allow_unicode=True, width=100, sort_keys=False)


def scaled_project(target: Path, factor: int) -> Path:
    """Return a copy of the project, English only, with every commitment's actions repeated ``factor`` times."""
    copy_project(target)
    (target / "content/project.yaml").write_text("languages: [en]\n", "utf-8")
    shutil.rmtree(target / "translations")
    plan = yaml.safe_load((target / "content/action-plan.yaml").read_text("utf-8"))
    number = 0
    for commitment in plan["commitments"]:
        for area in commitment["priority_areas"]:
            originals = area["actions"]
            area["actions"] = []
            for _ in range(factor):
                for action in originals:
                    number += 1
                    area["actions"].append({"id": f"A{number}", "number": number, "text": action["text"]})
    (target / "content/action-plan.yaml").write_text(_dump(plan), "utf-8")
    for path in (target / "content/progress").glob("*/??.yaml"):
        report = yaml.safe_load(path.read_text("utf-8"))
        entries = report["actions"]
        report["actions"] = [dict(e, action=f"A{int(e['action'][1:]) + 21 * copy}")
                             for copy in range(factor) for e in entries]
        path.write_text(_dump(report), "utf-8")
    return target


def measured(project: Path, out: Path) -> tuple[float, float]:
    """Return (seconds, peak MiB) of a single-process build (-j 1), measured from a fresh parent process."""
    command = REPORTGEN + ["build", "--project", str(project), "--out", str(out), "-j", "1", "--lang", "en"]
    probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
             f"subprocess.run({command!r}, check=True, capture_output=True); "
             "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    seconds, peak = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                   check=True).stdout.split()
    return float(seconds), int(peak) / 1024


def preview_latency(project: Path, rounds: int = 5) -> list[float]:
    """Return the seconds from each saved one-word edit of the plan to ``reportgen serve`` serving the new text
    (the page is being viewed, as in a browser, so its language is rebuilt first)."""
    import urllib.request

    process = subprocess.Popen(REPORTGEN + ["serve", "--project", str(project), "--port", "0"],
                               stderr=subprocess.PIPE, text=True)
    try:
        while True:
            line = process.stderr.readline()
            found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if found or not line:
                break
        page = found.group(1) + "en/action-plan.html"

        def served() -> str:
            with urllib.request.urlopen(page, timeout=10) as response:
                return response.read().decode("utf-8")

        served()
        path = project / "content/action-plan.yaml"
        words = ["overall", "closer"]
        times = []
        for index in range(rounds):
            old, new = words[index % 2], words[(index + 1) % 2]
            text = path.read_text("utf-8")
            path.write_text(text.replace(f"Broker {old} cooperation", f"Broker {new} cooperation"), "utf-8")
            start = time.perf_counter()
            while f"Broker {new} cooperation" not in served():
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            time.sleep(3.0)  # the next save comes once the other languages are built too: one edit at a time
        return times
    finally:
        process.terminate()
        process.communicate(timeout=30)


def questionnaires(project: Path, out: Path, languages: list[str]) -> tuple[float, float]:
    """Return the seconds to write the 2024 round's forms in every language (prefilled, so that the import reads
    real answers) and to import them all back (one import of six workbooks per language)."""
    start = time.perf_counter()
    for tag in languages:
        subprocess.run(REPORTGEN + ["questionnaire", "--project", str(project), "--round", "2024", "--lang", tag,
                                    "--prefill", "current", "--out", str(out / tag)], check=True, capture_output=True)
    written = time.perf_counter() - start
    start = time.perf_counter()
    for tag in languages:
        files = sorted(str(p) for p in (out / tag / "questionnaires/2024").glob("*.xlsx"))
        subprocess.run(REPORTGEN + ["import", "--project", str(project), "--round", "2024", "--replace", *files],
                       check=True, capture_output=True)
    return written, time.perf_counter() - start


def editions(project: Path) -> tuple[float, float, int]:
    """Return the seconds to record an edition of the built project and to write the comparison documents of every
    document, language and format with it after a revision of one action, and how many comparisons were written."""
    subprocess.run(REPORTGEN + ["build", "--project", str(project)], check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run(REPORTGEN + ["edition", "record", "bench", "--project", str(project)], check=True,
                   capture_output=True)
    recorded = time.perf_counter() - start
    plan = project / "content/action-plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("Broker overall cooperation", "Broker wider cooperation"), "utf-8")
    start = time.perf_counter()
    done = subprocess.run(REPORTGEN + ["build", "--project", str(project), "--compare", "bench"], check=True,
                          capture_output=True, text=True)
    compared = time.perf_counter() - start
    return recorded, compared, int(re.search(r"wrote (\d+) comparison", done.stdout).group(1))


def consultation(project: Path, out: Path) -> tuple[float, float]:
    """Return the seconds to build the 2024 progress report in English (every format) from clean, and to import
    six returned copies of its Word file, each with 50 comments and 50 tracked insertions."""
    import docx
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    start = time.perf_counter()
    subprocess.run(REPORTGEN + ["build", "--project", str(project), "--doc", "progress-report-2024", "--lang", "en"],
                   check=True, capture_output=True)
    built = time.perf_counter() - start
    subprocess.run(REPORTGEN + ["edition", "record", "sent", "--project", str(project)], check=True,
                   capture_output=True)
    files = []
    for partner in ("AL", "BA", "XK", "ME", "MK", "RS"):
        document = docx.Document(project / "build/en/progress-report-2024.docx")
        paragraphs = [p for p in document.paragraphs if p.runs and len(p.text) > 40][:50]
        for index, paragraph in enumerate(paragraphs):
            document.add_comment(paragraph.runs, text=f"Comment {index} of {partner}.", author=partner)
            inserted = etree.SubElement(paragraph._p, f"{{{w}}}ins", {f"{{{w}}}id": str(9000 + index),
                                                                    f"{{{w}}}author": partner})
            etree.SubElement(etree.SubElement(inserted, f"{{{w}}}r"), f"{{{w}}}t").text = f" (proposal {index})"
        files.append(out / f"{partner}.docx")
        out.mkdir(parents=True, exist_ok=True)
        document.save(files[-1])
    start = time.perf_counter()
    subprocess.run(REPORTGEN + ["comments", "import", "--edition", "sent", "--project", str(project),
                                *map(str, files)], check=True, capture_output=True)
    return built, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", action="store_true", help="write the results into README.md")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    lines = []

    def report(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        floor_pdf, ours_docx, pandoc, documents = engine_floor(ROOT)
        full, output = run_build(ROOT, work / "a")
        outputs = built_count(output)
        noop, output_b = run_build(ROOT, work / "a")
        project = copy_project(work / "c")
        run_build(project, work / "c-out")
        po = project / "translations/hr/LC_MESSAGES/messages.po"
        po.write_text(po.read_text("utf-8").replace('msgstr "Sadržaj"', 'msgstr "Sadržaj dokumenta"', 1), "utf-8")
        one, output_c = run_build(project, work / "c-out")
        rebuilt = sorted(set(re.findall(r"\] built: (\S+?)/", output_c)))
        small_time, small_mem = measured(scaled_project(work / "x1", 1), work / "x1-out")
        large_time, large_mem = measured(scaled_project(work / "x10", 10), work / "x10-out")
        one_pdf, _ = run_build(ROOT, work / "e-pdf", "--doc", "action-plan", "--lang", "en", "--format", "pdf")
        latencies = sorted(preview_latency(copy_project(work / "e")))
        report_time, _ = run_build(ROOT, work / "f-build", "--doc", "progress-report-2024")
        tags = yaml.safe_load((ROOT / "content/project.yaml").read_text("utf-8"))["languages"]
        forms, imports = questionnaires(copy_project(work / "f"), work / "f-forms", tags)
        recorded, compared, comparisons = editions(copy_project(work / "g"))
        report_built, imported = consultation(copy_project(work / "h"), work / "h-returned")

    report(f"machine: {cores} cores; shipped project: {documents} documents × languages, {outputs} outputs")
    report(f"(a) full matrix from clean: {full / floor_pdf:.2f} × the serial engine floor "
           f"(WeasyPrint alone on the same {documents} PDFs' HTML; target ≤ 0.60)")
    if pandoc:
        report(f"    DOCX writer: {ours_docx / pandoc:.2f} × pandoc converting the same HTML to DOCX")
    else:
        report(f"    DOCX writer: {ours_docx / floor_pdf:.2f} × the PDF engine floor (pandoc not installed)")
    report(f"(b) rebuild, nothing changed: {built_count(output_b)} outputs rendered, {noop:.2f} s "
           f"({noop / full:.3f} × the full build; target: none rendered, < 1 s)")
    report(f"(c) rebuild after one catalogue changed: languages rebuilt: {', '.join(rebuilt) or 'none'}; "
           f"{one / full:.2f} × the full build (target: exactly one language)")
    report(f"(d) ten times the content (210 actions, English, -j 1): {large_time / small_time:.2f} × the time, "
           f"{large_mem / small_mem:.2f} × the peak memory of the shipped size (target: ≤ 10 × the time)")
    median = latencies[len(latencies) // 2]
    report(f"(e) live preview, save to new page served (action plan, all languages watched): median {median:.2f} s, "
           f"worst {latencies[-1]:.2f} s of {len(latencies)}; {median / one_pdf:.2f} × one English PDF of it "
           f"built from scratch (target: < 1 s)")
    report(f"(f) questionnaires of round 2024, 6 partners × {len(tags)} languages: writing "
           f"{forms / report_time:.2f} × and importing {imports / report_time:.2f} × building its progress report "
           f"({len(tags)} languages, every format) from clean")
    report(f"(g) editions: recording one of the whole matrix {recorded / full:.2f} × the full build from clean "
           f"(target: < 1); its {comparisons} comparison documents {compared / full:.2f} × the full build "
           f"(target: ≤ 1.3)")
    report(f"(h) importing six returned progress reports (50 comments and 50 tracked changes each): "
           f"{imported / report_built:.2f} × building that report in English, every format, from clean "
           f"(target: < 1)")
    if args.record:
        readme = ROOT / "README.md"
        text = readme.read_text("utf-8")
        block = "<!-- bench:start -->\n```\n" + "\n".join(lines) + "\n```\n<!-- bench:end -->"
        readme.write_text(re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda _: block, text, flags=re.S),
                          "utf-8")
        print("recorded in README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
