"""Aggregation maths on small hand-computed frames (no model involved)."""
import math

import pandas as pd
import pytest

from analyzer.aggregate import (SEGMENT_COLUMNS, health_index, org_of, risk_profile, thread_summary,
                                wilson_interval)
from analyzer.records import LABELS


def seg(doc, idx, *, kind="email", sender=None, date=None, thread=None, labels=(), cues=(), clause=None, page=None,
        subject="s"):
    row = {c: None for c in SEGMENT_COLUMNS}
    row.update(doc_id=doc, idx=idx, text=f"text {doc} {idx}", start=0, end=5, kind=kind, source=f"{doc}.src",
               sender=sender, date=date, thread_id=thread, message_id=f"<{doc}>", subject=subject,
               recipients=[], cues=list(cues), clause=clause, page=page)
    for lab in LABELS:
        row[f"is_{lab}"] = lab in labels
        row[f"score_{lab}"] = 0.9 if lab in labels else 0.1
    return row


def frame(rows):
    f = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    f["date"] = pd.to_datetime(f["date"], utc=True)
    return f


def test_wilson_interval_known_values():
    lo, hi = wilson_interval(3, 4)
    assert (round(lo, 4), round(hi, 4)) == (0.3006, 0.9544)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))  # no evidence at all
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0 and 0.27 < hi < 0.28


def test_org_of_domain_and_freemail():
    assert org_of("Ann.Buyer@Northwind-Retail.example") == "northwind-retail.example"
    assert org_of("someone@gmail.com") == "someone@gmail.com"
    assert org_of(None) is None and org_of("no-address") is None


def test_health_index_hand_computed():
    rows = [
        # Contoso, March: 3 collaborative, 1 blame -> health (3-1)/4 = 0.5
        seg("m1", 0, sender="a@contoso.example", date="2026-03-02T09:00:00+00:00", labels=["collaborative"]),
        seg("m1", 1, sender="a@contoso.example", date="2026-03-02T09:00:00+00:00", labels=["collaborative"]),
        seg("m2", 0, sender="b@contoso.example", date="2026-03-20T09:00:00+00:00", labels=["collaborative"]),
        seg("m2", 1, sender="b@contoso.example", date="2026-03-20T09:00:00+00:00", labels=["blame"]),
        seg("m2", 2, sender="b@contoso.example", date="2026-03-20T09:00:00+00:00"),
        # Contoso, April: one segment that is blame AND defensive counts once as negative -> -1
        seg("m3", 0, sender="a@contoso.example", date="2026-04-01T09:00:00+00:00", labels=["blame", "defensive_detail"]),
        # Northwind, April: neutral only -> no health
        seg("m4", 0, sender="c@northwind.example", date="2026-04-03T09:00:00+00:00"),
        # a contract segment is ignored
        seg("c1", 0, kind="contract", labels=["risk_pushing"]),
    ]
    h = health_index(frame(rows)).set_index(["org", "period"])
    march = h.loc[("contoso.example", pd.Timestamp("2026-03-01"))]
    assert (march.messages, march.segments, march.collaborative, march.negative) == (2, 5, 3, 1)
    assert march.health == pytest.approx(0.5)
    lo, hi = wilson_interval(3, 4)
    assert march.health_low == pytest.approx(2 * lo - 1) and march.health_high == pytest.approx(2 * hi - 1)
    assert h.loc[("contoso.example", pd.Timestamp("2026-04-01"))].health == -1.0
    nw = h.loc[("northwind.example", pd.Timestamp("2026-04-01"))]
    assert math.isnan(nw.health) and nw.segments == 1
    weekly = health_index(frame(rows), freq="W")
    assert len(weekly[weekly.org == "contoso.example"]) == 3


def test_thread_escalation_and_recovery():
    rows = [
        seg("a1", 0, thread="T1", date="2026-03-01T09:00:00+00:00", labels=["collaborative"], subject="Plan"),
        seg("a2", 0, thread="T1", date="2026-03-03T09:00:00+00:00", labels=["blame"]),
        seg("a3", 0, thread="T1", date="2026-03-04T09:00:00+00:00", labels=["defensive_detail"]),
        seg("a4", 0, thread="T1", date="2026-03-05T09:00:00+00:00", labels=["collaborative"]),
        seg("b1", 0, thread="T2", date="2026-03-01T09:00:00+00:00", labels=["blame"], subject="Outage"),
        seg("b2", 0, thread="T2", date="2026-03-02T09:00:00+00:00", labels=["collaborative"]),
        seg("b3", 0, thread="T2", date="2026-03-03T09:00:00+00:00", labels=["blame"]),
        seg("c1", 0, thread="T3", date="2026-03-01T09:00:00+00:00", subject="Quiet"),
    ]
    t = thread_summary(frame(rows)).set_index("thread_id")
    assert t.loc["T1", "escalation_position"] == 2 and bool(t.loc["T1", "recovered"]) is True
    assert t.loc["T1", "escalation_message_id"] == "<a2>"
    # T2 blames again after the collaborative message: not recovered
    assert t.loc["T2", "escalation_position"] == 1 and bool(t.loc["T2", "recovered"]) is False
    assert bool(t.loc["T3", "escalated"]) is False
    assert (t.loc["T1", "n_blame"], t.loc["T1", "n_collaborative"], t.loc["T1", "messages"]) == (1, 2, 4)


def test_risk_profile_shares_and_grouping():
    rows = [
        seg("k", 0, kind="contract", labels=["risk_pushing"], cues=["uncapped_liability"], clause="12.1", page=4),
        seg("k", 1, kind="contract", labels=["risk_pushing"], cues=["sole_discretion", "unilateral_variation"],
            clause="15.2", page=6),
        seg("k", 2, kind="contract", cues=["mutual_term", "liability_capped"], clause="12.2", page=4),
        seg("k", 3, kind="contract", clause="1.1", page=1),
    ]
    p = risk_profile(frame(rows)).iloc[0]
    assert (p.segments, p.risk_relevant, p.one_sided, p.balanced) == (4, 3, 2, 1)
    assert p.share_one_sided == pytest.approx(2 / 3)
    assert p.by_cue_type == {"uncapped_liability": 1, "sole_discretion": 1, "unilateral_variation": 1}
    assert sorted(p.flagged_clauses) == ["12.1 (p.4)", "15.2 (p.6)"]
