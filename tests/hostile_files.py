"""Generators of small hostile inputs (issue 12): PDFs and DOCX files that cost far more to read than their size.

Used by the tests and runnable as a measurement: `python tests/hostile_files.py pdf_huge_page` reads one case in
this process and prints records, peak RSS and wall time (so a test or a person can run it in a subprocess).
"""
from __future__ import annotations

import io
import sys
import zipfile
import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def _stream(data: bytes, compress: bool = True) -> bytes:
    if compress:
        packed = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _page(content_obj: int, media_box: bytes = b"[0 0 612 792]", parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox " % parent + media_box +
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_obj)


def _text_lines(lines: list[str], size: int = 10, top: int = 740) -> bytes:
    ops = [b"BT /F1 %d Tf 14 TL 72 %d Td" % (size, top)]
    ops += [b"(%s) '" % line.encode("latin-1") for line in lines]
    return b"\n".join(ops + [b"ET"])


def pdf_pages(n: int) -> bytes:
    """n small pages, each with one line of text (cheap to build even for thousands of pages)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    kids = []
    for i in range(n):
        line = f"Clause {i + 1}. The Supplier shall deliver lot {i * 7919 % 1000}."  # unlike a running header
        objects.append(_stream(_text_lines([line], top=600), compress=False))
        objects.append(_page(len(objects)))
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % n
    return raw_pdf(objects)


def pdf_deep_page_tree(depth: int = 5000) -> bytes:
    """One page under `depth` nested /Pages nodes (each with one kid)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT]
    first = 2
    ids = [first] + list(range(4, 4 + depth - 1))  # the chain of /Pages nodes
    page_id = 4 + depth - 1
    content_id = page_id + 1
    objects += [b""] * (content_id - len(objects))
    for k, node in enumerate(ids):
        kid = ids[k + 1] if k + 1 < len(ids) else page_id
        parent = b" /Parent %d 0 R" % ids[k - 1] if k else b""
        objects[node - 1] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (kid, parent)
    objects[page_id - 1] = _page(content_id, parent=ids[-1])
    objects[content_id - 1] = _stream(_text_lines(["The Supplier shall deliver."]))
    return raw_pdf(objects)


def pdf_huge_page(chars: int = 3_000_000) -> bytes:
    """One page showing `chars` glyphs: a few KB of compressed content stream, millions of layout objects."""
    line = b"(" + b"x" * 100 + b") '"
    body = b"BT /F1 1 Tf 1 TL 0 790 Td\n" + b"\n".join([line] * (chars // 100)) + b"\nET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", FONT,
               _page(5), _stream(body)]
    return raw_pdf(objects)


def pdf_form_bomb(copies: int = 2000, chars_per_form: int = 2000) -> bytes:
    """A small page that draws one text form XObject `copies` times: few content bytes, many glyphs."""
    form_body = b"BT /F1 1 Tf 0 0 Td (" + b"y" * chars_per_form + b") Tj ET"
    form = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Length %d >>\nstream\n" % len(form_body) + form_body + b"\nendstream")
    content = b"\n".join([b"/X1 Do"] * copies)
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>"
            b" /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", FONT,
               page, _stream(content), form]
    return raw_pdf(objects)


def pdf_flate_bomb(mb: int = 400) -> bytes:
    """A page whose content stream is FlateDecode applied twice to `mb` MB of drawing operators (a few KB)."""
    ops = b"0 0 m 612 792 l S\n" * (1 << 16)
    inner = zlib.compressobj(9)
    packed = b"".join(inner.compress(ops) for _ in range(mb * (1 << 20) // len(ops))) + inner.flush()
    twice = zlib.compress(packed, 9)
    content = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice) + twice + \
        b"\nendstream"
    text = _stream(_text_lines(["The Supplier shall deliver on page two."]))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>", FONT,
               _page(5), content, _page(7), text]
    return raw_pdf(objects)


def pdf_absurd_mediabox(lines: int = 40) -> bytes:
    """A page 10^9 points wide with ordinary lines of text on it."""
    body = _text_lines([f"Line {k} of the Supplier's obligations, clause {k}." for k in range(lines)])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", FONT,
               _page(5, media_box=b"[0 0 1000000000 792]"), _stream(body)]
    return raw_pdf(objects)


def docx_bomb(xml_mb: int = 300, base: bytes | None = None) -> bytes:
    """A DOCX whose word/document.xml expands to about `xml_mb` MB of paragraphs (about 1/1000 of that packed)."""
    if base is None:
        import docx

        buf = io.BytesIO()
        d = docx.Document()
        d.add_paragraph("1. The Supplier shall deliver.")
        d.save(buf)
        base = buf.getvalue()
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
            b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    para = b"<w:p><w:r><w:t>The Supplier shall deliver.</w:t></w:r></w:p>" * 1000
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as fh:
            fh.write(head)
            for _ in range(xml_mb * 1024 * 1024 // len(para)):
                fh.write(para)
            fh.write(b"</w:body></w:document>")
    return out.getvalue()


CASES = {
    "pdf_huge_page": lambda: ("huge.pdf", pdf_huge_page()),
    "pdf_form_bomb": lambda: ("forms.pdf", pdf_form_bomb()),
    "pdf_flate_bomb": lambda: ("flate.pdf", pdf_flate_bomb()),
    "pdf_absurd_mediabox": lambda: ("wide.pdf", pdf_absurd_mediabox()),
    "pdf_deep_page_tree": lambda: ("deep.pdf", pdf_deep_page_tree()),
    "pdf_many_pages": lambda: ("many.pdf", pdf_pages(2500)),
    "docx_bomb": lambda: ("bomb.docx", docx_bomb(300)),
}


def measure(path: str) -> dict:
    """Read one file here and return its size, records, peak RSS (MB) and wall time (s). Run it in a fresh
    process (the __main__ below) so that the peak RSS is this file's alone."""
    import resource
    import time

    from analyzer.ingest import read_source
    from analyzer.ingest.source import Source

    def peak_mb() -> float:
        # VmHWM belongs to this program; ru_maxrss also counts the parent's size when it forked us (Linux).
        try:
            with open("/proc/self/status") as fh:
                return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024
        except (OSError, StopIteration):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    base = peak_mb()
    start = time.perf_counter()
    items = list(read_source(Source.from_path(path)))
    wall = time.perf_counter() - start
    peak = peak_mb()
    records = [getattr(i, "code", None) or f"doc({len(i.text)} chars, {len(i.warnings)} warnings)" for i in items]
    messages = [getattr(i, "message", None) or i.warnings[:2] for i in items]
    return {"file": path, "bytes": Path(path).stat().st_size, "records": records, "messages": messages,
            "peak_rss_mb": round(peak), "rss_before_mb": round(base), "wall_s": round(wall, 2)}


def write_case(case: str, folder: str | Path) -> Path:
    name, data = CASES[case]()
    path = Path(folder) / name
    path.write_bytes(data)
    return path


if __name__ == "__main__":
    # python tests/hostile_files.py FILE...       measure reading each file (one JSON line each)
    # python tests/hostile_files.py --cases [CASE...]   write the cases to a temporary folder, measure each
    #                                                   in its own process
    import json
    import subprocess
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's analyzer, not an installed one
    args = sys.argv[1:]
    if args[:1] == ["--cases"]:
        with tempfile.TemporaryDirectory() as tmp:
            for case in args[1:] or list(CASES):
                path = write_case(case, tmp)
                subprocess.run([sys.executable, __file__, str(path)], check=False)
    else:
        for arg in args:
            print(json.dumps(measure(arg)), flush=True)
