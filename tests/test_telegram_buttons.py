# ruff: noqa: F811  (pytest fixtures imported from the adapter's own test module)
"""Buttons on Telegram end to end: the real python-telegram-bot client against the fake Bot API
on 127.0.0.1 (tests/fake_telegram.py). A reply's choices arrive as an inline keyboard; a tap is a
callback_query update, stored and handled like a message; the query is answered, the keyboard
taken off, and a late, double or foreign tap changes nothing it shouldn't."""

from __future__ import annotations

from tests.conftest import Harness
from tests.fake_telegram import FakeTelegram, callback_update, text_update
from tests.test_telegram import fake, running  # noqa: F401  (the fixture and the adapter runner, shared)


def data_of(fake: FakeTelegram, n: int, label: str) -> str:
    """The callback data of the button `label` under the n-th message sent (1-based)."""
    return dict(fake.keyboards[n - 1])[label]


async def test_forget_with_buttons_a_double_tap_acts_once(bot_no_vectors: Harness, fake):
    async with running(bot_no_vectors, fake):
        fake.push(text_update(1, "Nadia Rahman lives in Dhaka"))
        await fake.wait_for_messages(1)
        assert [label for label, _ in fake.keyboards[0]] == ["Undo"]
        fake.push(text_update(2, "/forget nadia"))
        await fake.wait_for_messages(2)
        assert [label for label, _ in fake.keyboards[1]] == ["Yes", "No"]
        yes = data_of(fake, 2, "Yes")
        fake.push(callback_update(3, yes, message_id=2, query_id="tap-1"))
        fake.push(callback_update(4, yes, message_id=2, query_id="tap-2"))  # tapped twice
        (*_, done, again) = await fake.wait_for_messages(4)
    assert "forgotten Nadia Rahman" in done[1] and "Already done" in again[1]
    assert await bot_no_vectors.store.contacts("telegram:555") == []
    assert {c["callback_query_id"] for c in fake.calls("answerCallbackQuery")} == {"tap-1", "tap-2"}
    assert {int(c["message_id"]) for c in fake.calls("editMessageReplyMarkup")} == {2}
    rows = await bot_no_vectors.store._rows("SELECT text FROM messages WHERE role = 'user' AND text LIKE '/choose %'")
    assert len(rows) == 2  # each tap is in the message log, like a message


async def test_undo_tapped_late_has_expired_and_a_tap_from_someone_else_changes_nothing(bot_no_vectors, fake):
    async with running(bot_no_vectors, fake):
        fake.push(text_update(1, "Nadia Rahman lives in Dhaka"))
        await fake.wait_for_messages(1)
        undo = data_of(fake, 1, "Undo")
        fake.push(callback_update(2, undo, user_id=777, message_id=1, chat_id=555))  # another user taps it
        fake.push(text_update(3, "Omar Farouk plays oud"))
        await fake.wait_for_messages(3)
        fake.push(callback_update(4, undo, message_id=1))  # the owner's, after more was said
        (*_, late) = await fake.wait_for_messages(4)
    stranger = next(text for chat, text in fake.messages if chat == "777")
    assert "isn't one of yours" in stranger
    assert "expired" in late[1] and late[0] == "555"
    assert sorted(c.name for c in await bot_no_vectors.store.contacts("telegram:555")) == ["Nadia Rahman", "Omar Farouk"]
    assert await bot_no_vectors.store.contacts("telegram:777") == []
    # the stranger's tap took no keyboard off the owner's message
    assert {int(c["message_id"]) for c in fake.calls("editMessageReplyMarkup")} == {1}
    assert [c["chat_id"] for c in fake.calls("editMessageReplyMarkup")] == ["555"]


async def test_a_tap_stored_before_a_restart_is_handled_after_it(bot_no_vectors: Harness, fake):
    async with running(bot_no_vectors, fake):
        fake.push(text_update(1, "Nadia Rahman lives in Dhaka"))
        await fake.wait_for_messages(1)
    undo = data_of(fake, 1, "Undo")
    fake.push(callback_update(2, undo, message_id=1))
    fake.push(callback_update(2, undo, message_id=1))  # redelivered: one tap
    async with running(bot_no_vectors, fake):
        (_, undone) = await fake.wait_for_messages(2)
    assert "Undone" in undone[1] and len(fake.messages) == 2
    assert await bot_no_vectors.store.contacts("telegram:555") == []
