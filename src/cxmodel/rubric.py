"""Rubrics: the questions a scoring workshop answers, grouped by lens.

A lens score is hard to rate in one go ("how viable is it, 1 to 5?").  A rubric
splits each lens into a few concrete questions, each with anchored
descriptions of what a low and a high score mean, so that raters mean the same
thing by a 2.  :func:`~cxmodel.workshop.aggregate_ratings` turns the answers
back into lens scores: the weighted mean of a lens's questions.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._lenses import parse_lens
from ._text import text_table
from .exceptions import FieldError, InputError
from .model import CRITERIA, Lens, Scale

__all__ = ["CRITERION_NAMES", "Question", "Rubric", "criterion_of", "match_key", "resolve_rubric"]

#: How ratings may name a lens score: criterion, lens and the aliases files accept.
CRITERION_NAMES: dict[str, str] = {
    **{criterion: criterion for criterion in CRITERIA},
    "business": "viability",
    "business_value": "viability",
    "people": "desirability",
    "technology": "feasibility",
    "technical_feasibility": "feasibility",
}

_QUESTION_FIELDS = ("key", "lens", "text", "weight", "anchors")


def match_key(text: str) -> str:
    """How keys and headers are compared: case, spaces, ``-`` and ``_`` do not matter.

    Examples
    --------
    >>> from cxmodel.rubric import match_key
    >>> match_key(" Strategic fit"), match_key("strategic-FIT")
    ('strategic_fit', 'strategic_fit')
    """
    return re.sub(r"[\s_-]+", "_", text.strip().lower()).strip("_")


def criterion_of(name: str) -> str | None:
    """The criterion a lens-level name stands for, or None.

    Accepts the criteria, the lens names and the header aliases of input files
    (``business value``, ``technical feasibility``), in any case.

    Examples
    --------
    >>> from cxmodel.rubric import criterion_of
    >>> criterion_of("People"), criterion_of("Technical feasibility"), criterion_of("cost")
    ('desirability', 'feasibility', None)
    """
    return CRITERION_NAMES.get(match_key(name))


def _key(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("key", value, "must be a non-empty string")
    if criterion_of(value) is not None:
        raise FieldError(
            "key", value, "must differ from the criteria and lens names (ratings use those)"
        )
    return value.strip()


def _lens(value: Any) -> Lens:
    return parse_lens(value, "lens")


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("text", value, "must be a non-empty string")
    return value.strip()


def _weight(value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not (0.0 < float(value) < math.inf)
    ):
        raise FieldError("weight", value, "must be a finite number > 0")
    return float(value)


def _anchor_score(key: Any, anchors: Any) -> float:
    number: float | None = None
    if isinstance(key, numbers.Real) and not isinstance(key, bool):
        number = float(key)
    elif isinstance(key, str):  # TOML and JSON keys are strings
        try:
            number = float(key.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise FieldError("anchors", anchors, f"must be keyed by scores, not {key!r}")
    return int(number) if number.is_integer() else number


def _anchors(value: Any) -> dict[float, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FieldError("anchors", value, "must map scores to descriptions")
    result: dict[float, str] = {}
    for key, text in value.items():
        score = _anchor_score(key, value)
        if not isinstance(text, str) or not text.strip():
            raise FieldError("anchors", value, f"must describe score {key!r} in words")
        if score in result:
            raise FieldError("anchors", value, f"describe score {score!r} twice")
        result[score] = text.strip()
    return dict(sorted(result.items()))


@attrs.frozen
class Question:
    """One question of a rubric: what raters answer for one lens.

    Parameters
    ----------
    key : str
        Short unique name, used in rating sheets (``"profitable"``).  It must
        differ from the criteria and lens names (``viability``, ``business`` ...)
        because ratings name lens scores with those.
    lens : Lens or str
        The lens the question belongs to: a :class:`~cxmodel.Lens`, a criterion
        (``"viability"``) or a lens name (``"business"``).
    text : str
        The question (or statement) as raters read it.
    weight : float, default 1.0
        The question's weight in its lens score; finite and ``> 0``.
    anchors : mapping of score to str, optional
        What particular scores mean, on the rating scale:
        ``{1: "nobody asked for it", 5: "customers ask for it unprompted"}``.
        Keys may be numbers or numeric strings (TOML and JSON keys); they are
        stored as numbers, sorted.

    Examples
    --------
    >>> from cxmodel.rubric import Question
    >>> q = Question("wanted", "people", "Customers want it.",
    ...              anchors={"1": "nobody asked for it", "5": "customers ask for it unprompted"})
    >>> q.lens, q.criterion, q.weight
    (<Lens.PEOPLE: 'people'>, 'desirability', 1.0)
    >>> q.anchors
    {1: 'nobody asked for it', 5: 'customers ask for it unprompted'}
    >>> Question("viability", "business", "Is it viable?")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: key must differ from the criteria and lens names \
