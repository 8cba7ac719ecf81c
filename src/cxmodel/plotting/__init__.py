"""Charts of a portfolio, one module per chart, all drawn in one style.

matplotlib is imported inside the functions, so importing this package is cheap
and ``import cxmodel`` never loads matplotlib.  Every ``plot_*`` function takes
``ax=None`` (then draws on ``plt.gca()``) and keyword-only options, never
touches rcParams or other global state, and returns what it drew so callers can
keep styling it.

* :mod:`cxmodel.plotting._base` -- the one style: ink colours, fonts, the Axes to draw on.
* :mod:`cxmodel.plotting._labels` -- label placement, apart from any drawing.
* :mod:`cxmodel.plotting._venn_layout` -- the Venn geometry, testable without a figure.
* :mod:`cxmodel.plotting._kinds` -- ``CHART_KINDS``, the table ``save_chart`` and the CLI read.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

#: Where each public name lives: a chart module is imported when its name is first used,
#: so drawing one chart loads neither the others nor the analyses they draw.
_HOMES = {
    "CHART_KINDS": "_kinds",
    "FORMATS": "_kinds",
    "KINDS": "_kinds",
    "chart_format": "_kinds",
    "save_chart": "_kinds",
    "plot_balance": "balance",
    "plot_perception_gap": "gaps",
    "plot_journey": "journey",
    "plot_movement": "movement",
    "plot_ratings": "ratings",
    "plot_roadmap": "roadmap",
    "plot_schedule": "schedule",
    "plot_scores": "scores",
    "plot_sensitivity": "sensitivity",
    "plot_threshold_sweep": "sensitivity",
    "VennChart": "venn",
    "plot_venn": "venn",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._kinds import CHART_KINDS, FORMATS, KINDS, chart_format, save_chart
    from .balance import plot_balance
    from .gaps import plot_perception_gap
    from .journey import plot_journey
    from .movement import plot_movement
    from .ratings import plot_ratings
    from .roadmap import plot_roadmap
    from .schedule import plot_schedule
    from .scores import plot_scores
    from .sensitivity import plot_sensitivity, plot_threshold_sweep
    from .venn import VennChart, plot_venn


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        if not name.startswith("__") and importlib.util.find_spec(f"{__name__}.{name}"):
            return importlib.import_module(f".{name}", __name__)  # a chart module: .venn ...
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "CHART_KINDS",
    "FORMATS",
    "KINDS",
    "VennChart",
    "chart_format",
    "plot_balance",
    "plot_journey",
    "plot_movement",
    "plot_perception_gap",
    "plot_ratings",
    "plot_roadmap",
    "plot_schedule",
    "plot_scores",
    "plot_sensitivity",
    "plot_threshold_sweep",
    "plot_venn",
    "save_chart",
]
