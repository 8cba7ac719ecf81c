"""JSON Schemas of the ``to_dict()`` payloads: the contract an embedding tool reads.

Every result object of cxmodel has a ``to_dict()`` that returns plain JSON
types.  :func:`payload_schema` gives the JSON Schema (draft 2020-12) of each
of them, so a tool that reads cxmodel's JSON -- from Python, from
``cxmodel ... --format json`` or from a file -- can validate it and knows
exactly which keys to expect.  Every object whose keys are fixed forbids other
keys (``additionalProperties: false``): a payload that changes its layout no
longer matches, and the tests that validate every payload say so.  The format
carries a version (:data:`PAYLOAD_VERSION`, in each schema's ``$id`` and in
``x-cxmodel-payload-version``), raised whenever a layout changes.

The schema of the JSON *input* format is :func:`cxmodel.portfolio_schema`; the
command line prints both (``cxmodel schema --output KIND``).

This module is plain data: it imports nothing heavy and nothing of cxmodel but
its exceptions, so the region names, innovation types and finding codes are
written out here (the tests check them against the enums and the catalogue).

Examples
--------
>>> from cxmodel.payloads import PAYLOAD_KINDS, payload_schema
>>> PAYLOAD_KINDS
('balance', 'roadmap', 'sensitivity', 'sweep', 'workshop', 'selection', 'schedule',
 'comparison')
>>> payload_schema("roadmap")["required"][:3]
['size', 'total_effort', 'phases']
"""

from __future__ import annotations

import copy
from typing import Any

from .exceptions import FieldError

__all__ = ["PAYLOAD_KINDS", "PAYLOAD_VERSION", "payload_schema"]

#: The version of the payload format; part of every schema's ``$id``.
PAYLOAD_VERSION: int = 1

#: The kinds of payload :func:`payload_schema` describes, one per ``to_dict()``.
PAYLOAD_KINDS: tuple[str, ...] = (
    "balance",
    "roadmap",
    "sensitivity",
    "sweep",
    "workshop",
    "selection",
    "schedule",
    "comparison",
)

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_BASE = "https://cxmodel.readthedocs.io/schema"

# Written out rather than imported, so the schema is a fixed contract (see the module text).
_CRITERIA = ("viability", "desirability", "feasibility")
_REGIONS = (
    "NONE",
    "BUSINESS_ONLY",
    "PEOPLE_ONLY",
    "EMOTIONAL",
    "TECHNOLOGY_ONLY",
    "PROCESS",
    "FUNCTIONAL",
    "CUSTOMER_EXPERIENCE",
)
_TYPES = ("emotional", "process", "functional")
_CODES = (
    "process-skew",
    "feature-bloat",
    "empty-portfolio",
    "no-innovation",
    "no-emotional",
    "low-balance",
    "no-lens",
    "on-threshold",
    "desire-deception",
    "subconscious-opportunity",
    "perception-gap",
    "no-employees",
    "journey-gap",
    "emotional-postponed",
    "process-first",
)
_REASONS = ("excluded", "bloat", "dependency", "budget", "balance", "value")

Schema = dict[str, Any]


# --- building blocks ---------------------------------------------------------------------


def _ref(name: str, description: str | None = None) -> Schema:
    schema: Schema = {"$ref": f"#/$defs/{name}"}
    if description is not None:
        schema["description"] = description
    return schema


def _object(
    properties: dict[str, Schema],
    description: str | None = None,
    *,
    optional: tuple[str, ...] = (),
) -> Schema:
    """An object of exactly these keys (all required but ``optional``), nothing else."""
    schema: Schema = {"type": "object"}
    if description is not None:
        schema["description"] = description
    schema["properties"] = properties
    schema["required"] = [key for key in properties if key not in optional]
    schema["additionalProperties"] = False
    return schema


