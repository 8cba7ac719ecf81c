"""Property-based fuzzing of the readers: arbitrary input gives a portfolio or a CxModelError.

Whatever bytes, documents or records arrive, the readers either return a
portfolio -- one that can be written again and reads back the same -- or raise
a :class:`~cxmodel.CxModelError` (an :class:`~cxmodel.InputError` for bad
content, a :class:`~cxmodel.FieldError` for bad arguments): never another
exception, never a hang (sizes are bounded and every example has a deadline).
"""

from __future__ import annotations

import io
import json
import math
import warnings
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.io import read_any, read_csv, read_json
from cxmodel.model import FIELDS

FUZZ = settings(
    max_examples=200,
    deadline=2000,  # milliseconds: a hang or a quadratic blow-up fails the example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

SEPARATORS = list(",;\t|\"'\r\n %=+-@[]{}\\\x00\ufeff")


def outcome(read: Callable[[], cx.Portfolio]) -> cx.Portfolio | None:
    """The portfolio ``read`` returns, or None when it raises a CxModelError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.CxModelWarning)  # e.g. "read as Windows-1252"
        try:
            return read()
        except cx.CxModelError:
            return None


def writes_back(p: cx.Portfolio) -> None:
    """What loaded can be written, and the JSON reads back the same portfolio."""
    text = p.to_json() or ""
    assert read_json(io.StringIO(text)) == p
    try:
        csv_text = p.to_csv() or ""
    except cx.FieldError:  # a NUL character, which CSV cannot hold (the message says so)
        return
    assert read_csv(io.StringIO(csv_text, newline="")) == p


# --- strategies ------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "a\udfff b", "\x1b[31mred", "=HYPERLINK(1)"]),  # hostile text
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)


json_values = st.recursive(scalars, _containers, max_leaves=20)
field_keys = st.sampled_from([*FIELDS, "Name", "business", "other", ""])
cell_values = st.one_of(
    json_values,
    st.sampled_from(["0.5", "70%", "0,3", " 1 ", "", "nan", "-0", "1e999", "high", "'=1"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.floats(min_value=0, max_value=1),
)
records = st.lists(st.dictionaries(field_keys, cell_values, max_size=8), max_size=6)
score_text = st.sampled_from(["0", "1", "0.5", "0,25", "70%", "", "x", "2", "-1", "1e999"])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Texts near CSV: a real header, then cells of scores, separators and noise."""
    header = draw(st.sampled_from([
        "name,viability,desirability,feasibility",
        "Idea;Business;People;Technology;effort;tags",
        "name\tviability\tdesirability\tfeasibility\tdepends_on",
        "",
    ]))  # fmt: skip
    cell = st.one_of(score_text, st.text(st.sampled_from([*SEPARATORS, "a", "1"]), max_size=6))
    rows = draw(st.lists(st.lists(cell, max_size=7), max_size=8))
    delimiter = draw(st.sampled_from(SEPARATORS[:4]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join([header, *(delimiter.join(row) for row in rows)])


# --- the properties -------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data: bytes) -> None:
    for read in (read_csv, read_json, read_any):
        p = outcome(lambda read=read: read(io.BytesIO(data)))  # type: ignore[misc]
        if p is not None:
            writes_back(p)


@FUZZ
@given(csv_texts())
def test_csv_like_text(text: str) -> None:
    for read in (read_csv, read_any):
        p = outcome(lambda read=read: read(io.StringIO(text, newline="")))  # type: ignore[misc]
        if p is not None:
            writes_back(p)
    p = outcome(lambda: read_csv(io.BytesIO(text.encode("utf-8", "surrogatepass"))))
    if p is not None:
        writes_back(p)


@FUZZ
@given(json_values)
def test_arbitrary_json_documents(document: Any) -> None:
    text = json.dumps(document)
    p = outcome(lambda: read_json(io.StringIO(text)))
    if p is not None:
        writes_back(p)


@FUZZ
@given(st.integers(1, 6000), st.sampled_from(["[", '{"a":', '[{"name":']), st.booleans())
def test_deeply_nested_documents(depth: int, opening: str, closed: bool) -> None:
    closing = {"[": "]", '{"a":': "}", '[{"name":': "}]"}[opening]
    text = opening * depth + "1" + (closing * depth if closed else "")
    for read in (read_json, read_any):
        assert outcome(lambda read=read: read(io.StringIO(text))) is None  # type: ignore[misc]


@FUZZ
@given(records, st.booleans())
def test_arbitrary_json_records(items: list[dict[str, Any]], wrapped: bool) -> None:
    document: Any = {"initiatives": items} if wrapped else items
    text = json.dumps(document)
    p = outcome(lambda: read_json(io.StringIO(text)))
    if p is not None:
        writes_back(p)
        assert len(p) == len(items)


@FUZZ
@given(records, st.sampled_from([None, cx.Scale.likert(5), cx.Scale(0, 100)]))
def test_arbitrary_records(items: list[dict[str, Any]], scale: cx.Scale | None) -> None:
    p = outcome(lambda: cx.Portfolio.from_records(items, scale=scale))
    if p is not None:
        writes_back(p)
        assert all(0.0 <= v <= 1.0 for v in p.viability.tolist())
        assert all(math.isfinite(e) and e > 0 for e in p.effort.tolist())


@FUZZ
@given(st.lists(st.one_of(scalars, st.lists(scalars, max_size=2)), max_size=6))
def test_arbitrary_items_as_records(items: list[Any]) -> None:
    p = outcome(lambda: cx.Portfolio.from_records(items))
    assert p is None or len(p) == len(items) == 0
