"""Encodings (issue 12): BOM-less UTF-16 is read, not rejected; bytes that are not valid UTF-8 are decoded with a
"mis-encoded" warning naming the encoding, preferring cp1252 for Western text; a stray NUL is no binary file."""
from __future__ import annotations

import os
import random

import pytest

from analyzer.ingest import read_source
from analyzer.ingest.sniff import sniff
from analyzer.ingest.source import Source
from analyzer.ingest.text import decode_bytes
from analyzer.records import Document

CONTRACT = ("1. Services\nThe Supplier\u2019s liability for the caf\u00e9 fit-out is capped at \u00a3500,000.\n"
            "2. Term\nThis Agreement runs for three years.\n")


def _one(name: str, data: bytes) -> Document:
    items = list(read_source(Source.from_bytes(name, data)))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["contract.txt", "contract", "contract.dat"])
def test_bomless_utf16_text_is_detected_and_read(encoding, name):
    doc = _one(name, CONTRACT.encode(encoding))
    assert doc.text == CONTRACT
    assert doc.metadata["encoding"] == encoding and doc.warnings == []


def test_bomless_utf16_html_is_read_as_html():
    page = "<html><head><title>Terms</title></head><body><p>The Supplier shall deliver.</p></body></html>"
    doc = _one("page.htm", page.encode("utf-16-le"))
    assert doc.metadata["format"] == "html" and doc.text == "The Supplier shall deliver."


def test_utf16_cut_in_a_surrogate_pair_at_the_sniff_window_is_still_text():
    text = "a" * 2047 + "\U0001F600 and more text"  # the emoji's surrogate pair straddles byte 4096
    assert sniff(Source.from_bytes("x.txt", text.encode("utf-16-le"))) == "text"


WESTERN = [
    "Der Lieferant \u00fcbernimmt die Haftung f\u00fcr Sch\u00e4den gem\u00e4\u00df \u00a7 5 \u2013 Gr\u00f6\u00dfe, "
    "Qualit\u00e4t und Preis gelten \u201eab Werk\u201c f\u00fcr die gesamte Laufzeit.",
    "Le fournisseur garantit la qualit\u00e9. R\u00e9siliation, d\u00e9lai, pr\u00e9avis \u00ab clause \u00bb "
    "tr\u00e8s \u00e9lev\u00e9e; na\u00efve fa\u00e7ade d\u00e9j\u00e0 vu.",
    "The Supplier\u2019s fee is \u20ac100 \u2014 \u201cas is\u201d, caf\u00e9 r\u00e9sum\u00e9 \u00bd \u00b0 \u00a9.",
]


@pytest.mark.parametrize("text", WESTERN)
def test_western_text_in_cp1252_is_read_as_cp1252_with_a_warning(text):
    decoded, encoding, warnings = decode_bytes((text + " ") .encode("cp1252") * 4)
    assert encoding == "cp1252" and decoded.startswith(text)
    assert warnings == ["mis-encoded: not valid UTF-8; decoded as cp1252"]


def test_dense_western_symbols_are_not_read_as_a_baltic_code_page():
    # Found by sampling: charset-normalizer guessed cp1257 for this, which turned "fa\u00e7ade" into "fa\u0113ade".
    random.seed(1)
    words = "the supplier shall provide services under this agreement customer liability clause notice".split()
    marks = ["caf\u00e9", "na\u00efve", "r\u00e9sum\u00e9", "\u00a3500", "\u20ac100", "\u201cquoted\u201d",
             "\u2019s", "\u2013", "\u2014", "\u2026", "M\u00fcller", "fa\u00e7ade", "d\u00e9j\u00e0", "se\u00f1or"]
    misread = 0
    for _ in range(60):
        tokens = [random.choice(words) for _ in range(random.randint(5, 60))]
        for _ in range(random.randint(8, 30)):
            tokens.insert(random.randrange(len(tokens) + 1), random.choice(marks))
        text = " ".join(tokens)
        decoded, encoding, _ = decode_bytes(text.encode("cp1252"))
        misread += decoded != text
    assert misread == 0


def test_strong_evidence_still_picks_another_code_page():
    polish = ("Dostawca ponosi odpowiedzialno\u015b\u0107 za szkody. Umowa obowi\u0105zuje przez trzy lata, "
              "za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. ") * 3
    greek = "Ο προμηθευτής ευθύνεται για ζημίες. " * 5
    for text, code_page in ((polish, "cp1250"), (greek, "cp1253")):
        decoded, encoding, warnings = decode_bytes(text.encode(code_page))
        assert (decoded, encoding) == (text, code_page)
        assert warnings == [f"mis-encoded: not valid UTF-8; decoded as {code_page}"]


def test_damaged_utf8_stays_utf8_with_replacement_and_warning():
    # One bad byte in French UTF-8 used to make the whole file Japanese (cp932) without a word.
    text = "Le fournisseur garantit la qualit\u00e9. R\u00e9siliation, d\u00e9lai, pr\u00e9avis. " * 5
    doc = _one("note.txt", text.encode() + b"\xff end of file")
    assert doc.metadata["encoding"] == "utf-8" and doc.text.startswith(text)
    assert doc.warnings == ["mis-encoded: not valid UTF-8; decoded as utf-8 with 1 undecodable byte(s) replaced by U+FFFD"]


def test_a_stray_nul_does_not_make_an_email_unknown():
    eml = (b"From: Ann <ann@northwind.example>\r\nTo: bob@contoso.example\r\nSubject: outage\r\n"
           b"Message-ID: <n1@northwind.example>\r\n\r\nYour team failed to patch the server\x00 again.\r\n")
    doc = _one("outage.eml", eml)
    assert doc.kind == "email" and doc.text == "Your team failed to patch the server again."


@pytest.mark.parametrize("data", [
    os.urandom(4096),
    b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x03\x00>\x00" + bytes(200) + os.urandom(1000),
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(3000),
    bytes(range(256)) * 4,
    b"text" + b"\x00" * 40 + b"more text" * 20,
])
def test_real_binaries_stay_unknown(data):
    assert sniff(Source.from_bytes("blob.eml", data)) is None
