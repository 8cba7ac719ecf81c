"""The deck's two native charts: the score matrix (an XY chart) and the balance (columns).

Each chart is a python-pptx chart, editable in PowerPoint, with one series
per Venn region (score matrix) or one bar per kind of innovation (balance),
coloured as the other reports colour them; a legend and a reading guide sit
beside each chart as shapes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from .._text import pct, quoted
from ..intersections import InnovationType, Region
from ._content import ReportContent, region_color
from ._pptx_shapes import MUTED, WARN, add_slide, darker, dot, overlap, rgb, text_box
from ._pptx_venn import NAME_LIMIT

__all__ = ["balance_slide", "scores_slide"]


# --- the score matrix ------------------------------------------------------------------


def scores_slide(deck: Any, content: ReportContent) -> None:
    """Add the score matrix, desirability against feasibility, as a native XY chart.

    Examples
    --------
    >>> from pptx import Presentation
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs._pptx_charts import scores_slide
    >>> deck = Presentation()
    >>> scores_slide(deck, ReportContent.build(cx.example_portfolio()))
    >>> deck.slides[0].shapes.title.text
    'Score matrix: desirability against feasibility'
    """
    from pptx.chart.data import XyChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE
    from pptx.util import Inches, Pt

    p, t = content.portfolio, content.thresholds
    codes = p.regions(t).tolist()
    data: Any = XyChartData()  # type: ignore[no-untyped-call]
    members: dict[Region, list[int]] = {}
    for k, code in enumerate(codes):
        members.setdefault(Region(code), []).append(k)
    regions = [r for r in Region if r in members]
    for region in regions:
        series = data.add_series(region.label)
        for k in members[region]:
            series.add_data_point(float(p.feasibility[k]), float(p.desirability[k]))
    lines = {
        f"desirability threshold {t.desirability:g}": [
            (0.0, t.desirability),
            (1.0, t.desirability),
        ],
        f"feasibility threshold {t.feasibility:g}": [(t.feasibility, 0.0), (t.feasibility, 1.0)],
    }
    for label, points in lines.items():
        series = data.add_series(label)
        for x, y in points:
            series.add_data_point(x, y)
    bloat = [name for name in p.names if name in content.bloat]
    notes = (
        "The score matrix puts feasibility (technology) across and desirability (people) up; "
        "each dot is an initiative, coloured by its Venn region. The dashed lines are the "
        f"thresholds (feasibility {t.feasibility:g}, desirability {t.desirability:g}): the "
        "top-right quadrant is functional innovation (or the customer-experience centre when "
        "viability passes too). Bottom right is where 'just because you can' feature bloat "
        "lives: easy to build, but people do not want it."
    )
    if bloat:
        notes += " Feature-bloat candidates here: " + "; ".join(bloat) + "."  # all of them
    slide = add_slide(deck, "Score matrix: desirability against feasibility", notes)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, Inches(0.6), Inches(1.2), Inches(9.2), Inches(6.1), data
    )
    frame.name = "Score matrix"
    chart = frame.chart
    chart.has_legend = False  # the panel beside the chart is the legend (LibreOffice
    chart.has_title = False  # draws a chart's own legend over its plot)
    names = p.names
    sides = _label_sides(p.feasibility.tolist(), p.desirability.tolist(), names)
    for s, series in enumerate(chart.plots[0].series):
        if s < len(regions):
            region = regions[s]
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 10
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = rgb(region_color(region))
            series.marker.format.line.color.rgb = rgb(darker(region_color(region)))
            series.format.line.fill.background()
            if len(p) <= NAME_LIMIT:
                for j, k in enumerate(members[region]):
                    label = series.points[j].data_label
                    label.has_text_frame = True
                    label.text_frame.text = names[k]
                    label.text_frame.paragraphs[0].runs[0].font.size = Pt(9)
                    label.position = sides[k]
        else:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            series.marker.style = XL_MARKER_STYLE.NONE
            series.format.line.color.rgb = rgb(MUTED)
            series.format.line.width = Pt(1.25)
            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            series.smooth = False
    for axis, title in (
        (chart.category_axis, "Feasibility (technology lens)"),
        (chart.value_axis, "Desirability (people lens)"),
    ):
        axis.minimum_scale, axis.maximum_scale = 0.0, 1.0
        axis.major_unit = 0.25
        axis.has_major_gridlines = False
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
        axis.tick_labels.font.size = Pt(11)
        axis.tick_labels.number_format = "0.00"
        axis.tick_labels.number_format_is_linked = False
    _series_legend(slide, regions, 10.1, 1.5)
    side = [
        "Dashed lines: the thresholds.",
        "Top right: people want it and we can build it.",
        "Bottom right: easy to build, not wanted -- the 'just because you can' trap.",
    ]
    if bloat:
        side.append(f"Feature-bloat candidates: {quoted(bloat)}.")
    top = 1.5 + 0.4 * len(regions) + 0.3
    text_box(
        slide, 10.1, top, 2.9, 7.2 - top, side, size=12, wrap=True, colour=MUTED
    ).name = "Reading guide"


def _series_legend(slide: Any, regions: Sequence[Region], left: float, top: float) -> None:
    """A legend of region colours as shapes (one line per series of the chart)."""
    for k, region in enumerate(regions):
        y = top + 0.4 * k
        dot(slide, region_color(region), left, y + 0.07, 0.18, f"Legend swatch {region.name}")
        text_box(
            slide, left + 0.3, y, 2.6, 0.32, region.label, size=13
        ).name = f"Legend {region.name}"


def _label_sides(xs: Sequence[float], ys: Sequence[float], names: Sequence[str]) -> list[Any]:
    """For each point of the score matrix, the side of its name that overlaps least.

    Boxes are estimated in axis units of the chart (plot area about 8.2 by 5.3
    inches, 9-point type); points are placed in order, each avoiding the names
    already placed and every marker.
    """
    from pptx.enum.chart import XL_LABEL_POSITION as SIDE

    per_x, per_y = 8.2, 5.3  # inches per axis unit
    placed: list[tuple[float, float, float, float]] = []
    out = []
    markers = [(x - 0.012, y - 0.017, x + 0.012, y + 0.017) for x, y in zip(xs, ys, strict=True)]
    for k, name in enumerate(names):
        lines = textwrap.wrap(name, 28) or [""]  # chart labels wrap at about this width
        width = (max(map(len, lines)) * 9 * 0.5 / 72 + 0.1) / per_x
        height = (len(lines) * 9 * 1.25 / 72) / per_y
        x, y = xs[k], ys[k]
        gap_x, gap_y = 0.015, 0.022
        options = {
            SIDE.RIGHT: (x + gap_x, y - height / 2, x + gap_x + width, y + height / 2),
            SIDE.LEFT: (x - gap_x - width, y - height / 2, x - gap_x, y + height / 2),
            SIDE.ABOVE: (x - width / 2, y + gap_y, x + width / 2, y + gap_y + height),
            SIDE.BELOW: (x - width / 2, y - gap_y - height, x + width / 2, y - gap_y),
        }
        best = None
        for rank, (side, box) in enumerate(options.items()):
            # Costs are fractions of the label's own area (overlaps) and width (overhang).
            area = width * height
            cost = sum(overlap(box, other) for other in placed) / area
            cost += sum(overlap(box, m) for j, m in enumerate(markers) if j != k) / area
            overhang = max(0.0, box[2] - 1.04) + max(0.0, -0.04 - box[0])
            overhang += max(0.0, box[3] - 1.04) + max(0.0, -0.04 - box[1])
            cost += overhang / width + rank * 1e-6
            if best is None or cost < best[0]:
                best = (cost, side, box)
        assert best is not None
        placed.append(best[2])
        out.append(best[1])
    return out


# --- balance ------------------------------------------------------------------------------


def balance_slide(deck: Any, content: ReportContent) -> None:
    """Add the innovation shares as a native column chart, with the verdict beside it.

    Examples
    --------
    >>> from pptx import Presentation
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs._pptx_charts import balance_slide
    >>> deck = Presentation()
    >>> balance_slide(deck, ReportContent.build(cx.example_portfolio()))
    >>> deck.slides[0].shapes.title.text
    'Innovation balance: not balanced'
    """
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Inches, Pt

    report = content.balance
    kinds = list(InnovationType)
    data: Any = CategoryChartData(number_format="0%")  # type: ignore[no-untyped-call]
    data.categories = [t.label for t in kinds]
    data.add_series("Share of innovation", [report.innovation_shares[t] for t in kinds])
    limit = report.policy.max_process_share
    process = report.innovation_shares[InnovationType.PROCESS]
    basis = "effort" if report.policy.weight == "effort" else "initiatives"
    verdict = "balanced" if report.ok else "not balanced"
    notes = (
        f"Shares of innovation {basis} by kind: "
        + ", ".join(f"{t.value} {pct(report.innovation_shares[t])}" for t in kinds)
        + f". The policy allows process innovation at most {pct(limit)}; it has "
        f"{pct(process, limit)}. Many businesses put most of their energy into process "
        "innovation (cost savings, efficiency) at the expense of the people side; a level mix "
        f"(a third each) gives a balance index of 1, this portfolio's is "
        f"{report.balance_index:.2f}. Verdict: {verdict}."
    )
    slide = add_slide(deck, f"Innovation balance: {verdict}", notes)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.6), Inches(1.3), Inches(8.4), Inches(5.8), data
    )
    frame.name = "Innovation balance"
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = f"Share of innovation {basis} by kind"
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format = "0%"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    plot.data_labels.font.size = Pt(16)
    plot.data_labels.font.bold = True
    for k, t in enumerate(kinds):
        point = plot.series[0].points[k]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(region_color(t.region))
    axis = chart.value_axis
    axis.minimum_scale = 0.0
    axis.maximum_scale = min(1.0, max(*report.innovation_shares.values(), limit) + 0.15)
    axis.has_major_gridlines = False
    axis.tick_labels.number_format = "0%"
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(12)
    chart.category_axis.tick_labels.font.size = Pt(14)
    over = process > limit
    side = [
        f"Process limit: {pct(limit)}",
        f"Process share: {pct(process, limit)}" + (" (over the limit)" if over else ""),
        f"Balance index: {report.balance_index:.2f} (1 = level)",
        f"Weighted by {basis}.",
    ]
    box = text_box(slide, 9.4, 1.8, 3.5, 3.0, side, size=16, wrap=True)
    box.name = "Balance summary"
    if over:
        run = box.text_frame.paragraphs[1].runs[0]
        run.font.color.rgb = rgb(WARN)
        run.font.bold = True
