"""The movement chart: the score matrix, an arrow from each initiative's old scores to its new."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..comparison import Comparison
from ..exceptions import FieldError
from ..intersections import REGION_COLORS, Region
from ..model import Lens

if TYPE_CHECKING:
    from matplotlib.axes import Axes

from ._base import (
    _EDGE,
    INK,
    MUTED,
    FloatArray,
    _axes_points,
    _axis_label,
    _chart_title,
    _criteria,
    _Fonts,
    _innovation_type_of,
    _matrix_ticks,
    _quadrant_names,
    _threshold_lines,
    darker,
    target_axes,
    tint,
)
from ._labels import AUTO_LABEL_LIMIT, Labels, _label_points
from ._measure import _text_box
from ._venn_layout import Box

__all__ = ["GIDS", "plot_movement"]

#: The ``gid`` of what the chart draws, for tests and for styling the SVG: the arrows
#: (annotations: a move to another region, or a change of scores only) and the marker
#: collections (one per region for "before", "after", "added" and "unchanged").
GIDS = {
    "moved": "movement:moved",
    "scores": "movement:scores",
    "before": "movement:before",
    "after": "movement:after",
    "ring": "movement:ring",
    "added": "movement:added",
    "removed": "movement:removed",
    "unchanged": "movement:unchanged",
}

_LOW, _HIGH = -0.04, 1.04


def plot_movement(
    comparison: Comparison,
    *,
    ax: Axes | None = None,
    x: str | Lens = "feasibility",
    y: str | Lens = "desirability",
    labels: Labels = True,
    title: str | None = None,
) -> Axes:
    """The score matrix with an arrow from each initiative's old scores to its new ones.

    The frame is that of :func:`~cxmodel.plot_scores` (threshold lines,
    quadrant names, the pass quadrant tinted).  For the initiatives of a
    :class:`~cxmodel.comparison.Comparison`:

    * in both portfolios with new scores: a hollow ring at the old scores in the
      old region's colour, an arrow, and a filled marker at the new scores in
      the new region's colour; a **move to another region** gets a bold ink
      arrow and an ink ring, a change within the region a thin grey arrow;
    * **added**: a filled plus in its region's colour;
    * **removed**: a grey cross at its old scores;
    * unchanged: a faint marker, for orientation.

    Names are drawn literally (a ``$`` stays a dollar sign) where no two
    texts overlap.

    Parameters
    ----------
    comparison : Comparison
        From :func:`~cxmodel.comparison.compare`; its thresholds place the lines.
    ax : matplotlib.axes.Axes, optional
        Defaults to ``plt.gca()``.
    x, y : str or Lens, keyword-only
        The criteria across and up (default feasibility and desirability, as
        :func:`~cxmodel.plot_scores`).
    labels : bool, "auto" or "all"
        ``True`` / ``"auto"``: the names of what changed, was added or removed,
        when they are at most 30; ``"all"``: those and the unchanged; ``False``: none.
    title : str, optional
        The chart's title (default ``"What moved since last time"``).

    Returns
    -------
    matplotlib.axes.Axes
        Each arrow is an annotation in ``ax.texts`` with an empty text, its
        ``xyann`` the old scores, its ``xy`` the new ones; arrows and marker
        collections carry the gids of :data:`GIDS`.

    Raises
    ------
    FieldError
        If ``comparison`` is not a Comparison, ``x`` equals ``y``, or
        ``labels`` is not one of the values above.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> import cxmodel as cx
    >>> from cxmodel.comparison import compare
    >>> from cxmodel.plotting.movement import GIDS, plot_movement
    >>> last = [cx.Initiative("Loyalty app", 0.8, 0.3, 0.7)]
    >>> now = [cx.Initiative("Loyalty app", 0.8, 0.7, 0.7)]
    >>> ax = plot_movement(compare(last, now), ax=Figure().add_subplot())
    >>> [(a.xyann, a.xy) for a in ax.texts if a.get_gid() == GIDS["moved"]]
    [((0.7, 0.3), (0.7, 0.7))]
    """
    if not isinstance(comparison, Comparison):
        raise FieldError("comparison", comparison, "must be a Comparison (from compare)")
    cx_, cy_ = _criteria(x, y)
    if labels not in (True, False, "auto", "all"):
        raise FieldError("labels", labels, 'must be True, False, "auto" or "all"')
    ax = target_axes(ax)
    used = comparison.thresholds
    before, after = comparison.before, comparison.after

    ax.set_xlim(_LOW, _HIGH)
    ax.set_ylim(_LOW, _HIGH)
    width_pt, height_pt = _axes_points(ax)
    scale = (width_pt / (_HIGH - _LOW), height_pt / (_HIGH - _LOW))
    fonts = _Fonts.for_scale(min(scale) * 0.85)
    _draw_frame(ax, cx_, cy_, getattr(used, cx_), getattr(used, cy_), fonts)

    # Positions and regions on both sides.
    old_x, old_y = np.asarray(getattr(before, cx_)), np.asarray(getattr(before, cy_))
    new_x, new_y = np.asarray(getattr(after, cx_)), np.asarray(getattr(after, cy_))
    old_codes, new_codes = before.regions(used), after.regions(used)
    old_at = {name: k for k, name in enumerate(before.names)}
    changed = {m.name for m in comparison.score_changes}
    moved = {m.name for m in comparison.moves}
    added = set(comparison.added)

    size = len(set(before.names) | set(after.names))
    crowding = min(1.0, max(0.3, math.sqrt(30.0 / max(size, 1))))
    diameter = min(scale) * 0.045 * crowding  # points
    radius = diameter / 2

    # What gets drawn, collected first so that each kind is one scatter call.
    now: dict[Region, list[tuple[float, float]]] = {r: [] for r in Region}
    then: dict[Region, list[tuple[float, float]]] = {r: [] for r in Region}
    fresh: dict[Region, list[tuple[float, float]]] = {r: [] for r in Region}
    ringed: list[tuple[float, float]] = []
    gone: list[tuple[float, float]] = []
    faint: dict[Region, list[tuple[float, float]]] = {r: [] for r in Region}
    arrows: list[tuple[str, tuple[float, float], tuple[float, float], bool]] = []
    named: list[tuple[str, tuple[float, float]]] = []
    quiet: list[tuple[str, tuple[float, float]]] = []

    for k, name in enumerate(after.names):
        here = (float(new_x[k]), float(new_y[k]))
        region = Region(int(new_codes[k]))
        if name in added:
            fresh[region].append(here)
            named.append((name, here))
        elif name in changed:
            j = old_at[name]
            there = (float(old_x[j]), float(old_y[j]))
            then[Region(int(old_codes[j]))].append(there)
            now[region].append(here)
            if name in moved:
                ringed.append(here)
            if there != here:
                arrows.append((name, there, here, name in moved))
            named.append((name, here))
        else:
            faint[region].append(here)
            quiet.append((name, here))
    for name in comparison.removed:
        j = old_at[name]
        there = (float(old_x[j]), float(old_y[j]))
        gone.append(there)
        named.append((name, there))

    # Unchanged ones pale, for orientation; old rings under the arrows, arrows under the
    # new markers.
    for region, points in faint.items():
        _scatter(
            ax,
            "unchanged",
            points,
            diameter * 0.85,
            color=tint(REGION_COLORS[region], 0.7),
            edgecolor=tint(REGION_COLORS[region], 0.3),
            lw=0.6,
            zorder=2,
        )
    for region, points in then.items():
        _scatter(
            ax,
            "before",
            points,
            diameter * 0.7,
            facecolor="white",
            edgecolor=REGION_COLORS[region] if region is not Region.PEOPLE_ONLY else _EDGE,
            lw=1.2,
            zorder=3,
        )
    for _, start, end, is_move in arrows:
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            xycoords="data",
            arrowprops={
                "arrowstyle": "-|>",
                "color": INK if is_move else MUTED,
                "lw": 1.6 if is_move else 0.9,
                "mutation_scale": 11 if is_move else 8,
                "shrinkA": radius * 0.7 + 1,
                "shrinkB": radius + (3.5 if is_move else 1),
            },
            zorder=4 if is_move else 3.5,
            gid=GIDS["moved" if is_move else "scores"],
        )
    for region, points in now.items():
        colour = REGION_COLORS[region]
        _scatter(
            ax,
            "after",
            points,
            diameter,
            color=colour,
            edgecolor=darker(colour),
            lw=0.8,
            zorder=5,
        )
    _scatter(ax, "ring", ringed, diameter + 7, facecolor="none", edgecolor=INK, lw=1.4, zorder=5)
    for region, points in fresh.items():
        colour = REGION_COLORS[region]
        _scatter(
            ax,
            "added",
            points,
            diameter * 1.15,
            marker="P",
            color=colour,
            edgecolor=darker(colour),
            lw=0.8,
            zorder=5,
        )
    _scatter(ax, "removed", gone, diameter * 0.9, marker="X", color="#999999", lw=0, zorder=5)

    # Names, placed around everything drawn so far.
    if labels == "all":
        shown = named + quiet
    elif labels is False or len(named) > AUTO_LABEL_LIMIT:
        shown = []
    else:
        shown = named
    if shown:
        obstacles = [_text_box(t, scale) for t in ax.texts if t.get_text()]
        obstacles += _ring_boxes([p for pts in then.values() for p in pts], radius * 0.7, scale)
        obstacles += [b for _, s, e, _ in arrows for b in _segment_boxes(s, e, radius, scale)]
        if labels != "all":
            obstacles += _ring_boxes([p for _, p in quiet], radius, scale)
        radii = np.array(
            [radius + (3.5 if name in moved else 0.0) for name, _ in shown], dtype=np.float64
        )
        texts = _label_points(
            ax,
            shown,
            radii,
            obstacles,
            fontsize=fonts.name,
            scale=scale,
            bounds=(_LOW, _HIGH, _LOW, _HIGH),
        )
        for text in texts.values():
            text.set_parse_math(False)  # a name is text, never mathtext
    ax.set_xlabel(_axis_label(cx_), fontsize=fonts.region, color=INK)
    ax.set_ylabel(_axis_label(cy_), fontsize=fonts.region, color=INK)
    _chart_title(ax, "What moved since last time" if title is None else title, fonts)
    ax.title.set_parse_math(False)
    _legend(ax, fonts, now, fresh, bool(ringed), bool(changed - moved), bool(gone), faint)
    _matrix_ticks(ax, fonts)
    return ax


def _draw_frame(ax: Axes, cx_: str, cy_: str, tx: float, ty: float, fonts: _Fonts) -> None:
    """Threshold lines, the tinted pass quadrant and the quadrant names, as in plot_scores."""
    kind = _innovation_type_of(cx_, cy_)
    ax.axvspan(
        tx,
        _HIGH,
        ymin=(ty - _LOW) / (_HIGH - _LOW),
        ymax=1,
        color=REGION_COLORS[kind.region],
        alpha=0.08,
        lw=0,
        zorder=0,
    )
    _threshold_lines(ax, tx, ty)
    quadrants = _quadrant_names(cx_, cy_)
    inset = 0.015
    for (right, top), text in quadrants.items():
        ax.text(
            _HIGH - inset if right else _LOW + inset,
            _HIGH - inset if top else _LOW + inset,
            text,
            ha="right" if right else "left",
            va="top" if top else "bottom",
            fontsize=fonts.region,
            fontweight="bold" if right and top else "normal",
            color=INK if right and top else MUTED,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.75, "lw": 0},
            zorder=6,
        )


def _scatter(
    ax: Axes,
    kind: str,
    points: list[tuple[float, float]],
    diameter: float,
    *,
    marker: str = "o",
    color: Any = None,
    facecolor: Any = None,
    edgecolor: Any = "face",
    lw: float = 0.8,
    alpha: float = 1.0,
    zorder: float = 3,
) -> None:
    if not points:
        return
    xy = np.array(points, dtype=np.float64)
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=diameter**2,
        marker=marker,
        c=None if color is None else [color],
        facecolors=facecolor,
        edgecolors=edgecolor,
        linewidths=lw,
        alpha=alpha,
        zorder=zorder,
        gid=GIDS[kind],
    )


def _ring_boxes(
    points: list[tuple[float, float]], radius: float, scale: tuple[float, float]
) -> list[Box]:
    """Data-unit boxes of markers of ``radius`` points: obstacles for names."""
    rx, ry = radius / scale[0], radius / scale[1]
    return [Box(px - rx, py - ry, px + rx, py + ry) for px, py in points]


def _segment_boxes(
    start: tuple[float, float],
    end: tuple[float, float],
    radius: float,
    scale: tuple[float, float],
) -> list[Box]:
    """Small boxes along an arrow, every few points: names keep off the arrows."""
    sx, sy = scale
    length = math.hypot((end[0] - start[0]) * sx, (end[1] - start[1]) * sy)
    steps: FloatArray = np.linspace(0.0, 1.0, max(2, int(length / 6.0) + 1))[1:-1]
    half = 1.5  # points
    return [
        Box(
            start[0] + (end[0] - start[0]) * t - half / sx,
            start[1] + (end[1] - start[1]) * t - half / sy,
            start[0] + (end[0] - start[0]) * t + half / sx,
            start[1] + (end[1] - start[1]) * t + half / sy,
        )
        for t in steps
        if length * min(t, 1 - t) > radius  # not the ends, under the markers
    ]


def _legend(
    ax: Axes,
    fonts: _Fonts,
    now: dict[Region, list[tuple[float, float]]],
    fresh: dict[Region, list[tuple[float, float]]],
    any_move: bool,
    any_change: bool,
    any_gone: bool,
    faint: dict[Region, list[tuple[float, float]]],
) -> None:
    """A key of what the marks mean, then the region colours in use, below the axes."""
    from matplotlib.lines import Line2D

    handles: list[Any] = []
    if any_move:
        handles.append(Line2D([], [], color=INK, lw=1.6, label="Moved to another region"))
    if any_change:
        handles.append(Line2D([], [], color=MUTED, lw=0.9, label="Scores changed, same region"))
    if any_move or any_change:
        handles.append(
            Line2D([], [], ls="", marker="o", mfc="white", mec=_EDGE, mew=1.2, label="Before")
        )
    if any(fresh.values()):
        handles.append(Line2D([], [], ls="", marker="P", mfc=MUTED, mec=INK, label="Added"))
    if any_gone:
        handles.append(
            Line2D([], [], ls="", marker="X", mfc="#999999", mec="none", label="Removed")
        )
    if any(faint.values()):
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                mfc=tint(MUTED, 0.7),
                mec=tint(MUTED, 0.3),
                label="Unchanged",
            )
        )
    for region in Region:
        if now[region] or fresh[region] or faint[region]:
            colour = REGION_COLORS[region]
            handles.append(
                Line2D(
                    [], [], ls="", marker="o", mfc=colour, mec=darker(colour), label=region.label
                )
            )
    if not handles:
        return
    for handle in handles:
        handle.set_markersize(7)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=3,
        frameon=False,
        fontsize=fonts.note,
        title="Arrow: from last time's scores to this time's; colour = region now",
        title_fontsize=fonts.note,
    )
