"""The Venn slide of the deck as native shapes, and the key to its numbered dots.

The geometry comes from drawing :func:`~cxmodel.plot_venn` once (off screen)
at the slide's size and copying what it placed -- circles, marker positions
and sizes, region names, counts and name labels -- into shapes, so the slide
and the chart always agree.  Up to :data:`NAME_LIMIT` initiatives the names
sit beside the markers, with a region panel; up to :data:`NUMBER_LIMIT` the
markers are numbered and a key names them, continued on more slides when long.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._text import plural
from ..intersections import Region
from ..plotting._labels import KEY_ORDER
from ._content import ReportContent, region_color
from ._pptx_shapes import (
    FONT,
    INK,
    MUTED,
    SLIDE_SIZE,
    add_slide,
    darker,
    dot,
    mpl_hex,
    overlap,
    plain,
    rgb,
    set_alpha,
    text_box,
    wrapped_size,
)

if TYPE_CHECKING:
    from matplotlib.text import Text

    from ..plotting import VennChart

__all__ = ["NAME_LIMIT", "NUMBER_LIMIT", "VENN_BOX", "venn_slides"]

#: Up to this many initiatives the Venn slide writes names beside markers; above, numbers.
NAME_LIMIT = 20
#: Above this many initiatives markers carry no numbers and there is no key (see the workbook).
NUMBER_LIMIT = 300
#: Where the Venn diagram sits on its slide: (left, top, height) in inches.
VENN_BOX = (0.35, 1.2, 6.05)

_CIRCLE_FILL = "9A9A9A"
_CIRCLE_ALPHA = 14  # percent opacity of the lens ovals
_KEY_ROWS = 34
_KEY_COLUMNS = 2
_KEY_SIZE = 9.0


class _Frame:
    """Maps the Venn chart's data coordinates to slide inches."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        left, top, height = VENN_BOX
        xmin, xmax, ymin, ymax = bounds
        self.xmin, self.ymax = xmin, ymax
        self.scale = height / (ymax - ymin)  # inches per data unit
        self.left, self.top = left, top
        self.width, self.height = (xmax - xmin) * self.scale, height

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (
            self.left + (x - self.xmin) * self.scale,
            self.top + (self.ymax - y) * self.scale,
        )


def _venn_chart(content: ReportContent, labels: bool) -> VennChart:
    """Draw :func:`~cxmodel.plot_venn` off screen at the slide's size: the geometry to copy."""
    from matplotlib.figure import Figure

    from ..plotting import plot_venn
    from ..plotting._venn_layout import DEFAULT_LAYOUT

    xmin, xmax, ymin, ymax = DEFAULT_LAYOUT.bounds
    height = VENN_BOX[2]
    fig = Figure(figsize=(height * (xmax - xmin) / (ymax - ymin), height))
    fig.subplots_adjust(left=0, right=1, top=1, bottom=0)
    return plot_venn(
        content.portfolio, ax=fig.add_subplot(), thresholds=content.thresholds, labels=labels
    )


