"""The three-lens Venn chart: circles, region names and one marker per initiative."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from .._text import number
from ..exceptions import FieldError
from ..intersections import Region
from ..model import CRITERIA, Initiative, Lens, Thresholds
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
    FloatArray,
    _check_thresholds,
    _Fonts,
    _palette,
    _points_per_unit,
    darker,
    target_axes,
)
from ._labels import Labels, _fit, _label_points, _text_box, _want_names

__all__ = ["VennChart", "plot_venn"]


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
        ``Region -> Text``: the names of the three innovation regions, the
        centre and the ``NONE`` region (single-lens regions show their count
        only, as in the classic Venn diagram: the circle titles name them).
    counts : dict
        ``Region -> Text``: the number of initiatives in each of the eight
        regions (empty when ``counts=False``); for ``NONE`` it is the same text
        as its name, "No lens passes: N".
    names : dict
        ``name -> Text``: initiative names written beside markers (may be empty).
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

    def region_at(self, x: float, y: float) -> Region:
        """The region of the chart containing data point ``(x, y)``."""
        return self.layout.region_at(x, y)


def plot_venn(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    ax: Axes | None = None,
    thresholds: Thresholds | None = None,
    labels: Labels = True,
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
    labels : bool, "auto" or "all"
        Write initiative names beside their markers.  ``True`` (the default)
        and ``"auto"`` do so for portfolios of up to 30 initiatives, where
        names stay readable; ``"all"`` always; ``False`` never.
    counts : bool
        Write the number of initiatives of each region under its name.
    title : str, optional
        A title above the chart (none by default; :func:`~cxmodel.plotting.save_chart` and the
        command line add one naming the portfolio size).
    colors : mapping, optional
        ``Region -> colour`` overriding :data:`cxmodel.portfolio.REGION_COLORS`
        (the colour-blind-safe Okabe-Ito palette) for the regions given.

    Returns
    -------
    VennChart
        The axes, figure, circles and each initiative's marker position.

    Notes
    -----
    Marker area is proportional to effort (square-root scaling of the
    diameter, clamped so tiny and huge efforts stay visible and in their
    region).  Markers are drawn as one collection per region, so 10,000
    initiatives draw quickly.  The layout is deterministic: the same portfolio
    always gives the same positions.

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
    """
    data = as_portfolio(portfolio)
    used = _DEFAULT_THRESHOLDS if thresholds is None else _check_thresholds(thresholds)
    palette = _palette(colors)
    show_names = _want_names(labels, len(data))
    if not isinstance(counts, bool):
        raise FieldError("counts", counts, "must be True or False")
    ax = target_axes(ax)
    layout = DEFAULT_LAYOUT
    xmin, xmax, ymin, ymax = layout.bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    scale = _points_per_unit(ax, xmax - xmin, ymax - ymin)
    fonts = _Fonts.for_scale(scale)

    from matplotlib.patches import Circle

    for (cx, cy), r in layout.circles.values():
        # Translucent grey fills darken where circles overlap, so the centre reads as a core.
        # add_artist, not add_patch: the limits are already set, skip recomputing them.
        ax.add_artist(
            Circle((cx, cy), r, facecolor=(0.55, 0.55, 0.55, 0.09), edgecolor=_EDGE, lw=1.6)
        )

    titles = {}
    for lens, anchor in layout.title_anchors.items():
        titles[lens] = ax.text(
            anchor.x,
            anchor.y,
            f"{lens.value.capitalize()} ({lens.adjective})",
            ha=anchor.ha,
            va=anchor.va,
            fontsize=_fit(
                f"{lens.value.capitalize()} ({lens.adjective})",
                fonts.title,
                anchor.box.width * scale,
                bold=True,
            ),
            fontweight="bold",
            color=INK,
            zorder=5,
        )

    codes = data.regions(used)
    tally = np.bincount(codes, minlength=8)
    region_labels, count_texts = _draw_region_labels(ax, layout, tally, fonts, scale, counts)

    radii = _marker_radii(data, scale, layout, tally)
    if len(radii):
        # Keep whole markers, not just their centres, off the circles and the labels.
        margin = min(max(float(radii.max()) + 0.005, layout.margin), 0.15)
        layout = attrs.evolve(layout, margin=margin)
    positions, markers = _draw_markers(ax, layout, data, codes, palette, radii * scale)

    names: dict[str, Text] = {}
    if show_names and len(data):
        obstacles = [_text_box(t, scale) for t in (*titles.values(), *region_labels.values())]
        obstacles += [_text_box(t, scale) for t in count_texts.values()]
        names = _label_points(
            ax,
            [(name, positions[name]) for name in data.names],
            radii * scale,
            obstacles,
            fontsize=fonts.name,
            scale=scale,
            bounds=(xmin, xmax, ymin, ymax),
            circles=list(layout.circles.values()),
        )

    if title:
        # An explicit y spares matplotlib a tight-bbox pass over the (hidden) axis at draw.
        ax.set_title(
            title, fontsize=fonts.chart_title, fontweight="bold", color=INK, y=1.0, pad=12
        )
    note = _footnote(used, data.effort)
    if note:
        ax.annotate(
            note,
            xy=(1.0, 0.0),
            xycoords="axes fraction",
            xytext=(0, -4),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=fonts.note,
            color=MUTED,
        )
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
    )


