"""``postventa claim``: the warranty decision for a claim (SPEC §2.3, §9.3)
in a form a person at the after-sales desk can read, or as its canonical JSON.

The decision itself is :meth:`postventa.Ledger.assess_claim`; this module only
lays it out: covered or not, the basis policy, the remedy, per component the
percent granted, by which policy and until when, what the company and the
customer pay (the quote's integer cents printed as euros), and every reason
code with a short explanation (docs/warranty.md defines them).

Exit status: 0 whenever a decision was made, covered or not (a refusal is an
answer, not a failure); 1 when there is no decision (no such ledger file, a unit
the ledger does not know).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import postventa as pv

__all__ = ["REASONS", "add_parser", "euros", "explain_reason", "format_decision", "run"]

_COMPONENTS = ("parts", "labor", "travel")

#: A short explanation of each reason code (docs/warranty.md, "Evaluating one
#: policy"); ``suspended_days:N`` is explained with its N.
REASONS: dict[str, str] = {
    "not_delivered": "the unit had not been delivered by the claim date; no cover runs before delivery",
    "unit_refunded": "the unit was refunded; nothing is covered on it afterwards",
    "unit_replaced": "the unit was replaced; its remaining cover passed to the new unit",
    "unit_retired": "the unit was retired; nothing is covered on it afterwards",
    "not_purchased": "an extended warranty (or one that starts at its purchase) not bought for this unit",
    "start_fallback_delivery": "counts from installation, which has not happened; counted from delivery instead",
    "not_started": "the claim is dated before this policy's cover starts",
    "excluded_fault": "this fault category is excluded by the policy",
    "void_installation": "void: the unit was installed by the customer and the policy requires a specialist",
    "void_maintenance": "void: a required maintenance was missed and its grace period closed before the claim",
    "post_repair_cover": "the same fault was repaired under this policy; it stays covered for a while after the repair",
    "expired": "every component's cover had ended by the claim date",
    "repeat_failure": "this fault was repaired too often (or too long) under the policy: replace or refund instead",
}  # fmt: skip

_REMEDIES = {
    "repair": "repair",
    "replace_or_refund": "replace the unit or refund it (repairs of this fault have failed too often)",
    "none": "none (nothing is covered)",
}


def explain_reason(code: str) -> str:
    """The explanation of a reason code without its policy prefix; an unknown
    code (from a newer core) gets an empty explanation."""
    name, _, value = code.partition(":")
    if name == "suspended_days":
        days = "day" if value == "1" else "days"
        return f"cover extended by {value} {days} the unit spent in repair under this policy"
    return REASONS.get(code, "")


def euros(cents: int) -> str:
    """Integer cents as euros with two decimals, without going through a float."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{rest:02d}"


