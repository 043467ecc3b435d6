"""Charts drawn on the server as SVG: bars per year (stacked, with a line), and ranked horizontal bars.

Small on purpose (no plotting library): an SVG the page embeds, that prints
as it shows, with a ``<title>`` and ``<desc>`` (read by screen readers), a
``<title>`` on every bar and point (shown on hover), axes with their values,
and a legend. Series are told apart by pattern as well as by colour (solid,
hatched, light; a dashed line with round marks), so that they stay apart in
black and white. Every text is escaped (names are the data's own); numbers
come written by the caller's functions (the page's language).

>>> svg = year_chart("c", "Projects", "Per year", [2019, 2020], [Bars("Started", [1, 3])], Line("Running", [1, 4]))
>>> svg.startswith("<svg") and "<title>2020 · Started: 3</title>" in svg
True
>>> "&lt;script&gt;" in ranked_bars("r", "<script>", "", [("<script>", 2)])
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["FILLS", "Bars", "Dot", "Line", "nice_ticks", "picture", "ranked_bars", "year_chart"]

#: How each style of bars is filled: strong contrast, and a hatch that stays apart from the solid in black and white.
FILLS = {"solid": "#24477a", "hatched": "url(#{id}-hatch)", "light": "#a9c1dd"}
_INK = "#1a1a1a"
_FONT = 'font-family="system-ui, sans-serif" font-size="13"'


@dataclass(frozen=True)
class Bars:
    """One series of bars (stacked on the series before it): its name in the legend, one value per year."""

    label: str
    values: Sequence[float]
    style: str = "solid"


@dataclass(frozen=True)
class Line:
    """A series drawn as a dashed line with round marks, over the bars."""

    label: str
    values: Sequence[float]


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round values from 0 to at least ``top`` for an axis: about ``count`` steps of 1, 2, 2.5 or 5 × 10^k.

    >>> nice_ticks(17), nice_ticks(0), nice_ticks(3), nice_ticks(2_400_000)
    ([0, 5, 10, 15, 20], [0, 1], [0, 1, 2, 3], [0, 1000000, 2000000, 3000000])
    """
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 1)
    if step == int(step):
        step = int(step)
    steps = math.ceil(top / step - 1e-9)
    return [step * k for k in range(steps + 1)]


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{cid}-title {cid}-desc" {_FONT}>',
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(desc)}</desc>',
        f'<defs><pattern id="{cid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{_INK}" stroke-width="2.2"/></pattern></defs>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]


def _fill(style: str, chart_id: str) -> str:
    return FILLS.get(style, FILLS["solid"]).format(id=escape(chart_id))


def _legend(chart_id: str, bars: Sequence[Bars], line: Line | None, x: float) -> list[str]:
    out = []
    for series in bars:
        out.append(
            f'<rect x="{x:.1f}" y="8" width="14" height="14" fill="{_fill(series.style, chart_id)}" '
            f'stroke="{_INK}" stroke-width="0.8"/><text x="{x + 19:.1f}" y="20">{escape(series.label)}</text>'
        )
        x += 34 + 7.5 * len(series.label)
    if line is not None:
        out.append(
            f'<line x1="{x:.1f}" y1="15" x2="{x + 22:.1f}" y2="15" stroke="{_INK}" stroke-width="2" '
            f'stroke-dasharray="5 3"/><circle cx="{x + 11:.1f}" cy="15" r="3.5" fill="#fff" stroke="{_INK}" '
            f'stroke-width="1.6"/><text x="{x + 27:.1f}" y="20">{escape(line.label)}</text>'
        )
    return out


