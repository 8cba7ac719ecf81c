"""Geometry of the Venn chart, tested without matplotlib."""

from __future__ import annotations

import math
import subprocess
import sys

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.plotting._venn_layout import DEFAULT_LAYOUT, Box, VennLayout, halton

LAYOUT = DEFAULT_LAYOUT
REGIONS = list(cx.Region)


def _check_points(layout: VennLayout, region: cx.Region, points: np.ndarray) -> None:
    """Every point strictly inside ``region``, clear of boundaries and labels, all distinct."""
    assert points.ndim == 2
    assert points.shape[1] == 2
    xs, ys = points[:, 0], points[:, 1]
    assert (layout.regions_at(xs, ys) == region).all()
    assert (layout.clearance(xs, ys) >= layout.margin - 1e-12).all()
    xmin, xmax, ymin, ymax = layout.bounds
    assert ((xs > xmin) & (xs < xmax) & (ys > ymin) & (ys < ymax)).all()
    for box in layout.reserved():
        assert not any(box.contains(x, y) for x, y in points)
    assert len({(float(x), float(y)) for x, y in points}) == len(points)


# --- circles and regions --------------------------------------------------------------


def test_three_equal_circles_in_the_classic_arrangement() -> None:
    circles = LAYOUT.circles
    assert set(circles) == set(cx.Lens)
    assert {r for _, r in circles.values()} == {1.0}
    (bx, by), _ = circles[cx.Lens.BUSINESS]
    (px, py), _ = circles[cx.Lens.PEOPLE]
    (tx, ty), _ = circles[cx.Lens.TECHNOLOGY]
    assert bx < 0 < px  # business left, people right
    assert by == pytest.approx(py)
    assert ty < by  # technology below
    assert tx == 0.0
    sides = [math.dist(a, b) for a, b in [((bx, by), (px, py)), ((bx, by), (tx, ty))]]
    assert sides == pytest.approx([LAYOUT.separation] * 2)


def test_every_region_exists_somewhere_in_view() -> None:
    xmin, xmax, ymin, ymax = LAYOUT.bounds
    xs, ys = np.meshgrid(np.linspace(xmin, xmax, 200), np.linspace(ymin, ymax, 200))
    assert set(np.unique(LAYOUT.regions_at(xs, ys)).tolist()) == set(range(8))


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ((0.0, 0.0), cx.Region.CUSTOMER_EXPERIENCE),
        ((-1.2, 0.5), cx.Region.BUSINESS_ONLY),
        ((1.2, 0.5), cx.Region.PEOPLE_ONLY),
        ((0.0, -1.4), cx.Region.TECHNOLOGY_ONLY),
        ((0.0, 0.8), cx.Region.EMOTIONAL),
        ((-0.6, -0.5), cx.Region.PROCESS),
        ((0.6, -0.5), cx.Region.FUNCTIONAL),
        ((-1.9, -1.7), cx.Region.NONE),
    ],
)
def test_region_at_known_points(point: tuple[float, float], expected: cx.Region) -> None:
    assert LAYOUT.region_at(*point) is expected


@given(st.floats(-2.2, 2.2), st.floats(-2.2, 2.2))
def test_region_at_is_the_bitmask_of_containing_circles(x: float, y: float) -> None:
    code = 0
    for lens, ((cx_, cy), r) in LAYOUT.circles.items():
        if math.hypot(x - cx_, y - cy) < r:
            code |= lens.bit
    assert LAYOUT.region_at(x, y) == code
    assert int(LAYOUT.regions_at([x], [y])[0]) == code


def test_a_point_on_a_circle_is_outside_it() -> None:
    (cx_, cy), r = LAYOUT.circles[cx.Lens.TECHNOLOGY]
    assert cx.Lens.TECHNOLOGY not in LAYOUT.region_at(cx_, cy - r).lenses


# --- anchors ------------------------------------------------------------------------------


def test_lens_titles_sit_outside_every_circle() -> None:
    for anchor in LAYOUT.title_anchors.values():
        b = anchor.box
        xs, ys = np.meshgrid(np.linspace(b.x0, b.x1, 30), np.linspace(b.y0, b.y1, 30))
        assert (LAYOUT.regions_at(xs, ys) == 0).all()


