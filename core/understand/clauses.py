"""Splitting a message into clauses, each about one person in focus.

A clause ends at a sentence end, or at ", " / " and " / " but " / ": " / " - " when a new
subject follows (a name or a pronoun, then a word that is not a list connector): "Freya is
pregnant and Mikkel just bought a sailboat" is two clauses, "dinner with Jo and Priya at
Nopa" is one. A clause's subject is the first person it names; a clause that names nobody
but says "he/she/his/her/they" is about the person named just before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.understand import tagger
from core.understand.hosts import hosts
from core.understand.kinds import (
    ADJ,
    ANIMAL_NAMED,
    CALLS_THEM,
    PET_BEFORE_NAME,
    PET_WORDS,
    REL_WORDS,
    RELATIONS,
    gender,
)
from core.understand.lexicon import THING_KINDS
from core.understand.named_facts import in_value_slot
from core.understand.names import Mention, find_people, fold
from core.understand.names import _is_name_word as is_name_word
from core.understand.names import _strip_possessive as strip_possessive
from core.understand.other_names import not_people
from core.understand.wordkind import is_small_word, is_word

_EMOJI = "\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764"
# a sentence ends at . ! ? ; (not a dotted abbreviation: "d.o.b.", "a.k.a.") or a newline, and at an emoji followed by more text ("today 🥂 Will just bought")
_SENTENCE_END = re.compile(rf"(?<=[.!?;])(?<!\.[^\W\d_]\.)\s+|\n+|(?<=[.!?])(?=[A-Z])|(?<=[{_EMOJI}])\ufe0f?\s+(?=[^\s{_EMOJI}])")
_PRONOUN = r"(?:he|she|they|his|her|their|him|it|hes|shes|theyre|theyve|theyll)"
_LEAD = r"^\s*(?:and\s+|also\s+|but\s+|so\s+|plus\s+|then\s+)?"
_PRONOUN_START = re.compile(rf"{_LEAD}{_PRONOUN}\b", re.I)
_SUBJECT_PRONOUN_START = re.compile(rf"{_LEAD}(?:he|she|they|hes|shes|theyre|theyve|theyll)\b", re.I)
_HAS_PRONOUN = re.compile(r"\b(?:he|she|they|his|her|their|him|them|hers|he's|she's|they're|hes|shes|theyre)\b", re.I)
_PRONOUN_TYPOS = {"hes", "shes", "theyre", "theyve", "theyll", "hed", "shed", "im", "ive", "youre"}
_IT_IS_CALLED = re.compile(r"\b(?:it'?s|it’s|it is|it was|which is|that's|thats)\s+(?:called|named)\s+$", re.I)
_IN_BRACKETS = re.compile(r"\s*\([^()]*$")
_SEPARATOR = re.compile(r",\s+(?:(?:and|but|so|then)\s+)?|:\s+|\s+[-–—]\s+|\s+(?:and|but|while|so|though|although)\s+", re.I)
# a sentence with its own subject, so it is not about the person before: "I ...", "we ...", "it ..."
# "joao's bakery opened, its called pão da vila": the name of the thing just told, still about its owner
_NAMES_WHAT_WAS_SAID = re.compile(r"^\s*(?:it'?s|it’s|it is|it was|they'?re|they are|the name is|its name is|"
                                  r"it'?s name is)\s+(?:called|named|\w+\s+(?:called|named))?", re.I)
_OWN_SUBJECT = re.compile(r"^\s*(?:i|i'm|i've|i'll|im|we|we're|it|it's|its|there|this|that|the|my|our|you|"
                          r"everyone|everybody|nobody|weather|traffic|work)\b", re.I)
_OWNS_RELATIVE = re.compile(rf"(?:'s|’s|s)?\s+{ADJ}(?:{REL_WORDS})\s*[,(]?\s*(?:(?:is\s+)?(?:named|called)\s+)?$", re.I)
_REL_BEFORE = re.compile(rf"(?:(?P<poss>his|her)\s+|(?:'s|’s)\s+)?{ADJ}(?P<rel>{REL_WORDS})\s*,?\s*(?:(?:is\s+)?(?:named|called)\s+)?$",
                         re.I)
_HE_SHE = re.compile(rf"{_LEAD}(?:(?P<he>he|hes|he's|he’s|his|him)|(?P<she>she|shes|she's|she’s|her))\b", re.I)
_HIS_HER = re.compile(r"\b(?:his|her)\b", re.I)
_LIST_GAP = re.compile(r"\s*(?:,|and|&|\+|n)\s*(?:and\s+)?$", re.I)
# "tane and his wife mere are moving": a relative named with the subject shares what follows
_WITH_RELATIVE_GAP = re.compile(rf"\s*(?:and|&|\+|n)\s+(?:his|her|their)\s+(?:new\s+)?(?:{REL_WORDS})\s+$", re.I)
_PLURAL_KIN = re.compile(r"(?:'s|’s|s)\s+(?:\w+\s+)?(?:twins|triplets|kids|children|sons|daughters|boys|girls|parents|"
                         r"brothers|sisters|siblings|cousins|grandkids)\b", re.I)
_THEY_START = re.compile(rf"{_LEAD}(?:they|they're|theyre|their|both)\b", re.I)
# a fragment that opens with what a fact kind is said by, and no one named: about the person in focus
_FACT_FRAGMENT = re.compile(r"\W*(?:and\s+|also\s+|oh\s+and\s+|oh\s+)?(?:bday|b-day|birthday|born|dob|d\.o\.b|works|working|"
                            r"lives|living|based|job|studies|studying|married|engaged|turns|turned|turning|pregnant|"
                            r"expecting|retired|retiring|nickname|goes by|originally from|from)\b", re.I)
_WORD = r"[^\W\d_][\w'’-]*"
_AND = r"\s*(?:,|and|&|\+|n)\s*(?:and\s+)?"
_NOT_A_VERB = {"and", "or", "at", "in", "on", "with", "from", "to", "for", "&", "of", "the", "n", "+", "plus"}


@dataclass
class Clause:
    text: str
    people: list[Mention] = field(default_factory=list)
    subject: str | None = None
    anchor: str | None = None  # who "his/her/their" refers to in this clause
    sentence: str = ""
    group: list[str] = field(default_factory=list)  # everyone the clause's statement is about, when several
    possessor: str | None = None  # whose relatives the clause lists ("sina" in "sina's twins pita and losa")
    their: list[str] = field(default_factory=list)  # who "their" is, when several ("saw tane and mere, their baby kai")


def owners_of_relatives(text: str, people: list[Mention]) -> set[str]:
    """Names that only own the relative named right after them ("maya" in "maya's boyfriend dan")."""
    out = set()
    for a, b in zip(people, people[1:]):
        if _OWNS_RELATIVE.match(text[a.end:b.start]):
            out.add(a.name)
    return out


def leading_group(text: str, people: list[Mention]) -> list[str]:
    """Names listed together where the clause starts: 'jess and tom are moving' -> both."""
    if not people or text[:people[0].start].strip(" ,.!").lower() not in ("", "and", "also", "so", "plus", "oh and",
                                                                           "both", "and both"):
        return []
    group = [people[0]]
    for m in people[1:]:
        gap = text[group[-1].end:m.start] or "x"
        if not (_LIST_GAP.fullmatch(gap) or len(group) == 1 and _WITH_RELATIVE_GAP.fullmatch(gap)):
            break
        group.append(m)
    names = list(dict.fromkeys(m.name for m in group))
    return names if len(names) > 1 else []


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
            return nxt is not None and nxt.group(1).lower() not in _NOT_A_VERB
    return False


def _learn_genders(text: str, people: list[Mention], anchor: str | None, genders: dict[str, str]) -> None:
    """What a clause says about who is he or she: "maya's boyfriend dan" (Dan: he), "his wife" (the owner: he)."""
    for p in people:
        if m := _REL_BEFORE.search(text[max(0, p.start - 40):p.start]):
            if g := gender(m["rel"].lower()):
                genders.setdefault(p.name, g)
            if m["poss"]:
                before = [q.name for q in people if q.end <= p.start - len(m.group(0))]
                owner = before[-1] if before else anchor
                if owner:
                    genders.setdefault(owner, "he" if m["poss"].lower() == "his" else "she")


def _referent(want: str, out: list[Clause], focus: str | None, genders: dict[str, str],
              earlier: Sequence[str] = ()) -> str | None:
    """Who "he"/"she" is: the person named last whose gender does not say otherwise, the
    previous clause's subject first, then the person in focus and the others the last message named."""
    candidates: list[str] = []
    for c in reversed(out):  # one "his/her" is not several relatives listed together: their possessor
        for name in [c.possessor, c.subject] + [p.name for p in reversed(c.people)]:
            if name and name not in candidates:
                candidates.append(name)
    for name in [focus, *reversed(earlier)]:
        if name and name not in candidates:
            candidates.append(name)
    fitting = [n for n in candidates if genders.get(n, want) == want]
    return fitting[0] if fitting else (candidates[0] if candidates else None)


