"""The three lenses, score scales, thresholds and the :class:`Initiative` record.

All validation of a single initiative lives here, so every other way in (files,
records, data frames) reports bad values the same way.
"""

from __future__ import annotations

import enum
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, Self, overload

import attrs
import numpy as np
import numpy.typing as npt

from .exceptions import FieldError, ScoreError
from .vocabulary import Channel, Stage

__all__ = ["CRITERIA", "Initiative", "Lens", "Scale", "Thresholds"]

#: The three criteria in lens order: business, people, technology.
CRITERIA: tuple[str, str, str] = ("viability", "desirability", "feasibility")


class Lens(enum.Enum):
    """The three lenses of the customer-experience model.

    Each lens judges one criterion: business judges *viability*, people judge
    *desirability* and technology judges *feasibility*.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.Lens.PEOPLE.criterion
    'desirability'
    >>> cx.Lens.from_criterion("feasibility")
    <Lens.TECHNOLOGY: 'technology'>
    """

    BUSINESS = "business"
    PEOPLE = "people"
    TECHNOLOGY = "technology"

    @property
    def criterion(self) -> str:
        """The score this lens judges: ``"viability"``, ``"desirability"`` or ``"feasibility"``."""
        return CRITERIA[_LENS_ORDER.index(self)]

    @property
    def adjective(self) -> str:
        """How a passing initiative is described: ``"viable"``, ``"desirable"``, ``"feasible"``."""
        return {"viability": "viable", "desirability": "desirable", "feasibility": "feasible"}[
            self.criterion
        ]

    @property
    def question(self) -> str:
        """The question this lens asks of an initiative."""
        return _QUESTIONS[self]

    @property
    def bit(self) -> int:
        """The bit this lens sets in a :class:`~cxmodel.Region` code (1, 2 or 4)."""
        return 1 << _LENS_ORDER.index(self)

    @classmethod
    def from_criterion(cls, criterion: str) -> Lens:
        """Return the lens that judges ``criterion`` (``"viability"`` and so on)."""
        try:
            return _LENS_ORDER[CRITERIA.index(criterion)]
        except ValueError:
            raise FieldError("criterion", criterion, f"must be one of {CRITERIA}") from None


_LENS_ORDER = (Lens.BUSINESS, Lens.PEOPLE, Lens.TECHNOLOGY)
_QUESTIONS = {
    Lens.BUSINESS: "Is it profitable and sustainable, worth bringing to market?",
    Lens.PEOPLE: "Do customers want and desire it?",
    Lens.TECHNOLOGY: "Can technology make it real today?",
}


def check_score(field: str, value: Any, *, low: float = 0.0, high: float = 1.0) -> float:
    """Return ``value`` as a float if it is a finite real number in ``[low, high]``.

    Booleans, strings and ``None`` are rejected even though Python could convert
    some of them, because in a score they are almost always a mistake.
    """
    number = _real(value)
    if number is None or not (low <= number <= high):  # also rejects NaN
        raise ScoreError(field, value, f"must be a finite real number in [{low:g}, {high:g}]")
    return number


def check_effort(value: Any) -> float:
    """Return ``value`` as a float if it is a finite real number greater than zero."""
    number = _real(value)
    if number is None or not (0.0 < number < math.inf):
        raise ScoreError("effort", value, "must be a finite number > 0")
    return number


