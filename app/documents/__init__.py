"""Printed documents: invoices, quotes and credit notes rendered to PDF from domain objects (never queries).

Import app.documents.pdf where a PDF is made: reportlab takes a while to load, and most commands never need it.
"""
