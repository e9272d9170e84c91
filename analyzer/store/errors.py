"""Expected failures of the output side, each a one-line message for the user (the CLI prints it, no traceback)."""
from __future__ import annotations


class StoreError(Exception):
    """A store cannot be used (locked, full disk, not writable)."""


class StoreBusy(StoreError):
    """Another run is writing to the store."""


class OutputError(StoreError):
    """An output file cannot be written (folder missing or read-only, disk full)."""
