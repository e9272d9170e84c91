"""Labelled data for training and evaluation: our corpus plus the real sets in ../shared/data.

Every example carries a `mask` saying which labels its source actually annotates (CLAUDETTE says nothing about blame,
Parakweet nothing about collaboration), so a per-label model learns only from rows that speak about its label.
Real data is split by document (contract, ToS service, dispute), never by sentence.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from .. import locations
from ..records import LABELS

# corpora/ exists only in a source checkout (the wheel ships no training data); see analyzer/locations.py.
CORPORA = locations.corpora_dir() or Path("corpora")
SHARED_DATA = locations.shared_data()

# CLAUDETTE categories that are risk_pushing in our sense (see ../shared/data/claudette_tos_en/SOURCE.md)
CLAUDETTE_STRONG = {"limitation_of_liability", "unilateral_termination", "unilateral_change", "content_removal"}
ENRON_PER_MESSAGE = 50
CLAUDETTE_WEAK = {"arbitration", "jurisdiction", "choice_of_law", "contract_by_using"}
# CLAUDETTE's taxonomy has no indemnity category: its silence on "you agree to indemnify and hold us harmless" is not
# a verdict that the clause is balanced (for us a one-way indemnity is risk_pushing), so such rows do not teach or
# score risk_pushing unless CLAUDETTE tagged them unfair anyway.
_INDEMNITY = re.compile(r"\bindemnif|\bhold\s+(?:\w+\s+){0,3}harmless\b", re.I)


@dataclass
class Example:
    text: str
    labels: frozenset[str]
    source: str  # dataset name
    group: str  # document / scenario id: splits never cut a group
    split: str  # train | dev | test
    mask: frozenset[str] = frozenset(LABELS)  # labels this row is annotated for
    meta: dict = field(default_factory=dict)


@dataclass
class LabelledSet:
    examples: list[Example]

    @property
    def texts(self) -> list[str]:
        return [e.text for e in self.examples]

    def y(self) -> np.ndarray:
        return np.array([[lab in e.labels for lab in LABELS] for e in self.examples], dtype=np.int8)

    def mask(self) -> np.ndarray:
        return np.array([[lab in e.mask for lab in LABELS] for e in self.examples], dtype=bool)

    def where(self, *, split: str | None = None, source: str | None = None) -> "LabelledSet":
        return LabelledSet([e for e in self.examples
                            if (split is None or e.split == split) and (source is None or e.source == source)])

    def __len__(self) -> int:
        return len(self.examples)

    def sha256(self) -> str:
        h = hashlib.sha256()
        for e in self.examples:
            h.update(json.dumps([e.text, sorted(e.labels), sorted(e.mask)]).encode())
        return h.hexdigest()


def split_of(group: str, dev: float = 0.15, test: float = 0.15, salt: str = "tone-v1") -> str:
    """Deterministic split by group hash: the same group always lands in the same split."""
    u = int(hashlib.sha256(f"{salt}:{group}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if u < test else "dev" if u < test + dev else "train"


def load_corpus(path: Path | None = None) -> list[Example]:
    """Our own labelled JSONL (`text`, `labels`, `kind`, `source`, `split`)."""
    folder = path or CORPORA
    if not folder.exists():
        raise FileNotFoundError(f"no labelled data at {folder.absolute()}: the training corpus (corpora/) ships with the source "
                                "repository, not the installed package; run from a checkout or pass --data FILE.jsonl")
    files = [path] if path and path.is_file() else sorted(folder.glob("*.jsonl"))
    out = []
    for f in files:
        for line in f.open(encoding="utf-8"):
            if not line.strip():
                continue
            r = json.loads(line)
            out.append(Example(r["text"], frozenset(r.get("labels", [])), f"corpus:{r.get('kind', 'email')}",
                               r.get("group", r.get("source", f.stem)), r.get("split") or split_of(r.get("group", r["text"]))))
    return out


def load_claudette(root: Path = SHARED_DATA, include_weak: bool = False) -> list[Example]:
    """ToS sentences; split by service with the authors' folds: 1-2 train, 3 dev, 4 test."""
    path = root / "claudette_tos_en" / "sentences.jsonl"
    if not path.exists():
        return []
    positive_cats = CLAUDETTE_STRONG | (CLAUDETTE_WEAK if include_weak else set())
    split = {1: "train", 2: "train", 3: "dev", 4: "test"}
    out = []
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        cats = set(r["unfair_categories"])
        if not include_weak and cats and not cats & CLAUDETTE_STRONG:
            continue  # weakly unfair forum clauses: neither clean positive nor clean negative
        pos = bool(cats & positive_cats)
        # ToS text never blames or collaborates; "we reserve the right" there is not defensive_detail in our sense,
        # but it is too close to call, so CLAUDETTE rows do not teach defensive_detail either way.
        mask = {"risk_pushing", "blame", "collaborative"}
        if not pos and _INDEMNITY.search(r["text"]):
            mask.discard("risk_pushing")
        out.append(Example(r["text"], frozenset({"risk_pushing"} if pos else ()), "claudette", f"tos:{r['doc_id']}",
                           split[r["cv_fold"]], frozenset(mask)))
    return out


