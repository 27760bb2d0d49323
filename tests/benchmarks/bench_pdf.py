"""PDF export: a 1,000-line invoice against a raw reportlab table of the same rows; a batch of typical invoices.

App: app.documents.render_pdf of a PrintableDocument built in memory (no database), with the full layout:
logo, addresses, lines table with its header repeated on every page, tax breakdown, totals, payment terms,
notes and "Page x of y". About one description in five is long enough to wrap, about one in thirty is in
Japanese (the fallback font).
Raw: reportlab alone, the same fonts (DejaVu Sans, registered once) and settings, one Table of the same rows
as plain strings with a repeated header, in a SimpleDocTemplate: the least any invoice PDF of that size costs.

The figures are medians over `samples` runs (the batch over half as many), app and raw interleaved, in
CPU time of this process: rendering is single-threaded and CPU-bound, so on an idle machine CPU time is the
wall-clock time, and on a shared one (CI, two cores) it leaves out the other processes, which otherwise
moved the ratio between 1.0 and 1.7 from one run to the next.
Run on its own with `python -m tests.benchmarks.bench_pdf`.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from uuid import uuid4

from PIL import Image, ImageDraw
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from app.documents import fonts
from app.documents.pdf import render_pdf
from app.documents.style import PAGE
from app.documents.tables import LINE_HEADER, LINE_WIDTHS, quantity, vat_rate
from app.domain.document_lines import DocumentLine, LineKind, new_line
from app.domain.document_totals import compute_totals
from app.domain.money import format_money, from_minor, to_minor
from app.domain.printable import Party, PrintableDocument
from app.domain.tax import Vat, VatCategory
from tests.benchmarks.measure import Result, table

LONG_LINES = 1_000
TYPICAL_LINES = 20
BATCH = 100
MOST_RATIO = 1.5
BATCH_MOST_MS = 2_000.0

# (description, weight): mostly short; one in five long enough to wrap; about one in thirty in Japanese.
_WORK = (
    ("Backend development", 5),
    ("Code review", 4),
    ("Workshop with Müller & Žofie", 2),
    ("Deployment to staging", 3),
    ("Project management", 4),
    ("Support for the Łódź office", 2),
    ("Design review with Ελένη", 1),
    (
        "Database tuning for the reporting queries, with the index changes tested against a copy of production "
        "and the results written up for the client's operations team",
        3,
    ),
    ("Migration of the order service from the old message queue to the new event bus, with replay tooling", 3),
    ("東京オフィスでの打ち合わせ (roll-out)", 1),
)
_DESCRIPTIONS = [text for text, _ in _WORK]
_WEIGHTS = [weight for _, weight in _WORK]
_SELLER = Party(
    "Acme Consulting GmbH", "Friedrichstraße 123\n10117 Berlin\nGermany", "DE123456789", "billing@acme.example"
)
_PAYMENT_TERMS = "Payable within 30 days (by 2026-12-20)."
_BANK = "Acme Consulting GmbH\nIBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX"


def sample_invoice(line_count: int, seed: int = 7, logo: bytes | None = None) -> PrintableDocument:
    """A finalised EUR invoice with `line_count` lines of hours at a few rates and VAT treatments."""
    rng = random.Random(seed)
    org, document = uuid4(), uuid4()
    reverse_charge = Vat(VatCategory.REVERSE_CHARGE, Decimal(0), "Art. 196 VAT Directive")
    vats = (Vat.at(Decimal(19)), Vat.at(Decimal(7)), reverse_charge)
    lines: list[DocumentLine] = [
        new_line(
            org_id=org,
            document_id=document,
            position=position,
            currency="EUR",
            description=f"{rng.choices(_DESCRIPTIONS, _WEIGHTS)[0]} ({position + 1})",
            quantity=Decimal(rng.randrange(1, 80)) / 4,
            unit_price=rng.choice(("85.00", "95.00", "120.00", "1250.00")),
            vat=rng.choices(vats, weights=(8, 1, 1))[0],
            unit="h",
            kind=LineKind.HOURS,
        )
        for position in range(line_count)
    ]
    totals = compute_totals(lines, "EUR")
    paid = from_minor(to_minor(totals.total) // 2, "EUR")
    return PrintableDocument(
        title="Invoice",
        number=f"2026-{seed:04d}",
        mark=None,
        seller=_SELLER,
        buyer=Party(f"Globex Corporation {seed}", "ul. Piotrkowska 1\n90-001 Łódź\nPoland", "PL5260001246"),
        issue_date=date(2026, 11, 20),
        due_date=date(2026, 12, 20),
        valid_until=None,
        reference="Work from 2026-11-01 to 2026-11-30",
        lines=tuple(lines),
        totals=totals,
        payment_terms=_PAYMENT_TERMS,
        bank_details=_BANK,
        notes="Thank you for your business.",
        paid=paid,
        balance=totals.total - paid,
        logo=logo,
    )


def sample_logo() -> bytes:
    """A 360 x 120 PNG with transparency, like an organisation's logo."""
    image = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).rounded_rectangle((0, 10, 100, 110), 18, fill=(38, 74, 120, 255))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def raw_rows(document: PrintableDocument) -> list[tuple[str, ...]]:
    """The lines as the plain strings the invoice shows: what a raw reportlab table would be given."""
    return [LINE_HEADER] + [
        (
            line.description,
            quantity(line.quantity, line.unit),
            format_money(line.unit_price),
            vat_rate(line.vat),
            format_money(line.net),
        )
        for line in document.lines
    ]


