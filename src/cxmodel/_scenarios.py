"""What sensitivity and the threshold sweep share: memory budgets, weights, the process share."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import numpy.typing as npt

from .exceptions import FieldError
from .intersections import Region
from .policy import BalancePolicy
from .portfolio import Portfolio

__all__ = ["RESULT_BYTES", "FloatArray", "process_shares"]

FloatArray = npt.NDArray[np.float64]


#: Working memory aimed at per chunk when ``chunk_size`` is automatic.
_CHUNK_BYTES = 48 * 2**20


#: Memory the results may take (1 GiB): a sensitivity run keeps 9 bytes per sample
#: (its process share and whether feature bloat fires), a threshold sweep 80 bytes
#: per step and lens (the value, 8 region counts and the process share).
RESULT_BYTES = 2**30


def _at_most(field: str, value: int, limit: int, each: int) -> None:
    """FieldError naming the limit when ``value`` is above it (before anything is allocated)."""
    if value > limit:
        need = value * each / 2**30
        raise FieldError(
            field,
            value,
            f"must be at most {limit:,}: the results alone would take {need:,.1f} GiB "
            f"(the limit keeps them within {RESULT_BYTES / 2**30:g} GiB)",
        )


# The regions whose weights make the innovation shares, in check_balance's order of summing.
_SHARE_REGIONS = (Region.EMOTIONAL, Region.PROCESS, Region.FUNCTIONAL, Region.CUSTOMER_EXPERIENCE)


def _weights(portfolio: Portfolio, policy: BalancePolicy) -> FloatArray | None:
    """Per-initiative weights of the balance shares; ``None`` means one each."""
    if policy.weight != "effort":
        return None
    effort = portfolio.effort
    with np.errstate(over="ignore"):
        # The shares divide by 3 * total (see process_shares): that must stay finite too.
        total = 3.0 * effort.sum()
    if effort.size and not np.isfinite(total):
        # Sums of huge efforts overflow; like check_balance, rescale (shares are unchanged).
        scaled: FloatArray = effort / effort.max()
        return scaled
    return effort


def process_shares(codes: npt.NDArray[np.uint8], weights: FloatArray | None = None) -> FloatArray:
    """Process share of innovation weight for each row of region codes (vectorised).

    ``codes`` has shape ``(m, n)``: ``m`` scenarios of ``n`` initiatives.  The
    share is that of :attr:`~cxmodel.BalanceReport.innovation_shares` for
    ``PROCESS`` (the centre counts one third); 0 when a row has no innovation.

    Examples
    --------
    >>> import numpy as np
    >>> from cxmodel.uncertainty import process_shares
    >>> process_shares(np.array([[5, 5, 3, 0], [0, 0, 0, 0]], dtype=np.uint8))
    array([0.66666667, 0.        ])
    """
    codes = np.atleast_2d(codes)
    m, n = codes.shape
    # One bincount over (row, region) pairs sums every row in initiative order, exactly
    # like check_balance's bincount, so a share at the limit compares the same way.
    index = codes + (np.arange(m, dtype=np.intp) * 8)[:, None]
    tiled = None if weights is None else np.broadcast_to(weights, (m, n)).ravel()
    region_weight = np.bincount(index.ravel(), weights=tiled, minlength=8 * m).reshape(m, 8)
    # The operations of balance._innovation_shares, in its order, so shares are bitwise equal.
    emotional, process, functional, centre = (region_weight[:, int(r)] for r in _SHARE_REGIONS)
    innovation = 3.0 * (emotional + process + functional + centre)
    numerator = 3.0 * process + centre
    share = np.zeros(m)
    np.divide(numerator, innovation, out=share, where=innovation > 0)
    return share


def _positive_int(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 1:
        raise FieldError(field, value, "must be an integer >= 1")
    return int(value)
