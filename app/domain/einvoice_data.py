"""What an e-invoice (EN 16931: Factur-X CII, XRechnung UBL) says, gathered from an issued invoice or credit note,
and the check that every detail the chosen format makes mandatory is there, field by field.

The figures are the invoicing engine's (app/domain/document_totals.py): lines, VAT breakdown, discount shares and
totals are taken as computed, never recomputed. A credit note is stored with negative amounts; EN 16931 wants
it with positive ones and its type code saying what it is, so `sign` turns every figure round (exactly: a
negation rounds nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from moneyed import Money

from app.domain.client import Client
from app.domain.document_lines import DocumentLine
from app.domain.document_totals import Totals
from app.domain.errors import Problem
from app.domain.invoice import Invoice, InvoiceKind
from app.domain.money import decimals, from_minor
from app.domain.organisation import Organisation
from app.domain.party_details import CREDIT_TRANSFER
from app.domain.tax import VatCategory


class EInvoiceFormat(StrEnum):
    FACTURX = "facturx"  # PDF/A-3 with the EN 16931 CII XML (Factur-X / ZUGFeRD profile EN 16931)
    XRECHNUNG = "xrechnung"  # UBL 2.1 XML of the German CIUS XRechnung 3.0


# UN/ECE Recommendation 20 codes for the units lines are written in; anything else is a unit ("one").
UNIT_CODES = {
    "h": "HUR",
    "hr": "HUR",
    "hrs": "HUR",
    "hour": "HUR",
    "hours": "HUR",
    "min": "MIN",
    "d": "DAY",
    "day": "DAY",
    "days": "DAY",
    "wk": "WEE",
    "week": "WEE",
    "weeks": "WEE",
    "mo": "MON",
    "month": "MON",
    "months": "MON",
    "km": "KMT",
    "kg": "KGM",
}
PIECE = "C62"


def unit_code(unit: str) -> str:
    return UNIT_CODES.get(unit.strip().casefold(), PIECE)


@dataclass(frozen=True)
class TradeParty:
    """The seller or the buyer as an e-invoice names them."""

    name: str
    legal_name: str = ""  # the registered name, when it differs
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    vat_id: str = ""
    tax_number: str = ""  # seller only: the national tax number (BT-32)
    legal_form: str = ""  # seller only (BT-33)
    electronic_address: str = ""
    electronic_address_scheme: str = "EM"
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class TaxGroup:
    """One row of the VAT breakdown (BG-23) as EN 16931 groups it: by category and rate. The engine also
    keeps apart lines whose exemption reasons differ; at a rate of 0 their tax is 0, so joining them adds
    up exactly, and their reasons are joined."""

    category: VatCategory
    rate: Decimal
    reason: str
    lines_net: Money
    discount: Money
    taxable: Money
    tax: Money


@dataclass(frozen=True)
class EInvoice:
    number: str
    credit_note: bool
    deposit: bool  # a deposit (prepayment) invoice, asked for when a quote is signed
    issue_date: date
    due_date: date | None
    currency: str
    seller: TradeParty
    buyer: TradeParty
    buyer_reference: str  # BT-10 (XRechnung: the Leitweg-ID)
    purchase_order: str  # BT-13
    credited_number: str  # BT-25: on a credit note, the invoice it credits
    credited_date: date | None  # BT-26
    period_start: date | None  # BG-14
    period_end: date | None
    notes: str
    lines: tuple[DocumentLine, ...]
    totals: Totals
    groups: tuple[TaxGroup, ...]
    payment_terms: str  # BT-20, a sentence
    payment_means_code: str  # BT-81
    iban: str  # BT-84
    bic: str  # BT-86
    paid: Money  # BT-113: payments received before this export

    @property
    def sign(self) -> int:
        return -1 if self.credit_note else 1

    @property
    def type_code(self) -> str:
        """UNTDID 1001: 380 commercial invoice, 381 credit note, 386 prepayment (deposit) invoice."""
        return "381" if self.credit_note else "386" if self.deposit else "380"

    @property
    def due(self) -> Money:
        """BT-115, what is still to pay: the grand total less what was paid."""
        return self.totals.total - self.paid

    def figure(self, amount: Money) -> str:
        """An amount as the XML writes it: signed for the document's kind, with the currency's decimals."""
        return _fixed(amount.amount * self.sign, decimals(self.currency))

    def quantity(self, line: DocumentLine) -> str:
        return _plain(line.quantity * self.sign)

    def price(self, line: DocumentLine) -> str:
        """The net unit price (BT-146), never negative: a credit note's sign is on its quantities."""
        return _fixed(line.unit_price.amount, decimals(self.currency))


