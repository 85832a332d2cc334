"""Field reliability (SPEC §8) from Python: ``pv.weibull_fit``,
``pv.weibull_fit_interval``, ``pv.kaplan_meier``, ``pv.mcf``, ``pv.logrank``,
``pv.crow_amsaa`` and ``pv.laplace_trend``.

The conventions, and the reference tool each estimator agrees with, are in
docs/reliability.md; the C++ core (include/postventa/weibull.h, survival.h)
computes everything, this module only reads the arguments.

Times may be any sequence or numpy array of numbers in one unit (days, hours,
km). A one-dimensional, C-contiguous, native-order float64 array is read in
place by the core (no copy); anything else is converted with numpy once
(integers and other float dtypes to float64, a strided view to a contiguous
copy). bool, object, text, datetime and timedelta arrays are refused with
``TypeError``. Failure flags (``observed``) are bool (read in place) or
numbers that are 0 (censored) or 1 (failure). The GIL is released while the
core computes.

Invalid data raise :class:`postventa.ValidationError` with the core's message,
which names the field and the 0-based position, e.g.
``failures[3]: -1 is not a positive finite time``.
"""

from __future__ import annotations

import dataclasses as _dataclasses
import numbers as _numbers
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as _np

from . import _core
from ._core import Table
from ._errors import ValidationError

__all__ = [
    "CrowAmsaa",
    "LogRank",
    "WeibullFit",
    "crow_amsaa",
    "kaplan_meier",
    "laplace_trend",
    "logrank",
    "mcf",
    "weibull_fit",
    "weibull_fit_interval",
]

_METHODS = ("mle", "rry")
_POSITIONS = ("bernard", "exact")
_VARIANCES = ("lawless_nadeau", "poisson", "nelson")


@_dataclasses.dataclass(frozen=True)
class WeibullFit:
    """A Weibull 2-parameter fit, ``F(t) = 1 − exp(−(t/scale)^shape)``.

    ``loglik`` is the log-likelihood at the estimate with every constant kept.
    ``shape_se``, ``scale_se`` come from the inverse observed information and
    ``shape_ci``, ``scale_ci`` are ``(low, high)`` bounds on the log scale,
    ``x·exp(∓z·se/x)``; for rank regression (``method="rry"``) they are NaN.
    ``failures`` counts failed units (interval data: the units failed in a
    finite interval), ``suspensions`` the right-censored ones."""

    shape: float
    scale: float
    loglik: float
    shape_se: float
    scale_se: float
    shape_ci: tuple[float, float]
    scale_ci: tuple[float, float]
    failures: int
    suspensions: int

    def __repr__(self) -> str:
        def g(x: float) -> str:
            return f"{x:.6g}"

        def pair(p: tuple[float, float]) -> str:
            return f"({g(p[0])}, {g(p[1])})"

        return (
            f"WeibullFit(shape={g(self.shape)}, scale={g(self.scale)}, "
            f"loglik={g(self.loglik)}, shape_se={g(self.shape_se)}, "
            f"scale_se={g(self.scale_se)}, shape_ci={pair(self.shape_ci)}, "
            f"scale_ci={pair(self.scale_ci)}, failures={self.failures}, "
            f"suspensions={self.suspensions})"
        )


class LogRank(NamedTuple):
    """The log-rank test: χ² with one degree of freedom and its p-value."""

    chi2: float
    p_value: float


class CrowAmsaa(NamedTuple):
    """The Crow-AMSAA (power-law NHPP) fit: intensity ``lam·beta·t^(beta−1)``."""

    beta: float
    lam: float


# ---- Reading arguments -----------------------------------------------------------


def _type_name(value: object) -> str:
    return type(value).__qualname__


def _times(values: Any, name: str) -> _np.ndarray:
    """A one-dimensional float64 array the core reads in place; a copy only when needed."""
    array = _np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name}: expected numbers (an integer or float array or sequence), "
            f"got dtype {array.dtype}"
        )
    if array.ndim != 1:
        raise ValidationError(
            f"{name}: expected a one-dimensional array, got shape {tuple(array.shape)}"
        )
    if array.dtype != _np.float64 or not array.dtype.isnative:
        array = array.astype(_np.float64)
    return _np.ascontiguousarray(array)


