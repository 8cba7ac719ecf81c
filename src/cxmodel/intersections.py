"""Regions of the three-lens Venn diagram and the three kinds of innovation.

An initiative *passes* a lens when its score is ``>=`` the lens threshold.  The
set of passing lenses is its :class:`Region`, coded as a bitmask
(business = 1, people = 2, technology = 4) so that whole arrays of initiatives
can be classified at once by :func:`classify_arrays`.
"""

from __future__ import annotations

import enum

import attrs
import numpy as np
import numpy.typing as npt

from .exceptions import ScoreError
from .model import CRITERIA, Initiative, Lens, Thresholds

__all__ = [
    "Classification",
    "InnovationType",
    "Region",
    "classify",
    "classify_arrays",
    "is_emotional",
    "is_functional",
    "is_process",
    "region",
]

_DEFAULT_THRESHOLDS = Thresholds()
_ONE_BITS = np.float64(1.0).view(np.uint64)  # bit pattern of 1.0, see _all_scores
#: Elements per block of classify_arrays: three float64 blocks (1.5 MB) stay in cache.
_BLOCK = 1 << 16


class Region(enum.IntEnum):
    """The eight regions of the Venn diagram, as a bitmask of passing lenses.

    ``BUSINESS = 1``, ``PEOPLE = 2`` and ``TECHNOLOGY = 4`` are the bits of the
    lenses an initiative passes; their sums name the regions.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.Region.EMOTIONAL == cx.Region.BUSINESS_ONLY | cx.Region.PEOPLE_ONLY
    True
    >>> cx.Region(5)
    <Region.PROCESS: 5>
    >>> cx.Region.FUNCTIONAL.label, cx.Region.NONE.label
    ('Functional innovation', 'No lens passes')
    >>> cx.Region.NONE.label
    'No lens passes'
    >>> sorted(lens.value for lens in cx.Region.PROCESS.lenses)
    ['business', 'technology']
    """

    NONE = 0
    BUSINESS_ONLY = 1
    PEOPLE_ONLY = 2
    EMOTIONAL = 3
    TECHNOLOGY_ONLY = 4
    PROCESS = 5
    FUNCTIONAL = 6
    CUSTOMER_EXPERIENCE = 7

    @property
    def lenses(self) -> frozenset[Lens]:
        """The lenses an initiative in this region passes."""
        return frozenset(lens for lens in Lens if self & lens.bit)

    @property
    def innovation_types(self) -> frozenset[InnovationType]:
        """The kinds of innovation whose two lenses both pass here (all three at the centre)."""
        return frozenset(t for t in InnovationType if self & t.region == t.region)

    @property
    def label(self) -> str:
        """A human-readable name, as on charts and in tables ("No lens passes" for NONE)."""
        return _LABELS[self]

    @property
    def is_innovation(self) -> bool:
        """True for the three pairwise intersections and the centre."""
        return bin(self.value).count("1") >= 2


class InnovationType(enum.Enum):
    """The three kinds of innovation, one per pair of lenses.

    * ``EMOTIONAL`` -- business and people: connection, two-way dialogue, loyalty.
    * ``PROCESS`` -- business and technology: cost savings, efficiency, standardisation.
    * ``FUNCTIONAL`` -- people and technology: features, usability, design.

    Member order (emotional, process, functional) breaks ties.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.InnovationType.PROCESS.region
    <Region.PROCESS: 5>
    >>> [lens.value for lens in cx.InnovationType.FUNCTIONAL.lenses]
    ['people', 'technology']
    """

    EMOTIONAL = "emotional"
    PROCESS = "process"
    FUNCTIONAL = "functional"

    @property
    def lenses(self) -> tuple[Lens, Lens]:
        """The two lenses that meet in this kind of innovation, in lens order."""
        return _PAIRS[self]

    @property
    def region(self) -> Region:
        """The region where exactly these two lenses pass."""
        a, b = self.lenses
        return Region(a.bit | b.bit)

    @property
    def label(self) -> str:
        """A human-readable name, for example ``"Emotional innovation"``."""
        return f"{self.value.capitalize()} innovation"


