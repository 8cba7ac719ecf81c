"""Add the model's answers to the team's own table: region, innovation types, bloat.

:func:`annotate` takes a data frame or a list of records with the team's own
columns and returns the same kind of object with every original column and
row kept, in order, and four columns added at the end (:data:`ADDED_COLUMNS`).
:func:`annotate_file` does the same for a CSV, JSON or Excel file and writes
the sheet back.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ._export import PathOrFile, write_rows
from ._headers import resolve_headers
from ._table import Table
from .exceptions import FieldError, InputError
from .intersections import InnovationType, Region
from .io._detect import LoadedFile, load_file
from .model import Scale, Thresholds
from .policy import BalancePolicy, bloat_candidates, resolve_settings
from .portfolio import Portfolio

__all__ = ["ADDED_COLUMNS", "annotate", "annotate_file", "annotation_columns"]

#: The columns :func:`annotate` adds, in this order, after the user's own.
ADDED_COLUMNS: tuple[str, ...] = (
    "region",
    "innovation_types",
    "primary_type",
    "feature_bloat",
)

_TYPES = tuple(InnovationType)
_LABELS = [Region(code).label for code in range(8)]


def annotation_columns(
    portfolio: Portfolio,
    *,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
) -> dict[str, list[Any]]:
    """The four annotation columns of a portfolio, vectorised: ``{column: values}``.

    ``region`` holds :attr:`Region.label` (``"No lens passes"`` for none),
    ``innovation_types`` the labels of :attr:`Classification.types` joined by
    ``"; "`` in :class:`InnovationType` order, ``primary_type`` the label of
    :attr:`Classification.primary` (both ``""`` for an initiative of no type)
    and ``feature_bloat`` whether it is a feature-bloat candidate of
    ``policy`` (see :func:`~cxmodel.policy.bloat_candidates`).

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.annotation import annotations
    >>> p = cx.Portfolio([cx.Initiative("Chatbot", 0.2, 0.3, 0.9),
    ...                   cx.Initiative("Community", 0.8, 0.9, 0.6)])
    >>> annotation_columns(p)["region"], annotation_columns(p)["feature_bloat"]
    (['Technology only', 'Customer experience'], [True, False])
    >>> annotation_columns(p)["primary_type"]
    ['', 'Emotional innovation']
    """
    chosen_policy, chosen_thresholds = resolve_settings(policy, thresholds)
    codes = portfolio.regions(chosen_thresholds)
    v, d, f = portfolio.viability, portfolio.desirability, portfolio.feasibility
    member: npt.NDArray[np.float64] = np.stack(
        [np.minimum(v, d), np.minimum(v, f), np.minimum(d, f)]
    )
    bits = np.array([int(t.region) for t in _TYPES], dtype=np.uint8)[:, None]
    holds = (codes[None, :] & bits) == bits
    best = np.argmax(np.where(holds, member, -np.inf), axis=0)  # first maximum: enum order
    has_type = holds.any(axis=0)
    bloat = np.zeros(len(portfolio), dtype=bool)
    bloat[bloat_candidates(codes, d, f, chosen_policy)] = True
    joined = {
        code: "; ".join(t.label for t in _TYPES if Region(code) & t.region == t.region)
        for code in range(8)
    }
    return {
        "region": [_LABELS[c] for c in codes.tolist()],
        "innovation_types": [joined[c] for c in codes.tolist()],
        "primary_type": [
            _TYPES[k].label if typed else ""
            for k, typed in zip(best.tolist(), has_type.tolist(), strict=True)
        ],
        "feature_bloat": bloat.tolist(),
    }


def _records_portfolio(
    records: Sequence[Any], scale: Scale | None, columns: Mapping[str, str] | None
) -> Portfolio:
    """The portfolio of a list of records, matched by header like a file's columns."""
    problems = [
        (k, "", f"expected a mapping of columns to values, got {record!r}")
        for k, record in enumerate(records, start=1)
        if not isinstance(record, Mapping)
    ]
    if problems:
        raise InputError(problems, source="records", unit="record")
    headers = list(dict.fromkeys(str(key) for record in records for key in record))
    reading = resolve_headers(headers, columns, source="records")
    by_text = {str(key): key for record in records for key in record}
    cells = {
        field: [record.get(by_text[header]) for record in records]
        for header, field in reading.mapping.items()
    }
    shown = {field: header for header, field in reading.mapping.items()}
    rows = range(1, len(records) + 1)
    table = Table("records", cells, rows, shown, unit="record", scales=reading.scales)
    return Portfolio._from_table(table, scale)


