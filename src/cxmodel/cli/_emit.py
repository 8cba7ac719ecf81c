"""The one emitter of the command line: text, JSON and CSV on stdout, notes, and charts.

Everything a subcommand prints goes through here, so every output is made safe
the same way:

* text: control characters (terminal escape sequences, bidi overrides) in
  names are shown escaped (``\\x1b``), so a name cannot drive the terminal;
* JSON: one indented UTF-8 document (C1 controls and bidi overrides escaped as
  ``\\uXXXX``, which JSON reads back as the same text);
* CSV: text cells that a spreadsheet would run as a formula (``= + - @``) get a
  leading apostrophe, as :meth:`~cxmodel.Portfolio.to_csv` does; numbers stay numbers.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "cell",
    "check_chart",
    "clean",
    "emit",
    "neutralise",
    "note",
    "print_text",
    "save_chart",
    "write_csv",
    "write_json",
]

# C0 controls but newline, DEL, C1 controls, bidi embeddings/overrides/isolates and marks,
# line and paragraph separators: what can move the cursor or reorder what a reader sees.
_UNSAFE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_UNSAFE_TEXT = re.compile(f"[{_UNSAFE}]")
_UNSAFE_CELL = re.compile(f"[{_UNSAFE}\n]")
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

#: Where a spreadsheet starts a formula; the same set as :meth:`Portfolio.to_csv` guards.
_FORMULA_START = frozenset("=+-@\t\r")
_QUOTE = "'"


def _escaped(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    r"""``text`` safe for a terminal: control characters but newlines shown escaped.

    Examples
    --------
    >>> from cxmodel.cli._emit import clean
    >>> clean("Kiosk\x1b[2J\nnext line")
    'Kiosk\\x1b[2J\nnext line'
    """
    return _UNSAFE_TEXT.sub(_escaped, text)


def cell(value: object) -> str:
    r"""One cell of a text table: like :func:`clean`, and a newline is shown as ``\n``.

    Examples
    --------
    >>> from cxmodel.cli._emit import cell
    >>> print(cell("two\nlines"))
    two\x0alines
    """
    return _UNSAFE_CELL.sub(_escaped, str(value))


def neutralise(value: object) -> str:
    """One CSV cell: numbers as written, a text that starts a formula behind an apostrophe.

    Examples
    --------
    >>> from cxmodel.cli._emit import neutralise
    >>> neutralise("=HYPERLINK(1)"), neutralise(-0.25), neutralise(None), neutralise(True)
    ("'=HYPERLINK(1)", '-0.25', '', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text and (text[0] in _FORMULA_START or (text[0] == _QUOTE and text[1:2] in _FORMULA_START)):
        return _QUOTE + text
    return text


def print_text(text: str) -> None:
    """Print ``text`` (made safe by :func:`clean`) and a newline on standard output."""
    sys.stdout.write(clean(text) + "\n")


def write_json(document: object) -> None:
    """The one JSON layout of the command line: indented, UTF-8 text, a final newline."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    sys.stdout.write(_UNSAFE_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n")


def write_csv(rows: Iterable[Sequence[Any]]) -> None:
    """Rows (the first one the header) as CSV on standard output, cells by :func:`neutralise`."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralise(value) for value in row])


def emit(
    args: argparse.Namespace,
    *,
    text: Callable[[], str],
    document: Callable[[], object] | None = None,
    rows: Callable[[], Iterable[Sequence[Any]]] | None = None,
) -> None:
    """Write a result in the ``--format`` the user chose (``text`` when there is none).

    Each argument builds its format only when that format is asked for.
    """
    chosen = getattr(args, "format", "text")
    if chosen == "json" and document is not None:
        write_json(document())
    elif chosen == "csv" and rows is not None:
        write_csv(rows())
    else:
        print_text(text())


def note(args: argparse.Namespace | str, message: str) -> None:
    """One line on standard error, ``cxmodel COMMAND: MESSAGE`` (made safe like text)."""
    name = args if isinstance(args, str) else getattr(args, "command_name", None)
    prefix = f"cxmodel {name}: " if name else "cxmodel: "
    sys.stderr.write(clean(prefix + " ".join(message.split())) + "\n")


def check_chart(out: str | None) -> None:
    """Refuse a chart name of an unknown format (FieldError) before any input is read."""
    if out is not None:
        from ..plotting import chart_format

        chart_format(out)


def save_chart(
    args: argparse.Namespace, subject: object, kind: str, **options: Any
) -> Path | None:
    """Draw ``subject`` as the chart ``kind`` of ``cxmodel.plotting.CHART_KINDS``.

    The chart goes to ``args.chart`` (nothing happens without one) with the
    subcommand's thresholds and policy; a line on standard error says where.
    """
    out = getattr(args, "chart", None)
    if out is None:
        return None
    from ..plotting import save_chart as save

    written = save(
        subject,
        out,
        kind=kind,
        thresholds=getattr(args, "thresholds", None),
        policy=getattr(args, "policy", None),
        **options,
    )
    note(args, f"{kind} chart written to {written}")
    return written
