"""A PostgreSQL server for the store tests (no tests here): $TONE_TEST_POSTGRES_URL if set, else a throwaway
cluster started from Debian's binaries in a temporary folder on a free port; each test gets a fresh database."""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

ENV = "TONE_TEST_POSTGRES_URL"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(argv: list[str]) -> list[str]:
    """initdb refuses root: run the server's commands as the `postgres` user when we are root."""
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *argv]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in argv)]


class ThrowawayCluster:
    def __init__(self) -> None:
        initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not initdbs:
            raise RuntimeError(f"no PostgreSQL server binaries (/usr/lib/postgresql/*/bin) and ${ENV} is not set")
        self.bin = Path(initdbs[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="tone-pg-"))
        self.data = self.root / "data"
        self.password = secrets.token_hex(8)
        self.port = _free_port()
        (self.root / "pw").write_text(self.password)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.root / "pw", "postgres")
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "tone", "--pwfile", str(self.root / "pw"),
                   "-E", "UTF8", "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256"])
        opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w",
                   "-t", "60", "start"])
        self.url = f"postgresql://tone:{self.password}@127.0.0.1:{self.port}/postgres"

    def _run(self, argv: list[str]) -> None:
        proc = subprocess.run(_as_owner(argv), capture_output=True, text=True, timeout=120)
        if proc.returncode:
            log = self.root / "log"
            tail = log.read_text()[-800:] if log.exists() else ""
            raise RuntimeError(f"{Path(argv[0]).name} failed: {(proc.stderr or proc.stdout)[-800:]} {tail}")

    def stop(self) -> None:
        subprocess.run(_as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


class Server:
    """Hands out fresh databases on one server (the admin URL's role needs CREATEDB)."""

    def __init__(self, admin_url: str):
        import psycopg

        self.admin_url = admin_url
        self._psycopg = psycopg
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as con:
            con.execute("SELECT 1")

    def url_for(self, dbname: str) -> str:
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        base, _, query = self.admin_url.partition("?")
        head, _, _ = base.rpartition("/")
        if "://" in base and head.count("/") >= 2:
            return f"{head}/{dbname}" + (f"?{query}" if query else "")
        return make_conninfo(**{**conninfo_to_dict(self.admin_url), "dbname": dbname})  # key=value form

    def new_database(self) -> str:
        name = f"tone_test_{uuid.uuid4().hex[:12]}"
        with self._psycopg.connect(self.admin_url, autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._psycopg.connect(self.admin_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server():
    """A Server, or a skip saying why none could be had."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[store]')")
    cluster = None
    try:
        url = os.environ.get(ENV)
        if not url:
            cluster = ThrowawayCluster()
            url = cluster.url
        server = Server(url)
    except Exception as exc:  # noqa: BLE001 - any way of not getting a server is a skip, with its reason
        if cluster is not None:
            cluster.stop()
        where = f"${ENV}" if os.environ.get(ENV) else "a throwaway cluster"
        pytest.skip(f"no PostgreSQL server for the store tests ({where}): {str(exc).splitlines()[0][:300]}")
    yield server
    if cluster is not None:
        cluster.stop()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty database, dropped after the test."""
    name = pg_server.new_database()
    yield pg_server.url_for(name)
    pg_server.drop_database(name)
