"""The fast CSV reader's own paths (Arrow name checks, blocks of mixed types) agree exactly.

Each case is read by both readers -- the fast one (pandas, forced for small
inputs) and the exact one (the csv module) -- and must give the same portfolio
or the same problems, in the same order, with the same lines and messages.
"""

from __future__ import annotations

import importlib.util
import io
import math
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel import _table
from cxmodel.io import csv as cxcsv
from cxmodel.io._arrow_names import WHITESPACE, check_names
from cxmodel.io._arrow_numbers import _cast, arrow_floats

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pandas") is None or importlib.util.find_spec("pyarrow") is None,
    reason="needs pandas and pyarrow",
)

HEADER = "name,viability,desirability,feasibility,effort\n"

HINT = " (raw scores need a scale=, e.g. Scale.likert(5))"

#: More rows than pandas reads in one block of a five-column file (131,072).
BLOCKS = 140_000


def outcome(text: str, threshold: int) -> Any:
    saved = cxcsv.PANDAS_MIN_CHARS
    cxcsv.PANDAS_MIN_CHARS = threshold
    try:
        return cx.read_csv(io.StringIO(text, newline=""))
    except cx.InputError as error:
        return error.errors
    finally:
        cxcsv.PANDAS_MIN_CHARS = saved


def both(text: str) -> Any:
    """What both readers give (asserted equal)."""
    fast, exact = outcome(text, 0), outcome(text, sys.maxsize)
    assert fast == exact
    return fast


def fast_table(text: str) -> _table.Table | None:
    """The fast reader's table of ``text`` (``None``: it leaves the file to the exact one)."""
    delimiter, reading = cxcsv._csv_header(text, "<file>", None)
    header = [m.header for m in reading.matches]
    saved = cxcsv.PANDAS_MIN_CHARS
    cxcsv.PANDAS_MIN_CHARS = 0
    try:
        return cxcsv._pandas_table(
            cxcsv._Content.of_text(text), "<file>", delimiter, header, reading
        )
    finally:
        cxcsv.PANDAS_MIN_CHARS = saved


class TestNames:
    @pytest.mark.parametrize(
        ("names", "plain", "distinct"),
        [
            (["A", "B"], True, True),
            (["A", "A"], True, False),  # plain, but repeated: the validator reports it
            (["Café", "Cafe", "Caf\u00e9 au lait"], True, True),  # non-ASCII ends: kernels
            (["'Kiosk"], False, False),  # formula neutralisation to undo
            ([" A", "B"], False, False),
            (["A\u3000", "B"], False, False),  # a space str.strip() strips, and Arrow must see
            (["A\x1f", "B"], False, False),
            (["A", "'=B"], False, False),
            (["A", ""], None, False),  # blank: maybe a blank row
            (["A", " \t"], None, False),
            (["A", "\u2028"], None, False),
            ([], True, True),
        ],
    )
    def test_check_names(self, names: list[str], plain: bool | None, distinct: bool) -> None:
        import pyarrow as pa

        assert check_names(pa.array(names, type=pa.string())) == (plain, distinct)

    def test_whitespace_is_what_strip_strips(self) -> None:
        spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
        assert spaces == WHITESPACE
        assert all(("x" + c + "x").strip(c) == "x" + c + "x" for c in spaces)

    @pytest.mark.parametrize(
        "names",
        [
            ["Kiosk", "Kiosk"],
            ["Kiosk", " Kiosk "],
            ["Kiosk", "Kiosk\u3000"],
            ["'=Kiosk", "=Kiosk"],
            ["Kiosk", "'Kiosk", "Kiosk"],
            [" A", "B ", "\u2003C\u2003"],
            ["A", "   ", "B"],
            ["A", "\u3000", "A"],
            ["007", "7", "007"],
        ],
    )
    def test_the_readers_agree(self, names: list[str]) -> None:
        text = HEADER + "".join(f"{n},0.5,0.5,0.5,1\n" for n in names)
        both(text)

    def test_plain_names_are_used(self) -> None:
        table = fast_table(HEADER + "A,0.5,0.5,0.5,1\nB,0.5,0.5,0.5,1\n")
        assert table is not None and table.plain_names
        table = fast_table(HEADER + " A,0.5,0.5,0.5,1\nB,0.5,0.5,0.5,1\n")
        assert table is not None and not table.plain_names

    def test_duplicates_are_named_with_their_first_line(self) -> None:
        text = HEADER + "A,0.5,0.5,0.5,1\nB,0.5,0.5,0.5,1\nA,0.5,0.5,0.5,1\n B ,0.5,0.5,0.5,1\n"
        assert both(text) == [
            (4, "name", "duplicate name 'A' (first at line 2)"),
            (5, "name", "duplicate name 'B' (first at line 3)"),
        ]


