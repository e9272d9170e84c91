"""Model folders are validated on load: every broken or tampered folder is one ModelError line naming the folder,
the file and the field; recorded sha256 hashes catch changed weights; pickles never run (issue 12, defect 8)."""
from __future__ import annotations

import io
import json
import pickle
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from analyzer.detect.model import DEFAULT_MODEL, REPO_MODELS, ToneModel, _fingerprint, load_model
from analyzer.train.model_card import render_card
from analyzer.detect.model_errors import ModelError
from analyzer.detect.model_folder import file_hashes

SHIPPED = sorted(p.name for p in REPO_MODELS.iterdir() if (p / "model.json").exists())


@pytest.fixture
def folder(tmp_path) -> Path:
    dst = tmp_path / "copy_of_fast"  # the shipped TF-IDF model: its config has every field these cases edit
    shutil.copytree(REPO_MODELS / "fast", dst)
    return dst


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2))


def _rehash(folder: Path) -> None:
    """Record the current hashes, as save() would: the tampering under test is then past the hash check."""
    _edit_json(folder / "model.json", lambda d: d.__setitem__("files", file_hashes(folder)))


def _edit_npz(folder: Path, change) -> None:
    path = folder / "classifier" / "weights.npz"
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    change(arrays)
    np.savez_compressed(path, **arrays)
    _rehash(folder)


def _error(folder: Path) -> str:
    with pytest.raises(ModelError) as info:
        load_model(folder)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith(f"model folder {folder}: "), msg
    return msg


def _set(*path_and_value):
    *path, value = path_and_value

    def change(d):
        for key in path[:-1]:
            d = d[key]
        d[path[-1]] = value
    return change


MODEL_JSON_CASES = [
    (_set("thresholds", "blame", "abc"), "model.json: thresholds.blame must be a number, got 'abc'"),
    (_set("thresholds", "blame", "0.5"), "model.json: thresholds.blame must be a number, got '0.5'"),
    (_set("thresholds", "blame", 7), "model.json: thresholds.blame must be less than or equal to 1"),
    (_set("thresholds", "anger", 0.5), "model.json: thresholds.anger.[key] must be 'risk_pushing'"),
    (_set("calibration", "blame", [1.0]), "model.json: calibration.blame.1 is missing"),
    (_set("calibration", "blame", "x"), "model.json: calibration.blame must be a list, got 'x'"),
    (_set("labels", ["blame"]), "model.json: labels must be ['risk_pushing', 'blame'"),
    (_set("labels", "blame"), "model.json: labels must be a list, got 'blame'"),
    (_set("kind", "xgboost"), "model.json: kind must be 'tfidf', 'minilm', 'cascade' or 'finetune', got 'xgboost'"),
    (lambda d: d.pop("thresholds"), "model.json: thresholds is missing"),
    (_set("colour", "blue"), "model.json: colour is not a known key"),
    (_set("files", {"../../etc/passwd": "0" * 64}), "model.json: files.../../etc/passwd.[key] file names must be"),
]


@pytest.mark.parametrize("change, expected", MODEL_JSON_CASES, ids=[e for _, e in MODEL_JSON_CASES])
def test_a_bad_model_json_names_the_folder_and_the_field(folder, change, expected):
    _edit_json(folder / "model.json", change)
    assert f"{folder}: {expected}" in _error(folder)


CONFIG_CASES = [
    (_set("params", "C", "4"), "classifier/config.json: params.C must be a number, got '4'"),
    (_set("params", "n_features", 1.5), "classifier/config.json: params.n_features must be a whole number"),
    (_set("params", "use_cues", "yes"), "classifier/config.json: params.use_cues must be true or false"),
    (_set("params", "colour", 1), "classifier/config.json: params.colour is not a known key"),
    (lambda d: d["params"].pop("word_ngrams"), "classifier/config.json: params.word_ngrams is missing"),
    (_set("cues", ["only_one"]), "classifier/config.json: cues must be this version's"),
    (_set("params", "n_features", 2**18), "classifier/weights.npz: head_coef_shape must be [4, 524346]"),
]


@pytest.mark.parametrize("change, expected", CONFIG_CASES, ids=[e for _, e in CONFIG_CASES])
def test_a_bad_classifier_config_names_the_file_and_the_field(folder, change, expected):
    _edit_json(folder / "classifier" / "config.json", change)
    _rehash(folder)
    assert f"{folder}: {expected}" in _error(folder)


def _drop(name):
    return lambda a: a.pop(name)


def _replace(name, value):
    return lambda a: a.__setitem__(name, value)


