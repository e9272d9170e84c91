"""The whole-contract set: every segment of full CUAD contracts, labelled in context, at natural prevalence.

Contracts come from ../shared/data/cuad/full_contracts.jsonl.gz (text never copied here). The choice is a fixed rule,
so anyone can recompute it:

1. outsourcing-like CUAD types (`TYPES`), 6,000-70,000 characters, not in cuad_risk_dev (whose rows train the model),
   and not financial "maintenance" undertakings or amendments (`NOT_SERVICE`: no supplier/customer deal to read);
   a contract filed twice with the same text counts once (the first doc_id in sorted order);
2. within each type, contracts ordered by sha256("tone-contract-pick-v1:" + doc_id); round-robin over the types
   until `N_CONTRACTS` are picked;
3. the test part: the `N_TEST` picked contracts with the lowest sha256("tone-contract-test-v1:" + doc_id). It was
   written to corpora/protocol/contract_test_lock.json (ids and a hash over (doc_id, sha256(text)) pairs) before any
   labelling or tuning. `locked_contracts()` verifies it.

Labels (corpora/contracts_whole/*.jsonl) are pointers: contract id, character offsets into the contract text, label,
clause type, subtype, which party is favoured and which bears it, mirror_of (offsets of the mirror), confidence.
A segment is positive when a positive label span overlaps it; every other segment of a labelled contract is negative.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import locations

PICK_SALT = "tone-contract-pick-v1"
TEST_SALT = "tone-contract-test-v1"
TYPES = ("Maintenance", "Hosting", "Supply", "Manufacturing", "Consulting Agreements", "Development",
         "Transportation", "Outsourcing", "Service")
N_CONTRACTS = 36
N_TEST = 12
MIN_CHARS, MAX_CHARS = 6_000, 70_000
NOT_SERVICE = re.compile(r"capital maintenance|yield maintenance|income maintenance|amend", re.I)
ROOT = Path(__file__).resolve().parents[2] / "corpora"
LOCK = ROOT / "protocol" / "contract_test_lock.json"
LABELS_DIR = ROOT / "contracts_whole"


class LockMismatch(RuntimeError):
    """The shared CUAD data no longer yields the recorded contract test part."""


@dataclass(frozen=True)
class Contract:
    doc_id: str
    contract_type: str
    text: str


@dataclass
class ContractLabels:
    """One contract's labels: its parties (id -> names) and its labelled spans."""

    doc_id: str
    parties: dict[str, list[str]] = field(default_factory=dict)
    spans: list[dict] = field(default_factory=list)


