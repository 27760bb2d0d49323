"""Factur-X export against the plain PDF export of the same 20-line invoice (issue #7: at most twice its time).

App: the invoice rendered by app.documents.render_pdf, its CII XML written, checked against the Factur-X schema
and embedded in the PDF/A-3 (app.documents.facturx). Baseline: render_pdf alone, the plain PDF export.
Both in CPU time of this process, medians over `samples` runs, interleaved (see bench_pdf for why CPU time).
Run on its own with `python -m tests.benchmarks.bench_einvoice`.
"""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime
from uuid import uuid4

from app.documents import fonts
from app.documents.einvoice_cii import cii_xml
from app.documents.facturx import facturx_pdf
from app.documents.pdf import render_pdf
from app.domain.client import Client
from app.domain.einvoice_data import EInvoice, einvoice_of
from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.money import from_minor
from app.domain.organisation import Organisation
from app.domain.payment_terms import PaymentTerms
from app.domain.printable import PrintableDocument
from tests.benchmarks.bench_pdf import TYPICAL_LINES, cpu_seconds, sample_invoice, sample_logo
from tests.benchmarks.measure import Result, table

MOST_RATIO = 2.0


def einvoice(printed: PrintableDocument) -> EInvoice:
    """The e-invoice of the printed sample: the same lines and totals, a seller and buyer with every detail."""
    org_id = uuid4()
    org = Organisation(
        id=org_id,
        org_id=org_id,
        name="Acme Consulting GmbH",
        base_currency="EUR",
        street="Friedrichstraße 123",
        postcode="10117",
        city="Berlin",
        country="DE",
        tax_id="DE136695976",
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
    )
    client = Client(
        org_id=org_id,
        name="Globex Corporation",
        email="ap@globex.example",
        currency="EUR",
        street="ul. Piotrkowska 1",
        postcode="90-001",
        city="Łódź",
        country="PL",
        tax_id="PL5260001246",
    )
    totals = printed.totals
    invoice = Invoice(
        org_id=org_id,
        client_id=client.id,
        currency="EUR",
        number=printed.number,
        issue_date=printed.issue_date,
        net=totals.net,
        tax=totals.tax,
        total=totals.total,
        status=InvoiceStatus.SENT,
        payment_terms=PaymentTerms.net(30),
        due_date=printed.due_date,
        paid=printed.paid or from_minor(0, "EUR"),
        finalised_at=datetime(2026, 11, 20, tzinfo=UTC),
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
    )
    return einvoice_of(invoice, org, client, printed.lines, totals)


def export_facturx(printed: PrintableDocument, document: EInvoice) -> bytes:
    return facturx_pdf(
        render_pdf(printed), cii_xml(document), title="Invoice", author="Acme", subject="Invoice 2026-0007"
    )


def run(samples: int = 15) -> list[Result]:
    """The Factur-X figure in CPU milliseconds; needs no database. About 2 s."""
    fonts.register_fonts()
    printed = sample_invoice(TYPICAL_LINES, logo=sample_logo())
    document = einvoice(printed)
    export_facturx(printed, document)  # warm-up: imports, the schema, the logo's decoding, font subsets
    plain, facturx = [], []
    for _ in range(samples):
        plain.append(cpu_seconds(lambda: render_pdf(printed)))
        facturx.append(cpu_seconds(lambda: export_facturx(printed, document)))
    app_ms, raw_ms = statistics.median(facturx) * 1000, statistics.median(plain) * 1000
    ratio = app_ms / raw_ms
    name = f"factur-x: {TYPICAL_LINES}-line invoice vs plain PDF (cpu)"
    return [Result(name, app_ms, "ms", raw_ms, ratio, f"ratio <= {MOST_RATIO}", ratio <= MOST_RATIO)]


if __name__ == "__main__":
    print(table(run()))
