"""Settings from the environment. Label names, colours and kinds come from analyzer.labels, upload types from
analyzer.ingest.formats."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]



def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def db_path() -> Path:
    """The results store: env TONE_DB, default out/app.duckdb in the repository."""
    return _path("TONE_DB", REPO / "out" / "app.duckdb")


def max_upload_mb() -> int:
    try:
        return max(1, int(float(os.environ.get("TONE_MAX_UPLOAD_MB", "200"))))
    except ValueError:
        return 200


def corrections_path() -> Path:
    return _path("TONE_CORRECTIONS", REPO / "corpora" / "corrections.jsonl")


def models_dir() -> Path:
    return _path("TONE_MODELS", REPO / "models")


def default_model_path() -> Path:
    """The model new analyses use unless the Model lab picks another: env TONE_MODEL, default models/default."""
    return _path("TONE_MODEL", models_dir() / "default")


def examples_dir() -> Path | None:
    """What an empty store is filled from on first start: env TONE_EXAMPLES ("" turns it off), default examples/."""
    value = os.environ.get("TONE_EXAMPLES")
    if value is None:
        return REPO / "examples"
    return Path(value).expanduser().resolve() if value.strip() else None
