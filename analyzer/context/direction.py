"""Direction and qualifiers of a typed clause: who it empowers or protects, who bears it, and what softens it.

Reads the real spaCy parse (en_core_web_sm) of typed segments only. The actor is the subject of the clause's key
verb ("Supplier may terminate", "Customer shall indemnify", "in no event shall X be liable") or the possessor of its
key noun ("X's aggregate liability", "in Y's sole discretion"); each type says whether that actor is favoured or
bears the clause (type_rules.ROLE_VERBS). Without a parse result the first party named in the segment stands in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from .parties import MUTUAL, MUTUAL_ACTOR, Parties
from .type_rules import MUTUAL_FACE, QUALIFIER_PATTERNS, ROLE_VERBS


@dataclass
class Direction:
    mutual: bool
    favours: str | None = None  # party id
    bears: str | None = None
    qualifiers: list[str] = field(default_factory=list)


def qualifiers(text: str) -> list[str]:
    found = [q for q, rx in QUALIFIER_PATTERNS.items() if rx.search(text)]
    return (["mutual"] if MUTUAL_FACE.search(text) else []) + found


def _actor(doc, clause_type: str, parties: Parties) -> tuple[str | None, bool]:
    """(party id or MUTUAL, actor is favoured) from the parse."""
    from ..detect.grammar_rules import possessor, subjects

    favoured, burdened = ROLE_VERBS.get(clause_type, (set(), set()))
    for tok in doc:
        lemma = tok.lemma_.lower()
        if lemma not in favoured and lemma not in burdened:
            continue
        cands = []
        if tok.pos_ in ("NOUN", "PROPN"):
            owner = possessor(tok)
            if owner is not None:
                cands.append(owner)
        cands += [s for s in subjects(tok) if s.dep_ != "expl"]
        if tok.pos_ == "ADJ" and tok.head.lemma_ == "be":  # "X shall not be liable"
            cands += subjects(tok.head)
        for c in cands:
            span = doc[c.left_edge.i:c.right_edge.i + 1]
            if (c.pos_ in ("NOUN", "PROPN") and possessor(c) is not None
                    and not parties.resolve(span.text)):  # "the liability of X": the owner names the party
                span = doc[possessor(c).left_edge.i:possessor(c).right_edge.i + 1]
            pid = parties.resolve(span.text)
            if pid is not None:
                return pid, lemma in favoured
    return None, True


_WORD = re.compile(r"[A-Za-z]+")
_IRREGULAR = {"held": "hold", "paid": "pay", "kept": "keep", "brought": "bring", "withheld": "withhold",
              "made": "make", "borne": "bear", "bore": "bear"}


def _lemma_guess(word: str) -> str:
    """A lemma without a parser, enough to compare with ROLE_VERBS ("indemnifies" -> "indemnify")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + repl
    return w


def _lexical_role(text: str, end: int, clause_type: str) -> bool | None:
    """Is the party named just before `end` favoured (True) or burdened (False) by the clause? Read from the first
    role verb in the next few words ("ESTABLISHMENT warrants", "Customer may terminate"); None when none follows."""
    favoured, burdened = ROLE_VERBS.get(clause_type, (set(), set()))
    for m in list(_WORD.finditer(text, end))[:6]:
        guess, raw = _lemma_guess(m.group()), m.group().lower()
        for lemma in (raw, guess, guess + "e"):
            if lemma in burdened:
                return False
            if lemma in favoured:
                return True
    return None


# A party name followed closely by a role verb ("Customer may terminate") settles the direction without a parse; only
# the rest is parsed. On the 31 development contracts: favoured party right 32.5% vs 32.8% parse-first, mirror links
# P 0.31 / R 0.46 vs 0.31 / 0.49; the judgement of the 100-page bench contract 0.6 s instead of 2.4 s.
LEXICAL_FIRST = True


def _first_role(text: str, mentions: list, clause_type: str) -> tuple[str, bool] | None:
    """(party, favoured) of the first party name followed closely by a role verb, else None."""
    for _s, e, pid in mentions:
        role = _lexical_role(text, e, clause_type)
        if role is not None:
            return pid, role
    return None


def directions(texts: Sequence[str], types: Sequence[str], parties: Parties, nlp=None) -> list[Direction]:
    """One Direction per typed text. A party name followed by a role verb decides it (LEXICAL_FIRST); of the rest, only
    texts that name a party (or "no party", "the parties") and are not mutual on their face are parsed, in one batch:
    in the others no actor can resolve."""
    quals = [qualifiers(t) for t in texts]
    mentions = [parties.mentions(t) for t in texts]
    roles = [_first_role(t, m, typ) if m and "mutual" not in q else None
             for t, m, typ, q in zip(texts, mentions, types, quals)]
    todo = [i for i, (t, q, m) in enumerate(zip(texts, quals, mentions))
            if (m or MUTUAL_ACTOR.search(t)) and "mutual" not in q and not (LEXICAL_FIRST and roles[i])]
    docs = {}
    if todo:
        if nlp is None:
            from ..detect.grammar import _nlp

            nlp = _nlp()
        docs = dict(zip(todo, nlp.pipe([texts[i] for i in todo], batch_size=64)))
    out = []
    for i, typ in enumerate(types):
        if LEXICAL_FIRST and roles[i]:  # "Customer may terminate": the role verb right after the name settles it
            pid, favoured = roles[i]
        else:
            pid, favoured = _actor(docs[i], typ, parties) if i in docs else (None, True)
        if pid is None and mentions[i]:  # no parse result: the first party named followed by a role verb stands in
            pid, favoured = roles[i] or (mentions[i][0][2], None)
            if favoured is None:  # no role verb anywhere: the party named holds the clause's key right
                favoured = bool(ROLE_VERBS.get(typ, (set(), set()))[0]) or not ROLE_VERBS[typ][1]
        if pid == MUTUAL or "mutual" in quals[i]:
            out.append(Direction(True, None, None, quals[i]))
        elif pid is None:
            out.append(Direction(False, None, None, quals[i]))
        else:
            other = parties.other(pid)
            fav, bear = (pid, other) if favoured else (other, pid)
            out.append(Direction(False, fav, bear, quals[i]))
    return out
