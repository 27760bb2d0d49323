"""Showing user data (work names, notes, refusals quoting what was typed) exactly as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.domain.duration import Duration


def plain_label(text: str = "", name: str = "") -> QLabel:
    """A label shown exactly as typed: never read as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def literal(text: str) -> str:
    """User text for a button, menu item or group title, where a lone & would turn into a shortcut underline."""
    return text.replace("&", "&&")


def contract_balance(overtime: Duration) -> str:
    """Net time against the contract, in words: "overtime 1:20", "17:39 below contract"."""
    if overtime > Duration.ZERO:
        return f"overtime {overtime}"
    if overtime < Duration.ZERO:
        return f"{-overtime} below contract"
    return "on contract"
