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

    #: β, the shape parameter (< 1 infant mortality, > 1 wear-out).
    shape: float
    #: η, the scale parameter, in the unit of the times (63.2 % have failed by it).
    scale: float
    #: The log-likelihood at the estimate.
    loglik: float
    #: The standard error of ``shape`` (NaN for rank regression).
    shape_se: float
    #: The standard error of ``scale`` (NaN for rank regression).
    scale_se: float
    #: ``(low, high)`` bounds of ``shape`` at the level ``ci``.
    shape_ci: tuple[float, float]
    #: ``(low, high)`` bounds of ``scale`` at the level ``ci``.
    scale_ci: tuple[float, float]
    #: The number of failed units.
    failures: int
    #: The number of right-censored units (suspensions).
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
    """The log-rank test: χ² with one degree of freedom and its p-value, from
    :func:`logrank`. A named tuple ``(chi2, p_value)``."""

    #: The χ² statistic (one degree of freedom).
    chi2: float
    #: The p-value of equal survival in both groups.
    p_value: float


class CrowAmsaa(NamedTuple):
    """The Crow-AMSAA (power-law NHPP) fit: intensity ``lam·beta·t^(beta−1)``,
    from :func:`crow_amsaa`. A named tuple ``(beta, lam)``."""

    #: β, the shape (< 1 reliability growth, > 1 deterioration).
    beta: float
    #: λ, the scale (``lam·t^beta`` failures are expected by ``t``).
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
    its standard errors and bounds are NaN.

    Args:
        failures: the times to failure, any sequence or numpy array of
            positive numbers in one unit.
        censored: the ages of the units still working, or None.
        method: ``"mle"`` or ``"rry"``.
        positions: ``"bernard"`` or ``"exact"`` (rank regression only).
        ci: the two-sided level of the bounds, in (0, 1).

    Returns:
        WeibullFit: the fit.

    Raises:
        ValidationError: a time that is not positive and finite (the message
            names its position), too few failures, or an unknown method.
        TypeError: times that are not numbers.
    """
    f = _times(failures, "failures")
    c = _times(() if censored is None else censored, "censored")
    how = _choice(method, "method", _METHODS)
    where = _choice(positions, "positions", _POSITIONS)
    return _fit(_core.weibull_fit(f, c, how, where, _level(ci)))


def weibull_fit_interval(left: Any, right: Any, counts: Any, ci: float = 0.95) -> WeibullFit:
    """Weibull fit by maximum likelihood to grouped interval data:
    ``counts[k]`` units failed in ``(left[k], right[k]]``; ``right[k] = inf``
    means they were still working at ``left[k]``; ``left[k] = 0`` means they
    failed by ``right[k]`` (e.g. warranty returns by month in service).

    Args:
        left: the start of each interval.
        right: the end of each interval (``inf`` for survivors).
        counts: how many units each interval holds.
        ci: the two-sided level of the bounds.

    Returns:
        WeibullFit: the fit, with its standard errors and bounds.

    Raises:
        ValidationError: arrays of different lengths or invalid intervals.
    """
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
    ``events``, ``censored`` (int64).

    Args:
        durations: the time of each unit (to failure or censoring).
        observed: 1 (or True) for a failure, 0 for a censored unit.
        ci: the two-sided level of the interval.

    Returns:
        Table: the survival curve.

    Raises:
        ValidationError: a negative or non-finite duration, a flag that is not
            0 or 1, or arrays of different lengths.
    """
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
    ``variance``, ``lower``, ``upper`` (float64).

    Args:
        systems: ``[(event_times, end), ...]``, one pair per unit.
        variance: ``"lawless_nadeau"``, ``"poisson"`` or ``"nelson"``.
        ci: the one-sided level of each bound.

    Returns:
        Table: the mean cumulative function.

    Raises:
        ValidationError: a repair after its system's end, or bad times.
        TypeError: ``systems`` is not a sequence of pairs.
    """
    how = _choice(variance, "variance", _VARIANCES)
    level = _level(ci)
    times, offsets, ends = _systems(systems)
    return _core.mcf(times, offsets, ends, how, level)


def logrank(durations_a: Any, observed_a: Any, durations_b: Any, observed_b: Any) -> LogRank:
    """Log-rank test of equal survival in two groups with right censoring
    (as ``lifelines.statistics.logrank_test``).

    Args:
        durations_a: the times of group A.
        observed_a: the failure flags of group A (1 failure, 0 censored).
        durations_b: the times of group B.
        observed_b: the failure flags of group B.

    Returns:
        LogRank: ``(chi2, p_value)``.

    Raises:
        ValidationError: bad times or flags, or arrays of different lengths.
    """
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
    failure), time-terminated at ``end`` otherwise.

    Args:
        times: the cumulative failure times of the system (any order).
        end: the end of observation, or None for a failure-terminated test.

    Returns:
        CrowAmsaa: ``(beta, lam)``.

    Raises:
        ValidationError: a time that is not valid, a time after ``end``, or
            fewer than two failures without ``end``.
    """
    if end is not None and (isinstance(end, bool) or not isinstance(end, _numbers.Real)):
        raise TypeError(f"end: expected a number or None, got {_type_name(end)}")
    return CrowAmsaa(*_core.crow_amsaa(_times(times, "times"), None if end is None else float(end)))


def laplace_trend(times_between: Any) -> float:
    """Laplace trend test (failure-terminated form) on the times between
    successive failures: U, standard normal without trend; U > 0 means
    failures are coming faster (``|U| > 1.96``: significant at 5 %).

    Args:
        times_between: the times between successive failures of one system.

    Returns:
        float: U.

    Raises:
        ValidationError: a time that is negative or not finite, or fewer than
            two times.
    """
    return _core.laplace_trend(_times(times_between, "times_between"))
