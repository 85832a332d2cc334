"""The quality scorecard (SPEC §7, seed 003; docs/scorecard.md) through Python:
the five levels measured from a small ledger (values worked out by hand), the
config errors, and the report JSON byte for byte equal to the C ABI's."""

from __future__ import annotations

import ctypes
import json
import os
from datetime import date
from typing import Any

import postventa as pv
import pytest

WASHER = {"sku": "WASHER", "installation": "none", "warranties": ["legal-es"]}
EVENTS: list[dict[str, Any]] = [
    {"id": "1", "type": "sold", "unit": "W1", "date": "2025-03-03", "customer": "C1",
     "product": "WASHER", "price": 60000, "channel": "store"},
    {"id": "2", "type": "delivered", "unit": "W1", "date": "2025-03-05"},
    {"id": "3", "type": "delivery_checked", "unit": "W1", "date": "2025-03-05", "outcome": "ok"},
    {"id": "4", "type": "sold", "unit": "W2", "date": "2025-03-04", "customer": "C2",
     "product": "WASHER", "price": 60000, "channel": "store"},
    {"id": "5", "type": "delivered", "unit": "W2", "date": "2025-03-06"},
    {"id": "6", "type": "delivery_checked", "unit": "W2", "date": "2025-03-06",
     "outcome": "incomplete"},
    {"id": "7", "type": "delivery_checked", "unit": "W2", "date": "2025-03-07", "outcome": "ok"},
    {"id": "8", "type": "survey_sent", "date": "2025-03-10", "customer": "C1",
     "channel": "digital", "instrument": "nps"},
    {"id": "9", "type": "survey_answered", "date": "2025-03-12", "customer": "C1",
     "channel": "digital", "instrument": "nps", "score": 9},
    {"id": "10", "type": "survey_answered", "date": "2025-03-13", "customer": "C2",
     "channel": "paper", "instrument": "nps", "score": 10},
    {"id": "11", "type": "complaint_opened", "date": "2025-03-01", "customer": "C2", "case": "Q1"},
    {"id": "12", "type": "complaint_resolved", "date": "2025-03-20", "customer": "C2",
     "case": "Q1"},
]  # fmt: skip
CONFIG: dict[str, Any] = {
    "targets": {"nps": 50, "delivery_defect_rate": 0.2},
    "benchmark": {"competitor": "Acme", "values": {"nps": 40}},
    "certification": {
        "standard": "UNE 66181",
        "items": [
            {"id": "A", "text": "Complaints answered in time", "metric":
             "complaints_answered_in_legal_time", "min": 1},
            {"id": "B", "text": "Staff trained", "met": False, "evidence": "HR-12"},
        ],
    },
}  # fmt: skip


@pytest.fixture
def led() -> pv.Ledger:
    ledger = pv.Ledger()
    ledger.add_product(WASHER)
    ledger.record_many(EVENTS)
    return ledger


def line(level: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = [entry for entry in level if entry["name"] == name]
    assert len(found) == 1, name
    return found[0]


def test_the_five_levels_of_march(led: pv.Ledger) -> None:
    card = led.scorecard(date(2025, 3, 1), "2025-03-31", CONFIG)
    assert card["start"] == "2025-03-01" and card["end"] == "2025-03-31"
    objective = card["objective"]
    # Delivery checks: ok, incomplete, ok -> 1 defect of 3; above the 0.2 target.
    defect = line(objective["metrics"], "delivery_defect_rate")
    assert (defect["count"], defect["n"]) == (1, 3)
    assert defect["value"] == pytest.approx(1 / 3, abs=1e-15)
    assert defect["met"] is False
    # One send, answered: rate 1. Nothing else objective was measured.
    rate = line(objective["metrics"], "survey_response_rate")
    assert (rate["count"], rate["n"], rate["value"]) == (1, 1, 1.0)
    perceived = card["perceived"]
    nps = line(perceived["metrics"], "nps")
    # Answers 9 and 10: both promoters, NPS 100, se 0, interval [100, 100].
    assert (nps["value"], nps["low"], nps["high"], nps["n"]) == (100.0, 100.0, 100.0, 2)
    assert nps["met"] is True
    # Complaint Q1 03-01 -> 03-20: inside one month; WASHER has the legal guarantee.
    assert card["commercial"]["honoured"] is True
    # NPS 100 against Acme's 40.
    comparison = card["differentiated"]["comparisons"][0]
    assert comparison["name"] == "nps"
    assert comparison["difference"] == 60.0
    assert comparison["better"] is True
    certified = card["certified"]
    assert certified["standard"] == "UNE 66181"
    assert [c["met"] for c in certified["items"]] == [True, False]
    assert certified["certifiable"] is False


def test_config_errors_name_the_field(led: pv.Ledger) -> None:
    with pytest.raises(pv.ValidationError, match=r"^targets\.happiness: "):
        led.scorecard("2025-03-01", "2025-03-31", {"targets": {"happiness": 1}})
    with pytest.raises(pv.ValidationError):
        led.scorecard("2025-03-31", "2025-03-01")
    with pytest.raises(TypeError):
        led.scorecard("2025-03-01", "2025-03-31", [])  # type: ignore[arg-type]


def test_the_c_abi_gives_the_same_report(led: pv.Ledger) -> None:
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
    c.pv_ledger_scorecard_json.argtypes = [ctypes.POINTER(vp), vp, ctypes.c_int32,
                                           ctypes.c_int32, ctypes.c_char_p, ctypes.c_size_t]  # fmt: skip
    c.pv_free.argtypes = [vp]
    c.pv_ledger_free.argtypes = [vp]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    def days(d: date) -> int:
        return (d - date(1970, 1, 1)).days

    handle = vp()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        text = json.dumps(WASHER).encode()
        ok(c.pv_ledger_add_product_json(handle, text, len(text)))
        for event in EVENTS:
            text = json.dumps(event).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        config = json.dumps(CONFIG).encode()
        out = vp()
        ok(c.pv_ledger_scorecard_json(ctypes.byref(out), handle, days(date(2025, 3, 1)),
                                      days(date(2025, 3, 31)), config, len(config)))  # fmt: skip
        from_c = ctypes.string_at(out.value).decode()
        c.pv_free(out)
        from_python = led._impl.scorecard_json("2025-03-01", "2025-03-31", json.dumps(CONFIG))
        assert from_c == from_python
        assert json.loads(from_c) == led.scorecard("2025-03-01", "2025-03-31", CONFIG)
        # NULL config is the empty one.
        ok(c.pv_ledger_scorecard_json(ctypes.byref(out), handle, days(date(2025, 3, 1)),
                                      days(date(2025, 3, 31)), None, 0))  # fmt: skip
        empty = ctypes.string_at(out.value).decode()
        c.pv_free(out)
        assert empty == led._impl.scorecard_json("2025-03-01", "2025-03-31", "{}")
    finally:
        c.pv_ledger_free(handle)