def _fixed(value: Decimal, places: int) -> str:
    value = value.copy_abs() if value.is_zero() else value  # never "-0.00"
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}" if places else f"{value.quantize(Decimal(1)):f}"


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rate_text(rate: Decimal) -> str:
    return _plain(rate)


def tax_groups(totals: Totals) -> tuple[TaxGroup, ...]:
    """The engine's breakdown joined by (category, rate), in the engine's order."""
    joined: dict[tuple[VatCategory, Decimal], TaxGroup] = {}
    for row in totals.breakdown:
        key = (row.vat.category, row.vat.rate)
        before = joined.get(key)
        if before is None:
            joined[key] = TaxGroup(
                row.vat.category, row.vat.rate, row.vat.reason, row.lines_net, row.discount, row.taxable, row.tax
            )
            continue
        reasons = "; ".join(r for r in dict.fromkeys((before.reason, row.vat.reason)) if r)
        joined[key] = TaxGroup(
            row.vat.category,
            row.vat.rate,
            reasons,
            before.lines_net + row.lines_net,
            before.discount + row.discount,
            before.taxable + row.taxable,
            before.tax + row.tax,
        )
    return tuple(joined.values())


def seller_of(org: Organisation) -> TradeParty:
    return TradeParty(
        name=org.name,
        legal_name=org.legal_name,
        street=org.street,
        postcode=org.postcode,
        city=org.city,
        country=org.country,
        vat_id=org.tax_id,
        tax_number=org.tax_number,
        legal_form=org.legal_form,
        electronic_address=org.electronic_address,
        electronic_address_scheme=org.electronic_address_scheme,
        contact_name=org.contact_name,
        contact_phone=org.contact_phone,
        contact_email=org.contact_email,
    )


def buyer_of(client: Client, invoice: Invoice) -> TradeParty:
    """The buyer: named as on the issued invoice (its frozen bill-to), addressed by the client's details."""
    name = (invoice.bill_to.splitlines() or [client.name])[0].strip() or client.name
    return TradeParty(
        name=name,
        street=client.street,
        postcode=client.postcode,
        city=client.city,
        country=client.country,
        vat_id=client.tax_id,
        electronic_address=client.electronic_address,
        electronic_address_scheme=client.electronic_address_scheme,
        contact_email=client.email,
    )


def einvoice_of(
    invoice: Invoice,
    org: Organisation,
    client: Client,
    lines: tuple[DocumentLine, ...],
    totals: Totals,
    credited: Invoice | None = None,
) -> EInvoice:
    """The e-invoice of an issued invoice or credit note with the engine's totals of its lines."""
    if invoice.number is None or invoice.issue_date is None:
        raise ValueError("only an issued invoice has an e-invoice")
    credit_note = invoice.is_credit_note
    paid = from_minor(0, invoice.currency) if credit_note else invoice.paid
    return EInvoice(
        number=invoice.number,
        credit_note=credit_note,
        deposit=invoice.kind is InvoiceKind.DEPOSIT,
        issue_date=invoice.issue_date,
        due_date=None if credit_note else invoice.due_date,
        currency=invoice.currency,
        seller=seller_of(org),
        buyer=buyer_of(client, invoice),
        buyer_reference=client.buyer_reference,
        purchase_order=invoice.purchase_order,
        credited_number=(credited.number or "") if credited else "",
        credited_date=credited.issue_date if credited else None,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        notes=invoice.notes,
        lines=lines,
        totals=totals,
        groups=tax_groups(totals),
        payment_terms="" if credit_note else invoice.payment_terms.describe(invoice.issue_date),
        payment_means_code=org.payment_means_code,
        iban=org.iban,
        bic=org.bic,
        paid=paid,
    )


