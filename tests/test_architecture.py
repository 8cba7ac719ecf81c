"""The layout the architecture promises: every module in a layer, imports one way."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

import cxmodel

from .test_package import HEAVY

PACKAGE = Path(cxmodel.__file__).parent
ROOT = PACKAGE.parent.parent
MAX_LINES = 700


def _modules() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(("cxmodel", *parts)))
    return found


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [
        [m.strip() for m in layer.replace(":", "|").split("|")] for layer in contract["layers"]
    ]


def _source(module: str) -> Path:
    path = PACKAGE.joinpath(*module.split(".")[1:])
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imports_nothing(module: str) -> bool:
    """A package whose ``__init__`` imports nothing of cxmodel needs no layer."""
    if module == "cxmodel":
        return True  # the package itself re-exports the public names, loading them lazily
    if _source(module).name != "__init__.py":
        return False
    tree = ast.parse(_source(module).read_text(encoding="utf-8"))
    return not any(isinstance(node, ast.ImportFrom) and node.level > 0 for node in ast.walk(tree))


def test_every_module_sits_in_a_layer() -> None:
    listed = {module for layer in _layers() for module in layer}
    missing = [
        m
        for m in _modules()
        if not _imports_nothing(m)
        and not any(m == top or m.startswith(top + ".") for top in listed)
    ]
    assert not missing, f"add these modules to a layer in pyproject.toml: {missing}"


def test_layers_name_only_modules_that_exist() -> None:
    modules = set(_modules())
    unknown = [m for layer in _layers() for m in layer if m not in modules]
    assert not unknown


@pytest.mark.parametrize("module", _modules())
def test_no_module_is_over_the_size_limit(module: str) -> None:
    lines = len(_source(module).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by job"


def test_heavy_libraries_are_imported_inside_functions_only() -> None:
    heavy = set(HEAVY)
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only; TYPE_CHECKING blocks are ast.If
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in heavy]
    assert not offenders
