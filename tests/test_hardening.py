"""Hostile and unusual input: one clear error naming the problem, never a crash or a hang.

Each class of defect a red-team pass found (issue 19) has its tests here: deep
nesting, lone surrogates, duplicate JSON keys, all problems at once, very long
cells and headers, line numbers in CR-only files, huge sample counts, wrong
argument types, special files, masked arrays; and progress reporting.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import cxmodel as cx
from cxmodel import uncertainty
from cxmodel._progress import progress_bar
from cxmodel.io import _decode, read_any, read_csv, read_json
from cxmodel.io import csv as cxcsv

HEADER = "name,viability,desirability,feasibility"


def error_of(function: Any, *args: Any, **options: Any) -> cx.InputError:
    with pytest.raises(cx.InputError) as caught:
        function(*args, **options)
    return caught.value


def record(name: Any = "A", **fields: Any) -> dict[str, Any]:
    return {"name": name, "viability": 0.5, "desirability": 0.5, "feasibility": 0.5, **fields}


def nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


class TestDeepNesting:
    def test_a_deep_document_is_an_input_error(self) -> None:
        for depth in (5000, 100_000):
            text = "[" * depth + "]" * depth
            error = error_of(read_json, io.StringIO(text))
            assert "nested too deeply" in str(error)

    def test_deep_objects_too(self) -> None:
        text = '{"a": ' * 5000 + "1" + "}" * 5000
        assert "nested too deeply" in str(error_of(read_json, io.StringIO(text)))

    def test_a_deep_value_names_its_record_and_field(self) -> None:
        doc = [record("A"), record("B", tags=nested(500, "x"))]
        error = error_of(read_json, io.StringIO(json.dumps(doc)))
        assert error.errors == [(2, "tags", "tags: nests more than 32 levels deep")]

    def test_shallow_nesting_is_reported_as_a_bad_value(self) -> None:
        doc = [record("A", viability=nested(5))]
        error = error_of(read_json, io.StringIO(json.dumps(doc)))
        assert [(r, c) for r, c, _ in error.errors] == [(1, "viability")]

    def test_stdin_and_read_any_agree(self, monkeypatch: pytest.MonkeyPatch) -> None:
        text = "[" * 3000 + "]" * 3000
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        assert "nested too deeply" in str(error_of(read_any, "-"))

    def test_deep_python_values_in_records_are_quoted_briefly(self) -> None:
        deep = nested(100_000)
        deep_dict: dict[str, Any] = {}
        for _ in range(100_000):
            deep_dict = {"a": deep_dict}
        records = [record(viability=deep, tags=deep, description=deep_dict, channel=deep)]
        error = error_of(cx.Portfolio.from_records, records)
        assert [c for _, c, _ in error.errors] == ["viability", "tags", "description", "channel"]
        assert len(str(error)) < 1000


class TestLoneSurrogates:
    """Text no encoder can write is refused on the way in, whichever way it comes."""

    BAD = "Kiosk \ud800"

    def test_json_escape(self) -> None:
        text = '[{"name": "Kiosk \\ud800", "viability": 1, "desirability": 1, "feasibility": 1}]'
        error = error_of(read_json, io.StringIO(text))
        ((row, column, message),) = error.errors
        assert (row, column) == (1, "name")
        assert "lone surrogate (U+D800" in message

    @pytest.mark.parametrize("field", ["tags", "depends_on", "stakeholders"])
    def test_list_items(self, field: str) -> None:
        doc = [record("A", **{field: ["ok", self.BAD]})]
        error = error_of(read_json, io.StringIO(json.dumps(doc)))
        assert [(r, c) for r, c, _ in error.errors] == [(1, field)]

    def test_description(self) -> None:
        error = error_of(cx.Portfolio.from_records, [record("A", description=self.BAD)])
        assert [(r, c) for r, c, _ in error.errors] == [(1, "description")]

    def test_records_csv_text_and_data_frames(self) -> None:
        pd = pytest.importorskip("pandas")
        ways = [
            lambda: cx.Portfolio.from_records([record("A"), record(self.BAD)]),
            lambda: read_csv(io.StringIO(f"{HEADER}\nA,1,1,1\n{self.BAD},1,1,1\n")),
            lambda: cx.Portfolio.from_dataframe(
                pd.DataFrame([record("A"), record(self.BAD)], dtype=object)  # Arrow refuses it
            ),
            lambda: cx.Portfolio.from_arrays(["A", self.BAD], [1, 1], [1, 1], [1, 1]),
        ]
        for way in ways:
            ((row, column, message),) = error_of(way).errors
            assert column == "name" and row in (2, 3)
            assert "lone surrogate" in message

    def test_only_one_problem_per_bad_name(self) -> None:
        error = error_of(cx.Portfolio.from_records, [record(self.BAD), record(self.BAD)])
        assert len(error.errors) == 2  # each is a surrogate, not also a blank or a duplicate
        assert all("lone surrogate" in message for _, _, message in error.errors)


class TestDuplicateKeys:
    def test_a_repeated_field_is_named(self) -> None:
        text = '[{"name": "A", "viability": 1, "viability": 0.2, "desirability": 1, "feasibility": 1}]'  # noqa: E501
        error = error_of(read_json, io.StringIO(text))
        ((row, column, message),) = error.errors
        assert (row, column) == (1, "viability")
        assert "duplicate key 'viability'" in message

    def test_in_a_later_record_and_in_the_document(self) -> None:
        ok = json.dumps(record("A"))
        text = f'{{"initiatives": [{ok}, {{"name": "B", "name": "C"}}], "initiatives": []}}'
        error = error_of(read_json, io.StringIO(text))
        found = {(row, column) for row, column, _ in error.errors}
        assert (0, "initiatives") in found

    def test_inside_a_value(self) -> None:
        text = json.dumps([record("A")])[:-2] + ', "extra": {"k": 1, "k": 2}}]'
        error = error_of(read_json, io.StringIO(text))
        assert [(r, c) for r, c, _ in error.errors] == [(1, "")]
        assert "duplicate key 'k'" in str(error)

    def test_plain_documents_still_load(self) -> None:
        p = cx.Portfolio.from_records([record("A"), record("B", tags=["x"])])
        assert read_json(io.StringIO(p.to_json() or "")) == p


class TestAllProblemsAtOnce:
    def test_schema_errors_do_not_hide_value_errors(self) -> None:
        text = (
            '[{"name": "A", "viability": "x", "desirability": 1, "feasibility": 1},'
            ' {"name": "A", "viability": 1, "desirability": 1, "feasibility": 1,'
            ' "effort": 1e999}]'
        )
        error = error_of(read_json, io.StringIO(text))
        assert [(row, column) for row, column, _ in error.errors] == [
            (1, "viability"),
            (2, "name"),
            (2, "effort"),
        ]
        messages = " ".join(message for _, _, message in error.errors)
        assert "duplicate name 'A'" in messages and "inf" in messages

    def test_one_problem_per_cell(self) -> None:
        text = '[{"name": "A", "viability": true, "desirability": 1, "feasibility": 1}]'
        error = error_of(read_json, io.StringIO(text))
        assert [(row, column) for row, column, _ in error.errors] == [(1, "viability")]


class TestLongCellsAndHeaders:
    def test_a_long_cell_round_trips(self) -> None:
        limit = csv.field_size_limit()
        description = "Lorem ipsum, dolor sit amet.\n" * 5000  # 145,000 characters
        p = cx.Portfolio([cx.Initiative("x" * 140_000, 0.5, 0.5, 0.5, description=description)])
        assert read_csv(io.StringIO(p.to_csv() or "")) == p
        assert csv.field_size_limit() == limit  # the process-global limit is restored

    def test_the_limit_is_restored_after_an_error(self) -> None:
        limit = csv.field_size_limit()
        text = f'{HEADER}\n"{"x" * 200_000},1,1,"unclosed\n'
        with pytest.raises(cx.InputError):
            read_csv(io.StringIO(text))
        assert csv.field_size_limit() == limit

    def test_a_header_row_over_64_kib(self) -> None:
        junk = [f"column {k} " + "x" * 100 for k in range(700)]
        text = ",".join([*junk, HEADER]) + "\n" + ",".join([""] * 700 + ["A", "1", "1", "1"])
        assert len(text) > 70_000
        assert read_csv(io.StringIO(text)).names == ("A",)

    def test_quoted_header_cells_with_line_breaks(self) -> None:
        junk = '"' + "a\n" * 40_000 + '"'
        text = f"{junk},{HEADER}\n,B,0,0,0\n"
        assert read_csv(io.StringIO(text)).names == ("B",)

    def test_messages_stay_short(self) -> None:
        text = f"{HEADER}\nA,{'9' * 200_000},1,1\n"
        error = error_of(read_csv, io.StringIO(text))
        assert len(str(error)) < 500


class TestLineNumbers:
    def test_a_bad_byte_in_a_cr_only_file(self) -> None:
        data = f"{HEADER}\rA,1,1,1\rB,1,1,1\rC\x81,1,1,1\r".encode("latin-1")
        ((line, _, message),) = error_of(read_csv, io.BytesIO(data)).errors
        assert line == 4
        assert "0x81" in message

    def test_a_nul_in_a_cr_only_file(self) -> None:
        data = f"{HEADER}\rA,1,1,1\rB\x00,1,1,1\r".encode()
        ((line, _, _),) = error_of(read_csv, io.BytesIO(data)).errors
        assert line == 3

    def test_crlf_counts_once(self) -> None:
        data = f"{HEADER}\r\nA,1,1,1\r\nB\x81,1,1,1\r\n".encode("latin-1")
        ((line, _, _),) = error_of(read_csv, io.BytesIO(data)).errors
        assert line == 3


class TestFastReaderMessages:
    """Large files go through pandas; their problems read as the exact reader's."""

    @pytest.fixture(autouse=True)
    def _needs_pandas(self) -> None:
        pytest.importorskip("pandas")

    @staticmethod
    def both(text: str) -> tuple[Any, Any]:
        out = []
        for threshold in (0, sys.maxsize):
            saved = cxcsv.PANDAS_MIN_CHARS
            cxcsv.PANDAS_MIN_CHARS = threshold
            try:
                out.append(read_csv(io.StringIO(text, newline="")))
            except cx.InputError as error:
                out.append(error.errors)
            finally:
                cxcsv.PANDAS_MIN_CHARS = saved
        return out[0], out[1]

    @pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
    def test_two_bad_cells_among_many(self, newline: str) -> None:
        lines = [HEADER] + [f"idea {k},0.5,0.25,1.0" for k in range(3000)]
        lines[10] = "idea 9,high,0.5,0.5"
        lines[2500] = 'idea 2499,0.5,2.50,"0.5"'
        lines.insert(100, "   ")
        lines.insert(200, '"multi\nline",0.1,0.2,0.3')
        fast, exact = self.both(newline.join(lines))
        assert fast == exact
        assert [(row, column) for row, column, _ in fast] == [
            (11, "viability"),
            (2504, "desirability"),
        ]
        assert "'2.50' is outside" in fast[1][2]

    def test_duplicates_and_stray_quotes(self) -> None:
        lines = [HEADER] + [f"idea {k},0.5,0.25,1.0" for k in range(3000)]
        lines[40] = 'idea 7,0.5,0.5,"1e999"'
        lines[41] = 'idea 5" screen,0.5,0.5,7'
        fast, exact = self.both("\n".join(lines))
        assert fast == exact
        assert {column for _, column, _ in fast} == {"name", "feasibility"}


