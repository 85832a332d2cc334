"""The after-sales report (SPEC §9.3; issue 7): what ``postventa demo`` prints
and ``postventa report`` gives as text, JSON or one self-contained HTML page.

``build_report(led, start, end)`` reads the ledger once per question and
returns a plain dict, JSON-serialisable (dates as ISO text, NaN as None):

- ``summary``: the period, units sold (in total and per product), the ledger's
  events and products, and the headline numbers;
- ``kpis``: the KPIs of docs/kpis.md over the period, in total and per product;
- ``satisfaction``: NPS, CSAT and CES per month with their 95 % intervals and
  counts, over the whole period, and the response rate per channel;
- ``sla``: first-response and resolution compliance per month;
- ``reliability``: per product the Weibull MLE fit of the times to first
  failure (docs/reliability.md) with its bounds and B10 life, the points of
  the Weibull probability plot and the Kaplan-Meier table;
- ``forecast``: the warranty claims expected over the next 12 months;
- ``maintenance``: compliance per product (to the end date) and per month;
- ``anomalies``: every anomaly record with its verification as of the end
  date and the weekly values of its KPI around the measure.

``render_text``, ``render_json`` and ``render_html`` (charts in _charts.py,
drawn with matplotlib) turn that dict into the three faces. Each section has a
``note`` instead of numbers when there is nothing to show, so a new ledger,
one without surveys or one without failures still gives a report.

Reliability, forecast, maintenance and the anomaly verifications are as of the
end date (the state of the field then); KPIs, satisfaction and SLA count what
happened inside the period.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html as _html
import json as _json
import math
from collections.abc import Sequence
from typing import Any

import numpy as _np

import postventa as pv

__all__ = ["build_report", "render_text", "render_json", "render_html"]

#: Months ahead in the claims forecast.
FORECAST_MONTHS = 12
#: Weeks on each side of the measure in an anomaly's before/after series.
ANOMALY_WEEKS = 6
#: At most this many points of a Weibull probability plot are kept per product.
PLOT_POINTS = 400
#: Periods in the per-month series: months up to this many, else quarters, else years.
MAX_PERIODS = 24
INSTRUMENTS = ("nps", "csat", "ces")
CHANNELS = ("paper", "interviewer", "digital")

#: How the report names each KPI (docs/kpis.md).
KPI_LABELS = {
    "on_time_delivery": "On-time delivery",
    "delivery_defect_rate": "Delivery defects",
    "installation_right_first_time": "Installation right first time",
    "mean_time_to_repair": "Mean time to repair",
    "median_time_to_repair": "Median time to repair",
    "first_time_fix_rate": "First-time fix",
    "repeat_repair_rate": "Repeat repairs",
    "warranty_cost_per_unit_sold": "Warranty cost per unit sold",
    "first_response_sla": "First response within SLA",
    "resolution_sla": "Resolution within SLA",
    "first_response_hours": "Time to first response",
    "resolution_hours": "Time to resolution",
    "maintenance_compliance": "Maintenance compliance",
    "survey_response_rate": "Survey response rate",
    "complaint_resolution_days": "Complaint resolution time",
    "repurchase_rate": "Repurchase rate",
    "referral_count": "Referrals",
}

# absl::StatusCode::kFailedPrecondition: an anomaly with nothing to verify yet.
_FAILED_PRECONDITION = 9


# ---- Small conversions ---------------------------------------------------------


def _day(value: _dt.date | str | None, name: str) -> _dt.date | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        raise TypeError(f"{name}: expected a datetime.date, got a datetime.datetime")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise pv.ValidationError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
    raise TypeError(f"{name}: expected a datetime.date or 'YYYY-MM-DD', got {type(value).__name__}")


def _num(value: Any) -> float | None:
    """A finite float, or None for NaN, infinity and None."""
    if value is None:
        return None
    x = float(value)
    return x if math.isfinite(x) else None


def _iso(value: Any) -> str | None:
    """An ISO date from a date or a numpy datetime64; None for NaT and None."""
    if value is None:
        return None
    if isinstance(value, _np.datetime64):
        return None if _np.isnat(value) else str(value.astype("datetime64[D]"))
    return value.isoformat()


def _score(value: float, low: float, high: float, n: int) -> dict[str, Any]:
    return {"value": _num(value), "low": _num(low), "high": _num(high), "n": int(n)}


def _periods(start: _dt.date, end: _dt.date) -> tuple[str, list[tuple[str, _dt.date, _dt.date]]]:
    """The calendar months (or quarters, or years, for long ranges) that meet
    [start, end], each cut to it: (granularity, [(label, first, last)])."""
    for granularity, step in (("month", 1), ("quarter", 3), ("year", 12)):
        first = _dt.date(start.year, (start.month - 1) // step * step + 1 if step < 12 else 1, 1)
        out = []
        while first <= end:
            following = pv.add_months(first, step)
            if granularity == "month":
                label = f"{first:%Y-%m}"
            elif granularity == "quarter":
                label = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
            else:
                label = str(first.year)
            out.append((label, max(first, start), min(following - _dt.timedelta(days=1), end)))
            first = following
        if len(out) <= MAX_PERIODS or granularity == "year":
            return granularity, out
    raise AssertionError("unreachable")


def _kpi_rows(table: pv.Table) -> list[dict[str, Any]]:
    products, kpis, units = table["product"], table["kpi"], table["unit"]
    values, ns, totals = table["value"], table["n"], table["total"]
    return [
        {"product": products[i], "kpi": str(kpis[i]), "value": _num(values[i]),
         "n": int(ns[i]), "total": _num(totals[i]), "unit": str(units[i])}
        for i in range(len(table))
    ]  # fmt: skip


def _by_kpi(rows: list[dict[str, Any]], product: str | None) -> dict[str, dict[str, Any]]:
    return {
        r["kpi"]: {"value": r["value"], "n": r["n"], "total": r["total"], "unit": r["unit"]}
        for r in rows
        if r["product"] == product
    }


# ---- Building the report -------------------------------------------------------


def build_report(
    ledger: pv.Ledger,
    start: _dt.date | str | None = None,
    end: _dt.date | str | None = None,
    *,
    calendar: str | None = None,
) -> dict[str, Any]:
    """Everything the after-sales report shows for ``[start, end]`` (both days
    included; default the ledger's span), as a JSON-serialisable dict.
    ``calendar`` names a ledger calendar whose working days measure the time
    to repair (docs/kpis.md). The as-of date of the reliability, forecast,
    maintenance and anomaly sections is ``end``."""
    first, last = _day(start, "start"), _day(end, "end")
    span = ledger.span()
    if first is None:
        first = span[0] if span else last
    if last is None:
        last = span[1] if span else first
    products = ledger.products()
    report: dict[str, Any] = {
        "title": "After-sales report",
        "postventa": pv.__version__,
        "period": None if first is None else {"start": first.isoformat(), "end": last.isoformat()},
        "calendar": calendar,
        "ledger": {
            "events": ledger.event_count(),
            "span": None if span is None else {
                "start": span[0].isoformat(), "end": span[1].isoformat()},  # fmt: skip
            "products": [
                {"sku": p["sku"], "name": p.get("name") or "", "category": p.get("category") or "",
                 "installation": p.get("installation"), "training": bool(p.get("training")),
                 "warranties": [w["name"] for w in p.get("warranties") or []],
                 "maintenance": p.get("maintenance")}
                for p in products
            ],  # fmt: skip
        },
    }
    if first is None:
        note = "no data: the ledger holds no events and no period was given"
        report["summary"] = {"note": note}
        for section in ("kpis", "satisfaction", "sla", "reliability", "forecast", "maintenance"):
            report[section] = {"note": note}
        report["anomalies"] = _anomalies(ledger, None, None, calendar)
        return report
    if last < first:
        raise pv.ValidationError(f"end: {last} is before start ({first})")

    skus = [p["sku"] for p in products]
    rows = _kpi_rows(ledger.kpis(first, last, by_product=True, calendar=calendar))
    kpis = {"total": _by_kpi(rows, None), "products": {sku: _by_kpi(rows, sku) for sku in skus}}
    granularity, periods = _periods(first, last)
    per_period = [
        _by_kpi(_kpi_rows(ledger.kpis(a, b, by_product=False, calendar=calendar)), None)
        for _, a, b in periods
    ]
    report["kpis"] = kpis
    satisfaction = _satisfaction(ledger, first, last, granularity, periods)
    report["sla"] = _sla(granularity, periods, per_period)
    reliability = _reliability(ledger, last, skus)
    report["satisfaction"] = satisfaction
    report["reliability"] = reliability
    report["forecast"] = _forecast(ledger, last)
    report["maintenance"] = _maintenance(ledger, last, skus, granularity, periods, per_period)
    report["anomalies"] = _anomalies(ledger, first, last, calendar)

    total = kpis["total"]
    cost = total["warranty_cost_per_unit_sold"]
    report["summary"] = {
        "units_sold": cost["n"],
        "units_sold_by_product": {sku: kpis["products"][sku]["warranty_cost_per_unit_sold"]["n"]
                                  for sku in skus},  # fmt: skip
        "units_in_service": sum(p["units"] for p in reliability["products"]),
        "repairs_returned": total["mean_time_to_repair"]["n"],
        "warranty_cost": cost["total"],
        "cases_judged": total["first_response_sla"]["n"],
        "survey_answers": satisfaction["answers"],
        "headline": {
            "nps": satisfaction["overall"]["nps"]["value"],
            "csat": satisfaction["overall"]["csat"]["value"],
            "first_response_sla": total["first_response_sla"]["value"],
            "resolution_sla": total["resolution_sla"]["value"],
            "warranty_cost_per_unit_sold": cost["value"],
            "maintenance_compliance": total["maintenance_compliance"]["value"],
        },
    }
    # Summary first when printed as JSON.
    order = ["title", "postventa", "period", "calendar", "ledger", "summary", "kpis",
             "satisfaction", "sla", "reliability", "forecast", "maintenance",
             "anomalies"]  # fmt: skip
    return {key: report[key] for key in order}


def _satisfaction(
    ledger: pv.Ledger,
    start: _dt.date,
    end: _dt.date,
    granularity: str,
    periods: list[tuple[str, _dt.date, _dt.date]],
) -> dict[str, Any]:
    answers = ledger.survey_answers(start, end)
    instruments = _np.asarray(answers["instrument"], dtype=object)
    scores = _np.asarray(answers["score"], dtype=float)
    dates = _np.asarray(answers["date"]).astype("datetime64[D]")
    starts = _np.array([a for _, a, _ in periods], dtype="datetime64[D]")
    slot = _np.searchsorted(starts, dates, side="right") - 1
    score_of = {"nps": pv.nps, "csat": pv.csat, "ces": pv.ces}
    overall: dict[str, Any] = {}
    series: list[dict[str, Any]] = [
        {"period": label, "start": a.isoformat(), "end": b.isoformat()} for label, a, b in periods
    ]
    for name in INSTRUMENTS:
        mine = instruments == name
        s = score_of[name](scores[mine])
        overall[name] = _score(s.value, s.low, s.high, s.n)
        for row in series:
            row[name] = _score(math.nan, math.nan, math.nan, 0)
        if mine.any():
            table = score_of[name](scores[mine], by=slot[mine])
            for g, v, lo, hi, n in zip(table["group"], table["value"], table["low"],
                                       table["high"], table["n"]):  # fmt: skip
                series[int(g)][name] = _score(v, lo, hi, n)

    responses = ledger.survey_responses(start, end, "all")
    rates: dict[str, list[int]] = {}
    for channel, count, done in zip(responses["channel"], responses["sent"], responses["answered"]):
        pair = rates.setdefault(str(channel), [0, 0])
        pair[0] += int(count)
        pair[1] += int(done)
    order = [c for c in CHANNELS if c in rates] + sorted(set(rates) - set(CHANNELS))
    by_channel = [
        {"channel": c, "sent": rates[c][0], "answered": rates[c][1],
         "rate": rates[c][1] / rates[c][0] if rates[c][0] else None}
        for c in order
    ]  # fmt: skip
    sent = sum(r["sent"] for r in by_channel)
    answered = sum(r["answered"] for r in by_channel)
    others = int(len(instruments) - sum(int((instruments == n).sum()) for n in INSTRUMENTS))
    notes = []
    if not len(instruments) and not sent:
        notes.append("no data: no survey sent or answered in the period")
    if others:
        notes.append(f"{others} answers of other instruments are not scored here")
    return {
        "granularity": granularity,
        "answers": int(len(instruments)),
        "overall": overall,
        "series": series,
        "response_rates": {
            "channels": by_channel,
            "total": {"sent": sent, "answered": answered,
                      "rate": answered / sent if sent else None},  # fmt: skip
        },
        "note": "; ".join(notes) or None,
    }


def _sla(
    granularity: str,
    periods: list[tuple[str, _dt.date, _dt.date]],
    per_period: list[dict[str, dict[str, Any]]],
) -> dict[str, Any]:
    series = []
    for (label, a, b), kpis in zip(periods, per_period):
        row: dict[str, Any] = {"period": label, "start": a.isoformat(), "end": b.isoformat()}
        for name in ("first_response_sla", "resolution_sla", "first_response_hours",
                     "resolution_hours"):  # fmt: skip
            k = kpis[name]
            row[name] = {"value": k["value"], "n": k["n"]}
        series.append(row)
    judged = sum(r["first_response_sla"]["n"] + r["resolution_sla"]["n"] for r in series)
    return {
        "granularity": granularity,
        "series": series,
        "note": None if judged else "no data: no SLA target was judged in the period",
    }


def _probability_points(
    failures: _np.ndarray, censored: _np.ndarray
) -> tuple[_np.ndarray, _np.ndarray]:
    """The Weibull plot positions of the failures: Johnson's adjusted ranks
    with suspensions and Bernard's approximation (i - 0.3) / (n + 0.4), the
    ranks of ``pv.weibull_fit(method="rry")`` (docs/reliability.md).
    At a tie a failure comes before a suspension."""
    times = _np.concatenate([failures, censored])
    failed = _np.concatenate([_np.ones(len(failures), bool), _np.zeros(len(censored), bool)])
    order = _np.lexsort((~failed, times))
    times, failed = times[order], failed[order]
    n = len(times)
    reverse = (n - _np.arange(n))[failed].astype(float)  # n - position + 1, 1-based positions
    # Johnson: rank_k = rank_{k-1} + (n + 1 - rank_{k-1}) / (1 + reverse_k), so
    # n + 1 - rank_k = (n + 1) * prod_{j <= k} reverse_j / (1 + reverse_j).
    ranks = (n + 1) * (1 - _np.cumprod(reverse / (1 + reverse)))
    return times[failed], (ranks - 0.3) / (n + 0.4)


def _reliability(ledger: pv.Ledger, on: _dt.date, skus: list[str]) -> dict[str, Any]:
    table = ledger.failure_times(on)
    product = _np.asarray(table["product"], dtype=object)
    days = _np.asarray(table["days"], dtype=float)
    failed = _np.asarray(table["failed"], dtype=bool)
    out = []
    for sku in skus + sorted(set(product.tolist()) - set(skus)):
        mine = product == sku
        d, f = days[mine], failed[mine]
        entry: dict[str, Any] = {
            "product": sku, "units": int(mine.sum()), "failures": int(f.sum()),
            "weibull": None, "probability_plot": [], "kaplan_meier": [], "note": None,
        }  # fmt: skip
        if not mine.any():
            entry["note"] = "no data: no unit in service"
            out.append(entry)
            continue
        km = pv.kaplan_meier(d, f)
        entry["kaplan_meier"] = [
            {"time": float(t), "survival": _num(s), "lower": _num(lo), "upper": _num(hi),
             "at_risk": int(r), "events": int(e), "censored": int(c)}
            for t, s, lo, hi, r, e, c in zip(km["time"], km["survival"], km["lower"], km["upper"],
                                             km["at_risk"], km["events"], km["censored"])
        ]  # fmt: skip
        # As claims_forecast fits (docs/reliability.md): a failure on the first
        # day counts as half a day; a unit censored on it says nothing yet.
        fails = _np.where(d[f] == 0, 0.5, d[f])
        cens = d[~f & (d > 0)]
        if not len(fails):
            entry["note"] = "no failures yet: no Weibull fit"
            out.append(entry)
            continue
        try:
            fit = pv.weibull_fit(fails, cens)
        except pv.Error as error:
            entry["note"] = f"no Weibull fit: {error}"
            out.append(entry)
            continue
        if not (math.isfinite(fit.shape) and math.isfinite(fit.scale)):
            entry["note"] = "no Weibull fit: the likelihood has no finite maximum"
            out.append(entry)
            continue
        entry["weibull"] = {
            "method": "mle",
            "shape": fit.shape, "scale": fit.scale,
            "shape_se": _num(fit.shape_se), "scale_se": _num(fit.scale_se),
            "shape_ci": [_num(fit.shape_ci[0]), _num(fit.shape_ci[1])],
            "scale_ci": [_num(fit.scale_ci[0]), _num(fit.scale_ci[1])],
            "b10_days": fit.scale * (-math.log(0.9)) ** (1 / fit.shape),
            "failures": fit.failures, "suspensions": fit.suspensions,
        }  # fmt: skip
        t, p = _probability_points(fails, cens)
        if len(t) > PLOT_POINTS:
            keep = _np.unique(_np.linspace(0, len(t) - 1, PLOT_POINTS).round().astype(int))
            t, p = t[keep], p[keep]
        entry["probability_plot"] = [{"t": float(a), "F": float(b)} for a, b in zip(t, p)]
        if fit.failures < 5:
            entry["note"] = f"only {fit.failures} failures: a rough fit"
        out.append(entry)
    return {
        "as_of": on.isoformat(),
        "unit": "days in service",
        "products": out,
        "note": None if out else "no data: no product in the catalog",
    }


def _forecast(ledger: pv.Ledger, on: _dt.date) -> dict[str, Any]:
    table = ledger.claims_forecast(on, FORECAST_MONTHS)
    rows = [
        {"product": str(p), "month": int(m), "month_end": pv.add_months(on, int(m)).isoformat(),
         "units": int(u), "expected_claims": float(c), "expected_cost": _num(cost)}
        for p, m, u, c, cost in zip(table["product"], table["month"], table["units"],
                                    table["expected_claims"], table["expected_cost"])
    ]  # fmt: skip
    totals = []
    for m in range(1, FORECAST_MONTHS + 1):
        mine = [r for r in rows if r["month"] == m]
        costs = [r["expected_cost"] for r in mine if r["expected_cost"] is not None]
        totals.append({
            "month": m, "month_end": pv.add_months(on, m).isoformat(),
            "expected_claims": sum(r["expected_claims"] for r in mine),
            "expected_cost": sum(costs) if costs else None,
        })  # fmt: skip
    products = sorted({r["product"] for r in rows})
    by_product = [
        {"product": p,
         "units": next(r["units"] for r in rows if r["product"] == p),
         "expected_claims": sum(r["expected_claims"] for r in rows if r["product"] == p),
         "expected_cost": _sum_or_none(r["expected_cost"] for r in rows if r["product"] == p)}
        for p in products
    ]  # fmt: skip
    return {
        "as_of": on.isoformat(),
        "months": FORECAST_MONTHS,
        "rows": rows,
        "by_month": totals,
        "by_product": by_product,
        "total": {
            "expected_claims": sum(r["expected_claims"] for r in rows),
            "expected_cost": _sum_or_none(r["expected_cost"] for r in rows),
        },
        "note": None if rows else "no data: no product has a Weibull fit (no failures yet)",
    }


def _sum_or_none(values: Any) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _maintenance(
    ledger: pv.Ledger,
    on: _dt.date,
    skus: list[str],
    granularity: str,
    periods: list[tuple[str, _dt.date, _dt.date]],
    per_period: list[dict[str, dict[str, Any]]],
) -> dict[str, Any]:
    table = ledger.maintenance_compliance(on)
    sums: dict[str, list[int]] = {}
    for product, due, met in zip(table["product"], table["due"], table["met"]):
        entry = sums.setdefault(str(product), [0, 0, 0])
        entry[0] += 1
        entry[1] += int(due)
        entry[2] += int(met)
    order = [s for s in skus if s in sums] + sorted(set(sums) - set(skus))
    by_product = [
        {"product": p, "units": sums[p][0], "due": sums[p][1], "met": sums[p][2],
         "compliance": sums[p][2] / sums[p][1] if sums[p][1] else None}
        for p in order
    ]  # fmt: skip
    series = [
        {"period": label, "start": a.isoformat(), "end": b.isoformat(),
         "value": k["maintenance_compliance"]["value"], "n": k["maintenance_compliance"]["n"],
         "met": k["maintenance_compliance"]["total"]}
        for (label, a, b), k in zip(periods, per_period)
    ]  # fmt: skip
    due = sum(p["due"] for p in by_product)
    met = sum(p["met"] for p in by_product)
    return {
        "as_of": on.isoformat(),
        "granularity": granularity,
        "by_product": by_product,
        "total": {"units": sum(p["units"] for p in by_product), "due": due, "met": met,
                  "compliance": met / due if due else None},  # fmt: skip
        "series": series,
        "note": None if by_product else "no data: no unit with a maintenance plan",
    }


def _anomalies(
    ledger: pv.Ledger, start: _dt.date | None, end: _dt.date | None, calendar: str | None
) -> list[dict[str, Any]]:
    out = []
    catalog = {k["name"]: k for k in pv.kpi_catalog()}
    for record in ledger.anomalies():
        check = record.get("verification") or {}
        entry: dict[str, Any] = {
            "id": record["id"], "detected": record["detected"],
            "description": record["description"], "implications": record["implications"],
            "cause": record["cause"], "cause_detail": record.get("cause_detail"),
            "measures": record.get("measures") or [],
            "kpi": check.get("kpi"), "product": check.get("product"),
            "kpi_label": KPI_LABELS.get(check.get("kpi"), check.get("kpi")),
            "unit": catalog.get(check.get("kpi"), {}).get("unit"),
            "windows": None, "verification": None, "verdict_text": None,
            "weekly": [], "note": None,
        }  # fmt: skip
        if end is None:
            entry["note"] = "not verified: the ledger holds no events"
            out.append(entry)
            continue
        try:
            review = ledger.verify_anomaly(record["id"], end, calendar=calendar)
        except pv.ValidationError as error:
            if getattr(error, "code", None) != _FAILED_PRECONDITION:
                raise
            entry["note"] = f"not verified yet: {error}"
            out.append(entry)
            continue
        entry["windows"] = review["windows"]
        entry["verification"] = review["verification"]
        entry["verdict_text"] = _verdict_text(entry)
        entry["weekly"] = _weekly(ledger, entry, calendar)
        out.append(entry)
    return out


def _weekly(ledger: pv.Ledger, entry: dict[str, Any], calendar: str | None) -> list[dict[str, Any]]:
    """The anomaly's KPI per week: ANOMALY_WEEKS weeks on each side of the
    start of the after window (the measure), inside the compared windows."""
    windows = entry["windows"]
    measure = _dt.date.fromisoformat(windows["after"]["start"])
    lowest = _dt.date.fromisoformat(windows["before"]["start"])
    highest = _dt.date.fromisoformat(windows["after"]["end"])
    product = entry["product"]
    out = []
    for k in range(-ANOMALY_WEEKS, ANOMALY_WEEKS):
        a = max(measure + _dt.timedelta(days=7 * k), lowest)
        b = min(measure + _dt.timedelta(days=7 * k + 6), highest)
        if a > b:
            continue
        rows = _kpi_rows(ledger.kpis(a, b, by_product=product is not None, calendar=calendar))
        k_row = _by_kpi(rows, product)[entry["kpi"]]
        out.append({"start": a.isoformat(), "end": b.isoformat(),
                    "side": "after" if a >= measure else "before",
                    "value": k_row["value"], "n": k_row["n"]})  # fmt: skip
    return out


# ---- Formatting ------------------------------------------------------------------


def _euros(cents: float | None) -> str:
    if cents is None:
        return "-"
    return f"€{cents / 100:,.2f}"


def format_value(value: float | None, unit: str | None) -> str:
    """A KPI value with its unit, as the report prints it: ratios in percent,
    minor units as euros, working days and hours, days, counts."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    if unit == "ratio":
        return f"{100 * value:.1f} %"
    if unit == "minor_units":
        return _euros(value)
    if unit == "working_days":
        return f"{value:.1f} wd"
    if unit == "working_hours":
        return f"{value:.1f} wh"
    if unit == "days":
        return f"{value:.1f} d"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:.4g}"


