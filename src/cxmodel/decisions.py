"""Decisions: which initiatives to fund within a budget, and in which period to do each.

:func:`select` answers "with this budget, which ideas?": the set of initiatives
of largest total value whose effort fits the budget, that brings every
dependency along, keeps the innovation mix free of process skew and funds no
"just because you can" feature bloat.  It is an exact integer program, solved
by HiGHS through :func:`scipy.optimize.milp` -- not a greedy pick, which can
miss the best set by a wide margin when dependencies and the balance rule bind.

:func:`schedule` answers "in which period?": periods of at most ``capacity``
effort, every initiative in a later period than each of its dependencies, in
as few periods as possible (proven minimal for small portfolios; a heuristic
with a guaranteed bound, and a lower bound to compare it with, for large ones).

scipy and networkx are imported on first use, so ``import cxmodel`` stays light.
"""

from __future__ import annotations

import heapq
import html
import json
import math
import numbers
import textwrap
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from ._text import MAX_NAMED, number, pct, plural, quoted, text_table
from .balance import BalanceReport, balance_from_codes, check_balance
from .exceptions import CxModelError, FieldError, InfeasibleError
from .intersections import InnovationType, Region
from .model import Initiative, Thresholds
from .planning import _plan, _predecessors
from .policy import BalancePolicy, bloat_candidates, resolve_settings
from .portfolio import Portfolio, as_portfolio

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

