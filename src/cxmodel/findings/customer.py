"""Balance findings about the wider customer-experience material (all severity "info").

Each rule only looks at the optional fields it needs and returns ``None``
unless the portfolio carries them, so a portfolio without the
customer-experience fields gets exactly the report it got before.
:mod:`cxmodel.balance` runs :data:`RULES` after its own rules; its module
docstring lists the codes and when each is reported.
"""

from __future__ import annotations

from .._text import MAX_NAMED, listing, quoted
from ..customer import (
    carries,
    desire_quadrants,
    perception_gap,
    stakeholder_key,
)
from ..vocabulary import DesireQuadrant, Stage
from .context import Context, Finding, Rule

__all__: list[str] = []


def _in_quadrant(c: Context, quadrant: DesireQuadrant) -> list[str] | None:
    """Names in ``quadrant``, or None when the portfolio has no desire-model data."""
    p = c.portfolio
    if p is None or not (carries(p, "stated_desire") and carries(p, "value_driver")):
        return None
    return [name for name, q in desire_quadrants(p).items() if q is quadrant]


def _desire_deception(c: Context) -> Finding | None:
    names = _in_quadrant(c, DesireQuadrant.DECEPTION)
    if not names:
        return None
    return Finding(
        "desire-deception",
        "info",
        f"Customers say they want {quoted(names)}, but "
        f"{'it does' if len(names) == 1 else 'they do'} not drive value for them (desire "
        "model: deception). Building what people ask for rather than what helps them is a "
        "feature-bloat risk: check that these help people accomplish something.",
        names,
    )


def _subconscious_opportunity(c: Context) -> Finding | None:
    names = _in_quadrant(c, DesireQuadrant.SUBCONSCIOUS)
    if not names:
        return None
    return Finding(
        "subconscious-opportunity",
        "info",
        f"{quoted(names)} "
        f"{'drives' if len(names) == 1 else 'drive'} value although customers do not ask "
        f"for {'it' if len(names) == 1 else 'them'} (desire model: subconscious). More than "
        "half of customer experience is emotional and subconscious: these are "
        "emotional-innovation opportunities that surveys alone will not reveal.",
        names,
    )


def _perception_gap(c: Context) -> Finding | None:
    p = c.portfolio
    if p is None or not carries(p, "customer_desirability"):
        return None
    gaps = perception_gap(p)
    if not gaps:
        return None
    shown = [
        f'"{g.name}" (company {g.company:.2f}, customers {g.customer:.2f})'
        for g in gaps[:MAX_NAMED]
    ]
    flagged = {g.name for g in gaps}
    return Finding(
        "perception-gap",
        "info",
        f"The company rates desirability at least 0.2 above what customers measured for "
        f"{listing(shown, len(gaps))}. Most companies believe they deliver excellent "
        "experiences while few customers agree: trust the customers' numbers and find out "
        "what they miss.",
        [name for name in p.names if name in flagged],  # portfolio order, like every finding
    )


def _no_employees(c: Context) -> Finding | None:
    p = c.portfolio
    if p is None or not carries(p, "stakeholders"):
        return None
    served = {stakeholder_key(s) for names in p.column("stakeholders") for s in names}
    if not served or "employees" in served:
        return None
    return Finding(
        "no-employees",
        "info",
        f"No initiative serves employees (stakeholders named: {', '.join(sorted(served))}). "
        "Employees shape the experience customers get too: consider internal branding and "
        "initiatives that equip and engage the people who serve customers.",
    )


def _journey_gap(c: Context) -> Finding | None:
    p = c.portfolio
    if p is None or not carries(p, "stages"):
        return None
    # Only which stages are named matters here, not the effort journey_coverage splits.
    named = {stage for stages in p.column("stages") for stage in stages}
    missing = [stage for stage in Stage if stage not in named]
    if not missing:
        return None
    stages = ", ".join(stage.value for stage in missing)
    noun = "stage" if len(missing) == 1 else "stages"
    return Finding(
        "journey-gap",
        "info",
        f"No initiative touches the customer-journey {noun} {stages}. Customers live the "
        "whole journey: an experience that stops at some stages leaves them on their own "
        "there.",
    )


#: The customer-experience rules in the order they run, after the portfolio rules.
RULES: tuple[tuple[str, Rule], ...] = (
    ("desire-deception", _desire_deception),
    ("subconscious-opportunity", _subconscious_opportunity),
    ("perception-gap", _perception_gap),
    ("no-employees", _no_employees),
    ("journey-gap", _journey_gap),
)
