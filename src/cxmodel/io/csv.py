"""Read portfolios from CSV files as spreadsheets write them."""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from .._export import PathOrFile
from .._headers import _FIELD_KEYS, HeaderReading, _key, resolve_headers
from .._records import SCORE_FIELDS
from .._table import CheckedNames, Table, _Cells, decimal_points
from ..exceptions import InputError
from ..model import Scale
from ..portfolio import Portfolio
from ._arrow_chunks import PieceWork, run_pieces
from ._arrow_names import NameCheck
from ._arrow_numbers import FloatCast
from ._decode import _check_path, _empty, _read_text
from ._lines import RecordLines, Unmapped, field_limit

__all__ = ["read_csv"]


_DELIMITERS = (",", ";", "\t", "|")


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """Non-blank records with the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    with field_limit(len(text) + 1):  # what write_csv writes, read back (restored after)
        for row in reader:
            # the first cell decides for almost every row, so the slow test is rare
            if (row and row[0].strip()) or any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1


def _first_record(text: str, delimiter: str) -> tuple[int, list[str]]:
    """The first non-blank record of ``text`` and its line (``(0, [])`` if none)."""
    try:
        return next(iter(_records(text, delimiter)), (0, []))
    except csv.Error:
        return 0, []


def _delimiter(head: str, columns: Mapping[str, str] | None) -> str:
    """The delimiter that splits the header into the most known fields (then most cells)."""
    known = set(_FIELD_KEYS) | {_key(str(h)) for h in (columns or {})}

    def score(delimiter: str) -> tuple[int, int]:
        header = _first_record(head, delimiter)[1]
        return sum(_key(h) in known for h in header), len(header)

    return max(_DELIMITERS, key=score)  # max keeps the first of equals: "," wins ties


def _positions(header: Sequence[str]) -> dict[str, int]:
    """Where each header stands; a repeated header means its first column."""
    return {h: k for k, h in reversed(list(enumerate(header)))}


def _csv_rows(
    text: str, source: str, delimiter: str
) -> tuple[list[str], list[int], list[list[str]]]:
    """The header, and every non-blank record after it with its line, padded to the header."""
    lines: list[int] = []
    rows: list[list[str]] = []
    try:
        for line, row in _records(text, delimiter):
            lines.append(line)
            rows.append(row)
    except csv.Error as error:
        line = lines[-1] + 1 if lines else 1
        raise InputError([(line, "", f"not valid CSV: {error}")], source=source) from None
    header, rows, lines = rows[0], rows[1:], lines[1:]
    width = len(header)
    if rows and set(map(len, rows)) != {width}:  # ragged: pad short rows, cut long ones
        rows = [row[:width] + [""] * (width - len(row)) for row in rows]
    return header, lines, rows


def _csv_table(
    text: str, source: str, delimiter: str, reading: HeaderReading
) -> tuple[Table, list[str], list[list[str]]]:
    """The exact reader (the csv module): every record with the line it starts on.

    Returns the table, the header and the records, for callers that keep the
    file's own columns.
    """
    header, lines, rows = _csv_rows(text, source, delimiter)
    position = _positions(header)
    mapping = reading.mapping
    cells = {field: [row[position[h]] for row in rows] for h, field in mapping.items()}
    shown = {field: h.strip() for h, field in mapping.items()}
    table = Table(source, cells, lines, shown, quoted=True, scales=reading.scales)
    return table, header, rows


#: Inputs of at least this many characters (or bytes, for a file) are first tokenised
#: by pandas' C parser when pandas is installed and already imported; 16 times longer
#: ones import it.  Importing pandas takes longer than the exact reader needs for a few
#: megabytes.
PANDAS_MIN_CHARS = 1 << 20


def _wants_pandas(size: int) -> bool:
    """Whether an input of ``size`` characters or bytes is worth pandas' parser."""
    return size >= PANDAS_MIN_CHARS and ("pandas" in sys.modules or size >= 16 * PANDAS_MIN_CHARS)


