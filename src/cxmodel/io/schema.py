"""The JSON Schema of the portfolio input format."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, cast

from .._records import REQUIRED, SCORE_FIELDS, shown
from ..model import FIELDS, Scale
from ..vocabulary import Channel, Stage

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["portfolio_schema"]


_SCORE_TEXT = r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*%?\s*$"


_TEXT = r"\S"  # the schema's pattern for names and list items: not blank


def portfolio_schema(*, scale: Scale | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON input format.

    A document is ``{"initiatives": [...]}`` or a bare list of initiatives.
    Each initiative is an object with ``name``, ``viability``, ``desirability``
    and ``feasibility``, and optionally ``effort``, ``tags``, ``depends_on``,
    ``description``, ``stated_desire``, ``value_driver``,
    ``customer_desirability``, ``stages``, ``channel`` and ``stakeholders``;
    other keys are allowed and ignored.  A score is a number in ``[0, 1]`` (in
    ``[low, high]`` of ``scale`` when given) or a string such as ``"70%"``.
    :func:`read_json` validates its input against this schema.

    Parameters
    ----------
    scale : Scale, optional
        The raw score scale the documents use.

    Examples
    --------
    >>> import jsonschema
    >>> import cxmodel as cx
    >>> schema = cx.portfolio_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> jsonschema.validate([{"name": "Kiosk", "viability": 0.5, "desirability": "25%",
    ...                       "feasibility": 1}], schema)
    >>> jsonschema.validate({"initiatives": [{"name": "Kiosk"}]}, schema)
    Traceback (most recent call last):
    ...
    jsonschema.exceptions.ValidationError: 'viability' is a required property
    ...
    """
    low, high = (0.0, 1.0) if scale is None else (scale.low, scale.high)
    where = "in [0, 1]" if scale is None else f"on the scale [{low:g}, {high:g}]"

    def score(description: str, *, optional: bool = False) -> dict[str, Any]:
        kinds = ["number", "string", "null"] if optional else ["number", "string"]
        return {
            "description": f"{description}: a number {where}, or a percentage such as '70%'",
            "type": kinds,
            "minimum": low,
            "maximum": high,
            "pattern": _SCORE_TEXT,
        }

    def strings(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "type": ["array", "null"],
            "items": {"type": "string", "pattern": _TEXT},
        }

    initiative = {
        "type": "object",
        "description": "One initiative; keys that are not fields are ignored.",
        "required": list(REQUIRED),
        "properties": {
            "name": {
                "description": "Unique, non-blank name.",
                "type": "string",
                "pattern": _TEXT,
            },
            "viability": score("Business lens score"),
            "desirability": score("People lens score"),
            "feasibility": score("Technology lens score"),
            "effort": {
                "description": "Effort in any unit, finite and > 0 (default 1).",
                "type": ["number", "string", "null"],
                "exclusiveMinimum": 0,
                "pattern": _SCORE_TEXT,
            },
            "tags": strings("Free labels."),
            "depends_on": strings("Names of initiatives this one depends on."),
            "description": {"description": "Free text.", "type": ["string", "null"]},
            "stated_desire": score("How much customers say they want it", optional=True),
            "value_driver": score("How much it drives value for customers", optional=True),
            "customer_desirability": score("Desirability measured by customers", optional=True),
            "stages": {
                "description": "Customer-journey stages it touches.",
                "type": ["array", "null"],
                "items": {"enum": [stage.value for stage in Stage]},
            },
            "channel": {
                "description": "Human or technical interactions, or both.",
                "enum": [*(channel.value for channel in Channel), None],
            },
            "stakeholders": strings("Who it serves beyond customers."),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cxmodel.readthedocs.io/schema/portfolio.json",
        "title": "cxmodel portfolio",
        "description": (
            "Initiatives scored through the business (viability), people (desirability) "
            "and technology (feasibility) lenses: an object with an 'initiatives' list, "
            "or the list alone."
        ),
        "if": {"type": "array"},
        "then": {"$ref": "#/$defs/initiatives"},
        "else": {"$ref": "#/$defs/document"},
        "$defs": {
            "document": {
                "type": "object",
                "required": ["initiatives"],
                "properties": {"initiatives": {"$ref": "#/$defs/initiatives"}},
            },
            "initiatives": {"type": "array", "items": {"$ref": "#/$defs/initiative"}},
            "initiative": initiative,
        },
    }


@functools.lru_cache(maxsize=8)
def _validator(scale: Scale | None) -> Any:
    from jsonschema import Draft202012Validator  # slow to import: only when reading JSON

    return Draft202012Validator(portfolio_schema(scale=scale))


def _schema_problem(error: ValidationError) -> tuple[int, int, str, str]:
    """``(record, order, column, message)`` for one schema violation."""
    path = list(error.absolute_path)
    if path and path[0] == "initiatives":
        path = path[1:]
    record = path[0] + 1 if path and isinstance(path[0], int) else 0
    column = str(path[1]) if len(path) > 1 else ""
    message = error.message
    if len(message) > 200:  # jsonschema quotes the whole value: a long cell, a deep list
        whole = repr(error.instance)
        if message.startswith(whole):
            message = shown(error.instance) + message[len(whole) :]
        message = shown(message)[1:-1] if len(message) > 200 else message
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [p for p in cast(list[str], error.validator_value) if p not in error.instance]
        # one error per missing property; its message starts with the property's repr
        column = next((p for p in missing if error.message.startswith(repr(p))), missing[0])
        message = f"{column} is missing"
    elif error.validator == "pattern":
        if error.validator_value == _SCORE_TEXT:
            message = f"{shown(error.instance)} is not a number or a percentage"
        else:
            message = f"{shown(error.instance)} is blank"
    elif error.validator == "maximum" and column in SCORE_FIELDS and error.validator_value == 1:
        message += " (raw scores need a scale=, e.g. Scale.likert(5))"
    elif error.validator == "type" and not path:
        message = (
            f"expected an object with 'initiatives' or a list, got {shown(error.instance):.40}"
        )
    order = FIELDS.index(column) if column in FIELDS else len(FIELDS)
    return record, order, column, f"{error.json_path}: {message}"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON scores")


_NON_BLANK = re.compile(_TEXT)


_STAGES = frozenset(stage.value for stage in Stage)


_CHANNELS = frozenset(channel.value for channel in Channel)
