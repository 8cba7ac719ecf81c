"""Findings: what the balance checker reports, and the rules that find them.

* :mod:`cxmodel.findings.catalogue` -- every code with its severity, warning class
  and summary, as plain data.
* :mod:`cxmodel.findings.context` -- the :class:`Finding` a rule returns and the
  :class:`Context` it reads.
* :mod:`cxmodel.findings.portfolio`, :mod:`cxmodel.findings.customer`,
  :mod:`cxmodel.findings.roadmap` -- the rules of each subject, as ordered tuples.

:func:`cxmodel.check_balance` runs :data:`cxmodel.balance.RULES` (the portfolio rules,
then the customer ones) unless given its own ``rules``.  This package module imports
nothing, so the catalogue can be read from the layers below the rules.
"""
