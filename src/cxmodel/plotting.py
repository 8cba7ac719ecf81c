"""Charts of a portfolio: the three-lens Venn diagram and its companions.

matplotlib is imported inside the functions, so ``import cxmodel`` stays
light.  Every function takes ``ax=None`` (then draws on ``plt.gca()``) and
keyword-only options, never touches rcParams or other global state, and returns
what it drew so callers can keep styling it.  The geometry of the Venn chart
lives in :mod:`cxmodel._venn_layout` and is testable without a figure.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ._venn_layout import DEFAULT_LAYOUT, Box, VennLayout
from .exceptions import FieldError
from .intersections import InnovationType, Region
from .model import CRITERIA, Initiative, Lens, Thresholds
from .portfolio import REGION_COLORS, Portfolio

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.text import Text

    from .balance import BalanceReport

__all__ = ["VennChart", "plot_venn"]

FloatArray = npt.NDArray[np.float64]
Labels = bool | Literal["auto", "all"]

#: ``labels=True`` / ``"auto"`` write names beside markers up to this many initiatives.
AUTO_LABEL_LIMIT = 30

_INK = "#222222"  # text and outlines: softer than pure black
_MUTED = "#666666"
_EDGE = "#4d4d4d"
_DEFAULT_THRESHOLDS = Thresholds()


# --- the Venn chart ---------------------------------------------------------------------


@attrs.define(frozen=True, eq=False)
class VennChart:
    """What :func:`plot_venn` drew, for inspection and further styling.

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
    region_labels, counts : dict
        ``Region -> Text``: region names and counts.
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
        The chart title; ``None`` gives a default naming the portfolio size,
        ``""`` gives none.
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
    data = _as_portfolio(portfolio)
    used = _DEFAULT_THRESHOLDS if thresholds is None else _check_thresholds(thresholds)
    palette = _palette(colors)
    show_names = _want_names(labels, len(data))
    if not isinstance(counts, bool):
        raise FieldError("counts", counts, "must be True or False")
    ax = _axes(ax)
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
        ax.add_patch(Circle((cx, cy), r, facecolor="#8c8c8c", alpha=0.09, lw=0, zorder=0))
        ax.add_patch(Circle((cx, cy), r, fill=False, edgecolor=_EDGE, lw=1.6, zorder=1))

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
            color=_INK,
            zorder=5,
        )

    codes = data.regions(used)
    tally = np.bincount(codes, minlength=8)
    region_labels, count_texts = _draw_region_labels(ax, layout, tally, fonts, scale, counts)

    positions, markers = _draw_markers(ax, layout, data, codes, palette, scale)

    names: dict[str, Text] = {}
    if show_names and len(data):
        obstacles = [_text_box(t, scale) for t in (*titles.values(), *region_labels.values())]
        obstacles += [_text_box(t, scale) for t in count_texts.values()]
        names = _label_points(
            ax,
            [(name, positions[name]) for name in data.names],
            _marker_radii(data, scale, layout, codes),
            obstacles,
            fontsize=fonts.name,
            scale=scale,
            bounds=(xmin, xmax, ymin, ymax),
            circles=list(layout.circles.values()),
        )

    if title is None:
        noun = "initiative" if len(data) == 1 else "initiatives"
        title = f"Customer-experience portfolio: {len(data)} {noun}"
    if title:
        ax.set_title(title, fontsize=fonts.chart_title, fontweight="bold", color=_INK, pad=12)
    ax.annotate(
        _footnote(used),
        xy=(1.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=fonts.note,
        color=_MUTED,
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
            region=size(0.08, 6, 12),
            count=size(0.11, 7, 15),
            name=size(0.062, 5.5, 9),
            note=size(0.06, 6, 8.5),
        )


_REGION_TEXT = {
    Region.NONE: "No lens passes",
    Region.BUSINESS_ONLY: "Business only",
    Region.PEOPLE_ONLY: "People only",
    Region.TECHNOLOGY_ONLY: "Technology only",
    Region.EMOTIONAL: "Emotional\ninnovation",
    Region.PROCESS: "Process\ninnovation",
    Region.FUNCTIONAL: "Functional\ninnovation",
    Region.CUSTOMER_EXPERIENCE: "Customer\nexperience",
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
        strong = region.is_innovation
        size = _fit(
            text, fonts.region if strong else fonts.region * 0.92, anchor.box.width * scale
        )
        gap = 1.5 / scale  # a hairline of space between the name and the count, in data units
        names[region] = ax.text(
            anchor.x,
            anchor.y + gap,
            text,
            ha=anchor.ha,
            va="bottom",
            fontsize=size,
            fontweight="bold" if strong else "normal",
            fontstyle="normal" if strong else "italic",
            color=_INK if strong else _MUTED,
            linespacing=1.05,
            zorder=5,
        )
        if counts:
            numbers[region] = ax.text(
                anchor.x,
                anchor.y - gap,
                str(int(tally[region])),
                ha=anchor.ha,
                va="top",
                fontsize=fonts.count if strong else fonts.count * 0.85,
                fontweight="bold",
                color=_INK if tally[region] else "#a0a0a0",
                zorder=5,
            )
    return names, numbers


def _draw_markers(
    ax: Axes,
    layout: VennLayout,
    data: Portfolio,
    codes: npt.NDArray[np.uint8],
    palette: Mapping[Region, Any],
    scale: float,
) -> tuple[dict[str, tuple[float, float]], dict[Region, PathCollection]]:
    xy = np.empty((len(data), 2))
    for region in Region:
        members = np.flatnonzero(codes == region)
        if members.size:
            xy[members] = layout.place(region, int(members.size))
    diameters = 2 * _marker_radii(data, scale, layout, codes) * scale  # in points
    crowded = len(data) > 200
    markers = {}
    for region in Region:
        members = np.flatnonzero(codes == region)
        if not members.size:
            continue
        markers[region] = ax.scatter(
            xy[members, 0],
            xy[members, 1],
            s=diameters[members] ** 2,
            color=palette[region],
            # A darker rim keeps light colours (the palette's yellow) visible on the grey.
            edgecolors="none" if crowded else _darker(palette[region]),
            linewidths=0.0 if crowded else 0.9,
            alpha=0.85 if crowded else 1.0,
            label=region.label,
            zorder=3,
        )
    names = data.names
    positions = {names[k]: (float(xy[k, 0]), float(xy[k, 1])) for k in range(len(names))}
    return positions, markers


def _darker(color: Any, factor: float = 0.6) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(color)
    return (red * factor, green * factor, blue * factor)


def _marker_radii(
    data: Portfolio, scale: float, layout: VennLayout, codes: npt.NDArray[np.uint8]
) -> FloatArray:
    """Marker radii in data units: area proportional to effort, clamped, shrunk in crowds."""
    if not len(data):
        return np.empty(0)
    # Typical spacing of points in the most crowded region bounds the reference size.
    tally = np.bincount(codes, minlength=8)
    spacing = min(
        math.sqrt(_allowed_area(layout, Region(r)) / n) for r, n in enumerate(tally) if n
    )
    reference = min(0.33 * spacing, 0.065)  # data units
    reference = max(reference, 1.2 / scale)  # at least a visible dot
    effort = data.effort
    relative = np.sqrt(effort / float(np.median(effort)))
    return reference * np.clip(relative, 0.55, 1.6)


_AREAS: dict[tuple[VennLayout, Region], float] = {}


def _allowed_area(layout: VennLayout, region: Region) -> float:
    """Area where points of ``region`` may go, estimated once from 20,000 Halton points."""
    key = (layout, region)
    if key not in _AREAS:
        total = 20_000
        xmin, xmax, ymin, ymax = layout._search_box(region)
        inside = len(layout.candidates(region, total))
        _AREAS[key] = max(inside / total * (xmax - xmin) * (ymax - ymin), 1e-6)
    return _AREAS[key]


def _footnote(thresholds: Thresholds) -> str:
    passes = " · ".join(
        f"{criterion} ≥ {getattr(thresholds, criterion):g}" for criterion in CRITERIA
    )
    return f"A lens passes at {passes}.  Marker area ∝ effort."


# --- name labels beside markers ------------------------------------------------------


def _label_points(
    ax: Axes,
    points: Sequence[tuple[str, tuple[float, float]]],
    radii: FloatArray,
    obstacles: list[Box],
    *,
    fontsize: float,
    scale: float,
    bounds: tuple[float, float, float, float],
    circles: Sequence[tuple[tuple[float, float], float]] = (),
) -> dict[str, Text]:
    """Write each name beside its point where it overlaps nothing already placed (greedy).

    For every point, several spots around it are tried (right, left, above,
    below, diagonals, then further out with a leader line); the spot with the
    least overlap with markers, other names, titles and the view edge wins.
    Extents are measured in data units from the text's own glyph metrics.
    """
    xmin, xmax, ymin, ymax = bounds
    markers = [
        Box(x - r, y - r, x + r, y + r) for (_, (x, y)), r in zip(points, radii, strict=True)
    ]
    placed: list[Box] = []
    texts: dict[str, Text] = {}
    pad = 2.0 / scale
    line = fontsize * 1.2 / scale
    for k, (name, (x, y)) in enumerate(points):
        wrapped = textwrap.fill(name, 24, break_long_words=True)
        width = _text_width(wrapped, fontsize) / scale
        height = line * (wrapped.count("\n") + 1)
        best: tuple[float, Box, str, str, float, float, bool] | None = None
        for order, (dx, dy, ha, va, far) in enumerate(_SPOTS):
            reach = radii[k] + pad + (5 * line if far else 0.0)
            tx, ty = x + dx * reach, y + dy * reach
            box = _aligned_box(tx, ty, width, height, ha, va)
            cost = sum(box.overlap(o) for o in obstacles) * 4
            cost += sum(box.overlap(o) for o in placed) * 4
            cost += sum(box.overlap(m) for j, m in enumerate(markers) if j != k) * 2
            outside = box.width * box.height - box.overlap(Box(xmin, ymin, xmax, ymax))
            cost += outside * 8
            cost += 0.002 * sum(_crosses(box, c) for c in circles)
            cost += 0.0005 * order + (0.004 if far else 0.0)
            if best is None or cost < best[0]:
                best = (cost, box, ha, va, tx, ty, far)
            if cost < 0.0005 * (order + 1) and not far:
                break
        assert best is not None
        _, box, ha, va, tx, ty, far = best
        placed.append(box)
        arrow = (
            {"arrowstyle": "-", "color": "#888888", "lw": 0.6, "shrinkA": 0, "shrinkB": 2}
            if far
            else None
        )
        texts[name] = ax.annotate(
            wrapped,
            xy=(x, y),
            xytext=(tx, ty),
            ha=ha,
            va=va,
            fontsize=fontsize,
            color=_INK,
            linespacing=1.0,
            arrowprops=arrow,
            zorder=6,
        )
    return texts


# (dx, dy, ha, va, far): unit directions with the text alignment that keeps it clear.
_SPOTS: tuple[tuple[float, float, str, str, bool], ...] = tuple(
    (dx, dy, ha, va, far)
    for far in (False, True)
    for dx, dy, ha, va in (
        (1.0, 0.0, "left", "center"),
        (-1.0, 0.0, "right", "center"),
        (0.0, 1.0, "center", "bottom"),
        (0.0, -1.0, "center", "top"),
        (0.75, 0.75, "left", "bottom"),
        (-0.75, 0.75, "right", "bottom"),
        (0.75, -0.75, "left", "top"),
        (-0.75, -0.75, "right", "top"),
    )
)


def _aligned_box(x: float, y: float, width: float, height: float, ha: str, va: str) -> Box:
    x0 = {"left": x, "center": x - width / 2, "right": x - width}[ha]
    y0 = {"bottom": y, "center": y - height / 2, "top": y - height}[va]
    return Box(x0, y0, x0 + width, y0 + height)


def _crosses(box: Box, circle: tuple[tuple[float, float], float]) -> bool:
    """True when the circle's outline passes through the box."""
    (cx, cy), r = circle
    near = math.hypot(max(box.x0 - cx, 0, cx - box.x1), max(box.y0 - cy, 0, cy - box.y1))
    far = max(math.hypot(px - cx, py - cy) for px in (box.x0, box.x1) for py in (box.y0, box.y1))
    return near < r < far


def _text_width(text: str, fontsize: float, *, bold: bool = False) -> float:
    """Width in points of the widest line of ``text`` in the default font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    prop = FontProperties(size=fontsize, weight="bold" if bold else "normal")
    return max(
        (TextPath((0, 0), line, prop=prop).get_extents().width for line in text.split("\n")),
        default=0.0,
    )


def _fit(text: str, fontsize: float, width_pt: float, *, bold: bool = True) -> float:
    """``fontsize``, shrunk (not below 5 pt) until ``text`` fits ``width_pt``."""
    natural = _text_width(text, fontsize, bold=bold)
    if natural <= width_pt or natural == 0:
        return fontsize
    return max(round(fontsize * width_pt / natural, 1), 5.0)


def _text_box(text: Text, scale: float) -> Box:
    """The data-unit box a text artist covers, from its alignment and glyph metrics."""
    x, y = text.get_position()
    content = text.get_text()
    size = float(text.get_fontsize())
    width = _text_width(content, size, bold=text.get_fontweight() == "bold") / scale
    lines = content.count("\n") + 1
    height = size * 1.2 * lines / scale
    return _aligned_box(
        x, y, width, height, text.get_horizontalalignment(), text.get_verticalalignment()
    )


# --- shared helpers ---------------------------------------------------------------------


def _as_portfolio(portfolio: Portfolio | Iterable[Initiative]) -> Portfolio:
    if isinstance(portfolio, Portfolio):
        return portfolio
    if isinstance(portfolio, str | bytes) or not isinstance(portfolio, Iterable):
        raise FieldError("portfolio", portfolio, "must be a Portfolio or initiatives")
    return Portfolio(portfolio)


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


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        import matplotlib.pyplot as plt

        return plt.gca()
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise FieldError("ax", ax, "must be a matplotlib Axes")
    return ax


def _points_per_unit(ax: Axes, width: float, height: float) -> float:
    """Typographic points per data unit once an equal aspect fits ``width x height`` in ax."""
    box = ax.get_window_extent()  # display pixels; works for figures and subfigures
    root = ax.get_figure(root=True)
    points = 72.0 / float(root.dpi if root is not None else 100.0)
    return float(min(box.width * points / width, box.height * points / height))


def _criterion(value: str | Lens, name: str) -> str:
    if isinstance(value, Lens):
        return value.criterion
    if isinstance(value, str) and value.strip().lower() in CRITERIA:
        return value.strip().lower()
    if isinstance(value, str):
        try:
            return Lens(value.strip().lower()).criterion
        except ValueError:
            pass
    raise FieldError(name, value, f"must be one of {', '.join(CRITERIA)} (or a Lens)")


def _innovation_type_of(first: str, second: str) -> InnovationType:
    pair = {Lens.from_criterion(first), Lens.from_criterion(second)}
    return next(t for t in InnovationType if set(t.lenses) == pair)


if TYPE_CHECKING:  # pragma: no cover
    _unused: BalanceReport
