"""How reports write numbers, shares, counts, lists of names and tables.

Shared by every module that words a report (balance findings, roadmap
findings, the customer-experience tables), so that the same quantity reads the
same wherever it appears.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

__all__ = [
    "MAX_NAMED",
    "json_text",
    "listing",
    "number",
    "pct",
    "plural",
    "quoted",
    "text_table",
]

#: How many initiatives a finding's message names before it says "and N more".
MAX_NAMED = 5


def json_text(data: object, **kwargs: Any) -> str:
    """``data`` as JSON text: ``indent=2`` and UTF-8 characters as they are, unless overridden.

    The one form of every result's ``to_json``; ``kwargs`` go to :func:`json.dumps`.

    Examples
    --------
    >>> from cxmodel._text import json_text
    >>> print(json_text({"name": "Café"}))
    {
      "name": "Café"
    }
    >>> print(json_text({"name": "Café"}, indent=None, ensure_ascii=True))
    {"name": "Caf\\u00e9"}
    """
    options: dict[str, Any] = {"indent": 2, "ensure_ascii": False, **kwargs}
    return json.dumps(data, **options)


def plural(n: int, noun: str) -> str:
    """``1 initiative``, ``1,200 initiatives``: a count with its noun.

    Examples
    --------
    >>> from cxmodel._text import plural
    >>> plural(1, "phase"), plural(1200, "initiative")
    ('1 phase', '1,200 initiatives')
    """
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def number(x: float) -> str:
    """An effort or weight as a person writes it: ``8``, ``2.5``, ``265,914``.

    Examples
    --------
    >>> from cxmodel._text import number
    >>> number(8.0), number(2.5), number(265914.2), number(3e15)
    ('8', '2.5', '265,914', '3e+15')
    """
    if abs(x) >= 1e12:  # beyond any real budget: keep it short
        return f"{x:.3g}"
    if float(x).is_integer() or abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def pct(x: float, limit: float | None = None) -> str:
    """A share as a percentage; precise enough to differ from ``limit`` when given.

    Examples
    --------
    >>> from cxmodel._text import pct
    >>> pct(0.5), pct(0.001), pct(0.5004, limit=0.5)
    ('50%', '<1%', '50.04%')
    """
    if 0.0 < x < 0.005:
        return "<1%"
    if 0.995 <= x < 1.0 and limit is None:
        return ">99%"
    for digits in range(5):
        text = f"{100 * x:.{digits}f}%"
        if limit is None or x == limit or text != f"{100 * limit:.{digits}f}%":
            return text
    return f"{100 * x}%"


def listing(labels: Sequence[str], total: int) -> str:
    """``"A", "B" and 9,995 more``: the labels shown, then how many of ``total`` are left.

    Examples
    --------
    >>> from cxmodel._text import listing
    >>> listing(['"A"', '"B"'], 9997)
    '"A", "B" and 9,995 more'
    """
    shown = ", ".join(labels)
    rest = total - len(labels)
    return f"{shown} and {rest:,} more" if rest > 0 else shown


def quoted(names: Sequence[str]) -> str:
    """The first :data:`MAX_NAMED` names in double quotes, then how many more there are.

    Examples
    --------
    >>> from cxmodel._text import quoted
    >>> quoted(["Kiosk", "App"])
    '"Kiosk", "App"'
    >>> quoted([f"n{k}" for k in range(7)])
    '"n0", "n1", "n2", "n3", "n4" and 2 more'
    """
    return listing([f'"{name}"' for name in names[:MAX_NAMED]], len(names))


def text_table(rows: Sequence[Sequence[str]], right: Collection[int] | None = None) -> str:
    """Rows as aligned plain text, the first row a heading over a rule.

    ``right`` holds the columns whose cells (below the heading) are
    right-aligned; by default every column but the first.

    Examples
    --------
    >>> from cxmodel._text import text_table
    >>> print(text_table([("name", "gap"), ("Kiosk", "0.25")]))
    name    gap
    -----  ----
    Kiosk  0.25
    >>> print(text_table([("n", "region"), ("7", "Process")], right=[0]))
    n  region
    -  -------
    7  Process
    """
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    aligned = range(1, len(widths)) if right is None else right
    lines = []
    for line, row in enumerate(rows):
        cells = [
            cell.rjust(widths[k]) if line and k in aligned else cell.ljust(widths[k])
            for k, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if line == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
