"""Subcommands that decide: select (what to fund) and schedule (when)."""

from __future__ import annotations

import argparse

from ...exceptions import InfeasibleError
from .._command import Command
from .._emit import check_chart, emit, note, save_chart
from .._input import load
from .._options import (
    add_chart_option,
    add_format_option,
    add_input_options,
    add_policy_options,
    add_progress_option,
)
from .._types import number

__all__ = ["SCHEDULE", "SELECT"]


def _infeasible(args: argparse.Namespace, error: InfeasibleError) -> int:
    """No plan meets the constraints: the answer is no (exit 1), not bad input."""
    note(args, f"infeasible: {error}")
    return 1


# --- select ----------------------------------------------------------------------------------


def _select_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    parser.add_argument(
        "--budget",
        type=number,
        required=True,
        metavar="B",
        help="the total effort available (in the file's effort units; 'inf' for no limit)",
    )
    parser.add_argument(
        "--require",
        action="append",
        default=None,
        metavar="NAME",
        help="fund this initiative (and its dependencies); repeatable (default: none)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=None,
        metavar="NAME",
        help="do not fund this initiative (nor what depends on it); repeatable (default: none)",
    )
    add_policy_options(parser)
    add_progress_option(parser)
    add_format_option(parser, "csv")


def _select(args: argparse.Namespace) -> int:
    from ...decisions import select

    portfolio = load(args)
    try:
        selection = select(
            portfolio,
            budget=args.budget,
            policy=args.policy,
            thresholds=args.thresholds,
            require=tuple(args.require or ()),
            exclude=tuple(args.exclude or ()),
            progress=not args.quiet,
        )
    except InfeasibleError as error:
        return _infeasible(args, error)

    def rows() -> list[list[object]]:
        chosen = set(selection.chosen)
        table: list[list[object]] = [["name", "chosen", "effort", "value"]]
        for initiative in portfolio:
            name = initiative.name
            table.append([name, name in chosen, initiative.effort, selection.values[name]])
        return table

    emit(args, text=lambda: str(selection), document=selection.to_dict, rows=rows)
    return 0


SELECT = Command(
    "select",
    "what to fund: the most valuable set the budget allows; exit 1 when none is feasible",
    _select_arguments,
    _select,
    description="Choose the initiatives of largest total value whose effort fits the "
    "budget: every dependency of a chosen initiative is chosen, the mix is not skewed "
    "toward process innovation, and no feature-bloat candidate is chosen unless required.  "
    "The value of an initiative is (viability + 2 x desirability + feasibility) / 4.  An "
    "exact integer program, not a greedy pick.  Exit status 1 when the constraints cannot "
    "all be met (the reason goes to standard error), 2 on bad input.",
)


# --- schedule --------------------------------------------------------------------------------


def _schedule_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    parser.add_argument(
        "--capacity",
        type=number,
        required=True,
        metavar="C",
        help="the effort available in each period (in the file's effort units)",
    )
    parser.add_argument(
        "--method",
        choices=("auto", "exact", "heuristic"),
        default="auto",
        help="exact: an integer program (proves the fewest periods); heuristic: fast, "
        "with a bound; auto: exact for small portfolios",
    )
    add_policy_options(parser)
    add_format_option(parser, "csv")
    add_progress_option(parser)
    add_chart_option(parser, "the schedule chart (periods, the capacity used in each)")


def _schedule(args: argparse.Namespace) -> int:
    from ...decisions import schedule

    check_chart(args.chart)
    try:
        plan = schedule(
            load(args),
            capacity=args.capacity,
            policy=args.policy,
            thresholds=args.thresholds,
            method=args.method,
            progress=not args.quiet,
        )
    except InfeasibleError as error:
        return _infeasible(args, error)

    def rows() -> list[list[object]]:
        table: list[list[object]] = [["name", "period"]]
        return table + [[name, period] for name, period in plan.period_of.items()]

    emit(args, text=lambda: str(plan), document=plan.to_dict, rows=rows)
    save_chart(args, plan, "schedule")
    return 0


SCHEDULE = Command(
    "schedule",
    "when: periods of a given capacity that respect the dependencies, as few as possible",
    _schedule_arguments,
    _schedule,
    description="Cut the portfolio into periods of at most --capacity effort each, every "
    "initiative in a later period than its dependencies, in as few periods as possible, "
    "and check the balance of each period.  Exit status 1 when an initiative is larger "
    "than the capacity (no schedule exists), 2 on bad input.",
)
