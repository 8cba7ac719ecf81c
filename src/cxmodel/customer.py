"""The wider customer-experience material: desire model, journey, stakeholders, perception gap.

Everything here reads the optional fields of :class:`~cxmodel.Initiative`
(``stated_desire``, ``value_driver``, ``customer_desirability``, ``stages``,
``channel``, ``stakeholders`` and strategy tags) and leaves portfolios without
them alone: an initiative that lacks a field is simply not counted by the
function that needs it.  :func:`~cxmodel.check_balance` turns these reports
into "info" findings (see :mod:`cxmodel.findings.customer`) only for
portfolios that carry the fields.

How effort is counted
---------------------
Reports that split effort by stage or stakeholder divide each initiative's
effort **equally** among the distinct stages (or stakeholders) it names, so
every total adds up to the effort of the initiatives that carry the field;
nothing is counted twice.  Channel shares need no split (one channel each;
``BOTH`` is its own share).  Within a stage, effort goes to kinds of innovation
the way :func:`~cxmodel.check_balance` counts it: an emotional, process or
functional innovation gives all of it to its kind, the customer-experience
centre one third to each kind, and an initiative that is no innovation (one
lens or none passes) is kept apart as *other* effort.

Examples
--------
>>> import cxmodel as cx
>>> p = cx.example_portfolio()
>>> cx.desire_quadrant(p["Two-way customer community"])
<DesireQuadrant.SUBCONSCIOUS: 'subconscious'>
>>> [s.value for s in cx.journey_coverage(p).missing]
['attraction', 'discovery']
>>> cx.perception_gap(p)[0].name
'Loyalty programme with two-way feedback'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._html import Raw, block, table
from ._text import text_table
from .exceptions import FieldError
from .intersections import InnovationType, Region
from .model import GAP_TOLERANCE, Initiative, Thresholds, check_score
from .portfolio import Portfolio, as_portfolio
from .strategy import BlockSummary as BlockSummary  # re-exported: cxmodel.customer paths
from .strategy import StrategyTerm as StrategyTerm
from .strategy import building_block_summary as building_block_summary
from .strategy import strategy_terms as strategy_terms
from .vocabulary import Channel, DesireQuadrant, Stage

__all__ = [
    "STAKEHOLDERS",
    "BlockSummary",
    "JourneyCoverage",
    "PerceptionGap",
    "StrategyTerm",
    "building_block_summary",
    "channel_shares",
    "desire_quadrant",
    "desire_quadrants",
    "journey_coverage",
    "measured_gaps",
    "perception_gap",
    "stakeholder_coverage",
    "strategy_terms",
]


#: Stakeholders every coverage report lists, even at 0.0, so a gap is visible.
STAKEHOLDERS: tuple[str, ...] = ("customers", "employees", "partners", "suppliers", "society")


def carries(portfolio: Portfolio, field: str) -> bool:
    """True when some initiative of ``portfolio`` sets the optional ``field``.

    Answers without scanning when the portfolio never stored the field, so
    checks on large portfolios without the optional fields stay cheap.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.customer import carries
    >>> p = cx.example_portfolio()
    >>> carries(p, "stages"), carries(p.filter(tag="cost"), "stated_desire")
    (True, False)
    """
    if field not in portfolio._extras:  # the portfolio stores only fields someone sets
        return False
    return any(value not in (None, (), "") for value in portfolio.column(field))


def table_number(value: float) -> str:
    """A compact number for tables: ``4``, ``0.5``, ``1.33``.

    Examples
    --------
    >>> from cxmodel.customer import table_number
    >>> table_number(4.0), table_number(0.5), table_number(4 / 3)
    ('4', '0.5', '1.33')
    """
    return f"{value:.2f}".rstrip("0").rstrip(".")


def desire_quadrant(initiative: Initiative, threshold: float = 0.5) -> DesireQuadrant | None:
    """The quadrant of the customer desire model an initiative falls in.

    Two questions, each answered "yes" when the score is ``>= threshold``
    (inclusive, like the three lenses): do customers *say* they want it
    (``stated_desire``), and does it actually *drive value* for them
    (``value_driver``)?

    ===========  ==================  ===========================
    says it      drives value        quadrant
    ===========  ==================  ===========================
    yes          yes                 ``CONSCIOUS``
    no           yes                 ``SUBCONSCIOUS``
    yes          no                  ``DECEPTION``
    no           no                  ``INVISIBLE``
    ===========  ==================  ===========================

    Parameters
    ----------
    initiative : Initiative
    threshold : float, default 0.5
        The pass mark of both scores, in ``[0, 1]``; 0.5 is the midpoint of
        the normalised scale, not an industry standard.

    Returns
    -------
    DesireQuadrant or None
        ``None`` when ``stated_desire`` or ``value_driver`` is missing.

    Raises
    ------
    ScoreError
        ``threshold`` is not a real number in ``[0, 1]``.

    Examples
    --------
    >>> import cxmodel as cx
    >>> community = cx.Initiative("Community", 0.7, 0.8, 0.4, stated_desire=0.3, value_driver=0.9)
    >>> cx.desire_quadrant(community)
    <DesireQuadrant.SUBCONSCIOUS: 'subconscious'>
    >>> cx.desire_quadrant(community, threshold=0.3)  # inclusive
    <DesireQuadrant.CONSCIOUS: 'conscious'>
    >>> cx.desire_quadrant(cx.Initiative("Unsurveyed", 0.5, 0.5, 0.5)) is None
    True
    """
    limit = check_score("threshold", threshold)
    if not isinstance(initiative, Initiative):
        raise FieldError("initiative", initiative, "must be an Initiative")
    return _quadrant(initiative.stated_desire, initiative.value_driver, limit)


def _quadrant(
    stated_desire: float | None, value_driver: float | None, limit: float
) -> DesireQuadrant | None:
    if stated_desire is None or value_driver is None:
        return None
    says = stated_desire >= limit
    if value_driver >= limit:
        return DesireQuadrant.CONSCIOUS if says else DesireQuadrant.SUBCONSCIOUS
    return DesireQuadrant.DECEPTION if says else DesireQuadrant.INVISIBLE


def desire_quadrants(
    portfolio: Portfolio | Iterable[Initiative], threshold: float = 0.5
) -> dict[str, DesireQuadrant | None]:
    """The desire quadrant of every initiative, by name in portfolio order.

    Examples
    --------
    >>> import cxmodel as cx
    >>> quadrants = cx.desire_quadrants(cx.example_portfolio())
    >>> quadrants["Voice assistant on the toaster"]
    <DesireQuadrant.DECEPTION: 'deception'>
    >>> quadrants["Order data platform"] is None
    True
    """
    limit = check_score("threshold", threshold)
    portfolio = as_portfolio(portfolio)
    # Straight from the columns: no Initiative is rebuilt and the threshold is checked once.
    return {
        name: _quadrant(stated, value, limit)
        for name, stated, value in zip(
            portfolio.names,
            portfolio.column("stated_desire"),
            portfolio.column("value_driver"),
            strict=True,
        )
    }


def _type_weights() -> npt.NDArray[np.float64]:
    """Row ``code``: the share of an initiative's effort each innovation type gets."""
    weights = np.zeros((len(Region), len(InnovationType)))
    for where in Region:
        types = where.innovation_types
        for column, kind in enumerate(InnovationType):
            if kind in types:
                weights[where, column] = 1.0 / len(types)
    return weights


