"""The Invoices section: drafting from approved time, editing lines in place, finalising, payments, credit notes,
the PDF preview, and the overdue check that keeps statuses current."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from desk_helpers import settle, sign_in
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QLineEdit
from submitted_weeks import WEEK_46, log, submit

from app.domain.task_log import EntryStatus
from app.services import approvals, clients, invoice_drafts, invoice_issue, invoicing_settings, projects, task_log
from app.services.clients import find_client
from app.services.identity import current_actor
from app.ui.invoice_actions import FINALISE, file_name
from app.ui.invoice_dialogs import DraftFromTimeDialog, last_month
from app.ui.invoice_lines_model import DESCRIPTION, QUANTITY, UNIT_PRICE
from app.ui.invoice_list_model import BALANCE, CLIENT, EMPTY, REFERENCE, STATUS, TOTAL
from app.ui.main_window import TITLES, MainWindow
from app.ui.receivables_watch import ReceivablesWatch
from app.ui.views.invoices import InvoicesView

ADA, CARL = "ada@acme.example", "carl@acme.example"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal


@pytest.fixture
def approved(team):  # type: ignore[no-untyped-def]
    """Carl's week 46 approved: 6 h on Monday and 2 h on Tuesday on WEB (Globex, 120 EUR an hour); VAT 19 %."""
    with team.ledger.work() as uow:
        invoicing_settings.update_invoicing(uow, current_actor(uow, ADA), default_tax_rate="19")
        uow.commit()
    log(team, CARL, WEEK_46, "6", note="Checkout flow")
    log(team, CARL, WEEK_46 + timedelta(days=1), "2", note="Review")
    sheet_id = submit(team, CARL, WEEK_46)
    with team.ledger.work() as uow:
        approvals.approve(uow, current_actor(uow, ADA), sheet_id)
        uow.commit()
    return team


@pytest.fixture
def drafted(approved):  # type: ignore[no-untyped-def]
    """A draft for Globex from that time, made through the services: 8 h x 120.00 EUR."""
    with approved.ledger.work() as uow:
        actor = current_actor(uow)
        client = find_client(uow, actor.org, "Globex")
        invoice_drafts.draft_from_time(uow, actor, client, first=NOVEMBER[0], last=NOVEMBER[1])
        uow.commit()
    return approved


@pytest.fixture
def issued(drafted):  # type: ignore[no-untyped-def]
    with drafted.ledger.work() as uow:
        actor = current_actor(uow)
        invoice_issue.finalise(uow, actor, invoice_drafts_of(uow, actor)[0])
        uow.commit()
    return drafted


def invoice_drafts_of(uow, actor):  # type: ignore[no-untyped-def]
    from app.services.invoice_views import list_invoices

    return [summary.invoice for summary in list_invoices(uow, actor)]


def opened(qtbot, ctx) -> InvoicesView:  # type: ignore[no-untyped-def]
    view = InvoicesView(ctx)
    qtbot.addWidget(view)
    for model in (view.invoices.model, view.editor.lines, view.editor.payments.model):
        QAbstractItemModelTester(model, Fatal)
    view.resize(1280, 800)
    with qtbot.waitActive(view):  # shortcuts work in the active window only
        view.show()
        view.activateWindow()
    calm(qtbot, view)
    return view


def calm(qtbot, view: InvoicesView) -> None:  # type: ignore[no-untyped-def]
    """Wait until every read and change has answered and no re-read is about to start."""
    qtbot.waitUntil(
        lambda: not view.ctx.runner.busy and not view.refresh_soon.isActive() and not view.busy, timeout=10_000
    )


def cells(view: InvoicesView, column: int) -> list[str]:
    model = view.invoices.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def line_cell(view: InvoicesView, row: int, column: int) -> str:
    model = view.editor.lines
    return model.data(model.index(row, column))


def statuses_of_carls_time(team) -> list[EntryStatus]:  # type: ignore[no-untyped-def]
    with team.ledger.read() as uow:
        actor = current_actor(uow, CARL)
        return [view.entry.status for view in task_log.entries_between(uow, actor, *NOVEMBER)]


