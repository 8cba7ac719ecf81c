"""The command line: every subcommand through main(), its output formats, exit codes and errors."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.cli import COMMANDS, Command, build_parser, main
from cxmodel.cli._emit import clean, neutralise
from cxmodel.payloads import PAYLOAD_KINDS, payload_schema

from .strategies import portfolios


def write_csv(tmp_path: Path, text: str, name: str = "ideas.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_demo_prints_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["demo", "--chart", str(tmp_path / "demo.png")]) == 0
    out = capsys.readouterr().out
    for initiative in cx.example_portfolio():
        assert initiative.name in out
    for label in ("Emotional innovation", "Process innovation", "Customer experience"):
        assert label in out


def test_classify_text_json_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,viability,desirability,feasibility\nBot,0.8,0.2,0.9\n")
    assert main(["classify", path]) == 0
    assert "Process innovation" in capsys.readouterr().out
    assert main(["classify", path, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["initiatives"][0]["region"] == "PROCESS"
    assert data["initiatives"][0]["types"] == ["process"]
    assert main(["classify", path, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("Bot,0.8,0.2,0.9,PROCESS")


def test_classify_thresholds_and_scale(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,viability,desirability,feasibility\nBot,4,2,5\n")
    args = ["classify", path, "--scale", "likert5", "--format", "json"]
    # a threshold is written on the --scale when one is given (DESIGN, part 2)
    assert main([*args, "--desirability-threshold", "2"]) == 0
    assert json.loads(capsys.readouterr().out)["initiatives"][0]["region"] == "CUSTOMER_EXPERIENCE"


def test_missing_file_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "no/such/file.csv"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no/such/file.csv" in err
    assert "Traceback" not in err


def test_bad_input_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,viability,desirability,feasibility\nBot,high,0.2,0.9\n")
    assert main(["classify", path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'high'" in err
    assert "line 2" in err


@pytest.mark.parametrize(
    "argv",
    [[], ["nope"], ["classify"], ["classify", "x.csv", "--scale", "bogus"],
     ["classify", "x.csv", "--viability-threshold", "2"]],
)  # fmt: skip
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage" in capsys.readouterr().err


def test_python_dash_m_and_console_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cxmodel", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "cxmodel 0.1.0"
    script = Path(sys.executable).with_name("cxmodel")  # the installed executable
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "cxmodel 0.1.0"


def test_the_executable_exits_with_the_status_and_frozen_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from cxmodel.__main__ import run

    frozen: list[bool] = []
    monkeypatch.setattr("cxmodel.__main__.main", lambda: 3)
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))  # not this test process
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code == 3 and frozen == [True]


def test_a_chart_written_by_the_executable_is_complete(tmp_path: Path) -> None:
    from PIL import Image

    sheet = Path(__file__).parent / "data" / "team_sheet_25.csv"
    out = tmp_path / "venn.png"
    argv = [sys.executable, "-m", "cxmodel", "chart", str(sheet), "--scale", "likert5"]
    subprocess.run([*argv, "-o", str(out)], capture_output=True, check=True)
    with Image.open(out) as image:
        image.load()  # every byte was written before the process ended
        assert image.width > 1000


def test_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    rows = "".join(f"idea {k},0.5,0.5,0.5\n" for k in range(20_000))  # more than a pipe buffer
    path = write_csv(tmp_path, "name,viability,desirability,feasibility\n" + rows)
    process = subprocess.Popen(
        [sys.executable, "-m", "cxmodel", "classify", path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == b""
    process.stderr.close()


CHART_COMMANDS = [
    ["sensitivity", "--samples", "20", "--seed", "1"],
    ["sweep", "--steps", "3"],
    ["journey"],
    ["gaps"],
]


@pytest.mark.parametrize("command", CHART_COMMANDS, ids=lambda c: c[0])
def test_chart_option_writes_the_format_of_its_extension(
    command: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cx.example_portfolio().to_csv(tmp_path / "ideas.csv")
    out = tmp_path / "chart.svg"
    assert main([command[0], str(tmp_path / "ideas.csv"), *command[1:], "--chart", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize("command", [*CHART_COMMANDS, ["demo"]], ids=lambda c: c[0])
@pytest.mark.parametrize("name", ["chart.gif", "chart.xyz", "chart"])
def test_chart_option_rejects_other_formats_before_reading(
    command: list[str], name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # the input does not exist: the chart name is checked first, nothing is printed
    argv = command[:1] if command == ["demo"] else [command[0], "missing.csv", *command[1:]]
    assert main([*argv, "--chart", str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "must end in .png, .svg or .pdf" in captured.err
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("command", ["classify", "check", "roadmap", "sweep", "gaps"])
def test_json_output_is_one_indented_document(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,viability,desirability,feasibility\nBöt,0.8,0.2,0.9\n")
    assert main([command, path, "--format", "json"]) in (0, 1)
    out = capsys.readouterr().out
    assert out.endswith("}\n")
    assert out.startswith('{\n  "')
    assert json.loads(out)
    if command == "classify":
        assert "Böt" in out  # UTF-8 text, not \u escapes


# --- the structure: commands, help and defaults ---------------------------------------------


EXPECTED_COMMANDS = {
    "demo", "classify", "check", "roadmap", "chart", "sensitivity", "sweep", "journey",
    "gaps", "select", "schedule", "compare", "report", "template", "workshop", "schema",
}  # fmt: skip


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_commands_are_one_ordered_tuple_of_unique_names() -> None:
    names = [command.name for command in COMMANDS]
    assert isinstance(COMMANDS, tuple)
    assert len(names) == len(set(names))
    assert set(names) >= EXPECTED_COMMANDS
    assert list(_subparsers(build_parser())) == names  # --help lists them in tuple order


def test_a_command_is_frozen_and_validated() -> None:
    command = COMMANDS[0]
    with pytest.raises(AttributeError):
        command.name = "other"  # type: ignore[misc]
    with pytest.raises(cx.FieldError, match="lower-case word"):
        Command("Two words", "help", print, lambda args: 0)
    with pytest.raises(cx.FieldError, match="non-empty"):
        Command("ok", "  ", print, lambda args: 0)
    with pytest.raises(TypeError):
        Command("ok", "help", "not callable", print)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(EXPECTED_COMMANDS))
def test_every_option_has_help_and_shows_its_default(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sub = _subparsers(build_parser())[name]
    for action in sub._actions:
        assert action.help and action.help.strip(), f"{name} {action.dest} has no help"
    assert main([name, "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for action in sub._actions:
        default = action.default
        shown = default not in (None, False, argparse.SUPPRESS) and not isinstance(default, bool)
        if action.option_strings and shown:
            assert "default" in (action.help or "") or f"(default: {default})" in text, (
                f"{name} {action.option_strings[0]} does not show its default {default!r}"
            )


def test_main_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in out and command.help.split()[0] in out


# --- thresholds on the scale ----------------------------------------------------------------


LIKERT = "name,viability,desirability,feasibility\nBot,4,4,5\nApp,2,3,3\n"


def _thresholds(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, float]:
    assert main(["check", *argv, "--format", "json"]) in (0, 1)
    return dict(json.loads(capsys.readouterr().out)["thresholds"])


def test_thresholds_are_written_on_the_scale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path, LIKERT)
    got = _thresholds(capsys, path, "--scale", "likert5", "--desirability-threshold", "4")
    assert got == {"viability": 0.5, "desirability": 0.75, "feasibility": 0.5}
    got = _thresholds(capsys, path, "--scale", "1-5", "--viability-threshold", "2")
    assert got["viability"] == 0.25
    # a percent is a share of the whole scale, whatever the --scale
    got = _thresholds(capsys, path, "--scale", "likert5", "--feasibility-threshold", "70%")
    assert got["feasibility"] == pytest.approx(0.7)
    plain = write_csv(
        tmp_path, "name,viability,desirability,feasibility\nA,0.5,0.5,0.5\n", "p.csv"
    )
    assert _thresholds(capsys, plain, "--viability-threshold", "0.6")["viability"] == 0.6


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scale", "likert5", "--desirability-threshold", "0.25"], "outside the scale 1 to 5"),
        (["--scale", "0:10", "--viability-threshold", "11"], "outside the scale 0 to 10"),
        (["--feasibility-threshold", "120%"], "0% to 100%"),
        (["--feasibility-threshold", "high"], "not a number"),
        (["--viability-threshold", "1.5"], "must be in [0, 1]"),
    ],
)
def test_a_threshold_off_its_scale_is_a_usage_error(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["classify", write_csv(tmp_path, LIKERT), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: cxmodel classify")
    assert message in captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("text", "scale"),
    [("likert7", cx.Scale(1, 7)), ("percent", cx.Scale(0, 100)), ("0:10", cx.Scale(0, 10)),
     ("1-5", cx.Scale(1, 5)), ("-5..5", cx.Scale(-5, 5))],
)  # fmt: skip
def test_scale_spellings(text: str, scale: cx.Scale) -> None:
    args = build_parser().parse_args(["classify", "x.csv", f"--scale={text}"])
    assert args.scale == scale


# --- safe output: terminal escapes, formula cells, JSON -------------------------------------

EVIL = "Kiosk\x1b[2J\x1b]0;pwned\x07\u202e"


def _evil_file(tmp_path: Path) -> str:
    p = cx.Portfolio(
        [
            cx.Initiative(EVIL, 0.8, 0.2, 0.9),
            cx.Initiative('=HYPERLINK("http://x")', 0.8, 0.8, 0.2),
            cx.Initiative("+1", 0.2, 0.8, 0.8),
            cx.Initiative("@SUM(A1)", 0.1, 0.1, 0.1),
            cx.Initiative("-2", 0.6, 0.6, 0.6),
        ]
    )
    path = tmp_path / "evil.json"
    p.to_json(path)
    return str(path)


@pytest.mark.parametrize("command", ["classify", "check", "roadmap", "sensitivity", "sweep"])
def test_text_output_escapes_control_characters_in_names(
    command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    extra = ["--samples", "20", "--seed", "0"] if command == "sensitivity" else []
    assert main([command, _evil_file(tmp_path), *extra]) in (0, 1)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if command == "classify":
        assert "Kiosk\\x1b[2J\\x1b]0;pwned\\x07\\u202e" in out


def test_errors_escape_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,viability,desirability,feasibility\nA\x1b[31m,x,0,0\n")
    assert main(["classify", path]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and err.count("\n") == 1


def test_csv_output_neutralises_formula_cells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import csv
    import io

    assert main(["classify", _evil_file(tmp_path), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    names = [row[0] for row in rows[1:]]
    assert names[1:] == ['\'=HYPERLINK("http://x")', "'+1", "'@SUM(A1)", "'-2"]
    assert rows[1][1:4] == ["0.8", "0.2", "0.9"]  # numbers stay numbers


def test_json_output_reads_back_the_same_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["classify", _evil_file(tmp_path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert json.loads(out)["initiatives"][0]["name"] == EVIL


@given(st.text())
def test_clean_leaves_no_control_character_but_newlines(text: str) -> None:
    import unicodedata

    for char in clean(text):
        assert char == "\n" or unicodedata.category(char) != "Cc"
        assert char not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@given(st.text(min_size=1))
def test_a_neutralised_cell_never_starts_a_formula(text: str) -> None:
    assert neutralise(text)[0] not in "=+-@\t\r"


def test_library_warnings_become_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"  # Excel's "CSV (Comma delimited)": Windows-1252
    path.write_bytes("name,viability,desirability,feasibility\nCafé,1,1,1\n".encode("cp1252"))
    assert main(["classify", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("cxmodel classify: ")
    assert captured.err.count("\n") == 1 and "1252" in captured.err
    assert "Café" in captured.out
    assert main(["classify", str(path), "--encoding", "cp1252"]) == 0
    assert capsys.readouterr().err == ""  # the encoding given: nothing to say


def test_scales_from_headers_are_noted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = "Idea,Business value (1-5),People (1-5),Feasibility (%)\nKiosk,4,2,90\n"
    path = write_csv(tmp_path, text)
    assert main(["classify", path, "--format", "json"]) == 0
    captured = capsys.readouterr()
    record = json.loads(captured.out)["initiatives"][0]
    assert (record["viability"], record["desirability"]) == (0.75, 0.25)
    assert record["feasibility"] == pytest.approx(0.9)
    assert captured.err.count("\n") == 1
    assert "'Business value (1-5)' on 1 to 5" in captured.err
    likert = write_csv(tmp_path, "Idea,Business (1-5),People (1-5),Technology\nA,4,2,5\n", "l.csv")
    assert main(["classify", likert, "--scale", "likert5"]) == 0
    assert capsys.readouterr().err == ""  # the scale was given: nothing to say


def test_columns_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Idea,B,P,T\nKiosk,0.9,0.2,0.8\n")
    mapping = {"Idea": "name", "B": "viability", "P": "desirability", "T": "feasibility"}
    (tmp_path / "map.json").write_text(json.dumps(mapping), encoding="utf-8")
    (tmp_path / "map.toml").write_text(
        "".join(f'"{k}" = "{v}"\n' for k, v in mapping.items()), encoding="utf-8"
    )
    (tmp_path / "map.csv").write_text(
        "header,field\n" + "".join(f"{k},{v}\n" for k, v in mapping.items()), encoding="utf-8"
    )
    for name in ("map.json", "map.toml", "map.csv"):
        assert main(["classify", path, "--columns", str(tmp_path / name), "--format", "csv"]) == 0
        assert capsys.readouterr().out.splitlines()[1] == "Kiosk,0.9,0.2,0.8,PROCESS,process"
    # --column wins over the file
    argv = ["classify", path, "--columns", str(tmp_path / "map.json"), "--column", "T=tags"]
    assert main(argv) == 2
    assert "feasibility" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    assert main(["classify", path, "--columns", str(tmp_path / "bad.json")]) == 2
    assert "usage" in capsys.readouterr().err
    assert main(["classify", path, "--columns", str(tmp_path / "none.json")]) == 2


@pytest.fixture
def workbook(tmp_path: Path) -> str:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes["A1"] = "Scored in the March workshop"
    for title, rows in (
        ("Q1", [("Kiosk", 0.9, 0.2, 0.8), ("=Evil()", 0.2, 0.9, 0.9)]),
        ("Q2", [("Kiosk", 0.9, 0.9, 0.8)]),
    ):
        sheet = book.create_sheet(title)
        sheet.append(["Initiative", "Viability", "Desirability", "Feasibility", "Owner"])
        for row in rows:
            sheet.append([*row, "Ann"])
        if title == "Q1":
            sheet["A3"].data_type = "s"  # text, not a formula
    path = tmp_path / "ideas.xlsx"
    book.save(path)
    return str(path)


def test_workbooks_are_read_by_content_and_sheet(
    workbook: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["classify", workbook, "--format", "json"]) == 0
    names = [r["name"] for r in json.loads(capsys.readouterr().out)["initiatives"]]
    assert names == ["Kiosk", "=Evil()"]  # the first sheet with the required headers
    assert main(["classify", workbook, "--sheet", "Q2", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "Kiosk,0.9,0.9,0.8,CUSTOMER_EXPERIENCE,emotional;functional;process"
    )
    assert main(["classify", workbook, "--sheet", "Q3"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Q3" in err and "'Q1'" in err


def test_annotate_writes_the_sheet_back(
    workbook: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    assert main(["annotate", workbook]) == 0  # CSV on standard output
    out = capsys.readouterr().out
    assert not out.startswith("\ufeff")  # no byte-order mark in a pipe
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Initiative", "Viability", "Desirability", "Feasibility", "Owner",
                       "region", "innovation_types", "primary_type", "feature_bloat"]  # fmt: skip
    assert rows[1][5] == "Process innovation" and rows[1][4] == "Ann"
    assert rows[2][0] == "'=Evil()"  # a formula-like cell stays text
    book = tmp_path / "annotated.xlsx"
    argv = ["annotate", workbook, "-o", str(book), "--sheet", "Q2", "--desirability-threshold"]
    assert main([*argv, "0.95"]) == 0
    assert str(book) in capsys.readouterr().err
    sheet = load_workbook(book).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][5] == "Process innovation"
    assert main(["annotate", workbook, "-o", str(tmp_path / "a.pdf")]) == 2
    assert not (tmp_path / "a.pdf").exists()


def test_a_directory_is_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path) in err


# --- demo --report ----------------------------------------------------------------------------


def test_demo_writes_a_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    assert main(["demo", "--chart", str(tmp_path / "d.svg"), "--report", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_demo_refuses_a_report_format_before_drawing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["demo", "--chart", str(tmp_path / "d.svg"), "--report", "x.docx"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and ".html, .pptx or .xlsx" in captured.err
    assert not (tmp_path / "d.svg").exists()


# --- select and schedule ----------------------------------------------------------------------


@pytest.fixture
def ideas(tmp_path: Path) -> str:
    path = tmp_path / "ideas.csv"
    cx.example_portfolio().to_csv(path)
    return str(path)


def test_select_text_json_csv(ideas: str, capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.decisions import select

    expected = select(cx.example_portfolio(), budget=20)
    assert main(["select", ideas, "--budget", "20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Selected {len(expected.chosen)} of 12 initiatives")
    assert main(["select", ideas, "--budget", "20", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["chosen"] == list(expected.chosen)
    assert main(["select", ideas, "--budget", "20", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "name,chosen,effort,value"
    chosen = [line.split(",")[0] for line in lines[1:] if line.split(",")[1] == "true"]
    assert chosen == list(expected.chosen)


def test_select_require_exclude_and_policy(ideas: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["select", ideas, "--budget", "20", "--format", "json"]
    assert main([*argv, "--require", "Invoice processing automation",
                 "--exclude", "Personal onboarding calls"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert "Invoice processing automation" in data["chosen"]
    assert "Personal onboarding calls" not in data["chosen"]
    assert main([*argv, "--max-process-share", "0.2", "--weight", "count"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["policy"]["max_process_share"] == 0.2 and data["policy"]["weight"] == "count"


def test_select_infeasible_exits_1(ideas: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["select", ideas, "--budget", "1", "--require", "Order data platform"]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("cxmodel select: infeasible:")
    assert "Order data platform" in captured.err


@pytest.mark.parametrize(
    "extra",
    [["--budget", "lots"], ["--budget", "-3"], [], ["--budget", "5", "--require", "Nobody"]],
)
def test_select_bad_input_exits_2(
    extra: list[str], ideas: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["select", ideas, *extra]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_select_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    text = "name,viability,desirability,feasibility,effort\nA,0.9,0.9,0.2,2\nB,0.9,0.9,0.2,5\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["select", "-", "--budget", "3", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["chosen"] == ["A"]


def test_schedule_text_json_csv(ideas: str, capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.decisions import schedule

    expected = schedule(cx.example_portfolio(), capacity=10)
    assert main(["schedule", ideas, "--capacity", "10"]) == 0
    assert f"in {len(expected.periods)} periods" in capsys.readouterr().out
    assert main(["schedule", ideas, "--capacity", "10", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["capacity"] == 10 and len(data["periods"]) == len(expected.periods)
    assert main(["schedule", ideas, "--capacity", "10", "--format", "csv"]) == 0
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()[1:]]
    assert {name: int(period) for name, period in rows} == expected.period_of


def test_schedule_chart(ideas: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.svg"
    assert main(["schedule", ideas, "--capacity", "10", "--chart", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert "schedule chart written to" in capsys.readouterr().err
    assert main(["schedule", ideas, "--capacity", "10", "--chart", "plan.gif"]) == 2
    assert not (tmp_path / "plan.gif").exists()


def test_schedule_infeasible_exits_1(ideas: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", ideas, "--capacity", "3"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("cxmodel schedule: infeasible:")
    assert main(["schedule", ideas, "--capacity", "0"]) == 2
    assert main(["schedule", ideas, "--capacity", "5", "--method", "guess"]) == 2


# --- compare ----------------------------------------------------------------------------------


@pytest.fixture
def quarters(tmp_path: Path) -> tuple[str, str]:
    before = cx.example_portfolio()
    items = list(before)
    moved = items[3].evolve(desirability=0.9)  # a process innovation becomes the centre
    after = cx.Portfolio([*items[:3], moved, *items[4:-1], cx.Initiative("New", 0.6, 0.6, 0.6)])
    paths = tmp_path / "q1.csv", tmp_path / "q2.json"
    before.to_csv(paths[0])
    after.to_json(paths[1])
    return str(paths[0]), str(paths[1])


def test_compare_text_and_json(
    quarters: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.comparison import compare

    before, after = (cx.io.read_any(p) for p in quarters)
    expected = compare(before, after)
    assert main(["compare", *quarters]) == 0
    out = capsys.readouterr().out
    for move in expected.moves:
        assert move.name in out
    assert '"New"' in out or "New" in out
    assert main(["compare", *quarters, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(expected.to_dict()))
    assert data["added"] == ["New"] and data["removed"] == [before.names[-1]]


def test_compare_chart_and_errors(
    quarters: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "moves.svg"
    assert main(["compare", *quarters, "--chart", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert str(out) in capsys.readouterr().err
    assert main(["compare", quarters[0], "missing.csv"]) == 2
    assert "missing.csv" in capsys.readouterr().err
    assert main(["compare", "-", "-"]) == 2
    assert "only one file can be '-'" in capsys.readouterr().err
    assert main(["compare", *quarters, "--chart", "moves.gif"]) == 2
    assert main(["compare", quarters[0]]) == 2


# --- report -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["html", "pptx", "xlsx"])
def test_report_writes_the_format_of_its_extension(
    suffix: str, ideas: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / f"q3.{suffix}"
    argv = ["report", ideas, "-o", str(out), "--title", "Q3 review"]
    assert main([*argv, "--max-process-share", "0.6"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and str(out) in captured.err
    data = out.read_bytes()
    if suffix == "html":
        assert b"Q3 review" in data
    else:
        assert data.startswith(b"PK")  # a zip container, as Office files are


def test_report_with_previous(
    quarters: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    assert main(["report", quarters[1], "-o", str(out), "--previous", quarters[0]]) == 0
    assert "New" in out.read_text(encoding="utf-8")


def test_report_refuses_an_unknown_extension_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "q3.docx"
    assert main(["report", "missing.csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".html, .pptx or .xlsx" in err
    assert not out.exists()
    assert main(["report", "missing.csv"]) == 2  # -o is required
    assert "usage" in capsys.readouterr().err


# --- workshop and template ----------------------------------------------------------------

DATA = Path(__file__).parent / "data"
RATINGS = str(DATA / "workshop_ratings.csv")
RUBRIC = str(DATA / "workshop_rubric.toml")


def test_workshop_prints_scores_agreement_discussion_and_stability(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cxmodel.workshop import aggregate_ratings

    expected = aggregate_ratings(RATINGS, rubric=cx.Rubric.from_file(RUBRIC))
    assert main(["workshop", RATINGS, "--rubric", RUBRIC, "--samples", "200"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(str(expected))
    for name, _ in expected.discuss:
        assert name in out
    assert "Stability under the raters' disagreement (200 samples, seed 0)" in out


def test_workshop_notes_a_ratings_file_read_as_windows_1252(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"{r},Café,{c},4" for r in ("Ann", "Bob") for c in cx.model.CRITERIA]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("\n".join(["rater,initiative,criterion,score", *rows]).encode("cp1252"))
    assert main(["workshop", str(latin), "--samples", "20", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "Café" in captured.out
    assert "cxmodel workshop:" in captured.err and "Windows-1252" in captured.err


def test_workshop_json_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.uncertainty import sensitivity
    from cxmodel.workshop import aggregate_ratings

    ws = aggregate_ratings(RATINGS, rubric=cx.Rubric.from_file(RUBRIC), method="median")
    report = sensitivity(ws.portfolio, noise=ws.noise, samples=100, seed=3)
    argv = ["workshop", RATINGS, "--rubric", RUBRIC, "--method", "median"]
    assert main([*argv, "--samples", "100", "--seed", "3", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["workshop"] == json.loads(json.dumps(ws.to_dict()))
    assert data["stability"] == json.loads(json.dumps(report.to_dict()))


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_workshop_writes_the_aggregated_portfolio(
    suffix: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from cxmodel.workshop import aggregate_ratings

    out = tmp_path / f"scores.{suffix}"
    argv = ["workshop", RATINGS, "--rubric", RUBRIC, "--samples", "20", "-o", str(out)]
    assert main(argv) == 0
    assert str(out) in capsys.readouterr().err
    expected = aggregate_ratings(RATINGS, rubric=cx.Rubric.from_file(RUBRIC)).portfolio
    assert cx.io.read_any(str(out)) == expected


def test_workshop_combines_several_files_and_draws(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = (DATA / "workshop_ratings.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    ann = [r for r in rows if r.startswith("Ann,")]
    first, second = tmp_path / "ann.csv", tmp_path / "others.csv"
    first.write_text("\n".join([header, *ann]) + "\n", encoding="utf-8")
    second.write_text("\n".join([header, *(r for r in rows if r not in ann)]) + "\n")
    chart = tmp_path / "ratings.png"
    argv = ["workshop", str(first), str(second), "--rubric", RUBRIC, "--samples", "20"]
    assert main([*argv, "--chart", str(chart)]) == 0
    assert capsys.readouterr().out.startswith("Workshop: 3 raters (Ann, Bo, Cy)")
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_workshop_bad_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("rater,initiative,criterion,score\nAnn,App,taste,3\n", encoding="utf-8")
    assert main(["workshop", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "taste" in err
    assert main(["workshop", RATINGS, "--rubric", RUBRIC, "-o", "scores.txt"]) == 2
    assert ".csv, .json or .xlsx" in capsys.readouterr().err
    assert main(["workshop", RATINGS, "--method", "mode"]) == 2
    assert main(["workshop"]) == 2


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_template_writes_a_rating_sheet_the_workshop_reads(
    suffix: str, ideas: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / f"ratings.{suffix}"
    assert main(["template", ideas, "-o", str(out), "--raters", "Ann, Bo"]) == 0
    assert str(out) in capsys.readouterr().err
    assert out.stat().st_size > 0
    if suffix == "csv":
        text = out.read_text(encoding="utf-8-sig")
        assert text.splitlines()[0].startswith("Rater,Initiative,Criterion")
        assert "Ann,Two-way customer community" in text and "Bo," in text


def test_template_needs_raters_with_a_file(
    ideas: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["template", ideas, "-o", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "usage" in err and "--raters is required" in err
    assert main(["template", "-o", str(tmp_path / "i.csv"), "--raters", "Ann"]) == 2
    assert "--raters needs FILE" in capsys.readouterr().err
    assert main(["template", ideas, "-o", str(tmp_path / "r.pdf"), "--raters", "A"]) == 2
    assert not (tmp_path / "r.pdf").exists()


def test_template_without_file_writes_a_blank_ideas_sheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from cxmodel.outputs.ideas_template import ideas_columns

    out = tmp_path / "ideas.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().err
    book = load_workbook(out)
    assert book.sheetnames == ["Ideas", "Instructions"]
    sheet = book["Ideas"]
    header = [c.value for c in sheet[1]]
    assert header == list(ideas_columns(cx.Scale.likert(5)))
    assert sheet.max_row == 2  # one example row
    csv_out = tmp_path / "ideas.csv"
    assert main(["template", "-o", str(csv_out), "--scale", "0:10"]) == 0
    lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",")[1] == "Viability (0-10)" and len(lines) == 2
    assert main(["template", "-o", str(tmp_path / "ideas.ods")]) == 2
    # both read back as they are: the score headers declare their scale
    capsys.readouterr()
    for path in (out, csv_out):
        assert main(["classify", str(path), "--format", "json"]) == 0
        record = json.loads(capsys.readouterr().out)["initiatives"][0]
        assert record["name"] == "Two-way customer community"
        assert (record["viability"], record["desirability"]) == (0.75, 1.0)


@settings(max_examples=40)
@given(portfolios(), st.sampled_from([[], ["--weight", "count"], ["--max-process-share", "0.3"]]))
def test_check_exits_1_exactly_when_the_report_is_not_ok(
    portfolio: cx.Portfolio, options: list[str]
) -> None:
    import contextlib
    import io
    import tempfile

    policy = (
        cx.BalancePolicy(weight="count")
        if "count" in options
        else cx.BalancePolicy(max_process_share=0.3 if options else 0.5)
    )
    report = cx.check_balance(portfolio, policy, warn=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "p.json")
        portfolio.to_json(path)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            status = main(["check", str(path), *options, "--format", "json"])
    assert status == (0 if report.ok else 1)
    assert json.loads(out.getvalue())["ok"] is report.ok


# --- schema: the input format and every payload ------------------------------------------


def test_schema_prints_the_input_schema_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    default = json.loads(capsys.readouterr().out)
    assert main(["schema", "--output", "portfolio"]) == 0
    assert json.loads(capsys.readouterr().out) == default == cx.portfolio_schema()


@pytest.mark.parametrize("kind", PAYLOAD_KINDS)
def test_schema_prints_each_payload_schema(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output", kind]) == 0
    assert json.loads(capsys.readouterr().out) == payload_schema(kind)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--output", "forecast"], "invalid choice: 'forecast'"),
        (["--output", "balance", "--scale", "likert5"], "--scale: applies to --output portfolio"),
    ],
)
def test_schema_refuses_what_it_cannot_print(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", *argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and not captured.out


@pytest.mark.parametrize(
    ("kind", "argv"),
    [
        ("balance", ["check", "{p}"]),
        ("roadmap", ["roadmap", "{p}"]),
        ("sensitivity", ["sensitivity", "{p}", "--samples", "50", "--seed", "1"]),
        ("sweep", ["sweep", "{p}", "--steps", "3"]),
        ("selection", ["select", "{p}", "--budget", "20"]),
        ("schedule", ["schedule", "{p}", "--capacity", "15"]),
        ("comparison", ["compare", "{p}", "{p}"]),
    ],
)
def test_schema_describes_what_format_json_prints(
    kind: str, argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema

    path = tmp_path / "ideas.csv"
    cx.example_portfolio().to_csv(path)
    assert main(["schema", "--output", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert main([a.format(p=path) for a in argv] + ["--format", "json"]) in (0, 1)
    jsonschema.Draft202012Validator(schema).validate(json.loads(capsys.readouterr().out))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet", [False, True])
def test_long_work_shows_progress_on_a_terminal_unless_quiet(
    ideas: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], quiet: bool
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    argv = ["sensitivity", ideas, "--samples", "2000", "--seed", "1"]
    assert main([*argv, "--quiet"] if quiet else argv) == 0
    shown = terminal.getvalue()
    assert ("2000" in shown or "100%" in shown) != quiet
    assert "Sensitivity" in capsys.readouterr().out


def test_workshop_report_has_the_workshop_section(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from html.parser import HTMLParser

    from cxmodel.workshop import aggregate_ratings

    expected = aggregate_ratings(RATINGS, rubric=cx.Rubric.from_file(RUBRIC))
    out = tmp_path / "workshop.html"
    argv = ["workshop", RATINGS, "--rubric", RUBRIC, "--samples", "20", "--report", str(out)]
    assert main(argv) == 0
    assert "report written to" in capsys.readouterr().err

    class Sections(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []
            self.labels: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if tag == "section" and found.get("id"):
                self.ids.append(str(found["id"]))
            if tag == "svg" and found.get("aria-label"):
                self.labels.append(str(found["aria-label"]))

    page = out.read_text(encoding="utf-8")
    parser = Sections()
    parser.feed(page)
    assert "workshop" in parser.ids
    assert "Every rater's scores per initiative and lens" in parser.labels
    section = page[page.index('<section id="workshop">') :]
    section = section[: section.index("</section>")]
    for rater in expected.raters:
        assert rater in section
    for name, criterion in expected.discuss:
        assert name in section and criterion in section
    assert main([*argv[:-1], str(tmp_path / "workshop.pdf")]) == 2
    assert not (tmp_path / "workshop.pdf").exists()
