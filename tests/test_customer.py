"""Tests of the wider customer-experience material (cxmodel.customer)."""

from __future__ import annotations

import json
import math
from io import StringIO

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.customer import STAKEHOLDERS

from . import strategies as cs

Q = cx.DesireQuadrant
S = cx.Stage
T = cx.InnovationType


def desire(stated: float | None, value: float | None) -> cx.Initiative:
    return cx.Initiative("idea", 0.5, 0.5, 0.5, stated_desire=stated, value_driver=value)


def below(x: float) -> float:
    """The largest float below ``x``."""
    return float(np.nextafter(x, -np.inf))


# --- desire_quadrant ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "value", "expected"),
    [
        (0.5, 0.5, Q.CONSCIOUS),  # exactly on the threshold passes (inclusive)
        (below(0.5), 0.5, Q.SUBCONSCIOUS),
        (0.5, below(0.5), Q.DECEPTION),
        (below(0.5), below(0.5), Q.INVISIBLE),
        (1.0, 1.0, Q.CONSCIOUS),
        (0.0, 0.0, Q.INVISIBLE),
    ],
)
def test_desire_quadrant_boundaries_are_inclusive(
    stated: float, value: float, expected: cx.DesireQuadrant
) -> None:
    assert cx.desire_quadrant(desire(stated, value)) is expected


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.7, 1.0])
def test_desire_quadrant_threshold_is_inclusive(threshold: float) -> None:
    assert cx.desire_quadrant(desire(threshold, threshold), threshold) is Q.CONSCIOUS
    if threshold > 0:
        low = below(threshold)
        assert cx.desire_quadrant(desire(low, low), threshold) is Q.INVISIBLE


@pytest.mark.parametrize(("stated", "value"), [(None, 0.9), (0.9, None), (None, None)])
def test_desire_quadrant_is_none_when_a_score_is_missing(
    stated: float | None, value: float | None
) -> None:
    assert cx.desire_quadrant(desire(stated, value)) is None


@pytest.mark.parametrize("threshold", [-0.1, 1.5, math.nan, math.inf, "0.5", True, None])
def test_desire_quadrant_rejects_bad_thresholds(threshold: object) -> None:
    with pytest.raises(cx.ScoreError, match="threshold") as info:
        cx.desire_quadrant(desire(0.5, 0.5), threshold)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert info.value.field == "threshold"
    assert repr(threshold) in str(info.value)


def test_desire_quadrant_rejects_non_initiatives() -> None:
    with pytest.raises(cx.FieldError, match="initiative"):
        cx.desire_quadrant({"stated_desire": 0.5})  # type: ignore[arg-type]


@given(cs.optional_scores, cs.optional_scores, cs.scores)
def test_desire_quadrant_answers_the_two_questions(
    stated: float | None, value: float | None, threshold: float
) -> None:
    quadrant = cx.desire_quadrant(desire(stated, value), threshold)
    if stated is None or value is None:
        assert quadrant is None
        return
    says = quadrant in (Q.CONSCIOUS, Q.DECEPTION)
    drives = quadrant in (Q.CONSCIOUS, Q.SUBCONSCIOUS)
    assert says == (stated >= threshold)
    assert drives == (value >= threshold)


def test_desire_quadrants_of_a_portfolio_in_order() -> None:
    p = cx.Portfolio(
        [
            cx.Initiative("b", 0.5, 0.5, 0.5, stated_desire=0.9, value_driver=0.1),
            cx.Initiative("a", 0.5, 0.5, 0.5),
        ]
    )
    assert cx.desire_quadrants(p) == {"b": Q.DECEPTION, "a": None}
    assert list(cx.desire_quadrants(p)) == ["b", "a"]
    with pytest.raises(cx.ScoreError, match="threshold"):
        cx.desire_quadrants(p, 2)


@given(cs.portfolios(), st.floats(0, 1))
def test_desire_quadrants_agree_with_desire_quadrant(p: cx.Portfolio, threshold: float) -> None:
    # desire_quadrants reads the columns; it must answer as the per-initiative function does.
    expected = {i.name: cx.desire_quadrant(i, threshold) for i in p}
    assert cx.desire_quadrants(p, threshold) == expected
    assert cx.desire_quadrants(list(p), threshold) == expected


# --- journey_coverage -----------------------------------------------------------------


