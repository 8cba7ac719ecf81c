"""Threshold sweeps: how the region counts and the process share change as one threshold moves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._html import pre
from ._lenses import parse_lens
from ._progress import ProgressOption, progress_bar
from .exceptions import FieldError
from .intersections import Region, region_codes
from .model import CRITERIA, Lens, Thresholds
from .policy import BalancePolicy, resolve_settings
from .portfolio import Portfolio

__all__ = ["MAX_STEPS", "ThresholdSweep", "threshold_sweep"]
from ._scenarios import (
    _CHUNK_BYTES,
    RESULT_BYTES,
    FloatArray,
    _at_most,
    _positive_int,
    _weights,
    process_shares,
)

#: The most steps :func:`threshold_sweep` accepts (4,473,924: 240 bytes each, three lenses).
MAX_STEPS = RESULT_BYTES // (3 * 80)


@attrs.frozen(eq=False, repr=False)
class ThresholdSweep:
    """Region counts and process share as each threshold moves from 0 to 1.

    Built by :func:`threshold_sweep`.  For each swept lens the other two
    thresholds stay at ``thresholds``.

    Attributes
    ----------
    values : numpy.ndarray of float, shape (steps,)
        The threshold values tried, from 0 to 1.
    lenses : tuple of Lens
        The lenses swept.
    counts : dict
        Lens -> integer array of shape ``(steps, 8)``: column ``r`` counts
        ``Region(r)``; each row sums to the number of initiatives.
    process_share : dict
        Lens -> array of shape ``(steps,)``, the process share of innovation weight.
    thresholds : Thresholds
        Where the thresholds not being swept are held.
    max_process_share : float
        The policy's process-skew limit (for reading the table and chart).

    Examples
    --------
    >>> import cxmodel as cx
    >>> sweep = cx.threshold_sweep(cx.example_portfolio(), steps=5)
    >>> sweep.values.tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> sweep.passing(cx.Lens.BUSINESS).tolist()
    [12, 12, 8, 4, 0]
    """

    values: FloatArray
    lenses: tuple[Lens, ...]
    counts: dict[Lens, npt.NDArray[np.int64]]
    process_share: dict[Lens, FloatArray]
    thresholds: Thresholds
    max_process_share: float

    def __repr__(self) -> str:
        return f"<ThresholdSweep of {self._swept()} over {self.values.size} values from 0 to 1>"

    def passing(self, lens: Lens | str) -> npt.NDArray[np.int64]:
        """How many initiatives pass ``lens`` at each step of its own sweep."""
        which = parse_lens(lens)
        if which not in self.counts:
            raise FieldError("lens", lens, f"was not swept (swept: {self._swept()})")
        mask = np.array([(r & which.bit) != 0 for r in range(8)])
        passed: npt.NDArray[np.int64] = self.counts[which][:, mask].sum(axis=1)
        return passed

    def _swept(self) -> str:
        return ", ".join(lens.criterion for lens in self.lenses)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: per lens, one row per threshold value.

        Examples
        --------
        >>> import cxmodel as cx
        >>> d = cx.threshold_sweep(cx.example_portfolio(), lens="viability", steps=3).to_dict()
        >>> [row["threshold"] for row in d["viability"]]
        [0.0, 0.5, 1.0]
        """
        out: dict[str, Any] = {
            "thresholds": attrs.asdict(self.thresholds),
            "max_process_share": self.max_process_share,
        }
        for lens in self.lenses:
            out[lens.criterion] = [
                {
                    "threshold": float(value),
                    "counts": {r.name: int(self.counts[lens][k, r]) for r in Region},
                    "process_share": float(self.process_share[lens][k]),
                    "process_skew": bool(self.process_share[lens][k] > self.max_process_share),
                }
                for k, value in enumerate(self.values)
            ]
        return out

    def __str__(self) -> str:
        short = ("none", "B", "P", "emo", "T", "proc", "func", "CX")
        blocks = []
        for lens in self.lenses:
            others = ", ".join(
                f"{c} {t:g}"
                for c, t in zip(CRITERIA, self.thresholds.as_tuple(), strict=True)
                if c != lens.criterion
            )
            rows: list[tuple[str, ...]] = [
                (f"{lens.criterion} >=", *short, "process share", "skew")
            ]
            for k, value in enumerate(self.values):
                share = self.process_share[lens][k]
                rows.append(
                    (
                        f"{value:.2f}",
                        *(str(int(c)) for c in self.counts[lens][k]),
                        f"{share:.2f}",
                        "yes" if share > self.max_process_share else "",
                    )
                )
            widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))]
            lines = [f"Sweeping the {lens.criterion} threshold ({others} fixed):"]
            for number, row in enumerate(rows):
                lines.append(
                    "  ".join(cell.rjust(widths[j]) for j, cell in enumerate(row)).rstrip()
                )
                if number == 0:
                    lines.append("  ".join("-" * w for w in widths))
            blocks.append("\n".join(lines))
        legend = (
            "Regions: B/P/T = business/people/technology only, emo/proc/func = emotional/"
            f"process/functional innovation, CX = all three; skew: process share > "
            f"{self.max_process_share:g}."
        )
        return "\n\n".join([*blocks, legend])

    def _repr_html_(self) -> str:
        return pre(str(self))


