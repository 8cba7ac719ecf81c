"""Comparing two portfolios: what moved, what came and went, how the balance shifted.

A strategy team scores its initiatives every quarter.  :func:`compare` puts
this quarter's portfolio (``after``) against the last one (``before``):

* which initiatives in both **moved** to another region of the Venn diagram
  (for example from process innovation to the customer-experience centre once
  customers were asked), as :class:`Move` objects;
* which were **added** and which **removed** (matched by name);
* how the **innovation shares** and the **balance index** changed, weighted
  as :func:`~cxmodel.check_balance` weights them (by the policy's ``weight``);
* which **findings** are new and which were resolved.

Both portfolios are classified with the same thresholds and checked with the
same policy, so every change is a change in the portfolio, not in the rules.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._html import Raw, badge, block, findings_list, table
from ._text import json_text, listing, pct, plural, text_table
from .balance import BalanceReport, check_balance
from .exceptions import FieldError
from .intersections import REGION_COLORS, InnovationType, Region
from .model import CRITERIA, Initiative, Thresholds, check_score
from .policy import BalancePolicy, resolve_settings
from .portfolio import Portfolio, as_portfolio

__all__ = ["Comparison", "Move", "compare"]

#: Scores of one initiative, in the order of ``CRITERIA`` (viability, desirability, feasibility).
Scores = tuple[float, float, float]

#: How many moves and names the text and HTML show before they say "and N more".
_SHOWN = 20


# --- one initiative's change -----------------------------------------------------------


def _check_name(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise FieldError(attribute.name, value, "must be a non-empty str")


def _as_region(value: Any) -> Region:
    if isinstance(value, Region):
        return value
    if isinstance(value, str):
        try:
            return Region[value]
        except KeyError:
            pass
    elif (
        isinstance(value, int | np.integer)
        and not isinstance(value, bool | np.bool_)
        and 0 <= int(value) <= 7
    ):
        return Region(int(value))
    raise FieldError("region", value, "must be a Region (a code 0..7 or a member name)")


def _as_scores(value: Any) -> Scores | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = tuple(value.get(c) for c in CRITERIA)
    elif isinstance(value, str | bytes):
        raise FieldError("scores", value, "must be three scores or a dict by criterion")
    try:
        items = tuple(value)
    except TypeError:
        raise FieldError("scores", value, "must be three scores or a dict by criterion") from None
    if len(items) != len(CRITERIA):
        raise FieldError("scores", value, f"must hold {len(CRITERIA)} scores {CRITERIA}")
    a, b, c = (check_score(criterion, x) for criterion, x in zip(CRITERIA, items, strict=True))
    return (a, b, c)


@attrs.frozen
class Move:
    """How one initiative present in both portfolios changed: its region, and its scores.

    Parameters
    ----------
    name : str
        The initiative.
    before, after : Region
        Its region in the earlier and in the later portfolio (a
        :class:`~cxmodel.Region`, its code or its member name).
    before_scores, after_scores : tuple of float or dict, optional, keyword-only
        Its scores ``(viability, desirability, feasibility)`` in each portfolio
        (a dict by criterion is accepted); ``None`` when not known.

    Raises
    ------
    FieldError
        For an empty name, a value that is no region, or scores that are not
        three numbers in ``[0, 1]``.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.comparison import Move
    >>> m = Move("Loyalty app", cx.Region.PROCESS, cx.Region.CUSTOMER_EXPERIENCE)
    >>> m.moved, str(m)
    (True, 'Loyalty app: Process innovation -> Customer experience')
    >>> m.reversed().before
    <Region.CUSTOMER_EXPERIENCE: 7>
    >>> Move("Kiosk", 5, "PROCESS", before_scores=(0.8, 0.3, 0.7),
    ...      after_scores=(0.8, 0.4, 0.7)).score_change
    {'viability': 0.0, 'desirability': 0.1, 'feasibility': 0.0}
    """

    name: str = attrs.field(validator=_check_name)
    before: Region = attrs.field(converter=_as_region)
    after: Region = attrs.field(converter=_as_region)
    before_scores: Scores | None = attrs.field(default=None, kw_only=True, converter=_as_scores)
    after_scores: Scores | None = attrs.field(default=None, kw_only=True, converter=_as_scores)

    @property
    def moved(self) -> bool:
        """True when the region changed."""
        return self.before != self.after

    @property
    def score_change(self) -> dict[str, float] | None:
        """Criterion -> ``after - before`` (rounded to 12 decimals), or None without scores."""
        if self.before_scores is None or self.after_scores is None:
            return None
        return {
            c: round(b - a, 12)
            for c, a, b in zip(CRITERIA, self.before_scores, self.after_scores, strict=True)
        }

    @classmethod
    def _trusted(
        cls, name: str, before: Region, after: Region, before_scores: Any, after_scores: Any
    ) -> Move:
        """A Move of values already checked (from a portfolio), built without the converters."""
        move = object.__new__(cls)
        for field, value in (
            ("name", name),
            ("before", before),
            ("after", after),
            ("before_scores", before_scores),
            ("after_scores", after_scores),
        ):
            object.__setattr__(move, field, value)
        return move

    def reversed(self) -> Move:
        """The same change seen the other way round (``before`` and ``after`` swapped).

        Examples
        --------
        >>> from cxmodel.comparison import Move
        >>> Move("A", "NONE", "PROCESS").reversed()
        Move(name='A', before=<Region.PROCESS: 5>, after=<Region.NONE: 0>, before_scores=None, after_scores=None)
        """  # noqa: E501
        return Move(
            self.name,
            self.after,
            self.before,
            before_scores=self.after_scores,
            after_scores=self.before_scores,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: regions by member name, as in :meth:`BalanceReport.to_dict`.

        Scores are dicts by criterion, or ``None`` when not known.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.comparison import Move
        >>> Move("Loyalty app", cx.Region.PROCESS, cx.Region.CUSTOMER_EXPERIENCE).to_dict()
        {'name': 'Loyalty app', 'before': 'PROCESS', 'after': 'CUSTOMER_EXPERIENCE', 'before_scores': None, 'after_scores': None}
        """  # noqa: E501
        return {
            "name": self.name,
            "before": self.before.name,
            "after": self.after.name,
            "before_scores": _scores_dict(self.before_scores),
            "after_scores": _scores_dict(self.after_scores),
        }

    def __str__(self) -> str:
        return f"{self.name}: {self.before.label} -> {self.after.label}"


