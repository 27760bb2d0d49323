"""An email about to leave: who sends it through which server, to whom, what it says and what it carries.

The transport (app/mail/smtp.py) turns it into a MIME message and hands it to the server; nothing here does
any input or output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.errors import Checks, Problem, refuse
from app.domain.text import collect, label, normalise_email

RECIPIENTS_MAX = 20
_SEPARATORS = re.compile(r"[,;\s]+")


@dataclass(frozen=True)
class MailServer:
    """The organisation's SMTP server as set in its mail settings (the password is kept in the keyring)."""

    host: str
    port: int
    security: str  # starttls | ssl | none
    user: str = ""  # no login when empty


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf", "application/xml"
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class OutgoingMail:
    sender_name: str  # shown in the From header: "Acme GmbH"
    sender_address: str  # "billing@acme.example"
    recipients: tuple[str, ...]
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def clean_recipients(given: Iterable[str], field: str = "to") -> tuple[str, ...]:
    """The addresses typed (each item may hold several, separated by commas, semicolons or spaces), each checked,
    duplicates dropped; every bad one reported at once."""
    checks = Checks()
    found: list[str] = []
    for text in given:
        for part in _SEPARATORS.split(text.strip()):
            if not part:
                continue
            address = collect(checks, normalise_email, part, field)
            if address is not None and address not in found:
                found.append(address)
    checks.raise_if_any()
    if not found:
        raise refuse("no_recipient", f"Give at least one address in {label(field)}.", field)
    if len(found) > RECIPIENTS_MAX:
        raise refuse(
            "too_many_recipients", f"An invoice goes to at most {RECIPIENTS_MAX} addresses, not {len(found)}.", field
        )
    return tuple(found)


def missing_settings(host: str, sender: str) -> list[Problem]:
    """What the organisation must set before anything can be sent, each under its setting."""
    missing = []
    if not host.strip():
        missing.append(
            Problem(
                "mail_not_set_up",
                "No mail server is set: give its host name (smtp_host) in the organisation's mail settings.",
                "smtp_host",
            )
        )
    if not sender.strip():
        missing.append(
            Problem(
                "mail_not_set_up",
                "No sender address is set: give the address invoices come from (smtp_sender) in the organisation's "
                "mail settings.",
                "smtp_sender",
            )
        )
    return missing
