"""The cases of bench/stress.py (issue 12's table): long texts, faults, store, hangs, many small files, memory.

Each case writes its inputs under ctx.dir(), runs the CLI one or more times (ctx.run -> one row each) and adds its
own promise with ctx.check. Smaller cases and the environment ones are in stress_cases_more.py.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Callable

import hostile_inputs as h
import stress_run as sr

CASES: dict[str, tuple[str, str, Callable, bool]] = {}
NORMAL = "normal_contract"


def case(name: str, group: str, expected: str, full_only: bool = False):
    def deco(fn):
        CASES[name] = (group, expected, fn, full_only)
        return fn

    return deco


def normal_file(ctx) -> Path:
    return h.write(ctx.dir() / f"{NORMAL}.txt", h.NORMAL_CONTRACT.encode())


def extract(ctx, step: str, paths: list, **kw) -> dict:
    out = ctx.dir() / f"{step}.jsonl"
    out.unlink(missing_ok=True)
    return ctx.run(step, ["extract", *paths, "--out", out, "-q"], out=out, normal=NORMAL, **kw)


def analyze(ctx, step: str, paths: list, extra: list = (), **kw) -> dict:
    out = ctx.dir() / f"{step}.jsonl"
    out.unlink(missing_ok=True)
    return ctx.run(step, ["analyze", *paths, "--out", out, *extra], out=out, normal=NORMAL, **kw)


def analyze_db(ctx, step: str, paths: list, db: Path, extra: list = (), fresh: bool = True, **kw) -> dict:
    if fresh:
        db.unlink(missing_ok=True)
        Path(str(db) + ".wal").unlink(missing_ok=True)
    return ctx.run(step, ["analyze", *paths, "--db", db, "-q", *extra], db=db, normal=NORMAL, **kw)


def batch_goes_on(ctx, row: dict) -> None:
    ctx.check(row, row["rc"] == 0, f"exit {row['rc']}")
    ctx.check(row, bool(row["normal"]), "normal file after it not read")


# ------------------------------------------------------------------------------------------------ 1. long text
LONG = "expected: the long file is segmented in bounded chunks or gives one clear record; batch goes on (normal file read)"


def _long_text(ctx, path: Path, steps: tuple[str, ...]) -> None:
    paths = [path, normal_file(ctx)]
    for step in steps:
        if step == "extract":
            row = extract(ctx, step, paths)
        elif step == "analyze":
            row = analyze(ctx, step, paths)
        elif step == "analyze --workers 2":
            row = analyze(ctx, "analyze-w2", paths, ["--workers", "2"])
        else:
            row = analyze_db(ctx, "analyze --db", paths, ctx.dir() / "store.duckdb")
        batch_goes_on(ctx, row)


@case("long_txt_6mb", "long text", LONG)
def long_txt_6mb(ctx) -> None:
    path = h.write_long_line(ctx.dir() / "long_6mb.txt", ctx.size(6_000_000, 200_000))
    _long_text(ctx, path, ("extract", "analyze", "analyze --db", "analyze --workers 2"))


@case("long_eml_6mb", "long text", LONG)
def long_eml_6mb(ctx) -> None:
    path = h.write(ctx.dir() / "long_body.eml", h.eml_long_body(ctx.size(6_000_000, 200_000)))
    _long_text(ctx, path, ("extract", "analyze --db", "analyze --workers 2"))


@case("long_txt_200mb", "long text", LONG + " (extract only: the reader path is the same for analyze)")
def long_txt_200mb(ctx) -> None:
    path = h.write_long_line(ctx.dir() / "long_200mb.txt", ctx.size(200_000_000, 2_000_000))
    _long_text(ctx, path, ("extract",))


@case("long_pdf_2000p", "long text", LONG)
def long_pdf_2000p(ctx) -> None:
    path = h.write(ctx.dir() / "long_2000p.pdf", h.long_text_pdf(ctx.size(2000, 20)))
    _long_text(ctx, path, ("extract", "analyze --db"))


@case("long_docx_300mb_xml", "long text", LONG)
def long_docx(ctx) -> None:
    path = h.write_docx_expanding(ctx.dir() / "long_300mb_xml.docx", ctx.size(300, 3) * 1024**2, para_chars=1000)
    _long_text(ctx, path, ("extract", "analyze --db"))


# ------------------------------------------------------------------------------------------------ 2. unreadable
@case("unreadable_file", "faults", "expected: one 'unreadable' error record, batch goes on, exit 0 (run without "
      "CAP_DAC_OVERRIDE so chmod 000 applies)")
def unreadable(ctx) -> None:
    folder = ctx.fresh("in")
    locked = h.write(folder / "a_locked.txt", h.NORMAL_CONTRACT.encode())
    locked.chmod(0)
    h.write(folder / f"{NORMAL}.txt", h.NORMAL_CONTRACT.encode())
    for row in (analyze_db(ctx, "analyze --db", [folder], ctx.dir() / "store.duckdb", unprivileged=True),
                extract(ctx, "extract", [folder], unprivileged=True)):
        batch_goes_on(ctx, row)
        ctx.check(row, (row["errors"] or 0) >= 1, "no error record for the unreadable file")


# ------------------------------------------------------------------------------------------------ 3. deleted
def _deleter(folder: Path, victim: Path, out: Path) -> tuple[Callable, dict]:
    """Deletes `victim` as soon as reading has begun (the folder is listed before): the first time `out` has bytes
    or any process of the tree has a file of `folder` open."""
    state: dict = {"deleted_at": None}

    def during(root, elapsed: float) -> None:
        if state["deleted_at"] is not None:
            return
        if out.exists() and out.stat().st_size > 0:
            victim.unlink(missing_ok=True)
            state["deleted_at"] = round(elapsed, 2)
            return
        for p in [root, *root.children(recursive=True)]:
            try:
                if any(f.path.startswith(str(folder) + "/") for f in p.open_files()):
                    victim.unlink(missing_ok=True)
                    state["deleted_at"] = round(elapsed, 2)
                    return
            except Exception:  # noqa: BLE001 - the process may be gone between listing and asking
                continue

    return during, state


@case("deleted_while_reading", "faults", "expected: the vanished file gives one 'not_found/unreadable' record, the "
      "rest is read, exit 0 (trigger: 1,500 files; the last one is deleted as soon as the CLI has a file of the "
      "folder open or its --out has bytes, i.e. after the listing)")
def deleted(ctx) -> None:
    n = ctx.size(1500, 200)
    for step in ("extract", "analyze"):
        folder = ctx.fresh("in")
        for i in range(n):
            h.write(folder / f"f{i:05d}.txt", f"{i}. Clause\n{i}.1 {h.prose(200, seed=i)}\n".encode())
        victim = folder / f"f{n - 1:05d}.txt"
        during, state = _deleter(folder, victim, ctx.dir() / f"{step}.jsonl")
        row = extract(ctx, step, [folder], during=during) if step == "extract" else \
            analyze(ctx, step, [folder], during=during)
        row["note"] = f"deleted at {state['deleted_at']} s" if state["deleted_at"] is not None else "NOT TRIGGERED"
        print(f"    {row['note']}")
        ctx.check(row, state["deleted_at"] is not None, "deletion not triggered")
        ctx.check(row, row["rc"] == 0 and (row["segments"] or 0) > 0, f"exit {row['rc']}, batch lost")


# ------------------------------------------------------------------------------------------------ 4. data loss
@case("store_identical_files", "store", "expected: after editing one of two identical files, the untouched one "
      "keeps its document and segments in the store ('ok'; 'LOST' otherwise); both orders (edit the first / the "
      "second file of the folder)")
def identical(ctx) -> None:
    import hashlib

    for edited, kept in (("b.txt", "a.txt"), ("a.txt", "b.txt")):
        folder = ctx.fresh(f"in_edit_{edited[0]}")
        paths = {n: h.write(folder / n, h.NORMAL_CONTRACT.encode()) for n in ("a.txt", "b.txt")}
        doc_id = hashlib.sha256(paths[kept].read_bytes()).hexdigest()[:32]  # records.document_id of a plain file
        db = ctx.dir() / f"store_edit_{edited[0]}.duckdb"
        analyze_db(ctx, f"edit {edited}: 1st --db", [folder], db)
        paths[edited].write_bytes(paths[edited].read_bytes() + b"3. Termination\n3.1 The Customer may terminate.\n")
        for step in ("2nd --db (edited)", "3rd --db"):
            r = analyze_db(ctx, f"edit {edited}: {step}", [folder], db, fresh=False)
            docs = sr.query(db, "SELECT count(*) FROM documents WHERE file = ? OR doc_id = ?",
                            [str(paths[kept]), doc_id])[0][0]
            segs = sr.query(db, "SELECT count(*) FROM segments WHERE doc_id = ? OR source = ?",
                            [doc_id, str(paths[kept])])[0][0]
            status = sr.query(db, "SELECT status FROM files WHERE file = ? ORDER BY seq DESC LIMIT 1",
                              [str(paths[kept])])
            r["note"] = (f"untouched {kept}: {docs} documents, {segs} segments, file status "
                         f"{status[0][0] if status else None} -> {'ok' if docs and segs else 'LOST'}")
            ctx.check(r, bool(docs and segs), f"LOST: untouched {kept} has no document/segments")
            print(f"    {r['note']}")


# ------------------------------------------------------------------------------------------------ 5. hangs
@case("hang_dev_zero_fifo", "hangs", "expected: /dev/zero and a FIFO given explicitly are refused as 'not a regular "
      "file' (one record each), no hang (timeout here 30 s)")
def hangs(ctx) -> None:
    pipe = h.fifo(ctx.dir() / "pipe.txt")
    for name, target in (("/dev/zero", Path("/dev/zero")), ("fifo", pipe)):
        for step in ("extract", "analyze --db"):
            label = f"{step} {name}"
            if step == "extract":
                row = extract(ctx, label, [target, normal_file(ctx)], timeout=30)
            else:
                row = analyze_db(ctx, label, [target, normal_file(ctx)], ctx.dir() / "store.duckdb", timeout=30)
            batch_goes_on(ctx, row)


# ------------------------------------------------------------------------------------------------ 6. many small
def _many(ctx, members: int) -> None:
    z = ctx.dir() / f"many_{members}.zip"
    if not z.exists():
        h.write_zip_many(z, members)
    ex = extract(ctx, "extract", [z])
    db = analyze_db(ctx, "analyze --db", [z], ctx.dir() / "store.duckdb")
    ratio = db["wall_s"] / max(ex["wall_s"], 0.1)
    db["note"] = f"--db / extract = {ratio:.1f}x"
    print(f"    {db['note']}")
    ctx.check(db, db["rc"] == 0, f"exit {db['rc']}")
    ctx.check(db, ratio <= 2.0, f"--db {ratio:.1f}x extract (> 2x)")


@case("zip_1000_members", "many small", "expected: analyze --db within 2x of extract")
def zip_1000(ctx) -> None:
    _many(ctx, ctx.size(1000, 100))


@case("zip_9999_members", "many small", "expected: analyze --db within 2x of extract")
def zip_9999(ctx) -> None:
    _many(ctx, ctx.size(9999, 300))


# ------------------------------------------------------------------------------------------------ 7. memory
MEM = "expected: one record (text, or a clear too_large/limit error), peak RSS <= 1.5 GB (extract: same reader as analyze)"


@case("pdf_huge_page_19kb", "memory", MEM)
def pdf_19k(ctx) -> None:
    p = h.write(ctx.dir() / "huge_page_19kb.pdf", h.huge_page_pdf(ctx.size(19_000, 1_000)))
    batch_goes_on(ctx, extract(ctx, "extract", [p, normal_file(ctx)]))


@case("pdf_huge_page_120kb", "memory", MEM)
def pdf_120k(ctx) -> None:
    p = h.write(ctx.dir() / "huge_page_120kb.pdf", h.huge_page_pdf(ctx.size(120_000, 3_000), varied=True))
    batch_goes_on(ctx, extract(ctx, "extract", [p, normal_file(ctx)]))


@case("docx_950kb_expanding", "memory", MEM)
def docx_950k(ctx) -> None:
    # 60-char paragraphs compress ~280:1, so ~270 MB of document.xml makes a ~950 KB file
    p = h.write_docx_expanding(ctx.dir() / "expanding_950kb.docx", ctx.size(270, 3) * 1024**2, para_chars=60)
    batch_goes_on(ctx, extract(ctx, "extract", [p, normal_file(ctx)]))


# ------------------------------------------------------------------------------------------------ killed run
@case("killed_run", "store", "expected: after kill -9 the run row is marked interrupted by the next run (not "
      "'running' forever), and the rerun completes")
def killed(ctx) -> None:
    z = ctx.dir() / "many.zip"
    if not z.exists():  # long enough (~15 s) that the kill lands mid-run
        h.write_zip_many(z, ctx.size(9999, 500))
    db = ctx.dir() / "store.duckdb"
    db.unlink(missing_ok=True)
    log = ctx.work / "logs" / "killed_run__victim"
    proc = sr.start(ctx.python, ctx.repo, ["analyze", str(z), "--db", str(db), "-q"], log)
    t0 = time.time()
    while not db.exists() and time.time() - t0 < 60 and proc.poll() is None:
        time.sleep(0.1)
    time.sleep(2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = sr.query(db, "SELECT run_id, status FROM runs ORDER BY started_at")
    print(f"    after kill -9 at {time.time() - t0:.1f} s: runs = {before}")
    row = analyze_db(ctx, "rerun --db after kill -9", [normal_file(ctx)], db, fresh=False)
    after = dict(sr.query(db, "SELECT run_id, status FROM runs"))
    first = before[0][0] if before else None
    row["note"] = f"killed run {first}: {before[0][1] if before else '?'} -> {after.get(first)}"
    print(f"    {row['note']}")
    ctx.check(row, row["rc"] == 0, f"exit {row['rc']}")
    ctx.check(row, after.get(first) != "running", "killed run still 'running'")


import stress_cases_more  # noqa: E402,F401 - registers the remaining cases into CASES
