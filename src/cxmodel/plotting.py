"""Charts of a portfolio: the three-lens Venn diagram and its companions.

matplotlib is imported inside the functions, so ``import cxmodel`` stays
light.  Every ``plot_*`` function takes ``ax=None`` (then draws on
``plt.gca()``) and keyword-only options, never touches rcParams or other global
state, and returns what it drew so callers can keep styling it.  The geometry
of the Venn chart lives in :mod:`cxmodel._venn_layout` and is testable without
a figure; what every cxmodel chart shares (the Axes to draw on, ink colours) in
:mod:`cxmodel._chart_base`.
"""

from __future__ import annotations

import functools
import math
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ._chart_base import INK, MUTED, VERMILION, darker, open_frame, target_axes, tint
from ._lenses import parse_lens
from ._text import number, plural
from ._venn_layout import DEFAULT_LAYOUT, Box, VennLayout
from .exceptions import FieldError
from .intersections import InnovationType, Region
from .model import CRITERIA, Initiative, Lens, Thresholds
from .portfolio import REGION_COLORS, Portfolio, as_portfolio

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.text import Text

    from .balance import BalancePolicy, BalanceReport
    from .planning import Roadmap

__all__ = [
    "VennChart",
    "chart_format",
    "plot_balance",
    "plot_roadmap",
    "plot_scores",
    "plot_venn",
    "save_chart",
]

FloatArray = npt.NDArray[np.float64]
Labels = bool | Literal["auto", "all"]

#: ``labels=True`` / ``"auto"`` write names beside markers up to this many initiatives.
AUTO_LABEL_LIMIT = 30

_EDGE = "#4d4d4d"
_DEFAULT_THRESHOLDS = Thresholds()


# --- the Venn chart ---------------------------------------------------------------------


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


