"""The balance checker: policy, shares, balance index, findings, warnings and ``cxmodel check``."""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import cxmodel as cx
from cxmodel import balance
from cxmodel.cli import main

from .strategies import efforts, portfolios, scores, thresholds

E, P, F = cx.InnovationType.EMOTIONAL, cx.InnovationType.PROCESS, cx.InnovationType.FUNCTIONAL

policies = st.builds(
    cx.BalancePolicy,
    max_process_share=scores,
    bloat_feasibility=scores,
    bloat_gap=scores,
    weight=st.sampled_from(["effort", "count"]),
    min_balance_index=scores,
)


def initiative(name: str, where: cx.Region, effort: float = 1.0) -> cx.Initiative:
    """An initiative in region ``where`` (scores 0.9 on passing lenses, 0.1 elsewhere)."""
    v, d, f = (0.9 if where & lens.bit else 0.1 for lens in cx.Lens)
    return cx.Initiative(name, v, d, f, effort=effort)


def portfolio_of(*regions: tuple[cx.Region, float]) -> cx.Portfolio:
    return cx.Portfolio(initiative(f"{r.name} {k}", r, e) for k, (r, e) in enumerate(regions))


def check(
    portfolio: cx.Portfolio | list[cx.Initiative],
    policy: cx.BalancePolicy | None = None,
    *,
    thresholds: cx.Thresholds | None = None,
) -> cx.BalanceReport:
    """check_balance without warnings."""
    return cx.check_balance(portfolio, policy, thresholds=thresholds, warn=False)


def finding(report: cx.BalanceReport, code: str) -> cx.Finding:
    (match,) = [f for f in report.findings if f.code == code]
    return match


# --- the policy --------------------------------------------------------------------------


def test_policy_defaults_and_positional_order() -> None:
    policy = cx.BalancePolicy()
    assert (policy.max_process_share, policy.bloat_feasibility, policy.bloat_gap) == (
        0.5,
        0.7,
        0.3,
    )
    assert policy.weight == "effort"
    assert cx.BalancePolicy(0.4, 0.8, 0.2, "count") == cx.BalancePolicy(
        max_process_share=0.4, bloat_feasibility=0.8, bloat_gap=0.2, weight="count"
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.max_process_share = 0.9  # type: ignore[misc]


def test_policy_docstring_gives_each_default_a_rationale() -> None:
    doc = cx.BalancePolicy.__doc__ or ""
    assert "most of their energy" in doc
    assert "industry standard" in doc
    for field in ("max_process_share", "bloat_feasibility", "bloat_gap", "weight"):
        assert f"{field} :" in doc


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_process_share", 1.5),
        ("max_process_share", -0.1),
        ("max_process_share", math.nan),
        ("bloat_feasibility", "0.7"),
        ("bloat_gap", True),
        ("bloat_gap", None),
        ("min_balance_index", math.inf),
        ("weight", "budget"),
        ("weight", 1),
        ("escalate", ["no-such-code"]),
        ("escalate", 3),
    ],
)
def test_policy_validation_names_field_and_value(field: str, value: object) -> None:
    with pytest.raises(cx.FieldError) as info:
        cx.BalancePolicy(**{field: value})
    assert isinstance(info.value, ValueError)
    assert info.value.field == field
    assert field in str(info.value)
    assert repr(value) in str(info.value) or str(value) in str(info.value)


def test_policy_to_dict_is_json_ready() -> None:
    data = cx.BalancePolicy(escalate={"no-lens", "no-emotional"}).to_dict()
    assert data["escalate"] == ["no-emotional", "no-lens"]
    assert json.loads(json.dumps(data)) == data


# --- findings ----------------------------------------------------------------------------


def test_finding_fields_and_validation() -> None:
    f = cx.Finding("no-lens", "info", "text", ["a", "b"])
    assert f.initiatives == ("a", "b")
    assert cx.Finding("no-lens", "info", "text", "solo").initiatives == ("solo",)
    assert f == cx.Finding("no-lens", "info", "text", ("a", "b"))
    assert hash(f) == hash(cx.Finding("no-lens", "info", "text", ("a", "b")))
    assert f != cx.Finding("no-lens", "info", "text", ("a",))
    assert str(f) == "info no-lens: text"
    assert f.category is cx.CxModelWarning
    assert cx.Finding("feature-bloat", "warning", "x").category is cx.FeatureBloatWarning
    with pytest.raises(cx.FieldError, match="severity"):
        cx.Finding("x", "error", "text")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        f.message = "other"  # type: ignore[misc]


