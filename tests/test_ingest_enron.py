"""The eml path over real mail: 1,277 raw Enron messages (UC Berkeley annotated subset, developer split)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from analyzer.ingest.eml import read_eml
from analyzer.ingest.source import Source
from analyzer.records import Document

ENRON = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "enron_berkeley_categories" / "emails.jsonl.gz"


def test_real_enron_messages_parse_and_clean() -> None:
    if not ENRON.exists():
        pytest.skip(f"{ENRON} is not present")
    with gzip.open(ENRON, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len(rows) == 1277
    docs: list[Document] = []
    for row in rows:
        items = list(read_eml(Source.from_bytes(f"{row['doc_id']}.eml", row["raw"].encode("utf-8"))))
        assert len(items) == 1, row["doc_id"]
        assert isinstance(items[0], Document), (row["doc_id"], items[0])
        docs.append(items[0])
    with_text = sum(bool(d.text.strip()) for d in docs)
    assert with_text >= 0.99 * len(rows), with_text
    for d in docs:
        assert "-----Original Message-----" not in d.text, d.source
        assert "Forwarded by" not in d.text, d.source
    # header facts survive too
    assert sum(bool(d.email.message_id and d.email.sender and d.email.date) for d in docs) == len(rows)
