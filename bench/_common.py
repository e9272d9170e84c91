"""Shared bench helpers: machine description, generated inputs, timed child processes with peak memory."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "cpu": "?", "ram_gb": None, "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024**2, 1)
                break
        info["flags"] = " ".join(sorted({f for f in Path("/proc/cpuinfo").read_text().split()
                                         if f in ("avx2", "avx512f", "avx512_bf16", "amx_bf16", "avx512_vnni")}))
        info["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        pass
    return info


def generated_inputs(folder: Path, messages: int = 10_000, pages: int = 100) -> dict[str, Path]:
    """The reproducible bench inputs (bench/gen_inputs.py), written into `folder`."""
    sys.path.insert(0, str(REPO / "bench"))
    import gen_inputs

    return {"mbox": gen_inputs.make_mbox(folder / "bench_mail.mbox", messages),
            "pdf": gen_inputs.make_contract_pdf(folder / "bench_contract.pdf", pages)}


def median(values):
    return statistics.median(values) if values else None


class TreeRSS:
    """Samples the summed RSS of a process and all its descendants (/proc), every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval = pid, interval
        self.peak_total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_total = max(self.peak_total, sum(_rss(p) for p in _tree(self.pid)))
            self._stop.wait(self.interval)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed(cmd: list[str], cwd: Path | None = None, env: dict | None = None, log: Path | None = None) -> dict:
    """Run a command; wall seconds, CPU seconds (it and its children), peak RSS of its largest process
    (wait4) and peak summed RSS of its process tree (sampled)."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    with TreeRSS(proc.pid) as tree:
        _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log:
        out.close()
    return {"rc": proc.returncode, "wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime,
            "max_rss_mb": ru.ru_maxrss / 1024, "tree_rss_mb": tree.peak_total / 1024**2}


def table(rows: list[dict], keys: list[str]) -> str:
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for r in rows:
        lines.append("| " + " | ".join(_fmt(r.get(k)) for k in keys) + " |")
    return "\n".join(lines)


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
