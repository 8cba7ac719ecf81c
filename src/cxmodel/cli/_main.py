"""``build_parser`` and ``main``: the parser made from ``COMMANDS``, and the exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..exceptions import CxModelError
from ._command import Command
from ._emit import clean
from ._options import HelpFormatter, OptionError, resolve
from .commands import COMMANDS

__all__ = ["build_parser", "main"]


class _Version(argparse.Action):
    """``--version``: the installed version, read from the package metadata only when asked
    (loading the metadata machinery costs every other run a thirtieth of a second)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from .. import __version__

        print(f"cxmodel {__version__}")  # on standard output, as argparse's version action
        parser.exit()


def build_parser(commands: Sequence[Command] = COMMANDS) -> argparse.ArgumentParser:
    """The argument parser of ``cxmodel``: one subparser per :class:`Command`.

    Examples
    --------
    >>> from cxmodel.cli import build_parser
    >>> args = build_parser().parse_args(["classify", "ideas.csv", "--format", "csv"])
    >>> args.command_name, args.file, args.format
    ('classify', 'ideas.csv', 'csv')
    """
    parser = argparse.ArgumentParser(
        prog="cxmodel",
        description="Score initiatives through the business-people-technology model of "
        "customer experience.",
        epilog="Exit status: 0 success; 1 findings (check) or no feasible plan (select, "
        "schedule); 2 bad input or usage.  'cxmodel COMMAND --help' lists its options.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    subparsers = parser.add_subparsers(
        dest="command_name", metavar="COMMAND", required=True, title="commands"
    )
    for command in commands:
        sub = subparsers.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            formatter_class=HelpFormatter,
        )
        command.add_arguments(sub)
        sub.set_defaults(cx_command=command, cx_parser=sub)
    return parser


def one_line(error: BaseException) -> str:
    """The message of ``error`` as one line (a missing file named plainly).

    Examples
    --------
    >>> from cxmodel.cli._main import one_line
    >>> one_line(FileNotFoundError(2, "No such file or directory", "ideas.csv"))
    'no such file: ideas.csv'
    >>> one_line(ValueError("two\\nlines"))
    'two lines'
    """
    if isinstance(error, FileNotFoundError) and error.filename:
        return f"no such file: {error.filename}"
    if isinstance(error, IsADirectoryError) and error.filename:
        return f"is a directory, not a file: {error.filename}"
    if isinstance(error, OSError) and error.filename:
        return f"{error.strerror or error}: {error.filename}"
    return " ".join(str(error).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    0 on success (``check``: balanced), 1 when ``check`` finds a warning or
    ``select`` or ``schedule`` finds no feasible plan, 2 on bad input or usage:
    one line on standard error (after the usage, for a bad option), never a
    traceback.

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
        return exit_.code if isinstance(exit_.code, int) else 2 if exit_.code else 0
    command: Command = args.cx_command
    try:
        resolve(args)
        return command.run(args)
    except OptionError as error:  # an option that cannot be used: the usage, and why
        sub: argparse.ArgumentParser = args.cx_parser
        sub.print_usage(sys.stderr)
        print(clean(f"{sub.prog}: error: {one_line(error)}"), file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of the input. Point stdout
        # at devnull so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (CxModelError, OSError) as error:
        message = clean(f"cxmodel {command.name}: error: {one_line(error)}")
        print(message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
