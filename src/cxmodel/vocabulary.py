"""Vocabulary enums of the wider customer-experience material.

These enums are small and dependency-free so that :class:`~cxmodel.Initiative`
can use them as optional fields.  Each member's value is its lower-case name,
which is also how it is written in CSV and JSON files.
"""

from __future__ import annotations

import enum
from typing import Any, Self

__all__ = ["BuildingBlock", "Channel", "DesireQuadrant", "RelationModel", "Stage"]


class _Vocabulary(enum.Enum):
    """An enum whose members can be looked up by name or value, case-insensitively."""

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if isinstance(value, str):
            key = value.strip().lower().replace("-", "_").replace(" ", "_")
            for member in cls:
                if key in (member.value, member.name.lower()):
                    return member
        return None

    @classmethod
    def parse(cls, value: Any) -> Self:
        """Return the member named by ``value`` (a member, its name or its value).

        Raises
        ------
        ValueError
            If ``value`` names no member; the message lists the choices.
        """
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(m.value for m in cls)
            raise ValueError(
                f"{value!r} is not a {cls.__name__} (choose from {choices})"
            ) from None

    def __str__(self) -> str:
        return str(self.value)


class Stage(_Vocabulary):
    """Customer lifecycle stages, in journey order.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.Stage("purchase")
    <Stage.PURCHASE: 'purchase'>
    >>> [s.value for s in cx.Stage][:3]
    ['attraction', 'discovery', 'awareness']
    """

    ATTRACTION = "attraction"
    DISCOVERY = "discovery"
    AWARENESS = "awareness"
    PURCHASE = "purchase"
    INTERACTION = "interaction"
    CULTIVATION = "cultivation"
    USE = "use"
    ADVOCACY = "advocacy"


class Channel(_Vocabulary):
    """Whether an initiative works through human or technical interactions, or both.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.Channel("Human")
    <Channel.HUMAN: 'human'>
    """

    HUMAN = "human"
    TECHNICAL = "technical"
    BOTH = "both"


class DesireQuadrant(_Vocabulary):
    """Quadrants of the customer desire model.

    Two questions: do customers *say* they want it (stated desire), and does it
    actually *drive value* for them?

    * ``CONSCIOUS`` -- they say it and it drives value.
    * ``SUBCONSCIOUS`` -- they don't say it, but it drives value: an
      emotional-innovation opportunity.
    * ``DECEPTION`` -- they say it, but it does not drive value: a
      feature-bloat risk.
    * ``INVISIBLE`` -- neither.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.DesireQuadrant.SUBCONSCIOUS.value
    'subconscious'
    """

    CONSCIOUS = "conscious"
    SUBCONSCIOUS = "subconscious"
    DECEPTION = "deception"
    INVISIBLE = "invisible"


class BuildingBlock(_Vocabulary):
    """The building blocks of a customer-experience strategy, usable as tags.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.BuildingBlock("customer voice")
    <BuildingBlock.CUSTOMER_VOICE: 'customer_voice'>
    """

    INTERNAL_BRANDING = "internal_branding"
    BRANDING = "branding"
    CX_INNOVATION = "cx_innovation"
    LIFETIME_VALUE = "lifetime_value"
    CUSTOMER_VOICE = "customer_voice"
    CENTRICITY_ROADMAP = "centricity_roadmap"


class RelationModel(_Vocabulary):
    """Relation-based customer-experience strategy models, usable as tags.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.RelationModel("platform")
    <RelationModel.PLATFORM: 'platform'>
    """

    SHARED_VALUE = "shared_value"
    PLATFORM = "platform"
    CO_CREATED = "co_created"
    COALITION = "coalition"