def staged(name: str, v: float, d: float, f: float, effort: float, *stages: str) -> cx.Initiative:
    return cx.Initiative(name, v, d, f, effort=effort, stages=stages)


def test_journey_coverage_splits_effort_among_stages_and_types() -> None:
    p = cx.Portfolio(
        [
            staged("emotional", 0.9, 0.9, 0.1, 4.0, "cultivation", "advocacy"),
            staged("centre", 0.9, 0.9, 0.9, 3.0, "use"),
            staged("process", 0.9, 0.1, 0.9, 2.0, "use"),
            staged("gadget", 0.1, 0.1, 0.9, 5.0, "use", "purchase"),
            cx.Initiative("back office", 0.9, 0.1, 0.9, effort=7.0),
        ]
    )
    c = cx.journey_coverage(p)
    assert c.effort[S.CULTIVATION] == {T.EMOTIONAL: 2.0, T.PROCESS: 0.0, T.FUNCTIONAL: 0.0}
    assert c.effort[S.ADVOCACY][T.EMOTIONAL] == 2.0
    # the centre gives one third to each kind; process all to process
    assert c.effort[S.USE][T.EMOTIONAL] == pytest.approx(1.0)
    assert c.effort[S.USE][T.PROCESS] == pytest.approx(3.0)
    assert c.effort[S.USE][T.FUNCTIONAL] == pytest.approx(1.0)
    # no innovation: kept apart as other effort, split among its two stages
    assert c.other[S.USE] == 2.5
    assert c.other[S.PURCHASE] == 2.5
    assert c.totals[S.USE] == pytest.approx(7.5)
    assert c.counts[S.USE] == 3
    assert c.initiatives[S.USE] == ("centre", "process", "gadget")
    assert c.unstaged == ("back office",)
    assert c.total_effort == pytest.approx(4 + 3 + 2 + 5)
    assert c.missing == (S.ATTRACTION, S.DISCOVERY, S.AWARENESS, S.INTERACTION)
    assert c.has_stages


def test_journey_missing_stages_are_in_journey_order() -> None:
    # stages given in reverse order; missing still comes out in journey order
    p = cx.Portfolio([staged("a", 0.5, 0.5, 0.5, 1.0, "advocacy", "purchase", "attraction")])
    assert cx.journey_coverage(p).missing == (
        S.DISCOVERY,
        S.AWARENESS,
        S.INTERACTION,
        S.CULTIVATION,
        S.USE,
    )
    assert list(S) == sorted(S, key=list(S).index)


def test_journey_repeated_stage_counts_once() -> None:
    p = cx.Portfolio([staged("a", 0.9, 0.9, 0.1, 6.0, "use", "use", "purchase")])
    c = cx.journey_coverage(p)
    assert c.effort[S.USE][T.EMOTIONAL] == 3.0
    assert c.counts[S.USE] == 1
    assert c.total_effort == 6.0


def test_journey_coverage_without_stage_data() -> None:
    for p in (cx.Portfolio(), cx.Portfolio([cx.Initiative("a", 0.9, 0.9, 0.9)])):
        c = cx.journey_coverage(p)
        assert c.missing == tuple(S)
        assert not c.has_stages
        assert c.total_effort == 0.0
        assert all(v == 0.0 for kinds in c.effort.values() for v in kinds.values())
        assert "No initiative names a journey stage" in str(c)


def test_journey_coverage_uses_thresholds() -> None:
    p = cx.Portfolio([staged("a", 0.6, 0.6, 0.1, 1.0, "use")])
    assert cx.journey_coverage(p).effort[S.USE][T.EMOTIONAL] == 1.0
    strict = cx.journey_coverage(p, thresholds=cx.Thresholds.uniform(0.7))
    assert strict.effort[S.USE][T.EMOTIONAL] == 0.0
    assert strict.other[S.USE] == 1.0
    assert strict.thresholds == cx.Thresholds.uniform(0.7)


def test_journey_coverage_accepts_an_iterable_of_initiatives() -> None:
    items = [staged("a", 0.9, 0.9, 0.1, 1.0, "use")]
    assert cx.journey_coverage(items) == cx.journey_coverage(cx.Portfolio(items))
    with pytest.raises(cx.FieldError, match="initiatives"):
        cx.journey_coverage([{"name": "a"}])  # type: ignore[list-item]