@attrs.frozen
class _Fonts:
    """Font sizes in points, proportional to the chart's size and clamped to stay readable."""

    chart_title: float
    title: float
    region: float
    count: float
    name: float
    note: float

    @classmethod
    def for_scale(cls, scale: float) -> _Fonts:
        def size(per_unit: float, low: float, high: float) -> float:
            return round(min(max(per_unit * scale, low), high), 1)

        return cls(
            chart_title=size(0.13, 10, 18),
            title=size(0.115, 8, 16),
            region=size(0.075, 6, 12),
            count=size(0.1, 7, 15),
            name=size(0.056, 5.5, 9),
            note=size(0.06, 6, 8.5),
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


# --- name labels beside markers ------------------------------------------------------


def _label_points(
    ax: Axes,
    points: Sequence[tuple[str, tuple[float, float]]],
    radii: FloatArray,
    obstacles: list[Box],
    *,
    fontsize: float,
    scale: float | tuple[float, float],
    bounds: tuple[float, float, float, float],
    circles: Sequence[tuple[tuple[float, float], float]] = (),
) -> dict[str, Text]:
    """Write each name beside its point where it overlaps nothing else (greedy, then repaired).

    Every name gets candidate spots -- beside its marker in eight directions,
    or further out with a leader line, in a wide or a narrow wrapping -- each
    with a cost: overlap with titles, region labels, markers, other names and
    the view edge, leader lines running over things, distance.  Names are
    placed greedily, most crowded marker first; then two repair passes move
    each name to its best spot given all the others.  Everything is measured
    in typographic points (``scale`` is points per data unit, one number or
    one per axis), text extents from the font's glyph metrics; ``radii`` are
    the markers' radii in points.
    """
    sx, sy = (scale, scale) if isinstance(scale, int | float) else scale
    xmin, xmax, ymin, ymax = bounds
    view = (xmin * sx, ymin * sy, xmax * sx, ymax * sy)
    blocked = np.array([(o.x0 * sx, o.y0 * sy, o.x1 * sx, o.y1 * sy) for o in obstacles])
    rings = [((cx * sx, cy * sy), r * sx) for (cx, cy), r in circles]
    centres = np.array([(x * sx, y * sy) for _, (x, y) in points]).reshape(-1, 2)
    markers = np.column_stack([centres - radii[:, None], centres + radii[:, None]])
    line = fontsize * 1.2
    candidates = [
        _label_candidates(k, name, centres, radii, markers, blocked, rings, view, fontsize, line)
        for k, (name, _) in enumerate(points)
    ]

    def total(k: int, choice: int, others: FloatArray) -> float:
        spot = candidates[k][choice]
        cost = spot.cost + 40.0 * _overlap_sum(spot.box, others)
        if spot.far:
            cost += 80.0 * _segment_hits(centres[k], (spot.tx, spot.ty), others)
        return cost

    # Most crowded markers first: they have the fewest free spots, so they choose first.
    crowd = [int((np.hypot(*(centres - c).T) < 60.0).sum()) for c in centres]
    chosen: dict[int, int] = {}
    for k in sorted(range(len(points)), key=lambda k: (-crowd[k], k)):
        others = np.array([candidates[j][c].box for j, c in chosen.items()]).reshape(-1, 4)
        chosen[k] = min(range(len(candidates[k])), key=lambda c: total(k, c, others))
    for _ in range(2):  # repair: each name moves to its best spot given all the others
        for k in range(len(points)):
            others = np.array([candidates[j][c].box for j, c in chosen.items() if j != k]).reshape(
                -1, 4
            )
            chosen[k] = min(range(len(candidates[k])), key=lambda c: total(k, c, others))

    texts: dict[str, Text] = {}
    for k, (name, xy) in enumerate(points):
        spot = candidates[k][chosen[k]]
        arrow = (
            {"arrowstyle": "-", "color": "#888888", "lw": 0.6, "shrinkA": 0, "shrinkB": 2}
            if spot.far
            else None
        )
        label = _name_label_class()(
            name,
            xy=xy,
            xytext=(spot.tx / sx, spot.ty / sy),
            xycoords="data",
            ha=spot.ha,
            va=spot.va,
            fontsize=fontsize,
            color=INK,
            linespacing=1.0,
            arrowprops=arrow,
            zorder=6,
        )
        label.shown = spot.text
        ax.add_artist(label)
        label.set_clip_on(False)  # like ax.annotate: a name may reach past the axes
        texts[name] = label
    return texts


@functools.cache
def _name_label_class() -> Any:
    """An Annotation that shows a name wrapped onto lines but keeps ``get_text()`` the name.

    Tests, screen readers and SVG consumers see the initiative's exact name;
    only the drawing breaks it onto lines.  (It hooks matplotlib's own
    text-wrapping step; were that hook ever renamed, names would simply be
    drawn on one line.)
    """
    from matplotlib.text import Annotation

    class NameLabel(Annotation):
        shown = ""

        def _get_wrapped_text(self) -> str:
            return self.shown or self.get_text()

    return NameLabel


@attrs.frozen
class _Spot:
    """One place a name could go, with its cost before other names are considered."""

    text: str
    box: tuple[float, float, float, float]
    ha: str
    va: str
    tx: float
    ty: float
    far: int
    cost: float


def _label_candidates(
    k: int,
    name: str,
    centres: FloatArray,
    radii: FloatArray,
    markers: FloatArray,
    blocked: FloatArray,
    rings: Sequence[tuple[tuple[float, float], float]],
    view: tuple[float, float, float, float],
    fontsize: float,
    line: float,
) -> list[_Spot]:
    x, y = float(centres[k, 0]), float(centres[k, 1])
    others = np.delete(markers, k, axis=0)
    others_xy = np.delete(centres, k, axis=0)
    fixed = np.concatenate([blocked.reshape(-1, 4), others])
    spots = []
    for wrap in (24, 14):  # two shapes: wide and low, or narrow and tall
        text = textwrap.fill(name, wrap, break_long_words=True)
        width = _text_width(text, fontsize) + 3.0  # a little air around the words
        height = line * (text.count("\n") + 1) + 1.0
        for order, (dx, dy, ha, va, far) in enumerate(_SPOTS):
            reach = float(radii[k]) + 2.0 + far * 3.5 * line
            tx, ty = x + dx * reach, y + dy * reach
            b = _aligned_box(tx, ty, width, height, ha, va)
            box = (b.x0, b.y0, b.x1, b.y1)
            # Any overlap with text costs more than a leader line; markers a little less.
            cost = 40.0 * _overlap_sum(box, blocked.reshape(-1, 4))
            cost += 10.0 * _overlap_sum(box, others)
            inside = _overlap_sum(box, np.array([view]))
            cost += 8.0 * (b.width * b.height - inside)
            cost += 25.0 * sum(_crosses(b, c) for c in rings)
            cost += 6.0 * (order if not far else (order - 8) % 12) + 60.0 * far
            cost += 3.0 if wrap != 24 else 0.0
            if not far and len(others_xy) and _box_distance(box, others_xy).min() < reach:
                cost += 30.0  # nearer another marker than its own: the reader would misread it
            if far:  # a leader line should not run over other markers or names
                cost += 80.0 * _segment_hits((x, y), (tx, ty), fixed)
            spots.append(_Spot(text, box, ha, va, tx, ty, far, cost))
    return spots


def _box_distance(box: tuple[float, float, float, float], points: FloatArray) -> FloatArray:
    """Distance from each point to the nearest point of ``box`` (0 inside it)."""
    dx = np.maximum(np.maximum(box[0] - points[:, 0], 0.0), points[:, 0] - box[2])
    dy = np.maximum(np.maximum(box[1] - points[:, 1], 0.0), points[:, 1] - box[3])
    return np.asarray(np.hypot(dx, dy), dtype=np.float64)


def _overlap_sum(box: tuple[float, float, float, float], boxes: FloatArray) -> float:
    """Total area ``box`` shares with the rows ``(x0, y0, x1, y1)`` of ``boxes``."""
    if not len(boxes):
        return 0.0
    w = np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0])
    h = np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1])
    return float((np.clip(w, 0, None) * np.clip(h, 0, None)).sum())


