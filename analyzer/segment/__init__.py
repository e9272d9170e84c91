"""Segmentation: Documents -> addressable Segments (clauses and sentences for contracts, sentences for email)."""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import tee
from typing import Iterable, Iterator

from ..records import Document, Segment
from .clauses import Clause, find_clauses
from .sentences import split_sentences, split_sentences_many

# A clause body up to this length stays one segment; longer ones are split into sentences (keeping the clause number).
MAX_CLAUSE_CHARS = 400


def segment(doc: Document) -> list[Segment]:
    """Split one document; every segment satisfies doc.text[seg.start:seg.end] == seg.text."""
    if doc.kind == "email":
        return _email_segments(doc)
    return _contract_segments(doc)


def segment_many(docs: Iterable[Document]) -> Iterator[tuple[Document, list[Segment]]]:
    for doc in docs:
        yield doc, segment(doc)


def _contract_segments(doc: Document) -> list[Segment]:
    text = doc.text
    clauses = find_clauses(text)
    pieces: list[tuple[int, int, Clause | None]] = []
    first = clauses[0].line_start if clauses else len(text)
    pieces += [(a, b, None) for a, b in split_sentences(text[:first])]
    for clause in clauses:
        a, b = clause.body_start, clause.body_end
        body = text[a:b]
        if not body.strip():
            continue
        if len(body) <= MAX_CLAUSE_CHARS:
            pieces.append((a + _lead(body), b, clause))
        else:
            pieces += [(a + s, a + e, clause) for s, e in split_sentences(body)]
    segs = []
    sorted_starts = all(a <= b for a, b in zip(doc.page_starts, doc.page_starts[1:]))
    for start, end, clause in pieces:
        if not _has_words(text[start:end]):
            continue
        segs.append(
            Segment(
                doc_id=doc.id, index=len(segs), text=text[start:end], start=start, end=end, kind="contract",
                source=doc.source, page=_page_at(doc, sorted_starts, start),
                clause=clause.number if clause else None,
                heading_path=list(clause.heading_path) if clause else [],
            )
        )
    return segs


def _email_segments(doc: Document) -> list[Segment]:
    meta = doc.email
    segs: list[Segment] = []
    text = doc.text
    # Paragraphs first: a blank line always ends a sentence in mail ("Hi Sam," / "Thanks").
    paragraphs, for_split = tee(_paragraphs(text))
    for p_start, spans in zip((a for a, _ in paragraphs), split_sentences_many(b for _, b in for_split)):
        for s, e in spans:
            start, end = p_start + s, p_start + e
            if not _has_words(text[start:end]):
                continue
            segs.append(
                Segment(
                    doc_id=doc.id, index=len(segs), text=text[start:end], start=start, end=end, kind="email",
                    source=doc.source,
                    message_id=meta.message_id if meta else None,
                    thread_id=meta.thread_id if meta else None,
                    sender=meta.sender if meta else None,
                    recipients=list(meta.recipients) if meta else [],
                    date=meta.date if meta else None,
                    subject=meta.subject if meta else None,
                )
            )
    return segs


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, block) for the blocks of text.split("\n\n") that can hold a segment, lazily: a body of millions of
    blank lines would otherwise become a list of millions of empty blocks."""
    pos, n = 0, len(text)
    while pos <= n:
        cut = text.find("\n\n", pos)
        end = n if cut < 0 else cut
        if _has_words_in(text, pos, end):
            yield pos, text[pos:end]
        if cut < 0:
            return
        pos = cut + 2


def _page_at(doc: Document, sorted_starts: bool, offset: int) -> int | None:
    """doc.page_at in O(log pages) (a 2,000-page PDF has tens of thousands of segments)."""
    if not doc.page_starts:
        return None
    if not sorted_starts:
        return doc.page_at(offset)
    return max(1, bisect_right(doc.page_starts, offset))


def _lead(s: str) -> int:
    return len(s) - len(s.lstrip())


_LETTER = re.compile(r"[^\W\d_]")


def _has_words_in(text: str, start: int, end: int) -> bool:
    """True whenever _has_words(text[start:end]) is, without copying the slice (the regex's "letter" also takes a few
    numeric signs such as "½": a pre-filter, so it may only let more through)."""
    first = _LETTER.search(text, start, end)
    return first is not None and _LETTER.search(text, first.end(), end) is not None


def _has_words(s: str) -> bool:
    """At least two letters (stops at the second one: most segments are long)."""
    seen = False
    for ch in s:
        if ch.isalpha():
            if seen:
                return True
            seen = True
    return False


__all__ = ["segment", "segment_many", "find_clauses", "split_sentences", "MAX_CLAUSE_CHARS"]
