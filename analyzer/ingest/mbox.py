"""Streaming mbox reader: one message at a time, never the whole file in memory.

`mailbox.mbox` builds a table of contents over the whole file first (and re-opens it per message), so
instead we read the binary stream line by line and split on "From " separator lines (a "From " line at
the start of the file or after a blank line). mboxrd/mboxo escaping (">From " in bodies) is undone.
"""
from __future__ import annotations

import logging
import re
from typing import IO, Iterator

from ..records import Document, ReadError, document_id
from .eml import email_document
from .email_parse import parse_email
from .source import Source, TooLarge
from .threads import ThreadTracker

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # one message; beyond this it is reported, not parsed
_CHUNK = 1024 * 1024  # longest piece of a line read at once (base64 without newlines exists)
# "From sender@host Thu Jan  1 00:00:00 2026": after a blank line a sender token and a digit suffice; without
# the blank line (some exporters omit it) only the full asctime form counts, which prose never matches.
_SEPARATOR = re.compile(rb"From \S+.*\d")
_STRICT_SEPARATOR = re.compile(rb"From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]?\d \d\d:\d\d(:\d\d)? .*\d{4}")
_ESCAPED_FROM = re.compile(rb">+From ")


def read_mbox(src: Source) -> Iterator[Document | ReadError]:
    limit = src.limits.max_stream_bytes
    if src.size > limit:
        raise TooLarge(f"mailbox is {src.size:,} bytes; the limit is {limit:,}")
    max_message = min(MAX_MESSAGE_BYTES, src.limits.max_file_bytes)
    file_sha = src.sha256
    tracker = ThreadTracker()
    count = 0
    with src.open() as fh:
        for position, raw in iter_messages(fh, max_message):
            name = f"{src.name}#{position}"
            if raw is None:
                yield ReadError(name, "too_large", f"message exceeds {max_message:,} bytes; skipped")
                continue
            try:
                parsed = parse_email(raw)
            except Exception as exc:  # noqa: BLE001 - one corrupt message must not end the mailbox
                log.debug("mbox message %s failed", name, exc_info=True)
                yield ReadError(name, "corrupt", f"unreadable message: {type(exc).__name__}: {exc}"[:300])
                continue
            if not parsed.has_headers:
                yield ReadError(name, "corrupt", "message has no headers")
                continue
            part = f"{position}:{parsed.meta.message_id or ''}"
            doc, duplicate = email_document(src.name, parsed, document_id(file_sha, part), tracker, "mbox", position)
            if duplicate:
                log.debug("%s: duplicate of an earlier message (%s); skipped", name, parsed.meta.message_id)
                continue
            count += 1
            yield doc
    if tracker.duplicates:
        log.info("%s: %d messages, %d duplicates skipped", src.name, count, tracker.duplicates)


def iter_messages(fh: IO[bytes], max_bytes: int = MAX_MESSAGE_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """Yield (position, message bytes) per message; bytes is None for a message over `max_bytes`."""
    lines: list[bytes] = []
    size, position, too_large = 0, 0, False
    prev_blank, at_line_start, started = True, True, False
    while True:
        piece = fh.readline(_CHUNK)
        if not piece:
            break
        line_start, at_line_start = at_line_start, piece.endswith(b"\n")
        is_separator = line_start and piece.startswith(b"From ") and bool(
            _SEPARATOR.match(piece) if prev_blank else _STRICT_SEPARATOR.match(piece))
        if is_separator:
            if started:
                yield position, None if too_large else _finish(lines)
                position += 1
            lines, size, too_large, started, prev_blank = [], 0, False, True, False
            continue
        if not started:
            if not piece.strip():
                continue  # blank lines before the first separator
            started = True  # content without a leading "From " line: read it as the first message
        prev_blank = line_start and at_line_start and not piece.strip()
        if line_start and piece.startswith(b">") and _ESCAPED_FROM.match(piece):
            piece = piece[1:]
        size += len(piece)
        if size > max_bytes:
            too_large, lines = True, []  # keep reading to the next separator, holding nothing
        elif not too_large:
            lines.append(piece)
    if started:
        yield position, None if too_large else _finish(lines)


def _finish(lines: list[bytes]) -> bytes:
    # The blank line before a separator belongs to the separator, not to the message.
    return b"".join(lines).rstrip(b"\r\n") + b"\n"
