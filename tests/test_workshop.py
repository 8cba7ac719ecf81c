"""Scoring workshops: rubrics, aggregating several raters, rating templates."""

from __future__ import annotations

import csv
import json
import math
import statistics
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxmodel.agreement import krippendorff_alpha
from cxmodel.exceptions import CxModelError, CxModelWarning, FieldError, InputError
from cxmodel.model import CRITERIA, Initiative, Lens, Scale
from cxmodel.portfolio import Portfolio
from cxmodel.rubric import Question, Rubric
from cxmodel.workshop import CONFIDENCE_NOISE, DISCUSS_ABOVE, Workshop, aggregate_ratings
from cxmodel.workshop_template import INSTRUCTIONS_SHEET, write_ratings_template

DATA = Path(__file__).parent / "data"
RATINGS = DATA / "workshop_ratings.csv"
RUBRIC = DATA / "workshop_rubric.toml"


def records(table: dict[str, dict[str, tuple[float, float, float]]]) -> list[dict[str, Any]]:
    """Rater -> initiative -> (viability, desirability, feasibility) as a long table."""
    return [
        {"rater": rater, "initiative": name, "criterion": c, "score": s}
        for rater, by_name in table.items()
        for name, scores in by_name.items()
        for c, s in zip(CRITERIA, scores, strict=True)
    ]


# --- rubrics ------------------------------------------------------------------------------


def test_default_rubric_has_three_questions_per_lens() -> None:
    rubric = Rubric.default()
    assert [len(rubric.for_lens(lens)) for lens in Lens] == [3, 3, 3]
    assert rubric.scale == Scale(1, 5)
    assert all(q.anchors and q.weight == 1.0 for q in rubric)
    texts = " ".join(q.text.lower() for q in rubric)
    for word in ("profitable", "sustainable", "strategy", "want", "accomplish", "recommend"):
        assert word in texts
    for word in ("technology", "skills", "delivered"):
        assert word in texts


def test_question_reads_lens_names_and_anchor_keys() -> None:
    q = Question(" fit ", Lens.BUSINESS, "Fits.", weight=2, anchors={"5": "core", 1.0: "off"})
    assert (q.key, q.lens, q.criterion, q.weight) == ("fit", Lens.BUSINESS, "viability", 2.0)
    assert list(q.anchors.items()) == [(1, "off"), (5, "core")]
    assert Question("x", "people", "t").lens is Lens.PEOPLE


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (("", "viability", "t"), {}, "key"),
        (("people", "viability", "t"), {}, "key"),
        (("k", "cost", "t"), {}, "lens"),
        (("k", "viability", " "), {}, "text"),
        (("k", "viability", "t"), {"weight": 0}, "weight"),
        (("k", "viability", "t"), {"weight": -1}, "weight"),
        (("k", "viability", "t"), {"weight": math.nan}, "weight"),
        (("k", "viability", "t"), {"weight": True}, "weight"),
        (("k", "viability", "t"), {"anchors": {"high": "x"}}, "anchors"),
        (("k", "viability", "t"), {"anchors": {1: ""}}, "anchors"),
        (("k", "viability", "t"), {"anchors": {1: "a", "1": "b"}}, "anchors"),
        (("k", "viability", "t"), {"anchors": ["a"]}, "anchors"),
    ],
)
def test_bad_question_names_the_field(
    args: tuple[Any, ...], kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(FieldError) as caught:
        Question(*args, **kwargs)
    assert caught.value.field == field


def test_rubric_refuses_duplicates_and_anchors_off_the_scale() -> None:
    a = Question("Fit", "viability", "Fits.")
    with pytest.raises(FieldError, match="key twice"):
        Rubric([a, Question("fit", "people", "Again.")])
    with pytest.raises(FieldError, match="at least one"):
        Rubric([])
    with pytest.raises(FieldError, match="must be a Question"):
        Rubric([a, "wanted"])
    with pytest.raises(FieldError, match="must lie on the scale"):
        Rubric([Question("k", "people", "t", anchors={7: "x"})], scale=Scale(1, 5))


def test_rubric_file_toml() -> None:
    rubric = Rubric.from_file(RUBRIC)
    assert rubric.keys == ("revenue", "fit", "wanted", "helps", "tech", "skills")
    assert rubric.scale == Scale(1, 5)
    assert rubric["revenue"].weight == 2.0
    assert rubric["skills"].lens is Lens.TECHNOLOGY
    assert rubric["wanted"].anchors == {
        1: "nobody asked for it",
        5: "customers ask for it unprompted",
    }
    assert "REVENUE" in rubric and "cost" not in rubric


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_rubric_files_json_and_yaml_round_trip(tmp_path: Path, suffix: str) -> None:
    rubric = Rubric.from_file(RUBRIC)
    path = tmp_path / f"rubric{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(rubric.to_dict()), encoding="utf-8")
    else:
        yaml = pytest.importorskip("yaml")
        path.write_text(yaml.safe_dump(rubric.to_dict()), encoding="utf-8")
    assert Rubric.from_file(path) == rubric


def test_rubric_file_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "rubric.toml"
    path.write_text(
        """
[[questions]]
key = "fit"
lens = "viability"
text = "Fits."

[[questions]]
key = "FIT"
lens = "money"
text = "Pays."
weight = -2
wieght = 1

[[questions]]
lens = "people"
text = "Wanted."
""",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        Rubric.from_file(path)
    problems = {(row, column) for row, column, _ in caught.value.errors}
    assert problems == {(2, "key"), (2, "lens"), (2, "weight"), (2, "wieght"), (3, "key")}
    message = str(caught.value)
    assert str(path) in message and "'money'" in message and "-2" in message
    assert "question 2" in message


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("r.toml", "[[questions]\n", "not valid TOML"),
        ("r.json", '{"questions": [', "not valid JSON"),
        ("r.toml", "question = []\n", "questions"),
        ("r.json", '{"questions": [], "scale": [5, 1]}', "non-empty list"),
        (
            "r.json",
            '{"questions": [{"key": "k", "lens": "people", "text": "t"}], "scale": [5, 1]}',
            "low < high",
        ),
        ("r.ini", "", "must be .toml, .json or .yaml"),
    ],
)
def test_bad_rubric_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        Rubric.from_file(path)


