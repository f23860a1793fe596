"""Questions: question words, a "?", or an imperative ("tell me about X"), mapped to the fact
asked. Exact facts (birthday, home, work, family, last meeting) are answered from SQL by the
engine; an open "who ...?" goes to hybrid search over notes.

Who a question is about comes from the name finder first, then from the slot a word stands
in: "whats up w X", "where does X live", "when did i last see X", "X's bday", "who is X".
A word in such a slot is a name even when it is also a word ("where does may live" with a May
in the address book), and a name nobody knows stays a name, so the answer can say so honestly
instead of searching someone else's notes. "toms bday" is "tom's bday" when Tom is known.
"who did i see last week" asks the meeting log for a range of days (`date_range`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from core import fields
from core.intents import QuestionIntent
from core.understand import question_words, upcoming, yearly_dates
from core.understand.asked_kinds import asked_kind
from core.understand.lexicon import RELATIONS, span_days
from core.understand.names import _FAMILY_NAMES, Mention, find_people, fold
from core.understand.range_questions import range_only
from core.understand.ranges import date_range
from core.understand.recall import parse as recall_question
from core.understand.wordkind import is_small_word, never_a_name

_QUESTION_START = re.compile(
    r"^\s*(?:who|whom|whose|who's|whos|what|what's|whats|when|when's|whens|where|where's|wheres|which|how|how's|"
    r"hows|does|"
    r"do|did|is|are|has|have|any|anyone|anybody|tell me|show me|remind me (?:who|what|when|where|how|about)|"
    r"list|give me|"
    r"know anyone|do you know|anything\s+(?:new|on|about|abt|from|w|with)|(?:the\s+|some\s+)?(?:info|information|deets|"
    r"details|news|updates?|intel|scoop|lowdown|tea|gossip)\s+(?:on|about|abt|re))\b", re.I)
# a question without a question word: "upcoming bdays", "birthdays this month", "and her bday", "what abt his kids"
_FRAGMENT = re.compile(r"^\s*(?:(?:any\s+)?(?:upcoming|next|coming|soon)\s+(?:birthdays?|bdays?)|(?:any\s+)?(?:birthdays?|bdays?)\s+"
                       r"(?:this|next|coming|soon|upcoming|(?:in|over|within)\s+the\s+(?:next|coming)|before|until|till)\b"
                       r"|(?:and|n|&|(?:what|how)\s+(?:about|abt|bout))\s+(?:his|her|their)\s+[^\W\d_]+\W*$)", re.I)
# "who's got a bday this week", "anyone have a birthday soon": whose birthday, not one person's
_WHO_HAS = re.compile(r"\s*(?:who|whose|who's|whos|anyone|anybody|any\s+one)\b(?:'s)?\s+(?:got|has|have|having|with)\b")
# a known person's name and a kind with nothing said of it: "noa bday", "ikaikas birthday", "lea's bday!"
_KIND_ALONE = re.compile(r"(?i)^\s*(?P<name>[^\W\d_][\w-]*?(?:\s+[^\W\d_][\w-]*?)?)(?:'s|’s|s)?\s+"
                         r"(?:bday|b-day|birthday|birth\s*day|dob)\s*[.!]*\s*$")
# words before a question that ask nothing: "ok so when did i ...", "um where is ..."
_LEAD = re.compile(r"(?i)^(?:(?:ok|okay|k|so|um+|erm|uh+|hmm+|oh|btw|lol|wait|also)\b[\s,.]*|"
                   r"(?:and|n|&)\s+(?=(?:who|whom|whose|what|when|where|which|how|did|have)\b))+(?=\S)")
# kinship as people text it, when they ask: "toms sis", "her hubby", "their kiddos", "his missus"
ASKED_RELATIONS = RELATIONS | {"sis": "sister", "bro": "brother", "hubby": "husband", "wifey": "wife", "missus": "wife",
                                "kiddo": "kid", "kiddos": "kid", "kiddies": "kid", "baby": "kid", "bub": "kid",
                                "lil one": "kid", "little one": "kid", "little ones": "kid", "nan": "grandmother",
                                "nana": "grandmother", "gran": "grandmother", "granny": "grandmother",
                                "grandad": "grandfather", "granddad": "grandfather", "ma": "mother", "pa": "father",
                                "mommy": "mother", "mummy": "mother", "daddy": "father", "bestie": "best friend",
                                "bff": "best friend", "fiancée": "fiancée", "other half": "partner",
                                "significant other": "partner", "husbands": "husband", "wives": "wife",
                                "babies": "kid", "stepkids": "kid", "grandkids": "kid", "grandchildren": "kid"}
_REL = "|".join(sorted((re.escape(r) for r in ASKED_RELATIONS), key=len, reverse=True))
_REL_AFTER = re.compile(rf"^(?:'s|’s|')\s+(?P<rel>{_REL})(?:'s|’s|s)?\b", re.I)  # "tom's wife's", "toms wifes name"
_REL_OF = re.compile(rf"\b(?P<rel>{_REL})\s+of\s+$", re.I)
_PRONOUN_REL = re.compile(rf"\b(?:his|her|their|hes|shes)\s+(?P<rel>{_REL})(?:'s|’s|s)?\b", re.I)
_HAVE_REL = re.compile(rf"\bhave\s+(?:any\s+|a\s+)?(?P<rel>{_REL})\b", re.I)
_NAME_FALLBACK = re.compile(r"\b(?:with|about|is|who['’]?s|see|saw|meet|met|does|did)\s+([^\W\d_]{2,})(?:'s)?\s*(?:live|work|do|doing|now)?\s*\??\s*$", re.I)
# "who broke their arm", "anyone lose her job": the pronoun is the asked-for person's own, not someone talked about
_OWN = re.compile(r"^\s*(?:who|anyone|anybody|someone)\s+(?!is\b|was\b|are\b|were\b|'s\b|did\b|does\b|do\b|has\b|have\b)"
                  r"\w+\s+(?:his|her|their)\b")
_UPCOMING = re.compile(r"coming up|upcoming|next|soon|this (?:week|month)|any birthdays|whose|birthdays|"
                       r"\bin (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_CITY_Q = re.compile(r"\b(?:know|knows|friends?|anyone|anybody|people|who(?:'s| is)?|lives?|living|based)\s+(?:\w+\s+){0,3}?(?:in|from)\s+(?P<city>[^?]+?)\s*\??$", re.I)


_FRAME = ("who|whom|whose|whos|who's|which|any|what|whats|what's|when|whens|when's|where|how|hows|how's|why|is|are|was|does|did|"
          "do|and|the|a|an|my|i|you|u|we|he|she|they|his|her|their|last|new|up")
_WORD = rf"(?!(?:{_FRAME})\b)[^\W\d_]+(?:['’-](?!s\b)[^\W\d_]+)*"  # "o'neill", not "ozturk's"
_POSSESSED = rf"(?:bday|birthday|b-day|bday's|(?:{_REL})(?:'s|’s|s)?)"
# the slots a person stands in, in a question; the name is one to three words
_NAME = rf"(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}}?)"
_TAIL = (r"(?:\s+(?:lately|recently|these days|nowadays|now|again|at all|last|first|too|doing|up to|been up to|today|"
         r"yesterday|this (?:week|weekend|month|year)|last (?:week|weekend|month|night)))*[\s?!.]*$")
_SLOTS = [
    # "when is X's bday", "who is toms wife", "X bday?"
    re.compile(rf"(?:^|\b(?:is|was|are|'s|what|when|whens|when's|who|whos|who's|know|about|remind me of)\s+)"
               rf"{_NAME}(?:'s|’s|s|')?\s+{_POSSESSED}\b", re.I),
    # "where does X live", "what does X do", "does X have a dog", "is X married", "did X move"
    re.compile(rf"^(?:(?:where|what|when|how|who|why)\s+(?:does|did|do|is|was|has|can)|(?:does|did|do|is|was|has|can)|"
               rf"(?:where|what|when|how|who)(?:'s|’s|s))\s+{_NAME}\s+"
               r"(?:live|living|lives|work|working|works|do|doing|stay|staying|based|have|has|got|own|like|play|"
               r"married|engaged|single|still|ever|go|went|move|moved|study|studying|get|at|in|from|into|a|an)\b", re.I),
    # "when did i last see X", "where did i meet X", "how long since i saw X"
    re.compile(rf"\b(?:see|saw|seen|meet|met|talk(?:ed)? to|spoke to|speak to|call(?:ed)?|text(?:ed)?|hear from|"
               rf"heard from|caught up with|catch up with|hang out with|hung out with|visit(?:ed)?|"
               rf"(?:had|have|get|got|grab|grabbed)\s+(?:\w+\s+)?(?:with|w/?))\s+{_NAME}{_TAIL}", re.I),
    # "whats up w X", "any news about X", "what do you know about X", "tell me about X"
    re.compile(rf"\b(?:with|w/?|about|abt|on|from|re)\s+{_NAME}{_TAIL}", re.I),
    # "who is X", "how's X", "X?"
    re.compile(rf"^(?:who(?:'s|’s| is|s| was)|how(?:'s|’s| is|s| are)|and)\s+{_NAME}{_TAIL}", re.I),
    re.compile(rf"^{_NAME}\s*\?+$", re.I),
]
_NOT_PEOPLE = {"i", "me", "you", "u", "we", "us", "he", "she", "they", "him", "her", "them", "his", "their", "it",
               "my", "your", "our", "the", "a", "an", "this", "that", "there", "anyone", "anybody", "someone",
               "somebody", "everyone", "everybody", "people", "who", "whose", "which", "what", "new", "up", "going",
               "happening", "all", "next", "upcoming", "coming", "any", "no", "some", "many", "most", "his", "its"}


_WEAK = 4  # the slots from here on ("who is X", "X?") may as well hold a word: a name there must look like one


def _slot(t: str) -> tuple[int, int, bool] | None:
    """The span of the words a question's shape says are a person, and whether the shape is sure."""
    for n, pattern in enumerate(_SLOTS):
        if (m := pattern.search(t)) and fold(m["name"].split()[0]) not in _NOT_PEOPLE:
            return *m.span("name"), n < _WEAK
    return None


