"""The ``cxmodel`` command line: ``main(argv) -> exit code``.

Exit codes: 0 success (``check``: balanced), 1 findings (``check`` only),
2 bad input or usage.  Errors print one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from . import __version__
from ._text import text_table
from .balance import BalancePolicy, check_balance
from .exceptions import CxModelError
from .intersections import InnovationType
from .model import CRITERIA, Lens, Scale, Thresholds
from .portfolio import Portfolio

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


def _scale(text: str) -> Scale:
    """``likert5``, ``percent``, ``0-10`` or ``LOW:HIGH``."""
    key = text.strip().lower()
    if key == "percent":
        return Scale.percent()
    if key.startswith("likert") and key[6:].isdigit():
        return Scale.likert(int(key[6:]))
    for separator in (":", ".."):
        if separator in key:
            low, high = key.split(separator, 1)
            try:
                return Scale(float(low), float(high))
            except (ValueError, CxModelError) as error:
                raise argparse.ArgumentTypeError(str(error)) from None
    raise argparse.ArgumentTypeError(
        f"scale {text!r}: use likertN (e.g. likert5), percent, or LOW:HIGH (e.g. 0:10)"
    )


def _unit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} must be in [0, 1]")
    return value


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """FILE, ``--scale``, ``--column`` and the threshold options: the input of a subcommand."""
    parser.add_argument("file", metavar="FILE", help="CSV or JSON file; '-' reads stdin")
    parser.add_argument(
        "--scale",
        type=_scale,
        default=None,
        help="raw score scale: likertN, percent or LOW:HIGH (default: scores are in [0, 1])",
    )
    parser.add_argument(
        "--column",
        type=_column,
        action="append",
        metavar="HEADER=FIELD",
        help="read the CSV column HEADER as FIELD, e.g. --column 'Idea=name' (repeatable)",
    )
    for criterion in CRITERIA:
        parser.add_argument(
            f"--{criterion}-threshold",
            type=_unit,
            default=0.5,
            metavar="T",
            help=f"{criterion} passes at >= T (default 0.5)",
        )


def thresholds_of(args: argparse.Namespace) -> Thresholds:
    """The thresholds given on the command line."""
    return Thresholds(
        args.viability_threshold, args.desirability_threshold, args.feasibility_threshold
    )


def load(args: argparse.Namespace) -> Portfolio:
    """Read FILE (or stdin for ``-``): JSON by extension or first character, else CSV."""
    from .io import read_any

    return read_any(args.file, scale=args.scale, columns=dict(args.column or []))


def _column(text: str) -> tuple[str, str]:
    """``HEADER=FIELD`` (the last ``=`` separates them, so headers may contain one)."""
    header, equals, field = text.rpartition("=")
    if not equals or not header.strip() or not field.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: use HEADER=FIELD, e.g. 'Idea=name'")
    return header, field.strip()


def format_table(portfolio: Portfolio, thresholds: Thresholds | None = None) -> str:
    """A plain-text table: name, the three scores, effort, region and innovation types."""
    rows = [("initiative", "viab.", "desir.", "feas.", "effort", "region", "innovation types")]
    for c, initiative in zip(portfolio.classify(thresholds), portfolio, strict=True):
        types = ", ".join(t.value for t in InnovationType if t in c.types) or "-"
        rows.append(
            (
                initiative.name,
                f"{initiative.viability:.2f}",
                f"{initiative.desirability:.2f}",
                f"{initiative.feasibility:.2f}",
                f"{initiative.effort:g}",
                c.region.label,
                types,
            )
        )
    return text_table(rows, right={1, 2, 3, 4})  # the scores and the effort


def _add_format_option(parser: argparse.ArgumentParser, *extra: str) -> None:
    """``--format text|json`` (plus ``extra`` choices), the same for every subcommand."""
    parser.add_argument("--format", choices=("text", "json", *extra), default="text")


def _add_chart_option(parser: argparse.ArgumentParser, what: str = "the chart") -> None:
    """``--chart OUT``: also draw ``what`` (see :func:`_save_chart`)."""
    parser.add_argument(
        "--chart", metavar="OUT", default=None, help=f"also write {what} (png, svg or pdf)"
    )


def _print_json(document: object) -> None:
    """The one JSON layout of the command line: indented, UTF-8 text, a final newline."""
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _check_chart(out: str | None) -> None:
    """Reject a chart file name of an unknown format before the input is read."""
    if out is not None:
        from .plotting import chart_format

        chart_format(out)


def _cmd_classify(args: argparse.Namespace) -> int:
    portfolio = load(args)
    thresholds = thresholds_of(args)
    if args.format == "text":
        print(format_table(portfolio, thresholds))
    elif args.format == "json":
        records = []
        for c in portfolio.classify(thresholds):
            records.append(
                {
                    "name": c.name,
                    **c.scores,
                    "region": c.region.name,
                    "types": sorted(t.value for t in c.types),
                    "primary": c.primary.value if c.primary else None,
                    "explanation": c.explain(),
                }
            )
        _print_json({"initiatives": records})
    else:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "viability", "desirability", "feasibility", "region", "types"])
        for c in portfolio.classify(thresholds):
            writer.writerow(
                [
                    c.name,
                    *(repr(v) for v in c.scores.values()),
                    c.region.name,
                    ";".join(sorted(t.value for t in c.types)),
                ]
            )
    return 0


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    """The :class:`~cxmodel.BalancePolicy` options (defaults are the policy's own)."""
    default = BalancePolicy()
    group = parser.add_argument_group("balance policy")
    group.add_argument(
        "--max-process-share",
        type=_unit,
        metavar="X",
        help="process skew when process innovation takes more than X of the innovation "
        f"weight (default {default.max_process_share:g})",
    )
    group.add_argument(
        "--bloat-feasibility",
        type=_unit,
        metavar="X",
        help=f"feature-bloat candidates have feasibility >= X (default "
        f"{default.bloat_feasibility:g})",
    )
    group.add_argument(
        "--bloat-gap",
        type=_unit,
        metavar="X",
        help=f"... and feasibility - desirability >= X (default {default.bloat_gap:g})",
    )
    group.add_argument(
        "--weight",
        choices=("effort", "count"),
        help=f"weigh initiatives by effort or count them (default {default.weight})",
    )
    group.add_argument(
        "--min-balance-index",
        type=_unit,
        metavar="X",
        help=f"note a balance index below X (default {default.min_balance_index:g})",
    )
    group.add_argument(
        "--fail-on",
        action="append",
        metavar="CODE",
        help="treat this info finding (e.g. no-emotional) as a warning; repeatable",
    )


def policy_of(args: argparse.Namespace) -> BalancePolicy:
    """The balance policy given on the command line (the policy defaults elsewhere)."""
    options = {
        field: getattr(args, field)
        for field in (
            "max_process_share",
            "bloat_feasibility",
            "bloat_gap",
            "weight",
            "min_balance_index",
        )
        if getattr(args, field) is not None
    }
    return BalancePolicy(**options, escalate=args.fail_on or ())


def _cmd_check(args: argparse.Namespace) -> int:
    portfolio = load(args)
    report = check_balance(portfolio, policy_of(args), thresholds=thresholds_of(args), warn=False)
    if args.format == "json":
        _print_json(report.to_dict())
    else:
        print(report)
    return 0 if report.ok else 1


def _cmd_demo(args: argparse.Namespace) -> int:
    from .examples import example_portfolio

    _check_chart(args.chart)
    portfolio = example_portfolio()
    print("Example portfolio: scores in [0, 1], thresholds 0.5, effort in person-weeks\n")
    print(format_table(portfolio))
    counts = portfolio.counts()
    print("\nRegions: " + ", ".join(f"{r.label} {n}" for r, n in counts.items() if n))
    print()
    print(check_balance(portfolio, warn=False))
    from .plotting import save_chart

    written = save_chart(portfolio, args.chart, kind="venn", title="Example portfolio")
    print(f"\nVenn chart written to {written}")
    return 0


def _cmd_chart(args: argparse.Namespace) -> int:
    from .plotting import save_chart

    _check_chart(args.output)
    written = save_chart(
        load(args),
        args.output,
        kind=args.kind,
        thresholds=thresholds_of(args),
        policy=policy_of(args),
        title=args.title,
    )
    print(f"{args.kind} chart written to {written}", file=sys.stderr)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .io import portfolio_schema

    _print_json(portfolio_schema(scale=args.scale))
    return 0


def _cmd_roadmap(args: argparse.Namespace) -> int:
    from .planning import roadmap

    plan = roadmap(load(args), thresholds=thresholds_of(args), policy=policy_of(args))
    if args.format == "json":
        _print_json(plan.to_dict())
    else:
        print(plan)
    return 0


def _save_chart(draw: Callable[[Figure], object], out: str, figsize: tuple[float, float]) -> None:
    """Run ``draw`` on a new figure (no pyplot state) and save it to ``out`` (png, svg or pdf)."""
    from matplotlib.figure import Figure

    from .plotting import chart_format

    figure = Figure(figsize=figsize, layout="constrained")
    draw(figure)
    figure.savefig(out, format=chart_format(out), dpi=150)


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    from .uncertainty import sensitivity

    _check_chart(args.chart)
    report = sensitivity(
        load(args),
        noise=args.noise,
        samples=args.samples,
        seed=args.seed,
        thresholds=thresholds_of(args),
        policy=policy_of(args),
        stability=args.stability,
    )
    if args.format == "json":
        _print_json(report.to_dict())
    else:
        print(report)
    if args.chart:
        from .plotting import plot_sensitivity

        rows = max(min(len(report.names), 30), 1)
        _save_chart(
            lambda figure: plot_sensitivity(report, ax=figure.add_subplot()),
            args.chart,
            (10, 1.2 + 0.32 * rows),
        )
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .uncertainty import threshold_sweep

    _check_chart(args.chart)
    sweep = threshold_sweep(
        load(args),
        lens=args.lens,
        steps=args.steps,
        thresholds=thresholds_of(args),
        policy=policy_of(args),
    )
    if args.format == "json":
        _print_json(sweep.to_dict())
    else:
        print(sweep)
    if args.chart:
        from .plotting import plot_threshold_sweep

        n = len(sweep.lenses)
        _save_chart(
            lambda figure: plot_threshold_sweep(
                sweep, ax=list(figure.subplots(1, n, squeeze=False)[0])
            ),
            args.chart,
            (4.2 * n + 2, 3.6),
        )
    return 0


def _shares_line(title: str, shares: dict[str, float]) -> str:
    if not any(shares.values()):
        return f"{title}: none named"
    return f"{title}: " + ", ".join(f"{key} {share:.0%}" for key, share in shares.items())


def _cmd_journey(args: argparse.Namespace) -> int:
    from .customer import (
        building_block_summary,
        channel_shares,
        desire_quadrants,
        journey_coverage,
        stakeholder_coverage,
    )

    _check_chart(args.chart)
    portfolio = load(args)
    coverage = journey_coverage(portfolio, thresholds=thresholds_of(args))
    channels = {c.value: share for c, share in channel_shares(portfolio).items()}
    stakeholders = stakeholder_coverage(portfolio)
    quadrants = desire_quadrants(portfolio)
    blocks = [b for b in building_block_summary(portfolio).values() if b.count]
    if args.format == "json":
        document = {
            "journey": coverage.to_dict(),
            "channels": channels,
            "stakeholders": stakeholders,
            "desire": {name: q.value if q else None for name, q in quadrants.items()},
            "building_blocks": [b.to_dict() for b in blocks],
        }
        _print_json(document)
    else:
        print(coverage)
        print()
        print(_shares_line("Channels (share of effort)", channels))
        print(_shares_line("Stakeholders (share of effort)", stakeholders))
        tally: dict[str, int] = {}
        for q in quadrants.values():
            if q is not None:
                tally[q.value] = tally.get(q.value, 0) + 1
        if tally:
            print("Desire model: " + ", ".join(f"{k} {n}" for k, n in tally.items()))
        if blocks:
            print("Strategy terms: " + ", ".join(f"{b.term.value} {b.count}" for b in blocks))
    if args.chart:
        from .plotting import plot_journey

        _save_chart(
            lambda figure: plot_journey(portfolio, ax=figure.add_subplot()), args.chart, (10, 4.5)
        )
    return 0


def _cmd_gaps(args: argparse.Namespace) -> int:
    from .customer import measured_gaps, perception_gap

    _check_chart(args.chart)
    portfolio = load(args)
    gaps = perception_gap(portfolio, min_gap=args.min_gap)
    measured = len(measured_gaps(portfolio))
    if args.format == "json":
        document = {
            "min_gap": args.min_gap,
            "measured": measured,
            "gaps": [g.to_dict() for g in gaps],
        }
        _print_json(document)
    elif not measured:
        print("No initiative has a customer-measured desirability (customer_desirability).")
    elif not gaps:
        print(
            f"None of the {measured} initiatives measured by customers is rated "
            f"{args.min_gap:g} or more above what customers say."
        )
    else:
        rows = [("initiative", "company", "customers", "gap")]
        rows += [(g.name, f"{g.company:.2f}", f"{g.customer:.2f}", f"{g.gap:+.2f}") for g in gaps]
        print(
            f"Perception gap: {len(gaps)} of {measured} initiatives measured by customers are "
            f"rated {args.min_gap:g} or more above what customers say\n"
        )
        print(text_table(rows))
    if args.chart:
        from .plotting import plot_perception_gap

        rows_drawn = max(min(measured, 30), 1)
        _save_chart(
            lambda figure: plot_perception_gap(
                portfolio, min_gap=args.min_gap, ax=figure.add_subplot()
            ),
            args.chart,
            (10, 1.5 + 0.4 * rows_drawn),
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``cxmodel``."""
    parser = argparse.ArgumentParser(
        prog="cxmodel",
        description="Score initiatives through the business-people-technology model of "
        "customer experience.",
    )
    parser.add_argument("--version", action="version", version=f"cxmodel {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser("demo", help="run on the embedded example portfolio")
    demo.add_argument(
        "--chart",
        metavar="OUT",
        default="cxmodel-demo.png",
        help="where to write the Venn chart (default cxmodel-demo.png)",
    )
    demo.set_defaults(handler=_cmd_demo)

    classify_cmd = commands.add_parser(
        "classify", help="region and innovation types of each initiative"
    )
    add_input_options(classify_cmd)
    _add_format_option(classify_cmd, "csv")
    classify_cmd.set_defaults(handler=_cmd_classify)

    check_cmd = commands.add_parser(
        "check",
        help="is the innovation balanced? exit 0 balanced, 1 warnings, 2 bad input",
        description="Check the balance of a portfolio's innovation: process skew, "
        "feature bloat and notes. Exit status 0 when balanced, 1 when there are "
        "warnings, 2 on bad input.",
    )
    add_input_options(check_cmd)
    add_policy_options(check_cmd)
    _add_format_option(check_cmd)
    check_cmd.set_defaults(handler=_cmd_check)
    sensitivity_cmd = commands.add_parser(
        "sensitivity",
        help="how often each classification holds when the scores are uncertain",
    )
    add_input_options(sensitivity_cmd)
    add_policy_options(sensitivity_cmd)
    sensitivity_cmd.add_argument(
        "--noise",
        type=float,
        default=0.1,
        metavar="SD",
        help="standard deviation of the score noise, in [0, 1] score units (default 0.1)",
    )
    sensitivity_cmd.add_argument(
        "--samples", type=int, default=1000, metavar="N", help="scenarios (default 1000)"
    )
    sensitivity_cmd.add_argument(
        "--seed", type=int, default=None, metavar="S", help="random seed, for a repeatable run"
    )
    sensitivity_cmd.add_argument(
        "--stability",
        type=float,
        default=0.8,
        metavar="P",
        help="stable when the most likely region has probability >= P (default 0.8)",
    )
    _add_format_option(sensitivity_cmd)
    _add_chart_option(sensitivity_cmd)
    sensitivity_cmd.set_defaults(handler=_cmd_sensitivity)

    sweep_cmd = commands.add_parser(
        "sweep", help="region counts and process share as each threshold moves from 0 to 1"
    )
    add_input_options(sweep_cmd)
    add_policy_options(sweep_cmd)
    sweep_cmd.add_argument(
        "--lens",
        choices=(*CRITERIA, *(lens.value for lens in Lens)),
        default=None,
        help="sweep only this threshold (default: all three, one at a time)",
    )
    sweep_cmd.add_argument(
        "--steps", type=int, default=21, metavar="N", help="threshold values (default 21)"
    )
    _add_format_option(sweep_cmd)
    _add_chart_option(sweep_cmd)
    sweep_cmd.set_defaults(handler=_cmd_sweep)

    chart_cmd = commands.add_parser(
        "chart",
        help="draw a chart of a portfolio to PNG, SVG or PDF",
        description="Draw the Venn diagram (default), the 2x2 score matrix, the innovation "
        "balance bars or the roadmap of a portfolio; the format follows OUT's extension.",
    )
    add_input_options(chart_cmd)
    chart_cmd.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="file to write: .png, .svg or .pdf"
    )
    chart_cmd.add_argument(
        "--kind", choices=("venn", "scores", "balance", "roadmap"), default="venn"
    )
    chart_cmd.add_argument("--title", default=None, help="chart title (default: automatic)")
    add_policy_options(chart_cmd)
    chart_cmd.set_defaults(handler=_cmd_chart)

    schema_cmd = commands.add_parser(
        "schema", help="print the JSON Schema of the JSON input format"
    )
    schema_cmd.add_argument(
        "--scale",
        type=_scale,
        default=None,
        help="raw score scale the documents use: likertN, percent or LOW:HIGH",
    )
    schema_cmd.set_defaults(handler=_cmd_schema)

    journey_cmd = commands.add_parser(
        "journey",
        help="customer-journey coverage, channels, stakeholders and desire model",
        description="Effort per journey stage and kind of innovation (split equally among "
        "an initiative's stages), stages with no initiative, and the shares of effort by "
        "channel and stakeholder.",
    )
    add_input_options(journey_cmd)
    _add_format_option(journey_cmd)
    _add_chart_option(journey_cmd, "the journey heat-map")
    journey_cmd.set_defaults(handler=_cmd_journey)

    gaps_cmd = commands.add_parser(
        "gaps",
        help="initiatives the company rates well above what customers say",
        description="Initiatives whose desirability exceeds customer_desirability by at "
        "least --min-gap, largest gap first.",
    )
    add_input_options(gaps_cmd)
    gaps_cmd.add_argument(
        "--min-gap",
        type=_unit,
        default=0.2,
        metavar="X",
        help="report gaps >= X, in [0, 1] (default 0.2)",
    )
    _add_format_option(gaps_cmd)
    _add_chart_option(gaps_cmd, "the perception-gap chart")
    gaps_cmd.set_defaults(handler=_cmd_gaps)

    roadmap_cmd = commands.add_parser(
        "roadmap",
        help="phases that respect the dependencies, their balance and the critical path",
        description="Cut the portfolio into phases (each initiative in the earliest phase "
        "its depends_on allow), check the balance of every phase and find the critical "
        "path, the chain of dependencies with the greatest total effort. Exit status 2 on "
        "bad input, an unknown dependency or a dependency cycle.",
    )
    add_input_options(roadmap_cmd)
    add_policy_options(roadmap_cmd)
    _add_format_option(roadmap_cmd)
    roadmap_cmd.set_defaults(handler=_cmd_roadmap)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code.

    Examples
    --------
    >>> from cxmodel.cli import main
    >>> main(["classify", "no-such-file.csv"])
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse already printed the usage message
        return int(exit_.code or 0)
    handler: Handler = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of the input. Point stdout
        # at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (CxModelError, OSError) as error:
        print(f"cxmodel {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _one_line(error: BaseException) -> str:
    if isinstance(error, FileNotFoundError):
        return f"no such file: {error.filename}"
    if isinstance(error, OSError) and error.filename:
        return f"{error.strerror or error}: {error.filename}"
    return " ".join(str(error).split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
