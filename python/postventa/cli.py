"""The ``postventa`` command (also ``python -m postventa``), SPEC §9.3.

- ``postventa demo``: generates a synthetic company (python/postventa/_company.py),
  stores it in an SQLite ledger, prints the after-sales report and writes it as
  one HTML page with charts (python/postventa/report.py);
- ``postventa import``: events from CSV and JSON Lines (python/postventa/_import.py);
- ``postventa report``: the report of a ledger over a date range, as text,
  JSON or HTML;
- ``postventa claim``: a warranty decision with its reasons
  (python/postventa/_claim.py);
- ``postventa deadlines``: warranty ends and complaint deadlines on a business
  calendar, for dates given on the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import postventa as pv

from . import _claim, _import

# Spain's legal guarantee (SPEC §2.2, preset legal-es): 36 months from delivery.
LEGAL_ES_MONTHS = 36
# What the demo's complaint SLA promises: a first response within 8 working
# hours and a resolution within 15 working days.
FIRST_RESPONSE = dt.timedelta(hours=8)
RESOLUTION_WORKING_DAYS = 15

# Examples chosen to show the rules at work: a leap-day delivery (its guarantee
# ends on 02-28, 2027 having no 29th), a complaint just before Easter's two
# holidays, one across the October DST change, one on a Saturday holiday before a
# Monday holiday.
EXAMPLE_DELIVERIES = ["2024-02-29", "2024-03-15", "2025-01-31", "2025-06-16"]
EXAMPLE_COMPLAINTS = [  # local time of the calendar
    "2025-06-16T10:00",
    "2025-04-16T18:30",
    "2025-10-24T14:00",
    "2025-12-06T11:00",
]

_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, parser))
    except pv.Error as error:
        print(f"postventa: error: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postventa",
        description="postventa, the after-sales library: command line.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {pv.__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    commands.required = True

    _add_demo(commands)
    _import.add_parser(commands)
    _add_report(commands)
    _claim.add_parser(commands)

    demo = commands.add_parser(
        "deadlines",
        help="warranty ends and complaint deadlines on a business calendar",
        description=(
            "For each delivery, the end of Spain's legal guarantee (36 months from "
            "delivery, the end date included). For each complaint, the deadline of its "
            "first response (8 working hours) and of its resolution (15 working days "
            "after the day it was opened), on a business calendar. Without options, "
            "example deliveries and complaints are used."
        ),
    )
    demo.add_argument(
        "--delivered",
        metavar="DATE",
        action="append",
        type=_parse_date,
        help="a delivery date YYYY-MM-DD (repeatable)",
    )
    demo.add_argument(
        "--opened",
        metavar="DATETIME",
        action="append",
        type=_parse_datetime,
        help=(
            "when a complaint was opened, ISO 8601: 2025-06-16T10:00 is the calendar's "
            "local time, 2025-06-16T08:00Z or 2025-06-16T10:00+02:00 an exact instant "
            "(repeatable)"
        ),
    )
    demo.add_argument(
        "--calendar",
        metavar="NAME|FILE",
        default="es-madrid",
        help=(
            "a calendar shipped with postventa ({}) or a JSON file with a calendar's "
            "configuration (default: %(default)s)".format(", ".join(pv.calendars.names()))
        ),
    )
    demo.set_defaults(run=_deadlines)
    return parser


def _add_demo(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help="a synthetic company: its ledger, its after-sales report and the HTML page",
        description=(
            "Generates a synthetic after-sales company (product lines with their "
            "installation, training, maintenance and warranty rules; customers; two "
            "years of sales, deliveries, installations, failures drawn from a Weibull "
            "life per product, repairs, service cases under SLAs on a Madrid calendar, "
            "surveys over three channels, and one anomaly episode with its corrective "
            "measure), stores it in an SQLite ledger in --out, prints the after-sales "
            "report and writes it as report.html (one self-contained page with charts) "
            "and report.json."
        ),
    )
    demo.add_argument("--units", type=_positive, default=DEMO_UNITS,
                      help="units sold over the two years (default %(default)s; up to millions)")
    demo.add_argument("--seed", type=int, default=0,
                      help="the random seed: the same seed gives the same company (default %(default)s)")
    demo.add_argument("--out", metavar="DIR", default="postventa-demo",
                      help="where ledger.sqlite, report.html and report.json go "
                      "(default %(default)s; an earlier demo ledger there is replaced)")  # fmt: skip
    demo.set_defaults(run=_demo)


def _add_report(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="the after-sales report of a ledger over a date range",
        description=(
            "The after-sales report of the ledger for [--from, --to] (default: from "
            "its first to its last event): KPIs in total and per product, "
            "satisfaction, SLA compliance, reliability and the claims forecast, "
            "maintenance compliance, and the verification of each anomaly's measures. "
            "Text on standard output, or --json; --html also writes the page with charts."
        ),
    )
    report.add_argument("--db", metavar="LEDGER", required=True, help="the SQLite ledger")
    report.add_argument("--from", dest="start", metavar="DATE", type=_parse_date,
                        help="first day YYYY-MM-DD")
    report.add_argument("--to", dest="end", metavar="DATE", type=_parse_date,
                        help="last day YYYY-MM-DD (the as-of date of reliability and forecasts)")
    report.add_argument("--json", action="store_true", help="print the report as JSON instead of text")
    report.add_argument("--html", metavar="FILE", help="also write the report as an HTML page")
    report.add_argument("--calendar", metavar="NAME",
                        help="a ledger calendar for working days of repairs (default Monday-Friday)")  # fmt: skip
    report.set_defaults(run=_report)


# The demo's default size: generation, storage and the report in well under a minute.
DEMO_UNITS = 4000


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: must be at least 1")
    return value


def _open_existing(path: str) -> pv.Ledger:
    if not Path(path).is_file():
        raise pv.NotFoundError(f"{path}: no such ledger file")
    return pv.Ledger(path)


def _demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import time

    from . import _company, report

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "ledger.sqlite"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    began = time.perf_counter()
    print(f"postventa {pv.__version__} demo: {args.units:,} units, seed {args.seed}", file=sys.stderr)
    company = _company.generate(units=args.units, seed=args.seed)
    with pv.Ledger(str(path)) as led:
        counts = _company.build(led, company)
        stored = time.perf_counter()
        print(f"stored {counts['events']:,} events in {path} ({stored - began:.1f} s)", file=sys.stderr)
        data = report.build_report(led, end=company.as_of)
    html = out / "report.html"
    html.write_text(report.render_html(data), encoding="utf-8")
    (out / "report.json").write_text(report.render_json(data), encoding="utf-8")
    sys.stdout.write(report.render_text(data))
    print(f"\nThe ledger: {path}\nThe report with charts: {html}\n"
          f"(done in {time.perf_counter() - began:.1f} s)")  # fmt: skip
    return 0


def _report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from . import report

    if args.start and args.end and args.end < args.start:
        parser.error(f"--to {args.end} is before --from {args.start}")
    with _open_existing(args.db) as led:
        data = report.build_report(led, args.start, args.end, calendar=args.calendar)
    if args.html:
        Path(args.html).write_text(report.render_html(data), encoding="utf-8")
    sys.stdout.write(report.render_json(data) if args.json else report.render_text(data))
    if args.html:
        print(f"\nThe report with charts: {args.html}", file=sys.stderr)
    return 0


def _parse_date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _parse_datetime(text: str) -> dt.datetime:
    # Python before 3.11 does not read a trailing "Z".
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return dt.datetime.fromisoformat(iso)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date and time such as 2025-06-16T10:00"
        ) from None


def _load_calendar(spec: str) -> tuple[str, dict[str, Any]]:
    path = Path(spec)
    if spec.endswith(".json") or path.is_file():
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise pv.NotFoundError(f"calendar file {spec}: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise pv.ValidationError(f"calendar file {spec}: not valid JSON: {error}") from None
        return str(path), config
    return spec, pv.calendars.load(spec)


def _zone(config: dict[str, Any]) -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(str(config["timezone"]))
    except Exception:  # no zoneinfo database for Python: show UTC
        return dt.timezone.utc


def _deadlines(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    name, config = _load_calendar(args.calendar)
    calendar = pv.Calendar(config)
    zone = _zone(config)

    deliveries: list[dt.date] = args.delivered or [
        dt.date.fromisoformat(d) for d in EXAMPLE_DELIVERIES
    ]
    opened: list[dt.datetime] = args.opened or [
        dt.datetime.fromisoformat(t) for t in EXAMPLE_COMPLAINTS
    ]
    # A time without an offset is the calendar's local time.
    opened = [t if t.tzinfo is not None else t.replace(tzinfo=zone) for t in opened]

    out: list[str] = []
    out.append(f"postventa {pv.__version__} deadlines: warranty ends and complaint deadlines")
    out.append("")
    out.append(f"Calendar {name} ({config.get('timezone')})")
    out.extend(f"  {line}" for line in _describe_calendar(config))
    out.append("")

    out.append(
        f"Legal guarantee (legal-es): {LEGAL_ES_MONTHS} months from delivery; "
        "the end date is still covered"
    )
    rows = []
    for delivered in deliveries:
        end = pv.add_months(delivered, LEGAL_ES_MONTHS)
        rows.append([_day(delivered), _day(end)])
    out.extend(_table(["delivered", "guarantee ends"], rows))
    out.append("")

    out.append(
        "Complaints: first response within 8 working hours, resolution within "
        f"{RESOLUTION_WORKING_DAYS} working days"
    )
    rows = []
    for start in opened:
        local_start = start.astimezone(zone)
        respond_by = calendar.add_business_time(start, FIRST_RESPONSE)
        resolve_by = calendar.add_business_days(local_start.date(), RESOLUTION_WORKING_DAYS)
        rows.append(
            [
                _local(local_start),
                _local(respond_by.astimezone(zone)),
                _day(resolve_by),
            ]
        )
    out.extend(_table(["opened", "first response by", "resolution by"], rows))
    out.append("")
    out.append("Working time counts inside working hours only; a deadline that runs out")
    out.append("at closing time is that closing time, not the next opening.")
    print("\n".join(out))
    return 0


def _weekday(day: dt.date) -> str:
    return _WEEKDAYS[day.weekday()].capitalize()


def _day(day: dt.date) -> str:
    return f"{_weekday(day)} {day.isoformat()}"


def _local(t: dt.datetime) -> str:
    return f"{_weekday(t.date())} {t.strftime('%Y-%m-%d %H:%M')} {t.tzname()}"


def _describe_calendar(config: dict[str, Any]) -> list[str]:
    """Working hours by runs of weekdays with the same intervals, and the holidays."""
    week = config.get("week", {})
    lines = []
    i = 0
    while i < 7:
        intervals = week.get(_WEEKDAYS[i], [])
        j = i
        while j + 1 < 7 and week.get(_WEEKDAYS[j + 1], []) == intervals:
            j += 1
        if intervals:
            days = _WEEKDAYS[i].capitalize()
            if j > i:
                days += "-" + _WEEKDAYS[j].capitalize()
            hours = ", ".join(f"{start}-{end}" for start, end in intervals)
            lines.append(f"{days}: {hours}")
        i = j + 1
    holidays = [str(h) for h in config.get("holidays", [])]
    lines.extend(
        textwrap.wrap(
            f"{len(holidays)} holiday rules: {', '.join(holidays)}",
            width=76,
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    )
    return lines


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    rule = "  " + "  ".join("-" * w for w in widths)
    return [line(headers), rule] + [line(row) for row in rows]


if __name__ == "__main__":
    raise SystemExit(main())
