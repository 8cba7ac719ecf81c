"""CSV and JSON files: round trips, spreadsheet exports, bad input, the schema, stdin."""

from __future__ import annotations

import codecs
import contextlib
import csv
import importlib.util
import io
import json
import os
import pathlib
import sys
import tempfile
import warnings
from collections.abc import Iterator
from typing import Any

import jsonschema
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel import _export, _table
from cxmodel import io as cxio
from cxmodel.cli import main
from cxmodel.io import csv as cxcsv
from cxmodel.io import json as cxjson

from .strategies import file_texts, full_portfolios, portfolios

DATA = pathlib.Path(__file__).parent / "data"
HEADER = "name,viability,desirability,feasibility,effort\n"
LIKERT_HINT = " (raw scores need a scale=, e.g. Scale.likert(5))"


def csv_error(text: str, **options: Any) -> cx.InputError:
    """The InputError that reading ``text`` as CSV raises."""
    with pytest.raises(cx.InputError) as caught:
        cx.read_csv(io.StringIO(text), **options)
    return caught.value


def json_error(text: str, **options: Any) -> cx.InputError:
    with pytest.raises(cx.InputError) as caught:
        cx.read_json(io.StringIO(text), **options)
    return caught.value


def record(**changes: Any) -> dict[str, Any]:
    return {"name": "Kiosk", "viability": 0.5, "desirability": 0.25, "feasibility": 1, **changes}


# --- round trips -------------------------------------------------------------------


class TestRoundTrip:
    @given(full_portfolios())
    def test_csv_text(self, p: cx.Portfolio) -> None:
        text = p.to_csv()
        assert text is not None
        assert cx.read_csv(io.StringIO(text, newline="")) == p

    @given(full_portfolios())
    def test_csv_binary_file(self, p: cx.Portfolio) -> None:
        buffer = io.BytesIO()
        assert p.to_csv(buffer) is None
        buffer.seek(0)
        assert cx.read_csv(buffer) == p

    @given(portfolios())
    def test_csv_scores_are_bit_exact(self, p: cx.Portfolio) -> None:
        q = cx.read_csv(io.StringIO(p.to_csv() or ""))
        for field in ("viability", "desirability", "feasibility", "effort"):
            np.testing.assert_array_equal(getattr(q, field), getattr(p, field), strict=True)

    @given(full_portfolios())
    def test_json(self, p: cx.Portfolio) -> None:
        buffer = io.BytesIO()
        p.to_json(buffer)
        buffer.seek(0)
        assert cx.read_json(buffer) == p

    @given(full_portfolios())
    def test_csv_cells_never_start_a_formula(self, p: cx.Portfolio) -> None:
        for row in csv.reader(io.StringIO(p.to_csv() or "", newline="")):
            for cell in row:
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")

    @given(file_texts)
    def test_neutralising_is_undone_exactly(self, text: str) -> None:
        written = _export.neutralise_cell(text)
        assert written[:1] not in ("=", "+", "-", "@", "\t", "\r")
        assert _table._unquote(written) == text

    def test_paths_of_both_kinds(self, tmp_path: pathlib.Path) -> None:
        p = cx.example_portfolio()
        p.to_csv(tmp_path / "p.csv")
        p.to_json(str(tmp_path / "p.json"))
        assert cx.read_csv(str(tmp_path / "p.csv")) == p
        assert cx.read_json(tmp_path / "p.json") == p

    def test_text_file_objects(self, tmp_path: pathlib.Path) -> None:
        p = cx.example_portfolio()
        with open(tmp_path / "p.csv", "w", encoding="utf-8", newline="") as file:
            p.to_csv(file)
        with open(tmp_path / "p.csv", encoding="utf-8", newline="") as file:
            assert cx.read_csv(file) == p

    def test_formula_names_are_neutralised_on_disk(self) -> None:
        p = cx.Portfolio([cx.Initiative("=HYPERLINK(x)", 0.5, 0.5, 0.5, tags=["@evil", "ok"])])
        text = p.to_csv() or ""
        assert "'=HYPERLINK(x)" in text and "'@evil;ok" in text
        assert cx.read_csv(io.StringIO(text)) == p

    def test_a_persons_leading_apostrophe_is_kept(self) -> None:
        p = cx.read_csv(io.StringIO(HEADER + "'Tis the season,0.5,0.5,0.5,1\n"))
        assert p.names == ("'Tis the season",)

    def test_a_spreadsheets_own_neutralising_is_undone(self) -> None:
        p = cx.read_csv(io.StringIO(HEADER + "'=1+1,0.5,0.5,0.5,1\n"))
        assert p.names == ("=1+1",)

    def test_list_items_with_separators_use_a_json_cell(self) -> None:
        # Initiative strips list items, so only a separator inside an item needs JSON.
        p = cx.Portfolio([cx.Initiative("A", 0, 0, 0, tags=["a;b", " padded "])])
        text = p.to_csv() or ""
        assert '"[""a;b"", ""padded""]"' in text
        assert cx.read_csv(io.StringIO(text))["A"].tags == ("a;b", "padded")

    def test_empty_portfolio(self) -> None:
        empty = cx.Portfolio([])
        assert cx.read_csv(io.StringIO(empty.to_csv() or "")) == empty
        assert cx.read_json(io.StringIO(empty.to_json() or "")) == empty

    def test_nul_cannot_be_written_to_csv(self) -> None:
        p = cx.Portfolio([cx.Initiative("A", 0, 0, 0, description="a\0b")])
        with pytest.raises(cx.FieldError, match="NUL"):
            p.to_csv()
        assert cx.read_json(io.StringIO(p.to_json() or "")) == p


