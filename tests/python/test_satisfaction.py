"""Satisfaction scores (SPEC §7) through the Python face (SPEC §9.2).

Expected values are worked out by hand from SPEC §7 (working in the comments),
or computed independently in the test: numpy formulas written from the SPEC,
statsmodels' Wilson interval for CSAT, scipy's normal quantile for z, and
pandas groupby for grouped scoring. Never copied from the library's output.
"""

from __future__ import annotations

import math
import pickle
import tracemalloc

import numpy as np
import pandas as pd
import postventa as pv
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

Z = stats.norm.ppf(0.975)  # 1.959963984540054, independent of the library
NAN_SCORE_N0 = 0

# ---- Hand-worked values ----------------------------------------------------------


def test_nps_ten_answers_by_hand() -> None:
    # 9 10 10 9 9 | 7 8 8 | 0 6: 5 promoters, 3 passives, 2 detractors.
    # P = .5, D = .2, nps = 30; se = 100 sqrt((.7 - .09) / 10) = 24.6981780705;
    # z * se = 48.4075395019 -> [-18.4075395019, 78.4075395019].
    s = pv.nps([9, 10, 10, 9, 9, 7, 8, 8, 0, 6])
    assert isinstance(s, pv.Score)
    assert s.value == pytest.approx(30.0, abs=1e-12)
    assert s.low == pytest.approx(-18.4075395019, abs=1e-9)
    assert s.high == pytest.approx(78.4075395019, abs=1e-9)
    assert s.n == 10
    assert tuple(s) == (s.value, s.low, s.high, 10)  # a tuple too


def test_nps_interval_is_clipped() -> None:
    # 9 promoters, 1 detractor: P = .9, D = .1, nps = 80;
    # se = 100 sqrt((1 - .64) / 10) = 18.97366596; z se = 18.97366596 * 1.95996398 = 37.1877019; high 117.19 -> 100.
    s = pv.nps([10] * 9 + [0])
    assert s.value == pytest.approx(80.0)
    assert s.low == pytest.approx(80 - 37.1877019, abs=1e-6)
    assert s.high == 100.0


def test_csat_wilson_by_hand() -> None:
    # 5 4 1: p = 2/3, n = 3, z^2 = 3.84145882.
    # center = (2/3 + z^2/6) / (1 + z^2/3) = 1.30690980 / 2.28048627 = .5730838
    # half = z / 2.28048627 * sqrt((2/9)/3 + z^2/36) = .8594500 * .4251838 = .3654240
    # -> [20.76598, 93.85078] percent; value 66.6667.
    s = pv.csat([5, 4, 1])
    assert s.value == pytest.approx(200 / 3)
    assert s.low == pytest.approx(20.76598, abs=1e-4)
    assert s.high == pytest.approx(93.85078, abs=1e-4)
    assert s.n == 3


def test_ces_by_hand() -> None:
    # 1 2 3: mean 2, s = 1, z / sqrt(3) = 1.1315857 -> [0.8684143, 3.1315857].
    s = pv.ces(np.array([1, 2, 3], dtype=np.int16))
    assert s.value == 2.0
    assert s.low == pytest.approx(0.8684143, abs=1e-7)
    assert s.high == pytest.approx(3.1315857, abs=1e-7)
    # One answer: the mean, but no interval (SPEC silent; docs/satisfaction.md).
    one = pv.ces([4])
    assert one.value == 4.0 and math.isnan(one.low) and math.isnan(one.high) and one.n == 1


@pytest.mark.parametrize("fn", [pv.nps, pv.csat, pv.ces])
def test_empty_input_gives_nan_and_n_zero(fn) -> None:
    s = fn([])
    assert s.n == 0
    assert math.isnan(s.value) and math.isnan(s.low) and math.isnan(s.high)


# ---- Errors ---------------------------------------------------------------------


