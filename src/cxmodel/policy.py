"""The balance policy: the limits the checker applies, and the one feature-bloat rule."""

from __future__ import annotations

from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from .exceptions import FieldError
from .findings.catalogue import CODES
from .intersections import Region
from .model import GAP_TOLERANCE, Thresholds, check_score

Weight = Literal["effort", "count"]


_NO_BUSINESS_NO_PEOPLE = Region.BUSINESS_ONLY | Region.PEOPLE_ONLY  # bits 1 and 2


def _max_process_share(value: Any) -> float:
    return check_score("max_process_share", value)


def _bloat_feasibility(value: Any) -> float:
    return check_score("bloat_feasibility", value)


def _bloat_gap(value: Any) -> float:
    return check_score("bloat_gap", value)


def _min_balance_index(value: Any) -> float:
    return check_score("min_balance_index", value)


def _weight(value: Any) -> Weight:
    if value == "effort":
        return "effort"
    if value == "count":
        return "count"
    raise FieldError("weight", value, "must be 'effort' or 'count'")


def _escalate(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    try:
        codes = frozenset(value)
    except TypeError:
        raise FieldError("escalate", value, "must be an iterable of finding codes") from None
    unknown = sorted(str(code) for code in codes if code not in CODES)
    if unknown:
        raise FieldError(
            "escalate", value, f"names unknown finding codes {unknown}; known: {list(CODES)}"
        )
    return codes


@attrs.frozen
class BalancePolicy:
    """The limits :func:`check_balance` applies; every default is configurable.

    None of the defaults is an industry standard: they encode the source's
    wording as plainly as a number can, and are meant to be tuned to a team's
    own strategy.

    Parameters
    ----------
    max_process_share : float, default 0.5
        The largest share of innovation weight process innovation may take
        before ``"process-skew"`` fires (strictly greater fires).  0.5 encodes
        the source's warning about "focusing most of their energy" on process
        innovation: *most* means more than half.
    bloat_feasibility : float, default 0.7
        How feasible an initiative must be to be a feature-bloat candidate.
        0.7 reads "clearly easy to build" -- well above the default 0.5
        threshold -- so the rule catches ideas pursued "just because the
        technology allows you to", not merely possible ones.
    bloat_gap : float, default 0.3
        How far feasibility must exceed desirability (``feasibility -
        desirability >= bloat_gap``).  0.3 is almost a third of the scale: the
        technology clearly outruns what people want, so small scoring noise
        does not trigger the rule.
    weight : {"effort", "count"}, default "effort"
        What a share measures.  ``"effort"`` (the default) weighs each
        initiative by its effort, because the source speaks of where the
        *energy* goes; ``"count"`` gives every initiative one vote.
    min_balance_index : float, default 0.7, keyword-only
        Below this ``balance_index`` an ``"low-balance"`` info finding is
        reported.  0.7 flags every mix in which one kind of innovation is
        missing altogether (the index is then at most 0.63) or one kind takes
        about three quarters of the weight (75/12.5/12.5 gives 0.67).
    escalate : iterable of str, default (), keyword-only
        Info finding codes to treat as warnings (they then make ``report.ok``
        False), for example ``{"no-emotional"}``.

    Raises
    ------
    FieldError
        Naming the field and the value, for a share outside ``[0, 1]`` (or not
        a real number), an unknown ``weight`` or an unknown code in ``escalate``.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.BalancePolicy().max_process_share
    0.5
    >>> cx.BalancePolicy(max_process_share=0.4, weight="count").weight
    'count'
    >>> cx.BalancePolicy(bloat_gap=1.5)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.ScoreError: bloat_gap must be a finite real number in [0, 1], got 1.5
    """

    max_process_share: float = attrs.field(default=0.5, converter=_max_process_share)
    bloat_feasibility: float = attrs.field(default=0.7, converter=_bloat_feasibility)
    bloat_gap: float = attrs.field(default=0.3, converter=_bloat_gap)
    weight: Weight = attrs.field(default="effort", converter=_weight)
    min_balance_index: float = attrs.field(default=0.7, kw_only=True, converter=_min_balance_index)
    escalate: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_escalate)

    def to_dict(self) -> dict[str, Any]:
        """The policy as a JSON-ready dict (``escalate`` as a sorted list).

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.BalancePolicy().to_dict()["weight"]
        'effort'
        """
        return {
            "max_process_share": self.max_process_share,
            "bloat_feasibility": self.bloat_feasibility,
            "bloat_gap": self.bloat_gap,
            "weight": self.weight,
            "min_balance_index": self.min_balance_index,
            "escalate": sorted(self.escalate),
        }


def resolve_settings(
    policy: BalancePolicy | None, thresholds: Thresholds | None
) -> tuple[BalancePolicy, Thresholds]:
    """The policy and thresholds to use, checking their types for a clear error.

    Shared by every function that takes ``policy=`` and ``thresholds=``.

    Examples
    --------
    >>> from cxmodel.policy import resolve_settings
    >>> resolve_settings(None, None)[1].as_tuple()
    (0.5, 0.5, 0.5)
    >>> resolve_settings(0.5, None)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: policy must be a BalancePolicy, got 0.5
    """
    if policy is not None and not isinstance(policy, BalancePolicy):
        raise FieldError("policy", policy, "must be a BalancePolicy")
    if thresholds is not None and not isinstance(thresholds, Thresholds):
        raise FieldError("thresholds", thresholds, "must be a Thresholds")
    return (
        BalancePolicy() if policy is None else policy,
        Thresholds() if thresholds is None else thresholds,
    )


def bloat_candidates(
    codes: npt.NDArray[np.uint8],
    desirability: npt.NDArray[np.float64],
    feasibility: npt.NDArray[np.float64],
    policy: BalancePolicy,
) -> npt.NDArray[np.intp]:
    """Flat positions of the feature-bloat candidates in arrays of any one shape.

    The one definition of the rule, shared by :func:`check_balance` and
    :func:`~cxmodel.sensitivity`.

    A candidate has ``feasibility >= policy.bloat_feasibility``, fails the
    business and the people lens (``codes`` carry the thresholds), and has
    ``feasibility - desirability >= policy.bloat_gap``.

    Examples
    --------
    >>> import numpy as np
    >>> import cxmodel as cx
    >>> from cxmodel.policy import bloat_candidates
    >>> codes = np.array([4, 4, 6], dtype=np.uint8)
    >>> bloat_candidates(codes, np.array([0.2, 0.6, 0.8]), np.array([0.9, 0.8, 0.9]),
    ...                  cx.BalancePolicy())
    array([0])
    """
    # Cheap whole-array masks first; the gap is computed only for what is left.
    mask: npt.NDArray[np.bool_] = (codes & _NO_BUSINESS_NO_PEOPLE) == 0
    mask &= feasibility >= policy.bloat_feasibility
    candidates = np.flatnonzero(mask)
    gap = np.ravel(feasibility)[candidates] - np.ravel(desirability)[candidates]
    return candidates[gap >= policy.bloat_gap - GAP_TOLERANCE]
