"""What every cxmodel chart shares: the Axes to draw on, ink colours, fonts, the region palette.

matplotlib is imported inside the functions, so importing this module stays cheap and
``import cxmodel`` never loads matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from .._lenses import parse_lens
from ..exceptions import FieldError
from ..intersections import REGION_COLORS, InnovationType, Region
from ..model import Lens, Thresholds

if TYPE_CHECKING:
    from matplotlib.axes import Axes


FloatArray = npt.NDArray[np.float64]


_EDGE = "#4d4d4d"


_DEFAULT_THRESHOLDS = Thresholds()


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

        # The lower bounds are what still reads on a projected slide.
        return cls(
            chart_title=size(0.13, 11, 18),
            title=size(0.115, 9, 16),
            region=size(0.075, 8, 12),
            count=size(0.1, 8, 15),
            name=size(0.056, 7.5, 10),
            note=size(0.06, 7.5, 9),
        )


def _percent_formatter() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0, decimals=0)


def _chart_title(ax: Axes, text: str, fonts: _Fonts) -> None:
    """The bold title of the scores, balance and roadmap charts."""
    ax.set_title(text, fontsize=fonts.chart_title, fontweight="bold", color=INK, pad=10)


def _check_thresholds(thresholds: object) -> Thresholds:
    if not isinstance(thresholds, Thresholds):
        raise FieldError("thresholds", thresholds, "must be a cxmodel.Thresholds")
    return thresholds


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


# --- the score matrix's frame (plot_scores, plot_movement) -------------------------------


def _criteria(x: str | Lens, y: str | Lens) -> tuple[str, str]:
    """The criteria across and up of a score matrix; they must differ."""
    cx_, cy_ = _criterion(x, "x"), _criterion(y, "y")
    if cx_ == cy_:
        raise FieldError("y", y, f"must differ from x ({cx_})")
    return cx_, cy_


def _axis_label(criterion: str) -> str:
    """``Feasibility (technology lens)``: a score matrix's axis title."""
    return f"{criterion.capitalize()} ({Lens.from_criterion(criterion).value} lens)"


def _quadrant_names(cx_: str, cy_: str) -> dict[tuple[bool, bool], str]:
    """The quadrants' names by (right, upper); the pass quadrant is the pair's innovation."""
    lx, ly = Lens.from_criterion(cx_), Lens.from_criterion(cy_)
    return {
        (True, True): _innovation_type_of(cx_, cy_).label,
        (False, True): f"{ly.adjective.capitalize()}, not {lx.adjective}",
        (True, False): f"{lx.adjective.capitalize()}, not {ly.adjective}",
        (False, False): f"Neither {lx.adjective} nor {ly.adjective}",
    }


def _threshold_lines(ax: Axes, tx: float, ty: float) -> None:
    """A score matrix's dashed threshold lines."""
    ax.axvline(tx, color=_EDGE, lw=1.2, ls="--", zorder=1)
    ax.axhline(ty, color=_EDGE, lw=1.2, ls="--", zorder=1)


def _matrix_ticks(ax: Axes, fonts: _Fonts) -> None:
    """A score matrix's open frame and its ticks at the quarters of the scale."""
    open_frame(ax)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.tick_params(labelsize=fonts.note, colors=MUTED)


#: Okabe-Ito colours of the perception-gap chart: the company's estimate, the customers'.
COMPANY_COLOR = "#0072B2"
CUSTOMER_COLOR = "#D55E00"

#: Marks that step back: rows below a cut-off, stages with no initiative.
FAINT = "#BBBBBB"

#: Text and outlines: softer than pure black.
INK = "#222222"
#: Secondary text (notes, axis ticks, what is not the point of a chart).
MUTED = "#666666"
#: Okabe-Ito vermilion: the palette's warning colour and no region's colour.
VERMILION = "#D55E00"


#: The size (inches) of a score matrix with its key and legend, on a new figure.
SCORES_FIGSIZE = (9.0, 8.0)


def target_axes(ax: Axes | None, size: tuple[float, float] | None = None) -> Axes:
    """``ax`` itself, checked to be an Axes, or ``plt.gca()`` when it is ``None``.

    ``size``: the chart's own figure size (inches), for when no figure is open
    yet (a notebook cell's first chart): the figure ``plt.gca()`` would make is
    then made this size, as :func:`~cxmodel.plotting.save_chart` makes it, so a
    chart with a key beside it is not squeezed into matplotlib's default.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from matplotlib.figure import Figure
    >>> from cxmodel.plotting._base import target_axes
    >>> ax = Figure().add_subplot()
    >>> target_axes(ax) is ax
    True
    >>> plt.close("all")
    >>> target_axes(None, (13.5, 8.6)).figure.get_size_inches().tolist()
    [13.5, 8.6]
    >>> plt.close("all")
    >>> target_axes("left")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: ax must be a matplotlib Axes, got 'left'
    """
    if ax is None:
        import matplotlib.pyplot as plt

        if size is not None and not plt.get_fignums():
            return plt.figure(figsize=size).add_subplot()
        return plt.gca()
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise FieldError("ax", ax, "must be a matplotlib Axes")
    return ax


def darker(color: Any, factor: float = 0.6) -> tuple[float, float, float]:
    """``color`` scaled toward black: a rim that keeps light fills visible.

    Examples
    --------
    >>> from cxmodel.plotting._base import darker
    >>> darker("#ffffff")
    (0.6, 0.6, 0.6)
    """
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(color)
    return (red * factor, green * factor, blue * factor)


def tint(color: Any, amount: float = 0.78) -> tuple[float, float, float]:
    """``color`` mixed with white: a light fill that keeps black text readable.

    Examples
    --------
    >>> from cxmodel.plotting._base import tint
    >>> tint("black", 0.5)
    (0.5, 0.5, 0.5)
    """
    from matplotlib.colors import to_rgb

    red, green, blue = (c + (1 - c) * amount for c in to_rgb(color))
    return (red, green, blue)


def open_frame(ax: Axes) -> None:
    """Hide the top and right spines: the data, not a box, bounds the chart.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from cxmodel.plotting._base import open_frame
    >>> ax = Figure().add_subplot()
    >>> open_frame(ax)
    >>> [side for side, spine in ax.spines.items() if spine.get_visible()]
    ['left', 'bottom']
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
