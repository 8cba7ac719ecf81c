"""Label placement: where names go beside markers so no two texts overlap."""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np

from ..exceptions import FieldError
from ._venn_layout import Box

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

from ._base import INK, FloatArray

Labels = bool | Literal["auto", "all"]


#: ``labels=True`` / ``"auto"`` write names beside markers up to this many initiatives.
AUTO_LABEL_LIMIT = 30


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


def _want_names(labels: object, size: int) -> bool:
    if labels is True or labels == "auto":
        return size <= AUTO_LABEL_LIMIT
    if labels is False:
        return False
    if labels == "all":
        return True
    raise FieldError("labels", labels, 'must be True, False, "auto" or "all"')
