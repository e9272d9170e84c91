"""Tone Analyzer: risk-pushing, blame and defensive tone in outsourcing contracts and supplier correspondence."""
from .records import LABELS, Document, Evidence, Prediction, ReadError, Segment

__version__ = "0.1.0"
__all__ = ["LABELS", "Document", "Segment", "ReadError", "Evidence", "Prediction", "__version__"]
