"""Label placement: names or numbers beside markers, no two overlapping, leaders uncrossed.

The placement itself is pure geometry in typographic points (nothing is drawn
until a spot is chosen), with hard rules every chart keeps:

* no label overlaps another label, a fixed text (titles, region names, counts),
  or any marker;
* a label sits beside its marker, or further out with a straight leader line
  that crosses no other leader, passes through no other marker and runs under
  no text;
* every label stays inside the view.

Markers, texts and leaders are kept in uniform spatial grids, so each check
looks only at its neighbourhood and placing ``n`` labels costs ``O(n log n)``
(a sort by crowding) plus ``O(n)`` local checks -- no pairwise loop over all
labels.  A label that no spot fits is reported, never drawn on top of
something: the charts then number it in their key instead.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from ..exceptions import FieldError
from ..intersections import Region
from ._venn_layout import Box

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text
from ._base import INK, MUTED, FloatArray
from ._measure import LINE_SPACING, PAD, Rect, _aligned, _name_shapes

__all__ = [
    "AUTO_LABEL_LIMIT",
    "AUTO_NAME_LIMIT",
    "AUTO_NUMBER_LIMIT",
    "KEY_ORDER",
    "LEADERS",
    "Labels",
    "Spot",
    "label_mode",
    "place_labels",
]


Labels = bool | Literal["auto", "names", "numbers", "all"]


LabelMode = Literal["names", "numbers", "none"]


#: ``labels="auto"`` writes names beside markers up to this many initiatives, numbers above.
AUTO_NAME_LIMIT = 20


#: ``labels="auto"`` numbers markers up to this many initiatives; above, markers only.
AUTO_NUMBER_LIMIT = 300


#: The name limit of charts that have no numbered key (the movement chart).
AUTO_LABEL_LIMIT = 30


#: The order of a key's groups, and so of the numbers (the same on every chart): the
#: innovations first (the centre, then the three kinds), the single lenses, then no lens.
KEY_ORDER = (
    Region.CUSTOMER_EXPERIENCE,
    Region.EMOTIONAL,
    Region.PROCESS,
    Region.FUNCTIONAL,
    Region.BUSINESS_ONLY,
    Region.PEOPLE_ONLY,
    Region.TECHNOLOGY_ONLY,
    Region.NONE,
)


#: Air between a marker's rim and its label, and around a label's words, in points.
GAP = 2.0


#: The label (and gid) of the one LineCollection holding a chart's leader lines.
LEADERS = "leader lines"


def label_mode(labels: object, size: int) -> LabelMode:
    """How a chart of ``size`` initiatives labels them: ``"names"``, ``"numbers"`` or ``"none"``.

    ``"auto"`` gives names up to :data:`AUTO_NAME_LIMIT` initiatives, numbers up
    to :data:`AUTO_NUMBER_LIMIT`, and markers only beyond; ``True`` and
    ``"all"`` are kept as ``"names"``.

    Examples
    --------
    >>> from cxmodel.plotting._labels import label_mode
    >>> label_mode("auto", 12), label_mode("auto", 25), label_mode(True, 200)
    ('names', 'numbers', 'names')
    >>> label_mode("some", 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: labels must be "auto", "names", ... got 'some'
    """
    if labels is True or (isinstance(labels, str) and labels in ("names", "all")):
        return "names"
    if labels is False:
        return "none"
    if isinstance(labels, str) and labels == "numbers":
        return "numbers"
    if isinstance(labels, str) and labels == "auto":
        if size <= AUTO_NAME_LIMIT:
            return "names"
        return "numbers" if size <= AUTO_NUMBER_LIMIT else "none"
    raise FieldError("labels", labels, 'must be "auto", "names", "numbers", True or False')


def _want_names(labels: object, size: int) -> bool:
    """Kept for callers of the first label rules: True when names are written."""
    return label_mode(labels, size) == "names"


Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


class _Grid:
    """A uniform spatial hash: items by the cells their bounding box touches."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1.0)
        self.cells: dict[tuple[int, int], list[int]] = {}

    def _span(self, box: Rect) -> Iterable[tuple[int, int]]:
        c = self.cell
        i0, i1 = math.floor(box[0] / c), math.floor(box[2] / c)
        j0, j1 = math.floor(box[1] / c), math.floor(box[3] / c)
        return ((i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1))

    def add(self, box: Rect, item: int) -> None:
        for key in self._span(box):
            self.cells.setdefault(key, []).append(item)

    def near(self, box: Rect) -> set[int]:
        found: set[int] = set()
        cells = self.cells
        for key in self._span(box):
            items = cells.get(key)
            if items:
                found.update(items)
        return found

    def along(self, s: Segment, pad: float) -> set[int]:
        """Items in the cells within ``pad`` of the segment (walked in half-cell steps)."""
        steps = max(int(math.hypot(s[2] - s[0], s[3] - s[1]) / (0.5 * self.cell)), 1)
        keys: set[tuple[int, int]] = set()
        for i in range(steps + 1):
            x = s[0] + (s[2] - s[0]) * i / steps
            y = s[1] + (s[3] - s[1]) * i / steps
            keys.update(self._span((x - pad, y - pad, x + pad, y + pad)))
        found: set[int] = set()
        for key in keys:
            items = self.cells.get(key)
            if items:
                found.update(items)
        return found


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _box_disc_distance(box: Rect, x: float, y: float) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return math.hypot(dx, dy)


def _segment_disc_distance(s: Segment, x: float, y: float) -> float:
    ax, ay, bx, by = s
    vx, vy = bx - ax, by - ay
    length = vx * vx + vy * vy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * vx + (y - ay) * vy) / length))
    return math.hypot(ax + t * vx - x, ay + t * vy - y)


