"""The organisation: the firm whose time is tracked, with its currency, calendar and rounding policy."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from app.domain import money
from app.domain.calendar import parse_clock_time, parse_date
from app.domain.duration import Duration, RoundingMode
from app.domain.errors import Checks, refuse
from app.domain.ids import new_id
from app.domain.numbering import DEFAULT_CREDIT_NOTE_PATTERN, DEFAULT_INVOICE_PATTERN, DEFAULT_QUOTE_PATTERN
from app.domain.record import Record
from app.domain.text import clean_duration, clean_name, collect, echo, label, parse_choice

DAY = Duration.of(hours=24)
PRODUCTIVE_DAY_MIN = Duration.of(hours=1)
DEFAULT_PRODUCTIVE_DAY = Duration.of(hours=6)
QUARTER_HOUR = Duration.of(minutes=15)
DEFAULT_ADDRESS_SCHEME = "EM"  # electronic address scheme (EAS): an email address
DEFAULT_PAYMENT_MEANS = "58"  # UNTDID 4461: SEPA credit transfer
DEFAULT_SMTP_PORT = 587
DEFAULT_SMTP_SECURITY = "starttls"
SMTP_SECURITY = ("starttls", "ssl", "none")
# The email that carries an invoice; placeholders are filled in when it is sent.
DEFAULT_MAIL_SUBJECT = "{invoice.title} {invoice.number} from {org.name}"
DEFAULT_MAIL_BODY = (
    "Hello {client.name},\n\n"
    "please find attached {invoice.title} {invoice.number} of {invoice.issue_date} for {invoice.total}.\n\n"
    "Kind regards,\n{org.name}"
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(kw_only=True, eq=False)
class Organisation(Record):
    """org_id == id: the organisation is its own tenant."""

    name: str
    base_currency: str
    time_zone: str = "UTC"
    week_start: int = 0  # 0 = Monday .. 6 = Sunday, like date.weekday()
    productive_day: Duration = DEFAULT_PRODUCTIVE_DAY
    billing_increment: Duration = QUARTER_HOUR
    rounding: RoundingMode = RoundingMode.UP
    minimum_entry: Duration = QUARTER_HOUR
    approval_required: bool = True
    lock_date: date | None = None  # no billable time may be logged on or before this day
    budget_warning_percent: int = 80  # warn when a project's budget is this far spent
    notes_required: bool = False  # billable entries need a note before their week is submitted
    submit_deadline_weekday: int = 0  # a week is due on the first such day after it (0 = Monday)...
    submit_deadline_time: time = time(10, 0)  # ...at this local time
    # What invoices print about the firm, and how they are numbered and taxed by default.
    address: str = ""
    tax_id: str = ""
    bank_details: str = ""
    default_tax_rate: Decimal = Decimal(0)
    invoice_pattern: str = DEFAULT_INVOICE_PATTERN
    credit_note_pattern: str = DEFAULT_CREDIT_NOTE_PATTERN
    quote_pattern: str = DEFAULT_QUOTE_PATTERN
    numbering_yearly: bool = True
    logo: bytes | None = None  # PNG or JPEG, printed at the top of documents
    # What e-invoices (EN 16931) need besides: tax_id is the VAT identifier (BT-31), tax_number the
    # national tax number (BT-32) of a firm without one.
    legal_name: str = ""  # BT-27 when it differs from the trading name
    street: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, "DE"
    tax_number: str = ""
    legal_form: str = ""  # BT-33, e.g. "GmbH, Amtsgericht Berlin HRB 12345"
    contact_name: str = ""  # whom the buyer asks about an invoice (BG-6; XRechnung requires it)
    contact_phone: str = ""
    contact_email: str = ""
    electronic_address: str = ""  # BT-34, where e-invoices reach the firm
    electronic_address_scheme: str = DEFAULT_ADDRESS_SCHEME
    iban: str = ""  # stored compact, "DE89370400440532013000"
    bic: str = ""
    payment_means_code: str = DEFAULT_PAYMENT_MEANS
    # How invoices are sent by email (the SMTP password lives in the system keyring, never here).
    smtp_host: str = ""
    smtp_port: int = DEFAULT_SMTP_PORT
    smtp_security: str = DEFAULT_SMTP_SECURITY  # starttls | ssl | none
    smtp_user: str = ""
    smtp_sender: str = ""  # the From address
    mail_subject: str = DEFAULT_MAIL_SUBJECT
    mail_body: str = DEFAULT_MAIL_BODY


@cache
def _zone_names() -> dict[str, str]:
    """Canonical IANA spellings by case-folded name, so "europe/berlin" is stored as "Europe/Berlin"."""
    return {name.casefold(): name for name in available_timezones()}


def clean_time_zone(value: str, field: str = "time_zone") -> str:
    """An IANA time zone name in its canonical spelling."""
    key = value.strip()
    name = _zone_names().get(key.casefold(), key)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise refuse(
            "unknown_time_zone",
            f"'{echo(key)}' is not a known time zone; use a name such as Europe/Berlin or America/New_York.",
            field,
        ) from None
    return name


def clean_week_start(value: int, field: str = "week_start") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise refuse("out_of_range", "The week must start on a day from 0 (Monday) to 6 (Sunday).", field)
    return value


def new_organisation(
    *,
    name: str,
    base_currency: str,
    time_zone: str = "UTC",
    week_start: int = 0,
    productive_day: Duration | str = DEFAULT_PRODUCTIVE_DAY,
    billing_increment: Duration | str = QUARTER_HOUR,
    rounding: RoundingMode | str = RoundingMode.UP,
    minimum_entry: Duration | str = QUARTER_HOUR,
    approval_required: bool = True,
) -> Organisation:
    """A validated new organisation; every failed check is reported at once.

    A billing increment or minimum entry of 0:00 means "no rounding" / "no minimum".
    """
    checks = Checks()
    fields = dict(
        name=collect(checks, clean_name, name, "name"),
        base_currency=collect(checks, money.currency_code, base_currency, field="base_currency"),
        time_zone=collect(checks, clean_time_zone, time_zone),
        week_start=collect(checks, clean_week_start, week_start),
        productive_day=collect(
            checks, clean_duration, productive_day, "productive_day", least=PRODUCTIVE_DAY_MIN, most=DAY
        ),
        billing_increment=collect(checks, clean_duration, billing_increment, "billing_increment", most=DAY),
        rounding=collect(checks, parse_choice, RoundingMode, rounding, "rounding"),
        minimum_entry=collect(checks, clean_duration, minimum_entry, "minimum_entry", most=DAY),
    )
    checks.raise_if_any()
    org_id = new_id()
    return Organisation(id=org_id, org_id=org_id, approval_required=approval_required, **fields)


def clean_lock_date(value: date | str | None, field: str = "lock_date") -> date | None:
    """The lock date, or None: blank or "none" unlocks. Any day may be locked, a future one too: an admin
    closing the books early means nobody may log billable time up to it yet."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text or text.casefold() == "none":
        return None
    return parse_date(text, field=field)


