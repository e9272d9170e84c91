"""The stages import in one direction (README: Architecture) and no modules import each other in a circle.

Every `import` in analyzer/ is read with ast, function-level (lazy) imports included; imports under
`if TYPE_CHECKING:` are annotations only and are skipped."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "analyzer"

# Left to right, as the README draws it; a module may import its own stage and the stages to its left only.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("analyzer.records", "analyzer.labels", "analyzer.limits", "analyzer.locations",
                    "analyzer.spacy_lite")),
    ("ingest", ("analyzer.ingest",)),
    ("segment", ("analyzer.segment",)),
    ("extract", ("analyzer.extract",)),
    ("detect", ("analyzer.detect",)),
    ("context", ("analyzer.context", "analyzer.scoring")),
    ("train", ("analyzer.train",)),
    ("aggregate", ("analyzer.aggregate",)),
    ("store", ("analyzer.store",)),
    ("report", ("analyzer.report",)),
    ("engines", ("analyzer.engines",)),
    ("api", ("analyzer.runner", "analyzer.cli", "analyzer")),
]


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    return skip


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in modules else mod for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        found |= {t for t in targets if t in modules and t != name}
    return found


def _stage(module: str) -> int:
    best, rank = -1, None
    for i, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), i
    assert rank is not None, f"{module} belongs to no stage: add it to STAGES (and to the README)"
    return rank


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_every_import_points_left_or_within_its_stage():
    wrong = [f"{a} ({STAGES[_stage(a)][0]}) imports {b} ({STAGES[_stage(b)][0]})"
             for a, targets in _graph().items() for b in sorted(targets) if _stage(b) > _stage(a)]
    assert not wrong, "imports against the flow:\n" + "\n".join(wrong)


def test_no_import_cycles():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_checker_sees_a_leftward_violation(tmp_path, monkeypatch):
    """The test above can fail: an ingest module importing the store is reported."""
    modules = _modules()
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ..store import open_store\n")
    found = _imports("analyzer.ingest.bad", bad, modules)
    assert found == {"analyzer.store"} and _stage("analyzer.store") > _stage("analyzer.ingest.bad")
