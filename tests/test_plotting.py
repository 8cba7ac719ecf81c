"""Charts: inspect the artists and their geometry, never screenshots."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

import cxmodel as cx
from cxmodel.plotting._base import SCORES_FIGSIZE
from cxmodel.plotting.venn import KEY_ORDER, figure_size
from cxmodel.portfolio import REGION_COLORS

from .strategies import portfolios, thresholds


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def new_ax() -> plt.Axes:
    return Figure(figsize=(8, 7.5)).add_subplot()


def random_portfolio(n: int, seed: int = 0) -> cx.Portfolio:
    rng = np.random.default_rng(seed)
    return cx.Portfolio.from_arrays(
        [f"idea {k}" for k in range(n)], *rng.random((3, n)), effort=rng.uniform(0.5, 9, n)
    )


def texts(ax: plt.Axes) -> list[str]:
    return [" ".join(t.get_text().split()) for t in ax.texts]


# --- plot_venn: geometry of the markers -------------------------------------------------------


@given(portfolios(max_size=12), thresholds)
def test_every_marker_lies_inside_exactly_its_passing_lenses(
    portfolio: cx.Portfolio, limits: cx.Thresholds
) -> None:
    chart = cx.plot_venn(portfolio, ax=new_ax(), thresholds=limits, labels=False)
    assert set(chart.positions) == set(portfolio.names)
    for initiative in portfolio:
        x, y = chart.positions[initiative.name]
        expected = cx.region(initiative, limits)
        assert chart.region_at(x, y) is expected
        for lens, ((cx_, cy), r) in chart.circles.items():
            inside = math.hypot(x - cx_, y - cy) < r
            assert inside == (initiative.score(lens) >= limits.for_lens(lens))
    plt.close("all")


def test_scores_exactly_at_the_thresholds_pass() -> None:
    limits = cx.Thresholds(0.6, 0.4, 0.7)
    p = cx.Portfolio(
        [cx.Initiative("edge", 0.6, 0.4, 0.7), cx.Initiative("below", 0.59, 0.4, 0.7)]
    )
    chart = cx.plot_venn(p, ax=new_ax(), thresholds=limits)
    assert chart.region_at(*chart.positions["edge"]) is cx.Region.CUSTOMER_EXPERIENCE
    assert chart.region_at(*chart.positions["below"]) is cx.Region.FUNCTIONAL


def test_one_collection_per_region_with_the_marker_positions() -> None:
    p = random_portfolio(400)
    chart = cx.plot_venn(p, ax=new_ax())
    codes = p.regions()
    occupied = {cx.Region(c) for c in np.unique(codes)}
    assert set(chart.markers) == occupied
    assert len(chart.ax.collections) == len(occupied)
    for region, collection in chart.markers.items():
        offsets = np.asarray(collection.get_offsets())
        names = [n for n, c in zip(p.names, codes, strict=True) if c == region]
        assert np.allclose(offsets, [chart.positions[n] for n in names])


def test_positions_are_distinct_and_deterministic() -> None:
    p = random_portfolio(300, seed=3)
    first = cx.plot_venn(p, ax=new_ax()).positions
    second = cx.plot_venn(p, ax=new_ax()).positions
    assert first == second
    assert len(set(first.values())) == len(p)


def test_ten_thousand_initiatives() -> None:
    p = random_portfolio(10_000, seed=1)
    chart = cx.plot_venn(p, ax=new_ax())
    assert len(chart.positions) == 10_000
    assert chart.names == {}  # too many to name
    xy = np.array(list(chart.positions.values()))
    codes = chart.layout.regions_at(xy[:, 0], xy[:, 1])
    assert np.array_equal(codes, p.regions())
    shown = {r: int(t.get_text().split()[-1].replace(",", "")) for r, t in chart.counts.items()}
    assert shown == p.counts()


def test_marker_area_grows_with_effort() -> None:
    p = cx.Portfolio(
        [cx.Initiative(f"i{e}", 0.9, 0.9, 0.9, effort=e) for e in (1, 2, 4, 8)],
    )
    chart = cx.plot_venn(p, ax=new_ax())
    sizes = chart.markers[cx.Region.CUSTOMER_EXPERIENCE].get_sizes()
    assert list(sizes) == sorted(sizes)
    assert sizes[0] < sizes[-1]


def test_markers_of_one_size_are_one_stamped_marker() -> None:
    # One size per region lets matplotlib rasterise the marker once (its fast path).
    rng = np.random.default_rng(3)
    flat = cx.Portfolio.from_arrays([f"idea {k}" for k in range(60)], *rng.random((3, 60)))
    chart = cx.plot_venn(flat, ax=new_ax(), labels=False)
    assert all(len(c.get_sizes()) == 1 for c in chart.markers.values())
    assert sum(len(c.get_offsets()) for c in chart.markers.values()) == 60
    varied = cx.plot_venn(random_portfolio(60), ax=new_ax(), labels=False)
    assert sum(len(c.get_sizes()) for c in varied.markers.values()) == 60


def test_markers_in_view() -> None:
    chart = cx.plot_venn(random_portfolio(200), ax=new_ax())
    xmin, xmax = chart.ax.get_xlim()
    ymin, ymax = chart.ax.get_ylim()
    for x, y in chart.positions.values():
        assert xmin < x < xmax
        assert ymin < y < ymax


# --- plot_venn: text ---------------------------------------------------------------------


def test_lens_titles_region_names_and_counts() -> None:
    p = cx.example_portfolio()
    chart = cx.plot_venn(p, ax=new_ax())
    shown = texts(chart.ax)
    for title in ("Business (viable)", "People (desirable)", "Technology (feasible)"):
        assert title in shown
    for name in (
        "Emotional innovation",
        "Process innovation",
        "Functional innovation",
        "Customer experience",
    ):
        assert name in shown
    for region, label in chart.region_labels.items():  # each name inside its own region
        assert chart.region_at(*label.get_position()) is region
    held = {r for r, n in p.counts().items() if n}
    innovations = {r for r in cx.Region if r.is_innovation}
    assert set(chart.region_labels) == held | innovations  # empty single lenses stay quiet
    for region in chart.region_labels:
        assert chart.region_labels[region].get_text().startswith(region.label)
    assert cx.Region.NONE not in chart.region_labels  # nothing outside: no "No lens passes: 0"
    for region, text in chart.counts.items():
        assert text.get_text().split()[-1] == str(p.counts()[region])
    assert chart.titles[cx.Lens.BUSINESS].get_text() == "Business (viable)"


def test_every_region_holding_initiatives_is_named() -> None:
    p = random_portfolio(60, seed=4)
    chart = cx.plot_venn(p, ax=new_ax(), labels=False)
    for region, n in p.counts().items():
        assert n > 0
        assert chart.region_labels[region].get_text().startswith(region.label)
    assert chart.region_labels[cx.Region.NONE].get_text() == (
        f"No lens passes: {p.counts()[cx.Region.NONE]}"
    )
    single = p.counts()[cx.Region.BUSINESS_ONLY]
    assert chart.region_labels[cx.Region.BUSINESS_ONLY].get_text() == f"Business only\n{single}"
    assert chart.counts[cx.Region.BUSINESS_ONLY] is chart.region_labels[cx.Region.BUSINESS_ONLY]
    bare = cx.plot_venn(p, ax=new_ax(), labels=False, counts=False)
    assert bare.region_labels[cx.Region.BUSINESS_ONLY].get_text() == "Business only"
    assert cx.Region.NONE.label == "No lens passes"


def test_counts_can_be_switched_off() -> None:
    chart = cx.plot_venn(cx.example_portfolio(), ax=new_ax(), counts=False)
    assert chart.counts == {}
    assert chart.label_mode == "names"
    assert "3" not in texts(chart.ax)


def test_names_beside_markers_for_small_portfolios() -> None:
    p = cx.example_portfolio()
    chart = cx.plot_venn(p, ax=new_ax())
    assert set(chart.names) == set(p.names)
    for name, text in chart.names.items():
        assert text.get_text() == name  # the exact name, though drawn wrapped onto lines
        assert " ".join(text.shown.split()) == name  # type: ignore[attr-defined]
        assert text.xy == pytest.approx(chart.positions[name])  # annotates its own marker
    assert set(p.names) <= {t.get_text() for t in chart.ax.texts}
    assert any("\n" in t.shown for t in chart.names.values())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("labels", "size", "mode"),
    [
        (True, 12, "names"),
        ("names", 12, "names"),
        ("all", 12, "names"),
        ("auto", 5, "names"),
        ("auto", 20, "names"),
        ("auto", 21, "numbers"),
        ("auto", 31, "numbers"),
        ("numbers", 5, "numbers"),
        (False, 5, "none"),
        ("auto", 301, "none"),
    ],
)
def test_labels_option(labels: object, size: int, mode: str) -> None:
    p = random_portfolio(size)
    chart = cx.plot_venn(p, ax=Figure(figsize=(13, 8)).add_subplot(), labels=labels)  # type: ignore[arg-type]
    assert chart.label_mode == mode
    assert len(chart.names) == (0 if mode == "none" else size)
    assert len(chart.numbers) == (size if mode == "numbers" else 0)
    assert (chart.key == {}) == (mode != "numbers")
    if mode == "numbers":
        assert sorted(int(t.get_text()) for t in chart.numbers.values()) == list(
            range(1, size + 1)
        )
        assert chart.key == chart.names


def test_no_text_overlaps_on_the_example_portfolio() -> None:
    fig = Figure(figsize=(9, 8.5), layout="constrained")
    chart = cx.plot_venn(cx.example_portfolio(), ax=fig.add_subplot())
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    # Text.get_window_extent: the words only, not an annotation's leader line.
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in chart.ax.texts]
    for k, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[k + 1 :]:
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


def test_names_do_not_cover_markers_on_the_example_portfolio() -> None:
    fig = Figure(figsize=(9, 8.5), layout="constrained")
    chart = cx.plot_venn(cx.example_portfolio(), ax=fig.add_subplot())
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    to_pixels = chart.ax.transData.transform
    for text in chart.names.values():
        box = Text.get_window_extent(text, canvas.get_renderer())
        for x, y in chart.positions.values():
            px, py = to_pixels((x, y))
            assert not box.contains(px, py), text.get_text()


def test_title_none_by_default_or_given() -> None:
    assert cx.plot_venn(cx.example_portfolio(), ax=new_ax()).ax.get_title() == ""
    assert cx.plot_venn([], ax=new_ax(), title="Q3 bets").ax.get_title() == "Q3 bets"


def test_save_chart_titles_the_venn_chart(tmp_path: Path) -> None:
    from cxmodel.plotting import save_chart

    out = save_chart(cx.example_portfolio(), tmp_path / "v.svg")
    assert "12 initiatives" in out.read_text()


# --- plot_venn: colours, axes, input --------------------------------------------------------


def test_default_colours_are_the_region_palette() -> None:
    chart = cx.plot_venn(cx.example_portfolio(), ax=new_ax())
    for region, collection in chart.markers.items():
        assert tuple(collection.get_facecolor()[0]) == pytest.approx(
            to_rgba(REGION_COLORS[region])
        )


def test_colours_override_per_region() -> None:
    chart = cx.plot_venn(
        cx.example_portfolio(), ax=new_ax(), colors={cx.Region.PROCESS: "tab:red"}
    )
    face = chart.markers[cx.Region.PROCESS].get_facecolor()[0]
    assert tuple(face) == pytest.approx(to_rgba("tab:red"))
    other = chart.markers[cx.Region.EMOTIONAL].get_facecolor()[0]
    assert tuple(other) == pytest.approx(to_rgba(REGION_COLORS[cx.Region.EMOTIONAL]))


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"colors": {cx.Region.PROCESS: "not-a-colour"}}, "colors"),
        ({"colors": {42: "red"}}, "colors"),
        ({"colors": ["red"]}, "colors"),
        ({"labels": "some"}, "labels"),
        ({"counts": "yes"}, "counts"),
        ({"thresholds": 0.5}, "thresholds"),
        ({"ax": "not an axes"}, "ax"),
    ],
)
def test_bad_options(options: dict[str, object], field: str) -> None:
    options.setdefault("ax", new_ax())
    with pytest.raises(cx.FieldError, match=field):
        cx.plot_venn(cx.example_portfolio(), **options)  # type: ignore[arg-type]


def test_bad_portfolio() -> None:
    with pytest.raises(cx.FieldError, match="portfolio"):
        cx.plot_venn("not a portfolio", ax=new_ax())  # type: ignore[arg-type]


def test_given_ax_is_honoured() -> None:
    fig = Figure()
    left, right = fig.subplots(1, 2)
    chart = cx.plot_venn(cx.example_portfolio(), ax=right)
    assert chart.ax is right
    assert chart.figure is fig
    assert not left.collections
    assert not left.texts
    assert right.get_aspect() == 1.0
    assert not right.axison


def test_no_ax_draws_on_the_current_axes() -> None:
    fig, ax = plt.subplots()
    chart = cx.plot_venn(cx.example_portfolio())
    assert chart.ax is ax
    assert chart.figure is fig


def test_empty_portfolio_and_plain_initiatives() -> None:
    empty = cx.plot_venn(cx.Portfolio(), ax=new_ax())
    assert empty.positions == {}
    assert empty.markers == {}
    assert {t.get_text().split()[-1] for t in empty.counts.values()} == {"0"}
    assert set(empty.counts) == {r for r in cx.Region if r.is_innovation}  # the rest is quiet
    listed = cx.plot_venn(list(cx.example_portfolio()), ax=new_ax())
    assert len(listed.positions) == 12


def test_works_in_a_subfigure_and_leaves_rcparams_alone() -> None:
    before = dict(matplotlib.rcParams)
    fig = Figure()
    chart = cx.plot_venn(cx.example_portfolio(), ax=fig.subfigures(1, 2)[1].add_subplot())
    assert chart.figure is not fig
    assert dict(matplotlib.rcParams) == before


def test_import_cxmodel_does_not_import_matplotlib() -> None:
    code = "import sys, cxmodel; cxmodel.plot_venn; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # the name resolves lazily; matplotlib loads on a call


# --- plot_scores ------------------------------------------------------------------------------


def _collection(ax: plt.Axes, label: str) -> object | None:
    return next((c for c in ax.collections if c.get_label() == label), None)


def test_scores_matrix_axes_thresholds_and_quadrants() -> None:
    limits = cx.Thresholds(viability=0.5, desirability=0.6, feasibility=0.4)
    ax = cx.plot_scores(cx.example_portfolio(), ax=new_ax(), thresholds=limits)
    assert "Feasibility" in ax.get_xlabel()
    assert "Desirability" in ax.get_ylabel()
    verticals = [ln.get_xdata()[0] for ln in ax.lines if len(set(ln.get_xdata())) == 1]
    horizontals = [ln.get_ydata()[0] for ln in ax.lines if len(set(ln.get_ydata())) == 1]
    assert 0.4 in verticals
    assert 0.6 in horizontals
    shown = texts(ax)
    assert "Functional innovation" in shown
    assert "Desirable, not feasible" in shown
    assert "Feasible, not desirable" in shown
    assert "Neither feasible nor desirable" in shown


@pytest.mark.parametrize(
    ("x", "y", "kind"),
    [
        ("viability", "desirability", "Emotional innovation"),
        (cx.Lens.TECHNOLOGY, cx.Lens.BUSINESS, "Process innovation"),
        ("People", "technology", "Functional innovation"),
    ],
)
def test_scores_any_two_criteria(x: object, y: object, kind: str) -> None:
    p = cx.example_portfolio()
    ax = cx.plot_scores(p, x, y, ax=new_ax())  # type: ignore[arg-type]
    assert kind in texts(ax)
    xs = np.concatenate(
        [
            c.get_offsets()[:, 0]
            for c in ax.collections
            if c.get_label() in {r.label for r in cx.Region}
        ]
    )
    scores = np.sort(getattr(p, cx.plotting._base._criterion(x, "x")))
    # Initiatives sharing both scores are spread a little, never as far as the next score.
    assert np.abs(np.sort(xs) - scores).max() < 0.125


def test_scores_bubbles_sit_at_the_scores_and_grow_with_effort() -> None:
    p = cx.Portfolio([cx.Initiative(f"i{e}", 0.9, 0.2 * e / 4, 0.8, effort=e) for e in (1, 2, 4)])
    ax = cx.plot_scores(p, ax=new_ax())
    bubbles = [c for c in ax.collections if c.get_label() in {r.label for r in cx.Region}]
    offsets = np.concatenate([np.asarray(c.get_offsets()) for c in bubbles])
    assert sorted(map(tuple, offsets.round(6))) == sorted(
        zip(p.feasibility.round(6), p.desirability.round(6), strict=True)
    )
    sizes = np.concatenate([c.get_sizes() for c in bubbles])
    assert sizes[0] < sizes[1] < sizes[2]


def test_scores_highlight_the_feature_bloat_candidates() -> None:
    p = cx.example_portfolio()
    report = cx.check_balance(p, warn=False)
    expected = next(f.initiatives for f in report.findings if f.code == "feature-bloat")
    ax = cx.plot_scores(p, ax=new_ax())
    rings = _collection(ax, "Feature-bloat candidate")
    assert rings is not None
    got = {tuple(xy) for xy in np.asarray(rings.get_offsets()).round(6)}  # type: ignore[attr-defined]
    assert got == {(round(p[n].feasibility, 6), round(p[n].desirability, 6)) for n in expected}
    assert set(texts(ax)) >= set(p.names)


def test_scores_without_bloat_have_no_rings_and_policy_is_used() -> None:
    p = cx.example_portfolio()
    strict = cx.BalancePolicy(bloat_feasibility=1.0, bloat_gap=1.0)
    assert (
        _collection(cx.plot_scores(p, ax=new_ax(), policy=strict), "Feature-bloat candidate")
        is None
    )


@pytest.mark.parametrize(
    ("args", "field"), [(("feasibility", "feasibility"), "y"), (("cost", "desirability"), "x")]
)
def test_scores_bad_criteria(args: tuple[str, str], field: str) -> None:
    with pytest.raises(cx.FieldError, match=field):
        cx.plot_scores(cx.example_portfolio(), *args, ax=new_ax())


def test_scores_names_option_and_empty_portfolio() -> None:
    p = cx.example_portfolio()
    assert not set(p.names) & set(texts(cx.plot_scores(p, ax=new_ax(), labels=False)))
    ax = cx.plot_scores(cx.Portfolio(), ax=new_ax())
    assert _collection(ax, "Feature-bloat candidate") is None
    with pytest.raises(cx.FieldError, match="labels"):
        cx.plot_scores(p, ax=new_ax(), labels="some")  # type: ignore[arg-type]


def test_scores_default_axes() -> None:
    _, ax = plt.subplots()
    assert cx.plot_scores(cx.example_portfolio()) is ax


# --- plot_balance ---------------------------------------------------------------------------


def _limit_levels(ax: plt.Axes) -> set[float]:
    return {
        round(float(segment[0][1]), 6)
        for c in ax.collections
        for segment in c.get_segments()  # type: ignore[attr-defined]
    }


def test_balance_bars_are_the_innovation_shares() -> None:
    p = cx.example_portfolio()
    report = cx.check_balance(p, warn=False)
    for source in (p, report):
        ax = cx.plot_balance(source, ax=new_ax())
        heights = [bar.get_height() for bar in ax.patches]
        assert heights == pytest.approx([report.innovation_shares[t] for t in cx.InnovationType])
        assert [t.get_text() for t in ax.get_xticklabels()] == [t.label for t in cx.InnovationType]
        assert _limit_levels(ax) == {0.5}
        assert any("over the limit" in t for t in texts(ax))


def test_balance_policy_and_thresholds_apply_to_a_portfolio() -> None:
    p = cx.example_portfolio()
    policy = cx.BalancePolicy(max_process_share=0.6, weight="count")
    ax = cx.plot_balance(p, ax=new_ax(), policy=policy, thresholds=cx.Thresholds())
    assert _limit_levels(ax) == {0.6}
    assert "initiatives" in ax.get_ylabel()
    assert not any("over the limit" in t for t in texts(ax))


def test_balance_of_a_report_refuses_extra_options() -> None:
    report = cx.check_balance(cx.example_portfolio(), warn=False)
    with pytest.raises(cx.FieldError, match="policy"):
        cx.plot_balance(report, ax=new_ax(), policy=cx.BalancePolicy())


def test_balance_without_innovation() -> None:
    ax = cx.plot_balance(cx.Portfolio([cx.Initiative("a", 0.1, 0.1, 0.1)]), ax=new_ax())
    assert [bar.get_height() for bar in ax.patches] == [0.0, 0.0, 0.0]
    assert "No initiative is an innovation yet" in texts(ax)


# --- plot_roadmap -------------------------------------------------------------------------------


def test_roadmap_columns_arrows_and_critical_path() -> None:
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    p = cx.example_portfolio()
    plan = cx.roadmap(p)
    ax = cx.plot_roadmap(p, ax=new_ax())
    boxes = [a for a in ax.patches if isinstance(a, FancyBboxPatch)]
    assert len(boxes) == len(p)
    labels = {" ".join(t.get_text().split()): t for t in ax.texts}
    for column, phase in enumerate(plan.phases):
        assert f"Phase {column + 1}" in labels
        for name in phase:
            assert labels[name].get_position()[0] == column
    arrows = [a for a in ax.patches if isinstance(a, FancyArrowPatch)]
    assert len(arrows) == sum(len(i.depends_on) for i in p)
    hot = [a for a in arrows if a.get_linewidth() > 2]
    assert len(hot) == len(plan.critical_path) - 1

    def key(x: float, y: float) -> tuple[float, float]:
        return (round(x, 6), round(y, 6))

    centred = {key(*t.get_position()): " ".join(t.get_text().split()) for t in ax.texts}
    thick = {
        centred[key(b.get_x() + b.get_width() / 2, b.get_y() + b.get_height() / 2)]
        for b in boxes
        if b.get_linewidth() > 2
    }
    assert thick == set(plan.critical_path)


def test_roadmap_rows_keep_dependants_next_to_dependencies() -> None:
    p = cx.Portfolio(
        [
            cx.Initiative("a", 0.5, 0.5, 0.5),
            cx.Initiative("b", 0.5, 0.5, 0.5),
            cx.Initiative("c", 0.5, 0.5, 0.5, depends_on=["b"]),
        ]
    )
    rows = cx.plotting._roadmap_layout.roadmap_rows(
        cx.roadmap(p).phases, cx.plotting._roadmap_layout.dependency_edges(p)
    )
    assert rows["b"][1] == rows["c"][1]  # a straight arrow, no crossing


def test_roadmap_of_an_empty_portfolio() -> None:
    ax = cx.plot_roadmap(cx.Portfolio(), ax=new_ax())
    assert "0 phases" in ax.get_title()


def test_roadmap_bad_dependencies_raise() -> None:
    p = cx.Portfolio([cx.Initiative("a", 0.5, 0.5, 0.5, depends_on=["ghost"])])
    with pytest.raises(cx.UnknownDependencyError):
        cx.plot_roadmap(p, ax=new_ax())


# --- files and the command line -----------------------------------------------------------------

MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}


@pytest.mark.parametrize("kind", ["venn", "scores", "balance", "roadmap"])
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_chart_command_writes_every_kind_and_format(
    tmp_path: Path, kind: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    source = tmp_path / "p.csv"
    cx.example_portfolio().to_csv(source)
    out = tmp_path / f"chart.{fmt}"
    assert main(["chart", str(source), "-o", str(out), "--kind", kind]) == 0
    assert out.read_bytes().startswith(MAGIC[fmt])
    assert str(out) in capsys.readouterr().err


def test_chart_command_rejects_unknown_extensions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    out = tmp_path / "chart.gif"
    assert main(["chart", "no-such-file.csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert ".png, .svg or .pdf" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_chart_command_bad_input_and_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cxmodel.cli import main

    out = str(tmp_path / "c.png")
    assert main(["chart", "no-such-file.csv", "-o", out]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["chart", "x.csv", "-o", out, "--kind", "pie"]) == 2


def test_demo_writes_the_venn_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.cli import main

    out = tmp_path / "demo.svg"
    assert main(["demo", "--chart", str(out)]) == 0
    assert out.read_bytes().startswith(MAGIC["svg"])
    assert str(out) in capsys.readouterr().out


def test_save_chart_leaves_pyplot_alone(tmp_path: Path) -> None:
    from cxmodel.plotting import save_chart

    before = plt.get_fignums()
    save_chart(cx.example_portfolio(), tmp_path / "v.png", kind="venn")
    assert plt.get_fignums() == before
    with pytest.raises(cx.FieldError, match="kind"):
        save_chart(cx.example_portfolio(), tmp_path / "v.png", kind="pie")


def _tight_png(fig: Figure, path: Path) -> np.ndarray:
    fig.savefig(path, dpi=150, bbox_inches="tight", pad_inches=0.25)
    return _png(path)[1]


def _png(path: Path) -> tuple[Image.Image, np.ndarray]:
    """The image (closed, its mode and info kept) and its pixels."""
    with Image.open(path) as image:
        return image, np.asarray(image).astype(int)


@pytest.mark.parametrize("kind", ["venn", "scores", "schedule"])
def test_save_chart_png_is_matplotlibs_tight_crop_drawn_once_without_alpha(
    tmp_path: Path, kind: str
) -> None:
    from cxmodel.plotting import CHART_KINDS, save_chart

    portfolio = cx.example_portfolio()
    subject: Any = cx.schedule(portfolio, capacity=8.0) if kind == "schedule" else portfolio
    ours, pixels = _png(save_chart(subject, tmp_path / "ours.png", kind=kind))
    chart = CHART_KINDS[kind]
    options: dict[str, Any] = {"thresholds": None, "policy": None}
    fig = Figure(figsize=chart.size(subject, options))
    chart.draw(fig, subject, options)
    theirs = _tight_png(fig, tmp_path / "theirs.png")
    assert ours.mode == "RGB" and theirs.shape[2] == 4  # matplotlib keeps an unused alpha
    assert pixels.shape == theirs[..., :3].shape
    assert ours.info["dpi"] == pytest.approx((150, 150), abs=0.1)
    # The same picture: matplotlib shifts it by a fraction of a pixel, so compare the
    # average of 8x8 blocks (a missing word or a shift of a few pixels is far above this).
    difference = np.abs(_blocks(pixels) - _blocks(theirs[..., :3]))
    assert difference.mean() < 1.5 and difference.max() < 40
    moved = np.abs(_blocks(np.roll(pixels, 4, axis=1)) - _blocks(theirs[..., :3]))
    assert moved.max() >= 40  # four pixels off is caught


def _blocks(pixels: np.ndarray, size: int = 8) -> np.ndarray:
    grey = pixels.astype(float).mean(axis=2)
    h, w = (grey.shape[0] // size) * size, (grey.shape[1] // size) * size
    return grey[:h, :w].reshape(h // size, size, w // size, size).mean(axis=(1, 3))


@pytest.mark.parametrize("pad", [0.02, 0.25, 0.6])
def test_save_png_crops_as_matplotlib_with_a_pad_inside_or_past_the_edge(
    tmp_path: Path, pad: float
) -> None:
    from cxmodel.plotting._png import save_png

    def figure() -> Figure:
        fig = Figure(figsize=(4, 3))
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1])
        ax.text(0.0, 1.0, "near the top edge", transform=fig.transFigure, va="top")
        return fig

    save_png(figure(), tmp_path / "ours.png", dpi=100, pad=pad)
    ours = _png(tmp_path / "ours.png")[1]
    fig = figure()
    fig.savefig(tmp_path / "theirs.png", dpi=100, bbox_inches="tight", pad_inches=pad)
    theirs = _png(tmp_path / "theirs.png")[1]
    assert ours.shape[:2] == theirs.shape[:2]
    difference = np.abs(_blocks(ours) - _blocks(theirs[..., :3]))
    assert difference.mean() < 1.5 and difference.max() < 40


def test_save_png_leaves_content_past_the_figure_edge_to_matplotlib(tmp_path: Path) -> None:
    from cxmodel.plotting._png import save_png

    def figure() -> Figure:
        fig = Figure(figsize=(3, 2))
        fig.add_subplot().text(1.4, 0.5, "past the right edge", transform=fig.axes[0].transAxes)
        return fig

    save_png(figure(), tmp_path / "ours.png", dpi=150, pad=0.25)
    ours = _png(tmp_path / "ours.png")[1]
    theirs = _tight_png(figure(), tmp_path / "theirs.png")
    assert ours.shape[1] > 3 * 150  # wider than the figure: the text is all there
    assert np.array_equal(ours, theirs[..., :3])


def test_save_png_keeps_the_alpha_of_a_see_through_chart(tmp_path: Path) -> None:
    from cxmodel.plotting import save_chart

    with matplotlib.rc_context({"figure.facecolor": "none"}):
        clear, pixels = _png(save_chart(cx.example_portfolio(), tmp_path / "c.png", kind="scores"))
    assert clear.mode == "RGBA"
    assert pixels[..., 3].min() == 0


def test_save_chart_plans_a_roadmap_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cxmodel.planning
    from cxmodel.plotting import save_chart

    calls = []
    plan = cxmodel.planning.roadmap

    def counted(*args: Any, **kwargs: Any) -> cx.Roadmap:
        calls.append(args)
        return plan(*args, **kwargs)

    monkeypatch.setattr(cxmodel.planning, "roadmap", counted)
    out = save_chart(cx.example_portfolio(), tmp_path / "r.svg", kind="roadmap")
    assert len(calls) == 1
    assert "Roadmap: 2 phases" in out.read_text()
    with pytest.raises(cx.FieldError, match="thresholds"):
        save_chart(cx.example_portfolio(), tmp_path / "r.png", kind="roadmap", thresholds=0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("x", [" Viability", cx.Lens.BUSINESS, "business"])
def test_plot_scores_takes_a_lens_by_any_name(x: object) -> None:
    ax = cx.plot_scores(cx.example_portfolio(), x, "people", ax=new_ax())  # type: ignore[arg-type]
    assert ax.get_xlabel() == "Viability (business lens)"
    assert ax.get_ylabel() == "Desirability (people lens)"
    with pytest.raises(cx.FieldError, match=r"^y must be a Lens, a criterion .* got 'cost'"):
        cx.plot_scores(cx.example_portfolio(), x, "cost", ax=new_ax())  # type: ignore[arg-type]


def test_roadmap_chart_writes_counts_and_efforts_as_the_text_report() -> None:
    p = cx.Portfolio(
        [
            cx.Initiative("Platform", 0.8, 0.3, 0.9, effort=265_914.2),
            cx.Initiative("Portal", 0.8, 0.8, 0.8, effort=1.25, depends_on=["Platform"]),
        ]
    )
    ax = cx.plot_roadmap(p, ax=new_ax())
    assert ax.get_title() == "Roadmap: 2 phases, critical path effort 265,915"
    assert "Critical path (effort 265,915)" in str(cx.roadmap(p))
    texts = [t.get_text() for t in ax.texts]
    assert "1 initiative, effort 265,914" in texts and "1 initiative, effort 1.25" in texts


@pytest.mark.parametrize(
    ("options", "field"), [({"policy": "strict"}, "policy"), ({"thresholds": 0.5}, "thresholds")]
)
def test_plot_scores_checks_policy_and_thresholds_before_drawing(
    options: dict[str, Any], field: str
) -> None:
    ax = new_ax()
    with pytest.raises(cx.FieldError, match=f"^{field} must be a "):
        cx.plot_scores(cx.example_portfolio(), ax=ax, **options)
    assert not ax.patches and not ax.lines  # nothing drawn


@pytest.mark.parametrize("kind", ["scores", "balance", "roadmap"])
def test_save_chart_title_replaces_the_automatic_one_in_place(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.figure import Figure

    from cxmodel.plotting import save_chart

    titles = []

    def keep_title(figure: Figure, *args: Any, **kwargs: Any) -> None:
        title = figure.axes[0].title
        figure.canvas.draw()  # places the title
        titles.append(
            (
                title.get_text(),
                title.get_fontsize(),
                title.get_fontweight(),
                title.get_window_extent().y0,
            )
        )

    monkeypatch.setattr(Figure, "savefig", keep_title)
    save_chart(cx.example_portfolio(), tmp_path / "a.svg", kind=kind)
    save_chart(cx.example_portfolio(), tmp_path / "b.svg", kind=kind, title="Q3 review")
    (_, size, weight, y), (text, own_size, own_weight, own_y) = titles
    assert text == "Q3 review"
    assert (own_size, own_weight) == (size, weight) and weight == "bold"
    assert own_y == pytest.approx(y)


# --- deck-quality label rules, measured on the drawn figure -------------------------------------

LONG_WORDS = (
    "customer",
    "loyalty",
    "programme",
    "with",
    "two-way",
    "feedback",
    "and",
    "member",
    "events",
    "self-service",
    "returns",
    "portal",
    "invoice",
    "automation",
    "premium",
    "$5",
    "delivery",
    "pass",
    "$",
    "chatbot",
    "kiosk",
    "analytics",
)


def likert_portfolio(n: int, seed: int = 7) -> cx.Portfolio:
    """1-5 ratings normalised (many shared scores), long names, one with dollar signs."""
    rng = np.random.default_rng(seed)
    names = []
    for k in range(n):
        words = rng.choice(LONG_WORDS, size=int(rng.integers(1, 9)))
        names.append(f"{' '.join(words).capitalize()} #{k}")
    names[0] = "Premium $5 pass, $ back"  # mathtext would eat the dollar signs
    v, d, f = (rng.integers(1, 6, (3, n)) - 1) / 4
    return cx.Portfolio.from_arrays(names, v, d, f, effort=rng.uniform(0.5, 12, n))


def _segments_cross(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    def orient(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    p1, p2, q1, q2 = a[:2], a[2:], b[:2], b[2:]
    return (
        orient(q1, q2, p1) * orient(q1, q2, p2) < 0 and orient(p1, p2, q1) * orient(p1, p2, q2) < 0
    )


def _point_segment_distance(p: np.ndarray, s: tuple[float, ...]) -> float:
    a, b = np.array(s[:2]), np.array(s[2:])
    t = float(np.clip(np.dot(p - a, b - a) / max(np.dot(b - a, b - a), 1e-12), 0, 1))
    return float(np.hypot(*(a + t * (b - a) - p)))


def check_label_rules(fig: Figure, ax: plt.Axes, names: tuple[str, ...], mode: str) -> None:
    """The rules of DESIGN's deck-quality charts, on window extents after a real draw."""
    from matplotlib.text import Annotation

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ticks = {
        id(label)
        for axis in (ax.xaxis, ax.yaxis)
        for tick in (*axis.get_major_ticks(), *axis.get_minor_ticks())
        for label in (tick.label1, tick.label2)
    }  # tick labels are numbers from a formatter, never a name
    every_text = [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in ticks
    ]
    for t in every_text:  # literal text everywhere: no TeX, no mathtext
        assert not t.get_usetex()
        assert not t.get_parse_math(), t.get_text()
    if mode != "none":
        for name in names:  # each name exactly once, in one text artist
            assert sum(t.get_text() == name for t in every_text) == 1, name
    drawn = [t for t in ax.texts if t.get_text().strip()]
    boxes = [Text.get_window_extent(t, renderer) for t in drawn]
    order = np.argsort([b.x0 for b in boxes])
    for i, k in enumerate(order):  # sweep by x: no two texts overlap
        for j in order[i + 1 :]:
            if boxes[j].x0 >= boxes[k].x1:
                break
            assert not boxes[k].overlaps(boxes[j]), (drawn[k].get_text(), drawn[j].get_text())
    # Markers: centres and radii in pixels; no text covers one, no two coincide.
    centres, radii = [], []
    for collection in ax.collections:
        if collection.get_label() not in {r.label for r in cx.Region}:
            continue
        offsets = collection.get_offset_transform().transform(collection.get_offsets())
        sizes = np.broadcast_to(collection.get_sizes(), (len(offsets),))
        centres.append(offsets)
        radii.append(np.sqrt(sizes) / 2 * fig.dpi / 72)
    xy, r = np.concatenate(centres), np.concatenate(radii)
    assert len(np.unique(xy.round(6), axis=0)) == len(xy)
    for box in boxes:
        dx = np.maximum(np.maximum(box.x0 - xy[:, 0], 0), xy[:, 0] - box.x1)
        dy = np.maximum(np.maximum(box.y0 - xy[:, 1], 0), xy[:, 1] - box.y1)
        assert (np.hypot(dx, dy) >= r * 0.9).all()
    # Leader lines: straight, uncrossed, through no marker but their own, and each one
    # ending on the rim of the marker its label annotates.
    from cxmodel.plotting._labels import LEADERS

    collections = [c for c in ax.collections if c.get_label() == LEADERS]
    leaders = []
    for c in collections:
        for seg in c.get_segments():
            (x0, y0), (x1, y1) = ax.transData.transform(seg)
            leaders.append((x0, y0, x1, y1))
    owners = [ax.transData.transform(t.xy) for t in drawn if isinstance(t, Annotation)]
    for i, a in enumerate(leaders):
        for b in leaders[i + 1 :]:
            assert not _segments_cross(a, b)
    for segment in leaders:
        end = np.array(segment[2:])
        own = min(range(len(xy)), key=lambda k: np.hypot(*(xy[k] - end)) - r[k])
        rim = np.hypot(*(xy[own] - end)) - r[own]
        assert -1.5 < rim < 1.5 + 4.5 * fig.dpi / 72  # on its marker's rim (or bloat ring)
        assert min(np.hypot(*(np.array(owners) - xy[own]).T)) < 1e-3  # a labelled marker
        for k, (centre, radius) in enumerate(zip(xy, r, strict=True)):
            if k != own:
                assert _point_segment_distance(centre, segment) >= radius * 0.9


