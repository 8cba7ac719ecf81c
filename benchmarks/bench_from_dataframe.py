"""Portfolio.from_dataframe of a 1e6-row pandas frame vs extracting its columns + from_arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "from_dataframe",
    "what": "`Portfolio.from_dataframe` of a 1e6-row pandas frame (headers matched, validated)",
    "baseline": "the columns taken out (`tolist`, `to_numpy`) + `Portfolio.from_arrays`",
    "goal": 2.0,
}


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare the data-frame way in with the bare columnar one."""
    n = 1_000 if tiny else 1_000_000
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n)).round(3)
    frame = pd.DataFrame(
        {"Idea": [f"initiative {k}" for k in range(n)], "Business": v, "People": d,
         "Technology": f, "effort": rng.integers(1, 20, n).astype(float)}
    )  # fmt: skip

    def ours() -> cx.Portfolio:
        return cx.Portfolio.from_dataframe(frame, columns={"Idea": "name"})

    def columns() -> cx.Portfolio:
        return cx.Portfolio.from_arrays(
            frame["Idea"].tolist(),
            frame["Business"].to_numpy(),
            frame["People"].to_numpy(),
            frame["Technology"].to_numpy(),
            effort=frame["effort"].to_numpy(),
        )

    assert ours() == columns()
    timings = compare(ours, columns, repeat=3 if tiny else 7)
    return result(ROW, f"{n:,} rows", timings)


if __name__ == "__main__":
    main(run)