# (dx, dy, ha, va, far): unit directions with the text alignment that keeps it clear;
# far = 0 beside the marker, 1 and 2 further out with a leader line.
_SPOTS: tuple[tuple[float, float, str, str, int], ...] = (
    (1.0, 0.0, "left", "center", 0),
    (-1.0, 0.0, "right", "center", 0),
    (0.0, 1.0, "center", "bottom", 0),
    (0.0, -1.0, "center", "top", 0),
    (0.75, 0.75, "left", "bottom", 0),
    (-0.75, 0.75, "right", "bottom", 0),
    (0.75, -0.75, "left", "top", 0),
    (-0.75, -0.75, "right", "top", 0),
    *(
        (
            math.cos(math.radians(a)),
            math.sin(math.radians(a)),
            "left"
            if math.cos(math.radians(a)) > 0.3
            else "right"
            if math.cos(math.radians(a)) < -0.3
            else "center",
            "bottom"
            if math.sin(math.radians(a)) > 0.3
            else "top"
            if math.sin(math.radians(a)) < -0.3
            else "center",
            far,
        )
        for far in (1, 2, 3)
        for a in range(0, 360, 30)
    ),
)


def _segment_hits(
    start: tuple[float, float] | FloatArray, end: tuple[float, float], boxes: FloatArray
) -> int:
    """How many rows ``(x0, y0, x1, y1)`` of ``boxes`` the segment from start to end crosses."""
    if not len(boxes):
        return 0
    steps = np.linspace(0.1, 1.0, 12)[:, None]
    xs = start[0] + (end[0] - start[0]) * steps
    ys = start[1] + (end[1] - start[1]) * steps
    inside = (xs >= boxes[:, 0]) & (xs <= boxes[:, 2]) & (ys >= boxes[:, 1]) & (ys <= boxes[:, 3])
    return int(inside.any(axis=0).sum())


def _aligned_box(x: float, y: float, width: float, height: float, ha: str, va: str) -> Box:
    x0 = {"left": x, "center": x - width / 2, "right": x - width}[ha]
    y0 = {"bottom": y, "baseline": y, "center": y - height / 2, "top": y - height}.get(
        va, y - height / 2
    )
    return Box(x0, y0, x0 + width, y0 + height)


def _crosses(box: Box, circle: tuple[tuple[float, float], float]) -> bool:
    """True when the circle's outline passes through the box."""
    (cx, cy), r = circle
    near = math.hypot(max(box.x0 - cx, 0, cx - box.x1), max(box.y0 - cy, 0, cy - box.y1))
    far = max(math.hypot(px - cx, py - cy) for px in (box.x0, box.x1) for py in (box.y0, box.y1))
    return near < r < far


def _text_width(text: str, fontsize: float, *, bold: bool = False) -> float:
    """Width in points of the widest line of ``text`` in the default font."""
    return max((_line_width(line, fontsize, bold) for line in text.split("\n")), default=0.0)


@functools.lru_cache(maxsize=4096)
def _line_width(line: str, fontsize: float, bold: bool) -> float:
    # The font's own advance widths (FreeType), not a rendered path: fast and backend-free.
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(size=fontsize, weight="bold" if bold else "normal")
    width, _, _ = text_to_path.get_text_width_height_descent(line, prop, ismath=False)
    return float(width)


