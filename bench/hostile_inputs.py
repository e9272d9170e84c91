"""Generated hostile inputs (fixed seeds, nothing downloaded): long texts, bombs, broken mail, odd files.

Every function returns bytes or writes a file and returns its path; big outputs are streamed so generating them
never needs the memory a reader would. bench/stress.py builds its cases from these; tests can reuse them.
"""
from __future__ import annotations

import io
import json
import os
import random
import shutil
import zipfile
from pathlib import Path

from hostile_pdf import (deep_page_tree_pdf, encrypted_pdf, huge_page_pdf, long_text_pdf,  # noqa: F401 - re-export
                         small_pdf)

SEED = 1212
WORDS = ("the supplier shall keep the service running and report every incident to the customer within two "
         "business days unless agreed otherwise in writing").split()

NORMAL_CONTRACT = ("1. Services\n1.1 The Supplier shall provide the Services in accordance with the Service Levels.\n"
                   "1.2 The Supplier may vary the Charges at its sole discretion.\n"
                   "2. Liability\n2.1 The Customer shall indemnify the Supplier against all losses.\n")

EML_HEADERS = ("From: Ann Buyer <ann@northwind.example>\r\nTo: bob@contoso.example\r\nSubject: Re: outage\r\n"
               "Message-ID: <{mid}@northwind.example>\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n")


def prose(n_chars: int, seed: int = SEED, sentence_every: int = 14) -> str:
    """About n_chars of words with a full stop every few words and no line break."""
    rng = random.Random(seed)
    out, n, i = [], 0, 0
    while n < n_chars:
        w = rng.choice(WORDS)
        i += 1
        if i % sentence_every == 0:
            w += "."
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def write_long_line(path: Path, n_bytes: int, chunk: int = 1 << 20) -> Path:
    """A one-line text file of n_bytes, written chunk by chunk (a 200 MB file never sits in memory)."""
    block = (prose(chunk) + " ").encode()[:chunk]
    with path.open("wb") as fh:
        left = n_bytes
        while left > 0:
            fh.write(block[:left])
            left -= len(block)
    return path


def eml(body: str, mid: str = "m1", content_type: str = "text/plain; charset=utf-8") -> bytes:
    return (EML_HEADERS.format(mid=mid) + f"Content-Type: {content_type}\r\n\r\n" + body).encode()


def eml_long_body(n_bytes: int) -> bytes:
    return eml(prose(n_bytes) + "\r\n")


def eml_with_nul() -> bytes:
    data = eml("Your team failed to patch the server again.\r\nWe expect a fix by Friday.\r\n")
    i = data.index(b"failed")
    return data[:i] + b"\x00" + data[i:]


