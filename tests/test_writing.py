"""Writing a set of files, all or nothing: what may be written, a write that fails half-way, and every command that
writes several files interrupted by Ctrl-C or SIGTERM at random moments of its write phase — after each, the files
on disk are all old or all new, no temporary file is left, and the message says which."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collect.helpers import fill, make_forms, new_round
from conftest import edit, make_project, read_only
from reportgen.diagnostics import ReportgenError
from reportgen.writing import Change, refusal, write_files

RUNS = 20
NOTHING = "interrupted; nothing was written, the files already there were left untouched"
EVERYTHING = "interrupted once every file was written: all of them are in place"


def _files(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` (lock files aside) with its bytes."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def _restore(folder: Path, files: dict[str, bytes]) -> None:
    """Put ``folder`` back as ``files`` (written by the test, not the code under test)."""
    if folder.exists():
        shutil.rmtree(folder)
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _temporaries(folder: Path) -> list[str]:
    return [p.name for p in folder.parent.rglob(".*") if p.name.endswith(".tmp") or ".reportgen-new." in p.name]


def _writing(folder: Path) -> bool:
    """Whether a command's write phase has begun under ``folder``: a temporary file beside a target, or the staged
    project of ``new``."""
    for _, folders, names in os.walk(folder.parent if not folder.exists() else folder):
        if any(n.startswith(".") and (n.endswith(".tmp") or ".reportgen-new." in n) for n in names + folders):
            return True
    return False


def _interrupted(command: list[str], folder: Path, rng: random.Random, signum: int, wait: float,
                 begun=_writing) -> tuple[int, str]:
    """Run ``command``; as soon as ``begun(folder)`` (by default: its write phase has begun under ``folder``), wait
    a random moment of up to ``wait`` seconds and send ``signum``; return its exit status and what it printed on
    stderr."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    while process.poll() is None and not begun(folder):
        pass
    delay = rng.uniform(0, wait)
    deadline = time.perf_counter() + delay
    while time.perf_counter() < deadline:
        pass
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def _all_or_nothing(command: list[str], folder: Path, wait: float, seed: int) -> dict[str, int]:
    """Run ``command`` once to learn its new files, then ``RUNS`` times interrupted; assert each time that the files
    under ``folder`` are all old or all new and the message says which; return how the runs ended."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    old = _files(folder)
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    new = _files(folder)
    assert new != old and set(new) - set(old) | {k for k in old if old[k] != new.get(k)}
    rng = random.Random(seed)
    endings = {"old": 0, "new": 0, "finished": 0}
    for attempt in range(RUNS):
        _restore(folder, old)
        signum = signal.SIGINT if attempt % 2 else signal.SIGTERM
        status, err = _interrupted(command, folder, rng, signum, wait)
        now = _files(folder)
        assert now in (old, new), f"run {attempt}: a mix of old and new files ({err})"
        assert _temporaries(folder) == [], f"run {attempt}: temporary files left behind"
        assert "Traceback" not in err, err
        if status == 0:
            assert now == new
            endings["finished"] += 1
            continue
        assert status == (130 if signum == signal.SIGINT else 143), err
        if now == old:
            assert NOTHING in err and EVERYTHING not in err, err
            endings["old"] += 1
        else:
            assert EVERYTHING in err and NOTHING not in err, err
            endings["new"] += 1
    _restore(folder, old)
    assert endings["old"] + endings["new"] >= 3, endings  # signals landed in the write phase, not only after it
    return endings


def _reportgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *args]


@pytest.mark.slow
def test_import_interrupted_leaves_every_report_or_none(capsys, tmp_path):
    project = new_round(tmp_path)
    forms = make_forms(capsys, project)
    paths = [fill(forms / f"{partner}.xlsx", {"A1": (label, "Done.", None, None)})
             for partner, label in (("AL", "Përfunduar"), ("BA", "Completed"), ("ME", "Completed"),
                                    ("MK", "Завршено"))]
    _all_or_nothing(_reportgen("import", "--project", str(project), "--round", "2025", *map(str, paths)),
                    project / "content/progress/2025", wait=0.003, seed=1)


@pytest.mark.slow
def test_i18n_update_interrupted_leaves_every_catalogue_or_none(tmp_path):
    project = make_project(tmp_path, languages=["en", "sq", "bs", "hr", "mk"], progress=False)
    edit(project, "content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation")
    _all_or_nothing(_reportgen("i18n", "update", "--project", str(project)), project / "translations", wait=0.01,
                    seed=2)


def _review_case(tmp_path):
    project = make_project(tmp_path, languages=["en", "hr"], progress=False)
    return (project, _reportgen("review", "--project", str(project), "--lang", "hr"), project / "build/hr/review",
            ("content/action-plan.yaml", "Broker overall cooperation", "Broker wider cooperation"))


def _questionnaire_case(tmp_path):
    project = new_round(tmp_path)
    return (project, _reportgen("questionnaire", "--project", str(project), "--round", "2025"),
            project / "build/questionnaires",
            ("content/progress/2025/round.yaml", "deadline: 2025-08-31", "deadline: 2025-09-15"))


@pytest.mark.slow
@pytest.mark.parametrize("case, seed", [(_review_case, 3), (_questionnaire_case, 4)], ids=["review", "questionnaire"])
def test_outputs_interrupted_are_every_file_or_none(tmp_path, case, seed):
    """Review packs and questionnaires: written once, the content edited, then written again and interrupted."""
    project, command, folder, change = case(tmp_path)
    assert subprocess.run(command, capture_output=True).returncode == 0  # the files of before
    edit(project, *change)
    _all_or_nothing(command, folder, wait=0.01, seed=seed)


@pytest.mark.slow
def test_a_signal_as_the_command_ends_is_answered_truthfully(tmp_path):
    """A Ctrl-C or SIGTERM in the instant after the files are in place, as the command returns: the program ends
    0, or with the status of that signal (130, 143) saying every file is in place, never a traceback."""
    project, command, folder, change = _questionnaire_case(tmp_path)
    assert subprocess.run(command, capture_output=True).returncode == 0
    edit(project, *change)
    old = _files(folder)
    assert subprocess.run(command, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
                          ).returncode == 0
    new = _files(folder)
    changed = next(folder / name for name in new if old.get(name) != new[name])
    rng = random.Random(6)
    endings = {0: 0, 130: 0, 143: 0}
    for attempt in range(3 * RUNS):
        _restore(folder, old)
        signum = signal.SIGINT if attempt % 2 else signal.SIGTERM
        status, err = _interrupted(command, folder, rng, signum, 0.004,
                                   begun=lambda _: changed.read_bytes() == new[changed.relative_to(folder).as_posix()])
        assert _files(folder) == new, f"run {attempt}: {err}"
        assert "Traceback" not in err, err
        assert status in (0, 130 if signum == signal.SIGINT else 143), f"run {attempt}: {status} {err}"
        assert status == 0 or (EVERYTHING in err and NOTHING not in err), err
        endings[status] += 1
    _restore(folder, old)
    assert endings[130] + endings[143] >= 3, endings  # signals landed before the program's end, not only after it


@pytest.mark.slow
def test_new_interrupted_leaves_a_whole_project_or_none(tmp_path):
    target = tmp_path / "parent" / "plan"
    target.parent.mkdir()
    _all_or_nothing(_reportgen("new", str(target), "--lang", "hr", "--lang", "sr"), target, wait=0.02, seed=5)


def test_targets_among_the_inputs_or_beyond_a_link_out_are_refused(tmp_path):
    project = make_project(tmp_path, languages=["en"], progress=False)
    (project / "build").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (project / "build/out").symlink_to(tmp_path / "elsewhere")
    assert refusal(project, project / "content/action-plan.yaml", "plan").message.startswith(
        "refused: the project's content/ folder holds its inputs")
    assert refusal(project, project / "content/progress/2025/AL.yaml", "AL", inputs=("content/progress",)) is None
    assert refusal(project, project / "build/out/x.xliff", "x").message == \
        "refused: a folder on the way is a link to a place outside the project"
    assert refusal(project, project / "build", "b").message == "refused: not a regular file"
    assert refusal(project, project / "build/x.xliff", "x") is None


def test_a_write_that_fails_half_way_changes_no_file(tmp_path):
    first, second = tmp_path / "a/first.txt", tmp_path / "b/second.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("old", "utf-8")
    with read_only(second.parent), pytest.raises(ReportgenError) as failed:
        write_files([Change(first, b"new", "first.txt"), Change(second, b"new", "second.txt")])
    assert str(failed.value.diagnostics[0]).startswith("second.txt: error: cannot write: ")
    assert first.read_text("utf-8") == "old" and second.read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["first.txt", "second.txt"]


def test_a_target_that_is_a_link_is_replaced_not_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("OUTSIDE", "utf-8")
    link = tmp_path / "project/out.txt"
    link.parent.mkdir()
    link.symlink_to(outside)
    write_files([Change(link, b"mine", "out.txt")])
    assert outside.read_text("utf-8") == "OUTSIDE"
    assert not link.is_symlink() and link.read_bytes() == b"mine"
