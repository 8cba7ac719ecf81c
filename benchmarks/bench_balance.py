"""check_balance on a 1e6-initiative portfolio vs classify_arrays + two bincounts."""

from __future__ import annotations

from typing import Any

import numpy as np
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "check_balance",
    "what": "`check_balance` on a 1e6-initiative portfolio (`warn=False`)",
    "baseline": "`classify_arrays` + two `np.bincount` calls (counts and effort)",
    "goal": 3.0,
}


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare check_balance with the bare aggregation it needs."""
    n = 1_000 if tiny else 1_000_000
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n))
    effort = rng.uniform(0.5, 8.0, n)
    portfolio = cx.Portfolio.from_arrays([f"idea {k}" for k in range(n)], v, d, f, effort=effort)

    def baseline() -> None:
        codes = cx.classify_arrays(v, d, f)
        np.bincount(codes, minlength=8)
        np.bincount(codes, weights=effort, minlength=8)

    def ours() -> None:
        cx.check_balance(portfolio, warn=False)

    timings = compare(ours, baseline, repeat=5 if tiny else 40)
    return result(ROW, f"{n:,} initiatives", timings)


if __name__ == "__main__":
    main(run)
