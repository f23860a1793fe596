"""The LLM understander: the same typed intents as the rules, from any OpenAI-compatible model.

The model gets the owner's time zone and "now" (so "last Tuesday" resolves to a date) and
the names of the owner's contacts (so "sam" is matched to Sam Lee, not saved as someone
new); nothing else about the owner. Whatever goes wrong with the model, the message goes to
the rules instead: the engine has already stored it, and the owner hears about the model
only when the rules cannot place the message either (`ChatIntent(kind="unreachable")`).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from openai.types.chat import ChatCompletionMessageParam

from core.clock import offset_name
from core.intents import ChatIntent, Intent, LogIntent, QuestionIntent
from core.llm.client import LLMClient, LLMFailure
from core.llm.wire import WireUnderstanding, names, to_intent
from core.persona import CharacterCard
from core.prompts import PROMPTS_DIR, Prompt, load
from core.understand.names import fold
from core.understand.rules import Context

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.engine import Understander
    from core.settings import Settings

logger = logging.getLogger(__name__)
MAX_CONTACTS = 300  # names sent with each message; beyond this the model matches by the rules' names


class LLMUnderstander:
    def __init__(self, *, llm: LLMClient, fallback: Understander, prompt: Prompt,
                 persona: CharacterCard | None = None) -> None:
        self.llm = llm
        self.fallback = fallback
        self.prompt = prompt
        self.persona = persona
        self.name = f"llm:{llm.model}"

    @classmethod
    def from_settings(cls, settings: Settings, *, fallback: Understander, llm: LLMClient | None = None,
                      prompts_dir: Path = PROMPTS_DIR) -> LLMUnderstander:
        """Checks the prompt now, so a bad prompt file stops start-up."""
        from core.persona import load_card

        return cls(llm=llm or LLMClient.from_settings(settings), fallback=fallback,
                   prompt=load("understand", prompts_dir), persona=load_card(settings.character))

    def system_prompt(self, ctx: Context) -> str:
        now = ctx.now
        known = ctx.known[-MAX_CONTACTS:]
        return self.prompt.render(
            persona=self.persona.system_prompt if self.persona else "",
            timezone=getattr(now.tzinfo, "key", None) or "UTC" + offset_name(now),
            now=now.isoformat(timespec="minutes"),
            today=now.strftime("%A %Y-%m-%d"),
            contacts=", ".join(known) if known else "(none yet)",
            focus=ctx.focus or "(nobody yet)",
        )

    async def understand(self, text: str, ctx: Context) -> Intent:
        messages: list[ChatCompletionMessageParam] = [{"role": "system", "content": self.system_prompt(ctx)}, {"role": "user", "content": text}]
        intent = None
        try:
            wire = await self.llm.structured(messages, WireUnderstanding, purpose="understanding")
            intent = to_intent(wire, ctx.now.date())
        except LLMFailure:
            pass  # logged with its reason by the client
        except Exception:  # broad on purpose: the model path is optional; the rules must still run
            logger.exception("LLM understanding failed unexpectedly; using the rules")
        if intent is not None:
            if invented_person(intent, text, ctx) is None:
                return intent
            logger.warning("LLM understanding names a person the text does not; using the rules")
        intent = await self.fallback.understand(text, ctx)
        if isinstance(intent, ChatIntent) and intent.kind == "unclear":
            return ChatIntent(kind="unreachable")
        return intent


def invented_person(intent: Intent, text: str, ctx: Context) -> str | None:
    """A person the model names who is neither in the text (a word of the name, or its start:
    "sam" for Samantha) nor a known contact nor the person in focus; None when all are real.
    A model that makes people up gets no say over the address book."""
    if isinstance(intent, LogIntent):
        people = names(intent, intent.people)
    elif isinstance(intent, QuestionIntent) and intent.person:
        people = [intent.person]
    else:
        return None
    said_text = fold(text)
    said = [w for w in re.findall(r"[^\W_]+", said_text) if len(w) > 1]
    known = {fold(n) for n in ctx.known} | ({fold(ctx.focus)} if ctx.focus else set())
    for name in people:
        f = fold(name).strip()
        if f in known or f in said_text:
            continue
        if not any(w.startswith(s) or s.startswith(w) for w in f.split() for s in said):
            return name
    return None
