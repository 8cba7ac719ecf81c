"""The score matrix: two criteria against each other, a 2x2 of thresholds."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from ..intersections import REGION_COLORS, Region
from ..model import Initiative, Lens, Thresholds
from ..portfolio import Portfolio, as_portfolio

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..policy import BalancePolicy
from ._base import (
    INK,
    MUTED,
    SCORES_FIGSIZE,
    VERMILION,
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
)
from ._key import _ordered_groups, draw_key, key_layout
from ._labels import KEY_ORDER, Labels, Spot, _draw_spots, label_mode, literal, place_labels
from ._measure import PAD, Rect, _aligned, _label_shape, _name_shapes, _text_height, _text_width

__all__ = ["plot_scores"]


def plot_scores(
    portfolio: Portfolio | Iterable[Initiative],
    x: str | Lens = "feasibility",
    y: str | Lens = "desirability",
    *,
    ax: Axes | None = None,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
    labels: Labels = "auto",
) -> Axes:
    """A 2x2 matrix of two criteria: threshold lines, quadrant names, bubbles sized by effort.

    Bubbles are coloured by the initiative's region of the Venn diagram (all
    three lenses), so the chart reads together with :func:`~cxmodel.plot_venn`.
    Feature-bloat candidates -- as :func:`~cxmodel.check_balance` finds them
    under ``policy`` -- get a thick vermilion ring.  When the axes are
    feasibility and desirability, the zone where the rule can fire is shaded.

    Initiatives that share both scores (usual with 1-5 ratings) are spread on
    a small sunflower around their common point, so no two bubbles coincide
    and each stays nearer its own score than any other; bubbles of a crowded
    point shrink to fit.  The quadrant names sit in bands beyond the scores,
    so they never cover a bubble.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    x, y : str or Lens
        The criteria on the horizontal and vertical axes (``"viability"``,
        ``"desirability"``, ``"feasibility"``, or a :class:`~cxmodel.Lens`).
    ax : matplotlib.axes.Axes, optional
        Defaults to ``plt.gca()``.
    thresholds : Thresholds, optional
        Where the threshold lines go (default 0.5 each).
    policy : BalancePolicy, optional
        The feature-bloat rule's limits (default ``BalancePolicy()``).
    labels : "auto", "names", "numbers" or False
        As in :func:`~cxmodel.plot_venn`: names beside bubbles, or numbers
        with a key (grouped by region, numbered as the Venn chart numbers
        them) to the right of the axes, or none.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> import cxmodel as cx
    >>> ax = cx.plot_scores(cx.example_portfolio(), ax=Figure().add_subplot())
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Feasibility (technology lens)', 'Desirability (people lens)')
    """
    from ..balance import check_balance
    from ..policy import resolve_settings

    data = as_portfolio(portfolio)
    policy_used, used = resolve_settings(policy, thresholds)  # checked before anything is drawn
    cx_, cy_ = _criteria(x, y)
    mode = label_mode(labels, len(data))
    ax = target_axes(ax, SCORES_FIGSIZE)
    xs = np.asarray(getattr(data, cx_), dtype=np.float64)
    ys = np.asarray(getattr(data, cy_), dtype=np.float64)
    tx, ty = getattr(used, cx_), getattr(used, cy_)
    width_pt, height_pt = _axes_points(ax)
    fonts = _Fonts.for_scale(min(width_pt, height_pt) / 1.08 * 0.85)

    codes = data.regions(used)
    report = check_balance(data, policy_used, thresholds=used, warn=False)
    bloat = {n for f in report.findings if f.code == "feature-bloat" for n in f.initiatives}
    picked = np.array([name in bloat for name in data.names], dtype=bool)
    # Bubbles shrink as the portfolio grows, so a few hundred still read as points.
    crowding = min(1.0, max(0.3, math.sqrt(30.0 / max(len(data), 1))))
    reference = min(width_pt, height_pt) / 1.08 * 0.05 * crowding
    diameters = _effort_diameters(data.effort, reference=reference)

    # The view: the scores, room for bubbles spread around shared points, and a band
    # above and below for the quadrant names.
    caption = _text_height("Xg", fonts.region) + 2 * PAD + 4.0
    low, high = -0.04, 1.04
    for _ in range(2):
        scale = (width_pt / (high - low), (height_pt - 2 * caption) / (high - low))
        px, py, diameters = _spread_ties(xs, ys, diameters, scale)
        reach_x = float(np.max(diameters, initial=0.0)) / 2 / scale[0] + 0.02
        reach_y = float(np.max(diameters, initial=0.0)) / 2 / scale[1] + 0.02
        x_lo = min(-0.04, float(np.min(px, initial=0.0)) - reach_x)
        x_hi = max(1.04, float(np.max(px, initial=1.0)) + reach_x)
        y_lo = min(-0.04, float(np.min(py, initial=0.0)) - reach_y)
        y_hi = max(1.04, float(np.max(py, initial=1.0)) + reach_y)
        low, high = min(x_lo, y_lo), max(x_hi, y_hi)
    sx = width_pt / (high - low)
    sy = (height_pt - 2 * caption) / (high - low)
    band = caption / sy
    ax.set_xlim(low, high)
    ax.set_ylim(low - band, high + band)
    scale = (sx, sy)

    # The pass quadrant is tinted: that is where the pair's kind of innovation lives.
    kind = _innovation_type_of(cx_, cy_)
    top = high + band
    ax.add_patch(_rectangle(tx, ty, top - tx + band, top - ty, REGION_COLORS[kind.region]))
    _threshold_lines(ax, tx, ty)
    if {cx_, cy_} == {"feasibility", "desirability"}:
        _shade_bloat_zone(ax, policy_used, used, swap=cx_ == "desirability")

    quadrants = _quadrant_names(cx_, cy_)
    inset = 4.0 / sx
    fixed: list[Rect] = []
    for (right, upper), text in quadrants.items():
        room = ((high - tx) if right else (tx - low)) * sx - 8.0
        size = min(fonts.region, _fit_size(text, fonts.region, room, bold=right and upper))
        qx = high - inset if right else low + inset
        qy = high + band / 2 if upper else low - band / 2
        caption_text = ax.text(
            qx,
            qy,
            text,
            ha="right" if right else "left",
            va="center",
            fontsize=size,
            fontweight="bold" if right and upper else "normal",
            color=INK if right and upper else MUTED,
            zorder=5,
            **literal(),
        )
        fixed.append(_caption_box(caption_text, scale))

    plan = None
    if mode != "none" and len(data):
        for shrink in (1.0, 0.8, 0.6, 0.45):  # numbers boxed in by their neighbours: shrink
            if shrink < 1.0:
                smaller = _effort_diameters(data.effort, reference=reference * shrink)
                px, py, diameters = _spread_ties(xs, ys, smaller, scale)
            radii = np.where(picked, diameters + 9, diameters) / 2
            plan = _plan_labels(
                data,
                codes,
                px,
                py,
                radii,
                fixed,
                scale,
                (low, high, low - band, high + band),
                fonts,
                mode,
                forced=labels is not True and labels != "auto",
            )
            if not plan[-1]:
                break
    for region in Region:
        members = np.flatnonzero(codes == region)
        if members.size:
            ax.scatter(
                px[members],
                py[members],
                s=diameters[members] ** 2,
                color=REGION_COLORS[region],
                edgecolors=darker(REGION_COLORS[region]),
                linewidths=0.8 if crowding > 0.5 else 0.4,
                alpha=0.9 if crowding > 0.5 else 0.8,
                label=region.label,
                zorder=3,
            )
    if bloat:
        ax.scatter(
            px[picked],
            py[picked],
            s=(diameters[picked] + 9) ** 2,
            facecolors="none",
            edgecolors=VERMILION,
            linewidths=2.2,
            label="Feature-bloat candidate",
            zorder=4,
        )
    if plan is not None:
        _draw_labels(ax, data, codes, px, py, scale, plan)
    ax.set_xlabel(_axis_label(cx_), fontsize=fonts.region, color=INK, **literal())
    ax.set_ylabel(_axis_label(cy_), fontsize=fonts.region, color=INK, **literal())
    _chart_title(ax, f"{cy_.capitalize()} against {cx_}", fonts)
    ax.title.set_parse_math(False)
    legend = ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=3,
        frameon=False,
        fontsize=fonts.note,
        title="Bubble area = effort; colour = region of the Venn diagram",
        title_fontsize=fonts.note,
    )
    from matplotlib.collections import PathCollection

    for handle in legend.legend_handles:  # one size in the key: colour is what it explains
        if isinstance(handle, PathCollection):
            handle.set_sizes([70.0])
    for entry in legend.get_texts():
        entry.set_parse_math(False)
    legend.get_title().set_parse_math(False)
    _matrix_ticks(ax, fonts)
    return ax


def _plan_labels(
    data: Portfolio,
    codes: np.ndarray,
    px: FloatArray,
    py: FloatArray,
    radii: FloatArray,
    fixed: list[Rect],
    scale: tuple[float, float],
    view: tuple[float, float, float, float],
    fonts: _Fonts,
    mode: str,
    *,
    forced: bool,
) -> tuple[list[Any], set[str], dict[str, int], float, list[int]]:
    """Spots for names or numbers (nothing drawn): spots, numbered names, numbers, font size
    and the markers whose number found no free spot."""
    sx, sy = scale
    x0, x1, y0, y1 = view
    centres = np.column_stack([px * sx, py * sy])
    names = data.names
    box = (x0 * sx, y0 * sy, x1 * sx, y1 * sy)
    keyed: set[str] = set(names) if mode == "numbers" else set()
    for attempt in range(3):
        numbers: dict[str, int] = {}
        if keyed:
            members: dict[Region, list[str]] = {}
            for name, code in zip(names, codes.tolist(), strict=True):
                if name in keyed:
                    members.setdefault(Region(code), []).append(name)
            _, numbers = _ordered_groups(members, KEY_ORDER, lambda r: r.label, lambda r: r)
        mixed = 0 < len(keyed) < len(names)
        number_size = fonts.name if mixed or not keyed else min(max(fonts.name * 0.95, 7.0), 9.0)
        variants = [
            [_label_shape(str(numbers[n]), number_size)]
            if n in keyed
            else _name_shapes(n, fonts.name)
            for n in names
        ]
        spots: list[Any] = place_labels(
            centres, radii, variants, fixed, box, tiers=80 if keyed else 20
        )
        failed = {names[k] for k, s in enumerate(spots) if s is None and names[k] not in keyed}
        if not failed:
            break
        keyed |= failed if forced and attempt < 1 else set(names)
    boxed_in = [k for k, spot in enumerate(spots) if spot is None]
    for k in boxed_in:  # the last resort, when no smaller bubbles help: on the bubble's right
        text, w, h = variants[k][0]
        tx, ty = float(centres[k, 0] + radii[k] + 2.0), float(centres[k, 1])
        spots[k] = Spot(
            text,
            tx,
            ty,
            "left",
            "center",
            _aligned(tx, ty, w, h, "left", "center"),
            None,
            math.inf,
        )
    labels = [
        (
            f"#{numbers[n]}" if n in keyed else n,
            str(numbers[n]) if n in keyed else n,
            float(r),
        )
        for n, r in zip(names, radii, strict=True)
    ]
    fontsize = number_size if keyed and not mixed else fonts.name
    return [labels, spots], keyed, numbers, fontsize, boxed_in


def _draw_labels(
    ax: Axes,
    data: Portfolio,
    codes: np.ndarray,
    px: FloatArray,
    py: FloatArray,
    scale: tuple[float, float],
    plan: tuple[list[Any], set[str], dict[str, int], float, list[int]],
) -> None:
    """Draw the planned labels, and the key right of the axes when markers are numbered."""
    (labels, spots), keyed, _, fontsize, _ = plan
    names = data.names
    rows = [
        (key, text, (float(a), float(b)), r)
        for (key, text, r), a, b in zip(labels, px, py, strict=True)
    ]
    _draw_spots(ax, rows, spots, fontsize=fontsize, scale=scale)
    if not keyed:
        return
    members: dict[Region, list[str]] = {}
    for name, code in zip(names, codes.tolist(), strict=True):
        if name in keyed:
            members.setdefault(Region(code), []).append(name)
    groups, _ = _ordered_groups(members, KEY_ORDER, lambda r: r.label, lambda r: REGION_COLORS[r])
    width_pt, height_pt = _axes_points(ax)
    key = key_layout(groups, height_pt, fontsize=9.0, max_width=0.6 * width_pt)
    gap = 16.0

    def place(x_pt: float, y_pt: float) -> tuple[float, float, object]:
        return 1.0 + (gap + x_pt) / width_pt, 1.0 - y_pt / height_pt, ax.transAxes

    draw_key(ax, key, place)


def _spread_ties(
    xs: FloatArray, ys: FloatArray, diameters: FloatArray, scale: tuple[float, float]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Spread bubbles that share a point on a sunflower around it; shrink them to fit.

    Every bubble stays within 0.45 of the distance (in points) from its point to
    the nearest other occupied point, so it stays nearest its own score; the
    layout follows portfolio order, so it is deterministic.
    """
    px, py, size = xs.copy(), ys.copy(), diameters.copy()
    if len(xs) < 2:
        return px, py, size
    sx, sy = scale
    keys = np.column_stack([np.round(xs, 12), np.round(ys, 12)])
    points, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    counts = np.bincount(inverse)
    if counts.max() < 2:
        return px, py, size
    nearest = _nearest_other(points[:, 0] * sx, points[:, 1] * sy)
    golden = math.pi * (3.0 - math.sqrt(5.0))
    for group in np.flatnonzero(counts > 1):
        members = np.flatnonzero(inverse == group)
        k = len(members)
        reach = 0.45 * float(nearest[group])  # points: nearer its own score than any other
        biggest = float(size[members].max())
        # Centre to centre: room between neighbours for a leader line to pass.
        spacing = _SPREAD * biggest
        if spacing * 0.62 * math.sqrt(k) + biggest / 2 > reach:  # shrink the bubbles to fit
            fit = reach / (_SPREAD * 0.62 * math.sqrt(k) + 0.5)
            spacing = _SPREAD * fit
            size[members] = np.minimum(size[members], fit)
        step = spacing * 0.62
        for i, m in enumerate(members):
            r = step * math.sqrt(i + 0.5)
            angle = i * golden
            px[m] = xs[m] + r * math.cos(angle) / sx
            py[m] = ys[m] + r * math.sin(angle) / sy
    return px, py, size


