"""Workbooks and Windows CSV as teams save them: read_excel, to_excel, encodings, detection."""

from __future__ import annotations

import io
import pathlib
import warnings
import zipfile
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel._dependencies import check_dependencies
from cxmodel.io import load_file, read_any, read_csv, read_excel

from .strategies import full_portfolios

openpyxl = pytest.importorskip("openpyxl")

DATA = pathlib.Path(__file__).parent / "data"
TEAM_XLSX = DATA / "team_sheet_25.xlsx"
TEAM_CSV = DATA / "team_sheet_25_cp1252.csv"
CUSTOMER_XLSX = DATA / "team_sheet_25_customer.xlsx"
CUSTOMER_CSV = DATA / "team_sheet_25_customer_cp1252.csv"
FLAG = "--column 'Customer desirability (1-5)=desirability'"


def workbook(*sheets: tuple[str, list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["Idea", "Business value (1-5)", "Desirability (1-5)", "Technical feasibility (1-5)"]


# --- the team's sheet, end to end ----------------------------------------------------


def test_the_team_sheet_loads_with_no_mapping() -> None:
    p = read_excel(TEAM_XLSX)
    assert len(p) == 25
    kiosk = p["Kiosk for in-store stock lookup"]
    assert kiosk.scores == {"viability": 0.25, "desirability": 0.5, "feasibility": 0.75}
    assert kiosk.effort == 5.0
    assert p["Live chat with real advisers"].depends_on == (
        "Personal onboarding calls",
        "Member community forum",
    )
    assert "Premium €5 delivery pass" in p
    assert check_dependencies(p) == ()


def test_the_cp1252_export_loads_with_a_warning_and_equals_the_workbook() -> None:
    with pytest.warns(cx.CxModelWarning, match="Windows-1252") as caught:
        p = read_csv(TEAM_CSV)
    assert caught[0].filename == __file__  # the warning points at the caller
    assert p == read_excel(TEAM_XLSX)
    assert read_any(TEAM_XLSX) == p


@pytest.mark.parametrize("path", [CUSTOMER_XLSX, CUSTOMER_CSV])
def test_customer_desirability_header_says_the_flag(path: pathlib.Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.CxModelWarning)
        with pytest.raises(cx.InputError) as caught:
            read_any(path)
        assert FLAG in str(caught.value)
        assert "customer_desirability" in str(caught.value)
        fixed = read_any(path, columns={"Customer desirability (1-5)": "desirability"})
    assert fixed == read_excel(TEAM_XLSX)


# --- finding the sheet and the header --------------------------------------------------


def test_title_and_blank_rows_above_the_header_are_skipped() -> None:
    data = workbook(
        ("Ideas", [["Portfolio Q3"], [None], [], HEADER, ["Kiosk", 4, 2, 5], [], ["App", 1, 5, 3]])
    )
    p = read_excel(data)
    assert p.names == ("Kiosk", "App")
    assert p["App"].scores == {"viability": 0.0, "desirability": 1.0, "feasibility": 0.5}


def test_the_first_sheet_with_the_fields_is_read_by_default() -> None:
    data = workbook(
        ("Read me", [["Scores are 1 to 5"]]),
        ("Empty", []),
        ("Ideas", [HEADER, ["Kiosk", 4, 2, 5]]),
        ("Old", [HEADER, ["Old idea", 1, 1, 1]]),
    )
    assert read_excel(data).names == ("Kiosk",)
    assert read_excel(data, sheet="old").names == ("Old idea",)
    assert read_excel(data, sheet=3).names == ("Old idea",)
    assert read_excel(data, sheet=-2).names == ("Kiosk",)


def test_bad_sheet_choices() -> None:
    data = workbook(("Ideas", [HEADER, ["Kiosk", 4, 2, 5]]), ("Notes", [["x"]]))
    with pytest.raises(cx.InputError, match=r"no sheet 'Q3'; the sheets are 'Ideas', 'Notes'"):
        read_excel(data, sheet="Q3")
    with pytest.raises(cx.InputError, match="no sheet 2"):
        read_excel(data, sheet=2)
    with pytest.raises(cx.FieldError, match="sheet"):
        read_excel(data, sheet=True)
    with pytest.raises(cx.InputError, match="missing column 'viability'"):
        read_excel(data, sheet="Notes")
    with pytest.raises(cx.InputError, match="workbook is empty"):
        read_excel(workbook(("Sheet", [])))


def test_no_sheet_with_the_fields_reports_the_closest() -> None:
    data = workbook(
        ("Notes", [["hello"]]),
        ("Ideas", [["Idea", "Business value (1-5)", "Feasibility"], ["Kiosk", 4, 5]]),
    )
    with pytest.raises(cx.InputError) as caught:
        read_excel(data)
    assert caught.value.errors[0][:2] == (1, "desirability")
    assert caught.value.sheet == "Ideas"
    assert "Ideas row 1" in str(caught.value)


# --- errors name the cells -----------------------------------------------------------


def test_every_bad_cell_is_named_as_excel_shows_it() -> None:
    rows = [["Q3 ideas"], HEADER, ["Kiosk", 4, 2, 5], ["App", "high", 2, 9], [None, 1, None, 1]]
    with pytest.raises(cx.InputError) as caught:
        read_excel(workbook(("Ideas", rows)), scale=None)
    message = str(caught.value)
    assert "Ideas!B4, column 'Business value (1-5)': viability: 'high' is not a number" in message
    assert "Ideas!D4" in message and "outside the scale [1, 5]" in message
    assert "Ideas!A5" in message and "Ideas!C5" in message
    assert [(row, column) for row, column, _ in caught.value.errors] == [
        (4, "Business value (1-5)"),
        (4, "Technical feasibility (1-5)"),
        (5, "Idea"),
        (5, "Desirability (1-5)"),
    ]


def test_duplicate_names_and_dates_are_errors() -> None:
    import datetime as dt

    rows = [HEADER, ["Kiosk", 4, 2, 5], ["Kiosk", 4, 2, dt.date(2024, 5, 1)]]
    with pytest.raises(cx.InputError) as caught:
        read_excel(workbook(("Ideas", rows)))
    message = str(caught.value)
    assert "Ideas!A3" in message and "duplicate name 'Kiosk' (first at row 2)" in message
    assert "'2024-05-01' is not a number" in message


def test_percent_formatted_cells_are_fractions_whatever_the_scale() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Idea", "Business value (1-5)", "People (%)", "Technology"])
    sheet.append(["Kiosk", 4, 0.7, 0.075])
    sheet["C2"].number_format = "0%"
    sheet["D2"].number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    p = read_excel(buffer.getvalue())
    assert p["Kiosk"].scores == {"viability": 0.75, "desirability": 0.7, "feasibility": 0.075}


def test_numbers_in_text_columns_are_text() -> None:
    rows = [["Idea", "Business", "People", "Technology", "Depends on"], [2025, 0.5, 0.5, 0.5, 7]]
    p = read_excel(workbook(("Ideas", rows)))
    assert p.names == ("2025",)
    assert p["2025"].depends_on == ("7",)


# --- not a workbook ------------------------------------------------------------------


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, r"Excel 97-2003 workbook \(.xls\)"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            r"OpenDocument spreadsheets \(.ods\) are not read",
        ),
        (_zip({"readme.txt": b"hi"}), "zip archive is not an Excel workbook"),
        (b"PK\x03\x04garbage", "zip archive is not an Excel workbook"),
        (b"name,viability\n", r"not an Excel workbook \(.xlsx or .xlsm\)"),
        (_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x"}), "cannot read"),
    ],
)
def test_what_is_not_a_workbook_is_named(data: bytes, match: str) -> None:
    with pytest.raises(cx.InputError, match=match):
        read_excel(data)


