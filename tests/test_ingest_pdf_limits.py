"""PDF resource guards (issue 12): one record for a broken page tree, the page limit before any layout, and small
files that would cost gigabytes (glyph floods, repeated forms, flate bombs, absurd page sizes) read cheaply."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer.ingest import read_source
from analyzer.ingest.pdf_limits import MAX_PAGE_CHARS, content_size
from analyzer.ingest.source import Source
from analyzer.limits import Limits
from analyzer.records import Document, ReadError

sys.path.insert(0, str(Path(__file__).parent))
import hostile_files as hostile  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _read(data: bytes, name: str = "t.pdf", limits: Limits | None = None) -> list[Document | ReadError]:
    src = Source.from_bytes(name, data) if limits is None else Source.from_bytes(name, data, limits=limits)
    return list(read_source(src))


def test_deep_page_tree_is_exactly_one_clear_record():
    items = _read(hostile.pdf_deep_page_tree(5000))
    assert [(i.code, i.message) for i in items] == [("corrupt", "corrupt: the page tree is nested too deeply to read")]


def test_page_limit_is_enforced_before_layout(monkeypatch):
    import analyzer.ingest.pdf_limits as guards

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out a page of a PDF over the page limit")

    monkeypatch.setattr(guards, "PDFPageInterpreter", no_layout)
    items = _read(hostile.pdf_pages(30), limits=Limits(max_pages=25))
    assert [(i.code, i.message) for i in items] == [("too_large", "30 pages; the limit is 25 (--max-pages)")]


def test_page_limit_counts_the_tree_when_count_lies():
    data = hostile.pdf_pages(30).replace(b"/Count 30", b"/Count 3 ")  # same length: the xref stays right
    items = _read(data, limits=Limits(max_pages=25))
    assert [(i.code, i.message) for i in items] == [("too_large", "more than 25 pages; the limit is 25 (--max-pages)")]
    doc = _read(data)[0]
    assert isinstance(doc, Document) and doc.metadata["pages"] == 30


def test_pages_at_the_limit_are_read():
    doc = _read(hostile.pdf_pages(25), limits=Limits(max_pages=25))[0]
    assert isinstance(doc, Document) and doc.metadata["pages"] == 25 and "Clause 25." in doc.text


def test_one_page_with_millions_of_glyphs_is_refused_quickly():
    start = time.perf_counter()
    items = _read(hostile.pdf_huge_page(3_000_000))
    assert time.perf_counter() - start < 30
    assert [i.code for i in items] == ["too_large"]
    assert f"more than {MAX_PAGE_CHARS:,} characters on one page" in items[0].message


def test_form_drawn_thousands_of_times_is_refused():
    items = _read(hostile.pdf_form_bomb(copies=2000, chars_per_form=2000))
    assert [i.code for i in items] == ["too_large"] and "characters on one page" in items[0].message


def test_flate_bomb_page_is_skipped_with_a_warning_and_the_rest_is_read():
    data = hostile.pdf_flate_bomb(mb=100)
    assert len(data) < 20_000
    items = _read(data)
    assert len(items) == 1 and isinstance(items[0], Document)
    assert items[0].text.strip() == "The Supplier shall deliver on page two."
    assert items[0].warnings == ["page 1: could not be read (skipped: its content expands to more than 32 MB)"]


def test_content_size_counts_inflated_bytes_without_holding_them():
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(hostile.pdf_flate_bomb(mb=100))) as pdf:
        page = pdf.pages[0].page_obj
        assert 32 << 20 < content_size(page, cap=32 << 20) < 33 << 20
        block = len(b"0 0 m 612 792 l S\n") << 16  # the generator's unit of drawing operators
        assert content_size(page, cap=200 << 20) == (100 << 20) // block * block
        assert content_size(pdf.pages[1].page_obj) < 200


def test_absurd_mediabox_is_read_without_a_per_point_scan():
    start = time.perf_counter()
    items = _read(hostile.pdf_absurd_mediabox(40))
    assert time.perf_counter() - start < 10
    assert isinstance(items[0], Document) and "Line 39 of the Supplier" in items[0].text


def test_document_over_the_character_limit_stops_early():
    items = _read(hostile.pdf_pages(40), limits=Limits(max_chars=300))
    assert [i.code for i in items] == ["too_large"]
    assert items[0].message.startswith("more than 300 characters by page ") and "(--max-chars)" in items[0].message


@pytest.mark.parametrize("case", ["pdf_huge_page", "pdf_form_bomb", "pdf_flate_bomb", "pdf_absurd_mediabox"])
def test_small_hostile_pdfs_stay_well_under_a_gigabyte(case, tmp_path):
    # A fresh process, so the peak RSS (getrusage) is this file's alone.
    path = hostile.write_case(case, tmp_path)
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "hostile_files.py"), str(path)], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["peak_rss_mb"] < 400, result
    assert result["wall_s"] < 30, result
