"""The deck's look and the python-pptx plumbing every slide of :mod:`cxmodel.outputs.pptx` uses.

The slide size, the ink colours and the font; a titled slide with speaker
notes; text boxes without inner margins; colours as python-pptx wants them;
and the two things python-pptx has no API for, done on the shape's XML: fill
transparency (:func:`set_alpha`) and dropping an autoshape's theme style
(:func:`plain`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "FONT",
    "INFO",
    "INK",
    "MUTED",
    "SLIDE_SIZE",
    "WARN",
    "add_slide",
    "align",
    "darker",
    "dot",
    "mpl_hex",
    "overlap",
    "plain",
    "rgb",
    "set_alpha",
    "text_box",
    "tint",
    "wrapped_size",
]

#: Width and height of a slide in inches: PowerPoint's 16:9 (12,192,000 x 6,858,000 EMU).
SLIDE_SIZE = (40 / 3, 7.5)
#: Text colour.
INK = "222222"
#: Secondary text: notes, reading guides, empty regions.
MUTED = "666666"
#: Warnings and the critical path (Okabe-Ito vermilion, as in the charts).
WARN = "D55E00"
#: Notes (info findings), Okabe-Ito blue.
INFO = "0072B2"
FONT = "Calibri"


def add_slide(deck: Any, title: str, notes: str) -> Any:
    """A "Title Only" slide with ``title`` across the top and ``notes`` as speaker notes.

    Examples
    --------
    >>> from pptx import Presentation
    >>> from cxmodel.outputs._pptx_shapes import add_slide, text_box
    >>> slide = add_slide(Presentation(), "Findings", "What to say.")
    >>> box = text_box(slide, 0.5, 1.2, 4.0, 1.0, ["one", "two"], size=12)
    >>> slide.shapes.title.text, [p.text for p in box.text_frame.paragraphs]
    ('Findings', ['one', 'two'])
    >>> slide.notes_slide.notes_text_frame.text
    'What to say.'
    """
    from pptx.util import Inches, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[5])
    heading = slide.shapes.title
    heading.left, heading.top = Inches(0.45), Inches(0.3)
    heading.width, heading.height = Inches(SLIDE_SIZE[0] - 0.9), Inches(0.8)
    heading.text = title
    frame = heading.text_frame
    for paragraph in frame.paragraphs:
        paragraph.alignment = align("left")
        for run in paragraph.runs:
            run.font.size = Pt(30)
            run.font.bold = True
            run.font.name = FONT
            run.font.color.rgb = rgb(INK)
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def rgb(hex_colour: str) -> Any:
    """A python-pptx colour from ``"RRGGBB"`` or ``"#rrggbb"``.

    Examples
    --------
    >>> from cxmodel.outputs._pptx_shapes import rgb
    >>> str(rgb("#009e73"))
    '009E73'
    """
    from pptx.dml.color import RGBColor

    parse: Any = RGBColor.from_string  # untyped in python-pptx
    return parse(hex_colour.lstrip("#").upper())


def align(ha: str) -> Any:
    """The paragraph alignment of matplotlib's ``"left"``, ``"center"`` or ``"right"``.

    Examples
    --------
    >>> from cxmodel.outputs._pptx_shapes import align
    >>> align("center")
    <PP_PARAGRAPH_ALIGNMENT.CENTER: 2>
    """
    from pptx.enum.text import PP_ALIGN

    return {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[ha]


def text_box(
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
    colour: str = INK,
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
        paragraph.alignment = align(ha)
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.name = FONT
        run.font.color.rgb = rgb(colour)
    return box


def set_alpha(shape: Any, percent: float) -> None:
    """Make the solid fill of ``shape`` ``percent`` opaque: ``<a:alpha>`` in its colour.

    python-pptx has no API for fill transparency; DrawingML puts it inside the
    colour element (``<a:srgbClr val=..><a:alpha val="18000"/></a:srgbClr>``),
    which the shape's XML element (the documented ``shape._element``) reaches.

    Examples
    --------
    >>> from pptx import Presentation
    >>> from pptx.enum.shapes import MSO_SHAPE
    >>> from cxmodel.outputs._pptx_shapes import add_slide, rgb, set_alpha
    >>> slide = add_slide(Presentation(), "Venn", "")
    >>> oval = slide.shapes.add_shape(MSO_SHAPE.OVAL, 0, 0, 914400, 914400)
    >>> oval.fill.solid()
    >>> oval.fill.fore_color.rgb = rgb("9A9A9A")
    >>> set_alpha(oval, 14)
    >>> b'<a:alpha val="14000"/>' in oval._element.xml.encode()
    True
    """
    from pptx.oxml.ns import qn

    colour = shape._element.spPr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}")
    alpha = colour.makeelement(qn("a:alpha"), {"val": str(round(percent * 1000))})
    colour.append(alpha)


def plain(shape: Any) -> Any:
    """Drop the theme style of an autoshape (theme shadow, text colour): what is set shows.

    Examples
    --------
    >>> from pptx import Presentation
    >>> from pptx.enum.shapes import MSO_SHAPE
    >>> from cxmodel.outputs._pptx_shapes import add_slide, plain
    >>> slide = add_slide(Presentation(), "Venn", "")
    >>> oval = plain(slide.shapes.add_shape(MSO_SHAPE.OVAL, 0, 0, 914400, 914400))
    >>> "<p:style>" in oval._element.xml
    False
    """
    from pptx.oxml.ns import qn

    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    return shape


def dot(slide: Any, colour: str, left: float, top: float, size: float, name: str) -> Any:
    """A filled circle of ``colour`` with a darker rim, ``size`` inches across (a swatch).

    Examples
    --------
    >>> from pptx import Presentation
    >>> from cxmodel.outputs._pptx_shapes import add_slide, dot
    >>> slide = add_slide(Presentation(), "Legend", "")
    >>> dot(slide, "#009E73", 1.0, 1.0, 0.2, "Swatch").name
    'Swatch'
    """
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = slide.shapes.add_shape(
        MSO_SHAPE.OVAL, Inches(left), Inches(top), Inches(size), Inches(size)
    )
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.color.rgb = rgb(darker(colour))
    shape.name = name
    return plain(shape)


def wrapped_size(lines: Sequence[str], size: float) -> tuple[float, float]:
    """Estimated width and height in inches of ``lines`` set in ``size``-point type.

    Examples
    --------
    >>> from cxmodel.outputs._pptx_shapes import wrapped_size
    >>> width, height = wrapped_size(["Kiosk", "app"], 12)
    >>> round(width, 3), round(height, 3)
    (0.493, 0.4)
    """
    width = max((len(line) for line in lines), default=0) * size * 0.52 / 72 + 0.06
    return width, len(lines) * size * 1.2 / 72


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The area two boxes ``(left, top, right, bottom)`` share; 0.0 when they do not meet.

    Examples
    --------
    >>> from cxmodel.outputs._pptx_shapes import overlap
    >>> overlap((0, 0, 2, 2), (1, 1, 3, 3)), overlap((0, 0, 1, 1), (2, 2, 3, 3))
    (1, 0.0)
    """
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def mpl_hex(colour: Any) -> str:
    """A matplotlib colour as ``"RRGGBB"``.

    Examples
    --------
    >>> from cxmodel.outputs._pptx_shapes import mpl_hex
    >>> mpl_hex("tab:blue"), mpl_hex((1.0, 0.5, 0.0))
    ('1F77B4', 'FF8000')
    """
    from matplotlib.colors import to_hex

    return to_hex(colour).lstrip("#").upper()


def darker(colour: str, factor: float = 0.6) -> str:
    """``colour`` with every channel times ``factor``: the outline of a marker.

    Examples
    --------
    >>> from cxmodel.outputs._pptx_shapes import darker
    >>> darker("#009E73")
    '005F45'
    """
    channels = [round(int(colour.lstrip("#")[k : k + 2], 16) * factor) for k in (0, 2, 4)]
    return "".join(f"{c:02X}" for c in channels)


def tint(colour: str, amount: float = 0.78) -> str:
    """``colour`` mixed with white (``amount`` of white): the background of a table cell.

    Examples
    --------
    >>> from cxmodel.outputs._pptx_shapes import tint
    >>> tint("#0072B2")
    'C7E0EE'
    """
    channels = [int(colour.lstrip("#")[k : k + 2], 16) for k in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)
