"""The Factur-X PDF read back with pypdf: the CII XML attached as factur-x.xml, XMP metadata declaring PDF/A-3b and
the Factur-X EN 16931 profile (and agreeing with the Info dictionary), an sRGB output intent, every font embedded."""

from __future__ import annotations

from io import BytesIO

import pytest
from einvoice_samples import credit_note, issued, line, plain_lines
from lxml import etree
from PIL import Image, ImageCms
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from app.documents.einvoice_cii import cii_xml
from app.documents.facturx import facturx_pdf
from app.documents.pdf import render_pdf
from app.documents.srgb_profile import srgb_profile
from app.domain.einvoice_data import EInvoice
from app.domain.printable import Party, PrintableDocument

XMP = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
}
TITLE = "Invoice 2026-0042"


def printable(document: EInvoice, totals) -> PrintableDocument:  # type: ignore[no-untyped-def]
    return PrintableDocument(
        title="Credit note" if document.credit_note else "Invoice",
        number=document.number,
        mark=None,
        seller=Party(document.seller.name, "Hauptstraße 1\n10115 Berlin", document.seller.vat_id),
        buyer=Party(document.buyer.name, "1 rue de la Paix\n75002 Paris", document.buyer.vat_id),
        issue_date=document.issue_date,
        due_date=document.due_date,
        valid_until=None,
        reference="",
        lines=document.lines,
        totals=totals,
        payment_terms=document.payment_terms,
        bank_details="IBAN DE89 3704 0044 0532 0130 00",
        notes=document.notes,
    )


def make(document: EInvoice, totals) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    xml = cii_xml(document)
    pdf = facturx_pdf(
        render_pdf(printable(document, totals)), xml, title=TITLE, author="Acme Consulting", subject="An invoice"
    )
    return pdf, xml


@pytest.fixture(scope="module")
def facturx() -> tuple[PdfReader, bytes]:
    # A line of Japanese too, so the fallback font is in the file as well.
    document, totals = issued([*plain_lines(), line("東京 workshop", "1", "300.00", unit="")])
    pdf, xml = make(document, totals)
    return PdfReader(BytesIO(pdf)), xml


def xmp(reader: PdfReader) -> etree._Element:
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    return etree.fromstring(metadata.get_data())


def one(tree: etree._Element, path: str) -> str:
    found = tree.xpath(path, namespaces=XMP)
    assert len(found) == 1, path
    return found[0].text


def test_the_cii_xml_is_attached_as_factur_x_xml_with_the_data_relationship(facturx):
    reader, xml = facturx

    assert list(reader.attachments) == ["factur-x.xml"]
    assert reader.attachments["factur-x.xml"] == [xml]
    (filespec,) = [f.get_object() for f in reader.trailer["/Root"]["/AF"]]
    assert filespec["/F"] == filespec["/UF"] == "factur-x.xml"
    assert filespec["/AFRelationship"] == "/Data"
    assert filespec["/EF"]["/F"].get_object()["/Subtype"] == "/text/xml"


def test_the_xmp_declares_pdf_a_3b_and_the_factur_x_en16931_profile(facturx):
    reader, _ = facturx
    tree = xmp(reader)

    assert one(tree, "//pdfaid:part") == "3"
    assert one(tree, "//pdfaid:conformance") == "B"
    assert one(tree, "//fx:ConformanceLevel") == "EN 16931"
    assert one(tree, "//fx:DocumentFileName") == "factur-x.xml"
    assert one(tree, "//fx:DocumentType") == "INVOICE"
    assert one(tree, "//fx:Version") == "1.0"