def test_out_of_scale_answer_names_its_position() -> None:
    with pytest.raises(
        pv.ValidationError, match=r"^scores\[2\]: 11 is outside the NPS scale 0-10$"
    ):
        pv.nps(np.array([0, 10, 11, 12], dtype=np.int8))
    with pytest.raises(pv.ValidationError, match=r"^scores\[1\]: 0 is outside"):
        pv.csat([5, 0])
    with pytest.raises(pv.ValidationError, match=r"^scores\[0\]: 8 is outside"):
        pv.ces([8])
    with pytest.raises(pv.ValidationError, match=r"^scores\[1\]: 8.5 is not a whole answer"):
        pv.nps([1.0, 8.5])
    with pytest.raises(pv.ValidationError, match=r"^scores\[3\]: 11 is outside"):
        pv.nps([1, 2, 3, 11], by=["a", "b", "a", "b"])


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="scores: expected numbers"):
        pv.nps(["9"])
    with pytest.raises(TypeError, match="scores: expected numbers"):
        pv.nps(np.array([True, False]))
    with pytest.raises(pv.ValidationError, match=r"scores: expected a one-dimensional array"):
        pv.nps(np.zeros((2, 2), dtype=np.int8))
    with pytest.raises(pv.ValidationError, match=r"^by: has 2 labels but scores has 3$"):
        pv.nps([1, 2, 3], by=[0, 1])
    with pytest.raises(pv.ValidationError, match=r"^by\[1\]: missing group label$"):
        pv.nps([1, 2, 3], by=["a", None, "b"])
    with pytest.raises(pv.ValidationError, match=r"^threads: must be at least 1, got 0$"):
        pv.nps([1, 2, 3], by=[0, 1, 0], threads=0)


# ---- Against independent computations on random data -----------------------------


def _nps_reference(x: np.ndarray) -> tuple[float, float, float]:
    n = len(x)
    p = np.count_nonzero(x >= 9) / n
    d = np.count_nonzero(x <= 6) / n
    nps = 100 * (p - d)
    se = 100 * math.sqrt((p + d - (p - d) ** 2) / n)
    return nps, max(-100.0, nps - Z * se), min(100.0, nps + Z * se)


def _ces_reference(x: np.ndarray) -> tuple[float, float, float]:
    mean = float(np.mean(x))
    half = Z * float(np.std(x, ddof=1)) / math.sqrt(len(x))
    return mean, mean - half, mean + half


def _csat_reference(x: np.ndarray) -> tuple[float, float, float]:
    k = int(np.count_nonzero(x >= 4))
    low, high = proportion_confint(k, len(x), alpha=0.05, method="wilson")
    return 100 * k / len(x), 100 * low, 100 * high


@pytest.mark.parametrize("seed", range(20))
def test_scores_match_independent_formulas(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5000))
    x = rng.integers(0, 11, n)
    assert pv.nps(x) == pytest.approx((*_nps_reference(x), n), rel=1e-12, abs=1e-9)
    c = rng.integers(1, 6, n)
    assert pv.csat(c) == pytest.approx((*_csat_reference(c), n), rel=1e-10, abs=1e-9)
    e = rng.integers(1, 8, n)
    assert pv.ces(e) == pytest.approx((*_ces_reference(e), n), rel=1e-10, abs=1e-9)


@pytest.mark.parametrize(
    "dtype",
    [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64, np.float64],
)
def test_every_dtype_gives_the_same_scores(dtype) -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(1, 6, 3001)
    groups = rng.integers(0, 5, 3001)
    for fn in (pv.nps, pv.csat, pv.ces):
        assert fn(x.astype(dtype)) == fn(list(x))
        assert fn(x.astype(dtype), by=groups.astype(np.int32)).equals(fn(x, by=list(groups)))


def test_other_layouts_are_copied_once_and_agree() -> None:
    x = np.arange(40, dtype=np.int64) % 11
    assert pv.nps(x[::2]) == pv.nps(list(x[::2]))  # strided view
    assert pv.nps(x.astype(np.float32)) == pv.nps(x)  # other float dtype
    assert pv.nps(x.astype(">i4")) == pv.nps(x)  # non-native byte order
    assert pv.nps(tuple(x)) == pv.nps(x)
    assert pv.nps(pd.Series(x)) == pv.nps(x)


def test_numpy_arrays_are_read_without_a_copy() -> None:
    # 64 MB of int8 answers (and int32 group ids, 256 MB): numpy registers its
    # allocations with tracemalloc, so a copy of either would show up in the peak.
    x = np.full(64 << 20, 9, dtype=np.int8)
    g = np.zeros(64 << 20, dtype=np.int32)
    g[1::2] = 1
    tracemalloc.start()
    try:
        s = pv.nps(x)
        t = pv.nps(x, by=g)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert s == (100.0, 100.0, 100.0, 64 << 20)
    assert list(t["n"]) == [32 << 20, 32 << 20]
    assert peak < 1 << 20


# ---- Grouped scoring ---------------------------------------------------------------