@given(cs.customer_portfolios(), cs.thresholds)
def test_journey_coverage_sums_match_portfolio_effort(
    p: cx.Portfolio, thresholds: cx.Thresholds
) -> None:
    c = cx.journey_coverage(p, thresholds=thresholds)
    on_journey = [i for i in p if i.stages]
    assert c.total_effort == pytest.approx(sum(i.effort for i in on_journey))
    assert set(c.unstaged) == {i.name for i in p if not i.stages}
    for stage in S:
        assert list(c.effort[stage]) == list(T)
        assert all(v >= 0.0 for v in c.effort[stage].values())
        assert c.other[stage] >= -1e-12
        assert (stage in c.missing) == (c.counts[stage] == 0)
        assert c.counts[stage] == sum(stage in i.stages for i in p)
    assert list(c.missing) == [s for s in S if s in c.missing]
    # innovation effort per kind equals the effort of innovations of that kind
    expected = dict.fromkeys(T, 0.0)
    for i in on_journey:
        types = cx.region(i, thresholds).innovation_types
        for t in types:
            expected[t] += i.effort / len(types)
    assert c.type_totals == pytest.approx(expected)


def test_journey_coverage_to_dict_str_and_html() -> None:
    p = cx.Portfolio(
        [
            staged("<b>community</b>", 0.9, 0.9, 0.1, 4.0, "advocacy"),
            cx.Initiative("back & office", 0.9, 0.1, 0.9),
        ]
    )
    c = cx.journey_coverage(p)
    data = json.loads(json.dumps(c.to_dict()))
    assert data["missing"] == [s.value for s in S if s is not S.ADVOCACY]
    assert data["effort"]["advocacy"] == {"emotional": 4.0, "process": 0.0, "functional": 0.0}
    assert data["counts"]["advocacy"] == 1
    assert data["initiatives"]["advocacy"] == ["<b>community</b>"]
    assert data["unstaged"] == ["back & office"]
    text = str(c)
    assert "Stages with no initiative: attraction, discovery" in text
    assert "Not on the journey: back & office" in text
    advocacy = next(line for line in text.splitlines() if line.startswith("advocacy"))
    assert advocacy.split() == ["advocacy", "1", "4", "-", "-", "-", "4"]
    page = c._repr_html_()
    assert page.count("<tr") == 1 + len(S)
    assert "back &amp; office" in page
    assert "back & office" not in page


def test_journey_coverage_str_when_every_stage_is_covered() -> None:
    p = cx.Portfolio([staged("all", 0.5, 0.5, 0.5, 8.0, *(s.value for s in S))])
    c = cx.journey_coverage(p)
    assert c.missing == ()
    assert "Every stage of the journey" in str(c)
    assert c.totals == dict.fromkeys(S, 1.0)


# --- channels and stakeholders -----------------------------------------------------------


def test_channel_shares() -> None:
    p = cx.Portfolio(
        [
            cx.Initiative("a", 0.5, 0.5, 0.5, effort=2, channel="human"),
            cx.Initiative("b", 0.5, 0.5, 0.5, effort=1, channel=cx.Channel.BOTH),
            cx.Initiative("c", 0.5, 0.5, 0.5, effort=1, channel="Technical"),
            cx.Initiative("d", 0.5, 0.5, 0.5, effort=100),  # no channel: not counted
        ]
    )
    shares = cx.channel_shares(p)
    assert list(shares) == list(cx.Channel)
    assert shares == {cx.Channel.HUMAN: 0.5, cx.Channel.TECHNICAL: 0.25, cx.Channel.BOTH: 0.25}


def test_channel_shares_without_channels_are_zero() -> None:
    assert cx.channel_shares(cx.Portfolio()) == dict.fromkeys(cx.Channel, 0.0)
    assert cx.channel_shares([cx.Initiative("a", 1, 1, 1)]) == dict.fromkeys(cx.Channel, 0.0)


