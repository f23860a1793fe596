"""The PostgreSQL server the tests start themselves (tests/pg_server.py): it runs, each caller gets
a database of its own, and a server that cannot start is reported plainly."""

from __future__ import annotations

import pytest

from tests import pg_server


def test_each_caller_gets_a_fresh_database_of_its_own(postgres_url):
    other = pg_server.postgres_url_or_skip()
    assert postgres_url != other and postgres_url.startswith("postgresql://")
    server = pg_server.server()
    server.sql("CREATE TABLE t (x int); INSERT INTO t VALUES (1)", database=pg_server.database_name(postgres_url))
    assert server.sql("SELECT count(*) FROM t", database=pg_server.database_name(postgres_url)).strip() == "1"
    with pytest.raises(pg_server.PostgresUnavailable, match="does not exist"):
        server.sql("SELECT count(*) FROM t", database=pg_server.database_name(other))
    assert server.sql("SHOW fsync", database=pg_server.database_name(other)).strip() == "off"  # a throw-away server


def test_a_server_that_cannot_start_fails_the_test_saying_why_or_skips_when_asked(monkeypatch):
    monkeypatch.setattr(pg_server, "_failure", "initdb: could not create directory")
    monkeypatch.delenv(pg_server.SKIP_ENV, raising=False)
    with pytest.raises(pytest.fail.Exception, match="no PostgreSQL server for the tests: initdb: could not"):
        pg_server.postgres_url_or_skip()
    monkeypatch.setenv(pg_server.SKIP_ENV, "1")
    with pytest.raises(pytest.skip.Exception, match="MEMORO_SKIP_POSTGRES=1"):
        pg_server.postgres_url_or_skip()
