"""Sign-in for the explorer beyond localhost, and the `tone-analyzer app` command (no server started, except one
brief /_stcore/health check)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("duckdb")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from streamlit import config as st_config  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from analyzer.cli import app as cli  # noqa: E402
from app import auth_config, launch  # noqa: E402
from app.auth import Throttle  # noqa: E402
from app.auth_config import AuthConfig, is_loopback, password_hash  # noqa: E402

APP = "../app_streamlit.py"  # AppTest resolves relative paths against this file
PASSWORD = "correct horse battery staple"
OIDC = {"redirect_uri": "https://tone.example.com/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "tone", "client_secret": "s3cret", "server_metadata_url":
        "https://id.example.com/.well-known/openid-configuration"}


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    """An empty store path the app would create on its first read: its absence proves no data was read."""
    db = tmp_path / "store.duckdb"
    monkeypatch.setenv("TONE_DB", str(db))
    monkeypatch.setenv("TONE_EXAMPLES", "")
    monkeypatch.setenv("TONE_CORRECTIONS", str(tmp_path / "corrections.jsonl"))
    for var in (auth_config.PASSWORD_ENV, auth_config.REQUIRE_ENV):
        monkeypatch.delenv(var, raising=False)
    return db


@pytest.fixture
def served_on():
    """Set Streamlit's server.address for the in-process AppTest runs, and put it back."""
    before = st_config.get_option("server.address")
    yield lambda address: st_config.set_option("server.address", address)
    st_config.set_option("server.address", before)


def open_app(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if secrets:
        at.secrets["auth"] = secrets
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shows_app(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Analyse"]


def shows_no_data(at: AppTest, db: Path) -> bool:
    """Only the sign-in (or refusal) page: no page of the app, no table, and the store never opened."""
    return [t.value for t in at.title] == ["Tone Analyzer"] and not at.dataframe and not db.exists()


# ---- the rule ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("LOCALHOST", True), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("tone.example.com", False),
    ("", False), (None, False), ("unix:///tmp/tone.sock", False)])
def test_loopback_addresses(address, loopback):
    assert is_loopback(address) is loopback


def test_auth_config_from_secrets_and_env():
    digest = password_hash(PASSWORD)
    assert AuthConfig.from_sources({}, {}).problem().startswith("no sign-in is configured")
    by_env = AuthConfig.from_sources({}, {auth_config.PASSWORD_ENV: digest.upper()})
    assert by_env.password and by_env.check_password(PASSWORD) and not by_env.check_password(PASSWORD + " ")
    assert PASSWORD not in repr(by_env) and digest not in repr(by_env)
    bad = AuthConfig.from_sources({"password_sha256": "hunter2"}, {})
    assert not bad.configured and "64 hex digits" in bad.problem()
    assert AuthConfig.from_sources(OIDC, {}).oidc
    partial = AuthConfig.from_sources({k: v for k, v in OIDC.items() if k != "cookie_secret"}, {})
    assert not partial.oidc and "cookie_secret" in partial.problem()
    both = AuthConfig.from_sources({"password_sha256": digest, "client_id": "tone"}, {})
    assert both.problem() is None and both.password and "redirect_uri" in both.oidc_problem()
    named = {k: OIDC[k] for k in auth_config.OIDC_SHARED} | {"google": {k: OIDC[k] for k in auth_config.OIDC_PROVIDER}}
    assert AuthConfig.from_sources(named, {}).providers == ("google",)
    only = AuthConfig.from_sources(OIDC | {"allowed_domains": ["@example.com"], "allowed_emails": "bo@other.org"}, {})
    assert only.email_allowed("Ann@Example.com") and only.email_allowed("bo@other.org")
    assert not only.email_allowed("eve@evil.org") and not only.email_allowed(None)


def test_oidc_without_authlib_is_not_offered(monkeypatch):
    monkeypatch.setattr(auth_config, "authlib_installed", lambda: False)
    cfg = AuthConfig.from_sources(OIDC, {})
    assert not cfg.configured and "streamlit[auth]" in cfg.problem()