def test_region_names_and_counts_sit_inside_their_region_and_apart() -> None:
    labels = LAYOUT.label_anchors
    counts = LAYOUT.count_anchors
    assert set(labels) == set(cx.Region)  # every region has a place for its name
    assert set(counts) == set(cx.Region)
    for region, anchor in [*labels.items(), *counts.items()]:
        assert LAYOUT.region_at(anchor.x, anchor.y) is region
        b = anchor.box
        if region is not cx.Region.NONE:  # the whole reserved box lies in the region
            xs, ys = np.meshgrid(np.linspace(b.x0, b.x1, 9), np.linspace(b.y0, b.y1, 5))
            assert (LAYOUT.regions_at(xs, ys) == region).all()
    boxes = [a.box for a in (*labels.values(), *counts.values(), *LAYOUT.title_anchors.values())]
    for k, a in enumerate(boxes):
        for b in boxes[k + 1 :]:
            assert a.overlap(b) == 0.0


def test_anchors_are_cached_but_not_shared() -> None:
    layout = VennLayout(separation=1.2)
    first = layout.circles
    first.clear()
    assert len(layout.circles) == 3
    assert layout.label_anchors == VennLayout(separation=1.2).label_anchors


def test_box_geometry() -> None:
    box = Box(0.0, 0.0, 2.0, 1.0)
    assert (box.width, box.height) == (2.0, 1.0)
    assert box.overlap(Box(3.0, 3.0, 4.0, 4.0)) == 0.0
    assert box.overlap(box) == 2.0
    assert box.grown(0.5) == Box(-0.5, -0.5, 2.5, 1.5)
    assert box.contains(2.0, 1.0)
    assert not box.contains(2.1, 1.0)


# --- placement --------------------------------------------------------------------------


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("count", [1, 2, 5, 64, 65, 400])
def test_points_strictly_inside_distinct_and_clear(region: cx.Region, count: int) -> None:
    points = LAYOUT.place(region, count)
    assert points.shape == (count, 2)
    _check_points(LAYOUT, region, points)


@given(st.sampled_from(REGIONS), st.integers(0, 150))
def test_placement_is_deterministic(region: cx.Region, count: int) -> None:
    first = LAYOUT.place(region, count)
    second = VennLayout().place(region, count)
    assert np.array_equal(first, second)
    _check_points(LAYOUT, region, first)


def _open_share(layout: VennLayout, region: cx.Region) -> float:
    """Brute force, independent of the layout's own check: the share of a fine grid over the
    view where a marker of ``region`` may go (inside it, clear of outlines and reserved text)."""
    xmin, xmax, ymin, ymax = layout.bounds
    xs, ys = np.meshgrid(np.linspace(xmin, xmax, 400), np.linspace(ymin, ymax, 400))
    xs, ys = xs.ravel(), ys.ravel()
    ok = (layout.regions_at(xs, ys) == region) & (layout.clearance(xs, ys) >= layout.margin)
    for box in layout.reserved():
        b = box.grown(layout.margin)
        ok &= ~((xs >= b.x0) & (xs <= b.x1) & (ys >= b.y0) & (ys <= b.y1))
    return float(ok.mean())


@given(
    st.sampled_from(REGIONS),
    st.integers(1, 40),
    st.floats(0.8, 1.4),
    st.floats(0.02, 0.1),
)
def test_other_layouts_keep_the_guarantees(
    region: cx.Region, count: int, separation: float, margin: float
) -> None:
    # A layout either constructs -- and then places any number of points in every region
    # with every guarantee -- or refuses, naming both parameters, because some region
    # really has (next to) no room once its name and count are reserved.
    refused: cx.FieldError | None = None
    try:
        layout = VennLayout(separation=separation, margin=margin)
    except cx.FieldError as error:
        refused = error
    if refused is not None:
        message = str(refused)
        assert "separation/margin" in message
        assert repr((separation, margin)) in message
        bare = VennLayout(separation=separation)  # the default margin: the geometry itself
        starved = [r for r in cx.Region if r.label.lower() in message]
        assert len(starved) == 1
        probe = attrs.evolve(bare, margin=0.05)
        object.__setattr__(probe, "margin", margin)  # measure the refused margin directly
        assert _open_share(probe, starved[0]) < 0.002
        return
    _check_points(layout, region, layout.place(region, count))