def test_missing_rubric_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        Rubric.from_file(tmp_path / "nope.toml")


# --- the example workshop -------------------------------------------------------------------


def _expected_from_csv() -> dict[str, Any]:
    """The example workshop computed the plain way, straight from the CSV and the TOML."""
    weights = {"revenue": 2, "fit": 1, "wanted": 1, "helps": 1, "tech": 1, "skills": 0.5}
    lens = {"revenue": 0, "fit": 0, "wanted": 1, "helps": 1, "tech": 2, "skills": 2}
    answers: dict[tuple[str, str, int], list[tuple[float, float]]] = {}
    efforts: dict[tuple[str, str], list[float]] = {}
    confidence: dict[tuple[str, str], float] = {}
    with RATINGS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["Rater"], row["Initiative"])
            if row["Effort"]:
                efforts.setdefault(key, []).append(float(row["Effort"]))
            if row["Confidence"]:
                confidence[key] = float(row["Confidence"])
            if row["Score (1-5)"] != "N/A":
                score = (float(row["Score (1-5)"]) - 1) / 4
                answers.setdefault((*key, lens[row["Criterion"]]), []).append(
                    (score, weights[row["Criterion"]])
                )
    per_rater = {
        key: sum(s * w for s, w in items) / sum(w for _, w in items)
        for key, items in answers.items()
    }
    return {"per_rater": per_rater, "efforts": efforts, "confidence": confidence}


@pytest.fixture(scope="module")
def example() -> Workshop:
    return aggregate_ratings(RATINGS, rubric=Rubric.from_file(RUBRIC))


def test_example_workshop_scores(example: Workshop) -> None:
    expected = _expected_from_csv()
    assert example.raters == ("Ann", "Bo", "Cy")
    assert example.portfolio.names == (
        "Customer community",
        "Self-checkout",
        "Chatbot",
        "Loyalty app",
    )
    per_rater = expected["per_rater"]
    for k, name in enumerate(example.portfolio.names):
        for j, criterion in enumerate(CRITERIA):
            values = [per_rater[(r, name, j)] for r in example.raters]
            assert getattr(example.portfolio[name], criterion) == pytest.approx(
                statistics.fmean(values)
            )
            assert example.spread[name][criterion] == pytest.approx(statistics.pstdev(values))
            assert example.ratings[:, k, j].tolist() == pytest.approx(values)


