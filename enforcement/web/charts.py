"""Geometry of the inline SVG charts, computed on the server (no JavaScript, no chart library).

Each function returns plain numbers and texts; ``templates/_charts.html``
draws them with CSS classes from ``app.css`` (no inline styles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    css: str = ""


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    points: str = ""  # polyline points of a line chart
    dots: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, text) of the value axis
    labels: list[tuple[float, str]] = field(default_factory=list)  # (x, text) under the bars/points
    title: str = ""


def _nice_max(value: float) -> float:
    """A round upper bound for an axis (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(items: list[tuple[str, float, str]], *, width: int = 520, height: int = 220,
              title: str = "") -> Chart:
    """Vertical bars: ``(label, value, value_text)`` each."""
    chart = Chart(width, height, title=title)
    left, bottom, top = 8, 30, 22
    plot_h = height - bottom - top
    top_value = max((v for _l, v, _t in items), default=0) or 1
    slot = (width - left * 2) / max(len(items), 1)
    for index, (label, value, text) in enumerate(items):
        h = plot_h * value / top_value
        x = left + index * slot + slot * 0.15
        chart.bars.append(Bar(round(x, 1), round(top + plot_h - h, 1), round(slot * 0.7, 1), round(h, 1), label, text))
        chart.labels.append((round(left + index * slot + slot / 2, 1), label))
    return chart


def funnel(items: list[tuple[str, int, str]], *, width: int = 420, row: int = 30) -> Chart:
    """A funnel: one centred bar per stage, as wide as its count; ``(label, count, css)`` each."""
    height = row * len(items) + 4
    chart = Chart(width, height)
    top_value = max((count for _l, count, _c in items), default=0) or 1
    plot_w = width * 0.4
    centre = width * 0.72
    for index, (label, count, css) in enumerate(items):
        w = max(2.0, plot_w * count / top_value) if count else 0.0
        chart.bars.append(
            Bar(round(centre - w / 2, 1), index * row + 2, round(w, 1), row - 6, label, str(count), css)
        )
    return chart


def line_chart(points: list[tuple[str, float | None, str]], *, width: int = 520, height: int = 220,
               as_percent: bool = True) -> Chart:
    """A line through ``(label, value, value_text)``; None values are skipped."""
    chart = Chart(width, height)
    left, right, bottom, top = 52, 22, 30, 14
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _l, v, _t in points if v is not None]
    top_value = _nice_max(max(values, default=0) * 1.1)
    step = plot_w / max(len(points) - 1, 1)
    coords = []
    for index, (label, value, text) in enumerate(points):
        x = left + index * step
        if index % max(1, len(points) // 6) == 0 or index == len(points) - 1:
            chart.labels.append((round(x, 1), label))
        if value is None:
            continue
        y = top + plot_h * (1 - value / top_value)
        coords.append(f"{x:.1f},{y:.1f}")
        chart.dots.append(Bar(round(x, 1), round(y, 1), 0, 0, label, text))
    chart.points = " ".join(coords)
    for k in range(5):
        value = top_value * k / 4
        text = f"{value * 100:.1f} %".replace(".", ",") if as_percent else f"{value:,.0f}"
        chart.ticks.append((round(top + plot_h * (1 - k / 4), 1), text))
    return chart
