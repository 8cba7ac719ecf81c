"""The result of a scoring workshop: :class:`Workshop`, and how it reads as text and HTML.

:func:`~cxmodel.workshop.aggregate_ratings` builds it; this module holds only
the result: its attributes, :meth:`Workshop.to_dict`, the text
:func:`workshop_summary` prints and the notebook HTML.
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._html import Raw, block, table
from ._text import plural, quoted, text_table
from .model import CRITERIA, Scale
from .portfolio import Portfolio

__all__ = ["Workshop", "workshop_summary"]

_FloatArray = npt.NDArray[np.float64]


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else x


@attrs.frozen(eq=False)
class Workshop:
    """What :func:`aggregate_ratings` found: one portfolio from many raters, and their agreement.

    Attributes
    ----------
    portfolio : Portfolio
        The aggregated, normalised scores, initiatives in order of first
        appearance; ``effort`` is the mean of the raters' efforts (each
        rater's mean over their rows), 1.0 when nobody gave one.
    raters : tuple of str
        The raters, in order of first appearance.
    ratings : ndarray, shape (raters, initiatives, 3)
        Each rater's normalised lens score (the weighted mean of their answers
        to the lens's rubric questions), NaN where they gave none; columns
        viability, desirability, feasibility.  Read-only.
    confidence : ndarray, shape (raters, initiatives, 3)
        Each rater's mean confidence in those scores (1.0 where the column is
        absent or blank), NaN where they gave no rating.  Read-only.
    spread : dict
        Initiative name -> criterion -> the raters' population standard
        deviation (``ddof=0``, weighted by ``rater_weights``) of the normalised
        scores; 0.0 for a single rating.
    agreement : dict
        Criterion -> Krippendorff's alpha (interval level) of the raters x
        initiatives ratings of that criterion, and ``"overall"``: alpha over
        every initiative and criterion pooled as units.  NaN when undefined
        (fewer than two raters on any initiative, or no variation at all); the
        reason is in :attr:`notes`.
    discuss : tuple of (str, str)
        ``(initiative, criterion)`` pairs whose spread is above
        :attr:`discuss_above`, largest spread first (ties in portfolio and lens
        order): the ratings to talk over before trusting the scores.
    noise : ndarray, shape (initiatives, 3)
        Per initiative (portfolio order) and lens: ``sqrt(spread**2 +
        ((1 - c) * CONFIDENCE_NOISE)**2)`` with ``c`` the mean confidence of
        its ratings, for ``cx.sensitivity(workshop.portfolio, noise=workshop.noise)``.
        With full confidence it is the spread.  Read-only.
    method : str
        How ratings were combined: ``"mean"``, ``"median"`` or ``"trimmed"``.
    scale : Scale
        The scale the raw scores were read on.
    discuss_above : float
        The spread above which a rating is listed in :attr:`discuss`.
    notes : tuple of str
        Remarks, such as why an alpha is undefined.

    Examples
    --------
    >>> from cxmodel.workshop import aggregate_ratings
    >>> rows = [
    ...     {"rater": r, "initiative": i, "criterion": c, "score": s}
    ...     for r, scores in {"Ann": (4, 5, 2), "Bo": (4, 3, 2), "Cy": (5, 4, 3)}.items()
    ...     for i in ("Kiosk",)
    ...     for c, s in zip(("viability", "desirability", "feasibility"), scores)
    ... ]
    >>> ws = aggregate_ratings(rows)
    >>> ws.portfolio["Kiosk"].scores
    {'viability': 0.8333333333333334, 'desirability': 0.75, 'feasibility': 0.3333333333333333}
    >>> round(ws.spread["Kiosk"]["desirability"], 3)
    0.204
    >>> ws.discuss
    (('Kiosk', 'desirability'),)
    >>> ws.noise.shape
    (1, 3)
    """

    portfolio: Portfolio
    raters: tuple[str, ...]
    ratings: npt.NDArray[np.float64]
    confidence: npt.NDArray[np.float64]
    spread: dict[str, dict[str, float]]
    agreement: dict[str, float]
    discuss: tuple[tuple[str, str], ...]
    noise: npt.NDArray[np.float64]
    method: str
    scale: Scale
    discuss_above: float
    notes: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The initiatives, in portfolio order."""
        return self.portfolio.names

    def counts(self) -> npt.NDArray[np.int64]:
        """How many raters rated each initiative (rows) on each lens (columns).

        Examples
        --------
        >>> from cxmodel.workshop import aggregate_ratings
        >>> ws = aggregate_ratings([
        ...     {"rater": "Ann", "initiative": "App", "criterion": c, "score": 3}
        ...     for c in ("viability", "desirability", "feasibility")])
        >>> ws.counts().tolist()
        [[1, 1, 1]]
        """
        return np.asarray((~np.isnan(self.ratings)).sum(axis=0), dtype=np.int64)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with stable keys; undefined alphas are ``None``.

        Examples
        --------
        >>> import json
        >>> from cxmodel.workshop import aggregate_ratings
        >>> ws = aggregate_ratings([
        ...     {"rater": r, "initiative": "App", "criterion": c, "score": 3}
        ...     for r in ("Ann", "Bo") for c in ("viability", "desirability", "feasibility")])
        >>> data = ws.to_dict()
        >>> list(data)
        ['raters', 'method', 'scale', 'discuss_above', 'initiatives', 'agreement', 'discuss',
         'notes']
        >>> data["agreement"]["overall"] is None
        True
        >>> json.loads(json.dumps(data)) == data
        True
        """
        initiatives = []
        for k, item in enumerate(self.portfolio):
            ratings = {
                rater: {
                    c: _nan_to_none(float(self.ratings[r, k, j])) for j, c in enumerate(CRITERIA)
                }
                for r, rater in enumerate(self.raters)
                if not np.isnan(self.ratings[r, k]).all()
            }
            initiatives.append(
                {
                    "name": item.name,
                    **item.scores,
                    "effort": item.effort,
                    "spread": dict(self.spread[item.name]),
                    "noise": {c: float(self.noise[k, j]) for j, c in enumerate(CRITERIA)},
                    "ratings": ratings,
                }
            )
        return {
            "raters": list(self.raters),
            "method": self.method,
            "scale": [self.scale.low, self.scale.high],
            "discuss_above": self.discuss_above,
            "initiatives": initiatives,
            "agreement": {k: _nan_to_none(v) for k, v in self.agreement.items()},
            "discuss": [
                {"initiative": name, "criterion": c, "spread": self.spread[name][c]}
                for name, c in self.discuss
            ],
            "notes": list(self.notes),
        }

    def _agreement_text(self) -> str:
        return ", ".join(
            f"{key} {'undefined' if math.isnan(v) else f'{v:.2f}'}"
            for key, v in self.agreement.items()
        )

    def __str__(self) -> str:
        how = {"mean": "mean", "median": "median", "trimmed": "trimmed mean"}[self.method]
        lines = [
            f"Workshop: {plural(len(self.raters), 'rater')} ({', '.join(self.raters)}), "
            f"{plural(len(self.portfolio), 'initiative')}, {how} of scores on "
            f"{self.scale.low:g}-{self.scale.high:g}",
            "Scores normalised to [0, 1], \N{PLUS-MINUS SIGN} the raters' spread",
            "",
        ]
        rows: list[tuple[str, ...]] = [("initiative", *CRITERIA, "effort")]
        for item in self.portfolio:
            spread = self.spread[item.name]
            rows.append(
                (
                    item.name,
                    *(
                        f"{item.scores[c]:.2f} \N{PLUS-MINUS SIGN}{spread[c]:.2f}"
                        for c in CRITERIA
                    ),
                    f"{item.effort:g}",
                )
            )
        lines.append(text_table(rows))
        lines.append("")
        lines.append("Agreement (Krippendorff's alpha; 1 = full, 0 = chance, >= 0.8 reliable):")
        lines.append(f"  {self._agreement_text()}")
        if self.discuss:
            listed = "; ".join(
                f'"{name}" {c} ({self.spread[name][c]:.2f})' for name, c in self.discuss
            )
            lines.extend(
                textwrap.wrap(
                    f"To discuss (spread above {self.discuss_above:g}), largest first: {listed}",
                    88,
                    subsequent_indent="  ",
                    break_on_hyphens=False,
                )
            )
        else:
            lines.append(f"Nothing to discuss: no spread above {self.discuss_above:g}.")
        lines.extend(f"Note: {note}" for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The aggregated scores with their spread; ratings to discuss highlighted."""
        flagged = set(self.discuss)
        rows: list[list[object]] = []
        for item in self.portfolio:
            cells: list[object] = [item.name]
            for c in CRITERIA:
                shown = f"{item.scores[c]:.2f} \N{PLUS-MINUS SIGN}{self.spread[item.name][c]:.2f}"
                cells.append(_marked(shown) if (item.name, c) in flagged else shown)
            cells.append(f"{item.effort:g}")
            rows.append(cells)
        caption = (
            f"Workshop of {plural(len(self.raters), 'rater')} ({', '.join(self.raters)}), "
            f"{self.method} of ratings"
        )
        header = ["initiative", *CRITERIA, "effort"]
        scores = Raw(table(header, rows, caption=caption, numeric={1, 2, 3, 4}))
        discuss = "; ".join(f"{quoted([n])} {c}" for n, c in self.discuss) or "none"
        return block(
            scores,
            f"Agreement (Krippendorff's alpha): {self._agreement_text()}",
            f"To discuss (spread above {self.discuss_above:g}): {discuss}",
            *self.notes,
        )


