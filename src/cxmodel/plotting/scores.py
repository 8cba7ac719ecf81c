"""The score matrix: two criteria against each other, a 2x2 of thresholds."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ..exceptions import FieldError
from ..intersections import REGION_COLORS, Region
from ..model import Initiative, Lens, Thresholds
from ..portfolio import Portfolio, as_portfolio

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..balance import BalancePolicy
from ._base import (
    _EDGE,
    INK,
    MUTED,
    VERMILION,
    FloatArray,
    _axes_points,
    _chart_title,
    _criterion,
    _Fonts,
    _innovation_type_of,
    darker,
    open_frame,
    target_axes,
)
from ._labels import Labels, _label_points, _text_box, _want_names

__all__ = ["plot_scores"]


def plot_scores(
    portfolio: Portfolio | Iterable[Initiative],
    x: str | Lens = "feasibility",
    y: str | Lens = "desirability",
    *,
    ax: Axes | None = None,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
    labels: Labels = True,
) -> Axes:
    """A 2x2 matrix of two criteria: threshold lines, quadrant names, bubbles sized by effort.

    Bubbles are coloured by the initiative's region of the Venn diagram (all
    three lenses), so the chart reads together with :func:`~cxmodel.plot_venn`.
    Feature-bloat candidates -- as :func:`~cxmodel.check_balance` finds them
    under ``policy`` -- get a thick vermilion ring.  When the axes are
    feasibility and desirability, the zone where the rule can fire is shaded.

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
    labels : bool, "auto" or "all"
        Names beside bubbles, as in :func:`~cxmodel.plot_venn`.

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
    from ..balance import check_balance, resolve_settings

    data = as_portfolio(portfolio)
    policy_used, used = resolve_settings(policy, thresholds)  # checked before anything is drawn
    cx_, cy_ = _criterion(x, "x"), _criterion(y, "y")
    if cx_ == cy_:
        raise FieldError("y", y, f"must differ from x ({cx_})")
    show_names = _want_names(labels, len(data))
    ax = target_axes(ax)
    xs = np.asarray(getattr(data, cx_))
    ys = np.asarray(getattr(data, cy_))
    tx, ty = getattr(used, cx_), getattr(used, cy_)
    low, high = -0.04, 1.04
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    width_pt, height_pt = _axes_points(ax)
    scale = (width_pt / (high - low), height_pt / (high - low))
    fonts = _Fonts.for_scale(min(scale) * 0.85)

    # The pass quadrant is tinted: that is where the pair's kind of innovation lives.
    kind = _innovation_type_of(cx_, cy_)
    ax.axvspan(
        tx,
        high,
        ymin=_frac(ty, low, high),
        ymax=1,
        color=REGION_COLORS[kind.region],
        alpha=0.08,
        lw=0,
        zorder=0,
    )
    ax.axvline(tx, color=_EDGE, lw=1.2, ls="--", zorder=1)
    ax.axhline(ty, color=_EDGE, lw=1.2, ls="--", zorder=1)
    if {cx_, cy_} == {"feasibility", "desirability"}:
        _shade_bloat_zone(ax, policy_used, used, swap=cx_ == "desirability")

    lx, ly = Lens.from_criterion(cx_), Lens.from_criterion(cy_)
    quadrants = {
        (True, True): kind.label,
        (False, True): f"{ly.adjective.capitalize()}, not {lx.adjective}",
        (True, False): f"{lx.adjective.capitalize()}, not {ly.adjective}",
        (False, False): f"Neither {lx.adjective} nor {ly.adjective}",
    }
    inset = 0.015
    for (right, top), text in quadrants.items():
        ax.text(
            high - inset if right else low + inset,
            high - inset if top else low + inset,
            text,
            ha="right" if right else "left",
            va="top" if top else "bottom",
            fontsize=fonts.region,
            fontweight="bold" if right and top else "normal",
            color=INK if right and top else MUTED,
            # Above the bubbles, on a light patch, so crowded corners stay readable.
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.75, "lw": 0},
            zorder=5,
        )

    codes = data.regions(used)
    # Bubbles shrink as the portfolio grows, so a few hundred still read as points.
    crowding = min(1.0, max(0.3, math.sqrt(30.0 / max(len(data), 1))))
    diameters = _effort_diameters(data.effort, reference=min(scale) * 0.05 * crowding)
    for region in Region:
        members = np.flatnonzero(codes == region)
        if members.size:
            ax.scatter(
                xs[members],
                ys[members],
                s=diameters[members] ** 2,
                color=REGION_COLORS[region],
                edgecolors=darker(REGION_COLORS[region]),
                linewidths=0.8 if crowding > 0.5 else 0.4,
                alpha=0.9 if crowding > 0.5 else 0.75,
                label=region.label,
                zorder=3,
            )
    report = check_balance(data, policy_used, thresholds=used, warn=False)
    bloat = {n for f in report.findings if f.code == "feature-bloat" for n in f.initiatives}
    picked = np.array([name in bloat for name in data.names], dtype=bool)
    if bloat:
        ax.scatter(
            xs[picked],
            ys[picked],
            s=(diameters[picked] + 9) ** 2,
            facecolors="none",
            edgecolors=VERMILION,
            linewidths=2.2,
            label="Feature-bloat candidate",
            zorder=4,
        )
    if show_names and len(data):
        title_boxes = [_text_box(t, scale) for t in ax.texts]
        _label_points(
            ax,
            [(name, (float(a), float(b))) for name, a, b in zip(data.names, xs, ys, strict=True)],
            np.where(picked, diameters + 9, diameters) / 2,
            title_boxes,
            fontsize=fonts.name,
            scale=scale,
            bounds=(low, high, low, high),
        )
    ax.set_xlabel(f"{cx_.capitalize()} ({lx.value} lens)", fontsize=fonts.region, color=INK)
    ax.set_ylabel(f"{cy_.capitalize()} ({ly.value} lens)", fontsize=fonts.region, color=INK)
    _chart_title(ax, f"{cy_.capitalize()} against {cx_}", fonts)
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
    open_frame(ax)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.tick_params(labelsize=fonts.note, colors=MUTED)
    return ax


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
