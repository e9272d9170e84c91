"""More cases of bench/stress.py: output/store/model faults, smaller input defects, the ones that already hold, and
the 100k-message mailbox (--full)."""
from __future__ import annotations

import time
from pathlib import Path

import hostile_inputs as h
import stress_run as sr
from stress_cases import NORMAL, analyze, analyze_db, batch_goes_on, case, extract, normal_file


# ------------------------------------------------------------------------------------------------ 8. clear errors
@case("readonly_out_diskfull", "clear errors", "expected: a one-line error before the work starts, no traceback "
      "(read-only: a chmod 555 folder, run without CAP_DAC_OVERRIDE; disk full: --out /dev/full)")
def readonly(ctx) -> None:
    ro = ctx.dir("ro")
    ro.chmod(0o555)
    src = normal_file(ctx)
    for step, args in (("analyze --out read-only", ["analyze", src, "--out", ro / "x.jsonl"]),
                       ("extract --out read-only", ["extract", src, "--out", ro / "x.jsonl", "-q"]),
                       ("extract --out /dev/full", ["extract", src, "--out", "/dev/full", "-q"])):
        row = ctx.run(step, args, unprivileged=True)
        ctx.check(row, row["rc"] not in (0, None), "exit 0 although nothing was written")


@case("store_locked", "clear errors", "expected: a second writer gets 'the store is in use by run N since …' (no "
      "traceback); report reads a consistent snapshot while a run writes")
def locked(ctx) -> None:
    z = ctx.dir() / "many.zip"
    if not z.exists():  # big enough that the first writer is still running when the second one starts
        h.write_zip_many(z, ctx.size(9999, 500))
    db = ctx.dir() / "store.duckdb"
    db.unlink(missing_ok=True)
    first = sr.start(ctx.python, ctx.repo, ["analyze", str(z), "--db", str(db), "-q"],
                     ctx.work / "logs" / "store_locked__first_writer")
    t0 = time.time()
    while not db.exists() and time.time() - t0 < 60 and first.poll() is None:
        time.sleep(0.1)
    time.sleep(2)
    try:
        second = ctx.run("second analyze --db", ["analyze", normal_file(ctx), "--db", db, "-q"], timeout=60)
        ctx.check(second, "in use" in second["last_line"], "no 'store in use' message")
        rep = ctx.run("report --db while writing", ["report", "--db", db], timeout=60)
        ctx.check(rep, rep["rc"] == 0, f"report exit {rep['rc']}")
    finally:
        sr._kill_group(first)
        first.wait()


@case("broken_models", "clear errors", "expected: one line naming the model folder and the field, no traceback, "
      "found at load time")
def broken_models(ctx) -> None:
    variants = h.broken_models(ctx.repo / "models" / "default", ctx.fresh("models"))
    src = normal_file(ctx)
    for kind, folder in variants.items():
        row = analyze(ctx, f"analyze --model {kind}", [src], ["--model", folder])
        ctx.check(row, row["rc"] not in (0, None), "exit 0 with a broken model")
        ctx.check(row, str(folder) in row["last_line"], "error line does not name the folder")


# ------------------------------------------------------------------------------------------------ 9. smaller
@case("utf16_nobom", "smaller", "expected: BOM-less UTF-16 detected and read (segments, no unknown_type)")
def utf16(ctx) -> None:
    row = extract(ctx, "extract", [h.write(ctx.dir() / "utf16.txt", h.utf16_nobom())])
    ctx.check(row, (row["segments"] or 0) > 0 and "unknown_type" not in row["codes"], "not read as text")


@case("invalid_utf8", "smaller", "expected: read, with a 'mis-encoded' warning naming the chosen encoding")
def bad_utf8(ctx) -> None:
    row = extract(ctx, "extract", [h.write(ctx.dir() / "bad_utf8.txt", h.invalid_utf8())])
    ctx.check(row, (row["segments"] or 0) > 0 and (row["warnings"] or 0) >= 1, "no mis-encoded warning")


@case("eml_nul_byte", "smaller", "expected: an .eml with one NUL byte is still read as email")
def eml_nul(ctx) -> None:
    row = extract(ctx, "extract", [h.write(ctx.dir() / "nul.eml", h.eml_with_nul())])
    ctx.check(row, (row["segments"] or 0) > 0, "body not read")


@case("eml_wrong_boundary", "smaller", "expected: the body is kept (today: an 'empty message body' warning)")
def eml_boundary(ctx) -> None:
    row = extract(ctx, "extract", [h.write(ctx.dir() / "boundary.eml", h.eml_wrong_boundary())])
    ctx.check(row, (row["segments"] or 0) > 0, "body dropped")


@case("symlink_outside", "smaller", "expected: a link out of the input folder is not followed (one 'skipped' record)")
def symlink_out(ctx) -> None:
    outside = h.write(ctx.dir("outside") / "secret.txt", b"1. Secret\n1.1 OUTSIDE_MARKER the supplier shall pay.\n")
    folder = ctx.fresh("in")
    h.write(folder / f"{NORMAL}.txt", h.NORMAL_CONTRACT.encode())
    (folder / "link_out.txt").symlink_to(outside)
    row = extract(ctx, "extract", [folder])
    text = Path(ctx.dir() / "extract.jsonl").read_text() if (ctx.dir() / "extract.jsonl").exists() else ""
    followed = "OUTSIDE_MARKER" in text
    row["note"] = "followed" if followed else "not followed"
    ctx.check(row, not followed, "followed the link out of the folder")
    ctx.check(row, (row["warnings"] or 0) + (row["errors"] or 0) >= 1, "no record for the link")