def _org(field: str, what: str, example: str) -> tuple[str, str]:
    return (
        f"organisation.{field}",
        f"The organisation's {what} is missing; set it in Settings or with `timeledger org set {field}={example}`.",
    )


def _client(field: str, what: str, example: str, client: str) -> tuple[str, str]:
    quoted = f'"{client}"' if " " in client else client
    return (
        f"client.{field}",
        f"{client}'s {what} is missing; set it with `timeledger client set {quoted} {field}={example}`.",
    )


def missing_details(document: EInvoice, format: EInvoiceFormat) -> list[Problem]:
    """Every detail the format needs that the e-invoice lacks, each as its own Problem (field
    "organisation.<field>" or "client.<field>", the sentence saying which command sets it)."""
    seller, buyer = document.seller, document.buyer
    client = buyer.name
    categories = {group.category for group in document.groups}
    gaps: list[tuple[str, str]] = []
    for field, what, example in (
        ("street", "street", "'Hauptstr. 1'"),
        ("postcode", "postcode", "10115"),
        ("city", "city", "Berlin"),
        ("country", "country", "DE"),
    ):
        if not getattr(seller, field):
            gaps.append(_org(field, what, example))
    if not seller.vat_id and not seller.tax_number and VatCategory.OUTSIDE_SCOPE not in categories:
        gaps.append(_org("vat_id", "VAT id (or, without one, its tax_number)", "DE136695976"))
    for field, what, example in (
        ("street", "street", "'Rue de la Paix 1'"),
        ("postcode", "postcode", "75002"),
        ("city", "city", "Paris"),
        ("country", "country", "FR"),
    ):
        if not getattr(buyer, field):
            gaps.append(_client(field, what, example, client))
    if VatCategory.REVERSE_CHARGE in categories:
        if not seller.vat_id:
            gaps.append(_org("vat_id", "VAT id (reverse charge needs it)", "DE136695976"))
        if not buyer.vat_id:
            gaps.append(_client("vat_id", "VAT id (reverse charge needs it)", "FR40303265045", client))
    if document.payment_means_code in CREDIT_TRANSFER and not document.iban:
        gaps.append(_org("iban", "IBAN (payment by credit transfer needs it)", "DE89370400440532013000"))
    if format is EInvoiceFormat.XRECHNUNG:
        if not seller.electronic_address:
            gaps.append(_org("electronic_address", "electronic address", "invoices@example.com"))
        if not buyer.electronic_address:
            gaps.append(_client("electronic_address", "electronic address", "invoices@example.com", client))
        if not document.buyer_reference:
            gaps.append(_client("buyer_reference", "buyer reference (Leitweg-ID)", "04011000-12345-03", client))
        for field, what, example in (
            ("contact_name", "contact person", "'Ada Admin'"),
            ("contact_phone", "contact phone number", "'+49 30 1234567'"),
            ("contact_email", "contact email", "billing@example.com"),
        ):
            if not getattr(seller, field):
                gaps.append(_org(field, what, example))
    problems = [Problem(f"missing_{field.split('.')[1]}", message, field) for field, message in gaps]
    if VatCategory.OUTSIDE_SCOPE in categories and len(categories) > 1:
        problems.append(
            Problem(
                "mixed_outside_scope",
                f"{document.number} mixes lines not subject to VAT with taxed ones, which an e-invoice cannot "
                "carry; invoice them separately.",
                "lines",
            )
        )
    return problems
