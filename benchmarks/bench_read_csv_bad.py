"""read_csv of 2e5 rows with 2 bad cells (the InputError) vs read_csv of the clean file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd  # noqa: F401 - imported, as in a notebook: large files use its parser
from _harness import compare, main, result

import cxmodel as cx

ROW = {
    "id": "read_csv_bad",
    "what": "`read_csv` of 200,000 rows with 2 bad cells, to the `InputError` naming both",
    "baseline": "`read_csv` of the same file without them",
    "goal": 2.0,
}


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare the error path with the clean path."""
    n = 500 if tiny else 200_000
    rng = np.random.default_rng(0)
    v, d, f = rng.random((3, n)).round(3)
    portfolio = cx.Portfolio.from_arrays([f"initiative {k}" for k in range(n)], v, d, f)
    clean_text = portfolio.to_csv() or ""
    lines = clean_text.split("\r\n")
    row = lines[n // 10].split(",")
    lines[n // 10] = ",".join([row[0], "high", *row[2:]])
    row = lines[n // 2].split(",")
    lines[n // 2] = ",".join([row[0], row[1], "2.5", *row[3:]])
    with tempfile.TemporaryDirectory() as folder:
        clean, bad = Path(folder) / "clean.csv", Path(folder) / "bad.csv"
        clean.write_text(clean_text, encoding="utf-8", newline="")
        bad.write_text("\r\n".join(lines), encoding="utf-8", newline="")

        expected = [(n // 10 + 1, "viability"), (n // 2 + 1, "desirability")]

        def ours() -> None:
            try:
                cx.read_csv(bad)
            except cx.InputError as error:
                found = [(r, c) for r, c, _ in error.errors]
            else:
                found = []
            if found != expected:
                raise AssertionError(f"expected the problems {expected}, got {found}")

        timings = compare(ours, lambda: cx.read_csv(clean), repeat=3 if tiny else 10)
        size = f"{n:,} rows, {bad.stat().st_size / 1e6:.1f} MB"
    return result(ROW, size, timings)


if __name__ == "__main__":
    main(run)
