"""`tone-analyzer classify` and `evaluate` through the real CLI and the shipped model."""
import json

from typer.testing import CliRunner

from analyzer.cli import app


def test_classify_stdin_writes_scores_labels_evidence():
    text = "Your engineers failed to restore the service and this is entirely your fault."
    result = CliRunner().invoke(app, ["classify"], input=text + "\nThe invoice is attached.\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["text"] for r in rows] == [text, "The invoice is attached."]
    first = rows[0]
    assert set(first) == {"text", "scores", "labels", "evidence"}
    assert "blame" in first["labels"]
    ev = [e for e in first["evidence"] if e["label"] == "blame"]
    assert ev and all(text[e["start"]:e["end"]] for e in ev)
    assert rows[1]["labels"] == []


def test_classify_reads_jsonl_input(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "We reserve all our rights under clause 9."}) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["classify", "--input", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    row = json.loads(out.read_text())
    assert "defensive_detail" in row["labels"]


def test_evaluate_on_a_labelled_file(tmp_path):
    data = tmp_path / "gold.jsonl"
    rows = [{"text": "Your team failed again.", "labels": ["blame"]},
            {"text": "Let's work on this together.", "labels": ["collaborative"]},
            {"text": "Lunch is at noon.", "labels": []}]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "metrics.json"
    result = CliRunner().invoke(app, ["evaluate", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text())
    assert metrics["corpus"]["blame"]["support"] == 1
