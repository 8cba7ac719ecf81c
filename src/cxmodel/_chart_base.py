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
    """``ax`` itself, checked to be an Axes, or ``plt.gca()`` when it is ``None``."""
    if ax is None:
        import matplotlib.pyplot as plt

        return plt.gca()
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise FieldError("ax", ax, "must be a matplotlib Axes")
    return ax


def darker(color: Any, factor: float = 0.6) -> tuple[float, float, float]:
    """``color`` scaled toward black: a rim that keeps light fills visible."""
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(color)
    return (red * factor, green * factor, blue * factor)


def tint(color: Any, amount: float = 0.78) -> tuple[float, float, float]:
    """``color`` mixed with white: a light fill that keeps black text readable."""
    from matplotlib.colors import to_rgb

    red, green, blue = (c + (1 - c) * amount for c in to_rgb(color))
    return (red, green, blue)


def open_frame(ax: Axes) -> None:
    """Hide the top and right spines: the data, not a box, bounds the chart."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
