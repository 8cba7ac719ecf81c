"""The slide deck: native, editable PowerPoint shapes and charts (python-pptx), 16:9.

Slides: title; the Venn diagram as shapes (three semi-transparent ovals, one
small oval per initiative placed where :func:`~cxmodel.plot_venn` puts it,
names beside the markers -- or numbers and a key above
:data:`NAME_LIMIT` initiatives); the score matrix as a native XY chart (one
series per region); the balance as a native column chart; the findings; the
roadmap (phases as columns); and, given a previous portfolio, what changed.
The reasoning behind each slide is in its speaker notes, for the presenter.

The Venn geometry comes from drawing :func:`~cxmodel.plot_venn` once (off
screen) at the slide's size and copying what it placed -- circles, marker
positions and sizes, region names, counts and name labels -- into shapes, so
the slide and the chart always agree.

This module assembles the deck and writes the title, findings, roadmap and
changes slides; the Venn slide is in ``_pptx_venn``, the two charts in
``_pptx_charts``, and the slide plumbing every slide shares (text boxes,
colours, fill transparency) in ``_pptx_shapes``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .._text import number, plural
from ..intersections import Region
from ._content import ReportContent, cxmodel_version, region_color
from ._pptx_charts import balance_slide, scores_slide
from ._pptx_shapes import (
    FONT,
    INFO,
    INK,
    MUTED,
    SLIDE_SIZE,
    WARN,
    add_slide,
    align,
    plain,
    rgb,
    text_box,
    tint,
)
from ._pptx_venn import NAME_LIMIT as NAME_LIMIT
from ._pptx_venn import NUMBER_LIMIT as NUMBER_LIMIT
from ._pptx_venn import VENN_BOX as VENN_BOX
from ._pptx_venn import venn_slides

__all__ = ["NAME_LIMIT", "NUMBER_LIMIT", "VENN_BOX", "write_pptx"]


def write_pptx(content: ReportContent, path: Path) -> None:
    """Write the deck of ``content`` to ``path``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from pptx import Presentation
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> from cxmodel.outputs.pptx import write_pptx
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = pathlib.Path(tmp, "q3.pptx")
    ...     write_pptx(ReportContent.build(cx.example_portfolio()), out)
    ...     len(Presentation(out).slides)
    6
    """
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width = Emu(12_192_000)
    deck.slide_height = Emu(6_858_000)
    deck.core_properties.title = content.title
    deck.core_properties.author = f"cxmodel {cxmodel_version()}"
    _title_slide(deck, content)
    venn_slides(deck, content)
    scores_slide(deck, content)
    balance_slide(deck, content)
    _findings_slides(deck, content)
    _roadmap_slides(deck, content)
    if content.comparison is not None:
        _changes_slide(deck, content)
    deck.save(str(path))


# --- title -------------------------------------------------------------------------------


def _title_slide(deck: Any, content: ReportContent) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    report = content.balance
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (
        Inches(1.1),
        Inches(1.9),
        Inches(SLIDE_SIZE[0] - 2.2),
        Inches(2.0),
    )
    title.text = content.title
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    for paragraph in title.text_frame.paragraphs:
        paragraph.alignment = align("left")
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.name = Pt(40), True, FONT
            run.font.color.rgb = rgb(INK)
    # A bar in the verdict's colour: green when balanced, vermilion when not.
    bar = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(0.75), Inches(2.1), Inches(0.12), Inches(3.2)
    )
    bar.fill.solid()
    bar.fill.fore_color.rgb = rgb("009E73" if report.ok else WARN)
    bar.line.fill.background()
    bar.name = "Verdict bar"
    plain(bar)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Inches(1.1),
        Inches(4.05),
        Inches(SLIDE_SIZE[0] - 2.2),
        Inches(1.3),
    )
    verdict = (
        "balanced" if report.ok else f"not balanced ({plural(len(report.warnings), 'warning')})"
    )
    subtitle.text = (
        f"{plural(len(content.portfolio), 'initiative')} · {verdict} · "
        f"balance index {report.balance_index:.2f}"
    )
    subtitle.text_frame.add_paragraph().text = f"Made with cxmodel {cxmodel_version()}"
    for k, paragraph in enumerate(subtitle.text_frame.paragraphs):
        paragraph.alignment = align("left")
        for run in paragraph.runs:
            run.font.size = Pt(22 if k == 0 else 14)
            run.font.name = FONT
            run.font.color.rgb = rgb(INK if k == 0 else MUTED)
    t = content.thresholds
    slide.notes_slide.notes_text_frame.text = (
        "This deck judges every initiative through the three lenses of the customer-experience "
        "model: business (viability), people (desirability) and technology (feasibility). "
        "An initiative passes a lens when its score is at or above the threshold "
        f"(viability {t.viability:g}, desirability {t.desirability:g}, feasibility "
        f"{t.feasibility:g}); passing two lenses makes it emotional, process or functional "
        "innovation, passing all three puts it at the customer-experience centre. "
        f"Verdict: {verdict}. The balance index is 1 for a level mix of the three kinds of "
        "innovation and 0 when all innovation is of one kind."
    )


# --- findings -------------------------------------------------------------------------------


def _findings_slides(deck: Any, content: ReportContent) -> None:
    from pptx.util import Pt

    findings = content.balance.findings
    budget = 34.0  # lines of 12-point text a slide holds
    pages: list[list[Any]] = [[]]
    used = 0.0
    for f in findings:
        lines = 1.6 + math.ceil(len(f.message) / 150)
        if pages[-1] and used + lines > budget:
            pages.append([])
            used = 0.0
        pages[-1].append(f)
        used += lines
    for page_number, page in enumerate(pages):
        title = "Findings" if len(pages) == 1 else f"Findings ({page_number + 1} of {len(pages)})"
        notes = (
            "Warnings make the portfolio unbalanced under this policy; notes (info) never do, "
            "but point at opportunities. Each finding says what to do about it."
        )
        if not findings:
            notes = "No findings: the portfolio is balanced under this policy."
        slide = add_slide(deck, title, notes)
        box = text_box(slide, 0.5, 1.25, SLIDE_SIZE[0] - 1.0, 5.95, "", size=13, wrap=True)
        box.name = "Findings"
        frame = box.text_frame
        if not page:
            frame.paragraphs[0].runs[0].text = "No findings: nothing to act on under this policy."
            continue
        first = True
        for f in page:
            head = frame.paragraphs[0] if first else frame.add_paragraph()
            if first and head.runs:
                head.runs[0].text = ""
            first = False
            head.space_before = Pt(8)
            badge = head.add_run()
            badge.text = "WARNING  " if f.severity == "warning" else "NOTE  "
            badge.font.bold = True
            badge.font.size = Pt(13)
            badge.font.color.rgb = rgb(WARN if f.severity == "warning" else INFO)
            code = head.add_run()
            code.text = f.code
            code.font.bold = True
            code.font.size = Pt(13)
            code.font.color.rgb = rgb(INK)
            body = frame.add_paragraph()
            run = body.add_run()
            run.text = f.message
            run.font.size = Pt(12)
            run.font.color.rgb = rgb(INK)
            for r in (badge, code, run):
                r.font.name = FONT


# --- roadmap ----------------------------------------------------------------------------------


def _roadmap_slides(deck: Any, content: ReportContent) -> None:
    from pptx.util import Inches, Pt

    plan = content.roadmap
    phases = plan.phases or ((),)
    per_slide, max_rows = 5, 14
    groups = [
        list(range(k, min(k + per_slide, len(phases)))) for k in range(0, len(phases), per_slide)
    ]
    critical = set(plan.critical_path)
    region_of = {c.name: c.region for c in content.classifications}
    for g, group in enumerate(groups):
        notes = (
            f"The roadmap orders the work by dependencies: phase 1 holds what depends on "
            f"nothing, each later phase what its dependencies in earlier phases unlock "
            f"({plural(len(plan.phases), 'phase')} in all). The critical path, in bold "
            f"orange, is the longest chain of dependent work: "
            f"{' -> '.join(plan.critical_path) or 'none'} (effort "
            f"{number(plan.critical_effort)}); no schedule finishes sooner when effort is time."
        )
        for f in plan.findings:
            notes += f" {f.message}"
        title = "Roadmap" if len(groups) == 1 else f"Roadmap ({g + 1} of {len(groups)})"
        slide = add_slide(deck, title, notes)
        rows = min(max((len(phases[k]) for k in group), default=1), max_rows)
        overflow = any(len(phases[k]) > max_rows for k in group)
        table_rows = 1 + rows + (1 if overflow else 0)
        height = min(0.42 * table_rows, 5.9)
        shape = slide.shapes.add_table(
            table_rows,
            len(group),
            Inches(0.5),
            Inches(1.25),
            Inches(SLIDE_SIZE[0] - 1.0),
            Inches(height),
        )
        shape.name = "Roadmap phases"
        table = shape.table
        for c, k in enumerate(group):
            effort = plan.phase_effort[k] if plan.phase_effort else 0.0
            cell = table.cell(0, c)
            cell.text = f"Phase {k + 1} · effort {number(effort)}"
            run = cell.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.bold = Pt(13), True
            names = phases[k]
            for r in range(rows):
                cell = table.cell(r + 1, c)
                if r >= len(names):
                    cell.text = ""
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = rgb("FFFFFF")
                    continue
                name = names[r]
                cell.text = name
                run = cell.text_frame.paragraphs[0].runs[0]
                run.font.size = Pt(11)
                region = region_of.get(name, Region.NONE)
                if name in critical:
                    run.font.bold = True
                    run.font.color.rgb = rgb(WARN)
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(tint(region_color(region)))
            if overflow:
                cell = table.cell(rows + 1, c)
                rest = len(names) - rows
                cell.text = f"… and {rest} more" if rest > 0 else ""
                if cell.text_frame.paragraphs[0].runs:
                    cell.text_frame.paragraphs[0].runs[0].font.size = Pt(11)


# --- changes ------------------------------------------------------------------------------------


def _changes_slide(deck: Any, content: ReportContent) -> None:
    comparison = content.comparison
    assert comparison is not None
    lines = [f"{m.name}: {m.before.label} → {m.after.label}" for m in comparison.moves]
    if comparison.added:
        lines.append("Added: " + "; ".join(comparison.added))
    if comparison.removed:
        lines.append("Removed: " + "; ".join(comparison.removed))
    if comparison.findings_added:
        lines.append("New findings: " + ", ".join(comparison.findings_added))
    if comparison.findings_resolved:
        lines.append("Resolved findings: " + ", ".join(comparison.findings_resolved))
    lines.append(
        "Share change: "
        + ", ".join(f"{t.value} {100 * v:+.1f} points" for t, v in comparison.share_change.items())
        + f"; balance index {comparison.balance_index_change:+.2f}"
    )
    if not comparison.changed:
        lines = ["Nothing changed since the previous portfolio."]
    notes = (
        "What moved since the previous portfolio: initiatives whose region changed, what was "
        "added and removed, and how the innovation mix and the findings shifted. "
        + str(comparison)
    )
    slide = add_slide(deck, "Since last time", notes)
    text_box(
        slide, 0.5, 1.3, SLIDE_SIZE[0] - 1.0, 5.8, lines[:24], size=14, wrap=True
    ).name = "Changes"
