"""Charts of the wider customer-experience material: journey heat-map, perception gap.

matplotlib is imported inside the functions, so importing this module is
cheap; each function draws on ``ax`` (default: the current Axes), changes no
global matplotlib setting and returns the Axes so callers can keep styling it.
The numbers come from :mod:`cxmodel.customer`; nothing is computed here that a
report does not also show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ._chart_base import VERMILION, open_frame, target_axes
from .customer import (
    check_min_gap,
    is_wide,
    journey_coverage,
    measured_gaps,
    table_number,
)
from .intersections import InnovationType
from .model import Initiative, Thresholds
from .portfolio import Portfolio, as_portfolio
from .vocabulary import Stage

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import Rectangle

__all__ = ["plot_journey", "plot_perception_gap"]

#: Okabe-Ito colours: the company's estimate and the customers' measurement.
COMPANY_COLOR = "#0072B2"
CUSTOMER_COLOR = VERMILION
_MUTED = "#BBBBBB"
_MISSING_COLOR = VERMILION


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
                fontsize="small",
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
        [s.value.capitalize() for s in stages], rotation=40, ha="right", rotation_mode="anchor"
    )
    for label, stage in zip(ax.get_xticklabels(), stages, strict=True):
        if stage in missing:
            label.set_color(_MISSING_COLOR)
            label.set_fontweight("bold")
    ax.set_yticks(range(len(keys)))
    ax.set_yticklabels(labels)
    counts = ax.secondary_xaxis("top")
    counts.set_xticks(range(len(stages)))
    counts.set_xticklabels([str(coverage.counts[s]) for s in stages], fontsize="small")
    counts.tick_params(length=0)
    counts.spines["top"].set_visible(False)
    counts.set_xlabel("initiatives per stage", fontsize="small")
    ax.set_xlabel("Customer journey stage" + ("  (hatched: no initiative)" if missing else ""))
    ax.set_ylabel("Kind of innovation")
    ax.set_title("Effort along the customer journey")
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
        edgecolor=_MISSING_COLOR,
        linewidth=0.0,
        alpha=0.5,
        gid="missing-stage",
    )


def plot_perception_gap(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    ax: Axes | None = None,
    min_gap: float = 0.2,
) -> Axes:
    """A dumbbell chart of the company's desirability estimate against the customers'.

    One row per initiative with a ``customer_desirability``, largest gap
    (company minus customers) on top.  A line joins the customers' score
    (vermillion) to the company's (blue); rows that
    :func:`~cxmodel.perception_gap` reports (gap ``>= min_gap``) are drawn in
    full colour with the gap written beside them, the others muted.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    ax : matplotlib.axes.Axes, optional
        Where to draw; defaults to ``plt.gca()``.
    min_gap : float, default 0.2
        The gap from which a row is highlighted, as in :func:`~cxmodel.perception_gap`.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ScoreError
        ``min_gap`` is not a real number in ``[0, 1]``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import cxmodel as cx
    >>> fig, ax = plt.subplots(figsize=(8, 5))
    >>> ax = cx.plot_perception_gap(cx.example_portfolio(), ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Loyalty programme with two-way feedback', 'Member events with a deep emotional connection']
    >>> plt.close(fig)
    """
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D

    limit = check_min_gap(min_gap)
    ax = target_axes(ax)
    gaps = sorted(measured_gaps(as_portfolio(portfolio)), key=lambda g: -g.gap)
    ax.set_title("Perception gap", pad=22)
    ax.set_xlim(-0.02, 1.12)
    ax.set_xlabel("Desirability")
    if not gaps:
        ax.text(
            0.5,
            0.5,
            "No initiative has a customer-measured desirability",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="0.4",
        )
        ax.set_yticks([])
        return ax
    rows = np.arange(len(gaps))[::-1]  # largest gap at the top
    wide = np.array([is_wide(g, limit) for g in gaps])
    company = np.array([g.company for g in gaps])
    customer = np.array([g.customer for g in gaps])
    ax.hlines(
        rows,
        np.minimum(company, customer),
        np.maximum(company, customer),
        colors=[("0.25" if w else _MUTED) for w in wide],
        linewidth=2.5,
        zorder=1,
        gid="gaps",
    )
    for values, colour, who in (
        (company, COMPANY_COLOR, "Company estimate"),
        (customer, CUSTOMER_COLOR, "Customers"),
    ):
        faded = [to_rgba(colour, 1.0 if w else 0.45) for w in wide]
        ax.scatter(values, rows, s=60, c=faded, zorder=2, label=who)
    for row, gap, is_flagged in zip(rows, gaps, wide, strict=True):
        if is_flagged:
            ax.text(
                max(gap.company, gap.customer) + 0.03,
                row,
                f"+{gap.gap:.2f}",
                va="center",
                fontsize="small",
                color="0.15",
                gid=f"gap:{gap.name}",
            )
    ax.set_yticks(rows)
    ax.set_yticklabels([g.name for g in gaps])
    for label, is_flagged in zip(ax.get_yticklabels(), wide, strict=True):
        label.set_color("black" if is_flagged else "0.45")
    ax.set_ylim(-0.7, len(gaps) - 0.3)
    ax.grid(axis="x", color="0.9", zorder=0)
    ax.set_axisbelow(True)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="0.25", linewidth=2.5, label=f"gap ≥ {limit:.2f}"))
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=3,
        columnspacing=1.2,
        handlelength=1.5,
        frameon=False,
        fontsize="small",
        borderaxespad=0.2,
    )
    open_frame(ax)
    return ax
