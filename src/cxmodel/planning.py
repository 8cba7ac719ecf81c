"""Dependency graphs and phased roadmaps of a portfolio (networkx, loaded on first use).

An initiative's ``depends_on`` names other initiatives that must be done first.
:func:`dependency_graph` turns those declarations into a
:class:`networkx.DiGraph` (edges point from a dependency to its dependant) and
:func:`roadmap` cuts the graph into phases -- its topological generations --
finds the critical path, and checks the balance of every phase.

``networkx`` is imported inside the functions, so ``import cxmodel`` stays light.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from ._html import Raw, block, finding_codes, findings_list, table
from ._text import json_text, listing
from ._text import number as _number
from ._text import pct as _pct
from ._text import plural as _plural
from .balance import BalanceReport, Finding, check_balance
from .exceptions import DependencyCycleError, UnknownDependencyError
from .findings.roadmap import roadmap_findings
from .intersections import InnovationType, Region
from .model import Initiative, Thresholds
from .policy import BalancePolicy, resolve_settings
from .portfolio import Portfolio, as_portfolio

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Roadmap", "dependency_graph", "roadmap"]


def _predecessors(portfolio: Portfolio) -> list[list[int]]:
    """The positions each initiative depends on, checking every name exists.

    Runs before any graph is built, so an unknown name is reported as such
    rather than as a surprise node.  Names are looked up stripped, like the
    names of initiatives themselves.
    """
    names = portfolio.names
    index = {name: position for position, name in enumerate(names)}
    predecessors: list[list[int]] = []
    for name, dependencies in zip(names, portfolio.column("depends_on"), strict=True):
        found = []
        for dependency in dependencies:
            position = index.get(dependency)
            if position is None:
                position = index.get(dependency.strip())
                if position is None:
                    raise UnknownDependencyError(name, dependency)
            found.append(position)
        predecessors.append(found)
    return predecessors


def _generations(graph: nx.DiGraph, label: Callable[[Any], str]) -> list[list[Any]]:
    """The topological generations of ``graph``, or :class:`DependencyCycleError`.

    Cycles are detected by :func:`networkx.topological_generations` itself
    (Kahn's algorithm stalls on them); only then is a cycle looked for, among
    the nodes it could not place -- :func:`networkx.find_cycle` on an acyclic
    graph would cost several times the whole roadmap.
    """
    import networkx as nx

    generations: list[list[Any]] = []
    try:
        for generation in nx.topological_generations(graph):
            generations.append(generation)
    except nx.NetworkXUnfeasible:
        placed = {node for generation in generations for node in generation}
        stuck = [node for node in graph if node not in placed]
        raise DependencyCycleError(_find_cycle(graph, stuck, label)) from None
    return generations


def _find_cycle(
    graph: nx.DiGraph, stuck: Sequence[Hashable], label: Callable[[Any], str]
) -> list[str]:
    """A cycle among ``stuck``, members in dependency order, starting at the least name.

    Every node Kahn's algorithm could not place keeps a predecessor that was not
    placed either, so walking the reversed graph from any of them must close a
    loop (placed ancestors it may visit on the way cannot lead back to it).
    """
    import networkx as nx

    edges = nx.find_cycle(graph.reverse(copy=False), source=stuck[0])
    members = [label(node) for node, _ in edges]
    members.reverse()  # the walk went against the edges
    start = members.index(min(members))
    return members[start:] + members[:start]


def dependency_graph(
    portfolio: Portfolio | Iterable[Initiative], *, thresholds: Thresholds | None = None
) -> nx.DiGraph:
    """The dependencies of a portfolio as a directed acyclic graph.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    thresholds : Thresholds, optional
        Used for the ``region`` and ``types`` node attributes.

    Returns
    -------
    networkx.DiGraph
        One node per initiative, named by the initiative and in portfolio
        order; an edge ``dependency -> dependant`` for every entry of
        ``depends_on`` (so edges point in the order work can be done).  Node
        attributes: ``viability``, ``desirability``, ``feasibility``,
        ``scores`` (the three as a dict), ``effort``, ``region``
        (:class:`~cxmodel.Region`), ``types`` (frozenset of
        :class:`~cxmodel.InnovationType`) and ``tags``.

    Raises
    ------
    UnknownDependencyError
        An initiative depends on a name that is not in the portfolio (checked
        first, before anything else).
    DependencyCycleError
        The dependencies form a cycle (an initiative depending on itself is a
        cycle of one); ``.cycle`` lists its members in dependency order.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Data platform", 0.6, 0.3, 0.8, effort=8),
    ...     cx.Initiative("Personalised offers", 0.7, 0.8, 0.6, depends_on=["Data platform"]),
    ... ])
    >>> g = cx.dependency_graph(p)
    >>> list(g.edges)
    [('Data platform', 'Personalised offers')]
    >>> g.nodes["Data platform"]["region"], g.nodes["Data platform"]["effort"]
    (<Region.PROCESS: 5>, 8.0)
    >>> bad = cx.Portfolio([cx.Initiative("A", 0.5, 0.5, 0.5, depends_on=["B"]),
    ...                     cx.Initiative("B", 0.5, 0.5, 0.5, depends_on=["A"])])
    >>> cx.dependency_graph(bad)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.DependencyCycleError: dependency cycle: A -> B -> A
    """
    import networkx as nx

    portfolio = as_portfolio(portfolio)
    predecessors = _predecessors(portfolio)
    names = portfolio.names
    regions = [Region(code) for code in range(8)]
    codes = portfolio.regions(thresholds).tolist()
    criteria = {
        "viability": portfolio.viability.tolist(),
        "desirability": portfolio.desirability.tolist(),
        "feasibility": portfolio.feasibility.tolist(),
    }
    efforts = portfolio.effort.tolist()
    tags = portfolio.column("tags")
    graph = nx.DiGraph()
    for position, name in enumerate(names):
        where = regions[codes[position]]
        scores = {field: values[position] for field, values in criteria.items()}
        graph.add_node(
            name,
            **scores,
            scores=scores,
            effort=efforts[position],
            region=where,
            types=where.innovation_types,
            tags=tags[position],
        )
    graph.add_edges_from(_edge_list(predecessors, names))
    _generations(graph, str)
    return graph


def _edge_list(
    predecessors: Sequence[Sequence[int]], nodes: Sequence[Any]
) -> list[tuple[Any, Any]]:
    return [
        (nodes[source], nodes[target])
        for target, sources in enumerate(predecessors)
        for source in sources
    ]


def _critical_path(
    order: Iterable[int],
    predecessors: Sequence[Sequence[int]],
    efforts: Sequence[float],
    rank: Sequence[int],
) -> tuple[list[int], float]:
    """The longest chain by total effort (node weights), by one pass in topological order.

    ``best[v]`` is the effort of the heaviest chain ending at ``v``, summed from
    its start, so it equals the effort of the path returned.  Exact ties go to
    the predecessor (and the final node) of lowest ``rank``.
    """
    n = len(efforts)
    if n == 0:
        return [], 0.0
    best = [0.0] * n
    back = [-1] * n
    for node in order:
        top, arg = 0.0, -1
        for source in predecessors[node]:
            value = best[source]
            # efforts are > 0, so the first predecessor always beats 0.0
            if value > top or (value == top and rank[source] < rank[arg]):
                top, arg = value, source
        best[node] = top + efforts[node]
        back[node] = arg
    longest = max(best)
    end = min((k for k in range(n) if best[k] == longest), key=rank.__getitem__)
    path = [end]
    while back[path[-1]] >= 0:
        path.append(back[path[-1]])
    path.reverse()
    return path, best[end]


def _plan(portfolio: Portfolio) -> tuple[list[list[int]], list[int], float]:
    """Phases (as position lists sorted by name) and the critical path of a portfolio."""
    import networkx as nx

    predecessors = _predecessors(portfolio)
    names = portfolio.names
    n = len(names)
    # Positions rather than names as nodes: the same speed, and no look-ups afterwards.
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(_edge_list(predecessors, range(n)))
    generations = _generations(graph, names.__getitem__)
    rank = [0] * n
    for position, node in enumerate(sorted(range(n), key=names.__getitem__)):
        rank[node] = position
    for generation in generations:
        generation.sort(key=rank.__getitem__)
    order = [node for generation in generations for node in generation]
    path, effort = _critical_path(order, predecessors, portfolio.effort.tolist(), rank)
    return generations, path, effort


@attrs.frozen(repr=False)
class Roadmap:
    """Phases of work that respect every dependency, the critical path, and their balance.

    Built by :func:`roadmap`; read its attributes rather than constructing one.

    Attributes
    ----------
    phases : tuple of tuple of str
        The topological generations of the dependency graph: phase 0 holds the
        initiatives that depend on nothing, phase ``k`` those whose last
        dependency is in phase ``k - 1``.  Names are sorted inside a phase.
    critical_path : tuple of str
        The chain of dependencies with the greatest total effort (counting the
        effort of every initiative on it), first to last; empty for an empty
        portfolio.  See :func:`roadmap` for how ties are broken.
    critical_effort : float
        The total effort of :attr:`critical_path`.  When effort measures time
        and independent initiatives run in parallel, no schedule is shorter.
    phase_effort : tuple of float
        The total effort of each phase.
    phase_balance : tuple of BalanceReport
        The balance of each phase (see the property).
    findings : tuple of Finding
        Roadmap findings, all severity ``"info"`` (see :func:`roadmap`).
    thresholds : Thresholds
        The thresholds regions were computed with.
    policy : BalancePolicy
        The policy the per-phase balance reports apply.

    Examples
    --------
    >>> import cxmodel as cx
    >>> plan = cx.roadmap(cx.example_portfolio())
    >>> len(plan.phases), plan.critical_path, plan.critical_effort
    (2, ('Order data platform', 'Self-service returns portal'), 13.0)
    >>> plan.phases[1]
    ('Loyalty programme with two-way feedback', 'Self-service returns portal',
     'Voice assistant on the toaster')
    """

    phases: tuple[tuple[str, ...], ...]
    critical_path: tuple[str, ...]
    critical_effort: float
    phase_effort: tuple[float, ...]
    findings: tuple[Finding, ...]
    thresholds: Thresholds
    policy: BalancePolicy
    # What phase_balance is computed from, on first use: the portfolio, its positions
    # in phase order, and phase k being order[bounds[k]:bounds[k + 1]].
    _portfolio: Portfolio = attrs.field(eq=False, alias="portfolio")
    _order: npt.NDArray[np.intp] = attrs.field(eq=False, alias="order")
    _bounds: list[int] = attrs.field(eq=False, alias="bounds")
    _cache: dict[str, tuple[BalanceReport, ...]] = attrs.field(init=False, factory=dict, eq=False)

    @property
    def phase_balance(self) -> tuple[BalanceReport, ...]:
        """The :class:`~cxmodel.BalanceReport` of each phase (computed with ``warn=False``).

        Each is what :func:`~cxmodel.check_balance` says of the phase's
        initiatives, every rule included.  Computed on first access (then
        kept), so a long chain of single-initiative phases costs nothing until
        its balance is wanted.

        Examples
        --------
        >>> import cxmodel as cx
        >>> plan = cx.roadmap(cx.example_portfolio())
        >>> [report.size for report in plan.phase_balance]
        [9, 3]
        >>> plan.phase_balance[0].codes[0]
        'process-skew'
        """
        reports = self._cache.get("balance")
        if reports is None:
            p, order, b = self._portfolio, self._order, self._bounds
            reports = tuple(
                check_balance(
                    p._take(order[b[k] : b[k + 1]]),
                    self.policy,
                    thresholds=self.thresholds,
                    warn=False,
                )
                for k in range(len(self.phases))
            )
            self._cache["balance"] = reports
        return reports

    @property
    def size(self) -> int:
        """How many initiatives the roadmap schedules."""
        return sum(len(phase) for phase in self.phases)

    def phase_of(self, name: str) -> int:
        """The index in :attr:`phases` of the phase holding ``name``.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.roadmap(cx.example_portfolio()).phase_of("Self-service returns portal")
        1
        """
        for index, phase in enumerate(self.phases):
            if name in phase:
                return index
        raise KeyError(f"no initiative named {name!r} in the roadmap")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: phases (initiatives, effort, balance), critical path, findings.

        Examples
        --------
        >>> import json
        >>> import cxmodel as cx
        >>> data = cx.roadmap(cx.example_portfolio()).to_dict()
        >>> list(data)
        ['size', 'total_effort', 'phases', 'critical_path', 'critical_effort', 'findings',
         'thresholds', 'policy']
        >>> data["phases"][1]["effort"], data["phases"][1]["balance"]["ok"]
        (13.0, False)
        >>> json.loads(json.dumps(data)) == data
        True
        """
        return {
            "size": self.size,
            "total_effort": sum(self.phase_effort),
            "phases": [
                {
                    "phase": number,
                    "initiatives": list(names),
                    "effort": effort,
                    "balance": report.to_dict(),
                }
                for number, (names, effort, report) in enumerate(
                    zip(self.phases, self.phase_effort, self.phase_balance, strict=True), 1
                )
            ],
            "critical_path": list(self.critical_path),
            "critical_effort": self.critical_effort,
            "findings": [finding.to_dict() for finding in self.findings],
            "thresholds": attrs.asdict(self.thresholds),
            "policy": self.policy.to_dict(),
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``indent=2``, UTF-8 text unless overridden).

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.roadmap(cx.Portfolio([])).to_json().startswith('{\\n  "size": 0')
        True
        """
        return json_text(self.to_dict(), **kwargs)

    def __repr__(self) -> str:
        return (
            f"<Roadmap of {_plural(self.size, 'initiative')} in "
            f"{_plural(len(self.phases), 'phase')}, critical path of {len(self.critical_path)} "
            f"(effort {_number(self.critical_effort)})>"
        )

    def __str__(self) -> str:
        if not self.phases:
            return "Roadmap: the portfolio is empty, there is nothing to schedule."
        lines = [
            f"Roadmap of {_plural(self.size, 'initiative')} in "
            f"{_plural(len(self.phases), 'phase')}, effort {_number(sum(self.phase_effort))} "
            "in total"
        ]
        for number, (names, effort, report) in enumerate(
            zip(self.phases, self.phase_effort, self.phase_balance, strict=True), 1
        ):
            lines.append("")
            lines.append(
                f"Phase {number}: {_plural(len(names), 'initiative')}, effort {_number(effort)}"
            )
            lines.extend(f"  - {name}" for name in names)
            lines.append(f"  Balance: {_mix(report)}")
            lines.extend(_wrapped(report.findings, indent="  "))
        path = " -> ".join(self.critical_path)
        lines.append("")
        lines.extend(
            textwrap.wrap(
                f"Critical path (effort {_number(self.critical_effort)}): {path}",
                88,
                subsequent_indent="  ",
                break_on_hyphens=False,
            )
        )
        if self.findings:
            lines.append("")
            lines.append("Roadmap findings:")
            lines.extend(_wrapped(self.findings, indent="  "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A table of the phases with their balance, then the critical path and findings."""
        rows: list[list[object]] = []
        limit = 20
        for number, (names, effort, report) in enumerate(
            zip(self.phases, self.phase_effort, self.phase_balance, strict=True), 1
        ):
            shown = listing(names[:limit], len(names))
            codes = finding_codes(report.findings)
            process = _pct(report.innovation_shares[InnovationType.PROCESS])
            rows.append(
                [
                    number,
                    shown,
                    _number(effort),
                    process,
                    f"{report.balance_index:.2f}",
                    Raw(codes or "-"),
                ]
            )
        header = ["phase", "initiatives", "effort", "process share", "balance index", "findings"]
        path = " &rarr; ".join(html.escape(n) for n in self.critical_path) or "-"
        critical = Raw(
            f"<p><b>Critical path</b> (effort {_number(self.critical_effort)}): {path}</p>"
        )
        phases = Raw(table(header, rows, caption=repr(self), numeric={0, 2, 3, 4}))
        findings = findings_list(self.findings, empty="") if self.findings else Raw("")
        return block(phases, critical, findings)


