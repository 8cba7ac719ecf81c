"""Write the small intersphinx inventories vendored next to this script.

The docs build runs offline (CI has no internet), so instead of downloading
``objects.inv`` from python.org, numpy.org, matplotlib.org, networkx.org,
pandas.pydata.org, scipy.org and readthedocs.io, we keep one inventory per
project holding just the names the cxmodel docs refer to, with their real
addresses.  Links in the built HTML therefore go to the official documentation.

Run ``python docs/_intersphinx/make_inventories.py`` after adding a name here
when ``sphinx-build -n`` reports a missing external reference.

Every address is written out in full.  (An ``objects.inv`` may end a uri with
``$``, which Sphinx replaces by the name; a ``$`` anywhere else stays in the
link as it is, which once sent 70 links to pages such as
``reference/generated/$.html``.)  :data:`URI_RULES` says, per project, which
pages hold which objects and under what anchor, with the doc source that shows
it; ``tests/test_docs.py`` checks every entry against those rules.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: project -> [(regex, where the project's doc sources show it)].  A vendored
#: uri must match one of its project's patterns; the group ``anchor`` is the id
#: on the page, which must name the entry (see ``anchor_names``).
URI_RULES: dict[str, list[tuple[str, str]]] = {
    "python": [
        (
            r"library/(?:stdtypes|functions|exceptions|constants)\.html#(?P<anchor>\w+)",
            "Doc/library/{stdtypes,functions,exceptions,constants}.rst: builtins are "
            "documented without a module prefix",
        ),
        (
            r"library/(?P<page>[\w.]+)\.html#(?P<anchor>(?P=page)\.[\w.]+|module-(?P=page))",
            "Doc/library/<module>.rst documents <module>.<name> (and module-<module>) "
            "on the page named after the module",
        ),
    ],
    "numpy": [
        (
            r"reference/(?:random/bit_generators/)?generated/(?P<page>numpy\.[\w.]+)\.html"
            r"#(?P<anchor>(?P=page))",
            "autosummary :toctree: generated/ (doc/source/reference/arrays.ndarray.rst, "
            "arrays.dtypes.rst, random/bit_generators/index.rst): one page per object, "
            "named and anchored by its full name",
        ),
        (
            r"reference/arrays\.scalars\.html#(?P<anchor>numpy\.\w+)",
            "doc/source/reference/arrays.scalars.rst: autoclass numpy.float64, numpy.bool, "
            "numpy.bool_ and '.. attribute:: int8 .. int64 / uint8 .. / intp' "
            "(currentmodule numpy)",
        ),
        (
            r"reference/typing\.html#(?P<anchor>numpy\.typing\.\w+)",
            "doc/source/reference/typing.rst: automodule numpy.typing, whose docstring "
            "gets '.. data:: ArrayLike / NDArray' from numpy/_typing/_add_docstring.py",
        ),
        (
            r"reference/random/generator\.html#(?P<anchor>numpy\.random\.Generator)",
            "doc/source/reference/random/generator.rst: currentmodule numpy.random, "
            "autoclass Generator",
        ),
    ],
    "pandas": [
        (
            r"reference/api/(?P<page>pandas\.[\w.]+)\.html#(?P<anchor>(?P=page))",
            "doc/source/reference/*.rst: autosummary :toctree: api/ for every public "
            "name, one page per object named by its full name",
        ),
    ],
    "matplotlib": [
        (
            r"api/_as_gen/(?P<page>matplotlib\.[\w.]+)\.html#(?P<anchor>(?P=page))",
            "doc/api/{axes,figure,pyplot_summary,patches}_api.rst: autosummary :toctree: "
            "_as_gen for classes, functions and methods (Figure.savefig has its own page, "
            "the Axes and Figure class pages use autosummary_class_only.rst)",
        ),
        (
            r"api/(?P<page>collections|text)_api\.html#(?P<anchor>matplotlib\.(?P=page)\.\w+)",
            "doc/api/collections_api.rst, text_api.rst: automodule :members: on one page",
        ),
        (
            r"api/pyplot_summary\.html#(?P<anchor>module-matplotlib\.pyplot)",
            "doc/api/pyplot_summary.rst: automodule matplotlib.pyplot :no-members:",
        ),
    ],
    "networkx": [
        (
            r"reference/classes/digraph\.html#(?P<anchor>networkx\.DiGraph)",
            "doc/reference/classes/digraph.rst: currentmodule networkx, autoclass DiGraph",
        ),
        (
            r"reference/algorithms/generated/(?P<page>networkx\.algorithms\.[\w.]+)\.html"
            r"#(?P<anchor>(?P=page))",
            "doc/reference/algorithms/{dag,cycles}.rst: automodule "
            "networkx.algorithms.<module>, autosummary :toctree: generated/",
        ),
    ],
    "jsonschema": [
        (
            r"api/#(?P<anchor>module-jsonschema|jsonschema\.\w+)",
            "docs/api/index.rst (dirhtml builder, .readthedocs.yml): automodule jsonschema "
            ":members: :imported-members:",
        ),
        (
            r"api/jsonschema/validators/#(?P<anchor>jsonschema\.validators\.\w+)",
            "docs/api/jsonschema/validators/index.rst: automodule jsonschema.validators "
            ":members: (the README links validators there)",
        ),
    ],
    "scipy": [
        (
            r"reference/generated/(?P<page>scipy\.[\w.]+)\.html#(?P<anchor>(?P=page))",
            "doc/source/reference/optimize.rst: automodule scipy.optimize, whose docstring "
            "lists milp in an autosummary :toctree: generated/",
        ),
    ],
    "polars": [
        (
            r"reference/dataframe/index\.html#(?P<anchor>polars\.DataFrame)",
            "py-polars/docs/source/reference/dataframe/index.rst documents the class "
            "polars.DataFrame on the DataFrame overview page (docs.pola.rs/api/python)",
        ),
    ],
}


def anchor_names(name: str, role: str, anchor: str) -> bool:
    """Whether ``anchor`` on the target page identifies the entry ``name``.

    The anchor is the name itself, ``module-<name>`` for a module, or the full
    name of the object an entry re-exports (``networkx.find_cycle`` is documented
    as ``networkx.algorithms.cycles.find_cycle``).
    """
    if role == "py:module":
        return anchor == f"module-{name}"
    short = name.rsplit(".", 1)[-1]
    top = name.split(".", 1)[0]
    return anchor == name or (anchor.startswith(f"{top}.") and anchor.endswith(f".{short}"))


def _page(page: str, names: tuple[str, ...], role: str) -> list[tuple[str, str, str]]:
    """Entries for objects documented on one page, each under its own name."""
    return [(name, role, f"{page}#{name}") for name in names]


def _own_pages(directory: str, names: tuple[str, ...], role: str) -> list[tuple[str, str, str]]:
    """Entries for objects with one autosummary page each, named by their full name."""
    return [(name, role, f"{directory}/{name}.html#{name}") for name in names]


_NUMPY_SCALARS = ("float64", "uint8", "int64", "intp", "bool", "bool_")

INVENTORIES: dict[str, list[tuple[str, str, str]]] = {
    "python": [
        *_page("library/stdtypes.html", ("str", "dict", "list", "tuple", "frozenset"), "py:class"),
        *_page("library/functions.html", ("int", "float", "bool", "object"), "py:class"),
        *_page("library/constants.html", ("None",), "py:data"),
        *_page(
            "library/exceptions.html",
            ("Exception", "ValueError", "TypeError", "KeyError", "OSError", "UserWarning"),
            "py:exception",
        ),
        *_page(
            "library/collections.abc.html",
            tuple(
                f"collections.abc.{name}"
                for name in ("Iterable", "Iterator", "Mapping", "Sequence", "Callable")
            ),
            "py:class",
        ),
        *_page(
            "library/typing.html",
            tuple(f"typing.{name}" for name in ("Any", "Self", "Literal", "TypeAlias")),
            "py:data",
        ),
        *_page(
            "library/typing.html",
            tuple(f"typing.{name}" for name in ("IO", "TextIO", "BinaryIO")),
            "py:class",
        ),
        *_page("library/os.html", ("os.PathLike",), "py:class"),
        *_page("library/pathlib.html", ("pathlib.Path",), "py:class"),
        *_page("library/io.html", ("io.StringIO",), "py:class"),
        *_page("library/enum.html", ("enum.Enum", "enum.IntEnum"), "py:class"),
        *_page("library/warnings.html", ("warnings.warn", "warnings.simplefilter"), "py:function"),
        *_page("library/warnings.html", ("warnings.catch_warnings",), "py:class"),
        *_page("library/json.html", ("json.dumps",), "py:function"),
        ("json", "py:module", "library/json.html#module-json"),
        ("csv", "py:module", "library/csv.html#module-csv"),
        *_page("library/csv.html", ("csv.Sniffer",), "py:class"),
        ("argparse", "py:module", "library/argparse.html#module-argparse"),
        *_page(
            "library/argparse.html", ("argparse.ArgumentParser", "argparse.Namespace"), "py:class"
        ),
        *_page("library/sys.html", ("sys.stdin",), "py:data"),
    ],
    "numpy": [
        *_own_pages("reference/generated", ("numpy.ndarray", "numpy.dtype"), "py:class"),
        *_page(
            "reference/arrays.scalars.html",
            tuple(f"numpy.{name}" for name in _NUMPY_SCALARS),
            "py:class",
        ),
        # Type aliases are "data" in numpy's inventory; hints reference them as classes.
        *(
            (f"numpy.typing.{name}", role, f"reference/typing.html#numpy.typing.{name}")
            for name in ("ArrayLike", "NDArray")
            for role in ("py:data", "py:class")
        ),
        *_page("reference/random/generator.html", ("numpy.random.Generator",), "py:class"),
        *(
            (
                name,
                "py:class",
                "reference/random/bit_generators/generated/numpy.random.SeedSequence.html"
                "#numpy.random.SeedSequence",
            )
            for name in ("numpy.random.SeedSequence", "numpy.random.bit_generator.SeedSequence")
        ),
    ],
    "pandas": [
        *_own_pages("reference/api", ("pandas.DataFrame", "pandas.Series"), "py:class"),
        *_own_pages("reference/api", ("pandas.read_csv",), "py:function"),
    ],
    "matplotlib": [
        *_own_pages(
            "api/_as_gen",
            (
                "matplotlib.axes.Axes",
                "matplotlib.figure.Figure",
                "matplotlib.figure.SubFigure",
                "matplotlib.patches.Circle",
            ),
            "py:class",
        ),
        *_own_pages(
            "api/_as_gen",
            ("matplotlib.pyplot.subplots", "matplotlib.pyplot.gca", "matplotlib.pyplot.savefig"),
            "py:function",
        ),
        *_own_pages("api/_as_gen", ("matplotlib.figure.Figure.savefig",), "py:method"),
        ("matplotlib.pyplot", "py:module", "api/pyplot_summary.html#module-matplotlib.pyplot"),
        *_page("api/collections_api.html", ("matplotlib.collections.PathCollection",), "py:class"),
        *_page("api/text_api.html", ("matplotlib.text.Text",), "py:class"),
    ],
    "jsonschema": [
        ("jsonschema", "py:module", "api/#module-jsonschema"),
        *_page("api/", ("jsonschema.validate",), "py:function"),
        (
            "jsonschema.Draft202012Validator",
            "py:class",
            "api/jsonschema/validators/#jsonschema.validators.Draft202012Validator",
        ),
    ],
    "networkx": [
        *_page("reference/classes/digraph.html", ("networkx.DiGraph",), "py:class"),
        *(
            (
                f"networkx.{name}",
                "py:function",
                f"reference/algorithms/generated/{full}.html#{full}",
            )
            for name, full in (
                ("topological_generations", "networkx.algorithms.dag.topological_generations"),
                ("dag_longest_path", "networkx.algorithms.dag.dag_longest_path"),
                ("find_cycle", "networkx.algorithms.cycles.find_cycle"),
            )
        ),
    ],
    "scipy": [
        *_own_pages("reference/generated", ("scipy.optimize.milp",), "py:function"),
    ],
    "polars": [
        ("polars.DataFrame", "py:class", "reference/dataframe/index.html#polars.DataFrame"),
    ],
}

VERSIONS = {
    "jsonschema": "stable",
    "python": "3",
    "numpy": "stable",
    "pandas": "stable",
    "matplotlib": "stable",
    "networkx": "stable",
    "scipy": "stable",
    "polars": "stable",
}


def address(name: str, uri: str) -> str:
    """``uri`` as Sphinx reads it: only a trailing ``$`` stands for the name."""
    return uri[:-1] + name if uri.endswith("$") else uri


def rule_for(project: str, uri: str) -> re.Match[str] | None:
    """The first of ``project``'s :data:`URI_RULES` that ``uri`` matches in full."""
    for pattern, _source in URI_RULES[project]:
        match = re.fullmatch(pattern, uri)
        if match:
            return match
    return None


