"""The dispatcher: sniffing, folders, zips (with bomb limits) and per-file errors that never stop a batch."""
import io
import zipfile

from analyzer.ingest import read_paths, read_source
from analyzer.ingest.sniff import sniff
from analyzer.ingest.source import Source
from analyzer.records import Document, ReadError


def _items(paths):
    return list(read_paths(paths))


def test_sniff_content_beats_extension():
    assert sniff(Source.from_bytes("contract.txt", b"%PDF-1.7\n...")) == "pdf"
    assert sniff(Source.from_bytes("mail.txt", b"From: a@b.example\nSubject: hi\n\nbody")) == "eml"
    assert sniff(Source.from_bytes("x.dat", b"From alice@x.example Mon Jan  1 00:00:00 2026\nFrom: a\n")) == "mbox"
    assert sniff(Source.from_bytes("page.dat", b"<!DOCTYPE html><html><body>x</body></html>")) == "html"
    assert sniff(Source.from_bytes("blob.bin", bytes(range(256)) * 4)) is None
    # an ordinary sentence beginning "From" is not a mailbox
    assert sniff(Source.from_bytes("notes.txt", b"From the outset we agreed on a plan.\n")) == "text"


def test_empty_unknown_and_missing_files_are_errors_not_exceptions(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "ok.txt").write_text("The Supplier shall indemnify the Customer.\n")
    (tmp_path / "notes.log").write_text("plain text the folder walk should not read")
    (tmp_path / "blob.dat").write_bytes(bytes(range(256)) * 8)
    items = _items([tmp_path, tmp_path / "missing.docx", tmp_path / "blob.dat"])
    errors = {i.source.rsplit("/", 1)[-1]: i.code for i in items if isinstance(i, ReadError)}
    # a file named on the command line is sniffed; inside a folder, unsupported extensions are skipped with a warning
    assert errors == {"blob.bin": "skipped", "notes.log": "skipped", "empty.pdf": "empty", "missing.docx": "not_found",
                      "blob.dat": "unknown_type"}
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 1 and "indemnify" in docs[0].text


def _zip_bytes(members: dict[str, bytes], *, encrypted: set[str] = frozenset()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    raw = bytearray(buf.getvalue())
    for name in encrypted:  # zipfile cannot encrypt: set the "encrypted" flag bit in both headers by hand
        for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            pos = raw.find(sig)
            while pos != -1:
                name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
                if raw[name_at:name_at + len(name)] == name.encode():
                    raw[pos + flag_at] |= 0x1
                pos = raw.find(sig, pos + 4)
    return bytes(raw)


def test_zip_members_are_read_with_their_archive_path(tmp_path):
    inner = _zip_bytes({"deep/c.txt": b"Third clause text here.\n"})
    data = _zip_bytes({"a.txt": b"First clause here.\n", "b/b.md": b"# Heading\nSecond clause.\n", "inner.zip": inner})
    (tmp_path / "bundle.zip").write_bytes(data)
    docs = [i for i in _items([tmp_path / "bundle.zip"]) if isinstance(i, Document)]
    names = sorted(d.source.split("!", 1)[1] for d in docs)
    assert names == ["a.txt", "b/b.md", "inner.zip!deep/c.txt"]


def test_zip_bomb_and_encrypted_member_are_refused(tmp_path):
    bomb = _zip_bytes({"zeros.txt": b"0" * 20_000_000})
    (tmp_path / "bomb.zip").write_bytes(bomb)
    enc = _zip_bytes({"secret.txt": b"x" * 100, "open.txt": b"Readable text here.\n"}, encrypted={"secret.txt"})
    (tmp_path / "enc.zip").write_bytes(enc)
    items = _items([tmp_path / "bomb.zip", tmp_path / "enc.zip"])
    codes = {i.source.rsplit("/", 1)[-1]: (i.code, i.message) for i in items if isinstance(i, ReadError)}
    assert codes["bomb.zip"][0] == "zip_bomb"
    assert codes["enc.zip!secret.txt"] == ("encrypted", "encrypted: password required")
    assert any(isinstance(i, Document) and i.source.endswith("open.txt") for i in items)


def test_corrupt_zip_is_one_error(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    items = _items([tmp_path / "broken.zip"])
    assert len(items) == 1 and isinstance(items[0], ReadError) and items[0].code in {"corrupt", "unknown_type"}


def test_reader_crash_becomes_a_corrupt_error(monkeypatch):
    import analyzer.ingest.dispatch as dispatch

    def boom(src):
        raise ValueError("parser exploded")
        yield  # pragma: no cover

    monkeypatch.setattr(dispatch, "reader_for", lambda fmt: boom)
    items = list(read_source(Source.from_bytes("x.txt", b"hello world")))
    assert len(items) == 1 and items[0].code == "corrupt" and "parser exploded" in items[0].message
