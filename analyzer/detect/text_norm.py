"""Normalisation applied to every text before a model sees it (training and prediction alike)."""
from __future__ import annotations

import re

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse whitespace (PDF line wraps, email reflow) so layout does not change scores."""
    return _WS.sub(" ", text).strip()
