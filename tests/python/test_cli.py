"""The ``postventa`` command end to end (SPEC §9.3, issue 7), run as a user
runs it: the installed console script in a subprocess. The demo at a small
size, an import with good and bad rows, the report as text, JSON and HTML, and
a claim. The pieces are tested in depth by test_company.py, test_report.py,
test_import.py and test_claim.py; here the expected values are worked out
from the files the test writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import postventa as pv
import pytest

SCRIPT = Path(sys.executable).parent / "postventa"


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSTVENTA_PROGRESS": "1"}  # the bars go to stderr
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=600, env=env)  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    where = tmp_path_factory.mktemp("demo")
    # 2 500 units: enough cases on each side of the anomaly's measure for a verdict.
    result = run("demo", "--units", "2500", "--seed", "7", "--out", "out", cwd=where)
    return where / "out", result


def test_the_demo_builds_a_ledger_and_its_report(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, result = demo
    assert result.returncode == 0, result.stderr
    stored = int(re.search(r"stored ([\d,]+) events", result.stderr).group(1).replace(",", ""))
    with pv.Ledger(str(out / "ledger.sqlite")) as led:
        assert led.event_count() == stored
        sold = led.kpis(*led.span(), by_product=False)
        units = sold["n"][list(sold["kpi"]).index("warranty_cost_per_unit_sold")]
        assert units == 2500
        (anomaly,) = led.anomalies()
    text = result.stdout
    for section in ("SUMMARY", "KEY PERFORMANCE INDICATORS", "SATISFACTION", "FIELD RELIABILITY",
                    "CLAIMS FORECAST", "PREVENTIVE MAINTENANCE", "ANOMALIES AND CORRECTIVE ACTION"):  # fmt: skip
        assert section in text
    assert re.search(r"Units sold\s+2,500", text)
    assert anomaly["id"] in text and "Verdict: Effective" in text
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') >= 8
    assert not re.search(r'(src|href)="https?://', html)
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["summary"]
    assert "demo company" in result.stderr  # the progress bar of the long step


def test_the_same_seed_gives_the_same_company(tmp_path: Path,
                                              demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:  # fmt: skip
    out, first = demo
    again = run("demo", "--units", "2500", "--seed", "7", "--out", "again", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split("\nThe ledger:")[0] == first.stdout.split("\nThe ledger:")[0]


def test_report_over_a_range_as_text_json_and_html(tmp_path: Path,
                                                   demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:  # fmt: skip
    out, _ = demo
    db = str(out / "ledger.sqlite")
    text = run("report", "--db", db, "--from", "2025-01-01", "--to", "2025-06-30", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "Period: 2025-01-01 to 2025-06-30" in text.stdout
    js = run("report", "--db", db, "--from", "2025-01-01", "--to", "2025-06-30", "--json",
             "--html", "half.html", cwd=tmp_path)  # fmt: skip
    assert js.returncode == 0, js.stderr
    data = json.loads(js.stdout)
    with pv.Ledger(db) as led:
        kpis = led.kpis("2025-01-01", "2025-06-30").to_pandas()
    total = kpis[kpis["product"].isna()].set_index("kpi")
    assert data["period"] == {"start": "2025-01-01", "end": "2025-06-30"}
    assert (tmp_path / "half.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    # The units sold in the half year, as the KPI table counts them.
    assert data["summary"]["units_sold"] == int(total.loc["warranty_cost_per_unit_sold", "n"])
    bad = run("report", "--db", db, "--from", "2025-06-30", "--to", "2025-01-01", cwd=tmp_path)
    assert bad.returncode == 2 and "is before --from" in bad.stderr
    missing = run("report", "--db", str(tmp_path / "nowhere.sqlite"), cwd=tmp_path)
    assert missing.returncode == 1 and "no such ledger file" in missing.stderr
    assert not (tmp_path / "nowhere.sqlite").exists()


PRODUCTS = {
    "products": [{"sku": "KET", "installation": "none", "warranties": ["legal-es"]}],
}


def test_import_good_and_bad_rows_then_claim(tmp_path: Path) -> None:
    (tmp_path / "products.json").write_text(json.dumps(PRODUCTS), encoding="utf-8")
    lines = [
        {"id": "1", "type": "sold", "unit": "K1", "date": "2025-01-10", "customer": "A",
         "product": "KET", "price": 3000, "channel": "store"},
        {"id": "2", "type": "delivered", "unit": "K1", "date": "2025-01-12"},
        {"id": "3", "type": "delivered", "unit": "K9", "date": "2025-01-12"},  # never sold
        {"id": "4", "type": "repair_received", "unit": "K1", "date": "2025-03-01", "fault": "heater"},
    ]  # fmt: skip
    text = "\n".join(json.dumps(e) for e in lines[:2]) + "\n{not json\n" + "\n".join(
        json.dumps(e) for e in lines[2:]) + "\n"  # fmt: skip
    (tmp_path / "events.jsonl").write_text(text, encoding="utf-8")
    (tmp_path / "more.csv").write_text(
        "id,type,unit,date,outcome,parts_cost,labor_cost\n"
        "5,repair_returned,K1,2025-03-04,fixed,1200,800\n"
        "6,repair_returned,K1,2025-03-05,fixed,abc,0\n",
        encoding="utf-8",
    )
    result = run("import", "events.jsonl", "more.csv", "--db", "led.sqlite",
                 "--products", "products.json", cwd=tmp_path)  # fmt: skip
    # Line 3 is not JSON, line 4 delivers a unit never sold; CSV line 3 has a
    # cost that is not a number: 3 rejected, 4 stored, exit status 1.
    assert result.returncode == 1, result.stderr
    assert "events.jsonl:3:" in result.stdout and "events.jsonl:4:" in result.stdout
    assert "more.csv:3:" in result.stdout
    assert re.search(r"stored\D+4\b", result.stdout) and re.search(r"rejected\D+3\b", result.stdout)
    with pv.Ledger(str(tmp_path / "led.sqlite")) as led:
        assert [e["id"] for e in led.history("K1")] == ["1", "2", "4", "5"]
    # Again: every good row is a duplicate now.
    again = run("import", "events.jsonl", "--db", "led.sqlite", cwd=tmp_path)
    assert re.search(r"duplicates\D+3\b", again.stdout)
    strict = run("import", "events.jsonl", "--db", "strict.sqlite", "--products",
                 "products.json", "--strict", cwd=tmp_path)  # fmt: skip
    assert strict.returncode == 1
    with pv.Ledger(str(tmp_path / "strict.sqlite")) as led:
        assert led.event_count() == 2  # the rows before line 3

    # The heater fails on 2025-04-01, within legal-es (36 months from
    # 2025-01-12): parts 100.00 and labour 50.00 are the company's.
    claim = run("claim", "--db", "led.sqlite", "K1", "2025-04-01", "heater",
                "--parts", "10000", "--labor", "5000", cwd=tmp_path)  # fmt: skip
    assert claim.returncode == 0, claim.stderr
    assert "legal-es" in claim.stdout and "150.00" in claim.stdout
    as_json = run("claim", "--db", "led.sqlite", "K1", "2025-04-01", "heater", "--parts", "10000",
                  "--labor", "5000", "--json", cwd=tmp_path)  # fmt: skip
    decision = json.loads(as_json.stdout)
    assert decision["covered"] is True and decision["company_cost"]["parts"] == 10000
    unknown = run("claim", "--db", "led.sqlite", "K7", "2025-04-01", "heater", cwd=tmp_path)
    assert unknown.returncode == 1 and "K7" in unknown.stderr


def test_the_analyst_example_runs_on_the_demo_ledger(tmp_path: Path,
                                                     demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:  # fmt: skip
    """examples/analyst.py, as the README tells an analyst to run it."""
    out, _ = demo
    example = Path(__file__).resolve().parents[2] / "examples" / "analyst.py"
    result = subprocess.run([sys.executable, str(example), str(out / "ledger.sqlite")], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    with pv.Ledger(str(out / "ledger.sqlite")) as led:
        skus = [p["sku"] for p in led.products()]
        (anomaly,) = led.anomalies()
        verdict = led.verify_anomaly(anomaly["id"], led.span()[1])["verification"]["verdict"]
    for sku in skus:
        assert re.search(rf"^  {re.escape(sku)}\s+beta ", result.stdout, re.MULTILINE), sku
    assert f"{anomaly['id']} ({anomaly['cause']})" in result.stdout
    assert result.stdout.rstrip().endswith(verdict)
    assert "NPS per product and quarter" in result.stdout