def _real(value: Any) -> float | None:
    """``value`` as a float, or None for bools, non-numbers and ints too large for a float."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _optional_score(field: str, value: Any) -> float | None:
    return None if value is None else check_score(field, value)


def _stated_desire(value: Any) -> float | None:
    return _optional_score("stated_desire", value)


def _value_driver(value: Any) -> float | None:
    return _optional_score("value_driver", value)


def _customer_desirability(value: Any) -> float | None:
    return _optional_score("customer_desirability", value)


def _viability(value: Any) -> float:
    return check_score("viability", value)


def _desirability(value: Any) -> float:
    return check_score("desirability", value)


def _feasibility(value: Any) -> float:
    return check_score("feasibility", value)


def _strings(field: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)  # one tag, not its characters
    try:
        items = tuple(value)
    except TypeError:
        raise FieldError(field, value, "must be an iterable of strings") from None
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise FieldError(field, value, f"must hold non-empty strings, not {item!r}")
        _check_unicode(field, item)
    # Stripped like names, so that depends_on matches names and list cells round-trip.
    return tuple(item.strip() for item in items)


def _tags(value: Any) -> tuple[str, ...]:
    return _strings("tags", value)


def _depends_on(value: Any) -> tuple[str, ...]:
    return _strings("depends_on", value)


def _stakeholders(value: Any) -> tuple[str, ...]:
    return _strings("stakeholders", value)


def _stages(value: Any) -> tuple[Stage, ...]:
    items = (value,) if isinstance(value, str | Stage) else value
    try:
        return tuple(Stage.parse(item) for item in items)
    except (TypeError, ValueError) as error:
        raise FieldError("stages", value, f"must be journey stages ({error})") from None


def _channel(value: Any) -> Channel | None:
    if value is None:
        return None
    try:
        return Channel.parse(value)
    except ValueError as error:
        raise FieldError("channel", value, f"must be a Channel ({error})") from None


def _check_unicode(field: str, text: str) -> None:
    """Text every file can hold: a lone surrogate (from a JSON escape) could never be written."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        raise FieldError(
            field, text, f"holds a lone surrogate (U+{code:04X}), which is not Unicode text"
        ) from None


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("name", value, "must be a non-empty string")
    _check_unicode("name", value)
    return value.strip()  # stray spaces from spreadsheets would break look-ups by name


