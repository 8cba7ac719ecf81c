"""The payload schemas: valid draft 2020-12, true to the library, and every payload matches."""

from __future__ import annotations

import copy
import json
import math
import typing
from collections.abc import Callable
from typing import Any

import jsonschema
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.comparison import compare
from cxmodel.decisions import LeftOut, Schedule, schedule, select
from cxmodel.findings.catalogue import CODES
from cxmodel.payloads import PAYLOAD_KINDS, PAYLOAD_VERSION, payload_schema
from cxmodel.uncertainty import sensitivity, threshold_sweep
from cxmodel.workshop import Method, aggregate_ratings

from .strategies import customer_portfolios, portfolios, thresholds

CRITERIA = ("viability", "desirability", "feasibility")
FEW = settings(max_examples=30, deadline=None)


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(payload_schema(kind))


def check(kind: str, result: Any) -> dict[str, Any]:
    """Validate ``result.to_dict()`` as an embedding tool reads it (through JSON text)."""
    payload: dict[str, Any] = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    errors = [
        f"{error.json_path}: {error.message}" for error in validator(kind).iter_errors(payload)
    ]
    assert not errors, errors
    return payload


# --- the schemas themselves ---------------------------------------------------------------


def _objects(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if "properties" in node:
            found.append(node)
        for value in node.values():
            found.extend(_objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_objects(value))
    return found


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = {node["$ref"]} if "$ref" in node else set()
        return own.union(*(_refs(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node))
    return set()


@pytest.mark.parametrize("kind", PAYLOAD_KINDS)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    schema = payload_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://cxmodel.readthedocs.io/schema/{kind}-{PAYLOAD_VERSION}.json"
    assert schema["x-cxmodel-payload-version"] == PAYLOAD_VERSION
    assert schema["title"] and schema["description"]
    assert schema["type"] == "object"


@pytest.mark.parametrize("kind", PAYLOAD_KINDS)
def test_every_object_of_fixed_keys_forbids_others(kind: str) -> None:
    for node in _objects(payload_schema(kind)):
        assert node["additionalProperties"] is False, node
        assert set(node["required"]) <= set(node["properties"])


@pytest.mark.parametrize("kind", PAYLOAD_KINDS)
def test_definitions_are_the_ones_used_and_all_resolve(kind: str) -> None:
    schema = payload_schema(kind)
    used = {ref.removeprefix("#/$defs/") for ref in _refs(schema)}
    assert all(ref.startswith("#/$defs/") for ref in _refs(schema))
    assert used == set(schema["$defs"])


def test_shared_definitions_are_written_once() -> None:
    # the same definition, wherever it appears: a change of Finding changes every kind
    finding = {json.dumps(payload_schema(k)["$defs"].get("finding")) for k in PAYLOAD_KINDS}
    assert len(finding - {"null"}) == 1
    assert (
        payload_schema("roadmap")["$defs"]["balance"]
        == payload_schema("comparison")["$defs"]["balance"]
    )


def test_the_balance_schema_is_the_shared_balance_definition() -> None:
    schema = payload_schema("balance")
    balance = payload_schema("selection")["$defs"]["balance"]
    assert {k: v for k, v in schema.items() if k in balance and k != "description"} == {
        k: v for k, v in balance.items() if k != "description"
    }


def test_enums_are_those_of_the_library() -> None:
    defs = payload_schema("comparison")["$defs"]
    assert defs["region"]["enum"] == [r.name for r in cx.Region]
    assert defs["findingCode"]["enum"] == list(CODES)
    assert list(defs["innovationShares"]["properties"]) == [t.value for t in cx.InnovationType]
    assert list(defs["thresholds"]["properties"]) == list(cx.model.CRITERIA)
    assert defs["weight"]["enum"] == ["effort", "count"]
    assert set(defs["policy"]["properties"]) == set(cx.BalancePolicy().to_dict())
    selection = payload_schema("selection")
    reasons = selection["properties"]["left_out"]["items"]["properties"]["reason"]["enum"]
    assert tuple(reasons) == typing.get_args(typing.get_type_hints(LeftOut)["reason"])
    methods = payload_schema("schedule")["properties"]["method"]["enum"]
    assert tuple(methods) == typing.get_args(typing.get_type_hints(Schedule)["method"])
    workshop = payload_schema("workshop")["properties"]["method"]["enum"]
    assert tuple(workshop) == typing.get_args(cx.workshop.Method)


def test_each_call_returns_a_new_schema() -> None:
    first = payload_schema("balance")
    kept = copy.deepcopy(first)
    first["$defs"]["finding"]["properties"].clear()
    assert payload_schema("balance") == kept


@pytest.mark.parametrize("kind", ["portfolio", "Balance", "", None, 3])
def test_an_unknown_kind_is_a_field_error(kind: Any) -> None:
    with pytest.raises(cx.FieldError, match="kind must be one of 'balance'") as raised:
        payload_schema(kind)
    assert isinstance(raised.value, ValueError)
    assert raised.value.value == kind
    if kind == "portfolio":
        assert "portfolio_schema()" in str(raised.value)


def test_the_input_schema_is_left_to_portfolio_schema() -> None:
    assert "portfolio" not in PAYLOAD_KINDS
    assert cx.portfolio_schema()["$schema"] == payload_schema("balance")["$schema"]


# --- every payload of the example portfolio ----------------------------------------------


def _ratings(names: list[str], raters: list[str], scores: list[int]) -> list[dict[str, Any]]:
    cycle = iter(scores * (len(names) * len(raters) * 3))
    return [
        {"rater": r, "initiative": n, "criterion": c, "score": next(cycle)}
        for r in raters
        for n in names
        for c in CRITERIA
    ]


EXAMPLE = cx.example_portfolio()
RESULTS: dict[str, Callable[[], Any]] = {
    "balance": lambda: cx.check_balance(EXAMPLE, warn=False),
    "roadmap": lambda: cx.roadmap(EXAMPLE),
    "sensitivity": lambda: sensitivity(EXAMPLE, samples=200, seed=1),
    "sweep": lambda: threshold_sweep(EXAMPLE, steps=5),
    "workshop": lambda: aggregate_ratings(
        _ratings(list(EXAMPLE.names), ["Ann", "Bo", "Cy"], [1, 3, 5, 2, 4])
    ),
    "selection": lambda: select(EXAMPLE, budget=20),
    "schedule": lambda: schedule(EXAMPLE, capacity=15),
    "comparison": lambda: compare(EXAMPLE, EXAMPLE.filter(tag="people")),
}


def test_every_kind_has_an_example() -> None:
    assert tuple(RESULTS) == PAYLOAD_KINDS


@pytest.mark.parametrize("kind", PAYLOAD_KINDS)
def test_the_example_payload_matches(kind: str) -> None:
    payload = check(kind, RESULTS[kind]())
    assert payload  # the example exercises findings, phases, moves...


@pytest.mark.parametrize("kind", PAYLOAD_KINDS)
def test_drift_breaks_the_match(kind: str) -> None:
    payload = json.loads(json.dumps(RESULTS[kind]().to_dict()))
    v = validator(kind)
    assert not v.is_valid({**payload, "new_key": 1})  # a key added
    first = next(iter(payload))
    assert not v.is_valid({k: x for k, x in payload.items() if k != first})  # a key removed


def test_a_finding_that_drifts_is_refused() -> None:
    payload = json.loads(json.dumps(RESULTS["balance"]().to_dict()))
    v = validator("balance")
    finding = payload["findings"][0]
    assert not v.is_valid({**payload, "findings": [{**finding, "hint": "x"}]})
    assert not v.is_valid({**payload, "findings": [{**finding, "code": "new-code"}]})
    assert not v.is_valid({**payload, "region_shares": {**payload["region_shares"], "X": 0.0}})


# --- edge cases ---------------------------------------------------------------------------


EMPTY = cx.Portfolio([])


@pytest.mark.parametrize(
    ("kind", "result"),
    [
        ("balance", lambda: cx.check_balance(EMPTY, warn=False)),
        ("roadmap", lambda: cx.roadmap(EMPTY)),
        ("sensitivity", lambda: sensitivity(EMPTY, samples=10, seed=0)),
        ("sweep", lambda: threshold_sweep(EMPTY, steps=2)),
        ("selection", lambda: select(EMPTY, budget=1)),
        ("schedule", lambda: schedule(EMPTY, capacity=1)),
        ("comparison", lambda: compare(EMPTY, EMPTY)),
    ],
)
def test_an_empty_portfolio(kind: str, result: Callable[[], Any]) -> None:
    check(kind, result())


def test_a_report_without_findings() -> None:
    level = cx.Portfolio(
        [
            cx.Initiative("Community", 0.9, 0.9, 0.1),
            cx.Initiative("Invoice robot", 0.9, 0.1, 0.9),
            cx.Initiative("Repair app", 0.1, 0.9, 0.9),
        ]
    )
    report = cx.check_balance(level, warn=False)
    assert report.findings == ()
    assert check("balance", report)["findings"] == []
    assert check("roadmap", cx.roadmap(level))["findings"] == []


def test_a_selection_of_nothing() -> None:
    pick = select(EXAMPLE, budget=0)
    assert pick.chosen == ()
    payload = check("selection", pick)
    assert payload["initiatives"] == [] and len(payload["left_out"]) == len(EXAMPLE)


def test_a_selection_without_a_budget_limit() -> None:
    payload = check("selection", select(EXAMPLE, budget=math.inf, exclude=[EXAMPLE.names[0]]))
    assert payload["budget"] is None and payload["exclude"] == [EXAMPLE.names[0]]


def test_a_workshop_with_one_rater() -> None:
    workshop = aggregate_ratings(_ratings(["Kiosk", "App"], ["Ann"], [2, 4, 5]))
    payload = check("workshop", workshop)
    assert payload["agreement"] == dict.fromkeys((*CRITERIA, "overall"))  # undefined: None


def test_a_workshop_with_gaps_and_a_rubric_scale() -> None:
    rows = _ratings(["Kiosk", "App"], ["Ann", "Bo"], [1, 2, 3, 4, 5])
    rows = [row for k, row in enumerate(rows) if not (row["rater"] == "Bo" and k % 4 == 0)]
    payload = check("workshop", aggregate_ratings(rows, method="trimmed"))
    assert any(None in r.values() for i in payload["initiatives"] for r in i["ratings"].values())


def test_sensitivity_with_noise_arrays_and_a_seed_sequence() -> None:
    n = len(EXAMPLE)
    per_initiative = sensitivity(EXAMPLE, noise=np.linspace(0, 0.2, n), samples=20, seed=2)
    per_score = sensitivity(
        EXAMPLE, noise=np.full((n, 3), 0.05), samples=20, seed=np.random.SeedSequence(5)
    )
    column = sensitivity(EXAMPLE, noise=np.full((n, 1), 0.05), samples=20, seed=3)
    assert isinstance(check("sensitivity", per_initiative)["noise"], list)
    assert isinstance(check("sensitivity", per_score)["seed"], str)
    check("sensitivity", column)


def test_a_sweep_of_one_lens() -> None:
    payload = check("sweep", threshold_sweep(EXAMPLE, lens="desirability", steps=2))
    assert "desirability" in payload and "viability" not in payload
    assert not validator("sweep").is_valid(
        {k: v for k, v in payload.items() if k != "desirability"}
    )


def test_a_schedule_found_by_the_heuristic() -> None:
    check("schedule", schedule(EXAMPLE, capacity=10, method="heuristic"))


# --- hypothesis: payloads of arbitrary portfolios -----------------------------------------

policies = st.builds(
    cx.BalancePolicy,
    max_process_share=st.sampled_from([0.0, 0.3, 0.5, 1.0]),
    weight=st.sampled_from(["effort", "count"]),
    escalate=st.sets(st.sampled_from(CODES), max_size=3),
)


@st.composite
def dependent_portfolios(draw: st.DrawFn, max_size: int = 6) -> cx.Portfolio:
    """A portfolio whose initiatives may depend on earlier ones (so it has no cycle)."""
    base = list(draw(portfolios(max_size=max_size)))
    items = []
    for k, item in enumerate(base):
        earlier = [b.name for b in base[:k]]
        needs = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if k else []
        items.append(item.evolve(depends_on=needs))
    return cx.Portfolio(items)


@FEW
@given(customer_portfolios(max_size=6), thresholds, policies)
def test_any_balance_report(p: cx.Portfolio, t: cx.Thresholds, policy: cx.BalancePolicy) -> None:
    check("balance", cx.check_balance(p, policy, thresholds=t, warn=False))


@FEW
@given(dependent_portfolios(), thresholds, policies)
def test_any_roadmap(p: cx.Portfolio, t: cx.Thresholds, policy: cx.BalancePolicy) -> None:
    check("roadmap", cx.roadmap(p, policy=policy, thresholds=t))


@FEW
@given(portfolios(max_size=6), st.data())
def test_any_sensitivity_report(p: cx.Portfolio, data: st.DataObject) -> None:
    n = len(p)
    sd = st.floats(0, 0.5, allow_nan=False)
    noise = data.draw(
        st.one_of(
            sd,
            st.lists(sd, min_size=n, max_size=n),
            st.lists(st.lists(sd, min_size=3, max_size=3), min_size=n, max_size=n),
        )
    )
    seed = data.draw(st.integers(0, 2**64))
    samples = data.draw(st.integers(1, 40))
    stability = data.draw(st.floats(0.01, 1.0))
    report = sensitivity(
        p, noise=np.array(noise) if n else 0.1, samples=samples, seed=seed, stability=stability
    )
    check("sensitivity", report)


@FEW
@given(portfolios(max_size=6), thresholds, st.integers(2, 6), st.data())
def test_any_threshold_sweep(
    p: cx.Portfolio, t: cx.Thresholds, steps: int, data: st.DataObject
) -> None:
    lenses = data.draw(st.lists(st.sampled_from(CRITERIA), min_size=1, unique=True))
    check("sweep", threshold_sweep(p, lens=lenses, steps=steps, thresholds=t))


@FEW
@given(
    st.lists(st.sampled_from(["Kiosk", "App", "Café ☕", "=1+1"]), min_size=1, unique=True),
    st.lists(st.sampled_from(["Ann", "Bo", "Cy", "Dee"]), min_size=1, unique=True),
    st.data(),
)
def test_any_workshop(names: list[str], raters: list[str], data: st.DataObject) -> None:
    rows = []
    for rater in raters:
        for name in names:
            for criterion in CRITERIA:
                # the first rater rates everything (no lens left unrated); others may skip
                if rater == raters[0] or data.draw(st.booleans()):
                    score = data.draw(st.integers(1, 5))
                    rows.append(
                        {
                            "rater": rater,
                            "initiative": name,
                            "criterion": criterion,
                            "score": score,
                        }
                    )
    method: Method = data.draw(st.sampled_from(typing.get_args(Method)))
    check("workshop", aggregate_ratings(rows, method=method))


@FEW
@given(dependent_portfolios(), policies, st.data())
def test_any_selection(p: cx.Portfolio, policy: cx.BalancePolicy, data: st.DataObject) -> None:
    total = float(p.effort.sum()) if len(p) else 1.0
    budget = data.draw(st.one_of(st.floats(0, total * 1.1), st.just(math.inf)))
    exclude = data.draw(st.lists(st.sampled_from(p.names), unique=True, max_size=2)) if p else []
    check("selection", select(p, budget=budget, policy=policy, exclude=exclude))


@FEW
@given(dependent_portfolios(), st.floats(1.0, 3.0), st.sampled_from(["auto", "heuristic"]))
def test_any_schedule(
    p: cx.Portfolio, factor: float, method: typing.Literal["auto", "heuristic"]
) -> None:
    capacity = float(p.effort.max()) * factor if len(p) else 1.0
    check("schedule", schedule(p, capacity=capacity, method=method))


@FEW
@given(portfolios(max_size=6), portfolios(max_size=6), st.data())
def test_any_comparison(a: cx.Portfolio, b: cx.Portfolio, data: st.DataObject) -> None:
    # b's first initiatives take a's names, so some are in both (moved or not)
    shared = data.draw(st.integers(0, min(len(a), len(b))))
    taken = set(a.names[:shared])
    rest = [i for i in list(b)[shared:] if i.name not in taken]
    renamed = [i.evolve(name=n) for i, n in zip(list(b)[:shared], a.names, strict=False)]
    policy = data.draw(policies)
    check("comparison", compare(a, cx.Portfolio(renamed + rest), policy=policy))
