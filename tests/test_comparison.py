"""Tests for cxmodel.comparison: compare, Comparison and Move."""

from __future__ import annotations

import json
import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.comparison import Comparison, Move, compare

from .strategies import efforts, names, portfolios, scores

EMOTIONAL = (0.8, 0.8, 0.2)
PROCESS = (0.8, 0.2, 0.8)
FUNCTIONAL = (0.2, 0.8, 0.8)
CENTRE = (0.8, 0.8, 0.8)
NOWHERE = (0.2, 0.2, 0.2)


def item(name: str, s: tuple[float, float, float], effort: float = 1.0) -> cx.Initiative:
    return cx.Initiative(name, *s, effort=effort)


@st.composite
def pairs(draw: st.DrawFn, max_size: int = 10) -> tuple[cx.Portfolio, cx.Portfolio]:
    """Two portfolios drawn from one pool of names: some shared, some changed, any order."""
    pool = draw(st.lists(names, max_size=max_size, unique_by=lambda s: s.strip()))
    first = {
        n: cx.Initiative(n, draw(scores), draw(scores), draw(scores), effort=draw(efforts))
        for n in pool
        if draw(st.booleans())
    }
    second = []
    for n in draw(st.permutations(pool)):
        if not draw(st.booleans()):
            continue
        if n in first and draw(st.booleans()):
            second.append(first[n])  # unchanged
        else:
            second.append(
                cx.Initiative(n, draw(scores), draw(scores), draw(scores), effort=draw(efforts))
            )
    return cx.Portfolio(first.values()), cx.Portfolio(second)


policies = st.builds(
    cx.BalancePolicy,
    max_process_share=scores,
    weight=st.sampled_from(["effort", "count"]),
)
thresholds = st.builds(cx.Thresholds, scores, scores, scores)


# --- the simple cases ------------------------------------------------------------------


@given(portfolios())
def test_identical_portfolios_change_nothing(p: cx.Portfolio) -> None:
    c = compare(p, p)
    assert c.moves == c.score_changes == c.added == c.removed == ()
    assert c.share_change == dict.fromkeys(cx.InnovationType, 0.0)
    assert c.balance_index_change == 0.0
    assert c.findings_added == c.findings_resolved == ()
    assert not c.changed
    assert "Nothing moved" in str(c)


def test_equal_copies_and_plain_lists_compare_like_portfolios() -> None:
    p = cx.example_portfolio()
    c = compare(list(p), cx.Portfolio(list(p)))
    assert not c.changed
    assert isinstance(c.before, cx.Portfolio) and c.before.names == p.names


def test_disjoint_portfolios_add_and_remove_everything() -> None:
    before = cx.Portfolio([item("A", PROCESS), item("B", EMOTIONAL)])
    after = cx.Portfolio([item("D", FUNCTIONAL), item("C", CENTRE)])
    c = compare(before, after)
    assert c.moves == ()
    assert c.added == ("D", "C")  # after's order, not sorted
    assert c.removed == ("A", "B")
    assert c.changed


def test_empty_against_something() -> None:
    after = cx.Portfolio([item("A", PROCESS, 3)])
    c = compare([], after)
    assert c.added == ("A",) and c.removed == ()
    assert c.share_change[cx.InnovationType.PROCESS] == 1.0
    assert c.findings_resolved == ("empty-portfolio",)
    assert "process-skew" in c.findings_added


def test_move_between_regions_with_scores() -> None:
    before = cx.Portfolio([item("Loyalty app", PROCESS, 4), item("Kiosk", FUNCTIONAL)])
    after = cx.Portfolio([item("Kiosk", (0.2, 0.9, 0.8)), item("Loyalty app", CENTRE, 4)])
    c = compare(before, after)
    (move,) = c.moves
    assert move == Move(
        "Loyalty app",
        cx.Region.PROCESS,
        cx.Region.CUSTOMER_EXPERIENCE,
        before_scores=PROCESS,
        after_scores=CENTRE,
    )
    assert str(move) == "Loyalty app: Process innovation -> Customer experience"
    # Kiosk's desirability changed, its region did not: a score change, not a move.
    assert [m.name for m in c.score_changes] == ["Kiosk", "Loyalty app"]
    assert not c.score_changes[0].moved
    assert c.score_changes[0].score_change == {
        "viability": 0.0,
        "desirability": 0.1,
        "feasibility": 0.0,
    }
    assert "Loyalty app: Process innovation -> Customer experience" in str(c)


