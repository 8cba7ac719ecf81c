"""The slide deck: native, editable PowerPoint shapes and charts (python-pptx), 16:9.

Slides: title; the Venn diagram as shapes (three semi-transparent ovals, one
small oval per initiative placed where :func:`~cxmodel.plot_venn` puts it,
names beside the markers -- or numbers and a key above
:data:`NAME_LIMIT` initiatives); the score matrix as a native XY chart (one
series per region); the balance as a native column chart; the findings; the
roadmap (phases as columns); and, given a previous portfolio, what changed.
The reasoning behind each slide is in its speaker notes, for the presenter.

The Venn geometry comes from drawing :func:`~cxmodel.plot_venn` once (off
screen) at the slide's size and copying what it placed -- circles, marker
positions and sizes, region names, counts and name labels -- into shapes, so
the slide and the chart always agree.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._text import number, pct, plural, quoted
from ..intersections import InnovationType, Region
from ._content import ReportContent, cxmodel_version, region_color

if TYPE_CHECKING:
    from matplotlib.text import Text

    from ..plotting import VennChart

__all__ = ["NAME_LIMIT", "NUMBER_LIMIT", "VENN_BOX", "write_pptx"]

#: Up to this many initiatives the Venn slide writes names beside markers; above, numbers.
NAME_LIMIT = 20
#: Above this many initiatives markers carry no numbers and there is no key (see the workbook).
NUMBER_LIMIT = 300
#: Where the Venn diagram sits on its slide: (left, top, height) in inches.
VENN_BOX = (0.35, 1.2, 6.05)

_SLIDE = (40 / 3, 7.5)  # inches: PowerPoint's 16:9 (12,192,000 x 6,858,000 EMU)
_INK = "222222"
_MUTED = "666666"
_WARN = "D55E00"
_INFO = "0072B2"
_CIRCLE_FILL = "9A9A9A"
_CIRCLE_ALPHA = 14  # percent opacity of the lens ovals
_KEY_ROWS = 34
_KEY_COLUMNS = 2
_KEY_SIZE = 9.0
_FONT = "Calibri"


def write_pptx(content: ReportContent, path: Path) -> None:
    """Write the deck of ``content`` to ``path``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from pptx import Presentation
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs.pptx import write_pptx
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp, "q3.pptx")
    ...     write_pptx(ReportContent.build(cx.example_portfolio()), out)
    ...     len(Presentation(out).slides)
    6
    """
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width = Emu(12_192_000)
    deck.slide_height = Emu(6_858_000)
    deck.core_properties.title = content.title
    deck.core_properties.author = f"cxmodel {cxmodel_version()}"
    _title_slide(deck, content)
    _venn_slides(deck, content)
    _scores_slide(deck, content)
    _balance_slide(deck, content)
    _findings_slides(deck, content)
    _roadmap_slides(deck, content)
    if content.comparison is not None:
        _changes_slide(deck, content)
    deck.save(str(path))


# --- slide plumbing -------------------------------------------------------------------


def _slide(deck: Any, title: str, notes: str) -> Any:
    """A "Title Only" slide with ``title`` across the top and ``notes`` as speaker notes."""
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])
    heading = slide.shapes.title
    heading.left, heading.top = Inches(0.45), Inches(0.3)
    heading.width, heading.height = Inches(_SLIDE[0] - 0.9), Inches(0.8)
    heading.text = title
    frame = heading.text_frame
    for paragraph in frame.paragraphs:
        paragraph.alignment = _align("left")
        for run in paragraph.runs:
            run.font.size = Pt(30)
            run.font.bold = True
            run.font.name = _FONT
            run.font.color.rgb = _rgb(_INK)
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    parse: Any = RGBColor.from_string  # untyped in python-pptx
    return parse(hex_colour.lstrip("#").upper())


def _align(ha: str) -> Any:
    from pptx.enum.text import PP_ALIGN

    return {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[ha]


def _text_box(
    slide: Any,
    left: float,
    top: float,
    width: float,
    height: float,
    lines: Sequence[str] | str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    colour: str = _INK,
    ha: str = "left",
    va: str = "top",
    wrap: bool = False,
) -> Any:
    """A text box at ``left, top`` (inches) with no inner margins: one paragraph per line."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.word_wrap = wrap
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = {
        "top": MSO_ANCHOR.TOP,
        "center": MSO_ANCHOR.MIDDLE,
        "center_baseline": MSO_ANCHOR.MIDDLE,
        "baseline": MSO_ANCHOR.BOTTOM,
        "bottom": MSO_ANCHOR.BOTTOM,
    }[va]
    texts = [lines] if isinstance(lines, str) else list(lines)
    for k, line in enumerate(texts):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        paragraph.alignment = _align(ha)
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.name = _FONT
        run.font.color.rgb = _rgb(colour)
    return box


