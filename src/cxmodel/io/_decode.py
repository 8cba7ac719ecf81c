"""Bytes to text: paths, file objects and encodings as spreadsheets write them.

Without an ``encoding``, text is UTF-8 (with or without a byte-order mark) or
UTF-16 with a byte-order mark (Excel's "Unicode text"); a file that is not
UTF-8 is read as Windows-1252 -- what Excel's "CSV (Comma delimited)" writes on
Windows -- with a :class:`~cxmodel.CxModelWarning` naming that encoding.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import warnings
from typing import Any

from .._export import PathOrFile
from ..exceptions import CxModelWarning, FieldError, InputError

#: The encoding a file that is not UTF-8 is read with: Excel's "CSV (Comma delimited)".
FALLBACK_ENCODING = "cp1252"

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def _warn(message: str) -> None:
    """Warn at the first caller outside cxmodel (the user's line, not ours)."""
    frame = sys._getframe(0)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, CxModelWarning, stacklevel=level)


def _source_name(path_or_file: PathOrFile | bytes) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        return os.fspath(path_or_file)
    name = getattr(path_or_file, "name", None)
    return name if isinstance(name, str) else "<file>"


#: The most a stream (standard input, a pipe, a file object) may hold: 1 GiB.  Paths
#: must name regular files, whose size is known; a stream has no size, so a pipe from
#: ``/dev/zero`` or a never-ending producer stops here with an InputError instead of
#: filling the memory.  Larger inputs belong in files (or in Dask, see the scale-out guide).
MAX_STREAM_BYTES = 1 << 30


def _check_path(path: str | os.PathLike[str], source: str) -> None:
    """InputError unless ``path`` is a regular file (a FIFO would wait, a device never end)."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # open() raises the error people know
    if stat.S_ISDIR(mode):
        kind = "a directory"
    elif stat.S_ISREG(mode):
        return
    else:
        kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"))
        kind = next((k for test, k in kinds if test(mode)), "not a regular file")
    message = f"{kind}, not a regular file; give a file, or '-' to read standard input"
    raise InputError([(0, "", message)], source=source)


def _read_stream(stream: Any, source: str) -> str | bytes:
    """Everything a file object holds, up to :data:`MAX_STREAM_BYTES` (else InputError)."""
    read = getattr(stream, "read", None)
    if not callable(read):
        raise FieldError(
            "path_or_file", stream, "must be a path, an open file (text or binary) or bytes"
        )
    try:
        data = read(MAX_STREAM_BYTES + 1)
        if len(data) > MAX_STREAM_BYTES:
            message = f"the input is larger than {MAX_STREAM_BYTES:,} bytes; save it to a file"
            raise InputError([(0, "", message)], source=source)
    except UnicodeDecodeError:
        raise
    except TypeError:  # a read() without a size
        data = read()
    return data  # type: ignore[no-any-return]


def _read_data(path_or_file: PathOrFile | bytes) -> tuple[str | bytes, str]:
    """``(content, source name)`` of a path, bytes or a file object, undecoded if bytes."""
    source = _source_name(path_or_file)
    if isinstance(path_or_file, bytes | bytearray | memoryview):
        return bytes(path_or_file), source
    if isinstance(path_or_file, str | os.PathLike):
        _check_path(path_or_file, source)
        with open(path_or_file, "rb") as file:
            return file.read(), source
    try:
        data = _read_stream(path_or_file, source)
    except UnicodeDecodeError as error:  # a text stream opened with the wrong encoding
        message = (
            f"the file is not {error.encoding} text ({error.reason}); open it in binary "
            "mode or with the right encoding"
        )
        raise InputError([(0, "", message)], source=source) from None
    return data, source


def _read_text(path_or_file: PathOrFile, encoding: str | None = None) -> tuple[str, str]:
    """``(text, source name)`` of a path or file object; bad bytes raise InputError."""
    data, source = _read_data(path_or_file)
    return _as_text(data, source, encoding), source


def _line_number(text: str, end: int) -> int:
    """The line (1-based) of ``text[end]``; lines end at ``\\r\\n``, ``\\n`` or a lone ``\\r``."""
    return text.count("\n", 0, end) + text.count("\r", 0, end) - text.count("\r\n", 0, end) + 1


def _line_of(data: bytes, position: int, codec: str) -> int:
    head = data[:position].decode(codec, errors="replace")
    return _line_number(head, len(head))


def _check_encoding(encoding: str) -> str:
    """The codec's canonical name, or FieldError for a name Python does not know."""
    if not isinstance(encoding, str):
        raise FieldError("encoding", encoding, "must be the name of a text encoding")
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise FieldError("encoding", encoding, "is not a known text encoding") from None
    return "utf-8-sig" if name == "utf-8" else name


def _decode_as(data: bytes, source: str, codec: str, shown: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        byte = data[error.start : error.start + 1].hex()
        line = _line_of(data, error.start, codec)
        message = f"byte 0x{byte} is not {shown} text"
        raise InputError([(line, "", message)], source=source) from None


def _as_text(data: str | bytes, source: str, encoding: str | None = None) -> str:
    """Decode bytes as the module documentation describes and reject binary data."""
    if isinstance(data, bytes):
        if encoding is not None:
            text = _decode_as(data, source, _check_encoding(encoding), encoding)
            text = text.removeprefix("\ufeff")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = _decode_as(data, source, "utf-16", "UTF-16")  # Excel's "Unicode text"
        elif data.startswith(codecs.BOM_UTF8):
            text = _decode_as(data, source, "utf-8-sig", "UTF-8")
        else:
            text = _utf8_or_fallback(data, source)
    elif isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        raise TypeError(f"{source}: read() returned {type(data).__name__}, not str or bytes")
    if "\x00" in text:
        line = _line_number(text, text.index("\x00"))
        message = "this is a binary file, not CSV or JSON text (it contains NUL characters)"
        raise InputError([(line, "", message)], source=source)
    return text


def _utf8_or_fallback(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first = error.start
    if data.startswith(b"PK\x03\x04"):
        message = "this is a zip archive (an .xlsx workbook?), not CSV or JSON text"
        raise InputError([(0, "", message)], source=source)
    if _looks_binary(data):
        message = "this is a binary file, not CSV or JSON text"
        raise InputError([(_line_of(data, first, "utf-8"), "", message)], source=source)
    try:
        text = data.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError as error:
        byte = data[error.start : error.start + 1].hex()
        line = _line_of(data, error.start, "latin-1")
        message = (
            f"byte 0x{byte} is neither UTF-8 nor Windows-1252 text; save the file as UTF-8 "
            "(in spreadsheets: 'CSV UTF-8') or give its encoding"
        )
        raise InputError([(line, "", message)], source=source) from None
    byte = data[first : first + 1].hex()
    _warn(
        f"{source}: not UTF-8 (byte 0x{byte} on line {_line_of(data, first, 'latin-1')}); "
        "read as Windows-1252 (cp1252), the encoding of Excel's 'CSV (Comma delimited)'; "
        "give the encoding to read it otherwise"
    )
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return b"\x00" in sample or controls > len(sample) // 20


def _empty(source: str) -> InputError:
    return InputError([(0, "", "the file is empty")], source=source)