def annotate(
    data: Any,
    *,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
) -> Any:
    """The team's own table with the model's answers added as four columns.

    Parameters
    ----------
    data : DataFrame or list of dict
        A pandas or polars DataFrame (or a pyarrow Table: any eager frame
        narwhals knows), or a list of records, one row per initiative, with
        the team's own columns.  Headers are matched as files' are
        (:func:`~cxmodel.io.match_headers`: ``Business value (1-5)`` is
        viability on the scale 1-5).
    scale : Scale, optional
        The scale raw scores are written on (overrides scales in headers).
    columns : mapping of str to str, optional
        The table's own headers mapped to fields.
    thresholds : Thresholds, optional
        The pass marks (default 0.5 each); on a 1-5 scale,
        ``Scale.likert(5).thresholds(desirability=4)``.
    policy : BalancePolicy, optional
        The feature-bloat rule's settings.

    Returns
    -------
    The same kind of object as ``data``: a new frame (or a new list of new
    dicts) with every original column and row, in their order, and then
    ``region``, ``innovation_types``, ``primary_type`` and ``feature_bloat``
    (see :func:`~cxmodel.annotation.annotation_columns`).  A column of the table that already has one of
    these names (an earlier annotation) is replaced where it stands.

    Raises
    ------
    InputError
        The table lacks a required column or has bad cells (rows numbered
        from 1); nothing is returned half-annotated.
    FieldError
        ``data`` is neither a data frame nor a list of records.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxmodel.annotation import annotate
    >>> sheet = pd.DataFrame({"Initiative": ["Chatbot", "Community"], "Owner": ["Ann", "Bo"],
    ...                       "Business value (1-5)": [2, 5], "Desirability (1-5)": [2, 5],
    ...                       "Technical feasibility (1-5)": [5, 3]})
    >>> out = annotate(sheet)
    >>> list(out.columns)[:2], list(out.columns)[-4:]
    (['Initiative', 'Owner'], ['region', 'innovation_types', 'primary_type', 'feature_bloat'])
    >>> out["region"].tolist(), out["feature_bloat"].tolist()
    (['Technology only', 'Customer experience'], [True, False])
    >>> annotate([{"idea": "Kiosk", "business": 0.9, "people": 0.2, "technology": 0.8}])
    [{'idea': 'Kiosk', 'business': 0.9, 'people': 0.2, 'technology': 0.8, 'region': 'Process innovation', 'innovation_types': 'Process innovation', 'primary_type': 'Process innovation', 'feature_bloat': False}]
    """  # noqa: E501
    if isinstance(data, list | tuple):
        if not data:
            return []
        portfolio = _records_portfolio(data, scale, columns)
        added = annotation_columns(portfolio, thresholds=thresholds, policy=policy)
        return [
            {**record, **{name: added[name][k] for name in ADDED_COLUMNS}}
            for k, record in enumerate(data)
        ]
    if isinstance(data, str | bytes | Mapping | os.PathLike):
        raise FieldError(
            "data", type(data).__name__, "must be a data frame or a list of records (dicts)"
        )
    import narwhals as nw

    try:
        frame = nw.from_native(data, eager_only=True)
    except TypeError:
        raise FieldError(
            "data", type(data).__name__, "must be a pandas or polars data frame or a list of dicts"
        ) from None
    portfolio = Portfolio.from_dataframe(data, scale=scale, columns=columns)
    added = annotation_columns(portfolio, thresholds=thresholds, policy=policy)
    backend = frame.implementation
    new = [
        nw.new_series(
            name,
            added[name],
            nw.Boolean() if name == "feature_bloat" else nw.String(),
            backend=backend,
        )
        for name in ADDED_COLUMNS
    ]
    return frame.with_columns(*new).to_native()