@attrs.frozen
class _Content:
    """A CSV input as the fast reader takes it: what pandas parses, and its UTF-8 bytes.

    A file on disk is handed to pandas by its path (pandas then parses it on every
    core); text already in memory as a stream of its UTF-8 bytes.
    """

    #: Characters or bytes, for :data:`PANDAS_MIN_CHARS`.
    size: int
    #: What ``pandas.read_csv`` reads: a path, or a fresh stream of the bytes.
    readable: Callable[[], Any]
    #: The UTF-8 bytes after any byte-order mark, for the lines of messages.
    data: Callable[[], bytes]
    #: ``utf-8``, or ``utf-8-sig`` for a file that starts with a byte-order mark.
    encoding: str = "utf-8"

    @classmethod
    def of_text(cls, text: str) -> _Content:
        return cls(len(text), lambda: io.BytesIO(text.encode("utf-8")), text.encode)


def _pandas_table(
    content: _Content, source: str, delimiter: str, header: list[str], reading: HeaderReading
) -> Table | None:
    """The fast reader: pandas' C tokeniser and float parser, or ``None`` to use the exact one.

    Used only when it cannot change the result: number columns are taken only when
    pandas parsed them as numbers (its parser rounds exactly like ``float``), text
    cells arrive unchanged, and anything unusual -- a ragged row, cells pandas reads
    as True/False -- sends the whole file to the exact reader.  Bad values are
    validated here too: their lines and cells as written are found only for the
    message (:class:`RecordLines`).  Names that are plain and all different stay
    in pandas' column until asked for (:class:`~cxmodel._table.CheckedNames`).
    """
    if not _wants_pandas(content.size):
        return None
    try:
        import pandas as pd
    except ImportError:
        return None
    position = _positions(header)
    used = {field: position[h] for h, field in reading.mapping.items()}
    order = sorted(used.values())
    strings = _arrow_strings(pd)
    # Every column asked for as Arrow strings: pandas then guesses no types, so it reads
    # in blocks (low_memory, 30% faster, and on every core for a file) whatever the cells
    # hold, and the numbers are cast in threads (arrow_floats).  Without pyarrow the whole
    # file is read at once, lest a block of names that look like numbers come back as "7"
    # for "007".
    dtype = None if strings is None else dict.fromkeys(used.values(), strings)
    try:
        frame = _read_frame(pd, content, delimiter, order, len(header), dtype, strings)
    except (ValueError, pd.errors.ParserError):  # ragged rows, bytes not UTF-8 and the like
        return None
    if len(frame.columns) != len(order) or not isinstance(frame.index, pd.RangeIndex):
        return None  # a first row longer than the header: pandas made its first cells the index
    columns = {field: frame.iloc[:, order.index(k)] for field, k in used.items()}
    arrow = _arrow_work(columns, strings, delimiter)
    cells: dict[str, _Cells] = {}
    plain: bool | None = None  # whether the names need no strip (known once they are read)
    for field, column in columns.items():
        kind = column.dtype.kind
        if kind in "fiu" and field in _NUMBERS:
            cells[field] = column.to_numpy(dtype=np.float64)
        elif kind in "fiub" or column.isna().any():
            # text parsed as numbers or True/False (the text is lost), or missing
            # trailing cells: let the exact reader read the text and pad the rows
            return None
        elif field in _NUMBERS and column.dtype == object:
            floats = _mixed_floats(pd, column)
            if floats is None:
                return None  # a block of True/False
            cells[field] = floats
        elif field == "name" and field in arrow:
            named = _name_cells(column.array, arrow[field])
            if named is None:
                return None
            cells[field], plain = named
        elif field in arrow:  # a number column
            floats = arrow[field]
            if floats is None:  # many cells Arrow refuses (" 0.5"): pandas' parser reads them
                floats = _mixed_floats(pd, pd.Series(column.to_numpy(dtype=object)))
            if floats is None:
                return None
            cells[field] = floats
        elif strings is not None and column.dtype == strings:
            cells[field] = column.to_numpy().tolist()  # Series.tolist() iterates in Python
        else:
            cells[field] = column.tolist()
    name = cells["name"]
    if strings is None:
        plain = False  # the validator strips and checks each name
        if not isinstance(name, list) or not all(map(str.strip, name)):
            return None
    elif plain is None:  # names pandas did not read as text
        return None
    # Lines and cells as written are found only if a message needs them (else Unmapped).
    rows = RecordLines(content.data, len(name), delimiter, used)
    shown = {field: h.strip() for h, field in reading.mapping.items()}
    return Table(
        source,
        cells,
        rows,
        shown,
        quoted=True,
        scales=reading.scales,
        texts=rows.text,
        plain_names=plain,
    )


