"""The demo company of ``postventa demo`` (SPEC §9.3, issue 7): a synthetic
after-sales business, generated from a seed, that exercises every part of the
library and gives the report something true to say.

    company = generate(units=4000, seed=0)          # a description: cheap
    with pv.Ledger("demo.sqlite") as led:
        counts = build(led, company)                # calendars, SLAs, catalog, events, anomaly

``generate`` returns a frozen :class:`Company`: the catalog, the Madrid
calendar, the SLA policies, the anomaly record and the last day with data.
Its events are made on demand, in chunks of units (:meth:`Company.events`), as
DataFrames in the columnar form :meth:`postventa.Ledger.record_many` reads
fastest, so a million units never sit in memory at once.

The company (two years of sales from ``start``; data up to ``as_of``, the day
before the same date two years later):

- Five product lines with different rules. Household: a washing machine
  (installed by the shop's fitters; a few customers install it themselves,
  which voids the maker's motor warranty), a fridge-freezer the customer sets
  up (maker's 10-year compressor warranty), a robot vacuum (no installation,
  the legal guarantee only) and a condensing boiler (specialist installation,
  yearly service; the maker's 5-year warranty needs the service done). For
  bars and restaurants: a professional espresso machine (specialist
  installation, operator training, service every 6 months or 60 000 shots,
  the maker's 1-year warranty and a 2-year extension some customers buy).
  Household lines carry ``legal-es``; the professional line does not, as the
  consumer guarantee does not cover a business buyer.
- Customers: households (``C…``) and businesses (``B…``), some buying more
  than once; sales through the store, online, sales reps, distributors and
  referrals, with seasonality (Black Friday and Christmas, boilers before
  winter, coffee machines before the terrace season) and a mild growth.
- Deliveries 1-10 days after the sale with their check (mostly ``ok``; late
  deliveries, damaged, incomplete and wrong items open a ``delivery_issue``
  case and are checked again once put right); installations with their check
  one working day later (some ``defective``, fixed and checked again);
  operator training; extension purchases.
- Failures drawn from a Weibull life per product (``Company.lives``: shape and
  scale in days from delivery); each opens a ``repair`` case on the Madrid
  calendar, the unit is picked up (``repair_received``), sometimes waits for
  parts, and comes back ``fixed`` or ``not_fixed`` with parts and labour costs.
  A ``not_fixed`` repair fails again within weeks; a unit whose fault is not
  fixed twice running, or that comes in three times with one fault, is
  replaced (the new unit inherits the cover) or refunded. A repaired unit's
  next failure comes from a shorter Weibull life (imperfect repair).
- Service visits per plan, with a diligence per customer: some visits are
  late or skipped, so maintenance compliance is below 100 %.
- Service cases with SLA policies per priority (``sla-hogar`` for households,
  ``sla-pro`` for businesses) on the ``es-madrid`` calendar: repairs,
  delivery and installation issues, questions, and complaints (a
  ``complaint_opened``/``complaint_resolved`` pair and a ``complaint`` case with
  the same id) after a late first response, a repair not fixed, a bad
  delivery or a replacement. Case instants are in UTC; cases open mostly in
  office hours, some in the evening or at weekends.
- The anomaly: a staff shortage at the service desk from the first day of
  the 19th month (July of the second year for a January start). First
  responses of the cases opened from then on take about four times as long
  (about half miss their SLA) until temporary hires and appointments
  (*cita previa*) are in place five weeks later. The record
  (:attr:`Company.anomaly`) verifies ``first_response_sla`` on explicit windows:
  the five weeks of the shortage against the five weeks after the measures.
- Surveys over the three channels with their response rates (paper about
  12 %, digital 30 %, interviewer 65 %): NPS seven days after delivery and
  twelve months after the sale, CSAT two days after a case is resolved (CES
  after a question). Scores are lower after a bad delivery or installation,
  failures, a late first response, a repair not fixed, and during the
  anomaly.

Determinism: the events depend only on ``units``, ``seed`` and ``start``. Units
are generated in fixed blocks of :data:`BLOCK_UNITS`, each from
``numpy.random.default_rng([seed, block])``, so the events do not depend on the
``chunk_units`` they are read with. Event ids are ``EV<unit number>-<k>`` (the
k-th event of the unit's group, in replay order), case ids ``K<serial>-…``,
complaint ids ``Q<case id>``; replacement units are ``<serial>R``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

import postventa as pv

from ._progress import Progress

__all__ = ["Company", "generate", "build", "BLOCK_UNITS"]

#: Units per generation block (each block has its own random stream).
BLOCK_UNITS = 5_000

_EPOCH = _dt.date(1970, 1, 1)
_DAY = 86_400
_HOUR = 3_600
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CALENDAR = "es-madrid"

# ---- The catalog ------------------------------------------------------------------


def _component(percent: int, months: int) -> dict[str, int]:
    return {"percent": percent, "months": months}


_NONE = _component(0, 0)

_PRODUCTS: tuple[dict[str, Any], ...] = (
    {
        "sku": "LAV-8KG",
        "name": "Lavadora 8 kg A+++",
        "category": "lavado",
        "installation": "specialist",
        "training": False,
        "warranties": [
            "legal-es",
            {
                # The maker's 10 years on the motor: parts only, and only for
                # the motor (every other fault category is excluded).
                "name": "maker-motor-10y",
                "kind": "commercial",
                "starts_at": "delivery",
                "parts": _component(100, 120),
                "labor": _NONE,
                "travel": _NONE,
                "excluded_faults": ["pump", "drum_bearing", "electronics", "door_lock", "leak",
                                    "misuse", "accident"],  # fmt: skip
                "requires_specialist_installation": True,
            },
            {
                # Sold at the till: two more years once the legal three end.
                "name": "ext-lav-2y",
                "kind": "extended",
                "starts_at": "delivery",
                "offset_months": 36,
                "parts": _component(100, 24),
                "labor": _component(100, 24),
                "travel": _component(100, 24),
                "excluded_faults": ["misuse", "accident"],
                "requires_specialist_installation": True,
                "max_repair_attempts": 3,
            },
        ],
        "maintenance": None,
        "sla": "sla-hogar",
        "followups": None,
    },
    {
        "sku": "FRI-70",
        "name": "Frigorífico combi 70 cm No Frost",
        "category": "frío",
        "installation": "customer",
        "training": False,
        "warranties": [
            "legal-es",
            {
                "name": "maker-compressor-10y",
                "kind": "commercial",
                "starts_at": "delivery",
                "parts": _component(100, 120),
                "labor": _NONE,
                "travel": _NONE,
                "excluded_faults": ["thermostat", "electronics", "door_seal", "fan", "misuse",
                                    "accident"],  # fmt: skip
            },
        ],
        "maintenance": None,
        "sla": "sla-hogar",
        "followups": None,
    },
    {
        "sku": "ASP-R5",
        "name": "Robot aspirador R5",
        "category": "pequeño electrodoméstico",
        "installation": "none",
        "training": False,
        "warranties": ["legal-es"],
        "maintenance": None,
        "sla": "sla-hogar",
        "followups": None,
    },
    {
        "sku": "CAL-24",
        "name": "Caldera de condensación 24 kW",
        "category": "calefacción",
        "installation": "specialist",
        "training": False,
        "warranties": [
            "legal-es",
            {
                # The classic boiler offer: five years if serviced every year.
                "name": "maker-cal-5y",
                "kind": "commercial",
                "starts_at": "installation",
                "parts": _component(100, 60),
                "labor": _component(100, 60),
                "travel": _component(100, 24),
                "excluded_faults": ["misuse", "accident", "wear"],
                "requires_specialist_installation": True,
                "requires_maintenance": True,
                "suspend_during_repair": True,
            },
        ],
        "maintenance": {
            "every_months": 12,
            "anchor": "fixed",
            "grace_days": 30,
            "shift": "next_working_day",
            "calendar": _CALENDAR,
        },
        "sla": "sla-hogar",
        "followups": None,
    },
    {
        "sku": "CAF-PRO2",
        "name": "Cafetera espresso profesional 2 grupos",
        "category": "hostelería",
        "installation": "specialist",
        "training": True,
        "warranties": [
            {
                "name": "maker-pro-1y",
                "kind": "commercial",
                "starts_at": "installation",
                "parts": _component(100, 12),
                "labor": _component(100, 12),
                "travel": _component(100, 12),
                "excluded_faults": ["misuse", "accident", "wear", "limescale"],
                "requires_specialist_installation": True,
                "requires_maintenance": True,
            },
            {
                "name": "ext-pro-2y",
                "kind": "extended",
                "starts_at": "installation",
                "offset_months": 12,
                "parts": _component(100, 24),
                "labor": _component(100, 24),
                "travel": _component(50, 24),
                "excluded_faults": ["misuse", "accident", "limescale"],
                "requires_maintenance": True,
                "max_repair_attempts": 3,
                "max_days_out_of_service": 20,
            },
        ],
        "maintenance": {
            "every_months": 6,
            "every_usage": 60_000,
            "anchor": "fixed",
            "grace_days": 15,
            "shift": "none",
            "calendar": None,
        },
        "sla": "sla-pro",
        "followups": None,
    },
)


@dataclasses.dataclass(frozen=True)
class _Line:
    """How a product line behaves (the generator's side of a product)."""

    share: float  # of the units sold
    business: bool
    price: int  # list price, cents
    months: tuple[float, ...]  # sales weight per calendar month
    delivery_days: tuple[int, int]  # after the sale, both included
    promised_days: int  # a delivery later than this is often "late"
    install_days: tuple[int, int]  # after the delivery (or its fixed check)
    customer_installs: float  # share installed by the customer
    install_defect: float  # share of specialist installations checked defective
    extension: float  # share buying the extended policy (0: none)
    shape: float  # Weibull life from delivery
    scale_years: float
    faults: tuple[tuple[str, float, int], ...]  # (category, share, parts cents)
    service_months: int  # 0: no plan
    diligence: tuple[float, float]  # Beta(a, b) of the share of services done
    shots_per_day: tuple[float, float]  # usage rate (coffee machine), 0: none
    repair_priority: int  # index in _PRIORITIES of a repair case
    winter_urgent: bool = False  # repairs are high priority from October to March


_RETAIL = (1.1, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 0.8, 0.95, 1.0, 1.35, 1.25)
_LINES: tuple[_Line, ...] = (
    _Line(0.28, False, 54_900, _RETAIL, (1, 5), 4, (0, 4), 0.10, 0.04, 0.18, 1.6, 6.0,
          (("pump", 0.25, 4_500), ("drum_bearing", 0.15, 9_500), ("electronics", 0.20, 12_000),
           ("door_lock", 0.15, 3_200), ("motor", 0.10, 18_000), ("leak", 0.10, 2_500),
           ("misuse", 0.05, 3_000)), 0, (1, 1), (0, 0), 1),
    _Line(0.22, False, 79_900, _RETAIL, (1, 6), 4, (0, 2), 1.0, 0.0, 0.0, 1.3, 8.0,
          (("compressor", 0.15, 21_000), ("thermostat", 0.25, 3_800), ("electronics", 0.20, 9_000),
           ("door_seal", 0.20, 2_900), ("fan", 0.12, 4_200), ("accident", 0.08, 6_000)),
          0, (1, 1), (0, 0), 0),
    _Line(0.25, False, 34_900, _RETAIL, (1, 3), 3, (0, 0), 0.0, 0.0, 0.0, 1.9, 3.5,
          (("battery", 0.35, 4_900), ("wear", 0.15, 1_900), ("sensors", 0.20, 3_500),
           ("electronics", 0.15, 6_500), ("wheels", 0.10, 2_200), ("misuse", 0.05, 2_000)),
          0, (1, 1), (0, 0), 2),
    _Line(0.13, False, 189_000, (0.9, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.6, 1.1, 1.6, 1.8, 1.4),
          (2, 6), 5, (2, 9), 0.0, 0.08, 0.0, 1.4, 7.0,
          (("pump", 0.20, 11_000), ("electronics", 0.25, 16_000), ("ignition", 0.20, 7_500),
           ("heat_exchanger", 0.10, 32_000), ("leak", 0.15, 4_000), ("wear", 0.10, 2_500)),
          12, (6.0, 1.6), (0, 0), 1, winter_urgent=True),
    _Line(0.12, True, 459_000, (0.8, 0.9, 1.2, 1.3, 1.3, 1.2, 1.0, 0.7, 1.0, 1.0, 0.8, 0.8),
          (3, 10), 7, (1, 6), 0.0, 0.05, 0.40, 2.3, 2.5,
          (("pump", 0.25, 14_000), ("heating_element", 0.15, 19_000), ("wear", 0.20, 4_500),
           ("electronics", 0.15, 22_000), ("limescale", 0.15, 6_000), ("accident", 0.10, 8_000)),
          6, (10.0, 1.3), (60.0, 280.0), 0),
)  # fmt: skip

# SLA targets in seconds of working time: (first response, resolution) per priority.
_PRIORITIES = ("high", "normal", "low")
_TARGETS = {
    "sla-hogar": ((4 * _HOUR, 24 * _HOUR), (8 * _HOUR, 64 * _HOUR), (16 * _HOUR, 96 * _HOUR)),
    "sla-pro": ((1 * _HOUR, 16 * _HOUR), (4 * _HOUR, 32 * _HOUR), (8 * _HOUR, 64 * _HOUR)),
}
_SLA_NAMES = ("sla-hogar", "sla-pro")

_CHANNELS = ("paper", "interviewer", "digital")
_RESPONSE_RATE = np.array([0.12, 0.65, 0.30])
_CHANNEL_MIX = np.array([[0.20, 0.25, 0.55], [0.0, 0.65, 0.35]])  # household, business
_INSTRUMENTS = ("nps", "csat", "ces")

# The anomaly, relative to the start: the shortage from the first day of month
# 18 (July of the second year for a January start), detected two weeks in,
# measures in place five weeks in; the same five weeks after them are compared.
_SHORTAGE_MONTH = 18
_DETECTED_DAYS = 14
_MEASURE_DAYS = 35
_SHORTAGE_SLOWDOWN = 4.0  # first responses
_SHORTAGE_WORK = 1.25  # everything after the first response

# Case timings, seconds of working time: (low, high) of a uniform draw.
_PICKUP = {False: (6 * _HOUR, 30 * _HOUR), True: (2 * _HOUR, 8 * _HOUR)}
_BENCH = {False: (6 * _HOUR, 36 * _HOUR), True: (2 * _HOUR, 10 * _HOUR)}
_PARTS_WAIT = (16 * _HOUR, 72 * _HOUR)
_CLOSE = (4 * _HOUR, 40 * _HOUR)
_LABOR_PER_HOUR = {False: 4_500, True: 6_000}  # cents


# ---- Dates and the working-time clock ------------------------------------------------


def _day_number(day: _dt.date) -> int:
    return (day - _EPOCH).days


def _to_date(number: int) -> _dt.date:
    return _EPOCH + _dt.timedelta(days=int(number))


def _add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """SPEC §1.2's add_months on day numbers: the same day of the month, or the
    last day of a shorter month."""
    dates = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month = dates.astype("datetime64[M]")
    day_of_month = (dates - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    first = target.astype("datetime64[D]")
    length = ((target + 1).astype("datetime64[D]") - first).astype(np.int64)
    return (first + np.minimum(day_of_month, length - 1)).astype(np.int64)


def _weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 (1970-01-01 was a Thursday)."""
    return (np.asarray(days) + 3) % 7


class _Clock:
    """A calendar's working time as a line: ``w(t)`` is the working seconds
    from the first day up to instant ``t`` (UTC seconds), ``t(w)`` the first
    instant at which ``w`` working seconds have elapsed — the calendar's
    ``business_time_between`` and ``add_business_time`` for whole arrays."""

    def __init__(self, config: dict[str, Any], first_day: int, n_days: int) -> None:
        calendar = pv.Calendar(config)
        zone = ZoneInfo(config["timezone"])
        week = config["week"]
        self.first = first_day
        self.n_days = n_days
        self.working = np.zeros(n_days, dtype=bool)
        self.offset = np.zeros(n_days, dtype=np.int64)  # UTC offset at local noon
        starts: list[int] = []
        ends: list[int] = []
        seg_day: list[int] = []
        for k in range(n_days):
            day = _to_date(first_day + k)
            noon = _dt.datetime(day.year, day.month, day.day, 12, tzinfo=zone)
            offset = noon.utcoffset()
            self.offset[k] = int(offset.total_seconds()) if offset is not None else 0
            if not calendar.is_working_day(day):
                continue
            self.working[k] = True
            for begin, end in week[_WEEKDAYS[day.weekday()]]:
                starts.append(_local_instant(day, begin, zone))
                ends.append(_local_instant(day, end, zone))
                seg_day.append(k)
        self.seg_start = np.array(starts, dtype=np.int64)
        self.seg_len = np.array(ends, dtype=np.int64) - self.seg_start
        self.seg_day = np.array(seg_day, dtype=np.int64)
        self.cum = np.concatenate(([0], np.cumsum(self.seg_len)[:-1])).astype(np.int64)
        self.cum_end = self.cum + self.seg_len
        self.total = int(self.cum_end[-1])
        first_seg = np.searchsorted(self.seg_day, np.arange(n_days + 1), side="left")
        at_midnight = np.append(self.cum, self.total)[first_seg]
        self.day_w0 = at_midnight[:-1]
        self.day_work = np.diff(at_midnight)
        # The next (and previous) working day on or after (before) each day.
        index = np.where(self.working, np.arange(n_days), n_days)
        self.next_working = np.minimum.accumulate(index[::-1])[::-1]
        index = np.where(self.working, np.arange(n_days), -1)
        self.prev_working = np.maximum.accumulate(index)

    def w(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        i = np.searchsorted(self.seg_start, t, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.minimum(np.maximum(t - self.seg_start[j], 0), self.seg_len[j])
        return np.where(i < 0, 0, self.cum[j] + inside)

    def t(self, w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=np.int64)
        i = np.searchsorted(self.cum_end, w, side="left")
        j = np.minimum(i, len(self.cum_end) - 1)
        t = self.seg_start[j] + (w - self.cum[j])
        # Beyond the clock's last day: far in the future (cut away later).
        return np.where(i >= len(self.cum_end), (self.first + self.n_days + 365) * _DAY, t)

    def after(self, t: np.ndarray, work: np.ndarray) -> np.ndarray:
        """The instant ``work`` working seconds after ``t``."""
        return self.t(self.w(t) + np.asarray(work, dtype=np.int64))

    def local_day(self, t: np.ndarray) -> np.ndarray:
        """The local date (day number) of instants."""
        t = np.asarray(t, dtype=np.int64)
        k = np.clip(t // _DAY - self.first, 0, self.n_days - 1)
        return (t + self.offset[k]) // _DAY

    def next_working_day(self, days: np.ndarray) -> np.ndarray:
        k = np.clip(np.asarray(days) - self.first, 0, self.n_days - 1)
        return np.minimum(self.next_working[k], self.n_days - 1) + self.first

    def prev_working_day(self, days: np.ndarray) -> np.ndarray:
        k = np.clip(np.asarray(days) - self.first, 0, self.n_days - 1)
        return np.maximum(self.prev_working[k], 0) + self.first

    def is_working(self, days: np.ndarray) -> np.ndarray:
        k = np.clip(np.asarray(days) - self.first, 0, self.n_days - 1)
        return self.working[k]

    def openings(self, days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """When customers open cases on ``days``: 80 % in office hours on a
        working day, the rest in the evening or at the weekend (07:00-22:00
        local), when the SLA clock waits for the next working instant."""
        days = np.asarray(days, dtype=np.int64)
        k = np.clip(days - self.first, 0, self.n_days - 1)
        n = len(days)
        office = self.working[k] & (rng.random(n) < 0.8)
        # Strictly inside the day's working time (its first instant is, on
        # the line, also the end of the previous working day).
        w = self.day_w0[k] + 1 + (rng.random(n) * np.maximum(self.day_work[k] - 2, 0)).astype(
            np.int64
        )
        local = rng.integers(7 * _HOUR, 22 * _HOUR, n)
        return np.where(office, self.t(w), days * _DAY + local - self.offset[k])


def _local_instant(day: _dt.date, hhmm: str, zone: ZoneInfo) -> int:
    hours, minutes = (int(x) for x in hhmm.split(":"))
    if hours == 24:
        day, hours = day + _dt.timedelta(days=1), 0
    local = _dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)
    return int(local.timestamp())


# ---- The company ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, eq=False)
class Company:
    """A synthetic after-sales company (see the module doc), from
    :func:`generate`. Treat the dicts as read-only.

    ``products``: product configurations for :meth:`postventa.Ledger.add_product`.
    ``calendars``: ``{name: config}`` for :meth:`~postventa.Ledger.add_calendar`.
    ``slas``: SLA policies for :meth:`~postventa.Ledger.add_sla`.
    ``anomaly``: the anomaly record for :meth:`~postventa.Ledger.put_anomaly`.
    ``lives``: the true Weibull life of each product, ``{sku: {"shape",
    "scale_days"}}``, to hold the fitted one against.
    ``start``: the first day of sales; sales run for 24 months.
    ``as_of``: the last day with data (no event is dated later).
    """

    units: int
    seed: int
    start: _dt.date
    as_of: _dt.date
    products: tuple[dict[str, Any], ...]
    calendars: dict[str, dict[str, Any]]
    slas: tuple[dict[str, Any], ...]
    anomaly: dict[str, Any]
    lives: dict[str, dict[str, float]]
    _plan: _Plan = dataclasses.field(repr=False)

    def events(self, chunk_units: int = 20_000) -> Iterator[pd.DataFrame]:
        """The events, as DataFrames of whole units (every event of a unit,
        its replacement, its cases, complaints and surveys in one frame), each
        in replay order and ready for :meth:`postventa.Ledger.record_many`.
        The events are the same whatever ``chunk_units``."""
        if not isinstance(chunk_units, int) or isinstance(chunk_units, bool) or chunk_units < 1:
            raise ValueError(f"chunk_units: expected a whole number >= 1, got {chunk_units!r}")
        pending: list[pd.DataFrame] = []
        held = 0  # units in pending
        for block in range((self.units + BLOCK_UNITS - 1) // BLOCK_UNITS):
            frame, unit_of_row = self._plan.block(block)
            lo = block * BLOCK_UNITS
            hi = min(lo + BLOCK_UNITS, self.units)
            cut = lo
            while cut < hi:
                take = min(chunk_units - held, hi - cut)
                a, b = np.searchsorted(unit_of_row, [cut, cut + take])
                pending.append(frame.iloc[a:b])
                held += take
                cut += take
                if held == chunk_units:
                    yield _concat(pending)
                    pending, held = [], 0
        if held:
            yield _concat(pending)

    def frame(self) -> pd.DataFrame:
        """Every event in one DataFrame (for small companies and tests)."""
        return _concat(list(self.events(chunk_units=BLOCK_UNITS)))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    return pd.concat(frames, ignore_index=True)


def generate(units: int = 4000, seed: int = 0, start: _dt.date = _dt.date(2024, 1, 1)) -> Company:
    """A synthetic after-sales company with ``units`` units sold over the 24
    months from ``start``, deterministic for ``seed`` (see the module doc).
    Cheap: the events are made when :meth:`Company.events` is read."""
    if not isinstance(units, int) or isinstance(units, bool) or units < 1:
        raise ValueError(f"units: expected a whole number >= 1, got {units!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed: expected a whole number >= 0, got {seed!r}")
    if not isinstance(start, _dt.date) or isinstance(start, _dt.datetime):
        raise TypeError(f"start: expected a datetime.date, got {type(start).__qualname__}")
    plan = _Plan(units, seed, start)
    return Company(
        units=units,
        seed=seed,
        start=start,
        as_of=_to_date(plan.as_of),
        products=tuple(_copy(p) for p in _PRODUCTS),
        calendars={_CALENDAR: pv.calendars.load(_CALENDAR)},
        slas=tuple(_sla(name) for name in _SLA_NAMES),
        anomaly=plan.anomaly_record(),
        lives={
            p["sku"]: {"shape": line.shape, "scale_days": line.scale_years * 365.25}
            for p, line in zip(_PRODUCTS, _LINES)
        },
        _plan=plan,
    )


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _sla(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "calendar": _CALENDAR,
        "targets": {
            priority: {"first_response": first, "resolution": resolution}
            for priority, (first, resolution) in zip(_PRIORITIES, _TARGETS[name])
        },
        "pause_statuses": ["waiting_customer", "waiting_parts"],
        "at_risk_ratio": 0.8,
    }


def build(ledger: pv.Ledger, company: Company, progress: bool = True) -> dict[str, Any]:
    """Stores ``company`` in ``ledger``: its calendars, SLA policies and
    products, every event (in chunks, each one transaction, with a progress
    bar unless ``progress`` is false) and its anomaly record. Returns the
    counts: ``{"units", "events", "duplicates", "by_type": {type: n}}``
    (``units`` the units sold; ``events`` those newly stored)."""
    for name, config in company.calendars.items():
        ledger.add_calendar(name, config)
    for sla in company.slas:
        ledger.add_sla(sla)
    for product in company.products:
        ledger.add_product(product)
    stored = duplicates = 0
    by_type: dict[str, int] = {}
    chunk = 20_000
    bar = Progress(company.units, "demo company", unit="unit") if progress else None
    with bar if bar is not None else contextlib.nullcontext():
        done = 0
        for frame in company.events(chunk_units=chunk):
            result = ledger.record_many(frame)
            stored += result.stored
            duplicates += result.duplicates
            for kind, n in frame["type"].value_counts().items():
                by_type[str(kind)] = by_type.get(str(kind), 0) + int(n)
            step = min(chunk, company.units - done)
            done += step
            if bar is not None:
                bar.update(step)
    ledger.put_anomaly(company.anomaly)
    return {
        "units": company.units,
        "events": stored,
        "duplicates": duplicates,
        "by_type": dict(sorted(by_type.items())),
    }


# ---- The generator --------------------------------------------------------------------


class _Plan:
    """What every block shares: dates, densities, the clock, the anomaly."""

    def __init__(self, units: int, seed: int, start: _dt.date) -> None:
        self.units = units
        self.seed = seed
        self.start = _day_number(start)
        self.end_of_sales = int(_add_months(np.array([self.start]), 24)[0])
        self.as_of = self.end_of_sales - 1
        self.cutoff = (self.as_of + 1) * _DAY  # instants before this
        self.sales_days = self.end_of_sales - self.start
        self.clock = _Clock(pv.calendars.load(_CALENDAR), self.start - 10, self.sales_days + 420)
        self.shortage = int(_add_months(np.array([self.start]), _SHORTAGE_MONTH)[0])
        self.detected = self.shortage + _DETECTED_DAYS
        self.measure = self.shortage + _MEASURE_DAYS
        # Sales density per line over the sales days: month weights, weekday
        # weights (little on Sundays), 15 % a year of growth.
        days = np.arange(self.start, self.end_of_sales)
        month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
        weekday = _weekday(days)
        week_weight = np.array([1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 0.15])[weekday]
        growth = 1.15 ** ((days - self.start) / 365.25)
        self.density = []
        for line in _LINES:
            weight = np.array(line.months)[month] * week_weight * growth
            self.density.append(weight / weight.sum())
        shares = np.array([line.share for line in _LINES])
        self.shares = shares / shares.sum()
        business = np.array([line.business for line in _LINES])
        self.business = business
        business_share = float(self.shares[business].sum())
        # Customer pools: about one household in seven buys twice or more in
        # the two years; about half the businesses do.
        self.households = max(20, int(3.5 * units * (1 - business_share)))
        self.businesses = max(5, int(1.0 * units * business_share))
        self.skus = np.array([p["sku"] for p in _PRODUCTS], dtype=object)
        self.sla_of = np.array([_SLA_NAMES.index(p["sla"]) for p in _PRODUCTS])
        self.targets = np.array([_TARGETS[name] for name in _SLA_NAMES], dtype=np.int64)

    def anomaly_record(self) -> dict[str, Any]:
        s, m = self.shortage, self.measure
        year_month = _to_date(s).strftime("%Y-%m")
        return {
            "id": f"AN-{year_month}",
            "detected": _to_date(self.detected).isoformat(),
            "description": "first responses of service cases late during a staff shortage "
            "at the service desk",
            "implications": [
                "about half of the first responses miss their SLA target",
                "complaints about waiting times rise",
                "satisfaction after service cases drops",
            ],
            "cause": "staff_shortage",
            "cause_detail": "leave left two of five service-desk agents, and a vacancy "
            "was not filled",
            "measures": [
                {"description": "temporary hires at the service desk until the end of "
                 "September", "date": _to_date(m).isoformat()},
                {"description": "appointments (cita previa) for non-urgent questions",
                 "date": _to_date(m).isoformat()},
            ],  # fmt: skip
            "verification": {
                "kpi": "first_response_sla",
                "product": None,
                "before": {"start": _to_date(s).isoformat(), "end": _to_date(m - 1).isoformat()},
                "after": {"start": _to_date(m).isoformat(),
                          "end": _to_date(m + (m - s) - 1).isoformat()},  # fmt: skip
                "alpha": 0.05,
            },
        }

    def block(self, b: int) -> tuple[pd.DataFrame, np.ndarray]:
        """The events of block ``b`` in replay order, and the unit number of
        each row (non-decreasing)."""
        return _Block(self, b).run()


class _Rows:
    """Events collected as column arrays, one group per call of :meth:`add`."""

    _TEXT = ("unit", "customer", "product", "channel", "outcome", "by", "fault", "case",
             "new_unit", "policy", "reason", "kind", "priority", "sla", "status",
             "instrument")  # fmt: skip
    _WHOLE = ("price", "parts_cost", "labor_cost", "amount", "attendees")
    _NUMBER = ("usage", "score")

    def __init__(self) -> None:
        self.groups: list[tuple[str, int, dict[str, Any]]] = []

    def add(self, event_type: str, keep: np.ndarray, /, **columns: Any) -> None:
        """Events of type ``event_type`` for the rows where ``keep``; ``columns``
        hold arrays (or scalars) for every row, including ``owner`` (the
        local unit the event goes with), ``date`` (day numbers) or ``at``
        (UTC seconds) and ``seq`` (order among same-date events)."""
        keep = np.asarray(keep, dtype=bool)
        n = int(keep.sum())
        if n == 0:
            return
        picked = {}
        for name, value in columns.items():
            if isinstance(value, np.ndarray) and value.ndim == 1 and len(value) == len(keep):
                picked[name] = value[keep]
            else:
                picked[name] = np.full(n, value, dtype=object if isinstance(value, str) else None)
        self.groups.append((event_type, n, picked))

    def frame(
        self, first_unit: int, serial: np.ndarray, end_of_life: np.ndarray
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """The events in replay order, and each row's unit number. A unit
        event of an original serial dated on or after its replacement or
        refund is dropped (only ``retired`` may follow those)."""
        total = sum(n for _, n, _ in self.groups)
        owner = np.empty(total, dtype=np.int64)
        day = np.empty(total, dtype=np.int64)
        at = np.full(total, np.iinfo(np.int64).min, dtype=np.int64)
        has_at = np.zeros(total, dtype=bool)
        seq = np.zeros(total, dtype=np.int64)
        rank = np.full(total, 5, dtype=np.int64)
        types = np.empty(total, dtype=object)
        text = {name: np.full(total, None, dtype=object) for name in self._TEXT}
        whole = {name: np.zeros(total, dtype=np.int64) for name in self._WHOLE}
        whole_set = {name: np.zeros(total, dtype=bool) for name in self._WHOLE}
        number = {name: np.full(total, np.nan) for name in self._NUMBER}
        pos = 0
        for kind, n, cols in self.groups:
            span = slice(pos, pos + n)
            types[span] = kind
            rank[span] = _RANK.get(kind, 5)
            owner[span] = cols["owner"]
            if "at" in cols:
                at[span] = cols["at"]
                has_at[span] = True
                day[span] = cols["at"] // _DAY
            else:
                day[span] = cols["date"]
            if "seq" in cols:
                seq[span] = cols["seq"]
            for name, value in cols.items():
                if name in text:
                    text[name][span] = value
                elif name in whole:
                    whole[name][span] = value
                    whole_set[name][span] = True
                elif name in number:
                    number[name][span] = value
            pos += n
        late = (
            np.isin(types, _LIFECYCLE)
            & (text["unit"] == serial[owner])
            & (day >= end_of_life[owner])
        )
        order = np.lexsort((seq, at, rank, day, owner))
        order = order[~late[order]]
        total = len(order)
        owner = owner[order]
        # The k-th event of each unit's group: ids stable for a seed.
        starts = np.searchsorted(owner, owner, side="left")
        k = np.arange(total) - starts
        units = first_unit + owner
        ids = np.char.add(
            np.char.add(np.char.add("EV", np.char.zfill(units.astype(str), 7)), "-"),
            k.astype(str),
        ).astype(object)
        columns: dict[str, Any] = {"id": ids, "type": types[order], "unit": text["unit"][order]}
        dates = np.where(has_at[order], np.iinfo(np.int64).min, day[order])
        columns["date"] = dates.astype("datetime64[D]")
        at_sorted = np.where(has_at[order], at[order], np.iinfo(np.int64).min)
        columns["at"] = pd.Series(at_sorted.astype("datetime64[s]")).dt.tz_localize("UTC")
        for name in self._TEXT[1:]:
            columns[name] = text[name][order]
        for name in self._WHOLE:
            columns[name] = pd.arrays.IntegerArray(whole[name][order], ~whole_set[name][order])
        for name in self._NUMBER:
            columns[name] = number[name][order]
        frame = pd.DataFrame(columns)
        return frame, units


# Unit events that may not follow a replacement or a refund of their unit.
_LIFECYCLE = ["delivered", "delivery_checked", "installed", "installation_checked", "trained",
              "maintenance_done", "usage_reading", "repair_received", "repair_returned",
              "extension_purchased"]  # fmt: skip

_RANK = {
    "sold": 0,
    "complaint_opened": 0,
    "case_opened": 0,
    "delivered": 1,
    "delivery_checked": 2,
    "installed": 3,
    "installation_checked": 4,
    "retired": 9,
}


def _uniform(rng: np.random.Generator, bounds: tuple[int, int], n: int) -> np.ndarray:
    return rng.integers(bounds[0], bounds[1] + 1, n)


def _serials(numbers: np.ndarray) -> np.ndarray:
    return np.char.add("SN", np.char.zfill(numbers.astype(str), 7)).astype(object)


class _Block:
    """One block of units and everything that happens to them."""

    def __init__(self, plan: _Plan, b: int) -> None:
        self.plan = plan
        self.clock = plan.clock
        self.first = b * BLOCK_UNITS
        self.n = min(BLOCK_UNITS, plan.units - self.first)
        self.rng = np.random.default_rng([plan.seed, b])
        self.rows = _Rows()
        # Survey triggers: (owner, serial, case, day, instrument, penalty).
        self.surveys: list[tuple[np.ndarray, ...]] = []
        # Complaint triggers: (owner, serial, id, day).
        self.complaints: list[tuple[np.ndarray, ...]] = []

    # -- helpers --

    def _case(
        self,
        owner: np.ndarray,
        serial: np.ndarray,
        case: np.ndarray,
        kind: str,
        opened_day: np.ndarray,
        priority: np.ndarray,
        steps: list[tuple[str | np.ndarray, np.ndarray, np.ndarray | None]],
    ) -> dict[str, Any]:
        """A service case per row: opened on ``opened_day``, first response
        after a draw around 30 % of its target (four times longer during the
        shortage), then ``steps`` — (status, working seconds after the
        previous step, mask or None) — in order. Emits the case events up to
        the cutoff; returns the instants of each step and whether the first
        response breached its target."""
        rng, clock, plan = self.rng, self.clock, self.plan
        n = len(owner)
        sla = plan.sla_of[self.product[owner]]
        customer = self.customer[owner]
        opened = clock.openings(opened_day, rng)
        shortage = (opened_day >= plan.shortage) & (opened_day < plan.measure)
        first_target = plan.targets[sla, priority, 0]
        first = first_target * 0.3 * np.exp(0.8 * rng.standard_normal(n))
        first = np.where(shortage, first * _SHORTAGE_SLOWDOWN, first)
        first = np.maximum(first, 120).astype(np.int64)
        w_open = clock.w(opened)
        responded = clock.t(w_open + first)
        breached = clock.w(responded) - w_open > first_target
        cutoff = plan.cutoff
        live = opened < cutoff
        self.rows.add("case_opened", live, owner=owner, at=opened, case=case, kind=kind,
                      priority=np.array(_PRIORITIES, dtype=object)[priority],
                      customer=customer, sla=np.array(_SLA_NAMES, dtype=object)[sla],
                      unit=serial)  # fmt: skip
        times: dict[str, np.ndarray] = {}
        previous = responded
        factor = np.where(shortage, _SHORTAGE_WORK, 1.0)
        for index, (status, work, mask) in enumerate(steps):
            if index == 0:
                now = responded
            else:
                step = np.maximum((work * factor).astype(np.int64), 60)
                now = clock.after(previous, step)
                if mask is not None:
                    now = np.where(mask, now, previous)
            keep = live & (now < cutoff)
            if mask is not None:
                keep &= mask
            self.rows.add("case_status", keep, owner=owner, at=now, case=case, status=status,
                          seq=index + 1)  # fmt: skip
            name = status if isinstance(status, str) else f"step{index}"
            if name in times:
                name = f"{name}{index}"
            times[name] = now
            previous = now
        return {"opened": opened, "times": times, "breached": breached, "shortage": shortage,
                "live": live}  # fmt: skip

    def _serial_on(self, owner: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The serial in service for each unit on ``day`` and whether there is
        one (a refunded unit has none from its refund)."""
        ended = day >= self.eol_day[owner]
        replaced = ended & (self.eol_kind[owner] == 1)
        serial = np.where(replaced, self.new_serial[owner], self.serial[owner])
        return serial, ~ended | replaced

    # -- the story of the block --

    def run(self) -> tuple[pd.DataFrame, np.ndarray]:
        self._sales()
        self._deliveries()
        self._installations()
        self._failures()
        self._extensions()
        self._maintenance()
        self._questions()
        self._complaints()
        self._surveys()
        return self.rows.frame(self.first, self.serial, self.eol_day)

    def _sales(self) -> None:
        rng, plan, n = self.rng, self.plan, self.n
        self.serial = _serials(self.first + np.arange(n))
        self.new_serial = np.char.add(self.serial.astype(str), "R").astype(object)
        self.product = rng.choice(len(_LINES), n, p=plan.shares)
        self.sale = np.empty(n, dtype=np.int64)
        for j in range(len(_LINES)):
            mine = self.product == j
            self.sale[mine] = plan.start + rng.choice(plan.sales_days, int(mine.sum()),
                                                      p=plan.density[j])  # fmt: skip
        business = plan.business[self.product]
        self.business = business
        # Skewed pools: low numbers buy more often (repeat customers).
        household = (plan.households * rng.random(n) ** 1.1).astype(np.int64)
        company = (plan.businesses * rng.random(n) ** 1.3).astype(np.int64)
        self.customer = np.where(
            business,
            np.char.add("B", np.char.zfill(company.astype(str), 6)),
            np.char.add("C", np.char.zfill(household.astype(str), 7)),
        ).astype(object)
        # Each customer's survey channel (the one they answer by, if at all),
        # a function of the customer so that it is the same in every block.
        number = np.where(business, company + 0.5, household)
        spread = (number * 0.6180339887498949 + plan.seed * 0.7548776662466927) % 1.0
        mix = np.cumsum(_CHANNEL_MIX[business.astype(int)], axis=1)
        self.channel = (spread[:, None] < mix).argmax(axis=1)
        r = rng.random(n)
        channel = np.where(
            business,
            np.where(r < 0.55, "sales_rep", np.where(r < 0.85, "distributor", "referral")),
            np.where(r < 0.55, "store", np.where(r < 0.88, "online", "referral")),
        ).astype(object)
        list_price = np.array([line.price for line in _LINES])[self.product]
        month = (self.sale.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)) % 12
        promotion = np.where((month == 10) & (rng.random(n) < 0.6), 0.85, 1.0)
        price = list_price * promotion * (1 + 0.04 * rng.standard_normal(n))
        self.price = (np.round(price / 100) * 100).astype(np.int64)
        self.z = rng.standard_normal(n)  # the customer's disposition in surveys
        self.rows.add("sold", np.ones(n, bool), owner=np.arange(n), date=self.sale,
                      unit=self.serial, customer=self.customer, product=plan.skus[self.product],
                      price=self.price, channel=channel)  # fmt: skip
        self.eol_day = np.full(n, np.iinfo(np.int64).max)
        self.eol_kind = np.zeros(n, dtype=np.int64)  # 1 replaced, 2 refunded

    def _deliveries(self) -> None:
        rng, plan, n, clock = self.rng, self.plan, self.n, self.clock
        lo = np.array([line.delivery_days[0] for line in _LINES])[self.product]
        hi = np.array([line.delivery_days[1] for line in _LINES])[self.product]
        delay = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
        delivered = self.sale + delay
        delivered += _weekday(delivered) == 6  # no deliveries on Sundays
        self.delivered = delivered
        self.in_field = delivered <= plan.as_of
        promised = np.array([line.promised_days for line in _LINES])[self.product]
        late_delivery = (delivered - self.sale) > promised
        r = rng.random(n)
        p_late = np.where(late_delivery, 0.25, 0.01)
        outcome = np.full(n, "ok", dtype=object)
        outcome[r < p_late + 0.038] = "wrong_item"
        outcome[r < p_late + 0.032] = "incomplete"
        outcome[r < p_late + 0.020] = "damaged"
        outcome[r < p_late] = "late"
        owner = np.arange(n)
        self.rows.add("delivered", self.in_field, owner=owner, date=delivered, unit=self.serial)
        self.rows.add("delivery_checked", self.in_field, owner=owner, date=delivered,
                      unit=self.serial, outcome=outcome)  # fmt: skip
        self.delivery_penalty = np.where(outcome == "late", -0.6, 0.0)
        self.ready = delivered.copy()  # when installation can happen
        issue = self.in_field & np.isin(outcome, ["damaged", "incomplete", "wrong_item"])
        self.delivery_penalty[issue] = -1.3
        i = np.flatnonzero(issue)
        if len(i):
            case = np.char.add(np.char.add("K", self.serial[i].astype(str)), "-D").astype(object)
            fix = _uniform(rng, (8 * _HOUR, 48 * _HOUR), len(i))
            result = self._case(i, self.serial[i], case, "delivery_issue", delivered[i],
                                np.full(len(i), 1), [("responded", fix, None),
                                                     ("in_progress", fix // 4, None),
                                                     ("resolved", fix, None),
                                                     ("closed", _uniform(rng, _CLOSE, len(i)),
                                                      None)])  # fmt: skip
            fixed = clock.local_day(result["times"]["resolved"])
            self.ready[i] = np.where(fixed <= plan.as_of, fixed, np.iinfo(np.int64).max // 4)
            self.rows.add("delivery_checked", fixed <= plan.as_of, owner=i, date=fixed,
                          unit=self.serial[i], outcome="ok", seq=1)  # fmt: skip
            self._case_survey(i, result, case, "csat", "resolved", -0.6)
            complain = rng.random(len(i)) < 0.15
            self._complaint(i[complain], case[complain], delivered[i][complain])

    def _installations(self) -> None:
        rng, plan, n, clock = self.rng, self.plan, self.n, self.clock
        mode = np.array([p["installation"] for p in _PRODUCTS], dtype=object)[self.product]
        needs = mode != "none"
        lo = np.array([line.install_days[0] for line in _LINES])[self.product]
        hi = np.array([line.install_days[1] for line in _LINES])[self.product]
        installed = self.ready + lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
        by_customer = rng.random(n) < np.array([line.customer_installs for line in _LINES])[
            self.product
        ]
        installed = np.where(by_customer, installed, clock.next_working_day(installed))
        done = needs & self.in_field & (installed <= plan.as_of)
        self.installed = np.where(done, installed, -1)
        owner = np.arange(n)
        by = np.where(by_customer, "customer", "specialist").astype(object)
        self.rows.add("installed", done, owner=owner, date=installed, unit=self.serial, by=by)
        # The check: a visit one working day after a specialist installation,
        # a call one to three days after the customer's own.
        checked = np.where(
            by_customer,
            installed + rng.integers(1, 4, n),
            clock.next_working_day(installed + 1),
        )
        p_defect = np.where(
            by_customer, 0.10, np.array([line.install_defect for line in _LINES])[self.product]
        )
        defective = rng.random(n) < p_defect
        check = done & (checked <= plan.as_of)
        self.rows.add("installation_checked", check, owner=owner, date=checked, unit=self.serial,
                      outcome=np.where(defective, "defective", "ok").astype(object))  # fmt: skip
        self.install_penalty = np.where(check & defective, -0.9, 0.0)
        i = np.flatnonzero(check & defective)
        if len(i):
            case = np.char.add(np.char.add("K", self.serial[i].astype(str)), "-I").astype(object)
            fix = _uniform(rng, (8 * _HOUR, 40 * _HOUR), len(i))
            priority = np.where(self.business[i], 0, 1)
            result = self._case(i, self.serial[i], case, "installation", checked[i], priority,
                                [("responded", fix, None), ("in_progress", fix // 4, None),
                                 ("resolved", fix, None),
                                 ("closed", _uniform(rng, _CLOSE, len(i)), None)])  # fmt: skip
            fixed = clock.local_day(result["times"]["resolved"])
            self.rows.add("installation_checked", fixed <= plan.as_of, owner=i, date=fixed,
                          unit=self.serial[i], outcome="ok", seq=1)  # fmt: skip
            self._case_survey(i, result, case, "csat", "resolved", -0.5)
        # Operator training for the lines that need it, within a week.
        trains = np.array([p["training"] for p in _PRODUCTS])[self.product] & (self.installed >= 0)
        trained = self.installed + rng.integers(0, 8, n)
        keep = trains & (rng.random(n) < 0.95) & (trained <= plan.as_of)
        self.rows.add("trained", keep, owner=owner, date=trained, unit=self.serial,
                      attendees=rng.integers(1, 5, n))  # fmt: skip

    def _failures(self) -> None:
        """Failures and repairs, one round per repair of every unit at once."""
        rng, plan, clock = self.rng, self.plan, self.clock
        lines = _LINES
        shape = np.array([line.shape for line in lines])
        scale = np.array([line.scale_years * 365.25 for line in lines])
        fault_names = sorted({f for line in lines for f, _, _ in line.faults})
        fault_code = {f: i for i, f in enumerate(fault_names)}
        fault_cdf = np.zeros((len(lines), len(fault_names)))
        parts_cost = np.zeros((len(lines), len(fault_names)))
        for j, line in enumerate(lines):
            for f, share, cents in line.faults:
                fault_cdf[j, fault_code[f]] = share
                parts_cost[j, fault_code[f]] = cents
        fault_cdf = np.cumsum(fault_cdf, axis=1)
        fault_cdf /= fault_cdf[:, -1:]
        fault_names_arr = np.array(fault_names, dtype=object)
        repair_priority = np.array([line.repair_priority for line in lines])
        winter_urgent = np.array([line.winter_urgent for line in lines])

        units = np.flatnonzero(self.in_field)
        m = len(units)
        product = self.product[units]

        def life(k: np.ndarray, factor: float = 1.0) -> np.ndarray:
            draw = rng.weibull(shape[k]) * scale[k] * factor
            return np.maximum(np.ceil(draw), 1).astype(np.int64)

        fail = self.delivered[units] + life(product)
        serial = self.serial[units].copy()
        replaced = np.zeros(m, dtype=bool)
        pending = np.full(m, -1)  # the fault a not-fixed repair leaves
        last_fault = np.full(m, -1)
        same_fault = np.zeros(m, dtype=np.int64)
        not_fixed_run = np.zeros(m, dtype=np.int64)
        active = fail <= plan.as_of
        self.repairs: list[tuple[np.ndarray, np.ndarray]] = []  # (owner, received day)
        round_ = 0
        while active.any():
            i = np.flatnonzero(active)
            owner = units[i]
            p = product[i]
            k = len(i)
            drawn = (rng.random(k)[:, None] < fault_cdf[p]).argmax(axis=1)
            fault = np.where(pending[i] >= 0, pending[i], drawn)
            F = fail[i]
            business = self.business[owner]
            month = F.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
            winter = winter_urgent[p] & ((month >= 9) | (month <= 2))
            priority = np.where(winter, 0, repair_priority[p])
            case = np.char.add(np.char.add("K", self.serial[owner].astype(str)),
                               f"-R{round_}").astype(object)  # fmt: skip
            parts = rng.random(k) < 0.18
            pickup = np.where(business, _uniform(rng, _PICKUP[True], k),
                              _uniform(rng, _PICKUP[False], k))  # fmt: skip
            bench = np.where(business, _uniform(rng, _BENCH[True], k),
                             _uniform(rng, _BENCH[False], k))  # fmt: skip
            wait = _uniform(rng, _PARTS_WAIT, k)
            result = self._case(owner, serial[i], case, "repair", F, priority, [
                ("responded", pickup, None),
                ("in_progress", pickup, None),
                ("waiting_parts", np.full(k, 1_800), parts),
                ("in_progress", wait, parts),
                ("resolved", bench, None),
                ("closed", _uniform(rng, _CLOSE, k), None),
            ])  # fmt: skip
            times = result["times"]
            received = clock.local_day(times["in_progress"])
            returned = clock.local_day(times["resolved"])
            repeat = fault == last_fault[i]
            p_not_fixed = np.where(pending[i] >= 0, 0.25, 0.08)
            not_fixed = rng.random(k) < p_not_fixed
            parts_cents = parts_cost[p, fault] * np.exp(0.3 * rng.standard_normal(k))
            parts_cents = np.where(not_fixed & (rng.random(k) < 0.5), 0.0, parts_cents)
            labor = np.array([_LABOR_PER_HOUR[False], _LABOR_PER_HOUR[True]])[business.astype(int)]
            hours = np.where(business, rng.uniform(1.0, 4.0, k), rng.uniform(0.5, 2.5, k))
            labor_cents = labor * hours
            got = received <= plan.as_of
            back = returned <= plan.as_of
            self.rows.add("repair_received", got, owner=owner, date=received, unit=serial[i],
                          fault=fault_names_arr[fault], case=case, seq=10 * round_ + 1)
            self.rows.add("repair_returned", back, owner=owner, date=returned, unit=serial[i],
                          outcome=np.where(not_fixed, "not_fixed", "fixed").astype(object),
                          parts_cost=np.round(parts_cents).astype(np.int64),
                          labor_cost=np.round(labor_cents).astype(np.int64),
                          seq=10 * round_ + 2)  # fmt: skip
            self.repairs.append((owner[got], received[got]))
            penalty = np.where(not_fixed, -1.3, 0.0) - 0.3 * repeat
            self._case_survey(owner, result, case, "csat", "resolved", penalty,
                              serial=serial[i])  # fmt: skip
            complain = (result["breached"] & (rng.random(k) < 0.3)) | (
                not_fixed & (rng.random(k) < 0.35)
            )
            complain &= back
            self._complaint(owner[complain], case[complain], returned[complain],
                            serial=serial[i][complain])  # fmt: skip

            # What comes next for each unit.
            same_fault[i] = np.where(repeat, same_fault[i] + 1, 1)
            not_fixed_run[i] = np.where(not_fixed, not_fixed_run[i] + 1, 0)
            last_fault[i] = fault
            end = ~replaced[i] & ((not_fixed_run[i] >= 2) | (same_fault[i] >= 3)) & back
            eol = returned + rng.integers(2, 11, k)
            eol = clock.next_working_day(eol)
            now_ends = end & (eol <= plan.as_of)
            refund = now_ends & ~business & (rng.random(k) < 0.3)
            replace = now_ends & ~refund
            j = np.flatnonzero(replace)
            self.rows.add("replaced", replace, owner=owner, date=eol, unit=serial[i],
                          new_unit=self.new_serial[owner], seq=10 * round_ + 3)  # fmt: skip
            self.rows.add("refunded", refund, owner=owner, date=eol, unit=serial[i],
                          amount=self.price[owner], seq=10 * round_ + 3)  # fmt: skip
            self.rows.add("retired", now_ends, owner=owner, date=eol, unit=serial[i],
                          reason="recycled")  # fmt: skip
            self.eol_day[owner[now_ends]] = eol[now_ends]
            self.eol_kind[owner[replace]] = 1
            self.eol_kind[owner[refund]] = 2
            complain = now_ends & (rng.random(k) < 0.3)
            self._complaint(owner[complain], np.char.add(case[complain].astype(str), "E").astype(
                object), eol[complain], serial=serial[i][complain])  # fmt: skip

            # The next failure: soon after a repair that did not fix it, else
            # from a shorter life (a repaired unit is not as good as new); a
            # replacement unit starts a fresh life.
            again = np.where(not_fixed, returned + rng.integers(3, 21, k),
                             returned + life(p, 0.6))  # fmt: skip
            fresh = eol + life(p)
            next_fail = np.where(replace, fresh, again)
            fail[i] = next_fail
            pending[i] = np.where(not_fixed & ~replace, fault, -1)
            serial[i[j]] = self.new_serial[owner[j]]
            replaced[i[j]] = True
            same_fault[i[j]] = 0
            not_fixed_run[i[j]] = 0
            last_fault[i[j]] = -1
            gone = ~back | (end & ~replace)  # still in repair, refunded or awaiting a remedy
            active[i] = ~gone & (next_fail <= plan.as_of)
            round_ += 1

    def _extensions(self) -> None:
        rng, plan, n = self.rng, self.plan, self.n
        share = np.array([line.extension for line in _LINES])[self.product]
        buys = rng.random(n) < share
        policy = np.array(
            [next((w["name"] for w in p["warranties"] if isinstance(w, dict)
                   and w["kind"] == "extended"), "") for p in _PRODUCTS], dtype=object,
        )[self.product]  # fmt: skip
        # At the till, or (the professional line) when the maker's year is
        # about to end and the customer is offered the extension.
        late = self.business & (rng.random(n) < 0.4) & (self.installed >= 0)
        at_sale = self.sale + rng.integers(0, 15, n)
        offer = _add_months(np.maximum(self.installed, 0), 11) + rng.integers(0, 20, n)
        day = np.where(late, offer, at_sale)
        serial, alive = self._serial_on(np.arange(n), day)
        keep = buys & alive & (day <= plan.as_of)
        self.rows.add("extension_purchased", keep, owner=np.arange(n), date=day, unit=serial,
                      policy=policy)  # fmt: skip

    def _maintenance(self) -> None:
        rng, plan, clock = self.rng, self.plan, self.clock
        every = np.array([line.service_months for line in _LINES])[self.product]
        units = np.flatnonzero((every > 0) & self.in_field)
        if len(units) == 0:
            return
        p = self.product[units]
        start = np.where(self.installed[units] >= 0, self.installed[units], self.delivered[units])
        grace = np.array([(p_["maintenance"] or {}).get("grace_days", 0) for p_ in _PRODUCTS])[p]
        shifted = np.array(
            [(p_["maintenance"] or {}).get("shift") == "next_working_day" for p_ in _PRODUCTS]
        )[p]
        a = np.array([line.diligence[0] for line in _LINES])[p]
        b = np.array([line.diligence[1] for line in _LINES])[p]
        diligence = rng.beta(a, b)
        lo = np.array([line.shots_per_day[0] for line in _LINES])[p]
        hi = np.array([line.shots_per_day[1] for line in _LINES])[p]
        rate = lo + (hi - lo) * rng.random(len(units))
        for k in range(1, 24 // int(every[units].min()) + 2):
            months = every[units] * k
            due = _add_months(start, months)
            due = np.where(shifted, clock.next_working_day(due), due)
            count = len(units)
            done = rng.random(count) < diligence
            on_time = rng.random(count) < 0.9
            early = np.clip(np.round(rng.normal(-2, grace / 2.5)), -grace, grace).astype(np.int64)
            late = grace + rng.integers(3, 46, count)
            day = due + np.where(on_time, early, late)
            day = clock.next_working_day(day)
            over = on_time & (day > due + grace)
            day = np.where(over, clock.prev_working_day(due + grace), day)
            day = np.maximum(day, start + 1)
            serial, alive = self._serial_on(units, day)
            since = np.where(day >= self.eol_day[units], self.eol_day[units], start)
            usage = np.where(rate > 0, np.round(rate * (day - since)), np.nan)
            keep = done & alive & (day <= plan.as_of)
            self.rows.add("maintenance_done", keep, owner=units, date=day, unit=serial,
                          usage=usage)  # fmt: skip

    def _questions(self) -> None:
        """Questions about use: many in the first two months, a few later."""
        rng, plan, n = self.rng, self.plan, self.n
        owner = np.arange(n)
        early = self.in_field & (rng.random(n) < 0.15)
        years = np.maximum(plan.as_of - self.delivered - 60, 0) / 365.25
        later = self.in_field & (rng.random(n) < 0.08 * years)
        days = [self.delivered + rng.integers(1, 61, n),
                self.delivered + 61 + (rng.random(n) * np.maximum(plan.as_of - self.delivered
                                                                  - 60, 1)).astype(np.int64)]
        for tag, asks, day in (("Q0", early, days[0]), ("Q1", later, days[1])):
            serial, alive = self._serial_on(owner, day)
            i = np.flatnonzero(asks & alive & (day <= plan.as_of))
            if len(i) == 0:
                continue
            k = len(i)
            case = np.char.add(np.char.add("K", self.serial[i].astype(str)),
                               f"-{tag}").astype(object)  # fmt: skip
            at_once = rng.random(k) < 0.4
            waits = ~at_once & (rng.random(k) < 0.2)
            first = np.where(at_once, "resolved", "responded").astype(object)
            result = self._case(i, serial[i], case, "question", day[i], np.full(k, 2), [
                (first, np.zeros(k), None),
                ("waiting_customer", _uniform(rng, (1 * _HOUR, 4 * _HOUR), k), waits),
                ("in_progress", _uniform(rng, (8 * _HOUR, 40 * _HOUR), k), waits),
                ("resolved", _uniform(rng, (1 * _HOUR, 16 * _HOUR), k), ~at_once),
                ("closed", _uniform(rng, _CLOSE, k), None),
            ])  # fmt: skip
            times = result["times"]
            solved = np.where(at_once, times["step0"], times["resolved"])
            result["times"]["solved"] = solved
            self._case_survey(i, result, case, "ces", "solved", np.where(at_once, 0.3, 0.0),
                              serial=serial[i])  # fmt: skip

    def _complaint(self, owner: np.ndarray, case: np.ndarray, day: np.ndarray,
                   serial: np.ndarray | None = None) -> None:  # fmt: skip
        if len(owner):
            opened = day + self.rng.integers(0, 4, len(owner))
            use = self.serial[owner] if serial is None else serial
            self.complaints.append((owner, use, np.char.add("Q", case.astype(str)).astype(object),
                                    opened))  # fmt: skip

    def _complaints(self) -> None:
        """Complaints: the complaints book's pair of events and a high-priority
        case with the same id."""
        if not self.complaints:
            return
        rng, plan, clock = self.rng, self.plan, self.clock
        owner, serial, ids, day = (np.concatenate(parts) for parts in zip(*self.complaints))
        keep = day <= plan.as_of
        owner, serial, ids, day = owner[keep], serial[keep], ids[keep], day[keep]
        k = len(owner)
        if k == 0:
            return
        self.rows.add("complaint_opened", np.ones(k, bool), owner=owner, date=day,
                      customer=self.customer[owner], case=ids, unit=serial)  # fmt: skip
        result = self._case(owner, serial, ids, "complaint", day, np.zeros(k, dtype=np.int64), [
            ("responded", np.zeros(k), None),
            ("in_progress", _uniform(rng, (1 * _HOUR, 8 * _HOUR), k), None),
            ("resolved", (8 * _HOUR * np.exp(0.9 * rng.standard_normal(k))).astype(np.int64), None),
            ("closed", _uniform(rng, _CLOSE, k), None),
        ])  # fmt: skip
        resolved = clock.local_day(result["times"]["resolved"])
        resolved = np.maximum(resolved, day)
        self.rows.add("complaint_resolved", resolved <= plan.as_of, owner=owner, date=resolved,
                      customer=self.customer[owner], case=ids, unit=serial)  # fmt: skip
        self._case_survey(owner, result, ids, "csat", "resolved", -0.6, serial=serial)

    def _case_survey(self, owner: np.ndarray, result: dict[str, Any], case: np.ndarray,
                     instrument: str, status: str, penalty: Any,
                     serial: np.ndarray | None = None) -> None:  # fmt: skip
        """A satisfaction survey two days after a case is resolved."""
        solved = result["times"][status]
        day = self.clock.local_day(solved) + 2
        keep = (solved < self.plan.cutoff) & result["live"]
        mood = (np.asarray(penalty, dtype=float) + np.where(result["breached"], -0.9, 0.0)
                + np.where(result["shortage"], -0.5, 0.0))  # fmt: skip
        mood = np.broadcast_to(mood, owner.shape)
        use = self.serial[owner] if serial is None else serial
        self.surveys.append((owner[keep], use[keep], case[keep], day[keep],
                             np.full(int(keep.sum()), _INSTRUMENTS.index(instrument)),
                             mood[keep]))  # fmt: skip

    def _surveys(self) -> None:
        rng, plan, n = self.rng, self.plan, self.n
        owner = np.arange(n)
        # NPS a week after delivery.
        after_delivery = self.delivery_penalty + self.install_penalty
        self.surveys.append((owner[self.in_field], self.serial[self.in_field],
                             np.full(int(self.in_field.sum()), None, dtype=object),
                             self.delivered[self.in_field] + 7,
                             np.zeros(int(self.in_field.sum()), dtype=np.int64),
                             after_delivery[self.in_field]))  # fmt: skip
        # NPS a year after the sale, about the company (no unit: the library
        # matches an answer to a send by customer, unit and case, and this one
        # must not take the place of the delivery survey's answer). The unit's
        # failures weigh on it.
        year = _add_months(self.sale, 12)
        repairs = np.zeros(n)
        if self.repairs:
            who = np.concatenate([o for o, _ in self.repairs])
            when = np.concatenate([d for _, d in self.repairs])
            before = when <= year[who]
            np.add.at(repairs, who[before], 1.0)
        _, alive = self._serial_on(owner, year)
        ask = self.in_field & alive & (year <= plan.as_of)
        mood = -0.8 * np.minimum(repairs, 3) - 0.5 * (self.eol_day <= year)
        none = np.full(int(ask.sum()), None, dtype=object)
        self.surveys.append((owner[ask], none, none, year[ask],
                             np.zeros(int(ask.sum()), dtype=np.int64), mood[ask]))  # fmt: skip

        who, serials, cases, sent, instrument, mood = (
            np.concatenate(parts) for parts in zip(*self.surveys)
        )
        keep = sent <= plan.as_of
        who, serials, cases, sent, instrument, mood = (
            x[keep] for x in (who, serials, cases, sent, instrument, mood)
        )
        k = len(who)
        channel = self.channel[who]
        answered = rng.random(k) < _RESPONSE_RATE[channel]
        delay = np.select(
            [channel == 0, channel == 1],
            [rng.integers(5, 31, k), rng.integers(0, 3, k)],
            rng.integers(0, 7, k),
        )
        answer_day = sent + delay
        feeling = 0.75 * self.z[who] + 0.65 * rng.standard_normal(k) + mood
        base = np.array([8.5, 4.3, 5.6])[instrument]
        spread = np.array([1.7, 0.9, 1.2])[instrument]
        low = np.array([0, 1, 1])[instrument]
        high = np.array([10, 5, 7])[instrument]
        score = np.clip(np.rint(base + spread * feeling), low, high)
        channels = np.array(_CHANNELS, dtype=object)[channel]
        instruments = np.array(_INSTRUMENTS, dtype=object)[instrument]
        customer = self.customer[who]
        self.rows.add("survey_sent", np.ones(k, bool), owner=who, date=sent, customer=customer,
                      unit=serials, case=cases, channel=channels, instrument=instruments,
                      seq=1)  # fmt: skip
        self.rows.add("survey_answered", answered & (answer_day <= plan.as_of), owner=who,
                      date=answer_day, customer=customer, unit=serials, case=cases,
                      channel=channels, instrument=instruments, score=score,
                      seq=2)  # fmt: skip
