"""Headers as teams write them: units, scales, aliases, ambiguity, saved mappings."""

from __future__ import annotations

import io
import json
import pathlib
import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel._headers import (
    describe_headers,
    header_scale,
    load_columns_file,
    match_headers,
    resolve_headers,
)
from cxmodel.io import read_csv

REQUIRED = ["name", "viability", "desirability", "feasibility"]


def fields(headers: list[str], columns: dict[str, str] | None = None) -> list[str | None]:
    mapping = match_headers(headers, columns, source="t")
    return [mapping.get(h) for h in headers]


# --- matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Viability (1-5)", "viability"),
        ("Effort (person-weeks)", "effort"),
        ("DESIRABILITY [0-100]", "desirability"),
        ("feasibility (%)", "feasibility"),
        ("Depends on", "depends_on"),
        ("depends-on", "depends_on"),
        ("Depends_On", "depends_on"),
        ("  Customer   desirability (1-5) ", "customer_desirability"),
        ("Stated-desire", "stated_desire"),
    ],
)
def test_units_case_and_separators_are_ignored(header: str, field: str) -> None:
    headers = [h for h in ["name", "viability", "desirability", "feasibility"] if h != field]
    assert fields([*headers, header])[-1] == field


@pytest.mark.parametrize(
    ("alias", "field"),
    [
        ("Initiative", "name"),
        ("Idea", "name"),
        ("Title", "name"),
        ("Business", "viability"),
        ("Business value", "viability"),
        ("People", "desirability"),
        ("Technology", "feasibility"),
        ("Technical feasibility", "feasibility"),
        ("Cost", "effort"),
        ("Size", "effort"),
        ("Estimate", "effort"),
        ("Depends on", "depends_on"),
        ("Dependencies", "depends_on"),
    ],
)
def test_the_aliases_of_the_design(alias: str, field: str) -> None:
    headers = [h for h in REQUIRED if h != field]
    assert fields([*headers, f"{alias} (unit)"])[-1] == field


def test_a_field_named_in_a_longer_header() -> None:
    assert fields(["Idea", "Business value", "Desirability score", "Feasibility"]) == [
        "name",
        "viability",
        "desirability",
        "feasibility",
    ]
    # the longer field name wins: this is customer_desirability, not desirability
    got = fields(["Idea", "Business", "People", "Technology", "Customer desirability score"])
    assert got[-1] == "customer_desirability"


def test_columns_that_are_not_fields_are_ignored() -> None:
    assert fields(["Idea", "Owner", "Notes", "Business", "People", "Technology"]) == [
        "name",
        None,
        None,
        "viability",
        "desirability",
        "feasibility",
    ]


def test_two_headers_for_one_field_name_both() -> None:
    with pytest.raises(cx.InputError) as caught:
        match_headers(
            ["Idea", "Viability (1-5)", "Business value", "People", "Tech"], None, source="t"
        )
    assert "'Viability (1-5)' and 'Business value' both give viability" in str(caught.value)
    assert "missing column 'viability'" not in str(caught.value)


def test_a_header_that_matches_two_fields_names_both() -> None:
    with pytest.raises(cx.InputError) as caught:
        match_headers(["Idea", "Viability / feasibility", "People"], None, source="t")
    message = str(caught.value)
    assert "'Viability / feasibility' matches both viability and feasibility" in message
    assert "--column 'Viability / feasibility=viability'" in message
    assert "missing column 'viability'" not in message


def test_columns_resolve_an_ambiguity_and_take_precedence() -> None:
    headers = ["Idea", "Title", "Business", "People", "Technology"]
    with pytest.raises(cx.InputError, match="'Idea' and 'Title' both give name"):
        match_headers(headers, None, source="t")
    assert fields(headers, {"Title": "name"}) == [
        None,
        "name",
        "viability",
        "desirability",
        "feasibility",
    ]
    # a mapping may name a header by its words, without its unit
    assert fields(
        ["Idea", "Score (1-5)", "People", "Tech"], {"score": "viability", "tech": "technology"}
    )[1:] == ["viability", "desirability", "feasibility"]


def test_customer_desirability_gives_the_one_flag_that_reads_it_as_desirability() -> None:
    headers = [
        "Initiative",
        "Owner",
        "Business value (1-5)",
        "Customer desirability (1-5)",
        "Technical feasibility (1-5)",
        "Effort (person-weeks)",
        "Depends on",
        "Notes",
    ]
    with pytest.raises(cx.InputError) as caught:
        match_headers(headers, None, source="sheet.csv", line=1)
    assert [column for _, column, _ in caught.value.errors] == ["desirability"]
    message = str(caught.value)
    assert "customer_desirability" in message
    assert "--column 'Customer desirability (1-5)=desirability'" in message
    fixed = match_headers(headers, {"Customer desirability (1-5)": "desirability"}, source="t")
    assert fixed["Customer desirability (1-5)"] == "desirability"


