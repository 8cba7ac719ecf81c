"""The exception tree and warning classes of cxmodel.

Every error raised on purpose by cxmodel subclasses :class:`CxModelError`, so an
embedding tool can catch them all with one ``except``.  Errors about bad values
also subclass :class:`ValueError`, the builtin they refine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "CxModelError",
    "CxModelWarning",
    "DependencyCycleError",
    "DuplicateNameError",
    "FeatureBloatWarning",
    "FieldError",
    "InfeasibleError",
    "InputError",
    "ProcessSkewWarning",
    "ScoreError",
    "UnknownDependencyError",
]


class CxModelError(Exception):
    """Base class of every error cxmodel raises on purpose.

    Examples
    --------
    >>> import cxmodel as cx
    >>> try:
    ...     cx.Initiative("Loyalty app", 2.0, 0.5, 0.5)
    ... except cx.CxModelError as error:
    ...     print(type(error).__name__)
    ScoreError
    """


class FieldError(CxModelError, ValueError):
    """A field of an initiative (or an option) has a bad value.

    Parameters
    ----------
    field : str
        The name of the field, for example ``"effort"`` or ``"name"``.
    value : object
        The offending value, as given.
    message : str
        What is wrong, in words; the field and the value are prepended.

    Examples
    --------
    >>> import cxmodel as cx
    >>> try:
    ...     cx.Initiative("", 0.5, 0.5, 0.5)
    ... except cx.FieldError as error:
    ...     print(error.field, repr(error.value))
    name ''
    """

    def __init__(self, field: str, value: Any, message: str) -> None:
        self.field = field
        self.value = value
        super().__init__(f"{field} {message}, got {value!r}")


class ScoreError(FieldError):
    """A score or effort is not a finite real number in its allowed range.

    Raised for NaN, infinities, booleans, strings, ``None`` and values outside
    ``[0, 1]`` (scores) or not ``> 0`` (effort).  The message names the field
    and the value.

    Examples
    --------
    >>> import cxmodel as cx
    >>> cx.Initiative("Self-checkout", 0.8, float("nan"), 0.9)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.ScoreError: desirability must be a finite real number in [0, 1], got nan
    """


class InputError(CxModelError, ValueError):
    """A file or a set of records could not be loaded.

    Loading is all-or-nothing: every problem found is listed in :attr:`errors`
    and nothing is returned half-loaded.

    Parameters
    ----------
    errors : iterable of (int, str, str)
        ``(row, column, message)`` triples.  ``row`` is the 1-based line number
        a person sees in an editor (CSV) or the 1-based position of the record
        (JSON and records); ``0`` means the problem is not tied to one row.
    source : str, optional
        Where the input came from (a path, ``"<stdin>"``, ``"records"``).
    unit : str, optional
        What a row number counts, for the message: ``"line"`` (files, the
        default) or ``"record"`` (JSON and records).
    sheet : str, optional
        The worksheet of a workbook the rows are on; the message then names
        cells as a person sees them (``Ideas!C7``).
    letters : mapping of str to str, optional
        The column letter of each column named in ``errors``, with ``sheet``.

    Examples
    --------
    >>> import cxmodel as cx
    >>> error = cx.InputError([(3, "viability", "'high' is not a number")], source="ideas.csv")
    >>> print(error)
    ideas.csv: 1 problem: line 3, column 'viability': 'high' is not a number
    >>> error.errors
    [(3, 'viability', "'high' is not a number")]
    >>> print(cx.InputError([(7, "Business value", "'high' is not a number")],
    ...                     source="ideas.xlsx", sheet="Ideas", letters={"Business value": "C"}))
    ideas.xlsx: 1 problem: Ideas!C7, column 'Business value': 'high' is not a number
    >>> error.where(3, "viability")
    'line 3'
    """

    #: Lines shown in the message before the rest is summarised.
    max_shown = 20

    def __init__(
        self,
        errors: Iterable[tuple[int, str, str]],
        *,
        source: str = "input",
        unit: str = "line",
        sheet: str | None = None,
        letters: Mapping[str, str] | None = None,
    ) -> None:
        self.errors: list[tuple[int, str, str]] = list(errors)
        self.source = source
        self.unit = unit
        self.sheet = sheet
        self.letters: dict[str, str] = dict(letters or {})
        super().__init__(self._format())

    def where(self, row: int, column: str = "") -> str:
        """Where a problem is, as a person finds it: ``"line 3"``, ``"Ideas!C7"``, ``""``."""
        if self.sheet is None:
            return f"{self.unit} {row}" if row else ""
        if not row:
            return f"sheet {self.sheet!r}"
        letter = self.letters.get(column)
        return f"{self.sheet}!{letter}{row}" if letter else f"{self.sheet} row {row}"

    def _format(self) -> str:
        n = len(self.errors)
        parts = [self._describe(*error) for error in self.errors]
        shown = "; ".join(parts[: self.max_shown])
        more = f"; ... and {n - self.max_shown} more" if n > self.max_shown else ""
        noun = "problem" if n == 1 else "problems"
        return f"{self.source}: {n} {noun}: {shown}{more}"

    def _describe(self, row: int, column: str, message: str) -> str:
        place = self.where(row, column)
        where = [place] if place else []
        if column:
            where.append(f"column {column!r}")
        return f"{', '.join(where)}: {message}" if where else message


class DuplicateNameError(CxModelError, ValueError):
    """Two initiatives share a name; names are the unique key of a portfolio.

    Examples
    --------
    >>> import cxmodel as cx
    >>> a = cx.Initiative("Chatbot", 0.5, 0.5, 0.9)
    >>> cx.Portfolio([a, a])
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.DuplicateNameError: duplicate initiative name: 'Chatbot'
    """

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        listed = ", ".join(repr(n) for n in self.names)
        noun = "name" if len(self.names) == 1 else "names"
        super().__init__(f"duplicate initiative {noun}: {listed}")


class UnknownDependencyError(CxModelError, ValueError):
    """An initiative depends on a name that is not in the portfolio.

    Attributes
    ----------
    initiative : str
        The initiative that declares the dependency.
    missing : str
        The dependency that is not in the portfolio.

    Examples
    --------
    >>> import cxmodel as cx
    >>> print(cx.UnknownDependencyError("App", "API"))
    'App' depends on 'API', which is not in the portfolio
    """

    def __init__(self, initiative: str, missing: str) -> None:
        self.initiative = initiative
        self.missing = missing
        super().__init__(f"{initiative!r} depends on {missing!r}, which is not in the portfolio")


class DependencyCycleError(CxModelError, ValueError):
    """The dependencies of a portfolio form a cycle, so no roadmap exists.

    Attributes
    ----------
    cycle : tuple of str
        The members of the cycle in dependency order; the first member depends
        on nothing outside it that closes the loop back to itself.

    Examples
    --------
    >>> import cxmodel as cx
    >>> print(cx.DependencyCycleError(["A", "B", "C"]))
    dependency cycle: A -> B -> C -> A
    """

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        loop = " -> ".join([*self.cycle, self.cycle[0]]) if self.cycle else ""
        super().__init__(f"dependency cycle: {loop}")


class InfeasibleError(CxModelError):
    """No plan meets every constraint: the message names what cannot be met.

    Raised by :func:`cxmodel.select` and :func:`cxmodel.schedule`.

    Examples
    --------
    >>> import cxmodel as cx
    >>> err = cx.InfeasibleError("'Platform' needs effort 12, more than the capacity 10")
    >>> isinstance(err, cx.CxModelError)
    True
    """


class CxModelWarning(UserWarning):
    """Base class of the warnings cxmodel emits.

    Filter them as a group with ``warnings.simplefilter("ignore", cx.CxModelWarning)``.

    Examples
    --------
    >>> import cxmodel as cx
    >>> issubclass(cx.ProcessSkewWarning, cx.CxModelWarning)
    True
    """


class ProcessSkewWarning(CxModelWarning):
    """Most of a portfolio's innovation effort goes to process innovation.

    Examples
    --------
    >>> import cxmodel as cx
    >>> issubclass(cx.ProcessSkewWarning, UserWarning)
    True
    """


class FeatureBloatWarning(CxModelWarning):
    """Features are planned because technology allows them, not because people want them.

    Examples
    --------
    >>> import cxmodel as cx
    >>> issubclass(cx.FeatureBloatWarning, UserWarning)
    True
    """
