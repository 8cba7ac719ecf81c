"""The documentation, the README and the tour notebook stay true to the package.

The HTML build itself (``sphinx-build -n -W``) and the doctests of the pages
run in ``make docs``; these tests check what the build cannot: that every
public name is in the API reference, that the README keeps its promises, and
that the tour notebook is committed clean and still runs.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import io
import os
import posixpath
import re
import sys
import zlib
from pathlib import Path
from types import ModuleType

import pytest

import cxmodel

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
API = DOCS / "api"
README = ROOT / "README.md"
NOTEBOOK = ROOT / "notebooks" / "tour.ipynb"

# ``.. autoclass:: cxmodel.Name`` and its siblings, in reStructuredText or MyST.
_DIRECTIVE = re.compile(
    r"^\s*(?:\.\. |```\{)(auto(?:class|function|exception|data|method|attribute))(?::: |\}\s*)"
    r"cxmodel\.([A-Za-z_][A-Za-z0-9_]*)\s*$",
    re.MULTILINE,
)


def documented_names(sources: list[Path]) -> dict[str, list[str]]:
    """Map each ``cxmodel.<name>`` documented by an autodoc directive to its pages."""
    found: dict[str, list[str]] = {}
    for path in sources:
        for match in _DIRECTIVE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), []).append(path.name)
    return found


def api_sources() -> list[Path]:
    return sorted([*API.glob("*.rst"), *API.glob("*.md")])


def test_directive_pattern_finds_rst_and_myst(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        ".. autoclass:: cxmodel.Portfolio\n"
        "   :members:\n"
        "```{autofunction} cxmodel.plot_venn\n```\n"
        ".. autofunction:: cxmodel.plot_venn.extra\n"  # not a top-level name
        "Text mentioning cxmodel.read_csv is not documentation.\n",
        encoding="utf-8",
    )
    assert documented_names([page]) == {"Portfolio": ["page.md"], "plot_venn": ["page.md"]}


def test_every_public_name_is_in_the_api_reference() -> None:
    documented = documented_names(api_sources())
    missing = sorted(set(cxmodel.__all__) - set(documented))
    assert not missing, f"add these names of cxmodel.__all__ to docs/api/: {missing}"


def test_api_reference_documents_only_public_names_and_each_once() -> None:
    documented = documented_names(api_sources())
    unknown = sorted(set(documented) - set(cxmodel.__all__))
    assert not unknown, f"docs/api/ documents names missing from cxmodel.__all__: {unknown}"
    twice = {name: pages for name, pages in documented.items() if len(pages) > 1}
    assert not twice, f"documented more than once (duplicate object warnings): {twice}"


def test_api_index_summarises_every_public_name() -> None:
    index = (API / "index.rst").read_text(encoding="utf-8")
    blocks = index.split(".. autosummary::")[1:]
    listed = [
        name
        for block in blocks
        for name in re.findall(r"^ {3}(\w+)\s*$", block.split("\n\n", 2)[1], re.MULTILINE)
    ]
    missing = sorted(set(cxmodel.__all__) - set(listed))
    assert not missing, f"add these names to an autosummary of docs/api/index.rst: {missing}"
    assert len(listed) == len(set(listed)), "a name is listed twice in docs/api/index.rst"


def test_every_api_page_is_in_the_api_toctree() -> None:
    index = (API / "index.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s{3}([a-z_]+)\s*$", index, re.MULTILINE))
    pages = {path.stem for path in api_sources()} - {"index"}
    assert pages <= listed, f"API pages missing from docs/api/index.rst: {sorted(pages - listed)}"


# --- the docs extension that resolves type-hint names offline ----------------------------


@pytest.fixture(scope="module")
def refs() -> ModuleType:
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import cxmodel_refs
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    return cxmodel_refs


def test_refs_map_defining_modules_to_public_names(refs: ModuleType) -> None:
    assert refs.public_name("cxmodel.model.Scale") == "cxmodel.Scale"
    assert refs.public_name("cxmodel.balance.BalanceReport.to_dict") == (
        "cxmodel.BalanceReport.to_dict"
    )
    assert refs.public_name("cxmodel.io.match_headers") is None  # not a public name
    assert refs.public_name("numpy.ndarray") is None


def test_refs_expand_import_aliases(refs: ModuleType) -> None:
    assert refs.unaliased("npt.NDArray") == "numpy.typing.NDArray"
    assert refs.unaliased("pd.DataFrame") == "pandas.DataFrame"
    assert refs.unaliased("ArrayLike") == "numpy.typing.ArrayLike"
    assert refs.unaliased("Portfolio") is None


def test_refs_find_names_imported_for_type_checking(refs: ModuleType) -> None:
    assert refs.qualified("SubFigure") == "matplotlib.figure.SubFigure"
    assert refs.qualified("Portfolio.to_records") == "cxmodel.portfolio.Portfolio.to_records"
    assert refs.qualified("PathOrFile") == "cxmodel.io.PathOrFile"
    assert refs.qualified("NoSuchName") is None


@pytest.fixture(scope="module")
def make_inventories() -> ModuleType:
    sys.path.insert(0, str(DOCS / "_intersphinx"))
    try:
        import make_inventories
    finally:
        sys.path.remove(str(DOCS / "_intersphinx"))
    return make_inventories


def test_vendored_inventories_are_current(make_inventories: ModuleType) -> None:
    """``make_inventories.py`` and the committed ``*.inv`` files agree."""
    for project, entries in make_inventories.INVENTORIES.items():
        committed = (DOCS / "_intersphinx" / f"{project}.inv").read_bytes()
        expected = make_inventories.inventory(project, entries)
        # Compare the text: compressed bytes may differ between zlib builds.
        assert _inventory_text(committed) == _inventory_text(expected), project


def _inventory_text(data: bytes) -> str:
    header_end = 0
    for _ in range(4):  # four header lines, then the zlib stream
        header_end = data.index(b"\n", header_end) + 1
    return (data[:header_end] + zlib.decompress(data[header_end:])).decode()


def test_every_vendored_uri_follows_its_projects_rules(make_inventories: ModuleType) -> None:
    """Each entry points where that project's docs put the object (``URI_RULES``)."""
    wrong = []
    for project, entries in make_inventories.INVENTORIES.items():
        for name, role, uri in entries:
            match = make_inventories.rule_for(project, make_inventories.address(name, uri))
            if match is None or not make_inventories.anchor_names(name, role, match["anchor"]):
                wrong.append(f"{project}: {name} ({role}) -> {uri}")
    assert not wrong, "fix these uris in docs/_intersphinx/make_inventories.py:\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize(
    ("project", "uri", "name"),
    [
        ("numpy", "reference/generated/$.html#numpy.ndarray", "numpy.ndarray"),  # $ mid-uri
        ("numpy", "reference/generated/numpy.dtype.html#numpy.ndarray", "numpy.ndarray"),
        ("matplotlib", "api/_as_gen/$.html#$", "matplotlib.figure.Figure"),
        ("pandas", "reference/api/pandas.DataFrame.html", "pandas.DataFrame"),  # no anchor
        ("jsonschema", "api/jsonschema/#module-$", "jsonschema"),  # no such page
        (
            "matplotlib",  # methods have pages of their own
            "api/_as_gen/matplotlib.figure.Figure.html#$",
            "matplotlib.figure.Figure.savefig",
        ),
        ("python", "library/stdtypes.html#int", "str"),  # another object's anchor
    ],
)
def test_uri_rules_refuse_wrong_addresses(
    make_inventories: ModuleType, project: str, uri: str, name: str
) -> None:
    match = make_inventories.rule_for(project, make_inventories.address(name, uri))
    role = "py:module" if name == project else "py:class"
    assert match is None or not make_inventories.anchor_names(name, role, match["anchor"])


