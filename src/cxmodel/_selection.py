"""What :func:`~cxmodel.select` returns: the :class:`Selection` and each :class:`LeftOut`.

A selection shows the chosen initiatives with their balance as text, a dict
and HTML, and says for every initiative left out which constraint kept it out
(computed on first access from what select decided, kept in a :class:`Problem`).
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ._decision_rules import (
    TOLERANCE,
    BoolArray,
    FloatArray,
    balance_weights,
    closure,
    process_share,
)
from ._html import Raw, badge, block, table
from ._text import json_text, number, pct, plural, quoted, text_table
from .balance import BalanceReport
from .intersections import REGION_COLORS, Region
from .model import Thresholds
from .policy import BalancePolicy
from .portfolio import Portfolio

__all__ = ["LeftOut", "Problem", "Reason", "Selection", "explain_left_out"]

#: Why an initiative was left out (see :attr:`LeftOut.reason`).
Reason = Literal["excluded", "bloat", "dependency", "budget", "balance", "value"]

#: How many rows the text and HTML of a selection show before they say "and N more".
_SHOWN = 20


@attrs.frozen
class LeftOut:
    """An initiative :func:`select` did not choose, and the constraint that kept it out.

    Attributes
    ----------
    name : str
    value : float
        Its value in the selection.
    effort : float
        Its own effort.
    reason : {"excluded", "bloat", "dependency", "budget", "balance", "value"}
        ``"excluded"``: named in ``exclude``.  ``"bloat"``: a feature-bloat
        candidate that was not required.  ``"dependency"``: it depends on an
        initiative that is excluded or a feature-bloat candidate.
        ``"budget"``: adding it (with its dependencies not chosen) would exceed
        the budget.  ``"balance"``: adding it would skew the mix toward
        process innovation.  ``"value"``: it would fit, but adds no value
        (ties go to less effort).
    detail : str
        One sentence with the numbers behind the reason.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.decisions import default_values, schedule, select
    >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.8, 0.8, 0.8, effort=5)])
    >>> select(p, budget=3).left_out[0].reason
    'budget'
    """

    name: str
    value: float
    effort: float
    reason: Reason
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the five fields.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.decisions import default_values, schedule, select
        >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.8, 0.8, 0.8, effort=5)])
        >>> sorted(select(p, budget=3).left_out[0].to_dict())
        ['detail', 'effort', 'name', 'reason', 'value']
        """
        return attrs.asdict(self)


@attrs.frozen
class Problem:
    """What select decided, kept to explain the left-out initiatives on demand."""

    source: Portfolio
    values: FloatArray
    codes: npt.NDArray[np.uint8]
    predecessors: list[list[int]]
    chosen: BoolArray
    excluded: frozenset[int]
    bloat: frozenset[int]


