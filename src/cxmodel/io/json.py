"""Read portfolios from JSON documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .._export import PathOrFile
from .._table import validate_records
from ..exceptions import InputError
from ..model import CRITERIA, Scale
from ..portfolio import Portfolio
from ._decode import _empty, _read_text
from .schema import _CHANNELS, _NON_BLANK, _STAGES, _no_constant, _schema_problem, _validator

__all__ = ["read_json"]


def _plain_records(data: Any, scale: Scale | None) -> list[dict[str, Any]] | None:
    """The records of ``data`` if they are valid in the plainest way, else ``None``.

    jsonschema takes ~70 us per record; this check accepts only documents the
    schema accepts (numbers for scores, lists for lists ...), in a fraction of
    the time, so large documents written by :func:`write_json` load fast.
    Anything else goes to the schema, which is the authority.
    """
    records = data.get("initiatives") if isinstance(data, dict) else data
    if type(records) is not list:
        return None
    low, high = (0.0, 1.0) if scale is None else (scale.low, scale.high)

    def number(v: Any) -> bool:
        return type(v) in (int, float)

    def score(v: Any) -> bool:
        return number(v) and low <= v <= high

    def strings(v: Any) -> bool:
        return v is None or (
            type(v) is list and all(type(x) is str and _NON_BLANK.search(x) for x in v)
        )

    optional: dict[str, Callable[[Any], bool]] = {
        "effort": lambda v: v is None or (number(v) and v > 0),
        "tags": strings,
        "depends_on": strings,
        "stakeholders": strings,
        "description": lambda v: v is None or type(v) is str,
        "stated_desire": lambda v: v is None or score(v),
        "value_driver": lambda v: v is None or score(v),
        "customer_desirability": lambda v: v is None or score(v),
        "stages": lambda v: (
            v is None or (type(v) is list and all(type(x) is str and x in _STAGES for x in v))
        ),
        "channel": lambda v: v is None or (type(v) is str and v in _CHANNELS),
    }
    for record in records:
        if type(record) is not dict:
            return None
        name = record.get("name")
        if type(name) is not str or not _NON_BLANK.search(name):
            return None
        if not all(score(record.get(f)) for f in CRITERIA):
            return None
        for key, value in record.items():
            check = optional.get(key)
            if check is not None and not check(value):
                return None
    return records


def _parse_json(text: str, source: str, scale: Scale | None) -> Portfolio:
    if not text.strip():
        raise _empty(source)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise InputError(
            [(error.lineno, "", f"not valid JSON: {error.msg} (column {error.colno})")],
            source=source,
        ) from None
    except ValueError as error:
        raise InputError([(0, "", f"not valid JSON: {error}")], source=source) from None
    records = _plain_records(data, scale)
    if records is None:  # not plainly valid: the schema decides, and names every problem
        problems = sorted(map(_schema_problem, _validator(scale).iter_errors(data)))
        if problems:
            errors = [(row, column, message) for row, _, column, message in problems]
            raise InputError(errors, source=source, unit="record")
        records = data if isinstance(data, list) else data["initiatives"]
    return Portfolio._from_columns(*validate_records(records, {}, scale, source=source))


def read_json(path_or_file: PathOrFile, *, scale: Scale | None = None) -> Portfolio:
    """Read a portfolio from a JSON file, all or nothing.

    The document is ``{"initiatives": [...]}`` or a bare list; it must conform
    to :func:`portfolio_schema` (validated with :mod:`jsonschema`).  Keys are
    the field names; other keys are ignored.

    Parameters
    ----------
    path_or_file : str, os.PathLike or file object
        A path, or a file open in text or binary mode.
    scale : Scale, optional
        The scale raw scores are written on; ``"70%"`` always means 0.7.

    Raises
    ------
    InputError
        The file is empty, not JSON, does not match the schema (the message
        gives the JSON path, such as ``$.initiatives[2].viability``) or has bad
        values; rows are 1-based record positions.

    Examples
    --------
    >>> import io
    >>> import cxmodel as cx
    >>> doc = io.StringIO('{"initiatives": [{"name": "Chatbot", "viability": 4, '
    ...                   '"desirability": 2, "feasibility": "100%"}]}')
    >>> cx.read_json(doc, scale=cx.Scale.likert(5))["Chatbot"].scores
    {'viability': 0.75, 'desirability': 0.25, 'feasibility': 1.0}
    >>> cx.read_json(io.StringIO('[{"name": "Chatbot", "viability": 0.4}]'))
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InputError: <file>: 2 problems: record 1, column 'desirability': $[0]: desirability is missing; ...
    """  # noqa: E501
    text, source = _read_text(path_or_file)
    return _parse_json(text, source, scale)


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")
