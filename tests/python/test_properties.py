"""Property-based tests (hypothesis) of the calendar and warranty invariants
(issue 8): for any date, amount and calendar in range, what must always hold,
whatever the implementation. Each property is checked on a few hundred
generated cases; a counterexample is shrunk and printed by hypothesis."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from typing import Any

import postventa as pv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))
UTC = dt.timezone.utc
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


@SETTINGS
@given(DATES, st.integers(min_value=-600, max_value=600))
def test_add_months_keeps_the_day_or_ends_the_month(d: dt.date, n: int) -> None:
    """SPEC §1.2: the same day of the month n months later, or the last day
    of a shorter month; never Boost's snapping to the end of the month."""
    r = pv.add_months(d, n)
    assert months_between(d, r) == n
    last = _calendar.monthrange(r.year, r.month)[1]
    assert r.day == min(d.day, last)


@SETTINGS
@given(DATES, st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=300))
def test_months_compose_when_no_day_is_cut(d: dt.date, a: int, b: int) -> None:
    # Days up to 28 exist in every month: then a + b months is a months, then b.
    d = d.replace(day=min(d.day, 28))
    assert pv.add_months(pv.add_months(d, a), b) == pv.add_months(d, a + b)


# Random weekly schedules: each day either off or one or two intervals, and a
# few fixed and annual holidays.
@st.composite
def calendars(draw: Any) -> dict[str, Any]:
    week: dict[str, list[list[str]]] = {}
    for day in WEEKDAYS:
        kind = draw(st.sampled_from(["off", "one", "two"]))
        if kind == "off":
            continue
        start = draw(st.integers(min_value=0, max_value=10))
        end = draw(st.integers(min_value=start + 1, max_value=14))
        intervals = [[f"{start:02d}:00", f"{end:02d}:00"]]
        if kind == "two":
            s2 = draw(st.integers(min_value=end + 1, max_value=22))
            e2 = draw(st.integers(min_value=s2 + 1, max_value=24))
            intervals.append([f"{s2:02d}:00", f"{e2:02d}:00"])
        week[day] = intervals
    if not week:
        week["wed"] = [["09:00", "17:00"]]
    holidays = draw(st.lists(st.sampled_from(
        ["annual:01-01", "annual:05-01", "annual:12-25", "easter:-2", "easter:1",
         "nth:1:mon:09", "last:fri:11", "2030-06-14"]), max_size=4, unique=True))  # fmt: skip
    zone = draw(st.sampled_from(["UTC", "Europe/Madrid", "America/Lima", "Asia/Kolkata"]))
    return {"timezone": zone, "week": week, "holidays": holidays}


@SETTINGS
@given(calendars(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2080, 12, 31)),
       st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=60))  # fmt: skip
def test_business_days_land_on_working_days_and_compose(
    config: dict[str, Any], d: dt.date, a: int, b: int
) -> None:
    cal = pv.Calendar(config)
    r = cal.add_business_days(d, a)
    assert r > d and cal.is_working_day(r)
    # Exactly a working days in (d, r].
    assert sum(cal.is_working_day(d + dt.timedelta(days=k)) for k in range(1, (r - d).days + 1)) == a
    assert cal.add_business_days(r, b) == cal.add_business_days(d, a + b)
    assert cal.is_holiday(r) is False


@SETTINGS
@given(calendars(), st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2079, 12, 31)),
       st.integers(min_value=0, max_value=200 * 3600), st.integers(min_value=0, max_value=50 * 3600))  # fmt: skip
def test_business_time_is_additive_and_inverts(
    config: dict[str, Any], start: dt.datetime, seconds: int, more: int
) -> None:
    cal = pv.Calendar(config)
    t0 = start.replace(tzinfo=UTC)
    amount, extra = dt.timedelta(seconds=seconds), dt.timedelta(seconds=more)
    end = cal.add_business_time(t0, amount)
    assert end >= t0
    # The working time between the start and the deadline is the amount asked.
    assert cal.business_time_between(t0, end) == amount
    # More time never comes earlier, and adding in two steps is adding once.
    later = cal.add_business_time(t0, amount + extra)
    assert later >= end
    if more > 0:
        assert cal.add_business_time(end, extra) == later
    # Working time over [a, c) is that over [a, b) plus [b, c).
    assert cal.business_time_between(t0, later) == (
        cal.business_time_between(t0, end) + cal.business_time_between(end, later))


# A product with a commercial warranty of random percents and months, and a
# claim at a random date with a random quote.
@st.composite
def claims(draw: Any) -> tuple[dict[str, Any], dict[str, int], int, dict[str, int]]:
    def component() -> dict[str, int]:
        return {"percent": draw(st.sampled_from([0, 25, 50, 75, 100])),
                "months": draw(st.integers(min_value=0, max_value=60))}  # fmt: skip

    policy = {"name": "shop", "kind": "commercial", "starts_at": "delivery",
              "parts": component(), "labor": component(), "travel": component()}  # fmt: skip
    quote = {k: draw(st.integers(min_value=0, max_value=10**9)) for k in ("parts", "labor", "travel")}
    age = draw(st.integers(min_value=0, max_value=7 * 365))
    return policy, quote, age, {}


@SETTINGS
@given(claims(), st.booleans())
def test_a_decision_splits_every_component_of_the_quote(claim: Any, legal: bool) -> None:
    policy, quote, age, _ = claim
    led = pv.Ledger()
    warranties = [policy, "legal-es"] if legal else [policy]
    led.add_product({"sku": "P", "installation": "none", "warranties": warranties})
    delivered = dt.date(2024, 1, 15)
    led.record({"id": "1", "type": "sold", "unit": "U", "date": "2024-01-10", "customer": "c",
                "product": "P", "price": 1, "channel": "store"})  # fmt: skip
    led.record({"id": "2", "type": "delivered", "unit": "U", "date": delivered.isoformat()})
    when = delivered + dt.timedelta(days=age)
    decision = led.assess_claim("U", when, "other", quote)
    again = led.assess_claim("U", when, "other", quote)
    assert decision.to_json() == again.to_json()  # deterministic
    for part in ("parts", "labor", "travel"):
        company, customer = decision.company_cost[part], decision.customer_cost[part]
        assert company + customer == quote[part]
        assert 0 <= company <= quote[part]
        # The company's share is round half up of quote × percent / 100.
        assert company == (quote[part] * decision.coverage[part] * 2 + 100) // 200
    # The commercial policy alone: covered exactly while some component's cover runs.
    if not legal:
        ends = [pv.add_months(delivered, policy[k]["months"]) for k in ("parts", "labor", "travel")
                if policy[k]["percent"] > 0 and policy[k]["months"] > 0]  # fmt: skip
        if decision.covered:
            assert any(when <= e for e in ends)
        elif ends and when < min(ends):
            raise AssertionError(f"not covered on {when} though the cover runs to {min(ends)}")
