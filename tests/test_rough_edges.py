"""A new user's rough edges, each answered plainly: a time zone that cannot be, `/export` in the
console (the file is written and its path said), `memoro run` with no token falling back to the
console without log lines, `memoro replay` on a file that is not a scenario (one line, no
traceback), counts with their nouns agreeing, and Chroma opened without `allow_reset`."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.console import chat
from bot.replay import ScenarioError, load
from core.format import plural
from tests.conftest import Harness, at

ROOT = Path(__file__).parent.parent


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "MEMORO_"))}
    return {**env, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PYTHONPATH": str(ROOT), **extra}


@pytest.mark.parametrize("bad", ["+99:99", "-12:30", "+14:01", "+5:75", "+ab:cd", "+05", "+-1:00"])
async def test_an_impossible_time_zone_gets_a_plain_answer(bot_no_vectors: Harness, bad: str):
    b = bot_no_vectors
    await b.say("/tz Europe/Berlin")
    reply = await b.say(f"/tz {bad}")
    assert reply.startswith(f"I don't know the time zone {bad!r}.") and "+05:30" in reply
    assert "went wrong" not in reply
    assert (await b.store.owner("test:u1")).tz == "Europe/Berlin"
    assert "Ana" in await b.say("Ana's birthday is May 5.")  # the conversation goes on


async def test_real_offsets_from_minus_twelve_to_plus_fourteen_are_accepted(bot_no_vectors: Harness):
    b = bot_no_vectors
    for good in ("+14:00", "-12:00", "+05:45", "+5:30"):
        assert (await b.say(f"/tz {good}")).startswith(f"Time zone set to {good}.")
    assert (await b.say("/tz america/new_york")).startswith("Time zone set to America/New_York.")


async def test_console_export_writes_the_file_and_says_where(bot_no_vectors: Harness, tmp_path: Path):
    b = bot_no_vectors
    await b.say("Ana Lopez lives in Lisbon.", owner="console:me")
    out = io.StringIO()
    await chat(b.engine, user="me", stdin=io.StringIO("/export\n/export\n/export vcf\n"), stdout=out,
               files_dir=tmp_path / "exports")
    saved = [line.removeprefix("memoro> Saved it as ") for line in out.getvalue().splitlines()
             if line.startswith("memoro> Saved it as ")]
    name = f"memoro-{b.clock.now():%Y-%m-%d}"
    assert [Path(p).name for p in saved] == [f"{name}.json", f"{name}-2.json", f"{name}.vcf"]  # never overwritten
    assert "(1 person)" in out.getvalue()
    data = json.loads(Path(saved[0]).read_text(encoding="utf-8"))
    assert "Ana Lopez" in json.dumps(data, ensure_ascii=False)
    assert "Ana Lopez" in Path(saved[2]).read_text(encoding="utf-8")


async def test_console_export_to_a_folder_it_cannot_write_says_so(bot_no_vectors: Harness, tmp_path: Path):
    b = bot_no_vectors
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    out = io.StringIO()
    await chat(b.engine, user="me", stdin=io.StringIO("/export\nhi\n"), stdout=out, files_dir=blocker)
    assert f"I couldn't write memoro-{b.clock.now():%Y-%m-%d}.json to {blocker}" in out.getvalue()
    assert out.getvalue().count("memoro> ") >= 3  # and the conversation went on


def test_memoro_run_without_a_token_falls_back_to_a_console_without_log_lines(tmp_path: Path):
    leader, follower = pty.openpty()  # a terminal: only then does `memoro run` offer the console
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, stdin=follower, stdout=follower,
                            stderr=follower, env=_env(MEMORO_DATA_DIR=str(tmp_path / "data")), close_fds=True)
    os.close(follower)
    seen, asked = b"", 0
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
            prompts = seen.count(b"you> ")
            if prompts > asked:
                os.write(leader, [b"Ana Lopez lives in Lisbon.\n", b"/quit\n"][min(asked, 1)])
                asked = prompts
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    text = seen.decode(errors="replace")
    assert proc.returncode == 0, text
    assert "TELEGRAM_BOT_TOKEN" in text and "Starting the console instead." in text and "Bye!" in text
    assert "Ana Lopez" in text
    for marker in (" INFO ", " WARNING ", "storage.", "bot.", "core.", "Traceback"):
        assert marker not in text, text


@pytest.mark.parametrize("content, says", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "is not a text file"),
    (b"hello there\n", "line 1 is not JSON"),
    (b'{"at": "2026-03-02T10:15:00+01:00", "user": "u1", "text": "hi"}\n[1, 2]\n', "line 2 is not a JSON object"),
    (b'{"user": "u1", "text": "hi"}\n', 'line 1 has no "at"'),
    (b'{"at": "tomorrow", "user": "u1", "text": "hi"}\n', '"at" is not an ISO 8601 time'),
    (b'{"at": "2026-03-02T10:15:00", "user": "u1", "text": "hi"}\n', '"at" needs an offset'),
    (b'{"at": "2026-03-02T10:15:00+01:00", "text": "hi"}\n', 'needs "user" and "text"'),
    (b"\n\n", "has no events"),
    (b"[" * 100_000, "line 1 is not JSON"),
])
def test_a_file_that_is_not_a_scenario_is_named_in_one_line(tmp_path: Path, content: bytes, says: str):
    path = tmp_path / "s.jsonl"
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as err:
        load(path)
    assert says in str(err.value) and "\n" not in str(err.value) and str(path) in str(err.value)


def test_memoro_replay_on_a_bad_file_answers_one_line_and_prints_nothing(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("buy milk\n")
    for name in ("notes.txt", "missing.jsonl", "."):
        run = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--data-dir", str(tmp_path / "data"), name],
                             capture_output=True, text=True, timeout=120, cwd=tmp_path, env=_env())
        assert run.returncode == 2 and run.stdout == ""
        assert len(run.stderr.strip().splitlines()) == 1 and run.stderr.startswith("memoro: "), run.stderr


def test_plural_agrees_with_the_count():
    assert [plural(n, "note") for n in (0, 1, 2)] == ["0 notes", "1 note", "2 notes"]
    assert plural(1, "person") == "1 person" and plural(3, "person") == "3 people"
    assert plural(1, "more try", "more tries") == "1 more try" and plural(2, "more try", "more tries") == "2 more tries"


async def test_counts_read_right_in_replies(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana Lopez's birthday is March 3.", "2026-03-02T10:00:00+01:00")
    await b.say("Ana just got a puppy.")
    upcoming = await b.say("/birthdays")
    assert "(tomorrow)" in upcoming and "in 1 days" not in upcoming
    await b.say("/keepintouch Ana 1d")
    assert "every 1 day" in await b.say("/keepintouch") and "every 1 days" not in await b.say("/keepintouch")
    await b.say("/forget Ana")
    gone = await b.say("yes")
    assert "1 note removed" in gone or "2 notes removed" in gone, gone
    assert "1 notes" not in gone


async def test_a_keep_in_touch_nudge_after_one_day_says_1_day(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Had lunch with Omar Haddad today.", "2026-03-02T13:00:00+00:00")
    await b.say("/keepintouch Omar 1d")
    sent = await b.engine.tick(at("2026-03-03T09:00:00+00:00"))
    assert sent and "it's been 1 day (since" in sent[0].text, [m.text for m in sent]


async def test_doctor_says_1_owner_and_1_note(tmp_path: Path, embedder):
    from core.clock import FixedClock
    from core.engine import Engine
    from storage.sqlite import SqliteStore
    from storage.vectors import ChromaIndex
    from tests.test_operations import run_doctor

    data = tmp_path / "data"
    store = await SqliteStore.open(data / "memoro.sqlite3")
    engine = Engine(store=store, index=ChromaIndex(embedder, path=data / "chroma"),
                    clock=FixedClock(at("2026-03-02T10:00:00+01:00")))
    await Harness(engine, store, engine.clock).say("Sam Lee just got engaged to Priya.")
    await engine.index_pending()
    await store.close()
    code, out = run_doctor(data, MEMORO_EMBEDDER="torch")
    assert code == 0, out
    assert "1 owner, 1 note indexed" in out


def test_chroma_is_opened_without_allow_reset(tmp_path: Path, embedder):
    from bot.doctor import _chroma
    from storage.vectors import ChromaIndex
    from tests.test_operations import settings_for

    index = ChromaIndex(embedder, path=tmp_path / "data" / "chroma")
    assert index.client.get_settings().allow_reset is False
    assert _chroma(settings_for(tmp_path / "data")).get_settings().allow_reset is False
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "core").rglob("*.py"), *(ROOT / "storage").rglob("*.py")]:
        assert "allow_reset=True" not in path.read_text(encoding="utf-8"), path