def test_stakeholder_coverage_normalises_and_orders_names() -> None:
    p = cx.Portfolio(
        [
            cx.Initiative("a", 0.5, 0.5, 0.5, effort=3, stakeholders=["Customer", "Investors"]),
            cx.Initiative("b", 0.5, 0.5, 0.5, effort=1, stakeholders=[" EMPLOYEES ", "employee"]),
            cx.Initiative("c", 0.5, 0.5, 0.5, effort=1, stakeholders=["banks"]),
            cx.Initiative("d", 0.5, 0.5, 0.5, effort=9),  # no stakeholders: not counted
        ]
    )
    shares = cx.stakeholder_coverage(p)
    assert list(shares) == [*STAKEHOLDERS, "banks", "investors"]
    assert shares["customers"] == pytest.approx(0.3)
    assert shares["investors"] == pytest.approx(0.3)
    assert shares["employees"] == pytest.approx(0.2)  # one stakeholder written twice
    assert shares["banks"] == pytest.approx(0.2)
    assert shares["society"] == 0.0


def test_stakeholder_coverage_without_data() -> None:
    assert cx.stakeholder_coverage(cx.Portfolio()) == dict.fromkeys(STAKEHOLDERS, 0.0)


@given(cs.customer_portfolios())
def test_channel_and_stakeholder_shares_sum_to_one(p: cx.Portfolio) -> None:
    for shares, has_data in (
        (cx.channel_shares(p), any(i.channel for i in p)),
        (cx.stakeholder_coverage(p), any(i.stakeholders for i in p)),
    ):
        assert all(0.0 <= s <= 1.0 for s in shares.values())
        assert sum(shares.values()) == pytest.approx(1.0 if has_data else 0.0)


# --- perception_gap -----------------------------------------------------------------


def rated(name: str, company: float, customer: float | None) -> cx.Initiative:
    return cx.Initiative(name, 0.5, company, 0.5, customer_desirability=customer)


def test_perception_gap_orders_and_filters() -> None:
    p = cx.Portfolio(
        [
            rated("small", 0.6, 0.5),  # gap 0.1 < 0.2
            rated("big", 0.9, 0.2),  # gap 0.7
            rated("unmeasured", 0.9, None),
            rated("customers like it more", 0.3, 0.9),
            rated("medium", 0.8, 0.4),  # gap 0.4
            rated("edge", 0.7, 0.5),  # 0.7 - 0.5 is 0.19999... in floats: still 0.2
        ]
    )
    gaps = cx.perception_gap(p)
    assert [g.name for g in gaps] == ["big", "medium", "edge"]
    for g in gaps:
        assert g.gap == g.company - g.customer
        assert g.company == p[g.name].desirability
        assert g.customer == p[g.name].customer_desirability
    assert gaps[0] == cx.PerceptionGap("big", 0.9, 0.2, 0.9 - 0.2)


def test_perception_gap_min_gap_is_inclusive() -> None:
    p = cx.Portfolio([rated("a", 0.8, 0.5), rated("b", 0.5, 0.5)])
    assert [g.name for g in cx.perception_gap(p, min_gap=0.3)] == ["a"]
    assert cx.perception_gap(p, min_gap=below(0.3) + 1e-6) == ()
    assert [g.name for g in cx.perception_gap(p, min_gap=0.0)] == ["a", "b"]
    assert cx.perception_gap(p, min_gap=1.0) == ()
    assert len(cx.perception_gap([rated("c", 1.0, 0.0)], min_gap=1.0)) == 1


def test_perception_gap_ties_keep_portfolio_order() -> None:
    p = cx.Portfolio([rated("z", 0.9, 0.5), rated("a", 0.8, 0.4), rated("m", 1.0, 0.2)])
    assert [g.name for g in cx.perception_gap(p)] == ["m", "z", "a"]


@pytest.mark.parametrize("min_gap", [-0.2, -1e-12, 1.5, math.nan, "0.2", None, True])
def test_perception_gap_rejects_bad_min_gap(min_gap: object) -> None:
    with pytest.raises(cx.ScoreError, match="min_gap") as info:
        cx.perception_gap(cx.Portfolio(), min_gap=min_gap)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert info.value.field == "min_gap"
    assert repr(min_gap) in str(info.value)


def test_perception_gap_min_gap_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        cx.perception_gap(cx.Portfolio(), 0.2)  # type: ignore[misc]


@given(cs.customer_portfolios(), cs.scores)
def test_perception_gap_properties(p: cx.Portfolio, min_gap: float) -> None:
    gaps = cx.perception_gap(p, min_gap=min_gap)
    assert [g.gap for g in gaps] == sorted((g.gap for g in gaps), reverse=True)
    names = {g.name for g in gaps}
    for i in p:
        if i.customer_desirability is None:
            assert i.name not in names
        else:
            gap = i.desirability - i.customer_desirability
            assert (i.name in names) == (gap >= min_gap - 1e-9)


