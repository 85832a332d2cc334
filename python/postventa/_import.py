"""``postventa import``: events from CSV and JSON Lines files into a ledger
(SPEC §3, §9.3), with a progress bar, a line-numbered report of every row
refused, and a summary.

Formats, chosen by the file's extension:

- **CSV** (``.csv``): a header row of event keys (SPEC §3: ``id``, ``type``,
  ``unit``, ``date``, ``at``, ``customer``, ...), then one event per row. An
  empty cell is an absent key. Amounts (``price``, ``parts_cost``,
  ``labor_cost``, ``amount``) and ``attendees`` are whole numbers, ``usage``
  and ``score`` numbers; ``answers`` is a JSON list in the cell
  (``"[4, 5, null]"``). UTF-8, comma-separated, ``"`` quotes (RFC 4180); a
  quoted cell may span lines. The header is line 1.
- **JSON Lines** (``.jsonl``, ``.ndjson``, or ``-`` for standard input): one
  JSON object per line with the same keys; blank lines are skipped.

How the rows are stored, and why it is both fast and safe: rows are parsed
in chunks of :data:`CHUNK_ROWS` and each chunk is given to
:meth:`Ledger.record_many`, one atomic transaction. When the ledger refuses
an event, the batch stores nothing and its error names the position
(``events[17]: ...``); the rows before that position are then stored as a
batch of their own, the refused row is set aside, and the rest of the chunk
goes on; the rows set aside are tried again once the others are stored (a
delivery may come before its sale in a file), and those still refused are
reported with their file and line. After a refusal the batches shrink (and grow
back while they succeed), so a file with many bad rows does not re-read a
whole chunk for each. A row that cannot be parsed at all (bad JSON, a wrong
number of CSV fields, a number that is not a number) is reported the same way
and never reaches the ledger. So nothing of a bad row is stored and no good
row is lost; a row that repeats an event already stored (same id, same
content) counts as a duplicate.

Speed: the ledger's SQLite store takes about 300 000 events/s on the
reference machine, and the import keeps close to it (1 000 000 events: about
4 s from JSON Lines, 4-5 s from CSV). A block of JSON Lines is parsed in one
``json.loads`` call as one array (line by line only when that fails, to name
the bad line); a block of CSV lines without quotes is parsed by pandas in one
call (blocks with quotes go through the csv module); and a reader thread
parses the next chunk while the ledger, which releases the GIL, stores this
one.

Exit status: 0 when every row was stored or was a duplicate; 1 when any row
was rejected (the good rows are stored all the same), with ``--strict`` at the
first rejected row (the rows before it are stored), or when the import could
not run (a missing file, a bad products file). A script that runs the import
unattended thus notices a partial import without parsing the report.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import csv
import io
import itertools
import json
import queue
import re
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

import postventa as pv

from ._ledger import _NUMBER_KEYS, _WHOLE_KEYS, EVENT_KEYS
from ._progress import Progress

__all__ = ["CHUNK_ROWS", "ImportSummary", "Rejected", "add_parser", "import_files", "load_setup"]

#: Rows parsed and stored per batch.
CHUNK_ROWS = 10_000
#: The smallest batch after a refusal.
_MIN_PIECE = 64
#: Rejected rows listed in the summary; the rest are counted.
LISTED_REJECTIONS = 20
# Bytes read from a file at a time (whole lines).
_READ_BYTES = 1 << 20

_POSITION = re.compile(r"events\[(\d+)\]: (.*)", re.DOTALL)
_CSV_SUFFIXES = (".csv",)
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_SETUP_KEYS = ("calendars", "slas", "instruments", "products")
_CSV_INTEGER = "whole"
_CSV_NUMBER = "number"


@dataclass(frozen=True)
class Rejected:
    """A row that was not stored: where it is and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class ImportSummary:
    """What an import did. ``read == stored + duplicates + rejected`` unless
    the import stopped (``--strict``)."""

    files: int = 0
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    #: The first :data:`LISTED_REJECTIONS` rejected rows, in the order met.
    rejections: list[Rejected] = field(default_factory=list)
    #: True when ``strict`` stopped the import at the first rejected row.
    stopped: bool = False
    seconds: float = 0.0
    #: Why the import ended before the last file's end (a CSV header that is
    #: not event keys, a store failure), or None.
    error: str | None = None

    def _reject(self, file: str, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < LISTED_REJECTIONS:
            self.rejections.append(Rejected(file, line, reason))


class _Stop(Exception):
    """Raised inside the import when ``strict`` meets a rejected row."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        #: The rejected row's position in the rows given to :func:`_store`.
        self.position = position


# ---- The import --------------------------------------------------------------------


def import_files(
    led: pv.Ledger,
    paths: Sequence[str],
    *,
    strict: bool = False,
    stdin: IO[bytes] | None = None,
) -> ImportSummary:
    """Imports the events of ``paths`` (CSV or JSON Lines by extension; ``"-"``
    is JSON Lines on ``stdin``, default ``sys.stdin.buffer``) into ``led``, in
    order. Refused and unparsable rows are counted and listed in the summary;
    with ``strict`` the import stops at the first one. Raises
    :class:`postventa.Error` before reading anything for a missing file or an
    unknown extension; what stops the import once started (a CSV header with
    a key that is not an event key, a store failure) ends it with the reason
    in the summary's ``error``."""
    kinds = [_kind(path) for path in paths]
    for path in paths:
        if path != "-" and not Path(path).is_file():
            raise pv.NotFoundError(f"{path}: no such file")
    total: int | None = 0
    for path in paths:
        if path == "-" or total is None:
            total = None
        else:
            total += Path(path).stat().st_size

    summary = ImportSummary()
    started = time.perf_counter()
    with Progress(total, "importing", unit="B") as bar:
        try:
            for path, kind in zip(paths, kinds):
                summary.files += 1
                if path == "-":
                    stream = stdin if stdin is not None else sys.stdin.buffer
                    _import_stream(led, "-", stream, kind, summary, strict, bar)
                    continue
                try:
                    handle = open(path, "rb")  # noqa: SIM115 (closed below)
                except OSError as error:
                    raise pv.NotFoundError(f"{path}: {error.strerror}") from None
                with handle:
                    _import_stream(led, path, handle, kind, summary, strict, bar)
        except _Stop:
            summary.stopped = True
        except pv.Error as error:
            # A file that cannot be read on (its header), or the store failed:
            # what was stored so far stays, and the summary says where it ended.
            summary.error = str(error)
    summary.seconds = time.perf_counter() - started
    return summary


def _kind(path: str) -> str:
    if path == "-":
        return "jsonl"
    lower = path.lower()
    if lower.endswith(_CSV_SUFFIXES):
        return "csv"
    if lower.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    raise pv.ValidationError(
        f"{path}: unknown file type; expected .csv, .jsonl or .ndjson (or - for JSON Lines "
        "on standard input)"
    )


def _import_stream(
    led: pv.Ledger,
    name: str,
    stream: IO[bytes],
    kind: str,
    summary: ImportSummary,
    strict: bool,
    bar: Progress,
) -> None:
    chunks = _csv_chunks(name, stream, bar) if kind == "csv" else _jsonl_chunks(stream, bar)
    with contextlib.closing(_read_ahead(chunks)) as ahead:
        for chunk in ahead:
            _import_chunk(led, name, chunk, summary, strict)


def _import_chunk(
    led: pv.Ledger, name: str, chunk: _Chunk, summary: ImportSummary, strict: bool
) -> None:
    if not strict:
        summary.read += len(chunk.lines) + len(chunk.errors)
        refused: list[tuple[int, str]] = []
        _store(led, chunk.rows, chunk.lines, summary, refused, strict=False)
        # Listed in the order of the file.
        for line, reason in sorted(refused + chunk.errors):
            summary._reject(name, line, reason)
        return
    # Strict: only the rows before the first unparsable one may be stored,
    # and the import stops at the first row refused or unparsable.
    rows, lines = chunk.rows, chunk.lines
    if chunk.errors:
        keep = bisect.bisect_left(lines, chunk.errors[0][0])
        rows = rows[:keep] if isinstance(rows, list) else rows.iloc[:keep]
        lines = lines[:keep]
    refused = []
    try:
        _store(led, rows, lines, summary, refused, strict=True)
    except _Stop as stop:
        summary.read += stop.position + 1
        summary._reject(name, *refused[0])
        raise
    summary.read += len(lines)
    if chunk.errors:
        summary.read += 1
        summary._reject(name, *chunk.errors[0])
        raise _Stop(len(lines))


def _read_ahead(chunks: Iterator[_Chunk], depth: int = 2) -> Iterator[_Chunk]:
    """``chunks`` parsed on a thread of their own, ``depth`` chunks ahead: the
    ledger releases the GIL while it stores a batch, so reading and parsing the
    next chunk overlaps with storing this one. Errors of the reader are raised
    here, in order; closing the generator stops the reader and waits for it."""
    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for chunk in chunks:
                if not put(("chunk", chunk)):
                    return
        except BaseException as error:  # noqa: BLE001 (raised again by the consumer)
            put(("error", error))
            return
        put(("end", None))

    reader = threading.Thread(target=read, name="postventa-import-reader", daemon=True)
    reader.start()
    try:
        while True:
            kind, value = slots.get()
            if kind == "chunk":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()
        # A reader blocked on standard input may not notice for a while; it
        # is a daemon thread and ends with the program.
        reader.join(timeout=5)


def _store(
    led: pv.Ledger,
    rows: Any,
    lines: Sequence[int],
    summary: ImportSummary,
    refused: list[tuple[int, str]],
    *,
    strict: bool,
) -> None:
    """Stores ``rows`` (a list of event dicts or a DataFrame) in atomic batches,
    adding each refused row's (line, reason) to ``refused`` and going on past
    it (``strict``: raising :class:`_Stop` at it).

    A row refused in a smaller batch may only lack a row that comes after it
    (a delivery before its sale in the file: valid with the sale, not
    without it). So, except with ``strict``, refused rows are retried once the
    rest of the chunk is stored, as long as a retry stores something; only
    what still fails is reported, with its last reason. A bad row never costs
    a good one its place."""
    frame = not isinstance(rows, list)

    def record(indices: list[int]) -> pv.RecordResult:
        return led.record_many(rows.iloc[indices] if frame else [rows[i] for i in indices])

    def store(indices: list[int], deferred: list[tuple[int, str]]) -> None:
        start = 0
        piece = CHUNK_ROWS
        while start < len(indices):
            end = min(len(indices), start + piece)
            try:
                result = record(indices[start:end])
            except pv.Error as error:
                match = _POSITION.match(str(error))
                if match is None:
                    raise  # not about one row (the store failed): stops the import
                bad = start + int(match.group(1))
                # The ledger reports a value it cannot convert before it replays
                # the histories, so a row before the one named may still be
                # refused: the rows before it are a batch of their own.
                store(indices[start:bad], deferred)
                if strict:
                    refused.append((int(lines[indices[bad]]), match.group(2)))
                    raise _Stop(indices[bad]) from None
                deferred.append((indices[bad], match.group(2)))
                start = bad + 1
                piece = max(_MIN_PIECE, piece // 4)
                continue
            _add(summary, result)
            start = end
            piece = min(CHUNK_ROWS, piece * 2)

    pending: list[tuple[int, str]] = []
    store(list(range(len(lines))), pending)
    while pending:
        before = summary.stored + summary.duplicates
        retry: list[tuple[int, str]] = []
        store([i for i, _ in pending], retry)
        if summary.stored + summary.duplicates == before:  # no progress: they are bad
            pending = retry
            break
        pending = retry
    refused.extend(sorted((int(lines[i]), reason) for i, reason in pending))


def _add(summary: ImportSummary, result: pv.RecordResult) -> None:
    summary.stored += result.stored
    summary.duplicates += result.duplicates


@dataclass
class _Chunk:
    #: The parsed rows: a list of dicts (JSON Lines) or a DataFrame (CSV).
    rows: Any
    #: The line of each parsed row (where it starts).
    lines: list[int]
    #: (line, reason) of each row that could not be parsed, by line.
    errors: list[tuple[int, str]]


def _byte_lines(stream: IO[bytes], bar: Progress) -> Iterator[list[bytes]]:
    """The stream's lines in blocks of about a megabyte, counted on the bar."""
    while True:
        block = stream.readlines(_READ_BYTES)
        if not block:
            return
        bar.update(sum(map(len, block)))
        yield block


# ---- JSON Lines --------------------------------------------------------------------


def _jsonl_chunks(stream: IO[bytes], bar: Progress) -> Iterator[_Chunk]:
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    errors: list[tuple[int, str]] = []
    number = 0  # lines before the block
    for block in _byte_lines(stream, bar):
        if number == 0 and block[0].startswith(b"\xef\xbb\xbf"):
            block[0] = block[0][3:]  # a byte order mark
        parsed = _jsonl_block(block)
        if parsed is not None:
            rows.extend(parsed)
            lines.extend(range(number + 1, number + 1 + len(block)))
        else:
            _jsonl_lines(block, number, rows, lines, errors)
        number += len(block)
        if len(rows) + len(errors) >= CHUNK_ROWS:  # _store batches them by CHUNK_ROWS
            yield _Chunk(rows, lines, errors)
            rows, lines, errors = [], [], []
    if rows or errors:
        yield _Chunk(rows, lines, errors)


def _jsonl_block(block: list[bytes]) -> list[dict[str, Any]] | None:
    """The events of a block of lines parsed in one call, as one JSON array;
    None unless every line is exactly one JSON object (then the lines are
    parsed one by one to say which is wrong)."""
    try:
        events = json.loads(b"[" + b",".join(block) + b"]")
    except ValueError:
        return None
    if len(events) != len(block) or set(map(type, events)) != {dict}:
        return None
    return events


def _jsonl_lines(
    block: list[bytes],
    number: int,
    rows: list[dict[str, Any]],
    lines: list[int],
    errors: list[tuple[int, str]],
) -> None:
    for text in block:
        number += 1
        try:
            event = json.loads(text)
        except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
            if not text.strip():
                continue  # a blank line
            errors.append((number, _json_error(error)))
            continue
        if type(event) is dict:
            rows.append(event)
            lines.append(number)
        else:
            errors.append((number, f"expected a JSON object, got {_json_type(event)}"))


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON: {error.msg} (column {error.colno})"
    if isinstance(error, UnicodeDecodeError):
        return f"not valid UTF-8 text (byte {error.start + 1} of the line)"
    return f"not valid JSON: {error}"


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


# ---- CSV ---------------------------------------------------------------------------

# How each key's cell is read: as a string (the default), a whole number, a
# number, or JSON (answers).
_CSV_FORMS = {key: _CSV_INTEGER for key in _WHOLE_KEYS}
_CSV_FORMS.update({key: _CSV_NUMBER for key in _NUMBER_KEYS})
_CSV_FORMS["answers"] = "json"


def _csv_chunks(name: str, stream: IO[bytes], bar: Progress) -> Iterator[_Chunk]:
    """The file's rows in chunks. A block of lines without any quote (what most
    exports write) is parsed by pandas in one call, each line one row; a block
    with quotes, extended to the end of any quoted field that spans lines, goes
    through the csv module, which knows RFC 4180's quoting."""
    try:
        import pandas as pd
    except ImportError:
        raise pv.Error(f"{name}: reading CSV needs pandas (pip install pandas)") from None

    first = stream.readline()
    bar.update(len(first))
    if not first:
        return  # an empty file
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]  # a byte order mark, as spreadsheets write
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError as error:
        raise pv.ValidationError(
            f"{name}:1: header: not valid UTF-8 text ({error.reason})"
        ) from None
    if not text.strip():
        raise pv.ValidationError(f"{name}:1: header: the line is empty; line 1 names the columns")
    try:
        record = next(csv.reader([text], strict=True))
    except csv.Error as error:
        raise pv.ValidationError(f"{name}:1: header: not valid CSV: {error}") from None
    header = _csv_header(name, record)

    number = 1  # lines before the block
    blocks = _byte_lines(stream, bar)
    for block in blocks:
        data = b"".join(block)
        if b'"' in data:
            # Whole records only: add lines while a quoted field is open (RFC
            # 4180 doubles a quote inside a quoted field, so an odd count of
            # quotes so far means one is open).
            quotes = data.count(b'"')
            while quotes % 2:
                more = next(blocks, None)
                if more is None:
                    break  # the csv module reports the unterminated field
                block.extend(more)
                quotes += b"".join(more).count(b'"')
            chunk = _csv_quoted_block(name, header, block, number)
        else:
            chunk = _csv_plain_block(header, block, data, number, pd)
            if chunk is None:
                chunk = _csv_quoted_block(name, header, block, number)
        number += len(block)
        if len(chunk.lines) or len(chunk.errors):
            yield chunk


def _csv_header(name: str, record: list[str]) -> list[str]:
    header = [cell.strip() for cell in record]
    seen: set[str] = set()
    for key in header:
        if key not in EVENT_KEYS:
            raise pv.ValidationError(
                f"{name}:1: header: {key!r} is not an event key (an event has "
                f"{', '.join(EVENT_KEYS)})"
            )
        if key in seen:
            raise pv.ValidationError(f"{name}:1: header: {key!r} appears twice")
        seen.add(key)
    return header


def _csv_plain_block(
    header: list[str], block: list[bytes], data: bytes, number: int, pd: Any
) -> _Chunk | None:
    """A block without quotes, one row per line, parsed by pandas; None when
    the block needs the careful path (text that is not UTF-8, a lone carriage
    return, which pandas would take for a line break)."""
    if data.count(b"\r") != data.count(b"\r\n"):
        return None
    commas = np.array(list(map(bytes.count, block, itertools.repeat(b","))), dtype=np.int64)
    wrong = np.flatnonzero(commas != len(header) - 1)
    errors: list[tuple[int, str]] = []
    if len(wrong):
        skip = set()
        for position in wrong:
            line = block[position]
            skip.add(int(position))
            if line.strip():
                errors.append(
                    (number + 1 + int(position),
                     f"has {int(commas[position]) + 1} fields; the header has {len(header)}")
                )  # fmt: skip
        kept = [position for position in range(len(block)) if position not in skip]
        data = b"".join(block[position] for position in kept)
        lines = [number + 1 + position for position in kept]
    else:
        lines = list(range(number + 1, number + 1 + len(block)))
    if not lines:
        return _Chunk([], [], errors)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            header=None,
            names=header,
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            quoting=csv.QUOTE_NONE,
            encoding="utf-8",
            engine="c",
        )
    except (UnicodeDecodeError, ValueError):
        return None
    if len(frame) != len(lines):
        return None
    return _typed(header, frame, lines, errors, pd)


