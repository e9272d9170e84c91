"""Outlook .msg reader via extract-msg (GPL-3.0, so an optional extra imported only when a .msg is read).

Body preference: plain text, else HTML (extract-msg also de-encapsulates HTML that Outlook wrapped in
RTF), else the native RTF body stripped to text. Header facts come from the transport headers when the
file has them, otherwise from the MAPI properties.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Iterator

from ..records import Document, EmailMeta, ReadError, document_id
from .eml import email_document
from .email_parse import ParsedEmail, decode_bytes, html_to_text, meta_from_headers
from .source import Source
from .threads import ThreadTracker

log = logging.getLogger(__name__)

MISSING_EXTRA = "Outlook .msg support needs the optional extra: pip install 'tone-analyzer[msg]'"
# Message classes whose body is encrypted or rights-protected: nothing readable without keys.
_PROTECTED = re.compile(r"smime(?!\.multipartsigned)|rpmsg|\.secure", re.I)


def read_msg(src: Source) -> Iterator[Document | ReadError]:
    try:
        import extract_msg
    except ImportError:
        yield ReadError(src.name, "missing_dependency", MISSING_EXTRA)
        return
    data = src.read_bytes()
    try:
        msg = extract_msg.openMsg(data, delayAttachments=True)
    except Exception as exc:  # noqa: BLE001 - olefile/extract-msg raise many types for damaged files
        log.debug("extract-msg failed on %s", src.name, exc_info=True)
        yield ReadError(src.name, "corrupt", f"unreadable Outlook message: {type(exc).__name__}: {exc}"[:300])
        return
    try:
        class_type = str(getattr(msg, "classType", "") or "")
        if _PROTECTED.search(class_type):
            yield ReadError(src.name, "encrypted", f"encrypted or rights-protected Outlook message ({class_type})")
            return
        parsed = _parse(msg)
    except Exception as exc:  # noqa: BLE001
        log.debug("extract-msg failed reading %s", src.name, exc_info=True)
        yield ReadError(src.name, "corrupt", f"unreadable Outlook message: {type(exc).__name__}: {exc}"[:300])
        return
    finally:
        msg.close()
    doc, _ = email_document(src.name, parsed, document_id(src.sha256), ThreadTracker(), fmt="msg")
    yield doc


def _parse(msg: Any) -> ParsedEmail:
    warnings: list[str] = []
    meta, sender_name = _meta(msg, warnings)
    body, fmt = _body(msg, warnings)
    attachments = []
    for att in getattr(msg, "attachments", []) or []:
        name = getattr(att, "longFilename", None) or getattr(att, "name", None) or getattr(att, "shortFilename", None)
        if name:
            attachments.append(str(name))
    return ParsedEmail(meta, body, fmt, attachments, warnings, sender_name)


def _meta(msg: Any, warnings: list[str]) -> tuple[EmailMeta, str | None]:
    header = None
    if _safe(lambda: msg.headerText):
        header = _safe(lambda: msg.header)
    meta, sender_name = meta_from_headers(header, warnings) if header is not None else (EmailMeta(), None)
    # Fill what the transport headers lack from the MAPI properties.
    if not meta.message_id:
        meta.message_id = _bracket(_safe(lambda: msg.messageId))
    if not meta.in_reply_to:
        meta.in_reply_to = _bracket(_safe(lambda: msg.inReplyTo))
    if not meta.subject:
        meta.subject = _safe(lambda: msg.subject) or None
    if not meta.date:
        date = _safe(lambda: msg.date)
        meta.date = date.isoformat() if date is not None else None
    if not meta.sender:
        fallback, _ = meta_from_headers(_as_headers({"From": _safe(lambda: msg.sender)}))
        meta.sender = fallback.sender
        sender_name = sender_name or _safe(lambda: msg.sender)
    if not meta.recipients:
        recips = _safe(lambda: msg.recipients) or []
        meta.recipients = [str(r.email).lower() for r in recips if getattr(r, "email", None)]
    return meta, sender_name


def _body(msg: Any, warnings: list[str]) -> tuple[str, str]:
    plain = _safe(lambda: msg.body)
    if isinstance(plain, bytes):
        plain = decode_bytes(plain, "utf-8", warnings)
    if plain and plain.strip():
        return plain, "plain"
    html = _safe(lambda: msg.htmlBody)  # also de-encapsulated from RTF by extract-msg when needed
    if html:
        text = html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html)
        return html_to_text(text), "html"
    rtf = _safe(lambda: msg.rtfBody)
    if rtf:
        return rtf_to_text(rtf), "rtf"
    return "", "none"


def rtf_to_text(rtf: bytes) -> str:
    """Last resort for native (not encapsulated) RTF: drop groups like fonts/colours, keep the text."""
    text = rtf.decode("latin-1")
    text = re.sub(r"\{\\\*[^{}]*(\{[^{}]*\}[^{}]*)*\}", "", text)  # {\*\destination ...} groups
    text = re.sub(r"\{\\(fonttbl|colortbl|stylesheet|info)[^{}]*(\{[^{}]*\}[^{}]*)*\}", "", text)
    text = re.sub(r"\\'([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]).decode("cp1252", "replace"), text)
    text = re.sub(r"\\u(-?\d+)\??", lambda m: chr(int(m.group(1)) % 65536), text)
    text = re.sub(r"\\(par|line)\b ?", "\n", text)
    text = re.sub(r"\\tab\b ?", "\t", text)
    text = re.sub(r"\\[a-zA-Z]+-?\d* ?", "", text)  # remaining control words
    text = re.sub(r"\\([\\{}])|[{}]", lambda m: m.group(1) or "", text)  # drop group braces, keep \{ \}
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _safe(get: Any) -> Any:
    """extract-msg computes properties lazily and may raise on damaged streams; treat that as missing."""
    try:
        return get()
    except Exception:  # noqa: BLE001
        log.debug("extract-msg property failed", exc_info=True)
        return None


def _bracket(value: str | None) -> str | None:
    if not value or not str(value).strip():
        return None
    value = str(value).strip()
    return value if value.startswith("<") else f"<{value.strip('<>')}>"


def _as_headers(values: dict[str, str | None]) -> Any:
    from email.message import Message

    m = Message()
    for k, v in values.items():
        if v:
            m[k] = v
    return m