def test_perception_gap_to_dict_and_str() -> None:
    g = cx.PerceptionGap("Loyalty app", 0.8, 0.45, 0.35)
    assert g.to_dict() == {"name": "Loyalty app", "company": 0.8, "customer": 0.45, "gap": 0.35}
    assert str(g) == "Loyalty app: company 0.80, customers 0.45, gap 0.35"


# --- strategy vocabulary -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "term"),
    [
        ("customer voice", cx.BuildingBlock.CUSTOMER_VOICE),
        ("Customer-Voice", cx.BuildingBlock.CUSTOMER_VOICE),
        ("INTERNAL_BRANDING", cx.BuildingBlock.INTERNAL_BRANDING),
        ("cx innovation", cx.BuildingBlock.CX_INNOVATION),
        ("co-created", cx.RelationModel.CO_CREATED),
        ("Shared value", cx.RelationModel.SHARED_VALUE),
    ],
)
def test_strategy_terms_match_tags_with_parse(tag: str, term: object) -> None:
    i = cx.Initiative("a", 0.5, 0.5, 0.5, tags=["unrelated", tag])
    assert cx.strategy_terms(i) == (term,)


def test_strategy_terms_dedupe_and_reject_non_initiatives() -> None:
    i = cx.Initiative("a", 0.5, 0.5, 0.5, tags=["platform", "Platform", "branding"])
    assert cx.strategy_terms(i) == (cx.RelationModel.PLATFORM, cx.BuildingBlock.BRANDING)
    with pytest.raises(cx.FieldError, match="initiative"):
        cx.strategy_terms("platform")  # type: ignore[arg-type]


def test_building_block_summary() -> None:
    p = cx.Portfolio(
        [
            cx.Initiative("a", 0.5, 0.5, 0.5, effort=2, tags=["branding", "coalition"]),
            cx.Initiative("b", 0.5, 0.5, 0.5, effort=6, tags=["Branding", "branding"]),
            cx.Initiative("c", 0.5, 0.5, 0.5, effort=2, tags=["crm"]),
        ]
    )
    summary = cx.building_block_summary(p)
    assert list(summary) == [*cx.BuildingBlock, *cx.RelationModel]
    branding = summary[cx.BuildingBlock.BRANDING]
    assert (branding.names, branding.count, branding.effort) == (("a", "b"), 2, 8.0)
    assert branding.share == pytest.approx(0.8)
    coalition = summary[cx.RelationModel.COALITION]
    assert (coalition.names, coalition.effort, coalition.share) == (("a",), 2.0, 0.2)
    assert summary[cx.BuildingBlock.CUSTOMER_VOICE].count == 0
    assert json.loads(json.dumps(coalition.to_dict())) == {
        "kind": "RelationModel",
        "term": "coalition",
        "names": ["a"],
        "count": 1,
        "effort": 2.0,
        "share": 0.2,
    }


def test_building_block_summary_of_an_empty_portfolio() -> None:
    summary = cx.building_block_summary(cx.Portfolio())
    assert all(s.count == 0 and s.effort == 0.0 and s.share == 0.0 for s in summary.values())


@given(st.data())
def test_vocabulary_members_round_trip_as_tags(data: st.DataObject) -> None:
    term = data.draw(st.sampled_from([*cx.BuildingBlock, *cx.RelationModel]))
    spelling = data.draw(st.sampled_from([term.value, term.name, term.value.replace("_", " ")]))
    i = cx.Initiative("a", 0.5, 0.5, 0.5, tags=[spelling])
    assert cx.strategy_terms(i) == (term,)


# --- balance findings ------------------------------------------------------------------

CUSTOMER_CODES = (
    "desire-deception",
    "subconscious-opportunity",
    "perception-gap",
    "no-employees",
    "journey-gap",
)


def codes_of(p: cx.Portfolio, **kwargs: object) -> tuple[str, ...]:
    return cx.check_balance(p, warn=False, **kwargs).codes  # type: ignore[arg-type]


