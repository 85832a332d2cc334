"""Grouped NPS side by side (issue 5, point 6): postventa against pandas groupby
and plain numpy, on the same data in one run.

    python benchmarks/nps_compare.py [--rows 20000000 100000000] [--groups 100 100000]

Scores are int8 in 0..10, groups int32. Each tool computes, per group, the
share of promoters (9-10) and detractors (0-6), the count and the NPS; the
results are checked equal before any time is reported. Times are the best of
--repeat runs (wall clock, one process, after a warm-up run).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd
import postventa as pv


def best(fn, repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def with_pandas(scores: np.ndarray, groups: np.ndarray) -> pd.DataFrame:
    df = pd.DataFrame({"g": groups, "s": scores})
    df["promoter"] = df["s"] >= 9
    df["detractor"] = df["s"] <= 6
    out = df.groupby("g").agg(p=("promoter", "mean"), d=("detractor", "mean"), n=("s", "size"))
    out["nps"] = 100 * (out["p"] - out["d"])
    return out


def with_numpy(scores: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray:
    n = np.bincount(groups, minlength=k)
    p = np.bincount(groups[scores >= 9], minlength=k)
    d = np.bincount(groups[scores <= 6], minlength=k)
    return 100 * (p - d) / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000_000, 100_000_000])
    parser.add_argument("--groups", type=int, nargs="+", default=[100, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"numpy {np.__version__}, pandas {pd.__version__}, postventa {pv.__version__}")
    print("| rows | groups | tool | time | rows/s | vs pandas |")
    print("|---|---|---|---|---|---|")
    rng = np.random.default_rng(42)
    for rows in args.rows:
        scores = rng.integers(0, 11, size=rows, dtype=np.int8)
        for k in args.groups:
            groups = rng.integers(0, k, size=rows, dtype=np.int32)
            t_pd, ref = best(lambda: with_pandas(scores, groups), args.repeat)
            t_np, by_np = best(lambda: with_numpy(scores, groups, k), args.repeat)
            t_pv1, t1 = best(lambda: pv.nps(scores, by=groups), args.repeat)
            t_pv2, t2 = best(lambda: pv.nps(scores, by=groups, threads=2), args.repeat)
            # Same answers before any figure counts.
            expected = ref["nps"].to_numpy()
            assert np.allclose(t1["value"], expected, rtol=0, atol=1e-9)
            assert np.allclose(t2["value"], expected, rtol=0, atol=1e-9)
            assert np.allclose(by_np[ref.index.to_numpy()], expected, rtol=0, atol=1e-9)
            assert (t1["n"] == ref["n"].to_numpy()).all()
            for tool, t in (("pandas groupby", t_pd), ("numpy bincount", t_np),
                            ("pv.nps(by=), 1 thread", t_pv1), ("pv.nps(by=), 2 threads", t_pv2)):
                print(f"| {rows:,} | {k:,} | {tool} | {t * 1000:.1f} ms | "
                      f"{rows / t / 1e9:.2f} G | {t_pd / t:.1f}x |")


if __name__ == "__main__":
    main()
