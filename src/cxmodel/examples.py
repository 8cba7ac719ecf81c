"""The embedded example portfolio, drawn from the model's own examples."""

from __future__ import annotations

from .model import Initiative
from .portfolio import Portfolio
from .vocabulary import Channel, Stage

__all__ = ["example_portfolio"]


def example_portfolio() -> Portfolio:
    """A dozen initiatives of a consumer-products company, for demos and tutorials.

    Scores are in ``[0, 1]``; effort is in person-weeks.  The portfolio is
    deliberately unbalanced the way many real ones are: most of the effort goes
    to process innovation and a few gadget features are planned "just because
    the technology allows it", so :func:`~cxmodel.check_balance` has something
    to say.  Tags include building blocks and relation models of a
    customer-experience strategy (see :class:`~cxmodel.BuildingBlock`).

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.example_portfolio()
    >>> len(p)
    12
    >>> p["Invoice processing automation"].effort
    8.0
    """
    return Portfolio(
        [
            Initiative(
                "Two-way customer community",
                0.75,
                0.85,
                0.45,
                effort=4,
                tags=("loyalty", "dialogue", "customer_voice", "co_created"),
                description="A forum where customers and staff talk with each other.",
                stated_desire=0.35,
                value_driver=0.85,
                customer_desirability=0.8,
                stages=(Stage.CULTIVATION, Stage.ADVOCACY),
                channel=Channel.BOTH,
                stakeholders=("customers", "employees"),
            ),
            Initiative(
                "Facebook page without two-way conversation",
                0.45,
                0.3,
                0.9,
                effort=1,
                tags=("social",),
                description="Broadcast-only posts; questions go unanswered.",
                stated_desire=0.6,
                value_driver=0.2,
                customer_desirability=0.15,
                stages=(Stage.AWARENESS,),
                channel=Channel.TECHNICAL,
                stakeholders=("customers",),
            ),
            Initiative(
                "Invoice processing automation",
                0.85,
                0.3,
                0.85,
                effort=8,
                tags=("cost",),
                description="Straight-through processing of supplier invoices.",
                channel=Channel.TECHNICAL,
                stakeholders=("employees", "suppliers"),
            ),
            Initiative(
                "Call-centre script standardisation",
                0.7,
                0.2,
                0.8,
                effort=5,
                tags=("cost", "quality", "internal_branding"),
                description="One script for every agent, for repeatable answers.",
                stages=(Stage.INTERACTION,),
                channel=Channel.HUMAN,
                stakeholders=("employees",),
            ),
            Initiative(
                "Order data platform",
                0.8,
                0.35,
                0.75,
                effort=8,
                tags=("platform",),
                description="One source of truth for orders, shared by every channel.",
                channel=Channel.TECHNICAL,
                stakeholders=("employees", "partners"),
            ),
            Initiative(
                "Self-service returns portal",
                0.7,
                0.65,
                0.8,
                effort=5,
                tags=("service",),
                depends_on=("Order data platform",),
                description="Customers start a return in two clicks and track it.",
                stated_desire=0.8,
                value_driver=0.7,
                customer_desirability=0.6,
                stages=(Stage.USE, Stage.INTERACTION),
                channel=Channel.TECHNICAL,
                stakeholders=("customers",),
            ),
            Initiative(
                "Cordless vacuum with just the right features",
                0.45,
                0.85,
                0.8,
                effort=6,
                tags=("product", "design", "cx_innovation"),
                description="The features buyers use, and none that confuse them.",
                stated_desire=0.7,
                value_driver=0.9,
                customer_desirability=0.85,
                stages=(Stage.PURCHASE, Stage.USE),
                channel=Channel.TECHNICAL,
                stakeholders=("customers",),
            ),
            Initiative(
                "Member events with a deep emotional connection",
                0.6,
                0.9,
                0.3,
                effort=2,
                tags=("loyalty", "branding"),
                description="Owners' evenings that turn customers into evangelists.",
                stated_desire=0.3,
                value_driver=0.8,
                customer_desirability=0.7,
                stages=(Stage.CULTIVATION, Stage.ADVOCACY),
                channel=Channel.HUMAN,
                stakeholders=("customers", "employees"),
            ),
            Initiative(
                "Gadget mode with twelve extra settings",
                0.3,
                0.2,
                0.95,
                effort=3,
                tags=("product",),
                description="Added because the new chip allows it.",
                stated_desire=0.55,
                value_driver=0.15,
                customer_desirability=0.1,
                stages=(Stage.USE,),
                channel=Channel.TECHNICAL,
                stakeholders=("customers",),
            ),
            Initiative(
                "Voice assistant on the toaster",
                0.25,
                0.15,
                0.8,
                effort=4,
                tags=("product",),
                depends_on=("Order data platform",),
                description="Bells and whistles that get in the way of making toast.",
                stated_desire=0.5,
                value_driver=0.1,
                customer_desirability=0.05,
                stages=(Stage.USE,),
                channel=Channel.TECHNICAL,
                stakeholders=("customers",),
            ),
            Initiative(
                "Loyalty programme with two-way feedback",
                0.8,
                0.7,
                0.6,
                effort=4,
                tags=("loyalty", "dialogue", "lifetime_value", "coalition"),
                depends_on=("Order data platform", "Two-way customer community"),
                description="Rewards plus a feedback loop that visibly changes products.",
                stated_desire=0.75,
                value_driver=0.8,
                customer_desirability=0.45,
                stages=(Stage.CULTIVATION, Stage.ADVOCACY),
                channel=Channel.BOTH,
                stakeholders=("customers", "partners"),
            ),
            Initiative(
                "Personal onboarding calls",
                0.6,
                0.75,
                0.35,
                effort=2,
                tags=("service", "dialogue"),
                description="A person calls each new customer in their first week.",
                stated_desire=0.4,
                value_driver=0.75,
                customer_desirability=0.7,
                stages=(Stage.USE,),
                channel=Channel.HUMAN,
                stakeholders=("customers", "employees"),
            ),
        ]
    )
