"""Sending an issued invoice by email: the message from the organisation's template, the PDF (and, asked for, the
e-invoice XML) attached, handed to its SMTP server, and the sending recorded on the invoice.

Three steps, so the database is never locked while a mail server takes its time: the message is composed in a
read transaction, sent outside any, and the invoice records when and to whom only in a write transaction after
the server took it. A refusal anywhere before that changes nothing and says why.

The PDF renderer, the XML export and the transport are given by the caller (the CLI, the app): services import
neither app.documents nor app.mail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from email.utils import parseaddr
from typing import Protocol
from uuid import UUID
from zoneinfo import ZoneInfo

from app.domain.client import Client
from app.domain.einvoice_data import EInvoice, EInvoiceFormat
from app.domain.errors import Checks, TimeledgerError, refuse
from app.domain.invoice import Invoice, InvoiceStatus
from app.domain.mail_template import BODY_MAX_CHARS, SUBJECT_MAX_CHARS, fill, one_line
from app.domain.money import format_money
from app.domain.organisation import Organisation
from app.domain.outgoing_mail import Attachment, MailServer, OutgoingMail, clean_recipients, missing_settings
from app.domain.text import clean_text, collect
from app.services import einvoice_export
from app.services.identity import Actor, current_actor, require_manager
from app.services.invoice_views import InvoiceDetail, find_invoice, invoice_detail, reference
from app.services.ports import UnitOfWork, Workspace

PdfRenderer = Callable[[UnitOfWork, Actor, Invoice], bytes]
XmlWriter = Callable[[EInvoice, EInvoiceFormat], bytes]  # app.documents.einvoice_file.einvoice_xml


class MailSender(Protocol):
    def __call__(self, server: MailServer, mail: OutgoingMail) -> Mapping[str, str]:
        """Hand the message to the server: the recipients it refused (address -> why) when it took it for the
        others; raises a TimeledgerError with a sentence when it took it for nobody."""
        ...


@dataclass(frozen=True)
class MailRequest:
    """What the person asked for; anything left out comes from the client and the organisation's template."""

    to: Sequence[str] = ()  # addresses as typed; none: the client's billing email
    subject: str | None = None  # the finished subject (no placeholders); None: the template's
    body: str | None = None  # the finished message; None: the template's
    with_xml: bool = False


@dataclass(frozen=True)
class MailDraft:
    """The message as the send dialog first shows it."""

    invoice_id: UUID
    reference: str  # "2026-0007"
    title: str  # "Invoice", "Credit note"
    recipients: tuple[str, ...]
    subject: str
    body: str
    last_sent: str  # "Last sent 2026-11-20 09:00 to ap@globex.example." in the organisation's time zone, or ""
    problems: tuple[str, ...]  # what must be set before it can be sent (the mail server...)


