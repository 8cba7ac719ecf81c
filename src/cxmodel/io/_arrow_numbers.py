"""Number columns that pandas' fast CSV parser returned as Arrow strings, as floats.

The fast reader asks pandas for every column as text.  With its own guess of
the types, one cell that is not a number ("high") makes pandas give up reading
the file on every core, read it again on one, and return the column as Python
objects: three times the read before a bad cell can even be reported.  Text
keeps the read on every core whatever the cells hold; Arrow's cast then reads
the numbers, in threads.  It reads decimal text exactly as Python's ``float``
does (both round correctly) and accepts no text ``float`` refuses; the few
cells it refuses are found by span search and left to the cell rules.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .._table import span_floats
from ._arrow_chunks import arrow_column, run_pieces

__all__ = ["FloatCast", "arrow_floats"]

_Floats = npt.NDArray[np.float64]

#: Spans of cells Arrow refuses, per piece, beyond which pandas' parser (which reads
#: `` 0.5`` and ``1_0``, say) is asked instead: whole columns of such cells.
_REFUSED_SPANS = 64


def arrow_floats(column: Any, *, decimal_comma: bool = False) -> _Floats | None:
    """The floats of a column of Arrow strings; NaN where a cell needs the cell rules.

    ``decimal_comma``: the file writes ``0,5`` (a ``;``-delimited file), read as
    ``0.5``.  ``None``: Arrow refuses too many cells (white space around the
    numbers, say), which pandas' own parser should read.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from cxmodel.io._arrow_numbers import arrow_floats
    >>> arrow_floats(pa.array(["0.5", "1e-3", "high", "70%"])).tolist()
    [0.5, 0.001, nan, nan]
    >>> arrow_floats(pa.array(["0,5", "2"]), decimal_comma=True).tolist()
    [0.5, 2.0]
    >>> arrow_floats(pa.array([" 0.5"] * 1000)) is None
    True
    """
    floats: _Floats | None = run_pieces([FloatCast(column, decimal_comma=decimal_comma)])[0]
    return floats


class FloatCast:
    """:func:`arrow_floats` as work on pieces (:func:`run_pieces`), to share a pool."""

    def __init__(self, column: Any, *, decimal_comma: bool = False) -> None:
        import pyarrow.compute as pc

        strings = arrow_column(column)
        self.column = pc.replace_substring(strings, ",", ".") if decimal_comma else strings

    def piece(self, piece: Any) -> _Floats | None:
        return _piece_floats(piece)

    def finish(self, parts: list[_Floats | None]) -> _Floats | None:
        floats = [part for part in parts if part is not None]
        return np.concatenate(floats) if len(floats) == len(parts) else None


def _piece_floats(piece: Any) -> _Floats | None:
    whole = _cast(piece)
    if whole is not None:
        return whole
    return span_floats(
        lambda low, high: _cast(piece.slice(low, high - low)), len(piece), limit=_REFUSED_SPANS
    )


def _cast(strings: Any) -> _Floats | None:
    """``strings`` as floats, or ``None`` if Arrow refuses one of them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        values: _Floats = pc.cast(strings, pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        return None
    return values
