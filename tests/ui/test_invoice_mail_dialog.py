"""Send… in the Invoices section and Email in Settings, against a real SMTP server on 127.0.0.1: the dialog
prefilled from the client and the template, edits sent as typed, sending off the GUI thread, the sentence of a
refusal shown with the invoice unchanged; the settings saved, the password kept in the keyring, a test message."""

from __future__ import annotations

from decimal import Decimal

import keyring
import pytest
from desk_helpers import settle
from mail_server import PASSWORD, USER, Mailbox, smtp_server
from PySide6.QtCore import Qt
from stand_in_keyring import MemoryKeyring

from app import passwords
from app.domain.tax import Vat
from app.services import invoice_drafts, invoice_issue, invoicing_settings
from app.services.clients import find_client
from app.services.identity import current_actor
from app.services.invoice_views import find_invoice
from app.ui.invoice_mail_dialog import InvoiceMailDialog
from app.ui.views.invoices import InvoicesView
from app.ui.views.settings import SettingsView


@pytest.fixture
def memory_keyring():  # type: ignore[no-untyped-def]
    before = keyring.get_keyring()
    store = keyring.set_keyring(MemoryKeyring()) or keyring.get_keyring()
    yield store
    keyring.set_keyring(before)
    passwords._session.clear()


def set_mail(team, **settings) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        invoicing_settings.update_invoicing(uow, current_actor(uow), **settings)
        uow.commit()


@pytest.fixture
def issued(team):  # type: ignore[no-untyped-def]
    """Invoice 2026-0001 to Globex over 1,190.00 EUR, and Acme sending from billing@acme.example."""
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        bill = invoice_drafts.new_draft(uow, actor, find_client(uow, actor.org, "Globex"))
        invoice_drafts.add_line(
            uow, actor, bill, description="Audit", quantity="10", unit_price="100", vat=Vat.at(Decimal(19))
        )
        invoice_issue.finalise(uow, actor, bill)
        uow.commit()
    set_mail(team, smtp_sender="billing@acme.example", smtp_security="none")
    return team


def stored(team):  # type: ignore[no-untyped-def]
    with team.ledger.read() as uow:
        actor = current_actor(uow)
        return find_invoice(uow, actor, "2026-0001")


def opened(qtbot, ctx) -> InvoicesView:  # type: ignore[no-untyped-def]
    view = InvoicesView(ctx)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitUntil(lambda: view.page is not None and not ctx.runner.busy, timeout=10_000)
    return view


def send_dialog(qtbot, view: InvoicesView) -> InvoiceMailDialog:  # type: ignore[no-untyped-def]
    """Send…, and the dialog it opens once the message's draft is read."""
    before = view.dialogs.current
    view.actions["send_email"].trigger()
    qtbot.waitUntil(
        lambda: isinstance(view.dialogs.current, InvoiceMailDialog) and view.dialogs.current is not before,
        timeout=10_000,
    )
    return view.dialogs.current  # type: ignore[return-value]


