"""`import cxmodel` in a fresh interpreter vs `import numpy, attrs` (wall time)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import Any

from _harness import compare, main, result

ROW = {
    "id": "import",
    "what": "`import cxmodel` (fresh interpreter, wall time, bytecode cached)",
    "baseline": "`import numpy, attrs` (fresh interpreter, wall time, bytecode cached)",
    "goal": 1.3,
}


def run(tiny: bool = False) -> dict[str, Any]:
    """Compare the start-up cost of importing cxmodel with that of its two dependencies."""
    # Both sides import from compiled bytecode, as after ``pip install``: the cache goes
    # to a private folder (not the source tree) and the warm-up run fills it, even where
    # the environment sets PYTHONDONTWRITEBYTECODE.
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache

        def python(code: str) -> None:
            subprocess.run([sys.executable, "-c", code], check=True, env=env)

        timings = compare(
            lambda: python("import cxmodel"),
            lambda: python("import numpy, attrs"),
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