def test_finding_repr_truncates_long_name_lists() -> None:
    f = cx.Finding("no-lens", "info", "text", [f"n{k}" for k in range(1000)])
    assert "[1,000 names]" in repr(f)
    assert len(repr(f)) < 200
    assert "('a',)" in repr(cx.Finding("no-lens", "info", "text", ["a"]))


def test_code_table_documents_every_rule() -> None:
    from cxmodel.balance import RULES
    from cxmodel.findings.catalogue import CODES, entry

    doc = balance.__doc__ or ""
    table_codes = set(re.findall(r"^([a-z]+(?:-[a-z]+)+)\s+(?:warning|info)\b", doc, re.M))
    rule_codes = [code for code, _ in RULES]
    assert set(rule_codes) <= table_codes
    assert set(rule_codes) <= set(CODES)  # every rule has its catalogue entry
    assert {"process-skew", "feature-bloat", "no-emotional"} <= set(rule_codes)
    for code in rule_codes:  # the docs table and the catalogue agree on severity
        row = re.search(rf"^{code}\s+(warning|info)\b", doc, re.M)
        assert row is not None and row.group(1) == entry(code).severity


def test_on_threshold_names_scores_exactly_on_a_threshold() -> None:
    p = cx.Portfolio(
        [cx.Initiative("Neutral", 0.5, 0.9, 0.9), cx.Initiative("Clear", 0.8, 0.9, 0.9)]
    )
    report = cx.check_balance(p, warn=False)
    (found,) = [f for f in report.findings if f.code == "on-threshold"]
    assert found.severity == "info" and found.initiatives == ("Neutral",)
    assert "viability 0.5" in found.message
    moved = cx.Thresholds(viability=0.6)
    assert "on-threshold" not in cx.check_balance(p, thresholds=moved, warn=False).codes


def test_escalate_accepts_every_catalogued_code() -> None:
    from cxmodel.findings.catalogue import CODES

    policy = cx.BalancePolicy(escalate=CODES)
    assert policy.escalate == frozenset(CODES)  # roadmap codes too, e.g. process-first
    with pytest.raises(cx.FieldError, match="unknown finding codes"):
        cx.BalancePolicy(escalate={"no-such-code"})


# --- shares and the balance index ----------------------------------------------------------


@given(portfolios(), thresholds, policies)
def test_shares_sum_to_one_or_are_all_zero(
    p: cx.Portfolio, t: cx.Thresholds, policy: cx.BalancePolicy
) -> None:
    report = check(p, policy, thresholds=t)
    assert list(report.region_shares) == list(cx.Region)
    assert list(report.innovation_shares) == list(cx.InnovationType)
    assert all(0.0 <= s <= 1.0 for s in report.region_shares.values())
    assert all(0.0 <= s <= 1.0 for s in report.innovation_shares.values())
    if len(p) == 0:
        assert set(report.region_shares.values()) == {0.0}
    else:
        assert sum(report.region_shares.values()) == pytest.approx(1.0)
    codes = p.regions(t)
    if np.isin(codes, [3, 5, 6, 7]).any():
        assert sum(report.innovation_shares.values()) == pytest.approx(1.0)
    else:
        assert set(report.innovation_shares.values()) == {0.0}
        assert report.balance_index == 0.0
    assert report.region_counts == p.counts(t)
    assert report.size == len(p)


@given(portfolios(), thresholds, policies, st.data())
def test_invariant_to_row_order(
    p: cx.Portfolio, t: cx.Thresholds, policy: cx.BalancePolicy, data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(p))))
    shuffled = p._take(np.array(order, dtype=np.intp))
    a, b = check(p, policy, thresholds=t), check(shuffled, policy, thresholds=t)
    for r in cx.Region:
        assert a.region_shares[r] == pytest.approx(b.region_shares[r], abs=1e-12)
    for k in cx.InnovationType:
        assert a.innovation_shares[k] == pytest.approx(b.innovation_shares[k], abs=1e-12)
    assert a.balance_index == pytest.approx(b.balance_index, abs=1e-9)
    # Codes can only differ if float summation order moves a share across its limit.
    if abs(a.innovation_shares[P] - policy.max_process_share) > 1e-9 and (
        abs(a.balance_index - policy.min_balance_index) > 1e-9
    ):
        assert a.codes == b.codes
        for fa, fb in zip(a.findings, b.findings, strict=True):
            assert sorted(fa.initiatives) == sorted(fb.initiatives)


