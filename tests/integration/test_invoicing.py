"""Invoicing on a real SQLite file: drafts from approved time, numbers, payments and credit notes."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from approval_helpers import ADA, CARL, MONDAY, TUESDAY, decide, log, statuses, submit
from helpers import acting, count, raw_rows

from app.domain.clock import FixedClock
from app.domain.document_totals import Discount
from app.domain.errors import RuleViolation
from app.domain.invoice import InvoiceStatus
from app.domain.project import MilestoneStatus
from app.domain.task_log import EntryStatus
from app.domain.tax import Vat
from app.ledger import open_ledger
from app.services import entries, invoice_drafts, invoice_issue, invoice_views, milestones, payments, projects
from app.services.clients import find_client
from app.services.invoice_drafts import FixedShare
from app.services.projects import find_project

NOVEMBER = dict(first=date(2026, 11, 1), last=date(2026, 11, 30))


@pytest.fixture
def approved(team):  # type: ignore[no-untyped-def]
    """Carl's approved week: 2 h on Monday and 1:30 on Tuesday on WEB at 120 EUR."""
    ledger = team.ledger
    log(ledger, CARL, MONDAY, "2:00")
    log(ledger, CARL, TUESDAY, "1:30")
    submit(ledger, CARL)
    decide(ledger, ADA, "approve", CARL)
    return ledger


def draft(ledger, **options):  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        result = invoice_drafts.draft_from_time(
            uow, admin, find_client(uow, admin.org, "Globex"), **{**NOVEMBER, **options}
        )
        uow.commit()
    return result


def act(ledger, do):  # type: ignore[no-untyped-def]
    """Run `do(uow, admin)` and commit; returns what it returned."""
    with acting(ledger) as (uow, admin):
        result = do(uow, admin)
        uow.commit()
    return result


def invoice(ledger, ref):  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, admin):
        return invoice_views.find_invoice(uow, admin, ref)


def finalise(ledger, ref):  # type: ignore[no-untyped-def]
    return act(
        ledger, lambda uow, admin: invoice_issue.finalise(uow, admin, invoice_views.find_invoice(uow, admin, ref))
    )


def test_a_draft_bills_approved_time_at_its_logged_rate_and_locks_the_entries(approved):
    result = draft(approved)

    assert (result.entries, result.unpriced) == (2, 0)
    assert f"{result.invoice.total.amount:f}" == "420.00"  # 3.5 h x 120, no VAT set
    assert result.invoice.number is None and result.invoice.status is InvoiceStatus.DRAFT
    assert count(_path(approved), "task_log_entries", "invoice_id IS NOT NULL") == 2
    with acting(approved, ADA) as (uow, admin):
        entry = uow.entries.of_user_between(uow.users.by_email(admin.org.id, CARL).id, MONDAY, MONDAY)[0]
        with pytest.raises(RuleViolation) as refused:
            entries.delete_entries(uow, admin, [(entry.id, entry.version)])
        assert refused.value.code == "entry_locked"


def _path(ledger) -> Path:  # type: ignore[no-untyped-def]
    return Path(ledger.db.path)


def test_time_on_a_draft_cannot_be_drafted_twice(approved):
    draft(approved)
    with pytest.raises(RuleViolation) as refused:
        draft(approved)
    assert refused.value.code == "nothing_to_invoice"
    assert count(_path(approved), "invoices") == 1


def test_deleting_a_draft_releases_its_time(approved):
    ref = invoice_views.reference(draft(approved).invoice)
    released = act(
        approved,
        lambda uow, admin: invoice_drafts.delete_draft(uow, admin, invoice_views.find_invoice(uow, admin, ref)),
    )
    assert released == 2
    assert count(_path(approved), "task_log_entries", "invoice_id IS NOT NULL") == 0
    assert draft(approved).entries == 2


