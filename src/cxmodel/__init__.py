"""cxmodel: score initiatives through the business-people-technology model of customer experience.

Every initiative is judged through three lenses -- business (viability),
people (desirability) and technology (feasibility).  Where two lenses meet
there is a kind of innovation (emotional, process, functional); all three
together is the holistic customer experience.

Examples
--------
>>> import cxmodel as cx
>>> idea = cx.Initiative("Customer community", viability=0.7, desirability=0.9, feasibility=0.4)
>>> cx.region(idea)
<Region.EMOTIONAL: 3>

Plotting and roadmap functions load matplotlib and networkx on first use, so
``import cxmodel`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .examples import example_portfolio
from .exceptions import (
    CxModelError,
    CxModelWarning,
    DependencyCycleError,
    DuplicateNameError,
    FeatureBloatWarning,
    FieldError,
    InfeasibleError,
    InputError,
    ProcessSkewWarning,
    ScoreError,
    UnknownDependencyError,
)
from .intersections import (
    Classification,
    InnovationType,
    Region,
    classify,
    classify_arrays,
    is_emotional,
    is_functional,
    is_process,
    region,
)
from .model import Initiative, Lens, Scale, Thresholds
from .policy import BalancePolicy
from .portfolio import Portfolio
from .vocabulary import BuildingBlock, Channel, DesireQuadrant, RelationModel, Stage


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cxmodel")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0+unknown"


# Public names defined in modules that import heavy libraries (matplotlib,
# networkx) or that are loaded on first use: name -> submodule.
_LAZY: dict[str, str] = {
    "BalanceReport": "balance",
    "Finding": "balance",
    "balance_from_codes": "balance",
    "check_balance": "balance",
    "BlockSummary": "customer",
    "JourneyCoverage": "customer",
    "PerceptionGap": "customer",
    "building_block_summary": "customer",
    "channel_shares": "customer",
    "desire_quadrant": "customer",
    "desire_quadrants": "customer",
    "journey_coverage": "customer",
    "perception_gap": "customer",
    "stakeholder_coverage": "customer",
    "strategy_terms": "customer",
    "portfolio_schema": "io",
    "read_csv": "io",
    "read_excel": "io",
    "read_json": "io",
    "SensitivityReport": "uncertainty",
    "ThresholdSweep": "uncertainty",
    "sensitivity": "uncertainty",
    "threshold_sweep": "uncertainty",
    "Question": "rubric",
    "Rubric": "rubric",
    "krippendorff_alpha": "agreement",
    "Workshop": "workshop",
    "aggregate_ratings": "workshop",
    "write_ratings_template": "workshop_template",
    "Selection": "decisions",
    "Schedule": "decisions",
    "select": "decisions",
    "LeftOut": "decisions",
    "default_values": "decisions",
    "plot_schedule": "plotting.schedule",
    "schedule": "decisions",
    "Comparison": "comparison",
    "Move": "comparison",
    "compare": "comparison",
    "write_report": "outputs.report",
    "annotate": "annotation",
    "plot_movement": "plotting.movement",
    "plot_ratings": "plotting.ratings",
    "Roadmap": "planning",
    "dependency_graph": "planning",
    "roadmap": "planning",
    "VennChart": "plotting.venn",
    "plot_balance": "plotting.balance",
    "plot_roadmap": "plotting.roadmap",
    "plot_scores": "plotting.scores",
    "plot_venn": "plotting.venn",
    "plot_journey": "plotting.journey",
    "plot_perception_gap": "plotting.gaps",
    "plot_sensitivity": "plotting.sensitivity",
    "plot_threshold_sweep": "plotting.sensitivity",
}

__all__ = [
    "BalancePolicy",
    "BalanceReport",
    "BlockSummary",
    "BuildingBlock",
    "Channel",
    "Classification",
    "Comparison",
    "CxModelError",
    "CxModelWarning",
    "DependencyCycleError",
    "DesireQuadrant",
    "DuplicateNameError",
    "FeatureBloatWarning",
    "FieldError",
    "Finding",
    "InfeasibleError",
    "Initiative",
    "InnovationType",
    "InputError",
    "JourneyCoverage",
    "LeftOut",
    "Lens",
    "Move",
    "PerceptionGap",
    "Portfolio",
    "ProcessSkewWarning",
    "Question",
    "Region",
    "RelationModel",
    "Roadmap",
    "Rubric",
    "Scale",
    "Schedule",
    "ScoreError",
    "Selection",
    "SensitivityReport",
    "Stage",
    "ThresholdSweep",
    "Thresholds",
    "UnknownDependencyError",
    "VennChart",
    "Workshop",
    "aggregate_ratings",
    "annotate",
    "balance_from_codes",
    "building_block_summary",
    "channel_shares",
    "check_balance",
    "classify",
    "classify_arrays",
    "compare",
    "default_values",
    "dependency_graph",
    "desire_quadrant",
    "desire_quadrants",
    "example_portfolio",
    "is_emotional",
    "is_functional",
    "is_process",
    "journey_coverage",
    "krippendorff_alpha",
    "perception_gap",
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
    "portfolio_schema",
    "read_csv",
    "read_excel",
    "read_json",
    "region",
    "roadmap",
    "schedule",
    "select",
    "sensitivity",
    "stakeholder_coverage",
    "strategy_terms",
    "threshold_sweep",
    "write_ratings_template",
    "write_report",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read from the installed metadata on first use
        globals()[name] = version = _version()
        return version
    module = _LAZY.get(name)
    if module is None:
        from importlib.util import find_spec

        if not name.startswith("_") and find_spec(f"{__name__}.{name}"):
            return importlib.import_module(f".{name}", __name__)  # cx.io, cx.plotting ...
        raise AttributeError(f"module 'cxmodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, "__version__"})


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .balance import BalanceReport, Finding, balance_from_codes, check_balance
    from .customer import (
        BlockSummary,
        JourneyCoverage,
        PerceptionGap,
        building_block_summary,
        channel_shares,
        desire_quadrant,
        desire_quadrants,
        journey_coverage,
        perception_gap,
        stakeholder_coverage,
        strategy_terms,
    )
    from .io import portfolio_schema, read_csv, read_excel, read_json
    from .uncertainty import SensitivityReport, ThresholdSweep, sensitivity, threshold_sweep

    __version__: str
    from .agreement import krippendorff_alpha
    from .annotation import annotate
    from .comparison import Comparison, Move, compare
    from .decisions import LeftOut, Schedule, Selection, default_values, schedule, select
    from .outputs.report import write_report
    from .planning import Roadmap, dependency_graph, roadmap
    from .plotting.balance import plot_balance
    from .plotting.gaps import plot_perception_gap
    from .plotting.journey import plot_journey
    from .plotting.movement import plot_movement
    from .plotting.ratings import plot_ratings
    from .plotting.roadmap import plot_roadmap
    from .plotting.schedule import plot_schedule
    from .plotting.scores import plot_scores
    from .plotting.sensitivity import plot_sensitivity, plot_threshold_sweep
    from .plotting.venn import VennChart, plot_venn
    from .rubric import Question, Rubric
    from .workshop import Workshop, aggregate_ratings
    from .workshop_template import write_ratings_template