@given(portfolios(), policies, st.floats(min_value=1e-3, max_value=1e3))
def test_invariant_to_scaling_every_effort(
    p: cx.Portfolio, policy: cx.BalancePolicy, factor: float
) -> None:
    scaled = cx.Portfolio.from_arrays(
        p.names, p.viability, p.desirability, p.feasibility, effort=p.effort * factor
    )
    a, b = check(p, policy), check(scaled, policy)
    for r in cx.Region:
        assert a.region_shares[r] == pytest.approx(b.region_shares[r], abs=1e-9)
    for k in cx.InnovationType:
        assert a.innovation_shares[k] == pytest.approx(b.innovation_shares[k], abs=1e-9)
    assert a.balance_index == pytest.approx(b.balance_index, abs=1e-6)


@given(portfolios(), policies, st.sampled_from([0.25, 2.0, 1024.0]))
def test_power_of_two_scaling_changes_nothing(
    p: cx.Portfolio, policy: cx.BalancePolicy, factor: float
) -> None:
    scaled = cx.Portfolio.from_arrays(
        p.names, p.viability, p.desirability, p.feasibility, effort=p.effort * factor
    )
    a, b = check(p, policy), check(scaled, policy)
    assert a.innovation_shares == b.innovation_shares
    assert a.codes == b.codes


@given(portfolios(), thresholds, st.sampled_from(["effort", "count"]))
def test_balance_index_in_unit_interval_and_one_only_when_level(
    p: cx.Portfolio, t: cx.Thresholds, weight: str
) -> None:
    report = check(p, cx.BalancePolicy(weight=weight), thresholds=t)
    shares = list(report.innovation_shares.values())
    assert 0.0 <= report.balance_index <= 1.0
    level = shares[0] == shares[1] == shares[2] and shares[0] > 0
    assert (report.balance_index == 1.0) == level
    if any(shares):
        expected = -sum(s * math.log(s) for s in shares if s) / math.log(3)
        assert report.balance_index == pytest.approx(expected, abs=1e-12)


@given(st.lists(efforts, min_size=1, max_size=4))
def test_balance_index_is_exactly_one_for_equal_shares(weights: list[float]) -> None:
    regions = [
        (r, w)
        for w in weights
        for r in (cx.Region.EMOTIONAL, cx.Region.PROCESS, cx.Region.FUNCTIONAL)
    ]
    report = check(portfolio_of(*regions))
    assert report.balance_index == 1.0
    assert check(portfolio_of((cx.Region.CUSTOMER_EXPERIENCE, 3.0))).balance_index == 1.0


def test_centre_counts_a_third_to_each_type() -> None:
    report = check(portfolio_of((cx.Region.CUSTOMER_EXPERIENCE, 3.0), (cx.Region.PROCESS, 1.0)))
    assert report.innovation_shares == {E: 0.25, P: 0.5, F: 0.25}
    assert report.region_shares[cx.Region.CUSTOMER_EXPERIENCE] == 0.75
    assert report.total_weight == 4.0


@given(portfolios(), thresholds, efforts, st.sampled_from(["effort", "count"]))
def test_adding_a_process_initiative_never_lowers_the_process_share(
    p: cx.Portfolio, t: cx.Thresholds, effort: float, weight: str
) -> None:
    name = "x" * 30  # longer than any generated name, so unique
    v = max(t.viability, 0.0)
    f = max(t.feasibility, 0.0)
    assume(t.desirability > 0.0)  # else nothing can be pure process innovation
    added = cx.Portfolio([*p, cx.Initiative(name, v, 0.0, f, effort=effort)])
    assert cx.region(added[name], t) is cx.Region.PROCESS
    policy = cx.BalancePolicy(weight=weight)
    before = check(p, policy, thresholds=t).innovation_shares[P]
    after = check(added, policy, thresholds=t).innovation_shares[P]
    assert after >= before - 1e-12


def test_weight_count_versus_effort() -> None:
    p = portfolio_of(
        (cx.Region.PROCESS, 9.0), (cx.Region.EMOTIONAL, 1.0), (cx.Region.FUNCTIONAL, 1.0)
    )
    by_effort = check(p)
    by_count = check(p, cx.BalancePolicy(weight="count"))
    assert by_effort.innovation_shares[P] == 9 / 11
    assert by_count.innovation_shares[P] == pytest.approx(1 / 3)
    assert "process-skew" in by_effort.codes
    assert "process-skew" not in by_count.codes
    assert by_count.total_weight == 3.0
    assert by_count.to_dict()["weight"] == "count"


