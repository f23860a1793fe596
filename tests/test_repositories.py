"""The storage contract: the SQLite store has every method core's Protocols ask for
(core/repositories.py), asynchronous where they are, taking at least their parameters."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from core import repositories
from storage.sqlite import SqliteStore

PROTOCOLS = [repositories.UnitOfWork, repositories.OwnerRepo, repositories.PeopleRepo, repositories.NotesRepo,
             repositories.MessageLog, repositories.NudgeRepo, repositories.FollowUpRepo, repositories.IdentityRepo,
             repositories.CalendarRepo, repositories.TransferRepo, repositories.CardSyncRepo, repositories.RecallRepo,
             repositories.ItemsRepo, repositories.ChoiceRepo, repositories.MergeRepo, repositories.WorkerRepo]


def _methods(protocol) -> list[str]:
    return [n for n, v in vars(protocol).items() if inspect.isfunction(v) and not n.startswith("_")]


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.__name__)
def test_sqlite_store_keeps_the_contract(protocol):
    for name in _methods(protocol):
        wanted, have = getattr(protocol, name), getattr(SqliteStore, name, None)
        assert have is not None, f"SqliteStore has no {name}"
        assert inspect.iscoroutinefunction(wanted) == inspect.iscoroutinefunction(inspect.unwrap(have)), name
        params = inspect.signature(inspect.unwrap(have)).parameters
        for p in inspect.signature(wanted).parameters.values():
            assert p.name in params or any(q.kind is q.VAR_KEYWORD for q in params.values()), f"{name}({p.name})"
            if p.name in params:
                assert params[p.name].kind == p.kind, f"{name}({p.name}) kind"


def test_core_calls_only_what_the_contract_declares():
    declared = {n for p in PROTOCOLS for n in _methods(p)} | set(_methods(repositories.Store))
    core = Path(repositories.__file__).parent
    called = {m for f in core.rglob("*.py") for m in re.findall(r"\bstore\.([a-z_]+)\(", f.read_text())}
    assert called and called <= declared, sorted(called - declared)
    assert not re.search(r"\bstore\.db\b|\.commit\(|\.rollback\(",
                         "".join(f.read_text() for f in core.rglob("*.py")))  # nothing in core commits
