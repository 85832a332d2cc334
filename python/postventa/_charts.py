"""The charts of the HTML report (python/postventa/report.py), drawn with
matplotlib's Agg renderer into PNG bytes.

Every chart reads only the report dict. Figures are built with
``matplotlib.figure.Figure`` and rendered by ``FigureCanvasAgg``, never through
pyplot: nothing is registered globally, so nothing stays open and no GUI
backend is ever touched, whatever ``MPLBACKEND`` says. A chart with nothing to
draw returns None and the page says "no data" instead.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

# The report's palette: one colour per product (in catalog order), and fixed
# colours for the measures, so a product looks the same in every chart.
PRODUCT_COLOURS = ["#1f6fb2", "#e07b39", "#3a9e6f", "#b5446e", "#7d5ba6", "#8c6d31",
                   "#4aa3c9", "#c9a227", "#5f6b73", "#d35454"]  # fmt: skip
INK = "#1d2733"
MUTED = "#6b7785"
GRID = "#d9dee4"
NPS_COLOUR = "#1f6fb2"
CSAT_COLOUR = "#3a9e6f"
CES_COLOUR = "#7d5ba6"
FIRST_RESPONSE_COLOUR = "#1f6fb2"
RESOLUTION_COLOUR = "#e07b39"
BAD_COLOUR = "#d35454"
GOOD_COLOUR = "#3a9e6f"
DPI = 110

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.edgecolor": "#9aa5b1",
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.7,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
}


def product_colour(index: int) -> str:
    return PRODUCT_COLOURS[index % len(PRODUCT_COLOURS)]


@contextmanager
def _figure(width: float, height: float, **subplots: Any) -> Iterator[tuple[Any, Any, list[bytes]]]:
    """A figure and its axes in the report's style; the PNG bytes land in the
    list once the block ends."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.subplots(**subplots) if subplots else figure.subplots()
        out: list[bytes] = []
        yield figure, axes, out
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        figure.clear()
        out.append(buffer.getvalue())


def _values(rows: list[dict[str, Any]], key: str, field: str = "value") -> np.ndarray:
    return np.array([np.nan if r[key][field] is None else r[key][field] for r in rows], dtype=float)


def _period_axis(ax: Any, labels: list[str]) -> None:
    x = np.arange(len(labels))
    step = max(1, math.ceil(len(labels) / 12))
    tilt = len(labels) > 6
    ax.set_xticks(x[::step], [labels[i] for i in range(0, len(labels), step)],
                  rotation=30 if tilt else 0, ha="right" if tilt else "center")  # fmt: skip
    ax.set_xlim(-0.5, len(labels) - 0.5)


def _band(ax: Any, x: np.ndarray, value: np.ndarray, low: np.ndarray, high: np.ndarray,
          colour: str, label: str) -> None:  # fmt: skip
    ax.fill_between(x, low, high, color=colour, alpha=0.16, linewidth=0, label="95 % interval")
    ax.plot(x, value, color=colour, marker="o", markersize=4, linewidth=1.8, label=label)


def satisfaction(report: dict[str, Any]) -> bytes | None:
    """NPS, CSAT (and CES when answered) per period with their 95 % bands."""
    sat = report.get("satisfaction", {})
    rows = sat.get("series") or []
    panels = [(name, title, colour, unit) for name, title, colour, unit in (
        ("nps", "Net Promoter Score", NPS_COLOUR, "NPS (−100 to 100)"),
        ("csat", "Customer satisfaction (CSAT)", CSAT_COLOUR, "satisfied (4–5 of 5), %"),
        ("ces", "Customer effort score (CES)", CES_COLOUR, "mean effort (1–7)"),
    ) if any(r[name]["n"] for r in rows)]  # fmt: skip
    if not panels:
        return None
    labels = [r["period"] for r in rows]
    x = np.arange(len(rows))
    grid = {"nrows": len(panels), "sharex": True, "squeeze": False}
    with _figure(10, 2.7 * len(panels), **grid) as (fig, axes, out):
        for ax, (name, title, colour, unit) in zip(axes[:, 0], panels):
            _band(ax, x, _values(rows, name), _values(rows, name, "low"),
                  _values(rows, name, "high"), colour, name.upper())  # fmt: skip
            overall = sat["overall"][name]
            ax.axhline(overall["value"], color=colour, linestyle=":", linewidth=1,
                       label=f"period: {overall['value']:.1f}")  # fmt: skip
            n = [r[name]["n"] for r in rows]
            ax.set_title(f"{title} per {sat['granularity']}", pad=4)
            ax.set_ylabel(unit)
            if name == "nps":
                ax.axhline(0, color=MUTED, linewidth=0.8)
            for xi, ni, vi in zip(x, n, _values(rows, name)):
                if ni and np.isfinite(vi):
                    ax.annotate(f"n={ni}", (xi, vi), textcoords="offset points", xytext=(0, 6),
                                ha="center", fontsize=7, color=MUTED)  # fmt: skip
            ax.legend(loc="lower left", ncols=3)
        _period_axis(axes[-1, 0], labels)
    return out[0]