_KIN_SLOT = re.compile(rf"\b(?:his|her|their|my|(?<=\w)'s|(?<=\w)’s)\s+{ADJ}(?:{REL_WORDS})\s*,?\s+"
                       r"(?P<name>[^\W\d_][\w'’-]*)(?=\s+(?:is|was|has|had|just|'s|’s|will|who|and|got|turned|turns|"
                       r"started|moved|works|lives|retired|retiring|became)\b|\s*[,.!?]|\s*$)", re.I)
_BEFORE_LIST = re.compile(rf"(?:^|\b(?:w|with|and|met|saw)\s+)(?P<name>{_WORD})\s*,\s*$", re.I)
_REL_IS = re.compile(rf"(?:\b(?:his|her|their|my|our)|(?<=\w)'s|(?<=\w)’s)\s+{ADJ}(?:{REL_WORDS})\s+(?:is|was|=)\s+"
                     rf"(?P<name>{_WORD})(?=\s*(?:$|[,.!?;:)]|\s(?:and|&|lol|btw|haha|now|too)\b))", re.I)
_NOT_IN_SLOT = {"is", "was", "has", "had", "just", "and", "who", "got", "turned", "turns", "started", "moved", "works",
                "lives", "retired", "retiring", "became", "too", "also", "now", "here", "there", "lol"}


