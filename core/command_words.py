"""Commands said in plain words: "what can u do?", "pls forget everything about Bruno",
"stop reminding me about Leo", "undo that", "my timezone is Asia/Manila", "same for Efe".

`in_words` maps a message to the slash command it means, or None. It works on the shape of a
request (fillers, emoji and a polite "can you" set aside, then one verb and its object), not
on a list of example sentences; anything with facts in it goes on to understanding.
"""

from __future__ import annotations

import logging
import re

from core import help_words
from core.understand.question_words import normalise
from core.understand.wordkind import never_a_name

logger = logging.getLogger(__name__)

# words around a request that carry no meaning of their own: "hey", "pls", "can u", "lol", "🙏"
_FILLER = re.compile(
    r"(?i)\b(?:hey|hi|hello|yo|ok|okay|so|oops|oh|ah|ugh|wait|um+|uh+|hmm+|pls|plz|please|kindly|just|lol|sorry|thanks|thx|ty|"
    r"i (?:want|need) (?:you|u) to|i'?d like (?:you|u) to|help me|i'?m new(?: here| to this)?|im new(?: here| to this)?|"
    r"new here|first time(?: here)?|quick question|q)\b")
_ASK = r"(?:(?:can|could|would|will) (?:you|u) )?"  # "can you forget ...": a polite request, not a question
_YOU = r"(?:you|u|ya|this(?: bot| thing| app)?|it|memoro|the bot)"
_HELP = re.compile(
    rf"(?i)^(?:help|halp|commands?|menu|options|features|usage|instructions|help me|"
    rf"what (?:can|do|could|should) {_YOU} do|what (?:are|r) (?:you|u|your (?:commands|features|options))|"
    rf"what (?:is|s) this|who (?:are|r) (?:you|u)|"
    rf"how (?:do|can|should|would) (?:i|we) (?:use|start|begin|work with|talk to) {_YOU}|"
    rf"how (?:do|can|should) (?:i|we) (?:use|start)|how (?:does|do) {_YOU} work|how to use {_YOU}|"
    rf"{_ASK}(?:show|list|give|send|tell)(?: me)? (?:the |your |all )?(?:commands|options|features|help|menu)|"
    rf"what (?:are|r) (?:the|your) (?:commands|options|features)|"
    rf"(?:what|which) (?:kind of |kinda |sort of |sorta |type of |types of |kinds of |sorts of )?"
    rf"(?:stuff|things?|info|questions|messages) (?:can|should|do|could|shall) (?:i|we) (?:tell|ask|say to|send|give|text)"
    rf"(?: {_YOU})?(?: here)?|"
    rf"what (?:do|should|can) i (?:do|say|type|text|send)(?: here| now| first)?|"
    rf"what (?:else )?can (?:i|we) (?:do|ask|say) (?:here|with {_YOU})|how (?:do|does) (?:this|it) work)$")
_ABOUT_ME = re.compile(r"(?i)\b(?:commands?|features?|options|menu|instructions|functions)\b")
_WH = re.compile(r"(?i)^(?:what|which|how|where|any|got|list|show)\b")
_FORGET_WORDS = re.compile(
    rf"(?i)^{_ASK}(?:forget(?: about)?|delete|remove|erase|wipe|drop)\s+"
    r"(?:(?:all|everything|anything)\s+(?:(?:you know|you have|u know|u have|i told you|i said)\s+)?(?:about|on|of|re)\s+"
    r"|(?:all\s+)?(?:my\s+|the\s+)?(?:notes|info|information|data|details|stuff)\s+(?:about|on|for|of)\s+|about\s+)?"
    r"(?P<name>[^\W\d_][\w' .-]{0,60}?)(?:'s\s+(?:notes|info|data|details|stuff))?"
    r"(?:\s+(?:from|out of)\s+(?:my |your |the )?(?:contacts|address book|list|people|memory|notes))?$")
_NOT_A_NAME = {"it", "that", "this", "those", "these", "everything", "me", "all", "them", "what i said",
               "the last one", "my last message"}
_STOP_REMINDING = re.compile(
    r"(?i)^(?:stop|no more|don'?t|dont|do not|cancel|quit|turn off|end|kill|drop|delete|remove|pause|mute|no need to keep)"
    r"\s+(?:the\s+|my\s+|all\s+(?:the\s+)?)?(?:remind(?:ing)? me|nudg(?:e|ing) me|remind(?:er|ers)?|nudges?|"
    r"keep(?:ing)?[- ]in[- ]touch(?: reminders?| nudges?)?|ping(?:ing)? me|bug(?:ging)? me|pester(?:ing)? me|"
    r"check[- ]?ins?|(?:keeping|keep) (?:me posted|tabs|track))\s+"
    r"(?:about|abt|for|on|to (?:check in with|call|text|see|ping|message)|with|w|of|re)\s+"
    r"(?P<name>[^\W\d_][\w' .-]{0,60}?)(?:'s)?(?:\s+(?:any ?more|anymore|now|again|pls|please|thanks|thx))*$")
