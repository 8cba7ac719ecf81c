"""Turn loosely typed rows (file cells, JSON objects, records) into validated columns.

One place decides what a cell may look like, so CSV, JSON, records and data
frames all accept the same spellings and report problems the same way:
``(row, column, message)`` triples collected over the whole input.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .exceptions import CxModelError, InputError
from .model import CRITERIA, FIELDS, Initiative, Scale, check_effort, check_score

__all__ = [
    "LIST_FIELDS",
    "REQUIRED",
    "SCORE_FIELDS",
    "build_initiatives",
    "is_absent",
    "parse_field",
    "parse_number",
    "parse_score",
    "shown",
    "text_problem",
]

REQUIRED: tuple[str, ...] = ("name", *CRITERIA)
#: Fields that hold scores in [0, 1]; a scale applies to all of them.
SCORE_FIELDS: tuple[str, ...] = (
    *CRITERIA,
    "stated_desire",
    "value_driver",
    "customer_desirability",
)
#: Fields holding lists; in a CSV cell their items are separated by ``;``.
LIST_FIELDS: tuple[str, ...] = ("tags", "depends_on", "stages", "stakeholders")


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 6
_REPR.maxdict = 4
_REPR.maxlong = 40


def shown(value: Any) -> str:
    """``repr(value)`` bounded for messages: long text, huge numbers and deep nesting cut.

    A 140,000-character cell or a list nested a thousand deep must not make
    the message about it that long (or overflow the stack while writing it).

    Examples
    --------
    >>> from cxmodel._records import shown
    >>> shown("high"), shown([[[[[1]]]]])
    ("'high'", '[[[[...]]]]')
    >>> len(shown("x" * 100_000)) <= 80
    True
    """
    return _REPR.repr(value)


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8 (a lone surrogate), or ``None`` when it can.

    JSON escapes such as ``"\\ud800"`` and Python strings can hold lone
    surrogates, which no file, terminal or spreadsheet can encode; every way
    into a portfolio rejects them, so whatever loads can be written again.

    Examples
    --------
    >>> from cxmodel._records import text_problem
    >>> text_problem("Kiosk") is None
    True
    >>> text_problem("Kiosk \\ud800")
    "'Kiosk \\\\ud800' holds a lone surrogate (U+D800 at character 7), which is not Unicode text"
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        return (
            f"{shown(text)} holds a lone surrogate (U+{code:04X} at character {error.start + 1}),"
            " which is not Unicode text"
        )
    return None


def _check_text(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def is_blank(value: Any) -> bool:
    """True for ``None``, NaN (a missing pandas cell) and strings of white space."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def is_absent(field: str, value: Any) -> bool:
    """True when a cell of ``field`` holds no value, so the field keeps its default.

    A description keeps any text, even white space; other fields treat blank
    strings (and empty lists) as absent.
    """
    if field == "description":
        return value is None or value == "" or (isinstance(value, float) and math.isnan(value))
    return is_blank(value) or (field in LIST_FIELDS and value == [])


def parse_number(value: Any) -> tuple[float, bool]:
    """Read a number from a cell: ``(value, is_percent)``.

    Accepts real numbers and strings such as ``"0.7"``, ``"0,7"`` (decimal
    comma) and ``"70%"``.  Raises ``ValueError`` with a readable message.
    """
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{shown(value)} is a boolean, not a number")
    if isinstance(value, numbers.Real):
        try:
            return float(value), False
        except OverflowError:  # a huge int, e.g. from JSON
            raise ValueError(f"{shown(value)} is too large") from None
    if not isinstance(value, str):
        raise ValueError(f"{shown(value)} is not a number")
    text = value.strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{shown(value)} is not a number") from None
    return (number / 100.0 if percent else number), percent


