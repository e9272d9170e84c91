"""The watched reader process: memory and time limits turn a runaway parser into one record; the batch goes on."""
from __future__ import annotations

from dataclasses import replace

from analyzer.ingest import read_source
from analyzer.ingest.source import Source
from analyzer.limits import DEFAULT_LIMITS
from analyzer.records import Document, ReadError

from conftest import EXAMPLES


def _pdf(limits=DEFAULT_LIMITS) -> Source:
    return Source.from_path(EXAMPLES / "services_agreement.pdf", limits=limits)


def test_isolated_pdf_reads_the_same_as_in_process():
    isolated = list(read_source(_pdf()))
    inline = list(read_source(_pdf(replace(DEFAULT_LIMITS, isolate=False))))
    assert [type(d) for d in isolated] == [Document]
    assert isolated[0].text == inline[0].text
    assert isolated[0].page_starts == inline[0].page_starts and isolated[0].id == inline[0].id
    assert isolated[0].metadata == inline[0].metadata


def test_memory_limit_gives_one_record_and_the_next_file_still_reads():
    # no PDF reader fits in 20 MB of resident memory: the child must be killed and the file reported
    [err] = list(read_source(_pdf(replace(DEFAULT_LIMITS, max_memory_mb=20))))
    assert isinstance(err, ReadError) and err.code == "too_large" and "--max-memory" in err.message
    [doc] = list(read_source(_pdf()))
    assert isinstance(doc, Document) and "Supplier" in doc.text


def test_time_limit_gives_one_record():
    [err] = list(read_source(_pdf(replace(DEFAULT_LIMITS, timeout_s=0.001))))
    assert isinstance(err, ReadError) and err.code == "timeout" and "--timeout" in err.message


def test_zip_member_is_read_in_isolation_and_its_temporary_copy_removed():
    import glob
    import tempfile

    pattern = f"{tempfile.gettempdir()}/tone-analyzer-*"
    before = set(glob.glob(pattern))
    data = (EXAMPLES / "services_agreement.docx").read_bytes()
    [doc] = list(read_source(Source.from_bytes("bundle.zip!agreement.docx", data)))
    assert isinstance(doc, Document) and doc.source == "bundle.zip!agreement.docx" and "Supplier" in doc.text
    assert set(glob.glob(pattern)) <= before
