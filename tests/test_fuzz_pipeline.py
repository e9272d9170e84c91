"""Fuzz every reader and the segmenter, each case in a forked child with a time and a memory budget.

Properties (issue 12): no exception escapes `read_source` or `segment`; every item is a Document or a ReadError; every
segment satisfies `doc.text[start:end] == text`, in order, without overlap, with indexes 0..n-1 and the document's id.
A case that runs past TIME_BUDGET_S seconds or allocates more than MEMORY_BUDGET_MB fails like an escaped exception.
Small budget here (the whole file runs in well under 30 s); `bench/fuzz.py --minutes N` runs the same properties long.
"""
from __future__ import annotations

import json
import os
import resource
import select
import signal
import traceback
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.records import Document, EmailMeta, ReadError
from analyzer.segment import segment
from test_fuzz_readers import NAMES, run_all, seed

TIME_BUDGET_S = 10.0
MEMORY_BUDGET_MB = 768
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))

# Bytes that mean something to some reader: structure markers, encodings, separators.
TOKENS = [b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\r\n\r\n", b"\n\n", b"--", b"From ", b"<", b"&",
          b"%%EOF", b"obj", b"endstream", b"PK\x03\x04", b"=?utf-8?b?", b"Content-Type: multipart/mixed; boundary=x",
          b"1.1 ", b"(a) ", b"\xc3\x28", b"\x80", b"\xe2\x80\xa8", b"\t", b")", b"\\"]

# One edit: (kind, position, value); kinds: 0 flip, 1 delete, 2 insert run, 3 truncate, 4 token, 5 duplicate slice
EDITS = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2**31), st.integers(0, 255)), min_size=1, max_size=8)


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, pos, val in edits:
        if not buf:
            break
        i = pos % len(buf)
        if kind == 0:
            buf[i] ^= val or 1
        elif kind == 1:
            del buf[i : i + 1 + val % 64]
        elif kind == 2:
            buf[i:i] = bytes([val]) * (1 + val % 16)
        elif kind == 3:
            del buf[i:]
        elif kind == 4:
            buf[i:i] = TOKENS[val % len(TOKENS)]
        else:
            buf[i:i] = buf[i : i + 1 + val]  # repeats structure (nested parts, duplicated objects)
    return bytes(buf)


# ------------------------------------------------------------------------------------------------ properties
def check_segments(doc: Document) -> int:
    segs = segment(doc)
    prev_end = 0
    for i, s in enumerate(segs):
        assert s.index == i, f"segment {i} has index {s.index}"
        assert s.doc_id == doc.id
        assert 0 <= s.start <= s.end <= len(doc.text), (s.start, s.end, len(doc.text))
        assert doc.text[s.start : s.end] == s.text, f"segment {i}: text != doc.text[{s.start}:{s.end}]"
        assert s.start >= prev_end, f"segment {i} starts at {s.start}, before the previous end {prev_end}"
        prev_end = s.end
        if doc.page_starts and s.page is not None:
            assert 1 <= s.page <= len(doc.page_starts)
    return len(segs)


def check_file(name: str, data: bytes) -> None:
    """The pipeline's promise for one file: Documents and ReadErrors only, consistent segments."""
    items = run_all(name, data)
    assert items, "a file must produce a document or an error"
    errors_of_file = [i for i in items if isinstance(i, ReadError) and i.severity == "error" and i.source == name]
    assert len(errors_of_file) <= 1, f"{len(errors_of_file)} error records for one file: {errors_of_file}"
    for item in items:
        assert isinstance(item, (Document, ReadError)), type(item)
        if isinstance(item, ReadError):
            assert item.code and item.message and "Traceback" not in item.message, item
            assert item.severity in ("error", "warning")
        else:
            check_segments(item)


def check_text(text: str, kind: str) -> None:
    meta = EmailMeta(message_id="<m@x>", sender="a@x.example") if kind == "email" else None
    check_segments(Document(id="d" * 32, source="fuzz", kind=kind, text=text, email=meta))


# ------------------------------------------------------------------------------------------------ budgets
class BudgetExceeded(AssertionError):
    pass


