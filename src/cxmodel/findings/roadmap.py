"""The rules about a roadmap's order: emotional work postponed, process work first."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .._text import quoted as _quoted
from ..intersections import InnovationType, Region
from .context import Finding

__all__ = ["roadmap_findings"]


def roadmap_findings(
    phases: Sequence[tuple[str, ...]], bounds: Sequence[int], codes: npt.NDArray[np.uint8]
) -> tuple[Finding, ...]:
    """The roadmap findings (see :func:`cxmodel.roadmap`), from region codes in phase order.

    Examples
    --------
    >>> import numpy as np
    >>> from cxmodel.findings.roadmap import roadmap_findings
    >>> codes = np.array([5, 3], dtype=np.uint8)
    >>> [f.code for f in roadmap_findings([("Billing",), ("Community",)], [0, 1, 2], codes)]
    ['emotional-postponed', 'process-first']
    """
    if len(phases) < 2:
        return ()
    found = []
    bits = int(InnovationType.EMOTIONAL.region)
    emotional = (codes & bits) == bits
    last = len(phases) - 1
    if emotional.any() and not emotional[: bounds[last]].any():
        names = tuple(
            name
            for name, hit in zip(phases[last], emotional[bounds[last] :].tolist(), strict=True)
            if hit
        )
        found.append(
            Finding(
                "emotional-postponed",
                "info",
                f"Every emotional innovation ({_quoted(names)}) waits for the last phase, "
                f"phase {last + 1} of {last + 1}: customers get no two-way dialogue or "
                "loyalty work until everything else has shipped. Consider cutting a "
                "dependency so that one of them can start earlier.",
                names,
            )
        )
    if bool(np.all(codes[: bounds[1]] == Region.PROCESS)):
        found.append(
            Finding(
                "process-first",
                "info",
                f"Phase 1 is all process innovation ({_quoted(phases[0])}): the first thing "
                "the roadmap delivers is efficiency work that customers do not see. "
                "Consider bringing an emotional or functional initiative forward.",
                phases[0],
            )
        )
    return tuple(found)
