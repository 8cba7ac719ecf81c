"""The arguments of :func:`~cxmodel.select` and :func:`~cxmodel.schedule`, checked.

Budgets, capacities and initiative names are checked here, with errors that
name the field and the value, and ``progress=`` becomes a :class:`Stages`
that reports each stage to a callable or a tqdm bar.

Examples
--------
>>> from cxmodel._decision_inputs import Stages, check_budget
>>> check_budget(12)
12.0
>>> heard = []
>>> stages = Stages(heard.append, 2, "select")
>>> stages.step("largest value")
>>> heard
['largest value']
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from .exceptions import CxModelError, FieldError
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

#: What a ``progress=`` argument of select and schedule accepts.
Progress = bool | Callable[[str], object] | None


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
    """Reports the stages of a long computation to a callable or a tqdm bar."""

    def __init__(self, progress: Progress, total: int, description: str) -> None:
        self._call: Callable[[str], object] | None = None
        self._bar: Any = None
        if progress is None or progress is False:
            return
        if progress is True:
            try:
                from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]
            except ImportError:
                raise CxModelError(
                    "progress=True needs tqdm: pip install 'cxmodel[progress]'"
                ) from None
            self._bar = tqdm(total=total, desc=description, leave=False)
        elif callable(progress):
            self._call = progress
        else:
            raise FieldError("progress", progress, "must be None, a bool or a callable")

    def step(self, message: str) -> None:
        if self._call is not None:
            self._call(message)
        if self._bar is not None:
            self._bar.set_postfix_str(message, refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
