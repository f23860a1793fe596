"""Where someone studies and what: "yasmin is studying pharmacy at kings", "ayesha is doing a
masters in economics at lse" (kept as "economics (masters)"), "kemal's in his 2nd year at bogazici", "ifeoma got into dental
school in enugu", "masha is at uni in kazan".

Two kinds (`core.facts`): `school`, the place of study, and `subject`, what is studied ("a
masters in economics"). A study verb or a degree is followed by the subject, then "at" the
school; "in <place>" after a subject says where ("medicine in krakow" is kept with the
subject, since a city is not a school). A school word ("medical school", "uni") keeps the
place after it: "uni in kazan".
"""

from __future__ import annotations

import logging
import re

from core.intents import FactStatement
from core.understand.phrases import phrase_after
from core.understand.work_place import looks_like_place

logger = logging.getLogger(__name__)

_DEGREE = (r"honours|honors|hons|postgrad|undergrad|degree|masters|master's|master|phd|ph\.d|doctorate|mba|ba|bsc|msc|ma|llm|bachelors|bachelor's|bachelor|"
           r"diploma|apprenticeship|pgce|residency|foundation year|gap year")
_STUDY = re.compile(
    r"\b(?:(?P<verb>studying|studies|study|studied|majoring\s+in|majors\s+in|reading)"
    rf"|(?:doing|does|did|started|starting|finishing|finished|got|pursuing|halfway through)\s+(?:a|an|her|his|their|my)\s+"
    rf"(?:\w+\s+)?(?P<deg>{_DEGREE})(?:\s+(?:in|on))?)\s+", re.I)
_SCHOOL_WORD = r"(?:uni|university|college|school|grad school|med school|medical school|law school|art school|" \
               r"business school|nursing school|sixth form|polytechnic|academy|conservatory)"
_YEAR_AT = re.compile(r"\b(?:in\s+(?:her|his|their|my)\s+(?:\w+\s+)?(?:year|semester|term)|a\s+student|"
                      r"(?:first|second|third|final|\d(?:st|nd|rd|th))[- ]year(?:\s+student)?)\s+(?:at|in)\s+", re.I)
_INTO = re.compile(rf"\b(?:got\s+into|accepted\s+(?:at|to|into)|goes\s+to|going\s+to|off\s+to|started\s+at|starting\s+at|"
                   rf"starts\s+at|(?:is|'s|’s)\s+(?:now\s+)?at)\s+(?=(?:(?:a|the)\s+)?(?:[\w'-]+\s+){{0,2}}{_SCHOOL_WORD}\b)"
                   rf"|\b(?:started|starting|starts|start|begins|beginning)\s+(?=(?:[\w'-]+\s+)?{_SCHOOL_WORD}\b)", re.I)
_NOT_A_SUBJECT = {"hard", "a", "an", "the", "abroad", "together", "for", "with", "so", "really", "lot", "loads"}


def _school(text: str, at: int) -> str | None:
    """The school named at `at`, keeping "in <place>" after a school word ("uni in kazan")."""
    name = phrase_after(text, at, max_words=5)
    if not name:
        return None
    if re.search(rf"\b{_SCHOOL_WORD}$", name, re.I) and (where := re.match(r"\s+at\s+", text[at + len(name):])):
        return _school(text, at + len(name) + where.end())  # "started uni at kings": kings
    if re.search(rf"\b{_SCHOOL_WORD}$", name, re.I) and (
            where := re.match(r"\s+in\s+(?=[^\W\d_])", text[at + len(name):])):
        place_at = at + len(name) + where.end()
        if (place := phrase_after(text, place_at, max_words=3)) and looks_like_place(text, place_at, place):
            name = f"{name} in {place}"
    return None if name.lower() in ("the", "a", "an", "school", "uni", "college") else name


def study_facts(text: str, subject: str, correction: bool) -> list[FactStatement]:
    """The school and subject `text` says `subject` studies."""
    school = what = None
    if m := _STUDY.search(text):
        topic = phrase_after(text, m.end(), max_words=4)
        if topic and topic.split()[0].lower() in _NOT_A_SUBJECT:
            topic = None
        deg = re.sub(r"\s+", " ", m["deg"] or "").lower()
        what = (f"{topic} ({deg})" if topic else deg) if deg else topic  # "economics (masters)"
        end = m.end() + (len(topic) if topic else 0)
        if where := re.match(r"\s*\b(at|in)\s+(?=\S)", text[end:], re.I):
            if where[1].lower() == "at" or re.match(rf"(?:(?:a|the)\s+)?(?:[\w'-]+\s+){{0,2}}{_SCHOOL_WORD}\b",
                                                    text[end + where.end():], re.I):
                school = _school(text, end + where.end())
            elif what and (place := phrase_after(text, end + where.end(), max_words=3)):
                what = f"{what} in {place}"  # "medicine in krakow": where, not which school
    if school is None and (m := _YEAR_AT.search(text) or _INTO.search(text)):
        school = _school(text, m.end())
    out = []
    if school:
        out.append(FactStatement(person=subject, kind="school", value=school, correction=correction))
    if what:
        out.append(FactStatement(person=subject, kind="subject", value=what, correction=correction))
    return out
