"""Surveys in the ledger (SPEC §7, issue 5): instruments, answers checked
against their scale, answers matched to their sends, response rates. The same
story as tests/cpp/ledger_surveys_test.cc and tests/c/surveys_test.c; expected
rows are worked out by hand. The C ABI's Arrow streams must hold the same
tables."""

from __future__ import annotations

import ctypes
import json
import math
import os
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import postventa as pv
import pyarrow as pa
import pytest

WASHER = {"sku": "WASHER", "installation": "none", "warranties": ["legal-es"]}
KIOSK = {
    "name": "kiosk",
    "questions": [
        {"id": "speed", "min": 1, "max": 5, "weight": 2},
        {"id": "staff", "min": 0, "max": 10},
        {"id": "clean", "min": 1, "max": 3},
    ],
}


def sent(i: str, day: str, customer: str, channel: str, **extra: Any) -> dict[str, Any]:
    return {"id": i, "type": "survey_sent", "date": day, "customer": customer,
            "channel": channel, **extra}  # fmt: skip


def answered(i: str, day: str, customer: str, channel: str, **extra: Any) -> dict[str, Any]:
    return {"id": i, "type": "survey_answered", "date": day, "customer": customer,
            "channel": channel, **extra}  # fmt: skip


# C1 owns washer W1; C2 and C3 have no unit here.
#   03-10 Mon  C1/W1 sent digital nps           -> answered 03-11 (nps 9)
#   03-12 Wed  C1/W1 sent paper, no instrument  -> answered 03-15 (csat 4)
#   03-16      C1/W1 answered nps 7: no send open -> unsolicited
#   03-20 Thu  C2 sent interviewer nps          -> never answered
#   04-02 Wed  C3 sent digital nps              -> answered 04-05 (nps 10),
#              the answer recorded first
EVENTS: list[dict[str, Any]] = [
    {"id": "1", "type": "sold", "unit": "W1", "date": "2025-03-03", "customer": "C1",
     "product": "WASHER", "price": 50000, "channel": "store"},
    {"id": "2", "type": "delivered", "unit": "W1", "date": "2025-03-05"},
    sent("3", "2025-03-10", "C1", "digital", unit="W1", instrument="nps"),
    answered("4", "2025-03-11", "C1", "digital", unit="W1", instrument="nps", score=9),
    sent("5", "2025-03-12", "C1", "paper", unit="W1"),
    answered("6", "2025-03-15", "C1", "paper", unit="W1", instrument="csat", score=4),
    answered("7", "2025-03-16", "C1", "digital", unit="W1", instrument="nps", score=7),
    sent("8", "2025-03-20", "C2", "interviewer", instrument="nps"),
    answered("9", "2025-04-05", "C3", "digital", instrument="nps", score=10),
    sent("10", "2025-04-02", "C3", "digital", instrument="nps"),
]  # fmt: skip


@pytest.fixture
def led() -> pv.Ledger:
    ledger = pv.Ledger()
    ledger.add_product(WASHER)
    ledger.record_many(EVENTS)
    return ledger


def test_answers_are_matched_to_the_earliest_open_send(led: pv.Ledger) -> None:
    t = led.survey_answers(date(2025, 3, 1), date(2025, 4, 30))
    assert isinstance(t, pv.Table)
    assert t.to_pylist() == [
        {"id": "4", "date": date(2025, 3, 11), "customer": "C1", "unit": "W1", "case": None,
         "product": "WASHER", "channel": "digital", "instrument": "nps", "score": 9.0,
         "sent": date(2025, 3, 10)},
        {"id": "6", "date": date(2025, 3, 15), "customer": "C1", "unit": "W1", "case": None,
         "product": "WASHER", "channel": "paper", "instrument": "csat", "score": 4.0,
         "sent": date(2025, 3, 12)},
        {"id": "7", "date": date(2025, 3, 16), "customer": "C1", "unit": "W1", "case": None,
         "product": "WASHER", "channel": "digital", "instrument": "nps", "score": 7.0,
         "sent": None},
        {"id": "9", "date": date(2025, 4, 5), "customer": "C3", "unit": None, "case": None,
         "product": None, "channel": "digital", "instrument": "nps", "score": 10.0,
         "sent": date(2025, 4, 2)},
    ]  # fmt: skip


