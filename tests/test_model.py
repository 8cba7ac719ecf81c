"""Lens, Scale, Thresholds and Initiative: values, validation and conversions."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx

from .strategies import initiatives, scores

BAD_SCORES = [
    10**400,
    float("nan"),
    float("inf"),
    -float("inf"),
    True,
    False,
    "0.5",
    None,
    -0.01,
    1.01,
    [0.5],
    np.bool_(True),
]


class TestLens:
    def test_criteria_in_lens_order(self) -> None:
        assert [lens.criterion for lens in cx.Lens] == ["viability", "desirability", "feasibility"]

    def test_bits_are_the_region_bits(self) -> None:
        assert [lens.bit for lens in cx.Lens] == [1, 2, 4]

    def test_from_criterion_round_trips(self) -> None:
        for lens in cx.Lens:
            assert cx.Lens.from_criterion(lens.criterion) is lens

    def test_from_criterion_names_bad_value(self) -> None:
        with pytest.raises(cx.FieldError, match="'beauty'"):
            cx.Lens.from_criterion("beauty")

    def test_adjectives_and_questions(self) -> None:
        assert [lens.adjective for lens in cx.Lens] == ["viable", "desirable", "feasible"]
        assert all(lens.question.endswith("?") for lens in cx.Lens)


class TestScale:
    def test_likert_is_one_to_n(self) -> None:
        assert cx.Scale.likert(5) == cx.Scale(1, 5)
        assert cx.Scale.likert(7).normalize(7) == 1.0

    @pytest.mark.parametrize("points", [1, 0, -3, 2.5, True, "5"])
    def test_likert_rejects_bad_points(self, points: object) -> None:
        with pytest.raises(cx.FieldError, match="points"):
            cx.Scale.likert(points)  # type: ignore[arg-type]

    def test_percent(self) -> None:
        assert cx.Scale.percent() == cx.Scale(0, 100)
        assert cx.Scale.percent().normalize(70) == pytest.approx(0.7)

    @pytest.mark.parametrize(
        ("low", "high"), [(5, 1), (1, 1), (0, float("inf")), (float("nan"), 1)]
    )
    def test_rejects_bad_ends(self, low: float, high: float) -> None:
        with pytest.raises(cx.FieldError, match="scale"):
            cx.Scale(low, high)

    def test_is_frozen(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cx.Scale(0, 10).low = 1  # type: ignore[misc]

    @given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6), st.floats(0, 1))
    def test_denormalize_inverts_normalize(self, low: float, width: float, y: float) -> None:
        scale = cx.Scale(low, low + width)
        x = scale.denormalize(y)
        assert scale.normalize(min(max(x, scale.low), scale.high)) == pytest.approx(y, abs=1e-6)

    def test_normalize_arrays(self) -> None:
        np.testing.assert_allclose(cx.Scale(0, 10).normalize([0, 5, 10]), [0, 0.5, 1])
        np.testing.assert_allclose(cx.Scale(0, 10).denormalize(np.array([0.5])), [5.0])

    @pytest.mark.parametrize("value", [11, -1, float("nan"), "3", None])
    def test_normalize_rejects_values_off_the_scale(self, value: object) -> None:
        with pytest.raises(cx.ScoreError, match=repr(value) if value is not None else "None"):
            cx.Scale(0, 10).normalize(value)  # type: ignore[arg-type]

    def test_normalize_array_names_first_bad_value(self) -> None:
        with pytest.raises(cx.ScoreError, match="11"):
            cx.Scale(0, 10).normalize([1, 11, 12])


class TestThresholds:
    def test_defaults_are_midpoints(self) -> None:
        assert cx.Thresholds().as_tuple() == (0.5, 0.5, 0.5)

    def test_for_lens(self) -> None:
        t = cx.Thresholds(0.1, 0.2, 0.3)
        assert [t.for_lens(lens) for lens in cx.Lens] == [0.1, 0.2, 0.3]

    def test_uniform(self) -> None:
        assert cx.Thresholds.uniform(0.7) == cx.Thresholds(0.7, 0.7, 0.7)

    @pytest.mark.parametrize("bad", [1.5, -0.1, float("nan"), "0.5", None, True])
    def test_rejects_bad_values_naming_the_field(self, bad: object) -> None:
        with pytest.raises(cx.ScoreError, match="desirability threshold"):
            cx.Thresholds(desirability=bad)  # type: ignore[arg-type]


class TestInitiative:
    def test_fields_and_defaults(self) -> None:
        i = cx.Initiative("Forum", 0.7, 0.9, 0.4)
        assert (i.effort, i.tags, i.depends_on, i.description) == (1.0, (), (), "")
        assert i.stated_desire is None and i.channel is None and i.stages == ()

    def test_scores_dict_in_lens_order(self) -> None:
        i = cx.Initiative("Forum", 0.7, 0.9, 0.4)
        assert list(i.scores.items()) == [
            ("viability", 0.7),
            ("desirability", 0.9),
            ("feasibility", 0.4),
        ]
        assert [i.score(lens) for lens in cx.Lens] == [0.7, 0.9, 0.4]

    @pytest.mark.parametrize("field", ["viability", "desirability", "feasibility"])
    @pytest.mark.parametrize("bad", BAD_SCORES, ids=repr)
    def test_bad_scores_raise_score_error_naming_field_and_value(
        self, field: str, bad: object
    ) -> None:
        values = {"viability": 0.5, "desirability": 0.5, "feasibility": 0.5, field: bad}
        with pytest.raises(cx.ScoreError) as info:
            cx.Initiative("X", **values)  # type: ignore[arg-type]
        assert field in str(info.value)
        assert repr(bad) in str(info.value)
        assert info.value.field == field
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize("bad", [0, -1, float("inf"), float("nan"), True, "2", None, 10**400])
    def test_bad_effort(self, bad: object) -> None:
        with pytest.raises(cx.ScoreError, match="effort"):
            cx.Initiative("X", 0.5, 0.5, 0.5, effort=bad)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", ["", "   ", None, 3, b"x"])
    def test_bad_name(self, bad: object) -> None:
        with pytest.raises(cx.CxModelError, match="name"):
            cx.Initiative(bad, 0.5, 0.5, 0.5)  # type: ignore[arg-type]

    def test_name_is_stripped(self) -> None:
        assert cx.Initiative("  Forum \n", 0.5, 0.5, 0.5).name == "Forum"

    @pytest.mark.parametrize(
        "value", [np.float64(0.25), np.float32(0.25), np.int64(0), np.int8(1), 1, 0]
    )
    def test_numpy_scalars_and_ints_accepted(self, value: object) -> None:
        i = cx.Initiative("X", value, 0.5, 0.5)  # type: ignore[arg-type]
        assert type(i.viability) is float
        assert i.viability == float(value)  # type: ignore[arg-type]

    def test_iterables_stored_as_tuples(self) -> None:
        i = cx.Initiative("X", 0.5, 0.5, 0.5, tags=["a", "b"], depends_on={"Y"})
        assert i.tags == ("a", "b") and i.depends_on == ("Y",)
        assert cx.Initiative("X", 0.5, 0.5, 0.5, tags=(t for t in "ab")).tags == ("a", "b")

    def test_list_items_are_stripped(self) -> None:
        i = cx.Initiative("X", 0.5, 0.5, 0.5, tags=[" a "], depends_on=["Y\n"])
        assert (i.tags, i.depends_on) == (("a",), ("Y",))

    def test_a_single_string_is_one_tag(self) -> None:
        assert cx.Initiative("X", 0.5, 0.5, 0.5, tags="loyalty").tags == ("loyalty",)

    @pytest.mark.parametrize("bad", [[1], [""], 5, [None]])
    def test_bad_tags(self, bad: object) -> None:
        with pytest.raises(cx.FieldError, match="tags"):
            cx.Initiative("X", 0.5, 0.5, 0.5, tags=bad)  # type: ignore[arg-type]

    def test_optional_models(self) -> None:
        i = cx.Initiative(
            "X", 0.5, 0.5, 0.5, stated_desire=0.2, value_driver=np.float64(0.9),
            customer_desirability=0, stages=["use", cx.Stage.PURCHASE], channel="Human",
            stakeholders=["employees"],
        )  # fmt: skip
        assert i.stages == (cx.Stage.USE, cx.Stage.PURCHASE)
        assert i.channel is cx.Channel.HUMAN
        assert i.value_driver == 0.9 and i.customer_desirability == 0.0

    @pytest.mark.parametrize(
        ("field", "bad"),
        [("stated_desire", 2.0), ("value_driver", "x"), ("customer_desirability", float("nan"))],
    )
    def test_bad_optional_scores(self, field: str, bad: object) -> None:
        with pytest.raises(cx.ScoreError, match=field):
            cx.Initiative("X", 0.5, 0.5, 0.5, **{field: bad})  # type: ignore[arg-type]

    def test_bad_stage_and_channel(self) -> None:
        with pytest.raises(cx.FieldError, match=r"stages.*choose from"):
            cx.Initiative("X", 0.5, 0.5, 0.5, stages=["checkout"])
        with pytest.raises(cx.FieldError, match="channel"):
            cx.Initiative("X", 0.5, 0.5, 0.5, channel="carrier pigeon")  # type: ignore[arg-type]

    def test_frozen_and_evolve_validates(self) -> None:
        i = cx.Initiative("X", 0.5, 0.5, 0.5)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            i.viability = 0.1  # type: ignore[misc]
        assert i.evolve(viability=0.1).viability == 0.1
        assert i.viability == 0.5
        with pytest.raises(cx.ScoreError, match="viability"):
            i.evolve(viability=3)

    def test_hashable_and_comparable(self) -> None:
        a = cx.Initiative("X", 0.5, 0.5, 0.5, tags=["t"])
        assert a == cx.Initiative("X", 0.5, 0.5, 0.5, tags=("t",))
        assert len({a, a.evolve()}) == 1

    @given(initiatives())
    def test_dict_round_trip(self, initiative: cx.Initiative) -> None:
        assert cx.Initiative.from_mapping(initiative.to_dict()) == initiative

    def test_from_mapping_requires_the_scores(self) -> None:
        with pytest.raises(cx.FieldError, match="feasibility is required"):
            cx.Initiative.from_mapping({"name": "X", "viability": 1, "desirability": 1})

    @given(scores)
    def test_every_score_in_range_is_accepted_unchanged(self, score: float) -> None:
        assert cx.Initiative("X", score, score, score).viability == score
        assert not math.isnan(score)
