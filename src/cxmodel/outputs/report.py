"""``write_report``: one call from a portfolio to a file to share (HTML page, deck, workbook)."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import FieldError
from ..model import Initiative, Thresholds
from ..policy import BalancePolicy
from ..portfolio import Portfolio, as_portfolio
from ._content import ReportContent

if TYPE_CHECKING:
    from .._workshop_result import Workshop

__all__ = ["REPORT_FORMATS", "report_format", "write_report"]

#: The report formats, by file extension (lower case, without the dot).
REPORT_FORMATS = ("html", "pptx", "xlsx")


def report_format(path: str | os.PathLike[str]) -> str:
    """The report format of ``path`` by its extension: ``"html"``, ``"pptx"`` or ``"xlsx"``.

    The extension is matched case-insensitively.

    Raises
    ------
    FieldError
        (a :class:`~cxmodel.CxModelError` and a :class:`ValueError`) naming the
        path and the supported extensions, for any other extension.

    Examples
    --------
    >>> from cxmodel.outputs.report import report_format
    >>> report_format("board/Q3.PPTX")
    'pptx'
    >>> report_format("q3.pdf")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: report path must end in .html, .pptx or .xlsx, got 'q3.pdf'
    """
    suffix = Path(os.fspath(path)).suffix.lower().lstrip(".")
    if suffix not in REPORT_FORMATS:
        raise FieldError("report path", os.fspath(path), "must end in .html, .pptx or .xlsx")
    return suffix


def write_report(
    portfolio: Portfolio | Iterable[Initiative],
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
    previous: Portfolio | Iterable[Initiative] | None = None,
    workshop: Workshop | None = None,
) -> Path:
    """Write a report on ``portfolio`` to share: an HTML page, a slide deck or a workbook.

    Parameters
    ----------
    portfolio : Portfolio or iterable of Initiative
    path : str or os.PathLike
        Where to write.  The format follows the extension (any case):

        ``.html``
            One self-contained page (no network access: every chart is inline
            SVG, styles and the table-sorting script are inline): the Venn
            diagram (hovering a marker shows the initiative's name and scores),
            the score matrix, the balance and the roadmap charts, the sortable
            initiative table, every finding, and the thresholds and policy used.
        ``.pptx``
            A 16:9 deck: title; the Venn diagram drawn with native, editable
            shapes (three semi-transparent ovals, one shape per initiative,
            names -- or numbers and a key above 20 initiatives); the score
            matrix as a native XY chart; the balance as a native bar chart; the
            findings; the roadmap.  Each slide's reasoning is in its speaker notes.
        ``.xlsx``
            Sheets ``"Initiatives"`` (the portfolio's columns plus ``region``,
            ``innovation_types``, ``primary_type`` and ``feature_bloat``; the
            header in row 1, one row per initiative), ``"Findings"`` and ``"Balance"``.
    title : str, optional
        The report's title; by default it names the portfolio size.
    thresholds : Thresholds, optional
        The pass marks of the lenses (default 0.5 each).
    policy : BalancePolicy, optional
        The balance policy (default ``BalancePolicy()``).
    previous : Portfolio or iterable of Initiative, optional
        An earlier version of the portfolio: the report then adds a "since
        last time" section (moves between regions, additions, removals, new and
        resolved findings; see :func:`cxmodel.comparison.compare`).
    workshop : Workshop, optional
        The scoring workshop the scores came from (:func:`cxmodel.aggregate_ratings`):
        the HTML page adds a section with the raters, their agreement, the ratings
        to discuss and every rater's scores.  The deck and the workbook leave it out.

    Returns
    -------
    pathlib.Path
        ``path``, as a :class:`~pathlib.Path`.

    Raises
    ------
    FieldError
        For an extension other than the three above (no file is written), a
        title that is not a str, or thresholds/policy of the wrong type.
    UnknownDependencyError, DependencyCycleError
        When ``depends_on`` names an unknown initiative or forms a cycle (the
        roadmap cannot be planned); no file is written.

    Notes
    -----
    The file is written atomically: to a temporary file in the same directory,
    then renamed over ``path``.  A failure half-way leaves no partial file (and
    an existing file at ``path`` untouched).  Charts are drawn deterministically.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import cxmodel as cx
    >>> from cxmodel.outputs import write_report
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_report(cx.example_portfolio(), pathlib.Path(tmp, "q3.xlsx"))
    ...     out.name, out.stat().st_size > 0
    ('q3.xlsx', True)
    >>> write_report(cx.example_portfolio(), "q3.docx")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: report path must end in .html, .pptx or .xlsx, got 'q3.docx'
    """
    kind = report_format(path)
    data = as_portfolio(portfolio)
    earlier = None if previous is None else as_portfolio(previous)
    content = ReportContent.build(
        data,
        title=title,
        thresholds=thresholds,
        policy=policy,
        previous=earlier,
        workshop=workshop,
    )
    writer = _writer(kind)
    out = Path(os.fspath(path))
    _write_atomically(out, lambda target: writer(content, target))
    return out


def _writer(kind: str) -> Callable[[ReportContent, Path], None]:
    if kind == "html":
        from .html import write_html

        return write_html
    if kind == "pptx":
        from .pptx import write_pptx

        return write_pptx
    from .excel import write_xlsx

    return write_xlsx


def _write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a new temporary file beside ``out``, then move it to ``out``."""
    directory = out.parent
    if not directory.is_dir():
        raise FieldError("report path", str(out), "is in a folder that does not exist")
    temporary = _new_file(directory, out)
    try:
        write(temporary)
        os.replace(temporary, out)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _new_file(directory: Path, out: Path) -> Path:
    """Create an empty, hidden file in ``directory`` with ``out``'s extension (mode 0666-umask)."""
    while True:
        candidate = directory / f".{out.stem}.{secrets.token_hex(4)}{out.suffix}"
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:  # pragma: no cover - a 32-bit random name already taken
            continue
        return candidate
