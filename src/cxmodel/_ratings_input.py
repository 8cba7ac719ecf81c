"""Ratings as people hand them in: records, data frames, CSV files and workbooks, as rows.

:func:`read_tables` turns whatever :func:`~cxmodel.workshop.aggregate_ratings`
was given into :class:`Table` objects: the rows of each file or sheet, their
cells by field (``rater``, ``initiative``, ``criterion``, ``score``,
``effort``, ``confidence``), how to name each cell in a message, and the
scale the score column's header declares.  The cell helpers say what a cell
holds: nothing (:func:`is_blank`), a number or percentage
(:func:`parse_number`), or a name (:func:`cell_name`).  Checking a row against
a rubric and a scale is the job of :mod:`cxmodel.workshop`.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._headers import header_scale
from ._records import parse_number as _cell_number
from ._records import shown
from .exceptions import FieldError, InputError
from .io._decode import _read_text
from .model import Scale
from .rubric import match_key

__all__ = ["Row", "Table", "cell_name", "is_blank", "parse_number", "read_tables"]

#: The columns of a ratings table and the headers accepted for each.
_HEADERS: dict[str, tuple[str, ...]] = {
    "rater": ("rater", "participant", "judge", "scorer", "rated_by"),
    "initiative": ("initiative", "name", "idea", "title"),
    "criterion": ("criterion", "question_key", "key"),
    "score": ("score", "rating"),
    "effort": ("effort", "cost", "size", "estimate"),
    "confidence": ("confidence", "certainty"),
}
_HEADER_FIELD = {alias: field for field, aliases in _HEADERS.items() for alias in aliases}
_REQUIRED = ("rater", "initiative", "criterion", "score")
#: Cells that mean "no rating" in a score, effort or confidence column.
_NO_VALUE = frozenset({"", "n/a", "na", "n.a.", "-", "\N{EN DASH}", "\N{EM DASH}", "?", "nan"})
_UNIT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_FORMULA_START = frozenset("=+-@\t\r")


# --- reading the table ---------------------------------------------------------------


@attrs.frozen
class Row:
    """One row of ratings, its cells by field, and how to name it in messages."""

    number: int
    cells: dict[str, Any]
    where: Callable[[str], str]
    unit: str
    #: The file's name when ratings come from several files.
    origin: str = ""
    #: The position of the row's table (file or sheet) among all the tables read.
    table: int = 0


@attrs.frozen
class Table:
    """The rows of one file, sheet, data frame or list of records, and its score header."""

    rows: list[Row]
    source: str
    unit: str
    header_scale: Scale | None = None
    score_header: str = "score"


def _header_field(header: Any) -> tuple[str | None, Scale | None]:
    """The field a header names (unit in brackets ignored) and the scale its brackets declare."""
    if header is None:
        return None, None
    text = str(header)
    return _HEADER_FIELD.get(match_key(_UNIT.sub("", text))), header_scale(text)


def _match_headers(
    headers: Sequence[Any], *, has_default_rater: bool
) -> tuple[dict[int, str], Scale | None, str, list[str]]:
    """``(position -> field, declared score scale, score header, problems)``."""
    positions: dict[int, str] = {}
    seen: dict[str, str] = {}
    problems: list[str] = []
    scale: Scale | None = None
    score_header = "score"
    for k, header in enumerate(headers):
        field, declared = _header_field(header)
        if field is None:
            continue
        if field in seen:
            problems.append(f"columns {seen[field]!r} and {str(header)!r} are both {field!r}")
            continue
        seen[field] = str(header)
        positions[k] = field
        if field == "score":
            scale, score_header = declared, str(header)
    required = [f for f in _REQUIRED if not (f == "rater" and has_default_rater)]
    for field in required:
        if field not in seen:
            shown = ", ".join(repr(str(h)) for h in headers if h is not None) or "none"
            problems.append(f"missing column {field!r}; found: {shown}")
    return positions, scale, score_header, problems


def _unquote(cell: Any) -> Any:
    """Undo the apostrophe a sheet writer puts before a formula-like cell."""
    if isinstance(cell, str) and len(cell) > 1 and cell[0] == "'" and cell[1] in _FORMULA_START:
        return cell[1:]
    return cell


def _table_of(
    headers: Sequence[Any],
    records: Iterable[tuple[int, Sequence[Any]]],
    *,
    source: str,
    unit: str,
    default_rater: str | None,
    where: Callable[[int, int, str], str] | None = None,
) -> Table:
    positions, scale, score_header, problems = _match_headers(
        headers, has_default_rater=default_rater is not None
    )
    if problems:
        raise InputError([(0, "", p) for p in problems], source=source, unit=unit)
    names = {field: str(headers[k]) for k, field in positions.items()}
    rows = []
    for number, cells in records:
        values = {
            field: _unquote(cells[k]) if k < len(cells) else None for k, field in positions.items()
        }
        if all(is_blank(v) for v in values.values()):
            continue
        if default_rater is not None and "rater" not in values:
            values["rater"] = default_rater  # the file's or sheet's own rater
        rows.append(Row(number, values, _labeller(names, where, number, positions), unit))
    return Table(rows, source, unit, scale, score_header)


def _labeller(
    names: dict[str, str],
    where: Callable[[int, int, str], str] | None,
    number: int,
    positions: dict[int, str],
) -> Callable[[str], str]:
    """How the row's messages name a column: its header, or the sheet's cell."""
    column = {field: k for k, field in positions.items()}

    def label(field: str) -> str:
        if where is None:
            return names.get(field, field)
        return where(number, column.get(field, 0), names.get(field, field))

    return label


def _read_file(path: Path) -> list[Table]:
    """The tables of a ratings file: a CSV file, or each rating sheet of a workbook.

    A CSV file without a ``rater`` column is one rater's: the file's stem names
    them; a sheet without one is rated by the person the sheet is named after.
    """
    source = str(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path, source)
    if suffix not in (".csv", ".txt", ".tsv"):
        raise InputError(
            [(0, "", f"ratings must be a .csv or .xlsx file, not {suffix or 'no extension'!r}")],
            source=source,
        )
    try:  # decoded as read_csv decodes: BOMs, UTF-16, Excel's Windows-1252 with a warning
        text, _ = _read_text(path)
    except OSError as error:
        raise InputError(
            [(0, "", f"cannot read the file: {error.strerror}")], source=source
        ) from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError([(0, "", "the file is empty")], source=source)
    delimiter = max(",;\t", key=lines[0].count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if header is None:
                    header = record
                else:
                    records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError([(start, "", f"not valid CSV: {error}")], source=source) from None
    assert header is not None
    return [_table_of(header, records, source=source, unit="line", default_rater=path.stem)]


def _read_workbook(path: Path, source: str) -> list[Table]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError) as error:
        raise InputError([(0, "", f"cannot read the workbook: {error}")], source=source) from None
    tables: list[Table] = []
    try:
        for sheet in book.worksheets:
            rows = list(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1))
            # Title rows above the header are skipped.
            for line, cells in rows[:20]:  # noqa: B007 (used after the loop)
                fields = {_header_field(c)[0] for c in cells}
                if {"initiative", "criterion", "score"} <= fields:
                    break
            else:
                continue  # an instructions sheet, or notes

            def where(row: int, col: int, header: str, title: str = sheet.title) -> str:
                return f"{title}!{get_column_letter(col + 1)}{row}"

            tables.append(
                _table_of(
                    cells,
                    [(n, r) for n, r in rows if n > line],
                    source=source,
                    unit="row",
                    default_rater=sheet.title,
                    where=where,
                )
            )
    finally:
        book.close()
    if not tables:
        raise InputError(
            [(0, "", "no sheet has the columns initiative, criterion and score")], source=source
        )
    return tables


def read_tables(ratings: Any) -> list[Table]:
    """The tables of ``ratings``: records, a data frame, a file's path, or a list of paths.

    Blank rows are dropped; a file or sheet without a ``rater`` column gets
    its stem or sheet name as the rater.

    Raises
    ------
    InputError
        For a file that cannot be read and for a missing or doubled column.
    FieldError
        For ``ratings`` of none of these kinds.

    Examples
    --------
    >>> from cxmodel._ratings_input import read_tables
    >>> (table,) = read_tables([{"Rater": "Ann", "Initiative": "Kiosk",
    ...                          "Criterion": "people", "Score (1-10)": 7}])
    >>> table.rows[0].cells, table.header_scale, table.rows[0].where("score")
    ({'rater': 'Ann', 'initiative': 'Kiosk', 'criterion': 'people', 'score': 7}, \
Scale(low=1.0, high=10.0), 'Score (1-10)')
    """
    if isinstance(ratings, str | os.PathLike):
        return _read_file(Path(ratings))
    if (
        isinstance(ratings, list | tuple)
        and ratings
        and all(isinstance(item, str | os.PathLike) for item in ratings)
    ):
        return [table for item in ratings for table in _read_file(Path(item))]
    if type(ratings).__module__.split(".")[0] not in ("builtins", "collections"):
        frame = _frame_table(ratings)
        if frame is not None:
            return [frame]
    if isinstance(ratings, Mapping) or not isinstance(ratings, Iterable):
        raise FieldError(
            "ratings",
            ratings,
            "must be records (mappings), a data frame, or the path of a .csv or .xlsx file",
        )
    records: list[dict[str, Any]] = []
    headers: dict[str, None] = {}  # every key of every record, in order of appearance
    for record in ratings:
        if not isinstance(record, Mapping):
            raise FieldError("ratings", record, "must hold mappings (one per rating)")
        records.append({str(k): v for k, v in record.items()})
        headers.update(dict.fromkeys(records[-1]))
    rows = [(n, [record.get(h) for h in headers]) for n, record in enumerate(records, start=1)]
    return [_table_of(list(headers), rows, source="records", unit="record", default_rater=None)]


def _frame_table(df: Any) -> Table | None:
    import narwhals as nw

    try:
        frame = nw.from_native(df, eager_only=True)
    except TypeError:
        return None
    headers = list(frame.columns)
    rows = [(n, list(row)) for n, row in enumerate(frame.iter_rows(), start=1)]
    return _table_of(headers, rows, source="data frame", unit="row", default_rater=None)


# --- cells ---------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    """True for a cell that holds no rating: empty, NaN, ``N/A``, ``-``, ``?``.

    Examples
    --------
    >>> from cxmodel._ratings_input import is_blank
    >>> is_blank(" n/a "), is_blank(float("nan")), is_blank(0)
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in _NO_VALUE
    return isinstance(value, float) and math.isnan(value)


def parse_number(value: Any) -> tuple[float, bool]:
    """``(number, is_percent)`` of a cell; ValueError with a readable message otherwise.

    A percentage is divided by 100 and a decimal comma is read as a point, as
    the portfolio readers read any cell; a rating must also be finite.

    Examples
    --------
    >>> from cxmodel._ratings_input import parse_number
    >>> parse_number("3,5"), parse_number("70%"), parse_number(4)
    ((3.5, False), (0.7, True), (4.0, False))
    """
    number, percent = _cell_number(value)  # the cell rules of every way in
    if not math.isfinite(number):
        raise ValueError(f"{shown(value)} is not a finite number")
    return number, percent


def cell_name(value: Any) -> str:
    """A rater's, initiative's or criterion's name from its cell; ``""`` when blank.

    Examples
    --------
    >>> from cxmodel._ratings_input import cell_name
    >>> cell_name(2025.0), cell_name("  Ann "), cell_name("N/A")
    ('2025', 'Ann', '')
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell, e.g. initiative "2025"
    return str(value).strip() if not is_blank(value) else ""
