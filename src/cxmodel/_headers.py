"""Match a file's or a frame's own column headers to the fields of an initiative."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ._records import REQUIRED
from .exceptions import FieldError, InputError
from .model import FIELDS

__all__ = ["ALIASES", "match_headers"]


#: Header aliases accepted in CSV files and data frames: the lens of each score.
ALIASES: dict[str, str] = {
    "business": "viability",
    "people": "desirability",
    "technology": "feasibility",
}


def _key(header: str) -> str:
    """How a header is compared with field names: case, spaces, ``-`` and ``_`` ignored."""
    return re.sub(r"[\s_-]+", "_", header.strip().lower()).strip("_")


_FIELD_KEYS: dict[str, str] = {**{_key(f): f for f in FIELDS}, **ALIASES}


def match_headers(
    headers: Sequence[str],
    columns: Mapping[str, str] | None,
    *,
    source: str,
    line: int = 0,
) -> dict[str, str]:
    """Map a file's (or data frame's) headers to fields: ``{header: field}``.

    Headers match fields case-insensitively, ignoring surrounding spaces and
    treating spaces, ``-`` and ``_`` alike (``"Depends on"`` is ``depends_on``);
    ``business``, ``people`` and ``technology`` are aliases of the three scores.
    ``columns`` maps a file's own headers to fields and takes precedence.
    Headers that match no field are ignored.

    Parameters
    ----------
    headers : sequence of str
        The headers in file order.
    columns : mapping of str to str, optional
        ``{header as written: field}``, e.g. ``{"Idea": "name"}``.
    source : str
        For error messages (a path, ``"<stdin>"``, ``"data frame"``).
    line : int, default 0
        The line of the header row, for error messages (0: not a file).

    Returns
    -------
    dict
        Every header that supplies a field, mapped to that field.

    Raises
    ------
    InputError
        A required column is missing, two headers supply the same field, or a
        header named in ``columns`` is not there.
    FieldError
        ``columns`` maps a header to something that is not a field.

    Examples
    --------
    >>> from cxmodel.io import match_headers
    >>> match_headers([" Idea ", "Business", "PEOPLE", "feasibility", "Owner"],
    ...               {"Idea": "name"}, source="ideas.csv")
    {' Idea ': 'name', 'Business': 'viability', 'PEOPLE': 'desirability', 'feasibility': 'feasibility'}
    >>> match_headers(["name", "viability"], None, source="ideas.csv", line=1)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InputError: ideas.csv: 2 problems: line 1, column 'desirability': missing column 'desirability' (also accepted: 'people'); found: 'name', 'viability'; ...
    """  # noqa: E501
    explicit: dict[str, str] = {}
    for header, field in (columns or {}).items():
        target = _FIELD_KEYS.get(_key(str(field)))
        if target is None:
            raise FieldError(
                "columns", field, f"must map {header!r} to one of the fields {FIELDS}"
            )
        explicit[_key(str(header))] = target
    errors: list[tuple[int, str, str]] = []
    mapping: dict[str, str] = {}
    claimed: dict[str, str] = {}  # field -> header
    explicit_fields = set(explicit.values())
    found_explicit: set[str] = set()
    for header in headers:
        key = _key(header)
        if key in explicit:
            field = explicit[key]
            found_explicit.add(key)
        else:
            field = _FIELD_KEYS.get(key, "")
            if not field or field in explicit_fields:
                continue  # not a field, or the caller named another column for it
        if field in claimed:
            message = f"columns {claimed[field]!r} and {header!r} both give {field}"
            errors.append((line, header, message))
            continue
        claimed[field] = header
        mapping[header] = field
    found = ", ".join(repr(h) for h in headers) or "no columns"
    for header, field in (columns or {}).items():
        if _key(str(header)) not in found_explicit:
            message = f"column {header!r} (given for {field}) is not in the header; found: {found}"
            errors.append((line, str(header), message))
    for field in REQUIRED:
        if field not in claimed and field not in explicit_fields:
            aliases = [a for a, f in ALIASES.items() if f == field]
            also = f" (also accepted: {', '.join(map(repr, aliases))})" if aliases else ""
            errors.append((line, field, f"missing column {field!r}{also}; found: {found}"))
    if errors:
        raise InputError(errors, source=source)
    return mapping
