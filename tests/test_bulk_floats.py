"""The validator's bulk float conversion: booleans are never scores, whatever numpy reads."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

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
