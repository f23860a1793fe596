"""The SQLite store: migrations, versioned facts, owner scoping."""

from datetime import date

import pytest

from storage.sqlite import SqliteStore
from tests.conftest import at

NOW = at("2026-03-02T10:00:00+01:00")


async def test_migrations_apply_once(tmp_path):
    path = tmp_path / "m.sqlite3"
    s = await SqliteStore.open(path)
    names = [r[0] for r in await s._rows("SELECT name FROM _migrations")]
    await s.close()
    s = await SqliteStore.open(path)
    assert [r[0] for r in await s._rows("SELECT name FROM _migrations")] == names
    assert "m001_initial" in names
    await s.close()


async def test_facts_are_versioned(store):
    await store.create_owner("o", "+01:00", NOW)
    c = await store.add_contact("o", "Sam Lee", NOW, 1)
    assert await store.add_fact("o", c.id, "city", "Austin", NOW, 1) is None
    old = await store.add_fact("o", c.id, "city", "Denver", at("2026-04-01T10:00:00+01:00"), 2)
    assert old.value == "Austin"
    assert (await store.current_facts("o", c.id))["city"].value == "Denver"
    await store.undo("o", 2)
    assert (await store.current_facts("o", c.id))["city"].value == "Austin"


async def test_queries_are_scoped_to_owner(store):
    for owner in ("a", "b"):
        await store.create_owner(owner, "+00:00", NOW)
    c = await store.add_contact("a", "Sam", NOW, None)
    await store.add_note("a", c.id, "plays tennis", date(2026, 3, 2), "news", NOW, None)
    assert await store.full_text("b", '"tennis"') == []
    assert len(await store.full_text("a", '"tennis"')) == 1
    assert await store.notes("b", c.id) == []


async def test_duplicate_delivery_is_stored_once(store):
    first = await store.add_message("o", "user", "hi", NOW, platform="telegram", external_id="42")
    again = await store.add_message("o", "user", "hi", NOW, platform="telegram", external_id="42")
    assert first is not None and again is None


async def test_cached_contacts_follow_every_write(store):
    await store.create_owner("o", "+00:00", NOW)

    async def names():
        return [c.name for c in await store.contacts("o")]

    sam = await store.add_contact("o", "Sam", NOW, 5)
    assert await names() == ["Sam"]
    await store.rename_contact("o", sam.id, "Sam Lee")
    assert await names() == ["Sam Lee"]
    await store.add_contact("o", "Ana", NOW, 6)
    assert await names() == ["Ana", "Sam Lee"]
    await store.undo("o", 6)
    assert await names() == ["Sam Lee"]
    with pytest.raises(RuntimeError):
        async with store.transaction():  # a unit of work that fails is rolled back as a whole
            await store.add_contact("o", "Omar", NOW, 7)
            assert await names() == ["Omar", "Sam Lee"]
            raise RuntimeError("disk full")
    assert await names() == ["Sam Lee"]
    async with store.staged(keep=False):  # an import's dry run
        await store.add_contact("o", "Omar", NOW, 7)
        assert await names() == ["Omar", "Sam Lee"]
    assert await names() == ["Sam Lee"]
    await store.delete_contact("o", sam.id)
    assert await names() == []
    assert await store.contacts("other") == []