_TYPE_WEIGHTS = _type_weights()


#: Row ``code``: the share of an initiative's effort that is no innovation (1 or 0).
_OTHER_WEIGHTS = 1.0 - _TYPE_WEIGHTS.sum(axis=1)


@attrs.frozen
class JourneyCoverage:
    """How a portfolio's initiatives and effort cover the customer journey.

    Build one with :func:`journey_coverage`.  Every dict has all eight
    :class:`~cxmodel.Stage` keys in journey order.

    Attributes
    ----------
    effort : dict
        ``Stage -> InnovationType -> float``: the effort each stage receives
        per kind of innovation.  An initiative's effort is split equally
        among its stages; within a stage the centre gives one third to each
        kind (see the module notes).
    other : dict
        ``Stage -> float``: effort at each stage of initiatives that are no
        innovation (at most one lens passes).
    initiatives : dict
        ``Stage -> tuple of str``: names of the initiatives touching each stage.
    unstaged : tuple of str
        Initiatives that name no stage; their effort is in no stage.
    thresholds : Thresholds
        The thresholds used to classify the initiatives.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Community", 0.8, 0.9, 0.2, effort=4,
    ...                   stages=["cultivation", "advocacy"]),
    ...     cx.Initiative("Invoice bot", 0.8, 0.2, 0.9, effort=3),
    ... ])
    >>> coverage = cx.journey_coverage(p)
    >>> coverage.effort[cx.Stage.ADVOCACY][cx.InnovationType.EMOTIONAL]
    2.0
    >>> coverage.counts[cx.Stage.CULTIVATION], coverage.unstaged
    (1, ('Invoice bot',))
    >>> len(coverage.missing)
    6
    """

    effort: dict[Stage, dict[InnovationType, float]]
    other: dict[Stage, float]
    initiatives: dict[Stage, tuple[str, ...]]
    unstaged: tuple[str, ...]
    thresholds: Thresholds

    @property
    def missing(self) -> tuple[Stage, ...]:
        """Stages no initiative touches, in journey order."""
        return tuple(stage for stage in Stage if not self.initiatives[stage])

    @property
    def counts(self) -> dict[Stage, int]:
        """How many initiatives touch each stage (an initiative counts at each of its stages)."""
        return {stage: len(names) for stage, names in self.initiatives.items()}

    @property
    def totals(self) -> dict[Stage, float]:
        """The effort each stage receives, innovations and other effort together."""
        return {stage: sum(self.effort[stage].values()) + self.other[stage] for stage in Stage}

    @property
    def type_totals(self) -> dict[InnovationType, float]:
        """The effort each kind of innovation receives along the whole journey."""
        return {kind: sum(self.effort[stage][kind] for stage in Stage) for kind in InnovationType}

    @property
    def total_effort(self) -> float:
        """The effort on the journey: the summed effort of every initiative that names a stage."""
        return sum(self.totals.values())

    @property
    def has_stages(self) -> bool:
        """True when at least one initiative names a stage."""
        return any(self.initiatives.values())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; stages and kinds of innovation are keyed by their values.

        Examples
        --------
        >>> import cxmodel as cx
        >>> data = cx.journey_coverage(cx.example_portfolio()).to_dict()
        >>> data["missing"], data["counts"]["use"], sorted(data["effort"]["use"])
        (['attraction', 'discovery'], 5, ['emotional', 'functional', 'process'])
        """
        return {
            "missing": [stage.value for stage in self.missing],
            "counts": {stage.value: n for stage, n in self.counts.items()},
            "effort": {
                stage.value: {kind.value: value for kind, value in kinds.items()}
                for stage, kinds in self.effort.items()
            },
            "other": {stage.value: value for stage, value in self.other.items()},
            "totals": {stage.value: value for stage, value in self.totals.items()},
            "initiatives": {stage.value: list(names) for stage, names in self.initiatives.items()},
            "unstaged": list(self.unstaged),
            "thresholds": attrs.asdict(self.thresholds),
        }

    def _rows(self) -> list[list[str]]:
        head = ["stage", "initiatives", *(k.value for k in InnovationType), "other", "total"]
        rows = [head]
        for stage in Stage:
            values = [*self.effort[stage].values(), self.other[stage], self.totals[stage]]
            cells = [table_number(v) if v else "-" for v in values]
            rows.append([stage.value, str(self.counts[stage]), *cells])
        return rows

    def __str__(self) -> str:
        lines = [
            "Journey coverage: effort per stage and kind of innovation "
            "(split equally among an initiative's stages)",
            "",
            text_table(self._rows()),
            "",
        ]
        if not self.has_stages:
            lines.append("No initiative names a journey stage.")
        elif self.missing:
            lines.append("Stages with no initiative: " + ", ".join(s.value for s in self.missing))
        else:
            lines.append("Every stage of the journey has at least one initiative.")
        if self.unstaged:
            lines.append("Not on the journey: " + ", ".join(self.unstaged))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A table for notebooks; stages with no initiative are highlighted."""
        header, *rows = self._rows()
        missing = {k for k, stage in enumerate(Stage) if stage in self.missing}
        notes = []
        if self.missing:
            notes.append("Stages with no initiative: " + ", ".join(s.value for s in self.missing))
        if self.unstaged:
            notes.append("Not on the journey: " + ", ".join(self.unstaged))
        caption = "Journey coverage (effort per stage and kind of innovation)"
        numeric = set(range(1, len(header)))
        grid = Raw(table(header, rows, caption=caption, numeric=numeric, highlight=missing))
        return block(grid, *notes)