def test_example_workshop_effort_is_the_mean_of_the_raters(example: Workshop) -> None:
    efforts = _expected_from_csv()["efforts"]
    for item in example.portfolio:
        given_by = [
            statistics.fmean(efforts[(r, item.name)])
            for r in example.raters
            if (r, item.name) in efforts
        ]
        assert item.effort == pytest.approx(statistics.fmean(given_by))


def test_example_workshop_agreement(example: Workshop) -> None:
    for j, criterion in enumerate(CRITERIA):
        assert example.agreement[criterion] == pytest.approx(
            krippendorff_alpha(np.asarray(example.ratings)[:, :, j])
        )
    pooled = np.asarray(example.ratings).reshape(3, -1)
    assert example.agreement["overall"] == pytest.approx(krippendorff_alpha(pooled))
    assert list(example.agreement) == [*CRITERIA, "overall"]
    assert example.notes == ()


def test_example_workshop_discuss_list(example: Workshop) -> None:
    spreads = {(n, c): s for n, by in example.spread.items() for c, s in by.items()}
    above = [key for key, s in spreads.items() if s > DISCUSS_ABOVE]
    assert set(example.discuss) == set(above)
    listed = [spreads[key] for key in example.discuss]
    assert listed == sorted(listed, reverse=True)
    assert example.discuss[0] == ("Chatbot", "desirability")  # Ann 1-2, Bo 5-4, Cy 2


def test_example_workshop_noise_widens_with_low_confidence(example: Workshop) -> None:
    confidence = _expected_from_csv()["confidence"]
    for k, name in enumerate(example.portfolio.names):
        mean_conf = statistics.fmean(confidence.get((r, name), 1.0) for r in example.raters)
        for j, criterion in enumerate(CRITERIA):
            spread = example.spread[name][criterion]
            expected = math.hypot(spread, (1 - mean_conf) * CONFIDENCE_NOISE)
            assert example.noise[k, j] == pytest.approx(expected)
            assert example.noise[k, j] >= spread
    chatbot = example.portfolio.names.index("Chatbot")
    assert (example.noise[chatbot] > np.array(list(example.spread["Chatbot"].values()))).all()


def test_example_workshop_feeds_sensitivity(example: Workshop) -> None:
    from cxmodel.uncertainty import sensitivity

    report = sensitivity(example.portfolio, noise=example.noise, samples=50, seed=1)
    assert report.names == example.portfolio.names


def test_results_are_read_only_and_frozen(example: Workshop) -> None:
    for array in (example.ratings, example.noise, example.confidence):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0.0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        example.method = "median"  # type: ignore[misc]


def test_text_dict_and_html(example: Workshop) -> None:
    text = str(example)
    assert "3 raters (Ann, Bo, Cy)" in text and "Krippendorff" in text
    assert '"Chatbot" desirability' in text
    data = example.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert [i["name"] for i in data["initiatives"]] == list(example.portfolio.names)
    assert data["discuss"][0] == {
        "initiative": "Chatbot",
        "criterion": "desirability",
        "spread": example.spread["Chatbot"]["desirability"],
    }
    assert data["initiatives"][2]["ratings"]["Cy"]["desirability"] == pytest.approx(0.25)
    page = example._repr_html_()
    assert page.count("<tr>") == 1 + len(example.portfolio)
    assert "background:#fde0dd" in page


# --- ways in: records, data frames, files ------------------------------------------------


def _csv_rows() -> list[dict[str, str]]:
    with RATINGS.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _same(a: Workshop, b: Workshop) -> None:
    assert a.portfolio == b.portfolio
    assert a.spread == b.spread
    assert a.discuss == b.discuss
    np.testing.assert_array_equal(a.noise, b.noise)
    np.testing.assert_array_equal(a.ratings, b.ratings)


def test_records_pandas_and_polars_agree_with_the_file(example: Workshop) -> None:
    rubric = Rubric.from_file(RUBRIC)
    rows = _csv_rows()
    _same(aggregate_ratings(rows, rubric=rubric), example)
    pd = pytest.importorskip("pandas")
    _same(aggregate_ratings(pd.DataFrame(rows), rubric=rubric), example)
    pl = pytest.importorskip("polars")
    _same(aggregate_ratings(pl.DataFrame(rows), rubric=rubric), example)


