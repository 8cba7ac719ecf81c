"""The numbered key beside a chart: number -> name, grouped by region, in region colours."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text
from ._base import INK
from ._labels import _key_text_class, literal
from ._measure import LINE_SPACING, _text_width

__all__ = ["KeyGroup", "KeyPlan", "draw_key", "ink", "key_layout"]


@attrs.frozen
class KeyGroup:
    """One block of the key: a heading (a region's name) and its ``(number, name)`` entries."""

    heading: str
    color: Any
    entries: tuple[tuple[int, str], ...]


@attrs.frozen
class _KeyItem:
    kind: str  # "heading" or "entry"
    x: float  # points from the key's left edge
    y: float  # points down from the key's top edge
    text: str
    shown: str
    number: int
    color: Any


@attrs.frozen
class KeyPlan:
    """Where every text of the key goes, in points from its top-left corner."""

    items: tuple[_KeyItem, ...]
    width: float
    height: float
    fontsize: float
    number_width: float


def key_layout(
    groups: Sequence[KeyGroup],
    height: float,
    *,
    fontsize: float,
    max_width: float,
    min_fontsize: float = 6.5,
) -> KeyPlan:
    """Lay the key out in columns of at most ``height`` points, shrinking the font to fit.

    Entries read top to bottom, column after column; a heading never ends a
    column alone.  The font shrinks (not below ``min_fontsize``) until the
    key is at most ``max_width`` wide.

    Examples
    --------
    >>> from cxmodel.plotting._key import KeyGroup, key_layout
    >>> plan = key_layout([KeyGroup("Process innovation", "C0", ((1, "Robots"), (2, "Billing")))],
    ...                   200.0, fontsize=9.0, max_width=300.0)
    >>> [item.text for item in plan.items]
    ['Process innovation (2)', '1', 'Robots', '2', 'Billing']
    """
    size = fontsize
    while True:
        plan = _key_plan(groups, height, size)
        if plan.width <= max_width or size <= min_fontsize:
            return plan
        size = max(round(size * 0.92, 2), min_fontsize)


def _key_plan(groups: Sequence[KeyGroup], height: float, size: float) -> KeyPlan:
    line = size * LINE_SPACING * 1.17
    top_number = max((n for g in groups for n, _ in g.entries), default=1)
    number_width = _text_width(str(top_number), size, bold=True) + 3.0
    blocks: list[list[tuple[str, str, str, int, Any, float, float]]] = []
    for g in groups:
        heading = f"{g.heading} ({len(g.entries)})"
        block = [
            ("heading", heading, heading, 0, g.color, _text_width(heading, size, bold=True), line)
        ]
        for number, name in g.entries:
            shown = textwrap.fill(name, 34, break_long_words=True, break_on_hyphens=False)
            rows = shown.count("\n") + 1
            width = number_width + _text_width(shown, size)
            block.append(("entry", name, shown, number, g.color, width, line * rows))
        blocks.append(block)
    usable = max(height, 3 * line)
    columns: list[list[tuple[float, tuple[str, str, str, int, Any, float, float]]]] = [[]]
    y = 0.0
    for b, block in enumerate(blocks):
        if b and columns[-1]:
            y += 0.5 * line  # air between groups
        for item in block:
            need = item[6] + (block[1][6] if item[0] == "heading" and len(block) > 1 else 0.0)
            if columns[-1] and y + need > usable:
                columns.append([])
                y = 0.0
            columns[-1].append((y, item))
            y += item[6]
    items: list[_KeyItem] = []
    x = 0.0
    tallest = 0.0
    for column in columns:
        width = max((it[5] for _, it in column), default=0.0)
        for y, (kind, text, shown, number, color, _, h) in column:
            items.append(_KeyItem(kind, x, y, text, shown, number, color))
            tallest = max(tallest, y + h)
        x += width + 2.2 * size
    flat: list[_KeyItem] = []
    for it in items:
        if it.kind == "entry":  # the number, right-aligned, then the name
            flat.append(
                _KeyItem("number", it.x, it.y, str(it.number), str(it.number), it.number, it.color)
            )
            flat.append(
                _KeyItem("name", it.x + number_width, it.y, it.text, it.shown, it.number, it.color)
            )
        else:
            flat.append(it)
    return KeyPlan(tuple(flat), max(x - 2.2 * size, 0.0), tallest, size, number_width)


def ink(color: Any) -> tuple[float, float, float]:
    """``color`` darkened until black-on-white text contrast allows it as text colour.

    Examples
    --------
    >>> from cxmodel.plotting._key import ink
    >>> ink("black")
    (0.0, 0.0, 0.0)
    >>> max(ink("#F0E442")) < 0.6   # the palette's yellow, made readable on white
    True
    """
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(color)
    for _ in range(20):
        luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        if luminance <= 0.4:
            break
        red, green, blue = red * 0.85, green * 0.85, blue * 0.85
    return (red, green, blue)


def draw_key(
    ax: Axes,
    plan: KeyPlan,
    place: Any,
) -> tuple[dict[str, Text], list[Text]]:
    """Draw the key; ``place(x_pt, y_pt) -> (x, y, transform)`` maps key points to the axes.

    Returns ``name -> Text`` of every entry's name and the other texts (headings, numbers).
    """
    make = _key_text_class()
    names: dict[str, Text] = {}
    others: list[Text] = []
    for item in plan.items:
        x, y, transform = place(
            item.x + (plan.number_width - 3.0 if item.kind == "number" else 0.0), item.y
        )
        text = make(
            x,
            y,
            item.text,
            ha="right" if item.kind == "number" else "left",
            va="top",
            fontsize=plan.fontsize,
            fontweight="normal" if item.kind == "name" else "bold",
            color=INK if item.kind == "name" else ink(item.color),
            linespacing=LINE_SPACING,
            transform=transform,
            clip_on=False,
            zorder=6,
            **literal(),
        )
        text.shown = item.shown
        ax.add_artist(text)
        if item.kind == "name":
            names[item.text] = text
        else:
            others.append(text)
    return names, others


def _ordered_groups(
    members: Mapping[Any, Sequence[str]], order: Sequence[Any], label: Any, color: Any
) -> tuple[list[KeyGroup], dict[str, int]]:
    """Number the names group by group in ``order``: the key's groups and ``name -> number``."""
    groups = []
    numbers: dict[str, int] = {}
    for group in order:
        names = members.get(group, ())
        if not names:
            continue
        entries = []
        for name in names:
            numbers[name] = len(numbers) + 1
            entries.append((numbers[name], name))
        groups.append(KeyGroup(label(group), color(group), tuple(entries)))
    return groups, numbers