_IS_RELATIVE_OF = re.compile(rf"\W*(?P<name>[^\W\d_][\w'’-]*)\s+(?:is|was)\s+(?:also\s+|actually\s+)?"
                             rf"(?=[^\W\d_][\w-]*(?:'s|’s)\s+{ADJ}(?:{REL_WORDS})\b)", re.I)
_NAMED_CHILD = re.compile(rf"\b(?:bab(?:y|ies)|boys?|girls?|sons?|daughters?|kids?|child(?:ren)?|twins|triplets)"
                          rf"(?:\s*,?\s+(?:and\s+)?(?:named|called)\s+(?:(?:her|him|them)\s+)?|"
                          rf"\s*[,:-]\s*(?={_WORD}(?:{_AND}{_WORD})*\s*(?:$|[^\w\s,'’-])))"
                          rf"(?P<name>{_WORD})", re.I)  # "a baby girl named defne", "a baby boy, ayaan 👶", "boys, rohan and kabir"
_MORE_CHILDREN = re.compile(rf"{_AND}(?P<name>{_WORD})", re.I)


def slot_names(sent: str, mentions: list[Mention]) -> list[Mention]:
    """Names that stand where only a name can ("her husband will is retiring", "a baby girl named
    defne"), though they are also words the name finder leaves alone; added to `mentions`, in order."""
    extra = []
    if (m := _IS_RELATIVE_OF.match(sent)) and any(x.start == m.end() for x in mentions):  # "ama is kwabena's daughter"
        s, e = m.span("name")
        if is_name_word(m["name"]) and not re.fullmatch(_PRONOUN, m["name"], re.I) \
                and not any(x.start <= s < x.end for x in mentions):
            extra.append(Mention(s, e, m["name"][:1].upper() + m["name"][1:]))
    for m in _NAMED_CHILD.finditer(sent):
        s, e = m.span("name")
        if m["name"].lower() not in _NOT_IN_SLOT and not any(x.start <= s < x.end for x in mentions):
            extra.append(Mention(s, e, m["name"][:1].upper() + m["name"][1:]))
        while (more := _MORE_CHILDREN.match(sent, e)) and is_name_word(more["name"]):  # "twins, ada and obi"
            s, e = more.span("name")
            if not any(x.start <= s < x.end for x in mentions + extra):
                extra.append(Mention(s, e, more["name"][:1].upper() + more["name"][1:]))
    for a, b in zip(mentions, mentions[1:]):  # "ama, kojo and efua all work at mtn": the first of a list of names
        if _LIST_GAP.fullmatch(sent[a.end:b.start]) and (w := _BEFORE_LIST.search(sent, 0, a.start)) and \
                is_name_word(w["name"]) and not is_word(w["name"]) and not any(x.end == w.end("name") for x in mentions):
            extra.append(Mention(w.start("name"), w.end("name"), w["name"][:1].upper() + w["name"][1:]))
    for m in _REL_IS.finditer(sent):  # "tunde's wife is bisi": a word no dictionary knows, where a name is said
        s, e = m.span("name")
        word = m["name"]
        if is_name_word(word) and not any(x.start <= s < x.end for x in mentions + extra) and (
                not is_word(word) or any(w.start == s and w.person >= 0.5 for w in tagger.tag(sent))):
            extra.append(Mention(s, e, word[:1].upper() + word[1:]))
    for m in _KIN_SLOT.finditer(sent):
        s, e = m.span("name")
        word = m["name"]
        if word.lower() in _NOT_IN_SLOT or not is_name_word(word) or any(x.start <= s < x.end for x in mentions):
            continue  # "went to see my nan yesterday": a day, not her name
        if m.end() < len(sent) and sent[e:e + 6].strip().lower() in ("will", "be") or \
                re.match(r"\s+(?:be|have|go|come|get|do)\b", sent[e:]):
            continue  # "her husband will be there": a verb
        extra.append(Mention(s, e, word[:1].upper() + word[1:]))
    return sorted(mentions + extra, key=lambda x: x.start)