# --- process skew ----------------------------------------------------------------------------


@given(portfolios(), thresholds, policies)
def test_process_skew_fires_iff_share_strictly_above_limit(
    p: cx.Portfolio, t: cx.Thresholds, policy: cx.BalancePolicy
) -> None:
    report = check(p, policy, thresholds=t)
    skewed = report.innovation_shares[P] > policy.max_process_share
    assert ("process-skew" in report.codes) == skewed
    if skewed:
        f = finding(report, "process-skew")
        assert f.severity == "warning"
        assert not report.ok
        codes = p.regions(t)
        assert f.initiatives == tuple(n for n, c in zip(p.names, codes, strict=True) if c == 5)


def test_process_skew_exactly_at_the_limit_does_not_fire() -> None:
    p = portfolio_of(
        (cx.Region.PROCESS, 2.0), (cx.Region.EMOTIONAL, 1.0), (cx.Region.FUNCTIONAL, 1.0)
    )
    assert check(p).innovation_shares[P] == 0.5
    assert check(p).ok
    just_below = cx.BalancePolicy(max_process_share=math.nextafter(0.5, 0.0))
    assert check(p, just_below).codes[0] == "process-skew"
    # Count-weighted thirds: process 1 + centre 1/3 of 1 against 8/3 total -> exactly 0.5.
    q = portfolio_of(
        (cx.Region.PROCESS, 1.0),
        (cx.Region.CUSTOMER_EXPERIENCE, 1.0),
        (cx.Region.EMOTIONAL, 1.0),
        (cx.Region.FUNCTIONAL, 1.0),
    )
    policy = cx.BalancePolicy(max_process_share=(1 + 1 / 3) / 4, weight="count")
    report = check(q, policy)
    assert report.innovation_shares[P] == policy.max_process_share
    assert "process-skew" not in report.codes


def test_process_skew_message_speaks_to_a_strategy_team() -> None:
    p = portfolio_of(
        (cx.Region.PROCESS, 8.0),
        (cx.Region.PROCESS, 5.0),
        (cx.Region.CUSTOMER_EXPERIENCE, 3.0),
        (cx.Region.EMOTIONAL, 2.0),
    )
    report = check(p)
    f = finding(report, "process-skew")
    # process = 13 + 1 of 18 innovation effort
    assert f"{14 / 18:.0%}" in f.message
    assert "policy limit of 50%" in f.message
    assert '"PROCESS 0" (effort 8)' in f.message
    assert f.message.index("PROCESS 0") < f.message.index("PROCESS 1")  # largest first
    assert "CUSTOMER_EXPERIENCE" not in " ".join(f.initiatives)
    # Moving 5 of effort from process to emotional or functional gets to 9 / 18 = 50%.
    assert "move at least 5 effort units" in f.message
    assert "add at least 10 effort units" in f.message  # 14 / (18 + 10) = 50%
    moved = portfolio_of(
        (cx.Region.PROCESS, 3.0),
        (cx.Region.EMOTIONAL, 5.0),
        (cx.Region.PROCESS, 5.0),
        (cx.Region.CUSTOMER_EXPERIENCE, 3.0),
        (cx.Region.EMOTIONAL, 2.0),
    )
    assert "process-skew" not in check(moved).codes


def test_process_skew_counts_initiatives_when_weight_is_count() -> None:
    p = portfolio_of(*[(cx.Region.PROCESS, 1.0)] * 3, (cx.Region.EMOTIONAL, 1.0))
    f = finding(check(p, cx.BalancePolicy(weight="count")), "process-skew")
    assert "75% of innovation initiatives" in f.message
    assert "move at least 1 initiative from" in f.message  # 3 of 4 -> 2 of 4 is 50%
    assert "add at least 2 initiatives" in f.message  # 3 of 6 = 50%
    one = portfolio_of(*[(cx.Region.PROCESS, 1.0)] * 2, (cx.Region.EMOTIONAL, 1.0))
    assert (
        "move at least 1 initiative from"
        in finding(check(one, cx.BalancePolicy(weight="count")), "process-skew").message
    )


# --- feature bloat ---------------------------------------------------------------------------


