"""PNG charts in one drawing pass, cropped like ``bbox_inches="tight"``, RGB when opaque.

``savefig(..., bbox_inches="tight")`` lays every artist out once to measure the
content and then draws the figure again at the cropped size.  A chart drawn by
cxmodel keeps its content inside the figure, so drawing once and cutting the
pixels out of that drawing gives the same picture without the layout pass;
anything that reaches past the figure's edge goes through matplotlib's own crop.
matplotlib also writes every PNG with an alpha channel, which an opaque chart
does not need: without it the file is a tenth smaller and encodes faster.
Compression level 3 saves a third of the default level's time for files
0-15% larger (the Venn chart of 25 initiatives: 295 KB instead of 299 KB).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["save_png"]


def save_png(fig: Figure, out: Path, *, dpi: float, pad: float) -> None:
    """Write ``fig`` to ``out`` at ``dpi``, cropped to its content plus ``pad`` inches.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from PIL import Image
    >>> from matplotlib.figure import Figure
    >>> from cxmodel.plotting._png import save_png
    >>> fig = Figure(figsize=(4, 3))
    >>> _ = fig.add_subplot().plot([0, 1], [0, 1])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp, "line.png")
    ...     save_png(fig, out, dpi=100, pad=0.1)
    ...     with Image.open(out) as image:
    ...         image.mode
    'RGB'
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgba

    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()  # type: ignore[no-untyped-call]
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    content = fig.get_tightbbox(renderer)  # inches, from the layout just drawn (cached)
    width, height = fig.get_size_inches()
    inside = content.x0 >= 0 and content.y0 >= 0 and content.x1 <= width
    if not (inside and content.y1 <= height):
        _write(out, _matplotlib_crop(fig, dpi, pad), dpi)
        return
    box = content.padded(pad)
    # The size and the nearest whole-pixel offset of matplotlib's own crop.
    left, top = round(box.x0 * dpi), round((height - box.y1) * dpi)
    # (scaled corners subtracted, as matplotlib's transform does: the same truncation)
    right = left + int(box.x1 * dpi - box.x0 * dpi)
    bottom = top + int(box.y1 * dpi - box.y0 * dpi)
    drawn = np.asarray(renderer.buffer_rgba())
    rows = slice(max(top, 0), min(bottom, drawn.shape[0]))
    cols = slice(max(left, 0), min(right, drawn.shape[1]))
    if (rows.start, rows.stop, cols.start, cols.stop) == (top, bottom, left, right):
        _write(out, drawn[rows, cols], dpi)
        return
    # The pad reaches past the figure's edge: there it is the figure's background.
    background = np.round(np.multiply(to_rgba(fig.get_facecolor()), 255)).astype(np.uint8)
    pixels = np.empty((bottom - top, right - left, 4), dtype=np.uint8)
    pixels[...] = background
    pixels[rows.start - top : rows.stop - top, cols.start - left : cols.stop - left] = drawn[
        rows, cols
    ]
    _write(out, pixels, dpi)


def _matplotlib_crop(fig: Figure, dpi: float, pad: float) -> Any:
    """The pixels of matplotlib's own tight crop, as a ``(height, width, 4)`` array."""
    import numpy as np

    sink = _Pixels()
    fig.savefig(sink, format="rgba", dpi=dpi, bbox_inches="tight", pad_inches=pad)
    return np.frombuffer(sink.pixels, dtype=np.uint8).reshape(sink.shape)


class _Pixels(io.BytesIO):
    """A file object for ``savefig(format="rgba")`` that keeps the pixels and their shape."""

    pixels = b""
    shape: tuple[int, ...] = (0, 0, 4)

    def write(self, data: Any) -> int:
        view = memoryview(data)  # the renderer's buffer: (height, width, 4) bytes
        self.pixels, self.shape = view.tobytes(), tuple(view.shape or (0, 0, 4))
        return view.nbytes


def _write(out: Path, pixels: Any, dpi: float) -> None:
    """Encode ``pixels`` (RGBA) as PNG: RGB when every pixel is opaque."""
    import matplotlib
    import numpy as np
    from PIL import Image, PngImagePlugin

    pixels = np.ascontiguousarray(pixels)
    height, width = pixels.shape[:2]
    opaque = bool((pixels[..., 3] == 255).all())
    mode, raw = ("RGB", "RGBX") if opaque else ("RGBA", "RGBA")  # RGBX: the 4th byte dropped
    image = Image.frombytes(mode, (width, height), pixels.data, "raw", raw)
    info = PngImagePlugin.PngInfo()  # what matplotlib's own PNGs say
    info.add_text(
        "Software", f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/"
    )
    # zlib level 3: a third faster than the default 6, files 0-15% larger (see above).
    image.save(out, format="png", dpi=(dpi, dpi), pnginfo=info, compress_level=3)
