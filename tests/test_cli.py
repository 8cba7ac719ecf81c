"""The command line: demo, classify, exit codes and error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cxmodel as cx
from cxmodel.cli import main


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