@pytest.mark.parametrize("fn", [pv.nps, pv.csat, pv.ces])
def test_grouped_equals_per_group_and_pandas(fn) -> None:
    rng = np.random.default_rng(11)
    n = 5000
    scores = rng.integers(1, 6, n).astype(np.int8)
    labels = rng.choice(np.array(["north", "south", "east", "west", "centre"]), n)
    table = fn(scores, by=labels)
    assert table.columns == ["group", "value", "low", "high", "n"]
    assert table.types["group"] == "string"
    # One row per label, sorted like pandas groupby.
    expected = sorted(set(labels))
    assert list(table["group"]) == expected
    for i, label in enumerate(expected):
        s = fn(scores[labels == label])
        assert (table["value"][i], table["low"][i], table["high"][i], table["n"][i]) == s
    # pandas groupby with the reference formulas.
    reference = {"nps": _nps_reference, "csat": _csat_reference, "ces": _ces_reference}[fn.__name__]
    by_pandas = pd.Series(scores).groupby(labels).apply(lambda s: reference(s.to_numpy()))
    assert list(by_pandas.index) == expected
    for i, label in enumerate(expected):
        assert np.allclose(
            [table["value"][i], table["low"][i], table["high"][i]], by_pandas[label], rtol=1e-10
        )
    df = pd.DataFrame({"g": labels, "s": scores})
    assert list(table["n"]) == list(df.groupby("g")["s"].size())


def test_group_label_types() -> None:
    scores = [9, 0, 10, 7, 8]
    # Sparse integer labels are factorized; the column keeps them, as int64.
    t = pv.nps(scores, by=np.array([1000, -5, 1000, 3, -5], dtype=np.int16))
    assert t.types["group"] == "int64"
    assert list(t["group"]) == [-5, 3, 1000]
    assert list(t["n"]) == [2, 1, 2]
    # Dense ids go straight to the core; ids without answers are absent.
    t = pv.nps(scores, by=np.array([4, 0, 4, 2, 0], dtype=np.uint8))
    assert list(t["group"]) == [0, 2, 4]
    # -> group 0: answers 0, 8 -> one detractor, one passive: nps -50.
    assert t["value"][0] == pytest.approx(-50.0)
    # A pandas Categorical: in the order of its categories.
    cat = pd.Categorical(["b", "a", "b", "c", "a"], categories=["c", "b", "a"])
    t = pv.nps(scores, by=cat)
    assert list(t["group"]) == ["c", "b", "a"]
    assert list(t["n"]) == [1, 2, 2]


def test_threads_give_the_same_table() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 11, 400_000).astype(np.int8)
    groups = rng.integers(0, 1000, 400_000).astype(np.int32)
    assert pv.nps(scores, by=groups, threads=2).equals(pv.nps(scores, by=groups))


# ---- Mergeable states ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_merging_parts_equals_the_whole(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(0, 3000))
    cuts = np.sort(rng.integers(0, n + 1, int(rng.integers(0, 6))))
    bounds = [0, *cuts.tolist(), n]
    for make, lo, hi in ((pv.nps_state, 0, 11), (pv.csat_state, 1, 6), (pv.ces_state, 1, 8)):
        x = rng.integers(lo, hi, n).astype(np.uint8)
        parts = [make(x[a:b]) for a, b in zip(bounds, bounds[1:])]
        merged = parts[0]
        for p in parts[1:]:
            merged = merged.merge(p)
        whole = make(x)
        assert merged == whole
        # Same bits (NaN included when n == 0).
        assert np.array_equal(np.array(merged.score()), np.array(whole.score()), equal_nan=True)


def test_states_are_immutable_and_pickle() -> None:
    s = pv.nps_state([9, 10, 0, 7])
    assert (s.promoters, s.passives, s.detractors, s.n) == (2, 1, 1, 4)
    assert pickle.loads(pickle.dumps(s)) == s
    with pytest.raises(AttributeError):
        s.promoters = 3  # type: ignore[misc]
    with pytest.raises(TypeError, match="other: expected a NpsState"):
        s.merge(pv.csat_state([5]))
    assert pv.NpsState().score().n == 0
    # z = 1: the NPS of the ten hand-worked answers, interval 30 -+ 24.6981780705.
    ten = pv.nps_state([9, 10, 10, 9, 9, 7, 8, 8, 0, 6]).score(z=1.0)
    assert ten.low == pytest.approx(30 - 24.6981780705, abs=1e-9)
    c = pv.ces_state([1, 2, 3])
    assert (c.n, c.sum, c.sum_sq) == (3, 6, 14)
    assert pickle.loads(pickle.dumps(c)).score() == pv.ces([1, 2, 3])


