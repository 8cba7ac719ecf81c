"""Every finding code cxmodel can report, as plain data.

The one list the policy (which codes ``escalate`` accepts), the warning classes,
the API docs' table and the command line's ``--fail-on`` all read.  Adding a
rule means adding its entry here and the rule to its subject's tuple.
"""

from __future__ import annotations

from typing import Literal

import attrs

from ..exceptions import CxModelWarning, FeatureBloatWarning, ProcessSkewWarning

__all__ = ["CATALOGUE", "CODES", "Entry", "entry", "warning_class"]

Severity = Literal["warning", "info"]
Subject = Literal["portfolio", "customer", "roadmap"]


@attrs.frozen
class Entry:
    """One finding code: its default severity, warning class, subject and summary.

    Examples
    --------
    >>> from cxmodel.findings.catalogue import entry
    >>> entry("process-skew").severity
    'warning'
    """

    code: str
    severity: Severity
    subject: Subject
    summary: str
    warning: type[CxModelWarning] = CxModelWarning


#: Every code in the order findings are listed.
CATALOGUE: tuple[Entry, ...] = (
    Entry(
        "process-skew",
        "warning",
        "portfolio",
        "the process share of innovation weight is strictly greater than "
        "BalancePolicy.max_process_share",
        ProcessSkewWarning,
    ),
    Entry(
        "feature-bloat",
        "warning",
        "portfolio",
        "initiatives are feasible but neither desirable nor viable, with feasibility - "
        "desirability >= BalancePolicy.bloat_gap (just because you can)",
        FeatureBloatWarning,
    ),
    Entry("empty-portfolio", "info", "portfolio", "the portfolio has no initiative at all"),
    Entry("no-innovation", "info", "portfolio", "there are initiatives, but none passes two"),
    Entry("no-emotional", "info", "portfolio", "there is innovation, but none of it is emotional"),
    Entry("low-balance", "info", "portfolio", "balance_index < BalancePolicy.min_balance_index"),
    Entry("no-lens", "info", "portfolio", "some initiatives pass no lens at all"),
    Entry(
        "on-threshold",
        "info",
        "portfolio",
        "some initiatives have a score exactly on its threshold: their region flips with the "
        "smallest change",
    ),
    Entry(
        "desire-deception",
        "info",
        "customer",
        "customers say they want initiatives that do not drive value for them",
    ),
    Entry(
        "subconscious-opportunity",
        "info",
        "customer",
        "initiatives drive value although customers do not ask for them",
    ),
    Entry(
        "perception-gap",
        "info",
        "customer",
        "the company rates desirability well above what customers gave",
    ),
    Entry(
        "no-employees",
        "info",
        "customer",
        "stakeholders are named, none of them employees",
    ),
    Entry(
        "journey-gap",
        "info",
        "customer",
        "journey stages are named, some stage has none",
    ),
    Entry(
        "emotional-postponed",
        "info",
        "roadmap",
        "every emotional innovation waits for the roadmap's last phase",
    ),
    Entry("process-first", "info", "roadmap", "phase 1 is all process innovation"),
)

_BY_CODE = {e.code: e for e in CATALOGUE}

#: Every code, in catalogue order.
CODES: tuple[str, ...] = tuple(_BY_CODE)


def entry(code: str) -> Entry:
    """The catalogue entry of ``code``; ``KeyError`` for an unknown code.

    Examples
    --------
    >>> from cxmodel.findings.catalogue import entry
    >>> entry("no-lens").subject
    'portfolio'
    """
    return _BY_CODE[code]


def warning_class(code: str) -> type[CxModelWarning]:
    """The warning class emitted for ``code`` when it is a warning.

    Examples
    --------
    >>> from cxmodel.findings.catalogue import warning_class
    >>> warning_class("feature-bloat").__name__
    'FeatureBloatWarning'
    >>> warning_class("no-lens").__name__
    'CxModelWarning'
    """
    found = _BY_CODE.get(code)
    return CxModelWarning if found is None else found.warning
