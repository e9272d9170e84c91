"""Context rules behind the cue vetoes: conditions, negation, first person, a named party, banned readings."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc

from . import cue_patterns as P

_FIRST_SKIP = set(P.VOCAB["MODAL"] + P.VOCAB["BE"] + P.VOCAB["HAVE"] + P.VOCAB["DO"] + P.VOCAB["ADV"]
                  + P.VOCAB["NEG"] + ["all", "both", "ourselves", "myself", "ve", "also", "then", ","])
_FIRST_SUBJ = set(P.VOCAB["FIRST_SUBJ"])
_POSS = set(P.VOCAB["POSS"])
_POSS_PRON = set(P.VOCAB["PRONOUN_POSS"])
VETOED_BY_FAULT = {"one_way_indemnity"}  # an indemnity for one's own fault is not risk pushing
NEG_WINDOW = {"risk_pushing": 5}  # tokens a negation may stand before a cue (others: 3)
LIAB_VETOED_BY_CARVE_OUT = {"exclusion_of_liability", "one_sided_cap", "uncapped_liability"}
# a cue that adds nothing where a more specific cue covers the same words
SHADOWED_BY = {"counterparty_failure": ("second_person_failure",)}


def conditional_before(lows: list[str], start: int, lo: int) -> bool:
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


def negator_before(lows: list[str], start: int, lo: int, window: int = 5) -> int | None:
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


def first_person(lows: list[str], start: int, end: int, lo: int) -> bool:
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


def has_party(doc: Doc, lows: list[str], start: int, end: int, lo: int) -> bool:
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


def banned(name: str, lows: list[str], start: int, end: int, clause_words: set[str]) -> bool:
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


def keep_longest(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Among overlapping spans keep the longest (earliest on ties)."""
    kept: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(set(spans), key=lambda x: (x[0] - x[1], x[0])):
        if not any(k in taken for k in range(s, e)):
            kept.append((s, e))
            taken.update(range(s, e))
    return sorted(kept)
