"""Where the shipped files are found: in a checkout its own folders (the installed case: tests/test_wheel_install.py)."""
from __future__ import annotations


from typer.testing import CliRunner

from analyzer import locations
from analyzer.cli import app
from analyzer.train import datasets
from analyzer.detect.model import DEFAULT_MODEL
from conftest import REPO


def test_a_checkout_uses_its_own_folders() -> None:
    assert locations.checkout() == REPO
    assert locations.models_dir() == REPO / "models" and DEFAULT_MODEL == REPO / "models" / "default"
    assert (DEFAULT_MODEL / "model.json").is_file()
    assert locations.app_script() == REPO / "app_streamlit.py" and locations.app_script().is_file()
    assert locations.corpora_dir() == REPO / "corpora" and datasets.CORPORA == REPO / "corpora"
    assert locations.examples_dir() == REPO / "examples"
    assert locations.work_dir() == REPO


def test_without_a_checkout_nothing_points_into_the_install(monkeypatch, tmp_path) -> None:
    site = tmp_path / "site-packages"
    monkeypatch.setattr(locations, "_SOURCE_ROOT", site)
    monkeypatch.chdir(tmp_path)
    assert locations.checkout() is None
    assert locations.corpora_dir() is None and locations.examples_dir() is None
    assert locations.work_dir() == tmp_path  # outputs (the app's out/app.duckdb) go to the current folder


def test_missing_corpus_is_one_clear_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(datasets, "CORPORA", tmp_path / "corpora")
    result = CliRunner().invoke(app, ["train", "--model", "baseline", "--no-real", "--out", str(tmp_path / "m")])
    assert result.exit_code == 3
    assert "corpora/" in result.output and "not the installed package" in result.output
    assert not (tmp_path / "m").exists()
