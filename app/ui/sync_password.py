"""Asking for the team server's password when nothing keeps it, and saying why it is asked."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services.sync_status import SyncPasswordNeeded
from app.ui.labels import plain_label


def sentence(text: str) -> str:
    """ "no system keyring works here" -> "No system keyring works here." """
    text = text.strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


class SyncPasswordDialog(QDialog):
    """The server's question and the reason the app cannot remember the answer; Connect retries the round."""

    def __init__(self, need: SyncPasswordNeeded, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Team server password")
        self.setMinimumWidth(420)
        self.question = plain_label(str(need) or "The team server asks for your password.")
        self.question.setWordWrap(True)
        self.why = plain_label(sentence(need.why), name="why")
        self.why.setWordWrap(True)
        self.why.setStyleSheet("#why { color: palette(placeholder-text); }")
        self.why.setVisible(bool(need.why))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Your password on the team server")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("Connect")
        self.connect_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Not now")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password.textChanged.connect(lambda text: self.connect_button.setEnabled(bool(text)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.why)
        layout.addWidget(QLabel("Password"))
        layout.addWidget(self.password)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def typed(self) -> str:
        return self.password.text()
