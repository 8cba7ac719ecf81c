"""The journey chart: innovation effort per lifecycle stage, missing stages marked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ..customer import (
    journey_coverage,
    table_number,
)
from ..intersections import InnovationType
from ..model import Initiative, Thresholds
from ..portfolio import Portfolio
from ..vocabulary import Stage
from ._base import INK, MUTED, VERMILION, _axes_points, _chart_title, _Fonts, target_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import Rectangle

__all__ = ["plot_journey"]


def plot_journey(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    ax: Axes | None = None,
    thresholds: Thresholds | None = None,
    cmap: str = "Blues",
    colorbar: bool = True,
    other: bool = True,
) -> Axes:
    """A heat-map of effort per customer-journey stage and kind of innovation.

    Columns are the eight :class:`~cxmodel.Stage` members in journey order,
    rows the three :class:`~cxmodel.InnovationType` members; each cell shows
    the effort of :attr:`JourneyCoverage.effort <cxmodel.JourneyCoverage>`
    (an initiative's effort split equally among its stages, the centre giving
    a third to each kind).  Above each column is the number of initiatives
    touching the stage; stages no initiative touches are hatched and their
    labels drawn in red, so a gap in the journey stands out.  A last row,
    below a gap, shows the effort of initiatives that are no innovation (one
    lens or none), so every unit of effort on the journey is on the chart.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    ax : matplotlib.axes.Axes, optional
        Where to draw; defaults to ``plt.gca()``.
    thresholds : Thresholds, optional
        Used to classify the initiatives.
    cmap : str, default "Blues"
        A sequential matplotlib colour map.
    colorbar : bool, default True
        Add a colour bar labelled with the effort beside the Axes.
    other : bool, default True
        Add the "No innovation" row; without it the chart has exactly one row
        per kind of innovation.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import cxmodel as cx
    >>> fig, ax = plt.subplots(figsize=(9, 4))
    >>> ax = cx.plot_journey(cx.example_portfolio(), ax=ax)
    >>> ax.images[0].get_array().shape
    (4, 8)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Emotional', 'Process', 'Functional', 'No innovation']
    >>> plt.close(fig)
    """
    ax = target_axes(ax)
    width_pt, height_pt = _axes_points(ax)
    fonts = _Fonts.for_scale(min(width_pt / 2.6, height_pt / 1.4))  # slide-sized text
    coverage = journey_coverage(portfolio, thresholds=thresholds)
    stages = list(Stage)
    rows = [[coverage.effort[s][k] for s in stages] for k in InnovationType]
    labels = [k.value.capitalize() for k in InnovationType]
    keys = [k.value for k in InnovationType]
    if other:
        rows.append([coverage.other[s] for s in stages])
        labels.append("No innovation")
        keys.append("other")
    values = np.array(rows)
    top = float(values.max()) if values.max() > 0 else 1.0
    image = ax.imshow(values, cmap=cmap, vmin=0.0, vmax=top, aspect="auto")
    colours = image.cmap
    for row, key in enumerate(keys):
        for column, stage in enumerate(stages):
            value = float(values[row, column])
            if not value:
                continue  # an empty cell stays blank
            light = sum(colours(value / top)[:3]) / 3 > 0.55  # dark text on light cells
            ax.text(
                column,
                row,
                table_number(value),
                ha="center",
                va="center",
                fontsize=fonts.note,
                color="black" if light else "white",
                gid=f"cell:{key}:{stage.value}",
            )
    if other:  # a white rule sets the no-innovation row apart from the kinds of innovation
        ax.axhline(len(keys) - 1.5, color="white", linewidth=4)
    missing = set(coverage.missing)
    for column, stage in enumerate(stages):
        if stage in missing:
            ax.add_patch(_hatch(column, len(keys)))
    ax.set_xticks(range(len(stages)))
    ax.set_xticklabels(
        [s.value.capitalize() for s in stages],
        rotation=40,
        ha="right",
        rotation_mode="anchor",
        fontsize=fonts.note,
    )
    for label, stage in zip(ax.get_xticklabels(), stages, strict=True):
        if stage in missing:
            label.set_color(VERMILION)
            label.set_fontweight("bold")
    ax.set_yticks(range(len(keys)))
    ax.set_yticklabels(labels, fontsize=fonts.note)
    counts = ax.secondary_xaxis("top")
    counts.set_xticks(range(len(stages)))
    counts.set_xticklabels([str(coverage.counts[s]) for s in stages], fontsize=fonts.note)
    counts.tick_params(length=0)
    counts.spines["top"].set_visible(False)
    counts.set_xlabel("initiatives per stage", fontsize=fonts.note, color=MUTED)
    ax.set_xlabel(
        "Customer journey stage" + ("  (hatched: no initiative)" if missing else ""),
        fontsize=fonts.region,
        color=INK,
    )
    ax.set_ylabel("Kind of innovation", fontsize=fonts.region, color=INK)
    _chart_title(ax, "Effort along the customer journey", fonts)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label("Effort")
    return ax


def _hatch(column: int, rows: int) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (column - 0.5, -0.5),
        1.0,
        rows,
        fill=False,
        hatch="///",
        edgecolor=VERMILION,
        linewidth=0.0,
        alpha=0.5,
        gid="missing-stage",
    )
