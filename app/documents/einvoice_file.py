"""An e-invoice as the file a user asked for: Factur-X (PDF/A-3 with the CII XML inside) or XRechnung (UBL XML),
and writing it all or nothing."""

from __future__ import annotations

from app.documents.einvoice_cii import cii_xml
from app.documents.einvoice_ubl import ubl_xml
from app.documents.facturx import facturx_pdf
from app.domain.einvoice_data import EInvoice, EInvoiceFormat

SUFFIXES = {EInvoiceFormat.FACTURX: ".pdf", EInvoiceFormat.XRECHNUNG: ".xml"}


def einvoice_xml(document: EInvoice, format: EInvoiceFormat) -> bytes:
    """The XML a format carries: CII for Factur-X, UBL for XRechnung."""
    return cii_xml(document) if format is EInvoiceFormat.FACTURX else ubl_xml(document)


def einvoice_bytes(
    document: EInvoice, format: EInvoiceFormat, pdf: bytes, *, title: str, author: str, subject: str
) -> bytes:
    """The file's bytes; `pdf` is the invoice as printed, the visible part of a Factur-X file (unused for XRechnung)."""
    if format is EInvoiceFormat.XRECHNUNG:
        return ubl_xml(document)
    return facturx_pdf(pdf, cii_xml(document), title=title, author=author, subject=subject)
