"""Handing one message to the organisation's SMTP server: STARTTLS, SSL or plain, a login when a user is set,
timeouts, and every failure told as a sentence that says what to check."""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from app import passwords
from app.domain.errors import TimeledgerError
from app.domain.outgoing_mail import MailServer, OutgoingMail

TIMEOUT_S = 30  # per network step (connecting, each command), not for the whole message
PASSWORD_SERVICE = "timeledger-smtp"  # the keyring's service name for mail server passwords


class MailNotSent(TimeledgerError):
    """The server did not take the message (a refused login, sender, recipient or message): fix and retry."""

    exit_code = 3


class MailServerUnreachable(MailNotSent):
    """The server could not be reached or talked to (unknown host, nothing listening, TLS failed, timeout)."""

    exit_code = 4


def password_key(server: MailServer) -> str:
    """Under which name the keyring keeps the password of this server's login."""
    return f"{server.user}@{server.host}"


def stored_password(server: MailServer) -> str | None:
    return passwords.stored(PASSWORD_SERVICE, password_key(server)) if server.user else None


def remember_password(server: MailServer, password: str) -> str:
    """Keep the login's password (in the keyring, else for this process); a warning sentence, or ''."""
    return passwords.remember(PASSWORD_SERVICE, password_key(server), password)


def forget_password(server: MailServer) -> None:
    passwords.forget(PASSWORD_SERVICE, password_key(server))


def sender(password: str | None = None, **options: object) -> Callable[[MailServer, OutgoingMail], dict[str, str]]:
    """What the services call to send: with the password given, else the one kept for the server's login."""

    def send_now(server: MailServer, mail: OutgoingMail) -> dict[str, str]:
        secret = password if password is not None else stored_password(server)
        return send(server, mail, secret, **options)  # type: ignore[arg-type]

    return send_now


def build_message(mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = Address(display_name=mail.sender_name, addr_spec=mail.sender_address)
    message["To"] = [Address(addr_spec=address) for address in mail.recipients]
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=True)
    domain = mail.sender_address.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    # Quoted-printable keeps the message 7-bit: a server without 8BITMIME still passes umlauts on intact.
    message.set_content(mail.body, cte="quoted-printable")
    for attachment in mail.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return message


def send(
    server: MailServer,
    mail: OutgoingMail,
    password: str | None = None,
    *,
    timeout: float = TIMEOUT_S,
    context: ssl.SSLContext | None = None,
) -> dict[str, str]:
    """Hand `mail` to the server; returns the recipients it refused (address -> the server's answer) when it took
    the message for the others. Raises MailNotSent (or MailServerUnreachable) with a sentence when it took
    it for nobody."""
    where = f"{server.host}:{server.port}"
    message = build_message(mail)
    tls = context or ssl.create_default_context()
    try:
        with _connect(server, timeout, tls) as smtp:
            if server.security == "starttls":
                _start_tls(smtp, where, tls)
            if server.user:
                _log_in(smtp, server, password, where)
            refused = smtp.send_message(message, from_addr=mail.sender_address, to_addrs=list(mail.recipients))
    except MailNotSent:
        raise
    except smtplib.SMTPRecipientsRefused as error:
        raise MailNotSent(f"The mail server refused every recipient: {_refusals(error.recipients)}.") from None
    except smtplib.SMTPSenderRefused as error:
        raise MailNotSent(
            f"The mail server refused the sender address {mail.sender_address} ({_answer(error)}); set a sender "
            "address this login may send from (smtp_sender)."
        ) from None
    except smtplib.SMTPDataError as error:
        raise MailNotSent(f"The mail server refused the message ({_answer(error)}).") from None
    except smtplib.SMTPServerDisconnected as error:
        raise MailServerUnreachable(
            f"The mail server at {where} closed the connection ({error or 'without a word'}); check the port and "
            "the security setting (465 usually means SSL, 587 STARTTLS)."
        ) from None
    except smtplib.SMTPResponseException as error:
        raise MailNotSent(f"The mail server at {where} refused to go on ({_answer(error)}).") from None
    except smtplib.SMTPException as error:
        raise MailNotSent(f"The mail server at {where} did not take the message: {error}.") from None
    except ssl.SSLCertVerificationError as error:
        raise MailServerUnreachable(
            f"The mail server at {where} did not prove who it is: its certificate {error.verify_message or error}. "
            "Check the host name; it must be the one the server's certificate is for."
        ) from None
    except ssl.SSLError as error:
        raise MailServerUnreachable(
            f"No secure connection to the mail server at {where} could be made ({error.reason or error}); check the "
            "security setting: port 465 usually means SSL, 587 STARTTLS."
        ) from None
    except socket.gaierror:
        raise MailServerUnreachable(
            f"The mail server {server.host} cannot be found; check its host name (smtp_host) and your network."
        ) from None
    except ConnectionRefusedError:
        raise MailServerUnreachable(
            f"Nothing answers at {where}: no mail server listens on that port; check the host and the port."
        ) from None
    except TimeoutError:
        raise MailServerUnreachable(
            f"The mail server at {where} did not answer within {timeout:g} seconds; check the host, the port and "
            "your network, then try again."
        ) from None
    except OSError as error:
        raise MailServerUnreachable(
            f"The mail server at {where} cannot be reached: {error.strerror or error}."
        ) from None
    return {address: _answer_text(code, text) for address, (code, text) in refused.items()}


