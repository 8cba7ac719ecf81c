"""The balance checker: is a portfolio's innovation effort level across the three kinds?

The source names two failure modes of a customer-experience portfolio:

* **process skew** -- "many businesses fall into the trap of focusing most of
  their energy" on process innovation, so the balance is "not level, but
  skewed toward process innovation";
* **"just because you can" feature bloat** -- bells and whistles added "just
  because the technology allows you to".

:func:`check_balance` measures the mix (effort- or count-weighted shares per
:class:`~cxmodel.Region` and per :class:`~cxmodel.InnovationType`, and a
normalised-entropy ``balance_index``) and reports :class:`Finding` objects a
strategy team can act on.  It works on the portfolio's columns with numpy, so
it stays fast on millions of initiatives; :func:`balance_from_codes` is the
same computation on bare region codes (for example one roadmap phase at a time).

Finding codes
-------------
Every code the checker can report, in the order findings are listed:

=================  ========  ==============================================================
code               severity  reported when
=================  ========  ==============================================================
process-skew       warning   the process share of innovation weight is strictly greater
                             than ``BalancePolicy.max_process_share``; names the pure
                             process initiatives (region PROCESS)
feature-bloat      warning   some initiatives have feasibility >= ``bloat_feasibility``,
                             desirability and viability below their thresholds and
                             feasibility - desirability >= ``bloat_gap``; names them
empty-portfolio    info      the portfolio has no initiative at all
no-innovation      info      there are initiatives, but none passes two lenses
no-emotional       info      there is innovation, but none of it is emotional (no
                             initiative in regions EMOTIONAL or CUSTOMER_EXPERIENCE);
                             names the desirable-only initiatives as candidates
low-balance        info      ``balance_index`` < ``BalancePolicy.min_balance_index``
no-lens            info      some initiatives pass no lens at all (region NONE); names them
on-threshold       info      some initiatives have a score exactly on its threshold, so the
                             smallest change flips their region; names them
=================  ========  ==============================================================

The customer-experience rules (:mod:`cxmodel.findings.customer`) run after these,
and only when the portfolio carries the optional fields they read:

========================  ========  =====================================================
code                      severity  reported when
========================  ========  =====================================================
desire-deception          info      customers say they want some initiatives that do not
                                    drive value for them (a feature-bloat risk); names them
subconscious-opportunity  info      some initiatives drive value although customers do not
                                    ask for them (emotional-innovation opportunities)
perception-gap            info      the company rates desirability at least 0.2 above the
                                    ``customer_desirability`` customers gave; names them
no-employees              info      initiatives name stakeholders, but none serves employees
journey-gap               info      initiatives name journey stages, but some stage has none
========================  ========  =====================================================

Severity ``"info"`` never makes a report fail; list a code in
``BalancePolicy(escalate=...)`` to make it a warning (then ``report.ok`` is
False and, with ``warn=True``, a :class:`~cxmodel.CxModelWarning` is emitted).

Adding a finding
----------------
A rule is a function ``(context) -> Finding | None``.  Each subject's rules are
an ordered tuple of ``(code, rule)`` pairs in :mod:`cxmodel.findings` (portfolio,
customer, roadmap), every code has an entry in
:mod:`cxmodel.findings.catalogue`, and :func:`check_balance` runs
:data:`~cxmodel.balance.RULES` unless given ``rules=``.  The
:class:`~cxmodel.findings.Context` a rule receives holds the columns (names,
region codes, weights, scores), the aggregated region weights, the shares, the
policy, the thresholds and -- when the check started from a
:class:`~cxmodel.Portfolio` -- the portfolio itself, for rules that need
optional fields.  A rule that needs the portfolio returns ``None`` when
``context.portfolio`` is ``None``.
"""

from __future__ import annotations

