"""The argument types of the command line: scales, scores, numbers, thresholds, mappings.

Each turns one option's text into a value, or raises
:class:`argparse.ArgumentTypeError` naming the text, so argparse shows the usage
and the reason.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import attrs

from ..exceptions import CxModelError
from ..model import Scale

__all__ = ["Mark", "column", "columns_file", "count", "number", "scale_of", "unit"]

_RANGE = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(?::|\.\.|-|\u2013|to)\s*(-?\d+(?:\.\d+)?)\s*\Z")


def scale_of(text: str) -> Scale:
    """``likertN``, ``percent`` or ``LOW:HIGH`` (also ``LOW-HIGH``, ``LOW..HIGH``) -> a Scale.

    Examples
    --------
    >>> from cxmodel.cli._types import scale_of
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


def count(text: str) -> int:
    """A whole number, as ``--samples`` and ``--seed`` take it.

    Examples
    --------
    >>> from cxmodel.cli._types import count
    >>> count("12")
    12
    """
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


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


def column(text: str) -> tuple[str, str]:
    """``HEADER=FIELD`` (the last ``=`` separates them, so headers may contain one)."""
    header, equals, field = text.rpartition("=")
    if not equals or not header.strip() or not field.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: use HEADER=FIELD, e.g. 'Idea=name'")
    return header, field.strip()


def columns_file(text: str) -> dict[str, str]:
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