class TestLimits:
    def test_samples(self) -> None:
        p = cx.example_portfolio()
        with pytest.raises(cx.FieldError, match="samples must be at most 119,304,647"):
            cx.sensitivity(p, samples=10**12)
        with pytest.raises(cx.FieldError, match="samples"):
            cx.sensitivity(p, samples=uncertainty.MAX_SAMPLES + 1)

    def test_steps(self) -> None:
        p = cx.example_portfolio()
        with pytest.raises(cx.FieldError, match="steps must be at most 4,473,924"):
            cx.threshold_sweep(p, steps=10**11)

    def test_chunked_sweep_is_the_same(self, monkeypatch: pytest.MonkeyPatch) -> None:
        p = cx.example_portfolio()
        whole = cx.threshold_sweep(p, steps=41)
        monkeypatch.setattr(uncertainty, "_CHUNK_BYTES", 3 * len(p))
        chunked = cx.threshold_sweep(p, steps=41)
        for lens in whole.lenses:
            assert np.array_equal(whole.counts[lens], chunked.counts[lens])
            assert np.array_equal(whole.process_share[lens], chunked.process_share[lens])


class TestArgumentTypes:
    CSV = f"{HEADER}\nA,1,1,1\n"

    @pytest.mark.parametrize(
        "call",
        [
            lambda: read_csv(io.StringIO(TestArgumentTypes.CSV), scale=(1, 5)),
            lambda: read_json(io.StringIO(json.dumps([record()])), scale=(1, 5)),
            lambda: read_any(io.StringIO(TestArgumentTypes.CSV), scale=[1, 5]),
            lambda: cx.Portfolio.from_records([record()], scale=(1, 5)),
        ],
    )
    def test_scale(self, call: Any) -> None:
        with pytest.raises(cx.FieldError, match="scale"):
            call()

    def test_scale_on_a_data_frame(self) -> None:
        pd = pytest.importorskip("pandas")
        with pytest.raises(cx.FieldError, match="scale"):
            cx.Portfolio.from_dataframe(pd.DataFrame([record()]), scale=(1, 5))

    @pytest.mark.parametrize(
        "call",
        [
            lambda: read_csv(io.StringIO(TestArgumentTypes.CSV), columns=["name"]),
            lambda: cx.Portfolio.from_records([record()], columns=["name"]),  # type: ignore[arg-type]
        ],
    )
    def test_columns(self, call: Any) -> None:
        with pytest.raises(cx.FieldError, match="columns"):
            call()

    @pytest.mark.parametrize("reader", [read_csv, read_json, read_any])
    @pytest.mark.parametrize("path", [None, 42, ["ideas.csv"]])
    def test_path(self, reader: Any, path: Any) -> None:
        with pytest.raises(cx.FieldError, match="path_or_file"):
            reader(path)

    @pytest.mark.parametrize("records", [None, 5, "ideas", {"name": "A"}])
    def test_records(self, records: Any) -> None:
        with pytest.raises(cx.FieldError, match="records"):
            cx.Portfolio.from_records(records)


