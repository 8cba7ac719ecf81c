"""The balance chart: the share of each innovation type against the policy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from ..exceptions import FieldError
from ..intersections import REGION_COLORS, InnovationType
from ..model import Initiative, Thresholds
from ..portfolio import Portfolio, as_portfolio

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..balance import BalanceReport
    from ..policy import BalancePolicy
from ._base import (
    INK,
    MUTED,
    VERMILION,
    _axes_points,
    _chart_title,
    _check_thresholds,
    _Fonts,
    _percent_formatter,
    darker,
    open_frame,
    target_axes,
)

__all__ = ["plot_balance"]


def plot_balance(
    report_or_portfolio: BalanceReport | Portfolio | Iterable[Initiative],
    *,
    ax: Axes | None = None,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
) -> Axes:
    """Innovation shares as bars, against the policy's limit on process innovation.

    Parameters
    ----------
    report_or_portfolio : BalanceReport or Portfolio
        A report from :func:`~cxmodel.check_balance`, or a portfolio to check
        (with ``thresholds`` and ``policy``, silently).
    ax : matplotlib.axes.Axes, optional
        Defaults to ``plt.gca()``.
    thresholds, policy : optional
        Used only when a portfolio is given.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> import cxmodel as cx
    >>> ax = cx.plot_balance(cx.example_portfolio(), ax=Figure().add_subplot())
    >>> [f"{bar.get_height():.3f}" for bar in ax.patches]
    ['0.250', '0.545', '0.205']
    """
    from ..balance import BalanceReport, check_balance

    if isinstance(report_or_portfolio, BalanceReport):
        if thresholds is not None or policy is not None:
            raise FieldError("thresholds/policy", "given", "apply only when a portfolio is given")
        report = report_or_portfolio
    else:
        data = as_portfolio(report_or_portfolio)
        used = None if thresholds is None else _check_thresholds(thresholds)
        report = check_balance(data, policy, thresholds=used, warn=False)
    ax = target_axes(ax)
    width_pt, height_pt = _axes_points(ax)
    fonts = _Fonts.for_scale(min(width_pt, height_pt) / 2.6)
    kinds = list(InnovationType)
    shares = [report.innovation_shares[t] for t in kinds]
    limit = report.policy.max_process_share
    positions = np.arange(len(kinds))
    bars = ax.bar(
        positions,
        shares,
        width=0.6,
        color=[REGION_COLORS[t.region] for t in kinds],
        edgecolor=[darker(REGION_COLORS[t.region]) for t in kinds],
        zorder=2,
    )
    for bar, share, kind in zip(bars, shares, kinds, strict=True):
        over = kind is InnovationType.PROCESS and share > limit
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            share + 0.015,
            f"{share:.0%}" + ("  over the limit" if over else ""),
            ha="center",
            va="bottom",
            fontsize=fonts.count * 0.9,
            fontweight="bold",
            color=VERMILION if over else INK,
        )
    process = kinds.index(InnovationType.PROCESS)
    ax.hlines(
        limit, process - 0.45, process + 0.45, colors=VERMILION, linestyles="--", lw=2, zorder=3
    )
    ax.text(
        process + 0.47,
        limit,
        f"limit {limit:.0%}",
        ha="left",
        va="center",
        fontsize=fonts.note,
        color=VERMILION,
    )
    ax.axhline(1 / 3, color=MUTED, lw=1, ls=":", zorder=1)
    ax.text(
        len(kinds) - 0.5,
        1 / 3,
        "level mix (1/3 each)",
        ha="right",
        va="bottom",
        fontsize=fonts.note,
        color=MUTED,
    )
    ax.set_xticks(positions, [t.label for t in kinds], fontsize=fonts.region)
    ax.set_ylim(0, min(1.0, max(*shares, limit) + 0.15))
    ax.set_xlim(-0.6, len(kinds) - 0.4)
    ax.yaxis.set_major_formatter(_percent_formatter())
    ax.tick_params(axis="y", labelsize=fonts.note, colors=MUTED)
    basis = "effort" if report.policy.weight == "effort" else "initiatives"
    ax.set_ylabel(f"Share of innovation {basis}", fontsize=fonts.region, color=INK)
    verdict = "balanced" if report.ok else "unbalanced"
    _chart_title(
        ax, f"Innovation mix: {verdict} (balance index {report.balance_index:.2f})", fonts
    )
    if not any(shares):
        ax.text(
            1,
            0.5,
            "No initiative is an innovation yet",
            ha="center",
            va="center",
            fontsize=fonts.region,
            color=MUTED,
        )
    open_frame(ax)
    return ax
