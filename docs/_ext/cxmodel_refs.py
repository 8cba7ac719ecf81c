"""Resolve the cross-references autodoc writes for cxmodel's type hints.

Type hints name classes where they are defined (``cxmodel.model.Scale``) or
through import aliases (``npt.NDArray``, ``pd.DataFrame``), while the reference
documents them where users import them (``cxmodel.Scale``, ``numpy.typing.NDArray``).
This extension retries such missing references under the public name, so
``sphinx-build -n`` can stay strict without a list of ignored names.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.ext import intersphinx

import cxmodel

#: Import aliases used in the source, and the modules they stand for.
ALIASES = {
    "np.": "numpy.",
    "npt.": "numpy.typing.",
    "pd.": "pandas.",
    "pl.": "polars.",
    "nx.": "networkx.",
    "plt.": "matplotlib.pyplot.",
    "mpl.": "matplotlib.",
    "ArrayLike": "numpy.typing.ArrayLike",
    "NDArray": "numpy.typing.NDArray",
    "Axes": "matplotlib.axes.Axes",
    "Figure": "matplotlib.figure.Figure",
}


_FORWARD_REF = re.compile(r"TypeAliasForwardRef\('([^']*)'\)")


def public_name(target: str) -> str | None:
    """``cxmodel.<module>.<Name>[.<attr>]`` -> ``cxmodel.<Name>[.<attr>]`` for public names."""
    parts = target.split(".")
    if parts[0] != "cxmodel":
        return None
    for start in range(1, len(parts)):
        if parts[start] in cxmodel.__all__:
            return ".".join(["cxmodel", *parts[start:]])
    return None


def unaliased(target: str) -> str | None:
    """``npt.NDArray`` -> ``numpy.typing.NDArray`` and the like."""
    for alias, full in ALIASES.items():
        if alias.endswith(".") and target.startswith(alias):
            return full + target[len(alias) :]
        if target == alias:
            return full
    return None


@functools.cache
def _names_in_source() -> dict[str, str]:
    """Bare names used in cxmodel's type hints -> their full names.

    Hints imported under ``TYPE_CHECKING`` reach the docs unevaluated, as bare
    names (``SubFigure``, ``VennLayout``); the modules that wrote them say what
    they are, including the type aliases they define (``Labels = bool | ...``).
    """
    names: dict[str, str] = {}
    package = Path(cxmodel.__file__).parent

    def public_first(path: Path) -> tuple[bool, bool, str]:
        # Subpackages' re-exports first, then public modules, then private ones.
        parts = path.relative_to(package).with_suffix("").parts
        reexport = len(parts) > 1 and parts[-1] == "__init__"
        private = any(p.startswith("_") and p != "__init__" for p in parts)
        return not reexport, private, str(path)

    for path in sorted(package.rglob("*.py"), key=public_first):
        parts = path.relative_to(package).with_suffix("").parts
        inside = ".".join(("cxmodel", *parts[:-1]))  # the package the module sits in
        module = inside if parts[-1] == "__init__" else f"{inside}.{parts[-1]}"
        source = path.read_text(encoding="utf-8")
        for base, imported in _IMPORT.findall(source):
            if base.startswith("."):
                # A subpackage's __init__ re-exports: its own name is the documented one.
                base = (
                    inside
                    if module == inside != "cxmodel"
                    else (importlib.util.resolve_name(base, inside))
                )
            for name in re.findall(r"\w+", imported):
                names.setdefault(name, f"{base}.{name}")
        for name in _CLASS.findall(source):
            names.setdefault(name, f"{module}.{name}")
        for name in [*_ALIAS.findall(source), *_CONSTANT.findall(source)]:
            names.setdefault(name, f"{module}.{name}")
    return names


_IMPORT = re.compile(r"^\s*from\s+([\w.]+)\s+import\s+\(?([\w, ]+)\)?\s*$", re.MULTILINE)
_CLASS = re.compile(r"^class\s+(\w+)", re.MULTILINE)
_CONSTANT = re.compile(r"^([A-Z][A-Z0-9_]*)\b(?:\s*:[^=\n]+)?\s*=", re.MULTILINE)
_ALIAS = re.compile(r"^([A-Z]\w*)(?:\s*:\s*TypeAlias)?\s*=\s*[^\n]*[\[|]", re.MULTILINE)


def qualified(target: str) -> str | None:
    """The full name of a bare name (or ``Name.attr``) written in cxmodel's sources."""
    first, dot, rest = target.partition(".")
    full = _names_in_source().get(first)
    if full is None:
        return None
    return f"{full}{dot}{rest}"


