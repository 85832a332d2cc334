"""Reliability estimators (SPEC §8) through the Python face (SPEC §9.2).

Two kinds of checks:
- tiny cases worked out by hand from the definitions in SPEC §8 and
  docs/reliability.md (the working is in the comments);
- every estimator against the tools analysts trust, on many random datasets
  (heavy censoring included): lifelines (Weibull MLE, interval MLE,
  Kaplan–Meier, log-rank), the `reliability` package (Weibull MLE and rank
  regression, MCF, Laplace / Crow-AMSAA), scipy (exact median ranks, an
  independent likelihood maximised with scipy.optimize) and statsmodels
  (Kaplan–Meier, log-rank). The reference packages are test-only
  dependencies (scripts/requirements-dev.txt); without one, its tests skip.

How each tool is called, and why some tolerances are wider than 1e-6, follows
docs/reliability.md ("Agreement with the reference tools").
"""

from __future__ import annotations

import math
import os
import threading
import time
import tracemalloc

import numpy as np
import postventa as pv
import pytest
from scipy import optimize, stats

os.environ.setdefault("MPLBACKEND", "Agg")  # `reliability` imports matplotlib

Z95 = stats.norm.ppf(0.975)  # two-sided 95 %: 1.959963984540054
Z95_ONE_SIDED = stats.norm.ppf(0.95)  # the MCF's one-sided bound: 1.6448536269514722
SEEDS = range(30)


def rel(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


def lifelines():
    return pytest.importorskip("lifelines", reason="lifelines is a test-only reference")


def reliability_pkg():
    return pytest.importorskip(
        "reliability", reason="the reliability package is a test-only reference"
    )


# ---- Random datasets ------------------------------------------------------------------


def right_censored(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(failures, suspensions): Weibull lives with random censoring of 0 to 90 %
    of the units at uniform times (no ties: continuous times)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(10, 400))
    beta, alpha = rng.uniform(0.5, 5), rng.uniform(1, 1e4)
    t = alpha * rng.weibull(beta, n)
    cens_frac = 0.9 if seed % 3 == 0 else rng.uniform(0, 0.9)  # every third: 90 %
    c_time = np.where(rng.uniform(size=n) < cens_frac, alpha * rng.uniform(0.05, 2.0, n), np.inf)
    observed = t <= c_time
    if observed.sum() < 3:  # the fits need failures: the first three units fail
        observed[:3] = True
    failures = t[observed]
    suspensions = np.minimum(t, c_time)[~observed]
    return failures, suspensions


def lifetimes(seed: int, ties: bool) -> tuple[np.ndarray, np.ndarray]:
    """(durations, observed) with 0 to 90 % censoring; with ties, whole days."""
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(5, 500))
    t = rng.weibull(rng.uniform(0.6, 3), n) * 100
    c = rng.uniform(0, 1.5, n) * 100 if seed % 2 else rng.exponential(20, n)
    d = np.minimum(t, c)
    if ties:
        d = np.ceil(d)  # 1, 2, ... days: many failures and censorings share a day
    return d, t <= c


# ---- Weibull: hand-worked ------------------------------------------------------------


def test_rank_regression_worked_example() -> None:
    # Failures 10, 30, 40 and a suspension at 20 (n = 4). Johnson's adjusted
    # ranks: 10 -> 0 + (5 - 0)/(1 + 4) = 1; 30 (2 units from it on) ->
    # 1 + (5 - 1)/(1 + 2) = 7/3; 40 -> 7/3 + (5 - 7/3)/(1 + 1) = 11/3.
    # Bernard F = (r - 0.3)/4.4; regression of ln(-ln(1 - F)) on ln t.
    ranks = np.array([1, 7 / 3, 11 / 3])
    F = (ranks - 0.3) / 4.4  # 0.159091, 0.462121, 0.765152
    slope, intercept = np.polyfit(np.log([10, 30, 40]), np.log(-np.log1p(-F)), 1)
    fit = pv.weibull_fit([10, 30, 40], [20], method="rry")
    assert isinstance(fit, pv.WeibullFit)
    assert fit.shape == pytest.approx(slope, rel=1e-12)  # 1.42889
    assert fit.scale == pytest.approx(math.exp(-intercept / slope), rel=1e-12)  # 35.332
    assert fit.shape == pytest.approx(1.42889, abs=1e-5)
    assert fit.scale == pytest.approx(35.332, abs=1e-3)
    assert (fit.failures, fit.suspensions) == (3, 1)
    assert math.isnan(fit.shape_se) and math.isnan(fit.scale_se)
    assert all(math.isnan(x) for x in fit.shape_ci + fit.scale_ci)
    # loglik: the right-censored likelihood at the regression estimate.
    b, a = fit.shape, fit.scale
    ll = sum(math.log(b / a) + (b - 1) * math.log(t / a) - (t / a) ** b for t in (10, 30, 40))
    ll -= (20 / a) ** b
    assert fit.loglik == pytest.approx(ll, rel=1e-12)


