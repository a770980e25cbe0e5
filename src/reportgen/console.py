"""What a build tells the person running it: a progress bar on a terminal (plain lines otherwise) and a summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TextIO


class Progress:
    """Show one line per finished output, or a redrawn bar when ``stream`` is a terminal."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.tty = stream.isatty()
        self.drawn = False

    def update(self, outcome, done: int, total: int) -> None:
        """Report that ``outcome`` finished, ``done`` of ``total``."""
        seconds = f" ({outcome.seconds:.1f} s)" if outcome.seconds else ""
        if self.tty:
            width = 24
            filled = width * done // max(total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                              f"{outcome.status:<10} {outcome.target.relative:<40}")
            self.drawn = True
        else:
            self.stream.write(f"[{done}/{total}] {outcome.status}: {outcome.target.relative}{seconds}\n")
        self.stream.flush()

    def done(self) -> None:
        """Finish the bar's line."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def summary(outcomes, out: Path) -> str:
    """Return the end-of-build table: per language, how many outputs were built, up to date, failed, DRAFT."""
    rows: dict[str, Counter] = {}
    for outcome in outcomes:
        counts = rows.setdefault(outcome.target.lang, Counter())
        counts["built" if outcome.status == "updated" else outcome.status] += 1  # updated: an edition relinked
        counts["draft"] += bool(outcome.draft)
    header = f"{'language':<10}{'built':>7}{'up to date':>12}{'failed':>8}{'DRAFT':>7}"
    lines = [header, "-" * len(header)]
    total: Counter = Counter()
    for lang, counts in rows.items():
        total.update(counts)
        lines.append(f"{lang:<10}{counts['built']:>7}{counts['up to date']:>12}{counts['failed']:>8}"
                     f"{counts['draft']:>7}")
    lines.append("-" * len(header))
    lines.append(f"{'total':<10}{total['built']:>7}{total['up to date']:>12}{total['failed']:>8}{total['draft']:>7}")
    lines.append(f"outputs in {out}/")
    return "\n".join(lines)