@pytest.mark.parametrize("n", [12, 30, 80, 200])
def test_venn_label_rules_at_every_size(n: int) -> None:
    p = cx.example_portfolio() if n == 12 else likert_portfolio(n)
    fig = Figure(figsize=figure_size(n))  # as save_chart and the command line draw it
    fig.subplots_adjust(left=0.02, right=0.98, top=0.93, bottom=0.04)
    ax = fig.add_subplot()
    chart = cx.plot_venn(p, ax=ax, title=f"{n} initiatives")
    assert chart.label_mode == ("names" if n <= 20 else "numbers")
    check_label_rules(fig, ax, p.names, chart.label_mode)
    if chart.label_mode == "numbers":  # the key: every name, grouped by region, numbered 1..n
        numbers = {name: int(t.get_text()) for name, t in chart.numbers.items()}
        assert sorted(numbers.values()) == list(range(1, n + 1))
        regions = dict(zip(p.names, p.regions(), strict=True))
        by_number = sorted(numbers, key=numbers.__getitem__)
        seen = [regions[name] for name in by_number]
        assert seen == sorted(seen, key=lambda r: KEY_ORDER.index(r))
        keyed = [chart.key[name].get_position() for name in by_number]
        xmax = chart.layout.bounds[1]
        assert all(x > xmax for x, _ in keyed)  # beside the diagram, not on it


