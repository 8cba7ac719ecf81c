"""sensitivity of 1,000 initiatives x 1,000 samples vs drawing the numbers + classify_arrays."""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "sensitivity",
    "what": "`sensitivity` of 1,000 initiatives x 1,000 samples (noise 0.1)",
    "baseline": "drawing the same normal numbers, `* noise + scores`, clipping to [0, 1], "
    "`classify_arrays` on them",
    "goal": 1.5,
}


def _portfolio(n: int) -> cx.Portfolio:
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n))
    return cx.Portfolio.from_arrays(
        [f"idea {k}" for k in range(n)], v, d, f, effort=rng.uniform(0.5, 8.0, n)
    )


def peak_memory(n: int, samples: int) -> tuple[float, float]:
    """Peak traced memory (MB) of one sensitivity run, and what all samples at once would take."""
    portfolio = _portfolio(n)
    tracemalloc.start()
    cx.sensitivity(portfolio, samples=samples, seed=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, samples * 3 * n * 8 / 2**20


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare the Monte Carlo analysis with its irreducible core."""
    n, samples = (50, 40) if tiny else (1_000, 1_000)
    portfolio = _portfolio(n)
    scores = np.stack([portfolio.viability, portfolio.desirability, portfolio.feasibility])

    def baseline() -> None:
        z = np.random.default_rng(1).standard_normal((samples, 3, n))
        z *= 0.1
        z += scores
        np.clip(z, 0.0, 1.0, out=z)
        cx.classify_arrays(z[:, 0], z[:, 1], z[:, 2])

    def ours() -> None:
        cx.sensitivity(portfolio, noise=0.1, samples=samples, seed=1)

    timings = compare(ours, baseline, repeat=3 if tiny else 20)
    big = (200, 300) if tiny else (10_000, 10_000)
    peak, unchunked = peak_memory(*big)
    return result(
        ROW,
        f"{n:,} x {samples:,}",
        timings,
        note=(
            f"peak memory of a {big[0]:,} x {big[1]:,} run: {peak:.0f} MB "
            f"(all samples at once would need {unchunked:,.0f} MB)"
        ),
        peak_mb=peak,
    )


if __name__ == "__main__":
    main(run)