#: How cxmodel's docstrings abbreviate the projects' module names.
_SHORT = {
    "numpy.": "np.",
    "pandas.": "pd.",
    "polars.": "pl.",
    "networkx.": "nx.",
    "matplotlib.pyplot.": "plt.",
}
#: Names docstrings write bare (as the type hints do; docs/_ext/cxmodel_refs.py ALIASES).
_BARE = {
    "Axes": "matplotlib.axes.Axes",
    "Figure": "matplotlib.figure.Figure",
    "SubFigure": "matplotlib.figure.SubFigure",
    "ArrayLike": "numpy.typing.ArrayLike",
    "NDArray": "numpy.typing.NDArray",
}

#: numpydoc's default type links whose targets these inventories do not hold: kept as text,
#: or sent to the vendored name that means the same.
_NUMPYDOC_DEFAULTS = {
    "bool": ":class:`bool`",
    "boolean": ":class:`boolean <bool>`",
    "callable": ":class:`callable <collections.abc.Callable>`",
    "array-like": ":class:`array-like <numpy.typing.ArrayLike>`",
    "array_like": ":class:`array_like <numpy.typing.ArrayLike>`",
    **{
        word: word
        for word in [
            "True",
            "False",
            "iterable",
            "sequence",
            "generator",
            "contextmanager",
            "namedtuple",
            "scalar",
            "RandomState",
            "np.random.RandomState",
            "np.inf",
            "np.nan",
            "numpy",
        ]
    },
}


