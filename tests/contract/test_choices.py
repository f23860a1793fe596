"""Buttons under replies (ChoiceRepo): only their owner finds them, and a set acts once, also when
presses race on two workers. A press and what it does are one unit of work, as core/choices.py
runs them: a press whose action fails leaves the set pressable."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from tests.contract.common import NOW, A, B, days, owners

ROWS = [("tok-same", "Same person", "merge_same", {"keep": 1, "gone": 2}),
        ("tok-diff", "Different people", "merge_different", {})]


async def test_a_choice_is_found_by_its_owner_only_with_what_was_offered(store):
    await store.add_choices(A, 7, "set-1", ROWS, NOW, NOW + days(1))
    row = await store.choice(A, "tok-same")
    assert (row["token"], row["label"], row["action"], row["args"]) == ("tok-same", "Same person", "merge_same",
                                                                         {"keep": 1, "gone": 2})
    assert datetime.fromisoformat(row["expires_at"]) == NOW + days(1)  # read back as core reads it
    assert not row["pressed_at"] and row["pressed_label"] is None
    assert await store.choice(B, "tok-same") is None and await store.choice(A, "no-such") is None
    assert not await store.press_choice(B, "tok-same", NOW)  # someone else's token does nothing
    assert not (await store.choice(A, "tok-same"))["pressed_at"]


async def test_pressing_one_button_closes_its_set_and_says_which_was_pressed(store):
    await store.add_choices(A, 7, "set-1", ROWS, NOW, NOW + days(1))
    await store.add_choices(A, 8, "set-2", [("tok-undo", "Undo", "undo", {"source": 8})], NOW, NOW + days(1))
    assert await store.press_choice(A, "tok-diff", NOW)
    assert not await store.press_choice(A, "tok-same", NOW)  # the set was pressed already
    for token in ("tok-same", "tok-diff"):
        row = await store.choice(A, token)
        assert row["pressed_at"] and row["pressed_label"] == "Different people"
    assert await store.press_choice(A, "tok-undo", NOW)  # another set: its own


async def _press(store, token: str, name: str) -> bool:
    async with store.transaction():
        if not await store.press_choice(A, token, NOW):
            return False
        await store.add_contact(A, name, NOW, None)  # what the button does
        return True


async def test_presses_racing_on_two_workers_act_once(backend, store):
    await owners(store)
    other = await backend.open()
    for n in range(10):
        await store.add_choices(A, n, f"set-{n}", [(f"yes-{n}", "Yes", "forget", {}), (f"no-{n}", "No", "keep", {})],
                                NOW, NOW + days(1))
    won = await asyncio.gather(*(_press(s, f"{choice}-{n}", f"Person {n}") for n in range(10)
                                 for s, choice in ((store, "yes"), (other, "no"), (other, "yes"))))
    assert sum(won) == 10
    assert sorted(c.name for c in await other.contacts(A)) == sorted(f"Person {n}" for n in range(10))


async def test_a_press_whose_action_fails_is_undone_with_it(store):
    await owners(store)
    await store.add_choices(A, 1, "set-1", ROWS, NOW, NOW + days(1))
    with pytest.raises(RuntimeError):
        async with store.transaction():
            assert await store.press_choice(A, "tok-same", NOW)
            await store.add_contact(A, "Half done", NOW, None)
            raise RuntimeError("the action failed")
    assert not (await store.choice(A, "tok-same"))["pressed_at"]
    assert await store.contacts(A) == []
    assert await _press(store, "tok-same", "Done")
    assert [c.name for c in await store.contacts(A)] == ["Done"]
