"""Sentence splitting with spaCy, robust to legal abbreviations ("cl. 4.2", "Sch. 2", "e.g.", "Inc.", "U.K.").

A blank English pipeline + sentencizer is ~150x faster than a parsed one and, with the abbreviation guard below,
good enough for contract and email prose (where a parser's boundaries are no better on run-on legal text).
"""
from __future__ import annotations

from functools import lru_cache
from itertools import tee
from typing import Iterable, Iterator

import numpy as np
from .. import spacy_lite  # noqa: F401 - before spacy: keeps torch out of this process
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

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
    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_guard")
    nlp.add_pipe("sentencizer", config={"overwrite": False})
    nlp.max_length = 5_000_000
    return nlp


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of sentences in `text`, whitespace trimmed."""
    return next(iter(split_sentences_many([text])))


def split_sentences_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[tuple[int, int]]]:
    nlp = sentence_pipeline()
    # The input string is the doc's text (spaCy's tokenizer is non-destructive); Doc.text would rebuild it
    # token by token, which used to be the slowest part of segmentation.
    texts, for_nlp = tee(texts)
    for text, doc in zip(texts, nlp.pipe(for_nlp, batch_size=batch_size)):
        if not isinstance(text, str):
            text = doc.text
        spans: list[tuple[int, int]] = []
        for sent in doc.sents:
            start, end = _trim(text, sent.start_char, sent.end_char)
            if end > start:
                spans.append((start, end))
        yield spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
