"""Shared test configuration: hypothesis profiles and a non-interactive matplotlib."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

os.environ.setdefault("MPLBACKEND", "Agg")

# "ci" (the default) runs the full example count; "dev" is for quick local loops:
#   pytest --hypothesis-profile=dev
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=15, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