(ratings use those), got 'viability'
    """

    key: str = attrs.field(converter=_key)
    lens: Lens = attrs.field(converter=_lens)
    text: str = attrs.field(converter=_text)
    weight: float = attrs.field(default=1.0, converter=_weight, kw_only=True)
    anchors: dict[float, str] = attrs.field(
        factory=dict, converter=_anchors, kw_only=True, hash=False
    )

    @property
    def criterion(self) -> str:
        """The criterion of the question's lens: ``"viability"`` and so on."""
        return self.lens.criterion

    def guide(self) -> str:
        """The anchors as one line: ``1 = nobody asked for it; 5 = ...``.

        Examples
        --------
        >>> from cxmodel.rubric import Question
        >>> Question("skills", "technology", "We have the skills.",
        ...          anchors={5: "done it before", 1: "none in-house"}).guide()
        '1 = none in-house; 5 = done it before'
        """
        return "; ".join(f"{score:g} = {text}" for score, text in self.anchors.items())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, as :meth:`Rubric.from_file` reads it (anchor keys as text).

        Examples
        --------
        >>> from cxmodel.rubric import Question
        >>> Question("skills", "technology", "We have the skills.", weight=2).to_dict()
        {'key': 'skills', 'lens': 'feasibility', 'text': 'We have the skills.', 'weight': 2.0,
         'anchors': {}}
        """
        return {
            "key": self.key,
            "lens": self.criterion,
            "text": self.text,
            "weight": self.weight,
            "anchors": {f"{score:g}": text for score, text in self.anchors.items()},
        }


def _questions(value: Any) -> tuple[Question, ...]:
    if isinstance(value, str | Question) or not isinstance(value, Iterable):
        raise FieldError("questions", value, "must be an iterable of Question")
    items = tuple(value)
    seen: dict[str, str] = {}
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Question):
            raise FieldError("questions", item, f"item {position} must be a Question")
        key = match_key(item.key)
        if key in seen:
            raise FieldError("questions", item.key, f"hold the key twice (also as {seen[key]!r})")
        seen[key] = item.key
    if not items:
        raise FieldError("questions", value, "must hold at least one question")
    return items


def _scale(value: Any) -> Scale | None:
    if value is None or isinstance(value, Scale):
        return value
    raise FieldError("scale", value, "must be a cxmodel.Scale or None")


@attrs.frozen
class Rubric:
    """The questions of a scoring workshop, optionally with the scale they are rated on.

    Parameters
    ----------
    questions : iterable of Question
        At least one; keys are unique, compared without regard to case, spaces,
        ``-`` and ``_``.  A lens may have no question (then raters score it
        directly, by its criterion).
    scale : Scale, optional
        The rating scale the anchors refer to; :func:`~cxmodel.workshop.aggregate_ratings`
        uses it when it is given no ``scale``.  Anchors must lie on it.

    Examples
    --------
    >>> from cxmodel.rubric import Question, Rubric
    >>> rubric = Rubric([
    ...     Question("profitable", "viability", "It will be profitable.", weight=2),
    ...     Question("fit", "viability", "It fits our strategy."),
    ...     Question("wanted", "desirability", "Customers want it."),
    ... ])
    >>> rubric.keys
    ('profitable', 'fit', 'wanted')
    >>> [q.key for q in rubric.for_lens("business")]
    ['profitable', 'fit']
    >>> rubric["Wanted"].criterion
    'desirability'
    >>> len(Rubric.default())
    9
    """

    questions: tuple[Question, ...] = attrs.field(converter=_questions)
    scale: Scale | None = attrs.field(default=None, converter=_scale, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.scale is None:
            return
        for q in self.questions:
            for score in q.anchors:
                if not self.scale.low <= score <= self.scale.high:
                    raise FieldError(
                        "anchors",
                        score,
                        f"of question {q.key!r} must lie on the scale "
                        f"[{self.scale.low:g}, {self.scale.high:g}]",
                    )

    @classmethod
    def default(cls) -> Rubric:
        """Three questions per lens, worded from the model, rated on a 1-5 scale.

        Business (viability): profitable, sustainable, fits the strategy.
        People (desirability): customers want it, it helps them accomplish
        something, they would recommend it.  Technology (feasibility): the
        technology exists, the team has the skills, it can be delivered.
        All weights are 1; each question has anchors for 1, 3 and 5.

        Examples
        --------
        >>> from cxmodel.rubric import Rubric
        >>> rubric = Rubric.default()
        >>> rubric.keys[:3]
        ('profitable', 'sustainable', 'strategic_fit')
        >>> rubric["wanted"].anchors[5]
        'customers ask for it unprompted'
        """
        return cls([Question(*row[:3], anchors=row[3]) for row in _DEFAULT], scale=Scale(1, 5))

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "rubric") -> Rubric:
        """Build a rubric from plain data, as read from TOML, JSON or YAML.

        ``data`` is a mapping with a list ``questions`` (each a mapping with
        ``key``, ``lens``, ``text`` and optionally ``weight`` and ``anchors``)
        and optionally ``scale`` as ``[low, high]``; a bare list of questions
        is accepted too.

        Raises
        ------
        InputError
            Listing every problem: the question's 1-based position, the field
            and the value.

        Examples
        --------
        >>> from cxmodel.rubric import Rubric
        >>> Rubric.from_dict({"questions": [
        ...     {"key": "fit", "lens": "viability", "text": "Fits the strategy."},
        ...     {"key": "fit", "lens": "cost", "text": "", "weight": 0}]})
        Traceback (most recent call last):
        ...
        cxmodel.exceptions.InputError: rubric: 4 problems: question 2, column 'key': \