def _fit(text: str, fontsize: float, width_pt: float, *, bold: bool = True) -> float:
    """``fontsize``, shrunk (not below 5 pt) until ``text`` fits ``width_pt``."""
    natural = _text_width(text, fontsize, bold=bold)
    if natural <= width_pt or natural == 0:
        return fontsize
    return max(round(fontsize * width_pt / natural, 1), 5.0)


def _text_box(text: Text, scale: float | tuple[float, float]) -> Box:
    """The data-unit box a text artist covers, from its alignment and glyph metrics."""
    sx, sy = (scale, scale) if isinstance(scale, int | float) else scale
    x, y = text.get_position()
    content = text.get_text()
    size = float(text.get_fontsize())
    width = _text_width(content, size, bold=text.get_fontweight() == "bold") / sx
    lines = content.count("\n") + 1
    height = size * 1.2 * lines / sy
    ha, va = text.get_horizontalalignment(), text.get_verticalalignment()
    return _aligned_box(x, y, width, height, ha, va)


# --- the 2x2 score matrix ------------------------------------------------------------


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
    from .balance import check_balance, resolve_settings

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


# --- balance bars ------------------------------------------------------------------------


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
    from .balance import BalanceReport, check_balance

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


def _percent_formatter() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=0)


# --- roadmap ---------------------------------------------------------------------------


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
    from .planning import roadmap

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
    edges = _edges(data)
    where = _roadmap_rows(phases, edges)
    critical = set(plan.critical_path)
    critical_edges = set(zip(plan.critical_path, plan.critical_path[1:], strict=False))
    codes = dict(zip(data.names, data.regions(used), strict=True))
    box_w, box_h = 0.74, 0.64
    name_size = min(fonts.name * 1.15, 0.2 * sy)
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


def _roadmap_rows(
    phases: Sequence[Sequence[str]], edges: Sequence[tuple[str, str]]
) -> dict[str, tuple[float, float]]:
    """``name -> (column, row)``, rows ordered to keep dependency arrows short and uncrossed.

    The barycentre heuristic of layered graph drawing: every phase after the
    first is sorted by the mean row of its dependencies, then the first phase
    by the mean row of its dependants (names break ties, so it is deterministic).
    """
    rows: dict[str, float] = {}
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for a, b in edges:
        before.setdefault(b, []).append(a)
        after.setdefault(a, []).append(b)

    def centre(name: str, links: dict[str, list[str]], default: float) -> float:
        known = [rows[n] for n in links.get(name, ()) if n in rows]
        return sum(known) / len(known) if known else default

    for c, phase in enumerate(phases):
        ordered = phase if c == 0 else sorted(phase, key=lambda n: (centre(n, before, 1e9), n))
        rows.update({name: float(r) for r, name in enumerate(ordered)})
    if len(phases) > 1:
        first = sorted(phases[0], key=lambda n: (centre(n, after, 1e9), n))
        rows.update({name: float(r) for r, name in enumerate(first)})
    return {name: (float(c), rows[name]) for c, phase in enumerate(phases) for name in phase}


def _edges(data: Portfolio) -> list[tuple[str, str]]:
    """``(dependency, dependant)`` pairs in portfolio order."""
    return [(d, i.name) for i in data for d in i.depends_on]


# --- files ---------------------------------------------------------------------------------