def _set_alpha(shape: Any, percent: float) -> None:
    """Make the solid fill of ``shape`` ``percent`` opaque: ``<a:alpha>`` in its colour.

    python-pptx has no API for fill transparency; DrawingML puts it inside the
    colour element (``<a:srgbClr val=..><a:alpha val="18000"/></a:srgbClr>``),
    which the shape's XML element (the documented ``shape._element``) reaches.
    """
    from pptx.oxml.ns import qn

    colour = shape._element.spPr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}")
    alpha = colour.makeelement(qn("a:alpha"), {"val": str(round(percent * 1000))})
    colour.append(alpha)


def _plain(shape: Any) -> Any:
    """Drop the theme style of an autoshape (theme shadow, text colour): what is set shows."""
    from pptx.oxml.ns import qn

    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    return shape


def _wrapped_size(lines: Sequence[str], size: float) -> tuple[float, float]:
    """Estimated width and height in inches of ``lines`` set in ``size``-point type."""
    width = max((len(line) for line in lines), default=0) * size * 0.52 / 72 + 0.06
    return width, len(lines) * size * 1.2 / 72


# --- title -------------------------------------------------------------------------------


def _title_slide(deck: Any, content: ReportContent) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    report = content.balance
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (
        Inches(1.1),
        Inches(1.9),
        Inches(_SLIDE[0] - 2.2),
        Inches(2.0),
    )
    title.text = content.title
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    for paragraph in title.text_frame.paragraphs:
        paragraph.alignment = _align("left")
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.name = Pt(40), True, _FONT
            run.font.color.rgb = _rgb(_INK)
    # A bar in the verdict's colour: green when balanced, vermilion when not.
    bar = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(0.75), Inches(2.1), Inches(0.12), Inches(3.2)
    )
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb("009E73" if report.ok else _WARN)
    bar.line.fill.background()
    bar.name = "Verdict bar"
    _plain(bar)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Inches(1.1),
        Inches(4.05),
        Inches(_SLIDE[0] - 2.2),
        Inches(1.3),
    )
    verdict = (
        "balanced" if report.ok else f"not balanced ({plural(len(report.warnings), 'warning')})"
    )
    subtitle.text = (
        f"{plural(len(content.portfolio), 'initiative')} · {verdict} · "
        f"balance index {report.balance_index:.2f}"
    )
    subtitle.text_frame.add_paragraph().text = f"Made with cxmodel {cxmodel_version()}"
    for k, paragraph in enumerate(subtitle.text_frame.paragraphs):
        paragraph.alignment = _align("left")
        for run in paragraph.runs:
            run.font.size = Pt(22 if k == 0 else 14)
            run.font.name = _FONT
            run.font.color.rgb = _rgb(_INK if k == 0 else _MUTED)
    t = content.thresholds
    slide.notes_slide.notes_text_frame.text = (
        "This deck judges every initiative through the three lenses of the customer-experience "
        "model: business (viability), people (desirability) and technology (feasibility). "
        "An initiative passes a lens when its score is at or above the threshold "
        f"(viability {t.viability:g}, desirability {t.desirability:g}, feasibility "
        f"{t.feasibility:g}); passing two lenses makes it emotional, process or functional "
        "innovation, passing all three puts it at the customer-experience centre. "
        f"Verdict: {verdict}. The balance index is 1 for a level mix of the three kinds of "
        "innovation and 0 when all innovation is of one kind."
    )


