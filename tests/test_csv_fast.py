"""The fast CSV reader's own paths (Arrow name checks, blocks of mixed types) agree exactly.

Each case is read by both readers -- the fast one (pandas, forced for small
inputs) and the exact one (the csv module) -- and must give the same portfolio
or the same problems, in the same order, with the same lines and messages.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from typing import Any

import pytest

import cxmodel as cx
from cxmodel import _table
from cxmodel.io import csv as cxcsv
from cxmodel.io._arrow_names import WHITESPACE, check_names

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
