"""edXML packages: the exchange format of Vietnamese e-office systems (QCVN 102:2016/BTTTT, the
national technical regulation on the structure of electronic document exchange messages).

A package is one XML document in the regulation's namespace:

    edXML
      edXMLEnvelope
        edXMLHeader
          MessageHeader   From, To…, DocumentId, Code (CodeNumber, CodeNotation),
                          PromulgationInfo (Place, PromulgationDate), DocumentType (Type,
                          TypeName), Subject, SignerInfo (Competence, Position, FullName)
          TraceHeaderList TraceHeader (OrganId, Timestamp)…
        edXMLBody
          edXMLManifest   Reference (ContentId, ContentType, Description, AttachmentName)…
      AttachmentEncoded   Attachment (ContentId, ContentTransferEncoded: base64)…

The attachments travel base64-encoded inside the same XML (the form the national document
exchange platform accepts besides MIME multipart); `ContentId` ties each to its manifest
reference. The element names follow the regulation as public implementations use them; the
subset held here is the one a decision needs (see docs/exchange.md, "chưa xác nhận" where the
regulation's full text was not at hand). Every package is checked against `SCHEMA` before it is
read.

Pure functions over bytes and plain values: no database, no settings.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from lxml import etree

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
MAX_BYTES = 20 * 1024 * 1024

#: The subset of the regulation's structure this application writes and reads.
SCHEMA = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:e="{NS}" targetNamespace="{NS}"
  elementFormDefault="qualified">
  <xs:simpleType name="text"><xs:restriction base="xs:string">
    <xs:maxLength value="2000"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="required"><xs:restriction base="e:text">
    <xs:minLength value="1"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="date"><xs:restriction base="xs:string">
    <xs:pattern value="[0-9]{{4}}/[0-9]{{2}}/[0-9]{{2}}"/></xs:restriction></xs:simpleType>
  <xs:complexType name="organisation"><xs:sequence>
    <xs:element name="OrganId" type="e:required"/>
    <xs:element name="OrganizationInCharge" type="e:text" minOccurs="0"/>
    <xs:element name="OrganName" type="e:required"/>
  </xs:sequence></xs:complexType>
  <xs:element name="edXML"><xs:complexType><xs:sequence>
    <xs:element name="edXMLEnvelope"><xs:complexType><xs:sequence>
      <xs:element name="edXMLHeader"><xs:complexType><xs:sequence>
        <xs:element name="MessageHeader"><xs:complexType><xs:sequence>
          <xs:element name="From" type="e:organisation"/>
          <xs:element name="To" type="e:organisation" maxOccurs="100"/>
          <xs:element name="DocumentId" type="e:required"/>
          <xs:element name="Code"><xs:complexType><xs:sequence>
            <xs:element name="CodeNumber" type="e:required"/>
            <xs:element name="CodeNotation" type="e:required"/>
          </xs:sequence></xs:complexType></xs:element>
          <xs:element name="PromulgationInfo"><xs:complexType><xs:sequence>
            <xs:element name="Place" type="e:text"/>
            <xs:element name="PromulgationDate" type="e:date"/>
          </xs:sequence></xs:complexType></xs:element>
          <xs:element name="DocumentType"><xs:complexType><xs:sequence>
            <xs:element name="Type" type="xs:positiveInteger"/>
            <xs:element name="TypeName" type="e:required"/>
          </xs:sequence></xs:complexType></xs:element>
          <xs:element name="Subject" type="e:required"/>
          <xs:element name="SignerInfo"><xs:complexType><xs:sequence>
            <xs:element name="Competence" type="e:text" minOccurs="0"/>
            <xs:element name="Position" type="e:text"/>
            <xs:element name="FullName" type="e:required"/>
          </xs:sequence></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="TraceHeaderList" minOccurs="0"><xs:complexType><xs:sequence>
          <xs:element name="TraceHeader" maxOccurs="100"><xs:complexType><xs:sequence>
            <xs:element name="OrganId" type="e:required"/>
            <xs:element name="Timestamp" type="xs:dateTime"/>
          </xs:sequence></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="edXMLBody"><xs:complexType><xs:sequence>
        <xs:element name="edXMLManifest"><xs:complexType><xs:sequence>
          <xs:element name="Reference" maxOccurs="500"><xs:complexType><xs:sequence>
            <xs:element name="ContentId" type="e:required"/>
            <xs:element name="ContentType" type="e:required"/>
            <xs:element name="Description" type="e:text" minOccurs="0"/>
            <xs:element name="AttachmentName" type="e:required"/>
          </xs:sequence></xs:complexType></xs:element>
        </xs:sequence></xs:complexType></xs:element>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="AttachmentEncoded"><xs:complexType><xs:sequence>
      <xs:element name="Attachment" maxOccurs="500"><xs:complexType><xs:sequence>
        <xs:element name="ContentId" type="e:required"/>
        <xs:element name="ContentTransferEncoded" type="xs:base64Binary"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""

_schema: etree.XMLSchema | None = None


def schema() -> etree.XMLSchema:
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.fromstring(SCHEMA.encode()))
    return _schema


class EdxmlError(Exception):
    """A package that is not a valid edXML package, with a Vietnamese reason."""


@dataclass(frozen=True)
class Organisation:
    organ_id: str
    name: str
    in_charge: str = ""


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes = field(repr=False)
    content_type: str = "application/pdf"
    description: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Package:
    sender: Organisation
    recipients: tuple[Organisation, ...]
    code_number: str
    code_notation: str
    promulgation_date: dt.date
    subject: str
    signer_name: str
    signer_position: str = ""
    competence: str = ""
    place: str = ""
    type_code: int = 2
    type_name: str = "Quyết định"
    attachments: tuple[Attachment, ...] = ()
    trace: tuple[tuple[str, dt.datetime], ...] = ()

    @property
    def document_id(self) -> str:
        """The document's identity across systems: sender, date, number and notation."""
        day = self.promulgation_date.strftime("%Y/%m/%d")
        return f"{self.sender.organ_id},{day},{self.code_number}/{self.code_notation}"


