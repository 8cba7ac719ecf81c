"""The perception-gap chart: desirability as the company scores it against the customers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ..customer import (
    check_min_gap,
    is_wide,
    measured_gaps,
)
from ..model import Initiative
from ..portfolio import Portfolio, as_portfolio
from ._base import COMPANY_COLOR, CUSTOMER_COLOR, FAINT, open_frame, target_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_perception_gap"]


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
        colors=[("0.25" if w else FAINT) for w in wide],
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