#: Chart kinds :func:`~cxmodel.plotting.save_chart` knows.
KINDS = ("venn", "scores", "balance", "roadmap")
#: File formats :func:`~cxmodel.plotting.save_chart` writes, by extension.
FORMATS = ("png", "svg", "pdf")


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
    portfolio: Portfolio,
    path: str | os.PathLike[str],
    *,
    kind: str = "venn",
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
    title: str | None = None,
) -> Path:
    """Draw one chart on a new figure (no pyplot state) and write it to ``path``.

    Parameters
    ----------
    portfolio : Portfolio
    path : str or os.PathLike
        The format follows the extension: ``.png`` (150 dpi), ``.svg`` or ``.pdf``;
        anything else raises :class:`~cxmodel.FieldError`.
    kind : {"venn", "scores", "balance", "roadmap"}
        Draw :func:`~cxmodel.plot_venn`, :func:`~cxmodel.plot_scores`,
        :func:`~cxmodel.plot_balance` or :func:`~cxmodel.plot_roadmap`.
    thresholds : Thresholds, optional
    policy : BalancePolicy, optional
        For the scores (feature-bloat rule) and balance charts.
    title : str, optional
        Replaces the chart's automatic title.

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
    """
    from matplotlib.figure import Figure

    out = Path(path)
    suffix = chart_format(out)
    if kind not in KINDS:
        raise FieldError("kind", kind, f"must be one of {', '.join(KINDS)}")
    sizes = {"venn": (9.0, 8.6), "scores": (9.0, 8.0), "balance": (8.0, 5.5)}
    if kind == "roadmap":
        from .planning import roadmap

        # Planned once: the plan sizes the figure and is then drawn.
        data = as_portfolio(portfolio)
        used = None if thresholds is None else _check_thresholds(thresholds)
        plan = roadmap(data, thresholds=used)
        sizes["roadmap"] = (
            max(7.0, 2.6 * len(plan.phases) + 1),
            max(4.5, 0.62 * max((len(p) for p in plan.phases), default=1) + 2.2),
        )
    fig = Figure(figsize=sizes[kind])
    margins = {
        "venn": {"left": 0.02, "right": 0.98, "top": 0.93, "bottom": 0.04},
        "scores": {"left": 0.1, "right": 0.96, "top": 0.92, "bottom": 0.2},
        "balance": {"left": 0.12, "right": 0.9, "top": 0.88, "bottom": 0.1},
        "roadmap": {"left": 0.02, "right": 0.98, "top": 0.88, "bottom": 0.1},
    }
    fig.subplots_adjust(**margins[kind])
    ax = fig.add_subplot()
    if kind == "venn":
        if title is None:
            title = f"Customer-experience portfolio: {plural(len(portfolio), 'initiative')}"
        plot_venn(portfolio, ax=ax, thresholds=thresholds, title=title)
    elif kind == "scores":
        plot_scores(portfolio, ax=ax, thresholds=thresholds, policy=policy)
    elif kind == "balance":
        plot_balance(portfolio, ax=ax, thresholds=thresholds, policy=policy)
    else:
        _draw_roadmap(ax, data, plan, used)
    if title is not None and kind != "venn":
        ax.title.set_text(title)  # keeps the automatic title's font and place
    fig.savefig(out, format=suffix, dpi=150, bbox_inches="tight", pad_inches=0.25)
    return out


# --- shared helpers ---------------------------------------------------------------------


def _chart_title(ax: Axes, text: str, fonts: _Fonts) -> None:
    """The bold title of the scores, balance and roadmap charts."""
    ax.set_title(text, fontsize=fonts.chart_title, fontweight="bold", color=INK, pad=10)


def _check_thresholds(thresholds: object) -> Thresholds:
    if not isinstance(thresholds, Thresholds):
        raise FieldError("thresholds", thresholds, "must be a cxmodel.Thresholds")
    return thresholds


def _want_names(labels: object, size: int) -> bool:
    if labels is True or labels == "auto":
        return size <= AUTO_LABEL_LIMIT
    if labels is False:
        return False
    if labels == "all":
        return True
    raise FieldError("labels", labels, 'must be True, False, "auto" or "all"')


def _palette(colors: Mapping[Region, Any] | None) -> dict[Region, Any]:
    palette: dict[Region, Any] = dict(REGION_COLORS)
    if colors is None:
        return palette
    if not isinstance(colors, Mapping):
        raise FieldError("colors", colors, "must be a mapping Region -> colour")
    from matplotlib.colors import is_color_like

    for key, value in colors.items():
        try:
            region = Region(key)
        except ValueError:
            raise FieldError("colors", key, "keys must be cxmodel.Region members") from None
        if not is_color_like(value):
            raise FieldError(f"colors[{region.name}]", value, "is not a matplotlib colour")
        palette[region] = value
    return palette


def _axes_points(ax: Axes) -> tuple[float, float]:
    """The axes' width and height in typographic points."""
    box = ax.get_window_extent()  # display pixels; works for figures and subfigures
    root = ax.get_figure(root=True)
    points = 72.0 / float(root.dpi if root is not None else 100.0)
    return float(box.width * points), float(box.height * points)


def _points_per_unit(ax: Axes, width: float, height: float) -> float:
    """Typographic points per data unit once an equal aspect fits ``width x height`` in ax."""
    width_pt, height_pt = _axes_points(ax)
    return min(width_pt / width, height_pt / height)


def _criterion(value: str | Lens, name: str) -> str:
    return parse_lens(value, name).criterion


def _innovation_type_of(first: str, second: str) -> InnovationType:
    pair = {Lens.from_criterion(first), Lens.from_criterion(second)}
    return next(t for t in InnovationType if set(t.lenses) == pair)
