"""`timeledger invoice send` (an issued invoice by email through the organisation's SMTP server) and
`timeledger org smtp-password` (that server's password, kept in the system keyring, never in a file)."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli.output import Output
from app.domain.einvoice_data import EInvoice, EInvoiceFormat
from app.domain.errors import refuse
from app.domain.invoice import Invoice
from app.services import invoice_templates
from app.services.identity import Actor, current_actor, require_manager
from app.services.invoice_mail import MailRequest, mail_server, send_invoice
from app.services.ports import UnitOfWork, Workspace

NO_KEYRING_HINT = "Meanwhile, give it to each `timeledger invoice send` with --password-stdin."


def invoice_pdf(uow: UnitOfWork, actor: Actor, invoice: Invoice) -> bytes:
    """The PDF `timeledger invoice pdf` writes (in the invoice's template), to attach."""
    # Imported here: reportlab and the fonts take a while to load, and only the commands that render need them.
    from app.documents.pdf import render_pdf

    return render_pdf(*invoice_templates.invoice_document(uow, actor, invoice))


def invoice_xml(document: EInvoice, format: EInvoiceFormat) -> bytes:
    """The e-invoice's XML, as `invoice export` writes it."""
    from app.documents.einvoice_file import einvoice_xml  # lxml loads only when XML is made

    return einvoice_xml(document, format)


def _password_from_stdin(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise refuse("no_password", "--password-stdin was given but stdin held no password; pipe one in.", "password")
    return password


def send(workspace: Workspace, args: argparse.Namespace) -> Output:
    from app.mail import smtp  # smtplib and ssl load only for the commands that talk to a mail server

    request = MailRequest(to=args.to or (), with_xml=args.with_xml)
    sent = send_invoice(
        workspace,
        args.invoice,
        request,
        render_pdf=invoice_pdf,
        send=smtp.sender(_password_from_stdin(args)),
        write_xml=invoice_xml,
        as_email=args.as_email,
    )
    said = sent.sentences()
    data = {
        "number": sent.invoice.number,
        "sent_at": sent.invoice.sent_at,
        "sent_to": list(sent.recipients),
        "refused": dict(sent.refused),
        "attachments": list(sent.attachments),
    }
    return Output(data, said[:1]).warn(said[1:])


def smtp_password(workspace: Workspace, args: argparse.Namespace) -> Output:
    from app.mail import smtp

    with workspace.read() as uow:
        actor = current_actor(uow, args.as_email)
    require_manager(actor, "send invoices")
    server = mail_server(actor.org)
    if not server.host or not server.user:
        raise refuse(
            "no_smtp_login",
            "Set the mail server and its login first: `timeledger org set smtp_host=HOST smtp_user=USER`.",
            "smtp_user",
        )
    where = f"{server.user} on {server.host}"
    if args.forget:
        smtp.forget_password(server)
        return Output({"user": server.user, "host": server.host, "stored": None}, [f"Forgot the password of {where}."])
    password = _password_from_stdin(args) if args.password_stdin else _ask(where)
    warning = smtp.remember_password(server, password)
    data = {"user": server.user, "host": server.host, "stored": "session" if warning else "keyring"}
    if warning:
        # This process ends with the command: the session does not outlive it.
        return Output(data, [f"The password of {where} could not be stored."]).warn([f"{warning} {NO_KEYRING_HINT}"])
    return Output(data, [f"Stored the password of {where} in the system keyring."])


def _ask(where: str) -> str:
    if not sys.stdin.isatty():
        raise refuse("no_password", "No terminal to ask the password at; pipe it in with --password-stdin.", "password")
    password = getpass.getpass(f"Password of {where}: ")
    if not password:
        raise refuse("no_password", "No password was typed; nothing was stored.", "password")
    return password


def add_send(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`invoice send`, under the `invoice` command's actions."""
    help_text = "email an issued invoice (its PDF, optionally its XML) through the organisation's mail server"
    p = actions.add_parser("send", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=send)
    p.add_argument("invoice", metavar="NUMBER", help="the invoice's or credit note's number")
    p.add_argument(
        "--to",
        action="append",
        metavar="EMAIL",
        help="send it here instead of the client's billing email (repeat, or separate by commas)",
    )
    p.add_argument("--with-xml", dest="with_xml", action="store_true", help="attach the e-invoice XML too")
    p.add_argument(
        "--password-stdin",
        dest="password_stdin",
        action="store_true",
        help="read the mail server's password from stdin instead of the keyring",
    )


def add_smtp_password(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`org smtp-password`, under the `org` command's actions."""
    help_text = "store the mail server login's password in the system keyring (asked at the terminal)"
    p = actions.add_parser("smtp-password", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=smtp_password)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", dest="password_stdin", action="store_true", help="read it from stdin")
    how.add_argument("--forget", action="store_true", help="remove the stored password")