def _vm_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def in_child(fn, *args, time_s: float = TIME_BUDGET_S, memory_mb: int = MEMORY_BUDGET_MB) -> None:
    """Run fn(*args) in a forked child: address space capped at (now + memory_mb), killed after time_s.
    Re-raises the child's failure here as an AssertionError carrying its traceback."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        os.close(r)
        result = {"ok": True}
        try:
            limit = _vm_bytes() + memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            fn(*args)
        except MemoryError:
            result = {"ok": False, "why": f"memory budget of {memory_mb} MB exceeded"}
        except BaseException as exc:  # noqa: BLE001 - everything escaping is the finding
            result = {"ok": False, "why": f"{type(exc).__name__}: {exc}"[:500], "tb": traceback.format_exc()[-4000:]}
        try:
            os.write(w, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(w)
    try:
        ready, _, _ = select.select([r], [], [], time_s)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            raise BudgetExceeded(f"time budget of {time_s:g} s exceeded")
        chunks = []
        while chunk := os.read(r, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(r)
        os.waitpid(pid, 0)
    raw = b"".join(chunks)
    if not raw:
        raise BudgetExceeded("child died without a result (killed by a signal, e.g. out of memory)")
    result = json.loads(raw)
    if not result["ok"]:
        raise AssertionError(result["why"] + ("\n" + result["tb"] if "tb" in result else ""))


@lru_cache(maxsize=1)
def warm() -> None:
    """Import every reader and build the sentence pipeline once, so each fork starts warm (and fast)."""
    from analyzer.ingest import READERS, reader_for
    from analyzer.segment.sentences import sentence_pipeline

    for fmt in READERS:
        try:
            reader_for(fmt)
        except ImportError:
            pass
    sentence_pipeline()
    for fmt in NAMES:
        if fmt != "msg":
            seed(fmt)


def reproducer(name: str, data: bytes) -> str:
    return f"check_file({name!r}, bytes.fromhex({data.hex()!r}))" if len(data) <= 4096 else \
        f"check_file({name!r}, <{len(data)} bytes>)"


# ------------------------------------------------------------------------------------------------ tests
@pytest.mark.parametrize("fmt", list(NAMES))
def test_seed_passes_the_properties(fmt):
    warm()
    in_child(check_file, NAMES[fmt], seed(fmt))


@pytest.mark.parametrize("fmt", list(NAMES))
@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_mutated_file_keeps_the_properties(fmt, edits):
    warm()
    data = mutate(seed(fmt), edits)
    try:
        in_child(check_file, NAMES[fmt], data)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nreproducer: {reproducer(NAMES[fmt], data)}") from None


SEGMENT_PIECES = ["1.", "1.1", "12.3(a)", "(a)", "(ii)", "Schedule 2", "SCHEDULE", "Article IV", "\n", "\n\n", "\r\n",
                  " ", "  ", "\t", "\u00a0", "\u2028", "\f", ".", "..", "e.g.", "cl. 4.2", "Sch. A", "Inc.", "U.K.",
                  "The Supplier shall", "indemnify", "Liability", "wrote:", "> quoted", "-- ", "ﬁ", "İ", "ß", "日本",
                  "\u200b", "\x00", "—", "•", "1)", "a)", "12", "page 3 of 9", "Hi Sam,", "Thanks"]


@settings(max_examples=EXAMPLES * 5, deadline=None, database=None)
@given(pieces=st.lists(st.one_of(st.sampled_from(SEGMENT_PIECES), st.text(max_size=12)), max_size=60),
       kind=st.sampled_from(["contract", "email"]))
def test_segmenter_offsets_are_consistent(pieces, kind):
    warm()
    text = "".join(pieces)
    try:
        in_child(check_text, text, kind)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nreproducer: check_text({text!r}, {kind!r})") from None


def test_budget_catches_a_runaway_case():
    """The harness itself: a case that allocates past its budget or runs past its time is reported, not survived."""
    with pytest.raises(AssertionError, match="memory budget"):
        in_child(lambda: bytearray(2 * MEMORY_BUDGET_MB * 1024 * 1024))
    with pytest.raises(BudgetExceeded, match="time budget"):
        in_child(lambda: __import__("time").sleep(5), time_s=0.5)


# ------------------------------------------------------------------------------------------------ issue 12 finds
# regression for issue 12 #1: a stretch > spaCy's 5,000,000-char max_length escaped segment() (E088)
@pytest.mark.parametrize("name", ["long.txt", "long.eml"])
def test_text_longer_than_spacys_limit_keeps_the_properties(name):
    warm()
    body = ("the supplier shall report every incident. " * 122_000).encode()  # ~5.1 M chars, no paragraph break
    data = (b"From: a@x.example\r\nSubject: s\r\nContent-Type: text/plain\r\n\r\n" + body) if name.endswith(".eml") \
        else body
    in_child(check_file, name, data, time_s=90, memory_mb=1536)


# regression for issue 12 #9: a 5,000-level PDF page tree gave two error records for one file
def test_deep_pdf_page_tree_is_one_record():
    warm()
    depth = 5000
    content = b"BT /F1 10 Tf 50 700 Td (1. The Supplier shall pay.) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 4 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    objs += [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (5 + i) for i in range(depth)]
    objs.append(b"<< /Type /Page /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 2 0 R >> >> >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    in_child(check_file, "deep.pdf", bytes(out))
