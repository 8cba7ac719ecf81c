"""Scoring workshops: several people rate the initiatives, and the ratings become one portfolio.

:func:`aggregate_ratings` reads a long table of ratings (one row per rater,
initiative and criterion or rubric question), checks every row, and returns a
:class:`Workshop`: the aggregated portfolio, how far the raters spread on each
score, how well they agree overall (Krippendorff's alpha), the ratings worth
talking over, and a noise estimate for :func:`~cxmodel.sensitivity`.
"""

from __future__ import annotations

import csv
import html
import io
import math
import numbers
import os
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ._text import plural, quoted, text_table
from .agreement import krippendorff_alpha
from .exceptions import CxModelError, FieldError, InputError
from .model import CRITERIA, Scale
from .portfolio import Portfolio
from .rubric import Question, Rubric, criterion_of, match_key

__all__ = [
    "CONFIDENCE_NOISE",
    "DISCUSS_ABOVE",
    "METHODS",
    "Method",
    "Workshop",
    "aggregate_ratings",
    "workshop_summary",
]

#: How the ratings of one initiative and criterion are combined.
Method = Literal["mean", "median", "trimmed"]
#: The methods :func:`aggregate_ratings` knows.
METHODS: tuple[str, ...] = ("mean", "median", "trimmed")
#: A rating is worth discussing when the raters' spread (normalised standard
#: deviation) is above this: on a 1-5 scale, two raters two points apart
#: (spread 0.25) are, two raters one point apart (0.125) are not.
DISCUSS_ABOVE = 0.15
#: The noise a rating of confidence 0 adds: the standard deviation of a score
#: drawn uniformly from [0, 1], ``1 / sqrt(12)`` -- a guess carries no information.
CONFIDENCE_NOISE = 1.0 / math.sqrt(12.0)

_FloatArray = npt.NDArray[np.float64]
#: Problems found: (table, row, column, message); sorted by table and row before raising.
_Errors = list[tuple[int, int, str, str]]

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
_RANGE = re.compile(
    r"[(\[]\s*([+-]?\d+(?:[.,]\d+)?)\s*(?:-|\N{EN DASH}|\N{EM DASH}|to|\.\.)\s*"
    r"([+-]?\d+(?:[.,]\d+)?)\s*[)\]]\s*$"
)
_UNIT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_FORMULA_START = frozenset("=+-@\t\r")


# --- reading the table ---------------------------------------------------------------


@attrs.frozen
class _Row:
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
class _Table:
    rows: list[_Row]
    source: str
    unit: str
    header_scale: Scale | None = None
    score_header: str = "score"


def _header_field(header: Any) -> tuple[str | None, Scale | None]:
    """The field a header names (unit in brackets ignored) and the scale its brackets declare."""
    if header is None:
        return None, None
    text = str(header)
    scale: Scale | None = None
    found = _RANGE.search(text)
    if found:
        low, high = (float(g.replace(",", ".")) for g in found.groups())
        if low < high:
            scale = Scale(low, high)
    elif re.search(r"[(\[]\s*%\s*[)\]]\s*$", text):
        scale = Scale(0, 100)
    return _HEADER_FIELD.get(match_key(_UNIT.sub("", text))), scale


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
) -> _Table:
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
        if all(_blank(v) for v in values.values()):
            continue
        if default_rater is not None and "rater" not in values:
            values["rater"] = default_rater  # the file's or sheet's own rater
        rows.append(_Row(number, values, _labeller(names, where, number, positions), unit))
    return _Table(rows, source, unit, scale, score_header)


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


def _read_file(path: Path) -> list[_Table]:
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
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            [(0, "", f"cannot read the file: {error.strerror}")], source=source
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError([(line, "", "the file is not UTF-8 text")], source=source) from None
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


def _read_workbook(path: Path, source: str) -> list[_Table]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError) as error:
        raise InputError([(0, "", f"cannot read the workbook: {error}")], source=source) from None
    tables: list[_Table] = []
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


def _tables(ratings: Any) -> list[_Table]:
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


def _frame_table(df: Any) -> _Table | None:
    import narwhals as nw

    try:
        frame = nw.from_native(df, eager_only=True)
    except TypeError:
        return None
    headers = list(frame.columns)
    rows = [(n, list(row)) for n, row in enumerate(frame.iter_rows(), start=1)]
    return _table_of(headers, rows, source="data frame", unit="row", default_rater=None)