def _scores_dict(scores: Scores | None) -> dict[str, float] | None:
    return None if scores is None else dict(zip(CRITERIA, scores, strict=True))


# --- the comparison ----------------------------------------------------------------------


def _instance_of(kind: type | tuple[type, ...]) -> Any:
    return attrs.validators.instance_of(kind)


def _tuple_of(kind: type) -> Any:
    return attrs.validators.deep_iterable(_instance_of(kind), _instance_of(tuple))


@attrs.frozen(eq=False)
class Comparison:
    """What changed from one portfolio to another; the result of :func:`compare`.

    Attributes
    ----------
    moves : tuple of Move
        Initiatives in both portfolios whose region changed, in the order of ``after``.
    added : tuple of str
        Names only in ``after``, in its order.
    removed : tuple of str
        Names only in ``before``, in its order.
    share_change : dict
        :class:`~cxmodel.InnovationType` -> ``after - before`` innovation
        share (each share as in :attr:`BalanceReport.innovation_shares`,
        weighted by the policy's ``weight``).
    balance_index_change : float
        ``after - before`` balance index.
    findings_added : tuple of str
        Finding codes of ``after`` that ``before`` did not have, in ``after``'s order.
    findings_resolved : tuple of str
        Finding codes of ``before`` that ``after`` no longer has, in ``before``'s order.
    before_report, after_report : BalanceReport
        The balance of each portfolio (computed without warnings).
    before, after : Portfolio
        The two portfolios compared.
    score_changes : tuple of Move
        Every initiative in both portfolios whose scores changed, moved or not,
        in the order of ``after`` (a superset of the moves: a region can only
        change with a score).

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.comparison import compare
    >>> last = [cx.Initiative("Loyalty app", 0.8, 0.3, 0.7, effort=4),
    ...         cx.Initiative("Fax ordering", 0.3, 0.2, 0.3)]
    >>> now = [cx.Initiative("Loyalty app", 0.8, 0.7, 0.7, effort=4),
    ...        cx.Initiative("Customer community", 0.8, 0.9, 0.3, effort=2)]
    >>> c = compare(last, now)
    >>> [str(m) for m in c.moves], c.added, c.removed
    (['Loyalty app: Process innovation -> Customer experience'], ('Customer community',), ('Fax ordering',))
    >>> round(c.share_change[cx.InnovationType.EMOTIONAL], 3)
    0.556
    >>> c.findings_added, c.findings_resolved
    ((), ('process-skew', 'no-emotional', 'low-balance', 'no-lens'))
    """  # noqa: E501

    moves: tuple[Move, ...] = attrs.field(validator=_tuple_of(Move))
    added: tuple[str, ...] = attrs.field(validator=_tuple_of(str))
    removed: tuple[str, ...] = attrs.field(validator=_tuple_of(str))
    share_change: dict[InnovationType, float] = attrs.field(validator=_instance_of(dict))
    balance_index_change: float = attrs.field(validator=_instance_of(float))
    findings_added: tuple[str, ...] = attrs.field(validator=_tuple_of(str))
    findings_resolved: tuple[str, ...] = attrs.field(validator=_tuple_of(str))
    before_report: BalanceReport = attrs.field(validator=_instance_of(BalanceReport))
    after_report: BalanceReport = attrs.field(validator=_instance_of(BalanceReport))
    before: Portfolio = attrs.field(validator=_instance_of(Portfolio))
    after: Portfolio = attrs.field(validator=_instance_of(Portfolio))
    score_changes: tuple[Move, ...] = attrs.field(default=(), validator=_tuple_of(Move))

    @property
    def policy(self) -> BalancePolicy:
        """The policy both portfolios were checked with."""
        return self.after_report.policy

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds both portfolios were classified with."""
        return self.after_report.thresholds

    @property
    def changed(self) -> bool:
        """True when anything differs: a move, a name, a score, a share or a finding.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.comparison import compare
        >>> p = cx.example_portfolio()
        >>> compare(p, p).changed
        False
        """
        return bool(
            self.moves
            or self.added
            or self.removed
            or self.score_changes
            or any(self.share_change.values())
            or self.balance_index_change
            or self.findings_added
            or self.findings_resolved
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with a stable layout (keys in a fixed order).

        Keys: ``moves`` and ``score_changes`` (lists of :meth:`Move.to_dict`,
        regions by member name as in :meth:`BalanceReport.to_dict`),
        ``added``, ``removed``, ``share_change`` (keyed by innovation type
        value, ``"process"``), ``balance_index_change``, ``findings_added``,
        ``findings_resolved`` (lists of codes), ``weight`` (``"effort"`` or
        ``"count"``), and ``before`` / ``after``: the full
        :meth:`BalanceReport.to_dict` of each side (shares, balance index,
        findings with their messages, policy, thresholds).

        Examples
        --------
        >>> import json
        >>> import cxmodel as cx
        >>> from cxmodel.comparison import compare
        >>> p = cx.example_portfolio()
        >>> data = compare(p, p.filter(tag="people")).to_dict()
        >>> list(data)[:7]
        ['moves', 'added', 'removed', 'share_change', 'balance_index_change', 'findings_added', 'findings_resolved']
        >>> json.loads(json.dumps(data)) == data
        True
        """  # noqa: E501
        return {
            "moves": [m.to_dict() for m in self.moves],
            "added": list(self.added),
            "removed": list(self.removed),
            "share_change": {t.value: v for t, v in self.share_change.items()},
            "balance_index_change": self.balance_index_change,
            "findings_added": list(self.findings_added),
            "findings_resolved": list(self.findings_resolved),
            "score_changes": [m.to_dict() for m in self.score_changes],
            "weight": self.policy.weight,
            "before": self.before_report.to_dict(),
            "after": self.after_report.to_dict(),
        }

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`to_dict` as a JSON string (``indent=2``, UTF-8 text unless overridden).

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.comparison import compare
        >>> compare([], []).to_json().startswith('{\\n  "moves": []')
        True
        """
        return json_text(self.to_dict(), **kwargs)

    # --- text ---------------------------------------------------------------------------

    def _basis(self) -> str:
        return "counted by initiative" if self.policy.weight == "count" else "weighted by effort"

    def __str__(self) -> str:
        b, a = self.before_report, self.after_report
        lines = [
            f"Since last time: {plural(b.size, 'initiative')} before, {a.size:,} now "
            f"(shares {self._basis()})"
        ]
        if self.moves:
            lines.append(f"Moved to another region ({len(self.moves):,}):")
            lines.extend(f"  {m}" for m in self.moves[:_SHOWN])
            if len(self.moves) > _SHOWN:
                lines.append(f"  and {len(self.moves) - _SHOWN:,} more")
        for title, names in (("Added", self.added), ("Removed", self.removed)):
            if names:
                shown = listing([f'"{n}"' for n in names[:_SHOWN]], len(names))
                lines.append(f"{title} ({len(names):,}): {shown}")
        if not (self.moves or self.added or self.removed):
            lines.append("Nothing moved, was added or was removed.")
        lines.append("")
        rows = [("innovation", "before", "after", "change")]
        for t in InnovationType:
            rows.append(
                (
                    t.value,
                    pct(b.innovation_shares[t]),
                    pct(a.innovation_shares[t]),
                    _points(self.share_change[t]),
                )
            )
        rows.append(
            (
                "balance index",
                f"{b.balance_index:.2f}",
                f"{a.balance_index:.2f}",
                _signed(self.balance_index_change),
            )
        )
        lines.append(text_table(rows))
        lines.append("")
        lines.append(f"New findings: {', '.join(self.findings_added) or 'none'}")
        lines.append(f"Resolved findings: {', '.join(self.findings_resolved) or 'none'}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Moves with region badges, added and removed names, shares, findings."""
        b, a = self.before_report, self.after_report
        parts: list[object] = [
            Raw(
                f"<p><b>Since last time</b>: {plural(b.size, 'initiative')} before, "
                f"{a.size:,} now (shares {html.escape(self._basis())})</p>"
            )
        ]
        if self.moves:
            parts.append(f"Moved to another region ({len(self.moves):,}):")
            moves = [
                [m.name, _badge(m.before), "\N{RIGHTWARDS ARROW}", _badge(m.after)]
                for m in self.moves[:_SHOWN]
            ]
            parts.append(Raw(table(["initiative", "before", "", "after"], moves)))
            if len(self.moves) > _SHOWN:
                parts.append(f"and {len(self.moves) - _SHOWN:,} more")
        for title, names in (("Added", self.added), ("Removed", self.removed)):
            if names:
                parts.append(f"{title} ({len(names):,}): {listing(names[:_SHOWN], len(names))}")
        if not (self.moves or self.added or self.removed):
            parts.append("Nothing moved, was added or was removed.")
        rows: list[list[object]] = [
            [
                t.label,
                pct(b.innovation_shares[t]),
                pct(a.innovation_shares[t]),
                _points(self.share_change[t]),
            ]
            for t in InnovationType
        ]
        rows.append(
            [
                "Balance index",
                f"{b.balance_index:.2f}",
                f"{a.balance_index:.2f}",
                _signed(self.balance_index_change),
            ]
        )
        header = ["innovation", "before", "after", "change"]
        parts.append(Raw(table(header, rows, numeric={1, 2, 3})))
        new = [f for f in a.findings if f.code in self.findings_added]
        resolved = [f for f in b.findings if f.code in self.findings_resolved]
        for title, findings in (("New findings", new), ("Resolved findings", resolved)):
            if findings:
                parts += [f"{title} ({len(findings):,}):", findings_list(findings)]
        if not (new or resolved):
            parts.append("No finding changed.")
        return block(*parts)