__all__ = ["LeftOut", "Schedule", "Selection", "default_values", "schedule", "select"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Reason = Literal["excluded", "bloat", "dependency", "budget", "balance", "value"]
Method = Literal["auto", "exact", "heuristic"]
Progress = bool | Callable[[str], object] | None

#: A total within this fraction of a budget or capacity counts as within it, so that
#: efforts written 0.1 + 0.2 fit a budget of 0.3 as a person reads them.
TOLERANCE = 1e-9

#: Values closer than this fraction of the largest value count as equal (a tie, which
#: goes to the set of less effort); the solver's own tolerances are below it.
VALUE_TIE = 1e-6

#: Up to this many initiatives ``schedule(method="auto")`` proves its answer minimal
#: with an integer program; above it, the heuristic alone is used.
EXACT_LIMIT = 60

#: Branch-and-bound nodes one integer program of :func:`schedule` may explore; a
#: deterministic limit (not a time limit), so the same input gives the same answer.
NODE_LIMIT = 5_000

#: Seconds the integer programs of one :func:`schedule` call may take together: a
#: safety net behind :data:`NODE_LIMIT` (when it stops the search, ``exact`` is False).
TIME_LIMIT = 5.0

#: How many rejected solver answers (rounding at a limit) select re-solves past.
_MAX_CUTS = 50

#: How many rows the text and HTML of a result show before they say "and N more".
_SHOWN = 20

_CENTRE = int(Region.CUSTOMER_EXPERIENCE)
_PROCESS = int(Region.PROCESS)
_INNOVATION = np.array([Region(c).is_innovation for c in range(8)])
#: Three times the process membership of each region: the centre gives a third to each type.
_PROCESS_THIRDS = np.zeros(8)
_PROCESS_THIRDS[_PROCESS] = 3.0
_PROCESS_THIRDS[_CENTRE] = 1.0


# --- argument checks -------------------------------------------------------------------


def _real(field: str, value: Any) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise FieldError(field, value, "must be a real number")
    number_ = float(value)
    if math.isnan(number_):
        raise FieldError(field, value, "must be a real number, not NaN")
    return number_


def _budget(value: Any) -> float:
    budget = _real("budget", value)
    if budget < 0:
        raise FieldError("budget", value, "must be >= 0 (math.inf for no limit)")
    return budget


def _capacity(value: Any) -> float:
    capacity = _real("capacity", value)
    if not 0 < capacity < math.inf:
        raise FieldError("capacity", value, "must be a finite number > 0")
    return capacity


def _lookup(index: Mapping[str, int], name: object) -> int | None:
    if not isinstance(name, str):
        return None
    position = index.get(name)
    return index.get(name.strip()) if position is None else position


def _positions(portfolio: Portfolio, field: str, names: object) -> list[int]:
    """Positions of the names in ``require`` or ``exclude`` (one str is one name)."""
    if isinstance(names, str):
        names = (names,)
    if not isinstance(names, Iterable):
        raise FieldError(field, names, "must be an iterable of initiative names")
    index = {name: k for k, name in enumerate(portfolio.names)}
    found: list[int] = []
    for name in names:
        position = _lookup(index, name)
        if position is None:
            raise FieldError(field, name, "names no initiative of the portfolio")
        found.append(position)
    return sorted(set(found))


def default_values(portfolio: Portfolio | Iterable[Initiative]) -> dict[str, float]:
    """The value :func:`select` gives each initiative when no ``value=`` is passed.

    ``(viability + 2 * desirability + feasibility) / 4``: the mean of the three
    lens scores with desirability counted twice.  Every lens counts, because an
    initiative is worth funding only when it is viable, desirable *and*
    feasible; desirability counts most, because "customers judge success, not
    management".  The result is on the scores' own scale, in ``[0, 1]``, and
    does not grow with effort: an initiative's value is what it brings, its
    effort what it costs.  Adjust the returned dict to pass your own values.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative

    Returns
    -------
    dict
        Initiative name -> value, in portfolio order.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.decisions import default_values, schedule, select
    >>> p = cx.Portfolio([cx.Initiative("Loyalty app", 0.8, 0.9, 0.4)])
    >>> default_values(p)
    {'Loyalty app': 0.75}
    """
    p = as_portfolio(portfolio)
    values = (p.viability + 2.0 * p.desirability + p.feasibility) / 4.0
    return dict(zip(p.names, values.tolist(), strict=True))


def _values(portfolio: Portfolio, value: object) -> FloatArray:
    if value is None:
        return np.fromiter(default_values(portfolio).values(), np.float64, len(portfolio))
    if not isinstance(value, Mapping) and not callable(getattr(value, "keys", None)):
        raise FieldError("value", value, "must be a mapping of initiative name -> value")
    given = dict(value)  # type: ignore[call-overload]
    index = {name: k for k, name in enumerate(portfolio.names)}
    out = np.full(len(portfolio), np.nan)
    for name, amount in given.items():
        position = _lookup(index, name)
        if position is None:
            raise FieldError("value", name, "names no initiative of the portfolio")
        field = f"value[{portfolio.names[position]!r}]"
        number_ = _real(field, amount)
        if not 0 <= number_ < math.inf:
            raise FieldError(field, amount, "must be a finite number >= 0")
        out[position] = number_
    missing = [portfolio.names[k] for k in np.flatnonzero(np.isnan(out)).tolist()]
    if missing:
        raise FieldError("value", f"{len(given)} values", f"gives no value for {quoted(missing)}")
    return out


class _Progress:
    """Reports the stages of a long computation to a callable or a tqdm bar."""

    def __init__(self, progress: Progress, total: int, description: str) -> None:
        self._call: Callable[[str], object] | None = None
        self._bar: Any = None
        if progress is None or progress is False:
            return
        if progress is True:
            try:
                from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]
            except ImportError:
                raise CxModelError(
                    "progress=True needs tqdm: pip install 'cxmodel[progress]'"
                ) from None
            self._bar = tqdm(total=total, desc=description, leave=False)
        elif callable(progress):
            self._call = progress
        else:
            raise FieldError("progress", progress, "must be None, a bool or a callable")

    def step(self, message: str) -> None:
        if self._call is not None:
            self._call(message)
        if self._bar is not None:
            self._bar.set_postfix_str(message, refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# --- the integer programs --------------------------------------------------------------


class _Rows:
    """A sparse constraint matrix built row by row: ``lower <= A @ x <= upper``."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self._rows: list[npt.NDArray[np.intp]] = []
        self._cols: list[npt.NDArray[np.intp]] = []
        self._data: list[FloatArray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []

    def add(self, cols: npt.ArrayLike, data: npt.ArrayLike, lower: float, upper: float) -> None:
        c = np.asarray(cols, dtype=np.intp)
        self._rows.append(np.full(c.size, len(self.lower), dtype=np.intp))
        self._cols.append(c)
        self._data.append(np.broadcast_to(np.asarray(data, dtype=np.float64), c.shape))
        self.lower.append(lower)
        self.upper.append(upper)

    def add_block(
        self,
        rows: npt.NDArray[np.intp],
        cols: npt.NDArray[np.intp],
        data: npt.ArrayLike,
        count: int,
        lower: float,
        upper: float,
    ) -> None:
        """``count`` rows at once; ``rows`` numbers them from 0."""
        start = len(self.lower)
        self._rows.append(rows + start)
        self._cols.append(cols)
        self._data.append(np.broadcast_to(np.asarray(data, dtype=np.float64), cols.shape))
        self.lower.extend([lower] * count)
        self.upper.extend([upper] * count)

    def solve(
        self,
        objective: FloatArray,
        node_limit: int | None = None,
        time_limit: float | None = None,
    ) -> OptimizeResult:
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import csr_array

        constraints = []
        if self.lower:
            matrix = csr_array(
                (
                    np.concatenate(self._data),
                    (np.concatenate(self._rows), np.concatenate(self._cols)),
                ),
                shape=(len(self.lower), self.columns),
            )
            constraints.append(LinearConstraint(matrix, self.lower, self.upper))
        options: dict[str, Any] = {"mip_rel_gap": 0.0}
        if node_limit is not None:
            options["node_limit"] = node_limit
        if time_limit is not None:
            options["time_limit"] = time_limit
        return milp(
            objective,
            integrality=np.ones(self.columns),
            bounds=Bounds(0.0, 1.0),
            constraints=constraints,
            options=options,
        )


def _binary(result: OptimizeResult) -> BoolArray | None:
    """The 0/1 answer of a solved program, ``None`` when it is infeasible."""
    if result.status == 0:
        return np.asarray(result.x) > 0.5
    if result.status == 2:
        return None
    raise CxModelError(f"the integer program solver (HiGHS) failed: {result.message}")


# --- select ----------------------------------------------------------------------------


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
class _Problem:
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
    _problem: _Problem = attrs.field(eq=False, alias="problem")
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
            found = _explain(self._problem, self.budget, self.policy)
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
        options: dict[str, Any] = {"indent": 2, "ensure_ascii": False, **kwargs}
        return json.dumps(self.to_dict(), **options)

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
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{html.escape(Region(codes[k]).label)}</td>"
            f"<td style='text-align:right'>{number(float(self.portfolio.effort[k]))}</td>"
            f"<td style='text-align:right'>{self.values[name]:.3g}</td></tr>"
            for k, name in enumerate(self.chosen[:_SHOWN])
        )
        if len(self.chosen) > _SHOWN:
            rows += f"<tr><td colspan='4'>... and {len(self.chosen) - _SHOWN:,} more</td></tr>"
        left = "".join(
            f"<tr><td>{html.escape(item.name)}</td>"
            f"<td style='text-align:right'>{item.value:.3g}</td>"
            f"<td style='text-align:right'>{number(item.effort)}</td>"
            f"<td title='{html.escape(item.detail, quote=True)}'><code>{item.reason}</code></td>"
            "</tr>"
            for item in self.left_out[:_SHOWN]
        )
        head = "<tr><th>initiative</th><th>region</th><th>effort</th><th>value</th></tr>"
        left_table = (
            "<table><caption>Left out, most valuable first</caption><thead><tr>"
            "<th>initiative</th><th>value</th><th>effort</th><th>reason</th></tr></thead>"
            f"<tbody>{left}</tbody></table>"
            if left
            else ""
        )
        return (
            f"<div><table><caption>{html.escape(repr(self))}</caption>"
            f"<thead>{head}</thead><tbody>{rows}</tbody></table>"
            f"<p><b>Balance of the chosen</b>: {html.escape(_mix(self.report))}</p>"
            f"{left_table}</div>"
        )


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


def _closure(starts: Iterable[int], links: Sequence[Sequence[int]]) -> set[int]:
    """``starts`` and everything reachable from them along ``links``."""
    seen = set(starts)
    stack = list(seen)
    while stack:
        for other in links[stack.pop()]:
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def _path(start: int, goal: int, links: Sequence[Sequence[int]]) -> list[int]:
    """A chain ``start -> ... -> goal`` along ``links`` (``goal`` reachable from ``start``)."""
    back = {start: -1}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            break
        for other in links[node]:
            if other not in back:
                back[other] = node
                stack.append(other)
    chain = [goal]
    while back[chain[-1]] >= 0:
        chain.append(back[chain[-1]])
    return chain[::-1]


def _successors(predecessors: Sequence[Sequence[int]]) -> list[list[int]]:
    """The positions that depend on each initiative (the reverse of the predecessor lists)."""
    successors: list[list[int]] = [[] for _ in predecessors]
    for target, sources in enumerate(predecessors):
        for source in sources:
            successors[source].append(target)
    return successors


def _weights(portfolio: Portfolio, policy: BalancePolicy) -> FloatArray:
    if policy.weight == "count":
        return np.ones(len(portfolio))
    return np.asarray(portfolio.effort, dtype=np.float64)


def _skewed(
    portfolio: Portfolio,
    codes: npt.NDArray[np.uint8],
    positions: npt.NDArray[np.intp],
    policy: BalancePolicy,
    thresholds: Thresholds,
) -> bool:
    """Whether check_balance of these initiatives reports process skew (the same code path)."""
    names = portfolio.names
    report = balance_from_codes(
        [names[k] for k in positions.tolist()],
        codes[positions],
        portfolio.effort[positions],
        policy,
        thresholds=thresholds,
    )
    return "process-skew" in report.codes


def select(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    budget: float,
    value: Mapping[str, float] | None = None,
    policy: BalancePolicy | None = None,
    thresholds: Thresholds | None = None,
    require: Iterable[str] | str = (),
    exclude: Iterable[str] | str = (),
    progress: Progress = None,
) -> Selection:
    r"""The initiatives to fund: the largest total value the budget allows, exactly.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    budget : float
        The total effort available (``>= 0``; ``math.inf`` for no limit).  A
        total within one part in a billion of it (:data:`TOLERANCE`) fits.
    value : mapping of str to float, optional
        Initiative name -> value (finite, ``>= 0``), one for every initiative.
        Default :func:`default_values`: ``(viability + 2 * desirability +
        feasibility) / 4`` -- every lens counts, desirability most, because
        customers judge success.
    policy : BalancePolicy, optional
        Its ``max_process_share`` and ``weight`` define process skew, its
        ``bloat_feasibility`` and ``bloat_gap`` feature bloat, exactly as in
        :func:`~cxmodel.check_balance`.
    thresholds : Thresholds, optional
        The pass marks behind the regions.
    require : iterable of str, optional
        Initiatives that must be chosen; their dependencies are chosen too.
    exclude : iterable of str, optional
        Initiatives that must not be chosen (nor anything that depends on them).
    progress : bool or callable, optional
        ``True`` shows a tqdm bar (``pip install 'cxmodel[progress]'``); a
        callable is called with a short message at each stage.

    Returns
    -------
    Selection

    Raises
    ------
    InfeasibleError
        The constraints conflict: a required initiative is excluded or depends
        on an excluded one (both are named), the required initiatives with
        their dependencies need more effort than the budget, or they skew the
        mix toward process innovation and nothing affordable can level it.
        Choosing nothing is always feasible otherwise.
    UnknownDependencyError, DependencyCycleError
        As :func:`~cxmodel.roadmap` raises them (a cycle can never be done).
    FieldError
        A bad ``budget``, ``value``, ``require``, ``exclude``, ``policy`` or
        ``thresholds``; the message names the field, the value and the name.

    Notes
    -----
    With :math:`x_i \in \{0, 1\}` for "initiative :math:`i` is chosen",
    values :math:`v_i`, efforts :math:`e_i` and budget :math:`B`, select
    solves the integer program

    .. math::

        \max \sum_i v_i x_i \quad\text{subject to}\quad
        \sum_i e_i x_i \le B, \qquad
        x_i \le x_j \text{ for every dependency } j \text{ of } i,

        \sum_i w_i x_i \, (p_i - s\,q_i) \le 0,

    plus :math:`x_i = 1` for required initiatives and their dependencies and
    :math:`x_i = 0` for excluded ones, for feature-bloat candidates that are
    not required (:func:`~cxmodel.balance.bloat_candidates`) and for what
    depends on either.  The balance row is process skew made linear:
    :func:`~cxmodel.check_balance` finds process skew when the process share
    of innovation weight exceeds :math:`s` = ``policy.max_process_share``,

    .. math::

        \frac{\sum_i w_i x_i p_i}{\sum_i w_i x_i q_i} > s,

    with :math:`w_i` the effort (or 1 under ``weight="count"``), :math:`p_i`
    the process membership -- 1 in region PROCESS, 1/3 at the
    CUSTOMER_EXPERIENCE centre (which counts a third to each type), else 0 --
    and :math:`q_i = 1` for an innovation region (EMOTIONAL, PROCESS,
    FUNCTIONAL, CUSTOMER_EXPERIENCE), else 0.  Multiplying out the
    denominator gives the row above (also right when nothing chosen is an
    innovation: all shares are then 0).  No other option of the policy
    (``escalate``, ``min_balance_index``) bears on process skew, and other
    findings do not constrain the choice; :attr:`Selection.report` shows them.

    **Exactness.**  Two programs are solved with HiGHS (``mip_rel_gap=0``):
    the largest value :math:`V`, then the least effort among sets worth at
    least :math:`V` less :data:`VALUE_TIE` times the largest value -- ties go
    to fewer effort without an epsilon that could trade value for effort.
    The chosen set is then checked with :func:`~cxmodel.check_balance`'s own
    code; should the solver's tolerance admit a set that misses a limit by
    rounding, that set is cut off and the program solved again.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.decisions import default_values, schedule, select
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Order data platform", 0.8, 0.3, 0.9, effort=8),
    ...     cx.Initiative("Invoice automation", 0.9, 0.2, 0.8, effort=3),
    ...     cx.Initiative("Loyalty programme", 0.8, 0.9, 0.4, effort=4,
    ...                   depends_on=["Order data platform"]),
    ...     cx.Initiative("Returns portal", 0.7, 0.8, 0.7, effort=5),
    ...     cx.Initiative("Customer community", 0.7, 0.9, 0.3, effort=3),
    ... ])
    >>> pick = select(p, budget=12)
    >>> pick.chosen, pick.effort
    (('Invoice automation', 'Returns portal', 'Customer community'), 11.0)

    The loyalty programme needs the data platform, too much for what is left:

    >>> pick.left_out[0].name, pick.left_out[0].reason
    ('Loyalty programme', 'budget')
    >>> select(p, budget=20).chosen
    ('Order data platform', 'Loyalty programme', 'Returns portal', 'Customer community')

    Conflicting wishes are named:

    >>> select(p, budget=12, require=["Loyalty programme"], exclude=["Order data platform"])
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InfeasibleError: 'Loyalty programme' is required, but it depends on
    'Order data platform', which is excluded
    """
    p = as_portfolio(portfolio)
    used_policy, used_thresholds = resolve_settings(policy, thresholds)
    limit = _budget(budget)
    values = _values(p, value)
    required = _positions(p, "require", require)
    excluded = _positions(p, "exclude", exclude)
    predecessors = _predecessors(p)
    _plan(p)  # a dependency cycle is an error here too
    bar = _Progress(progress, 3, "select")
    try:
        return _select(
            p, limit, values, used_policy, used_thresholds, required, excluded, predecessors, bar
        )
    finally:
        bar.close()


def _select(
    p: Portfolio,
    budget: float,
    values: FloatArray,
    policy: BalancePolicy,
    thresholds: Thresholds,
    required: list[int],
    excluded: list[int],
    predecessors: list[list[int]],
    bar: _Progress,
) -> Selection:
    n = len(p)
    names = p.names
    efforts = np.asarray(p.effort, dtype=np.float64)
    codes = p.regions(thresholds)
    successors = _successors(predecessors)

    # What must be in: the required and their dependencies.
    forced_in = _closure(required, predecessors)
    excluded_set = set(excluded)
    clash = forced_in & excluded_set
    if clash:
        for r in required:
            for e in sorted(_closure([r], predecessors) & excluded_set):
                if r == e:
                    raise InfeasibleError(f"{names[r]!r} is both required and excluded")
                chain = _path(r, e, predecessors)
                through = (
                    f" (through {quoted([names[k] for k in chain[1:-1]])})"
                    if len(chain) > 2
                    else ""
                )
                raise InfeasibleError(
                    f"{names[r]!r} is required, but it depends on {names[e]!r}{through}, "
                    "which is excluded"
                )
    inside = np.zeros(n, dtype=bool)
    inside[sorted(forced_in)] = True
    base_effort = math.fsum(efforts[inside].tolist())
    allowance = budget * (1.0 + TOLERANCE)
    if base_effort > allowance:
        raise InfeasibleError(
            f"{_required(names, required, inside)} cannot be funded: effort "
            f"{number(base_effort)} is needed, more than the budget {number(budget)}"
        )

    # What must stay out: excluded, unrequired bloat, what cannot fit, and their dependants.
    bloat = set(bloat_candidates(codes, p.desirability, p.feasibility, policy).tolist())
    bloat -= forced_in
    too_big = np.flatnonzero(~inside & (efforts > allowance - base_effort)).tolist()
    forced_out = _closure(excluded_set | bloat | set(too_big), successors)
    free = np.array([k for k in range(n) if not inside[k] and k not in forced_out], dtype=np.intp)
    column = np.full(n, -1, dtype=np.intp)
    column[free] = np.arange(free.size)

    # The rows: budget, balance, dependencies.
    rows = _Rows(free.size)
    if free.size and math.isfinite(budget) and budget > 0:
        rows.add(
            np.arange(free.size),
            efforts[free] / budget,
            -np.inf,
            (1.0 + TOLERANCE) - base_effort / budget,
        )
    weights = _weights(p, policy)
    scale = float(weights.max()) if n else 1.0
    share = policy.max_process_share
    balance = weights / scale * (_PROCESS_THIRDS[codes] - 3.0 * share * _INNOVATION[codes])
    base_balance = math.fsum(balance[inside].tolist())
    if free.size and ((balance[free] > 0).any() or base_balance > 0):
        rows.add(np.arange(free.size), balance[free], -np.inf, -base_balance)
    sources: list[int] = []
    targets: list[int] = []
    for k in free.tolist():
        for j in predecessors[k]:
            if column[j] >= 0:
                sources.append(int(column[j]))
                targets.append(int(column[k]))
    if sources:
        m = len(sources)
        count = np.arange(m, dtype=np.intp)
        rows.add_block(
            np.concatenate([count, count]),
            np.array(targets + sources, dtype=np.intp),
            np.concatenate([np.ones(m), -np.ones(m)]),
            m,
            -np.inf,
            0.0,
        )

    def chosen_of(x: BoolArray) -> npt.NDArray[np.intp]:
        mask = inside.copy()
        mask[free[x]] = True
        return np.flatnonzero(mask)

    def acceptable(x: BoolArray) -> bool:
        positions = chosen_of(x)
        total = math.fsum(efforts[positions].tolist())
        return total <= allowance and not _skewed(p, codes, positions, policy, thresholds)

    def solve(objective: FloatArray, stage: str) -> BoolArray | None:
        bar.step(stage)
        if free.size == 0:
            nothing = np.zeros(0, dtype=bool)
            return nothing if acceptable(nothing) else None
        for _ in range(_MAX_CUTS):
            x = _binary(rows.solve(objective))
            if x is None or acceptable(x):
                return x
            # A set the solver's tolerance let through: cut off exactly this one.
            rows.add(np.arange(free.size), np.where(x, -1.0, 1.0), 1.0 - float(x.sum()), np.inf)
        raise CxModelError(
            "the integer program solver kept returning sets that miss the budget or the "
            "balance limit by rounding; try a slightly different budget"
        )

    top = float(values[free].max()) if free.size else 0.0
    x: BoolArray | None = None
    if top > 0:  # stage 1: the largest value (values scaled so the largest is 1)
        scaled = values[free] / top
        x = solve(-scaled, "largest value")
        if x is None:
            raise InfeasibleError(
                _skew_message(p, codes, required, inside, policy, budget, base_effort)
            )
        best = math.fsum(scaled[x].tolist())
        rows.add(np.arange(free.size), -scaled, -np.inf, -(best - VALUE_TIE))
    # Stage 2: the least effort among the sets of (nearly) that value.
    effort_scale = float(efforts[free].max()) if free.size else 1.0
    tied = solve(efforts[free] / effort_scale, "least effort at that value")
    if tied is not None:
        x = tied
    elif x is None:  # nothing has value, and no set is feasible
        raise InfeasibleError(
            _skew_message(p, codes, required, inside, policy, budget, base_effort)
        )
    # (tied is None after stage 1 only if rounding cut off every tie: keep stage 1's.)
    bar.step("balance of the chosen")
    positions = chosen_of(x)
    chosen = p._take(positions)
    report = check_balance(chosen, policy, thresholds=thresholds, warn=False)
    assert "process-skew" not in report.codes  # acceptable() ran the same code
    mask = np.zeros(n, dtype=bool)
    mask[positions] = True
    return Selection(
        chosen=chosen.names,
        effort=math.fsum(efforts[positions].tolist()),
        value=math.fsum(values[positions].tolist()),
        budget=budget,
        portfolio=chosen,
        report=report,
        values=dict(zip(names, values.tolist(), strict=True)),
        require=tuple(names[k] for k in required),
        exclude=tuple(names[k] for k in excluded),
        policy=policy,
        thresholds=thresholds,
        problem=_Problem(
            source=p,
            values=values,
            codes=codes,
            predecessors=predecessors,
            chosen=mask,
            excluded=frozenset(excluded),
            bloat=frozenset(bloat),
        ),
    )


def _process_share(region_weight: npt.NDArray[Any]) -> float:
    """The process share of innovation weight, written as check_balance computes it."""
    centre = float(region_weight[_CENTRE])
    total = float(region_weight[_INNOVATION].sum())
    if total == 0.0:
        return 0.0
    return (3.0 * float(region_weight[_PROCESS]) + centre) / (3.0 * total)


def _required(names: Sequence[str], required: list[int], inside: BoolArray) -> str:
    """``the required initiative "A" with its dependencies``, for error messages."""
    one = len(required) == 1
    text = f"the required initiative{'' if one else 's'} {quoted([names[k] for k in required])}"
    if int(inside.sum()) > len(required):
        text += f" with {'its' if one else 'their'} dependencies"
    return text


def _skew_message(
    p: Portfolio,
    codes: npt.NDArray[np.uint8],
    required: list[int],
    inside: BoolArray,
    policy: BalancePolicy,
    budget: float,
    base_effort: float,
) -> str:
    weights = _weights(p, policy)
    region_weight = np.bincount(codes[inside], weights=weights[inside], minlength=8)
    left = (
        "the budget"
        if math.isinf(budget)
        else f"the {number(max(budget - base_effort, 0.0))} left of the budget"
    )
    unit = "effort" if policy.weight == "effort" else "initiatives"
    return (
        f"{_required(p.names, required, inside)} cannot be funded without process skew: "
        f"process innovation takes {pct(_process_share(region_weight))} of the innovation "
        f"{unit}, above the limit of {pct(policy.max_process_share)}, and nothing that fits "
        f"{left} brings it within the limit"
    )


def _explain(problem: _Problem, budget: float, policy: BalancePolicy) -> tuple[LeftOut, ...]:
    p = problem.source
    names = p.names
    efforts = np.asarray(p.effort, dtype=np.float64)
    weights = _weights(p, policy)
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
            needed = _closure([k], problem.predecessors)
            stop = sorted(needed & blocked)
            missing = sorted(j for j in needed if not chosen[j])
            need = math.fsum(efforts[missing].tolist())
            added = np.bincount(problem.codes[missing], weights=weights[missing], minlength=8)
            after = _process_share(region_weight + added)
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


# --- schedule --------------------------------------------------------------------------


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
        options: dict[str, Any] = {"indent": 2, "ensure_ascii": False, **kwargs}
        return json.dumps(self.to_dict(), **options)

    def __repr__(self) -> str:
        return (
            f"<Schedule of {plural(self.size, 'initiative')} in "
            f"{plural(len(self.periods), 'period')} of capacity {number(self.capacity)} "
            f"({self._verdict()})>"
        )

    def __str__(self) -> str:
        if not self.periods:
            return "Schedule: the portfolio is empty, there is nothing to schedule."
        lines = [
            f"Schedule of {plural(self.size, 'initiative')} in "
            f"{plural(len(self.periods), 'period')} of capacity {number(self.capacity)} "
            f"({self._verdict()})"
        ]
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
        rows = []
        for k, (names, load, report) in enumerate(
            zip(self.periods, self.load, self.phase_balance, strict=True), 1
        ):
            if k > _SHOWN:
                rows.append(
                    f"<tr><td colspan='5'>... and {len(self.periods) - _SHOWN:,} more</td></tr>"
                )
                break
            listed = ", ".join(html.escape(n) for n in names[:_SHOWN])
            if len(names) > _SHOWN:
                listed += f" and {len(names) - _SHOWN:,} more"
            codes = ", ".join(
                f"<code title='{html.escape(f.message, quote=True)}'>{html.escape(f.code)}</code>"
                for f in report.findings
                if f.severity == "warning"
            )
            rows.append(
                f"<tr><td>{k}</td><td>{listed}</td>"
                f"<td style='text-align:right'>{number(load)}</td>"
                f"<td style='text-align:right'>"
                f"{pct(report.innovation_shares[InnovationType.PROCESS])}</td>"
                f"<td>{codes or '-'}</td></tr>"
            )
        head = (
            "<tr><th>period</th><th>initiatives</th><th>load</th><th>process share</th>"
            "<th>warnings</th></tr>"
        )
        return (
            f"<div><table><caption>{html.escape(repr(self))}</caption>"
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
        )


def _heights(order: Sequence[int], successors: Sequence[Sequence[int]]) -> list[int]:
    """The longest chain (in initiatives) from each initiative to one nothing depends on."""
    height = [1] * len(successors)
    for node in reversed(order):
        for other in successors[node]:
            if height[other] + 1 > height[node]:
                height[node] = height[other] + 1
    return height


def _window_bound(
    efforts: Sequence[float],
    depth: Sequence[int],
    height: Sequence[int],
    chain: int,
    allowance: float,
) -> int:
    """The energy bound: initiatives at depth >= d with chains of >= h after them fit
    only between period d + 1 and the h-th last, so T >= d + h - 1 + ceil(W / C).

    With ``d = 0, h = 1`` this is ``ceil(W / C)``; a lone initiative on the longest
    chain gives the chain length.  All pairs (d, h) for chains up to 300 long, else
    the two one-sided families only.
    """
    grid = np.zeros((chain + 1, chain + 1))
    np.add.at(grid, (np.asarray(depth), np.asarray(height)), np.asarray(efforts))
    # energy[d, h]: effort of the initiatives with depth >= d and height >= h
    if chain <= 300:
        energy = grid[::-1, ::-1].cumsum(axis=0).cumsum(axis=1)[::-1, ::-1]
        d, h = np.nonzero(energy > 0)
        periods = d + h - 1 + np.ceil(energy[d, h] / allowance - TOLERANCE)
    else:
        by_depth = grid.sum(axis=1)[::-1].cumsum()[::-1]
        by_height = grid.sum(axis=0)[::-1].cumsum()[::-1]
        d = np.nonzero(by_depth > 0)[0]
        h = np.nonzero(by_height > 0)[0]
        periods = np.concatenate(
            [
                d + np.ceil(by_depth[d] / allowance - TOLERANCE),
                h - 1 + np.ceil(by_height[h] / allowance - TOLERANCE),
            ]
        )
    return max(int(periods.max(initial=0)), chain)


def _list_schedule(
    efforts: Sequence[float],
    predecessors: Sequence[Sequence[int]],
    successors: Sequence[Sequence[int]],
    height: Sequence[int],
    allowance: float,
) -> list[int]:
    """Period (0-based) of each initiative: list scheduling, longest chain first.

    Each period takes the ready initiatives (every dependency in an earlier
    period) in order of the longest chain still hanging on them, then larger
    effort, then portfolio order, adding each that still fits.
    """
    n = len(efforts)
    waiting = [len(p) for p in predecessors]
    ready = [(-height[k], -efforts[k], k) for k in range(n) if not waiting[k]]
    heapq.heapify(ready)
    period = [-1] * n
    smallest = min(efforts, default=0.0)
    t = 0
    while ready:
        load = 0.0
        placed: list[int] = []
        skipped = []
        while ready and allowance - load >= smallest:
            item = heapq.heappop(ready)
            k = item[2]
            if load + efforts[k] <= allowance:
                load += efforts[k]
                placed.append(k)
            else:
                skipped.append(item)
        for item in skipped:
            heapq.heappush(ready, item)
        for k in placed:
            period[k] = t
            for other in successors[k]:
                waiting[other] -= 1
                if not waiting[other]:
                    heapq.heappush(ready, (-height[other], -efforts[other], other))
        t += 1
    return period


def _level_schedule(
    efforts: Sequence[float], generations: Sequence[Sequence[int]], allowance: float
) -> list[int]:
    """Period of each initiative: each roadmap phase packed by first-fit decreasing.

    Any two periods cut from one phase hold more than the capacity together, so
    phase ``g`` of effort ``W_g`` takes at most ``ceil(2 * W_g / C)`` periods and the
    whole schedule at most ``2 * W / C + L`` (``L`` phases) -- at most three times
    the lower bound.
    """
    period = [-1] * len(efforts)
    start = 0
    for generation in generations:
        loads: list[float] = []
        for k in sorted(generation, key=lambda k: (-efforts[k], k)):
            for b, load in enumerate(loads):
                if load + efforts[k] <= allowance:
                    loads[b] = load + efforts[k]
                    period[k] = start + b
                    break
            else:
                loads.append(efforts[k])
                period[k] = start + len(loads) - 1
        start += len(loads)
    return period


def _compact(
    period: list[int],
    efforts: Sequence[float],
    predecessors: Sequence[Sequence[int]],
    allowance: float,
) -> list[int]:
    """Move each initiative to the earliest period with room after its dependencies.

    Never adds a period; empty periods left behind are closed up.  Makes the
    answer canonical (as early as possible) whatever found it.
    """
    count = max(period, default=-1) + 1
    loads = [0.0] * count
    for k, t in enumerate(period):
        loads[t] += efforts[k]
    new = list(period)
    for k in sorted(range(len(period)), key=lambda k: (period[k], k)):
        earliest = max((new[j] + 1 for j in predecessors[k]), default=0)
        for t in range(earliest, new[k]):
            if loads[t] + efforts[k] <= allowance:
                loads[new[k]] -= efforts[k]
                loads[t] += efforts[k]
                new[k] = t
                break
    used = sorted(set(new))
    renumber = {t: r for r, t in enumerate(used)}
    return [renumber[t] for t in new]


def _exact_schedule(
    periods: int,
    efforts: Sequence[float],
    predecessors: Sequence[Sequence[int]],
    depth: Sequence[int],
    height: Sequence[int],
    capacity: float,
    seconds: float,
) -> list[int] | Literal["limit"] | None:
    """A schedule in ``periods`` periods from an integer program, None if there is none.

    ``x[i, t] = 1`` puts initiative ``i`` in period ``t``, only inside its window
    ``depth[i] <= t <= periods - height[i]``; each initiative takes one period,
    each period at most the capacity, and for each dependency ``j`` of ``i`` and
    each ``t``: ``sum_{s <= t} x[i, s] <= sum_{s < t} x[j, s]``.
    """
    n = len(efforts)
    first = list(depth)
    last = [periods - h for h in height]
    offset = [0] * (n + 1)
    for k in range(n):
        offset[k + 1] = offset[k] + last[k] - first[k] + 1
    rows = _Rows(offset[n])
    for k in range(n):
        rows.add(np.arange(offset[k], offset[k + 1]), 1.0, 1.0, 1.0)
    by_period: list[list[int]] = [[] for _ in range(periods)]
    share: list[list[float]] = [[] for _ in range(periods)]
    for k in range(n):
        for t in range(first[k], last[k] + 1):
            by_period[t].append(offset[k] + t - first[k])
            share[t].append(efforts[k] / capacity)
    for t in range(periods):
        if sum(share[t]) > 1.0 + TOLERANCE:
            rows.add(by_period[t], share[t], -np.inf, 1.0 + TOLERANCE)
    for i in range(n):
        for j in predecessors[i]:
            for t in range(first[i], last[i] + 1):
                if t - 1 >= last[j]:
                    break  # j is surely done before t
                mine = range(offset[i], offset[i] + t - first[i] + 1)
                theirs = range(offset[j], offset[j] + max(t - first[j], 0))
                rows.add([*mine, *theirs], [1.0] * len(mine) + [-1.0] * len(theirs), -np.inf, 0.0)
    result = rows.solve(np.zeros(offset[n]), node_limit=NODE_LIMIT, time_limit=seconds)
    if result.status not in (0, 2):  # a node or time limit (HiGHS reports it as 1 or 4)
        return "limit"
    x = _binary(result)
    if x is None:
        return None
    period = [-1] * n
    for k in range(n):
        period[k] = first[k] + int(np.flatnonzero(x[offset[k] : offset[k + 1]])[0])
    loads = [0.0] * periods
    for k, t in enumerate(period):
        loads[t] += efforts[k]
    if max(loads, default=0.0) > capacity * (1.0 + TOLERANCE):
        return "limit"  # rounding at the capacity: do not trust this answer
    return period


def schedule(
    portfolio: Portfolio | Iterable[Initiative],
    *,
    capacity: float,
    policy: BalancePolicy | None = None,
    thresholds: Thresholds | None = None,
    method: Method = "auto",
    progress: Progress = None,
) -> Schedule:
    """Periods of at most ``capacity`` effort that respect every dependency, as few as possible.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    capacity : float
        The effort one period holds (finite, ``> 0``); a load within one part
        in a billion of it (:data:`TOLERANCE`) fits.
    policy : BalancePolicy, optional
        For the balance report of each period.
    thresholds : Thresholds, optional
        For the regions behind those reports.
    method : {"auto", "exact", "heuristic"}, default "auto"
        ``"auto"`` proves the answer minimal with an integer program up to
        :data:`EXACT_LIMIT` (60) initiatives and uses the heuristic alone
        above; ``"exact"`` tries the integer program at any size;
        ``"heuristic"`` never does.
    progress : bool or callable, optional
        ``True`` shows a tqdm bar; a callable is called with a short message
        at each stage.

    Returns
    -------
    Schedule

    Raises
    ------
    InfeasibleError
        An initiative needs more effort than one period holds (each is named).
    UnknownDependencyError, DependencyCycleError
        As :func:`~cxmodel.roadmap` raises them.
    FieldError
        A bad ``capacity``, ``method``, ``policy`` or ``thresholds``.

    Notes
    -----
    **Lower bound.**  No schedule has fewer periods than the largest of
    ``ceil(W / C)`` (total effort over capacity), the longest chain of
    dependencies in initiatives (the roadmap's phase count), and the number
    of initiatives bigger than ``C / 2``.  :attr:`Schedule.lower_bound`
    shows it, so the gap to the answer is visible.

    **Heuristic.**  Two schedules are built and the shorter kept: list
    scheduling (each period filled with ready initiatives, longest chain of
    dependants first, then larger effort) and the roadmap's phases each packed
    by first-fit decreasing.  The second guarantees at most ``2 * W / C + L``
    periods, ``L`` the longest chain, since any two periods cut from one phase
    together hold more than ``C``; so the answer has at most three times the
    lower bound -- and usually equals it.  Finally each initiative moves to
    the earliest period with room after its dependencies.

    **Exact.**  When the heuristic's count exceeds the lower bound, an integer
    program (HiGHS) is asked for a schedule of ``lower_bound``,
    ``lower_bound + 1``, ... periods; the first that exists is minimal.  Each
    initiative may only sit between its depth in the dependency graph and its
    latest start, which keeps the programs small.  A program that exceeds
    :data:`NODE_LIMIT` branch-and-bound nodes stops the search: the
    heuristic's answer is kept and :attr:`Schedule.exact` is False.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.decisions import default_values, schedule, select
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Order data platform", 0.8, 0.3, 0.9, effort=8),
    ...     cx.Initiative("Invoice automation", 0.9, 0.2, 0.8, effort=3),
    ...     cx.Initiative("Loyalty programme", 0.8, 0.9, 0.4, effort=4,
    ...                   depends_on=["Order data platform"]),
    ...     cx.Initiative("Returns portal", 0.7, 0.8, 0.7, effort=5),
    ... ])
    >>> plan = schedule(p, capacity=10)
    >>> plan.periods
    (('Order data platform',), ('Loyalty programme', 'Returns portal'), ('Invoice automation',))
    >>> plan.load, plan.lower_bound, plan.exact
    ((8.0, 9.0, 3.0), 3, True)
    >>> plan.period_of["Loyalty programme"]
    2
    >>> schedule(p, capacity=6)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.InfeasibleError: "Order data platform" needs effort 8, more than ...
    """
    p = as_portfolio(portfolio)
    used_policy, used_thresholds = resolve_settings(policy, thresholds)
    cap = _capacity(capacity)
    if method not in ("auto", "exact", "heuristic"):
        raise FieldError("method", method, "must be 'auto', 'exact' or 'heuristic'")
    predecessors = _predecessors(p)
    generations, _, _ = _plan(p)
    names = p.names
    n = len(p)
    efforts = np.asarray(p.effort, dtype=np.float64).tolist()
    allowance = cap * (1.0 + TOLERANCE)
    too_big = [k for k in range(n) if efforts[k] > allowance]
    if too_big:
        listed = quoted([names[k] for k in too_big])
        needs = "needs effort" if len(too_big) == 1 else "need efforts"
        amounts = ", ".join(number(efforts[k]) for k in too_big[:MAX_NAMED])
        raise InfeasibleError(
            f"{listed} {needs} {amounts}, more than the capacity {number(cap)} of a period"
        )
    successors = _successors(predecessors)
    order = [k for generation in generations for k in generation]
    depth = [0] * n
    for g, generation in enumerate(generations):
        for k in generation:
            depth[k] = g
    height = _heights(order, successors)
    bound = 0
    if n:
        total = math.fsum(efforts)
        bound = max(
            math.ceil(total / allowance),
            sum(e > allowance / 2 for e in efforts),
            _window_bound(efforts, depth, height, len(generations), allowance),
        )
    bar = _Progress(progress, 2, "schedule")
    try:
        bar.step("heuristic")
        candidates = [
            _list_schedule(efforts, predecessors, successors, height, allowance),
            _level_schedule(efforts, generations, allowance),
        ]
        period = min(
            (_compact(c, efforts, predecessors, allowance) for c in candidates),
            key=lambda c: max(c, default=-1),
        )
        count = max(period, default=-1) + 1
        found_by: Literal["milp", "heuristic"] = "heuristic"
        proven = count <= bound
        if not proven and (method == "exact" or (method == "auto" and n <= EXACT_LIMIT)):
            deadline = time.monotonic() + TIME_LIMIT
            for periods in range(bound, count):
                bar.step(f"integer program: {periods} periods?")
                seconds = deadline - time.monotonic()
                if seconds <= 0:
                    break
                answer = _exact_schedule(
                    periods, efforts, predecessors, depth, height, cap, seconds
                )
                if answer == "limit":
                    break
                if answer is None:
                    bound = periods + 1
                    continue
                period = _compact(answer, efforts, predecessors, allowance)
                count, found_by, bound = max(period) + 1, "milp", periods
                break
            proven = count <= bound
    finally:
        bar.close()
    members = [[] for _ in range(count)]  # type: list[list[int]]
    for k, t in enumerate(period):
        members[t].append(k)
    return Schedule(
        periods=tuple(tuple(names[k] for k in m) for m in members),
        period_of={names[k]: t + 1 for k, t in enumerate(period)},
        load=tuple(math.fsum(efforts[k] for k in m) for m in members),
        capacity=cap,
        lower_bound=min(bound, count),
        exact=proven,
        method=found_by,
        policy=used_policy,
        thresholds=used_thresholds,
        portfolio=p,
        members=tuple(np.array(m, dtype=np.intp) for m in members),
    )
