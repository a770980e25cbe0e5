"""Interrupted and concurrent builds: the manifest tells the truth at every instant, no temporary file outlives
the next build, workers go with their parent, and the next build repairs what is needed and nothing more."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import edit, make_project
from reportgen.pipeline import build
from reportgen.pipeline.manifest import sha256
from reportgen.writers import REGISTRY as WRITERS

COMMAND = [sys.executable, "-m", "reportgen", "build"]


def _manifest(out: Path) -> dict:
    path = out / "manifest.json"
    return json.loads(path.read_text("utf-8"))["outputs"] if path.exists() else {}


def _assert_manifest_is_true(out: Path) -> dict:
    """Every output the manifest lists is on disk with the recorded sha256."""
    entries = _manifest(out)
    for name, entry in entries.items():
        path = out / name
        assert path.is_file(), f"manifest lists {name}, which is not there"
        assert sha256(path.read_bytes()) == entry["sha256"], f"manifest has a stale sha256 for {name}"
    return entries


def _temporaries(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*.tmp")) if out.exists() else []


def _processes_of(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _wait_gone(marker: str, seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = _processes_of(marker)
        if not left:
            return []
        time.sleep(0.05)
    return _processes_of(marker)


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path, languages=["en", "hr"], progress=False)


@pytest.mark.slow
def test_twenty_kills_at_random_moments_leave_a_truthful_manifest_and_a_repairable_build(project):
    out = project / "build"
    build(project, jobs=1)
    texts = ["Broker overall cooperation", "Broker wider cooperation"]
    rng = random.Random(20261201)
    for attempt in range(20):
        edit(project, "content/action-plan.yaml", texts[attempt % 2], texts[(attempt + 1) % 2])
        process = subprocess.Popen(COMMAND + ["--project", str(project), "-j", "2"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.3, 3.0))
        process.send_signal(signal.SIGKILL if attempt % 2 else signal.SIGTERM)
        process.wait()
        assert _wait_gone(str(project)) == [], "workers outlived their build"
        before = _assert_manifest_is_true(out)
        result = build(project, jobs=1)
        rebuilt = {o.target.relative for o in result.outcomes if o.status == "built"}
        kept = {o.target.relative for o in result.outcomes if o.status == "up to date"}
        assert kept <= set(before), "an output the manifest did not list was trusted"
        for name in kept:  # what was kept was recorded from the current inputs
            assert before[name]["sha256"] == sha256((out / name).read_bytes())
        assert rebuilt | kept == {f"{lang}/action-plan{w.suffix}" for lang in ("en", "hr") for w in WRITERS.values()}
        assert _temporaries(out) == []
        after = _assert_manifest_is_true(out)
        assert {name for name, entry in after.items() if "document" in entry} == rebuilt | kept


def test_sigterm_stops_the_build_and_its_workers(tmp_path):
    project = make_project(tmp_path, languages=["en", "hr", "sq"])  # 18 outputs: the signal lands mid-build
    process = subprocess.Popen(COMMAND + ["--project", str(project), "-j", "2"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143, err
    assert _wait_gone(str(project)) == []
    assert "interrupted; nothing was written, the files already there were left untouched" in err
    _assert_manifest_is_true(project / "build")


def test_two_builds_into_one_folder_at_once_keep_each_others_entries(project):
    out = project / "build"
    processes = [subprocess.Popen(COMMAND + ["--project", str(project), "--format", fmt, "-j", "1"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for fmt in ("pdf", "docx")]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    entries = _assert_manifest_is_true(out)
    assert set(entries) == {f"{lang}/action-plan.{fmt}" for lang in ("en", "hr") for fmt in ("pdf", "docx")}
    result = build(project, jobs=1, formats=["pdf", "docx"])
    assert {o.status for o in result.outcomes} == {"up to date"}


def test_stale_temporary_files_are_removed_by_the_next_build(project):
    out = project / "build"
    build(project, jobs=1, formats=["docx"])
    stale = out / "en" / ".action-plan.pdf.k2j4_x9q.tmp"
    stale.write_bytes(b"half a file")
    mine = out / "en" / "notes.tmp"
    mine.write_bytes(b"not ours")
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    build(project, jobs=1, formats=["docx"])
    assert not stale.exists() and mine.exists()


def test_a_full_disk_is_a_diagnostic_and_the_manifest_stays_true(capsys, project, monkeypatch):
    from conftest import run_cli
    from reportgen.pipeline import manifest

    assert run_cli(capsys, "build", "--project", str(project), "-j", "1")[0] == 0
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    real = manifest.os.replace
    calls = []

    def full(source, destination):
        calls.append(destination)
        if len(calls) == 4:  # the manifest, the first output, the manifest again, then: no space left
            raise OSError(28, os.strerror(28), str(destination))
        return real(source, destination)

    monkeypatch.setattr(manifest.os, "replace", full)
    status, _, err = run_cli(capsys, "build", "--project", str(project), "-j", "1")
    assert status == 1
    assert err.splitlines()[-2].endswith("error: cannot write the output: No space left on device")
    monkeypatch.undo()
    _assert_manifest_is_true(project / "build")
    result = build(project, jobs=1)
    assert sum(o.status == "built" for o in result.outcomes) == len(WRITERS) * 2 - 1
