"""Journey heat-map and perception-gap chart: inspect the artists, never screenshots."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import cxmodel as cx
from cxmodel.customer_plots import COMPANY_COLOR, CUSTOMER_COLOR

from .strategies import customer_portfolios

S = cx.Stage
T = cx.InnovationType


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def new_ax() -> plt.Axes:
    return Figure(figsize=(9, 5)).add_subplot()


def cell_texts(ax: plt.Axes) -> dict[str, str]:
    return {
        t.get_gid(): t.get_text()
        for t in ax.texts
        if isinstance(t.get_gid(), str) and t.get_gid().startswith("cell:")
    }


# --- plot_journey ------------------------------------------------------------------


def test_journey_heat_map_cells_match_the_coverage() -> None:
    p = cx.example_portfolio()
    ax = cx.plot_journey(p, ax=new_ax())
    coverage = cx.journey_coverage(p)
    values = np.asarray(ax.images[0].get_array())
    assert values.shape == (4, 8)
    for row, kind in enumerate(T):
        for column, stage in enumerate(S):
            assert values[row, column] == coverage.effort[stage][kind]
    assert list(values[3]) == [coverage.other[s] for s in S]
    assert values.sum() == pytest.approx(coverage.total_effort)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Emotional",
        "Process",
        "Functional",
        "No innovation",
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == [s.value.capitalize() for s in S]
    texts = cell_texts(ax)
    assert texts["cell:process:interaction"] == "5.83"
    assert texts["cell:other:use"] == "7"
    assert "cell:emotional:attraction" not in texts  # empty cells stay blank
    assert len(texts) == int(np.count_nonzero(values))


def test_journey_heat_map_marks_missing_stages() -> None:
    p = cx.example_portfolio()
    ax = cx.plot_journey(p, ax=new_ax())
    hatched = [
        a for a in ax.patches if isinstance(a, Rectangle) and a.get_gid() == "missing-stage"
    ]
    assert sorted(round(r.get_x() + 0.5) for r in hatched) == [0, 1]  # attraction, discovery
    labels = ax.get_xticklabels()
    assert labels[0].get_color() != labels[2].get_color()
    assert "hatched" in ax.get_xlabel()
    counts = [a for a in ax.child_axes if a.get_xticklabels()]
    assert [t.get_text() for t in counts[0].get_xticklabels()] == [
        "0",
        "0",
        "1",
        "1",
        "2",
        "3",
        "5",
        "3",
    ]


def test_journey_heat_map_without_other_row_or_colorbar() -> None:
    ax = new_ax()
    cx.plot_journey(cx.example_portfolio(), ax=ax, other=False, colorbar=False)
    assert np.asarray(ax.images[0].get_array()).shape == (3, 8)
    assert len(ax.figure.axes) == 1
    assert not any(t.get_gid() == "cell:other:use" for t in ax.texts)


def test_journey_heat_map_of_a_portfolio_without_stages() -> None:
    ax = cx.plot_journey(cx.Portfolio([cx.Initiative("a", 0.5, 0.5, 0.5)]), ax=new_ax())
    assert not np.asarray(ax.images[0].get_array()).any()
    assert len([a for a in ax.patches if a.get_gid() == "missing-stage"]) == len(S)
    assert cell_texts(ax) == {}


def test_journey_heat_map_uses_the_current_axes() -> None:
    _fig, ax = plt.subplots()
    assert cx.plot_journey(cx.example_portfolio(), colorbar=False) is ax
    assert ax.images


@given(customer_portfolios(max_size=6))
def test_journey_heat_map_values_sum_to_the_journey_effort(p: cx.Portfolio) -> None:
    ax = cx.plot_journey(p, ax=new_ax(), colorbar=False)
    values = np.asarray(ax.images[0].get_array())
    assert values.sum() == pytest.approx(cx.journey_coverage(p).total_effort)
    plt.close(ax.figure)


# --- plot_perception_gap ------------------------------------------------------------------


def gaps_portfolio() -> cx.Portfolio:
    return cx.Portfolio(
        [
            cx.Initiative("small", 0.5, 0.6, 0.5, customer_desirability=0.5),
            cx.Initiative("big", 0.5, 0.9, 0.5, customer_desirability=0.3),
            cx.Initiative("unmeasured", 0.5, 0.9, 0.5),
            cx.Initiative("loved", 0.5, 0.4, 0.5, customer_desirability=0.8),
            cx.Initiative("edge", 0.5, 0.7, 0.5, customer_desirability=0.5),
        ]
    )


def test_perception_gap_chart_rows_lines_and_markers() -> None:
    ax = cx.plot_perception_gap(gaps_portfolio(), ax=new_ax())
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["big", "edge", "small", "loved"]  # largest gap on top
    rows = list(ax.get_yticks())
    assert rows == [3, 2, 1, 0]
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = lines.get_segments()
    assert len(segments) == 4
    assert sorted(float(abs(s[1, 0] - s[0, 0])) for s in segments) == pytest.approx(
        [0.1, 0.2, 0.4, 0.6]
    )
    company, customer = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert company.get_label() == "Company estimate"
    assert customer.get_label() == "Customers"
    np.testing.assert_allclose(company.get_offsets(), [[0.9, 3], [0.7, 2], [0.6, 1], [0.4, 0]])
    np.testing.assert_allclose(customer.get_offsets(), [[0.3, 3], [0.5, 2], [0.5, 1], [0.8, 0]])
    assert tuple(company.get_facecolors()[0]) == to_rgba(COMPANY_COLOR)
    assert tuple(customer.get_facecolors()[0]) == to_rgba(CUSTOMER_COLOR)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Company estimate", "Customers", "gap ≥ 0.20"]


def test_perception_gap_chart_highlights_reported_rows() -> None:
    ax = cx.plot_perception_gap(gaps_portfolio(), ax=new_ax())
    annotated = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    assert annotated == {"gap:big": "+0.60", "gap:edge": "+0.20"}  # 0.7 - 0.5 counts as 0.2
    alphas = [c[3] for c in ax.collections[1].get_facecolors()]
    assert alphas == [1.0, 1.0, pytest.approx(0.45), pytest.approx(0.45)]
    wide = cx.plot_perception_gap(gaps_portfolio(), ax=new_ax(), min_gap=0.0)
    assert {t.get_gid() for t in wide.texts if t.get_gid()} == {"gap:big", "gap:edge", "gap:small"}
    assert wide.get_legend().get_texts()[-1].get_text() == "gap ≥ 0.00"


def test_perception_gap_chart_without_customer_data() -> None:
    ax = cx.plot_perception_gap(cx.Portfolio([cx.Initiative("a", 0.5, 0.5, 0.5)]), ax=new_ax())
    assert not ax.collections
    assert "No initiative has a customer-measured desirability" in [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("min_gap", [-0.1, 2.0, float("nan"), "0.2"])
def test_perception_gap_chart_rejects_bad_min_gap(min_gap: object) -> None:
    with pytest.raises(cx.ScoreError, match="min_gap"):
        cx.plot_perception_gap(gaps_portfolio(), ax=new_ax(), min_gap=min_gap)  # type: ignore[arg-type]


def test_perception_gap_chart_uses_the_current_axes() -> None:
    _fig, ax = plt.subplots()
    assert cx.plot_perception_gap(gaps_portfolio()) is ax


@pytest.mark.parametrize("chart", [cx.plot_journey, cx.plot_perception_gap])
def test_charts_reject_an_ax_that_is_no_axes(chart: object) -> None:
    with pytest.raises(cx.FieldError, match="ax"):
        chart(gaps_portfolio(), ax=Figure())  # type: ignore[operator]


def test_charts_load_matplotlib_only_when_called() -> None:
    code = "import sys, cxmodel, cxmodel.customer_plots; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