def test_intersphinx_resolves_vendored_entries_to_real_addresses(
    make_inventories: ModuleType,
) -> None:
    """Read as Sphinx reads them, the inventories give full https links, no ``$`` left."""
    from sphinx.util.inventory import InventoryFile

    mapping = _conf_intersphinx_mapping()
    assert set(mapping) == set(make_inventories.INVENTORIES), "conf.py and the inventories"
    for project, (base, path) in mapping.items():
        assert base.startswith("https://"), project
        assert Path(path) == DOCS / "_intersphinx" / f"{project}.inv", project
        with open(path, "rb") as stream:
            data = InventoryFile.load(stream, base, posixpath.join)
        uris = {
            getattr(item, "uri", None) or item[2]
            for items in data.values()
            for item in items.values()
        }
        assert uris, project
        bad = sorted(uri for uri in uris if "$" in uri or not uri.startswith(base + "/"))
        assert not bad, f"{project}: {bad}"


def test_docstring_types_link_to_vendored_and_public_names(make_inventories: ModuleType) -> None:
    """numpydoc turns only the names the inventories or the API reference hold into links."""
    from numpydoc.xref import make_xref

    aliases = make_inventories.xref_aliases(cxmodel.__all__)
    assert make_xref("matplotlib.axes.Axes, optional", aliases, "all") == (
        ":obj:`matplotlib.axes.Axes`, optional"
    )
    assert make_xref("str or os.PathLike", aliases, "all") == (":obj:`str` or :obj:`os.PathLike`")
    assert make_xref("Portfolio", aliases, "all") == ":obj:`Portfolio <cxmodel.Portfolio>`"
    assert make_xref("iterable of mapping", aliases, "all") == "iterable of mapping"
    vendored = {
        name for entries in make_inventories.INVENTORIES.values() for name, _, _ in entries
    }
    targets = {
        re.sub(r"^python:", "", m)
        for m in re.findall(r"`(?:[^`<]*<)?([^`>]+)>?`", "".join(aliases.values()))
    }
    public = {f"cxmodel.{name}" for name in cxmodel.__all__}
    assert targets <= vendored | public, sorted(targets - vendored - public)


