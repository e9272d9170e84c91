"""The README's Quickstart commands: the first two (install and run, test) are exactly what CI runs; the third opens
the explorer through a command the CLI has."""
import re

from typer.testing import CliRunner

from analyzer.cli import app
from conftest import REPO


def _commands() -> list[str]:
    readme = (REPO / "README.md").read_text()
    quick = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", quick, re.S)


def test_ci_runs_the_readme_commands():
    commands = _commands()
    assert len(commands) == 3
    ci = (REPO / ".ci" / "run").read_text()
    for cmd in commands[:2]:
        assert cmd.strip() in ci


def test_the_explorer_command_exists():
    explore = _commands()[2].strip()
    assert explore == ".venv/bin/tone-analyzer app"
    result = CliRunner().invoke(app, ["app", "--help"])
    assert result.exit_code == 0 and "--db" in result.output and "--host" in result.output
