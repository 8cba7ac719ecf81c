"""Run every benchmark row in its own fresh interpreter and write ``RESULTS.md``.

Usage: ``python benchmarks/run.py [--tiny] [--output PATH] [--only ID ...]``
(``make bench`` installs the ``bench`` extra first).  The exit code is 0 when
every row meets its goal, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: The rows of issue 8's table, in its order: script name -> row id.
SCRIPTS = (
    "bench_classify",
    "bench_import",
    "bench_venn",
    "bench_balance",
    "bench_roadmap",
    "bench_read_csv",
    "bench_sensitivity",
    "bench_decisions",
    "bench_read_csv_large",
    "bench_read_csv_bad",
    "bench_from_dataframe",
    "bench_from_records",
    "bench_chart_cli",
)

PACKAGES = (
    "cxmodel",
    "numpy",
    "attrs",
    "matplotlib",
    "matplotlib-venn",
    "networkx",
    "pandas",
    "scipy",
)


def run_row(script: str, tiny: bool) -> dict[str, Any]:
    """Run one benchmark script in a fresh interpreter; its last output line is JSON."""
    command = [sys.executable, str(HERE / f"{script}.py"), "--json", *(["--tiny"] if tiny else [])]
    done = subprocess.run(command, capture_output=True, text=True, cwd=HERE, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        error = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"id": script.removeprefix("bench_"), "error": error, "passed": False}
    row: dict[str, Any] = json.loads(lines[-1])
    return row


def cpu_model() -> str:
    """The CPU model name (Linux), else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> dict[str, str]:
    """Python and the versions of the packages involved."""
    found = {"Python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=HERE, check=False)
    return done.stdout.strip()


def commit() -> str:
    """The git commit benchmarked (``unknown`` outside a checkout), flagged if src/ differs."""
    head = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", str(HERE.parent / "src"))
    return f"{head} + uncommitted changes in src/" if dirty else head


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.2f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def render(rows: list[dict[str, Any]], tiny: bool) -> str:
    """The Markdown report."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Written by `benchmarks/run.py` on {now} (commit {commit()})"
        + (" -- **tiny smoke sizes, not meaningful timings**" if tiny else "")
        + ".",
        "Each row runs in a fresh interpreter; ours and the baseline are timed alternately",
        "in the same process and the best of N repetitions is compared (the median ratio",
        "is shown too). Ratios, not absolute times, are the goals: the machine is shared.",
        "",
        "| what | compared with | size | ours (best) | baseline (best) | ratio | median"
        " ratio | goal | result |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    notes = []
    for row in rows:
        if "error" in row:
            lines.append(f"| `{row['id']}` | | | | | | | | error: {row['error']} |")
            continue
        verdict = "pass" if row["passed"] else "**FAIL**"
        lines.append(
            f"| {row['what']} | {row['baseline']} | {row['size']} | {_ms(row['ours_best'])} |"
            f" {_ms(row['baseline_best'])} | {row['ratio']:.2f}x | {row['ratio_median']:.2f}x |"
            f" <= {row['goal']}x | {verdict} |"
        )
        if row.get("note"):
            notes.append(f"- {row['id']}: {row['note']}")
        if row.get("heavy_modules_loaded") not in (None, "[]"):
            notes.append(f"- {row['id']}: heavy modules loaded: {row['heavy_modules_loaded']}")
    passed = sum(bool(row["passed"]) for row in rows)
    lines += ["", f"**{passed} of {len(rows)} rows within their goal.**", ""]
    if notes:
        lines += ["Notes:", "", *notes, ""]
    lines += [
        "## Machine",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical CPUs (nproc), "
        f"load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- OS: {platform.platform()}",
        *(f"- {name}: {version}" for name, version in versions().items()),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="smoke sizes (for tests)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--only", nargs="+", metavar="SCRIPT", choices=SCRIPTS, help="run only these scripts"
    )
    args = parser.parse_args(argv)
    rows = []
    for script in args.only or SCRIPTS:
        row = run_row(script, args.tiny)
        rows.append(row)
        if "error" in row:
            print(f"{row['id']:>16}: ERROR {row['error']}", flush=True)
        else:
            print(
                f"{row['id']:>16}: ours {_ms(row['ours_best']):>12}  baseline "
                f"{_ms(row['baseline_best']):>12}  ratio {row['ratio']:5.2f}x "
                f"(median {row['ratio_median']:.2f}x, goal <= {row['goal']}x)  "
                f"{'pass' if row['passed'] else 'FAIL'}",
                flush=True,
            )
    args.output.write_text(render(rows, args.tiny), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0 if all(row["passed"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
