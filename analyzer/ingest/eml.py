"""Reader for single RFC 822 messages (.eml), plus the Document builder shared by the mbox and msg readers."""
from __future__ import annotations

import logging
from typing import Iterator

from ..records import Document, EmailMeta, ReadError, document_id
from .email_clean import clean_body
from .email_parse import ParsedEmail, parse_email
from .source import Source
from .threads import ThreadTracker

log = logging.getLogger(__name__)


def read_eml(src: Source) -> Iterator[Document | ReadError]:
    data = src.read_bytes()
    try:
        parsed = parse_email(data)
    except Exception as exc:  # noqa: BLE001 - the stdlib parser is lenient; anything raised here is corrupt input
        log.debug("eml parse failed for %s", src.name, exc_info=True)
        yield ReadError(src.name, "corrupt", f"unreadable e-mail: {type(exc).__name__}: {exc}"[:300])
        return
    if not parsed.has_headers:
        yield ReadError(src.name, "corrupt", "no e-mail headers found")
        return
    doc, _ = email_document(src.name, parsed, document_id(src.sha256), ThreadTracker(), fmt="eml")
    yield doc


def email_document(
    source: str,
    parsed: ParsedEmail,
    doc_id: str,
    tracker: ThreadTracker,
    fmt: str,
    position: int | None = None,
) -> tuple[Document, bool]:
    """Clean the body, assign the thread and build the Document; also returns whether it is a duplicate."""
    cleaned = clean_body(parsed.body)
    meta: EmailMeta = parsed.meta
    meta.position = position
    meta.thread_id, duplicate = tracker.assign(meta, cleaned.text)
    warnings = list(parsed.warnings)
    if not cleaned.text and parsed.body.strip():
        warnings.append("no text of the sender's own: the body is only quoted or forwarded history or a signature")
    elif not parsed.body.strip():
        warnings.append("empty message body")
    metadata = {
        "format": fmt,
        "body_format": parsed.body_format,
        "raw_body_chars": len(parsed.body),
        "quoted_chars_removed": cleaned.removed_chars,
        "parts_removed": sorted(set(cleaned.parts_removed)),
        "attachments": parsed.attachments,
    }
    if cleaned.forwarded_only:
        # The text is the forwarded message's, not the sender's: downstream may attribute it differently.
        metadata["forwarded_only"] = True
    if parsed.sender_name:
        metadata["sender_name"] = parsed.sender_name
    doc = Document(id=doc_id, source=source, kind="email", text=cleaned.text, metadata=metadata,
                   email=meta, warnings=warnings)
    return doc, duplicate