NPZ_CASES = [
    (_drop("head_intercept"), "array head_intercept is missing"),
    (_drop("char_idf_value"), "array char_idf_value is missing"),
    (_replace("head_intercept", np.zeros(3)), "array head_intercept must have shape (4,), got (3,)"),
    (_replace("head_intercept", np.array([0.0, np.nan, 0.0, 0.0])), "array head_intercept holds NaN"),
    (_replace("head_coef_data", np.zeros(10, dtype=np.int64)), "array head_coef_data must be float, got dtype int64"),
    (_replace("head_coef_shape", np.array([4, 99])), "head_coef_shape must be [4, 2097210]"),
    (lambda a: a["word_idf_index"].__setitem__(-1, 2**20),
     "word_idf_index must lie in [0, 1048576), got values up to 1048576"),
]


@pytest.mark.parametrize("change, expected", NPZ_CASES, ids=[e for _, e in NPZ_CASES])
def test_bad_weight_arrays_are_named(folder, change, expected):
    _edit_npz(folder, change)
    assert f"{folder}: classifier/weights.npz: {expected}" in _error(folder)


def test_missing_folder_and_missing_or_broken_files(folder, tmp_path):
    assert _error(tmp_path / "nope").endswith("no such folder")
    (folder / "classifier" / "weights.npz").write_bytes(b"not a zip at all")
    _rehash(folder)
    assert "classifier/weights.npz: not a valid .npz archive" in _error(folder)
    (folder / "classifier" / "config.json").write_text("{not json")
    _rehash(folder)
    assert "classifier/config.json: not valid JSON" in _error(folder)
    (folder / "model.json").write_text('{"name": ')
    assert "model.json: not valid JSON" in _error(folder)
    (folder / "model.json").unlink()
    assert _error(folder).endswith("model.json: file is missing")


def test_a_missing_weights_file_is_named(folder):
    (folder / "classifier" / "weights.npz").unlink()
    assert _error(folder).endswith("classifier/weights.npz: file is missing (its sha256 is recorded in model.json)")
    _rehash(folder)
    assert _error(folder).endswith("classifier/weights.npz: file is missing")


def test_changed_weights_are_caught_by_the_recorded_hash(folder):
    path = folder / "classifier" / "weights.npz"
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["head_intercept"] = arrays["head_intercept"] + 1.0  # still a perfectly valid model
    np.savez_compressed(path, **arrays)
    assert "classifier/weights.npz: weights.npz changed since it was saved" in _error(folder)


class _Payload:
    def __reduce__(self):
        return (Path.touch, (Path(_Payload.marker),))


def test_a_pickle_payload_is_refused_and_never_runs(folder, tmp_path):
    _Payload.marker = str(tmp_path / "pwned")
    buf = io.BytesIO()
    np.save(buf, np.array([_Payload()], dtype=object), allow_pickle=True)
    path = folder / "classifier" / "weights.npz"
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("evil.npy", buf.getvalue())
    _rehash(folder)
    assert "classifier/weights.npz: array evil cannot be read without unpickling" in _error(folder)
    path.write_bytes(pickle.dumps(_Payload()))  # a bare pickle in place of the archive
    _rehash(folder)
    assert "classifier/weights.npz: not a valid .npz archive" in _error(folder)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_models_record_their_hashes_and_load(name):
    folder = REPO_MODELS / name
    meta = json.loads((folder / "model.json").read_text())
    assert meta["files"] == file_hashes(folder)
    if name in ("default", "baseline"):  # the transformer models need the optional extra to predict
        pred = load_model(folder).predict(["Your team failed to deliver the release again."])[0]
        assert "blame" in pred.labels


def test_recording_hashes_keeps_the_fingerprint(folder):
    """A store re-analyses files when the model's fingerprint changes: adding hashes to a folder must not."""
    with_files = _fingerprint(folder)
    _edit_json(folder / "model.json", lambda d: d.pop("files"))
    assert _fingerprint(folder) == with_files
    assert load_model(folder).model_id.endswith(with_files[:12])  # an old folder (no hashes) still loads


def test_save_records_hashes_that_load_checks(folder, tmp_path):
    model = load_model(folder)
    model.save(tmp_path / "saved")
    meta = json.loads((tmp_path / "saved" / "model.json").read_text())
    assert set(meta["files"]) == {"classifier/config.json", "classifier/weights.npz"}
    loaded = ToneModel.load(tmp_path / "saved")
    assert loaded.thresholds == model.thresholds and loaded.files == meta["files"]
    assert f"`classifier/weights.npz` {meta['files']['classifier/weights.npz'][:16]}" in render_card(loaded, {})
    _edit_json(tmp_path / "saved" / "classifier" / "config.json", _set("params", "cue_weight", 0.9))
    assert "classifier/config.json: config.json changed since it was saved" in _error(tmp_path / "saved")
