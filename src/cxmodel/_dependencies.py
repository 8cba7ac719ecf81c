"""Find every ``depends_on`` entry that names no initiative, with a "did you mean".

Spreadsheets get dependencies wrong in a few typical ways: another case or
spacing (``loyalty  App``), a near spelling, or two names in one cell joined
by ``,`` instead of ``;``.  :func:`check_dependencies` reports all of them at
once, so a reader can name every cell and a roadmap every mistake.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import attrs

from .model import Initiative
from .portfolio import Portfolio, as_portfolio

__all__ = ["UnknownDependency", "check_dependencies"]

_LOOSE = re.compile(r"[\s_-]+")


def _loose(name: str) -> str:
    return _LOOSE.sub("", name).casefold()


@attrs.frozen
class UnknownDependency:
    """One ``depends_on`` entry that is not the name of an initiative in the portfolio.

    Attributes
    ----------
    initiative : str
        The initiative declaring the dependency.
    position : int
        Its 0-based position in the portfolio (readers turn it into a line).
    dependency : str
        The entry as written.
    suggestion : str or None
        What was probably meant: a name that differs only in case, spacing or
        a little spelling, or ``"A; B"`` when a ``,`` joined two names.

    Examples
    --------
    >>> from cxmodel._dependencies import UnknownDependency
    >>> print(UnknownDependency("App", 3, "data platfrom", "Data platform").message)
    'App' depends on 'data platfrom', which is not in the portfolio; did you mean 'Data platform'?
    """

    initiative: str
    position: int
    dependency: str
    suggestion: str | None = None

    @property
    def message(self) -> str:
        """One sentence, with the suggestion if there is one."""
        text = f"{self.initiative!r} depends on {self.dependency!r}, which is not in the portfolio"
        if self.suggestion is None:
            return text
        if ";" in self.suggestion and "," in self.dependency:
            return f"{text}; separate names with ';': did you mean {self.suggestion!r}?"
        return f"{text}; did you mean {self.suggestion!r}?"


def _suggest(dependency: str, names: dict[str, str], loose: dict[str, list[str]]) -> str | None:
    text = dependency.strip()
    same = loose.get(_loose(text), [])
    if len(same) == 1:
        return same[0]
    if "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        found = [names.get(p) or next(iter(loose.get(_loose(p), [])), None) for p in parts]
        if len(parts) > 1 and all(found):
            return "; ".join(f for f in found if f)
    close = difflib.get_close_matches(text.casefold(), list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def check_dependencies(
    portfolio: Portfolio | Iterable[Initiative],
) -> tuple[UnknownDependency, ...]:
    """Every ``depends_on`` entry naming no initiative, in portfolio order.

    Names are compared stripped, as :func:`~cxmodel.dependency_graph` compares
    them; each unknown entry carries a suggestion when one is close.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel._dependencies import check_dependencies
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Data platform", 0.6, 0.3, 0.8),
    ...     cx.Initiative("Loyalty app", 0.7, 0.8, 0.6, depends_on=["data  Platform"]),
    ...     cx.Initiative("Kiosk", 0.5, 0.6, 0.9, depends_on=["Data platform, Loyalty app"]),
    ... ])
    >>> [(u.initiative, u.suggestion) for u in check_dependencies(p)]
    [('Loyalty app', 'Data platform'), ('Kiosk', 'Data platform; Loyalty app')]
    >>> check_dependencies(cx.Portfolio([]))
    ()
    """
    p = as_portfolio(portfolio)
    known = set(p.names)
    names = {name.casefold(): name for name in reversed(p.names)}
    loose: dict[str, list[str]] = {}
    for name in p.names:
        loose.setdefault(_loose(name), []).append(name)
    problems = []
    for position, (name, dependencies) in enumerate(
        zip(p.names, p.column("depends_on"), strict=True)
    ):
        for dependency in dependencies:
            if dependency in known or dependency.strip() in known:
                continue
            suggestion = _suggest(dependency, names, loose)
            problems.append(UnknownDependency(name, position, dependency, suggestion))
    return tuple(problems)
