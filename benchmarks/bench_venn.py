"""plot_venn of 1,000 initiatives + PNG save vs matplotlib-venn venn3 + one scatter + PNG save."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from _harness import compare, main, result
from matplotlib_venn import venn3

import cxmodel as cx

ROW = {
    "id": "plot_venn",
    "what": "`plot_venn` of 1,000 initiatives (`labels=False`) + PNG save",
    "baseline": "matplotlib-venn `venn3` + one `scatter` of 1,000 points + PNG save",
    "goal": 1.5,
}

FIGSIZE = (7.0, 6.0)
DPI = 100


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare drawing and saving the Venn chart with the nearest off-the-shelf chart."""
    n = 30 if tiny else 1_000
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n))
    portfolio = cx.Portfolio.from_arrays([f"idea {k}" for k in range(n)], v, d, f)
    x, y = rng.uniform(-0.6, 0.6, (2, n))

    def baseline() -> None:
        fig, ax = plt.subplots(figsize=FIGSIZE)
        venn3(
            subsets=(1, 1, 1, 1, 1, 1, 1), set_labels=("Business", "People", "Technology"), ax=ax
        )
        ax.scatter(x, y, s=12)
        fig.savefig(io.BytesIO(), format="png", dpi=DPI)
        plt.close(fig)

    def ours() -> None:
        fig, ax = plt.subplots(figsize=FIGSIZE)
        cx.plot_venn(portfolio, ax=ax, labels=False)
        fig.savefig(io.BytesIO(), format="png", dpi=DPI)
        plt.close(fig)

    timings = compare(ours, baseline, repeat=2 if tiny else 15)
    return result(
        ROW, f"{n:,} initiatives, {FIGSIZE[0]:g}x{FIGSIZE[1]:g} in at {DPI} dpi", timings
    )


if __name__ == "__main__":
    main(run)
