"""write_report: the HTML page, the deck and the workbook, each reopened with its own library."""

from __future__ import annotations

import math
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxmodel as cx
from cxmodel.outputs import report as report_module
from cxmodel.outputs import write_report

from .strategies import portfolios

NAMES = ("=SUM(A1)", "<b>Bold & brave</b>", "Price in $ and 50%")


@pytest.fixture(scope="module")
def example() -> cx.Portfolio:
    return cx.example_portfolio()


@pytest.fixture(scope="module")
def tricky() -> cx.Portfolio:
    """Names and text that stress escaping and formula neutralisation."""
    return cx.Portfolio(
        [
            cx.Initiative(NAMES[0], 0.8, 0.3, 0.9, tags=["+tag", "b"], description="@home"),
            cx.Initiative(NAMES[1], 0.7, 0.8, 0.2, depends_on=[NAMES[0]], effort=3),
            cx.Initiative(NAMES[2], 0.2, 0.9, 0.8, description="-1 < 2"),
        ]
    )


def large(n: int) -> cx.Portfolio:
    """``n`` initiatives spread over every region, deterministically."""
    items = []
    for k in range(n):
        v, d, f = ((k * 7) % 11) / 10, ((k * 5) % 11) / 10, ((k * 3) % 11) / 10
        items.append(cx.Initiative(f"Initiative {k:03d}", v, d, f, effort=1 + k % 4))
    return cx.Portfolio(items)


# --- the format and the file ---------------------------------------------------------


@pytest.mark.parametrize("name", ["q3.pdf", "q3.docx", "q3", "q3.html.bak", "q3.ppt"])
def test_unknown_extension_is_an_error_and_writes_nothing(
    tmp_path: Path, example: cx.Portfolio, name: str
) -> None:
    with pytest.raises(cx.CxModelError) as caught:
        write_report(example, tmp_path / name)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert name in message and ".html" in message and ".pptx" in message and ".xlsx" in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["Q3.HTML", "q3.Pptx", "q3.XLSX"])
def test_extension_is_case_insensitive(tmp_path: Path, example: cx.Portfolio, name: str) -> None:
    out = write_report(example, str(tmp_path / name))
    assert out == tmp_path / name and out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left behind