def _orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def _segments_cross(s: Segment, t: Segment) -> bool:
    """True when the two segments share a point (touching counts)."""
    d1 = _orient(t[0], t[1], t[2], t[3], s[0], s[1])
    d2 = _orient(t[0], t[1], t[2], t[3], s[2], s[3])
    d3 = _orient(s[0], s[1], s[2], s[3], t[0], t[1])
    d4 = _orient(s[0], s[1], s[2], s[3], t[2], t[3])
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    eps = 1e-9
    return (
        (abs(d1) < eps and _on_segment(t, s[0], s[1]))
        or (abs(d2) < eps and _on_segment(t, s[2], s[3]))
        or (abs(d3) < eps and _on_segment(s, t[0], t[1]))
        or (abs(d4) < eps and _on_segment(s, t[2], t[3]))
    )


def _on_segment(s: Segment, x: float, y: float) -> bool:
    return (
        min(s[0], s[2]) - 1e-9 <= x <= max(s[0], s[2]) + 1e-9
        and min(s[1], s[3]) - 1e-9 <= y <= max(s[1], s[3]) + 1e-9
    )


def _segment_hits_box(s: Segment, box: Rect) -> bool:
    """True when the segment passes through the (open) rectangle: Liang-Barsky clipping."""
    x0, y0, x1, y1 = s
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x0 - box[0]),
        (dx, box[2] - x0),
        (-dy, y0 - box[1]),
        (dy, box[3] - y0),
    ):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return high - low > 1e-9


def _bounds(s: Segment) -> Rect:
    return (min(s[0], s[2]), min(s[1], s[3]), max(s[0], s[2]), max(s[1], s[3]))


def _crosses_ring(box: Rect, ring: tuple[float, float, float]) -> bool:
    cx, cy, r = ring
    near = _box_disc_distance(box, cx, cy)
    far = max(math.hypot(px - cx, py - cy) for px in (box[0], box[2]) for py in (box[1], box[3]))
    return near < r < far


def _direction(angle: float) -> tuple[float, float, str, str]:
    c, s = math.cos(angle), math.sin(angle)
    ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
    va = "bottom" if s > 0.3 else "top" if s < -0.3 else "center"
    return c, s, ha, va


#: Beside the marker: right, left, above, below, then the diagonals.
_BESIDE = (
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (-0.75, 0.75, "right", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, -0.75, "right", "top"),
)


@attrs.frozen
class Spot:
    """Where one label goes, in points: its text anchor, alignment, box and leader.

    ``leader`` is the segment from the label's box to its marker's rim, or
    ``None`` when the label sits right beside the marker.
    """

    text: str
    x: float
    y: float
    ha: str
    va: str
    box: Rect
    leader: Segment | None
    cost: float


