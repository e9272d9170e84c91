"""The package installs whole: a wheel built from this checkout, installed into a fresh venv that cannot see the
checkout, loads the shipped default model, analyses an example and finds the Streamlit app.

The fresh venv borrows the heavy dependencies (spaCy, scikit-learn, …) from the environment running the tests through a
.pth file listing its site-packages folders. Plain path lines in a .pth are not themselves scanned for .pth files, so
the editable install's finder in that environment is not loaded and the checkout stays out of reach.
"""
from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow  # ~40 s: builds a wheel, makes a venv, runs the CLI and the app in it

# What a clone holds that a build must not depend on (a local .venv, earlier builds, outputs).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", "out",
                                    "test-output", ".pytest_cache", ".hypothesis", "*.duckdb", "*.duckdb.wal")
SENTENCE = "Your team failed to deliver the migration again."


def _run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("TONE_")}
    return subprocess.run(cmd, cwd=cwd, env=env | kw.pop("env", {}), capture_output=True, text=True, timeout=600,
                          **kw)


def _can_build_offline() -> bool:
    """setuptools >= 70.1 builds wheels by itself (no `wheel` package), so no isolated build env is needed."""
    try:
        major, minor = (int(x) for x in metadata.version("setuptools").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (70, 1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # a copy, so the build neither writes into the checkout nor picks up stale build/ files
    shutil.copytree(REPO, src, ignore=NOT_SOURCE)
    isolation = ["--no-build-isolation"] if _can_build_offline() else []
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", str(tmp / "dist"), str(src)],
                cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    (whl,) = (tmp / "dist").glob("tone_analyzer-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its bin/ folder."""
    root = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    py = root / "bin" / "python"
    purelib = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    heavy = [p for p in site.getsitepackages() if Path(p).is_dir()]
    assert heavy and all(Path(p).resolve() != REPO for p in heavy)
    (purelib / "_heavy_dependencies.pth").write_text("\n".join(heavy) + "\n")
    # pip comes from the borrowed site-packages; --ignore-installed: never touch the editable install seen there.
    done = _run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", str(wheel)],
                cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "bin"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    return work


def test_wheel_holds_the_models_and_the_app_but_no_training_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for must in ("tone_analyzer_models/default/model.json", "tone_analyzer_models/fast/classifier/weights.npz",
                 "tone_analyzer_models/default/classifier/fast/weights.npz", "tone_analyzer_app/app_streamlit.py",
                 "tone_analyzer_app/app/config.py", "tone_analyzer_app/app/pages/review.py", "analyzer/cli.py"):
        assert must in names, must
    tops = {n.split("/")[0] for n in names}
    assert tops == {"analyzer", "tone_analyzer_models", "tone_analyzer_app", "tone_analyzer-0.1.0.dist-info"}, tops
    assert not any("corpora" in n or n.endswith("setup.py") or "__pycache__" in n for n in names)
    assert wheel.stat().st_size < 20 * 1024 * 1024


def test_installed_package_loads_the_shipped_default_model(venv: Path, workdir: Path) -> None:
    probe = (
        "import json, sys, analyzer\n"
        "from analyzer import load_model, locations\n"
        f"m = load_model(); p = m.predict([{SENTENCE!r}])[0]\n"
        "print(json.dumps({'analyzer': analyzer.__file__, 'checkout': str(locations.checkout()),\n"
        "                  'models': str(locations.models_dir()), 'model_id': m.model_id, 'scores': p.scores,\n"
        "                  'labels': p.labels, 'path': sys.path}))\n")
    done = _run([str(venv / "python"), "-c", probe], cwd=workdir)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    prefix = str(venv.parent)
    assert got["analyzer"].startswith(prefix) and got["models"].startswith(prefix), got
    assert got["checkout"] == "None"
    assert not any(p and Path(p).resolve() in (REPO, REPO / "analyzer") for p in got["path"]), got["path"]
    # The same model as the checkout's models/default: its fingerprint is the hash of the model files.
    from analyzer.detect.model import load_model

    here = load_model()
    assert got["model_id"] == here.model_id
    assert got["scores"] == here.predict([SENTENCE])[0].scores and "blame" in got["labels"]


def test_installed_cli_analyses_examples_outside_the_checkout(venv: Path, workdir: Path) -> None:
    for name in ("outage_escalation.eml", "services_agreement.docx"):
        shutil.copy(EXAMPLES / name, workdir / name)
    done = _run([str(venv / "tone-analyzer"), "analyze", "outage_escalation.eml", "services_agreement.docx",
                 "--out", "x.jsonl"], cwd=workdir)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [json.loads(line) for line in (workdir / "x.jsonl").read_text().splitlines()]
    segments = [r for r in rows if "score_blame" in r]
    assert {r["source"] for r in segments} == {"outage_escalation.eml", "services_agreement.docx"}, rows[:2]
    assert all(0 <= r["score_risk_pushing"] <= 1 for r in segments)
    flagged = {lab for r in segments for lab in ("risk_pushing", "blame") if r[f"is_{lab}"]}
    assert flagged == {"risk_pushing", "blame"}  # the contract has one-sided clauses, the escalation mail blames


def test_installed_app_is_found_and_runs(venv: Path, workdir: Path) -> None:
    pytest.importorskip("streamlit", reason="the `app` extra (streamlit) is not installed")
    probe = (
        "from streamlit.testing.v1 import AppTest\n"
        "from analyzer.locations import app_script\n"
        "at = AppTest.from_file(str(app_script()), default_timeout=120).run()\n"
        "at.switch_page('app/pages/review.py').run()\n"
        "print(app_script()); print(repr([e.value for e in at.exception]))\n")
    done = _run([str(venv / "python"), "-c", probe], cwd=workdir,
                env={"TONE_DB": str(workdir / "app.duckdb"), "TONE_EXAMPLES": ""})
    assert done.returncode == 0, done.stderr
    script, exceptions = done.stdout.strip().splitlines()[-2:]
    assert script.startswith(str(venv.parent)) and script.endswith("tone_analyzer_app/app_streamlit.py")
    assert exceptions == "[]"


def test_installed_training_says_the_corpus_is_absent(venv: Path, workdir: Path) -> None:
    done = _run([str(venv / "tone-analyzer"), "train", "--model", "baseline", "--no-real", "--out", "m"], cwd=workdir)
    assert done.returncode == 3
    assert "corpora/" in done.stderr and "not the installed package" in done.stderr and "Traceback" not in done.stderr
