"""The README's two Quickstart commands are exactly what CI runs."""
import re

from conftest import REPO


def test_ci_runs_the_readme_commands():
    readme = (REPO / "README.md").read_text()
    quick = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.+?)\n```", quick, re.S)
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text()
    for cmd in commands:
        assert cmd.strip() in ci
