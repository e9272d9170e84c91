"""One RFC 822 message (bytes) -> header facts (EmailMeta) + the readable body text, never raising on bad input.

Built on the stdlib `email` package (BytesParser, policy.default), which already handles MIME structure,
transfer encodings and RFC 2047 encoded words. What we add is the tolerance real mail needs:
- charsets: labels are often wrong (cp1252 bytes labelled iso-8859-1 or us-ascii, utf-8 labelled ascii);
  we decode strictly with a chain of candidates and only fall back to errors="replace" with a warning;
- headers: header objects may raise on malformed input (and are slow), so raw values are decoded leniently;
- 7bit bodies that are really quoted-printable (seen in the Enron corpus) are unquoted heuristically.
"""
from __future__ import annotations

import email.utils
import logging
import quopri
import re
from dataclasses import dataclass, field
from email import policy
from email.policy import EmailPolicy
from functools import lru_cache
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser

from ..records import EmailMeta

log = logging.getLogger(__name__)

_MSGID = re.compile(r"<[^<>\s]+>")
# Labels whose bytes are, in practice, usually cp1252 (the WHATWG encoding standard does the same mapping).
_CP1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "ansi_x3.4-1968",
                   "windows-1252", "cp1252", "x-user-defined"}
_CHARSET = re.compile(r"charset\s*=\s*\"?([^\";\s]+)", re.I)
_ASCII_LABELS = {"us-ascii", "ascii", "ansi_x3.4-1968"}
_QP_SOFT_BREAK = re.compile(r"=\r?\n")
_QP_ESCAPE = re.compile(r"=[0-9A-F]{2}")


@dataclass
class ParsedEmail:
    meta: EmailMeta
    body: str  # the readable body before reply/signature cleaning
    body_format: str = "plain"  # "plain", "html" or "none"
    attachments: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sender_name: str | None = None
    has_headers: bool = True


class _CachedMimeHeaders(EmailPolicy):
    """policy.default, except that parsed MIME headers are cached: the parser and get_content_type() parse the
    same Content-Type 5 times per message, which made it the slowest step of reading a mailbox. Header objects
    are immutable and come from policy.default itself, so results are identical."""

    def header_fetch_parse(self, name, value):
        if name.lower() in _MIME_HEADERS and isinstance(value, str) and not hasattr(value, "name"):
            return _parsed_header(name, value)
        return super().header_fetch_parse(name, value)


_MIME_HEADERS = frozenset(("content-type", "content-transfer-encoding", "content-disposition"))


@lru_cache(maxsize=4096)
def _parsed_header(name: str, value: str):
    return policy.default.header_fetch_parse(name, value)


_POLICY = _CachedMimeHeaders()


def parse_email(data: bytes) -> ParsedEmail:
    """Parse one message. Problems become `warnings`; only a bug (not bad input) can raise."""
    msg = BytesParser(policy=_POLICY).parsebytes(data)
    warnings: list[str] = []
    meta, sender_name = meta_from_headers(msg, warnings)
    body, fmt, attachments = _extract_body(msg, warnings)
    body = body.replace("\x00", "")  # a stray NUL (seen in real mail) would break every later encode
    has_headers = any(True for _ in msg.raw_items())
    return ParsedEmail(meta, body, fmt, attachments, warnings, sender_name, has_headers)


# ---------------------------------------------------------------------------------------------- headers


def meta_from_headers(msg: Message, warnings: list[str] | None = None) -> tuple[EmailMeta, str | None]:
    """EmailMeta from a message's headers (also used for the transport headers of an Outlook .msg).

    Raw header values are decoded here rather than through policy.default's header objects: those parse
    every address list into a full syntax tree (the slowest part of reading mail) and may raise on
    malformed input, whereas getaddresses/decode_header are lenient.
    """
    warnings = warnings if warnings is not None else []
    raw = _raw_headers(msg)
    sender_name, sender = _first_address(raw.get("from") or raw.get("sender"))
    recipients = _addresses(raw.get("to"), raw.get("cc"))
    refs = _ids(raw.get("references"))
    in_reply_to = (_ids(raw.get("in-reply-to")) or [None])[-1]
    date_raw = raw.get("date")
    date = parse_date(date_raw)
    if date_raw and date is None:
        warnings.append(f"unparseable Date header: {date_raw[:60]!r}")
    message_id = (_ids(raw.get("message-id")) or [None])[0]
    subject = " ".join(decode_words(raw.get("subject", "")).split())
    meta = EmailMeta(message_id=message_id, in_reply_to=in_reply_to, references=refs, sender=sender,
                     recipients=recipients, date=date, subject=subject or None)
    return meta, sender_name


