"""Aggregates over scored segments: contract risk profiles, message/thread escalation, counterparty health.

All functions take the flat per-segment frame (`frame.segments_frame` in memory, or `Store.segments_frame()`), so the
Python API, the report and the app compute exactly the same numbers.
"""
from .contracts import clause_review, risk_clauses, risk_profile
from .frame import SEGMENT_COLUMNS, conform_segments, org_of, segment_columns, segments_frame
from .health import health_index, wilson_interval
from .threads import message_summary, thread_summary

__all__ = ["SEGMENT_COLUMNS", "segment_columns", "conform_segments", "segments_frame", "org_of", "risk_profile",
           "risk_clauses", "clause_review", "message_summary", "thread_summary", "health_index", "wilson_interval"]
