"""Questions: question words, a "?", or an imperative ("tell me about X"), mapped to the fact
asked. Exact facts (birthday, home, work, family, last meeting) are answered from SQL by the
engine; an open "who ...?" goes to hybrid search over notes.
"""

from __future__ import annotations

import re

from core.intents import QuestionIntent
from core.understand.lexicon import RELATIONS, span_days
from core.understand.names import _FAMILY_NAMES, _NOT_NAMES, find_people, fold

_QUESTION_START = re.compile(
    r"^\s*(?:who|whom|whose|who's|whos|what|what's|whats|when|when's|whens|where|where's|wheres|which|how|how's|"
    r"hows|does|"
    r"do|did|is|are|has|have|any|anyone|anybody|tell me|show me|remind me (?:who|what|when|where|how|about)|"
    r"list|give me|"
    r"know anyone|do you know)\b", re.I)
# a question without a question word: "upcoming bdays", "birthdays this month"
_FRAGMENT = re.compile(r"^\s*(?:(?:upcoming|next|coming|soon)\s+(?:birthdays?|bdays?)|(?:birthdays?|bdays?)\s+"
                       r"(?:this|next|coming|soon|upcoming)\b)", re.I)
_REL = "|".join(sorted((re.escape(r) for r in RELATIONS), key=len, reverse=True))
_REL_AFTER = re.compile(rf"^(?:'s|’s|')\s+(?P<rel>{_REL})\b", re.I)
_REL_OF = re.compile(rf"\b(?P<rel>{_REL})\s+of\s+$", re.I)
_HAVE_REL = re.compile(rf"\bhave\s+(?:any\s+)?(?P<rel>{_REL})\b", re.I)
_NAME_FALLBACK = re.compile(r"\b(?:with|about|is|see|saw|meet|met|does|did)\s+([^\W\d_]{2,})(?:'s)?\s*(?:live|work|do|doing|now)?\s*\??\s*$", re.I)
_UPCOMING = re.compile(r"coming up|upcoming|next|soon|this (?:week|month)|any birthdays|whose|birthdays", re.I)
_CITY_Q = re.compile(r"\b(?:know|knows|friends?|anyone|anybody|people|who(?:'s| is)?|lives?|living|based)\s+(?:\w+\s+){0,3}?(?:in|from)\s+(?P<city>[^?]+?)\s*\??$", re.I)


_WINDOW = re.compile(r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|couple of|few)\s+(?P<unit>day|week|month)s?\b")


def _window_days(low: str) -> int:
    """How far ahead "upcoming birthdays" looks: "in the next two weeks" is 14 days."""
    if m := _WINDOW.search(low):
        return min(366, span_days(m["n"], m["unit"]))
    if "fortnight" in low:
        return 14
    return 7 if "week" in low else 31 if "month" in low else 30


def _relation(text: str, mention_end: int | None, mention_start: int | None) -> str | None:
    if mention_end is not None and (m := _REL_AFTER.match(text[mention_end:])):
        return RELATIONS[m["rel"].lower()]
    if mention_start is not None and (m := _REL_OF.search(text[:mention_start])):
        return RELATIONS[m["rel"].lower()]
    if m := _HAVE_REL.search(text):
        return RELATIONS[m["rel"].lower()]
    return None


def parse(text: str, known: list[str], focus: str | None = None) -> QuestionIntent | None:
    """A question intent, or None when `text` is not a question."""
    t = text.strip()
    if not (t.endswith("?") or _QUESTION_START.match(t) or _FRAGMENT.match(t)) or re.match(r"^\s*remind me to\b", t, re.I):
        return None
    low = fold(t)
    mentions = [m for m in find_people(t, known) if fold(m.name) not in _NOT_NAMES or m.name in _FAMILY_NAMES]
    person = mentions[0].name if mentions else None
    if person is None and not re.match(r"(?i)\s*(?:who|anyone|anybody)\b(?!\s+is\b|'s)", t) and (
            fb := _NAME_FALLBACK.search(t)) and fold(fb.group(1)) not in _NOT_NAMES:
        person = fb.group(1).capitalize()
    if person is None and focus and re.search(r"\b(?:he|she|they|him|her|his|their)\b", low):
        person = focus
    relation = _relation(t, mentions[0].end, mentions[0].start) if mentions else None
    if person and not relation and re.search(r"\bmarried\b|\bspouse\b|\bengaged\b", low):
        relation = "spouse"

    def ask(kind: str, **kw) -> QuestionIntent:
        return QuestionIntent(kind=kind, person=person, relation=relation, query=t, **kw)

    if re.search(r"\b(?:birthdays?|bdays?|b-days?|born|how old)\b", low):
        if person is None or (_UPCOMING.search(low) and not mentions):
            return QuestionIntent(kind="upcoming_birthdays", query=t, days=_window_days(low))
        return ask("birthday")
    if re.search(r"\bwhere\b", low) and re.search(r"\bdid\b.*\bi\b|\bhave i\b|\bwe\b", low):
        if re.search(r"\blast\b|\brecently\b", low):
            return ask("where_last_seen")
        return ask("where_met" if re.search(r"\b(?:meet|met|first)\b", low) else "where_last_seen")
    if person and re.search(r"\bwhat did (?:i|we) (?:do|get up to)\b", low):
        return ask("last_seen")  # "what did I do with Ollie last time?": the last meeting, with its note
    if re.search(r"\bwhen\b|\bhow long\b|\blast time\b", low) and re.search(
            r"\b(?:see|saw|seen|meet|met|talk|talked|speak|spoke|catch|caught|hang|hung|have|had|visit|call|go|went|"
            r"been|grab|grabbed|play|played|eat|ate|hear|heard)\b", low):
        if re.search(r"\b(?:meet|met)\b", low) and not re.search(r"\blast\b|\brecently\b", low):
            return ask("first_met")
        return ask("last_seen")
    if person and re.search(r"\bwhere\b", low) and re.search(r"\b(?:work|works|working|job|employ)", low):
        return ask("work")
    if person and re.search(r"\bwhere\b", low) or re.search(r"\b(?:lives?|living|based|home ?town|city)\b", low) and person:
        if not re.search(r"\bwho\b", low):
            return ask("lives")
    if person and re.search(r"\bwhat (?:does|did|is)\b.*\b(?:do|does|doing for work|job)\b|\bjob\b|\bwork(?:s|ing)? (?:at|for|as)?\b|\boccupation\b|\bprofession\b|\bfor a living\b|\bemployer\b", low):
        if not re.search(r"\bnew\b|\bnews\b|\bup to\b", low):
            return ask("work")
    if not person and (m := _CITY_Q.search(t)):
        city = m["city"].strip(" ?.!")
        if city and not re.search(r"\b(?:the|a|an|my)\b", city.lower()):
            return QuestionIntent(kind="who_in_city", query=city)
    if person and relation and not re.search(r"\bnew\b|\bnews\b|\bup to\b|\bdoing\b|\bhow\b", low):
        return ask("relation")
    if person and re.search(r"\bnew\b|\bnews\b|\bup to\b|\bup with\b|\bhow(?:'s| is| are)\b|\bgoing on\b|\blatest\b|\bupdates?\b|\bhappening\b|\bdoing\b", low):
        return ask("whats_new")
    if person:
        return ask("who_is")
    if re.match(r"^\s*(?:who|whom|whose|which|any|anyone|anybody|do i know|know anyone|tell me|what)", low):
        return QuestionIntent(kind="search", query=t)
    return QuestionIntent(kind="search", query=t)
