"""Plumbing every cxmodel chart shares: the Axes to draw on, ink colours, shading, frames.

The chart modules (:mod:`cxmodel.plotting`, :mod:`cxmodel.customer_plots`,
:mod:`cxmodel.uncertainty_plots`) take it from here rather than each writing
its own.  matplotlib is imported inside the functions, so importing this module
stays cheap and ``import cxmodel`` never loads matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .exceptions import FieldError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Text and outlines: softer than pure black.
INK = "#222222"
#: Secondary text (notes, axis ticks, what is not the point of a chart).
MUTED = "#666666"
#: Okabe-Ito vermilion: the palette's warning colour and no region's colour.
VERMILION = "#D55E00"


def target_axes(ax: Axes | None) -> Axes:
    """``ax`` itself, checked to be an Axes, or ``plt.gca()`` when it is ``None``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from cxmodel._chart_base import target_axes
    >>> ax = Figure().add_subplot()
    >>> target_axes(ax) is ax
    True
    >>> target_axes("left")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: ax must be a matplotlib Axes, got 'left'
    """
    if ax is None:
        import matplotlib.pyplot as plt

        return plt.gca()
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise FieldError("ax", ax, "must be a matplotlib Axes")
    return ax


def darker(color: Any, factor: float = 0.6) -> tuple[float, float, float]:
    """``color`` scaled toward black: a rim that keeps light fills visible.

    Examples
    --------
    >>> from cxmodel._chart_base import darker
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
    >>> from cxmodel._chart_base import tint
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
    >>> from cxmodel._chart_base import open_frame
    >>> ax = Figure().add_subplot()
    >>> open_frame(ax)
    >>> [side for side, spine in ax.spines.items() if spine.get_visible()]
    ['left', 'bottom']
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
