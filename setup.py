"""The wheel's packages; metadata and dependencies are in pyproject.toml.

`analyzer` is found, so a new subpackage ships without editing a list. The shipped models and the Streamlit app stay
at the repository's top level (models/, app_streamlit.py + app/) and install under names of their own, so the wheel
adds no generic top-level `models` or `app` package to site-packages; analyzer/locations.py finds them at run time.
"""
from setuptools import find_namespace_packages, find_packages, setup

# Models small enough to ship (MB on disk): default 4.2 (the cascade `load_model()` uses; needs the `minilm` extra),
# fast 4.2 (its TF-IDF twin, loaded instead without that extra), baseline 2.4, minilm 0.05 (needs the extra). A model
# trained into models/ locally is not shipped unless it is named here.
SHIPPED_MODELS = ("default", "fast", "baseline", "minilm")
MODEL_FILES = ("*.json", "*.md", "classifier/**/*.json", "classifier/**/*.npz", "classifier/**/*.safetensors")

app_packages = ["tone_analyzer_app.app." + p for p in find_namespace_packages("app", exclude=["*__pycache__*"])]

setup(
    packages=[*find_packages(include=["analyzer", "analyzer.*"]), "tone_analyzer_models", "tone_analyzer_app.app",
              *app_packages],
    # tone_analyzer_app is the repository root, of which only app_streamlit.py and app/ ship. Inside it `app` keeps
    # its name, so the pages' `from app import …` works: `streamlit run` puts the script's folder first on sys.path.
    py_modules=["tone_analyzer_app.app_streamlit"],
    package_dir={"tone_analyzer_models": "models", "tone_analyzer_app": "."},
    package_data={"tone_analyzer_models": [f"{m}/{f}" for m in SHIPPED_MODELS for f in MODEL_FILES]},
)