def test_workbooks_are_binary_and_not_empty() -> None:
    with pytest.raises(cx.InputError, match="binary mode"):
        read_excel(io.StringIO("name,viability"))
    stream = io.BytesIO(TEAM_XLSX.read_bytes())
    stream.read()
    with pytest.raises(cx.InputError, match=r"empty .*seek\(0\)"):
        read_excel(stream)


def test_read_any_detects_a_workbook_by_content(tmp_path: pathlib.Path) -> None:
    p = read_excel(TEAM_XLSX)
    disguised = tmp_path / "ideas.csv"
    disguised.write_bytes(TEAM_XLSX.read_bytes())
    assert read_any(disguised) == p
    assert read_any(io.BytesIO(TEAM_XLSX.read_bytes()), sheet="Ideas") == p
    with pytest.raises(cx.InputError, match=r"\.xls"):
        read_any(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64))
    with pytest.raises(cx.InputError, match="zip archive"):
        read_csv(io.BytesIO(TEAM_XLSX.read_bytes()))


def test_the_command_line_checks_a_workbook(capsys: pytest.CaptureFixture[str]) -> None:
    main = pytest.importorskip("cxmodel.cli").main
    code = main(["check", str(TEAM_XLSX)])
    assert code in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


# --- writing workbooks ---------------------------------------------------------------


