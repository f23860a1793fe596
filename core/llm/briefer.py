"""The LLM summary on top of a brief: two short sentences, grounded in the brief's own lines.

`core.brief` numbers the lines it is about to show and hands them here with the person's name;
the model sees those lines and nothing else (no other person, no other owner). It must cite
the numbers of the lines its summary rests on: a summary citing nothing, or a number it was not
given, is dropped, and so is one when the model fails in any way. The brief below it is always
the code's, so the summary can only add a reading of the lines, never replace them.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, Field

from core.llm.client import LLMClient, LLMFailure
from core.persona import CharacterCard
from core.prompts import PROMPTS_DIR, Prompt, load

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.llm.answerer import LLMAnswerer

logger = logging.getLogger(__name__)
MAX_LINES = 40
LINE_CHARS = 300
SUMMARY_CHARS = 400


class WireSummary(BaseModel):
    summary: str = Field(description="one or two short sentences for the owner, from the lines only")
    used: list[int] = Field(description="numbers of the lines the summary relies on")


class LLMBriefer:
    def __init__(self, *, llm: LLMClient, prompt: Prompt):
        self.llm = llm
        self.prompt = prompt

    @classmethod
    def for_composer(cls, composer: LLMAnswerer | None, prompts_dir: Path | None = None) -> LLMBriefer | None:
        """A briefer using the same model as the open-question composer, or None without one.
        Loads the prompt now, so a bad prompt file stops start-up."""
        llm = getattr(composer, "llm", None)
        if llm is None:
            return None
        prompt = getattr(composer, "prompt", None)
        folder = prompts_dir or (prompt.path.parent if prompt is not None else PROMPTS_DIR)
        return cls(llm=llm, prompt=load("brief", folder))

    async def summarize(self, name: str, lines: list[tuple[str, str]], *, persona: CharacterCard | None = None,
                        today: date) -> str | None:
        """A summary of `lines` ((section, text) as shown) about `name`, or None."""
        lines = lines[:MAX_LINES]
        if not lines:
            return None
        system = self.prompt.render(persona=persona.system_prompt if persona else "",
                                    tone=persona.tone if persona else "friendly, brief",
                                    today=today.strftime("%A %Y-%m-%d"))
        body = "\n".join(f"[{n}] {section}: {' '.join(text.split())[:LINE_CHARS]}"
                         for n, (section, text) in enumerate(lines, 1))
        user = f"Person: {name}\n\nLines:\n{body}"
        try:
            messages: list[ChatCompletionMessageParam] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
            wire = await self.llm.structured(messages, WireSummary, purpose="brief")
        except LLMFailure:
            return None
        except Exception:  # broad on purpose: the summary is optional; the brief must still come
            logger.exception("brief summary failed unexpectedly; the brief goes without it")
            return None
        text = " ".join(wire.summary.split())
        if not text or not wire.used or any(not 1 <= i <= len(lines) for i in wire.used):
            logger.warning("brief summary cited %s of %d lines; left out", wire.used, len(lines))
            return None
        return text[:SUMMARY_CHARS]
