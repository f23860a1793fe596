"""Asking for help in plain words: "um how does this even work", "ok so what do i do here",
"explain pls", "i'm lost", "what's this bot for", "idk what to do".

A message asks for help when every word in it belongs to the vocabulary of talking about the
bot itself (question words, auxiliaries, "i", "you", "this", "here", "even", "supposed to", the
things the bot does: people, birthdays, reminders) and at least one word says it is about using
the bot (work, use, start, explain, help, do, type) or about being lost (lost, confused, stuck,
idk, "don't get it"). A single content word outside that vocabulary, a name above all ("what
does kofi do"), makes it something else. That reads the shape of a request for help, not a
list of sentences; `core.command_words` still knows the fixed phrasings (/help, "who are you").
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

# the frame of a question or a statement about the bot: no content of its own
_FRAME = frozenset("""
what whats what's how hows how's who where when which why whys
do does did doing done is are am was were be been being can could should would will shall may might must r s
i im i'm ive i've id i'd me my we us you u ya your ur it its it's this that thing bot app here there now first then next
even exactly actually really just like supposed to gonna going meant need needs for with at about of on in the a an
all so ok okay and or but um umm erm uh hmm well anyway again pls plz please lol haha tho though kind kinda sort sorta
wait hey hi hello oh yo huh ah sorry bit little totally completely pretty quite very too rn tbh honestly
way ways any some stuff things something anything up
""".split())  # noqa: SIM905
# about using the bot
_USE = frozenset("""
work works working use using used start starting begin beginning started explain explained help helps tutorial guide
instructions instruction manual command commands feature features option options do type write say send text tell ask
say talk supposed point purpose for mean means get add save remember set setup
""".split())  # noqa: SIM905
# about being lost
_LOST = frozenset("lost confused confusing stuck idk dunno clue idea understand get huh".split())
# what the bot keeps, which a question about using it may name
_TOPIC = frozenset("""
people person someone somebody friend friends contact contacts birthday birthdays bday bdays reminder reminders
nudge nudges note notes info memoro
""".split())  # noqa: SIM905
_OPENERS = frozenset("hey hi hello yo oh ah so um umm erm uh hmm ok okay wait and but well lol".split())
_NEGATION = frozenset("no not dont don't don’t didnt didn't cant can't cannot never".split())
_MAX_WORDS = 10


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:['’][a-z]+)?", text.lower().replace("’", "'"))


def asks_for_help(text: str) -> bool:
    """Does `text` ask how to use the bot ("how do i start", "i'm lost", "explain pls")?"""
    words = _words(text)
    if not words or len(words) > _MAX_WORDS:
        return False
    allowed = _FRAME | _USE | _LOST | _TOPIC | _NEGATION
    if any(w not in allowed for w in words):
        return False
    if any(w in _LOST for w in words) or set(words) & {"explain", "tutorial", "guide", "instructions", "manual",
                                                        "help"}:
        return True
    opening = next((w for w in words if w not in _OPENERS), "")
    asking = opening in {"what", "whats", "what's", "how", "hows", "how's", "where", "can", "could", "do", "should",
                         "i", "im", "i'm"}
    about_use = any(w in _USE for w in words)
    about_bot = bool(set(words) & {"this", "it", "you", "u", "bot", "app", "memoro", "here", "thing"})
    if asking and about_use and (about_bot or set(words) & {"i", "we"}):
        return True  # "how does this even work", "what do i do here", "how do i start"
    # "what is this", "what's this thing", "what now"
    return bool(re.fullmatch(r"(?:\w+ )*?(?:what|what's|whats) (?:is |s )?(?:this|it|now|here)(?: \w+)?", " ".join(words)))
