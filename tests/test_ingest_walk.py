"""Walking inputs (issue 12): only regular files are read, vanished or unreadable entries and symbolic links out of
the folder each leave one record, and nothing blocks or raises."""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from analyzer.ingest import read_paths, read_source
from analyzer.ingest.archive import iter_sources
from analyzer.ingest.source import Source
from analyzer.limits import Limits
from analyzer.records import Document, ReadError

TEXT = "The Supplier shall indemnify the Customer.\n"


def _in_thread(fn, timeout=10.0):
    """Run fn in a thread; fail (instead of hanging the suite) when it blocks."""
    result: list = []
    t = threading.Thread(target=lambda: result.append(fn()), daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "reading blocked"
    return result[0]


def test_fifo_and_device_give_one_not_regular_record_and_never_block(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    items = _in_thread(lambda: list(read_paths([fifo, "/dev/zero", tmp_path])))
    errors = [(i.source, i.code, i.message) for i in items if isinstance(i, ReadError)]
    assert errors == [
        (str(fifo), "not_regular", "not a regular file (FIFO); skipped"),
        ("/dev/zero", "not_regular", "not a regular file (character device); skipped"),
        (str(fifo), "not_regular", "not a regular file (FIFO); skipped"),  # the same FIFO met in the folder walk
    ]
    assert [i.severity for i in items] == ["error", "error", "warning"]


def test_socket_in_a_folder_is_a_record(tmp_path):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        items = list(iter_sources([tmp_path]))
    assert [(Path(i.source).name, i.code, i.message) for i in items] == [
        ("s.sock", "not_regular", "not a regular file (socket); skipped")]


def test_on_disk_source_refuses_a_special_file_when_opened():
    # A Source made before a regular file was swapped for a device must not read it forever.
    src = Source.from_path("/dev/zero")
    items = _in_thread(lambda: list(read_source(src)))
    assert len(items) == 1 and items[0].code in {"empty", "unreadable"}
    src = Source(name="/dev/zero", open=Source.from_path("/dev/zero").open, size=1 << 20)
    items = _in_thread(lambda: list(read_source(src)))
    assert [i.code for i in items] == ["unreadable"] and "not a regular file" in items[0].message


def test_file_deleted_between_listing_and_reading_is_one_record(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(TEXT)
    it = read_paths([tmp_path])
    first = next(it)  # the folder is listed now
    (tmp_path / "b.txt").unlink()
    rest = list(it)
    assert isinstance(first, Document)
    assert [(Path(i.source).name, getattr(i, "code", "doc")) for i in rest] == [("b.txt", "not_found"),
                                                                                ("c.txt", "doc")]


def test_file_deleted_after_its_source_was_made_is_not_found(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text(TEXT)
    src = Source.from_path(path)
    path.unlink()
    assert [(i.code) for i in read_source(src)] == ["not_found"]


def test_unreadable_subfolder_is_one_record(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(TEXT)
    (tmp_path / "z.txt").write_text(TEXT)
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "locked":  # root cannot chmod its way out of reading: simulate EACCES
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_paths([tmp_path]))
    assert [(Path(i.source).name, getattr(i, "code", "doc")) for i in items] == [("locked", "unreadable"),
                                                                                ("z.txt", "doc")]
    assert "Permission denied" in items[0].message


def test_unreadable_file_is_one_record(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(TEXT)
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    items = list(read_paths([tmp_path]))
    assert [(Path(i.source).name, i.code) for i in items] == [("a.txt", "unreadable")]


@pytest.fixture
def linked_tree(tmp_path):
    root, outside = tmp_path / "in", tmp_path / "out"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "a.txt").write_text(TEXT)
    (outside / "secret.txt").write_text("Outside text that must not be read.\n")
    (root / "file_out.txt").symlink_to(outside / "secret.txt")
    (root / "dir_out").symlink_to(outside)
    (root / "sub" / "up").symlink_to(root)  # a loop
    (root / "self").symlink_to(root / "self")  # ELOOP
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "file_in.txt").symlink_to(root / "a.txt")  # inside the folder: read, as before
    return root


def test_symlinks_out_of_the_folder_are_not_followed_and_each_leaves_a_record(linked_tree):
    items = list(read_paths([linked_tree]))
    assert [(Path(i.source).name, getattr(i, "code", "doc")) for i in items] == [
        ("a.txt", "doc"),
        ("dangling.txt", "not_found"),
        ("dir_out", "skipped"),
        ("file_in.txt", "doc"),
        ("file_out.txt", "skipped"),
        ("self", "symlink_loop"),
        ("up", "symlink_loop"),
    ]
    assert not any("Outside text" in i.text for i in items if isinstance(i, Document))
    skipped = {Path(i.source).name: i for i in items if isinstance(i, ReadError)}
    assert skipped["dir_out"].message.startswith("skipped: symbolic link to outside the folder")
    assert all(i.severity == "warning" for i in skipped.values())


def test_follow_symlinks_reads_outside_targets_once(linked_tree):
    items = list(read_paths([linked_tree], Limits(follow_symlinks=True)))
    docs = [i.source for i in items if isinstance(i, Document)]
    assert [Path(d).name for d in docs] == ["a.txt", "secret.txt", "file_in.txt", "file_out.txt"]
    assert str(linked_tree / "dir_out" / "secret.txt") in docs


def test_limits_reach_every_source_including_zip_members(tmp_path):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("m.txt", TEXT)
    (tmp_path / "b.zip").write_bytes(buf.getvalue())
    (tmp_path / "a.txt").write_text(TEXT)
    limits = Limits(max_chars=10)
    sources = list(iter_sources([tmp_path, tmp_path / "a.txt"], limits))
    assert [s.name.rsplit("/", 1)[-1] for s in sources] == ["a.txt", "b.zip!m.txt", "a.txt"]
    assert all(s.limits is limits for s in sources)


def test_ordinary_tree_order_is_the_sorted_path_order(tmp_path):
    names = ["b/z.txt", "a.txt", "b/a/x.md", "B.txt", "b.txt", "b-c/y.txt", "c/.hidden/h.txt"]
    for n in names:
        (tmp_path / n).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / n).write_text(TEXT)
    got = [s.name for s in iter_sources([tmp_path])]
    assert got == [str(p) for p in sorted(p for p in tmp_path.rglob("*") if p.is_file())]