def xref_aliases(public_names: list[str]) -> dict[str, str]:
    """``numpydoc_xref_aliases``: the words of docstring types that become links.

    Every vendored object (not modules), under its full name and its usual
    abbreviation, and cxmodel's public names; with ``numpydoc_xref_ignore = "all"``
    nothing else becomes a reference.
    """
    aliases = dict(_NUMPYDOC_DEFAULTS)
    for entries in INVENTORIES.values():
        for name, role, _uri in entries:
            if role == "py:module":
                continue
            aliases[name] = f":obj:`{name}`"
            for full, short in _SHORT.items():
                if name.startswith(full):
                    abbreviated = short + name[len(full) :]
                    aliases[abbreviated] = f":obj:`{abbreviated} <{name}>`"
    aliases.update({bare: f":obj:`{bare} <{full}>`" for bare, full in _BARE.items()})
    for name in public_names:
        aliases[name] = f":obj:`{name} <cxmodel.{name}>`"
    return aliases


def inventory(project: str, entries: list[tuple[str, str, str]]) -> bytes:
    """An ``objects.inv`` (format version 2) holding ``entries``."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {VERSIONS[project]}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join(f"{name} {role} 1 {uri} -\n" for name, role, uri in sorted(set(entries)))
    return header.encode() + zlib.compress(lines.encode())


def main() -> None:
    for project, entries in INVENTORIES.items():
        (HERE / f"{project}.inv").write_bytes(inventory(project, entries))


if __name__ == "__main__":
    main()