def sla(report: dict[str, Any]) -> bytes | None:
    """First-response and resolution compliance per period, with the cases judged."""
    section = report.get("sla", {})
    rows = section.get("series") or []
    if not rows or section.get("note"):
        return None
    labels = [r["period"] for r in rows]
    x = np.arange(len(rows))
    with _figure(10, 3.8, nrows=2, sharex=True, height_ratios=[3, 1]) as (fig, (ax, counts), out):
        series = (("first_response_sla", "first response", FIRST_RESPONSE_COLOUR),
                  ("resolution_sla", "resolution", RESOLUTION_COLOUR))  # fmt: skip
        for key, label, colour in series:
            ax.plot(x, 100 * _values(rows, key), marker="o", markersize=4, linewidth=1.8,
                    color=colour, label=f"{label} within target")  # fmt: skip
        shares = [100 * _values(rows, "first_response_sla"), 100 * _values(rows, "resolution_sla")]
        low = np.nanmin(np.concatenate([*shares, [100.0]]))
        ax.set_ylim(max(0.0, math.floor(low / 10) * 10 - 5), 102)
        ax.set_ylabel("targets met, %")
        ax.set_title(f"SLA compliance per {section['granularity']}", pad=4)
        ax.legend(loc="lower left", ncols=2)
        width = 0.38
        counts.bar(x - width / 2, _values(rows, "first_response_sla", "n"), width,
                   color=FIRST_RESPONSE_COLOUR, alpha=0.55)  # fmt: skip
        counts.bar(x + width / 2, _values(rows, "resolution_sla", "n"), width,
                   color=RESOLUTION_COLOUR, alpha=0.55)  # fmt: skip
        counts.set_ylabel("judged")
        counts.grid(axis="x", visible=False)
        _period_axis(counts, labels)
    return out[0]


# Weibull paper: the F values whose ln(-ln(1-F)) mark the vertical axis.
_PAPER_TICKS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.632, 0.9, 0.95, 0.99,
                0.999]  # fmt: skip


def _weibull_y(f: Any) -> Any:
    return np.log(-np.log1p(-np.asarray(f, dtype=float)))


def reliability(entry: dict[str, Any], colour: str) -> bytes | None:
    """One product: the Weibull probability plot (ln(−ln(1−F)) against ln t,
    median ranks and the MLE line) beside the Kaplan–Meier survival curve."""
    km = entry.get("kaplan_meier") or []
    if not km:
        return None
    with _figure(10, 3.6, ncols=2) as (fig, (paper, surv), out):
        w = entry["weibull"]
        points = entry["probability_plot"]
        if w is not None and points:
            t = np.array([p["t"] for p in points])
            f = np.array([p["F"] for p in points])
            paper.scatter(t, _weibull_y(f), s=14, color=colour, alpha=0.8, zorder=3,
                          label="failures (median ranks)")  # fmt: skip
            lo = min(t.min(), w["scale"] * 0.05) * 0.8
            hi = max(t.max(), w["scale"]) * 1.6
            tt = np.geomspace(lo, hi, 50)
            line = w["shape"] * (np.log(tt) - math.log(w["scale"]))
            paper.plot(tt, line, color=INK, linewidth=1.4,
                       label=f"MLE: β = {w['shape']:.2f}, η = {w['scale']:,.0f} d")  # fmt: skip
            paper.axhline(_weibull_y(0.632), color=MUTED, linewidth=0.7, linestyle="--")
            paper.set_xscale("log")
            paper.set_xlim(lo, hi)
            ymin = min(_weibull_y(f).min(), _weibull_y(0.01)) - 0.3
            ymax = max(_weibull_y(f).max(), 0.0) + 0.6
            ticks = [p for p in _PAPER_TICKS if ymin <= _weibull_y(p) <= ymax]
            paper.set_yticks(_weibull_y(ticks), [f"{100 * p:g} %" for p in ticks])
            paper.set_ylim(ymin, ymax)
            paper.legend(loc="upper left")
        else:
            paper.text(0.5, 0.5, entry.get("note") or "no Weibull fit", ha="center", va="center",
                       transform=paper.transAxes, color=MUTED, wrap=True)  # fmt: skip
            paper.set_xticks([])
            paper.set_yticks([])
        paper.set_title(f"{entry['product']}: Weibull probability plot", pad=4)
        paper.set_xlabel("days in service (log scale)")
        paper.set_ylabel("unreliability F(t) (Weibull scale)")

        time = np.array([r["time"] for r in km])
        s = np.array([np.nan if r["survival"] is None else r["survival"] for r in km])
        low = np.array([np.nan if r["lower"] is None else r["lower"] for r in km])
        high = np.array([np.nan if r["upper"] is None else r["upper"] for r in km])
        surv.fill_between(time, low, high, step="post", color=colour, alpha=0.18, linewidth=0,
                          label="95 % interval")  # fmt: skip
        surv.step(time, s, where="post", color=colour, linewidth=1.8, label="Kaplan–Meier")
        if w is not None:
            tt = np.linspace(0, time.max(), 200)
            surv.plot(tt, np.exp(-((tt / w["scale"]) ** w["shape"])), color=INK, linewidth=1,
                      linestyle="--", label="Weibull MLE")  # fmt: skip
        surv.set_ylim(max(0.0, np.nanmin(low, initial=1.0) - 0.05), 1.01)
        surv.set_xlim(0, max(time.max(), 1))
        surv.set_title(f"{entry['product']}: survival to first failure", pad=4)
        surv.set_xlabel("days in service")
        surv.set_ylabel("share without failure")
        surv.yaxis.set_major_formatter(_percent_formatter())
        surv.legend(loc="lower left")
    return out[0]