def _pct(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{100 * value:.{digits}f} %"


def _fixed(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _interval(score: dict[str, Any], digits: int = 1) -> str:
    if score["value"] is None:
        return "-"
    if score["low"] is None:
        return _fixed(score["value"], digits)
    return (f"{score['value']:.{digits}f} [{score['low']:.{digits}f}, "
            f"{score['high']:.{digits}f}]")  # fmt: skip


def _verdict_text(entry: dict[str, Any]) -> str:
    v = entry["verification"]
    label = KPI_LABELS.get(entry["kpi"], entry["kpi"])
    label = label[:1].lower() + label[1:]
    where = f" ({entry['product']})" if entry["product"] else ""
    before, after = v.get("value_before"), v.get("value_after")
    unit = entry.get("unit")
    is_rate = v["test"] == "two_proportion_z"
    what = "" if is_rate else "median "
    values = (f"{what}{label}{where} went from {format_value(before, unit)} "
              f"(n = {v['n_before']}) to {format_value(after, unit)} "
              f"(n = {v['n_after']})")  # fmt: skip
    p = v.get("p_value")
    test = ("two-proportion z-test" if is_rate else "log-rank test") + (
        f", p = {p:.2g}" if p is not None else "") + f", α = {v['alpha']:g}"  # fmt: skip
    verdict = v["verdict"]
    if verdict == "effective":
        return f"Effective: the measure worked; {values} ({test})."
    if verdict == "inconclusive":
        return (f"Inconclusive: too few observations to judge (fewer than 30 on a side); "
                f"{values}.")  # fmt: skip
    if v.get("improved") is False and p is not None and p < v["alpha"]:
        return f"Not effective: the KPI got significantly worse; {values} ({test})."
    return f"Not effective: no significant improvement; {values} ({test})."


def _text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  "
) -> list[str]:
    """Aligned columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [str(c).ljust(w) if i == 0 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(cells, widths))]  # fmt: skip
        return (indent + "  ".join(parts)).rstrip()

    return [line(headers), indent + "  ".join("-" * w for w in widths), *map(line, rows)]


def _heading(title: str) -> list[str]:
    return ["", title.upper(), "=" * len(title)]


def _survival_at(km: list[dict[str, Any]], t: float) -> float | None:
    value = None
    for row in km:
        if row["time"] > t:
            break
        value = row["survival"]
    return value


def _forecast_rows(fc: dict[str, Any]) -> list[list[str]]:
    rows = [[p["product"], f"{p['units']:,}", f"{p['expected_claims']:.1f}",
             _euros(p["expected_cost"])] for p in fc["by_product"]]  # fmt: skip
    total = fc["total"]
    rows.append(["total", "", f"{total['expected_claims']:.1f}", _euros(total["expected_cost"])])
    return rows


def _maintenance_rows(mt: dict[str, Any]) -> list[list[str]]:
    products = [*mt["by_product"], {**mt["total"], "product": "total"}]
    return [[p["product"], f"{p['units']:,}", f"{p['due']:,}", f"{p['met']:,}",
             _pct(p["compliance"])] for p in products]  # fmt: skip


RELIABILITY_HEADERS = ["product", "units", "failures", "shape β [95 %]", "scale η, days [95 %]",
                       "B10, days", "KM S(365 d)", "note"]  # fmt: skip


def _reliability_rows(rel: dict[str, Any]) -> list[list[str]]:
    """One row per product; the last cell is the product's note."""
    rows = []
    for p in rel["products"]:
        w = p["weibull"]
        s1 = _survival_at(p["kaplan_meier"], 365) if p["kaplan_meier"] else None
        cells = [p["product"], f"{p['units']:,}", f"{p['failures']:,}"]
        if w is None:
            cells += ["-", "-", "-"]
        else:
            shape_ci = f"{_fixed(w['shape_ci'][0], 2)}, {_fixed(w['shape_ci'][1], 2)}"
            scale_ci = f"{_fixed(w['scale_ci'][0], 0)}, {_fixed(w['scale_ci'][1], 0)}"
            cells += [f"{w['shape']:.2f} [{shape_ci}]", f"{w['scale']:,.0f} [{scale_ci}]",
                      f"{w['b10_days']:,.0f}"]  # fmt: skip
        rows.append([*cells, _pct(s1), p["note"] or ""])
    return rows


def _sla_rows(sla: dict[str, Any]) -> list[list[str]]:
    return [[r["period"], _pct(r["first_response_sla"]["value"]), str(r["first_response_sla"]["n"]),
             _fixed(r["first_response_hours"]["value"]), _pct(r["resolution_sla"]["value"]),
             str(r["resolution_sla"]["n"]), _fixed(r["resolution_hours"]["value"])]
            for r in sla["series"]]  # fmt: skip


def render_text(report: dict[str, Any]) -> str:
    """The report as a manager reads it in a terminal: aligned tables, values
    with their units, each anomaly's verdict in words."""
    out: list[str] = []
    period = report["period"]
    title = f"postventa {report['title'].lower()}"
    out += [title, "=" * len(title)]
    if period is None:
        out.append("Period: none (the ledger holds no events)")
    else:
        out.append(f"Period: {period['start']} to {period['end']}")
    led = report["ledger"]
    span = f", {led['span']['start']} to {led['span']['end']}" if led["span"] else ""
    out.append(f"Ledger: {led['events']:,} events, {len(led['products'])} products{span}")
    if report.get("calendar"):
        out.append(f"Working days of repairs: calendar {report['calendar']}")

    summary = report["summary"]
    out += _heading("Summary")
    if "note" in summary:
        out.append("  " + summary["note"])
    else:
        h = summary["headline"]
        sold = ", ".join(f"{k} {v:,}" for k, v in summary["units_sold_by_product"].items())
        lines = [
            ("Units sold", f"{summary['units_sold']:,}" + (f" ({sold})" if sold else "")),
            ("Units in service at the end", f"{summary['units_in_service']:,}"),
            ("Repairs returned", f"{summary['repairs_returned']:,}"),
            ("Warranty cost", _euros(summary["warranty_cost"])),
            ("Service cases judged (first response)", f"{summary['cases_judged']:,}"),
            ("Survey answers", f"{summary['survey_answers']:,}"),
            ("NPS", _fixed(h["nps"])),
            ("CSAT", "-" if h["csat"] is None else f"{h['csat']:.1f} %"),
            ("First response within SLA", _pct(h["first_response_sla"])),
            ("Resolution within SLA", _pct(h["resolution_sla"])),
            ("Warranty cost per unit sold", _euros(h["warranty_cost_per_unit_sold"])),
            ("Maintenance compliance", _pct(h["maintenance_compliance"])),
        ]
        width = max(len(k) for k, _ in lines)
        out += [f"  {k.ljust(width)}  {v}" for k, v in lines]

    out += _heading("Key performance indicators")
    kpis = report["kpis"]
    if "note" in kpis:
        out.append("  " + kpis["note"])
    else:
        skus = list(kpis["products"])
        rows = []
        for name, k in kpis["total"].items():
            cells = [KPI_LABELS.get(name, name), format_value(k["value"], k["unit"]), str(k["n"])]
            cells += [format_value(kpis["products"][s][name]["value"], k["unit"]) for s in skus]
            rows.append(cells)
        out += _text_table(["KPI", "total", "n", *skus], rows)
        out.append("  (wd: working days, wh: working hours, d: calendar days; "
                   "n: observations in total)")  # fmt: skip

    sat = report["satisfaction"]
    out += _heading("Satisfaction")
    if "series" not in sat:
        out.append("  " + sat["note"])
    else:
        if sat["note"]:
            out.append("  " + sat["note"])
        o = sat["overall"]
        out.append(f"  Over the period: NPS {_interval(o['nps'])} (n = {o['nps']['n']}), "
                   f"CSAT {_interval(o['csat'])} % (n = {o['csat']['n']}), "
                   f"CES {_interval(o['ces'], 2)} (n = {o['ces']['n']}); "
                   "95 % intervals")  # fmt: skip
        if sat["answers"]:
            rows = [[r["period"], _interval(r["nps"]), str(r["nps"]["n"]), _interval(r["csat"]),
                     str(r["csat"]["n"]), _interval(r["ces"], 2), str(r["ces"]["n"])]
                    for r in sat["series"]]  # fmt: skip
            out.append("")
            out += _text_table([sat["granularity"], "NPS [95 % CI]", "n", "CSAT % [95 % CI]", "n",
                                "CES [95 % CI]", "n"], rows)  # fmt: skip
        rr = sat["response_rates"]
        if rr["channels"]:
            out.append("")
            out.append("  Response rates (surveys sent in the period, answered at any date):")
            rows = [[c["channel"], f"{c['sent']:,}", f"{c['answered']:,}", _pct(c["rate"])]
                    for c in rr["channels"]]  # fmt: skip
            t = rr["total"]
            rows.append(["all channels", f"{t['sent']:,}", f"{t['answered']:,}", _pct(t["rate"])])
            out += _text_table(["channel", "sent", "answered", "rate"], rows)

    sla = report["sla"]
    out += _heading("Service level (SLA) compliance")
    if "series" not in sla or sla["note"]:
        out.append("  " + sla["note"])
    else:
        rows = _sla_rows(sla)
        out += _text_table([sla["granularity"], "first response", "n", "mean wh", "resolution", "n",
                            "mean wh"], rows)  # fmt: skip

    rel = report["reliability"]
    out += _heading("Field reliability (time to first failure)")
    if "products" not in rel or rel["note"]:
        out.append("  " + rel["note"])
    else:
        out.append(f"  As of {rel['as_of']}; times in days in service; Weibull by maximum "
                   "likelihood with 95 % bounds; survival by Kaplan-Meier.")  # fmt: skip
        rows = [row[:-1] for row in _reliability_rows(rel)]
        out += _text_table(RELIABILITY_HEADERS[:-1], rows)
        for p in rel["products"]:
            if p["note"]:
                out.append(f"  {p['product']}: {p['note']}")

    fc = report["forecast"]
    out += _heading(f"Claims forecast (next {fc.get('months', FORECAST_MONTHS)} months)")
    if "rows" not in fc or fc["note"]:
        out.append("  " + fc["note"])
    else:
        out.append("  Expected first-failure claims of the units in the field without a failure, "
                   f"as of {fc['as_of']}.")  # fmt: skip
        rows = _forecast_rows(fc)
        out += _text_table(["product", "units at risk", "claims", "cost"], rows)

    mt = report["maintenance"]
    out += _heading("Preventive maintenance")
    if "by_product" not in mt or mt["note"]:
        out.append("  " + mt["note"])
    else:
        out.append(f"  Due dates whose grace window closed by {mt['as_of']}, "
                   "and how many were met:")  # fmt: skip
        rows = _maintenance_rows(mt)
        out += _text_table(["product", "units", "due", "met", "compliance"], rows)
        if any(r["n"] for r in mt["series"]):
            out.append("")
            rows = [[r["period"], str(r["n"]), _pct(r["value"])] for r in mt["series"]]
            out += _text_table([mt["granularity"], "due", "compliance"], rows)

    out += _heading("Anomalies and corrective action")
    if not report["anomalies"]:
        out.append("  no anomaly recorded")
    for a in report["anomalies"]:
        out.append(f"  {a['id']} (detected {a['detected']}): {a['description']}")
        out.append(f"    cause: {a['cause'].replace('_', ' ')}"
                   + (f" - {a['cause_detail']}" if a["cause_detail"] else ""))  # fmt: skip
        for i in a["implications"]:
            out.append(f"    implication: {i}")
        for m in a["measures"]:
            out.append(f"    measure from {m['date']}: {m['description']}")
        if a["verification"] is None:
            out.append(f"    {a['note']}")
            continue
        w = a["windows"]
        out.append(f"    KPI: {KPI_LABELS.get(a['kpi'], a['kpi'])}"
                   + (f" of {a['product']}" if a["product"] else "")
                   + f"; before {w['before']['start']} to {w['before']['end']}, "
                   f"after {w['after']['start']} to {w['after']['end']}")  # fmt: skip
        out.append(f"    Verdict: {a['verdict_text']}")
        if a["weekly"]:
            rows = [[f"{r['start']} to {r['end']}", r["side"], format_value(r["value"], a["unit"]),
                     str(r["n"])] for r in a["weekly"]]  # fmt: skip
            out += _text_table(["week", "", "value", "n"], rows, indent="    ")
    return "\n".join(out) + "\n"


def render_json(report: dict[str, Any]) -> str:
    """The report as JSON: keys in the report's own order (summary first),
    indented by 2, NaN never written (it is None already)."""
    return _json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML page: inline CSS and the charts
    of _charts.py as base64 PNG images; no external link, font or script."""
    from . import _charts

    colours = {}
    for i, p in enumerate(report["ledger"]["products"]):
        colours[p["sku"]] = _charts.product_colour(i)
    esc = _html.escape
    period = report["period"]
    when = "no events yet" if period is None else f"{period['start']} to {period['end']}"
    body: list[str] = []

    def chart(name: str, png: bytes | None, alt: str, caption: str = "") -> None:
        if png is None:
            return
        data = base64.b64encode(png).decode("ascii")
        body.append(f'<figure class="chart"><img data-chart="{esc(name)}" alt="{esc(alt)}" '
                    f'src="data:image/png;base64,{data}">'
                    + (f"<figcaption>{esc(caption)}</figcaption>" if caption else "") + "</figure>")

    def note(text: str | None) -> None:
        if text:
            body.append(f'<p class="note">{esc(text)}</p>')

    def table(headers: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> None:
        head = "".join(f"<th>{esc(h)}</th>" for h in headers)
        lines = "".join(
            "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows
        )
        body.append(f'<table class="{cls}"><thead><tr>{head}</tr></thead>'
                    f"<tbody>{lines}</tbody></table>")

    led = report["ledger"]
    body.append(f"<header><h1>{esc(report['title'])}</h1><p class=\"period\">{esc(when)}"
                f" &middot; {led['events']:,} events in the ledger &middot; "
                f"{len(led['products'])} products</p></header>")

    summary = report["summary"]
    body.append('<section id="summary"><h2>Summary</h2>')
    if "note" in summary:
        note(summary["note"])
    else:
        h = summary["headline"]
        tiles = [
            ("Units sold", f"{summary['units_sold']:,}"),
            ("NPS", _fixed(h["nps"])),
            ("CSAT", "-" if h["csat"] is None else f"{h['csat']:.1f} %"),
            ("First response in SLA", _pct(h["first_response_sla"])),
            ("Resolution in SLA", _pct(h["resolution_sla"])),
            ("Warranty cost / unit sold", _euros(h["warranty_cost_per_unit_sold"])),
            ("Maintenance compliance", _pct(h["maintenance_compliance"])),
            ("Repairs returned", f"{summary['repairs_returned']:,}"),
        ]
        body.append('<div class="tiles">' + "".join(
            f'<div class="tile"><div class="value">{esc(v)}</div>'
            f'<div class="label">{esc(k)}</div></div>'
            for k, v in tiles) + "</div>")  # fmt: skip
        rows = [[p["sku"], p["name"], p["category"], p["installation"] or "none",
                 "yes" if p["training"] else "no", ", ".join(p["warranties"]) or "-",
                 _plan_text(p["maintenance"]),
                 f"{summary['units_sold_by_product'].get(p['sku'], 0):,}"]
                for p in led["products"]]  # fmt: skip
        table(["SKU", "name", "category", "installation", "training", "warranties", "maintenance",
               "units sold"], rows)  # fmt: skip
    body.append("</section>")

    kpis = report["kpis"]
    body.append('<section id="kpis"><h2>Key performance indicators</h2>')
    if "note" in kpis:
        note(kpis["note"])
    else:
        skus = list(kpis["products"])
        rows = []
        for name, k in kpis["total"].items():
            cells = [KPI_LABELS.get(name, name), format_value(k["value"], k["unit"]), f"{k['n']:,}"]
            cells += [format_value(kpis["products"][s][name]["value"], k["unit"]) for s in skus]
            rows.append(cells)
        table(["KPI", "total", "n", *skus], rows, "numeric")
        note("wd: working days, wh: working hours, d: calendar days; n: observations in total; "
             "- where nothing was measured.")  # fmt: skip
    body.append("</section>")

    sat = report["satisfaction"]
    body.append('<section id="satisfaction"><h2>Satisfaction</h2>')
    if "series" not in sat:
        note(sat["note"])
    else:
        note(sat["note"])
        o = sat["overall"]
        body.append(f"<p>Over the period: NPS {esc(_interval(o['nps']))} (n = {o['nps']['n']}), "
                    f"CSAT {esc(_interval(o['csat']))} % (n = {o['csat']['n']}), "
                    f"CES {esc(_interval(o['ces'], 2))} (n = {o['ces']['n']}); 95 % intervals "
                    "in brackets.</p>")  # fmt: skip
        chart("satisfaction", _charts.satisfaction(report), "NPS and CSAT over time",
              "Shaded: the 95 % interval of each score (NPS: Wald; CSAT: Wilson score; CES: normal "
              "approximation); dotted: the score over the whole period.")
        if sat["answers"]:
            rows = [[r["period"], _interval(r["nps"]), str(r["nps"]["n"]), _interval(r["csat"]),
                     str(r["csat"]["n"]), _interval(r["ces"], 2), str(r["ces"]["n"])]
                    for r in sat["series"]]  # fmt: skip
            table([sat["granularity"], "NPS [95 %]", "n", "CSAT % [95 %]", "n", "CES [95 %]", "n"],
                  rows, "numeric")  # fmt: skip
        rr = sat["response_rates"]
        if rr["channels"]:
            body.append("<h3>Response rates per channel</h3>")
            rows = [[c["channel"], f"{c['sent']:,}", f"{c['answered']:,}", _pct(c["rate"])]
                    for c in rr["channels"]]  # fmt: skip
            t = rr["total"]
            rows.append(["all channels", f"{t['sent']:,}", f"{t['answered']:,}", _pct(t["rate"])])
            table(["channel", "sent", "answered", "rate"], rows, "numeric")
    body.append("</section>")

    sla = report["sla"]
    body.append('<section id="sla"><h2>Service level (SLA) compliance</h2>')
    if "series" not in sla or sla["note"]:
        note(sla["note"])
    else:
        chart("sla", _charts.sla(report), "SLA compliance over time")
        rows = _sla_rows(sla)
        table([sla["granularity"], "first response", "n", "mean wh", "resolution", "n", "mean wh"],
              rows, "numeric")  # fmt: skip
    body.append("</section>")

    rel = report["reliability"]
    body.append('<section id="reliability"><h2>Field reliability</h2>')
    if "products" not in rel or rel["note"]:
        note(rel["note"])
    else:
        body.append(f"<p>Time to first failure of the units in service as of "
                    f"{esc(rel['as_of'])}: a Weibull fit by maximum likelihood (units "
                    "without a failure censored at their age) with 95 % bounds, and the "
                    "Kaplan&ndash;Meier survival curve.</p>")  # fmt: skip
        table(RELIABILITY_HEADERS, _reliability_rows(rel), "numeric")
        for p in rel["products"]:
            png = _charts.reliability(p, colours.get(p["product"], _charts.MUTED))
            chart(f"reliability-{p['product']}", png,
                  f"Weibull probability plot and survival curve of {p['product']}")  # fmt: skip
    body.append("</section>")

    fc = report["forecast"]
    months = fc.get("months", FORECAST_MONTHS)
    body.append(f'<section id="forecast"><h2>Claims forecast, next {months} months</h2>')
    if "rows" not in fc or fc["note"]:
        note(fc["note"])
    else:
        chart("forecast", _charts.forecast(report, colours),
              "Claims forecast per month and product",
              "Expected first failures of the units in the field without one, "
              f"as of {fc['as_of']}.")  # fmt: skip
        rows = _forecast_rows(fc)
        table(["product", "units at risk", "expected claims", "expected cost"], rows, "numeric")
    body.append("</section>")

    mt = report["maintenance"]
    body.append('<section id="maintenance"><h2>Preventive maintenance</h2>')
    if "by_product" not in mt or mt["note"]:
        note(mt["note"])
    else:
        chart("maintenance", _charts.maintenance(report, colours), "Maintenance compliance")
        rows = _maintenance_rows(mt)
        table(["product", "units", "due dates", "met", "compliance"], rows, "numeric")
        note(f"Due dates whose grace window closed by {mt['as_of']}.")
    body.append("</section>")

    body.append('<section id="anomalies"><h2>Anomalies and corrective action</h2>')
    if not report["anomalies"]:
        note("No anomaly recorded.")
    for a in report["anomalies"]:
        v = a["verification"]
        badge = "pending" if v is None else v["verdict"]
        body.append(f'<article class="anomaly"><h3>{esc(a["id"])}: {esc(a["description"])} '
                    f'<span class="badge {esc(badge)}">{esc(badge.replace("_", " "))}</span></h3>')
        cause = esc(a["cause"].replace("_", " "))
        if a["cause_detail"]:
            cause += f" &ndash; {esc(a['cause_detail'])}"
        items = [f"Detected {esc(a['detected'])}", f"Cause: {cause}"]
        items += [f"Implication: {esc(i)}" for i in a["implications"]]
        items += [f"Measure from {esc(m['date'])}: {esc(m['description'])}" for m in a["measures"]]
        body.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        if v is None:
            note(a["note"])
        else:
            body.append(f'<p class="verdict {esc(badge)}">{esc(a["verdict_text"])}</p>')
            chart(f"anomaly-{a['id']}", _charts.anomaly(a),
                  f"{a['id']} before and after the measure")  # fmt: skip
        body.append("</article>")
    body.append("</section>")
    body.append(f"<footer>postventa {esc(report['postventa'])} &middot; after-sales report "
                f"{esc(when)}</footer>")
    return _PAGE.format(title=esc(f"{report['title']}, {when}"), css=_CSS, body="\n".join(body))


def _plan_text(plan: dict[str, Any] | None) -> str:
    if not plan:
        return "-"
    parts = []
    if plan.get("every_months"):
        parts.append(f"every {plan['every_months']} months")
    if plan.get("every_days"):
        parts.append(f"every {plan['every_days']} days")
    if plan.get("every_usage"):
        parts.append(f"every {plan['every_usage']:g} of usage")
    text = " or ".join(parts)
    if plan.get("grace_days"):
        text += f" (grace {plan['grace_days']} d)"
    return text


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""

_CSS = """
:root { --ink: #1d2733; --muted: #6b7785; --line: #d9dee4; --band: #f4f6f8; --accent: #1f6fb2;
        --good: #2e8b5e; --bad: #c43d3d; --neutral: #8a8f96; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; color: var(--ink);
       font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 24px 28px 40px; background: white; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 10px; margin-bottom: 8px; }
h1 { margin: 0; font-size: 26px; }
h2 { font-size: 19px; margin: 30px 0 10px; padding-bottom: 4px;
     border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 8px; }
.period { margin: 4px 0 0; color: var(--muted); }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 12px 0 16px; }
.tile { background: var(--band); border-left: 4px solid var(--accent); padding: 10px 12px; }
.tile .value { font-size: 22px; font-weight: bold; }
.tile .label { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left;
         white-space: nowrap; }
th { background: var(--band); font-weight: 600; }
table.numeric td:not(:first-child), table.numeric th:not(:first-child) { text-align: right; }
tbody tr:hover { background: #f8fafc; }
figure.chart { margin: 12px 0 16px; }
figure.chart img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
.note { color: var(--muted); font-style: italic; }
.anomaly { border: 1px solid var(--line); padding: 4px 16px 8px; margin: 12px 0; }
.badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; color: white;
         background: var(--neutral); vertical-align: middle; margin-left: 6px; }
.badge.effective { background: var(--good); } .badge.not_effective { background: var(--bad); }
.verdict { font-weight: 600; } .verdict.effective { color: var(--good); }
.verdict.not_effective { color: var(--bad); }
footer { margin-top: 30px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line);
         padding-top: 8px; }
"""
