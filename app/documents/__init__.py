"""Printed documents: invoices, quotes and credit notes rendered to PDF from domain objects (never queries)."""

from app.documents.pdf import render_pdf

__all__ = ["render_pdf"]
