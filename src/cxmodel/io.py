"""Read and write portfolios as CSV and JSON files.

Both formats carry the fields of :class:`~cxmodel.Initiative`: ``name``,
``viability``, ``desirability`` and ``feasibility`` are required, every other
field is optional.  Paths (``str`` or :class:`os.PathLike`) and open file
objects, text or binary, are accepted everywhere.

CSV files as spreadsheets write them load as they are: a UTF-8 byte-order mark,
CRLF line ends, ``;`` as the delimiter with decimal commas (``0,7``), headers in
any case with surrounding spaces, the aliases ``business``, ``people`` and
``technology`` for the three scores, ``70%`` for 0.7 and raw scores with a
``scale``.  List fields (``tags``, ``depends_on``, ``stages``, ``stakeholders``)
hold items separated by ``;`` in one cell.

Loading is all or nothing: every bad cell of the file is listed in one
:class:`~cxmodel.InputError`, with the line number an editor shows (CSV) or the
1-based position of the record (JSON), the column as written in the header and
the offending value.

The CSV writer protects spreadsheet users from formula injection and the reader
undoes exactly that, so ``read_csv(to_csv(p)) == p`` for every portfolio:

* a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is written with an apostrophe in front (``'=SUM(A1)``), which
  spreadsheets show as text and never evaluate;
* a text cell that starts with an apostrophe followed by one of those
  characters or by another apostrophe gets one more apostrophe, so it cannot be
  mistaken for a neutralised cell;
* when reading, one leading apostrophe is removed from a text cell exactly when
  the next character is one of ``= + - @``, tab, carriage return or ``'``.  Any
  other leading apostrophe (``'Tis the season``) is kept.

List items that contain ``;``, have surrounding spaces or would make the cell
start with ``[`` are written as a JSON array (``["a;b", " c"]``), which the
reader recognises.  Scores and efforts are written with :func:`repr`, so floats
survive the round trip bit for bit.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeAlias, cast

import attrs
import numpy as np
import numpy.typing as npt

from ._records import LIST_FIELDS, REQUIRED, SCORE_FIELDS, is_absent, parse_field
from .exceptions import CxModelError, FieldError, InputError
from .model import CRITERIA, DEFAULTS, FIELDS, OPTIONAL_FIELDS, Initiative, Scale, is_default
from .portfolio import Portfolio
from .vocabulary import Channel, Stage

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = [
    "ALIASES",
    "PathOrFile",
    "match_headers",
    "portfolio_schema",
    "read_any",
    "read_csv",
    "read_json",
    "write_csv",
    "write_json",
]

#: A path or an open file, text or binary.
PathOrFile: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]

#: Header aliases accepted in CSV files and data frames: the lens of each score.
ALIASES: dict[str, str] = {
    "business": "viability",
    "people": "desirability",
    "technology": "feasibility",
}

_FloatArray = npt.NDArray[np.float64]
#: The cells of one column: text or JSON values, or numbers the fast reader parsed.
_Cells = Sequence[Any] | _FloatArray
#: First characters that make a spreadsheet evaluate a cell (OWASP's list).
_FORMULA_START = frozenset("=+-@\t\r")
_QUOTE = "'"
_DELIMITERS = (",", ";", "\t", "|")
_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    field.name: field.converter  # type: ignore[misc]
    for field in attrs.fields(Initiative)
}
_SCORE_TEXT = r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*%?\s*$"
_TEXT = r"\S"  # the schema's pattern for names and list items: not blank


# --- headers -----------------------------------------------------------------------


def _key(header: str) -> str:
    """How a header is compared with field names: case, spaces, ``-`` and ``_`` ignored."""
    return re.sub(r"[\s_-]+", "_", header.strip().lower()).strip("_")


_FIELD_KEYS: dict[str, str] = {**{_key(f): f for f in FIELDS}, **ALIASES}


def match_headers(
    headers: Sequence[str],
    columns: Mapping[str, str] | None,
    *,
    source: str,
    line: int = 0,
) -> dict[str, str]:
    """Map a file's (or data frame's) headers to fields: ``{header: field}``.

    Headers match fields case-insensitively, ignoring surrounding spaces and
    treating spaces, ``-`` and ``_`` alike (``"Depends on"`` is ``depends_on``);
    ``business``, ``people`` and ``technology`` are aliases of the three scores.
    ``columns`` maps a file's own headers to fields and takes precedence.
    Headers that match no field are ignored.

    Parameters
    ----------
    headers : sequence of str
        The headers in file order.
    columns : mapping of str to str, optional
        ``{header as written: field}``, e.g. ``{"Idea": "name"}``.
    source : str
        For error messages (a path, ``"<stdin>"``, ``"data frame"``).
    line : int, default 0
        The line of the header row, for error messages (0: not a file).

    Returns
    -------
    dict
        Every header that supplies a field, mapped to that field.

    Raises
    ------
    InputError
        A required column is missing, two headers supply the same field, or a
        header named in ``columns`` is not there.
    FieldError
        ``columns`` maps a header to something that is not a field.

    Examples
    --------
    >>> from cxmodel.io import match_headers
    >>> match_headers([" Idea ", "Business", "PEOPLE", "feasibility", "Owner"],
    ...               {"Idea": "name"}, source="ideas.csv")
    {' Idea ': 'name', 'Business': 'viability', 'PEOPLE': 'desirability', 'feasibility': 'feasibility'}
    >>> match_headers(["name", "viability"], None, source="ideas.csv", line=1)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InputError: ideas.csv: 2 problems: line 1, column 'desirability': missing column 'desirability' (also accepted: 'people'); found: 'name', 'viability'; ...
    """  # noqa: E501
    explicit: dict[str, str] = {}
    for header, field in (columns or {}).items():
        target = _FIELD_KEYS.get(_key(str(field)))
        if target is None:
            raise FieldError(
                "columns", field, f"must map {header!r} to one of the fields {FIELDS}"
            )
        explicit[_key(str(header))] = target
    errors: list[tuple[int, str, str]] = []
    mapping: dict[str, str] = {}
    claimed: dict[str, str] = {}  # field -> header
    explicit_fields = set(explicit.values())
    found_explicit: set[str] = set()
    for header in headers:
        key = _key(header)
        if key in explicit:
            field = explicit[key]
            found_explicit.add(key)
        else:
            field = _FIELD_KEYS.get(key, "")
            if not field or field in explicit_fields:
                continue  # not a field, or the caller named another column for it
        if field in claimed:
            message = f"columns {claimed[field]!r} and {header!r} both give {field}"
            errors.append((line, header, message))
            continue
        claimed[field] = header
        mapping[header] = field
    found = ", ".join(repr(h) for h in headers) or "no columns"
    for header, field in (columns or {}).items():
        if _key(str(header)) not in found_explicit:
            message = f"column {header!r} (given for {field}) is not in the header; found: {found}"
            errors.append((line, str(header), message))
    for field in REQUIRED:
        if field not in claimed and field not in explicit_fields:
            aliases = [a for a, f in ALIASES.items() if f == field]
            also = f" (also accepted: {', '.join(map(repr, aliases))})" if aliases else ""
            errors.append((line, field, f"missing column {field!r}{also}; found: {found}"))
    if errors:
        raise InputError(errors, source=source)
    return mapping


# --- reading text ----------------------------------------------------------------


def _source_name(path_or_file: PathOrFile) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        return os.fspath(path_or_file)
    name = getattr(path_or_file, "name", None)
    return name if isinstance(name, str) else "<file>"


def _read_text(path_or_file: PathOrFile) -> tuple[str, str]:
    """``(text, source name)`` of a path or file object; bad bytes raise InputError."""
    source = _source_name(path_or_file)
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "rb") as file:
            data: str | bytes = file.read()
    else:
        try:
            data = path_or_file.read()
        except UnicodeDecodeError as error:  # a text stream opened with the wrong encoding
            message = (
                f"the file is not {error.encoding} text ({error.reason}); open it in binary "
                "mode or with the right encoding"
            )
            raise InputError([(0, "", message)], source=source) from None
    return _as_text(data, source), source


def _as_text(data: str | bytes, source: str) -> str:
    """Decode bytes (UTF-8, with or without BOM; UTF-16 with BOM) and reject binary data."""
    if isinstance(data, bytes):
        codec = "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            codec = "utf-16"  # Excel's "Unicode text" export
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            if _looks_binary(data):
                message = "this is a binary file, not CSV or JSON text"
            else:
                byte = data[error.start : error.start + 1].hex()
                message = (
                    f"byte 0x{byte} is not UTF-8 text; save the file as UTF-8 "
                    "(in spreadsheets: 'CSV UTF-8')"
                )
            raise InputError([(line, "", message)], source=source) from None
    elif isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        raise TypeError(f"{source}: read() returned {type(data).__name__}, not str or bytes")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        message = "this is a binary file, not CSV or JSON text (it contains NUL characters)"
        raise InputError([(line, "", message)], source=source)
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return b"\x00" in sample or controls > len(sample) // 20


def _empty(source: str) -> InputError:
    return InputError([(0, "", "the file is empty")], source=source)


# --- cell rules shared by CSV and JSON ----------------------------------------------


def _unquote(cell: str) -> str:
    """Undo the formula neutralisation of :func:`_neutralise`."""
    if len(cell) > 1 and cell[0] == _QUOTE and (cell[1] in _FORMULA_START or cell[1] == _QUOTE):
        return cell[1:]
    return cell


def _neutralise(cell: str) -> str:
    """Prefix an apostrophe where a spreadsheet would run a formula (or unquoting would bite)."""
    if cell and (cell[0] in _FORMULA_START or _unquote(cell) != cell):
        return _QUOTE + cell
    return cell


@attrs.frozen
class _Table:
    """Cells of an input, by field, and how to name rows in messages."""

    source: str
    cells: Mapping[str, _Cells]
    #: The row number of each row as a person would name it (line or record).
    rows: Sequence[int]
    #: How each field is written in the input (its header).
    shown: dict[str, str]
    unit: str = "line"
    #: CSV cells carry the formula neutralisation of the writer.
    quoted: bool = False


class _Errors:
    def __init__(self, table: _Table) -> None:
        self.table = table
        self.items: list[tuple[int, int, str, str]] = []

    def add(self, position: int, field: str, message: str) -> None:
        order = FIELDS.index(field)
        row = self.table.rows[position]
        self.items.append((row, order, self.table.shown.get(field, field), message))

    def raise_if_any(self) -> None:
        if self.items:
            self.items.sort(key=lambda item: (item[0], item[1]))
            errors = [(row, column, message) for row, _, column, message in self.items]
            raise InputError(errors, source=self.table.source, unit=self.table.unit)


def _bulk_floats(cells: _Cells) -> _FloatArray | None:
    """Every cell as a float in one vectorised call, or ``None`` if one needs the cell rules.

    Cells that are numbers, or text Python's ``float`` reads (and decimal commas),
    convert exactly as :func:`~cxmodel._records.parse_number` would convert them.
    """
    if isinstance(cells, np.ndarray):  # already parsed by the fast CSV reader
        return cells.astype(np.float64, copy=False)
    if cells and not isinstance(cells[0], str) and any(isinstance(c, bool) for c in cells):
        return None  # CSV cells are all text; JSON booleans are not scores
    try:
        return np.array(cells, dtype=np.float64)
    except (ValueError, TypeError, OverflowError):
        pass
    if not all(isinstance(cell, str) for cell in cells):
        return None
    try:  # decimal commas, converted like parse_number does
        return np.array(
            [cell if "." in cell else cell.replace(",", ".") for cell in cells],
            dtype=np.float64,
        )
    except ValueError:
        return None


def _number_column(
    field: str, cells: _Cells, scale: Scale | None, errors: _Errors, *, required: bool = False
) -> _FloatArray:
    """A score column in [0, 1] or the effort column, vectorised unless a cell needs the rules.

    An absent cell is NaN (an error if ``required``), or the default effort.
    """
    values = _bulk_floats(cells)
    if values is not None:
        if field == "effort":
            ok = (values > 0.0) & (values < math.inf)
        else:
            low, high = (0.0, 1.0) if scale is None else (scale.low, scale.high)
            ok = (values >= low) & (values <= high)
            if scale is not None:
                values = (values - low) / (high - low)
        if ok.all():
            return values
        suspects: Iterable[int] = np.flatnonzero(~ok).tolist()
        values = values.copy()  # it may be the fast reader's array
    else:
        suspects = range(len(cells))
        values = np.full(len(cells), np.nan)
    for position in suspects:
        cell = cells[position]
        if is_absent(field, cell):
            values[position] = DEFAULTS["effort"] if field == "effort" else np.nan
            if required:
                errors.add(position, field, f"{field} {_blank_word(cell)}")
            continue
        try:
            values[position] = parse_field(field, cell, scale)
        except (ValueError, CxModelError) as error:
            errors.add(position, field, f"{field}: {error}")
    return values


def _blank_word(cell: Any) -> str:
    return "is missing" if cell is None else "is empty"


def _names(table: _Table, errors: _Errors) -> tuple[str, ...]:
    cells = table.cells["name"]
    if table.quoted:
        names = list(map(str.strip, cells))
        joined = "\0".join(cells)  # no NUL in text we read: finds a leading ' in C
        if joined.startswith(_QUOTE) or "\0" + _QUOTE in joined:
            names = [(_unquote(c) if c[:1] == _QUOTE else c).strip() for c in cells]
    elif all(isinstance(c, str) for c in cells):
        names = [c.strip() for c in cells]
    else:
        names = [c.strip() if isinstance(c, str) else "" for c in cells]
    if not all(names):
        for position, (name, cell) in enumerate(zip(names, cells, strict=True)):
            if not name:
                what = _blank_word(cell) if is_absent("name", cell) else f"{cell!r} is not text"
                errors.add(position, "name", f"name {what}")
    if len(set(names)) != len(names):
        first: dict[str, int] = {}
        for position, name in enumerate(names):
            if not name:
                continue
            if name in first:
                where = f"{table.unit} {table.rows[first[name]]}"
                errors.add(position, "name", f"duplicate name {name!r} (first at {where})")
            else:
                first[name] = position
    return tuple(names)


def _other_column(field: str, table: _Table, errors: _Errors) -> tuple[Any, ...]:
    """An optional non-score field, cell by cell with the rules of records and Initiative."""
    convert = _CONVERTERS[field]
    default = DEFAULTS[field]
    values: list[Any] = []
    for position, cell in enumerate(table.cells[field]):
        if table.quoted and isinstance(cell, str):
            cell = _unquote(cell)
        if is_absent(field, cell):
            values.append(default)
            continue
        try:
            values.append(convert(parse_field(field, cell, None)))
        except (ValueError, CxModelError) as error:
            errors.add(position, field, f"{field}: {error}")
            values.append(default)
    return tuple(values)


def _build(table: _Table, scale: Scale | None) -> Portfolio:
    """Validate every cell of ``table`` and return its portfolio, or raise one InputError."""
    errors = _Errors(table)
    names = _names(table, errors)
    columns: dict[str, _FloatArray] = {}
    extras: dict[str, tuple[Any, ...]] = {}
    for field in CRITERIA:
        columns[field] = _number_column(field, table.cells[field], scale, errors, required=True)
    effort = table.cells.get("effort")
    columns["effort"] = (
        np.ones(len(names)) if effort is None else _number_column("effort", effort, None, errors)
    )
    for field in OPTIONAL_FIELDS:
        if field not in table.cells:
            continue
        if field in SCORE_FIELDS:
            values = _number_column(field, table.cells[field], scale, errors)
            extras[field] = tuple(None if math.isnan(v) else v for v in values.tolist())
        else:
            extras[field] = _other_column(field, table, errors)
    errors.raise_if_any()
    return Portfolio._from_columns(names, columns, extras)


# --- CSV ------------------------------------------------------------------------------


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """Non-blank records with the line each starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
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


