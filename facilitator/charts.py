"""Charts for the review pages as SVG built on the server: no script, no inline style (the
Content-Security-Policy forbids both), colours from classes in static/review/review.css. Each
chart is an image with a title and a description; the same numbers are always in a table
beside it, which is what assistive technology should read."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 250
ROW = 30
BAR = 20
MAX_LABEL = 30


def _short(label: object, limit: int = MAX_LABEL) -> str:
    text = str(label)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: float | None, suffix: str) -> str:
    if value is None:
        return "–"
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{shown}{suffix}"


def _open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img"'
        f' aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, float | None]],
    *,
    suffix: str = "",
    scale_max: float | None = None,
    highlight: Sequence[bool] = (),
) -> Markup:
    """Horizontal bars, one per row, labelled with the row's value. `highlight` marks rows
    (a quiz's correct options) with a second colour."""
    height = max(ROW * len(rows) + 10, 40)
    largest = scale_max or max([v or 0 for _, v in rows] + [1])
    span = WIDTH - LABEL_WIDTH - 70
    parts = _open(chart_id, title, "Bar chart. The table beside it has the same numbers.", height)
    for i, (label, value) in enumerate(rows):
        y = 5 + i * ROW
        length = round(span * (value or 0) / largest, 1) if largest else 0
        css = "chart__bar chart__bar--alt" if i < len(highlight) and highlight[i] else "chart__bar"
        parts += [
            f'<text class="chart__label" x="{LABEL_WIDTH - 8}" y="{y + 15}"'
            f' text-anchor="end">{escape(_short(label))}</text>',
            f'<rect class="{css}" x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR}"/>',
            f'<text class="chart__value" x="{LABEL_WIDTH + length + 6}" y="{y + 15}">'
            f"{escape(_number(value, suffix))}</text>",
        ]
    parts.append(
        f'<line class="chart__axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it was escaped above


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    scale_max: float,
    suffix: str = "",
) -> Markup:
    """Lines over months: each series is (name, values, css modifier); a missing value breaks
    the line. A legend names each series. A label "Mar 2025" is drawn as "Mar", with the year
    under the first month and under each January."""
    height, left, right, top, bottom = 260, 48, 20, 34, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)
    parts = _open(chart_id, title, "Line chart. The table beside it has the same numbers.", height)
    for tick in range(5):
        value = scale_max * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts += [
            f'<line class="chart__grid" x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}"'
            f' y2="{y:.1f}"/>',
            f'<text class="chart__tick" x="{left - 6}" y="{y + 5:.1f}" text-anchor="end">'
            f"{escape(_number(round(value, 1), suffix))}</text>",
        ]
    every = -(-len(labels) // 12)  # at most twelve labels fit under the axis
    for i, label in enumerate(labels):
        if i % every:
            continue
        x = left + (step * i if len(labels) > 1 else plot_w / 2)
        first, _, second = str(label).partition(" ")
        parts.append(
            f'<text class="chart__tick" x="{x:.1f}" y="{height - 22}"'
            f' text-anchor="middle">{escape(first)}</text>'
        )
        if second and (i == 0 or first == "Jan"):
            parts.append(
                f'<text class="chart__tick" x="{x:.1f}" y="{height - 4}"'
                f' text-anchor="middle">{escape(second)}</text>'
            )
    for n, (name, values, modifier) in enumerate(series):
        points: list[list[str]] = [[]]
        for i, value in enumerate(values):
            if value is None:
                points.append([])
                continue
            x = left + (step * i if len(labels) > 1 else plot_w / 2)
            y = top + plot_h - plot_h * min(value, scale_max) / scale_max
            points[-1].append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle class="chart__dot chart__dot--{escape(modifier)}"'
                f' cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
            )
        for run in points:
            if len(run) > 1:
                parts.append(
                    f'<polyline class="chart__line chart__line--{escape(modifier)}"'
                    f' points="{" ".join(run)}"/>'
                )
        lx = left + n * 200
        parts += [
            f'<rect class="chart__key chart__key--{escape(modifier)}" x="{lx}" y="8"'
            ' width="14" height="14"/>',
            f'<text class="chart__label" x="{lx + 20}" y="20">{escape(_short(name, 26))}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it was escaped above