def format_decision(
    decision: pv.Decision,
    unit: str,
    date: dt.date,
    fault: str,
    quote: dict[str, int],
    kinds: dict[str, str] | None = None,
    product: str | None = None,
) -> list[str]:
    """The decision as lines of text. ``kinds`` maps policy names to their
    kind (legal, commercial, ...) for the product, when known."""
    kinds = kinds or {}

    def policy(name: str | None) -> str:
        if name is None:
            return "-"
        return f"{name} ({kinds[name]})" if name in kinds else name

    out = [f"Claim on unit {unit}" + (f" (product {product})" if product else "")]
    out.append(f'  dated {date.isoformat()}, fault "{fault}"')
    out.append("")
    if decision.covered:
        out.append(f"Covered: yes; basis {policy(decision.basis)}")
    else:
        out.append("Covered: no")
    out.append(f"Remedy: {_REMEDIES.get(decision.remedy, decision.remedy)}")
    if decision.covered:
        presumed = (
            "yes: within the basis policy's presumption period, the fault is presumed "
            "to have existed at delivery"
            if decision.presumed_nonconformity
            else "no: the customer may have to show the fault existed at delivery"
        )
        out.append(f"Presumed non-conformity: {presumed}")
    out.append("")

    coverage = decision.coverage
    policies = decision.policies
    ends_on = decision.ends_on
    company = decision.company_cost
    customer = decision.customer_cost
    rows = []
    for component in _COMPONENTS:
        end = ends_on[component]
        rows.append(
            [
                component,
                euros(quote[component]),
                f"{coverage[component]} %",
                policy(policies[component]),
                end.isoformat() if end is not None else "-",
                euros(company[component]),
                euros(customer[component]),
            ]
        )
    rows.append(
        ["total", euros(sum(quote.values())), "", "", "", euros(company["total"]),
         euros(customer["total"])]
    )  # fmt: skip
    headers = ["", "quote", "covered", "by policy", "until", "company", "customer"]
    right = {1, 2, 5, 6}
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        text = "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        )
        return "  " + text.rstrip()

    out.append(line(headers))
    for row in rows:
        out.append(line(row))
    out.append("  Amounts in euros; the company pays its share of each component's quote.")
    if not any(quote.values()):
        out.append("  No quote given (--parts, --labor, --travel): the amounts are zero.")
    out.append("")

    reasons = decision.reasons
    if not reasons:
        out.append("Reasons: none (no policy was out of force, void or extended for this claim)")
    else:
        out.append("Reasons:")
        width = max(len(code) for code in reasons)
        for code in reasons:
            _, _, bare = code.partition(":")
            text = explain_reason(bare)
            out.append(f"  {code.ljust(width)}  {text}".rstrip())
    return out


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Adds ``claim`` to the ``postventa`` command's subparsers."""
    parser = subparsers.add_parser(
        "claim",
        help="the warranty decision for a claim, with its reasons",
        description=(
            "Assesses a warranty claim on a unit (SPEC §2.3): whether it is covered, by "
            "which policy and until when, the remedy, who pays what of the quote, and "
            "every reason that shaped the decision."
        ),
        epilog=(
            "Amounts are integer cents (1250 is 12.50 EUR). Exit status 0 when a "
            "decision was made, covered or not; 1 when none could be (no such "
            "ledger, unknown unit)."
        ),
    )
    parser.add_argument("--db", metavar="LEDGER", required=True, help="the SQLite ledger")
    parser.add_argument("unit", metavar="UNIT", help="the unit's serial")
    parser.add_argument("date", metavar="DATE", type=_date, help="the claim date, YYYY-MM-DD")
    parser.add_argument("fault", metavar="FAULT", help="the fault category, e.g. pump")
    for component in _COMPONENTS:
        parser.add_argument(
            f"--{component}",
            metavar="CENTS",
            type=_cents,
            default=0,
            help=f"the quote for {component}, in cents (default 0)",
        )
    parser.add_argument(
        "--json", action="store_true", help="print the decision's canonical JSON instead"
    )
    parser.set_defaults(run=run)
    return parser


def _date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _cents(text: str) -> int:
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number of cents (1250 is 12.50 EUR)"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: an amount cannot be negative")
    return value


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Runs ``postventa claim``; returns the exit status."""
    if not Path(args.db).is_file():
        # Opening it would create an empty ledger: say what is wrong instead.
        print(f"postventa: error: {args.db}: no such ledger file", file=sys.stderr)
        return 1
    quote = {component: getattr(args, component) for component in _COMPONENTS}
    with pv.Ledger(args.db) as led:
        try:
            decision = led.assess_claim(args.unit, args.date, args.fault, quote)
        except pv.NotFoundError as error:
            print(f"postventa: error: {error} ({args.db})", file=sys.stderr)
            return 1
        if args.json:
            print(decision.to_json())
            return 0
        product, kinds = _product_of(led, args.unit)
    text = format_decision(decision, args.unit, args.date, args.fault, quote, kinds, product)
    print("\n".join(text))
    return 0


def _product_of(led: pv.Ledger, unit: str) -> tuple[str | None, dict[str, str]]:
    """The unit's product and the kind of each of its policies, for the text."""
    sku = next((e["product"] for e in led.history(unit) if e.get("product")), None)
    if sku is None:
        return None, {}
    for product in led.products():
        if product.get("sku") == sku:
            kinds = {}
            for policy in product.get("warranties", []):
                if isinstance(policy, dict) and "name" in policy and "kind" in policy:
                    kinds[str(policy["name"])] = str(policy["kind"])
            return sku, kinds
    return sku, {}