def test_with_no_invoices_the_list_says_how_to_start(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    assert view.invoices.stack.currentWidget() is view.invoices.empty
    assert view.invoices.empty.text().startswith("No invoices yet — draft one from approved time")
    assert view.editor.placeholder.text() == EMPTY
    assert view.actions["draft_from_time"].isEnabled()
    assert not view.actions["finalise"].isEnabled()
    assert not view.actions["export_pdf"].isEnabled()


def test_draft_from_time_through_the_dialog_bills_the_approved_hours(qtbot, ctx, approved) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog = view.draft_from_time()
    settle(qtbot, ctx)
    assert (dialog.first.date().toPython(), dialog.last.date().toPython()) == last_month(date(2026, 11, 20))
    dialog.choose_client("Globex")
    assert [dialog.projects.item(0).text()] == ["WEB · Website (hourly)"]
    assert dialog.projects.item(0).checkState() == Qt.CheckState.Checked  # every project unless unticked
    dialog.set_period(*NOVEMBER)

    dialog.submit()
    calm(qtbot, view)

    assert not dialog.isVisible()
    assert cells(view, STATUS) == ["draft"]
    assert cells(view, TOTAL) == ["1,142.40 EUR"]  # 8 h x 120.00 = 960.00, 19 % VAT 182.40
    assert cells(view, BALANCE) == ["—"]
    assert view.editor.title.text() == f"Invoice — {cells(view, REFERENCE)[0]}"
    assert cells(view, REFERENCE)[0].startswith("draft ")
    assert view.editor.client.text() == "Globex"
    assert line_cell(view, 0, QUANTITY) == "8"
    assert view.editor.totals.value("VAT 19 % on 960.00 EUR") == "182.40 EUR"
    assert view.message.text() == "Drafted from 2 approved entries."
    assert statuses_of_carls_time(approved) == [EntryStatus.APPROVED] * 2  # on the draft, not yet invoiced


def test_a_period_without_approved_time_is_refused_in_the_dialog(qtbot, ctx, approved) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog = view.draft_from_time()
    settle(qtbot, ctx)
    dialog.choose_client("Globex")  # last month (October) by default: nothing approved then

    dialog.submit()
    settle(qtbot, ctx)

    assert dialog.isVisible()
    assert "has no approved, uninvoiced time" in dialog.form.shown()[""]
    assert cells(view, REFERENCE) == []


def test_editing_a_description_and_a_quantity_in_place_updates_the_totals(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    table, lines = view.editor.table, view.editor.lines
    assert lines.flags(lines.index(0, DESCRIPTION)) & Qt.ItemFlag.ItemIsEditable
    assert not lines.flags(lines.index(0, UNIT_PRICE)) & Qt.ItemFlag.ItemIsEditable  # time keeps its rate

    table.setCurrentIndex(lines.index(0, DESCRIPTION))
    table.edit(lines.index(0, DESCRIPTION))
    editor = table.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Website relaunch <b>November</b>")
    with qtbot.waitSignal(view.acted):  # the delegate commits on the next turn of the event loop
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    calm(qtbot, view)
    assert line_cell(view, 0, DESCRIPTION) == "Website relaunch <b>November</b>"
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, DESCRIPTION)  # the cursor stays

    assert lines.setData(lines.index(0, QUANTITY), "10")
    calm(qtbot, view)

    assert line_cell(view, 0, QUANTITY) == "10"
    assert view.editor.totals.value("Net") == "1,200.00 EUR"
    assert view.editor.totals.value("VAT 19 % on 1,200.00 EUR") == "228.00 EUR"
    assert view.editor.totals.value("Total") == "1,428.00 EUR"
    assert cells(view, TOTAL) == ["1,428.00 EUR"]


def test_cells_typed_one_after_the_other_are_all_saved_in_order(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    lines = view.editor.lines

    lines.setData(lines.index(0, QUANTITY), "9")
    lines.setData(lines.index(0, DESCRIPTION), "Website, November")  # while the quantity is being saved
    lines.setData(lines.index(0, QUANTITY), "10")
    calm(qtbot, view)

    assert line_cell(view, 0, DESCRIPTION) == "Website, November"
    assert line_cell(view, 0, QUANTITY) == "10"
    assert view.editor.totals.value("Total") == "1,428.00 EUR"


def test_a_refused_quantity_is_explained_under_the_lines_and_nothing_changes(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    lines = view.editor.lines

    lines.setData(lines.index(0, QUANTITY), "lots")
    calm(qtbot, view)

    assert "'lots' is not a quantity" in view.editor.message.text()
    assert line_cell(view, 0, QUANTITY) == "8"
    assert view.editor.totals.value("Total") == "1,142.40 EUR"


def test_finalise_asks_first_then_numbers_the_invoice_and_freezes_it(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    view.actions["finalise"].trigger()
    question = view.confirmation
    assert question is not None and question.isVisible()
    assert FINALISE in question.text()
    question.yes.click()
    calm(qtbot, view)

    assert cells(view, REFERENCE) == ["2026-0001"]
    assert cells(view, STATUS) == ["sent"]
    assert cells(view, BALANCE) == ["1,142.40 EUR"]
    assert view.editor.title.text() == "Invoice 2026-0001"
    assert view.editor.dates.text() == "Issued 2026-11-20 · due 2026-12-20"
    assert not view.editor.lines.flags(view.editor.lines.index(0, QUANTITY)) & Qt.ItemFlag.ItemIsEditable
    assert not view.actions["add_line"].isEnabled()
    assert view.actions["record_payment"].isEnabled()
    assert view.buttons["record_payment"].isVisibleTo(view)
    assert not view.buttons["finalise"].isVisibleTo(view)
    assert statuses_of_carls_time(drafted) == [EntryStatus.INVOICED] * 2


def test_a_payment_is_recorded_and_an_overpayment_is_refused_in_the_dialog(qtbot, ctx, issued) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog = view.record_payment()
    assert dialog.amount.text() == "1142.40"  # the open balance
    dialog.amount.setText("400.00")
    dialog.reference.setText("SEPA 123")

    dialog.submit()
    calm(qtbot, view)

    assert cells(view, STATUS) == ["partially paid"]
    assert cells(view, BALANCE) == ["742.40 EUR"]
    assert view.editor.totals.value("Paid") == "400.00 EUR"
    assert view.editor.payments.selected().reference == "SEPA 123"
    assert view.actions["reverse_payment"].isEnabled()
    assert not view.actions["credit_note"].isEnabled()  # payments first have to be reversed

    too_much = view.record_payment()
    too_much.amount.setText("800.00")
    too_much.submit()
    calm(qtbot, view)

    assert too_much.isVisible()
    assert "more than the open balance of 742.40 EUR" in too_much.form.shown()["amount"]
    assert cells(view, BALANCE) == ["742.40 EUR"]


def test_a_reversed_payment_is_owed_again(qtbot, ctx, issued) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    paying = view.record_payment()
    paying.submit()  # the whole balance
    calm(qtbot, view)
    assert cells(view, STATUS) == ["paid"]

    dialog = view.reverse_payment()
    dialog.submit()  # without a reason
    calm(qtbot, view)
    assert dialog.isVisible() and "reason" in dialog.form.shown()
    dialog.reason.setPlainText("Booked on the wrong invoice")
    dialog.submit()
    calm(qtbot, view)

    assert cells(view, STATUS) == ["sent"]
    assert cells(view, BALANCE) == ["1,142.40 EUR"]


def test_a_credit_note_voids_the_invoice_and_can_release_its_time(qtbot, ctx, issued) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog = view.credit_note()
    assert dialog.release.text() == "Release the invoiced time so it can be billed again (2 entries)"
    dialog.release.setChecked(True)
    dialog.reason.setPlainText("Wrong period")

    dialog.submit()
    calm(qtbot, view)

    assert sorted(cells(view, STATUS)) == ["credit note", "void"]
    assert view.editor.title.text().startswith("Credit note ")
    assert view.editor.totals.value("Total") == "-1,142.40 EUR"
    assert "Cancels invoice 2026-0001." in view.editor.about.text()
    assert statuses_of_carls_time(issued) == [EntryStatus.APPROVED] * 2  # billable again

    view.filters.setCurrentIndex(6)  # Credit notes
    calm(qtbot, view)
    assert cells(view, STATUS) == ["credit note"]


def test_delete_draft_says_how_much_time_it_releases(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)

    question = view.delete_draft()
    assert "Its 2 approved entries are released and can be drafted again." in question.text()
    question.yes.click()
    calm(qtbot, view)

    assert cells(view, REFERENCE) == []
    assert view.message.text() == "Draft deleted; 2 entries released."


def test_lines_typed_by_hand_can_be_added_repriced_and_removed(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog = view.add_line()
    dialog.description.setText("Hosting")
    dialog.unit_price.setText("12.345")
    dialog.exempt.setText("Exempt under § 4")
    dialog.rate.setText("7")
    dialog.submit()
    settle(qtbot, ctx)
    shown = dialog.form.shown()
    assert "more decimals" in shown["unit_price"] or "decimals" in shown["unit_price"]
    assert "not several" in shown["tax_rate"]  # every problem at once

    dialog.unit_price.setText("50")
    dialog.rate.clear()
    dialog.submit()
    calm(qtbot, view)

    lines = view.editor.lines
    assert line_cell(view, 1, DESCRIPTION) == "Hosting"
    assert view.editor.totals.value("Exempt on 50.00 EUR") == "0.00 EUR"
    assert lines.flags(lines.index(1, UNIT_PRICE)) & Qt.ItemFlag.ItemIsEditable
    lines.setData(lines.index(1, UNIT_PRICE), "80")
    calm(qtbot, view)
    assert view.editor.totals.value("Total") == "1,222.40 EUR"  # 1,142.40 + 80.00 without VAT

    view.editor.table.setCurrentIndex(lines.index(0, DESCRIPTION))
    assert not view.actions["remove_line"].isEnabled()  # approved time leaves only with the draft
    view.editor.table.setCurrentIndex(lines.index(1, DESCRIPTION))
    with qtbot.waitActive(view):  # back from the dialog
        view.activateWindow()
    view.editor.table.setFocus()
    qtbot.keyClick(view.editor.table, Qt.Key.Key_Delete)
    calm(qtbot, view)
    assert lines.rowCount() == 1
    assert view.message.text() == "Line removed."


def test_a_discount_is_taken_off_before_tax(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog = view.discount()
    dialog.amount.setText("10")  # percent by default

    dialog.submit()
    calm(qtbot, view)

    assert view.editor.totals.value("Discount (10 %)") == "-96.00 EUR"
    assert view.editor.totals.value("VAT 19 % on 864.00 EUR") == "164.16 EUR"
    assert view.editor.totals.value("Total") == "1,028.16 EUR"


def test_the_preview_shows_the_real_pdf_and_export_writes_it(qtbot, ctx, issued, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    document = view.preview.document

    qtbot.waitUntil(lambda: document.status() == QPdfDocument.Status.Ready, timeout=15_000)
    assert document.pageCount() >= 1
    assert view.preview.buffer is not None and view.preview.buffer.isOpen()
    assert file_name(view.invoice()) == "Invoice 2026-0001.pdf"

    target = tmp_path / "out.pdf"
    view.export_pdf(target)
    qtbot.waitUntil(lambda: view.message.text() == f"Saved {target}.", timeout=15_000)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "2026-0001" in text and "1,142.40" in text


def test_filters_show_drafts_and_open_invoices_apart(qtbot, ctx, issued) -> None:  # type: ignore[no-untyped-def]
    with issued.ledger.work() as uow:
        actor = current_actor(uow)
        invoice_drafts.new_draft(uow, actor, find_client(uow, actor.org, "Globex"))
        uow.commit()
    view = opened(qtbot, ctx)
    assert cells(view, STATUS) == ["draft", "sent"]

    view.filters.setCurrentIndex(1)  # Drafts
    calm(qtbot, view)
    assert cells(view, STATUS) == ["draft"]
    view.filters.setCurrentIndex(2)  # Open
    calm(qtbot, view)
    assert cells(view, REFERENCE) == ["2026-0001"]
    view.filters.setCurrentIndex(4)  # Paid
    calm(qtbot, view)
    assert view.invoices.empty.text().startswith("No invoices match")


def test_the_overdue_check_runs_at_start_and_moves_invoices_past_due(qtbot, ctx, clock, issued) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    clock.advance(days=31)  # due 2026-12-20; now 2026-12-21

    with qtbot.waitSignal(ctx.events.invoices_changed, timeout=5000):
        watch = ReceivablesWatch(ctx, parent=view)
    calm(qtbot, view)

    assert cells(view, STATUS) == ["overdue"]
    assert watch.done_on == date(2026, 12, 21)
    watch.run()  # the same day again: nothing to do
    settle(qtbot, ctx)
    assert watch.done_on == date(2026, 12, 21)


def test_the_invoices_section_is_for_managers_and_opens_with_ctrl_8(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    item = window.sidebar.item(TITLES.index("Invoices"))
    qtbot.waitUntil(lambda: not item.isHidden(), timeout=5000)

    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.sections["Invoices"]

    sign_in(team.ledger, CARL)
    ctx.events.settings_changed.emit()
    qtbot.waitUntil(item.isHidden, timeout=5000)
    settle(qtbot, ctx)


def test_user_text_is_shown_literally(qtbot, ctx, drafted) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    view.editor.lines.setData(view.editor.lines.index(0, DESCRIPTION), "<img src='x.png'> & <b>bold</b>")
    calm(qtbot, view)

    assert view.editor.client.textFormat() == Qt.TextFormat.PlainText
    assert line_cell(view, 0, DESCRIPTION) == "<img src='x.png'> & <b>bold</b>"
    shown_tip = view.editor.lines.index(0, DESCRIPTION).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=&#x27;x.png&#x27;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in shown_tip  # tooltips read tags


def test_a_client_name_with_tags_is_listed_literally(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    name = '<img src="http://x/y.png"/> & <b>'
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        client = clients.add_client(uow, actor, name=name, email="tags@example.com")
        invoice_drafts.new_draft(uow, actor, client)
        uow.commit()
    view = opened(qtbot, ctx)

    assert cells(view, CLIENT) == [name]
    assert "&lt;img" in view.invoices.model.index(0, CLIENT).data(Qt.ItemDataRole.ToolTipRole)
    assert view.editor.client.text() == name
    assert view.editor.client.textFormat() == Qt.TextFormat.PlainText


def test_draft_dialog_refuses_when_every_project_is_unticked(qtbot, ctx, approved) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog: DraftFromTimeDialog = view.draft_from_time()
    settle(qtbot, ctx)
    dialog.choose_client("Globex")
    dialog.projects.item(0).setCheckState(Qt.CheckState.Unchecked)

    dialog.submit()
    settle(qtbot, ctx)

    assert dialog.form.shown()["projects"] == "Tick at least one project to bill."


def test_a_share_of_a_fixed_price_is_drafted_when_asked_for(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        admin = current_actor(uow)
        projects.add_project(
            uow, admin, client="Globex", name="Shop", code="SHOP", billing="fixed", fixed_price="10000", status="active"
        )
        uow.commit()
    view = opened(qtbot, ctx)
    dialog = view.draft_from_time()
    settle(qtbot, ctx)
    dialog.choose_client("Globex")
    web = next(
        dialog.projects.item(n) for n in range(dialog.projects.count()) if "WEB" in dialog.projects.item(n).text()
    )
    web.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.share.isEnabled()
    dialog.share.setText("30")
    dialog.remainder.setChecked(True)
    dialog.submit()
    settle(qtbot, ctx)
    assert "either a percentage of the fixed price or the remainder" in dialog.form.shown()["percent"]

    dialog.remainder.setChecked(False)
    dialog.submit()
    calm(qtbot, view)

    assert line_cell(view, 0, DESCRIPTION) == "SHOP · Shop: 30 % of the fixed price of 10,000.00 EUR"
    assert cells(view, TOTAL) == ["3,000.00 EUR"]  # no VAT set up in this organisation