# --- the Venn diagram ---------------------------------------------------------------------


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


def _venn_slides(deck: Any, content: ReportContent) -> None:
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
    slide = _slide(deck, "Where the initiatives sit", "\n\n".join(notes))
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
        oval.fill.fore_color.rgb = _rgb(_CIRCLE_FILL)
        _set_alpha(oval, _CIRCLE_ALPHA)
        oval.line.color.rgb = _rgb("4D4D4D")
        oval.line.width = Pt(1.5)
        _plain(oval)

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
        for region in Region:  # numbered region by region, as the key lists them
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
        marker.fill.fore_color.rgb = _rgb(region_color(region))
        marker.line.color.rgb = _rgb(_darker(region_color(region)))
        marker.line.width = Pt(0.75)
        _plain(marker)

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
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    left = frame.left + frame.width + 0.5
    top = VENN_BOX[1] + 0.3
    _text_box(slide, left, top, 4.5, 0.4, "Regions", size=16, bold=True).name = "Regions heading"
    y = top + 0.55
    for region in sorted(Region, key=lambda r: (-bin(r).count("1"), r)):
        swatch = slide.shapes.add_shape(
            MSO_SHAPE.OVAL, Inches(left), Inches(y + 0.06), Inches(0.2), Inches(0.2)
        )
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(region_color(region))
        swatch.line.color.rgb = _rgb(_darker(region_color(region)))
        swatch.name = f"Swatch {region.name}"
        _plain(swatch)
        colour = _INK if counts[region] else _MUTED
        _text_box(
            slide, left + 0.35, y, 3.0, 0.32, region.label, size=14, colour=colour
        ).name = f"Panel {region.name}"
        _text_box(
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
    _text_box(
        slide,
        left,
        y + 0.25,
        4.2,
        1.4,
        "Each dot is one initiative, inside the region of the lenses it passes; "
        "its area follows effort.",
        size=12,
        colour=_MUTED,
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
        width, height = _wrapped_size([region.label], size)
        _text_box(
            slide,
            x - width / 2,
            y - float(count.get_fontsize()) / 72 * 0.6 - height,
            width,
            height,
            region.label,
            size=size,
            colour=_MUTED,
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
        colour=_hex(text.get_color()),
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
        line.line.color.rgb = _rgb("888888")
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
    colour: str = _INK,
    name: str,
) -> Any:
    """A text box whose ``ha``/``va`` anchor is at slide point ``(x, y)``."""
    width, height = _wrapped_size(lines, size)
    left = {"left": x, "center": x - width / 2, "right": x - width}[ha]
    top = {"top": y, "bottom": y - height, "baseline": y - height}.get(va, y - height / 2)
    box = _text_box(
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
    width, height = _wrapped_size([str(number_)], size)
    gap = d / 2 + 0.01
    best: tuple[float, tuple[float, float, float, float]] | None = None
    for dx, dy in ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)):
        cx = x + dx * (gap + width / 2)
        cy = y + dy * (gap + height / 2)
        box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
        cost = sum(_overlap(box, other) for other in placed)
        cost += sum(
            _overlap(box, (mx - md / 2, my - md / 2, mx + md / 2, my + md / 2))
            for mx, my, md in markers
        )
        if best is None or cost < best[0] - 1e-12:
            best = (cost, box)
    assert best is not None
    box = best[1]
    placed.append(box)
    _text_box(
        slide, box[0], box[1], width, height, str(number_), size=size, ha="center", va="center"
    ).name = f"Number {number_}"


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _key_slides(
    deck: Any,
    slide: Any,
    content: ReportContent,
    order: dict[Region, list[int]],
    numbers: dict[str, int],
) -> None:
    """The number -> name key, grouped by region: beside the diagram, then on more slides."""
    entries: list[tuple[str, str, Region | None]] = []
    for region in Region:
        members = order.get(region, [])
        if not members:
            continue
        entries.append(("", f"{region.label} ({len(members)})", region))
        entries += [
            (str(numbers[content.portfolio.names[k]]), content.portfolio.names[k], None)
            for k in members
        ]
    left = VENN_BOX[0] + _Frame(_bounds()).width + 0.3
    width = _SLIDE[0] - left - 0.35
    # Beside the diagram two columns; on the slides that continue the key, four.
    first = _KEY_ROWS * _KEY_COLUMNS
    rest = 2 * first
    pages = [entries[:first]]
    pages += [entries[k : k + rest] for k in range(first, len(entries), rest)]
    for page_number, page in enumerate(pages):
        columns = _KEY_COLUMNS
        if page_number:
            slide = _slide(
                deck,
                f"Key to the numbered dots (continued, {page_number + 1} of {len(pages)})",
                "The rest of the key to the numbered Venn diagram, grouped by region.",
            )
            left, width, columns = 0.45, _SLIDE[0] - 0.9, 2 * _KEY_COLUMNS
        _key_columns(slide, page, left, width, columns)


def _key_columns(
    slide: Any,
    page: Sequence[tuple[str, str, Region | None]],
    left: float,
    width: float,
    columns: int,
) -> None:
    from pptx.util import Pt

    column_width = width / columns
    chars = max(int((column_width - 0.15) * 72 / (_KEY_SIZE * 0.5)) - 6, 8)
    for c in range(columns):
        rows = page[c * _KEY_ROWS : (c + 1) * _KEY_ROWS]
        if not rows:
            break
        box = _text_box(
            slide,
            left + c * column_width,
            VENN_BOX[1] + 0.1,
            column_width - 0.15,
            5.9,
            "",
            size=_KEY_SIZE,
        )
        box.name = f"Key column {c + 1}"
        frame = box.text_frame
        for k, (num, label, region) in enumerate(rows):
            paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            if k == 0:
                for run in list(paragraph.runs):
                    paragraph._p.remove(run._r)
            runs = []
            if region is not None:
                dot = paragraph.add_run()
                dot.text = "\u25cf "
                dot.font.color.rgb = _rgb(region_color(region))
                runs.append(dot)
                run = paragraph.add_run()
                run.text = label
                run.font.bold = True
            else:
                run = paragraph.add_run()
                run.text = f"{num:>4}  {textwrap.shorten(label, chars, placeholder='…')}"
            run.font.color.rgb = _rgb(_INK)
            runs.append(run)
            for r in runs:
                r.font.size = Pt(_KEY_SIZE)
                r.font.name = _FONT


def _bounds() -> tuple[float, float, float, float]:
    from ..plotting._venn_layout import DEFAULT_LAYOUT

    return DEFAULT_LAYOUT.bounds


def _hex(colour: Any) -> str:
    from matplotlib.colors import to_hex

    return to_hex(colour).lstrip("#").upper()


def _darker(colour: str, factor: float = 0.6) -> str:
    channels = [round(int(colour.lstrip("#")[k : k + 2], 16) * factor) for k in (0, 2, 4)]
    return "".join(f"{c:02X}" for c in channels)


# --- the score matrix ------------------------------------------------------------------


def _scores_slide(deck: Any, content: ReportContent) -> None:
    from pptx.chart.data import XyChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE
    from pptx.util import Inches, Pt

    p, t = content.portfolio, content.thresholds
    codes = p.regions(t).tolist()
    data: Any = XyChartData()  # type: ignore[no-untyped-call]
    members: dict[Region, list[int]] = {}
    for k, code in enumerate(codes):
        members.setdefault(Region(code), []).append(k)
    regions = [r for r in Region if r in members]
    for region in regions:
        series = data.add_series(region.label)
        for k in members[region]:
            series.add_data_point(float(p.feasibility[k]), float(p.desirability[k]))
    lines = {
        f"desirability threshold {t.desirability:g}": [
            (0.0, t.desirability),
            (1.0, t.desirability),
        ],
        f"feasibility threshold {t.feasibility:g}": [(t.feasibility, 0.0), (t.feasibility, 1.0)],
    }
    for label, points in lines.items():
        series = data.add_series(label)
        for x, y in points:
            series.add_data_point(x, y)
    bloat = [name for name in p.names if name in content.bloat]
    notes = (
        "The score matrix puts feasibility (technology) across and desirability (people) up; "
        "each dot is an initiative, coloured by its Venn region. The dashed lines are the "
        f"thresholds (feasibility {t.feasibility:g}, desirability {t.desirability:g}): the "
        "top-right quadrant is functional innovation (or the customer-experience centre when "
        "viability passes too). Bottom right is where 'just because you can' feature bloat "
        "lives: easy to build, but people do not want it."
    )
    if bloat:
        notes += " Feature-bloat candidates here: " + "; ".join(bloat) + "."  # all of them
    slide = _slide(deck, "Score matrix: desirability against feasibility", notes)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, Inches(0.6), Inches(1.2), Inches(9.2), Inches(6.1), data
    )
    frame.name = "Score matrix"
    chart = frame.chart
    chart.has_legend = False  # the panel beside the chart is the legend (LibreOffice
    chart.has_title = False  # draws a chart's own legend over its plot)
    names = p.names
    sides = _label_sides(p.feasibility.tolist(), p.desirability.tolist(), names)
    for s, series in enumerate(chart.plots[0].series):
        if s < len(regions):
            region = regions[s]
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 10
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = _rgb(region_color(region))
            series.marker.format.line.color.rgb = _rgb(_darker(region_color(region)))
            series.format.line.fill.background()
            if len(p) <= NAME_LIMIT:
                for j, k in enumerate(members[region]):
                    label = series.points[j].data_label
                    label.has_text_frame = True
                    label.text_frame.text = names[k]
                    label.text_frame.paragraphs[0].runs[0].font.size = Pt(9)
                    label.position = sides[k]
        else:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            series.marker.style = XL_MARKER_STYLE.NONE
            series.format.line.color.rgb = _rgb(_MUTED)
            series.format.line.width = Pt(1.25)
            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            series.smooth = False
    for axis, title in (
        (chart.category_axis, "Feasibility (technology lens)"),
        (chart.value_axis, "Desirability (people lens)"),
    ):
        axis.minimum_scale, axis.maximum_scale = 0.0, 1.0
        axis.major_unit = 0.25
        axis.has_major_gridlines = False
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
        axis.tick_labels.font.size = Pt(11)
        axis.tick_labels.number_format = "0.00"
        axis.tick_labels.number_format_is_linked = False
    _series_legend(slide, regions, 10.1, 1.5)
    side = [
        "Dashed lines: the thresholds.",
        "Top right: people want it and we can build it.",
        "Bottom right: easy to build, not wanted -- the 'just because you can' trap.",
    ]
    if bloat:
        side.append(f"Feature-bloat candidates: {quoted(bloat)}.")
    top = 1.5 + 0.4 * len(regions) + 0.3
    _text_box(
        slide, 10.1, top, 2.9, 7.2 - top, side, size=12, wrap=True, colour=_MUTED
    ).name = "Reading guide"


