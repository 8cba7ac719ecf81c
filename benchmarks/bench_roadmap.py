"""roadmap of 20,000 initiatives with 40,000 dependencies vs the bare networkx calls."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "roadmap",
    "what": "`roadmap` of 20,000 initiatives with 40,000 dependencies",
    "baseline": "networkx: build the DiGraph + `topological_generations` + `dag_longest_path`",
    "goal": 1.5,
}


def dag(n: int, m: int, seed: int = 0) -> tuple[list[str], list[tuple[int, int]]]:
    """Names and ``m`` distinct edges ``(earlier, later)`` of a random acyclic graph."""
    rng = np.random.default_rng(seed)
    edges: set[tuple[int, int]] = set()
    while len(edges) < m:
        a, b = rng.integers(0, n, size=(2, m))
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x != y:
                edges.add((min(x, y), max(x, y)))
            if len(edges) == m:
                break
    return [f"initiative {k:05d}" for k in range(n)], sorted(edges)


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare roadmap with networkx's own building blocks."""
    n, m = (200, 400) if tiny else (20_000, 40_000)
    names, edges = dag(n, m)
    rng = np.random.default_rng(1)
    v, d, f = rng.random((3, n))
    effort = rng.uniform(0.5, 8.0, n)
    needs: list[list[str]] = [[] for _ in range(n)]
    for a, b in edges:
        needs[b].append(names[a])
    portfolio = cx.Portfolio(
        cx.Initiative(names[k], v[k], d[k], f[k], effort=effort[k], depends_on=needs[k])
        for k in range(n)
    )
    weighted = [(names[a], names[b], {"weight": effort[b]}) for a, b in edges]

    def baseline() -> None:
        graph = nx.DiGraph()
        graph.add_nodes_from(names)
        graph.add_edges_from(weighted)
        list(nx.topological_generations(graph))
        nx.dag_longest_path(graph, weight="weight")

    def ours() -> None:
        cx.roadmap(portfolio)

    timings = compare(ours, baseline, repeat=3 if tiny else 15)
    return result(ROW, f"{n:,} initiatives, {m:,} dependencies", timings)


if __name__ == "__main__":
    main(run)
