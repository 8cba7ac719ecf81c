"""Smoke runs of every benchmark at a tiny size, so the scripts cannot rot.

No timing is asserted: the numbers are meaningless at these sizes.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))  # the scripts import their _harness as a sibling
run_module = importlib.import_module("run")


@pytest.fixture(params=run_module.SCRIPTS)
def script(request: pytest.FixtureRequest) -> Iterator[ModuleType]:
    # Baselines need matplotlib-venn and pandas, both in the dev extras: a missing one fails.
    yield importlib.import_module(request.param)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_every_script_runs_at_tiny_size(script: ModuleType) -> None:
    row = script.run(tiny=True)
    for key in ("id", "what", "baseline", "goal", "size", "ours_best", "baseline_best"):
        assert key in row, key
    assert row["id"] == script.ROW["id"]
    assert row["ours_best"] > 0 and row["baseline_best"] > 0
    assert row["ratio"] == pytest.approx(row["ours_best"] / row["baseline_best"])
    assert row["passed"] == (row["ratio"] <= row["goal"])


def test_every_row_of_the_issue_has_a_script() -> None:
    ids = {importlib.import_module(name).ROW["id"] for name in run_module.SCRIPTS}
    assert ids == {
        "classify_arrays",
        "import",
        "plot_venn",
        "check_balance",
        "roadmap",
        "read_csv",
        "sensitivity",
        "select",
        "read_csv_1e6",
        "read_csv_bad",
        "from_dataframe",
        "from_records",
        "chart_cli",
    }


def test_runner_writes_a_report(tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--tiny",
            "--output",
            str(output),
            "--only",
            "bench_classify",
            "bench_sensitivity",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a ratio missed (tiny sizes are noise)
    text = output.read_text(encoding="utf-8")
    assert "| `classify_arrays` on 1e6 rows" in text
    assert "tiny smoke sizes" in text
    for fact in (
        "CPU:",
        "logical CPUs",
        "numpy:",
        "matplotlib:",
        "networkx:",
        "pandas:",
        "Python:",
    ):
        assert fact in text, fact
    assert "sensitivity: peak memory" in text


def test_runner_reports_a_crashing_script() -> None:
    row = run_module.run_row("no_such_bench", tiny=True)
    assert row["passed"] is False and "error" in row
    assert "error" in run_module.render([row], tiny=True)


def test_scale_table_prints_every_step_for_every_size() -> None:
    command = [sys.executable, str(BENCHMARKS / "scale_table.py"), "--sizes", "500", "2000"]
    done = subprocess.run(
        [*command, "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "| step | 5e+02 rows | 2e+03 rows |"
    rows = lines[2:]
    assert len(rows) == 5 and all(row.count(" rows/s), +") == 2 for row in rows)
    assert any(row.startswith("| `read_csv`") for row in rows)
