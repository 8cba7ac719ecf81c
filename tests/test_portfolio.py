"""Portfolio: construction, columns, classification, filtering and records."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx

from .strategies import portfolios, thresholds


def small() -> cx.Portfolio:
    return cx.Portfolio(
        [
            cx.Initiative("Forum", 0.7, 0.9, 0.3, effort=2, tags=["loyalty"]),
            cx.Initiative("Robot", 0.8, 0.2, 0.9, effort=5),
            cx.Initiative("Gadget", 0.2, 0.1, 0.9, tags=["product", "loyalty"]),
        ]
    )


class TestConstruction:
    def test_keeps_order_and_names(self) -> None:
        p = small()
        assert p.names == ("Forum", "Robot", "Gadget")
        assert [i.name for i in p] == list(p.names)
        assert len(p) == 3 and "Robot" in p and "robot" not in p

    def test_duplicate_names_rejected(self) -> None:
        a = cx.Initiative("A", 0.5, 0.5, 0.5)
        with pytest.raises(cx.DuplicateNameError, match="'A'") as info:
            cx.Portfolio([a, cx.Initiative("B", 0, 0, 0), a.evolve(effort=3)])
        assert info.value.names == ("A",)

    def test_non_initiatives_rejected(self) -> None:
        with pytest.raises(cx.FieldError, match="item 2"):
            cx.Portfolio([cx.Initiative("A", 0, 0, 0), {"name": "B"}])  # type: ignore[list-item]

    def test_empty(self) -> None:
        p = cx.Portfolio()
        assert len(p) == 0 and p.names == () and p.viability.shape == (0,)
        assert sum(p.counts().values()) == 0 and p.classify() == []

    def test_unknown_dependencies_are_not_checked_here(self) -> None:
        p = cx.Portfolio([cx.Initiative("A", 0, 0, 0, depends_on=["missing"])])
        assert p["A"].depends_on == ("missing",)

    def test_columns_are_read_only_copies(self) -> None:
        p = small()
        assert p.effort.tolist() == [2.0, 5.0, 1.0]
        assert p.viability.dtype == np.float64
        with pytest.raises(ValueError, match="read-only"):
            p.viability[0] = 0.0

    def test_indexing(self) -> None:
        p = small()
        assert p["Robot"].effort == 5.0
        assert p[0].name == "Forum" and p[-1].name == "Gadget"
        with pytest.raises(KeyError, match="Nope"):
            p["Nope"]
        with pytest.raises(IndexError):
            p[3]
        with pytest.raises(TypeError):
            p[1.5]  # type: ignore[call-overload]

    def test_equality_and_repr(self) -> None:
        assert small() == small()
        assert small() != cx.Portfolio(list(small())[:2])
        assert "3 initiatives" in repr(small())
        assert small().__eq__(3) is NotImplemented

    @pytest.mark.parametrize(
        "change",
        [{"effort": 9}, {"feasibility": 0.31}, {"tags": ["other"]}, {"tags": []},
         {"channel": "human"}, {"stated_desire": 0.0}, {"description": " "}],
    )  # fmt: skip
    def test_equality_sees_every_field(self, change: dict[str, object]) -> None:
        items = list(small())
        changed = cx.Portfolio([items[0].evolve(**change), *items[1:]])
        assert changed != small()
        assert changed == cx.Portfolio(list(changed))

    @given(portfolios(), portfolios())
    def test_equality_is_equality_of_initiatives(self, p: cx.Portfolio, q: cx.Portfolio) -> None:
        assert (p == q) is (list(p) == list(q))
        # An empty filter result equals an empty portfolio however it was built.
        nothing = p.filter(region=[])
        assert nothing == cx.Portfolio([]) == cx.Portfolio.from_arrays([], [], [], [])

    @given(portfolios())
    def test_iteration_round_trips(self, p: cx.Portfolio) -> None:
        assert cx.Portfolio(list(p)) == p
        np.testing.assert_array_equal(p.viability, [i.viability for i in p])
        np.testing.assert_array_equal(p.effort, [i.effort for i in p])


class TestFromArrays:
    def test_matches_object_path(self) -> None:
        p = small()
        q = cx.Portfolio.from_arrays(
            p.names, p.viability, p.desirability, p.feasibility, effort=p.effort
        )
        assert q.names == p.names
        assert [(i.name, i.scores, i.effort) for i in q] == [
            (i.name, i.scores, i.effort) for i in p
        ]

    def test_default_effort_is_one(self) -> None:
        assert cx.Portfolio.from_arrays(["a"], [1], [1], [1]).effort.tolist() == [1.0]

    def test_validation(self) -> None:
        # The one validator of every way in: every bad cell, by 1-based row.
        with pytest.raises(cx.InputError) as bad:
            cx.Portfolio.from_arrays(["a", "b"], [0.1, 2], [0, 0], [0, 0])
        assert [(r, c) for r, c, _ in bad.value.errors] == [(2, "viability")]
        with pytest.raises(cx.InputError) as bad:
            cx.Portfolio.from_arrays(["a"], [0], [0], [0], effort=[0])
        assert [(r, c) for r, c, _ in bad.value.errors] == [(1, "effort")]
        with pytest.raises(cx.InputError) as bad:
            cx.Portfolio.from_arrays(["a", ""], [0, 0], [0, 0], [0, 0])
        assert [(r, c) for r, c, _ in bad.value.errors] == [(2, "name")]
        with pytest.raises(cx.InputError, match="duplicate name 'a'"):
            cx.Portfolio.from_arrays(["a", "a"], [0, 0], [0, 0], [0, 0])
        with pytest.raises(cx.FieldError, match="1-d array of 2"):
            cx.Portfolio.from_arrays(["a", "b"], [0, 0], [0, 0], [0])

    def test_inputs_are_copied(self) -> None:
        v, e = np.array([0.2]), np.array([3.0])
        p = cx.Portfolio.from_arrays(["a"], v, v, v, effort=e)
        v[0], e[0] = 0.9, 5.0
        assert p.viability[0] == 0.2 and p.effort[0] == 3.0

    def test_a_data_frame_is_copied(self) -> None:
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame({"name": ["a"], "viability": [0.2], "desirability": [0.2],
                           "feasibility": [0.2], "effort": [3.0]})  # fmt: skip
        p = cx.Portfolio.from_dataframe(df)
        df.loc[0, "viability"], df.loc[0, "effort"] = 0.9, 5.0
        assert p.viability[0] == 0.2 and p.effort[0] == 3.0


class TestClassification:
    def test_regions_counts_classify(self) -> None:
        p = small()
        assert p.regions().tolist() == [3, 5, 4]
        counts = p.counts()
        assert list(counts) == list(cx.Region)
        assert counts[cx.Region.EMOTIONAL] == 1 and counts[cx.Region.NONE] == 0
        assert [c.region for c in p.classify()] == [cx.Region(r) for r in p.regions()]

    @given(portfolios(), thresholds)
    def test_vectorised_equals_scalar(self, p: cx.Portfolio, t: cx.Thresholds) -> None:
        assert p.regions(t).tolist() == [int(cx.region(i, t)) for i in p]
        assert sum(p.counts(t).values()) == len(p)

    def test_regions_rejects_bad_thresholds(self) -> None:
        with pytest.raises(cx.FieldError, match="thresholds"):
            small().regions(0.5)  # type: ignore[arg-type]

    def test_filter(self) -> None:
        p = small()
        assert p.filter(region=cx.Region.PROCESS).names == ("Robot",)
        assert p.filter(region=[cx.Region.PROCESS, cx.Region.EMOTIONAL]).names == (
            "Forum",
            "Robot",
        )
        assert p.filter(tag="loyalty").names == ("Forum", "Gadget")
        assert p.filter(tag="loyalty", region=cx.Region.EMOTIONAL).names == ("Forum",)
        assert p.filter(innovation=cx.InnovationType.PROCESS).names == ("Robot",)
        assert p.filter().names == p.names
        assert p.filter(tag="none").names == ()
        strict = cx.Thresholds(viability=0.75)
        assert p.filter(region=cx.Region.PROCESS, thresholds=strict).names == ("Robot",)

    @given(portfolios(), st.sampled_from(list(cx.Region)))
    def test_filter_partitions_by_region(self, p: cx.Portfolio, r: cx.Region) -> None:
        kept = p.filter(region=r)
        assert set(kept.names) == {i.name for i in p if cx.region(i) is r}
        assert list(kept) == [p[name] for name in kept.names]

    @given(portfolios(), st.sampled_from(list(cx.Region)))
    def test_filtered_portfolio_writes_like_a_new_one(self, p: cx.Portfolio, r: cx.Region) -> None:
        kept = p.filter(region=r)
        fresh = cx.Portfolio(list(kept))
        assert kept == fresh
        assert kept.to_csv() == fresh.to_csv()
        assert list(kept.to_dataframe().columns) == list(fresh.to_dataframe().columns)

    def test_sub_portfolio_drops_optional_fields_nobody_sets(self) -> None:
        kept = small().filter(region=cx.Region.PROCESS)  # Robot, the one without tags
        assert list(kept.to_dataframe().columns) == [
            "name",
            "viability",
            "desirability",
            "feasibility",
            "effort",
        ]
        assert kept.column("tags") == ((),)

    def test_optional_columns(self) -> None:
        p = small()
        assert p.column("tags") == (("loyalty",), (), ("product", "loyalty"))
        assert p.column("channel") == (None, None, None)
        with pytest.raises(cx.FieldError, match="'viability'"):
            p.column("viability")

    def test_repr_html(self) -> None:
        html = cx.Portfolio([cx.Initiative("<b>x</b>", 0.9, 0.9, 0.9)])._repr_html_()
        assert "&lt;b&gt;x&lt;/b&gt;" in html and "Customer experience" in html
        assert "<table" in html

    def test_repr_html_truncates_large_portfolios(self) -> None:
        p = cx.Portfolio.from_arrays([str(k) for k in range(60)], *np.full((3, 60), 0.5))
        assert "10 more" in p._repr_html_()


class TestRecords:
    def test_from_records_with_scale_and_percent(self) -> None:
        p = cx.Portfolio.from_records(
            [
                {"name": "A", "viability": 5, "desirability": "70%", "feasibility": "3"},
                {"name": "B", "viability": 1, "desirability": 1, "feasibility": 1, "x": "ignored"},
            ],
            scale=cx.Scale.likert(5),
        )
        assert p["A"].scores == {"viability": 1.0, "desirability": 0.7, "feasibility": 0.5}
        assert p["B"].scores == {"viability": 0.0, "desirability": 0.0, "feasibility": 0.0}

    def test_from_records_reports_every_bad_record(self) -> None:
        with pytest.raises(cx.InputError) as info:
            cx.Portfolio.from_records(
                [
                    {"name": "A", "viability": 0.5, "desirability": 0.5, "feasibility": 0.5},
                    {"name": "B", "viability": "high", "desirability": 0.5, "feasibility": 2},
                    {"name": "A", "viability": 0.5, "desirability": 0.5, "feasibility": 0.5},
                    {"name": "C", "viability": 0.5, "desirability": 0.5},
                ]
            )
        rows = [(row, column) for row, column, _ in info.value.errors]
        assert rows == [(2, "viability"), (2, "feasibility"), (3, "name"), (4, "feasibility")]
        assert "'high'" in str(info.value) and "first at record 1" in str(info.value)

    def test_from_records_rejects_non_mappings(self) -> None:
        with pytest.raises(cx.InputError, match="record 1: expected") as info:
            cx.Portfolio.from_records(["Chatbot"])  # type: ignore[list-item]
        assert info.value.errors == [
            (1, "", "expected a mapping of fields to values, got 'Chatbot'")
        ]

    def test_from_records_renames_columns(self) -> None:
        p = cx.Portfolio.from_records(
            [{"Idea": "A", "viability": 1, "desirability": 1, "feasibility": 1}],
            columns={"Idea": "name"},
        )
        assert p.names == ("A",)

    @given(portfolios())
    def test_records_round_trip(self, p: cx.Portfolio) -> None:
        assert cx.Portfolio.from_records(p.to_records()) == p

    def test_to_dataframe_holds_plain_values(self) -> None:
        p = cx.example_portfolio()
        df = p.to_dataframe()
        assert list(df["name"]) == list(p.names)
        np.testing.assert_array_equal(df["effort"], p.effort)
        records = p.to_records()
        for field, default in (("tags", []), ("stages", []), ("channel", None)):
            assert list(df[field]) == [r.get(field, default) for r in records]
        assert {type(v) for v in df["channel"] if v is not None} == {str}
