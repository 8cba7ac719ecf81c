"""The workshop chart: every rater's score per initiative and lens, the aggregate, the spread."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from .._text import plural
from ..exceptions import FieldError
from ..intersections import REGION_COLORS, Region
from ..model import CRITERIA, Lens, Thresholds
from ..workshop import Workshop
from ._base import (
    INK,
    MUTED,
    VERMILION,
    _axes_points,
    _check_thresholds,
    darker,
    open_frame,
    target_axes,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LENS_COLORS", "plot_ratings", "rating_offsets"]

#: The colour of each lens: the colour of its single-lens region on the Venn diagram.
LENS_COLORS: dict[str, str] = {
    "viability": REGION_COLORS[Region.BUSINESS_ONLY],
    "desirability": REGION_COLORS[Region.PEOPLE_ONLY],
    "feasibility": REGION_COLORS[Region.TECHNOLOGY_ONLY],
}
#: Vertical distance between ratings that share a score, in row units.
_STACK = 0.14
#: The area of a rating's dot, in points squared.
_DOT = 22.0
#: Rows per initiative: one per lens and a gap.
_GROUP = 4


def rating_offsets(values: np.ndarray, step: float = _STACK) -> np.ndarray:
    """Vertical offsets that keep equal ratings apart: centred stacks of ``step``.

    Examples
    --------
    >>> import numpy as np
    >>> from cxmodel.plotting.ratings import rating_offsets
    >>> rating_offsets(np.array([0.5, 0.75, 0.5, 0.5])).round(2).tolist()
    [-0.14, 0.0, 0.0, 0.14]
    """
    offsets = np.zeros(len(values))
    totals = Counter(values.tolist())
    seen: Counter[float] = Counter()
    for k, value in enumerate(values.tolist()):
        offsets[k] = (seen[value] - (totals[value] - 1) / 2.0) * step
        seen[value] += 1
    return offsets


def plot_ratings(
    workshop: Workshop, *, ax: Axes | None = None, thresholds: Thresholds | None = None
) -> Axes:
    """Every rater's score of every initiative and lens, with the aggregate and the spread.

    One band per initiative (portfolio order, top down), one row per lens in it
    (viability, desirability, feasibility, coloured like the lens's region of
    the Venn diagram).  Each rater's normalised rating is a dot (ratings that
    share a score are stacked so that none hides another); a line spans the
    lowest to the highest rating; the aggregated score is a larger diamond.
    Ratings on the :attr:`~cxmodel.workshop.Workshop.discuss` list are drawn in
    vermilion, with their spread written to the right, and their initiative's
    name is set in bold.  A short dashed tick marks each lens's threshold.  The
    top axis shows the raters' own scale.

    Parameters
    ----------
    workshop : Workshop
        From :func:`~cxmodel.workshop.aggregate_ratings`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; defaults to ``plt.gca()``.
    thresholds : Thresholds, optional
        The pass marks drawn; defaults to ``Thresholds()``.

    Returns
    -------
    matplotlib.axes.Axes
        The artists carry ids: ``ratings:<name>:<criterion>`` (the dots),
        ``aggregate:<name>:<criterion>`` (the diamond), ``range:...`` (the line)
        and ``discuss:...`` (the spread text).

    Raises
    ------
    FieldError
        ``workshop`` is not a Workshop, ``thresholds`` not a Thresholds, or
        ``ax`` not an Axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from cxmodel.workshop import aggregate_ratings
    >>> from cxmodel.plotting.ratings import plot_ratings
    >>> rows = [{"rater": r, "initiative": "Kiosk", "criterion": c, "score": s}
    ...         for r, scores in {"Ann": (4, 1, 5), "Bo": (4, 4, 5)}.items()
    ...         for c, s in zip(("viability", "desirability", "feasibility"), scores)]
    >>> fig, ax = plt.subplots()
    >>> ax = plot_ratings(aggregate_ratings(rows), ax=ax)
    >>> [t.get_text() for t in ax.texts if t.get_gid().startswith("discuss")]
    ['±0.38']
    >>> plt.close(fig)
    """
    if not isinstance(workshop, Workshop):
        raise FieldError("workshop", workshop, "must be a Workshop (from aggregate_ratings)")
    limits = _check_thresholds(Thresholds() if thresholds is None else thresholds)
    ax = target_axes(ax)
    names = workshop.portfolio.names
    ratings = np.asarray(workshop.ratings)
    flagged = set(workshop.discuss)
    n = len(names)
    ax.set_ylim(-0.8, max(n, 1) * _GROUP - 1.2)
    # Equal ratings are stacked a marker's width apart (at most 0.3 rows: a stack of three
    # stays inside its row).
    height = _axes_points(ax)[1]
    per_row = height / (max(n, 1) * _GROUP - 0.4)
    step = min(max(_STACK, 1.25 * np.sqrt(_DOT) / per_row), 0.3)
    for k, name in enumerate(names):
        base = (n - 1 - k) * _GROUP
        for j, criterion in enumerate(CRITERIA):
            y = base + (2 - j)
            colour = LENS_COLORS[criterion]
            values = ratings[:, k, j]
            values = values[~np.isnan(values)]
            discuss = (name, criterion) in flagged
            line = VERMILION if discuss else MUTED
            ax.hlines(
                y,
                values.min(),
                values.max(),
                colors=line,
                linewidth=2.0 if discuss else 1.2,
                zorder=1,
                gid=f"range:{name}:{criterion}",
            )
            threshold = limits.for_lens(Lens.from_criterion(criterion))
            ax.vlines(
                threshold, y - 0.42, y + 0.42, colors="0.6", linestyles="dashed", linewidth=0.8
            )
            ax.scatter(
                values,
                y + rating_offsets(values, step),
                s=_DOT,
                c=[colour],
                edgecolors=[darker(colour)],
                linewidths=0.6,
                alpha=0.9,
                zorder=4,  # above the diamond: a rating equal to the aggregate stays visible
                gid=f"ratings:{name}:{criterion}",
            )
            score = getattr(workshop.portfolio[name], criterion)
            ax.scatter(
                [score],
                [y],
                s=70,
                marker="D",
                c=[colour],
                edgecolors=[VERMILION if discuss else INK],
                linewidths=1.4 if discuss else 1.0,
                zorder=3,
                gid=f"aggregate:{name}:{criterion}",
            )
            if discuss:
                ax.text(
                    1.03,
                    y,
                    f"\N{PLUS-MINUS SIGN}{workshop.spread[name][criterion]:.2f}",
                    va="center",
                    fontsize="small",
                    color=VERMILION,
                    gid=f"discuss:{name}:{criterion}",
                )
    ax.set_yticks([(n - 1 - k) * _GROUP + 1 for k in range(n)])
    ax.set_yticklabels(list(names))
    for label, name in zip(ax.get_yticklabels(), names, strict=True):
        if any(item[0] == name for item in flagged):
            label.set_fontweight("bold")
            label.set_color(VERMILION)
    ax.set_xlim(-0.04, 1.16)
    ax.set_xticks(np.linspace(0.0, 1.0, 5))
    ax.set_xlabel("Normalised score")
    scale = workshop.scale
    top = ax.secondary_xaxis(
        "top",
        functions=(
            lambda x: scale.low + np.asarray(x) * (scale.high - scale.low),
            lambda y: (np.asarray(y) - scale.low) / (scale.high - scale.low),
        ),
    )
    if float(scale.high - scale.low).is_integer() and scale.high - scale.low <= 10:
        top.set_xticks(np.arange(scale.low, scale.high + 0.5))
    top.tick_params(colors=MUTED, labelsize="small")
    top.set_xlabel(f"Raters' scale ({scale.low:g}-{scale.high:g})", color=MUTED, fontsize="small")
    ax.grid(axis="x", color="0.92", zorder=0)
    ax.set_axisbelow(True)
    ax.set_title(
        f"Workshop ratings: {plural(len(workshop.raters), 'rater')}, {plural(n, 'initiative')}",
        pad=8,
        color=INK,
    )
    _legend(ax, workshop.method)
    open_frame(ax)
    return ax


def _legend(ax: Axes, method: str) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=colour,
            markeredgecolor=darker(colour),
            label=criterion,
        )
        for criterion, colour in LENS_COLORS.items()
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="D",
            linestyle="",
            markerfacecolor="white",
            markeredgecolor=INK,
            label=f"{method} of the raters",
        )
    )
    handles.append(Line2D([], [], color=VERMILION, linewidth=2.0, label="to discuss"))
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncols=5,
        frameon=False,
        fontsize="small",
        handlelength=1.4,
        columnspacing=1.0,
    )