key 'fit' is used twice (also by question 1); question 2, column 'lens': ...
        """
        errors: list[tuple[int, str, str]] = []
        if isinstance(data, list):
            data = {"questions": data}
        if not isinstance(data, Mapping):
            raise InputError([(0, "", "a rubric must be a table with 'questions'")], source=source)
        unknown = sorted(set(data) - {"questions", "scale", "title"})
        if unknown:
            errors.append((0, "", f"unknown top-level keys {unknown} (known: questions, scale)"))
        scale = None
        if "scale" in data:
            scale = _read_scale(data["scale"], errors)
        raw = data.get("questions")
        if not isinstance(raw, list) or not raw:
            found = ", ".join(map(repr, data)) or "nothing"
            errors.append(
                (0, "questions", f"a non-empty list of questions is needed; found {found}")
            )
            raise InputError(errors, source=source, unit="question")
        questions: list[Question] = []
        positions: dict[str, int] = {}
        for position, item in enumerate(raw, start=1):
            raw_key = item.get("key") if isinstance(item, Mapping) else None
            if isinstance(raw_key, str) and raw_key.strip():
                key = match_key(raw_key)
                if key in positions:
                    errors.append(
                        (
                            position,
                            "key",
                            f"key {raw_key!r} is used twice (also by question {positions[key]})",
                        )
                    )
                positions.setdefault(key, position)
            question = _read_question(position, item, errors)
            if question is not None:
                questions.append(question)
        if not errors:
            try:
                return cls(questions, scale=scale)
            except FieldError as error:
                errors.append((0, error.field, str(error)))
        raise InputError(errors, source=source, unit="question")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Rubric:
        """Read a rubric from a ``.toml``, ``.json`` or ``.yaml`` / ``.yml`` file.

        The layout is the one :meth:`from_dict` reads; in TOML::

            scale = [1, 5]

            [[questions]]
            key = "wanted"
            lens = "desirability"
            text = "Customers want it."
            weight = 2
            anchors = { 1 = "nobody asked for it", 5 = "customers ask for it unprompted" }

        YAML needs PyYAML installed (it is not a dependency of cxmodel).

        Raises
        ------
        InputError
            The file is missing or not valid TOML/JSON/YAML (naming the line),
            or a question is bad (naming its position, the field and the value).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from cxmodel.rubric import Rubric
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "rubric.toml"
        >>> _ = path.write_text('[[questions]]\\nkey = "fit"\\nlens = "business"\\n'
        ...                     'text = "Fits the strategy."\\nweight = 2\\n')
        >>> Rubric.from_file(path)["fit"].weight
        2.0
        """
        path = Path(path)
        source = str(path)
        suffix = path.suffix.lower()
        if suffix not in (".toml", ".json", ".yaml", ".yml"):
            raise InputError(
                [(0, "", f"a rubric file must be .toml, .json or .yaml, not {suffix!r}")],
                source=source,
            )
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError([(0, "", f"cannot read the file: {error}")], source=source) from None
        return cls.from_dict(_parse(text, suffix, source), source=source)

    @property
    def keys(self) -> tuple[str, ...]:
        """The question keys, in order."""
        return tuple(q.key for q in self.questions)

    def for_lens(self, lens: Lens | str) -> tuple[Question, ...]:
        """The questions of ``lens`` (a Lens, criterion or lens name), in order."""
        wanted = parse_lens(lens)
        return tuple(q for q in self.questions if q.lens is wanted)

    def find(self, key: str) -> Question | None:
        """The question whose key matches ``key`` (case, spaces, ``-``, ``_`` ignored)."""
        wanted = match_key(key)
        for q in self.questions:
            if match_key(q.key) == wanted:
                return q
        return None

    def __getitem__(self, key: str) -> Question:
        question = self.find(key)
        if question is None:
            raise KeyError(key)
        return question

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) is not None

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict that :meth:`from_dict` reads back.

        Examples
        --------
        >>> from cxmodel.rubric import Rubric
        >>> data = Rubric.default().to_dict()
        >>> data["scale"], len(data["questions"])
        ([1.0, 5.0], 9)
        >>> Rubric.from_dict(data) == Rubric.default()
        True
        """
        data: dict[str, Any] = {}
        if self.scale is not None:
            data["scale"] = [self.scale.low, self.scale.high]
        data["questions"] = [q.to_dict() for q in self.questions]
        return data

    def __str__(self) -> str:
        rows = [("lens", "key", "weight", "question")]
        for lens in Lens:
            rows.extend((lens.value, q.key, f"{q.weight:g}", q.text) for q in self.for_lens(lens))
        scale = f" on {self.scale.low:g}-{self.scale.high:g}" if self.scale else ""
        return f"Rubric of {len(self)} questions{scale}\n" + text_table(rows, right=[2])