def _mixed_floats(pd: Any, column: Any) -> npt.NDArray[np.float64] | None:
    """A number column pandas read in blocks, some as numbers and some as text.

    The numbers as pandas read them, the text read by pandas' own float parser
    (the one it parses number blocks with), NaN where a cell needs the cell
    rules, which then read it as written (``"high"``, ``"70%"``).  Many such
    cells are tried once more with decimal commas, as the exact reader reads
    them.  ``None``: a block of True/False, which only the exact reader can
    tell from 1 and 0.
    """
    numbers = pd.to_numeric(column, errors="coerce")
    values: npt.NDArray[np.float64] = numbers.to_numpy(dtype=np.float64, copy=True)
    objects = column.to_numpy()
    edges = np.flatnonzero((values == 0.0) | (values == 1.0))
    if any(type(objects[k]) is bool for k in edges.tolist()):
        return None
    failed = np.flatnonzero(np.isnan(values))
    if failed.size > _MANY_FAILED:  # a block of decimal commas, say: read as parse_number does
        swapped = decimal_points(objects[failed].tolist())
        again = pd.to_numeric(pd.Series(swapped, dtype=object), errors="coerce")
        values[failed] = again.to_numpy(dtype=np.float64)
    return values


#: More cells than this that pandas' parser does not read as numbers are tried with
#: decimal commas in bulk; fewer are left to the cell rules.
_MANY_FAILED = 64


def _arrow_work(columns: dict[str, Any], strings: Any, delimiter: str) -> dict[str, Any]:
    """What the Arrow columns of names and numbers hold, found in one pool of threads.

    ``name``: :func:`check_names`' verdict; a number field: :func:`arrow_floats`'
    floats.  Only columns that pandas read as text and with every cell present.
    """
    works: dict[str, PieceWork] = {}
    for field, column in columns.items():
        if strings is None or column.dtype != strings or column.isna().any():
            continue
        if field == "name":
            works[field] = NameCheck(column.array)
        elif field in _NUMBERS:
            works[field] = FloatCast(column.array, decimal_comma=delimiter == ";")
    return dict(zip(works, run_pieces(list(works.values())), strict=True))


#: The float columns.
_NUMBERS = frozenset({*SCORE_FIELDS, "effort"})


def _name_cells(names: Any, verdict: tuple[bool | None, bool]) -> tuple[_Cells, bool] | None:
    """pandas' Arrow column of names as the validator takes them, and whether they are plain.

    ``verdict``: what :func:`check_names` says of them; ``None`` when a name is
    blank (the exact reader decides).  Plain names that are all different stay in
    Arrow until asked for; the others become strings, for the validator to strip
    them or to find the repeats.
    """
    plain, distinct = verdict
    if plain is None:
        return None
    if distinct:
        return CheckedNames(len(names), partial(_python_strings, names)), True
    return names.to_numpy().tolist(), plain


def _python_strings(names: Any) -> tuple[str, ...]:
    return tuple(names.to_numpy().tolist())


