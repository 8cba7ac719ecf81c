"""Scoring workshops: several people rate the initiatives, and the ratings become one portfolio.

:func:`aggregate_ratings` reads a long table of ratings (one row per rater,
initiative and criterion or rubric question), checks every row, and returns a
:class:`Workshop`: the aggregated portfolio, how far the raters spread on each
score, how well they agree overall (Krippendorff's alpha), the ratings worth
talking over, and a noise estimate for :func:`~cxmodel.sensitivity`.

This module checks the rows against the rubric and the scale and combines
them; reading the ratings (records, data frames, CSV files, workbooks) is in
``cxmodel._ratings_input``, and the :class:`Workshop` result, re-exported
here, in ``cxmodel._workshop_result``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ._ratings_input import Row, cell_name, is_blank, parse_number, read_tables
from ._workshop_result import Workshop as Workshop
from ._workshop_result import workshop_summary as workshop_summary
from .agreement import krippendorff_alpha
from .exceptions import CxModelError, FieldError, InputError
from .model import CRITERIA, Scale
from .portfolio import Portfolio
from .rubric import Question, Rubric, criterion_of, resolve_rubric

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


# --- checking the rows and aggregating them ------------------------------------------------


@attrs.frozen
class _Rating:
    row: Row
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
    row: Row,
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

    rater, initiative = cell_name(cells.get("rater")), cell_name(cells.get("initiative"))
    if not rater:
        bad("rater", "the rater is blank")
    if not initiative:
        bad("initiative", "the initiative is blank")
    criterion_cell = cells.get("criterion")
    lens, question = -1, None
    if is_blank(criterion_cell):
        bad("criterion", "the criterion is blank")
    else:
        text = cell_name(criterion_cell)
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
    row: Row, field: str, bad: Callable[[str, str], None], *, scale: Scale | None = None
) -> float | None:
    value = row.cells.get(field)
    if is_blank(value):
        return None
    try:
        number, percent = parse_number(value)
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
        data frame; the path of a ``.csv`` file (``,``, ``;`` or tab delimited,
        decoded as :func:`~cxmodel.read_csv` decodes it: UTF-8, UTF-16 with a
        byte-order mark, or Excel's Windows-1252 with a warning) or of a
        ``.xlsx`` workbook, or a list of such paths.
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
    rubric, scale = resolve_rubric(rubric, scale)
    if (
        isinstance(discuss_above, bool)
        or not isinstance(discuss_above, numbers.Real)
        or not (0.0 <= float(discuss_above) <= 1.0)
    ):
        raise FieldError("discuss_above", discuss_above, "must be a number in [0, 1]")
    weights_of = _rater_weights(rater_weights)
    tables = read_tables(ratings)

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
    first_row: dict[str, Row] = {}
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
    seen: dict[tuple[str, str, str], Row] = {}
    direct: dict[tuple[int, int, int], tuple[float, float]] = {}
    answers: dict[tuple[int, int, int], list[tuple[float, float, float]]] = {}
    how: dict[tuple[int, int, int], tuple[str, Row]] = {}
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


def _read_only(array: npt.ArrayLike) -> _FloatArray:
    result = np.array(array, dtype=np.float64)
    result.flags.writeable = False
    return result


def _problem(row: Row, field: str, message: str) -> tuple[int, int, str, str]:
    return (row.table, row.number, row.where(field), message)


def _in_file(name: str, where: Callable[[str], str]) -> Callable[[str], str]:
    def label(field: str) -> str:
        return f"{name}: {where(field)}"

    return label


def _place(row: Row) -> str:
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
