"""`memoro replay FILE`: play a conversation scenario (../shared/evals/FORMAT.md) and print
one JSON object per event. The clock is set by each event's `at`; ticks run the nudges.

The whole file is read and checked before anything is played: a file that is not a scenario
(missing, binary, not JSON lines, an event without `at` and `text` or `tick`, a time without
an offset) raises `ScenarioError`, one line naming the file, the line and what is wrong, and
nothing is printed on standard output.

Buttons (core/choices.py): an output line whose reply carries buttons has `"choices"`, their
labels in order. An input event presses one with `"press"` instead of `"text"`: a number (the
n-th button of that user's latest reply with buttons) or a label (case-insensitive; the newest
button with that label, so an old one can be pressed late). `"text": "1"` stays ordinary text.
The output line of a press has `"press"` and, as its `"text"`, the label in brackets.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from bot.wiring import engine_from
from core.clock import FixedClock
from core.errors import MemoroError
from core.messages import Button, IncomingMessage, press_text
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
        if "press" in event and (isinstance(event["press"], bool) or not isinstance(event["press"], (str, int))):
            raise ScenarioError(f"{where}: \"press\" is a button's number or label, e.g. \"press\": \"Undo\".")
    return {**event, "_at": at}


async def replay(path: Path, settings: Settings, out=sys.stdout) -> None:
    events = load(path)
    clock = FixedClock(events[0]["_at"])
    offered: dict[str, list[list[Button]]] = {}  # each user's replies with buttons, oldest first
    async with engine_from(settings, clock=clock) as engine:
        for event in events:
            at = event["_at"]
            clock.set(at)
            if event.get("tick"):
                sent = await engine.tick(at)
                row = {"at": event["at"], "tick": True,
                       "sent": [{"user": m.owner.split(":", 1)[1], "text": m.text} for m in sent]}
            else:
                user = str(event["user"])
                text, button = event.get("text", ""), None
                if "press" in event:
                    button = find(offered.get(user, []), event["press"])
                    text = press_text(button.token if button else "no-such-button")
                replies = await engine.handle(IncomingMessage(
                    owner=f"replay:{user}", text=text, at=at, platform="replay", chat_id=user))
                row = {"at": event["at"], "user": event["user"], "text": text, "replies": [r.text for r in replies]}
                if "press" in event:
                    row.update(text=f"[{button.label if button else event['press']}]", press=event["press"])
                if labels := [b.label for r in replies for b in r.choices]:
                    row["choices"] = labels
                    offered.setdefault(user, []).append([b for r in replies for b in r.choices])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()


def find(offered: list[list[Button]], press: str | int) -> Button | None:
    """The button a scenario presses: by number on the latest buttons, or the newest by label."""
    if not offered:
        return None
    if isinstance(press, int) or str(press).isdigit():
        n = int(press)
        return offered[-1][n - 1] if 1 <= n <= len(offered[-1]) else None
    return next((b for buttons in reversed(offered) for b in buttons if b.label.lower() == press.strip().lower()), None)
