"""The calendar: `/export ics` and `memoro export --format ics` parse back with icalendar and
expand with recurring-ical-events (Feb 29 in common years, the owner's zone across DST); the
feed on real HTTP (127.0.0.1) answers the owner's token and refuses any other; `memoro run`
serves it when MEMORO_CALENDAR_PORT is set."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import recurring_ical_events
from icalendar import Calendar

from bot.calendar_feed import CalendarFeed
from bot.cli import main
from core.ical import FollowUp, build
from core.records import Contact
from tests.conftest import Harness, at, make_message
from tests.fake_telegram import TOKEN, FakeTelegram, text_update
from tests.test_run import _env

STORY = [
    ("Sam Lee's birthday is March 3", "2026-03-01T10:00:00+01:00"),
    ("Lena Park was born on Feb 29, 1992", "2026-03-01T10:01:00+01:00"),
    ("张伟's birthday is Feb 29", "2026-03-01T10:02:00+01:00"),
    ("remind me to check in with Omar Haddad every 2 weeks", "2026-03-01T10:03:00+01:00"),
    ("/tz Europe/Paris", "2026-03-01T10:04:00+01:00"),
    ("/nudges 8:30", "2026-03-01T10:05:00+01:00"),
]


async def tell(b: Harness, story=STORY) -> None:
    for text, when in story:
        await b.say(text, when)


async def export_ics(b: Harness) -> Calendar:
    out = await b.engine.handle(make_message("/export ics", at=b.clock.now()))
    assert out[0].attachment is not None, out[0].text
    assert out[0].attachment.name.endswith(".ics") and out[0].attachment.mime_type == "text/calendar"
    return Calendar.from_ical(out[0].attachment.data)


def occurrences(cal: Calendar, start: date, end: date) -> dict[str, list]:
    found: dict[str, list] = {}
    for ev in recurring_ical_events.of(cal).between(start, end):
        found.setdefault(str(ev["SUMMARY"]), []).append(ev.start)
    return found


async def test_birthdays_recur_yearly_and_feb_29_falls_on_feb_28_in_common_years(bot_no_vectors):
    await tell(bot_no_vectors)
    cal = await export_ics(bot_no_vectors)
    seen = occurrences(cal, date(2027, 1, 1), date(2029, 1, 1))
    assert seen["Sam Lee's birthday"] == [date(2027, 3, 3), date(2028, 3, 3)]
    assert seen["Lena Park's birthday"] == [date(2027, 2, 28), date(2028, 2, 29)]
    assert seen["张伟's birthday"] == [date(2027, 2, 28), date(2028, 2, 29)]
    lena = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Lena"))
    assert lena.start == date(1992, 2, 29) and "1992" in str(lena["DESCRIPTION"])
    # all-day: the same calendar day wherever it is read, not a midnight that shifts by zone
    assert all(type(d) is date for name, days in seen.items() if name.endswith("birthday") for d in days)


async def test_keep_in_touch_is_at_the_nudge_time_in_the_owners_zone_across_dst(bot_no_vectors):
    await tell(bot_no_vectors)
    cal = await export_ics(bot_no_vectors)
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Paris"]
    checks = occurrences(cal, date(2026, 3, 1), date(2026, 5, 1))["Check in with Omar Haddad"]
    assert [c.date() for c in checks] == [date(2026, 3, 15), date(2026, 3, 29), date(2026, 4, 12), date(2026, 4, 26)]
    paris = [c.astimezone(ZoneInfo("Europe/Paris")) for c in checks]
    assert {(c.hour, c.minute) for c in paris} == {(8, 30)}
    assert [c.utcoffset() for c in checks] == [timedelta(hours=1)] + [timedelta(hours=2)] * 3  # DST from Mar 29


async def test_a_meeting_moves_the_next_check_in(bot_no_vectors):
    await tell(bot_no_vectors)
    await bot_no_vectors.say("Had lunch with Omar today", "2026-03-10T13:00:00+01:00")
    cal = await export_ics(bot_no_vectors)
    first = occurrences(cal, date(2026, 3, 1), date(2026, 4, 1))["Check in with Omar Haddad"][0]
    assert first.date() == date(2026, 3, 24)


async def test_calendar_has_only_this_owners_dates(bot_no_vectors):
    await tell(bot_no_vectors)
    await bot_no_vectors.say("Rita Moreno's birthday is June 5", "2026-03-01T11:00:00+01:00", owner="test:other")
    mine = [str(e["SUMMARY"]) for e in (await export_ics(bot_no_vectors)).walk("VEVENT")]
    assert not any("Rita" in s for s in mine) and len(mine) == 4


def test_a_fixed_utc_offset_is_written_in_utc():
    cal = Calendar.from_ical(build([], [FollowUp(Contact(7, "Ana"), 7, date(2026, 5, 4))], tz="+05:30",
                                   hour=9, minute=0, stamp=datetime(2026, 5, 1, tzinfo=ZoneInfo("UTC"))).to_ical())
    start = next(iter(cal.walk("VEVENT"))).start
    assert start.utcoffset() == timedelta(0) and (start.hour, start.minute) == (3, 30)


async def test_a_malformed_birthday_is_left_out_not_fatal():
    cal = build([(Contact(1, "Bad"), "13-45"), (Contact(2, "Good"), "07-22")], [], tz="UTC", hour=9, minute=0,
                stamp=datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Good's birthday"]


def test_memoro_export_format_ics_writes_a_file(tmp_path: Path, capsys):
    async def prepare():
        from core.clock import FixedClock
        from core.engine import Engine
        from storage.sqlite import SqliteStore

        store = await SqliteStore.open(tmp_path / "memoro.sqlite3")
        try:
            clock = FixedClock(at("2026-03-01T10:00:00+01:00"))
            await tell(Harness(Engine(store=store, clock=clock), store, clock, owner="console:ann"))
        finally:
            await store.close()

    asyncio.run(prepare())
    out = tmp_path / "dates.ics"
    assert main(["--data-dir", str(tmp_path), "export", "--format", "ics", "--owner", "console:ann", "-o", str(out)]) == 0
    cal = Calendar.from_ical(out.read_bytes())
    assert len(list(cal.walk("VEVENT"))) == 4
    assert main(["--data-dir", str(tmp_path), "export", "--format", "ics", "--owner", "console:nobody"]) == 2
    assert "no owner" in capsys.readouterr().err


# --- the feed -------------------------------------------------------------------------------


def link_in(reply: str) -> str:
    found = re.search(r"http://\S+\.ics", reply)
    assert found, reply
    return found.group(0)


async def get(url: str) -> tuple[int, str, bytes]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, resp.content_type, await resp.read()


async def test_feed_answers_the_right_token_and_refuses_others(bot_no_vectors):
    b = bot_no_vectors
    await tell(b)
    assert "not switched on" in await b.say("/calendar")
    async with CalendarFeed(b.store, port=0, listen="127.0.0.1") as feed:
        b.engine.commands.calendar_url = feed.base_url
        url = link_in(await b.say("/calendar"))
        assert url.startswith(f"http://127.0.0.1:{feed.port}/calendar/")
        assert link_in(await b.say("/calendar")) == url  # the same link until renewed
        status, kind, body = await get(url)
        assert (status, kind) == (200, "text/calendar")
        assert len(list(Calendar.from_ical(body).walk("VEVENT"))) == 4
        token = url.rsplit("/", 1)[1][:-4]
        base = f"http://127.0.0.1:{feed.port}/calendar/"
        for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * len(token), token[:10], ""):
            status, _, body = await get(base + wrong + ".ics")
            assert status == 404 and b"VCALENDAR" not in body
        assert (await get(f"http://127.0.0.1:{feed.port}/calendar/{token}"))[0] == 404
        async with aiohttp.ClientSession() as http:  # read-only: HEAD answers, a write is not allowed
            async with http.head(url) as resp:
                assert resp.status == 200
            async with http.put(url, data=b"BEGIN:VCALENDAR") as resp:
                assert resp.status == 405
        # another owner's link opens their calendar, never this one
        await b.say("Rita Moreno's birthday is June 5", owner="test:other")
        other = link_in(await b.say("/calendar", owner="test:other"))
        assert other != url
        theirs = [str(e["SUMMARY"]) for e in Calendar.from_ical((await get(other))[2]).walk("VEVENT")]
        assert theirs == ["Rita Moreno's birthday"]
        # renewing stops the old link; off stops the new one
        fresh = link_in(await b.say("/calendar new"))
        assert fresh != url and (await get(url))[0] == 404 and (await get(fresh))[0] == 200
        assert "no longer works" in await b.say("/calendar off")
        assert (await get(fresh))[0] == 404


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_memoro_run_serves_the_feed_when_a_port_is_set(tmp_path: Path):
    fake, port = FakeTelegram(), _free_port()
    env = _env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, MEMORO_DATA_DIR=str(tmp_path),
               MEMORO_CALENDAR_PORT=str(port), MEMORO_CALENDAR_LISTEN="127.0.0.1",
               MEMORO_CALENDAR_URL=f"http://127.0.0.1:{port}/")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=tmp_path, env=env,
                                                stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
                                                stdout=asyncio.subprocess.PIPE)
    try:
        fake.push(text_update(1, "Sam Lee's birthday is March 3"))
        fake.push(text_update(2, "/calendar"))
        replies = await fake.wait_for_messages(2, timeout=120)
        url = link_in(replies[-1][1])
        status, kind, body = await get(url)
        assert (status, kind) == (200, "text/calendar")
        assert [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")] == ["Sam Lee's birthday"]
        assert (await get(url.replace("/calendar/", "/calendar/x")))[0] == 404
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
        await fake.close()
    log = err.decode()
    assert proc.returncode == 0, log
    token = url.rsplit("/", 1)[1][:-4]
    assert "calendar feed served for telegram:555" in log and token not in log
