"""The Telegram adapter end to end: the real python-telegram-bot `Application` (polling and
webhook), talking HTTP to a fake Bot API on 127.0.0.1 (tests/fake_telegram.py), a real engine on
real SQLite. Each reply is asserted where Telegram would receive it: at the fake's sendMessage."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import socket

import httpx
import pytest

from bot.logs import protect
from bot.telegram_bot import COMMANDS, IN_PRIVATE, LIMIT, TelegramAdapter
from core.errors import ConfigError, DeliveryError
from core.messages import OutgoingMessage
from tests.conftest import Harness
from tests.fake_telegram import BOT, TOKEN, FakeTelegram, document_update, text_update


@pytest.fixture
async def fake():
    server = FakeTelegram()
    yield server
    await server.close()


@contextlib.asynccontextmanager
async def running(b: Harness, fake: FakeTelegram, **options):
    adapter = TelegramAdapter(b.engine, token=TOKEN, base_url=fake.base_url, poll_timeout=1, **options)
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.stop()


async def test_a_text_in_through_get_updates_is_answered_at_send_message(bot_no_vectors: Harness, fake):
    async with running(bot_no_vectors, fake):
        fake.push(text_update(1, "Sam Lee lives in Lisbon."))
        fake.push(text_update(2, "/person Jo_ann <3 & <b>co</b>"))
        photo = text_update(3, "")
        del photo["message"]["text"]
        photo["message"].update(photo=[{"file_id": "f", "file_unique_id": "u", "width": 9, "height": 9}],
                                caption="Ana Lopez lives in Lima.")
        fake.push(photo)
        (saved, unknown, captioned) = await fake.wait_for_messages(3)
    assert saved[0] == "555" and "Sam Lee" in saved[1] and "Lisbon" in saved[1]
    assert unknown == ("555", "I don't have anyone called Jo_ann <3 & <b>co</b> in your contacts yet.")
    assert "Ana Lopez" in captioned[1]
    assert all("parse_mode" not in args for args in fake.sent_args)  # plain text: nothing is parsed
    (commands,) = fake.calls("setMyCommands")
    assert [c["command"] for c in json.loads(commands["commands"])] == [c for c, _ in COMMANDS]
    assert fake.calls("deleteWebhook") and fake.calls("getMe")
    assert [c.name for c in await bot_no_vectors.store.contacts("telegram:555")] == ["Ana Lopez", "Sam Lee"]


async def test_an_update_redelivered_after_a_restart_is_answered_once(bot_no_vectors: Harness, fake):
    first = text_update(7, "Ana Lopez's birthday is May 5.")
    async with running(bot_no_vectors, fake):
        fake.push(first)
        await fake.wait_for_messages(1)
    fake.push(first)  # Telegram sends it again: the bot went down before confirming it
    fake.push(text_update(8, "/people"))
    async with running(bot_no_vectors, fake):
        await fake.wait_for_messages(2)
    assert fake.served.count(7) == 2 and len(fake.messages) == 2 and "Ana Lopez" in fake.messages[1][1]
    assert [u["offset"] for u in fake.calls("getUpdates") if u.get("offset")]  # the client confirmed offsets
    rows = await bot_no_vectors.store._rows("SELECT count(*) FROM messages WHERE role = 'user'")
    assert rows[0][0] == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_checks_the_secret_and_answers_a_redelivery_once(bot_no_vectors: Harness, fake):
    port = _free_port()
    options = {"webhook_url": "https://memoro.example/tg/hook", "webhook_secret": "s3cret-Value_1",
               "listen": "127.0.0.1", "port": port}
    async with running(bot_no_vectors, fake, **options), httpx.AsyncClient() as http:
        (hook,) = fake.calls("setWebhook")
        assert hook["url"] == options["webhook_url"] and hook["secret_token"] == "s3cret-Value_1"
        url = f"http://127.0.0.1:{port}/tg/hook"
        wrong = await http.post(url, json=text_update(1, "Eve Moss lives in Rome."),
                                headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
        missing = await http.post(url, json=text_update(2, "Eve Moss lives in Rome."))
        assert (wrong.status_code, missing.status_code) == (403, 403)
        good = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Value_1"}
        update = text_update(3, "Kim Ho lives in Seoul.")
        assert (await http.post(url, json=update, headers=good)).status_code == 200
        assert (await http.post(url, json=update, headers=good)).status_code == 200  # Telegram retried
        assert (await http.post(url, json=text_update(4, "/people"), headers=good)).status_code == 200
        await fake.wait_for_messages(2)
    assert len(fake.messages) == 2 and "Kim Ho" in fake.messages[1][1] and "Eve" not in fake.messages[1][1]
    assert not fake.calls("getUpdates")


async def test_a_429_is_waited_out_and_the_reply_still_arrives(bot_no_vectors: Harness, fake):
    fake.flood["555"] = 1
    async with running(bot_no_vectors, fake):
        fake.push(text_update(1, "/help"))
        await fake.wait_for_messages(1)
    assert len(fake.calls("sendMessage")) == 2 and fake.messages[0][1].startswith("Here's what I can do")


async def test_a_user_who_blocked_the_bot_is_marked_and_nudges_fail_permanently(bot_no_vectors: Harness, fake):
    b = bot_no_vectors
    fake.blocked.add("666")
    async with running(b, fake, flood_retries=0) as adapter:
        fake.push(text_update(1, "Ana Lopez lives in Lima.", user_id=666))
        fake.push(text_update(2, "/help"))
        await fake.wait_for_messages(1)
        await adapter.inbox.idle()  # people are handled concurrently: 666's may finish after 555's
        assert (await b.store.owner("telegram:666")).blocked_at is not None
        assert (await b.store.owner("telegram:555")).blocked_at is None
        with pytest.raises(DeliveryError) as err:
            await adapter.send(OutgoingMessage(owner="telegram:666", text="🎂", platform="telegram", chat_id="666"))
        assert err.value.permanent and TOKEN not in str(err.value)
        fake.flood["555"] = 2
        with pytest.raises(DeliveryError) as err:
            await adapter.send(OutgoingMessage(owner="telegram:555", text="🎂", platform="telegram", chat_id="555"))
        assert not err.value.permanent and err.value.retry_after == 1


async def test_a_reply_over_4096_characters_is_split_on_line_ends(bot_no_vectors: Harness, fake):
    b = bot_no_vectors
    for i in range(260):
        await b.store.add_contact("telegram:555", f"Person Number{i:03d} Longsurname", b.clock.now(), None)
    owner = await b.engine.owner("telegram:555", b.clock.now())
    whole = await b.engine.commands.run(owner, "/people", b.clock.now())
    assert len(whole) > LIMIT
    async with running(b, fake):
        fake.push(text_update(1, "/people"))
        await fake.wait_for_messages(2)
    pieces = [text for _, text in fake.messages]
    assert len(pieces) == 2 and all(len(p) <= LIMIT for p in pieces)
    assert "\n".join(pieces) == whole


async def test_in_a_group_only_mentions_and_replies_are_answered_and_in_private(bot_no_vectors: Harness, fake):
    group = {"chat_id": -100, "chat_type": "group"}
    bot_said = {"message_id": 90, "date": 1772442000, "chat": {"id": -100, "type": "group", "title": "Friends"},
                "from": BOT, "text": "Your address book is private"}
    async with running(bot_no_vectors, fake):
        fake.push(text_update(1, "Ana Lopez lives in Lima.", **group))
        fake.push(text_update(2, "@memoro_bot2 Ben Okafor lives in Oslo.", **group))
        fake.push(text_update(3, "@Memoro_Bot who lives in Lima?", **group))
        fake.push(text_update(4, "/people", reply_to_message=bot_said, **group))
        await fake.wait_for_messages(4)
    (answer, notice, people, notice2) = fake.messages
    assert answer[0] == "555" and "any notes yet" in answer[1]  # the unaddressed messages were not read
    assert notice == notice2 == ("-100", IN_PRIVATE)
    assert people[0] == "555" and people[1].startswith("No one yet")
    assert await bot_no_vectors.store.contacts("telegram:555") == []


async def test_a_rejected_token_stops_start_up_without_showing_it(bot_no_vectors: Harness, fake):
    fake.rejected_tokens.add(TOKEN)
    adapter = TelegramAdapter(bot_no_vectors.engine, token=TOKEN, base_url=fake.base_url)
    with pytest.raises(ConfigError) as err:
        await adapter.start()
    assert "BotFather" in str(err.value) and TOKEN not in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__


async def test_the_token_never_reaches_the_log_even_at_debug(bot_no_vectors: Harness, fake):
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    try:
        protect([TOKEN], handlers=[handler])
        root.setLevel(logging.DEBUG)
        for name in ("httpx", "httpcore"):
            logging.getLogger(name).setLevel(logging.DEBUG)  # as if someone turned them up again
        async with running(bot_no_vectors, fake):
            fake.push(text_update(1, "/help"))
            await fake.wait_for_messages(1)
        logging.getLogger("telegram").error("boom", exc_info=RuntimeError(f"GET {fake.base_url}{TOKEN}/getMe"))
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
    text = out.getvalue()
    assert "/getUpdates" in text and "[redacted]" in text  # the URLs were logged, the token was not
    assert TOKEN not in text and TOKEN.split(":")[1] not in text


VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Laurent\r\nBDAY:--0229\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łukasz Nowak\r\nADR:;;;Kraków;;;Poland\r\nEND:VCARD\r\n").encode()


async def test_a_file_sent_in_the_chat_is_imported_and_export_sends_one_back(bot_no_vectors: Harness, fake):
    fake.files["doc1"] = VCARD
    async with running(bot_no_vectors, fake):
        fake.push(document_update(1, "doc1", "contacts.vcf", len(VCARD)))
        fake.push(document_update(2, "huge", "all.vcf", 50_000_000))  # over the Bot API's 20 MB
        fake.push(text_update(3, "/export vcf"))
        (imported, too_big, exported) = await fake.wait_for_messages(3)
        while not fake.documents:
            fake.arrived.clear()
            await fake.arrived.wait()
    assert "Zoë Laurent" in imported[1] and "Łukasz Nowak" in imported[1]
    assert "too big" in too_big[1] and not fake.calls("getFile")[1:]  # the big one was not downloaded
    assert "2 people" in exported[1]
    (chat, name, data) = fake.documents[0]
    assert chat == "555" and name.endswith(".vcf") and "Zoë Laurent".encode() in data
    people = [c.name for c in await bot_no_vectors.store.contacts("telegram:555")]
    assert people == ["Zoë Laurent", "Łukasz Nowak"]
    stored = await bot_no_vectors.store._rows("SELECT text FROM messages WHERE owner = 'telegram:555' AND role = 'user'")
    assert any("all.vcf" in r[0] for r in stored)  # the refused file is still on record


async def test_webhook_bodies_are_checked_for_the_secret_first_capped_and_a_bad_one_is_a_400(bot_no_vectors, fake):
    from bot.telegram_hook import MAX_UPDATE_BYTES

    port = _free_port()
    options = {"webhook_url": "https://memoro.example/tg/hook", "webhook_secret": "s3cret-Value_1",
               "listen": "127.0.0.1", "port": port}
    good = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Value_1"}
    url = f"http://127.0.0.1:{port}/tg/hook"
    async with running(bot_no_vectors, fake, **options), httpx.AsyncClient() as http:
        # headers announcing 20 MB, then no body at all: the answer comes from the headers alone
        assert await _status_before_body(port, "/tg/hook", "guess", MAX_UPDATE_BYTES * 20) == 403
        assert await _status_before_body(port, "/tg/hook", "s3cret-Value_1", MAX_UPDATE_BYTES * 20) == 413
        assert (await http.post(url, content=b"{}", headers={"X-Telegram-Bot-Api-Secret-Token": "no"})).status_code == 403
        for body in (b"{not json", b"\x00\xff\xfe binary", b"[1, 2]", b'{"update_id": "x"}',
                     json.dumps({"update_id": 5, "message": "not a message"}).encode(), b"[" * 100_000):
            answer = await http.post(url, content=body, headers=good)
            assert answer.status_code == 400, body[:20]
        assert (await http.get(url, headers=good)).status_code == 405
        assert (await http.post(url, json=text_update(6, "/help"), headers=good)).status_code == 200
        await fake.wait_for_messages(1)
    assert len(fake.messages) == 1 and fake.messages[0][1].startswith("Here's what I can do")
    rows = await bot_no_vectors.store._rows("SELECT count(*) FROM messages WHERE role = 'user'")
    assert rows[0][0] == 1  # the refused bodies left nothing behind


async def _status_before_body(port: int, path: str, secret: str, length: int) -> int:
    """POST headers only (Content-Length `length`, no body sent): the HTTP status answered."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {length}\r\n\r\n".encode())
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 30)  # a safety timeout: it never waits for the body
        return int(status_line.split()[1])
    finally:
        writer.close()