def _keyed(keys: tuple[str, ...], value: Schema, description: str) -> Schema:
    """An object with one entry for each of ``keys`` (all of them, no other)."""
    return _object({key: dict(value) for key in keys}, description)


def _number(
    description: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
    nullable: bool = False,
) -> Schema:
    schema: Schema = {
        "description": description,
        "type": ["number", "null"] if nullable else "number",
    }
    if minimum is not None:
        schema["minimum"] = minimum
    if above is not None:
        schema["exclusiveMinimum"] = above
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def _integer(description: str, minimum: int = 0) -> Schema:
    return {"description": description, "type": "integer", "minimum": minimum}


def _array(items: Schema, description: str, **keywords: Any) -> Schema:
    return {"description": description, "type": "array", "items": items, **keywords}


def _names(description: str, **keywords: Any) -> Schema:
    return _array(_ref("name"), description, **keywords)


def _string(description: str) -> Schema:
    return {"description": description, "type": "string"}


def _boolean(description: str) -> Schema:
    return {"description": description, "type": "boolean"}


# --- the shared definitions, written once -------------------------------------------------


def _definitions() -> dict[str, Schema]:
    share = _number("A share of the total weight, in [0, 1].", minimum=0, maximum=1)
    probability = _number("A probability, in [0, 1].", minimum=0, maximum=1)
    score = _number("A normalised score, in [0, 1].", minimum=0, maximum=1)
    return {
        "name": {
            "description": "The name of an initiative (not blank).",
            "type": "string",
            "pattern": r"\S",
        },
        "criterion": {
            "description": "A lens's criterion: viability (business), desirability (people) "
            "or feasibility (technology).",
            "enum": list(_CRITERIA),
        },
        "region": {
            "description": "A region of the Venn diagram, by its Region member name.",
            "enum": list(_REGIONS),
        },
        "innovationType": {
            "description": "A kind of innovation, by its InnovationType value.",
            "enum": list(_TYPES),
        },
        "findingCode": {
            "description": "A finding code, a stable identifier (see cxmodel.balance).",
            "enum": list(_CODES),
        },
        "weight": {
            "description": "What shares are weighted by: effort, or one per initiative.",
            "enum": ["effort", "count"],
        },
        "score": score,
        "probability": probability,
        "share": share,
        "effort": _number("An effort, a finite number > 0.", above=0),
        "scores": _keyed(_CRITERIA, _ref("score"), "The three scores by criterion."),
        "thresholds": _keyed(
            _CRITERIA, _ref("score"), "The pass mark of each lens (Thresholds), by criterion."
        ),
        "policy": _object(
            {
                "max_process_share": _ref(
                    "share", "Process share above which process-skew fires."
                ),
                "bloat_feasibility": _ref("score", "Feasibility from which bloat is suspected."),
                "bloat_gap": _ref("score", "Feasibility - desirability gap of feature bloat."),
                "weight": _ref("weight"),
                "min_balance_index": _number(
                    "Balance index below which low-balance fires.", minimum=0, maximum=1
                ),
                "escalate": _array(
                    _ref("findingCode"),
                    "Codes reported as warnings instead of infos, sorted.",
                    uniqueItems=True,
                ),
            },
            "The BalancePolicy applied.",
        ),
        "finding": _object(
            {
                "code": _ref("findingCode"),
                "severity": {
                    "description": "Warnings make a report fail; infos never do.",
                    "enum": ["warning", "info"],
                },
                "message": _string("What was found, for people (may be reworded)."),
                "initiatives": _names("Every initiative involved, in portfolio order."),
            },
            "One finding (Finding.to_dict).",
        ),
        "findings": _array(_ref("finding"), "Findings, warnings first, in catalogue order."),
        "regionShares": _keyed(
            _REGIONS, _ref("share"), "Share of the total weight in each of the eight regions."
        ),
        "regionCounts": _keyed(
            _REGIONS, _integer("A number of initiatives."), "Initiatives in each region."
        ),
        "innovationShares": _keyed(
            _TYPES, _ref("share"), "Share of the innovation weight of each kind of innovation."
        ),
        "balance": _object(
            {
                "ok": _boolean("True when no finding is a warning."),
                "size": _integer("How many initiatives were checked."),
                "weight": _ref("weight"),
                "total_weight": _number(
                    "The total weight (effort, or the number of initiatives).", minimum=0
                ),
                "innovation_shares": _ref("innovationShares"),
                "balance_index": _number(
                    "Normalised entropy of the innovation shares: 1 is a level mix.",
                    minimum=0,
                    maximum=1,
                ),
                "region_shares": _ref("regionShares"),
                "region_counts": _ref("regionCounts"),
                "findings": _ref("findings"),
                "policy": _ref("policy"),
                "thresholds": _ref("thresholds"),
            },
            "A balance report (BalanceReport.to_dict).",
        ),
        "move": _object(
            {
                "name": _ref("name"),
                "before": _ref("region", "Its region in the first portfolio."),
                "after": _ref("region", "Its region in the second portfolio."),
                "before_scores": {
                    "description": "Its scores in the first portfolio; null when not known.",
                    "anyOf": [_ref("scores"), {"type": "null"}],
                },
                "after_scores": {
                    "description": "Its scores in the second portfolio; null when not known.",
                    "anyOf": [_ref("scores"), {"type": "null"}],
                },
            },
            "One initiative's change (Move.to_dict).",
        ),
    }


