"""Commands for invoices: drafting from approved time or by hand, lines and discount, finalising, the PDF and
the list (managers and admins); payments and credit notes are in payment_commands."""

from __future__ import annotations

import argparse
import functools
import uuid
from collections.abc import Callable, Iterable, Sequence

from app.cli import einvoice_commands, mail_commands, payment_commands
from app.cli.document_args import (
    add_discount_options,
    add_line_options,
    add_tax_options,
    line_from_options,
)
from app.cli.document_text import amount, discount_sentence, line_output, short, totals_line
from app.cli.invoice_runner import current_states, record_id
from app.cli.invoice_text import client_name, detail_data, detail_lines, invoice_data, list_lines, said
from app.cli.output import Output
from app.cli.runner import writing
from app.documents.output_file import output_target, write_output
from app.domain.calendar import parse_date
from app.domain.document_lines import DocumentLine
from app.domain.document_totals import NO_DISCOUNT, clean_discount
from app.domain.errors import Checks
from app.domain.invoice import OPEN_STATUSES, Invoice, InvoiceStatus
from app.domain.money import format_money
from app.domain.text import collect, parse_choice
from app.services import invoice_drafts, invoice_issue, invoice_views
from app.services.clients import find_client
from app.services.identity import Actor, require_manager
from app.services.invoice_views import find_invoice, reference
from app.services.ports import UnitOfWork
from app.services.projects import find_project


def _line_id(uow: UnitOfWork, actor: Actor, text: str) -> uuid.UUID:
    """A line of a draft (only drafts change), by its id or the end of it."""
    require_manager(actor, "change invoices")

    def ids() -> Iterable[uuid.UUID]:
        for draft in uow.invoices.listing(actor.org.id, (InvoiceStatus.DRAFT,)):
            yield from (line.id for line in uow.invoice_lines.of_document(draft.id))

    return record_id(text, ids, "line", "`timeledger invoice show ID` lists a draft's lines")