def _out_kind(destination: PathOrFile, kind: str | None) -> str:
    if kind is not None:
        return kind
    if isinstance(destination, str | os.PathLike):
        suffix = os.path.splitext(os.fspath(destination))[1].lower()
        if suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        if suffix in (".csv", ".txt", ""):
            return "csv"
        raise FieldError("output", os.fspath(destination), "must end in .csv or .xlsx")
    return "csv"


def annotated_rows(
    loaded: LoadedFile,
    *,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """The file's own header and rows with the annotation columns (replaced if present).

    Examples
    --------
    >>> import io
    >>> from cxmodel.io import load_file
    >>> from cxmodel.annotation import annotated_rows
    >>> loaded = load_file(io.StringIO("Idea,Business,People,Technology,Owner\\n"
    ...                                "Kiosk,0.9,0.2,0.8,Ann\\n"))
    >>> annotated_rows(loaded)
    (['Idea', 'Business', 'People', 'Technology', 'Owner', 'region', 'innovation_types', 'primary_type', 'feature_bloat'], [['Kiosk', '0.9', '0.2', '0.8', 'Ann', 'Process innovation', 'Process innovation', 'Process innovation', False]])
    """  # noqa: E501
    added = annotation_columns(loaded.portfolio, thresholds=thresholds, policy=policy)
    header = list(loaded.header)
    rows = [list(row) for row in loaded.rows]
    for name in ADDED_COLUMNS:
        if name in header:
            k = header.index(name)
            for row, value in zip(rows, added[name], strict=True):
                row[k] = value
        else:
            header.append(name)
            for row, value in zip(rows, added[name], strict=True):
                row.append(value)
    return header, rows


def annotate_file(
    path_or_dash: PathOrFile | bytes,
    destination: PathOrFile,
    *,
    kind: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    scale: Scale | None = None,
    columns: Mapping[str, str] | None = None,
    thresholds: Thresholds | None = None,
    policy: BalancePolicy | None = None,
) -> LoadedFile:
    """Read a CSV, JSON or Excel file and write it back with the annotation columns.

    Every original column and row is kept (blank rows are dropped), the four
    columns of :data:`ADDED_COLUMNS` are added; a CSV output has its
    formula-like text neutralised, a workbook stores text as text.

    Parameters
    ----------
    path_or_dash : str, os.PathLike, bytes or file object
        The input, read like :func:`~cxmodel.io.read_any` reads it.
    destination : str, os.PathLike or file object
        Where to write; a path ending ``.xlsx`` writes a workbook, else CSV.
    kind : {"csv", "xlsx"}, optional
        The output format, for a file object.

    Returns
    -------
    LoadedFile
        The file as read, with :meth:`~cxmodel.io.LoadedFile.notes` on how
        each header was read.

    Examples
    --------
    >>> import io
    >>> from cxmodel.annotation import annotate_file
    >>> out = io.StringIO()
    >>> _ = annotate_file(io.StringIO("Idea,Business,People,Technology\\nKiosk,0.9,0.2,0.8\\n"),
    ...                   out)
    >>> print(out.getvalue().lstrip("\\ufeff").splitlines()[1])
    Kiosk,0.9,0.2,0.8,Process innovation,Process innovation,Process innovation,False
    """
    chosen = _out_kind(destination, kind)
    loaded = load_file(path_or_dash, scale=scale, columns=columns, sheet=sheet, encoding=encoding)
    header, rows = annotated_rows(loaded, thresholds=thresholds, policy=policy)
    write_rows(header, rows, destination, kind=chosen, sheet=loaded.sheet or "Annotated")
    return loaded
