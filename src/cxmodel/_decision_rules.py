"""The arithmetic :func:`~cxmodel.select` and :func:`~cxmodel.schedule` share.

What fits a budget or a period (:data:`TOLERANCE`), what an initiative brings
along (everything reachable along its dependencies), and how much of a set's
innovation weight is process innovation, counted as
:func:`~cxmodel.check_balance` counts it.

Examples
--------
>>> from cxmodel._decision_rules import closure, dependants
>>> predecessors = [[], [0], [1]]  # 2 needs 1, 1 needs 0
>>> sorted(closure([2], predecessors)), dependants(predecessors)
([0, 1, 2], [[1], [2], []])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .intersections import Region
from .policy import BalancePolicy
from .portfolio import Portfolio

__all__ = [
    "INNOVATION",
    "PROCESS_THIRDS",
    "TOLERANCE",
    "BoolArray",
    "FloatArray",
    "balance_weights",
    "closure",
    "dependants",
    "dependency_path",
    "process_share",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: A total within this fraction of a budget or capacity counts as within it, so that
#: efforts written 0.1 + 0.2 fit a budget of 0.3 as a person reads them.
TOLERANCE = 1e-9

_CENTRE = int(Region.CUSTOMER_EXPERIENCE)
_PROCESS = int(Region.PROCESS)
#: Whether each region (by code) is an innovation region.
INNOVATION = np.array([Region(c).is_innovation for c in range(8)])
#: Three times the process membership of each region: the centre gives a third to each type.
PROCESS_THIRDS = np.zeros(8)
PROCESS_THIRDS[_PROCESS] = 3.0
PROCESS_THIRDS[_CENTRE] = 1.0


def closure(starts: Iterable[int], links: Sequence[Sequence[int]]) -> set[int]:
    """``starts`` and everything reachable from them along ``links``."""
    seen = set(starts)
    stack = list(seen)
    while stack:
        for other in links[stack.pop()]:
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def dependency_path(start: int, goal: int, links: Sequence[Sequence[int]]) -> list[int]:
    """A chain ``start -> ... -> goal`` along ``links`` (``goal`` reachable from ``start``)."""
    back = {start: -1}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            break
        for other in links[node]:
            if other not in back:
                back[other] = node
                stack.append(other)
    chain = [goal]
    while back[chain[-1]] >= 0:
        chain.append(back[chain[-1]])
    return chain[::-1]


def dependants(predecessors: Sequence[Sequence[int]]) -> list[list[int]]:
    """The positions that depend on each initiative (the reverse of the predecessor lists)."""
    successors: list[list[int]] = [[] for _ in predecessors]
    for target, sources in enumerate(predecessors):
        for source in sources:
            successors[source].append(target)
    return successors


def balance_weights(portfolio: Portfolio, policy: BalancePolicy) -> FloatArray:
    """The weight each initiative has in the balance: its effort, or 1 under ``"count"``."""
    if policy.weight == "count":
        return np.ones(len(portfolio))
    return np.asarray(portfolio.effort, dtype=np.float64)


def process_share(region_weight: npt.NDArray[Any]) -> float:
    """The process share of innovation weight, written as check_balance computes it."""
    centre = float(region_weight[_CENTRE])
    total = float(region_weight[INNOVATION].sum())
    if total == 0.0:
        return 0.0
    return (3.0 * float(region_weight[_PROCESS]) + centre) / (3.0 * total)
