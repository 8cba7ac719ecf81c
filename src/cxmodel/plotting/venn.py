"""The three-lens Venn chart: circles, region names and one marker per initiative."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
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
    _axes_points,
    _check_thresholds,
    _Fonts,
    _palette,
    darker,
    target_axes,
)
from ._labels import (
    KEY_ORDER,
    LINE_SPACING,
    PAD,
    KeyPlan,
    LabelMode,
    Labels,
    Rect,
    Spot,
    _aligned,
    _draw_spots,
    _fit,
    _label_shape,
    _name_shapes,
    _ordered_groups,
    _text_height,
    _text_width,
    draw_key,
    key_layout,
    label_mode,
    literal,
    place_labels,
)

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
    ax = target_axes(ax)
    codes = data.regions(used)
    tally = np.bincount(codes, minlength=8)
    frame = _Frame.fit(ax, DEFAULT_LAYOUT)
    members = _members(data, codes)

    keyed: set[str] = set(data.names) if mode == "numbers" else set()
    plan = None
    for attempt in range(4):
        numbers_of: dict[str, int] = {}
        if keyed:
            groups, numbers_of = _ordered_groups(
                {r: [n for n in names if n in keyed] for r, names in members.items()},
                KEY_ORDER,
                lambda r: r.label,
                lambda r: palette[r],
            )
            plan, frame = _Frame.with_key(ax, DEFAULT_LAYOUT, groups)
        # Numbers boxed in by their neighbours: smaller markers, then smaller numbers.
        for shrink, smaller in ((1.0, 1.0), (0.8, 1.0), (0.6, 0.92), (0.45, 0.85), (0.3, 0.8)):
            draft = _draft(
                data, codes, tally, frame, mode, keyed, numbers_of, counts, shrink, smaller
            )
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
    titles = {lens: _draw_text(ax, item) for lens, item in draft.titles.items()}
    region_labels = {region: _draw_text(ax, item) for region, item in draft.region_names.items()}
    count_texts: dict[Region, Text] = {}
    for region, item in draft.counts.items():
        count_texts[region] = region_labels[region] if item is None else _draw_text(ax, item)
    positions, markers = _draw_markers(ax, layout, data, codes, palette, draft.radii * scale)

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


# --- layout before drawing ---------------------------------------------------------------------


@attrs.frozen
class _Frame:
    """The data window and its scale: the diagram on the left, room for a key on its right."""

    scale: float  # points per data unit
    right: float  # the view's right edge in data units (beyond the diagram when keyed)
    key_gap: float = 0.0  # points between the diagram and the key

    @classmethod
    def fit(cls, ax: Axes, layout: VennLayout) -> _Frame:
        xmin, xmax, ymin, ymax = layout.bounds
        width, height = _axes_points(ax)
        return cls(min(width / (xmax - xmin), height / (ymax - ymin)), xmax)

    @classmethod
    def with_key(
        cls, ax: Axes, layout: VennLayout, groups: Sequence[Any]
    ) -> tuple[KeyPlan, _Frame]:
        """The key's plan and a frame leaving room for it; both fit the axes."""
        xmin, xmax, ymin, ymax = layout.bounds
        vw, vh = xmax - xmin, ymax - ymin
        width, height = _axes_points(ax)
        scale = min(width / vw, height / vh)
        fontsize = min(max(0.055 * scale, 7.0), 9.5)
        gap = 14.0
        room = 0.42 * width  # the diagram keeps most of the width
        # The largest diagram whose key, as tall as the diagram, fits beside it: a taller
        # key needs fewer columns, so try scales from the largest down.
        top = scale
        fits = None
        for smallest in (6.5, 5.0):  # a smaller font before a tiny diagram
            for step in range(30):
                scale = top * 0.96**step
                plan = key_layout(
                    groups, vh * scale, fontsize=fontsize, max_width=room, min_fontsize=smallest
                )
                if vw * scale + gap + plan.width <= width:
                    fits = (scale, plan)
                    break
            if fits is not None:
                break
        if fits is None:  # a key too long for these axes: it keeps a third of the width
            plan = key_layout(groups, height, fontsize=fontsize, max_width=room, min_fontsize=5.0)
            fits = (max((width - gap - plan.width) / vw, top / 3), plan)
        scale, plan = fits
        right = xmax + (gap + plan.width) / scale
        # The axes fit the wider window, so points per unit may come out larger still.
        scale = min(width / (right - xmin), height / vh)
        return plan, cls(scale, xmax + (gap + plan.width) / scale, gap)