def _points(change: float) -> str:
    """A share change in percentage points: ``+5.2 pts``, ``-0.3 pts``, ``0 pts``."""
    value = 100.0 * change
    if abs(value) < 0.05:
        return "0 pts" if value == 0 else ("+<0.1 pts" if value > 0 else "-<0.1 pts")
    return f"{value:+.1f} pts"


def _signed(change: float) -> str:
    """A balance index change: ``+0.12``, ``-0.05``, ``0``."""
    if change == 0:
        return "0"
    if abs(change) < 0.005:
        return "+<0.01" if change > 0 else "-<0.01"
    return f"{change:+.2f}"


def _badge(region: Region) -> Raw:
    return badge(region.label, REGION_COLORS[region])


# --- the computation ---------------------------------------------------------------------


def _match(
    old: tuple[str, ...], new: tuple[str, ...]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], tuple[str, ...], tuple[str, ...]]:
    """Positions in ``new`` and ``old`` of the names in both (``new``'s order), added, removed."""
    if old == new:  # the usual quarter: the same initiatives in the same order
        every = np.arange(len(new), dtype=np.intp)
        return every, every, (), ()
    position = dict(zip(old, range(len(old)), strict=True))
    lookups = map(position.get, new, itertools.repeat(-1))
    found = np.fromiter(lookups, dtype=np.intp, count=len(new))
    both = found >= 0
    new_at = np.flatnonzero(both)
    added = tuple(new[k] for k in np.flatnonzero(~both).tolist())
    kept = np.zeros(len(old), dtype=bool)
    kept[found[both]] = True
    removed = tuple(old[k] for k in np.flatnonzero(~kept).tolist())
    return new_at, found[both], added, removed


