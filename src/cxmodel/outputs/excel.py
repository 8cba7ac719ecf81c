"""The workbook report: sheets "Initiatives", "Findings" and "Balance" (openpyxl).

The "Initiatives" sheet is kept plain so that :func:`~cxmodel.read_excel` reads
it back: the header in row 1, one row per initiative, scores and effort as
numbers, ``tags`` and ``depends_on`` joined by ``"; "``.  Text cells that a
spreadsheet would take for a formula get the apostrophe the CSV export puts in
front of them (see :mod:`cxmodel.io`), so opening the file never runs anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..intersections import InnovationType, Region
from ..model import CRITERIA
from ._content import INITIATIVE_COLUMNS, ReportContent, cxmodel_version, ink_on, region_color

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SHEETS", "write_xlsx"]

#: The sheets of the workbook, in order (a fourth, "Changes", when ``previous`` is given).
SHEETS = ("Initiatives", "Findings", "Balance")

_HEADER_FILL = "DDDDDD"
_MAX_WIDTH = 60


def write_xlsx(content: ReportContent, path: Path) -> None:
    """Write the workbook of ``content`` to ``path``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import openpyxl
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs.excel import write_xlsx
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp, "q3.xlsx")
    ...     write_xlsx(ReportContent.build(cx.example_portfolio()), out)
    ...     openpyxl.load_workbook(out).sheetnames
    ['Initiatives', 'Findings', 'Balance']
    """
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = SHEETS[0]
    _initiatives(sheet, content)
    _findings(book.create_sheet(SHEETS[1]), content)
    _balance(book.create_sheet(SHEETS[2]), content)
    if content.comparison is not None:
        _changes(book.create_sheet("Changes"), content)
    book.properties.title = content.title
    book.properties.creator = f"cxmodel {cxmodel_version()}"
    book.save(path)


def _text(value: str) -> str:
    """A text cell, with the CSV export's neutralisation of formula-looking text."""
    from .._export import neutralise_cell as _neutralise

    return _neutralise(value)


def _initiatives(sheet: Worksheet, content: ReportContent) -> None:
    from openpyxl.styles import Font, PatternFill

    _header(sheet, INITIATIVE_COLUMNS)
    numbers = {*CRITERIA, "effort"}
    fills: dict[Region, tuple[Any, Any]] = {}
    region_column = INITIATIVE_COLUMNS.index("region") + 1
    for r, row in enumerate(content.rows(), start=2):
        for c, field in enumerate(INITIATIVE_COLUMNS, start=1):
            value = row[field]
            if field in numbers:
                cell = sheet.cell(r, c, float(value))
                cell.number_format = "0.00" if field in CRITERIA else "General"
            elif field == "feature_bloat":
                sheet.cell(r, c, bool(value))
            elif field in ("tags", "depends_on"):
                sheet.cell(r, c, _text("; ".join(value)))
            else:
                sheet.cell(r, c, _text(str(value)))
        region: Region = row["_region"]
        if region not in fills:
            colour = region_color(region)
            fills[region] = (
                PatternFill("solid", fgColor=colour[1:]),
                Font(color=ink_on(colour)[1:]),
            )
        coloured = sheet.cell(r, region_column)
        coloured.fill, coloured.font = fills[region]
    sheet.freeze_panes = "A2"
    if len(content.portfolio):
        sheet.auto_filter.ref = sheet.dimensions
    _size_columns(sheet)


def _findings(sheet: Worksheet, content: ReportContent) -> None:
    from openpyxl.styles import Alignment, Font

    _header(sheet, ("severity", "code", "message", "initiatives"))
    warning = Font(bold=True, color="D55E00")
    for r, f in enumerate(content.balance.findings, start=2):
        sheet.cell(r, 1, f.severity).font = warning if f.severity == "warning" else Font()
        sheet.cell(r, 2, f.code)
        sheet.cell(r, 3, _text(f.message)).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(r, 4, _text("; ".join(f.initiatives))).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    if not content.balance.findings:
        sheet.cell(2, 3, "No findings.")
    sheet.freeze_panes = "A2"
    _size_columns(sheet, widths={3: 90, 4: 40})


