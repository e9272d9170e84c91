"""Settings from the environment. Label names, colours and kinds come from analyzer.labels, upload types from
analyzer.ingest.formats."""
from __future__ import annotations

import os
from pathlib import Path

from analyzer import locations



def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def db_path() -> Path:
    """The results store: env TONE_DB, default out/app.duckdb in the repository (installed: in the current folder)."""
    return _path("TONE_DB", locations.work_dir() / "out" / "app.duckdb")


def script_path() -> Path:
    """The explorer's entry script, app_streamlit.py (analyzer.locations knows where: checkout or installed wheel)."""
    return locations.app_script()


def max_upload_mb() -> int:
    try:
        return max(1, int(float(os.environ.get("TONE_MAX_UPLOAD_MB", "200"))))
    except ValueError:
        return 200


def corrections_path() -> Path:
    """Label corrections: env TONE_CORRECTIONS, default corpora/corrections.jsonl (installed: out/corrections.jsonl)."""
    corpora = locations.corpora_dir()
    default = corpora / "corrections.jsonl" if corpora else locations.work_dir() / "out" / "corrections.jsonl"
    return _path("TONE_CORRECTIONS", default)


def models_dir() -> Path:
    """env TONE_MODELS, default the checkout's models/ (installed: the models shipped with the package)."""
    return _path("TONE_MODELS", locations.models_dir())


def default_model_path() -> Path:
    """The model new analyses use unless the Model lab picks another: env TONE_MODEL, default models/default."""
    return _path("TONE_MODEL", models_dir() / "default")


def examples_dir() -> Path | None:
    """What an empty store is filled from on first start: env TONE_EXAMPLES ("" turns it off), default examples/
    (none when installed from a wheel, which does not ship the examples)."""
    value = os.environ.get("TONE_EXAMPLES")
    if value is None:
        return locations.examples_dir()
    return Path(value).expanduser().resolve() if value.strip() else None