class TestDistinct:
    def test_repeats_and_blanks(self) -> None:
        assert _table._distinct([])
        assert _table._distinct(["a", "b", "c"])
        assert not _table._distinct(["a", "b", "a"])
        assert _table._distinct(["a", "", ""])  # blank names are reported as blank

    def test_a_hash_collision_asks_the_set(self) -> None:
        # -1 and -2 hash alike in CPython: equal hashes, distinct values
        assert hash(-1) == hash(-2)
        assert _table._distinct([-1, -2])  # type: ignore[list-item]
        assert not _table._distinct([-1, -2, -1])  # type: ignore[list-item]


class TestBlocks:
    """Files longer than one of pandas' blocks: a block may be read as another type."""

    @staticmethod
    def rows(count: int, name: str = "idea {}") -> list[str]:
        return [f"{name.format(k)},0.5,0.25,0.75,2" for k in range(count)]

    def test_names_that_look_like_numbers_in_one_block(self) -> None:
        rows = self.rows(BLOCKS - 100, "{:07d}") + self.rows(100)
        text = HEADER + "\n".join(rows) + "\n"
        p = both(text)
        assert isinstance(p, cx.Portfolio) and p.names[:2] == ("0000000", "0000001")

    def test_a_text_cell_in_a_later_block(self) -> None:
        rows = self.rows(BLOCKS)
        rows[100] = "idea 100,2.50,0.25,0.75,2"  # out of range, in a block read as numbers
        rows[-5] = f"idea {BLOCKS - 5},high,0.25,0.75,2"  # text, in the last block
        rows[-3] = f"idea {BLOCKS - 3},70%,0.25,0.75,2"  # text that is a score
        text = HEADER + "\n".join(rows) + "\n"
        table = fast_table(text)
        assert table is not None  # read by the fast reader, numbers and text together
        assert both(text) == [
            (102, "viability", f"viability: '2.50' is outside [0, 1]{HINT}"),
            (BLOCKS - 3, "viability", "viability: 'high' is not a number"),
        ]

    def test_a_scale_cell_as_written(self) -> None:
        rows = self.rows(BLOCKS)
        rows[-2] = f"idea {BLOCKS - 2},1e5,0.25,0.75,2"
        text = HEADER + "\n".join(rows) + "\n"
        errors = both(text)
        assert [e[:2] for e in errors] == [(BLOCKS, "viability")]

    def test_a_block_of_decimal_commas(self) -> None:
        rows = self.rows(BLOCKS)
        for k in range(BLOCKS - 200, BLOCKS):  # quoted, as a comma-delimited file must
            rows[k] = f'idea {k},"0,{k % 10}",0.25,0.75,2'
        rows[-7] = f'idea {BLOCKS - 7},"7,5",0.25,0.75,2'  # a comma cell out of range
        text = HEADER + "\n".join(rows) + "\n"
        assert fast_table(text) is not None
        assert [e[:2] for e in both(text)] == [(BLOCKS - 5, "viability")]
        rows[-7] = f'idea {BLOCKS - 7},"0,5",0.25,0.75,2'
        p = both(HEADER + "\n".join(rows) + "\n")
        assert isinstance(p, cx.Portfolio) and p[f"idea {BLOCKS - 3}"].viability == 0.7

    def test_clean_blocks_load(self) -> None:
        rows = self.rows(BLOCKS)
        rows[-1] = f"idea {BLOCKS - 1},0.70,0.25,0.75,2"
        text = HEADER + "\n".join(rows) + "\n"
        p = both(text)
        assert isinstance(p, cx.Portfolio) and p[f"idea {BLOCKS - 1}"].viability == 0.7


#: Cells beside plain decimals: what ``float`` reads that Arrow may not, and what neither reads.
ODD_CELLS = [
    " 0.5", "0.5 ", "\t1", "1_0", "٣", "inf", "-Infinity", "nan", "+.5", "5.", "1e-400",
    "1e999", "0x1", "1,5", "", "True", "false", "high", "70%", "--1", "1e", "e5", "0.1d0",
]  # fmt: skip


