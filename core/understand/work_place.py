"""Work said with where it is, a business someone runs, a job they are at now, and a move
that is planned: "aroha is a nurse in wellington", "mei runs a cafe in taipei", "he's at
google now", "zanele got a job at discovery in joburg, she moves there next month",
"chidi is moving to leeds in the spring".

- A job title or an employer followed by "in <place>" says where the person lives (the
  place must look like one: the tagger reads it as a location, or it is no English word;
  "a nurse in training", "in sales" are not places).
- "runs / owns / opened / is opening / set up a <business>" is their work: title "owner of a
  <business>" ("manager of ..." for "manages").
- "<org> now" after "he's at" / "she's with" is where they work now, in any case, and so is
  the organisation after a trade's verb ("flies for emirates", "teaches at kings").
- A move in the future ("is moving to", "moves there next month", "will move to") is the kind
  `moving_to` ("Leeds (next month)"), not yet where they live; "there" is the last place the
  message named. Answers to "where does X live" tell it beside the current city.
"""

from __future__ import annotations

import logging
import re

from core.intents import FactStatement
from core.understand import tagger
from core.understand.phrases import BOUNDARY, phrase_after
from core.understand.wordkind import is_word

logger = logging.getLogger(__name__)

_TITLE_IN = re.compile(
    r"(?:\bis|'s|’s|\bwas|\bworks as|\bworking as|\bbecame|\bnow)\s+(?:now\s+)?(?:a|an)\s+"
    r"(?P<title>(?:[^\W\d_][\w'’-]*\s+){0,3}?[^\W\d_][\w'’-]*)\s+(?:in|based in|out of)\s+(?=\S)", re.I)
_BUSINESS = re.compile(
    r"\b(?P<verb>runs|running|run|owns|owning|own|opened|opening|co-owns|manages|managing|founded|co-founded|"
    r"started|starting|set up|setting up|launched|launching)\s+(?P<det>a|an|her own|his own|their own|this|that)\s+",
    re.I)
_BUSINESS_WORDS = re.compile(
    r"\b(?:cafe|café|coffee|bakery|restaurant|bar|pub|shop|store|boutique|salon|studio|gallery|bookshop|bookstore|"
    r"business|company|startup|start-up|firm|agency|practice|clinic|gym|farm|hotel|hostel|guesthouse|brewery|"
    r"roastery|winery|kitchen|food truck|stall|workshop|garage|school|nursery|daycare|label|consultancy|"
    r"deli|diner|bistro|takeaway|b&b|spa|market|ngo|charity|foundation|factory|vineyard|dojo|pharmacy|"
    r"dental practice|law firm|print shop|barbershop|barber shop|tailor|bodega|kiosk)\b", re.I)
_AT_NOW = re.compile(r"(?:\b(?:he|she|they)(?:'s|’s|s|\s+is|\s+are|'re|’re)|(?:'s|’s|\bis))\s+(?:now\s+)?(?:working\s+)?"
                     r"(?:at|with)\s+(?!(?:the|a|an|home|work|school|uni|my|his|her|their|our|mine|it)\b)"
                     r"(?P<org>[^\W\d_][\w&'’.-]*(?:\s+[^\W\d_][\w&'’.-]*){0,2}?)\s+"
                     r"(?:now|these days|nowadays|full[- ]time)\b", re.I)
# a verb of a trade, then the organisation it is done for: "flies for emirates", "teaches at kings"
_DOES_FOR = re.compile(r"\b(?:flies|drives|plays|writes|teaches|lectures|nurses|consults|volunteers|interns|codes|designs|"
                       r"reports|presents|coaches|lawyers|trains|flew|drove|played|wrote|taught|lectured|coached)\s+"
                       r"(?:for|at)\s+(?!(?:a|an|the|my|his|her|their|our|fun|free|money|a living|home|work|school|uni|"
                       r"ages|years|hours|months|weeks|days|fitness|charity|himself|herself|themselves)\b)", re.I)
# a job taken: "joining zomato next month", "started at nubank", "got poached by stripe" (what follows must look
# like an organisation: `_looks_like_org`)
_JOINS = re.compile(r"\b(?:joining|joined|joins|(?:will|gonna|going to|about to)\s+join|(?:starts|starting|started|start)\s+"
                    r"(?:at|with)|(?:switching|switched|jumping|jumped)\s+(?:over\s+)?to|(?:hired|employed|taken on)\s+(?:at|by)|(?:poached|"
                    r"headhunted|recruited|snapped up)\s+by|(?:an?\s+)?(?:job\s+)?offer\s+(?:from|at)|signed\s+with)\s+"
                    r"(?!(?:the|a|an|my|his|her|their|our|us|me|them|him|work|school|uni|college|home)\b)", re.I)
_ORG_LABELS = ("corporation", "group", "product")


def _looks_like_org(text: str, start: int, phrase: str) -> bool:
    """Does `phrase`, at `start` in `text`, name an organisation (the tagger says so, or it is no English word)?"""
    tagged = next((w for w in tagger.tag(text) if w.start == start), None)
    if tagged is not None and tagged.label.endswith(_ORG_LABELS):
        return True
    return not all(is_word(w) for w in phrase.split())


