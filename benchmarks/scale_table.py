"""How far one machine goes: the table of ``docs/scale-out.md``, measured here.

Usage: ``python benchmarks/scale_table.py [--sizes 1000000 10000000] [--runs 2]``.
Each step runs in a fresh interpreter, best of ``--runs``; memory is the peak
resident memory beyond what the imports and the step's inputs took (Linux).
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import PEAK_MEMORY

#: One step: set-up code (not timed) and the timed statement.
STEPS = {
    "`classify_arrays` on three float arrays": (
        "import numpy as np, cxmodel as cx\nv, d, f = np.random.default_rng(0).random((3, N))",
        "cx.classify_arrays(v, d, f)",
    ),
    "`check_balance` of a portfolio": (
        "import numpy as np, cxmodel as cx\n"
        "v, d, f = np.random.default_rng(0).random((3, N))\n"
        "p = cx.Portfolio.from_arrays([f'initiative {k}' for k in range(N)], v, d, f)",
        "cx.check_balance(p, warn=False)",
    ),
    "`Portfolio.from_arrays` (names + 4 columns, validated)": (
        "import numpy as np, cxmodel as cx\n"
        "v, d, f = np.random.default_rng(0).random((3, N))\n"
        "e = np.ones(N)\n"
        "names = [f'initiative {k}' for k in range(N)]",
        "cx.Portfolio.from_arrays(names, v, d, f, effort=e)",
    ),
    # pandas imported before the clock starts, as for pandas' own row: read_csv parses
    # large files with it (its import, a third of a second, is paid once per process).
    "`read_csv` (validated, all or nothing)": (
        "import pandas, cxmodel as cx",
        "cx.read_csv(PATH)",
    ),
    "`pandas.read_csv`, for comparison": (
        "import pandas as pd",
        "pd.read_csv(PATH)",
    ),
}

_RUNNER = """
import json, time
N, PATH = {n}, {path!r}
{setup}
before = reset_peak()
start = time.perf_counter()
kept = {statement}
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "mb": peak_mb_since(before)}}))
"""


def measure(n: int, path: Path, setup: str, statement: str, runs: int) -> dict[str, float]:
    """Best seconds and the peak memory (MB) of ``statement`` over ``runs`` fresh processes."""
    code = PEAK_MEMORY + _RUNNER.format(n=n, path=str(path), setup=setup, statement=statement)
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["seconds"])
    return {"seconds": best["seconds"], "mb": best["mb"]}


def cell(n: int, result: dict[str, float]) -> str:
    seconds = result["seconds"]
    shown = f"{seconds * 1e3:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"
    return f"{shown} ({n / seconds / 1e6:,.1f} M rows/s), +{result['mb']:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    import numpy as np

    import cxmodel as cx

    table: dict[str, list[str]] = {step: [] for step in STEPS}
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            path = Path(folder) / f"portfolio_{n}.csv"
            rng = np.random.default_rng(0)
            v, d, f = rng.random((3, n)).round(3)
            names = [f"initiative {k}" for k in range(n)]
            cx.Portfolio.from_arrays(names, v, d, f, effort=np.ones(n)).to_csv(path)
            del names
            for step, (setup, statement) in STEPS.items():
                table[step].append(cell(n, measure(n, path, setup, statement, args.runs)))
            path.unlink()
    print("| step | " + " | ".join(f"{n:.0e} rows" for n in args.sizes) + " |")
    print("|---|" + "---|" * len(args.sizes))
    for step, cells in table.items():
        print(f"| {step} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
