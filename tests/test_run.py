"""`memoro run` as a user starts it: a real process with a Telegram token and
TELEGRAM_API_BASE_URL pointing at the fake Bot API on loopback; SIGTERM stops it cleanly.
Also the router that sends nudges to the adapter of the owner's platform."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.run import router
from core.errors import DeliveryError
from core.messages import OutgoingMessage
from storage.sqlite import SqliteStore
from tests.fake_telegram import TOKEN, FakeTelegram, text_update

ROOT = Path(__file__).parent.parent


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "MEMORO_"))}
    return {**env, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PYTHONPATH": str(ROOT), **extra}


async def test_memoro_run_answers_on_telegram_and_stops_cleanly_on_sigterm(tmp_path: Path):
    fake = FakeTelegram()
    env = _env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, MEMORO_DATA_DIR=str(tmp_path),
               MEMORO_LOG_LEVEL="DEBUG", MEMORO_ALLOWED_USERS="telegram:555")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env,
                                                stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
                                                stdout=asyncio.subprocess.PIPE)
    try:
        fake.push(text_update(1, "Sam Lee lives in Lisbon."))
        fake.push(text_update(2, "hi", user_id=777))
        await fake.wait_for_messages(2, timeout=120)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
        await fake.close()
    log = err.decode()
    assert proc.returncode == 0, log
    assert "memoro stopped" in log and TOKEN not in log and TOKEN.split(":")[1] not in log
    replies = dict(fake.messages)
    assert "Sam Lee" in replies["555"] and "MEMORO_ALLOWED_USERS" in replies["777"]
    assert fake.calls("setMyCommands")
    store = await SqliteStore.open(tmp_path / "memoro.sqlite3")
    try:
        assert [c.name for c in await store.contacts("telegram:555")] == ["Sam Lee"]
        assert await store.owner("telegram:777") is None
    finally:
        await store.close()


async def test_memoro_run_without_a_token_says_how_to_set_one(tmp_path: Path):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=tmp_path,
                                                env=_env(MEMORO_DATA_DIR=str(tmp_path)),
                                                stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0
    assert "TELEGRAM_BOT_TOKEN" in err.decode() and "BotFather" in err.decode() and ".env" in err.decode()


class Recorder:
    platform = "telegram"

    def __init__(self):
        self.sent = []

    async def send(self, msg):
        self.sent.append(msg)


async def test_nudges_go_to_the_owners_platform_and_a_missing_one_is_permanent():
    telegram = Recorder()
    send = router({"telegram": telegram})
    await send(OutgoingMessage(owner="telegram:1", text="🎂", platform="telegram", chat_id="1"))
    assert [m.owner for m in telegram.sent] == ["telegram:1"]
    with pytest.raises(DeliveryError) as err:
        await send(OutgoingMessage(owner="console:me", text="🎂", platform="console", chat_id="me"))
    assert err.value.permanent


def test_env_example_lists_every_setting_and_loads():
    from core.settings import Settings

    lines = (ROOT / ".env.example").read_text().splitlines()
    names = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    assert names == {field.alias for field in Settings.model_fields.values()}
    settings = Settings(_env_file=ROOT / ".env.example")
    assert not settings.telegram_token and not settings.discord_token  # a copied .env.example starts no bot
