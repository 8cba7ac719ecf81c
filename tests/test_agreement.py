"""Krippendorff's alpha: published values, a pairwise reference, properties and bad input.

The reference values come from K. Krippendorff (2011), *Computing Krippendorff's
Alpha-Reliability*, University of Pennsylvania, Annenberg School for Communication
(https://repository.upenn.edu/asc_papers/43): section A (binary data, two observers,
alpha = 0.095), section B (nominal data, two observers, alpha = 0.692) and section C
(four observers, twelve units, missing data: nominal 0.743, ordinal 0.815, interval 0.849,
ratio 0.797).  The nominal value was also recomputed by hand from the paper's coincidence
matrix (its row totals and diagonal are checked below), and every value is checked against
``pairwise_alpha``, an independent implementation straight from the definition.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxmodel.agreement import LEVELS, coincidences, krippendorff_alpha
from cxmodel.exceptions import CxModelError, FieldError

nan = math.nan

#: Krippendorff (2011), section C: observers A-D (rows) and units 1-12 (columns).
SECTION_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]


def pairwise_alpha(rows: list[list[float]], level: str) -> float:
    """Alpha straight from its definition: every ordered pair of values, one by one.

    D_o averages the distance of the pairs within each unit (weight 1 / (m_u - 1));
    D_e averages it over all pairs of the pooled pairable values.
    """
    units = []
    for u in range(len(rows[0])):
        values = [row[u] for row in rows if not math.isnan(row[u])]
        if len(values) >= 2:
            units.append(values)
    pooled = [v for values in units for v in values]
    n = len(pooled)
    freq: dict[float, int] = {}
    for v in pooled:
        freq[v] = freq.get(v, 0) + 1

    def delta(c: float, k: float) -> float:
        if level == "nominal":
            return 0.0 if c == k else 1.0
        if level == "interval":
            return (c - k) ** 2
        if level == "ratio":
            return 0.0 if c == k else ((c - k) / (c + k)) ** 2
        low, high = min(c, k), max(c, k)
        between = sum(f for g, f in freq.items() if low <= g <= high)
        return (between - (freq[c] + freq[k]) / 2) ** 2

    observed = 0.0
    for values in units:
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    observed += delta(a, b) / (len(values) - 1)
    observed /= n
    expected = 0.0
    for i, a in enumerate(pooled):
        for j, b in enumerate(pooled):
            if i != j:
                expected += delta(a, b)
    expected /= n * (n - 1)
    return 1.0 - observed / expected


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_section_c(level: str, published: float) -> None:
    assert krippendorff_alpha(SECTION_C, level=level) == pytest.approx(published, abs=5e-4)  # type: ignore[arg-type]
    assert krippendorff_alpha(SECTION_C, level=level) == pytest.approx(  # type: ignore[arg-type]
        pairwise_alpha(SECTION_C, level), rel=1e-12
    )


def test_krippendorff_2011_sections_a_and_b() -> None:
    binary = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert krippendorff_alpha(binary, level="nominal") == pytest.approx(0.095, abs=5e-4)
    code = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    nominal = [[code[c] for c in "aabbdcccedda"], [code[c] for c in "babbbccceddd"]]
    assert krippendorff_alpha(nominal, level="nominal") == pytest.approx(0.692, abs=5e-4)


def test_section_c_coincidences_match_the_paper() -> None:
    values, matrix = coincidences(SECTION_C)
    assert values.tolist() == [1, 2, 3, 4, 5]
    # The paper's row totals n_c and n = 40 pairable values (unit 12 has one value only).
    assert matrix.sum(axis=1).tolist() == pytest.approx([9, 13, 10, 5, 3])
    assert matrix.sum() == pytest.approx(40)
    assert np.diag(matrix).tolist() == pytest.approx([7, 10, 8, 4, 3])
    np.testing.assert_allclose(matrix, matrix.T)


# A rating matrix: 2-5 raters x 1-8 units, values on a small scale, some missing.
_cells = st.one_of(st.just(nan), st.integers(1, 5).map(float))
matrices = st.integers(2, 5).flatmap(
    lambda r: st.integers(1, 8).flatmap(
        lambda u: st.lists(st.lists(_cells, min_size=u, max_size=u), min_size=r, max_size=r)
    )
)


def _pairable(rows: list[list[float]]) -> list[float]:
    array = np.array(rows)
    keep = (~np.isnan(array)).sum(axis=0) >= 2
    values = array[:, keep]
    return values[~np.isnan(values)].tolist()


@given(matrices, st.sampled_from(LEVELS))
def test_matches_the_pairwise_definition(rows: list[list[float]], level: str) -> None:
    pooled = _pairable(rows)
    if not pooled:
        with pytest.raises(CxModelError, match="no unit was rated twice"):
            krippendorff_alpha(rows, level=level)  # type: ignore[arg-type]
    elif len(set(pooled)) == 1:
        assert math.isnan(krippendorff_alpha(rows, level=level))  # type: ignore[arg-type]
    else:
        assert krippendorff_alpha(rows, level=level) == pytest.approx(  # type: ignore[arg-type]
            pairwise_alpha(rows, level), rel=1e-9, abs=1e-12
        )


@given(
    st.lists(st.integers(1, 5), min_size=2, max_size=10).filter(lambda v: len(set(v)) > 1),
    st.integers(2, 6),
    st.sampled_from(LEVELS),
)
def test_identical_raters_agree_fully(values: list[int], raters: int, level: str) -> None:
    assert krippendorff_alpha([values] * raters, level=level) == pytest.approx(1.0)  # type: ignore[arg-type]


@given(matrices, st.randoms(use_true_random=False), st.sampled_from(LEVELS))
def test_order_of_raters_and_units_does_not_matter(
    rows: list[list[float]], rng: object, level: str
) -> None:
    pooled = _pairable(rows)
    if len(set(pooled)) < 2:
        return
    array = np.array(rows)
    raters = list(range(array.shape[0]))
    units = list(range(array.shape[1]))
    rng.shuffle(raters)  # type: ignore[attr-defined]
    rng.shuffle(units)  # type: ignore[attr-defined]
    shuffled = array[np.ix_(raters, units)]
    assert krippendorff_alpha(shuffled, level=level) == pytest.approx(  # type: ignore[arg-type]
        krippendorff_alpha(array, level=level),  # type: ignore[arg-type]
        rel=1e-9,
        abs=1e-12,
    )


@given(matrices, st.floats(0.1, 10), st.floats(-5, 5))
def test_interval_alpha_ignores_a_linear_change_of_scale(
    rows: list[list[float]], factor: float, shift: float
) -> None:
    if len(set(_pairable(rows))) < 2:
        return
    array = np.array(rows)
    assert krippendorff_alpha(array * factor + shift) == pytest.approx(
        krippendorff_alpha(array), rel=1e-6, abs=1e-9
    )


def test_units_rated_once_are_left_out() -> None:
    with_single = [[1, 2, 3, 5], [1, 2, 4, nan]]
    assert krippendorff_alpha(with_single) == krippendorff_alpha([[1, 2, 3], [1, 2, 4]])


def test_none_is_a_missing_rating() -> None:
    assert krippendorff_alpha([[1, 2, None], [1, 3, 2]]) == krippendorff_alpha([[1, 2], [1, 3]])


def test_systematic_disagreement_is_negative() -> None:
    assert krippendorff_alpha([[1, 5, 1, 5], [5, 1, 5, 1]]) < 0


def test_no_variation_is_nan() -> None:
    assert math.isnan(krippendorff_alpha([[3, 3, 3], [3, 3, nan]]))


@pytest.mark.parametrize(
    "data", [[[1, nan], [nan, 2]], [[1, 2, 3]], [[nan, nan], [nan, nan]], np.empty((3, 0))]
)
def test_nothing_rated_twice_is_an_error(data: object) -> None:
    with pytest.raises(CxModelError, match="at least one unit rated by two raters"):
        krippendorff_alpha(data)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        (SECTION_C, {"level": "cardinal"}, "level must be one of"),
        ([1, 2, 3], {}, "must be 2-dimensional"),
        ([[1, 2], [1, math.inf]], {}, "infinite"),
        ([[1, "high"], [1, 2]], {}, "must be numbers"),
        ([[-1, 2], [-1, 3]], {"level": "ratio"}, "must be >= 0 at the ratio level"),
    ],
)
def test_bad_input_names_the_problem(data: object, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(FieldError, match=message):
        krippendorff_alpha(data, **kwargs)  # type: ignore[arg-type]


def test_ratio_level_treats_zero_pairs_as_equal() -> None:
    assert krippendorff_alpha([[0, 0, 2], [0, 0, 2]], level="ratio") == 1.0
