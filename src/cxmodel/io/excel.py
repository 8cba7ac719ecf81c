"""Read portfolios from Excel workbooks (.xlsx, .xlsm) as teams keep them.

A team's sheet often starts with a title, a date or blank rows; the header is
the first row that holds the required fields.  Cells are named in messages as
a person finds them in Excel, ``Ideas!C7``.  :mod:`openpyxl` is imported on
first use.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._export import PathOrFile, excel_unescape
from .._headers import HeaderReading, holds_required, resolve_headers
from .._records import REQUIRED, SCORE_FIELDS
from .._table import Table
from ..exceptions import FieldError, InputError
from ..model import Scale
from ..portfolio import Portfolio
from ._decode import _read_data

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = ["HEADER_SEARCH_ROWS", "read_excel"]

#: How many rows from the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 30

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls
_NUMBER_FIELDS = frozenset({*SCORE_FIELDS, "effort"})


def workbook_kind(data: bytes) -> str | None:
    """``"xlsx"``, ``"ods"``, ``"xls"``, ``"zip"`` for other zip archives, or ``None``.

    Decided by content: an Office Open XML workbook is a zip archive holding
    ``[Content_Types].xml`` and an ``xl/`` folder.

    Examples
    --------
    >>> from cxmodel.io.excel import workbook_kind
    >>> workbook_kind(b"name,viability\\n") is None
    True
    """
    if data.startswith(_OLE):
        return "xls"
    if not data.startswith(_ZIP):
        return None
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
                return "ods"
    except (zipfile.BadZipFile, OSError, KeyError):
        return "zip"
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def _not_a_workbook(kind: str | None, source: str) -> InputError:
    messages = {
        "xls": "this is an Excel 97-2003 workbook (.xls); save it as .xlsx (or CSV UTF-8)",
        "ods": (
            "OpenDocument spreadsheets (.ods) are not read; save the sheet as .xlsx or CSV UTF-8"
        ),
        "zip": "this zip archive is not an Excel workbook (.xlsx)",
    }
    message = messages.get(kind or "", "this is not an Excel workbook (.xlsx or .xlsm)")
    return InputError([(0, "", message)], source=source)


def _open(data: bytes, source: str) -> Workbook:
    if not data:
        message = "the file is empty (a file object read to its end? seek(0) first)"
        raise InputError([(0, "", message)], source=source)
    kind = workbook_kind(data)
    if kind != "xlsx":
        raise _not_a_workbook(kind, source)
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        message = f"cannot read the workbook: {type(error).__name__}: {error}"
        raise InputError([(0, "", message)], source=source) from None


def _date(value: dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # a date cell: openpyxl gives midnight
    return value.isoformat()


def _text(value: Any) -> Any:
    """A cell as the text a person sees, for header and text fields."""
    if isinstance(value, str):
        return excel_unescape(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _date(value)
    return value


def _number(value: Any, number_format: str) -> Any:
    """A number cell; one formatted as a percentage becomes ``"70%"`` (always 0.7)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in number_format:
            return f"{Decimal(repr(float(value))).scaleb(2).normalize():f}%"
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _date(value)
    if isinstance(value, str):
        return excel_unescape(value)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_row(rows: Sequence[Sequence[Any]], columns: Mapping[str, str] | None) -> int:
    """The index of the first row holding every required field, else of the row holding most.

    ``-1`` when every row is blank.
    """
    best, best_count = -1, -1
    for k, cells in enumerate(rows):
        if all(_blank(c.value) for c in cells):
            continue
        count = holds_required([str(_text(c.value) or "") for c in cells], columns)
        if count == len(REQUIRED):
            return k
        if count > best_count:
            best, best_count = k, count
    return best


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


class _Sheet:
    """One worksheet read: its header, data rows (Excel row numbers) and header reading."""

    def __init__(
        self,
        title: str,
        header_line: int,
        header: list[str],
        data: list[tuple[int, list[Any], list[str]]],
    ) -> None:
        self.title = title
        self.header_line = header_line
        self.header = header
        self.data = data  # (row number, values, number formats)


def _load_sheet(sheet: Any, columns: Mapping[str, str] | None) -> _Sheet | None:
    """Read a worksheet: ``None`` if it is blank."""
    sheet.reset_dimensions()  # some writers record a wrong size; read what is there
    rows = list(sheet.iter_rows())
    top = _header_row(rows[:HEADER_SEARCH_ROWS], columns)
    if top < 0:
        return None
    header_cells = rows[top]
    header = [str(_text(c.value)).strip() if c.value is not None else "" for c in header_cells]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    data = []
    for k, cells in enumerate(rows[top + 1 :], start=top + 2):
        values = [c.value for c in cells[:width]]
        if all(_blank(v) for v in values):
            continue
        formats = [getattr(c, "number_format", "General") or "General" for c in cells[:width]]
        pad = width - len(values)
        data.append((k, values + [None] * pad, formats + ["General"] * pad))
    return _Sheet(sheet.title, top + 1, header, data)


