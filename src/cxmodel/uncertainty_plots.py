"""Former home of the sensitivity charts; they live in :mod:`cxmodel.plotting.sensitivity`.

Kept so that code written against ``cxmodel.uncertainty_plots`` keeps working.
"""

from __future__ import annotations

from .plotting.sensitivity import plot_sensitivity, plot_threshold_sweep

__all__ = ["plot_sensitivity", "plot_threshold_sweep"]