def test_customer_findings_on_the_example_portfolio() -> None:
    report = cx.check_balance(cx.example_portfolio(), warn=False)
    found = {f.code: f for f in report.findings}
    assert {
        "desire-deception",
        "subconscious-opportunity",
        "perception-gap",
        "journey-gap",
    } <= set(found)
    assert "no-employees" not in found  # the example serves employees
    for code in CUSTOMER_CODES:
        if code in found:
            assert found[code].severity == "info"
    assert found["desire-deception"].initiatives == (
        "Facebook page without two-way conversation",
        "Gadget mode with twelve extra settings",
        "Voice assistant on the toaster",
    )
    assert "feature-bloat risk" in found["desire-deception"].message
    assert "more than half" in found["subconscious-opportunity"].message.lower()
    assert "attraction, discovery" in found["journey-gap"].message
    # perception-gap names its initiatives in portfolio order, its message largest gap first
    gap = found["perception-gap"]
    assert gap.initiatives == (
        "Member events with a deep emotional connection",
        "Loyalty programme with two-way feedback",
    )
    assert gap.message.index("Loyalty") < gap.message.index("Member events")


@given(cs.portfolios(), cs.thresholds)
def test_portfolios_without_the_new_fields_get_the_same_report(
    p: cx.Portfolio, thresholds: cx.Thresholds
) -> None:
    from cxmodel.findings.portfolio import RULES as PORTFOLIO_RULES

    report = cx.check_balance(p, thresholds=thresholds, warn=False)
    assert not set(report.codes) & set(CUSTOMER_CODES)
    before = cx.check_balance(p, thresholds=thresholds, warn=False, rules=PORTFOLIO_RULES)
    assert report.findings == before.findings


def test_customer_rules_are_registered_after_the_built_in_ones() -> None:
    from cxmodel import balance
    from cxmodel.balance import RULES

    codes = [code for code, _ in RULES]
    assert codes[-len(CUSTOMER_CODES) :] == list(CUSTOMER_CODES)
    assert all(code in (balance.__doc__ or "") for code in CUSTOMER_CODES)


def test_desire_findings_fire_only_with_desire_data() -> None:
    plain = cx.Initiative("plain", 0.8, 0.8, 0.8)
    assert not set(codes_of(cx.Portfolio([plain]))) & set(CUSTOMER_CODES)
    half = plain.evolve(name="half", stated_desire=0.9)  # value_driver missing: no quadrant
    assert "desire-deception" not in codes_of(cx.Portfolio([plain, half]))
    deceptive = plain.evolve(name="deceptive", stated_desire=0.9, value_driver=0.1)
    hidden = plain.evolve(name="hidden", stated_desire=0.1, value_driver=0.9)
    report = cx.check_balance(cx.Portfolio([plain, deceptive, hidden]), warn=False)
    found = {f.code: f for f in report.findings}
    assert found["desire-deception"].initiatives == ("deceptive",)
    assert found["subconscious-opportunity"].initiatives == ("hidden",)
    assert "it does not drive value" in found["desire-deception"].message
    assert report.ok  # info findings never fail a report


def test_perception_gap_finding() -> None:
    close = cx.Initiative("close", 0.8, 0.8, 0.8, customer_desirability=0.7)
    assert "perception-gap" not in codes_of(cx.Portfolio([close]))
    far = close.evolve(name="far", customer_desirability=0.6)  # 0.8 - 0.6: inclusive
    report = cx.check_balance(cx.Portfolio([close, far]), warn=False)
    (finding,) = [f for f in report.findings if f.code == "perception-gap"]
    assert finding.initiatives == ("far",)
    assert "company 0.80, customers 0.60" in finding.message


def test_no_employees_finding() -> None:
    def p(*groups: tuple[str, ...]) -> cx.Portfolio:
        return cx.Portfolio(
            [cx.Initiative(f"i{k}", 0.8, 0.8, 0.8, stakeholders=g) for k, g in enumerate(groups)]
        )

    assert "no-employees" not in codes_of(p((), ()))  # no stakeholder data at all
    assert "no-employees" in codes_of(p(("customers",), ("partners", "society")))
    assert "no-employees" not in codes_of(p(("customers",), ("Employee",)))
    finding = cx.check_balance(p(("customers", "partners")), warn=False).findings[-1]
    assert finding.code == "no-employees"
    assert "customers, partners" in finding.message
    assert finding.initiatives == ()