@case("symlink_loop_fifo_in_folder", "smaller", "expected: loops and a FIFO inside a folder each leave a record, "
      "no hang (timeout 30 s)")
def loops(ctx) -> None:
    folder = ctx.fresh("in")
    h.write(folder / f"{NORMAL}.txt", h.NORMAL_CONTRACT.encode())
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)
    row = extract(ctx, "extract loops", [folder], timeout=30)
    batch_goes_on(ctx, row)
    ctx.check(row, (row["warnings"] or 0) + (row["errors"] or 0) >= 2, "loops skipped with no record")
    folder2 = ctx.fresh("in_fifo")
    h.write(folder2 / f"{NORMAL}.txt", h.NORMAL_CONTRACT.encode())
    h.fifo(folder2 / "pipe.txt")
    row = extract(ctx, "extract fifo", [folder2], timeout=30)
    batch_goes_on(ctx, row)
    ctx.check(row, (row["warnings"] or 0) + (row["errors"] or 0) >= 1, "FIFO skipped with no record")


@case("pdf_deep_page_tree", "smaller", "expected: a 5,000-level page tree gives exactly one record for the file")
def deep_tree(ctx) -> None:
    p = h.write(ctx.dir() / "deep_tree.pdf", h.deep_page_tree_pdf(ctx.size(5000, 5000)))
    row = extract(ctx, "extract", [p])
    n = (row["errors"] or 0) + (row["warnings"] or 0)
    ctx.check(row, n + (1 if row["segments"] and not n else 0) == 1, f"{n} error/warning records for one file")


# ------------------------------------------------------------------------------------------------ already hold
HOLD = "expected (already holds): one clear record for the file, batch goes on"


def _hold(ctx, name: str, data: bytes) -> None:
    row = extract(ctx, "extract", [h.write(ctx.dir() / name, data), normal_file(ctx)])
    batch_goes_on(ctx, row)
    ctx.check(row, (row["errors"] or 0) >= 1, "no error record")


@case("hold_zip_bomb", "holds", HOLD)
def hold_bomb(ctx) -> None:
    z = ctx.dir() / "bomb.zip"
    h.write_zip_bomb(z)
    row = extract(ctx, "extract", [z, normal_file(ctx)])
    batch_goes_on(ctx, row)


@case("hold_nested_zip", "holds", HOLD + " (depth 4 > limit)")
def hold_nested(ctx) -> None:
    _hold(ctx, "nested.zip", h.nested_zip(4))


@case("hold_traversal_zip", "holds", "expected: members named ../ are read as names only, nothing written outside")
def hold_traversal(ctx) -> None:
    row = extract(ctx, "extract", [h.write(ctx.dir() / "traversal.zip", h.traversal_zip()), normal_file(ctx)])
    batch_goes_on(ctx, row)
    ctx.check(row, not Path("/tmp/evil.txt").exists() and not Path("/etc/evil2.txt").exists(), "wrote outside")


@case("hold_encrypted_pdf", "holds", HOLD)
def hold_encrypted(ctx) -> None:
    _hold(ctx, "encrypted.pdf", h.encrypted_pdf())


@case("hold_corrupt_pdf", "holds", HOLD)
def hold_corrupt_pdf(ctx) -> None:
    _hold(ctx, "corrupt.pdf", h.small_pdf()[:300])


@case("hold_docx_billion_laughs", "holds", HOLD)
def hold_laughs(ctx) -> None:
    _hold(ctx, "laughs.docx", h.docx_billion_laughs())


@case("hold_deep_mime", "holds", "expected (already holds): 10,000-deep MIME nesting is one record, batch goes on")
def hold_mime(ctx) -> None:
    row = extract(ctx, "extract", [h.write(ctx.dir() / "deep.eml", h.eml_deep_mime(10_000)), normal_file(ctx)])
    batch_goes_on(ctx, row)


@case("hold_corrupt_msg", "holds", HOLD)
def hold_msg(ctx) -> None:
    _hold(ctx, "corrupt.msg", h.corrupt_msg())


# ------------------------------------------------------------------------------------------------ mailbox
@case("mbox_100k", "mailbox", "expected: completes, peak RSS <= 1.5 GB (no 60 s limit)", full_only=True)
def mbox_100k(ctx) -> None:
    box = ctx.dir() / "mail_100k.mbox"
    if not box.exists():
        h.make_mbox(box, ctx.size(100_000, 2_000))
    row = analyze_db(ctx, "analyze --db", [box], ctx.dir() / "store.duckdb", timeout=max(ctx.timeout, 3600),
                     wall_limit=float("inf"))
    ctx.check(row, row["rc"] == 0, f"exit {row['rc']}")


