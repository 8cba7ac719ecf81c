"""Read a file whatever its format: chosen by content, not only by name."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

import attrs

from .._dependencies import check_dependencies
from .._export import PathOrFile
from .._headers import HeaderReading
from ..exceptions import InputError
from ..model import Scale
from ..portfolio import Portfolio
from ._decode import _as_text, _read_data, _read_stream
from .csv import _csv_header, _csv_table, _parse_csv
from .excel import _letter, _not_a_workbook, _read_sheet, workbook_kind
from .json import _looks_like_json, _parse_json

__all__ = ["LoadedFile", "load_file", "read_any"]


@attrs.frozen
class LoadedFile:
    """A file read for the command line: the portfolio and how the file was read.

    Attributes
    ----------
    portfolio : Portfolio
    source : str
        The path, or ``"<stdin>"``.
    kind : str
        ``"csv"``, ``"json"`` or ``"xlsx"``.
    header : tuple of str
        The file's own column headers (JSON: the keys, in first-seen order).
    rows : tuple of tuple
        The file's own cells of each initiative, in portfolio order, aligned
        with ``header`` -- what writing the user's sheet back needs.
    places : tuple of str
        Where each initiative's row is, as a person finds it (``"line 7"``,
        ``"Ideas!A7"``).
    reading : HeaderReading or None
        How each header was read (``None`` for JSON, which uses field names).
    sheet : str or None
        The worksheet read, for a workbook.

    Examples
    --------
    >>> import io
    >>> from cxmodel.io import load_file
    >>> loaded = load_file(io.BytesIO(b"Idea,Business value (1-5),People (1-5),Tech,Owner\\n"
    ...                               b"Kiosk,4,2,0.9,Ann\\n"), columns={"Tech": "feasibility"})
    >>> loaded.kind, loaded.places, loaded.rows
    ('csv', ('line 2',), (('Kiosk', '4', '2', '0.9', 'Ann'),))
    >>> for line in loaded.notes():
    ...     print(line)
    Idea → name
    Business value (1-5) → viability, scale 1–5
    People (1-5) → desirability, scale 1–5
    Tech → feasibility, as mapped
    Owner → not read
    """  # noqa: RUF002

    portfolio: Portfolio
    source: str
    kind: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    places: tuple[str, ...]
    reading: HeaderReading | None = None
    sheet: str | None = None
    #: Where each row is, as InputError rows: (row number, column letter map)
    _row_numbers: tuple[int, ...] = ()
    _letters: Mapping[str, str] = attrs.field(factory=dict)
    _unit: str = "line"

    def notes(self, scale: Scale | None = None) -> list[str]:
        """How each header was read, one line each (empty for JSON).

        ``scale`` is the scale given to the reader, which overrides the headers'.
        """
        return [] if self.reading is None else self.reading.describe(scale)

    def dependency_error(self) -> InputError | None:
        """Every ``depends_on`` entry naming no initiative, as one InputError with lines.

        ``None`` when every dependency is known; see
        :func:`cxmodel._dependencies.check_dependencies` for the suggestions.
        """
        problems = check_dependencies(self.portfolio)
        if not problems:
            return None
        column = "depends_on"
        if self.reading is not None:
            column = next(
                (m.header.strip() for m in self.reading.matches if m.field == "depends_on"),
                column,
            )
        errors = [(self._row_numbers[p.position], column, p.message) for p in problems]
        return InputError(
            errors, source=self.source, unit=self._unit, sheet=self.sheet, letters=self._letters
        )


def _read_input(
    path_or_dash: PathOrFile | bytes,
) -> tuple[str | bytes, str]:
    if isinstance(path_or_dash, str) and path_or_dash == "-":
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        return _read_stream(stream, "<stdin>"), "<stdin>"  # capped: a pipe may not end
    return _read_data(path_or_dash)


def _is_json(text: str, source: str) -> bool:
    suffix = os.path.splitext(source)[1].lower()
    return suffix == ".json" or (suffix not in (".csv", ".tsv") and _looks_like_json(text))


def load_file(
    path_or_dash: PathOrFile | bytes,
    *,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> LoadedFile:
    """Read CSV, JSON or an Excel workbook, keeping the file's own columns and rows.

    The format is chosen as :func:`read_any` chooses it.  Use this when the
    file's own table matters too: to say how each header was read
    (:meth:`LoadedFile.notes`), to name the lines of unknown dependencies
    (:meth:`LoadedFile.dependency_error`) or to write the sheet back with
    added columns (:func:`cxmodel.annotation.annotate_file`).  Parameters are
    those of :func:`read_any`.
    """
    data, source = _read_input(path_or_dash)
    if isinstance(data, bytes):
        kind = workbook_kind(data)
        if kind == "xlsx":
            loaded, reading, table = _read_sheet(data, source, sheet, columns)
            portfolio = Portfolio._from_table(table, scale)
            letters = {h.strip(): _letter(k + 1) for k, h in enumerate(loaded.header)}
            name = next(h for h, f in reading.mapping.items() if f == "name")
            numbers = tuple(row for row, _, _ in loaded.data)
            return LoadedFile(
                portfolio,
                source,
                "xlsx",
                tuple(loaded.header),
                tuple(tuple(values) for _, values, _ in loaded.data),
                tuple(f"{loaded.title}!{letters[name.strip()]}{row}" for row in numbers),
                reading,
                loaded.title,
                numbers,
                letters,
                "row",
            )
        if kind is not None:
            raise _not_a_workbook(kind, source)
    text = _as_text(data, source, encoding)
    if _is_json(text, source):
        portfolio = _parse_json(text, source, scale)
        records = _json_records(text)
        keys = tuple(dict.fromkeys(k for r in records for k in r))
        rows = tuple(tuple(r.get(k) for k in keys) for r in records)
        places = tuple(f"record {k}" for k in range(1, len(records) + 1))
        numbers = tuple(range(1, len(records) + 1))
        return LoadedFile(
            portfolio, source, "json", keys, rows, places, None, None, numbers, {}, "record"
        )
    delimiter, reading = _csv_header(text, source, columns)
    table, header, cells = _csv_table(text, source, delimiter, reading)
    portfolio = Portfolio._from_table(table, scale)
    lines = tuple(table.rows)
    return LoadedFile(
        portfolio,
        source,
        "csv",
        tuple(header),
        tuple(tuple(r) for r in cells),
        tuple(f"line {n}" for n in lines),
        reading,
        None,
        lines,
        {},
        "line",
    )


def _json_records(text: str) -> list[dict[str, Any]]:
    import json

    data = json.loads(text)
    records = data.get("initiatives", []) if isinstance(data, dict) else data
    return [r for r in records if isinstance(r, dict)]


def read_any(
    path_or_dash: PathOrFile | bytes,
    *,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> Portfolio:
    """Read CSV, JSON or an Excel workbook from a path, a file object, or ``"-"`` (stdin).

    An Excel workbook (.xlsx, .xlsm) is recognised by its content, whatever
    its name; an old ``.xls`` or an ``.ods`` is named in the error.  Otherwise
    a ``.json`` file is JSON and a ``.csv`` or ``.tsv`` file is CSV; anything
    else (standard input included) is JSON when its first non-blank character
    is ``{`` or ``[``, CSV otherwise.

    Parameters
    ----------
    path_or_dash : str, os.PathLike, bytes or file object
    scale : Scale, optional
        The scale raw scores are written on (overrides scales in headers).
    columns : mapping of str to str, optional
        For CSV and workbooks (see :func:`read_csv`); JSON uses the field names.
    sheet : str or int, optional
        For workbooks (see :func:`read_excel`).
    encoding : str, optional
        For text (see :func:`read_csv`).

    Examples
    --------
    >>> import io
    >>> import cxmodel as cx
    >>> from cxmodel.io import read_any
    >>> read_any(io.StringIO('[{"name": "A", "viability": 1, "desirability": 1, '
    ...                      '"feasibility": 1}]')).names
    ('A',)
    >>> read_any(io.StringIO("name,business,people,technology\\nB,0,0,0\\n")).names
    ('B',)
    >>> read_any(cx.Portfolio([cx.Initiative("C", 1, 0, 1)]).to_excel()).names
    ('C',)
    """
    data, source = _read_input(path_or_dash)
    if isinstance(data, bytes):
        kind = workbook_kind(data)
        if kind == "xlsx":
            _, _, table = _read_sheet(data, source, sheet, columns)
            return Portfolio._from_table(table, scale)
        if kind is not None:
            raise _not_a_workbook(kind, source)
    text = _as_text(data, source, encoding)
    if _is_json(text, source):
        return _parse_json(text, source, scale)
    return _parse_csv(text, source, scale, columns)