def test_data_frame_with_numbers_and_missing_cells() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "RATER": ["Ann", "Ann", "Ann", "Bo", "Bo", "Bo"],
            "initiative": ["App"] * 6,
            "Criterion": ["viability", "desirability", "feasibility"] * 2,
            "score": [4, 5, None, 2, 3, 1],
        }
    )
    ws = aggregate_ratings(df)
    assert ws.portfolio["App"].scores == {
        "viability": 0.5,
        "desirability": 0.75,
        "feasibility": 0.0,
    }
    assert ws.counts().tolist() == [[2, 2, 1]]


def test_semicolons_decimal_commas_and_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text(
        "\ufeffRater;Initiative;Criterion;Score\r\n"
        "Ann;App;business;3,5\r\nAnn;App;people;80%\r\nAnn;App;technology;5\r\n",
        encoding="utf-8",
    )
    ws = aggregate_ratings(path)
    assert ws.portfolio["App"].scores == {
        "viability": 0.625,
        "desirability": 0.8,
        "feasibility": 1.0,
    }


def test_one_file_per_rater_is_named_after_the_file(tmp_path: Path) -> None:
    paths = []
    for rater, score in (("ann", 2), ("bo", 4)):
        path = tmp_path / f"{rater}.csv"
        path.write_text(
            "initiative,criterion,score\n" + "".join(f"App,{c},{score}\n" for c in CRITERIA),
            encoding="utf-8",
        )
        paths.append(path)
    ws = aggregate_ratings(paths)
    assert ws.raters == ("ann", "bo")
    assert ws.portfolio["App"].viability == 0.5


def test_header_declares_the_scale_and_scale_overrides_it(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "rater,initiative,criterion,Score (0-10)\n" + "".join(f"A,App,{c},7\n" for c in CRITERIA),
        encoding="utf-8",
    )
    assert aggregate_ratings(path).portfolio["App"].viability == pytest.approx(0.7)
    assert aggregate_ratings(path, scale=Scale(0, 20)).portfolio["App"].viability == 0.35


def test_scale_defaults_to_likert_five_and_refuses_other_scales() -> None:
    rows = records({"Ann": {"App": (1, 3, 5)}})
    assert aggregate_ratings(rows).portfolio["App"].scores == {
        "viability": 0.0,
        "desirability": 0.5,
        "feasibility": 1.0,
    }
    with pytest.raises(InputError, match=r"0.7 is outside the scale \[1, 5\]"):
        aggregate_ratings(records({"Ann": {"App": (0.7, 0.5, 1)}}))
    normalised = aggregate_ratings(records({"Ann": {"App": (0.7, 0.5, 1)}}), scale=Scale(0, 1))
    assert normalised.portfolio["App"].viability == 0.7


# --- methods and weights ----------------------------------------------------------------------


def test_methods_combine_like_statistics() -> None:
    raw = [1, 2, 2, 5, 4]
    rows = records({f"r{k}": {"App": (s, 3, 3)} for k, s in enumerate(raw)})
    norm = [(s - 1) / 4 for s in raw]
    assert aggregate_ratings(rows).portfolio["App"].viability == pytest.approx(
        statistics.fmean(norm)
    )
    median = aggregate_ratings(rows, method="median").portfolio["App"].viability
    assert median == pytest.approx(statistics.median(norm))
    trimmed = aggregate_ratings(rows, method="trimmed").portfolio["App"].viability
    assert trimmed == pytest.approx(statistics.fmean(sorted(norm)[1:-1]))
    even = records({f"r{k}": {"App": (s, 3, 3)} for k, s in enumerate([1, 2, 4, 5])})
    assert aggregate_ratings(even, method="median").portfolio["App"].viability == 0.5


def test_trimmed_keeps_everything_below_four_ratings() -> None:
    rows = records({f"r{k}": {"App": (s, 3, 3)} for k, s in enumerate([1, 2, 5])})
    assert (
        aggregate_ratings(rows, method="trimmed").portfolio
        == aggregate_ratings(rows, method="mean").portfolio
    )


def test_rater_weights() -> None:
    rows = records({"Ann": {"App": (1, 3, 3)}, "Bo": {"App": (5, 3, 3)}})
    ws = aggregate_ratings(rows, rater_weights={"Ann": 3})
    assert ws.portfolio["App"].viability == pytest.approx(0.25)
    median = aggregate_ratings(rows, method="median", rater_weights={"Bo": 3})
    assert median.portfolio["App"].viability == 1.0
    with pytest.raises(FieldError, match="rated nothing"):
        aggregate_ratings(rows, rater_weights={"Cy": 1})
    with pytest.raises(FieldError, match="must be a number > 0"):
        aggregate_ratings(rows, rater_weights={"Ann": 0})