def resolve_rubric(rubric: Rubric | None, scale: Scale | None) -> tuple[Rubric, Scale | None]:
    """The rubric to use (``None``: :meth:`Rubric.default`) and the scale, types checked.

    Shared by :func:`~cxmodel.aggregate_ratings` and
    :func:`~cxmodel.write_ratings_template`, which take both arguments.

    Examples
    --------
    >>> from cxmodel.rubric import resolve_rubric
    >>> rubric, scale = resolve_rubric(None, None)
    >>> len(rubric), scale
    (9, None)
    >>> resolve_rubric("rubric.toml", None)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: rubric must be a cxmodel Rubric or None, got 'rubric.toml'
    """
    if rubric is None:
        rubric = Rubric.default()
    elif not isinstance(rubric, Rubric):
        raise FieldError("rubric", rubric, "must be a cxmodel Rubric or None")
    if scale is not None and not isinstance(scale, Scale):
        raise FieldError("scale", scale, "must be a cxmodel.Scale or None")
    return rubric, scale


def _read_scale(value: Any, errors: list[tuple[int, str, str]]) -> Scale | None:
    if isinstance(value, Mapping):
        value = [value.get("low"), value.get("high")]
    if isinstance(value, list | tuple) and len(value) == 2:
        try:
            return Scale(*value)
        except FieldError as error:
            errors.append((0, "scale", str(error)))
            return None
    errors.append((0, "scale", f"must be [low, high], got {value!r}"))
    return None


