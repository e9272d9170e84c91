"""Label corrections from the Model lab, kept as corpus JSONL, and their Label Studio / JSONL import and export.

A correction row is a corpus row (corpora/GUIDELINES.md): text, labels, kind, source "app:correction",
group "corrections-<date>", split "train". Saving the same text again replaces the earlier row (the latest
decision wins), so the file never teaches both answers.
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Iterable

from analyzer import labels as registry

SOURCE = "app:correction"
LS_FROM, LS_TO = "tone", "text"


def label_studio_config() -> str:
    """The Label Studio labelling interface: one multiple-choice per registered label."""
    choices = "\n".join(f'    <Choice value="{lb}"/>' for lb in registry.ids())
    return f"""<View>
  <Text name="{LS_TO}" value="$text"/>
  <Choices name="{LS_FROM}" toName="{LS_TO}" choice="multiple">
{choices}
  </Choices>
</View>"""


def correction_row(text: str, labels: Iterable[str], kind: str, ref: str | None = None,
                   today: date | None = None) -> dict:
    known = registry.ids()
    unknown = set(labels) - set(known)
    if unknown:
        raise ValueError(f"unknown labels {sorted(unknown)}")
    labels = [lb for lb in known if lb in set(labels)]
    row = {"text": text, "labels": labels, "kind": kind if kind in ("contract", "email") else "email",
           "source": SOURCE, "group": f"corrections-{(today or date.today()).isoformat()}", "split": "train"}
    if ref:
        row["ref"] = ref
    return row


def read_rows(path: Path) -> list[dict]:
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write_rows(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def save_corrections(path: Path, rows: Iterable[dict]) -> int:
    """Upsert rows by (text, kind); returns how many rows were written or replaced."""
    existing = read_rows(path)
    index = {(r.get("text"), r.get("kind")): i for i, r in enumerate(existing)}
    n = 0
    for row in rows:
        if not row.get("text"):
            continue
        key = (row["text"], row.get("kind"))
        if key in index:
            existing[index[key]] = row
        else:
            index[key] = len(existing)
            existing.append(row)
        n += 1
    _write_rows(Path(path), existing)
    return n


def corrected_texts(path: Path) -> set[str]:
    return {r.get("text") for r in read_rows(path)}


# ---- Label Studio ------------------------------------------------------------------------------------------------
def to_label_studio(rows: Iterable[dict], predictions: str | None = None) -> list[dict]:
    """Tasks with data.text and one annotation of multiple choices (labels) per row. With `predictions` (a model
    version) the labels go in as pre-annotations to review in Label Studio instead of as annotations."""
    tasks = []
    for i, r in enumerate(rows, 1):
        data = {"text": r["text"], "kind": r.get("kind", "email"), "group": r.get("group", "")}
        if r.get("ref"):
            data["ref"] = r["ref"]
        result = [{"from_name": LS_FROM, "to_name": LS_TO, "type": "choices",
                   "value": {"choices": list(r.get("labels", []))}}]
        if predictions:
            tasks.append({"id": i, "data": data, "predictions": [{"model_version": predictions, "result": result}]})
        else:
            tasks.append({"id": i, "data": data, "annotations": [{"result": result}]})
    return tasks


def from_label_studio(tasks: list[dict], today: date | None = None) -> tuple[list[dict], int]:
    """Rows from Label Studio tasks (export or our own); tasks without an annotation are skipped (count returned).
    An annotation with no choices is a deliberate negative."""
    rows, skipped = [], 0
    for t in tasks:
        data = t.get("data") or {}
        anns = [a for a in (t.get("annotations") or []) if not a.get("was_cancelled")]
        if not data.get("text") or not anns:
            skipped += 1
            continue
        choices: list[str] = []
        for res in anns[0].get("result") or []:
            if res.get("type") == "choices":
                choices += res.get("value", {}).get("choices", [])
        bad = set(choices) - set(registry.ids())
        if bad:
            raise ValueError(f"task {t.get('id')}: unknown labels {sorted(bad)}")
        rows.append(correction_row(data["text"], choices, data.get("kind", "email"), data.get("ref"), today))
    return rows, skipped


def to_jsonl(rows: Iterable[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def from_jsonl(data: bytes, today: date | None = None) -> list[dict]:
    """Corpus-format JSONL (text, labels, kind, ...); source/group/split are reset to the correction values."""
    rows = []
    for n, line in enumerate(data.decode("utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        if "text" not in r:
            raise ValueError(f"line {n}: no 'text'")
        rows.append(correction_row(r["text"], r.get("labels", []), r.get("kind", "email"), r.get("ref"), today))
    return rows


def parse_import(name: str, data: bytes) -> tuple[list[dict], int]:
    """A Label Studio JSON export (a list of tasks) or corpus JSONL, told apart by content."""
    text = data.decode("utf-8-sig").lstrip()
    if text.startswith("["):
        return from_label_studio(json.loads(text))
    return from_jsonl(data), 0


def json_bytes(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=1).encode("utf-8")
