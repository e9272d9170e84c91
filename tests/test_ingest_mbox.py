from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from analyzer.ingest import mbox as mbox_module
from analyzer.ingest import read
from analyzer.ingest.mbox import iter_messages, read_mbox
from analyzer.ingest.source import Source
from analyzer.records import Document, ReadError, document_id

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
BUNDLED = EXAMPLES / "supplier_correspondence.mbox"


def _message(i: int, body: str, refs: str = "") -> bytes:
    head = (f"From sender{i}@x.example Mon Mar  2 10:00:00 2026\n"
            f"Message-ID: <m{i}@x.example>\nFrom: Sender {i} <sender{i}@x.example>\nTo: team@y.example\n"
            f"Subject: Status {i // 10}\nDate: Mon, 2 Mar 2026 10:00:00 +0000\n{refs}\n")
    return (head + body + "\n\n").encode()


def test_generated_50mb_mailbox_streams_in_small_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    paragraph = ("We reviewed the migration status with the supplier and agreed the next steps for the cutover. " * 8
                 + "\n")
    body = paragraph * 80  # ~62 KB per message
    n = 840
    with path.open("wb") as fh:
        for i in range(n):
            refs = f"In-Reply-To: <m{i - 1}@x.example>\n" if i % 10 else ""
            text = body + (">From the data centre: escaped line\n" if i % 7 == 0 else "")
            fh.write(_message(i, text, refs))
    assert path.stat().st_size > 48 * 1024 * 1024

    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        count, threads = 0, set()
        for item in read_mbox(Source.from_path(path)):
            assert isinstance(item, Document)
            count += 1
            threads.add(item.email.thread_id)
            if item.email.position == 7:
                assert "From the data centre" in item.text  # mboxrd ">From " unescaped
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert count == n
    assert len(threads) == n // 10
    print(f"peak traced memory growth {peak / 1e6:.1f} MB")
    assert peak < 8 * 1024 * 1024, f"peak traced memory grew by {peak / 1e6:.1f} MB"


def test_separators_and_escaping() -> None:
    import io

    raw = (b"From a@x Mon Jan  5 10:00:00 2026\nSubject: one\n\nFrom the top: not a separator (no blank line before)\n"
           b"\nFrom me, no date here\n>From escaped\n>>From double\n\n"
           b"From b@x Tue Jan  6 10:00:00 2026\nSubject: two\n\nsecond\n")
    msgs = list(iter_messages(io.BytesIO(raw)))
    assert [p for p, _ in msgs] == [0, 1]
    first = msgs[0][1]
    assert b"From the top" in first and b"\nFrom me, no date here\nFrom escaped\n>From double\n" in first
    assert msgs[1][1].endswith(b"second\n")
    # an exporter that leaves out the blank line: only a full asctime "From " line separates
    tight = (b"From a@x Mon Jan  5 10:00:00 2026\nSubject: one\n\nbody\n"
             b"From b@x Tue Jan  6 10:00:00 2026\nSubject: two\n\nx\n")
    assert len(list(iter_messages(io.BytesIO(tight)))) == 2


def test_corrupt_and_oversized_messages_do_not_stop_the_mailbox(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = (_message(0, "first body") + b"From x@x Mon Jan  5 10:00:00 2026\n\n\nno headers at all\n\n"
           + _message(2, "BOOM body") + _message(3, "x" * 5000) + _message(4, "last body"))
    real_parse = mbox_module.parse_email

    def parse(data: bytes):  # type: ignore[no-untyped-def]
        if b"BOOM" in data:
            raise ValueError("simulated parser failure")
        return real_parse(data)

    monkeypatch.setattr(mbox_module, "parse_email", parse)
    monkeypatch.setattr(mbox_module, "MAX_MESSAGE_BYTES", 2000)
    items = list(read_mbox(Source.from_bytes("box.mbox", raw)))
    errors = {i.source: i.code for i in items if isinstance(i, ReadError)}
    assert errors == {"box.mbox#1": "corrupt", "box.mbox#2": "corrupt", "box.mbox#3": "too_large"}
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.email.position for d in docs] == [0, 4]
    assert docs[1].text == "last body"


@pytest.fixture(scope="module")
def bundled() -> list[Document | ReadError]:
    return list(read(BUNDLED))


def test_bundled_mailbox_counts_threads_and_dedup(bundled: list[Document | ReadError]) -> None:
    docs = [d for d in bundled if isinstance(d, Document)]
    assert len(docs) == len(bundled) == 39  # 40 messages in the file, one exact duplicate dropped
    assert len({d.email.message_id for d in docs}) == 39
    assert len({d.email.thread_id for d in docs}) == 8
    assert [d.email.position for d in docs] == sorted(d.email.position for d in docs)
    assert 19 not in {d.email.position for d in docs}  # the duplicate's slot
    sha = Source.from_path(BUNDLED).sha256
    assert docs[0].id == document_id(sha, f"0:{docs[0].email.message_id}")
    assert all(d.kind == "email" and d.metadata["format"] == "mbox" for d in docs)
    assert {d.email.sender.split("@")[1] for d in docs} == {
        "northwind-retail.example", "contoso-ms.example", "fabrikam-dc.example"}


def test_bundled_mailbox_text_is_only_what_authors_wrote(bundled: list[Document | ReadError]) -> None:
    docs = [d for d in bundled if isinstance(d, Document)]
    for d in docs:
        assert d.text, d.email.subject
        assert not re.search(r"^\s*>", d.text, re.M)
        for leftover in ("wrote:", "Original Message", "Forwarded message", "confidential and may also be legally",
                         "intended recipient", "+44", "Kind regards", "Sent from my"):
            assert leftover not in d.text, (leftover, d.email.subject)
        assert d.metadata["quoted_chars_removed"] > 0  # every bundled message has a signature or quoted history
    by_id = {d.email.message_id: d for d in docs}
    replies = [d for d in docs if d.email.in_reply_to in by_id]
    assert len(replies) == 31
    for d in replies:  # the quoted history removed from a reply holds at least its parent's own text
        assert d.metadata["quoted_chars_removed"] >= len(by_id[d.email.in_reply_to].text), d.email.subject
    texts = {d.email.message_id: d.text for d in docs}
    cp1252 = next(t for t in texts.values() if "José Muñoz" in t)
    assert "vendor’s portal" in cp1252 and "30 April –" in cp1252  # cp1252 bytes under an iso-8859-1 label
    html = next(d for d in docs if d.metadata["body_format"] == "html")
    assert "Joint recovery plan for Waves 2 and 3" in html.text and "<" not in html.text
    forward = next(d for d in docs if d.email.subject.startswith("FW:"))
    assert "Sharing this ahead of Tuesday" in forward.text and "load-tested" not in forward.text
    assert any(line.startswith("From Monday onwards") for t in texts.values() for line in t.split("\n"))
    assert sum(bool(d.metadata["attachments"]) for d in docs) == 3
