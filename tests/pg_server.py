"""A real PostgreSQL server for the tests, started by the tests themselves.

The server's binaries come from the `pgserver` wheel (PostgreSQL's own binaries inside a pip
package, in the dev extras), so a fresh machine gets them from `make test` with nothing else
installed; without it, Debian's postgresql (/usr/lib/postgresql/<version>/bin) is used if present.
The server is started once per test process, lazily, by the first test that asks for a database:
`initdb` in a temporary directory, listening on a unix socket in that directory only (no TCP port
to collide with anything), durability switched off (fsync, full-page writes, synchronous commit:
a test database is thrown away). PostgreSQL refuses to run as root; as root the server runs as a
system user (`pgserver`, created with useradd on first use as the pgserver package does, or
Debian's `postgres`), which is how CI, running as root, gets one. It is stopped (immediately: there
is nothing to keep) and its directory removed at the end of the session or when the process exits.
pgserver's own server manager is not used: it serialises every start and stop on the machine
behind one lock file and initdb's fsyncs, which on a busy machine took minutes.

Each caller gets a database of its own: `new_database()` creates an empty one (or a copy of a
template) and returns its URL (`postgresql://postgres@/<name>?host=<socket dir>`), which psycopg,
asyncpg and libpq all read. Administrative statements go through the server's own `psql`, so this
module needs no driver.

If the server cannot be started the PostgreSQL tests fail with a plain message saying why, since
CI must run them; with MEMORO_SKIP_POSTGRES=1 they are skipped with that reason instead.
`postgres_url_or_skip()` does that for any test or fixture (tests/contract/conftest.py wraps it
in the `postgres_url` fixture):

    url = postgres_url_or_skip()          # a fresh, empty database on the session's server
"""

from __future__ import annotations

import atexit
import glob
import itertools
import logging
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import warnings
from pathlib import Path

import pytest

logger = logging.getLogger(__name__)

SKIP_ENV = "MEMORO_SKIP_POSTGRES"
# settings for a throw-away server: nothing here needs to survive a power cut
_FAST = ("-F", "-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "max_connections=300")


class PostgresUnavailable(RuntimeError):
    """The test PostgreSQL server could not be started (the message says why)."""


def _binaries() -> tuple[Path, str | None]:
    """(the bin directory, the system user to run as when we are root)."""
    root = os.geteuid() == 0
    try:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            from pgserver import _commands, utils
    except ImportError:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise PostgresUnavailable("the pgserver package is not installed (`pip install -e '.[dev]'`, or "
                                      "`make test`, installs it) and there is no Debian postgresql") from None
        if root:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise PostgresUnavailable("running as root, and Debian's postgresql has no `postgres` user") from None
        return Path(found[-1]).parent, "postgres" if root else None
    bin_dir = Path(_commands.POSTGRES_BIN_PATH)
    if root:
        utils.ensure_user_exists("pgserver")
        utils.ensure_prefix_permissions(bin_dir)  # the user must reach the binaries
    return bin_dir, "pgserver" if root else None


class TestServer:
    """One PostgreSQL server in a temporary directory, and the databases made on it."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._bin: Path | None = None
        self._user: str | None = None
        self._running = False
        self._names = itertools.count(1)
        self._lock = threading.Lock()

    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        try:
            return subprocess.run([str(self._bin / tool), *args], capture_output=True, text=True, timeout=timeout,
                                  user=self._user, cwd=self._dir, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as err:
            raise PostgresUnavailable(f"{tool} could not run: {type(err).__name__}: {err}") from err

    def start(self) -> None:
        self._bin, self._user = _binaries()
        self._dir = Path(tempfile.mkdtemp(prefix="memoro-pg-"))
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(self._dir, entry.pw_uid, entry.pw_gid)
        data = self._dir / "data"
        for locale in ("C.UTF-8", None):  # a UTF-8 character type, as servers in use have, where there is one
            made = self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync",
                             *([f"--locale={locale}"] if locale else []))
            if not made.returncode:
                break
            shutil.rmtree(data, ignore_errors=True)
        if made.returncode:
            self._clean()
            raise PostgresUnavailable(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        options = " ".join(["-h ''", f"-k {self._dir}", *_FAST])
        up = self._run("pg_ctl", "-D", str(data), "-l", str(self._dir / "log"), "-o", options, "-w", "-t", "120",
                       "start", timeout=150)
        if up.returncode:
            log = self._dir / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no server log)"
            self._clean()
            raise PostgresUnavailable(f"the PostgreSQL server did not start: {up.stderr.strip()}\nserver log:\n{tail}")
        self._running = True
        logger.info("test PostgreSQL server up in %s", self._dir)

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self._dir}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement with the server's psql; returns its unaligned output."""
        proc = self._run("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", str(self._dir),
                         "-U", "postgres", "-d", database, "-c", statement, timeout=60)
        if proc.returncode:
            raise PostgresUnavailable(f"psql failed on {statement!r}: {proc.stderr.strip()}")
        return proc.stdout

    def new_database(self, prefix: str = "memoro_test", template: str | None = None) -> str:
        """Create an empty database (or a copy of `template`) and return its URL."""
        with self._lock:
            name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.sql(f"CREATE DATABASE {name}{copy}")
        return self.database_url(name)

    def stop(self) -> None:
        if self._running:
            self._running = False
            self._run("pg_ctl", "-D", str(self._dir / "data"), "-m", "immediate", "-w", "stop", timeout=60)
        self._clean()

    def _clean(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


_server: TestServer | None = None
_failure: str | None = None
_start_lock = threading.Lock()


def server() -> TestServer:
    """The process's test server, started on first use; raises PostgresUnavailable (every time
    after a failed start, without trying again)."""
    global _server, _failure
    with _start_lock:
        if _failure is not None:
            raise PostgresUnavailable(_failure)
        if _server is None:
            candidate = TestServer()
            try:
                candidate.start()
            except PostgresUnavailable as err:
                _failure = str(err)
                raise
            _server = candidate
            atexit.register(stop)
    return _server


def new_database(prefix: str = "memoro_test", template: str | None = None) -> str:
    """A fresh database on the test server, empty or a copy of `template` (a database nobody is
    connected to); its URL. Raises PostgresUnavailable."""
    return server().new_database(prefix, template)


def has_extension(name: str) -> bool:
    """Whether the test server can `CREATE EXTENSION name` (pgserver's wheel ships few)."""
    found = server().sql(f"SELECT count(*) FROM pg_available_extensions WHERE name = '{name}'")
    return found.strip() == "1"


def drop_database(url: str) -> None:
    """Drop a test database (closing whatever is still connected to it)."""
    if _server is not None:
        _server.sql(f"DROP DATABASE IF EXISTS {database_name(url)} WITH (FORCE)")


def database_name(url: str) -> str:
    return url.split("/")[3].split("?")[0]


def postgres_url_or_skip(prefix: str = "memoro_test", template: str | None = None) -> str:
    """A fresh database's URL for a test; if no server can be started the test fails saying why,
    or, with MEMORO_SKIP_POSTGRES=1, is skipped saying why."""
    try:
        return new_database(prefix, template)
    except PostgresUnavailable as err:
        reason = f"no PostgreSQL server for the tests: {err}"
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"{reason} ({SKIP_ENV}=1)")
        pytest.fail(f"{reason}\n(set {SKIP_ENV}=1 to skip the PostgreSQL tests instead)", pytrace=False)


def stop() -> None:
    """Stop the test server if one was started (also done at process exit)."""
    global _server
    if _server is not None:
        _server.stop()
        _server = None