def test_question_weights_and_skipped_questions() -> None:
    rows = [
        {"rater": "Ann", "initiative": "App", "criterion": key, "score": score}
        for key, score in (
            ("profitable", 5),
            ("sustainable", 1),
            ("strategic_fit", "n/a"),
            ("wanted", 3),
            ("feasibility", 4),
        )
    ]
    rubric = Rubric(
        [
            Question("profitable", "viability", "Pays.", weight=3),
            Question("sustainable", "viability", "Lasts."),
            Question("strategic_fit", "viability", "Fits."),
            Question("wanted", "desirability", "Wanted."),
        ]
    )
    ws = aggregate_ratings(rows, rubric=rubric)
    assert ws.portfolio["App"].viability == pytest.approx((3 * 1.0 + 0.0) / 4)
    assert ws.portfolio["App"].feasibility == 0.75


# --- bad input ------------------------------------------------------------------------------


def test_every_bad_row_in_one_error(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text(
        "rater,initiative,criterion,score,confidence,effort\n"
        "Ann,App,viability,4,,\n"  # line 2: fine
        "Ann,App,cost,4,,\n"  # 3: unknown criterion
        "Ann,App,desirability,9,,\n"  # 4: outside the scale
        "Ann,App,feasibility,3,1.5,\n"  # 5: bad confidence
        ",App,feasibility,3,,\n"  # 6: no rater
        "Bo,App,viability,high,,\n"  # 7: not a number
        "Bo,App,feasibility,2,,0\n"  # 8: effort 0
        "Ann,App,viability,5,,\n"  # 9: twice
        "Bo,Kiosk,viability,3,,\n"  # 10: Kiosk lacks desirability and feasibility
        "Bo,App,wanted,3,,\n"  # 11: fine (a default rubric question)
        "Bo,App,desirability,4,,\n",  # 12: both directly and through questions
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        aggregate_ratings(path)
    error = caught.value
    assert {(row, column) for row, column, _ in error.errors} == {
        (3, "criterion"),
        (4, "score"),
        (5, "confidence"),
        (6, "rater"),
        (7, "score"),
        (8, "effort"),
        (9, "criterion"),
        (10, "criterion"),
        (12, "criterion"),
    }
    kiosk = [m for row, _, m in error.errors if row == 10]
    assert len(kiosk) == 2 and any("no rating of desirability" in m for m in kiosk)
    message = str(error)
    assert message.startswith(f"{path}: ")
    for text in ("'cost'", "9", "1.5", "'high'", "twice", "line 2", "both directly"):
        assert text in message


def test_an_initiative_left_without_a_lens(tmp_path: Path) -> None:
    rows = [
        {"rater": "Ann", "initiative": "App", "criterion": "viability", "score": 3},
        {"rater": "Ann", "initiative": "App", "criterion": "desirability", "score": 3},
        {"rater": "Ann", "initiative": "App", "criterion": "feasibility", "score": ""},
    ]
    with pytest.raises(InputError, match=r"record 1.*'App' has no rating of feasibility"):
        aggregate_ratings(rows)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rater,initiative,score\nA,App,3\n", "missing column 'criterion'"),
        ("rater,name,idea,criterion,score\n", "columns 'name' and 'idea' are both 'initiative'"),
        ("", "empty"),
        ("rater,initiative,criterion,score\n", "no ratings"),
    ],
)
def test_bad_tables(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        aggregate_ratings(path)


def test_ratings_files_are_decoded_as_read_csv_decodes(tmp_path: Path) -> None:
    rows = "".join(
        f"Ann,Café,{criterion},4\n" for criterion in ("viability", "desirability", "feasibility")
    )
    text = "rater,initiative,criterion,score\n" + rows
    latin = tmp_path / "latin.csv"  # Excel's "CSV (Comma delimited)" on Windows
    latin.write_bytes(text.encode("cp1252"))
    with pytest.warns(CxModelWarning, match=r"not UTF-8 .*line 2.*Windows-1252"):
        from_latin = aggregate_ratings(latin)
    unicode = tmp_path / "unicode.csv"  # Excel's "Unicode text": UTF-16 with a BOM
    unicode.write_bytes(text.replace(",", "\t").encode("utf-16"))
    from_unicode = aggregate_ratings(unicode)
    assert from_latin.portfolio == from_unicode.portfolio
    assert from_latin.portfolio.names == ("Café",)


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (10**400, "too large"),
        (True, "is a boolean, not a number"),
        ("inf", "not a finite number"),
        ("high", "'high' is not a number"),
    ],
)
def test_bad_rating_cells_are_reported(score: object, message: str) -> None:
    rows = [
        {"rater": "Ann", "initiative": "App", "criterion": c, "score": 3}
        for c in ("viability", "desirability", "feasibility")
    ]
    rows[0]["score"] = score
    with pytest.raises(InputError, match=message):
        aggregate_ratings(rows)


