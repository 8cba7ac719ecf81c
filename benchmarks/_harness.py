"""Shared timing harness of the benchmark scripts (not part of the library).

Every ``bench_*.py`` script defines ``ROW`` (what is compared and the goal) and
``run(tiny=False) -> dict``; :func:`main` gives it a command line.  Ours and the
baseline are timed alternately in the same process, so both see the same
machine load, and the *best* of many repetitions is compared (the minimum is the
least noisy estimate of the cost on a shared machine); medians are kept too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

__all__ = ["PEAK_MEMORY", "compare", "main", "result"]

#: Code for a fresh interpreter: ``before = reset_peak()`` then ``peak_mb_since(before)``
#: is the peak resident memory (MB) in between.  Linux: the peak (VmHWM) is reset through
#: /proc/self/clear_refs, as ru_maxrss would start at the parent's peak (it survives fork
#: and exec).
PEAK_MEMORY = """
def _status(key):
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(key))

def reset_peak():
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    return _status("VmRSS:")

def peak_mb_since(before):
    return (_status("VmHWM:") - before) / 1024
"""


def compare(
    ours: Callable[[], object],
    baseline: Callable[[], object],
    *,
    repeat: int,
    warmup: int = 1,
) -> dict[str, float]:
    """Time ``ours`` and ``baseline`` alternately ``repeat`` times each (after ``warmup``).

    Returns best and median seconds of each and the ratio of the best times.
    """
    for _ in range(warmup):
        baseline()
        ours()
    ours_times: list[float] = []
    base_times: list[float] = []
    for k in range(repeat):
        # Alternate which goes first, so neither always runs on a warmer cache.
        order = ((ours, ours_times), (baseline, base_times))
        for function, times in order if k % 2 else order[::-1]:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return {
        "ours_best": min(ours_times),
        "ours_median": statistics.median(ours_times),
        "baseline_best": min(base_times),
        "baseline_median": statistics.median(base_times),
        "ratio": min(ours_times) / min(base_times),
        "ratio_median": statistics.median(ours_times) / statistics.median(base_times),
        "repeat": repeat,
    }


def result(
    row: dict[str, Any], size: str, timings: dict[str, float], **extra: Any
) -> dict[str, Any]:
    """One benchmark row: its description, size, timings, pass/fail and extras."""
    out = {**row, "size": size, **timings, **extra}
    out["passed"] = timings["ratio"] <= row["goal"]
    return out


def main(run: Callable[..., dict[str, Any]]) -> None:
    """Command line of a benchmark script: ``--tiny`` for a smoke run, ``--json`` output."""
    parser = argparse.ArgumentParser(description=run.__doc__)
    parser.add_argument("--tiny", action="store_true", help="a tiny size, for smoke tests")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    out = run(tiny=args.tiny)
    if args.json:
        json.dump(out, sys.stdout)
        sys.stdout.write("\n")
        return
    verdict = "pass" if out["passed"] else "FAIL"
    print(
        f"{out['id']}: ours {out['ours_best'] * 1e3:.2f} ms, baseline "
        f"{out['baseline_best'] * 1e3:.2f} ms, ratio {out['ratio']:.2f} "
        f"(goal <= {out['goal']}) {verdict}"
    )
