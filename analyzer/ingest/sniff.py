"""Decide a file's format from its first bytes, falling back to its extension (extensions: formats.py)."""
from __future__ import annotations

import io
import re
import zipfile

from . import formats
from .source import Source
from .text import bomless_utf16, decode_bytes

_EMAIL_HEADER = re.compile(
    rb"^(Received|From|To|Subject|Message-ID|Return-Path|MIME-Version|Date|Delivered-To|X-[\w-]+|Content-Type|Cc)"
    rb":[ \t]?",
    re.IGNORECASE | re.MULTILINE,
)
# mbox "From_" separator: "From sender@host Mon Jan  1 00:00:00 2026" (asctime date; sender may be MAILER-DAEMON)
_FROM_LINE = re.compile(rb"From \S+ +[^\r\n]*\d{1,2}:\d{2}(:\d{2})?[^\r\n]*\d{4}[ \t]*\r?$", re.MULTILINE)


def sniff(src: Source, head: bytes | None = None) -> str | None:
    """Return a registered format's name ("pdf", "docx", "zip", "msg", "mbox", "eml", "html", "text", ...) or None
    (unknown/binary).

    Content wins over the extension: a PDF named .txt is read as PDF; an extension only decides between
    formats that look alike (an OLE file is read as .msg only when named so or shaped so).
    """
    if head is None:
        head = src.head()
    named = formats.by_extension(src.suffix)
    ext = named.name if named else None
    for name, test in formats.sniffers():
        if test(head):
            return name
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(src, ext)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2 compound file: Outlook .msg, but also legacy .doc/.xls, which we do not read.
        return "msg" if ext in (None, "msg") or b"_\x00_\x00s\x00u\x00b\x00s\x00t\x00g" in head else None
    if not head:
        return ext
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or bomless_utf16(head):
        return _utf16_kind(head, ext)  # UTF-16/32 text: only the text and HTML readers decode it
    if _looks_binary(head):
        return None
    if _FROM_LINE.match(stripped):
        return "mbox"
    lower = stripped[:512].lower()
    if lower.startswith((b"<!doctype html", b"<html")) or (ext == "html" and b"<" in lower):
        return "html"
    if len(_EMAIL_HEADER.findall(head[:2048])) >= 2 and _EMAIL_HEADER.match(stripped):
        return "eml"
    if named is not None and named.text_based:
        return ext
    return "text"


def _looks_binary(head: bytes) -> bool:
    """Binary when NUL bytes are more than a trace (a stray NUL in a mail or text file is not) or control
    characters are more than 5% (random or compressed bytes have about 10%)."""
    sample = head[:4096]
    nul = sample.count(0)
    control = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)  # ESC: ANSI colour codes in logs
    return nul > max(2, len(sample) // 100) or control > len(sample) * 0.05


def _utf16_kind(head: bytes, ext: str | None) -> str:
    text, _, _ = decode_bytes(head[: len(head) & ~3])
    lower = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if ext == "html" or lower.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def _zip_kind(src: Source, ext: str | None) -> str:
    try:
        with src.open() as fh:
            data = fh if fh.seekable() else io.BytesIO(fh.read())
            names = set(zipfile.ZipFile(data).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # Truncated or corrupt: trust the extension so the right reader reports the error.
        return "docx" if ext == "docx" else "zip"
    if "word/document.xml" in names:
        return "docx"
    return "zip"
