"""An immutable, ordered collection of initiatives stored as columns.

Scores and efforts live in read-only float64 numpy arrays, so classification
and balance checks run vectorised; :class:`~cxmodel.Initiative` objects are
only built when you iterate or index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
import numpy.typing as npt

from ._export import PathOrFile, write_csv, write_excel, write_json
from ._headers import resolve_headers
from ._html import badge, table
from ._records import SCORE_FIELDS
from ._table import Names, Table, validate_records, validate_table
from .exceptions import DuplicateNameError, FieldError
from .intersections import (
    REGION_COLORS,
    Classification,
    InnovationType,
    Region,
    classify,
    region_codes,
)
from .model import (
    CRITERIA,
    DEFAULTS,
    OPTIONAL_FIELDS,
    Initiative,
    Scale,
    Thresholds,
    add_optional_fields,
    as_initiatives,
    is_default,
    plain_value,
)

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl


__all__ = ["Portfolio", "as_portfolio"]

FloatArray = npt.NDArray[np.float64]
#: The float columns every portfolio has.
_NUMBER_FIELDS = (*CRITERIA, "effort")
_DEFAULT_THRESHOLDS = Thresholds()


def _read_only(values: npt.ArrayLike, *, copy: bool = True) -> FloatArray:
    """``values`` as read-only floats, copied unless the caller owns them (``copy=False``)."""
    array = np.array(values, dtype=np.float64, copy=copy or None)
    array.setflags(write=False)
    return array


def _check_unique(names: Sequence[str]) -> None:
    if len(set(names)) != len(names):
        duplicates = [name for name, n in Counter(names).items() if n > 1]
        raise DuplicateNameError(duplicates)


class Portfolio:
    """An immutable, ordered portfolio of initiatives with unique names.

    Parameters
    ----------
    initiatives : iterable of Initiative
        In the order to keep.  Names must be unique (else
        :class:`~cxmodel.DuplicateNameError`); ``depends_on`` is not checked here
        (:func:`~cxmodel.roadmap` does that).

    Examples
    --------
    >>> import cxmodel as cx
    >>> p = cx.Portfolio([
    ...     cx.Initiative("Customer community", 0.7, 0.9, 0.6, effort=3),
    ...     cx.Initiative("Invoice automation", 0.8, 0.3, 0.9, effort=5),
    ... ])
    >>> len(p), p.names
    (2, ('Customer community', 'Invoice automation'))
    >>> p["Invoice automation"].effort
    5.0
    >>> p.effort
    array([3., 5.])
    >>> [cx.Region(code).name for code in p.regions()]
    ['CUSTOMER_EXPERIENCE', 'PROCESS']
    """

    __slots__ = ("_cache", "_columns", "_extras", "_index", "_names")

    #: Python strings, or a fast reader's checked names until first asked for (``names``).
    _names: Names
    _index: dict[str, int] | None
    _columns: dict[str, FloatArray]
    _extras: dict[str, tuple[Any, ...]]
    #: The initiatives built so far, by position (made on the first one: 1e6 loads skip it).
    _cache: list[Initiative | None] | None

    def __init__(self, initiatives: Iterable[Initiative] = ()) -> None:
        items = as_initiatives(initiatives)
        names = tuple(i.name for i in items)
        _check_unique(names)
        columns = {
            field: _read_only([getattr(i, field) for i in items]) for field in _NUMBER_FIELDS
        }
        extras = {field: tuple(getattr(i, field) for i in items) for field in OPTIONAL_FIELDS}
        self._setup(names, columns, extras, list(items))

    def _setup(
        self,
        names: Names,
        columns: dict[str, FloatArray],
        extras: Mapping[str, tuple[Any, ...]],
        cache: list[Initiative | None] | None = None,
    ) -> None:
        self._names = names
        self._index = None  # built on the first look-up by name: 1e6 loads skip it
        self._columns = columns
        # Only fields some initiative sets: equal portfolios hold the same state
        # (and give the same data frame), however they were built.
        self._extras = {f: v for f, v in extras.items() if not all(map(is_default, v))}
        self._cache = cache

    @classmethod
    def _from_columns(
        cls,
        names: Names,
        columns: Mapping[str, npt.ArrayLike],
        extras: Mapping[str, tuple[Any, ...]],
        cache: list[Initiative | None] | None = None,
    ) -> Portfolio:
        """Wrap columns that are already validated (unique names, checked values).

        ``columns`` holds the four float columns, arrays nobody else holds (the
        validator's, or a sub-portfolio's picks), made read-only without a copy;
        ``extras`` optional fields as tuples of converted values.  Nothing is
        re-validated and no :class:`~cxmodel.Initiative` is built, which keeps
        large files fast.
        """
        portfolio = cls.__new__(cls)
        floats = {field: _read_only(values, copy=False) for field, values in columns.items()}
        portfolio._setup(names, floats, extras, cache)
        return portfolio

    @classmethod
    def _from_table(cls, table: Table, scale: Scale | None = None) -> Portfolio:
        """Validate ``table`` (the one validator every way in shares) and wrap its columns."""
        names, columns, extras = validate_table(table, scale)
        return cls._from_columns(names, columns, extras)

    @classmethod
    def from_arrays(
        cls,
        names: Iterable[str],
        viability: npt.ArrayLike,
        desirability: npt.ArrayLike,
        feasibility: npt.ArrayLike,
        *,
        effort: npt.ArrayLike | None = None,
    ) -> Portfolio:
        """Build a portfolio from columns, validated vectorised (the bulk path for large data).

        No :class:`~cxmodel.Initiative` is built per row; scores are checked like
        :func:`~cxmodel.classify_arrays` does, efforts must be finite and ``> 0``.

        Examples
        --------
        >>> import numpy as np
        >>> import cxmodel as cx
        >>> rng = np.random.default_rng(0)
        >>> p = cx.Portfolio.from_arrays([f"idea {k}" for k in range(1000)],
        ...                              *rng.random((3, 1000)))
        >>> len(p), sum(p.counts().values())
        (1000, 1000)
        """
        cells: dict[str, Any] = {"name": names if isinstance(names, list) else list(names)}
        n = len(cells["name"])
        given = zip(CRITERIA, (viability, desirability, feasibility), strict=True)
        for field, values in [*given, ("effort", effort)]:
            if values is not None:
                cells[field] = _array_cells(field, values, n)
        return cls._from_table(Table("arrays", cells, range(1, n + 1), {}, unit="row"))

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        scale: Scale | None = None,
        columns: Mapping[str, str] | None = None,
    ) -> Portfolio:
        """Build a portfolio from mappings (for example parsed JSON), all or nothing.

        Keys are field names (``name``, ``viability``, ``desirability``,
        ``feasibility`` required; the optional fields of
        :class:`~cxmodel.Initiative` may be present); other keys are ignored.
        Scores may be numbers, strings such as ``"0.7"`` or ``"70%"``, or raw
        values on ``scale``.  Every bad record is reported in one
        :class:`~cxmodel.InputError`, numbered from 1.

        Parameters
        ----------
        records : iterable of mapping
        scale : Scale, optional
            The scale raw scores are written on; ``"70%"`` always means 0.7.
        columns : mapping, optional
            Renames keys to fields, e.g. ``{"Idea": "name"}``.

        Examples
        --------
        >>> import cxmodel as cx
        >>> p = cx.Portfolio.from_records(
        ...     [{"name": "Chatbot", "viability": 4, "desirability": 2, "feasibility": 5}],
        ...     scale=cx.Scale.likert(5))
        >>> p["Chatbot"].scores
        {'viability': 0.75, 'desirability': 0.25, 'feasibility': 1.0}
        >>> cx.Portfolio.from_records([{"name": "Chatbot", "viability": "high"}])
        Traceback (most recent call last):
        ...
        cxmodel.exceptions.InputError: records: 3 problems: record 1, column 'viability': ...
        """
        if columns is not None and not isinstance(columns, Mapping):
            raise FieldError("columns", columns, "must be a mapping of header -> field")
        names, floats, extras = validate_records(records, dict(columns or {}), scale)
        return cls._from_columns(names, floats, extras)

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per initiative; optional fields at their default are omitted.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.25, 1.0, tags=["store"])]).to_records()
        [{'name': 'Kiosk', 'viability': 0.5, 'desirability': 0.25, 'feasibility': 1.0, 'effort': 1.0, 'tags': ['store']}]
        """  # noqa: E501
        # Built from the columns, not through Initiative objects: fast for large portfolios.
        columns = [self._columns[f].tolist() for f in ("viability", "desirability", "feasibility")]
        efforts = self._columns["effort"].tolist()
        records = []
        for k, name in enumerate(self.names):
            record: dict[str, Any] = {
                "name": name,
                "viability": columns[0][k],
                "desirability": columns[1][k],
                "feasibility": columns[2][k],
                "effort": efforts[k],
            }
            add_optional_fields(record, {f: v[k] for f, v in self._extras.items()})
            records.append(record)
        return records

    def to_csv(self, path_or_file: PathOrFile | None = None) -> str | None:
        """Write the portfolio as CSV; with no destination, return the text.

        Cells starting with ``= + - @`` are neutralised against spreadsheet
        formula injection, and :func:`~cxmodel.read_csv` reads back exactly
        what was written (see :func:`cxmodel.io.write_csv`).

        Examples
        --------
        >>> import cxmodel as cx
        >>> print(cx.Portfolio([cx.Initiative("=Kiosk", 0.5, 0.25, 1.0)]).to_csv(), end="")
        name,viability,desirability,feasibility,effort
        '=Kiosk,0.5,0.25,1.0,1.0
        """
        return write_csv(self, path_or_file)

    def to_json(self, path_or_file: PathOrFile | None = None) -> str | None:
        """Write the portfolio as JSON; with no destination, return the text.

        One initiative per line, readable and friendly to ``git diff``; see
        :func:`cxmodel.io.write_json`.

        Examples
        --------
        >>> import cxmodel as cx
        >>> print(cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.25, 1.0)]).to_json(), end="")
        {"initiatives": [
          {"name": "Kiosk", "viability": 0.5, "desirability": 0.25, "feasibility": 1.0, ...}
        ]}
        """
        return write_json(self, path_or_file)

    @overload
    def to_excel(self, path_or_file: None = None) -> bytes: ...
    @overload
    def to_excel(self, path_or_file: PathOrFile) -> None: ...
    def to_excel(self, path_or_file: PathOrFile | None = None) -> bytes | None:
        """Write the portfolio as an Excel workbook (.xlsx); with no destination, return its bytes.

        One sheet, ``Initiatives``, with the columns of :meth:`to_csv`; text is
        stored as text (never a formula).  :func:`~cxmodel.read_excel` reads back
        exactly this portfolio; once Excel has saved the file, numbers keep
        Excel's 15 significant digits.  Requires openpyxl.

        Examples
        --------
        >>> import cxmodel as cx
        >>> from cxmodel.io import read_excel
        >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.25, 1.0, tags=["store"])])
        >>> read_excel(p.to_excel()) == p
        True
        """
        return write_excel(self, path_or_file)

    @classmethod
    def from_dataframe(
        cls,
        df: Any,
        *,
        scale: Scale | None = None,
        columns: Mapping[str, str] | None = None,
    ) -> Portfolio:
        """Build a portfolio from a data frame (one row per initiative).

        ``df`` is a pandas or polars DataFrame or a pyarrow Table (any eager
        frame narwhals knows).  Headers match fields like in CSV files (see
        :func:`~cxmodel.io.match_headers`: ``Business value (1-5)`` is viability
        on the scale 1-5); ``columns`` renames a frame's own headers; problems
        are reported by 1-based row position.

        Examples
        --------
        >>> import pandas as pd
        >>> import cxmodel as cx
        >>> df = pd.DataFrame({"Idea": ["Chatbot"], "Business": [0.4],
        ...                    "People": [0.3], "Technology": [0.9]})
        >>> cx.Portfolio.from_dataframe(df, columns={"Idea": "name"}).names
        ('Chatbot',)
        """
        frame = _eager_frame(df)
        headers = [str(h) for h in frame.columns]
        reading = resolve_headers(headers, columns, source="data frame")
        mapping = reading.mapping
        numeric = {*SCORE_FIELDS, "effort"}
        cells: dict[str, Any] = {}
        for header, field in mapping.items():
            series = frame.get_column(frame.columns[headers.index(header)])
            if field in numeric and series.dtype.is_numeric():
                cells[field] = series.to_numpy().astype(np.float64)  # nulls become NaN
            else:
                cells[field] = series.to_list()
        shown = {field: header for header, field in mapping.items()}
        rows = range(1, len(frame) + 1)
        table = Table("data frame", cells, rows, shown, unit="row", scales=reading.scales)
        return cls._from_table(table, scale)

    @overload
    def to_dataframe(self, *, backend: Literal["pandas"] = ...) -> pd.DataFrame: ...
    @overload
    def to_dataframe(self, *, backend: Literal["polars"]) -> pl.DataFrame: ...
    @overload
    def to_dataframe(self, *, backend: str) -> Any: ...
    def to_dataframe(self, *, backend: str = "pandas") -> Any:
        """A data frame with one row per initiative and one column per field.

        Parameters
        ----------
        backend : {"pandas", "polars"}, default "pandas"
            The library of the frame returned.

        Examples
        --------
        >>> import cxmodel as cx
        >>> p = cx.Portfolio([cx.Initiative("Kiosk", 0.5, 0.25, 1.0, tags=["store"])])
        >>> list(p.to_dataframe().columns)
        ['name', 'viability', 'desirability', 'feasibility', 'effort', 'tags']
        >>> type(p.to_dataframe(backend="polars")).__module__.split(".")[0]
        'polars'
        >>> cx.Portfolio.from_dataframe(p.to_dataframe(backend="polars")) == p
        True
        """
        if backend not in ("pandas", "polars"):
            raise FieldError("backend", backend, "must be 'pandas' or 'polars'")
        data: dict[str, Any] = {"name": list(self.names)}
        data.update({field: np.array(column) for field, column in self._columns.items()})
        for field, values in self._extras.items():
            data[field] = [plain_value(value) for value in values]
        if backend == "polars":
            import polars as pl

            return pl.DataFrame(data, strict=False)
        import pandas as pd

        return pd.DataFrame(data)

    # --- the sequence protocol -------------------------------------------------

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[Initiative]:
        for position in range(len(self)):
            yield self._initiative(position)

    def _positions(self) -> dict[str, int]:
        """Name -> position, built once on the first look-up by name."""
        if self._index is None:
            self._index = dict(zip(self.names, range(len(self)), strict=True))
        return self._index

    def __contains__(self, name: object) -> bool:
        return name in self._positions()

    @overload
    def __getitem__(self, key: str) -> Initiative: ...
    @overload
    def __getitem__(self, key: int) -> Initiative: ...
    def __getitem__(self, key: str | int) -> Initiative:
        """The initiative with this name (or at this position)."""
        if isinstance(key, str):
            try:
                return self._initiative(self._positions()[key])
            except KeyError:
                raise KeyError(f"no initiative named {key!r} in the portfolio") from None
        if isinstance(key, int | np.integer) and not isinstance(key, bool):
            position = int(key)
            if position < 0:
                position += len(self)
            if not 0 <= position < len(self):
                raise IndexError(f"portfolio index {key} out of range ({len(self)} initiatives)")
            return self._initiative(position)
        raise TypeError(f"portfolio keys are names or positions, not {key!r}")

    def _initiative(self, position: int) -> Initiative:
        if self._cache is None:
            self._cache = [None] * len(self)
        cached = self._cache[position]
        if cached is None:
            cached = Initiative(
                self.names[position],
                float(self._columns["viability"][position]),
                float(self._columns["desirability"][position]),
                float(self._columns["feasibility"][position]),
                effort=float(self._columns["effort"][position]),
                **{field: values[position] for field, values in self._extras.items()},
            )
            self._cache[position] = cached
        return cached

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Portfolio):
            return NotImplemented
        # Names, the float columns and the set optional fields are the whole state
        # (_setup drops unset ones): compare them without building initiatives.
        return (
            self.names == other.names
            and self._extras == other._extras
            and all(np.array_equal(self._columns[f], other._columns[f]) for f in _NUMBER_FIELDS)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = self.counts()
        parts = [f"{n} {r.label.lower()}" for r, n in counts.items() if n and r.is_innovation]
        summary = f": {', '.join(parts)}" if parts else ""
        noun = "initiative" if len(self) == 1 else "initiatives"
        return f"<Portfolio of {len(self)} {noun}{summary}>"

    # --- columns -------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        """The names, in portfolio order.

        A portfolio that :func:`~cxmodel.read_csv` read from a large file holds
        its names as the parser left them until this is first asked for (or an
        initiative is looked up by name); they are made Python strings then.
        """
        names = self._names
        if not isinstance(names, tuple):  # a fast reader's names, made strings now
            names = self._names = names.strings()
        return names

    @property
    def viability(self) -> FloatArray:
        """Business scores, a read-only float64 array in portfolio order."""
        return self._columns["viability"]

    @property
    def desirability(self) -> FloatArray:
        """People scores, a read-only float64 array in portfolio order."""
        return self._columns["desirability"]

    @property
    def feasibility(self) -> FloatArray:
        """Technology scores, a read-only float64 array in portfolio order."""
        return self._columns["feasibility"]

    @property
    def effort(self) -> FloatArray:
        """Efforts, a read-only float64 array in portfolio order."""
        return self._columns["effort"]

    def column(self, field: str) -> tuple[Any, ...]:
        """The values of an optional field (``tags``, ``stages`` ...) in portfolio order.

        Examples
        --------
        >>> import cxmodel as cx
        >>> p = cx.Portfolio([cx.Initiative("A", 1, 1, 1, tags=["x"]),
        ...                   cx.Initiative("B", 0, 0, 0)])
        >>> p.column("tags")
        (('x',), ())
        """
        if field not in OPTIONAL_FIELDS:
            raise FieldError("field", field, f"must be one of {OPTIONAL_FIELDS}")
        if field in self._extras:
            return self._extras[field]
        return (DEFAULTS[field],) * len(self)

    # --- classification ------------------------------------------------------------

    def regions(self, thresholds: Thresholds | None = None) -> npt.NDArray[np.uint8]:
        """Region codes (see :class:`~cxmodel.Region`) of every initiative, vectorised.

        Examples
        --------
        >>> import cxmodel as cx
        >>> cx.Portfolio([cx.Initiative("A", 0.9, 0.9, 0.1)]).regions()
        array([3], dtype=uint8)
        """
        if thresholds is None:
            thresholds = _DEFAULT_THRESHOLDS
        elif not isinstance(thresholds, Thresholds):
            raise FieldError("thresholds", thresholds, "must be a Thresholds")
        # The columns were validated when the portfolio was built: skip re-validation.
        return region_codes(self.viability, self.desirability, self.feasibility, thresholds)

    def classify(self, thresholds: Thresholds | None = None) -> list[Classification]:
        """The :class:`~cxmodel.Classification` of every initiative, in order.

        Examples
        --------
        >>> import cxmodel as cx
        >>> [c.region.name for c in cx.Portfolio([cx.Initiative("A", 0.9, 0.9, 0.1)]).classify()]
        ['EMOTIONAL']
        """
        return [classify(initiative, thresholds) for initiative in self]

    def counts(self, thresholds: Thresholds | None = None) -> dict[Region, int]:
        """How many initiatives fall in each region; all eight regions are keys.

        Examples
        --------
        >>> import cxmodel as cx
        >>> counts = cx.Portfolio([cx.Initiative("A", 0.9, 0.9, 0.1)]).counts()
        >>> counts[cx.Region.EMOTIONAL], counts[cx.Region.PROCESS], len(counts)
        (1, 0, 8)
        """
        tally = np.bincount(self.regions(thresholds), minlength=8)
        return {r: int(tally[r]) for r in Region}

    def filter(
        self,
        region: Region | Iterable[Region] | None = None,
        tag: str | None = None,
        *,
        innovation: InnovationType | None = None,
        thresholds: Thresholds | None = None,
    ) -> Portfolio:
        """A new portfolio with the initiatives that match every given condition.

        Parameters
        ----------
        region : Region or iterable of Region, optional
            Keep initiatives in this region (or any of these).
        tag : str, optional
            Keep initiatives carrying this tag.
        innovation : InnovationType, optional
            Keep initiatives that are this kind of innovation (the centre counts
            as every kind).
        thresholds : Thresholds, optional
            Used to compute regions.

        Examples
        --------
        >>> import cxmodel as cx
        >>> p = cx.Portfolio([cx.Initiative("A", 0.9, 0.9, 0.1, tags=["crm"]),
        ...                   cx.Initiative("B", 0.9, 0.1, 0.9)])
        >>> p.filter(region=cx.Region.PROCESS).names
        ('B',)
        >>> p.filter(tag="crm").names
        ('A',)
        """
        keep = np.ones(len(self), dtype=bool)
        if region is not None or innovation is not None:
            codes = self.regions(thresholds)
            if region is not None:
                wanted = [region] if isinstance(region, int) else list(region)
                keep &= np.isin(codes, [int(Region(r)) for r in wanted])
            if innovation is not None:
                bits = int(InnovationType(innovation).region)
                keep &= (codes & bits) == bits
        if tag is not None:
            tags = self.column("tags")
            keep &= np.array([tag in t for t in tags], dtype=bool)
        return self._take(np.flatnonzero(keep))

    def _take(self, positions: npt.NDArray[np.intp]) -> Portfolio:
        """A sub-portfolio of the given positions, sharing no mutable state."""
        picked = [int(k) for k in positions]
        names = self.names
        return Portfolio._from_columns(
            tuple(names[k] for k in picked),
            {field: column[positions] for field, column in self._columns.items()},
            {field: tuple(values[k] for k in picked) for field, values in self._extras.items()},
            None if self._cache is None else [self._cache[k] for k in picked],
        )

    def _repr_html_(self) -> str:
        """A colour-coded table for notebooks."""
        codes = self.regions()
        limit = 50
        rows: list[list[object]] = []
        for position, name in enumerate(self.names[:limit]):
            where = Region(int(codes[position]))
            scores = [f"{self._columns[f][position]:.2f}" for f in CRITERIA]
            effort = f"{self.effort[position]:g}"
            rows.append([name, *scores, effort, badge(where.label, REGION_COLORS[where])])
        if len(self) > limit:
            rows.append([f"... {len(self) - limit} more", "", "", "", "", ""])
        header = ["name", *CRITERIA, "effort", "region"]
        return table(header, rows, caption=repr(self), numeric={1, 2, 3, 4})


def as_portfolio(portfolio: Portfolio | Iterable[Initiative]) -> Portfolio:
    """``portfolio`` itself, or a new Portfolio of the given initiatives.

    Every function that takes a portfolio also takes a plain iterable of
    initiatives through this one conversion.

    Examples
    --------
    >>> import cxmodel as cx
    >>> from cxmodel.portfolio import as_portfolio
    >>> as_portfolio([cx.Initiative("A", 1, 1, 1)]).names
    ('A',)
    >>> as_portfolio("A")
    Traceback (most recent call last):
    ...
    cxmodel.exceptions.FieldError: portfolio must be a Portfolio or initiatives, got 'A'
    """
    if isinstance(portfolio, Portfolio):
        return portfolio
    if isinstance(portfolio, str | bytes) or not isinstance(portfolio, Iterable):
        raise FieldError("portfolio", portfolio, "must be a Portfolio or initiatives")
    return Portfolio(portfolio)


def _array_cells(field: str, values: npt.ArrayLike, n: int) -> Any:
    """One column of :meth:`Portfolio.from_arrays` as validator cells.

    Numeric arrays stay arrays (the vectorised path); masked entries become
    missing cells, never their hidden values; anything else goes cell by cell.
    """
    if np.ma.isMaskedArray(values):
        mask = np.ma.getmaskarray(values)
        data = np.ma.getdata(values)
        array: Any = (
            np.where(mask, np.nan, data.astype(np.float64))
            if data.dtype.kind in "fiu"
            else ([None if m else v for v, m in zip(data.tolist(), mask.tolist(), strict=True)])
        )
    else:
        array = np.asarray(values)
    shape = np.shape(array)
    if shape != (n,):
        raise FieldError(field, shape, f"must be a 1-d array of {n} values, like names")
    if isinstance(array, np.ndarray):
        return array.astype(np.float64) if array.dtype.kind in "fiu" else array.tolist()
    return array


def _eager_frame(df: Any) -> Any:
    """``df`` as a narwhals DataFrame: pandas, polars, pyarrow, anything narwhals knows."""
    import narwhals as nw

    try:
        return nw.from_native(df, eager_only=True)
    except TypeError:
        raise FieldError(
            "df", type(df).__name__, "must be a pandas, polars or pyarrow data frame"
        ) from None