# "tariq's reminders off", "no more tariq reminders"
_STOP_NAMED = re.compile(
    r"(?i)^(?:(?:stop|cancel|turn off|kill|mute|no more)\s+)?(?:the\s+)?(?P<name>[^\W\d_][\w' .-]{0,40}?)(?:'s)?\s+"
    r"(?:reminders?|nudges?|keep[- ]in[- ]touch(?: reminders?)?)(?:\s+off)?$")
# "who are my people", "who do i know", "list everyone", "show me all my contacts", "how many people do i have"
_PEOPLE = re.compile(
    rf"(?i)^(?:{_ASK}(?:list|show|give|send|tell)(?: me)?\s+|who (?:are|r|is|s)\s+|who'?s\s+|what (?:are|r)\s+|"
    r"how many\s+)?(?:all\s+)?(?:(?:of\s+)?(?:my|the|your)\s+)?"
    r"(?:people|peeps|contacts|friends|folks|everyone|everybody|address book|list of (?:people|contacts|friends))"
    r"(?:\s+(?:i (?:know|have)|(?:you|u) (?:know|have)|do i (?:know|have)|(?:have|know) i|in (?:my|the) "
    r"(?:contacts|address book|list)|you(?:'ve| have)? got|saved|(?:you|u) know about|on (?:my|the) list))?$"
    r"|^who (?:do|did) (?:i|we) (?:know|have)(?: (?:so far|saved|in (?:here|there|my contacts)))?$"
    r"|^who(?:'?s| is) (?:in|on) (?:my|the|your) (?:contacts|address book|list|people)$"
    r"|^(?:list|show)(?: me)? (?:everyone|everybody|them all|all)$")
# what may close a follow-up without saying anything: "same for efe too", "and kemi eh?"
_TAIL = r"(?:\s+(?:too|as well|then|now|again|pls|please|plz|thx|thanks|ty|eh|lol|haha|ok|tho|instead|also))*"
_FOR = r"(?:for|4|with|w|about|abt|re)"
_SAME_FOR = re.compile(
    rf"(?i)^(?:(?:and|also|now|n|&)\s+)?(?:(?:the\s+)?same\s+(?:thing\s+|question\s+|q\s+|qs\s+|again\s+|here\s+)?"
    rf"(?:{_FOR}|goes for)|ditto(?:\s+{_FOR})?|likewise(?:\s+{_FOR})?|do the same (?:{_FOR})|"
    rf"(?:repeat|ask)(?:\s+(?:that|it|the same|the question))?(?:\s+again)?\s+{_FOR})\s+"
    rf"(?P<name>[^\W\d_][\w' .-]{{0,60}}?){_TAIL}$")


_UNDO = re.compile(
    rf"(?i)^{_ASK}(?:undo|revert|take (?:that|it) back|scratch that|(?:scrap|ignore|disregard|cancel) (?:that|my last (?:message|msg|one))|"
    r"forget (?:that|this)(?: last one| one)?|(?:that was|that's|thats) (?:wrong|a mistake|a typo),? (?:undo|delete|remove)(?: (?:it|that))?|"
    r"(?:undo|revert|delete|remove|erase) (?:that|this|it)|"
    r"(?:undo|revert|delete|remove|forget|erase|drop) (?:my last (?:message|one|msg)|the last (?:message|one|msg|thing)|"
    r"what i (?:just )?(?:said|sent|wrote|told you)))(?: last)?(?: (?:message|msg|one|thing|bit|part))?$")  # "forget it" is "never mind"


_ZONE = r"(?P<zone>[A-Za-z_]+(?:/[A-Za-z_+-]+)+|[+-]\d\d?:?\d\d|[^\W\d_][\w'.-]*(?: (?!(?:time|now|pls|please|thx|thanks)\b)[^\W\d_][\w'.-]*){0,2})"
# "my timezone is Asia/Manila", "set timezone to lima"; anywhere in a message: "i moved, can u switch my tz to lima"
_TIME_ZONE = re.compile(rf"(?i)^(?:pls |please )?(?:my )?(?:time ?zone|tz)(?: is| to| =|:)?\s+{_ZONE}[.!]*$")
_SET_TIME_ZONE = re.compile(rf"(?i)\b(?:set|change|update|switch|move|put|make)\s+(?:my\s+|the\s+)?(?:time ?zone|tz)"
                            rf"\s*(?:to|=|:|for)\s+{_ZONE}\b(?:\s+(?:time|now|pls|please|thx|thanks))*[\s.!?]*$")


