"""Who may open the explorer: whether sign-in is required, and which sign-in is configured (no Streamlit here).

Rule: served on a loopback address (127.0.0.0/8, ::1, localhost) the explorer is open; on any other address —
including Streamlit's default of every interface, a host name or a Unix socket — sign-in is required, and with no
usable sign-in configured the explorer refuses to show data (fail closed). Both the app and `tone-analyzer app` ask
this module, so the rule has one owner.
"""
from __future__ import annotations

import hashlib
import hmac
import importlib.util
import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

PASSWORD_ENV = "TONE_APP_PASSWORD_SHA256"
# Behind a reverse proxy the server itself listens on localhost; this env var asks for sign-in anyway.
REQUIRE_ENV = "TONE_APP_REQUIRE_SIGNIN"
OIDC_SHARED = ("redirect_uri", "cookie_secret")
OIDC_PROVIDER = ("client_id", "client_secret", "server_metadata_url")
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")

HOW_TO = ("configure sign-in: set [auth] password_sha256 = \"<sha256 hex of the password>\" in "
          ".streamlit/secrets.toml (or env TONE_APP_PASSWORD_SHA256), or [auth] OIDC settings (redirect_uri, "
          "cookie_secret, client_id, client_secret, server_metadata_url; needs `pip install 'streamlit[auth]'`), "
          "or serve on localhost only (tone-analyzer app --host 127.0.0.1 / streamlit --server.address 127.0.0.1)")


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and "localhost"; False for "" / None (Streamlit then binds every interface)."""
    host = (address or "").strip().strip("[]").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name, a unix:// socket, or nothing: may be reachable from elsewhere
        return False


def signin_required(address: str | None, env: Mapping[str, str]) -> bool:
    forced = env.get(REQUIRE_ENV, "").strip().lower() in ("1", "true", "yes", "on")
    return forced or not is_loopback(address)


def password_hash(password: str) -> str:
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuthConfig:
    """The sign-in methods found in the `[auth]` secrets section and the environment (never the secrets themselves
    in repr)."""

    password_sha256: str | None = field(default=None, repr=False)
    password_malformed: bool = False
    # OIDC providers to offer: None = the default provider (settings directly under [auth]), else [auth.NAME] names.
    providers: tuple[str | None, ...] = ()
    oidc_missing: tuple[str, ...] = ()
    allowed_emails: frozenset[str] = frozenset()
    allowed_domains: frozenset[str] = frozenset()
    authlib: bool = True

    @classmethod
    def from_sources(cls, auth: Mapping[str, Any] | None, env: Mapping[str, str]) -> "AuthConfig":
        auth = dict(auth or {})
        raw = str(auth.get("password_sha256") or env.get(PASSWORD_ENV) or "").strip().lower()
        providers: list[str | None] = []
        if any(k in auth for k in OIDC_PROVIDER):
            providers.append(None)
        providers += [name for name, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
        missing: list[str] = []
        if providers:
            missing = [k for k in OIDC_SHARED if not auth.get(k)]
            if None in providers:
                missing += [k for k in OIDC_PROVIDER if not auth.get(k)]
            for name in filter(None, providers):
                missing += [f"{name}.{k}" for k in OIDC_PROVIDER if not auth[name].get(k)]
        return cls(password_sha256=raw if _SHA256_HEX.fullmatch(raw) else None,
                   password_malformed=bool(raw) and not _SHA256_HEX.fullmatch(raw),
                   providers=tuple(providers), oidc_missing=tuple(missing),
                   allowed_emails=frozenset(e.strip().lower() for e in _strings(auth.get("allowed_emails"))),
                   allowed_domains=frozenset(d.strip().lower().lstrip("@")
                                             for d in _strings(auth.get("allowed_domains"))),
                   authlib=authlib_installed())

    @property
    def password(self) -> bool:
        return self.password_sha256 is not None

    @property
    def oidc(self) -> bool:
        """OIDC is offered only when every setting Streamlit needs is there and Authlib is installed."""
        return bool(self.providers) and not self.oidc_missing and self.authlib

    @property
    def configured(self) -> bool:
        return self.password or self.oidc

    def problem(self) -> str | None:
        """Why no sign-in can be offered (one line, naming the setting), or None when one can."""
        if self.configured:
            return None
        if self.password_malformed:
            return "[auth] password_sha256 / TONE_APP_PASSWORD_SHA256 must be the 64 hex digits of the password's SHA-256"
        return self.oidc_problem() or f"no sign-in is configured; {HOW_TO}"

    def oidc_problem(self) -> str | None:
        """Why OIDC settings that are present cannot be used (then only the password is offered, if any)."""
        if self.providers and self.oidc_missing:
            return f"[auth] OIDC settings are incomplete, missing: {', '.join(self.oidc_missing)}"
        if self.providers and not self.authlib:
            return "OIDC sign-in needs Authlib: pip install 'streamlit[auth]'"
        return None

    def check_password(self, password: str) -> bool:
        if self.password_sha256 is None:
            return False
        return hmac.compare_digest(password_hash(password), self.password_sha256)

    def email_allowed(self, email: str | None) -> bool:
        """With no allow-list every account the provider signs in is admitted (the provider decides who that is)."""
        if not self.allowed_emails and not self.allowed_domains:
            return True
        email = (email or "").strip().lower()
        return bool(email) and (email in self.allowed_emails or email.rpartition("@")[2] in self.allowed_domains)


def authlib_installed() -> bool:
    """Streamlit's st.login() needs Authlib (the extra streamlit[auth])."""
    return importlib.util.find_spec("authlib") is not None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value or [] if str(v).strip()]