def _csv_quoted_block(name: str, header: list[str], block: list[bytes], number: int) -> _Chunk:
    """A block of whole records through the csv module, which knows quoting."""
    import pandas as pd

    bad_text: dict[int, str] = {}  # lines that are not UTF-8, with the reason
    texts = []
    for offset, line in enumerate(block):
        try:
            texts.append(line.decode("utf-8"))
        except UnicodeDecodeError as error:
            bad_text[number + 1 + offset] = (
                f"line {number + 1 + offset} is not valid UTF-8 text (byte {error.start + 1})"
            )
            texts.append(line.decode("utf-8", "replace"))
    reader = csv.reader(texts, strict=True)
    width = len(header)
    records: list[list[str]] = []
    lines: list[int] = []
    errors: list[tuple[int, str]] = []
    previous = number  # the last line of the previous record
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # The reader has consumed the faulty line; carry on after it.
            errors.append((previous + 1, f"not valid CSV: {error}"))
            previous = number + reader.line_num
            continue
        start = previous + 1
        previous = number + reader.line_num
        if not record:
            continue  # a blank line
        undecodable = [n for n in range(start, previous + 1) if n in bad_text]
        if undecodable:
            errors.append((start, bad_text[undecodable[0]]))
        elif len(record) == width:
            records.append(record)
            lines.append(start)
        else:
            reason = f"has {len(record)} fields; the header has {width}"
            if previous > start:
                reason += (
                    f" (a quoted field runs from line {start} to line {previous}: "
                    "is a quote missing?)"
                )
            errors.append((start, reason))
    frame = pd.DataFrame(records, columns=header, dtype=object) if records else None
    if frame is None:
        return _Chunk([], [], errors)
    return _typed(header, frame.where(frame != "", None), lines, errors, pd)