def _bare(text: str) -> str:
    """The request without fillers, emoji and punctuation, lower-cased, one space between words
    (question words as meant: "wat abt ana" is "what abt ana")."""
    words = re.sub(r"[^\w\s'.-]", " ", _FILLER.sub(" ", normalise(text).lower()))
    return " ".join(w.strip(".-") for w in words.split() if w.strip(".-"))


def _head(text: str) -> str:
    """A request before a short reason given after it: "undo that last one, wrong guy" -> "undo that last one"."""
    parts = re.split(r"\s*(?:[,;:.!(]|\s[-–—]\s|\s(?:bc|because|cause|cuz|coz|since)\s)\s*", text.strip(), maxsplit=1)
    return parts[0] if len(parts) == 2 and len(parts[1].split()) <= 6 else text


# what follows "scratch that," when it says the right value instead of why to undo
_NEW_VALUE = re.compile(r"(?i)^(?!.*\b(?:wrong|mistake|typo|error|oops)\b).*\b(?:not|works?|lives?|moved?|bday|birthday|"
                        r"born|stud(?:ies|ying)|is|its|it's|it’s|\w+'s|\w+’s)\b")


def in_words(text: str) -> str | None:
    """The slash command a plain-words request means ("what can u do?" -> "/help"), else None."""
    if tz := _TIME_ZONE.match(text.strip()) or _SET_TIME_ZONE.search(text.strip()):
        return f"/tz {tz['zone']}"
    bare = _bare(text)
    if not bare or _HELP.match(bare):
        return "/help" if bare or re.search(r"(?i)\bhelp\b", text) else None
    if help_words.asks_for_help(normalise(text)):  # "um how does this even work", "i'm lost", "explain pls"
        return "/help"
    if len(bare.split()) <= 5 and _ABOUT_ME.search(bare) and (text.rstrip().endswith("?") or _WH.match(bare)):
        return "/help"  # a short question about the bot's commands: "what commands r there", "any features?"
    if _UNDO.match(bare) or _UNDO.match(_bare(_head(text))) and not _NEW_VALUE.search(text[len(_head(text)):]):
        # "undo that", "undo the last one, typo"; "scratch that, jomo works at equity bank" corrects
        return "/undo"
    if (gone := _FORGET_WORDS.match(_bare(_head(text)))) and gone["name"] not in _NOT_A_NAME:
        return f"/forget {gone['name']}"
    if (stop := _STOP_REMINDING.match(bare) or _STOP_NAMED.match(bare)) and stop["name"] not in _NOT_A_NAME:
        return f"/keepintouch stop {stop['name']}"
    if _PEOPLE.match(bare) or _PEOPLE.match(_bare(re.split(r"(?<=[?!.])\s+", text.strip())[0])):
        return "/people"  # "who's in my contacts? just names pls": the request, then how to say it
    return None


# "what about ana?", "and ana?", "how about ana": the last question again, for someone else
_WHAT_ABOUT = re.compile(r"(?i)^(?:(?:and|n|&|also|so)\s+)?(?:(?:what|how)\s+(?:about|abt|bout|bou)|wbu|wby|"
                         rf"(?:and|n|&)\s+{_FOR}|and|n|&|plus)\s+"
                         rf"(?P<name>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){{0,2}}?){_TAIL}$")


# what a short follow-up asks about, not who: "what about work?", "and bdays?" (pronouns, time words and
# other words that are no one's name are `wordkind`'s to say)
_ASKED_WORDS = {"bday", "birthday", "bdays", "birthdays", "job", "work", "address", "number", "age", "email", "phone",
                "city", "home", "news", "plans"}


def what_about(text: str) -> str | None:
    """The name in "what about Ana?" / "and ana?": ask the last question again, about them."""
    bare = _bare(text)
    m = _WHAT_ABOUT.match(bare)
    if not m or "'" in m["name"] or m["name"] in _NOT_A_NAME:
        return None
    words = list(re.finditer(r"\S+", m["name"]))
    if any(w.group(0) in _ASKED_WORDS or never_a_name(bare, m.start("name") + w.start()) for w in words):
        return None
    return m["name"]


def asks_to_repeat(text: str) -> bool:
    """"same for her", "ditto for u": the shape of "same for X" whoever X is (a follow-up the caller
    could not place is answered as unclear, never stored as a note)."""
    return bool(_SAME_FOR.match(_bare(text)))


def same_for(text: str) -> str | None:
    """The name in "same for Efe" / "ditto for Efe": repeat the last thing said, for them."""
    bare = _bare(text)
    m = _SAME_FOR.match(bare)
    if not m or any(never_a_name(bare, m.start("name") + w.start()) for w in re.finditer(r"\S+", m["name"])):
        return None  # "same for her": whom is not said
    return m["name"]