def test_response_rates_by_month(led: pv.Ledger) -> None:
    t = led.survey_responses("2025-03-01", "2025-04-30")
    assert t.to_pylist() == [
        {"period": date(2025, 3, 1), "channel": "digital", "product": "WASHER",
         "instrument": "nps", "sent": 1, "answered": 1, "rate": 1.0},
        {"period": date(2025, 3, 1), "channel": "interviewer", "product": None,
         "instrument": "nps", "sent": 1, "answered": 0, "rate": 0.0},
        {"period": date(2025, 3, 1), "channel": "paper", "product": "WASHER",
         "instrument": None, "sent": 1, "answered": 1, "rate": 1.0},
        {"period": date(2025, 4, 1), "channel": "digital", "product": None,
         "instrument": "nps", "sent": 1, "answered": 1, "rate": 1.0},
    ]  # fmt: skip
    # Per channel over the whole window: sums of sent and answered.
    df = led.survey_responses("2025-03-01", "2025-04-30", period="all").to_pandas()
    per_channel = df.groupby("channel")[["sent", "answered"]].sum()
    assert per_channel.loc["digital"].tolist() == [2, 2]
    assert per_channel.loc["interviewer"].tolist() == [1, 0]
    with pytest.raises(pv.ValidationError, match=r'^period: expected "day", "week"'):
        led.survey_responses("2025-03-01", "2025-04-30", period="fortnight")
    with pytest.raises(pv.ValidationError):
        led.survey_responses("2025-04-30", "2025-03-01")


def test_the_answers_table_feeds_the_scores(led: pv.Ledger) -> None:
    t = led.survey_answers("2025-03-01", "2025-04-30").to_pandas()
    nps = t[t["instrument"] == "nps"]
    # Answers 9, 7, 10: promoters 2/3, detractors 0 -> NPS 66.67.
    score = pv.nps(nps["score"].to_numpy().astype(np.int8))
    assert score.n == 3
    assert score.value == pytest.approx(200 / 3, abs=1e-12)


def test_an_answer_outside_its_scale_is_refused_and_nothing_is_stored(led: pv.Ledger) -> None:
    before = led.survey_answers("2025-01-01", "2025-12-31")
    with pytest.raises(pv.ValidationError) as error:
        led.record(answered("x1", "2025-05-01", "C1", "digital", instrument="nps", score=11))
    assert str(error.value) == 'score: 11 is outside the scale 0-10 of instrument "nps"'
    with pytest.raises(pv.ValidationError, match=r"^events\[1\]: score: 0 is outside the scale 1-5"):
        led.record_many([
            answered("x2", "2025-05-01", "C1", "digital", instrument="nps", score=10),
            answered("x3", "2025-05-01", "C1", "digital", instrument="csat", score=0),
        ])  # fmt: skip
    assert len(led.survey_answers("2025-01-01", "2025-12-31")) == len(before)


def test_custom_instruments_with_answers(led: pv.Ledger) -> None:
    with pytest.raises(pv.Error, match='"kiosk" is not in this ledger'):
        led.record(answered("k0", "2025-05-01", "C9", "paper", instrument="kiosk",
                            answers=[5, None, 2]))  # fmt: skip
    led.add_instrument(KIOSK)
    led.add_instrument(KIOSK)  # the same again: a no-op
    assert led.instrument("kiosk")["questions"][1] == {
        "id": "staff", "min": 0, "max": 10, "weight": 1, "text": ""
    }  # fmt: skip
    with pytest.raises(pv.ValidationError, match=r'^answers\[1\]: 11 is outside the scale 0-10 of question "staff"$'):
        led.record(answered("k1", "2025-05-01", "C9", "paper", instrument="kiosk",
                            answers=[5, 11, 2]))  # fmt: skip
    # NaN and None are both a skipped question; a numpy array is accepted.
    led.record(answered("k2", "2025-05-01", "C9", "paper", instrument="kiosk",
                        answers=np.array([5.0, np.nan, 2.0])))  # fmt: skip
    led.record(answered("k3", "2025-05-02", "C9", "paper", instrument="kiosk",
                        answers=[1, 5, None]))  # fmt: skip
    t = led.survey_answers("2025-05-01", "2025-05-02")
    # k2: speed 5 on 1-5 -> 1 (weight 2), clean 2 on 1-3 -> 0.5: 100 * 2.5 / 3.
    # k3: speed 1 -> 0 (weight 2), staff 5 on 0-10 -> 0.5: 100 * 0.5 / 3.
    assert t["score"].tolist() == pytest.approx([250 / 3, 50 / 3], abs=1e-12)
    with pytest.raises(pv.ValidationError, match="^answers: give score"):
        led.record(answered("k4", "2025-05-02", "C9", "paper", instrument="nps", score=9,
                            answers=[9]))  # fmt: skip


