"""The three-lens Venn chart: circles, region names and one marker per initiative."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..exceptions import FieldError
from ..intersections import Region
from ..model import Initiative, Lens, Thresholds
from ..portfolio import Portfolio, as_portfolio
from ._venn_layout import DEFAULT_LAYOUT, VennLayout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.text import Text
from ._base import (
    _DEFAULT_THRESHOLDS,
    _EDGE,
    INK,
    MUTED,
    _check_thresholds,
    _palette,
    target_axes,
)
from ._key import _ordered_groups, draw_key
from ._labels import KEY_ORDER, Labels, _draw_spots, label_mode, literal
from ._venn_draft import Frame, draft_layout, draw_markers, draw_text, footnote, region_members

__all__ = ["KEY_ORDER", "VennChart", "plot_venn"]


@attrs.define(frozen=True, eq=False)
class VennChart:
    """What :func:`~cxmodel.plot_venn` drew, for inspection and further styling.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
        The axes drawn on.
    figure : matplotlib.figure.Figure
        The figure holding ``ax``.
    circles : dict
        ``Lens -> ((x, y), radius)`` in data coordinates.
    positions : dict
        ``name -> (x, y)``: where each initiative's marker is.
    markers : dict
        ``Region -> PathCollection``: one scatter collection per region that has initiatives.
    titles : dict
        ``Lens -> Text``: the circle titles.
    region_labels : dict
        ``Region -> Text``: the name of every region that holds initiatives
        ("Business only", "Process innovation", "No lens passes", ...) and of
        the four innovation regions even when empty; other empty regions stay
        unnamed.
    counts : dict
        ``Region -> Text``: the number of initiatives of each named region
        (empty when ``counts=False``).  The four innovation regions have a
        count of their own, bold; outside the circles and in single lenses the
        count is part of the name's text ("No lens passes: N", "Business
        only" over "N"), so there it is the same artist as ``region_labels``.
    names : dict
        ``name -> Text``: the one text artist holding each initiative's name --
        beside its marker, or in the key when the markers are numbered
        (empty when ``labels=False``).
    numbers : dict
        ``name -> Text``: the number written beside each numbered marker
        (empty when names are written beside the markers).
    key : dict
        ``name -> Text``: the key's entries (the same artists as in ``names``);
        empty without a key.
    label_mode : str
        ``"names"``, ``"numbers"`` or ``"none"``: how the markers were labelled.
    layout : VennLayout
        The geometry used.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> import cxmodel as cx
    >>> chart = cx.plot_venn(cx.example_portfolio(), ax=Figure().add_subplot())
    >>> x, y = chart.positions["Invoice processing automation"]
    >>> chart.region_at(x, y)
    <Region.PROCESS: 5>
    >>> chart.label_mode
    'names'
    """

    ax: Axes
    figure: Figure | SubFigure
    circles: dict[Lens, tuple[tuple[float, float], float]]
    positions: dict[str, tuple[float, float]]
    markers: dict[Region, PathCollection]
    titles: dict[Lens, Text]
    region_labels: dict[Region, Text]
    counts: dict[Region, Text]
    names: dict[str, Text]
    layout: VennLayout = DEFAULT_LAYOUT
    numbers: dict[str, Text] = attrs.field(factory=dict)
    key: dict[str, Text] = attrs.field(factory=dict)
    label_mode: str = "none"

    def region_at(self, x: float, y: float) -> Region:
        """The region of the chart containing data point ``(x, y)``."""
        return self.layout.region_at(x, y)


def plot_venn(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    ax: Axes | None = None,
    thresholds: Thresholds | None = None,
    labels: Labels = "auto",
    counts: bool = True,
    title: str | None = None,
    colors: Mapping[Region, Any] | None = None,
) -> VennChart:
    """Draw the three-lens Venn diagram with one marker per initiative inside its region.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    ax : matplotlib.axes.Axes, optional
        Where to draw; defaults to ``plt.gca()``.  Its limits and aspect are set
        and its frame is switched off.
    thresholds : Thresholds, optional
        Which scores pass each lens (default 0.5 each, inclusive).
    labels : "auto", "names", "numbers" or False
        How markers are labelled.  ``"names"`` writes each name beside its
        marker; ``"numbers"`` writes a number (1 to n) beside each marker and
        a key of number and name, grouped by region, beside the diagram;
        ``False`` draws markers only.  ``"auto"`` (the default) writes names
        up to 20 initiatives, numbers up to 300, and markers only beyond.
        ``True`` (and ``"all"``) mean ``"names"``.  A name that no free spot
        fits is numbered in the key instead (under ``"auto"`` the whole chart
        is then numbered).
    counts : bool
        Write the number of initiatives of each region beside its name.
    title : str, optional
        A title above the chart (none by default; :func:`~cxmodel.plotting.save_chart` and the
        command line add one naming the portfolio size).
    colors : mapping, optional
        ``Region -> colour`` overriding :data:`cxmodel.intersections.REGION_COLORS`
        (the colour-blind-safe Okabe-Ito palette) for the regions given.

    Returns
    -------
    VennChart
        The axes, figure, circles, each initiative's marker position and every
        text drawn.

    Notes
    -----
    Whatever the mode, no two texts overlap, no text covers a marker, every
    leader line runs straight from its label to its marker's rim without
    crossing another leader or passing through another marker, and every text
    is drawn literally (a ``$`` in a name is a dollar sign, never mathtext).
    Every name appears exactly once on the figure, in one text artist.

    Marker area is proportional to effort (square-root scaling of the
    diameter, clamped so tiny and huge efforts stay visible and in their
    region, and shrunk so that no marker hides another).  Markers are drawn
    as one collection per region, so 10,000 initiatives draw quickly.  The
    layout is deterministic: the same portfolio always gives the same chart.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> import cxmodel as cx
    >>> ax = Figure(figsize=(8, 7.5)).add_subplot()
    >>> chart = cx.plot_venn(cx.example_portfolio(), ax=ax)
    >>> chart.ax is ax, len(chart.positions)
    (True, 12)
    >>> chart.titles[cx.Lens.PEOPLE].get_text()
    'People (desirable)'
    >>> chart.counts[cx.Region.PROCESS].get_text()
    '3'

    Numbered markers and a key, forced on a small portfolio:

    >>> chart = cx.plot_venn(cx.example_portfolio(), labels="numbers",
    ...                      ax=Figure(figsize=(12, 7.5)).add_subplot())
    >>> sorted(int(t.get_text()) for t in chart.numbers.values()) == list(range(1, 13))
    True
    >>> chart.key["Invoice processing automation"] is chart.names["Invoice processing automation"]
    True
    """
    data = as_portfolio(portfolio)
    used = _DEFAULT_THRESHOLDS if thresholds is None else _check_thresholds(thresholds)
    palette = _palette(colors)
    mode = label_mode(labels, len(data))
    forced = labels is not True and labels != "auto"
    if not isinstance(counts, bool):
        raise FieldError("counts", counts, "must be True or False")
    ax = target_axes(ax, figure_size(len(data)))
    codes = data.regions(used)
    tally = np.bincount(codes, minlength=8)
    frame = Frame.fit(ax, DEFAULT_LAYOUT)

    keyed: set[str] = set(data.names) if mode == "numbers" else set()
    members: dict[Region, list[str]] | None = None  # grouped only when a key lists names
    plan = None
    for attempt in range(4):
        numbers_of: dict[str, int] = {}
        if keyed:
            if members is None:
                members = region_members(data, codes)
            groups, numbers_of = _ordered_groups(
                {r: [n for n in names if n in keyed] for r, names in members.items()},
                KEY_ORDER,
                lambda r: r.label,
                lambda r: palette[r],
            )
            plan, frame = Frame.with_key(ax, DEFAULT_LAYOUT, groups)
        # Numbers boxed in by their neighbours: smaller markers, then smaller numbers.
        for shrink, smaller in _SMALLER:
            draft = draft_layout(
                data, codes, tally, frame, mode, keyed, numbers_of, counts, shrink, smaller,
                last=(shrink, smaller) == _SMALLER[-1],
            )  # fmt: skip
            if not draft.boxed_in:
                break
        if not draft.failed_names:
            break
        # Names that found no free spot are numbered in the key; under "auto" all are.
        failed = {data.names[k] for k in draft.failed_names}
        keyed |= failed if forced and attempt < 2 else set(data.names)

    layout, scale = draft.layout, frame.scale
    xmin, xmax, ymin, ymax = layout.bounds
    ax.set_xlim(xmin, frame.right)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()

    from matplotlib.patches import Circle

    for (cx, cy), r in layout.circles.values():
        # Translucent grey fills darken where circles overlap, so the centre reads as a core.
        # add_artist, not add_patch: the limits are already set, skip recomputing them.
        ax.add_artist(
            Circle((cx, cy), r, facecolor=(0.55, 0.55, 0.55, 0.09), edgecolor=_EDGE, lw=1.6)
        )
    titles = {lens: draw_text(ax, item) for lens, item in draft.titles.items()}
    region_labels = {region: draw_text(ax, item) for region, item in draft.region_names.items()}
    count_texts: dict[Region, Text] = {}
    for region, item in draft.counts.items():
        count_texts[region] = region_labels[region] if item is None else draw_text(ax, item)
    positions, markers = draw_markers(ax, layout, data, codes, palette, draft.radii * scale)

    names: dict[str, Text] = {}
    numbers: dict[str, Text] = {}
    key: dict[str, Text] = {}
    if draft.labels:
        drawn = _draw_spots(
            ax,
            [(key_, text, positions[name], r) for key_, text, name, r in draft.labels],
            draft.spots,
            fontsize=draft.fontsize,
            scale=(scale, scale),
        )
        for key_, _text, _, _ in draft.labels:
            if key_.startswith("#"):
                numbers[draft.number_names[key_]] = drawn[key_]
            else:
                names[key_] = drawn[key_]
    if plan is not None and keyed:
        x0, y0 = xmax + frame.key_gap / scale, ymax

        def place(x_pt: float, y_pt: float) -> tuple[float, float, Any]:
            return x0 + x_pt / scale, y0 - y_pt / scale, ax.transData

        key, _ = draw_key(ax, plan, place)
        names.update(key)
    names = {name: names[name] for name in data.names if name in names}
    numbers = {name: numbers[name] for name in data.names if name in numbers}

    if title:
        # An explicit y spares matplotlib a tight-bbox pass over the (hidden) axis at draw.
        ax.set_title(
            title,
            fontsize=draft.fonts.chart_title,
            fontweight="bold",
            color=INK,
            y=1.0,
            pad=12,
            **literal(),
        )
    note = footnote(used, data.effort)
    if note:
        ax.annotate(
            note,
            xy=(1.0, 0.0),
            xycoords="axes fraction",
            xytext=(0, -4),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=draft.fonts.note,
            color=MUTED,
            **literal(),
        )
    shown = "none" if mode == "none" else "numbers" if numbers else "names"
    return VennChart(
        ax=ax,
        figure=ax.figure,
        circles=layout.circles,
        positions=positions,
        markers=markers,
        titles=titles,
        region_labels=region_labels,
        counts=count_texts,
        names=names,
        layout=layout,
        numbers=numbers,
        key=key,
        label_mode=shown,
    )


#: Marker and number sizes (fractions of their own) tried in turn while numbers are boxed in.
_SMALLER = ((1.0, 1.0), (0.8, 1.0), (0.6, 0.92), (0.45, 0.85), (0.3, 0.8))


def figure_size(portfolio_size: int) -> tuple[float, float]:
    """The figure size (inches) ``save_chart`` gives a Venn chart: wider when it has a key.

    Examples
    --------
    >>> from cxmodel.plotting.venn import figure_size
    >>> figure_size(12), figure_size(25)
    ((9.0, 8.6), (13.5, 8.6))
    """
    if portfolio_size <= 20:
        return (9.0, 8.6)
    if portfolio_size <= 60:
        return (13.5, 8.6)
    return (min(13.5 + 1.6 * math.ceil((portfolio_size - 60) / 50), 19.0), 8.6)
