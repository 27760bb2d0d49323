"""Every fixed text an invoice prints ("Invoice", "Due date", "Total", "Page 1 of 2"…) in the languages a
template can choose, and the payment terms written out in each of them.

The words are data: a small dictionary per language, the same keys in each (a unit test keeps them in step).
User text (names, addresses, line descriptions, notes) is never translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from app.domain.payment_terms import DEPOSIT, EARLY_DISCOUNT, END_OF_MONTH, PaymentTerms
from app.domain.tax import Vat, VatCategory

LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "nl": "Nederlands"}

_EN = {
    "Invoice": "Invoice",
    "Deposit invoice": "Deposit invoice",
    "Credit note": "Credit note",
    "Quote": "Quote",
    "draft": "(draft)",
    "DRAFT": "DRAFT",
    "PAID": "PAID",
    "VOID": "VOID",
    "CREDIT NOTE": "CREDIT NOTE",
    "SIGNED": "SIGNED",
    "DECLINED": "DECLINED",
    "EXPIRED": "EXPIRED",
    "CANCELLED": "CANCELLED",
    "from": "From",
    "bill_to": "Bill to",
    "issue_date": "Issue date",
    "due_date": "Due date",
    "valid_until": "Valid until",
    "vat_id": "VAT ID",
    "position": "#",
    "description": "Description",
    "quantity": "Quantity",
    "unit_price": "Unit price",
    "vat": "VAT",
    "net": "Net",
    "tax_breakdown": "Tax breakdown",
    "taxable": "Taxable",
    "tax": "Tax",
    "lines_net": "Lines net",
    "discount": "Discount",
    "total": "Total",
    "paid": "Paid",
    "balance_due": "Balance due",
    "payment": "Payment",
    "notes": "Notes",
    "page": "Page {page} of {pages}",
    "vat_rate": "VAT {rate} %",
    "exempt": "Exempt",
    "reverse_charge": "Reverse charge",
    "outside_scope": "Not subject to VAT",
    "exempt_short": "Exempt",
    "reverse_charge_short": "Reverse charge",
    "outside_scope_short": "Not subject",
    "work_period": "Work from {start} to {end}",
    "cancels": "Cancels invoice {number}",
    "terms_due": " (by {date})",
    "terms_eom": "Payable {days} days after the end of the month{due}",
    "terms_eom_0": "Payable by the end of the month{due}",
    "terms_receipt": "Payable on receipt",
    "terms_net": "Payable within {days} days{due}",
    "terms_early": "{percent} % discount if paid {when}; otherwise {rest}",
    "terms_early_by": "by {date}",
    "terms_early_within": "within {days} days",
    "terms_deposit": "{text}; {percent} % deposit due when the quote is signed",
}

_DE = {
    "Invoice": "Rechnung",
    "Deposit invoice": "Anzahlungsrechnung",
    "Credit note": "Rechnungskorrektur",
    "Quote": "Angebot",
    "draft": "(Entwurf)",
    "DRAFT": "ENTWURF",
    "PAID": "BEZAHLT",
    "VOID": "STORNIERT",
    "CREDIT NOTE": "KORREKTUR",
    "SIGNED": "ANGENOMMEN",
    "DECLINED": "ABGELEHNT",
    "EXPIRED": "ABGELAUFEN",
    "CANCELLED": "STORNIERT",
    "from": "Von",
    "bill_to": "Rechnung an",
    "issue_date": "Rechnungsdatum",
    "due_date": "Fällig am",
    "valid_until": "Gültig bis",
    "vat_id": "USt-IdNr.",
    "position": "Pos.",
    "description": "Beschreibung",
    "quantity": "Menge",
    "unit_price": "Einzelpreis",
    "vat": "USt.",
    "net": "Netto",
    "tax_breakdown": "Umsatzsteuer",
    "taxable": "Nettobetrag",
    "tax": "Steuer",
    "lines_net": "Summe Positionen",
    "discount": "Rabatt",
    "total": "Gesamtbetrag",
    "paid": "Bezahlt",
    "balance_due": "Offener Betrag",
    "payment": "Zahlung",
    "notes": "Hinweise",
    "page": "Seite {page} von {pages}",
    "vat_rate": "USt. {rate} %",
    "exempt": "Steuerfrei",
    "reverse_charge": "Steuerschuldnerschaft des Leistungsempfängers",
    "outside_scope": "Nicht steuerbar",
    "exempt_short": "Steuerfrei",
    "reverse_charge_short": "Reverse Charge",
    "outside_scope_short": "Nicht steuerbar",
    "work_period": "Leistungszeitraum {start} bis {end}",
    "cancels": "Korrektur der Rechnung {number}",
    "terms_due": " (bis {date})",
    "terms_eom": "Zahlbar {days} Tage nach Monatsende{due}",
    "terms_eom_0": "Zahlbar bis Monatsende{due}",
    "terms_receipt": "Zahlbar sofort nach Erhalt",
    "terms_net": "Zahlbar innerhalb von {days} Tagen{due}",
    "terms_early": "{percent} % Skonto bei Zahlung {when}; sonst {rest}",
    "terms_early_by": "bis {date}",
    "terms_early_within": "innerhalb von {days} Tagen",
    "terms_deposit": "{text}; {percent} % Anzahlung bei Annahme des Angebots fällig",
}

_FR = {
    "Invoice": "Facture",
    "Deposit invoice": "Facture d’acompte",
    "Credit note": "Avoir",
    "Quote": "Devis",
    "draft": "(brouillon)",
    "DRAFT": "BROUILLON",
    "PAID": "PAYÉE",
    "VOID": "ANNULÉE",
    "CREDIT NOTE": "AVOIR",
    "SIGNED": "SIGNÉ",
    "DECLINED": "REFUSÉ",
    "EXPIRED": "EXPIRÉ",
    "CANCELLED": "ANNULÉ",
    "from": "De",
    "bill_to": "Facturé à",
    "issue_date": "Date de facture",
    "due_date": "Date d’échéance",
    "valid_until": "Valable jusqu’au",
    "vat_id": "N° TVA",
    "position": "N°",
    "description": "Désignation",
    "quantity": "Quantité",
    "unit_price": "Prix unitaire",
    "vat": "TVA",
    "net": "Montant HT",
    "tax_breakdown": "Détail de la TVA",
    "taxable": "Base HT",
    "tax": "Montant TVA",
    "lines_net": "Total lignes HT",
    "discount": "Remise",
    "total": "Total TTC",
    "paid": "Payé",
    "balance_due": "Reste à payer",
    "payment": "Paiement",
    "notes": "Remarques",
    "page": "Page {page} sur {pages}",
    "vat_rate": "TVA {rate} %",
    "exempt": "Exonéré",
    "reverse_charge": "Autoliquidation",
    "outside_scope": "Non soumis à la TVA",
    "exempt_short": "Exonéré",
    "reverse_charge_short": "Autoliquidation",
    "outside_scope_short": "Hors champ",
    "work_period": "Prestations du {start} au {end}",
    "cancels": "Annule la facture {number}",
    "terms_due": " (au plus tard le {date})",
    "terms_eom": "Payable à {days} jours fin de mois{due}",
    "terms_eom_0": "Payable en fin de mois{due}",
    "terms_receipt": "Payable à réception",
    "terms_net": "Payable sous {days} jours{due}",
    "terms_early": "Escompte de {percent} % en cas de paiement {when} ; sinon {rest}",
    "terms_early_by": "au plus tard le {date}",
    "terms_early_within": "sous {days} jours",
    "terms_deposit": "{text} ; acompte de {percent} % dû à la signature du devis",
}

_ES = {
    "Invoice": "Factura",
    "Deposit invoice": "Factura de anticipo",
    "Credit note": "Factura rectificativa",
    "Quote": "Presupuesto",
    "draft": "(borrador)",
    "DRAFT": "BORRADOR",
    "PAID": "PAGADA",
    "VOID": "ANULADA",
    "CREDIT NOTE": "RECTIFICATIVA",
    "SIGNED": "FIRMADO",
    "DECLINED": "RECHAZADO",
    "EXPIRED": "CADUCADO",
    "CANCELLED": "CANCELADO",
    "from": "De",
    "bill_to": "Facturar a",
    "issue_date": "Fecha de emisión",
    "due_date": "Fecha de vencimiento",
    "valid_until": "Válido hasta",
    "vat_id": "NIF-IVA",
    "position": "N.º",
    "description": "Descripción",
    "quantity": "Cantidad",
    "unit_price": "Precio unitario",
    "vat": "IVA",
    "net": "Importe",
    "tax_breakdown": "Desglose de impuestos",
    "taxable": "Base imponible",
    "tax": "Cuota",
    "lines_net": "Suma de líneas",
    "discount": "Descuento",
    "total": "Total",
    "paid": "Pagado",
    "balance_due": "Pendiente de pago",
    "payment": "Pago",
    "notes": "Notas",
    "page": "Página {page} de {pages}",
    "vat_rate": "IVA {rate} %",
    "exempt": "Exento",
    "reverse_charge": "Inversión del sujeto pasivo",
    "outside_scope": "No sujeto a IVA",
    "exempt_short": "Exento",
    "reverse_charge_short": "ISP",
    "outside_scope_short": "No sujeto",
    "work_period": "Trabajos del {start} al {end}",
    "cancels": "Anula la factura {number}",
    "terms_due": " (hasta el {date})",
    "terms_eom": "Pagadero {days} días después del fin de mes{due}",
    "terms_eom_0": "Pagadero a fin de mes{due}",
    "terms_receipt": "Pagadero a la recepción",
    "terms_net": "Pagadero en un plazo de {days} días{due}",
    "terms_early": "{percent} % de descuento por pago {when}; en caso contrario, {rest}",
    "terms_early_by": "hasta el {date}",
    "terms_early_within": "en un plazo de {days} días",
    "terms_deposit": "{text}; anticipo del {percent} % a la firma del presupuesto",
}

_NL = {
    "Invoice": "Factuur",
    "Deposit invoice": "Voorschotfactuur",
    "Credit note": "Creditnota",
    "Quote": "Offerte",
    "draft": "(concept)",
    "DRAFT": "CONCEPT",
    "PAID": "BETAALD",
    "VOID": "GEANNULEERD",
    "CREDIT NOTE": "CREDITNOTA",
    "SIGNED": "GETEKEND",
    "DECLINED": "AFGEWEZEN",
    "EXPIRED": "VERLOPEN",
    "CANCELLED": "GEANNULEERD",
    "from": "Van",
    "bill_to": "Factuur aan",
    "issue_date": "Factuurdatum",
    "due_date": "Vervaldatum",
    "valid_until": "Geldig tot",
    "vat_id": "Btw-nummer",
    "position": "Nr.",
    "description": "Omschrijving",
    "quantity": "Aantal",
    "unit_price": "Prijs per eenheid",
    "vat": "Btw",
    "net": "Netto",
    "tax_breakdown": "Btw-specificatie",
    "taxable": "Grondslag",
    "tax": "Btw-bedrag",
    "lines_net": "Subtotaal",
    "discount": "Korting",
    "total": "Totaal",
    "paid": "Betaald",
    "balance_due": "Openstaand bedrag",
    "payment": "Betaling",
    "notes": "Opmerkingen",
    "page": "Pagina {page} van {pages}",
    "vat_rate": "Btw {rate} %",
    "exempt": "Vrijgesteld",
    "reverse_charge": "Btw verlegd",
    "outside_scope": "Niet onderworpen aan btw",
    "exempt_short": "Vrijgesteld",
    "reverse_charge_short": "Btw verlegd",
    "outside_scope_short": "Niet belast",
    "work_period": "Werkzaamheden van {start} tot en met {end}",
    "cancels": "Crediteert factuur {number}",
    "terms_due": " (uiterlijk {date})",
    "terms_eom": "Te betalen {days} dagen na het einde van de maand{due}",
    "terms_eom_0": "Te betalen voor het einde van de maand{due}",
    "terms_receipt": "Te betalen bij ontvangst",
    "terms_net": "Te betalen binnen {days} dagen{due}",
    "terms_early": "{percent} % korting bij betaling {when}; anders {rest}",
    "terms_early_by": "uiterlijk {date}",
    "terms_early_within": "binnen {days} dagen",
    "terms_deposit": "{text}; {percent} % aanbetaling bij ondertekening van de offerte",
}

WORDS: dict[str, Mapping[str, str]] = {"en": _EN, "de": _DE, "fr": _FR, "es": _ES, "nl": _NL}
# The column keys of the lines table, with the word each is titled by unless the template gives its own.
COLUMN_KEYS = ("position", "description", "quantity", "unit_price", "vat", "net")


class Labels:
    """The words of one language: `labels["due_date"]`, a title or mark translated when it is a known one."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._words = WORDS.get(language, _EN)

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def known(self, text: str) -> str:
        """A document title or mark ("Credit note", "PAID") in this language; anything else as it is."""
        return self._words.get(text, text)

    def vat(self, vat: Vat, rate: Callable[[Decimal], str], *, short: bool = False) -> str:
        """How a VAT treatment is named: "VAT 19 %", "Exempt", … with the rate as `rate` writes numbers;
        `short` for the narrow VAT column of the lines."""
        if vat.category in (VatCategory.STANDARD, VatCategory.ZERO_RATED):
            return self["vat_rate"].format(rate=rate(vat.rate))
        key = {
            VatCategory.EXEMPT: "exempt",
            VatCategory.REVERSE_CHARGE: "reverse_charge",
            VatCategory.OUTSIDE_SCOPE: "outside_scope",
        }[vat.category]
        return self[f"{key}_short" if short else key]

    def terms(
        self,
        terms: PaymentTerms,
        issued: date | None,
        day: Callable[[date], str],
        number: Callable[[Decimal], str],
    ) -> str:
        """The payment terms as a sentence, as PaymentTerms.describe says them in English."""
        due = self["terms_due"].format(date=day(terms.due_date(issued))) if issued else ""
        if terms.kind == END_OF_MONTH:
            text = self["terms_eom" if terms.days else "terms_eom_0"].format(days=terms.days, due=due)
        elif terms.days == 0:
            text = self["terms_receipt"]
        else:
            text = self["terms_net"].format(days=terms.days, due=due)
        percent = number(terms.percent) if terms.percent is not None else ""
        if terms.kind == EARLY_DISCOUNT:
            until = terms.discount_until(issued) if issued else None
            when = (
                self["terms_early_by"].format(date=day(until))
                if until
                else self["terms_early_within"].format(days=terms.discount_days)
            )
            text = self["terms_early"].format(percent=percent, when=when, rest=text[0].lower() + text[1:])
        elif terms.kind == DEPOSIT:
            text = self["terms_deposit"].format(text=text, percent=percent)
        return text + "."
