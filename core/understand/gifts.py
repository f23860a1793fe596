"""Gift ideas, open items and groups said in words: the shapes, not the sentences.

`parse(text, known)` returns one `Said` or None (then the message goes on to the usual
understanding). Each shape is a verb with its slots, the way the thing is said:

* a gift idea: "gift idea for NAME: THING", "gift for NAME - THING", "present idea: THING for NAME",
  "get NAME THING for her birthday";
* money or things open between the owner and someone: "owe NAME THING" (I owe), "NAME owes me
  THING", "lend NAME THING" (to do), "lent NAME THING" / "NAME borrowed my THING" (they have it),
  "borrowed NAME's THING" / "borrowed THING from NAME" (I have it);
* done: "gave / got / bought / returned / lent NAME THING", "paid NAME back", "NAME paid me back",
  "got my THING back from NAME", "NAME returned my THING", "done with / scrap / cross off the THING
  (idea)" (the caller marks done only what matches an open item, else the message goes on);
* a list: "gift ideas for NAME?", "what should i get NAME", "what do i owe people", "who owes me",
  "who has my THING";
* groups: "NAME and NAME are in my GROUP group", "tag NAME as TAG", "NAME is a TAG friend",
  "add NAME to my GROUP group"; "untag NAME TAG", "remove NAME from GROUP", "NAME left the GROUP";
  "who's in GROUP?", "who are my TAG friends", "what groups do i have".

A name slot takes the longest known name at its place ("sam lee"), else one word (two when
both are capitalised). Only one clause is read: a message with a sentence break goes on to the
usual understanding, which splits clauses.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from core.understand.names import fold

logger = logging.getLogger(__name__)

GROUP_WORDS = ("group", "crew", "gang", "squad", "circle", "chat", "group chat", "lot", "people")
_KEEP_WORDS = r"(?:club|team|class|band|choir|league|society)"  # part of a group's name: "book club"
_GROUP = r"(?:group chat|group|crew|gang|squad|circle)"
_FRIEND = r"(?:friends?|buddy|buddies|pals?|mates?|colleagues?|partners?|crew|people|folks?)"
_NOT_A_TAG = {"best", "good", "old", "close", "new", "great", "dear", "oldest", "closest", "only", "true", "very",
              "really", "fellow", "former", "ex", "girl", "boy", "life", "domestic", "romantic", "dearest", "a", "an",
              "the", "my", "our", "your", "his", "her", "their", "favourite", "favorite", "lovely", "nice", "mutual"}
_NOT_A_NAME = {"i", "me", "my", "you", "u", "we", "us", "he", "she", "they", "them", "her", "him", "his", "their",
               "it", "the", "a", "an", "this", "that", "everyone", "everybody", "anyone", "anybody", "someone",
               "people", "kids", "friends", "mum", "mom", "dad", "what", "who", "which", "there", "here"}
_EVERYONE = {"people", "anyone", "anybody", "everyone", "everybody", "folks", "ppl", "all", "someone", "somebody"}
_LEAD = re.compile(r"(?i)^(?:(?:oh|ok|okay|so|also|btw|and|hey|note to self|fyi|reminder|remember)[,:]?\s+)+")
_CONTEXT = r"(?:birthday|bday|b-day|xmas|christmas|anniversary|wedding|graduation|housewarming|baby shower)"


@dataclass
class Said:
    """What a message asks of gift ideas, open items or groups.

    action: add (an item: `kind`, `people`, `what`), done (`people` may be empty, `what` the
    words of the thing, `kinds` the kinds it may close), list (`kinds`, `people`, `what`),
    tag / untag (`people`, `tag`), group (who has `tag`), groups (every tag)."""

    action: str
    kind: str = ""
    people: list[str] = field(default_factory=list)
    what: str = ""
    kinds: tuple[str, ...] = ()
    tag: str = ""
    verb: str = ""


def parse(text: str, known: list[str]) -> Said | None:
    """The gift, item or group request in `text`, or None."""
    text = " ".join(text.split())
    if re.search(r"[.!?;]\s+\S", text.rstrip(".!?")):  # several sentences: the usual understanding
        return None
    core = _LEAD.sub("", text).rstrip(" .!?🙏🙂😊").strip()
    if not core:
        return None
    for reader in (_listing, _groups, _gift, _owe, _lend, _done):
        if (said := reader(core, known)) is not None:
            return said
    return None


# names -----------------------------------------------------------------------------------
def peel(text: str, known: list[str]) -> tuple[str | None, str]:
    """(the name at the start of `text`, the rest): the longest known name, else one word
    (two if both are capitalised); a possessive "'s" is taken off the name."""
    words = text.split()
    if not words:
        return None, ""
    folded = [fold(w) for w in words]
    best = 0
    names = {tuple(fold(n).split()) for n in known} | {tuple(fold(n).split()[:1]) for n in known}
    for size in (3, 2, 1):
        head = folded[:size]
        if len(head) == size and head[-1].endswith(("'s", "’s")):
            head = head[:-1] + [head[-1][:-2]]
        if tuple(head) in names:
            best = size
            break
    if not best:
        if folded[0] in _NOT_A_NAME or not re.match(r"^[^\W\d_][\w'’-]*$", words[0]):
            return None, text
        best = 2 if len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper() \
            and folded[1] not in _NOT_A_NAME and not words[0].endswith(("'s", "’s")) else 1
    name = " ".join(words[:best])
    name = re.sub(r"(?:'s|’s|')$", "", name)
    return name, " ".join(words[best:])


def names(text: str, known: list[str]) -> list[str]:
    """"sam, priya and omar" -> the names, or [] if any part is not a name."""
    parts = [p for p in re.split(r"\s*(?:,|&|\+|\band\b|\bn\b)\s*", text.strip()) if p]
    out = []
    for part in parts:
        part = re.sub(r"(?i)^(?:both|all|also)\s+|\s+(?:both|all|too|also)$", "", part)
        name, rest = peel(part, known)
        if not name or rest.strip():
            return []
        out.append(name)
    return out


def tag_of(words: str) -> str:
    """A group's name as stored: lower case, no "group"/"crew" after it, no '#'."""
    tag = fold(words).strip(" #'\"")
    tag = re.sub(rf"\s+{_GROUP}$", "", tag).strip()
    return tag