def _conf_intersphinx_mapping() -> dict[str, tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("_cxmodel_docs_conf", DOCS / "conf.py")
    assert spec is not None and spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    try:
        spec.loader.exec_module(conf)
    finally:
        sys.path[:] = saved
    mapping: dict[str, tuple[str, str]] = conf.intersphinx_mapping
    return mapping


# --- README ------------------------------------------------------------------------------


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_quick_start_gives_the_two_commands_first() -> None:
    text = readme()
    start = text.index("## Quick start")
    block = re.search(r"```[a-z]*\n(.*?)```", text[start:], re.DOTALL)
    assert block is not None, "the quick start needs a code block"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c][:2] == ["make demo", "make test"]


def test_readme_example_runs() -> None:
    import matplotlib.pyplot as plt

    source = "\n".join(re.findall(r"```python\n(.*?)```", readme(), re.DOTALL))
    test = doctest.DocTestParser().get_doctest(source, {}, "README.md", str(README), 0)
    assert test.examples, "the README should have a runnable example"
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    try:
        runner.run(test, out=report.write)
    finally:
        plt.close("all")
    assert runner.failures == 0, report.getvalue()


def test_readme_links_point_to_files_that_exist() -> None:
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme())
    local = [t for t in targets if "://" not in t]
    assert any(t.startswith("docs/") for t in local), "the README should link into docs/"
    missing = [t for t in local if not (ROOT / t).exists()]
    assert not missing, f"README links to missing files: {missing}"


def test_readme_figure_target_writes_the_pictured_file() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("readme-figure:") :].split("\n\n")[0]
    pictured = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", readme())
    assert pictured, "the README should show the Venn chart"
    assert all(path in recipe for path in pictured)


# --- the tour notebook ---------------------------------------------------------------------


def test_notebook_is_committed_without_outputs() -> None:
    nbformat = importlib.import_module("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    dirty = [
        number
        for number, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"clear the outputs of cells {dirty} before committing"


def test_notebook_kernel_is_this_interpreter() -> None:
    kernelspec = importlib.import_module("jupyter_client.kernelspec")
    spec = kernelspec.KernelSpecManager().get_kernel_spec("python3")
    # "python" is replaced by sys.executable when the kernel starts.
    assert spec.argv[0] in ("python", sys.executable, "python3"), spec.argv


def test_notebook_runs_from_top_to_bottom(tmp_path: Path) -> None:
    nbformat = importlib.import_module("nbformat")
    nbclient = importlib.import_module("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},  # files the tour writes land here
    )
    # The notebook's own backend (inline), as a reader would run it.
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    client.execute(env=env)
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
