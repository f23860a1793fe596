# ruff: noqa: F811  (pytest fixtures imported from the adapter's own test module)
"""Buttons on Discord end to end: the real discord.py client logged in to the fake REST API on
127.0.0.1 (tests/fake_discord.py), button presses handed to its own gateway parser as component
interactions. A reply's choices arrive as message components; a press is stored and handled like
a message, acknowledged (buttons taken off in a DM), and a late, double or foreign press changes
nothing it shouldn't."""

from __future__ import annotations

from tests.fake_discord import FakeDiscord, button_press, message_create
from tests.test_discord import adapter, deliver, fake  # noqa: F401  (the fixtures, shared)


def custom_id(fake: FakeDiscord, n: int, label: str) -> str:
    """The custom id of the button `label` under the n-th message sent (1-based)."""
    return dict(fake.buttons[n - 1])[label]


async def test_forget_by_button_pressed_twice_acts_once(adapter, fake, bot_no_vectors):
    deliver(adapter, "message_create", message_create(1, "Nadia Rahman lives in Dhaka"))
    await fake.wait_for("messages", 1)
    assert [label for label, _ in fake.buttons[0]] == ["Undo"]
    deliver(adapter, "message_create", message_create(2, "/forget nadia"))
    await fake.wait_for("messages", 2)
    assert [label for label, _ in fake.buttons[1]] == ["Yes", "No"]
    yes = custom_id(fake, 2, "Yes")
    deliver(adapter, "interaction_create", button_press(60, yes))
    await fake.wait_for("messages", 3)
    deliver(adapter, "interaction_create", button_press(61, yes))  # pressed again
    (*_, done, again) = await fake.wait_for("messages", 4)
    assert "forgotten Nadia Rahman" in done[1] and "Already done" in again[1]
    assert await bot_no_vectors.store.contacts("discord:555") == []
    acks = await fake.wait_for("responses", 2)
    assert [r["type"] for r in acks] == [7, 7] and all(r["components"] == [] for r in acks)  # buttons taken off


async def test_a_late_press_expires_and_another_users_press_changes_nothing(adapter, fake, bot_no_vectors):
    deliver(adapter, "message_create", message_create(1, "Nadia Rahman lives in Dhaka"))
    await fake.wait_for("messages", 1)
    undo = custom_id(fake, 1, "Undo")
    deliver(adapter, "interaction_create", button_press(70, undo, author=777, guild=42))
    await fake.wait_for("messages", 2)
    deliver(adapter, "message_create", message_create(2, "Omar Farouk plays oud"))
    await fake.wait_for("messages", 3)
    deliver(adapter, "interaction_create", button_press(71, undo))
    (_, stranger, _, late) = await fake.wait_for("messages", 4)
    assert stranger[0] == str(777 + 9000) and "isn't one of yours" in stranger[1]
    assert "expired" in late[1]
    assert sorted(c.name for c in await bot_no_vectors.store.contacts("discord:555")) == ["Nadia Rahman", "Omar Farouk"]
    acks = await fake.wait_for("responses", 2)
    assert [r["type"] for r in acks] == [6, 7]  # in a server: a deferral, the owner's buttons stay


async def test_which_one_by_button(adapter, fake, bot_no_vectors):
    deliver(adapter, "message_create", message_create(1, "Lina Haddad lives in Beirut"))
    deliver(adapter, "message_create", message_create(2, "Lina Costa lives in Porto"))
    await fake.wait_for("messages", 2)
    deliver(adapter, "message_create", message_create(3, "lina is expecting a baby"))
    (*_, asked) = await fake.wait_for("messages", 3)
    assert "Which lina" in asked[1]
    other = "Lina Haddad" if "Lina Costa" in asked[1].split("\n")[0] else "Lina Costa"
    deliver(adapter, "interaction_create", button_press(80, custom_id(fake, 3, other)))
    (*_, answer) = await fake.wait_for("messages", 4)
    assert other in answer[1]
