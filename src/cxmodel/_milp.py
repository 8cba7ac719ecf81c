"""The integer programs of :func:`~cxmodel.select` and :func:`~cxmodel.schedule`.

Both are 0/1 programs solved by HiGHS through :func:`scipy.optimize.milp`;
scipy is imported on first use, so ``import cxmodel`` stays light.  Select's
program fixes what must be in (the required and their dependencies) and what
must stay out, then finds the largest value and, among the sets of that value,
the least effort; schedule's asks whether the initiatives fit a given number
of periods.  When a program has no answer, the message names the conflict.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from ._decision_rules import (
    INNOVATION,
    PROCESS_THIRDS,
    TOLERANCE,
    BoolArray,
    FloatArray,
    balance_weights,
    closure,
    dependants,
    dependency_path,
    process_share,
)
from ._text import number, pct, quoted
from .balance import balance_from_codes
from .exceptions import CxModelError, InfeasibleError
from .model import Thresholds
from .policy import BalancePolicy, bloat_candidates
from .portfolio import Portfolio

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

__all__ = ["NODE_LIMIT", "VALUE_TIE", "best_selection", "schedule_in"]

#: Values closer than this fraction of the largest value count as equal (a tie, which
#: goes to the set of less effort); the solver's own tolerances are below it.
VALUE_TIE = 1e-6

#: Branch-and-bound nodes one integer program of :func:`schedule` may explore; a
#: deterministic limit (not a time limit), so the same input gives the same answer.
NODE_LIMIT = 5_000

#: How many rejected solver answers (rounding at a limit) select re-solves past.
_MAX_CUTS = 50


class _Rows:
    """A sparse constraint matrix built row by row: ``lower <= A @ x <= upper``."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self._rows: list[npt.NDArray[np.intp]] = []
        self._cols: list[npt.NDArray[np.intp]] = []
        self._data: list[FloatArray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, cols: npt.ArrayLike, data: npt.ArrayLike, lower: float, upper: float) -> None:
        c = np.asarray(cols, dtype=np.intp)
        self._rows.append(np.full(c.size, len(self.lower), dtype=np.intp))
        self._cols.append(c)
        self._data.append(np.broadcast_to(np.asarray(data, dtype=np.float64), c.shape))
        self.lower.append(lower)
        self.upper.append(upper)

    def add_block(
        self,
        rows: npt.NDArray[np.intp],
        cols: npt.NDArray[np.intp],
        data: npt.ArrayLike,
        count: int,
        lower: float,
        upper: float,
    ) -> None:
        """``count`` rows at once; ``rows`` numbers them from 0."""
        start = len(self.lower)
        self._rows.append(rows + start)
        self._cols.append(cols)
        self._data.append(np.broadcast_to(np.asarray(data, dtype=np.float64), cols.shape))
        self.lower.extend([lower] * count)
        self.upper.extend([upper] * count)

    def solve(
        self,
        objective: FloatArray,
        node_limit: int | None = None,
        time_limit: float | None = None,
    ) -> OptimizeResult:
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import csr_array

        constraints = []
        if self.lower:
            matrix = csr_array(
                (
                    np.concatenate(self._data),
                    (np.concatenate(self._rows), np.concatenate(self._cols)),
                ),
                shape=(len(self.lower), self.columns),
            )
            constraints.append(LinearConstraint(matrix, self.lower, self.upper))
        options: dict[str, Any] = {"mip_rel_gap": 0.0}
        if node_limit is not None:
            options["node_limit"] = node_limit
        if time_limit is not None:
            options["time_limit"] = time_limit
        return milp(
            objective,
            integrality=np.ones(self.columns),
            bounds=Bounds(0.0, 1.0),
            constraints=constraints,
            options=options,
        )


def _binary(result: OptimizeResult) -> BoolArray | None:
    """The 0/1 answer of a solved program, ``None`` when it is infeasible."""
    if result.status == 0:
        return np.asarray(result.x) > 0.5
    if result.status == 2:
        return None
    raise CxModelError(f"the integer program solver (HiGHS) failed: {result.message}")


def _skewed(
    portfolio: Portfolio,
    codes: npt.NDArray[np.uint8],
    positions: npt.NDArray[np.intp],
    policy: BalancePolicy,
    thresholds: Thresholds,
) -> bool:
    """Whether check_balance of these initiatives reports process skew (the same code path)."""
    names = portfolio.names
    report = balance_from_codes(
        [names[k] for k in positions.tolist()],
        codes[positions],
        portfolio.effort[positions],
        policy,
        thresholds=thresholds,
    )
    return "process-skew" in report.codes