@pytest.mark.parametrize("labels", ["names", "numbers", False])
def test_venn_label_rules_in_every_mode(labels: object) -> None:
    p = likert_portfolio(25, seed=11)
    fig = Figure(figsize=(13.5, 8.6))
    ax = fig.add_subplot()
    chart = cx.plot_venn(p, ax=ax, labels=labels)  # type: ignore[arg-type]
    check_label_rules(fig, ax, p.names, chart.label_mode)
    assert chart.label_mode in ({"none"} if labels is False else {"names", "numbers"})


def test_a_dollar_in_a_name_is_a_dollar_sign() -> None:
    p = cx.Portfolio([cx.Initiative("Premium $5 pass, $ back", 0.9, 0.9, 0.9)])
    chart = cx.plot_venn(p, ax=new_ax())
    text = chart.names["Premium $5 pass, $ back"]
    assert not text.get_parse_math() and not text.get_usetex()
    chart = cx.plot_venn(p, ax=new_ax(), labels="numbers")
    assert not chart.key["Premium $5 pass, $ back"].get_parse_math()


def test_markers_of_a_crowd_do_not_touch() -> None:
    p = likert_portfolio(200, seed=3)
    chart = cx.plot_venn(p, ax=Figure(figsize=(19, 8.6)).add_subplot())
    for collection in chart.markers.values():
        xy = np.asarray(collection.get_offsets())
        if len(xy) < 2:
            continue
        d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(d, np.inf)
        points_per_unit = chart.ax.get_window_extent().width / np.ptp(chart.ax.get_xlim()) * 72
        radius = np.sqrt(collection.get_sizes().max()) / 2 / (points_per_unit / chart.figure.dpi)
        assert d.min() > 2 * radius