def _apostrophes(t: str, known: list[str]) -> str:
    """"toms bday" -> "tom's bday" when Tom is known and "Toms" is not (and a word follows: "who has
    cats?" with a Cat in the address book is about cats)."""
    names = {w for n in known for w in fold(n).split()}
    return re.sub(r"\b([^\W\d_]{2,})s\b(?=\s+[^\W\d_])", lambda m: f"{m[1]}'s" if fold(m[1]) in names and fold(m[0]) not in names
                  else m[0], t)


def _known_as(words: str, known: list[str]) -> bool:
    """Do these words name a contact (the full name, the first name, or the start of the name)?"""
    folded = fold(words)
    return any(folded == (f := fold(n)) or folded == f.split()[0] or f.startswith(folded + " ") for n in known if n)


def _person_in_slot(t: str, known: list[str], mentions: list[Mention]) -> tuple[str | None, int | None, int | None]:
    """(name, start, end) of the person a question's slot names: a known contact when the slot
    holds one, else the slot's words as a new name; None when the slot is empty."""
    found = _slot(t)
    if found is None:
        return None, None, None
    start, end, sure = found
    words = t[start:end]
    if _known_as(words, known):
        return words, start, end
    if any(len(w) > 4 and re.search(r"(?:ing|ed)$", w, re.I) for w in words.split()):
        return None, None, None  # "who is getting married": a verb, not a name
    if len(words.split()) == 1 and is_small_word(words) and not re.match(r"['’]", t[end:]):
        return None, None, None  # "who has kids", "who's got twins": a verb where a name would stand
    if mentions or any(never_a_name(t, start + w.start()) and (len(words.split()) > 1 or not sure)
                       for w in re.finditer(r"\S+", words)):
        return None, None, None
    return " ".join(w[:1].upper() + w[1:] for w in words.split()), start, end