def _choose(
    book: Workbook, sheet: str | int | None, columns: Mapping[str, str] | None, source: str
) -> _Sheet:
    names = list(book.sheetnames)
    worksheets = list(book.worksheets)
    listed = ", ".join(map(repr, (ws.title for ws in worksheets)))
    if sheet is not None:
        if isinstance(sheet, bool) or not isinstance(sheet, str | int):
            raise FieldError("sheet", sheet, "must be a sheet name or a 0-based index")
        if isinstance(sheet, int):
            if not -len(worksheets) <= sheet < len(worksheets):
                message = f"there is no sheet {sheet} (0-based); the sheets are {listed}"
                raise InputError([(0, "", message)], source=source)
            chosen = worksheets[sheet]
        else:
            wanted = sheet.strip().casefold()
            found = [ws for ws in worksheets if ws.title.strip().casefold() == wanted]
            if not found:
                message = f"there is no sheet {sheet!r}; the sheets are {listed}"
                raise InputError([(0, "", message)], source=source)
            chosen = found[0]
        loaded = _load_sheet(chosen, columns)
        if loaded is None:
            message = "the sheet is empty"
            raise InputError([(0, "", message)], source=source, sheet=chosen.title)
        return loaded
    candidates: list[_Sheet] = []
    for ws in worksheets:
        loaded = _load_sheet(ws, columns)
        if loaded is None:
            continue
        if holds_required(loaded.header, columns) == len(REQUIRED):
            return loaded
        candidates.append(loaded)
    if not candidates:
        message = "the workbook is empty" if len(names) <= 1 else "every sheet is empty"
        raise InputError([(0, "", message)], source=source)
    # no sheet holds every required field: report on the one that comes closest
    return max(candidates, key=lambda s: holds_required(s.header, columns))


def _reading(loaded: _Sheet, columns: Mapping[str, str] | None, source: str) -> HeaderReading:
    letters = {h: _letter(k + 1) for k, h in enumerate(loaded.header)}
    return resolve_headers(
        loaded.header,
        columns,
        source=source,
        line=loaded.header_line,
        sheet=loaded.title,
        letters=letters,
    )


def _table(loaded: _Sheet, reading: HeaderReading, source: str) -> Table:
    position = {h: k for k, h in reversed(list(enumerate(loaded.header)))}
    cells: dict[str, list[Any]] = {}
    letters: dict[str, str] = {}
    for header, field in reading.mapping.items():
        k = position[header]
        letters[field] = _letter(k + 1)
        if field in _NUMBER_FIELDS:
            cells[field] = [_number(values[k], formats[k]) for _, values, formats in loaded.data]
        else:
            cells[field] = [_text(values[k]) for _, values, _ in loaded.data]
    return Table(
        source,
        cells,
        [row for row, _, _ in loaded.data],
        {field: header for header, field in reading.mapping.items()},
        unit="row",
        sheet=loaded.title,
        letters=letters,
        scales=reading.scales,
    )


def _read_sheet(
    data: bytes, source: str, sheet: str | int | None, columns: Mapping[str, str] | None
) -> tuple[_Sheet, HeaderReading, Table]:
    book = _open(data, source)
    try:
        loaded = _choose(book, sheet, columns, source)
    finally:
        book.close()
    reading = _reading(loaded, columns, source)
    return loaded, reading, _table(loaded, reading, source)


def _workbook_bytes(path_or_file: PathOrFile | bytes) -> tuple[bytes, str]:
    data, source = _read_data(path_or_file)
    if isinstance(data, str):
        message = "a workbook is binary: open the file in binary mode ('rb')"
        raise InputError([(0, "", message)], source=source)
    return data, source


def read_excel(
    path_or_file: PathOrFile | bytes,
    *,
    sheet: str | int | None = None,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
) -> Portfolio:
    """Read a portfolio from an Excel workbook (.xlsx or .xlsm), all or nothing.

    Parameters
    ----------
    path_or_file : str, os.PathLike, bytes or binary file object
        The workbook (chosen by content: an ``.xlsx`` saved under another
        name is read all the same).
    sheet : str or int, optional
        The sheet's name (case-insensitive) or 0-based index.  By default the
        first sheet whose header row holds the required fields.
    scale : Scale, optional
        The scale raw scores are written on; it overrides the scales headers
        declare (``Business value (1-5)``).  A cell formatted as a percentage
        (or written ``70%``) always means its fraction.
    columns : mapping of str to str, optional
        The sheet's own headers mapped to fields, as for :func:`read_csv`.

    Returns
    -------
    Portfolio

    Raises
    ------
    InputError
        The file is not a workbook (an old ``.xls`` or an ``.ods`` is named
        as such), the sheet is missing or empty, a required column is
        missing, or cells are bad: every problem is listed, each cell named as
        Excel shows it (``Ideas!C7``).

    Notes
    -----
    The header is the first of the top :data:`HEADER_SEARCH_ROWS` rows that
    holds the required fields, so title and blank rows above it are skipped;
    blank rows below it are skipped too.  Formulas are read as the values
    Excel last computed (a file written by a program that does not compute
    them has none, and its cells read as empty).  Numbers are Excel's
    doubles: a workbook saved by Excel keeps 15 significant digits.

    Examples
    --------
    >>> import io
    >>> import cxmodel as cx
    >>> from cxmodel.io import read_excel
    >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.25, 1.0, effort=3)])
    >>> data = p.to_excel()
    >>> read_excel(data) == p
    True
    >>> read_excel(io.BytesIO(data), sheet="Initiatives").names
    ('Kiosk',)
    """
    data, source = _workbook_bytes(path_or_file)
    _, _, table = _read_sheet(data, source, sheet, columns)
    return Portfolio._from_table(table, scale)