@pytest.mark.parametrize("n", [12, 30, 80, 200])
def test_scores_label_rules_and_shared_scores(n: int) -> None:
    p = cx.example_portfolio() if n == 12 else likert_portfolio(n, seed=n)
    fig = Figure(figsize=(14, 8))
    fig.subplots_adjust(left=0.06, right=0.62, bottom=0.2)
    ax = fig.add_subplot()
    cx.plot_scores(p, ax=ax)
    check_label_rules(fig, ax, p.names, "names" if n <= 20 else "numbers")
    bubbles = [c for c in ax.collections if c.get_label() in {r.label for r in cx.Region}]
    codes = p.regions()
    shown = np.full((len(p), 2), np.nan)
    for c in bubbles:
        region = next(r for r in cx.Region if r.label == c.get_label())
        shown[codes == region] = np.asarray(c.get_offsets())
    true = np.column_stack([p.feasibility, p.desirability])
    assert len(np.unique(shown.round(9), axis=0)) == len(p)  # no two bubbles coincide
    grid = np.unique(true, axis=0)
    to_pixels = ax.transData.transform
    for k in range(len(p)):  # each bubble nearest its own score of all the scores shown
        d = np.hypot(*(to_pixels(grid) - to_pixels(shown[k])).T)
        assert np.allclose(grid[np.argmin(d)], true[k])