def test_journey_gap_finding() -> None:
    every = cx.Initiative("all", 0.8, 0.8, 0.8, stages=list(S))
    assert "journey-gap" not in codes_of(cx.Portfolio([every]))
    assert "journey-gap" not in codes_of(cx.Portfolio([cx.Initiative("x", 0.8, 0.8, 0.8)]))
    one = cx.Initiative("one", 0.8, 0.8, 0.8, stages=["use"])
    (finding,) = cx.check_balance(cx.Portfolio([one]), warn=False).findings
    assert finding.code == "journey-gap"
    assert "attraction, discovery, awareness, purchase, interaction, cultivation, advocacy" in (
        finding.message
    )
    last_missing = cx.Portfolio([every.evolve(stages=list(S)[:-1])])
    assert "stage advocacy." in cx.check_balance(last_missing, warn=False).findings[0].message


def test_customer_findings_can_be_escalated() -> None:
    p = cx.Portfolio([cx.Initiative("one", 0.8, 0.8, 0.8, stages=["use"])])
    policy = cx.BalancePolicy(escalate=["journey-gap"])
    with pytest.warns(cx.CxModelWarning, match="customer-journey stages"):
        report = cx.check_balance(p, policy)
    assert not report.ok


def test_balance_from_codes_has_no_customer_findings() -> None:
    p = cx.example_portfolio()
    report = cx.balance_from_codes(p.names, p.regions(), p.effort)
    assert not set(report.codes) & set(CUSTOMER_CODES)


# --- files: the new fields round-trip, old files load as before ---------------------------


@given(cs.customer_portfolios(max_size=6).filter(len))
def test_csv_and_json_round_trip_the_customer_fields(p: cx.Portfolio) -> None:
    # non-empty: reading back an empty JSON portfolio is io's business (and tested there)
    from cxmodel import io

    for write, read in ((io.write_csv, cx.read_csv), (io.write_json, cx.read_json)):
        text = write(p)
        assert text is not None
        back = read(StringIO(text))
        assert back == p
        for field in ("stages", "channel", "stakeholders", "customer_desirability"):
            assert back.column(field) == p.column(field)
        assert cx.journey_coverage(back) == cx.journey_coverage(p)
        assert cx.perception_gap(back) == cx.perception_gap(p)


