"""The rules about a portfolio's mix: process skew, feature bloat, missing innovation."""

from __future__ import annotations

import math

import numpy as np

from .._text import listing, number, pct, plural
from ..intersections import InnovationType, Region
from ..policy import bloat_candidates
from .context import Context, Finding, Rule


def _process_skew(c: Context) -> Finding | None:
    policy = c.policy
    shares = c.innovation_shares
    process = shares[InnovationType.PROCESS]
    if not process > policy.max_process_share:
        return None
    positions = c.where(Region.PROCESS)
    limit = policy.max_process_share
    parts = [
        f"Process innovation takes {pct(process, limit)} of innovation {c.unit}, above the "
        f"policy limit of {pct(limit)}: the balance is skewed toward process innovation "
        "(cost savings, efficiency, standardisation) at the expense of the people side.",
        f"Emotional innovation gets {pct(shares[InnovationType.EMOTIONAL])}, functional "
        f"{pct(shares[InnovationType.FUNCTIONAL])}.",
    ]
    if positions.size:
        shown = c.top(positions)
        if c.weights is None:
            labels = [f'"{c.names[k]}"' for k in shown]
            intro = "Pure process initiatives"
        else:
            labels = [f'"{c.names[k]}" (effort {number(c.weights[k])})' for k in shown]
            intro = "Pure process initiatives, largest first"
        parts.append(f"{intro}: {listing(labels, positions.size)}.")
    parts.append(_rebalance_advice(c, float(c.region_weight[Region.PROCESS])))
    return Finding("process-skew", "warning", " ".join(parts), c.pick(positions))


def _rebalance_advice(c: Context, pure_process: float) -> str:
    """How much weight to move from process to the other kinds, or to add to them."""
    limit = c.policy.max_process_share
    total = c.innovation_total
    process = pure_process + float(c.region_weight[int(Region.CUSTOMER_EXPERIENCE)]) / 3.0
    move = process - limit * total
    add = process / limit - total if limit > 0 else math.inf
    if c.weights is None:  # whole initiatives; the tolerance absorbs float noise
        move = math.ceil(move - 1e-9)
        add = math.ceil(add - 1e-9) if math.isfinite(add) else add

    def amount(x: float) -> str:
        if c.weights is not None:
            return f"{number(x)} effort units"
        return plural(int(x), "initiative")

    options = []
    if 0 < move <= pure_process:
        options.append(
            f"move at least {amount(move)} from pure process initiatives to emotional "
            "or functional innovation (or raise their desirability so that customers want them)"
        )
    if math.isfinite(add):
        options.append(f"add at least {amount(add)} in emotional or functional innovation")
    if not options:
        return "Rebalance toward emotional and functional innovation."
    return "To get within the limit, " + ", or ".join(options) + "."


def _feature_bloat(c: Context) -> Finding | None:
    if c.desirability is None or c.feasibility is None:
        return None
    policy, t = c.policy, c.thresholds
    positions = bloat_candidates(c.codes, c.desirability, c.feasibility, policy)
    if positions.size == 0:
        return None
    gap = c.feasibility[positions] - c.desirability[positions]
    shown = c.top(positions, gap)
    labels = [
        f'"{c.names[k]}" (feasibility {c.feasibility[k]:.2f}, '
        f"desirability {c.desirability[k]:.2f})"
        for k in shown
    ]
    n = positions.size
    noun = "initiative looks" if n == 1 else "initiatives look"
    them = "it" if n == 1 else "them"
    message = (
        f'{n:,} {noun} like "just because you can" feature bloat '
        f"({c.share_of_total(positions)} of all {c.unit}): easy to build (feasibility >= "
        f"{policy.bloat_feasibility:.2f}) but below the desirability threshold "
        f"{t.desirability:.2f} and the viability threshold {t.viability:.2f}, with "
        f"feasibility at least {policy.bloat_gap:.2f} above desirability. "
        f"Widest gap first: {listing(labels, n)}. "
        "Ask the source's test: \"do these new bells and whistles help the people "
        'accomplish something or do they just get in the way?" '
        f"Drop {them}, or validate {them} with customers before building; "
        "the right amount of features beats more features."
    )
    return Finding("feature-bloat", "warning", message, c.pick(positions))


def _empty_portfolio(c: Context) -> Finding | None:
    if c.codes.size:
        return None
    return Finding(
        "empty-portfolio", "info", "The portfolio is empty: there is nothing to balance."
    )