@attrs.frozen
class _TextItem:
    x: float
    y: float
    text: str
    ha: str
    va: str
    fontsize: float
    weight: str = "normal"
    style: str = "normal"
    color: Any = INK


@attrs.frozen
class _Draft:
    """Everything placed, nothing drawn yet."""

    layout: VennLayout
    fonts: _Fonts
    radii: FloatArray
    titles: dict[Lens, _TextItem]
    region_names: dict[Region, _TextItem]
    counts: dict[Region, _TextItem | None]
    labels: list[tuple[str, str, str, float]]  # key, text, name, marker radius (points)
    spots: list[Spot | None]
    fontsize: float
    number_names: dict[str, str]
    failed_names: list[int]
    boxed_in: list[int]  # numbers that found no free spot (drawn on their marker's right)


def _members(data: Portfolio, codes: npt.NDArray[np.uint8]) -> dict[Region, list[str]]:
    out: dict[Region, list[str]] = {}
    for name, code in zip(data.names, codes.tolist(), strict=True):
        out.setdefault(Region(code), []).append(name)
    return out


def _draft(
    data: Portfolio,
    codes: npt.NDArray[np.uint8],
    tally: npt.NDArray[np.intp],
    frame: _Frame,
    mode: LabelMode,
    keyed: set[str],
    numbers_of: Mapping[str, int],
    counts: bool,
    shrink: float = 1.0,
    smaller: float = 1.0,
) -> _Draft:
    layout = DEFAULT_LAYOUT
    scale = frame.scale
    fonts = _Fonts.for_scale(scale)
    titles = {}
    for lens, anchor in layout.title_anchors.items():
        text = f"{lens.value.capitalize()} ({lens.adjective})"
        size = _fit(text, fonts.title, anchor.box.width * scale, bold=True)
        titles[lens] = _TextItem(anchor.x, anchor.y, text, anchor.ha, anchor.va, size, "bold")
    region_names, count_items = _region_texts(layout, tally, fonts, scale, counts)

    radii = _marker_radii(data, scale, layout, tally) * shrink
    if len(radii):
        # Keep whole markers, not just their centres, off the circles and the labels.
        margin = min(max(float(radii.max()) + 0.005, layout.margin), 0.15)
        layout = attrs.evolve(layout, margin=margin)
        radii = np.minimum(radii, _spacing_cap(layout, codes))

    labels: list[tuple[str, str, str, float]] = []
    spots: list[Spot | None] = []
    number_names: dict[str, str] = {}
    failed: list[int] = []
    boxed_in: list[int] = []
    fontsize = fonts.name
    if mode != "none" and len(data):
        xy = np.empty((len(data), 2))
        for region in Region:
            where = np.flatnonzero(codes == region)
            if where.size:
                xy[where] = layout.place(region, int(where.size))
        centres = xy * scale
        radii_pt = radii * scale
        fixed: list[Rect] = [_item_box(t, scale) for t in titles.values()]
        fixed += [_item_box(t, scale) for t in region_names.values()]
        fixed += [_item_box(t, scale) for t in count_items.values() if t is not None]
        xmin, xmax, ymin, ymax = layout.bounds
        view = (xmin * scale, ymin * scale, xmax * scale, ymax * scale)
        rings = [(cx * scale, cy * scale, r * scale) for (cx, cy), r in layout.circles.values()]
        mixed = 0 < len(keyed) < len(data)  # a few numbers among names: at the name size
        number_size = (fonts.name if mixed else min(max(0.052 * scale, 6.5), 9.0)) * smaller
        variants = []
        for k, name in enumerate(data.names):
            if name in keyed:
                key_ = f"#{numbers_of[name]}"
                number_names[key_] = name
                labels.append((key_, str(numbers_of[name]), name, float(radii_pt[k])))
                variants.append([_label_shape(str(numbers_of[name]), number_size)])
            else:
                labels.append((name, name, name, float(radii_pt[k])))
                variants.append(_name_shapes(name, fonts.name))
        spots = place_labels(
            centres, radii_pt, variants, fixed, view, rings=rings, tiers=20 if not keyed else 80
        )
        failed = [k for k, s in enumerate(spots) if s is None and not labels[k][0].startswith("#")]
        fontsize = number_size if keyed else fonts.name
        boxed_in = [k for k, s in enumerate(spots) if s is None and labels[k][0].startswith("#")]
        for k in boxed_in:
            spots[k] = _fallback(centres[k], radii_pt[k], variants[k][0])
    return _Draft(
        layout,
        fonts,
        radii,
        titles,
        region_names,
        count_items,
        labels,
        spots,
        fontsize,
        number_names,
        failed,
        boxed_in,
    )


