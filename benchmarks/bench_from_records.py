"""Portfolio.from_records of 1e6 records vs Portfolio.from_arrays of the same columns."""

from __future__ import annotations

from typing import Any

import numpy as np
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "from_records",
    "what": "`Portfolio.from_records` of 1e6 records (dicts, as `json.load` gives them)",
    "baseline": "`Portfolio.from_arrays` of the same columns (names list, float arrays)",
    "goal": 3.0,
}


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare the record way in with the columnar one."""
    n = 1_000 if tiny else 1_000_000
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n)).round(3)
    effort = rng.integers(1, 20, n).astype(float)
    names = [f"initiative {k}" for k in range(n)]
    records = [
        {"name": k, "viability": a, "desirability": b, "feasibility": c, "effort": e}
        for k, a, b, c, e in zip(
            names, v.tolist(), d.tolist(), f.tolist(), effort.tolist(), strict=True
        )
    ]

    def ours() -> cx.Portfolio:
        return cx.Portfolio.from_records(records)

    def arrays() -> cx.Portfolio:
        return cx.Portfolio.from_arrays(names, v, d, f, effort=effort)

    assert ours() == arrays()
    timings = compare(ours, arrays, repeat=3 if tiny else 7)
    return result(ROW, f"{n:,} records", timings)


if __name__ == "__main__":
    main(run)