class TestArrowFloats:
    """Arrow's cast reads what ``float`` reads, or leaves the cell to the cell rules."""

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.floats(allow_nan=False).map(repr)
            | st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str)
            | st.sampled_from(ODD_CELLS),
            max_size=200,
        ),
        st.integers(0, 200),
    )
    def test_every_value_is_what_float_reads(self, cells: list[str], cut: int) -> None:
        import pyarrow as pa

        column = pa.chunked_array([cells[:cut], cells[cut:]], type=pa.string())
        values = arrow_floats(column)
        if values is None:  # Arrow refused many: pandas' parser reads the column instead
            return
        assert values.shape == (len(cells),)
        alone = [_cast(pa.array([cell])) is not None for cell in cells]  # what Arrow reads
        for k, (cell, value) in enumerate(zip(cells, values.tolist(), strict=True)):
            if value == value:
                assert value == float(cell)
                assert math.copysign(1, value) == math.copysign(1, float(cell))
            elif alone[k] and cell.lower().lstrip("+-") != "nan":
                # a cell Arrow reads is left only in the span of one it refuses
                near = range(max(k - 8, 0), min(k + 9, len(cells)))
                assert not all(alone[j] for j in near)

    def test_plain_decimals_are_all_read(self) -> None:
        import pyarrow as pa

        cells = [repr(k / 7) for k in range(5000)] + ["0.5e3", "-0", "+1"]
        values = arrow_floats(pa.array(cells))
        assert values is not None and values.tolist() == [float(c) for c in cells]

    def test_a_refused_cell_is_found_in_a_later_chunk(self) -> None:
        import pyarrow as pa

        first, second = ["0.5"] * 3000, ["0.25"] * 3000
        second[1234] = "high"
        values = arrow_floats(pa.chunked_array([first, second]))
        assert values is not None
        refused = [k for k, v in enumerate(values.tolist()) if v != v]
        assert 3000 + 1234 in refused and len(refused) <= 8  # its span of a few cells only
        assert values[: 3000 + 1234 - 8].tolist() == [0.5] * 3000 + [0.25] * (1234 - 8)

    def test_decimal_commas(self) -> None:
        import pyarrow as pa

        values = arrow_floats(pa.array(["0,5", "0.25", "1,5e3"]), decimal_comma=True)
        assert values is not None and values.tolist() == [0.5, 0.25, 1500.0]

    def test_many_refused_cells_are_left_to_pandas(self) -> None:
        import pyarrow as pa

        assert arrow_floats(pa.array([f" 0.{k % 10}" for k in range(2000)])) is None

    @pytest.mark.parametrize(
        "row",
        [
            "idea {k}, 0.5, 0.25, 0.75, 2",  # spaces after the commas: Arrow refuses all
            "idea {k},True,0.25,0.75,2",  # a column of True: never 1.0
            "idea {k},0.5,0.25,0.75,{k}",  # an effort of 0 in the first row
            'idea {k},"0,5",0.25,0.75,2',  # decimal commas, quoted
        ],
    )
    def test_the_readers_agree_on_whole_columns(self, row: str) -> None:
        text = HEADER + "".join(row.format(k=k) + "\n" for k in range(3000))
        assert fast_table(text) is not None  # the fast reader reads it, numbers and all
        both(text)

    def test_semicolon_files_with_decimal_commas(self) -> None:
        text = "name;viability;desirability;feasibility;effort\n" + "".join(
            f"idea {k};0,{k % 10};0,25;0.75;2\n" for k in range(3000)
        )
        assert fast_table(text) is not None
        p = both(text)
        assert isinstance(p, cx.Portfolio) and p["idea 7"].viability == 0.7


class _Values:
    """Piece work that gives back every value of the column."""

    def __init__(self, column: Any) -> None:
        self.column = column

    def piece(self, piece: Any) -> list[int]:
        values: list[int] = piece.to_pylist()
        return values

    def finish(self, parts: list[list[int]]) -> list[Any]:
        return parts


class _Failing(_Values):
    def piece(self, piece: Any) -> list[int]:
        values = super().piece(piece)
        if 7 in values:
            raise ValueError("seven")
        return values


class TestPieces:
    """Work on Arrow columns in pieces: every value once, in order, in one pool."""

    def test_long_chunks_are_sliced_and_put_back_in_order(self) -> None:
        import pyarrow as pa

        from cxmodel.io._arrow_chunks import PIECE, run_pieces

        long = list(range(PIECE * 2 + 5))
        chunked = pa.chunked_array([[1, 2, 3], pa.array([], pa.int64()), long])
        small, parts = run_pieces([_Values(pa.array(range(10))), _Values(chunked)])
        assert small == [list(range(10))]
        assert [len(part) for part in parts] == [3, 0, PIECE, PIECE, 5]
        assert [v for part in parts for v in part] == [1, 2, 3, *long]

    def test_a_failing_piece_raises_its_error(self) -> None:
        import pyarrow as pa

        from cxmodel.io._arrow_chunks import run_pieces

        column = pa.chunked_array([[1, 2], [7], [3]])
        with pytest.raises(ValueError, match="seven"):
            run_pieces([_Values(column), _Failing(column), _Values(column)])

    @pytest.mark.parametrize("cores", [1, 2, 3])
    def test_any_pool_size_finishes(self, cores: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each finish waits only for pieces queued before it: no pool size deadlocks."""
        import pyarrow as pa

        from cxmodel.io._arrow_chunks import run_pieces

        monkeypatch.setattr("cxmodel.io._arrow_chunks.os.cpu_count", lambda: cores)
        columns = [pa.chunked_array([[k, k + 1], [k + 2], [k + 3]]) for k in range(0, 40, 4)]
        answers = run_pieces([_Values(c) for c in columns])
        assert answers == [[[k, k + 1], [k + 2], [k + 3]] for k in range(0, 40, 4)]
