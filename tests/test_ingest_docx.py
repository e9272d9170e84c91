"""DOCX reader: document order, headings, tables and rendered Word numbering."""
from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from analyzer.ingest import read_source
from analyzer.ingest.docx import read_docx
from analyzer.ingest.source import Source
from analyzer.records import Document, ReadError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "services_agreement.docx"

LEGAL_LEVELS = [("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)"), ("lowerRoman", "(%4)")]


def add_legal_numbering(d: docx.document.Document, abstract_id: int = 90, num_ids: tuple[int, ...] = (100,),
                        restart_num: int | None = None) -> None:
    """An outline list "1." / "1.1" / "(a)" / "(i)", plus optional list instances restarting at 1."""
    numbering = d.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(LEGAL_LEVELS)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: every abstractNum before the nums
    else:
        numbering.append(abstract)
    for num_id in num_ids:
        override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                    if num_id == restart_num else "")
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        ))


def numbered(d: docx.document.Document, text: str, ilvl: int, num_id: int = 100) -> None:
    p = d.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))


def save(d: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def read_one(data: bytes, name: str = "t.docx") -> Document | ReadError:
    items = list(read_docx(Source.from_bytes(name, data)))
    assert len(items) == 1
    return items[0]


def test_outline_numbering_rendered_with_restarts_and_blocks():
    d = docx.Document()
    add_legal_numbering(d)
    for k in range(1, 13):
        numbered(d, f"Heading-like clause {k}", 0)
    numbered(d, "First sub-clause of twelve.", 1)
    numbered(d, "Second sub-clause of twelve.", 1)
    numbered(d, "The Supplier shall indemnify the Customer.", 1)
    numbered(d, "against third-party claims;", 2)
    numbered(d, "including regulatory fines.", 3)
    numbered(d, "and against losses.", 2)
    numbered(d, "Next clause.", 0)
    numbered(d, "Restarted sub-clause.", 1)
    doc = read_one(save(d))
    assert isinstance(doc, Document)
    text = doc.text
    assert "12. Heading-like clause 12" in text
    assert "12.3 The Supplier shall indemnify the Customer." in text
    assert "(a) against third-party claims;" in text
    assert "(i) including regulatory fines." in text
    assert "(b) and against losses." in text
    assert "13. Next clause." in text and "13.1 Restarted sub-clause." in text  # deeper level restarted
    block = next(b for b in doc.blocks if b.number == "12.3")
    assert (block.style, block.level) == ("list_item", 2)
    assert text[block.start:block.end] == "12.3 The Supplier shall indemnify the Customer."
    assert [b.number for b in doc.blocks if b.level == 1][-2:] == ["12", "13"]  # "12." -> clause id "12"


def test_list_instances_continue_unless_start_overridden():
    d = docx.Document()
    add_legal_numbering(d, num_ids=(100, 101, 102), restart_num=102)
    numbered(d, "alpha", 0, 100)
    numbered(d, "beta", 0, 100)
    numbered(d, "gamma", 0, 101)  # same abstract list, no override: continues at 3
    numbered(d, "delta", 0, 102)  # startOverride: restarts at 1
    lines = read_one(save(d)).text.split("\n\n")
    assert lines == ["1. alpha", "2. beta", "3. gamma", "1. delta"]


def test_list_number_style_and_headings():
    d = docx.Document()
    d.add_heading("Master Agreement", 0)
    d.add_heading("Services", 1)
    d.add_paragraph("Service desk.", style="List Number")
    d.add_paragraph("Hosting.", style="List Number")
    d.add_paragraph("A bullet point.", style="List Bullet")
    d.add_heading("Scope detail", 2)
    doc = read_one(save(d))
    assert "1. Service desk.\n\n2. Hosting." in doc.text
    assert "A bullet point." in doc.text and "• " not in doc.text
    headings = [(doc.text[b.start:b.end], b.level) for b in doc.blocks if b.style == "heading"]
    assert headings == [("Master Agreement", 0), ("Services", 1), ("Scope detail", 2)]
    bullet = next(b for b in doc.blocks if doc.text[b.start:b.end] == "A bullet point.")
    assert bullet.style == "list_item" and bullet.number is None


def test_tables_in_document_order_with_rows():
    d = docx.Document()
    d.add_paragraph("Before the table.")
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate([("Service Level", "Target", "Credit"), ("Availability", "99.9%", "5%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("After the table.")
    doc = read_one(save(d))
    assert doc.text == "Before the table.\n\nService Level | Target | Credit\nAvailability | 99.9% | 5%\n\nAfter the table."
    rows = [doc.text[b.start:b.end] for b in doc.blocks if b.style == "table_row"]
    assert rows == ["Service Level | Target | Credit", "Availability | 99.9% | 5%"]
    assert doc.metadata["tables"] == 1


def test_tracked_changes_content_controls_and_running_header():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "RUNNING HEADER TEXT"
    p = d.add_paragraph("The Supplier ")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>shall</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>may</w:delText></w:r></w:del>'
    ))
    p.add_run(" comply.")
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Inside a content control.</w:t>'
                    '</w:r></w:p></w:sdtContent></w:sdt>')
    d.element.body.insert(len(d.element.body) - 1, sdt)  # before sectPr
    doc = read_one(save(d))
    assert doc.text == "The Supplier shall comply.\n\nInside a content control."
    assert "RUNNING HEADER" not in doc.text


def test_corrupt_truncated_encrypted_and_empty():
    data = save(docx.Document())
    assert read_one(data).code == "empty"
    truncated = read_one(data[: len(data) // 2])
    assert isinstance(truncated, ReadError) and truncated.code == "corrupt"
    assert [e.code for e in read_source(Source.from_bytes("cut.docx", data[:700]))] == ["corrupt"]
    ole = read_one(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert isinstance(ole, ReadError) and ole.code == "encrypted"
    not_word = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(not_word, "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    assert read_one(not_word.getvalue()).code == "corrupt"


def test_bundled_example_docx():
    items = list(read_source(Source.from_path(EXAMPLE)))
    assert len(items) == 1 and isinstance(items[0], Document)
    doc = items[0]
    assert doc.metadata["title"] == "Master Services Agreement"
    assert "Confidential" not in doc.text.replace("Confidentiality", "")  # the section header is not body text
    assert "1. an inventory of all assets" in doc.text and "4. the timetable and responsibilities" in doc.text
    assert "Availability of hosted retail systems | 99.95% | 5% of monthly Charges" in doc.text
    assert "24.2 The Customer may terminate this Agreement" in doc.text
    headings = [doc.text[b.start:b.end] for b in doc.blocks if b.style == "heading" and b.level == 1]
    assert len(headings) >= 33 and headings[0] == "1. DEFINITIONS AND INTERPRETATION"
    assert sum(b.style == "list_item" and b.number is not None for b in doc.blocks) == 4
    assert sum(b.style == "table_row" for b in doc.blocks) == 7