def _typed(
    header: list[str], frame: Any, lines: list[int], errors: list[tuple[int, str]], pd: Any
) -> _Chunk:
    """The text cells (absent ones null) of a block converted per key: numbers
    for amounts, ``attendees``, ``usage`` and ``score``, JSON for ``answers``.
    A row with a cell that does not convert becomes a parse error."""
    bad: dict[int, str] = {}  # position -> reason (the row's first bad cell)
    for key in header:
        form = _CSV_FORMS.get(key)
        if form is None:
            continue
        column = frame[key]
        present = column.notna().to_numpy(dtype=bool)
        if form == "json":
            values = column.to_numpy(dtype=object)
            for position in np.flatnonzero(present):
                try:
                    value = json.loads(values[position])
                except ValueError as error:
                    bad.setdefault(int(position), f"{key}: {_json_error(error)}")
                    continue
                if not isinstance(value, list):
                    bad.setdefault(
                        int(position), f"{key}: expected a JSON list, got {_json_type(value)}"
                    )
                values[position] = value
            frame[key] = values
            continue
        numbers = pd.to_numeric(column, errors="coerce", dtype_backend="numpy_nullable")
        wrong = numbers.isna().to_numpy(dtype=bool) & present
        if wrong.any():
            what = "a whole number" if form == _CSV_INTEGER else "a number"
            text = column.to_numpy(dtype=object)
            for position in np.flatnonzero(wrong):
                bad.setdefault(int(position), f"{key}: {text[position]!r} is not {what}")
        frame[key] = numbers
    if bad:
        keep = np.ones(len(lines), dtype=bool)
        keep[list(bad)] = False
        frame = frame.iloc[np.flatnonzero(keep)].reset_index(drop=True)
        errors = sorted(errors + [(lines[position], reason) for position, reason in bad.items()])
        lines = [line for line, kept in zip(lines, keep) if kept]
    return _Chunk(frame, lines, errors)


