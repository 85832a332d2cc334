"""Field reliability from the ledger (SPEC §8, issue 6 point 3): times to first
failure, repair histories for the MCF, the claims forecast. The same story as
tests/cpp/ledger_reliability_test.cc; ages worked out by hand. The C ABI's
Arrow streams must hold the same tables."""

from __future__ import annotations

import ctypes
import json
import math
import os
from datetime import date
from typing import Any

import postventa as pv
import pyarrow as pa
import pytest

WASHER = {"sku": "WASHER", "installation": "none", "warranties": ["legal-es"]}


def sold(unit: str, day: str) -> dict[str, Any]:
    return {"id": f"{unit}/sold", "type": "sold", "unit": unit, "date": day,
            "customer": f"C-{unit}", "product": "WASHER", "price": 50000, "channel": "store"}  # fmt: skip


def ev(unit: str, kind: str, day: str, n: int = 0, **payload: Any) -> dict[str, Any]:
    return {"id": f"{unit}/{kind}/{n}", "type": kind, "unit": unit, "date": day, **payload}


# U1: delivered 2024-01-10; repairs 2024-03-10 (60 days, 300 + 200 of cost)
#     and 2024-06-08 (150 days). U2: delivered 2024-02-01, censored at
#     2024-12-31 (334 days). U3: delivered 2024-03-01, retired 2024-05-30 (90).
# U4: delivered and repaired 2024-01-01 (0 days, 100 of parts), replaced by U5
#     on 2024-01-20 (U5: 346 days on 2024-12-31). U6: not delivered.
EVENTS: list[dict[str, Any]] = [
    sold("U1", "2024-01-05"),
    ev("U1", "delivered", "2024-01-10"),
    ev("U1", "repair_received", "2024-03-10", fault="pump"),
    ev("U1", "repair_returned", "2024-03-15", outcome="fixed", parts_cost=300, labor_cost=200),
    ev("U1", "repair_received", "2024-06-08", 1, fault="door"),
    sold("U2", "2024-01-20"),
    ev("U2", "delivered", "2024-02-01"),
    sold("U3", "2024-02-20"),
    ev("U3", "delivered", "2024-03-01"),
    ev("U3", "retired", "2024-05-30", reason="lost"),
    sold("U4", "2023-12-20"),
    ev("U4", "delivered", "2024-01-01"),
    ev("U4", "repair_received", "2024-01-01", fault="pump"),
    ev("U4", "repair_returned", "2024-01-19", outcome="not_fixed", parts_cost=100),
    ev("U4", "replaced", "2024-01-20", new_unit="U5"),
    sold("U6", "2024-12-30"),
]
ON = date(2024, 12, 31)


@pytest.fixture
def led() -> pv.Ledger:
    ledger = pv.Ledger()
    ledger.add_product(WASHER)
    ledger.record_many(EVENTS)
    return ledger


def test_failure_times(led: pv.Ledger) -> None:
    rows = led.failure_times(ON).to_pylist()
    assert [(r["unit"], r["start"], r["days"], r["failed"]) for r in rows] == [
        ("U1", date(2024, 1, 10), 60, True),
        ("U2", date(2024, 2, 1), 334, False),
        ("U3", date(2024, 3, 1), 90, False),
        ("U4", date(2024, 1, 1), 0, True),
        ("U5", date(2024, 1, 20), 346, False),
    ]


def test_repair_histories(led: pv.Ledger) -> None:
    systems = led.repair_histories(ON)
    assert systems[0] == ([60, 150], 356)
    assert systems[3] == ([0], 19)
    assert len(systems) == 5
    assert led.repair_histories(ON, product="OTHER") == []


def test_claims_forecast(led: pv.Ledger) -> None:
    t = led.claims_forecast(ON, 3).to_pylist()
    assert [r["month"] for r in t] == [1, 2, 3]
    # The product's fit: failures 60 and 0.5 (a first-day failure), censored
    # 334, 90 and 346; at risk: U2 (334 days) and U5 (346 days).
    pytest.importorskip("lifelines")
    from lifelines import WeibullFitter

    fitter = WeibullFitter().fit(
        [60, 0.5, 334, 90, 346], [1, 1, 0, 0, 0],
        fit_options={"gtol": 1e-12, "ftol": 1e-16},
    )  # fmt: skip
    beta, alpha = fitter.rho_, fitter.lambda_
    assert t[0]["shape"] == pytest.approx(beta, rel=1e-5)
    assert t[0]["scale"] == pytest.approx(alpha, rel=1e-5)

    def cdf(x: float) -> float:
        return 1 - math.exp(-((x / alpha) ** beta))

    # Month ends: 2025-01-31 (31 days), 02-28 (59), 03-31 (90).
    ends = [0, 31, 59, 90]
    for m, row in enumerate(t, start=1):
        expected = sum(
            (cdf(age + ends[m]) - cdf(age + ends[m - 1])) / (1 - cdf(age)) for age in (334, 346)
        )
        assert row["units"] == 2
        assert row["expected_claims"] == pytest.approx(expected, rel=1e-4)
        # Average claim cost (300 + 200 + 100) / 2 = 300.
        assert row["expected_cost"] == pytest.approx(300 * row["expected_claims"], rel=1e-12)
    with pytest.raises(pv.ValidationError, match=r"^months: must be within 1\.\.120, got 0$"):
        led.claims_forecast(ON, 0)


def test_the_c_abi_streams_the_same_tables(led: pv.Ledger) -> None:
    """Opt-in: POSTVENTA_C_LIBRARY names a libpostventa.so built from the same sources."""
    library = os.environ.get("POSTVENTA_C_LIBRARY")
    if not library:
        pytest.skip("set POSTVENTA_C_LIBRARY to a libpostventa.so to compare with the C ABI")
    c = ctypes.CDLL(library)
    vp = ctypes.c_void_p
    c.pv_last_error.restype = ctypes.c_char_p
    c.pv_ledger_open_memory.argtypes = [ctypes.POINTER(vp)]
    c.pv_ledger_add_product_json.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_record_json.argtypes = [vp, vp, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_failure_times.argtypes = [vp, vp, ctypes.c_int32]
    c.pv_ledger_claims_forecast.argtypes = [vp, vp, ctypes.c_int32, ctypes.c_int32]
    c.pv_ledger_free.argtypes = [vp]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    def from_c(call: Any, *args: int) -> pa.Table:
        stream = (ctypes.c_void_p * 5)()
        ok(call(ctypes.addressof(stream), handle, *args))
        return pa.RecordBatchReader._import_from_c(ctypes.addressof(stream)).read_all()

    on = (ON - date(1970, 1, 1)).days
    handle = vp()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        text = json.dumps(WASHER).encode()
        ok(c.pv_ledger_add_product_json(handle, text, len(text)))
        for event in EVENTS:
            text = json.dumps(event).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        assert from_c(c.pv_ledger_failure_times, on).equals(pa.table(led.failure_times(ON)))
        assert from_c(c.pv_ledger_claims_forecast, on, 6).equals(
            pa.table(led.claims_forecast(ON, 6))
        )
    finally:
        c.pv_ledger_free(handle)
