"""Every way into a portfolio goes through one validator: same portfolio, same bad cells."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxmodel as cx

FIELDS = ("name", "viability", "desirability", "feasibility", "effort")

names = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "Zs"), exclude_characters="\r\n"),
    min_size=0,
    max_size=8,
)
good_scores = st.floats(0.0, 1.0)
bad_scores = st.sampled_from([1.5, -0.25, 7.0])
efforts = st.one_of(st.floats(0.5, 40.0), st.sampled_from([0.0, -1.0]))


@st.composite
def rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(0, 6))
    out = []
    for _ in range(n):
        row: dict[str, Any] = {"name": draw(names)}
        for field in FIELDS[1:4]:
            row[field] = draw(st.one_of(good_scores, good_scores, bad_scores))
        row["effort"] = draw(efforts)
        out.append(row)
    return out


def outcome(load: Any) -> tuple[str, Any]:
    """The portfolio's records, or the (row, column) of every bad cell."""
    try:
        return "ok", load().to_records()
    except cx.InputError as error:
        return "error", sorted((row, column) for row, column, _ in error.errors)


def records_way(data: list[dict[str, Any]]) -> tuple[str, Any]:
    return outcome(lambda: cx.Portfolio.from_records(data))


def columns(data: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {f: [r[f] for r in data] for f in FIELDS}


@settings(max_examples=150, deadline=None)
@given(rows())
def test_records_json_and_frames_agree(data: list[dict[str, Any]]) -> None:
    expected = records_way(data)
    ways = {
        "json": lambda: cx.read_json(io.StringIO(json.dumps({"initiatives": data}))),
        "pandas": lambda: cx.Portfolio.from_dataframe(pd.DataFrame(data, columns=FIELDS)),
        "polars": lambda: cx.Portfolio.from_dataframe(
            pl.DataFrame(
                columns(data), schema=dict.fromkeys(FIELDS[1:], pl.Float64) | {"name": pl.String}
            )
        ),
        "pyarrow": lambda: cx.Portfolio.from_dataframe(
            pa.table(
                columns(data),
                schema=pa.schema(
                    [("name", pa.string()), *[(f, pa.float64()) for f in FIELDS[1:]]]
                ),
            )
        ),
    }
    for way, load in ways.items():
        assert outcome(load) == expected, way


@settings(max_examples=150, deadline=None)
@given(rows())
def test_csv_agrees_with_records_line_by_line(data: list[dict[str, Any]]) -> None:
    expected = records_way(data)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(FIELDS)
    writer.writerows([r["name"], *(repr(r[f]) for f in FIELDS[1:])] for r in data)
    got = outcome(lambda: cx.read_csv(io.StringIO(text.getvalue())))
    if expected[0] == "error" and got[0] == "error":
        # CSV names rows by the line a person sees: the header is line 1.
        assert got[1] == [(row + 1, column) for row, column in expected[1]]
    else:
        assert got == expected


@given(rows())
def test_arrays_agree_with_records(data: list[dict[str, Any]]) -> None:
    expected = records_way(data)
    cols = columns(data)
    got = outcome(
        lambda: cx.Portfolio.from_arrays(
            cols["name"],
            np.array(cols["viability"], dtype=float),
            np.array(cols["desirability"], dtype=float),
            np.array(cols["feasibility"], dtype=float),
            effort=np.array(cols["effort"], dtype=float),
        )
    )
    assert got == expected


def test_the_same_bad_cells_are_named_on_every_way_in() -> None:
    data = [
        {
            "name": "Kiosk",
            "viability": 1.5,
            "desirability": 0.5,
            "feasibility": 0.5,
            "effort": 1.0,
        },
        {"name": "", "viability": 0.5, "desirability": 0.5, "feasibility": -0.25, "effort": 0.0},
        {
            "name": "Kiosk",
            "viability": 0.5,
            "desirability": 0.5,
            "feasibility": 0.5,
            "effort": 2.0,
        },
    ]
    expected = [(1, "viability"), (2, "effort"), (2, "feasibility"), (2, "name"), (3, "name")]
    assert records_way(data) == ("error", expected)
    frame = pd.DataFrame(data, columns=FIELDS)
    assert outcome(lambda: cx.Portfolio.from_dataframe(frame)) == ("error", expected)
    document = io.StringIO(json.dumps(data))
    assert outcome(lambda: cx.read_json(document)) == ("error", expected)


def test_names_are_stripped_on_every_way_in() -> None:
    spaced = ["  Kiosk ", "App"]
    by_arrays = cx.Portfolio.from_arrays(spaced, [0.5, 0.6], [0.5, 0.6], [0.5, 0.6])
    by_records = cx.Portfolio.from_records(
        [
            {"name": n, "viability": v, "desirability": v, "feasibility": v}
            for n, v in zip(spaced, [0.5, 0.6], strict=True)
        ]
    )
    assert by_arrays == by_records
    assert by_arrays.names == ("Kiosk", "App")
    assert cx.read_csv(io.StringIO(by_arrays.to_csv())) == by_arrays


def test_masked_entries_are_missing_not_their_hidden_value() -> None:
    scores = np.ma.masked_array([0.2, 0.9], mask=[False, True])
    with pytest.raises(cx.InputError) as bad:
        cx.Portfolio.from_arrays(["a", "b"], scores, [0.5, 0.5], [0.5, 0.5])
    assert [(row, column) for row, column, _ in bad.value.errors] == [(2, "viability")]
