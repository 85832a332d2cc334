"""Side by side: postventa's reliability estimators against the Python tools
analysts use (issue 6, point 6), on the same data in one run.

- Weibull MLE on N units (default 1 M) with half of them right-censored:
  pv.weibull_fit against lifelines' WeibullFitter (its default options, and
  with the tight tolerances that make it agree to 1e-6) and against scipy:
  scipy.stats.weibull_min.fit cannot censor, so the censored log-likelihood is
  written in numpy and maximised with scipy.optimize.minimize (L-BFGS-B with
  its analytic gradient, in log parameters), as an analyst would.
- Kaplan–Meier on N units: pv.kaplan_meier against lifelines'
  KaplanMeierFitter, for continuous times and for times in whole days (the
  times, the counts at risk / failed / censored and S with its bounds).

The estimates are checked to agree (1e-6 relative) before anything is timed;
a tool that does not agree is reported as such. Times are the best of
--repeat runs (lifelines and scipy: --repeat-slow). Prints a markdown table.

    python benchmarks/reliability_compare.py [--units 1000000] [--repeat 5] [--only km]

Needs the installed postventa package, numpy, scipy and lifelines
(scripts/requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import math
import platform
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import postventa as pv
from scipy import optimize

AGREE = 1e-6


def best_of(repeat: int, f: Callable[[], Any]) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = f()
        best = min(best, time.perf_counter() - start)
    return best, result


def rel(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


def weibull_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Durations and failure flags: Weibull(1.7, 1000) lives, every other unit
    censored at a uniform fraction of its life."""
    rng = np.random.default_rng(seed)
    t = 1000 * rng.weibull(1.7, n)
    censored = np.arange(n) % 2 == 1
    durations = np.where(censored, t * rng.uniform(0.05, 1.0, n), t)
    return durations, ~censored


def scipy_weibull(durations: np.ndarray, observed: np.ndarray) -> tuple[float, float]:
    """(shape, scale) maximising the right-censored log-likelihood
    sum_f [ln b - b ln a + (b-1) ln t] - sum_all (t/a)^b, in (ln a, ln b)."""
    log_t = np.log(durations)
    log_f_sum = float(log_t[observed].sum())
    r = int(observed.sum())

    def nll(p: np.ndarray) -> tuple[float, np.ndarray]:
        log_a, log_b = p
        b = math.exp(log_b)
        z = b * (log_t - log_a)  # ln (t/a)^b
        s = np.exp(z)
        total = s.sum()
        ll = r * (log_b - b * log_a) + (b - 1) * log_f_sum - total
        # d/d ln a = -r b + b sum s; d/d ln b = r + b (sum_f ln t - r ln a) - sum s z
        g_a = -r * b + b * total
        g_b = r + b * (log_f_sum - r * log_a) - float(s @ z)
        return -ll, -np.array([g_a, g_b])

    start = np.array([math.log(float(np.mean(durations))), 0.0])
    res = optimize.minimize(
        nll, start, jac=True, method="L-BFGS-B", options={"gtol": 1e-10, "ftol": 1e-16}
    )
    return math.exp(res.x[1]), math.exp(res.x[0])


def weibull_rows(
    args: argparse.Namespace,
    durations: np.ndarray,
    observed: np.ndarray,
    rows: list[tuple[str, str, float, str]],
) -> None:
    """The Weibull MLE rows: postventa, lifelines (two settings), scipy."""
    from lifelines import WeibullFitter

    n = len(durations)
    failures, censored = durations[observed], durations[~observed]
    task = f"Weibull MLE, {n:,} units, half censored"
    t_pv, fit = best_of(args.repeat, lambda: pv.weibull_fit(failures, censored))
    rows.append((task, "postventa `pv.weibull_fit` (with SEs and bounds)", t_pv, "reference"))

    def lifelines_fit(**options: Any) -> Any:
        return WeibullFitter().fit(durations, observed, **options)

    tight = {"fit_options": {"gtol": 1e-12, "ftol": 1e-16}}
    for label, options in (("default options", {}), ("gtol 1e-12, ftol 1e-16", tight)):
        t, wf = best_of(args.repeat_slow, lambda o=options: lifelines_fit(**o))
        diff = max(rel(wf.rho_, fit.shape), rel(wf.lambda_, fit.scale))
        se = max(
            rel(wf.summary.loc["rho_", "se(coef)"], fit.shape_se),
            rel(wf.summary.loc["lambda_", "se(coef)"], fit.scale_se),
        )
        note = f"estimates {diff:.1e}, SEs {se:.1e}" + ("" if diff < AGREE else " — DISAGREES")
        rows.append((task, f"lifelines `WeibullFitter` ({label})", t, note))
    t, (shape, scale) = best_of(args.repeat_slow, lambda: scipy_weibull(durations, observed))
    diff = max(rel(shape, fit.shape), rel(scale, fit.scale))
    note = f"estimates {diff:.1e} (no SEs)" + ("" if diff < AGREE else " — DISAGREES")
    rows.append((task, "scipy `optimize.minimize` (L-BFGS-B, analytic gradient)", t, note))


