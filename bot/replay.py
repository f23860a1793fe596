"""`memoro replay FILE`: play a conversation scenario (../shared/evals/FORMAT.md) and print
one JSON object per event. The clock is set by each event's `at`; ticks run the nudges."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from bot.wiring import engine_from
from core.clock import FixedClock
from core.messages import IncomingMessage
from core.settings import Settings


async def replay(path: Path, settings: Settings, out=sys.stdout) -> None:
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    clock = FixedClock(datetime.fromisoformat(events[0]["at"]) if events else datetime.now().astimezone())
    async with engine_from(settings, clock=clock) as engine:
        for event in events:
            at = datetime.fromisoformat(event["at"])
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
