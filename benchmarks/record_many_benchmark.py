"""Ingesting a DataFrame of events: postventa's record_many against plain SQLite.

Builds a DataFrame of N events (default 1 000 000): N/4 units, each sold,
delivered, received for repair and returned, with dates spread over two years
and the empty cells an ERP export has (price only on sales, costs only on
returns: float columns with NaN). Then times, on the same rows:

  1. ``pv.Ledger().record_many(df)``: in memory, one atomic batch;
  2. ``pv.Ledger(path).record_many(df)``: into an SQLite file, one transaction;
  3. the same into a new SQLite file in slices of 1000 rows, one committed
     transaction each (the issue's batch size);
  4. what an integrator would do by hand: Python's sqlite3, ``executemany`` of
     the same rows into a simple table (``id TEXT NOT NULL UNIQUE`` and one
     column per key), one transaction per 1000 rows, with the ledger's
     durability settings (WAL, synchronous=FULL) and with SQLite's defaults.

postventa validates every event against its unit's history (SPEC §3) and keeps
the histories in memory; the hand-written inserts check nothing but the unique
id. Times include converting the rows (dates to text for sqlite3).

Run (after ``pip install .``):
    python benchmarks/record_many_benchmark.py [--events N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from typing import Callable

import numpy as np
import pandas as pd
import postventa as pv

PRODUCT = {
    "sku": "WM-1",
    "name": "Washing machine",
    "installation": "none",
    "warranties": ["legal-es"],
}

COLUMNS = (
    "id", "type", "unit", "date", "customer", "product", "price", "channel",
    "fault", "case", "outcome", "parts_cost", "labor_cost",
)  # fmt: skip


def make_events(n: int, seed: int = 1) -> pd.DataFrame:
    """n events (a multiple of 4): per unit sold, delivered, repair_received,
    repair_returned, grouped by type as an ERP exports one document kind after
    another."""
    units = n // 4
    rng = np.random.default_rng(seed)
    serial = np.char.add("SN-", np.char.zfill(np.arange(units).astype(str), 8)).astype(object)
    sale = np.datetime64("2022-01-01") + rng.integers(0, 730, units).astype("timedelta64[D]")
    delivered = sale + rng.integers(1, 7, units).astype("timedelta64[D]")
    received = delivered + rng.integers(30, 400, units).astype("timedelta64[D]")
    returned = received + rng.integers(2, 21, units).astype("timedelta64[D]")
    frames = []
    for kind, dates in (
        ("sold", sale),
        ("delivered", delivered),
        ("repair_received", received),
        ("repair_returned", returned),
    ):
        frame = pd.DataFrame(
            {
                "id": np.char.add(f"{kind}-", np.arange(units).astype(str)).astype(object),
                "type": kind,
                "unit": serial,
                "date": dates.astype("datetime64[s]"),
            }
        )
        if kind == "sold":
            frame["customer"] = np.char.add("C-", (np.arange(units) % 50_000).astype(str))
            frame["product"] = "WM-1"
            frame["price"] = 49_900
            frame["channel"] = np.where(np.arange(units) % 3 == 0, "web", "store")
        elif kind == "repair_received":
            frame["fault"] = np.where(np.arange(units) % 5 == 0, "door", "pump")
            frame["case"] = np.char.add("K-", np.arange(units).astype(str))
        elif kind == "repair_returned":
            frame["outcome"] = "fixed"
            frame["parts_cost"] = rng.integers(0, 20_000, units)
            frame["labor_cost"] = rng.integers(3_000, 9_000, units)
        frames.append(frame)
    df = pd.concat(frames, ignore_index=True)  # absent cells: NaN (float columns) or NaN
    return df[list(COLUMNS)]


def remove_db(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def ledger_memory(df: pd.DataFrame) -> float:
    led = pv.Ledger()
    led.add_product(PRODUCT)
    seconds = timed(lambda: check(led.record_many(df), len(df)))
    led.close()
    return seconds


def ledger_file(df: pd.DataFrame, path: str, batch: int | None) -> float:
    remove_db(path)
    led = pv.Ledger(path)
    led.add_product(PRODUCT)

    def run() -> None:
        if batch is None:
            check(led.record_many(df), len(df))
            return
        for start in range(0, len(df), batch):
            part = df.iloc[start : start + batch]
            check(led.record_many(part), len(part))

    seconds = timed(run)
    led.close()
    remove_db(path)
    return seconds


def by_hand(df: pd.DataFrame, path: str, ledger_settings: bool, batch: int = 1000) -> float:
    remove_db(path)
    con = sqlite3.connect(path)
    if ledger_settings:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
    con.execute(
        "CREATE TABLE events (id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, unit TEXT, "
        "date TEXT NOT NULL, customer TEXT, product TEXT, price INTEGER, channel TEXT, "
        'fault TEXT, "case" TEXT, outcome TEXT, parts_cost INTEGER, labor_cost INTEGER)'
    )
    con.commit()
    sql = f"INSERT INTO events VALUES ({', '.join('?' * len(COLUMNS))})"

    def run() -> None:
        # What an integrator writes: dates as ISO text, empty cells as NULL, the
        # float columns pandas made back into ints.
        rows = df.assign(date=df["date"].dt.strftime("%Y-%m-%d"))
        rows = rows.astype(object).where(rows.notna(), None)
        for column in ("price", "parts_cost", "labor_cost"):
            rows[column] = [None if v is None else int(v) for v in rows[column]]
        records = list(rows.itertuples(index=False, name=None))
        for start in range(0, len(records), batch):
            with con:  # one transaction, committed
                con.executemany(sql, records[start : start + batch])

    seconds = timed(run)
    (count,) = con.execute("SELECT count(*) FROM events").fetchone()
    assert count == len(df), count
    con.close()
    remove_db(path)
    return seconds


def check(result: pv.RecordResult, n: int) -> None:
    assert result == (n, 0), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events (multiple of 4)")
    parser.add_argument("--dir", default=None, help="directory for the SQLite files")
    args = parser.parse_args()
    n = args.events - args.events % 4
    directory = args.dir or tempfile.mkdtemp(prefix="pv-bench-")
    path = os.path.join(directory, "bench.sqlite")

    t0 = time.perf_counter()
    df = make_events(n)
    print(f"{n:,} events, {n // 4:,} units; DataFrame built in {time.perf_counter() - t0:.1f} s")
    print(f"postventa {pv.__version__}, pandas {pd.__version__}, SQLite {sqlite3.sqlite_version}, "
          f"Python {sys.version.split()[0]}; files in {directory}")  # fmt: skip
    print()

    runs = [
        ("pv.Ledger() record_many(df), one batch", lambda: ledger_memory(df)),
        ("pv.Ledger(path) record_many(df), one transaction", lambda: ledger_file(df, path, None)),
        ("pv.Ledger(path) record_many, 1000-row slices", lambda: ledger_file(df, path, 1000)),
        ("by hand: sqlite3 executemany, 1000 rows/commit, WAL+FULL",
         lambda: by_hand(df, path, ledger_settings=True)),
        ("by hand: sqlite3 executemany, 1000 rows/commit, defaults",
         lambda: by_hand(df, path, ledger_settings=False)),
    ]  # fmt: skip
    width = max(len(name) for name, _ in runs)
    print(f"{'method':<{width}}  {'seconds':>8}  {'events/s':>10}")
    for name, run in runs:
        seconds = run()
        print(f"{name:<{width}}  {seconds:8.2f}  {n / seconds:10,.0f}", flush=True)
    if args.dir is None:
        os.rmdir(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