def test_effort_change_alone_moves_shares_but_nothing_else() -> None:
    before = cx.Portfolio([item("A", PROCESS, 1), item("B", EMOTIONAL, 1)])
    after = cx.Portfolio([item("A", PROCESS, 3), item("B", EMOTIONAL, 1)])
    c = compare(before, after)
    assert c.moves == c.score_changes == ()
    assert c.share_change[cx.InnovationType.PROCESS] == pytest.approx(0.25)
    assert c.findings_added[0] == "process-skew"
    counted = compare(before, after, policy=cx.BalancePolicy(weight="count"))
    assert counted.share_change == dict.fromkeys(cx.InnovationType, 0.0)
    assert not counted.changed


def test_thresholds_apply_to_both_sides() -> None:
    before = cx.Portfolio([item("A", (0.6, 0.6, 0.6))])
    after = cx.Portfolio([item("A", (0.6, 0.75, 0.6))])
    assert compare(before, after).moves == ()
    strict = compare(before, after, thresholds=cx.Thresholds(desirability=0.7))
    assert [(m.name, m.before, m.after) for m in strict.moves] == [
        ("A", cx.Region.PROCESS, cx.Region.CUSTOMER_EXPERIENCE)
    ]
    assert strict.thresholds == cx.Thresholds(desirability=0.7)


# --- the rules, as properties -----------------------------------------------------------


@given(pairs(), policies, thresholds)
def test_comparison_follows_its_definition(
    pair: tuple[cx.Portfolio, cx.Portfolio], policy: cx.BalancePolicy, t: cx.Thresholds
) -> None:
    before, after = pair
    c = compare(before, after, thresholds=t, policy=policy)
    common = [n for n in after.names if n in before]
    moved = [n for n in common if cx.region(before[n], t) != cx.region(after[n], t)]
    assert [m.name for m in c.moves] == moved  # after's order
    for m in c.moves:
        assert m.before == cx.region(before[m.name], t)
        assert m.after == cx.region(after[m.name], t)
        assert m.before_scores == tuple(before[m.name].scores.values())
        assert m.after_scores == tuple(after[m.name].scores.values())
        rebuilt = Move(
            m.name, m.before, m.after, before_scores=m.before_scores, after_scores=m.after_scores
        )
        assert m == rebuilt and hash(m) == hash(rebuilt)
        assert all(type(x) is float for x in (*m.before_scores, *m.after_scores))  # type: ignore[misc]
    assert [m.name for m in c.score_changes] == [
        n for n in common if before[n].scores != after[n].scores
    ]
    assert c.added == tuple(n for n in after.names if n not in before)
    assert c.removed == tuple(n for n in before.names if n not in after)
    b = cx.check_balance(before, policy, thresholds=t, warn=False)
    a = cx.check_balance(after, policy, thresholds=t, warn=False)
    for kind in cx.InnovationType:
        assert c.share_change[kind] == a.innovation_shares[kind] - b.innovation_shares[kind]
    assert c.balance_index_change == a.balance_index - b.balance_index
    assert c.findings_added == tuple(code for code in a.codes if code not in b.codes)
    assert c.findings_resolved == tuple(code for code in b.codes if code not in a.codes)


@given(pairs(), policies)
def test_compare_mirrors_when_swapped(
    pair: tuple[cx.Portfolio, cx.Portfolio], policy: cx.BalancePolicy
) -> None:
    a, b = pair
    forward, back = compare(a, b, policy=policy), compare(b, a, policy=policy)
    # Same moves, before and after swapped (each list in its own `after`'s order).
    assert {m.name: m.reversed() for m in forward.moves} == {m.name: m for m in back.moves}
    assert {m.name: m.reversed() for m in forward.score_changes} == {
        m.name: m for m in back.score_changes
    }
    assert forward.added == back.removed and forward.removed == back.added
    assert forward.share_change == {t: -v for t, v in back.share_change.items()}
    assert forward.balance_index_change == -back.balance_index_change
    assert forward.findings_added == back.findings_resolved
    assert forward.findings_resolved == back.findings_added


@given(pairs())
def test_to_dict_is_json_ready_and_matches_attributes(
    pair: tuple[cx.Portfolio, cx.Portfolio],
) -> None:
    c = compare(*pair)
    data = c.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data)[:7] == [
        "moves",
        "added",
        "removed",
        "share_change",
        "balance_index_change",
        "findings_added",
        "findings_resolved",
    ]
    assert [(m["name"], m["before"], m["after"]) for m in data["moves"]] == [
        (m.name, m.before.name, m.after.name) for m in c.moves
    ]
    assert data["added"] == list(c.added) and data["removed"] == list(c.removed)
    assert data["share_change"] == {t.value: v for t, v in c.share_change.items()}
    assert data["before"] == c.before_report.to_dict()
    assert data["after"] == c.after_report.to_dict()
    assert json.loads(c.to_json()) == data


# --- text and HTML ---------------------------------------------------------------------


