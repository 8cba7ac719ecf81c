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

This module holds the two functions and :func:`default_values`; the results
live in ``_selection`` (:class:`Selection`, :class:`LeftOut`) and
``_schedule_result`` (:class:`Schedule`), the integer programs in ``_milp``,
the bounds, heuristic and exact search of schedule in ``_schedule_search``,
the argument checks in ``_decision_inputs`` and the arithmetic both share in
``_decision_rules``.  Every public name, and the constants ``TOLERANCE``,
``VALUE_TIE``, ``EXACT_LIMIT``, ``NODE_LIMIT`` and ``TIME_LIMIT``, import from here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from ._decision_inputs import (
    Progress,
    Stages,
    check_budget,
    check_capacity,
    lookup,
    name_positions,
    real_number,
)
from ._decision_rules import TOLERANCE as TOLERANCE
from ._decision_rules import FloatArray
from ._milp import NODE_LIMIT as NODE_LIMIT
from ._milp import VALUE_TIE as VALUE_TIE
from ._milp import best_selection
from ._schedule_result import Schedule as Schedule
from ._schedule_search import EXACT_LIMIT as EXACT_LIMIT
from ._schedule_search import TIME_LIMIT as TIME_LIMIT
from ._schedule_search import Method, search
from ._selection import LeftOut as LeftOut
from ._selection import Problem
from ._selection import Selection as Selection
from ._text import MAX_NAMED, number, quoted
from .balance import check_balance
from .exceptions import FieldError, InfeasibleError
from .model import Initiative, Thresholds
from .planning import _plan, _predecessors
from .policy import BalancePolicy, resolve_settings
from .portfolio import Portfolio, as_portfolio

__all__ = ["LeftOut", "Schedule", "Selection", "default_values", "schedule", "select"]


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
        position = lookup(index, name)
        if position is None:
            raise FieldError("value", name, "names no initiative of the portfolio")
        field = f"value[{portfolio.names[position]!r}]"
        number_ = real_number(field, amount)
        if not 0 <= number_ < math.inf:
            raise FieldError(field, amount, "must be a finite number >= 0")
        out[position] = number_
    missing = [portfolio.names[k] for k in np.flatnonzero(np.isnan(out)).tolist()]
    if missing:
        raise FieldError("value", f"{len(given)} values", f"gives no value for {quoted(missing)}")
    return out


# --- select ----------------------------------------------------------------------------


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
        ``True`` shows a progress bar on a terminal or in a notebook (tqdm's with
        ``pip install 'cxmodel[progress]'``); a callable is called as
        ``progress(done, total)`` after each of the three stages.

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
    not required (:func:`~cxmodel.policy.bloat_candidates`) and for what
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
    limit = check_budget(budget)
    values = _values(p, value)
    required = name_positions(p, "require", require)
    excluded = name_positions(p, "exclude", exclude)
    predecessors = _predecessors(p)
    _plan(p)  # a dependency cycle is an error here too
    bar = Stages(progress, 3, "select")
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
    bar: Stages,
) -> Selection:
    n = len(p)
    names = p.names
    efforts = np.asarray(p.effort, dtype=np.float64)
    codes = p.regions(thresholds)
    positions, bloat = best_selection(
        p, codes, budget, values, policy, thresholds, required, excluded, predecessors, bar.step
    )
    bar.step("balance of the chosen")
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
        problem=Problem(
            source=p,
            values=values,
            codes=codes,
            predecessors=predecessors,
            chosen=mask,
            excluded=frozenset(excluded),
            bloat=bloat,
        ),
    )


# --- schedule --------------------------------------------------------------------------


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
        ``True`` shows a progress bar on a terminal or in a notebook; a callable
        is called as ``progress(done, total)`` after each stage.

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
    cap = check_capacity(capacity)
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
    bar = Stages(progress, 2, "schedule")
    try:
        found = search(efforts, predecessors, generations, cap, method, bar.step)
    finally:
        bar.close()
    count, period = found.count, found.period
    members = [[] for _ in range(count)]  # type: list[list[int]]
    for k, t in enumerate(period):
        members[t].append(k)
    return Schedule(
        periods=tuple(tuple(names[k] for k in m) for m in members),
        period_of={names[k]: t + 1 for k, t in enumerate(period)},
        load=tuple(math.fsum(efforts[k] for k in m) for m in members),
        capacity=cap,
        lower_bound=found.lower_bound,
        exact=found.exact,
        method=found.method,
        policy=used_policy,
        thresholds=used_thresholds,
        portfolio=p,
        members=tuple(np.array(m, dtype=np.intp) for m in members),
    )
