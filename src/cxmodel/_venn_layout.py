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

import math

import attrs
import numpy as np
import numpy.typing as npt

from .exceptions import FieldError
from .intersections import Region
from .model import Lens

__all__ = [
    "DEFAULT_LAYOUT",
    "Anchor",
    "Box",
    "VennLayout",
    "halton",
]

FloatArray = npt.NDArray[np.float64]
Circle = tuple[tuple[float, float], float]

#: Groups up to this size are relaxed with Lloyd iterations (cheap and prettier).
_RELAX_LIMIT = 64
_RELAX_ITERATIONS = 30


@attrs.frozen
class Box:
    """An axis-aligned rectangle in data units.

    Examples
    --------
    >>> from cxmodel._venn_layout import Box
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


def halton(start: int, count: int, base: int) -> FloatArray:
    """Terms ``start + 1 ... start + count`` of the van der Corput sequence in ``base``.

    Paired bases (2 and 3) give the 2-d Halton sequence: deterministic points
    in ``[0, 1)`` whose every prefix is evenly spread.

    Examples
    --------
    >>> from cxmodel._venn_layout import halton
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
    return result


@attrs.frozen
class VennLayout:
    """Three equal circles in the classic arrangement, and where things go on them.

    Parameters
    ----------
    separation : float
        Distance between two circle centres, in radii.  The default ``1.1``
        leaves every one of the seven regions room for markers and a label.
    margin : float
        Minimum distance of a placed point from every circle boundary, from
        the edge of the view and from reserved label areas, in radii.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel._venn_layout import VennLayout
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

    separation: float = attrs.field(default=1.1)
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

    # --- circles and regions ---------------------------------------------------------

    @property
    def radius(self) -> float:
        """The radius of every circle (1.0: coordinates are in radii)."""
        return 1.0

    @property
    def circles(self) -> dict[Lens, Circle]:
        """``Lens -> ((x, y), radius)``: Business top-left, People top-right, Technology below."""
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
        """Where each region's name and count go; markers keep out of ``anchor.box``.

        The name is written above ``(x, y)`` and the count below it.  Pairwise
        regions are labelled near their outer tip, single-lens regions towards
        the outside of their circle, the centre at the centre and the ``NONE``
        region in the lower-left corner of the view.
        """
        circles = self.circles
        r = self.radius
        half = self.separation / 2
        tip = math.sqrt(r * r - half * half)  # centre-to-tip distance of a pairwise lens
        out: dict[Region, Anchor] = {}
        for region in Region:
            lenses = region.lenses
            if len(lenses) == 2:
                (ax, ay), _ = circles[min(lenses, key=_lens_index)]
                (bx, by), _ = circles[max(lenses, key=_lens_index)]
                mx, my = (ax + bx) / 2, (ay + by) / 2
                norm = math.hypot(mx, my)
                # Along the outward direction, 55% of the way from the lens midpoint to its tip.
                x, y = mx + mx / norm * 0.55 * tip, my + my / norm * 0.55 * tip
                out[region] = _block(x, y, 0.50, 0.16, 0.11)
            elif len(lenses) == 1:
                (cx, cy), _ = circles[next(iter(lenses))]
                norm = math.hypot(cx, cy)
                distance = norm + 0.5 * r
                x, y = cx / norm * distance, cy / norm * distance
                out[region] = _block(x, y, 0.62, 0.09, 0.11)
            elif region is Region.CUSTOMER_EXPERIENCE:
                out[region] = _block(0.0, -0.02, 0.44, 0.16, 0.11)
            else:
                xmin, _, ymin, _ = self.bounds
                x, y = xmin + 0.05, ymin + 0.17
                out[region] = Anchor(x, y, "left", "center", Box(x, y - 0.12, x + 0.75, y + 0.17))
        return out

    def reserved(self) -> list[Box]:
        """Every box markers keep out of: the lens titles and the region labels."""
        return [a.box for a in self.title_anchors.values()] + [
            a.box for a in self.label_anchors.values()
        ]

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
        >>> from cxmodel._venn_layout import DEFAULT_LAYOUT as layout
        >>> pts = layout.place(cx.Region.EMOTIONAL, 3)
        >>> [layout.region_at(x, y).name for x, y in pts]
        ['EMOTIONAL', 'EMOTIONAL', 'EMOTIONAL']
        >>> bool((pts == layout.place(cx.Region.EMOTIONAL, 3)).all())
        True
        """
        if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
            raise FieldError("count", count, "must be a whole number >= 0")
        region = Region(region)
        count = int(count)
        if count == 0:
            return np.empty((0, 2))
        if count <= _RELAX_LIMIT:
            pool = self._pool(region, max(1500, 40 * count))
            return _relax(pool, count)
        return self._pool(region, count)

    def _pool(self, region: Region, needed: int) -> FloatArray:
        """The first ``needed`` allowed Halton points of ``region``."""
        found: list[FloatArray] = []
        total, start = 0, 0
        batch = max(4 * needed, 1024)
        while total < needed:
            if start > 200 * needed + 100_000:  # pragma: no cover - a layout with no room
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
        keep = (self.regions_at(xs, ys) == region) & (self.clearance(xs, ys) >= m)
        xmin, xmax, ymin, ymax = self.bounds
        keep &= (xs >= xmin + m) & (xs <= xmax - m) & (ys >= ymin + m) & (ys <= ymax - m)
        for box in self.reserved():
            b = box.grown(m)
            keep &= ~((xs >= b.x0) & (xs <= b.x1) & (ys >= b.y0) & (ys <= b.y1))
        return np.asarray(keep, dtype=np.bool_)


def _clean(value: float) -> float:
    """Round away floating-point dust such as ``6e-17`` for exact, readable coordinates."""
    return round(value, 12) + 0.0


def _lens_index(lens: Lens) -> int:
    return lens.bit


def _block(x: float, y: float, width: float, above: float, below: float) -> Anchor:
    """A centred name-over-count block whose reserved box spans ``above``/``below`` of y."""
    return Anchor(
        x, y, "center", "center", Box(x - width / 2, y - below, x + width / 2, y + above)
    )


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
        sums = np.zeros_like(centres)
        np.add.at(sums, nearest, pool)
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


#: The layout used by :func:`~cxmodel.plot_venn`.
DEFAULT_LAYOUT = VennLayout()
