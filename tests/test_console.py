"""What a build prints: a redrawn progress bar on a terminal, plain lines otherwise, and the summary table."""

from __future__ import annotations

import io
from pathlib import Path

from reportgen.pipeline import Outcome, Target
from reportgen.console import Progress, summary


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


OUTCOMES = [Outcome(Target("action-plan", "en", "pdf"), "built", 0, "x", 1.25),
            Outcome(Target("action-plan", "sq", "pdf"), "up to date", 3, "y"),
            Outcome(Target("action-plan", "sq", "docx"), "failed")]


def test_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(stream)
    for index, outcome in enumerate(OUTCOMES, 1):
        progress.update(outcome, index, 3)
    progress.done()
    assert stream.getvalue() == ("[1/3] built: en/action-plan.pdf (1.2 s)\n[2/3] up to date: sq/action-plan.pdf\n"
                                 "[3/3] failed: sq/action-plan.docx\n")


def test_a_bar_redrawn_in_place_on_a_terminal():
    stream = Terminal()
    progress = Progress(stream)
    progress.update(OUTCOMES[0], 1, 3)
    progress.update(OUTCOMES[1], 2, 3)
    progress.done()
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and text.count("\n") == 1
    assert "\r[################........] 2/3 up to date" in text


def test_summary_counts_per_language():
    assert summary(OUTCOMES, Path("build")).splitlines() == [
        "language    built  up to date  failed  DRAFT",
        "--------------------------------------------",
        "en              1           0       0      0",
        "sq              0           1       1      1",
        "--------------------------------------------",
        "total           1           1       1      1",
        "outputs in build/"]
