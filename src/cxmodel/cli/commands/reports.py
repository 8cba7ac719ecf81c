"""Subcommands that share results: report (HTML, deck, workbook) and compare (two quarters)."""

from __future__ import annotations

import argparse

from ...exceptions import FieldError
from .._command import Command
from .._emit import check_chart, emit, note, save_chart
from .._input import load, read_portfolio
from .._options import (
    add_chart_option,
    add_file_options,
    add_format_option,
    add_input_options,
    add_output_option,
    add_policy_options,
    add_threshold_options,
)

__all__ = ["COMPARE", "REPORT"]


# --- report ----------------------------------------------------------------------------------


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_output_option(
        parser,
        "the report to write; its extension chooses the format: .html (one self-contained "
        "page), .pptx (a deck of editable shapes) or .xlsx (a workbook)",
        required=True,
    )
    parser.add_argument(
        "--title", default=None, help="the report's title (default: names the portfolio size)"
    )
    parser.add_argument(
        "--previous",
        metavar="FILE",
        default=None,
        help="an earlier version of the portfolio (read like FILE): adds what changed "
        "since then (default: no comparison)",
    )
    add_policy_options(parser)


def _report(args: argparse.Namespace) -> int:
    from ...outputs import report_format, write_report

    report_format(args.output)  # an unknown extension is refused before anything is read
    portfolio = load(args)
    previous = None
    if args.previous is not None:
        previous = read_portfolio(args, args.previous)
    written = write_report(
        portfolio,
        args.output,
        title=args.title,
        thresholds=args.thresholds,
        policy=args.policy,
        previous=previous,
    )
    note(args, f"report written to {written}")
    return 0


REPORT = Command(
    "report",
    "write a report to share: an HTML page, a PowerPoint deck or an Excel workbook",
    _report_arguments,
    _report,
    description="Write the charts (Venn, score matrix, balance, roadmap), the initiative "
    "table and every finding to one file; the format follows OUT's extension (.html, "
    ".pptx, .xlsx).  With --previous, the report adds what changed since that version.",
)


# --- compare ---------------------------------------------------------------------------------


def _compare_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "before",
        metavar="BEFORE",
        help="the earlier portfolio (CSV, JSON or .xlsx; '-' for stdin)",
    )
    parser.add_argument(
        "after", metavar="AFTER", help="the later portfolio (CSV, JSON or .xlsx; '-' for stdin)"
    )
    add_file_options(parser, "both files")
    add_threshold_options(parser)
    add_policy_options(parser)
    add_format_option(parser)
    add_chart_option(parser, "the movement chart (arrows from old to new scores)")


def _compare(args: argparse.Namespace) -> int:
    from ...comparison import compare

    check_chart(args.chart)
    if args.before == "-" and args.after == "-":
        raise FieldError("AFTER", "-", "cannot be standard input too: only one file can be '-'")
    before = read_portfolio(args, args.before)
    after = read_portfolio(args, args.after)
    comparison = compare(before, after, thresholds=args.thresholds, policy=args.policy)
    emit(args, text=lambda: str(comparison), document=comparison.to_dict)
    save_chart(args, comparison, "movement")
    return 0


COMPARE = Command(
    "compare",
    "what changed between two versions of a portfolio (this quarter against the last)",
    _compare_arguments,
    _compare,
    description="Compare BEFORE with AFTER: initiatives that moved between regions, were "
    "added or removed, how the innovation shares changed, and which findings are new or "
    "resolved.",
)
