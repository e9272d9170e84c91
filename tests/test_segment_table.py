"""One segment table: a run with a store and one without give the same columns, dtypes and values, in the results
and in `--out` files."""
from __future__ import annotations

from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("duckdb")
pq = pytest.importorskip("pyarrow.parquet")

from analyzer import analyze  # noqa: E402
from analyzer.aggregate.frame import segment_columns, segment_dtypes  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("runs")
    out = {}
    for suffix in (".jsonl", ".parquet"):
        plain = analyze([EXAMPLES], out=tmp / f"plain{suffix}")
        stored = analyze([EXAMPLES], db=tmp / f"store{suffix}.duckdb", out=tmp / f"stored{suffix}")
        out[suffix] = (plain, stored, tmp / f"plain{suffix}", tmp / f"stored{suffix}")
    return out


def _by_key(frame):
    return frame.sort_values(["doc_id", "idx"], kind="stable").reset_index(drop=True)


def test_results_frames_are_identical_with_and_without_a_store(runs):
    plain, stored, _, _ = runs[".jsonl"]
    assert len(plain.frame) > 100 and set(plain.frame["kind"]) == {"contract", "email"}
    assert list(plain.frame.columns) == list(stored.frame.columns) == segment_columns()
    assert {c: str(t) for c, t in plain.frame.dtypes.items()} == {c: str(t) for c, t in stored.frame.dtypes.items()}
    pd.testing.assert_frame_equal(_by_key(plain.frame), _by_key(stored.frame))


def test_jsonl_exports_are_identical_with_and_without_a_store(runs):
    _, _, plain, stored = runs[".jsonl"]
    a, b = plain.read_text(encoding="utf-8").splitlines(), stored.read_text(encoding="utf-8").splitlines()
    assert len(a) > 100 and sorted(a) == sorted(b)


def test_parquet_exports_have_one_schema_with_and_without_a_store(runs):
    _, _, plain, stored = runs[".parquet"]
    a, b = pq.read_table(plain), pq.read_table(stored)
    assert a.schema.equals(b.schema) and a.column_names == segment_columns()
    keys = [("doc_id", "ascending"), ("idx", "ascending")]
    assert a.sort_by(keys).equals(b.sort_by(keys))


def test_the_model_marker_is_evidence_not_a_cue(runs):
    plain, stored, _, _ = runs[".jsonl"]
    for frame in (plain.frame, stored.frame):
        assert not any("model" in cues for cues in frame["cues"])
    # ...while clauses the model flagged with no cue still report cue type "model" in the risk profile
    types = {t for ts in stored.risk_clauses["cue_types"] for t in ts}
    assert types and types <= {"model"} | {c for cs in stored.frame["cues"] for c in cs}


def test_dtypes_are_the_declared_ones(runs):
    plain, _, _, _ = runs[".jsonl"]
    declared = segment_dtypes()
    assert str(plain.frame["page"].dtype) == "Int64" and str(plain.frame["date"].dtype) == "datetime64[us, UTC]"
    for col in ("heading_path", "recipients", "cues"):
        assert declared[col] == "list" and all(isinstance(v, list) for v in plain.frame[col])