# readers ---------------------------------------------------------------------------------
def _gift(text: str, known: list[str]) -> Said | None:
    idea = r"(?:(?:a|another|new)\s+)?(?:(?:bday|birthday|xmas|christmas)\s+)?(?:gift|present|pressie)(?:\s+idea)?s?"
    if m := re.match(rf"(?i)^{idea}\s+(?:for|4)\s+(?P<rest>.+)$", text):
        who, what = _split_slot(m["rest"], known)
        if who and what:
            return Said("add", "gift", [who], _clean(what))
    if m := re.match(rf"(?i)^{idea}\s*[:\-–—]\s*(?P<what>.+?)\s+(?:for|4)\s+(?P<who>.+)$", text):
        people = names(m["who"], known)
        if len(people) == 1:
            return Said("add", "gift", people, _clean(m["what"]))
    if m := re.match(rf"(?i)^(?:i\s+)?(?:should|could|might|want to|wanna|will|gonna|shall)?\s*(?:get|buy|give)\s+"
                     rf"(?P<rest>.+?)\s+(?:for|on)\s+(?:her|his|their|the)\s+{_CONTEXT}$", text):
        who, what = peel(m["rest"], known)
        if who and what and fold(who) not in _NOT_A_NAME:
            return Said("add", "gift", [who], _clean(what))
    return None


def _owe(text: str, known: list[str]) -> Said | None:
    if m := re.match(r"(?i)^(?:i\s+)?(?:still\s+|also\s+)?owe\s+(?P<rest>.+)$", text):
        who, what = peel(m["rest"], known)
        if who and fold(who) not in _EVERYONE:
            return Said("add", "owe", [who], _clean(what) or "money")
    if m := re.match(r"(?i)^(?P<who>.+?)\s+(?:still\s+|also\s+)?owes\s+me\s*(?P<what>.*)$", text):
        people = names(m["who"], known)
        if people:
            return Said("add", "owed", people, _clean(m["what"]) or "money")
    return None


