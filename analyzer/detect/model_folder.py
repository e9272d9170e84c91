"""Check a model folder before anything in it is used: JSON against model_schema, weight arrays against the config
(names, dtypes, shapes, finite values), and the files against the sha256 recorded in model.json when it was saved.

Every problem is a ModelError naming the folder, the file and the field. Arrays are read with allow_pickle=False:
an object array (a pickle payload) is refused, never executed.
"""
from __future__ import annotations

import hashlib
import zipfile
import zlib
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ValidationError

from ..records import LABELS
from . import model_kinds
from .model_errors import ModelError, describe
from .model_schema import ModelMeta

MINILM_DIM = 384  # all-MiniLM-L6-v2 embedding size (encoder.DIM; not imported: that module is for torch users)
_HEAD = ("head_coef_data", "head_coef_indices", "head_coef_indptr", "head_coef_shape", "head_intercept")


def read_meta(folder: Path) -> ModelMeta:
    if not folder.exists():
        raise ModelError(folder, "", "no such folder")
    if not folder.is_dir():
        raise ModelError(folder, "", "not a folder")
    meta = read_json(folder, "model.json", ModelMeta)
    if meta.labels != list(LABELS):
        raise ModelError(folder, "model.json", f"labels must be {list(LABELS)}, got {meta.labels}")
    return meta


def read_json(folder: Path, rel: str, schema: type[BaseModel]):
    raw = _read_bytes(folder, rel)
    try:
        return schema.model_validate_json(raw)
    except ValidationError as e:
        raise ModelError(folder, rel, describe(e)) from None


def file_hashes(folder: Path, under: str = "classifier") -> dict[str, str]:
    """sha256 of every file below folder/under, by path relative to the folder (what save() records)."""
    return {p.relative_to(folder).as_posix(): sha256_of(p)
            for p in sorted((folder / under).rglob("*")) if p.is_file()}


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_hashes(folder: Path, recorded: dict[str, str] | None) -> None:
    """Each recorded file must exist with the recorded sha256; folders saved without hashes are not checked."""
    for rel, digest in (recorded or {}).items():
        path = folder / rel
        if not path.is_file():
            raise ModelError(folder, rel, "file is missing (its sha256 is recorded in model.json)")
        if sha256_of(path) != digest:
            raise ModelError(folder, rel, f"{Path(rel).name} changed since it was saved (sha256 differs from "
                                          "model.json); retrain or restore the folder")


def check_classifier(folder: Path, rel: str, kind: str) -> None:
    """Validate the classifier stored in folder/rel (config.json, then its arrays) for a model of `kind`: the
    schema and the check the model-kind registry names."""
    cfg = read_json(folder, f"{rel}/config.json", model_kinds.config_schema(kind))
    if cfg.kind != kind:  # the schema pins kind; kept for a config of another kind in the wrong place
        raise ModelError(folder, f"{rel}/config.json", f"kind must be {kind!r}, got {cfg.kind!r}")
    model_kinds.checker(kind)(folder, rel, cfg)


def check_cascade(folder: Path, rel: str, cfg) -> None:
    check_classifier(folder, f"{rel}/fast", "tfidf")
    check_classifier(folder, f"{rel}/slow", "minilm")


def check_finetune(folder: Path, rel: str, cfg) -> None:
    _check_cues(folder, f"{rel}/config.json", cfg)
    arrays = read_npz(folder, f"{rel}/head.npz")
    where = f"{rel}/head.npz"
    _array(folder, where, arrays, "bias", "f", (len(LABELS),))
    _array(folder, where, arrays, "weight", "f", (len(LABELS), None))
    _read_bytes(folder, f"{rel}/encoder.safetensors", head_only=True)


def check_tfidf(folder: Path, rel: str, cfg) -> None:
    p = cfg.params
    grammar_cols = len(cfg.grammar_features or ()) if p.grammar and p.use_cues else 0
    arrays = _check_linear(folder, rel, cfg, p.n_features * (2 if p.char_ngrams else 1) + grammar_cols)
    for name in ("word", "char"):
        _index_value(folder, f"{rel}/weights.npz", arrays, f"{name}_idf", p.n_features)


def check_minilm(folder: Path, rel: str, cfg) -> None:
    _check_linear(folder, rel, cfg, MINILM_DIM)


def _check_linear(folder: Path, rel: str, cfg, feature_cols: int) -> dict[str, np.ndarray]:
    """A linear head over `feature_cols` features (plus one column per cue when the config uses cues); returns the
    arrays of weights.npz."""
    _check_cues(folder, f"{rel}/config.json", cfg)
    arrays = read_npz(folder, f"{rel}/weights.npz")
    cue_cols = _n_cues() if cfg.params.use_cues else 0
    _check_head(folder, f"{rel}/weights.npz", arrays, feature_cols + cue_cols)
    return arrays