# --- one schema per payload ---------------------------------------------------------------


def _balance() -> Schema:
    return _definitions()["balance"]


def _roadmap() -> Schema:
    phase = _object(
        {
            "phase": _integer("The phase's number, from 1.", minimum=1),
            "initiatives": _names("Its initiatives, sorted by name.", minItems=1),
            "effort": _number("Their total effort.", above=0),
            "balance": _ref("balance", "The balance of the phase."),
        },
        "One phase of work.",
    )
    return _object(
        {
            "size": _integer("How many initiatives the roadmap schedules."),
            "total_effort": _number("The effort of every phase together.", minimum=0),
            "phases": _array(phase, "Phases that respect every dependency, first to last."),
            "critical_path": _names("The chain of dependencies of greatest effort, in order."),
            "critical_effort": _number("The effort of the critical path.", minimum=0),
            "findings": _ref("findings", "The roadmap findings (all infos unless escalated)."),
            "thresholds": _ref("thresholds"),
            "policy": _ref("policy"),
        }
    )


def _sensitivity() -> Schema:
    sd = _number("A standard deviation, in score units.", minimum=0)
    initiative = _object(
        {
            "name": _ref("name"),
            "region": _ref("region", "The region of the unperturbed scores."),
            "most_likely": _ref("region", "The most likely region under noise."),
            "confidence": _ref("probability", "The probability of the most likely region."),
            "stay_probability": _ref("probability", "The probability of staying in region."),
            "stable": _boolean("Whether confidence reaches the stability level."),
            "region_probabilities": _keyed(
                _REGIONS, _ref("probability"), "The probability of each region."
            ),
            "type_probabilities": _keyed(
                _TYPES, _ref("probability"), "The probability of being each kind of innovation."
            ),
            "bloat_probability": _ref(
                "probability", "The probability of being a feature-bloat candidate."
            ),
        },
        "One initiative under noise.",
    )
    return _object(
        {
            "noise": {
                "description": "The noise: one standard deviation, one per initiative, or a "
                "row per initiative of one or three (viability, desirability, feasibility).",
                "anyOf": [
                    sd,
                    {"type": "array", "items": sd},
                    {
                        "type": "array",
                        "items": {"type": "array", "items": sd, "minItems": 1, "maxItems": 3},
                    },
                ],
            },
            "samples": _integer("The number of perturbed scenarios.", minimum=1),
            "seed": {
                "description": "The seed that repeats the run: an integer, or the repr of the "
                "numpy SeedSequence given.",
                "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}],
            },
            "stability": _number(
                "Confidence from which an initiative is stable.", above=0, maximum=1
            ),
            "thresholds": _ref("thresholds"),
            "policy": _ref("policy"),
            "standard_error": _number(
                "The largest Monte Carlo standard error of a probability.", above=0, maximum=0.5
            ),
            "fragile": _names("The initiatives that are not stable, most fragile first."),
            "findings": _keyed(
                ("process-skew", "feature-bloat"),
                _ref("probability"),
                "The probability that each balance finding fires.",
            ),
            "process_share": _keyed(
                ("mean", "p05", "median", "p95"),
                _ref("share"),
                "The process share of innovation weight over the samples.",
            ),
            "initiatives": _array(initiative, "Every initiative, in portfolio order."),
        }
    )