def test_a_layout_without_room_is_refused_at_construction() -> None:
    # The failing example of the old flaky test: the centre has no room left.
    with pytest.raises(cx.FieldError, match=r"separation/margin .*customer experience"):
        VennLayout(separation=1.375, margin=0.09375)
    with pytest.raises(cx.FieldError, match="separation/margin"):
        VennLayout(separation=1.6, margin=0.15)


@pytest.mark.parametrize(
    ("separation", "margin"),
    [(0.8, 0.02), (0.8, 0.1), (1.0, 0.02), (1.0, 0.05), (1.0, 0.15), (1.2, 0.05), (1.2, 0.15)],
)
def test_the_usual_layouts_construct(separation: float, margin: float) -> None:
    layout = VennLayout(separation=separation, margin=margin)
    for region in REGIONS:
        _check_points(layout, region, layout.place(region, 30))


def test_the_default_layout_passes_the_check_it_skips_at_import() -> None:
    assert VennLayout() == DEFAULT_LAYOUT
    assert VennLayout(separation=DEFAULT_LAYOUT.separation, margin=DEFAULT_LAYOUT.margin)


def test_ten_thousand_points_fit_in_the_smallest_region() -> None:
    points = LAYOUT.place(cx.Region.CUSTOMER_EXPERIENCE, 10_000)
    assert points.shape == (10_000, 2)
    assert (LAYOUT.regions_at(points[:, 0], points[:, 1]) == 7).all()
    assert len(np.unique(points, axis=0)) == 10_000


def test_small_groups_are_well_spread() -> None:
    # Lloyd relaxation: a few points are far apart, not bunched where the sequence starts.
    points = LAYOUT.place(cx.Region.BUSINESS_ONLY, 4)
    gaps = [math.dist(a, b) for k, a in enumerate(points) for b in points[k + 1 :]]
    assert min(gaps) > 0.3


def test_spacing_shrinks_with_count() -> None:
    def nearest(points: np.ndarray) -> float:
        d = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(d, np.inf)
        return float(np.median(d.min(axis=1)))

    few = nearest(LAYOUT.place(cx.Region.PEOPLE_ONLY, 20))
    many = nearest(LAYOUT.place(cx.Region.PEOPLE_ONLY, 500))
    assert many < few


def test_region_areas() -> None:
    areas = {r: LAYOUT.area(r) for r in cx.Region}
    assert all(a > 0 for a in areas.values())
    assert areas[cx.Region.BUSINESS_ONLY] == pytest.approx(areas[cx.Region.PEOPLE_ONLY], rel=0.05)
    assert areas[cx.Region.PROCESS] == pytest.approx(areas[cx.Region.FUNCTIONAL], rel=0.05)
    circle = math.pi * LAYOUT.radius**2
    assert sum(a for r, a in areas.items() if r) < 3 * circle


def test_zero_points() -> None:
    assert LAYOUT.place(cx.Region.NONE, 0).shape == (0, 2)


@pytest.mark.parametrize("count", [-1, 1.5, True, "3", None])
def test_bad_count(count: object) -> None:
    with pytest.raises(cx.FieldError, match="count"):
        LAYOUT.place(cx.Region.NONE, count)  # type: ignore[arg-type]


@pytest.mark.parametrize(("field", "value"), [("separation", 0.1), ("margin", 0.0)])
def test_bad_layout_parameters(field: str, value: float) -> None:
    with pytest.raises(cx.FieldError, match=field):
        VennLayout(**{field: value})


def test_halton_sequence() -> None:
    assert halton(0, 3, 3).tolist() == pytest.approx([1 / 3, 2 / 3, 1 / 9])
    values = halton(0, 1000, 2)
    assert len(np.unique(values)) == 1000
    assert ((values > 0) & (values < 1)).all()
    assert np.array_equal(halton(10, 5, 2), halton(0, 15, 2)[10:])


def test_geometry_does_not_import_matplotlib() -> None:
    code = "import sys, cxmodel.plotting._venn_layout; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
