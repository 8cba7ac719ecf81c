"""Subcommands that look deeper at one portfolio: sensitivity, sweep, journey, gaps."""

from __future__ import annotations

import argparse
from typing import Any

from ...model import CRITERIA, Lens
from .._command import Command
from .._emit import cell, check_chart, emit, save_chart
from .._input import load
from .._options import (
    add_chart_option,
    add_format_option,
    add_input_options,
    add_policy_options,
    add_progress_option,
)
from .._types import count, unit

__all__ = ["GAPS", "JOURNEY", "SENSITIVITY", "SWEEP"]


# --- sensitivity -----------------------------------------------------------------------------


def _sensitivity_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_policy_options(parser)
    parser.add_argument(
        "--noise",
        type=float,
        default=0.1,
        metavar="SD",
        help="standard deviation of the score noise, in [0, 1] score units",
    )
    parser.add_argument("--samples", type=count, default=1000, metavar="N", help="scenarios")
    parser.add_argument(
        "--seed",
        type=count,
        default=None,
        metavar="S",
        help="random seed, for a repeatable run (default: a fresh one each run)",
    )
    parser.add_argument(
        "--stability",
        type=float,
        default=0.8,
        metavar="P",
        help="stable when the most likely region has probability >= P",
    )
    add_format_option(parser)
    add_chart_option(parser, "the chart of region probabilities")
    add_progress_option(parser)


def _sensitivity(args: argparse.Namespace) -> int:
    from ...uncertainty import sensitivity

    check_chart(args.chart)
    report = sensitivity(
        load(args),
        noise=args.noise,
        samples=args.samples,
        seed=args.seed,
        thresholds=args.thresholds,
        policy=args.policy,
        stability=args.stability,
        progress=not args.quiet,
    )
    emit(args, text=lambda: str(report), document=report.to_dict)
    save_chart(args, report, "sensitivity")
    return 0


SENSITIVITY = Command(
    "sensitivity",
    "how often each classification holds when the scores are uncertain",
    _sensitivity_arguments,
    _sensitivity,
    description="Add random noise to every score many times over and count how often each "
    "initiative stays in its region, and how often the portfolio is skewed.",
)


# --- sweep -----------------------------------------------------------------------------------


def _sweep_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_policy_options(parser)
    parser.add_argument(
        "--lens",
        choices=(*CRITERIA, *(lens.value for lens in Lens)),
        default=None,
        help="sweep only this threshold (default: all three, one at a time)",
    )
    parser.add_argument("--steps", type=count, default=21, metavar="N", help="threshold values")
    add_format_option(parser)
    add_chart_option(parser, "the sweep chart")
    add_progress_option(parser)


def _sweep(args: argparse.Namespace) -> int:
    from ...uncertainty import threshold_sweep

    check_chart(args.chart)
    sweep = threshold_sweep(
        load(args),
        lens=args.lens,
        steps=args.steps,
        thresholds=args.thresholds,
        policy=args.policy,
        progress=not args.quiet,
    )
    emit(args, text=lambda: str(sweep), document=sweep.to_dict)
    save_chart(args, sweep, "sweep")
    return 0


SWEEP = Command(
    "sweep",
    "region counts and process share as each threshold moves from 0 to 1",
    _sweep_arguments,
    _sweep,
)


# --- journey ---------------------------------------------------------------------------------


def _shares_line(title: str, shares: dict[str, float]) -> str:
    if not any(shares.values()):
        return f"{title}: none named"
    return f"{title}: " + ", ".join(f"{cell(key)} {share:.0%}" for key, share in shares.items())


def _journey_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_format_option(parser)
    add_chart_option(parser, "the journey heat-map")


def _journey(args: argparse.Namespace) -> int:
    from ...customer import (
        building_block_summary,
        channel_shares,
        desire_quadrants,
        journey_coverage,
        stakeholder_coverage,
    )

    check_chart(args.chart)
    portfolio = load(args)
    coverage = journey_coverage(portfolio, thresholds=args.thresholds)
    channels = {c.value: share for c, share in channel_shares(portfolio).items()}
    stakeholders = stakeholder_coverage(portfolio)
    quadrants = desire_quadrants(portfolio)
    blocks = [b for b in building_block_summary(portfolio).values() if b.count]

    def document() -> dict[str, Any]:
        return {
            "journey": coverage.to_dict(),
            "channels": channels,
            "stakeholders": stakeholders,
            "desire": {name: q.value if q else None for name, q in quadrants.items()},
            "building_blocks": [b.to_dict() for b in blocks],
        }

    def text() -> str:
        lines = [
            str(coverage),
            "",
            _shares_line("Channels (share of effort)", channels),
            _shares_line("Stakeholders (share of effort)", stakeholders),
        ]
        tally: dict[str, int] = {}
        for q in quadrants.values():
            if q is not None:
                tally[q.value] = tally.get(q.value, 0) + 1
        if tally:
            lines.append("Desire model: " + ", ".join(f"{k} {n}" for k, n in tally.items()))
        if blocks:
            terms = ", ".join(f"{b.term.value} {b.count}" for b in blocks)
            lines.append(f"Strategy terms: {terms}")
        return "\n".join(lines)

    emit(args, text=text, document=document)
    save_chart(args, portfolio, "journey")
    return 0


JOURNEY = Command(
    "journey",
    "customer-journey coverage, channels, stakeholders and desire model",
    _journey_arguments,
    _journey,
    description="Effort per journey stage and kind of innovation (split equally among an "
    "initiative's stages), stages with no initiative, and the shares of effort by channel "
    "and stakeholder.",
)


# --- gaps ------------------------------------------------------------------------------------


def _gaps_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    parser.add_argument(
        "--min-gap", type=unit, default=0.2, metavar="X", help="report gaps >= X, in [0, 1]"
    )
    add_format_option(parser, "csv")
    add_chart_option(parser, "the perception-gap chart")


def _gaps(args: argparse.Namespace) -> int:
    from ..._text import text_table
    from ...customer import measured_gaps, perception_gap

    check_chart(args.chart)
    portfolio = load(args)
    gaps = perception_gap(portfolio, min_gap=args.min_gap)
    measured = len(measured_gaps(portfolio))

    def text() -> str:
        if not measured:
            return "No initiative has a customer-measured desirability (customer_desirability)."
        if not gaps:
            return (
                f"None of the {measured} initiatives measured by customers is rated "
                f"{args.min_gap:g} or more above what customers say."
            )
        rows = [("initiative", "company", "customers", "gap")]
        rows += [
            (cell(g.name), f"{g.company:.2f}", f"{g.customer:.2f}", f"{g.gap:+.2f}") for g in gaps
        ]
        return (
            f"Perception gap: {len(gaps)} of {measured} initiatives measured by customers are "
            f"rated {args.min_gap:g} or more above what customers say\n\n" + text_table(rows)
        )

    def rows() -> list[list[object]]:
        table: list[list[object]] = [["name", "company", "customer", "gap"]]
        return table + [[g.name, g.company, g.customer, g.gap] for g in gaps]

    emit(
        args,
        text=text,
        document=lambda: {
            "min_gap": args.min_gap,
            "measured": measured,
            "gaps": [g.to_dict() for g in gaps],
        },
        rows=rows,
    )
    save_chart(args, portfolio, "gaps", min_gap=args.min_gap)
    return 0


GAPS = Command(
    "gaps",
    "initiatives the company rates well above what customers say",
    _gaps_arguments,
    _gaps,
    description="Initiatives whose desirability exceeds customer_desirability by at least "
    "--min-gap, largest gap first.",
)