def raw_table_pdf(rows: list[tuple[str, ...]]) -> bytes:
    buffer = BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=PAGE, invariant=True)
    body = Table(rows, colWidths=LINE_WIDTHS, repeatRows=1)
    body.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), fonts.BOLD, 8.5),
                ("FONT", (0, 1), (-1, -1), fonts.REGULAR, 8.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    template.build([body])
    return buffer.getvalue()


def cpu_seconds(action: Callable[[], object]) -> float:
    """CPU seconds one call of `action` took in this process (rendering is single-threaded and CPU-bound)."""
    started = time.process_time()
    action()
    return time.process_time() - started


def run(samples: int = 7) -> list[Result]:
    """Both PDF figures, in CPU milliseconds; needs no database. About 10 s with the default samples."""
    fonts.register_fonts()
    logo = sample_logo()
    long_invoice = sample_invoice(LONG_LINES, logo=logo)
    long_rows = raw_rows(long_invoice)
    render_pdf(long_invoice)  # warm-up: imports, the logo's decoding, first font subsets
    raw_table_pdf(long_rows)
    app_samples, raw_samples = [], []
    for _ in range(samples):
        app_samples.append(cpu_seconds(lambda: render_pdf(long_invoice)))
        raw_samples.append(cpu_seconds(lambda: raw_table_pdf(long_rows)))
    app_ms, raw_ms = statistics.median(app_samples) * 1000, statistics.median(raw_samples) * 1000
    ratio = app_ms / raw_ms
    results = [
        Result(
            f"pdf: {LONG_LINES:,}-line invoice (cpu)",
            app_ms,
            "ms",
            raw_ms,
            ratio,
            f"ratio <= {MOST_RATIO}",
            ratio <= MOST_RATIO,
        )
    ]
    batch = [sample_invoice(TYPICAL_LINES, seed=seed, logo=logo) for seed in range(BATCH)]
    batch_rows = [raw_rows(document) for document in batch]
    batch_app, batch_raw = [], []
    for _ in range(max(1, samples // 2)):
        batch_app.append(cpu_seconds(lambda: [render_pdf(document) for document in batch]))
        batch_raw.append(cpu_seconds(lambda: [raw_table_pdf(rows) for rows in batch_rows]))
    results.append(
        Result.latency(
            f"pdf: {BATCH} invoices of {TYPICAL_LINES} lines (cpu)",
            statistics.median(batch_app) * 1000,
            statistics.median(batch_raw) * 1000,
            BATCH_MOST_MS,
        )
    )
    return results


if __name__ == "__main__":
    print(table(run()))