def venn_slides(deck: Any, content: ReportContent) -> None:
    """Add the Venn slide of ``content`` to ``deck``, and the key's slides when it continues.

    Examples
    --------
    >>> from pptx import Presentation
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs._pptx_venn import venn_slides
    >>> deck = Presentation()
    >>> venn_slides(deck, ReportContent.build(cx.example_portfolio()))
    >>> [slide.shapes.title.text for slide in deck.slides]
    ['Where the initiatives sit']
    """
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    p = content.portfolio
    n = len(p)
    names_mode = n <= NAME_LIMIT
    numbered = not names_mode and n <= NUMBER_LIMIT
    chart = _venn_chart(content, labels=names_mode)
    frame = _Frame(chart.layout.bounds)
    counts = content.balance.region_counts
    notes = [
        "The three ovals are the lenses: business (viable), people (desirable) and technology "
        "(feasible). Each dot is one initiative, drawn inside the region of the lenses it "
        "passes; dot area follows effort. Where two ovals overlap sits one kind of innovation "
        "(business and people: emotional; business and technology: process; people and "
        "technology: functional), where all three overlap the holistic customer experience.",
        "Counts: " + ", ".join(f"{r.label} {counts[r]}" for r in Region if counts[r]) + ".",
    ]
    if numbered:
        notes.append("Dots are numbered; the key beside the diagram names them, by region.")
    elif not names_mode:
        notes.append(
            f"With {plural(n, 'initiative')}, dots carry no names or numbers: "
            "the Initiatives sheet of the workbook report lists every one with its region."
        )
    slide = add_slide(deck, "Where the initiatives sit", "\n\n".join(notes))
    shapes = slide.shapes

    for lens, ((cx, cy), r) in chart.circles.items():
        left, top = frame.point(cx - r, cy + r)
        oval = shapes.add_shape(
            MSO_SHAPE.OVAL,
            Inches(left),
            Inches(top),
            Inches(2 * r * frame.scale),
            Inches(2 * r * frame.scale),
        )
        oval.name = f"Lens {lens.value}"
        oval.fill.solid()
        oval.fill.fore_color.rgb = rgb(_CIRCLE_FILL)
        set_alpha(oval, _CIRCLE_ALPHA)
        oval.line.color.rgb = rgb("4D4D4D")
        oval.line.width = Pt(1.5)
        plain(oval)

    for lens, text in chart.titles.items():
        _copy_text(slide, frame, text, name=f"Title {lens.value}", bold=True)
    for region, text in chart.region_labels.items():
        _copy_text(slide, frame, text, name=f"Region {region.name}")
    for region, text in chart.counts.items():
        if (
            region in chart.region_labels
            and text.get_text() == chart.region_labels[region].get_text()
        ):
            continue  # the NONE region's count is part of its name
        _copy_text(slide, frame, text, name=f"Count {region.name}", bold=True)
    _single_lens_names(slide, frame, chart, counts)

    codes = p.regions(content.thresholds).tolist()
    order: dict[Region, list[int]] = {}
    for k, code in enumerate(codes):
        order.setdefault(Region(code), []).append(k)
    diameters = [0.0] * n
    for region, collection in chart.markers.items():
        sizes = collection.get_sizes()
        for j, k in enumerate(order[region]):
            diameters[k] = math.sqrt(float(sizes[j if len(sizes) > 1 else 0])) / 72
    numbers: dict[str, int] = {}
    if numbered:
        for region in KEY_ORDER:  # numbered region by region, as the chart's key lists them
            for k in order.get(region, []):
                numbers[p.names[k]] = len(numbers) + 1
    for k, name in enumerate(p.names):
        x, y = frame.point(*chart.positions[name])
        d = diameters[k]
        region = Region(codes[k])
        marker = shapes.add_shape(
            MSO_SHAPE.OVAL, Inches(x - d / 2), Inches(y - d / 2), Inches(d), Inches(d)
        )
        marker.name = f"Initiative {k + 1}: {name}"
        marker.fill.solid()
        marker.fill.fore_color.rgb = rgb(region_color(region))
        marker.line.color.rgb = rgb(darker(region_color(region)))
        marker.line.width = Pt(0.75)
        plain(marker)

    if names_mode:
        for name, text in chart.names.items():
            _copy_name(slide, frame, chart, name, text)
        _region_panel(slide, frame, counts)
    elif numbered:
        placed: list[tuple[float, float, float, float]] = []
        markers = [
            (*frame.point(*chart.positions[nm]), diameters[k]) for k, nm in enumerate(p.names)
        ]
        for k, name in enumerate(p.names):
            _number_label(slide, numbers[name], markers[k], markers, placed)
        _key_slides(deck, slide, content, order, numbers)


def _region_panel(slide: Any, frame: _Frame, counts: dict[Region, int]) -> None:
    """Beside the diagram: each region's colour, name and count, and how to read the dots."""
    left = frame.left + frame.width + 0.5
    top = VENN_BOX[1] + 0.3
    text_box(slide, left, top, 4.5, 0.4, "Regions", size=16, bold=True).name = "Regions heading"
    y = top + 0.55
    for region in sorted(Region, key=lambda r: (-bin(r).count("1"), r)):
        dot(slide, region_color(region), left, y + 0.06, 0.2, f"Swatch {region.name}")
        colour = INK if counts[region] else MUTED
        text_box(
            slide, left + 0.35, y, 3.0, 0.32, region.label, size=14, colour=colour
        ).name = f"Panel {region.name}"
        text_box(
            slide,
            left + 3.4,
            y,
            0.6,
            0.32,
            str(counts[region]),
            size=14,
            bold=True,
            colour=colour,
            ha="right",
        ).name = f"Panel count {region.name}"
        y += 0.42
    text_box(
        slide,
        left,
        y + 0.25,
        4.2,
        1.4,
        "Each dot is one initiative, inside the region of the lenses it passes; "
        "its area follows effort.",
        size=12,
        colour=MUTED,
        wrap=True,
    ).name = "Reading guide"


