"""An analyst's session over a postventa ledger (the Python face).

Run ``./scripts/demo.sh`` first (it writes ``postventa-demo/ledger.sqlite``),
then::

    .venv/bin/python examples/analyst.py [LEDGER]

It answers four questions a quality manager asks, each in a few lines:
the KPIs per product, NPS per product and quarter with its interval, the
Weibull life of each product, and whether the corrective measures worked.
tests/python/test_examples.py runs it on a demo ledger.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import postventa as pv

path = sys.argv[1] if len(sys.argv) > 1 else "postventa-demo/ledger.sqlite"
pd.set_option("display.width", 160)
pd.set_option("display.max_columns", None)

with pv.Ledger(path) as led:
    first, last = led.span()
    print(f"{path}: {led.event_count():,} events from {first} to {last}\n")

    # 1. The KPIs of the last quarter, one column per product (docs/kpis.md).
    start = (pd.Timestamp(last) - pd.offsets.QuarterBegin(startingMonth=1)).date()
    kpis = led.kpis(start, last).to_pandas()
    kpis["product"] = kpis["product"].fillna("total")
    print(f"KPIs from {start} to {last}:")
    print(kpis.pivot(index="kpi", columns="product", values="value").round(3), "\n")

    # 2. NPS per product and quarter, with its interval, in one grouped pass
    #    over the answers (pv.nps with by= takes any group array).
    answers = led.survey_answers(first, last).to_pandas()
    nps = answers[(answers["instrument"] == "nps") & answers["product"].notna()]
    quarter = pd.PeriodIndex(pd.to_datetime(nps["date"]), freq="Q").astype(str)
    groups = (nps["product"] + " " + quarter).to_numpy()
    scores = pv.nps(nps["score"].to_numpy(), by=groups).to_pandas()
    print("NPS per product and quarter (the last four quarters):")
    scores[["product", "quarter"]] = scores["group"].str.split(" ", expand=True)
    recent = sorted(scores["quarter"].unique())[-4:]
    print(scores[scores["quarter"].isin(recent)].pivot(index="product", columns="quarter",
                                                         values="value").round(1), "\n")  # fmt: skip

    # 3. The Weibull life of each product: time to first failure, units
    #    without a failure censored at their age (SPEC §8 conventions).
    units = led.failure_times(last).to_pandas()
    print("Time to first failure (Weibull MLE, days):")
    for sku, g in units.groupby("product"):
        failed = g.loc[g["failed"], "days"].to_numpy(dtype=float)
        survivors = g.loc[~g["failed"] & (g["days"] > 0), "days"].to_numpy(dtype=float)
        fit = pv.weibull_fit(np.maximum(failed, 0.5), survivors)
        b10 = fit.scale * (-np.log(0.9)) ** (1 / fit.shape)
        print(f"  {sku:10} beta {fit.shape:4.2f} [{fit.shape_ci[0]:.2f}, {fit.shape_ci[1]:.2f}]"
              f"  eta {fit.scale:7.0f}  B10 {b10:5.0f}  ({len(failed)} failures of {len(g)})")  # fmt: skip
    print()

    # 4. Did the corrective measures work (seed 003)?
    for anomaly in led.anomalies():
        review = led.verify_anomaly(anomaly["id"], last)
        v = review["verification"]
        shown = {k: "n/a" if v[k] is None else f"{v[k]:.3g}" for k in ("value_before", "value_after", "p_value")}
        print(f"{anomaly['id']} ({anomaly['cause']}): {anomaly['verification']['kpi']} "
              f"{shown['value_before']} -> {shown['value_after']}, "
              f"p = {shown['p_value']}: {v['verdict']}")  # fmt: skip
