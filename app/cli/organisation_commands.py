"""`timeledger org show|set`: the organisation's revenue-protection policies, timesheet deadline, invoicing
settings, what e-invoices say about it and how its invoices are sent by email (admins set them).

`org set` takes options (`--lock-date 2026-01-31`) and FIELD=VALUE settings (`iban=DE89...`, `city=Berlin`)
alike; every problem of either is reported at once and nothing is written."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import mail_commands
from app.cli.field_values import YES_NO, parse_assignments
from app.cli.output import Output
from app.cli.runner import reading, writing
from app.domain.errors import Checks, refuse
from app.domain.organisation import POLICY_RULES, WEEKDAYS, Organisation
from app.domain.party_details import PAYMENT_MEANS
from app.domain.text import collect
from app.services import invoicing_settings, organisation
from app.services.identity import Actor
from app.services.ports import UnitOfWork

# --option -> the invoicing setting it changes, taken as typed
INVOICING_TEXT = {
    "address": "address",
    "tax_id": "tax_id",
    "bank_details": "bank_details",
    "tax_rate": "default_tax_rate",
    "invoice_pattern": "invoice_pattern",
    "credit_note_pattern": "credit_note_pattern",
    "quote_pattern": "quote_pattern",
}


def _one_line(text: str) -> str:
    return ", ".join(part.strip() for part in text.splitlines() if part.strip()) or "none"


def _logo_data(logo: bytes | None) -> dict | None:
    if logo is None:
        return None
    return {"format": invoicing_settings.logo_format(logo), "bytes": len(logo)}


def _numbering(pattern: str, org: Organisation) -> str:
    return f"{pattern} ({'restarts every year' if org.numbering_yearly else 'never restarts'})"


# FIELD=VALUE settings: the policies, the invoicing settings (but the logo, read from a file with --logo), the
# e-invoice and email details; the flags take yes/no.
POLICY_FIELDS = (*POLICY_RULES, "submit_deadline")
SETTING_FIELDS = tuple(
    sorted(
        {*POLICY_FIELDS, *(f for f in invoicing_settings.FIELDS if f != "logo")}
        - {"submit_deadline_weekday", "submit_deadline_time"}
    )
)
FLAG_FIELDS = ("notes_required", "numbering_yearly")


def postal_address(street: str, postcode: str, city: str, country: str) -> str:
    """A structured address on one line, "Hauptstr. 1, 10115 Berlin, DE"; "none" when nothing is set."""
    town = " ".join(part for part in (postcode, city) if part)
    return ", ".join(part for part in (street, town, country) if part) or "none"


def electronic_address(address: str, scheme: str) -> str:
    return f"{address} (scheme {scheme})" if address else "none"


def _payment_means(code: str) -> str:
    return f"{code} ({PAYMENT_MEANS.get(code, 'unknown')})"


def _smtp(org: Organisation) -> str:
    if not org.smtp_host:
        return "none"
    user = f", user {org.smtp_user}" if org.smtp_user else ""
    return f"{org.smtp_host}:{org.smtp_port} ({org.smtp_security}{user})"


def einvoice_facts(org: Organisation) -> list[tuple[str, str]]:
    return [
        ("Legal name", org.legal_name or "none"),
        ("Legal form", org.legal_form or "none"),
        ("Postal address", postal_address(org.street, org.postcode, org.city, org.country)),
        ("Tax number", org.tax_number or "none"),
        ("Contact", ", ".join(p for p in (org.contact_name, org.contact_phone, org.contact_email) if p) or "none"),
        ("Electronic address", electronic_address(org.electronic_address, org.electronic_address_scheme)),
        ("IBAN", org.iban or "none"),
        ("BIC", org.bic or "none"),
        ("Payment means", _payment_means(org.payment_means_code)),
        ("SMTP server", _smtp(org)),
        ("Sender", org.smtp_sender or "none"),
        ("Mail subject", org.mail_subject),
    ]


def einvoice_data(org: Organisation) -> dict:
    return {
        "legal_name": org.legal_name,
        "legal_form": org.legal_form,
        "street": org.street,
        "city": org.city,
        "postcode": org.postcode,
        "country": org.country,
        "vat_id": org.tax_id,
        "tax_number": org.tax_number,
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "contact_email": org.contact_email,
        "electronic_address": org.electronic_address,
        "electronic_address_scheme": org.electronic_address_scheme,
        "iban": org.iban,
        "bic": org.bic,
        "payment_means_code": org.payment_means_code,
        "smtp_host": org.smtp_host,
        "smtp_port": org.smtp_port,
        "smtp_security": org.smtp_security,
        "smtp_user": org.smtp_user,
        "smtp_sender": org.smtp_sender,
        "mail_subject": org.mail_subject,
        "mail_body": org.mail_body,
    }


def described(org: Organisation) -> Output:
    deadline = f"{WEEKDAYS[org.submit_deadline_weekday]} {org.submit_deadline_time:%H:%M}"
    facts = [
        ("Organisation", org.name),
        ("Time zone", org.time_zone),
        ("Weeks start on", WEEKDAYS[org.week_start]),
        ("Approval", "required" if org.approval_required else "on submit"),
        ("Address", _one_line(org.address)),
        ("VAT ID", org.tax_id or "none"),
        ("Bank details", _one_line(org.bank_details)),
        ("Default VAT", f"{org.default_tax_rate:f} %"),
        ("Invoice numbers", _numbering(org.invoice_pattern, org)),
        ("Credit note numbers", _numbering(org.credit_note_pattern, org)),
        ("Quote numbers", _numbering(org.quote_pattern, org)),
        ("Logo", f"{invoicing_settings.logo_format(org.logo)}, {len(org.logo):,} bytes" if org.logo else "none"),
        *einvoice_facts(org),
        ("Lock date", f"{org.lock_date} (no billable time on or before it)" if org.lock_date else "none"),
        ("Budget warning", f"from {org.budget_warning_percent} % spent"),
        ("Notes required", "yes, on billable entries" if org.notes_required else "no"),
        ("Submission deadline", f"{deadline}, after each week"),
    ]
    widest = max(len(label) for label, _ in facts)
    data = {
        "name": org.name,
        "time_zone": org.time_zone,
        "week_start": WEEKDAYS[org.week_start],
        "approval_required": org.approval_required,
        "lock_date": org.lock_date,
        "budget_warning_percent": org.budget_warning_percent,
        "notes_required": org.notes_required,
        "submit_deadline": {
            "weekday": WEEKDAYS[org.submit_deadline_weekday],
            "time": f"{org.submit_deadline_time:%H:%M}",
        },
        "address": org.address,
        "tax_id": org.tax_id,
        "bank_details": org.bank_details,
        "default_tax_rate": f"{org.default_tax_rate:f}",
        "invoice_pattern": org.invoice_pattern,
        "credit_note_pattern": org.credit_note_pattern,
        "quote_pattern": org.quote_pattern,
        "numbering_yearly": org.numbering_yearly,
        "logo": _logo_data(org.logo),
        **einvoice_data(org),
    }
    return Output(data, [f"{label + ':':<{widest + 1}}  {value}" for label, value in facts])


@reading
def show(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    return described(actor.org)


@writing()
def set_policies(uow: UnitOfWork, actor: Actor, args: argparse.Namespace) -> Output:
    given: dict[str, object] = {}
    if args.lock_date is not None:
        given["lock_date"] = args.lock_date
    if args.budget_warning is not None:
        given["budget_warning_percent"] = args.budget_warning
    if args.notes_required is not None:
        # Anything but yes/no goes on as typed, for the domain to refuse with its sentence.
        given["notes_required"] = YES_NO.get(args.notes_required.strip().casefold(), args.notes_required)
    if args.submit_deadline is not None:
        given["submit_deadline"] = args.submit_deadline
    reason = organisation.read_only_reason(actor)
    if reason:
        raise refuse("not_allowed", reason)
    checks = Checks()
    invoicing = _invoicing(checks, args)
    typed = parse_assignments(checks, args.settings, SETTING_FIELDS, "the organisation", FLAG_FIELDS)
    for name, value in typed.items():
        checks.require(
            name not in given and name not in invoicing,
            "repeated_field",
            f"{name} is given twice (as an option and as {name}=); give it once.",
            name,
        )
        (given if name in POLICY_FIELDS else invoicing)[name] = value
    if given:
        collect(checks, organisation.update_policies, uow, actor, **given)
    if invoicing:
        collect(checks, invoicing_settings.update_invoicing, uow, actor, **invoicing)
    checks.raise_if_any()
    return described(actor.org)


def _invoicing(checks: Checks, args: argparse.Namespace) -> dict[str, object]:
    """The invoicing settings given on the command line; an unreadable logo file is one more problem."""
    given: dict[str, object] = {
        setting: getattr(args, option)
        for option, setting in INVOICING_TEXT.items()
        if getattr(args, option) is not None
    }
    if args.yearly_numbering is not None:
        given["numbering_yearly"] = YES_NO.get(args.yearly_numbering.strip().casefold(), args.yearly_numbering)
    if args.logo is not None:
        if args.logo.strip().casefold() == "none":
            given["logo"] = None
        else:
            logo = collect(checks, _read_logo, args.logo)
            if logo is not None:
                given["logo"] = logo
    return given


def _read_logo(name: str) -> bytes:
    path = Path(name).expanduser()
    try:
        with path.open("rb") as file:
            # One byte more than allowed is enough to refuse a huge file without reading all of it.
            return file.read(invoicing_settings.MAX_LOGO_BYTES + 1)
    except OSError as error:
        raise refuse(
            "unreadable_logo", f"The logo file {name} cannot be read: {error.strerror or error}.", "logo"
        ) from None


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    actions = commands.add_parser("org", help="the organisation's policies").add_subparsers(
        required=True, metavar="ACTION"
    )
    help_text = "show the organisation's settings and policies"
    actions.add_parser("show", help=help_text, description=help_text, parents=[common]).set_defaults(handler=show)
    help_text = "change the organisation's policies and invoicing settings (admins); options left out stay as they are"
    p = actions.add_parser("set", help=help_text, description=help_text, parents=[common])
    p.set_defaults(handler=set_policies)
    p.add_argument(
        "settings",
        nargs="*",
        metavar="FIELD=VALUE",
        help="any setting by its name, e.g. vat_id=DE136695976 street='Hauptstr. 1' postcode=10115 city=Berlin "
        "country=DE iban=... bic=... legal_name=... electronic_address=... smtp_host=...; an empty value clears "
        "an optional one",
    )
    p.add_argument(
        "--lock-date",
        dest="lock_date",
        metavar="DATE",
        help="YYYY-MM-DD: no billable time on or before it; none to unlock",
    )
    p.add_argument(
        "--budget-warning", dest="budget_warning", metavar="N", help="warn when a budget is N %% spent (1-100)"
    )
    p.add_argument("--notes-required", dest="notes_required", metavar="yes|no", help="billable entries need a note")
    p.add_argument(
        "--submit-deadline",
        dest="submit_deadline",
        metavar='"Mon 10:00"',
        help="when a week's timesheet is due, after it",
    )
    p.add_argument("--address", help="the organisation's postal address, printed on documents")
    p.add_argument("--tax-id", dest="tax_id", help="VAT or tax number printed on documents")
    p.add_argument("--bank-details", dest="bank_details", help="where clients pay, printed on invoices")
    p.add_argument("--tax-rate", dest="tax_rate", metavar="PCT", help="default VAT rate of new lines, e.g. 19")
    p.add_argument("--invoice-pattern", dest="invoice_pattern", metavar="PATTERN", help="e.g. {YYYY}-{SEQ:4}")
    p.add_argument(
        "--credit-note-pattern", dest="credit_note_pattern", metavar="PATTERN", help="e.g. CN-{YYYY}-{SEQ:4}"
    )
    p.add_argument("--quote-pattern", dest="quote_pattern", metavar="PATTERN", help="e.g. Q-{YYYY}-{SEQ:4}")
    p.add_argument(
        "--yearly-numbering", dest="yearly_numbering", metavar="yes|no", help="document numbers restart every year"
    )
    p.add_argument("--logo", metavar="FILE|none", help="a PNG or JPEG image of at most 1 MB; none removes it")
    mail_commands.add_smtp_password(actions, common)
