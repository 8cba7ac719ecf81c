"""Where each roadmap box goes, apart from drawing.

Phases are columns; rows are ordered so dependency arrows stay short and uncrossed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..portfolio import Portfolio

if TYPE_CHECKING:
    pass

__all__ = ["dependency_edges", "roadmap_rows"]


def roadmap_rows(
    phases: Sequence[Sequence[str]], edges: Sequence[tuple[str, str]]
) -> dict[str, tuple[float, float]]:
    """``name -> (column, row)``, rows ordered to keep dependency arrows short and uncrossed.

    The barycentre heuristic of layered graph drawing: every phase after the
    first is sorted by the mean row of its dependencies, then the first phase
    by the mean row of its dependants (names break ties, so it is deterministic).
    """
    rows: dict[str, float] = {}
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for a, b in edges:
        before.setdefault(b, []).append(a)
        after.setdefault(a, []).append(b)

    def centre(name: str, links: dict[str, list[str]], default: float) -> float:
        known = [rows[n] for n in links.get(name, ()) if n in rows]
        return sum(known) / len(known) if known else default

    for c, phase in enumerate(phases):
        ordered = phase if c == 0 else sorted(phase, key=lambda n: (centre(n, before, 1e9), n))
        rows.update({name: float(r) for r, name in enumerate(ordered)})
    if len(phases) > 1:
        first = sorted(phases[0], key=lambda n: (centre(n, after, 1e9), n))
        rows.update({name: float(r) for r, name in enumerate(first)})
    return {name: (float(c), rows[name]) for c, phase in enumerate(phases) for name in phase}


def dependency_edges(data: Portfolio) -> list[tuple[str, str]]:
    """``(dependency, dependant)`` pairs in portfolio order."""
    return [(d, i.name) for i in data for d in i.depends_on]
