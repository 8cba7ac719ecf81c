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
            lambda: cx.read_csv(path), lambda: pd.read_csv(path), repeat=2 if tiny else 15
        )
        ours, theirs = peak_mb("cxmodel", path), peak_mb("pandas", path)
        size = f"{n:,} rows, {path.stat().st_size / 1e6:.1f} MB"
        found = parts(path)
    ratio = ours / theirs if theirs else float("nan")
    note = (
        f"peak memory beyond the imports: {ours:,.0f} MB for read_csv, {theirs:,.0f} MB for "
        f"pandas.read_csv ({ratio:.2f}x; goal <= 2x). read_csv has pandas parse every column "
        f"as text ({found['text'] * 1e3:.0f} ms, pandas' own guess of the types "
        f"{timings['baseline_best'] * 1e3:.0f} ms), then checks the names where pandas left "
        f"them (non-blank, stripped, all different) and casts the numbers, on both cores: "
        f"{found['check'] * 1e3:.0f} ms; making the names Python strings, which read_csv "
        f"leaves to the first use of `names`, {found['strings'] * 1e3:.0f} ms"
    )
    return result(ROW, size, timings, note=note, memory_ratio=ratio, **found)


def parts(path: Path) -> dict[str, float]:
    """Best seconds of the parts of read_csv beyond the parse, and of the strings it defers.

    read_csv has pandas parse every column as Arrow text, checks the names in
    numpy (first and last bytes, 64-bit fingerprints sorted) and casts the
    numbers in Arrow, in one pool of threads; :attr:`Portfolio.names` makes
    Python strings of the names on first use.
    """
    import pyarrow as pa

    from cxmodel.io._arrow_chunks import run_pieces
    from cxmodel.io._arrow_names import NameCheck
    from cxmodel.io._arrow_numbers import FloatCast

    text, check, strings = [], [], []
    for _ in range(5):
        start = time.perf_counter()
        frame = pd.read_csv(path, dtype=pd.ArrowDtype(pa.string()), na_filter=False)
        text.append(time.perf_counter() - start)
        numbers = ("viability", "desirability", "feasibility", "effort")
        works = [NameCheck(frame["name"].array), *(FloatCast(frame[c].array) for c in numbers)]
        start = time.perf_counter()
        verdict, *floats = run_pieces(works)
        check.append(time.perf_counter() - start)
        assert verdict == (True, True)
        assert all(f is not None for f in floats)
        start = time.perf_counter()
        frame["name"].to_numpy().tolist()
        strings.append(time.perf_counter() - start)
    return {"text": min(text), "check": min(check), "strings": min(strings)}


if __name__ == "__main__":
    main(run)