def _excel_digits(p: cx.Portfolio) -> cx.Portfolio:
    """``p`` with every number rounded to the 15 significant digits Excel keeps."""

    def r(x: float | None) -> float | None:
        return None if x is None else float(f"{x:.15g}")

    return cx.Portfolio(
        [
            i.evolve(
                viability=r(i.viability),
                desirability=r(i.desirability),
                feasibility=r(i.feasibility),
                effort=r(i.effort),
                stated_desire=r(i.stated_desire),
                value_driver=r(i.value_driver),
                customer_desirability=r(i.customer_desirability),
            )
            for i in p
        ]
    )


@given(full_portfolios())
def test_read_excel_reads_back_what_to_excel_wrote(portfolio: cx.Portfolio) -> None:
    p = _excel_digits(portfolio)
    assert read_excel(p.to_excel()) == p


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_any_score_survives_to_15_significant_digits(x: float) -> None:
    p = cx.Portfolio([cx.Initiative("A", x, x, x)])
    back = read_excel(p.to_excel())
    assert back.viability[0] == pytest.approx(x, rel=1e-15, abs=1e-300)


def test_to_excel_destinations(tmp_path: pathlib.Path) -> None:
    p = read_excel(TEAM_XLSX)
    path = tmp_path / "out.xlsx"
    assert p.to_excel(path) is None
    assert read_excel(path) == p
    buffer = io.BytesIO()
    p.to_excel(buffer)
    assert read_excel(buffer.getvalue()) == p
    with open(tmp_path / "t.xlsx", "w", encoding="utf-8") as text, pytest.raises(cx.FieldError):
        p.to_excel(text)


def test_to_excel_stores_text_as_text_never_a_formula() -> None:
    p = cx.Portfolio([cx.Initiative('=HYPERLINK("x")', 0.5, 0.5, 0.5, tags=["+1", "@a"])])
    book = openpyxl.load_workbook(io.BytesIO(p.to_excel()))
    sheet = book["Initiatives"]
    assert [c.value for c in sheet[1]][:5] == [
        "name",
        "viability",
        "desirability",
        "feasibility",
        "effort",
    ]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("x")'
    assert read_excel(p.to_excel()) == p


def test_control_characters_are_escaped_as_excel_does() -> None:
    p = cx.Portfolio([cx.Initiative("A\x01B_x0041_", 0.5, 0.5, 0.5, description="\x1b")])
    book = openpyxl.load_workbook(io.BytesIO(p.to_excel()))
    assert book["Initiatives"]["A2"].value == "A_x0001_B_x005F_x0041_"
    assert read_excel(p.to_excel()) == p


def test_an_empty_portfolio_round_trips() -> None:
    assert len(read_excel(cx.Portfolio([]).to_excel())) == 0


def test_the_ideas_template_reads_back(tmp_path: pathlib.Path) -> None:
    template = pytest.importorskip("cxmodel.outputs.ideas_template")
    for suffix in ("xlsx", "csv"):
        out = template.write_ideas_template(tmp_path / f"ideas.{suffix}")
        assert len(read_any(out)) == 1


# --- encodings -----------------------------------------------------------------------

CSV_HEADER = "name,viability,desirability,feasibility\n"


def test_utf8_with_and_without_bom_reads_silently() -> None:
    text = CSV_HEADER + "Café,0.5,0.5,0.5\n"
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode()):
        assert read_csv(io.BytesIO(data)).names == ("Café",)


def test_utf16_with_a_bom() -> None:
    data = (CSV_HEADER + "Café,0.5,0.5,0.5\n").encode("utf-16")
    assert read_csv(io.BytesIO(data)).names == ("Café",)