def test_answers_from_a_dataframe_column(tmp_path: Any) -> None:
    path = tmp_path / "s.pvl"
    with pv.Ledger(str(path)) as ledger:
        ledger.add_instrument(KIOSK)
        frame = pd.DataFrame({
            "id": ["a", "b", "c"],
            "type": ["survey_answered"] * 3,
            "date": pd.to_datetime(["2025-06-02", "2025-06-03", "2025-06-03"]),
            "customer": ["C1", "C2", "C3"],
            "channel": ["digital", "paper", "interviewer"],
            "instrument": ["kiosk", "nps", "servqual"],
            "answers": [[5, 10, 3], None, [6] * 22 + [7] * 22],
            "score": [np.nan, 8.0, np.nan],
        })  # fmt: skip
        assert ledger.record_many(frame).stored == 3
    with pv.Ledger(str(path)) as ledger:
        t = ledger.survey_answers("2025-06-01", "2025-06-30")
        # kiosk: every answer at the top of its scale -> 100; nps 8; servqual:
        # every perception one above its expectation -> overall gap 1.
        assert t["score"].tolist() == [100.0, 8.0, 1.0]
        assert t["instrument"].tolist() == ["kiosk", "nps", "servqual"]


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
    c.pv_ledger_add_instrument_json.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_record_json.argtypes = [vp, vp, ctypes.c_char_p, ctypes.c_size_t]
    c.pv_ledger_survey_answers.argtypes = [vp, vp, ctypes.c_int32, ctypes.c_int32]
    c.pv_ledger_survey_responses.argtypes = [vp, vp, ctypes.c_int32, ctypes.c_int32,
                                             ctypes.c_int32]  # fmt: skip
    c.pv_ledger_free.argtypes = [vp]

    def ok(status: int) -> None:
        assert status == 0, c.pv_last_error().decode()

    def days(d: date) -> int:
        return (d - date(1970, 1, 1)).days

    def from_c(call: Any, *args: int) -> pa.Table:
        stream = (ctypes.c_void_p * 5)()  # struct ArrowArrayStream: 5 pointers
        ok(call(ctypes.addressof(stream), handle, *args))
        return pa.RecordBatchReader._import_from_c(ctypes.addressof(stream)).read_all()

    extra = answered("k2", "2025-04-09", "C9", "paper", instrument="kiosk", answers=[5, None, 2])
    led.add_instrument(KIOSK)
    led.record(extra)
    handle = vp()
    ok(c.pv_ledger_open_memory(ctypes.byref(handle)))
    try:
        for add, config in ((c.pv_ledger_add_product_json, WASHER),
                            (c.pv_ledger_add_instrument_json, KIOSK)):  # fmt: skip
            text = json.dumps(config).encode()
            ok(add(handle, text, len(text)))
        for event in [*EVENTS, extra]:
            text = json.dumps(event).encode()
            ok(c.pv_ledger_record_json(None, handle, text, len(text)))
        start, end = date(2025, 3, 1), date(2025, 4, 30)
        answers = from_c(c.pv_ledger_survey_answers, days(start), days(end))
        assert answers.equals(pa.table(led.survey_answers(start, end)))
        assert answers.num_rows == 5
        assert math.isclose(answers.column("score")[4].as_py(), 250 / 3)
        for code, name in enumerate(["day", "week", "month", "quarter", "year", "all"]):
            rates = from_c(c.pv_ledger_survey_responses, days(start), days(end), code)
            assert rates.equals(pa.table(led.survey_responses(start, end, name))), name
        assert c.pv_ledger_survey_responses(None, handle, 0, 0, 2) != 0
        stream = (ctypes.c_void_p * 5)()
        assert c.pv_ledger_survey_responses(ctypes.addressof(stream), handle, 0, 0, 6) != 0
        assert c.pv_last_error().decode() == (
            "period: 6 is not a pv_survey_period (PV_PERIOD_DAY..PV_PERIOD_ALL)"
        )
    finally:
        c.pv_ledger_free(handle)