def test_mle_is_the_maximum_of_the_likelihood() -> None:
    # Dataset B of the C++ tests. At the maximum: the scale solves
    # d/d alpha = 0, alpha = (sum t^beta / r)^(1/beta) over all units, and the
    # score is zero; the bounds are x exp(+-z se/x).
    f = [150, 340, 560, 800, 1130, 1720, 2470, 4210]
    c = [180, 500, 900, 1500, 2000, 5000, 5000]
    fit = pv.weibull_fit(f, c)
    b, a = fit.shape, fit.scale
    allt = np.array(f + c, dtype=float)
    assert a == pytest.approx((np.sum(allt**b) / len(f)) ** (1 / b), rel=1e-12)

    def ll(a: float, b: float) -> float:
        x = np.array(f, dtype=float)
        return float(np.sum(np.log(b / a) + (b - 1) * np.log(x / a)) - np.sum((allt / a) ** b))

    assert fit.loglik == pytest.approx(ll(a, b), rel=1e-12)
    h = 1e-6
    assert abs(ll(a, b * (1 + h)) - ll(a, b * (1 - h))) < 1e-9
    assert abs(ll(a * (1 + h), b) - ll(a * (1 - h), b)) < 1e-9
    assert fit.shape_ci == pytest.approx(
        (b * math.exp(-Z95 * fit.shape_se / b), b * math.exp(Z95 * fit.shape_se / b)), rel=1e-12
    )
    assert fit.scale_ci == pytest.approx(
        (a * math.exp(-Z95 * fit.scale_se / a), a * math.exp(Z95 * fit.scale_se / a)), rel=1e-12
    )
    wide = pv.weibull_fit(f, c, ci=0.99)
    assert wide.shape_ci[0] < fit.shape_ci[0] and wide.shape_ci[1] > fit.shape_ci[1]
    assert (fit.failures, fit.suspensions) == (8, 7)


def test_weibull_fit_result_is_a_frozen_readable_value() -> None:
    fit = pv.weibull_fit([1.0, 2.0, 3.0, 5.0])
    assert fit.suspensions == 0 and fit.failures == 4
    with pytest.raises(AttributeError):
        fit.shape = 2.0  # type: ignore[misc]
    text = repr(fit)
    assert text.startswith("WeibullFit(shape=") and "suspensions=0" in text
    assert isinstance(fit.shape_ci, tuple) and len(fit.scale_ci) == 2


def test_weibull_inputs_any_sequence_or_dtype() -> None:
    f = np.array([3.0, 7.0, 12.0, 20.0, 31.0])
    c = np.array([10.0, 25.0])
    base = pv.weibull_fit(f, c)
    assert pv.weibull_fit(list(f), tuple(c)) == base
    assert pv.weibull_fit(f.astype(np.float32), c.astype(np.int64)) == base
    assert pv.weibull_fit(f.astype(">f8"), c) == base
    strided = np.repeat(f, 2)[::2]  # not contiguous: one copy
    assert pv.weibull_fit(strided, c) == base
    assert pv.weibull_fit(f, None) == pv.weibull_fit(f, [])


def test_weibull_errors_name_the_field() -> None:
    with pytest.raises(
        pv.ValidationError, match=r"^failures\[1\]: -1 is not a positive finite time$"
    ):
        pv.weibull_fit([1, -1])
    with pytest.raises(pv.ValidationError, match=r"^censored\[0\]: "):
        pv.weibull_fit([1, 2], [math.nan])
    with pytest.raises(pv.ValidationError, match=r"^method: 'ols' is not one of 'mle' or 'rry'$"):
        pv.weibull_fit([1, 2], method="ols")
    with pytest.raises(pv.ValidationError, match=r"^positions: "):
        pv.weibull_fit([1, 2], method="rry", positions="hazen")
    with pytest.raises(pv.ValidationError, match=r"^ci: "):
        pv.weibull_fit([1, 2, 3], ci=1.5)
    with pytest.raises(pv.ValidationError, match=r"^failures: "):
        pv.weibull_fit([])
    with pytest.raises(pv.ValidationError, match=r"^failures: expected a one-dimensional"):
        pv.weibull_fit([[1, 2], [3, 4]])
    with pytest.raises(TypeError, match=r"^failures: expected numbers"):
        pv.weibull_fit(["1", "2"])
    with pytest.raises(TypeError, match=r"^ci: expected a number, got str$"):
        pv.weibull_fit([1, 2, 3], ci="0.9")
    with pytest.raises(pv.ValidationError, match=r"^right\[0\]: "):
        pv.weibull_fit_interval([1], [1], [3])
    with pytest.raises(pv.ValidationError, match=r"^counts\[0\]: "):
        pv.weibull_fit_interval([0], [1], [0.5])