class TestSpecialFiles:
    def test_a_device(self) -> None:
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero")
        for reader in (read_csv, read_json, read_any):
            error = error_of(reader, "/dev/zero")
            assert "not a regular file" in str(error)

    def test_a_fifo_does_not_wait(self, tmp_path: Path) -> None:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        fifo = tmp_path / "ideas.csv"
        os.mkfifo(fifo)
        outcome: list[BaseException | None] = []

        def read() -> None:
            try:
                read_csv(fifo)
            except BaseException as error:
                outcome.append(error)

        worker = threading.Thread(target=read, daemon=True)
        worker.start()
        worker.join(timeout=10)
        if worker.is_alive():  # unblock it, then fail
            with open(fifo, "w"):
                pass
            pytest.fail("reading a FIFO waited for a writer")
        assert isinstance(outcome[0], cx.InputError)
        assert "FIFO" in str(outcome[0])

    def test_a_directory(self, tmp_path: Path) -> None:
        assert "directory" in str(error_of(read_csv, tmp_path))

    def test_streams_are_capped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_decode, "MAX_STREAM_BYTES", 1000)
        big = io.BytesIO((HEADER + "\n" + "A,1,1,1\n" * 200).encode())
        assert "larger than 1,000 bytes" in str(error_of(read_csv, big))
        small = io.BytesIO((HEADER + "\nA,1,1,1\n").encode())
        assert read_csv(small).names == ("A",)

    def test_stdin_is_capped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_decode, "MAX_STREAM_BYTES", 100)
        stream = io.TextIOWrapper(io.BytesIO(b"[" + b" " * 1000 + b"]"))
        monkeypatch.setattr(sys, "stdin", stream)
        assert "larger than 100 bytes" in str(error_of(read_any, "-"))