def _percent_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{100 * v:.0f} %")


def forecast(report: dict[str, Any], colours: dict[str, str]) -> bytes | None:
    """Expected claims per coming month, stacked per product."""
    fc = report.get("forecast", {})
    rows = fc.get("rows") or []
    if not rows:
        return None
    totals = fc["total"]
    months = [t["month_end"] for t in fc["by_month"]]
    x = np.arange(1, fc["months"] + 1)
    with _figure(10, 3.4) as (fig, ax, out):
        bottom = np.zeros(len(x))
        for product in [p["product"] for p in fc["by_product"]]:
            y = np.zeros(len(x))
            for r in rows:
                if r["product"] == product:
                    y[r["month"] - 1] = r["expected_claims"]
            ax.bar(x, y, 0.72, bottom=bottom, color=colours.get(product, MUTED), label=product)
            bottom += y
        for xi, b in zip(x, bottom):
            ax.annotate(f"{b:.1f}", (xi, b), textcoords="offset points", xytext=(0, 3), ha="center",
                        fontsize=7.5, color=MUTED)  # fmt: skip
        labels = [_dt.date.fromisoformat(m).strftime("%b %Y") for m in months]
        ax.set_xticks(x, labels, rotation=30, ha="right")
        ax.grid(axis="x", visible=False)
        cost = totals["expected_cost"]
        extra = f"; expected cost €{cost / 100:,.0f}" if cost is not None else ""
        ax.set_title(f"Claims forecast: {totals['expected_claims']:.1f} expected first failures in "
                     f"{fc['months']} months{extra}", pad=4)  # fmt: skip
        ax.set_ylabel("expected claims per month")
        ax.set_xlabel("month ending")
        ax.legend(loc="upper right", ncols=min(4, len(fc["by_product"])))
        ax.set_ylim(0, bottom.max() * 1.18 if bottom.max() > 0 else 1)
    return out[0]


def maintenance(report: dict[str, Any], colours: dict[str, str]) -> bytes | None:
    """Compliance per period (left) and per product to date (right)."""
    mt = report.get("maintenance", {})
    products = mt.get("by_product") or []
    if not products:
        return None
    rows = mt["series"]
    with _figure(10, 3.4, ncols=2, width_ratios=[2.2, 1]) as (fig, (line, bars), out):
        labels = [r["period"] for r in rows]
        x = np.arange(len(rows))
        values = np.array([np.nan if r["value"] is None else 100 * r["value"] for r in rows])
        line.plot(x, values, color=GOOD_COLOUR, marker="o", markersize=4, linewidth=1.8,
                  label="due dates met")  # fmt: skip
        total = mt["total"]["compliance"]
        if total is not None:
            line.axhline(100 * total, color=MUTED, linestyle=":", linewidth=1,
                         label=f"to {mt['as_of']}: {100 * total:.1f} %")  # fmt: skip
        line.set_ylim(0, 105)
        line.set_ylabel("due dates met, %")
        line.set_title(f"Maintenance compliance per {mt['granularity']}", pad=4)
        line.legend(loc="lower left")
        _period_axis(line, labels)
        names = [p["product"] for p in products]
        share = [0.0 if p["compliance"] is None else 100 * p["compliance"] for p in products]
        y = np.arange(len(names))
        bars.barh(y, share, 0.6, color=[colours.get(n, MUTED) for n in names])
        for yi, p, s in zip(y, products, share):
            bars.text(min(s, 100) - 2 if s > 30 else s + 2, yi, f"{p['met']}/{p['due']}",
                      va="center", ha="right" if s > 30 else "left", fontsize=8,
                      color="white" if s > 30 else INK)  # fmt: skip
        bars.set_yticks(y, names)
        bars.set_ylim(max(len(names), 3) - 0.5, -0.5)
        bars.set_xlim(0, 100)
        bars.set_xlabel("met, %")
        bars.grid(axis="y", visible=False)
        bars.set_title("Per product, to date", pad=4)
    return out[0]


