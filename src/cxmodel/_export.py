"""Write a portfolio's records as CSV or JSON text, exactly as the readers read them back."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeAlias, cast, overload

from ._records import LIST_FIELDS, SCORE_FIELDS
from ._table import _FORMULA_START, _QUOTE, _unquote
from .exceptions import FieldError
from .model import CRITERIA, OPTIONAL_FIELDS, is_default

if TYPE_CHECKING:
    from .portfolio import Portfolio

__all__ = [
    "EXCEL_SHEET",
    "PathOrFile",
    "excel_escape",
    "excel_unescape",
    "neutralise_cell",
    "write_csv",
    "write_excel",
    "write_json",
    "write_rows",
]

#: The name of the sheet :func:`write_excel` writes the initiatives to.
EXCEL_SHEET = "Initiatives"


#: A path or an open file, text or binary.
PathOrFile: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]


def neutralise_cell(cell: str) -> str:
    """Prefix an apostrophe where a spreadsheet would run a formula (or unquoting would bite)."""
    if cell and (cell[0] in _FORMULA_START or _unquote(cell) != cell):
        return _QUOTE + cell
    return cell


def _list_cell(items: Iterable[Any]) -> str:
    import json

    texts = [str(item) for item in items]
    simple = ";".join(texts)
    if simple.startswith("[") or any(";" in t or t != t.strip() for t in texts):
        return json.dumps(texts, ensure_ascii=False)
    return simple


def _csv_cells(field: str, values: Sequence[Any]) -> list[str]:
    if field in SCORE_FIELDS:
        return ["" if v is None else repr(float(v)) for v in values]
    if field in LIST_FIELDS:
        return [neutralise_cell(_list_cell(v)) for v in values]
    return ["" if v is None else neutralise_cell(str(v)) for v in values]


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
    columns = [[neutralise_cell(n) for n in portfolio.names]]
    for field in fields[1:]:
        values = arrays[field].tolist() if field in arrays else portfolio.column(field)
        columns.append(_csv_cells(field, values))
    import csv

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
    import json

    lines = [json.dumps(r, ensure_ascii=False, allow_nan=False) for r in portfolio.to_records()]
    body = ",\n  ".join(lines)
    text = f'{{"initiatives": [\n  {body}\n]}}\n' if lines else '{"initiatives": []}\n'
    return _write(text, path_or_file)


def _portfolio_columns(portfolio: Portfolio) -> tuple[list[str], list[list[Any]]]:
    """The fields written and, per field, its cells as a workbook holds them."""
    fields = ["name", *CRITERIA, "effort"]
    fields += [f for f in OPTIONAL_FIELDS if not all(map(is_default, portfolio.column(f)))]
    columns: list[list[Any]] = [list(portfolio.names)]
    for field in fields[1:]:
        if field in (*CRITERIA, "effort"):
            columns.append(getattr(portfolio, field).tolist())
        elif field in SCORE_FIELDS:
            columns.append([None if v is None else float(v) for v in portfolio.column(field)])
        elif field in LIST_FIELDS:
            columns.append([_list_cell(v) if v else None for v in portfolio.column(field)])
        else:
            columns.append([None if v is None else str(v) for v in portfolio.column(field)])
    return fields, columns


#: Characters XML 1.0 cannot hold; workbooks write them as ``_xHHHH_`` (as Excel does).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")


def excel_escape(text: str) -> str:
    """Text as a workbook cell holds it: control characters as ``_xHHHH_``, as Excel writes.

    A literal ``_x0041_`` is protected as ``_x005F_x0041_``; :func:`excel_unescape`
    undoes both.

    Examples
    --------
    >>> from cxmodel._export import excel_escape, excel_unescape
    >>> excel_escape("a\x1bb_x0041_")
    'a_x001B_b_x005F_x0041_'
    >>> excel_unescape(excel_escape("a\x1bb_x0041_")) == "a\x1bb_x0041_"
    True
    """
    if "_x" in text:
        text = _ESCAPED.sub(r"_x005F_\1", text)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def excel_unescape(text: str) -> str:
    """Undo :func:`excel_escape` (and Excel's own escapes) in a cell read from a workbook."""
    if "_x" not in text:
        return text
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def _excel_rows(
    sheet: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    where: Sequence[str] | None = None,
) -> None:
    """Append a bold, frozen header and the rows; text cells are stored as text, never formulas."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils.exceptions import IllegalCharacterError

    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.data_type = "s"
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for k, row in enumerate(rows):
        out: list[Any] = []
        for value in row:
            if isinstance(value, str):
                try:
                    cell = WriteOnlyCell(sheet, value=excel_escape(value))
                except IllegalCharacterError:  # pragma: no cover - excel_escape removes them
                    what = f"row {k + 1}" if where is None else where[k]
                    raise FieldError(what, value, "cannot be held in a workbook") from None
                cell.data_type = "s"  # "=SUM(A1)" stays text: no formula injection
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)


def _check_binary(path_or_file: PathOrFile | None) -> None:
    """FieldError for a text stream, checked before a (write-only) workbook is built."""
    if path_or_file is None or isinstance(path_or_file, str | os.PathLike):
        return
    if isinstance(path_or_file, io.TextIOBase) or (
        "b" not in str(getattr(path_or_file, "mode", "b"))
    ):
        raise FieldError("path_or_file", path_or_file, "must be a path or a binary file")


def _save(book: Any, path_or_file: PathOrFile | None) -> bytes | None:
    if path_or_file is None:
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    if isinstance(path_or_file, str | os.PathLike):
        book.save(os.fspath(path_or_file))
        return None
    buffer = io.BytesIO()
    book.save(buffer)
    cast(IO[bytes], path_or_file).write(buffer.getvalue())
    return None


@overload
def write_excel(portfolio: Portfolio, path_or_file: None = None) -> bytes: ...
@overload
def write_excel(portfolio: Portfolio, path_or_file: PathOrFile) -> None: ...
def write_excel(portfolio: Portfolio, path_or_file: PathOrFile | None = None) -> bytes | None:
    """Write ``portfolio`` as an Excel workbook; with no destination, return its bytes.

    One sheet, :data:`EXCEL_SHEET`, with the columns of :func:`write_csv` and
    a bold, frozen header.  Text is stored as text, so a name such as
    ``=SUM(A1)`` is never a formula; list fields are written ``a;b`` (a JSON
    array when an item holds ``;``).  :func:`~cxmodel.read_excel` reads back
    exactly this portfolio; after Excel saves the file, numbers keep Excel's
    15 significant digits.  openpyxl is imported here, on first use.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel._export import write_excel
    >>> from cxmodel.io import read_excel
    >>> data = write_excel(cx.Portfolio([cx.Initiative("=Kiosk", 0.5, 0.25, 1.0)]))
    >>> data[:2], read_excel(data).names
    (b'PK', ('=Kiosk',))
    """
    from openpyxl import Workbook

    _check_binary(path_or_file)
    fields, columns = _portfolio_columns(portfolio)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(EXCEL_SHEET)
    sheet.freeze_panes = "A2"
    where = [f"initiative {name!r}" for name in portfolio.names]
    _excel_rows(sheet, fields, zip(*columns, strict=True), where=where)
    return _save(book, path_or_file)


def _row_cell(value: Any) -> Any:
    """A record value as a workbook or CSV cell: lists joined, None empty."""
    if isinstance(value, list | tuple):
        return _list_cell(value)
    if isinstance(value, float) and value != value:  # NaN: a missing cell
        return None
    return value


def _safe_text(value: Any) -> Any:
    """A cell for CSV: text neutralised unless it is a plain number (``-0.5`` stays)."""
    if not isinstance(value, str):
        return value
    try:
        float(value.replace(",", "."))
    except ValueError:
        return neutralise_cell(value)
    return value


def write_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    path_or_file: PathOrFile,
    *,
    kind: str = "csv",
    sheet: str = "Sheet1",
) -> None:
    """Write a table of the user's own columns as CSV (cells neutralised) or a workbook.

    The writer behind writing an annotated sheet back: ``kind`` is ``"csv"``
    (UTF-8 with a byte-order mark, so Excel reads its accents; text starting
    with ``= + - @`` gets a leading apostrophe) or ``"xlsx"`` (text stored as
    text, never as a formula).

    Examples
    --------
    >>> import io
    >>> from cxmodel._export import write_rows
    >>> out = io.StringIO()
    >>> write_rows(["Idea", "Score"], [["=1+1", 3], ["Kiosk", None]], out)
    >>> print(out.getvalue().replace("\\r\\n", "\\n").lstrip("\\ufeff"), end="")
    Idea,Score
    '=1+1,3
    Kiosk,
    """
    table = [[_row_cell(v) for v in row] for row in rows]
    if kind == "xlsx":
        from openpyxl import Workbook

        _check_binary(path_or_file)
        book = Workbook(write_only=True)
        ws = book.create_sheet(sheet[:31] or "Sheet1")
        ws.freeze_panes = "A2"
        _excel_rows(ws, header, table)
        _save(book, path_or_file)
        return
    if kind != "csv":
        raise FieldError("kind", kind, "must be 'csv' or 'xlsx'")
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_cell(str(h)) for h in header])
    for row in table:
        writer.writerow(["" if v is None else _safe_text(v) for v in row])
    _write("\ufeff" + buffer.getvalue(), path_or_file)
