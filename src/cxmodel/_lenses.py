"""Reading a lens as users name it: a :class:`~cxmodel.Lens`, its criterion or its own name.

Shared by every function that takes a lens argument (the threshold sweep and
its chart, the score matrix), so all accept the same spellings and fail alike.
"""

from __future__ import annotations

from .exceptions import FieldError
from .model import CRITERIA, Lens

__all__ = ["parse_lens"]


def parse_lens(value: Lens | str, field: str = "lens") -> Lens:
    """The lens ``value`` names: a Lens, ``"viability"``... or ``"business"``... (any case).

    Raises :class:`~cxmodel.FieldError` naming ``field`` and the value otherwise.

    Examples
    --------
    >>> from cxmodel._lenses import parse_lens
    >>> parse_lens(" Desirability"), parse_lens("technology")
    (<Lens.PEOPLE: 'people'>, <Lens.TECHNOLOGY: 'technology'>)
    >>> parse_lens("cost", "x")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: x must be a Lens, a criterion (viability, desirability, \
feasibility) or a lens name (business, people, technology), got 'cost'
    """
    if isinstance(value, Lens):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        if key in CRITERIA:
            return Lens.from_criterion(key)
        try:
            return Lens(key)
        except ValueError:
            pass
    raise FieldError(
        field,
        value,
        f"must be a Lens, a criterion ({', '.join(CRITERIA)}) or a lens name "
        f"({', '.join(lens.value for lens in Lens)})",
    )