def anomaly(entry: dict[str, Any]) -> bytes | None:
    """The anomaly's KPI week by week around the measure, with the before and
    after values of the verification and the verdict."""
    weeks = entry.get("weekly") or []
    if not weeks or entry.get("verification") is None:
        return None
    v = entry["verification"]
    is_ratio = entry.get("unit") == "ratio"
    scale = 100.0 if is_ratio else 1.0
    starts = [_dt.date.fromisoformat(w["start"]) for w in weeks]
    ends = [_dt.date.fromisoformat(w["end"]) for w in weeks]
    mid = [a + (b - a) / 2 for a, b in zip(starts, ends)]
    values = np.array([np.nan if w["value"] is None else scale * w["value"] for w in weeks])
    measure = _dt.date.fromisoformat(entry["windows"]["after"]["start"])
    colour = {"effective": GOOD_COLOUR, "not_effective": BAD_COLOUR}.get(v["verdict"], MUTED)
    with _figure(10, 3.4) as (fig, ax, out):
        before = [i for i, w in enumerate(weeks) if w["side"] == "before"]
        after = [i for i, w in enumerate(weeks) if w["side"] == "after"]
        ax.axvspan(starts[0], measure, color=BAD_COLOUR, alpha=0.06, linewidth=0)
        for side in (before, after):  # not joined across the measure
            ax.plot([mid[i] for i in side], values[side], color=INK, linewidth=1.2, alpha=0.45)
        ax.scatter([mid[i] for i in before], values[before], color=BAD_COLOUR, s=28, zorder=3,
                   label="weeks before the measure")  # fmt: skip
        ax.scatter([mid[i] for i in after], values[after], color=GOOD_COLOUR, s=28, zorder=3,
                   label="weeks after")  # fmt: skip
        ax.axvline(measure, color=INK, linewidth=1.4, linestyle="--")
        ax.annotate(f"measure {measure:%d %b %Y}", (measure, 0), xycoords=("data", "axes fraction"),
                    xytext=(4, 6), textcoords="offset points", fontsize=8.5, color=INK)  # fmt: skip
        what = "" if v["test"] == "two_proportion_z" else "median, "
        levels = (("before", v.get("value_before"), (starts[0], measure), BAD_COLOUR),
                  ("after", v.get("value_after"), (measure, ends[-1]), GOOD_COLOUR))  # fmt: skip
        for side, value, span, tint in levels:
            if value is not None:
                ax.hlines(scale * value, span[0], span[1], color=tint, linestyle=":", linewidth=1.5,
                          label=f"{side} window ({what}{v['n_' + side]} obs.): "
                                f"{_show(value, entry.get('unit'))}")  # fmt: skip
        import matplotlib.dates as mdates

        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        label = entry.get("kpi_label") or entry.get("kpi", "").replace("_", " ")
        unit = {"ratio": "%", "working_hours": "working hours", "working_days": "working days",
                "days": "days"}.get(entry.get("unit") or "", "")  # fmt: skip
        ax.set_ylabel(f"{label} ({unit})" if unit else label)
        ax.set_xlabel("7-day weeks counted from the measure (points at mid-week)")
        title = f"{entry['id']}: {label} per week; verdict: {v['verdict'].replace('_', ' ')}"
        ax.set_title(title, pad=4, color=colour)
        if is_ratio:
            finite = values[np.isfinite(values)]
            ax.set_ylim(max(0.0, (finite.min() if len(finite) else 0) - 10), 105)
        ax.legend(loc="lower right", fontsize=8)
    return out[0]


def _show(value: float, unit: str | None) -> str:
    if unit == "ratio":
        return f"{100 * value:.1f} %"
    return f"{value:.1f}"
