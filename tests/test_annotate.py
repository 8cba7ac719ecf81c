"""annotate: the team's own table back with the model's answers; frames; thresholds on a scale."""

from __future__ import annotations

import io
import pathlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.annotation import ADDED_COLUMNS, annotate, annotate_file, annotation_columns
from cxmodel.io import read_any, read_excel

from .strategies import portfolios

DATA = pathlib.Path(__file__).parent / "data"

ROWS: list[dict[str, Any]] = [
    {
        "Initiative": "Chatbot",
        "Owner": "Ann",
        "Business value (1-5)": 2,
        "Desirability (1-5)": 2,
        "Technical feasibility (1-5)": 5,
        "Notes": "=cmd",
    },
    {
        "Initiative": "Community",
        "Owner": "Bo",
        "Business value (1-5)": 5,
        "Desirability (1-5)": 5,
        "Technical feasibility (1-5)": 3,
        "Notes": "",
    },
    {
        "Initiative": "Robots",
        "Owner": "Cy",
        "Business value (1-5)": 4,
        "Desirability (1-5)": 1,
        "Technical feasibility (1-5)": 4,
        "Notes": None,
    },
    {
        "Initiative": "Festival",
        "Owner": "Di",
        "Business value (1-5)": 1,
        "Desirability (1-5)": 2,
        "Technical feasibility (1-5)": 1,
        "Notes": "x",
    },
]
EXPECTED = {
    "region": ["Technology only", "Customer experience", "Process innovation", "No lens passes"],
    "innovation_types": [
        "",
        "Emotional innovation; Process innovation; Functional innovation",
        "Process innovation",
        "",
    ],
    "primary_type": ["", "Emotional innovation", "Process innovation", ""],
    "feature_bloat": [True, False, False, False],
}


def test_region_none_reads_no_lens_passes() -> None:
    assert cx.Region.NONE.label == "No lens passes"


# --- records -------------------------------------------------------------------------


def test_records_keep_every_column_and_gain_four() -> None:
    out = annotate(ROWS)
    assert isinstance(out, list) and len(out) == len(ROWS)
    for before, after in zip(ROWS, out, strict=True):
        assert list(after) == [*before, *ADDED_COLUMNS]
        assert {k: after[k] for k in before} == before
        assert after is not before
    assert {c: [r[c] for r in out] for c in ADDED_COLUMNS} == EXPECTED
    assert "region" not in ROWS[0]  # the input is not changed


def test_thresholds_on_the_team_scale_move_regions() -> None:
    likert = cx.Scale.likert(5)
    strict = likert.thresholds(viability=4, desirability=4, feasibility=4)
    out = annotate(ROWS, thresholds=strict)
    assert [r["region"] for r in out] == [
        "Technology only",
        "Emotional innovation",
        "Process innovation",
        "No lens passes",
    ]


def test_a_policy_changes_feature_bloat() -> None:
    out = annotate(ROWS, policy=cx.BalancePolicy(bloat_feasibility=1.0))
    assert [r["feature_bloat"] for r in out] == [True, False, False, False]
    out = annotate(ROWS, policy=cx.BalancePolicy(bloat_gap=0.8))
    assert not any(r["feature_bloat"] for r in out)


def test_records_with_columns_and_scale() -> None:
    rows = [{"Idea": "A", "v": 10, "d": 0, "f": 10}]
    out = annotate(
        rows,
        columns={"Idea": "name", "v": "viability", "d": "desirability", "f": "feasibility"},
        scale=cx.Scale(0, 10),
    )
    assert out[0]["region"] == "Process innovation"


def test_bad_records_raise_one_error_and_return_nothing() -> None:
    rows = [dict(ROWS[0]), {**ROWS[1], "Business value (1-5)": "high"}, "not a row"]
    with pytest.raises(cx.InputError) as caught:
        annotate(rows)
    assert caught.value.errors[0][0] == 3
    rows = rows[:2]
    with pytest.raises(cx.InputError) as caught:
        annotate(rows)
    assert caught.value.errors == [
        (2, "Business value (1-5)", "viability: 'high' is not a number")
    ]


