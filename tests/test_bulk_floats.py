"""The validator's bulk float conversion: booleans are never scores, whatever numpy reads."""

from __future__ import annotations

from collections import OrderedDict
from itertools import pairwise
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel import _table


@pytest.mark.parametrize(
    "cells",
    [[True, 0.5], [0.5, False], [0.25, np.True_], [1.0, 0.0, True], ["0.5", True]],
)
def test_booleans_go_to_the_cell_rules(cells: list[Any]) -> None:
    assert _table._bulk_floats(cells) is None


def test_numbers_at_zero_and_one_convert() -> None:
    values = _table._bulk_floats([1.0, 0.0, 1, 0, 0.5, "1"])
    assert values is not None and values.tolist() == [1.0, 0.0, 1.0, 0.0, 0.5, 1.0]


def test_a_boolean_score_is_reported() -> None:
    records = [
        {"name": "A", "viability": True, "desirability": 0.5, "feasibility": 1.0},
        {"name": "B", "viability": 1.0, "desirability": 0.0, "feasibility": 1.0},
    ]
    with pytest.raises(cx.InputError) as caught:
        cx.Portfolio.from_records(records)
    assert [(row, column) for row, column, _ in caught.value.errors] == [(1, "viability")]


def test_keys_of_every_record_count() -> None:
    records = [
        {"name": "A", "viability": 1, "desirability": 0.5, "feasibility": 1.0},
        {"name": "B", "viability": 1, "desirability": 0, "feasibility": 1, "channel": "human"},
    ]
    p = cx.Portfolio.from_records(records)
    assert (
        p["B"].channel.value == "human" and p["A"].channel == cx.Initiative("x", 0, 0, 0).channel
    )


# --- records of plain dicts: columns read in one pass each, the same as record by record ---

_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 3),
    st.booleans(),
    st.none(),
    st.sampled_from(["0.5", "0,25", "70%", "high", " 1 ", "", "nan"]),
    st.just({}),
    st.integers(10**400, 10**400 + 1),
)


def _outcome(records: list[Any]) -> Any:
    try:
        return cx.Portfolio.from_records(records)
    except cx.InputError as error:
        return error.errors


@given(
    st.lists(
        st.fixed_dictionaries(
            {"viability": _VALUES, "desirability": _VALUES, "feasibility": _VALUES},
            optional={"effort": _VALUES, "stated_desire": _VALUES},
        ),
        min_size=1,
        max_size=6,
    )
)
def test_plain_dicts_read_as_record_by_record(scores: list[dict[str, Any]]) -> None:
    records = [{"name": f"idea {k}", **row} for k, row in enumerate(scores)]
    # A mapping that is not a dict takes the record-by-record way.
    one_by_one = [MappingProxyType(record) for record in records]
    assert _outcome(records) == _outcome(one_by_one)


def test_a_bad_number_is_quoted_as_given() -> None:
    records = [
        {"name": "A", "viability": 2, "desirability": 0.5, "feasibility": 1.0},
        {"name": "B", "viability": 0.5, "desirability": 0.5, "feasibility": 1.0, "effort": 0},
    ]
    with pytest.raises(cx.InputError) as caught:
        cx.Portfolio.from_records(records)
    messages = [message for _, _, message in caught.value.errors]
    assert "viability: 2 " in messages[0] and "2.0" not in messages[0]
    assert messages[1].startswith("effort")


def test_dict_subclasses_and_other_items_in_records() -> None:
    row = {"name": "A", "viability": 1, "desirability": 0.5, "feasibility": 1.0}
    assert cx.Portfolio.from_records([OrderedDict(row)]) == cx.Portfolio.from_records([row])
    with pytest.raises(cx.InputError) as caught:
        cx.Portfolio.from_records([row, 7, "text"])
    assert [r for r, _, _ in caught.value.errors] == [2, 3]


def _one_cell(cell: Any) -> float:
    """What the span search must give for one cell: its float, NaN when it does not convert."""
    text = cell.replace(",", ".") if isinstance(cell, str) and "." not in cell else cell
    try:
        return float(text)
    except ValueError:
        return float("nan")


@given(
    st.lists(
        st.one_of(
            st.floats(0, 1),
            st.floats(0, 1).map(repr),
            st.sampled_from(["high", "70%", "", "0,5", "n/a"]),
        ),
        min_size=1,
        max_size=400,
    )
)
def test_cells_that_do_not_convert_are_found_among_any_others(cells: list[Any]) -> None:
    values = _table._bulk_floats(cells)
    assert values is not None
    expected = np.array([_one_cell(c) for c in cells])
    assert np.array_equal(values, expected, equal_nan=True)


def test_spans_cover_the_range_once_in_order() -> None:
    for low, high in [(0, 1), (0, 31), (5, 200_005), (3, 4)]:
        spans = _table._spans(low, high)
        assert spans[0][0] == low and spans[-1][1] == high and len(spans) <= _table._PARTS
        assert all(a < b == c for (a, b), (c, _) in pairwise(spans))