@dataclass(frozen=True)
class SentInvoice:
    invoice: Invoice
    recipients: tuple[str, ...]  # those the server took it for
    refused: Mapping[str, str]  # those it refused, with its answer
    attachments: tuple[str, ...]  # file names

    def sentences(self) -> list[str]:
        files = " and ".join(self.attachments)
        said = [f"Sent {self.invoice.title.lower()} {reference(self.invoice)} to {', '.join(self.recipients)}"]
        said[0] += f" with {files}." if files else "."
        if self.refused:
            said.append(
                "The mail server refused "
                + "; ".join(f"{address} ({why})" for address, why in self.refused.items())
                + ": it was not sent there."
            )
        return said


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def placeholder_values(org: Organisation, detail: InvoiceDetail) -> dict[str, str]:
    """What each placeholder becomes in the message about this invoice: amounts with their currency, days as
    YYYY-MM-DD (a message has no document language to write them in)."""
    invoice, client, totals = detail.invoice, detail.client, detail.totals
    is_invoice = not invoice.is_credit_note
    period = ""
    if invoice.period_start and invoice.period_end:
        period = f"Work from {invoice.period_start} to {invoice.period_end}"
    return {
        "org.name": org.name,
        "org.legal_name": org.legal_name or org.name,
        "org.legal_form": org.legal_form,
        "org.address": org.address,
        "org.street": org.street,
        "org.postcode": org.postcode,
        "org.city": org.city,
        "org.country": org.country,
        "org.tax_id": org.tax_id,
        "org.tax_number": org.tax_number,
        "org.electronic_address": org.electronic_address,
        "org.iban": org.iban,
        "org.bic": org.bic,
        "org.bank_details": org.bank_details,
        "client.name": client.name,
        "client.address": client.billing_address,
        "client.street": client.street,
        "client.postcode": client.postcode,
        "client.city": client.city,
        "client.country": client.country,
        "client.tax_id": client.tax_id,
        "client.email": client.email,
        "client.buyer_reference": client.buyer_reference,
        "invoice.title": invoice.title,
        "invoice.number": invoice.number or "",
        "invoice.heading": f"{invoice.title} {invoice.number or ''}".strip(),
        "invoice.issue_date": _day(invoice.issue_date),
        "invoice.due_date": _day(invoice.due_date) if is_invoice else "",
        "invoice.period_start": _day(invoice.period_start),
        "invoice.period_end": _day(invoice.period_end),
        "invoice.reference": f"Cancels invoice {detail.credited_number}" if detail.credited_number else period,
        "invoice.credited_number": detail.credited_number or "",
        "invoice.purchase_order": invoice.purchase_order,
        "invoice.currency": invoice.currency,
        "invoice.net": format_money(totals.net),
        "invoice.tax": format_money(totals.tax),
        "invoice.total": format_money(totals.total),
        "invoice.paid": format_money(invoice.paid),
        "invoice.balance": format_money(invoice.balance),
        "invoice.payment_terms": invoice.payment_terms.describe(invoice.issue_date) if is_invoice else "",
    }


def mail_server(org: Organisation) -> MailServer:
    return MailServer(host=org.smtp_host.strip(), port=org.smtp_port, security=org.smtp_security, user=org.smtp_user)


