"""One structured call to any OpenAI-compatible chat model, failing in one way.

`AsyncOpenAI(base_url=...)` talks to OpenAI, OpenRouter, Ollama, a llama.cpp server or
vLLM alike. The answer is asked for as `response_format: json_schema`, the schema generated
from a pydantic model by the `openai` library's own strict-schema helper (minus string
length keywords, which strict mode and some local servers reject; pydantic still checks
them), and validated by pydantic. Retries are the client's own, bounded by
`MEMORO_LLM_MAX_RETRIES` (timeouts, connection errors, 408/409/429 and 5xx are retried with
backoff, honouring `retry-after`).

After a call fails in a way that takes time or load (a timeout, the network, 429, 5xx), the
client rests for `MEMORO_LLM_COOLDOWN` seconds: messages meanwhile go straight to the rules
instead of each waiting out the timeout and its retries against a model that is down.

Every way a call can go wrong (timeout, network, rate limit, server error, refusal, a cut-off
or filtered answer, invalid JSON, a schema violation) raises `LLMFailure` with a short
reason, so callers have exactly one thing to catch before falling back to the rules. Message
bodies are never logged; the reason is.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import openai
from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema
from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:  # annotations only: these modules import this one
    from core.settings import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
_UNPORTABLE = ("minLength", "maxLength")


class LLMFailure(Exception):
    """The model gave no usable answer; `reason` says why in a few words (safe to log)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@functools.cache
def response_format(model: type[BaseModel]) -> ResponseFormatJSONSchema:
    """`response_format` for `model`: a strict JSON schema generated from the pydantic model."""
    schema = _portable(to_strict_json_schema(model))
    return {"type": "json_schema", "json_schema": {"name": model.__name__, "strict": True, "schema": schema}}


def _portable(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _portable(v) for k, v in node.items() if k not in _UNPORTABLE}
    if isinstance(node, list):
        return [_portable(v) for v in node]
    return node


class LLMClient:
    """A model name and an `AsyncOpenAI` client; `structured` is the only call."""

    def __init__(self, *, client: openai.AsyncOpenAI, model: str, cooldown: float = 30.0,
                 monotonic: Callable[[], float] = time.monotonic):
        self.client = client
        self.model = model
        self.cooldown = cooldown
        self.monotonic = monotonic
        self.resting_until = float("-inf")

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMClient:
        assert settings.llm_model is not None  # a client is made only when a model is configured
        key = settings.llm_api_key or settings.openai_api_key
        # Local servers (Ollama, llama.cpp, vLLM) take any key, but the client insists on one.
        client = openai.AsyncOpenAI(base_url=settings.llm_base_url or None,
                                    api_key=key.get_secret_value() if key else "not-needed",
                                    timeout=settings.llm_timeout, max_retries=settings.llm_max_retries)
        return cls(client=client, model=settings.llm_model, cooldown=settings.llm_cooldown)

    async def aclose(self) -> None:
        await self.client.close()

    async def structured(self, messages: list[ChatCompletionMessageParam], model: type[T], *, purpose: str) -> T:
        """Ask for one `model`-shaped answer; raise `LLMFailure` on anything else."""
        if self.monotonic() < self.resting_until:
            raise LLMFailure("resting after a failure")  # logged when the rest began
        try:
            # No temperature: some models (OpenAI's reasoning models) reject any but their default.
            completion = await self.client.chat.completions.create(
                model=self.model, messages=messages, response_format=response_format(model))
        except openai.APITimeoutError as err:
            raise self._rest(purpose, "timeout") from err
        except openai.APIConnectionError as err:
            raise self._rest(purpose, "network error") from err
        except openai.RateLimitError as err:
            raise self._rest(purpose, "rate limited (429)") from err
        except openai.APIStatusError as err:
            logger.debug("LLM %s: HTTP %s: %.300s", purpose, err.status_code, err.message)
            if err.status_code >= 500:
                raise self._rest(purpose, f"HTTP {err.status_code}") from err
            raise _fail(purpose, f"HTTP {err.status_code}") from err
        except openai.OpenAIError as err:  # e.g. a body that is not a chat completion at all
            raise _fail(purpose, f"bad response ({type(err).__name__})") from err
        if not completion.choices:
            raise _fail(purpose, "no choices")
        choice = completion.choices[0]
        refusal = getattr(choice.message, "refusal", None)
        if refusal:
            raise _fail(purpose, "refusal")
        if choice.finish_reason in ("length", "content_filter"):
            raise _fail(purpose, f"answer cut off ({choice.finish_reason})")
        content = choice.message.content
        if not content:
            raise _fail(purpose, "empty answer")
        try:
            return model.model_validate_json(_unfenced(content))
        except ValidationError as err:
            kinds = {e["type"] for e in err.errors()}
            raise _fail(purpose, "invalid JSON" if "json_invalid" in kinds else "schema violation") from err

    def _rest(self, purpose: str, reason: str) -> LLMFailure:
        if self.cooldown > 0:
            self.resting_until = self.monotonic() + self.cooldown
            reason += f"; resting {self.cooldown:g} s"
        return _fail(purpose, reason)


def _unfenced(content: str) -> str:
    """Some local models wrap JSON in a ```json fence even when asked for a schema."""
    text = content.strip()
    if text.startswith("```") and text.endswith("```"):
        text = text[3:-3]
        text = text.removeprefix("json")
    return text


def _fail(purpose: str, reason: str) -> LLMFailure:
    logger.warning("LLM %s failed: %s; using the rules", purpose, reason)
    return LLMFailure(reason)