def _csv_table(text: str, source: str, delimiter: str, mapping: dict[str, str]) -> _Table:
    """The exact reader (the csv module): every record with the line it starts on."""
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
    position = _positions(header)
    cells = {field: [row[position[h]] for row in rows] for h, field in mapping.items()}
    shown = {field: h.strip() for h, field in mapping.items()}
    return _Table(source, cells, lines, shown, quoted=True)


#: Inputs at least this long are first tokenised by pandas' C parser when pandas is
#: installed and already imported; 16 times longer ones import it.  Importing pandas
#: takes longer than the exact reader needs for a few megabytes.
PANDAS_MIN_CHARS = 1 << 20


def _pandas_table(
    text: str, source: str, delimiter: str, header: list[str], mapping: dict[str, str]
) -> _Table | None:
    """The fast reader: pandas' C tokeniser and float parser, or ``None`` to use the exact one.

    Used only when it cannot change the result: number columns are taken only when
    pandas parsed them as numbers (its parser rounds exactly like ``float``), text
    cells arrive unchanged, and anything unusual -- a blank name (blank rows), a
    ragged row, any bad value -- sends the whole file to the exact reader, which
    also finds the line numbers for the error message.
    """
    if len(text) < PANDAS_MIN_CHARS or (
        "pandas" not in sys.modules and len(text) < 16 * PANDAS_MIN_CHARS
    ):
        return None
    try:
        import pandas as pd
    except ImportError:
        return None
    position = _positions(header)
    used = {field: position[h] for h, field in mapping.items()}
    numbers = set(SCORE_FIELDS) | {"effort"}
    try:
        frame = pd.read_csv(
            io.BytesIO(text.encode("utf-8")),
            sep=delimiter,
            header=0,
            usecols=sorted(used.values()),
            dtype={k: object for f, k in used.items() if f not in numbers},
            na_filter=False,
            decimal="," if delimiter == ";" else ".",
            quotechar='"',
            doublequote=True,
            engine="c",
            encoding="utf-8",
            low_memory=False,
        )
    except (ValueError, pd.errors.ParserError):  # ragged rows and the like
        return None
    if len(frame.columns) != len(used):
        return None
    cells: dict[str, _Cells] = {}
    for field, k in used.items():
        column = frame.iloc[:, sorted(used.values()).index(k)]
        if column.dtype.kind in "fiu":
            cells[field] = column.to_numpy(dtype=np.float64)
        else:
            if column.isna().any():
                return None  # missing trailing cells: let the exact reader pad them
            cells[field] = column.tolist()
    name = cells["name"]
    if not isinstance(name, list) or not all(map(str.strip, name)):
        return None
    return _Table(source, cells, range(2, len(name) + 2), {}, quoted=True)