def bloat(v: float, d: float, f: float, **policy: object) -> bool:
    p = cx.Portfolio([cx.Initiative("Gadget", v, d, f)])
    return "feature-bloat" in check(p, cx.BalancePolicy(**policy)).codes


def test_bloat_boundaries_are_inclusive() -> None:
    assert bloat(0.1, 0.4, 0.7)  # feasibility == bloat_feasibility, gap 0.7 - 0.4 == 0.3
    assert bloat(0.1, 0.2, 0.7)
    assert not bloat(0.1, 0.2, math.nextafter(0.7, 0.0))
    assert bloat(0.1, 0.45, 0.75, bloat_gap=0.3)  # 0.75 - 0.45 is 0.3 as written
    assert not bloat(0.1, 0.46, 0.75)  # gap 0.29
    assert bloat(0.1, 0.25, 0.75, bloat_gap=0.5)  # exact in binary


def test_bloat_needs_low_desirability_and_low_viability() -> None:
    assert not bloat(0.1, 0.5, 1.0)  # desirability at its threshold passes the people lens
    assert not bloat(0.5, 0.1, 1.0)  # viable: that is process innovation
    assert bloat(0.49, 0.49, 1.0, bloat_gap=0.51)
    p = cx.Portfolio([cx.Initiative("Gadget", 0.4, 0.6, 0.95)])
    strict = cx.Thresholds(desirability=0.7)
    assert "feature-bloat" in check(p, thresholds=strict).codes
    assert "feature-bloat" not in check(p).codes


@given(portfolios(), thresholds, policies)
def test_bloat_matches_the_rule_per_initiative(
    p: cx.Portfolio, t: cx.Thresholds, policy: cx.BalancePolicy
) -> None:
    expected = tuple(
        i.name
        for i in p
        if i.feasibility >= policy.bloat_feasibility
        and i.desirability < t.desirability
        and i.viability < t.viability
        and i.feasibility - i.desirability >= policy.bloat_gap - 1e-9
    )
    report = check(p, policy, thresholds=t)
    got = finding(report, "feature-bloat").initiatives if "feature-bloat" in report.codes else ()
    assert got == expected


def test_bloat_message_quotes_the_source_test() -> None:
    report = check(cx.example_portfolio())
    f = finding(report, "feature-bloat")
    assert set(f.initiatives) == {
        "Facebook page without two-way conversation",
        "Gadget mode with twelve extra settings",
        "Voice assistant on the toaster",
    }
    assert (
        "do these new bells and whistles help the people accomplish something or do they "
        "just get in the way?" in f.message
    )
    assert "feasibility 0.95, desirability 0.20" in f.message
    assert f.message.index("Gadget mode") < f.message.index("Facebook page")  # widest gap first


# --- warnings --------------------------------------------------------------------------------


def test_warnings_point_at_the_caller_and_name_initiatives() -> None:
    with pytest.warns(cx.CxModelWarning) as skew:
        report = cx.check_balance(cx.example_portfolio())
    assert not report.ok
    categories = {w.category for w in skew}
    assert categories == {cx.ProcessSkewWarning, cx.FeatureBloatWarning}
    for w in skew:
        assert w.filename == __file__
    messages = {w.category: str(w.message) for w in skew}
    assert "Invoice processing automation" in messages[cx.ProcessSkewWarning]
    assert "Voice assistant on the toaster" in messages[cx.FeatureBloatWarning]


def test_warn_false_emits_nothing() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = cx.check_balance(cx.example_portfolio(), warn=False)
    assert caught == []
    assert len(report.warnings) == 2


