"""read_csv of 1e6 rows vs pandas.read_csv of the same file; peak memory of both too."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _harness import PEAK_MEMORY, compare, main, result

import cxmodel as cx

ROW = {
    "id": "read_csv_1e6",
    "what": "`read_csv` of 1e6 rows (written by `Portfolio.to_csv`), validated",
    "baseline": "`pandas.read_csv` of the same file",
    "goal": 2.0,
}

#: Peak memory of reading a file in a fresh interpreter, beyond what the imports took.
_PEAK = (
    PEAK_MEMORY
    + """
import sys
import pandas as pd
import cxmodel as cx

before = reset_peak()
read = cx.read_csv if sys.argv[1] == "cxmodel" else pd.read_csv
kept = read(sys.argv[2])
print(peak_mb_since(before))
"""
)


def peak_mb(reader: str, path: Path) -> float:
    """Extra peak resident memory (MB) of ``reader`` reading ``path``, in its own process."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, reader, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def write_file(path: Path, n: int) -> None:
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n)).round(3)
    effort = rng.integers(1, 20, n).astype(float)
    names = [f"initiative {k}" for k in range(n)]
    cx.Portfolio.from_arrays(names, v, d, f, effort=effort).to_csv(path)


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare cxmodel's validating CSV reader with pandas' parser, in time and memory."""
    n = 1_000 if tiny else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "portfolio.csv"
        write_file(path, n)
        assert len(cx.read_csv(path)) == n
        timings = compare(
            lambda: cx.read_csv(path), lambda: pd.read_csv(path), repeat=2 if tiny else 7
        )
        ours, theirs = peak_mb("cxmodel", path), peak_mb("pandas", path)
        size = f"{n:,} rows, {path.stat().st_size / 1e6:.1f} MB"
        floor = name_floor(path)
    ratio = ours / theirs if theirs else float("nan")
    parse = timings["baseline_best"]
    note = (
        f"peak memory beyond the imports: {ours:,.0f} MB for read_csv, {theirs:,.0f} MB for "
        f"pandas.read_csv ({ratio:.2f}x; goal <= 2x). What the names alone cost beyond "
        f"pandas' parse ({parse * 1e3:.0f} ms): made Python strings "
        f"{floor['strings'] * 1e3:.0f} ms ({floor['strings'] / parse:.2f}x the parse), "
        f"checked unique {floor['unique'] * 1e3:.0f} ms ({floor['unique'] / parse:.2f}x)"
    )
    return result(ROW, size, timings, note=note, memory_ratio=ratio, **floor)


def name_floor(path: Path) -> dict[str, float]:
    """Best seconds of the two steps every validating reader takes on the names column.

    A portfolio holds its names as Python strings, all different: turning pandas'
    column into them, and checking that none repeats as read_csv checks it (hashes
    sorted in numpy, a third of a set's time).
    """
    from cxmodel._table import _distinct

    column = pd.read_csv(path, usecols=["name"])["name"]
    strings, unique = [], []
    for _ in range(5):
        start = time.perf_counter()
        names = column.to_numpy().tolist()
        strings.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert _distinct(names)
        unique.append(time.perf_counter() - start)
    return {"strings": min(strings), "unique": min(unique)}


if __name__ == "__main__":
    main(run)