def test_a_missing_column_error_is_short_lists_headers_once_and_suggests() -> None:
    headers = ["Idea name", "Business", "People", "Tech", "Owner"]
    with pytest.raises(cx.InputError) as caught:
        match_headers(headers, None, source="t.csv", line=1)
    message = str(caught.value)
    assert [column for _, column, _ in caught.value.errors] == ["name", "feasibility"]
    assert message.count("headers found") == 1
    assert message.count("'Owner'") == 1
    assert "--column 'Idea name=name'" in message
    assert "--column 'Tech=feasibility'" in message


def test_a_header_named_in_columns_must_exist_and_name_a_field() -> None:
    with pytest.raises(cx.InputError, match=r"'Idea' .* is not in the header"):
        match_headers(REQUIRED, {"Idea": "name"}, source="t")
    with pytest.raises(cx.FieldError, match="columns"):
        match_headers(REQUIRED, {"name": "owner"}, source="t")
    with pytest.raises(cx.FieldError, match="columns"):
        match_headers(REQUIRED, ["name"], source="t")  # type: ignore[arg-type]


_DECORATIONS = st.tuples(
    st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
    st.sampled_from([" ", "_", "-", "  ", " - "]),
    st.sampled_from(["", " (1-5)", " [0-100]", " (%)", " (weeks)", "  ( points ) "]),
    st.sampled_from(["", " ", "  "]),
)


@given(st.sampled_from(["depends_on", "customer_desirability", "stated_desire"]), _DECORATIONS)
def test_any_decoration_of_a_field_name_matches_it(
    field: str, decoration: tuple[Any, str, str, str]
) -> None:
    case, separator, unit, pad = decoration
    header = pad + case(field.replace("_", separator)) + unit
    assert fields([*REQUIRED, header])[-1] == field


# --- scales in headers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Business value (1-5)", cx.Scale(1, 5)),
        ("Desirability (1\N{EN DASH}10)", cx.Scale(1, 10)),
        ("Feasibility [0-100]", cx.Scale(0, 100)),
        ("Feasibility (0 to 10)", cx.Scale(0, 10)),
        ("Share (%)", cx.Scale(0, 100)),
        ("Share [ % ]", cx.Scale(0, 100)),
        ("Score (0,5-2,5)", cx.Scale(0.5, 2.5)),
        ("Effort (person-weeks)", None),
        ("Score (5-1)", None),  # not low < high: a unit, not a scale
        ("(1-5)", None),
        ("Viability", None),
    ],
)
def test_header_scale(header: str, scale: cx.Scale | None) -> None:
    assert header_scale(header) == scale


def test_scales_from_headers_apply_to_their_columns_only() -> None:
    text = (
        "Idea,Business value (1-5),Desirability (%),Feasibility,Customer desirability (1-10)\n"
        "Kiosk,4,70,0.9,10\n"
        "App,1,25%,0.1,\n"
    )
    p = read_csv(io.StringIO(text))
    assert p["Kiosk"].scores == {"viability": 0.75, "desirability": 0.7, "feasibility": 0.9}
    assert p["Kiosk"].customer_desirability == 1.0
    assert p["App"].desirability == 0.25  # a percent is always its fraction
    assert p["App"].customer_desirability is None


def test_a_given_scale_overrides_the_headers() -> None:
    text = "Idea,Business value (1-5),People (1-5),Technology (1-5)\nKiosk,10,5,0\n"
    p = read_csv(io.StringIO(text), scale=cx.Scale(0, 10))
    assert p["Kiosk"].scores == {"viability": 1.0, "desirability": 0.5, "feasibility": 0.0}


def test_a_cell_outside_its_header_scale_names_the_scale() -> None:
    text = "Idea,Business value (1-5),People (1-5),Technology (1-5)\nKiosk,6,0,3\n"
    with pytest.raises(cx.InputError) as caught:
        read_csv(io.StringIO(text))
    assert [(row, column) for row, column, _ in caught.value.errors] == [
        (2, "Business value (1-5)"),
        (2, "People (1-5)"),
    ]
    assert "outside the scale [1, 5]" in str(caught.value)


# --- describing how headers were read --------------------------------------------------


