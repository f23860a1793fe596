"""`memoro replay FILE`: play a conversation scenario (../shared/evals/FORMAT.md) and print
one JSON object per event. The clock is set by each event's `at`; ticks run the nudges.

The whole file is read and checked before anything is played: a file that is not a scenario
(missing, binary, not JSON lines, an event without `at` and `text` or `tick`, a time without
an offset) raises `ScenarioError`, one line naming the file, the line and what is wrong, and
nothing is printed on standard output.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from bot.wiring import engine_from
from core.clock import FixedClock
from core.errors import MemoroError
from core.messages import IncomingMessage
from core.settings import Settings

EXAMPLE = '{"at": "2026-03-02T10:15:00+01:00", "user": "u1", "text": "hi"}'


class ScenarioError(MemoroError):
    """The file is not a scenario; str() is one line for the user."""


def load(path: Path) -> list[dict]:
    """The events of a scenario file, each with a parsed `at` under `_at`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ScenarioError(f"{path} is a folder, not a scenario file.") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path} is not a text file: a scenario is JSON lines, e.g. {EXAMPLE}") from None
    except OSError as err:
        raise ScenarioError(f"{path}: cannot read it ({err.strerror or err}).") from None
    events = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            events.append(_event(line, f"{path} line {n}"))
    if not events:
        raise ScenarioError(f"{path} has no events: a scenario is JSON lines, e.g. {EXAMPLE}")
    return events


def _event(line: str, where: str) -> dict:
    try:
        event = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        raise ScenarioError(f"{where} is not JSON: each line is one event, e.g. {EXAMPLE}") from None
    if not isinstance(event, dict):
        raise ScenarioError(f"{where} is not a JSON object: each line is one event, e.g. {EXAMPLE}")
    try:
        at = datetime.fromisoformat(event["at"])
    except KeyError:
        raise ScenarioError(f"{where} has no \"at\" (an ISO 8601 time with an offset).") from None
    except (TypeError, ValueError):
        raise ScenarioError(f"{where}: \"at\" is not an ISO 8601 time: {str(event['at'])[:40]!r}.") from None
    if at.utcoffset() is None:
        raise ScenarioError(f"{where}: \"at\" needs an offset, e.g. 2026-03-02T10:15:00+01:00.")
    if not event.get("tick"):
        if "user" not in event or not isinstance(event.get("text", ""), str):
            raise ScenarioError(f"{where} needs \"user\" and \"text\", or \"tick\": true.")
    return {**event, "_at": at}


async def replay(path: Path, settings: Settings, out=sys.stdout) -> None:
    events = load(path)
    clock = FixedClock(events[0]["_at"])
    async with engine_from(settings, clock=clock) as engine:
        for event in events:
            at = event["_at"]
            clock.set(at)
            if event.get("tick"):
                sent = await engine.tick(at)
                row = {"at": event["at"], "tick": True,
                       "sent": [{"user": m.owner.split(":", 1)[1], "text": m.text} for m in sent]}
            else:
                replies = await engine.handle(IncomingMessage(
                    owner=f"replay:{event['user']}", text=event.get("text", ""), at=at, platform="replay",
                    chat_id=str(event["user"])))
                row = {"at": event["at"], "user": event["user"], "text": event.get("text", ""),
                       "replies": [r.text for r in replies]}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
