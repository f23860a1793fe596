"""Linked accounts (/link, /unlink), the allow-list and rate limit, and unblocking on a new
message: a real engine on real SQLite, an injected clock and monotonic time."""

from __future__ import annotations

import re
from datetime import timedelta

from core.guard import Guard
from tests.conftest import Harness, at, make_message


async def _code(b: Harness, owner: str) -> str:
    reply = await b.say("/link", owner=owner)
    return re.search(r"code is ([A-Z2-9]{6})", reply).group(1)


async def test_link_shares_one_address_book_and_unlink_separates_them(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana Lopez's birthday is May 5.", owner="telegram:1")
    await b.say("Zed Park lives in Oslo.", owner="discord:9")
    code = await _code(b, "telegram:1")
    assert "Linked" in await b.say(f"/link {code.lower()}", owner="discord:9")
    assert "Ana Lopez" in await b.say("/people", owner="discord:9")
    await b.say("Ben Okafor works at Acme.", owner="discord:9")
    people = await b.say("/people", owner="telegram:1")
    assert "Ben Okafor" in people and "Zed Park" not in people
    assert await b.store.resolve_owner("discord:9") == "telegram:1"
    assert "own address book again" in await b.say("/unlink", owner="discord:9")
    people = await b.say("/people", owner="discord:9")
    assert "Zed Park" in people and "Ana Lopez" not in people and "Ben Okafor" not in people


async def test_a_link_code_works_once_and_expires(bot_no_vectors: Harness):
    b = bot_no_vectors
    code = await _code(b, "telegram:1")
    assert "Linked" in await b.say(f"/link {code}", owner="discord:9")
    assert "unknown or expired" in await b.say(f"/link {code}", owner="discord:10")
    code = await _code(b, "telegram:1")
    b.clock.set(b.clock.now() + timedelta(minutes=11))
    assert "unknown or expired" in await b.say(f"/link {code}", owner="discord:10")
    assert await b.store.resolve_owner("discord:10") == "discord:10"
    assert "not linked" in await b.say("/unlink", owner="discord:10")


async def test_unlink_from_the_owner_side_and_linking_to_yourself(bot_no_vectors: Harness):
    b = bot_no_vectors
    code = await _code(b, "telegram:1")
    assert "already share" in await b.say(f"/link {code}", owner="telegram:1")
    code = await _code(b, "telegram:1")
    await b.say(f"/link {code}", owner="discord:9")
    assert "already share" in await b.say(f"/link {await _code(b, 'discord:9')}", owner="telegram:1")
    assert "discord:9" in await b.say("/unlink", owner="telegram:1")
    assert await b.store.resolve_owner("discord:9") == "discord:9"


async def test_linked_messages_are_still_deduplicated_per_platform(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say(f"/link {await _code(b, 'telegram:1')}", owner="discord:9")
    msg = make_message("Cleo Marsh lives in Rome.", owner="discord:9", platform="discord", message_id="77")
    assert len(await b.engine.handle(msg)) == 1
    assert await b.engine.handle(msg) == []
    same_id_elsewhere = make_message("hi", owner="telegram:1", platform="telegram", message_id="77")
    assert len(await b.engine.handle(same_id_elsewhere)) == 1


async def test_writing_again_after_blocking_the_bot_resumes_nudges(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.say("Ana Lopez's birthday is May 5.", "2026-04-01T10:00:00+00:00")
    await b.store.update_owner("test:u1", blocked_at="2026-04-02T10:00:00+00:00")
    assert await b.engine.tick(at("2026-05-05T09:00:00+00:00")) == []
    await b.say("hi", "2026-05-10T10:00:00+00:00")
    assert (await b.store.owner("test:u1")).blocked_at is None
    (nudge,) = await b.engine.tick(at("2027-05-05T09:00:00+00:00"))
    assert "Ana Lopez" in nudge.text


class Ticks:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_allow_list_refuses_strangers_without_storing_them(bot_no_vectors: Harness):
    b = bot_no_vectors
    b.engine.guard = Guard(allowed_users="telegram:1, 42")
    assert "Ana Lopez" in await b.say("Ana Lopez lives in Lima.", owner="telegram:1")
    assert "Saved" in await b.say("Ben Okafor lives in Oslo.", owner="discord:42")
    reply = await b.say("Cleo Marsh lives in Rome.", owner="telegram:7")
    assert "private" in reply and "telegram:7" in reply
    assert await b.store.owner("telegram:7") is None


async def test_the_rate_limit_answers_once_per_window_and_recovers(bot_no_vectors: Harness):
    b, ticks = bot_no_vectors, Ticks()
    b.engine.guard = Guard(per_minute=3, monotonic=ticks)
    for i in range(3):
        assert "Slow down" not in await b.say(f"Person{i} Lee lives in Oslo.")
    first = await b.say("Dana Fox lives in Rome.")
    assert "Slow down" in first and "3 messages a minute" in first and "send it again" in first
    assert await b.say("again?") == ""  # told once per window: no flood back
    assert "Dana Fox" not in [c.name for c in await b.store.contacts("test:u1")]
    ticks.now += 61
    assert "Dana Fox" in await b.say("Dana Fox lives in Rome.")


def test_the_rate_limit_forgets_quiet_owners(monkeypatch):
    monkeypatch.setattr("core.guard.PRUNE_AT", 3)
    ticks = Ticks()
    guard = Guard(per_minute=1, monotonic=ticks)
    for i in range(4):
        assert guard.over_limit(f"test:{i}") is None
    ticks.now += 61
    assert guard.over_limit("test:9") is None and set(guard._seen) == {"test:9"}
    assert guard.over_limit("test:9")  # still limited: pruning kept the active owner


async def test_wrong_link_codes_are_limited_per_account(bot_no_vectors: Harness):
    b = bot_no_vectors
    code = await _code(b, "telegram:1")
    replies = [await b.say("/link ZZZZZZ", owner="discord:9") for _ in range(5)]
    assert "4 more tries this hour" in replies[0] and "1 more try this hour" in replies[3]
    assert "last try" in replies[4]
    refused = await b.say(f"/link {code}", owner="discord:9")  # even the right code: guessing is cut off
    assert "Too many wrong codes" in refused and "60 minutes" in refused
    assert await b.store.resolve_owner("discord:9") == "discord:9"
    assert "Linked" in await b.say(f"/link {code}", owner="discord:10")  # another account is not held up
    b.clock.set(b.clock.now() + timedelta(minutes=61))
    assert "Linked" in await b.say(f"/link {await _code(b, 'telegram:1')}", owner="discord:9")
    assert "4 more tries" in await b.say("/link ZZZZZZ", owner="discord:9")  # a right code starts over


async def test_the_owner_is_told_on_their_own_account_when_an_account_links(bot_no_vectors: Harness):
    b = bot_no_vectors
    await b.engine.handle(make_message("hi", owner="telegram:1", platform="telegram", chat_id="1",
                                       at=b.clock.now()))
    await b.say(f"/link {await _code(b, 'telegram:1')}", owner="discord:9")
    await b.engine.handle(make_message("hi", owner="discord:9", platform="discord", chat_id="9",
                                       at=b.clock.now()))  # now the book's last chat is discord:9's
    (notice,) = await b.engine.tick(b.clock.now() + timedelta(minutes=1))
    assert (notice.owner, notice.platform) == ("telegram:1", "telegram")
    assert "discord:9 just linked to your address book" in notice.text and "/unlink" in notice.text
    assert await b.engine.tick(b.clock.now() + timedelta(minutes=2)) == []  # told once


async def test_a_notice_that_cannot_reach_the_owners_own_account_does_not_stop_their_nudges(
        bot_no_vectors: Harness):
    from bot.scheduler import NudgeScheduler
    from core.errors import DeliveryError

    b = bot_no_vectors
    tried = []

    async def send(msg):  # only Discord runs: the console owner's own account is unreachable
        tried.append((msg.platform, msg.text))
        if msg.platform != "discord":
            raise DeliveryError("no console bot is running", permanent=True)

    await b.say(f"/link {await _code(b, 'console:me')}", owner="discord:9")
    assert await NudgeScheduler(b.engine, send).run_once(b.clock.now() + timedelta(minutes=1)) == 0
    assert [p for p, _ in tried] == ["console"] and "discord:9 just linked" in tried[0][1]
    assert (await b.store.owner("console:me")).blocked_at is None
    assert await NudgeScheduler(b.engine, send).run_once(b.clock.now() + timedelta(minutes=2)) == 0
    assert len(tried) == 1  # given up on, not retried
