"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd in a thread): plain, STARTTLS or SSL with a
certificate made for the test, a login checked against one password, and recipients or messages refused on
demand. What it received is kept, parsed, for the tests to look at.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
import warnings
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "billing@acme.example"
PASSWORD = "s3cret-Ünïcode"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    login: str | None  # who logged in for it, if anyone


@dataclass
class Mailbox:
    """The server's handler: takes or refuses, and keeps what it took."""

    refused_recipients: set[str] = field(default_factory=set)
    refuse_data: str | None = None  # e.g. "554 5.7.1 Message rejected as spam"
    messages: list[Received] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.refused_recipients:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.refuse_data:
            return self.refuse_data
        # As a mail program shows it: lines end in \n, not in the wire's \r\n.
        content = envelope.content.replace(b"\r\n", b"\n")
        message = email.message_from_bytes(content, policy=email.policy.default)
        login = session.login_data.decode() if isinstance(session.login_data, bytes) else session.login_data
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, login))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        self.logins.append((auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?", ok))
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@dataclass
class MailServerUnderTest:
    host: str
    port: int
    mailbox: Mailbox


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def certificate(folder: Path) -> Path:
    """A self-signed certificate for localhost and 127.0.0.1 with its key, in one PEM file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / "localhost.pem"
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key_pem)
    return path


def trusting(cert: Path) -> ssl.SSLContext:
    """What a client that trusts the test's certificate verifies the server with."""
    return ssl.create_default_context(cafile=str(cert))


@contextmanager
def smtp_server(
    *,
    login: bool = False,
    security: str = "none",
    cert: Path | None = None,
    mailbox: Mailbox | None = None,
) -> Iterator[MailServerUnderTest]:
    """A running server: security "none" (plain), "starttls" (offered, required before anything else) or "ssl"
    (TLS from the first byte); with `login`, AUTH PLAIN/LOGIN is required, checked against USER and PASSWORD."""
    box = mailbox or Mailbox()
    port = free_port()
    options: dict = {}
    tls = None
    if security != "none":
        assert cert is not None, "TLS needs the test's certificate"
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert)
    if security == "starttls":
        options.update(tls_context=tls, require_starttls=True)
    if login:
        # aiosmtpd counts only STARTTLS as TLS: over SSL it must be told a login needs no more of it.
        options.update(authenticator=box.authenticate, auth_required=True, auth_require_tls=security == "starttls")
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        ssl_context=tls if security == "ssl" else None,
        server_hostname="localhost",
        ready_timeout=10,
        **options,
    )
    with warnings.catch_warnings():
        # A login without TLS is what a plain test server must allow; aiosmtpd warns about it on every connection.
        warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
        controller.start()
        try:
            yield MailServerUnderTest("127.0.0.1", port, box)
        finally:
            controller.stop()
