"""Charts: a chart is plain data (:class:`BarChart`), laid out once into shapes, then drawn as SVG for the PDF
and as PNG (Pillow) for Word.

The HTML refers to a chart as ``chart:<id>``; drawing happens in the worker that writes the output, only for outputs
being built. Text is measured with the theme's own font, so both drawings agree, and output is byte-reproducible.
A hand-made layout, because a stacked bar chart is a few dozen shapes and a plotting library costs more time to
import and draw (and makes WeasyPrint's SVG work heavier) than the whole chart is worth.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

SCHEME = "chart:"
FONT_FILE = "NotoSans-Regular.ttf"
BOLD_FONT_FILE = "NotoSans-Bold.ttf"
FONT_FAMILY = "RG Sans"  # the @font-face name of FONT_FILE in print.css
WIDTH = 640
ROW, BAR, FONT, SMALL = 26, 16, 11, 10
INK, GRID, HATCH = "#222222", "#bbbbbb", "#555555"
OUTLINE = "#444444"  # every segment and swatch is outlined, so a white or very light one is not read as a gap


@dataclass(frozen=True)
class Series:
    """One status across the chart's categories."""

    label: str
    colour: str
    values: tuple[int, ...]
    ink: str = INK  # the colour of the figures written on it


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


@dataclass
class Figures:
    """The charts a document draws while it is rendered (each writer draws them in its own image format)."""

    made: list[BarChart] = field(default_factory=list)

    def add(self, chart: BarChart) -> BarChart:
        """Record ``chart`` and return it."""
        self.made.append(chart)
        return chart


@dataclass(frozen=True)
class Shape:
    """A rectangle (``kind`` "rect", or "swatch" with an outline; hatched when ``hatch``), a line, or a text
    anchored start/middle/end."""

    kind: str
    x: float
    y: float
    w: float = 0
    h: float = 0
    fill: str = INK
    text: str = ""
    size: int = FONT
    anchor: str = "start"
    hatch: bool = False


MAX_LABEL = 0.45 * WIDTH  # a category label longer than this is shortened with an ellipsis


@lru_cache(maxsize=16)
def _font(theme, size: int, bold: bool = False):
    """Return the chart font at ``size``, read from the theme (never a font Pillow finds on the system)."""
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(theme.read(f"fonts/{BOLD_FONT_FILE if bold else FONT_FILE}")), size)


def _width(theme, text: str, size: int) -> float:
    return _font(theme, size).getlength(text)


def _fit(theme, text: str, size: int, limit: float) -> str:
    """Return ``text``, shortened with an ellipsis where it is wider than ``limit``."""
    if _width(theme, text, size) <= limit:
        return text
    while text and _width(theme, text + "…", size) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a ``#rrggbb`` colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink(colour: str, inks: tuple[str, str] = ("#ffffff", INK)) -> str:
    """Return the text colour that reads best on ``colour`` of the theme's two ``inks`` (light, dark): the light
    one on dark fills, the dark one on light fills."""
    light, dark = inks
    return light if contrast(light, colour) > contrast(dark, colour) else dark


def _step(maximum: int) -> int:
    rough = max(maximum, 1) / 5
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)


def layout(chart: BarChart, theme) -> tuple[float, list[Shape]]:
    """Return the chart's height and its shapes, in a coordinate space ``WIDTH`` wide."""
    shapes: list[Shape] = []
    # Legend: swatch and label per series, wrapped over as many lines as needed.
    x, y = 0.0, 4.0
    for series in chart.series:
        label = _fit(theme, series.label, SMALL, WIDTH - 40)
        item = 16 + _width(theme, label, SMALL) + 18
        if x + item > WIDTH and x > 0:
            x, y = 0.0, y + 18
        shapes.append(Shape("swatch", x, y, 11, 11, series.colour, hatch=_blank(series.colour)))
        shapes.append(Shape("text", x + 16, y + 10, text=label, size=SMALL))
        x += item
    top = y + 30
    categories = [_fit(theme, c, FONT, MAX_LABEL) for c in chart.categories]
    label_width = max((_width(theme, c, FONT) for c in categories), default=0) + 14
    left, right = label_width, WIDTH - 8
    totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))]
    maximum = max(totals) if totals else 1
    step = _step(maximum)
    limit = step * math.ceil(maximum / step)
    scale = (right - left) / limit if limit else 1
    bottom = top + ROW * len(chart.categories)
    for tick in range(0, limit + 1, step):
        tx = left + tick * scale
        shapes.append(Shape("line", tx, top - 4, 0, bottom - top + 4, GRID))
        shapes.append(Shape("text", tx, bottom + 14, text=str(tick), size=SMALL, anchor="middle"))
    for index, category in enumerate(categories):
        row = top + index * ROW + (ROW - BAR) / 2
        shapes.append(Shape("text", left - 8, row + BAR / 2 + 4, text=category, anchor="end"))
        x = left
        for series in chart.series:
            value = series.values[index]
            if not value:
                continue
            width = value * scale
            shapes.append(Shape("rect", x, row, width, BAR, series.colour, hatch=_blank(series.colour)))
            if width >= 14:
                shapes.append(Shape("text", x + width / 2, row + BAR / 2 + 4, text=str(value), size=SMALL,
                                    anchor="middle", fill=series.ink))
            x += width
    shapes.append(Shape("line", left, bottom, right - left, 0, INK))
    shapes.append(Shape("text", left + (right - left) / 2, bottom + 32, text=chart.axis, anchor="middle"))
    return bottom + 40, shapes