def place_labels(
    centres: FloatArray,
    radii: FloatArray,
    variants: Sequence[Sequence[tuple[str, float, float]]],
    fixed: Sequence[Rect],
    view: Rect,
    *,
    rings: Sequence[tuple[float, float, float]] = (),
    order: Sequence[int] | None = None,
    tiers: int = 12,
    stop_early: bool = False,
) -> list[Spot | None]:
    """Choose a spot for every label, or ``None`` where none fits; all in points.

    Parameters
    ----------
    centres, radii : numpy.ndarray
        Every marker's centre ``(n, 2)`` and radius ``(n,)``.
    variants : sequence
        Per marker, the shapes its label may take: ``(shown text, width, height)``
        (for example a name on one line or wrapped onto two), best first.
    fixed : sequence of (x0, y0, x1, y1)
        Boxes labels keep out of: titles, region names, counts, captions.
    view : (x0, y0, x1, y1)
        Labels stay inside it.
    rings : sequence of (x, y, r)
        Outlines a label should rather not straddle (a soft cost).
    order : sequence of int, optional
        The markers to label, in the order they choose; by default all,
        the most crowded first (they have the fewest free spots).
    tiers : int
        How many rings of spots further out (with a leader line) to try
        before giving a label up.
    stop_early : bool
        Stop at the first round that places no more labels than the best one
        (for a caller that drops the result if any label stays unplaced);
        by default up to five rounds are tried.

    Returns
    -------
    list
        One :class:`Spot` or ``None`` per marker (``None`` also for markers
        not in ``order``).

    Examples
    --------
    >>> import numpy as np
    >>> from cxmodel.plotting._labels import place_labels
    >>> spots = place_labels(
    ...     np.array([[50.0, 50.0], [60.0, 50.0]]), np.array([3.0, 3.0]),
    ...     [[("a", 8.0, 10.0)], [("b", 8.0, 10.0)]], [], (0.0, 0.0, 100.0, 100.0))
    >>> [(s.text, s.ha) for s in spots]
    [('a', 'right'), ('b', 'left')]
    """
    n = len(centres)
    heights = [h for options in variants for _, _, h in options]
    line = float(np.median(heights)) if heights else 10.0
    cell = max(5.0 * line, 4.0 * float(radii.max()) if n else 0.0, 24.0)
    markers = _Grid(cell)
    for k in range(n):
        x, y, r = float(centres[k, 0]), float(centres[k, 1]), float(radii[k])
        markers.add((x - r, y - r, x + r, y + r), k)
    boxes: list[Rect]
    lines: list[Segment]
    if order is None:
        reach = 2.5 * line
        crowd = []
        for k in range(n):
            x, y = float(centres[k, 0]), float(centres[k, 1])
            near = markers.near((x - reach, y - reach, x + reach, y + reach))
            crowd.append(len(near))
        order = sorted(range(n), key=lambda k: (-crowd[k], k))
    biggest = float(radii.max()) + 1.0 if n else 1.0
    step = max(1.3 * line, 8.0)
    first: list[int] = []
    best: list[Spot | None] = []
    for _ in range(5):  # labels left without a spot choose first next round
        texts = _Grid(cell)
        boxes = []
        for box in fixed:
            texts.add(box, len(boxes))
            boxes.append(box)
        leaders = _Grid(cell)
        lines = []
        context = _Context(
            centres, radii, markers, texts, boxes, leaders, lines, view, rings, biggest
        )
        spots: list[Spot | None] = [None] * n
        chosen = set(first)
        for k in [*first, *(k for k in order if k not in chosen)]:
            spot = _best_spot(context, k, variants[k], step, tiers)
            if spot is None:
                continue
            spots[k] = spot
            texts.add(spot.box, len(boxes))
            boxes.append(spot.box)
            if spot.leader is not None:
                leaders.add(_bounds(spot.leader), len(lines))
                lines.append(spot.leader)
        missing = [k for k in order if spots[k] is None]
        improved = not best or len(missing) < sum(best[k] is None for k in order)
        if improved:
            best = spots
        if not missing or (stop_early and not improved):
            break
        first = [*first, *(k for k in missing if k not in first)]
    return best


@attrs.define
class _Context:
    centres: FloatArray
    radii: FloatArray
    markers: _Grid
    texts: _Grid
    boxes: list[Rect]
    leaders: _Grid
    lines: list[Segment]
    view: Rect
    rings: Sequence[tuple[float, float, float]]
    reach: float  # the largest marker radius, plus air


