"""``postventa claim`` (SPEC §2.3, §9.3, issue 7): the warranty decision in
words, and as its canonical JSON.

The expected decisions are worked out by hand from the policies below (month
arithmetic of SPEC §1.2; company share round_half_up(quote * percent / 100)).
The product CAL-24, a boiler installed by a specialist, has two policies:
  - legal-es (preset): legal, from delivery, 36 months 100 % on parts, labor
    and travel, presumption 24 months, suspended during repair, excluded
    faults misuse and accident;
  - maker-5y: commercial, from installation, parts 100 % for 60 months, labor
    50 % for 60 months, travel 0 % for 12 months, void if the customer
    installed the unit.
Every unit is sold 2024-01-10, delivered 2024-01-15 and installed 2024-01-20,
so legal-es covers 2024-01-15 .. 2027-01-15 (presumption until 2026-01-15) and
maker-5y parts and labor 2024-01-20 .. 2029-01-20, travel until 2025-01-20.
The quote is parts 10000, labor 5001, travel 2001 cents (170.02 EUR).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import postventa as pv
import pytest
from postventa import _claim

BOILER: dict[str, Any] = {
    "sku": "CAL-24",
    "name": "Caldera de condensación 24 kW",
    "installation": "specialist",
    "warranties": [
        "legal-es",
        {
            "name": "maker-5y",
            "kind": "commercial",
            "starts_at": "installation",
            "parts": {"percent": 100, "months": 60},
            "labor": {"percent": 50, "months": 60},
            "travel": {"percent": 0, "months": 12},
            "requires_specialist_installation": True,
        },
    ],
}
QUOTE = ["--parts", "10000", "--labor", "5001", "--travel", "2001"]


def cli(argv: list[str]) -> int:
    """``postventa claim ...`` as cli.main runs a subcommand."""
    parser = argparse.ArgumentParser(prog="postventa")
    commands = parser.add_subparsers(dest="command", required=True)
    _claim.add_parser(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, parser))
    except pv.Error as error:
        print(f"postventa: error: {error}", file=sys.stderr)
        return 1


def unit_events(unit: str, installed_by: str) -> list[dict[str, Any]]:
    return [
        {"id": f"{unit}-s", "type": "sold", "unit": unit, "date": "2024-01-10",
         "customer": "C1", "product": "CAL-24", "price": 150000, "channel": "store"},
        {"id": f"{unit}-d", "type": "delivered", "unit": unit, "date": "2024-01-15"},
        {"id": f"{unit}-i", "type": "installed", "unit": unit, "date": "2024-01-20",
         "by": installed_by},
    ]  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger.sqlite")
    with pv.Ledger(path) as led:
        led.add_product(BOILER)
        led.record_many(unit_events("SN-1", "specialist") + unit_events("SN-2", "customer"))
        # SN-3 spent 10 days in repair for its pump under legal-es.
        led.record_many(
            unit_events("SN-3", "specialist")
            + [
                {"id": "r1", "type": "repair_received", "unit": "SN-3", "date": "2024-06-01",
                 "fault": "pump", "case": "K-1"},
                {"id": "r2", "type": "repair_returned", "unit": "SN-3", "date": "2024-06-11",
                 "outcome": "fixed", "parts_cost": 0, "labor_cost": 0},
            ]  # fmt: skip
        )
    return path


def table_row(out: str, component: str) -> list[str]:
    """The cells of a component's line of the cost table, split on runs of
    two or more spaces."""
    for line in out.splitlines():
        if line.startswith(f"  {component} "):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no line for {component} in:\n{out}")


def test_covered_by_the_commercial_warranty_after_the_legal_one_ended(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2027-03-01: legal-es ended 2027-01-15 (expired). maker-5y grants parts
    # 100 % and labor 50 % until 2029-01-20; its travel ended 2025-01-20.
    # Company: parts 10000, labor round_half_up(2500.5) = 2501, travel 0 =
    # 12501 (125.01); customer 0, 2500, 2001 = 4501 (45.01). maker-5y has no
    # presumption period.
    assert cli(["claim", "--db", db, "SN-1", "2027-03-01", "pump", *QUOTE]) == 0
    out = capsys.readouterr().out
    assert out.startswith('Claim on unit SN-1 (product CAL-24)\n  dated 2027-03-01, fault "pump"\n')
    assert "Covered: yes; basis maker-5y (commercial)\n" in out
    assert "Remedy: repair\n" in out
    assert "Presumed non-conformity: no" in out
    assert table_row(out, "parts") == [
        "parts", "100.00", "100 %", "maker-5y (commercial)", "2029-01-20", "100.00", "0.00"
    ]  # fmt: skip
    assert table_row(out, "labor") == [
        "labor", "50.01", "50 %", "maker-5y (commercial)", "2029-01-20", "25.01", "25.00"
    ]  # fmt: skip
    assert table_row(out, "travel") == ["travel", "20.01", "0 %", "-", "-", "0.00", "20.01"]
    assert table_row(out, "total") == ["total", "170.02", "125.01", "45.01"]
    reasons = out.split("Reasons:\n", 1)[1].splitlines()
    assert reasons == [
        "  legal-es:expired  every component's cover had ended by the claim date"
    ]


def test_not_covered(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    # SN-2 was installed by the customer: maker-5y is void; legal-es ended
    # 2027-01-15. Nothing is granted: the customer pays the whole 170.02.
    assert cli(["claim", "--db", db, "SN-2", "2027-03-01", "pump", *QUOTE]) == 0
    out = capsys.readouterr().out
    assert "Covered: no\n" in out
    assert "Remedy: none (nothing is covered)\n" in out
    assert "Presumed non-conformity" not in out
    assert table_row(out, "parts") == ["parts", "100.00", "0 %", "-", "-", "0.00", "100.00"]
    assert table_row(out, "total") == ["total", "170.02", "0.00", "170.02"]
    reasons = out.split("Reasons:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in reasons] == [
        "legal-es:expired",
        "maker-5y:void_installation",
    ]
    assert "installed by the customer" in reasons[1]


def test_legal_guarantee_with_presumption_and_an_excluded_fault(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2025-03-01, pump: legal-es 100 % on all three until 2027-01-15; maker-5y
    # also 100 % on parts, and the tie goes to legal before commercial. Within
    # the 24 months of presumption (until 2026-01-15). No reasons at all.
    assert cli(["claim", "--db", db, "SN-1", "2025-03-01", "pump", *QUOTE]) == 0
    out = capsys.readouterr().out
    assert "Covered: yes; basis legal-es (legal)\n" in out
    assert "Presumed non-conformity: yes" in out
    for component, amount in (("parts", "100.00"), ("labor", "50.01"), ("travel", "20.01")):
        assert table_row(out, component) == [
            component, amount, "100 %", "legal-es (legal)", "2027-01-15", amount, "0.00"
        ]  # fmt: skip
    assert "Reasons: none" in out

    # misuse is excluded by legal-es; maker-5y does not exclude it and grants
    # parts 100 % and labor 50 % (its travel ended 2025-01-20).
    assert cli(["claim", "--db", db, "SN-1", "2025-03-01", "misuse", *QUOTE]) == 0
    out = capsys.readouterr().out
    assert "Covered: yes; basis maker-5y (commercial)\n" in out
    assert table_row(out, "total") == ["total", "170.02", "125.01", "45.01"]
    assert "  legal-es:excluded_fault  this fault category is excluded by the policy" in out


def test_suspension_days_are_explained(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    # SN-3 was in repair 2024-06-01 .. 2024-06-11 (10 days) under legal-es,
    # which suspends: its cover ends 2027-01-15 + 10 days = 2027-01-25. On
    # 2027-01-20 legal-es still grants 100 % on all three.
    assert cli(["claim", "--db", db, "SN-3", "2027-01-20", "pump", "--parts", "10000"]) == 0
    out = capsys.readouterr().out
    assert table_row(out, "parts") == [
        "parts", "100.00", "100 %", "legal-es (legal)", "2027-01-25", "100.00", "0.00"
    ]  # fmt: skip
    assert table_row(out, "labor")[1:5] == ["0.00", "100 %", "legal-es (legal)", "2027-01-25"]
    assert (
        "  legal-es:suspended_days:10  cover extended by 10 days the unit spent in repair "
        "under this policy"
    ) in out
    assert "No quote given" not in out


def test_json_is_the_canonical_decision(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["claim", "--db", db, "SN-1", "2027-03-01", "pump", *QUOTE, "--json"]) == 0
    out = capsys.readouterr().out
    with pv.Ledger(db) as led:
        decision = led.assess_claim(
            "SN-1", "2027-03-01", "pump", {"parts": 10000, "labor": 5001, "travel": 2001}
        )
    assert out == decision.to_json() + "\n"
    data = json.loads(out)
    assert data["covered"] is True
    assert data["basis"] == "maker-5y"
    assert data["coverage"]["labor"] == {
        "percent": 50, "policy": "maker-5y", "ends_on": "2029-01-20"
    }  # fmt: skip
    assert data["coverage"]["travel"] == {"percent": 0, "policy": None, "ends_on": None}
    assert data["company_cost"] == {"parts": 10000, "labor": 2501, "travel": 0, "total": 12501}
    assert data["customer_cost"] == {"parts": 0, "labor": 2500, "travel": 2001, "total": 4501}
    assert data["reasons"] == ["legal-es:expired"]

    # Not covered is still exit status 0.
    assert cli(["claim", "--db", db, "SN-2", "2027-03-01", "pump", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["covered"] is False


def test_errors(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["claim", "--db", db, "SN-404", "2025-03-01", "pump"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("postventa: error: ")
    assert "SN-404" in err

    missing = tmp_path / "missing.sqlite"
    assert cli(["claim", "--db", str(missing), "SN-1", "2025-03-01", "pump"]) == 1
    assert "no such ledger file" in capsys.readouterr().err
    assert not missing.exists()  # not created by looking

    for bad in (["2025-02-30", "pump"], ["2025-03-01", "pump", "--parts", "12.50"],
                ["2025-03-01", "pump", "--labor", "-1"]):  # fmt: skip
        with pytest.raises(SystemExit) as exit_info:
            cli(["claim", "--db", db, "SN-1", *bad])
        assert exit_info.value.code == 2
    assert "is not a whole number of cents" in capsys.readouterr().err


def test_euros_and_reason_texts() -> None:
    assert _claim.euros(0) == "0.00"
    assert _claim.euros(5) == "0.05"
    assert _claim.euros(2501) == "25.01"
    assert _claim.euros(123456789) == "1,234,567.89"
    assert _claim.euros(-250) == "-2.50"
    # Every reason code the core gives (docs/warranty.md) has a text.
    for code in ("not_delivered", "unit_refunded", "unit_replaced", "unit_retired",
                 "not_purchased", "start_fallback_delivery", "not_started", "excluded_fault",
                 "void_installation", "void_maintenance", "post_repair_cover", "expired",
                 "repeat_failure"):  # fmt: skip
        assert _claim.explain_reason(code), code
    assert _claim.explain_reason("suspended_days:1") == (
        "cover extended by 1 day the unit spent in repair under this policy"
    )
    assert _claim.explain_reason("something_new") == ""
