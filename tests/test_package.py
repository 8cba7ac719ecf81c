"""Package-level promises: light import, no side effects, documented public names."""

from __future__ import annotations

import importlib.resources
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import cxmodel as cx

HEAVY = (
    "matplotlib", "pandas", "polars", "networkx", "scipy", "openpyxl", "pptx", "jinja2",
    "jsonschema", "narwhals", "pyarrow", "PIL",
)  # fmt: skip
#: Standard modules only the readers, writers and HTML output need.
FORMATS = ("csv", "json", "tomllib", "html", "difflib")


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.strip()


def test_import_loads_no_heavy_library() -> None:
    loaded = run_python(
        f"import sys, cxmodel; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert loaded == ""


def test_import_leaves_the_file_formats_to_the_readers_and_writers() -> None:
    code = "import sys, cxmodel; print(' '.join(m for m in {!r} if m in sys.modules))"
    assert run_python(code.format(FORMATS)) == ""
    after_use = (
        "import sys, cxmodel as cx; cx.example_portfolio().to_csv(); "
        f"print(' '.join(m for m in {FORMATS!r} if m in sys.modules))"
    )
    assert "csv" in run_python(after_use).split()  # loaded on first use


def test_one_chart_from_the_command_line_loads_only_what_it_draws(tmp_path: Path) -> None:
    sheet = Path(__file__).parent / "data" / "team_sheet_25.csv"
    unneeded = (
        "importlib.metadata",  # read only for --version
        "cxmodel.plotting.scores",
        "cxmodel.plotting.movement",
        "cxmodel.plotting.ratings",
        "cxmodel.plotting.sensitivity",
        "cxmodel.comparison",
        "cxmodel.uncertainty",
    )
    code = (
        "import sys; from cxmodel.cli import main; "
        f"status = main(['chart', {str(sheet)!r}, '--scale', 'likert5', "
        f"'-o', {str(tmp_path / 'venn.png')!r}]); "
        f"print(status, ' '.join(m for m in {unneeded!r} if m in sys.modules))"
    )
    assert run_python(code) == "0"


def test_plotting_loads_each_chart_module_on_first_use() -> None:
    code = (
        "import sys, cxmodel.plotting as plotting; "
        "before = 'cxmodel.plotting.venn' in sys.modules; "
        "size = plotting.venn.figure_size(25); plotting.plot_scores; "
        "print(before, 'cxmodel.plotting.scores' in sys.modules, "
        "'cxmodel.plotting.movement' in sys.modules, hasattr(plotting, 'no_such_chart'))"
    )
    assert run_python(code) == "False True False False"


def test_import_changes_no_global_state() -> None:
    code = (
        "import warnings, sys, numpy, attrs; before = list(warnings.filters); "
        "hooks = (sys.excepthook, sys.displayhook); import cxmodel; "
        "print(warnings.filters == before and hooks == (sys.excepthook, sys.displayhook))"
    )
    assert run_python(code) == "True"


def test_all_is_sorted_and_unique() -> None:
    assert list(cx.__all__) == sorted(set(cx.__all__))


@pytest.mark.parametrize("name", cx.__all__)
def test_public_name_resolves(name: str) -> None:
    assert getattr(cx, name) is not None


@pytest.mark.parametrize("name", cx.__all__)
def test_public_name_has_docstring_with_example(name: str) -> None:
    doc = inspect.getdoc(getattr(cx, name)) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert "Examples\n--------" in doc and ">>> " in doc, f"{name} has no runnable example"


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        cx.no_such_name  # noqa: B018


def test_dir_lists_public_names() -> None:
    assert set(cx.__all__) <= set(dir(cx))


def test_py_typed_is_shipped() -> None:
    assert importlib.resources.files("cxmodel").joinpath("py.typed").is_file()


def test_errors_form_one_tree() -> None:
    for error in (
        cx.ScoreError,
        cx.InputError,
        cx.DuplicateNameError,
        cx.UnknownDependencyError,
        cx.DependencyCycleError,
        cx.FieldError,
    ):
        assert issubclass(error, cx.CxModelError)
        assert issubclass(error, ValueError)
    for warning in (cx.ProcessSkewWarning, cx.FeatureBloatWarning):
        assert issubclass(warning, cx.CxModelWarning)
        assert issubclass(warning, UserWarning)


def test_version() -> None:
    assert cx.__version__ == "0.1.0"