def _best_spot(
    c: _Context, k: int, options: Sequence[tuple[str, float, float]], step: float, tiers: int
) -> Spot | None:
    x, y, r = float(c.centres[k, 0]), float(c.centres[k, 1]), float(c.radii[k])
    view = c.view
    diagonal = math.hypot(view[2] - view[0], view[3] - view[1])
    best: Spot | None = None
    tier = 0
    while True:
        base = 0.0 if tier == 0 else 20.0 + 12.0 * tier
        if best is not None and base >= best.cost:
            return best
        reach = r + GAP + tier * step
        if tier > tiers or (tier and reach > diagonal):
            return best
        if tier == 0:
            spots = [(dx, dy, ha, va, 1.5 * i) for i, (dx, dy, ha, va) in enumerate(_BESIDE)]
        else:
            count = 16 if tier <= 2 else 24
            spots = [
                (*_direction(2 * math.pi * a / count), 2.0 * min(a, count - a) / count * 6)
                for a in range(count)
            ]
        for choice, (text, width, height) in enumerate(options):
            for dx, dy, ha, va, penalty in spots:
                tx, ty = x + dx * reach, y + dy * reach
                box = _aligned(tx, ty, width, height, ha, va)
                cost = base + penalty + 4.0 * choice
                if best is not None and cost >= best.cost:
                    continue
                if not _box_free(c, box):  # the cheap hard rules before any cost
                    continue
                leader = None
                if tier:
                    px = max(box[0], min(x, box[2]))
                    py = max(box[1], min(y, box[3]))
                    dist = math.hypot(px - x, py - y)
                    if dist <= r + GAP:
                        continue
                    ux, uy = (px - x) / dist, (py - y) / dist
                    leader = (px, py, x + ux * r, y + uy * r)
                    cost += 0.05 * dist
                cost += _soft_cost(c, k, box, x, y, leader is None)
                if best is not None and cost >= best.cost:
                    continue
                extra = _penalty(c, k, box, leader)
                if extra is not None and cost + extra < (math.inf if best is None else best.cost):
                    best = Spot(text, tx, ty, ha, va, box, leader, cost + extra)
        tier += 1


def _soft_cost(c: _Context, k: int, box: Rect, x: float, y: float, beside: bool) -> float:
    cost = 15.0 * sum(_crosses_ring(box, ring) for ring in c.rings)
    if not beside:
        return cost  # a leader line says which marker the label belongs to
    own = _box_disc_distance(box, x, y)
    pad = own + 1.0
    for j in c.markers.near((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)):
        if j != k:
            other = _box_disc_distance(box, float(c.centres[j, 0]), float(c.centres[j, 1]))
            if other < own:
                return cost + 25.0  # nearer another marker than its own: easy to misread
    return cost


def _box_free(c: _Context, box: Rect) -> bool:
    """The hard rules of a label's box: inside the view, on no text and no marker."""
    view = c.view
    if box[0] < view[0] or box[1] < view[1] or box[2] > view[2] or box[3] > view[3]:
        return False
    for j in c.texts.near(box):
        if _overlaps(box, c.boxes[j]):
            return False
    for j in c.markers.near(box):
        if (
            _box_disc_distance(box, float(c.centres[j, 0]), float(c.centres[j, 1]))
            < float(c.radii[j]) + 0.5
        ):
            return False
    return True


def _penalty(c: _Context, k: int, box: Rect, leader: Segment | None) -> float | None:
    """``None`` when the leader breaks a hard rule, else the cost of lines running under text.

    Hard rules (the box is :func:`_box_free`): a leader that passes through no
    other marker and crosses no other leader.  A leader line running under a
    text is allowed but costly (it is better than no label).
    """
    cost = 0.0
    for j in c.leaders.near(box):
        if _segment_hits_box(c.lines[j], box):
            cost += 60.0
    if leader is None:
        return cost
    for j in c.leaders.along(leader, 1.0):  # the fewer to look at, before the markers
        if _segments_cross(leader, c.lines[j]):
            return None
    for j in c.markers.along(leader, c.reach):
        if (
            j != k
            and _segment_disc_distance(leader, float(c.centres[j, 0]), float(c.centres[j, 1]))
            < float(c.radii[j]) + 0.75
        ):
            return None
    for j in c.texts.along(leader, 1.0):
        if _segment_hits_box(leader, c.boxes[j]):
            cost += 60.0
    return cost


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

        def set(self, **kwargs: Any) -> Any:
            # Defined here, matplotlib does not rebuild the property docstrings for this
            # class (a twentieth of a second, on every first chart of a process).
            return Annotation.set(self, **kwargs)

    return NameLabel


