from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import pytest

from analyzer.ingest import read
from analyzer.ingest.msg import MISSING_EXTRA, read_msg, rtf_to_text
from analyzer.ingest.source import Source
from analyzer.records import Document, ReadError
from conftest import require

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _builder() -> ModuleType:
    require("msgforge", "dev")
    spec = importlib.util.spec_from_file_location("build_msg", EXAMPLES.parent / "tools" / "examples" / "build_msg.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def forge():  # type: ignore[no-untyped-def]
    require("extract_msg", "msg")
    return _builder().forge_msg


BASE = dict(subject="Wave 2 - milestone M3", sender=("dana.whitfield@northwind-retail.example", "Dana Whitfield"),
            to=[("tom.becker@contoso-ms.example", "Tom Becker")],
            cc=[("marcus.olsen@northwind-retail.example", "Marcus Olsen")],
            sent=datetime(2026, 4, 20, 8, 30, tzinfo=timezone.utc))
TEXT = "Tom,\n\nYour team failed to complete the store image build on time.\n\nBest regards,\nDana\nT: +44 20 7946 0321"
HTML = ("<p>Tom,</p><p>Your team failed to complete the <b>store image</b> build on time.</p>"
        "<p>Best regards,<br>Dana<br>T: +44 20 7946 0321</p>")


def _one(data: bytes, name: str = "m.msg") -> Document | ReadError:
    items = list(read_msg(Source.from_bytes(name, data)))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize("body, fmt", [("plain", "plain"), ("html", "html"), ("rtf_only", "html")])
def test_bodies_plain_html_and_html_encapsulated_in_rtf(forge, body: str, fmt: str) -> None:  # type: ignore
    doc = _one(forge(**BASE, text=TEXT if body == "plain" else "", html=HTML, body=body,
                     message_id="<e1@northwind-retail.example>"))
    assert isinstance(doc, Document), doc
    assert doc.text == "Tom,\n\nYour team failed to complete the store image build on time."
    assert doc.metadata["body_format"] == fmt and doc.metadata["format"] == "msg"
    m = doc.email
    assert m.message_id == "<e1@northwind-retail.example>" and m.subject == "Wave 2 - milestone M3"
    assert m.sender == "dana.whitfield@northwind-retail.example"
    assert set(m.recipients) == {"tom.becker@contoso-ms.example", "marcus.olsen@northwind-retail.example"}
    assert m.date and m.date.startswith("2026-04-20") and m.thread_id


def test_native_rtf_body_is_stripped_to_text(forge) -> None:  # type: ignore[no-untyped-def]
    rtf = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}"
           rb"{\*\generator Msftedit 5.41;}\f0\fs20 Tom,\par\par We reserve all our rights under Clause 14.3.\par"
           rb" Fran\'e7ois will join.\par\par Kind regards,\par Dana\par}")
    doc = _one(forge(**BASE, body="native_rtf", native_rtf=rtf))
    assert isinstance(doc, Document), doc
    assert doc.metadata["body_format"] == "rtf"
    assert doc.text == "Tom,\n\nWe reserve all our rights under Clause 14.3.\nFrançois will join."


def test_transport_headers_and_attachments(forge) -> None:  # type: ignore[no-untyped-def]
    headers = ("Message-ID: <h1@contoso-ms.example>\r\nIn-Reply-To: <e1@northwind-retail.example>\r\n"
               "References: <e0@northwind-retail.example> <e1@northwind-retail.example>\r\n"
               "Date: Tue, 21 Apr 2026 17:45:00 +0100\r\nFrom: Tom Becker <tom.becker@contoso-ms.example>\r\n"
               "To: Dana Whitfield <dana.whitfield@northwind-retail.example>\r\nSubject: RE: Wave 2\r\n\r\n")
    doc = _one(forge(**BASE, text="We do not agree.", transport_headers=headers,
                     attachments=[("RCA_INC-20417.pdf", b"%PDF-1.4\n")]))
    assert isinstance(doc, Document), doc
    m = doc.email
    assert (m.message_id, m.in_reply_to) == ("<h1@contoso-ms.example>", "<e1@northwind-retail.example>")
    assert m.references == ["<e0@northwind-retail.example>", "<e1@northwind-retail.example>"]
    assert m.date == "2026-04-21T17:45:00+01:00" and m.sender == "tom.becker@contoso-ms.example"
    assert doc.metadata["attachments"] == ["RCA_INC-20417.pdf"]


def test_encrypted_and_corrupt_files_are_read_errors(forge) -> None:  # type: ignore[no-untyped-def]
    enc = _one(forge(**BASE, text="secret", message_class="IPM.Note.SMIME"), "enc.msg")
    assert isinstance(enc, ReadError) and enc.code == "encrypted"
    data = forge(**BASE, text="x")
    bad = _one(data[: len(data) // 3], "bad.msg")
    assert isinstance(bad, ReadError) and bad.code == "corrupt" and bad.source == "bad.msg"
    garbage = _one(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "garbage.msg")
    assert isinstance(garbage, ReadError) and garbage.code == "corrupt"


def test_missing_optional_dependency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "extract_msg", None)  # makes `import extract_msg` raise ImportError
    err = _one(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.msg")
    assert isinstance(err, ReadError) and err.code == "missing_dependency" and err.message == MISSING_EXTRA


def test_rtf_to_text_handles_escapes() -> None:
    rtf = rb"{\rtf1{\fonttbl{\f0 Arial;}}\f0 Caf\'e9 \u8364? 5\par next\tab col\{x\}}"
    assert rtf_to_text(rtf) == "Café € 5\nnext\tcol{x}"


def test_bundled_meeting_followup_joins_the_mailbox_thread() -> None:
    require("extract_msg", "msg")
    path = EXAMPLES / "meeting_followup.msg"
    (doc,) = list(read(path))
    assert isinstance(doc, Document), doc
    assert doc.text.startswith("Priya,") and "failover test" in doc.text
    for leftover in ("From:", "Sent:", "Marcus Olsen", "confidential", "+44", "Many thanks"):
        assert leftover not in doc.text
    box = [d for d in read(EXAMPLES / "supplier_correspondence.mbox") if isinstance(d, Document)]
    governance = {d.email.thread_id for d in box if "Governance Board" in (d.email.subject or "")}
    assert governance == {doc.email.thread_id}
