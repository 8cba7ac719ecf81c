"""Dependency graphs and phased roadmaps of a portfolio (networkx, loaded on first use).

An initiative's ``depends_on`` names other initiatives that must be done first.
:func:`dependency_graph` turns those declarations into a
:class:`networkx.DiGraph` (edges point from a dependency to its dependant) and
:func:`roadmap` cuts the graph into phases -- its topological generations --
finds the critical path, and checks the balance of every phase.

``networkx`` is imported inside the functions, so ``import cxmodel`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .exceptions import DependencyCycleError, UnknownDependencyError
from .intersections import Region
from .model import Thresholds
from .portfolio import Portfolio

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["dependency_graph"]


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


def dependency_graph(portfolio: Portfolio, *, thresholds: Thresholds | None = None) -> nx.DiGraph:
    """The dependencies of a portfolio as a directed acyclic graph.

    Parameters
    ----------
    portfolio : Portfolio
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
    graph.add_edges_from(
        (source, target) for target, sources in enumerate(predecessors) for source in sources
    )
    generations = _generations(graph, names.__getitem__)
    rank = [0] * n
    for position, node in enumerate(sorted(range(n), key=names.__getitem__)):
        rank[node] = position
    for generation in generations:
        generation.sort(key=rank.__getitem__)
    order = [node for generation in generations for node in generation]
    path, effort = _critical_path(order, predecessors, portfolio.effort.tolist(), rank)
    return generations, path, effort