def best_selection(
    p: Portfolio,
    codes: npt.NDArray[np.uint8],
    budget: float,
    values: FloatArray,
    policy: BalancePolicy,
    thresholds: Thresholds,
    required: list[int],
    excluded: list[int],
    predecessors: list[list[int]],
    step: Callable[[str], object],
) -> tuple[npt.NDArray[np.intp], frozenset[int]]:
    """Select's program: the positions of the best set, and the feature-bloat candidates.

    ``codes`` are the regions of ``p`` under ``thresholds``; ``step`` hears each stage.
    Raises InfeasibleError, naming the conflict, when no set meets the constraints.
    """
    n = len(p)
    names = p.names
    efforts = np.asarray(p.effort, dtype=np.float64)
    successors = dependants(predecessors)

    # What must be in: the required and their dependencies.
    forced_in = closure(required, predecessors)
    excluded_set = set(excluded)
    clash = forced_in & excluded_set
    if clash:
        for r in required:
            for e in sorted(closure([r], predecessors) & excluded_set):
                if r == e:
                    raise InfeasibleError(f"{names[r]!r} is both required and excluded")
                chain = dependency_path(r, e, predecessors)
                through = (
                    f" (through {quoted([names[k] for k in chain[1:-1]])})"
                    if len(chain) > 2
                    else ""
                )
                raise InfeasibleError(
                    f"{names[r]!r} is required, but it depends on {names[e]!r}{through}, "
                    "which is excluded"
                )
    inside = np.zeros(n, dtype=bool)
    inside[sorted(forced_in)] = True
    base_effort = math.fsum(efforts[inside].tolist())
    allowance = budget * (1.0 + TOLERANCE)
    if base_effort > allowance:
        raise InfeasibleError(
            f"{_required(names, required, inside)} cannot be funded: effort "
            f"{number(base_effort)} is needed, more than the budget {number(budget)}"
        )

    # What must stay out: excluded, unrequired bloat, what cannot fit, and their dependants.
    bloat = set(bloat_candidates(codes, p.desirability, p.feasibility, policy).tolist())
    bloat -= forced_in
    too_big = np.flatnonzero(~inside & (efforts > allowance - base_effort)).tolist()
    forced_out = closure(excluded_set | bloat | set(too_big), successors)
    free = np.array([k for k in range(n) if not inside[k] and k not in forced_out], dtype=np.intp)
    column = np.full(n, -1, dtype=np.intp)
    column[free] = np.arange(free.size)

    # The rows: budget, balance, dependencies.
    rows = _Rows(free.size)
    if free.size and math.isfinite(budget) and budget > 0:
        rows.add(
            np.arange(free.size),
            efforts[free] / budget,
            -np.inf,
            (1.0 + TOLERANCE) - base_effort / budget,
        )
    weights = balance_weights(p, policy)
    scale = float(weights.max()) if n else 1.0
    share = policy.max_process_share
    balance = weights / scale * (PROCESS_THIRDS[codes] - 3.0 * share * INNOVATION[codes])
    base_balance = math.fsum(balance[inside].tolist())
    if free.size and ((balance[free] > 0).any() or base_balance > 0):
        rows.add(np.arange(free.size), balance[free], -np.inf, -base_balance)
    sources: list[int] = []
    targets: list[int] = []
    for k in free.tolist():
        for j in predecessors[k]:
            if column[j] >= 0:
                sources.append(int(column[j]))
                targets.append(int(column[k]))
    if sources:
        m = len(sources)
        count = np.arange(m, dtype=np.intp)
        rows.add_block(
            np.concatenate([count, count]),
            np.array(targets + sources, dtype=np.intp),
            np.concatenate([np.ones(m), -np.ones(m)]),
            m,
            -np.inf,
            0.0,
        )

    def chosen_of(x: BoolArray) -> npt.NDArray[np.intp]:
        mask = inside.copy()
        mask[free[x]] = True
        return np.flatnonzero(mask)

    def acceptable(x: BoolArray) -> bool:
        positions = chosen_of(x)
        total = math.fsum(efforts[positions].tolist())
        return total <= allowance and not _skewed(p, codes, positions, policy, thresholds)

    def solve(objective: FloatArray, stage: str) -> BoolArray | None:
        step(stage)
        if free.size == 0:
            nothing = np.zeros(0, dtype=bool)
            return nothing if acceptable(nothing) else None
        for _ in range(_MAX_CUTS):
            x = _binary(rows.solve(objective))
            if x is None or acceptable(x):
                return x
            # A set the solver's tolerance let through: cut off exactly this one.
            rows.add(np.arange(free.size), np.where(x, -1.0, 1.0), 1.0 - float(x.sum()), np.inf)
        raise CxModelError(
            "the integer program solver kept returning sets that miss the budget or the "
            "balance limit by rounding; try a slightly different budget"
        )

    top = float(values[free].max()) if free.size else 0.0
    x: BoolArray | None = None
    if top > 0:  # stage 1: the largest value (values scaled so the largest is 1)
        scaled = values[free] / top
        x = solve(-scaled, "largest value")
        if x is None:
            raise InfeasibleError(
                _skew_message(p, codes, required, inside, policy, budget, base_effort)
            )
        best = math.fsum(scaled[x].tolist())
        rows.add(np.arange(free.size), -scaled, -np.inf, -(best - VALUE_TIE))
    # Stage 2: the least effort among the sets of (nearly) that value.
    effort_scale = float(efforts[free].max()) if free.size else 1.0
    tied = solve(efforts[free] / effort_scale, "least effort at that value")
    if tied is not None:
        x = tied
    elif x is None:  # nothing has value, and no set is feasible
        raise InfeasibleError(
            _skew_message(p, codes, required, inside, policy, budget, base_effort)
        )
    # (tied is None after stage 1 only if rounding cut off every tie: keep stage 1's.)
    return chosen_of(x), frozenset(bloat)