def test_interval_fit_is_the_maximum_of_the_grouped_likelihood() -> None:
    # Warranty returns by month in service (the C++ tests' dataset I): the
    # log-likelihood sum c ln(F(r) - F(l)), -c (l/alpha)^beta for the censored
    # rows, written here from its definition, is flat at the estimate.
    L = np.array([0, 1, 2, 3, 4, 5, 6, 6, 12], dtype=float)
    R = np.array([1, 2, 3, 4, 6, 6.5, 12, np.inf, np.inf])
    C = np.array([2, 3, 5, 4, 9, 0, 17, 40, 120], dtype=float)
    fit = pv.weibull_fit_interval(L, R, C)
    assert fit.failures == 40 and fit.suspensions == 160
    ll = interval_loglik(L, R, C)
    assert fit.loglik == pytest.approx(ll(fit.scale, fit.shape), rel=1e-12)
    h = 1e-6
    assert abs(ll(fit.scale, fit.shape * (1 + h)) - ll(fit.scale, fit.shape * (1 - h))) < 1e-8
    assert abs(ll(fit.scale * (1 + h), fit.shape) - ll(fit.scale * (1 - h), fit.shape)) < 1e-8


def interval_loglik(L: np.ndarray, R: np.ndarray, C: np.ndarray):
    keep = C > 0

    def ll(a: float, b: float) -> float:
        l, r, c = L[keep], R[keep], C[keep]
        Fl = -np.expm1(-((l / a) ** b))
        Sr = np.exp(-((r / a) ** b))  # 0 for r = inf
        return float(np.sum(c * np.log((1 - Fl) - Sr)))

    return ll


# ---- Weibull: against the reference tools ---------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_weibull_mle_matches_lifelines(seed: int) -> None:
    ll_mod = lifelines()
    f, c = right_censored(seed)
    fit = pv.weibull_fit(f, c)
    wf = ll_mod.WeibullFitter().fit(
        np.concatenate([f, c]),
        np.concatenate([np.ones(len(f)), np.zeros(len(c))]),
        fit_options={"gtol": 1e-12, "ftol": 1e-16},
    )
    # Estimates to 1e-6 (lifelines' optimiser, tightened, reaches ~2e-7).
    assert rel(fit.shape, wf.rho_) < 1e-6
    assert rel(fit.scale, wf.lambda_) < 1e-6
    assert rel(fit.loglik, wf.log_likelihood_) < 1e-9
    assert fit.loglik >= wf.log_likelihood_ - 1e-9  # ours is the maximum
    # Standard errors: lifelines evaluates its Hessian at its own (slightly
    # different) optimum; measured worst 1.5e-7 over these seeds.
    assert rel(fit.shape_se, wf.summary.loc["rho_", "se(coef)"]) < 1e-6
    assert rel(fit.scale_se, wf.summary.loc["lambda_", "se(coef)"]) < 1e-6


@pytest.mark.filterwarnings(  # its optimizer="best" passes a gradient to every method
    "ignore:Method .* does not use gradient information:RuntimeWarning"
)
@pytest.mark.parametrize("seed", SEEDS[:15])
def test_weibull_mle_matches_reliability(seed: int) -> None:
    reliability_pkg()
    from reliability.Fitters import Fit_Weibull_2P

    f, c = right_censored(seed)
    fit = pv.weibull_fit(f, c)
    r = Fit_Weibull_2P(
        failures=list(f),
        right_censored=list(c) if len(c) else None,
        show_probability_plot=False,
        print_results=False,
        optimizer="best",
    )
    assert fit.loglik >= r.loglik - 1e-9  # its optimiser may stop short, never beyond
    assert rel(fit.shape, r.beta) < 1e-6
    assert rel(fit.scale, r.alpha) < 1e-6
    assert rel(fit.shape_se, r.beta_SE) < 1e-6
    assert rel(fit.scale_se, r.alpha_SE) < 1e-6
    # Its bounds are on the log scale as SPEC §8's.
    assert rel(fit.shape_ci[0], r.beta_lower) < 1e-6
    assert rel(fit.shape_ci[1], r.beta_upper) < 1e-6
    assert rel(fit.scale_ci[0], r.alpha_lower) < 1e-6
    assert rel(fit.scale_ci[1], r.alpha_upper) < 1e-6