def journey_coverage(
    portfolio: Portfolio | Iterable[Initiative], *, thresholds: Thresholds | None = None
) -> JourneyCoverage:
    """How the initiatives and their effort cover the customer journey.

    Each initiative's effort is split equally among the distinct stages it
    names (so totals add up to the effort of the initiatives on the journey);
    within a stage it goes to kinds of innovation as in
    :func:`~cxmodel.check_balance` (the centre gives one third to each kind),
    and effort of initiatives that are no innovation is reported as ``other``.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    thresholds : Thresholds, optional
        Used to classify the initiatives; defaults to ``Thresholds()``.

    Returns
    -------
    JourneyCoverage

    Examples
    --------
    >>> import cxmodel as cx
    >>> coverage = cx.journey_coverage(cx.example_portfolio())
    >>> [s.value for s in coverage.missing]
    ['attraction', 'discovery']
    >>> coverage.counts[cx.Stage.USE]
    5
    >>> print(coverage)  # doctest: +ELLIPSIS
    Journey coverage: ...
    stage        initiatives  emotional  process  functional  other  total
    ...
    Stages with no initiative: attraction, discovery
    Not on the journey: Invoice processing automation, Order data platform
    """
    portfolio = as_portfolio(portfolio)
    used = Thresholds() if thresholds is None else thresholds
    codes = portfolio.regions(used)
    weights, other_weights = _TYPE_WEIGHTS[codes], _OTHER_WEIGHTS[codes]
    innovation = np.zeros((len(Stage), len(InnovationType)))
    other = np.zeros(len(Stage))
    names: dict[Stage, list[str]] = {stage: [] for stage in Stage}
    unstaged = []
    row_of = {stage: row for row, stage in enumerate(Stage)}
    for position, (name, stages) in enumerate(
        zip(portfolio.names, portfolio.column("stages"), strict=True)
    ):
        distinct = list(dict.fromkeys(stages))  # a repeated stage is still one stage
        if not distinct:
            unstaged.append(name)
            continue
        share = float(portfolio.effort[position]) / len(distinct)
        for stage in distinct:
            names[stage].append(name)
            innovation[row_of[stage]] += share * weights[position]
            other[row_of[stage]] += share * other_weights[position]
    return JourneyCoverage(
        effort={
            stage: {kind: float(innovation[row, k]) for k, kind in enumerate(InnovationType)}
            for stage, row in row_of.items()
        },
        other={stage: float(other[row]) for stage, row in row_of.items()},
        initiatives={stage: tuple(found) for stage, found in names.items()},
        unstaged=tuple(unstaged),
        thresholds=used,
    )