import html
import math
import textwrap
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._html import Raw, bar, block, findings_list, table
from ._text import json_text, number, pct, plural
from .exceptions import FieldError
from .findings.context import Context, Finding, Rule
from .findings.customer import RULES as CUSTOMER_RULES
from .findings.portfolio import RULES as PORTFOLIO_RULES
from .intersections import REGION_COLORS, InnovationType, Region
from .model import Initiative, Thresholds

# Re-exported: code written against cxmodel.balance keeps working.
from .policy import BalancePolicy as BalancePolicy
from .policy import bloat_candidates as bloat_candidates
from .policy import resolve_settings as resolve_settings
from .portfolio import Portfolio, as_portfolio

__all__ = [
    "RULES",
    "BalancePolicy",
    "BalanceReport",
    "Finding",
    "balance_from_codes",
    "check_balance",
]

#: Every rule of a portfolio check, in the order they run: the portfolio rules, then the
#: customer-experience ones, which fire only when a portfolio carries the fields they read.
RULES: tuple[tuple[str, Rule], ...] = (*PORTFOLIO_RULES, *CUSTOMER_RULES)


FloatArray = npt.NDArray[np.float64]


_CENTRE = int(Region.CUSTOMER_EXPERIENCE)


@attrs.frozen(eq=False)
class BalanceReport:
    """The outcome of :func:`check_balance`: the mix, its balance and the findings.

    Attributes
    ----------
    findings : tuple of Finding
        Warnings first, then infos, in the order of the code table of
        :mod:`cxmodel.balance`.
    region_shares : dict
        :class:`~cxmodel.Region` -> share of the total weight, for all eight
        regions; sums to 1 (all 0.0 for an empty portfolio).
    innovation_shares : dict
        :class:`~cxmodel.InnovationType` -> share of the weight of innovations
        (regions EMOTIONAL, PROCESS, FUNCTIONAL and CUSTOMER_EXPERIENCE, the
        centre counting one third to each type); sums to 1, or all 0.0 when no
        initiative is an innovation.
    balance_index : float
        Shannon entropy of ``innovation_shares`` divided by ``log(3)``, in
        ``[0, 1]``: 1.0 exactly when the three shares are equal, 0.0 when all
        innovation is of one kind -- or when there is no innovation at all.
    region_counts : dict
        :class:`~cxmodel.Region` -> number of initiatives (all eight keys).
    total_weight : float
        The total weight (effort, or the number of initiatives); for efforts so
        large that their sum would overflow a float, in units of the largest effort.
    policy : BalancePolicy
        The policy applied.
    thresholds : Thresholds
        The thresholds regions were computed with.

    Examples
    --------
    >>> import cxmodel as cx
    >>> report = cx.check_balance(cx.example_portfolio(), warn=False)
    >>> report.ok
    False
    >>> [f.code for f in report.findings]
    ['process-skew', 'feature-bloat', 'desire-deception', 'subconscious-opportunity',
     'perception-gap', 'journey-gap']
    >>> round(report.innovation_shares[cx.InnovationType.PROCESS], 3)
    0.545
    """

    findings: tuple[Finding, ...]
    region_shares: dict[Region, float]
    innovation_shares: dict[InnovationType, float]
    balance_index: float
    region_counts: dict[Region, int]
    total_weight: float
    policy: BalancePolicy
    thresholds: Thresholds
    #: Every weight was the default effort of 1: no effort was given, so "weighted by
    #: effort" would only count initiatives, and the text says so.
    default_effort: bool = False

    @property
    def ok(self) -> bool:
        """True when no finding has severity ``"warning"``."""
        return not any(f.severity == "warning" for f in self.findings)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``"warning"``."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the findings, in order."""
        return tuple(f.code for f in self.findings)

    @property
    def size(self) -> int:
        """How many initiatives were checked."""
        return sum(self.region_counts.values())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable layout (keys in a fixed order).

        Regions are keyed by name (``"PROCESS"``), innovation types by value
        (``"process"``), as in ``cxmodel classify --format json``.

        Examples
        --------
        >>> import json
        >>> import cxmodel as cx
        >>> data = cx.check_balance(cx.example_portfolio(), warn=False).to_dict()
        >>> list(data)[:4]
        ['ok', 'size', 'weight', 'total_weight']
        >>> data["innovation_shares"]["emotional"]
        0.25
        >>> json.loads(json.dumps(data)) == data
        True
        """
        return {
            "ok": self.ok,
            "size": self.size,
            "weight": self.policy.weight,
            "total_weight": self.total_weight,
            "innovation_shares": {t.value: v for t, v in self.innovation_shares.items()},
            "balance_index": self.balance_index,
            "region_shares": {r.name: v for r, v in self.region_shares.items()},
            "region_counts": {r.name: n for r, n in self.region_counts.items()},
            "findings": [f.to_dict() for f in self.findings],
            "policy": self.policy.to_dict(),
            "thresholds": attrs.asdict(self.thresholds),
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``indent=2``, UTF-8 text unless overridden).

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.check_balance(cx.Portfolio([])).to_json().startswith('{\\n  "ok": true')
        True
        """
        return json_text(self.to_dict(), **kwargs)

    def _basis(self) -> str:
        if self.policy.weight == "count":
            return "counted by initiative"
        if self.default_effort and self.size:
            return "weighted by count (no effort given: every initiative counts 1)"
        return f"weighted by effort ({number(self.total_weight)} in total)"

    def __str__(self) -> str:
        lines = [f"Balance of {plural(self.size, 'initiative')}, {self._basis()}"]
        if any(self.innovation_shares.values()):
            mix = ", ".join(f"{t.value} {pct(s)}" for t, s in self.innovation_shares.items())
            lines.append(f"  Innovation mix: {mix}")
            lines.append(
                f"  Balance index:  {self.balance_index:.2f} "
                "(1 = level mix of emotional, process and functional innovation)"
            )
        # Non-breaking spaces keep each "label share" together when wrapping.
        regions = ", ".join(
            f"{r.label} {pct(s)}".replace(" ", "\N{NO-BREAK SPACE}")
            for r, s in sorted(self.region_shares.items(), key=lambda item: -item[1])
            if s
        )
        if regions:
            wrapped = textwrap.wrap(
                regions, 88, initial_indent="  Regions:        ", subsequent_indent=" " * 18
            )
            lines.extend(line.replace("\N{NO-BREAK SPACE}", " ") for line in wrapped)
        lines.append("")
        n_warn = len(self.warnings)
        n_info = len(self.findings) - n_warn
        if self.findings:
            counts = [plural(n, noun) for n, noun in ((n_warn, "warning"), (n_info, "note")) if n]
            lines.append(f"Findings: {', '.join(counts)}")
            for f in self.findings:
                label = "WARNING" if f.severity == "warning" else "note"
                lines.extend(
                    textwrap.wrap(
                        f"{label} [{f.code}] {f.message}",
                        88,
                        initial_indent="  ",
                        subsequent_indent="      ",
                        break_on_hyphens=False,
                    )
                )
        if self.ok:
            lines.append("Verdict: balanced, no warnings under this policy.")
        else:
            lines.append(f"Verdict: NOT balanced, {plural(n_warn, 'warning')}.")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Shares as bars coloured like the Venn regions, then the findings."""
        rows = [
            [t.label, pct(share), bar(share, REGION_COLORS[t.region])]
            for t, share in self.innovation_shares.items()
        ]
        verdict = (
            "balanced" if self.ok else f"not balanced ({plural(len(self.warnings), 'warning')})"
        )
        title = Raw(
            f"<p><b>Balance of {plural(self.size, 'initiative')}</b>, "
            f"{html.escape(self._basis())}: {html.escape(verdict)}; "
            f"balance index {self.balance_index:.2f}</p>"
        )
        shares = Raw(table(["innovation", "share", ""], rows, numeric={1}))
        return block(title, shares, findings_list(self.findings))


def _innovation_shares(region_weight: FloatArray) -> dict[InnovationType, float]:
    """Share of each type; the centre gives a third to each.

    Written as one division of ``3 * w_type + w_centre`` by ``3 * total`` so
    that integer weights give the correctly rounded share (0.5 is exactly 0.5),
    which keeps the strict ``>`` of process skew honest at the limit.
    """
    centre = float(region_weight[_CENTRE])
    pure = {t: float(region_weight[int(t.region)]) for t in InnovationType}
    total = sum(pure.values()) + centre
    if total == 0.0:
        return dict.fromkeys(InnovationType, 0.0)
    return {t: (3.0 * w + centre) / (3.0 * total) for t, w in pure.items()}


def _balance_index(shares: dict[InnovationType, float]) -> float:
    values = list(shares.values())
    if not any(values):
        return 0.0
    if values[0] == values[1] == values[2]:
        return 1.0
    entropy = -sum(s * math.log(s) for s in values if s > 0.0) / math.log(3.0)
    # Only equal shares are perfectly level: keep near-equal ones just below 1.
    return min(max(0.0, entropy), math.nextafter(1.0, 0.0))


def _aggregate(
    codes: npt.NDArray[np.uint8], weights: FloatArray | None
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    if weights is None:
        count = np.bincount(codes, minlength=8)
        return count.astype(np.float64), count
    index = codes.astype(np.intp)  # bincount casts anyway: cast once for both calls
    count = np.bincount(index, minlength=8)
    weight: FloatArray = np.bincount(index, weights=weights, minlength=8).astype(np.float64)
    with np.errstate(over="ignore"):
        overflow = not np.isfinite(3.0 * weight.sum())  # 3 * total: see _innovation_shares
    if overflow:  # efforts near the float maximum: rescale, which leaves the shares alone
        weight = np.bincount(index, weights=weights / weights.max(), minlength=8).astype(
            np.float64
        )
    return weight, count


def _report(
    names: Sequence[str],
    codes: npt.NDArray[np.uint8],
    weights: FloatArray | None,
    desirability: FloatArray | None,
    feasibility: FloatArray | None,
    policy: BalancePolicy,
    thresholds: Thresholds,
    portfolio: Portfolio | None,
    rules: Sequence[tuple[str, Rule]],
    viability: FloatArray | None = None,
) -> BalanceReport:
    used_weights = None if policy.weight == "count" else weights
    region_weight, region_count = _aggregate(codes, used_weights)
    total = float(region_weight.sum())
    region_shares = {r: (float(region_weight[r]) / total if total else 0.0) for r in Region}
    shares = _innovation_shares(region_weight)
    context = Context(
        names=names,
        codes=codes,
        weights=used_weights,
        viability=viability if portfolio is None else portfolio.viability,
        desirability=desirability,
        feasibility=feasibility,
        policy=policy,
        thresholds=thresholds,
        region_weight=region_weight,
        innovation_shares=shares,
        balance_index=_balance_index(shares),
        portfolio=portfolio,
    )
    found = []
    for code, rule in rules:
        finding = rule(context)
        if finding is None:
            continue
        if code in policy.escalate and finding.severity != "warning":
            finding = attrs.evolve(finding, severity="warning")
        found.append(finding)
    found.sort(key=lambda f: f.severity != "warning")  # stable: warnings first
    return BalanceReport(
        findings=tuple(found),
        region_shares=region_shares,
        innovation_shares=shares,
        balance_index=context.balance_index,
        region_counts={r: int(region_count[r]) for r in Region},
        total_weight=total,
        policy=policy,
        thresholds=thresholds,
        default_effort=_all_default_effort(used_weights, region_weight, region_count),
    )


def _all_default_effort(
    weights: FloatArray | None, region_weight: FloatArray, region_count: npt.NDArray[np.intp]
) -> bool:
    """Whether every effort is the default 1 (no effort was given).

    The region sums rule most portfolios out without another pass over a million
    efforts; only when they equal the region counts is each effort read.
    """
    if weights is None or not np.array_equal(region_weight, region_count):
        return False
    return bool(np.all(weights == 1.0))


def check_balance(
    portfolio: Portfolio | Iterable[Initiative],
    policy: BalancePolicy | None = None,
    *,
    thresholds: Thresholds | None = None,
    warn: bool = True,
    rules: Sequence[tuple[str, Rule]] | None = None,
) -> BalanceReport:
    """Check whether a portfolio's innovation is balanced, and say what to do if not.

    Parameters
    ----------
    portfolio : Portfolio
        The initiatives to check (any iterable of :class:`~cxmodel.Initiative`
        is accepted and made into a portfolio).
    policy : BalancePolicy, optional
        The limits; defaults to ``BalancePolicy()``.
    thresholds : Thresholds, optional
        The pass marks of the lenses; defaults to ``Thresholds()``.
    warn : bool, default True
        Emit a :class:`~cxmodel.ProcessSkewWarning` or
        :class:`~cxmodel.FeatureBloatWarning` (a :class:`~cxmodel.CxModelWarning`
        for escalated codes) for each warning finding, pointing at the caller;
        the message names the initiatives involved.

    Returns
    -------
    BalanceReport

    Notes
    -----
    *Process skew* fires when ``innovation_shares[PROCESS] >
    policy.max_process_share``.  The finding names the *pure* process
    initiatives (region PROCESS): customer-experience initiatives also count a
    third toward process but already pass the people lens, so they are not
    what needs rebalancing.  The message says how much weight to move (or add)
    to get back within the limit.

    *Feature bloat* candidates have ``feasibility >= policy.bloat_feasibility``,
    desirability and viability below their thresholds, and ``feasibility -
    desirability >= policy.bloat_gap``.  The message quotes the source's test:
    "do these new bells and whistles help the people accomplish something or
    do they just get in the way?"

    Every other finding is severity ``"info"`` (see the table in
    :mod:`cxmodel.balance`).  The work is vectorised: one classification, two
    ``np.bincount`` calls and a few array comparisons; Python only loops over
    the handful of initiatives a message names.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Invoice automation", 0.9, 0.2, 0.9, effort=6),
    ...     cx.Initiative("Customer community", 0.8, 0.9, 0.3, effort=2),
    ... ])
    >>> report = cx.check_balance(p, warn=False)
    >>> report.ok, report.codes
    (False, ('process-skew', 'low-balance'))
    >>> report.innovation_shares[cx.InnovationType.PROCESS]
    0.75
    >>> report.findings[0].initiatives
    ('Invoice automation',)
    >>> cx.check_balance(p, cx.BalancePolicy(max_process_share=0.8), warn=False).ok
    True
    """
    used_policy, used_thresholds = resolve_settings(policy, thresholds)
    portfolio = as_portfolio(portfolio)
    report = _report(
        portfolio.names,
        portfolio.regions(used_thresholds),
        portfolio.effort,
        portfolio.desirability,
        portfolio.feasibility,
        used_policy,
        used_thresholds,
        portfolio,
        RULES if rules is None else rules,
    )
    if warn:
        for finding in report.warnings:
            warnings.warn(finding.message, finding.category, stacklevel=2)
    return report


def balance_from_codes(
    names: Sequence[str],
    codes: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    policy: BalancePolicy | None = None,
    *,
    desirability: npt.ArrayLike | None = None,
    feasibility: npt.ArrayLike | None = None,
    thresholds: Thresholds | None = None,
    warn: bool = False,
    viability: npt.ArrayLike | None = None,
    rules: Sequence[tuple[str, Rule]] | None = None,
) -> BalanceReport:
    """The balance report of initiatives given as bare columns: region codes and weights.

    The pure core of :func:`check_balance`, for callers that already hold
    region codes -- for example a roadmap computing the balance of each phase
    from one ``portfolio.regions()`` array and index arrays, without building a
    sub-portfolio per phase.

    Parameters
    ----------
    names : sequence of str
        One name per initiative (used only in messages and ``Finding.initiatives``).
    codes : array_like of int
        :class:`~cxmodel.Region` codes in ``0..7``, as returned by
        :func:`~cxmodel.classify_arrays`.
    weights : array_like of float, optional
        The effort of each initiative (finite, ``> 0``); ``None`` gives every
        initiative a weight of 1.  Ignored when ``policy.weight == "count"``.
    policy : BalancePolicy, optional
        Defaults to ``BalancePolicy()``.
    desirability, feasibility : array_like of float, optional
        The scores the feature-bloat rule needs; without both it is not run.
    thresholds : Thresholds, optional
        The thresholds ``codes`` were computed with (shown in messages and
        kept in the report); defaults to ``Thresholds()``.
    warn : bool, default False
        Emit the warnings like :func:`check_balance` does.
    viability : array_like of float, optional
        With ``desirability`` and ``feasibility``, lets the ``on-threshold``
        rule see scores that sit exactly on a threshold.
    rules : sequence of (code, rule), optional
        The rules to run, in order; defaults to :data:`~cxmodel.balance.RULES`.

    Returns
    -------
    BalanceReport

    Raises
    ------
    FieldError
        If a code is not in ``0..7``, a weight is not finite and ``> 0``, or
        the columns differ in length; the message names the field and value.

    Examples
    --------
    >>> import numpy as np
    >>> import cxmodel as cx
    >>> p = cx.example_portfolio()
    >>> codes = p.regions()
    >>> first = np.arange(6)                     # e.g. the first phase of a roadmap
    >>> report = cx.balance_from_codes([p.names[k] for k in first], codes[first],
    ...                                p.effort[first])
    >>> round(report.innovation_shares[cx.InnovationType.PROCESS], 2)
    0.76
    >>> report.codes
    ('process-skew', 'low-balance')
    """
    used_policy, used_thresholds = resolve_settings(policy, thresholds)
    code_array = np.asarray(codes)
    n = len(names)
    if code_array.shape != (n,):
        raise FieldError("codes", code_array.shape, f"must be a 1-d array of {n} region codes")
    if n and (code_array.dtype.kind not in "iu" or code_array.min() < 0 or code_array.max() > 7):
        raise FieldError("codes", codes, "must be region codes, integers in 0..7")
    weight_array = None if weights is None else _column("weights", weights, n, positive=True)
    d = None if desirability is None else _column("desirability", desirability, n)
    f = None if feasibility is None else _column("feasibility", feasibility, n)
    v = None if viability is None else _column("viability", viability, n)
    report = _report(
        names,
        code_array.astype(np.uint8, copy=False),
        weight_array,
        d,
        f,
        used_policy,
        used_thresholds,
        None,
        RULES if rules is None else rules,
        v,
    )
    if warn:
        for finding in report.warnings:
            warnings.warn(finding.message, finding.category, stacklevel=2)
    return report


def _column(field: str, values: npt.ArrayLike, n: int, *, positive: bool = False) -> FloatArray:
    array = np.asarray(values)
    if array.shape != (n,) or array.dtype.kind not in "fiu":
        raise FieldError(field, array.shape, f"must be a 1-d array of {n} real numbers")
    array = array.astype(np.float64, copy=False)
    ok = (array > 0) & (array < np.inf) if positive else (array >= 0) & (array <= 1)
    if not ok.all():
        bad = int(np.flatnonzero(~ok)[0])
        wanted = "a finite number > 0" if positive else "a score in [0, 1]"
        raise FieldError(f"{field}[{bad}]", float(array[bad]), f"must be {wanted}")
    return array
