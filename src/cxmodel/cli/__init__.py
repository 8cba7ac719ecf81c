"""The ``cxmodel`` command line: ``main(argv) -> exit status``.

Exit status: 0 success (``check``: balanced), 1 findings (``check``) or no
feasible plan (``select``, ``schedule``), 2 bad input or usage.  Errors print
one line on standard error, never a traceback.

* ``cxmodel.cli._command`` -- ``Command``, one subcommand.
* ``cxmodel.cli.commands`` -- ``COMMANDS``, every subcommand in one tuple,
  one module per subject.
* ``cxmodel.cli._options`` -- the option groups subcommands share, and ``resolve``.
* ``cxmodel.cli._types`` -- the argument types (scales, thresholds, mappings).
* ``cxmodel.cli._input`` -- reading the input files, with notes on stderr.
* ``cxmodel.cli._emit`` -- the one emitter: text, JSON, CSV, notes and charts.
"""

from __future__ import annotations

from ._command import Command
from ._main import build_parser, main
from .commands import COMMANDS

__all__ = ["COMMANDS", "Command", "build_parser", "main"]
