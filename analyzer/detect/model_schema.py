"""The schema of a model folder's JSON files (strict: "0.5" is not a number, unknown keys are errors).

    model.json              ModelMeta
    classifier/config.json  TfidfConfig | MiniLMConfig | CascadeConfig | FineTuneConfig, by its "kind"
                            (which schema goes with which kind: model_kinds.py)
"""
from __future__ import annotations

import re
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..records import LABELS
from .model_kinds import kinds

Number = Annotated[float, Field(allow_inf_nan=False)]
Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=1)]
Label = Literal[LABELS]  # type: ignore[valid-type]
ClassWeight = Optional[Literal["balanced"]]
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _relative_path(path: str) -> str:
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"file names must be relative paths inside the folder, got {path!r}")
    return path


def _known_kind(value: str) -> str:
    """A kind of the model-kind registry (read when a folder is checked, so a newly registered kind is known)."""
    known = kinds()
    if value not in known:
        names = [repr(k) for k in known]
        raise ValueError(f"must be {', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else f"must be {names[0]}")
    return value


def _sha256(value: str) -> str:
    if not _SHA256.match(value):
        raise ValueError(f"sha256 must be 64 lower-case hex digits, got {value[:70]!r}")
    return value


FileName = Annotated[str, AfterValidator(_relative_path)]
Kind = Annotated[str, AfterValidator(_known_kind)]
Sha256 = Annotated[str, AfterValidator(_sha256)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ModelMeta(_Strict):
    name: str
    version: str
    kind: Kind
    labels: list[str]
    thresholds: dict[Label, Probability]
    calibration: dict[Label, tuple[Number, Number]] = {}
    # sha256 of every file under classifier/, written by ToneModel.save; absent in folders saved before it existed
    files: Optional[dict[FileName, Sha256]] = None


class TfidfParams(_Strict):
    word_ngrams: tuple[Count, Count]
    char_ngrams: Optional[tuple[Count, Count]]
    n_features: Annotated[int, Field(ge=1, le=2**24)]
    use_cues: bool
    cue_weight: Number
    C: Positive
    class_weight: ClassWeight
    grammar: bool = False  # absent in folders saved before grammar-aware cues existed


class MiniLMParams(_Strict):
    use_cues: bool
    cue_weight: Number
    C: Positive
    class_weight: ClassWeight
    batch_size: Count
    max_length: Annotated[int, Field(ge=1, le=512)]
    backend: Literal["auto", "torch", "onnx-int8"]


class CascadeParams(_Strict):
    screen: Probability
    slow_weight: Probability | Annotated[list[Probability], Field(min_length=len(LABELS), max_length=len(LABELS))]


class FineTuneParams(_Strict):
    epochs: Count
    batch_size: Count
    lr: Positive
    head_lr: Positive
    max_length: Annotated[int, Field(ge=1, le=512)]
    cue_weight: Number
    seed: int


class TfidfConfig(_Strict):
    kind: Literal["tfidf"]
    params: TfidfParams
    cues: list[str]
    grammar_features: Optional[list[str]] = None


class MiniLMConfig(_Strict):
    kind: Literal["minilm"]
    params: MiniLMParams
    cues: list[str]
    encoder: str
    encoder_backend: Literal["torch", "onnx-int8"] = "torch"


class CascadeConfig(_Strict):
    kind: Literal["cascade"]
    params: CascadeParams


class FineTuneConfig(_Strict):
    kind: Literal["finetune"]
    params: FineTuneParams
    cues: list[str]
    encoder: str