# ---- Products, calendars and SLAs --------------------------------------------------


def load_setup(led: pv.Ledger, path: str) -> dict[str, int]:
    """Adds the configuration of a JSON file to ``led``, so that an import can
    start from an empty ledger::

        {"calendars": {"madrid": "es-madrid", "office": {...calendar...}},
         "slas": [{...SLA policy...}],
         "instruments": [{...survey instrument...}],
         "products": [{...product...}]}

    Every part is optional. A calendar is a configuration dict or the name of
    a calendar shipped with postventa. They are added in that order (SLAs and
    maintenance plans name calendars), and each is idempotent, so the same
    file may be given with every import. Returns how many of each were given.
    Raises :class:`postventa.ValidationError` naming the file and the item."""
    try:
        with open(path, encoding="utf-8") as handle:
            setup = json.load(handle)
    except OSError as error:
        raise pv.NotFoundError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise pv.ValidationError(f"{path}: not valid UTF-8 text: {error.reason}") from None
    except json.JSONDecodeError as error:
        raise pv.ValidationError(
            f"{path}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    if not isinstance(setup, dict):
        raise pv.ValidationError(f"{path}: expected a JSON object with {', '.join(_SETUP_KEYS)}")
    for key in setup:
        if key not in _SETUP_KEYS:
            raise pv.ValidationError(
                f"{path}: unknown key {key!r} (expected {', '.join(_SETUP_KEYS)})"
            )
    counts = {key: 0 for key in _SETUP_KEYS}

    calendars = setup.get("calendars", {})
    if not isinstance(calendars, dict):
        raise pv.ValidationError(f"{path}: calendars: expected an object of name: calendar")
    for name, config in calendars.items():
        where = f"{path}: calendars.{name}"
        if isinstance(config, str):
            config = _shipped_calendar(where, config)
        _configure(where, lambda: led.add_calendar(name, config))
        counts["calendars"] += 1

    for key, add in (
        ("slas", led.add_sla),
        ("instruments", led.add_instrument),
        ("products", led.add_product),
    ):
        items = setup.get(key, [])
        if not isinstance(items, list):
            raise pv.ValidationError(f"{path}: {key}: expected a list")
        for position, item in enumerate(items):
            label = item.get("sku", item.get("name")) if isinstance(item, dict) else None
            where = f"{path}: {key}[{position}]" + (f" ({label})" if label else "")
            if not isinstance(item, dict):
                raise pv.ValidationError(f"{where}: expected an object")
            _configure(where, lambda: add(item))  # noqa: B023 (called at once)
            counts[key] += 1
    return counts


def _shipped_calendar(where: str, name: str) -> dict[str, Any]:
    try:
        return pv.calendars.load(name)
    except (pv.Error, LookupError, ValueError, OSError):
        raise pv.NotFoundError(
            f"{where}: {name!r} is not a calendar shipped with postventa "
            f"({', '.join(pv.calendars.names())})"
        ) from None


def _configure(where: str, add: Any) -> None:
    try:
        add()
    except pv.Error as error:
        raised = type(error)(f"{where}: {error}")
        raised.code = error.code
        raise raised from None
    except TypeError as error:
        raise pv.ValidationError(f"{where}: {error}") from None


# ---- The command -------------------------------------------------------------------


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds ``import`` to the ``postventa`` command's subparsers."""
    parser = subparsers.add_parser(
        "import",
        help="load events from CSV or JSON Lines files into a ledger",
        description=(
            "Loads events (SPEC §3 keys, one event per row or line) from CSV files "
            "(a header row of keys; an empty cell is an absent key; answers as a JSON "
            "list) and JSON Lines files (.jsonl, .ndjson; - reads standard input) into "
            "the ledger. A row the ledger refuses, or that cannot be parsed, is "
            "reported with its file and line number and skipped; the other rows are "
            "stored. A row repeating a stored event (same id and content) counts as a "
            "duplicate."
        ),
        epilog=(
            "Exit status: 0 when no row was rejected, 1 when any was (the good rows "
            "are stored all the same), when --strict stopped the import, or on an "
            "error."
        ),
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="a .csv, .jsonl or .ndjson file, or -"
    )
    parser.add_argument(
        "--db", metavar="LEDGER", required=True, help="the SQLite ledger (created when missing)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first rejected row (the rows before it stay stored)",
    )
    parser.add_argument(
        "--products",
        metavar="FILE.json",
        help=(
            "add products, calendars, SLAs and survey instruments from a JSON file "
            'first: {"calendars": {name: config | shipped name}, "slas": [...], '
            '"instruments": [...], "products": [...]}'
        ),
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Runs ``postventa import``; returns the exit status."""
    paths: list[str] = list(args.files)
    if paths.count("-") > 1:
        parser.error("standard input (-) can be read only once")
    for path in paths:  # before the ledger is created or anything is stored
        _kind(path)
        if path != "-" and not Path(path).is_file():
            raise pv.NotFoundError(f"{path}: no such file")
    with pv.Ledger(args.db) as led:
        if args.products:
            counts = load_setup(led, args.products)
            given = ", ".join(f"{n} {key}" for key, n in counts.items() if n)
            print(f"Configuration from {args.products}: {given or 'nothing'}")
        summary = import_files(led, paths, strict=args.strict)
    print("\n".join(format_summary(summary, args.db)))
    if summary.error is not None:
        print(f"postventa: error: {summary.error}", file=sys.stderr)
        return 1
    return 1 if summary.rejected else 0


def format_summary(summary: ImportSummary, db: str) -> list[str]:
    """The report ``postventa import`` prints."""
    rate = summary.read / summary.seconds if summary.seconds > 0 else 0.0
    files = "file" if summary.files == 1 else "files"
    out = [
        f"Imported into {db}: {summary.files} {files}, {summary.read:,} "
        f"{'row' if summary.read == 1 else 'rows'} read "
        f"in {summary.seconds:.1f} s ({rate:,.0f} rows/s)",
        f"  stored      {summary.stored:>12,}",
        f"  duplicates  {summary.duplicates:>12,}",
        f"  rejected    {summary.rejected:>12,}",
    ]
    if summary.stopped:
        first = summary.rejections[0]
        kept = summary.stored + summary.duplicates
        rows = "row before it is" if kept == 1 else "rows before it are"
        out.append(
            f"Stopped at the first rejected row (--strict): {first}. The {kept:,} {rows} "
            f"stored ({summary.stored:,} new, {summary.duplicates:,} duplicates); nothing "
            "after it was read."
        )
        return out
    if summary.rejections:
        out.append("Rejected rows:")
        out.extend(str(rejected) for rejected in summary.rejections)
        if summary.rejected > len(summary.rejections):
            out.append(f"... and {summary.rejected - len(summary.rejections):,} more")
    return out
