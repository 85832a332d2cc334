"""The ledger and warranty decisions (SPEC §2.3, §3) through the Python face.

Every expected value was worked out by hand from the SPEC and docs/warranty.md
(which lists the decisions the SPEC leaves open), never copied from the
library's output; the working is in the comments. Month arithmetic is the legal
rule of SPEC §1.2: add_months(D, N) is the same day of the month N months
later, or that month's last day when it is shorter.

The product used throughout, CAL-24 (a boiler installed by a specialist), has
three policies, in this order:
  - legal-es (preset): legal, from delivery, 36 months 100 % on parts, labor and
    travel, presumption 24 months, suspended during repair, 12 months of
    post-repair cover, excluded faults misuse and accident;
  - maker-5y: commercial, from installation, parts 100 % for 60 months, labor
    50 % for 60 months, travel 0 % for 12 months, void if installed by the
    customer, replace_or_refund after 2 repairs of the same fault;
  - ext-2y: extended (only once purchased), from delivery with an offset of 36
    months, parts and labor 80 % for 24 months, no travel.
Most units are sold 2024-01-10, delivered 2024-01-15 and installed 2024-01-20,
so:
  legal-es  cover 2024-01-15 .. add_months(2024-01-15, 36) = 2027-01-15,
            presumption until add_months(2024-01-15, 24) = 2026-01-15;
  maker-5y  cover from 2024-01-20; parts and labor until
            add_months(2024-01-20, 60) = 2029-01-20; travel until 2025-01-20;
  ext-2y    cover from add_months(2024-01-15, 36) = 2027-01-15 until
            add_months(2027-01-15, 24) = 2029-01-15.
The standard quote is parts 10000, labor 5001, travel 2001 (cents), 17002 in all.
Company shares are round_half_up(quote * percent / 100): labor at 50 % is
2500.5 -> 2501 (the customer pays 2500); at 80 % 4000.8 -> 4001 (customer 1000).
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import postventa as pv
import pytest

UTC = timezone.utc

BOILER: dict[str, Any] = {
    "sku": "CAL-24",
    "name": "Caldera de condensación 24 kW",
    "category": "heating",
    "installation": "specialist",
    "warranties": [
        "legal-es",
        {
            "name": "maker-5y",
            "kind": "commercial",
            "starts_at": "installation",
            "parts": {"percent": 100, "months": 60},
            "labor": {"percent": 50, "months": 60},
            "travel": {"percent": 0, "months": 12},
            "requires_specialist_installation": True,
            "max_repair_attempts": 2,
        },
        {
            "name": "ext-2y",
            "kind": "extended",
            "starts_at": "delivery",
            "offset_months": 36,
            "parts": {"percent": 80, "months": 24},
            "labor": {"percent": 80, "months": 24},
            "travel": {"percent": 0, "months": 0},
        },
    ],
}

QUOTE = {"parts": 10000, "labor": 5001, "travel": 2001}
ALL_KEYS = (
    "id, type, unit, date, at, customer, product, channel, outcome, by, fault, case, "
    "new_unit, policy, reason, price, parts_cost, labor_cost, amount, attendees, usage, "
    "kind, priority, sla, status, instrument, score, answers"
)
TYPES = (
    "sold, delivered, delivery_checked, installed, installation_checked, trained, "
    "maintenance_done, usage_reading, repair_received, repair_returned, replaced, "
    "refunded, extension_purchased, retired, complaint_opened, complaint_resolved, "
    "contact_made, survey_sent, survey_answered, case_opened, case_status, case_priority"
)
INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, DATA_LOSS = 3, 5, 6, 9, 15


def d(text: str) -> date:
    return date.fromisoformat(text)


def sold(unit: str, day: str = "2024-01-10", **extra: Any) -> dict[str, Any]:
    event = {
        "id": f"{unit}/sold",
        "type": "sold",
        "unit": unit,
        "date": d(day),
        "customer": "C-1",
        "product": "CAL-24",
        "price": 189900,
        "channel": "store",
    }
    event.update(extra)
    return event


def ev(unit: str, type_: str, day: str, suffix: str = "", **payload: Any) -> dict[str, Any]:
    return {"id": f"{unit}/{type_}{suffix}", "type": type_, "unit": unit, "date": d(day), **payload}


def installed_unit(unit: str, by: str = "specialist") -> list[dict[str, Any]]:
    """Sold 2024-01-10, delivered 2024-01-15, installed 2024-01-20."""
    return [
        sold(unit),
        ev(unit, "delivered", "2024-01-15"),
        ev(unit, "installed", "2024-01-20", by=by),
    ]


@pytest.fixture
def led() -> Iterator[pv.Ledger]:
    ledger = pv.Ledger()
    ledger.add_product(copy.deepcopy(BOILER))
    yield ledger
    ledger.close()


@contextlib.contextmanager
def raises(cls: type[pv.Error], code: int, message: str) -> Iterator[None]:
    """pytest.raises for an exact message and status code."""
    with pytest.raises(cls) as info:
        yield
    assert str(info.value) == message
    assert info.value.code == code


# ---- Recording one event at a time -------------------------------------------


def test_a_lifecycle_recorded_event_by_event(led: pv.Ledger) -> None:
    events = [
        sold("SN-1"),
        # 09:30:00.123456 at UTC+1 is 08:30:00.123456Z, the same date.
        ev(
            "SN-1",
            "delivered",
            "2024-01-15",
            at=datetime(2024, 1, 15, 9, 30, 0, 123456, tzinfo=timezone(timedelta(hours=1))),
        ),
        ev("SN-1", "delivery_checked", "2024-01-15", outcome="ok"),
        ev("SN-1", "installed", "2024-01-20", by="specialist"),
        ev("SN-1", "installation_checked", "2024-01-20", outcome="ok"),
    ]
    for event in events:
        assert led.record(event) == pv.RecordResult(stored=1, duplicates=0)
    history = led.history("SN-1")
    assert [h["id"] for h in history] == [e["id"] for e in events]
    assert history[1] == {
        "id": "SN-1/delivered",
        "type": "delivered",
        "unit": "SN-1",
        "date": d("2024-01-15"),
        "at": datetime(2024, 1, 15, 8, 30, 0, 123456, tzinfo=UTC),
    }
    assert history[1]["at"].tzinfo is UTC


def test_an_event_the_history_does_not_allow_is_refused_and_changes_nothing(
    led: pv.Ledger,
) -> None:
    led.record(sold("SN-1"))
    led.record(ev("SN-1", "delivered", "2024-01-15"))
    with raises(
        pv.ValidationError,
        FAILED_PRECONDITION,
        "installation_checked on 2024-01-20: the unit has not been installed",
    ):
        led.record(ev("SN-1", "installation_checked", "2024-01-20", outcome="ok"))
    with raises(
        pv.ValidationError,
        FAILED_PRECONDITION,
        'delivered on 2024-01-15: unit "SN-9" has no sold event before it',
    ):
        led.record(ev("SN-9", "delivered", "2024-01-15"))
    assert [h["type"] for h in led.history("SN-1")] == ["sold", "delivered"]
    with raises(pv.NotFoundError, NOT_FOUND, 'unit "SN-9" has no events in this ledger'):
        led.history("SN-9")


def test_the_same_id_is_idempotent_with_the_same_content_only(led: pv.Ledger) -> None:
    assert led.record(sold("SN-1")) == (1, 0)
    assert led.record(sold("SN-1")) == (0, 1)  # an ERP's retry
    # Equal content in another spelling: a date string and a numpy integer.
    assert led.record(sold("SN-1", day="2024-01-10", price=np.int64(189900))) == (0, 1)
    with raises(
        pv.ValidationError,
        ALREADY_EXISTS,
        'id "SN-1/sold": already recorded with different content (sold of unit SN-1 on 2024-01-10)',
    ):
        led.record(sold("SN-1", price=189901))
    assert led.record_many([sold("SN-1"), ev("SN-1", "delivered", "2024-01-15")]) == (1, 1)
    assert len(led.history("SN-1")) == 2


def test_back_dated_events_are_accepted_while_the_history_stays_valid(led: pv.Ledger) -> None:
    for event in installed_unit("SN-1"):
        led.record(event)
    led.record(ev("SN-1", "repair_received", "2024-03-01", suffix="-1", fault="pump"))
    led.record(ev("SN-1", "repair_returned", "2024-03-10", suffix="-1", outcome="fixed"))
    # A repair in February, sent later: received and returned in one batch (the
    # batch is judged as a whole), both before the March repair.
    led.record_many(
        [
            ev("SN-1", "repair_returned", "2024-02-05", suffix="-0", outcome="fixed"),
            ev("SN-1", "repair_received", "2024-02-01", suffix="-0", fault="valve"),
        ]
    )
    # A maintenance dated before the repairs.
    led.record(ev("SN-1", "maintenance_done", "2024-01-25"))
    assert [h["id"] for h in led.history("SN-1")] == [
        "SN-1/sold",
        "SN-1/delivered",
        "SN-1/installed",
        "SN-1/maintenance_done",
        "SN-1/repair_received-0",
        "SN-1/repair_returned-0",
        "SN-1/repair_received-1",
        "SN-1/repair_returned-1",
    ]
    # A return on 03-05 would close the March repair early and leave the stored
    # return of 03-10 without an open repair (docs/warranty.md's example).
    with raises(
        pv.ValidationError,
        FAILED_PRECONDITION,
        "repair_returned on 2024-03-05 would make the later repair_returned "
        '(id "SN-1/repair_returned-1") on 2024-03-10 invalid: the unit is not in repair',
    ):
        led.record(ev("SN-1", "repair_returned", "2024-03-05", suffix="-x", outcome="fixed"))
    assert len(led.history("SN-1")) == 8


def test_on_one_date_the_sale_replays_before_the_delivery_whatever_the_arrival(
    led: pv.Ledger,
) -> None:
    led.record_many([ev("SN-1", "delivered", "2024-01-10"), sold("SN-1")])
    assert [h["type"] for h in led.history("SN-1")] == ["sold", "delivered"]


# ---- Conversions ---------------------------------------------------------------


def test_date_may_be_a_string_and_is_the_utc_date_of_at_when_left_out(led: pv.Ledger) -> None:
    led.record(sold("SN-1", day="2024-01-10"))
    # 23:30 at UTC-5 is 04:30Z the next day: the date is 2024-01-16.
    led.record({"id": "D", "type": "delivered", "unit": "SN-1", "at": "2024-01-15T23:30:00-05:00"})
    _, delivered = led.history("SN-1")
    assert delivered["date"] == d("2024-01-16")
    assert delivered["at"] == datetime(2024, 1, 16, 4, 30, tzinfo=UTC)


def test_absent_values_none_nan_na_nat_and_empty_strings(led: pv.Ledger) -> None:
    led.record(sold("SN-1", at=None, usage=float("nan"), amount=pd.NA, fault=pd.NaT, case=""))
    assert led.history("SN-1")[0] == {
        "id": "SN-1/sold",
        "type": "sold",
        "unit": "SN-1",
        "date": d("2024-01-10"),
        "customer": "C-1",
        "product": "CAL-24",
        "channel": "store",
        "price": 189900,
    }


def test_naive_datetimes_are_refused(led: pv.Ledger) -> None:
    led.record(sold("SN-1"))
    naive = ev("SN-1", "delivered", "2024-01-15", at=datetime(2024, 1, 15, 9, 30))
    message = (
        "at: naive datetime; pass a timezone-aware datetime (e.g. tzinfo=datetime.timezone.utc)"
    )
    with raises(pv.ValidationError, INVALID_ARGUMENT, message):
        led.record(naive)
    with raises(pv.ValidationError, INVALID_ARGUMENT, "events[1]: " + message):
        led.record_many([ev("SN-1", "trained", "2024-01-15", attendees=2), naive])
    assert len(led.history("SN-1")) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, f"colour: unknown key (an event has {ALL_KEYS})"),
        ({"price": 1899.5}, "price: expected a whole number of minor units, got 1899.5"),
        # A dict is not a DataFrame column: a whole float is refused too.
        ({"price": 189900.0}, "price: expected a whole number of minor units, got 189900.0"),
        ({"price": "189900"}, "price: expected a whole number of minor units, got '189900'"),
        ({"price": True}, "price: expected a whole number of minor units, got True"),
        ({"price": 2**63}, "price: 9223372036854775808 is outside the 64-bit integer range"),
        ({"price": -1}, "price: expected an amount >= 0, got -1"),  # the core's check
        ({"customer": 7}, "customer: expected a string, got 7"),
        ({"type": "sould"}, f'type: unknown event type "sould" (expected one of {TYPES})'),
        ({"type": None}, f"type: missing (one of {TYPES})"),
        ({"date": None}, "date: missing (give date YYYY-MM-DD, or at)"),
        ({"date": "2024-02-30"}, 'date: "2024-02-30" is not a valid calendar date'),
        ({"date": "10/01/2024"}, 'date: "10/01/2024" is not a date YYYY-MM-DD'),
        (
            {"date": datetime(2024, 1, 10, tzinfo=UTC)},
            (
                "date: expected a datetime.date or a YYYY-MM-DD string, got a datetime "
                "(datetime.datetime(2024, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)); "
                "pass .date() of it in the zone you mean, or give the instant as at"
            ),
        ),
        (
            {"at": 1704844800},
            (
                "at: expected a timezone-aware datetime.datetime or an RFC 3339 string, "
                "got 1704844800"
            ),
        ),
        ({"id": None}, "id: required (the ERP document id)"),  # the core's check
        ({"attendees": 3}, 'attendees: not a field of "sold" events'),  # the core's check
    ],
)
def test_bad_values_are_refused_naming_the_key(
    led: pv.Ledger, changes: dict[str, Any], message: str
) -> None:
    event = sold("SN-1")
    event.update(changes)
    with raises(pv.ValidationError, INVALID_ARGUMENT, message):
        led.record(event)
    with raises(pv.ValidationError, INVALID_ARGUMENT, "events[1]: " + message):
        led.record_many([sold("SN-0"), event])
    with pytest.raises(pv.NotFoundError):
        led.history("SN-0")  # the batch stored nothing


def test_at_strings_follow_rfc_3339(led: pv.Ledger) -> None:
    led.record(sold("SN-1"))
    with pytest.raises(pv.ValidationError, match=r"^at: ") as info:
        led.record(ev("SN-1", "delivered", "2024-01-15", at="2024-01-15 09:30"))  # no offset
    assert info.value.code == INVALID_ARGUMENT
    led.record(ev("SN-1", "delivered", "2024-01-15", at="2024-01-15T09:30:00.1234567Z"))
    # Microseconds kept, the seventh digit truncated (as the core does).
    assert led.history("SN-1")[1]["at"] == datetime(2024, 1, 15, 9, 30, 0, 123456, tzinfo=UTC)


def test_events_that_are_not_dicts_are_type_errors(led: pv.Ledger) -> None:
    with pytest.raises(TypeError, match="^event: expected a dict, got list$"):
        led.record([("id", "x")])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^events\[1\]: expected a dict, got str$"):
        led.record_many([sold("SN-1"), "sold"])
    with pytest.raises(TypeError, match="^events: expected a list of event dicts"):
        led.record_many("sold")


# ---- Batches ---------------------------------------------------------------------


def test_record_many_from_dicts(led: pv.Ledger) -> None:
    events = installed_unit("SN-1") + installed_unit("SN-2")
    assert led.record_many(events) == (6, 0)
    assert led.record_many(iter(events)) == (0, 6)  # any iterable
    assert [h["type"] for h in led.history("SN-2")] == ["sold", "delivered", "installed"]


def test_a_refused_batch_stores_nothing_and_names_the_position(led: pv.Ledger) -> None:
    batch = installed_unit("SN-1") + [
        ev("SN-2", "delivered", "2024-01-15"),  # events[3]: SN-2 was never sold
        sold("SN-3"),
    ]
    with raises(
        pv.ValidationError,
        FAILED_PRECONDITION,
        'events[3]: delivered on 2024-01-15: unit "SN-2" has no sold event before it',
    ):
        led.record_many(batch)
    for unit in ("SN-1", "SN-2", "SN-3"):
        with pytest.raises(pv.NotFoundError):
            led.history(unit)
    assert led.record_many(batch[:3] + batch[4:]) == (4, 0)


def boiler_frame() -> pd.DataFrame:
    """Unit SN-3's lifecycle with two pump repairs, as an ERP export would give
    it: one row per event, empty cells where a type has no such key."""
    rows = [
        {"id": "E1", "type": "sold", "unit": "SN-3", "date": "2024-01-10", "customer": "C-3",
         "product": "CAL-24", "price": 189900, "channel": "web"},
        {"id": "E2", "type": "delivered", "unit": "SN-3", "date": "2024-01-15",
         "at": "2024-01-15T10:00:00Z"},
        {"id": "E3", "type": "installed", "unit": "SN-3", "date": "2024-01-20",
         "by": "specialist"},
        {"id": "E4", "type": "repair_received", "unit": "SN-3", "date": "2024-03-01",
         "fault": "pump", "case": "K-1"},
        {"id": "E5", "type": "repair_returned", "unit": "SN-3", "date": "2024-03-11",
         "outcome": "fixed", "parts_cost": 4500, "labor_cost": 3000},
        {"id": "E6", "type": "repair_received", "unit": "SN-3", "date": "2024-06-01",
         "fault": "pump", "case": "K-2"},
        {"id": "E7", "type": "repair_returned", "unit": "SN-3", "date": "2024-06-11",
         "outcome": "not_fixed", "labor_cost": 1500},
        {"id": "E8", "type": "usage_reading", "unit": "SN-3", "date": "2024-06-11",
         "usage": 812.5},
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"])  # datetime64 at midnight
    frame["at"] = pd.to_datetime(frame["at"], utc=True)  # datetime64[.., UTC] with NaT
    frame["labor_cost"] = frame["labor_cost"].astype("Int64")  # nullable, pd.NA
    return frame


def expected_sn3_history() -> list[dict[str, Any]]:
    def e(id_: str, type_: str, day: str, **payload: Any) -> dict[str, Any]:
        return {"id": id_, "type": type_, "unit": "SN-3", "date": d(day), **payload}

    return [
        e("E1", "sold", "2024-01-10", customer="C-3", product="CAL-24", channel="web",
          price=189900),
        e("E2", "delivered", "2024-01-15", at=datetime(2024, 1, 15, 10, tzinfo=UTC)),
        e("E3", "installed", "2024-01-20", by="specialist"),
        e("E4", "repair_received", "2024-03-01", fault="pump", case="K-1"),
        e("E5", "repair_returned", "2024-03-11", outcome="fixed", parts_cost=4500,
          labor_cost=3000),
        e("E6", "repair_received", "2024-06-01", fault="pump", case="K-2"),
        e("E7", "repair_returned", "2024-06-11", outcome="not_fixed", labor_cost=1500),
        e("E8", "usage_reading", "2024-06-11", usage=812.5),
    ]  # fmt: skip


def test_record_many_from_a_dataframe_with_empty_cells(led: pv.Ledger) -> None:
    frame = boiler_frame()
    # What pandas made of the ERP rows: float columns with NaN for the amounts.
    assert frame["price"].dtype == np.float64
    assert frame["parts_cost"].dtype == np.float64
    assert frame["usage"].dtype == np.float64
    assert led.record_many(frame) == (8, 0)
    assert led.history("SN-3") == expected_sn3_history()
    assert led.record_many(frame) == (0, 8)  # the same rows again: no-ops
    # The same events as dicts are the same content.
    assert led.record_many(expected_sn3_history()) == (0, 8)


def test_a_dataframe_of_plain_python_objects(led: pv.Ledger) -> None:
    frame = pd.DataFrame(expected_sn3_history())  # date objects, datetimes, None
    assert led.record_many(frame) == (8, 0)
    assert led.history("SN-3") == expected_sn3_history()


def test_a_dataframe_error_names_the_row_position_not_the_label(led: pv.Ledger) -> None:
    frame = boiler_frame()
    frame.index = [100 + 10 * i for i in range(len(frame))]
    frame.loc[140, "parts_cost"] = 4500.5  # position 4
    with raises(
        pv.ValidationError,
        INVALID_ARGUMENT,
        "events[4]: parts_cost: expected a whole number of minor units, got 4500.5",
    ):
        led.record_many(frame)
    with pytest.raises(pv.NotFoundError):
        led.history("SN-3")


def test_dataframe_columns_that_are_not_event_keys_or_not_right(led: pv.Ledger) -> None:
    frame = boiler_frame()
    with raises(
        pv.ValidationError, INVALID_ARGUMENT, f"colour: unknown key (an event has {ALL_KEYS})"
    ):
        led.record_many(frame.assign(colour="red"))
    naive = frame.assign(at=frame["at"].dt.tz_localize(None))
    with pytest.raises(pv.ValidationError) as info:
        led.record_many(naive)
    assert str(info.value).startswith("events[1]: at: naive datetime (2024-01-15T10:00:00")
    assert "df['at'].dt.tz_localize('UTC')" in str(info.value)
    with_time = frame.assign(date=frame["date"] + pd.Timedelta(hours=1))
    with raises(
        pv.ValidationError,
        INVALID_ARGUMENT,
        "events[0]: date: 2024-01-10T01:00:00 is not a date (it has a time of day); "
        "give the instant as at",
    ):
        led.record_many(with_time)
    with pytest.raises(pv.NotFoundError):
        led.history("SN-3")


def test_an_empty_batch_does_nothing(led: pv.Ledger) -> None:
    assert led.record_many([]) == (0, 0)
    assert led.record_many(boiler_frame().iloc[0:0]) == (0, 0)


# ---- History: every key round-trips ----------------------------------------------


def every_unit_key() -> list[dict[str, Any]]:
    """Unit events that together use every key a unit event can have."""
    u = "SN-H"
    return [
        sold(u, customer="C-9", channel="web"),
        ev(u, "delivered", "2024-01-15", at="2024-01-15T09:30:00.123456+01:00"),
        ev(u, "delivery_checked", "2024-01-15", outcome="damaged"),
        ev(u, "installed", "2024-01-20", by="specialist"),
        ev(u, "installation_checked", "2024-01-20", outcome="defective"),
        ev(u, "trained", "2024-01-22", attendees=3),
        ev(u, "usage_reading", "2024-06-01", usage=1250.5),
        ev(u, "maintenance_done", "2024-07-01", usage=1500),
        ev(u, "repair_received", "2024-08-01", fault="pump", case="K-9"),
        ev(u, "repair_returned", "2024-08-09", outcome="fixed", parts_cost=4500, labor_cost=3000),
        ev(u, "extension_purchased", "2024-02-01", policy="ext-2y"),
        ev(u, "retired", "2024-09-01", reason="recycled"),
        ev(u, "replaced", "2024-09-01", new_unit="SN-H2"),
        sold("SN-R"),
        ev("SN-R", "delivered", "2024-01-15"),
        ev("SN-R", "refunded", "2024-02-15", amount=189900),
    ]


def test_history_is_in_replay_order_with_every_key(led: pv.Ledger) -> None:
    assert led.record_many(every_unit_key()) == (16, 0)
    history = led.history("SN-H")
    # Date order; on 2024-09-01 `replaced` before `retired` (retired is last).
    assert [h["type"] for h in history] == [
        "sold",
        "delivered",
        "delivery_checked",
        "installed",
        "installation_checked",
        "trained",
        "extension_purchased",
        "usage_reading",
        "maintenance_done",
        "repair_received",
        "repair_returned",
        "replaced",
        "retired",
    ]
    by_type = {h["type"]: h for h in history}
    assert by_type["delivered"] == {
        "id": "SN-H/delivered",
        "type": "delivered",
        "unit": "SN-H",
        "date": d("2024-01-15"),
        "at": datetime(2024, 1, 15, 8, 30, 0, 123456, tzinfo=UTC),
    }
    assert by_type["maintenance_done"]["usage"] == 1500.0
    assert isinstance(by_type["maintenance_done"]["usage"], float)
    assert by_type["repair_returned"] == {
        "id": "SN-H/repair_returned",
        "type": "repair_returned",
        "unit": "SN-H",
        "date": d("2024-08-09"),
        "outcome": "fixed",
        "parts_cost": 4500,
        "labor_cost": 3000,
    }
    # Keys in canonical order (event_to_json's), only those present.
    assert list(by_type["sold"]) == [
        "id", "type", "unit", "date", "customer", "product", "channel", "price"
    ]  # fmt: skip
    assert list(by_type["repair_received"]) == ["id", "type", "unit", "date", "fault", "case"]
    assert by_type["replaced"]["new_unit"] == "SN-H2"
    assert by_type["retired"]["reason"] == "recycled"
    assert by_type["trained"]["attendees"] == 3
    assert by_type["extension_purchased"]["policy"] == "ext-2y"
    assert led.history("SN-R")[-1]["amount"] == 189900
    # Every dict of the histories is the stored event itself: recording them
    # again is a no-op for each.
    again = led.history("SN-H") + led.history("SN-R")
    assert led.record_many(again) == (0, 16)
    # The replacement unit inherits cover but has no events of its own yet.
    assert led.history("SN-H2") == []


def test_customer_and_case_events_are_stored(led: pv.Ledger) -> None:
    at = datetime(2024, 3, 4, 9, 15, tzinfo=UTC)
    events = [
        {"id": "Q1", "type": "complaint_opened", "date": d("2024-03-04"), "customer": "C-1",
         "case": "R-1"},
        {"id": "Q2", "type": "complaint_resolved", "date": d("2024-03-08"), "customer": "C-1",
         "case": "R-1"},
        {"id": "K1", "type": "case_opened", "at": at, "case": "K-1", "kind": "repair",
         "priority": "high", "customer": "C-1", "sla": "gold", "unit": "SN-1"},
        {"id": "K2", "type": "case_status", "at": at + timedelta(hours=2), "case": "K-1",
         "status": "responded"},
        {"id": "K3", "type": "case_priority", "at": at + timedelta(hours=3), "case": "K-1",
         "priority": "low"},
        {"id": "S1", "type": "survey_sent", "date": d("2024-03-10"), "customer": "C-1",
         "channel": "digital", "instrument": "nps"},
        {"id": "S2", "type": "survey_answered", "date": d("2024-03-11"), "customer": "C-1",
         "channel": "digital", "instrument": "nps", "score": 9},
        {"id": "T1", "type": "contact_made", "date": d("2024-03-12"), "customer": "C-1",
         "channel": "phone"},
    ]  # fmt: skip
    assert led.record_many(events) == (8, 0)
    assert led.record_many(events) == (0, 8)  # stored with exactly this content
    with pytest.raises(pv.ValidationError) as info:
        led.record({**events[6], "score": 8})
    assert info.value.code == ALREADY_EXISTS
    with raises(
        pv.ValidationError,
        INVALID_ARGUMENT,
        'channel: expected paper, interviewer or digital, got "phone"',
    ):
        led.record({**events[5], "id": "S3", "channel": "phone"})
    message = 'case_status on 2024-03-04: case "K-7" has not been opened'
    with raises(pv.ValidationError, FAILED_PRECONDITION, message):
        led.record({"id": "K9", "type": "case_status", "at": at, "case": "K-7", "status": "open"})


# ---- Warranty decisions -------------------------------------------------------------


def test_claim_inside_the_legal_guarantee(led: pv.Ledger) -> None:
    led.record_many(installed_unit("SN-1"))
    decision = led.assess_claim("SN-1", d("2025-03-01"), "pump", QUOTE)
    # legal-es and maker-5y both give parts 100 %: legal wins the tie. labor:
    # legal 100 > maker 50; travel: legal 100 (maker's travel ended 2025-01-20).
    assert decision.covered is True
    assert decision.coverage == {"parts": 100, "labor": 100, "travel": 100}
    assert decision.policies == {"parts": "legal-es", "labor": "legal-es", "travel": "legal-es"}
    assert decision.basis == "legal-es"
    assert decision.ends_on == {c: d("2027-01-15") for c in ("parts", "labor", "travel")}
    assert decision.presumed_nonconformity is True  # 2025-03-01 <= 2026-01-15
    assert decision.remedy == "repair"
    assert decision.company_cost == {"parts": 10000, "labor": 5001, "travel": 2001, "total": 17002}
    assert decision.customer_cost == {"parts": 0, "labor": 0, "travel": 0, "total": 0}
    assert decision.reasons == ["ext-2y:not_purchased"]


def test_claim_after_the_legal_guarantee_splits_costs_round_half_up(led: pv.Ledger) -> None:
    led.record_many(installed_unit("SN-1"))
    decision = led.assess_claim("SN-1", d("2027-06-01"), "pump", QUOTE)
    # legal-es ended 2027-01-15. maker-5y: parts 100 %, labor 50 % until
    # 2029-01-20; travel ended. Company: 10000 + round_half_up(2500.5) = 2501.
    assert decision.covered is True
    assert decision.coverage == {"parts": 100, "labor": 50, "travel": 0}
    assert decision.policies == {"parts": "maker-5y", "labor": "maker-5y", "travel": None}
    assert decision.ends_on == {"parts": d("2029-01-20"), "labor": d("2029-01-20"), "travel": None}
    assert decision.basis == "maker-5y"
    assert decision.presumed_nonconformity is False  # maker-5y has no presumption
    assert decision.company_cost == {"parts": 10000, "labor": 2501, "travel": 0, "total": 12501}
    assert decision.customer_cost == {"parts": 0, "labor": 2500, "travel": 2001, "total": 4501}
    assert decision.reasons == ["legal-es:expired", "ext-2y:not_purchased"]
    assert decision.to_json() == (
        '{"covered":true,'
        '"coverage":{"parts":{"percent":100,"policy":"maker-5y","ends_on":"2029-01-20"},'
        '"labor":{"percent":50,"policy":"maker-5y","ends_on":"2029-01-20"},'
        '"travel":{"percent":0,"policy":null,"ends_on":null}},'
        '"basis":"maker-5y","presumed_nonconformity":false,"remedy":"repair",'
        '"company_cost":{"parts":10000,"labor":2501,"travel":0,"total":12501},'
        '"customer_cost":{"parts":0,"labor":2500,"travel":2001,"total":4501},'
        '"reasons":["legal-es:expired","ext-2y:not_purchased"]}'
    )
    # Half a cent rounds up for the company: 1 cent of labor at 50 % is 0.5 -> 1.
    # Missing quote keys are 0.
    one_cent = led.assess_claim("SN-1", d("2027-06-01"), "pump", {"labor": 1})
    assert one_cent.company_cost == {"parts": 0, "labor": 1, "travel": 0, "total": 1}
    assert one_cent.customer_cost == {"parts": 0, "labor": 0, "travel": 0, "total": 0}


def test_purchased_extension_grants_labor_at_80_percent(led: pv.Ledger) -> None:
    led.record_many(
        installed_unit("SN-2") + [ev("SN-2", "extension_purchased", "2024-02-01", policy="ext-2y")]
    )
    decision = led.assess_claim("SN-2", "2027-06-01", "pump", QUOTE)
    # parts: maker 100 > ext 80; labor: ext 80 > maker 50, round_half_up(4000.8)
    # = 4001; basis maker-5y (10000) over ext-2y (4001).
    assert decision.coverage == {"parts": 100, "labor": 80, "travel": 0}
    assert decision.policies == {"parts": "maker-5y", "labor": "ext-2y", "travel": None}
    assert decision.ends_on == {"parts": d("2029-01-20"), "labor": d("2029-01-15"), "travel": None}
    assert decision.basis == "maker-5y"
    assert decision.company_cost == {"parts": 10000, "labor": 4001, "travel": 0, "total": 14001}
    assert decision.customer_cost == {"parts": 0, "labor": 1000, "travel": 2001, "total": 3001}
    assert decision.reasons == ["legal-es:expired"]
    # Before its cover starts (2027-01-15) the extension is not started, and
    # after 2026-01-15 legal-es no longer presumes the fault.
    early = led.assess_claim("SN-2", d("2026-06-01"), "pump", QUOTE)
    assert early.basis == "legal-es"
    assert early.presumed_nonconformity is False
    assert early.reasons == ["ext-2y:not_started"]


def test_excluded_fault_and_void_installation(led: pv.Ledger) -> None:
    led.record_many(installed_unit("SN-1") + installed_unit("SN-4", by="customer"))
    misuse = led.assess_claim("SN-1", d("2025-03-01"), "misuse", QUOTE)
    # legal-es excludes misuse; maker-5y pays parts 100 %, labor 50 %.
    assert misuse.reasons == ["legal-es:excluded_fault", "ext-2y:not_purchased"]
    assert misuse.basis == "maker-5y"
    assert misuse.company_cost == {"parts": 10000, "labor": 2501, "travel": 0, "total": 12501}
    installed_by_customer = led.assess_claim("SN-4", d("2025-03-01"), "pump", QUOTE)
    assert installed_by_customer.reasons == ["maker-5y:void_installation", "ext-2y:not_purchased"]
    assert installed_by_customer.basis == "legal-es"
    assert installed_by_customer.company_cost["total"] == 17002


def test_suspension_and_repeat_failure(led: pv.Ledger) -> None:
    led.record_many(boiler_frame())
    decision = led.assess_claim("SN-3", d("2024-09-02"), "pump", QUOTE)
    # Two pump repairs of 10 days each (03-01..03-11, 06-01..06-11), both under
    # legal-es and maker-5y. legal-es is suspended 20 days: 2027-01-15 + 20 =
    # 2027-02-04. maker-5y has seen 2 repairs of the fault, its limit: the
    # remedy becomes replace_or_refund. The presumption holds (<= 2026-01-15).
    assert decision.basis == "legal-es"
    assert decision.ends_on == {c: d("2027-02-04") for c in ("parts", "labor", "travel")}
    assert decision.presumed_nonconformity is True
    assert decision.remedy == "replace_or_refund"
    assert decision.reasons == [
        "legal-es:suspended_days:20",
        "maker-5y:repeat_failure",
        "ext-2y:not_purchased",
    ]
    assert decision.company_cost["total"] == 17002
    # Another fault has no repeat: repair.
    assert led.assess_claim("SN-3", d("2024-09-02"), "valve", QUOTE).remedy == "repair"


def test_nothing_is_covered_before_delivery(led: pv.Ledger) -> None:
    led.record(sold("SN-5"))
    decision = led.assess_claim("SN-5", d("2024-01-12"), "pump", QUOTE)
    assert decision.covered is False
    assert decision.basis is None
    assert decision.remedy == "none"
    assert decision.coverage == {"parts": 0, "labor": 0, "travel": 0}
    assert decision.ends_on == {"parts": None, "labor": None, "travel": None}
    assert decision.customer_cost == {"parts": 10000, "labor": 5001, "travel": 2001, "total": 17002}
    assert decision.to_json() == (
        '{"covered":false,'
        '"coverage":{"parts":{"percent":0,"policy":null,"ends_on":null},'
        '"labor":{"percent":0,"policy":null,"ends_on":null},'
        '"travel":{"percent":0,"policy":null,"ends_on":null}},'
        '"basis":null,"presumed_nonconformity":false,"remedy":"none",'
        '"company_cost":{"parts":0,"labor":0,"travel":0,"total":0},'
        '"customer_cost":{"parts":10000,"labor":5001,"travel":2001,"total":17002},'
        '"reasons":["legal-es:not_delivered","maker-5y:not_delivered","ext-2y:not_delivered"]}'
    )


def test_decision_equality_hash_and_repr(led: pv.Ledger) -> None:
    led.record_many(installed_unit("SN-1"))
    a = led.assess_claim("SN-1", d("2027-06-01"), "pump", QUOTE)
    b = led.assess_claim("SN-1", "2027-06-01", "pump", dict(QUOTE))
    c = led.assess_claim("SN-1", d("2027-06-01"), "pump", {"parts": 10000})
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert a != a.to_json()
    assert repr(a).startswith("<postventa.Decision covered=True coverage={'parts': 100, ")
    assert "reasons=['legal-es:expired', 'ext-2y:not_purchased']" in repr(a)
    a.reasons.append("changed")  # a fresh list: the decision does not change
    assert a == b


def test_assess_claim_arguments(led: pv.Ledger) -> None:
    led.record_many(installed_unit("SN-1"))
    with raises(pv.ValidationError, INVALID_ARGUMENT, "quote.parts: -5 is negative"):
        led.assess_claim("SN-1", d("2025-03-01"), "pump", {"parts": -5})
    with raises(
        pv.ValidationError,
        INVALID_ARGUMENT,
        "quote.tax: unknown key (a quote has parts, labor, travel)",
    ):
        led.assess_claim("SN-1", d("2025-03-01"), "pump", {"tax": 5})
    with pytest.raises(TypeError, match=r"^quote\.parts: expected an integer, got float$"):
        led.assess_claim("SN-1", d("2025-03-01"), "pump", {"parts": 1.5})  # type: ignore[dict-item]
    with raises(pv.NotFoundError, NOT_FOUND, 'unit "SN-0" has no events in this ledger'):
        led.assess_claim("SN-0", d("2025-03-01"), "pump", QUOTE)
    numpy_quote: dict[str, Any] = {"parts": np.int32(7)}  # numpy integers are integers
    decision = led.assess_claim("SN-1", d("2025-03-01"), "pump", numpy_quote)
    assert decision.company_cost["parts"] == 7


# ---- Catalog and calendars ------------------------------------------------------------


def test_add_product_is_idempotent_and_versioned_by_sku(led: pv.Ledger) -> None:
    led.add_product(copy.deepcopy(BOILER))  # the same again: a no-op
    changed = copy.deepcopy(BOILER)
    changed["warranties"][1]["labor"]["percent"] = 60
    with pytest.raises(pv.ValidationError) as info:
        led.add_product(changed)
    assert info.value.code == ALREADY_EXISTS
    assert str(info.value).startswith('product "CAL-24" already exists')
    bad = copy.deepcopy(BOILER)
    bad["sku"] = "CAL-28"
    bad["warranties"][1]["parts"]["percent"] = 120
    message = "warranties[1].parts.percent: 120 is outside 0..100"
    with raises(pv.ValidationError, INVALID_ARGUMENT, message):
        led.add_product(bad)
    with pytest.raises(TypeError):
        led.add_product('{"sku": "X"}')  # type: ignore[arg-type]


def test_add_calendar_from_a_dict_or_a_calendar(
    led: pv.Ledger, office_config: dict[str, Any], office: pv.Calendar
) -> None:
    led.add_calendar("office", office_config)
    led.add_calendar("office", office)  # the same configuration: a no-op
    other = copy.deepcopy(office_config)
    other["holidays"] = []
    with raises(
        pv.ValidationError,
        ALREADY_EXISTS,
        'calendar "office" already exists with a different configuration',
    ):
        led.add_calendar("office", other)
    with pytest.raises(TypeError):
        led.add_calendar("office", "office")  # type: ignore[arg-type]


# ---- Durable ledgers ---------------------------------------------------------------


def test_a_durable_ledger_keeps_everything_across_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with pv.Ledger(path) as led:
        led.add_product(copy.deepcopy(BOILER))
        led.record_many(every_unit_key())
        led.record_many(boiler_frame())
        history = led.history("SN-H")
        decision = led.assess_claim("SN-3", d("2024-09-02"), "pump", QUOTE)
    assert path.exists()
    with pv.Ledger(str(path)) as again:
        assert again.history("SN-H") == history
        assert again.history("SN-3") == expected_sn3_history()
        reopened = again.assess_claim("SN-3", d("2024-09-02"), "pump", QUOTE)
        assert reopened == decision
        assert reopened.to_json() == decision.to_json()
        assert again.record_many(boiler_frame()) == (0, 8)
        again.add_product(copy.deepcopy(BOILER))  # stored: a no-op


def test_the_context_manager_closes_and_a_closed_ledger_refuses_calls(tmp_path: Path) -> None:
    with pv.Ledger(tmp_path / "l.sqlite") as led:
        led.add_product(copy.deepcopy(BOILER))
        led.record(sold("SN-1"))
        assert "closed" not in repr(led)
    assert repr(led) == f"<postventa.Ledger {str(tmp_path / 'l.sqlite')!r} closed>"
    closed = (pv.ValidationError, FAILED_PRECONDITION, "the ledger is closed")
    with raises(*closed):
        led.history("SN-1")
    with raises(*closed):
        led.record(ev("SN-1", "delivered", "2024-01-15"))
    with raises(*closed):
        led.record_many(boiler_frame())
    with raises(*closed):
        led.assess_claim("SN-1", d("2024-02-01"), "pump", QUOTE)
    with raises(*closed):
        led.add_product(copy.deepcopy(BOILER))
    led.close()  # closing again is harmless
    memory = pv.Ledger()
    assert repr(memory) == "<postventa.Ledger in memory>"
    memory.close()
    with raises(*closed):
        memory.history("SN-1")


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    content = b"These are notes, not an SQLite database.\n" * 200
    path.write_bytes(content)
    with pytest.raises(pv.StorageError) as info:
        pv.Ledger(path)
    assert info.value.code == DATA_LOSS
    assert str(info.value).startswith(f"{path}: not an SQLite database")
    assert path.read_bytes() == content


def test_a_file_from_a_newer_library_is_refused_naming_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with pv.Ledger(path) as led:
        led.add_product(copy.deepcopy(BOILER))
        led.record(sold("SN-1"))
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    with raises(
        pv.ValidationError,
        FAILED_PRECONDITION,
        f"{path} was written by a newer postventa (schema 99, this library reads up to 3)",
    ):
        pv.Ledger(path)


def test_bad_paths(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        pv.Ledger(42)  # type: ignore[arg-type]
    with raises(pv.ValidationError, FAILED_PRECONDITION, f"{tmp_path} is a directory"):
        pv.Ledger(tmp_path)


# ---- Threads ------------------------------------------------------------------------


def test_threads_may_share_a_ledger(led: pv.Ledger) -> None:
    errors: list[BaseException] = []

    def write(first: int) -> None:
        try:
            for u in range(first, first + 50):
                led.record_many(installed_unit(f"T-{u}"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(k * 50,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(len(led.history(f"T-{u}")) == 3 for u in range(200))


# ---- More conversions -----------------------------------------------------------------


def test_text_beyond_ascii_and_pandas_values_in_dicts(led: pv.Ledger) -> None:
    led.record(sold("SN-Ñ", customer="Peña Núñez · 株式会社", channel="tienda"))
    madrid_ten = pd.Timestamp("2024-01-15 10:00:00.1234567", tz="Europe/Madrid")
    led.record(ev("SN-Ñ", "delivered", "2024-01-15", at=madrid_ten))
    first, second = led.history("SN-Ñ")
    assert first["customer"] == "Peña Núñez · 株式会社"
    # 10:00 in Madrid in winter (UTC+1) is 09:00Z; the nanoseconds are dropped.
    assert second["at"] == datetime(2024, 1, 15, 9, 0, 0, 123456, tzinfo=UTC)
    with raises(pv.ValidationError, INVALID_ARGUMENT, "by: not valid UTF-8: '\\udcff'"):
        led.record(ev("SN-Ñ", "installed", "2024-01-20", by="\udcff"))


def test_dataframe_column_types_pandas_may_choose(led: pv.Ledger) -> None:
    frame = pd.DataFrame(installed_unit("SN-1") + installed_unit("SN-2"))
    frame["type"] = frame["type"].astype("category")
    frame["price"] = frame["price"].astype("Int64")  # nullable integers with pd.NA
    frame["id"] = frame["id"].astype("string")
    assert led.record_many(frame) == (6, 0)
    assert led.history("SN-2") == [
        {**sold("SN-2")},
        ev("SN-2", "delivered", "2024-01-15"),
        ev("SN-2", "installed", "2024-01-20", by="specialist"),
    ]
    unsigned = pd.DataFrame([sold("SN-U", price=7)]).astype({"price": np.uint64})
    assert led.record_many(unsigned) == (1, 0)
    assert led.history("SN-U")[0]["price"] == 7
    too_big = pd.DataFrame([sold("SN-V")]).astype({"price": np.uint64})
    too_big["price"] = np.array([2**64 - 1], dtype=np.uint64)
    with raises(
        pv.ValidationError,
        INVALID_ARGUMENT,
        "events[0]: price: 18446744073709551615 is outside the 64-bit integer range",
    ):
        led.record_many(too_big)


# ---- The same decision in the C ABI --------------------------------------------------


def test_to_json_is_byte_for_byte_the_c_abis(led: pv.Ledger) -> None:
    """Opt-in: set POSTVENTA_C_LIBRARY to a libpostventa.so built from the same
    sources; pv_ledger_assess_claim_json must give the same bytes."""
    library = os.environ.get("POSTVENTA_C_LIBRARY")
    if not library:
        pytest.skip("set POSTVENTA_C_LIBRARY to a libpostventa.so to compare with the C ABI")
    c = ctypes.CDLL(library)
    c.pv_last_error.restype = ctypes.c_char_p
    c.pv_ledger_open_memory.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
    c.pv_ledger_add_product_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_record_json.argtypes = [
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    ]  # fmt: skip
    c.pv_ledger_assess_claim_json.argtypes = [
        ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32,
        ctypes.c_char_p, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64,
    ]  # fmt: skip
    c.pv_free.argtypes = [ctypes.c_void_p]
    c.pv_ledger_free.argtypes = [ctypes.c_void_p]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    handle = ctypes.c_void_p()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        product = json.dumps(BOILER).encode()
        ok(c.pv_ledger_add_product_json(handle, product, len(product)))
        for event in expected_sn3_history():  # the JSON form of SN-3's events
            text = json.dumps(event, default=lambda v: v.isoformat()).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        led.record_many(boiler_frame())
        for claim, fault in (("2024-09-02", "pump"), ("2027-06-01", "pump"), ("2024-01-12", "x")):
            out = ctypes.c_void_p()
            days = (d(claim) - date(1970, 1, 1)).days
            ok(c.pv_ledger_assess_claim_json(ctypes.byref(out), handle, b"SN-3", days,
                                             fault.encode(), 10000, 5001, 2001))  # fmt: skip
            from_c = ctypes.string_at(out).decode()
            c.pv_free(out)
            assert led.assess_claim("SN-3", d(claim), fault, QUOTE).to_json() == from_c
    finally:
        c.pv_ledger_free(handle)


# ---- Maintenance schedule (SPEC §4) ---------------------------------------------------


def test_maintenance_schedule_follows_the_plan_and_the_calendar() -> None:
    # Every 12 months from the installation (fixed grid); a due on a weekend
    # moves to the next working day of a Monday-Friday calendar. Installed on
    # 2024-01-31: + 12 months = 2025-01-31 (a Friday); + 24 = 2026-01-31, a
    # Saturday -> Monday 2026-02-02; + 36 = 2027-01-31 is past the window.
    day = [["09:00", "17:00"]]
    with pv.Ledger() as ledger:
        ledger.add_calendar(
            "office",
            {"timezone": "UTC", "week": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}},
        )
        ledger.add_product({
            "sku": "BOILER-1", "installation": "specialist", "warranties": ["legal-es"],
            "maintenance": {"every_months": 12, "grace_days": 15,
                            "shift": "next_working_day", "calendar": "office"},
        })  # fmt: skip
        ledger.record_many([
            {"id": "S1", "type": "sold", "unit": "B1", "date": date(2024, 1, 10),
             "customer": "C-1", "product": "BOILER-1", "price": 150000, "channel": "store"},
            {"id": "D1", "type": "delivered", "unit": "B1", "date": date(2024, 1, 15)},
            {"id": "I1", "type": "installed", "unit": "B1", "date": date(2024, 1, 31),
             "by": "specialist"},
        ])  # fmt: skip
        assert ledger.maintenance_schedule("B1", date(2024, 1, 1), date(2026, 12, 31)) == [
            date(2025, 1, 31),
            date(2026, 2, 2),
        ]
        assert ledger.maintenance_schedule("B1", "2025-01-31", "2025-01-31") == [date(2025, 1, 31)]
        assert ledger.maintenance_schedule("B1", date(2025, 2, 1), date(2025, 12, 31)) == []
        with pytest.raises(pv.NotFoundError):
            ledger.maintenance_schedule("NOPE", date(2024, 1, 1), date(2025, 1, 1))
        with pytest.raises(pv.ValidationError, match="end: 2024-01-01 is before start 2025-01-01"):
            ledger.maintenance_schedule("B1", date(2025, 1, 1), date(2024, 1, 1))


def test_products_event_count_and_span() -> None:
    led = pv.Ledger()
    assert (led.products(), led.event_count(), led.span()) == ([], 0, None)
    led.add_product({"sku": "B", "installation": "none", "warranties": ["legal-es"]})
    led.add_product({"sku": "A", "installation": "specialist", "warranties": ["legal-eu-min"]})
    products = led.products()
    assert [p["sku"] for p in products] == ["A", "B"]  # sorted by SKU
    assert products[0]["installation"] == "specialist"
    # The canonical form adds the defaults: adding it back is a no-op.
    led.add_product(products[0])
    led.record({"id": "1", "type": "sold", "unit": "U", "date": "2025-03-02", "customer": "c",
                "product": "B", "price": 1, "channel": "store"})  # fmt: skip
    led.record({"id": "0", "type": "sold", "unit": "V", "date": "2024-11-30", "customer": "c",
                "product": "A", "price": 1, "channel": "store"})  # fmt: skip
    assert led.event_count() == 2
    assert led.span() == (date(2024, 11, 30), date(2025, 3, 2))
    led.close()  # then they fail like every other call
    for call in (led.event_count, led.span, led.products):
        with pytest.raises(pv.Error, match="the ledger is closed"):
            call()

