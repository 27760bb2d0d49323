"""The EN 16931 invoice as OASIS UBL 2.1 XML in the German CIUS XRechnung 3.0: an Invoice, or a CreditNote
with positive quantities and amounts as UBL wants them.

Everything comes from an EInvoice (app/domain/einvoice_data.py), whose figures are the invoicing engine's; this
module only writes them in the order the UBL schemas want.
"""

from __future__ import annotations

from lxml import etree

from app.domain.einvoice_data import EInvoice, TaxGroup, TradeParty, rate_text, unit_code
from app.domain.tax import VatCategory

INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
PEPPOL_BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
DISCOUNT_REASON = "Discount"


def _cbc(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{tag}", attributes)
    element.text = text
    return element


def _cac(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{tag}")


def _amount(parent: etree._Element, tag: str, document: EInvoice, text: str) -> None:
    _cbc(parent, tag, text, currencyID=document.currency)


def _category(parent: etree._Element, tag: str, category: VatCategory, rate: str, reason: str = "") -> None:
    """A VAT category with its rate (none for "not subject to VAT") and, in the breakdown, its reason."""
    tax = _cac(parent, tag)
    _cbc(tax, "ID", category.value)
    if category is not VatCategory.OUTSIDE_SCOPE:
        _cbc(tax, "Percent", rate)
    if reason:
        _cbc(tax, "TaxExemptionReason", reason)
    _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")


def _party(parent: etree._Element, tag: str, party: TradeParty, *, vat_ids: bool, seller: bool) -> None:
    element = _cac(_cac(parent, tag), "Party")
    if party.electronic_address:
        _cbc(element, "EndpointID", party.electronic_address, schemeID=party.electronic_address_scheme)
    _cbc(_cac(element, "PartyName"), "Name", party.name)
    address = _cac(element, "PostalAddress")
    for tag_name, value in (("StreetName", party.street), ("CityName", party.city), ("PostalZone", party.postcode)):
        if value:
            _cbc(address, tag_name, value)
    _cbc(_cac(address, "Country"), "IdentificationCode", party.country)
    if vat_ids and party.vat_id:
        scheme = _cac(element, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.vat_id)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    if seller and party.tax_number:
        scheme = _cac(element, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.tax_number)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "FC")
    legal = _cac(element, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.legal_name or party.name)
    if party.legal_form:
        _cbc(legal, "CompanyLegalForm", party.legal_form)
    if party.contact_name or party.contact_phone or party.contact_email:
        contact = _cac(element, "Contact")
        for tag_name, value in (
            ("Name", party.contact_name),
            ("Telephone", party.contact_phone),
            ("ElectronicMail", party.contact_email),
        ):
            if value:
                _cbc(contact, tag_name, value)


def _allowance(parent: etree._Element, document: EInvoice, group: TaxGroup) -> None:
    """The document discount's share of one VAT group, as the engine allocated it (BG-20)."""
    allowance = _cac(parent, "AllowanceCharge")
    _cbc(allowance, "ChargeIndicator", "false")
    _cbc(allowance, "AllowanceChargeReason", DISCOUNT_REASON)
    _amount(allowance, "Amount", document, document.figure(group.discount))
    _category(allowance, "TaxCategory", group.category, rate_text(group.rate))


def _tax_total(parent: etree._Element, document: EInvoice) -> None:
    total = _cac(parent, "TaxTotal")
    _amount(total, "TaxAmount", document, document.figure(document.totals.tax))
    for group in document.groups:
        subtotal = _cac(total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", document, document.figure(group.taxable))
        _amount(subtotal, "TaxAmount", document, document.figure(group.tax))
        _category(subtotal, "TaxCategory", group.category, rate_text(group.rate), group.reason)


def _monetary_total(parent: etree._Element, document: EInvoice) -> None:
    totals = document.totals
    summary = _cac(parent, "LegalMonetaryTotal")
    _amount(summary, "LineExtensionAmount", document, document.figure(totals.lines_net))
    _amount(summary, "TaxExclusiveAmount", document, document.figure(totals.net))
    _amount(summary, "TaxInclusiveAmount", document, document.figure(totals.total))
    _amount(summary, "AllowanceTotalAmount", document, document.figure(totals.discount))
    _amount(summary, "PrepaidAmount", document, document.figure(document.paid))
    _amount(summary, "PayableAmount", document, document.figure(document.due))


def _line(parent: etree._Element, document: EInvoice, index: int) -> None:
    line = document.lines[index]
    noun = "CreditNote" if document.credit_note else "Invoice"
    element = _cac(parent, f"{noun}Line")
    _cbc(element, "ID", str(index + 1))
    quantity = "CreditedQuantity" if document.credit_note else "InvoicedQuantity"
    _cbc(element, quantity, document.quantity(line), unitCode=unit_code(line.unit))
    _amount(element, "LineExtensionAmount", document, document.figure(line.net))
    item = _cac(element, "Item")
    _cbc(item, "Name", line.description)
    _category(item, "ClassifiedTaxCategory", line.vat_category, rate_text(line.vat_rate))
    _amount(_cac(element, "Price"), "PriceAmount", document, document.price(line))


def ubl_tree(document: EInvoice) -> etree._Element:
    noun = "CreditNote" if document.credit_note else "Invoice"
    namespace = CREDIT_NOTE if document.credit_note else INVOICE
    root = etree.Element(f"{{{namespace}}}{noun}", nsmap={None: namespace, "cac": CAC, "cbc": CBC})
    _cbc(root, "CustomizationID", XRECHNUNG)
    _cbc(root, "ProfileID", PEPPOL_BILLING)
    _cbc(root, "ID", document.number)
    _cbc(root, "IssueDate", document.issue_date.isoformat())
    if document.due_date and not document.credit_note:
        _cbc(root, "DueDate", document.due_date.isoformat())
    _cbc(root, f"{noun}TypeCode", document.type_code)
    if document.notes:
        _cbc(root, "Note", document.notes)
    _cbc(root, "DocumentCurrencyCode", document.currency)
    if document.buyer_reference:
        _cbc(root, "BuyerReference", document.buyer_reference)
    if document.period_start and document.period_end:
        period = _cac(root, "InvoicePeriod")
        _cbc(period, "StartDate", document.period_start.isoformat())
        _cbc(period, "EndDate", document.period_end.isoformat())
    if document.purchase_order:
        _cbc(_cac(root, "OrderReference"), "ID", document.purchase_order)
    if document.credited_number:
        referenced = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(referenced, "ID", document.credited_number)
        if document.credited_date:
            _cbc(referenced, "IssueDate", document.credited_date.isoformat())
    # Not subject to VAT (O): EN 16931 forbids the parties' VAT ids on such an invoice (BR-O-02, BR-O-03).
    vat_ids = all(group.category is not VatCategory.OUTSIDE_SCOPE for group in document.groups)
    _party(root, "AccountingSupplierParty", document.seller, vat_ids=vat_ids, seller=True)
    _party(root, "AccountingCustomerParty", document.buyer, vat_ids=vat_ids, seller=False)
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", document.payment_means_code)
    if document.due_date and document.credit_note:
        _cbc(means, "PaymentDueDate", document.due_date.isoformat())
    _cbc(means, "PaymentID", document.number)
    if document.iban:
        account = _cac(means, "PayeeFinancialAccount")
        _cbc(account, "ID", document.iban)
        if document.bic:
            _cbc(_cac(account, "FinancialInstitutionBranch"), "ID", document.bic)
    if document.payment_terms:
        _cbc(_cac(root, "PaymentTerms"), "Note", document.payment_terms)
    for group in document.groups:
        if group.discount.amount:
            _allowance(root, document, group)
    _tax_total(root, document)
    _monetary_total(root, document)
    for index in range(len(document.lines)):
        _line(root, document, index)
    return root


def ubl_xml(document: EInvoice) -> bytes:
    """The UBL XML, UTF-8 with its declaration."""
    return etree.tostring(ubl_tree(document), xml_declaration=True, encoding="UTF-8", pretty_print=True)
