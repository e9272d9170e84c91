"""Build examples/services_agreement.pdf and .docx from tools/examples/services_agreement.md.

    .venv/bin/python tools/examples/build_contract.py

Deterministic: fixed dates, reportlab `invariant=1`, and fixed zip timestamps in the .docx, so re-running
produces byte-identical files. The markdown is deliberately simple: "# " / "## " headings, blank-line
separated paragraphs (clause numbers typed in the text), pipe tables, and "1. " paragraphs, which become an
auto-numbered "List Number" list in the DOCX (so readers must render Word numbering themselves).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

SOURCE = Path(__file__).resolve().parent / "services_agreement.md"
HERE = Path(__file__).resolve().parents[2] / "examples"  # where the built files go
HEADER = "Master Services Agreement \u2014 Confidential"
TITLE = "Master Services Agreement"
AUTHOR = "Northwind Retail Group plc"
FIXED_DATE = dt.datetime(2025, 3, 14, 9, 0, 0)
ZIP_DATE = (2025, 3, 14, 9, 0, 0)


@dataclass
class Item:
    kind: str  # "title", "h1", "h2", "para", "list", "table"
    text: str = ""
    indent: int = 0
    rows: list[list[str]] | None = None


def parse(md: str) -> list[Item]:
    items: list[Item] = []
    for chunk in re.split(r"\n\s*\n", md.strip()):
        lines = [ln.strip() for ln in chunk.strip().splitlines()]
        first = lines[0]
        if first.startswith("|"):
            rows = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines]
            items.append(Item("table", rows=[r for r in rows if not all(set(c) <= set("-: ") for c in r)]))
        elif first.startswith("## "):
            items.append(Item("h2", first[3:]))
        elif first.startswith("# "):
            items.append(Item("h1" if items else "title", first[2:]))
        else:
            text = " ".join(lines)
            m = re.match(r"^(\d+)\.\s+(.*)$", text)
            if m:  # "1. item": an automatically numbered list item (the typed number is dropped)
                items.append(Item("list", m.group(2), indent=1))
            else:
                items.append(Item("para", text, indent=_indent(text)))
    return items


def _indent(text: str) -> int:
    if re.match(r"^\d+\.\d+\.\d+\s", text):
        return 1
    if re.match(r"^\((?:i|ii|iii|iv|v|vi|vii|viii)\)\s", text):
        return 3
    if re.match(r"^\([a-z]\)\s", text):
        return 2
    return 0


# ---------------------------------------------------------------- PDF


def build_pdf(items: list[Item], out: Path) -> int:
    """Two passes: the first counts pages so every footer can say "Page N of M"."""
    total = _render_pdf(items, io.BytesIO(), total=0)
    buf = io.BytesIO()
    _render_pdf(items, buf, total=total)
    out.write_bytes(buf.getvalue())
    return total


def _render_pdf(items: list[Item], target: io.BytesIO, total: int) -> int:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Times-Roman", fontSize=10.5,
                          leading=13.5, spaceAfter=6)
    h1 = ParagraphStyle("h1", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=12,
                        spaceBefore=10, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=styles["Heading3"], fontName="Helvetica-Bold", fontSize=11)
    title = ParagraphStyle("title", parent=styles["Title"], fontName="Helvetica-Bold", fontSize=18)
    cell = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12, spaceAfter=0)

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8.5)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, HEADER)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"Page {doc.page} of {total or 99}")
        canvas.restoreState()

    flow = []
    for it in items:
        if it.kind == "title":
            flow.append(Paragraph(escape(it.text), title))
        elif it.kind == "h1":
            flow.append(Paragraph(escape(it.text), h1))
        elif it.kind == "h2":
            flow.append(Paragraph(escape(it.text), h2))
        elif it.kind == "table":
            data = [[Paragraph(escape(c), cell) for c in row] for row in it.rows or []]
            table = Table(data, colWidths=[80 * mm, 35 * mm, 50 * mm], repeatRows=1)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            flow += [table, Spacer(1, 6)]
        else:
            text = it.text
            if it.kind == "list":
                n = sum(1 for prev in flow if getattr(prev, "_list_item", False)) + 1
                text = f"{n}. {text}"
            style = ParagraphStyle(f"p{it.indent}", parent=body, leftIndent=it.indent * 8 * mm)
            para = Paragraph(escape(text), style)
            para._list_item = it.kind == "list"
            flow.append(para)

    doc = SimpleDocTemplate(target, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=22 * mm, title=TITLE, author=AUTHOR,
                            subject="IT outsourcing", creator="tools/examples/build_contract.py", invariant=1)
    doc.build(flow, onFirstPage=furniture, onLaterPages=furniture)
    return doc.page


# ---------------------------------------------------------------- DOCX


def build_docx(items: list[Item], out: Path) -> None:
    import docx
    from docx.shared import Mm, Pt

    d = docx.Document()
    props = d.core_properties
    props.title, props.author, props.subject = TITLE, AUTHOR, "IT outsourcing"
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    d.sections[0].header.paragraphs[0].text = HEADER  # a running header the reader must not return
    for it in items:
        if it.kind == "title":
            d.add_heading(it.text, 0)
        elif it.kind == "h1":
            d.add_heading(it.text, 1)
        elif it.kind == "h2":
            d.add_heading(it.text, 2)
        elif it.kind == "list":
            d.add_paragraph(it.text, style="List Number")
        elif it.kind == "table":
            rows = it.rows or []
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            p = d.add_paragraph(it.text)
            p.paragraph_format.left_indent = Mm(8 * it.indent)
            p.paragraph_format.space_after = Pt(6)
    buf = io.BytesIO()
    d.save(buf)
    out.write_bytes(_fixed_zip(buf.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """Re-pack with fixed timestamps: zipfile stamps members with the current time."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_DATE), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    items = parse(SOURCE.read_text(encoding="utf-8"))
    pages = build_pdf(items, HERE / "services_agreement.pdf")
    build_docx(items, HERE / "services_agreement.docx")
    for name in ("services_agreement.pdf", "services_agreement.docx"):
        print(f"{name}: {(HERE / name).stat().st_size:,} bytes")
    print(f"pdf pages: {pages}")


if __name__ == "__main__":
    main()
