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

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.Channel.parse(" Technical ")
        <Channel.TECHNICAL: 'technical'>
        >>> cx.Channel.parse("email")
        Traceback (most recent call last):
        ...
        ValueError: 'email' is not a Channel (choose from human, technical, both)
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

    A customer-experience strategy is built from six blocks; tag an initiative
    with the block it serves and :func:`~cxmodel.building_block_summary`
    shows which blocks the portfolio invests in and which it leaves empty.

    * ``INTERNAL_BRANDING`` -- internal branding: employees know, believe in
      and live the brand promise, because they shape the experience customers
      actually get.
    * ``BRANDING`` -- branding: the promise made to customers and the feelings
      the brand stands for, which every experience has to keep.
    * ``CX_INNOVATION`` -- customer-experience innovation and improvement: new
      and better experiences along the customer journey, emotional as well as
      functional and process innovation.
    * ``LIFETIME_VALUE`` -- lifetime value and customer intelligence: knowing
      customers through data and investing by the value of the whole
      relationship rather than of one sale.
    * ``CUSTOMER_VOICE`` -- customer voice: listening to customers (feedback,
      surveys, two-way dialogue) and acting on what they say; customers, not
      management, judge the experience.
    * ``CENTRICITY_ROADMAP`` -- customer-centricity roadmap: the plan, step by
      step, that puts the customer at the centre of how the company is
      organised, measured and led.

    A tag matches a member by its value or name in any case, with spaces or
    hyphens for underscores (``"customer voice"``, ``"Customer-Voice"``).

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

    These models describe whom a company builds the relationship with, and
    how value flows in it:

    * ``SHARED_VALUE`` -- shared value: the company creates value for its
      customers and for society together with its own, so customers share
      its purpose as well as its products.
    * ``PLATFORM`` -- platform: the company provides a place where customers,
      partners and suppliers meet and create value for each other.
    * ``CO_CREATED`` -- co-created: products and experiences are designed
      together with customers, who become partners in innovation.
    * ``COALITION`` -- coalition: several companies join forces (a shared
      loyalty programme, a bundled service) to offer one experience none of
      them could offer alone.

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