def _lend(text: str, known: list[str]) -> Said | None:
    todo = r"(?:i\s+)?(?:need to |have to |should |must |gotta |got to |will |'ll |promised to |to )?"
    if m := re.match(rf"(?i)^{todo}(?:lend|loan)\s+(?P<rest>.+)$", text):
        who, what = peel(m["rest"], known)
        if who and what:
            return Said("add", "lend", [who], _clean(what))
    if m := re.match(rf"(?i)^{todo}(?:return|give back)\s+(?P<rest>.+)$", text):
        who, what = peel(m["rest"], known)
        if who and what and fold(m["rest"]).split()[0].endswith("'s"):  # "return jo's drill"
            return Said("add", "borrowed", [who], _clean(what))
    if m := re.match(r"(?i)^(?:i\s+)?borrowed\s+(?P<what>.+?)\s+from\s+(?P<who>.+)$", text):
        people = names(m["who"], known)
        if len(people) == 1:
            return Said("add", "borrowed", people, _clean(m["what"]))
    if m := re.match(r"(?i)^(?:i\s+)?borrowed\s+(?P<rest>\S+(?:'s|’s)\s+.+)$", text):
        who, what = peel(m["rest"], known)
        if who and what:
            return Said("add", "borrowed", [who], _clean(what))
    if m := re.match(r"(?i)^(?P<who>.+?)\s+(?:borrowed|still has|has|has got|took)\s+(?P<what>my\s+.+)$", text):
        people = names(m["who"], known)
        if len(people) == 1:
            return Said("add", "lent", people, _clean(m["what"]))
    return None


def _done(text: str, known: list[str]) -> Said | None:
    if m := re.match(r"(?i)^(?:i\s+)?(?:finally\s+|just\s+)?(?:paid|payed|repaid|paid back|settled up with|"
                     r"squared up with|sent the money to)\s+(?P<rest>.+)$", text):
        who, what = peel(m["rest"], known)
        if who:
            return Said("done", people=[who], what=_clean(re.sub(r"(?i)\bback\b", "", what)), kinds=("owe",),
                        verb="paid")
    if m := re.match(r"(?i)^(?P<who>.+?)\s+(?:finally\s+|just\s+)?(?:paid|payed|repaid|sent)\s+me(?:\s+back)?"
                     r"\s*(?P<what>.*)$|^(?P<who2>.+?)\s+paid up$", text):
        people = names(m["who"] or m["who2"], known)
        if len(people) == 1:
            return Said("done", people=people, what=_clean(m["what"] or ""), kinds=("owed",), verb="paid me")
    if m := re.match(r"(?i)^(?:i\s+)?(?:finally\s+|just\s+)?got\s+(?:my|the)\s+(?P<what>.+?)\s+back"
                     r"(?:\s+from\s+(?P<who>.+))?$", text):
        people = names(m["who"], known) if m["who"] else []
        return Said("done", people=people, what=_clean(m["what"]), kinds=("lent",), verb="got back")
    if m := re.match(r"(?i)^(?P<who>.+?)\s+(?:finally\s+|just\s+)?(?:returned|gave back|gave me back|brought back|"
                     r"dropped off|gave me)\s+(?P<what>(?:my|the)\s+.+?)(?:\s+back)?$", text):
        people = names(m["who"], known)
        if len(people) == 1:
            return Said("done", people=people, what=_clean(m["what"]), kinds=("lent",), verb="returned")
    if m := re.match(r"(?i)^(?:i\s+)?(?:finally\s+|just\s+)?(?P<verb>gave|got|bought|sent|handed|ordered|lent|"
                     r"loaned|returned|gave back|paid back|brought)\s+(?P<rest>.+)$", text):
        verb = m["verb"].lower()
        who, what = peel(m["rest"], known)
        if who and what:
            kinds = ("lend", "lent") if verb in ("lent", "loaned") else \
                ("borrowed",) if verb in ("returned", "gave back") else ("gift", "lend", "borrowed")
            return Said("done", people=[who], what=_clean(re.sub(r"(?i)\bback\b", "", what)), kinds=kinds, verb=verb)
    if m := re.match(r"(?i)^(?:i'?m\s+)?(?:done with|finished with|scrap|drop|cross off|tick off|cross out|forget|"
                     r"remove|delete|bin|ditch|nix|no more|skip)\s+(?:the\s+|that\s+|my\s+)?(?P<what>.+?)"
                     r"(?:\s+(?:gift\s+)?(?:idea|one|item|thing))?(?:\s+for\s+(?P<who>.+))?$", text):
        people = names(m["who"], known) if m["who"] else []
        return Said("done", people=people, what=_clean(m["what"]), verb="drop")
    if m := re.match(r"(?i)^(?:the\s+)?(?P<what>.+?)\s+(?:gift\s+)?(?:idea\s+)?(?:is\s+|'s\s+)?(?:done|sorted|bought|"
                     r"taken care of|handled)$", text):
        return Said("done", what=_clean(m["what"]), verb="done")
    return None


