"""The subcommand that writes the team's own sheet back, annotated: annotate."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from ...exceptions import FieldError
from .._command import Command
from .._emit import note
from .._input import columns_of, library_notes, scale_notes
from .._options import (
    add_input_options,
    add_output_option,
    add_policy_options,
)

__all__ = ["ANNOTATE"]

#: What ``annotate -o`` writes, by extension.
ANNOTATE_FORMATS = ("csv", "xlsx")


def _annotate_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_options(parser)
    add_output_option(
        parser,
        "the annotated sheet: .csv or .xlsx (default: CSV on standard output)",
        required=False,
    )
    add_policy_options(parser)


def _annotate(args: argparse.Namespace) -> int:
    from ...annotation import annotate_file

    destination: object = io.StringIO()  # standard output: the text, without a BOM
    kind = "csv"
    if args.output is not None and args.output != "-":
        kind = Path(args.output).suffix.lower().lstrip(".")
        if kind not in ANNOTATE_FORMATS:
            raise FieldError("output", args.output, "must end in .csv or .xlsx")
        destination = args.output
    with library_notes(args):
        loaded = annotate_file(
            args.file,
            destination,  # type: ignore[arg-type]
            kind=kind,
            sheet=args.sheet,
            encoding=args.encoding,
            scale=args.scale,
            columns=columns_of(args),
            thresholds=args.thresholds,
            policy=args.policy,
        )
    if isinstance(destination, io.StringIO):
        sys.stdout.write(destination.getvalue().lstrip("\ufeff"))
    scale_notes(args, loaded, args.scale)
    if not isinstance(destination, io.StringIO):
        count = len(loaded.portfolio)
        note(args, f"{count} initiatives annotated, written to {args.output}")
    return 0


ANNOTATE = Command(
    "annotate",
    "write the sheet back with region, innovation types and feature bloat added",
    _annotate_arguments,
    _annotate,
    description="Read a CSV, JSON or Excel sheet and write it back with four columns "
    "added: region, innovation_types, primary_type and feature_bloat.  Every original "
    "column and row stays as it was, in its order.",
)
