"""The schedule chart: each period a column of its initiatives' effort, against the capacity."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from .._text import number, plural
from ..exceptions import FieldError
from ..intersections import REGION_COLORS, Region

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..decisions import Schedule
from ._base import (
    INK,
    MUTED,
    VERMILION,
    _axes_points,
    _chart_title,
    _Fonts,
    darker,
    open_frame,
    target_axes,
    tint,
)

__all__ = ["plot_schedule"]


def plot_schedule(schedule: Schedule, *, ax: Axes | None = None) -> Axes:
    """Periods along the time axis, each a stack of its initiatives' effort, and the capacity.

    Every initiative is one bar segment (a Rectangle whose ``gid`` is its
    name), as tall as its effort and coloured by its region of the Venn
    diagram; its name is written inside when the segment has room.  A dashed
    vermilion line marks the capacity of a period, and each column is topped
    by its load.

    Parameters
    ----------
    schedule : Schedule
        From :func:`~cxmodel.schedule`.
    ax : matplotlib.axes.Axes, optional
        Defaults to ``plt.gca()``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> import cxmodel as cx
    >>> from cxmodel.decisions import schedule
    >>> from cxmodel.plotting.schedule import plot_schedule
    >>> plan = schedule(cx.example_portfolio(), capacity=15)
    >>> ax = plot_schedule(plan, ax=Figure(figsize=(8, 5)).add_subplot())
    >>> len(ax.patches) == plan.size
    True
    """
    from ..decisions import Schedule

    if not isinstance(schedule, Schedule):
        raise FieldError("schedule", schedule, "must be a Schedule from cxmodel.schedule")
    ax = target_axes(ax)
    width_pt, height_pt = _axes_points(ax)
    fonts = _Fonts.for_scale(min(width_pt, height_pt) / 2.6)
    p = schedule.portfolio
    codes = dict(zip(p.names, p.regions(schedule.thresholds).tolist(), strict=True))
    efforts = dict(zip(p.names, p.effort.tolist(), strict=True))
    capacity = schedule.capacity
    count = len(schedule.periods)
    top = max(capacity, *schedule.load) if count else capacity
    ax.set_xlim(0.4, max(count, 1) + 0.6)
    ax.set_ylim(0, top * 1.14)
    points_per_effort = height_pt / (top * 1.14)
    column_pt = width_pt / (max(count, 1) + 0.2) * 0.7
    chars = max(int(column_pt / (fonts.name * 0.55)), 4)
    seen: set[Region] = set()
    for k, (names, load) in enumerate(zip(schedule.periods, schedule.load, strict=True), 1):
        bottom = 0.0
        for name in names:
            region = Region(codes[name])
            seen.add(region)
            colour = REGION_COLORS[region]
            effort = efforts[name]
            (segment,) = ax.bar(
                k,
                effort,
                bottom=bottom,
                width=0.7,
                color=tint(colour, 0.45),
                edgecolor=darker(colour),
                linewidth=0.8,
                zorder=2,
            )
            segment.set_gid(name)  # the initiative, for tests and as the SVG element's id
            lines = int(effort * points_per_effort / (fonts.name * 1.45))
            if lines >= 1:
                ax.text(
                    k,
                    bottom + effort / 2,
                    _fit(name, chars, lines),
                    ha="center",
                    va="center",
                    fontsize=fonts.name,
                    color=INK,
                    linespacing=1.0,
                    zorder=3,
                    clip_on=True,
                    parse_math=False,
                )
            bottom += effort
        ax.text(
            k,
            load + top * 0.015,
            number(load),
            ha="center",
            va="bottom",
            fontsize=fonts.note,
            color=MUTED,
        )
    ax.axhline(capacity, color=VERMILION, ls="--", lw=1.8, zorder=4)
    ax.text(
        ax.get_xlim()[1] - 0.05,
        capacity,
        f"capacity {number(capacity)}",
        ha="right",
        va="bottom",
        fontsize=fonts.note,
        color=VERMILION,
    )
    ax.set_xticks(range(1, count + 1), [f"Period {k}" for k in range(1, count + 1)])
    ax.tick_params(axis="x", labelsize=fonts.region, colors=INK)
    ax.tick_params(axis="y", labelsize=fonts.note, colors=MUTED)
    ax.set_ylabel("Effort", fontsize=fonts.region, color=INK)
    _legend(ax, seen, fonts.note)
    verdict = "the fewest possible" if schedule.exact else f"at least {schedule.lower_bound}"
    _chart_title(
        ax,
        f"Schedule: {plural(count, 'period')} of capacity {number(capacity)} ({verdict})",
        fonts,
    )
    open_frame(ax)
    return ax


def _fit(name: str, width: int, lines: int) -> str:
    """``name`` wrapped to ``width`` characters on at most ``lines`` lines ("..." if cut).

    Examples
    --------
    >>> from cxmodel.plotting.schedule import _fit
    >>> print(_fit("Two-way customer community", 12, 2))
    Two-way
    customer...
    """
    wrapped = textwrap.wrap(name, width, break_on_hyphens=False) or [name]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    kept[-1] = textwrap.shorten(kept[-1] + " " + wrapped[lines], width, placeholder="...")
    return "\n".join(kept)


def _legend(ax: Axes, regions: set[Region], fontsize: float) -> None:
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(
            facecolor=tint(REGION_COLORS[r], 0.45),
            edgecolor=darker(REGION_COLORS[r]),
            label=r.label,
        )
        for r in Region
        if r in regions
    ]
    if handles:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.08),
            ncol=min(len(handles), 4),
            frameon=False,
            fontsize=fontsize,
        )
