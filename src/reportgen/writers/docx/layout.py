"""Table column widths for Word, from the cells' content: wide enough for each column's longest word (so that no
word is broken inside), shared out like a browser's automatic table layout, and equal for columns of symbols."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

Measure = Callable[[str, bool], float]  # (text, bold) -> width in points at the table's font size
CELL_PADDING = 11.0  # points: the cells' left and right margins (1.5 mm each) and a little air
WORD_BREAKS = re.compile(r"[ \t\n]+")


@dataclass(frozen=True)
class Cell:
    """What column sizing needs to know of a cell."""

    text: str
    bold: bool
    symbol: bool


def approximate(size: float) -> Measure:
    """Return a measure for when no font is at hand: an average glyph half an em wide (a bold one a little more)."""
    return lambda text, bold: len(text) * size * (0.58 if bold else 0.53)


def column_widths(rows: list[list[Cell]], available: float, measure: Measure) -> list[float]:
    """Return the width in points of each column of ``rows`` (at most ``available`` in all, when the words fit)."""
    columns = max((len(row) for row in rows), default=0)
    least = [CELL_PADDING] * columns  # the longest word
    most = [CELL_PADDING] * columns   # the whole text on one line
    symbols = [True] * columns
    for row in rows:
        for index, cell in enumerate(row):
            words = WORD_BREAKS.split(cell.text.strip()) or [""]  # a no-break space joins, as in Word
            least[index] = max(least[index], max(measure(word, cell.bold) for word in words) + CELL_PADDING)
            most[index] = max(most[index], measure(" ".join(words), cell.bold) + CELL_PADDING)
            symbols[index] = symbols[index] and (cell.symbol or cell.bold)
    equal = [i for i in range(columns) if symbols[i] and any(not row[i].bold for row in rows if i < len(row))]
    for group in (least, most):
        if equal:
            widest = max(group[i] for i in equal)
            for i in equal:
                group[i] = widest
    if sum(most) <= available:  # everything fits on one line: share out the rest in proportion
        return _spread(most, available)
    if sum(least) >= available:  # even the longest words do not fit: the page's width, shared as they need
        return _spread(least, available)
    room = (available - sum(least)) / (sum(most) - sum(least))
    return [low + (high - low) * room for low, high in zip(least, most)]


def _spread(widths: list[float], available: float) -> list[float]:
    total = sum(widths)
    return [w * available / total for w in widths] if total else widths
