"""`cxmodel chart` of a 25-initiative team sheet vs a bare matplotlib script (whole process).

Both are timed from start to exit.  The chart draws more text than the script (a
key beside the diagram, region names and counts: about 1.6 times the glyphs, and
matplotlib spends about 0.15 ms on each); the `cxmodel` executable wins some of it
back at exit, where it skips the interpreter's final cycle collections.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import compare, main, result

ROW = {
    "id": "chart_cli",
    "what": "`cxmodel chart team_sheet_25.csv --scale likert5 -o out.png` (fresh process)",
    "baseline": "a bare matplotlib script (fresh process): `csv` reads the same file, three "
    "circles, one `scatter` of the markers, one `text` per name, the same PNG save",
    "goal": 1.3,
}

SHEET = Path(__file__).resolve().parent.parent / "tests" / "data" / "team_sheet_25.csv"

#: What a person would write by hand: read the file, draw circles, markers and names.
BARE_SCRIPT = """
import csv, sys
import matplotlib
matplotlib.use("Agg")
from matplotlib.figure import Figure
from matplotlib.patches import Circle

with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = list(csv.DictReader(handle))
score = lambda row, key: (float(row[key]) - 1) / 4
fig = Figure(figsize=(FIGSIZE))
ax = fig.add_subplot()
for x, y in ((-0.5, 0.29), (0.5, 0.29), (0.0, -0.58)):
    ax.add_patch(Circle((x, y), 1.0, facecolor=(0.5, 0.5, 0.5, 0.1), edgecolor="#444444"))
xs = [score(r, "feasibility") - score(r, "viability") for r in rows]
ys = [score(r, "desirability") - 0.5 for r in rows]
ax.scatter(xs, ys, s=[20 * float(r["effort"]) for r in rows], c="#0072B2", zorder=3)
for r, x, y in zip(rows, xs, ys):
    ax.text(x + 0.05, y, r["name"], fontsize=8, va="center")
for text, x, y in (("Business", -1, 1.4), ("People", 1, 1.4), ("Technology", 0, -1.75)):
    ax.text(x, y, text, ha="center", fontsize=12, fontweight="bold")
ax.set_xlim(-1.9, 1.9)
ax.set_ylim(-1.9, 1.6)
ax.set_aspect("equal")
ax.set_axis_off()
fig.savefig(sys.argv[2], dpi=150, bbox_inches="tight", pad_inches=0.25)
"""


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare drawing the chart from the command line with drawing it by hand."""
    from cxmodel.plotting.venn import figure_size

    width, height = figure_size(25)  # the figure save_chart draws: the same pixels to encode
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp, "pycache"))  # both run from bytecode
        env["MPLBACKEND"] = "Agg"
        script = Path(tmp, "bare_chart.py")
        script.write_text(BARE_SCRIPT.replace("FIGSIZE", f"{width}, {height}"), encoding="utf-8")
        ours_png, bare_png = Path(tmp, "ours.png"), Path(tmp, "bare.png")
        ours_cmd = [sys.executable, "-m", "cxmodel", "chart", str(SHEET), "--scale", "likert5"]
        ours_cmd += ["-o", str(ours_png)]

        def ours() -> None:
            subprocess.run(ours_cmd, check=True, env=env, capture_output=True)

        def baseline() -> None:
            subprocess.run(
                [sys.executable, str(script), str(SHEET), str(bare_png)],
                check=True,
                env=env,
                capture_output=True,
            )

        timings = compare(ours, baseline, repeat=1 if tiny else 12)
        sizes = {
            "ours_png_bytes": ours_png.stat().st_size,
            "bare_png_bytes": bare_png.stat().st_size,
        }
    return result(ROW, f"25 initiatives, {width:g}x{height:g} in at 150 dpi", timings, **sizes)


if __name__ == "__main__":
    main(run)
