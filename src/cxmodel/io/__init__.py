"""Read and write portfolios as files: CSV, JSON and spreadsheets.

Every reader turns a file into cells and hands them to the one validator of
:mod:`cxmodel._table`, so every format accepts the same values and reports
problems the same way, all or nothing.

* :mod:`cxmodel.io._decode` -- bytes to text (byte-order marks, encodings).
* :mod:`cxmodel.io.csv` -- CSV as spreadsheets write it.
* :mod:`cxmodel.io.json` -- JSON documents, checked against :mod:`cxmodel.io.schema`.
* :mod:`cxmodel.io.excel` -- Excel workbooks (.xlsx, .xlsm), the header found below titles.
* :mod:`cxmodel.io._detect` -- any file, its format chosen by content.
"""

from __future__ import annotations

from .._export import PathOrFile, write_csv, write_excel, write_json, write_rows
from .._headers import ALIASES, describe_headers, load_columns_file, match_headers
from ._detect import LoadedFile, load_file, read_any
from .csv import read_csv
from .excel import read_excel
from .json import read_json
from .schema import portfolio_schema

__all__ = [
    "ALIASES",
    "LoadedFile",
    "PathOrFile",
    "describe_headers",
    "load_columns_file",
    "load_file",
    "match_headers",
    "portfolio_schema",
    "read_any",
    "read_csv",
    "read_excel",
    "read_json",
    "write_csv",
    "write_excel",
    "write_json",
    "write_rows",
]
