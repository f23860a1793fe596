"""The Discord adapter: the real discord.py `Client` logged in over REST to a fake Discord API on
127.0.0.1 (tests/fake_discord.py), gateway events handed to the client's own parser, a real
engine on real SQLite. Not tested: the gateway websocket itself (connect, heartbeats, resume)."""

from __future__ import annotations

import discord
import pytest

from bot.discord_bot import DMS_CLOSED, IN_PRIVATE, LIMIT, DiscordAdapter, pieces, to_incoming
from core.errors import ConfigError, DeliveryError
from core.messages import OutgoingMessage
from tests.conftest import Harness
from tests.fake_discord import BOT_ID, TOKEN, FakeDiscord, message_create, slash_command


@pytest.fixture
async def fake(monkeypatch):
    server = await FakeDiscord().start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.base)
    yield server
    await server.close()


@pytest.fixture
async def adapter(bot_no_vectors: Harness, fake):
    a = DiscordAdapter(bot_no_vectors.engine, token=TOKEN)
    await a.login()
    yield a
    await a.client.close()


def deliver(adapter: DiscordAdapter, event: str, payload: dict) -> None:
    """What the gateway does with a frame: the client's parser for that event."""
    getattr(adapter.client._connection, f"parse_{event}")(payload)


async def test_login_syncs_slash_commands(adapter, fake):
    assert sorted(c["name"] for c in fake.commands) == ["birthdays", "gifts", "groups", "help", "link", "owe", "people", "person",
                                                        "reminders", "unlink"]
    person = next(c for c in fake.commands if c["name"] == "person")
    assert person["options"][0]["name"] == "name" and person["options"][0]["required"]
    assert adapter.client.intents.message_content


async def test_a_dm_is_answered_in_the_dm_and_stored_for_the_discord_owner(adapter, fake, bot_no_vectors):
    deliver(adapter, "message_create", message_create(1, "Sam Lee lives in Lisbon."))
    deliver(adapter, "message_create", message_create(2, "/person Jo_ann <3 @everyone"))
    (saved, unknown) = await fake.wait_for("messages", 2)
    assert saved[0] == "9555" and "Sam Lee" in saved[1] and "Lisbon" in saved[1]
    assert unknown[1] == r"I don't have anyone called Jo\_ann <3 @everyone in your contacts yet."
    assert [c.name for c in await bot_no_vectors.store.contacts("discord:555")] == ["Sam Lee"]


async def test_the_same_message_twice_is_answered_once(adapter, fake):
    deliver(adapter, "message_create", message_create(5, "Ana Lopez lives in Lima."))
    deliver(adapter, "message_create", message_create(5, "Ana Lopez lives in Lima."))
    deliver(adapter, "message_create", message_create(6, "/people"))
    await fake.wait_for("messages", 2)
    assert len(fake.messages) == 2 and "Ana Lopez" in fake.messages[1][1]


async def test_stop_lets_a_message_in_progress_finish_its_reply(bot_no_vectors: Harness, fake):
    a = DiscordAdapter(bot_no_vectors.engine, token=TOKEN)
    await a.login()
    deliver(a, "message_create", message_create(1, "Sam Lee lives in Lisbon."))
    await a.stop()
    assert len(fake.messages) == 1 and "Sam Lee" in fake.messages[0][1]


async def test_in_a_server_only_mentions_are_answered_and_in_a_dm(adapter, fake, bot_no_vectors):
    deliver(adapter, "message_create", message_create(1, "Ana Lopez lives in Lima.", channel=777, guild=42))
    deliver(adapter, "message_create", message_create(2, f"<@{BOT_ID}> who lives in Lima?", channel=777, guild=42,
                                                      mentions=(BOT_ID,)))
    (answer, notice) = await fake.wait_for("messages", 2)
    assert answer[0] == str(555 + 9000) and "any notes yet" in answer[1]  # the unaddressed one was not read
    assert notice == ("777", IN_PRIVATE)
    assert await bot_no_vectors.store.contacts("discord:555") == []


async def test_closed_dms_mark_the_owner_and_fail_nudges_permanently(adapter, fake, bot_no_vectors):
    fake.closed_dms.add("555")
    deliver(adapter, "message_create", message_create(1, f"<@{BOT_ID}> /people", channel=777, guild=42,
                                                      mentions=(BOT_ID,)))
    (notice,) = await fake.wait_for("messages", 1)
    assert notice == ("777", DMS_CLOSED)
    assert (await bot_no_vectors.store.owner("discord:555")).blocked_at is not None
    with pytest.raises(DeliveryError) as err:
        await adapter.send(OutgoingMessage(owner="discord:555", text="🎂", platform="discord", chat_id="555"))
    assert err.value.permanent
    await adapter.send(OutgoingMessage(owner="discord:556", text="🎂 Ana", platform="discord", chat_id="556"))
    assert fake.messages[-1] == ("9556", "🎂 Ana")


