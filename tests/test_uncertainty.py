"""Tests for score-noise sensitivity, threshold sweeps, their charts and CLI commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.cli import main
from cxmodel.uncertainty import SAMPLE_BLOCK, process_shares, sensitivity, threshold_sweep

from .strategies import portfolios, thresholds

seeds = st.integers(min_value=0, max_value=2**32)
noises = st.sampled_from([0.0, 0.01, 0.1, 0.3])


def _arrays(report: cx.SensitivityReport) -> list[np.ndarray]:
    return [
        report.probabilities,
        report.type_probabilities,
        report.bloat_probabilities,
        report.process_shares,
    ]


# --- sensitivity: properties --------------------------------------------------------


@given(portfolios(), noises, seeds, thresholds)
def test_region_probabilities_sum_to_one(p: cx.Portfolio, noise: float, seed: int, t) -> None:
    report = sensitivity(p, noise=noise, samples=50, seed=seed, thresholds=t)
    assert report.probabilities.shape == (len(p), 8)
    np.testing.assert_allclose(report.probabilities.sum(axis=1), 1.0)
    assert ((report.type_probabilities >= 0) & (report.type_probabilities <= 1)).all()
    assert ((report.probabilities >= 0) & (report.probabilities <= 1)).all()


@given(portfolios(), seeds, thresholds)
def test_zero_noise_gives_the_actual_region_with_certainty(p: cx.Portfolio, seed: int, t) -> None:
    report = sensitivity(p, noise=0.0, samples=20, seed=seed, thresholds=t)
    actual = p.regions(t)
    assert report.regions.tolist() == actual.tolist()
    assert report.most_likely.tolist() == actual.tolist()
    assert (report.probabilities[np.arange(len(p)), actual] == 1.0).all()
    assert report.stable.all()
    assert report.fragile == ()


@given(portfolios(), seeds, thresholds)
def test_zero_noise_findings_match_check_balance(p: cx.Portfolio, seed: int, t) -> None:
    report = sensitivity(p, noise=0.0, samples=3, seed=seed, thresholds=t)
    codes = set(cx.check_balance(p, thresholds=t, warn=False).codes)
    for code in ("process-skew", "feature-bloat"):
        assert report.finding_probabilities[code] == (1.0 if code in codes else 0.0), code
    shares = cx.check_balance(p, thresholds=t, warn=False).innovation_shares
    assert report.process_shares[0] == shares[cx.InnovationType.PROCESS]


@given(
    st.floats(0.0, 0.25) | st.floats(0.75, 1.0),
    st.floats(0.0, 0.25) | st.floats(0.75, 1.0),
    st.floats(0.0, 0.25) | st.floats(0.75, 1.0),
    seeds,
)
def test_point_far_from_every_threshold_is_stable(v: float, d: float, f: float, seed: int) -> None:
    # 0.25 from a 0.5 threshold is five standard deviations of noise 0.05.
    p = cx.Portfolio([cx.Initiative("far", v, d, f)])
    report = sensitivity(p, noise=0.05, samples=400, seed=seed)
    assert report.stable.tolist() == [True]
    assert report.most_likely[0] == cx.region(p["far"])
    assert report.confidence[0] > 0.99


@given(portfolios(max_size=6), noises, seeds)
def test_same_seed_same_result(p: cx.Portfolio, noise: float, seed: int) -> None:
    one = sensitivity(p, noise=noise, samples=30, seed=seed)
    two = sensitivity(p, noise=noise, samples=30, seed=seed)
    for a, b in zip(_arrays(one), _arrays(two), strict=True):
        np.testing.assert_array_equal(a, b)
    assert one.finding_probabilities == two.finding_probabilities


@given(portfolios(max_size=5), seeds, st.integers(1, 2 * SAMPLE_BLOCK + 3))
def test_chunk_size_does_not_change_results(p: cx.Portfolio, seed: int, chunk: int) -> None:
    samples = 2 * SAMPLE_BLOCK + 7  # crosses two block boundaries
    whole = sensitivity(p, noise=0.2, samples=samples, seed=seed)
    chunked = sensitivity(p, noise=0.2, samples=samples, seed=seed, chunk_size=chunk)
    for a, b in zip(_arrays(whole), _arrays(chunked), strict=True):
        np.testing.assert_array_equal(a, b)


# --- sensitivity: behaviour ---------------------------------------------------------


def test_none_seed_is_recorded_and_repeats_the_run() -> None:
    p = cx.example_portfolio()
    first = sensitivity(p, samples=64)
    again = sensitivity(p, samples=64, seed=first.seed)
    np.testing.assert_array_equal(first.probabilities, again.probabilities)
    assert isinstance(first.seed, int)


def test_seed_sequence_is_accepted_and_not_consumed() -> None:
    p = cx.example_portfolio()
    ss = np.random.SeedSequence(7)
    a = sensitivity(p, samples=64, seed=ss)
    b = sensitivity(p, samples=64, seed=ss)
    np.testing.assert_array_equal(a.probabilities, b.probabilities)
    assert a.seed is ss


def test_different_seeds_differ() -> None:
    p = cx.example_portfolio()
    a = sensitivity(p, samples=200, seed=1).probabilities
    b = sensitivity(p, samples=200, seed=2).probabilities
    assert not np.array_equal(a, b)


def test_borderline_initiative_is_fragile_and_listed_first() -> None:
    p = cx.Portfolio(
        [
            cx.Initiative("clear", 0.9, 0.9, 0.1),
            cx.Initiative("edge", 0.5, 0.9, 0.1),  # on the viability threshold
        ]
    )
    report = sensitivity(p, noise=0.1, samples=2000, seed=0)
    assert report.fragile == ("edge",)
    assert report.names[report.order[0]] == "edge"
    probs = report.region_probabilities("edge")
    # Half the time viability drops below 0.5: people only; else emotional.
    assert probs[cx.Region.EMOTIONAL] == pytest.approx(0.5, abs=0.05)
    assert probs[cx.Region.PEOPLE_ONLY] == pytest.approx(0.5, abs=0.05)
    emotional = list(cx.InnovationType).index(cx.InnovationType.EMOTIONAL)
    assert report.type_probabilities[1, emotional] == pytest.approx(probs[cx.Region.EMOTIONAL])


def test_stability_threshold_is_configurable() -> None:
    p = cx.Portfolio([cx.Initiative("edge", 0.55, 0.9, 0.1)])
    loose = sensitivity(p, noise=0.1, samples=1000, seed=0, stability=0.5)
    strict = sensitivity(p, noise=0.1, samples=1000, seed=0, stability=0.95)
    assert loose.stable.tolist() == [True]
    assert strict.stable.tolist() == [False]


def test_per_initiative_and_per_score_noise() -> None:
    p = cx.Portfolio([cx.Initiative("a", 0.5, 0.9, 0.1), cx.Initiative("b", 0.5, 0.9, 0.1)])
    report = sensitivity(p, noise=[0.0, 0.2], samples=500, seed=3)
    assert report.stay_probabilities[0] == 1.0
    assert report.stay_probabilities[1] < 0.8
    # Per score: only feasibility is uncertain and it is far from its threshold.
    per_score = np.array([[0.0, 0.0, 0.05], [0.0, 0.0, 0.05]])
    report = sensitivity(p, noise=per_score, samples=500, seed=3)
    assert report.stable.all()
    assert report.to_dict()["noise"] == per_score.tolist()


def test_scores_are_clipped_to_the_unit_interval() -> None:
    # A threshold of 0 passes every clipped score, however large the noise.
    p = cx.Portfolio([cx.Initiative("low", 0.0, 0.0, 0.0)])
    report = sensitivity(p, noise=0.5, samples=300, seed=1, thresholds=cx.Thresholds.uniform(0))
    assert report.probabilities[0, cx.Region.CUSTOMER_EXPERIENCE] == 1.0


def test_empty_portfolio() -> None:
    report = sensitivity(cx.Portfolio(), samples=10, seed=0)
    assert report.probabilities.shape == (0, 8)
    assert report.fragile == ()
    assert report.finding_probabilities == {"process-skew": 0.0, "feature-bloat": 0.0}
    assert "0 of 0 fragile" in str(report)
    assert report.to_dict()["initiatives"] == []


def test_policy_changes_the_finding_probabilities() -> None:
    p = cx.example_portfolio()
    default = sensitivity(p, samples=300, seed=5)
    lenient = sensitivity(p, samples=300, seed=5, policy=cx.BalancePolicy(max_process_share=0.9))
    assert (
        lenient.finding_probabilities["process-skew"]
        < default.finding_probabilities["process-skew"]
    )
    counted = sensitivity(p, samples=300, seed=5, policy=cx.BalancePolicy(weight="count"))
    assert not np.array_equal(counted.process_shares, default.process_shares)


def test_process_shares_helper() -> None:
    codes = np.array([[5, 7, 3], [0, 1, 2]], dtype=np.uint8)
    np.testing.assert_allclose(process_shares(codes), [(3 + 1) / 9, 0.0])
    np.testing.assert_allclose(process_shares(codes, np.array([2.0, 1.0, 1.0])), [7 / 12, 0.0])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"noise": -0.1}, "noise"),
        ({"noise": float("nan")}, "noise"),
        ({"noise": float("inf")}, "noise"),
        ({"noise": "0.1"}, "noise"),
        ({"noise": True}, "noise"),
        ({"noise": [0.1, 0.2]}, "noise"),
        ({"noise": np.zeros((12, 2))}, "noise"),
        ({"samples": 0}, "samples"),
        ({"samples": 2.5}, "samples"),
        ({"samples": True}, "samples"),
        ({"seed": -1}, "seed"),
        ({"seed": "abc"}, "seed"),
        ({"stability": 0.0}, "stability"),
        ({"stability": 1.5}, "stability"),
        ({"chunk_size": 0}, "chunk_size"),
    ],
)
def test_bad_arguments_raise_field_errors(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(cx.FieldError) as info:
        sensitivity(cx.example_portfolio(), **kwargs)  # type: ignore[arg-type]
    assert info.value.field.startswith(field)
    assert isinstance(info.value, ValueError)


def test_negative_noise_entry_is_named() -> None:
    with pytest.raises(cx.FieldError, match=r"noise\[1\]"):
        sensitivity(
            cx.Portfolio([cx.Initiative("a", 1, 1, 1), cx.Initiative("b", 1, 1, 1)]),
            noise=[0.1, -1],
        )


def test_region_probabilities_of_an_unknown_name() -> None:
    report = sensitivity(cx.example_portfolio(), samples=10, seed=0)
    with pytest.raises(KeyError, match="nobody"):
        report.region_probabilities("nobody")


def test_text_dict_and_html() -> None:
    p = cx.example_portfolio()
    report = sensitivity(p, samples=200, seed=11)
    text = str(report)
    assert "200 samples, seed 11" in text
    assert "process-skew" in text and "feature-bloat" in text
    # fragile first: the first table row is the least confident initiative
    first = text.splitlines()[5]
    assert first.startswith(report.names[report.order[0]])
    d = report.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert [i["name"] for i in d["initiatives"]] == list(p.names)
    for row in d["initiatives"]:
        assert sum(row["region_probabilities"].values()) == pytest.approx(1.0)
    assert d["fragile"] == list(report.fragile)
    page = report._repr_html_()
    assert page.startswith("<table>") and "Two-way customer community" in page
    assert (
        "<script"
        not in sensitivity(
            cx.Portfolio([cx.Initiative("<script>", 0.5, 0.5, 0.5)]), samples=5, seed=0
        )._repr_html_()
    )


def test_memory_stays_bounded_for_large_runs() -> None:
    import tracemalloc

    n = 20_000
    rng = np.random.default_rng(0)
    p = cx.Portfolio.from_arrays([f"i{k}" for k in range(n)], *rng.random((3, n)))
    tracemalloc.start()
    sensitivity(p, samples=300, seed=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # all samples at once would take 300 * 3 * 20000 * 8 bytes = 144 MB
    assert peak < 100 * 2**20


# --- threshold sweep --------------------------------------------------------------


@given(portfolios(), st.integers(2, 30), thresholds)
def test_sweep_counts_sum_to_n_and_passing_is_monotone(p: cx.Portfolio, steps: int, t) -> None:
    sweep = threshold_sweep(p, steps=steps, thresholds=t)
    assert sweep.values[0] == 0.0 and sweep.values[-1] == 1.0
    for lens in cx.Lens:
        counts = sweep.counts[lens]
        assert counts.shape == (steps, 8)
        assert (counts.sum(axis=1) == len(p)).all()
        passing = sweep.passing(lens)
        assert (np.diff(passing) <= 0).all()  # never increases as the threshold rises
        assert passing[0] == len(p)  # every score passes 0
        shares = sweep.process_share[lens]
        assert ((shares >= 0) & (shares <= 1)).all()


@given(portfolios(max_size=8), st.sampled_from(list(cx.Lens)), thresholds)
def test_sweep_matches_check_balance_at_each_step(p: cx.Portfolio, lens: cx.Lens, t) -> None:
    import attrs

    sweep = threshold_sweep(p, lens=lens, steps=5, thresholds=t)
    for k, value in enumerate(sweep.values):
        moved = attrs.evolve(t, **{lens.criterion: float(value)})
        assert sweep.counts[lens][k].tolist() == list(p.counts(moved).values())
        shares = cx.check_balance(p, thresholds=moved, warn=False).innovation_shares
        assert sweep.process_share[lens][k] == shares[cx.InnovationType.PROCESS]


def test_sweep_lens_selection() -> None:
    p = cx.example_portfolio()
    assert threshold_sweep(p, lens="viability").lenses == (cx.Lens.BUSINESS,)
    assert threshold_sweep(p, lens="people").lenses == (cx.Lens.PEOPLE,)
    assert threshold_sweep(p, lens=["feasibility", cx.Lens.TECHNOLOGY]).lenses == (
        cx.Lens.TECHNOLOGY,
    )
    assert threshold_sweep(p).lenses == tuple(cx.Lens)
    with pytest.raises(cx.FieldError, match="lens"):
        threshold_sweep(p, lens="price")
    with pytest.raises(cx.FieldError, match="lens"):
        threshold_sweep(p, lens=[])
    with pytest.raises(cx.FieldError, match="steps"):
        threshold_sweep(p, steps=1)
    with pytest.raises(cx.FieldError, match="not swept"):
        threshold_sweep(p, lens="viability").passing(cx.Lens.PEOPLE)


def test_sweep_table_and_dict() -> None:
    p = cx.example_portfolio()
    sweep = threshold_sweep(p, steps=3, policy=cx.BalancePolicy(max_process_share=0.4))
    text = str(sweep)
    assert text.count("Sweeping the") == 3
    assert "process share > 0.4" in text
    d = sweep.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert [row["threshold"] for row in d["feasibility"]] == [0.0, 0.5, 1.0]
    middle = d["viability"][1]
    assert middle["counts"] == {r.name: n for r, n in p.counts().items()}
    assert middle["process_skew"] == (middle["process_share"] > 0.4)
    assert sweep._repr_html_().startswith("<pre>")


def test_sweep_of_empty_portfolio() -> None:
    sweep = threshold_sweep(cx.Portfolio(), steps=3)
    assert (sweep.counts[cx.Lens.BUSINESS] == 0).all()
    assert (sweep.process_share[cx.Lens.BUSINESS] == 0).all()


# --- charts -------------------------------------------------------------------------


def test_plot_sensitivity_draws_fragile_first() -> None:
    import matplotlib.pyplot as plt

    from cxmodel.uncertainty_plots import plot_sensitivity

    report = sensitivity(cx.example_portfolio(), samples=300, seed=2)
    ax = plot_sensitivity(report, top=5)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 5
    # the top row is the most fragile initiative
    assert labels[0] == report.names[report.order[0]]
    legend = ax.get_legend()
    assert legend is not None
    assert "Emotional innovation" in [t.get_text() for t in legend.get_texts()]
    plt.close(ax.figure)


def test_plot_sensitivity_on_given_axes() -> None:
    import matplotlib.pyplot as plt

    from cxmodel.uncertainty_plots import plot_sensitivity

    fig, ax = plt.subplots()
    out = plot_sensitivity(sensitivity(cx.example_portfolio(), samples=50, seed=2), ax=ax)
    assert out is ax
    with pytest.raises(cx.FieldError, match="top"):
        plot_sensitivity(sensitivity(cx.example_portfolio(), samples=5, seed=2), top=0)
    with pytest.raises(cx.FieldError, match="ax"):
        plot_sensitivity(sensitivity(cx.example_portfolio(), samples=5, seed=2), ax=fig)  # type: ignore[arg-type]
    plt.close(fig)


def test_plot_threshold_sweep() -> None:
    import matplotlib.pyplot as plt

    from cxmodel.uncertainty_plots import plot_threshold_sweep

    sweep = threshold_sweep(cx.example_portfolio(), steps=11)
    axes = plot_threshold_sweep(sweep)
    assert len(axes) == 3
    assert "viability" in axes[0].get_xlabel()
    one = plot_threshold_sweep(sweep, lens="people")
    assert len(one) == 1 and "desirability" in one[0].get_xlabel()
    plt.close("all")
    _, ax = plt.subplots()
    (drawn,) = plot_threshold_sweep(sweep, lens=cx.Lens.TECHNOLOGY, ax=ax)
    assert drawn is ax
    with pytest.raises(cx.FieldError, match="ax"):
        plot_threshold_sweep(sweep, ax=ax)  # three lenses, one axes
    plt.close("all")


# --- command line -------------------------------------------------------------------


@pytest.fixture
def example_csv(tmp_path: Path) -> Path:
    path = tmp_path / "portfolio.csv"
    cx.example_portfolio().to_csv(path)
    return path


def test_cli_sensitivity_text_and_json(
    example_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sensitivity", str(example_csv), "--samples", "100", "--seed", "4"]) == 0
    text = capsys.readouterr().out
    assert "100 samples, seed 4" in text
    args = ["sensitivity", str(example_csv), "--samples", "100", "--seed", "4", "--format", "json"]
    assert main([*args, "--noise", "0"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["noise"] == 0.0 and d["fragile"] == []


def test_cli_sensitivity_bad_options(
    example_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sensitivity", str(example_csv), "--noise", "-1"]) == 2
    assert "noise" in capsys.readouterr().err
    assert main(["sensitivity", str(example_csv), "--samples", "0"]) == 2
    assert "samples" in capsys.readouterr().err
    assert main(["sensitivity", "missing.csv"]) == 2


def test_cli_sweep(example_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", str(example_csv), "--steps", "3"]) == 0
    assert capsys.readouterr().out.count("Sweeping the") == 3
    assert main(["sweep", str(example_csv), "--lens", "viability", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(d["viability"]) == 21 and "desirability" not in d


# --- scale-out recipe (docs/scale-out.md) -------------------------------------------


def test_classify_arrays_as_a_pandas_vectorised_udf() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "viability": [0.9, 0.2, 0.6],
            "desirability": [0.8, 0.1, 0.3],
            "feasibility": [0.1, 0.9, 0.7],
        }
    )
    # the recipe: one call per batch of rows, region names via a categorical
    codes = cx.classify_arrays(df["viability"], df["desirability"], df["feasibility"])
    names = pd.Categorical.from_codes(codes, categories=[r.name for r in cx.Region])
    df = df.assign(region=names)
    assert df["region"].tolist() == ["EMOTIONAL", "TECHNOLOGY_ONLY", "PROCESS"]
    # batches give the answer of the whole frame
    parts = [
        cx.classify_arrays(b["viability"], b["desirability"], b["feasibility"])
        for _, b in df.groupby(np.arange(len(df)) // 2)
    ]
    assert np.concatenate(parts).tolist() == codes.tolist()


# --- classify_arrays bulk path (blocked validation, tuned by benchmarks/) -----------


@pytest.mark.parametrize("position", [0, 65_535, 65_536, 199_999])
@pytest.mark.parametrize("bad", [float("nan"), -0.5, 1.5, float("inf")])
def test_classify_arrays_names_the_first_bad_entry_in_any_block(position: int, bad: float) -> None:
    good = np.random.default_rng(0).random(200_000)
    broken = good.copy()
    broken[position] = bad
    with pytest.raises(cx.ScoreError, match=rf"desirability\[{position}\]"):
        cx.classify_arrays(good, broken, good)
    # the first field in order is reported, even if its bad entry is in a later block
    early = good.copy()
    early[5] = bad
    with pytest.raises(cx.ScoreError, match=r"viability\[199999\]"):
        cx.classify_arrays(np.where(np.arange(200_000) == 199_999, bad, good), early, good)


def test_classify_arrays_blocks_agree_with_region_everywhere() -> None:
    rng = np.random.default_rng(1)
    v, d, f = rng.random((3, 150_001))
    v[70_000] = -0.0  # a valid score the fast check leaves to the exact one
    t = cx.Thresholds(0.3, 0.6, 0.5)
    expected = (v >= 0.3) * 1 + (d >= 0.6) * 2 + (f >= 0.5) * 4
    np.testing.assert_array_equal(cx.classify_arrays(v, d, f, t), expected)
    np.testing.assert_array_equal(
        cx.classify_arrays(v[::3], d[::3], f[::3], t), expected[::3]
    )  # strided input
    square = cx.classify_arrays(
        v[:150_000].reshape(300, 500),
        d[:150_000].reshape(300, 500),
        f[:150_000].reshape(300, 500),
        t,
    )
    assert square.shape == (300, 500) and square.dtype == np.uint8
    np.testing.assert_array_equal(square.ravel(), expected[:150_000])


def test_huge_efforts_do_not_overflow_the_shares() -> None:
    p = cx.Portfolio.from_arrays(
        ["a", "b"], [0.9, 0.9], [0.1, 0.9], [0.9, 0.1], effort=[1e308, 1e308]
    )
    report = sensitivity(p, noise=0.0, samples=3, seed=0)
    shares = cx.check_balance(p, warn=False).innovation_shares
    assert report.process_shares.tolist() == [shares[cx.InnovationType.PROCESS]] * 3
    assert repr(report) == "<SensitivityReport of 2 initiatives, noise sd 0, 3 samples: 0 fragile>"
    assert repr(threshold_sweep(p, lens="people", steps=3)).startswith(
        "<ThresholdSweep of desirability over 3 values"
    )


def test_efforts_whose_tripled_total_overflows_give_the_balance_shares() -> None:
    # The total is finite but 3 * total is not: the shares' denominator must still be.
    p = cx.Portfolio.from_arrays(
        ["a", "b"], [0.9, 0.9], [0.1, 0.9], [0.9, 0.1], effort=[7e307, 7e307]
    )
    policy = cx.BalancePolicy(weight="effort")
    expected = cx.check_balance(p, policy, warn=False).innovation_shares
    report = sensitivity(p, noise=0.0, samples=3, seed=0, policy=policy)
    assert report.process_shares.tolist() == [expected[cx.InnovationType.PROCESS]] * 3
    sweep = threshold_sweep(p, steps=3, policy=policy)
    assert all(np.isfinite(shares).all() for shares in sweep.process_share.values())
    held = threshold_sweep(p, lens="people", steps=3, policy=policy).process_share[cx.Lens.PEOPLE]
    assert held[1] == expected[cx.InnovationType.PROCESS]  # threshold 0.5: the default


@pytest.mark.parametrize(
    ("options", "field"),
    [({"thresholds": 0.5}, "thresholds"), ({"policy": "strict"}, "policy")],
)
def test_bad_thresholds_or_policy_name_the_field(options: dict[str, Any], field: str) -> None:
    p = cx.example_portfolio()
    with pytest.raises(cx.FieldError, match=f"^{field} must be a "):
        sensitivity(p, samples=5, seed=0, **options)
    with pytest.raises(cx.FieldError, match=f"^{field} must be a "):
        threshold_sweep(p, steps=3, **options)


def test_report_keeps_the_policy_and_cli_takes_policy_options(
    example_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = cx.BalancePolicy(max_process_share=0.6, weight="count")
    report = sensitivity(cx.example_portfolio(), samples=50, seed=0, policy=policy)
    assert report.policy is policy
    assert report.to_dict()["policy"]["max_process_share"] == 0.6
    args = ["sensitivity", str(example_csv), "--samples", "50", "--seed", "0", "--format", "json"]
    assert main([*args, "--max-process-share", "0.6", "--weight", "count"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["policy"]["weight"] == "count"
    assert d["findings"] == report.to_dict()["findings"]
    assert main(["sweep", str(example_csv), "--format", "json", "--max-process-share", "0.3"]) == 0
    assert json.loads(capsys.readouterr().out)["max_process_share"] == 0.3


def test_plot_threshold_sweep_takes_the_axes_grid_of_subplots() -> None:
    import matplotlib.pyplot as plt

    from cxmodel.uncertainty_plots import plot_threshold_sweep

    sweep = threshold_sweep(cx.example_portfolio(), steps=3)
    fig, grid = plt.subplots(1, 3)  # a numpy array of Axes
    assert plot_threshold_sweep(sweep, ax=grid) == list(grid)
    with pytest.raises(cx.FieldError, match=r"^ax must be a matplotlib Axes"):
        plot_threshold_sweep(sweep, ax=[grid[0], "b", grid[2]])  # type: ignore[list-item]
    plt.close(fig)


def test_charts_name_a_wrong_report() -> None:
    from cxmodel.uncertainty_plots import plot_sensitivity, plot_threshold_sweep

    sweep = threshold_sweep(cx.example_portfolio(), steps=3)
    with pytest.raises(cx.FieldError, match=r"^report must be a SensitivityReport"):
        plot_sensitivity(sweep)  # type: ignore[arg-type]
    with pytest.raises(cx.FieldError, match=r"^sweep must be a ThresholdSweep"):
        plot_threshold_sweep(sensitivity(cx.example_portfolio(), samples=5, seed=0))  # type: ignore[arg-type]


def test_charts_of_an_empty_portfolio() -> None:
    import matplotlib.pyplot as plt

    from cxmodel.uncertainty_plots import plot_sensitivity, plot_threshold_sweep

    ax = plot_sensitivity(sensitivity(cx.Portfolio(), samples=5, seed=0))
    assert len(ax.get_yticklabels()) == 0
    assert len(plot_threshold_sweep(threshold_sweep(cx.Portfolio(), steps=3))) == 3
    plt.close("all")
