"""KPIs of SPEC §8 from the ledger (issue 6; docs/kpis.md): a hand-worked
April, a random ledger checked against the same definitions computed with
pandas and numpy (``np.busday_count`` for the working days), and the C ABI's
Arrow stream, which must hold the same table."""

from __future__ import annotations

import ctypes
import json
import math
import os
import random
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import postventa as pv
import pyarrow as pa
import pytest

KETTLE = {
    "sku": "KETTLE",
    "installation": "none",
    "warranties": [
        {
            "name": "shop-2y",
            "kind": "commercial",
            "starts_at": "delivery",
            "parts": {"percent": 100, "months": 24},
            "labor": {"percent": 50, "months": 24},
            "travel": {"percent": 0, "months": 0},
        }
    ],
}
OVEN = {**KETTLE, "sku": "OVEN", "installation": "specialist"}

APRIL = (date(2025, 4, 1), date(2025, 4, 30))


def small_ledger() -> pv.Ledger:
    """K1 delivered ok, K2 late (sold through a referral); K1's heater
    repaired Fri 04-04 -> Wed 04-09 (Fri, Mon, Tue: 3 working days), parts
    100.00 at 100 % and labour 40.00 at 50 %: the company pays 120.00."""
    led = pv.Ledger()
    led.add_product(KETTLE)
    led.add_product(OVEN)
    events = [
        {"type": "sold", "unit": "K1", "date": "2025-04-01", "customer": "A",
         "product": "KETTLE", "price": 3000, "channel": "store"},
        {"type": "delivered", "unit": "K1", "date": "2025-04-02"},
        {"type": "delivery_checked", "unit": "K1", "date": "2025-04-02", "outcome": "ok"},
        {"type": "sold", "unit": "K2", "date": "2025-04-01", "customer": "B",
         "product": "KETTLE", "price": 3000, "channel": "referral"},
        {"type": "delivered", "unit": "K2", "date": "2025-04-03"},
        {"type": "delivery_checked", "unit": "K2", "date": "2025-04-03", "outcome": "late"},
        {"type": "repair_received", "unit": "K1", "date": "2025-04-04", "fault": "heater"},
        {"type": "repair_returned", "unit": "K1", "date": "2025-04-09", "outcome": "fixed",
         "parts_cost": 10000, "labor_cost": 4000},
    ]  # fmt: skip
    for i, e in enumerate(events):
        led.record({"id": f"e{i}", **e})
    return led


def value(table: pv.Table, kpi: str, product: str | None = None) -> tuple[float, int, float]:
    df = table.to_pandas()
    rows = df[(df["kpi"] == kpi) & (df["product"].isna() if product is None else df["product"] == product)]
    assert len(rows) == 1, (kpi, product)
    row = rows.iloc[0]
    return float(row["value"]), int(row["n"]), float(row["total"])


def test_a_small_april_by_hand() -> None:
    led = small_ledger()
    t = led.kpis(*APRIL)
    assert t.columns == ["product", "kpi", "value", "n", "total", "unit"]
    # The total, then KETTLE and OVEN (sorted by SKU), every KPI each.
    assert len(t) == 3 * 17
    assert t["product"][0] is None and t["product"][17] == "KETTLE" and t["product"][34] == "OVEN"
    assert value(t, "on_time_delivery") == (0.5, 2, 1.0)
    assert value(t, "delivery_defect_rate", "KETTLE") == (0.5, 2, 1.0)
    assert value(t, "mean_time_to_repair") == (3.0, 1, 3.0)
    assert value(t, "warranty_cost_per_unit_sold") == (6000.0, 2, 12000.0)
    assert value(t, "referral_count") == (1.0, 2, 1.0)
    v, n, total = value(t, "on_time_delivery", "OVEN")
    assert math.isnan(v) and n == 0 and math.isnan(total)
    units = dict(zip(t["kpi"][:17], t["unit"][:17]))
    assert units["mean_time_to_repair"] == "working_days"
    assert units["first_response_hours"] == "working_hours"
    assert units["warranty_cost_per_unit_sold"] == "minor_units"