async def test_slash_commands_answer_ephemerally_through_the_engine(adapter, fake):
    deliver(adapter, "message_create", message_create(1, "Ana Lopez's birthday is May 5."))
    await fake.wait_for("messages", 1)
    deliver(adapter, "interaction_create", slash_command(50, "person", {"name": "ana"}))
    deliver(adapter, "interaction_create", slash_command(51, "people"))
    responses = await fake.wait_for("responses", 4)  # a deferral each, then the answer as a follow-up
    assert all(r["flags"] & 64 for r in responses)  # ephemeral
    answers = [r["content"] for r in responses if "content" in r]
    assert len(answers) == 2 and any("May 5" in a for a in answers) and any("Your people (1)" in a for a in answers)


async def test_a_long_reply_is_split_under_2000_characters(adapter, fake, bot_no_vectors):
    b = bot_no_vectors
    for i in range(120):
        await b.store.add_contact("discord:555", f"Person_{i:03d} Longsurname", b.clock.now(), None)
    deliver(adapter, "message_create", message_create(1, "/people"))
    await fake.wait_for("messages", 2)
    texts = [t for _, t in fake.messages]
    assert all(len(t) <= LIMIT for t in texts) and len(texts) >= 2
    assert "\n".join(texts).count(r"Person\_") == 120


def test_translation_ignores_bots_and_strips_the_mention():
    state = discord.state.ConnectionState(dispatch=lambda *a: None, handlers={}, hooks={}, http=None)
    me = discord.Object(BOT_ID)

    def message(payload):
        channel, _ = state._get_guild_channel(payload)
        return discord.Message(state=state, channel=channel, data=payload)

    payload = message_create(3, f"hey <@{BOT_ID}> when is Ana's birthday?", channel=777, guild=42,
                             mentions=(BOT_ID,))
    msg = to_incoming(message(payload), me)
    assert (msg.owner, msg.chat_id, msg.message_id, msg.text) == ("discord:555", "555", "3",
                                                                   "hey  when is Ana's birthday?")
    assert msg.at.tzinfo is not None
    assert to_incoming(message(message_create(4, "hi", channel=777, guild=42)), me) is None
    bot_payload = message_create(5, "hi")
    bot_payload["author"]["bot"] = True
    assert to_incoming(message(bot_payload), me) is None
    assert pieces("a*b*") == [r"a\*b\*"]


async def test_a_rejected_token_stops_start_up_without_showing_it(bot_no_vectors: Harness, fake):
    fake.token = "another-token"
    adapter = DiscordAdapter(bot_no_vectors.engine, token=TOKEN)
    with pytest.raises(ConfigError) as err:
        await adapter.login()
    await adapter.client.close()
    assert "DISCORD_BOT_TOKEN" in str(err.value) and TOKEN not in str(err.value)
    assert err.value.__suppress_context__


async def test_a_file_sent_in_a_dm_is_imported_and_export_sends_one_back(adapter, fake, bot_no_vectors):
    vcard = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Laurent\r\nBDAY:--0229\r\nEND:VCARD\r\n").encode()
    sent = message_create(1, "")
    sent["attachments"] = [fake.attachment("friends.vcf", vcard)]
    huge = message_create(2, "")
    huge["attachments"] = [fake.attachment("all.vcf", b"x", size=50_000_000)]
    deliver(adapter, "message_create", sent)
    (imported,) = await fake.wait_for("messages", 1)
    deliver(adapter, "message_create", huge)
    deliver(adapter, "message_create", message_create(3, "/export vcf"))
    (_, too_big, exported) = await fake.wait_for("messages", 3)
    (channel, name, data) = (await fake.wait_for("files", 1))[0]
    assert "Zoë Laurent" in imported[1] and "too big" in too_big[1] and "(1 person)" in exported[1]
    assert channel == "9555" and name.endswith(".vcf") and "Zoë Laurent".encode() in data
    assert [c.name for c in await bot_no_vectors.store.contacts("discord:555")] == ["Zoë Laurent"]


async def test_a_message_stored_before_a_crash_is_handled_at_the_next_start(bot_no_vectors: Harness, fake):
    from core.messages import IncomingMessage

    b = bot_no_vectors
    stored = IncomingMessage(owner="discord:42", text="Ana Lopez lives in Lima.", at=b.clock.now(), platform="discord",
                             chat_id="42", message_id="77")
    receipt = await b.engine.receive(stored)  # stored, then the process died before handling it
    assert receipt.pending
    a = DiscordAdapter(b.engine, token=TOKEN)
    await a.login()
    try:
        assert await a.sweep() == 1
        assert await a.sweep() == 0  # once
    finally:
        await a.client.close()
    (reply,) = await fake.wait_for("messages", 1)
    assert "Ana Lopez" in reply[1]
    assert [c.name for c in await b.store.contacts("discord:42")] == ["Ana Lopez"]