# --- spreadsheet exports -------------------------------------------------------------


class TestSpreadsheets:
    def test_semicolon_decimal_comma_bom_crlf(self) -> None:
        p = cx.read_csv(DATA / "spreadsheet_semicolon.csv")
        assert p.names == (
            "Customer forum",
            "Invoice automation",
            "Self-checkout; kiosk",
            "Chatbot",
        )
        assert p["Customer forum"].scores == {
            "viability": 0.75,
            "desirability": 0.9,
            "feasibility": 0.45,
        }
        assert p["Invoice automation"].effort == 6.5
        assert p["Customer forum"].tags == ("loyalty", "dialogue")

    def test_custom_headers_with_columns(self) -> None:
        columns = {
            "Idea": "name",
            "Viability (1-5)": "viability",
            "Desirability (1-5)": "desirability",
            "Feasibility (1-5)": "feasibility",
            "Effort (weeks)": "effort",
        }
        p = cx.read_csv(DATA / "custom_headers.csv", columns=columns, scale=cx.Scale.likert(5))
        assert p.names == ("Loyalty app", "Invoice robot", "Smart fridge")
        assert p["Invoice robot"].scores == {
            "viability": 1.0,
            "desirability": 0.0,
            "feasibility": 1.0,
        }
        assert list(p.effort) == [8.0, 3.0, 13.0]

    def test_custom_headers_report_the_header_as_written(self) -> None:
        error = csv_error(
            "Idea,Viability (1-5),Desirability (1-5),Feasibility (1-5)\nApp,9,1,1\n",
            columns={
                "Idea": "name",
                "Viability (1-5)": "viability",
                "Desirability (1-5)": "desirability",
                "Feasibility (1-5)": "feasibility",
            },
            scale=cx.Scale.likert(5),
        )
        assert error.errors == [
            (2, "Viability (1-5)", "viability: '9' is outside the scale [1, 5]")
        ]

    def test_percent_scores(self) -> None:
        p = cx.read_csv(DATA / "percent_scores.csv")
        assert p["Community"].scores == {
            "viability": 0.7,
            "desirability": 0.9,
            "feasibility": 0.45,
        }
        assert p["Kiosk"].feasibility == 1.0

    def test_percent_means_percent_whatever_the_scale(self) -> None:
        text = "name,viability,desirability,feasibility\nA,70%,0%,5\n"
        p = cx.read_csv(io.StringIO(text), scale=cx.Scale.likert(5))
        assert p["A"].scores == {"viability": 0.7, "desirability": 0.0, "feasibility": 1.0}

    def test_likert_scores_with_scale(self) -> None:
        p = cx.read_csv(DATA / "likert_scores.csv", scale=cx.Scale.likert(5))
        assert p["Community"].scores == {
            "viability": 0.75,
            "desirability": 1.0,
            "feasibility": 0.25,
        }
        assert p["Survey"].effort == 0.5

    def test_likert_scores_without_scale_are_out_of_range(self) -> None:
        with pytest.raises(cx.InputError, match=r"outside \[0, 1\].*scale="):
            cx.read_csv(DATA / "likert_scores.csv")

    def test_tab_delimited(self) -> None:
        p = cx.read_csv(io.StringIO("name\tviability\tdesirability\tfeasibility\nA\t0\t0,5\t1\n"))
        assert p["A"].desirability == 0.5

    def test_utf16_export(self) -> None:
        text = "Name\tBusiness\tPeople\tTechnology\r\nCafé\t0.1\t0.2\t0.3\r\n"
        p = cx.read_csv(io.BytesIO(text.encode("utf-16")))
        assert p.names == ("Café",)

    def test_headers_case_spaces_and_aliases(self) -> None:
        p = cx.read_csv(io.StringIO("  NAME , Business,people ,TECHNOLOGY, Owner\nA,1,0,1,Ana\n"))
        assert p["A"].scores == {"viability": 1.0, "desirability": 0.0, "feasibility": 1.0}

    def test_optional_fields_from_cells(self) -> None:
        text = (
            "name,viability,desirability,feasibility,Depends on,stages,channel,Stated desire\n"
            "A,0.5,0.5,0.5,B; C,Purchase;use,Human,40%\n"
        )
        a = cx.read_csv(io.StringIO(text))["A"]
        assert a.depends_on == ("B", "C")
        assert a.stages == (cx.Stage.PURCHASE, cx.Stage.USE)
        assert a.channel is cx.Channel.HUMAN
        assert a.stated_desire == 0.4

    def test_blank_rows_are_skipped_and_lines_still_count(self) -> None:
        error = csv_error(HEADER + "\n,,,,\nA,0.5,0.5,oops,1\n")
        assert error.errors == [(4, "feasibility", "feasibility: 'oops' is not a number")]

    def test_multi_line_cells_keep_line_numbers(self) -> None:
        text = (
            "name,viability,desirability,feasibility,description\n"
            'A,0.5,0.5,0.5,"one\ntwo\nthree"\n'
            'B,0.5,2,0.5,"x\r\ny"\r\n'
            "C,0.5,0.5,-1,\n"
        )
        error = csv_error(text)
        assert [(row, column) for row, column, _ in error.errors] == [
            (5, "desirability"),
            (7, "feasibility"),
        ]

    def test_short_rows_are_padded_and_long_rows_cut(self) -> None:
        p = cx.read_csv(io.StringIO(HEADER + "A,0.5,0.5,0.5,1,extra,cells\n"))
        assert p.names == ("A",)
        error = csv_error(HEADER + "B,0.5,0.5\n")
        assert error.errors == [(2, "feasibility", "feasibility is empty")]


