"""Raw PDF bytes for hostile inputs, written by hand so thousands of pages or a huge page take milliseconds.

All pages of a file share one content stream (one object), so a 2,000-page PDF stays small on disk while a reader
still has to lay out every page. Used by bench/stress.py and the fuzz tests; no randomness except where seeded.
"""
from __future__ import annotations

import random
import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _assemble(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """objects[i] is the body of object i+1; returns a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def _stream(data: bytes, compress: bool) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_with_pages(content: bytes, pages: int, mediabox: tuple[int, int] = (612, 792), compress: bool = True) -> bytes:
    """`pages` pages in one flat page tree, all drawing the same content stream."""
    # 1 catalog, 2 pages, 3 font, 4 content, 5.. pages
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        FONT,
        _stream(content, compress),
    ]
    w, h = mediabox
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    objects += [page % (w, h)] * pages
    return _assemble(objects)


def text_page_content(lines: list[str], size: int = 10, top: int = 760, pitch: int = 12) -> bytes:
    ops = [b"BT /F1 %d Tf %d TL 50 %d Td" % (size, pitch, top)]
    for line in lines:
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")
        ops.append(b"(" + esc + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def long_text_pdf(pages: int, chars_per_page: int = 2_700) -> bytes:
    """Many pages of prose without clause numbers or blank lines: one very long unbroken stretch of text."""
    words = "the supplier shall keep the service running and report every incident to the customer".split()
    rng = random.Random(12)
    lines, n = [], 0
    while n < chars_per_page:
        line = " ".join(rng.choice(words) for _ in range(12))
        lines.append(line)
        n += len(line) + 1
    # tight pitch: no paragraph gaps between lines
    return pdf_with_pages(text_page_content(lines, size=6, top=780, pitch=7), pages)


def huge_page_pdf(target_bytes: int, varied: bool = False) -> bytes:
    """One page whose compressed content stream is about `target_bytes` but draws millions of tiny glyphs.

    `varied=False`: one text-show op repeated (compresses ~1000:1). `varied=True`: words from a small vocabulary at
    seeded positions, which compresses less, so the same glyph count needs a bigger file."""
    rng = random.Random(19)
    if varied:
        vocab = [b"risk", b"blame", b"fault", b"delay", b"cost", b"terms", b"notice", b"claim"]
        unit = b"\n".join(b"%d %d Td (%s) Tj" % (rng.randint(-3, 3), rng.randint(-3, 3), rng.choice(vocab))
                          for _ in range(4096))
    else:
        unit = b"(abcdefgh) Tj " * 4096
    # find how many units give a compressed stream of about target_bytes
    reps, body = 1, b""
    while True:
        body = b"BT /F1 1 Tf 10 10 Td " + unit * reps + b" ET"
        size = len(zlib.compress(body, 9))
        if size >= target_bytes or reps > 1 << 16:
            break
        reps = max(reps + 1, int(reps * target_bytes / max(size, 1) * 0.98))
    return pdf_with_pages(body, 1, mediabox=(14400, 14400))


def deep_page_tree_pdf(depth: int) -> bytes:
    """One page at the bottom of a `depth`-level chain of /Pages nodes."""
    # 1 catalog, 2 font, 3 content, 4..4+depth-1 Pages nodes, last: the page
    content = text_page_content(["1. The Supplier shall indemnify the Customer."])
    objects = [b"<< /Type /Catalog /Pages 4 0 R >>", FONT, _stream(content, False)]
    for level in range(depth):
        num = 4 + level
        parent = b" /Parent %d 0 R" % (num - 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (num + 1, parent))
    page_num = 4 + depth
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                   b"/Resources << /Font << /F1 2 0 R >> >> >>" % (page_num - 1))
    return _assemble(objects)


def small_pdf(text: str = "1. The Supplier shall indemnify the Customer without limit.") -> bytes:
    return pdf_with_pages(text_page_content([text]), 1, compress=False)


def encrypted_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, encrypt="secret")
    c.drawString(72, 720, "1. Confidential terms.")
    c.save()
    return buf.getvalue()
