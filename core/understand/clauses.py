"""Splitting a message into clauses, each about one person in focus.

A clause ends at a sentence end, or at ", " / " and " / " but " / ": " / " - " when a new
subject follows (a name or a pronoun, then a word that is not a list connector): "Freya is
pregnant and Mikkel just bought a sailboat" is two clauses, "dinner with Jo and Priya at
Nopa" is one. A clause's subject is the first person it names; a clause that names nobody
but says "he/she/his/her/they" is about the person named just before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.understand.names import Mention, find_people

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[.!?])(?=[A-Z])")
_PRONOUN = r"(?:he|she|they|his|her|their|him|it)"
_LEAD = r"^\s*(?:and\s+|also\s+|but\s+|so\s+|plus\s+|then\s+)?"
_PRONOUN_START = re.compile(rf"{_LEAD}{_PRONOUN}\b", re.I)
_SUBJECT_PRONOUN_START = re.compile(rf"{_LEAD}(?:he|she|they)\b", re.I)
_HAS_PRONOUN = re.compile(r"\b(?:he|she|they|his|her|their|him|them|hers|he's|she's|they're)\b", re.I)
_SEPARATOR = re.compile(r",\s+|:\s+|\s+[-–—]\s+|\s+(?:and|but|while|so|though|although)\s+", re.I)
# a sentence with its own subject, so it is not about the person before: "I ...", "we ...", "it ..."
_OWN_SUBJECT = re.compile(r"^\s*(?:i|i'm|i've|i'll|im|we|we're|it|it's|its|there|this|that|the|my|our|you|"
                          r"everyone|everybody|nobody|weather|traffic|work)\b", re.I)
_NOT_A_VERB = {"and", "or", "at", "in", "on", "with", "from", "to", "for", "&", "of", "the"}


@dataclass
class Clause:
    text: str
    people: list[Mention] = field(default_factory=list)
    subject: str | None = None
    anchor: str | None = None  # who "his/her/their" refers to in this clause
    sentence: str = ""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _starts_new_subject(rest: str, mentions: list[Mention], offset: int) -> bool:
    """Does `rest` (the text after a separator, at `offset` in the sentence) open a clause?"""
    m = re.match(rf"\s*{_PRONOUN}\b('s|'re)?\s*(\S+)?", rest, re.I)
    if m:
        return True
    for men in mentions:
        if men.start == offset:
            after = rest[men.end - offset:]
            nxt = re.match(r"\s*(?:'s\s+)?([\w'-]+)", after)
            if after.startswith("'s") or after.startswith("’s"):
                return True
            return bool(nxt) and nxt.group(1).lower() not in _NOT_A_VERB
    return False


def split(text: str, known: list[str], focus: str | None) -> list[Clause]:
    """Clauses of a whole message with their subjects resolved."""
    out: list[Clause] = []
    for sent in sentences(text):
        mentions = find_people(sent, known + [c.subject for c in out if c.subject])
        cuts = [0]
        for sep in _SEPARATOR.finditer(sent):
            prev_mention_end = any(m.end == sep.start() for m in mentions)
            word = sep.group(0).strip().lower()
            if word in ("and", "while") and prev_mention_end:
                continue  # "Jo and Priya": a list of names, not a new clause
            if _starts_new_subject(sent[sep.end():], mentions, sep.end()):
                cuts.append(sep.start())
        cuts.append(len(sent))
        for a, b in zip(cuts, cuts[1:]):
            piece = sent[a:b]
            lead = len(piece) - len(piece.lstrip(" ,:-–—"))
            piece = piece.strip(" ,:-–—")
            if not piece:
                continue
            people = [Mention(m.start - a - lead, m.end - a - lead, m.name, m.known)
                      for m in mentions if a <= m.start < b]
            clause = Clause(piece, people, sentence=sent)
            previous = out[-1].subject if out else focus
            clause.anchor = previous
            if _SUBJECT_PRONOUN_START.match(piece) and previous:
                clause.subject = previous
            elif people:
                clause.subject = people[0].name
            elif out and (_PRONOUN_START.match(piece) or _HAS_PRONOUN.search(piece)):
                clause.subject = out[-1].subject
            elif _HAS_PRONOUN.search(piece) or (out and out[-1].sentence == sent):
                clause.subject = (out[-1].subject if out else None) or focus
            elif out and out[-1].subject and not _OWN_SUBJECT.match(piece):
                clause.subject = out[-1].subject  # "Met Pieter. Really nice guy, works in energy."
            out.append(clause)
    for c in out:
        if c.subject is None and _HAS_PRONOUN.search(c.text):
            c.subject = c.anchor = focus
    return out