def test_the_info_dictionary_says_what_the_xmp_says(facturx):
    reader, _ = facturx
    tree, info = xmp(reader), reader.metadata

    assert info is not None
    assert info["/Title"] == one(tree, "//dc:title//rdf:li") == TITLE
    assert info["/Author"] == one(tree, "//dc:creator//rdf:li") == "Acme Consulting"
    assert info["/Subject"] == one(tree, "//dc:description//rdf:li")
    assert info["/Producer"] == one(tree, "//pdf:Producer")
    assert info["/Creator"] == one(tree, "//xmp:CreatorTool")
    created = info["/CreationDate"]  # D:20261121075027+00'00'
    assert one(tree, "//xmp:CreateDate").startswith(
        f"{created[2:6]}-{created[6:8]}-{created[8:10]}T{created[10:12]}:{created[12:14]}"
    )
    assert not {"/Keywords", "/Trapped"} & set(info)  # no Info entry without its XMP twin


def test_an_srgb_output_intent_is_declared(facturx):
    reader, _ = facturx

    (intent,) = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    assert profile.get_data() == srgb_profile()


def _fonts(resources: DictionaryObject, seen: set[int]) -> list[DictionaryObject]:
    """Every font a page or one of its form XObjects uses (descendant fonts of composite fonts included)."""
    found = []
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        found.append(font)
        found += [d.get_object() for d in font.get("/DescendantFonts", [])]
    for xobject in (resources.get("/XObject") or {}).values():
        reference = xobject.idnum if hasattr(xobject, "idnum") else id(xobject)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and reference not in seen and "/Resources" in xobject:
            seen.add(reference)
            found += _fonts(xobject["/Resources"].get_object(), seen)
    return found


def test_every_font_is_embedded(facturx):
    reader, _ = facturx
    fonts = [font for page in reader.pages for font in _fonts(page["/Resources"].get_object(), set())]

    assert {str(f["/BaseFont"]).split("+")[-1] for f in fonts} >= {"DejaVuSans", "DejaVuSans-Bold"}
    assert any("DroidSansFallback" in str(f["/BaseFont"]) for f in fonts)
    unembedded = [
        str(font["/BaseFont"])
        for font in fonts
        if font["/Subtype"] != "/Type0"
        and not any(k in font["/FontDescriptor"].get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    ]
    assert unembedded == []


def test_the_file_is_pdf_1_7_unencrypted_with_an_id_and_shows_the_invoice(facturx):
    reader, _ = facturx

    assert reader.pdf_header == "%PDF-1.7"
    assert not reader.is_encrypted
    assert len(reader.trailer["/ID"]) == 2
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "2026-0042" in reader.pages[0].extract_text()


def test_a_credit_note_becomes_a_factur_x_file_too():
    document, totals = credit_note()
    pdf, xml = make(document, totals)

    reader = PdfReader(BytesIO(pdf))
    assert reader.attachments["factur-x.xml"] == [xml]
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml


def test_xml_the_factur_x_schema_refuses_is_never_attached():
    document, totals = issued(plain_lines())
    broken = cii_xml(document).replace(b"<ram:TypeCode>380</ram:TypeCode>", b"")

    with pytest.raises(Exception, match="not valid against the official XML Schema"):
        facturx_pdf(render_pdf(printable(document, totals)), broken, title=TITLE, author="Acme", subject="")


def test_the_srgb_profile_is_a_version_2_display_profile_that_maps_srgb_onto_itself():
    profile = ImageCms.ImageCmsProfile(BytesIO(srgb_profile()))

    assert ImageCms.getProfileDescription(profile).strip() == "sRGB IEC61966-2.1"
    assert profile.profile.version == pytest.approx(2.1)
    assert profile.profile.xcolor_space.strip() == "RGB"
    assert profile.profile.device_class == "mntr"
    transform = ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), "RGB", "RGB")
    for colour in ((0, 0, 0), (255, 255, 255), (200, 100, 50), (12, 240, 128)):
        shown = ImageCms.applyTransform(Image.new("RGB", (1, 1), colour), transform).getpixel((0, 0))
        assert all(abs(a - b) <= 1 for a, b in zip(shown, colour, strict=True))