# --- headers -------------------------------------------------------------------------


class TestMatchHeaders:
    def test_aliases_and_case(self) -> None:
        mapping = cxio.match_headers(
            ["Name", " BUSINESS ", "People", "technology", "Depends-on", "x"], None, source="t"
        )
        assert mapping == {
            "Name": "name",
            " BUSINESS ": "viability",
            "People": "desirability",
            "technology": "feasibility",
            "Depends-on": "depends_on",
        }

    def test_columns_take_precedence(self) -> None:
        mapping = cxio.match_headers(
            ["Title", "Name", "v", "d", "f"],
            {"Title": "name", "v": "viability", "d": "desirability", "f": "feasibility"},
            source="t",
        )
        assert mapping == {
            "Title": "name",
            "v": "viability",
            "d": "desirability",
            "f": "feasibility",
        }

    def test_missing_required_columns_are_all_named(self) -> None:
        with pytest.raises(cx.InputError) as caught:
            cxio.match_headers(["name", "people"], None, source="t.csv", line=1)
        assert [column for _, column, _ in caught.value.errors] == ["viability", "feasibility"]
        assert "missing column 'viability' (also accepted: 'business', 'business value')" in str(
            caught.value
        )

    def test_two_headers_for_one_field(self) -> None:
        with pytest.raises(cx.InputError, match="'viability' and 'Business' both give viability"):
            cxio.match_headers(
                ["name", "viability", "Business", "people", "technology"], None, source="t"
            )

    def test_a_named_column_that_is_absent(self) -> None:
        with pytest.raises(cx.InputError, match=r"column 'Idea' .* is not in the header"):
            cxio.match_headers(
                ["name", "viability", "desirability", "feasibility"], {"Idea": "name"}, source="t"
            )

    def test_columns_must_name_fields(self) -> None:
        with pytest.raises(cx.FieldError, match="columns"):
            cxio.match_headers(["Idea"], {"Idea": "owner"}, source="t")

    def test_data_frames_use_the_same_rules(self) -> None:
        pd = pytest.importorskip("pandas")
        df = pd.DataFrame({"Idea": ["A"], "business": [1.0], "PEOPLE": ["50%"], "Tech": [0.0]})
        p = cx.Portfolio.from_dataframe(df, columns={"Idea": "name", "Tech": "feasibility"})
        assert p["A"].scores == {"viability": 1.0, "desirability": 0.5, "feasibility": 0.0}


# --- bad input: one test each, every one an InputError that names line, column, value ---


