"""Bytes to text: paths, file objects and encodings as spreadsheets write them."""

from __future__ import annotations

import codecs
import os

from .._export import PathOrFile
from ..exceptions import InputError


def _source_name(path_or_file: PathOrFile) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        return os.fspath(path_or_file)
    name = getattr(path_or_file, "name", None)
    return name if isinstance(name, str) else "<file>"


def _read_text(path_or_file: PathOrFile) -> tuple[str, str]:
    """``(text, source name)`` of a path or file object; bad bytes raise InputError."""
    source = _source_name(path_or_file)
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "rb") as file:
            data: str | bytes = file.read()
    else:
        try:
            data = path_or_file.read()
        except UnicodeDecodeError as error:  # a text stream opened with the wrong encoding
            message = (
                f"the file is not {error.encoding} text ({error.reason}); open it in binary "
                "mode or with the right encoding"
            )
            raise InputError([(0, "", message)], source=source) from None
    return _as_text(data, source), source


def _as_text(data: str | bytes, source: str) -> str:
    """Decode bytes (UTF-8, with or without BOM; UTF-16 with BOM) and reject binary data."""
    if isinstance(data, bytes):
        codec = "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            codec = "utf-16"  # Excel's "Unicode text" export
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            if _looks_binary(data):
                message = "this is a binary file, not CSV or JSON text"
            else:
                byte = data[error.start : error.start + 1].hex()
                message = (
                    f"byte 0x{byte} is not UTF-8 text; save the file as UTF-8 "
                    "(in spreadsheets: 'CSV UTF-8')"
                )
            raise InputError([(line, "", message)], source=source) from None
    elif isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        raise TypeError(f"{source}: read() returned {type(data).__name__}, not str or bytes")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        message = "this is a binary file, not CSV or JSON text (it contains NUL characters)"
        raise InputError([(line, "", message)], source=source)
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return b"\x00" in sample or controls > len(sample) // 20


def _empty(source: str) -> InputError:
    return InputError([(0, "", "the file is empty")], source=source)
