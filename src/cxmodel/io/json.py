"""Read portfolios from JSON documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .._export import PathOrFile
from .._records import shown
from .._table import validate_records
from ..exceptions import FieldError, InputError
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


#: How deep values may nest inside a record (a list in a list ...).  Nothing in the
#: format nests at all; the limit keeps hostile documents from exhausting the stack
#: of the schema validator or of the messages that quote them.
MAX_DEPTH = 32

#: ``(record, column, message)``, as InputError lists them.
_Problem = tuple[int, str, str]


def _load(text: str, source: str) -> tuple[Any, list[tuple[dict[str, Any], list[str]]]]:
    """The document, and every object that repeats a key (with the repeated keys)."""
    repeated: list[tuple[dict[str, Any], list[str]]] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            again = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            repeated.append((obj, list(dict.fromkeys(again))))
        return obj

    try:
        data = json.loads(text, parse_constant=_no_constant, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as error:
        raise InputError(
            [(error.lineno, "", f"not valid JSON: {error.msg} (column {error.colno})")],
            source=source,
        ) from None
    except RecursionError:
        message = f"not valid input: nested too deeply (values may nest {MAX_DEPTH} levels)"
        raise InputError([(0, "", message)], source=source) from None
    except ValueError as error:
        raise InputError([(0, "", f"not valid JSON: {error}")], source=source) from None
    return data, repeated


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels in ``value`` (no recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            if depth >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _records_of(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("initiatives"), list):
        return data["initiatives"]  # type: ignore[no-any-return]
    return None


def _structure_problems(
    data: Any, repeated: list[tuple[dict[str, Any], list[str]]]
) -> tuple[Any, list[_Problem]]:
    """Repeated keys and over-deep values, and the document without the deep values.

    Deep values are replaced (in copies) by ``None`` so that the schema and the
    validator can still report every other problem of the document.
    """
    problems: list[_Problem] = []
    records = _records_of(data)
    found = {id(obj): keys for obj, keys in repeated}
    if records is None:
        if id(data) in found:
            problems += [(0, k, f"duplicate key {shown(k)}") for k in found.pop(id(data))]
        if _depth_exceeds(data, MAX_DEPTH + 2):
            problems.append((0, "", f"the document nests more than {MAX_DEPTH} levels deep"))
            data = None
        return data, problems
    if id(data) in found:
        problems += [(0, k, f"duplicate key {shown(k)}") for k in found.pop(id(data))]
    cleaned = list(records)
    for position, record in enumerate(records, start=1):
        if isinstance(record, dict):
            for key in found.pop(id(record), []):
                message = f"duplicate key {shown(key)} (JSON would keep only the last value)"
                problems.append((position, key, message))
            deep = [k for k, v in record.items() if _depth_exceeds(v, MAX_DEPTH)]
            if deep:
                cleaned[position - 1] = {**record, **dict.fromkeys(deep)}
                message = f"nests more than {MAX_DEPTH} levels deep"
                problems += [(position, k, f"{k}: {message}") for k in deep]
        elif _depth_exceeds(record, MAX_DEPTH):
            cleaned[position - 1] = None
            problems.append((position, "", f"nests more than {MAX_DEPTH} levels deep"))
    if found:  # repeated keys inside values: name the record holding them
        for position, record in enumerate(records, start=1):
            for obj in _objects(record):
                for key in found.pop(id(obj), []):
                    problems.append((position, "", f"duplicate key {shown(key)} in a value"))
    if isinstance(data, dict):
        return {**data, "initiatives": cleaned}, problems
    return cleaned, problems


def _objects(value: Any) -> list[dict[str, Any]]:
    """Every object nested in ``value`` (iteratively)."""
    found: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _merge(*groups: list[_Problem]) -> list[_Problem]:
    """Problems of every group, a later group's dropped where an earlier one named the cell."""
    merged: list[_Problem] = []
    named: set[tuple[int, str]] = set()
    for group in groups:
        merged += [p for p in group if (p[0], p[1]) not in named]
        named |= {(p[0], p[1]) for p in group}
    return sorted(merged, key=lambda p: p[0])


def _parse_json(text: str, source: str, scale: Scale | None) -> Portfolio:
    if scale is not None and not isinstance(scale, Scale):
        raise FieldError("scale", scale, "must be a Scale, e.g. Scale.likert(5), or None")
    if not text.strip():
        raise _empty(source)
    data, repeated = _load(text, source)
    records = None if repeated else _plain_records(data, scale)
    if records is None:  # not plainly valid: the schema decides, and names every problem
        data, structure = _structure_problems(data, repeated)
        try:
            found = sorted(map(_schema_problem, _validator(scale).iter_errors(data)))
        except RecursionError:  # pragma: no cover - depths are limited above
            found = [(0, 0, "", "the document nests too deeply")]
        schema = [(row, column, message) for row, _, column, message in found]
        values: list[_Problem] = []
        candidates = _records_of(data)
        if (structure or schema) and candidates is not None:
            # The schema's verdict alone would hide the duplicate names, infinite
            # efforts ... of other records: the validator reports those too.
            try:
                validate_records(candidates, {}, scale, source=source)
            except InputError as error:
                values = list(error.errors)
        problems = _merge(structure, schema, values)
        if problems:
            raise InputError(problems, source=source, unit="record")
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
        values; rows are 1-based record positions.  Every problem is listed at
        once: schema violations, values the schema cannot judge (a duplicate
        name, an infinite effort), a key repeated inside an object (JSON
        parsers would silently keep the last) and values nested more than
        :data:`MAX_DEPTH` levels deep.
    FieldError
        ``scale`` is not a :class:`~cxmodel.Scale`, or ``path_or_file`` is
        neither a path nor a file.

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