def _sweep() -> Schema:
    row = _object(
        {
            "threshold": _ref("score", "The threshold value tried."),
            "counts": _ref("regionCounts"),
            "process_share": _ref("share", "The process share of innovation weight."),
            "process_skew": _boolean("Whether the process share is above the policy's limit."),
        },
        "One threshold value.",
    )
    rows = _array(row, "One row per threshold value, from 0 to 1.", minItems=2)
    schema = _object(
        {
            "thresholds": _ref("thresholds", "Where the thresholds not swept are held."),
            "max_process_share": _ref("share", "The policy's process-skew limit."),
            **{criterion: dict(rows) for criterion in _CRITERIA},
        },
        optional=_CRITERIA,
    )
    schema["anyOf"] = [{"required": [criterion]} for criterion in _CRITERIA]
    return schema


def _workshop() -> Schema:
    spread = _number("A standard deviation across raters (normalised).", minimum=0)
    rating = {"anyOf": [_ref("score"), {"type": "null"}]}
    alpha = _number(
        "Krippendorff's alpha (interval); null when undefined.", maximum=1, nullable=True
    )
    initiative = _object(
        {
            "name": _ref("name"),
            **{
                criterion: _ref("score", f"The aggregated {criterion}.") for criterion in _CRITERIA
            },
            "effort": _ref("effort"),
            "spread": _keyed(_CRITERIA, spread, "The raters' spread of each score."),
            "noise": _keyed(_CRITERIA, spread, "The uncertainty to hand to sensitivity."),
            "ratings": {
                "description": "Rater -> their normalised lens scores (null where none); "
                "raters who rated nothing of it are left out.",
                "type": "object",
                "propertyNames": {"pattern": r"\S"},
                "additionalProperties": _keyed(_CRITERIA, rating, "One rater's scores."),
            },
        },
        "One initiative and its ratings.",
    )
    return _object(
        {
            "raters": _array(
                {"type": "string", "pattern": r"\S"},
                "The raters, in order of first appearance.",
                minItems=1,
                uniqueItems=True,
            ),
            "method": {
                "description": "How ratings were combined.",
                "enum": ["mean", "median", "trimmed"],
            },
            "scale": {
                "description": "The raw scale, [low, high].",
                "type": "array",
                "prefixItems": [{"type": "number"}, {"type": "number"}],
                "items": False,
                "minItems": 2,
            },
            "discuss_above": _number("The spread above which a rating is discussed.", minimum=0),
            "initiatives": _array(initiative, "Every initiative, in order of first appearance."),
            "agreement": _keyed((*_CRITERIA, "overall"), alpha, "Agreement of the raters."),
            "discuss": _array(
                _object(
                    {"initiative": _ref("name"), "criterion": _ref("criterion"), "spread": spread}
                ),
                "The ratings to talk over, largest spread first.",
            ),
            "notes": _array({"type": "string"}, "Remarks, such as why an alpha is undefined."),
        }
    )