def test_finalising_numbers_gaplessly_and_marks_the_time_invoiced(approved):
    first = invoice_views.reference(draft(approved, last=MONDAY).invoice)
    second = invoice_views.reference(draft(approved, first=TUESDAY).invoice)
    assert finalise(approved, first).number == "2026-0001"
    issued = finalise(approved, second)
    assert (issued.number, issued.issue_date, issued.due_date) == ("2026-0002", date(2026, 11, 20), date(2026, 12, 20))
    assert issued.bill_to == "Globex"
    assert statuses(approved, CARL) == [EntryStatus.INVOICED, EntryStatus.INVOICED]
    with pytest.raises(RuleViolation) as refused:
        act(
            approved,
            lambda uow, admin: invoice_drafts.set_discount(
                uow, admin, invoice_views.find_invoice(uow, admin, "2026-0002"), Discount(percent=5)
            ),
        )
    assert refused.value.code == "invoice_issued"


def test_the_sequence_restarts_with_the_year_and_never_reuses_a_number(approved):
    finalise(approved, invoice_views.reference(draft(approved, last=MONDAY).invoice))
    with acting(approved) as (uow, admin):
        empty = invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, "Globex"))
        invoice_drafts.add_line(uow, admin, empty, description="Hosting", quantity="1", unit_price="10")
        uow.commit()
    later = open_ledger(_path(approved), FixedClock(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)))
    try:
        assert finalise(later, invoice_views.reference(empty)).number == "2027-0001"
    finally:
        later.close()
    assert raw_rows(_path(approved), "SELECT series, period, last FROM number_counters ORDER BY period") == [
        ("invoice", "2026", 1),
        ("invoice", "2027", 1),
    ]


def test_an_empty_or_zero_draft_cannot_be_finalised_and_gets_no_number(team):
    ledger = team.ledger
    empty = act(ledger, lambda uow, admin: invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, "Globex")))
    with pytest.raises(RuleViolation) as refused:
        finalise(ledger, invoice_views.reference(empty))
    assert refused.value.code == "empty_invoice"
    assert count(_path(ledger), "number_counters") == 0


def test_payments_settle_the_invoice_and_a_reversal_is_kept_and_audited(approved):
    number = finalise(approved, invoice_views.reference(draft(approved).invoice)).number
    pay = lambda amount: act(  # noqa: E731
        approved,
        lambda uow, admin: payments.record_payment(
            uow, admin, invoice_views.find_invoice(uow, admin, number), amount=amount, received_on=date(2026, 11, 20)
        ),
    )
    first = pay("400")
    with pytest.raises(RuleViolation) as refused:
        pay("20.01")
    assert "open balance of 20.00 EUR" in str(refused.value)
    pay("20")
    paid = invoice(approved, number)
    assert (paid.status, paid.paid_on) == (InvoiceStatus.PAID, date(2026, 11, 20))

    reopened = act(approved, lambda uow, admin: payments.reverse_payment(uow, admin, first.id, "Cheque bounced"))
    assert (reopened.status, f"{reopened.balance.amount:f}") == (InvoiceStatus.PARTIALLY_PAID, "400.00")
    assert count(_path(approved), "payments", "reversed_at IS NOT NULL AND reversal_reason = 'Cheque bounced'") == 1
    assert count(_path(approved), "audit_log", "entity = 'payments' AND action = 'update'") == 1


def test_invoices_past_due_become_overdue(approved):
    number = finalise(approved, invoice_views.reference(draft(approved).invoice)).number
    late = open_ledger(_path(approved), FixedClock(dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC)))
    try:
        moved = act(late, payments.mark_overdue)
        assert [i.number for i in moved] == [number]
        assert invoice(late, number).status is InvoiceStatus.OVERDUE
        assert act(late, payments.mark_overdue) == []
    finally:
        late.close()