_PAIRS = {
    InnovationType.EMOTIONAL: (Lens.BUSINESS, Lens.PEOPLE),
    InnovationType.PROCESS: (Lens.BUSINESS, Lens.TECHNOLOGY),
    InnovationType.FUNCTIONAL: (Lens.PEOPLE, Lens.TECHNOLOGY),
}
_LABELS = {
    Region.NONE: "No lens passes",
    Region.BUSINESS_ONLY: "Business only",
    Region.PEOPLE_ONLY: "People only",
    Region.EMOTIONAL: "Emotional innovation",
    Region.TECHNOLOGY_ONLY: "Technology only",
    Region.PROCESS: "Process innovation",
    Region.FUNCTIONAL: "Functional innovation",
    Region.CUSTOMER_EXPERIENCE: "Customer experience",
}


def _passes(initiative: Initiative, lens: Lens, thresholds: Thresholds | None) -> bool:
    t = _DEFAULT_THRESHOLDS if thresholds is None else thresholds
    return initiative.score(lens) >= t.for_lens(lens)


def _is(kind: InnovationType, initiative: Initiative, thresholds: Thresholds | None) -> bool:
    return all(_passes(initiative, lens, thresholds) for lens in kind.lenses)


def is_emotional(initiative: Initiative, thresholds: Thresholds | None = None) -> bool:
    """True when viability and desirability both pass: emotional innovation.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.is_emotional(cx.Initiative("Community", 0.7, 0.9, 0.2))
    True
    """
    return _is(InnovationType.EMOTIONAL, initiative, thresholds)


def is_process(initiative: Initiative, thresholds: Thresholds | None = None) -> bool:
    """True when viability and feasibility both pass: process innovation.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.is_process(cx.Initiative("Invoice automation", 0.8, 0.3, 0.9))
    True
    """
    return _is(InnovationType.PROCESS, initiative, thresholds)


def is_functional(initiative: Initiative, thresholds: Thresholds | None = None) -> bool:
    """True when desirability and feasibility both pass: functional innovation.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.is_functional(cx.Initiative("Cordless vacuum", 0.4, 0.8, 0.9))
    True
    """
    return _is(InnovationType.FUNCTIONAL, initiative, thresholds)


def region(initiative: Initiative, thresholds: Thresholds | None = None) -> Region:
    """The region of the Venn diagram an initiative falls in.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.region(cx.Initiative("Smart fridge screen", 0.3, 0.2, 0.9))
    <Region.TECHNOLOGY_ONLY: 4>
    >>> cx.region(cx.Initiative("Edge case", 0.5, 0.5, 0.5))  # thresholds are inclusive
    <Region.CUSTOMER_EXPERIENCE: 7>
    """
    code = 0
    for lens in Lens:
        if _passes(initiative, lens, thresholds):
            code |= lens.bit
    return Region(code)


