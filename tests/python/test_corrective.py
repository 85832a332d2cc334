"""Anomalies and corrective action (SPEC §8, seed 003; issue 6;
docs/corrective.md): the verifications against statsmodels and lifelines on
many random datasets, the ledger's anomaly records and their verification,
and the C ABI's JSON, which must be the same bytes."""

from __future__ import annotations

import ctypes
import json
import math
import os
import random
from datetime import date, datetime, timedelta, timezone
from typing import Any

import numpy as np
import postventa as pv
import pytest
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test
from statsmodels.stats.proportion import proportions_ztest


@pytest.mark.parametrize("seed", range(40))
def test_rates_agree_with_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    n_b, n_a = rng.randrange(1, 400), rng.randrange(1, 400)
    c_b, c_a = rng.randrange(0, n_b + 1), rng.randrange(0, n_a + 1)
    higher = rng.random() < 0.5
    v = pv.verify_rate(c_b, n_b, c_a, n_a, higher_is_better=higher)
    z, p = proportions_ztest([c_a, c_b], [n_a, n_b])
    assert v["test"] == "two_proportion_z"
    assert v["direction"] == ("higher" if higher else "lower")
    assert (v["n_before"], v["n_after"]) == (n_b, n_a)
    assert math.isclose(v["value_before"], c_b / n_b) and math.isclose(v["value_after"], c_a / n_a)
    if math.isnan(z):  # pooled proportion 0 or 1: no evidence of a difference
        assert (v["statistic"], v["p_value"]) == (0.0, 1.0)
    else:
        assert math.isclose(v["statistic"], z, rel_tol=1e-9, abs_tol=1e-12)
        assert math.isclose(v["p_value"], p, rel_tol=1e-9, abs_tol=1e-15)
    if n_b < 30 or n_a < 30:
        expected = "inconclusive"
    elif v["p_value"] < 0.05 and (z > 0) == higher:
        expected = "effective"
    else:
        expected = "not_effective"
    assert v["verdict"] == expected


