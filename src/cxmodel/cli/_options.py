"""The option groups subcommands share, declared once: input, thresholds, policy, format, chart.

The values are parsed by ``cxmodel.cli._types`` and the files read by
``cxmodel.cli._input``.

Each ``add_*`` function declares a group on a subcommand's parser; :func:`resolve`
turns the parsed values into the library's objects (``args.thresholds``,
``args.policy``) once every option is known -- a threshold is written on the
``--scale`` of the input, so it can only be read after ``--scale``.
"""

from __future__ import annotations

import argparse

from ..exceptions import CxModelError
from ..model import CRITERIA, Scale, Thresholds
from ..policy import BalancePolicy
from ._types import Mark, column, columns_file, scale_of, unit

__all__ = [
    "HelpFormatter",
    "OptionError",
    "add_chart_option",
    "add_column_option",
    "add_file_options",
    "add_format_option",
    "add_input_options",
    "add_output_option",
    "add_policy_options",
    "add_scale_option",
    "add_threshold_options",
    "resolve",
]

#: The balance-policy fields that are options, in the order ``--help`` lists them.
POLICY_FIELDS = ("max_process_share", "bloat_feasibility", "bloat_gap", "weight")


class OptionError(CxModelError, ValueError):
    """An option's value cannot be used; :func:`~cxmodel.cli.main` shows the usage with it."""


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows every real default (``(default: 0.5)``); ``None`` and ``False`` need no mention.

    An option whose default is ``None`` says in its own help what happens without it.
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if "default" in text or default is None or default is False or default == []:
            return text
        if default is argparse.SUPPRESS:
            return text
        return super()._get_help_string(action)


# --- option groups -------------------------------------------------------------------------


def add_scale_option(
    parser: argparse.ArgumentParser,
    what: str = "the file",
    default: str = "scores are in [0, 1], written as percents, or on the scale a header declares",
) -> None:
    """``--scale``: the raw score scale of the input (or of what is written)."""
    parser.add_argument(
        "--scale",
        type=scale_of,
        default=None,
        help=f"score scale of {what}: likertN (e.g. likert5), percent or LOW:HIGH "
        f"(e.g. 0:10); default: {default}",
    )


def add_column_option(parser: argparse.ArgumentParser, what: str = "the file") -> None:
    """``--column HEADER=FIELD`` (repeatable): a file's own header read as a field."""
    parser.add_argument(
        "--column",
        type=column,
        action="append",
        default=None,
        metavar="HEADER=FIELD",
        help=f"read the column HEADER of {what} as FIELD, e.g. --column 'Idea=name' "
        "(repeatable; default: headers are matched to fields by name)",
    )


def add_threshold_options(parser: argparse.ArgumentParser) -> None:
    """``--viability-threshold`` and its two siblings, written on ``--scale`` when given."""
    group = parser.add_argument_group(
        "thresholds",
        "A lens passes when its score is >= its threshold.  T is on the --scale when "
        "one is given (--scale likert5 --desirability-threshold 4), else in [0, 1]; "
        "a percent (70%) is always of the whole scale.",
    )
    for criterion in CRITERIA:
        group.add_argument(
            f"--{criterion}-threshold",
            type=Mark.parse,
            default=None,
            metavar="T",
            help=f"{criterion} passes at >= T (default: the middle of the scale, 0.5)",
        )


def add_file_options(
    parser: argparse.ArgumentParser, what: str = "the file", *, scale: bool = True
) -> None:
    """How to read a file: ``--scale``, ``--column(s)``, ``--sheet`` and ``--encoding``."""
    if scale:
        add_scale_option(parser, what)
    add_column_option(parser, what)
    parser.add_argument(
        "--columns",
        type=columns_file,
        default=None,
        metavar="FILE",
        help=f"read the headers of {what} as the fields a JSON or TOML table (or a CSV of "
        "HEADER,FIELD lines) maps them to; --column wins over it (default: none)",
    )
    parser.add_argument(
        "--sheet",
        default=None,
        metavar="NAME",
        help="the worksheet of a workbook to read (default: the first sheet whose header "
        "row holds the required fields)",
    )
    parser.add_argument(
        "--encoding",
        default=None,
        metavar="ENC",
        help="the text encoding of a CSV file, e.g. cp1252 (default: UTF-8, else "
        "Windows-1252 with a note)",
    )