def _file_content(path: str | os.PathLike[str], source: str) -> tuple[_Content, str] | None:
    """A large UTF-8 file as the fast reader takes it, and the text of its header.

    ``None``: read the file as text.  The file is only looked at here, through a
    memory map: NUL bytes (a binary file), a byte-order mark, and whether every
    byte is ASCII (else it is decoded once, to be sure it is UTF-8), so that
    pandas parsing the path reads what :func:`_read_text` would.
    """
    _check_path(path, source)  # a FIFO or a device: the InputError reading it would give
    try:
        size = os.path.getsize(path)
    except OSError:
        return None  # opening it again raises the error people know
    if not _wants_pandas(size):
        return None
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
        if view.find(b"\0") != -1 or view[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return None
        bom = view[:3] == codecs.BOM_UTF8
        if not _is_utf8(view):
            return None
        head = _header_text(view, 3 if bom else 0)
    if head.isspace():
        return None
    content = _Content(
        size,
        partial(os.fspath, path),
        partial(_file_bytes, path, 3 if bom else 0),
        "utf-8-sig" if bom else "utf-8",
    )
    return content, head


def _is_utf8(view: mmap.mmap) -> bool:
    """Whether the mapped bytes are UTF-8: ASCII (eight bytes at a time), else decoded once."""
    data = np.frombuffer(view, dtype=np.uint8)
    whole = data[: data.size // 8 * 8].view(np.uint64)
    high = int(np.bitwise_or.reduce(whole)) | int(np.bitwise_or.reduce(data[whole.size * 8 :]))
    del data, whole  # the map closes only when no array looks into it
    if not high & 0x8080808080808080:
        return True
    try:
        str(view, "utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _header_text(view: mmap.mmap, start: int) -> str:
    """The text from ``start`` that holds the whole header record (see :func:`_head`)."""
    size = 1 << 18
    while True:
        text = codecs.utf_8_decode(view[start : start + size], "strict", False)[0]
        head = _head(text)
        if len(head) < len(text) or start + size >= len(view):
            return head
        size *= 4


def _file_bytes(path: str | os.PathLike[str], start: int) -> bytes:
    with open(path, "rb") as file:
        file.seek(start)
        return file.read()


def _read_frame(
    pd: Any,
    content: _Content,
    delimiter: str,
    order: list[int],
    width: int,
    dtype: Any,
    strings: Any,
) -> Any:
    return pd.read_csv(
        content.readable(),
        sep=delimiter,
        header=0,
        # every column asked for by position: pandas reads a file on every core only then
        usecols=None if order == list(range(width)) else order,
        dtype=dtype,
        na_filter=False,
        decimal="," if delimiter == ";" else ".",
        quotechar='"',
        doublequote=True,
        engine="c",
        encoding=content.encoding,
        low_memory=strings is not None,
    )


def _arrow_strings(pd: Any) -> Any:
    """pandas' Arrow string type, or ``None`` without pyarrow."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    return pd.ArrowDtype(pa.string())


def _head(text: str) -> str:
    """The start of ``text`` that holds the whole header record (64 KiB, more if needed)."""
    size = 1 << 16
    while size < len(text):
        head = text[:size]
        quotes, filled, last = 0, False, 0
        for end in _LINE_END.finditer(head):  # a line end outside quotes after the header
            quotes += head.count('"', last, end.start())
            filled = filled or bool(head[last : end.start()].strip())
            last = end.start()
            if filled and quotes % 2 == 0:
                return head
        size *= 4
    return text


_LINE_END = re.compile(r"\r\n?|\n")


def _csv_header(
    text: str, source: str, columns: Mapping[str, str] | None
) -> tuple[str, HeaderReading]:
    """The delimiter and the header read (or InputError about the header)."""
    if not text or text.isspace():  # not text.strip(): that copies a large file
        raise _empty(source)
    head = _head(text)
    delimiter = _delimiter(head, columns)
    line, header = _first_record(head, delimiter)
    return delimiter, resolve_headers(header, columns, source=source, line=line)


def _fast_read(
    content: _Content,
    head: str,
    source: str,
    scale: Scale | None,
    columns: Mapping[str, str] | None,
) -> Portfolio | None:
    """The portfolio as the fast reader reads it, or ``None``: the exact reader decides."""
    delimiter, reading = _csv_header(head, source, columns)
    header = [m.header for m in reading.matches]
    table = _pandas_table(content, source, delimiter, header, reading)
    if table is None:
        return None
    try:
        return Portfolio._from_table(table, scale)
    except Unmapped:
        return None  # rows pandas read are not the records we see


def _parse_csv(
    text: str,
    source: str,
    scale: Scale | None,
    columns: Mapping[str, str] | None,
    *,
    fast: bool = True,
) -> Portfolio:
    """The portfolio ``text`` holds; ``fast=False`` when the fast reader has had its try."""
    if fast:
        portfolio = _fast_read(_Content.of_text(text), text, source, scale, columns)
        if portfolio is not None:
            return portfolio
    delimiter, reading = _csv_header(text, source, columns)
    table, _, _ = _csv_table(text, source, delimiter, reading)
    return Portfolio._from_table(table, scale)


def read_csv(
    path_or_file: PathOrFile,
    *,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Portfolio:
    """Read a portfolio from a CSV file, all or nothing.

    Parameters
    ----------
    path_or_file : str, os.PathLike or file object
        A path, or a file open in text or binary mode.
    scale : Scale, optional
        The scale raw scores are written on (e.g. ``Scale.likert(5)``); without
        it scores must be in ``[0, 1]``.  ``70%`` always means 0.7.
    columns : mapping of str to str, optional
        The file's own headers mapped to fields, for exports whose headers are
        not field names, e.g. ``{"Idea name": "name", "Customer score": "desirability"}``.
        Headers are matched as :func:`~cxmodel.io.match_headers` describes
        (``Business value (1-5)`` is viability on the scale 1-5, with no mapping).
    encoding : str, optional
        The file's text encoding.  By default UTF-8 (with or without a
        byte-order mark) or UTF-16 with a byte-order mark; a file that is not
        UTF-8 is read as Windows-1252 (Excel's "CSV (Comma delimited)") with a
        :class:`~cxmodel.CxModelWarning` naming it.

    Returns
    -------
    Portfolio

    Raises
    ------
    InputError
        The file is empty, is not text (or has a byte neither UTF-8 nor
        Windows-1252 decodes), lacks a required column, or has bad cells;
        ``.errors`` lists every problem as ``(line, column, message)``.
    FieldError
        ``encoding`` is not an encoding Python knows.

    Notes
    -----
    The delimiter (``,``, ``;``, tab or ``|``) is the one that splits the
    header into the most known fields.  Rows whose cells are all blank are
    skipped; a header alone gives an empty portfolio.  See the module
    documentation for the formula neutralisation that :meth:`Portfolio.to_csv`
    writes and this function undoes.

    Large files are tokenised by pandas' C parser when pandas is installed
    (see ``PANDAS_MIN_CHARS``); the result is the same, only faster, and a file
    with any problem is re-read by the csv module to name its lines.

    Examples
    --------
    >>> import io
    >>> import cxmodel as cx
    >>> export = io.StringIO("\\ufeffIdea;Business;People;Technology\\r\\n"
    ...                      "Self-checkout;0,8;30%;0,9\\r\\n")
    >>> p = cx.read_csv(export, columns={"Idea": "name"})
    >>> p["Self-checkout"].scores
    {'viability': 0.8, 'desirability': 0.3, 'feasibility': 0.9}
    >>> cx.read_csv(io.StringIO("name,viability,desirability,feasibility\\n"
    ...                         "Chatbot,high,0.5,0.9\\n"))
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InputError: <file>: 1 problem: line 2, column 'viability': viability: 'high' is not a number
    """  # noqa: E501
    tried = False
    if encoding is None and isinstance(path_or_file, str | os.PathLike):
        source = os.fspath(path_or_file)
        opened = _file_content(path_or_file, source)
        if opened is not None:  # a large UTF-8 file: pandas parses it by its path
            portfolio = _fast_read(*opened, source, scale, columns)
            if portfolio is not None:
                return portfolio
            tried = True
    text, source = _read_text(path_or_file, encoding)
    return _parse_csv(text, source, scale, columns, fast=not tried)