def _description(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError("description", value, "must be a string")
    _check_unicode("description", value)
    return value


def _scale_end(value: Any) -> float:
    number = _real(value)
    if number is None or not math.isfinite(number):
        raise FieldError("scale", value, "must have finite real numbers as ends")
    return number


@attrs.frozen
class Scale:
    """A raw score scale, converted to and from the library's ``[0, 1]``.

    Parameters
    ----------
    low, high : float
        The ends of the raw scale; ``low < high``, both finite.

    Examples
    --------
    >>> import cxmodel as cx
    >>> five = cx.Scale.likert(5)
    >>> five == cx.Scale(1, 5)
    True
    >>> five.normalize(4)
    0.75
    >>> five.denormalize(0.75)
    4.0
    >>> cx.Scale(0, 100).normalize(70)
    0.7
    """

    low: float = attrs.field(converter=_scale_end)
    high: float = attrs.field(converter=_scale_end)

    def __attrs_post_init__(self) -> None:
        if not self.low < self.high:
            raise FieldError("scale", (self.low, self.high), "must have low < high")

    @classmethod
    def likert(cls, points: int) -> Self:
        """The Likert scale ``1..points``, for example ``Scale.likert(5) == Scale(1, 5)``."""
        if isinstance(points, bool) or not isinstance(points, int) or points < 2:
            raise FieldError("points", points, "must be an integer >= 2")
        return cls(1, points)

    @classmethod
    def percent(cls) -> Self:
        """The percent scale ``Scale(0, 100)``."""
        return cls(0, 100)

    @overload
    def normalize(self, x: float) -> float: ...
    @overload
    def normalize(self, x: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    def normalize(self, x: Any) -> Any:
        """Map a raw value (or array) from ``[low, high]`` to ``[0, 1]``.

        The formula is ``(x - low) / (high - low)``.

        Values outside the scale raise :class:`~cxmodel.ScoreError` naming the value.
        """
        if np.ndim(x) == 0:
            raw = check_score("score", x, low=self.low, high=self.high)
            return (raw - self.low) / (self.high - self.low)
        array = np.asarray(x, dtype=np.float64)
        bad = ~((array >= self.low) & (array <= self.high))
        if bad.any():
            value = array[bad][0]
            raise ScoreError("score", float(value), f"must be in [{self.low:g}, {self.high:g}]")
        return (array - self.low) / (self.high - self.low)

    def thresholds(
        self,
        *,
        viability: float | None = None,
        desirability: float | None = None,
        feasibility: float | None = None,
    ) -> Thresholds:
        """Thresholds written on this scale: ``Scale.likert(5).thresholds(desirability=4)``.

        Each given pass mark is normalised to ``[0, 1]``; the ones not given
        stay at the midpoint ``0.5``.  On a 1-5 scale the midpoint is a neutral
        3, which passes; "4 or more" is ``thresholds(desirability=4)``.

        Raises
        ------
        ScoreError
            A pass mark outside the scale.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.Scale.likert(5).thresholds(desirability=4)
        Thresholds(viability=0.5, desirability=0.75, feasibility=0.5)
        >>> cx.Scale(0, 100).thresholds(viability=60, feasibility=40).as_tuple()
        (0.6, 0.5, 0.4)
        """
        given = {"viability": viability, "desirability": desirability, "feasibility": feasibility}
        values: dict[str, float] = {}
        for field, value in given.items():
            if value is not None:
                raw = check_score(f"{field} threshold", value, low=self.low, high=self.high)
                values[field] = (raw - self.low) / (self.high - self.low)
        return Thresholds(**values)

    @overload
    def denormalize(self, y: float) -> float: ...
    @overload
    def denormalize(self, y: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    def denormalize(self, y: Any) -> Any:
        """Map a normalised value (or array) back to the raw scale: ``low + y * (high - low)``."""
        if np.ndim(y) == 0:
            return self.low + check_score("score", y) * (self.high - self.low)
        return self.low + np.asarray(y, dtype=np.float64) * (self.high - self.low)


def _viability_threshold(value: Any) -> float:
    return check_score("viability threshold", value)


def _desirability_threshold(value: Any) -> float:
    return check_score("desirability threshold", value)


def _feasibility_threshold(value: Any) -> float:
    return check_score("feasibility threshold", value)


@attrs.frozen
class Thresholds:
    """The pass mark of each lens; a score passes when it is ``>=`` its threshold.

    The default ``0.5`` is the midpoint of a normalised scale: an initiative
    passes a lens when it is rated at least half-way up.  It is a neutral
    starting point, not an industry standard; set your own.

    Examples
    --------
    >>> import cxmodel as cx
    >>> t = cx.Thresholds(viability=0.6)
    >>> t.for_lens(cx.Lens.BUSINESS), t.desirability
    (0.6, 0.5)
    >>> cx.Thresholds.uniform(0.7).feasibility
    0.7
    """

    viability: float = attrs.field(default=0.5, converter=_viability_threshold)
    desirability: float = attrs.field(default=0.5, converter=_desirability_threshold)
    feasibility: float = attrs.field(default=0.5, converter=_feasibility_threshold)

    @classmethod
    def uniform(cls, value: float) -> Self:
        """The same threshold for all three lenses."""
        return cls(value, value, value)

    def for_lens(self, lens: Lens) -> float:
        """The threshold of ``lens``."""
        value: float = getattr(self, lens.criterion)
        return value

    def as_tuple(self) -> tuple[float, float, float]:
        """``(viability, desirability, feasibility)``."""
        return (self.viability, self.desirability, self.feasibility)


@attrs.frozen
class Initiative:
    """One initiative (a product idea, feature, service change or campaign), scored by lens.

    Parameters
    ----------
    name : str
        Non-empty; the unique key of the initiative in a portfolio.  Surrounding
        white space is removed.
    viability, desirability, feasibility : float
        The business, people and technology scores, real numbers in ``[0, 1]``
        (numpy scalars are accepted).  Use :class:`Scale` to convert raw scores.
    effort : float, default 1.0
        Finite and ``> 0``, in any unit you like (weeks, budget); it weighs the
        initiative in balance reports and the critical path.
    tags, depends_on : iterable of str
        Stored as tuples of stripped strings.  ``depends_on`` names other
        initiatives of the portfolio.
    description : str
        Free text.
    stated_desire, value_driver : float or None
        Customer desire model: how much customers *say* they want it, and how
        much it actually *drives value* for them (see :func:`desire_quadrant`).
    customer_desirability : float or None
        Desirability as measured by customers, beside the company's own
        estimate in ``desirability`` (see :func:`perception_gap`).
    stages : iterable of Stage or str
        Customer-journey stages the initiative touches.
    channel : Channel, str or None
        Human or technical interactions, or both.
    stakeholders : iterable of str
        Who it serves beyond customers: ``"employees"``, ``"partners"`` ...

    Raises
    ------
    ScoreError
        A score or the effort is NaN, infinite, a bool, a string, ``None`` or
        out of range; the message names the field and the value.
    FieldError
        Another field has a bad value (an empty name, a non-string tag ...).

    Examples
    --------
    >>> import cxmodel as cx
    >>> forum = cx.Initiative("Customer community", 0.7, 0.9, 0.6, effort=3, tags=["loyalty"])
    >>> forum.scores
    {'viability': 0.7, 'desirability': 0.9, 'feasibility': 0.6}
    >>> forum.tags
    ('loyalty',)
    >>> forum.evolve(feasibility=0.2).feasibility
    0.2
    """

    name: str = attrs.field(converter=_name)
    viability: float = attrs.field(converter=_viability)
    desirability: float = attrs.field(converter=_desirability)
    feasibility: float = attrs.field(converter=_feasibility)
    effort: float = attrs.field(default=1.0, converter=check_effort, kw_only=True)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags, kw_only=True)
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_depends_on, kw_only=True)
    description: str = attrs.field(default="", converter=_description, kw_only=True)
    stated_desire: float | None = attrs.field(default=None, converter=_stated_desire, kw_only=True)
    value_driver: float | None = attrs.field(default=None, converter=_value_driver, kw_only=True)
    customer_desirability: float | None = attrs.field(
        default=None, converter=_customer_desirability, kw_only=True
    )
    stages: tuple[Stage, ...] = attrs.field(default=(), converter=_stages, kw_only=True)
    channel: Channel | None = attrs.field(default=None, converter=_channel, kw_only=True)
    stakeholders: tuple[str, ...] = attrs.field(default=(), converter=_stakeholders, kw_only=True)

    @property
    def scores(self) -> dict[str, float]:
        """The three scores keyed by criterion, in lens order."""
        return {
            "viability": self.viability,
            "desirability": self.desirability,
            "feasibility": self.feasibility,
        }

    def score(self, lens: Lens) -> float:
        """The score this initiative has under ``lens``."""
        value: float = getattr(self, lens.criterion)
        return value

    def evolve(self, **changes: Any) -> Initiative:
        """Return a copy with ``changes`` applied, validated like a new initiative."""
        return attrs.evolve(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the fields; optional fields left at their default are omitted.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.Initiative("Kiosk", 0.5, 0.25, 1.0, tags=["store"]).to_dict()
        {'name': 'Kiosk', 'viability': 0.5, 'desirability': 0.25, 'feasibility': 1.0,
         'effort': 1.0, 'tags': ['store']}
        """
        record: dict[str, Any] = {"name": self.name, **self.scores, "effort": self.effort}
        add_optional_fields(record, {f: getattr(self, f) for f in OPTIONAL_FIELDS})
        return record

    @classmethod
    def from_mapping(cls, record: Mapping[str, Any]) -> Initiative:
        """Build an initiative from a mapping of field names (unknown keys are ignored)."""
        known = {k: v for k, v in record.items() if k in FIELDS}
        missing = [f for f in ("name", *CRITERIA) if f not in known]
        if missing:
            raise FieldError(missing[0], None, "is required")
        args = [known.pop(f) for f in ("name", *CRITERIA)]
        return cls(*args, **known)


#: Every field of :class:`Initiative`, in order.
FIELDS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Initiative))
#: Fields beyond name, the three scores and effort.
OPTIONAL_FIELDS: tuple[str, ...] = FIELDS[5:]
#: The default of every field that has one (``effort`` and the optional fields).
DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in attrs.fields(Initiative) if f.default is not attrs.NOTHING
}


def is_default(value: Any) -> bool:
    """True for the value an optional field has when it is not set: ``None``, ``()`` or ``""``.

    Examples
    --------
    >>> from cxmodel.model import is_default
    >>> is_default(()), is_default(0.0)
    (True, False)
    """
    return value is None or value == () or value == ""


def plain_value(value: Any) -> Any:
    """An optional field's value as plain data: tuples as lists of strings, a channel as text.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.model import plain_value
    >>> plain_value((cx.Stage.USE,)), plain_value(cx.Channel.HUMAN), plain_value(0.5)
    (['use'], 'human', 0.5)
    """
    if isinstance(value, tuple):
        return [str(item) for item in value]
    if isinstance(value, Channel):
        return value.value
    return value


def add_optional_fields(record: dict[str, Any], values: Mapping[str, Any]) -> None:
    """Add the optional ``values`` that are not at their default to ``record``, JSON-ready."""
    for field, value in values.items():
        if not is_default(value):
            record[field] = plain_value(value)


def as_initiatives(items: Iterable[Initiative]) -> list[Initiative]:
    """Return ``items`` as a list, checking that each one is an :class:`Initiative`."""
    result = list(items)
    for position, item in enumerate(result, start=1):
        if not isinstance(item, Initiative):
            raise FieldError(
                "initiatives", item, f"item {position} must be an Initiative (use from_records)"
            )
    return result


#: Score differences within this of a limit count as equal, so that a gap written
#: as 0.7 - 0.4 >= 0.3 holds as a person reads it despite binary floating point.
GAP_TOLERANCE = 1e-9
