"""What e-invoices say about the seller and the buyer, checked as people type it: postal address and country,
VAT id, electronic address, bank account and payment means, and how the firm's invoices are sent by email.

Each rule takes the value as typed and the field's name and returns what to store, or raises a RuleViolation
whose sentence says what to fix. A blank value clears an optional detail; whether a detail is *needed* is
asked only when an e-invoice is made (app/domain/einvoice_data.py), so a firm can fill its settings in
any order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import vatin
from stdnum.exceptions import ValidationError

from app.domain import mail_template
from app.domain.client import clean_phone
from app.domain.errors import Checks, RuleViolation, refuse
from app.domain.organisation import SMTP_SECURITY
from app.domain.text import clean_name, collect, echo, label, normalise_email

# ISO 3166-1 alpha-2, plus XI (Northern Ireland), which EN 16931's country code list adds for VAT.
COUNTRIES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
    BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ
    FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ
    IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH
    MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD
    TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    XI""".split()  # noqa: SIM905 - a table of 250 codes reads better as words
)
# UNTDID 4461 payment means EN 16931 invoices use most, with what they mean.
PAYMENT_MEANS = {
    "1": "not defined",
    "10": "cash",
    "20": "cheque",
    "30": "credit transfer",
    "31": "debit transfer",
    "42": "payment to bank account",
    "48": "bank card",
    "49": "direct debit",
    "57": "standing agreement",
    "58": "SEPA credit transfer",
    "59": "SEPA direct debit",
    "97": "clearing between partners",
    "ZZZ": "mutually defined",
}
CREDIT_TRANSFER = frozenset({"30", "58"})  # the payee's account (IBAN) must be on the invoice
# Electronic address schemes (EAS): EM is an email address; the others are four-digit codes (0088 GLN,
# 0204 Leitweg-ID, 9930 German VAT number, ...) or a few letter codes.
_SCHEME = re.compile(r"EM|AN|AQ|AS|AU|[0-9]{4}")
_POSTCODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z \-]*")

NAME_MAX = 200
CITY_MAX = 100
POSTCODE_MAX = 20
TAX_NUMBER_MAX = 64
ADDRESS_MAX = 254
SMTP_HOST_MAX = 253


def _optional(max_len: int) -> Callable[[object, str], str]:
    def rule(value: object, field: str) -> str:
        return clean_name(str(value), field, max_len=max_len, required=False)

    return rule


def clean_country(value: object, field: str = "country") -> str:
    """A country as its ISO 3166-1 alpha-2 code ("de" is stored as "DE"); blank clears it."""
    text = str(value).strip().upper()
    if text and text not in COUNTRIES:
        raise refuse(
            "invalid_country",
            f"'{echo(str(value).strip())}' is not a country code; use the two letters of ISO 3166-1, such as DE, FR "
            "or AT.",
            field,
        )
    return text


def clean_postcode(value: object, field: str = "postcode") -> str:
    text = clean_name(str(value), field, max_len=POSTCODE_MAX, required=False)
    if text and not _POSTCODE.fullmatch(text):
        raise refuse(
            "invalid_postcode", f"'{echo(text)}' is not a postcode; use letters, digits, spaces and hyphens.", field
        )
    return text


def clean_vat_id(value: object, field: str = "vat_id") -> str:
    """A VAT identification number with its country prefix, checked digit by digit and stored compact
    ("DE 136 695 976" -> "DE136695976"); blank clears it."""
    text = str(value).strip()
    if not text:
        return ""
    try:
        return str(vatin.validate(text))
    except ValidationError:
        raise refuse(
            "invalid_vat_id",
            f"'{echo(text)}' is not a valid VAT id; give it with its country prefix, such as DE136695976, and check "
            "the digits.",
            field,
        ) from None


def clean_iban(value: object, field: str = "iban") -> str:
    """An IBAN, its check digits verified (mod 97), stored compact and upper-case; blank clears it."""
    text = str(value).strip()
    if not text:
        return ""
    try:
        return str(stdnum_iban.validate(text))
    except ValidationError:
        raise refuse(
            "invalid_iban",
            f"'{echo(text)}' is not a valid IBAN; check the country code and the digits (the check digits do not "
            "match).",
            field,
        ) from None


def clean_bic(value: object, field: str = "bic") -> str:
    """A BIC (SWIFT code) of 8 or 11 characters, stored upper-case; blank clears it."""
    text = str(value).strip()
    if not text:
        return ""
    try:
        return str(stdnum_bic.validate(text))
    except ValidationError:
        raise refuse(
            "invalid_bic",
            f"'{echo(text)}' is not a valid BIC; it has 8 or 11 letters and digits, such as COBADEFFXXX.",
            field,
        ) from None


