"""The MIME message the SMTP transport hands over: headers any mail program reads, the attachments intact."""

from __future__ import annotations

import email
import email.policy

from app.domain.outgoing_mail import Attachment, OutgoingMail
from app.mail.smtp import build_message


def test_names_and_subjects_beyond_ascii_survive_the_round_trip_and_attachments_stay_bytes():
    pdf = b"%PDF-1.4\n\x00\xff binary"
    mail = OutgoingMail(
        sender_name="Müller & Söhne GmbH",
        sender_address="rechnung@mueller.example",
        recipients=("ap@globex.example", "boss@globex.example"),
        subject="Rechnung 2026-0007 über 1.190,00 €",
        body="Grüße\nMüller",
        attachments=(Attachment("Rechnung 2026-0007.pdf", "application/pdf", pdf),),
    )

    wire = build_message(mail).as_bytes()
    parsed = email.message_from_bytes(wire, policy=email.policy.default)

    assert wire.isascii()
    assert parsed["From"].addresses[0].display_name == "Müller & Söhne GmbH"
    assert parsed["From"].addresses[0].addr_spec == "rechnung@mueller.example"
    assert [a.addr_spec for a in parsed["To"].addresses] == ["ap@globex.example", "boss@globex.example"]
    assert parsed["Subject"] == "Rechnung 2026-0007 über 1.190,00 €"
    assert parsed["Message-ID"].endswith("@mueller.example>")
    assert parsed.get_body(("plain",)).get_content() == "Grüße\nMüller\n"
    [attached] = list(parsed.iter_attachments())
    assert (attached.get_filename(), attached.get_content()) == ("Rechnung 2026-0007.pdf", pdf)
