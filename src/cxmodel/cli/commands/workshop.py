"""Subcommands of a scoring workshop: template (sheets to fill in) and workshop (combine them)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._text import pct, plural, quoted
from ...exceptions import FieldError
from .._command import Command
from .._emit import check_chart, emit, note, save_chart
from .._input import library_notes, read_portfolio
from .._options import (
    OptionError,
    add_chart_option,
    add_file_options,
    add_format_option,
    add_output_option,
    add_policy_options,
    add_progress_option,
    add_scale_option,
    add_threshold_options,
)
from .._types import count

if TYPE_CHECKING:
    from ...rubric import Rubric
    from ...uncertainty import SensitivityReport

__all__ = ["TEMPLATE", "WORKSHOP", "stability_text"]

#: What ``workshop -o`` writes, by extension.
SCORES_FORMATS = ("csv", "json", "xlsx")


def _rubric(args: argparse.Namespace) -> Rubric | None:
    if args.rubric is None:
        return None
    from ...rubric import Rubric

    return Rubric.from_file(args.rubric)


def _suffix(path: str, formats: tuple[str, ...], what: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        ends = f".{formats[-1]}"
        if len(formats) > 1:
            ends = "." + ", .".join(formats[:-1]) + f" or {ends}"
        raise FieldError(what, path, f"must end in {ends}")
    return suffix


# --- workshop --------------------------------------------------------------------------------


def stability_text(report: SensitivityReport) -> str:
    """How the classification holds up when every score moves by the raters' own spread.

    Examples
    --------
    >>> from cxmodel.cli.commands.workshop import stability_text
    >>> from cxmodel.uncertainty import sensitivity
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([cx.Initiative("App", 0.9, 0.9, 0.9)])
    >>> print(stability_text(sensitivity(p, noise=0.0, samples=10, seed=0)))
    Stability under the raters' disagreement (10 samples, seed 0): 1 of 1 initiative keeps its
      region in at least 80% of the samples.
    """
    n = len(report.names)
    stable = int(report.stable.sum())
    keeps = "keeps its" if stable == 1 else "keep their"
    lines = [
        f"Stability under the raters' disagreement ({report.samples} samples, seed "
        f"{report.seed}): {stable} of {plural(n, 'initiative')} {keeps}",
        f"  region in at least {pct(report.stability)} of the samples.",
    ]
    stay = dict(zip(report.names, report.stay_probabilities, strict=True))
    if report.fragile:
        named = ", ".join(f"{quoted([name])} {pct(stay[name])}" for name in report.fragile)
        lines.append(f"Fragile (how often each stays in its region): {named}")
    findings = {code: p for code, p in report.finding_probabilities.items() if p > 0}
    if findings:
        lines.append(
            "Findings in the samples: "
            + ", ".join(f"{code} {pct(p)}" for code, p in findings.items())
        )
    return "\n".join(lines)


def _workshop_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ratings",
        metavar="RATINGS",
        nargs="+",
        help="rating files (.csv or .xlsx): columns rater, initiative, criterion, score "
        "(+ effort, confidence); several files are combined",
    )
    parser.add_argument(
        "--rubric",
        metavar="FILE",
        default=None,
        help="the rubric (TOML, JSON or YAML) whose question keys the criterion column uses "
        "(default: criteria are the three scores, or the default rubric's questions)",
    )
    add_scale_option(
        parser, "the ratings", "the range the score header declares, else the rubric's, else 1-5"
    )
    parser.add_argument(
        "--method",
        choices=("mean", "median", "trimmed"),
        default="mean",
        help="how the raters' scores are combined (trimmed: without the highest and the "
        "lowest when there are 4 or more)",
    )
    add_output_option(
        parser,
        "also write the aggregated portfolio: .csv, .json or .xlsx (default: no file)",
        required=False,
    )
    add_threshold_options(parser)
    add_policy_options(parser)
    parser.add_argument(
        "--samples",
        type=count,
        default=1000,
        metavar="N",
        help="scenarios of the stability check",
    )
    parser.add_argument(
        "--seed", type=count, default=0, metavar="S", help="random seed of the stability check"
    )
    add_format_option(parser)
    add_chart_option(parser, "the chart of every rater's scores")
    parser.add_argument(
        "--report",
        metavar="OUT",
        default=None,
        help="also write the HTML report of the aggregated portfolio, with the workshop "
        "section (agreement, what to discuss, every rating), to OUT (.html)",
    )
    add_progress_option(parser)


def _write_scores(workshop: Any, out: str) -> Path:
    kind = _suffix(out, SCORES_FORMATS, "output")
    portfolio = workshop.portfolio
    if kind == "csv":
        portfolio.to_csv(out)
    elif kind == "json":
        portfolio.to_json(out)
    else:
        portfolio.to_excel(out)
    return Path(out)


def _workshop(args: argparse.Namespace) -> int:
    from ...uncertainty import sensitivity
    from ...workshop import aggregate_ratings

    check_chart(args.chart)
    if args.output is not None:
        _suffix(args.output, SCORES_FORMATS, "output")
    if args.report is not None:
        _suffix(args.report, ("html",), "report")
    with library_notes(args):  # e.g. a ratings file read as Windows-1252
        workshop = aggregate_ratings(
            args.ratings[0] if len(args.ratings) == 1 else list(args.ratings),
            rubric=_rubric(args),
            scale=args.scale,
            method=args.method,
        )
    report = sensitivity(
        workshop.portfolio,
        noise=workshop.noise,
        samples=args.samples,
        seed=args.seed,
        thresholds=args.thresholds,
        policy=args.policy,
        progress=not args.quiet,
    )
    emit(
        args,
        text=lambda: f"{workshop}\n\n{stability_text(report)}",
        document=lambda: {"workshop": workshop.to_dict(), "stability": report.to_dict()},
    )
    if args.output is not None:
        note(args, f"aggregated scores written to {_write_scores(workshop, args.output)}")
    save_chart(args, workshop, "ratings")
    if args.report is not None:
        from ...outputs.report import write_report

        written = write_report(
            workshop.portfolio,
            args.report,
            thresholds=args.thresholds,
            policy=args.policy,
            workshop=workshop,
        )
        note(args, f"report written to {written}")
    return 0


WORKSHOP = Command(
    "workshop",
    "combine the ratings of a scoring workshop: scores, agreement, what to discuss",
    _workshop_arguments,
    _workshop,
    description="Combine every rater's scores into one portfolio; print the aggregated "
    "scores with the raters' spread, their agreement (Krippendorff's alpha), the ratings "
    "to discuss, and how stable each classification is when the scores move by the "
    "raters' own disagreement.",
)


# --- template --------------------------------------------------------------------------------


def _template_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        default=None,
        help="the portfolio to rate (CSV, JSON or .xlsx; '-' for stdin); without it, a blank "
        "ideas sheet to start a portfolio from",
    )
    add_output_option(
        parser,
        "the sheet to write: .xlsx (a workbook, one sheet per rater, with instructions) or .csv",
        required=True,
    )
    parser.add_argument(
        "--raters",
        metavar="NAMES",
        default=None,
        help="the raters, separated by commas, e.g. 'Ann,Bo' (required with FILE)",
    )
    parser.add_argument(
        "--rubric",
        metavar="FILE",
        default=None,
        help="the questions to rate, a TOML, JSON or YAML rubric (default: three per lens)",
    )
    add_scale_option(parser, "the sheet to write", "the rubric's scale, else 1-5")
    add_file_options(parser, scale=False)


def _template(args: argparse.Namespace) -> int:
    if args.file is None:
        from ...outputs.ideas_template import write_ideas_template

        if args.raters is not None or args.rubric is not None:
            option = "--raters" if args.raters is not None else "--rubric"
            raise OptionError(f"{option} needs FILE, the portfolio to rate")
        written = write_ideas_template(args.output, scale=args.scale)
        note(args, f"ideas sheet written to {written}")
        return 0
    from ...workshop_template import write_ratings_template

    if args.raters is None:
        raise OptionError("--raters is required with FILE: who rates, e.g. --raters 'Ann,Bo'")
    _suffix(args.output, ("csv", "xlsx"), "output")
    portfolio = read_portfolio(args, args.file, scaled=False)
    raters = [name.strip() for name in args.raters.split(",") if name.strip()]
    written = write_ratings_template(
        portfolio, args.output, raters=raters, rubric=_rubric(args), scale=args.scale
    )
    note(args, f"rating sheet written to {written}")
    return 0


TEMPLATE = Command(
    "template",
    "write a sheet to fill in: ratings for a workshop, or a blank ideas sheet",
    _template_arguments,
    _template,
    description="With FILE: a rating sheet for every rater (--raters) and every rubric "
    "question of every initiative in FILE, which 'cxmodel workshop' reads back.  Without "
    "FILE: a blank ideas sheet (the headers, one example row and, in a workbook, "
    "instructions) to start a portfolio from.",
)
