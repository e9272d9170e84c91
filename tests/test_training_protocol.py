"""The training protocol on real language (issue 15): which rows train, which tune, which stay locked, and how
sources are weighted. Data-free checks run everywhere; the rest skip without ../shared/data."""
from __future__ import annotations

import numpy as np
import pytest

from analyzer.records import LABELS
from analyzer.train import datasets, fit, neutral_mail, protocol
from analyzer.train.datasets import Example, LabelledSet

SHARED = protocol.locations.shared_data()
ALL = frozenset(LABELS)


def _ex(text, labels=(), source="dispute", conf="high", group="g", split="dev"):
    return Example(text, frozenset(labels), source, group, split, ALL, {"confidence": conf})


def test_row_weights_scale_the_corpus_on_tonal_labels_only() -> None:
    data = LabelledSet([_ex("a", source="corpus:email"), _ex("b"), _ex("c", conf="low"), _ex("d", source="enron")])
    w = fit.row_weights(data, corpus_tone_weight=0.25)
    risk, blame = LABELS.index("risk_pushing"), LABELS.index("blame")
    assert w[0, risk] == fit.SOURCE_WEIGHTS["corpus:email"]
    assert w[0, blame] == pytest.approx(0.25 * fit.SOURCE_WEIGHTS["corpus:email"])
    assert w[1, blame] == fit.SOURCE_WEIGHTS["dispute"]
    assert w[2, blame] == pytest.approx(fit.SOURCE_WEIGHTS["dispute"] * fit.LOW_CONFIDENCE_WEIGHT)
    assert w[3, blame] == fit.SOURCE_WEIGHTS["enron"]


def test_tonal_thresholds_are_tuned_on_confident_dispute_rows_and_neutral_mail() -> None:
    dev = LabelledSet([_ex("a"), _ex("b", conf="low"), _ex("c", source="corpus:email"), _ex("d", source="enron"),
                       _ex("e", source="cuad_risk")])
    tune = fit.tuning_rows(dev, dev.mask())
    blame, risk = LABELS.index("blame"), LABELS.index("risk_pushing")
    assert tune[:, blame].tolist() == [True, False, True, True, False]
    assert tune[:, risk].tolist() == [False, False, True, True, True]


def test_threshold_respects_the_false_alarm_budget_of_each_neutral_source() -> None:
    rng = np.random.default_rng(0)
    y = np.r_[np.ones(50), np.zeros(50), np.zeros(400), np.zeros(400)].astype(bool)
    src = np.array(["dispute"] * 100 + ["enron"] * 400 + ["parakweet"] * 400)
    p = np.r_[rng.uniform(0.5, 1, 50), rng.uniform(0, 0.6, 50), rng.uniform(0, 0.5, 400), rng.uniform(0, 0.9, 400)]
    Y = np.zeros((len(y), len(LABELS)), dtype=int)
    P = np.zeros_like(Y, dtype=float)
    j = LABELS.index("blame")
    Y[:, j], P[:, j] = y, p
    tune = np.zeros_like(Y, dtype=bool)
    tune[:, j] = True
    t = fit.tune_threshold(Y, P, src, tune, j)
    for s in ("enron", "parakweet"):
        assert (p[src == s] >= t).mean() <= fit.MAX_FALSE_ALARM
    # without the parakweet budget the best threshold for the disputes alone is lower
    assert t > 0.6


def test_grouped_cv_summary_reports_mean_and_spread_per_fold() -> None:
    j = LABELS.index("blame")
    Y = np.zeros((40, len(LABELS)), dtype=int)
    P = np.zeros((40, len(LABELS)))
    Y[::2, j] = 1
    P[:, j] = np.where(Y[:, j] == 1, 0.9, 0.1)
    P[:10, j] = 0.5  # fold 0 is worse: a positive there scores under the threshold
    fold = np.repeat(np.arange(4), 10)
    rows = np.zeros_like(Y, dtype=bool)
    rows[:, j] = True
    out = fit.grouped_cv_summary(Y, P, rows, fold, {lab: 0.6 for lab in LABELS})
    assert out["blame"]["folds"] == 4 and out["blame"]["f1_sd"] > 0
    assert out["blame"]["f1_mean"] == pytest.approx((0 + 1 + 1 + 1) / 4)


def _need_shared() -> None:
    if not (SHARED / "dispute_train").exists() or not (SHARED / "enron_berkeley_categories").exists():
        pytest.skip(f"{SHARED} lacks dispute_train / enron_berkeley_categories")


def test_locked_test_disputes_never_reach_training_or_tuning() -> None:
    _need_shared()
    rows = datasets.load_dispute()
    split = protocol.locked_split()
    locked = {f"dispute:{r.dispute}" for r in split.test}
    assert {e.group for e in rows if e.split == "locked"} == locked
    assert not any(e.group in locked for e in rows if e.split != "locked")
    assert sum(e.split == "dev" for e in rows) == len(split.rest)


def test_neutral_enron_training_rows_exclude_the_labelled_sample_messages() -> None:
    _need_shared()
    rows = datasets.load_enron_neutral()
    sample = {p.line for p, _ in neutral_mail.read_pointers(neutral_mail.FOLDER / "labels.jsonl")}
    lines = [int(e.group.split(":")[1]) for e in rows]
    assert rows and not set(lines) & sample
    assert max(np.unique(lines, return_counts=True)[1]) <= datasets.ENRON_PER_MESSAGE
    assert all(not e.labels and e.mask == ALL for e in rows)


def test_without_the_minilm_extra_the_default_falls_back_to_its_tfidf_twin(monkeypatch, caplog) -> None:
    from analyzer.detect import model as model_mod

    if not model_mod.needs_minilm(model_mod.DEFAULT_MODEL):
        pytest.skip("the shipped default does not need the minilm extra")
    monkeypatch.setattr(model_mod, "minilm_installed", lambda: False)
    with caplog.at_level("WARNING"):
        m = model_mod.load_model()
    assert m.classifier.kind == "tfidf" and m.name == "fast"
    assert "minilm" in caplog.text
    monkeypatch.undo()
    assert model_mod.load_model().classifier.kind == "cascade"
