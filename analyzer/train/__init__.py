"""Training and evaluation (beside `detect/`, which holds only what inference needs): labelled datasets and their
splits (datasets.py), metrics and threshold tuning (metrics.py), the training protocol (fit.py: cross-fitted
calibration, thresholds, refit, held-out evaluation) and model cards (model_card.py). Nothing in the inference path
imports this package."""
