"""Charts of a :class:`~cxmodel.SensitivityReport` and a :class:`~cxmodel.ThresholdSweep`.

matplotlib is imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .._lenses import parse_lens
from ..exceptions import FieldError
from ..intersections import REGION_COLORS, Region
from ..model import Lens
from ..uncertainty import SensitivityReport, ThresholdSweep
from ._base import VERMILION, target_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_sensitivity", "plot_threshold_sweep"]

#: Not a region colour, so the process-share line stands apart.
_SHARE_COLOR = VERMILION


def plot_sensitivity(report: SensitivityReport, *, ax: Axes | None = None, top: int = 30) -> Axes:
    """Stacked horizontal bars of each initiative's region probabilities, fragile first.

    Each bar is one initiative, split into the regions it lands in under noise
    (region colours as in every cxmodel chart); the most fragile initiative is
    at the top.  A dot marks the unperturbed region's segment, and a dotted
    line the stability threshold.

    Parameters
    ----------
    report : SensitivityReport
    ax : matplotlib.axes.Axes, optional
        Where to draw; default ``plt.gca()``.
    top : int, default 30
        Draw at most this many initiatives (the most fragile ones).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.plotting import plot_sensitivity
    >>> report = cx.sensitivity(cx.example_portfolio(), samples=200, seed=0)
    >>> ax = plot_sensitivity(report, top=5)
    >>> len(ax.get_yticklabels())
    5
    """
    if not isinstance(report, SensitivityReport):
        raise FieldError("report", report, "must be a SensitivityReport (see cxmodel.sensitivity)")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise FieldError("top", top, "must be an integer >= 1")
    ax = target_axes(ax)
    rows = report.order[:top]
    y = np.arange(len(rows))
    left = np.zeros(len(rows))
    for r in Region:
        width = report.probabilities[rows, r]
        if not width.any():
            continue
        ax.barh(
            y,
            width,
            left=left,
            color=REGION_COLORS[r],
            label=r.label,
            height=0.7,
            edgecolor="white",
            linewidth=0.5,
        )
        left += width
    # A dot in the middle of each initiative's own (unperturbed) region segment.
    cumulative = np.cumsum(report.probabilities[rows], axis=1)
    own = report.regions[rows].astype(np.intp)
    end = cumulative[np.arange(len(rows)), own]
    start = end - report.probabilities[rows, own]
    ax.scatter(
        (start + end) / 2,
        y,
        s=12,
        color="white",
        edgecolors="black",
        linewidths=0.6,
        zorder=3,
        label="unperturbed region",
    )
    ax.axvline(
        report.stability,
        color="0.3",
        linestyle=":",
        linewidth=1,
        label=f"stable at {report.stability:.0%}",
    )
    ax.set_yticks(y, [report.names[k] for k in rows])
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)  # fragile first, at the top
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability of each region")
    shown = (
        f", {len(rows)} most fragile of {len(report.names)}"
        if len(rows) < len(report.names)
        else ""
    )
    ax.set_title(
        f"Region probabilities under score noise {report._noise_text()} "
        f"({report.samples} samples{shown})",
        fontsize="medium",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    return ax


def plot_threshold_sweep(
    sweep: ThresholdSweep,
    *,
    lens: Lens | str | None = None,
    ax: Axes | Sequence[Axes] | None = None,
) -> list[Axes]:
    """Line charts of region counts (left axis) and process share (right axis) per threshold.

    One panel per swept lens (or only ``lens``).  A vertical line marks where
    the threshold is held in the other panels; a dashed line the policy's
    process-skew limit.

    Parameters
    ----------
    sweep : ThresholdSweep
    lens : Lens or str, optional
        Draw only this lens.
    ax : Axes or sequence of Axes, optional
        One axes per lens drawn (a list, or the array ``plt.subplots``
        returns); default a new figure with one panel per lens.

    Returns
    -------
    list of matplotlib.axes.Axes
        One per lens drawn (the left, count axes).

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.plotting import plot_threshold_sweep
    >>> axes = plot_threshold_sweep(cx.threshold_sweep(cx.example_portfolio()))
    >>> [a.get_xlabel() for a in axes]
    ['viability threshold', 'desirability threshold', 'feasibility threshold']
    """
    import matplotlib.pyplot as plt

    if not isinstance(sweep, ThresholdSweep):
        raise FieldError("sweep", sweep, "must be a ThresholdSweep (see cxmodel.threshold_sweep)")
    lenses = sweep.lenses if lens is None else (parse_lens(lens),)
    for which in lenses:
        if which not in sweep.counts:
            raise FieldError("lens", lens, "was not swept")
    if ax is None:
        _, grid = plt.subplots(
            1,
            len(lenses),
            figsize=(4.2 * len(lenses), 3.6),
            squeeze=False,
            sharey=True,
            layout="constrained",
        )
        axes = list(grid[0])
    else:
        if isinstance(ax, np.ndarray):  # the grid of Axes plt.subplots returns
            given = list(ax.flat)
        elif isinstance(ax, Sequence):
            given = list(ax)
        else:
            given = [ax]
        axes = [target_axes(panel) for panel in given]
        if len(axes) != len(lenses):
            raise FieldError(
                "ax",
                f"{len(axes)} axes",
                f"must give one axes per lens drawn ({len(lenses)}); pass lens=",
            )
    n = int(sweep.counts[lenses[0]][0].sum())
    legend: dict[str, object] = {}  # label -> handle, over every panel
    for which, panel in zip(lenses, axes, strict=True):
        counts = sweep.counts[which]
        for r in Region:
            if counts[:, r].any():
                panel.plot(
                    sweep.values,
                    counts[:, r],
                    color=REGION_COLORS[r],
                    label=r.label,
                    linewidth=1.4,
                    marker="o",
                    markersize=2.5,
                )
        held = sweep.thresholds.for_lens(which)
        panel.axvline(held, color="0.6", linewidth=0.8)
        panel.set_xlim(0, 1)
        panel.set_ylim(0, max(n, 1) * 1.05)
        panel.set_xlabel(f"{which.criterion} threshold")
        if panel is axes[0] or ax is not None:
            panel.set_ylabel("initiatives")
        share_axis = panel.twinx()
        share_axis.plot(
            sweep.values,
            sweep.process_share[which],
            color=_SHARE_COLOR,
            linestyle="--",
            linewidth=1.8,
            label="process share",
        )
        share_axis.axhline(
            sweep.max_process_share,
            color=_SHARE_COLOR,
            linestyle=":",
            linewidth=1,
            label="process-skew limit",
        )
        share_axis.set_ylim(0, 1.05)
        if panel is axes[-1] or ax is not None:
            share_axis.set_ylabel("process share", color=_SHARE_COLOR)
        share_axis.tick_params(axis="y", colors=_SHARE_COLOR)
        for drawn in (panel, share_axis):
            for handle, label in zip(*drawn.get_legend_handles_labels(), strict=True):
                legend.setdefault(label, handle)
    order = [r.label for r in Region] + ["process share", "process-skew limit"]
    labels = sorted(legend, key=order.index)
    axes[-1].legend(
        [legend[label] for label in labels],
        labels,
        fontsize="x-small",
        loc="upper left",
        bbox_to_anchor=(1.2, 1.0),
        frameon=False,
    )
    return axes
