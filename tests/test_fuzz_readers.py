"""Mutated bytes of every format go through the readers: only Documents and per-file ReadErrors come out."""
from __future__ import annotations

import io
import zipfile
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.ingest import read_source
from analyzer.ingest.source import Source
from analyzer.records import Document, ReadError
from conftest import require

EML = (b"From: Ann Buyer <ann@northwind.example>\r\nTo: bob@contoso.example\r\nSubject: Re: outage\r\n"
       b"Message-ID: <a1@northwind.example>\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n"
       b"Content-Type: text/plain; charset=windows-1252\r\n\r\nYour team failed to patch the server \x96 again.\r\n"
       b"\r\nOn Fri, Bob wrote:\r\n> We will patch on Friday.\r\n")


@lru_cache(maxsize=None)
def seed(fmt: str) -> bytes:
    if fmt == "pdf":
        from reportlab.pdfgen import canvas

        buf = io.BytesIO()
        c = canvas.Canvas(buf, invariant=1)
        c.drawString(72, 720, "12.1 The Supplier shall indemnify the Customer without limit.")
        c.showPage()
        c.drawString(72, 720, "13. Termination for convenience by the Customer only.")
        c.save()
        return buf.getvalue()
    if fmt == "docx":
        import docx

        d = docx.Document()
        d.add_heading("1. Liability", level=1)
        d.add_paragraph("1.1 Liability is unlimited.")
        t = d.add_table(rows=1, cols=2)
        t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Availability", "99.9%"
        buf = io.BytesIO()
        d.save(buf)
        return buf.getvalue()
    if fmt == "eml":
        return EML
    if fmt == "mbox":
        return b"From ann@northwind.example Mon Mar  2 09:00:00 2026\n" + EML.replace(b"\r\n", b"\n") * 1 + \
            b"\nFrom bob@contoso.example Tue Mar  3 10:00:00 2026\n" + EML.replace(b"a1@", b"a2@").replace(b"\r\n", b"\n")
    if fmt == "html":
        return b"<html><body><h1>Notice</h1><p>We reserve all our rights under clause 4.2.</p></body></html>"
    if fmt == "text":
        return "1. Services\n1.1 The Supplier may vary the Charges at its sole discretion.\n".encode()
    if fmt == "msg":
        msgforge = require("msgforge", "dev")
        return msgforge.Message(subject="Recovery plan", text_body="Let's work through this together.").as_bytes()
    if fmt == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("a.txt", seed("text"))
            zf.writestr("b.eml", EML)
        return buf.getvalue()
    raise ValueError(fmt)


NAMES = {"pdf": "x.pdf", "docx": "x.docx", "eml": "x.eml", "mbox": "x.mbox", "html": "x.html", "text": "x.txt",
         "msg": "x.msg", "zip": "x.zip"}


def mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, pos, val in ops:
        if not buf:
            break
        i = pos % len(buf)
        if kind == 0:
            buf[i] = val
        elif kind == 1:
            del buf[i : i + 1 + val % 64]
        elif kind == 2:
            buf[i:i] = bytes([val]) * (1 + val % 16)
        else:
            del buf[i:]  # truncation
    return bytes(buf)


def run_all(name: str, data: bytes) -> list:
    if name.endswith(".zip"):
        from analyzer.ingest.archive import _expand

        items = []
        for src in _expand(Source.from_bytes(name, data), depth=0):
            items += [src] if isinstance(src, ReadError) else list(read_source(src))
        return items
    return list(read_source(Source.from_bytes(name, data)))


@pytest.mark.parametrize("fmt", list(NAMES))
def test_seed_is_readable(fmt):
    items = run_all(NAMES[fmt], seed(fmt))
    assert any(isinstance(i, Document) and i.text.strip() for i in items), items


@pytest.mark.parametrize("fmt", list(NAMES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6))
def test_mutated_bytes_never_escape(fmt, ops):
    data = mutate(seed(fmt), ops)
    items = run_all(NAMES[fmt], data)
    assert items, "a file must produce a document or an error"
    for item in items:
        assert isinstance(item, (Document, ReadError))
        if isinstance(item, ReadError):
            assert item.code and item.message and "Traceback" not in item.message