def _marked(text: str) -> Raw:
    """A table cell's text shaded like :func:`~cxmodel._html.table`'s highlighted rows."""
    return Raw(f"<span style='background:#fde0dd'>{html.escape(text)}</span>")


def workshop_summary(workshop: Workshop) -> str:
    """The text ``cxmodel workshop`` prints: the scores, agreement and what to discuss.

    Examples
    --------
    >>> from cxmodel.workshop import aggregate_ratings, workshop_summary
    >>> ws = aggregate_ratings([
    ...     {"rater": r, "initiative": "App", "criterion": c, "score": s}
    ...     for r, s in (("Ann", 2), ("Bo", 5))
    ...     for c in ("viability", "desirability", "feasibility")])
    >>> print(workshop_summary(ws))
    Workshop: 2 raters (Ann, Bo), 1 initiative, mean of scores on 1-5
    Scores normalised to [0, 1], ± the raters' spread
    <BLANKLINE>
    initiative  viability   desirability  feasibility  effort
    ----------  ----------  ------------  -----------  ------
    App         0.62 ±0.38    0.62 ±0.38   0.62 ±0.38       1
    <BLANKLINE>
    Agreement (Krippendorff's alpha; 1 = full, 0 = chance, >= 0.8 reliable):
      viability 0.00, desirability 0.00, feasibility 0.00, overall -0.67
    To discuss (spread above 0.15), largest first: "App" viability (0.38); "App" desirability
      (0.38); "App" feasibility (0.38)
    """
    return str(workshop)
