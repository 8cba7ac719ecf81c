"""How :func:`~cxmodel.schedule` finds its periods: lower bounds, a heuristic, an exact search.

The lower bound says how many periods no schedule can do without.  Two quick
schedules (list scheduling, and the roadmap's phases packed by first-fit
decreasing) give an answer within three times that bound, usually equal to it;
when it is above the bound, integer programs (:func:`~cxmodel._milp.schedule_in`)
try each count from the bound up, so the first that exists is minimal.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable, Sequence
from typing import Literal

import attrs
import numpy as np

from ._decision_rules import TOLERANCE, dependants
from ._milp import schedule_in

__all__ = ["EXACT_LIMIT", "TIME_LIMIT", "Found", "Method", "search"]

#: What ``schedule(method=...)`` accepts.
Method = Literal["auto", "exact", "heuristic"]

#: Up to this many initiatives ``schedule(method="auto")`` proves its answer minimal
#: with an integer program; above it, the heuristic alone is used.
EXACT_LIMIT = 60

#: Seconds the integer programs of one :func:`schedule` call may take together: a
#: safety net behind :data:`NODE_LIMIT` (when it stops the search, ``exact`` is False).
TIME_LIMIT = 5.0


@attrs.frozen
class Found:
    """The periods :func:`search` found, the lower bound, and whether they are minimal."""

    period: list[int]  # the 0-based period of each initiative
    count: int
    lower_bound: int
    method: Literal["milp", "heuristic"]
    exact: bool


def search(
    efforts: list[float],
    predecessors: list[list[int]],
    generations: list[list[int]],
    capacity: float,
    method: Method,
    step: Callable[[str], object],
) -> Found:
    """The fewest periods of at most ``capacity`` that ``method`` finds (see schedule).

    Every effort is at most ``capacity`` (with :data:`TOLERANCE`); ``generations``
    are the roadmap's phases; ``step`` hears each stage.
    """
    n = len(efforts)
    allowance = capacity * (1.0 + TOLERANCE)
    successors = dependants(predecessors)
    order = [k for generation in generations for k in generation]
    depth = [0] * n
    for g, generation in enumerate(generations):
        for k in generation:
            depth[k] = g
    height = _heights(order, successors)
    bound = 0
    if n:
        total = math.fsum(efforts)
        bound = max(
            math.ceil(total / allowance),
            sum(e > allowance / 2 for e in efforts),
            _window_bound(efforts, depth, height, len(generations), allowance),
        )
    step("heuristic")
    candidates = [
        _list_schedule(efforts, predecessors, successors, height, allowance),
        _level_schedule(efforts, generations, allowance),
    ]
    period = min(
        (_compact(c, efforts, predecessors, allowance) for c in candidates),
        key=lambda c: max(c, default=-1),
    )
    count = max(period, default=-1) + 1
    found_by: Literal["milp", "heuristic"] = "heuristic"
    proven = count <= bound
    if not proven and (method == "exact" or (method == "auto" and n <= EXACT_LIMIT)):
        deadline = time.monotonic() + TIME_LIMIT
        step(f"integer programs: {bound} to {count - 1} periods")
        for periods in range(bound, count):
            seconds = deadline - time.monotonic()
            if seconds <= 0:
                break
            answer = schedule_in(periods, efforts, predecessors, depth, height, capacity, seconds)
            if answer == "limit":
                break
            if answer is None:
                bound = periods + 1
                continue
            period = _compact(answer, efforts, predecessors, allowance)
            count, found_by, bound = max(period) + 1, "milp", periods
            break
        proven = count <= bound
    return Found(period, count, min(bound, count), found_by, proven)


# --- lower bounds ----------------------------------------------------------------------


def _heights(order: Sequence[int], successors: Sequence[Sequence[int]]) -> list[int]:
    """The longest chain (in initiatives) from each initiative to one nothing depends on."""
    height = [1] * len(successors)
    for node in reversed(order):
        for other in successors[node]:
            if height[other] + 1 > height[node]:
                height[node] = height[other] + 1
    return height


def _window_bound(
    efforts: Sequence[float],
    depth: Sequence[int],
    height: Sequence[int],
    chain: int,
    allowance: float,
) -> int:
    """The energy bound: initiatives at depth >= d with chains of >= h after them fit
    only between period d + 1 and the h-th last, so T >= d + h - 1 + ceil(W / C).

    With ``d = 0, h = 1`` this is ``ceil(W / C)``; a lone initiative on the longest
    chain gives the chain length.  All pairs (d, h) for chains up to 300 long, else
    the two one-sided families only.
    """
    grid = np.zeros((chain + 1, chain + 1))
    np.add.at(grid, (np.asarray(depth), np.asarray(height)), np.asarray(efforts))
    # energy[d, h]: effort of the initiatives with depth >= d and height >= h
    if chain <= 300:
        energy = grid[::-1, ::-1].cumsum(axis=0).cumsum(axis=1)[::-1, ::-1]
        d, h = np.nonzero(energy > 0)
        periods = d + h - 1 + np.ceil(energy[d, h] / allowance - TOLERANCE)
    else:
        by_depth = grid.sum(axis=1)[::-1].cumsum()[::-1]
        by_height = grid.sum(axis=0)[::-1].cumsum()[::-1]
        d = np.nonzero(by_depth > 0)[0]
        h = np.nonzero(by_height > 0)[0]
        periods = np.concatenate(
            [
                d + np.ceil(by_depth[d] / allowance - TOLERANCE),
                h - 1 + np.ceil(by_height[h] / allowance - TOLERANCE),
            ]
        )
    return max(int(periods.max(initial=0)), chain)


# --- the heuristic ---------------------------------------------------------------------


def _list_schedule(
    efforts: Sequence[float],
    predecessors: Sequence[Sequence[int]],
    successors: Sequence[Sequence[int]],
    height: Sequence[int],
    allowance: float,
) -> list[int]:
    """Period (0-based) of each initiative: list scheduling, longest chain first.

    Each period takes the ready initiatives (every dependency in an earlier
    period) in order of the longest chain still hanging on them, then larger
    effort, then portfolio order, adding each that still fits.
    """
    n = len(efforts)
    waiting = [len(p) for p in predecessors]
    ready = [(-height[k], -efforts[k], k) for k in range(n) if not waiting[k]]
    heapq.heapify(ready)
    period = [-1] * n
    smallest = min(efforts, default=0.0)
    t = 0
    while ready:
        load = 0.0
        placed: list[int] = []
        skipped = []
        while ready and allowance - load >= smallest:
            item = heapq.heappop(ready)
            k = item[2]
            if load + efforts[k] <= allowance:
                load += efforts[k]
                placed.append(k)
            else:
                skipped.append(item)
        for item in skipped:
            heapq.heappush(ready, item)
        for k in placed:
            period[k] = t
            for other in successors[k]:
                waiting[other] -= 1
                if not waiting[other]:
                    heapq.heappush(ready, (-height[other], -efforts[other], other))
        t += 1
    return period


def _level_schedule(
    efforts: Sequence[float], generations: Sequence[Sequence[int]], allowance: float
) -> list[int]:
    """Period of each initiative: each roadmap phase packed by first-fit decreasing.

    Any two periods cut from one phase hold more than the capacity together, so
    phase ``g`` of effort ``W_g`` takes at most ``ceil(2 * W_g / C)`` periods and the
    whole schedule at most ``2 * W / C + L`` (``L`` phases) -- at most three times
    the lower bound.
    """
    period = [-1] * len(efforts)
    start = 0
    for generation in generations:
        loads: list[float] = []
        for k in sorted(generation, key=lambda k: (-efforts[k], k)):
            for b, load in enumerate(loads):
                if load + efforts[k] <= allowance:
                    loads[b] = load + efforts[k]
                    period[k] = start + b
                    break
            else:
                loads.append(efforts[k])
                period[k] = start + len(loads) - 1
        start += len(loads)
    return period


def _compact(
    period: list[int],
    efforts: Sequence[float],
    predecessors: Sequence[Sequence[int]],
    allowance: float,
) -> list[int]:
    """Move each initiative to the earliest period with room after its dependencies.

    Never adds a period; empty periods left behind are closed up.  Makes the
    answer canonical (as early as possible) whatever found it.
    """
    count = max(period, default=-1) + 1
    loads = [0.0] * count
    for k, t in enumerate(period):
        loads[t] += efforts[k]
    new = list(period)
    for k in sorted(range(len(period)), key=lambda k: (period[k], k)):
        earliest = max((new[j] + 1 for j in predecessors[k]), default=0)
        for t in range(earliest, new[k]):
            if loads[t] + efforts[k] <= allowance:
                loads[new[k]] -= efforts[k]
                loads[t] += efforts[k]
                new[k] = t
                break
    used = sorted(set(new))
    renumber = {t: r for r, t in enumerate(used)}
    return [renumber[t] for t in new]
