"""Reviewers' label corrections kept in the store: who said which labels a text has, about which document or
segment, and when. Append-only, so a team sees every decision; the latest one per text is the current answer."""
from __future__ import annotations

from typing import Iterable

from .. import labels as registry
from .rows import now
from .schema import columns

CORRECTION_COLS = tuple(c for c, _ in columns()["corrections"])


def correction_row(text: str, labels: Iterable[str], user: str, kind: str | None = None, file: str | None = None,
                   doc_id: str | None = None, idx: int | None = None, note: str | None = None) -> tuple:
    """A `corrections` row (CORRECTION_COLS order); labels are checked against the label registry and put in its order."""
    labels = set(labels)
    known = registry.ids()
    unknown = labels - set(known)
    if unknown:
        raise ValueError(f"unknown labels {sorted(unknown)}; known: {', '.join(known)}")
    if not text or not user:
        raise ValueError("a correction needs the text and the user who made it")
    row = {"file": file, "doc_id": doc_id, "idx": idx, "text": text, "kind": kind,
           "labels": [lb for lb in known if lb in labels], "user_name": user, "created_at": now(), "note": note}
    return tuple(row[c] for c in CORRECTION_COLS)