def test_options_and_errors() -> None:
    led = small_ledger()
    # Tuesday 04-08 a holiday: K1's repair took 2 working days.
    led.add_calendar("office", {"timezone": "UTC", "week": {
        d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
        "holidays": ["2025-04-08"]})  # fmt: skip
    t = led.kpis("2025-04-01", "2025-04-30", by_product=False, calendar="office")
    assert len(t) == 17
    assert value(t, "mean_time_to_repair") == (2.0, 1, 2.0)
    with pytest.raises(pv.NotFoundError, match='calendar: "nowhere" is not in this ledger'):
        led.kpis(*APRIL, calendar="nowhere")
    with pytest.raises(pv.ValidationError):
        led.kpis(APRIL[1], APRIL[0])
    with pytest.raises(TypeError, match="by_product"):
        led.kpis(*APRIL, by_product=1)  # type: ignore[arg-type]


def random_events(seed: int) -> list[dict[str, Any]]:
    """Units of two products: sales (some from 2021, long out of warranty),
    delivery checks, installations with one or two checks, and chains of
    repairs of two faults."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []

    def add(**e: Any) -> None:
        e["id"] = f"e{len(events)}"
        for k in ("date",):
            e[k] = e[k].isoformat()
        events.append(e)

    for u in range(400):
        unit = f"U{u}"
        product = rng.choice(["KETTLE", "OVEN"])
        old = rng.random() < 0.15
        base = date(2021, 1, 1) if old else date(2024, 6, 1)
        sold = base + timedelta(days=rng.randrange(0 if old else 0, 180 if old else 300))
        add(type="sold", unit=unit, date=sold, customer=f"C{rng.randrange(120)}", product=product,
            price=5000, channel=rng.choice(["store", "web", "referral"]))
        delivered = sold + timedelta(days=rng.randrange(0, 6))
        add(type="delivered", unit=unit, date=delivered)
        if rng.random() < 0.8:
            add(type="delivery_checked", unit=unit, date=delivered,
                outcome=rng.choice(["ok", "ok", "ok", "late", "damaged", "incomplete", "wrong_item"]))
        if product == "OVEN":
            installed = delivered + timedelta(days=rng.randrange(0, 4))
            add(type="installed", unit=unit, date=installed, by="specialist")
            for k in range(rng.choice([0, 1, 1, 2])):
                add(type="installation_checked", unit=unit, date=installed + timedelta(days=k + 1),
                    outcome=rng.choice(["ok", "ok", "defective"]))
        t = date(2024, 11, 1) if old else delivered + timedelta(days=5)
        for _ in range(rng.choice([0, 0, 1, 2, 3, 4])):
            received = t + timedelta(days=rng.randrange(1, 45))
            returned = received + timedelta(days=rng.randrange(0, 12))
            if returned > date(2025, 8, 1):
                break
            add(type="repair_received", unit=unit, date=received, fault=rng.choice(["door", "heater"]))
            add(type="repair_returned", unit=unit, date=returned,
                outcome=rng.choice(["fixed", "fixed", "fixed", "not_fixed"]),
                parts_cost=rng.randrange(0, 20000), labor_cost=rng.randrange(0, 9000))
            t = returned
    return events


def expected_kpis(events: list[dict[str, Any]], start: date, end: date) -> dict[tuple[str | None, str], tuple[float, int]]:
    """The unit-event KPIs of docs/kpis.md, computed from the events with pandas."""
    df = pd.DataFrame(events)
    df["date"] = pd.to_datetime(df["date"])
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    inside = lambda d: (d >= s) & (d <= e)  # noqa: E731
    product_of = df[df["type"] == "sold"].set_index("unit")["product"]
    df["sku"] = df["unit"].map(product_of)
    delivered = df[df["type"] == "delivered"].set_index("unit")["date"]
    out: dict[tuple[str | None, str], tuple[float, int]] = {}

    def ratio(key: tuple[str | None, str], mask: pd.Series) -> None:
        n = int(len(mask))
        out[key] = (float(mask.sum()) / n if n else math.nan, n)

    # Repairs: pair each received with the next returned of its unit.
    rec = df[df["type"] == "repair_received"].reset_index(drop=True)
    ret = df[df["type"] == "repair_returned"].reset_index(drop=True)
    repairs = pd.DataFrame({"unit": rec["unit"], "sku": rec["sku"], "fault": rec["fault"],
                            "received": rec["date"], "returned": ret["date"],
                            "outcome": ret["outcome"], "parts": ret["parts_cost"],
                            "labor": ret["labor_cost"]})  # fmt: skip
    assert (rec["unit"].values == ret["unit"].values).all()
    repairs["days"] = np.busday_count(repairs["received"].values.astype("datetime64[D]"),
                                      repairs["returned"].values.astype("datetime64[D]"))  # fmt: skip
    again, repeat = [], []
    for i, r in repairs.iterrows():
        same = repairs[(repairs["unit"] == r["unit"]) & (repairs["fault"] == r["fault"])]
        later = same[same.index > i]
        earlier = same[same.index < i]
        again.append(bool(((later["received"] - r["returned"]).dt.days <= 30).any()))
        repeat.append(bool(((r["received"] - earlier["returned"]).dt.days <= 30).any()))
    repairs["again"], repairs["repeat"] = again, repeat
    # Covered (shop-2y, 24 months from delivery) for the recent units, never for
    # the 2021 ones: parts at 100 %, labour at 50 % rounded half up.
    covered = repairs["received"] <= repairs["unit"].map(delivered) + pd.DateOffset(months=24)
    repairs["company"] = np.where(covered, repairs["parts"] + (repairs["labor"] * 50 + 50) // 100, 0)

    sales = df[df["type"] == "sold"]
    first = sales.groupby("customer")["date"].min()
    checks = df[df["type"] == "delivery_checked"]
    installs = df[df["type"] == "installation_checked"].sort_values("date", kind="stable")
    installs = installs.groupby("unit").head(1)  # one installation per unit: its first check
    for sku in (None, "KETTLE", "OVEN"):
        mine = (lambda frame: frame) if sku is None else (lambda frame: frame[frame["sku"] == sku])
        c = mine(checks)
        c = c[inside(c["date"])]
        ratio((sku, "on_time_delivery"), c["outcome"] != "late")
        ratio((sku, "delivery_defect_rate"), c["outcome"] != "ok")
        i = mine(installs)
        ratio((sku, "installation_right_first_time"), i[inside(i["date"])]["outcome"] == "ok")
        r = mine(repairs)
        back = r[inside(r["returned"])]
        n = len(back)
        out[(sku, "mean_time_to_repair")] = (back["days"].mean() if n else math.nan, n)
        out[(sku, "median_time_to_repair")] = (back["days"].median() if n else math.nan, n)
        ratio((sku, "first_time_fix_rate"), (back["outcome"] == "fixed") & ~back["again"])
        ratio((sku, "repeat_repair_rate"), r[inside(r["received"])]["repeat"])
        sold = mine(sales)
        sold = sold[inside(sold["date"])]
        units = len(sold)
        out[(sku, "warranty_cost_per_unit_sold")] = (
            float(back["company"].sum()) / units if units else math.nan, units)
        out[(sku, "referral_count")] = (float((sold["channel"] == "referral").sum()), units)
        buyers = sold.assign(repeat=sold["date"] > sold["customer"].map(first))
        ratio((sku, "repurchase_rate"), buyers.groupby("customer")["repeat"].any())
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_ledgers_match_pandas(seed: int) -> None:
    events = random_events(seed)
    led = pv.Ledger()
    led.add_product(KETTLE)
    led.add_product(OVEN)
    led.record_many(events)
    for start, end in [(date(2025, 1, 1), date(2025, 3, 31)), (date(2024, 6, 1), date(2025, 8, 1))]:
        expected = expected_kpis(events, start, end)
        got = led.kpis(start, end).to_pandas()
        got["product"] = got["product"].where(got["product"].notna(), None)
        assert sum(n for (_, _), (_, n) in expected.items()) > 100
        for (sku, kpi), (want, n) in expected.items():
            rows = got[(got["kpi"] == kpi) & (got["product"].isna() if sku is None else got["product"] == sku)]
            v, m = float(rows["value"].iloc[0]), int(rows["n"].iloc[0])
            assert m == n, (seed, start, sku, kpi)
            assert (math.isnan(v) and math.isnan(want)) or math.isclose(v, want, rel_tol=1e-12), (
                seed, start, sku, kpi, v, want)


def test_the_c_abi_streams_the_same_table() -> None:
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
    c.pv_ledger_kpis.argtypes = [vp, vp, ctypes.c_int32, ctypes.c_int32, vp]
    c.pv_ledger_free.argtypes = [vp]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    events = random_events(7)
    led = pv.Ledger()
    handle = vp()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        for product in (KETTLE, OVEN):
            led.add_product(product)
            text = json.dumps(product).encode()
            ok(c.pv_ledger_add_product_json(handle, text, len(text)))
        led.record_many(events)
        for event in events:
            text = json.dumps(event).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        start, end = date(2025, 1, 1), date(2025, 3, 31)
        stream = (ctypes.c_void_p * 5)()  # struct ArrowArrayStream: 5 pointers
        epoch = date(1970, 1, 1)
        ok(c.pv_ledger_kpis(ctypes.addressof(stream), handle, (start - epoch).days,
                            (end - epoch).days, None))  # fmt: skip
        from_c = pa.RecordBatchReader._import_from_c(ctypes.addressof(stream)).read_all()
        assert from_c.equals(pa.table(led.kpis(start, end)))
        assert from_c.num_rows == 3 * 17
    finally:
        c.pv_ledger_free(handle)