def _sendable(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> InvoiceDetail:
    require_manager(actor, "send invoices")
    if invoice.status is InvoiceStatus.DRAFT:
        raise refuse(
            "draft_not_sent",
            f"{reference(invoice).capitalize()} is a draft; finalise it before sending it, so it has its number.",
        )
    return invoice_detail(uow, actor, invoice)


def _template(org: Organisation, values: Mapping[str, str], checks: Checks) -> tuple[str, str]:
    subject = collect(checks, fill, org.mail_subject, values, "mail_subject")
    body = collect(checks, fill, org.mail_body, values, "mail_body")
    return one_line(subject or ""), body or ""


def mail_draft(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> MailDraft:
    """The message the organisation's template makes for this invoice, to the client's billing email."""
    detail = _sendable(uow, actor, invoice)
    org, client = actor.org, detail.client
    checks = Checks()
    subject, body = _template(org, placeholder_values(org, detail), checks)
    problems = [p.message for p in (*checks.problems, *missing_settings(org.smtp_host, org.smtp_sender))]
    return MailDraft(
        invoice_id=invoice.id,
        reference=reference(invoice),
        title=invoice.title,
        recipients=(client.email,) if client.email else (),
        subject=subject,
        body=body,
        last_sent=_last_sent(invoice, actor.tz),
        problems=tuple(problems),
    )


def _last_sent(invoice: Invoice, tz: str) -> str:
    if invoice.sent_at is None:
        return ""
    return f"Last sent {invoice.sent_at.astimezone(ZoneInfo(tz)):%Y-%m-%d %H:%M} to {invoice.sent_to}."


def _sender(org: Organisation) -> tuple[str, str]:
    name, address = parseaddr(org.smtp_sender)
    return (name or org.name), address or org.smtp_sender.strip()


def compose(
    uow: UnitOfWork,
    actor: Actor,
    invoice: Invoice,
    request: MailRequest,
    render_pdf: PdfRenderer,
    write_xml: XmlWriter | None = None,
) -> tuple[MailServer, OutgoingMail]:
    """The server and the message, the PDF attached (and the XML, asked for); every problem at once."""
    detail = _sendable(uow, actor, invoice)
    org, client = actor.org, detail.client
    checks = Checks()
    checks.problems += missing_settings(org.smtp_host, org.smtp_sender)
    if request.to or client.email:
        recipients = collect(checks, clean_recipients, request.to or [client.email], "to")
    else:
        recipients = None
        checks.require(
            False, "no_recipient", f"{client.name} has no billing email; give an address to send it to.", "to"
        )
    values = placeholder_values(org, detail)
    if request.subject is None:
        subject = one_line(collect(checks, fill, org.mail_subject, values, "mail_subject") or "")
    else:
        subject = one_line(request.subject)
        checks.require(bool(subject), "required", "The subject cannot be empty.", "subject")
        checks.require(
            len(subject) <= SUBJECT_MAX_CHARS,
            "too_long",
            f"The subject can be at most {SUBJECT_MAX_CHARS} characters long, not {len(subject):,}.",
            "subject",
        )
    if request.body is None:
        body = collect(checks, fill, org.mail_body, values, "mail_body") or ""
    else:
        body = collect(checks, clean_text, request.body, "message", BODY_MAX_CHARS) or ""
    prepared = None
    if request.with_xml:
        checks.require(
            write_xml is not None,
            "no_xml_export",
            "This installation cannot make e-invoice XML, so none can be attached.",
            "xml",
        )
        # Every detail the e-invoice misses is one more problem, said with the others.
        prepared = collect(checks, einvoice_export.prepare_export, uow, actor, invoice, xml_format(client))
    checks.raise_if_any()
    attachments = [Attachment(_file_name(invoice, "pdf"), "application/pdf", render_pdf(uow, actor, invoice))]
    if prepared is not None and write_xml is not None:
        xml = write_xml(prepared.document, prepared.format)
        attachments.append(Attachment(_file_name(invoice, "xml"), "application/xml", xml))
    name, address = _sender(org)
    mail = OutgoingMail(
        sender_name=name,
        sender_address=address,
        recipients=recipients or (),
        subject=subject,
        body=body,
        attachments=tuple(attachments),
    )
    return mail_server(org), mail


def xml_format(client: Client) -> EInvoiceFormat:
    """The XML a client gets: XRechnung (UBL) where it gave a buyer reference (a Leitweg-ID: German public
    buyers require XRechnung), else the EN 16931 CII XML that Factur-X carries."""
    return EInvoiceFormat.XRECHNUNG if client.buyer_reference else EInvoiceFormat.FACTURX


def _file_name(invoice: Invoice, extension: str) -> str:
    """ "Invoice 2026-0007.pdf"; a number with slashes ("AC/2026/7") still makes one file name."""
    safe = "".join("-" if ch in '\\/:*?"<>|' else ch for ch in reference(invoice))
    return f"{invoice.title} {safe}.{extension}"


def record_sent(uow: UnitOfWork, actor: Actor, invoice_id: UUID, recipients: Sequence[str]) -> Invoice:
    """Note on the invoice (as it is now) that it was sent, when and to whom."""
    invoice = uow.invoices.get(invoice_id)
    if invoice is None or invoice.org_id != actor.org.id:
        raise refuse("unknown_invoice", "The invoice was deleted in the meantime.", "invoice")
    invoice.sent_at = uow.clock.now()
    invoice.sent_to = ", ".join(recipients)
    uow.invoices.save(invoice)
    return invoice


def send_invoice(
    workspace: Workspace,
    ref: str,
    request: MailRequest,
    *,
    render_pdf: PdfRenderer,
    send: MailSender,
    write_xml: XmlWriter | None = None,
    as_email: str | None = None,
) -> SentInvoice:
    """Compose, send, and only once the server took the message, record it on the invoice.

    `ref` is the invoice's number or id. A refusal before the server took it leaves everything as it was."""
    with workspace.read() as uow:
        actor = current_actor(uow, as_email)
        invoice = find_invoice(uow, actor, ref)
        server, mail = compose(uow, actor, invoice, request, render_pdf, write_xml)
    refused = dict(send(server, mail))
    accepted = tuple(address for address in mail.recipients if address not in refused)
    try:
        with workspace.work() as uow:
            actor = current_actor(uow, as_email)
            invoice = record_sent(uow, actor, invoice.id, accepted)
            uow.commit()
    except TimeledgerError as error:
        raise refuse(
            "sent_not_recorded",
            f"{invoice.title} {reference(invoice)} was sent to {', '.join(accepted)}, but recording that failed: "
            f"{error}",
        ) from None
    return SentInvoice(invoice, accepted, refused, tuple(a.filename for a in mail.attachments))