def test_what_annotate_refuses() -> None:
    for bad in ("ideas.csv", {"name": ["A"]}, 3, pathlib.Path("x.csv")):
        with pytest.raises(cx.FieldError, match="data"):
            annotate(bad)
    with pytest.raises(cx.InputError, match="missing column 'name'"):
        annotate([{"viability": 1, "desirability": 1, "feasibility": 1}])


def test_an_empty_list_is_an_empty_list() -> None:
    assert annotate([]) == []


# --- data frames ---------------------------------------------------------------------


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_frames_come_back_as_the_same_kind(library: str) -> None:
    module = pytest.importorskip(library)
    columns = {key: [row[key] for row in ROWS] for key in ROWS[0]}
    frame = module.DataFrame(columns)
    out = annotate(frame)
    assert type(out) is type(frame)
    assert list(out.columns) == [*columns, *ADDED_COLUMNS]
    for name in ADDED_COLUMNS:
        assert list(out[name]) == EXPECTED[name]
    for name in columns:
        got = list(out[name])
        assert [None if v != v else v for v in got] == [
            None if v != v else v for v in list(frame[name])
        ]
    assert list(frame.columns) == list(columns)  # the input is not changed


def test_pandas_index_and_order_are_kept() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {key: [row[key] for row in ROWS] for key in ROWS[0]}, index=[40, 10, 30, 20]
    )
    out = annotate(frame)
    assert list(out.index) == [40, 10, 30, 20]
    assert out.loc[30, "region"] == "Process innovation"


def test_pyarrow_tables_too() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({key: [row[key] for row in ROWS] for key in ROWS[0] if key != "Notes"})
    out = annotate(table)
    assert isinstance(out, pa.Table)
    assert out.column("region").to_pylist() == EXPECTED["region"]


def test_an_earlier_annotation_is_replaced_where_it_stands() -> None:
    pd = pytest.importorskip("pandas")
    once = annotate(pd.DataFrame([dict(row) for row in ROWS]))
    twice = annotate(once, thresholds=cx.Scale.likert(5).thresholds(desirability=5))
    assert list(twice.columns) == list(once.columns)
    assert twice["region"].tolist()[1] == "Customer experience"


def test_annotation_columns_agree_with_classify() -> None:
    p = read_excel(DATA / "team_sheet_25.xlsx")
    for thresholds in (None, cx.Scale.likert(5).thresholds(desirability=4)):
        got = annotation_columns(p, thresholds=thresholds)
        for k, c in enumerate(p.classify(thresholds)):
            assert got["region"][k] == c.region.label
            assert got["primary_type"][k] == (c.primary.label if c.primary else "")
            types = [t.label for t in cx.InnovationType if t in c.types]
            assert got["innovation_types"][k] == "; ".join(types)
    bloat = {n for n, b in zip(p.names, annotation_columns(p)["feature_bloat"], strict=True) if b}
    findings = cx.check_balance(p, warn=False).findings
    named = {n for f in findings if f.code == "feature-bloat" for n in f.initiatives}
    assert bloat == named


@given(
    portfolios(max_size=8),
    st.lists(st.text(max_size=6), min_size=1, max_size=3),
)
def test_annotate_keeps_the_users_columns(portfolio: cx.Portfolio, extra: list[str]) -> None:
    records = []
    for k, initiative in enumerate(portfolio):
        row: dict[str, Any] = {"Owner": extra[k % len(extra)], "Idea": initiative.name}
        row["Business value (%)"] = initiative.viability * 100
        row["People"] = initiative.desirability
        row["Technology"] = f"{initiative.feasibility * 100!r}%"
        row["Notes"] = extra[-1]
        records.append(row)
    if not records:
        return
    out = annotate(records)
    assert [{k: r[k] for k in row} for r, row in zip(out, records, strict=True)] == records
    regions = [cx.region(i).label for i in portfolio]
    assert [r["region"] for r in out] == [
        cx.Region(int(c)).label
        for c in cx.Portfolio.from_records(
            [
                {
                    "name": r["Idea"],
                    "viability": r["Business value (%)"] / 100,
                    "desirability": r["People"],
                    "feasibility": r["Technology"],
                }
                for r in records
            ]
        ).regions()
    ]
    assert len(regions) == len(out)


