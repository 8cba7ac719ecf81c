"""Match a file's or a frame's own column headers to the fields of an initiative.

Headers are matched as teams write them: case-insensitively, with spaces,
``_`` and ``-`` alike, a trailing unit in brackets ignored (``Viability (1-5)``
is ``viability``, ``Effort (person-weeks)`` is ``effort``), and the aliases of
:data:`~cxmodel.io.ALIASES`.  A bracketed numeric range -- ``(1-5)``, ``(1-10)``,
``[0-100]`` (an en dash works too) -- or ``(%)`` declares the scale of a score
column.  CSV files, workbooks, data frames and :func:`~cxmodel.annotate` all
use these rules.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._records import REQUIRED, SCORE_FIELDS
from .exceptions import FieldError, InputError
from .model import CRITERIA, FIELDS, Scale

__all__ = [
    "ALIASES",
    "HeaderMatch",
    "describe_headers",
    "header_scale",
    "load_columns_file",
    "match_headers",
    "resolve_headers",
]


#: Header aliases, as teams write them, and the field each one names.
ALIASES: dict[str, str] = {
    "initiative": "name",
    "idea": "name",
    "title": "name",
    "business": "viability",
    "business value": "viability",
    "people": "desirability",
    "technology": "feasibility",
    "technical feasibility": "feasibility",
    "cost": "effort",
    "size": "effort",
    "estimate": "effort",
    "depends on": "depends_on",
    "dependencies": "depends_on",
}

#: What the optional fields that a reader may confuse with a required one mean.
_NEAR_MISSES: dict[str, tuple[str, str]] = {
    "customer_desirability": ("desirability", "desirability as measured by customers"),
}

_SEPARATORS = re.compile(r"[\s_-]+")
#: A trailing bracketed group: a unit or a scale.  (No leading ``\s*``: searched for
#: in a long run of spaces, it would retry the run from every space, in quadratic time.)
_UNIT = re.compile(r"[(\[]([^()\[\]]*)[)\]]\s*$")
_NUMBER = r"([+-]?\d+(?:[.,]\d+)?)"
_RANGE = re.compile(
    r"^\s*" + _NUMBER + r"\s*(?:-|\u2013|\u2014|to|\.\.)\s*" + _NUMBER + r"\s*$", re.IGNORECASE
)


def _norm(text: str) -> str:
    return _SEPARATORS.sub("_", text.strip().lower()).strip("_")


def _split(header: str) -> tuple[str, list[str]]:
    """The header without its trailing bracketed groups, and those groups (last first)."""
    base = str(header)
    units: list[str] = []
    while (found := _UNIT.search(base)) and (before := base[: found.start()].rstrip()):
        units.append(found.group(1).strip())
        base = before
    return base, units


def _key(header: str) -> str:
    """How a header is compared with field names: case, spaces, ``-``, ``_`` and units ignored."""
    base, _ = _split(str(header))
    return _norm(base) or _norm(str(header))


def _unit_scale(unit: str) -> Scale | None:
    if unit == "%":
        return Scale(0, 100)
    found = _RANGE.match(unit)
    if found is None:
        return None
    low, high = (float(g.replace(",", ".")) for g in found.groups())
    return Scale(low, high) if low < high else None


def header_scale(header: str) -> Scale | None:
    """The scale a header's trailing brackets declare, or ``None``.

    A numeric range -- ``(1-5)``, ``(1-10)``, ``[0-100]``, ``(0 to 10)``, an en dash too --
    gives ``Scale(low, high)``; ``(%)`` gives ``Scale(0, 100)``.  Other
    brackets are units (``(person-weeks)``) and declare nothing.

    Examples
    --------
    >>> from cxmodel._headers import header_scale
    >>> header_scale("Business value (1-5)")
    Scale(low=1.0, high=5.0)
    >>> header_scale("Share [%]"), header_scale("Effort (person-weeks)")
    (Scale(low=0.0, high=100.0), None)
    """
    _, units = _split(str(header))
    for unit in units:
        scale = _unit_scale(unit)
        if scale is not None:
            return scale
    return None


def _unit(header: str) -> str | None:
    """The first trailing bracket that is not a scale (``person-weeks``), if any."""
    _, units = _split(str(header))
    return next((u for u in reversed(units) if u and _unit_scale(u) is None), None)


_FIELD_KEYS: dict[str, str] = {
    **{_norm(f): f for f in FIELDS},
    **{_norm(a): f for a, f in ALIASES.items()},
}
#: Phrases a longer header may contain to name a field ("Desirability score").
_WORD_KEYS: dict[tuple[str, ...], str] = {
    tuple(_norm(f).split("_")): f for f in (*SCORE_FIELDS, "effort")
} | {tuple(_norm(a).split("_")): f for a, f in ALIASES.items() if " " in a and f in CRITERIA}


def _field_of(value: Any) -> str | None:
    """The field a ``columns`` value names (a field or an alias), or ``None``."""
    return _FIELD_KEYS.get(_norm(str(value))) if isinstance(value, str) else None


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[k : k + n] == phrase for k in range(len(words) - n + 1))


def _word_fields(key: str) -> list[str]:
    """Fields whose name a longer header holds as whole words, longest phrases first."""
    words = tuple(re.findall(r"[^\W_]+", key))
    found: list[tuple[tuple[str, ...], str]] = [
        (phrase, field) for phrase, field in _WORD_KEYS.items() if _contains(words, phrase)
    ]
    # "customer desirability score" names customer_desirability, not also desirability
    kept = [
        (p, f) for p, f in found if not any(len(q) > len(p) and _contains(q, p) for q, _ in found)
    ]
    return list(dict.fromkeys(f for _, f in kept))


@attrs.frozen
class HeaderMatch:
    """How one header was read.

    Attributes
    ----------
    header : str
        The header as written.
    field : str or None
        The field it supplies, or ``None`` when it is not read.
    scale : Scale or None
        The scale its brackets declare, for a score field.
    unit : str or None
        A unit in brackets that is not a scale (``"person-weeks"``).
    how : str
        ``"field"`` (a field name), ``"alias"``, ``"words"`` (a field named
        inside a longer header), ``"columns"`` (the caller's mapping) or ``""``.
    note : str
        Why a header that looks like a field is not read.

    Examples
    --------
    >>> from cxmodel._headers import resolve_headers
    >>> match = resolve_headers(["Idea", "Business value (1-5)", "Desirability",
    ...                          "Feasibility"], None, source="t").matches[1]
    >>> match.field, match.scale, match.how
    ('viability', Scale(low=1.0, high=5.0), 'alias')
    """

    header: str
    field: str | None
    scale: Scale | None = None
    unit: str | None = None
    how: str = ""
    note: str = ""

    def describe(self, scale: Scale | None = None) -> str:
        """One line: ``"Business value (1-5) → viability, scale 1–5"``.

        ``scale`` is the scale given to the reader, which overrides the header's.
        """  # noqa: RUF002
        shown = self.header.strip() or repr(self.header)
        if self.field is None:
            return f"{shown} → not read" + (f" ({self.note})" if self.note else "")
        parts = [f"{shown} → {self.field}"]
        if self.field in SCORE_FIELDS:
            used = scale if scale is not None else self.scale
            if used is not None:
                given = " (given)" if scale is not None and self.scale != scale else ""
                parts.append(f"scale {used.low:g}\N{EN DASH}{used.high:g}{given}")
        elif self.unit:
            parts.append(f"unit {self.unit}")
        if self.how == "columns":
            parts.append("as mapped")
        return ", ".join(parts)


@attrs.frozen
class HeaderReading:
    """The headers of an input, read: their matches and the problems found."""

    matches: tuple[HeaderMatch, ...]
    #: ``(column, message)`` of every problem; empty when the headers can be read.
    problems: tuple[tuple[str, str], ...]
    #: The required fields no header supplies.
    missing: tuple[str, ...]

    @property
    def mapping(self) -> dict[str, str]:
        """``{header: field}`` of every header that supplies a field."""
        return {m.header: m.field for m in self.matches if m.field is not None}

    @property
    def scales(self) -> dict[str, Scale]:
        """``{field: scale}`` of every score field whose header declares a scale."""
        return {
            m.field: m.scale
            for m in self.matches
            if m.field in SCORE_FIELDS and m.scale is not None
        }

    def describe(self, scale: Scale | None = None) -> list[str]:
        """One line per header (see :meth:`HeaderMatch.describe`)."""
        return [match.describe(scale) for match in self.matches]


def _suggestion(field: str, unread: Sequence[str]) -> str | None:
    """The unread header most like ``field`` or one of its aliases, if any is close."""
    from difflib import SequenceMatcher  # only on the error path

    keys = [_norm(field), *(_norm(a) for a, f in ALIASES.items() if f == field)]
    best: tuple[float, str] | None = None
    for header in unread:
        key = _key(header)
        if not key:
            continue
        ratio = max(SequenceMatcher(None, key, k).ratio() for k in keys)
        words = set(re.findall(r"[^\W_]+", key))
        if any(set(k.split("_")) & words for k in keys):
            ratio = max(ratio, 0.75)
        if len(key) >= 3 and any(k.startswith(key) for k in keys):
            ratio = max(ratio, 0.8)  # an abbreviation: "tech", "desir"
        if ratio >= 0.6 and (best is None or ratio > best[0]):
            best = (ratio, header)
    return None if best is None else best[1]


def _flag(header: str, field: str) -> str:
    return f"--column '{header.strip()}={field}'"


def _read(headers: Sequence[str], columns: Mapping[str, str] | None) -> HeaderReading:
    """Match every header; problems are collected, not raised."""
    if columns is not None and not isinstance(columns, Mapping):
        raise FieldError("columns", columns, "must be a mapping of header -> field")
    explicit: dict[str, tuple[str, str]] = {}  # normalised header -> (as given, field)
    for given, value in (columns or {}).items():
        target = _field_of(value)
        if target is None:
            raise FieldError("columns", value, f"must map {given!r} to one of the fields {FIELDS}")
        explicit[_norm(str(given))] = (str(given), target)
    explicit_base = {_key(given): item for given, item in explicit.items()}
    explicit_fields = {field for _, field in explicit.values()}

    problems: list[tuple[str, str]] = []
    chosen: list[tuple[str, str, str]] = []  # (header, field, how) in header order
    used: set[str] = set()
    words: list[tuple[str, list[str]]] = []
    for header in headers:
        text = str(header)
        item = explicit.get(_norm(text))
        if item is None and _key(text) in explicit_base:
            item = explicit_base[_key(text)]
            if _norm(item[0]) in {_norm(str(h)) for h in headers}:
                item = None  # the mapping names another header exactly
        if item is not None:
            used.add(_norm(item[0]))
            chosen.append((text, item[1], "columns"))
            continue
        key = _key(text)
        field = _FIELD_KEYS.get(key)
        if field is not None:
            how = "field" if key == _norm(field) else "alias"
            chosen.append((text, field, how))
        else:
            words.append((text, _word_fields(key)))

    by_field: dict[str, list[tuple[str, str]]] = {}
    ambiguous: set[str] = set()  # fields an ambiguous header may give: reported once
    for header, field, how in chosen:
        if how != "columns" and field in explicit_fields:
            continue
        by_field.setdefault(field, []).append((header, how))
    for header, fields in words:
        free = [f for f in fields if f not in by_field and f not in explicit_fields]
        if len(free) > 1:
            ambiguous.update(free)
            listed = " and ".join(free)
            flags = " or ".join(_flag(header, f) for f in free)
            problems.append(
                (header, f"column {header!r} matches both {listed}; say which: {flags}")
            )
        elif free:
            by_field.setdefault(free[0], []).append((header, "words"))
    field_of: dict[str, tuple[str, str]] = {}
    for field, claims in by_field.items():
        if len(claims) > 1:
            (first, _), *others = claims
            for header, _ in others:
                message = f"columns {first!r} and {header!r} both give {field}"
                problems.append((header, message))
            continue
        header, how = claims[0]
        field_of[header] = (field, how)

    for given, _ in explicit.values():
        if _norm(given) not in used:
            field = explicit[_norm(given)][1]
            found = ", ".join(repr(str(h)) for h in headers) or "no columns"
            message = f"column {given!r} (given for {field}) is not in the header; found: {found}"
            problems.append((given, message))

    matches = []
    for header in headers:
        text = str(header)
        field, how = field_of.get(text, (None, ""))
        note = ""
        if field is None and (_key(text) in _FIELD_KEYS or _word_fields(_key(text))):
            note = "another column gives that field"
        scale = header_scale(text) if field in SCORE_FIELDS else None
        matches.append(HeaderMatch(text, field, scale, _unit(text), how, note))
    missing = tuple(
        f for f in REQUIRED if f not in by_field and f not in explicit_fields | ambiguous
    )
    return HeaderReading(tuple(matches), tuple(problems), missing)


def _missing_problems(reading: HeaderReading, headers: Sequence[str]) -> list[tuple[str, str]]:
    """One short problem per missing field; the headers found are listed once, at the end."""
    problems: list[tuple[str, str]] = []
    unread = [m.header for m in reading.matches if m.field is None and not m.note]
    suggested = False
    for field in reading.missing:
        aliases = [a for a, f in ALIASES.items() if f == field]
        also = f" (also accepted: {', '.join(map(repr, aliases))})" if aliases else ""
        message = f"missing column {field!r}{also}"
        near = next(
            (
                (m.header, meaning)
                for m in reading.matches
                for near_field, (wanted, meaning) in _NEAR_MISSES.items()
                if m.field == near_field and wanted == field
            ),
            None,
        )
        guess = _suggestion(field, unread)
        if near is not None:
            header, meaning = near
            message += (
                f"; {header.strip()!r} is read as {_field_of_header(reading, header)} "
                f"({meaning}); to read it as {field}: {_flag(header, field)}"
            )
            suggested = True
        elif guess is not None:
            message += f"; did you mean {_flag(guess, field)}?"
            suggested = True
        problems.append((field, message))
    if problems:
        found = ", ".join(repr(str(h).strip()) for h in headers) or "no columns"
        column, last = problems[-1]
        last += f"; headers found: {found}"
        if not suggested:
            last += "; map one with --column 'HEADER=FIELD' (columns={'HEADER': 'FIELD'})"
        problems[-1] = (column, last)
    return problems


def _field_of_header(reading: HeaderReading, header: str) -> str:
    return next(m.field for m in reading.matches if m.header == header and m.field)


def resolve_headers(
    headers: Sequence[str],
    columns: Mapping[str, str] | None,
    *,
    source: str,
    line: int = 0,
    sheet: str | None = None,
    letters: Mapping[str, str] | None = None,
) -> HeaderReading:
    """Read every header of an input, or raise one :class:`~cxmodel.InputError`.

    The rules are those of :func:`match_headers`; the result also tells the
    scale each header declares and how each header was read
    (:meth:`HeaderReading.describe`).

    Parameters
    ----------
    headers : sequence of str
        The headers in input order.
    columns : mapping of str to str, optional
        ``{header as written: field}``; takes precedence over the rules.
    source : str
        For error messages.
    line : int, default 0
        The line (or row) of the header, for error messages.
    sheet : str, optional
        The worksheet, so messages name cells (``Ideas!B3``).
    letters : mapping of str to str, optional
        The column letter of each header on ``sheet``.

    Examples
    --------
    >>> from cxmodel._headers import resolve_headers
    >>> reading = resolve_headers(["Initiative", "Business value (1-5)", "Desirability (1-5)",
    ...                            "Technical feasibility (%)", "Owner"], None, source="t")
    >>> reading.mapping["Initiative"], reading.scales["feasibility"]
    ('name', Scale(low=0.0, high=100.0))
    """
    reading = _read(headers, columns)
    problems = [*reading.problems, *_missing_problems(reading, headers)]
    if problems:
        raise InputError(
            [(line, column, message) for column, message in problems],
            source=source,
            sheet=sheet,
            letters=letters,
        )
    return reading


def holds_required(headers: Sequence[str], columns: Mapping[str, str] | None) -> int:
    """How many required fields these headers supply (to find a header row)."""
    return len(REQUIRED) - len(_read(headers, columns).missing)


def match_headers(
    headers: Sequence[str],
    columns: Mapping[str, str] | None,
    *,
    source: str,
    line: int = 0,
) -> dict[str, str]:
    """Map a file's (or data frame's) headers to fields: ``{header: field}``.

    Headers match fields case-insensitively, ignoring surrounding spaces,
    treating spaces, ``-`` and ``_`` alike (``"Depends on"`` is ``depends_on``)
    and ignoring a trailing unit in brackets (``"Viability (1-5)"``).  The
    aliases of :data:`~cxmodel.io.ALIASES` are accepted (``business``, ``people`` and
    ``technology`` for the three scores, ``idea`` for the name ...), and a
    longer header naming one score field in words (``"Desirability score"``)
    supplies it when no other header does.  ``columns`` maps a file's own
    headers to fields and takes precedence.  Headers that match no field are
    ignored.

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
        A required column is missing (the message lists the headers found
        and suggests a mapping), a header matches two fields, two headers
        supply the same field, or a header named in ``columns`` is not there.
    FieldError
        ``columns`` maps a header to something that is not a field.

    Examples
    --------
    >>> from cxmodel.io import match_headers
    >>> match_headers([" Idea ", "Business value (1-5)", "PEOPLE", "feasibility", "Owner"],
    ...               None, source="ideas.csv")
    {' Idea ': 'name', 'Business value (1-5)': 'viability', 'PEOPLE': 'desirability', 'feasibility': 'feasibility'}
    >>> match_headers(["Project", "viability", "people", "technology"], None,
    ...               source="ideas.csv", line=1)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InputError: ideas.csv: 1 problem: line 1, column 'name': missing column 'name' (also accepted: 'initiative', 'idea', 'title'); headers found: 'Project', 'viability', 'people', 'technology'; map one with --column 'HEADER=FIELD' (columns={'HEADER': 'FIELD'})
    """  # noqa: E501
    return resolve_headers(headers, columns, source=source, line=line).mapping


def describe_headers(
    headers: Sequence[str],
    columns: Mapping[str, str] | None = None,
    *,
    scale: Scale | None = None,
) -> list[str]:
    """How each header is read, one line per header, for a person to check.

    Never raises for headers that cannot be read: those lines say so.

    Parameters
    ----------
    headers : sequence of str
    columns : mapping of str to str, optional
        The caller's own mapping, as given to the reader.
    scale : Scale, optional
        The scale given to the reader, which overrides the headers'.

    Examples
    --------
    >>> from cxmodel._headers import describe_headers
    >>> for line in describe_headers(["Initiative", "Owner", "Business value (1-5)",
    ...                               "Effort (person-weeks)"]):
    ...     print(line)
    Initiative → name
    Owner → not read
    Business value (1-5) → viability, scale 1–5
    Effort (person-weeks) → effort, unit person-weeks
    """  # noqa: RUF002
    return _read(headers, columns).describe(scale)


def load_columns_file(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read a saved header mapping from a TOML or JSON file: ``{header: field}``.

    TOML holds ``"Header" = "field"`` lines, at the top or under a
    ``[columns]`` table; JSON an object, or an object with a ``"columns"``
    object.  A ``.json`` file is JSON, anything else TOML unless it starts
    with ``{``.  Every value must name a field (or an alias).

    Raises
    ------
    InputError
        The file is not TOML/JSON, or an entry is not text or names no field;
        every bad entry is listed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cxmodel._headers import load_columns_file
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "columns.toml")
    ...     _ = path.write_text('[columns]\\n"Customer desirability (1-5)" = "desirability"\\n'
    ...                         '"Idea name" = "name"\\n', encoding="utf-8")
    ...     load_columns_file(path)
    {'Customer desirability (1-5)': 'desirability', 'Idea name': 'name'}
    """
    import json
    import tomllib

    source = os.fspath(path)
    with open(path, "rb") as file:
        data = file.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([(0, "", "the file is not UTF-8 text")], source=source) from None
    as_json = source.lower().endswith(".json") or text.lstrip().startswith("{")
    try:
        document: Any = json.loads(text) if as_json else tomllib.loads(text)
    except ValueError as error:  # TOMLDecodeError is one
        kind = "JSON" if as_json else "TOML"
        raise InputError([(0, "", f"not valid {kind}: {error}")], source=source) from None
    if isinstance(document, dict) and isinstance(document.get("columns"), dict):
        document = document["columns"]
    if not isinstance(document, dict):
        message = "expected a table of header = field entries"
        raise InputError([(0, "", message)], source=source)
    problems: list[tuple[int, str, str]] = []
    mapping: dict[str, str] = {}
    for header, field in document.items():
        if not isinstance(field, str) or _field_of(field) is None:
            message = f"{field!r} is not a field; use one of {', '.join(FIELDS)}"
            problems.append((0, header, message))
        else:
            mapping[header] = field
    if problems:
        raise InputError(problems, source=source)
    return mapping