@pytest.mark.parametrize("seed", SEEDS)
def test_weibull_rank_regression_matches_reliability(seed: int) -> None:
    reliability_pkg()
    from reliability.Fitters import Fit_Weibull_2P

    f, c = right_censored(seed)  # continuous times: no failure-suspension ties
    fit = pv.weibull_fit(f, c, method="rry")
    r = Fit_Weibull_2P(
        failures=list(f),
        right_censored=list(c) if len(c) else None,
        method="RRY",
        show_probability_plot=False,
        print_results=False,
    )
    assert rel(fit.shape, r.beta) < 1e-10
    assert rel(fit.scale, r.alpha) < 1e-10
    assert rel(fit.loglik, r.loglik) < 1e-10


def johnson_ranks(f: np.ndarray, c: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(n, failure times, adjusted ranks), failures before suspensions at ties."""
    units = sorted([(t, 0) for t in f] + [(t, 1) for t in c])
    n, prev = len(units), 0.0
    times, ranks = [], []
    for k, (t, suspended) in enumerate(units):
        if suspended:
            continue
        prev += (n + 1 - prev) / (1 + n - k)
        times.append(t)
        ranks.append(prev)
    return n, np.array(times), np.array(ranks)


@pytest.mark.parametrize("seed", SEEDS)
def test_weibull_exact_median_ranks_match_scipy(seed: int) -> None:
    f, c = right_censored(seed)
    n, times, ranks = johnson_ranks(f, c)
    median = stats.beta.ppf(0.5, ranks, n - ranks + 1)
    slope, intercept = np.polyfit(np.log(times), np.log(-np.log1p(-median)), 1)
    fit = pv.weibull_fit(f, c, method="rry", positions="exact")
    assert rel(fit.shape, slope) < 1e-9
    assert rel(fit.scale, math.exp(-intercept / slope)) < 1e-9


def grouped(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monthly returns up to a horizon, the survivors censored there."""
    rng = np.random.default_rng(2000 + seed)
    n = int(rng.integers(20, 3000))
    beta, alpha = rng.uniform(0.5, 4), rng.uniform(5, 60)
    horizon = int(rng.integers(6, 48))
    t = alpha * rng.weibull(beta, n)
    edges = np.arange(0, horizon + 1, dtype=float)
    counts = np.histogram(t[t <= horizon], bins=edges)[0].astype(float)
    L = np.append(edges[:-1], horizon)
    R = np.append(edges[1:], np.inf)
    C = np.append(counts, float((t > horizon).sum()))
    if (C[:-1] > 0).sum() < 2:  # needs failures in two months for a finite maximum
        C[0] += 1
        C[1] += 1
    return L, R, C


@pytest.mark.parametrize("seed", SEEDS[:20])
def test_weibull_interval_matches_scipy_and_lifelines(seed: int) -> None:
    L, R, C = grouped(seed)
    fit = pv.weibull_fit_interval(L, R, C)
    # scipy: the grouped likelihood written from its definition, maximised from
    # a start 5 % away by a tight Nelder-Mead in (ln alpha, ln beta).
    ll = interval_loglik(L, R, C)
    res = optimize.minimize(
        lambda p: -ll(math.exp(p[0]), math.exp(p[1])),
        [math.log(fit.scale * 1.05), math.log(fit.shape * 0.95)],
        method="Nelder-Mead",
        options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000},
    )
    assert fit.loglik >= -res.fun - 1e-9
    assert rel(fit.scale, math.exp(res.x[0])) < 1e-6
    assert rel(fit.shape, math.exp(res.x[1])) < 1e-6
    # lifelines' fit_interval_censoring stops up to about 5e-6 from the maximum
    # (docs/reliability.md; its log-likelihood is the lower one), so it is held
    # to 5e-6, its standard errors (Hessian at its point) to 1e-5.
    ll_mod = lifelines()
    keep = C > 0
    wf = ll_mod.WeibullFitter().fit_interval_censoring(
        L[keep], R[keep], weights=C[keep], fit_options={"gtol": 1e-12, "ftol": 1e-16}
    )
    assert fit.loglik >= wf.log_likelihood_ - 1e-9
    assert rel(fit.shape, wf.rho_) < 5e-6
    assert rel(fit.scale, wf.lambda_) < 5e-6
    assert rel(fit.shape_se, wf.summary.loc["rho_", "se(coef)"]) < 1e-5
    assert rel(fit.scale_se, wf.summary.loc["lambda_", "se(coef)"]) < 1e-5


# ---- Kaplan–Meier ------------------------------------------------------------------------