def _single_lens_names(
    slide: Any, frame: _Frame, chart: VennChart, counts: dict[Region, int]
) -> None:
    """Name the single-lens regions that hold initiatives, just above their count."""
    for region in (Region.BUSINESS_ONLY, Region.PEOPLE_ONLY, Region.TECHNOLOGY_ONLY):
        if region in chart.region_labels or not counts[region] or region not in chart.counts:
            continue
        count = chart.counts[region]
        x, y = frame.point(*count.get_position())
        size = float(count.get_fontsize()) * 0.55
        width, height = wrapped_size([region.label], size)
        text_box(
            slide,
            x - width / 2,
            y - float(count.get_fontsize()) / 72 * 0.6 - height,
            width,
            height,
            region.label,
            size=size,
            colour=MUTED,
            ha="center",
            va="bottom",
        ).name = f"Region {region.name}"


def _copy_text(slide: Any, frame: _Frame, text: Text, *, name: str, bold: bool = False) -> None:
    """A text box where ``text`` sits on the chart, in the same size and alignment."""
    lines = text.get_text().split("\n")
    size = float(text.get_fontsize())
    x, y = frame.point(*text.get_position())
    _place(
        slide,
        x,
        y,
        lines,
        size=size,
        ha=text.get_horizontalalignment(),
        va=text.get_verticalalignment(),
        bold=bold or text.get_fontweight() in ("bold", 700),
        italic=text.get_fontstyle() == "italic",
        colour=mpl_hex(text.get_color()),
        name=name,
    )


def _copy_name(slide: Any, frame: _Frame, chart: VennChart, name: str, text: Text) -> None:
    """A name label as the chart placed it, with its leader line when it has one."""
    from pptx.enum.shapes import MSO_CONNECTOR
    from pptx.util import Inches, Pt

    shown = getattr(text, "shown", "") or text.get_text()
    anchor = getattr(text, "xyann", text.get_position())
    x, y = frame.point(*anchor)
    box = _place(
        slide,
        x,
        y,
        shown.split("\n"),
        size=float(text.get_fontsize()),
        ha=text.get_horizontalalignment(),
        va=text.get_verticalalignment(),
        name=f"Name: {name}",
    )
    if getattr(text, "arrow_patch", None) is not None:
        mx, my = frame.point(*chart.positions[name])
        left, top = box.left / 914400, box.top / 914400
        right, bottom = left + box.width / 914400, top + box.height / 914400
        ex = min(max(mx, left), right)
        ey = min(max(my, top), bottom)
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Inches(mx), Inches(my), Inches(ex), Inches(ey)
        )
        line.line.color.rgb = rgb("888888")
        line.line.width = Pt(0.6)
        line.name = f"Leader: {name}"


def _place(
    slide: Any,
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    size: float,
    ha: str,
    va: str,
    bold: bool = False,
    italic: bool = False,
    colour: str = INK,
    name: str,
) -> Any:
    """A text box whose ``ha``/``va`` anchor is at slide point ``(x, y)``."""
    width, height = wrapped_size(lines, size)
    left = {"left": x, "center": x - width / 2, "right": x - width}[ha]
    top = {"top": y, "bottom": y - height, "baseline": y - height}.get(va, y - height / 2)
    box = text_box(
        slide,
        left,
        top,
        width,
        height,
        lines,
        size=size,
        bold=bold,
        italic=italic,
        colour=colour,
        ha=ha,
        va=va,
    )
    box.name = name
    return box


def _number_label(
    slide: Any,
    number_: int,
    marker: tuple[float, float, float],
    markers: Sequence[tuple[float, float, float]],
    placed: list[tuple[float, float, float, float]],
) -> None:
    """The number of a marker beside it, on the side that overlaps least with the rest."""
    x, y, d = marker
    size = 7.0
    width, height = wrapped_size([str(number_)], size)
    gap = d / 2 + 0.01
    best: tuple[float, tuple[float, float, float, float]] | None = None
    for dx, dy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
        cx = x + dx * (gap + width / 2)
        cy = y + dy * (gap + height / 2)
        box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
        cost = sum(overlap(box, other) for other in placed)
        cost += sum(
            overlap(box, (mx - md / 2, my - md / 2, mx + md / 2, my + md / 2))
            for mx, my, md in markers
        )
        if best is None or cost < best[0] - 1e-12:
            best = (cost, box)
    assert best is not None
    box = best[1]
    placed.append(box)
    text_box(
        slide, box[0], box[1], width, height, str(number_), size=size, ha="center", va="center"
    ).name = f"Number {number_}"


#: One line of the key: a region heading or a numbered name (``number`` empty for a heading).
_Entry = tuple[str, str, Region | None]


