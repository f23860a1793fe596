"""Voice notes (core/voice.py): real audio (WAV files made with the standard library) sent through
the real python-telegram-bot and discord.py clients to their loopback fakes, transcribed by the
real `openai` client against a fake OpenAI-compatible transcription server (tests/fake_stt.py),
then handled like typed text; unconfigured, failing and slow servers get a plain answer."""

from __future__ import annotations

import discord
import openai
import pytest

from bot.discord_bot import DiscordAdapter
from bot.telegram_bot import TelegramAdapter
from core.clock import FixedClock
from core.engine import Engine
from core.messages import Attachment
from core.settings import Settings
from core.voice import NOT_CONFIGURED, Transcriber
from tests.conftest import Harness, at, make_message
from tests.fake_discord import TOKEN as DISCORD_TOKEN
from tests.fake_discord import FakeDiscord, message_create
from tests.fake_stt import FakeSTT, wav_tone
from tests.fake_telegram import TOKEN, FakeTelegram, text_update

SAID = "gift idea for noor: a pour-over kettle"


@pytest.fixture
def stt():
    with FakeSTT() as server:
        yield server


def transcriber(stt: FakeSTT, timeout: float = 10) -> Transcriber:
    client = openai.AsyncOpenAI(base_url=stt.url, api_key="test-key", timeout=timeout, max_retries=0)
    return Transcriber(client=client, model="whisper-1")


def harness(store, stt: FakeSTT | None, **options) -> Harness:
    clock = FixedClock(at("2026-03-02T10:00:00+01:00"))
    engine = Engine(store=store, index=None, clock=clock, transcriber=transcriber(stt, **options) if stt else None)
    return Harness(engine, store, clock)


async def voice(b: Harness, audio: bytes, name: str = "voice.ogg", mime: str = "audio/ogg") -> str:
    replies = await b.engine.handle(make_message("", attachment=Attachment(name=name, data=audio, mime_type=mime),
                                                 at=b.clock.now()))
    return "\n".join(r.text for r in replies)


async def test_a_voice_note_is_transcribed_and_handled_like_text(store, stt):
    audio = wav_tone(0.5)
    stt.says(audio, SAID)
    b = harness(store, stt)
    reply = await voice(b, audio, "memo.wav", "audio/wav")
    assert reply.startswith(f'🎙️ Heard: "{SAID}"') and "gift idea for Noor: a pour-over kettle" in reply
    (upload,) = stt.requests
    assert upload.model == "whisper-1" and upload.filename == "memo.wav" and upload.seconds == 0.5
    assert "pour-over kettle" in await b.say("gift ideas for noor?")
    stored = await store._rows("SELECT text FROM messages WHERE role = 'bot' ORDER BY id")
    assert SAID in stored[0][0]  # the transcript is on record with the reply


async def test_with_no_transcription_server_the_reply_says_how_to_turn_it_on(store):
    b = harness(store, None)
    reply = await voice(b, wav_tone(0.2))
    assert reply == NOT_CONFIGURED and "MEMORO_STT_BASE_URL" in reply and "MEMORO_STT_MODEL" in reply
    assert "Sam" in await b.say("sam lives in lisbon")


def test_the_settings_turn_it_on_only_with_a_server_and_a_model(stt):
    assert Transcriber.from_settings(Settings(_env_file=None)) is None
    assert Transcriber.from_settings(Settings(_env_file=None, MEMORO_STT_MODEL="whisper-1")) is None
    on = Transcriber.from_settings(Settings(_env_file=None, MEMORO_STT_BASE_URL=stt.url, MEMORO_STT_MODEL="small"))
    assert on is not None and on.model == "small" and str(on.client.base_url).startswith(stt.url)


@pytest.mark.parametrize("trouble, why", [("status", "answered 503"), ("slow", "took too long"),
                                          ("body", "unreadable"), ("silent", "any words")])
async def test_a_failing_or_slow_server_gets_a_plain_answer_and_the_next_message_is_handled(store, stt, trouble, why):
    audio = wav_tone(0.3)
    if trouble == "status":
        stt.status = 503
    elif trouble == "slow":
        stt.delay = 3
    elif trouble == "body":
        stt.body = "<html>gateway error</html>"
    else:
        stt.says(audio, "   ")
    b = harness(store, stt, timeout=0.5)
    reply = await voice(b, audio)
    assert why in reply and reply.startswith("🎙️")
    assert "Sam" in await b.say("sam lives in lisbon")
    rows = await store._rows("SELECT status FROM messages WHERE role = 'user' ORDER BY id")
    assert [r[0] for r in rows] == ["processed", "processed"]  # stored and handled, not failed


