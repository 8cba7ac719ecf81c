"""Tests for cxmodel.decisions: select, schedule, their results and the schedule chart."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.decisions import (
    TOLERANCE,
    VALUE_TIE,
    LeftOut,
    Schedule,
    Selection,
    default_values,
    schedule,
    select,
)

# --- helpers ---------------------------------------------------------------------------

EMOTIONAL = (0.8, 0.8, 0.2)
PROCESS = (0.8, 0.2, 0.8)
FUNCTIONAL = (0.2, 0.8, 0.8)
CENTRE = (0.8, 0.8, 0.8)
BLOAT = (0.2, 0.1, 0.9)


def item(
    name: str,
    scores: tuple[float, float, float] = CENTRE,
    *,
    effort: float = 1.0,
    after: Sequence[str] = (),
) -> cx.Initiative:
    return cx.Initiative(name, *scores, effort=effort, depends_on=after)


def closure(portfolio: cx.Portfolio, names: Sequence[str]) -> set[str]:
    """The names and everything they depend on, by plain recursion."""
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name not in seen:
            seen.add(name)
            for other in portfolio[name].depends_on:
                visit(other)

    for name in names:
        visit(name)
    return seen


def feasible(
    portfolio: cx.Portfolio,
    chosen: set[str],
    *,
    budget: float,
    policy: cx.BalancePolicy | None = None,
    thresholds: cx.Thresholds | None = None,
    require: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> bool:
    """Every constraint of select, written out from its definition."""
    if not closure(portfolio, require) <= chosen or chosen & set(exclude):
        return False
    if any(not set(portfolio[n].depends_on) <= chosen for n in chosen):
        return False
    efforts = [portfolio[n].effort for n in portfolio.names if n in chosen]
    if math.fsum(efforts) > budget * (1 + TOLERANCE):
        return False
    used = policy or cx.BalancePolicy()
    t = thresholds or cx.Thresholds()
    bloat = {  # feature-bloat candidates, as DESIGN defines them
        i.name
        for i in portfolio
        if i.feasibility >= used.bloat_feasibility
        and i.desirability < t.desirability
        and i.viability < t.viability
        and i.feasibility - i.desirability >= used.bloat_gap - 1e-9
    }
    if (chosen & bloat) - closure(portfolio, require):
        return False
    sub = cx.Portfolio([i for i in portfolio if i.name in chosen])
    report = cx.check_balance(sub, policy, thresholds=thresholds, warn=False)
    return "process-skew" not in report.codes


def brute_force(
    portfolio: cx.Portfolio, values: dict[str, float], **constraints: object
) -> tuple[float, float] | None:
    """(best value, least effort at that value) over every subset, or None if none is feasible."""
    names = portfolio.names
    found: list[tuple[float, float]] = []
    for size in range(len(names) + 1):
        for subset in itertools.combinations(names, size):
            if feasible(portfolio, set(subset), **constraints):  # type: ignore[arg-type]
                value = math.fsum(values[n] for n in subset)
                effort = math.fsum(portfolio[n].effort for n in subset)
                found.append((value, effort))
    if not found:
        return None
    best = max(v for v, _ in found)
    tie = VALUE_TIE * max(values.values(), default=0.0)
    return best, min(e for v, e in found if v >= best - tie)


# --- strategies ------------------------------------------------------------------------

grid = st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9])
small_efforts = st.one_of(st.sampled_from([1.0, 2.0, 3.0, 5.0]), st.sampled_from([0.1, 0.2, 0.3]))


@st.composite
def dag_portfolios(draw: st.DrawFn, max_size: int = 8, min_size: int = 0) -> cx.Portfolio:
    """Initiatives on a score grid (every region, bloat candidates) with a random DAG."""
    n = draw(st.integers(min_size, max_size))
    names = [f"i{k}" for k in range(n)]
    order = draw(st.permutations(range(n)))
    pairs = [(order[a], order[b]) for a, b in itertools.combinations(range(n), 2)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=n)) if pairs else []
    after: list[list[str]] = [[] for _ in range(n)]
    for a, b in edges:
        after[b].append(names[a])
    return cx.Portfolio(
        cx.Initiative(
            names[k],
            draw(grid),
            draw(grid),
            draw(grid),
            effort=draw(small_efforts),
            depends_on=after[k],
        )
        for k in range(n)
    )


policies = st.builds(
    cx.BalancePolicy,
    max_process_share=st.sampled_from([0.0, 0.25, 0.4, 0.5, 0.6, 1.0]),
    weight=st.sampled_from(["effort", "count"]),
)


# --- select: optimality against brute force ---------------------------------------------


@settings(max_examples=60)
@given(
    dag_portfolios(),
    st.sampled_from([0.0, 1.0, 2.5, 4.0, 7.0, 30.0]),
    policies,
    st.data(),
)
def test_select_equals_the_brute_force_optimum(
    p: cx.Portfolio, budget: float, policy: cx.BalancePolicy, data: st.DataObject
) -> None:
    names = list(p.names)
    require = data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True)) if names else []
    exclude = data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True)) if names else []
    explicit = data.draw(st.booleans())
    values = (
        {n: float(data.draw(st.integers(0, 5))) for n in names} if explicit else default_values(p)
    )
    constraints = {"budget": budget, "policy": policy, "require": require, "exclude": exclude}
    expected = brute_force(p, values, **constraints)
    kwargs = {**constraints, "value": values if explicit else None}
    if expected is None:
        with pytest.raises(cx.InfeasibleError):
            select(p, **kwargs)  # type: ignore[arg-type]
        return
    pick = select(p, **kwargs)  # type: ignore[arg-type]
    best, least = expected
    assert pick.value == pytest.approx(best, abs=1e-9)
    assert pick.effort == pytest.approx(least, abs=1e-9)
    assert feasible(p, set(pick.chosen), **constraints)  # type: ignore[arg-type]


@settings(max_examples=40)
@given(dag_portfolios(max_size=10), st.floats(0, 20), policies)
def test_select_always_passes_check_balance_and_the_budget(
    p: cx.Portfolio, budget: float, policy: cx.BalancePolicy
) -> None:
    pick = select(p, budget=budget, policy=policy)
    report = cx.check_balance(pick.portfolio, policy, warn=False)
    assert "process-skew" not in report.codes
    assert "feature-bloat" not in report.codes  # nothing was required
    assert pick.effort <= budget * (1 + TOLERANCE)
    assert pick.report.codes == report.codes
    assert list(pick.chosen) == [n for n in p.names if n in pick.chosen]  # portfolio order
    for name in pick.chosen:
        assert set(p[name].depends_on) <= set(pick.chosen)


def test_select_beats_greedy_where_greedy_fails() -> None:
    # Greedy by value per effort takes "Small" first and then cannot afford the pair.
    p = cx.Portfolio(
        [
            item("Small", effort=1),
            item("Big A", effort=5),
            item("Big B", effort=5),
        ]
    )
    values = {"Small": 0.5, "Big A": 2.0, "Big B": 2.0}
    assert select(p, budget=10, value=values).chosen == ("Big A", "Big B")


def test_ties_go_to_less_effort() -> None:
    p = cx.Portfolio([item("Costly", effort=5), item("Cheap", effort=2)])
    pick = select(p, budget=5, value={"Costly": 1.0, "Cheap": 1.0})
    assert pick.chosen == ("Cheap",)
    assert pick.effort == 2.0


def test_zero_value_initiatives_are_not_chosen() -> None:
    p = cx.Portfolio([item("Worth", effort=1), item("Nothing", effort=1)])
    pick = select(p, budget=10, value={"Worth": 1.0, "Nothing": 0.0})
    assert pick.chosen == ("Worth",)
    assert {x.name: x.reason for x in pick.left_out} == {"Nothing": "value"}


def test_default_values_lead_with_desirability() -> None:
    p = cx.Portfolio([item("Wanted", (0.5, 0.9, 0.5)), item("Viable", (0.9, 0.5, 0.5))])
    values = default_values(p)
    assert values["Wanted"] > values["Viable"]
    assert values["Wanted"] == pytest.approx((0.5 + 2 * 0.9 + 0.5) / 4)
    assert select(p, budget=1).chosen == ("Wanted",)


def test_efforts_that_add_up_to_the_budget_as_a_person_reads_them_fit() -> None:
    p = cx.Portfolio([item("A", effort=0.1), item("B", effort=0.2)])
    assert select(p, budget=0.3).chosen == ("A", "B")


def test_empty_portfolio_and_nothing_that_fits() -> None:
    empty = select(cx.Portfolio([]), budget=10)
    assert empty.chosen == () and empty.effort == 0.0 and empty.value == 0.0
    p = cx.Portfolio([item("Big", effort=5)])
    pick = select(p, budget=2)
    assert pick.chosen == ()
    assert pick.left_out[0].reason == "budget"
    assert select(p, budget=math.inf).chosen == ("Big",)


# --- select: balance, bloat, dependencies, require and exclude --------------------------


def test_process_skew_is_kept_out() -> None:
    p = cx.Portfolio(
        [
            item("Automation", PROCESS, effort=6),
            item("Community", EMOTIONAL, effort=2),
        ]
    )
    pick = select(p, budget=10, value={"Automation": 5.0, "Community": 1.0})
    # Both would be 75% process; the automation alone is 100%: the community wins.
    assert pick.chosen == ("Community",)
    assert pick.left_out[0].reason == "balance"
    assert "process share" in pick.left_out[0].detail
    loose = cx.BalancePolicy(max_process_share=0.8)
    assert select(
        p, budget=10, value={"Automation": 5.0, "Community": 1.0}, policy=loose
    ).chosen == (
        "Automation",
        "Community",
    )


def test_process_share_exactly_at_the_limit_is_allowed() -> None:
    p = cx.Portfolio(
        [item("Automation", PROCESS, effort=2), item("Community", EMOTIONAL, effort=2)]
    )
    pick = select(p, budget=4)
    assert pick.chosen == ("Automation", "Community")
    assert pick.report.innovation_shares[cx.InnovationType.PROCESS] == 0.5


def test_the_centre_counts_a_third_to_process() -> None:
    # 3 process + 3 centre: (9 + 3) / 18 = 2/3 > 0.5; with 2 emotional: 12 / 24 = 0.5 is fine.
    # Without the process initiative, centre and community: 3 / 15 = 0.2.
    p = cx.Portfolio(
        [
            item("Automation", PROCESS, effort=3),
            item("Centre", CENTRE, effort=3),
            item("Community", EMOTIONAL, effort=2),
        ]
    )
    values = {"Automation": 3.0, "Centre": 3.0, "Community": 0.1}
    assert select(p, budget=6, value=values).chosen == ("Centre", "Community")
    assert select(p, budget=8, value=values).chosen == ("Automation", "Centre", "Community")


def test_weight_count_counts_initiatives() -> None:
    p = cx.Portfolio(
        [item("Automation", PROCESS, effort=10), item("Community", EMOTIONAL, effort=1)]
    )
    by_count = cx.BalancePolicy(weight="count")
    assert select(p, budget=11, policy=by_count).chosen == ("Automation", "Community")
    assert select(p, budget=11).chosen == ("Community",)


def test_thresholds_decide_the_regions() -> None:
    p = cx.Portfolio([item("Automation", (0.8, 0.6, 0.8), effort=2)])
    assert select(p, budget=5).chosen == ("Automation",)  # the centre: a third process
    strict = cx.Thresholds(desirability=0.7)
    pick = select(p, budget=5, thresholds=strict)  # now pure process: 100%
    assert pick.chosen == ()
    assert pick.thresholds == strict


def test_bloat_is_left_out_unless_required() -> None:
    p = cx.Portfolio([item("Gadget", BLOAT, effort=1), item("Portal", CENTRE, effort=1)])
    pick = select(p, budget=10)
    assert pick.chosen == ("Portal",)
    assert pick.left_out[0].reason == "bloat"
    forced = select(p, budget=10, require=["Gadget"])
    assert forced.chosen == ("Gadget", "Portal")
    assert "feature-bloat" in forced.report.codes


def test_a_dependency_of_a_required_initiative_may_be_bloat() -> None:
    p = cx.Portfolio(
        [item("Gadget", BLOAT), item("Portal", CENTRE, after=["Gadget"]), item("Other", CENTRE)]
    )
    assert select(p, budget=10).chosen == ("Other",)
    assert select(p, budget=10, require=["Portal"]).chosen == ("Gadget", "Portal", "Other")


def test_dependencies_come_along_and_reasons_name_them() -> None:
    p = cx.Portfolio(
        [
            item("Platform", (0.8, 0.6, 0.8), effort=8),
            item("App", after=["Platform"], effort=2),
            item("Kiosk", effort=3),
        ]
    )
    values = {"Platform": 0.0, "App": 5.0, "Kiosk": 1.0}
    assert select(p, budget=10, value=values).chosen == ("Platform", "App")
    pick = select(p, budget=9, value=values)
    assert pick.chosen == ("Kiosk",)
    app = pick.left_out[0]
    assert (app.name, app.reason) == ("App", "budget")
    assert '"Platform"' in app.detail and "10" in app.detail
    blocked = select(p, budget=20, value=values, exclude=["Platform"])
    reasons = {x.name: x.reason for x in blocked.left_out}
    assert reasons == {"App": "dependency", "Platform": "excluded"}
    assert "'Platform'" in blocked.left_out[0].detail


def test_require_brings_dependencies_and_exclude_keeps_out() -> None:
    p = cx.Portfolio(
        [item("Platform", effort=1), item("App", after=["Platform"]), item("Kiosk", effort=1)]
    )
    values = {"Platform": 0.0, "App": 0.0, "Kiosk": 1.0}
    assert select(p, budget=3, value=values, require="App").chosen == ("Platform", "App", "Kiosk")
    assert select(p, budget=3, value=values, exclude=["Kiosk"]).chosen == ()
    pick = select(p, budget=3, require=["App"], exclude=["Kiosk"])
    assert pick.require == ("App",) and pick.exclude == ("Kiosk",)


# --- select: infeasible and bad input -------------------------------------------------------


def test_required_depending_on_excluded_names_both() -> None:
    p = cx.Portfolio([item("A"), item("B", after=["A"]), item("C", after=["B"])])
    with pytest.raises(cx.InfeasibleError, match=r"'C' is required.*'A'.*through.*\"B\""):
        select(p, budget=10, require=["C"], exclude=["A"])
    with pytest.raises(cx.InfeasibleError, match="'A' is both required and excluded"):
        select(p, budget=10, require=["A"], exclude=["A"])


def test_required_over_budget_is_infeasible() -> None:
    p = cx.Portfolio([item("A", effort=4), item("B", effort=4, after=["A"])])
    with pytest.raises(cx.InfeasibleError, match=r'"B" with its dependencies.*8.*budget 5'):
        select(p, budget=5, require=["B"])


def test_required_skew_that_nothing_can_level_is_infeasible() -> None:
    p = cx.Portfolio(
        [item("Automation", PROCESS, effort=4), item("Community", EMOTIONAL, effort=2)]
    )
    with pytest.raises(cx.InfeasibleError, match=r"process skew.*100%.*limit of 50%"):
        select(p, budget=5, require=["Automation"])
    with pytest.raises(cx.InfeasibleError) as error:
        select(p, budget=10, require=["Automation"], exclude=["Community"])
    assert isinstance(error.value, cx.CxModelError)
    # With room for enough emotional effort it can be levelled:
    p2 = cx.Portfolio([*p, item("Dialogue", EMOTIONAL, effort=2)])
    assert select(p2, budget=8, require=["Automation"]).chosen == p2.names


@pytest.mark.parametrize("budget", [-1, math.nan, "10", True, None])
def test_bad_budget(budget: object) -> None:
    with pytest.raises(cx.FieldError, match="budget"):
        select(cx.Portfolio([item("A")]), budget=budget)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ({"A": 1.0, "Nope": 1.0}, "'Nope'"),
        ({"A": -1.0}, r"value\['A'\].*>= 0"),
        ({"A": math.nan}, r"value\['A'\].*NaN"),
        ({"A": math.inf}, r"value\['A'\]"),
        ({"A": "high"}, r"value\['A'\]"),
        ({}, 'no value for "A"'),
        ([1.0], "mapping"),
    ],
)
def test_bad_values_are_named(value: object, match: str) -> None:
    with pytest.raises(cx.FieldError, match=match):
        select(cx.Portfolio([item("A")]), budget=1, value=value)  # type: ignore[arg-type]


def test_bad_names_and_settings() -> None:
    p = cx.Portfolio([item("A")])
    with pytest.raises(cx.FieldError, match=r"require.*'Z'"):
        select(p, budget=1, require=["Z"])
    with pytest.raises(cx.FieldError, match="exclude"):
        select(p, budget=1, exclude=[3])  # type: ignore[list-item]
    with pytest.raises(cx.FieldError, match="policy"):
        select(p, budget=1, policy=0.5)  # type: ignore[arg-type]
    with pytest.raises(cx.FieldError, match="progress"):
        select(p, budget=1, progress="yes")  # type: ignore[arg-type]
    with pytest.raises(cx.UnknownDependencyError):
        select(cx.Portfolio([item("A", after=["Ghost"])]), budget=1)
    with pytest.raises(cx.DependencyCycleError):
        select(cx.Portfolio([item("A", after=["B"]), item("B", after=["A"])]), budget=5)
    assert issubclass(cx.FieldError, ValueError)


def test_progress_callable_hears_each_stage() -> None:
    # The progress= protocol of every long computation: progress(done, total).
    heard: list[tuple[int, int]] = []
    select(
        cx.Portfolio([item("A"), item("B")]),
        budget=1,
        progress=lambda done, total: heard.append((done, total)),
    )
    assert heard == [(1, 3), (2, 3), (3, 3)]


def test_progress_bar_is_silent_where_nobody_sees_it(capsys: pytest.CaptureFixture[str]) -> None:
    select(cx.Portfolio([item("A")]), budget=1, progress=True)  # stderr is not a terminal
    assert capsys.readouterr().err == ""


# --- select: the result object ----------------------------------------------------------


def test_selection_outputs() -> None:
    p = cx.Portfolio(
        [
            item("<b>Portal</b>", effort=3),
            item("Automation", PROCESS, effort=5),
            item("Gadget", BLOAT, effort=1),
        ]
    )
    pick = select(p, budget=6)
    assert isinstance(pick, Selection)
    assert pick.chosen == ("<b>Portal</b>",)
    assert len(pick) == 1 and "<b>Portal</b>" in pick and "Gadget" not in pick
    assert all(isinstance(x, LeftOut) for x in pick.left_out)
    text = str(pick)
    assert "Selected 1 of 3 initiatives" in text and "budget 6" in text
    assert "Automation" in text and "Gadget" in text and "bloat" in text
    data = pick.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["chosen"] == ["<b>Portal</b>"] and data["budget"] == 6.0
    assert [x["name"] for x in data["left_out"]] == ["Automation", "Gadget"]
    assert data["balance"]["ok"] is True
    assert json.loads(pick.to_json()) == data
    page = pick._repr_html_()
    assert "&lt;b&gt;Portal&lt;/b&gt;" in page and "<b>Portal</b>" not in page
    assert "bloat" in page
    assert "Selection of 1 of 3" in repr(pick)
    assert select(p, budget=math.inf).to_dict()["budget"] is None


def test_left_out_is_sorted_by_value() -> None:
    p = cx.Portfolio([item(f"n{k}", effort=1) for k in range(5)])
    values = {f"n{k}": float(k) for k in range(5)}
    pick = select(p, budget=2, value=values)
    assert pick.chosen == ("n3", "n4")
    assert [x.name for x in pick.left_out] == ["n2", "n1", "n0"]
    assert [x.value for x in pick.left_out] == [2.0, 1.0, 0.0]


# --- schedule ---------------------------------------------------------------------------


def valid(plan: Schedule, p: cx.Portfolio, capacity: float) -> None:
    """Capacity, dependencies, and the attributes agree with one another."""
    assert sorted(plan.period_of) == sorted(p.names)
    for k, names in enumerate(plan.periods, 1):
        assert names, "no empty period"
        assert list(names) == [n for n in p.names if n in names]
        assert all(plan.period_of[n] == k for n in names)
        load = math.fsum(p[n].effort for n in names)
        assert plan.load[k - 1] == pytest.approx(load)
        assert load <= capacity * (1 + TOLERANCE)
    for i in p:
        for d in i.depends_on:
            assert plan.period_of[d] < plan.period_of[i.name]
    assert plan.lower_bound <= len(plan.periods)
    assert plan.capacity == capacity


def fits(p: cx.Portfolio, order: Sequence[str], periods: int, capacity: float) -> bool:
    """Whether some assignment of ``periods`` periods works, by exhaustive backtracking."""
    limit = capacity * (1 + TOLERANCE)
    loads = [0.0] * periods
    at: dict[str, int] = {}

    def place(k: int) -> bool:
        if k == len(order):
            return True
        name = order[k]
        effort = p[name].effort
        start = max((at[d] + 1 for d in p[name].depends_on), default=0)
        for t in range(start, periods):
            if loads[t] + effort <= limit:
                loads[t] += effort
                at[name] = t
                if place(k + 1):
                    return True
                loads[t] -= effort
        return False

    return place(0)


def brute_periods(p: cx.Portfolio, capacity: float) -> int:
    """The fewest periods, by trying every assignment of periods (small portfolios only)."""
    order = [n for phase in cx.roadmap(p).phases for n in phase]  # dependencies first
    return next(t for t in range(len(order) + 1) if fits(p, order, t, capacity))


@settings(max_examples=60)
@given(dag_portfolios(max_size=7), st.sampled_from([5.0, 6.0, 8.0]))
def test_schedule_equals_the_brute_force_minimum(p: cx.Portfolio, capacity: float) -> None:
    plan = schedule(p, capacity=capacity)
    valid(plan, p, capacity)
    assert plan.exact
    assert len(plan.periods) == brute_periods(p, capacity)


@settings(max_examples=40)
@given(dag_portfolios(max_size=12, min_size=1), st.sampled_from([5.0, 6.0, 8.0]))
def test_the_heuristic_keeps_its_bound(p: cx.Portfolio, capacity: float) -> None:
    plan = schedule(p, capacity=capacity, method="heuristic")
    valid(plan, p, capacity)
    assert plan.method == "heuristic"
    total = float(p.effort.sum())
    chain = len(cx.roadmap(p).phases)
    assert len(plan.periods) <= 2 * total / capacity + chain + 1e-9
    assert len(plan.periods) <= 3 * plan.lower_bound
    assert plan.exact == (len(plan.periods) == plan.lower_bound)
    assert plan.gap == len(plan.periods) - plan.lower_bound


def test_the_lower_bound_counts_effort_chains_and_big_initiatives() -> None:
    by_effort = cx.Portfolio([item(f"n{k}", effort=3) for k in range(5)])
    assert schedule(by_effort, capacity=7, method="heuristic").lower_bound == 3  # 15 / 7
    chain = cx.Portfolio([item("a"), item("b", after=["a"]), item("c", after=["b"])])
    assert schedule(chain, capacity=100, method="heuristic").lower_bound == 3
    big = cx.Portfolio([item(f"n{k}", effort=6) for k in range(3)])
    assert schedule(big, capacity=10, method="heuristic").lower_bound == 3


def test_the_integer_program_beats_the_heuristic() -> None:
    # First-fit by phases and longest-chain list scheduling both need 3 periods here; 2 do.
    p = cx.Portfolio(
        [
            item("a", effort=4),
            item("b", effort=4),
            item("c", effort=3),
            item("d", effort=3),
            item("e", effort=3),
            item("f", effort=3),
        ]
    )
    heuristic = schedule(p, capacity=10, method="heuristic")
    exact = schedule(p, capacity=10)
    valid(exact, p, 10)
    assert len(exact.periods) == brute_periods(p, 10) == 2
    assert exact.exact and exact.lower_bound == 2
    assert len(heuristic.periods) == 3 and not heuristic.exact
    assert exact.method == "milp"


def test_large_portfolios_use_the_heuristic() -> None:
    rng = np.random.default_rng(3)
    n = 80
    p = cx.Portfolio(
        item(
            f"n{k:02d}", effort=float(rng.integers(1, 6)), after=[f"n{k - 1:02d}"] if k % 7 else []
        )
        for k in range(n)
    )
    plan = schedule(p, capacity=12)
    valid(plan, p, 12)
    assert plan.method == "heuristic"
    assert len(plan.periods) <= 3 * plan.lower_bound


def test_schedule_errors() -> None:
    p = cx.Portfolio([item("Platform", effort=12), item("App", effort=2), item("Huge", effort=20)])
    with pytest.raises(cx.InfeasibleError, match=r'"Platform", "Huge" need efforts 12, 20'):
        schedule(p, capacity=10)
    for bad in (0, -1, math.inf, math.nan, "5", None):
        with pytest.raises(cx.FieldError, match="capacity"):
            schedule(p, capacity=bad)  # type: ignore[arg-type]
    with pytest.raises(cx.FieldError, match="method"):
        schedule(p, capacity=30, method="fast")  # type: ignore[arg-type]
    with pytest.raises(cx.DependencyCycleError):
        schedule(cx.Portfolio([item("A", after=["B"]), item("B", after=["A"])]), capacity=5)
    with pytest.raises(cx.UnknownDependencyError):
        schedule(cx.Portfolio([item("A", after=["Ghost"])]), capacity=5)


def test_schedule_outputs_and_phase_balance() -> None:
    p = cx.Portfolio(
        [
            item("Automation", PROCESS, effort=6),
            item("<i>Community</i>", EMOTIONAL, effort=3, after=["Automation"]),
            item("Portal", CENTRE, effort=4),
        ]
    )
    plan = schedule(p, capacity=10)
    valid(plan, p, 10)
    assert [r.size for r in plan.phase_balance] == [len(names) for names in plan.periods]
    assert plan.phase_balance is plan.phase_balance  # kept
    text = str(plan)
    assert "Period 1" in text and "capacity 10" in text and "fewest possible" in text
    data = plan.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert [d["initiatives"] for d in data["periods"]] == [list(n) for n in plan.periods]
    assert json.loads(plan.to_json()) == data
    page = plan._repr_html_()
    assert "&lt;i&gt;Community&lt;/i&gt;" in page
    empty = schedule(cx.Portfolio([]), capacity=3)
    assert empty.periods == () and empty.lower_bound == 0 and empty.exact
    assert "empty" in str(empty)


def test_schedule_progress() -> None:
    heard: list[tuple[int, int]] = []
    p = cx.Portfolio(
        [item(n, effort=e) for n, e in zip("abcdef", [4, 4, 3, 3, 3, 3], strict=True)]
    )
    schedule(p, capacity=10, progress=lambda done, total: heard.append((done, total)))
    assert heard[0] == (1, 2)  # the heuristic, then (if it is not proven) the exact search
    assert heard in ([(1, 2)], [(1, 2), (2, 2)])


# --- the schedule chart -----------------------------------------------------------------


def test_plot_schedule_draws_every_initiative_in_its_period() -> None:
    from matplotlib.figure import Figure

    from cxmodel.plotting.schedule import plot_schedule

    p = cx.Portfolio(
        [
            item("Automation", PROCESS, effort=6),
            item("Costs $5 less", EMOTIONAL, effort=3, after=["Automation"]),
            item("Portal", CENTRE, effort=4),
            item("Kiosk", FUNCTIONAL, effort=2),
        ]
    )
    plan = schedule(p, capacity=10)
    ax = plot_schedule(plan, ax=Figure(figsize=(8, 5)).add_subplot())
    bars = {patch.get_gid(): patch for patch in ax.patches}
    assert sorted(bars) == sorted(p.names)
    for name, bar in bars.items():
        assert bar.get_height() == pytest.approx(p[name].effort)
        assert bar.get_x() + bar.get_width() / 2 == pytest.approx(plan.period_of[name])
    for k, names in enumerate(plan.periods):
        tops = [bars[n].get_y() + bars[n].get_height() for n in names]
        assert max(tops) == pytest.approx(plan.load[k])  # stacked to the period's load
    lines = [line for line in ax.get_lines() if set(line.get_ydata()) == {10.0}]
    assert len(lines) == 1  # the capacity line
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        f"Period {k}" for k in range(1, len(plan.periods) + 1)
    ]
    texts = [t.get_text() for t in ax.texts]
    assert "Costs $5 less" in texts and "capacity 10" in texts
    assert "capacity 10" in ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "Emotional innovation",
        "Process innovation",
        "Functional innovation",
        "Customer experience",
    ]
    with pytest.raises(cx.FieldError, match="schedule"):
        plot_schedule(p)  # type: ignore[arg-type]
