"""What the document commands (invoices, quotes) share: the options of a line and its VAT, the discount's, and
writing a PDF file."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from app.domain.document_lines import DocumentLine
from app.domain.errors import Checks
from app.domain.tax import Vat, clean_vat
from app.domain.text import collect
from app.services.identity import Actor


def add_tax_options(parser: argparse.ArgumentParser, default: str) -> None:
    tax = parser.add_mutually_exclusive_group()
    tax.add_argument("--tax-rate", dest="tax_rate", metavar="PCT", help=f"VAT rate in percent {default}".strip())
    tax.add_argument("--tax-exempt", dest="tax_exempt", metavar="REASON", help="exempt from VAT, with the reason")
    tax.add_argument(
        "--reverse-charge", dest="reverse_charge", metavar="REASON", help="the buyer accounts for VAT, with the reason"
    )


def add_line_options(parser: argparse.ArgumentParser, noun: str) -> None:
    """The options of `NOUN line add`: what the line says, how much of it at what price, and its VAT."""
    parser.add_argument("--description", required=True, metavar="TEXT")
    parser.add_argument("--quantity", required=True, metavar="Q", help="e.g. 1 or 2.5")
    parser.add_argument("--unit-price", dest="unit_price", required=True, metavar="P", help=f"in the {noun}'s currency")
    parser.add_argument("--unit", metavar="U", help="e.g. h, day, pcs")
    add_tax_options(parser, "(default: the organisation's VAT rate)")


def add_discount_options(parser: argparse.ArgumentParser, noun: str) -> argparse._MutuallyExclusiveGroup:
    """--percent or --amount, one of them required; returns their group for a command to add its own choice."""
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--percent", metavar="P", help="a percentage of the lines' net")
    how.add_argument("--amount", metavar="A", help=f"an amount in the {noun}'s currency")
    return how


def vat_option(actor: Actor, args: argparse.Namespace, *, always: bool) -> Vat | None:
    """The VAT the tax options ask for; without any of them the organisation's rate, or None unless `always`."""
    given = (args.tax_rate, args.tax_exempt, args.reverse_charge)
    if not always and all(value is None for value in given):
        return None
    return clean_vat(
        rate=args.tax_rate,
        exempt=args.tax_exempt,
        reverse_charge=args.reverse_charge,
        default_rate=actor.org.default_tax_rate,
    )


def line_from_options(
    actor: Actor, args: argparse.Namespace, change: Callable[..., DocumentLine], *, adding: bool
) -> DocumentLine:
    """Add (`adding`) or edit a line with `change`, a service bound to its document or line, from the options.

    The line's own checks run even when the tax is refused, so every problem is said at once; the refusal
    then rolls the line back (the command's unit of work is not committed).
    """
    checks = Checks()
    vat = collect(checks, vat_option, actor, args, always=adding)
    fields = {"description": args.description, "quantity": args.quantity, "unit_price": args.unit_price}
    if adding:
        fields["unit"] = args.unit or ""
    line = collect(checks, change, vat=vat, **fields)
    checks.raise_if_any()
    assert line is not None
    return line