def clean_address_scheme(value: object, field: str = "electronic_address_scheme") -> str:
    """An electronic address scheme (EAS code): EM for an email address, or a code such as 0088 or 0204."""
    text = str(value).strip().upper() or "EM"
    if not _SCHEME.fullmatch(text):
        raise refuse(
            "invalid_scheme",
            f"'{echo(str(value).strip())}' is not an electronic address scheme; use EM for an email address or a "
            "four-digit EAS code such as 0088 or 0204.",
            field,
        )
    return text


def clean_payment_means(value: object, field: str = "payment_means_code") -> str:
    text = str(value).strip().upper()
    if text not in PAYMENT_MEANS:
        known = ", ".join(f"{code} ({name})" for code, name in PAYMENT_MEANS.items())
        raise refuse(
            "invalid_payment_means",
            f"'{echo(text)}' is not a payment means code; choose one of {known}.",
            field,
        )
    return text


def clean_optional_email(value: object, field: str) -> str:
    text = str(value).strip()
    return normalise_email(text, field) if text else ""


def _email_address(value: str, field: str = "electronic_address") -> str:
    try:
        return normalise_email(value, field)
    except RuleViolation:
        raise refuse(
            "invalid_email",
            f"The electronic address '{echo(value)}' is not an email address, which its scheme EM says it is; "
            "correct it, or give its scheme's EAS code as electronic_address_scheme.",
            field,
        ) from None


def clean_smtp_host(value: object, field: str = "smtp_host") -> str:
    text = clean_name(str(value), field, max_len=SMTP_HOST_MAX, required=False)
    if text and not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]+", text):
        raise refuse(
            "invalid_host", f"'{echo(text)}' is not a host name; write it like smtp.example.com or 192.0.2.10.", field
        )
    return text.lower()


def clean_port(value: object, field: str = "smtp_port") -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise refuse(
            "invalid_port", f"'{echo(text)}' is not a port; give a number from 1 to 65535, such as 587.", field
        )
    return int(text)


def clean_smtp_security(value: object, field: str = "smtp_security") -> str:
    text = str(value).strip().casefold()
    if text not in SMTP_SECURITY:
        raise refuse(
            "invalid_choice",
            f"'{echo(str(value).strip())}' is not a choice for {label(field)}; choose one of: "
            f"{', '.join(SMTP_SECURITY)}.",
            field,
        )
    return text


# The rules of what both the organisation and a client have.
PARTY_RULES: dict[str, Callable[[object, str], object]] = {
    "street": _optional(NAME_MAX),
    "city": _optional(CITY_MAX),
    "postcode": clean_postcode,
    "country": clean_country,
    "electronic_address": _optional(ADDRESS_MAX),
    "electronic_address_scheme": clean_address_scheme,
}
ORGANISATION_RULES: dict[str, Callable[[object, str], object]] = {
    **PARTY_RULES,
    "legal_name": _optional(NAME_MAX),
    "tax_number": _optional(TAX_NUMBER_MAX),
    "legal_form": _optional(NAME_MAX),
    "contact_name": _optional(NAME_MAX),
    "contact_phone": clean_phone,
    "contact_email": clean_optional_email,
    "iban": clean_iban,
    "bic": clean_bic,
    "payment_means_code": clean_payment_means,
    "smtp_host": clean_smtp_host,
    "smtp_port": clean_port,
    "smtp_security": clean_smtp_security,
    "smtp_user": _optional(ADDRESS_MAX),
    "smtp_sender": clean_optional_email,
    "mail_subject": mail_template.check_subject,
    "mail_body": mail_template.check_body,
}
CLIENT_RULES: dict[str, Callable[[object, str], object]] = {
    **PARTY_RULES,
    "buyer_reference": _optional(NAME_MAX),
}
# Names people may use for a stored field: the VAT id lives in tax_id, which documents print as "VAT ID".
ALIASES = {"vat_id": "tax_id"}


def clean_details(
    given: Mapping[str, object], rules: Mapping[str, Callable[[object, str], object]], current: object
) -> dict[str, object]:
    """The details given (by stored name), cleaned, every problem under its field at once; an email scheme's
    electronic address must be an email address, checked against the scheme it will have."""
    unknown = set(given) - set(rules)
    if unknown:
        raise TypeError(f"not a party detail: {', '.join(sorted(unknown))}")
    checks = Checks()
    cleaned = {name: collect(checks, rules[name], value, name) for name, value in given.items()}
    scheme = cleaned.get("electronic_address_scheme", getattr(current, "electronic_address_scheme", "EM"))
    address = cleaned.get("electronic_address")
    if scheme == "EM" and isinstance(address, str) and address:
        cleaned["electronic_address"] = collect(checks, _email_address, address)
    checks.raise_if_any()
    return cleaned
