"""Text/Markdown and HTML readers: decoding, newline normalisation, HTML to text."""
from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.ingest import read_source
from analyzer.ingest.source import Source
from analyzer.ingest.text import decode_bytes, html_to_text, read_html, read_text
from analyzer.records import Document, ReadError

# The Markdown source of the bundled contract (tools/examples/build_contract.py renders it to PDF and DOCX).
EXAMPLE_MD = Path(__file__).resolve().parents[1] / "tools" / "examples" / "services_agreement.md"
SAMPLE = "The Supplier\u2019s liability for the caf\u00e9 fit-out is capped at \u00a3500,000 \u2014 see clause 21."


def read_one(data: bytes, name: str = "t.txt", reader=read_text) -> Document | ReadError:
    items = list(reader(Source.from_bytes(name, data)))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),  # with BOM
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # without BOM: found by the NUL pattern
    ],
)
def test_decodes_common_encodings_without_warnings(data: bytes, encoding: str):
    doc = read_one(data)
    assert doc.text == SAMPLE
    assert doc.metadata == {"format": "text", "encoding": encoding}
    assert doc.warnings == []


def test_legacy_cyrillic_detected_by_charset_normalizer():
    text = "Поставщик несет полную ответственность за качество услуг и соблюдение сроков поставки."
    decoded, encoding, warnings = decode_bytes(text.encode("cp1251"))
    assert decoded == text and encoding == "cp1251"
    assert warnings == ["mis-encoded: not valid UTF-8; decoded as cp1251"]


def test_undecodable_bytes_warn_mis_encoded():
    doc = read_one(b"Clause 1 \x81\x8d text")  # bytes undefined in cp1252, invalid UTF-8
    assert doc.text.startswith("Clause 1 ") and "\ufffd" in doc.text
    assert len(doc.warnings) == 1 and doc.warnings[0].startswith("mis-encoded: ")


def test_double_encoded_utf8_is_repaired_with_warning():
    mojibake = SAMPLE.encode("utf-8").decode("cp1252").encode("utf-8")  # "Supplierâ€™s"
    doc = read_one(mojibake)
    assert doc.text == SAMPLE
    assert doc.warnings and doc.warnings[0].startswith("mis-encoded: double-encoded UTF-8 repaired")


def test_newlines_and_control_characters_normalised():
    doc = read_one(b"line one\r\nline two\rline three\x0cnext page\x00\x07 end")
    assert doc.text == "line one\nline two\nline three\n\nnext page end"


def test_empty_and_whitespace_only():
    assert read_one(b" \r\n\t\n").code == "empty"
    assert [e.code for e in read_source(Source.from_bytes("empty.txt", b""))] == ["empty"]


def test_markdown_headings_become_blocks():
    md = "# MASTER AGREEMENT\n\nIntro.\n\n# 24. TERMINATION\n\n24.1 Either party may terminate.\n\n## Part A\n"
    doc = read_one(md.encode(), "contract.md")
    assert doc.metadata["format"] == "markdown"
    heads = [(doc.text[b.start:b.end], b.level, b.number) for b in doc.blocks]
    assert heads == [("# MASTER AGREEMENT", 1, None), ("# 24. TERMINATION", 1, "24"), ("## Part A", 2, None)]


HTML = """<!DOCTYPE html><html><head><title>Supply terms</title><style>p { color: red }</style>
<script>var notText = 1;</script></head><body>
<h1>Terms</h1><p>The   Supplier <b>shall</b>
deliver.<br>Second line.</p>
<div style="display: none">hidden preheader</div>
<table><tr><th>Service</th><th>Target</th></tr><tr><td>Availability</td><td>99.9%</td></tr></table>
<ul><li>first point</li><li>second point</li></ul>
<blockquote><p>Earlier message.</p></blockquote><!-- a comment -->
<pre>fixed   width
block</pre>
</body></html>"""


def test_html_to_text_structure():
    text = html_to_text(HTML)
    assert text == (
        "Terms\n\nThe Supplier shall deliver.\nSecond line.\n\nService | Target\nAvailability | 99.9%\n\n"
        "first point\nsecond point\n\nEarlier message.\n\nfixed width\nblock"
    )
    assert "> Earlier message." in html_to_text(HTML, quote_blockquotes=True)


def test_read_html_uses_declared_charset_and_title():
    page = ('<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head>'
            "<body><p>\u00a3100 fee</p></body></html>")
    doc = read_one(page.encode("cp1252"), "page.html", reader=read_html)
    assert doc.text == "\u00a3100 fee"
    assert doc.metadata == {"format": "html", "encoding": "windows-1252", "title": "Caf\u00e9"}
    via_dispatcher = list(read_source(Source.from_bytes("page.html", page.encode("cp1252"))))
    assert isinstance(via_dispatcher[0], Document) and via_dispatcher[0].kind == "contract"


def test_html_deep_nesting_and_empty_body():
    deep = "<div>" * 3000 + "deep text" + "</div>" * 3000
    assert "deep text" in html_to_text(deep)
    assert read_one(b"<html><body><script>x()</script></body></html>", "e.html", reader=read_html).code == "empty"


def test_example_markdown_source():
    items = list(read_source(Source.from_path(EXAMPLE_MD)))
    assert len(items) == 1 and isinstance(items[0], Document)
    doc = items[0]
    numbers = [b.number for b in doc.blocks if b.level == 1 and b.number]
    assert numbers == [str(n) for n in range(1, 34)]
    assert 3500 <= len(doc.text.split()) <= 5000