def test_kaplan_meier_by_hand() -> None:
    # durations 1 2 2 3 4, observed 1 1 0 1 0 (n = 5):
    # t=0: S=1; t=1: n=5 d=1 S=.8; t=2: n=4 d=1 c=1 S=.6; t=3: n=2 d=1 S=.3;
    # t=4: n=1 d=0 c=1 S=.3. Greenwood V: .05, +1/12, +1/2, +0.
    # Bounds exp(-exp(ln(-ln S) -+ z sqrt(V)/ln S)); e.g. t=1:
    # ln(-ln .8) = -1.499940, z sqrt(.05)/ln .8 = -1.964033 -> lower
    # exp(-exp(0.464093)) = 0.203809, upper exp(-exp(-3.463973)) = 0.969180.
    km = pv.kaplan_meier([1, 2, 2, 3, 4], [1, 1, 0, 1, 0])
    assert isinstance(km, pv.Table)
    assert km.columns == ["time", "survival", "lower", "upper", "at_risk", "events", "censored"]
    assert km.types == {
        "time": "float64",
        "survival": "float64",
        "lower": "float64",
        "upper": "float64",
        "at_risk": "int64",
        "events": "int64",
        "censored": "int64",
    }
    assert list(km["time"]) == [0, 1, 2, 3, 4]
    assert km["survival"] == pytest.approx([1, 0.8, 0.6, 0.3, 0.3], abs=1e-15)
    assert list(km["at_risk"]) == [5, 5, 4, 2, 1]
    assert list(km["events"]) == [0, 1, 1, 1, 0]
    assert list(km["censored"]) == [0, 0, 1, 0, 1]
    V = np.cumsum([0, 0.05, 1 / 12, 1 / 2, 0])
    S = np.array([1, 0.8, 0.6, 0.3, 0.3])
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = np.exp(-np.exp(np.log(-np.log(S)) - Z95 * np.sqrt(V) / np.log(S)))
        hi = np.exp(-np.exp(np.log(-np.log(S)) + Z95 * np.sqrt(V) / np.log(S)))
    assert km["lower"][1:] == pytest.approx(lo[1:], rel=1e-12)
    assert km["upper"][1:] == pytest.approx(hi[1:], rel=1e-12)
    assert (km["lower"][0], km["upper"][0]) == (1.0, 1.0)
    assert km["lower"][1] == pytest.approx(0.203809, abs=1e-6)
    assert km["upper"][1] == pytest.approx(0.969180, abs=1e-6)


def test_kaplan_meier_inputs_and_errors() -> None:
    d = np.array([5.0, 3.0, 8.0, 3.0])
    base = pv.kaplan_meier(d, [True, False, True, True])
    assert pv.kaplan_meier(list(d), np.array([1, 0, 1, 1], dtype=np.int64)).equals(base)
    assert pv.kaplan_meier(d.astype(np.int32), np.array([1.0, 0.0, 1.0, 1.0])).equals(base)
    assert pv.kaplan_meier(d, np.array([1, 0, 1, 1], dtype=np.uint8)).equals(base)
    with pytest.raises(
        pv.ValidationError, match=r"^observed\[1\]: 2 is not 0 \(censored\) or 1 \(failure\)$"
    ):
        pv.kaplan_meier(d, [1, 2, 1, 1])
    with pytest.raises(
        pv.ValidationError, match=r"^observed\[2\]: 300 is not 0 \(censored\) or 1 \(failure\)$"
    ):
        pv.kaplan_meier(d, [1, 0, 300, 1])  # beyond uint8: checked before the cast
    with pytest.raises(pv.ValidationError, match=r"^observed\[0\]: 0.5 is not 0"):
        pv.kaplan_meier(d, [0.5, 0, 1, 1])
    with pytest.raises(pv.ValidationError, match=r"^observed: 3 values for 4 durations$"):
        pv.kaplan_meier(d, [1, 0, 1])
    with pytest.raises(
        pv.ValidationError, match=r"^durations\[0\]: -1 is not a non-negative finite time$"
    ):
        pv.kaplan_meier([-1, 2], [1, 1])
    with pytest.raises(pv.ValidationError, match=r"^durations: no durations$"):
        pv.kaplan_meier([], [])
    with pytest.raises(TypeError, match=r"^observed: expected bool or 0/1 numbers"):
        pv.kaplan_meier(d, ["y", "n", "y", "y"])