def _key_slides(
    deck: Any,
    slide: Any,
    content: ReportContent,
    order: dict[Region, list[int]],
    numbers: dict[str, int],
) -> None:
    """The number -> name key, grouped by region: beside the diagram, then on more slides.

    Long names wrap within their column (never shortened), so the key is laid
    out by lines: a column holds :data:`_KEY_ROWS` lines, a name is never split
    between columns, and a heading never ends one.
    """
    names = content.portfolio.names
    entries: list[_Entry] = []
    for region in KEY_ORDER:
        members = order.get(region, [])
        if members:
            entries.append(("", f"{region.label} ({len(members)})", region))
            entries += [(str(numbers[names[k]]), names[k], None) for k in members]
    # Beside the diagram two columns; on the slides that continue the key, four:
    # (left, width, columns) of each.
    left = VENN_BOX[0] + _Frame(_bounds()).width + 0.3
    beside = (left, SLIDE_SIZE[0] - left - 0.35, _KEY_COLUMNS)
    continued = (0.45, SLIDE_SIZE[0] - 0.9, 2 * _KEY_COLUMNS)
    pages: list[tuple[float, float, list[list[_Entry]]]] = []
    while entries:
        left, width, count = continued if pages else beside
        page, entries = _fill_columns(entries, count, _name_chars(width / count))
        pages.append((left, width, page))
    for page_number, (left, width, page) in enumerate(pages):
        if page_number:
            slide = add_slide(
                deck,
                f"Key to the numbered dots (continued, {page_number + 1} of {len(pages)})",
                "The rest of the key to the numbered Venn diagram, grouped by region.",
            )
        # Only as many columns as the entries fill, so one short column takes the width.
        column_width = width / len(page)
        for c, column in enumerate(page):
            _key_column(slide, column, left + c * column_width, column_width, c + 1)


def _name_chars(column_width: float) -> int:
    """About how many characters of a name fit on one line of a key column."""
    return max(int((column_width - 0.15 - _NUMBER_WIDTH) * 72 / (_KEY_SIZE * 0.55)), 8)


def _fill_columns(
    entries: list[_Entry], count: int, chars: int
) -> tuple[list[list[_Entry]], list[_Entry]]:
    """Up to ``count`` columns of ``entries`` (lines counted with wrapping), and the rest."""
    columns: list[list[_Entry]] = [[]]
    used = 0
    for k, entry in enumerate(entries):
        lines = max(len(textwrap.wrap(entry[1], chars)), 1)
        # a heading needs its first name beside it: it never ends a column
        need = lines + (1 if entry[2] is not None else 0)
        if used and used + need > _KEY_ROWS:
            if len(columns) == count:
                return columns, entries[k:]
            columns.append([])
            used = 0
        columns[-1].append(entry)
        used += lines
    return columns, []


def _key_column(
    slide: Any, column: Sequence[_Entry], left: float, width: float, position: int
) -> None:
    """One column of the key: bold region headings with their colour, numbered names.

    A name that does not fit on a line wraps under itself (a hanging indent
    past its number), so every name is on the slide as written.
    """
    from pptx.util import Inches, Pt

    box = text_box(
        slide, left, VENN_BOX[1] + 0.1, width - 0.15, 5.9, "", size=_KEY_SIZE, wrap=True
    )
    box.name = f"Key column {position}"
    frame = box.text_frame
    for k, (number, label, region) in enumerate(column):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        for run in list(paragraph.runs):
            paragraph._p.remove(run._r)
        runs = []
        if region is not None:
            dot = paragraph.add_run()
            dot.text = "\u25cf "
            dot.font.color.rgb = rgb(region_color(region))
            runs.append(dot)
            run = paragraph.add_run()
            run.text = label
            run.font.bold = True
        else:
            # python-pptx has no hanging-indent API: the paragraph's own attributes
            properties = paragraph._p.get_or_add_pPr()
            properties.set("marL", str(Inches(_NUMBER_WIDTH)))
            properties.set("indent", str(-Inches(_NUMBER_WIDTH)))
            run = paragraph.add_run()
            run.text = f"{number}\t{label}"
        run.font.color.rgb = rgb(INK)
        runs.append(run)
        for r in runs:
            r.font.size = Pt(_KEY_SIZE)
            r.font.name = FONT


#: The room a number takes before its name in the key (inches): the hanging indent.
_NUMBER_WIDTH = 0.32


def _bounds() -> tuple[float, float, float, float]:
    from ..plotting._venn_layout import DEFAULT_LAYOUT

    return DEFAULT_LAYOUT.bounds
