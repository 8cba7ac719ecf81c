"""The arguments of :func:`~cxmodel.select` and :func:`~cxmodel.schedule`, checked.

Budgets, capacities and initiative names are checked here, with errors that
name the field and the value, and ``progress=`` becomes a :class:`Stages`
that counts the stages through :func:`cxmodel._progress.progress_bar`, like
every other ``progress=`` of cxmodel.

Examples
--------
>>> from cxmodel._decision_inputs import Stages, check_budget
>>> check_budget(12)
12.0
>>> heard = []
>>> stages = Stages(lambda done, total: heard.append((done, total)), 2, "select")
>>> stages.step("largest value")
>>> heard
[(1, 2)]
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ._progress import ProgressOption, progress_bar
from .exceptions import FieldError
from .portfolio import Portfolio

__all__ = [
    "Progress",
    "Stages",
    "check_budget",
    "check_capacity",
    "lookup",
    "name_positions",
    "real_number",
]

#: What a ``progress=`` argument of select and schedule accepts (as everywhere in cxmodel).
Progress = ProgressOption


def real_number(field: str, value: Any) -> float:
    """``value`` as a float: a real number, not a bool and not NaN."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise FieldError(field, value, "must be a real number")
    number_ = float(value)
    if math.isnan(number_):
        raise FieldError(field, value, "must be a real number, not NaN")
    return number_


def check_budget(value: Any) -> float:
    """A budget: a real number ``>= 0`` (``math.inf`` for no limit)."""
    budget = real_number("budget", value)
    if budget < 0:
        raise FieldError("budget", value, "must be >= 0 (math.inf for no limit)")
    return budget


def check_capacity(value: Any) -> float:
    """A capacity: a finite real number ``> 0``."""
    capacity = real_number("capacity", value)
    if not 0 < capacity < math.inf:
        raise FieldError("capacity", value, "must be a finite number > 0")
    return capacity


def lookup(index: Mapping[str, int], name: object) -> int | None:
    """The position of ``name`` in ``index`` (also with its spaces stripped), or None."""
    if not isinstance(name, str):
        return None
    position = index.get(name)
    return index.get(name.strip()) if position is None else position


def name_positions(portfolio: Portfolio, field: str, names: object) -> list[int]:
    """Positions of the names in ``require`` or ``exclude`` (one str is one name)."""
    if isinstance(names, str):
        names = (names,)
    if not isinstance(names, Iterable):
        raise FieldError(field, names, "must be an iterable of initiative names")
    index = {name: k for k, name in enumerate(portfolio.names)}
    found: list[int] = []
    for name in names:
        position = lookup(index, name)
        if position is None:
            raise FieldError(field, name, "names no initiative of the portfolio")
        found.append(position)
    return sorted(set(found))


class Stages:
    """Counts the stages of a long computation on a :func:`~cxmodel._progress.progress_bar`.

    ``step(message)`` records one stage done; a tqdm bar shows the message too.
    """

    def __init__(self, progress: Progress, total: int, description: str) -> None:
        self._bar = progress_bar(progress, total, desc=description)

    def step(self, message: str) -> None:
        self._bar.update(1, note=message)

    def close(self) -> None:
        self._bar.close()