def test_bad_files_and_arguments(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        aggregate_ratings(tmp_path / "missing.csv")
    with pytest.raises(InputError, match=r"must be a \.csv or \.xlsx"):
        aggregate_ratings(tmp_path / "ratings.json")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"rater,initiative\x00\x01\x02")
    with pytest.raises(InputError, match="binary file"):
        aggregate_ratings(binary)
    rows = records({"Ann": {"App": (3, 3, 3)}})
    for kwargs in ({"method": "mode"}, {"scale": (1, 5)}, {"rubric": "x"}, {"discuss_above": 2}):
        with pytest.raises(FieldError):
            aggregate_ratings(rows, **kwargs)
    for bad in (42, {"rater": "Ann"}, [1, 2]):
        with pytest.raises(CxModelError):
            aggregate_ratings(bad)


# --- agreement edge cases -----------------------------------------------------------------


def test_a_single_rater_has_no_spread_and_undefined_agreement() -> None:
    ws = aggregate_ratings(records({"Ann": {"App": (4, 2, 5), "Kiosk": (1, 2, 3)}}))
    assert ws.spread["App"] == dict.fromkeys(CRITERIA, 0.0)
    assert ws.discuss == ()
    assert all(math.isnan(v) for v in ws.agreement.values())
    assert any("no initiative was rated by two raters" in n for n in ws.notes)
    assert ws.to_dict()["agreement"] == dict.fromkeys([*CRITERIA, "overall"])


def test_unanimous_constant_ratings_are_undefined_not_perfect() -> None:
    ws = aggregate_ratings(records({r: {"App": (3, 3, 3)} for r in ("Ann", "Bo")}))
    assert math.isnan(ws.agreement["viability"])
    assert any("every rating is the same" in n for n in ws.notes)


def test_discuss_threshold_is_configurable() -> None:
    rows = records({"Ann": {"App": (3, 3, 3)}, "Bo": {"App": (4, 3, 5)}})
    assert aggregate_ratings(rows).discuss == (("App", "feasibility"),)
    assert aggregate_ratings(rows, discuss_above=0.1).discuss == (
        ("App", "feasibility"),
        ("App", "viability"),
    )


# --- properties -------------------------------------------------------------------------------

likert = st.integers(1, 5)
panels = st.dictionaries(
    st.sampled_from(["Ann", "Bo", "Cy", "Dee"]),
    st.dictionaries(
        st.sampled_from(["App", "Kiosk", "Chatbot", "Forum"]),
        st.tuples(likert, likert, likert),
        min_size=1,
    ),
    min_size=1,
)


@given(
    st.dictionaries(
        st.sampled_from(["App", "Kiosk", "Forum"]), st.tuples(likert, likert, likert), min_size=1
    )
)
def test_one_rater_gives_that_raters_scores(scores: dict[str, tuple[int, int, int]]) -> None:
    ws = aggregate_ratings(records({"Ann": scores}))
    for name, raw in scores.items():
        assert ws.portfolio[name].scores == {
            c: (s - 1) / 4 for c, s in zip(CRITERIA, raw, strict=True)
        }
    assert not ws.noise.any()


@given(panels, st.randoms(use_true_random=False), st.sampled_from(["mean", "median", "trimmed"]))
def test_order_of_rows_does_not_change_the_scores(
    panel: dict[str, dict[str, tuple[int, int, int]]], rng: Any, method: str
) -> None:
    rows = records(panel)
    shuffled = list(rows)
    rng.shuffle(shuffled)
    a = aggregate_ratings(rows, method=method)  # type: ignore[arg-type]
    b = aggregate_ratings(shuffled, method=method)  # type: ignore[arg-type]
    for name in a.portfolio.names:
        assert b.portfolio[name].scores == pytest.approx(a.portfolio[name].scores)
        assert b.spread[name] == pytest.approx(a.spread[name])
    assert set(a.discuss) == set(b.discuss)
    for key, value in a.agreement.items():
        assert b.agreement[key] == pytest.approx(value, nan_ok=True)


