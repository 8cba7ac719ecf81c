"""Arrow columns as pandas' fast CSV parser returns them, worked on piece by piece, on every core.

pandas hands a parsed column over as Arrow chunks, one per block it parsed.  The
fast reader's checks and conversions work on each chunk while its bytes are in
the processor's cache, in threads: numpy and Arrow let go of the interpreter
lock for that work, so two cores do it in about half the time.  The pieces of
all the columns of a file go to one pool, so a long check of the names and
the quick casts of the numbers share the cores to the end.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

__all__ = ["PIECE", "PieceWork", "arrow_column", "run_pieces"]

#: Values in one piece: about 2 MB of names, as in one block pandas reads.
PIECE = 1 << 17


class PieceWork(Protocol):
    """Work on one column: :meth:`piece` of each of its pieces, then :meth:`finish`."""

    #: An Arrow array, chunked or not.
    column: Any

    def piece(self, piece: Any) -> Any:
        """What one piece (a slice of a chunk, not copied) tells."""

    def finish(self, parts: list[Any]) -> Any:
        """The answer, from what the pieces told, in order."""


def arrow_column(values: Any) -> Any:
    """``values`` (a pandas Arrow column or Arrow data) as an Arrow array, chunked or not."""
    import pyarrow as pa

    return pa.array(values)


def run_pieces(works: Sequence[PieceWork]) -> list[Any]:
    """Each work's answer; the pieces of all of them in one pool of threads, if there are several.

    The pieces of a column are its chunks, those longer than :data:`PIECE` sliced;
    an empty column is one empty piece.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from cxmodel.io._arrow_chunks import run_pieces
    >>> class Lengths:
    ...     def __init__(self, column):
    ...         self.column = column
    ...     def piece(self, piece):
    ...         return len(piece)
    ...     def finish(self, parts):
    ...         return parts
    >>> run_pieces([Lengths(pa.chunked_array([["a", "b"], ["c"]])), Lengths(pa.array([]))])
    [[2, 1], [0]]
    """
    pieces = [_pieces(work.column) for work in works]
    if sum(map(len, pieces)) == 1:
        return [works[0].finish([works[0].piece(pieces[0][0])])]
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        # Each work's finish is queued right after its pieces, before the next work's:
        # it waits only for pieces already taken, and runs while the others' are worked on.
        finished = []
        for work, its in zip(works, pieces, strict=True):
            told = [pool.submit(work.piece, piece) for piece in its]
            finished.append(pool.submit(_finish, work, told))
        return [future.result() for future in finished]


def _finish(work: PieceWork, told: list[Future[Any]]) -> Any:
    return work.finish([future.result() for future in told])


def _pieces(column: Any) -> list[Any]:
    import pyarrow as pa

    chunks = getattr(column, "chunks", [column]) or [pa.array([], type=column.type)]
    starts = [(chunk, start) for chunk in chunks for start in range(0, max(len(chunk), 1), PIECE)]
    return [chunk.slice(start, PIECE) for chunk, start in starts]