def _blank(colour: str) -> bool:
    return colour.lower() == "#ffffff"


def to_svg(chart: BarChart, theme) -> bytes:
    """Return the chart as an SVG document (text in the project's sans-serif font)."""
    height, shapes = layout(chart, theme)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
           f'viewBox="0 0 {WIDTH} {height:.1f}" font-family="{FONT_FAMILY}">',
           f"<title>{escape(chart.title)}</title>",
           '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse">'
           f'<path d="M0,6 L6,0" stroke="{HATCH}" stroke-width="1"/></pattern></defs>']
    for s in shapes:
        if s.kind in ("rect", "swatch"):
            edge = OUTLINE
            out.append(f'<rect x="{s.x:.2f}" y="{s.y:.2f}" width="{s.w:.2f}" height="{s.h:.2f}" fill="{s.fill}" '
                       f'stroke="{edge}" stroke-width="0.8"/>')
            if s.hatch:
                out.append(f'<rect x="{s.x:.2f}" y="{s.y:.2f}" width="{s.w:.2f}" height="{s.h:.2f}" '
                           f'fill="url(#hatch)" stroke="{HATCH}" stroke-width="0.6"/>')
        elif s.kind == "line":
            out.append(f'<line x1="{s.x:.2f}" y1="{s.y:.2f}" x2="{s.x + s.w:.2f}" y2="{s.y + s.h:.2f}" '
                       f'stroke="{s.fill}" stroke-width="0.8"/>')
        else:
            out.append(f'<text x="{s.x:.2f}" y="{s.y:.2f}" font-size="{s.size}" fill="{s.fill}" '
                       f'text-anchor="{s.anchor}">{escape(s.text)}</text>')
    out.append("</svg>")
    return "\n".join(out).encode("utf-8")


def to_png(chart: BarChart, theme, zoom: float = 2.5) -> bytes:
    """Return the chart as a PNG image, ``zoom`` pixels per layout unit."""
    from PIL import Image, ImageDraw

    height, shapes = layout(chart, theme)
    image = Image.new("RGB", (round(WIDTH * zoom), round(height * zoom)), "#ffffff")
    draw = ImageDraw.Draw(image)
    z = lambda value: round(value * zoom)  # noqa: E731
    for s in shapes:
        if s.kind in ("rect", "swatch"):
            box = (z(s.x), z(s.y), z(s.x + s.w) - 1, z(s.y + s.h) - 1)
            edge = HATCH if s.hatch else OUTLINE
            draw.rectangle(box, fill=s.fill, outline=edge, width=max(1, z(0.6)))
            if s.hatch:
                _hatch(draw, box, z(6))
        elif s.kind == "line":
            draw.line((z(s.x), z(s.y), z(s.x + s.w), z(s.y + s.h)), fill=s.fill, width=max(1, z(0.8)))
        else:
            font = _font(theme, z(s.size))
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s.anchor]
            draw.text((z(s.x), z(s.y)), s.text, fill=s.fill, font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _hatch(draw, box: tuple[int, int, int, int], spacing: int) -> None:
    x0, y0, x1, y1 = box
    for offset in range(-(y1 - y0), x1 - x0, spacing):
        # a 45° line from the bottom edge, clipped to the box
        start_x, start_y = x0 + offset, y1
        if start_x < x0:
            start_y, start_x = y1 - (x0 - start_x), x0
        length = min(x1 - start_x, start_y - y0)
        if length > 0:
            draw.line((start_x, start_y, start_x + length, start_y - length), fill=HATCH, width=1)


def draw(chart: BarChart, fmt: str, theme) -> bytes:
    """Return ``chart`` drawn as ``svg`` or ``png`` bytes with the theme's font."""
    return to_svg(chart, theme) if fmt == "svg" else to_png(chart, theme)


def preflight(theme) -> None:
    """Refuse a theme whose chart font is missing or unreadable (raises :class:`ReportgenError`)."""
    try:
        _font(theme, FONT)
    except OSError as exc:
        from .diagnostics import Diagnostic, Location, ReportgenError

        raise ReportgenError(Diagnostic(Location(theme.shown(f"fonts/{FONT_FILE}")),
                                        f"the chart font cannot be read: {exc}")) from None

