"""What :func:`~cxmodel.schedule` returns: the :class:`Schedule` of periods.

The periods with their loads, the lower bound that shows how far from minimal
they might be, and the balance of each period, as text, a dict and HTML.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ._html import Raw, bar, block, finding_codes, table
from ._text import json_text, listing, number, pct, plural
from .balance import BalanceReport, check_balance
from .intersections import REGION_COLORS, InnovationType
from .model import Thresholds
from .policy import BalancePolicy
from .portfolio import Portfolio

__all__ = ["Schedule"]

#: How many periods, and initiatives of a period, the text and HTML show before
#: they say "and N more".
_SHOWN = 20


@attrs.frozen(repr=False)
class Schedule:
    """Initiatives assigned to periods of limited capacity, in dependency order.

    Attributes
    ----------
    periods : tuple of tuple of str
        The initiatives of each period, in portfolio order.
    period_of : dict
        Initiative name -> its 1-based period.
    load : tuple of float
        The total effort of each period (each at most :attr:`capacity`).
    capacity : float
    lower_bound : int
        No schedule has fewer periods: the largest of the total effort over
        the capacity (rounded up), the longest chain of dependencies (in
        initiatives), the number of initiatives bigger than half the capacity
        (no two share a period), and any period count the integer program
        proved impossible.
    exact : bool
        True when ``len(periods)`` is proven minimal (it equals the lower
        bound, or the integer program proved it).
    method : {"milp", "heuristic"}
        What found the periods.
    policy : BalancePolicy
    thresholds : Thresholds

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.decisions import default_values, schedule, select
    >>> plan = schedule(cx.example_portfolio(), capacity=15)
    >>> len(plan.periods), plan.lower_bound, plan.exact
    (4, 4, True)
    """

    periods: tuple[tuple[str, ...], ...]
    period_of: dict[str, int]
    load: tuple[float, ...]
    capacity: float
    lower_bound: int
    exact: bool
    method: Literal["milp", "heuristic"]
    policy: BalancePolicy
    thresholds: Thresholds
    _portfolio: Portfolio = attrs.field(eq=False, alias="portfolio")
    _members: tuple[npt.NDArray[np.intp], ...] = attrs.field(eq=False, alias="members")
    _cache: dict[str, tuple[BalanceReport, ...]] = attrs.field(init=False, factory=dict, eq=False)

    @property
    def phase_balance(self) -> tuple[BalanceReport, ...]:
        """The :class:`~cxmodel.BalanceReport` of each period (``warn=False``).

        Computed on first access, then kept.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.decisions import default_values, schedule, select
        >>> plan = schedule(cx.example_portfolio(), capacity=15)
        >>> [report.size for report in plan.phase_balance] == [len(p) for p in plan.periods]
        True
        """
        reports = self._cache.get("balance")
        if reports is None:
            reports = tuple(
                check_balance(
                    self._portfolio._take(members),
                    self.policy,
                    thresholds=self.thresholds,
                    warn=False,
                )
                for members in self._members
            )
            self._cache["balance"] = reports
        return reports

    @property
    def portfolio(self) -> Portfolio:
        """The portfolio that was scheduled (in its own order)."""
        return self._portfolio

    @property
    def size(self) -> int:
        """How many initiatives are scheduled."""
        return len(self.period_of)

    @property
    def gap(self) -> int:
        """``len(periods) - lower_bound``: 0 when the schedule is proven minimal by the bound."""
        return len(self.periods) - self.lower_bound

    def _verdict(self) -> str:
        if self.exact:
            return "the fewest possible"
        return f"at least {self.lower_bound} needed; not proven minimal"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable layout.

        Examples
        --------
        >>> import json
        >>> import cxmodel as cx
        >>> from cxmodel.decisions import default_values, schedule, select
        >>> data = schedule(cx.example_portfolio(), capacity=15).to_dict()
        >>> list(data)
        ['size', 'capacity', 'periods', 'lower_bound', 'exact', 'method', 'thresholds',
         'policy']
        >>> json.loads(json.dumps(data)) == data
        True
        """
        return {
            "size": self.size,
            "capacity": self.capacity,
            "periods": [
                {
                    "period": k,
                    "initiatives": list(names),
                    "load": load,
                    "balance": report.to_dict(),
                }
                for k, (names, load, report) in enumerate(
                    zip(self.periods, self.load, self.phase_balance, strict=True), 1
                )
            ],
            "lower_bound": self.lower_bound,
            "exact": self.exact,
            "method": self.method,
            "thresholds": attrs.asdict(self.thresholds),
            "policy": self.policy.to_dict(),
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``indent=2``, UTF-8 text unless overridden).

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.decisions import default_values, schedule, select
        >>> schedule(cx.Portfolio([]), capacity=1).to_json().startswith('{\\n  "size": 0')
        True
        """
        return json_text(self.to_dict(), **kwargs)

    def _headline(self) -> str:
        return (
            f"Schedule of {plural(self.size, 'initiative')} in "
            f"{plural(len(self.periods), 'period')} of capacity {number(self.capacity)} "
            f"({self._verdict()})"
        )

    def __repr__(self) -> str:
        return f"<{self._headline()}>"

    def __str__(self) -> str:
        if not self.periods:
            return "Schedule: the portfolio is empty, there is nothing to schedule."
        lines = [self._headline()]
        shown = list(zip(self.periods, self.load, self.phase_balance, strict=True))
        for k, (names, load, report) in enumerate(shown[:_SHOWN], 1):
            lines.append("")
            lines.append(
                f"Period {k}: {plural(len(names), 'initiative')}, load {number(load)} "
                f"({pct(load / self.capacity)} of capacity)"
            )
            lines.extend(f"  - {name}" for name in names[:_SHOWN])
            if len(names) > _SHOWN:
                lines.append(f"  ... and {len(names) - _SHOWN:,} more")
            warnings = [f.code for f in report.findings if f.severity == "warning"]
            if warnings:
                lines.append(f"  Balance warnings: {', '.join(warnings)}")
        if len(shown) > _SHOWN:
            lines += ["", f"... and {len(shown) - _SHOWN:,} more periods"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A table of the periods: initiatives, load, process share and warnings."""
        process = InnovationType.PROCESS
        rows: list[list[object]] = []
        shown = list(zip(self.periods, self.load, self.phase_balance, strict=True))[:_SHOWN]
        for k, (names, load, report) in enumerate(shown, 1):
            listed = listing(names[:_SHOWN], len(names))
            codes = finding_codes(f for f in report.findings if f.severity == "warning")
            share = report.innovation_shares[process]
            rows.append(
                [
                    k,
                    listed,
                    number(load),
                    pct(share),
                    bar(share, REGION_COLORS[process.region], width=100.0),
                    Raw(codes) if codes else "-",
                ]
            )
        header = ["period", "initiatives", "load", "process share", "", "warnings"]
        parts: list[object] = [Raw(table(header, rows, caption=repr(self), numeric={2, 3}))]
        if len(self.periods) > _SHOWN:
            parts.append(f"... and {len(self.periods) - _SHOWN:,} more")
        return block(*parts)