@given(
    st.dictionaries(
        st.sampled_from(["App", "Kiosk", "Chatbot", "Forum"]),
        st.tuples(likert, likert, likert),
        min_size=2,
    ),
    st.integers(2, 4),
)
def test_identical_raters_agree_fully(scores: dict[str, tuple[int, int, int]], n: int) -> None:
    ws = aggregate_ratings(records({f"r{k}": scores for k in range(n)}))
    for j, criterion in enumerate(CRITERIA):
        varies = len({raw[j] for raw in scores.values()}) > 1
        if varies:
            assert ws.agreement[criterion] == pytest.approx(1.0)
        else:
            assert math.isnan(ws.agreement[criterion])
    if len({s for raw in scores.values() for s in raw}) > 1:
        assert ws.agreement["overall"] == pytest.approx(1.0)
    else:
        assert math.isnan(ws.agreement["overall"])
    assert ws.discuss == ()


# --- templates -----------------------------------------------------------------------------


def _fill_csv(path: Path, score: Any) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    column = next(k for k, h in enumerate(header) if h.startswith("Score"))
    for k, row in enumerate(rows[1:], start=1):
        row[column] = str(score(k, row))
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def test_csv_template_round_trip(tmp_path: Path) -> None:
    portfolio = Portfolio(
        [Initiative("=Kiosk", 0.5, 0.5, 0.5, effort=3), Initiative("App, v2", 0.5, 0.5, 0.5)]
    )
    path = write_ratings_template(portfolio, tmp_path / "ratings.csv", raters="Ann, Bo")
    _fill_csv(path, lambda k, row: 1 + k % 5)
    ws = aggregate_ratings(path)
    assert ws.raters == ("Ann", "Bo")
    assert ws.portfolio.names == ("=Kiosk", "App, v2")
    assert ws.portfolio["=Kiosk"].effort == 3.0 and ws.portfolio["App, v2"].effort == 1.0
    with path.open(encoding="utf-8-sig") as f:
        filled = list(csv.DictReader(f))
    again = aggregate_ratings(
        [{**row, "Initiative": row["Initiative"].lstrip("'")} for row in filled]
    )
    assert again.portfolio == ws.portfolio