def _balance(sheet: Worksheet, content: ReportContent) -> None:
    from openpyxl.styles import Font, PatternFill

    report = content.balance
    bold = Font(bold=True)
    rows: list[Sequence[Any]] = [
        ("verdict", "balanced" if report.ok else "not balanced"),
        ("balance_index", report.balance_index),
        ("weight", report.policy.weight),
        ("total_weight", report.total_weight),
    ]
    _header(sheet, ("measure", "value"))
    r = 2
    for row in rows:
        sheet.cell(r, 1, row[0])
        sheet.cell(r, 2, row[1])
        r += 1
    r += 1
    sheet.cell(r, 1, "innovation type").font = bold
    sheet.cell(r, 2, "share").font = bold
    for t in InnovationType:
        r += 1
        sheet.cell(r, 1, t.label).fill = PatternFill("solid", fgColor=region_color(t.region)[1:])
        sheet.cell(r, 1).font = Font(color=ink_on(region_color(t.region))[1:])
        sheet.cell(r, 2, report.innovation_shares[t]).number_format = "0.0%"
    r += 2
    for c, text in enumerate(("region", "initiatives", "share"), start=1):
        sheet.cell(r, c, text).font = bold
    for region in Region:
        r += 1
        colour = region_color(region)
        cell = sheet.cell(r, 1, region.label)
        cell.fill = PatternFill("solid", fgColor=colour[1:])
        cell.font = Font(color=ink_on(colour)[1:])
        sheet.cell(r, 2, report.region_counts[region])
        sheet.cell(r, 3, report.region_shares[region]).number_format = "0.0%"
    r += 2
    sheet.cell(r, 1, "setting").font = bold
    sheet.cell(r, 2, "value").font = bold
    settings = [(f"{f} threshold", getattr(content.thresholds, f)) for f in CRITERIA]
    policy = content.policy.to_dict()
    settings += [(key, _setting(value)) for key, value in policy.items()]
    for key, value in settings:
        r += 1
        sheet.cell(r, 1, key)
        sheet.cell(r, 2, value)
    _size_columns(sheet)


def _changes(sheet: Worksheet, content: ReportContent) -> None:
    comparison = content.comparison
    assert comparison is not None
    _header(sheet, ("change", "name", "before", "after"))
    rows: list[tuple[str, str, str, str]] = []
    rows += [("moved", m.name, m.before.label, m.after.label) for m in comparison.moves]
    rows += [("added", name, "", "") for name in comparison.added]
    rows += [("removed", name, "", "") for name in comparison.removed]
    rows += [("new finding", code, "", "") for code in comparison.findings_added]
    rows += [("resolved finding", code, "", "") for code in comparison.findings_resolved]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, _text(value))
    sheet.freeze_panes = "A2"
    _size_columns(sheet)


def _setting(value: Any) -> Any:
    if isinstance(value, list | tuple | frozenset | set):
        return "; ".join(str(v) for v in value)
    return value


def _header(sheet: Worksheet, names: Iterable[str]) -> None:
    from openpyxl.styles import Font, PatternFill

    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for c, name in enumerate(names, start=1):
        cell = sheet.cell(1, c, name)
        cell.font = Font(bold=True)
        cell.fill = fill


def _size_columns(sheet: Worksheet, *, widths: dict[int, int] | None = None) -> None:
    """Columns as wide as their longest cell (within limits); ``widths`` fixes some."""
    from openpyxl.utils import get_column_letter

    fixed = widths or {}
    longest: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            text = f"{value:.2f}" if isinstance(value, float) else str(value)
            longest[cell.column] = max(longest.get(cell.column, 0), len(text))
    for column, length in longest.items():
        width = fixed.get(column, min(max(length + 2, 8), _MAX_WIDTH))
        sheet.column_dimensions[get_column_letter(column)].width = width
