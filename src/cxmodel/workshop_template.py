"""Rating sheets for a scoring workshop, to fill in and read back with ``aggregate_ratings``."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .exceptions import FieldError
from .model import Initiative, Scale
from .portfolio import Portfolio
from .rubric import Question, Rubric, resolve_rubric

if TYPE_CHECKING:
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["INSTRUCTIONS_SHEET", "TEMPLATE_COLUMNS", "write_ratings_template"]

#: The name of the workbook's first sheet, which explains how to fill in the others.
INSTRUCTIONS_SHEET = "Instructions"
#: The columns of a rating sheet, before the score column is given its scale.
TEMPLATE_COLUMNS: tuple[str, ...] = (
    "Initiative",
    "Criterion",
    "Lens",
    "Question",
    "Guide",
    "Score",
    "Confidence (0-1)",
    "Effort",
    "Comment",
)
_FORMULA_START = frozenset("=+-@\t\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _items(portfolio_or_names: Any) -> list[tuple[str, float | None]]:
    """``(name, effort or None)`` of each initiative to rate."""
    if isinstance(portfolio_or_names, str) or not isinstance(portfolio_or_names, Iterable):
        raise FieldError(
            "portfolio_or_names",
            portfolio_or_names,
            "must be a Portfolio, initiatives, or an iterable of names",
        )
    items: list[tuple[str, float | None]] = []
    seen: set[str] = set()
    for position, item in enumerate(portfolio_or_names, start=1):
        if isinstance(item, Initiative):
            name, effort = item.name, item.effort
        elif isinstance(item, str) and item.strip():
            name, effort = item.strip(), None
        else:
            raise FieldError(
                "portfolio_or_names", item, f"item {position} must be an Initiative or a name"
            )
        if name in seen:
            raise FieldError("portfolio_or_names", name, "names an initiative twice")
        seen.add(name)
        items.append((name, effort))
    if not items:
        raise FieldError("portfolio_or_names", portfolio_or_names, "must name an initiative")
    return items


def _raters(value: Any, *, sheets: bool) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Iterable):
        raise FieldError("raters", value, "must be names, or one string of names joined by ','")
    raters: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise FieldError("raters", item, "must be non-empty names")
        name = item.strip()
        if name.casefold() in (r.casefold() for r in raters):
            raise FieldError("raters", name, "names a rater twice")
        if sheets and (
            len(name) > 31
            or _BAD_SHEET_CHARS.search(name)
            or name.casefold() == INSTRUCTIONS_SHEET.casefold()
            or name.startswith("'")
        ):
            raise FieldError(
                "raters",
                name,
                "must fit a sheet name (at most 31 characters, none of []:*?/\\, "
                f"not {INSTRUCTIONS_SHEET!r})",
            )
        raters.append(name)
    if not raters:
        raise FieldError("raters", value, "must name at least one rater")
    return raters


def _score_header(scale: Scale) -> str:
    return f"Score ({scale.low:g}-{scale.high:g})"


def _rows(
    items: list[tuple[str, float | None]], rubric: Rubric
) -> list[tuple[str, Question, float | None]]:
    return [(name, q, effort) for name, effort in items for q in rubric]


def write_ratings_template(
    portfolio_or_names: Portfolio | Iterable[Initiative] | Iterable[str],
    path: str | os.PathLike[str],
    *,
    raters: str | Iterable[str],
    rubric: Rubric | None = None,
    scale: Scale | None = None,
) -> Path:
    """Write a rating sheet for a workshop: every initiative against every rubric question.

    Parameters
    ----------
    portfolio_or_names : Portfolio, initiatives, or names
        What to rate.  With initiatives the effort column is filled in with
        their efforts (raters may change it); with names it is left blank.
    path : str or path-like
        ``.xlsx``: an ``Instructions`` sheet (how to score, the scale, the
        questions with their anchors), then one sheet per rater, named after
        them, with one row per initiative and question: the question's text and
        anchors beside it, the score cell restricted to the scale (Excel data
        validation), a confidence cell restricted to ``[0, 1]``, effort and a
        comment.  ``.csv``: one long table (UTF-8 with a BOM, so Excel reads
        it right) with a ``Rater`` column, the same rows for each rater.
        :func:`~cxmodel.workshop.aggregate_ratings` reads both back as they
        are (a sheet's ratings are the sheet's name's).
    raters : str or iterable of str
        The raters, for example ``"Ann,Bo"`` or ``["Ann", "Bo"]``; unique, and
        for ``.xlsx`` usable as sheet names.
    rubric : Rubric, optional
        The questions; defaults to :meth:`~cxmodel.rubric.Rubric.default`.
    scale : Scale, optional
        The rating scale; defaults to the rubric's, else ``Scale.likert(5)``.
        The score column's header says it (``Score (1-5)``), so reading the
        sheet back needs no ``scale=``.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    FieldError
        (A :class:`~cxmodel.CxModelError` and ``ValueError``) for another
        extension, bad or duplicate raters, or no initiative; nothing is written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from cxmodel.workshop_template import write_ratings_template
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_ratings_template(["Kiosk", "App"], folder / "ratings.csv", raters="Ann,Bo")
    >>> lines = path.read_text(encoding="utf-8-sig").splitlines()
    >>> lines[0]
    'Rater,Initiative,Criterion,Lens,Question,Guide,Score (1-5),Confidence (0-1),Effort,Comment'
    >>> len(lines) - 1  # 2 raters x 2 initiatives x 9 questions
    36
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise FieldError("path", str(path), "must end in .csv or .xlsx")
    rubric, scale = resolve_rubric(rubric, scale)
    scale = scale or rubric.scale or Scale.likert(5)
    people = _raters(raters, sheets=suffix == ".xlsx")
    rows = _rows(_items(portfolio_or_names), rubric)
    if suffix == ".csv":
        _write_csv(target, people, rows, scale)
    else:
        _write_xlsx(target, people, rows, rubric, scale)
    return target


def _write_csv_file(path: Path, rows: Iterable[Iterable[Any]]) -> None:
    """Rows as a CSV file: CRLF line ends, UTF-8 with a byte-order mark for spreadsheets."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")


def _bold_row(sheet: Worksheet, row: int, texts: Iterable[str]) -> None:
    """A heading row: ``texts`` in bold from column A."""
    from openpyxl.styles import Font

    for column, text in enumerate(texts, start=1):
        sheet.cell(row=row, column=column, value=text).font = Font(bold=True)


def _whole_scale(scale: Scale) -> bool:
    return float(scale.low).is_integer() and float(scale.high).is_integer()


def _score_validation(scale: Scale, *, title: str, error: str) -> DataValidation:
    """An input check on score cells: a (whole, on a whole scale) number on ``scale``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="whole" if _whole_scale(scale) else "decimal",
        operator="between",
        formula1=f"{scale.low:g}",
        formula2=f"{scale.high:g}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def _neutralise(cell: str) -> str:
    """An apostrophe before text a spreadsheet would run as a formula."""
    return "'" + cell if cell and cell[0] in _FORMULA_START else cell


def _cells(name: str, q: Question, effort: float | None) -> list[str | float | None]:
    return [name, q.key, q.criterion, q.text, q.guide(), None, None, effort, None]


def _write_csv(
    path: Path,
    raters: list[str],
    rows: list[tuple[str, Question, float | None]],
    scale: Scale,
) -> None:
    header = ["Rater", *TEMPLATE_COLUMNS]
    header[header.index("Score")] = _score_header(scale)
    lines = [
        [
            _neutralise(c) if isinstance(c, str) else ("" if c is None else f"{c:.15g}")
            for c in [rater, *_cells(name, q, effort)]
        ]
        for rater in raters
        for name, q, effort in rows
    ]
    _write_csv_file(path, [header, *lines])


def _write_xlsx(
    path: Path,
    raters: list[str],
    rows: list[tuple[str, Question, float | None]],
    rubric: Rubric,
    scale: Scale,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    instructions = book.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, raters, rubric, scale)
    for rater in raters:
        _write_rater_sheet(book.create_sheet(rater), rows, scale)
    book.save(path)


def _text_cell(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # literal text, never a formula


def _write_instructions(sheet: Worksheet, raters: list[str], rubric: Rubric, scale: Scale) -> None:
    from openpyxl.styles import Alignment, Font

    low, high = f"{scale.low:g}", f"{scale.high:g}"
    lines = [
        "Scoring workshop: rating sheet",
        "",
        f"Each rater has a sheet of their own ({', '.join(raters)}).",
        f"Score every question from {low} to {high}; the Guide column says what the scores mean.",
        "Leave a score blank (or write N/A) when you cannot judge it.",
        "Confidence (optional): from 0 (a guess) to 1 (sure); blank means sure.",
        "Effort (optional): your estimate, in the unit the team uses.",
        "Do not rename the sheets or the column headers: the sheet's name is the rater.",
        "Combine the sheets with cxmodel.aggregate_ratings(path) or `cxmodel workshop FILE`.",
        "",
    ]
    for k, line in enumerate(lines, start=1):
        sheet.cell(row=k, column=1, value=line)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    start = len(lines) + 1
    header = ("Criterion", "Lens", "Weight", "Question", "Guide")
    _bold_row(sheet, start, header)
    for k, q in enumerate(rubric, start=start + 1):
        values = (q.key, q.criterion, q.weight, q.text, q.guide())
        for column, value in enumerate(values, start=1):
            _text_cell(sheet, k, column, value)
            sheet.cell(row=k, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (18, 14, 8, 50, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_rater_sheet(
    sheet: Worksheet, rows: list[tuple[str, Question, float | None]], scale: Scale
) -> None:
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header = list(TEMPLATE_COLUMNS)
    score_column = header.index("Score") + 1
    header[score_column - 1] = _score_header(scale)
    _bold_row(sheet, 1, header)
    fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    for k, (name, q, effort) in enumerate(rows, start=2):
        for column, value in enumerate(_cells(name, q, effort), start=1):
            _text_cell(sheet, k, column, value)
            sheet.cell(row=k, column=column).alignment = wrap
        for column in (score_column, score_column + 1):
            sheet.cell(row=k, column=column).fill = fill
    last = len(rows) + 1
    whole = _whole_scale(scale)
    score = _score_validation(
        scale,
        title="Score",
        error=f"A score is {'a whole number ' if whole else ''}from {scale.low:g} to "
        f"{scale.high:g}; leave it blank if you cannot judge.",
    )
    confidence = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="1",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Confidence",
        error="Confidence is from 0 (a guess) to 1 (sure).",
    )
    for validation, column in ((score, score_column), (confidence, score_column + 1)):
        letter = get_column_letter(column)
        validation.add(f"{letter}2:{letter}{max(last, 2)}")
        sheet.add_data_validation(validation)
    widths = (24, 18, 13, 44, 48, 12, 16, 9, 30)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"
