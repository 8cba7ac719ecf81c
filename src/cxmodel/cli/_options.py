"""The option groups subcommands share, declared once: input, thresholds, policy, format, chart.

Each ``add_*`` function declares a group on a subcommand's parser; :func:`resolve`
turns the parsed values into the library's objects (``args.thresholds``,
``args.policy``) once every option is known -- a threshold is written on the
``--scale`` of the input, so it can only be read after ``--scale``.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ..exceptions import CxModelError, CxModelWarning
from ..model import CRITERIA, Scale, Thresholds
from ..policy import BalancePolicy
from ..portfolio import Portfolio
from ._emit import note

if TYPE_CHECKING:
    from ..io import LoadedFile

__all__ = [
    "HelpFormatter",
    "Mark",
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
    "columns_of",
    "library_notes",
    "load",
    "number",
    "read_portfolio",
    "resolve",
    "scale_notes",
    "scale_of",
    "unit",
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


# --- argument types ------------------------------------------------------------------------

_RANGE = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(?::|\.\.|-|\u2013|to)\s*(-?\d+(?:\.\d+)?)\s*\Z")


def scale_of(text: str) -> Scale:
    """``likertN``, ``percent`` or ``LOW:HIGH`` (also ``LOW-HIGH``, ``LOW..HIGH``) -> a Scale.

    Examples
    --------
    >>> from cxmodel.cli._options import scale_of
    >>> scale_of("likert5"), scale_of("0:10"), scale_of("1-7")
    (Scale(low=1.0, high=5.0), Scale(low=0.0, high=10.0), Scale(low=1.0, high=7.0))
    """
    key = text.strip().lower()
    if key in ("percent", "%"):
        return Scale.percent()
    if key.startswith("likert") and key[6:].isdigit():
        try:
            return Scale.likert(int(key[6:]))
        except CxModelError as error:
            raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None
    found = _RANGE.match(key)
    if found:
        try:
            return Scale(float(found[1]), float(found[2]))
        except CxModelError as error:
            raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None
    raise argparse.ArgumentTypeError(
        f"scale {text!r}: use likertN (e.g. likert5), percent, or LOW:HIGH (e.g. 0:10)"
    )


def unit(text: str) -> float:
    """A number in [0, 1] (an option on the normalised score scale)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} must be in [0, 1]")
    return value


def number(text: str) -> float:
    """A number (``inf`` allowed); what range it needs is the library's to say."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


@attrs.frozen
class Mark:
    """A threshold as written: a number on the input's scale, or a percent of the scale."""

    text: str
    value: float
    percent: bool

    @classmethod
    def parse(cls, text: str) -> Mark:
        """``"4"`` or ``"70%"``; anything else is an :class:`argparse.ArgumentTypeError`."""
        body = text.strip()
        percent = body.endswith("%")
        try:
            value = float(body[:-1] if percent else body)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a number (or a percent such as 70%)"
            ) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
        return cls(text, value, percent)

    def normalised(self, scale: Scale | None) -> float:
        """The threshold in [0, 1]: a percent of 100, or the value on ``scale``."""
        if self.percent:
            return self.value / 100.0
        if scale is None:
            return self.value
        return (self.value - scale.low) / (scale.high - scale.low)  # as Scale.normalize


def _column(text: str) -> tuple[str, str]:
    """``HEADER=FIELD`` (the last ``=`` separates them, so headers may contain one)."""
    header, equals, field = text.rpartition("=")
    if not equals or not header.strip() or not field.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: use HEADER=FIELD, e.g. 'Idea=name'")
    return header, field.strip()


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
        type=_column,
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


def _columns_file(text: str) -> dict[str, str]:
    """``--columns FILE``: a JSON or TOML table, or a two-column CSV, of header -> field."""
    import json
    import tomllib

    path = Path(text)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise argparse.ArgumentTypeError(f"cannot read {text!r}: {error.strerror}") from None
    try:
        body = raw.decode("utf-8-sig")
        if path.suffix.lower() == ".toml":
            table: object = tomllib.loads(body)
        elif path.suffix.lower() == ".json" or body.lstrip().startswith("{"):
            table = json.loads(body)
        else:
            import csv
            import io

            rows = [row for row in csv.reader(io.StringIO(body)) if any(c.strip() for c in row)]
            if rows and [c.strip().lower() for c in rows[0][:2]] == ["header", "field"]:
                rows = rows[1:]
            if any(len(row) != 2 for row in rows):
                raise ValueError("each line must be HEADER,FIELD")
            table = dict(rows)
    except (UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError) as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise argparse.ArgumentTypeError(f"{text!r} must map each header to a field name")
    return {k: v.strip() for k, v in table.items()}


def add_file_options(
    parser: argparse.ArgumentParser, what: str = "the file", *, scale: bool = True
) -> None:
    """How to read a file: ``--scale``, ``--column(s)``, ``--sheet`` and ``--encoding``."""
    if scale:
        add_scale_option(parser, what)
    add_column_option(parser, what)
    parser.add_argument(
        "--columns",
        type=_columns_file,
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


def columns_of(args: argparse.Namespace) -> dict[str, str]:
    """The header -> field mapping of ``--columns FILE`` and every ``--column``."""
    mapping = dict(getattr(args, "columns", None) or {})
    mapping.update(dict(getattr(args, "column", None) or []))
    return mapping


@contextlib.contextmanager
def library_notes(args: argparse.Namespace) -> Iterator[None]:
    """Show the library's warnings raised inside the block as notes on standard error."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CxModelWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, CxModelWarning):
            note(args, str(warning.message))
        else:  # not ours to reword: pass it on as it came
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def scale_notes(args: argparse.Namespace, loaded: LoadedFile, scale: Scale | None) -> None:
    """Say on standard error which score scales the file's headers declared."""
    reading = loaded.reading
    if scale is not None or reading is None:
        return
    declared = [
        f"{m.header.strip()!r} on {m.scale.low:g} to {m.scale.high:g}"
        for m in reading.matches
        if m.scale is not None and m.field in CRITERIA
    ]
    if declared:
        note(args, f"{loaded.source}: scales from the headers: {'; '.join(declared)}")


def read_portfolio(args: argparse.Namespace, source: str, *, scaled: bool = True) -> Portfolio:
    """Read ``source`` (a path or ``-``) with the subcommand's file options.

    ``scaled=False`` ignores ``--scale`` (when it is the scale of what is written).
    The library's warnings, and the scales the headers declare, become notes on
    standard error.
    """
    from ..io import load_file

    scale = getattr(args, "scale", None) if scaled else None
    with library_notes(args):
        loaded = load_file(
            source,
            scale=scale,
            columns=columns_of(args),
            sheet=getattr(args, "sheet", None),
            encoding=getattr(args, "encoding", None),
        )
    scale_notes(args, loaded, scale)
    return loaded.portfolio


def load(args: argparse.Namespace) -> Portfolio:
    """Read the subcommand's FILE with its file options (``--scale``, ``--column`` ...)."""
    return read_portfolio(args, args.file)
