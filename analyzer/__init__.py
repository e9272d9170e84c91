"""Tone Analyzer: risk-pushing, blame and defensive tone in outsourcing contracts and supplier correspondence.

    from analyzer import load_model
    load_model().predict(["Your team failed to deliver again."])
"""
from .records import LABELS, Document, Evidence, Prediction, ReadError, Segment

__version__ = "0.1.0"


def load_model(path=None):
    """The shipped default model, or the model folder at `path` (see analyzer.detect.model)."""
    from .detect.model import load_model as _load

    return _load(path)


def analyze(paths, model=None, db=None, **kwargs):
    """Run the main job on files, folders or zips; see analyzer.runner.analyze."""
    from .runner import analyze as _analyze

    return _analyze(paths, model=model, db=db, **kwargs)


__all__ = ["analyze", "LABELS", "Document", "Segment", "ReadError", "Evidence", "Prediction", "load_model", "__version__"]
