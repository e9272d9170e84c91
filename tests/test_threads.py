from __future__ import annotations

import re

import pytest

from analyzer.ingest.threads import ThreadTracker, normalise_subject
from analyzer.records import EmailMeta

DANA, TOM, MARCUS = "dana@northwind-retail.example", "tom@contoso-ms.example", "marcus@northwind-retail.example"


def meta(mid: str | None, subject: str = "Wave 2", sender: str = DANA, to: tuple[str, ...] = (TOM,),
         refs: tuple[str, ...] = (), reply_to: str | None = None) -> EmailMeta:
    return EmailMeta(message_id=mid, subject=subject, sender=sender, recipients=list(to), references=list(refs),
                     in_reply_to=reply_to)


def test_reply_chain_shares_one_short_stable_thread_id() -> None:
    t = ThreadTracker()
    root, _ = t.assign(meta("<1@x>"), "first")
    reply, _ = t.assign(meta("<2@y>", "RE: Wave 2", TOM, (DANA,), reply_to="<1@x>"), "second")
    deeper, _ = t.assign(meta("<3@x>", "Re: RE: Wave 2", refs=("<1@x>", "<2@y>"), reply_to="<2@y>"), "third")
    assert root == reply == deeper
    assert re.fullmatch(r"[0-9a-f]{16}", root)
    assert ThreadTracker().assign(meta("<1@x>"), "first")[0] == root  # stable across trackers/runs


def test_reply_before_root_and_unknown_first_reference() -> None:
    t = ThreadTracker()
    a, _ = t.assign(meta("<2@y>", "RE: Wave 2", TOM, refs=("<1@x>",)), "reply arrives first")
    b, _ = t.assign(meta("<1@x>"), "the root, later in the file")
    c, _ = t.assign(meta("<3@z>", "RE: Wave 2", MARCUS, refs=("<1@x>", "<unseen@q>")), "another branch")
    assert a == b == c
    # the same reply seen alone (another file) gets the same id: the root names the thread
    assert ThreadTracker().assign(meta("<2@y>", "RE: Wave 2", TOM, refs=("<1@x>",)), "x")[0] == a


@pytest.mark.parametrize("subject", ["Re: Wave 2", "AW: WG: Wave 2", "[EXTERNAL] RE:  wave   2", "Fwd: Re: WAVE 2"])
def test_subject_and_participants_fallback_for_replies_without_ids(subject: str) -> None:
    t = ThreadTracker()
    root, _ = t.assign(meta("<1@x>"), "original")
    reply, _ = t.assign(meta(None, subject, TOM, (DANA, MARCUS)), "reply from a client that drops References")
    assert reply == root


def test_subject_fallback_needs_shared_participants_and_a_reply_prefix() -> None:
    t = ThreadTracker()
    root, _ = t.assign(meta("<1@x>"), "original")
    stranger, _ = t.assign(meta(None, "Re: Wave 2", "someone@else.example", ("other@else.example",)), "x")
    weekly, _ = t.assign(meta("<9@x>", "Wave 2"), "same subject, no Re: - a new conversation")
    assert stranger != root and weekly != root


def test_duplicates_by_message_id_and_by_body_within_a_thread() -> None:
    t = ThreadTracker()
    first, dup = t.assign(meta("<1@x>"), "We do not accept liability.")
    assert not dup
    assert t.assign(meta("<1@x>"), "We do not accept liability.") == (first, True)
    # a resend with a new Message-ID but identical text, sender and thread
    resend = meta("<1b@x>", "RE: Wave 2", refs=("<1@x>",))
    assert t.assign(resend, "We do not accept liability.\n")[1] is True
    # same words from someone else, or in another thread, are not duplicates
    assert t.assign(meta("<4@y>", "RE: Wave 2", TOM, refs=("<1@x>",)), "We do not accept liability.")[1] is False
    assert t.assign(meta("<5@x>", "Other topic"), "We do not accept liability.")[1] is False
    assert t.assign(meta("<6@x>", "RE: Wave 2", refs=("<1@x>",)), "")[1] is False  # empty bodies never match
    assert t.duplicates == 2


def test_messages_without_any_id() -> None:
    t = ThreadTracker()
    a, _ = t.assign(meta(None, "Status"), "one")
    b, _ = t.assign(meta(None, "Status", MARCUS, ("x@y.example",)), "two")
    assert a and b and a != b


def test_normalise_subject() -> None:
    assert normalise_subject("RE: Fwd: [EXTERNAL]  Wave 2 -  M3 ") == "wave 2 - m3"
    assert normalise_subject("AW: WG: Sv: Tr: Termin") == "termin"
    assert normalise_subject(None) == ""