def _shares(weights: dict[Any, float]) -> dict[Any, float]:
    total = sum(weights.values())
    if total <= 0.0:
        return dict.fromkeys(weights, 0.0)
    return {key: value / total for key, value in weights.items()}


def channel_shares(portfolio: Portfolio | Iterable[Initiative]) -> dict[Channel, float]:
    """The share of effort that goes to human, technical and mixed interactions.

    Only initiatives with a ``channel`` count; the shares sum to 1, or are all
    0.0 when no initiative names a channel.  ``Channel.BOTH`` is its own
    share rather than being split between the other two.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([cx.Initiative("Chatbot", 0.5, 0.5, 0.9, effort=3, channel="technical"),
    ...                   cx.Initiative("Onboarding calls", 0.6, 0.8, 0.3, channel="human"),
    ...                   cx.Initiative("Unassigned", 0.5, 0.5, 0.5, effort=9)])
    >>> {c.value: s for c, s in cx.channel_shares(p).items()}
    {'human': 0.25, 'technical': 0.75, 'both': 0.0}
    """
    portfolio = as_portfolio(portfolio)
    weights = dict.fromkeys(Channel, 0.0)
    for effort, channel in zip(portfolio.effort, portfolio.column("channel"), strict=True):
        if channel is not None:
            weights[channel] += float(effort)
    return _shares(weights)