def send(qtbot, dialog: InvoiceMailDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.sending, timeout=5_000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def test_send_is_offered_for_issued_invoices_only(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    with team.ledger.work() as uow:
        actor = current_actor(uow)
        invoice_drafts.new_draft(uow, actor, find_client(uow, actor.org, "Globex"))
        uow.commit()
    view = opened(qtbot, ctx)

    assert not view.actions["send_email"].isEnabled()
    assert view.actions["send_email"].toolTip() == "Finalise the draft before sending it."


def test_the_dialog_is_prefilled_and_sends_what_was_typed(qtbot, ctx, issued) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    dialog = send_dialog(qtbot, view)

    assert dialog.windowTitle() == "Send invoice 2026-0001"
    assert dialog.about.text() == "Invoice 2026-0001 goes as a PDF attachment. It has not been sent by email yet."
    assert dialog.to.text() == "ap@globex.example"
    assert dialog.subject.text() == "Invoice 2026-0001 from Acme"
    assert "for 1,190.00 EUR." in dialog.body.toPlainText()
    assert dialog.form.shown() == {
        "": "No mail server is set: give its host name (smtp_host) in the organisation's mail settings."
    }

    with smtp_server() as server:
        set_mail(issued, smtp_host=server.host, smtp_port=str(server.port))
        dialog.to.setText("ap@globex.example, boss@globex.example")
        qtbot.keyClicks(dialog.subject, " (copy)")
        dialog.body.setPlainText("Hello,\n\nsee attached.")
        send(qtbot, dialog)

    assert dialog.result() == dialog.DialogCode.Accepted
    [received] = server.mailbox.messages
    assert received.rcpt_tos == ["ap@globex.example", "boss@globex.example"]
    assert received.message["Subject"] == "Invoice 2026-0001 from Acme (copy)"
    assert received.message.get_body(("plain",)).get_content() == "Hello,\n\nsee attached.\n"
    settle(qtbot, ctx)
    assert view.message.text() == (
        "Sent invoice 2026-0001 to ap@globex.example, boss@globex.example with Invoice 2026-0001.pdf."
    )
    assert stored(issued).sent_to == "ap@globex.example, boss@globex.example"
    again = send_dialog(qtbot, view)
    assert again.about.text() == (
        "Invoice 2026-0001 goes as a PDF attachment. Last sent 2026-11-20 09:00 to ap@globex.example, "
        "boss@globex.example."
    )


def test_a_refusal_keeps_the_dialog_open_with_its_sentence_and_the_invoice_unchanged(qtbot, ctx, issued) -> None:  # type: ignore[no-untyped-def]
    view = opened(qtbot, ctx)
    with smtp_server(mailbox=Mailbox(refuse_data="554 5.7.1 Message rejected as spam")) as server:
        set_mail(issued, smtp_host=server.host, smtp_port=str(server.port))
        dialog = send_dialog(qtbot, view)
        send(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.form.shown() == {"": "The mail server refused the message (554 5.7.1 Message rejected as spam)."}
    assert dialog.save_button.isEnabled() and dialog.save_button.text() == "Send"
    assert stored(issued).sent_at is None


def test_bad_addresses_show_under_the_recipients(qtbot, ctx, issued) -> None:  # type: ignore[no-untyped-def]
    set_mail(issued, smtp_host="127.0.0.1")
    view = opened(qtbot, ctx)
    dialog = send_dialog(qtbot, view)
    dialog.to.setText("ap@globex.example, nobody")

    send(qtbot, dialog)

    assert dialog.form.shown() == {"to": "Email 'nobody' is not a valid address."}


def test_settings_store_the_server_and_the_password_in_the_keyring_and_send_a_test(  # type: ignore[no-untyped-def]
    qtbot, ctx, team, memory_keyring
) -> None:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    settle(qtbot, ctx)
    mail = view.mail
    assert (mail.port.text(), mail.security.currentData(), mail.test_to.text()) == (
        "587",
        "starttls",
        "ada@acme.example",
    )

    with smtp_server(login=True) as server:
        mail.host.setText(server.host)
        mail.port.setText(str(server.port))
        mail.security.setCurrentIndex(mail.security.findData("none"))
        mail.user.setText(USER)
        mail.password.setText(PASSWORD)
        mail.sender.setText("billing@acme.example")
        with qtbot.waitSignal(mail.tested, timeout=20_000):
            qtbot.mouseClick(mail.test, Qt.MouseButton.LeftButton)
        assert mail.message.text() == "Test message sent to ada@acme.example; check that it arrived."
        with qtbot.waitSignal(mail.saved, timeout=10_000):
            qtbot.mouseClick(mail.save, Qt.MouseButton.LeftButton)

    assert mail.message.text() == "Email settings saved."
    assert mail.password.text() == ""
    assert memory_keyring.secrets == {("timeledger-smtp", f"{USER}@127.0.0.1"): PASSWORD}
    assert [m.message["Subject"] for m in server.mailbox.messages] == ["Timeledger test message"]
    with team.ledger.read() as uow:
        org = current_actor(uow).org
    assert (org.smtp_host, org.smtp_port, org.smtp_security, org.smtp_user) == ("127.0.0.1", server.port, "none", USER)


def test_bad_settings_and_an_unknown_placeholder_show_under_their_fields(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot, ctx)
    mail = view.mail
    mail.port.setText("99999")
    mail.subject.setText("Invoice {invoice.nubmer}")

    with qtbot.waitSignal(mail.form.problems_shown, timeout=10_000):
        qtbot.mouseClick(mail.save, Qt.MouseButton.LeftButton)

    shown = mail.form.shown()
    assert shown["smtp_port"] == "'99999' is not a port; give a number from 1 to 65535, such as 587."
    assert shown["mail_subject"] == (
        "The mail subject names {invoice.nubmer}, which is not a placeholder; did you mean {invoice.number}?"
    )