def _selection() -> Schema:
    value = _number("A value (finite, >= 0).", minimum=0)
    left_out = _object(
        {
            "name": _ref("name"),
            "value": value,
            "effort": _ref("effort"),
            "reason": {"description": "The constraint that kept it out.", "enum": list(_REASONS)},
            "detail": _string("One sentence with the numbers behind the reason."),
        },
        "An initiative not chosen (LeftOut.to_dict).",
    )
    return _object(
        {
            "chosen": _names("The chosen initiatives, in portfolio order."),
            "effort": _number("Their total effort.", minimum=0),
            "value": _number("Their total value.", minimum=0),
            "budget": _number("The budget; null for no limit.", minimum=0, nullable=True),
            "size": _integer("How many initiatives the selection chose from."),
            "require": _names("The names required."),
            "exclude": _names("The names excluded."),
            "initiatives": _array(
                _object({"name": _ref("name"), "effort": _ref("effort"), "value": value}),
                "The chosen initiatives with their effort and value.",
            ),
            "left_out": _array(left_out, "Every initiative not chosen, most valuable first."),
            "balance": _ref("balance", "The balance of the chosen initiatives."),
            "thresholds": _ref("thresholds"),
            "policy": _ref("policy"),
        }
    )


def _schedule() -> Schema:
    period = _object(
        {
            "period": _integer("The period's number, from 1.", minimum=1),
            "initiatives": _names("Its initiatives, in portfolio order.", minItems=1),
            "load": _number("Their total effort (at most the capacity).", above=0),
            "balance": _ref("balance", "The balance of the period."),
        },
        "One period.",
    )
    return _object(
        {
            "size": _integer("How many initiatives are scheduled."),
            "capacity": _number("The effort one period holds.", above=0),
            "periods": _array(period, "The periods, first to last."),
            "lower_bound": _integer("No schedule has fewer periods."),
            "exact": _boolean("Whether the number of periods is proven minimal."),
            "method": {"description": "What found the periods.", "enum": ["milp", "heuristic"]},
            "thresholds": _ref("thresholds"),
            "policy": _ref("policy"),
        }
    )


def _comparison() -> Schema:
    change = _number("after - before.", minimum=-1, maximum=1)
    return _object(
        {
            "moves": _array(_ref("move"), "Initiatives whose region changed, in after's order."),
            "added": _names("Names only in after, in its order."),
            "removed": _names("Names only in before, in its order."),
            "share_change": _keyed(_TYPES, change, "Change of each innovation share."),
            "balance_index_change": change,
            "findings_added": _array(_ref("findingCode"), "Codes new in after, in its order."),
            "findings_resolved": _array(
                _ref("findingCode"), "Codes of before gone in after, in before's order."
            ),
            "score_changes": _array(
                _ref("move"), "Initiatives whose scores changed, moved or not, in after's order."
            ),
            "weight": _ref("weight"),
            "before": _ref("balance", "The balance of the first portfolio."),
            "after": _ref("balance", "The balance of the second portfolio."),
        }
    )


_BUILDERS = {
    "balance": (_balance, "balance report", "BalanceReport.to_dict (check_balance)"),
    "roadmap": (_roadmap, "roadmap", "Roadmap.to_dict (roadmap)"),
    "sensitivity": (_sensitivity, "sensitivity report", "SensitivityReport.to_dict"),
    "sweep": (_sweep, "threshold sweep", "ThresholdSweep.to_dict (threshold_sweep)"),
    "workshop": (_workshop, "workshop", "Workshop.to_dict (aggregate_ratings)"),
    "selection": (_selection, "selection", "Selection.to_dict (select)"),
    "schedule": (_schedule, "schedule", "Schedule.to_dict (schedule)"),
    "comparison": (_comparison, "comparison", "Comparison.to_dict (compare)"),
}