def test_info_findings_never_warn_but_escalate_does() -> None:
    p = portfolio_of((cx.Region.FUNCTIONAL, 1.0), (cx.Region.NONE, 1.0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = cx.check_balance(p)
    assert caught == []
    assert report.ok
    assert {"no-emotional", "no-lens", "low-balance"} <= set(report.codes)
    strict = cx.BalancePolicy(escalate={"no-emotional"})
    with pytest.warns(cx.CxModelWarning, match="emotional") as record:
        escalated = cx.check_balance(p, strict)
    assert record[0].filename == __file__
    assert not escalated.ok
    assert escalated.codes[0] == "no-emotional"
    assert finding(escalated, "no-emotional").severity == "warning"


# --- info findings ---------------------------------------------------------------------------


def test_empty_portfolio() -> None:
    report = cx.check_balance(cx.Portfolio([]))
    assert report.ok
    assert report.codes == ("empty-portfolio",)
    assert set(report.region_shares.values()) == {0.0}
    assert set(report.innovation_shares.values()) == {0.0}
    assert report.balance_index == 0.0
    assert report.total_weight == 0.0
    assert "empty" in str(report)


def test_no_innovation() -> None:
    p = portfolio_of((cx.Region.BUSINESS_ONLY, 1.0), (cx.Region.PEOPLE_ONLY, 1.0))
    report = check(p)
    assert report.ok
    assert "no-innovation" in report.codes
    assert "no-emotional" not in report.codes
    assert "low-balance" not in report.codes


def test_no_emotional_names_desirable_candidates() -> None:
    p = portfolio_of(
        (cx.Region.PROCESS, 1.0), (cx.Region.FUNCTIONAL, 1.0), (cx.Region.PEOPLE_ONLY, 2.0)
    )
    f = finding(check(p), "no-emotional")
    assert f.severity == "info"
    assert f.initiatives == ("PEOPLE_ONLY 2",)
    assert "evangelists" in f.message
    # The centre counts as emotional innovation too.
    q = portfolio_of((cx.Region.PROCESS, 1.0), (cx.Region.CUSTOMER_EXPERIENCE, 1.0))
    assert "no-emotional" not in check(q).codes


def test_low_balance_follows_the_policy_minimum() -> None:
    p = portfolio_of(
        (cx.Region.PROCESS, 3.0), (cx.Region.EMOTIONAL, 1.0), (cx.Region.FUNCTIONAL, 1.0)
    )
    report = check(p)
    assert report.balance_index < 0.9
    assert ("low-balance" in report.codes) == (report.balance_index < 0.7)
    low = check(p, cx.BalancePolicy(min_balance_index=0.99, max_process_share=1.0))
    f = finding(low, "low-balance")
    assert f"{report.balance_index:.2f}" in f.message
    assert "0.99" in f.message
    assert low.ok
    none = check(p, cx.BalancePolicy(min_balance_index=0.0, max_process_share=1.0))
    assert none.codes == ()


def test_no_lens_names_initiatives() -> None:
    p = portfolio_of((cx.Region.NONE, 1.0), (cx.Region.EMOTIONAL, 1.0))
    f = finding(check(p), "no-lens")
    assert f.initiatives == ("NONE 0",)
    assert "50% of all effort" in f.message


def test_findings_list_warnings_first() -> None:
    p = portfolio_of((cx.Region.NONE, 1.0), (cx.Region.PROCESS, 5.0), (cx.Region.FUNCTIONAL, 1.0))
    severities = [f.severity for f in check(p).findings]
    assert severities == sorted(severities, key=lambda s: s != "warning")
    assert severities[0] == "warning"


def test_long_name_lists_are_truncated() -> None:
    n = 10_000
    names = [f"automation {k}" for k in range(n)]
    p = cx.Portfolio.from_arrays(names, np.full(n, 0.9), np.full(n, 0.1), np.full(n, 0.9))
    f = finding(check(p), "process-skew")
    assert len(f.initiatives) == n
    assert f.initiatives[:2] == ("automation 0", "automation 1")
    assert "and 9,995 more" in f.message
    assert '"automation 4"' in f.message
    assert '"automation 5"' not in f.message
    assert len(f.message) < 1200


# --- output ----------------------------------------------------------------------------------


def test_to_dict_is_json_ready_and_stable() -> None:
    report = check(cx.example_portfolio())
    data = report.to_dict()
    text = json.dumps(data, sort_keys=False)
    assert json.dumps(check(cx.example_portfolio()).to_dict()) == text
    assert json.loads(text) == data
    assert list(data["region_shares"]) == [r.name for r in cx.Region]
    assert list(data["innovation_shares"]) == ["emotional", "process", "functional"]
    assert data["ok"] is False
    assert data["findings"][0]["code"] == "process-skew"
    assert data["policy"]["max_process_share"] == 0.5
    assert json.loads(report.to_json()) == data


@given(portfolios(max_size=6), policies)
def test_to_dict_round_trips_through_json(p: cx.Portfolio, policy: cx.BalancePolicy) -> None:
    data = check(p, policy).to_dict()
    assert json.loads(json.dumps(data)) == data


def test_str_is_readable_text() -> None:
    text = str(check(cx.example_portfolio()))
    assert text.startswith("Balance of 12 initiatives, weighted by effort (52 in total)")
    assert "emotional 25%, process 55%, functional 20%" in text
    assert "WARNING [process-skew]" in text
    assert "Verdict: NOT balanced, 2 warnings." in text
    assert max(len(line) for line in text.splitlines()) <= 88
    assert "Verdict: balanced" in str(check(portfolio_of((cx.Region.CUSTOMER_EXPERIENCE, 1.0))))


def test_repr_html_escapes_names() -> None:
    p = cx.Portfolio(
        [
            initiative("<script>alert(1)</script>", cx.Region.PROCESS),
            initiative("ok", cx.Region.EMOTIONAL, 0.1),
        ]
    )
    markup = check(p)._repr_html_()
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "Process innovation" in markup


def test_text_and_html_count_initiatives_in_the_right_number() -> None:
    one = check(cx.Portfolio([initiative("solo", cx.Region.PROCESS)]))
    assert str(one).startswith("Balance of 1 initiative, ")
    assert "<b>Balance of 1 initiative</b>" in one._repr_html_()
    assert "<b>Balance of 0 initiatives</b>" in check(cx.Portfolio([]))._repr_html_()


# --- balance_from_codes ----------------------------------------------------------------------


@given(portfolios(), thresholds, policies)
def test_balance_from_codes_matches_check_balance(
    p: cx.Portfolio, t: cx.Thresholds, policy: cx.BalancePolicy
) -> None:
    direct = check(p, policy, thresholds=t)
    from_codes = cx.balance_from_codes(
        p.names,
        p.regions(t),
        p.effort,
        policy,
        desirability=p.desirability,
        feasibility=p.feasibility,
        thresholds=t,
        viability=p.viability,
    )
    assert from_codes.to_dict() == direct.to_dict()


def test_balance_from_codes_without_scores_skips_bloat() -> None:
    p = cx.example_portfolio()
    report = cx.balance_from_codes(p.names, p.regions(), p.effort)
    assert "feature-bloat" not in report.codes
    assert report.innovation_shares == check(p).innovation_shares
    counted = cx.balance_from_codes(p.names, p.regions(), None)
    assert (
        counted.innovation_shares == check(p, cx.BalancePolicy(weight="count")).innovation_shares
    )


def test_balance_from_codes_warns_at_the_caller() -> None:
    with pytest.warns(cx.ProcessSkewWarning) as record:
        cx.balance_from_codes(["a", "b"], [5, 3], [3.0, 1.0], warn=True)
    assert record[0].filename == __file__


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"codes": [0, 8]}, "codes"),
        ({"codes": [0.5, 1.0]}, "codes"),
        ({"codes": [-1, 1]}, "codes"),
        ({"codes": [1]}, "codes"),
        ({"weights": [1.0, 0.0]}, "weights[1]"),
        ({"weights": [1.0, math.nan]}, "weights[1]"),
        ({"weights": [1.0]}, "weights"),
        ({"desirability": [0.5, 1.5]}, "desirability[1]"),
    ],
)
def test_balance_from_codes_rejects_bad_columns(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"names": ["a", "b"], "codes": [1, 2], **kwargs}
    with pytest.raises(cx.FieldError) as info:
        cx.balance_from_codes(**args)  # type: ignore[arg-type]
    assert info.value.field == field


