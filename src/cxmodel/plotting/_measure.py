"""Text measures: how wide and tall a label is in points, without drawing it."""

from __future__ import annotations

import functools
import textwrap
from typing import TYPE_CHECKING, Any

from ._venn_layout import Box

if TYPE_CHECKING:
    from matplotlib.text import Text

__all__ = ["LINE_SPACING", "PAD", "Rect"]


PAD = 1.5


#: Line spacing of every multi-line label (the box estimate depends on it).
LINE_SPACING = 1.1


Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in points


def _aligned(x: float, y: float, width: float, height: float, ha: str, va: str) -> Rect:
    x0 = {"left": x, "center": x - width / 2, "right": x - width}[ha]
    y0 = {"bottom": y, "center": y - height / 2, "top": y - height}[va]
    return (x0, y0, x0 + width, y0 + height)


def _text_width(text: str, fontsize: float, *, bold: bool = False) -> float:
    """Width in points of the widest line of ``text`` in the default font."""
    return max((_line_width(line, fontsize, bold) for line in text.split("\n")), default=0.0)


@functools.lru_cache(maxsize=8192)
def _line_width(line: str, fontsize: float, bold: bool) -> float:
    # The font's own advance widths (FreeType, unhinted, kerning left out so the sum errs
    # wide): fast, backend-free, and no wider than the renderers draw the line.
    advances = _advances(bold)
    width = fontsize * sum(advances.get(ch) or _advance(ch, bold) for ch in line)
    # Renderers snap glyphs to their pixel grid: up to a few per cent wider at some dpi.
    return width * 1.05 + 0.5 if line else 0.0


@functools.cache
def _advances(bold: bool) -> dict[str, float]:
    """Advance widths in ems, filled as characters are met (see :func:`_advance`)."""
    return {}


def _advance(char: str, bold: bool) -> float:
    from matplotlib.ft2font import LoadFlags

    font = _font(bold)
    font.set_size(100.0, 72)  # 100 pt: a sub-point precision that needs no rounding
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    width = float(glyph.linearHoriAdvance) / 65536 / 100.0
    _advances(bold)[char] = width
    return width


@functools.cache
def _font(bold: bool) -> Any:
    """The FT2Font the default text properties resolve to (shared with matplotlib's cache)."""
    from matplotlib.font_manager import FontProperties, findfont, get_font

    return get_font(findfont(FontProperties(weight="bold" if bold else "normal")))


def _text_height(text: str, fontsize: float) -> float:
    """Height in points of ``text`` as drawn with :data:`LINE_SPACING` (an upper bound)."""
    return fontsize * (1.0 + LINE_SPACING * text.count("\n")) * 1.17


def _label_shape(text: str, fontsize: float, *, bold: bool = False) -> tuple[str, float, float]:
    """``(text, width, height)`` of a label's box, with :data:`PAD` of air on each side."""
    width = _text_width(text, fontsize, bold=bold) + 2 * PAD
    return text, width, _text_height(text, fontsize) + 2 * PAD


def _name_shapes(name: str, fontsize: float) -> list[tuple[str, float, float]]:
    """A name on one line when short, else wrapped wide and low, or narrow and tall."""
    shapes: list[tuple[str, float, float]] = []
    for wrap in (26, 16):
        text = textwrap.fill(name, wrap, break_long_words=True, break_on_hyphens=False)
        if any(text == s for s, _, _ in shapes):
            continue
        shapes.append(_label_shape(text, fontsize))
    return shapes


def _fit(text: str, fontsize: float, width_pt: float, *, bold: bool = True) -> float:
    """``fontsize``, shrunk (not below 6 pt) until ``text`` fits ``width_pt``."""
    natural = _text_width(text, fontsize, bold=bold)
    if natural <= width_pt or natural == 0:
        return fontsize
    return max(round(fontsize * width_pt / natural, 1), 6.0)


def _text_box(text: Text, scale: float | tuple[float, float]) -> Box:
    """The data-unit box a text artist covers, from its alignment and glyph metrics."""
    sx, sy = (scale, scale) if isinstance(scale, int | float) else scale
    x, y = text.get_position()
    content = text.get_text()
    size = float(text.get_fontsize())
    width = (_text_width(content, size, bold=text.get_fontweight() == "bold") + 2 * PAD) / sx
    height = (_text_height(content, size) + 2 * PAD) / sy
    ha, va = text.get_horizontalalignment(), text.get_verticalalignment()
    va = va if va in ("top", "bottom", "center") else "center"
    x0, y0, x1, y1 = _aligned(x, y, width, height, ha, va)
    return Box(x0, y0, x1, y1)
