"""Sign-in for the explorer: `gate()` runs first on every page; `current_user()` says who is using the session.

Served beyond localhost, nothing below `gate()` runs (no store is opened) until the session is signed in, by a
password (its SHA-256 in secrets or env) or by OIDC through Streamlit's own `st.login()` / `st.user`. The rules of
when sign-in is needed and what counts as configured live in `auth_config`.
"""
from __future__ import annotations

import getpass
import os
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

import streamlit as st

from .auth_config import AuthConfig, signin_required

_USER = "_auth.user"  # the signed-in user, as a dict, in this session's (server-side) state
_ERROR = "_auth.error"


@dataclass(frozen=True)
class User:
    name: str
    email: str | None
    method: str  # "password" | "oidc" | "local" (an open localhost explorer: the account running it)


class Throttle:
    """Process-wide limit on wrong passwords: one shared password is a brute-force target, and new sessions are
    free, so a per-session counter would not slow anyone down."""

    def __init__(self, limit: int = 10, window_s: float = 60.0) -> None:
        self.limit, self.window_s = limit, window_s
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def _trim(self, now: float) -> None:
        while self._failures and now - self._failures[0] > self.window_s:
            self._failures.popleft()

    def blocked(self, now: float | None = None) -> bool:
        with self._lock:
            self._trim(time.monotonic() if now is None else now)
            return len(self._failures) >= self.limit

    def failed(self, now: float | None = None) -> None:
        with self._lock:
            self._failures.append(time.monotonic() if now is None else now)


THROTTLE = Throttle()


def served_beyond_localhost() -> bool:
    return signin_required(st.get_option("server.address"), os.environ)


def settings() -> AuthConfig:
    return AuthConfig.from_sources(_auth_secrets(), os.environ)


def _auth_secrets() -> dict[str, Any]:
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file, or one that does not parse: nothing is configured (fail closed)
        return {}
    if section is None:
        return {}
    return section.to_dict() if hasattr(section, "to_dict") else dict(section)


def current_user() -> User | None:
    """The signed-in user; on an open localhost explorer, the local account; None while signed out."""
    kept = st.session_state.get(_USER)
    if kept:
        return User(**kept)
    if st.user.get("is_logged_in"):
        return _oidc_user()
    if not served_beyond_localhost():
        return User(name=_local_account(), email=None, method="local")
    return None


def gate() -> None:
    """Return when this session may see data; otherwise show the sign-in (or why there is none) and stop the run."""
    if not served_beyond_localhost():
        return
    cfg = settings()
    user = _signed_in(cfg)
    if user is not None:
        _account(user)
        return
    st.title("Tone Analyzer")
    problem = cfg.problem()
    if problem:
        address = st.get_option("server.address") or "every network interface"
        st.error(f"This explorer is served beyond localhost ({address}) and shows no data: {problem}.")
        st.stop()
    st.subheader("Sign in")
    if cfg.oidc_problem():
        st.warning(f"Single sign-on is not available: {cfg.oidc_problem()}.")
    if cfg.oidc:
        for provider in cfg.providers:
            label = "Sign in" if provider is None else f"Sign in with {provider}"
            if st.button(label, key=f"auth.login.{provider or 'default'}", type="primary"):
                st.login(provider)
    if cfg.password:
        _password_form()
    st.stop()


def _signed_in(cfg: AuthConfig) -> User | None:
    kept = st.session_state.get(_USER)
    if kept and kept.get("method") == "password" and cfg.password:
        return User(**kept)
    if cfg.oidc and st.user.get("is_logged_in"):
        user = _oidc_user()
        if cfg.email_allowed(user.email):
            st.session_state[_USER] = asdict(user)
            return user
        st.title("Tone Analyzer")
        st.error(f"{user.email or user.name} is not allowed to open this explorer ([auth] allowed_emails / "
                 "allowed_domains).")
        if st.button("Sign out", key="auth.signout"):
            st.logout()
        st.stop()
    st.session_state.pop(_USER, None)  # a method that is no longer configured signs its sessions out
    return None


def _oidc_user() -> User:
    email = st.user.get("email")
    return User(name=str(st.user.get("name") or email or "signed-in user"), email=email, method="oidc")


def _password_form() -> None:
    with st.form("auth.form"):
        st.text_input("Your name (recorded with the corrections you make)", key="auth.name")
        st.text_input("Password", type="password", key="auth.password")
        st.form_submit_button("Sign in", on_click=_check_password, type="primary")
    if st.session_state.get(_ERROR):
        st.error(st.session_state[_ERROR])


def _check_password() -> None:
    """Form callback: runs before the next script run, so the password leaves session state at once."""
    password = st.session_state.get("auth.password", "")
    st.session_state["auth.password"] = ""
    name = str(st.session_state.get("auth.name", "")).strip()
    if THROTTLE.blocked():
        st.session_state[_ERROR] = "Too many wrong passwords; try again in a minute."
    elif not name:
        st.session_state[_ERROR] = "Enter your name."
    elif not settings().check_password(password):
        THROTTLE.failed()
        st.session_state[_ERROR] = "Wrong password."
    else:
        st.session_state.pop(_ERROR, None)
        st.session_state[_USER] = asdict(User(name=name, email=None, method="password"))


def _account(user: User) -> None:
    with st.sidebar:
        st.caption(f"Signed in as {user.name}" + (f" ({user.email})" if user.email and user.email != user.name else ""))
        if st.button("Sign out", key="auth.signout"):
            st.session_state.pop(_USER, None)
            if user.method == "oidc":
                st.logout()
            st.rerun()


def _local_account() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container
        return "local user"
