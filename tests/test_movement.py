"""Figure tests of plot_movement: arrows, markers and names, read from the artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

import cxmodel as cx
from cxmodel.comparison import Comparison, compare
from cxmodel.plotting.movement import GIDS, plot_movement


def new_ax() -> Axes:
    return Figure(figsize=(8, 7), layout="constrained").add_subplot()


def quarter() -> Comparison:
    """The example portfolio, a quarter later: four moves, two score changes, +2, -1."""
    last = cx.example_portfolio()
    changes = {
        "Invoice processing automation": {"desirability": 0.7},
        "Facebook page without two-way conversation": {"desirability": 0.6, "viability": 0.55},
        "Order data platform": {"feasibility": 0.9, "desirability": 0.4},
        "Gadget mode with twelve extra settings": {"desirability": 0.35},
        "Loyalty programme with two-way feedback": {"feasibility": 0.4},
        "Member events with a deep emotional connection": {"feasibility": 0.55},
    }
    now = [
        i.evolve(**changes[i.name]) if i.name in changes else i
        for i in last
        if i.name != "Personal onboarding calls"
    ]
    now.append(cx.Initiative("Save $5 on orders over $50", 0.7, 0.8, 0.4, effort=2))
    now.append(cx.Initiative("Chatbot for returns", 0.55, 0.45, 0.85, effort=2))
    return compare(last, now)


def arrows(ax: Axes, kind: str | None = None) -> list[Annotation]:
    wanted = {GIDS["moved"], GIDS["scores"]} if kind is None else {GIDS[kind]}
    return [t for t in ax.texts if isinstance(t, Annotation) and t.get_gid() in wanted]


def offsets(ax: Axes, kind: str) -> set[tuple[float, float]]:
    found = set()
    for c in ax.collections:
        if isinstance(c, PathCollection) and c.get_gid() == GIDS[kind]:
            found |= {(float(x), float(y)) for x, y in c.get_offsets()}
    return found


def name_texts(ax: Axes, comparison: Comparison) -> list[Text]:
    every = set(comparison.before.names) | set(comparison.after.names)
    return [t for t in ax.texts if t.get_text() in every]


def scores_of(p: cx.Portfolio, name: str) -> tuple[float, float]:
    i = p[name]
    return (i.feasibility, i.desirability)


# --- arrows ----------------------------------------------------------------------------


def test_one_arrow_per_changed_initiative_from_old_to_new_scores() -> None:
    c = quarter()
    ax = plot_movement(c, ax=new_ax())
    expected = {
        (scores_of(c.before, m.name), scores_of(c.after, m.name))
        for m in c.score_changes
        if scores_of(c.before, m.name) != scores_of(c.after, m.name)
    }
    drawn = {(tuple(map(float, a.xyann)), tuple(map(float, a.xy))) for a in arrows(ax)}
    assert len(arrows(ax)) == len(expected) == 6
    assert drawn == expected
    assert all(a.get_text() == "" and a.arrow_patch is not None for a in arrows(ax))


def test_region_moves_are_highlighted() -> None:
    c = quarter()
    ax = plot_movement(c, ax=new_ax())
    moved = {scores_of(c.after, m.name) for m in c.moves}
    assert {tuple(map(float, a.xy)) for a in arrows(ax, "moved")} == moved
    assert len(arrows(ax, "moved")) == len(c.moves) == 4
    assert len(arrows(ax, "scores")) == 2
    bold = {a.arrow_patch.get_linewidth() for a in arrows(ax, "moved")}  # type: ignore[union-attr]
    thin = {a.arrow_patch.get_linewidth() for a in arrows(ax, "scores")}  # type: ignore[union-attr]
    assert min(bold) > max(thin)
    assert offsets(ax, "ring") == moved


def test_a_change_of_viability_alone_moves_without_an_arrow() -> None:
    before = [cx.Initiative("A", 0.3, 0.8, 0.8)]
    after = [cx.Initiative("A", 0.8, 0.8, 0.8)]
    c = compare(before, after)
    ax = plot_movement(c, ax=new_ax())
    assert len(c.moves) == 1 and arrows(ax) == []
    assert offsets(ax, "ring") == {(0.8, 0.8)}


def test_markers_added_removed_before_after_unchanged() -> None:
    c = quarter()
    ax = plot_movement(c, ax=new_ax())
    assert offsets(ax, "added") == {scores_of(c.after, n) for n in c.added}
    assert offsets(ax, "removed") == {scores_of(c.before, n) for n in c.removed}
    changed = [m.name for m in c.score_changes]
    assert offsets(ax, "before") == {scores_of(c.before, n) for n in changed}
    assert offsets(ax, "after") == {scores_of(c.after, n) for n in changed}
    unchanged = [n for n in c.after.names if n in c.before and n not in changed]
    assert offsets(ax, "unchanged") == {scores_of(c.after, n) for n in unchanged}
    # added and removed are marked differently from each other and from the rest
    shapes = {
        c_.get_gid(): c_.get_paths()[0].vertices
        for c_ in ax.collections
        if isinstance(c_, PathCollection)
    }
    kinds = [GIDS["added"], GIDS["removed"], GIDS["after"]]
    for k, a in enumerate(kinds):
        for b in kinds[k + 1 :]:
            assert not np.array_equal(shapes[a], shapes[b]), (a, b)


# --- names -------------------------------------------------------------------------------


def test_names_of_what_changed_each_once_and_literal() -> None:
    c = quarter()
    ax = plot_movement(c, ax=new_ax())
    texts = name_texts(ax, c)
    shown = sorted(t.get_text() for t in texts)
    expected = sorted([m.name for m in c.score_changes] + list(c.added) + list(c.removed))
    assert shown == expected
    dollar = next(t for t in texts if "$" in t.get_text())
    assert dollar.get_text() == "Save $5 on orders over $50"
    assert dollar.get_parse_math() is False


def test_no_two_texts_overlap() -> None:
    c = quarter()
    ax = plot_movement(c, ax=new_ax())
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in ax.texts if t.get_text()]
    assert len(boxes) >= 4 + len(name_texts(ax, c))
    for k, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[k + 1 :]:
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"


def test_names_do_not_cover_the_markers() -> None:
    c = quarter()
    ax = plot_movement(c, ax=new_ax())
    fig = ax.get_figure()
    assert isinstance(fig, Figure)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    to_pixels = ax.transData.transform
    points = [scores_of(c.after, n) for n in c.after.names] + [
        scores_of(c.before, n) for n in c.removed
    ]
    for text in name_texts(ax, c):
        box = Text.get_window_extent(text, canvas.get_renderer())
        for x, y in points:
            px, py = to_pixels((x, y))
            assert not box.contains(px, py), text.get_text()


@pytest.mark.parametrize(
    ("labels", "count"),
    [(True, 9), ("auto", 9), (False, 0), ("all", 14)],
)
def test_labels_option(labels: object, count: int) -> None:
    c = quarter()
    ax = plot_movement(c, ax=new_ax(), labels=labels)  # type: ignore[arg-type]
    assert len(name_texts(ax, c)) == count


def test_auto_labels_stop_above_the_limit() -> None:
    before = [cx.Initiative(f"n{k}", 0.2, 0.2, k / 40) for k in range(31)]
    after = [i.evolve(desirability=0.8) for i in before]
    c = compare(before, after)
    assert name_texts(plot_movement(c, ax=new_ax()), c) == []
    assert len(name_texts(plot_movement(c, ax=new_ax(), labels="all"), c)) == 31


# --- the frame and the options -------------------------------------------------------------


def test_frame_follows_the_comparisons_thresholds_and_axes() -> None:
    c = compare(
        cx.example_portfolio(),
        cx.example_portfolio(),
        thresholds=cx.Thresholds(feasibility=0.6, desirability=0.7),
    )
    ax = plot_movement(c, ax=new_ax())
    assert ax.get_xlabel() == "Feasibility (technology lens)"
    assert ax.get_ylabel() == "Desirability (people lens)"
    lines = [tuple(line.get_xdata()) + tuple(line.get_ydata()) for line in ax.get_lines()]
    assert (0.6, 0.6, 0.0, 1.0) in lines and (0.0, 1.0, 0.7, 0.7) in lines
    assert "Functional innovation" in [t.get_text() for t in ax.texts]
    assert ax.get_title() == "What moved since last time"
    other = plot_movement(c, ax=new_ax(), x="viability", y=cx.Lens.PEOPLE, title="Q3 vs Q2")
    assert other.get_xlabel().startswith("Viability") and other.get_title() == "Q3 vs Q2"
    assert arrows(other) == []


def test_empty_comparison_draws_the_frame() -> None:
    ax = plot_movement(compare([], []), ax=new_ax())
    assert arrows(ax) == [] and ax.get_legend() is None


def test_draws_on_the_current_axes_by_default() -> None:
    fig = plt.figure()
    try:
        assert plot_movement(quarter()) is fig.axes[0]
    finally:
        plt.close(fig)


def test_legend_explains_the_marks() -> None:
    ax = plot_movement(quarter(), ax=new_ax())
    legend = ax.get_legend()
    assert legend is not None
    entries = [t.get_text() for t in legend.get_texts()]
    for entry in ("Moved to another region", "Scores changed, same region", "Added", "Removed"):
        assert entry in entries


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        ((cx.example_portfolio(),), {}, "comparison"),
        ((None,), {}, "comparison"),
        ((), {"x": "feasibility", "y": cx.Lens.TECHNOLOGY}, "y"),
        ((), {"labels": "some"}, "labels"),
        ((), {"x": "cost"}, "x"),
        ((), {"ax": "left"}, "ax"),
    ],
)
def test_bad_arguments_are_named(
    args: tuple[object, ...], kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(cx.FieldError) as error:
        plot_movement(*(args or (compare([], []),)), **kwargs)  # type: ignore[arg-type]
    assert error.value.field == field


def test_arrow_positions_are_floats_in_the_unit_square() -> None:
    ax = plot_movement(quarter(), ax=new_ax())
    points = np.array([a.xy for a in arrows(ax)] + [a.xyann for a in arrows(ax)])
    assert ((points >= 0) & (points <= 1)).all()
