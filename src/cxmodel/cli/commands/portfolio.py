"""Subcommands about one portfolio: demo, classify, check, roadmap, chart, schema."""

from __future__ import annotations

import argparse
from typing import Any

from ...intersections import InnovationType
from ...model import Thresholds
from ...payloads import PAYLOAD_KINDS, payload_schema
from ...portfolio import Portfolio
from .._command import Command
from .._emit import cell, check_chart, emit, print_text, save_chart
from .._input import load
from .._options import (
    OptionError,
    add_chart_option,
    add_format_option,
    add_input_options,
    add_output_option,
    add_policy_options,
    add_scale_option,
)

__all__ = ["CHART", "CHECK", "CLASSIFY", "DEMO", "ROADMAP", "SCHEMA", "classification_table"]


def _types(types: frozenset[InnovationType]) -> list[str]:
    return [t.value for t in InnovationType if t in types]


def classification_table(portfolio: Portfolio, thresholds: Thresholds | None = None) -> str:
    """A plain-text table: name, the three scores, effort, region and innovation types.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.cli.commands.portfolio import classification_table
    >>> print(classification_table(cx.Portfolio([cx.Initiative("Bot", 0.8, 0.2, 0.9)])))
    initiative  viab.  desir.  feas.  effort  region              innovation types
    ----------  -----  ------  -----  ------  ------------------  ----------------
    Bot          0.80    0.20   0.90       1  Process innovation  process
    """
    from ..._text import text_table

    rows = [("initiative", "viab.", "desir.", "feas.", "effort", "region", "innovation types")]
    for c, initiative in zip(portfolio.classify(thresholds), portfolio, strict=True):
        rows.append(
            (
                cell(initiative.name),
                f"{initiative.viability:.2f}",
                f"{initiative.desirability:.2f}",
                f"{initiative.feasibility:.2f}",
                f"{initiative.effort:g}",
                c.region.label,
                ", ".join(_types(c.types)) or "-",
            )
        )
    return text_table(rows, right={1, 2, 3, 4})  # the scores and the effort


# --- demo ------------------------------------------------------------------------------------


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    add_chart_option(parser, "the Venn chart", default="cxmodel-demo.png")
    parser.add_argument(
        "--report",
        metavar="OUT",
        default=None,
        help="also write a report to share: .html, .pptx or .xlsx (default: no report)",
    )


def _demo(args: argparse.Namespace) -> int:
    from ...balance import check_balance
    from ...examples import example_portfolio

    check_chart(args.chart)
    if args.report is not None:
        from ...outputs import report_format

        report_format(args.report)
    portfolio = example_portfolio()
    print_text("Example portfolio: scores in [0, 1], thresholds 0.5, effort in person-weeks\n")
    print_text(classification_table(portfolio))
    counts = portfolio.counts()
    print_text("\nRegions: " + ", ".join(f"{r.label} {n}" for r, n in counts.items() if n))
    print_text("")
    print_text(str(check_balance(portfolio, warn=False)))
    from ...plotting import save_chart as save

    written = save(portfolio, args.chart, kind="venn", title="Example portfolio")
    print_text(f"\nVenn chart written to {written}")
    if args.report is not None:
        from ...outputs import write_report

        report = write_report(portfolio, args.report, title="Example portfolio")
        print_text(f"Report written to {report}")
    return 0


DEMO = Command(
    "demo",
    "run on the embedded example portfolio: table, balance report, Venn chart",
    _demo_arguments,
    _demo,
    description="Classify the example portfolio drawn from the source's own examples, "
    "print its table and balance report, and write its Venn chart (and, with --report, "
    "a report to share).",
)


# --- classify --------------------------------------------------------------------------------


def _classify_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_format_option(parser, "csv")


def _classify(args: argparse.Namespace) -> int:
    portfolio = load(args)
    classes = portfolio.classify(args.thresholds)

    def document() -> dict[str, Any]:
        records = [
            {
                "name": c.name,
                **c.scores,
                "region": c.region.name,
                "types": sorted(t.value for t in c.types),
                "primary": c.primary.value if c.primary else None,
                "explanation": c.explain(),
            }
            for c in classes
        ]
        return {"initiatives": records}

    def rows() -> list[list[object]]:
        header: list[object] = ["name", "viability", "desirability", "feasibility"]
        table = [[*header, "region", "types"]]
        for c in classes:
            scores = [float(v) for v in c.scores.values()]
            types = ";".join(sorted(t.value for t in c.types))
            table.append([c.name, *scores, c.region.name, types])
        return table

    emit(
        args,
        text=lambda: classification_table(portfolio, args.thresholds),
        document=document,
        rows=rows,
    )
    return 0