def eml_wrong_boundary() -> bytes:
    body = ("--BBB\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            "Your team failed to deliver the migration again and we will claim the service credits.\r\n--BBB--\r\n")
    return eml(body, content_type='multipart/mixed; boundary="AAA"')


def eml_deep_mime(depth: int) -> bytes:
    parts = []
    for i in range(depth):
        parts.append(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n')
    inner = "Content-Type: text/plain\r\n\r\nYour team failed to deliver again.\r\n"
    tail = "".join(f"\r\n--b{i}--\r\n" for i in reversed(range(depth)))
    return (EML_HEADERS.format(mid="deep") + "MIME-Version: 1.0\r\n" + "".join(parts) + inner + tail).encode()


def utf16_nobom() -> bytes:
    return (NORMAL_CONTRACT * 3).encode("utf-16-le")


def invalid_utf8() -> bytes:
    text = "1. Services\n1.1 The Supplier’s fees — as agreed — are fixed.\n".encode()
    return text + b"2. Liability\n2.1 Caf\xc3\x28 and \xff\xfe\xfd invalid bytes in the middle.\n" + text


def corrupt_msg() -> bytes:
    rng = random.Random(SEED)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(4096))


# ------------------------------------------------------------------------------------------------ DOCX
def _base_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("placeholder")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


DOCX_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
             b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
DOCX_TAIL = b"</w:body></w:document>"


def write_docx(path: Path, document_xml_chunks, compresslevel: int = 9) -> Path:
    """A real DOCX (python-docx's own parts) whose word/document.xml is streamed from `document_xml_chunks`."""
    base = zipfile.ZipFile(io.BytesIO(_base_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as out:
        for info in base.infolist():
            if info.filename == "word/document.xml":
                member = zipfile.ZipInfo("word/document.xml")
                member.compress_type = zipfile.ZIP_DEFLATED
                member._compresslevel = compresslevel  # ZipInfo members ignore the archive default
                with out.open(member, "w", force_zip64=True) as fh:
                    for chunk in document_xml_chunks:
                        fh.write(chunk)
            else:
                out.writestr(info, base.read(info))
    return path


def _paragraphs(xml_bytes: int, para_chars: int):
    text = prose(para_chars).encode()
    para = b'<w:p><w:r><w:t xml:space="preserve">' + text + b"</w:t></w:r></w:p>"
    block = para * max(1, (1 << 20) // len(para))
    yield DOCX_HEAD
    left = xml_bytes
    while left > 0:
        yield block
        left -= len(block)
    yield DOCX_TAIL


def write_docx_expanding(path: Path, xml_bytes: int, para_chars: int = 1000) -> Path:
    """Paragraphs of ordinary prose until document.xml is about xml_bytes (compresses ~300-1000:1)."""
    return write_docx(path, _paragraphs(xml_bytes, para_chars))


def docx_billion_laughs() -> bytes:
    ents = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{ents}]><w:document xmlns:w='
           f'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&l9;</w:t>'
           f"</w:r></w:p></w:body></w:document>").encode()
    buf = io.BytesIO()
    write_docx(buf, [xml])  # type: ignore[arg-type] - ZipFile accepts a file object too
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ zips
def small_member(i: int) -> tuple[str, bytes]:
    rng = random.Random(SEED + i)
    if i % 2:
        return f"mail_{i:05d}.eml", eml(prose(rng.randint(150, 400), seed=i) + "\r\n", mid=f"z{i}")
    return f"doc_{i:05d}.txt", (f"{i}. Clause\n{i}.1 " + prose(rng.randint(150, 400), seed=i) + "\n").encode()


def write_zip_many(path: Path, members: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(members):
            zf.writestr(*small_member(i))
    return path


def write_zip_bomb(path: Path, member_bytes: int = 200 * 1024**2) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        member = zipfile.ZipInfo("zeros.txt")
        member.compress_type = zipfile.ZIP_DEFLATED
        member._compresslevel = 9
        with zf.open(member, "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(member_bytes >> 20):
                fh.write(block)
    return path


def nested_zip(depth: int) -> bytes:
    data = NORMAL_CONTRACT.encode()
    name = "inner.txt"
    for level in range(depth):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(name, data)
        data, name = buf.getvalue(), f"level{level}.zip"
    return data


def traversal_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in ("../../../../tmp/evil.txt", "/etc/evil2.txt", "ok/../../evil3.txt"):
            zf.writestr(name, NORMAL_CONTRACT)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------ models
def broken_models(default: Path, out: Path) -> dict[str, Path]:
    """Copies of a model folder, each broken one way."""
    variants = {}
    for kind in ("missing_file", "bad_model_json", "bad_weights", "string_threshold"):
        dst = out / kind
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(default, dst)
        variants[kind] = dst
    (out / "missing_file" / "classifier" / "config.json").unlink()
    (out / "bad_model_json" / "model.json").write_text('{"name": "default", "kind": "tfidf", ')
    (out / "bad_weights" / "classifier" / "weights.npz").write_bytes(b"PK\x03\x04 not really a zip" * 10)
    meta = json.loads((out / "string_threshold" / "model.json").read_text())
    meta["thresholds"][next(iter(meta["thresholds"]))] = "high"
    (out / "string_threshold" / "model.json").write_text(json.dumps(meta))
    return variants


def make_mbox(path: Path, messages: int) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import gen_inputs

    return gen_inputs.make_mbox(path, messages)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def fifo(path: Path) -> Path:
    if path.exists() or path.is_symlink():
        path.unlink()
    os.mkfifo(path)
    return path