def _flags(values: Any, name: str) -> _np.ndarray:
    """Failure flags as uint8 0/1: a bool array is viewed as it is (no copy)."""
    array = _np.asarray(values)
    if array.ndim != 1:
        raise ValidationError(
            f"{name}: expected a one-dimensional array, got shape {tuple(array.shape)}"
        )
    if array.dtype == _np.bool_:
        return _np.ascontiguousarray(array).view(_np.uint8)
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name}: expected bool or 0/1 numbers (1 = failure, 0 = censored), "
            f"got dtype {array.dtype}"
        )
    if array.dtype == _np.uint8:
        return _np.ascontiguousarray(array)  # the core checks for values above 1
    bad = _np.flatnonzero((array != 0) & (array != 1))
    if bad.size:
        # The core's message for the same mistake (it only sees uint8 values).
        i = int(bad[0])
        value = array[i].item()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        raise ValidationError(f"{name}[{i}]: {value} is not 0 (censored) or 1 (failure)")
    return array.astype(_np.uint8)


def _level(ci: Any, name: str = "ci") -> float:
    if isinstance(ci, bool) or not isinstance(ci, _numbers.Real):
        raise TypeError(f"{name}: expected a number, got {_type_name(ci)}")
    return float(ci)


def _choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {_type_name(value)}")
    if value not in choices:
        options = ", ".join(repr(c) for c in choices[:-1]) + f" or {choices[-1]!r}"
        raise ValidationError(f"{name}: {value!r} is not one of {options}")
    return value


def _fit(values: tuple[Any, ...]) -> WeibullFit:
    shape, scale, loglik, shape_se, scale_se, shape_ci, scale_ci, failures, suspensions = values
    return WeibullFit(
        shape, scale, loglik, shape_se, scale_se, tuple(shape_ci), tuple(scale_ci),
        failures, suspensions,
    )  # fmt: skip


# ---- The API of SPEC §9.2 ----------------------------------------------------------


def weibull_fit(
    failures: Any,
    censored: Any = None,
    *,
    method: str = "mle",
    positions: str = "bernard",
    ci: float = 0.95,
) -> WeibullFit:
    """Weibull 2-parameter fit of the times to failure ``failures`` with the
    right-censored units (suspensions, at their ages) ``censored``.

    ``method="mle"`` (default): maximum likelihood, with standard errors and
    log-scale bounds at the two-sided level ``ci``. ``method="rry"``: median
    rank regression on Y with ``positions="bernard"`` (default) or
    ``"exact"`` (median ranks) and Johnson's adjusted ranks for suspensions;
    its standard errors and bounds are NaN."""
    f = _times(failures, "failures")
    c = _times(() if censored is None else censored, "censored")
    how = _choice(method, "method", _METHODS)
    where = _choice(positions, "positions", _POSITIONS)
    return _fit(_core.weibull_fit(f, c, how, where, _level(ci)))


def weibull_fit_interval(left: Any, right: Any, counts: Any, ci: float = 0.95) -> WeibullFit:
    """Weibull fit by maximum likelihood to grouped interval data:
    ``counts[k]`` units failed in ``(left[k], right[k]]``; ``right[k] = inf``
    means they were still working at ``left[k]``; ``left[k] = 0`` means they
    failed by ``right[k]`` (e.g. warranty returns by month in service)."""
    return _fit(
        _core.weibull_fit_interval(
            _times(left, "left"), _times(right, "right"), _times(counts, "counts"), _level(ci)
        )
    )


def kaplan_meier(durations: Any, observed: Any, ci: float = 0.95) -> Table:
    """Kaplan–Meier survival with Greenwood's variance and the log-log
    interval at the two-sided level ``ci`` (as lifelines' KaplanMeierFitter).

    A :class:`Table` with one row at time 0, then one per distinct duration:
    ``time``, ``survival``, ``lower``, ``upper`` (float64), ``at_risk``,
    ``events``, ``censored`` (int64)."""
    return _core.kaplan_meier(
        _times(durations, "durations"), _flags(observed, "observed"), _level(ci)
    )