def test_text_names_every_change_and_the_shares() -> None:
    before = cx.Portfolio([item("Loyalty app", PROCESS, 4), item("Fax line", NOWHERE)])
    after = cx.Portfolio([item("Loyalty app", CENTRE, 4), item("Price $9 <b>", EMOTIONAL)])
    text = str(compare(before, after))
    assert "Loyalty app: Process innovation -> Customer experience" in text
    assert 'Added (1): "Price $9 <b>"' in text
    assert 'Removed (1): "Fax line"' in text
    for kind in cx.InnovationType:
        assert kind.value in text
    assert "Resolved findings: process-skew" in text


def test_text_shortens_long_lists() -> None:
    before = cx.Portfolio([item(f"n{k}", PROCESS) for k in range(30)])
    after = cx.Portfolio([item(f"n{k}", CENTRE) for k in range(30)] + [item("new", EMOTIONAL)])
    text = str(compare(before, after))
    assert "Moved to another region (30):" in text
    assert "and 10 more" in text
    assert "n19: Process" in text and "n20: Process" not in text


def test_html_escapes_names_and_lists_finding_messages() -> None:
    before = cx.Portfolio([item("<script>", PROCESS, 4)])
    after = cx.Portfolio([item("<script>", CENTRE, 4), item("A & B", EMOTIONAL)])
    c = compare(before, after)
    page = c._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "A &amp; B" in page
    assert "process-skew" in page
    assert cx.check_balance(before, warn=False).findings[0].message.split(":")[0] in page
    assert page.startswith("<div>") and page.endswith("</div>")


def test_no_warnings_are_emitted(recwarn: pytest.WarningsRecorder) -> None:
    skewed = cx.Portfolio([item("A", PROCESS, 9), item("B", EMOTIONAL)])
    compare(skewed, skewed)
    assert not recwarn.list


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after", "field"), [("x", [], "before"), ([], 3, "after")])
def test_bad_portfolios_name_the_side(before: object, after: object, field: str) -> None:
    with pytest.raises(cx.FieldError) as error:
        compare(before, after)  # type: ignore[arg-type]
    assert error.value.field == field
    assert isinstance(error.value, ValueError)


def test_bad_items_and_duplicates() -> None:
    with pytest.raises(cx.FieldError, match="item 2"):
        compare([item("A", PROCESS), "B"], [])  # type: ignore[list-item]
    with pytest.raises(cx.DuplicateNameError):
        compare([], [item("A", PROCESS), item("A", CENTRE)])


@pytest.mark.parametrize(
    ("options", "field"),
    [({"policy": 0.5}, "policy"), ({"thresholds": (0.5, 0.5, 0.5)}, "thresholds")],
)
def test_bad_settings_name_the_option(options: dict[str, object], field: str) -> None:
    with pytest.raises(cx.FieldError) as error:
        compare([], [], **options)  # type: ignore[arg-type]
    assert error.value.field == field


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (("", 0, 0), {}, "name"),
        ((None, 0, 0), {}, "name"),
        (("A", 8, 0), {}, "region"),
        (("A", "SOMEWHERE", 0), {}, "region"),
        (("A", True, 0), {}, "region"),
        (("A", 1.0, 0), {}, "region"),
        (("A", 0, 0), {"before_scores": (0.5, 0.5)}, "scores"),
        (("A", 0, 0), {"before_scores": "0.5"}, "scores"),
        (("A", 0, 0), {"after_scores": (0.5, 0.5, 1.5)}, "feasibility"),
        (("A", 0, 0), {"after_scores": (0.5, math.nan, 0.5)}, "desirability"),
    ],
)
def test_move_validates(args: tuple[object, ...], kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(cx.FieldError) as error:
        Move(*args, **kwargs)  # type: ignore[arg-type]
    assert error.value.field == field


def test_move_accepts_codes_names_and_score_dicts() -> None:
    m = Move(
        "A",
        5,
        "CUSTOMER_EXPERIENCE",
        after_scores={"viability": 1, "desirability": 0.5, "feasibility": 0},
    )
    assert (m.before, m.after) == (cx.Region.PROCESS, cx.Region.CUSTOMER_EXPERIENCE)
    assert m.after_scores == (1.0, 0.5, 0.0)
    assert m.score_change is None
    with pytest.raises(AttributeError):
        m.name = "B"  # type: ignore[misc]
    assert hash(m) == hash(Move("A", 5, 7, after_scores=(1, 0.5, 0)))


def test_comparison_validates_its_fields() -> None:
    c = compare([], [])
    with pytest.raises(TypeError):
        attrs.evolve(c, moves=("x",))
    with pytest.raises(TypeError):
        attrs.evolve(c, added=["A"])
    assert isinstance(attrs.evolve(c, added=("A",)), Comparison)
