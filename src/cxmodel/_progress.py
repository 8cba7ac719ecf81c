"""Progress of long computations: a bar on a terminal or in a notebook, or a callback.

Functions that can take seconds (:func:`~cxmodel.sensitivity`,
:func:`~cxmodel.threshold_sweep`) take ``progress=``:

* ``None`` or ``False`` (the default): nothing is shown.
* ``True``: a progress bar -- tqdm's (``pip install cxmodel[progress]``; a
  widget in Jupyter) or, without tqdm, one line redrawn on standard error --
  but only where someone can see it: when standard error is a terminal or the
  code runs in a notebook kernel.  Piped or logged output stays clean.
* a callable: called as ``progress(done, total)`` after each chunk of work,
  for a GUI, a log or a web front end.

The command line passes ``progress=True`` unless ``--quiet`` is given.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TypeAlias

from .exceptions import FieldError

__all__ = ["Progress", "ProgressOption", "progress_bar"]

#: What a ``progress=`` argument accepts.
ProgressOption: TypeAlias = bool | Callable[[int, int], object] | None

_REDRAW_SECONDS = 0.1


def _in_notebook() -> bool:
    """Whether this code runs in a Jupyter kernel (imported ipykernel alone is not enough)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    shell = get() if callable(get) else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def _visible() -> bool:
    """Whether a bar on standard error can be seen: a terminal, or a notebook kernel."""
    if _in_notebook():
        return True
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Progress:
    """Counts work done towards ``total`` and shows it (see :func:`progress_bar`).

    Use as a context manager, calling :meth:`update` with the amount of work
    each step did; leaving the block closes the bar.

    Examples
    --------
    >>> from cxmodel._progress import progress_bar
    >>> seen = []
    >>> with progress_bar(lambda done, total: seen.append((done, total)), 10) as bar:
    ...     bar.update(4)
    ...     bar.update(6)
    >>> seen
    [(4, 10), (10, 10)]
    """

    def __init__(
        self,
        total: int,
        *,
        callback: Callable[[int, int], object] | None = None,
        bar: Any = None,
        line: str | None = None,
    ) -> None:
        self.total = total
        self.done = 0
        self._callback = callback
        self._bar = bar
        self._line = line  # the description of the built-in text bar, if that is used
        self._drawn = 0.0

    def update(self, amount: int = 1, *, note: str | None = None) -> None:
        """Record ``amount`` more units of work done; a tqdm bar also shows ``note``."""
        self.done += amount
        if self._callback is not None:
            self._callback(self.done, self.total)
        elif self._bar is not None:
            if note:
                self._bar.set_postfix_str(note, refresh=False)
            self._bar.update(amount)
        elif self._line is not None:
            now = time.monotonic()
            if now - self._drawn >= _REDRAW_SECONDS or self.done >= self.total:
                self._drawn = now
                share = self.done / self.total if self.total else 1.0
                sys.stderr.write(f"\r{self._line}: {share:4.0%} ({self.done:,}/{self.total:,})")
                sys.stderr.flush()

    def close(self) -> None:
        """Finish the bar (a new line after the built-in one)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._line is not None and self._drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._line = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(progress: ProgressOption, total: int, *, desc: str = "") -> Progress:
    """The :class:`Progress` a ``progress=`` argument asks for (see the module documentation).

    Parameters
    ----------
    progress : None, bool or callable
        ``None``/``False``: silent; ``True``: a bar where visible; a callable:
        ``progress(done, total)`` after each step.
    total : int
        The amount of work (samples, steps ...).
    desc : str
        What the bar is counting, e.g. ``"sensitivity samples"``.

    Raises
    ------
    FieldError
        ``progress`` is none of these.

    Examples
    --------
    >>> from cxmodel._progress import progress_bar
    >>> with progress_bar(None, 3) as bar:  # silent
    ...     bar.update(3)
    >>> progress_bar("yes", 3)
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: progress must be None, True, False or a callable (done, total), got 'yes'
    """  # noqa: E501
    if progress is None or progress is False:
        return Progress(total)
    if progress is True:
        if not _visible():
            return Progress(total)
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return Progress(total, line=desc or "progress")
        return Progress(total, bar=tqdm(total=total, desc=desc or None, leave=False))
    if callable(progress):
        return Progress(total, callback=progress)
    raise FieldError("progress", progress, "must be None, True, False or a callable (done, total)")
