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
