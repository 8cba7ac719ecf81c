"""Write the small intersphinx inventories vendored next to this script.

The docs build runs offline (CI has no internet), so instead of downloading
``objects.inv`` from python.org, numpy.org, matplotlib.org, networkx.org and
pandas.pydata.org, we keep one inventory per project holding just the names the
cxmodel docs refer to, with their real addresses.  Links in the built HTML
therefore go to the official documentation.

Run ``python docs/_intersphinx/make_inventories.py`` after adding a name here
when ``sphinx-build -n`` reports a missing external reference.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# project -> [(name, domain:role, uri)]; "$" in a uri stands for the name.
_STD = "library/stdtypes.html#$"
_FUN = "library/functions.html#$"
_EXC = "library/exceptions.html#$"
_ABC = "library/collections.abc.html#$"
_TYP = "library/typing.html#$"
_SEED = "reference/random/bit_generators/generated/numpy.random.SeedSequence.html"

INVENTORIES: dict[str, list[tuple[str, str, str]]] = {
    "python": [
        *((name, "py:class", _STD) for name in ("str", "dict", "list", "tuple", "frozenset")),
        *((name, "py:class", _FUN) for name in ("int", "float", "bool", "object")),
        ("None", "py:data", "library/constants.html#$"),
        *(
            (name, "py:exception", _EXC)
            for name in ("Exception", "ValueError", "TypeError", "KeyError", "UserWarning")
        ),
        *(
            (f"collections.abc.{name}", "py:class", _ABC)
            for name in ("Iterable", "Iterator", "Mapping", "Sequence", "Callable")
        ),
        *((f"typing.{name}", "py:data", _TYP) for name in ("Any", "Self", "Literal", "TypeAlias")),
        *((f"typing.{name}", "py:class", _TYP) for name in ("IO", "TextIO", "BinaryIO")),
        ("os.PathLike", "py:class", "library/os.html#$"),
        ("pathlib.Path", "py:class", "library/pathlib.html#$"),
        ("io.StringIO", "py:class", "library/io.html#$"),
        ("enum.Enum", "py:class", "library/enum.html#$"),
        ("enum.IntEnum", "py:class", "library/enum.html#$"),
        ("warnings.warn", "py:function", "library/warnings.html#$"),
        ("warnings.catch_warnings", "py:class", "library/warnings.html#$"),
        ("warnings.simplefilter", "py:function", "library/warnings.html#$"),
        ("json.dumps", "py:function", "library/json.html#$"),
        ("json", "py:module", "library/json.html#module-$"),
        ("csv", "py:module", "library/csv.html#module-$"),
        ("csv.Sniffer", "py:class", "library/csv.html#$"),
        ("argparse", "py:module", "library/argparse.html#module-$"),
        ("argparse.ArgumentParser", "py:class", "library/argparse.html#$"),
        ("argparse.Namespace", "py:class", "library/argparse.html#$"),
        ("sys.stdin", "py:data", "library/sys.html#$"),
    ],
    "numpy": [
        ("numpy.ndarray", "py:class", "reference/generated/$.html#$"),
        ("numpy.dtype", "py:class", "reference/generated/$.html#$"),
        ("numpy.float64", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.uint8", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.intp", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.bool", "py:class", "reference/arrays.scalars.html#$"),
        # Type aliases are "data" in numpy's inventory; hints reference them as classes.
        *(
            (f"numpy.typing.{name}", role, "reference/typing.html#$")
            for name in ("ArrayLike", "NDArray")
            for role in ("py:data", "py:class")
        ),
        ("numpy.random.Generator", "py:class", "reference/random/generator.html#$"),
        ("numpy.int64", "py:class", "reference/arrays.scalars.html#$"),
        ("numpy.bool_", "py:class", "reference/arrays.scalars.html#$"),
        *(
            (name, "py:class", f"{_SEED}#numpy.random.SeedSequence")
            for name in ("numpy.random.SeedSequence", "numpy.random.bit_generator.SeedSequence")
        ),
    ],
    "pandas": [
        ("pandas.DataFrame", "py:class", "reference/api/$.html#$"),
        ("pandas.Series", "py:class", "reference/api/$.html#$"),
        ("pandas.read_csv", "py:function", "reference/api/$.html#$"),
    ],
    "matplotlib": [
        ("matplotlib.axes.Axes", "py:class", "api/_as_gen/$.html#$"),
        ("matplotlib.figure.Figure", "py:class", "api/_as_gen/$.html#$"),
        ("matplotlib.pyplot.subplots", "py:function", "api/_as_gen/$.html#$"),
        ("matplotlib.pyplot.gca", "py:function", "api/_as_gen/$.html#$"),
        ("matplotlib.pyplot.savefig", "py:function", "api/_as_gen/$.html#$"),
        (
            "matplotlib.figure.Figure.savefig",
            "py:method",
            "api/_as_gen/matplotlib.figure.Figure.html#$",
        ),
        ("matplotlib.pyplot", "py:module", "api/pyplot_summary.html#module-$"),
        ("matplotlib.patches.Circle", "py:class", "api/_as_gen/$.html#$"),
        ("matplotlib.figure.SubFigure", "py:class", "api/_as_gen/$.html#$"),
        ("matplotlib.collections.PathCollection", "py:class", "api/collections_api.html#$"),
        ("matplotlib.text.Text", "py:class", "api/text_api.html#$"),
    ],
    "jsonschema": [
        ("jsonschema", "py:module", "api/jsonschema/#module-$"),
        ("jsonschema.validate", "py:function", "api/jsonschema/#$"),
        ("jsonschema.Draft202012Validator", "py:class", "api/jsonschema/validators/#$"),
    ],
    "networkx": [
        ("networkx.DiGraph", "py:class", "reference/classes/digraph.html#$"),
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
}

VERSIONS = {
    "jsonschema": "stable",
    "python": "3",
    "numpy": "stable",
    "pandas": "stable",
    "matplotlib": "stable",
    "networkx": "stable",
}


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
