"""libFuzzer target for the CSV and JSON Lines importer (``postventa import``),
through atheris, Google's libFuzzer for Python (the importer is Python; the
event ingestion below it is fuzzed natively by event_ingest_fuzz.cc).

The first byte of an input chooses the format (even: JSON Lines, odd: CSV); the
rest is the file, any bytes at all. Whatever they are, the import must:
  - raise nothing (a file it cannot read on ends the import with
    ``summary.error``; a row it cannot use is rejected at its line);
  - account for every row: stored + duplicates + rejected = read;
  - have stored exactly ``stored`` events in the ledger;
  - name a line inside the file for every rejection;
  - store nothing new when the same file is imported again.
A failed property raises, which libFuzzer reports as a crash with the input.

Run by scripts/fuzz.sh (seed corpus: fuzz/corpus/import):
  .venv/bin/python fuzz/import_fuzz.py -max_total_time=30 fuzz/corpus/import
"""

from __future__ import annotations

import io
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    import postventa as pv
    from postventa import _import

PRODUCT = {"sku": "P", "installation": "none", "warranties": ["legal-es"]}
_SCRATCH = tempfile.mkdtemp(prefix="postventa-import-fuzz-")
_CSV = os.path.join(_SCRATCH, "events.csv")


def _import_once(led: pv.Ledger, csv: bool, body: bytes) -> _import.ImportSummary:
    if csv:
        with open(_CSV, "wb") as handle:
            handle.write(body)
        return _import.import_files(led, [_CSV])
    return _import.import_files(led, ["-"], stdin=io.BytesIO(body))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    csv = bool(data[0] & 1)
    body = data[1:]
    led = pv.Ledger()
    led.add_product(PRODUCT)
    summary = _import_once(led, csv, body)
    lines = body.count(b"\n") + 1
    for rejected in summary.rejections:
        if not 1 <= rejected.line <= lines:
            raise AssertionError(f"rejection at line {rejected.line} of a {lines}-line file: {rejected}")
        if not rejected.reason:
            raise AssertionError(f"rejection without a reason at line {rejected.line}")
    if summary.error is not None:
        # The import ended early (a CSV header that is not event keys): what
        # was stored stays, and nothing after the error was read.
        if led.event_count() != summary.stored:
            raise AssertionError(f"{led.event_count()} events stored, summary says {summary.stored}")
        return
    if summary.stored + summary.duplicates + summary.rejected != summary.read:
        raise AssertionError(f"rows unaccounted for: {summary}")
    if led.event_count() != summary.stored:
        raise AssertionError(f"{led.event_count()} events stored, summary says {summary.stored}")
    again = _import_once(led, csv, body)
    if again.stored != 0 or again.duplicates != summary.stored + summary.duplicates:
        raise AssertionError(f"a second import of the same file changed the ledger: {again}")
    if led.event_count() != summary.stored:
        raise AssertionError("a second import of the same file stored events")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