# --- the command line ------------------------------------------------------------------------

SKEWED = (
    "\ufeffName;Business;People;Technology;Effort\r\n"
    "Invoice bot;0,9;0,2;0,9;8\r\n"
    "Script standard;0,8;0,3;0,8;5\r\n"
    "Community;0,8;0,9;0,3;2\r\n"
)
BALANCED = (
    "name,viability,desirability,feasibility,effort\n"
    "Community,0.8,0.9,0.3,1\n"
    "Invoice bot,0.9,0.2,0.9,1\n"
    "Vacuum,0.3,0.9,0.9,1\n"
)


def write(tmp_path: Path, text: str, name: str = "ideas.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return str(path)


def test_cli_check_skewed_spreadsheet_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", write(tmp_path, SKEWED)]) == 1
    out = capsys.readouterr()
    assert "WARNING [process-skew]" in out.out
    assert '"Invoice bot" (effort 8)' in out.out
    assert out.err == ""  # no Python warning noise


def test_cli_check_balanced_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", write(tmp_path, BALANCED)]) == 0
    assert "Verdict: balanced" in capsys.readouterr().out


def test_cli_check_json_and_policy_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, SKEWED)
    assert main(["check", path, "--format", "json", "--max-process-share", "0.9"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert data["policy"]["max_process_share"] == 0.9
    assert main(["check", path, "--format", "json", "--weight", "count"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["weight"] == "count"
    assert data["innovation_shares"]["process"] == pytest.approx(2 / 3)
    assert main(["check", path, "--max-process-share", "0.9", "--fail-on", "low-balance"]) == 1
    capsys.readouterr()
    assert main(["check", path, "--desirability-threshold", "0.1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["thresholds"]["desirability"] == 0.1


def test_cli_check_bloat_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "name,viability,desirability,feasibility\nGadget,0.1,0.3,0.65\n")
    assert main(["check", path]) == 0
    capsys.readouterr()
    assert main(["check", path, "--bloat-feasibility", "0.6"]) == 1
    assert "feature-bloat" in capsys.readouterr().out
    assert main(["check", path, "--bloat-feasibility", "0.6", "--bloat-gap", "0.4"]) == 0


@pytest.mark.parametrize(
    "extra",
    [
        ["--max-process-share", "1.5"],
        ["--bloat-gap", "x"],
        ["--weight", "budget"],
        ["--fail-on", "no-such-code"],
        ["--format", "csv"],
    ],
)
def test_cli_check_bad_options_exit_2(
    extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", write(tmp_path, BALANCED), *extra]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_cli_check_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.csv")]) == 2
    assert main(["check", write(tmp_path, "name,viability\nA,2\n")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2
    assert "Traceback" not in err


def test_cli_demo_prints_the_balance_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--chart", str(tmp_path / "demo.png")]) == 0
    out = capsys.readouterr().out
    assert "WARNING [process-skew]" in out
    assert "Verdict: NOT balanced" in out


def test_check_balance_accepts_initiatives_and_checks_argument_types() -> None:
    items = list(cx.example_portfolio())
    assert check(items).to_dict() == check(cx.example_portfolio()).to_dict()
    with pytest.raises(cx.FieldError, match="policy"):
        check(cx.example_portfolio(), {"max_process_share": 0.4})  # type: ignore[arg-type]
    with pytest.raises(cx.FieldError, match="thresholds"):
        check(cx.example_portfolio(), thresholds=0.5)  # type: ignore[arg-type]
    with pytest.raises(cx.DuplicateNameError):
        check([items[0], items[0]])


def test_huge_efforts_do_not_overflow_the_shares() -> None:
    p = portfolio_of((cx.Region.PROCESS, 1e308), (cx.Region.EMOTIONAL, 1e308))
    report = check(p)
    assert report.innovation_shares[P] == 0.5
    assert report.region_shares[cx.Region.EMOTIONAL] == 0.5
    assert report.ok


@given(st.integers(1, 4), st.integers(0, 6), st.data())
def test_bloat_candidates_follows_the_rule_on_any_shape(
    rows: int, cols: int, data: st.DataObject
) -> None:
    from cxmodel.balance import bloat_candidates

    v, d, f = (data.draw(hnp.arrays(np.float64, (rows, cols), elements=scores)) for _ in "vdf")
    policy = data.draw(st.builds(cx.BalancePolicy, bloat_feasibility=scores, bloat_gap=scores))
    t = data.draw(thresholds)
    mask = np.zeros((rows, cols), dtype=bool)
    mask.reshape(-1)[bloat_candidates(cx.classify_arrays(v, d, f, t), d, f, policy)] = True
    expected = [
        [
            f[r, c] >= policy.bloat_feasibility
            and v[r, c] < t.viability
            and d[r, c] < t.desirability
            and f[r, c] - d[r, c] >= policy.bloat_gap - 1e-9
            for c in range(cols)
        ]
        for r in range(rows)
    ]
    assert mask.tolist() == expected


def test_text_says_when_no_effort_was_given() -> None:
    plain = cx.Portfolio([cx.Initiative("A", 0.8, 0.8, 0.2), cx.Initiative("B", 0.8, 0.2, 0.8)])
    text = str(cx.check_balance(plain, warn=False))
    assert "weighted by count (no effort given" in text
    sized = cx.Portfolio([i.evolve(effort=e) for i, e in zip(plain, [2.0, 5.0], strict=True)])
    assert "weighted by effort (7 in total)" in str(cx.check_balance(sized, warn=False))
    counted = cx.check_balance(plain, cx.BalancePolicy(weight="count"), warn=False)
    assert "counted by initiative" in str(counted)