CLASSIFY = Command(
    "classify",
    "region and innovation types of each initiative",
    _classify_arguments,
    _classify,
    description="Classify every initiative: which lenses pass, its region of the Venn "
    "diagram and its kinds of innovation (emotional, process, functional).",
)


# --- check -----------------------------------------------------------------------------------


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_policy_options(parser)
    add_format_option(parser)


def _check(args: argparse.Namespace) -> int:
    from ...balance import check_balance

    portfolio = load(args)
    report = check_balance(portfolio, args.policy, thresholds=args.thresholds, warn=False)
    emit(args, text=lambda: str(report), document=report.to_dict)
    return 0 if report.ok else 1


CHECK = Command(
    "check",
    "is the innovation balanced? exit 0 balanced, 1 warnings, 2 bad input",
    _check_arguments,
    _check,
    description="Check the balance of a portfolio's innovation: process skew, feature "
    "bloat and notes.  Exit status 0 when balanced, 1 when there are warnings (exactly "
    "when the report is not ok), 2 on bad input.",
)


# --- roadmap ---------------------------------------------------------------------------------


def _roadmap_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_policy_options(parser)
    add_format_option(parser, "csv")


def _roadmap(args: argparse.Namespace) -> int:
    from ...planning import roadmap

    plan = roadmap(load(args), thresholds=args.thresholds, policy=args.policy)

    def rows() -> list[list[object]]:
        critical = set(plan.critical_path)
        table: list[list[object]] = [["name", "phase", "critical_path"]]
        for number, phase in enumerate(plan.phases, start=1):
            table += [[name, number, name in critical] for name in phase]
        return table

    emit(args, text=lambda: str(plan), document=plan.to_dict, rows=rows)
    return 0


ROADMAP = Command(
    "roadmap",
    "phases that respect the dependencies, their balance and the critical path",
    _roadmap_arguments,
    _roadmap,
    description="Cut the portfolio into phases (each initiative in the earliest phase its "
    "depends_on allow), check the balance of every phase and find the critical path, the "
    "chain of dependencies with the greatest total effort.  Exit status 2 on bad input, an "
    "unknown dependency or a dependency cycle.",
)


# --- chart -----------------------------------------------------------------------------------


def _chart_arguments(parser: argparse.ArgumentParser) -> None:
    from ...plotting import KINDS

    add_input_options(parser)
    add_output_option(parser, "the file to write: .png, .svg or .pdf", required=True)
    parser.add_argument("--kind", choices=KINDS, default="venn", help="which chart to draw")
    parser.add_argument("--title", default=None, help="chart title (default: automatic)")
    add_policy_options(parser)


def _chart(args: argparse.Namespace) -> int:
    check_chart(args.output)
    args.chart = args.output
    save_chart(args, load(args), args.kind, title=args.title)
    return 0


CHART = Command(
    "chart",
    "draw a chart of a portfolio to PNG, SVG or PDF",
    _chart_arguments,
    _chart,
    description="Draw the Venn diagram (default), the 2x2 score matrix, the innovation "
    "balance bars, the roadmap or another chart of a portfolio; the format follows OUT's "
    "extension.",
)


# --- schema ----------------------------------------------------------------------------------


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        metavar="KIND",
        choices=("portfolio", *PAYLOAD_KINDS),
        default="portfolio",
        help="which schema: portfolio (the JSON input format) or the to_dict() payload of "
        f"{', '.join(PAYLOAD_KINDS)}",
    )
    add_scale_option(parser, "the documents (with --output portfolio only)")


def _schema(args: argparse.Namespace) -> int:
    from .._emit import write_json

    if args.output == "portfolio":
        from ...io import portfolio_schema

        write_json(portfolio_schema(scale=args.scale))
        return 0
    if args.scale is not None:
        raise OptionError(
            f"argument --scale: applies to --output portfolio only, not {args.output}"
        )
    write_json(payload_schema(args.output))
    return 0


SCHEMA = Command(
    "schema",
    "print the JSON Schema of the input format or of a JSON payload",
    _schema_arguments,
    _schema,
    description="Print the JSON Schema (draft 2020-12) of the JSON input format (default), or "
    "with --output KIND that of a result's to_dict() payload: what check, roadmap, "
    "sensitivity, sweep, select, schedule and compare print with --format json.",
)
