"""The HTML report: one self-contained page, charts as inline SVG (Jinja2 template).

Nothing on the page refers to another file or the network: styles (with a
print stylesheet) and the small table-sorting script are inline, and every chart
is an SVG drawn by :mod:`cxmodel.plotting` with text kept as text.  Each Venn
marker carries an SVG ``<title>``, so hovering it shows the initiative's name
and scores.  The page reads fine without JavaScript (the table is then
simply not sortable) and prints on plain paper.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..intersections import Region
from ..model import CRITERIA
from ._content import ReportContent, cxmodel_version, ink_on, region_color

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from matplotlib.figure import Figure

__all__ = ["CHARTS", "render_html", "write_html"]

#: The charts of the page, in order: (id, heading).
CHARTS = (
    ("venn", "Where the initiatives sit"),
    ("scores", "Score matrix"),
    ("balance", "Innovation balance"),
    ("roadmap", "Roadmap"),
)

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
#: matplotlib writes these ids; the page prefixes them per chart so four SVGs never clash.
_REFERENCE = re.compile(r"url\(#([^)]+)\)")
_MARKER_GID = "markers-{}"


def write_html(content: ReportContent, path: Path) -> None:
    """Write the HTML page of ``content`` to ``path`` (UTF-8).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs.html import write_html
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp, "q3.html")
    ...     write_html(ReportContent.build(cx.example_portfolio()), out)
    ...     out.read_text(encoding="utf-8").count("<svg")
    4
    """
    path.write_text(render_html(content), encoding="utf-8")


def render_html(content: ReportContent) -> str:
    """The HTML page of ``content`` as a string.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs.html import render_html
    >>> page = render_html(ReportContent.build(cx.example_portfolio(), title="Q3 & Q4"))
    >>> "<h1>Q3 &amp; Q4</h1>" in page
    True
    """
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("cxmodel.outputs", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    template = environment.get_template("report.html.j2")
    return template.render(_context(content))


def _context(content: ReportContent) -> dict[str, Any]:
    from markupsafe import Markup

    report = content.balance
    rows = content.rows()
    for row in rows:
        colour = region_color(row["_region"])
        row["region_style"] = f"background:{colour};color:{ink_on(colour)}"
    charts = [
        {"id": key, "heading": heading, "svg": Markup(svg)}
        for (key, heading), svg in zip(CHARTS, _charts(content), strict=True)
    ]
    shares = [
        {
            "label": t.label,
            "share": share,
            "colour": region_color(t.region),
        }
        for t, share in report.innovation_shares.items()
    ]
    plan = content.roadmap
    phases = [
        {
            "number": k + 1,
            "effort": plan.phase_effort[k],
            "names": names,
        }
        for k, names in enumerate(plan.phases)
    ]
    comparison = content.comparison
    return {
        "title": content.title,
        "size": len(content.portfolio),
        "report": report,
        "verdict": "balanced" if report.ok else "not balanced",
        "warnings": len(report.warnings),
        "charts": charts,
        "rows": rows,
        "criteria": CRITERIA,
        "shares": shares,
        "regions": [
            {
                "label": r.label,
                "count": report.region_counts[r],
                "share": report.region_shares[r],
                "colour": region_color(r),
                "ink": ink_on(region_color(r)),
            }
            for r in Region
        ],
        "thresholds": {f: getattr(content.thresholds, f) for f in CRITERIA},
        "policy": content.policy.to_dict(),
        "phases": phases,
        "critical_path": plan.critical_path,
        "critical_effort": plan.critical_effort,
        "roadmap_findings": plan.findings,
        "comparison": comparison,
        "workshop": _workshop(content),
        "version": cxmodel_version(),
        "generated": content.generated,
    }


def _workshop(content: ReportContent) -> dict[str, Any] | None:
    """The workshop section: who rated, how far they agree, what to discuss, every rating."""
    workshop = content.workshop
    if workshop is None:
        return None
    from markupsafe import Markup
    from matplotlib.figure import Figure

    from ..plotting.ratings import plot_ratings

    rows = max(min(len(workshop.portfolio), 40), 1)
    fig = Figure(figsize=(10.0, 1.6 + 0.75 * rows), layout="constrained")
    plot_ratings(workshop, ax=fig.add_subplot(), thresholds=content.thresholds)
    return {
        "raters": workshop.raters,
        "method": workshop.method,
        "agreement": [
            (criterion, None if math.isnan(alpha) else alpha)
            for criterion, alpha in workshop.agreement.items()
        ],
        "discuss_above": workshop.discuss_above,
        "discuss": [
            {"name": name, "criterion": criterion, "spread": workshop.spread[name][criterion]}
            for name, criterion in workshop.discuss
        ],
        "svg": Markup(_svg(fig, "ratings", "Every rater's scores per initiative and lens")),
    }


# --- charts ------------------------------------------------------------------------------


def _charts(content: ReportContent) -> list[str]:
    """The four charts as inline SVG markup, in the order of :data:`CHARTS`."""
    from matplotlib.figure import Figure

    from ..plotting import plot_balance, plot_roadmap, plot_scores, plot_venn

    p, t, policy = content.portfolio, content.thresholds, content.policy
    out = []

    fig = Figure(figsize=(9.0, 8.4))
    fig.subplots_adjust(left=0.02, right=0.98, top=0.98, bottom=0.04)
    chart = plot_venn(p, ax=fig.add_subplot(), thresholds=t)
    members: dict[str, list[int]] = {}
    codes = p.regions(t)
    for k, code in enumerate(codes.tolist()):
        members.setdefault(_MARKER_GID.format(Region(code).name), []).append(k)
    for region, collection in chart.markers.items():
        collection.set_gid(_MARKER_GID.format(region.name))
    titles = {gid: [content.hover_text(k) for k in ks] for gid, ks in members.items()}
    out.append(_svg(fig, "venn", "Venn diagram of the three lenses", titles))

    fig = Figure(figsize=(9.0, 8.0))
    fig.subplots_adjust(left=0.1, right=0.96, top=0.92, bottom=0.2)
    plot_scores(p, ax=fig.add_subplot(), thresholds=t, policy=policy)
    out.append(_svg(fig, "scores", "Score matrix: feasibility against desirability"))

    fig = Figure(figsize=(8.0, 5.5))
    fig.subplots_adjust(left=0.12, right=0.9, top=0.88, bottom=0.1)
    plot_balance(content.balance, ax=fig.add_subplot())
    out.append(_svg(fig, "balance", "Innovation shares against the policy limit"))

    plan = content.roadmap
    width = max(7.0, 2.6 * len(plan.phases) + 1)
    height = max(4.5, 0.62 * max((len(ph) for ph in plan.phases), default=1) + 2.2)
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=0.02, right=0.98, top=0.88, bottom=0.1)
    plot_roadmap(p, ax=fig.add_subplot(), thresholds=t)
    out.append(_svg(fig, "roadmap", "Roadmap: phases and dependencies"))
    return out


def _svg(fig: Figure, prefix: str, label: str, titles: dict[str, list[str]] | None = None) -> str:
    """``fig`` as SVG markup to inline: deterministic, text as text, ids prefixed.

    ``titles`` maps the gid of a marker collection to one hover text per marker,
    in the collection's order; each marker gets them as an SVG ``<title>``.
    """
    import xml.etree.ElementTree as ET

    import matplotlib

    buffer = io.StringIO()
    # Text stays text; a fixed salt per chart makes the ids (and so the file) deterministic.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"cxmodel-{prefix}"}):
        fig.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            pad_inches=0.1,
            metadata={"Date": None, "Creator": None},
        )
    root = ET.fromstring(buffer.getvalue())
    for parent in root.iter():  # the RDF metadata is the one part outside the SVG namespace
        for child in list(parent):
            if child.tag == f"{{{_SVG}}}metadata":
                parent.remove(child)
    if titles:
        _add_titles(root, titles)
    _prefix_ids(root, prefix)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "chart")
    # Width and height come from the stylesheet; the viewBox keeps the proportions.
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("xmlns", _SVG)
    parts: list[str] = []
    _serialise(root, parts)
    return "".join(parts)


def _serialise(element: ET.Element, out: list[str]) -> None:
    """Write ``element`` as markup with bare SVG tag names, as HTML expects inline SVG.

    (``ElementTree.tostring`` would write ``ns0:`` prefixes, which HTML parsers ignore.)
    """
    from xml.sax.saxutils import escape, quoteattr

    tag = element.tag.rpartition("}")[2]
    attributes = "".join(
        f" {_attribute_name(key)}={quoteattr(value)}" for key, value in element.attrib.items()
    )
    out.append(f"<{tag}{attributes}>")
    if element.text:
        out.append(escape(element.text))
    for child in element:
        _serialise(child, out)
        if child.tail:
            out.append(escape(child.tail))
    out.append(f"</{tag}>")


def _marker_elements(group: ET.Element) -> list[ET.Element]:
    """The element of each marker of a collection's ``<g>``, in drawing order.

    matplotlib writes a ``<path>`` per marker, a ``<g>`` around one ``<use>`` per
    marker, or (markers of one size, stamped) one ``<g>`` around every ``<use>``.
    """
    children = [child for child in group if child.tag != f"{{{_SVG}}}defs"]
    if len(children) == 1 and children[0].tag == f"{{{_SVG}}}g":
        uses = [child for child in children[0] if child.tag == f"{{{_SVG}}}use"]
        if len(uses) > 1:
            return uses
    return children


def _add_titles(root: ET.Element, titles: dict[str, list[str]]) -> None:
    """Give every marker of each collection in ``titles`` its ``<title>``, in order."""
    import xml.etree.ElementTree as ET

    for group in root.iter(f"{{{_SVG}}}g"):
        texts = titles.get(group.get("id", ""))
        if texts is None:
            continue
        markers = _marker_elements(group)
        if len(markers) != len(texts):  # pragma: no cover - a matplotlib we do not know
            raise RuntimeError(f"{len(markers)} markers drawn for {len(texts)} initiatives")
        for marker, text in zip(markers, texts, strict=True):
            title = ET.Element(f"{{{_SVG}}}title")
            title.text = text
            marker.insert(0, title)
            marker.set("class", "marker")


def _attribute_name(key: str) -> str:
    """``{namespace}name`` as markup: ``xml:`` and ``xlink:`` keep their prefix."""
    if not key.startswith("{"):
        return key
    namespace, _, name = key[1:].partition("}")
    prefixes = {"http://www.w3.org/XML/1998/namespace": "xml:", _XLINK: "xlink:"}
    return prefixes.get(namespace, "") + name


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Prefix every id (and every reference to one) with ``prefix-``; xlink:href -> href."""
    ids = {e.get("id") for e in root.iter() if e.get("id")}

    def fix(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"url(#{prefix}-{name})" if name in ids else match.group(0)

    for element in root.iter():
        for key, value in list(element.attrib.items()):
            if key == "id":
                element.set(key, f"{prefix}-{value}")
            elif key in (f"{{{_XLINK}}}href", "href"):
                del element.attrib[key]
                target = value[1:] if value.startswith("#") else None
                element.set("href", f"#{prefix}-{target}" if target in ids else value)
            elif "url(#" in value:
                element.set(key, _REFERENCE.sub(fix, value))