#: Centre-to-centre distance of spread bubbles, in bubble diameters.
_SPREAD = 1.9


def _nearest_other(x: FloatArray, y: FloatArray) -> FloatArray:
    """Distance from each point to the nearest other one (inf when alone)."""
    if len(x) < 2:
        return np.full(len(x), np.inf)
    if len(x) <= 400:
        d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
        np.fill_diagonal(d, np.inf)
        return np.asarray(d.min(axis=1), dtype=np.float64)
    from scipy.spatial import cKDTree

    distances, _ = cKDTree(np.column_stack([x, y])).query(np.column_stack([x, y]), k=2)
    return np.asarray(distances[:, 1], dtype=np.float64)


def _rectangle(x: float, y: float, width: float, height: float, color: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), width, height, color=color, alpha=0.08, lw=0, zorder=0)


def _fit_size(text: str, size: float, width: float, *, bold: bool) -> float:
    natural = _text_width(text, size, bold=bold)
    return size if natural <= width or natural == 0 else max(size * width / natural, 6.5)


def _caption_box(text: Any, scale: tuple[float, float]) -> Rect:
    sx, sy = scale
    x, y = text.get_position()
    size = float(text.get_fontsize())
    width = _text_width(text.get_text(), size, bold=text.get_fontweight() == "bold") + 2 * PAD
    height = _text_height(text.get_text(), size) + 2 * PAD
    return _aligned(x * sx, y * sy, width, height, text.get_horizontalalignment(), "center")