def _listing(text: str, known: list[str]) -> Said | None:
    q = text.lower()
    gifts = r"(?:gift|present|pressie)\s+ideas?"
    if m := re.match(rf"^(?:any\s+|what\s+(?:are\s+)?(?:my\s+|the\s+)?|show\s+(?:me\s+)?(?:my\s+|the\s+)?|list\s+"
                     rf"(?:my\s+|the\s+)?|my\s+|got\s+any\s+)?{gifts}(?:\s+(?:for|4)\s+(?P<who>.+?))?"
                     r"(?:\s+(?:again|so far))?$", q):
        return _for(("gift",), m["who"], known)
    if m := re.match(r"^what\s+(?:should|could|can|do|shall)\s+i\s+(?:get|buy|give)\s+(?P<who>.+?)"
                     rf"(?:\s+for\s+(?:her|his|their|the)?\s*{_CONTEXT})?$", q):
        return _for(("gift",), m["who"], known)
    if m := re.match(rf"^(?:any\s+)?ideas?\s+for\s+(?P<who>.+?)(?:'s|s)?\s+(?:gift|present|{_CONTEXT})$", q):
        return _for(("gift",), m["who"], known)
    if m := re.match(r"^(?:what|how much|who)\s+do\s+i\s+(?:still\s+)?owe(?:\s+(?P<who>.+?))?(?:\s+again)?$|"
                     r"^do\s+i\s+(?:still\s+)?owe\s+(?P<who2>.+?)(?:\s+anything|\s+money)?$", q):
        return _for(("owe", "borrowed"), m["who"] or m["who2"], known)
    if m := re.match(r"^(?:who|what)\s+(?:owes\s+me|do\s+people\s+owe\s+me|does\s+(?P<who>.+?)\s+owe\s+me)"
                     r"(?:\s+money|\s+anything)?$|^(?:does\s+)?any(?:one|body)\s+owe\s+me(?:\s+money|\s+anything)?$", q):
        return _for(("owed", "lent"), m["who"], known)
    if m := re.match(r"^who\s+(?:has|borrowed|took)\s+my\s+(?P<what>.+)$", q):
        return Said("list", kinds=("lent",), what=m["what"])
    if re.match(r"^(?:what\s+(?:have|did)\s+i\s+(?:lend|lent|loan|loaned)(?:\s+out)?|what\s+have\s+i\s+borrowed|"
                r"open items|loose ends|what(?:'s| is)\s+(?:still\s+)?open|/owe\b.*|/open\b.*)$", q):
        return Said("list", kinds=("owe", "owed", "lend", "lent", "borrowed"))
    if m := re.match(r"^/gifts?(?:\s+(?P<who>.+))?$", q):
        return _for(("gift",), m["who"], known)
    return None


