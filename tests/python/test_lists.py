"""The ledger's list results as pv.Table (SPEC §4, §6, §9.2): maintenance_due,
maintenance_compliance and followups. Expected rows are worked out by hand (the
same ledger as tests/c/lists_test.c); the C ABI's Arrow streams must hold the
same table."""

from __future__ import annotations

import ctypes
import json
import os
from datetime import date
from typing import Any

import numpy as np
import postventa as pv
import pyarrow as pa
import pytest

BOILER = {
    "sku": "BOILER",
    "installation": "none",
    "warranties": ["legal-es"],
    "maintenance": {"every_months": 12, "anchor": "fixed", "grace_days": 15},
}

# U1: delivered 2023-01-31; dues 2024-01-31 (done 2024-02-10: met) and
# 2025-01-31 (missed). U2: sold Wednesday 2024-05-01, delivered Monday
# 2024-05-20; first due 2025-05-20.
EVENTS: list[dict[str, Any]] = [
    {"id": "1", "type": "sold", "unit": "U1", "date": "2023-01-10", "customer": "C-U1",
     "product": "BOILER", "price": 100000, "channel": "store"},
    {"id": "2", "type": "delivered", "unit": "U1", "date": "2023-01-31"},
    {"id": "3", "type": "maintenance_done", "unit": "U1", "date": "2024-02-10"},
    {"id": "4", "type": "sold", "unit": "U2", "date": "2024-05-01", "customer": "C-U2",
     "product": "BOILER", "price": 100000, "channel": "store"},
    {"id": "5", "type": "delivered", "unit": "U2", "date": "2024-05-20"},
]  # fmt: skip


@pytest.fixture
def led() -> pv.Ledger:
    ledger = pv.Ledger()
    ledger.add_product(BOILER)
    ledger.record_many(EVENTS)
    return ledger


def test_maintenance_due(led: pv.Ledger) -> None:
    # On 2025-06-01, 30 days ahead: U1 overdue since 2025-01-31; U2 due
    # 2025-05-20, its grace window [05-05, 06-04] still open.
    table = led.maintenance_due(date(2025, 6, 1), 30)
    assert isinstance(table, pv.Table)
    assert table.columns == ["unit", "due", "overdue", "product"]
    assert len(table) == 2
    assert table.to_pylist() == [
        {"unit": "U1", "due": date(2025, 1, 31), "overdue": True, "product": "BOILER"},
        {"unit": "U2", "due": date(2025, 5, 20), "overdue": False, "product": "BOILER"},
    ]
    assert table["due"].dtype == np.dtype("datetime64[D]")
    assert table["overdue"].dtype == np.dtype(bool)
    # After U2's window closes (06-05) it is overdue too.
    assert led.maintenance_due("2025-06-05", 0)["overdue"].tolist() == [True, True]
    with pytest.raises(pv.ValidationError, match="horizon_days: must be 0 or more, got -1"):
        led.maintenance_due(date(2025, 6, 1), -1)


def test_maintenance_compliance(led: pv.Ledger) -> None:
    # U1: 2 dues judged, 1 met -> 0.5; U2: nothing judged yet -> NaN.
    table = led.maintenance_compliance(date(2025, 6, 1))
    assert table.columns == ["unit", "product", "due", "met", "compliance"]
    assert table["due"].tolist() == [2, 0]
    assert table["met"].tolist() == [1, 0]
    assert table["compliance"][0] == 0.5
    assert np.isnan(table["compliance"][1])
    frame = table.to_pandas()
    assert list(frame["unit"]) == ["U1", "U2"]


def test_followups_with_the_default_rules(led: pv.Ledger) -> None:
    # May 2024: U2's thank-you on the sale (05-01), delivery check call on
    # delivery (05-20), survey 7 days later (05-27): three in 30 days, the cap.
    table = led.followups(date(2024, 5, 1), date(2024, 5, 31))
    assert table.columns == [
        "date", "customer", "unit", "touchpoint", "channel", "priority", "moved_from"
    ]  # fmt: skip
    rows = table.to_pylist()
    assert [(r["date"], r["touchpoint"], r["channel"]) for r in rows] == [
        (date(2024, 5, 1), "thank_you", "letter"),
        (date(2024, 5, 20), "delivery_check", "phone"),
        (date(2024, 5, 27), "delivery_survey", "digital"),
    ]
    assert {r["customer"] for r in rows} == {"C-U2"}
    assert all(r["moved_from"] is None for r in rows)
    # pyarrow reads it through the Arrow C stream, as polars or DuckDB would.
    arrow = pa.table(table)
    assert arrow.schema.field("date").type == pa.date32()
    assert arrow.column("touchpoint").to_pylist() == ["thank_you", "delivery_check",
                                                      "delivery_survey"]  # fmt: skip


def test_a_custom_rule_set(led: pv.Ledger) -> None:
    led.add_followups({
        "name": "default",
        "max_contacts_per_30_days": 3,
        "rules": [{"touchpoint": "welcome", "after": "delivered", "offset_working_days": 1,
                   "channel": "email", "category": "courtesy"}],
    })  # fmt: skip
    # The rule set named "default" replaces the built-in one. The first
    # working day after Monday 2024-05-20 is Tuesday 05-21.
    rows = led.followups("2024-05-01", "2024-05-31").to_pylist()
    assert [(r["date"], r["touchpoint"]) for r in rows] == [(date(2024, 5, 21), "welcome")]
    with pytest.raises(pv.ValidationError, match="rules"):
        led.add_followups({"name": "bad", "rules": [{"touchpoint": "x"}]})


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
    c.pv_ledger_maintenance_due.argtypes = [vp, vp, ctypes.c_int32, ctypes.c_int32]
    c.pv_ledger_followups.argtypes = [vp, vp, ctypes.c_int32, ctypes.c_int32]
    c.pv_ledger_free.argtypes = [vp]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    def days(d: date) -> int:
        return (d - date(1970, 1, 1)).days

    def from_c(call: Any, *args: int) -> pa.Table:
        stream = (ctypes.c_void_p * 5)()  # struct ArrowArrayStream: 5 pointers
        ok(call(ctypes.addressof(stream), handle, *args))
        reader = pa.RecordBatchReader._import_from_c(ctypes.addressof(stream))
        return reader.read_all()

    handle = vp()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        text = json.dumps(BOILER).encode()
        ok(c.pv_ledger_add_product_json(handle, text, len(text)))
        for event in EVENTS:
            text = json.dumps(event).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        due = from_c(c.pv_ledger_maintenance_due, days(date(2025, 6, 1)), 30)
        assert due.equals(pa.table(led.maintenance_due(date(2025, 6, 1), 30)))
        plan = from_c(c.pv_ledger_followups, days(date(2024, 5, 1)), days(date(2024, 5, 31)))
        assert plan.equals(pa.table(led.followups(date(2024, 5, 1), date(2024, 5, 31))))
        assert plan.num_rows == 3
    finally:
        c.pv_ledger_free(handle)
