"""Sending an invoice through a real SMTP server on 127.0.0.1: the message as it arrives (headers, text, the PDF
read back, the XML), a login with a password, STARTTLS and SSL with a certificate made for the test, and every
failure leaving the invoice as it was, with a sentence saying why."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from helpers import acting
from lxml import etree
from mail_server import PASSWORD, USER, Mailbox, certificate, free_port, smtp_server, trusting
from pypdf import PdfReader

from app.documents.einvoice_file import einvoice_xml
from app.documents.pdf import render_pdf
from app.domain.errors import RuleViolation
from app.domain.mail_template import PLACEHOLDERS
from app.domain.tax import Vat
from app.mail import smtp
from app.mail.smtp import MailNotSent, MailServerUnreachable
from app.services import clients, invoice_drafts, invoice_issue, invoice_views, invoicing_settings
from app.services.clients import find_client
from app.services.invoice_mail import MailRequest, mail_draft, placeholder_values, send_invoice

CII = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"}
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"


def pdf(uow, actor, invoice) -> bytes:  # type: ignore[no-untyped-def]
    return render_pdf(invoice_views.printable(uow, actor, invoice))


def e_invoicing(ledger) -> None:  # type: ignore[no-untyped-def]
    """What an EN 16931 invoice needs of Acme and Globex."""
    set_mail(
        ledger,
        vat_id="DE136695976",
        street="Hauptstr. 1",
        postcode="10115",
        city="Berlin",
        country="DE",
        iban="DE89370400440532013000",
    )
    with acting(ledger) as (uow, admin):
        globex = find_client(uow, admin.org, "Globex")
        clients.update_details(
            uow, admin, globex, street="Rue de la Paix 1", postcode="75002", city="Paris", country="FR"
        )
        uow.commit()


def set_mail(ledger, **settings) -> None:  # type: ignore[no-untyped-def]
    with acting(ledger) as (uow, admin):
        invoicing_settings.update_invoicing(uow, admin, **settings)
        uow.commit()


def issued(ledger, *, finalise: bool = True) -> str:  # type: ignore[no-untyped-def]
    """A 1,190.00 EUR invoice to Globex (ap@globex.example); its number, or a draft's id."""
    with acting(ledger) as (uow, admin):
        bill = invoice_drafts.new_draft(uow, admin, find_client(uow, admin.org, "Globex"))
        invoice_drafts.add_line(
            uow, admin, bill, description="Website relaunch", quantity="10", unit_price="100", vat=Vat.at(Decimal(19))
        )
        if finalise:
            invoice_issue.finalise(uow, admin, bill)
        uow.commit()
        return bill.number or bill.id.hex


def stored(ledger, ref: str):  # type: ignore[no-untyped-def]
    with acting(ledger, read=True) as (uow, admin):
        return invoice_views.find_invoice(uow, admin, ref)


@pytest.fixture
def acme(team):  # type: ignore[no-untyped-def]
    """Acme with its mail settings pointing at a port set by each test, and one issued invoice."""
    set_mail(team.ledger, smtp_sender="billing@acme.example", smtp_security="none", smtp_host="127.0.0.1")
    return team.ledger


def point_at(ledger, server, **more) -> None:  # type: ignore[no-untyped-def]
    set_mail(ledger, smtp_host=server.host, smtp_port=str(server.port), **more)


def test_the_invoice_arrives_with_the_template_text_and_its_pdf_and_the_sending_is_recorded(acme, clock):
    number = issued(acme)
    with smtp_server() as server:
        point_at(acme, server)
        sent = send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender())

    [received] = server.mailbox.messages
    message = received.message
    assert (received.mail_from, received.rcpt_tos, received.login) == (
        "billing@acme.example",
        ["ap@globex.example"],
        None,
    )
    assert message["From"] == "Acme <billing@acme.example>"
    assert message["To"] == "ap@globex.example"
    assert message["Subject"] == f"Invoice {number} from Acme"
    assert message["Message-ID"].endswith("@acme.example>")
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Hello Globex,\n\nplease find attached Invoice")
    assert f"Invoice {number} of 2026-11-20 for 1,190.00 EUR." in text
    [attachment] = list(message.iter_attachments())
    assert (attachment.get_content_type(), attachment.get_filename()) == ("application/pdf", f"Invoice {number}.pdf")
    pages = PdfReader(io.BytesIO(attachment.get_content())).pages
    printed = "".join(page.extract_text() for page in pages)
    assert number in printed and "Website relaunch" in printed and "1,190.00" in printed

    assert sent.recipients == ("ap@globex.example",)
    assert sent.sentences() == [f"Sent invoice {number} to ap@globex.example with Invoice {number}.pdf."]
    invoice = stored(acme, number)
    assert (invoice.sent_at, invoice.sent_to) == (clock.now(), "ap@globex.example")