@attrs.frozen(repr=False)
class Selection:
    """The initiatives :func:`select` chose, what they cost and bring, and their balance.

    Attributes
    ----------
    chosen : tuple of str
        The chosen initiatives, in portfolio order.
    effort : float
        Their total effort (at most the budget).
    value : float
        Their total value.
    budget : float
    portfolio : Portfolio
        The chosen initiatives as a portfolio, in portfolio order.
    report : BalanceReport
        :func:`~cxmodel.check_balance` of the chosen initiatives (``warn=False``);
        never a ``"process-skew"`` finding.
    values : dict
        Initiative name -> the value the selection used, for every initiative.
    require, exclude : tuple of str
        The names required and excluded, as given (in portfolio order).
    policy : BalancePolicy
    thresholds : Thresholds

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.decisions import default_values, schedule, select
    >>> pick = select(cx.example_portfolio(), budget=20)
    >>> pick.effort <= 20, pick.report.codes.count("process-skew")
    (True, 0)
    """

    chosen: tuple[str, ...]
    effort: float
    value: float
    budget: float
    portfolio: Portfolio = attrs.field(eq=False)
    report: BalanceReport = attrs.field(eq=False)
    values: dict[str, float]
    require: tuple[str, ...]
    exclude: tuple[str, ...]
    policy: BalancePolicy
    thresholds: Thresholds
    _problem: Problem = attrs.field(eq=False, alias="problem")
    _cache: dict[str, tuple[LeftOut, ...]] = attrs.field(init=False, factory=dict, eq=False)

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        """Every initiative not chosen, most valuable first, with the constraint that binds.

        The reason is checked in this order: excluded; a feature-bloat
        candidate; depends on an excluded or bloat initiative; adding it and
        its missing dependencies to the chosen set would exceed the budget;
        would cause process skew; adds no value.  Ties of value keep
        portfolio order.  Computed on first access, then kept.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.decisions import default_values, schedule, select
        >>> p = cx.Portfolio([
        ...     cx.Initiative("Invoice robot", 0.9, 0.2, 0.9, effort=2),
        ...     cx.Initiative("Community", 0.8, 0.9, 0.3, effort=2),
        ...     cx.Initiative("Toaster app", 0.2, 0.1, 0.9, effort=1),
        ... ])
        >>> [(x.name, x.reason) for x in select(p, budget=3).left_out]
        [('Invoice robot', 'budget'), ('Toaster app', 'bloat')]
        """
        found = self._cache.get("left_out")
        if found is None:
            found = explain_left_out(self._problem, self.budget, self.policy)
            self._cache["left_out"] = found
        return found

    def __len__(self) -> int:
        return len(self.chosen)

    def __contains__(self, name: object) -> bool:
        return name in self.portfolio

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable layout.

        Examples
        --------
        >>> import json
        >>> import cxmodel as cx
        >>> from cxmodel.decisions import default_values, schedule, select
        >>> data = select(cx.example_portfolio(), budget=20).to_dict()
        >>> list(data)
        ['chosen', 'effort', 'value', 'budget', 'size', 'require', 'exclude', 'initiatives',
         'left_out', 'balance', 'thresholds', 'policy']
        >>> json.loads(json.dumps(data)) == data
        True
        """
        efforts = self.portfolio.effort.tolist()
        return {
            "chosen": list(self.chosen),
            "effort": self.effort,
            "value": self.value,
            "budget": self.budget if math.isfinite(self.budget) else None,
            "size": len(self._problem.source),
            "require": list(self.require),
            "exclude": list(self.exclude),
            "initiatives": [
                {"name": name, "effort": effort, "value": self.values[name]}
                for name, effort in zip(self.chosen, efforts, strict=True)
            ],
            "left_out": [item.to_dict() for item in self.left_out],
            "balance": self.report.to_dict(),
            "thresholds": attrs.asdict(self.thresholds),
            "policy": self.policy.to_dict(),
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``indent=2``, UTF-8 text unless overridden).

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.decisions import default_values, schedule, select
        >>> select(cx.Portfolio([]), budget=1).to_json().startswith('{\\n  "chosen": []')
        True
        """
        return json_text(self.to_dict(), **kwargs)

    def _budget_text(self) -> str:
        if math.isinf(self.budget):
            return f"effort {number(self.effort)} (no budget limit)"
        return f"effort {number(self.effort)} of the budget {number(self.budget)}"

    def __repr__(self) -> str:
        return (
            f"<Selection of {len(self.chosen)} of "
            f"{plural(len(self._problem.source), 'initiative')}: {self._budget_text()}, "
            f"value {self.value:.4g}>"
        )

    def __str__(self) -> str:
        total = len(self._problem.source)
        lines = [
            f"Selected {len(self.chosen)} of {plural(total, 'initiative')}: "
            f"{self._budget_text()}, value {self.value:.3g} (the largest possible)"
        ]
        if self.chosen:
            codes = self.portfolio.regions(self.thresholds).tolist()
            rows = [("initiative", "region", "effort", "value")]
            for k, name in enumerate(self.chosen[:_SHOWN]):
                rows.append(
                    (
                        name,
                        Region(codes[k]).label,
                        number(float(self.portfolio.effort[k])),
                        f"{self.values[name]:.3g}",
                    )
                )
            lines += ["", text_table(rows, right=[2, 3])]
            if len(self.chosen) > _SHOWN:
                lines.append(f"... and {len(self.chosen) - _SHOWN:,} more")
        lines += ["", *_wrap(f"Balance of the chosen: {_mix(self.report)}", "  ")]
        for finding in self.report.findings:
            if finding.severity == "warning":
                lines.extend(_wrap(f"  WARNING [{finding.code}] {finding.message}", "      "))
        left = self.left_out
        if left:
            lines += ["", "Left out, most valuable first:"]
            for item in left[:_SHOWN]:
                lines.extend(
                    _wrap(
                        f"  - {item.name} (value {item.value:.3g}, effort {number(item.effort)}):"
                        f" {item.reason} -- {item.detail}",
                        "    ",
                    )
                )
            if len(left) > _SHOWN:
                lines.append(f"  ... and {len(left) - _SHOWN:,} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The chosen initiatives, their balance, then the left-out ones with reasons."""
        codes = self.portfolio.regions(self.thresholds).tolist()
        chosen = [
            [
                name,
                _region_badge(Region(codes[k])),
                number(float(self.portfolio.effort[k])),
                f"{self.values[name]:.3g}",
            ]
            for k, name in enumerate(self.chosen[:_SHOWN])
        ]
        header = ["initiative", "region", "effort", "value"]
        parts: list[object] = [Raw(table(header, chosen, caption=repr(self), numeric={2, 3}))]
        if len(self.chosen) > _SHOWN:
            parts.append(f"... and {len(self.chosen) - _SHOWN:,} more")
        parts.append(Raw(f"<p><b>Balance of the chosen</b>: {html.escape(_mix(self.report))}</p>"))
        left = [
            [
                item.name,
                f"{item.value:.3g}",
                number(item.effort),
                Raw(f"<code title='{html.escape(item.detail, quote=True)}'>{item.reason}</code>"),
            ]
            for item in self.left_out[:_SHOWN]
        ]
        if left:
            header = ["initiative", "value", "effort", "reason"]
            caption = "Left out, most valuable first"
            parts.append(Raw(table(header, left, caption=caption, numeric={1, 2})))
        return block(*parts)


def _region_badge(region: Region) -> Raw:
    return badge(region.label, REGION_COLORS[region])


def _mix(report: BalanceReport) -> str:
    limit = report.policy.max_process_share
    if not any(report.innovation_shares.values()):
        return f"no innovation chosen, so no process skew (limit {pct(limit)})"
    shares = ", ".join(f"{t.value} {pct(s)}" for t, s in report.innovation_shares.items())
    return (
        f"{shares}; balance index {report.balance_index:.2f}; the process share is within "
        f"the limit of {pct(limit)}"
    )


def _wrap(text: str, indent: str) -> list[str]:
    """``text`` wrapped at 88 columns, continuation lines indented by ``indent``."""
    return textwrap.wrap(text, 88, subsequent_indent=indent, break_on_hyphens=False)


def explain_left_out(
    problem: Problem, budget: float, policy: BalancePolicy
) -> tuple[LeftOut, ...]:
    """Every initiative select did not choose, most valuable first, with its reason."""
    p = problem.source
    names = p.names
    efforts = np.asarray(p.effort, dtype=np.float64)
    weights = balance_weights(p, policy)
    chosen = problem.chosen
    used = math.fsum(efforts[chosen].tolist())
    room = budget * (1.0 + TOLERANCE) - used
    region_weight = np.bincount(problem.codes[chosen], weights=weights[chosen], minlength=8)
    blocked = problem.excluded | problem.bloat
    out = []
    order = sorted(np.flatnonzero(~chosen).tolist(), key=lambda k: -problem.values[k])
    for k in order:
        value, effort = float(problem.values[k]), float(efforts[k])
        reason: Reason
        if k in problem.excluded:
            reason, detail = "excluded", "named in exclude"
        elif k in problem.bloat:
            reason = "bloat"
            detail = (
                f"a feature-bloat candidate (feasibility {p.feasibility[k]:.2f}, desirability "
                f"{p.desirability[k]:.2f}, viability {p.viability[k]:.2f}): chosen only when "
                "required"
            )
        else:
            needed = closure([k], problem.predecessors)
            stop = sorted(needed & blocked)
            missing = sorted(j for j in needed if not chosen[j])
            need = math.fsum(efforts[missing].tolist())
            added = np.bincount(problem.codes[missing], weights=weights[missing], minlength=8)
            after = process_share(region_weight + added)
            others = [names[j] for j in missing if j != k]
            if stop:
                j = stop[0]
                what = "excluded" if j in problem.excluded else "a feature-bloat candidate"
                reason, detail = "dependency", f"depends on {names[j]!r}, which is {what}"
            elif need > room:
                reason = "budget"
                left = number(max(budget - used, 0.0))
                if others:
                    noun = "dependency" if len(others) == 1 else "dependencies"
                    detail = (
                        f"with its {noun} {quoted(others)} it needs effort {number(need)}, "
                        f"but only {left} of the budget is left"
                    )
                else:
                    detail = (
                        f"it needs effort {number(need)}, but only {left} of the budget is left"
                    )
            elif after > policy.max_process_share:
                reason = "balance"
                noun = "dependency" if len(others) == 1 else "dependencies"
                with_ = f" with its {noun} {quoted(others)}" if others else ""
                detail = (
                    f"adding it{with_} would raise the process share to "
                    f"{pct(after, policy.max_process_share)}, above the limit of "
                    f"{pct(policy.max_process_share)}"
                )
            else:
                reason = "value"
                detail = "it would fit, but adds no value that is worth its effort"
        out.append(LeftOut(names[k], value, effort, reason, detail))
    return tuple(out)
