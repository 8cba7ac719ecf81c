"""The one table of chart kinds that save_chart and the command line read."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._text import plural
from ..exceptions import FieldError
from ..model import Thresholds
from ..portfolio import Portfolio, as_portfolio

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..policy import BalancePolicy
from ._base import SCORES_FIGSIZE, _check_thresholds
from ._png import save_png

__all__ = ["CHART_KINDS", "FORMATS", "KINDS", "chart_format", "save_chart"]


#: File formats :func:`~cxmodel.plotting.save_chart` writes, by extension.
FORMATS = ("png", "svg", "pdf")


@attrs.frozen
class ChartKind:
    """One kind of chart :func:`save_chart` and ``cxmodel chart --kind`` can draw.

    ``draw(figure, subject, options)`` draws on a new figure; ``size(subject, options)``
    gives the figure's size in inches, so a long roadmap or report gets room.
    """

    draw: Callable[[Figure, Any, dict[str, Any]], object]
    size: Callable[[Any, dict[str, Any]], tuple[float, float]]
    margins: dict[str, float] | None = None
    #: False for a kind drawn from a result (a comparison, a schedule) instead of a
    #: portfolio: ``cxmodel chart --kind`` does not offer it (see :data:`KINDS`).
    portfolio: bool = True


def _one_axes(kind: ChartKind, figure: Figure) -> Axes:
    if kind.margins is not None:
        figure.subplots_adjust(**kind.margins)
    return figure.add_subplot()


# Each kind imports its chart module when drawn: one chart loads only what it draws.


def _venn_size(portfolio: Any, options: dict[str, Any]) -> tuple[float, float]:
    from .venn import figure_size

    return figure_size(len(as_portfolio(portfolio)))  # room for a key


def _draw_venn(figure: Figure, portfolio: Any, options: dict[str, Any]) -> object:
    from .venn import plot_venn

    title = options.get("title")
    if title is None:
        title = f"Customer-experience portfolio: {plural(len(portfolio), 'initiative')}"
    ax = _one_axes(CHART_KINDS["venn"], figure)
    return plot_venn(portfolio, ax=ax, thresholds=options.get("thresholds"), title=title)


def _draw_scores(figure: Figure, portfolio: Any, options: dict[str, Any]) -> object:
    from .scores import plot_scores

    ax = _one_axes(CHART_KINDS["scores"], figure)
    return plot_scores(
        portfolio, ax=ax, thresholds=options.get("thresholds"), policy=options.get("policy")
    )


def _draw_balance(figure: Figure, portfolio: Any, options: dict[str, Any]) -> object:
    from .balance import plot_balance

    ax = _one_axes(CHART_KINDS["balance"], figure)
    return plot_balance(
        portfolio, ax=ax, thresholds=options.get("thresholds"), policy=options.get("policy")
    )


def _roadmap_plan(portfolio: Any, options: dict[str, Any]) -> Any:
    from ..planning import roadmap

    if "plan" not in options:  # planned once: the plan sizes the figure and is then drawn
        used = options.get("thresholds")
        used = None if used is None else _check_thresholds(used)
        options["plan"] = roadmap(as_portfolio(portfolio), thresholds=used)
    return options["plan"]


def _roadmap_size(portfolio: Any, options: dict[str, Any]) -> tuple[float, float]:
    plan = _roadmap_plan(portfolio, options)
    return (
        max(7.0, 2.6 * len(plan.phases) + 1),
        max(4.5, 0.62 * max((len(p) for p in plan.phases), default=1) + 2.2),
    )


def _draw_roadmap_kind(figure: Figure, portfolio: Any, options: dict[str, Any]) -> object:
    from .roadmap import _draw_roadmap

    ax = _one_axes(CHART_KINDS["roadmap"], figure)
    plan = _roadmap_plan(portfolio, options)
    return _draw_roadmap(ax, as_portfolio(portfolio), plan, options.get("thresholds"))


def _sensitivity_report(subject: Any, options: dict[str, Any]) -> Any:
    from ..uncertainty import SensitivityReport, sensitivity

    if isinstance(subject, SensitivityReport):
        return subject
    if "report" not in options:  # a portfolio: computed once, repeatably (seed 0 by default)
        options["report"] = sensitivity(
            as_portfolio(subject),
            thresholds=options.get("thresholds"),
            policy=options.get("policy"),
            seed=options.get("seed", 0),
            samples=options.get("samples", 1000),
        )
    return options["report"]


def _sensitivity_size(subject: Any, options: dict[str, Any]) -> tuple[float, float]:
    rows = max(min(len(_sensitivity_report(subject, options).names), 30), 1)
    return (10.0, 1.2 + 0.32 * rows)


def _draw_sensitivity(figure: Figure, subject: Any, options: dict[str, Any]) -> object:
    from .sensitivity import plot_sensitivity

    figure.set_layout_engine("constrained")
    return plot_sensitivity(_sensitivity_report(subject, options), ax=figure.add_subplot())


def _sweep_of(subject: Any, options: dict[str, Any]) -> Any:
    from ..uncertainty import ThresholdSweep, threshold_sweep

    if isinstance(subject, ThresholdSweep):
        return subject
    if "sweep" not in options:
        options["sweep"] = threshold_sweep(
            as_portfolio(subject),
            thresholds=options.get("thresholds"),
            policy=options.get("policy"),
        )
    return options["sweep"]


def _sweep_size(subject: Any, options: dict[str, Any]) -> tuple[float, float]:
    return (4.2 * len(_sweep_of(subject, options).lenses) + 2, 3.6)


def _draw_sweep(figure: Figure, subject: Any, options: dict[str, Any]) -> object:
    from .sensitivity import plot_threshold_sweep

    sweep = _sweep_of(subject, options)
    figure.set_layout_engine("constrained")
    panels = figure.subplots(1, len(sweep.lenses), squeeze=False)[0]
    return plot_threshold_sweep(sweep, ax=list(panels))


def _draw_journey(figure: Figure, portfolio: Any, options: dict[str, Any]) -> object:
    from .journey import plot_journey

    figure.set_layout_engine("constrained")
    return plot_journey(portfolio, ax=figure.add_subplot(), thresholds=options.get("thresholds"))


def _gaps_size(portfolio: Any, options: dict[str, Any]) -> tuple[float, float]:
    from ..customer import measured_gaps

    rows = max(min(len(measured_gaps(portfolio)), 30), 1)
    return (10.0, 1.5 + 0.4 * rows)


def _draw_gaps(figure: Figure, portfolio: Any, options: dict[str, Any]) -> object:
    from .gaps import plot_perception_gap

    figure.set_layout_engine("constrained")
    min_gap = options.get("min_gap", 0.2)
    return plot_perception_gap(portfolio, ax=figure.add_subplot(), min_gap=min_gap)


def _draw_movement(figure: Figure, comparison: Any, options: dict[str, Any]) -> object:
    from .movement import plot_movement

    figure.set_layout_engine("constrained")
    return plot_movement(comparison, ax=figure.add_subplot())


def _ratings_size(workshop: Any, options: dict[str, Any]) -> tuple[float, float]:
    return (10.0, 1.6 + 0.75 * max(min(len(workshop.portfolio), 40), 1))


def _draw_ratings(figure: Figure, workshop: Any, options: dict[str, Any]) -> object:
    from .ratings import plot_ratings

    figure.set_layout_engine("constrained")
    return plot_ratings(workshop, ax=figure.add_subplot(), thresholds=options.get("thresholds"))


def _schedule_size(plan: Any, options: dict[str, Any]) -> tuple[float, float]:
    return (max(7.0, 1.1 * len(plan.periods) + 3.0), 5.5)


def _draw_schedule(figure: Figure, plan: Any, options: dict[str, Any]) -> object:
    from .schedule import plot_schedule

    figure.set_layout_engine("constrained")
    return plot_schedule(plan, ax=figure.add_subplot())


def _fixed(width: float, height: float) -> Callable[[Any, dict[str, Any]], tuple[float, float]]:
    return lambda subject, options: (width, height)


#: Every chart kind by name: the one table :func:`save_chart` and the command line read.
CHART_KINDS: dict[str, ChartKind] = {
    "venn": ChartKind(
        _draw_venn,
        _venn_size,
        {"left": 0.02, "right": 0.98, "top": 0.93, "bottom": 0.04},
    ),
    "scores": ChartKind(
        _draw_scores,
        _fixed(*SCORES_FIGSIZE),
        {"left": 0.1, "right": 0.96, "top": 0.92, "bottom": 0.2},
    ),
    "balance": ChartKind(
        _draw_balance, _fixed(8.0, 5.5), {"left": 0.12, "right": 0.9, "top": 0.88, "bottom": 0.1}
    ),
    "roadmap": ChartKind(
        _draw_roadmap_kind,
        _roadmap_size,
        {"left": 0.02, "right": 0.98, "top": 0.88, "bottom": 0.1},
    ),
    # a SensitivityReport or ThresholdSweep, or a portfolio to compute it from
    "sensitivity": ChartKind(_draw_sensitivity, _sensitivity_size),
    "sweep": ChartKind(_draw_sweep, _sweep_size),
    "journey": ChartKind(_draw_journey, _fixed(10.0, 4.5)),
    "gaps": ChartKind(_draw_gaps, _gaps_size),  # option min_gap (default 0.2)
    # drawn from a result, not a portfolio: a Comparison (compare), a Workshop
    "movement": ChartKind(_draw_movement, _fixed(9.0, 8.0), portfolio=False),
    "ratings": ChartKind(_draw_ratings, _ratings_size, portfolio=False),
    "schedule": ChartKind(_draw_schedule, _schedule_size, portfolio=False),
}

#: The chart kinds of a portfolio, as ``cxmodel chart --kind`` offers them.
KINDS = tuple(name for name, kind in CHART_KINDS.items() if kind.portfolio)


def chart_format(path: str | os.PathLike[str]) -> str:
    """The file format of ``path`` by its extension: ``"png"``, ``"svg"`` or ``"pdf"``.

    Examples
    --------
    >>> from cxmodel.plotting import chart_format
    >>> chart_format("deck/venn.PDF")
    'pdf'
    >>> chart_format("venn.gif")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: output must end in .png, .svg or .pdf, got 'venn.gif'
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise FieldError("output", str(path), "must end in .png, .svg or .pdf")
    return suffix


