"""Commands for quotes (draft, lines, discount, send, sign, decline, show, list, PDF) and the aging list of what
clients owe (managers and admins).

Before showing or deciding anything, sent quotes past their validity are expired and invoices past due are
marked overdue, so what is shown is today's state even when the app has not run for days.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Sequence

from app.cli.document_args import add_discount_options, add_line_options, line_from_options
from app.cli.document_text import amount, discount_sentence, line_output, short, totals_line
from app.cli.invoice_runner import current_states
from app.cli.output import Output
from app.cli.quote_text import aging_data, aging_lines, detail_lines, list_lines, quote_data, summary_data
from app.cli.runner import writing
from app.documents.output_file import output_target, write_output
from app.domain.calendar import parse_date
from app.domain.document_totals import clean_discount
from app.domain.errors import Checks
from app.domain.money import format_money
from app.domain.project import ProjectStatus
from app.domain.quote import QuoteStatus
from app.domain.text import collect, parse_choice
from app.services import quote_views, quotes, receivables
from app.services.identity import Actor
from app.services.invoice_views import reference as invoice_reference
from app.services.ports import UnitOfWork
from app.services.projects import find_project
from app.services.quote_views import QuoteDetail, find_quote, quote_detail, reference


def _detail(uow: UnitOfWork, actor: Actor, ref: str) -> QuoteDetail:
    return quote_detail(uow, actor, find_quote(uow, actor, ref))


@writing()
def new(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    checks = Checks()
    project = collect(checks, find_project, uow, actor.org, args.project)
    valid_until = collect(checks, parse_date, args.valid_until, field="valid_until") if args.valid_until else None
    checks.raise_if_any()
    assert project is not None
    quote = quotes.new_quote(uow, actor, project, valid_until=valid_until, notes=args.notes or "")
    detail = quote_detail(uow, actor, quote)
    return Output(
        quote_data(detail),
        [
            f"Created quote {reference(quote)} for {project.code} ({detail.client.name}) in {quote.currency}.",
            f"Add lines with `timeledger quote line add {short(quote.id)} --description ... --quantity ... "
            "--unit-price ...`, then send it.",
        ],
    )


@writing()
def line_add(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    quote = find_quote(uow, actor, args.quote)
    line = line_from_options(actor, args, functools.partial(quotes.add_quote_line, uow, actor, quote), adding=True)
    data = quote_data(quote_detail(uow, actor, quote))
    return line_output(data, f"Added line {short(line.id)} to quote {reference(quote)}", line, quote)


@writing()
def discount(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    quote = find_quote(uow, actor, args.quote)
    chosen = clean_discount(percent=args.percent, amount=args.amount, currency=quote.currency)
    quotes.set_quote_discount(uow, actor, quote, chosen)
    detail = quote_detail(uow, actor, quote)
    said = discount_sentence(f"Quote {reference(quote)}", chosen, detail.totals.discount)
    return Output(quote_data(detail), [said, totals_line(quote)])


@writing()
def send(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    quote = quotes.send_quote(uow, actor, find_quote(uow, actor, args.quote))
    detail = quote_detail(uow, actor, quote)
    return Output(
        quote_data(detail),
        [
            f"Sent quote {quote.number} to {detail.client.name}: {format_money(quote.total)}, "
            f"valid until {quote.valid_until}."
        ],
    )


@writing()
def sign(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    receivables.refresh_statuses(uow, actor)
    signed = quotes.sign_quote(uow, actor, find_quote(uow, actor, args.quote))
    project, invoice = signed.project, signed.deposit_invoice
    lines = [f"Quote {signed.quote.number} is signed."]
    if invoice is not None:
        lines.append(
            f"Drafted deposit invoice {invoice_reference(invoice)} for {format_money(invoice.total)}; "
            f"finalise it with `timeledger invoice finalize {short(invoice.id)}`."
        )
    lines.append(
        f"Project {project.code} waits for its deposit; it becomes active once the deposit invoice is paid."
        if project.status is ProjectStatus.WAITING_DEPOSIT
        else f"Project {project.code} is {project.status.value}."
    )
    output = Output(quote_data(quote_detail(uow, actor, signed.quote)), lines)
    output.data["project_status"] = project.status.value
    output.data["deposit_invoice"] = (
        None
        if invoice is None
        else {"id": invoice.id, "reference": invoice_reference(invoice), "total": amount(invoice.total)}
    )
    return output


@writing()
def decline(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    receivables.refresh_statuses(uow, actor)
    quote = quotes.decline_quote(uow, actor, find_quote(uow, actor, args.quote))
    return Output(quote_data(quote_detail(uow, actor, quote)), [f"Quote {quote.number} is declined."])


@current_states
def show(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    detail = _detail(uow, actor, args.quote)
    return Output(quote_data(detail), detail_lines(detail))


def _statuses(texts: Sequence[str]) -> list[QuoteStatus]:
    checks = Checks()
    chosen = [
        collect(checks, parse_choice, QuoteStatus, part, "status")
        for given in texts
        for part in given.split(",")
        if part.strip()
    ]
    checks.raise_if_any()
    return [status for status in chosen if status is not None]


@current_states
def quote_list(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    rows = quote_views.list_quotes(uow, actor, _statuses(args.status or ()))
    data = [summary_data(row) for row in rows]
    if not rows:
        return Output(data, ["No quotes match." if args.status else "No quotes yet."])
    return Output(data, list_lines(rows))


@current_states
def pdf(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    from app.documents.pdf import render_pdf  # see invoice_commands.pdf

    path = output_target(args.output, "PDF file")
    detail = _detail(uow, actor, args.quote)
    data = render_pdf(quote_views.printable_quote(uow, actor, detail.quote))
    write_output(path, data, "PDF")
    output = Output(quote_data(detail), [f"Wrote quote {reference(detail.quote)} to {path} ({len(data):,} bytes)."])
    output.data["file"] = str(path)
    return output


@current_states
def aging(uow: UnitOfWork, actor: Actor, _args: argparse.Namespace) -> Output:
    overview = receivables.receivables(uow, actor)
    data = aging_data(overview)
    return Output(data, aging_lines(overview) if data["clients"] else ["No invoices issued yet."])


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    actions = commands.add_parser("quote", help="quotes for projects").add_subparsers(required=True, metavar="ACTION")

    def add(name: str, handler: Callable, help_text: str, parent=actions) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        parser = parent.add_parser(name, help=help_text, description=help_text, parents=[common])
        parser.set_defaults(handler=handler)
        return parser

    ref_help = "the quote's number, or a draft's id as `quote list` shows it"
    p = add("new", new, "start an empty draft quote for a project, in its client's currency")
    p.add_argument("--project", required=True, metavar="CODE")
    p.add_argument("--valid-until", dest="valid_until", metavar="DATE", help="default: 30 days after it is sent")
    p.add_argument("--notes", metavar="TEXT", help="notes printed on the quote")

    lines = actions.add_parser("line", help="lines of a draft quote").add_subparsers(required=True, metavar="ACTION")
    p = add("add", line_add, "add a line to a draft quote", lines)
    p.add_argument("quote", metavar="ID", help=ref_help)
    add_line_options(p, "quote")

    p = add("discount", discount, "give a draft quote a discount off its net, before tax")
    p.add_argument("quote", metavar="ID", help=ref_help)
    add_discount_options(p, "quote")

    p = add("send", send, "issue a draft quote: it gets its number and validity")
    p.add_argument("quote", metavar="ID", help=ref_help)
    p = add("sign", sign, "the client signed: start the project, or draft its deposit invoice")
    p.add_argument("quote", metavar="NUMBER")
    p = add("decline", decline, "the client declined a sent quote")
    p.add_argument("quote", metavar="NUMBER")
    p = add("show", show, "one quote in full: lines, tax breakdown and totals")
    p.add_argument("quote", metavar="ID|NUMBER", help=ref_help)
    p = add("list", quote_list, "quotes with their status, validity and total")
    p.add_argument(
        "--status", action="append", metavar="S", help="draft, sent, signed, declined or expired (repeat or commas)"
    )
    p = add("pdf", pdf, "write a quote as PDF")
    p.add_argument("quote", metavar="ID|NUMBER", help=ref_help)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF file to write")

    add("aging", aging, "what clients owe by days past due, with their billed, paid, days to pay and grade", commands)
