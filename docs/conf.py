"""Sphinx configuration of the cxmodel documentation.

The build must pass ``sphinx-build -n -W`` offline, so the intersphinx
inventories are vendored in ``_intersphinx/`` (see ``make_inventories.py``
there) instead of being downloaded.
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import cxmodel  # noqa: E402

sys.path.insert(0, str(HERE / "_intersphinx"))
from make_inventories import xref_aliases  # noqa: E402

project = "cxmodel"
author = "The cxmodel developers"
copyright = "2026, The cxmodel developers"
release = cxmodel.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "matplotlib.sphinxext.plot_directive",
    "cxmodel_refs",
    "cxmodel_cli",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_intersphinx", "_ext", "Thumbs.db", ".DS_Store"]
nitpicky = True

# --- MyST -------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# --- autodoc and numpydoc ----------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
# Keep numpy's type aliases readable instead of expanding them into long unions.
autodoc_type_aliases = {"npt.ArrayLike": "ArrayLike"}
autodoc_default_options = {"members": True, "undoc-members": False}
# The overview tables of the API index link to the entries; they generate no pages.
autosummary_generate = False
# Members are listed by autodoc, so numpydoc must not add autosummary tables.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# Types in Parameters/Returns sections link like type hints do: the names of the
# vendored inventories (and their np./pd./nx./plt. spellings) and cxmodel's public
# names; every other word stays text, so nitpicky builds need no ignore list.
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"
numpydoc_xref_aliases = xref_aliases(cxmodel.__all__)

# --- intersphinx (offline: vendored inventories, links point to the real sites)
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", str(HERE / "_intersphinx" / "python.inv")),
    "numpy": ("https://numpy.org/doc/stable", str(HERE / "_intersphinx" / "numpy.inv")),
    "matplotlib": (
        "https://matplotlib.org/stable",
        str(HERE / "_intersphinx" / "matplotlib.inv"),
    ),
    "networkx": (
        "https://networkx.org/documentation/stable",
        str(HERE / "_intersphinx" / "networkx.inv"),
    ),
    "jsonschema": (
        "https://python-jsonschema.readthedocs.io/en/stable",
        str(HERE / "_intersphinx" / "jsonschema.inv"),
    ),
    "pandas": (
        "https://pandas.pydata.org/docs",
        str(HERE / "_intersphinx" / "pandas.inv"),
    ),
    "scipy": ("https://docs.scipy.org/doc/scipy", str(HERE / "_intersphinx" / "scipy.inv")),
    "polars": (
        "https://docs.pola.rs/api/python/stable",
        str(HERE / "_intersphinx" / "polars.inv"),
    ),
}

# --- doctest -----------------------------------------------------------------
# Docstring examples already run under pytest --doctest-modules; the doctest
# builder runs the examples written in the pages ({doctest} blocks).
doctest_test_doctest_blocks = ""
doctest_global_setup = """
import cxmodel as cx
"""
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)

# --- plot directive: charts drawn by cxmodel at build time ---------------------
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
plot_pre_code = "import cxmodel as cx\nimport matplotlib.pyplot as plt"
plot_rcparams: dict[str, Any] = {"figure.figsize": (6.4, 5.2), "savefig.bbox": "tight"}

# --- HTML --------------------------------------------------------------------
html_theme = "furo"
html_title = f"cxmodel {release}"
html_static_path = ["_static"]
html_css_files = ["cxmodel.css"]
html_theme_options: dict[str, Any] = {
    "source_repository": "https://github.com/cxmodel/cxmodel",
    "source_branch": "main",
    "source_directory": "docs/",
}