class TestBadCsv:
    def test_nan(self) -> None:
        error = csv_error(HEADER + "A,nan,0.5,0.5,1\n")
        assert error.errors == [(2, "viability", "viability: 'nan' is not a finite number")]

    def test_inf(self) -> None:
        error = csv_error(HEADER + "A,0.5,inf,0.5,1\n")
        assert error.errors == [(2, "desirability", "desirability: 'inf' is not a finite number")]

    def test_empty_cell(self) -> None:
        error = csv_error(HEADER + "A,0.5,0.5,,1\n")
        assert error.errors == [(2, "feasibility", "feasibility is empty")]

    def test_text(self) -> None:
        error = csv_error(HEADER + "A,high,0.5,0.5,1\n")
        assert error.errors == [(2, "viability", "viability: 'high' is not a number")]

    def test_out_of_range(self) -> None:
        error = csv_error(HEADER + "A,0.5,1.5,0.5,1\n")
        assert error.errors == [
            (2, "desirability", "desirability: '1.5' is outside [0, 1]" + LIKERT_HINT)
        ]

    def test_negative_effort(self) -> None:
        error = csv_error(HEADER + "A,0.5,0.5,0.5,-2\n")
        assert error.errors == [
            (2, "effort", "effort: effort must be a finite number > 0, got -2.0")
        ]

    def test_duplicate_name(self) -> None:
        error = csv_error(HEADER + "A,0.5,0.5,0.5,1\nB,0,0,0,1\n A ,1,1,1,1\n")
        assert error.errors == [(4, "name", "duplicate name 'A' (first at line 2)")]

    def test_missing_column(self) -> None:
        error = csv_error("name,viability,desirability\nA,0.5,0.5\n")
        assert error.errors[0][:2] == (1, "feasibility")
        assert "missing column 'feasibility'" in str(error)

    def test_empty_file(self) -> None:
        error = csv_error("")
        assert error.errors == [(0, "", "the file is empty")]
        assert csv_error("\ufeff \r\n\n").errors == [(0, "", "the file is empty")]

    def test_header_only_is_an_empty_portfolio(self) -> None:
        assert len(cx.read_csv(io.StringIO(HEADER))) == 0
        assert (
            len(cx.read_csv(io.BytesIO(b"\xef\xbb\xbfName;Business;People;Technology\r\n"))) == 0
        )

    def test_binary_garbage(self) -> None:
        garbage = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
        with pytest.raises(cx.InputError, match="binary file"):
            cx.read_csv(io.BytesIO(garbage))

    def test_not_utf8_is_read_as_windows_1252_with_a_warning(self) -> None:
        data = (HEADER + "Café,0.5,0.5,0.5,1\n").encode("cp1252")
        with pytest.warns(cx.CxModelWarning, match="Windows-1252"):
            assert cx.read_csv(io.BytesIO(data)).names == ("Café",)
        with pytest.raises(cx.InputError) as caught:  # 0x81: neither UTF-8 nor cp1252
            cx.read_csv(io.BytesIO(HEADER.encode() + b"Caf\x81,0.5,0.5,0.5,1\n"))
        assert caught.value.errors[0][0] == 2
        assert "0x81 is neither UTF-8 nor Windows-1252" in str(caught.value)

    def test_text_stream_with_the_wrong_encoding(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "garbage.csv"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
        with (
            open(path, encoding="utf-8") as file,
            pytest.raises(cx.InputError, match="not utf-8 text"),
        ):
            cx.read_csv(file)

    def test_every_bad_row_is_listed(self) -> None:
        error = csv_error(HEADER + "A,2,0.5,0.5,1\nB,0.5,0.5,0.5,1\nC,x,y,0.5,0\n,0,0,0,1\n")
        assert [(row, column) for row, column, _ in error.errors] == [
            (2, "viability"),
            (4, "viability"),
            (4, "desirability"),
            (4, "effort"),
            (5, "name"),
        ]
        assert error.source == "<file>"
        assert "5 problems" in str(error)

    def test_the_source_is_the_path(self, tmp_path: pathlib.Path) -> None:
        path = tmp_path / "ideas.csv"
        path.write_text(HEADER + "A,2,0.5,0.5,1\n")
        with pytest.raises(cx.InputError, match=r"ideas\.csv: 1 problem: line 2"):
            cx.read_csv(path)

    def test_missing_file_is_an_os_error(self, tmp_path: pathlib.Path) -> None:
        with pytest.raises(FileNotFoundError):
            cx.read_csv(tmp_path / "nope.csv")

    def test_large_file_loads(self, tmp_path: pathlib.Path) -> None:
        n = 100_000
        rng = np.random.default_rng(7)
        scores = rng.random((3, n))
        effort = rng.uniform(0.5, 10, n)
        p = cx.Portfolio.from_arrays([f"idea {k}" for k in range(n)], *scores, effort=effort)
        path = tmp_path / "big.csv"
        p.to_csv(path)
        q = cx.read_csv(path)
        assert len(q) == n and q.names[-1] == f"idea {n - 1}"
        np.testing.assert_array_equal(q.viability, scores[0])
        np.testing.assert_array_equal(q.effort, effort)

    def test_large_file_reports_its_bad_line(self, tmp_path: pathlib.Path) -> None:
        lines = [f"idea {k},0.5,0.5,0.5,1" for k in range(100_000)]
        lines[76_543] = "idea 76543,0.5,0.5,0.5,0"
        path = tmp_path / "big.csv"
        path.write_text(HEADER + "\n".join(lines) + "\n")
        with pytest.raises(cx.InputError) as caught:
            cx.read_csv(path)
        assert caught.value.errors == [
            (76_545, "effort", "effort: effort must be a finite number > 0, got 0.0")
        ]


class TestBadJson:
    def test_nan(self) -> None:
        error = json_error(
            '[{"name": "A", "viability": NaN, "desirability": 0, "feasibility": 0}]'
        )
        assert "NaN is not allowed" in str(error)

    def test_inf(self) -> None:
        error = json_error(
            '[{"name": "A", "viability": 0, "desirability": 1e999, "feasibility": 0}]'
        )
        assert error.errors == [
            (
                1,
                "desirability",
                "$[0].desirability: inf is greater than the maximum of 1.0" + LIKERT_HINT,
            )
        ]

    def test_text(self) -> None:
        error = json_error(json.dumps([record(viability="high")]))
        assert error.errors == [
            (1, "viability", "$[0].viability: 'high' is not a number or a percentage")
        ]

    def test_out_of_range_percent(self) -> None:
        error = json_error(
            json.dumps({"initiatives": [record(), record(name="B", feasibility="150%")]})
        )
        assert error.errors == [
            (2, "feasibility", "feasibility: '150%' is outside [0, 1]" + LIKERT_HINT)
        ]
        assert "record 2" in str(error)

    def test_negative_effort(self) -> None:
        error = json_error(json.dumps([record(effort=-1)]))
        assert error.errors == [
            (1, "effort", "$[0].effort: -1 is less than or equal to the minimum of 0")
        ]

    def test_blank_name(self) -> None:
        error = json_error(json.dumps({"initiatives": [record(name=" ")]}))
        assert error.errors == [(1, "name", "$.initiatives[0].name: ' ' is blank")]

    def test_duplicate_name(self) -> None:
        error = json_error(json.dumps([record(), record(name=" Kiosk")]))
        assert error.errors == [(2, "name", "duplicate name 'Kiosk' (first at record 1)")]

    def test_missing_field(self) -> None:
        error = json_error(json.dumps({"initiatives": [record(), {"name": "B", "viability": 1}]}))
        assert error.errors == [
            (2, "desirability", "$.initiatives[1]: desirability is missing"),
            (2, "feasibility", "$.initiatives[1]: feasibility is missing"),
        ]

    @pytest.mark.parametrize(
        ("text", "path"),
        [
            ('"just text"', "$"),
            ('{"items": []}', "$"),
            ('{"initiatives": {"name": "A"}}', "$.initiatives"),
            ('[["A", 0.5, 0.5, 0.5]]', "$[0]"),
            ('[{"name": "A", "viability": true, "desirability": 0, "feasibility": 0}]', "$[0]"),
            (json.dumps([record(tags="x")]), "$[0].tags"),
        ],
    )
    def test_wrong_shape(self, text: str, path: str) -> None:
        error = json_error(text)
        assert error.errors[0][2].startswith(path)

    def test_empty_file(self) -> None:
        assert json_error("  \n").errors == [(0, "", "the file is empty")]

    def test_not_json(self) -> None:
        error = json_error('{"initiatives": [\n  {"name": "A",}\n]}')
        assert error.errors[0][0] == 2 and "not valid JSON" in error.errors[0][2]

    def test_binary_garbage(self) -> None:
        with pytest.raises(cx.InputError, match="binary file"):
            cx.read_json(io.BytesIO(bytes(range(256))))

    def test_empty_list_is_an_empty_portfolio(self) -> None:
        assert len(cx.read_json(io.StringIO("[]"))) == 0
        assert len(cx.read_json(io.StringIO('{"initiatives": []}'))) == 0

    def test_scale(self) -> None:
        p = cx.read_json(
            io.StringIO(json.dumps([record(viability=4, desirability="5", feasibility="50%")])),
            scale=cx.Scale.likert(5),
        )
        assert p["Kiosk"].scores == {"viability": 0.75, "desirability": 1.0, "feasibility": 0.5}


# --- the schema ------------------------------------------------------------------------


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=3) | st.dictionaries(
        st.text(max_size=5), children, max_size=3
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=5),
    _containers,
    max_leaves=8,
)
field_values = st.one_of(
    json_values,
    st.sampled_from(["70%", "0,5", "purchase", "human", "", " ", "x"]),
    st.lists(st.sampled_from(["purchase", "a", "", "USE"]), max_size=2),
)