def test_xlsx_template_layout_and_round_trip(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    rubric = Rubric.from_file(RUBRIC)
    path = write_ratings_template(
        ["Kiosk", "=App"], tmp_path / "ratings.xlsx", raters=["Ann", "Bo"], rubric=rubric
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [INSTRUCTIONS_SHEET, "Ann", "Bo"]
    sheet = book["Ann"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Initiative", "Criterion", "Lens", "Question", "Guide", "Score (1-5)"]
    assert sheet.max_row == 1 + 2 * len(rubric)
    assert sheet["A2"].value == "Kiosk" and sheet["B2"].value == "revenue"
    assert sheet["E2"].value == "1 = it will lose money; 5 = clearly profitable"
    assert sheet.cell(row=2 + len(rubric), column=1).value == "=App"
    assert sheet.cell(row=2 + len(rubric), column=1).data_type == "s"
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    score = validations[f"F2:F{sheet.max_row}"]
    assert (score.type, score.formula1, score.formula2) == ("whole", "1", "5")
    instructions = " ".join(
        str(c.value) for row in book[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    assert "customers ask for it unprompted" in instructions
    for name, shift in (("Ann", 0), ("Bo", 1)):
        for row in range(2, book[name].max_row + 1):
            book[name].cell(row=row, column=6, value=1 + (row + shift) % 5)
        book[name].cell(row=2, column=7, value=0.5)
    book.save(path)
    ws = aggregate_ratings(path, rubric=rubric)
    assert ws.raters == ("Ann", "Bo")
    assert ws.portfolio.names == ("Kiosk", "=App")
    flat = [
        {"rater": name, "initiative": r[0], "criterion": r[1], "score": r[5], "confidence": r[6]}
        for name in ("Ann", "Bo")
        for r in book[name].iter_rows(min_row=2, values_only=True)
    ]
    expected = aggregate_ratings(flat, rubric=rubric)
    _same(ws, expected)


def test_xlsx_errors_name_the_sheet_and_cell(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = write_ratings_template(["Kiosk"], tmp_path / "r.xlsx", raters="Ann")
    book = openpyxl.load_workbook(path)
    for row in range(2, book["Ann"].max_row + 1):
        book["Ann"].cell(row=row, column=6, value=3)
    book["Ann"]["F4"] = 8
    book.save(path)
    with pytest.raises(InputError) as caught:
        aggregate_ratings(path)
    assert caught.value.errors[0][:2] == (4, "Ann!F4")
    assert "row 4" in str(caught.value)


@pytest.mark.parametrize(
    ("names", "kwargs", "message"),
    [
        (["A"], {"raters": "Ann,ann"}, "twice"),
        (["A"], {"raters": ""}, "non-empty"),
        (["A"], {"raters": "Instructions"}, "sheet name"),
        (["A"], {"raters": "a/b"}, "sheet name"),
        (["A", "A"], {"raters": "Ann"}, "twice"),
        ([], {"raters": "Ann"}, "must name an initiative"),
        ("A", {"raters": "Ann"}, "must be a Portfolio"),
    ],
)
def test_bad_template_arguments(
    tmp_path: Path, names: Any, kwargs: dict[str, Any], message: str
) -> None:
    path = tmp_path / "t.xlsx"
    with pytest.raises(FieldError, match=message):
        write_ratings_template(names, path, **kwargs)
    assert not path.exists()


def test_template_other_extension(tmp_path: Path) -> None:
    with pytest.raises(FieldError, match=r"\.csv or \.xlsx") as caught:
        write_ratings_template(["A"], tmp_path / "t.ods", raters="Ann")
    assert isinstance(caught.value, ValueError)
    assert not (tmp_path / "t.ods").exists()


# --- the chart --------------------------------------------------------------------------------


def test_plot_ratings_draws_every_rating_and_marks_the_discuss_list(example: Workshop) -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    from cxmodel.plotting.ratings import plot_ratings

    fig, ax = plt.subplots(figsize=(8, 6))
    try:
        assert plot_ratings(example, ax=ax) is ax
        by_gid = {c.get_gid(): c for c in ax.collections if c.get_gid()}
        ratings = np.asarray(example.ratings)
        for k, name in enumerate(example.portfolio.names):
            for j, criterion in enumerate(CRITERIA):
                dots = by_gid[f"ratings:{name}:{criterion}"].get_offsets()
                given = ratings[:, k, j][~np.isnan(ratings[:, k, j])]
                assert sorted(dots[:, 0].tolist()) == pytest.approx(sorted(given.tolist()))
                assert len({tuple(p) for p in np.round(dots, 9).tolist()}) == len(dots)
                diamond = by_gid[f"aggregate:{name}:{criterion}"].get_offsets()
                assert diamond[0, 0] == pytest.approx(getattr(example.portfolio[name], criterion))
        notes = {t.get_gid(): t.get_text() for t in ax.texts}
        assert {f"discuss:{n}:{c}" for n, c in example.discuss} == {
            gid for gid in notes if gid.startswith("discuss:")
        }
        bold = {t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"}
        assert bold == {name for name, _ in example.discuss}
    finally:
        plt.close(fig)


def test_plot_ratings_refuses_other_things() -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    from cxmodel.plotting.ratings import plot_ratings

    fig, ax = plt.subplots()
    try:
        with pytest.raises(FieldError, match="must be a Workshop"):
            plot_ratings(Portfolio([]), ax=ax)  # type: ignore[arg-type]
        ws = aggregate_ratings(records({"Ann": {"App": (3, 3, 3)}}))
        with pytest.raises(FieldError, match="thresholds"):
            plot_ratings(ws, ax=ax, thresholds=0.5)  # type: ignore[arg-type]
    finally:
        plt.close(fig)


def test_problems_in_several_files_name_the_file(tmp_path: Path) -> None:
    good, bad = tmp_path / "ann.csv", tmp_path / "bo.csv"
    good.write_text(
        "initiative,criterion,score\n" + "".join(f"App,{c},3\n" for c in CRITERIA),
        encoding="utf-8",
    )
    bad.write_text(
        "initiative,criterion,score\nApp,viability,3\nApp,viability,4\n"
        "App,desirability,3\nApp,feasibility,9\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        aggregate_ratings([good, bad])
    assert [(row, column) for row, column, _ in caught.value.errors] == [
        (3, "bo.csv: criterion"),
        (5, "bo.csv: score"),
    ]
    assert "first in bo.csv line 2" in str(caught.value)