def stakeholder_key(name: str) -> str:
    """Lower-case and stripped; a singular of a well-known stakeholder becomes its plural.

    Examples
    --------
    >>> from cxmodel.customer import stakeholder_key
    >>> stakeholder_key("  Employee "), stakeholder_key("Local  Community")
    ('employees', 'local community')
    """
    key = " ".join(name.lower().split())
    return f"{key}s" if f"{key}s" in STAKEHOLDERS else key


def stakeholder_coverage(portfolio: Portfolio | Iterable[Initiative]) -> dict[str, float]:
    """The share of effort that serves each stakeholder.

    An initiative's effort is split equally among its stakeholders, and only
    initiatives that name stakeholders count, so the shares sum to 1 (all 0.0
    when none names any).  Names are matched case-insensitively and a singular
    of a well-known stakeholder counts as its plural (``"Employee"`` is
    ``"employees"``).  The well-known :data:`STAKEHOLDERS` come first and are
    always present, even at 0.0, so a stakeholder nobody serves stands out;
    the others follow alphabetically.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Community", 0.8, 0.9, 0.4, effort=4, stakeholders=["customers"]),
    ...     cx.Initiative("Agent desktop", 0.8, 0.4, 0.8, stakeholders=["Employee", "partners"]),
    ... ])
    >>> cx.stakeholder_coverage(p)
    {'customers': 0.8, 'employees': 0.1, 'partners': 0.1, 'suppliers': 0.0, 'society': 0.0}
    """
    portfolio = as_portfolio(portfolio)
    weights = dict.fromkeys(STAKEHOLDERS, 0.0)
    extra: dict[str, float] = {}
    for effort, names in zip(portfolio.effort, portfolio.column("stakeholders"), strict=True):
        keys = list(dict.fromkeys(stakeholder_key(name) for name in names))
        for key in keys:
            target = weights if key in weights else extra
            target[key] = target.get(key, 0.0) + float(effort) / len(keys)
    weights.update(sorted(extra.items()))
    return _shares(weights)


