"""The ``cxmodel`` command line: ``main(argv) -> exit code``.

Exit codes: 0 success (``check``: balanced), 1 findings (``check`` only),
2 bad input or usage.  Errors print one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from . import __version__
from .exceptions import CxModelError
from .model import Scale, Thresholds
from .portfolio import Portfolio

__all__ = ["main"]

Handler = Callable[[argparse.Namespace], int]


class UsageError(CxModelError):
    """A command-line option has a bad value."""


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
    """FILE, ``--scale`` and the three threshold options shared by the subcommands."""
    parser.add_argument("file", metavar="FILE", help="CSV or JSON file; '-' reads stdin")
    parser.add_argument(
        "--scale",
        type=_scale,
        default=None,
        help="raw score scale: likertN, percent or LOW:HIGH (default: scores are in [0, 1])",
    )
    for criterion in ("viability", "desirability", "feasibility"):
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

    return read_any(args.file, scale=args.scale)


def format_table(portfolio: Portfolio, thresholds: Thresholds | None = None) -> str:
    """A plain-text table: name, the three scores, effort, region and innovation types."""
    rows = [("initiative", "viab.", "desir.", "feas.", "effort", "region", "innovation types")]
    for c, initiative in zip(portfolio.classify(thresholds), portfolio, strict=True):
        types = ", ".join(t.value for t in sorted(c.types, key=_type_order)) or "-"
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
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    numeric = {1, 2, 3, 4}
    lines = []
    for number, row in enumerate(rows):
        cells = [
            cell.rjust(widths[k]) if k in numeric and number else cell.ljust(widths[k])
            for k, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _type_order(t: object) -> int:
    from .intersections import InnovationType

    return list(InnovationType).index(t)  # type: ignore[arg-type]


def _cmd_classify(args: argparse.Namespace) -> int:
    portfolio = load(args)
    thresholds = thresholds_of(args)
    out: TextIO = sys.stdout
    if args.format == "text":
        print(format_table(portfolio, thresholds), file=out)
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
        json.dump({"initiatives": records}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        import csv

        writer = csv.writer(out, lineterminator="\n")
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


def _cmd_demo(args: argparse.Namespace) -> int:
    from .examples import example_portfolio

    portfolio = example_portfolio()
    print("Example portfolio: scores in [0, 1], thresholds 0.5, effort in person-weeks\n")
    print(format_table(portfolio))
    counts = portfolio.counts()
    print("\nRegions: " + ", ".join(f"{r.label} {n}" for r, n in counts.items() if n))
    return 0


def _save_chart(draw: Callable[[], object], out: str, figsize: tuple[float, float]) -> None:
    """Run ``draw`` on a fresh current figure and save it to ``out`` (format by extension)."""
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=figsize, layout="constrained")
    try:
        draw()
        figure.savefig(out, dpi=150)
    finally:
        plt.close(figure)


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    from .sensitivity import sensitivity

    report = sensitivity(
        load(args),
        noise=args.noise,
        samples=args.samples,
        seed=args.seed,
        thresholds=thresholds_of(args),
        stability=args.stability,
    )
    if args.format == "json":
        json.dump(report.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(report)
    if args.chart:
        from .sensitivity_plots import plot_sensitivity

        rows = max(min(len(report.names), 30), 1)
        _save_chart(lambda: plot_sensitivity(report), args.chart, (10, 1.2 + 0.32 * rows))
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .sensitivity import threshold_sweep

    sweep = threshold_sweep(
        load(args), lens=args.lens, steps=args.steps, thresholds=thresholds_of(args)
    )
    if args.format == "json":
        json.dump(sweep.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(sweep)
    if args.chart:
        from matplotlib import pyplot as plt

        from .sensitivity_plots import plot_threshold_sweep

        n = len(sweep.lenses)
        _save_chart(
            lambda: plot_threshold_sweep(
                sweep, ax=list(plt.gcf().subplots(1, n, squeeze=False)[0])
            ),
            args.chart,
            (4.2 * n + 2, 3.6),
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
    classify_cmd.add_argument("--format", choices=("text", "json", "csv"), default="text")
    classify_cmd.set_defaults(handler=_cmd_classify)

    sensitivity_cmd = commands.add_parser(
        "sensitivity",
        help="how often each classification holds when the scores are uncertain",
    )
    add_input_options(sensitivity_cmd)
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
    sensitivity_cmd.add_argument("--format", choices=("text", "json"), default="text")
    sensitivity_cmd.add_argument(
        "--chart", metavar="OUT", default=None, help="also write the chart (png, svg, pdf)"
    )
    sensitivity_cmd.set_defaults(handler=_cmd_sensitivity)

    sweep_cmd = commands.add_parser(
        "sweep", help="region counts and process share as each threshold moves from 0 to 1"
    )
    add_input_options(sweep_cmd)
    sweep_cmd.add_argument(
        "--lens",
        choices=("viability", "desirability", "feasibility", "business", "people", "technology"),
        default=None,
        help="sweep only this threshold (default: all three, one at a time)",
    )
    sweep_cmd.add_argument(
        "--steps", type=int, default=21, metavar="N", help="threshold values (default 21)"
    )
    sweep_cmd.add_argument("--format", choices=("text", "json"), default="text")
    sweep_cmd.add_argument(
        "--chart", metavar="OUT", default=None, help="also write the chart (png, svg, pdf)"
    )
    sweep_cmd.set_defaults(handler=_cmd_sweep)
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
