"""Anomalies and corrective action (SPEC §8, seed 003; docs/corrective.md):
the verification of a measure's effect from counts or durations, and the
names the anomaly records use. The ledger's records and their verification
are methods of :class:`postventa.Ledger` (``put_anomaly``, ``anomalies``,
``verify_anomaly``)."""

from __future__ import annotations

import json as _json
from typing import Any

from . import _core
from ._reliability import _flags, _times

__all__ = ["ROOT_CAUSES", "kpi_catalog", "verify_durations", "verify_rate"]

#: The root cause categories of an anomaly record (seed 003: staff shortage,
#: unplanned absences, demand spikes, then the usual others).
ROOT_CAUSES: tuple[str, ...] = tuple(_core.root_causes())


def kpi_catalog() -> list[dict[str, Any]]:
    """The KPIs of :meth:`postventa.Ledger.kpis` in report order (docs/kpis.md):
    ``name``, ``unit``, ``higher_is_better`` and ``test`` (``"rate"``: verified
    by the two-proportion z-test; ``"duration"``: by the log-rank test; ``""``:
    not verifiable).

    Returns:
        list[dict]: one dict per KPI, in report order.
    """
    return [
        {"name": name, "unit": unit, "higher_is_better": higher, "test": test}
        for name, unit, higher, test in _core.kpi_catalog()
    ]


def _check_int(value: object, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    return value


def _check_alpha(alpha: object) -> float:
    if not isinstance(alpha, (int, float)) or isinstance(alpha, bool):
        raise TypeError(f"alpha: expected a float, got {type(alpha).__name__}")
    return float(alpha)


def verify_rate(
    count_before: int,
    n_before: int,
    count_after: int,
    n_after: int,
    *,
    higher_is_better: bool = True,
    alpha: float = 0.05,
) -> dict[str, Any]:
    """Did a rate change for the better after a measure? The two-proportion
    z-test (pooled standard error, two-sided; ``statistic`` > 0 when the after
    rate is higher, as ``statsmodels.stats.proportion.proportions_ztest`` with
    the after counts first) and the verdict: ``"inconclusive"`` with fewer
    than 30 observations a side, ``"effective"`` when p < alpha and the
    change goes the better way, else ``"not_effective"``. Returns the
    verification dict every face gives (docs/corrective.md).

    Args:
        count_before: events (successes or failures) before the measure.
        n_before: observations before the measure.
        count_after: events after the measure.
        n_after: observations after the measure.
        higher_is_better: whether a higher rate is the better way.
        alpha: the significance level.

    Returns:
        dict: ``{"test", "direction", "n_before", "n_after", "value_before",
        "value_after", "statistic", "p_value", "alpha", "improved",
        "verdict"}``.

    Raises:
        TypeError: a count that is not an int.
        ValidationError: a count above its n, a negative count, or an alpha
            outside (0, 1).
    """
    if not isinstance(higher_is_better, bool):
        raise TypeError(f"higher_is_better: expected a bool, got {type(higher_is_better).__name__}")
    text = _core.verify_rate_json(
        _check_int(count_before, "count_before"),
        _check_int(n_before, "n_before"),
        _check_int(count_after, "count_after"),
        _check_int(n_after, "n_after"),
        higher_is_better,
        _check_alpha(alpha),
    )
    return _json.loads(text)


def verify_durations(
    durations_before: Any,
    observed_before: Any,
    durations_after: Any,
    observed_after: Any,
    *,
    alpha: float = 0.05,
) -> dict[str, Any]:
    """Did durations (days to repair, hours to answer) get shorter after a
    measure? The log-rank test (as ``lifelines.statistics.logrank_test``)
    with the cases still open censored (``observed`` 0), the Kaplan-Meier
    medians of each side, and the verdict rules of :func:`verify_rate`
    (shorter is better).

    Args:
        durations_before: the durations before the measure.
        observed_before: 1 for a closed case, 0 for one still open (censored).
        durations_after: the durations after the measure.
        observed_after: the flags after the measure.
        alpha: the significance level.

    Returns:
        dict: the verification dict, as :func:`verify_rate` gives.

    Raises:
        ValidationError: bad durations or flags, or arrays of different lengths.
    """
    text = _core.verify_durations_json(
        _times(durations_before, "durations_before"),
        _flags(observed_before, "observed_before"),
        _times(durations_after, "durations_after"),
        _flags(observed_after, "observed_after"),
        _check_alpha(alpha),
    )
    return _json.loads(text)
