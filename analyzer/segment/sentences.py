"""Sentence splitting with spaCy, robust to legal abbreviations ("cl. 4.2", "Sch. 2", "e.g.", "Inc.", "U.K.").

A blank English pipeline + sentencizer is ~150x faster than a parsed one and, with the abbreviation guard below,
good enough for contract and email prose (where a parser's boundaries are no better on run-on legal text).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import numpy as np
from .. import spacy_lite  # noqa: F401 - before spacy: keeps torch out of this process
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .bounds import MAX_SEGMENT_CHARS, bounded_spans, cut_point, trim

# Longest text given to spaCy in one call: a blank pipeline uses ~10x the text's size in memory, and spaCy refuses
# texts over nlp.max_length (E088) outright. Chunks are cut so that no sentence changes (see _split_long).
CHUNK_CHARS = 100_000

# Abbreviations after which "." does not end a sentence when a number, a lower-case word or "(" follows.
LEGAL_ABBREVIATIONS = frozenset(
    """cl cll clause sch schs para paras s ss sec secs art arts no nos p pp ch chap reg regs r rr subs sub
    approx appx ex exh att fig vol v vs viz cf incl excl ref ltd inc co corp plc llc pty bv gmbh ag sa
    mr mrs ms dr prof st jan feb mar apr jun jul aug sep sept oct nov dec
    dept est min max qty int nr""".split()
)


@Language.component("abbreviation_guard")
def abbreviation_guard(doc: Doc) -> Doc:
    """Mark tokens after "<abbrev> ." as not starting a sentence; the sentencizer keeps these (overwrite=False)."""
    if len(doc) < 3:
        return doc
    # Only "." tokens matter: find them in one array pass instead of building a Token object per token.
    orths = doc.to_array(ORTH)
    for i in np.flatnonzero(orths[1:-1] == doc.vocab.strings["."]) + 1:
        i = int(i)
        tok = doc[i]
        prev, nxt = doc[i - 1], doc[i + 1]
        if tok.idx != prev.idx + len(prev.text):  # "word ." with a space is a real stop
            continue
        prev_l = prev.lower_
        is_abbrev = prev_l in LEGAL_ABBREVIATIONS or (len(prev_l) == 1 and prev_l.isalpha())
        if is_abbrev and (nxt.text[:1].isdigit() or nxt.text[:1].islower() or nxt.text[:1] in "(["):
            nxt.is_sent_start = False
        elif prev_l in {"cl", "sch", "para", "no", "art", "sec", "s", "ss", "clause", "paras", "nos"} and _is_ref_label(nxt.text):
            # "Sch. A", "para. B2": an alphanumeric reference, not a new sentence
            nxt.is_sent_start = False
    return doc


def _is_ref_label(word: str) -> bool:
    return bool(word) and word[0].isupper() and len(word) <= 3 and (len(word) == 1 or word[1:].isdigit())


@lru_cache(maxsize=1)
def sentence_pipeline() -> Language:
    # spaCy's default max_length (1,000,000) stays: texts reach it only in CHUNK_CHARS pieces
    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_guard")
    nlp.add_pipe("sentencizer", config={"overwrite": False})
    return nlp


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of sentences in `text`, whitespace trimmed, none over MAX_SEGMENT_CHARS."""
    return next(iter(split_sentences_many([text])))


def split_sentences_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[tuple[int, int]]]:
    """split_sentences for each text, in order; short texts go through spaCy in batches, long ones in chunks."""
    nlp = sentence_pipeline()
    batch: list[str] = []
    for text in texts:
        if len(text) <= CHUNK_CHARS:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from _split_batch(nlp, batch)
                batch = []
            continue
        yield from _split_batch(nlp, batch)
        batch = []
        yield _split_long(nlp, text)
    yield from _split_batch(nlp, batch)


def _split_batch(nlp: Language, texts: list[str]) -> Iterator[list[tuple[int, int]]]:
    # The input string is the doc's text (spaCy's tokenizer is non-destructive); Doc.text would rebuild it
    # token by token, which used to be the slowest part of segmentation.
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=len(texts) or 1)):
        yield _bounded(text, [(s.start_char, s.end_char) for s in doc.sents])


def _split_long(nlp: Language, text: str) -> list[tuple[int, int]]:
    """Sentences of a text over CHUNK_CHARS, from chunks cut at whitespace (never inside a token).

    Each chunk but the last gives up its last sentence, which may run on past the cut: the next chunk starts where
    that sentence starts. The sentencizer and the abbreviation guard decide a boundary from the few tokens around it,
    so every boundary kept is the one the whole text would have had. A chunk with no restart point (a sentence over
    half a chunk, 50,000 characters) is cut at the chunk's end; such a sentence is split into bounded pieces anyway.
    """
    raw: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        end = cut_point(text, pos, pos + CHUNK_CHARS)
        sents = [(pos + s.start_char, pos + s.end_char) for s in nlp(text[pos:end]).sents]
        nxt = end
        if end < n:
            # the last sentence that starts with whitespace or after it: the next chunk then starts where the
            # whole text has a token boundary too ("word.Next" is split by the tokenizer's infix rules)
            for i in range(len(sents) - 1, 0, -1):
                if text[sents[i][0] - 1].isspace() or text[sents[i][0]].isspace():
                    sents, nxt = sents[:i], sents[i][0]
                    break
        raw += sents
        pos = nxt
    return _bounded(text, raw)


def _bounded(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in sents:
        start, end = trim(text, start, end)
        if end > start:
            spans += bounded_spans(text, start, end, MAX_SEGMENT_CHARS)
    return spans
