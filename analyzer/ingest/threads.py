"""Streaming thread reconstruction and duplicate detection for e-mail, one message at a time.

A thread is named after its root: the first id in References (or In-Reply-To, or the message's own
Message-ID when it starts a thread), hashed to a short stable string. So the same conversation gets the
same thread_id whether its messages arrive in order, out of order, or split across files.
Messages without any usable ids fall back to normalised subject + participants.
Memory: only ids, short hashes and small participant sets are kept, never bodies.
"""
from __future__ import annotations

import hashlib
import re

from ..records import EmailMeta

# Reply/forward prefixes in several languages, plus "[EXTERNAL]"-style tags, possibly repeated.
_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|wg|sv|vs|tr|antw|rif|r|réf|ref)(\[\d+\])?\s*:|\[[^\]]{1,30}\]|\([^)]{0,12}external\))\s*",
    re.I,
)


def normalise_subject(subject: str | None) -> str:
    s = subject or ""
    while True:
        stripped = _PREFIX.sub("", s, count=1)
        if stripped == s:
            break
        s = stripped
    return " ".join(s.lower().split())


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class ThreadTracker:
    """`assign()` each message in mailbox order; returns (thread_id, is_duplicate)."""

    def __init__(self) -> None:
        self._thread_of: dict[str, str] = {}  # message id (seen or referenced) -> thread id
        self._seen_ids: set[str] = set()  # message ids actually processed
        self._body_hashes: set[str] = set()  # hash(thread, sender, cleaned body)
        self._by_subject: dict[str, list[tuple[frozenset[str], str]]] = {}
        self.duplicates = 0

    def assign(self, meta: EmailMeta, body: str) -> tuple[str, bool]:
        mid = meta.message_id
        if mid and mid in self._seen_ids:
            self.duplicates += 1
            return self._thread_of[mid], True
        thread = self._thread_for(meta)
        if body.strip():
            # Same cleaned text from the same sender in the same thread: a resend or a copy from another folder.
            key = _short_hash(f"{thread}\0{meta.sender or ''}\0{body.strip()}")
            if key in self._body_hashes:
                self.duplicates += 1
                return thread, True
            self._body_hashes.add(key)
        self._remember(meta, thread)
        return thread, False

    def _thread_for(self, meta: EmailMeta) -> str:
        refs = _refs(meta)
        for mid in [meta.message_id, *refs]:  # own id first: a root that arrives after its replies
            if mid and mid in self._thread_of:
                return self._thread_of[mid]
        if refs:  # an unknown first reference still names the root
            return _short_hash("id:" + refs[0])
        found = self._match_subject(meta)
        if found:
            return found
        if meta.message_id:
            return _short_hash("id:" + meta.message_id)
        subject = normalise_subject(meta.subject)
        people = ",".join(sorted(_participants(meta)))
        return _short_hash(f"subject:{subject}\0{people}\0{meta.date or ''}")

    def _match_subject(self, meta: EmailMeta) -> str | None:
        """A reply without References: same normalised subject and overlapping participants."""
        subject = normalise_subject(meta.subject)
        is_reply = subject != " ".join((meta.subject or "").lower().split())
        if not subject or not is_reply:  # "Status report" every week is not one thread; "Re: ..." is
            return None
        people = _participants(meta)
        for known, thread in self._by_subject.get(subject, []):
            shared = known & people
            if meta.sender in known and len(shared) >= min(2, len(people)):
                return thread
        return None

    def _remember(self, meta: EmailMeta, thread: str) -> None:
        if meta.message_id:
            self._seen_ids.add(meta.message_id)
            self._thread_of[meta.message_id] = thread
        for ref in _refs(meta):
            self._thread_of.setdefault(ref, thread)
        subject = normalise_subject(meta.subject)
        if subject:
            entries = self._by_subject.setdefault(subject, [])
            people = _participants(meta)
            for k, (known, tid) in enumerate(entries):
                if tid == thread:
                    if len(known) < 50:  # bounded: a mailing-list thread must not grow without limit
                        entries[k] = (known | people, tid)
                    break
            else:
                entries.append((people, thread))


def _refs(meta: EmailMeta) -> list[str]:
    refs = list(meta.references)
    if meta.in_reply_to and meta.in_reply_to not in refs:
        refs.append(meta.in_reply_to)
    return refs


def _participants(meta: EmailMeta) -> frozenset[str]:
    return frozenset(p.lower() for p in [meta.sender, *meta.recipients] if p)