def test_dask_partitions_merge_to_the_whole() -> None:
    dask = pytest.importorskip("dask")
    from functools import reduce

    import dask.array as da

    rng = np.random.default_rng(5)
    x = rng.integers(0, 11, 100_000).astype(np.int8)
    darr = da.from_array(x, chunks=7_919)  # uneven partitions
    states = [dask.delayed(pv.nps_state)(block) for block in darr.to_delayed().ravel()]
    merged = dask.delayed(lambda parts: reduce(pv.NpsState.merge, parts))(states)
    (state,) = dask.compute(merged)
    assert state == pv.nps_state(x)
    assert state.score() == pv.nps(x)


# ---- SERVQUAL ------------------------------------------------------------------------


def test_servqual_by_hand() -> None:
    # Two respondents. Expectations all 5. Perceptions: respondent 0 gives 7 on
    # items 1-4 (gap +2) and 5 elsewhere; respondent 1 gives 3 on items 18-22
    # (gap -2) and 5 elsewhere. Tangibles: 4 items x 2 respondents, sum of gaps 8
    # -> 8 / 8 = 1. Empathy: sum -10 over 10 -> -1. Others 0.
    # overall = (1 + 0 + 0 + 0 - 1) / 5 = 0.
    # weights 2,1,1,1,0 -> normalised .4,.2,.2,.2,0: weighted = .4 * 1 = .4.
    e = np.full((2, 22), 5, dtype=np.int8)
    p = np.full((2, 22), 5, dtype=np.int8)
    p[0, 0:4] = 7
    p[1, 17:22] = 3
    r = pv.servqual(e, p)
    assert r.dimensions == {
        "tangibles": 1.0,
        "reliability": 0.0,
        "responsiveness": 0.0,
        "assurance": 0.0,
        "empathy": -1.0,
    }
    assert r.overall == pytest.approx(0.0, abs=1e-15)
    assert r.weighted is None
    assert r.n == 2
    w = pv.servqual(e, p, weights=[2, 1, 1, 1, 0])
    assert w.weighted == pytest.approx(0.4)
    named = pv.servqual(
        e,
        p,
        weights={
            "tangibles": 2,
            "reliability": 1,
            "responsiveness": 1,
            "assurance": 1,
            "empathy": 0,
        },
    )
    assert named.weighted == w.weighted
    # Merging respondents.
    merged = pv.servqual_state(e[:1], p[:1]).merge(pv.servqual_state(e[1:], p[1:]))
    assert merged == pv.servqual_state(e, p)
    assert pickle.loads(pickle.dumps(merged)).score() == r


def test_servqual_errors() -> None:
    e = np.full((2, 22), 5)
    p = np.full((2, 22), 5)
    p[1, 7] = 8
    with pytest.raises(
        pv.ValidationError, match=r"^perceptions\[1\]\[7\]: 8 is outside the SERVQUAL scale 1-7$"
    ):
        pv.servqual(e, p)
    with pytest.raises(
        pv.ValidationError,
        match=r"^expectations: expected shape \(respondents, 22\), got \(2, 21\)$",
    ):
        pv.servqual(e[:, :21], p[:, :21])
    with pytest.raises(pv.ValidationError, match=r"^weights\[2\]: -0.5 is negative$"):
        pv.servqual(e, e, weights=[1, 1, -0.5, 1, 1])
    with pytest.raises(pv.ValidationError, match=r"^weights: expected 5 weights"):
        pv.servqual(e, e, weights=[1, 1])
    empty = pv.servqual(np.zeros((0, 22)), np.zeros((0, 22)))
    assert empty.n == 0 and math.isnan(empty.overall)


def test_grouped_scoring_releases_the_gil() -> None:
    """While pv.nps(..., by=) computes in another thread, this thread keeps
    running Python: its longest stall during the call is far shorter than the
    call. (Were the GIL held, this thread could not run at all until the call
    returned, and the stall would be the whole call.)"""
    import threading
    import time

    rng = np.random.default_rng(5)
    n = 60_000_000
    scores = rng.integers(0, 11, n, dtype=np.int8)
    groups = (np.arange(n, dtype=np.int32) % 1000).astype(np.int32)
    window: list[float] = []

    def work() -> None:
        window.append(time.perf_counter())
        pv.nps(scores, by=groups, threads=1)
        window.append(time.perf_counter())

    worker = threading.Thread(target=work)
    ticks: list[float] = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    start, end = window
    call = end - start
    inside = [start] + [t for t in ticks if start < t < end] + [end]
    stall = max(b - a for a, b in zip(inside, inside[1:]))
    assert call > 0.02, f"the call took {call * 1000:.1f} ms: too short to tell"
    assert stall < call / 2, f"stalled {stall * 1000:.1f} ms of a {call * 1000:.1f} ms call"
