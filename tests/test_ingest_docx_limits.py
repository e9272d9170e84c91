"""DOCX zip-bomb guard (issue 12): XML that expands beyond Limits.max_expansion, or beyond the size limit, is one
clear record, refused from the zip directory before anything is inflated; ordinary documents still read."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from analyzer.ingest import read_source
from analyzer.ingest.source import Source
from analyzer.limits import Limits
from analyzer.records import Document

sys.path.insert(0, str(Path(__file__).parent))
import hostile_files as hostile  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "services_agreement.docx"


def _read(data: bytes, limits: Limits | None = None):
    return list(read_source(Source.from_bytes("t.docx", data, **({"limits": limits} if limits else {}))))


def test_expansion_ratio_over_the_limit_is_one_zip_bomb_record():
    data = hostile.docx_bomb(xml_mb=20)  # 20 MB of XML: well under the size limit, but ~300x its packed size
    assert len(data) < 200_000
    items = _read(data)
    assert [i.code for i in items] == ["zip_bomb"]
    assert items[0].message.startswith("word/document.xml expands ")
    assert items[0].message.endswith("the limit is 100x (zip bomb?)")


def test_expansion_limit_follows_the_run_limits():
    data = hostile.docx_bomb(xml_mb=20)
    items = _read(data, Limits(max_expansion=1000, max_chars=100_000_000))
    assert len(items) == 1 and isinstance(items[0], Document)


def test_total_xml_over_the_size_limit_is_too_large():
    items = _read(hostile.docx_bomb(xml_mb=3), Limits(max_file_bytes=2 * 1024 * 1024, max_expansion=10_000))
    assert [i.code for i in items] == ["too_large"]
    assert "bytes of XML; the limit is 2,097,152" in items[0].message


def test_example_and_well_compressed_documents_still_read():
    doc = _read(EXAMPLE.read_bytes())[0]
    assert isinstance(doc, Document) and len(doc.text) > 1000
    # A long but ordinary document: 2 MB of XML with varied text compresses far less than 100x.
    import docx

    d = docx.Document()
    for k in range(7000):
        d.add_paragraph(f"{k}. The Supplier shall deliver lot {k * 7919 % 10007} by day {k % 365} of year {k}, "
                        f"subject to clause {k % 97}.{k % 13} and the charges in schedule {k % 11}.")
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        assert zf.getinfo("word/document.xml").file_size > 1024 * 1024
    doc = _read(buf.getvalue())[0]
    assert isinstance(doc, Document) and "5999. The Supplier" in doc.text


def test_a_megabyte_docx_of_300_mb_xml_is_refused_fast_with_little_memory(tmp_path):
    path = hostile.write_case("docx_bomb", tmp_path)
    out = subprocess.run([sys.executable, str(Path(__file__).parent / "hostile_files.py"), str(path)], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["records"] == ["zip_bomb"] and result["bytes"] < 1_500_000
    assert result["peak_rss_mb"] < 200 and result["wall_s"] < 2, result