def _series_legend(slide: Any, regions: Sequence[Region], left: float, top: float) -> None:
    """A legend of region colours as shapes (one line per series of the chart)."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    for k, region in enumerate(regions):
        y = top + 0.4 * k
        swatch = slide.shapes.add_shape(
            MSO_SHAPE.OVAL, Inches(left), Inches(y + 0.07), Inches(0.18), Inches(0.18)
        )
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(region_color(region))
        swatch.line.color.rgb = _rgb(_darker(region_color(region)))
        swatch.name = f"Legend swatch {region.name}"
        _plain(swatch)
        _text_box(
            slide, left + 0.3, y, 2.6, 0.32, region.label, size=13
        ).name = f"Legend {region.name}"


def _label_sides(xs: Sequence[float], ys: Sequence[float], names: Sequence[str]) -> list[Any]:
    """For each point of the score matrix, the side of its name that overlaps least.

    Boxes are estimated in axis units of the chart (plot area about 8.2 by 5.3
    inches, 9-point type); points are placed in order, each avoiding the names
    already placed and every marker.
    """
    from pptx.enum.chart import XL_LABEL_POSITION as SIDE

    per_x, per_y = 8.2, 5.3  # inches per axis unit
    placed: list[tuple[float, float, float, float]] = []
    out = []
    markers = [(x - 0.012, y - 0.017, x + 0.012, y + 0.017) for x, y in zip(xs, ys, strict=True)]
    for k, name in enumerate(names):
        lines = textwrap.wrap(name, 28) or [""]  # chart labels wrap at about this width
        width = (max(map(len, lines)) * 9 * 0.5 / 72 + 0.1) / per_x
        height = (len(lines) * 9 * 1.25 / 72) / per_y
        x, y = xs[k], ys[k]
        gap_x, gap_y = 0.015, 0.022
        options = {
            SIDE.RIGHT: (x + gap_x, y - height / 2, x + gap_x + width, y + height / 2),
            SIDE.LEFT: (x - gap_x - width, y - height / 2, x - gap_x, y + height / 2),
            SIDE.ABOVE: (x - width / 2, y + gap_y, x + width / 2, y + gap_y + height),
            SIDE.BELOW: (x - width / 2, y - gap_y - height, x + width / 2, y - gap_y),
        }
        best = None
        for rank, (side, box) in enumerate(options.items()):
            # Costs are fractions of the label's own area (overlaps) and width (overhang).
            area = width * height
            cost = sum(_overlap(box, other) for other in placed) / area
            cost += sum(_overlap(box, m) for j, m in enumerate(markers) if j != k) / area
            overhang = max(0.0, box[2] - 1.04) + max(0.0, -0.04 - box[0])
            overhang += max(0.0, box[3] - 1.04) + max(0.0, -0.04 - box[1])
            cost += overhang / width + rank * 1e-6
            if best is None or cost < best[0]:
                best = (cost, side, box)
        assert best is not None
        placed.append(best[2])
        out.append(best[1])
    return out


# --- balance ------------------------------------------------------------------------------


def _balance_slide(deck: Any, content: ReportContent) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
    from pptx.util import Inches, Pt

    report = content.balance
    kinds = list(InnovationType)
    data: Any = CategoryChartData(number_format="0%")  # type: ignore[no-untyped-call]
    data.categories = [t.label for t in kinds]
    data.add_series("Share of innovation", [report.innovation_shares[t] for t in kinds])
    limit = report.policy.max_process_share
    process = report.innovation_shares[InnovationType.PROCESS]
    basis = "effort" if report.policy.weight == "effort" else "initiatives"
    verdict = "balanced" if report.ok else "not balanced"
    notes = (
        f"Shares of innovation {basis} by kind: "
        + ", ".join(f"{t.value} {pct(report.innovation_shares[t])}" for t in kinds)
        + f". The policy allows process innovation at most {pct(limit)}; it has "
        f"{pct(process, limit)}. Many businesses put most of their energy into process "
        "innovation (cost savings, efficiency) at the expense of the people side; a level mix "
        f"(a third each) gives a balance index of 1, this portfolio's is "
        f"{report.balance_index:.2f}. Verdict: {verdict}."
    )
    slide = _slide(deck, f"Innovation balance: {verdict}", notes)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.6), Inches(1.3), Inches(8.4), Inches(5.8), data
    )
    frame.name = "Innovation balance"
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = f"Share of innovation {basis} by kind"
    chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format = "0%"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    plot.data_labels.font.size = Pt(16)
    plot.data_labels.font.bold = True
    for k, t in enumerate(kinds):
        point = plot.series[0].points[k]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(region_color(t.region))
    axis = chart.value_axis
    axis.minimum_scale = 0.0
    axis.maximum_scale = min(1.0, max(*report.innovation_shares.values(), limit) + 0.15)
    axis.has_major_gridlines = False
    axis.tick_labels.number_format = "0%"
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(12)
    chart.category_axis.tick_labels.font.size = Pt(14)
    over = process > limit
    side = [
        f"Process limit: {pct(limit)}",
        f"Process share: {pct(process, limit)}" + (" (over the limit)" if over else ""),
        f"Balance index: {report.balance_index:.2f} (1 = level)",
        f"Weighted by {basis}.",
    ]
    box = _text_box(slide, 9.4, 1.8, 3.5, 3.0, side, size=16, wrap=True)
    box.name = "Balance summary"
    if over:
        run = box.text_frame.paragraphs[1].runs[0]
        run.font.color.rgb = _rgb(_WARN)
        run.font.bold = True


# --- findings -------------------------------------------------------------------------------


def _findings_slides(deck: Any, content: ReportContent) -> None:
    from pptx.util import Pt

    findings = content.balance.findings
    budget = 34.0  # lines of 12-point text a slide holds
    pages: list[list[Any]] = [[]]
    used = 0.0
    for f in findings:
        lines = 1.6 + math.ceil(len(f.message) / 150)
        if pages[-1] and used + lines > budget:
            pages.append([])
            used = 0.0
        pages[-1].append(f)
        used += lines
    for page_number, page in enumerate(pages):
        title = "Findings" if len(pages) == 1 else f"Findings ({page_number + 1} of {len(pages)})"
        notes = (
            "Warnings make the portfolio unbalanced under this policy; notes (info) never do, "
            "but point at opportunities. Each finding says what to do about it."
        )
        if not findings:
            notes = "No findings: the portfolio is balanced under this policy."
        slide = _slide(deck, title, notes)
        box = _text_box(slide, 0.5, 1.25, _SLIDE[0] - 1.0, 5.95, "", size=13, wrap=True)
        box.name = "Findings"
        frame = box.text_frame
        if not page:
            frame.paragraphs[0].runs[0].text = "No findings: nothing to act on under this policy."
            continue
        first = True
        for f in page:
            head = frame.paragraphs[0] if first else frame.add_paragraph()
            if first and head.runs:
                head.runs[0].text = ""
            first = False
            head.space_before = Pt(8)
            badge = head.add_run()
            badge.text = "WARNING  " if f.severity == "warning" else "NOTE  "
            badge.font.bold = True
            badge.font.size = Pt(13)
            badge.font.color.rgb = _rgb(_WARN if f.severity == "warning" else _INFO)
            code = head.add_run()
            code.text = f.code
            code.font.bold = True
            code.font.size = Pt(13)
            code.font.color.rgb = _rgb(_INK)
            body = frame.add_paragraph()
            run = body.add_run()
            run.text = f.message
            run.font.size = Pt(12)
            run.font.color.rgb = _rgb(_INK)
            for r in (badge, code, run):
                r.font.name = _FONT


# --- roadmap ----------------------------------------------------------------------------------


def _roadmap_slides(deck: Any, content: ReportContent) -> None:
    from pptx.util import Inches, Pt

    plan = content.roadmap
    phases = plan.phases or ((),)
    per_slide, max_rows = 5, 14
    groups = [
        list(range(k, min(k + per_slide, len(phases)))) for k in range(0, len(phases), per_slide)
    ]
    critical = set(plan.critical_path)
    region_of = {c.name: c.region for c in content.classifications}
    for g, group in enumerate(groups):
        notes = (
            f"The roadmap orders the work by dependencies: phase 1 holds what depends on "
            f"nothing, each later phase what its dependencies in earlier phases unlock "
            f"({plural(len(plan.phases), 'phase')} in all). The critical path, in bold "
            f"orange, is the longest chain of dependent work: "
            f"{' -> '.join(plan.critical_path) or 'none'} (effort "
            f"{number(plan.critical_effort)}); no schedule finishes sooner when effort is time."
        )
        for f in plan.findings:
            notes += f" {f.message}"
        title = "Roadmap" if len(groups) == 1 else f"Roadmap ({g + 1} of {len(groups)})"
        slide = _slide(deck, title, notes)
        rows = min(max((len(phases[k]) for k in group), default=1), max_rows)
        overflow = any(len(phases[k]) > max_rows for k in group)
        table_rows = 1 + rows + (1 if overflow else 0)
        height = min(0.42 * table_rows, 5.9)
        shape = slide.shapes.add_table(
            table_rows,
            len(group),
            Inches(0.5),
            Inches(1.25),
            Inches(_SLIDE[0] - 1.0),
            Inches(height),
        )
        shape.name = "Roadmap phases"
        table = shape.table
        for c, k in enumerate(group):
            effort = plan.phase_effort[k] if plan.phase_effort else 0.0
            cell = table.cell(0, c)
            cell.text = f"Phase {k + 1} · effort {number(effort)}"
            run = cell.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.bold = Pt(13), True
            names = phases[k]
            for r in range(rows):
                cell = table.cell(r + 1, c)
                if r >= len(names):
                    cell.text = ""
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = _rgb("FFFFFF")
                    continue
                name = names[r]
                cell.text = name
                run = cell.text_frame.paragraphs[0].runs[0]
                run.font.size = Pt(11)
                region = region_of.get(name, Region.NONE)
                if name in critical:
                    run.font.bold = True
                    run.font.color.rgb = _rgb(_WARN)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(_tint(region_color(region)))
            if overflow:
                cell = table.cell(rows + 1, c)
                rest = len(names) - rows
                cell.text = f"… and {rest} more" if rest > 0 else ""
                if cell.text_frame.paragraphs[0].runs:
                    cell.text_frame.paragraphs[0].runs[0].font.size = Pt(11)


def _tint(colour: str, amount: float = 0.78) -> str:
    channels = [int(colour.lstrip("#")[k : k + 2], 16) for k in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)


# --- changes ------------------------------------------------------------------------------------


def _changes_slide(deck: Any, content: ReportContent) -> None:
    comparison = content.comparison
    assert comparison is not None
    lines = [f"{m.name}: {m.before.label} → {m.after.label}" for m in comparison.moves]
    if comparison.added:
        lines.append("Added: " + "; ".join(comparison.added))
    if comparison.removed:
        lines.append("Removed: " + "; ".join(comparison.removed))
    if comparison.findings_added:
        lines.append("New findings: " + ", ".join(comparison.findings_added))
    if comparison.findings_resolved:
        lines.append("Resolved findings: " + ", ".join(comparison.findings_resolved))
    lines.append(
        "Share change: "
        + ", ".join(f"{t.value} {100 * v:+.1f} points" for t, v in comparison.share_change.items())
        + f"; balance index {comparison.balance_index_change:+.2f}"
    )
    if not comparison.changed:
        lines = ["Nothing changed since the previous portfolio."]
    notes = (
        "What moved since the previous portfolio: initiatives whose region changed, what was "
        "added and removed, and how the innovation mix and the findings shifted. "
        + str(comparison)
    )
    slide = _slide(deck, "Since last time", notes)
    _text_box(
        slide, 0.5, 1.3, _SLIDE[0] - 1.0, 5.8, lines[:24], size=14, wrap=True
    ).name = "Changes"
