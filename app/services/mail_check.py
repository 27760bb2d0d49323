"""The test message that checks the organisation's mail settings as typed in Settings, saved or not, before an
invoice depends on them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.errors import Checks
from app.domain.outgoing_mail import MailServer, OutgoingMail, clean_recipients, missing_settings
from app.domain.text import collect
from app.services.identity import Actor, require_manager
from app.services.invoicing_settings import clean_invoicing
from app.services.ports import UnitOfWork

TEST_SUBJECT = "Timeledger test message"


def settings_check_message(
    uow: UnitOfWork, actor: Actor, to: str, settings: Mapping[str, object]
) -> tuple[MailServer, OutgoingMail]:
    """A short message that checks the mail settings as typed (saved or not) by sending to `to`; every problem
    with the settings and the address at once."""
    require_manager(actor, "send test messages")
    org = actor.org
    checks = Checks()
    cleaned = collect(checks, clean_invoicing, settings, org) or {}
    recipients = collect(checks, clean_recipients, [to], "test_to")

    def value(name: str) -> Any:
        return cleaned.get(name, settings.get(name, getattr(org, name)))

    host, sender = str(value("smtp_host")), str(value("smtp_sender"))
    checks.problems += missing_settings(host, sender)
    checks.raise_if_any()
    server = MailServer(
        host=host, port=int(value("smtp_port")), security=str(value("smtp_security")), user=str(value("smtp_user"))
    )
    body = (
        f"This message was sent by Timeledger for {org.name} through {server.host}:{server.port} to check its mail "
        "settings. Invoices sent from Timeledger will come the same way."
    )
    mail = OutgoingMail(
        sender_name=org.name, sender_address=sender, recipients=recipients or (), subject=TEST_SUBJECT, body=body
    )
    return server, mail