def _used(schema: Any, definitions: dict[str, Schema]) -> list[str]:
    """The names of the definitions ``schema`` refers to, directly or through others."""
    found: list[str] = []
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name not in found:
                    found.append(name)
                    todo.append(definitions[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return [name for name in definitions if name in found]  # in the order written


def payload_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of ``to_dict()`` payload.

    Each schema is self-contained: the definitions it uses (finding, region
    names, innovation types, thresholds, policy, the balance report...) are in
    its ``$defs``, written once and shared by every kind.  Objects whose keys
    are fixed allow no other key; objects keyed by data (ratings by rater)
    describe their values.  A new dict is returned on each call.

    Parameters
    ----------
    kind : str
        One of :data:`PAYLOAD_KINDS`:

        * ``"balance"`` -- :meth:`cxmodel.BalanceReport.to_dict`;
        * ``"roadmap"`` -- :meth:`cxmodel.Roadmap.to_dict`;
        * ``"sensitivity"`` -- :meth:`cxmodel.SensitivityReport.to_dict`;
        * ``"sweep"`` -- :meth:`cxmodel.ThresholdSweep.to_dict`;
        * ``"workshop"`` -- :meth:`cxmodel.Workshop.to_dict`;
        * ``"selection"`` -- :meth:`cxmodel.Selection.to_dict`;
        * ``"schedule"`` -- :meth:`cxmodel.Schedule.to_dict`;
        * ``"comparison"`` -- :meth:`cxmodel.Comparison.to_dict`.

    Returns
    -------
    dict
        The schema, with ``$schema``, ``$id`` (ending in
        ``<kind>-<PAYLOAD_VERSION>.json``), ``title``, ``description`` and
        ``x-cxmodel-payload-version``.

    Raises
    ------
    FieldError
        For an unknown ``kind`` (also a :class:`ValueError`); ``"portfolio"``
        is the input format, whose schema is :func:`cxmodel.portfolio_schema`.

    Examples
    --------
    >>> import jsonschema
    >>> import cxmodel as cx
    >>> from cxmodel.payloads import payload_schema
    >>> schema = payload_schema("balance")
    >>> schema["$id"], schema["x-cxmodel-payload-version"]
    ('https://cxmodel.readthedocs.io/schema/balance-1.json', 1)
    >>> report = cx.check_balance(cx.example_portfolio(), warn=False)
    >>> jsonschema.Draft202012Validator(schema).validate(report.to_dict())
    >>> jsonschema.Draft202012Validator(schema).validate({**report.to_dict(), "extra": 1})
    Traceback (most recent call last):
    ...
    jsonschema.exceptions.ValidationError: Additional properties are not allowed ('extra' was unexpected)
    ...
    >>> payload_schema("portfolio")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: kind must be one of 'balance', 'roadmap', 'sensitivity', 'sweep', 'workshop', 'selection', 'schedule', 'comparison' (the input format's schema is cxmodel.portfolio_schema()), got 'portfolio'
    """  # noqa: E501
    if not isinstance(kind, str) or kind not in _BUILDERS:
        known = ", ".join(repr(k) for k in PAYLOAD_KINDS)
        raise FieldError(
            "kind",
            kind,
            f"must be one of {known} (the input format's schema is cxmodel.portfolio_schema())",
        )
    build, what, source = _BUILDERS[kind]
    definitions = _definitions()
    body = build()
    schema: Schema = {
        "$schema": _DRAFT,
        "$id": f"{_BASE}/{kind}-{PAYLOAD_VERSION}.json",
        "title": f"cxmodel {what}, payload format {PAYLOAD_VERSION}",
        "description": f"The JSON-ready dict of {source}: json.dumps of it is this document. "
        "Keys are fixed; numbers are finite floats or integers, names are initiative names.",
        "x-cxmodel-payload-version": PAYLOAD_VERSION,
        **{key: value for key, value in body.items() if key != "description"},
    }
    schema["$defs"] = {name: definitions[name] for name in _used(body, definitions)}
    return copy.deepcopy(schema)  # no part shared with another, so a caller may edit any
