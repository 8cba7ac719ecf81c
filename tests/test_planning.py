"""Tests for cxmodel.planning: dependency_graph, roadmap and Roadmap."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.cli import main

from .strategies import efforts, names

# --- helpers and strategies ------------------------------------------------------------


def item(
    name: str,
    scores: tuple[float, float, float] = (0.5, 0.5, 0.5),
    *,
    effort: float = 1.0,
    after: Sequence[str] = (),
) -> cx.Initiative:
    return cx.Initiative(name, *scores, effort=effort, depends_on=after)


EMOTIONAL = (0.8, 0.8, 0.2)
PROCESS = (0.8, 0.2, 0.8)
FUNCTIONAL = (0.2, 0.8, 0.8)


@st.composite
def dags(draw: st.DrawFn, max_size: int = 8) -> tuple[cx.Portfolio, list[tuple[str, str]]]:
    """A portfolio whose dependencies form a random DAG, and its edges (dependency, dependant).

    Edges only go from a lower to a higher index of a random permutation, so the
    graph is acyclic by construction.  Efforts come from a small set half of the
    time, so that ties between chains are common.
    """
    labels = draw(st.lists(names, max_size=max_size, unique_by=str.strip))
    labels = [label.strip() for label in labels]
    n = len(labels)
    order = draw(st.permutations(range(n)))
    pairs = [(order[i], order[j]) for i, j in itertools.combinations(range(n), 2)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    effort_of = draw(
        st.lists(
            st.one_of(st.sampled_from([1.0, 2.0]), efforts),
            min_size=n,
            max_size=n,
        )
    )
    after: list[list[str]] = [[] for _ in range(n)]
    for source, target in chosen:
        after[target].append(labels[source])
    portfolio = cx.Portfolio(
        cx.Initiative(
            labels[k],
            *draw(st.sampled_from([EMOTIONAL, PROCESS, FUNCTIONAL, (0.5, 0.5, 0.5)])),
            effort=effort_of[k],
            depends_on=after[k],
        )
        for k in range(n)
    )
    return portfolio, [(labels[s], labels[t]) for s, t in chosen]


def chains(graph: nx.DiGraph) -> Iterator[list[str]]:
    """Every path of the graph (a single node included), by brute force."""
    for start in graph:
        stack = [[start]]
        while stack:
            path = stack.pop()
            yield path
            stack.extend([*path, nxt] for nxt in graph.successors(path[-1]))


def effort_of(portfolio: cx.Portfolio, path: Sequence[str]) -> float:
    total = 0.0
    for name in path:  # summed from the start, like the roadmap does
        total += portfolio[name].effort
    return total


def phase_index(plan: cx.Roadmap) -> dict[str, int]:
    return {name: k for k, phase in enumerate(plan.phases) for name in phase}


# --- dependency_graph -------------------------------------------------------------------


def test_dependency_graph_edges_point_from_dependency_to_dependant() -> None:
    p = cx.Portfolio([item("App", after=["API", "Design"]), item("API"), item("Design")])
    graph = cx.dependency_graph(p)
    assert list(graph.nodes) == ["App", "API", "Design"]  # portfolio order
    assert set(graph.edges) == {("API", "App"), ("Design", "App")}


def test_dependency_graph_node_attributes() -> None:
    forum = cx.Initiative("Forum", 0.7, 0.9, 0.3, effort=3, tags=["loyalty"])
    graph = cx.dependency_graph(cx.Portfolio([forum]))
    node = graph.nodes["Forum"]
    assert node["scores"] == forum.scores
    assert (node["viability"], node["desirability"], node["feasibility"]) == (0.7, 0.9, 0.3)
    assert node["effort"] == 3.0
    assert node["region"] is cx.Region.EMOTIONAL
    assert node["types"] == frozenset({cx.InnovationType.EMOTIONAL})
    assert node["tags"] == ("loyalty",)


def test_dependency_graph_uses_thresholds() -> None:
    p = cx.Portfolio([cx.Initiative("A", 0.6, 0.6, 0.6)])
    strict = cx.Thresholds.uniform(0.7)
    assert cx.dependency_graph(p).nodes["A"]["region"] is cx.Region.CUSTOMER_EXPERIENCE
    assert cx.dependency_graph(p, thresholds=strict).nodes["A"]["region"] is cx.Region.NONE


def test_dependency_graph_rejects_cycles_and_unknown_names() -> None:
    with pytest.raises(cx.DependencyCycleError):
        cx.dependency_graph(cx.Portfolio([item("A", after=["A"])]))
    with pytest.raises(cx.UnknownDependencyError):
        cx.dependency_graph(cx.Portfolio([item("A", after=["B"])]))


def test_dependency_graph_of_empty_portfolio() -> None:
    graph = cx.dependency_graph(cx.Portfolio([]))
    assert graph.number_of_nodes() == 0


def test_duplicate_dependency_is_one_edge() -> None:
    p = cx.Portfolio([item("A"), item("B", after=["A", "A"])])
    assert list(cx.dependency_graph(p).edges) == [("A", "B")]
    assert cx.roadmap(p).phases == (("A",), ("B",))


def test_dependency_names_are_matched_stripped() -> None:
    p = cx.Portfolio([item("A"), item("B", after=["  A "])])
    assert list(cx.dependency_graph(p).edges) == [("A", "B")]


@given(dags())
def test_dependency_graph_holds_every_declared_edge(dag: tuple[cx.Portfolio, list]) -> None:
    portfolio, edges = dag
    graph = cx.dependency_graph(portfolio)
    assert set(graph.edges) == set(edges)
    assert list(graph.nodes) == list(portfolio.names)
    assert nx.is_directed_acyclic_graph(graph)


# --- errors -----------------------------------------------------------------------------


def test_unknown_dependency_names_initiative_and_missing_name() -> None:
    p = cx.Portfolio([item("Loyalty app", after=["Data platform"])])
    with pytest.raises(cx.UnknownDependencyError) as caught:
        cx.roadmap(p)
    assert caught.value.initiative == "Loyalty app"
    assert caught.value.missing == "Data platform"
    assert "'Loyalty app'" in str(caught.value)
    assert "'Data platform'" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_unknown_dependency_is_checked_before_cycles() -> None:
    p = cx.Portfolio([item("A", after=["B"]), item("B", after=["A"]), item("C", after=["Z"])])
    with pytest.raises(cx.UnknownDependencyError, match="'Z'"):
        cx.roadmap(p)


def test_self_dependency_is_a_cycle() -> None:
    p = cx.Portfolio([item("Other"), item("Chatbot", after=["Chatbot"])])
    with pytest.raises(cx.DependencyCycleError) as caught:
        cx.roadmap(p)
    assert caught.value.cycle == ("Chatbot",)
    assert "Chatbot -> Chatbot" in str(caught.value)


def test_cycle_is_listed_in_dependency_order() -> None:
    # C needs B, B needs A, A needs C: work would flow A -> B -> C -> A.
    p = cx.Portfolio(
        [
            item("Start"),
            item("C", after=["B"]),
            item("A", after=["C", "Start"]),
            item("B", after=["A"]),
            item("Downstream", after=["C"]),
        ]
    )
    with pytest.raises(cx.DependencyCycleError) as caught:
        cx.roadmap(p)
    assert caught.value.cycle == ("A", "B", "C")
    assert str(caught.value) == "dependency cycle: A -> B -> C -> A"
    assert isinstance(caught.value, cx.CxModelError)


@given(dags(), st.data())
def test_closing_a_loop_raises_that_loop(
    dag: tuple[cx.Portfolio, list], data: st.DataObject
) -> None:
    portfolio, _ = dag
    if not len(portfolio):
        return
    graph = cx.dependency_graph(portfolio)
    # Pick a path u -> ... -> v of the DAG (u == v allowed) and make u depend on v.
    u = data.draw(st.sampled_from(portfolio.names))
    v = data.draw(st.sampled_from(sorted(nx.descendants(graph, u) | {u})))
    closed = cx.Portfolio(
        i.evolve(depends_on=(*i.depends_on, v)) if i.name == u else i for i in portfolio
    )
    with pytest.raises(cx.DependencyCycleError) as caught:
        cx.roadmap(closed)
    cycle = caught.value.cycle
    graph.add_edge(v, u)
    assert len(set(cycle)) == len(cycle)
    loop = [*cycle, cycle[0]]
    assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(loop))
    assert (v, u) in set(itertools.pairwise(loop))  # the loop we closed
    assert cycle[0] == min(cycle)
    assert " -> ".join(loop) in str(caught.value)


def test_long_cycle_does_not_recurse() -> None:
    n = 100_000
    p = cx.Portfolio(item(f"step {k:06d}", after=[f"step {(k - 1) % n:06d}"]) for k in range(n))
    with pytest.raises(cx.DependencyCycleError) as caught:
        cx.roadmap(p)
    assert len(caught.value.cycle) == n
    assert caught.value.cycle[:2] == ("step 000000", "step 000001")


# --- phases -----------------------------------------------------------------------------


@given(dags())
def test_phases_are_topological_generations(dag: tuple[cx.Portfolio, list]) -> None:
    portfolio, edges = dag
    plan = cx.roadmap(portfolio)
    flat = [name for phase in plan.phases for name in phase]
    assert sorted(flat) == sorted(portfolio.names)  # a partition: each name exactly once
    assert all(plan.phases), "no phase is empty"
    assert all(list(phase) == sorted(phase) for phase in plan.phases)
    where = phase_index(plan)
    assert all(where[a] < where[b] for a, b in edges)
    for name in portfolio.names:
        before = [where[d] for d in portfolio[name].depends_on]
        # earliest possible: right after its last dependency (phase 0 if none)
        assert where[name] == (max(before) + 1 if before else 0)
    assert plan.phase_effort == pytest.approx(
        [sum(portfolio[n].effort for n in phase) for phase in plan.phases]
    )


def test_independent_initiatives_form_one_sorted_phase() -> None:
    p = cx.Portfolio([item("b"), item("C"), item("a")])
    assert cx.roadmap(p).phases == (("C", "a", "b"),)  # code-point order, like sorted()


# --- critical path ----------------------------------------------------------------------


@given(dags())
def test_critical_path_is_the_heaviest_chain(dag: tuple[cx.Portfolio, list]) -> None:
    portfolio, _ = dag
    plan = cx.roadmap(portfolio)
    graph = cx.dependency_graph(portfolio)
    path = plan.critical_path
    if not len(portfolio):
        assert path == ()
        return
    assert all(graph.has_edge(a, b) for a, b in itertools.pairwise(path))
    assert plan.critical_effort == effort_of(portfolio, path)
    heaviest = max(effort_of(portfolio, chain) for chain in chains(graph))
    assert plan.critical_effort == pytest.approx(heaviest, rel=1e-12)
    assert plan.critical_effort >= heaviest * (1 - 1e-12)


@given(dags(), st.randoms(use_true_random=False))
def test_roadmap_does_not_depend_on_portfolio_order(
    dag: tuple[cx.Portfolio, list], rng: random.Random
) -> None:
    portfolio, _ = dag
    shuffled = list(portfolio)
    rng.shuffle(shuffled)
    assert cx.roadmap(cx.Portfolio(shuffled)) == cx.roadmap(portfolio)


def test_ties_go_to_the_alphabetically_first_chain() -> None:
    # Two chains of effort 3 end at "End"; two more of effort 3 end elsewhere.
    p = cx.Portfolio(
        [
            item("b-start", effort=1),
            item("a-start", effort=1),
            item("End", effort=2, after=["b-start", "a-start"]),
            item("Zed", effort=3),
            item("Other", effort=1, after=["Solo"]),
            item("Solo", effort=2),
        ]
    )
    plan = cx.roadmap(p)
    assert plan.critical_effort == 3.0
    assert plan.critical_path == ("a-start", "End")
    reversed_plan = cx.roadmap(cx.Portfolio(reversed(list(p))))
    assert reversed_plan.critical_path == ("a-start", "End")


def test_effort_weighs_more_than_length() -> None:
    p = cx.Portfolio(
        [
            item("a", effort=1),
            item("b", effort=1, after=["a"]),
            item("c", effort=1, after=["b"]),
            item("Big", effort=10),
        ]
    )
    plan = cx.roadmap(p)
    assert plan.critical_path == ("Big",)
    assert plan.critical_effort == 10.0


def test_long_chain_does_not_recurse() -> None:
    n = 100_000
    p = cx.Portfolio(
        item(f"step {k:06d}", after=[f"step {k - 1:06d}"] if k else []) for k in range(n)
    )
    plan = cx.roadmap(p)
    assert len(plan.phases) == n
    assert plan.phases[-1] == (f"step {n - 1:06d}",)
    assert len(plan.critical_path) == n
    assert plan.critical_effort == float(n)
    assert cx.dependency_graph(p).number_of_edges() == n - 1


# --- empty and trivial portfolios -------------------------------------------------------


def test_empty_portfolio() -> None:
    plan = cx.roadmap(cx.Portfolio([]))
    assert plan.phases == ()
    assert plan.critical_path == ()
    assert plan.critical_effort == 0.0
    assert plan.phase_balance == ()
    assert plan.findings == ()
    assert plan.size == 0
    assert "empty" in str(plan)
    assert json.loads(plan.to_json())["phases"] == []


def test_single_initiative() -> None:
    plan = cx.roadmap(cx.Portfolio([item("Only", effort=2.5)]))
    assert plan.phases == (("Only",),)
    assert plan.critical_path == ("Only",)
    assert plan.critical_effort == 2.5


# --- per-phase balance ------------------------------------------------------------------


def test_phase_balance_is_the_balance_of_each_phase() -> None:
    p = cx.example_portfolio()
    policy = cx.BalancePolicy(max_process_share=0.6)
    thresholds = cx.Thresholds(viability=0.6)
    plan = cx.roadmap(p, thresholds=thresholds, policy=policy)
    assert len(plan.phase_balance) == len(plan.phases)
    for phase, report in zip(plan.phases, plan.phase_balance, strict=True):
        alone = cx.check_balance(
            cx.Portfolio(p[name] for name in phase), policy, thresholds=thresholds, warn=False
        )
        assert report.to_dict() == alone.to_dict()  # every rule, customer ones included
    assert plan.phase_balance is plan.phase_balance  # computed once


def test_phase_balance_does_not_warn() -> None:
    skewed = cx.Portfolio([item(f"p{k}", PROCESS, effort=5) for k in range(3)])
    plan = cx.roadmap(skewed)  # pytest turns warnings into errors
    assert plan.phase_balance[0].codes[0] == "process-skew"
    assert not plan.phase_balance[0].ok


def test_phase_balance_uses_thresholds_and_policy() -> None:
    p = cx.Portfolio([item("a", (0.6, 0.3, 0.6)), item("b", (0.6, 0.6, 0.3))])
    default = cx.roadmap(p).phase_balance[0]
    assert default.innovation_shares[cx.InnovationType.PROCESS] == 0.5
    strict = cx.roadmap(p, thresholds=cx.Thresholds.uniform(0.7)).phase_balance[0]
    assert strict.thresholds == cx.Thresholds.uniform(0.7)
    assert not any(strict.innovation_shares.values())
    lenient = cx.roadmap(p, policy=cx.BalancePolicy(max_process_share=0.4)).phase_balance[0]
    assert "process-skew" in lenient.codes


# --- roadmap findings -------------------------------------------------------------------


def test_emotional_initiatives_all_postponed() -> None:
    p = cx.Portfolio(
        [
            item("Platform", PROCESS),
            item("Feature", FUNCTIONAL),
            item("Community", EMOTIONAL, after=["Platform"]),
            item("Events", EMOTIONAL, after=["Feature"]),
        ]
    )
    finding = next(f for f in cx.roadmap(p).findings if f.code == "emotional-postponed")
    assert finding.severity == "info"
    assert finding.initiatives == ("Community", "Events")
    assert '"Community"' in finding.message
    assert "phase 2 of 2" in finding.message


def test_no_postponed_finding_when_an_emotional_initiative_starts_early() -> None:
    p = cx.Portfolio(
        [
            item("Platform", PROCESS),
            item("Forum", EMOTIONAL),
            item("Community", EMOTIONAL, after=["Platform"]),
        ]
    )
    assert "emotional-postponed" not in [f.code for f in cx.roadmap(p).findings]


def test_no_roadmap_findings_with_one_phase() -> None:
    p = cx.Portfolio([item("Platform", PROCESS), item("Community", EMOTIONAL)])
    assert cx.roadmap(p).findings == ()


def test_first_phase_all_process() -> None:
    p = cx.Portfolio(
        [
            item("Invoices", PROCESS),
            item("Scripts", PROCESS),
            item("App", FUNCTIONAL, after=["Invoices"]),
        ]
    )
    findings = cx.roadmap(p).findings
    assert [f.code for f in findings] == ["process-first"]
    assert findings[0].initiatives == ("Invoices", "Scripts")
    assert findings[0].severity == "info"
    assert "Phase 1" in findings[0].message


def test_centre_initiative_breaks_process_first() -> None:
    p = cx.Portfolio(
        [
            item("Invoices", PROCESS),
            item("Holistic", (0.9, 0.9, 0.9)),
            item("App", after=["Invoices"]),
        ]
    )
    assert "process-first" not in [f.code for f in cx.roadmap(p).findings]


def test_findings_respect_thresholds() -> None:
    p = cx.Portfolio(
        [item("Invoices", (0.6, 0.2, 0.6)), item("App", FUNCTIONAL, after=["Invoices"])]
    )
    assert [f.code for f in cx.roadmap(p).findings] == ["process-first"]
    assert cx.roadmap(p, thresholds=cx.Thresholds.uniform(0.7)).findings == ()


# --- output -----------------------------------------------------------------------------


def test_to_dict_is_json_ready_and_complete() -> None:
    plan = cx.roadmap(cx.example_portfolio())
    data = json.loads(plan.to_json())
    assert data == plan.to_dict()
    assert [phase["initiatives"] for phase in data["phases"]] == [list(p) for p in plan.phases]
    assert data["critical_path"] == list(plan.critical_path)
    assert data["critical_effort"] == plan.critical_effort
    assert data["size"] == len(cx.example_portfolio())
    assert data["phases"][0]["balance"]["balance_index"] == plan.phase_balance[0].balance_index


def test_text_shows_phases_balance_and_critical_path() -> None:
    plan = cx.roadmap(cx.example_portfolio())
    text = str(plan)
    assert "Phase 1: 9 initiatives" in text
    assert "Phase 2: 3 initiatives" in text
    assert "  - Order data platform" in text
    assert "process 60%" in text
    assert "balance index" in text
    assert "[process-skew]" in text
    assert "Critical path (effort 13): Order data platform -> Self-service returns portal" in text
    assert repr(plan).startswith("<Roadmap of 12 initiatives in 2 phases")


def test_html_escapes_names() -> None:
    p = cx.Portfolio([item("<b>x</b>"), item("y & z", after=["<b>x</b>"])])
    page = cx.roadmap(p)._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<b>x</b>" not in page
    assert "y &amp; z" in page
    assert "<table>" in page


def test_phase_of() -> None:
    plan = cx.roadmap(cx.Portfolio([item("A"), item("B", after=["A"])]))
    assert plan.phase_of("B") == 1
    with pytest.raises(KeyError, match="'Nope'"):
        plan.phase_of("Nope")


# --- command line -----------------------------------------------------------------------

ROADMAP_CSV = (
    "name,viability,desirability,feasibility,effort,depends_on\n"
    "Platform,0.8,0.2,0.9,8,\n"
    "Scripts,0.7,0.2,0.8,3,\n"
    "Community,0.8,0.9,0.3,4,Platform\n"
    "App,0.3,0.8,0.9,2,Platform;Community\n"
)


@pytest.fixture
def roadmap_file(tmp_path: Path) -> str:
    path = tmp_path / "plan.csv"
    path.write_text(ROADMAP_CSV, encoding="utf-8")
    return str(path)


def test_cli_roadmap_text(roadmap_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roadmap", roadmap_file]) == 0
    out = capsys.readouterr().out
    assert "Phase 1: 2 initiatives, effort 11" in out
    assert "  - Scripts" in out
    assert "Phase 3: 1 initiative, effort 2" in out
    assert "process 100%" in out
    assert "balance index 0.00" in out
    assert "[process-skew]" in out
    assert "Critical path (effort 14): Platform -> Community -> App" in out
    assert "[process-first]" in out


def test_cli_roadmap_json(roadmap_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roadmap", roadmap_file, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["initiatives"] for p in data["phases"]] == [
        ["Platform", "Scripts"],
        ["Community"],
        ["App"],
    ]
    assert data["phases"][0]["balance"]["innovation_shares"]["process"] == 1.0
    assert data["critical_path"] == ["Platform", "Community", "App"]
    assert data["critical_effort"] == 14.0
    assert [f["code"] for f in data["findings"]] == ["process-first"]


def test_cli_roadmap_options(roadmap_file: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["roadmap", roadmap_file, "--format", "json", "--max-process-share", "1"]
    assert main([*argv, "--viability-threshold", "0.75"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["thresholds"]["viability"] == 0.75
    assert data["policy"]["max_process_share"] == 1.0
    assert data["findings"] == []  # "Scripts" (viability 0.7) is no longer process


@pytest.mark.parametrize(
    ("depends", "message"),
    [
        ("Community", "dependency cycle: Community -> Platform -> Community"),
        ("Nowhere", "'Platform' depends on 'Nowhere', which is not in the portfolio"),
    ],
)
def test_cli_roadmap_bad_dependencies_exit_2(
    depends: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        ROADMAP_CSV.replace("Platform,0.8,0.2,0.9,8,", f"Platform,0.8,0.2,0.9,8,{depends}")
    )
    assert main(["roadmap", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"cxmodel roadmap: error: {message}"


def test_accepts_a_list_of_initiatives() -> None:
    items = [item("A"), item("B", after=["A"])]
    assert cx.roadmap(items) == cx.roadmap(cx.Portfolio(items))
    assert list(cx.dependency_graph(items).edges) == [("A", "B")]
    with pytest.raises(cx.FieldError):
        cx.roadmap(["not an initiative"])  # type: ignore[list-item]
    with pytest.raises(cx.DuplicateNameError):
        cx.roadmap([item("A"), item("A")])


def test_bad_thresholds_or_policy_fail_at_the_call() -> None:
    items = [item("A"), item("B", after=["A"])]
    with pytest.raises(cx.FieldError, match=r"^policy must be a BalancePolicy"):
        cx.roadmap(items, policy="strict")  # type: ignore[arg-type]
    with pytest.raises(cx.FieldError, match=r"^thresholds must be a Thresholds"):
        cx.roadmap(items, thresholds=0.5)  # type: ignore[arg-type]
    with pytest.raises(cx.UnknownDependencyError):  # dependencies are still checked first
        cx.roadmap([item("A", after=["Nowhere"])], policy="strict")  # type: ignore[arg-type]