def test_scores_captions_cover_no_bubble() -> None:
    corners = [
        cx.Initiative(f"c{k}", 0.5, y, x)
        for k, (x, y) in enumerate([(0, 0), (0, 1), (1, 0), (1, 1), (1, 1), (0.0, 1.0)])
    ]
    fig = Figure(figsize=(9, 8))
    ax = fig.add_subplot()
    cx.plot_scores(cx.Portfolio(corners), ax=ax, labels=False)
    fig.canvas = FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    captions = [t for t in ax.texts if t.get_text()]
    assert len(captions) == 4
    for c in ax.collections:
        for x, y in c.get_offset_transform().transform(c.get_offsets()):
            for t in captions:
                assert not Text.get_window_extent(t, renderer).contains(x, y), t.get_text()


@pytest.mark.parametrize(("draw", "size"), [
    (lambda p: cx.plot_venn(p).ax, figure_size(30)),  # as save_chart draws it
    (lambda p: cx.plot_scores(p), SCORES_FIGSIZE),
])  # fmt: skip
def test_a_first_chart_gets_a_figure_of_its_own_size(draw: Any, size: tuple[float, float]) -> None:
    """With no figure open (a notebook cell), a chart with a key is not squeezed into 6.4x4.8."""
    plt.close("all")
    try:
        ax = draw(likert_portfolio(30))
        assert tuple(ax.figure.get_size_inches()) == size
        plt.figure(figsize=(5, 4))  # an open figure is the user's: drawn on, as plt.gca()
        assert tuple(draw(cx.example_portfolio()).figure.get_size_inches()) == (5, 4)
    finally:
        plt.close("all")