def _connect(server: MailServer, timeout: float, tls: ssl.SSLContext) -> smtplib.SMTP:
    if server.security == "ssl":
        return smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=tls)
    return smtplib.SMTP(server.host, server.port, timeout=timeout)


def _start_tls(smtp: smtplib.SMTP, where: str, tls: ssl.SSLContext) -> None:
    smtp.ehlo()
    if not smtp.has_extn("starttls"):
        raise MailServerUnreachable(
            f"The mail server at {where} does not offer STARTTLS, so the password and the invoice would travel "
            "unencrypted; choose SSL (usually port 465) or, only on a trusted network, no encryption."
        )
    smtp.starttls(context=tls)
    smtp.ehlo()


def _log_in(smtp: smtplib.SMTP, server: MailServer, password: str | None, where: str) -> None:
    if password is None:
        raise MailNotSent(
            f"No password is stored for {server.user} on the mail server {server.host}; set it with "
            "`timeledger org smtp-password` or in Settings."
        )
    try:
        if f"{server.user}{password}".isascii():
            smtp.login(server.user, password)
        else:
            _log_in_utf8(smtp, server.user, password)
    except smtplib.SMTPAuthenticationError as error:
        raise MailNotSent(
            f"The mail server refused the login of {server.user} ({_answer(error)}); check the user name and the "
            "password."
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailNotSent(
            f"The mail server at {where} offers no login on this connection; many servers allow it only after "
            "STARTTLS or over SSL: check the security setting, or clear the user if it needs no login."
        ) from None
    except smtplib.SMTPException as error:
        raise MailNotSent(f"Logging in to the mail server at {where} failed: {error}.") from None


def _log_in_utf8(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN or LOGIN with the name and password in UTF-8 (RFC 4616); smtplib's own login sends ASCII only."""
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    offered = smtp.esmtp_features["auth"].upper().split()
    if "PLAIN" in offered:
        token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
        code, answer = smtp.docmd("AUTH", f"PLAIN {token}")
    else:
        code, answer = smtp.docmd("AUTH", "LOGIN " + base64.b64encode(user.encode()).decode("ascii"))
        if code == 334:
            code, answer = smtp.docmd(base64.b64encode(password.encode()).decode("ascii"))
    if code not in (235, 503):  # 503: already logged in
        raise smtplib.SMTPAuthenticationError(code, answer)


def _answer_text(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(said.split())}".strip()


def _answer(error: smtplib.SMTPResponseException) -> str:
    return _answer_text(error.smtp_code, error.smtp_error)


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{address} ({_answer_text(code, text)})" for address, (code, text) in recipients.items())