def clean_budget_warning(value: int | str, field: str = "budget_warning_percent") -> int:
    """A whole percentage from 1 to 100 ("80" and "80 %" too): budgets warn from this far spent."""
    text = str(value).strip().removesuffix("%").strip()
    if isinstance(value, bool) or not re.fullmatch(r"\d{1,3}", text) or not 1 <= int(text) <= 100:
        raise refuse(
            "out_of_range",
            f"'{echo(str(value))}' is not a budget warning level; give a whole percentage from 1 to 100.",
            field,
        )
    return int(text)


def clean_flag(value: bool, field: str) -> bool:
    if not isinstance(value, bool):
        raise refuse(
            "invalid_choice", f"'{echo(str(value))}' is not a choice for {label(field)}; say yes or no.", field
        )
    return value


def clean_weekday(value: int | str, field: str = "submit_deadline_weekday") -> int:
    """A day of the week: 0 (Monday) to 6 (Sunday), or its name, shortened as long as it stays unique ("Mon", "th")."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    text = str(value).strip().casefold()
    matches = [i for i, day in enumerate(WEEKDAYS) if len(text) >= 2 and day.casefold().startswith(text)]
    if len(matches) != 1:
        raise refuse("invalid_weekday", f"'{echo(str(value))}' is not a day of the week; write it like Mon.", field)
    return matches[0]


def clean_deadline_time(value: time | str, field: str = "submit_deadline_time") -> time:
    return value.replace(second=0, microsecond=0) if isinstance(value, time) else parse_clock_time(value, field=field)


def parse_deadline(text: str, field: str = "submit_deadline") -> tuple[int, time]:
    """Read "Mon 10:00" (a day of the week, then a time of day): when a week's timesheet is due."""
    parts = text.split()
    if len(parts) != 2:
        raise refuse("invalid_deadline", f"'{echo(text)}' is not a deadline; write it like \"Mon 10:00\".", field)
    checks = Checks()
    weekday = collect(checks, clean_weekday, parts[0], field)
    at = collect(checks, parse_clock_time, parts[1], field=field)
    checks.raise_if_any()
    return weekday, at  # type: ignore[return-value]


# The organisation's revenue-protection and deadline policies, each with its rule.
POLICY_RULES: dict[str, Callable[..., object]] = {
    "lock_date": clean_lock_date,
    "budget_warning_percent": clean_budget_warning,
    "notes_required": clean_flag,
    "submit_deadline_weekday": clean_weekday,
    "submit_deadline_time": clean_deadline_time,
}


def clean_policies(given: Mapping[str, object]) -> dict[str, object]:
    """The policies given (others stay as they are), cleaned; every problem under its field at once.

    The deadline may also come as one text, `submit_deadline="Mon 10:00"`.
    """
    given = dict(given)
    typed_deadline = given.pop("submit_deadline", None)
    unknown = set(given) - set(POLICY_RULES)
    if unknown:
        raise TypeError(f"not an organisation policy: {', '.join(sorted(unknown))}")
    checks = Checks()
    cleaned = {name: collect(checks, POLICY_RULES[name], value, name) for name, value in given.items()}
    if typed_deadline is not None:
        deadline = collect(checks, parse_deadline, str(typed_deadline))
        if deadline is not None:
            cleaned["submit_deadline_weekday"], cleaned["submit_deadline_time"] = deadline
    checks.raise_if_any()
    return cleaned