def read_npz(folder: Path, rel: str) -> dict[str, np.ndarray]:
    path = folder / rel
    _read_bytes(folder, rel, head_only=True)
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise ModelError(folder, rel, "not an .npz archive (a single .npy array)")
        with loaded as npz:
            out = {}
            for key in npz.files:
                try:
                    out[key] = npz[key]
                except ValueError as e:  # "Object arrays cannot be loaded when allow_pickle=False"
                    raise ModelError(folder, rel, f"array {key} cannot be read without unpickling "
                                                  f"({e}); refused") from None
            return out
    except ModelError:
        raise
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, KeyError) as e:
        raise ModelError(folder, rel, f"not a valid .npz archive ({type(e).__name__}: {e})") from None


def _check_cues(folder: Path, rel: str, cfg) -> None:
    from .cues import ALL_CUES

    uses = getattr(getattr(cfg, "params", None), "use_cues", True)
    if uses and list(cfg.cues) != list(ALL_CUES):
        raise ModelError(folder, rel, f"cues must be this version's {len(ALL_CUES)} cues in order, got "
                                      f"{len(cfg.cues)} different ones; retrain the model")


def _n_cues() -> int:
    from .cues import ALL_CUES

    return len(ALL_CUES)


def _check_head(folder: Path, rel: str, arrays: dict[str, np.ndarray], cols: int) -> None:
    """The sparse (labels x features) coefficient matrix and the intercepts of MaskedLinearHead.to_arrays()."""
    n = len(LABELS)
    for name in _HEAD:
        if name not in arrays:
            raise ModelError(folder, rel, f"array {name} is missing")
    shape = _array(folder, rel, arrays, "head_coef_shape", "iu", (2,))
    if tuple(int(v) for v in shape) != (n, cols):
        raise ModelError(folder, rel, f"head_coef_shape must be [{n}, {cols}] for this config.json, "
                                      f"got {[int(v) for v in shape]}")
    data = _array(folder, rel, arrays, "head_coef_data", "f", (None,))
    indices = _array(folder, rel, arrays, "head_coef_indices", "iu", (len(data),))
    indptr = _array(folder, rel, arrays, "head_coef_indptr", "iu", (n + 1,))
    _array(folder, rel, arrays, "head_intercept", "f", (n,))
    if indptr[0] != 0 or indptr[-1] != len(data) or (np.diff(indptr) < 0).any():
        raise ModelError(folder, rel, "head_coef_indptr is not a valid row index of head_coef_data")
    if len(indices) and (indices.min() < 0 or indices.max() >= cols):
        raise ModelError(folder, rel, f"head_coef_indices must lie in [0, {cols}), got values up to "
                                      f"{int(indices.max())}")


def _index_value(folder: Path, rel: str, arrays: dict[str, np.ndarray], prefix: str, size: int) -> None:
    index = _array(folder, rel, arrays, f"{prefix}_index", "iu", (None,))
    _array(folder, rel, arrays, f"{prefix}_value", "f", (len(index),))
    if len(index) and (index.min() < 0 or index.max() >= size):
        raise ModelError(folder, rel, f"{prefix}_index must lie in [0, {size}), got values up to {int(index.max())}")


def _array(folder: Path, rel: str, arrays: dict[str, np.ndarray], name: str, kinds: str,
           shape: tuple[int | None, ...]) -> np.ndarray:
    """arrays[name], which must exist, be of a dtype kind in `kinds` ("f" float, "iu" integer), have `shape`
    (None: any length) and, for floats, hold only finite values."""
    if name not in arrays:
        raise ModelError(folder, rel, f"array {name} is missing")
    a = arrays[name]
    if a.dtype.kind not in kinds:
        want = "float" if kinds == "f" else "integer"
        raise ModelError(folder, rel, f"array {name} must be {want}, got dtype {a.dtype}")
    if a.ndim != len(shape) or any(w is not None and w != g for w, g in zip(shape, a.shape)):
        want = "(" + ", ".join("n" if w is None else str(w) for w in shape) + ("," if len(shape) == 1 else "") + ")"
        raise ModelError(folder, rel, f"array {name} must have shape {want}, got {a.shape}")
    if a.dtype.kind == "f" and not np.isfinite(a).all():
        raise ModelError(folder, rel, f"array {name} holds NaN or infinite values")
    return a


def _read_bytes(folder: Path, rel: str, head_only: bool = False) -> bytes:
    path = folder / rel
    if not path.is_file():
        raise ModelError(folder, rel, "file is missing" if not path.exists() else "not a regular file")
    try:
        with open(path, "rb") as f:
            return f.read(16) if head_only else f.read()
    except OSError as e:
        raise ModelError(folder, rel, f"cannot be read ({e.strerror or e})") from None
