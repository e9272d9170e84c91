"""The model-kind registry is the one list of model kinds: loading, folder validation, training recipes and the CLI
read it, and a new kind is one entry plus its module."""
from __future__ import annotations

import json
import typing
from pathlib import Path

import numpy as np
import pytest

from analyzer.detect import model_kinds
from analyzer.detect.model import ToneModel, load_model
from analyzer.detect.model_errors import ModelError
from analyzer.detect.model_folder import read_meta
from analyzer.records import LABELS

MODELS = Path(__file__).resolve().parents[1] / "models"


def test_each_kind_names_its_class_and_schema():
    for k in model_kinds.REGISTRY:
        schema = model_kinds.config_schema(k.kind)
        assert typing.get_args(schema.model_fields["kind"].annotation) == (k.kind,)
        assert callable(model_kinds.checker(k.kind))
        if not k.needs_minilm or model_kinds.minilm_installed():
            assert model_kinds.classifier_class(k.kind).kind == k.kind


def test_recipes_and_fit_strategy():
    assert model_kinds.recipes() == ("baseline", "tfidf", "tfidf_grammar", "minilm", "cascade", "cascade_grammar", "finetune")
    assert [k.kind for k in model_kinds.REGISTRY if k.fit_once] == ["finetune"]
    assert model_kinds.kind_of_recipe("baseline").kind == "tfidf"
    base = model_kinds.new_classifier("baseline")
    assert base.kind == "tfidf" and base.use_cues is False and base.char_ngrams is None
    with pytest.raises(ValueError, match="choose baseline, tfidf, tfidf_grammar, minilm, cascade, cascade_grammar, finetune"):
        model_kinds.kind_of_recipe("xgboost")


def test_the_cli_offers_the_registered_recipes():
    import typer

    from analyzer.cli import app

    train = typer.main.get_command(app).commands["train"]
    [model] = [p for p in train.params if "--model" in p.opts]
    assert model.help == "baseline | tfidf | tfidf_grammar | minilm | cascade | cascade_grammar | finetune"


def test_every_shipped_model_is_a_registered_kind():
    for folder in sorted(p for p in MODELS.iterdir() if (p / "model.json").exists()):
        assert read_meta(folder).kind in model_kinds.kinds()


class ConstantToneClassifier:
    """A toy kind: the same probabilities for every text, saved as config.json alone."""

    kind = "constant"

    def __init__(self, p: float = 0.25):
        self.p = p

    def predict_proba(self, texts, cue_features=None):
        return np.full((len(texts), len(LABELS)), self.p)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "config.json").write_text(json.dumps({"kind": self.kind, "p": self.p}))

    @classmethod
    def load(cls, folder: Path) -> "ConstantToneClassifier":
        return cls(json.loads((folder / "config.json").read_text())["p"])


def _constant_schema():
    from pydantic import BaseModel, ConfigDict, Field

    class ConstantConfig(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid")
        kind: typing.Literal["constant"]
        p: float = Field(ge=0, le=1)

    return ConstantConfig


ConstantConfig = _constant_schema()


def check_constant(folder, rel, cfg) -> None:
    pass  # config.json is all there is, and the schema has checked it


def test_a_new_kind_is_one_registry_entry(tmp_path, monkeypatch):
    here = __name__
    entry = model_kinds.ModelKind("constant", f"{here}:ConstantToneClassifier", f"{here}:ConstantConfig",
                                  f"{here}:check_constant")
    monkeypatch.setattr(model_kinds, "REGISTRY", (*model_kinds.REGISTRY, entry))
    ToneModel(ConstantToneClassifier(0.75), name="const").save(tmp_path / "m")
    tone = load_model(tmp_path / "m")
    assert isinstance(tone.classifier, ConstantToneClassifier)
    assert [p.labels for p in tone.predict(["anything"])] == [list(LABELS)]  # 0.75 clears every 0.5 threshold
    monkeypatch.setattr(model_kinds, "REGISTRY", model_kinds.REGISTRY[:-1])
    with pytest.raises(ModelError, match="kind must be 'tfidf', 'minilm', 'cascade' or 'finetune', got 'constant'"):
        load_model(tmp_path / "m")
