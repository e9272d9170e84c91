"""The cue pattern language compiled for one spaCy PhraseMatcher pass, and the stitcher that joins a pattern's
phrase segments across its gaps (the pattern language itself is described in `cue_patterns`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from . import cue_patterns as P

CLAUSE_END = {".", "!", "?", ";"}

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
def compiled_patterns() -> _Compiled:
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


class Tokens:
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
            if w in CLAUSE_END or "\n" in w:
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


def stitch(segs: list[_Seg], hits: dict[int, list[tuple[int, int]]], tk: Tokens) -> list[tuple[int, int]]:
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