_PLANNED = re.compile(
    r"\b(?:is|'s|’s|are|'re|’re|am)?\s*(?:moving|relocating|heading)\s+(?:back\s+)?(?:to\s+|there\b)"
    r"|\b(?:moves|relocates)\s+(?:back\s+)?(?:to\s+|there\b)(?=.*\b(?:next|in|this|soon|after|end of|by)\b)"
    r"|\b(?:will|'ll|’ll|gonna|going to|about to|plans? to|planning to|wants? to|hoping to)\s+(?:move|relocate)\s+"
    r"(?:back\s+)?(?:to\s+|there\b)", re.I)
_WHEN = re.compile(r"\s*(?P<when>(?:next|this|in|by|after|before|at the end of|end of|early|late|mid)\s+[\w-]+"
                   r"(?:\s+(?:month|year|week|summer|spring|autumn|fall|winter))?|soon|in the (?:new year|spring|summer|"
                   r"autumn|fall|winter))", re.I)
# a move said with its moment now: under way, not planned ("she's moving to subotica for good", "... today")
_UNDER_WAY = re.compile(r"\s*(?:,\s*)?(?:for\s+good|today|tonight|now|rn|right\s+now|as\s+we\s+speak|permanently|"
                        r"this\s+(?:morning|afternoon|evening))\b", re.I)
_NOT_PLACE = {"training", "charge", "love", "debt", "trouble", "town", "person", "the", "a", "an", "my", "his", "her",
              "their", "our", "sales", "marketing", "tech", "finance", "it", "hr", "there", "here", "general"}


def looks_like_place(text: str, start: int, phrase: str) -> bool:
    """Does `phrase`, at `start` in `text`, name a place (a city, a country)?"""
    first = phrase.split()[0].lower().strip("'’")
    if first in _NOT_PLACE or first in BOUNDARY:
        return False
    words = tagger.tag(text)
    tagged = next((w for w in words if w.start == start), None)
    if tagged is not None and tagged.label.endswith("location"):
        return True
    return not all(is_word(w) for w in phrase.split())


def _place_after(text: str, at: int) -> str | None:
    place = phrase_after(text, at, max_words=3)
    return place if place and looks_like_place(text, at, place) else None


def work_place_facts(text: str, subject: str, correction: bool,
                     people: tuple[tuple[int, int], ...] = ()) -> list[FactStatement]:
    """Work, where it is, and a planned move that `text` says of `subject` (`people`: where the
    clause names people, who are never an employer)."""
    out: list[FactStatement] = []

    def add(kind: str, value: str) -> None:
        out.append(FactStatement(person=subject, kind=kind, value=value, correction=correction))

    if (m := _TITLE_IN.search(text)) and (place := _place_after(text, m.end())):
        add("city", place)  # "aroha is a nurse in wellington"
    if (m := _BUSINESS.search(text)) and (what := phrase_after(text, m.end(), max_words=4)) and \
            _BUSINESS_WORDS.search(what):
        near = re.search(r"\s+(?:outside|near|just outside|on the edge of)\s+", what)
        what = what[:near.start()] if near else what  # "a small farm outside ibadan"
        role = "manager" if m["verb"].lower().startswith("manag") else "owner"
        det = m["det"].lower()
        add("title", f"{role} of {'a' if det.endswith('own') or det in ('this', 'that') else det} {what}")
        end = m.end() + len(what)
        if (where := re.match(r"\s+(?:in|out of)\s+", text[end:], re.I)) and (place := _place_after(text, end + where.end())):
            add("city", place)  # "mei runs a cafe in taipei"
    if m := _AT_NOW.search(text):
        add("employer", m["org"])  # "he's at google now"
    elif (m := _DOES_FOR.search(text)) and (org := phrase_after(text, m.end(), max_words=4)):
        add("employer", org)  # "karim flies for emirates"
    elif (m := _JOINS.search(text)) and not any(a <= m.end() < b for a, b in people) and (
            org := phrase_after(text, m.end(), max_words=4)) and _looks_like_org(text, m.end(), org):
        add("employer", org)  # "he's joining zomato next month"
    return out


def planned_move(text: str, subject: str, places: list[str], correction: bool) -> FactStatement | None:
    """"is moving to leeds next month", "she moves there in june" (`places`: the places the
    message named before, newest last): where `subject` is going to live."""
    if not (m := _PLANNED.search(text)):
        return None
    if m.group(0).rstrip().lower().endswith("there"):
        if not places:
            return None
        place, end = places[-1], m.end()
    else:
        place = phrase_after(text, m.end(), max_words=3) or ""
        end = m.end() + len(place)
        if not place or place.split()[0].lower() in _NOT_PLACE:
            return None
    if _UNDER_WAY.match(text, end) and not re.search(r"\b(?:will|'ll|’ll|gonna|going to|plans?|planning|wants?|hoping)\b",
                                                     m.group(0), re.I):
        return FactStatement(person=subject, kind="city", value=place, correction=correction)  # "moving to subotica today"
    when = _WHEN.match(text, end)
    value = f"{place} ({when['when'].strip()})" if when else place
    return FactStatement(person=subject, kind="moving_to", value=value, correction=correction)
