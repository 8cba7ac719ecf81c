"""Read a file whatever its format: chosen by content, not only by name."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from .._export import PathOrFile
from ..model import Scale
from ..portfolio import Portfolio
from ._decode import _as_text, _read_text
from .csv import _parse_csv
from .json import _looks_like_json, _parse_json

__all__ = ["read_any"]


def read_any(
    path_or_dash: PathOrFile,
    *,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
) -> Portfolio:
    """Read CSV or JSON from a path, a file object, or ``"-"`` (standard input).

    A ``.json`` file is JSON and a ``.csv`` or ``.tsv`` file is CSV; anything
    else (standard input included) is JSON when its first non-blank character
    is ``{`` or ``[``, CSV otherwise.  ``columns`` applies to CSV (see
    :func:`read_csv`); JSON uses the field names.

    Examples
    --------
    >>> import io
    >>> from cxmodel.io import read_any
    >>> read_any(io.StringIO('[{"name": "A", "viability": 1, "desirability": 1, '
    ...                      '"feasibility": 1}]')).names
    ('A',)
    >>> read_any(io.StringIO("name,business,people,technology\\nB,0,0,0\\n")).names
    ('B',)
    """
    if isinstance(path_or_dash, str) and path_or_dash == "-":
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        text, source = _as_text(stream.read(), "<stdin>"), "<stdin>"
    else:
        text, source = _read_text(path_or_dash)
    suffix = os.path.splitext(source)[1].lower()
    if suffix == ".json" or (suffix not in (".csv", ".tsv") and _looks_like_json(text)):
        return _parse_json(text, source, scale)
    return _parse_csv(text, source, scale, columns)
