"""``Command``: one subcommand of ``cxmodel`` -- its name, help, options and what it runs."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

import attrs

from ..exceptions import FieldError

__all__ = ["Command"]

_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


def _check_name(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise FieldError("Command.name", value, "must be a lower-case word")


def _check_help(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(f"Command.{attribute.name}", value, "must be a non-empty str")


@attrs.frozen
class Command:
    """One subcommand: ``cxmodel NAME ...``.

    Parameters
    ----------
    name : str
        What the user types, e.g. ``"check"``.
    help : str
        The one line ``cxmodel --help`` shows beside the name.
    add_arguments : callable
        ``add_arguments(parser)`` declares the subcommand's arguments, mostly
        through the shared option groups of ``cxmodel.cli._options``.
    run : callable
        ``run(args) -> exit status``, given the parsed arguments.  It may raise
        :class:`~cxmodel.CxModelError` or :class:`OSError`; :func:`~cxmodel.cli.main`
        turns either into one line on standard error and exit status 2.
    description : str, optional
        The longer text of ``cxmodel NAME --help``; by default ``help``.

    Examples
    --------
    >>> from cxmodel.cli import Command
    >>> hello = Command("hello", "say hello", lambda parser: None, lambda args: 0)
    >>> hello.name, hello.description
    ('hello', 'say hello')
    >>> Command("Hello!", "say hello", print, print)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: Command.name must be a lower-case word, got 'Hello!'
    """

    name: str = attrs.field(validator=_check_name)
    help: str = attrs.field(validator=_check_help)
    add_arguments: Callable[[argparse.ArgumentParser], None] = attrs.field(
        validator=attrs.validators.is_callable()
    )
    run: Callable[[argparse.Namespace], int] = attrs.field(
        validator=attrs.validators.is_callable()
    )
    description: str = attrs.field(
        default=attrs.Factory(lambda self: self.help, takes_self=True), validator=_check_help
    )