@pytest.mark.parametrize("seed", range(25))
def test_durations_agree_with_lifelines(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_b, n_a = int(rng.integers(5, 120)), int(rng.integers(5, 120))
    # Heavy censoring in some datasets; whole hours, so ties are common.
    d_b = np.round(rng.exponential(10.0, n_b))
    d_a = np.round(rng.exponential(rng.choice([5.0, 10.0]), n_a))
    o_b = rng.random(n_b) < rng.choice([0.3, 0.9])
    o_a = rng.random(n_a) < rng.choice([0.3, 0.9])
    v = pv.verify_durations(d_b, o_b, d_a, o_a, alpha=0.05)
    r = logrank_test(d_b, d_a, o_b, o_a)
    assert math.isclose(v["statistic"], r.test_statistic, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(v["p_value"], r.p_value, rel_tol=1e-9, abs_tol=1e-15)
    for side, (d, o) in (("before", (d_b, o_b)), ("after", (d_a, o_a))):
        median = KaplanMeierFitter().fit(d, o).median_survival_time_
        got = v[f"value_{side}"]
        assert (got is None and math.isinf(median)) or math.isclose(got, median), (side, got, median)
    if n_b < 30 or n_a < 30:
        assert v["verdict"] == "inconclusive"
    elif v["verdict"] == "effective":
        assert v["p_value"] < 0.05 and v["improved"] is True


def test_verification_errors() -> None:
    with pytest.raises(pv.ValidationError, match="count_before"):
        pv.verify_rate(5, 4, 1, 10)
    with pytest.raises(pv.ValidationError, match="alpha"):
        pv.verify_rate(1, 4, 1, 10, alpha=1.0)
    with pytest.raises(pv.ValidationError, match=r"durations_after\[1\]"):
        pv.verify_durations([1.0], [1], [1.0, -2.0], [1, 1])
    with pytest.raises(TypeError, match="n_after"):
        pv.verify_rate(1, 4, 1, 10.0)  # type: ignore[arg-type]


def test_the_catalogs() -> None:
    names = [k["name"] for k in pv.kpi_catalog()]
    assert names[:3] == ["on_time_delivery", "delivery_defect_rate", "installation_right_first_time"]
    assert len(names) == 17
    led = pv.Ledger()
    assert list(led.kpis("2025-01-01", "2025-01-31")["kpi"]) == names
    assert pv.ROOT_CAUSES == ("staff_shortage", "unplanned_absence", "demand_spike",
                              "product_defect", "supplier", "process", "other")  # fmt: skip


STORY = {
    "id": "AN-1",
    "detected": "2025-07-16",
    "description": "first responses late in July",
    "implications": ["half of the first responses miss the 1 h target"],
    "cause": "staff_shortage",
    "cause_detail": "two technicians on leave",
    "measures": [{"description": "temporary hires", "date": "2025-08-01"}],
    "verification": {"kpi": "first_response_sla"},
}


def story_events() -> list[dict[str, Any]]:
    """40 cases in July (even ones answered in 30 min, odd ones in 2 h against
    a 1 h target) and 40 in August (the first 36 in 30 min)."""
    events = []
    for month in (7, 8):
        for i in range(40):
            opened = datetime(2025, month, 1 + i % 31, 9 + i // 31, tzinfo=timezone.utc)
            fast = i % 2 == 0 if month == 7 else i < 36
            answered = opened + timedelta(minutes=30 if fast else 120)
            case = f"C{month}-{i}"
            events.append({"id": case + "o", "type": "case_opened", "at": opened, "case": case,
                           "kind": "question", "priority": "low", "customer": "Z", "sla": "std"})
            events.append({"id": case + "r", "type": "case_status", "at": answered, "case": case,
                           "status": "responded"})  # fmt: skip
    return events


def story_ledger(path: str | None = None) -> pv.Ledger:
    led = pv.Ledger(path) if path else pv.Ledger()
    led.add_calendar("always", {"timezone": "UTC", "week": {
        d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}})  # fmt: skip
    led.add_sla({"name": "std", "calendar": "always",
                 "targets": {"*": {"first_response": 3600, "resolution": 864000}}})  # fmt: skip
    led.record_many(story_events())
    return led


def test_the_staff_shortage_story(tmp_path: Any) -> None:
    path = str(tmp_path / "story.sqlite")
    with story_ledger(path) as led:
        led.put_anomaly(STORY)
        review = led.verify_anomaly("AN-1", date(2025, 8, 31))
        assert review["windows"] == {"before": {"start": "2025-07-01", "end": "2025-07-31"},
                                     "after": {"start": "2025-08-01", "end": "2025-08-31"}}  # fmt: skip
        v = review["verification"]
        z, p = proportions_ztest([36, 20], [40, 40])
        assert (v["n_before"], v["n_after"]) == (40, 40)
        assert math.isclose(v["statistic"], z) and math.isclose(v["p_value"], p)
        assert v["verdict"] == "effective"
        # The same story measured in hours to the first response: log-rank.
        led.put_anomaly({**STORY, "verification": {"kpi": "first_response_hours", "alpha": 0.01}})
        v = led.verify_anomaly("AN-1", "2025-08-31")["verification"]
        r = logrank_test([0.5] * 20 + [2.0] * 20, [0.5] * 36 + [2.0] * 4)
        assert v["test"] == "logrank" and math.isclose(v["statistic"], r.test_statistic)
        assert v["alpha"] == 0.01 and v["verdict"] == "effective"
    with pv.Ledger(path) as led:  # stored, replaced in place
        (stored,) = led.anomalies()
        assert stored["verification"]["kpi"] == "first_response_hours"
        assert stored["cause"] == "staff_shortage" and stored["measures"][0]["date"] == "2025-08-01"


def test_anomaly_errors_change_nothing() -> None:
    led = story_ledger()
    with pytest.raises(pv.ValidationError, match="cause"):
        led.put_anomaly({**STORY, "cause": "bad_luck"})
    with pytest.raises(pv.ValidationError, match=r"verification\.kpi"):
        led.put_anomaly({**STORY, "verification": {"kpi": "referral_count"}})
    with pytest.raises(pv.NotFoundError, match="TOASTER"):
        led.put_anomaly({**STORY, "verification": {"kpi": "on_time_delivery", "product": "TOASTER"}})
    assert led.anomalies() == []
    with pytest.raises(pv.NotFoundError, match="AN-1"):
        led.verify_anomaly("AN-1", "2025-08-31")
    led.put_anomaly({**STORY, "measures": []})
    with pytest.raises(pv.Error, match="no measure"):
        led.verify_anomaly("AN-1", "2025-08-31")


def test_the_c_abi_gives_the_same_json() -> None:
    """Opt-in: POSTVENTA_C_LIBRARY names a libpostventa.so built from the same sources."""
    library = os.environ.get("POSTVENTA_C_LIBRARY")
    if not library:
        pytest.skip("set POSTVENTA_C_LIBRARY to a libpostventa.so to compare with the C ABI")
    c = ctypes.CDLL(library)
    vp = ctypes.c_void_p
    c.pv_last_error.restype = ctypes.c_char_p
    c.pv_ledger_open_memory.argtypes = [ctypes.POINTER(vp)]
    c.pv_calendar_new_from_json.argtypes = [ctypes.POINTER(vp), ctypes.c_char_p, ctypes.c_size_t]
    c.pv_calendar_free.argtypes = [vp]
    c.pv_ledger_add_calendar.argtypes = [vp, ctypes.c_char_p, vp]
    c.pv_ledger_add_sla_json.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_record_json.argtypes = [vp, vp, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_put_anomaly_json.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_verify_anomaly_json.argtypes = [ctypes.POINTER(vp), vp, ctypes.c_char_p,
                                                ctypes.c_int32, ctypes.c_char_p]  # fmt: skip
    c.pv_verify_rate_json.argtypes = [ctypes.POINTER(vp), ctypes.c_int64, ctypes.c_int64,
                                      ctypes.c_int64, ctypes.c_int64, ctypes.c_int, ctypes.c_double]  # fmt: skip
    c.pv_free.argtypes = [vp]
    c.pv_ledger_free.argtypes = [vp]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    def text_of(call: Any, *args: Any) -> str:
        out = vp()
        ok(call(ctypes.byref(out), *args))
        try:
            return ctypes.string_at(out.value).decode()
        finally:
            c.pv_free(out)

    assert text_of(c.pv_verify_rate_json, 20, 40, 36, 40, 1, 0.05) == json.dumps(
        pv.verify_rate(20, 40, 36, 40), separators=(",", ":"))
    led = story_ledger()
    led.put_anomaly(STORY)
    handle = vp()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        cal = json.dumps({"timezone": "UTC", "week": {
            d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}).encode()  # fmt: skip
        calendar = vp()
        ok(c.pv_calendar_new_from_json(ctypes.byref(calendar), cal, len(cal)))
        ok(c.pv_ledger_add_calendar(handle, b"always", calendar))
        c.pv_calendar_free(calendar)
        sla = json.dumps({"name": "std", "calendar": "always",
                          "targets": {"*": {"first_response": 3600, "resolution": 864000}}}).encode()  # fmt: skip
        ok(c.pv_ledger_add_sla_json(handle, sla, len(sla)))
        for event in story_events():
            e = {**event, "at": event["at"].isoformat().replace("+00:00", "Z")}
            text = json.dumps(e).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        record = json.dumps(STORY).encode()
        ok(c.pv_ledger_put_anomaly_json(handle, record, len(record)))
        as_of = (date(2025, 8, 31) - date(1970, 1, 1)).days
        from_c = text_of(c.pv_ledger_verify_anomaly_json, handle, b"AN-1", as_of, None)
        assert json.loads(from_c) == led.verify_anomaly("AN-1", "2025-08-31")
        assert from_c == json.dumps(led.verify_anomaly("AN-1", "2025-08-31"), separators=(",", ":"))
    finally:
        c.pv_ledger_free(handle)
