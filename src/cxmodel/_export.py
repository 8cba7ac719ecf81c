"""Write a portfolio's records as CSV or JSON text, exactly as the readers read them back."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeAlias, cast

from ._records import LIST_FIELDS, SCORE_FIELDS
from ._table import _FORMULA_START, _QUOTE, _unquote
from .exceptions import FieldError
from .model import CRITERIA, OPTIONAL_FIELDS, is_default

if TYPE_CHECKING:
    from .portfolio import Portfolio

__all__ = ["PathOrFile", "neutralise_cell", "write_csv", "write_json"]


#: A path or an open file, text or binary.
PathOrFile: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]


def neutralise_cell(cell: str) -> str:
    """Prefix an apostrophe where a spreadsheet would run a formula (or unquoting would bite)."""
    if cell and (cell[0] in _FORMULA_START or _unquote(cell) != cell):
        return _QUOTE + cell
    return cell


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
    lines = [json.dumps(r, ensure_ascii=False, allow_nan=False) for r in portfolio.to_records()]
    body = ",\n  ".join(lines)
    text = f'{{"initiatives": [\n  {body}\n]}}\n' if lines else '{"initiatives": []}\n'
    return _write(text, path_or_file)