@writing()
def draft(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    checks = Checks()
    client = collect(checks, find_client, uow, actor.org, args.client)
    chosen = [collect(checks, find_project, uow, actor.org, code) for code in args.project or ()]
    first = collect(checks, parse_date, args.first, field="from")
    last = collect(checks, parse_date, args.last, field="to")
    fixed = None
    if args.percent is not None or args.remainder:
        fixed = collect(checks, invoice_drafts.clean_fixed_share, args.percent, args.remainder)
    checks.raise_if_any()
    assert client is not None and first is not None and last is not None
    result = invoice_drafts.draft_from_time(
        uow,
        actor,
        client,
        first=first,
        last=last,
        projects=[p for p in chosen if p is not None],
        group_by=args.group_by,
        fixed=fixed,
    )
    invoice = result.invoice
    count = len(uow.invoice_lines.of_document(invoice.id))
    lines = "1 line" if count == 1 else f"{count} lines"
    if result.entries:
        lines = f"{'1 approved entry' if result.entries == 1 else f'{result.entries} approved entries'} on {lines}"
    output = said(
        uow,
        invoice,
        [
            f"Drafted {reference(invoice)} for {client.name}: {lines}, {format_money(invoice.total)} in all.",
            f"Check it with `timeledger invoice show {short(invoice.id)}`, then finalise it.",
        ],
    )
    output.data["entries"] = result.entries
    output.data["unpriced"] = result.unpriced
    if result.unpriced:
        output.warn(
            [
                f"{result.unpriced} approved "
                f"{'entry has' if result.unpriced == 1 else 'entries have'} no rate and "
                f"{'was' if result.unpriced == 1 else 'were'} left out of the draft."
            ]
        )
    return output


@writing()
def new(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    client = find_client(uow, actor.org, args.client)
    invoice = invoice_drafts.new_draft(uow, actor, client, notes=args.notes or "")
    return said(
        uow,
        invoice,
        [
            f"Created {reference(invoice)} for {client.name} in {invoice.currency}.",
            f"Add lines with `timeledger invoice line add {short(invoice.id)} --description ... --quantity ... "
            "--unit-price ...`.",
        ],
    )


@writing()
def line_add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    invoice = find_invoice(uow, actor, args.invoice)
    line = line_from_options(actor, args, functools.partial(invoice_drafts.add_line, uow, actor, invoice), adding=True)
    return _line_output(uow, invoice, f"Added line {short(line.id)} to {reference(invoice)}", line)


@writing()
def line_edit(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    line_id = _line_id(uow, actor, args.line)
    line = line_from_options(
        actor, args, functools.partial(invoice_drafts.edit_line, uow, actor, line_id), adding=False
    )
    invoice = uow.invoices.get(line.document_id)
    assert invoice is not None
    return _line_output(uow, invoice, f"Changed line {short(line.id)} of {reference(invoice)}", line)


def _line_output(uow: UnitOfWork, invoice: Invoice, what: str, line: DocumentLine) -> Output:
    return line_output(invoice_data(invoice, client_name(uow, invoice)), what, line, invoice)


@writing()
def line_remove(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    line_id = _line_id(uow, actor, args.line)
    line = uow.invoice_lines.get(line_id)
    invoice_drafts.remove_line(uow, actor, line_id)
    invoice = uow.invoices.get(line.document_id) if line else None
    assert invoice is not None
    return said(uow, invoice, [f"Removed line {short(line_id)} from {reference(invoice)}.", totals_line(invoice)])


@writing()
def discount(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    invoice = find_invoice(uow, actor, args.invoice)
    if args.none:
        chosen = NO_DISCOUNT
    else:
        chosen = clean_discount(percent=args.percent, amount=args.amount, currency=invoice.currency)
    invoice_drafts.set_discount(uow, actor, invoice, chosen)
    detail = invoice_views.invoice_detail(uow, actor, invoice)
    if args.none:
        sentence = f"Removed the discount of {reference(invoice)}."
    else:
        sentence = discount_sentence(reference(invoice).capitalize(), chosen, detail.totals.discount)
    output = said(uow, invoice, [sentence, totals_line(invoice)])
    output.data["discount"] = amount(detail.totals.discount)
    return output


@current_states
def show(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    detail = invoice_views.invoice_detail(uow, actor, find_invoice(uow, actor, args.invoice))
    return Output(detail_data(detail), detail_lines(detail))


@writing()
def finalise(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    invoice = invoice_issue.finalise(uow, actor, find_invoice(uow, actor, args.invoice))
    client = client_name(uow, invoice)
    if invoice.number is None:  # sync is set up: only the team server gives numbers
        waiting = f"The invoice for {client} ({format_money(invoice.total)}) waits for the team server: it gets its "
        return said(uow, invoice, [waiting + "number and due date at the next sync (`timeledger sync`)."])
    due = f", due {invoice.due_date}" if invoice.due_date else ""
    return said(uow, invoice, [f"Finalised invoice {invoice.number} for {client}: {format_money(invoice.total)}{due}."])


@writing()
def delete(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    invoice = find_invoice(uow, actor, args.invoice)
    released = invoice_drafts.delete_draft(uow, actor, invoice)
    tail = (
        "" if not released else f"; {released} {'entry is' if released == 1 else 'entries are'} free to invoice again"
    )
    data = {"id": invoice.id, "deleted": True, "released_entries": released}
    return Output(data, [f"Deleted {reference(invoice)}{tail}."])


@current_states
def pdf(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    # Imported here: reportlab and the fonts take a while to load, and only this command needs them.
    from app.documents.pdf import render_pdf
    from app.services.invoice_templates import invoice_document

    path = output_target(args.output, "PDF file")
    invoice = find_invoice(uow, actor, args.invoice)
    data = render_pdf(*invoice_document(uow, actor, invoice))  # in the client's template (or the default)
    write_output(path, data, "PDF")
    output = said(uow, invoice, [f"Wrote {reference(invoice)} to {path} ({len(data):,} bytes)."])
    output.data["file"] = str(path)
    return output


def _statuses(texts: Sequence[str]) -> list[InvoiceStatus]:
    """Statuses as typed ("partially paid", "sent,overdue"); "open" means every unpaid issued one."""
    checks = Checks()
    chosen: list[InvoiceStatus] = []
    for text in (part for given in texts for part in given.split(",") if part.strip()):
        if text.strip().casefold() == "open":
            chosen += sorted(OPEN_STATUSES)
            continue
        status = collect(checks, parse_choice, InvoiceStatus, text, "status")
        if status is not None:
            chosen.append(status)
    checks.raise_if_any()
    return chosen


@current_states
def invoice_list(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    checks = Checks()
    statuses = collect(checks, _statuses, args.status or ())
    client = collect(checks, find_client, uow, actor.org, args.client) if args.client else None
    checks.raise_if_any()
    rows = invoice_views.list_invoices(uow, actor, statuses or (), client)
    data = [invoice_data(r.invoice, r.client_name) for r in rows]
    if not rows:
        filtered = args.status or args.client
        return Output(data, ["No invoices match." if filtered else "No invoices yet."])
    return Output(data, list_lines(rows))


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    actions = commands.add_parser("invoice", help="invoices and credit notes").add_subparsers(
        required=True, metavar="ACTION"
    )

    def add(name: str, handler: Callable, help_text: str, parent=actions, aliases=()) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = parent.add_parser(name, help=help_text, description=help_text, parents=[common], aliases=aliases)
        parser.set_defaults(handler=handler)
        return parser

    ref_help = "the invoice's number, or a draft's id as `invoice list` shows it"
    p = add("draft", draft, "draft an invoice from a client's approved, not yet invoiced time")
    p.add_argument("--client", required=True, metavar="NAME", help="the client's name or email")
    p.add_argument("--project", action="append", metavar="CODE", help="only these projects (repeat; default: all)")
    p.add_argument("--from", dest="first", required=True, metavar="DATE", help="first day of the work, YYYY-MM-DD")
    p.add_argument("--to", dest="last", required=True, metavar="DATE", help="last day of the work, YYYY-MM-DD")
    p.add_argument(
        "--group-by",
        dest="group_by",
        default="project",
        choices=("project", "task", "person", "day", "entry"),
        help="one line per project (default), task, person, day or entry",
    )
    share = p.add_mutually_exclusive_group()
    share.add_argument("--percent", metavar="P", help="fixed-price projects: invoice P %% of the price")
    share.add_argument("--remainder", action="store_true", help="fixed-price projects: invoice what is left")

    p = add("new", new, "start an empty draft for a client, in the client's currency")
    p.add_argument("--client", required=True, metavar="NAME", help="the client's name or email")
    p.add_argument("--notes", help="notes printed on the invoice")

    lines = actions.add_parser("line", help="lines of a draft").add_subparsers(required=True, metavar="ACTION")
    p = add("add", line_add, "add a line typed by hand to a draft", lines)
    p.add_argument("invoice", metavar="ID", help=ref_help)
    add_line_options(p, "invoice")

    p = add("edit", line_edit, "change a line of a draft; options left out stay as they are", lines)
    p.add_argument("line", metavar="LINE_ID", help="as `invoice show` lists it")
    p.add_argument("--description", metavar="TEXT")
    p.add_argument("--quantity", metavar="Q")
    p.add_argument("--unit-price", dest="unit_price", metavar="P", help="lines typed by hand only")
    add_tax_options(p, "")

    p = add("remove", line_remove, "remove a line from a draft", lines)
    p.add_argument("line", metavar="LINE_ID", help="as `invoice show` lists it")

    p = add("discount", discount, "give a draft a discount off its net, before tax")
    p.add_argument("invoice", metavar="ID", help=ref_help)
    how = add_discount_options(p, "invoice")
    how.add_argument("--none", action="store_true", help="remove the discount")

    p = add("show", show, "one invoice in full: lines, tax breakdown, totals, payments")
    p.add_argument("invoice", metavar="ID|NUMBER", help=ref_help)

    p = add("finalize", finalise, "issue a draft: it gets its number and due date", aliases=("finalise",))
    p.add_argument("invoice", metavar="ID", help=ref_help)

    p = add("pay", payment_commands.pay, "record a payment received against an invoice")
    p.add_argument("invoice", metavar="NUMBER")
    p.add_argument("--amount", required=True, metavar="A", help="in the invoice's currency")
    p.add_argument("--date", required=True, metavar="DATE", help="the day the money came in, YYYY-MM-DD")
    p.add_argument("--method", metavar="M", help="default: bank transfer")
    p.add_argument("--reference", metavar="R", help="e.g. the bank's transaction reference")

    p = add("unpay", payment_commands.unpay, "reverse a payment booked by mistake (it stays on record)")
    p.add_argument("payment", metavar="PAYMENT_ID", help="as `invoice show` lists it")
    p.add_argument("--reason", required=True, metavar="TEXT")

    p = add("credit", payment_commands.credit, "cancel an issued invoice by a credit note")
    p.add_argument("invoice", metavar="NUMBER")
    p.add_argument(
        "--release-time",
        dest="release_time",
        action="store_true",
        help="make its time approved and uninvoiced again, to bill it anew",
    )
    p.add_argument("--reason", metavar="TEXT", help="printed on the credit note")

    p = add("delete", delete, "delete a draft; its time is free to invoice again")
    p.add_argument("invoice", metavar="ID", help=ref_help)

    p = add("pdf", pdf, "write an invoice or credit note as PDF")
    p.add_argument("invoice", metavar="NUMBER|ID", help=ref_help)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF file to write")

    mail_commands.add_send(actions, common)
    einvoice_commands.register(actions, common)  # invoice export, invoice set

    p = add("list", invoice_list, "invoices with their status, dates, total and open balance")
    p.add_argument(
        "--status",
        action="append",
        metavar="S",
        help="draft, sent, partially_paid, overdue, paid, void, or open (repeat or separate by commas)",
    )
    p.add_argument("--client", metavar="NAME", help="the client's name or email")