@st.composite
def near_records(draw: st.DrawFn) -> dict[str, Any]:
    """Records that are often valid and often wrong in one field."""
    base: dict[str, Any] = record(name=draw(st.sampled_from(["A", "B", " "])))
    for field in draw(st.lists(st.sampled_from(cx.Initiative.__attrs_attrs__), max_size=3)):
        if draw(st.booleans()):
            base[field.name] = draw(field_values)
        else:
            base.pop(field.name, None)
    return base


class TestSchema:
    def test_is_a_valid_2020_12_schema(self) -> None:
        schema = cx.portfolio_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def test_describes_every_field(self) -> None:
        properties = cx.portfolio_schema()["$defs"]["initiative"]["properties"]
        assert set(properties) == {a.name for a in cx.Initiative.__attrs_attrs__}
        assert properties["stages"]["items"]["enum"] == [s.value for s in cx.Stage]

    @given(full_portfolios())
    def test_what_we_write_is_valid(self, p: cx.Portfolio) -> None:
        document = json.loads(p.to_json() or "")
        jsonschema.validate(document, cx.portfolio_schema())
        jsonschema.validate(document["initiatives"], cx.portfolio_schema())

    @given(st.lists(near_records(), max_size=3) | json_values)
    def test_read_json_rejects_what_the_schema_rejects(self, document: Any) -> None:
        valid = jsonschema.Draft202012Validator(cx.portfolio_schema()).is_valid(document)
        text = json.dumps(document)
        if not valid:
            with pytest.raises(cx.InputError):
                cx.read_json(io.StringIO(text))
        else:  # a valid shape may still hold bad values, always named by record
            errors: list[tuple[int, str, str]] = []
            try:
                cx.read_json(io.StringIO(text))
            except cx.InputError as error:
                errors = error.errors
            assert all(row >= 1 for row, _, _ in errors)

    @given(st.lists(near_records(), max_size=3) | json_values, st.sampled_from([None, (1, 5)]))
    def test_the_quick_check_accepts_only_what_the_schema_accepts(
        self, document: Any, bounds: tuple[int, int] | None
    ) -> None:
        scale = None if bounds is None else cx.Scale(*bounds)
        for doc in (document, {"initiatives": document}):
            if cxjson._plain_records(doc, scale) is not None:
                jsonschema.validate(doc, cx.portfolio_schema(scale=scale))

    @given(full_portfolios())
    def test_the_quick_check_takes_what_we_write(self, p: cx.Portfolio) -> None:
        assert cxjson._plain_records(json.loads(p.to_json() or ""), None) is not None

    def test_scale_bounds(self) -> None:
        schema = cx.portfolio_schema(scale=cx.Scale.likert(5))
        jsonschema.validate([record(viability=5, desirability=1, feasibility="3,5")], schema)
        with pytest.raises(jsonschema.ValidationError, match="less than the minimum of 1"):
            jsonschema.validate([record(viability=0, desirability=1, feasibility=1)], schema)

    def test_cli_prints_it(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["schema"]) == 0
        assert json.loads(capsys.readouterr().out) == cx.portfolio_schema()

    def test_cli_with_a_scale(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["schema", "--scale", "likert5"]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert printed == cx.portfolio_schema(scale=cx.Scale.likert(5))


# --- read_any and standard input -------------------------------------------------------


class TestReadAny:
    def test_stdin_json(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO("  \n" + json.dumps([record()])))
        assert cxio.read_any("-").names == ("Kiosk",)

    def test_stdin_csv(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(HEADER + "A,0.5,0.5,0.5,1\n"))
        assert cxio.read_any("-").names == ("A",)

    def test_stdin_bytes_with_bom(self, monkeypatch: pytest.MonkeyPatch) -> None:
        data = b"\xef\xbb\xbfName;Business;People;Technology\r\nA;0,5;0,5;0,5\r\n"
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert cxio.read_any("-")["A"].viability == 0.5

    def test_stdin_errors_name_stdin(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        with pytest.raises(cx.InputError, match="<stdin>: 1 problem: the file is empty"):
            cxio.read_any("-")

    def test_by_extension(self, tmp_path: pathlib.Path) -> None:
        p = cx.example_portfolio()
        p.to_json(tmp_path / "p.json")
        p.to_csv(tmp_path / "p.csv")
        assert cxio.read_any(tmp_path / "p.json") == p
        assert cxio.read_any(str(tmp_path / "p.csv")) == p

    def test_sniffed_without_extension(self, tmp_path: pathlib.Path) -> None:
        p = cx.example_portfolio()
        p.to_json(tmp_path / "portfolio")
        p.to_csv(tmp_path / "portfolio.txt")
        assert cxio.read_any(tmp_path / "portfolio") == p
        assert cxio.read_any(tmp_path / "portfolio.txt") == p

    def test_json_extension_wins(self, tmp_path: pathlib.Path) -> None:
        (tmp_path / "p.json").write_text(HEADER)
        with pytest.raises(cx.InputError, match="not valid JSON"):
            cxio.read_any(tmp_path / "p.json")


# --- the fast (pandas) reader gives exactly what the exact (csv module) reader gives ---

cells_for = {
    "name": ["A", " A ", "", "'=x", "''", '"q"', "a,b", "x;y", "1", "NA", "two\nlines", "'Tis"],
    "number": [
        "0.5",
        " 0.5 ",
        ".5",
        "1.",
        "+0.5",
        "0,5",
        "50%",
        "1e-1",
        "0.30000000000000004",
        "1",
        "0",
        "-0",
        "5e-324",
        "1.7976931348623157e308",
        "nan",
        "inf",
        "",
        "1_0",
        "1e",
        "True",
        "0x1",
        "2",
        "٣",
        "- 1",
    ],
    "tags": ["", "a;b", '["a;b", " c"]', "[x]", "'-x", " t ", "a,b"],
}
#: How many cells of each pool are valid (they come first), to make valid files likely.
valid_count = {"name": 11, "number": 14, "tags": 7}


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """CSV text assembled from tricky cells; often valid, so both readers' paths run."""
    delimiter = draw(st.sampled_from([",", ";"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    valid = draw(st.booleans())
    header = ["name", "viability", "desirability", "feasibility", "effort", "tags"]
    kinds = ["name", "number", "number", "number", "number", "tags"]
    lines = [delimiter.join(header)]
    for k in range(draw(st.integers(0, 4))):
        pools = {
            kind: cells[: valid_count[kind]] if valid else cells
            for kind, cells in cells_for.items()
        }
        row = [draw(st.sampled_from(pools[kind])) for kind in kinds]
        if valid:
            row[0] = f"{row[0]}{k}"
            row[4] = row[4].replace("-0", "1").replace("0.30000000000000004", "3") or "1"
            if row[4].strip() in ("0", "0.5", ".5", "0,5") and draw(st.booleans()):
                row[4] = "7"
        else:
            row = row[: draw(st.sampled_from([len(row), len(row), len(row) - 1]))]
            if draw(st.booleans()):
                row.append("extra")
        quoted = [
            '"' + c.replace('"', '""') + '"'
            if draw(st.booleans()) or any(x in c for x in (delimiter, '"', "\n"))
            else c
            for c in row
        ]
        lines.append(delimiter.join(quoted))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(1, len(lines))), delimiter * 5)
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@contextlib.contextmanager
def pandas_threshold(threshold: int) -> Iterator[None]:
    """``PANDAS_MIN_CHARS`` set to ``threshold`` in the block (hypothesis allows no fixture)."""
    saved = cxcsv.PANDAS_MIN_CHARS
    cxcsv.PANDAS_MIN_CHARS = threshold
    try:
        yield
    finally:
        cxcsv.PANDAS_MIN_CHARS = saved


def outcome(text: str, threshold: int, scale: cx.Scale | None = None) -> Any:
    with pandas_threshold(threshold):
        try:
            return cx.read_csv(io.StringIO(text, newline=""), scale=scale)
        except cx.InputError as error:
            return error.errors


def file_outcome(data: bytes, threshold: int) -> Any:
    """What read_csv gives for a file holding ``data`` (or its problems), and its warnings."""
    with pandas_threshold(threshold), tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "ideas.csv"
        path.write_bytes(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                got: Any = cx.read_csv(path)
            except cx.InputError as error:
                got = error.errors
        return got, [str(w.message).replace(str(path), "<path>") for w in caught]


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="needs pandas")
class TestFastReader:
    @given(csv_texts())
    def test_agrees_with_the_exact_reader(self, text: str) -> None:
        for scale in (None, cx.Scale(0, 2)):
            assert outcome(text, 0, scale) == outcome(text, sys.maxsize, scale)

    @given(csv_texts(), st.sampled_from([b"", codecs.BOM_UTF8]))
    def test_a_file_read_by_its_path_agrees_with_the_exact_reader(
        self, text: str, bom: bytes
    ) -> None:
        data = bom + text.encode("utf-8", errors="surrogatepass")
        assert file_outcome(data, 0) == file_outcome(data, sys.maxsize)

    @pytest.mark.parametrize(
        "data",
        [
            HEADER.encode() + "Caf\u00e9,0.5,0.5,0.5,1\n".encode("cp1252"),  # not UTF-8
            HEADER.encode() + "Caf\u00e9,0.5,0.5,0.5,1\n".encode(),  # UTF-8, not ASCII
            HEADER.encode() + b"A\x00,0.5,0.5,0.5,1\n",  # binary
            HEADER.encode("utf-16"),  # UTF-16 with its byte-order mark
            b" " * 300_000 + HEADER.encode() + b"A,0.5,0.5,0.5,1\n",  # a blank start
            b"name,viability,desirability,feasibility,owner,effort\nA,0.5,0.5,0.5,Kim,1\n",
            b"\n" * 3 + HEADER.encode() + b"A,0.5,0.5,0.5,1\r\nB,high,0.5,0.5,1\r\n",
        ],
    )
    def test_files_the_text_route_decides_give_the_same(self, data: bytes) -> None:
        assert file_outcome(data, 0) == file_outcome(data, sys.maxsize)

    @pytest.mark.parametrize(
        "tail",
        [
            "Caf\u00e9,0.5,0.5,0.5,1\n".encode("cp1252"),  # not UTF-8
            "Caf\u00e9,0.5,0.5,0.5,1\n".encode(),  # UTF-8, not ASCII
            b"A\x00,0.5,0.5,0.5,1\n",  # binary
            b"B,high,0.5,0.5,1\n",  # text, with a bad cell
        ],
    )
    @pytest.mark.parametrize("header", [HEADER, "name,viability,feasibility\n"])
    def test_bytes_past_the_header_window_are_checked(self, tail: bytes, header: str) -> None:
        """The odd bytes lie past the text read for the header: the file check finds them.

        With a header that lacks a column, the exact reader's warning must come too.
        """
        body = "".join(f"Idea {k},0.5,0.6,0.7,{k % 9 + 1}\n" for k in range(12_000))
        data = header.encode() + body.encode() + tail
        assert len(data) > 1 << 18  # beyond the first window of _header_text
        assert file_outcome(data, 0) == file_outcome(data, sys.maxsize)

    def test_names_become_strings_only_when_asked_for(self) -> None:
        text = HEADER + "".join(f"Idea {k},0.5,0.6,0.7,{k + 1}\n" for k in range(50))
        p, _ = file_outcome(text.encode(), 0)
        assert isinstance(p._names, _table.CheckedNames) and len(p) == 50
        assert p.counts()[cx.Region.CUSTOMER_EXPERIENCE] == 50  # scores need no names
        assert p["Idea 7"].effort == 8.0 and p.names[:2] == ("Idea 0", "Idea 1")
        assert p == cx.read_csv(io.StringIO(text))

    def test_a_large_file_is_parsed_by_its_path(
        self, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import pandas

        sources: list[Any] = []
        real = pandas.read_csv

        def spy(source: Any, *args: Any, **kwargs: Any) -> Any:
            sources.append(source)
            return real(source, *args, **kwargs)

        monkeypatch.setattr(pandas, "read_csv", spy)
        monkeypatch.setattr(cxcsv, "PANDAS_MIN_CHARS", 10)
        path = tmp_path / "ideas.csv"
        path.write_text(HEADER + "A,0.5,0.5,0.5,2\nB,0.9,0.1,0.9,3\n", encoding="utf-8")
        assert cx.read_csv(path).names == ("A", "B")
        assert sources == [str(path)]

    def test_a_fifo_is_refused_before_the_fast_reader(self, tmp_path: pathlib.Path) -> None:
        fifo = tmp_path / "pipe.csv"
        os.mkfifo(fifo)
        with pytest.raises(cx.InputError, match="FIFO"):
            cx.read_csv(fifo)

    @given(full_portfolios())
    def test_round_trip(self, p: cx.Portfolio) -> None:
        assert outcome(p.to_csv() or "", 0) == p

    def test_is_used_for_large_files(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import pandas

        calls: list[int] = []
        real = pandas.read_csv

        def spy(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(pandas, "read_csv", spy)
        monkeypatch.setattr(cxcsv, "PANDAS_MIN_CHARS", 10)
        p = cx.read_csv(io.StringIO(HEADER + "A,0.5,0.5,0.5,2\n"))
        assert calls == [1] and p["A"].effort == 2.0


class TestCommandLine:
    EXPORT = str(DATA / "skewed_export.csv")
    COLUMNS = ("--column", "Initiative=name", "--column", "Effort (weeks)=effort")

    def test_check_a_skewed_spreadsheet_export(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["check", self.EXPORT, *self.COLUMNS]) == 1
        out = capsys.readouterr().out
        assert "process-skew" in out and '"Warehouse robots" (effort 20)' in out

    def test_export_headers_need_no_columns(self) -> None:
        assert main(["classify", self.EXPORT]) == 0  # "Initiative" is an alias of name

    def test_a_column_option_must_name_a_field(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["classify", self.EXPORT, "--column", "Initiative=owner"]) == 2
        assert "columns must map 'Initiative'" in capsys.readouterr().err

    def test_a_column_option_needs_an_equals_sign(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["classify", self.EXPORT, "--column", "Initiative"]) == 2
        assert "HEADER=FIELD" in capsys.readouterr().err

    def test_stdin_with_columns(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setattr(
            sys, "stdin", io.StringIO("Idea,business,people,technology\nA,1,1,0\n")
        )
        assert main(["classify", "-", "--column", "Idea=name", "--format", "csv"]) == 0
        assert capsys.readouterr().out.splitlines()[1] == "A,1.0,1.0,0.0,EMOTIONAL,emotional"
