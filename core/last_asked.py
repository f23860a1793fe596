"""The owner's last statement, question about someone or command naming someone, for "same for X".

"when is sam's bday?" ... "same for ana" repeats the question for Ana; "remind me to keep in
touch with sam every month" ... "same for ana" sets Ana's reminder; "stop reminding me about
sam" ... "same for ana" runs the command again. What is repeated is kept per owner in the store
(`last_asked` / `set_last_asked`), not in the engine's memory: with several workers on one
database the next message may reach another worker, and a restart forgets nothing. It is stored
as JSON: the intent (its `type` says which) or `{"command": "..."}`. A stored value this version
cannot read (an intent whose shape changed) is treated as nothing remembered.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError

from core.intents import LogIntent, QuestionIntent
from core.repositories import OwnerRepo

logger = logging.getLogger(__name__)

Remembered = LogIntent | QuestionIntent | str
_INTENT: TypeAdapter[LogIntent | QuestionIntent] = TypeAdapter(
    Annotated[LogIntent | QuestionIntent, Field(discriminator="type")])


def dumps(what: Remembered) -> str:
    return json.dumps({"command": what}) if isinstance(what, str) else what.model_dump_json()


def loads(text: str) -> Remembered | None:
    try:
        data = json.loads(text)
        if isinstance(data, dict) and isinstance(data.get("command"), str):
            return str(data["command"])
        return _INTENT.validate_python(data)
    except (ValueError, ValidationError):  # ValidationError is a ValueError; named for the reader
        logger.warning("a remembered statement could not be read: forgotten")
        return None


async def remember(store: OwnerRepo, owner: str, what: Remembered, now: datetime) -> None:
    """Keep `what` as `owner`'s last statement, question or command."""
    await store.set_last_asked(owner, dumps(what), now)


async def recall(store: OwnerRepo, owner: str) -> Remembered | None:
    """`owner`'s last statement, question or command; None if there is none."""
    text = await store.last_asked(owner)
    return loads(text) if text is not None else None


# a short question back about the meeting just told of: "where was that?", "what did we do", "when was that"
_BACK = re.compile(r"(?i)^\W*(?:(?:and|so|ok|oh|wait|hmm|n)\W+)*(?:(?P<where>where|wher|whr)|(?P<when>when|wen)|"
                   r"(?P<what>what|wat|wht|wut))\b\W*(?:(?:was|were|did|r|are|is)\s+)?(?P<rest>[^?!.]*)[\s?!.]*$")
_REST = re.compile(r"(?i)^(?:that|it|this|happened|(?:we|i|y'?all)\s+(?:do|doing|go|went|meet|met|eat|ate|talk|chat|"
                   r"get up to|up to|see|saw|have|had)(?:\s+(?:about|there|then|together|that day|that time))?)$")
_MEETING = {"last_seen", "where_last_seen", "first_met", "where_met"}


def asks_back(text: str) -> bool:
    """The shape of "where was that?": worth looking up what was asked last."""
    return bool((m := _BACK.match(text)) and _REST.match(m["rest"].strip()))


def about_that(text: str, last: Remembered | None) -> QuestionIntent | None:
    """After a question about meeting someone, "where was that?" / "what did we do" / "when was
    that": the same meeting asked again from another side, for the same person."""
    m = _BACK.match(text)
    if not m or not isinstance(last, QuestionIntent) or last.kind not in _MEETING or not last.person:
        return None
    if not _REST.match(m["rest"].strip()) or m["what"] and re.match(r"(?i)that|it|this$", m["rest"].strip()):
        return None  # "what is that" asks something else
    first = last.kind in ("first_met", "where_met")
    kind = ("where_met" if first else "where_last_seen") if m["where"] else ("first_met" if first else "last_seen")
    return last.model_copy(update={"kind": kind})