def threshold_sweep(
    portfolio: Portfolio,
    *,
    lens: Lens | str | Iterable[Lens | str] | None = None,
    steps: int = 21,
    policy: BalancePolicy | None = None,
    thresholds: Thresholds | None = None,
    progress: ProgressOption = None,
) -> ThresholdSweep:
    """How region counts and the process share change as each threshold moves from 0 to 1.

    One lens at a time, its threshold takes ``steps`` evenly spaced values from
    0 to 1 while the other two stay at ``thresholds``, so a strategy team can
    see how much a conclusion depends on the cut-off.

    Parameters
    ----------
    portfolio : Portfolio
    lens : Lens, str or iterable of them, optional
        The lens(es) to sweep, as :class:`~cxmodel.Lens` or by criterion
        (``"viability"``) or lens name (``"business"``); default all three.
    steps : int, default 21
        Threshold values from 0 to 1 inclusive (at least 2, at most
        :data:`MAX_STEPS`); 21 gives steps of 0.05.
    policy : BalancePolicy, optional
        Its ``weight`` and ``max_process_share`` are used for the process share.
    thresholds : Thresholds, optional
        Where the other thresholds are held; default ``Thresholds()``.
    progress : None, bool or callable, optional
        ``True`` shows a progress bar where one can be seen; a callable is
        called as ``progress(done, total)`` with the steps done over all lenses.

    Returns
    -------
    ThresholdSweep

    Raises
    ------
    FieldError
        For an unknown ``lens``, ``steps < 2`` or above :data:`MAX_STEPS`, a bad
        ``progress``, or ``thresholds`` / ``policy``
        that are no Thresholds / BalancePolicy.

    Examples
    --------
    >>> import cxmodel as cx
    >>> sweep = cx.threshold_sweep(cx.example_portfolio(), lens=cx.Lens.TECHNOLOGY, steps=3)
    >>> print(sweep)  # doctest: +ELLIPSIS
    Sweeping the feasibility threshold (viability 0.5, desirability 0.5 fixed):
    feasibility >=  none  B  P  emo  T  proc  func  CX  process share
    ...
    """
    steps = _positive_int("steps", steps)
    if steps < 2:
        raise FieldError("steps", steps, "must be at least 2 (0 and 1 are both tried)")
    _at_most("steps", steps, MAX_STEPS, 3 * 80)
    if lens is None:
        lenses: tuple[Lens, ...] = tuple(Lens)
    elif isinstance(lens, Lens | str):
        lenses = (parse_lens(lens),)
    else:
        lenses = tuple(dict.fromkeys(parse_lens(x) for x in lens))
        if not lenses:
            raise FieldError("lens", lens, "must name at least one lens")
    terms, base = resolve_settings(policy, thresholds)  # as check_balance resolves and checks them
    weights = _weights(portfolio, terms)
    values = np.linspace(0.0, 1.0, steps)
    scores = (portfolio.viability, portfolio.desirability, portfolio.feasibility)
    counts: dict[Lens, npt.NDArray[np.int64]] = {}
    shares: dict[Lens, FloatArray] = {}
    # Steps are classified a chunk at a time, so the codes take about _CHUNK_BYTES.
    rows = max(1, min(steps, _CHUNK_BYTES // max(len(portfolio), 1)))
    with progress_bar(progress, steps * len(lenses), desc="threshold sweep steps") as bar:
        for which in lenses:
            counts[which] = np.empty((steps, 8), dtype=np.int64)
            shares[which] = np.empty(steps)
            for start in range(0, steps, rows):
                chunk = values[start : start + rows]
                codes = np.empty((chunk.size, len(portfolio)), dtype=np.uint8)
                for k, value in enumerate(chunk):
                    moved = attrs.evolve(base, **{which.criterion: float(value)})
                    codes[k] = region_codes(*scores, moved)
                offsets = np.arange(chunk.size, dtype=np.intp)[:, None] * 8
                counts[which][start : start + chunk.size] = np.bincount(
                    (codes + offsets).ravel(), minlength=8 * chunk.size
                ).reshape(chunk.size, 8)
                shares[which][start : start + chunk.size] = process_shares(codes, weights)
                bar.update(chunk.size)
    return ThresholdSweep(
        values=values,
        lenses=lenses,
        counts=counts,
        process_share=shares,
        thresholds=base,
        max_process_share=terms.max_process_share,
    )