# --- cells ---------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in _NO_VALUE
    return isinstance(value, float) and math.isnan(value)


def _number(value: Any) -> tuple[float, bool]:
    """``(number, is_percent)`` of a cell; ValueError with a readable message otherwise."""
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, numbers.Real):
        number = float(value)
        percent = False
    elif isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        text = text.removesuffix("%").strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        number = number / 100.0 if percent else number
    else:
        raise ValueError(f"{value!r} is not a number")
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number, percent


def _name(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell, e.g. initiative "2025"
    return str(value).strip() if not _blank(value) else ""


# --- the workshop ------------------------------------------------------------------------


def _read_only(array: npt.ArrayLike) -> _FloatArray:
    result = np.array(array, dtype=np.float64)
    result.flags.writeable = False
    return result


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else x


@attrs.frozen(eq=False)
class Workshop:
    """What :func:`aggregate_ratings` found: one portfolio from many raters, and their agreement.

    Attributes
    ----------
    portfolio : Portfolio
        The aggregated, normalised scores, initiatives in order of first
        appearance; ``effort`` is the mean of the raters' efforts (each
        rater's mean over their rows), 1.0 when nobody gave one.
    raters : tuple of str
        The raters, in order of first appearance.
    ratings : ndarray, shape (raters, initiatives, 3)
        Each rater's normalised lens score (the weighted mean of their answers
        to the lens's rubric questions), NaN where they gave none; columns
        viability, desirability, feasibility.  Read-only.
    confidence : ndarray, shape (raters, initiatives, 3)
        Each rater's mean confidence in those scores (1.0 where the column is
        absent or blank), NaN where they gave no rating.  Read-only.
    spread : dict
        Initiative name -> criterion -> the raters' population standard
        deviation (``ddof=0``, weighted by ``rater_weights``) of the normalised
        scores; 0.0 for a single rating.
    agreement : dict
        Criterion -> Krippendorff's alpha (interval level) of the raters x
        initiatives ratings of that criterion, and ``"overall"``: alpha over
        every initiative and criterion pooled as units.  NaN when undefined
        (fewer than two raters on any initiative, or no variation at all); the
        reason is in :attr:`notes`.
    discuss : tuple of (str, str)
        ``(initiative, criterion)`` pairs whose spread is above
        :attr:`discuss_above`, largest spread first (ties in portfolio and lens
        order): the ratings to talk over before trusting the scores.
    noise : ndarray, shape (initiatives, 3)
        Per initiative (portfolio order) and lens: ``sqrt(spread**2 +
        ((1 - c) * CONFIDENCE_NOISE)**2)`` with ``c`` the mean confidence of
        its ratings, for ``cx.sensitivity(workshop.portfolio, noise=workshop.noise)``.
        With full confidence it is the spread.  Read-only.
    method : str
        How ratings were combined: ``"mean"``, ``"median"`` or ``"trimmed"``.
    scale : Scale
        The scale the raw scores were read on.
    discuss_above : float
        The spread above which a rating is listed in :attr:`discuss`.
    notes : tuple of str
        Remarks, such as why an alpha is undefined.

    Examples
    --------
    >>> from cxmodel.workshop import aggregate_ratings
    >>> rows = [
    ...     {"rater": r, "initiative": i, "criterion": c, "score": s}
    ...     for r, scores in {"Ann": (4, 5, 2), "Bo": (4, 3, 2), "Cy": (5, 4, 3)}.items()
    ...     for i in ("Kiosk",)
    ...     for c, s in zip(("viability", "desirability", "feasibility"), scores)
    ... ]
    >>> ws = aggregate_ratings(rows)
    >>> ws.portfolio["Kiosk"].scores
    {'viability': 0.8333333333333334, 'desirability': 0.75, 'feasibility': 0.3333333333333333}
    >>> round(ws.spread["Kiosk"]["desirability"], 3)
    0.204
    >>> ws.discuss
    (('Kiosk', 'desirability'),)
    >>> ws.noise.shape
    (1, 3)
    """

    portfolio: Portfolio
    raters: tuple[str, ...]
    ratings: _FloatArray
    confidence: _FloatArray
    spread: dict[str, dict[str, float]]
    agreement: dict[str, float]
    discuss: tuple[tuple[str, str], ...]
    noise: _FloatArray
    method: str
    scale: Scale
    discuss_above: float
    notes: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The initiatives, in portfolio order."""
        return self.portfolio.names

    def counts(self) -> npt.NDArray[np.int64]:
        """How many raters rated each initiative (rows) on each lens (columns).

        Examples
        --------
        >>> from cxmodel.workshop import aggregate_ratings
        >>> ws = aggregate_ratings([
        ...     {"rater": "Ann", "initiative": "App", "criterion": c, "score": 3}
        ...     for c in ("viability", "desirability", "feasibility")])
        >>> ws.counts().tolist()
        [[1, 1, 1]]
        """
        return np.asarray((~np.isnan(self.ratings)).sum(axis=0), dtype=np.int64)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with stable keys; undefined alphas are ``None``.

        Examples
        --------
        >>> import json
        >>> from cxmodel.workshop import aggregate_ratings
        >>> ws = aggregate_ratings([
        ...     {"rater": r, "initiative": "App", "criterion": c, "score": 3}
        ...     for r in ("Ann", "Bo") for c in ("viability", "desirability", "feasibility")])
        >>> data = ws.to_dict()
        >>> list(data)
        ['raters', 'method', 'scale', 'discuss_above', 'initiatives', 'agreement', 'discuss',
         'notes']
        >>> data["agreement"]["overall"] is None
        True
        >>> json.loads(json.dumps(data)) == data
        True
        """
        initiatives = []
        for k, item in enumerate(self.portfolio):
            ratings = {
                rater: {
                    c: _nan_to_none(float(self.ratings[r, k, j])) for j, c in enumerate(CRITERIA)
                }
                for r, rater in enumerate(self.raters)
                if not np.isnan(self.ratings[r, k]).all()
            }
            initiatives.append(
                {
                    "name": item.name,
                    **item.scores,
                    "effort": item.effort,
                    "spread": dict(self.spread[item.name]),
                    "noise": {c: float(self.noise[k, j]) for j, c in enumerate(CRITERIA)},
                    "ratings": ratings,
                }
            )
        return {
            "raters": list(self.raters),
            "method": self.method,
            "scale": [self.scale.low, self.scale.high],
            "discuss_above": self.discuss_above,
            "initiatives": initiatives,
            "agreement": {k: _nan_to_none(v) for k, v in self.agreement.items()},
            "discuss": [
                {"initiative": name, "criterion": c, "spread": self.spread[name][c]}
                for name, c in self.discuss
            ],
            "notes": list(self.notes),
        }

    def _agreement_text(self) -> str:
        return ", ".join(
            f"{key} {'undefined' if math.isnan(v) else f'{v:.2f}'}"
            for key, v in self.agreement.items()
        )

    def __str__(self) -> str:
        how = {"mean": "mean", "median": "median", "trimmed": "trimmed mean"}[self.method]
        lines = [
            f"Workshop: {plural(len(self.raters), 'rater')} ({', '.join(self.raters)}), "
            f"{plural(len(self.portfolio), 'initiative')}, {how} of scores on "
            f"{self.scale.low:g}-{self.scale.high:g}",
            "Scores normalised to [0, 1], \N{PLUS-MINUS SIGN} the raters' spread",
            "",
        ]
        rows: list[tuple[str, ...]] = [("initiative", *CRITERIA, "effort")]
        for item in self.portfolio:
            spread = self.spread[item.name]
            rows.append(
                (
                    item.name,
                    *(
                        f"{item.scores[c]:.2f} \N{PLUS-MINUS SIGN}{spread[c]:.2f}"
                        for c in CRITERIA
                    ),
                    f"{item.effort:g}",
                )
            )
        lines.append(text_table(rows))
        lines.append("")
        lines.append("Agreement (Krippendorff's alpha; 1 = full, 0 = chance, >= 0.8 reliable):")
        lines.append(f"  {self._agreement_text()}")
        if self.discuss:
            listed = "; ".join(
                f'"{name}" {c} ({self.spread[name][c]:.2f})' for name, c in self.discuss
            )
            lines.extend(
                textwrap.wrap(
                    f"To discuss (spread above {self.discuss_above:g}), largest first: {listed}",
                    88,
                    subsequent_indent="  ",
                    break_on_hyphens=False,
                )
            )
        else:
            lines.append(f"Nothing to discuss: no spread above {self.discuss_above:g}.")
        lines.extend(f"Note: {note}" for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The aggregated scores with their spread; ratings to discuss highlighted."""
        flagged = set(self.discuss)
        head = "".join(f"<th>{html.escape(c)}</th>" for c in ("initiative", *CRITERIA, "effort"))
        body = []
        for item in self.portfolio:
            cells = [f"<td>{html.escape(item.name)}</td>"]
            for c in CRITERIA:
                style = "text-align:right"
                if (item.name, c) in flagged:
                    style += ";background:#fde0dd"
                cells.append(
                    f"<td style='{style}'>{item.scores[c]:.2f} "
                    f"&plusmn;{self.spread[item.name][c]:.2f}</td>"
                )
            cells.append(f"<td style='text-align:right'>{item.effort:g}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        discuss = "; ".join(f"{html.escape(quoted([n]))} {c}" for n, c in self.discuss) or "none"
        notes = "".join(f"<p>{html.escape(note)}</p>" for note in self.notes)
        return (
            f"<div><table><caption>Workshop of {plural(len(self.raters), 'rater')} "
            f"({html.escape(', '.join(self.raters))}), {html.escape(self.method)} of ratings"
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<p>Agreement (Krippendorff's alpha): {html.escape(self._agreement_text())}</p>"
            f"<p>To discuss (spread above {self.discuss_above:g}): {discuss}</p>{notes}</div>"
        )


def workshop_summary(workshop: Workshop) -> str:
    """The text ``cxmodel workshop`` prints: the scores, agreement and what to discuss.

    Examples
    --------
    >>> from cxmodel.workshop import aggregate_ratings, workshop_summary
    >>> ws = aggregate_ratings([
    ...     {"rater": r, "initiative": "App", "criterion": c, "score": s}
    ...     for r, s in (("Ann", 2), ("Bo", 5))
    ...     for c in ("viability", "desirability", "feasibility")])
    >>> print(workshop_summary(ws))
    Workshop: 2 raters (Ann, Bo), 1 initiative, mean of scores on 1-5
    Scores normalised to [0, 1], ± the raters' spread
    <BLANKLINE>
    initiative  viability   desirability  feasibility  effort
    ----------  ----------  ------------  -----------  ------
    App         0.62 ±0.38    0.62 ±0.38   0.62 ±0.38       1
    <BLANKLINE>
    Agreement (Krippendorff's alpha; 1 = full, 0 = chance, >= 0.8 reliable):
      viability 0.00, desirability 0.00, feasibility 0.00, overall -0.67
    To discuss (spread above 0.15), largest first: "App" viability (0.38); "App" desirability
      (0.38); "App" feasibility (0.38)
    """
    return str(workshop)


# --- aggregation -----------------------------------------------------------------------


@attrs.frozen
class _Rating:
    row: _Row
    rater: str
    initiative: str
    lens: int
    question: Question | None
    score: float | None
    effort: float | None
    confidence: float | None


def _check_method(method: Any) -> str:
    if method not in METHODS:
        raise FieldError("method", method, f"must be one of {', '.join(METHODS)}")
    return str(method)


def _rater_weights(value: Any) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FieldError("rater_weights", value, "must map rater names to weights")
    result = {}
    for rater, weight in value.items():
        if (
            isinstance(weight, bool)
            or not isinstance(weight, numbers.Real)
            or not 0.0 < float(weight) < math.inf
        ):
            raise FieldError("rater_weights", weight, f"of rater {rater!r} must be a number > 0")
        result[str(rater).strip()] = float(weight)
    return result


def _parse_row(
    row: _Row,
    rubric: Rubric,
    scale: Scale,
    errors: _Errors,
    failed: set[tuple[str, int]],
    targets: dict[str, tuple[int, Question | None] | None],
) -> _Rating | None:
    cells = row.cells
    before = len(errors)

    def bad(field: str, message: str) -> None:
        errors.append(_problem(row, field, message))

    rater, initiative = _name(cells.get("rater")), _name(cells.get("initiative"))
    if not rater:
        bad("rater", "the rater is blank")
    if not initiative:
        bad("initiative", "the initiative is blank")
    criterion_cell = cells.get("criterion")
    lens, question = -1, None
    if _blank(criterion_cell):
        bad("criterion", "the criterion is blank")
    else:
        text = _name(criterion_cell)
        if text not in targets:  # resolved once per distinct spelling
            criterion = criterion_of(text)
            found = rubric.find(text)
            if criterion is not None:
                targets[text] = (CRITERIA.index(criterion), None)
            elif found is not None:
                targets[text] = (CRITERIA.index(found.criterion), found)
            else:
                targets[text] = None
        target = targets[text]
        if target is not None:
            lens, question = target
        else:
            known = ", ".join((*CRITERIA, "business", "people", "technology", *rubric.keys))
            bad("criterion", f"unknown criterion {text!r} (known: {known})")
    score = _cell(row, "score", bad, scale=scale)
    effort = _cell(row, "effort", bad)
    confidence = _cell(row, "confidence", bad)
    if len(errors) > before:
        if initiative and lens >= 0:
            failed.add((initiative, lens))  # reported already: no "has no rating" on top
        return None
    return _Rating(row, rater, initiative, lens, question, score, effort, confidence)


def _cell(
    row: _Row, field: str, bad: Callable[[str, str], None], *, scale: Scale | None = None
) -> float | None:
    value = row.cells.get(field)
    if _blank(value):
        return None
    try:
        number, percent = _number(value)
    except ValueError as error:
        bad(field, f"{field}: {error}")
        return None
    if field == "score":
        assert scale is not None
        if percent:
            if 0.0 <= number <= 1.0:
                return number
            bad(field, f"score {value!r} is outside 0%-100%")
            return None
        if not scale.low <= number <= scale.high:
            hint = ""
            if number > scale.high or (0.0 <= number < 1.0 and scale.low >= 1.0):
                hint = " (pass scale= for another scale, e.g. Scale(0, 10))"
            bad(
                field,
                f"score {value!r} is outside the scale [{scale.low:g}, {scale.high:g}]{hint}",
            )
            return None
        return (number - scale.low) / (scale.high - scale.low)
    if field == "effort":
        if number <= 0.0:
            bad(field, f"effort {value!r} must be > 0")
            return None
        return number
    if not 0.0 <= number <= 1.0:
        bad(field, f"confidence {value!r} must be in [0, 1] (or 0%-100%)")
        return None
    return number


def _combine(values: list[float], weights: list[float], method: str) -> float:
    pairs = sorted(zip(values, weights, strict=True))
    if method == "trimmed" and len(pairs) >= 4:
        pairs = pairs[1:-1]
    if method == "median":
        total = sum(w for _, w in pairs)
        running = 0.0
        for k, (value, weight) in enumerate(pairs):
            running += weight
            if math.isclose(running, total / 2.0, rel_tol=1e-12) and k + 1 < len(pairs):
                return (value + pairs[k + 1][0]) / 2.0
            if running > total / 2.0:
                return value
        return pairs[-1][0]
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total


def aggregate_ratings(
    ratings: Any,
    *,
    rubric: Rubric | None = None,
    scale: Scale | None = None,
    method: Method = "mean",
    rater_weights: Mapping[str, float] | None = None,
    discuss_above: float = DISCUSS_ABOVE,
) -> Workshop:
    """Combine the ratings of a scoring workshop into one portfolio, and measure agreement.

    Parameters
    ----------
    ratings : records, data frame, path, or list of paths
        A long table, one row per rating, with the columns ``rater``,
        ``initiative``, ``criterion`` and ``score``, and optionally ``effort``
        and ``confidence`` (in ``[0, 1]``, or a percentage).  Headers match
        case-insensitively (spaces, ``_`` and ``-`` alike; a unit in brackets
        is ignored).  Accepted: a list of mappings; a pandas, polars or pyarrow
        data frame; the path of a ``.csv`` file (UTF-8, ``,``, ``;`` or tab
        delimited) or of a ``.xlsx`` workbook, or a list of such paths.
        A file or sheet without a ``rater`` column is one person's ratings:
        a CSV file is named after its stem, a sheet after its name, as
        :func:`~cxmodel.workshop_template.write_ratings_template` writes them.
        ``criterion`` is a lens score (``viability``, ``desirability``,
        ``feasibility``, or ``business``, ``people``, ``technology``,
        ``business value``, ``technical feasibility``) or a rubric question key.
        Blank scores (and ``N/A``, ``-``, ``?``) are skipped.
    rubric : Rubric, optional
        The questions ratings may answer; defaults to :meth:`Rubric.default`.
        A rater's lens score is the weighted mean of the questions of that
        lens they answered.
    scale : Scale, optional
        The scale of the raw scores.  When not given: the range a bracket in
        the score column's header declares (``Score (1-5)``), else the
        rubric's scale, else ``Scale.likert(5)`` -- the scale of the rating
        sheets :func:`~cxmodel.workshop_template.write_ratings_template` writes.
        Likert 1-5 is the default because workshops rate on it; a score outside
        the scale is an error (naming it), so ratings on 0-10 or in [0, 1] are
        refused rather than misread.  A percentage (``70%``) always means 0.7.
    method : {"mean", "median", "trimmed"}, default "mean"
        How the raters' scores of one initiative and lens are combined:
        their (weighted) mean, (weighted) median, or mean after dropping the
        highest and lowest score when there are at least four.
    rater_weights : mapping of str to float, optional
        A weight ``> 0`` per rater (others weigh 1), for the combination and
        the spread; names that rated nothing are an error.
    discuss_above : float, default DISCUSS_ABOVE (0.15)
        A rating goes on the :attr:`Workshop.discuss` list when its spread is
        above this.

    Returns
    -------
    Workshop

    Raises
    ------
    InputError
        Listing every bad row (1-based line of a CSV file, row of a sheet with
        the cell, or position of a record / data-frame row): a blank rater or
        initiative, an unknown criterion, a score outside the scale, an effort
        ``<= 0``, a confidence outside ``[0, 1]``, a rating given twice, a lens
        rated both directly and through its questions by one rater, and each
        initiative left without any rating of a lens.
    FieldError
        A bad ``method``, ``scale``, ``rubric``, ``rater_weights`` or
        ``discuss_above``.

    Notes
    -----
    Confidence does not change the aggregated scores; it widens
    :attr:`Workshop.noise`, the uncertainty handed to :func:`~cxmodel.sensitivity`.

    Examples
    --------
    >>> from cxmodel.workshop import aggregate_ratings
    >>> rows = [
    ...     {"Rater": "Ann", "Initiative": "Chatbot", "Criterion": "business", "Score": 2},
    ...     {"Rater": "Ann", "Initiative": "Chatbot", "Criterion": "people", "Score": 2},
    ...     {"Rater": "Ann", "Initiative": "Chatbot", "Criterion": "technology", "Score": 5},
    ...     {"Rater": "Bo", "Initiative": "Chatbot", "Criterion": "wanted", "Score": 3},
    ...     {"Rater": "Bo", "Initiative": "Chatbot", "Criterion": "helps", "Score": "N/A"},
    ... ]
    >>> ws = aggregate_ratings(rows)
    >>> ws.portfolio["Chatbot"].desirability
    0.375
    >>> ws.spread["Chatbot"]
    {'viability': 0.0, 'desirability': 0.125, 'feasibility': 0.0}
    >>> aggregate_ratings([{"rater": "Ann", "initiative": "Chatbot", "criterion": "cost",
    ...                     "score": 7}])
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InputError: records: 2 problems: record 1, column 'criterion': unknown \
criterion 'cost' ...; record 1, column 'score': score 7 is outside the scale [1, 5] ...
    """
    method = _check_method(method)  # type: ignore[assignment]
    if rubric is None:
        rubric = Rubric.default()
    elif not isinstance(rubric, Rubric):
        raise FieldError("rubric", rubric, "must be a cxmodel Rubric or None")
    if scale is not None and not isinstance(scale, Scale):
        raise FieldError("scale", scale, "must be a cxmodel.Scale or None")
    if (
        isinstance(discuss_above, bool)
        or not isinstance(discuss_above, numbers.Real)
        or not (0.0 <= float(discuss_above) <= 1.0)
    ):
        raise FieldError("discuss_above", discuss_above, "must be a number in [0, 1]")
    weights_of = _rater_weights(rater_weights)
    tables = _tables(ratings)

    errors: _Errors = []
    failed: set[tuple[str, int]] = set()
    targets: dict[str, tuple[int, Question | None] | None] = {}
    parsed: list[_Rating] = []
    used_scale = scale
    several = len({t.source for t in tables}) > 1
    for index, table in enumerate(tables):
        table_scale = scale or table.header_scale or rubric.scale or Scale.likert(5)
        used_scale = used_scale or table_scale
        for row in table.rows:
            if several:  # say which file each problem is in
                name = Path(table.source).name
                row = attrs.evolve(row, where=_in_file(name, row.where), origin=name)
            if index:
                row = attrs.evolve(row, table=index)
            rating = _parse_row(row, rubric, table_scale, errors, failed, targets)
            if rating is not None:
                parsed.append(rating)
    assert used_scale is not None or not tables
    sources = {t.source for t in tables}
    source = sources.pop() if len(sources) == 1 else "ratings"
    unit = tables[0].unit if tables else "row"
    workshop = _aggregate(
        parsed,
        errors,
        failed,
        rubric=rubric,
        method=method,
        weights_of=weights_of,
        discuss_above=float(discuss_above),
        scale=used_scale or Scale.likert(5),
    )
    if errors:
        errors.sort(key=lambda e: e[:2])
        raise InputError([e[1:] for e in errors], source=source, unit=unit)
    assert workshop is not None
    return workshop


def _aggregate(
    parsed: list[_Rating],
    errors: _Errors,
    failed: set[tuple[str, int]],
    *,
    rubric: Rubric,
    method: str,
    weights_of: dict[str, float],
    discuss_above: float,
    scale: Scale,
) -> Workshop | None:
    raters: dict[str, int] = {}
    initiatives: dict[str, int] = {}
    first_row: dict[str, _Row] = {}
    for rating in parsed:
        raters.setdefault(rating.rater, len(raters))
        if rating.initiative not in initiatives:
            initiatives[rating.initiative] = len(initiatives)
            first_row[rating.initiative] = rating.row
    unknown = [r for r in weights_of if r not in raters]
    if unknown and parsed:
        raise FieldError("rater_weights", unknown, "name raters who rated nothing")
    if not parsed and not errors:
        errors.append((0, 0, "", "there are no ratings"))
    n_r, n_i = len(raters), len(initiatives)

    # Per rater, initiative and lens: the direct score, or the question scores and weights.
    seen: dict[tuple[str, str, str], _Row] = {}
    direct: dict[tuple[int, int, int], tuple[float, float]] = {}
    answers: dict[tuple[int, int, int], list[tuple[float, float, float]]] = {}
    how: dict[tuple[int, int, int], tuple[str, _Row]] = {}
    efforts: dict[tuple[int, int], list[float]] = {}
    for rating in parsed:
        r, i, lens = raters[rating.rater], initiatives[rating.initiative], rating.lens
        target = rating.question.key if rating.question else CRITERIA[lens]
        key = (rating.rater, rating.initiative, target)
        if rating.effort is not None:
            efforts.setdefault((r, i), []).append(rating.effort)
        if rating.score is None:
            continue
        row = rating.row
        if key in seen:
            errors.append(
                _problem(
                    row,
                    "criterion",
                    f"{rating.rater!r} rated {rating.initiative!r} on {target!r} twice "
                    f"(first in {_place(seen[key])})",
                )
            )
            continue
        seen[key] = row
        kind = "question" if rating.question else "direct"
        other = how.setdefault((r, i, lens), (kind, row))
        if other[0] != kind:
            errors.append(
                _problem(
                    row,
                    "criterion",
                    f"{rating.rater!r} rated {CRITERIA[lens]} of {rating.initiative!r} both "
                    f"directly and through rubric questions (also in {_place(other[1])}); "
                    "use one or the other",
                )
            )
            continue
        confidence = 1.0 if rating.confidence is None else rating.confidence
        if rating.question is None:
            direct[(r, i, lens)] = (rating.score, confidence)
        else:
            answers.setdefault((r, i, lens), []).append(
                (rating.score, rating.question.weight, confidence)
            )

    scores = np.full((n_r, n_i, 3), np.nan)
    trust = np.full((n_r, n_i, 3), np.nan)
    for (r, i, lens), (value, conf) in direct.items():
        scores[r, i, lens], trust[r, i, lens] = value, conf
    for (r, i, lens), items in answers.items():
        total = sum(w for _, w, _ in items)
        scores[r, i, lens] = sum(s * w for s, w, _ in items) / total
        trust[r, i, lens] = sum(c for _, _, c in items) / len(items)

    names = list(initiatives)
    for name, i in initiatives.items():
        for lens, criterion in enumerate(CRITERIA):
            if np.isnan(scores[:, i, lens]).all() and (name, lens) not in failed:
                row = first_row[name]
                questions = ", ".join(q.key for q in rubric.for_lens(criterion))
                also = f" or its questions ({questions})" if questions else ""
                errors.append(
                    _problem(
                        row,
                        "criterion",
                        f"{name!r} has no rating of {criterion}{also}",
                    )
                )
    if errors:
        return None

    weight = np.array([weights_of.get(rater, 1.0) for rater in raters])
    aggregated = np.empty((n_i, 3))
    spread = np.empty((n_i, 3))
    for i in range(n_i):
        for lens in range(3):
            column = scores[:, i, lens]
            mask = ~np.isnan(column)
            values, w = column[mask], weight[mask]
            aggregated[i, lens] = _combine(values.tolist(), w.tolist(), method)
            mean = float(np.average(values, weights=w))
            spread[i, lens] = math.sqrt(float(np.average((values - mean) ** 2, weights=w)))
    np.clip(aggregated, 0.0, 1.0, out=aggregated)  # rounding must not push a mean out of [0, 1]
    mean_confidence = np.nanmean(trust, axis=0)
    noise = np.sqrt(spread**2 + ((1.0 - mean_confidence) * CONFIDENCE_NOISE) ** 2)

    effort = np.ones(n_i)
    for i in range(n_i):
        means = [sum(e) / len(e) for (_, k), e in efforts.items() if k == i]
        if means:
            effort[i] = sum(means) / len(means)
    portfolio = Portfolio.from_arrays(
        names, aggregated[:, 0], aggregated[:, 1], aggregated[:, 2], effort=effort
    )

    notes: list[str] = []
    agreement: dict[str, float] = {}
    for lens, criterion in enumerate(CRITERIA):
        agreement[criterion] = _alpha(scores[:, :, lens], criterion, notes)
    agreement["overall"] = _alpha(scores.reshape(n_r, n_i * 3), "all criteria", notes)

    flagged = [
        (-float(spread[i, lens]), i, lens)
        for i in range(n_i)
        for lens in range(3)
        if spread[i, lens] > discuss_above
    ]
    discuss = tuple((names[i], CRITERIA[lens]) for _, i, lens in sorted(flagged))
    return Workshop(
        portfolio=portfolio,
        raters=tuple(raters),
        ratings=_read_only(scores),
        confidence=_read_only(trust),
        spread={
            name: {c: float(spread[i, j]) for j, c in enumerate(CRITERIA)}
            for i, name in enumerate(names)
        },
        agreement=agreement,
        discuss=discuss,
        noise=_read_only(noise),
        method=method,
        scale=scale,
        discuss_above=discuss_above,
        notes=tuple(notes),
    )


def _problem(row: _Row, field: str, message: str) -> tuple[int, int, str, str]:
    return (row.table, row.number, row.where(field), message)


def _in_file(name: str, where: Callable[[str], str]) -> Callable[[str], str]:
    def label(field: str) -> str:
        return f"{name}: {where(field)}"

    return label


def _place(row: _Row) -> str:
    where = row.where("criterion")
    if "!" in where:  # a sheet's cell
        return where
    return f"{row.origin} {row.unit} {row.number}".strip()


def _alpha(data: _FloatArray, what: str, notes: list[str]) -> float:
    try:
        alpha = krippendorff_alpha(data, level="interval")
    except CxModelError:
        notes.append(f"agreement on {what} is undefined: no initiative was rated by two raters")
        return math.nan
    if math.isnan(alpha):
        notes.append(f"agreement on {what} is undefined: every rating is the same")
    return alpha