def test_several_recipients_the_xml_and_a_message_edited_by_hand(acme):
    e_invoicing(acme)
    number = issued(acme)
    request = MailRequest(
        to=["ap@globex.example, boss@globex.example", "AP@globex.example"],
        subject="Your invoice\n(corrected address)",
        body="Dear all,\n\nhere it is again.",
        with_xml=True,
    )
    with smtp_server() as server:
        point_at(acme, server)
        send_invoice(acme, number, request, render_pdf=pdf, send=smtp.sender(), write_xml=einvoice_xml)

    [received] = server.mailbox.messages
    assert received.rcpt_tos == ["ap@globex.example", "boss@globex.example"]
    assert received.message["Subject"] == "Your invoice (corrected address)"
    assert received.message.get_body(("plain",)).get_content() == "Dear all,\n\nhere it is again.\n"
    files = {part.get_filename(): part for part in received.message.iter_attachments()}
    assert list(files) == [f"Invoice {number}.pdf", f"Invoice {number}.xml"]
    xml = files[f"Invoice {number}.xml"]
    assert xml.get_content_type() == "application/xml"
    tree = etree.fromstring(xml.get_payload(decode=True))
    assert tree.tag == f"{{{CII['rsm']}}}CrossIndustryInvoice"
    assert tree.findtext(f".//{{{RAM}}}DuePayableAmount") == "1190.00"
    assert stored(acme, number).sent_to == "ap@globex.example, boss@globex.example"


def test_a_login_with_the_password_from_the_keyring_or_given(acme):
    number = issued(acme)
    with smtp_server(login=True) as server:
        point_at(acme, server, smtp_user=USER)
        send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender(PASSWORD))

    assert server.mailbox.logins == [(USER, True)]
    assert server.mailbox.messages[0].login == USER


def test_a_refused_login_sends_nothing_records_nothing_and_says_why(acme):
    number = issued(acme)
    before = stored(acme, number)
    with smtp_server(login=True) as server:
        point_at(acme, server, smtp_user=USER)
        with pytest.raises(MailNotSent) as refused:
            send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender("wrong"))

    assert str(refused.value).startswith(f"The mail server refused the login of {USER} (535 ")
    assert str(refused.value).endswith("check the user name and the password.")
    assert server.mailbox.messages == []
    after = stored(acme, number)
    assert (after.sent_at, after.sent_to, after.version) == (None, "", before.version)


def test_without_a_stored_password_it_asks_for_one_before_sending(acme):
    number = issued(acme)
    with smtp_server(login=True) as server:
        point_at(acme, server, smtp_user=USER)
        with pytest.raises(MailNotSent) as refused:
            send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender())

    assert str(refused.value) == (
        f"No password is stored for {USER} on the mail server 127.0.0.1; set it with `timeledger org smtp-password` "
        "or in Settings."
    )
    assert server.mailbox.logins == []


def test_a_server_that_refuses_the_message_leaves_the_invoice_unchanged(acme):
    number = issued(acme)
    with smtp_server(mailbox=Mailbox(refuse_data="554 5.7.1 Message rejected as spam")) as server:
        point_at(acme, server)
        with pytest.raises(MailNotSent) as refused:
            send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender())

    assert str(refused.value) == "The mail server refused the message (554 5.7.1 Message rejected as spam)."
    assert stored(acme, number).sent_at is None


