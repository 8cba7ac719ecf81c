"""classify_arrays on 1e6 rows (validation included) vs the best bare numpy form."""

from __future__ import annotations

from typing import Any

import numpy as np
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "classify_arrays",
    "what": "`classify_arrays` on 1e6 rows, validation included",
    "baseline": "bare numpy: preallocated `uint8` output, `np.greater_equal(..., out=)` and adds",
    "goal": 2.0,
}


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare classify_arrays with the bare numpy form."""
    n = 1_000 if tiny else 1_000_000
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n))
    out = np.empty(n, dtype=np.uint8)
    bit = np.empty(n, dtype=np.uint8)

    def bare() -> None:
        np.greater_equal(v, 0.5, out=out)
        np.greater_equal(d, 0.5, out=bit)
        np.left_shift(bit, 1, out=bit)
        np.add(out, bit, out=out)
        np.greater_equal(f, 0.5, out=bit)
        np.left_shift(bit, 2, out=bit)
        np.add(out, bit, out=out)

    def ours() -> None:
        cx.classify_arrays(v, d, f)

    bare()
    assert np.array_equal(cx.classify_arrays(v, d, f), out)  # same answer
    timings = compare(ours, bare, repeat=5 if tiny else 200)
    return result(ROW, f"{n:,} rows", timings)


if __name__ == "__main__":
    main(run)