def _lookup(
    app: Sphinx,
    env: BuildEnvironment,
    node: pending_xref,
    contnode: nodes.TextElement,
    target: str,
) -> nodes.reference | None:
    """Resolve ``node`` as if it named ``target``: in these docs, then in the inventories."""
    retry = node.deepcopy()
    retry["reftarget"] = target
    domain: Any = env.get_domain("py")
    docname = node.get("refdoc", "")
    found: nodes.reference | None = domain.resolve_xref(
        env, docname, app.builder, node["reftype"], target, retry, contnode
    )
    if found is None:  # hints say "class"; the target may be documented as data
        candidates = domain.resolve_any_xref(env, docname, app.builder, target, retry, contnode)
        found = candidates[0][1] if candidates else None
    if found is None:
        found = intersphinx.missing_reference(app, env, retry, contnode)
    return found


def resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | nodes.TextElement | None:
    """Handler of ``missing-reference``: retry under the public, full or unaliased name."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    if not isinstance(target, str):
        return None
    target = qualified(target) or target
    if target.startswith("cxmodel.") and any(part.startswith("_") for part in target.split(".")):
        return contnode  # a private helper in a signature: shown as text, without a link
    candidate = public_name(target) or unaliased(target) or target
    found = None
    if candidate != node.get("reftarget"):
        found = _lookup(app, env, node, contnode, candidate)
    if found is None and candidate.startswith("cxmodel.") and _in_signature(node):
        return contnode  # an undocumented helper type in a signature: text, not an error
    return found


def _is_attrs(obj: type) -> bool:
    import attrs

    return attrs.has(obj)


def _in_signature(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.desc_signature):
            return True
        parent = parent.parent
    return False


def attrs_signature(obj: type) -> str:
    """The constructor signature of an attrs class, from its fields.

    attrs writes ``__init__`` with the converters' parameter types (often
    ``Any``) and defaults that read ``attr_dict[...]``; the fields themselves
    say what a reader needs: the declared type and the default value.
    """
    import attrs

    parameters, keyword_only = [], False
    for field in attrs.fields(obj):
        if not field.init:
            continue
        if field.kw_only and not keyword_only:
            parameters.append("*")
            keyword_only = True
        name = field.alias or field.name
        text = f"{name}: {field.type}" if isinstance(field.type, str) else name
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            text += f" = {getattr(default.factory, '__name__', 'factory')}()"
        elif default is not attrs.NOTHING:
            text += f" = {default!r}"
        parameters.append(text)
    return f"({', '.join(parameters)})"


def unwrap_aliases(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    """Handler of ``autodoc-process-signature``: ``TypeAliasForwardRef('X')`` -> ``X``.

    Sphinx leaves that wrapper around an alias inside a union (``ArrayLike | None``).
    """
    if what in ("class", "exception") and isinstance(obj, type) and _is_attrs(obj):
        return attrs_signature(obj), return_annotation
    if signature:
        signature = _FORWARD_REF.sub(r"\1", signature)
    if return_annotation:
        return_annotation = _FORWARD_REF.sub(r"\1", return_annotation)
    return signature, return_annotation


def shorten_array_like(app: Sphinx, doctree: nodes.document) -> None:
    """Handler of ``doctree-read``: show ``ArrayLike`` instead of numpy's expanded union.

    Overloaded signatures bypass ``autodoc_type_aliases``, so numpy's alias arrives
    as the long union of its private classes; the parameter keeps its name.
    """
    for param in list(doctree.findall(addnodes.desc_parameter)):
        private = [
            ref
            for ref in param.findall(pending_xref)
            if str(ref.get("reftarget", "")).startswith("numpy._typing.")
        ]
        if not private:
            continue
        children = list(param.children)
        colon = next(k for k, child in enumerate(children) if child.astext().strip() == ":")
        template = private[0]
        ref = pending_xref(
            "",
            nodes.Text("ArrayLike"),
            refdomain="py",
            reftype="class",
            reftarget="numpy.typing.ArrayLike",
            refspecific=False,
        )
        for key in ("py:module", "py:class"):
            if key in template:
                ref[key] = template[key]
        param.children = [*children[: colon + 1], addnodes.desc_sig_space(), ref]
        for child in param.children:
            child.parent = param


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("missing-reference", resolve, priority=400)
    app.connect("autodoc-process-signature", unwrap_aliases)
    app.connect("doctree-read", shorten_array_like)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
