"""How fragile are the classifications?  Score-noise sensitivity and threshold sweeps.

Scores of viability, desirability and feasibility are judgements.
:func:`sensitivity` perturbs them with Gaussian noise many times and reports,
per initiative, how often it lands in each region; :func:`threshold_sweep`
moves one threshold at a time from 0 to 1 and reports how the region counts and
the process share change.  Both are pure numpy; the charts live in
:mod:`cxmodel.plotting`.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from ._html import Raw, bar, table
from ._progress import ProgressOption, progress_bar
from ._scenarios import (
    _CHUNK_BYTES,
    RESULT_BYTES,
    FloatArray,
    _at_most,
    _positive_int,
    _weights,
    process_shares,
)
from ._text import plural, text_table
from .exceptions import FieldError
from .intersections import REGION_COLORS, InnovationType, Region, region_codes
from .model import Thresholds
from .policy import BalancePolicy, bloat_candidates, resolve_settings
from .portfolio import Portfolio

# Re-exported: the threshold sweep and the shared helpers lived here before.
from .sweep import MAX_STEPS as MAX_STEPS
from .sweep import ThresholdSweep as ThresholdSweep
from .sweep import threshold_sweep as threshold_sweep

__all__ = ["SensitivityReport", "ThresholdSweep", "sensitivity", "threshold_sweep"]


#: Samples per random stream.  Block ``k`` of samples is drawn from its own
#: ``SeedSequence`` child ``k``, so results depend on the seed only, never on
#: how many samples are processed at once (``chunk_size``).  Changing this
#: constant changes the numbers drawn for a given seed.
SAMPLE_BLOCK = 256


#: The most samples :func:`sensitivity` accepts (119,304,647: 9 bytes each in RESULT_BYTES).
MAX_SAMPLES = RESULT_BYTES // 9


# Region code -> does it contain each innovation type's two lenses: shape (8, 3).
_TYPE_MASKS = np.array([int(t.region) for t in InnovationType])


_TYPE_OF_REGION = ((np.arange(8)[:, None] & _TYPE_MASKS) == _TYPE_MASKS).astype(np.float64)


@attrs.frozen(eq=False, repr=False)
class SensitivityReport:
    """How often each initiative lands in each region when its scores are uncertain.

    Built by :func:`sensitivity`.  All arrays are in portfolio order.

    Attributes
    ----------
    names : tuple of str
        The initiatives.
    regions : numpy.ndarray of uint8, shape (n,)
        The region of the unperturbed scores.
    probabilities : numpy.ndarray of float, shape (n, 8)
        Column ``r`` is the probability of ``Region(r)``; every row sums to 1.
    type_probabilities : numpy.ndarray of float, shape (n, 3)
        Probability of being each :class:`~cxmodel.InnovationType` (member order);
        the centre counts as every type.
    bloat_probabilities : numpy.ndarray of float, shape (n,)
        Probability of being a feature-bloat candidate of the balance policy.
    process_shares : numpy.ndarray of float, shape (samples,)
        The process share of innovation weight in every sample.
    finding_probabilities : dict
        ``"process-skew"`` and ``"feature-bloat"`` -> probability the finding fires.
    noise : float or numpy.ndarray
        The standard deviation used (a number, per initiative, or per score).
    samples : int
    seed : int or numpy.random.SeedSequence
        The seed used (with ``seed=None``, the fresh entropy drawn): pass it as
        ``seed`` to repeat the run.
    stability : float
        An initiative is stable when its most likely region has at least this
        probability.
    thresholds : Thresholds
    policy : BalancePolicy
        The policy whose findings were estimated.

    Examples
    --------
    >>> import cxmodel as cx
    >>> report = cx.sensitivity(cx.example_portfolio(), noise=0.1, samples=500, seed=1)
    >>> report.probabilities.shape, bool(abs(report.probabilities.sum(axis=1) - 1).max() < 1e-12)
    ((12, 8), True)
    >>> report.fragile[:2]
    ('Two-way customer community', 'Cordless vacuum with just the right features')
    """

    names: tuple[str, ...]
    regions: npt.NDArray[np.uint8]
    probabilities: FloatArray
    type_probabilities: FloatArray
    bloat_probabilities: FloatArray
    process_shares: FloatArray
    finding_probabilities: dict[str, float]
    noise: float | FloatArray
    samples: int
    seed: int | np.random.SeedSequence
    stability: float
    thresholds: Thresholds
    policy: BalancePolicy = attrs.field(factory=BalancePolicy)

    def __repr__(self) -> str:
        n = len(self.names)
        return (
            f"<SensitivityReport of {plural(n, 'initiative')}, noise "
            f"{self._noise_text()}, {self.samples} samples: {len(self.fragile)} fragile>"
        )

    @property
    def most_likely(self) -> npt.NDArray[np.uint8]:
        """The most likely region of each initiative (ties go to the unperturbed region)."""
        n = len(self.names)
        best = self.probabilities.max(axis=1, initial=0.0)
        own = self.probabilities[np.arange(n), self.regions]
        argmax = self.probabilities.argmax(axis=1) if n else np.zeros(0, dtype=np.intp)
        return np.where(own >= best, self.regions, argmax).astype(np.uint8)

    @property
    def confidence(self) -> FloatArray:
        """The probability of each initiative's most likely region."""
        best: FloatArray = self.probabilities.max(axis=1, initial=0.0)
        return best

    @property
    def stay_probabilities(self) -> FloatArray:
        """The probability that each initiative stays in its unperturbed region."""
        return self.probabilities[np.arange(len(self.names)), self.regions]

    @property
    def stable(self) -> npt.NDArray[np.bool_]:
        """Whether each initiative's most likely region has probability >= ``stability``."""
        return self.confidence >= self.stability

    @property
    def order(self) -> npt.NDArray[np.intp]:
        """Positions sorted fragile first: lowest confidence first, ties in portfolio order."""
        return np.argsort(self.confidence, kind="stable")

    @property
    def fragile(self) -> tuple[str, ...]:
        """Names of the initiatives that are not stable, most fragile first."""
        stable = self.stable
        return tuple(self.names[k] for k in self.order if not stable[k])

    @property
    def standard_error(self) -> float:
        """The largest Monte Carlo standard error of any probability, ``0.5 / sqrt(samples)``."""
        return 0.5 / math.sqrt(self.samples)

    def region_probabilities(self, name: str) -> dict[Region, float]:
        """Region -> probability for one initiative (all eight regions).

        Examples
        --------
        >>> import cxmodel as cx
        >>> p = cx.Portfolio([cx.Initiative("Solid", 0.9, 0.9, 0.9)])
        >>> cx.sensitivity(p, samples=200, seed=0).region_probabilities("Solid")[
        ...     cx.Region.CUSTOMER_EXPERIENCE]
        1.0
        """
        try:
            row = self.probabilities[self.names.index(name)]
        except ValueError:
            raise KeyError(f"no initiative named {name!r} in the report") from None
        return {r: float(row[r]) for r in Region}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (plain floats, region and type names as keys).

        Examples
        --------
        >>> import json
        >>> import cxmodel as cx
        >>> d = cx.sensitivity(cx.example_portfolio(), samples=100, seed=3).to_dict()
        >>> sorted(d["findings"]), d["samples"]
        (['feature-bloat', 'process-skew'], 100)
        >>> len(json.dumps(d)) > 0
        True
        """
        most, confidence, stable = self.most_likely, self.confidence, self.stable
        stay = self.stay_probabilities
        initiatives = [
            {
                "name": name,
                "region": Region(int(self.regions[k])).name,
                "most_likely": Region(int(most[k])).name,
                "confidence": float(confidence[k]),
                "stay_probability": float(stay[k]),
                "stable": bool(stable[k]),
                "region_probabilities": {r.name: float(self.probabilities[k, r]) for r in Region},
                "type_probabilities": {
                    t.value: float(self.type_probabilities[k, j])
                    for j, t in enumerate(InnovationType)
                },
                "bloat_probability": float(self.bloat_probabilities[k]),
            }
            for k, name in enumerate(self.names)
        ]
        shares = self.process_shares
        noise = self.noise if isinstance(self.noise, float) else self.noise.tolist()
        return {
            "noise": noise,
            "samples": self.samples,
            "seed": self.seed if isinstance(self.seed, int) else repr(self.seed),
            "stability": self.stability,
            "thresholds": attrs.asdict(self.thresholds),
            "policy": self.policy.to_dict(),
            "standard_error": self.standard_error,
            "fragile": list(self.fragile),
            "findings": dict(self.finding_probabilities),
            "process_share": {
                "mean": float(shares.mean()),
                "p05": float(np.quantile(shares, 0.05)),
                "median": float(np.median(shares)),
                "p95": float(np.quantile(shares, 0.95)),
            },
            "initiatives": initiatives,
        }

    def _noise_text(self) -> str:
        if isinstance(self.noise, float):
            return f"sd {self.noise:g}"
        return f"sd {self.noise.min():g}-{self.noise.max():g} (per initiative)"

    def __str__(self) -> str:
        n = len(self.names)
        head = (
            f"Sensitivity of {plural(n, 'initiative')} to score noise "
            f"{self._noise_text()}, {self.samples} samples, seed {self.seed}\n"
            f"{len(self.fragile)} of {n} fragile (most likely region below "
            f"{self.stability:.0%}); probabilities within +/-{1.96 * self.standard_error:.1%} "
            "(95%)"
        )
        rows = [("initiative", "region", "most likely", "P(most likely)", "P(stays)")]
        most, confidence, stay = self.most_likely, self.confidence, self.stay_probabilities
        limit = 30
        for k in self.order[:limit]:
            rows.append(
                (
                    self.names[k],
                    Region(int(self.regions[k])).label,
                    Region(int(most[k])).label,
                    f"{confidence[k]:.0%}",
                    f"{stay[k]:.0%}",
                )
            )
        lines = [head, "", text_table(rows, right={3, 4})]  # the probabilities
        if n > limit:
            lines.append(
                f"... {n - limit} more (all stable beyond this point)"
                if self.stable[self.order[limit:]].all()
                else f"... {n - limit} more"
            )
        shares = self.process_shares
        lines += [
            "",
            "Balance findings (share of samples in which each fires):",
            f"  process-skew   {self.finding_probabilities['process-skew']:.0%}  "
            f"(process share median {np.median(shares):.2f}, "
            f"90% between {np.quantile(shares, 0.05):.2f} and {np.quantile(shares, 0.95):.2f})",
            f"  feature-bloat  {self.finding_probabilities['feature-bloat']:.0%}",
        ]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """A table with a stacked bar of region probabilities per initiative."""
        most, confidence = self.most_likely, self.confidence
        rows = []
        for k in self.order[:50]:
            stacked = "".join(
                bar(
                    float(self.probabilities[k, r]),
                    REGION_COLORS[r],
                    width=120,
                    title=f"{r.label} {self.probabilities[k, r]:.0%}",
                )
                for r in Region
                if self.probabilities[k, r] > 0
            )
            rows.append(
                [
                    self.names[k],
                    Region(int(self.regions[k])).label,
                    Region(int(most[k])).label,
                    f"{confidence[k]:.0%}",
                    Raw(f"<span style='white-space:nowrap'>{stacked}</span>"),
                ]
            )
        findings = ", ".join(f"{code} {p:.0%}" for code, p in self.finding_probabilities.items())
        caption = (
            f"Sensitivity to noise {self._noise_text()} ({self.samples} samples): "
            f"{len(self.fragile)} of {len(self.names)} fragile; findings fire: {findings}"
        )
        header = ["initiative", "region", "most likely", "P", "region probabilities"]
        return table(header, rows, caption=caption, numeric={3})


def _noise_array(noise: Any, n: int) -> tuple[float | FloatArray, FloatArray | float]:
    """Validate ``noise``; return it as stored in the report and as broadcast over (m, 3, n)."""
    if isinstance(noise, bool | str):
        raise FieldError("noise", noise, "must be a standard deviation >= 0 (a number or array)")
    array = np.asarray(noise)
    if array.dtype.kind not in "fiu":
        raise FieldError("noise", noise, "must be a standard deviation >= 0 (a number or array)")
    array = array.astype(np.float64)
    bad = np.flatnonzero(~((array >= 0) & (array < np.inf)))
    if bad.size:
        raise FieldError(
            "noise" if array.ndim == 0 else f"noise[{bad[0]}]",
            float(array.flat[bad[0]]),
            "must be a finite standard deviation >= 0",
        )
    if array.ndim == 0:
        return float(array), float(array)
    if array.shape == (n,):
        return array, array  # broadcasts over (m, 3, n)
    if array.ndim == 2 and array.shape[0] == n and array.shape[1] in (1, 3):
        return array, np.ascontiguousarray(array.T)
    raise FieldError(
        "noise",
        array.shape,
        f"must be a number, {n} values (one per initiative) or an ({n}, 3) array (per score)",
    )


def _seed_sequence(seed: Any) -> np.random.SeedSequence:
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, np.random.SeedSequence):
        return seed  # used read-only: children are built from it, never spawned
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and int(seed) >= 0:
        return np.random.SeedSequence(int(seed))
    raise FieldError("seed", seed, "must be None, an integer >= 0 or a numpy SeedSequence")


def sensitivity(
    portfolio: Portfolio,
    *,
    noise: float | npt.ArrayLike = 0.1,
    samples: int = 1000,
    seed: int | np.random.SeedSequence | None = None,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
    stability: float = 0.8,
    chunk_size: int | None = None,
    progress: ProgressOption = None,
) -> SensitivityReport:
    """Monte Carlo sensitivity of the classification to uncertain scores.

    Each sample adds Gaussian noise to every score and clips the result to
    ``[0, 1]``; the regions, innovation types and balance findings of the
    samples give their probabilities.  Fully vectorised and processed in
    chunks of samples, so memory stays bounded (about 50 MB) whatever the size.

    Parameters
    ----------
    portfolio : Portfolio
    noise : float or array_like, default 0.1
        Standard deviation of the noise, in score units (a normalised score;
        divide by ``high - low`` for a raw scale).  A number applies to every
        score; ``n`` values (or an ``(n, 1)`` column) give one uncertainty per
        initiative; an ``(n, 3)`` array gives one per score (columns viability, desirability,
        feasibility).  A portfolio has no uncertainty field today, so
        per-initiative uncertainty is passed here.  With ``n == 3``, a 1-d array
        of three values is per initiative.
    samples : int, default 1000
        The number of perturbed scenarios; probabilities are within
        ``1 / sqrt(samples)`` at 95%.  At most :data:`MAX_SAMPLES`.
    seed : int or numpy.random.SeedSequence, optional
        Makes the run reproducible.  ``None`` draws fresh entropy; the report's
        ``seed`` repeats that run.  Samples are drawn in blocks of
        :data:`SAMPLE_BLOCK` from independent streams spawned from the seed, so
        the results depend on the seed only, not on ``chunk_size``.
    thresholds : Thresholds, optional
        Defaults to ``Thresholds()``; not perturbed (see :func:`threshold_sweep`).
    policy : BalancePolicy, optional
        The balance policy whose findings are estimated (defaults to
        ``BalancePolicy()``); ``weight="effort"`` weighs shares by effort.
    stability : float, default 0.8
        An initiative is *stable* when its most likely region has at least this
        probability.
    chunk_size : int, optional
        Samples processed at once (a memory knob; the results do not change).
    progress : None, bool or callable, optional
        ``True`` shows a progress bar where one can be seen (a terminal, a
        notebook); a callable is called as ``progress(done, total)`` with the
        samples done (see :mod:`cxmodel._progress`).

    Returns
    -------
    SensitivityReport

    Raises
    ------
    FieldError
        For a negative or non-finite ``noise``, a ``noise`` array of the wrong
        shape, ``samples < 1`` or above :data:`MAX_SAMPLES`, a bad ``seed``,
        a ``stability`` outside (0, 1], a bad ``progress``,
        or ``thresholds`` / ``policy`` that are no Thresholds / BalancePolicy.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([cx.Initiative("Clear", 0.9, 0.9, 0.1),
    ...                   cx.Initiative("Borderline", 0.52, 0.9, 0.1)])
    >>> report = cx.sensitivity(p, noise=0.05, samples=2000, seed=42)
    >>> report.stable.tolist(), report.fragile
    ([True, False], ('Borderline',))
    >>> round(report.region_probabilities("Borderline")[cx.Region.EMOTIONAL], 1)
    0.7
    """
    samples = _positive_int("samples", samples)
    _at_most("samples", samples, MAX_SAMPLES, 9)
    if chunk_size is not None:
        chunk_size = _positive_int("chunk_size", chunk_size)
    if (
        isinstance(stability, bool)
        or not isinstance(stability, numbers.Real)
        or not (0.0 < float(stability) <= 1.0)
    ):
        raise FieldError("stability", stability, "must be a probability in (0, 1]")
    terms, used = resolve_settings(policy, thresholds)  # as check_balance resolves and checks them
    n = len(portfolio)
    stored_noise, scale = _noise_array(noise, n)
    root = _seed_sequence(seed)
    weights = _weights(portfolio, terms)

    scores = np.stack([portfolio.viability, portfolio.desirability, portfolio.feasibility])
    region_counts = np.zeros(8 * n, dtype=np.int64)
    bloat_counts = np.zeros(n, dtype=np.int64)
    shares = np.empty(samples)
    bloat_fires = np.empty(samples, dtype=bool)
    rows = chunk_size or max(1, _CHUNK_BYTES // (64 * max(n, 1)))
    rows = min(rows, SAMPLE_BLOCK)
    offsets = np.arange(n, dtype=np.intp) * 8

    done = 0
    with progress_bar(progress, samples, desc="sensitivity samples") as bar:
        for block in range(math.ceil(samples / SAMPLE_BLOCK)):
            # A child of the seed per block, built without mutating ``root`` (spawn would).
            child = np.random.SeedSequence(
                root.entropy, spawn_key=(*root.spawn_key, block), pool_size=root.pool_size
            )
            rng = np.random.Generator(np.random.PCG64(child))
            left = min(SAMPLE_BLOCK, samples - done)
            while left:
                m = min(rows, left)
                # Drawn in C order from one stream per block, so splitting a block into
                # chunks gives exactly the numbers of drawing it whole.
                z = rng.standard_normal((m, 3, n))
                z *= scale
                z += scores
                np.clip(z, 0.0, 1.0, out=z)
                v, d, f = z[:, 0], z[:, 1], z[:, 2]
                codes = region_codes(v, d, f, used)
                region_counts += np.bincount((codes + offsets).ravel(), minlength=8 * n)
                shares[done : done + m] = process_shares(codes, weights)
                bloat = np.zeros(codes.shape, dtype=bool)
                bloat.reshape(-1)[bloat_candidates(codes, d, f, terms)] = True
                bloat_counts += bloat.sum(axis=0)
                bloat_fires[done : done + m] = bloat.any(axis=1)
                done += m
                left -= m
                bar.update(m)

    probabilities = region_counts.reshape(n, 8) / samples

    return SensitivityReport(
        names=portfolio.names,
        regions=region_codes(*scores, used) if n else np.zeros(0, dtype=np.uint8),
        probabilities=probabilities,
        type_probabilities=probabilities @ _TYPE_OF_REGION,
        bloat_probabilities=bloat_counts / samples,
        process_shares=shares,
        finding_probabilities={
            "process-skew": float(np.mean(shares > terms.max_process_share)),
            "feature-bloat": float(np.mean(bloat_fires)),
        },
        noise=stored_noise,
        samples=samples,
        seed=root if isinstance(seed, np.random.SeedSequence) else int(root.entropy),
        stability=float(stability),
        thresholds=used,
        policy=terms,
    )