def test_describe_headers() -> None:
    lines = describe_headers(
        ["Initiative", "Owner", "Business value (1-5)", "Desirability", "Tech", "Effort (weeks)"],
        {"Tech": "feasibility"},
    )
    assert lines == [
        "Initiative → name",
        "Owner → not read",
        "Business value (1-5) → viability, scale 1\N{EN DASH}5",
        "Desirability → desirability",
        "Tech → feasibility, as mapped",
        "Effort (weeks) → effort, unit weeks",
    ]
    given = describe_headers(["Business value (1-5)"], scale=cx.Scale(0, 10))
    assert given == ["Business value (1-5) → viability, scale 0\N{EN DASH}10 (given)"]


def test_describe_headers_never_raises() -> None:
    lines = describe_headers(["Idea", "Title", "Owner"])
    assert lines[1] == "Title → not read (another column gives that field)"


def test_resolve_headers_names_cells_on_a_sheet() -> None:
    with pytest.raises(cx.InputError) as caught:
        resolve_headers(
            ["Idea", "Viability", "Business", "People", "Tech"],
            None,
            source="s.xlsx",
            line=3,
            sheet="Ideas",
            letters={"Business": "C"},
        )
    assert "Ideas!C3, column 'Business'" in str(caught.value)


# --- saved mappings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("columns.toml", '"Idea name" = "name"\n"Customer score (1-5)" = "desirability"\n'),
        ("columns.toml", '[columns]\n"Idea name" = "name"\n"Customer score (1-5)" = "people"\n'),
        ("columns.json", '{"Idea name": "name", "Customer score (1-5)": "desirability"}'),
        ("columns.txt", '{"columns": {"Idea name": "name", "Customer score (1-5)": "people"}}'),
    ],
)
def test_load_columns_file(tmp_path: pathlib.Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    columns = load_columns_file(path)
    assert list(columns) == ["Idea name", "Customer score (1-5)"]
    sheet = "Idea name,Customer score (1-5),Business (1-5),Technology (1-5)\nKiosk,5,1,3\n"
    p = read_csv(io.StringIO(sheet), columns=columns)
    assert p["Kiosk"].scores == {"viability": 0.0, "desirability": 1.0, "feasibility": 0.5}


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        ("c.toml", '"Idea" = "owner"\n"Cost" = 3\n', r"2 problems.*'owner' is not a field"),
        ("c.toml", "Idea = \n", "not valid TOML"),
        ("c.json", "{", "not valid JSON"),
        ("c.json", '["name"]', "expected a table"),
    ],
)
def test_bad_columns_files(tmp_path: pathlib.Path, name: str, text: str, match: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(cx.InputError, match=match):
        load_columns_file(path)


def test_a_columns_file_that_is_not_utf8(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes('"Idée" = "name"\n'.encode("cp1252"))
    with pytest.raises(cx.InputError, match="not UTF-8"):
        load_columns_file(path)


# --- data frames match the same way --------------------------------------------------


SHEET = {
    "Initiative": ["Kiosk", "Community"],
    "Owner": ["Retail", "Marketing"],
    "Business value (1-5)": [2, 5],
    "Desirability (1-5)": [3, 5],
    "Technical feasibility (%)": [90.0, 60.0],
    "Effort (person-weeks)": [4, 8],
}


def _expected() -> cx.Portfolio:
    return cx.Portfolio(
        [
            cx.Initiative("Kiosk", 0.25, 0.5, 0.9, effort=4),
            cx.Initiative("Community", 1.0, 1.0, 0.6, effort=8),
        ]
    )


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_from_dataframe_reads_team_headers(library: str) -> None:
    module = pytest.importorskip(library)
    frame = module.table(SHEET) if library == "pyarrow" else module.DataFrame(SHEET)
    assert cx.Portfolio.from_dataframe(frame) == _expected()


def test_from_dataframe_rejects_what_is_not_a_frame() -> None:
    with pytest.raises(cx.FieldError, match="data frame"):
        cx.Portfolio.from_dataframe({"name": ["A"]})


@given(st.text(alphabet=string.ascii_letters + " _-", min_size=1, max_size=12))
def test_headers_that_name_no_field_are_never_read(header: str) -> None:
    mapping = match_headers([*REQUIRED, "owner " + header], None, source="t")
    assert set(mapping.values()) >= set(REQUIRED)


def test_json_mapping_file_round_trip(tmp_path: pathlib.Path) -> None:
    mapping = {"Idée": "name", "Coût (€)": "effort"}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    assert load_columns_file(path) == mapping
