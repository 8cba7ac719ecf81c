"""The scale-out recipes of docs/scale-out.md, run for real on a local Dask cluster.

The frame is split into partitions, each is classified (or annotated) on a
worker, and the answer must be the one a single machine gives.  Under ``CI``
these tests never skip: a missing ``dask[dataframe]``/``distributed`` (the
``dev`` extra) fails them.
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import cxmodel as cx


def need(module: str) -> ModuleType:
    """``module``, skipping the test where it is missing -- except under CI, which fails."""
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module)


pd = need("pandas")
dd = need("dask.dataframe")
distributed = need("distributed")

N = 20_000
THRESHOLDS = cx.Thresholds(viability=0.6, desirability=0.4)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A one-worker cluster in this process (threads, no subprocesses): starts in ~1 s."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # port and scratch-directory notices of distributed
        cluster = distributed.LocalCluster(
            processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
        )
        client = distributed.Client(cluster)
    try:
        yield client
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.close()
            cluster.close()


@pytest.fixture(scope="module")
def frame() -> Any:
    rng = np.random.default_rng(19)
    v, d, f = rng.random((3, N))
    v[:50] = 0.6  # exactly on a threshold: must pass, on every worker alike
    return pd.DataFrame(
        {
            "Idea": [f"idea {k}" for k in range(N)],
            "Owner": rng.choice(["Ann", "Bo", "Cy"], N),
            "Business value": v,
            "People": d,
            "Technology": f,
            "effort": rng.integers(1, 20, N).astype(float),
        }
    )


def add_region(part: Any) -> Any:
    """The recipe of the scale-out page: one classify_arrays call per partition."""
    codes = cx.classify_arrays(
        part["Business value"], part["People"], part["Technology"], THRESHOLDS
    )
    return part.assign(region=codes)


def test_classify_arrays_per_partition(client: Any, frame: Any) -> None:
    ddf = dd.from_pandas(frame, npartitions=7)
    meta = {**ddf.dtypes.to_dict(), "region": "uint8"}
    out = ddf.map_partitions(add_region, meta=meta).compute(scheduler=client.get)
    expected = cx.classify_arrays(
        frame["Business value"], frame["People"], frame["Technology"], THRESHOLDS
    )
    assert np.array_equal(out["region"].to_numpy(), expected)
    assert out["Idea"].tolist() == frame["Idea"].tolist()


def test_counts_and_process_share_aggregate(client: Any, frame: Any) -> None:
    ddf = dd.from_pandas(frame, npartitions=5).map_partitions(
        add_region, meta={**frame.dtypes.to_dict(), "region": "uint8"}
    )
    counts = ddf["region"].value_counts().compute(scheduler=client.get)
    effort = ddf.groupby("region")["effort"].sum().compute(scheduler=client.get)
    w = np.zeros(8)
    w[effort.index.to_numpy()] = effort.to_numpy()
    innovation = w[3] + w[5] + w[6] + w[7]
    share = (3 * w[5] + w[7]) / (3 * innovation)  # the page's formula

    p = cx.Portfolio.from_dataframe(frame, columns={"Idea": "name"})
    report = cx.check_balance(
        p, thresholds=THRESHOLDS, policy=cx.BalancePolicy(weight="effort"), warn=False
    )
    assert {cx.Region(int(r)): int(n) for r, n in counts.items()} == {
        r: n for r, n in p.counts(THRESHOLDS).items() if n
    }
    assert share == pytest.approx(report.innovation_shares[cx.InnovationType.PROCESS])


def test_annotate_per_partition(client: Any, frame: Any) -> None:
    annotation = pytest.importorskip("cxmodel.annotation")

    def annotate(part: Any) -> Any:
        return annotation.annotate(part, columns={"Idea": "name"}, thresholds=THRESHOLDS)

    ddf = dd.from_pandas(frame, npartitions=4)
    meta = annotate(frame.head(3)).iloc[:0]
    out = ddf.map_partitions(annotate, meta=meta).compute(scheduler=client.get)
    whole = annotate(frame)
    assert list(out.columns) == list(whole.columns)
    for column in ("region", "innovation_types", "primary_type", "feature_bloat"):
        assert out[column].tolist() == whole[column].tolist()


def test_bad_rows_fail_the_task_with_a_clear_error(client: Any, frame: Any) -> None:
    bad = frame.copy()
    bad.loc[N - 3, "People"] = np.nan
    ddf = dd.from_pandas(bad, npartitions=4)
    meta = {**ddf.dtypes.to_dict(), "region": "uint8"}
    with pytest.raises(cx.ScoreError, match="desirability"):
        ddf.map_partitions(add_region, meta=meta).compute(scheduler=client.get)
