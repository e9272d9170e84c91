from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
EXAMPLES = REPO / "examples"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present beside the checkout")
    return SHARED_DATA


def require(module: str, extra: str):
    """pytest.importorskip whose skip reason (shown by -rs) names the optional extra that provides the module."""
    return pytest.importorskip(module, reason=f"{module} is not installed: it comes with the `{extra}` extra "
                                              f"(pip install -e '.[{extra}]')")


@pytest.fixture(scope="session")
def model():
    """The shipped default model, loaded once for the whole session."""
    from analyzer.detect.model import load_model

    return load_model()


def example_folder(tmp_path: Path, names: tuple[str, ...]) -> Path:
    """A fresh folder holding copies of the named bundled examples."""
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder
