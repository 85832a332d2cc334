"""``postventa import`` (SPEC §9.3, issue 7): CSV and JSON Lines into a ledger.

Every file below is written out line by line with its line numbers in the
comments, so the expected report (which rows are stored, which are rejected
and at which line) is read off the file by hand, not from the program. The
product is WM-1, a washing machine with only the legal guarantee. The rules
the expectations rest on (SPEC §3): a unit's first event is ``sold``;
``delivered`` happens once, after ``sold``; the same id with the same content
is a duplicate, with other content an error.

The command is run through a parser built here the way ``postventa.cli``
builds its own (the lead wires ``import`` into it), with the same handling of
:class:`postventa.Error`.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import postventa as pv
import pytest
from postventa import _import

WM1 = {"sku": "WM-1", "name": "Lavadora 8 kg", "warranties": ["legal-es"]}

CSV_HEADER = "id,type,unit,date,customer,product,price,channel,outcome"


def cli(argv: list[str]) -> int:
    """``postventa import ...`` as cli.main runs a subcommand."""
    parser = argparse.ArgumentParser(prog="postventa")
    commands = parser.add_subparsers(dest="command", required=True)
    _import.add_parser(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, parser))
    except pv.Error as error:
        print(f"postventa: error: {error}", file=sys.stderr)
        return 1


def write(path: Path, lines: list[str]) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def ids(db: str) -> set[str]:
    """Every event id stored in the ledger file (units U1..U9, customers)."""
    found: set[str] = set()
    with pv.Ledger(db) as led:
        for unit in [f"U{i}" for i in range(1, 10)]:
            try:
                found.update(event["id"] for event in led.history(unit))
            except pv.NotFoundError:
                pass
    return found


def counts(out: str) -> dict[str, int]:
    found = {}
    for key in ("stored", "duplicates", "rejected"):
        match = re.search(rf"^  {key} +([\d,]+)$", out, re.M)
        assert match is not None, out
        found[key] = int(match.group(1).replace(",", ""))
    return found


def rejected_lines(out: str) -> list[str]:
    after = out.split("Rejected rows:\n", 1)
    return after[1].splitlines() if len(after) == 2 else []


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger.sqlite")
    with pv.Ledger(path) as led:
        led.add_product(WM1)
    return path


# A CSV without any quote (pandas parses it in one go), good and bad rows.
PLAIN_CSV = [
    CSV_HEADER,                                            # 1 header
    "S1,sold,U1,2024-01-10,C1,WM-1,49900,store,",          # 2 stored
    "D1,delivered,U1,2024-01-15,,,,,",                     # 3 stored
    "",                                                    # 4 blank: skipped, not a row
    "S2,sold,U2,2024-01-10,C2,WM-1,abc,store,",            # 5 price is not a number
    "D2,delivered,U2,2024-01-15,,,,,",                     # 6 refused: U2 never sold (line 5)
    "K1,delivery_checked,U1,2024-01-15,,,,,ok",            # 7 stored
    "D3,delivered,U1,2024-01-16,,,,,",                     # 8 refused: U1 already delivered
    "S3,sold,U3,2024-01-10",                               # 9 4 fields, the header has 9
    "S1,sold,U1,2024-01-10,C1,WM-1,49900,store,",          # 10 the same as line 2: duplicate
    "S4,sold,U4,2024-02-01,C4,WM-1,12.5,store,",           # 11 refused: price not whole
    "S1,sold,U1,2024-01-10,C1,WM-1,50000,store,",          # 12 refused: id S1 with other content
    "S5,sold,U5,2024-02-01,C5,WM-9,30000,store,",          # 13 refused: no product WM-9
    "S6,sold,U6,2024-02-01,C6,WM-1,30000,store,",          # 14 stored
]  # fmt: skip
# Rows read: 12 (lines 2-14 but the blank line 4); stored S1 D1 K1 S6 = 4; duplicates 1 (line
# 10); rejected lines 5, 6, 8, 9, 11, 12, 13 = 7.
PLAIN_STORED = {"S1", "D1", "K1", "S6"}
PLAIN_REJECTED = [
    (5, "price: 'abc' is not a whole number"),
    (6, "U2"),
    (8, "already delivered"),
    (9, "has 4 fields; the header has 9"),
    (11, "12.5"),
    (12, "already recorded with different content"),
    (13, 'product "WM-9" is not in the catalog'),
]


def check_report(out: str, name: str, expected: list[tuple[int, str]]) -> None:
    listed = rejected_lines(out)
    assert len(listed) == len(expected), out
    for text, (line, words) in zip(listed, expected):
        assert text.startswith(f"{name}:{line}: "), text
        assert words in text, text


def test_csv_good_and_bad_rows(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "events.csv", PLAIN_CSV)
    assert cli(["import", path, "--db", db]) == 1  # rows were rejected
    out = capsys.readouterr().out
    assert "1 file, 12 rows read" in out
    assert counts(out) == {"stored": 4, "duplicates": 1, "rejected": 7}
    check_report(out, path, PLAIN_REJECTED)
    assert ids(db) == PLAIN_STORED
    with pv.Ledger(db) as led:
        assert led.event_count() == 4
        sold = led.history("U1")[0]
        # Typed from the text: the price an int, the absent outcome left out.
        assert sold == {
            "id": "S1", "type": "sold", "unit": "U1", "date": sold["date"],
            "customer": "C1", "product": "WM-1", "channel": "store", "price": 49900,
        }  # fmt: skip
        assert sold["date"].isoformat() == "2024-01-10"


def test_csv_with_quotes_and_a_field_over_two_lines(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        CSV_HEADER,                                                  # 1
        'S1,sold,U1,2024-01-10,"García, Ana",WM-1,49900,store,',     # 2 stored: a quoted comma
        'S2,sold,U2,2024-01-10,"Ana',                                # 3 stored: the customer's
        'García",WM-1,100,store,',                                   # 4   name spans two lines
        'D2,delivered,U2,2024-01-12,,,,,',                           # 5 stored
        'S3,sold,U3,2024-01-10,"C3",WM-1,"7x",store,',               # 6 price not a number
        'D2,delivered,U2,2024-01-12,,,,,',                           # 7 duplicate of line 5
        'D9,delivered,U9,2024-01-12,,,,,',                           # 8 refused: U9 never sold
        'S4,sold,U4,2024-01-10,"C4",WM-1,1,"store",,extra',          # 9 10 fields
    ]  # fmt: skip
    path = write(tmp_path / "quoted.csv", lines)
    assert cli(["import", path, "--db", db]) == 1
    out = capsys.readouterr().out
    assert "7 rows read" in out  # lines 3-4 are one row
    assert counts(out) == {"stored": 3, "duplicates": 1, "rejected": 3}
    check_report(
        out,
        path,
        [
            (6, "price: '7x' is not a whole number"),
            (8, "U9"),
            (9, "has 10 fields; the header has 9"),
        ],
    )
    assert ids(db) == {"S1", "S2", "D2"}
    with pv.Ledger(db) as led:
        assert led.history("U1")[0]["customer"] == "García, Ana"
        assert led.history("U2")[0]["customer"] == "Ana\nGarcía"


def test_an_unclosed_quote_is_reported_where_the_row_starts(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        CSV_HEADER,                                       # 1
        "S1,sold,U1,2024-01-10,C1,WM-1,49900,store,",     # 2 stored
        'S2,sold,U2,2024-01-10,"C2,WM-1,100,store,',      # 3 the quote never closes:
        "S3,sold,U3,2024-01-10,C3,WM-1,100,store,",       # 4   the rest of the file is
    ]  # fmt: skip
    path = write(tmp_path / "open.csv", lines)
    assert cli(["import", path, "--db", db]) == 1
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 1, "duplicates": 0, "rejected": 1}
    [reason] = rejected_lines(out)
    assert reason.startswith(f"{path}:3: ")
    assert ids(db) == {"S1"}


def test_small_chunks_give_the_same_result(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of 3 rows, blocks of ~100 bytes and batches that shrink to 1
    # after a refusal: chunk and block boundaries fall between and inside the
    # bad rows, and a quoted field runs over a block's end.
    monkeypatch.setattr(_import, "CHUNK_ROWS", 3)
    monkeypatch.setattr(_import, "_READ_BYTES", 100)
    monkeypatch.setattr(_import, "_MIN_PIECE", 1)
    path = write(tmp_path / "events.csv", PLAIN_CSV)
    assert cli(["import", path, "--db", db]) == 1
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 4, "duplicates": 1, "rejected": 7}
    check_report(out, path, PLAIN_REJECTED)
    assert ids(db) == PLAIN_STORED

    quoted = [CSV_HEADER] + [
        f'S{i},sold,U{i},2024-01-10,"Customer\n{i}",WM-1,{100 * i},store,' for i in range(1, 8)
    ]  # 7 rows of two lines each: row i starts on line 2i
    quoted[4] = quoted[4].replace("400", "4x0")  # row 4, line 8
    path = write(tmp_path / "quoted.csv", quoted)
    fresh = str(tmp_path / "fresh.sqlite")
    with pv.Ledger(fresh) as led:
        led.add_product(WM1)
    assert cli(["import", path, "--db", fresh]) == 1
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 6, "duplicates": 0, "rejected": 1}
    assert rejected_lines(out) == [f"{path}:8: price: '4x0' is not a whole number"]
    assert ids(fresh) == {"S1", "S2", "S3", "S5", "S6", "S7"}


def test_many_rows_across_chunks(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # 12 000 units sold then delivered: 24 000 rows, more than two chunks. Every
    # 1000th unit's delivery is dated before its sale (refused), and every
    # 1500th sale has a price that is not a number (so its delivery is refused
    # too). Row k (1-based) is on line k + 1.
    lines = [CSV_HEADER]
    expected: list[int] = []
    stored = 0
    for u in range(1, 12_001):
        price = "x" if u % 1500 == 0 else str(1000 + u)
        lines.append(f"S{u},sold,N{u},2024-03-10,C{u},WM-1,{price},store,")
        day = "2024-03-01" if u % 1000 == 0 else "2024-03-11"
        lines.append(f"D{u},delivered,N{u},{day},,,,,")
        sale_line, delivery_line = 2 * u, 2 * u + 1
        if u % 1500 == 0:
            expected += [sale_line, delivery_line]
        elif u % 1000 == 0:
            expected.append(delivery_line)
            stored += 1
        else:
            stored += 2
    path = write(tmp_path / "many.csv", lines)
    assert cli(["import", path, "--db", db]) == 1
    out = capsys.readouterr().out
    # u % 1500: 8 units (2 rows each); u % 1000 but not % 1500: 12 - 4 = 8.
    assert len(expected) == 8 * 2 + 8 == 24
    assert counts(out) == {"stored": stored, "duplicates": 0, "rejected": 24}
    listed = rejected_lines(out)
    assert [int(text.split(":")[1]) for text in listed[:20]] == expected[:20]
    assert listed[20] == "... and 4 more"
    with pv.Ledger(db) as led:
        assert led.event_count() == stored == 24_000 - 24


JSONL = [
    '{"id": "S1", "type": "sold", "unit": "U1", "date": "2024-01-10", "customer": "C1", '
    '"product": "WM-1", "price": 49900, "channel": "store"}',          # 1 stored
    "",                                                                # 2 blank
    '{"id": "D1", "type": "delivered", "unit": "U1", "date": "2024-01-15"}',  # 3 stored
    '{"id": "D2", "type": "delivered", "unit": "U1", "date": "2024-01-16"}',  # 4 delivered twice
    '{"id": "X", "type": "sold",',                                     # 5 not valid JSON
    '["not", "an", "object"]',                                         # 6 not an object
    '{"id": "S1", "type": "sold", "unit": "U1", "date": "2024-01-10", "customer": "C1", '
    '"product": "WM-1", "price": 49900, "channel": "store"}',          # 7 duplicate of line 1
    '{"id": "S2", "type": "sold", "unit": "U2", "date": "2024-01-10", "customer": "C2", '
    '"product": "WM-1", "price": 100, "channel": "store", "colour": "red"}',  # 8 unknown key
    '{"id": "Q1", "type": "survey_answered", "customer": "C1", "date": "2024-01-25", '
    '"channel": "digital", "instrument": "nps", "score": 9}',          # 9 stored
    '{"id": "Q2", "type": "survey_answered", "customer": "C1", "date": "2024-01-25", '
    '"channel": "digital", "instrument": "nps", "score": 11}',         # 10 refused: outside 0-10
]  # fmt: skip
JSONL_REJECTED = [
    (4, "already delivered"),
    (5, "not valid JSON"),
    (6, "expected a JSON object, got an array"),
    (8, "colour"),
    (10, "11"),
]


def test_jsonl_good_and_bad_rows(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "events.jsonl", JSONL)
    assert cli(["import", path, "--db", db]) == 1
    out = capsys.readouterr().out
    assert "9 rows read" in out
    assert counts(out) == {"stored": 3, "duplicates": 1, "rejected": 5}
    check_report(out, path, JSONL_REJECTED)
    assert ids(db) == {"S1", "D1"}
    with pv.Ledger(db) as led:
        assert led.event_count() == 3  # and Q1, a customer's survey answer
        answers = led.survey_answers("2024-01-01", "2024-12-31")
        assert list(answers["id"]) == ["Q1"]
        assert list(answers["score"]) == [9]


def test_jsonl_from_standard_input(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = "".join(line + "\n" for line in JSONL).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert cli(["import", "-", "--db", db]) == 1
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 3, "duplicates": 1, "rejected": 5}
    check_report(out, "-", JSONL_REJECTED)


def test_ndjson_extension_and_a_second_import_is_all_duplicates(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    good = [JSONL[0], JSONL[2], JSONL[8]]
    path = write(tmp_path / "good.ndjson", good)
    assert cli(["import", path, "--db", db]) == 0  # nothing rejected
    assert counts(capsys.readouterr().out) == {"stored": 3, "duplicates": 0, "rejected": 0}
    assert cli(["import", path, "--db", db]) == 0  # retries are safe
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 0, "duplicates": 3, "rejected": 0}
    assert "Rejected rows" not in out


def test_strict_stops_at_the_first_bad_row(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # PLAIN_CSV: lines 2 and 3 stored, line 4 blank, line 5 the first bad row.
    path = write(tmp_path / "events.csv", PLAIN_CSV)
    assert cli(["import", path, "--db", db, "--strict"]) == 1
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 2, "duplicates": 0, "rejected": 1}
    assert "3 rows read" in out
    assert f"--strict): {path}:5: price: 'abc' is not a whole number." in out
    assert "The 2 rows before it are stored" in out
    assert ids(db) == {"S1", "D1"}  # K1 (line 7) and S6 (line 14) were not read


def test_strict_stops_at_a_row_the_ledger_refuses(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The first bad row is line 4 (delivered twice); line 5 is unparsable.
    path = write(tmp_path / "events.jsonl", JSONL)
    assert cli(["import", path, "--db", db, "--strict"]) == 1
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 2, "duplicates": 0, "rejected": 1}
    assert f"{path}:4: " in out and "already delivered" in out
    assert ids(db) == {"S1", "D1"}


def test_strict_with_a_conversion_error_after_a_refused_row(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The ledger reports a value it cannot convert (line 4's fractional
    # price) before the histories it replays (line 3: U7 never sold): the
    # first bad row in the file is still line 3.
    lines = [
        CSV_HEADER,
        "S1,sold,U1,2024-01-10,C1,WM-1,49900,store,",   # 2 stored
        "D7,delivered,U7,2024-01-15,,,,,",              # 3 refused
        "S2,sold,U2,2024-01-10,C2,WM-1,1.5,store,",     # 4 refused
    ]  # fmt: skip
    path = write(tmp_path / "events.csv", lines)
    assert cli(["import", path, "--db", db, "--strict"]) == 1
    out = capsys.readouterr().out
    assert f"--strict): {path}:3: " in out
    assert ids(db) == {"S1"}
    assert cli(["import", path, "--db", db]) == 1
    out = capsys.readouterr().out
    assert counts(out) == {"stored": 0, "duplicates": 1, "rejected": 2}
    check_report(out, path, [(3, "U7"), (4, "1.5")])


def test_products_file_lets_an_import_start_from_an_empty_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup = {
        "calendars": {"madrid": "es-madrid"},
        "slas": [
            {
                "name": "standard",
                "calendar": "madrid",
                "targets": {"*": {"first_response": 8 * 3600, "resolution": 40 * 3600}},
            }
        ],
        "products": [WM1, {**WM1, "sku": "WM-2", "name": "Lavadora 9 kg"}],
    }
    products = tmp_path / "setup.json"
    products.write_text(json.dumps(setup), encoding="utf-8")
    events = write(
        tmp_path / "events.jsonl",
        [
            JSONL[0],
            '{"id": "S2", "type": "sold", "unit": "U2", "date": "2024-01-10", "customer": "C2", '
            '"product": "WM-2", "price": 100, "channel": "store"}',
            '{"id": "CS1", "type": "case_opened", "case": "K-1", "kind": "complaint", '
            '"priority": "high", "customer": "C1", "sla": "standard", '
            '"at": "2025-06-16T08:00:00Z"}',
        ],
    )
    db = str(tmp_path / "new.sqlite")
    assert cli(["import", events, "--db", db, "--products", str(products)]) == 0
    out = capsys.readouterr().out
    assert f"Configuration from {products}: 1 calendars, 1 slas, 2 products" in out
    assert counts(out) == {"stored": 3, "duplicates": 0, "rejected": 0}
    with pv.Ledger(db) as led:
        assert [p["sku"] for p in led.products()] == ["WM-1", "WM-2"]
        # Opened Monday 2025-06-16 10:00 in Madrid (08:00 UTC): that day gives
        # 10:00-14:00 and 16:00-19:00, 7 working hours; the 8th is Tuesday
        # 09:00-10:00, so the first response is due Tuesday 10:00 CEST, 08:00 UTC.
        status = led.sla_status("K-1", datetime(2025, 6, 16, 12, tzinfo=timezone.utc))
        assert status["first_response"]["deadline"].isoformat() == "2025-06-17T08:00:00+00:00"
    # The same file again is a no-op.
    assert cli(["import", events, "--db", db, "--products", str(products)]) == 0
    assert counts(capsys.readouterr().out)["duplicates"] == 3


def test_a_bad_products_file_stops_before_any_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    products = tmp_path / "setup.json"
    products.write_text(
        json.dumps({"products": [WM1, {"sku": "BAD", "warranties": ["no-such-preset"]}]}),
        encoding="utf-8",
    )
    events = write(tmp_path / "events.jsonl", [JSONL[0]])
    db = str(tmp_path / "new.sqlite")
    assert cli(["import", events, "--db", db, "--products", str(products)]) == 1
    err = capsys.readouterr().err
    assert f"postventa: error: {products}: products[1] (BAD): " in err
    assert "no-such-preset" in err
    with pv.Ledger(db) as led:
        assert led.event_count() == 0

    products.write_text(json.dumps({"product": []}), encoding="utf-8")
    assert cli(["import", events, "--db", db, "--products", str(products)]) == 1
    assert "unknown key 'product'" in capsys.readouterr().err


def test_file_level_errors(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path / "good.jsonl", [JSONL[0]])
    # A missing file, or one of unknown type, stops everything before any row.
    assert cli(["import", good, str(tmp_path / "missing.csv"), "--db", db]) == 1
    assert "missing.csv: no such file" in capsys.readouterr().err
    other = write(tmp_path / "events.txt", [JSONL[0]])
    assert cli(["import", good, other, "--db", db]) == 1
    assert "events.txt: unknown file type" in capsys.readouterr().err
    assert ids(db) == set()
    # A header with a key that is not an event key: the file cannot be read.
    # The files before it stay imported, and the summary says so.
    bad = write(tmp_path / "bad.csv", ["id,type,unit,date,colour", "S1,sold,U1,2024-01-10,red"])
    assert cli(["import", good, bad, good, "--db", db]) == 1
    captured = capsys.readouterr()
    assert f"{bad}:1: header: 'colour' is not an event key" in captured.err
    assert "2 files, 1 row read" in captured.out  # the third file was not started
    assert counts(captured.out) == {"stored": 1, "duplicates": 0, "rejected": 0}
    assert ids(db) == {"S1"}


def test_progress_bar_on_standard_error(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tqdm")
    monkeypatch.setenv("POSTVENTA_PROGRESS", "1")
    path = write(tmp_path / "events.csv", PLAIN_CSV)
    cli(["import", path, "--db", db])
    assert "importing" in capsys.readouterr().err


def test_import_files_from_python(tmp_path: Path) -> None:
    path = write(tmp_path / "events.csv", PLAIN_CSV)
    with pv.Ledger() as led:
        led.add_product(WM1)
        summary = _import.import_files(led, [path])
        assert (summary.files, summary.read, summary.stored, summary.duplicates) == (1, 12, 4, 1)
        assert [r.line for r in summary.rejections] == [line for line, _ in PLAIN_REJECTED]
        assert summary.rejected == 7 and not summary.stopped
        summary = _import.import_files(led, ["-"], stdin=io.BytesIO(JSONL[2].encode() + b"\n"))
        assert (summary.read, summary.stored, summary.duplicates) == (1, 0, 1)



def test_csv_from_a_spreadsheet_crlf_and_byte_order_mark(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Excel writes a UTF-8 byte order mark and CRLF line ends; line numbers
    # are the same. Once without quotes (pandas) and once with (csv module).
    for name, customer in (("plain.csv", "C1"), ("quoted.csv", '"C1"')):
        rows = [
            CSV_HEADER,                                            # 1
            f"S1,sold,U1,2024-01-10,{customer},WM-1,49900,store,",  # 2 stored
            "",                                                    # 3 blank
            "D1,delivered,U1,2024-01-15,,,,,",                     # 4 stored
            "D2,delivered,U1,2024-01-16,,,,,",                     # 5 delivered twice
        ]  # fmt: skip
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + "".join(r + "\r\n" for r in rows).encode())
        fresh = str(tmp_path / f"{name}.sqlite")
        with pv.Ledger(fresh) as led:
            led.add_product(WM1)
        assert cli(["import", str(path), "--db", fresh]) == 1
        out = capsys.readouterr().out
        assert counts(out) == {"stored": 2, "duplicates": 0, "rejected": 1}
        check_report(out, str(path), [(5, "already delivered")])
        with pv.Ledger(fresh) as led:
            assert led.history("U1")[0]["customer"] == "C1"
            assert led.history("U1")[0]["id"] == "S1"


def test_a_bad_row_does_not_cost_a_good_one_its_place(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A delivery that comes before its sale in the file is valid with the
    sale; a bad row between them must not get it refused (found by
    test_import_fuzz.py: the delivery was stored alone, refused and lost)."""
    path = write(tmp_path / "order.jsonl", [
        json.dumps({"id": "D1", "type": "delivered", "unit": "U1", "date": "2024-01-15"}),
        json.dumps({"id": "S0", "type": "sold", "unit": "U1", "date": None, "customer": "C1",
                    "product": "WM-1", "price": 1, "channel": "store"}),
        json.dumps({"id": "S1", "type": "sold", "unit": "U1", "date": "2024-01-10", "customer": "C1",
                    "product": "WM-1", "price": 49900, "channel": "store"}),
    ])  # fmt: skip
    assert cli(["import", path, "--db", db]) == 1
    out = capsys.readouterr().out
    assert counts(out)["stored"] == 2 and counts(out)["rejected"] == 1
    check_report(out, path, [(2, "date")])
    assert ids(db) == {"D1", "S1"}