_REGION_TEXT = {
    Region.NONE: "No lens passes",
    Region.EMOTIONAL: "Emotional innovation",
    Region.PROCESS: "Process innovation",
    Region.FUNCTIONAL: "Functional innovation",
    Region.CUSTOMER_EXPERIENCE: "Customer experience",
}


def _draw_region_labels(
    ax: Axes,
    layout: VennLayout,
    tally: npt.NDArray[np.intp],
    fonts: _Fonts,
    scale: float,
    counts: bool,
) -> tuple[dict[Region, Text], dict[Region, Text]]:
    names: dict[Region, Text] = {}
    numbers: dict[Region, Text] = {}
    for region, anchor in layout.label_anchors.items():
        text = _REGION_TEXT[region]
        # Outside the circles the count joins the name ("No lens passes: 4"): one text
        # fewer to draw, and a bare number there would say nothing.
        merged = counts and region is Region.NONE
        if merged:
            text = f"{text}: {number(int(tally[region]))}"
        names[region] = ax.text(
            anchor.x,
            anchor.y,
            text,
            ha=anchor.ha,
            va="center",
            fontsize=_fit(text, fonts.region, anchor.box.width * scale, bold=False),
            # Only the innovations are upright and dark: they are what the chart is about.
            fontstyle="normal" if region.is_innovation else "italic",
            color=INK if region.is_innovation else MUTED,
            zorder=5,
        )
        if merged:
            numbers[region] = names[region]
    if counts:
        for region, anchor in layout.count_anchors.items():
            if region in numbers:
                continue
            numbers[region] = ax.text(
                anchor.x,
                anchor.y,
                str(int(tally[region])),
                ha=anchor.ha,
                va="center",
                fontsize=fonts.count if region.is_innovation else fonts.count * 0.9,
                fontweight="bold",
                color=INK if tally[region] else "#a0a0a0",
                zorder=5,
            )
    return names, numbers


def _draw_markers(
    ax: Axes,
    layout: VennLayout,
    data: Portfolio,
    codes: npt.NDArray[np.uint8],
    palette: Mapping[Region, Any],
    radii_pt: FloatArray,
) -> tuple[dict[str, tuple[float, float]], dict[Region, PathCollection]]:
    from matplotlib.collections import PathCollection
    from matplotlib.markers import MarkerStyle
    from matplotlib.transforms import IdentityTransform

    xy = np.empty((len(data), 2))
    diameters = 2 * radii_pt
    marker = MarkerStyle("o")
    circle = marker.get_path().transformed(marker.get_transform())
    crowded = len(data) > 200
    markers = {}
    for region in Region:
        members = np.flatnonzero(codes == region)
        if not members.size:
            continue
        xy[members] = layout.place(region, int(members.size))
        # A PathCollection built directly: what scatter makes, minus its per-call overhead.
        collection = PathCollection(
            (circle,),
            sizes=diameters[members] ** 2,
            offsets=xy[members],
            offset_transform=ax.transData,
            facecolors=palette[region],
            # A darker rim keeps light colours (the palette's yellow) visible on the grey.
            edgecolors="none" if crowded else darker(palette[region]),
            linewidths=0.0 if crowded else 0.9,
            alpha=0.85 if crowded else 1.0,
            label=region.label,
            zorder=3,
        )
        collection.set_transform(IdentityTransform())  # sizes are in points, as in scatter
        ax.add_collection(collection, autolim=False)
        markers[region] = collection
    names = data.names
    positions = {names[k]: (float(xy[k, 0]), float(xy[k, 1])) for k in range(len(names))}
    return positions, markers


def _marker_radii(
    data: Portfolio, scale: float, layout: VennLayout, tally: npt.NDArray[np.intp]
) -> FloatArray:
    """Marker radii in data units: area proportional to effort, clamped, shrunk in crowds.

    ``tally`` counts the initiatives of each region (indexed by region code).
    """
    if not len(data):
        return np.empty(0)
    # Typical spacing of points in the most crowded region bounds the reference size.
    spacing = min(math.sqrt(layout.area(Region(r)) / n) for r, n in enumerate(tally) if n)
    reference = min(0.3 * spacing, 0.05)  # data units
    reference = max(reference, 1.2 / scale)  # at least a visible dot
    effort = data.effort
    relative = np.sqrt(effort / float(np.median(effort)))
    return reference * np.clip(relative, 0.55, 1.5)


def _footnote(thresholds: Thresholds, effort: FloatArray) -> str:
    """What a reader needs beyond the picture: non-default pass marks, what size means."""
    parts = []
    if thresholds != _DEFAULT_THRESHOLDS:
        passes = " · ".join(
            f"{criterion} ≥ {getattr(thresholds, criterion):g}" for criterion in CRITERIA
        )
        parts.append(f"A lens passes at {passes}.")
    if len(effort) and float(effort.max()) > float(effort.min()):
        parts.append("Marker area ∝ effort.")
    return "  ".join(parts)