SURNAME_MIN = 0.3  # a word after a known first name this likely a person's is their surname


def own_surnames(sent: str, mentions: list[Mention], known: list[str]) -> list[Mention]:
    """A known first name followed by a surname the tagger reads as the same name ("mark o'neill"
    when only Mark Jensen is known) names someone new: the mention takes the surname and is no
    longer the known contact."""
    full = {fold(k) for k in known}
    words = tagger.tag(sent)
    out: list[Mention] = []
    skip = -1
    for i, m in enumerate(mentions):
        if i == skip:
            continue
        nxt = next((w for w in words if w.start >= m.end), None)
        if m.known and " " not in m.name.strip() and nxt is not None and sent[m.end:nxt.start] == " " \
                and (nxt.label == "I-person" or nxt.kind is None and nxt.person >= SURNAME_MIN) and is_name_word(nxt.text):
            after = mentions[i + 1] if i + 1 < len(mentions) else None
            if after is not None and after.start == nxt.start and not after.known:
                surname, end = after.name, after.end
                skip = i + 1
            elif after is None or after.start > nxt.start:
                surname = strip_possessive(nxt.text.rstrip(".,!?;:"))[0]
                end = nxt.start + len(surname)
                surname = surname[:1].upper() + surname[1:]
            else:
                out.append(m)
                continue
            name = f"{m.name[:1].upper()}{m.name[1:]} {surname}"
            if fold(name) not in full:
                m = Mention(m.start, end, name)
        out.append(m)
    return out


_OWNERS_PET = re.compile(rf"\(\s*(?:my|our)\s+(?:{PET_WORDS})\s*\)|\s+(?:is|'s|’s)\s+(?:my|our)\s+(?:{PET_WORDS})\b", re.I)


def owners_pets(text: str, known: list[str]) -> set[str]:
    """Names the owner says are their own pets ("took luna to the vet (my cat)", "miso is our
    kitten"): the one name said before the words (with two, which is meant is unclear: none)."""
    out = set()
    found = [m for m in _OWNERS_PET.finditer(text)]
    people = [p for p in find_people(text, known) if not p.known] if found else []
    for m in found:
        before = [p for p in people if p.end <= m.start()]
        with_me = re.search(r"(?:\bw|\bwith|\band|&|\+)\W*$", text[:before[-1].start]) if before else None
        if len({fold(p.name) for p in before}) == 1 and not with_me:  # "w tavita (my dog)": tavita was company
            out.add(fold(before[-1].name))
    return out


def an_animal(text: str, m: re.Match[str]) -> bool:
    """Is the thing named in "has a <word> named <name>" an animal: a dictionary word that is no
    kind of thing or relative, with a name the tagger does not read as a person's ("a tutor named amaka")."""
    word = m["pet"].lower().split()[-1].split("-")[-1]
    if word in RELATIONS or re.fullmatch(THING_KINDS, word) or not is_word(word) or is_small_word(word):
        return False
    return not any(w.start == m.start("name") and w.person >= 0.5 for w in tagger.tag(text))


def said_again(sent: str, mentions: list[Mention], known: list[str]) -> list[Mention]:
    """A name the sentence already said, said again where the name finder let it pass
    ("kwame, abena and kofi came over, abena got into med school"): the same person."""
    new = [m.name for m in mentions if not m.known]
    if not new:
        return mentions
    spelled = {fold(n): n for n in new}
    extra = [Mention(m.start, m.end, spelled[fold(m.name)], False) for m in find_people(sent, known + new)
             if fold(m.name) in spelled and not any(x.start < m.end and m.start < x.end for x in mentions)]
    return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions


def split(text: str, known: list[str], focus: str | None, earlier: Sequence[str] = (),
          genders_known: dict[str, str] | None = None, known_pets: Sequence[str] = ()) -> list[Clause]:
    """Clauses of a whole message with their subjects resolved. `earlier`: the people the last
    message named, in order, and `genders_known` what it said of who is he or she ("met his mom
    emiko" ... "also his sister aoi": Daichi's sister, not Emiko's); `known_pets`: the names of
    the owner's people's pets, which name no one ("waffle chewed her charger")."""
    out: list[Clause] = []
    genders: dict[str, str] = dict(genders_known or {})
    pets = owners_pets(text, known) | {fold(p) for p in known_pets if fold(p) not in {fold(k) for k in known}}
    pets |= {fold(m["name"]) for m in ANIMAL_NAMED.finditer(text) if an_animal(text, m)}  # "a beagle named waffle"
    for sent in sentences(text):
        said = list(dict.fromkeys([c.subject for c in out if c.subject] + [p.name for c in out for p in c.people]))
        mentions = [m for m in find_people(sent, known + said)  # a name said earlier in the message is known
                    if not PET_BEFORE_NAME.search(sent[max(0, m.start - 30):m.start])
                    and not _IT_IS_CALLED.search(sent[max(0, m.start - 30):m.start])
                    and not CALLS_THEM.search(sent[max(0, m.start - 40):m.start + 1])  # "we call him big mike"
                    and m.name.lower() not in _PRONOUN_TYPOS and fold(m.name) not in pets]
        mentions = said_again(sent, mentions, known + said)  # "saw ines and tomas, ines just started at ..."
        mentions = slot_names(sent, own_surnames(sent, mentions, known))
        later = text[text.find(sent) + len(sent):] if sent in text else ""
        mentions = hosts(f"{sent} {later}", mentions, end=len(sent))  # "bbq at amara's, her twins ...": Amara's home
        mentions = [m for m in mentions if m.known or not in_value_slot(sent, m.start)]  # "her hometown is kisumu"
        spelled = {fold(n): n for n in said}  # "Hemi ... hemi just bought": one person, written as first said
        mentions = [Mention(m.start, m.end, spelled.get(fold(m.name), m.name), m.known) for m in mentions]
        # "ana costa (climbing ana)": a name in brackets right after a name is a nickname, not a person
        mentions = [m for i, m in enumerate(mentions)
                    if not (i and _IN_BRACKETS.fullmatch(sent[mentions[i - 1].end:m.start]))]
        mentions = not_people(sent, mentions)  # "eleni aka leni", "2 cats, tama and miro", "Robert (Bobby) Okonkwo"
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
            if (out or earlier) and (poss := _HIS_HER.search(piece)):  # "her husband": the last person who is a she
                clause.anchor = _referent("he" if poss.group(0).lower() == "his" else "she", out, focus, genders, earlier)
            owners = owners_of_relatives(piece, people)
            if len(owners) == 1 and (len([p for p in people if p.name not in owners]) >= 2 or _PLURAL_KIN.search(piece)):
                clause.possessor = next(iter(owners))
            if _THEY_START.match(piece) and out:
                before = out[-1].group or [p.name for p in out[-1].people
                                           if p.name not in owners_of_relatives(out[-1].text, out[-1].people)]
                clause.their = before if len(before) > 1 else []
            if _THEY_START.match(piece) and out and not people:
                clause.group = out[-1].group or [p.name for p in out[-1].people if p.name not in owners_of_relatives(
                    out[-1].text, out[-1].people)]
                clause.group = clause.group if len(clause.group) > 1 else []
            _learn_genders(piece, people, previous, genders)
            he_she = _HE_SHE.match(piece)
            if he_she and _SUBJECT_PRONOUN_START.match(piece) and previous:
                want = "he" if he_she["he"] else "she"
                clause.subject = _referent(want, out, focus, genders, earlier) or previous
                genders.setdefault(clause.subject, want)
            elif _SUBJECT_PRONOUN_START.match(piece) and previous:
                clause.subject = previous
            elif people:
                clause.subject = next((p.name for p in people if p.name not in owners), people[0].name)
                clause.group = leading_group(piece, people)
            elif out and (_PRONOUN_START.match(piece) or _HAS_PRONOUN.search(piece)):
                clause.subject = out[-1].subject
            elif _HAS_PRONOUN.search(piece) or (out and out[-1].sentence == sent):
                clause.subject = (out[-1].subject if out else None) or focus
            elif out and out[-1].subject and (not _OWN_SUBJECT.match(piece) or _NAMES_WHAT_WAS_SAID.match(piece)):
                clause.subject = out[-1].subject  # "Met Pieter. Really nice guy, works in energy."
            elif not out and focus and _FACT_FRAGMENT.match(piece):
                clause.subject = focus  # "bday nov 19 i think", said next about the person just told
            out.append(clause)
    for c in out:
        if c.subject is None and _HAS_PRONOUN.search(c.text):
            c.subject = c.anchor = focus
    return out
