"""Pure geometry of the three-lens Venn chart: circles, regions and point placement.

Nothing here imports matplotlib, so the layout can be computed and tested
without a figure (the matplotlib-venn way).  Coordinates are in data units of
a chart whose circles have radius ``1``: Business top-left, People top-right,
Technology at the bottom, centres on an equilateral triangle around ``(0, 0)``.

Every initiative gets a point strictly inside its own region, at least
``margin`` away from every circle boundary, outside the areas reserved for the
lens titles and the region labels, and never on top of another point.  Points
come from a Halton sequence restricted to the region (any prefix of it is
evenly spread, so it scales to 10,000 points); small groups are then spread
out further by a few Lloyd iterations so that a handful of markers sit nicely
apart instead of wherever the sequence happened to start.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ..exceptions import FieldError
from ..intersections import Region
from ..model import Lens

__all__ = [
    "DEFAULT_LAYOUT",
    "Anchor",
    "Box",
    "VennLayout",
    "halton",
]

FloatArray = npt.NDArray[np.float64]
Circle = tuple[tuple[float, float], float]

#: Heights of a region's one-line name and of its count, and a count's width, in radii.
LABEL_HEIGHT = 0.085
COUNT_HEIGHT = 0.12
COUNT_WIDTH = 0.3
#: How far text keeps from circle outlines, in radii.
TEXT_CLEARANCE = 0.03

#: Groups up to this size are relaxed with Lloyd iterations (cheap and prettier).
_RELAX_LIMIT = 64
_RELAX_ITERATIONS = 30


@attrs.frozen
class Box:
    """An axis-aligned rectangle in data units.

    Examples
    --------
    >>> from cxmodel.plotting._venn_layout import Box
    >>> b = Box(0.0, 0.0, 2.0, 1.0)
    >>> b.contains(1.0, 0.5), b.contains(3.0, 0.5)
    (True, False)
    >>> b.overlap(Box(1.0, 0.5, 3.0, 3.0))
    0.5
    """

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """``x1 - x0``."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """``y1 - y0``."""
        return self.y1 - self.y0

    def contains(self, x: float, y: float) -> bool:
        """True when ``(x, y)`` lies inside or on the edge."""
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def overlap(self, other: Box) -> float:
        """The area shared with ``other`` (0.0 when they are apart)."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def grown(self, pad: float) -> Box:
        """This box with ``pad`` added on every side."""
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)


@attrs.frozen
class Anchor:
    """Where a piece of text goes: a point, its alignment and the box reserved for it.

    ``ha`` and ``va`` use matplotlib's vocabulary (``"left"``, ``"center"``,
    ``"right"``; ``"top"``, ``"center"``, ``"bottom"``) but nothing here
    depends on matplotlib.
    """

    x: float
    y: float
    ha: str
    va: str
    box: Box


@functools.lru_cache(maxsize=64)
def halton(start: int, count: int, base: int) -> FloatArray:
    """Terms ``start + 1 ... start + count`` of the van der Corput sequence in ``base``.

    Computed once per arguments (every region samples the same terms), so the
    array is read-only.

    Paired bases (2 and 3) give the 2-d Halton sequence: deterministic points
    in ``[0, 1)`` whose every prefix is evenly spread.

    Examples
    --------
    >>> from cxmodel.plotting._venn_layout import halton
    >>> halton(0, 4, 2).tolist()
    [0.5, 0.25, 0.75, 0.125]
    """
    index = np.arange(start + 1, start + count + 1, dtype=np.int64)
    result = np.zeros(count)
    fraction = 1.0 / base
    while index.any():
        result += fraction * (index % base)
        index //= base
        fraction /= base
    result.setflags(write=False)
    return result