def _systems(systems: Any) -> tuple[_np.ndarray, _np.ndarray, _np.ndarray]:
    """(event times of every system one after another, offsets, ends)."""
    if isinstance(systems, (str, bytes)) or not isinstance(systems, (Sequence, _np.ndarray)):
        if not hasattr(systems, "__iter__"):
            raise TypeError(
                f"systems: expected a sequence of (event_times, end) pairs, got "
                f"{_type_name(systems)}"
            )
        systems = list(systems)
    times: list[_np.ndarray] = []
    ends = _np.empty(len(systems), dtype=_np.float64)
    offsets = _np.zeros(len(systems) + 1, dtype=_np.int64)
    for s, system in enumerate(systems):
        try:
            event_times, end = system
        except (TypeError, ValueError):
            raise TypeError(
                f"systems[{s}]: expected a pair (event_times, end), got {_type_name(system)}"
            ) from None
        if isinstance(end, bool) or not isinstance(end, _numbers.Real):
            raise TypeError(f"systems[{s}].end: expected a number, got {_type_name(end)}")
        t = _times(event_times, f"systems[{s}].event_times")
        times.append(t)
        ends[s] = float(end)
        offsets[s + 1] = offsets[s] + t.size
    flat = _np.concatenate(times) if times else _np.empty(0, dtype=_np.float64)
    return _np.ascontiguousarray(flat, dtype=_np.float64), offsets, ends


def mcf(systems: Any, variance: str = "lawless_nadeau", ci: float = 0.95) -> Table:
    """Mean cumulative function of repairs (Nelson's estimator).

    ``systems`` is a sequence of ``(event_times, end)`` pairs, one per unit:
    its repair times (any order; equal times are several repairs) and the end
    of its observation. ``variance``: ``"lawless_nadeau"`` (default, robust),
    ``"poisson"`` or ``"nelson"`` (the `reliability` package's). The bounds
    are ``mcf·exp(∓z·sqrt(variance)/mcf)`` with ``z = Φ⁻¹(ci)``, each
    one-sided at ``ci`` as the `reliability` package's.

    A :class:`Table` with one row per distinct repair time: ``time``, ``mcf``,
    ``variance``, ``lower``, ``upper`` (float64)."""
    how = _choice(variance, "variance", _VARIANCES)
    level = _level(ci)
    times, offsets, ends = _systems(systems)
    return _core.mcf(times, offsets, ends, how, level)


def logrank(durations_a: Any, observed_a: Any, durations_b: Any, observed_b: Any) -> LogRank:
    """Log-rank test of equal survival in two groups with right censoring
    (as ``lifelines.statistics.logrank_test``): ``(chi2, p_value)``."""
    return LogRank(
        *_core.logrank(
            _times(durations_a, "durations_a"),
            _flags(observed_a, "observed_a"),
            _times(durations_b, "durations_b"),
            _flags(observed_b, "observed_b"),
        )
    )


def crow_amsaa(times: Any, end: float | None = None) -> CrowAmsaa:
    """Crow-AMSAA (power-law NHPP) maximum-likelihood fit to the cumulative
    failure times of one system: failure-terminated without ``end``
    (``beta = n / Σ_{i<n} ln(T/tᵢ)``, ``lam = n / T^beta``, T the last
    failure), time-terminated at ``end`` otherwise. ``(beta, lam)``."""
    if end is not None and (isinstance(end, bool) or not isinstance(end, _numbers.Real)):
        raise TypeError(f"end: expected a number or None, got {_type_name(end)}")
    return CrowAmsaa(*_core.crow_amsaa(_times(times, "times"), None if end is None else float(end)))


def laplace_trend(times_between: Any) -> float:
    """Laplace trend test (failure-terminated form) on the times between
    successive failures: U, standard normal without trend; U > 0 means
    failures are coming faster (|U| > 1.96: significant at 5 %)."""
    return _core.laplace_trend(_times(times_between, "times_between"))
