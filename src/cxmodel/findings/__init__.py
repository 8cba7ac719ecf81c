"""Findings: what the balance checker reports, and the rules that find them.

* :mod:`cxmodel.findings.catalogue` -- every code with its severity, warning class
  and summary, as plain data.
* :mod:`cxmodel.findings.context` -- the :class:`Finding` a rule returns and the
  :class:`Context` it reads.
* :mod:`cxmodel.findings.portfolio`, :mod:`cxmodel.findings.customer`,
  :mod:`cxmodel.findings.roadmap` -- the rules of each subject, as ordered tuples.

:func:`cxmodel.check_balance` runs :data:`RULES` unless given its own ``rules``.
"""

from __future__ import annotations

from .catalogue import CATALOGUE, CODES, Entry
from .context import Context, Finding, Rule
from .customer import RULES as CUSTOMER_RULES
from .portfolio import RULES as PORTFOLIO_RULES

__all__ = [
    "CATALOGUE",
    "CODES",
    "CUSTOMER_RULES",
    "PORTFOLIO_RULES",
    "RULES",
    "Context",
    "Entry",
    "Finding",
    "Rule",
]

#: Every rule of a portfolio check, in the order they run: the portfolio rules, then the
#: customer-experience ones, which fire only when a portfolio carries the fields they read.
RULES: tuple[tuple[str, Rule], ...] = (*PORTFOLIO_RULES, *CUSTOMER_RULES)
