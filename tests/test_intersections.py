"""Regions, innovation types, classify and the vectorised classify_arrays."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import cxmodel as cx

from .strategies import EDGES, initiatives, scores, thresholds

IS = {
    cx.InnovationType.EMOTIONAL: cx.is_emotional,
    cx.InnovationType.PROCESS: cx.is_process,
    cx.InnovationType.FUNCTIONAL: cx.is_functional,
}


def make(v: float, d: float, f: float) -> cx.Initiative:
    return cx.Initiative("X", v, d, f)


class TestRegion:
    def test_codes_are_lens_bitmasks(self) -> None:
        assert cx.Lens.BUSINESS.bit | cx.Lens.PEOPLE.bit == cx.Region.EMOTIONAL
        assert cx.Lens.BUSINESS.bit | cx.Lens.TECHNOLOGY.bit == cx.Region.PROCESS
        assert cx.Lens.PEOPLE.bit | cx.Lens.TECHNOLOGY.bit == cx.Region.FUNCTIONAL
        assert cx.Region.CUSTOMER_EXPERIENCE == 7 and cx.Region.NONE == 0
        assert [r.value for r in cx.Region] == list(range(8))

    def test_innovation_types_of_regions(self) -> None:
        assert cx.Region.CUSTOMER_EXPERIENCE.innovation_types == frozenset(cx.InnovationType)
        assert cx.Region.PROCESS.innovation_types == {cx.InnovationType.PROCESS}
        for r in (cx.Region.NONE, cx.Region.BUSINESS_ONLY, cx.Region.TECHNOLOGY_ONLY):
            assert r.innovation_types == frozenset()
            assert not r.is_innovation

    def test_type_regions_and_labels(self) -> None:
        for t in cx.InnovationType:
            assert t.region.innovation_types == {t}
            assert t.region.label == t.label
        assert list(cx.InnovationType) == [
            cx.InnovationType.EMOTIONAL,
            cx.InnovationType.PROCESS,
            cx.InnovationType.FUNCTIONAL,
        ]


class TestScalarPath:
    @pytest.mark.parametrize(
        ("scores", "expected"),
        [
            ((0.9, 0.9, 0.1), cx.Region.EMOTIONAL),
            ((0.9, 0.1, 0.9), cx.Region.PROCESS),
            ((0.1, 0.9, 0.9), cx.Region.FUNCTIONAL),
            ((0.9, 0.9, 0.9), cx.Region.CUSTOMER_EXPERIENCE),
            ((0.1, 0.1, 0.1), cx.Region.NONE),
            ((0.5, 0.5, 0.5), cx.Region.CUSTOMER_EXPERIENCE),
            ((0.4999, 0.5, 0.5), cx.Region.FUNCTIONAL),
            ((1.0, 0.0, 0.0), cx.Region.BUSINESS_ONLY),
        ],
    )
    def test_known_regions(self, scores: tuple[float, float, float], expected: cx.Region) -> None:
        assert cx.region(make(*scores)) is expected

    @given(initiatives(), thresholds)
    def test_region_bits_agree_with_predicates(
        self, initiative: cx.Initiative, t: cx.Thresholds
    ) -> None:
        r = cx.region(initiative, t)
        for lens in cx.Lens:
            assert bool(r & lens.bit) == (initiative.score(lens) >= t.for_lens(lens))
        for kind, predicate in IS.items():
            assert predicate(initiative, t) == (kind in r.innovation_types)

    @given(initiatives(), thresholds)
    def test_every_initiative_in_exactly_one_region(
        self, initiative: cx.Initiative, t: cx.Thresholds
    ) -> None:
        inside = [r for r in cx.Region if r.lenses == cx.region(initiative, t).lenses]
        assert len(inside) == 1

    @given(initiatives(), thresholds, st.sampled_from(list(cx.Lens)), scores)
    def test_raising_a_threshold_never_adds_a_lens(
        self, initiative: cx.Initiative, t: cx.Thresholds, lens: cx.Lens, higher: float
    ) -> None:
        raised_value = max(higher, t.for_lens(lens))
        raised = cx.Thresholds(**{**_as_dict(t), lens.criterion: raised_value})
        before = cx.region(initiative, t).lenses
        after = cx.region(initiative, raised).lenses
        assert after <= before

    def test_thresholds_default_to_half(self) -> None:
        i = make(0.5, 0.49, 0.5)
        assert cx.region(i) == cx.region(i, cx.Thresholds())


def _as_dict(t: cx.Thresholds) -> dict[str, float]:
    return {"viability": t.viability, "desirability": t.desirability, "feasibility": t.feasibility}


class TestClassify:
    def test_centre_has_all_types_and_primary_by_membership(self) -> None:
        c = cx.classify(make(0.9, 0.6, 0.8))
        assert c.region is cx.Region.CUSTOMER_EXPERIENCE
        assert c.types == frozenset(cx.InnovationType)
        assert c.memberships == {
            cx.InnovationType.EMOTIONAL: 0.6,
            cx.InnovationType.PROCESS: 0.8,
            cx.InnovationType.FUNCTIONAL: 0.6,
        }
        assert c.primary is cx.InnovationType.PROCESS

    def test_ties_go_to_enum_order(self) -> None:
        assert cx.classify(make(0.7, 0.7, 0.7)).primary is cx.InnovationType.EMOTIONAL
        assert cx.classify(make(0.6, 0.9, 0.9)).primary is cx.InnovationType.FUNCTIONAL
        assert cx.classify(make(0.9, 0.6, 0.9)).primary is cx.InnovationType.PROCESS

    def test_no_types_no_primary(self) -> None:
        c = cx.classify(make(0.9, 0.1, 0.1))
        assert c.types == frozenset() and c.primary is None

    @given(initiatives(), thresholds)
    def test_classification_agrees_with_region(
        self, initiative: cx.Initiative, t: cx.Thresholds
    ) -> None:
        c = cx.classify(initiative, t)
        assert c.region is cx.region(initiative, t)
        assert c.types == c.region.innovation_types
        assert (c.primary is None) == (not c.types)
        if c.primary is not None:
            assert c.primary in c.types
            assert all(c.memberships[c.primary] >= c.memberships[k] for k in c.types)
        for kind, (a, b) in ((k, k.lenses) for k in cx.InnovationType):
            assert c.memberships[kind] == min(initiative.score(a), initiative.score(b))

    @given(initiatives(), thresholds)
    def test_explain_names_scores_and_thresholds(
        self, initiative: cx.Initiative, t: cx.Thresholds
    ) -> None:
        text = cx.classify(initiative, t).explain()
        assert repr(initiative.name) in text
        for lens in cx.Lens:
            assert f"{lens.criterion} {initiative.score(lens):.2f}" in text
            assert f"{t.for_lens(lens):.2f}" in text
        assert text.endswith(".") and "\n" not in text.replace(initiative.name, "")

    def test_explain_wording(self) -> None:
        text = cx.classify(make(0.8, 0.3, 0.9)).explain()
        assert "process innovation" in text
        assert "desirability 0.30 < 0.50 does not" in text
        assert "business only" in cx.classify(make(0.8, 0.3, 0.1)).explain()
        assert "customer experience" in cx.classify(make(0.8, 0.8, 0.8)).explain()


class TestClassifyArrays:
    @given(
        st.integers(0, 50).flatmap(
            lambda n: st.tuples(*[hnp.arrays(np.float64, n, elements=scores)] * 3)
        ),
        thresholds,
    )
    def test_equals_region_for_every_row(
        self, arrays: tuple[np.ndarray, np.ndarray, np.ndarray], t: cx.Thresholds
    ) -> None:
        codes = cx.classify_arrays(*arrays, thresholds=t)
        assert codes.dtype == np.uint8 and codes.shape == arrays[0].shape
        expected = [int(cx.region(make(v, d, f), t)) for v, d, f in zip(*arrays, strict=True)]
        assert codes.tolist() == expected

    @pytest.mark.parametrize("edge", EDGES)
    def test_values_exactly_at_thresholds(self, edge: float) -> None:
        t = cx.Thresholds.uniform(edge)
        below = np.nextafter(edge, -1.0) if edge > 0 else edge
        values = np.array([edge, below])
        codes = cx.classify_arrays(values, values, values, t)
        assert codes.tolist() == [int(cx.region(make(v, v, v), t)) for v in values]
        assert codes[0] == cx.Region.CUSTOMER_EXPERIENCE

    def test_accepts_lists_ints_and_2d(self) -> None:
        assert cx.classify_arrays([1, 0], [1, 0], [0, 0]).tolist() == [3, 0]
        grid = cx.classify_arrays(np.ones((2, 2)), np.zeros((2, 2)), np.ones((2, 2)))
        assert grid.shape == (2, 2) and (grid == cx.Region.PROCESS).all()

    def test_empty(self) -> None:
        assert cx.classify_arrays([], [], []).shape == (0,)

    @pytest.mark.parametrize(
        ("bad", "shown"),
        [
            ([0.5, float("nan")], "nan"),
            ([0.5, float("inf")], "inf"),
            ([1.5], "1.5"),
            ([-0.5], "-0.5"),
            ([True, False], "True"),
            (["0.5"], "'0.5'"),
            ([None], "None"),
        ],
    )
    def test_validates_like_initiative(self, bad: list[object], shown: str) -> None:
        n = len(bad)
        with pytest.raises(cx.ScoreError, match="desirability") as info:
            cx.classify_arrays([0.5] * n, bad, [0.5] * n)
        assert shown in str(info.value)

    def test_error_names_position(self) -> None:
        with pytest.raises(cx.ScoreError, match=r"feasibility\[2\]"):
            cx.classify_arrays([0, 0, 0], [0, 0, 0], [0, 1, 2])

    def test_shapes_must_match(self) -> None:
        with pytest.raises(cx.ScoreError, match="one shape"):
            cx.classify_arrays([0.1, 0.2], [0.1], [0.1, 0.2])

    def test_does_not_modify_inputs(self) -> None:
        v = np.array([0.2, 0.8])
        cx.classify_arrays(v, v, v)
        assert v.tolist() == [0.2, 0.8]