def km_frames(d: np.ndarray, e: np.ndarray, ci: float):
    ll_mod = lifelines()
    kmf = ll_mod.KaplanMeierFitter(alpha=1 - ci).fit(d, e)
    return kmf.survival_function_.iloc[:, 0], kmf.confidence_interval_, kmf.event_table


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
def test_kaplan_meier_matches_lifelines(seed: int, ties: bool) -> None:
    d, e = lifetimes(seed, ties)
    ci = 0.95 if seed % 2 else 0.9
    km = pv.kaplan_meier(d, e, ci=ci)
    sf, bounds, table = km_frames(d, e, ci)
    np.testing.assert_array_equal(km["time"], sf.index.to_numpy())
    np.testing.assert_allclose(km["survival"], sf.to_numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(km["lower"], bounds.iloc[:, 0].to_numpy(), rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(km["upper"], bounds.iloc[:, 1].to_numpy(), rtol=1e-9, atol=1e-300)
    np.testing.assert_array_equal(km["at_risk"], table["at_risk"].to_numpy())
    np.testing.assert_array_equal(km["events"], table["observed"].to_numpy())
    np.testing.assert_array_equal(km["censored"], table["censored"].to_numpy())


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_kaplan_meier_matches_statsmodels(seed: int) -> None:
    survfunc = pytest.importorskip("statsmodels.duration.survfunc")
    d, e = lifetimes(seed, ties=True)
    km = pv.kaplan_meier(d, e)
    sm = survfunc.SurvfuncRight(d, e.astype(float))
    # statsmodels lists failure times only: our rows at those times.
    at = np.isin(km["time"], sm.surv_times)
    np.testing.assert_array_equal(km["time"][at], sm.surv_times)
    np.testing.assert_allclose(km["survival"][at], sm.surv_prob, rtol=1e-12, atol=1e-300)


# ---- Log-rank ------------------------------------------------------------------------------


def test_logrank_by_hand() -> None:
    # a: 1, 2 (failures), b: 3, 4 (failures). Distinct failure times:
    # t=1: n=4 na=2 d=1: E=1/2, V=2*2*1*3/(16*3)=1/4; t=2: n=3 na=1 nb=2:
    # E=1/3, V=1*2*1*2/(9*2)=2/9; t=3, 4: na=0 adds 0. O-E = 2 - 5/6 = 7/6,
    # V = 17/36: chi2 = (49/36)/(17/36) = 49/17.
    result = pv.logrank([1, 2], [1, 1], [3, 4], [True, True])
    chi2, p = result  # a tuple too
    assert isinstance(result, pv.LogRank)
    assert chi2 == pytest.approx(49 / 17, rel=1e-14)
    assert p == pytest.approx(stats.chi2.sf(49 / 17, 1), rel=1e-12)
    assert result.p_value == p
    assert pv.logrank([1, 2], [0, 0], [3], [0]) == (0.0, 1.0)  # no failure: no information


@pytest.mark.parametrize("seed", SEEDS)
def test_logrank_matches_lifelines(seed: int) -> None:
    lifelines()
    from lifelines.statistics import logrank_test

    da, ea = lifetimes(seed, ties=seed % 2 == 0)
    db, eb = lifetimes(seed + 500, ties=seed % 2 == 0)
    db = db * (1.0 + 0.3 * (seed % 3))  # group b lives longer in most seeds
    chi2, p = pv.logrank(da, ea, db, eb)
    ref = logrank_test(da, db, ea, eb)
    assert rel(chi2, ref.test_statistic) < 1e-9
    assert rel(p, ref.p_value) < 1e-9


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_logrank_matches_statsmodels(seed: int) -> None:
    survfunc = pytest.importorskip("statsmodels.duration.survfunc")
    da, ea = lifetimes(seed, ties=True)
    db, eb = lifetimes(seed + 500, ties=True)
    chi2, p = pv.logrank(da, ea, db, eb)
    ref_chi2, ref_p = survfunc.survdiff(
        np.concatenate([da, db]),
        np.concatenate([ea, eb]).astype(float),
        np.concatenate([np.zeros(len(da)), np.ones(len(db))]),
    )
    assert rel(chi2, ref_chi2) < 1e-9
    # statsmodels' p is 1 - cdf: absolute precision only (1e-16) for tiny p.
    assert p == pytest.approx(ref_p, rel=1e-9, abs=1e-15)


# ---- Mean cumulative function -------------------------------------------------------------


def test_mcf_by_hand() -> None:
    # A: repairs at 2 and 5, observed to 10; B: a repair at 3, observed to 4.
    # t=2: r=2 d=1 M=.5; t=3: r=2 d=1 M=1; t=5: r=1 (B ended at 4) d=1 M=2.
    # Poisson V = sum d/r^2: .25, .5, 1.5.
    # Lawless-Nadeau: u_A, u_B += (n_i - d/r)/r over systems at risk:
    # t=2: u=(.25, -.25) V=.125; t=3: (0, 0) V=0; t=5 (A only): u_A += 0, V=0.
    # Nelson (per time): .125, .125+.125=.25, +0 = .25.
    systems = [([5, 2], 10), ([3], 4)]  # any order of repairs
    for variance, V in [
        ("lawless_nadeau", [0.125, 0, 0]),
        ("poisson", [0.25, 0.5, 1.5]),
        ("nelson", [0.125, 0.25, 0.25]),
    ]:
        table = pv.mcf(systems, variance=variance)
        assert table.columns == ["time", "mcf", "variance", "lower", "upper"]
        assert set(table.types.values()) == {"float64"}
        assert list(table["time"]) == [2, 3, 5]
        assert list(table["mcf"]) == [0.5, 1.0, 2.0]
        assert table["variance"] == pytest.approx(V, abs=1e-15)
        M, sd = np.array([0.5, 1.0, 2.0]), np.sqrt(V)
        assert table["lower"] == pytest.approx(M / np.exp(Z95_ONE_SIDED * sd / M), rel=1e-12)
        assert table["upper"] == pytest.approx(M * np.exp(Z95_ONE_SIDED * sd / M), rel=1e-12)
    assert pv.mcf(systems).equals(pv.mcf(systems, variance="lawless_nadeau"))
    assert len(pv.mcf([([], 3.0)])) == 0  # no repairs: no rows


def test_mcf_inputs_and_errors() -> None:
    base = pv.mcf([([2, 5], 10), ([3], 4)])
    assert pv.mcf([(np.array([2.0, 5.0]), 10.0), ((3,), np.float64(4))]).equals(base)
    assert pv.mcf(iter([([2, 5], 10), ([3], 4)])).equals(base)
    with pytest.raises(pv.ValidationError, match=r"^systems\[1\]\.event_times\[0\]: "):
        pv.mcf([([2, 5], 10), ([6], 4)])  # a repair after the end
    with pytest.raises(pv.ValidationError, match=r"^systems\[0\]\.end: "):
        pv.mcf([([1], math.inf)])
    with pytest.raises(pv.ValidationError, match=r"^systems: no systems$"):
        pv.mcf([])
    with pytest.raises(TypeError, match=r"^systems\[0\]: expected a pair"):
        pv.mcf([5])
    with pytest.raises(TypeError, match=r"^systems\[0\]\.end: expected a number, got str$"):
        pv.mcf([([1], "9")])
    with pytest.raises(pv.ValidationError, match=r"^variance: 'robust' is not one of"):
        pv.mcf([([1], 2)], variance="robust")


def repair_histories(seed: int) -> list[tuple[np.ndarray, float]]:
    """Systems observed for different spans, repairs as a power-law process;
    continuous times, so no two repairs (or a repair and an end) coincide."""
    rng = np.random.default_rng(3000 + seed)
    systems = []
    for _ in range(int(rng.integers(2, 40))):
        end = float(rng.uniform(10, 100))
        k = int(rng.poisson(rng.uniform(0.5, 6)))
        systems.append((np.sort(rng.uniform(0, end, k)), end))
    if not any(len(t) for t, _ in systems):
        systems[0] = (np.array([systems[0][1] / 2]), systems[0][1])
    return systems


def mcf_definition(systems, variance: str):
    """Nelson's MCF and the Lawless–Nadeau or Poisson variance, from SPEC §8 and
    docs/reliability.md, by brute force over the systems."""
    times = np.unique(np.concatenate([t for t, _ in systems]))
    ends = np.array([end for _, end in systems])
    u = np.zeros(len(systems))
    M = V_p = 0.0
    out_m, out_v = [], []
    for tj in times:
        at_risk = ends >= tj
        n_ij = np.array([np.count_nonzero(t == tj) for t, _ in systems], dtype=float)
        d, r = n_ij.sum(), at_risk.sum()
        M += d / r
        V_p += d / r**2
        u[at_risk] += (n_ij[at_risk] - d / r) / r
        out_m.append(M)
        out_v.append(V_p if variance == "poisson" else float(np.sum(u**2)))
    return times, np.array(out_m), np.array(out_v)


@pytest.mark.parametrize("seed", SEEDS)
def test_mcf_matches_reliability_and_the_definitions(seed: int) -> None:
    reliability_pkg()
    from reliability.Repairable_systems import MCF_nonparametric

    systems = repair_histories(seed)
    ci = 0.95 if seed % 2 else 0.9
    table = pv.mcf(systems, variance="nelson", ci=ci)
    ref = MCF_nonparametric(
        data=[[float(x) for x in t] + [end] for t, end in systems],
        CI=ci,
        print_results=False,
        show_plot=False,
    )
    np.testing.assert_allclose(table["time"], np.asarray(ref.time, dtype=float), rtol=0)
    np.testing.assert_allclose(table["mcf"], np.asarray(ref.MCF, dtype=float), rtol=1e-12)
    np.testing.assert_allclose(table["variance"], np.asarray(ref.variance, dtype=float), rtol=1e-9)
    np.testing.assert_allclose(table["lower"], np.asarray(ref.lower, dtype=float), rtol=1e-9)
    np.testing.assert_allclose(table["upper"], np.asarray(ref.upper, dtype=float), rtol=1e-9)
    for variance in ("lawless_nadeau", "poisson"):
        times, M, V = mcf_definition(systems, variance)
        t = pv.mcf(systems, variance=variance, ci=ci)
        np.testing.assert_array_equal(t["time"], times)
        np.testing.assert_allclose(t["mcf"], M, rtol=1e-12)
        np.testing.assert_allclose(t["variance"], V, rtol=1e-9, atol=1e-15)


# ---- Crow-AMSAA and the Laplace trend test -----------------------------------------------


def test_crow_amsaa_and_laplace_by_hand() -> None:
    # Failures at 1, 2, 4 (failure-terminated, T = 4): beta = 3 / (ln 4 + ln 2)
    # = 3 / ln 8 = 1/ln 2; lam = 3 / 4^beta = 3 / e^(beta ln 4) = 3 / e^2.
    beta, lam = pv.crow_amsaa([4, 1, 2])
    assert beta == pytest.approx(1 / math.log(2), rel=1e-14)
    assert lam == pytest.approx(3 / math.e**2, rel=1e-14)
    # Observed to 8: beta = 3 / (ln 8 + ln 4 + ln 2) = 1 / (2 ln 2); lam = 3 / 8^beta = 3 / e^1.5.
    fit = pv.crow_amsaa([1, 2, 4], end=8)
    assert isinstance(fit, pv.CrowAmsaa)
    assert fit.beta == pytest.approx(1 / (2 * math.log(2)), rel=1e-14)
    assert fit.lam == pytest.approx(3 / math.e**1.5, rel=1e-14)
    # Gaps 3, 2, 1: t = 3, 5, 6; T = 6, m = 2: (4 - 3) / (6 sqrt(1/24)) = sqrt(24)/6.
    assert pv.laplace_trend([3, 2, 1]) == pytest.approx(math.sqrt(24) / 6, rel=1e-14)
    assert pv.laplace_trend([1, 1, 1]) == pytest.approx(0.0, abs=1e-15)  # no trend
    with pytest.raises(pv.ValidationError, match=r"^end: 3 is before the last failure time 4$"):
        pv.crow_amsaa([1, 2, 4], end=3)
    with pytest.raises(pv.ValidationError, match=r"^times_between\[1\]: "):
        pv.laplace_trend([1, -2, 3])
    with pytest.raises(TypeError, match=r"^end: expected a number or None"):
        pv.crow_amsaa([1, 2], end="5")


@pytest.mark.parametrize("seed", SEEDS)
def test_trend_matches_reliability_rocof(seed: int) -> None:
    reliability_pkg()
    from reliability.Repairable_systems import ROCOF

    rng = np.random.default_rng(4000 + seed)
    # A power-law process: failure times (cumulative unit-rate exponentials)^(1/beta);
    # beta far from 1 so that the trend is significant and ROCOF fits it.
    beta = 3.0 if seed % 2 else 0.35
    t = np.cumsum(rng.exponential(1, int(rng.integers(15, 60)))) ** (1 / beta)
    gaps = np.diff(t, prepend=0.0)
    ref = ROCOF(times_between_failures=gaps, show_plot=False, print_results=False)
    assert rel(pv.laplace_trend(gaps), ref.U) < 1e-10
    assert ref.trend != "constant", "the generated trend should be significant"
    b, lam = pv.crow_amsaa(t)
    assert rel(b, ref.Beta_hat) < 1e-10
    assert rel(lam, ref.Lambda_hat) < 1e-10
    end = float(t[-1] * 1.1)
    ref_end = ROCOF(times_between_failures=gaps, test_end=end, show_plot=False, print_results=False)
    if ref_end.trend != "constant":
        b, lam = pv.crow_amsaa(t, end=end)
        assert rel(b, ref_end.Beta_hat) < 1e-10
        assert rel(lam, ref_end.Lambda_hat) < 1e-10


# ---- Arrays in place, the GIL released -----------------------------------------------------


def test_float64_arrays_are_read_without_a_copy() -> None:
    # 32 MB of float64 times (and a bool flag array): numpy registers its
    # allocations with tracemalloc, so a copy of either would show in the peak.
    rng = np.random.default_rng(7)
    n = 4 << 20
    f = 100 * rng.weibull(1.5, n)
    flags = np.ones(n, dtype=bool)
    flags[::2] = False
    tracemalloc.start()
    try:
        pv.weibull_fit(f[: n // 2], f[n // 2 :])
        pv.logrank(f, flags, f, flags)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20, f"peak {peak} bytes: an input was copied"


def test_the_fit_releases_the_gil() -> None:
    """While pv.weibull_fit computes in another thread, this thread keeps
    running Python; were the GIL held, its longest stall would be the call."""
    rng = np.random.default_rng(5)
    n = 4_000_000
    f = 1000 * rng.weibull(1.7, n)
    window: list[float] = []

    def work() -> None:
        window.append(time.perf_counter())
        pv.weibull_fit(f[: n // 2], f[n // 2 :])
        pv.kaplan_meier(f, np.ones(n, dtype=bool))
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