def _no_innovation(c: Context) -> Finding | None:
    if c.codes.size == 0 or c.innovation_total > 0:
        return None
    n = c.codes.size
    who = "The only initiative is not" if n == 1 else f"None of the {n:,} initiatives is"
    return Finding(
        "no-innovation",
        "info",
        f"{who} an innovation: none passes two of the three "
        "lenses (business, people, technology) at the current thresholds, so there is no "
        "emotional, process or functional innovation to balance. Look for ways to make "
        "the most promising ones viable, desirable and feasible at once.",
    )


def _no_emotional(c: Context) -> Finding | None:
    if c.innovation_total == 0 or c.innovation_shares[InnovationType.EMOTIONAL] > 0:
        return None
    candidates = c.where(Region.PEOPLE_ONLY)
    message = (
        "No initiative is emotional innovation (viable and desirable): nothing in the "
        "portfolio builds the real connection, two-way dialogue and loyalty that turn "
        "customers into evangelists."
    )
    if candidates.size:
        labels = [f'"{c.names[k]}"' for k in c.top(candidates)]
        message += (
            f" Closest candidates, desirable but not yet viable: "
            f"{listing(labels, candidates.size)}; find their business case."
        )
    else:
        message += " Add initiatives that customers desire and that pay off for the business."
    return Finding("no-emotional", "info", message, c.pick(candidates))


def _low_balance(c: Context) -> Finding | None:
    index, limit = c.balance_index, c.policy.min_balance_index
    if c.innovation_total == 0 or index >= limit:
        return None
    shares = c.innovation_shares
    weakest = min(InnovationType, key=lambda t: shares[t])  # enum order breaks ties
    mix = ", ".join(f"{t.value} {pct(s)}" for t, s in shares.items())
    return Finding(
        "low-balance",
        "info",
        f"The innovation mix is uneven: balance index {index:.2f}, below the policy minimum "
        f"{limit:.2f} (1 = equal shares of emotional, process and functional innovation; "
        f"mix: {mix}). Strengthen the smallest, {weakest.label.lower()}.",
    )


def _no_lens(c: Context) -> Finding | None:
    positions = c.where(Region.NONE)
    if positions.size == 0:
        return None
    n = positions.size
    labels = [f'"{c.names[k]}"' for k in c.top(positions)]
    verb = "passes" if n == 1 else "pass"
    return Finding(
        "no-lens",
        "info",
        f"{plural(n, 'initiative')} ({c.share_of_total(Region.NONE)} of all {c.unit}) {verb} no "
        f"lens at the current thresholds (viability {c.thresholds.viability:.2f}, "
        f"desirability {c.thresholds.desirability:.2f}, feasibility "
        f"{c.thresholds.feasibility:.2f}): {listing(labels, n)}. Rework or drop "
        f"{'it' if n == 1 else 'them'} before investing more.",
        c.pick(positions),
    )


def _on_threshold(c: Context) -> Finding | None:
    """Scores exactly on a threshold: the smallest change flips the region (info)."""
    if c.viability is None or c.desirability is None or c.feasibility is None:
        return None
    t = c.thresholds
    columns = (
        ("viability", c.viability, t.viability),
        ("desirability", c.desirability, t.desirability),
        ("feasibility", c.feasibility, t.feasibility),
    )
    on = np.zeros(len(c.names), dtype=bool)
    which: list[str] = []
    for criterion, values, limit in columns:
        hit = values == limit
        if hit.any():
            which.append(f"{criterion} {limit:g}")
            on |= hit
    positions = np.flatnonzero(on)
    if positions.size == 0:
        return None
    n = int(positions.size)
    labels = [f'"{c.names[k]}"' for k in c.top(positions)]
    return Finding(
        "on-threshold",
        "info",
        f"{plural(n, 'initiative')} {'has' if n == 1 else 'have'} a score exactly on its "
        f"threshold ({', '.join(which)}): {listing(labels, n)}. Thresholds are inclusive "
        "(>=), so the smallest change to such a score moves the initiative to another region; "
        "a neutral middle score (3 of 1-5) sits exactly on the default 0.5. Set thresholds on "
        "your own scale (Scale.thresholds, or --scale likert5 --desirability-threshold 4).",
        c.pick(positions),
    )


#: The portfolio rules in the order they run and findings are listed.
RULES: tuple[tuple[str, Rule], ...] = (
    ("process-skew", _process_skew),
    ("feature-bloat", _feature_bloat),
    ("empty-portfolio", _empty_portfolio),
    ("no-innovation", _no_innovation),
    ("no-emotional", _no_emotional),
    ("low-balance", _low_balance),
    ("no-lens", _no_lens),
    ("on-threshold", _on_threshold),
)