def test_files_with_the_new_columns_load(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "ideas.csv"  # type: ignore[operator]
    path.write_text(
        "name,viability,desirability,feasibility,stages,channel,stakeholders,"
        "stated_desire,value_driver,customer_desirability\n"
        "Forum,0.7,0.9,0.4,Cultivation; advocacy,Both,customers;Employees,30%,0.8,0.6\n",
        encoding="utf-8",
    )
    forum = cx.read_csv(path)["Forum"]
    assert forum.stages == (S.CULTIVATION, S.ADVOCACY)
    assert forum.channel is cx.Channel.BOTH
    assert forum.stakeholders == ("customers", "Employees")
    assert (forum.stated_desire, forum.value_driver, forum.customer_desirability) == (
        0.3,
        0.8,
        0.6,
    )
    assert cx.desire_quadrant(forum) is Q.SUBCONSCIOUS


def test_files_without_the_new_columns_load_as_before(tmp_path: pytest.TempPathFactory) -> None:
    csv_path = tmp_path / "old.csv"  # type: ignore[operator]
    csv_path.write_text("name,viability,desirability,feasibility\nKiosk,0.5,0.25,1\n")
    json_path = tmp_path / "old.json"  # type: ignore[operator]
    json_path.write_text(
        '[{"name": "Kiosk", "viability": 0.5, "desirability": 0.25, "feasibility": 1}]'
    )
    for p in (cx.read_csv(csv_path), cx.read_json(json_path)):
        assert p == cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.25, 1.0)])
        assert p.to_records() == [
            {
                "name": "Kiosk",
                "viability": 0.5,
                "desirability": 0.25,
                "feasibility": 1.0,
                "effort": 1.0,
            }
        ]
        assert cx.journey_coverage(p).missing == tuple(S)
        assert cx.perception_gap(p) == ()
        assert not set(codes_of(p)) & set(CUSTOMER_CODES)


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("stages", "checkout"),
        ("channel", "telepathy"),
        ("customer_desirability", "1.7"),
        ("stated_desire", "high"),
    ],
)
def test_bad_customer_cells_are_reported_with_line_and_column(
    tmp_path: pytest.TempPathFactory, column: str, cell: str
) -> None:
    path = tmp_path / "bad.csv"  # type: ignore[operator]
    path.write_text(f"name,viability,desirability,feasibility,{column}\nA,0.5,0.5,0.5,{cell}\n")
    with pytest.raises(cx.InputError) as info:
        cx.read_csv(path)
    ((row, where, message),) = info.value.errors
    assert (row, where) == (2, column)
    assert cell in message


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def example_files(tmp_path: pytest.TempPathFactory) -> dict[str, str]:
    p = cx.example_portfolio()
    json_path = tmp_path / "example.json"  # type: ignore[operator]
    csv_path = tmp_path / "example.csv"  # type: ignore[operator]
    p.to_json(json_path)
    p.to_csv(csv_path)
    return {"json": str(json_path), "csv": str(csv_path)}


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_cli_journey_text(
    example_files: dict[str, str], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    assert main(["journey", example_files[kind]]) == 0
    out = capsys.readouterr().out
    assert "Stages with no initiative: attraction, discovery" in out
    assert "Channels (share of effort): human 17%, technical 67%, both 15%" in out
    assert "Stakeholders (share of effort): customers 48%, employees 33%" in out
    assert "Desire model: subconscious 3, deception 3, conscious 3" in out


def test_cli_journey_json(
    example_files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    assert main(["journey", example_files["json"], "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    p = cx.example_portfolio()
    assert data["journey"] == json.loads(json.dumps(cx.journey_coverage(p).to_dict()))
    assert data["channels"] == {c.value: s for c, s in cx.channel_shares(p).items()}
    assert data["stakeholders"] == cx.stakeholder_coverage(p)
    assert data["desire"]["Voice assistant on the toaster"] == "deception"
    assert data["desire"]["Order data platform"] is None
    used = [t for t, row in cx.building_block_summary(p).items() if row.names]
    assert [b["term"] for b in data["building_blocks"]] == [t.value for t in used]


def test_cli_journey_thresholds_change_the_kinds(
    example_files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    argv = ["journey", example_files["json"], "--format", "json", "--viability-threshold", "1"]
    assert main(argv) == 0
    effort = json.loads(capsys.readouterr().out)["journey"]["effort"]
    assert all(kinds["emotional"] == 0.0 and kinds["process"] == 0.0 for kinds in effort.values())


def test_cli_gaps(example_files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.cli import main

    assert main(["gaps", example_files["csv"]]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "2 of 9 initiatives" in lines[0]
    assert lines[-2].split()[-3:] == ["0.70", "0.45", "+0.25"]
    assert lines[-1].startswith("Member events")
    assert main(["gaps", example_files["json"], "--min-gap", "0.1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["min_gap"] == 0.1
    assert data["measured"] == 9
    assert [g["name"] for g in data["gaps"]] == [
        g.name for g in cx.perception_gap(cx.example_portfolio(), min_gap=0.1)
    ]
    assert main(["gaps", example_files["csv"], "--min-gap", "1"]) == 0
    assert "None of the 9 initiatives" in capsys.readouterr().out


def test_cli_gaps_without_customer_data(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    path = tmp_path / "plain.csv"  # type: ignore[operator]
    path.write_text("name,viability,desirability,feasibility\nA,0.5,0.5,0.5\n")
    assert main(["gaps", str(path)]) == 0
    assert "No initiative has a customer-measured desirability" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["-0.1", "1.5", "lots"])
def test_cli_gaps_rejects_bad_min_gap(
    example_files: dict[str, str], bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    assert main(["gaps", example_files["csv"], "--min-gap", bad]) == 2
    err = capsys.readouterr().err
    assert "--min-gap" in err and bad in err
    assert "Traceback" not in err


def test_cli_journey_and_gaps_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.cli import main

    for command in ("journey", "gaps"):
        assert main([command, "no-such-file.csv"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no-such-file.csv" in err


def test_cli_writes_the_charts(
    example_files: dict[str, str], tmp_path: pytest.TempPathFactory
) -> None:
    from cxmodel.cli import main

    journey = tmp_path / "journey.png"  # type: ignore[operator]
    gaps = tmp_path / "gaps.svg"  # type: ignore[operator]
    assert main(["journey", example_files["json"], "--chart", str(journey)]) == 0
    assert main(["gaps", example_files["json"], "--chart", str(gaps)]) == 0
    assert journey.read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in gaps.read_bytes()[:500]