def add_input_options(parser: argparse.ArgumentParser, *, thresholds: bool = True) -> None:
    """FILE, how to read it, and the threshold options: the input of a subcommand."""
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the portfolio: a CSV, JSON or Excel (.xlsx) file; '-' reads standard input",
    )
    add_file_options(parser)
    if thresholds:
        add_threshold_options(parser)


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    """The :class:`~cxmodel.BalancePolicy` options; their defaults are the policy's own."""
    default = BalancePolicy()
    group = parser.add_argument_group("balance policy")
    group.add_argument(
        "--max-process-share",
        type=unit,
        default=default.max_process_share,
        metavar="X",
        help="process skew when process innovation takes more than X of the innovation weight",
    )
    group.add_argument(
        "--bloat-feasibility",
        type=unit,
        default=default.bloat_feasibility,
        metavar="X",
        help="feature-bloat candidates have feasibility >= X",
    )
    group.add_argument(
        "--bloat-gap",
        type=unit,
        default=default.bloat_gap,
        metavar="X",
        help="... and feasibility - desirability >= X",
    )
    group.add_argument(
        "--weight",
        choices=("effort", "count"),
        default=default.weight,
        help="weigh initiatives by their effort, or count them",
    )
    group.add_argument(
        "--min-balance-index",
        type=unit,
        default=default.min_balance_index,
        metavar="X",
        help="note a balance index below X",
    )
    group.add_argument(
        "--fail-on",
        action="append",
        default=None,
        metavar="CODE",
        help="treat this info finding (e.g. no-emotional) as a warning; repeatable "
        "(default: only process-skew and feature-bloat are warnings)",
    )


def add_format_option(parser: argparse.ArgumentParser, *extra: str) -> None:
    """``--format text|json`` (plus ``extra`` choices, e.g. ``"csv"``)."""
    parser.add_argument(
        "--format",
        choices=("text", "json", *extra),
        default="text",
        help="text for people, " + ("JSON or CSV" if extra else "JSON") + " for other tools",
    )


def add_chart_option(
    parser: argparse.ArgumentParser, what: str = "the chart", default: str | None = None
) -> None:
    """``--chart OUT``: also draw ``what`` to OUT (png, svg or pdf, by its extension)."""
    parser.add_argument(
        "--chart",
        metavar="OUT",
        default=default,
        help=f"also write {what} to OUT: .png, .svg or .pdf"
        + ("" if default else " (default: no chart)"),
    )


def add_progress_option(parser: argparse.ArgumentParser) -> None:
    """``--quiet``: no progress bar (one shows on stderr only when it is a terminal)."""
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar on standard error (one shows only when it is a terminal)",
    )


def add_output_option(parser: argparse.ArgumentParser, what: str, *, required: bool) -> None:
    """``-o/--output OUT``: the file a subcommand writes."""
    parser.add_argument(
        "-o", "--output", metavar="OUT", required=required, default=None, help=what
    )


# --- parsed values -> library objects ------------------------------------------------------


def _thresholds(args: argparse.Namespace) -> Thresholds:
    scale: Scale | None = getattr(args, "scale", None)
    values: dict[str, float] = {}
    for criterion in CRITERIA:
        mark: Mark | None = getattr(args, f"{criterion}_threshold")
        if mark is None:
            continue
        value = mark.normalised(scale)
        if not 0.0 <= value <= 1.0:
            option = f"argument --{criterion}-threshold: {mark.text!r}"
            if mark.percent:
                raise OptionError(f"{option} is not in 0% to 100%")
            if scale is None:
                raise OptionError(f"{option} must be in [0, 1] (or a percent such as 70%)")
            raise OptionError(
                f"{option} is outside the scale {scale.low:g} to {scale.high:g}: write the "
                "threshold on the scale of --scale, or as a percent such as 70%"
            )
        values[criterion] = value
    return Thresholds(**values)


def _policy(args: argparse.Namespace) -> BalancePolicy:
    options = {field: getattr(args, field) for field in POLICY_FIELDS}
    try:
        return BalancePolicy(
            **options, min_balance_index=args.min_balance_index, escalate=args.fail_on or ()
        )
    except CxModelError as error:
        raise OptionError(str(error)) from None


def resolve(args: argparse.Namespace) -> None:
    """Set ``args.thresholds`` and ``args.policy`` from the options the subcommand has.

    Raises
    ------
    OptionError
        A threshold outside its scale, or a policy the options cannot make.
    """
    if hasattr(args, "viability_threshold"):
        args.thresholds = _thresholds(args)
    if hasattr(args, "max_process_share"):
        args.policy = _policy(args)
