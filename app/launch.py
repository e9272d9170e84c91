"""`tone-analyzer app`: the streamlit command line and environment that open the explorer on a store.

No Streamlit import at module level: the CLI imports this to check its arguments before starting anything.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Mapping

from .auth_config import AuthConfig, signin_required
from .config import script_path

DEFAULT_DB = "out/results.duckdb"  # where the README's Quickstart writes its store


class LaunchError(Exception):
    """Why the explorer will not start (one line) and the exit code for it."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def streamlit_command(script: Path, host: str, port: int, python: str = sys.executable) -> list[str]:
    """Headless (no browser opened, no e-mail prompt), no usage statistics, bound to `host` only. Streamlit's welcome
    message is off: on a wildcard address it looks up this machine's public IP on the internet; `url()` says where
    to go instead."""
    return [python, "-m", "streamlit", "run", str(script),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false", "--logger.hideWelcomeMessage", "true"]


def url(host: str, port: int) -> str:
    if host in ("0.0.0.0", "::", ""):
        return f"http://localhost:{port} and port {port} of every address of this machine"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def launch_env(db: str, env: Mapping[str, str]) -> dict[str, str]:
    """The app reads its store from TONE_DB; an explicit store is never filled with the bundled examples."""
    out = dict(env)
    out["TONE_DB"] = db if "://" in db else str(Path(db).expanduser().resolve())
    out.setdefault("TONE_EXAMPLES", "")
    return out


def auth_secrets() -> dict[str, Any]:
    """The `[auth]` section the Streamlit server will read: the secrets files its config names (by default
    ~/.streamlit/secrets.toml and ./.streamlit/secrets.toml, later files winning per top-level key). Read with
    tomllib rather than st.secrets, which would export the secrets into this process's environment and start
    file watchers for a server that is not running yet."""
    import tomllib

    from streamlit import config

    auth: dict[str, Any] = {}
    for name in config.get_option("secrets.files"):
        path = Path(name)
        if path.suffix == ".toml" and path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # the server would not load it either: nothing configured there
                continue
            if isinstance(data.get("auth"), dict):
                auth = data["auth"]
    return auth


def refusal(host: str, env: Mapping[str, str], auth: Mapping[str, Any]) -> str | None:
    """The one-line reason not to serve on `host`, or None (loopback, or a usable sign-in is configured)."""
    if not signin_required(host, env):
        return None
    problem = AuthConfig.from_sources(auth, env).problem()
    if problem is None:
        return None
    return f"--host {host} serves the explorer beyond this machine, but {problem}"


def prepare(db: str, host: str, port: int, env: Mapping[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """Check everything the server would fail on later; the command line and environment to run it with."""
    env = os.environ if env is None else env
    if not 0 < port < 65536:
        raise LaunchError(f"--port {port} is not a TCP port", 2)
    if importlib.util.find_spec("streamlit") is None:
        raise LaunchError("the explorer needs the optional extra `app`: pip install 'tone-analyzer[app]'", 3)
    if "://" not in db and not Path(db).expanduser().is_file():
        raise LaunchError(f"no store at {db}; run `tone-analyzer analyze PATH --db {db}` first", 1)
    reason = refusal(host, env, auth_secrets())
    if reason:
        raise LaunchError(reason, 3)
    return streamlit_command(script_path(), host, port), launch_env(db, env)


def run(cmd: list[str], env: dict[str, str]) -> int:
    """Become the streamlit server (Ctrl-C then reaches it alone); a child process where exec is not POSIX."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(cmd[0], cmd, env)
    return subprocess.call(cmd, env=env)
