"""The roadmap chart: phases as columns, dependencies as arrows."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._text import number, plural
from ..intersections import REGION_COLORS, Region
from ..model import Initiative, Thresholds
from ..portfolio import Portfolio, as_portfolio

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..planning import Roadmap
from ._base import (
    INK,
    MUTED,
    VERMILION,
    _axes_points,
    _chart_title,
    _check_thresholds,
    _Fonts,
    darker,
    target_axes,
    tint,
)
from ._roadmap_layout import dependency_edges, roadmap_rows

__all__ = ["plot_roadmap"]


def plot_roadmap(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    ax: Axes | None = None,
    thresholds: Thresholds | None = None,
) -> Axes:
    """Phases as columns, dependency arrows between initiatives, the critical path highlighted.

    Each initiative is a box in the column of its phase (see
    :func:`~cxmodel.roadmap`), coloured by its region of the Venn diagram.
    The critical path's boxes and arrows are drawn thick and vermilion.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> import cxmodel as cx
    >>> ax = cx.plot_roadmap(cx.example_portfolio(), ax=Figure().add_subplot())
    >>> ax.get_title()
    'Roadmap: 2 phases, critical path effort 13'
    """
    from ..planning import roadmap

    data = as_portfolio(portfolio)
    used = None if thresholds is None else _check_thresholds(thresholds)
    plan = roadmap(data, thresholds=used)
    return _draw_roadmap(target_axes(ax), data, plan, used)


def _draw_roadmap(ax: Axes, data: Portfolio, plan: Roadmap, used: Thresholds | None) -> Axes:
    """Draw ``plan``, the roadmap of ``data`` under ``used``, on ``ax``."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    phases = plan.phases
    rows = max((len(phase) for phase in phases), default=1)
    columns = max(len(phases), 1)
    ax.set_xlim(-0.55, columns - 0.45)
    ax.set_ylim(rows - 0.35, -0.95)
    ax.set_axis_off()
    width_pt, height_pt = _axes_points(ax)
    sx, sy = width_pt / (columns + 0.1), height_pt / (rows + 0.6)
    fonts = _Fonts.for_scale(min(sx * 0.75, sy * 1.6, 130.0))
    edges = dependency_edges(data)
    where = roadmap_rows(phases, edges)
    critical = set(plan.critical_path)
    critical_edges = set(zip(plan.critical_path, plan.critical_path[1:], strict=False))
    codes = dict(zip(data.names, data.regions(used), strict=True))
    box_w, box_h = 0.74, 0.64
    name_size = min(max(fonts.name * 1.2, 8.5), 0.2 * sy)  # read on a slide, fit the box
    chars = max(int(box_w * sx / (name_size * 0.55)), 8)
    for c, phase in enumerate(phases):
        effort = plan.phase_effort[c]
        ax.text(
            c,
            -0.62,
            f"Phase {c + 1}",
            ha="center",
            va="bottom",
            fontsize=fonts.title * 0.9,
            fontweight="bold",
            color=INK,
        )
        ax.text(
            c,
            -0.6,
            f"{plural(len(phase), 'initiative')}, effort {number(effort)}",
            ha="center",
            va="top",
            fontsize=fonts.note,
            color=MUTED,
        )
    for name, (column, r) in where.items():
        colour = REGION_COLORS[Region(int(codes[name]))]
        on_path = name in critical
        ax.add_patch(
            FancyBboxPatch(
                (column - box_w / 2, r - box_h / 2),
                box_w,
                box_h,
                boxstyle="round,pad=0,rounding_size=0.06",
                facecolor=tint(colour),
                edgecolor=VERMILION if on_path else darker(colour),
                lw=2.4 if on_path else 1.0,
                zorder=2,
            )
        )
        ax.text(
            column,
            r,
            textwrap.fill(name, chars),
            ha="center",
            va="center",
            fontsize=name_size,
            color=INK,
            fontweight="bold" if on_path else "normal",
            linespacing=1.0,
            zorder=3,
            clip_on=True,
        )
    for dependency, dependant in edges:
        (c0, r0), (c1, r1) = where[dependency], where[dependant]
        hot = (dependency, dependant) in critical_edges
        ax.add_patch(
            FancyArrowPatch(
                (c0 + box_w / 2, r0),
                (c1 - box_w / 2, r1),
                arrowstyle="-|>",
                mutation_scale=12 if hot else 9,
                color=VERMILION if hot else "#7a7a7a",
                lw=2.2 if hot else 1.0,
                connectionstyle="arc3,rad=0.0",
                zorder=4 if hot else 1,
            )
        )
    _roadmap_legend(ax, {Region(int(c)) for c in codes.values()}, fonts.note)
    _chart_title(
        ax,
        f"Roadmap: {plural(len(phases), 'phase')}, "
        f"critical path effort {number(plan.critical_effort)}",
        fonts,
    )
    return ax


def _roadmap_legend(ax: Axes, regions: set[Region], fontsize: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(facecolor=tint(REGION_COLORS[r]), edgecolor=darker(REGION_COLORS[r]), label=r.label)
        for r in Region
        if r in regions
    ]
    handles.append(Line2D([], [], color=VERMILION, lw=2.2, label="Critical path"))
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(len(handles), 4),
        frameon=False,
        fontsize=fontsize,
    )
