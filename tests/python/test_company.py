"""The demo company of ``postventa demo`` (issue 7; python/postventa/_company.py):
deterministic for a seed, every event accepted by a file ledger, and the shape
of the business checked from the events with pandas and the library's own
calendar, independently of how the generator made them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import postventa as pv
import pytest
from postventa import _company

UTC = dt.timezone.utc
MADRID = pv.Calendar(pv.calendars.load("es-madrid"))


@pytest.fixture(scope="module")
def company() -> _company.Company:
    return _company.generate()  # the demo's default: 4 000 units, seed 0


@pytest.fixture(scope="module")
def events(company: _company.Company) -> pd.DataFrame:
    return company.frame()


@pytest.fixture(scope="module")
def built(company: _company.Company, tmp_path_factory: Any) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("company") / "demo.sqlite"
    with pv.Ledger(path) as led:
        counts = _company.build(led, company, progress=False)
    return path, counts


@pytest.fixture
def ledger(built: tuple[Path, dict[str, Any]]) -> Any:
    with pv.Ledger(built[0]) as led:
        yield led


def first_of(events: pd.DataFrame, kind: str, by: str = "unit") -> pd.DataFrame:
    rows = events[events["type"] == kind]
    return rows.drop_duplicates(by, keep="first").set_index(by)


# ---- Determinism ------------------------------------------------------------------


def test_same_seed_same_events_whatever_the_chunks() -> None:
    units = _company.BLOCK_UNITS + 1_300  # two blocks
    one = pd.concat(list(_company.generate(units, seed=5).events(chunk_units=units)),
                    ignore_index=True)  # fmt: skip
    chunks = list(_company.generate(units, seed=5).events(chunk_units=1_700))
    assert [len(set(c["id"].str.slice(2, 9))) for c in chunks] == [1_700] * 3 + [1_200]
    pd.testing.assert_frame_equal(one, pd.concat(chunks, ignore_index=True))
    assert one["id"].is_unique
    other = _company.generate(units, seed=6).frame()
    sold = [f[f["type"] == "sold"].set_index("unit") for f in (one, other)]
    assert (sold[0]["date"] != sold[1]["date"]).mean() > 0.9
    assert (sold[0]["product"] != sold[1]["product"]).mean() > 0.5


def test_generate_and_events_refuse_bad_arguments() -> None:
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="units"):
            _company.generate(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seed"):
        _company.generate(10, seed=-1)
    with pytest.raises(TypeError, match="start"):
        _company.generate(10, start=dt.datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="chunk_units"):
        next(_company.generate(10).events(chunk_units=0))


# ---- Every event is valid --------------------------------------------------------


def test_every_event_is_accepted_by_a_file_ledger(
    company: _company.Company, events: pd.DataFrame, built: tuple[Path, dict[str, Any]]
) -> None:
    path, counts = built
    assert counts["units"] == 4_000 and counts["duplicates"] == 0
    assert counts["events"] == len(events) > 30_000
    assert counts["by_type"] == events["type"].value_counts().sort_index().to_dict()
    with pv.Ledger(path) as led:  # reopened: everything was committed
        assert led.event_count() == len(events)
        assert [p["sku"] for p in led.products()] == sorted(p["sku"] for p in company.products)
        assert [a["id"] for a in led.anomalies()] == [company.anomaly["id"]]
        assert led.span() == (company.start, company.as_of)
        # Stable ids: the same events again are no-ops.
        assert led.record_many(events.iloc[:5_000]) == (0, 5_000)
    assert events["date"].max() <= pd.Timestamp(company.as_of)
    assert events["at"].max() < pd.Timestamp(company.as_of + dt.timedelta(days=1), tz=UTC)
    assert set(events["type"]) >= {
        "sold", "delivered", "delivery_checked", "installed", "installation_checked", "trained",
        "maintenance_done", "repair_received", "repair_returned", "replaced", "refunded",
        "retired", "extension_purchased", "complaint_opened", "complaint_resolved",
        "survey_sent", "survey_answered", "case_opened", "case_status",
    }  # fmt: skip


def test_the_catalog_has_different_rules_per_line(company: _company.Company) -> None:
    products = {p["sku"]: p for p in company.products}
    assert 3 <= len(products) <= 5
    assert {p["installation"] for p in products.values()} == {"specialist", "customer", "none"}
    assert {p["training"] for p in products.values()} == {True, False}
    kinds = {sku: {w if isinstance(w, str) else w["kind"] for w in p["warranties"]}
             for sku, p in products.items()}  # fmt: skip
    assert sum("legal-es" in k for k in kinds.values()) >= 3
    assert any("commercial" in k for k in kinds.values())
    assert any("extended" in k for k in kinds.values())
    plans = [p["maintenance"] for p in products.values() if p["maintenance"]]
    assert {plan["every_months"] for plan in plans} == {6, 12}
    assert company.calendars == {"es-madrid": pv.calendars.load("es-madrid")}
    assert {s["calendar"] for s in company.slas} == {"es-madrid"}
    assert {p["sla"] for p in products.values()} == {s["name"] for s in company.slas}


# ---- The shape of the business, from the events --------------------------------------


def test_response_rates_per_channel(events: pd.DataFrame, ledger: Any,
                                    company: _company.Company) -> None:  # fmt: skip
    sent = events[events["type"] == "survey_sent"]["channel"].value_counts()
    answered = events[events["type"] == "survey_answered"]["channel"].value_counts()
    rate = answered / sent
    assert 0.08 <= rate["paper"] <= 0.16
    assert 0.25 <= rate["digital"] <= 0.35
    assert 0.58 <= rate["interviewer"] <= 0.72
    # The ledger matches answers to sends the same way.
    table = ledger.survey_responses(company.start, company.as_of, "all").to_pandas()
    by_channel = table.groupby("channel")[["sent", "answered"]].sum()
    assert by_channel["sent"].to_dict() == sent.to_dict()
    assert by_channel["answered"].to_dict() == answered.to_dict()


def test_delivery_checks(events: pd.DataFrame, ledger: Any, company: _company.Company) -> None:
    delivered = first_of(events, "delivered")
    first = first_of(events, "delivery_checked")
    assert (first["date"] == delivered["date"]).all()  # the call on the delivery day
    share = first["outcome"].value_counts(normalize=True)
    assert 0.86 <= share["ok"] <= 0.95
    assert 0.03 <= share["late"] <= 0.09
    assert 0.01 <= share["damaged"] <= 0.035
    assert 0.005 <= share["incomplete"] <= 0.025
    assert 0.001 <= share["wrong_item"] <= 0.015
    # Every damaged, incomplete or wrong delivery opens a case that day and is
    # checked again, ok, once put right (unless that is after the last day).
    bad = first[first["outcome"].isin(["damaged", "incomplete", "wrong_item"])]
    opened = events[(events["type"] == "case_opened") & (events["kind"] == "delivery_issue")]
    opened = opened.set_index("unit")
    assert sorted(opened.index) == sorted(bad.index)
    assert (opened["at"].dt.date == delivered.loc[opened.index, "date"].dt.date).all()
    checks = events[events["type"] == "delivery_checked"]
    again = checks[checks.duplicated("unit", keep="first")].set_index("unit")
    assert set(again["outcome"]) == {"ok"} and set(again.index) <= set(bad.index)
    assert len(again) >= 0.9 * len(bad)
    # The ledger's defect rate over the two years is the share of checks not ok.
    kpis = ledger.kpis(company.start, company.as_of, by_product=False).to_pandas()
    rate = kpis.set_index("kpi").loc["delivery_defect_rate"]
    assert rate["n"] == len(checks)
    assert rate["value"] == pytest.approx((checks["outcome"] != "ok").mean())


def test_weibull_shape_of_first_failures_is_recovered() -> None:
    company = _company.generate(30_000, seed=1)
    events = company.frame()
    delivered = first_of(events, "delivered")
    product = first_of(events, "sold")["product"]
    # First failures of the units sold (replacement units are not in the sample).
    received = events[events["type"] == "repair_received"]
    received = received[~received["unit"].str.endswith("R")]
    failed = first_of(received, "repair_received")["date"]
    end = pd.Series(pd.Timestamp(company.as_of), index=delivered.index)
    end.loc[failed.index] = failed
    days = (end - delivered["date"]).dt.days.to_numpy(float)
    is_failure = delivered.index.isin(failed.index)
    checked = 0
    for sku, life in company.lives.items():
        mine = (product.loc[delivered.index] == sku).to_numpy() & (days > 0)
        if (mine & is_failure).sum() < 200:
            continue
        fit = pv.weibull_fit(days[mine & is_failure], days[mine & ~is_failure])
        assert fit.shape == pytest.approx(life["shape"], rel=0.15), sku
        assert fit.scale == pytest.approx(life["scale_days"], rel=0.2), sku
        checked += 1
    assert checked >= 3


def working_hours(start: pd.Series, end: pd.Series) -> np.ndarray:
    return np.array([MADRID.business_time_between(a.to_pydatetime(), b.to_pydatetime())
                     .total_seconds() / 3600 for a, b in zip(start, end)])  # fmt: skip


def test_the_shortage_slows_first_responses(events: pd.DataFrame,
                                            company: _company.Company) -> None:  # fmt: skip
    opened = events[events["type"] == "case_opened"].set_index("case")
    statuses = events[events["type"] == "case_status"]
    first = statuses.drop_duplicates("case", keep="first").set_index("case")["at"]
    cases = opened.join(first.rename("responded"), how="inner")
    cases["hours"] = working_hours(cases["at"], cases["responded"])
    cases["month"] = cases["at"].dt.strftime("%Y-%m")
    mean = cases.groupby("month")["hours"].mean()
    shortage = dt.date.fromisoformat(company.anomaly["verification"]["before"]["start"])
    assert shortage == dt.date(2025, 7, 1)
    assert mean["2025-07"] > 2.5 * max(mean["2025-06"], mean["2025-09"], mean["2025-10"])
    # First responses against the SLA target of each case's policy and priority.
    targets = {(s["name"], p): t["first_response"] / 3600
               for s in company.slas for p, t in s["targets"].items()}  # fmt: skip
    cases["target"] = [targets[k] for k in zip(cases["sla"], cases["priority"])]
    cases["met"] = cases["hours"] <= cases["target"]
    windows = company.anomaly["verification"]
    day = cases["at"].dt.date
    within = {name: (day >= dt.date.fromisoformat(w["start"])) & (day <= dt.date.fromisoformat(
        w["end"])) for name, w in (("before", windows["before"]), ("after", windows["after"]))}
    assert within["before"].sum() >= 30 and within["after"].sum() >= 30
    assert cases.loc[within["before"], "met"].mean() < 0.65
    assert cases.loc[within["after"], "met"].mean() > 0.85
    assert cases.loc[~within["before"], "met"].mean() > 0.85


def test_verify_anomaly_says_effective(ledger: Any, company: _company.Company) -> None:
    review = ledger.verify_anomaly(company.anomaly["id"], company.as_of)
    record = company.anomaly
    assert review["windows"] == {"before": record["verification"]["before"],
                                 "after": record["verification"]["after"]}  # fmt: skip
    v = review["verification"]
    assert v["test"] == "two_proportion_z" and v["verdict"] == "effective"
    assert v["n_before"] >= 30 and v["n_after"] >= 30
    assert v["value_before"] < 0.65 < 0.85 < v["value_after"]
    measures = {m["date"] for m in record["measures"]}
    assert measures == {record["verification"]["after"]["start"]}
    detected = dt.date.fromisoformat(record["detected"])
    assert dt.date.fromisoformat(record["verification"]["before"]["start"]) < detected
    assert record["cause"] == "staff_shortage"


def test_maintenance_compliance(events: pd.DataFrame, ledger: Any,
                                company: _company.Company) -> None:  # fmt: skip
    table = ledger.maintenance_compliance(company.as_of + dt.timedelta(days=1)).to_pandas()
    totals = table.groupby("product")[["due", "met"]].sum()
    compliance = totals["met"] / totals["due"]
    assert set(compliance.index) == {"CAL-24", "CAF-PRO2"}
    assert compliance.between(0.6, 0.9).all()
    # The coffee machines' dues worked out by hand: every 6 months from the
    # installation (legal month arithmetic), met by a service within 15 days.
    sold = first_of(events, "sold")
    installed = first_of(events, "installed")["date"]
    done = events[events["type"] == "maintenance_done"].groupby("unit")["date"].apply(list)
    replaced = set(events.loc[events["type"] == "replaced", "unit"])
    last = company.as_of  # windows closed before as_of + 1
    checked = 0
    for unit in sold.index[(sold["product"] == "CAF-PRO2").to_numpy()]:
        if unit in replaced or unit not in installed.index:
            continue
        start = installed[unit].date()
        visits = [d.date() for d in done.get(unit, [])]
        due = met = 0
        k = 1
        while (when := pv.add_months(start, 6 * k)) + dt.timedelta(days=15) <= last:
            due += 1
            met += any(abs((v - when).days) <= 15 for v in visits)
            k += 1
        row = table[table["unit"] == unit]
        if due:
            assert (int(row["due"].iloc[0]), int(row["met"].iloc[0])) == (due, met), unit
            checked += 1
    assert checked > 200


def test_customers_come_back_and_refer(events: pd.DataFrame, ledger: Any,
                                       company: _company.Company) -> None:  # fmt: skip
    sold = events[events["type"] == "sold"]
    purchases = sold.groupby("customer")["date"].nunique()
    assert 0.08 <= (purchases >= 2).mean() <= 0.3
    business = purchases[purchases.index.str.startswith("B")]
    assert (business >= 2).mean() > (purchases >= 2).mean()
    assert 0.05 <= (sold["channel"] == "referral").mean() <= 0.2
    kpis = ledger.kpis(company.start, company.as_of, by_product=False).to_pandas()
    row = kpis.set_index("kpi").loc["repurchase_rate"]
    assert row["n"] == len(purchases)
    assert row["value"] == pytest.approx((purchases >= 2).mean())
    # Seasonality: November (Black Friday) sells more than August.
    month = sold["date"].dt.month
    assert (month == 11).sum() > 1.3 * (month == 8).sum()


def test_satisfaction_follows_what_happened(events: pd.DataFrame) -> None:
    answers = events[events["type"] == "survey_answered"]
    # CSAT after a repair that did not fix the fault is lower than after one that did.
    returned = events[events["type"] == "repair_returned"]
    received = events[events["type"] == "repair_received"][["unit", "case", "date"]]
    repairs = received.merge(returned[["unit", "date", "outcome"]], on="unit",
                             suffixes=("", "_back"))  # fmt: skip
    repairs = repairs[repairs["date_back"] >= repairs["date"]]
    repairs = repairs.sort_values("date_back").drop_duplicates("case", keep="first")
    csat = answers.loc[answers["instrument"] == "csat", ["case", "score"]].merge(
        repairs[["case", "outcome"]], on="case")
    by_outcome = csat.groupby("outcome")["score"].apply(lambda s: pv.csat(s.to_numpy()).value)
    assert by_outcome["fixed"] - by_outcome["not_fixed"] > 20
    # NPS a year after the sale, from customers with one unit: lower after a repair.
    sold = events[events["type"] == "sold"]
    single = sold.groupby("customer").filter(lambda g: len(g) == 1).set_index("customer")
    yearly = answers[(answers["instrument"] == "nps") & answers["unit"].isna()]
    yearly = yearly[yearly["customer"].isin(single.index)].copy()
    unit = single.loc[yearly["customer"], "unit"].to_numpy()
    first_repair = received.drop_duplicates("unit").set_index("unit")["date"]
    repaired = pd.Series(unit).map(first_repair)
    yearly["repaired"] = (repaired.to_numpy() <= yearly["date"].to_numpy())
    nps = yearly.groupby("repaired")["score"].apply(lambda s: pv.nps(s.to_numpy()).value)
    assert nps[False] - nps[True] > 15
    assert 10 < pv.nps(answers[answers["instrument"] == "nps"]["score"].to_numpy()).value < 50


def test_the_clock_is_the_calendars_working_time() -> None:
    config = pv.calendars.load("es-madrid")
    first = dt.date(2025, 3, 1)
    clock = _company._Clock(config, _company._day_number(first), 300)
    rng = np.random.default_rng(4)
    base = int(dt.datetime(2025, 3, 2, tzinfo=UTC).timestamp())
    # Across Holy Thursday and Good Friday, the DST change and May's holidays.
    a = base + rng.integers(0, 90 * 86_400, 300)
    b = a + rng.integers(0, 20 * 86_400, 300)
    work = clock.w(b) - clock.w(a)
    then = clock.after(a, work)
    for x, y, w, t in zip(a, b, work, then):
        ax = dt.datetime.fromtimestamp(int(x), UTC)
        expected = MADRID.business_time_between(ax, dt.datetime.fromtimestamp(int(y), UTC))
        assert w == expected.total_seconds()
        if w > 0:
            assert dt.datetime.fromtimestamp(int(t), UTC) == MADRID.add_business_time(
                ax, dt.timedelta(seconds=int(w)))
    days = np.arange(_company._day_number(first), _company._day_number(first) + 300)
    assert list(clock.is_working(days)) == [
        MADRID.is_working_day(_company._to_date(d)) for d in days
    ]
