"""Timeledger: time tracking and invoicing for consultants and small teams."""

__version__ = "0.1.0"