def parse_score(field: str, value: Any, scale: Scale | None) -> float:
    """A score in [0, 1] from a cell; ``"70%"`` always means 0.7, whatever the scale."""
    number, percent = parse_number(value)
    if not math.isfinite(number):
        raise ValueError(f"{shown(value)} is not a finite number")
    if scale is not None and not percent:
        if not scale.low <= number <= scale.high:
            raise ValueError(
                f"{shown(value)} is outside the scale [{scale.low:g}, {scale.high:g}]"
            )
        return scale.normalize(number)
    if not 0.0 <= number <= 1.0:
        hint = " (raw scores need a scale=, e.g. Scale.likert(5))" if number > 1 else ""
        raise ValueError(f"{shown(value)} is outside [0, 1]{hint}")
    return check_score(field, number)


def parse_list(value: Any) -> list[Any]:
    """Items of a list cell: a list as is, or a string split on ``;``.

    A string holding a JSON array of strings (``["a;b", " c"]``) is read as that
    array: it is how :func:`~cxmodel.io.write_csv` writes items that contain
    ``;`` or surrounding spaces, so such items survive a round trip.
    """
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            try:
                items = json.loads(text)
            except ValueError:
                items = None
            if isinstance(items, list) and all(isinstance(item, str) for item in items):
                return [_check_text(item) for item in items]
        return [_check_text(item.strip()) for item in text.split(";") if item.strip()]
    if isinstance(value, list | tuple):
        for item in value:
            if not isinstance(item, str):  # refused here, quoted with a bounded repr
                raise ValueError(f"must hold non-empty strings, not {shown(item)}")
            _check_text(item)
        return list(value)
    raise ValueError(f"{shown(value)} is not a list")


def parse_field(field: str, value: Any, scale: Scale | None) -> Any:
    """Read one non-blank cell of ``field``; raises ``ValueError`` or a CxModelError."""
    if field in SCORE_FIELDS:
        return parse_score(field, value, scale)
    if field == "effort":
        number, _ = parse_number(value)
        return check_effort(number)
    if field in LIST_FIELDS:
        return parse_list(value)
    if field in ("name", "description", "channel"):
        if not isinstance(value, str):
            raise ValueError(f"{shown(value)} is not text")
        _check_text(value)
        return value.strip() if field == "name" else value
    raise AssertionError(field)  # pragma: no cover - callers pass known fields only


def build_initiatives(
    rows: Iterable[tuple[int, Mapping[str, Any] | object]],
    *,
    scale: Scale | None = None,
    source: str = "records",
    columns: Mapping[str, str] | None = None,
    unit: str = "record",
) -> list[Initiative]:
    """Validate every row and return its initiatives, or raise one :class:`InputError`.

    Parameters
    ----------
    rows
        ``(row_number, mapping)`` pairs; keys are canonical field names and
        unknown keys are ignored.
    columns
        For messages: the name each field has in the source (a file's header).

    All problems of all rows are collected before raising, and a duplicate name
    is reported on the row where it appears again.
    """
    headers = dict(columns or {})
    errors: list[tuple[int, str, str]] = []
    result: list[Initiative] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        if not isinstance(row, Mapping):
            message = f"expected a mapping of fields to values, got {shown(row)}"
            errors.append((number, "", message))
            continue
        values: dict[str, Any] = {}
        row_ok = True
        for field in FIELDS:
            raw = row.get(field)
            if is_absent(field, raw):
                if field in REQUIRED:
                    what = "is missing" if field not in row else "is empty"
                    errors.append((number, headers.get(field, field), f"{field} {what}"))
                    row_ok = False
                continue
            try:
                values[field] = parse_field(field, raw, scale)
            except (ValueError, CxModelError) as error:
                errors.append((number, headers.get(field, field), f"{field}: {error}"))
                row_ok = False
        if not row_ok:
            continue
        try:
            initiative = Initiative.from_mapping(values)
        except CxModelError as error:
            field = getattr(error, "field", "")
            errors.append((number, headers.get(field, field), str(error)))
            continue
        if initiative.name in first_row:
            first = first_row[initiative.name]
            message = f"duplicate name {initiative.name!r} (first at {unit} {first})"
            errors.append((number, headers.get("name", "name"), message))
            continue
        first_row[initiative.name] = number
        result.append(initiative)
    if errors:
        raise InputError(errors, source=source, unit=unit)
    return result
