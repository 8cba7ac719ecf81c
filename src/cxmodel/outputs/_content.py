"""What every report says, computed once: the numbers the HTML, deck and workbook all show.

A :class:`ReportContent` holds the portfolio, the settings used, the balance
report, each initiative's classification, the roadmap and (optionally) the
comparison with an earlier portfolio.  The three writers only lay it out, so
a finding or a share reads the same in every format.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..balance import BalanceReport, check_balance
from ..exceptions import FieldError
from ..intersections import REGION_COLORS, Classification, InnovationType, Region
from ..model import CRITERIA, Thresholds
from ..policy import BalancePolicy, bloat_candidates
from ..portfolio import Portfolio

if TYPE_CHECKING:
    from .._workshop_result import Workshop
    from ..comparison import Comparison
    from ..planning import Roadmap

__all__ = ["INITIATIVE_COLUMNS", "ReportContent", "cxmodel_version", "ink_on", "region_color"]

#: The columns of the initiative table (HTML) and of the "Initiatives" sheet, in order.
INITIATIVE_COLUMNS = (
    "name",
    *CRITERIA,
    "effort",
    "tags",
    "depends_on",
    "description",
    "region",
    "innovation_types",
    "primary_type",
    "feature_bloat",
)


def cxmodel_version() -> str:
    """The installed cxmodel version, for report footers.

    Examples
    --------
    >>> from cxmodel.outputs._content import cxmodel_version
    >>> cxmodel_version().count(".") >= 1
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cxmodel")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


def region_color(region: Region) -> str:
    """The chart colour of ``region`` as ``#RRGGBB`` (upper case).

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import region_color
    >>> region_color(cx.Region.PROCESS)
    '#0072B2'
    """
    return REGION_COLORS[Region(region)].upper()


def ink_on(colour: str) -> str:
    """``"#FFFFFF"`` or ``"#000000"``: the text colour that reads best on ``#RRGGBB``.

    Uses the WCAG relative luminance (white text below 0.179).

    Examples
    --------
    >>> from cxmodel.outputs._content import ink_on
    >>> ink_on("#0072B2"), ink_on("#F0E442")
    ('#FFFFFF', '#000000')
    """
    channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#FFFFFF" if luminance < 0.179 else "#000000"


@attrs.frozen(eq=False)
class ReportContent:
    """Everything a report shows, computed once from a portfolio and its settings.

    Build it with :meth:`build`; the writers read its attributes.

    Attributes
    ----------
    portfolio : Portfolio
    title : str
        The report title (a default names the portfolio size).
    thresholds : Thresholds
    policy : BalancePolicy
    balance : BalanceReport
        :func:`~cxmodel.check_balance` of the portfolio (no warnings emitted).
    classifications : list of Classification
        One per initiative, in portfolio order.
    bloat : frozenset of str
        Names of the feature-bloat candidates under ``policy``.
    roadmap : Roadmap
    comparison : Comparison or None
        What changed since the ``previous`` portfolio, when one was given.
    generated : str
        The date the report was made (ISO format), for its footer.
    workshop : Workshop or None
        The scoring workshop the scores came from, when one was given: its
        agreement, the ratings to discuss and every rater's scores.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.outputs._content import ReportContent
    >>> content = ReportContent.build(cx.example_portfolio())
    >>> content.title
    'Customer-experience portfolio: 12 initiatives'
    >>> content.rows()[0]["region"]
    'Emotional innovation'
    """

    portfolio: Portfolio
    title: str
    thresholds: Thresholds
    policy: BalancePolicy
    balance: BalanceReport
    classifications: list[Classification]
    bloat: frozenset[str]
    roadmap: Roadmap
    comparison: Comparison | None
    generated: str
    workshop: Workshop | None = None

    @classmethod
    def build(
        cls,
        portfolio: Portfolio,
        *,
        title: str | None = None,
        thresholds: Thresholds | None = None,
        policy: BalancePolicy | None = None,
        previous: Portfolio | None = None,
        workshop: Workshop | None = None,
    ) -> ReportContent:
        """Compute the content of a report on ``portfolio`` (see the class)."""
        from ..planning import roadmap
        from ..policy import resolve_settings

        used_policy, used = resolve_settings(policy, thresholds)
        if title is None:
            from .._text import plural

            title = f"Customer-experience portfolio: {plural(len(portfolio), 'initiative')}"
        elif not isinstance(title, str):
            raise FieldError("title", title, "must be a str or None")
        balance = check_balance(portfolio, used_policy, thresholds=used, warn=False)
        codes = portfolio.regions(used)
        bloat = bloat_candidates(
            codes, portfolio.desirability, portfolio.feasibility, used_policy
        ).tolist()
        from .._workshop_result import Workshop

        if workshop is not None and not isinstance(workshop, Workshop):
            raise FieldError("workshop", workshop, "must be a cxmodel.Workshop or None")
        comparison = None
        if previous is not None:
            from ..comparison import compare

            comparison = compare(previous, portfolio, thresholds=used, policy=used_policy)
        return cls(
            portfolio=portfolio,
            title=title,
            thresholds=used,
            policy=used_policy,
            balance=balance,
            classifications=portfolio.classify(used),
            bloat=frozenset(portfolio.names[k] for k in bloat),
            roadmap=roadmap(portfolio, thresholds=used),
            comparison=comparison,
            generated=_dt.date.today().isoformat(),
            workshop=workshop,
        )

    def rows(self) -> list[dict[str, Any]]:
        """One dict per initiative with the :data:`INITIATIVE_COLUMNS`, in portfolio order.

        Scores and effort are floats, ``tags`` and ``depends_on`` tuples of
        str, ``region``/``innovation_types``/``primary_type`` labels (the types
        joined by ``"; "``, empty when there is none) and ``feature_bloat`` a bool.
        """
        p = self.portfolio
        columns = {f: np.asarray(getattr(p, f)).tolist() for f in (*CRITERIA, "effort")}
        tags, depends = p.column("tags"), p.column("depends_on")
        descriptions = p.column("description")
        out = []
        for k, c in enumerate(self.classifications):
            types = [t for t in InnovationType if t in c.types]
            out.append(
                {
                    "name": c.name,
                    **{f: columns[f][k] for f in (*CRITERIA, "effort")},
                    "tags": tuple(tags[k]),
                    "depends_on": tuple(depends[k]),
                    "description": descriptions[k] or "",
                    "region": c.region.label,
                    "innovation_types": "; ".join(t.label for t in types),
                    "primary_type": "" if c.primary is None else c.primary.label,
                    "feature_bloat": c.name in self.bloat,
                    "_region": c.region,
                }
            )
        return out

    def hover_text(self, k: int) -> str:
        """What hovering initiative ``k`` shows: its name, scores, effort and region."""
        c = self.classifications[k]
        scores = ", ".join(f"{f} {c.scores[f]:.2f}" for f in CRITERIA)
        effort = float(self.portfolio.effort[k])
        return f"{c.name}\n{scores}; effort {effort:g}\n{c.region.label}"
