"""Hypothesis strategies for scores, thresholds, initiatives and portfolios."""

from __future__ import annotations

from hypothesis import strategies as st

import cxmodel as cx

#: Values a threshold or score is likely to sit exactly on, to exercise ``>=``.
EDGES = (0.0, 0.25, 0.5, 0.7, 0.75, 1.0)

#: Any score in [0, 1], with the edges (and exact threshold values) over-represented.
scores = st.one_of(
    st.sampled_from(EDGES),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False, allow_subnormal=False),
)

thresholds = st.builds(cx.Thresholds, scores, scores, scores)

efforts = st.one_of(
    st.sampled_from((0.5, 1.0, 2.0, 8.0)),
    st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False),
)

#: Names that stress file formats: unicode, separators, quotes, newlines, formula prefixes.
names = st.one_of(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["=SUM(A1)", "+1", "-x", "@home", "a,b", 'say "hi"', "two\nlines", "é 🎉"]),
).filter(lambda s: bool(s.strip()))

tags = st.lists(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=8,
    ).filter(lambda s: bool(s.strip()) and ";" not in s),
    max_size=3,
)


@st.composite
def initiatives(draw: st.DrawFn, name: str | None = None) -> cx.Initiative:
    """An initiative with arbitrary scores and effort."""
    return cx.Initiative(
        draw(names) if name is None else name,
        draw(scores),
        draw(scores),
        draw(scores),
        effort=draw(efforts),
        tags=draw(tags),
    )


@st.composite
def portfolios(draw: st.DrawFn, max_size: int = 12) -> cx.Portfolio:
    """A portfolio of initiatives with unique names."""
    unique = draw(st.lists(names, max_size=max_size, unique_by=lambda s: s.strip()))
    return cx.Portfolio([draw(initiatives(name=n)) for n in unique])


#: Values of the optional customer-experience fields (None means "not given").
optional_scores = st.one_of(st.none(), scores)
stakeholders = st.lists(
    st.sampled_from(["customers", "employees", "partners", "suppliers", "society", "investors"]),
    max_size=3,
    unique=True,
)


@st.composite
def customer_initiatives(draw: st.DrawFn, name: str | None = None) -> cx.Initiative:
    """An initiative that may carry any of the optional customer-experience fields."""
    return draw(initiatives(name=name)).evolve(
        stated_desire=draw(optional_scores),
        value_driver=draw(optional_scores),
        customer_desirability=draw(optional_scores),
        stages=draw(st.lists(st.sampled_from(list(cx.Stage)), max_size=4)),
        channel=draw(st.one_of(st.none(), st.sampled_from(list(cx.Channel)))),
        stakeholders=draw(stakeholders),
    )


@st.composite
def customer_portfolios(draw: st.DrawFn, max_size: int = 12) -> cx.Portfolio:
    """A portfolio of :func:`customer_initiatives` with unique names."""
    unique = draw(st.lists(names, max_size=max_size, unique_by=lambda s: s.strip()))
    return cx.Portfolio([draw(customer_initiatives(name=n)) for n in unique])


# --- every field of Initiative, for file round trips (appended for tests/test_io.py) ---

#: Text that stresses CSV and spreadsheets: separators, quotes, line breaks, formula
#: prefixes, leading apostrophes and brackets, surrounding spaces (NUL is left out:
#: CSV cannot hold it).
file_texts = st.one_of(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\0"),
        max_size=20,
    ),
    st.sampled_from(["=1+1", "'=x", "''", "'Tis", "@a;b", "[x]", " -1 ", "\t=x", "a\r\nb"]),
)

#: List items: non-blank, but may hold ``;``, quotes, brackets and surrounding spaces.
items = st.lists(file_texts.filter(lambda s: bool(s.strip())), max_size=3)

optional_scores = st.none() | scores


@st.composite
def full_initiatives(draw: st.DrawFn, name: str) -> cx.Initiative:
    """An initiative with every optional field drawn as well."""
    return cx.Initiative(
        name,
        draw(scores),
        draw(scores),
        draw(scores),
        effort=draw(efforts),
        tags=draw(items),
        depends_on=draw(items),
        description=draw(file_texts),
        stated_desire=draw(optional_scores),
        value_driver=draw(optional_scores),
        customer_desirability=draw(optional_scores),
        stages=draw(st.lists(st.sampled_from(cx.Stage), max_size=3)),
        channel=draw(st.none() | st.sampled_from(cx.Channel)),
        stakeholders=draw(items),
    )


@st.composite
def full_portfolios(draw: st.DrawFn, max_size: int = 8) -> cx.Portfolio:
    """A portfolio of initiatives that use every field, with unique names."""
    unique = draw(
        st.lists(
            names | file_texts.filter(lambda s: bool(s.strip())),
            max_size=max_size,
            unique_by=lambda s: s.strip(),
        )
    )
    return cx.Portfolio([draw(full_initiatives(name=n)) for n in unique])
