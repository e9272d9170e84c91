"""Per-file limits in the dispatcher (issue 12): over-long documents and readers that run out of memory are one
clear "too_large" record, and every reader checks sizes against the Source's own Limits."""
from __future__ import annotations

import io
import zipfile

from analyzer.ingest import read_paths, read_source
from analyzer.ingest.source import Source
from analyzer.limits import Limits
from analyzer.records import Document, ReadError

MBOX = (b"From ann@northwind.example Mon Mar  2 09:00:00 2026\nFrom: ann@northwind.example\nSubject: a\n\n"
        b"Short message one.\n\nFrom bob@contoso.example Tue Mar  3 10:00:00 2026\nFrom: bob@contoso.example\n"
        b"Subject: b\n\n" + b"A much longer message body. " * 40 + b"\n")


def test_document_over_max_chars_becomes_one_too_large_error():
    text = ("The Supplier shall deliver. " * 100).encode()
    items = list(read_source(Source.from_bytes("long.txt", text, limits=Limits(max_chars=1000))))
    assert [(i.code, i.message) for i in items] == [
        ("too_large", f"{len(text.strip()) + 1:,} characters; the limit is 1,000 (--max-chars)")]
    assert isinstance(list(read_source(Source.from_bytes("long.txt", text)))[0], Document)


def test_max_chars_applies_per_message_of_a_mailbox():
    items = list(read_source(Source.from_bytes("box.mbox", MBOX, limits=Limits(max_chars=500))))
    assert [type(i).__name__ for i in items] == ["Document", "ReadError"]
    assert items[1].code == "too_large" and items[1].source == "box.mbox#1"


def test_memory_error_in_a_reader_is_too_large_not_corrupt(monkeypatch):
    import analyzer.ingest.dispatch as dispatch

    def greedy(src):
        raise MemoryError()
        yield  # pragma: no cover

    monkeypatch.setattr(dispatch, "reader_for", lambda fmt: greedy)
    items = list(read_source(Source.from_bytes("x.txt", b"hello world")))
    assert [i.code for i in items] == ["too_large"]
    assert items[0].message.startswith("ran out of memory reading this text file")


def test_a_reader_failure_after_documents_is_one_record_not_two(monkeypatch):
    import analyzer.ingest.dispatch as dispatch
    from analyzer.ingest.source import TooLarge

    def partial(src):
        yield Document(id="d1", source=src.name, kind="email", text="first message")
        raise TooLarge("mailbox grew past the limit")

    def refused(src):
        raise TooLarge("too big")
        yield  # pragma: no cover

    monkeypatch.setattr(dispatch, "reader_for", lambda fmt: partial)
    items = list(read_source(Source.from_bytes("x.txt", b"hello world")))
    assert [getattr(i, "code", "doc") for i in items] == ["doc", "too_large"]
    monkeypatch.setattr(dispatch, "reader_for", lambda fmt: refused)  # used to add a second record, "empty"
    assert [i.code for i in read_source(Source.from_bytes("x.txt", b"hello"))] == ["too_large"]
    monkeypatch.setattr(dispatch, "reader_for", lambda fmt: lambda src: iter(()))
    assert [i.code for i in read_source(Source.from_bytes("x.txt", b"hello"))] == ["empty"]


def test_size_limits_come_from_the_source(tmp_path):
    small = Limits(max_file_bytes=100, max_stream_bytes=200)
    text = Source.from_bytes("a.txt", b"x" * 150, limits=small)
    assert [(i.code, i.message) for i in read_source(text)] == [("too_large", "file is 150 bytes; the limit is 100")]
    box = Source.from_bytes("b.mbox", MBOX, limits=small)
    assert [(i.code, i.message) for i in read_source(box)] == [
        ("too_large", f"mailbox is {len(MBOX):,} bytes; the limit is 200")]
    # A mailbox message over the file limit is skipped, the others read.
    items = list(read_source(Source.from_bytes("c.mbox", MBOX, limits=Limits(max_file_bytes=400))))
    assert [getattr(i, "code", "doc") for i in items] == ["doc", "too_large"]
    assert items[1].message == "message exceeds 400 bytes; skipped"


def test_zip_archives_and_members_use_the_run_limits(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", "The Supplier shall deliver. " * 20)  # 560 bytes unpacked
        zf.writestr("small.txt", "Short clause.")
    (tmp_path / "a.zip").write_bytes(buf.getvalue())
    items = list(read_paths([tmp_path / "a.zip"], Limits(max_file_bytes=len(buf.getvalue()) + 10)))
    assert [(i.source.rsplit("!", 1)[-1], getattr(i, "code", "doc")) for i in items] == [
        ("big.txt", "too_large"), ("small.txt", "doc")]
    items = list(read_paths([tmp_path / "a.zip"], Limits(max_file_bytes=100)))
    assert [(i.code, i.message) for i in items] == [("too_large", "zip archive larger than the limit of 100 bytes")]
    assert all(isinstance(i, ReadError) for i in items)
