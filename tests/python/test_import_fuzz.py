"""The CSV and JSON Lines importer under generated input (issue 8; its
libFuzzer target, through atheris, is fuzz/import_fuzz.py, run by
scripts/fuzz.sh; these are the structured cases, in every test run):
valid events mixed with corrupted lines, random bytes and broken CSV rows.
Whatever the input, the import raises nothing, accounts for every row
(stored + duplicates + rejected = read), stores exactly the events that a
one-by-one ``led.record`` accepts, and reports the rejected ones at their line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import postventa as pv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from postventa import _import

PRODUCT = {"sku": "P", "installation": "none", "warranties": ["legal-es"]}

EVENTS = [
    {"id": "s1", "type": "sold", "unit": "U1", "date": "2025-01-10", "customer": "C",
     "product": "P", "price": 1000, "channel": "store"},
    {"id": "d1", "type": "delivered", "unit": "U1", "date": "2025-01-12"},
    {"id": "c1", "type": "delivery_checked", "unit": "U1", "date": "2025-01-12", "outcome": "ok"},
    {"id": "r1", "type": "repair_received", "unit": "U1", "date": "2025-03-01", "fault": "motor"},
    {"id": "b1", "type": "repair_returned", "unit": "U1", "date": "2025-03-04", "outcome": "fixed",
     "parts_cost": 100, "labor_cost": 20},
    {"id": "s2", "type": "sold", "unit": "U2", "date": "2025-02-01", "customer": "D",
     "product": "P", "price": 900, "channel": "referral"},
    {"id": "q1", "type": "complaint_opened", "date": "2025-03-02", "customer": "C", "case": "Q"},
    {"id": "v1", "type": "survey_answered", "date": "2025-03-05", "customer": "C",
     "channel": "digital", "instrument": "nps", "score": 9},
]  # fmt: skip


def lines() -> st.SearchStrategy[str]:
    event = st.sampled_from(EVENTS).map(json.dumps)
    mutated = st.tuples(st.sampled_from(EVENTS), st.sampled_from(["date", "price", "type", "unit", "id",
                                                                  "score", "outcome"]),
                        st.one_of(st.none(), st.integers(-5, 10**12), st.text(max_size=12),
                                  st.floats(allow_nan=False), st.booleans()))  # fmt: skip
    broken = st.text(max_size=60).filter(lambda t: "\n" not in t and "\r" not in t)
    return st.one_of(event, mutated.map(lambda m: json.dumps({**m[0], m[1]: m[2]})),
                     event.map(lambda t: t[: len(t) // 2]), broken)  # fmt: skip


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


def stored_events(led: pv.Ledger, units: set[str]) -> list[dict[str, Any]]:
    return [e for unit in sorted(units) for e in (led.history(unit) if _has(led, unit) else [])]


def _has(led: pv.Ledger, unit: str) -> bool:
    try:
        led.history(unit)
    except pv.NotFoundError:
        return False
    return True


@SETTINGS
@given(st.lists(lines(), max_size=40))
def test_json_lines_any_input(tmp_path: Path, rows: list[str]) -> None:
    """A batch import validates the rows of a chunk together (an ERP export
    need not be sorted: a delivery before its sale in the file is fine), so
    the reference is not one-by-one recording but these invariants."""
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    led = pv.Ledger()
    led.add_product(PRODUCT)
    summary = _import.import_files(led, [str(path)])
    assert summary.error is None
    nonblank = [n for n, row in enumerate(rows, start=1) if row.strip()]
    assert summary.read == len(nonblank)
    assert summary.stored + summary.duplicates + summary.rejected == summary.read
    assert led.event_count() == summary.stored
    # A line that is not a JSON object is rejected at its line number.
    objects = set()
    for n, row in enumerate(rows, start=1):
        try:
            if isinstance(json.loads(row), dict):
                objects.add(n)
        except ValueError:
            pass
    listed = {r.line for r in summary.rejections}
    if summary.rejected == len(summary.rejections):
        assert set(nonblank) - objects <= listed
    # Every stored unit event is one of the rows, with the same content.
    # (null is absent, SPEC §3)
    given_rows = {json.dumps({k: v for k, v in json.loads(rows[n - 1]).items() if v is not None},
                             sort_keys=True) for n in objects}  # fmt: skip
    units = {json.loads(rows[n - 1]).get("unit") for n in objects}
    for event in stored_events(led, {u for u in units if isinstance(u, str) and u}):
        assert json.dumps({k: v for k, v in event.items() if v is not None}, sort_keys=True,
                          default=str) in given_rows
    # Importing the same file again stores nothing new and refuses the same rows.
    again = _import.import_files(led, [str(path)])
    assert again.stored == 0
    assert again.duplicates == summary.stored + summary.duplicates
    assert again.rejected == summary.rejected


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(EVENTS),
                          st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8),
                                   max_size=3)), max_size=25))  # fmt: skip
def test_csv_any_input(tmp_path: Path, rows: list[tuple[dict[str, Any], list[str]]]) -> None:
    """CSV rows of valid events, some with extra garbage cells (a wrong number
    of fields): those are rejected at their line, the others stored."""
    keys = ["id", "type", "unit", "date", "customer", "product", "price", "channel", "outcome",
            "fault", "parts_cost", "labor_cost", "case", "instrument", "score"]  # fmt: skip
    out = [",".join(keys)]
    for event, extra in rows:
        cells = [str(event.get(k, "")) for k in keys]
        cells += [c.replace(",", ";").replace('"', "'").replace("\n", " ").replace("\r", " ") for c in extra]
        out.append(",".join(cells))
    path = tmp_path / "events.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    led = pv.Ledger()
    led.add_product(PRODUCT)
    summary = _import.import_files(led, [str(path)])
    assert summary.stored + summary.duplicates + summary.rejected == summary.read == len(rows)
    # The good rows give what the same events give from a JSON Lines file,
    # and each row with extra cells is rejected at its line (header: line 1).
    jsonl = tmp_path / "good.jsonl"
    jsonl.write_text("".join(json.dumps(e) + "\n" for e, extra in rows if not extra), encoding="utf-8")
    reference = pv.Ledger()
    reference.add_product(PRODUCT)
    expected = _import.import_files(reference, [str(jsonl)])
    assert (summary.stored, summary.duplicates) == (expected.stored, expected.duplicates)
    assert led.event_count() == reference.event_count()
    bad_lines = [n for n, (_, extra) in enumerate(rows, start=2) if extra]
    assert summary.rejected == len(bad_lines) + expected.rejected
    assert set(bad_lines[: len(summary.rejections)]) <= {r.line for r in summary.rejections} or (
        summary.rejected > len(summary.rejections))