async def test_an_audio_file_is_not_taken_for_an_address_book(store, stt):
    audio = wav_tone(0.2)
    stt.says(audio, "who do i owe")
    assert "Heard" in await voice(harness(store, stt), audio, "note.m4a", "application/octet-stream")


# Telegram --------------------------------------------------------------------------------
def voice_update(update_id: int, file_id: str, size: int, *, kind: str = "voice", mime: str = "audio/ogg") -> dict:
    """An `Update` carrying a voice note (or an audio file) in a private chat."""
    update = text_update(update_id, "")
    del update["message"]["text"]
    media = {"file_id": file_id, "file_unique_id": "u" + file_id, "duration": 1, "mime_type": mime, "file_size": size}
    if kind == "audio":
        media["file_name"] = "memo.wav"
    update["message"][kind] = media
    return update


async def test_telegram_voice_notes_are_fetched_with_get_file_and_answered(store, stt):
    fake = FakeTelegram()
    note, memo = wav_tone(0.4), wav_tone(0.6, hz=660)
    stt.says(note, SAID).says(memo, "what should i get noor")
    fake.files["v1"], fake.files["a1"] = note, memo
    b = harness(store, stt)
    adapter = TelegramAdapter(b.engine, token=TOKEN, base_url=fake.base_url, poll_timeout=1)
    await adapter.start()
    try:
        fake.push(voice_update(1, "v1", len(note)))
        fake.push(voice_update(2, "a1", len(memo), kind="audio", mime="audio/wav"))
        fake.push(voice_update(3, "gone", 10))  # a file Telegram no longer has
        (saved, asked, lost) = await fake.wait_for_messages(3)
    finally:
        await adapter.stop()
        await fake.close()
    assert saved[0] == "555" and f'Heard: "{SAID}"' in saved[1] and "Saved" in saved[1]
    assert "Heard" in asked[1] and "pour-over kettle" in asked[1]
    assert "couldn't download" in lost[1]
    assert [u.seconds for u in stt.requests] == [0.4, 0.6]
    assert [c["file_id"] for c in fake.calls("getFile")] == ["v1", "a1", "gone"]
    logged = await store._rows("SELECT text FROM messages WHERE role = 'user' ORDER BY id")
    assert logged[0][0].endswith("[file: voice.ogg]") and "memo.wav" in logged[1][0]


async def test_telegram_voice_note_without_a_server_says_how_to_turn_it_on(store):
    fake = FakeTelegram()
    fake.files["v1"] = wav_tone(0.2)
    adapter = TelegramAdapter(harness(store, None).engine, token=TOKEN, base_url=fake.base_url, poll_timeout=1)
    await adapter.start()
    try:
        fake.push(voice_update(1, "v1", 100))
        ((_, reply),) = await fake.wait_for_messages(1)
    finally:
        await adapter.stop()
        await fake.close()
    assert "MEMORO_STT_BASE_URL" in reply and not fake.calls("getFile")[1:]


# Discord ---------------------------------------------------------------------------------
async def test_a_discord_voice_message_is_downloaded_transcribed_and_answered(store, stt, monkeypatch):
    fake = await FakeDiscord().start()
    monkeypatch.setattr(discord.http.Route, "BASE", fake.base)
    audio = wav_tone(0.5, hz=330)
    stt.says(audio, "sam and priya are in my climbing group")
    b = harness(store, stt)
    adapter = DiscordAdapter(b.engine, token=DISCORD_TOKEN)
    await adapter.login()
    try:
        sent = message_create(1, "")
        attachment = fake.attachment("voice-message.ogg", audio)
        attachment.update(content_type="audio/ogg", duration_secs=0.5, waveform="AAAA")
        sent["attachments"], sent["flags"] = [attachment], 8192  # IS_VOICE_MESSAGE
        adapter.client._connection.parse_message_create(sent)
        ((channel, reply),) = await fake.wait_for("messages", 1)
    finally:
        await adapter.client.close()
        await fake.close()
    assert channel == "9555" and "Heard" in reply and "climbing" in reply
    assert stt.requests[0].filename == "voice-message.ogg" and stt.requests[0].seconds == 0.5
    assert [c.name for c in await store.tagged("discord:555", "climbing")] == ["Priya", "Sam"]