@attrs.frozen
class Classification:
    """How one initiative is classified, with the numbers behind it.

    Attributes
    ----------
    name : str
        The initiative's name.
    region : Region
        The region of the Venn diagram it falls in.
    types : frozenset of InnovationType
        The kinds of innovation whose two lenses pass (all three at the centre).
    primary : InnovationType or None
        The type with the highest membership among ``types``; ties go to the
        earlier member of :class:`InnovationType`; ``None`` if ``types`` is empty.
    memberships : dict
        For every :class:`InnovationType`, the fuzzy AND of its two scores
        (their minimum): how strongly the initiative belongs to that kind.
    scores : dict
        The initiative's scores by criterion.
    thresholds : Thresholds
        The thresholds used.

    Examples
    --------
    >>> import cxmodel as cx
    >>> c = cx.classify(cx.Initiative("Customer community", 0.7, 0.9, 0.6))
    >>> c.region
    <Region.CUSTOMER_EXPERIENCE: 7>
    >>> c.primary
    <InnovationType.EMOTIONAL: 'emotional'>
    >>> round(c.memberships[cx.InnovationType.PROCESS], 2)
    0.6
    """

    name: str
    region: Region
    types: frozenset[InnovationType]
    primary: InnovationType | None
    memberships: dict[InnovationType, float]
    scores: dict[str, float]
    thresholds: Thresholds

    def explain(self) -> str:
        """One plain-English sentence naming the scores and thresholds used.

        Examples
        --------
        >>> import cxmodel as cx
        >>> print(cx.classify(cx.Initiative("Invoice bot", 0.8, 0.3, 0.9)).explain())
        'Invoice bot' is process innovation: viability 0.80 >= 0.50 and feasibility 0.90 >= 0.50 pass; desirability 0.30 < 0.50 does not.
        """  # noqa: E501
        passed, failed = [], []
        for lens in Lens:
            score = self.scores[lens.criterion]
            limit = self.thresholds.for_lens(lens)
            if lens in self.region.lenses:
                passed.append(f"{lens.criterion} {score:.2f} >= {limit:.2f}")
            else:
                failed.append(f"{lens.criterion} {score:.2f} < {limit:.2f}")
        if self.region is Region.CUSTOMER_EXPERIENCE:
            what = "holistic customer experience (all three lenses pass)"
        elif self.region is Region.NONE:
            what = "in no lens"
        elif self.region.is_innovation:
            what = self.region.label.lower()
        else:
            only = next(iter(self.region.lenses))
            what = f"{only.value} only, not an innovation"
        parts = []
        if passed:
            verb = "passes" if len(passed) == 1 else "pass"
            parts.append(f"{_join(passed)} {verb}")
        if failed:
            verb = "does not" if len(failed) == 1 else "do not"
            parts.append(f"{_join(failed)} {verb}")
        return f"{self.name!r} is {what}: {'; '.join(parts)}."


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def classify(initiative: Initiative, thresholds: Thresholds | None = None) -> Classification:
    """Classify one initiative: its region, innovation types and memberships.

    Examples
    --------
    >>> import cxmodel as cx
    >>> c = cx.classify(cx.Initiative("Loyalty app", 0.8, 0.7, 0.3))
    >>> c.region.name, sorted(t.value for t in c.types), c.primary.value
    ('EMOTIONAL', ['emotional'], 'emotional')
    """
    used = _DEFAULT_THRESHOLDS if thresholds is None else thresholds
    where = region(initiative, used)
    types = where.innovation_types
    memberships = {
        t: min(initiative.score(t.lenses[0]), initiative.score(t.lenses[1]))
        for t in InnovationType
    }
    primary = None
    for t in InnovationType:  # enum order, so earlier members win ties
        if t in types and (primary is None or memberships[t] > memberships[primary]):
            primary = t
    return Classification(
        name=initiative.name,
        region=where,
        types=types,
        primary=primary,
        memberships=memberships,
        scores=initiative.scores,
        thresholds=used,
    )


