"""How far several raters agree: Krippendorff's alpha.

Krippendorff's alpha measures the agreement of any number of raters who each
rated some of the same units, with missing ratings allowed.  It is
``1 - D_o / D_e``: one minus the disagreement observed within units over the
disagreement expected by chance (from all pairable values pooled).  ``1``
means perfect agreement, ``0`` agreement no better than chance; it is negative
when raters disagree systematically.  Krippendorff suggests relying on data
with ``alpha >= 0.8`` and drawing tentative conclusions only from
``0.667 <= alpha < 0.8``.

The computation follows K. Krippendorff, *Computing Krippendorff's
Alpha-Reliability* (2011), through the coincidence matrix of the values.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from .exceptions import CxModelError, FieldError

__all__ = ["LEVELS", "Level", "coincidences", "krippendorff_alpha"]

#: A level of measurement: which difference between two values counts as disagreement.
Level = Literal["nominal", "ordinal", "interval", "ratio"]
#: The levels of measurement :func:`krippendorff_alpha` knows.
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

_FloatArray = npt.NDArray[np.float64]


def _reliability_data(data: Any) -> _FloatArray:
    try:
        array = np.array(data, dtype=np.float64)
    except (TypeError, ValueError):
        raise FieldError(
            "reliability_data", data, "must be numbers (NaN or None for no rating)"
        ) from None
    if array.ndim != 2:
        raise FieldError(
            "reliability_data",
            data,
            f"must be 2-dimensional (rows are raters, columns units), not {array.ndim}-d",
        )
    if np.isinf(array).any():
        raise FieldError("reliability_data", data, "must not hold infinite values")
    return array


def coincidences(
    reliability_data: npt.ArrayLike,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The values and the coincidence matrix of ``reliability_data``.

    Only *pairable* values count: those in a unit that at least two raters
    rated.  A unit with ``m`` such values adds each ordered pair of values of
    different raters with weight ``1 / (m - 1)``, so each pairable value adds
    ``1`` to its row of the matrix.

    Parameters
    ----------
    reliability_data : array_like, shape (raters, units)
        NaN (or None) where a rater did not rate a unit.

    Returns
    -------
    values : ndarray, shape (v,)
        The distinct pairable values, sorted.
    matrix : ndarray, shape (v, v)
        ``matrix[c, k]``: how often value ``c`` coincides with value ``k``
        (symmetric; its total is the number of pairable values).

    Examples
    --------
    >>> from cxmodel.agreement import coincidences
    >>> values, o = coincidences([[1, 2, 2], [1, 2, 3]])
    >>> values.tolist()
    [1.0, 2.0, 3.0]
    >>> o.tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 1.0], [0.0, 1.0, 0.0]]
    """
    data = _reliability_data(reliability_data)
    rated = ~np.isnan(data)
    m = rated.sum(axis=0)
    pairable = m >= 2
    cells = data[:, pairable]
    present = rated[:, pairable]
    values, codes = np.unique(cells[present], return_inverse=True)
    n_units = int(pairable.sum())
    # counts[u, c]: how many raters gave value c to pairable unit u.
    unit_of = np.broadcast_to(np.arange(n_units), cells.shape)[present]
    counts = np.zeros((n_units, values.size))
    np.add.at(counts, (unit_of, codes.ravel()), 1.0)
    scaled = counts / (m[pairable] - 1.0)[:, None]
    matrix = scaled.T @ counts
    matrix[np.diag_indices_from(matrix)] -= scaled.sum(axis=0)
    return values, matrix


def _distances(values: _FloatArray, totals: _FloatArray, level: str) -> _FloatArray:
    """The squared difference ``delta**2`` of every pair of values at ``level``."""
    if level == "nominal":
        return 1.0 - np.eye(values.size)
    if level == "ordinal":
        # Krippendorff's ordinal metric: (sum of n_g for g from c to k - (n_c + n_k) / 2)**2,
        # which is the squared difference of the mid-ranks of c and k.
        mid = np.cumsum(totals) - totals / 2.0
        return np.subtract.outer(mid, mid) ** 2
    if level == "interval":
        return np.subtract.outer(values, values) ** 2
    sums = np.add.outer(values, values)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(sums == 0.0, 0.0, np.subtract.outer(values, values) / sums)
    return np.asarray(ratio**2, dtype=np.float64)


def krippendorff_alpha(reliability_data: npt.ArrayLike, *, level: Level = "interval") -> float:
    """Krippendorff's alpha: how far raters agree beyond chance.

    Parameters
    ----------
    reliability_data : array_like, shape (raters, units)
        One row per rater, one column per unit (an initiative, or an
        initiative and criterion); NaN or None where a rater gave no rating.
        Units rated by fewer than two raters carry no information about
        agreement and are left out.
    level : {"interval", "nominal", "ordinal", "ratio"}, default "interval"
        The level of measurement, which decides the distance ``delta**2``
        between values ``c`` and ``k``: ``nominal`` 0 if equal else 1;
        ``ordinal`` the squared distance of their mid-ranks among all pairable
        values; ``interval`` ``(c - k)**2``; ``ratio`` ``((c - k) / (c + k))**2``
        (values must then be ``>= 0``).  Ratings on a Likert scale are usually
        treated as interval data, the default.

    Returns
    -------
    float
        ``1 - (n - 1) * sum(o * delta**2) / sum(n_c * n_k * delta**2)`` with
        ``o`` the coincidence matrix (see :func:`~cxmodel.agreement.coincidences`), ``n_c`` its
        row totals and ``n`` the number of pairable values.  ``1.0`` is
        perfect agreement, ``0.0`` chance; NaN when every pairable value is
        the same (no variation, so agreement cannot be told from chance).

    Raises
    ------
    CxModelError
        No unit was rated by two raters, so there is nothing to compare.
    FieldError
        An unknown ``level``, data that are not a 2-d array of numbers,
        infinite values, or negative values at the ratio level.

    References
    ----------
    K. Krippendorff (2011). *Computing Krippendorff's Alpha-Reliability*.
    University of Pennsylvania, Annenberg School for Communication,
    https://repository.upenn.edu/asc_papers/43

    Examples
    --------
    The example of Krippendorff (2011), section C: four observers, twelve
    units, some ratings missing.

    >>> import numpy as np
    >>> from cxmodel.agreement import krippendorff_alpha
    >>> nan = np.nan
    >>> data = [
    ...     [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...     [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ... ]
    >>> round(krippendorff_alpha(data, level="nominal"), 3)
    0.743
    >>> round(krippendorff_alpha(data), 3)
    0.849
    >>> krippendorff_alpha([[1, 2, 3], [1, 2, 3]])
    1.0
    """
    if level not in LEVELS:
        raise FieldError("level", level, f"must be one of {', '.join(LEVELS)}")
    values, matrix = coincidences(reliability_data)
    if values.size == 0:
        raise CxModelError(
            "Krippendorff's alpha needs at least one unit rated by two raters; "
            "no unit was rated twice"
        )
    if level == "ratio" and values[0] < 0:
        raise FieldError("reliability_data", float(values[0]), "must be >= 0 at the ratio level")
    totals = matrix.sum(axis=1)
    n = float(totals.sum())
    delta = _distances(values, totals, level)
    observed = float((matrix * delta).sum())
    expected = float(totals @ delta @ totals)
    if expected == 0.0:  # every pairable value is the same
        return math.nan
    return 1.0 - (n - 1.0) * observed / expected
