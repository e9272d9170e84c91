"""Runs one CLI invocation for bench/stress.py: watched (per-process peak RSS, timeout, RSS kill switch), counted.

The CLI runs as `python -c "from analyzer.cli import app; app()" ...` with cwd = the repo under test, so that repo's
`analyzer` package is the one measured. A run "as unprivileged" keeps uid 0 (the venv's interpreter lives under
/root, which other users cannot reach) but drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set
(`setpriv --bounding-set=-dac_override,-dac_read_search`), so file permissions apply to it as to any owner: a
chmod 000 file is unreadable and a chmod 555 folder is read-only.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil

CLI = "from analyzer.cli import app; app()"
DROP_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
MB = 1024 * 1024


@dataclass
class Watch:
    """What one process tree did: peak RSS of its largest single process, wall time, how it ended."""

    rc: int | None = None
    status: str = "done"  # done | TIMEOUT | KILLED
    wall_s: float = 0.0
    peak_rss_mb: float = 0.0  # max over processes of each process's own peak (not summed)
    peak_tree_mb: float = 0.0  # max of the summed tree (to show what workers add)
    processes: int = 0


def watch(proc: subprocess.Popen, timeout: float, kill_mb: float, interval: float = 0.05,
          during: Callable[[psutil.Process, float], None] | None = None) -> Watch:
    """Poll the tree every `interval` s; kill the whole process group on timeout or when one process exceeds kill_mb."""
    w = Watch()
    peaks: dict[int, int] = {}
    root = psutil.Process(proc.pid)
    t0 = time.perf_counter()
    while True:
        elapsed = time.perf_counter() - t0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        total = 0
        for p in tree:
            try:
                rss = p.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            total += rss
            peaks[p.pid] = max(peaks.get(p.pid, 0), rss)
        w.peak_tree_mb = max(w.peak_tree_mb, total / MB)
        if peaks and max(peaks.values()) / MB > kill_mb:
            w.status = "KILLED"
        elif elapsed > timeout:
            w.status = "TIMEOUT"
        if w.status != "done":
            _kill_group(proc)
            break
        if during is not None:
            during(root, elapsed)
        if proc.poll() is not None:
            break
        time.sleep(interval)
    proc.wait()
    w.wall_s = time.perf_counter() - t0
    w.rc = proc.returncode
    w.peak_rss_mb = max(peaks.values(), default=0) / MB
    w.processes = len(peaks)
    return w


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI was started in its own session: pid == pgid
    except ProcessLookupError:
        pass


def cli_command(python: str, args: list[str], unprivileged: bool = False) -> list[str]:
    cmd = [python, "-c", CLI, *[str(a) for a in args]]
    return DROP_DAC + cmd if unprivileged else cmd


def start(python: str, repo: Path, args: list[str], log: Path, unprivileged: bool = False) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "400", "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}  # no wrapped error lines
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(cli_command(python, args, unprivileged), cwd=repo, env=env, start_new_session=True,
                            stdin=subprocess.DEVNULL, stdout=open(log.with_suffix(".out"), "wb"),
                            stderr=open(log.with_suffix(".err"), "wb"))


# --------------------------------------------------------------------------------------------- counting
@dataclass
class Counts:
    segments: int | None = None
    errors: int | None = None
    warnings: int | None = None
    normal_segments: int | None = None  # segments of the file that follows the hostile one in the batch
    codes: list[str] = field(default_factory=list)  # error/warning codes seen (first few)

    def short(self) -> str:
        f = lambda v: "-" if v is None else str(v)  # noqa: E731
        return f"{f(self.segments)}/{f(self.errors)}/{f(self.warnings)}"


def count_jsonl(path: Path, normal: str | None = None) -> Counts:
    """extract --out (segments, errors, warnings inline) or analyze --out .jsonl (segments only)."""
    c = Counts(0, 0, 0, 0 if normal else None)
    if not path.exists():
        return Counts()
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            kind = rec.get("type", "segment")
            if kind == "error":
                c.errors += 1
                c.codes.append(rec.get("code", "?"))
            elif kind == "warning":
                c.warnings += 1
                c.codes.append(rec.get("code", "warning"))
            else:
                c.segments += 1
                if normal and normal in str(rec.get("source", "")):
                    c.normal_segments += 1
    return c


def count_stderr(err: Path, c: Counts) -> Counts:
    """analyze without a store prints one 'error SOURCE: message' / 'warning ...' line per record."""
    text = err.read_text(errors="replace") if err.exists() else ""
    lines = text.splitlines()
    c.errors = sum(1 for ln in lines if ln.startswith("error "))
    c.warnings = sum(1 for ln in lines if ln.startswith("warning "))
    return c


def count_store(db: Path, normal: str | None = None) -> Counts:
    if not db.exists():
        return Counts()
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except Exception:  # noqa: BLE001 - a store the run left unreadable is itself a finding; shown as "-"
        return Counts()
    try:
        seg = con.execute("SELECT count(*) FROM segments").fetchone()[0]
        err = con.execute("SELECT count(*) FROM errors WHERE severity = 'error'").fetchone()[0]
        warn = con.execute("SELECT count(*) FROM errors WHERE severity = 'warning'").fetchone()[0]
        codes = [r[0] for r in con.execute("SELECT code FROM errors LIMIT 8").fetchall()]
        norm = None
        if normal:
            norm = con.execute("SELECT count(*) FROM segments WHERE source LIKE ?", [f"%{normal}%"]).fetchone()[0]
        return Counts(seg, err, warn, norm, codes)
    finally:
        con.close()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def has_traceback(log: Path) -> bool:
    err = log.with_suffix(".err")
    return err.exists() and "Traceback (most recent call last)" in err.read_text(errors="replace")


def last_error_line(log: Path) -> str:
    err = log.with_suffix(".err")
    if not err.exists():
        return ""
    lines = [ln.strip() for ln in err.read_text(errors="replace").splitlines() if ln.strip()]
    for ln in reversed(lines):
        if not set(ln) <= set("─━═│┃╭╮╰╯┏┓┗┛┡┩└┘┌┐ "):
            return ln[:160]
    return ""