def test_a_failing_writer_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, example: cx.Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "q3.html"
    out.write_text("last quarter", encoding="utf-8")

    def half_then_fail(content: Any, path: Path) -> None:
        path.write_text("<html><body>half a", encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setattr("cxmodel.outputs.html.write_html", half_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        write_report(example, out)
    assert out.read_text(encoding="utf-8") == "last quarter"
    assert [p.name for p in tmp_path.iterdir()] == ["q3.html"]


def test_missing_folder_is_a_field_error(tmp_path: Path, example: cx.Portfolio) -> None:
    with pytest.raises(cx.FieldError, match="folder"):
        write_report(example, tmp_path / "nowhere" / "q3.xlsx")


@pytest.mark.parametrize(
    ("option", "value"), [("title", 3), ("thresholds", 0.5), ("policy", "strict")]
)
def test_bad_options_are_field_errors(
    tmp_path: Path, example: cx.Portfolio, option: str, value: object
) -> None:
    with pytest.raises(cx.FieldError, match=option):
        write_report(example, tmp_path / "q3.xlsx", **{option: value})
    assert list(tmp_path.iterdir()) == []


def test_a_dependency_cycle_writes_nothing(tmp_path: Path) -> None:
    cycle = cx.Portfolio(
        [
            cx.Initiative("A", 0.5, 0.5, 0.5, depends_on=["B"]),
            cx.Initiative("B", 0.5, 0.5, 0.5, depends_on=["A"]),
        ]
    )
    with pytest.raises(cx.DependencyCycleError):
        write_report(cycle, tmp_path / "q3.pptx")
    assert list(tmp_path.iterdir()) == []


def test_report_format_names_every_format() -> None:
    assert report_module.REPORT_FORMATS == ("html", "pptx", "xlsx")
    assert report_module.report_format(Path("a/b.Html")) == "html"


# --- HTML ------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects what the tests check: tags, references, SVGs and their <title>s, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.svgs: list[dict[str, Any]] = []
        self.text: list[str] = []
        self._svg_depth = 0
        self._in_title = False
        self._in_script_or_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for key, value in attrs:
            if key in ("src", "href", "xlink:href", "srcset", "action", "data") and value:
                self.references.append((tag, key, value))
            if key == "style" and value and "url(" in value:
                self.references.extend(
                    (tag, "style", ref) for ref in re.findall(r"url\(([^)]*)\)", value)
                )
        if tag == "svg":
            if self._svg_depth == 0:
                self.svgs.append({"attrs": dict(attrs), "titles": []})
            self._svg_depth += 1
        if tag == "title" and self._svg_depth:
            self._in_title = True
            self.svgs[-1]["titles"].append("")
        if tag in ("script", "style"):
            self._in_script_or_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg_depth -= 1
        if tag == "title":
            self._in_title = False
        if tag in ("script", "style"):
            self._in_script_or_style = False

    def handle_data(self, data: str) -> None:
        if self._in_title and self._svg_depth:
            self.svgs[-1]["titles"][-1] += data
        elif not self._in_script_or_style:
            self.text.append(data)


def _page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def example_html(tmp_path_factory: pytest.TempPathFactory, example: cx.Portfolio) -> Path:
    return write_report(example, tmp_path_factory.mktemp("html") / "q3.html", title="Q3 review")


def test_html_is_self_contained(example_html: Path) -> None:
    page = _page(example_html)
    external = [ref for ref in page.references if not ref[2].startswith("#")]
    assert external == []
    assert "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    source = example_html.read_text(encoding="utf-8")
    assert "http://" not in source.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in source


def test_html_has_four_charts_with_unique_ids(example_html: Path) -> None:
    page = _page(example_html)
    assert len(page.svgs) == 4
    assert page.svgs[0]["attrs"]["aria-label"].startswith("Venn ")
    source = example_html.read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', source)
    assert len(ids) == len(set(ids))
    # every internal reference points at an id of the page
    for _, _, ref in _page(example_html).references:
        assert ref[1:] in ids, ref


def test_every_venn_marker_has_a_title_with_name_and_scores(
    example_html: Path, example: cx.Portfolio
) -> None:
    venn = _page(example_html).svgs[0]
    titles = venn["titles"]
    assert len(titles) == len(example)
    by_name = {t.split("\n")[0]: t for t in titles}
    assert set(by_name) == set(example.names)
    for initiative in example:
        text = by_name[initiative.name]
        for criterion, score in initiative.scores.items():
            assert f"{criterion} {score:.2f}" in text
        assert cx.region(initiative).label in text


def test_markers_of_one_size_get_their_titles_too(tmp_path: Path) -> None:
    # Markers of one size are stamped: one <g> around a <use> per marker in the SVG.
    rng = np.random.default_rng(1)
    flat = cx.Portfolio.from_arrays([f"idea {k}" for k in range(40)], *rng.random((3, 40)))
    titles = _page(write_report(flat, tmp_path / "flat.html")).svgs[0]["titles"]
    assert sorted(t.split("\n")[0] for t in titles) == sorted(flat.names)


def test_html_shows_names_findings_and_settings(example_html: Path, example: cx.Portfolio) -> None:
    text = " ".join(_page(example_html).text)
    for name in example.names:
        assert name in text
    report = cx.check_balance(example, warn=False)
    for finding in report.findings:
        assert finding.code in text
        assert " ".join(finding.message.split()) in " ".join(text.split())
    assert "Q3 review" in text
    assert "Viability threshold" in text and "Maximum process share" in text
    assert f"cxmodel {cx.__version__}" in text


def test_html_escapes_names(tmp_path: Path, tricky: cx.Portfolio) -> None:
    out = write_report(tricky, tmp_path / "t.html", title="<script>x</script>")
    source = out.read_text(encoding="utf-8")
    assert "<b>Bold" not in source and "<script>x" not in source
    assert source.count("<script") == 1  # the table-sorting script only
    page = _page(out)
    text = " ".join(page.text)
    for name in NAMES:
        assert name in text
    assert {t.split("\n")[0] for t in page.svgs[0]["titles"]} == set(NAMES)


def test_html_charts_are_deterministic(tmp_path: Path, example: cx.Portfolio) -> None:
    first = write_report(example, tmp_path / "a.html").read_text(encoding="utf-8")
    second = write_report(example, tmp_path / "b.html").read_text(encoding="utf-8")
    svgs = re.compile(r"<svg.*?</svg>", re.S)
    assert svgs.findall(first) == svgs.findall(second)


def test_html_text_stays_text_in_the_charts(example_html: Path) -> None:
    source = example_html.read_text(encoding="utf-8")
    # svg.fonttype "none": region names are <text>, not glyph outlines
    assert re.search(r"<text[^>]*>[^<]*Emotional innovation", source)
    assert "Self-service" in source.split("</svg>")[0]


def test_html_with_previous_shows_changes(tmp_path: Path, example: cx.Portfolio) -> None:
    before = cx.Portfolio(
        [i.evolve(desirability=0.2) if i.name.startswith("Self-service") else i for i in example]
    )
    out = write_report(example, tmp_path / "q.html", previous=before)
    text = " ".join(" ".join(_page(out).text).split())
    assert "Since last time" in text
    assert "Self-service returns portal" in text and "moved from Process innovation" in text


def test_empty_portfolio_reports(tmp_path: Path) -> None:
    for ext in ("html", "pptx", "xlsx"):
        assert write_report(cx.Portfolio([]), tmp_path / f"e.{ext}").stat().st_size > 0
    assert len(_page(tmp_path / "e.html").svgs) == 4


# --- PowerPoint ----------------------------------------------------------------------------


def _deck(path: Path) -> Any:
    from pptx import Presentation

    return Presentation(str(path))


def _shapes_named(slide: Any, prefix: str) -> list[Any]:
    return [s for s in slide.shapes if s.name.startswith(prefix)]


def _venn_point(shape: Any) -> tuple[float, float]:
    """The centre of ``shape`` in the Venn chart's data coordinates."""
    from cxmodel.outputs.pptx import VENN_BOX
    from cxmodel.plotting._venn_layout import DEFAULT_LAYOUT

    left, top, height = VENN_BOX
    xmin, _, ymin, ymax = DEFAULT_LAYOUT.bounds
    scale = height / (ymax - ymin)
    cx_in = (shape.left + shape.width / 2) / 914400
    cy_in = (shape.top + shape.height / 2) / 914400
    return xmin + (cx_in - left) / scale, ymax - (cy_in - top) / scale


@pytest.fixture(scope="module")
def example_deck(tmp_path_factory: pytest.TempPathFactory, example: cx.Portfolio) -> Any:
    return _deck(write_report(example, tmp_path_factory.mktemp("pptx") / "q3.pptx"))


def test_deck_is_16_by_9_with_the_slides_in_order(example_deck: Any) -> None:
    assert example_deck.slide_width * 9 == example_deck.slide_height * 16
    titles = [s.shapes.title.text for s in example_deck.slides]
    assert titles[0].startswith("Customer-experience portfolio")
    assert titles[1:] == [
        "Where the initiatives sit",
        "Score matrix: desirability against feasibility",
        "Innovation balance: not balanced",
        "Findings",
        "Roadmap",
    ]


def test_every_slide_has_its_reasoning_in_the_notes(example_deck: Any) -> None:
    for slide in example_deck.slides:
        assert slide.has_notes_slide
        assert len(slide.notes_slide.notes_text_frame.text) > 80
    venn_notes = example_deck.slides[1].notes_slide.notes_text_frame.text
    assert "business (viable)" in venn_notes and "Process innovation 3" in venn_notes


def test_venn_is_three_semi_transparent_ovals(example_deck: Any) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.oxml.ns import qn

    ovals = _shapes_named(example_deck.slides[1], "Lens ")
    assert [o.name for o in ovals] == ["Lens business", "Lens people", "Lens technology"]
    for oval in ovals:
        assert oval.auto_shape_type == MSO_SHAPE.OVAL
        assert oval.width == oval.height
        alpha = oval._element.spPr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}/{qn('a:alpha')}")
        assert alpha is not None and 0 < int(alpha.get("val")) < 100000


def test_one_shape_per_initiative_inside_its_region(
    example_deck: Any, example: cx.Portfolio
) -> None:
    from cxmodel.plotting._venn_layout import DEFAULT_LAYOUT

    markers = _shapes_named(example_deck.slides[1], "Initiative ")
    assert len(markers) == len(example)
    names = [m.name.split(": ", 1)[1] for m in markers]
    assert names == list(example.names)
    for marker, initiative in zip(markers, example, strict=True):
        assert DEFAULT_LAYOUT.region_at(*_venn_point(marker)) == cx.region(initiative)
    centres = {(m.left + m.width // 2, m.top + m.height // 2) for m in markers}
    assert len(centres) == len(markers)


def test_venn_slide_writes_each_name_and_the_region_names(
    example_deck: Any, example: cx.Portfolio
) -> None:
    slide = example_deck.slides[1]
    labels = _shapes_named(slide, "Name: ")
    assert sorted(s.name[6:] for s in labels) == sorted(example.names)
    for shape in labels:
        assert " ".join(shape.text_frame.text.split()) == shape.name[6:]
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    for label in ("Emotional innovation", "Process innovation", "Customer experience"):
        assert label in text
    assert "Technology only" in text  # a single-lens region that holds initiatives


def test_large_portfolios_get_numbers_and_a_key(tmp_path: Path) -> None:
    portfolio = large(45)
    deck = _deck(write_report(portfolio, tmp_path / "big.pptx"))
    slide = deck.slides[1]
    assert _shapes_named(slide, "Name: ") == []
    markers = _shapes_named(slide, "Initiative ")
    assert len(markers) == 45
    numbers = sorted(int(s.text_frame.text) for s in _shapes_named(slide, "Number "))
    assert numbers == list(range(1, 46))
    key = "\n".join(s.text_frame.text for s in _shapes_named(slide, "Key column"))
    for name in portfolio.names:
        assert key.count(name) == 1


def test_score_matrix_is_a_native_xy_chart(example_deck: Any, example: cx.Portfolio) -> None:
    from pptx.enum.chart import XL_CHART_TYPE

    frames = [s for s in example_deck.slides[2].shapes if s.has_chart]
    assert len(frames) == 1
    chart = frames[0].chart
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER
    regions = {cx.region(i) for i in example}
    series = list(chart.plots[0].series)
    assert [s.name for s in series[: len(regions)]] == [r.label for r in cx.Region if r in regions]
    points = sum(len(s.values) for s in series[: len(regions)])
    assert points == len(example)
    first = series[0]  # one series per region: x is feasibility, y desirability
    members = [i for i in example if cx.region(i) == cx.Region(min(regions))]
    assert list(first.values) == [i.desirability for i in members]


def test_balance_is_a_native_bar_chart(example_deck: Any, example: cx.Portfolio) -> None:
    from pptx.enum.chart import XL_CHART_TYPE

    chart = next(s for s in example_deck.slides[3].shapes if s.has_chart).chart
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    shares = cx.check_balance(example, warn=False).innovation_shares
    assert list(chart.plots[0].series[0].values) == pytest.approx(list(shares.values()))
    assert list(chart.plots[0].categories) == [t.label for t in cx.InnovationType]


def test_findings_and_roadmap_slides(example_deck: Any, example: cx.Portfolio) -> None:
    findings = example_deck.slides[4].shapes
    text = " ".join(s.text_frame.text for s in findings if s.has_text_frame)
    for finding in cx.check_balance(example, warn=False).findings:
        assert finding.code in text and finding.message in text
    table = next(s for s in example_deck.slides[5].shapes if s.has_table).table
    plan = cx.roadmap(example)
    assert len(table.columns) == len(plan.phases)
    assert table.cell(0, 0).text.startswith("Phase 1")
    cells = [table.cell(r, c).text for r in range(1, len(table.rows)) for c in range(2)]
    assert sorted(c for c in cells if c) == sorted(example.names)


def test_deck_with_previous_has_a_changes_slide(tmp_path: Path, example: cx.Portfolio) -> None:
    before = cx.Portfolio(list(example)[:-1])
    deck = _deck(write_report(example, tmp_path / "q.pptx", previous=before))
    last = deck.slides[len(deck.slides) - 1]
    assert last.shapes.title.text == "Since last time"
    assert example.names[-1] in " ".join(
        s.text_frame.text for s in last.shapes if s.has_text_frame
    )


# --- Excel ----------------------------------------------------------------------------------


def _book(path: Path) -> Any:
    import openpyxl

    return openpyxl.load_workbook(path)


def _unquote(cell: Any) -> Any:
    """Undo the formula neutralisation of text cells, as read_csv does (see cxmodel.io)."""
    if isinstance(cell, str) and len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r'":
        return cell[1:]
    return cell


def test_workbook_sheets_header_and_frozen_panes(tmp_path: Path, example: cx.Portfolio) -> None:
    book = _book(write_report(example, tmp_path / "q3.xlsx"))
    assert book.sheetnames == ["Initiatives", "Findings", "Balance"]
    sheet = book["Initiatives"]
    assert [c.value for c in sheet[1]] == [
        "name",
        "viability",
        "desirability",
        "feasibility",
        "effort",
        "tags",
        "depends_on",
        "description",
        "region",
        "innovation_types",
        "primary_type",
        "feature_bloat",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == len(example) + 1
    assert book["Findings"].freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > 10


def test_workbook_region_columns_and_colours(tmp_path: Path, example: cx.Portfolio) -> None:
    from cxmodel.outputs._content import region_color

    sheet = _book(write_report(example, tmp_path / "q3.xlsx"))["Initiatives"]
    header = [c.value for c in sheet[1]]
    bloat = {
        n
        for f in cx.check_balance(example, warn=False).findings
        if f.code == "feature-bloat"
        for n in f.initiatives
    }
    for row, initiative in zip(sheet.iter_rows(min_row=2), example, strict=True):
        cells = dict(zip(header, row, strict=True))
        c = cx.classify(initiative)
        assert cells["region"].value == c.region.label
        assert cells["region"].fill.fgColor.rgb.endswith(region_color(c.region)[1:])
        types = [t.label for t in cx.InnovationType if t in c.types]
        assert (cells["innovation_types"].value or "") == "; ".join(types)
        assert (cells["primary_type"].value or "") == (c.primary.label if c.primary else "")
        assert cells["feature_bloat"].value is (initiative.name in bloat)
        assert isinstance(cells["viability"].value, float)


def test_workbook_findings_and_balance(tmp_path: Path, example: cx.Portfolio) -> None:
    book = _book(write_report(example, tmp_path / "q3.xlsx"))
    report = cx.check_balance(example, warn=False)
    rows = list(book["Findings"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (f.severity, f.code, f.message) for f in report.findings
    ]
    values: dict[str, tuple[Any, ...]] = {}
    for r in book["Balance"].iter_rows(values_only=True):
        if r[0]:
            values.setdefault(r[0], r[1:])  # the innovation types come before the regions
    assert values["balance_index"][0] == pytest.approx(report.balance_index)
    for t, share in report.innovation_shares.items():
        assert values[t.label][0] == pytest.approx(share)
    assert values["max_process_share"][0] == 0.5


def test_workbook_neutralises_formula_text(tmp_path: Path, tricky: cx.Portfolio) -> None:
    sheet = _book(write_report(tricky, tmp_path / "t.xlsx"))["Initiatives"]
    assert sheet["A2"].value == "'=SUM(A1)" and sheet["A2"].data_type == "s"
    assert sheet["F2"].value == "'+tag; b"
    assert sheet["H2"].value == "'@home"
    assert sheet["G3"].value == "'=SUM(A1)"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@settings(max_examples=40)
@given(portfolio=portfolios(max_size=8), use_count=st.booleans())
def test_initiatives_sheet_holds_the_portfolio(
    tmp_path_factory: pytest.TempPathFactory, portfolio: cx.Portfolio, use_count: bool
) -> None:
    policy = cx.BalancePolicy(weight="count") if use_count else None
    out = write_report(portfolio, tmp_path_factory.mktemp("x") / "p.xlsx", policy=policy)
    sheet = _book(out)["Initiatives"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(portfolio)
    for row, initiative in zip(rows, portfolio, strict=True):
        assert _unquote(row[0]) == initiative.name
        expected = [
            initiative.viability,
            initiative.desirability,
            initiative.feasibility,
            initiative.effort,
        ]
        # Numbers as Excel keeps them: 15 significant digits
        assert [row[1], row[2], row[3], row[4]] == pytest.approx(expected, rel=1e-14, abs=0)
        assert _unquote(row[5] or "") == "; ".join(initiative.tags)
        assert row[8] == cx.region(initiative).label


def test_workbook_with_previous_has_a_changes_sheet(tmp_path: Path, example: cx.Portfolio) -> None:
    before = cx.Portfolio(list(example)[1:])
    book = _book(write_report(example, tmp_path / "q.xlsx", previous=before))
    assert book.sheetnames[-1] == "Changes"
    rows = list(book["Changes"].iter_rows(min_row=2, values_only=True))
    assert ("added", example.names[0], None, None) in rows


def test_large_portfolio_key_spills_onto_more_slides(tmp_path: Path) -> None:
    deck = _deck(write_report(large(120), tmp_path / "big.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    continued = [t for t in titles if t.startswith("Key to the numbered dots")]
    assert continued
    key = "\n".join(
        s.text_frame.text for slide in deck.slides for s in _shapes_named(slide, "Key column")
    )
    assert all(key.count(f"Initiative {k:03d}") == 1 for k in range(120))
    assert math.isclose(len(_shapes_named(deck.slides[1], "Initiative ")), 120)


def test_long_names_wrap_in_the_key_whole(tmp_path: Path) -> None:
    from cxmodel.outputs import _pptx_venn

    rng = np.random.default_rng(2)
    words = [
        "customer",
        "journey",
        "loyalty",
        "programme",
        "self-service",
        "kiosk",
        "rollout",
        "pilot",
    ]
    names = [f"{k:02d} " + " ".join(rng.choice(words, size=3 + k % 12)) for k in range(60)]
    portfolio = cx.Portfolio.from_arrays(names, *rng.random((3, 60)))
    deck = _deck(write_report(portfolio, tmp_path / "deck.pptx"))
    columns = [s for slide in deck.slides for s in _shapes_named(slide, "Key column")]
    key = [p.text for column in columns for p in column.text_frame.paragraphs]
    assert "…" not in "".join(key)
    for name in names:  # every name whole, once, after its number and a tab
        assert sum(line.endswith("\t" + name) for line in key) == 1
    for column in columns:  # no column holds more lines than fit, wrapping counted
        assert column.text_frame.word_wrap
        chars = _pptx_venn._name_chars(column.width / 914400 + 0.15)
        lines = sum(
            max(len(textwrap.wrap(p.text.partition("\t")[2] or p.text, chars)), 1)
            for p in column.text_frame.paragraphs
        )
        assert lines <= _pptx_venn._KEY_ROWS


@pytest.mark.parametrize("n", [30, 45, 120])
def test_no_key_column_of_the_deck_ends_with_a_heading(tmp_path: Path, n: int) -> None:
    rng = np.random.default_rng(1)
    portfolio = cx.Portfolio.from_arrays([f"Idea {k}" for k in range(n)], *rng.random((3, n)))
    deck = _deck(write_report(portfolio, tmp_path / "deck.pptx"))
    columns = [s for slide in deck.slides for s in _shapes_named(slide, "Key column")]
    assert len(columns) > 1
    for column in columns:
        last = [p for p in column.text_frame.paragraphs if p.text.strip()][-1]
        assert not any(run.font.bold for run in last.runs), last.text  # headings are bold


def test_importing_outputs_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, cxmodel.outputs; "
        "heavy = {'jinja2', 'pptx', 'openpyxl', 'matplotlib', 'lxml'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_deck_numbers_the_dots_as_the_chart_does(tmp_path: Path) -> None:
    from pptx import Presentation

    p = cx.read_excel(Path(__file__).parent / "data" / "team_sheet_25.xlsx")
    chart = cx.plot_venn(p)
    expected = {name: text.get_text() for name, text in chart.numbers.items()}
    out = cx.write_report(p, tmp_path / "deck.pptx")
    key = [
        paragraph.text.strip()
        for slide in Presentation(str(out)).slides
        for shape in slide.shapes
        if shape.name.startswith("Key column")
        for paragraph in shape.text_frame.paragraphs
    ]
    found = {}
    for line in key:
        number, _, name = line.partition("\t")
        if number.isdigit():
            found[name.strip()] = number
    assert found == expected


def test_report_refuses_a_workshop_of_the_wrong_type(tmp_path: Path) -> None:
    with pytest.raises(cx.FieldError, match="workshop"):
        cx.write_report(cx.example_portfolio(), tmp_path / "r.html", workshop="ratings.csv")  # type: ignore[arg-type]
    assert not (tmp_path / "r.html").exists()


def test_report_without_a_workshop_has_no_workshop_section(tmp_path: Path) -> None:
    page = cx.write_report(cx.example_portfolio(), tmp_path / "r.html").read_text("utf-8")
    assert 'id="workshop"' not in page
