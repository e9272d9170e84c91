"""Settings from the environment, and the label colours shared by every view."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

LABEL_COLORS = {"risk_pushing": "#b45309", "blame": "#dc2626", "defensive_detail": "#7c3aed",
                "collaborative": "#059669"}
LABEL_NAMES = {"risk_pushing": "Risk pushing", "blame": "Blame", "defensive_detail": "Defensive detail",
               "collaborative": "Collaborative"}
# Guidelines G5: contract text takes only these two labels.
CONTRACT_LABELS = ("risk_pushing", "collaborative")
UPLOAD_TYPES = ("pdf", "docx", "txt", "md", "html", "eml", "mbox", "msg", "zip")


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def db_path() -> Path:
    """The results store: env TONE_DB, default out/app.duckdb in the repository."""
    return _path("TONE_DB", REPO / "out" / "app.duckdb")


def script_path() -> Path:
    """The explorer's entry script, app_streamlit.py: inside the installed app package (a wheel shipping it as package
    data), else at the checkout root beside app/ and analyzer/. The one place that knows where it lives."""
    from importlib.resources import files
    from importlib.util import find_spec

    candidates = [Path(str(files(__package__ or "app") / "app_streamlit.py")), REPO / "app_streamlit.py"]
    spec = find_spec("analyzer")
    if spec and spec.origin:
        candidates.append(Path(spec.origin).resolve().parents[1] / "app_streamlit.py")
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"app_streamlit.py is in none of {', '.join(map(str, candidates))}")


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
