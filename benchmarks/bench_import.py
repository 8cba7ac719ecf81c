"""`import cxmodel` in a fresh interpreter vs `import numpy, attrs` (wall time)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from _harness import compare, main, result

ROW = {
    "id": "import",
    "what": "`import cxmodel` (fresh interpreter, wall time)",
    "baseline": "`import numpy, attrs` (fresh interpreter, wall time)",
    "goal": 1.3,
}


def _python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare the start-up cost of importing cxmodel with that of its two dependencies."""
    timings = compare(
        lambda: _python("import cxmodel"),
        lambda: _python("import numpy, attrs"),
        repeat=2 if tiny else 60,
    )
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, cxmodel; print(sorted(m for m in ('matplotlib', 'pandas', "
            "'networkx', 'scipy') if m in sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return result(ROW, "one `python -c`", timings, heavy_modules_loaded=heavy)


if __name__ == "__main__":
    main(run)
