"""The run driver behind `analyze()`: this process walks the inputs in order, sends whole files to the engine's
workers (read + segment + score there) and reads mailboxes itself (threading and duplicate detection need the
messages in order), sending their segment texts out in chunks for scoring. It keeps a few tasks in flight and
writes every result in input order, so records, errors, counts, `on_document` calls and the store are exactly
those of an in-process run, whatever the engine.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..aggregate.frame import segments_frame
from ..extract import ExtractStats, Extracted, extract_source
from ..ingest.source import Source, os_error_record
from ..records import AnalysedDocument, ReadError, file_of

GROUP_FILES = 16  # small files travel (and are scored) together, up to this many (engine.group_files) ...
GROUP_BYTES = 4 * 1024**2  # ... and this many bytes
CHUNK_DOCS = 512  # a mailbox chunk: at most this many messages or BATCH_SEGMENTS segments
WRITE_DOCS = 256  # documents per append to the --out file


@dataclass
class _Entry:
    kind: str  # error | skip | begin | chunk | end | files | recheck
    payload: object = None
    future: object = None


class RunDriver:
    """One run: plans tasks in input order, keeps a few in flight on the engine and hands every result, in the
    same order, to the store (the only writer), the --out writer and `on_document`."""

    def __init__(self, engine, tone, folder, stats: ExtractStats, store=None, run_id: str | None = None,
                 version: str | None = None, on_document=None, writer=None):
        self.engine, self.tone, self.folder, self.stats = engine, tone, folder, stats
        self.store, self.run_id, self.version, self.on_document = store, run_id, version, on_document
        self.writer = writer  # streams records to --out as documents finish (runs without a store)
        self._unwritten = 0
        self.errors: list[ReadError] = []
        self.docs: list[AnalysedDocument] = []
        self.skipped: list[str] = []
        self._planned: set[str] = set()
        self._failed = False

    @property
    def group_files(self) -> int:
        # in-process, bigger groups only mean fewer model calls; workers get small ones to share the load
        return getattr(self.engine, "group_files", GROUP_FILES)

    # ---- the loop -----------------------------------------------------------------------------------------
    def execute(self, sources: Iterable[Source | ReadError]) -> None:
        pending: deque[_Entry] = deque()
        for entry in self._plan(sources):
            pending.append(entry)
            while len(pending) > self.engine.window:
                self._consume(pending.popleft())
        while pending:
            self._consume(pending.popleft())

    # ---- planning (producer): decides what runs where, submits tasks ------------------------------------------
    def _plan(self, sources: Iterable[Source | ReadError]) -> Iterator[_Entry]:
        group: list[tuple[Source, str | None, str]] = []  # small files that travel together: (source, sha, file)
        for src in sources:
            if isinstance(src, ReadError):
                yield from self._cut(group)
                yield _Entry("error", src)
                continue
            file = file_of(src.name)
            sha, entry = self._check(src, file)
            if entry is not None:
                yield from self._cut(group)
                yield entry
            elif _is_mailbox(src):
                yield from self._cut(group)
                yield from self._mailbox_entries(src, sha, file)
            else:
                if len(group) >= self.group_files or sum(s.size for s, _, _ in group) + src.size > GROUP_BYTES:
                    yield from self._cut(group)
                group.append((src, sha, file))
        yield from self._cut(group)

    def _check(self, src: Source, file: str) -> tuple[str | None, _Entry | None]:
        """With a store: the file's checksum, and the entry that replaces reading it (an error, a skip, or a
        recheck of a file listed twice); (None, None) without a store."""
        if self.store is None:
            return None, None
        try:
            sha = src.sha256
        except OSError as exc:  # unreadable, or gone since it was listed: this file's problem only
            return None, _Entry("error", os_error_record(src.name, exc))
        if file in self._planned:  # listed twice: decide once the first one is written
            return sha, _Entry("recheck", (src, sha, file))
        if not self.store.needs_analysis(file, sha, self.version):
            return sha, _Entry("skip", file)
        self._planned.add(file)
        return sha, None

    def _cut(self, group: list[tuple[Source, str | None, str]]) -> Iterator[_Entry]:
        """The group as one task (written before whatever comes after it), and an empty group."""
        if group:
            yield self._files_entry(list(group))
            group.clear()

    def _files_entry(self, group: list[tuple[Source, str | None, str]]) -> _Entry:
        from .tasks import FilesTask, FileSpec

        task = FilesTask(self.folder, [FileSpec.of(src, self.engine.transport) for src, _, _ in group])
        return _Entry("files", [(sha, file) for _, sha, file in group], self.engine.submit(task))

    def _mailbox_entries(self, src: Source, sha: str | None, file: str) -> Iterator[_Entry]:
        """Read (parse, thread, de-duplicate, segment) here, in order; score elsewhere, chunk by chunk."""
        from .tasks import BATCH_SEGMENTS

        yield _Entry("begin", (sha, file))
        chunk: list[Extracted | ReadError] = []
        nseg = 0
        for item in extract_source(src, self.stats):
            chunk.append(item)
            nseg += len(item.segments) if isinstance(item, Extracted) else 0
            if nseg >= BATCH_SEGMENTS or len(chunk) >= CHUNK_DOCS:
                yield self._chunk_entry(chunk, sha, file)
                chunk, nseg = [], 0
        if chunk:
            yield self._chunk_entry(chunk, sha, file)
        yield _Entry("end", file)

    def _chunk_entry(self, chunk, sha, file) -> _Entry:
        from .tasks import TextsTask, chunk_texts, distinct

        texts, inverse = distinct(chunk_texts(chunk))  # each distinct text travels and is scored once
        future = self.engine.submit(TextsTask(self.folder, texts)) if texts else None
        return _Entry("chunk", (chunk, inverse, sha, file), future)

    # ---- consuming (in order): the only place that writes ----------------------------------------------------
    def _consume(self, entry: _Entry) -> None:
        from .tasks import assemble, expand, merge_stats

        kind = entry.kind
        if kind == "error":
            for err in extract_source(entry.payload, self.stats):  # counts it as the in-process extract does
                self._item(err, None, None)
        elif kind == "skip":
            self.skipped.append(entry.payload)
        elif kind == "begin":
            sha, file = entry.payload
            self._begin(file, sha)
        elif kind == "chunk":
            chunk, inverse, sha, file = entry.payload
            preds = expand(entry.future.result() if entry.future is not None else [], inverse)
            for item in assemble(chunk, preds):
                self._item(item, sha, file)
        elif kind == "end":
            self._end(entry.payload)
        elif kind == "files":
            for (sha, file), res in zip(entry.payload, entry.future.result()):
                merge_stats(self.stats, res.stats)
                self._begin(file, sha)
                for item in res.items:
                    self._item(item, sha, file)
                self._end(file)
        elif kind == "recheck":
            src, sha, file = entry.payload
            if not self.store.needs_analysis(file, sha, self.version):
                self.skipped.append(file)
                return
            from .tasks import FilesTask, FileSpec, run_task

            [res] = run_task(FilesTask(self.folder, [FileSpec.of(src, "object")]), self.tone)
            merge_stats(self.stats, res.stats)
            self._begin(file, sha)
            for item in res.items:
                self._item(item, sha, file)
            self._end(file)
        else:  # pragma: no cover
            raise AssertionError(kind)

    def _begin(self, file: str, sha: str | None) -> None:
        self._failed = False
        if self.store is not None:
            self.store.begin_file(self.run_id, file, sha, self.version)

    def _end(self, file: str) -> None:
        if self.store is not None:
            self.store.end_file(self.run_id, file, "error" if self._failed else "ok")

    def _item(self, item: AnalysedDocument | ReadError, sha: str | None, file: str | None) -> None:
        if isinstance(item, ReadError):
            if self.store is not None:
                self.store.write_error(self.run_id, item)
            self.errors.append(item)
            # Only a failure of the whole file makes it retried on the next run. A bad message in a mailbox or a bad
            # zip member stays recorded as an error, but rereading the same bytes cannot fix it.
            self._failed |= item.severity == "error" and item.source == file
        elif self.store is not None:
            item.file_sha256 = sha
            self.store.write_document(self.run_id, item, file)
        else:
            self.docs.append(item)
            self._unwritten += 1
            if self.writer is not None and self._unwritten >= WRITE_DOCS:
                self.drain()
        if self.on_document:
            self.on_document(item)

    def drain(self) -> None:
        """Write the documents not yet in the --out file (and the file's header when there were none)."""
        if self.writer is None:
            return
        if self._unwritten or not self.writer.rows:
            self.writer.write(segments_frame(self.docs[len(self.docs) - self._unwritten:]))
        self._unwritten = 0


def _is_mailbox(src: Source) -> bool:
    from ..ingest.formats import is_container
    from ..ingest.sniff import sniff

    try:
        return is_container(sniff(src), "mailbox") and src.size > 0
    except Exception:  # noqa: BLE001 - the reader reports unreadable files; here it only picks the route
        return False