def _raw_headers(msg: Message) -> dict[str, str]:
    """First value of each header, unfolded and still encoded (encoded words are decoded per field)."""
    out: dict[str, str] = {}
    for name, value in msg.raw_items():
        key = name.lower()
        if key not in out and value is not None:
            out[key] = _undo_surrogates(re.sub(r"\r?\n[ \t]+", " ", str(value)).strip())
    return out


_SURROGATES = re.compile("[\udc80-\udcff]")


def _undo_surrogates(value: str) -> str:
    """Raw 8-bit header bytes (RFC 6532 UTF-8, or legacy cp1252) reach us as surrogate escapes; left in, they break
    every later encode (JSON, DuckDB). Decode them as UTF-8 when that is valid, otherwise as cp1252."""
    if not _SURROGATES.search(value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    for charset in ("utf-8", "cp1252"):
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def decode_words(raw: str) -> str:
    """Decode RFC 2047 encoded words leniently (unknown charsets and bad base64 keep the raw text)."""
    try:
        return str(make_header(decode_header(raw)))
    except Exception:  # noqa: BLE001 - LookupError, HeaderParseError, binascii errors
        return raw


def _ids(value: str | None) -> list[str]:
    """Message ids in `<...>` form; bare ids (no brackets) are wrapped so comparisons are uniform."""
    if not value:
        return []
    found = _MSGID.findall(value)
    if not found:
        found = [f"<{tok.strip('<>')}>" for tok in value.split() if "@" in tok]
    return list(dict.fromkeys(found))


def _addresses(*values: str | None) -> list[str]:
    out: list[str] = []
    for value in values:
        if not value:
            continue
        for name, addr in _getaddresses(value):
            key = addr.lower() if "@" in addr else (name or addr).strip()
            if key and key not in out:
                out.append(key)
    return out


def _first_address(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    pairs = _getaddresses(value)
    if not pairs:
        return None, decode_words(value).strip() or None
    name, addr = pairs[0]
    key = addr.lower() if "@" in addr else (name or addr or value).strip()
    return (name or None), (key or None)


def _getaddresses(value: str) -> list[tuple[str, str]]:
    """Split the raw (still encoded) list first, so a decoded name with a comma cannot split an entry."""
    try:
        pairs = email.utils.getaddresses([value])
    except Exception:  # noqa: BLE001 - extremely malformed address list
        pairs = [("", part.strip()) for part in value.split(",")]
    return [(decode_words(n).strip(), a.strip()) for n, a in pairs if n or a]


def parse_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# ---------------------------------------------------------------------------------------------- body


def _extract_body(msg: EmailMessage, warnings: list[str], recover: bool = True) -> tuple[str, str, list[str]]:
    if not msg.is_multipart():  # the common case; get_body() re-parses Content-Type many times
        ctype = msg.get_content_type()
        if ctype.startswith("text/") and not _is_attachment(msg):
            text = decode_part(msg, warnings)
            return (html_to_text(text), "html", []) if ctype == "text/html" else (text, "plain", [])
        if recover and ctype.startswith("multipart/") and isinstance(msg.get_payload(), str):
            return _broken_multipart(msg, warnings)
        return "", "none", _attachment_names(msg)
    attachments = _attachment_names(msg)
    part = None
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - broken MIME tree; walk it by hand below
        pass
    if part is None:
        part = next((p for p in msg.walk() if p.get_content_maintype() == "text" and not _is_attachment(p)), None)
    if part is None:
        return "", "none", attachments
    text = decode_part(part, warnings)
    if part.get_content_subtype() == "html":
        return html_to_text(text), "html", attachments
    return text, "plain", attachments


def _broken_multipart(msg: EmailMessage, warnings: list[str]) -> tuple[str, str, list[str]]:
    """A multipart message whose declared boundary never occurs (the parser then keeps the whole body as one
    string): parse it again with the boundary its text does use, or failing that read the raw body as text."""
    raw = msg.get_payload().encode("utf-8", "surrogateescape")
    declared = msg.get_param("boundary")
    found = _BOUNDARY_LINE.search(raw)
    if found:
        boundary = found.group(1).decode("ascii", "replace")
        header = f'Content-Type: {msg.get_content_type()}; boundary="{boundary}"\r\n\r\n'.encode()
        inner = BytesParser(policy=_POLICY).parsebytes(header + raw)
        if inner.is_multipart():
            warnings.append(f"MIME boundary {declared!r} not found in the body; read the parts by the boundary "
                            f"{boundary!r} found in the text")
            return _extract_body(inner, warnings, recover=False)
    text = decode_bytes(_PART_HEADERS.sub(b"", raw, count=1), _charset(msg), warnings)
    if not text.strip():
        return "", "none", []
    which = f"its MIME boundary {declared!r}" if declared else "a MIME boundary"
    warnings.append(f"multipart message without {which}; read the raw body as plain text")
    return text, "plain", []


# RFC 2046: "--" + a boundary of 1-70 characters (we also accept the closing "--" form first met)
_BOUNDARY_LINE = re.compile(rb"^--([0-9A-Za-z'()+_,./:=?-][^\r\n]{0,69}?)(?:--)?[ \t]*\r?$", re.MULTILINE)
_PART_HEADERS = re.compile(rb"\A(?:\s*\r?\n)*(?:Content-[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+\r?\n", re.I)


def _is_attachment(part: Message) -> bool:
    if "content-disposition" not in _raw_headers(part) and "name=" not in _raw_headers(part).get("content-type", ""):
        return False  # cheap answer for the common case: no disposition, no file name
    try:
        return part.get_content_disposition() == "attachment" or bool(part.get_filename())
    except Exception:  # noqa: BLE001
        return False


def _attachment_names(msg: Message) -> list[str]:
    names: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        try:
            name = part.get_filename()
        except Exception:  # noqa: BLE001 - malformed Content-Disposition parameters
            name = None
        if name:
            names.append(decode_words(name))
        elif part.get_content_disposition() == "attachment":
            names.append(f"(unnamed {part.get_content_type()})")
    return names


def decode_part(part: Message, warnings: list[str]) -> str:
    """Bytes of one text part -> str: declared charset first, then likely candidates, then replace."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - bad base64/QP; take the undecoded payload
        payload = None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    cte = _raw_headers(part).get("content-transfer-encoding", "").lower()
    if cte in ("", "7bit", "8bit") and (b"=\n" in payload or b"=\r\n" in payload) and _looks_quoted_printable(payload):
        payload = quopri.decodestring(payload)
        warnings.append("body declared 7bit/8bit but was quoted-printable; unquoted")
    charset = _charset(part)
    return decode_bytes(payload, charset, warnings)


def _charset(part: Message) -> str | None:
    m = _CHARSET.search(_raw_headers(part).get("content-type", ""))
    return m.group(1).strip().lower() if m else None


def decode_bytes(data: bytes, charset: str | None, warnings: list[str]) -> str:
    candidates: list[str] = []
    if charset and charset not in _CP1252_ALIASES:
        candidates.append(charset)
    # Then utf-8 (strict utf-8 validity is a strong signal and the commonest mislabel), then Windows Latin.
    candidates += ["utf-8", "cp1252"]
    if charset in _CP1252_ALIASES:
        candidates.append("latin-1")  # cp1252 leaves 5 bytes undefined; latin-1 decodes every byte
    for cs in dict.fromkeys(candidates):
        try:
            text = data.decode(cs)
        except LookupError:
            warnings.append(f"unknown charset {cs!r}; decoded by guessing")
            continue
        except UnicodeDecodeError:
            continue
        if charset and _mislabelled(charset, cs, data):
            warnings.append(f"body is not valid {charset}; decoded as {cs}")
        return text
    guess = _guess_charset(data)
    warnings.append(f"undecodable body (declared {charset or 'no charset'}); decoded as {guess} with replacements")
    return data.decode(guess, errors="replace")


def _mislabelled(declared: str, used: str, data: bytes) -> bool:
    if used == declared or data.isascii():  # ascii bytes read the same under every candidate
        return False
    # cp1252/latin-1 bytes under a latin label are the normal case, not a mislabel.
    latin_label = declared in _CP1252_ALIASES and declared not in _ASCII_LABELS
    return not (latin_label and used in ("cp1252", "latin-1"))


def _guess_charset(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None:
            return best.encoding
    except Exception:  # noqa: BLE001 - optional heuristic only
        pass
    return "latin-1"


def _looks_quoted_printable(payload: bytes) -> bool:
    """Soft line breaks ("=" at line end) on many lines plus =XX escapes: an unlabelled QP body."""
    try:
        text = payload[:200_000].decode("ascii")
    except UnicodeDecodeError:
        return False
    lines = text.count("\n") + 1
    soft = len(_QP_SOFT_BREAK.findall(text))
    return soft >= 3 and soft >= lines * 0.2 and len(_QP_ESCAPE.findall(text)) >= 2


def html_to_text(html: str) -> str:
    """The shared HTML converter, imported lazily so plain-text mail never loads BeautifulSoup.
    Blockquotes become "> " lines so that quoted history in HTML mail is recognisable to the cleaner."""
    from .text import html_to_text as convert

    return convert(html, quote_blockquotes=True)
