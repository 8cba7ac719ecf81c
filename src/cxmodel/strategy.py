"""The strategy vocabulary: building blocks and relation models named in an initiative's tags."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from .exceptions import FieldError
from .model import Initiative
from .portfolio import Portfolio, as_portfolio
from .vocabulary import BuildingBlock, RelationModel

#: A building block of a customer-experience strategy or a relation-based strategy model.
__all__ = ["BlockSummary", "StrategyTerm", "building_block_summary", "strategy_terms"]

#: A term of the strategy vocabulary: a building block or a relation model.
StrategyTerm = BuildingBlock | RelationModel


def strategy_terms(initiative: Initiative) -> tuple[StrategyTerm, ...]:
    """The building blocks and relation models an initiative's tags name, in tag order.

    A tag names a term when :meth:`BuildingBlock.parse <cxmodel.BuildingBlock>`
    or :meth:`RelationModel.parse <cxmodel.RelationModel>` accepts it: its
    value or member name, in any case, with spaces or hyphens for underscores.

    Examples
    --------
    >>> import cxmodel as cx
    >>> i = cx.Initiative("Forum", 0.7, 0.8, 0.5, tags=["Customer voice", "platform", "crm"])
    >>> cx.strategy_terms(i)
    (<BuildingBlock.CUSTOMER_VOICE: 'customer_voice'>, <RelationModel.PLATFORM: 'platform'>)
    """
    if not isinstance(initiative, Initiative):
        raise FieldError("initiative", initiative, "must be an Initiative")
    return tuple(dict.fromkeys(_terms_of(initiative.tags)))


def _terms_of(tags: Iterable[str]) -> Iterable[StrategyTerm]:
    parsers: tuple[Callable[[str], StrategyTerm], ...] = (
        BuildingBlock.parse,
        RelationModel.parse,
    )
    for tag in tags:
        for parse in parsers:
            try:
                yield parse(tag)
            except ValueError:
                continue
            break


@attrs.frozen
class BlockSummary:
    """The initiatives that carry one strategy term as a tag.

    Attributes
    ----------
    term : BuildingBlock or RelationModel
    names : tuple of str
        The initiatives tagged with it, in portfolio order.
    effort : float
        Their summed effort (an initiative with several terms counts fully
        in each: tags are labels, not a partition of the effort).
    share : float
        ``effort`` as a share of the whole portfolio's effort (0.0 if empty).

    Examples
    --------
    >>> import cxmodel as cx
    >>> s = cx.BlockSummary(cx.BuildingBlock.BRANDING, ("Events",), 2.0, 0.1)
    >>> s.count
    1
    """

    term: StrategyTerm
    names: tuple[str, ...]
    effort: float
    share: float

    @property
    def count(self) -> int:
        """How many initiatives carry the term."""
        return len(self.names)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; the term is written as ``kind`` and ``term``.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.BlockSummary(cx.BuildingBlock.BRANDING, ("Events",), 2.0, 0.1).to_dict()["kind"]
        'BuildingBlock'
        """
        return {
            "kind": type(self.term).__name__,
            "term": self.term.value,
            "names": list(self.names),
            "count": self.count,
            "effort": self.effort,
            "share": self.share,
        }


def building_block_summary(
    portfolio: Portfolio | Iterable[Initiative],
) -> dict[StrategyTerm, BlockSummary]:
    """A summary by strategy building block and relation model, from the tags.

    Every :class:`~cxmodel.BuildingBlock` and then every
    :class:`~cxmodel.RelationModel` is a key, in definition order, even when no
    initiative carries it, so a missing block stands out.  Tags are matched
    as in :func:`strategy_terms`.

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Brand book", 0.6, 0.5, 0.9, effort=2, tags=["internal branding"]),
    ...     cx.Initiative("Feedback loop", 0.7, 0.8, 0.6, effort=6, tags=["customer-voice"]),
    ... ])
    >>> summary = cx.building_block_summary(p)
    >>> summary[cx.BuildingBlock.CUSTOMER_VOICE].names, summary[cx.BuildingBlock.CUSTOMER_VOICE].share
    (('Feedback loop',), 0.75)
    >>> summary[cx.RelationModel.COALITION].count
    0
    """  # noqa: E501
    portfolio = as_portfolio(portfolio)
    terms: list[StrategyTerm] = [*BuildingBlock, *RelationModel]
    names: dict[StrategyTerm, list[str]] = {term: [] for term in terms}
    effort = dict.fromkeys(terms, 0.0)
    for position, (name, tags) in enumerate(
        zip(portfolio.names, portfolio.column("tags"), strict=True)
    ):
        for term in dict.fromkeys(_terms_of(tags)):
            names[term].append(name)
            effort[term] += float(portfolio.effort[position])
    total = float(portfolio.effort.sum())
    return {
        term: BlockSummary(
            term, tuple(names[term]), effort[term], effort[term] / total if total else 0.0
        )
        for term in terms
    }