def _side(value: Portfolio | Iterable[Initiative], field: str) -> Portfolio:
    try:
        return as_portfolio(value)
    except FieldError as error:
        if error.field != "portfolio":
            raise
        raise FieldError(field, value, "must be a Portfolio or initiatives") from None


def compare(
    before: Portfolio | Iterable[Initiative],
    after: Portfolio | Iterable[Initiative],
    *,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
) -> Comparison:
    """Compare two portfolios: moves between regions, additions, removals, balance shifts.

    Initiatives are matched by name.  Both portfolios are classified with the
    same ``thresholds`` and checked with the same ``policy``
    (:func:`~cxmodel.check_balance` with ``warn=False``).

    Parameters
    ----------
    before : Portfolio or iterable of Initiative
        The earlier portfolio (last quarter's scores).
    after : Portfolio or iterable of Initiative
        The later one (this quarter's).
    thresholds : Thresholds, optional
        The pass marks of the lenses, for both; defaults to ``Thresholds()``.
    policy : BalancePolicy, optional
        The balance policy, for both; its ``weight`` decides how the shares
        are weighted.  Defaults to ``BalancePolicy()``.

    Returns
    -------
    Comparison

    Raises
    ------
    FieldError
        If ``before`` or ``after`` is not a portfolio or initiatives (naming
        which), or ``thresholds`` / ``policy`` are of the wrong type.
    DuplicateNameError
        If a plain list of initiatives repeats a name.

    Notes
    -----
    ``compare(a, b)`` and ``compare(b, a)`` mirror each other: the same moves
    with before and after swapped, added and removed swapped, share and
    balance changes negated, new and resolved findings swapped.

    The work is vectorised over the portfolios' columns; Python builds one
    :class:`Move` per initiative whose scores changed.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.comparison import compare
    >>> last = cx.example_portfolio()
    >>> now = cx.Portfolio([
    ...     i.evolve(desirability=0.75) if i.name == "Invoice processing automation" else i
    ...     for i in last
    ... ])
    >>> c = compare(last, now)
    >>> print(c.moves[0])
    Invoice processing automation: Process innovation -> Customer experience
    >>> c.added, c.removed, c.findings_resolved
    ((), (), ('process-skew',))
    >>> round(c.share_change[cx.InnovationType.PROCESS], 3)
    -0.121
    """
    old = _side(before, "before")
    new = _side(after, "after")
    used_policy, used_thresholds = resolve_settings(policy, thresholds)
    old_report = check_balance(old, used_policy, thresholds=used_thresholds, warn=False)
    new_report = check_balance(new, used_policy, thresholds=used_thresholds, warn=False)

    new_at, old_at, added, removed = _match(old.names, new.names)
    old_codes = old.regions(used_thresholds)[old_at]
    new_codes = new.regions(used_thresholds)[new_at]
    old_scores = np.column_stack([getattr(old, c)[old_at] for c in CRITERIA])
    new_scores = np.column_stack([getattr(new, c)[new_at] for c in CRITERIA])
    changed = np.flatnonzero((old_scores != new_scores).any(axis=1) | (old_codes != new_codes))
    names = new.names
    regions = list(Region)
    # The values come from validated portfolios: Moves are built without re-checking them.
    score_changes = tuple(
        Move._trusted(names[k], regions[b], regions[a], tuple(bs), tuple(as_))
        for k, b, a, bs, as_ in zip(
            new_at[changed].tolist(),
            old_codes[changed].tolist(),
            new_codes[changed].tolist(),
            old_scores[changed].tolist(),
            new_scores[changed].tolist(),
            strict=True,
        )
    )
    old_codes_set = set(old_report.codes)
    new_codes_set = set(new_report.codes)
    return Comparison(
        moves=tuple(m for m in score_changes if m.moved),
        added=added,
        removed=removed,
        share_change={
            t: new_report.innovation_shares[t] - old_report.innovation_shares[t]
            for t in InnovationType
        },
        balance_index_change=new_report.balance_index - old_report.balance_index,
        findings_added=tuple(c for c in new_report.codes if c not in old_codes_set),
        findings_resolved=tuple(c for c in old_report.codes if c not in new_codes_set),
        before_report=old_report,
        after_report=new_report,
        before=old,
        after=new,
        score_changes=score_changes,
    )
