"""The EN 16931 invoice as UN/CEFACT Cross Industry Invoice XML, profile EN 16931 of Factur-X / ZUGFeRD: what
a Factur-X PDF carries as factur-x.xml.

Everything comes from an EInvoice (app/domain/einvoice_data.py), whose figures are the invoicing engine's; this
module only writes them in the order the CII schema wants. A credit note is TypeCode 381 with positive amounts.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from app.domain.einvoice_data import EInvoice, TaxGroup, TradeParty, rate_text, unit_code
from app.domain.tax import VatCategory

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NAMESPACES = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
EN16931 = "urn:cen.eu:en16931:2017"  # the profile EN 16931 of Factur-X 1.0 / ZUGFeRD 2
DISCOUNT_REASON = "Discount"


def _ram(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{RAM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _date(parent: etree._Element, tag: str, day: date, namespace: str = UDT) -> None:
    holder = _ram(parent, tag)
    etree.SubElement(holder, f"{{{namespace}}}DateTimeString", format="102").text = f"{day:%Y%m%d}"


def _tax(parent: etree._Element, tag: str, category: VatCategory, rate: str) -> etree._Element:
    """A VAT category with its rate (none for "not subject to VAT", which has no rate)."""
    tax = _ram(parent, tag)
    _ram(tax, "TypeCode", "VAT")
    _ram(tax, "CategoryCode", category.value)
    if category is not VatCategory.OUTSIDE_SCOPE:
        _ram(tax, "RateApplicablePercent", rate)
    return tax


def _party(parent: etree._Element, tag: str, party: TradeParty, *, vat_ids: bool, seller: bool) -> None:
    element = _ram(parent, tag)
    _ram(element, "Name", party.legal_name or party.name)
    if party.legal_form:
        _ram(element, "Description", party.legal_form)
    if party.legal_name and party.legal_name != party.name:
        _ram(_ram(element, "SpecifiedLegalOrganization"), "TradingBusinessName", party.name)
    if party.contact_name or party.contact_phone or party.contact_email:
        contact = _ram(element, "DefinedTradeContact")
        if party.contact_name:
            _ram(contact, "PersonName", party.contact_name)
        if party.contact_phone:
            _ram(_ram(contact, "TelephoneUniversalCommunication"), "CompleteNumber", party.contact_phone)
        if party.contact_email:
            _ram(_ram(contact, "EmailURIUniversalCommunication"), "URIID", party.contact_email)
    address = _ram(element, "PostalTradeAddress")
    for tag_name, value in (("PostcodeCode", party.postcode), ("LineOne", party.street), ("CityName", party.city)):
        if value:
            _ram(address, tag_name, value)
    _ram(address, "CountryID", party.country)
    if party.electronic_address:
        communication = _ram(element, "URIUniversalCommunication")
        _ram(communication, "URIID", party.electronic_address, schemeID=party.electronic_address_scheme)
    if vat_ids and party.vat_id:
        _ram(_ram(element, "SpecifiedTaxRegistration"), "ID", party.vat_id, schemeID="VA")
    if seller and party.tax_number:
        _ram(_ram(element, "SpecifiedTaxRegistration"), "ID", party.tax_number, schemeID="FC")


def _line(parent: etree._Element, document: EInvoice, index: int) -> None:
    line = document.lines[index]
    item = _ram(parent, "IncludedSupplyChainTradeLineItem")
    _ram(_ram(item, "AssociatedDocumentLineDocument"), "LineID", str(index + 1))
    _ram(_ram(item, "SpecifiedTradeProduct"), "Name", line.description)
    agreement = _ram(item, "SpecifiedLineTradeAgreement")
    _ram(_ram(agreement, "NetPriceProductTradePrice"), "ChargeAmount", document.price(line))
    delivery = _ram(item, "SpecifiedLineTradeDelivery")
    _ram(delivery, "BilledQuantity", document.quantity(line), unitCode=unit_code(line.unit))
    settlement = _ram(item, "SpecifiedLineTradeSettlement")
    _tax(settlement, "ApplicableTradeTax", line.vat_category, rate_text(line.vat_rate))
    summation = _ram(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
    _ram(summation, "LineTotalAmount", document.figure(line.net))


def _breakdown(parent: etree._Element, document: EInvoice, group: TaxGroup) -> None:
    tax = _ram(parent, "ApplicableTradeTax")
    _ram(tax, "CalculatedAmount", document.figure(group.tax))
    _ram(tax, "TypeCode", "VAT")
    if group.reason:
        _ram(tax, "ExemptionReason", group.reason)
    _ram(tax, "BasisAmount", document.figure(group.taxable))
    _ram(tax, "CategoryCode", group.category.value)
    if group.category is not VatCategory.OUTSIDE_SCOPE:
        _ram(tax, "RateApplicablePercent", rate_text(group.rate))


def _allowance(parent: etree._Element, document: EInvoice, group: TaxGroup) -> None:
    """The document discount's share of one VAT group, as the engine allocated it (BG-20)."""
    allowance = _ram(parent, "SpecifiedTradeAllowanceCharge")
    etree.SubElement(_ram(allowance, "ChargeIndicator"), f"{{{UDT}}}Indicator").text = "false"
    _ram(allowance, "ActualAmount", document.figure(group.discount))
    _ram(allowance, "Reason", DISCOUNT_REASON)
    _tax(allowance, "CategoryTradeTax", group.category, rate_text(group.rate))