def save_chart(
    portfolio: Portfolio | object,
    path: str | os.PathLike[str],
    *,
    kind: str = "venn",
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
    title: str | None = None,
    **options: Any,
) -> Path:
    """Draw one chart on a new figure (no pyplot state) and write it to ``path``.

    Parameters
    ----------
    portfolio : Portfolio
        What to draw: a portfolio, or for ``"sensitivity"`` and ``"sweep"`` also
        the :class:`~cxmodel.SensitivityReport` or :class:`~cxmodel.ThresholdSweep`
        already computed.
    path : str or os.PathLike
        The format follows the extension: ``.png`` (150 dpi), ``.svg`` or ``.pdf``;
        anything else raises :class:`~cxmodel.FieldError`.
    kind : str, default "venn"
        A key of ``CHART_KINDS``: ``"venn"``, ``"scores"``, ``"balance"``,
        ``"roadmap"`` (:func:`~cxmodel.plot_venn`, :func:`~cxmodel.plot_scores`,
        :func:`~cxmodel.plot_balance`, :func:`~cxmodel.plot_roadmap`),
        ``"sensitivity"``, ``"sweep"`` (:func:`~cxmodel.plot_sensitivity`,
        :func:`~cxmodel.plot_threshold_sweep`), ``"journey"``
        (:func:`~cxmodel.plot_journey`) or ``"gaps"``
        (:func:`~cxmodel.plot_perception_gap`); and from a result, ``"movement"``
        (a :class:`~cxmodel.Comparison`, :func:`~cxmodel.plot_movement`) and
        ``"ratings"`` (a :class:`~cxmodel.Workshop`, :func:`~cxmodel.plot_ratings`).
    thresholds : Thresholds, optional
    policy : BalancePolicy, optional
        For the scores (feature-bloat rule) and balance charts, and the
        sensitivity and sweep computed from a portfolio.
    title : str, optional
        Replaces the chart's automatic title.
    **options
        Options of the kind: ``min_gap`` (gaps, default 0.2); ``seed`` and
        ``samples`` (a sensitivity computed from a portfolio; default 0 and 1000,
        so the chart is repeatable).

    Returns
    -------
    pathlib.Path
        Where the chart was written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import cxmodel as cx
    >>> from cxmodel.plotting import save_chart
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = save_chart(cx.example_portfolio(), pathlib.Path(tmp, "venn.svg"))
    ...     out.read_text()[:5]
    '<?xml'
    >>> report = cx.sensitivity(cx.example_portfolio(), samples=50, seed=1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_chart(report, pathlib.Path(tmp, "fragile.pdf"), kind="sensitivity").name
    'fragile.pdf'
    """
    from matplotlib.figure import Figure

    out = Path(path)
    suffix = chart_format(out)
    chart = CHART_KINDS.get(kind)
    if chart is None:
        raise FieldError("kind", kind, f"must be one of {', '.join(CHART_KINDS)}")
    options = {**options, "thresholds": thresholds, "policy": policy}
    if kind == "venn":
        options["title"] = title
    fig = Figure(figsize=chart.size(portfolio, options))
    chart.draw(fig, portfolio, options)
    if title is not None and kind != "venn":
        fig.axes[0].title.set_text(title)  # keeps the automatic title's font and place
    if suffix == "png":
        save_png(fig, out, dpi=DPI, pad=0.25)
    else:
        fig.savefig(out, format=suffix, dpi=DPI, bbox_inches="tight", pad_inches=0.25)
    return out


#: The resolution of PNG charts: sharp on a slide, a few hundred kilobytes.
DPI = 150
