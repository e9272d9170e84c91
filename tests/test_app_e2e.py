"""End to end: a real `streamlit run` server and headless Chromium upload a contract and see its highlights.

Screenshots and the measured upload -> highlight time go to test-output/ (gitignored).
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
OUT = REPO / "test-output"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.slow,  # a real Streamlit server and a headless browser analysing a PDF upload
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(proc: subprocess.Popen, url: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"no health at {url} within {timeout}s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def server(tmp_path):
    port = free_port()
    log = tmp_path / "streamlit.log"
    env = dict(os.environ, TONE_DB=str(tmp_path / "e2e.duckdb"), TONE_EXAMPLES="",
               TONE_CORRECTIONS=str(tmp_path / "corrections.jsonl"), PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "streamlit", "run", "app_streamlit.py", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]
    with log.open("w") as fh:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=fh, stderr=subprocess.STDOUT)
    try:
        wait_healthy(proc, f"http://127.0.0.1:{port}/_stcore/health", log)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_upload_contract_then_review_shows_highlights(server):
    from playwright.sync_api import expect, sync_playwright

    OUT.mkdir(exist_ok=True)
    pdf = REPO / "examples" / "services_agreement.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1800})
            page.set_default_timeout(60_000)
            page.goto(server, wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="Analyse")).to_be_visible(timeout=90_000)
            expect(page.get_by_text("The store is empty")).to_be_visible(timeout=60_000)

            page.locator("input[type=file]").first.set_input_files(str(pdf))
            expect(page.get_by_role("button", name="Remove services_agreement.pdf")).to_be_visible(timeout=30_000)
            button = page.get_by_role("button", name="Analyse", exact=True)
            expect(button).to_be_enabled(timeout=30_000)
            t0 = time.monotonic()
            button.click()
            expect(page.get_by_text("Analysed 1 document(s) from 1 file(s)")).to_be_visible(timeout=240_000)
            analysed = time.monotonic() - t0
            page.screenshot(path=str(OUT / "e2e_analyse.png"), full_page=True)

            page.get_by_role("link", name="Contract review").click()
            marks = page.locator("mark.tone-mark")
            expect(marks.first).to_be_visible(timeout=120_000)
            highlighted = time.monotonic() - t0
            expect(page.get_by_text("Why each flag")).to_be_visible(timeout=60_000)
            assert marks.count() > 10
            assert page.locator("mark.tone-risk_pushing").count() > 0
            expect(page.get_by_role("combobox", name="Contract")).to_have_value(re.compile(r"services_agreement\.pdf"))
            page.screenshot(path=str(OUT / "e2e_review.png"), full_page=True)

            page.get_by_role("combobox", name="Show").click()
            page.get_by_role("option", name="Flagged passages only").click()
            expect(page.locator("div.tone-text mark.tone-mark").first).to_be_in_viewport(timeout=60_000)
            page.screenshot(path=str(OUT / "e2e_review_passages.png"), full_page=True)
        finally:
            browser.close()
    (OUT / "e2e_timing.txt").write_text(f"upload click -> analysed: {analysed:.1f}s\n"
                                        f"upload click -> highlights on Contract review: {highlighted:.1f}s\n")
    print((OUT / "e2e_timing.txt").read_text())
