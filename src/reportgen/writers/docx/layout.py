"""Table column widths for Word, from the cells' content, measured in the face each cell is set in: wide enough for
each column's longest unbreakable unit (so that no word is broken inside), shared out like a browser's automatic
table layout, equal for columns of symbols — and a table too wide for that set in a smaller size."""

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


MINIMUM_SIZE = 6.5  # points: the smallest a table is set to make its longest words fit the page
STEP = 0.5


def fit(rows: list[list[Cell]], available: float, size: float, measure_at: Callable[[float], Measure]
        ) -> tuple[float, list[float]]:
    """Return the font size a table is set in and its columns' widths: its own ``size`` when each column can be as
    wide as its longest unbreakable unit (a word, or a label joined to its number by a no-break space), else the
    largest smaller size at which they can, down to :data:`MINIMUM_SIZE` — a word is never split inside, as a
    typesetter would rather set a wide table smaller. If even that is too wide (a matrix of a dozen long names),
    the table keeps to the page and its longest units are shared out as they need, a last resort."""
    while True:
        least, most = _bounds(rows, measure_at(size))
        if sum(least) <= available or size - STEP < MINIMUM_SIZE:
            return size, _widths(least, most, available)
        size -= STEP


BREAK_AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")  # Mecklenburg-|Vorpommern, not 2023-2025


def column_widths(rows: list[list[Cell]], available: float, measure: Measure) -> list[float]:
    """Return the width in points of each column of ``rows`` (at most ``available`` in all when the longest units
    fit; each column at least as wide as its longest unit in any case)."""
    return _widths(*_bounds(rows, measure), available)


def _bounds(rows: list[list[Cell]], measure: Measure) -> tuple[list[float], list[float]]:
    """Return each column's least width (its longest unit) and most (its longest text on one line), padding
    included; columns of symbols under bold headings all as wide as the widest of them."""
    columns = max((len(row) for row in rows), default=0)
    least = [CELL_PADDING] * columns
    most = [CELL_PADDING] * columns
    symbols = [True] * columns
    for row in rows:
        for index, cell in enumerate(row):
            words = WORD_BREAKS.split(cell.text.strip()) or [""]  # a no-break space joins, as in Word
            units = [unit for word in words for unit in BREAK_AFTER_HYPHEN.split(word)]  # a line may break there
            least[index] = max(least[index], max(measure(unit, cell.bold) for unit in units) + CELL_PADDING)
            most[index] = max(most[index], measure(" ".join(words), cell.bold) + CELL_PADDING)
            symbols[index] = symbols[index] and (cell.symbol or cell.bold)
    equal = [i for i in range(columns) if symbols[i] and any(not row[i].bold for row in rows if i < len(row))]
    for group in (least, most):
        if equal:
            widest = max(group[i] for i in equal)
            for i in equal:
                group[i] = widest
    return least, most


def _widths(least: list[float], most: list[float], available: float) -> list[float]:
    if sum(most) <= available:  # everything fits on one line: share out the rest in proportion
        return _spread(most, available)
    if sum(least) >= available:  # even the longest units do not fit: the page's width, shared as they need
        return _spread(least, available)
    room = (available - sum(least)) / (sum(most) - sum(least))
    return [low + (high - low) * room for low, high in zip(least, most)]


def _spread(widths: list[float], available: float) -> list[float]:
    total = sum(widths)
    return [w * available / total for w in widths] if total else widths
