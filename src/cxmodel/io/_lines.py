"""Where the records of a CSV file start, found vectorised, for the fast reader's messages.

pandas' C parser (the fast path of :func:`~cxmodel.read_csv`) returns rows, not
the lines they came from, and numbers, not the text of the cells.  A file with a
bad cell must still be reported as the exact reader reports it: the line as a
person sees it and the cell as written.  :class:`RecordLines` finds both only when
a message needs them, in a few numpy passes over the bytes instead of a second
parse of the whole file, so a large file with two bad cells is reported about as
fast as a clean one loads.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

__all__ = ["RecordLines", "Unmapped", "field_limit"]

_LF, _CR, _QUOTE, _SPACE, _TAB = 10, 13, 34, 32, 9


@contextlib.contextmanager
def field_limit(size: int) -> Iterator[None]:
    """Let the csv module read cells of up to ``size`` characters, inside this block only.

    ``csv.field_size_limit`` is process-global and defaults to 131,072
    characters, less than a long description can hold, and less than
    :func:`~cxmodel.io.write_csv` may write.  It is raised here for one read and
    restored afterwards, even when the read fails, so the rest of the program
    keeps its own limit.  (A thread reading CSV at the same moment may see the
    raised limit meanwhile, never a lower one than it set.)

    Examples
    --------
    >>> import csv
    >>> from cxmodel.io._lines import field_limit
    >>> before = csv.field_size_limit()
    >>> with field_limit(1_000_000):
    ...     len(next(csv.reader(["x" * 200_000])))
    1
    >>> csv.field_size_limit() == before
    True
    """
    old = csv.field_size_limit()
    if size <= old:
        yield
        return
    csv.field_size_limit(size)
    try:
        yield
    finally:
        csv.field_size_limit(old)


class Unmapped(Exception):
    """The records found do not match the rows pandas read: use the exact reader.

    Deliberately neither a ValueError nor a CxModelError, so that the validator
    lets it through to :func:`~cxmodel.io.csv._parse_csv`.
    """


class RecordLines(Sequence[int]):
    """The line of each data row of a CSV text (the header excluded), found on first use.

    Parameters
    ----------
    data : callable returning bytes
        The file's UTF-8 bytes after any byte-order mark (what pandas parsed),
        asked for only if a message needs a line, so no second copy lives
        while loading.
    rows : int
        How many data rows pandas read; a different count of non-blank records
        raises :class:`Unmapped`.
    delimiter : str
        For :meth:`text`.
    columns : mapping of str to int
        The column index of each field, for :meth:`text`.

    Examples
    --------
    >>> from cxmodel.io._lines import RecordLines
    >>> data = b'name,v\\r\\n\\r\\na,1\\r\\n"b\\nc",2\\r\\nd,3'
    >>> lines = RecordLines(lambda: data, 3, ",", {"v": 1})
    >>> list(lines), lines.text("v", 2)
    ([3, 4, 6], '3')
    """

    def __init__(
        self, data: Callable[[], bytes], rows: int, delimiter: str, columns: Mapping[str, int]
    ) -> None:
        self._read = data
        self._data = b""
        self._rows = rows
        self._delimiter = delimiter
        self._columns = dict(columns)
        self._lines: npt.NDArray[np.intp] | None = None
        self._spans: npt.NDArray[np.intp] | None = None

    def _map(self) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        if self._lines is not None and self._spans is not None:
            return self._lines, self._spans
        self._data = self._read()
        buf = np.frombuffer(self._data, dtype=np.uint8)
        size = buf.size
        lf = np.flatnonzero(buf == _LF)
        cr = np.flatnonzero(buf == _CR)
        if cr.size:  # a CR ends a line unless a LF follows it (CRLF ends where the LF is)
            after = np.minimum(cr + 1, size - 1)
            cr = cr[(cr + 1 >= size) | (buf[after] != _LF)]
        ends = np.sort(np.concatenate((lf, cr))) if cr.size else lf  # every line's last byte
        quotes = np.flatnonzero(buf == _QUOTE)
        # An ending outside quotes (an even number of quotes before it) ends a record.
        record_ends = ends[np.searchsorted(quotes, ends) % 2 == 0] if quotes.size else ends
        starts = np.concatenate(([0], record_ends + 1))
        stops = np.concatenate((record_ends, [size]))  # one past the content, before CR/LF
        crlf = (stops > 0) & (stops < size)
        crlf[crlf] = (buf[stops[crlf]] == _LF) & (buf[np.maximum(stops[crlf] - 1, 0)] == _CR)
        stops = stops - crlf
        keep = starts < stops
        starts, stops = starts[keep], stops[keep]
        # pandas skips records of spaces and tabs only (blank lines): so do we.  Only the
        # few records that start with one can be blank.
        first = buf[starts]
        maybe = np.flatnonzero((first == _SPACE) | (first == _TAB))
        if maybe.size:
            blank = [
                k for k in maybe.tolist() if not self._data[starts[k] : stops[k]].strip(b" \t")
            ]
            if blank:
                filled = np.ones(starts.size, dtype=bool)
                filled[blank] = False
                starts, stops = starts[filled], stops[filled]
        if starts.size != self._rows + 1:  # the header, then one record per row
            raise Unmapped(f"{starts.size - 1} records, {self._rows} rows")
        self._lines = (np.searchsorted(ends, starts[1:]) + 1).astype(np.intp)
        self._spans = np.stack((starts[1:], stops[1:]), axis=1).astype(np.intp)
        return self._lines, self._spans

    def __len__(self) -> int:
        return self._rows

    @overload
    def __getitem__(self, position: int) -> int: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[int]: ...
    def __getitem__(self, position: int | slice) -> int | Sequence[int]:
        lines = self._map()[0]
        if isinstance(position, slice):
            return [int(line) for line in lines[position]]
        return int(lines[position])

    def __iter__(self) -> Iterator[int]:
        return iter(self._map()[0].tolist())

    def text(self, field: str, position: int) -> str:
        """The cell of ``field`` in data row ``position`` as written in the file."""
        start, stop = self._map()[1][position]
        record = self._data[start:stop].decode("utf-8")
        with field_limit(len(record) + 1):
            row = next(csv.reader([record], delimiter=self._delimiter), [])
        column = self._columns[field]
        return row[column] if column < len(row) else ""
