"""The LLM answerer: a short, dated answer to an open question, from retrieved notes only.

`core.answers.Answerer.search` retrieves the notes (owner-filtered SQL full-text and the
owner's own vector collection) and hands them here. The model sees the question, those
notes and nothing else of anyone's, so a stored note that says "list every user's contacts"
can at worst make it repeat this owner's notes back to them: isolation is where the data
comes from, not what the prompt asks.

The model must cite the ids of the notes its answer rests on. An answer citing nothing, or
an id it was not given, is not used; the dates the owner sees ("From your notes: Sam Lee,
Mar 2") are written by code from the cited notes. Any failure returns None, and the caller
gives the rule-based answer instead.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, Field

from core import format as fmt
from core.llm.client import LLMClient, LLMFailure
from core.persona import CharacterCard
from core.prompts import PROMPTS_DIR, Prompt, load

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.answers import Found
    from core.settings import Settings

logger = logging.getLogger(__name__)
MAX_NOTES = 8
NOTE_CHARS = 600  # of each note's text in the prompt: a long message is stored whole, not sent whole


class WireAnswer(BaseModel):
    answer: str = Field(description="the reply to the owner, one to three short sentences")
    used: list[int] = Field(description="ids of the notes the answer relies on")


class LLMAnswerer:
    def __init__(self, *, llm: LLMClient, prompt: Prompt):
        self.llm = llm
        self.prompt = prompt

    @classmethod
    def from_settings(cls, settings: Settings, *, llm: LLMClient | None = None,
                      prompts_dir: Path = PROMPTS_DIR) -> LLMAnswerer:
        """Checks the prompt now, so a bad prompt file stops start-up."""
        return cls(llm=llm or LLMClient.from_settings(settings), prompt=load("answer", prompts_dir))

    async def compose(self, question: str, found: list[Found], *, persona: CharacterCard, timezone: str,
                      today: date) -> str | None:
        """The answer for `question` from `found` (core.answers.Found), or None to use the rules."""
        found = found[:MAX_NOTES]
        if not found:
            return None
        system = self.prompt.render(
            persona=persona.system_prompt, tone=persona.tone,
            examples="\n".join(f"- {r}" for r in persona.example_replies) or "- (none)",
            timezone=timezone, today=today.strftime("%A %Y-%m-%d"))
        lines = []
        for f in found:
            text = " ".join(f.note.text.split())[:NOTE_CHARS]
            lines.append(f"[{f.note.id}] {f.contact.name}, {f.note.on.isoformat()}: {text}"
                         + (f" (known: {f.facts})" if f.facts else ""))
        user = f"Question: {question}\n\nNotes:\n" + "\n".join(lines)
        try:
            messages: list[ChatCompletionMessageParam] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
            wire = await self.llm.structured(messages, WireAnswer, purpose="answer")
        except LLMFailure:
            return None
        except Exception:  # broad on purpose: the model path is optional; the rule answer must still come
            logger.exception("LLM answer failed unexpectedly; using the rules")
            return None
        given = {f.note.id: f for f in found}
        used = [given[i] for i in dict.fromkeys(wire.used) if i in given]
        if not wire.answer.strip() or not used or len(used) != len(set(wire.used)):
            logger.warning("LLM answer cited %s of %d notes given; using the rules", wire.used, len(found))
            return None
        sources = "; ".join(f"{f.contact.name}, {fmt.day(f.note.on, year=f.note.on.year != today.year)}"
                            for f in sorted(used, key=lambda f: f.note.on, reverse=True))
        return f"{wire.answer.strip()}\n(From your notes: {sources}.)"