@functools.cache
def _key_text_class() -> Any:
    """A Text that shows a name wrapped onto lines but keeps ``get_text()`` the name."""
    from matplotlib.text import Text

    class KeyText(Text):
        shown = ""

        def _get_wrapped_text(self) -> str:
            return self.shown or self.get_text()

        def set(self, **kwargs: Any) -> Any:  # see NameLabel.set
            return Text.set(self, **kwargs)

    return KeyText


def literal(**props: Any) -> dict[str, Any]:
    """Text properties that draw a string as written: no TeX, no mathtext (``$`` is a dollar)."""
    return {"usetex": False, "parse_math": False, **props}


def _draw_spots(
    ax: Axes,
    labels: Sequence[tuple[str, str, tuple[float, float], float]],
    spots: Sequence[Spot | None],
    *,
    fontsize: float,
    scale: tuple[float, float],
    origin: tuple[float, float] = (0.0, 0.0),
    bold: bool = False,
) -> dict[str, Text]:
    """Draw each placed label as an annotation of its marker; ``labels`` are ``(key, text, xy,
    radius_pt)``.  Spots are in points from ``origin`` (data units); returns ``key -> Text``."""
    sx, sy = scale
    ox, oy = origin
    make = _name_label_class()
    out: dict[str, Text] = {}
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for (key, text, xy, _), spot in zip(labels, spots, strict=True):
        if spot is None:
            continue
        if spot.leader is not None:  # exactly the segment planned: box edge to marker rim
            x0, y0, x1, y1 = spot.leader
            segments.append(((ox + x0 / sx, oy + y0 / sy), (ox + x1 / sx, oy + y1 / sy)))
        # The text sits PAD inside its box, so the words keep that air on every side.
        tx = {"left": spot.x + PAD, "right": spot.x - PAD, "center": spot.x}[spot.ha]
        ty = {"bottom": spot.y + PAD, "top": spot.y - PAD, "center": spot.y}[spot.va]
        label = make(
            text,
            xy=xy,
            xytext=(ox + tx / sx, oy + ty / sy),
            xycoords="data",
            ha=spot.ha,
            va=spot.va,
            fontsize=fontsize,
            fontweight="bold" if bold else "normal",
            color=INK,
            linespacing=LINE_SPACING,
            zorder=6,
            annotation_clip=False,
            **literal(),
        )
        label.shown = spot.text
        ax.add_artist(label)
        label.set_clip_on(False)  # like ax.annotate: a label may reach past the axes
        out[key] = label
    if segments:
        from matplotlib.collections import LineCollection

        lines = LineCollection(
            segments, colors=MUTED, linewidths=0.7, zorder=5, label=LEADERS, gid=LEADERS
        )
        lines.set_clip_on(False)
        ax.add_collection(lines, autolim=False)
    return out


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
    """Write each name beside its point (data units in, ``radii`` in points); ``name -> Text``.

    The first label helper, kept for the charts that call it: names that no
    spot fits are placed where they overlap least rather than left out.
    """
    sx, sy = (scale, scale) if isinstance(scale, int | float) else scale
    xmin, xmax, ymin, ymax = bounds
    centres = np.array([(x * sx, y * sy) for _, (x, y) in points], dtype=np.float64).reshape(-1, 2)
    fixed = [(b.x0 * sx, b.y0 * sy, b.x1 * sx, b.y1 * sy) for b in obstacles]
    rings = [(cx * sx, cy * sy, r * sx) for (cx, cy), r in circles]
    variants = [_name_shapes(name, fontsize) for name, _ in points]
    view = (xmin * sx, ymin * sy, xmax * sx, ymax * sy)
    spots = place_labels(
        centres, np.asarray(radii, dtype=np.float64), variants, fixed, view, rings=rings
    )
    for k, spot in enumerate(spots):
        if spot is None:  # nowhere free: beside the marker, on its right
            text, width, height = variants[k][0]
            x, y = float(centres[k, 0]) + float(radii[k]) + GAP, float(centres[k, 1])
            box = _aligned(x, y, width, height, "left", "center")
            spots[k] = Spot(text, x, y, "left", "center", box, None, math.inf)
    labels = [(name, name, xy, float(r)) for (name, xy), r in zip(points, radii, strict=True)]
    return _draw_spots(ax, labels, spots, fontsize=fontsize, scale=(sx, sy))
