"""Bar charts of the governors' report, drawn by pygal as SVG on the server.

A suppressed count ("fewer than 3") is not drawn: its bar is left out and its label says so, so
the chart reveals no more than the table beside it. pygal's own script (a configuration for its
optional tooltips) is dropped, and on a page its inline styles too: the Content Security
Policy allows neither, and static/css/report.css styles the chart instead. A PDF keeps the
stylesheet, since WeasyPrint draws an inline SVG with the SVG's own styles.
"""

import re
from dataclasses import dataclass

import pygal
from pygal.style import Style

from exports.governors import SUPPRESSED, Figure

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0d6efd",),
    font_family="DejaVu Sans, Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    title_font_size=14,
)
LABEL_CHARACTERS = 28
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_STYLE = re.compile(r"<style\b.*?</style>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r' style="[^"]*"')


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str
    svg: str
    width: int
    height: int


def bar_chart(key: str, title: str, figures: list[Figure], *, for_pdf: bool = False) -> Chart:
    height = 60 + 28 * max(len(figures), 1)
    chart = pygal.HorizontalBar(
        style=STYLE,
        width=640,
        height=height,
        show_legend=False,
        print_values=True,
        print_zeroes=False,
        js=[],
        disable_xml_declaration=True,
        show_y_guides=False,
        truncate_label=-1,  # labels are shortened here, keeping "(fewer than 3)" whole
        margin=8,
        min_scale=1,
        max_scale=6,
        value_formatter=lambda value: f"{value:,.0f}",
    )
    # pygal draws the first bar at the bottom; reversed, the chart reads top down as its table.
    shown = list(reversed(figures))
    chart.x_labels = [_label(f) for f in shown]
    chart.add(title, [None if f.suppressed else f.count for f in shown])
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    if not for_pdf:
        svg = _STYLE_ATTRIBUTE.sub("", _STYLE.sub("", svg))
    return Chart(key, title, summary(title, figures), svg, 640, height)


def _label(figure: Figure) -> str:
    """The bar's label, short enough to leave room for the bars (the table beside the chart
    has the whole name)."""
    label = figure.label
    if len(label) > LABEL_CHARACTERS:
        label = label[: LABEL_CHARACTERS - 1].rstrip() + "…"
    return f"{label} ({SUPPRESSED})" if figure.suppressed else label


def summary(title: str, figures: list[Figure]) -> str:
    """The chart in one sentence, as a screen reader announces it."""
    if not any(f.count for f in figures):
        return f"{title}: none in this period."
    parts = [f"{f.label}: {f.shown}" for f in figures if f.count]
    return f"{title}. " + "; ".join(parts) + "."
