"""Service cases and SLAs through the Python face (SPEC §5, §9.2): add_sla,
case events, sla_status. Expected values are worked out by hand in comments;
the C ABI must give the same JSON, byte for byte."""

from __future__ import annotations

import ctypes
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import postventa as pv
import pytest

UTC = timezone.utc

# high: 1 h to respond, 8 h to resolve, in the office calendar (UTC, Mon-Fri 09-17).
STD = {
    "name": "std",
    "calendar": "office",
    "targets": {"high": {"first_response": 3600, "resolution": 28800}},
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def case_events(sla: str = "std") -> list[dict[str, Any]]:
    # Opened Monday 2025-03-03 16:00, answered 16:30, waiting for the customer
    # from Tuesday 10:00 to Thursday 10:00.
    return [
        {"id": "c1", "type": "case_opened", "case": "K1", "kind": "repair", "priority": "high",
         "customer": "C1", "sla": sla, "at": "2025-03-03T16:00:00Z"},
        {"id": "c2", "type": "case_status", "case": "K1", "status": "responded",
         "at": "2025-03-03T16:30:00Z"},
        {"id": "c3", "type": "case_status", "case": "K1", "status": "waiting_customer",
         "at": "2025-03-04T10:00:00Z"},
        {"id": "c4", "type": "case_status", "case": "K1", "status": "in_progress",
         "at": "2025-03-06T10:00:00Z"},
    ]  # fmt: skip


@pytest.fixture
def led(office_config: dict[str, Any]) -> pv.Ledger:
    ledger = pv.Ledger()
    ledger.add_calendar("office", office_config)
    ledger.add_sla(STD)
    ledger.record_many(case_events())
    return ledger


def test_a_pause_removes_only_the_working_time_it_covers(led: pv.Ledger) -> None:
    # Wednesday noon: Mon 16-17 + Tue 9-10 = 2 h used, paused.
    status = led.sla_status("K1", at("2025-03-05T12:00:00Z"))
    assert status["first_response"] == {
        "status": "met",
        "elapsed": timedelta(minutes=30),
        "deadline": None,
        "target": timedelta(hours=1),
    }
    assert status["resolution"]["status"] == "paused"
    assert status["resolution"]["elapsed"] == timedelta(hours=2)
    assert status["resolution"]["deadline"] is None
    # Thursday noon: 2 h + Thu 10-12 = 4 h of 8; the rest runs to Thu 16:00.
    status = led.sla_status("K1", at("2025-03-06T12:00:00Z"))
    assert status["resolution"] == {
        "status": "on_track",
        "elapsed": timedelta(hours=4),
        "deadline": datetime(2025, 3, 6, 16, 0, tzinfo=UTC),
        "target": timedelta(hours=8),
    }
    assert status["resolution"]["deadline"].tzinfo is not None
    # Thursday 15:00: 7 h >= 0.8 x 8 h. Friday 10:00: 2 + 7 + 1 = 10 h > 8 h,
    # breached since the 8 h ran out on Thursday 16:00.
    assert led.sla_status("K1", at("2025-03-06T15:00:00Z"))["resolution"]["status"] == "at_risk"
    late = led.sla_status("K1", at("2025-03-07T10:00:00Z"))["resolution"]
    assert late["status"] == "breached"
    assert late["elapsed"] == timedelta(hours=10)
    assert late["deadline"] == datetime(2025, 3, 6, 16, 0, tzinfo=UTC)


def test_a_late_resolution_does_not_clear_a_breach(led: pv.Ledger) -> None:
    led.record({"id": "c5", "type": "case_status", "case": "K1", "status": "resolved",
                "at": "2025-03-07T11:00:00Z"})  # fmt: skip
    status = led.sla_status("K1", at("2025-03-10T09:00:00Z"))["resolution"]
    assert status["status"] == "breached"
    # The elapsed at resolution: Mon 16-17, Tue 9-10, Thu 10-17, Fri 9-11 = 11 h.
    assert status["elapsed"] == timedelta(hours=11)


def test_dst_change_in_madrid(madrid_config: dict[str, Any]) -> None:
    # Opened Friday 2025-03-28 14:00 in Madrid (CET, 13:00Z); Friday's shift
    # ends at 15:00. Madrid moves to CEST (UTC+2) on Sunday 03-30. Targets:
    # respond in 1 h, resolve in 4 h of working time.
    ledger = pv.Ledger()
    ledger.add_calendar("madrid", madrid_config)
    ledger.add_sla({"name": "p", "calendar": "madrid",
                    "targets": {"*": {"first_response": 3600, "resolution": 14400}}})  # fmt: skip
    ledger.record({"id": "m1", "type": "case_opened", "case": "M1", "kind": "question",
                   "priority": "normal", "customer": "C9", "sla": "p",
                   "at": "2025-03-28T13:00:00Z"})  # fmt: skip
    # 14:30 local (13:30Z): 30 min used of each. First response due 15:00
    # local = 14:00Z. Resolution: 30 min more on Friday, then 3 h from Monday
    # 09:00 CEST = 12:00 CEST = 10:00Z (an engine that kept UTC+1 would say 11:00Z).
    status = ledger.sla_status("M1", at("2025-03-28T13:30:00Z"))
    assert status["first_response"]["deadline"] == datetime(2025, 3, 28, 14, 0, tzinfo=UTC)
    assert status["resolution"]["deadline"] == datetime(2025, 3, 31, 10, 0, tzinfo=UTC)
    ledger.record({"id": "m2", "type": "case_status", "case": "M1", "status": "responded",
                   "at": "2025-03-28T13:10:00Z"})  # fmt: skip
    # Monday 11:00 CEST (09:00Z): Fri 1 h + Mon 09-11 2 h = 3 h of 4 (0.75): on
    # track; 11:30 CEST: 3.5 h >= 3.2 h: at risk.
    status = ledger.sla_status("M1", at("2025-03-31T09:00:00Z"))
    assert status["first_response"]["status"] == "met"
    assert status["first_response"]["elapsed"] == timedelta(minutes=10)
    assert status["resolution"]["status"] == "on_track"
    assert status["resolution"]["elapsed"] == timedelta(hours=3)
    assert ledger.sla_status("M1", at("2025-03-31T09:30:00Z"))["resolution"]["status"] == "at_risk"


def test_errors(led: pv.Ledger) -> None:
    with pytest.raises(pv.NotFoundError, match='case "K9"'):
        led.sla_status("K9", at("2025-03-05T12:00:00Z"))
    with pytest.raises(pv.ValidationError, match="naive datetime"):
        led.sla_status("K1", datetime(2025, 3, 5, 12))
    with pytest.raises(pv.ValidationError):
        led.sla_status("K1", at("2025-03-03T15:00:00Z"))  # before the case was opened
    with pytest.raises(pv.ValidationError, match="targets"):
        led.add_sla({"name": "bad", "calendar": "office", "targets": {}})
    with pytest.raises(pv.ValidationError, match="already exists"):
        led.add_sla({**STD, "at_risk_ratio": 0.5})
    with pytest.raises(pv.ValidationError, match="from closed to in_progress"):
        led.record_many([
            {"id": "c8", "type": "case_status", "case": "K1", "status": "resolved",
             "at": "2025-03-07T11:00:00Z"},
            {"id": "c9", "type": "case_status", "case": "K1", "status": "closed",
             "at": "2025-03-07T12:00:00Z"},
            {"id": "c10", "type": "case_status", "case": "K1", "status": "in_progress",
             "at": "2025-03-07T13:00:00Z"},
        ])  # fmt: skip
    assert led.sla_status("K1", at("2025-03-07T14:00:00Z"))["resolution"]["status"] == "breached"


def test_the_reclamo_pe_preset_brings_its_calendar() -> None:
    ledger = pv.Ledger()
    ledger.add_sla({"preset": "reclamo-pe"})
    ledger.record({"id": "r1", "type": "case_opened", "case": "R1", "kind": "complaint",
                   "priority": "normal", "customer": "C1", "sla": "reclamo-pe",
                   "at": "2025-07-24T15:00:00Z"})  # fmt: skip
    status = ledger.sla_status("R1", at("2025-07-24T16:00:00Z"))
    assert status["resolution"]["target"] == timedelta(days=15)
    assert status["resolution"]["status"] == "on_track"


def test_policies_persist_in_the_file(tmp_path: Path, office_config: dict[str, Any]) -> None:
    path = str(tmp_path / "sla.pvl")
    with pv.Ledger(path) as ledger:
        ledger.add_calendar("office", office_config)
        ledger.add_sla(STD)
        ledger.record_many(case_events())
    with pv.Ledger(path) as ledger:
        status = ledger.sla_status("K1", at("2025-03-06T12:00:00Z"))
        assert status["resolution"]["elapsed"] == timedelta(hours=4)
        ledger.add_sla(STD)  # the same policy again: a no-op


def test_the_c_abi_gives_the_same_json(led: pv.Ledger, office_config: dict[str, Any]) -> None:
    """Opt-in: POSTVENTA_C_LIBRARY names a libpostventa.so built from the same sources."""
    library = os.environ.get("POSTVENTA_C_LIBRARY")
    if not library:
        pytest.skip("set POSTVENTA_C_LIBRARY to a libpostventa.so to compare with the C ABI")
    c = ctypes.CDLL(library)
    c.pv_last_error.restype = ctypes.c_char_p
    vp, sz = ctypes.c_void_p, ctypes.c_size_t
    c.pv_ledger_open_memory.argtypes = [ctypes.POINTER(vp)]
    c.pv_calendar_new_from_json.argtypes = [ctypes.POINTER(vp), ctypes.c_char_p, sz]
    c.pv_ledger_add_calendar.argtypes = [vp, ctypes.c_char_p, vp]
    c.pv_ledger_add_sla_json.argtypes = [vp, ctypes.c_char_p, sz]
    c.pv_ledger_record_json.argtypes = [vp, vp, ctypes.c_char_p, sz]
    c.pv_ledger_sla_status_json.argtypes = [ctypes.POINTER(vp), vp, ctypes.c_char_p,
                                            ctypes.c_int64]  # fmt: skip
    c.pv_free.argtypes = [vp]
    c.pv_ledger_free.argtypes = [vp]
    c.pv_calendar_free.argtypes = [vp]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    handle, calendar = vp(), vp()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        text = json.dumps(office_config).encode()
        ok(c.pv_calendar_new_from_json(ctypes.byref(calendar), text, len(text)))
        ok(c.pv_ledger_add_calendar(handle, b"office", calendar))
        text = json.dumps(STD).encode()
        ok(c.pv_ledger_add_sla_json(handle, text, len(text)))
        for event in case_events():
            text = json.dumps(event).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        for moment in ("2025-03-05T12:00:00Z", "2025-03-06T12:00:00Z", "2025-03-07T10:00:00Z"):
            out = vp()
            seconds = int(at(moment).timestamp())
            ok(c.pv_ledger_sla_status_json(ctypes.byref(out), handle, b"K1", seconds))
            try:
                from_c = ctypes.string_at(out.value).decode()
            finally:
                c.pv_free(out)
            assert from_c == led.sla_status_json("K1", at(moment))
    finally:
        c.pv_calendar_free(calendar)
        c.pv_ledger_free(handle)