def _float_array(field: str, values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """``values`` as a float64 array, refusing non-numbers (the range is not checked).

    A masked array's masked entries are missing scores: refused, never classified by
    the values hidden under the mask.
    """
    if np.ma.isMaskedArray(values):
        mask = np.ma.getmaskarray(values)
        if mask.any():
            bad = int(np.flatnonzero(mask.reshape(-1))[0])
            raise ScoreError(f"{field}[{bad}]", np.ma.masked, "is masked: fill or drop it first")
        values = np.ma.getdata(values)
    array = np.asarray(values)
    if array.dtype.kind not in "fiu":
        raise ScoreError(field, values, "must be an array of real numbers in [0, 1]")
    return array.astype(np.float64, copy=False)


def _all_scores(array: npt.NDArray[np.float64]) -> bool:
    """Fast check that every entry of a float64 array is in [0, 1], in one reduction.

    Read as unsigned 64-bit integers, the floats in [+0.0, 1.0] are exactly those
    <= the bits of 1.0 (NaN, inf, negatives and -0.0 are all larger).  False
    does not mean invalid: -0.0 is a valid score that only the exact check accepts.
    """
    return not array.size or bool(array.view(np.uint64).max() <= _ONE_BITS)


def as_score_array(field: str, values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Return ``values`` as a float64 array, checking that every entry is a score in [0, 1].

    The error names the field, the position and the value of the first bad entry.
    """
    array = _float_array(field, values)
    # min/max propagate NaN, so two reductions catch NaN, inf and out-of-range values.
    if not _all_scores(array) and not (array.min() >= 0.0 and array.max() <= 1.0):
        bad = np.flatnonzero(~((array >= 0.0) & (array <= 1.0)))[0]
        raise ScoreError(
            f"{field}[{bad}]", float(array.flat[bad]), "must be a finite real number in [0, 1]"
        )
    return array


def classify_arrays(
    viability: npt.ArrayLike,
    desirability: npt.ArrayLike,
    feasibility: npt.ArrayLike,
    thresholds: Thresholds | None = None,
) -> npt.NDArray[np.uint8]:
    """Region codes of many initiatives at once, given their score arrays.

    Gives the same answer as :func:`region` for every row and validates its
    input the same way (NaN, inf, bool, non-numbers and out-of-range values
    raise :class:`~cxmodel.ScoreError` naming the field, position and value).

    Parameters
    ----------
    viability, desirability, feasibility : array_like
        Scores in ``[0, 1]`` of equal shape.
    thresholds : Thresholds, optional
        Defaults to ``Thresholds()``.

    Returns
    -------
    numpy.ndarray of uint8
        :class:`Region` codes, the shape of the inputs.

    Examples
    --------
    >>> import cxmodel as cx
    >>> codes = cx.classify_arrays([0.9, 0.2], [0.8, 0.1], [0.1, 0.9])
    >>> codes
    array([3, 4], dtype=uint8)
    >>> [cx.Region(c).name for c in codes]
    ['EMOTIONAL', 'TECHNOLOGY_ONLY']
    """
    used = _DEFAULT_THRESHOLDS if thresholds is None else thresholds
    given = (viability, desirability, feasibility)
    arrays = [_float_array(f, a) for f, a in zip(CRITERIA, given, strict=True)]
    shapes = {a.shape for a in arrays}
    if len(shapes) != 1:
        for field, array in zip(CRITERIA, arrays, strict=True):
            as_score_array(field, array)  # bad values are reported before shapes
        raise ScoreError("scores", tuple(a.shape for a in arrays), "must be arrays of one shape")
    flat = [a.reshape(-1) for a in arrays]
    out = np.empty(flat[0].shape, dtype=np.uint8)
    bit = np.empty(min(out.size, _BLOCK), dtype=np.uint8)
    # Validate and compare block by block, so each block is still in cache when it is
    # compared: this halves the memory traffic of validating whole arrays first.
    for start in range(0, out.size, _BLOCK):
        block = [a[start : start + _BLOCK] for a in flat]
        if not all(_all_scores(b) for b in block):
            # The exact check raises for the first bad entry in field order (or accepts
            # -0.0); then classify everything in one go.
            checked = [as_score_array(f, a) for f, a in zip(CRITERIA, arrays, strict=True)]
            return region_codes(checked[0], checked[1], checked[2], used)
        v, d, f = block
        _codes_into(out[start : start + _BLOCK], v, d, f, used, bit[: v.size])
    return out.reshape(arrays[0].shape)


def region_codes(
    viability: npt.NDArray[np.float64],
    desirability: npt.NDArray[np.float64],
    feasibility: npt.NDArray[np.float64],
    thresholds: Thresholds,
) -> npt.NDArray[np.uint8]:
    """:func:`classify_arrays` without validation, for float arrays already known to be scores.

    Internal fast path (e.g. for sensitivity sampling, whose clipped samples are
    valid by construction); the arrays must have one shape.
    """
    out = np.empty(viability.shape, dtype=np.uint8)
    bit = np.empty(viability.shape, dtype=np.uint8)
    _codes_into(out, viability, desirability, feasibility, thresholds, bit)
    return out


def _codes_into(
    out: npt.NDArray[np.uint8],
    viability: npt.NDArray[np.float64],
    desirability: npt.NDArray[np.float64],
    feasibility: npt.NDArray[np.float64],
    thresholds: Thresholds,
    bit: npt.NDArray[np.uint8],
) -> None:
    """Write the region codes into ``out``, using ``bit`` (same shape) as scratch space."""
    # Comparisons write booleans into uint8 memory through a view: no casting loop.
    np.greater_equal(viability, thresholds.viability, out=out.view(np.bool_))
    np.greater_equal(desirability, thresholds.desirability, out=bit.view(np.bool_))
    np.left_shift(bit, 1, out=bit)
    np.add(out, bit, out=out)
    np.greater_equal(feasibility, thresholds.feasibility, out=bit.view(np.bool_))
    np.left_shift(bit, 2, out=bit)
    np.add(out, bit, out=out)


#: A colour-blind-safe colour per region (Okabe-Ito), shared by tables and charts.
REGION_COLORS: dict[Region, str] = {
    Region.NONE: "#999999",
    Region.BUSINESS_ONLY: "#56B4E9",
    Region.PEOPLE_ONLY: "#F0E442",
    Region.EMOTIONAL: "#CC79A7",
    Region.TECHNOLOGY_ONLY: "#000000",
    Region.PROCESS: "#0072B2",
    Region.FUNCTIONAL: "#E69F00",
    Region.CUSTOMER_EXPERIENCE: "#009E73",
}