@dataclass
class _Slot:
    start: int
    end: int
    name: str


_ASKS_TO_REMIND = re.compile(r"(?i)\b(?:remind|nudge|ping|bug|poke|alert|tell) me\b|\b(?:keep|stay) in touch\b|"
                             r"\bcheck in\b|\bcatch up\b|\bdon'?t let me forget\b")
_EVERY = re.compile(r"(?i)\bevery\b|\b(?:daily|weekly|fortnightly|biweekly|monthly|quarterly|yearly)\b|"
                    r"\b(?:haven'?t|havent|not)\b.*\b(?:in|for)\s+(?:a|an|\d+|\w+)\s+(?:day|week|month|year)s?\b")


# "who haven't i seen in a while", "who should i catch up with", "anyone i've lost touch with"
_NOT_SEEN = re.compile(
    r"^(?:who|whom|anyone|anybody|which (?:friends?|people))\b.*(?:\b(?:haven'?t|have not|havent|not|didn'?t)\b.*\b(?:see|seen|"
    r"met|meet|talk(?:ed)?|spoken|caught up|hung out|heard from)\b|\blost touch\b|\bshould i (?:catch up|check in|reach out|"
    r"call|text|see|meet)\b|\b(?:overdue|neglect(?:ed|ing)?)\b)")