def _mix(report: BalanceReport) -> str:
    if not any(report.innovation_shares.values()):
        return "no innovation"
    shares = ", ".join(f"{t.value} {_pct(s)}" for t, s in report.innovation_shares.items())
    return f"{shares}; balance index {report.balance_index:.2f}"


def _wrapped(findings: Iterable[Finding], *, indent: str) -> list[str]:
    lines = []
    for f in findings:
        label = "WARNING" if f.severity == "warning" else "note"
        lines.extend(
            textwrap.wrap(
                f"{label} [{f.code}] {f.message}",
                88,
                initial_indent=indent,
                subsequent_indent=indent + "    ",
                break_on_hyphens=False,
            )
        )
    return lines


def roadmap(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
) -> Roadmap:
    """Cut a portfolio into phases that respect its dependencies, and check each phase.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
        Initiatives whose ``depends_on`` name other initiatives of it.
    thresholds : Thresholds, optional
        For the regions behind the balance reports and findings.
    policy : BalancePolicy, optional
        For the per-phase balance reports.

    Returns
    -------
    Roadmap

    Raises
    ------
    UnknownDependencyError
        An initiative depends on a name not in the portfolio (checked first).
    DependencyCycleError
        The dependencies form a cycle; ``.cycle`` lists it in dependency order
        (each member is a dependency of the next, the last of the first),
        starting at the member whose name sorts first.  An initiative that
        depends on itself is a cycle of one.
    FieldError
        ``thresholds`` or ``policy`` is not a Thresholds or BalancePolicy.

    Notes
    -----
    **Phases** are the topological generations of :func:`dependency_graph`:
    every initiative sits in the earliest phase its dependencies allow, so
    each dependency is in an earlier phase than its dependant.

    **The critical path** is the chain of dependencies whose efforts sum
    highest.  It is found in one pass over the phases (no recursion, so
    chains of any length work).  Ties between chains of exactly equal effort
    are broken by name, so the answer does not depend on the order of the
    portfolio: the path ends at the initiative whose name sorts first (in
    Python's string order, as ``sorted`` does) among those that end a
    heaviest chain, and each step back goes to the dependency whose name
    sorts first among those that keep the chain heaviest.  Efforts are summed
    from the start of a chain, so :attr:`Roadmap.critical_effort` is exactly
    the sum of the path's efforts in that order.

    **Findings** (severity ``"info"``):

    * ``emotional-postponed`` -- with two phases or more, every emotional
      innovation (viable and desirable, the centre included) waits for the
      last phase.
    * ``process-first`` -- with two phases or more, the first phase is all
      process innovation (region PROCESS): what ships first is efficiency work
      customers do not see.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Order data platform", 0.8, 0.3, 0.9, effort=8),
    ...     cx.Initiative("Invoice automation", 0.9, 0.2, 0.8, effort=3),
    ...     cx.Initiative("Loyalty programme", 0.8, 0.9, 0.4, effort=4,
    ...                   depends_on=["Order data platform"]),
    ... ])
    >>> plan = cx.roadmap(p)
    >>> plan.phases
    (('Invoice automation', 'Order data platform'), ('Loyalty programme',))
    >>> plan.critical_path, plan.critical_effort
    (('Order data platform', 'Loyalty programme'), 12.0)
    >>> [f.code for f in plan.findings]
    ['emotional-postponed', 'process-first']
    >>> print(plan.findings[1].message)
    Phase 1 is all process innovation ("Invoice automation", "Order data platform"): ...
    """
    portfolio = as_portfolio(portfolio)
    generations, path, effort = _plan(portfolio)  # dependency errors come first
    # Checked now, not when phase_balance first applies them.
    used_policy, used_thresholds = resolve_settings(policy, thresholds)
    names = portfolio.names
    order = np.fromiter(
        (node for generation in generations for node in generation),
        dtype=np.intp,
        count=len(names),
    )
    bounds = [0]
    for generation in generations:
        bounds.append(bounds[-1] + len(generation))
    codes = portfolio.regions(used_thresholds)[order]
    phases = tuple(tuple(names[k] for k in generation) for generation in generations)
    phase_effort = np.add.reduceat(portfolio.effort[order], bounds[:-1]).tolist() if names else []
    return Roadmap(
        phases=phases,
        critical_path=tuple(names[k] for k in path),
        critical_effort=effort,
        phase_effort=tuple(phase_effort),
        findings=roadmap_findings(phases, bounds, codes),
        thresholds=used_thresholds,
        policy=used_policy,
        portfolio=portfolio,
        order=order,
        bounds=bounds,
    )