def _el(parent, name: str, text: str | None = None):
    node = etree.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        node.text = text
    return node


def _organisation(parent, name: str, org: Organisation) -> None:
    node = _el(parent, name)
    _el(node, "OrganId", org.organ_id)
    if org.in_charge:
        _el(node, "OrganizationInCharge", org.in_charge)
    _el(node, "OrganName", org.name)


def build(package: Package) -> bytes:
    """The package as edXML bytes (UTF-8), valid against `SCHEMA`."""
    root = etree.Element(f"{{{NS}}}edXML", nsmap={"edXML": NS})
    envelope = _el(root, "edXMLEnvelope")
    header = _el(envelope, "edXMLHeader")
    message = _el(header, "MessageHeader")
    _organisation(message, "From", package.sender)
    for recipient in package.recipients:
        _organisation(message, "To", recipient)
    _el(message, "DocumentId", package.document_id)
    code = _el(message, "Code")
    _el(code, "CodeNumber", package.code_number)
    _el(code, "CodeNotation", package.code_notation)
    promulgation = _el(message, "PromulgationInfo")
    _el(promulgation, "Place", package.place)
    _el(promulgation, "PromulgationDate", package.promulgation_date.strftime("%Y/%m/%d"))
    kind = _el(message, "DocumentType")
    _el(kind, "Type", str(package.type_code))
    _el(kind, "TypeName", package.type_name)
    _el(message, "Subject", package.subject)
    signer = _el(message, "SignerInfo")
    if package.competence:
        _el(signer, "Competence", package.competence)
    _el(signer, "Position", package.signer_position)
    _el(signer, "FullName", package.signer_name)
    if package.trace:
        traces = _el(header, "TraceHeaderList")
        for organ_id, at in package.trace:
            trace = _el(traces, "TraceHeader")
            _el(trace, "OrganId", organ_id)
            _el(trace, "Timestamp", at.isoformat(timespec="seconds"))
    manifest = _el(_el(envelope, "edXMLBody"), "edXMLManifest")
    encoded = _el(root, "AttachmentEncoded")
    for i, attachment in enumerate(package.attachments, start=1):
        content_id = f"cid:{i}-{attachment.sha256[:16]}"
        reference = _el(manifest, "Reference")
        _el(reference, "ContentId", content_id)
        _el(reference, "ContentType", attachment.content_type)
        if attachment.description:
            _el(reference, "Description", attachment.description)
        _el(reference, "AttachmentName", attachment.name)
        node = _el(encoded, "Attachment")
        _el(node, "ContentId", content_id)
        _el(node, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _text(node, path: str) -> str:
    found = node.find(path, {"e": NS})
    return (found.text or "").strip() if found is not None else ""


def _read_organisation(node) -> Organisation:
    return Organisation(
        organ_id=_text(node, "e:OrganId"),
        name=_text(node, "e:OrganName"),
        in_charge=_text(node, "e:OrganizationInCharge"),
    )


def parse(data: bytes) -> Package:
    """The package in `data`; EdxmlError (in Vietnamese) when it is not well-formed XML, does
    not follow the schema, or its manifest and attachments disagree. No entity, DTD or network
    access while parsing."""
    if len(data) > MAX_BYTES:
        raise EdxmlError(f"Gói tin quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise EdxmlError(f"Gói tin không phải XML hợp lệ: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise EdxmlError("Gói tin không được chứa khai báo DOCTYPE.")
    xsd = schema()
    if not xsd.validate(root):
        first = xsd.error_log.filter_from_errors()[0] if xsd.error_log else None
        where = f" (dòng {first.line}: {first.message})" if first else ""
        raise EdxmlError(f"Gói tin không đúng cấu trúc edXML (QCVN 102:2016/BTTTT){where}.")
    message = root.find("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader", {"e": NS})
    try:
        day = dt.date.fromisoformat(
            _text(message, "e:PromulgationInfo/e:PromulgationDate").replace("/", "-")
        )
    except ValueError as exc:
        raise EdxmlError("Ngày ban hành trong gói tin không hợp lệ.") from exc
    contents = {}
    for node in root.iterfind("e:AttachmentEncoded/e:Attachment", {"e": NS}):
        try:
            contents[_text(node, "e:ContentId")] = base64.b64decode(
                _text(node, "e:ContentTransferEncoded"), validate=True
            )
        except (binascii.Error, ValueError) as exc:
            raise EdxmlError("Tệp đính kèm trong gói tin không giải mã được.") from exc
    attachments = []
    for ref in root.iterfind("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference", {"e": NS}):
        content_id = _text(ref, "e:ContentId")
        if content_id not in contents:
            raise EdxmlError(f"Danh mục tệp nêu «{content_id}» nhưng gói tin không có tệp đó.")
        attachments.append(
            Attachment(
                name=_text(ref, "e:AttachmentName"),
                data=contents.pop(content_id),
                content_type=_text(ref, "e:ContentType"),
                description=_text(ref, "e:Description"),
            )  # fmt: skip
        )
    if contents:
        raise EdxmlError("Gói tin có tệp đính kèm không có trong danh mục tệp.")
    trace = []
    for node in root.iterfind(
        "e:edXMLEnvelope/e:edXMLHeader/e:TraceHeaderList/e:TraceHeader", {"e": NS}
    ):
        try:
            trace.append(
                (_text(node, "e:OrganId"), dt.datetime.fromisoformat(_text(node, "e:Timestamp")))
            )
        except ValueError as exc:
            raise EdxmlError("Thời điểm trong vết chuyển gói tin không hợp lệ.") from exc
    type_code = int(_text(message, "e:DocumentType/e:Type"))
    package = Package(
        sender=_read_organisation(message.find("e:From", {"e": NS})),
        recipients=tuple(_read_organisation(n) for n in message.iterfind("e:To", {"e": NS})),
        code_number=_text(message, "e:Code/e:CodeNumber"),
        code_notation=_text(message, "e:Code/e:CodeNotation"),
        promulgation_date=day,
        subject=_text(message, "e:Subject"),
        signer_name=_text(message, "e:SignerInfo/e:FullName"),
        signer_position=_text(message, "e:SignerInfo/e:Position"),
        competence=_text(message, "e:SignerInfo/e:Competence"),
        place=_text(message, "e:PromulgationInfo/e:Place"),
        type_code=type_code,
        type_name=_text(message, "e:DocumentType/e:TypeName"),
        attachments=tuple(attachments),
        trace=tuple(trace),
    )
    if _text(message, "e:DocumentId") != package.document_id:
        raise EdxmlError(
            "Mã định danh văn bản (DocumentId) không khớp cơ quan gửi, ngày, số và ký hiệu."
        )
    return package