def test_throttle_blocks_after_the_limit_then_forgets():
    t = Throttle(limit=3, window_s=60)
    for i in range(3):
        assert not t.blocked(now=i)
        t.failed(now=i)
    assert t.blocked(now=10)
    assert not t.blocked(now=63.5)


# ---- the app -------------------------------------------------------------------------------------------------
def test_localhost_needs_no_signin(store, served_on):
    served_on("127.0.0.1")
    at = open_app()
    assert shows_app(at) and store.exists()
    assert not [w for w in at.text_input if w.key == "auth.password"]


def test_password_signin_beyond_localhost(store, served_on):
    served_on("0.0.0.0")
    at = open_app({"password_sha256": password_hash(PASSWORD)})
    assert shows_no_data(at, store)
    assert at.text_input(key="auth.password").proto.type == at.text_input(key="auth.password").proto.PASSWORD

    at.text_input(key="auth.name").input("Ada")
    at.text_input(key="auth.password").input("wrong password")
    at.button[0].click().run()
    assert shows_no_data(at, store)
    assert [e.value for e in at.error] == ["Wrong password."]
    assert at.text_input(key="auth.password").value == "", "a tried password does not stay in the session"

    at.text_input(key="auth.password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert shows_app(at) and store.exists()
    assert at.session_state["_auth.user"] == {"name": "Ada", "email": None, "method": "password"}
    assert any("Signed in as Ada" in c.value for c in at.sidebar.caption)

    at.sidebar.button(key="auth.signout").click().run()
    assert [t.value for t in at.title] == ["Tone Analyzer"] and at.text_input(key="auth.password")


def test_password_from_env_beyond_localhost(store, served_on, monkeypatch):
    served_on("192.168.1.20")
    monkeypatch.setenv(auth_config.PASSWORD_ENV, password_hash(PASSWORD))
    at = open_app()
    assert shows_no_data(at, store) and at.text_input(key="auth.password")


@pytest.mark.parametrize("address", ["0.0.0.0", None])  # None: Streamlit's default, every interface
def test_beyond_localhost_without_signin_refuses(store, served_on, address):
    served_on(address)
    at = open_app()
    assert shows_no_data(at, store)
    assert not at.text_input and not at.button
    assert "no sign-in is configured" in at.error[0].value and "password_sha256" in at.error[0].value


def test_oidc_signin_beyond_localhost(store, served_on, monkeypatch):
    import streamlit

    served_on("0.0.0.0")
    at = open_app(OIDC | {"allowed_domains": ["example.com"]}, user={"is_logged_in": False})
    assert shows_no_data(at, store)
    assert [b.label for b in at.button] == ["Sign in"]
    # st.login() redirects the browser to the provider; it reads the secrets file itself, which at.secrets
    # does not reach, so the test records the call instead.
    logins: list = []
    monkeypatch.setattr(streamlit, "login", lambda provider=None: logins.append(provider))
    at.button(key="auth.login.default").click().run()
    assert logins == [None] and not at.exception and shows_no_data(at, store)

    refused = open_app(OIDC | {"allowed_domains": ["example.com"]},
                       user={"is_logged_in": True, "name": "Eve", "email": "eve@evil.org"})
    assert shows_no_data(refused, store) and "eve@evil.org is not allowed" in refused.error[0].value

    at = open_app(OIDC | {"allowed_domains": ["example.com"]},
                  user={"is_logged_in": True, "name": "Ann Lee", "email": "ann@example.com"})
    assert shows_app(at) and store.exists()
    assert at.session_state["_auth.user"] == {"name": "Ann Lee", "email": "ann@example.com", "method": "oidc"}


def test_current_user_on_localhost_is_the_local_account(served_on):
    served_on("127.0.0.1")

    def script():
        import streamlit as st

        from app.auth import current_user

        st.write(current_user().method)

    at = AppTest.from_function(script).run()
    assert at.markdown[0].value == "local"


# ---- the command ---------------------------------------------------------------------------------------------
@pytest.fixture
def launched(tmp_path, monkeypatch):
    """`tone-analyzer app` with no secrets files and the exec replaced by a recorder."""
    db = tmp_path / "results.duckdb"
    db.write_bytes(b"")
    for var in (auth_config.PASSWORD_ENV, auth_config.REQUIRE_ENV, "TONE_EXAMPLES", "TONE_DB"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(launch, "auth_secrets", lambda: {})
    calls: list[tuple[list[str], dict]] = []
    monkeypatch.setattr(launch, "run", lambda cmd, env: calls.append((cmd, env)) or 0)
    return db, calls


def test_app_command_refuses_open_network_without_signin(launched):
    db, calls = launched
    result = CliRunner().invoke(cli, ["app", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 3 and not calls
    assert "no sign-in is configured" in result.output and "[auth] password_sha256" in result.output


def test_app_command_line(launched, monkeypatch):
    db, calls = launched
    result = CliRunner().invoke(cli, ["app", "--db", str(db)])
    assert result.exit_code == 0, result.output
    cmd, env = calls[0]
    assert cmd[:5] == [sys.executable, "-m", "streamlit", "run", str(REPO / "app_streamlit.py")]
    flags = dict(zip(cmd[5::2], cmd[6::2]))
    assert flags == {"--server.address": "127.0.0.1", "--server.port": "8501", "--server.headless": "true",
                     "--browser.gatherUsageStats": "false",
                     "--logger.hideWelcomeMessage": "true"}
    assert env["TONE_DB"] == str(db.resolve()) and env["TONE_EXAMPLES"] == ""

    monkeypatch.setenv(auth_config.PASSWORD_ENV, password_hash(PASSWORD))
    result = CliRunner().invoke(cli, ["app", "--db", str(db), "--host", "0.0.0.0", "--port", "9000"])
    assert result.exit_code == 0, result.output
    assert calls[1][0][5:9] == ["--server.address", "0.0.0.0", "--server.port", "9000"]


def test_app_command_needs_a_store(launched, tmp_path):
    _, calls = launched
    result = CliRunner().invoke(cli, ["app", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "tone-analyzer analyze" in result.output and not calls


def test_auth_secrets_reads_the_servers_secrets_files(tmp_path, monkeypatch):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text('[auth]\npassword_sha256 = "old"\n')
    second.write_text('[auth]\nclient_id = "tone"\n')
    before = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(first), str(second), str(tmp_path / "missing.toml")])
    try:
        assert launch.auth_secrets() == {"client_id": "tone"}  # later files win per top-level key, as in Streamlit
        st_config.set_option("secrets.files", [str(first)])
        assert launch.auth_secrets() == {"password_sha256": "old"}
    finally:
        st_config.set_option("secrets.files", before)


def test_app_command_serves_healthz(tmp_path):
    """The real command: exec's into streamlit, which answers /_stcore/health on the loopback port."""
    db = tmp_path / "results.duckdb"
    db.write_bytes(b"")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # As the console script of a checkout runs it: analyzer importable, app/ not on sys.path.
    boot = (f"import sys; sys.path.insert(0, {str(REPO)!r}); import analyzer.cli; sys.path.remove({str(REPO)!r}); "
            "analyzer.cli.app()")
    cmd = [sys.executable, "-c", boot, "app", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, body = time.time() + 60, None
        while time.time() < deadline and proc.poll() is None and body is None:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read()
            except OSError:
                time.sleep(0.3)
        assert body == b"ok", (proc.poll(), proc.stdout.read() if proc.poll() is not None else "")
        for address in _other_ipv4_addresses():  # bound to loopback only: this machine's LAN address is refused
            with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
                pass
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _other_ipv4_addresses() -> list[str]:
    try:
        import psutil  # present with the `scale` extra (dask); without it the bind check is left out
    except ImportError:
        return []
    return [a.address for addrs in psutil.net_if_addrs().values() for a in addrs
            if a.family == socket.AF_INET and not is_loopback(a.address)]
