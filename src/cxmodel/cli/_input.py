"""Reading a subcommand's input files: the file options applied, the reading explained.

The library's warnings (a CSV read as Windows-1252, say) and the scales a file's
headers declare are told on standard error, one line each, so standard output
stays the result alone.
"""

from __future__ import annotations

import argparse
import contextlib
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..exceptions import CxModelWarning
from ..model import CRITERIA, Scale
from ..portfolio import Portfolio
from ._emit import note

if TYPE_CHECKING:
    from ..io import LoadedFile

__all__ = ["columns_of", "library_notes", "load", "read_portfolio", "scale_notes"]


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