@attrs.frozen
class VennLayout:
    """Three equal circles in the classic arrangement, and where things go on them.

    Parameters
    ----------
    separation : float
        Distance between two circle centres, in radii (0.6 to 1.6).  The
        default ``1.0`` leaves every one of the seven regions room for markers
        and a label.
    margin : float
        Minimum distance of a placed point from every circle boundary, from
        the edge of the view and from reserved label areas, in radii
        (above 0 and at most 0.15; default 0.05).

    Raises
    ------
    FieldError
        A parameter is out of range, or ``separation`` and ``margin`` together
        leave some region no room for markers (wide separations shrink the
        centre, wide margins eat it): every layout that constructs can place
        any number of points in every region.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.plotting._venn_layout import VennLayout
    >>> layout = VennLayout()
    >>> (x, y), r = layout.circles[cx.Lens.TECHNOLOGY]
    >>> round(x, 3), r
    (0.0, 1.0)
    >>> layout.region_at(0.0, 0.0)
    <Region.CUSTOMER_EXPERIENCE: 7>
    >>> layout.region_at(*layout.bounds[:3:2])  # the lower-left corner of the view
    <Region.NONE: 0>
    >>> points = layout.place(cx.Region.PROCESS, 5)
    >>> points.shape, {layout.region_at(x, y) for x, y in points}
    ((5, 2), {<Region.PROCESS: 5>})
    """

    separation: float = attrs.field(default=1.0)
    margin: float = attrs.field(default=0.05)

    @separation.validator
    def _check_separation(self, attribute: attrs.Attribute[float], value: float) -> None:
        # Below ~0.5 the single-lens regions vanish; at 2 and above circles stop overlapping.
        if not 0.6 <= value <= 1.6:
            raise FieldError("separation", value, "must be between 0.6 and 1.6 radii")

    @margin.validator
    def _check_margin(self, attribute: attrs.Attribute[float], value: float) -> None:
        if not 0.0 < value <= 0.15:
            raise FieldError("margin", value, "must be in (0, 0.15] radii")

    def __attrs_post_init__(self) -> None:
        for region in Region:
            if _room(self, region) < _MIN_ROOM:
                raise FieldError(
                    "separation/margin",
                    (self.separation, self.margin),
                    f"leave no room for markers in the {region.label.lower()} region "
                    "once its name and count are reserved (try a smaller separation or margin)",
                )

    # --- circles and regions ---------------------------------------------------------

    @property
    def radius(self) -> float:
        """The radius of every circle (1.0: coordinates are in radii)."""
        return 1.0

    @property
    def circles(self) -> dict[Lens, Circle]:
        """``Lens -> ((x, y), radius)``: Business top-left, People top-right, Technology below."""
        return dict(_memo(self, "circles"))

    def _make_circles(self) -> dict[Lens, Circle]:
        c = self.separation / math.sqrt(3.0)  # circumradius of the centres' triangle
        angles = {Lens.BUSINESS: 150.0, Lens.PEOPLE: 30.0, Lens.TECHNOLOGY: 270.0}
        return {
            lens: (
                (_clean(c * math.cos(math.radians(a))), _clean(c * math.sin(math.radians(a)))),
                self.radius,
            )
            for lens, a in angles.items()
        }

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The view ``(xmin, xmax, ymin, ymax)``: the circles, their titles and a band around."""
        c = self.separation / math.sqrt(3.0)
        half_width = c * math.cos(math.radians(30.0)) + self.radius + 0.42
        return (-half_width, half_width, -c - self.radius - 0.3, c / 2 + self.radius + 0.34)

    def regions_at(self, x: npt.ArrayLike, y: npt.ArrayLike) -> npt.NDArray[np.uint8]:
        """Vectorised :meth:`region_at`: region codes of many points at once."""
        xs = np.asarray(x, dtype=np.float64)
        ys = np.asarray(y, dtype=np.float64)
        codes = np.zeros(np.broadcast(xs, ys).shape, dtype=np.uint8)
        for lens, ((cx, cy), r) in self.circles.items():
            inside = np.hypot(xs - cx, ys - cy) < r
            codes |= (inside * lens.bit).astype(np.uint8)
        return codes

    def region_at(self, x: float, y: float) -> Region:
        """The region containing the point ``(x, y)``: the bitmask of circles around it.

        A point exactly on a circle counts as outside it; placed points never
        come that close (see ``margin``).
        """
        return Region(int(self.regions_at(x, y)))

    def clearance(self, x: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
        """Distance of each point to the nearest circle boundary."""
        xs = np.asarray(x, dtype=np.float64)
        ys = np.asarray(y, dtype=np.float64)
        gaps = [np.abs(np.hypot(xs - cx, ys - cy) - r) for (cx, cy), r in self.circles.values()]
        return np.asarray(np.minimum.reduce(gaps), dtype=np.float64)

    # --- text anchors --------------------------------------------------------------------

    @property
    def title_anchors(self) -> dict[Lens, Anchor]:
        """Where the lens titles go: above the top circles, below the bottom one."""
        return dict(_memo(self, "title_anchors"))

    def _make_title_anchors(self) -> dict[Lens, Anchor]:
        circles = self.circles
        _, _, ymin, ymax = self.bounds
        out = {}
        for lens, ((cx, cy), r) in circles.items():
            if cy > 0:  # a top circle: the title sits above it, pushed outwards
                x = cx + math.copysign(0.32, cx)
                y = cy + r + 0.06
                out[lens] = Anchor(x, y, "center", "bottom", Box(x - 0.7, y, x + 0.7, ymax))
            else:
                y = cy - r - 0.05
                out[lens] = Anchor(cx, y, "center", "top", Box(cx - 0.75, ymin, cx + 0.75, y))
        return out

    @property
    def label_anchors(self) -> dict[Region, Anchor]:
        """Where region names go, one line each; markers keep out of ``anchor.box``.

        Every region inside the circles is named on the widest horizontal
        strip that fits inside it; the ``NONE`` region in the lower-left
        corner of the view.
        """
        return dict(_memo(self, "label_anchors"))

    def _make_label_anchors(self) -> dict[Region, Anchor]:
        h = LABEL_HEIGHT
        out: dict[Region, Anchor] = {}
        for region in Region:
            if region is not Region.NONE:
                y, x0, x1 = self._widest_strip(region, h)
                box = Box(x0, y - h / 2, x1, y + h / 2)
                out[region] = Anchor((x0 + x1) / 2, y, "center", "center", box)
        xmin, _, ymin, _ = self.bounds
        x, y = xmin + 0.05, ymin + 0.1 + COUNT_HEIGHT + h / 2
        out[Region.NONE] = Anchor(x, y, "left", "center", Box(x, y - h / 2, x + 0.8, y + h / 2))
        return dict(sorted(out.items()))

    @property
    def count_anchors(self) -> dict[Region, Anchor]:
        """Where each region's count goes: beside its name, or in the middle of a single lens.

        A count sits just above or below its region's name, on whichever side
        has more room (below the name outside the circles).
        """
        return dict(_memo(self, "count_anchors"))

    def _make_count_anchors(self) -> dict[Region, Anchor]:
        h, gap, width = COUNT_HEIGHT, 0.01, COUNT_WIDTH
        labels = self.label_anchors
        out: dict[Region, Anchor] = {}
        for region in Region:
            label = labels.get(region)
            if region is Region.NONE and label is not None:
                y = label.box.y0 - gap - h / 2
                box = Box(label.x, y - h / 2, label.x + width, y + h / 2)
                out[region] = Anchor(label.x, y, "left", "center", box)
                continue
            if label is None:
                y, x0, x1 = self._widest_strip(region, h)
                x = (x0 + x1) / 2
            else:
                x, y = label.x, label.y
                best = (-1.0, y)
                for side in (-1.0, 1.0):  # below first: ties keep the count under the name
                    cy = y + side * (LABEL_HEIGHT / 2 + gap + h / 2)
                    room = self._room(region, h, x, cy)
                    if room > best[0] + 1e-9:
                        best = (room, cy)
                y = best[1]
            box = Box(x - width / 2, y - h / 2, x + width / 2, y + h / 2)
            out[region] = Anchor(x, y, "center", "center", box)
        return out

    def _runs(self, region: Region, height: float, y: float) -> list[tuple[float, float]]:
        """Horizontal runs ``(x0, x1)`` where a strip of ``height`` centred on y fits in region.

        Exact interval arithmetic on the circles' chords: on each of the strip's
        bottom, middle and top rows a run lies inside every circle of the region
        (shrunk by ``TEXT_CLEARANCE``) and outside every other one (grown by it).
        """
        return _runs(self._discs(region), self.bounds[:2], height, y)

    def _discs(self, region: Region) -> list[tuple[float, float, float, bool]]:
        """``(cx, cy, r, inside)`` of each circle: whether ``region`` lies inside it."""
        lenses = region.lenses
        return [(cx, cy, r, lens in lenses) for lens, ((cx, cy), r) in self.circles.items()]

    def _room(self, region: Region, height: float, x: float, y: float) -> float:
        """Width of the run through ``x`` at height ``y`` (0 when x is not in one)."""
        return max((b - a for a, b in self._runs(region, height, y) if a <= x <= b), default=0.0)

    def _widest_strip(self, region: Region, height: float) -> tuple[float, float, float]:
        """``(y, x0, x1)`` of the widest horizontal strip of ``height`` inside ``region``.

        Heights are tried every 0.0125 radii; ties go to the lowest strip, then
        the leftmost run.
        """
        _, _, ymin, ymax = self._search_box(region)
        discs, view = self._discs(region), self.bounds[:2]
        best = (-1.0, 0.0, 0.0, 0.0)
        for y in np.arange(ymin + height / 2, ymax - height / 2, 0.0125):
            for a, b in _runs(discs, view, height, float(y)):
                if b - a > best[0] + 1e-9:
                    best = (b - a, float(y), a, b)
        return best[1], best[2], best[3]

    def reserved(self) -> list[Box]:
        """Every box markers keep out of: lens titles, region names and counts."""
        return list(_memo(self, "reserved"))

    def _make_reserved(self) -> list[Box]:
        anchors = [*self.title_anchors.values(), *self.label_anchors.values()]
        return [a.box for a in (*anchors, *self.count_anchors.values())]

    # --- placement -------------------------------------------------------------------------

    def candidates(self, region: Region, count: int, *, start: int = 0) -> FloatArray:
        """Up to ``count`` Halton points allowed for ``region``, from term ``start`` onwards.

        Allowed means: inside the region, ``margin`` away from every circle
        boundary and from the edge of the view, and outside reserved boxes.
        Returns an ``(m, 2)`` array with ``m <= count`` in sequence order.
        """
        region = Region(region)
        xmin, xmax, ymin, ymax = self._search_box(region)
        xs = xmin + (xmax - xmin) * halton(start, count, 2)
        ys = ymin + (ymax - ymin) * halton(start, count, 3)
        keep = self._allowed(region, xs, ys)
        return np.column_stack([xs[keep], ys[keep]])

    def area(self, region: Region) -> float:
        """The area where points of ``region`` may go, in square radii (estimated once).

        Estimated from 4,096 Halton points (a few per cent off at most); used
        to size markers so that they fit the most crowded region.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.plotting._venn_layout import DEFAULT_LAYOUT as layout
        >>> layout.area(cx.Region.BUSINESS_ONLY) > layout.area(cx.Region.CUSTOMER_EXPERIENCE)
        True
        """
        return _area(self, Region(region))

    def place(self, region: Region, count: int) -> FloatArray:
        """``count`` distinct, well-spread points strictly inside ``region``; deterministic.

        Parameters
        ----------
        region : Region
            Where the points must lie.
        count : int
            How many, from 0 up to at least 10,000.

        Returns
        -------
        numpy.ndarray
            Shape ``(count, 2)``: x and y of each point.  Spacing shrinks with
            the count; the same arguments always give the same points.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.plotting._venn_layout import DEFAULT_LAYOUT as layout
        >>> pts = layout.place(cx.Region.EMOTIONAL, 3)
        >>> [layout.region_at(x, y).name for x, y in pts]
        ['EMOTIONAL', 'EMOTIONAL', 'EMOTIONAL']
        >>> bool((pts == layout.place(cx.Region.EMOTIONAL, 3)).all())
        True
        """
        if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
            raise FieldError("count", count, "must be a whole number >= 0")
        return _place(self, Region(region), int(count)).copy()

    def _make_place(self, region: Region, count: int) -> FloatArray:
        if count == 0:
            return np.empty((0, 2))
        if count <= _RELAX_LIMIT:
            pool = self._pool(region, max(600, 40 * count))
            return _relax(pool, count)
        return self._pool(region, count)

    def _pool(self, region: Region, needed: int) -> FloatArray:
        """The first ``needed`` allowed Halton points of ``region``."""
        found: list[FloatArray] = []
        total, start = 0, 0
        # Construction checked that at least _MIN_ROOM of the search box is allowed, and any
        # stretch of the Halton sequence fills the box evenly: the loop ends well before this.
        limit = 8 * needed / _MIN_ROOM + 100_000
        # Batches expected to hold a fifth more than needed, rounded up to a power of two
        # (regions then share Halton terms); the points do not depend on the batch size.
        batch = max(int(1.2 * needed / max(_room(self, region), _MIN_ROOM)), 1024)
        batch = 1 << (batch - 1).bit_length()
        while total < needed:
            if start > limit:  # pragma: no cover - ruled out at construction
                raise FieldError("region", region.name, "has no room for points in this layout")
            chunk = self.candidates(region, batch, start=start)
            found.append(chunk)
            total += len(chunk)
            start += batch
        return np.concatenate(found)[:needed]

    def _search_box(self, region: Region) -> tuple[float, float, float, float]:
        """A rectangle that holds ``region`` (the circles' hull, or the view for NONE)."""
        if region is Region.NONE:
            return self.bounds
        inside = [c for lens, c in self.circles.items() if lens in region.lenses]
        return (
            max(cx - r for (cx, _), r in inside),
            min(cx + r for (cx, _), r in inside),
            max(cy - r for (_, cy), r in inside),
            min(cy + r for (_, cy), r in inside),
        )

    def _allowed(self, region: Region, xs: FloatArray, ys: FloatArray) -> npt.NDArray[np.bool_]:
        m = self.margin
        xmin, xmax, ymin, ymax = self.bounds
        keep = (xs >= xmin + m) & (xs <= xmax - m) & (ys >= ymin + m) & (ys <= ymax - m)
        survivors = np.flatnonzero(keep)  # each test meets only the points still allowed
        # One distance per circle serves both tests: which circles hold the point (the
        # region) and how far it is from their outlines (the clearance).
        lenses = region.lenses
        for lens, ((cx, cy), r) in self.circles.items():
            distance = np.hypot(xs[survivors] - cx, ys[survivors] - cy)
            survivors = survivors[distance <= r - m if lens in lenses else distance >= r + m]
        boxes = _grown_boxes(self)
        if len(boxes) and len(survivors):
            x, y = xs[survivors, None], ys[survivors, None]
            inside = (
                (x >= boxes[:, 0]) & (x <= boxes[:, 2]) & (y >= boxes[:, 1]) & (y <= boxes[:, 3])
            )
            survivors = survivors[~inside.any(axis=1)]
        allowed = np.zeros(len(xs), dtype=np.bool_)
        allowed[survivors] = True
        return allowed


def _memo(layout: VennLayout, what: str) -> Any:
    """Geometry is pure, so each separation computes its circles and anchors once.

    None of them depends on ``margin`` (plot_venn widens it to fit its markers), so
    they are cached by separation alone.
    """
    return _geometry(layout.separation, what)


@functools.lru_cache(maxsize=64)
def _geometry(separation: float, what: str) -> Any:
    bare = _trusted(separation, 0.05)  # not checked: the check needs these very anchors
    return getattr(bare, f"_make_{what}")()


#: The least share of a region's search box that must be open to markers (see _room).
_MIN_ROOM = 8.0 / 4096


@functools.lru_cache(maxsize=64)
def _grown_boxes(layout: VennLayout) -> FloatArray:
    """The reserved boxes grown by the margin, as rows ``(x0, y0, x1, y1)``."""
    m = layout.margin
    boxes = np.array([_corners(box.grown(m)) for box in layout.reserved()]).reshape(-1, 4)
    boxes.setflags(write=False)
    return boxes


@functools.lru_cache(maxsize=256)
def _room(layout: VennLayout, region: Region) -> float:
    """The share of ``region``'s search box open to markers, from 4,096 Halton points."""
    return len(layout.candidates(region, 4096)) / 4096


@functools.lru_cache(maxsize=128)
def _area(layout: VennLayout, region: Region) -> float:
    xmin, xmax, ymin, ymax = layout._search_box(region)
    return max(_room(layout, region) * (xmax - xmin) * (ymax - ymin), 1e-6)


@functools.lru_cache(maxsize=128)
def _place(layout: VennLayout, region: Region, count: int) -> FloatArray:
    points = layout._make_place(region, count)
    points.setflags(write=False)  # shared by the cache: callers get copies
    return points


def _runs(
    discs: list[tuple[float, float, float, bool]],
    view: tuple[float, float],
    height: float,
    y: float,
) -> list[tuple[float, float]]:
    """The runs of :meth:`VennLayout._runs`, from the circles as ``_discs`` gives them."""
    runs = [view]
    for row in (y - height / 2, y, y + height / 2):
        for cx, cy, r, inside in discs:
            reach = r - TEXT_CLEARANCE if inside else r + TEXT_CLEARANCE
            dy = row - cy
            half = math.sqrt(reach * reach - dy * dy) if abs(dy) < reach else -1.0
            if inside:
                runs = [(max(a, cx - half), min(b, cx + half)) for a, b in runs]
            elif half > 0:
                runs = [
                    part
                    for a, b in runs
                    for part in ((a, min(b, cx - half)), (max(a, cx + half), b))
                ]
            runs = [(a, b) for a, b in runs if b > a]
    return runs


def _corners(box: Box) -> tuple[float, float, float, float]:
    """``(x0, y0, x1, y1)`` of a box."""
    return (box.x0, box.y0, box.x1, box.y1)


def _clean(value: float) -> float:
    """Round away floating-point dust such as ``6e-17`` for exact, readable coordinates."""
    return round(value, 12) + 0.0


def _relax(pool: FloatArray, count: int) -> FloatArray:
    """Spread ``count`` points over ``pool`` by Lloyd iterations; snap to distinct pool points.

    Snapping keeps every point an allowed one (the region may be non-convex,
    so a centroid could fall outside it); a Voronoi cell's centroid keeps
    points away from each other and from the region's edges.
    """
    if len(pool) <= count:
        return pool.copy()
    centres = pool[:count].copy()
    for _ in range(_RELAX_ITERATIONS):
        nearest = _nearest(pool, centres)
        sums = np.column_stack(
            [np.bincount(nearest, weights=pool[:, k], minlength=count) for k in (0, 1)]
        )
        sizes = np.bincount(nearest, minlength=count)[:, None]
        moved = np.where(sizes > 0, sums / np.maximum(sizes, 1), centres)
        if np.allclose(moved, centres, atol=1e-9):
            break
        centres = moved
    taken: set[int] = set()
    out = np.empty((count, 2))
    for k, (x, y) in enumerate(centres):
        order = np.argsort(np.hypot(pool[:, 0] - x, pool[:, 1] - y), kind="stable")
        pick = next(int(j) for j in order if int(j) not in taken)
        taken.add(pick)
        out[k] = pool[pick]
    # A stable reading order (top to bottom, then left to right) for assigning names.
    order = np.lexsort((out[:, 0], -np.round(out[:, 1], 6)))
    return out[order]


def _nearest(points: FloatArray, centres: FloatArray) -> npt.NDArray[np.intp]:
    d = (points[:, None, 0] - centres[None, :, 0]) ** 2 + (
        points[:, None, 1] - centres[None, :, 1]
    ) ** 2
    return np.asarray(np.argmin(d, axis=1), dtype=np.intp)


def _trusted(separation: float, margin: float) -> VennLayout:
    """A layout built without the room check, for values the tests prove leave room."""
    layout = object.__new__(VennLayout)
    object.__setattr__(layout, "separation", separation)
    object.__setattr__(layout, "margin", margin)
    return layout


#: The layout used by :func:`~cxmodel.plot_venn`.  Not checked at import (the check
#: samples every region, a fiftieth of a second); test_venn_layout checks it.
DEFAULT_LAYOUT = _trusted(1.0, 0.05)