def test_every_recipient_refused_is_a_refusal_and_some_refused_are_said(acme):
    number = issued(acme)
    box = Mailbox(refused_recipients={"ap@globex.example", "gone@globex.example"})
    with smtp_server(mailbox=box) as server:
        point_at(acme, server)
        with pytest.raises(MailNotSent) as refused:
            send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender())
        assert stored(acme, number).sent_at is None
        sent = send_invoice(
            acme,
            number,
            MailRequest(to=["gone@globex.example", "boss@globex.example"]),
            render_pdf=pdf,
            send=smtp.sender(),
        )

    assert str(refused.value) == (
        "The mail server refused every recipient: ap@globex.example (550 5.1.1 <ap@globex.example>: Recipient address "
        "rejected: User unknown)."
    )
    assert sent.recipients == ("boss@globex.example",)
    assert sent.sentences()[1] == (
        "The mail server refused gone@globex.example (550 5.1.1 <gone@globex.example>: Recipient address rejected: "
        "User unknown): it was not sent there."
    )
    assert [m.rcpt_tos for m in box.messages] == [["boss@globex.example"]]
    assert stored(acme, number).sent_to == "boss@globex.example"


def test_nothing_listening_is_said_as_a_sentence(acme):
    number = issued(acme)
    set_mail(acme, smtp_host="127.0.0.1", smtp_port=str(free_port()))

    with pytest.raises(MailServerUnreachable) as unreachable:
        send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender())

    assert "no mail server listens on that port; check the host and the port." in str(unreachable.value)
    assert unreachable.value.exit_code == 4
    assert stored(acme, number).sent_at is None


def test_an_unknown_host_is_said_as_a_sentence(acme):
    number = issued(acme)
    set_mail(acme, smtp_host="no-such-host.invalid")

    with pytest.raises(MailServerUnreachable) as unreachable:
        send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender())

    assert str(unreachable.value) == (
        "The mail server no-such-host.invalid cannot be found; check its host name (smtp_host) and your network."
    )


def test_starttls_and_ssl_with_a_trusted_certificate_and_a_login(acme, tmp_path):
    cert = certificate(tmp_path)
    number = issued(acme)
    for security in ("starttls", "ssl"):
        with smtp_server(login=True, security=security, cert=cert) as server:
            set_mail(acme, smtp_host="localhost", smtp_port=str(server.port), smtp_security=security, smtp_user=USER)
            send_invoice(
                acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender(PASSWORD, context=trusting(cert))
            )
        assert [m.login for m in server.mailbox.messages] == [USER], security


def test_a_certificate_nobody_vouches_for_is_refused_before_the_password_leaves(acme, tmp_path):
    cert = certificate(tmp_path)
    number = issued(acme)
    with smtp_server(login=True, security="starttls", cert=cert) as server:
        set_mail(acme, smtp_host="localhost", smtp_port=str(server.port), smtp_security="starttls", smtp_user=USER)
        with pytest.raises(MailServerUnreachable) as refused:
            send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender(PASSWORD))

    assert str(refused.value).startswith(f"The mail server at localhost:{server.port} did not prove who it is:")
    assert server.mailbox.logins == []


def test_starttls_asked_of_a_server_without_it_is_refused_before_the_password_leaves(acme):
    number = issued(acme)
    with smtp_server() as server:
        point_at(acme, server, smtp_security="starttls", smtp_user=USER)
        with pytest.raises(MailServerUnreachable) as refused:
            send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender(PASSWORD))

    assert str(refused.value).startswith(f"The mail server at 127.0.0.1:{server.port} does not offer STARTTLS")
    assert server.mailbox.messages == []


def test_ssl_asked_of_a_plain_server_says_to_check_the_security_setting(acme):
    number = issued(acme)
    with smtp_server() as server:
        point_at(acme, server, smtp_security="ssl")
        with pytest.raises(MailServerUnreachable) as refused:
            send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender(timeout=5))

    assert "check the security setting: port 465 usually means SSL, 587 STARTTLS." in str(refused.value)