@given(portfolios(max_size=8))
def test_annotated_frames_keep_their_rows(portfolio: cx.Portfolio) -> None:
    pd = pytest.importorskip("pandas")
    frame = portfolio.to_dataframe()
    frame["Owner"] = [f"o{k}" for k in range(len(frame))]
    out = annotate(frame)
    pd.testing.assert_frame_equal(out[list(frame.columns)], frame)
    assert out["region"].tolist() == [cx.Region(int(c)).label for c in portfolio.regions()]


# --- files ---------------------------------------------------------------------------


def test_annotate_file_writes_the_sheet_back_as_csv(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "annotated.csv"
    loaded = annotate_file(DATA / "team_sheet_25.xlsx", out)
    assert loaded.kind == "xlsx"
    text = out.read_text(encoding="utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Initiative,Owner,Business value (1-5)")
    assert header.endswith("Notes,region,innovation_types,primary_type,feature_bloat")
    assert len(text.splitlines()) == 26
    assert read_any(out) == read_excel(DATA / "team_sheet_25.xlsx")  # still reads as before


def test_annotate_file_neutralises_formulas_in_csv(tmp_path: pathlib.Path) -> None:
    source = io.StringIO("Idea,Business,People,Technology,Notes\n=evil,0.2,0.2,0.9,-1\n")
    out = io.StringIO()
    annotate_file(source, out)
    line = out.getvalue().lstrip("\ufeff").splitlines()[1]
    assert line.startswith("'=evil,0.2,0.2,0.9,-1,Technology only")


def test_annotate_file_writes_a_workbook(tmp_path: pathlib.Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    with pytest.warns(cx.CxModelWarning, match="Windows-1252"):
        annotate_file(DATA / "team_sheet_25_cp1252.csv", tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    sheet = book.active
    assert sheet.cell(row=1, column=9).value == "region"
    assert sheet.cell(row=2, column=1).value == "Loyalty programme with two-way feedback"
    assert sheet.max_row == 26


def test_annotate_file_refuses_unknown_outputs(tmp_path: pathlib.Path) -> None:
    with pytest.raises(cx.FieldError, match="output"):
        annotate_file(DATA / "team_sheet_25.xlsx", tmp_path / "out.pdf")


# --- to_dataframe backends and Scale.thresholds ----------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_to_dataframe_backends_round_trip(backend: str) -> None:
    pytest.importorskip(backend)
    p = read_excel(DATA / "team_sheet_25.xlsx")
    frame = p.to_dataframe(backend=backend)
    assert type(frame).__module__.split(".")[0] == backend
    assert cx.Portfolio.from_dataframe(frame) == p


def test_to_dataframe_rejects_other_backends() -> None:
    with pytest.raises(cx.FieldError, match="backend"):
        cx.Portfolio([]).to_dataframe(backend="spark")


def test_scale_thresholds() -> None:
    assert cx.Scale.likert(5).thresholds(desirability=4) == cx.Thresholds(desirability=0.75)
    assert cx.Scale.likert(5).thresholds() == cx.Thresholds()
    assert cx.Scale(0, 10).thresholds(viability=7, feasibility=0).as_tuple() == (0.7, 0.5, 0.0)
    with pytest.raises(cx.ScoreError, match="desirability threshold"):
        cx.Scale.likert(5).thresholds(desirability=6)
    with pytest.raises(cx.ScoreError):
        cx.Scale.likert(5).thresholds(viability="4")  # type: ignore[arg-type]


@given(st.integers(min_value=2, max_value=10), st.data())
def test_a_threshold_on_the_scale_passes_exactly_the_scores_at_or_above_it(
    points: int, data: st.DataObject
) -> None:
    scale = cx.Scale.likert(points)
    mark = data.draw(st.integers(min_value=1, max_value=points))
    score = data.draw(st.integers(min_value=1, max_value=points))
    thresholds = scale.thresholds(desirability=mark)
    initiative = cx.Initiative("A", 0, scale.normalize(score), 0)
    passes = cx.Lens.PEOPLE in cx.region(initiative, thresholds).lenses
    assert passes == (score >= mark)