def _shade_bloat_zone(ax: Axes, policy: BalancePolicy, t: Thresholds, *, swap: bool) -> None:
    """Shade feasibility >= bloat_feasibility, desirability < its threshold, gap >= bloat_gap."""
    from matplotlib.patches import Polygon

    f0, gap, top = policy.bloat_feasibility, policy.bloat_gap, t.desirability
    corners = []
    for f in np.linspace(f0, 1.0, 50):
        corners.append((f, min(top, f - gap)))
    corners += [(1.0, 0.0), (f0, 0.0)]
    polygon = [(d, f) if swap else (f, d) for f, d in corners if min(top, f - gap) >= 0]
    if len(polygon) < 3:
        return
    ax.add_patch(
        Polygon(
            polygon,
            closed=True,
            facecolor=VERMILION,
            alpha=0.07,
            edgecolor=VERMILION,
            lw=0.8,
            ls=":",
            hatch="///",
            zorder=0.5,
            label='"Just because you can" zone',
        )
    )


def _effort_diameters(effort: FloatArray, *, reference: float) -> FloatArray:
    """Marker diameters in points: area proportional to effort, clamped to stay readable."""
    if not len(effort):
        return np.empty(0)
    relative = np.sqrt(np.asarray(effort) / float(np.median(effort)))
    return reference * np.clip(relative, 0.45, 1.8)


def _frac(value: float, low: float, high: float) -> float:
    return (value - low) / (high - low)