# "who did i see last week", "did i meet anyone this month", "who have i hung out with lately"
_ASKS_WHO_SEEN = re.compile(
    r"\b(?:who|whom|anyone|anybody|someone|people|friends)\b.*\b(?:see|saw|seen|meet|met|hang|hung|catch|caught|"
    r"visit|visited|spend|spent|have|had|talk|talked|spoke|call|called|phoned|rang|text|texted|message|messaged|"
    r"run into|ran into|bump(?:ed)? into|hear|heard)\b"
    r"|\b(?:see|saw|seen|meet|met|hang|hung)\b.*\b(?:who|whom|anyone|anybody|someone)\b"
    r"|^(?:who|whom)\s+(?:was|were|have|had)\s+(?:i|we)\s+(?:been\s+)?(?:with|out with)\b")


_WINDOW = re.compile(r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|couple of|few)\s+(?P<unit>day|week|month)s?\b")


def _window_days(low: str) -> int:
    """How far ahead "upcoming birthdays" looks: "in the next two weeks" is 14 days."""
    if m := _WINDOW.search(low):
        return min(366, span_days(m["n"], m["unit"]))
    if "fortnight" in low:
        return 14
    return 7 if "week" in low else 31 if "month" in low else 30


# a question asked after saying why: "my tooth hurts, who could help", "need a plumber. anyone know one"
_ASKS_AFTER = re.compile(
    r"[,.;:!]\s*(?:so\s+|any\s+idea\s+)?(?P<ask>(?:who|anyone|anybody|does anyone|do i know anyone|know anyone|"
    r"whom)\b[^,.;:!?]*?\b(?:could|can|should|would|might|knows?|recommend|ask|help)\b[^,.;:!?]*)\??\s*$", re.I)


def _asks_after_saying(t: str, known: list[str]) -> bool:
    """A statement, then a question for people about it ("...,who can i ask"), not a relative
    clause after a name ("met sam, who can fix anything")."""
    if not (m := _ASKS_AFTER.search(t)) or t.strip().endswith("?") and _QUESTION_START.match(t):
        return False
    before = t[:m.start()].rstrip()
    return not any(p.end >= len(before) - 1 for p in find_people(before, known))


def _together(t: str, mentions: list[Mention | _Slot], known_folded: set[str]) -> str | None:
    """"kofi and diego", "ines, kofi & diego": known people named side by side, as "A and B"."""
    names = [mentions[0].name]
    for before, m in zip(mentions, mentions[1:]):
        gap = t[before.end:m.start]
        if not re.fullmatch(r"(?i)(?:'s|s)?\s*(?:,|&|\+|/)?\s*(?:and|n|or|&)?\s*", gap) or fold(m.name) not in known_folded:
            break
        names.append(m.name)
    if len(names) < 2 or fold(names[0]) not in known_folded or len({fold(n) for n in names}) < len(names):
        return None
    return " and ".join(names)


def _relation(text: str, mention_end: int | None, mention_start: int | None) -> str | None:
    if mention_end is not None and (m := _REL_AFTER.match(text[mention_end:])):
        return ASKED_RELATIONS[m["rel"].lower()]
    if mention_start is not None and (m := _REL_OF.search(text[:mention_start])):
        return ASKED_RELATIONS[m["rel"].lower()]
    if m := _HAVE_REL.search(text):
        return ASKED_RELATIONS[m["rel"].lower()]
    return None


