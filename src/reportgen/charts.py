"""Charts: a chart is plain data (:class:`BarChart`), drawn by matplotlib as SVG for the PDF and PNG for Word.

Drawing happens in the worker that writes the output, only for outputs being built; the HTML refers to a chart as
``chart:<id>``. Fonts come from the project's templates folder and output is byte-reproducible (fixed hash salt,
no dates in metadata).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

SCHEME = "chart:"


@dataclass(frozen=True)
class Series:
    """One status across the chart's categories."""

    label: str
    colour: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class BarChart:
    """A horizontal stacked bar chart: one bar per category, one segment per series, with a legend."""

    id: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis: str
    alt: str

    @property
    def src(self) -> str:
        """Return the URL the HTML uses for this chart."""
        return SCHEME + self.id


def _pyplot(templates: Path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot

    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansSymbols2-Regular.ttf"):
        path = templates / "fonts" / name
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update({
        "font.family": ["Noto Sans", "Noto Sans Symbols2"], "font.size": 8, "svg.fonttype": "path",
        "svg.hashsalt": "reportgen", "hatch.color": "#555555", "hatch.linewidth": 0.6,
    })
    return pyplot


def _ink(colour: str) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else "#111111"


def draw(chart: BarChart, fmt: str, templates: Path) -> bytes:
    """Return ``chart`` drawn as ``svg`` or ``png`` bytes."""
    pyplot = _pyplot(templates)
    height = 0.9 + 0.42 * len(chart.categories)
    figure, axes = pyplot.subplots(figsize=(6.6, height))
    try:
        positions = list(range(len(chart.categories)))[::-1]
        left = [0] * len(chart.categories)
        for series in chart.series:
            blank = series.colour.lower() == "#ffffff"
            bars = axes.barh(positions, series.values, left=left, color=series.colour, edgecolor="#555555",
                             linewidth=0.5, label=series.label, hatch="////" if blank else None, height=0.62)
            for bar, value in zip(bars, series.values):
                if value:
                    axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(value),
                              ha="center", va="center", fontsize=7,
                              color="#111111" if blank else _ink(series.colour))
            left = [a + b for a, b in zip(left, series.values)]
        axes.set_yticks(positions, chart.categories)
        axes.set_xlim(0, max(left) if any(left) else 1)
        axes.set_xlabel(chart.axis)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=len(chart.series), frameon=False,
                    fontsize=7, handlelength=1.4, columnspacing=1.2, borderaxespad=0.2)
        figure.tight_layout()
        out = io.BytesIO()
        if fmt == "svg":
            figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
        else:
            figure.savefig(out, format="png", dpi=160, metadata={"Software": None}, bbox_inches="tight")
        return out.getvalue()
    finally:
        pyplot.close(figure)
