"""The Venn chart laid out before drawing: region texts, name labels and markers, fitted."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from .._text import number
from ..intersections import Region
from ..model import CRITERIA, Lens, Thresholds
from ..portfolio import Portfolio
from ._venn_layout import DEFAULT_LAYOUT, VennLayout

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.text import Text
from ._base import (
    _DEFAULT_THRESHOLDS,
    INK,
    MUTED,
    FloatArray,
    _axes_points,
    _Fonts,
    darker,
)
from ._key import KeyPlan, key_layout
from ._labels import LabelMode, Spot, literal, place_labels
from ._measure import (
    LINE_SPACING,
    PAD,
    Rect,
    _aligned,
    _fit,
    _label_shape,
    _name_shapes,
    _text_height,
    _text_width,
)

__all__ = [
    "Frame",
    "draft_layout",
    "draw_markers",
    "draw_text",
    "footnote",
    "region_members",
]


@attrs.frozen
class Frame:
    """The data window and its scale: the diagram on the left, room for a key on its right."""

    scale: float  # points per data unit
    right: float  # the view's right edge in data units (beyond the diagram when keyed)
    key_gap: float = 0.0  # points between the diagram and the key

    @classmethod
    def fit(cls, ax: Axes, layout: VennLayout) -> Frame:
        xmin, xmax, ymin, ymax = layout.bounds
        width, height = _axes_points(ax)
        return cls(min(width / (xmax - xmin), height / (ymax - ymin)), xmax)

    @classmethod
    def with_key(
        cls, ax: Axes, layout: VennLayout, groups: Sequence[Any]
    ) -> tuple[KeyPlan, Frame]:
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


def region_members(data: Portfolio, codes: npt.NDArray[np.uint8]) -> dict[Region, list[str]]:
    out: dict[Region, list[str]] = {}
    for name, code in zip(data.names, codes.tolist(), strict=True):
        out.setdefault(Region(code), []).append(name)
    return out


def draft_layout(
    data: Portfolio,
    codes: npt.NDArray[np.uint8],
    tally: npt.NDArray[np.intp],
    frame: Frame,
    mode: LabelMode,
    keyed: set[str],
    numbers_of: Mapping[str, int],
    counts: bool,
    shrink: float = 1.0,
    smaller: float = 1.0,
    *,
    last: bool = True,
) -> _Draft:
    """The chart's texts and label spots for markers ``shrink`` and numbers ``smaller``.

    ``last``: no smaller size is tried after this one.  A draft of numbers only
    that is not the last is dropped if any number stays boxed in, so its
    placement stops at the first round that places no more.
    """
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
            centres,
            radii_pt,
            variants,
            fixed,
            view,
            rings=rings,
            tiers=20 if not keyed else 80,
            stop_early=not last and len(keyed) == len(data),
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


def draw_text(ax: Axes, item: _TextItem) -> Text:
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


def draw_markers(
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
        sizes = diameters[members] ** 2
        if (sizes == sizes[0]).all():
            sizes = sizes[:1]  # one size: matplotlib stamps a single rasterised marker
        # A PathCollection built directly: what scatter makes, minus its per-call overhead.
        collection = PathCollection(
            (circle,),
            sizes=sizes,
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


def footnote(thresholds: Thresholds, effort: FloatArray) -> str:
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