class TestMaskedArrays:
    def test_classify_arrays_refuses_masked_entries(self) -> None:
        hidden = np.ma.array([0.9, 2.0], mask=[False, True])
        with pytest.raises(cx.ScoreError, match=r"viability\[1\] is masked"):
            cx.classify_arrays(hidden, [0.9, 0.9], [0.9, 0.9])

    def test_unmasked_entries_classify(self) -> None:
        values = np.ma.array([0.9, 0.1], mask=[False, False])
        assert cx.classify_arrays(values, values, values).tolist() == [7, 0]

    def test_from_arrays_reports_masked_as_missing(self) -> None:
        hidden = np.ma.array([0.9, 0.5], mask=[False, True])
        error = error_of(cx.Portfolio.from_arrays, ["A", "B"], hidden, [1, 1], [1, 1])
        assert [(row, column) for row, column, _ in error.errors] == [(2, "viability")]


class TestProgress:
    def test_callbacks(self) -> None:
        seen: list[tuple[int, int]] = []

        def note(done: int, total: int) -> None:
            seen.append((done, total))

        p = cx.example_portfolio()
        report = cx.sensitivity(p, samples=700, seed=1, progress=note)
        assert seen[-1] == (700, 700) and len(seen) >= 3
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        again = cx.sensitivity(p, samples=700, seed=1)
        assert np.array_equal(report.probabilities, again.probabilities)
        seen.clear()
        cx.threshold_sweep(p, steps=11, progress=note)
        assert seen[-1] == (33, 33)

    def test_a_bar_is_silent_without_a_terminal(self, capsys: pytest.CaptureFixture[str]) -> None:
        cx.sensitivity(cx.example_portfolio(), samples=300, seed=1, progress=True)
        cx.threshold_sweep(cx.example_portfolio(), steps=5, progress=True)
        assert capsys.readouterr().err == ""

    def test_the_built_in_bar(self, monkeypatch: pytest.MonkeyPatch) -> None:
        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # as if tqdm were not installed
        with progress_bar(True, 4, desc="steps") as bar:
            for _ in range(4):
                bar.update()
        assert terminal.getvalue().endswith("steps: 100% (4/4)\n")

    @pytest.mark.parametrize("bad", ["yes", 1, 0.5])
    def test_bad_values(self, bad: Any) -> None:
        with pytest.raises(cx.FieldError, match="progress"):
            cx.sensitivity(cx.example_portfolio(), samples=10, progress=bad)
