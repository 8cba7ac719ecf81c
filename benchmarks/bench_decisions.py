"""select on 1,000 initiatives with 2,000 dependencies vs the bare knapsack on the same solver."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from _harness import compare, main, result
from bench_roadmap import dag
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

import cxmodel as cx
from cxmodel.decisions import default_values, select
from cxmodel.policy import bloat_candidates

ROW = {
    "id": "select",
    "what": "`select` of 1,000 initiatives with 2,000 dependencies (budget 30% of the effort)",
    "baseline": "`scipy.optimize.milp` (HiGHS, `mip_rel_gap=0`) of the bare knapsack: the "
    "same values and efforts, only the budget row",
    "goal": 5.0,
}


def portfolio(n: int, m: int) -> cx.Portfolio:
    """A seeded portfolio whose dependencies form a random DAG of ``m`` edges."""
    names, edges = dag(n, m)
    rng = np.random.default_rng(1)
    v, d, f = rng.random((3, n))
    effort = rng.uniform(0.5, 8.0, n)
    needs: list[list[str]] = [[] for _ in range(n)]
    for a, b in edges:
        needs[b].append(names[a])
    return cx.Portfolio(
        cx.Initiative(names[k], v[k], d[k], f[k], effort=effort[k], depends_on=needs[k])
        for k in range(n)
    )


def greedy(p: cx.Portfolio, budget: float, values: np.ndarray) -> float:
    """Value of the greedy pick: best value per effort first, each with its missing
    dependencies, when that fits the budget, keeps the process share within the limit
    and brings in no feature-bloat candidate."""
    policy = cx.BalancePolicy()
    codes = p.regions()
    efforts = p.effort
    bloat = set(bloat_candidates(codes, p.desirability, p.feasibility, policy).tolist())
    index = {name: k for k, name in enumerate(p.names)}
    needs = [[index[d] for d in i.depends_on] for i in p]
    chosen = np.zeros(len(p), dtype=bool)
    weight = np.zeros(8)
    used = 0.0
    for k in np.argsort(-values / efforts, kind="stable").tolist():
        if chosen[k]:
            continue
        todo, stack = {k}, [k]
        while stack:
            for j in needs[stack.pop()]:
                if not chosen[j] and j not in todo:
                    todo.add(j)
                    stack.append(j)
        if todo & bloat:
            continue
        extra = math.fsum(efforts[j] for j in todo)
        added = weight.copy()
        for j in todo:
            added[codes[j]] += efforts[j]
        innovation = added[3] + added[5] + added[6] + added[7]
        process = (3 * added[5] + added[7]) / (3 * innovation) if innovation else 0.0
        if used + extra <= budget and process <= policy.max_process_share:
            chosen[list(todo)] = True
            weight, used = added, used + extra
    return float(values[chosen].sum())


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare select with the bare knapsack on the same solver."""
    n, m = (60, 120) if tiny else (1_000, 2_000)
    p = portfolio(n, m)
    budget = 0.3 * float(p.effort.sum())
    values = np.array(list(default_values(p).values()))
    efforts = np.asarray(p.effort)

    def baseline() -> object:
        row = LinearConstraint(csr_array(efforts[None, :] / budget), -np.inf, 1.0)
        return milp(
            -values / values.max(),
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            constraints=[row],
            options={"mip_rel_gap": 0.0},
        )

    def ours() -> object:
        return select(p, budget=budget)

    timings = compare(ours, baseline, repeat=3 if tiny else 7)
    best = select(p, budget=budget)
    knapsack = -float(baseline().fun) * values.max()
    pick = greedy(p, budget, values)
    note = (
        f"ours {timings['ours_best']:.3f} s, bare knapsack {timings['baseline_best']:.3f} s; "
        f"optimum value {best.value:.2f} ({len(best.chosen)} chosen; the knapsack without "
        f"dependencies and balance reaches {knapsack:.2f}); the greedy value/effort pick "
        f"reaches {pick:.2f}, {100 * (best.value - pick) / best.value:.1f}% below the optimum"
    )
    return result(
        ROW,
        f"{n:,} initiatives, {m:,} dependencies",
        timings,
        note=note,
        optimum=best.value,
        greedy=pick,
    )


if __name__ == "__main__":
    main(run)
