"""Former home of the journey and perception-gap charts; they live in :mod:`cxmodel.plotting`.

Kept so that code written against ``cxmodel.customer_plots`` keeps working.
"""

from __future__ import annotations

from .plotting._base import COMPANY_COLOR, CUSTOMER_COLOR
from .plotting.gaps import plot_perception_gap
from .plotting.journey import plot_journey

__all__ = ["COMPANY_COLOR", "CUSTOMER_COLOR", "plot_journey", "plot_perception_gap"]
