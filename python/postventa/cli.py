"""The ``postventa`` command (also ``python -m postventa``).

``postventa demo`` is, for now, a small program on the time module: for a few
deliveries it prints when Spain's legal guarantee ends, and for a few complaints
when their first response and their resolution are due on a Madrid business
calendar. It grows into the synthetic-company demo of SPEC §9.3 as the other
modules land.
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

    demo = commands.add_parser(
        "demo",
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
    demo.set_defaults(run=_demo)
    return parser


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


def _demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
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
    out.append(f"postventa {pv.__version__} demo: warranty ends and complaint deadlines")
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