def _required(names: Sequence[str], required: list[int], inside: BoolArray) -> str:
    """``the required initiative "A" with its dependencies``, for error messages."""
    one = len(required) == 1
    text = f"the required initiative{'' if one else 's'} {quoted([names[k] for k in required])}"
    if int(inside.sum()) > len(required):
        text += f" with {'its' if one else 'their'} dependencies"
    return text


def _skew_message(
    p: Portfolio,
    codes: npt.NDArray[np.uint8],
    required: list[int],
    inside: BoolArray,
    policy: BalancePolicy,
    budget: float,
    base_effort: float,
) -> str:
    weights = balance_weights(p, policy)
    region_weight = np.bincount(codes[inside], weights=weights[inside], minlength=8)
    left = (
        "the budget"
        if math.isinf(budget)
        else f"the {number(max(budget - base_effort, 0.0))} left of the budget"
    )
    unit = "effort" if policy.weight == "effort" else "initiatives"
    return (
        f"{_required(p.names, required, inside)} cannot be funded without process skew: "
        f"process innovation takes {pct(process_share(region_weight))} of the innovation "
        f"{unit}, above the limit of {pct(policy.max_process_share)}, and nothing that fits "
        f"{left} brings it within the limit"
    )


def schedule_in(
    periods: int,
    efforts: Sequence[float],
    predecessors: Sequence[Sequence[int]],
    depth: Sequence[int],
    height: Sequence[int],
    capacity: float,
    seconds: float,
) -> list[int] | Literal["limit"] | None:
    """A schedule in ``periods`` periods from an integer program, None if there is none.

    ``x[i, t] = 1`` puts initiative ``i`` in period ``t``, only inside its window
    ``depth[i] <= t <= periods - height[i]``; each initiative takes one period,
    each period at most the capacity, and for each dependency ``j`` of ``i`` and
    each ``t``: ``sum_{s <= t} x[i, s] <= sum_{s < t} x[j, s]``.
    """
    n = len(efforts)
    first = list(depth)
    last = [periods - h for h in height]
    offset = [0] * (n + 1)
    for k in range(n):
        offset[k + 1] = offset[k] + last[k] - first[k] + 1
    rows = _Rows(offset[n])
    for k in range(n):
        rows.add(np.arange(offset[k], offset[k + 1]), 1.0, 1.0, 1.0)
    by_period: list[list[int]] = [[] for _ in range(periods)]
    share: list[list[float]] = [[] for _ in range(periods)]
    for k in range(n):
        for t in range(first[k], last[k] + 1):
            by_period[t].append(offset[k] + t - first[k])
            share[t].append(efforts[k] / capacity)
    for t in range(periods):
        if sum(share[t]) > 1.0 + TOLERANCE:
            rows.add(by_period[t], share[t], -np.inf, 1.0 + TOLERANCE)
    for i in range(n):
        for j in predecessors[i]:
            for t in range(first[i], last[i] + 1):
                if t - 1 >= last[j]:
                    break  # j is surely done before t
                mine = range(offset[i], offset[i] + t - first[i] + 1)
                theirs = range(offset[j], offset[j] + max(t - first[j], 0))
                rows.add([*mine, *theirs], [1.0] * len(mine) + [-1.0] * len(theirs), -np.inf, 0.0)
    result = rows.solve(np.zeros(offset[n]), node_limit=NODE_LIMIT, time_limit=seconds)
    if result.status not in (0, 2):  # a node or time limit (HiGHS reports it as 1 or 4)
        return "limit"
    x = _binary(result)
    if x is None:
        return None
    period = [-1] * n
    for k in range(n):
        period[k] = first[k] + int(np.flatnonzero(x[offset[k] : offset[k + 1]])[0])
    loads = [0.0] * periods
    for k, t in enumerate(period):
        loads[t] += efforts[k]
    if max(loads, default=0.0) > capacity * (1.0 + TOLERANCE):
        return "limit"  # rounding at the capacity: do not trust this answer
    return period