def parse(text: str, known: list[str], focus: str | None = None, today: date | None = None) -> QuestionIntent | None:
    """A question intent, or None when `text` is not a question."""
    text = question_words.normalise(text, known)  # "wat does X do", "wen is", "hw old": the words meant
    text = _LEAD.sub("", text)
    t = _apostrophes(re.sub(r"(?i)\b(where|when|what|how)['’]d\b", r"\1 did", text.strip()), known)  # "where'd i"
    t = re.sub(r"(?i)(?<=\w)[\s,]+(?:pls|plz|please|thx|thanks|ty|lol|haha|rn|asap|again)(?=[\s?!.]*$)", "", t) or t
    t = re.sub(r"(?i)^who['’]?s\b(?!\s+(?:got|been|had)\b)", "who is", t)  # "who's kabir": the word after is read as after "is"
    if q := recall_question(t, known, focus, today):  # a brief, looking back, losing touch
        return q
    if (bare := t.strip(" ?!.")) and _known_as(bare, known) and len(bare.split()) <= 3:
        return QuestionIntent(kind="who_is", person=bare, query=t)  # a known name alone: "kasia", "seun?"
    if (alone := _KIND_ALONE.match(t)) and (_known_as(alone["name"], known) or not any(
            never_a_name(t, w.start()) or fold(w[0]) in _NOT_PEOPLE for w in re.finditer(r"[^\W\d_][\w-]*", alone["name"]))):
        t = t.rstrip(" .!") + "?"  # "noa bday": a name and a kind with nothing said of it asks for it
    if (fields.asks_for_help(t) and not _ASKS_TO_REMIND.search(t)) or _asks_after_saying(t, known):
        # "my cat is sick, who could help", "my tooth hurts, anyone?": the whole message is the question
        return QuestionIntent(kind="search", query=t)
    if today is not None and (asked := range_only(fold(t).lower(), today)):  # "anything else this month?", "and next week"
        return asked
    if not (t.endswith("?") or _QUESTION_START.match(t) or _FRAGMENT.match(t)) or re.match(r"^\s*remind me to\b", t, re.I):
        return None
    if _ASKS_TO_REMIND.search(t) and _EVERY.search(t):
        return None  # "can you remind me to text maya every month?": a request to set up, not a question
    low = re.sub(r"\bw/?\s+(?=[^\W\d_])", "with ", fold(t))  # texting: "w/ maya", "lunch w maya"
    if _NOT_SEEN.search(low):
        return QuestionIntent(kind="not_seen", query=t)
    if today is not None and (span := date_range(low, today)) and _ASKS_WHO_SEEN.search(low):
        return QuestionIntent(kind="seen_between", query=t, start=span[0], end=span[1])
    mentions: list[Mention | _Slot] = [
        m for m in find_people(t, known) if not never_a_name(t, m.start) or m.name in _FAMILY_NAMES]
    known_folded = {fold(n) for n in known} | {fold(n).split()[0] for n in known if n.strip()}
    if not any(fold(m.name) in known_folded for m in mentions):  # a slot may hold a known name the finder skipped
        slot_name, s0, s1 = _person_in_slot(t, known, [m for m in mentions if isinstance(m, Mention) and m.known])
        if slot_name and s0 is not None and s1 is not None and (not mentions or fold(slot_name).split()[0] in known_folded):
            mentions = [_Slot(s0, s1, slot_name)]
    elif (found := _slot(t)) and mentions[0].start == found[0] and found[1] > mentions[0].end and not _known_as(
            t[found[0]:found[1]], known) and not any(never_a_name(t, mentions[0].end + w.start()) for w in
                                                     re.finditer(r"[^\W\d_]\S*", t[mentions[0].end:found[1]])) \
            and not re.search(r"(?i)\b(?:and|n|or)\b|[&,+/]", t[mentions[0].end:found[1]]):
        # "any news on lena park" with only Lena Kim known: someone else ("whos jess married to" is Jess)
        words = t[found[0]:found[1]]
        mentions = [_Slot(found[0], found[1], " ".join(w[:1].upper() + w[1:] for w in words.split()))]
    person = mentions[0].name if mentions else None
    if person and (together := _together(t, mentions, known_folded)):
        person = together  # "what do i know about kofi and diego": each of them
    if person is None and not re.match(r"(?i)\s*(?:who|anyone|anybody)\b(?!\s+is\b|'s)", t) and (
            fb := _NAME_FALLBACK.search(t)) and not never_a_name(t, fb.start(1)):
        person = fb.group(1).capitalize()
    if person is None and focus and re.search(r"\b(?:he|she|they|him|her|his|their|we|us)\b", low) and not _OWN.match(low):
        person = focus  # "and her bday?", "where did we go": the person talked about last
    relation = _relation(t, mentions[0].end, mentions[0].start) if mentions else None
    if person == focus and not mentions and (m := _PRONOUN_REL.search(t)):
        relation = ASKED_RELATIONS[m["rel"].lower()]  # "and her husband?", "what about his kids"
    if person and not relation and re.search(r"\bmarried\b|\bspouse\b|\bengaged\b", low):
        relation = "spouse"

    def ask(kind: str, **kw: Any) -> QuestionIntent:  # kw: the other fields of the question, as given
        return QuestionIntent(kind=kind, person=person, relation=relation, query=t, **kw)

    if person and yearly_dates.asked(low):  # "when is sam's anniversary?", "when did omar's dad die?"
        return QuestionIntent(kind="yearly", person=person, relation=relation if relation != "spouse" else None,
                              query=t)
    if person and (fact_kind := asked_kind(low)):  # "where is dami from", "what does yasmin study"
        return ask(fact_kind)
    if re.search(r"\b(?:birthdays?|bdays?|b-days?|born|how old)\b", low):
        if person is None or (_UPCOMING.search(low) and not mentions) or (  # "who's got a bday this week"
                _WHO_HAS.match(low) and not any(fold(m.name) in known_folded for m in mentions)):
            if today is not None:  # "bdays next month", "any in june?", "next couple weeks", "before christmas"
                first, last = upcoming.window(low, today)
                return QuestionIntent(kind="upcoming_birthdays", query=t, days=(last - today).days, start=first, end=last)
            return QuestionIntent(kind="upcoming_birthdays", query=t, days=_window_days(low))
        return ask("birthday")
    if re.search(r"\bwhere\b", low) and re.search(r"\bdid\b.*\bi\b|\bhave i\b|\bwe\b", low):
        if re.search(r"\blast\b|\brecently\b", low):
            return ask("where_last_seen")
        return ask("where_met" if re.search(r"\b(?:meet|met|first)\b", low) else "where_last_seen")
    if person and re.match(r"(?:have|did|had) (?:i|we|you) (?:\w+ )?(?:see|seen|saw|meet|met|talk|talked|spoken|spoke|"
                           r"catch|caught|hang|hung|visit|visited|call|called)\b", low):
        return ask("last_seen")  # "have i seen maya lately?": the last meeting says
    if person and re.search(r"\bwhat did (?:i|we) (?!say|tell|write|note|hear|think)\w+", low):
        return ask("last_seen")  # "what did I do with Ollie last time?": the last meeting, with its note
    if re.search(r"\bwhen\b|\bhow long\b|\blast time\b", low) and re.search(
            r"\b(?:see|saw|seen|meet|met|talk|talked|speak|spoke|catch|caught|hang|hung|have|had|visit|call|go|went|"
            r"been|grab|grabbed|play|played|eat|ate|hear|heard)\b", low):
        if re.search(r"\b(?:meet|met)\b", low) and not re.search(r"\blast\b|\brecently\b", low):
            return ask("first_met")
        return ask("last_seen")
    if person and re.search(r"\b(?:work(?:s|ing)?|busy) (?:on|with)\b|\bprojects?\b", low):
        return ask("whats_new")  # "what's X working on": what they are busy with, not their job
    if person and re.search(r"\bwhere(?:'?s)?\b", low) and re.search(r"\b(?:work|works|working|job|employ)", low):
        return ask("work")
    if person and re.search(r"\bwhere(?:'?s)?\b", low) or re.search(r"\b(?:lives?|(?<!for a )living|based|home ?town|city)\b", low) and person:
        if not re.search(r"\bwho\b", low):
            return ask("lives")
    if person and re.search(r"\bwhat(?: (?:does|did|is)\b|'?s ).*\b(?:do|does|doing for work|job)\b|\bjob\b|\bwork(?:s|ing)? (?:at|for|as)?\b|\boccupation\b|\bprofession\b|\bfor a living\b|\bemployer\b", low):
        if not re.search(r"\bnew\b|\bnews\b|\bup to\b", low):
            return ask("work")
    if not person and (m := _CITY_Q.search(t)) and not re.search(r"\bwork(?:s|ing)?\s+(?:\w+\s+)?in\b", low):
        city = re.split(r"(?i)\b(?:in|from)\s+", m["city"])[-1].strip(" ?.!")  # "who in my contacts lives in X"
        if city and not re.search(r"\b(?:the|a|an|my)\b", city.lower()) and not fields.named(city):  # "in tech"
            return QuestionIntent(kind="who_in_city", query=city)
    if person and relation and not re.search(r"\bnew\b|\bnews\b|\bup to\b|\bup with\b|\bdoing\b|\bhow\b|"
                                             r"\bgoing on\b|\bhappening\b|\blatest\b|\bupdates?\b", low):
        return ask("relation")
    if person and re.search(r"\bnew\b|\bnews\b|\bup to\b|\bup with\b|\bhow(?:'?s| is| are)\b|\bgoing on\b|\blatest\b|"
                            r"\bupdates?\b|\bhappen(?:ing|ed)\b|\bdoing\b", low):
        return ask("whats_new")
    if person:
        return ask("who_is")
    if re.match(r"^\s*(?:who|whom|whose|which|any|anyone|anybody|do i know|know anyone|tell me|what)", low):
        return QuestionIntent(kind="search", query=t)
    return QuestionIntent(kind="search", query=t)