def _settlement(parent: etree._Element, document: EInvoice) -> None:
    settlement = _ram(parent, "ApplicableHeaderTradeSettlement")
    _ram(settlement, "PaymentReference", document.number)
    _ram(settlement, "InvoiceCurrencyCode", document.currency)
    means = _ram(settlement, "SpecifiedTradeSettlementPaymentMeans")
    _ram(means, "TypeCode", document.payment_means_code)
    if document.iban:
        _ram(_ram(means, "PayeePartyCreditorFinancialAccount"), "IBANID", document.iban)
    if document.bic:
        _ram(_ram(means, "PayeeSpecifiedCreditorFinancialInstitution"), "BICID", document.bic)
    for group in document.groups:
        _breakdown(settlement, document, group)
    if document.period_start and document.period_end:
        period = _ram(settlement, "BillingSpecifiedPeriod")
        _date(period, "StartDateTime", document.period_start)
        _date(period, "EndDateTime", document.period_end)
    for group in document.groups:
        if group.discount.amount:
            _allowance(settlement, document, group)
    if document.payment_terms or document.due_date:
        terms = _ram(settlement, "SpecifiedTradePaymentTerms")
        if document.payment_terms:
            _ram(terms, "Description", document.payment_terms)
        if document.due_date:
            _date(terms, "DueDateDateTime", document.due_date)
    totals = document.totals
    summation = _ram(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _ram(summation, "LineTotalAmount", document.figure(totals.lines_net))
    _ram(summation, "AllowanceTotalAmount", document.figure(totals.discount))
    _ram(summation, "TaxBasisTotalAmount", document.figure(totals.net))
    _ram(summation, "TaxTotalAmount", document.figure(totals.tax), currencyID=document.currency)
    _ram(summation, "GrandTotalAmount", document.figure(totals.total))
    _ram(summation, "TotalPrepaidAmount", document.figure(document.paid))
    _ram(summation, "DuePayableAmount", document.figure(document.due))
    if document.credited_number:
        referenced = _ram(settlement, "InvoiceReferencedDocument")
        _ram(referenced, "IssuerAssignedID", document.credited_number)
        if document.credited_date:
            _date(referenced, "FormattedIssueDateTime", document.credited_date, QDT)


def cii_tree(document: EInvoice) -> etree._Element:
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NAMESPACES)
    context = etree.SubElement(root, f"{{{RSM}}}ExchangedDocumentContext")
    _ram(_ram(context, "GuidelineSpecifiedDocumentContextParameter"), "ID", EN16931)
    header = etree.SubElement(root, f"{{{RSM}}}ExchangedDocument")
    _ram(header, "ID", document.number)
    _ram(header, "TypeCode", document.type_code)
    _date(header, "IssueDateTime", document.issue_date)
    if document.notes:
        _ram(_ram(header, "IncludedNote"), "Content", document.notes)
    transaction = etree.SubElement(root, f"{{{RSM}}}SupplyChainTradeTransaction")
    for index in range(len(document.lines)):
        _line(transaction, document, index)
    agreement = _ram(transaction, "ApplicableHeaderTradeAgreement")
    if document.buyer_reference:
        _ram(agreement, "BuyerReference", document.buyer_reference)
    # Not subject to VAT (O): EN 16931 forbids the parties' VAT ids on such an invoice (BR-O-02, BR-O-03).
    vat_ids = all(group.category is not VatCategory.OUTSIDE_SCOPE for group in document.groups)
    _party(agreement, "SellerTradeParty", document.seller, vat_ids=vat_ids, seller=True)
    _party(agreement, "BuyerTradeParty", document.buyer, vat_ids=vat_ids, seller=False)
    if document.purchase_order:
        _ram(_ram(agreement, "BuyerOrderReferencedDocument"), "IssuerAssignedID", document.purchase_order)
    _ram(transaction, "ApplicableHeaderTradeDelivery")
    _settlement(transaction, document)
    return root


def cii_xml(document: EInvoice) -> bytes:
    """The CII XML, UTF-8 with its declaration."""
    return etree.tostring(cii_tree(document), xml_declaration=True, encoding="UTF-8", pretty_print=True)