def test_drafts_bad_addresses_and_missing_settings_are_refused_all_at_once_before_anything_is_sent(team):
    ledger = team.ledger
    draft_ref = issued(ledger, finalise=False)
    number = issued(ledger)
    calls = []

    def never(server, mail):  # type: ignore[no-untyped-def]
        calls.append(mail)
        return {}

    with pytest.raises(RuleViolation) as draft:
        send_invoice(ledger, draft_ref, MailRequest(), render_pdf=pdf, send=never)
    with pytest.raises(RuleViolation) as refused:
        send_invoice(ledger, number, MailRequest(to=["not-an-address", "x@y"], subject=" "), render_pdf=pdf, send=never)

    assert draft.value.code == "draft_not_sent"
    assert "is a draft; finalise it before sending it" in str(draft.value)
    assert [p.code for p in refused.value.problems] == [
        "mail_not_set_up",
        "mail_not_set_up",
        "invalid_email",
        "invalid_email",
        "required",
    ]
    assert calls == []
    assert stored(ledger, number).sent_at is None


def test_an_unknown_placeholder_in_the_template_is_refused_when_saved(acme):
    with acting(acme) as (uow, admin), pytest.raises(RuleViolation) as refused:
        invoicing_settings.update_invoicing(uow, admin, mail_subject="Invoice {invoice.numbr}", mail_body="{oops")

    assert [p.message for p in refused.value.problems] == [
        "The mail subject names {invoice.numbr}, which is not a placeholder; did you mean {invoice.number}?",
        "The mail body has a brace that opens or closes no placeholder; write placeholders like {invoice.number}, "
        "and {{ or }} for a brace itself.",
    ]


def test_the_draft_of_the_message_is_prefilled_from_the_template_and_says_what_is_missing(team):
    number = issued(team.ledger)
    with acting(team.ledger, read=True) as (uow, admin):
        draft = mail_draft(uow, admin, invoice_views.find_invoice(uow, admin, number))

    assert draft.recipients == ("ap@globex.example",)
    assert draft.subject == f"Invoice {number} from Acme"
    assert draft.problems == (
        "No mail server is set: give its host name (smtp_host) in the organisation's mail settings.",
        "No sender address is set: give the address invoices come from (smtp_sender) in the organisation's mail "
        "settings.",
    )


def test_the_xml_asked_for_without_the_details_it_needs_is_refused_with_every_gap_and_nothing_is_sent(acme):
    number = issued(acme)
    with smtp_server() as server:
        point_at(acme, server)
        with pytest.raises(RuleViolation) as refused:
            send_invoice(
                acme,
                number,
                MailRequest(to=["not-an-address"], with_xml=True),
                render_pdf=pdf,
                send=smtp.sender(),
                write_xml=einvoice_xml,
            )

    fields = [p.field for p in refused.value.problems]
    assert fields[0] == "to"
    assert {"organisation.street", "organisation.vat_id", "client.street", "client.country"} <= set(fields)
    assert server.mailbox.messages == []


def test_a_template_stored_with_an_unknown_placeholder_is_refused_when_sending(acme):
    number = issued(acme)
    with acting(acme) as (uow, admin):
        admin.org.mail_body = "Dear {client.nmae}"  # as an older version or another tool may have stored it
        uow.organisations.save(admin.org)
        uow.commit()

    with pytest.raises(RuleViolation) as refused:
        send_invoice(acme, number, MailRequest(), render_pdf=pdf, send=smtp.sender())

    assert [p.message for p in refused.value.problems] == [
        "The mail body names {client.nmae}, which is not a placeholder; did you mean {client.name}?"
    ]


def test_every_placeholder_of_the_templates_has_a_value_in_a_message(acme):
    number = issued(acme)
    with acting(acme, read=True) as (uow, admin):
        detail = invoice_views.invoice_detail(uow, admin, invoice_views.find_invoice(uow, admin, number))
        values = placeholder_values(admin.org, detail)

    assert set(values) == set(PLACEHOLDERS)
    assert (values["invoice.heading"], values["invoice.due_date"], values["invoice.payment_terms"]) == (
        f"Invoice {number}",
        "2026-12-20",
        "Payable within 30 days (by 2026-12-20).",
    )
