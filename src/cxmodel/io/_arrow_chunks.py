"""Arrow columns as pandas' fast CSV parser returns them, read piece by piece on every core.

pandas hands a parsed column over as Arrow chunks, one per block it parsed.  The
fast reader's checks and conversions work on each chunk while its bytes are in
the processor's cache, in threads: numpy and Arrow let go of the interpreter
lock for that work, so two cores do it in about half the time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["PIECE", "arrow_column", "map_pieces"]

_T = TypeVar("_T")

#: Values in one piece: about 2 MB of names, as in one block pandas reads.
PIECE = 1 << 17


def arrow_column(values: Any) -> Any:
    """``values`` (a pandas Arrow column or Arrow data) as an Arrow array, chunked or not."""
    import pyarrow as pa

    return pa.array(values)


def map_pieces(function: Callable[[Any], _T], column: Any) -> list[_T]:
    """``function`` of each piece of ``column``, in order, in threads when there are several.

    The pieces are the column's chunks, those longer than :data:`PIECE` sliced
    (without a copy); an empty column is one empty piece.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from cxmodel.io._arrow_chunks import map_pieces
    >>> map_pieces(len, pa.chunked_array([["a", "b"], ["c"]]))
    [2, 1]
    >>> map_pieces(len, pa.chunked_array([], type=pa.string()))
    [0]
    """
    import pyarrow as pa

    chunks = getattr(column, "chunks", [column]) or [pa.array([], type=column.type)]
    starts = [(chunk, start) for chunk in chunks for start in range(0, max(len(chunk), 1), PIECE)]
    pieces = [chunk.slice(start, PIECE) for chunk, start in starts]
    if len(pieces) == 1:
        return [function(pieces[0])]
    with ThreadPoolExecutor(min(len(pieces), os.cpu_count() or 1)) as pool:
        return list(pool.map(function, pieces))