def _groups(text: str, known: list[str]) -> Said | None:
    q = text
    if m := re.match(r"(?i)^/?(?:groups|tags|(?:what|which)\s+(?:groups|tags)\s+(?:do\s+i\s+have|are\s+there)|"
                     r"(?:show|list)\s+(?:me\s+)?(?:my\s+|all\s+)?(?:groups|tags)|my\s+(?:groups|tags))$", q):
        return Said("groups")
    if m := re.match(r"(?i)^/?tag\s+(?P<who>.+?)\s+(?:as|with|under|in|to)\s+(?:a\s+|an\s+|my\s+|the\s+)?#?"
                     r"(?P<tag>.+)$|^/?tag\s+(?P<who2>.+?)\s+#(?P<tag2>\S+)$|^/?tag\s+(?P<who3>\S+)\s+(?P<tag3>\S+)$", q):
        who = names(m["who"] or m["who2"] or m["who3"], known)
        tag = tag_of(m["tag"] or m["tag2"] or m["tag3"])
        if who and tag:
            return Said("tag", people=who, tag=tag)
    if m := re.match(r"(?i)^/?untag\s+(?P<who>.+?)(?:\s+(?:from|as)\s+#?(?P<tag>.+)|\s+#?(?P<tag2>\S+))?$", q):
        people = names(m["who"], known)
        if people:
            return Said("untag", people=people, tag=tag_of(m["tag"] or m["tag2"] or ""))
    if m := re.match(rf"(?i)^(?P<who>.+?)(?:\s+(?:is|are)|'s|'re)\s+(?:both\s+|all\s+|also\s+|now\s+)?(?:in|part of|on)\s+"
                     rf"(?:my|our|the)\s+(?P<tag>.+?\s+(?:{_GROUP}|{_KEEP_WORDS}))$", q):
        people = names(m["who"], known)
        if people:
            return Said("tag", people=people, tag=tag_of(m["tag"]))
    if m := re.match(rf"(?i)^(?:add|put)\s+(?P<who>.+?)\s+(?:to|in|into|on)\s+(?:my|our|the)\s+"
                     rf"(?P<tag>.+?\s+(?:{_GROUP}|{_KEEP_WORDS}))$", q):
        people = names(m["who"], known)
        if people:
            return Said("tag", people=people, tag=tag_of(m["tag"]))
    if m := re.match(rf"(?i)^(?P<who>.+?)(?:\s+(?:is|are)|'s|'re)\s+(?:also\s+|both\s+|all\s+)?(?:a|an|my|one of my|our)\s+"
                     rf"(?P<tag>[\w-]+(?:\s+[\w-]+)?)\s+{_FRIEND}$", q):
        who = names(m["who"], known)
        tag = tag_of(m["tag"])
        if who and tag and not set(tag.split()) & _NOT_A_TAG:
            return Said("tag", people=who, tag=tag)
    if m := re.match(r"(?i)^(?:remove|take|kick|drop)\s+(?P<who>.+?)\s+(?:from|out of|off)\s+(?:my\s+|our\s+|the\s+)?"
                     r"(?P<tag>.+?)(?:\s+list)?$", q):
        people = names(m["who"], known)
        if people:
            return Said("untag", people=people, tag=tag_of(m["tag"]), verb="maybe")
    if m := re.match(r"(?i)^(?P<who>.+?)\s+(?:is not|isn't|isnt|aren't|arent|are not|is no longer|are no longer|"
                     r"'s no longer|left|quit)\s+(?:in\s+|part of\s+)?(?:my|our|the)\s+(?P<tag>.+?)"
                     r"(?:\s+(?:anymore|any more))?$", q):
        people = names(m["who"], known)
        if people:
            return Said("untag", people=people, tag=tag_of(m["tag"]), verb="maybe")
    if m := re.match(rf"(?i)^(?:who(?:'s|s| is| are|'re| r)?|who all(?:'s| is)?|list|show(?: me)?)\s+(?:in|on|part of|"
                     rf"tagged(?: as| with)?)?\s*(?:my\s+|the\s+|our\s+)?#?(?P<tag>[\w' -]+?)(?:\s+(?:{_FRIEND}))?$|"
                     r"^/people\s+#?(?P<tag2>.+)$", q):
        return Said("group", tag=tag_of(m["tag"] or m["tag2"]), verb="/people" if m["tag2"] else "")
    return None


# helpers ---------------------------------------------------------------------------------
def _for(kinds: tuple[str, ...], who: str | None, known: list[str]) -> Said | None:
    if not who or fold(who).strip() in _EVERYONE or fold(who).strip() in ("my people", "anyone anything"):
        return Said("list", kinds=kinds)
    found = names(who, known)
    return Said("list", kinds=kinds, people=found) if len(found) == 1 else None


def _split_slot(rest: str, known: list[str]) -> tuple[str | None, str]:
    """"sam: a pour-over kettle" / "sam - a kettle" / "sam is a kettle" / "sam a kettle"."""
    if m := re.match(r"^(?P<who>.+?)\s*(?:[:\-–—,=]|\s(?:is|would be|could be|maybe|->))\s*(?P<what>.+)$", rest):
        found = names(m["who"], known)
        if len(found) == 1:
            return found[0], m["what"]
    return peel(rest, known)


def _clean(what: str) -> str:
    return what.strip(" .,:;!?-–—\"'")
