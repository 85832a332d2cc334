"""postventa: the after-sales library, from Python.

Time (SPEC §1)::

    import postventa as pv
    pv.add_months(date(2024, 1, 31), 1)          # date(2024, 2, 29)
    cal = pv.Calendar(pv.calendars.load("es-madrid"))
    cal.add_business_time(datetime(2025, 12, 5, 13, tzinfo=timezone.utc), timedelta(hours=8))

The ledger and warranty decisions (SPEC §2, §3)::

    with pv.Ledger("ledger.sqlite") as led:      # pv.Ledger() keeps it in memory
        led.add_product({"sku": "WM-1", "warranties": ["legal-es"]})
        led.record_many(events)                  # a list of dicts or a DataFrame
        led.history("SN-1")                      # [{"id": ..., "type": "sold", ...}, ...]
        led.assess_claim("SN-1", date(2025, 3, 1), "pump", {"parts": 12000})

Dates are ``datetime.date`` (a ``datetime.datetime`` is refused where a date is
expected); instants are timezone-aware ``datetime.datetime`` (naive ones are
refused) and come back in UTC; durations are ``datetime.timedelta``. Both keep
their microseconds. Failures raise :class:`Error` subclasses whose messages are
the C ABI's.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import operator as _operator
from typing import Any, NoReturn, SupportsIndex

from . import _core, calendars
from ._core import Table
from ._errors import OUT_OF_RANGE as _OUT_OF_RANGE
from ._errors import Error, NotFoundError, StorageError, ValidationError

__all__ = [
    "__version__",
    "add_months",
    "Calendar",
    "calendars",
    "Ledger",
    "Decision",
    "RecordResult",
    "Table",
    "Error",
    "ValidationError",
    "NotFoundError",
    "StorageError",
    "Score",
    "ServqualResult",
    "NpsState",
    "CsatState",
    "CesState",
    "ServqualState",
    "nps",
    "csat",
    "ces",
    "servqual",
    "nps_state",
    "csat_state",
    "ces_state",
    "servqual_state",
    "WeibullFit",
    "LogRank",
    "CrowAmsaa",
    "weibull_fit",
    "weibull_fit_interval",
    "kaplan_meier",
    "mcf",
    "logrank",
    "crow_amsaa",
    "laplace_trend",
    "kpi_catalog",
    "ROOT_CAUSES",
    "verify_rate",
    "verify_durations",
]

#: The version of the library, ``"MAJOR.MINOR.PATCH"`` (the C ABI's
#: ``pv_version()`` and ``PV_VERSION_STRING``).
__version__: str = _core.version

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_MICROSECOND = _dt.timedelta(microseconds=1)
_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1
# Python dates run from 0001-01-01 to 9999-12-31: no month count beyond this many
# can give one from another (and the core's month arithmetic stays far from overflow).
_MAX_MONTHS = 12 * 10_000


def _fail(cls: type[Error], message: str, code: int | None = None) -> NoReturn:
    error = cls(message)
    if code is not None:
        error.code = code
    raise error


def _type_name(value: object) -> str:
    return type(value).__qualname__


# ---- Conversions to and from the core's integers -------------------------------


def _days(value: object, name: str) -> int:
    """A datetime.date as days since 1970-01-01. A datetime is refused: it would
    silently lose its time of day and zone."""
    if isinstance(value, _dt.datetime):
        raise TypeError(
            f"{name}: expected a datetime.date, got a datetime.datetime "
            f"({value.isoformat()}); pass .date() of it in the zone you mean"
        )
    if not isinstance(value, _dt.date):
        raise TypeError(f"{name}: expected a datetime.date, got {_type_name(value)}")
    return value.toordinal() - _EPOCH_ORDINAL


def _date(days: int, what: str) -> _dt.date:
    try:
        return _dt.date.fromordinal(days + _EPOCH_ORDINAL)
    except (ValueError, OverflowError):
        _outside_python_dates(what)


def _outside_python_dates(what: str) -> NoReturn:
    _fail(
        ValidationError,
        f"{what}: the result is outside the dates Python can hold "
        f"({_dt.date.min.isoformat()}..{_dt.date.max.isoformat()})",
        _OUT_OF_RANGE,
    )


def _integer(value: object, name: str) -> int:
    """A whole number (int or numpy integer); bool is refused."""
    if isinstance(value, bool):
        raise TypeError(f"{name}: expected an integer, got bool")
    try:
        return _operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name}: expected an integer, got {_type_name(value)}") from None


def _micros(value: object, name: str) -> int:
    """An aware datetime as microseconds since 1970-01-01T00:00:00Z."""
    if not isinstance(value, _dt.datetime):
        raise TypeError(
            f"{name}: expected a timezone-aware datetime.datetime, got {_type_name(value)}"
        )
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        _fail(
            ValidationError,
            f"{name}: naive datetime; pass a timezone-aware datetime "
            "(e.g. tzinfo=datetime.timezone.utc)",
        )
    # Exact integer arithmetic on timedelta: no float, microseconds kept.
    return (value - _EPOCH) // _MICROSECOND


def _instant(micros: int) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(microseconds=micros)


def _duration_micros(value: object, name: str) -> int:
    if not isinstance(value, _dt.timedelta):
        raise TypeError(f"{name}: expected a datetime.timedelta, got {_type_name(value)}")
    micros = value // _MICROSECOND
    if not _INT64_MIN <= micros <= _INT64_MAX:
        _fail(
            ValidationError,
            f"{name}: {value} is too long (more than 2**63 microseconds)",
            _OUT_OF_RANGE,
        )
    return micros


# ---- The API of SPEC §9.2 ----------------------------------------------------


def add_months(date: _dt.date, n: SupportsIndex) -> _dt.date:
    """``date`` plus ``n`` months with the legal rule (SPEC §1.2, EU Regulation
    1182/71 art. 3): the same day of the month ``n`` months later (or earlier for
    negative ``n``), or the last day of that month when it is shorter.
    Unlike some libraries, a start on a month's last day does not snap to the
    target month's last day: ``add_months(date(2024, 2, 29), 1)`` is 2024-03-29.

    Args:
        date: the start, a ``datetime.date`` (a ``datetime.datetime`` is refused).
        n: the number of months, negative to go back (an int or numpy integer).

    Returns:
        datetime.date: the date ``n`` months from ``date``; for example
        ``add_months(date(2024, 1, 31), 1)`` is 2024-02-29.

    Raises:
        TypeError: ``date`` is not a date or ``n`` not an integer.
        ValidationError: the result is outside the dates Python can hold.
    """
    days = _days(date, "date")
    months = _integer(n, "n")
    what = f"add_months({date.isoformat()}, {months})"
    if abs(months) > _MAX_MONTHS:
        _outside_python_dates(what)
    return _date(_core.add_months(days, months), what)


class Calendar:
    """A business calendar (SPEC §1.3): working hours per weekday in an IANA time
    zone, holiday rules and the observed rule.

    ``config`` is the dict form of the configuration, e.g.::

        {"timezone": "Europe/Madrid",
         "week": {"mon": [["09:00", "14:00"], ["16:00", "19:00"]], ..., "sun": []},
         "holidays": ["2025-12-08", "annual:01-01", "easter:-2", "nth:1:mon:09",
                      "last:mon:05"],
         "observed": "none",            # or "sunday_to_monday"
         "years": [1970, 2199]}         # optional: the years it answers for

    Fixed holidays may be given as ``datetime.date`` values. Invalid configuration
    raises :class:`ValidationError` with a message that names the field and the
    value. The calendar is immutable and may be shared between threads.
    See :mod:`postventa.calendars` for ready-made configurations.

    Args:
        config: the configuration dict.

    Raises:
        TypeError: ``config`` is not a dict, or holds a value JSON cannot write.
        ValidationError: the configuration is invalid.
    """

    __slots__ = ("_impl", "_timezone")

    def __init__(self, config: dict[str, Any]) -> None:
        if not isinstance(config, dict):
            raise TypeError(f"config: expected a dict, got {_type_name(config)}")
        text = _json.dumps(config, default=_json_default)
        self._impl = _core.Calendar.from_json(text)
        self._timezone = str(config.get("timezone"))

    def __repr__(self) -> str:
        return f"<postventa.Calendar timezone={self._timezone!r}>"

    def is_holiday(self, date: _dt.date) -> bool:
        """Whether ``date`` is a holiday.

        Args:
            date: a ``datetime.date``.

        Returns:
            bool: True if ``date`` matches a holiday rule (or is the Monday a
            Sunday holiday is observed on, with ``"observed": "sunday_to_monday"``).

        Raises:
            ValidationError: ``date`` is outside the calendar's ``years``.
        """
        return self._impl.is_holiday(_days(date, "date"))

    def is_working_day(self, date: _dt.date) -> bool:
        """Whether ``date`` is a working day.

        Args:
            date: a ``datetime.date``.

        Returns:
            bool: True if ``date`` is not a holiday and its weekday has working hours.

        Raises:
            ValidationError: ``date`` is outside the calendar's ``years``.
        """
        return self._impl.is_working_day(_days(date, "date"))

    def add_business_days(self, date: _dt.date, n: SupportsIndex) -> _dt.date:
        """The ``n``-th working day after ``date`` (SPEC §1.3).

        ``n = 0`` gives ``date`` itself if it is a working day, else the next
        working day; for ``n >= 1`` counting starts the day after ``date``,
        working or not.

        Args:
            date: the start, a ``datetime.date``.
            n: how many working days, ``n >= 0``.

        Returns:
            datetime.date: the working day reached.

        Raises:
            ValidationError: ``n`` is negative, or the count leaves the
                calendar's ``years``.
        """
        days = _days(date, "date")
        count = _integer(n, "n")
        if not _INT64_MIN <= count <= _INT64_MAX:
            _fail(ValidationError, f"n: {count} does not fit in 64 bits", _OUT_OF_RANGE)
        return _date(
            self._impl.add_business_days(days, count),
            f"add_business_days({date.isoformat()}, {count})",
        )

    def add_business_time(self, start: _dt.datetime, amount: _dt.timedelta) -> _dt.datetime:
        """The first instant at which ``amount`` of working time has elapsed since
        ``start`` (SPEC §1.3).

        A start outside working time begins at the next working instant; time
        that runs out exactly at the end of an interval gives that end.

        Args:
            start: a timezone-aware ``datetime.datetime`` (naive ones are refused).
            amount: the working time to add, a non-negative ``datetime.timedelta``.

        Returns:
            datetime.datetime: the end, timezone-aware in UTC.

        Raises:
            ValidationError: a naive ``start``, a negative ``amount``, or an end
                beyond the calendar's ``years``.
        """
        start_us = _micros(start, "start")
        amount_us = _duration_micros(amount, "amount")
        end_us = self._impl.add_business_time(start_us, amount_us)
        try:
            return _instant(end_us)
        except OverflowError:
            _fail(
                ValidationError,
                f"add_business_time({start.isoformat()}, {amount}): the result is after "
                "the last datetime Python can hold (9999-12-31)",
                _OUT_OF_RANGE,
            )

    def business_time_between(self, a: _dt.datetime, b: _dt.datetime) -> _dt.timedelta:
        """The working time between two instants (SPEC §1.3).

        Args:
            a: the start, a timezone-aware ``datetime.datetime``.
            b: the end, a timezone-aware ``datetime.datetime``.

        Returns:
            datetime.timedelta: the working time in ``[a, b)``; zero when ``b <= a``.

        Raises:
            ValidationError: a naive datetime, or an instant outside the
                calendar's ``years``.
        """
        return _dt.timedelta(
            microseconds=self._impl.business_time_between(_micros(a, "a"), _micros(b, "b"))
        )


def _json_default(value: object) -> Any:
    # Fixed holidays may be dates; json.dumps calls this for what it cannot write.
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    raise TypeError(
        f"config: a value of type {_type_name(value)} cannot be part of a calendar's "
        f"configuration ({value!r}); use str, int, list, dict or datetime.date"
    )


# The ledger needs Calendar (defined above), hence its import at the end.
from ._corrective import ROOT_CAUSES, kpi_catalog, verify_durations, verify_rate  # noqa: E402
from ._ledger import Decision, Ledger, RecordResult  # noqa: E402
from ._reliability import (  # noqa: E402
    CrowAmsaa,
    LogRank,
    WeibullFit,
    crow_amsaa,
    kaplan_meier,
    laplace_trend,
    logrank,
    mcf,
    weibull_fit,
    weibull_fit_interval,
)
from ._satisfaction import (  # noqa: E402
    CesState,
    CsatState,
    NpsState,
    Score,
    ServqualResult,
    ServqualState,
    ces,
    ces_state,
    csat,
    csat_state,
    nps,
    nps_state,
    servqual,
    servqual_state,
)
