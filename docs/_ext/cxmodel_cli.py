"""``cxmodel-session``: shell sessions of the ``cxmodel`` command, run when the docs are built.

The guide shows commands with their real output instead of pasted text that
drifts from the program::

    ```{cxmodel-session}
    cxmodel classify ideas.csv
    cxmodel check ideas.csv --format json
    ```

Each line runs :func:`cxmodel.cli.main` in-process, in a scratch directory that
holds the files the guide talks about (see :func:`workspace`); standard output
and standard error are shown together, as a terminal shows them, and a
non-zero exit status is shown after the output.  Options:

``:lines: N``
    Show at most N lines of each command's output (then ``...``).
``:cwd-files:``
    (flag) List the files a command wrote, after its output.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shlex
import shutil
import tempfile
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "tests" / "data"


@functools.cache
def workspace() -> Path:
    """A scratch directory with the guide's files, made once per build.

    ``ideas.csv`` and ``ideas.json`` hold the example portfolio, ``last-quarter.csv``
    an earlier version of it, ``team-sheet.xlsx`` a team's own workbook, and
    ``ratings.csv`` and ``rubric.toml`` the ratings and rubric of an example workshop.
    """
    import cxmodel as cx

    root = Path(tempfile.mkdtemp(prefix="cxmodel-docs-"))
    portfolio = cx.example_portfolio()
    portfolio.to_csv(root / "ideas.csv")
    portfolio.to_json(root / "ideas.json")
    items = list(portfolio)
    # last quarter: the returns portal was not yet desirable (process innovation), the
    # vacuum not yet either (technology only), the toaster not planned, a catalogue was
    earlier = [
        item.evolve(desirability={5: 0.35, 6: 0.45}[k]) if k in (5, 6) else item
        for k, item in enumerate(items)
        if k != 9
    ]
    earlier.append(cx.Initiative("Printed catalogue", 0.55, 0.35, 0.9, effort=2))
    cx.Portfolio(earlier).to_csv(root / "last-quarter.csv")
    _team_sheet(root / "team-sheet.xlsx")
    for name, target in (
        ("workshop_ratings.csv", "ratings.csv"),
        ("workshop_rubric.toml", "rubric.toml"),
    ):
        shutil.copyfile(DATA / name, root / target)
    return root


def _team_sheet(path: Path) -> None:
    """A workbook as a team keeps it: a title row, its own headers on a 1-5 scale, an owner."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ideas"
    sheet.append(["Q3 ideas, scored in the workshop of 12 June"])
    sheet.append([])
    sheet.append(
        ["Idea", "Owner", "Business value (1-5)", "Desirability (1-5)",
         "Technical feasibility (1-5)", "Effort (person-weeks)"]
    )  # fmt: skip
    for row in (
        ("Customer community", "Ann", 4, 5, 3, 4),
        ("Self-checkout", "Bo", 5, 2, 5, 6),
        ("Chatbot", "Cy", 2, 2, 5, 2),
        ("Loyalty app", "Ann", 4, 4, 2, 5),
    ):
        sheet.append(list(row))
    book.save(path)


def run(line: str, root: Path) -> tuple[int, str]:
    """Run one ``cxmodel ...`` line in ``root``; its exit status and everything it printed."""
    from cxmodel.cli import main

    argv = shlex.split(line)
    if not argv or argv[0] != "cxmodel":
        raise ExtensionError(f"cxmodel-session: a line must start with 'cxmodel': {line!r}")
    out = io.StringIO()
    home = os.getcwd()
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        os.chdir(root)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = main(argv[1:])
    finally:
        os.chdir(home)
    return status, out.getvalue()


def _shorten(text: str, lines: int | None) -> str:
    kept = text.rstrip("\n").splitlines()
    if lines is not None and len(kept) > lines:
        kept = [*kept[:lines], "..."]
    return "\n".join(kept)


class CxmodelSession(SphinxDirective):
    """The ``cxmodel-session`` directive: run each line, show it with its output."""

    has_content = True
    option_spec: dict[str, Any] = {  # noqa: RUF012 - docutils reads the class attribute
        "lines": directives.positive_int,
        "cwd-files": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        root = workspace()
        limit = self.options.get("lines")
        parts: list[str] = []
        for line in (text.strip() for text in self.content):
            if not line:
                continue
            before = set(root.iterdir())
            try:
                status, output = run(line, root)
            except ExtensionError as error:
                raise self.error(str(error)) from None
            parts.append(f"$ {line}")
            if output.strip():
                parts.append(_shorten(output, limit))
            if "cwd-files" in self.options:
                for made in sorted(set(root.iterdir()) - before):
                    parts.append(f"[wrote {made.name}, {made.stat().st_size:,} bytes]")
            if status:
                parts.append(f"[exit status {status}]")
        text = "\n".join(parts)
        block = nodes.literal_block(text, text)
        block["language"] = "console"
        self.set_source_info(block)
        return [block]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("cxmodel-session", CxmodelSession)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
