"""Email in Settings: the organisation's SMTP server, the login's password (kept in the system keyring), the
sender and the message template invoices go out with, and a test message to check it all (admins change them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout
from shiboken6 import Shiboken

from app.domain.mail_template import PLACEHOLDERS
from app.domain.organisation import Organisation
from app.services import invoicing_settings
from app.services.identity import current_actor
from app.services.invoice_mail import mail_server
from app.services.mail_check import settings_check_message
from app.services.organisation import OrganisationSettings
from app.ui.context import UiContext
from app.ui.forms import Change, FieldForm, choices, line, permit, text_box
from app.ui.labels import plain_label
from app.ui.view_jobs import ViewJobs
from app.ui.week_bar import MessageLine

SECURITY = (
    ("starttls", "STARTTLS (usually port 587)"),
    ("ssl", "SSL/TLS (usually port 465)"),
    ("none", "None: only on a network you trust"),
)
PASSWORD_NOTE = "Kept in your system keyring, never in a file; leave it empty to keep the stored one."
SHOWN_PLACEHOLDERS = ("invoice.title", "invoice.number", "invoice.total", "invoice.due_date", "client.name", "org.name")
SETTINGS = ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_sender", "mail_subject", "mail_body")


def placeholders_hint() -> str:
    shown = ", ".join("{" + name + "}" for name in SHOWN_PLACEHOLDERS)
    return f"Placeholders: {shown} and {len(PLACEHOLDERS) - len(SHOWN_PLACEHOLDERS)} more, as in invoice templates."


class MailSettingsSection(QGroupBox):
    saved = Signal()  # the settings (and a typed password) were stored
    tested = Signal()  # the test message was sent, or the reason it was not is on show

    def __init__(self, ctx: UiContext):
        super().__init__("Email")
        self.ctx = ctx
        self.jobs = ViewJobs(self, ctx)
        self.read_only = ""  # why this user cannot change the settings ("" for admins)
        form = self.form = FieldForm()
        self.host = form.add("smtp_host", "Mail server", line(hint="e.g. smtp.example.com"))
        self.port = form.add("smtp_port", "Port", line(hint="587"))
        self.port.setMaximumWidth(80)
        self.security = form.add("smtp_security", "Encryption", choices(SECURITY))
        self.user = form.add("smtp_user", "Login", line(hint="the user name on the mail server; blank: no login"))
        self.password = form.add("password", "Password", QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(PASSWORD_NOTE)
        self.sender = form.add("smtp_sender", "Sender address", line(hint="e.g. billing@your-firm.example"))
        self.subject = form.add("mail_subject", "Subject", line())
        self.body = form.add("mail_body", "Message", text_box(lines=8))
        hint = plain_label(placeholders_hint(), name="placeholders")
        hint.setWordWrap(True)
        hint.setStyleSheet("#placeholders { color: palette(placeholder-text); }")
        hint.setToolTip("\n".join(f"{{{name}}}: {meaning}" for name, meaning in PLACEHOLDERS.items()))
        form.rows.addRow("", hint)
        self.test_to = form.add("test_to", "Test recipient", line(hint="where the test message goes"))
        self.save = QPushButton("Save email settings")
        self.test = QPushButton("Send test message")
        self.message = MessageLine()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.test)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.save.clicked.connect(self.store)
        self.test.clicked.connect(self.send_test)

    def fill(self, shown: OrganisationSettings, email: str) -> None:
        """The stored settings, unless the admin is typing (a refresh never overwrites unsaved input)."""
        if self.form.dirty:
            return
        org = shown.organisation
        with self.form.filling():
            self.host.setText(org.smtp_host)
            self.port.setText(str(org.smtp_port))
            self.security.setCurrentIndex(max(0, self.security.findData(org.smtp_security)))
            self.user.setText(org.smtp_user)
            self.sender.setText(org.smtp_sender)
            self.subject.setText(org.mail_subject)
            self.body.setPlainText(org.mail_body)
            if not self.test_to.text():
                self.test_to.setText(email)
        self.read_only = shown.read_only
        for widget in self.form.inputs.values():
            permit(widget, shown.read_only)
        # Anyone who may send invoices may try the settings and keep the password on this desktop; only admins
        # change the settings themselves.
        for widget in (self.test_to, self.test, self.password):
            permit(widget, "")
        self.save.setText("Store the password" if shown.read_only else "Save email settings")

    def values(self) -> dict[str, object]:
        return {
            "smtp_host": self.host.text(),
            "smtp_port": self.port.text(),
            "smtp_security": self.security.currentData(),
            "smtp_user": self.user.text(),
            "smtp_sender": self.sender.text(),
            "mail_subject": self.subject.text(),
            "mail_body": self.body.toPlainText(),
        }

    def change(self) -> Change:
        values, password, settings = self.values(), self.password.text(), not self.read_only

        def store(uow, actor) -> tuple[Organisation, str]:  # type: ignore[no-untyped-def]
            org = invoicing_settings.update_invoicing(uow, actor, **values) if settings else actor.org
            warning = ""
            if password and not org.smtp_user:
                warning = "The password was not stored: the mail server has no login set."
            elif password:
                from app.mail import smtp

                warning = smtp.remember_password(mail_server(org), password)
            return org, warning

        return store

    def store(self) -> None:
        self.message.clear_message()
        if self.read_only and not self.password.text():
            self.message.error("Type the password of the mail server login to store it.")
            return
        self.form.save(self.jobs, self.change(), self._stored)

    def _stored(self, result: tuple[Organisation, str]) -> None:
        _, warning = result
        if self.password.text():
            self.password.clear()
        said = "Password stored." if self.read_only else "Email settings saved."
        self.message.info(" ".join(filter(None, [said, warning])))
        self.ctx.events.settings_changed.emit()
        self.saved.emit()

    def send_test(self) -> None:
        """Send a short message with the settings as typed, off the GUI thread; the server's answer below."""
        from app.mail import smtp

        self.message.info("Sending a test message…")
        self.form.clear_problems()
        self.test.setEnabled(False)
        workspace, values, to, typed = self.ctx.workspace, self.values(), self.test_to.text(), self.password.text()

        def work() -> str:
            with workspace.read() as uow:
                server, mail = settings_check_message(uow, current_actor(uow), to, values)
            refused = smtp.sender(typed or None)(server, mail)
            if refused:
                return "The mail server refused " + "; ".join(f"{a} ({why})" for a, why in refused.items()) + "."
            return f"Test message sent to {', '.join(mail.recipients)}; check that it arrived."

        self.ctx.runner.run(work, self._guard(self._test_done), self._guard(self._test_failed))

    def _test_done(self, said: str) -> None:
        self.test.setEnabled(True)
        self.message.info(said)
        self.tested.emit()

    def _test_failed(self, error: Exception) -> None:
        self.test.setEnabled(True)
        self.message.clear_message()
        self.form.show_failure(error)
        self.tested.emit()

    def _guard(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        return lambda value: Shiboken.isValid(self) and callback(value)  # Settings may have closed meanwhile
