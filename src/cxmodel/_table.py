"""The one cell and column validator every way into a portfolio goes through.

A :class:`Table` holds an input's cells by field, however they arrived (file
cells, JSON values, record values, data-frame columns, arrays), and how to name
its rows in messages; :func:`validate_table` checks every cell, vectorised where
the cells allow it, and collects every problem into one
:class:`~cxmodel.InputError`.  The rules for a single cell live in
:mod:`cxmodel._records`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any, overload

import attrs
import numpy as np
import numpy.typing as npt

from ._records import REQUIRED, SCORE_FIELDS, is_absent, parse_field, shown, text_problem
from .exceptions import CxModelError, FieldError, InputError
from .model import CRITERIA, DEFAULTS, FIELDS, OPTIONAL_FIELDS, Initiative, Scale

__all__ = [
    "CheckedNames",
    "Names",
    "Table",
    "Validated",
    "decimal_points",
    "records_table",
    "validate_records",
    "validate_table",
]


_FloatArray = npt.NDArray[np.float64]


#: The cells of one column: text or JSON values, or numbers the fast reader parsed.
_Cells = Sequence[Any] | _FloatArray


#: First characters that make a spreadsheet evaluate a cell (OWASP's list).
_FORMULA_START = frozenset("=+-@\t\r")


_QUOTE = "'"


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    field.name: field.converter  # type: ignore[misc]
    for field in attrs.fields(Initiative)
}


class CheckedNames(Sequence[str]):
    """Names a fast reader proved non-blank, stripped and all different, not yet strings.

    A million Python strings cost more than parsing the file that holds them, so
    the reader keeps its own column and ``make`` turns it into strings on first
    use (:attr:`Portfolio.names <cxmodel.Portfolio.names>`, a look-up by name);
    a load that only counts, classifies or plots never pays for them.

    Examples
    --------
    >>> from cxmodel._table import CheckedNames
    >>> names = CheckedNames(2, lambda: ("Chatbot", "Self-checkout"))
    >>> len(names), names[1], list(names)
    (2, 'Self-checkout', ['Chatbot', 'Self-checkout'])
    """

    def __init__(self, count: int, make: Callable[[], tuple[str, ...]]) -> None:
        self._count = count
        self._make: Callable[[], tuple[str, ...]] | None = make
        self._strings: tuple[str, ...] = ()

    def strings(self) -> tuple[str, ...]:
        """The names as Python strings (made once)."""
        if self._make is not None:
            self._strings, self._make = self._make(), None
        return self._strings

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, position: int) -> str: ...
    @overload
    def __getitem__(self, position: slice) -> tuple[str, ...]: ...
    def __getitem__(self, position: int | slice) -> str | tuple[str, ...]:
        return self.strings()[position]

    def __iter__(self) -> Iterator[str]:
        return iter(self.strings())


#: A portfolio's names: Python strings, or checked names made strings on first use.
Names = tuple[str, ...] | CheckedNames


def _unquote(cell: str) -> str:
    """Undo the formula neutralisation of :func:`_neutralise`."""
    if len(cell) > 1 and cell[0] == _QUOTE and (cell[1] in _FORMULA_START or cell[1] == _QUOTE):
        return cell[1:]
    return cell


@attrs.frozen
class Table:
    """Cells of an input, by field, and how to name rows in messages."""

    source: str
    #: Cells by field.  Number cells given as an array are the table's own (every
    #: reader makes them for it), so a portfolio keeps the columns validated from
    #: them without a copy.
    cells: Mapping[str, _Cells]
    #: The row number of each row as a person would name it (line or record).
    rows: Sequence[int]
    #: How each field is written in the input (its header).
    shown: dict[str, str]
    unit: str = "line"
    #: CSV cells carry the formula neutralisation of the writer.
    quoted: bool = False
    #: The worksheet the rows are on (workbooks): messages then name cells, ``Ideas!C7``.
    sheet: str | None = None
    #: The column letter of each field on ``sheet``.
    letters: Mapping[str, str] = attrs.field(factory=dict)
    #: The scale a header declares for its score field (``Desirability (1-5)``); a
    #: ``scale=`` given to the reader takes precedence.
    scales: Mapping[str, Scale] = attrs.field(factory=dict)
    #: ``texts(field, position)``: a cell as written, when ``cells`` holds numbers a fast
    #: reader parsed; messages about bad cells then quote the input, not the float.
    texts: Callable[[str, int], Any] | None = None
    #: The fast CSV reader proved (in Arrow, vectorised) that every name is non-blank
    #: text that needs no strip or unquote: the names are the cells as they are, and
    #: only whether they repeat is checked.
    plain_names: bool = False


class _Errors:
    def __init__(self, table: Table) -> None:
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
            table = self.table
            letters = {table.shown.get(f, f): letter for f, letter in table.letters.items()}
            raise InputError(
                errors, source=table.source, unit=table.unit, sheet=table.sheet, letters=letters
            )


def _bulk_floats(cells: _Cells) -> _FloatArray | None:
    """Every cell as a float, NaN where a cell needs the cell rules; ``None``: all need them.

    Cells that are numbers, or text Python's ``float`` reads (and decimal commas),
    convert exactly as :func:`~cxmodel._records.parse_number` would convert them.
    A cell that does not convert (``"high"``, ``"70%"``) is NaN here and fails the
    range check, so the caller reads it with the cell rules; the cells around it
    stay vectorised (a bad cell costs a few halvings, not a column read cell by cell).
    """
    if isinstance(cells, np.ndarray):  # already parsed by the fast CSV reader
        return cells.astype(np.float64, copy=False)
    whole = _floats(cells)
    if whole is not None:
        # numpy reads True as 1.0: only cells read as 0 or 1 can be booleans
        edges = np.flatnonzero((whole == 0.0) | (whole == 1.0)).tolist()
        return whole if _BOOLS.isdisjoint(map(type, map(cells.__getitem__, edges))) else None
    kinds = set(map(type, cells))
    if not _BOOLS.isdisjoint(kinds):
        return None  # CSV cells are all text; JSON booleans are not scores
    if str in kinds and "," in "\0".join(_texts(cells, kinds)):
        cells = decimal_points(cells)
        whole = _floats(cells)
        if whole is not None:
            return whole
    return span_floats(lambda low, high: _floats(cells[low:high]), len(cells))


def span_floats(
    convert: Callable[[int, int], _FloatArray | None], size: int, *, limit: int | None = None
) -> _FloatArray | None:
    """The floats of ``size`` cells, none of which converts as a whole: NaN where no span does.

    ``convert(low, high)`` converts the cells in ``[low, high)``, or gives ``None``
    if one of them does not convert.  A span that does not convert is cut into
    :data:`_PARTS` parts, down to :data:`_FEW` cells, which stay NaN for the cell
    rules.  ``limit``: ``None`` once more than that many such spans are found.

    Examples
    --------
    >>> from cxmodel._table import _floats, span_floats
    >>> cells = ["0.5"] * 20 + ["high"] + ["0.25"] * 43
    >>> values = span_floats(lambda low, high: _floats(cells[low:high]), len(cells))
    >>> [k for k, v in enumerate(values) if v != v], float(values[:20].sum())
    ([20, 21], 10.0)
    """
    values = np.full(size, np.nan)
    pending = _spans(0, size)
    left = 0
    while pending:  # cut the spans that do not convert, down to a few cells
        low, high = pending.pop()
        part = convert(low, high)
        if part is not None:
            values[low:high] = part
        elif high - low > _FEW:
            pending += _spans(low, high)
        else:
            left += 1
            if limit is not None and left > limit:
                return None
    return values


def decimal_points(cells: Iterable[Any]) -> list[Any]:
    """Text cells with a decimal comma written with a point, as parse_number reads them.

    Examples
    --------
    >>> from cxmodel._table import decimal_points
    >>> decimal_points(["0,5", "1.000,5", 0.25, "high"])
    ['0.5', '1.000,5', 0.25, 'high']
    """
    return [c.replace(",", ".") if type(c) is str and "." not in c else c for c in cells]


def _texts(cells: Sequence[Any], kinds: set[type]) -> Sequence[str]:
    """The cells that are text (all of them when ``kinds`` is only ``str``)."""
    return cells if kinds == {str} else [c for c in cells if type(c) is str]


def _spans(low: int, high: int) -> list[tuple[int, int]]:
    """``[low, high)`` cut into up to :data:`_PARTS` spans.

    Many parts, not halves: a bad cell then costs about one more pass over the
    column instead of two, as each level converts only the parts beside it.
    """
    step = max(-(-(high - low) // _PARTS), 1)
    return [(start, min(start + step, high)) for start in range(low, high, step)]


#: JSON booleans and numpy's: not scores, though numpy reads them as 1.0 and 0.0.
_BOOLS = frozenset({bool, np.bool_})


#: Spans of this many cells or fewer that do not convert are left to the cell rules.
_FEW = 8

#: How many parts a span that does not convert is cut into.
_PARTS = 32


def _floats(cells: Sequence[Any]) -> _FloatArray | None:
    """``cells`` as a 1-d float array in one numpy call, or ``None`` if one does not convert."""
    try:
        values = np.array(cells, dtype=np.float64)
    except (ValueError, TypeError, OverflowError):
        return None
    return values if values.shape == (len(cells),) else None


def _number_column(
    field: str, cells: _Cells, scale: Scale | None, errors: _Errors, *, required: bool = False
) -> _FloatArray:
    """A score column in [0, 1] or the effort column, vectorised unless a cell needs the rules.

    An absent cell is NaN (an error if ``required``), or the default effort.
    """
    values = _bulk_floats(cells)
    if values is not None:
        raw = values
        if field != "effort" and scale is not None:
            values = (values - scale.low) / (scale.high - scale.low)
        if _all_within(field, raw, scale):
            return values
        suspects: Iterable[int] = np.flatnonzero(~_within(field, raw, scale)).tolist()
        values = values.copy()  # it may be the cells themselves, which the rules below read
    else:
        suspects = range(len(cells))
        values = np.full(len(cells), np.nan)
    texts = errors.table.texts if isinstance(cells, np.ndarray) else None
    for position in suspects:
        cell = cells[position] if texts is None else texts(field, position)
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


def _within(field: str, values: _FloatArray, scale: Scale | None) -> npt.NDArray[np.bool_]:
    """Which raw values are in range: scores on ``scale`` (else [0, 1]), efforts finite > 0."""
    if field == "effort":
        return (values > 0.0) & (values < math.inf)
    low, high = (0.0, 1.0) if scale is None else (scale.low, scale.high)
    return (values >= low) & (values <= high)


def _all_within(field: str, values: _FloatArray, scale: Scale | None) -> bool:
    """:func:`_within` of every value: of the least and the greatest (NaN fails both)."""
    if not values.size:
        return True
    return bool(_within(field, np.array([values.min(), values.max()]), scale).all())


def _blank_word(cell: Any) -> str:
    return "is missing" if cell is None else "is empty"


def _names(table: Table, errors: _Errors) -> Names:
    cells = table.cells["name"]
    if isinstance(cells, CheckedNames):
        return cells
    names = list(cells) if table.plain_names else _stripped_names(table, cells, errors)
    if not _distinct(names):
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


def _stripped_names(table: Table, cells: _Cells, errors: _Errors) -> list[str]:
    """The names stripped (and unquoted), reporting lone surrogates and blank or non-text cells.

    A reported name is ``""`` here, so it is not reported as a duplicate too.
    """
    try:  # one C-speed pass that also proves every cell is text
        joined: str | None = "\0".join(cells)
    except TypeError:
        joined = None
    if joined is None:
        names = [c.strip() if isinstance(c, str) else "" for c in cells]
    elif table.quoted and (joined.startswith(_QUOTE) or "\0" + _QUOTE in joined):
        names = [(_unquote(c) if c[:1] == _QUOTE else c).strip() for c in cells]
    else:
        names = list(map(str.strip, cells))  # strip returns the same object when it can
    surrogates = joined is None or text_problem(joined) is not None
    del joined  # as large as all the names: not kept while they are checked for duplicates
    if surrogates:  # lone surrogates: rare, then slow
        for position, name in enumerate(names):
            problem = text_problem(name)
            if problem is not None:
                errors.add(position, "name", f"name: {problem}")
                names[position] = ""  # reported once, not as blank or duplicate too
                continue
    if not all(names):
        for position, (name, cell) in enumerate(zip(names, cells, strict=True)):
            if not name and not (isinstance(cell, str) and text_problem(cell)):
                what = (
                    _blank_word(cell) if is_absent("name", cell) else f"{shown(cell)} is not text"
                )
                errors.add(position, "name", f"name {what}")
    return names


def _distinct(names: Sequence[str]) -> bool:
    """Whether no two of ``names`` are equal (blank names, ``""``, may repeat).

    Sorting the names' hashes in numpy takes a third of the time a set of a
    million fresh strings takes; only equal hashes (a repeated name, or once in
    billions a collision) ask the set.  The hashes stay cached in the strings
    for the look-up by name.
    """
    hashes = np.fromiter(map(hash, names), dtype=np.int64, count=len(names))
    hashes.sort()
    if not (hashes[1:] == hashes[:-1]).any():
        return True
    filled = [name for name in names if name]
    return len(set(filled)) == len(filled)


def _other_column(field: str, table: Table, errors: _Errors) -> tuple[Any, ...]:
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


#: What :func:`validate_table` returns: names, the four float columns, optional fields.
Validated = tuple[Names, dict[str, "_FloatArray"], dict[str, tuple[Any, ...]]]


def validate_table(table: Table, scale: Scale | None) -> Validated:
    """Validate every cell of ``table`` and return its columns, or raise one InputError.

    Every way into a portfolio (records, data frames, arrays, CSV, JSON,
    spreadsheets) ends here, so they accept the same cells and report the same
    problems; :meth:`Portfolio._from_table` wraps the result.  A score field
    is read on ``scale`` when given, else on the scale its header declares
    (``table.scales``), else in ``[0, 1]``.
    """
    if scale is not None and not isinstance(scale, Scale):
        raise FieldError("scale", scale, "must be a Scale, e.g. Scale.likert(5), or None")
    errors = _Errors(table)
    names = _names(table, errors)
    columns: dict[str, _FloatArray] = {}
    extras: dict[str, tuple[Any, ...]] = {}

    def scale_of(field: str) -> Scale | None:
        return scale if scale is not None else table.scales.get(field)

    for field in CRITERIA:
        cells = table.cells[field]
        columns[field] = _number_column(field, cells, scale_of(field), errors, required=True)
    effort = table.cells.get("effort")
    columns["effort"] = (
        np.ones(len(names)) if effort is None else _number_column("effort", effort, None, errors)
    )
    for field in OPTIONAL_FIELDS:
        if field not in table.cells:
            continue
        if field in SCORE_FIELDS:
            values = _number_column(field, table.cells[field], scale_of(field), errors)
            extras[field] = tuple(None if math.isnan(v) else v for v in values.tolist())
        else:
            extras[field] = _other_column(field, table, errors)
    errors.raise_if_any()
    return names, columns, extras


def records_table(
    records: Iterable[Any],
    rename: Mapping[str, str],
    *,
    source: str = "records",
    unit: str = "record",
) -> tuple[Table, list[tuple[int, str, str]]]:
    """The cells of mappings by field, and the problems of items that are not mappings.

    Keys are field names after ``rename``; other keys are ignored.  An item
    that is not a mapping is reported at its 1-based position.  Columns are
    taken out in C-speed passes over the records (no per-record dictionary is
    rebuilt unless ``rename`` asks for it).
    """
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise FieldError("records", records, "must be an iterable of mappings")
    rows: list[Any] = records if type(records) is list else list(records)
    try:  # plain dicts, the usual case: no check per record, as dict.get takes nothing else
        return _dict_table(rows, rename, source, unit), []
    except (TypeError, AttributeError):
        pass
    problems: list[tuple[int, str, str]] = []
    rows = list(rows)
    for position, record in enumerate(rows):
        if not isinstance(record, Mapping):
            message = f"expected a mapping of fields to values, got {shown(record)}"
            problems.append((position + 1, "", message))
            rows[position] = {}
        elif not isinstance(record, dict):
            rows[position] = dict(record)
    return _dict_table(rows, rename, source, unit), problems


#: Fields read as floats: scores and effort.
_NUMBER_FIELDS = frozenset({*SCORE_FIELDS, "effort"})


def _dict_table(rows: list[Any], rename: Mapping[str, str], source: str, unit: str) -> Table:
    """The table of ``rows``, all dicts (else TypeError or AttributeError), by C-speed passes."""
    if rename:
        rows = [{rename.get(k, k): v for k, v in row.items()} for row in rows]
    present = set().union(*rows)  # each dict's keys in C, no iterator per key
    wanted = [field for field in FIELDS if field in present or field in REQUIRED]
    cells: dict[str, _Cells] = {
        field: list(map(dict.get, rows, repeat(field)))  # TypeError for a row that is no dict
        for field in wanted
        if field not in _NUMBER_FIELDS
    }
    cells.update(
        (field, _number_cells(rows, field)) for field in wanted if field in _NUMBER_FIELDS
    )
    headers = {field: header for header, field in rename.items()}
    return Table(
        source,
        cells,
        range(1, len(rows) + 1),
        headers,
        unit=unit,
        texts=lambda field, position: rows[position].get(field),  # the value as given
    )


def _has_booleans(rows: list[dict[str, Any]], field: str, values: _FloatArray) -> bool:
    """Whether a value of ``field`` numpy read as 0 or 1 is a boolean (never a score)."""
    edges = np.flatnonzero((values == 0.0) | (values == 1.0)).tolist()
    given = map(dict.get, map(rows.__getitem__, edges), repeat(field))
    return not _BOOLS.isdisjoint(map(type, given))


def _number_cells(rows: list[dict[str, Any]], field: str) -> _Cells:
    """``field`` of every row as floats in one pass, or the values as given.

    The floats are what :func:`_bulk_floats` makes of the values; the values are
    kept when one does not convert, or a value read as 0 or 1 is a boolean (not a
    score), for the cell rules to report.
    """
    try:
        values = np.fromiter(map(dict.get, rows, repeat(field)), np.float64, count=len(rows))
    except (ValueError, TypeError, OverflowError):  # the list raises again if a row is no dict
        return list(map(dict.get, rows, repeat(field)))
    if _has_booleans(rows, field, values):
        return list(map(dict.get, rows, repeat(field)))
    return values


def validate_records(
    records: Iterable[Any],
    rename: Mapping[str, str],
    scale: Scale | None,
    *,
    source: str = "records",
    unit: str = "record",
) -> Validated:
    """:func:`validate_table` of :func:`records_table`, reporting non-mappings alongside."""
    table, problems = records_table(records, rename, source=source, unit=unit)
    try:
        result = validate_table(table, scale)
    except InputError as error:
        if not problems:
            raise
        skip = {row for row, _, _ in problems}
        kept = [e for e in error.errors if e[0] not in skip]
        merged = sorted([*problems, *kept], key=lambda e: e[0])
        raise InputError(merged, source=source, unit=unit) from None
    if problems:
        raise InputError(problems, source=source, unit=unit)
    return result
