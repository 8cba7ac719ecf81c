"""Every subcommand of ``cxmodel``, in the order ``cxmodel --help`` lists them.

One module per subject; each defines its :class:`~cxmodel.cli.Command` objects and
this module puts them in one explicit tuple.
"""

from __future__ import annotations

from .._command import Command
from .analysis import GAPS, JOURNEY, SENSITIVITY, SWEEP
from .decisions import SCHEDULE, SELECT
from .portfolio import CHART, CHECK, CLASSIFY, DEMO, ROADMAP, SCHEMA
from .reports import COMPARE, REPORT
from .sheets import ANNOTATE
from .workshop import TEMPLATE, WORKSHOP

__all__ = ["COMMANDS"]

#: The subcommands, in the order ``cxmodel --help`` lists them: first look, analyses,
#: decisions, sharing, workshops, then the schema.
COMMANDS: tuple[Command, ...] = (
    DEMO,
    CLASSIFY,
    CHECK,
    ANNOTATE,
    ROADMAP,
    CHART,
    SENSITIVITY,
    SWEEP,
    JOURNEY,
    GAPS,
    SELECT,
    SCHEDULE,
    COMPARE,
    REPORT,
    TEMPLATE,
    WORKSHOP,
    SCHEMA,
)
