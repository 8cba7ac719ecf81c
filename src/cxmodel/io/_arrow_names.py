"""Checks on a column of names as pandas' fast CSV parser returns them (Arrow strings).

A portfolio's names must be non-blank, stripped and all different.  Turning a
million Arrow strings into Python strings only to check that costs more than
parsing the file, so the fast reader checks the column where it is -- Arrow's
offsets and UTF-8 bytes, read by numpy eight bytes at a time -- and makes the
Python strings only when someone asks for the names.  Where a check cannot
answer here, the validator checks the Python strings as it checks every input.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ._arrow_chunks import arrow_column, run_pieces

__all__ = ["WHITESPACE", "NameCheck", "check_names"]

#: What ``str.strip()`` strips: every character ``str.isspace()`` accepts.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

_U64 = npt.NDArray[np.uint64]
_MASK = (1 << 64) - 1

#: Last bytes that need a look before a name counts as stripped: ASCII white space,
#: and any byte of a multi-byte character (a few of those are white space).
_SUSPECT_LAST = np.zeros(256, dtype=bool)
_SUSPECT_LAST[[ord(c) for c in WHITESPACE if c < "\x80"]] = True
_SUSPECT_LAST[0x80:] = True
#: First bytes that do: those, and the quote of the formula neutralisation.
_SUSPECT_FIRST = _SUSPECT_LAST.copy()
_SUSPECT_FIRST[ord("'")] = True

#: The bytes of a name read eight at a time; a longer name adds Python's hash of it.
_LONG = 128


def check_names(names: Any) -> tuple[bool | None, bool]:
    """``(plain, distinct)`` for a column of names (Arrow strings).

    ``plain``: every name is text that needs no strip or unquote; ``None`` when a
    name is blank (its row may be blank: the csv module skips a row of empty
    cells, pandas does not, so the exact reader decides).  The first and last
    byte of every name answer for almost every file; Arrow's string kernels look
    only where a name starts or ends with white space, a quote or a non-ASCII
    character.  Arrow strings are UTF-8, so none holds a lone surrogate.

    ``distinct``: no two names are equal, asked only of plain names.  ``False``
    means "may repeat": two names share a 64-bit fingerprint, a repeated name
    or, about once in ten billion files of a million names, two that collide.

    The column is read piece by piece, on every core (:func:`run_pieces`).

    Examples
    --------
    >>> import pyarrow as pa
    >>> from cxmodel.io._arrow_names import check_names
    >>> check_names(pa.array(["Chatbot", "Café", "Chat bot"]))
    (True, True)
    >>> check_names(pa.chunked_array([["Chatbot", "Kiosk"], ["Self-checkout", "Chatbot"]]))
    (True, False)
    >>> check_names(pa.array([" Chatbot"])), check_names(pa.array(["Chatbot", ""]))
    ((False, False), (None, False))
    """
    verdict: tuple[bool | None, bool] = run_pieces([NameCheck(names)])[0]
    return verdict


class NameCheck:
    """:func:`check_names` as work on pieces (:func:`run_pieces`), to share a pool."""

    def __init__(self, names: Any) -> None:
        self.column = arrow_column(names)

    def piece(self, piece: Any) -> _Look:
        return _Look(piece)

    def finish(self, looks: list[_Look]) -> tuple[bool | None, bool]:
        if self.column.null_count or not all(look.filled for look in looks):
            return None, False
        if any(look.suspect for look in looks):
            plain = _plain_by_kernels(self.column)
            if not plain:
                return plain, False
        return True, _distinct(np.concatenate([look.prints for look in looks]))


class _Look:
    """What :func:`check_names` needs to know of one piece of the column."""

    def __init__(self, piece: Any) -> None:
        words = _Words(piece)
        #: No name is empty.
        self.filled = bool(words.lengths.all())
        first = (words.head & np.uint64(0xFF)).astype(np.uint8)
        last = (words.tail >> np.uint64(56)).astype(np.uint8)
        #: Some name starts or ends with a byte that needs a closer look.
        self.suspect = bool(_SUSPECT_FIRST[first].any() or _SUSPECT_LAST[last].any())
        self.prints = words.fingerprints() if self.filled else np.zeros(0, np.uint64)


def _plain_by_kernels(column: Any) -> bool | None:
    """:func:`check_names`' ``plain``, in Arrow's string kernels."""
    import pyarrow.compute as pc

    trimmed = pc.utf8_trim(column, WHITESPACE)
    if pc.min(pc.binary_length(trimmed)).as_py() == 0:
        return None
    if pc.any(pc.starts_with(column, "'")).as_py():  # formula neutralisation to undo
        return False
    return bool(pc.all(pc.equal(trimmed, column)).as_py())


def _distinct(prints: _U64) -> bool:
    prints = np.sort(prints)
    return not bool((prints[1:] == prints[:-1]).any())


def _mix(state: _U64, word: _U64 | np.uint64) -> None:
    """Fold ``word`` into ``state`` in place (one round of a multiply-xorshift hash)."""
    state ^= word
    state *= np.uint64(0x9E3779B97F4A7C15)
    state ^= state >> np.uint64(31)


class _Words:
    """The bytes of every string of an Arrow column as unaligned 64-bit words.

    The words are strided views of a copy of the bytes with zeros around it:
    ``at[i]`` holds the eight bytes from byte ``i``, ``before[i]`` the eight up
    to it, and ``at[size]`` zeros.  ``head`` and ``tail`` are each string's first
    and last word, read in full even where a string is shorter.
    """

    def __init__(self, column: Any) -> None:
        import pyarrow as pa

        _, offsets, data = column.buffers()
        kind = np.int64 if pa.types.is_large_string(column.type) else np.int32
        every: npt.NDArray[np.signedinteger[Any]] = np.frombuffer(offsets, dtype=kind)
        starts = every[column.offset : column.offset + len(column) + 1]
        whole = np.frombuffer(data, dtype=np.uint8) if data else np.zeros(1, np.uint8)
        content = whole[starts[0] : starts[-1]]  # a slice's own bytes
        starts = starts - starts[0]
        self.content = content
        padded = np.zeros(content.size + 24, dtype=np.uint8)
        padded[8 : 8 + content.size] = content
        shape = (content.size + 1,)
        self.at = np.ndarray(shape, dtype=np.uint64, buffer=padded, offset=8, strides=(1,))
        before = np.ndarray(shape, dtype=np.uint64, buffer=padded, strides=(1,))
        self.begin, self.end = starts[:-1], starts[1:]
        self.lengths = self.end - self.begin
        self.head, self.tail = self.at[self.begin], before[self.end]

    def fingerprints(self) -> _U64:
        """A 64-bit fingerprint of every string: equal strings, equal fingerprints.

        The first and the last word of each string, then the words between
        them, eight bytes a pass, for strings longer than 16 bytes (their first
        :data:`_LONG` bytes, and Python's hash of longer ones).  A string shorter
        than 8 bytes keeps only its own bytes of a word.
        """
        begin, end, lengths, at = self.begin, self.end, self.lengths, self.at
        head, tail = self.head.copy(), self.tail.copy()
        short = np.flatnonzero(lengths < 8)
        if short.size:  # its own bytes: the low ones of its first word, the high of its last
            spare = (8 - lengths[short]).astype(np.uint64) * np.uint64(8)  # 64 shifts all out
            head[short] <<= spare
            tail[short] >>= spare
        state: _U64 = lengths.astype(np.uint64)
        _mix(state, head)
        _mix(state, tail)
        for step in range(8, _LONG - 8, 8):
            needed = np.flatnonzero(lengths > step + 8)
            if not needed.size:
                break
            if needed.size * 2 >= lengths.size:  # most strings: one pass over all of them
                where = np.minimum(begin + step, end - 8)  # the others: their last word again
                where[short] = at.size - 1  # or zeros, if shorter than a word
                _mix(state, at[where])
            else:
                folded = state[needed]
                _mix(folded, at[begin[needed] + step])
                state[needed] = folded
        long = np.flatnonzero(lengths > _LONG)
        if long.size:
            data = self.content.tobytes()
            for k in long.tolist():
                folded = state[k : k + 1]
                _mix(folded, np.uint64(hash(data[begin[k] : end[k]]) & _MASK))
        return state