def test_a_credit_note_voids_the_invoice_and_can_release_its_time(approved):
    number = finalise(approved, invoice_views.reference(draft(approved).invoice)).number
    note = act(
        approved,
        lambda uow, admin: invoice_issue.credit(
            uow, admin, invoice_views.find_invoice(uow, admin, number), release_entries=True, reason="Wrong rate"
        ),
    )
    assert note.number == "CN-2026-0001"
    assert (f"{note.total.amount:f}", note.notes) == ("-420.00", "Cancels invoice 2026-0001. Wrong rate")
    assert invoice(approved, number).status is InvoiceStatus.VOID
    assert statuses(approved, CARL) == [EntryStatus.APPROVED, EntryStatus.APPROVED]
    assert draft(approved).entries == 2  # billable again
    with pytest.raises(RuleViolation) as refused:
        act(
            approved,
            lambda uow, admin: invoice_issue.credit(uow, admin, invoice_views.find_invoice(uow, admin, number)),
        )
    assert refused.value.code == "not_creditable"


def test_a_credit_note_without_release_keeps_the_time_invoiced(approved):
    number = finalise(approved, invoice_views.reference(draft(approved).invoice)).number
    act(approved, lambda uow, admin: invoice_issue.credit(uow, admin, invoice_views.find_invoice(uow, admin, number)))
    assert statuses(approved, CARL) == [EntryStatus.INVOICED, EntryStatus.INVOICED]


def test_milestone_projects_bill_reached_milestones_and_fixed_price_projects_their_share(team):
    ledger = team.ledger

    def set_up(uow, admin):  # type: ignore[no-untyped-def]
        projects.add_project(
            uow, admin, client="Globex", name="Shop", code="SHOP", billing="milestone", status="active"
        )
        projects.add_project(
            uow, admin, client="Globex", name="Logo", code="LOGO", billing="fixed", fixed_price="3000", status="active"
        )
        shop = find_project(uow, admin.org, "SHOP")
        design = milestones.add_milestone(uow, admin, shop, name="Design", amount="1500")
        milestones.add_milestone(uow, admin, shop, name="Launch", amount="2500")
        milestones.move_milestone(uow, admin, design, "reached")

    act(ledger, set_up)
    with acting(ledger) as (uow, admin):
        chosen = [find_project(uow, admin.org, code) for code in ("SHOP", "LOGO")]
        result = invoice_drafts.draft_from_time(
            uow,
            admin,
            find_client(uow, admin.org, "Globex"),
            projects=chosen,
            fixed=FixedShare(percent=Decimal(40)),
            **NOVEMBER,
        )
        lines = invoice_views.invoice_detail(uow, admin, result.invoice).lines
        uow.commit()
    assert [(line.description, f"{line.net.amount:f}") for line in lines] == [
        ("SHOP · Shop: milestone Design", "1500.00"),
        ("LOGO · Logo: 40 % of the fixed price of 3,000.00 EUR", "1200.00"),
    ]
    with acting(ledger) as (uow, admin):
        logo = find_project(uow, admin.org, "LOGO")
        with pytest.raises(RuleViolation) as refused:
            invoice_drafts.add_fixed_share(uow, admin, result.invoice, logo, FixedShare(percent=Decimal(70)))
        assert refused.value.code == "fixed_price_exceeded"
        line = invoice_drafts.add_fixed_share(uow, admin, result.invoice, logo, FixedShare(remainder=True))
        assert f"{line.net.amount:f}" == "1800.00"
        shop = find_project(uow, admin.org, "SHOP")
        assert [m.status for m in uow.milestones.of_project(shop.id)] == [
            MilestoneStatus.INVOICED,
            MilestoneStatus.PENDING,
        ]
        invoice_drafts.delete_draft(uow, admin, result.invoice)
        assert uow.milestones.of_project(shop.id)[0].status is MilestoneStatus.REACHED
        uow.commit()


