"""`Results`: the per-segment records and aggregate tables of one run (or of a whole store), as the API, the report
and the app read them."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterator

import pandas as pd

from ..extract import ExtractStats
from ..records import ReadError
from .contracts import clause_review, risk_clauses, risk_profile
from .health import health_index
from .threads import message_summary, thread_summary


@dataclass
class Results:
    """Per-segment records and aggregate tables of one run (or of the whole store when one was used).

    `data` is the segment table, or a function that reads it: a run into a store hands over a reader, so a quiet run
    of a 100,000-message mailbox never holds every segment in memory unless someone asks for `frame`."""

    data: pd.DataFrame | Callable[[], pd.DataFrame]
    errors: list[ReadError] = field(default_factory=list)
    stats: ExtractStats = field(default_factory=ExtractStats)
    skipped_files: list[str] = field(default_factory=list)
    run_id: str | None = None
    model_name: str = ""
    freq: str = "M"

    @cached_property
    def frame(self) -> pd.DataFrame:
        return self.data() if callable(self.data) else self.data

    def records(self) -> Iterator[dict]:
        """The per-segment records (extract fields + scores, labels, cues), as plain dicts."""
        return iter(self.frame.to_dict("records"))

    def __iter__(self):
        return self.records()

    def __len__(self) -> int:
        return len(self.frame)

    @cached_property
    def risk_profile(self) -> pd.DataFrame:
        return risk_profile(self.frame)

    @cached_property
    def risk_clauses(self) -> pd.DataFrame:
        return risk_clauses(self.frame)

    @cached_property
    def clause_review(self) -> pd.DataFrame:
        return clause_review(self.frame)

    @cached_property
    def messages(self) -> pd.DataFrame:
        return message_summary(self.frame)

    @cached_property
    def threads(self) -> pd.DataFrame:
        return thread_summary(self.frame)

    @cached_property
    def health(self) -> pd.DataFrame:
        return health_index(self.frame, self.freq)
