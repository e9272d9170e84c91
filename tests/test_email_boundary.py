"""A multipart e-mail whose declared MIME boundary never occurs keeps its body (issue 12), with a warning."""
from __future__ import annotations

from analyzer.ingest import read_source
from analyzer.ingest.email_parse import parse_email
from analyzer.ingest.source import Source
from analyzer.records import Document

HEADERS = (b"From: Ann Buyer <ann@northwind.example>\r\nTo: bob@contoso.example\r\nSubject: Re: outage\r\n"
           b"Message-ID: <b1@northwind.example>\r\nMIME-Version: 1.0\r\n")


def test_parts_are_read_by_the_boundary_the_text_uses():
    msg = (HEADERS + b'Content-Type: multipart/alternative; boundary="declared-but-absent"\r\n\r\n'
           b"--actual-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n"
           b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
           b"Your team failed to patch the server =E2=80=93 again.\r\n"
           b"--actual-boundary\r\nContent-Type: text/html\r\n\r\n<p>HTML copy</p>\r\n--actual-boundary--\r\n")
    parsed = parse_email(msg)
    assert parsed.body.strip() == "Your team failed to patch the server \u2013 again."
    assert parsed.body_format == "plain"
    assert parsed.warnings == ["MIME boundary 'declared-but-absent' not found in the body; read the parts by the "
                               "boundary 'actual-boundary' found in the text"]
    docs = list(read_source(Source.from_bytes("outage.eml", msg)))
    assert len(docs) == 1 and isinstance(docs[0], Document)
    assert docs[0].text == "Your team failed to patch the server \u2013 again."
    assert "HTML copy" not in docs[0].text and docs[0].warnings == parsed.warnings


def test_without_any_boundary_line_the_raw_body_is_read_minus_part_headers():
    msg = (HEADERS + b'Content-Type: multipart/mixed; boundary="absent"\r\n\r\n'
           b"Content-Type: text/plain; charset=us-ascii\r\n\r\nWe reserve all our rights under clause 4.2.\r\n")
    parsed = parse_email(msg)
    assert parsed.body.strip() == "We reserve all our rights under clause 4.2."
    assert parsed.warnings == ["multipart message without its MIME boundary 'absent'; read the raw body as plain text"]


def test_a_correct_boundary_gives_no_warning():
    msg = (HEADERS + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nAll fine.\r\n--b--\r\n")
    parsed = parse_email(msg)
    assert parsed.body.strip() == "All fine." and parsed.warnings == []