def test_manual_lines_edits_and_discounts_recompute_the_totals(team):
    ledger = team.ledger
    with acting(ledger) as (uow, admin):
        bill = invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, "Globex"))
        one = invoice_drafts.add_line(
            uow, admin, bill, description="Audit", quantity="1", unit_price="1000", vat=Vat.at(Decimal(8))
        )
        invoice_drafts.add_line(
            uow, admin, bill, description="Travel", quantity="1", unit_price="500", vat=Vat.at(Decimal(0))
        )
        invoice_drafts.set_discount(uow, admin, bill, Discount(percent=Decimal(5)))
        assert tuple(f"{m.amount:f}" for m in (bill.net, bill.tax, bill.total)) == ("1425.00", "76.00", "1501.00")
        invoice_drafts.edit_line(uow, admin, one.id, quantity="2", description="Audit, two days")
        bill = uow.invoices.get(bill.id)
        assert f"{bill.total.amount:f}" == "2527.00"  # (2000 + 500) x 0.95 + 152.00 tax
        with pytest.raises(RuleViolation) as refused:
            invoice_drafts.add_line(uow, admin, bill, description="", quantity="-1", unit_price="abc")
        assert {p.field for p in refused.value.problems} == {"description", "quantity", "unit_price"}
        uow.commit()
    stored = invoice(ledger, invoice_views.reference(bill))
    assert (f"{stored.total.amount:f}", stored.version) == ("2527.00", bill.version)


def test_a_time_line_keeps_its_rate_and_every_problem_of_an_edit_is_said_at_once(approved):
    bill = draft(approved).invoice
    with acting(approved) as (uow, admin):
        line = uow.invoice_lines.of_document(bill.id)[0]
        with pytest.raises(RuleViolation) as refused:
            invoice_drafts.edit_line(uow, admin, line.id, quantity="0", unit_price="100")
        assert {p.code for p in refused.value.problems} == {"price_fixed", "not_positive"}
        edited = invoice_drafts.edit_line(uow, admin, line.id, quantity="4", vat=Vat.at(Decimal(19)))
        assert (f"{edited.unit_price.amount:f}", f"{edited.net.amount:f}") == ("120.00", "480.00")
        assert f"{uow.invoices.get(bill.id).total.amount:f}" == "571.20"  # 480 + 19 % VAT


def test_consultants_cannot_see_or_make_invoices(approved):
    with acting(approved, CARL) as (uow, carl):
        with pytest.raises(RuleViolation) as refused:
            invoice_drafts.draft_from_time(uow, carl, find_client(uow, carl.org, "Globex"), **NOVEMBER)
        assert refused.value.code == "not_allowed"


def _finalise_in_process(path: str, ref: str, queue) -> None:  # type: ignore[no-untyped-def]
    ledger = open_ledger(Path(path), FixedClock(dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)))
    try:
        queue.put(finalise(ledger, ref).number)
    finally:
        ledger.close()


def test_concurrent_finalisations_in_separate_processes_get_distinct_gapless_numbers(team):
    ledger = team.ledger
    refs = []
    for n in range(6):
        with acting(ledger) as (uow, admin):
            bill = invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, "Globex"))
            invoice_drafts.add_line(uow, admin, bill, description=f"Item {n}", quantity="1", unit_price="10")
            uow.commit()
        refs.append(invoice_views.reference(bill))
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_finalise_in_process, args=(str(_path(ledger)), ref, queue)) for ref in refs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    numbers = sorted(queue.get(timeout=5) for _ in workers)
    assert numbers == [f"2026-{n:04d}" for n in range(1, 7)]


def test_the_printed_invoice_names_the_client_once_even_when_the_address_starts_with_the_name(approved):
    with acting(approved) as (uow, admin):
        globex = find_client(uow, admin.org, "Globex")
        globex.billing_address = "GLOBEX\nAm Sandtorkai 41\n20457 Hamburg"
        uow.clients.save(globex)
        result = invoice_drafts.draft_from_time(uow, admin, globex, **NOVEMBER)
        invoice = invoice_issue.finalise(uow, admin, result.invoice)
        printed = invoice_views.printable(uow, admin, invoice)
        uow.commit()
    assert invoice.bill_to == "Globex\nGLOBEX\nAm Sandtorkai 41\n20457 Hamburg"  # kept as it was at issue
    assert (printed.buyer.name, printed.buyer.address) == ("Globex", "Am Sandtorkai 41\n20457 Hamburg")