def test_an_explicit_encoding() -> None:
    data = (CSV_HEADER + "Ærø,0.5,0.5,0.5\n").encode("latin-1")
    assert read_csv(io.BytesIO(data), encoding="latin-1").names == ("Ærø",)
    utf16 = (CSV_HEADER + "Ærø,0.5,0.5,0.5\n").encode("utf-16-le")
    assert read_csv(io.BytesIO(utf16), encoding="utf-16-le").names == ("Ærø",)
    with pytest.raises(cx.InputError) as caught:
        read_csv(io.BytesIO(CSV_HEADER.encode() + b"\xff,0,0,0\n"), encoding="utf-8")
    assert caught.value.errors[0][0] == 2 and "not utf-8 text" in str(caught.value)
    with pytest.raises(cx.FieldError, match="not a known text encoding"):
        read_csv(io.BytesIO(b""), encoding="klingon")


def test_a_byte_neither_encoding_decodes_names_its_line() -> None:
    data = (CSV_HEADER + "A,0.5,0.5,0.5\r\nB,0.5,0.5,0.5\r\n").encode() + b"C\x8d,0,0,0\n"
    with pytest.raises(cx.InputError) as caught:
        read_csv(io.BytesIO(data))
    assert caught.value.errors[0][0] == 4
    assert "0x8d is neither UTF-8 nor Windows-1252" in str(caught.value)


def test_a_bom_that_lies_is_an_error_not_a_fallback() -> None:
    data = b"\xef\xbb\xbf" + CSV_HEADER.encode() + "Café,0,0,0\n".encode("cp1252")
    with pytest.raises(cx.InputError, match="not UTF-8"):
        read_csv(io.BytesIO(data))


def test_the_warning_names_the_encoding_and_line() -> None:
    data = (CSV_HEADER + "A,0,0,0\nCafé,0,0,0\n").encode("cp1252")
    with pytest.warns(cx.CxModelWarning) as caught:
        read_any(io.BytesIO(data))
    message = str(caught[0].message)
    assert "Windows-1252" in message and "cp1252" in message and "line 3" in message


# --- load_file: what the command line needs ------------------------------------------


def test_load_file_keeps_the_sheet_and_places() -> None:
    loaded = load_file(TEAM_XLSX)
    assert loaded.kind == "xlsx" and loaded.sheet == "Ideas"
    assert loaded.header[:2] == ("Initiative", "Owner")
    assert len(loaded.rows) == 25 and loaded.rows[0][1] == "Marketing"
    assert loaded.places[0] == "Ideas!A4"
    assert loaded.notes()[2] == "Business value (1-5) → viability, scale 1\N{EN DASH}5"
    assert loaded.dependency_error() is None


def test_unknown_dependencies_are_all_reported_with_their_cells() -> None:
    rows = [
        ["Title row"],
        [*HEADER, "Depends on"],
        ["Data platform", 4, 2, 5, None],
        ["Loyalty app", 4, 5, 3, "data  Platform"],
        ["Kiosk", 2, 3, 4, "Data platform, Loyalty app"],
        ["Robot", 2, 1, 5, "Ghost"],
    ]
    loaded = load_file(workbook(("Ideas", rows)))
    error = loaded.dependency_error()
    assert error is not None
    assert [row for row, _, _ in error.errors] == [4, 5, 6]
    message = str(error)
    assert "Ideas!E4" in message and "did you mean 'Data platform'?" in message
    assert "separate names with ';': did you mean 'Data platform; Loyalty app'?" in message
    assert "'Robot' depends on 'Ghost', which is not in the portfolio" in message


def test_unknown_dependencies_in_csv_name_lines() -> None:
    text = "name,viability,desirability,feasibility,depends_on\nA,0,0,0,\nB,0,0,0,a\n"
    error = load_file(io.StringIO(text)).dependency_error()
    assert error is not None and error.errors[0][:2] == (3, "depends_on")
    assert "line 3" in str(error)


def test_load_file_of_json() -> None:
    text = '[{"name": "A", "viability": 1, "desirability": 0, "feasibility": 1, "x": 3}]'
    loaded = load_file(io.StringIO(text))
    assert loaded.kind == "json" and loaded.header[-1] == "x" and loaded.places == ("record 1",)
    assert loaded.notes() == []