def _parse_csv(
    text: str, source: str, scale: Scale | None, columns: Mapping[str, str] | None
) -> Portfolio:
    if not text.strip():
        raise _empty(source)
    head = text[: 1 << 16]  # the header is in here; sniffing needs no more
    delimiter = _delimiter(head, columns)
    line, header = _first_record(head, delimiter)
    mapping = match_headers(header, columns, source=source, line=line)
    fast = _pandas_table(text, source, delimiter, header, mapping)
    if fast is not None:
        try:
            return _build(fast, scale)
        except InputError:
            pass  # the exact reader names the lines and values
    return _build(_csv_table(text, source, delimiter, mapping), scale)


def read_csv(
    path_or_file: PathOrFile,
    *,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
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
        not field names, e.g. ``{"Idea": "name", "Desirability (1-5)": "desirability"}``.

    Returns
    -------
    Portfolio

    Raises
    ------
    InputError
        The file is empty, is not text, lacks a required column, or has bad
        cells; ``.errors`` lists every problem as ``(line, column, message)``.

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
    text, source = _read_text(path_or_file)
    return _parse_csv(text, source, scale, columns)


def _list_cell(items: Iterable[Any]) -> str:
    texts = [str(item) for item in items]
    simple = ";".join(texts)
    if simple.startswith("[") or any(";" in t or t != t.strip() for t in texts):
        return json.dumps(texts, ensure_ascii=False)
    return simple


def _csv_cells(field: str, values: Sequence[Any]) -> list[str]:
    if field in SCORE_FIELDS:
        return ["" if v is None else repr(float(v)) for v in values]
    if field in LIST_FIELDS:
        return [_neutralise(_list_cell(v)) for v in values]
    return ["" if v is None else _neutralise(str(v)) for v in values]


def write_csv(portfolio: Portfolio, path_or_file: PathOrFile | None = None) -> str | None:
    """Write ``portfolio`` as UTF-8 CSV; with no destination, return the text.

    The columns are ``name``, the three scores, ``effort`` and every optional
    field that some initiative sets.  Text cells are protected from formula
    injection as the module documentation describes, and
    :func:`read_csv` reads back exactly this portfolio.

    Examples
    --------
    >>> import io
    >>> import cxmodel as cx
    >>> from cxmodel.io import write_csv
    >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.25, 1.0, tags=["-store", "a;b"])])
    >>> print(write_csv(p), end="")
    name,viability,desirability,feasibility,effort,tags
    Kiosk,0.5,0.25,1.0,1.0,"[""-store"", ""a;b""]"
    >>> cx.read_csv(io.StringIO(write_csv(p))) == p
    True
    """
    fields = ["name", *CRITERIA, "effort"]
    fields += [f for f in OPTIONAL_FIELDS if not all(map(is_default, portfolio.column(f)))]
    arrays = {f: getattr(portfolio, f) for f in (*CRITERIA, "effort")}
    columns = [[_neutralise(n) for n in portfolio.names]]
    for field in fields[1:]:
        values = arrays[field].tolist() if field in arrays else portfolio.column(field)
        columns.append(_csv_cells(field, values))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # quotes cells holding \r or \n
    writer.writerow(fields)
    writer.writerows(zip(*columns, strict=True))
    text = buffer.getvalue()
    if "\0" in text:  # readers take NUL for a sign of a binary file
        k, cell = next(
            (k, cell)
            for k, row in enumerate(zip(*columns, strict=True))
            for cell in row
            if "\0" in cell
        )
        where = f"initiative {portfolio.names[k]!r}"
        raise FieldError(where, cell, "has a NUL character, which CSV cannot hold (use JSON)")
    return _write(text, path_or_file)


def _write(text: str, path_or_file: PathOrFile | None) -> str | None:
    if path_or_file is None:
        return text
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        return None
    if isinstance(path_or_file, io.RawIOBase | io.BufferedIOBase) or "b" in str(
        getattr(path_or_file, "mode", "")
    ):
        cast(IO[bytes], path_or_file).write(text.encode("utf-8"))
    else:
        cast(IO[str], path_or_file).write(text)
    return None


# --- JSON -----------------------------------------------------------------------------


def portfolio_schema(*, scale: Scale | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON input format.

    A document is ``{"initiatives": [...]}`` or a bare list of initiatives.
    Each initiative is an object with ``name``, ``viability``, ``desirability``
    and ``feasibility``, and optionally ``effort``, ``tags``, ``depends_on``,
    ``description``, ``stated_desire``, ``value_driver``,
    ``customer_desirability``, ``stages``, ``channel`` and ``stakeholders``;
    other keys are allowed and ignored.  A score is a number in ``[0, 1]`` (in
    ``[low, high]`` of ``scale`` when given) or a string such as ``"70%"``.
    :func:`read_json` validates its input against this schema.

    Parameters
    ----------
    scale : Scale, optional
        The raw score scale the documents use.

    Examples
    --------
    >>> import jsonschema
    >>> import cxmodel as cx
    >>> schema = cx.portfolio_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> jsonschema.validate([{"name": "Kiosk", "viability": 0.5, "desirability": "25%",
    ...                       "feasibility": 1}], schema)
    >>> jsonschema.validate({"initiatives": [{"name": "Kiosk"}]}, schema)
    Traceback (most recent call last):
    ...
    jsonschema.exceptions.ValidationError: 'viability' is a required property
    ...
    """
    low, high = (0.0, 1.0) if scale is None else (scale.low, scale.high)
    where = "in [0, 1]" if scale is None else f"on the scale [{low:g}, {high:g}]"

    def score(description: str, *, optional: bool = False) -> dict[str, Any]:
        kinds = ["number", "string", "null"] if optional else ["number", "string"]
        return {
            "description": f"{description}: a number {where}, or a percentage such as '70%'",
            "type": kinds,
            "minimum": low,
            "maximum": high,
            "pattern": _SCORE_TEXT,
        }

    def strings(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "type": ["array", "null"],
            "items": {"type": "string", "pattern": _TEXT},
        }

    initiative = {
        "type": "object",
        "description": "One initiative; keys that are not fields are ignored.",
        "required": list(REQUIRED),
        "properties": {
            "name": {
                "description": "Unique, non-blank name.",
                "type": "string",
                "pattern": _TEXT,
            },
            "viability": score("Business lens score"),
            "desirability": score("People lens score"),
            "feasibility": score("Technology lens score"),
            "effort": {
                "description": "Effort in any unit, finite and > 0 (default 1).",
                "type": ["number", "string", "null"],
                "exclusiveMinimum": 0,
                "pattern": _SCORE_TEXT,
            },
            "tags": strings("Free labels."),
            "depends_on": strings("Names of initiatives this one depends on."),
            "description": {"description": "Free text.", "type": ["string", "null"]},
            "stated_desire": score("How much customers say they want it", optional=True),
            "value_driver": score("How much it drives value for customers", optional=True),
            "customer_desirability": score("Desirability measured by customers", optional=True),
            "stages": {
                "description": "Customer-journey stages it touches.",
                "type": ["array", "null"],
                "items": {"enum": [stage.value for stage in Stage]},
            },
            "channel": {
                "description": "Human or technical interactions, or both.",
                "enum": [*(channel.value for channel in Channel), None],
            },
            "stakeholders": strings("Who it serves beyond customers."),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cxmodel.readthedocs.io/schema/portfolio.json",
        "title": "cxmodel portfolio",
        "description": (
            "Initiatives scored through the business (viability), people (desirability) "
            "and technology (feasibility) lenses: an object with an 'initiatives' list, "
            "or the list alone."
        ),
        "if": {"type": "array"},
        "then": {"$ref": "#/$defs/initiatives"},
        "else": {"$ref": "#/$defs/document"},
        "$defs": {
            "document": {
                "type": "object",
                "required": ["initiatives"],
                "properties": {"initiatives": {"$ref": "#/$defs/initiatives"}},
            },
            "initiatives": {"type": "array", "items": {"$ref": "#/$defs/initiative"}},
            "initiative": initiative,
        },
    }


@functools.lru_cache(maxsize=8)
def _validator(scale: Scale | None) -> Any:
    from jsonschema import Draft202012Validator  # slow to import: only when reading JSON

    return Draft202012Validator(portfolio_schema(scale=scale))


def _schema_problem(error: ValidationError) -> tuple[int, int, str, str]:
    """``(record, order, column, message)`` for one schema violation."""
    path = list(error.absolute_path)
    if path and path[0] == "initiatives":
        path = path[1:]
    record = path[0] + 1 if path and isinstance(path[0], int) else 0
    column = str(path[1]) if len(path) > 1 else ""
    message = error.message
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [p for p in cast(list[str], error.validator_value) if p not in error.instance]
        # one error per missing property; its message starts with the property's repr
        column = next((p for p in missing if error.message.startswith(repr(p))), missing[0])
        message = f"{column} is missing"
    elif error.validator == "pattern":
        if error.validator_value == _SCORE_TEXT:
            message = f"{error.instance!r} is not a number or a percentage"
        else:
            message = f"{error.instance!r} is blank"
    elif error.validator == "maximum" and column in SCORE_FIELDS and error.validator_value == 1:
        message += " (raw scores need a scale=, e.g. Scale.likert(5))"
    elif error.validator == "type" and not path:
        message = f"expected an object with 'initiatives' or a list, got {error.instance!r:.40}"
    order = FIELDS.index(column) if column in FIELDS else len(FIELDS)
    return record, order, column, f"{error.json_path}: {message}"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON scores")


_NON_BLANK = re.compile(_TEXT)
_STAGES = frozenset(stage.value for stage in Stage)
_CHANNELS = frozenset(channel.value for channel in Channel)


def _plain_records(data: Any, scale: Scale | None) -> list[dict[str, Any]] | None:
    """The records of ``data`` if they are valid in the plainest way, else ``None``.

    jsonschema takes ~70 us per record; this check accepts only documents the
    schema accepts (numbers for scores, lists for lists ...), in a fraction of
    the time, so large documents written by :func:`write_json` load fast.
    Anything else goes to the schema, which is the authority.
    """
    records = data.get("initiatives") if isinstance(data, dict) else data
    if type(records) is not list:
        return None
    low, high = (0.0, 1.0) if scale is None else (scale.low, scale.high)

    def number(v: Any) -> bool:
        return type(v) in (int, float)

    def score(v: Any) -> bool:
        return number(v) and low <= v <= high

    def strings(v: Any) -> bool:
        return v is None or (
            type(v) is list and all(type(x) is str and _NON_BLANK.search(x) for x in v)
        )

    optional: dict[str, Callable[[Any], bool]] = {
        "effort": lambda v: v is None or (number(v) and v > 0),
        "tags": strings,
        "depends_on": strings,
        "stakeholders": strings,
        "description": lambda v: v is None or type(v) is str,
        "stated_desire": lambda v: v is None or score(v),
        "value_driver": lambda v: v is None or score(v),
        "customer_desirability": lambda v: v is None or score(v),
        "stages": lambda v: (
            v is None or (type(v) is list and all(type(x) is str and x in _STAGES for x in v))
        ),
        "channel": lambda v: v is None or (type(v) is str and v in _CHANNELS),
    }
    for record in records:
        if type(record) is not dict:
            return None
        name = record.get("name")
        if type(name) is not str or not _NON_BLANK.search(name):
            return None
        if not all(score(record.get(f)) for f in CRITERIA):
            return None
        for key, value in record.items():
            check = optional.get(key)
            if check is not None and not check(value):
                return None
    return records


def _parse_json(text: str, source: str, scale: Scale | None) -> Portfolio:
    if not text.strip():
        raise _empty(source)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            [(error.lineno, "", f"not valid JSON: {error.msg} (column {error.colno})")],
            source=source,
        ) from None
    except ValueError as error:
        raise InputError([(0, "", f"not valid JSON: {error}")], source=source) from None
    records = _plain_records(data, scale)
    if records is None:  # not plainly valid: the schema decides, and names every problem
        problems = sorted(map(_schema_problem, _validator(scale).iter_errors(data)))
        if problems:
            errors = [(row, column, message) for row, _, column, message in problems]
            raise InputError(errors, source=source, unit="record")
        records = data if isinstance(data, list) else data["initiatives"]
    present = {key for record in records for key in record}
    cells = {f: [r.get(f) for r in records] for f in FIELDS if f in present or f in REQUIRED}
    return _build(_Table(source, cells, range(1, len(records) + 1), {}, unit="record"), scale)


def read_json(path_or_file: PathOrFile, *, scale: Scale | None = None) -> Portfolio:
    """Read a portfolio from a JSON file, all or nothing.

    The document is ``{"initiatives": [...]}`` or a bare list; it must conform
    to :func:`portfolio_schema` (validated with :mod:`jsonschema`).  Keys are
    the field names; other keys are ignored.

    Parameters
    ----------
    path_or_file : str, os.PathLike or file object
        A path, or a file open in text or binary mode.
    scale : Scale, optional
        The scale raw scores are written on; ``"70%"`` always means 0.7.

    Raises
    ------
    InputError
        The file is empty, not JSON, does not match the schema (the message
        gives the JSON path, such as ``$.initiatives[2].viability``) or has bad
        values; rows are 1-based record positions.

    Examples
    --------
    >>> import io
    >>> import cxmodel as cx
    >>> doc = io.StringIO('{"initiatives": [{"name": "Chatbot", "viability": 4, '
    ...                   '"desirability": 2, "feasibility": "100%"}]}')
    >>> cx.read_json(doc, scale=cx.Scale.likert(5))["Chatbot"].scores
    {'viability': 0.75, 'desirability': 0.25, 'feasibility': 1.0}
    >>> cx.read_json(io.StringIO('[{"name": "Chatbot", "viability": 0.4}]'))
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InputError: <file>: 2 problems: record 1, column 'desirability': $[0]: desirability is missing; ...
    """  # noqa: E501
    text, source = _read_text(path_or_file)
    return _parse_json(text, source, scale)


def write_json(portfolio: Portfolio, path_or_file: PathOrFile | None = None) -> str | None:
    """Write ``portfolio`` as UTF-8 JSON, one initiative per line; with no destination, return it.

    The document is ``{"initiatives": [...]}`` with the records of
    :meth:`Portfolio.to_records`; :func:`read_json` reads it back exactly.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.io import write_json
    >>> print(write_json(cx.Portfolio([])), end="")
    {"initiatives": []}
    """
    lines = [json.dumps(r, ensure_ascii=False, allow_nan=False) for r in portfolio.to_records()]
    body = ",\n  ".join(lines)
    text = f'{{"initiatives": [\n  {body}\n]}}\n' if lines else '{"initiatives": []}\n'
    return _write(text, path_or_file)


# --- either format ----------------------------------------------------------------------


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def read_any(
    path_or_dash: PathOrFile,
    *,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
) -> Portfolio:
    """Read CSV or JSON from a path, a file object, or ``"-"`` (standard input).

    A ``.json`` file is JSON and a ``.csv`` or ``.tsv`` file is CSV; anything
    else (standard input included) is JSON when its first non-blank character
    is ``{`` or ``[``, CSV otherwise.  ``columns`` applies to CSV (see
    :func:`read_csv`); JSON uses the field names.

    Examples
    --------
    >>> import io
    >>> from cxmodel.io import read_any
    >>> read_any(io.StringIO('[{"name": "A", "viability": 1, "desirability": 1, '
    ...                      '"feasibility": 1}]')).names
    ('A',)
    >>> read_any(io.StringIO("name,business,people,technology\\nB,0,0,0\\n")).names
    ('B',)
    """
    if isinstance(path_or_dash, str) and path_or_dash == "-":
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        text, source = _as_text(stream.read(), "<stdin>"), "<stdin>"
    else:
        text, source = _read_text(path_or_dash)
    suffix = os.path.splitext(source)[1].lower()
    if suffix == ".json" or (suffix not in (".csv", ".tsv") and _looks_like_json(text)):
        return _parse_json(text, source, scale)
    return _parse_csv(text, source, scale, columns)