def year_chart(
    chart_id: str,
    title: str,
    desc: str,
    years: Sequence[int],
    bars: Sequence[Bars],
    line: Line | None = None,
    *,
    axis: Callable[[float], str] = lambda v: f"{v:g}",
    value: Callable[[float], str] = lambda v: f"{v:g}",
    hover: Callable[[int | None, str, str], str] = lambda year, label, value: f"{year} · {label}: {value}",
    width: int = 560,
    height: int = 250,
) -> Markup:
    """Bars per year, stacked in the order of ``bars``, and an optional ``line``; ``axis`` and ``value`` write the
    numbers of the axis and of the hover titles, ``hover`` the titles (year, series, value written).

    Why this is long: one SVG, written top to bottom (frame, axis, bars, line, labels) reads best as one piece.
    """
    left, right, top, bottom = 64, 12, 34, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[k] for s in bars) for k in range(len(years))]
    highest = max([*totals, *(line.values if line else []), 0])
    ticks = nice_ticks(highest)
    scale = plot_h / ticks[-1]
    band = plot_w / max(len(years), 1)
    out = _open(chart_id, title, desc, width, height)
    out += _legend(chart_id, bars, line, left)
    for tick in ticks:
        y = top + plot_h - tick * scale
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(axis(tick))}</text>'
        )
    every = max(1, math.ceil(len(years) * 34 / plot_w))  # a year's label needs about 34 units
    for k, year in enumerate(years):
        x = left + k * band
        base: float = top + plot_h
        for series in bars:
            v = series.values[k]
            if v > 0:
                h = v * scale
                base -= h
                out.append(
                    f'<rect x="{x + band * 0.15:.1f}" y="{base:.1f}" width="{band * 0.7:.1f}" height="{h:.1f}" '
                    f'fill="{_fill(series.style, chart_id)}" stroke="{_INK}" stroke-width="0.6">'
                    f"<title>{escape(hover(year, series.label, value(v)))}</title></rect>"
                )
        if k % every == 0:
            out.append(f'<text x="{x + band / 2:.1f}" y="{height - 9}" text-anchor="middle">{escape(year)}</text>')
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{_INK}" '
        'stroke-width="1.2"/>'
    )
    if line is not None and years:
        points = [(left + (k + 0.5) * band, top + plot_h - v * scale) for k, v in enumerate(line.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{_INK}" stroke-width="2" stroke-dasharray="5 3"/>')
        for (x, y), year, v in zip(points, years, line.values, strict=True):
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#fff" stroke="{_INK}" stroke-width="1.6">'
                f"<title>{escape(hover(year, line.label, value(v)))}</title></circle>"
            )
    out.append("</svg>")
    return Markup("".join(out))


def _cut(label: str, most: int) -> str:
    """``label`` cut to ``most`` characters (an ellipsis says so).

    >>> _cut("Kingdom of Morocco", 10), _cut("France", 10)
    ('Kingdom o…', 'France')
    """
    return label if len(label) <= most else label[: most - 1] + "…"


def ranked_bars(
    chart_id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, float]],
    *,
    value: Callable[[float], str] = lambda v: f"{v:g}",
    hover: Callable[[int | None, str, str], str] = lambda _year, label, value: f"{label}: {value}",
    width: int = 560,
) -> Markup:
    """Horizontal bars, one per ``(label, value)`` row in the order given, the value written at the bar's end."""
    left, right, top, row_h = 170, 70, 8, 24
    height = top * 2 + row_h * len(rows)
    highest = max([v for _label, v in rows] + [0]) or 1
    plot_w = width - left - right
    out = _open(chart_id, title, desc, width, height)
    for k, (label, v) in enumerate(rows):
        y = top + k * row_h
        w = max(v / highest * plot_w, 1)
        out.append(
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(_cut(label, 24))}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{FILLS["solid"]}" '
            f'stroke="{_INK}" stroke-width="0.6"><title>{escape(hover(None, label, value(v)))}</title></rect>'
            f'<text x="{left + w + 6:.1f}" y="{y + 16}">{escape(value(v))}</text>'
        )
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - top}" stroke="{_INK}" stroke-width="1.2"/>')
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class Dot:
    """A point of :func:`picture`: where, its hover text, and a short mark written beside it (``""``: none)."""

    x: float
    y: float
    hover: str
    mark: str = ""


def picture(
    chart_id: str,
    title: str,
    desc: str,
    dots: Sequence[Dot],
    lines: Sequence[tuple[int, int]],
    *,
    size: int = 240,
) -> Markup:
    """A small picture of a group: ``dots`` (marked dots drawn large, dark and numbered) and ``lines`` between
    them (pairs of positions in ``dots``), scaled into a square of ``size`` units."""
    pad = 14
    xs, ys = [d.x for d in dots] or [0.0], [d.y for d in dots] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = (size - 2 * pad) / span
    x0 = min(xs) - (span - (max(xs) - min(xs))) / 2
    y0 = min(ys) - (span - (max(ys) - min(ys))) / 2
    at = [(pad + (d.x - x0) * scale, pad + (d.y - y0) * scale) for d in dots]
    out = _open(chart_id, title, desc, size, size)
    out.append('<g stroke="#8a8a8a" stroke-width="0.6">')
    out += [
        f'<line x1="{at[a][0]:.1f}" y1="{at[a][1]:.1f}" x2="{at[b][0]:.1f}" y2="{at[b][1]:.1f}"/>' for a, b in lines
    ]
    out.append("</g>")
    marked = []
    for (x, y), dot in zip(at, dots, strict=True):
        if dot.mark:
            marked.append((x, y, dot))
            continue
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{FILLS["light"]}" stroke="{_INK}" stroke-width="0.5">'
            f"<title>{escape(dot.hover)}</title></circle>"
        )
    for x, y, dot in marked:  # on top
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{FILLS["solid"]}" stroke="#fff" stroke-width="1">'
            f"<title>{escape(dot.hover)}</title></circle>"
            f'<text x="{x:.1f}" y="{y + 3.5:.1f}" text-anchor="middle" font-size="9" fill="#fff">'
            f"{escape(dot.mark)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))
