"""read_csv of 100,000 rows vs pandas.read_csv of the same file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "read_csv",
    "what": "`read_csv` of 100,000 rows (written by `Portfolio.to_csv`)",
    "baseline": "`pandas.read_csv` of the same file",
    "goal": 3.0,
}


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare cxmodel's validating CSV reader with pandas' parser."""
    n = 500 if tiny else 100_000
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n)).round(3)
    effort = rng.integers(1, 20, n).astype(float)
    portfolio = cx.Portfolio.from_arrays(
        [f"initiative {k}" for k in range(n)], v, d, f, effort=effort
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portfolio.csv"
        portfolio.to_csv(path)
        assert cx.read_csv(path).names == portfolio.names
        timings = compare(
            lambda: cx.read_csv(path), lambda: pd.read_csv(path), repeat=3 if tiny else 10
        )
        size = f"{n:,} rows, {path.stat().st_size / 1e6:.1f} MB"
    return result(ROW, size, timings)


if __name__ == "__main__":
    main(run)