def kaplan_meier_rows(
    args: argparse.Namespace,
    durations: np.ndarray,
    observed: np.ndarray,
    rows: list[tuple[str, str, float, str]],
) -> None:
    """The Kaplan–Meier rows, continuous times and whole days: postventa, lifelines."""
    from lifelines import KaplanMeierFitter

    n = len(durations)
    for kind in ("continuous times", "whole days"):
        d = durations if kind == "continuous times" else np.ceil(durations)
        task = f"Kaplan–Meier, {n:,} units, half censored, {kind}"
        t_km, km = best_of(args.repeat, lambda d=d: pv.kaplan_meier(d, observed))
        rows.append((task, "postventa `pv.kaplan_meier` (table with bounds)", t_km, "reference"))

        def lifelines_km(d: np.ndarray = d) -> Any:
            kmf = KaplanMeierFitter().fit(d, observed)
            return kmf, kmf.confidence_interval_  # the bounds are computed lazily

        t, (kmf, bounds) = best_of(args.repeat_slow, lifelines_km)
        sf = kmf.survival_function_.iloc[:, 0].to_numpy()
        same_times = np.array_equal(km["time"], kmf.survival_function_.index.to_numpy())
        diff = max(
            float(np.max(np.abs(km["survival"] - sf) / np.maximum(sf, 1e-300))),
            float(
                np.max(
                    np.abs(km["lower"] - bounds.iloc[:, 0]) / np.maximum(bounds.iloc[:, 0], 1e-300)
                )
            ),
            float(
                np.max(
                    np.abs(km["upper"] - bounds.iloc[:, 1]) / np.maximum(bounds.iloc[:, 1], 1e-300)
                )
            ),
        )
        events = kmf.event_table  # at_risk, observed (failures), censored per time
        pairs = (("at_risk", "at_risk"), ("events", "observed"), ("censored", "censored"))
        same_counts = all(
            np.array_equal(km[ours], events[theirs].to_numpy()) for ours, theirs in pairs
        )
        ok = same_times and same_counts and diff < AGREE
        note = f"{len(km):,} rows; S and bounds {diff:.1e}" + ("" if ok else " — DISAGREES")
        rows.append((task, "lifelines `KaplanMeierFitter` (+ `confidence_interval_`)", t, note))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000, help="units per dataset")
    parser.add_argument("--repeat", type=int, default=5, help="runs of postventa (best kept)")
    parser.add_argument("--repeat-slow", type=int, default=2, help="runs of lifelines and scipy")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--only", choices=("weibull", "km"), help="run one task's rows (default: both)"
    )
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # lifelines' and autograd's own deprecations
    n = args.units
    rows: list[tuple[str, str, float, str]] = []

    # The same units for both tasks.
    durations, observed = weibull_data(n, args.seed)
    if args.only != "km":
        weibull_rows(args, durations, observed, rows)
    if args.only != "weibull":
        kaplan_meier_rows(args, durations, observed, rows)

    # ---- The table --------------------------------------------------------------------------
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"postventa {pv.__version__}; best of {args.repeat} (postventa) / "
        f"{args.repeat_slow} (others)\n"
    )
    print("| Task | Tool | Time | vs postventa | Agreement (max rel. diff) |")
    print("|---|---|---:|---:|---|")
    reference = 0.0
    for task, tool, t, note in rows:
        if note == "reference":
            reference = t
            ratio, note = "1×", "—"
        else:
            ratio = f"{t / reference:.0f}× slower"
        print(f"| {task} | {tool} | {t * 1000:.1f} ms | {ratio} | {note} |")


if __name__ == "__main__":
    main()