def _read_question(
    position: int, item: Any, errors: list[tuple[int, str, str]]
) -> Question | None:
    if not isinstance(item, Mapping):
        errors.append((position, "", f"a question must be a table of fields, got {item!r}"))
        return None
    named = f" (question {item['key']!r})" if isinstance(item.get("key"), str) else ""
    before = len(errors)
    for field in sorted(set(item) - set(_QUESTION_FIELDS)):
        errors.append(
            (position, str(field), f"unknown field (known: {', '.join(_QUESTION_FIELDS)}){named}")
        )
    for field in ("key", "lens", "text"):
        if field not in item:
            errors.append((position, field, f"{field} is missing{named}"))
    converters: dict[str, Any] = {
        "key": _key,
        "lens": _lens,
        "text": _text,
        "weight": _weight,
        "anchors": _anchors,
    }
    for field, convert in converters.items():
        if field in item:
            try:
                convert(item[field])
            except FieldError as error:
                errors.append((position, field, f"{error}{named}"))
    if len(errors) > before:
        return None
    return Question(
        item["key"],
        item["lens"],
        item["text"],
        weight=item.get("weight", 1.0),
        anchors=item.get("anchors"),
    )


def _parse(text: str, suffix: str, source: str) -> Any:
    if suffix == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"line (\d+)", str(error))
            line = int(match.group(1)) if match else 0
            raise InputError([(line, "", f"not valid TOML: {error}")], source=source) from None
    if suffix == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                [(error.lineno, "", f"not valid JSON: {error.msg}")], source=source
            ) from None
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        raise InputError(
            [(0, "", "reading YAML needs PyYAML (pip install pyyaml); use TOML or JSON")],
            source=source,
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise InputError([(line, "", f"not valid YAML: {error}")], source=source) from None


_DEFAULT: tuple[tuple[str, str, str, dict[float, str]], ...] = (
    (
        "profitable",
        "viability",
        "It will be profitable: it brings in more than it costs.",
        {1: "it will lose money", 3: "it may break even", 5: "clearly profitable"},
    ),
    (
        "sustainable",
        "viability",
        "It is sustainable: worth bringing to market and keeping there.",
        {1: "a one-off that soon fades", 3: "lasts a season or two", 5: "pays off for years"},
    ),
    (
        "strategic_fit",
        "viability",
        "It fits our strategy.",
        {1: "works against our strategy", 3: "neutral to it", 5: "at the heart of it"},
    ),
    (
        "wanted",
        "desirability",
        "Customers want it.",
        {
            1: "nobody asked for it",
            3: "some would welcome it",
            5: "customers ask for it unprompted",
        },
    ),
    (
        "helps",
        "desirability",
        "It helps customers accomplish something (rather than getting in the way).",
        {
            1: "it gets in their way",
            3: "a small convenience",
            5: "a task they care about becomes easy",
        },
    ),
    (
        "recommend",
        "desirability",
        "Customers who use it would recommend it to others.",
        {
            1: "they would warn others off",
            3: "they would not mention it",
            5: "they become evangelists",
        },
    ),
    (
        "technology_exists",
        "feasibility",
        "The technology to make it real exists today.",
        {1: "it needs an invention", 3: "exists, but new to us", 5: "proven and at hand"},
    ),
    (
        "skills",
        "feasibility",
        "Our team has the skills to build and run it.",
        {
            1: "none of the skills in-house",
            3: "some, the rest we can hire",
            5: "we have done it before",
        },
    ),
    (
        "deliverable",
        "feasibility",
        "It can be delivered with the time and money we have.",
        {1: "far beyond our means", 3: "a stretch", 5: "comfortably within our means"},
    ),
)