def _fallback(centre: FloatArray, radius: float, shape: tuple[str, float, float]) -> Spot:
    """A number that no free spot fits goes on its marker's right (never seen in tests)."""
    text, width, height = shape
    x, y = float(centre[0]) + radius + 2.0, float(centre[1])
    return Spot(
        text,
        x,
        y,
        "left",
        "center",
        _aligned(x, y, width, height, "left", "center"),
        None,
        math.inf,
    )


def _item_box(item: _TextItem, scale: float) -> Rect:
    width = _text_width(item.text, item.fontsize, bold=item.weight == "bold") + 2 * PAD
    height = _text_height(item.text, item.fontsize) + 2 * PAD
    va = item.va if item.va in ("top", "bottom", "center") else "center"
    return _aligned(item.x * scale, item.y * scale, width, height, item.ha, va)


def _region_texts(
    layout: VennLayout,
    tally: npt.NDArray[np.intp],
    fonts: _Fonts,
    scale: float,
    counts: bool,
) -> tuple[dict[Region, _TextItem], dict[Region, _TextItem | None]]:
    """Each named region's name and count (``None``: the count is part of the name)."""
    names: dict[Region, _TextItem] = {}
    numbers: dict[Region, _TextItem | None] = {}
    count_anchors = layout.count_anchors
    for region, anchor in layout.label_anchors.items():
        held = int(tally[region])
        if not held and not region.is_innovation:
            continue  # an empty single lens, or nothing outside the circles: stay quiet
        text = region.label
        x, y = anchor.x, anchor.y
        # Outside the circles the count joins the name ("No lens passes: 4"): a bare
        # number there would say nothing.  A single lens writes its count under its name
        # in the same quiet text (one text fewer to draw: they are not the chart's point).
        merged = counts and not region.is_innovation
        if merged and region is Region.NONE:
            text = f"{text}: {number(held)}"
        elif merged:
            text = f"{text}\n{number(held)}"
            y = (anchor.y + count_anchors[region].y) / 2
        names[region] = _TextItem(
            x,
            y,
            text,
            anchor.ha,
            "center",
            _fit(text, fonts.region, anchor.box.width * scale, bold=False),
            # Only the innovations are upright and dark: they are what the chart is about.
            style="normal" if region.is_innovation else "italic",
            color=INK if region.is_innovation else MUTED,
        )
        if merged:
            numbers[region] = None
        elif counts:
            c = count_anchors[region]
            numbers[region] = _TextItem(
                c.x,
                c.y,
                number(held),
                c.ha,
                "center",
                fonts.count if region.is_innovation else fonts.count * 0.9,
                weight="bold",
                color=INK if held else "#a0a0a0",
            )
    return names, numbers


def _draw_text(ax: Axes, item: _TextItem) -> Text:
    return ax.text(
        item.x,
        item.y,
        item.text,
        ha=item.ha,
        va=item.va,
        fontsize=item.fontsize,
        fontweight=item.weight,
        fontstyle=item.style,
        color=item.color,
        linespacing=LINE_SPACING,
        zorder=5,
        **literal(),
    )


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
    crowded = len(data) > 400
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
            linewidths=0.0 if crowded else 0.8,
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


def _spacing_cap(layout: VennLayout, codes: npt.NDArray[np.uint8]) -> float:
    """The largest marker radius (data units) at which no two markers of a region touch."""
    tally = np.bincount(codes, minlength=8)
    gaps = [_nearest_gap(layout, Region(r), int(n)) for r, n in enumerate(tally) if n > 1]
    return 0.42 * min(gaps) if gaps else math.inf


@functools.lru_cache(maxsize=256)
def _nearest_gap(layout: VennLayout, region: Region, count: int) -> float:
    """The smallest distance between two of the ``count`` points placed in ``region``."""
    points = layout.place(region, count)
    if count <= 256:
        d = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(d, np.inf)
        return float(d.min())
    from scipy.spatial import cKDTree

    distances, _ = cKDTree(points).query(points, k=2)
    return float(distances[:, 1].min())


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
