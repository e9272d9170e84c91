"""The format registry is the one list of input formats: every registered format (and extension) is sniffed, read in
a folder walk and accepted by the app's uploader; a new text-based format is one entry plus its reader."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from analyzer.ingest import formats, read_source
from analyzer.ingest.archive import iter_sources
from analyzer.ingest.sniff import sniff
from analyzer.ingest.source import Source
from analyzer.records import Document, ReadError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("inner/note.txt", "The Supplier shall bear all risk.")
    return buf.getvalue()


# one real sample per format; a format without a sample here fails test_every_format_has_a_sample
SAMPLES = {
    "pdf": lambda: (EXAMPLES / "services_agreement.pdf").read_bytes(),
    "docx": lambda: (EXAMPLES / "services_agreement.docx").read_bytes(),
    "text": lambda: b"12. Liability\nThe Supplier shall bear all risk.\n",
    "html": lambda: b"<html><body><p>The Supplier shall bear all risk.</p></body></html>",
    "eml": lambda: (EXAMPLES / "outage_escalation.eml").read_bytes(),
    "mbox": lambda: (EXAMPLES / "supplier_correspondence.mbox").read_bytes(),
    "msg": lambda: (EXAMPLES / "meeting_followup.msg").read_bytes(),
    "zip": _zip,
}
CASES = [(f.name, ext) for f in formats.all_formats() for ext in f.extensions]


def test_every_format_has_a_sample():
    assert {f.name for f in formats.all_formats()} == set(SAMPLES)


@pytest.mark.parametrize("fmt,ext", CASES)
def test_every_registered_extension_is_sniffed(tmp_path, fmt, ext):
    path = tmp_path / f"sample{ext}"
    path.write_bytes(SAMPLES[fmt]())
    assert sniff(Source.from_path(path)) == fmt


@pytest.mark.parametrize("fmt,ext", CASES)
def test_every_registered_extension_is_walked_in_a_folder(tmp_path, fmt, ext):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"sample{ext.upper()}").write_bytes(SAMPLES[fmt]())
    (tmp_path / "in" / "notes.xyz").write_bytes(b"not a document")
    items = list(iter_sources([tmp_path / "in"]))
    skipped = [i for i in items if isinstance(i, ReadError)]
    assert [e.code for e in skipped] == ["skipped"] and skipped[0].source.endswith("notes.xyz")
    sources = [i for i in items if isinstance(i, Source)]
    assert sources, f"{ext} was not read from a folder"
    if formats.get(fmt).container == "archive":
        assert sources[0].name.endswith("!inner/note.txt")  # expanded, not read as a file


@pytest.mark.parametrize("fmt,ext", CASES)
def test_every_registered_extension_is_accepted_by_the_uploader(tmp_path, fmt, ext):
    pytest.importorskip("streamlit")
    from app.uploads import save_uploads

    batch = save_uploads([(f"upload{ext}", SAMPLES[fmt]())], max_mb=50, folder=tmp_path / "up")
    assert batch.rejected == [] and [p.suffix for p in batch.saved] == [ext]
    assert ext.lstrip(".") in formats.upload_types()


def test_registry_facts_used_by_dispatch():
    assert {f.name for f in formats.all_formats() if f.isolated} == {"pdf", "docx", "msg"}
    assert formats.is_container("mbox", "mailbox") and formats.is_container("zip", "archive")
    assert not formats.readable("zip") and not formats.readable(None) and formats.readable("pdf")
    assert formats.by_extension(".HTM").name == "html" and formats.by_extension(".mbx").name == "mbox"


def read_vtt(src: Source):
    """A toy reader for the test format: WebVTT captions as one document of their cue text."""
    lines = src.read_bytes().decode("utf-8").splitlines()
    text = " ".join(line for line in lines[1:] if line and "-->" not in line)
    yield Document(id="vtt1", source=src.name, kind="email", text=text)


def test_a_new_format_is_one_registry_entry(tmp_path, monkeypatch):
    vtt = formats.Format("vtt", "WebVTT", (".vtt",), f"{__name__}:read_vtt", "email", text_based=True)
    monkeypatch.setattr(formats, "REGISTRY", (*formats.REGISTRY, vtt))
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "call.vtt"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:04.000\nWe will fix this together.\n", encoding="utf-8")
    [src] = [i for i in iter_sources([tmp_path / "in"]) if isinstance(i, Source)]
    assert sniff(src) == "vtt"
    [doc] = list(read_source(src))
    assert isinstance(doc, Document) and doc.text == "We will fix this together."
    assert "vtt" in formats.upload_types()
