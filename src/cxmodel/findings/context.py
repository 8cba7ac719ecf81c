"""What every rule shares: the Finding it reports and the Context it reads.

A rule is a function ``(context) -> Finding | None``; each subject's rules are
an ordered tuple in :mod:`cxmodel.findings.portfolio`,
:mod:`cxmodel.findings.customer` and :mod:`cxmodel.findings.roadmap`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from .._text import MAX_NAMED, pct
from ..exceptions import CxModelWarning, FieldError
from ..intersections import InnovationType, Region
from ..model import Thresholds
from ..portfolio import Portfolio
from .catalogue import warning_class

if TYPE_CHECKING:
    from ..policy import BalancePolicy

__all__ = ["Context", "Finding", "Rule", "Severity"]

FloatArray = npt.NDArray[np.float64]
Severity = Literal["warning", "info"]


# The regions whose weight is innovation weight, the centre last.
_INNOVATIONS = (Region.EMOTIONAL, Region.PROCESS, Region.FUNCTIONAL, Region.CUSTOMER_EXPERIENCE)


def _severity(value: Any) -> Severity:
    if value == "warning":
        return "warning"
    if value == "info":
        return "info"
    raise FieldError("severity", value, "must be 'warning' or 'info'")


@attrs.frozen(eq=False)
class _LazyNames:
    """The names at some positions of a column, made into a tuple only when read.

    Naming hundreds of thousands of initiatives costs more than the whole
    vectorised check, and most callers only read the message.
    """

    names: Sequence[str]
    positions: npt.NDArray[np.intp]

    def resolve(self) -> tuple[str, ...]:
        if self.positions.size == 0:
            return ()
        if self.positions.size == 1:
            return (self.names[int(self.positions[0])],)
        return tuple(operator.itemgetter(*self.positions.tolist())(self.names))


def _names(value: Iterable[str] | _LazyNames) -> tuple[str, ...] | _LazyNames:
    if isinstance(value, _LazyNames):
        return value
    if isinstance(value, str):
        return (value,)  # one name, not its characters
    return tuple(value)


@attrs.frozen(eq=False, repr=False)
class Finding:
    """One thing the balance checker found, worded for a strategy team.

    Attributes
    ----------
    code : str
        A stable identifier, for example ``"process-skew"`` (see the table in
        :mod:`cxmodel.balance`).
    severity : {"warning", "info"}
        Warnings make :attr:`BalanceReport.ok` False; infos never do.
    message : str
        Numbers, the policy limit, the initiatives involved (the first few,
        then "and N more") and what to do about it.
    initiatives : tuple of str
        Every initiative involved, in portfolio order (possibly empty).

    Examples
    --------
    >>> import cxmodel as cx
    >>> f = cx.Finding("no-lens", "info", "'Fax line' passes no lens.", ["Fax line"])
    >>> f.initiatives
    ('Fax line',)
    >>> print(f)
    info no-lens: 'Fax line' passes no lens.
    """

    code: str
    severity: Severity = attrs.field(converter=_severity)
    message: str
    # Given as ``initiatives``; kept lazy when the checker names many (see _LazyNames).
    _initiatives: tuple[str, ...] | _LazyNames = attrs.field(default=(), converter=_names)

    @property
    def initiatives(self) -> tuple[str, ...]:
        """Every initiative involved, in portfolio order."""
        value = self._initiatives
        if isinstance(value, _LazyNames):
            value = value.resolve()
            object.__setattr__(self, "_initiatives", value)  # a cache; still immutable outside
        return value

    def _key(self) -> tuple[str, str, str, tuple[str, ...]]:
        return (self.code, self.severity, self.message, self.initiatives)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        names = self.initiatives
        shown = (
            repr(names)
            if len(names) <= MAX_NAMED
            else (f"({', '.join(repr(n) for n in names[:MAX_NAMED])}, ...) [{len(names):,} names]")
        )
        return (
            f"Finding(code={self.code!r}, severity={self.severity!r}, "
            f"message={self.message!r}, initiatives={shown})"
        )

    @property
    def category(self) -> type[CxModelWarning]:
        """The warning class emitted for this finding when it is a warning.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.Finding("process-skew", "warning", "...").category.__name__
        'ProcessSkewWarning'
        """
        return warning_class(self.code)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the four fields (``initiatives`` as a list).

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.Finding("empty-portfolio", "info", "Nothing to check.").to_dict()
        {'code': 'empty-portfolio', 'severity': 'info', 'message': 'Nothing to check.', 'initiatives': []}
        """  # noqa: E501
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "initiatives": list(self.initiatives),
        }

    def __str__(self) -> str:
        return f"{self.severity} {self.code}: {self.message}"


@attrs.frozen(eq=False)
class Context:
    """Everything a rule may look at; arrays are in portfolio order."""

    names: Sequence[str]
    codes: npt.NDArray[np.uint8]
    weights: FloatArray | None  # None: every initiative weighs 1
    viability: FloatArray | None
    desirability: FloatArray | None
    feasibility: FloatArray | None
    policy: BalancePolicy
    thresholds: Thresholds
    region_weight: FloatArray  # shape (8,)
    innovation_shares: dict[InnovationType, float]
    balance_index: float
    portfolio: Portfolio | None

    @property
    def total(self) -> float:
        return float(self.region_weight.sum())

    @property
    def innovation_total(self) -> float:
        return float(sum(self.region_weight[r] for r in _INNOVATIONS))

    @property
    def unit(self) -> str:
        """What shares measure, for messages: ``"effort"`` or ``"initiatives"``."""
        return "initiatives" if self.weights is None else "effort"

    def pick(self, positions: npt.NDArray[np.intp]) -> _LazyNames:
        """The names at ``positions``, for ``Finding.initiatives``."""
        return _LazyNames(self.names, positions)

    def where(self, region: Region) -> npt.NDArray[np.intp]:
        """The positions of the initiatives in ``region``."""
        return np.flatnonzero(self.codes == int(region))

    def top(self, positions: npt.NDArray[np.intp], key: FloatArray | None = None) -> list[int]:
        """At most MAX_NAMED of ``positions``, those with the largest ``key`` first.

        ``key`` defaults to the weights (portfolio order when counting).  Ties
        keep portfolio order.  Linear time: only the candidates that can make
        the cut are sorted.
        """
        if key is None:
            if self.weights is None:
                return [int(k) for k in positions[:MAX_NAMED]]
            key = self.weights[positions]
        if positions.size > MAX_NAMED:
            kth = np.partition(key, key.size - MAX_NAMED)[key.size - MAX_NAMED]
            keep = np.flatnonzero(key >= kth)
            positions, key = positions[keep], key[keep]
        order = np.argsort(-key, kind="stable")[:MAX_NAMED]
        return [int(k) for k in positions[order]]

    def share_of_total(self, positions: npt.NDArray[np.intp] | Region) -> str:
        """The share of the total weight held by ``positions`` (or a region), as a percentage."""
        if isinstance(positions, Region):
            weight = self.region_weight[positions]
        elif self.weights is None:
            weight = positions.size
        else:
            weight = self.weights[positions].sum()
        total = self.total
        return pct(float(weight) / total) if total else "0%"


Rule = Callable[[Context], Finding | None]
