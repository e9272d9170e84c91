"""Where the shipped files are: a source checkout's folders, else the data installed with the wheel.

Run from a checkout (an editable install, or `python -m` in the repository), everything comes from that checkout:
`models/` (so retraining in place is what the next run loads), `app/`, `corpora/`, `examples/`. Installed from a
wheel there is no checkout; the shipped models and the Streamlit app are then package data of their own packages
(`tone_analyzer_models` = `models/`, `tone_analyzer_app` = `app_streamlit.py` + `app/`, see setup.py), found
through `importlib.resources`. Training data and the examples do not ship: `corpora_dir()` and `examples_dir()`
are None there, and code that needs them says so.

The checkout wins over installed package data on purpose: several worktrees may share one virtual environment, and
each must load its own models, not those of the checkout that environment was installed from.
"""
from __future__ import annotations

import importlib.resources
from pathlib import Path

MODELS_PACKAGE = "tone_analyzer_models"
APP_PACKAGE = "tone_analyzer_app.app"
DEFAULT_MODEL_NAME = "default"
FAST_MODEL_NAME = "fast"  # the default's TF-IDF twin, for installs without the `minilm` extra

_SOURCE_ROOT = Path(__file__).resolve().parents[1]  # the folder holding this `analyzer` package


def checkout() -> Path | None:
    """The repository root when `analyzer` is imported from a source checkout; None when installed from a wheel."""
    return _SOURCE_ROOT if (_SOURCE_ROOT / "pyproject.toml").is_file() else None


def _package_dir(name: str) -> Path | None:
    """The folder of an installed resource package, or None when it is not installed."""
    try:
        root = importlib.resources.files(name)
    except ModuleNotFoundError:
        return None
    # pip installs wheels unpacked, so the package is a real folder; other loaders (a zip) are not supported.
    return root if isinstance(root, Path) else None


def models_dir() -> Path:
    """The folder of model folders: the checkout's models/, else the installed tone_analyzer_models package.

    Never raises: with neither, the path names where the models were expected, and loading reports it missing.
    """
    root = checkout()
    if root is not None:
        return root / "models"
    return _package_dir(MODELS_PACKAGE) or _SOURCE_ROOT / MODELS_PACKAGE


def default_model() -> Path:
    return models_dir() / DEFAULT_MODEL_NAME


def fast_model() -> Path:
    return models_dir() / FAST_MODEL_NAME


def app_script() -> Path:
    """The Streamlit entry script (`streamlit run` it): app_streamlit.py beside the app/ package."""
    root = checkout()
    if root is not None:
        return root / "app_streamlit.py"
    app = _package_dir(APP_PACKAGE)
    if app is None:
        raise FileNotFoundError(f"the Streamlit app is not installed (package {APP_PACKAGE} is missing)")
    return app.parent / "app_streamlit.py"


def corpora_dir() -> Path | None:
    """Our labelled training corpus (corpora/): only in a checkout; the wheel does not ship training data."""
    root = checkout()
    return root / "corpora" if root is not None else None


def examples_dir() -> Path | None:
    """The bundled example inputs (examples/): only in a checkout."""
    root = checkout()
    return root / "examples" if root is not None else None


def shared_data() -> Path:
    """The real data sets beside the checkout (../shared/data); a path that does not exist when installed."""
    return (checkout() or _SOURCE_ROOT).parent / "shared" / "data"


def work_dir() -> Path:
    """Where default outputs (out/) go: the checkout, else the current folder (never inside site-packages)."""
    return checkout() or Path.cwd()
