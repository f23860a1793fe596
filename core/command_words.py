"""Commands said in plain words: "what can u do?", "pls forget everything about Bruno",
"stop reminding me about Leo", "undo that", "my timezone is Asia/Manila", "same for Efe".

`in_words` maps a message to the slash command it means, or None. It works on the shape of a
request (fillers, emoji and a polite "can you" set aside, then one verb and its object), not
on a list of example sentences; anything with facts in it goes on to understanding.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

# words around a request that carry no meaning of their own: "hey", "pls", "can u", "lol", "🙏"
_FILLER = re.compile(
    r"(?i)\b(?:hey|hi|hello|yo|ok|okay|so|oops|oh|ah|ugh|wait|um+|uh+|hmm+|pls|plz|please|kindly|just|lol|sorry|thanks|thx|ty|"
    r"i (?:want|need) (?:you|u) to|i'?d like (?:you|u) to|help me)\b")
_ASK = r"(?:(?:can|could|would|will) (?:you|u) )?"  # "can you forget ...": a polite request, not a question
_YOU = r"(?:you|u|ya|this(?: bot| thing| app)?|it|memoro|the bot)"
_HELP = re.compile(
    rf"(?i)^(?:help|halp|commands?|menu|options|features|usage|instructions|help me|"
    rf"what (?:can|do|could|should) {_YOU} do|what (?:are|r) (?:you|u|your (?:commands|features|options))|"
    rf"what (?:is|s) this|who (?:are|r) (?:you|u)|"
    rf"how (?:do|can|should|would) (?:i|we) (?:use|start|begin|work with|talk to) {_YOU}|"
    rf"how (?:do|can|should) (?:i|we) (?:use|start)|how (?:does|do) {_YOU} work|how to use {_YOU}|"
    rf"{_ASK}(?:show|list|give|send|tell)(?: me)? (?:the |your |all )?(?:commands|options|features|help|menu)|"
    rf"what (?:are|r) (?:the|your) (?:commands|options|features))$")
_FORGET_WORDS = re.compile(
    rf"(?i)^{_ASK}(?:forget(?: about)?|delete|remove|erase|wipe|drop)\s+"
    r"(?:(?:all|everything|anything)\s+(?:(?:you know|you have|u know|u have|i told you|i said)\s+)?(?:about|on|of|re)\s+"
    r"|(?:all\s+)?(?:my\s+|the\s+)?(?:notes|info|information|data|details|stuff)\s+(?:about|on|for|of)\s+|about\s+)?"
    r"(?P<name>[^\W\d_][\w' .-]{0,60}?)(?:'s\s+(?:notes|info|data|details|stuff))?"
    r"(?:\s+(?:from|out of)\s+(?:my |your |the )?(?:contacts|address book|list|people|memory|notes))?$")
_NOT_A_NAME = {"it", "that", "this", "those", "these", "everything", "me", "all", "them", "what i said",
               "the last one", "my last message"}
_STOP_REMINDING = re.compile(
    r"(?i)^(?:stop|no more|don'?t|do not|cancel|quit|turn off|end)\s+(?:the\s+)?(?:reminding me|nudging me|"
    r"reminders?|nudges?|keep[- ]in[- ]touch(?: reminders?)?|pinging me|bugging me)\s+(?:about|for|to (?:check in with|"
    r"call|text|see|ping)|with|of)\s+(?P<name>[^\W\d_][\w' .-]{0,60}?)$")
_SAME_FOR = re.compile(
    r"(?i)^(?:and\s+|also\s+)?(?:(?:the\s+)?same\s+(?:thing\s+)?(?:for|with|goes for)|ditto(?:\s+for)?|"
    r"do the same (?:for|with))\s+(?P<name>[^\W\d_][\w' .-]{0,60}?)(?:\s+(?:too|as well|pls|please))?$")


_UNDO = re.compile(
    rf"(?i)^{_ASK}(?:undo|revert|take (?:that|it) back|scratch that,? (?:undo|delete it)|"
    r"(?:undo|revert|delete|remove|erase) (?:that|this|it)|"
    r"(?:undo|revert|delete|remove|forget|erase|drop) (?:my last (?:message|one|msg)|the last (?:message|one|msg|thing)|"
    r"what i (?:just )?(?:said|sent|wrote|told you)))(?: (?:last|message|msg|one))?$")  # "forget it" is "never mind"


_TIME_ZONE = re.compile(r"(?i)^(?:pls |please )?(?:set |change |update )?(?:my )?time ?zone(?: is| to| =|:)?\s+"
                        r"(?P<zone>[A-Za-z_]+(?:/[A-Za-z_+-]+)+)[.!]*$")  # "my timezone is Asia/Manila"


def _bare(text: str) -> str:
    """The request without fillers, emoji and punctuation, lower-cased, one space between words."""
    words = re.sub(r"[^\w\s'.-]", " ", _FILLER.sub(" ", text.lower()))
    return " ".join(w.strip(".-") for w in words.split() if w.strip(".-"))


def in_words(text: str) -> str | None:
    """The slash command a plain-words request means ("what can u do?" -> "/help"), else None."""
    if tz := _TIME_ZONE.match(text.strip()):
        return f"/tz {tz['zone']}"
    bare = _bare(text)
    if not bare or _HELP.match(bare):
        return "/help" if bare or re.search(r"(?i)\bhelp\b", text) else None
    if _UNDO.match(bare):  # "undo that", "forget what i just said"
        return "/undo"
    if (gone := _FORGET_WORDS.match(bare)) and gone["name"] not in _NOT_A_NAME:
        return f"/forget {gone['name']}"
    if stop := _STOP_REMINDING.match(bare):
        return f"/keepintouch stop {stop['name']}"
    return None


def same_for(text: str) -> str | None:
    """The name in "same for Efe" / "ditto for Efe": repeat the last thing said, for them."""
    m = _SAME_FOR.match(_bare(text))
    return m["name"] if m else None