def load_cuad_risk(root: Path = SHARED_DATA) -> list[Example]:
    """Hand-labelled real B2B clauses; split by contract: 50% train, 20% dev, 30% test."""
    path = root / "cuad_risk_dev" / "clauses.jsonl"
    if not path.exists():
        return []
    out = []
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        out.append(Example(r["text"], frozenset(r["labels"]), "cuad_risk", f"cuad:{r['doc_id']}",
                           split_of(f"cuad:{r['doc_id']}", dev=0.2, test=0.3),
                           frozenset({"risk_pushing", "blame", "collaborative"}),
                           {"confidence": r["confidence"], "hard_negative": r["hard_negative"], "subtype": r["subtype"]}))
    return out


def load_dispute(root: Path | None = None) -> list[Example]:
    """Real dispute sentences (dispute_train + dispute_dev) under the locked protocol (protocol.py): the `rest`
    disputes are `dev` rows, cross-fitted by dispute (each is scored by a model that never saw its dispute), so they
    both train the shipped model and set its calibration and thresholds; the locked test disputes get split `locked`,
    which training never reads and evaluate_model() never reports (tools/evaluate_real.py reports them, once per
    model). Without ../shared/data the set is empty."""
    from .protocol import locked_split

    try:
        split = locked_split(root)
    except FileNotFoundError:
        return []
    return [Example(r.text, r.labels, "dispute", f"dispute:{r.dispute}", part, frozenset(LABELS),
                    {"confidence": r.confidence, "origin": r.origin})
            for part, rows in (("dev", split.rest), ("locked", split.test)) for r in rows]


def load_enron_neutral(root: Path | None = None, per_message: int = ENRON_PER_MESSAGE) -> list[Example]:
    """Ordinary business mail as negatives for every label: segments of the Enron messages that are not in the
    hand-labelled sample (that sample is the false-alarm test set, tools/evaluate_real.py), at most `per_message`
    per message so a few long newsletters do not outweigh hundreds of short notes. All rows are `dev`: cross-fitted by
    message, they train the model and hold each label's threshold to the false-alarm budget (fit.py)."""
    from . import neutral_mail as nm

    try:
        nm.enron_path(root)
    except FileNotFoundError:
        return []
    held_out = {p.line for f in ("labels.jsonl", "second_pass.jsonl") if (nm.FOLDER / f).exists()
                for p, _ in nm.read_pointers(nm.FOLDER / f)}
    kept: dict[int, list] = {}
    for p, _ in nm.read_pointers(nm.FOLDER / "segments.jsonl"):
        if p.line not in held_out and len(kept.setdefault(p.line, [])) < per_message:
            kept[p.line].append(p)
    pointers = [p for ps in kept.values() for p in ps]
    return [Example(t, frozenset(), "enron", f"enron:{p.line}", "dev", frozenset(LABELS))
            for p, t in zip(pointers, nm.resolve(pointers, root))]


def load_parakweet(root: Path = SHARED_DATA) -> list[Example]:
    """Neutral real email sentences (requests and intents in Enron mail): negatives for every label; a few may carry
    a tone, too few to matter. The test file is `test`; the train file is split by block of 50 lines into 80% train
    and 20% dev, so thresholds can be held to a false-alarm budget on mail the model has not seen."""
    folder = root / "parakweet_email_intent"
    out = []
    for fname, split in (("train_Ask0729-fixed.txt", "train"), ("test_qualifiedBatch-fixed.txt", "test")):
        path = folder / fname
        if not path.exists():
            continue
        for i, line in enumerate(path.open(encoding="utf-8", errors="replace")):
            _, _, text = line.rstrip("\n").partition("\t")
            if len(text.strip()) < 3:
                continue
            group = f"parakweet:{split}:{i // 50}"
            part = split if split == "test" else ("dev" if split_of(group, dev=0.2, test=0.0) == "dev" else "train")
            out.append(Example(text.strip(), frozenset(), "parakweet", group, part, frozenset(LABELS)))
    return out


def load_all(corpus: Path | None = None, real: bool = True) -> LabelledSet:
    examples = load_corpus(corpus)
    if real:
        examples += load_claudette() + load_cuad_risk() + load_dispute() + load_parakweet() + load_enron_neutral()
    return LabelledSet(examples)


def sources(data: LabelledSet) -> Iterable[str]:
    return sorted({e.source for e in data.examples})