def _sha(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def load_contracts(root: Path | None = None) -> dict[str, Contract]:
    root = (root or locations.shared_data()) / "cuad"
    path = root / "full_contracts.jsonl.gz"
    if not path.exists():
        raise FileNotFoundError(f"{path} is not present (../shared/data beside the checkout)")
    types = {}
    for line in (root / "contracts.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        types[r["doc_id"]] = r["contract_type"]
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return {r["doc_id"]: Contract(r["doc_id"], types.get(r["doc_id"], ""), r["text"]) for r in rows}


def _risk_dev_ids(root: Path | None = None) -> set[str]:
    path = (root or locations.shared_data()) / "cuad_risk_dev" / "clauses.jsonl"
    return {json.loads(line)["doc_id"] for line in path.open(encoding="utf-8") if line.strip()}


def pick(contracts: dict[str, Contract], exclude: set[str], types: tuple[str, ...] = TYPES, salt: str = PICK_SALT,
         n: int = N_CONTRACTS) -> list[str]:
    """The rule in the module docstring, steps 1-2."""
    seen: dict[str, str] = {}
    for d in sorted(contracts):
        seen.setdefault(_sha(contracts[d].text), d)
    unique = set(seen.values())
    pools = {t: sorted((c.doc_id for c in contracts.values() if c.contract_type == t and c.doc_id in unique
                        and c.doc_id not in exclude
                        and MIN_CHARS <= len(c.text) <= MAX_CHARS
                        and not NOT_SERVICE.search(c.doc_id)), key=lambda d: _sha(f"{salt}:{d}"))
             for t in types}
    chosen: list[str] = []
    while len(chosen) < n and any(pools.values()):
        for t in types:
            if pools[t] and len(chosen) < n:
                chosen.append(pools[t].pop(0))
    return chosen


def test_ids(picked: list[str]) -> list[str]:
    return sorted(sorted(picked, key=lambda d: _sha(f"{TEST_SALT}:{d}"))[:N_TEST])


def part_hash(contracts: dict[str, Contract], ids: list[str]) -> str:
    return _sha("\n".join(sorted(f"{d}\t{_sha(contracts[d].text)}" for d in ids)))


def write_lock(root: Path | None = None, path: Path = LOCK) -> dict:
    """Record the lock once; refuses to overwrite (a new lock is a new protocol version)."""
    contracts = load_contracts(root)
    picked = pick(contracts, _risk_dev_ids(root))
    return _record_lock(path, contracts, test_ids(picked), {
        "rule": "see analyzer/train/contract_set.py", "pick_salt": PICK_SALT, "test_salt": TEST_SALT,
        "picked": picked})


def _record_lock(path: Path, contracts: dict[str, Contract], test: list[str], meta: dict) -> dict:
    """Write a lock (meta + the test contracts, their hash and size) once; an existing lock is never overwritten."""
    if path.exists():
        raise FileExistsError(f"{path} exists: that contract test part is locked")
    lock = {**meta, "test_contracts": test, "test_hash": part_hash(contracts, test),
            "test_chars": sum(len(contracts[d].text) for d in test)}
    path.write_text(json.dumps(lock, indent=1) + "\n", encoding="utf-8")
    return lock


def _check_text(contracts: dict[str, Contract], lock: dict, part: str) -> None:
    if part_hash(contracts, lock["test_contracts"]) != lock["test_hash"]:
        raise LockMismatch(f"the {part} test contracts' text changed since the lock")


def locked_contracts(root: Path | None = None, path: Path = LOCK) -> tuple[list[str], list[str]]:
    """(rest, test) contract ids, verified against the lock."""
    lock = json.loads(path.read_text(encoding="utf-8"))
    contracts = load_contracts(root)
    picked = pick(contracts, _risk_dev_ids(root))
    if picked != lock["picked"] or test_ids(picked) != lock["test_contracts"]:
        raise LockMismatch("the picked contracts changed: the shared CUAD data differs from the locked one")
    _check_text(contracts, lock, "v1")
    test = set(lock["test_contracts"])
    return [d for d in picked if d not in test], sorted(test)


def load_labels(folder: Path = LABELS_DIR) -> dict[str, ContractLabels]:
    """Every labelled contract: parties and spans, from the pointer files (one JSON object per line)."""
    out: dict[str, ContractLabels] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if not line.strip():
                continue
            r = json.loads(line)
            cl = out.setdefault(r["doc_id"], ContractLabels(r["doc_id"]))
            if r.get("kind") == "parties":
                cl.parties = r["parties"]
            else:
                cl.spans.append(r)
    return out


# ---- version 2 -------------------------------------------------------------------------------------------------
# The v1 test part was reported once (corpora/protocol/test_reports.jsonl) and then retired into development, so the
# extraction could be improved on all 31 v1 contracts. A fresh test part of 15 contracts of the next CUAD types was
# locked (contract_test_lock_v2.json) before they were labelled and before any of that work.
TYPES_V2 = ("Reseller", "Distributor", "Agency Agreements", "Marketing", "Strategic Alliance", "Collaboration",
            "Sponsorship", "Co_Branding", "Joint Venture", "License_Agreements", "Endorsement", "Promotion")
PICK_SALT_V2 = "tone-contract-test-v2"
N_TEST_V2 = 15
LOCK_V2 = ROOT / "protocol" / "contract_test_lock_v2.json"


def pick_v2(contracts: dict[str, Contract], root: Path | None = None) -> list[str]:
    v1 = json.loads(LOCK.read_text(encoding="utf-8"))["picked"]
    return pick(contracts, _risk_dev_ids(root) | set(v1), TYPES_V2, PICK_SALT_V2, N_TEST_V2)


def write_lock_v2(root: Path | None = None, path: Path = LOCK_V2) -> dict:
    contracts = load_contracts(root)
    return _record_lock(path, contracts, pick_v2(contracts, root), {
        "rule": "see analyzer/train/contract_set.py (version 2)", "pick_salt": PICK_SALT_V2})


def locked_contracts_v2(root: Path | None = None, path: Path = LOCK_V2) -> tuple[list[str], list[str]]:
    """(development, test): development = every v1 contract (its test part retired after its one report)."""
    lock = json.loads(path.read_text(encoding="utf-8"))
    contracts = load_contracts(root)
    if pick_v2(contracts, root) != lock["test_contracts"]:
        raise LockMismatch("the v2 test contracts changed: the shared CUAD data differs from the locked one")
    _check_text(contracts, lock, "v2")
    return list(json.loads(LOCK.read_text(encoding="utf-8"))["picked"]), list(lock["test_contracts"])


if __name__ == "__main__":  # python -m analyzer.train.contract_set: write the lock (only once)
    print(json.dumps(write_lock(), indent=1))