@attrs.frozen
class PerceptionGap:
    """Where the company rates an initiative's desirability above what customers say.

    Attributes
    ----------
    name : str
        The initiative.
    company : float
        The company's own estimate, the initiative's ``desirability``.
    customer : float
        Desirability as measured by customers (``customer_desirability``).
    gap : float
        ``company - customer``; positive when the company is more optimistic.

    Examples
    --------
    >>> import cxmodel as cx
    >>> gap = cx.PerceptionGap("Loyalty app", company=0.8, customer=0.4, gap=0.4)
    >>> print(gap)
    Loyalty app: company 0.80, customers 0.40, gap 0.40
    """

    name: str
    company: float
    customer: float
    gap: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the four attributes.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.PerceptionGap("Loyalty app", company=0.8, customer=0.4, gap=0.4).to_dict()
        {'name': 'Loyalty app', 'company': 0.8, 'customer': 0.4, 'gap': 0.4}
        """
        return attrs.asdict(self)

    def __str__(self) -> str:
        return (
            f"{self.name}: company {self.company:.2f}, customers {self.customer:.2f}, "
            f"gap {self.gap:.2f}"
        )


def check_min_gap(min_gap: float) -> float:
    """``min_gap`` as a float if it is a score in [0, 1], else a ScoreError naming it.

    Examples
    --------
    >>> from cxmodel.customer import check_min_gap
    >>> check_min_gap(0.2)
    0.2
    """
    return check_score("min_gap", min_gap)


def perception_gap(
    portfolio: Portfolio | Iterable[Initiative], *, min_gap: float = 0.2
) -> tuple[PerceptionGap, ...]:
    """Initiatives the company rates well above what customers say, largest gap first.

    Most companies believe they deliver excellent experiences while few of
    their customers agree; this compares the company's ``desirability`` with
    the ``customer_desirability`` customers gave.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    min_gap : float, default 0.2
        Report an initiative when ``desirability - customer_desirability >=
        min_gap`` (inclusive, up to a 1e-9 rounding tolerance); in ``[0, 1]``.
        0.2 is a fifth of the scale, a starting point rather than a standard.

    Returns
    -------
    tuple of PerceptionGap
        Only initiatives with a ``customer_desirability``; largest gap first,
        ties in portfolio order.

    Raises
    ------
    ScoreError
        ``min_gap`` is negative, above 1 or not a real number.

    Examples
    --------
    >>> import cxmodel as cx
    >>> for gap in cx.perception_gap(cx.example_portfolio()):
    ...     print(gap)
    Loyalty programme with two-way feedback: company 0.70, customers 0.45, gap 0.25
    Member events with a deep emotional connection: company 0.90, customers 0.70, gap 0.20
    >>> len(cx.perception_gap(cx.example_portfolio(), min_gap=0.0))
    9
    """
    limit = check_min_gap(min_gap)
    found = [g for g in measured_gaps(portfolio) if is_wide(g, limit)]
    return tuple(sorted(found, key=lambda g: -g.gap))


def measured_gaps(portfolio: Portfolio | Iterable[Initiative]) -> list[PerceptionGap]:
    """The gap of every initiative with a ``customer_desirability``, in portfolio order.

    Unlike :func:`perception_gap` this keeps small and negative gaps (customers
    rating an initiative higher than the company does), for charts and tables.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.customer import measured_gaps
    >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.3, 0.9, customer_desirability=0.5)])
    >>> measured_gaps(p)
    [PerceptionGap(name='Kiosk', company=0.3, customer=0.5, gap=-0.2)]
    """
    portfolio = as_portfolio(portfolio)
    return [
        PerceptionGap(name, float(company), customer, float(company) - customer)
        for name, company, customer in zip(
            portfolio.names,
            portfolio.desirability,
            portfolio.column("customer_desirability"),
            strict=True,
        )
        if customer is not None
    ]


def is_wide(gap: PerceptionGap, min_gap: float) -> bool:
    """True when ``gap.gap >= min_gap``, up to a 1e-9 tolerance for binary rounding.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.customer import is_wide, measured_gaps
    >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.7, 0.9, customer_desirability=0.5)])
    >>> gap = measured_gaps(p)[0]
    >>> gap.gap == 0.2, is_wide(gap, 0.2)  # 0.7 - 0.5 is 0.19999... in floats
    (False, True)
    """
    return gap.gap >= min_gap - GAP_TOLERANCE  # 0.7 - 0.5 is 0.19999... in floats
