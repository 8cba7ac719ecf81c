"""A blank ideas sheet to start a portfolio from: the headers, one example row, instructions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import FieldError
from ..model import Lens, Scale
from ..workshop_template import _bold_row, _score_validation, _write_csv_file

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["IDEAS_SHEET", "IDEAS_TEMPLATE_FORMATS", "ideas_columns", "write_ideas_template"]

#: The sheet of the workbook that holds the ideas (the first one, so readers find it).
IDEAS_SHEET = "Ideas"
#: The formats :func:`write_ideas_template` writes, by extension.
IDEAS_TEMPLATE_FORMATS = ("csv", "xlsx")

_EXAMPLE_NAME = "Two-way customer community"
_EXAMPLE_REST = (4, "community; emotional", "", "Customers help each other; we join in")
#: The example row's scores as fractions of the scale (viability, desirability, feasibility).
_EXAMPLE_SCORES = (0.75, 1.0, 0.5)


def ideas_columns(scale: Scale | None = None) -> tuple[str, ...]:
    """The headers of the ideas sheet; each score header declares its scale, as in ``(1-5)``.

    Examples
    --------
    >>> from cxmodel import Scale
    >>> from cxmodel.outputs.ideas_template import ideas_columns
    >>> ideas_columns(Scale.likert(5))[:3]
    ('Name', 'Viability (1-5)', 'Desirability (1-5)')
    """
    used = Scale.likert(5) if scale is None else scale
    span = f"({used.low:g}-{used.high:g})"
    scores = tuple(f"{lens.criterion.capitalize()} {span}" for lens in Lens)
    return ("Name", *scores, "Effort", "Tags", "Depends on", "Description")


def _example(scale: Scale) -> list[Any]:
    scores = [float(scale.denormalize(share)) for share in _EXAMPLE_SCORES]
    scores = [int(s) if s.is_integer() else s for s in scores]
    return [_EXAMPLE_NAME, *scores, *_EXAMPLE_REST]


def _format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in IDEAS_TEMPLATE_FORMATS:
        raise FieldError("ideas template", str(path), "must end in .csv or .xlsx")
    return suffix


def write_ideas_template(path: str | os.PathLike[str], *, scale: Scale | None = None) -> Path:
    """Write a blank ideas sheet: the headers a portfolio file needs and one example row.

    Parameters
    ----------
    path : str or os.PathLike
        ``.xlsx`` (a workbook: the sheet ``"Ideas"`` with the headers, the example
        row and input checks on the score cells, then an ``"Instructions"``
        sheet saying what each column means) or ``.csv`` (UTF-8 with a byte-order
        mark, so spreadsheet programs read the accents right).
    scale : Scale, optional
        The scale the team scores on (default ``Scale.likert(5)``); the score
        headers declare it, as in ``Viability (1-5)``, so the file reads back
        without a ``scale=``.

    Returns
    -------
    pathlib.Path
        Where the template was written.

    Raises
    ------
    FieldError
        ``path`` ends in neither ``.csv`` nor ``.xlsx`` (nothing is written), or
        ``scale`` is not a :class:`~cxmodel.Scale`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from cxmodel.outputs.ideas_template import write_ideas_template
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_ideas_template(pathlib.Path(tmp, "ideas.csv"))
    ...     print(out.read_text(encoding="utf-8-sig"), end="")
    Name,Viability (1-5),Desirability (1-5),Feasibility (1-5),Effort,Tags,Depends on,Description
    Two-way customer community,4,5,3,4,community; emotional,,Customers help each other; we join in
    """
    out = Path(os.fspath(path))
    kind = _format(out)
    if scale is not None and not isinstance(scale, Scale):
        raise FieldError("scale", scale, "must be a Scale")
    used = Scale.likert(5) if scale is None else scale
    if kind == "csv":
        _write_csv_file(out, [ideas_columns(used), _example(used)])
    else:
        _write_xlsx(out, used)
    return out


def _write_xlsx(out: Path, scale: Scale) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = IDEAS_SHEET
    columns = ideas_columns(scale)
    _bold_row(sheet, 1, columns)
    for column, value in enumerate(_example(scale), start=1):
        sheet.cell(row=2, column=column, value=value if value != "" else None)
        sheet.cell(row=2, column=column).font = Font(italic=True, color="666666")
    fill = PatternFill("solid", fgColor="FFF2CC")
    for column in range(2, 5):
        sheet.cell(row=1, column=column).fill = fill
    scores = _score_validation(
        scale,
        title="Score out of range",
        error=f"Scores are from {scale.low:g} to {scale.high:g}.",
    )
    scores.add("B2:D1000")
    effort = DataValidation(
        type="decimal",
        operator="greaterThan",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error="Effort is a number above 0 (person-weeks, story points: one unit for all).",
    )
    effort.add("E2:E1000")
    sheet.add_data_validation(scores)
    sheet.add_data_validation(effort)
    sheet.freeze_panes = "B2"
    for letter, width in zip("ABCDEFGH", (34, 16, 18, 17, 9, 24, 24, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    _write_instructions(book.create_sheet("Instructions"), scale)
    book.save(out)


def _write_instructions(sheet: Worksheet, scale: Scale) -> None:
    from openpyxl.styles import Alignment, Font

    low, high = f"{scale.low:g}", f"{scale.high:g}"
    rows = [
        ("Ideas sheet: one row per initiative", ""),
        ("", ""),
        ("Column", "What to write"),
        ("Name", "A short, unique name (required)."),
        *(
            (
                f"{lens.criterion.capitalize()} ({low}-{high})",
                f"{lens.question} ({lens.value} lens; {low} = not at all, {high} = "
                "fully; required)",
            )
            for lens in Lens
        ),
        ("Effort", "Optional: the effort, one unit for all rows (default 1)."),
        ("Tags", "Optional: labels separated by ';'."),
        ("Depends on", "Optional: names of initiatives that must come first, separated by ';'."),
        ("Description", "Optional: a sentence on what it is."),
        ("", ""),
        ("Row 2 is an example: replace it or delete it.", ""),
        ("Keep the headers: the score headers say the scale, so the file reads as it is.", ""),
        ("Then run: cxmodel check ideas.xlsx   (or classify, chart, report ...)", ""),
    ]
    for k, (first, second) in enumerate(rows, start=1):
        sheet.cell(row=k, column=1, value=first)
        sheet.cell(row=k, column=2, value=second).alignment = Alignment(wrap_text=True)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=3, column=1).font = Font(bold=True)
    sheet.cell(row=3, column=2).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
