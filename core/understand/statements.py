"""Facts from one clause: small patterns that compose.

Each pattern recognises one construction (a birthday, where someone lives or moves, work,
family, a meeting, a keep-in-touch request) wherever it appears in a clause, so a new
phrasing that combines known constructions needs no new rule. What is left of a clause after
its facts is kept as a dated note about the clause's subject ("just got promoted").
"""

from __future__ import annotations

import re
from datetime import date

from core.facts import KINDS
from core.intents import (
    Birthday,
    FactStatement,
    InteractionStatement,
    LogIntent,
    NoteStatement,
    RelationStatement,
)
from core.understand import birthdays, keep_in_touch
from core.understand.clauses import Clause, an_animal, owners_of_relatives
from core.understand.dates import find_day, find_month_day
from core.understand.hosts import host_of
from core.understand.kinds import ADJ as _ADJ
from core.understand.kinds import ANIMAL_NAMED, CALLS_THEM, PARTNERS, PET_WORDS, RELATIONS, relation
from core.understand.kinds import REL_WORDS as _REL_WORDS
from core.understand.lexicon import MEETING_WORDS, STOP
from core.understand.named_facts import named_facts
from core.understand.names import Mention, fold
from core.understand.owners_kin import is_kin_phrase, owners_kin, without_kin
from core.understand.phrases import BOUNDARY as _BOUNDARY
from core.understand.phrases import phrase_after
from core.understand.study import study_facts
from core.understand.wordkind import is_content_word, is_small_word
from core.understand.work_place import looks_like_place, planned_move, work_place_facts
from core.understand.yearly_dates import yearly_facts

_POSS_REL = re.compile(rf"\b(?P<poss>his|her|their)\s+{_ADJ}(?P<rel>{_REL_WORDS})\b[,:(]?\s*", re.I)
_NAMED_REL = re.compile(rf"(?:'s|’s|')\s+{_ADJ}(?P<rel>{_REL_WORDS})\b[,:(]?\s*", re.I)
_ENGAGED = re.compile(rf"\b(?P<verb>engaged|married|marrying|dating|seeing)\b\s*(?:to\s+)?"
                      rf"(?:(?:his|her|their)\s+{_ADJ}(?:{_REL_WORDS})\s+)?", re.I)
_HAVE_KIDS = re.compile(
    r"\b(?:have|has|had|welcomed|adopted|gave birth to|give birth to|expecting|delivered)\s+(?:(?:a|an|two|three|four|five|twin|little|young|grown|grown-up|new|their|his|"
    r"her|first|second|third|1st|2nd|3rd|\d)\s+)*"
    r"(?P<rel>kids|children|sons|daughters|boys|girls|twins|kid|child|son|daughter|baby boy|baby girl|boy|girl|baby)\b"
    r"(?:\s*,?\s*(?:a|an)\s+(?:baby\s+|little\s+)?(?P<sex>boy|girl)\b)?"  # "their first baby, a girl named zuri"
    r"[,:]?\s*(?:-\s*)?(?:(?:and\s+)?(?:named|called)(?:\s+(?:her|him|them|it))?\s+)?", re.I)
# a clause that opens with the newborn just told of: "a little girl called zuri", "it's a boy, tane"
_NEWBORN_START = re.compile(r"^\W*(?:(?:it'?s|it’s|its|they'?re|they’re)\s+)?(?:(?:a|an)\s+(?:(?:little|baby|beautiful|healthy|tiny|gorgeous|"
                            r"bouncing|newborn)\s+)+(?P<rel>boy|girl|son|daughter)|(?:(?:both|two|2|twin|three|3|identical|little|"
                            r"baby)\s+)*(?P<rels>boys|girls|sons|daughters))\b(?:\s*,?\s*(?P<sex>)(?:named|called)\s+|"
                            r"\s*[,:-]\s*)", re.I)  # "...had twins!! boys, rohan and kabir"
# what the children just told of are, then their names: "..., girls, zuri and nia", "a boy - kwasi"
_CHILDREN_SAID = re.compile(r"\b(?:(?:a|an|both|two|2|three|3|little|baby)\s+)*(?P<sex>boys?|girls?|sons?|daughters?)\s*[,:-]\s*",
                            re.I)
# what two or more people named together are to each other: "ade and tobi are cousins", "they're brother and sister"
_ARE_KIN = re.compile(rf"(?:\bare|\br|'re|’re|\bwere)\s+(?:(?:both|all|actually|also)\s+)?(?:(?P<rel>{_REL_WORDS})\b|"
                      r"(?:brother|sister)\s+(?:and|&|n)\s+(?:brother|sister)\b)", re.I)
SYMMETRIC = {"sibling", "brother", "sister", "cousin", "twin", "spouse", "partner", "best friend", "colleague", "roommate"}
_IS_RELATIVE = re.compile(r"^\s*(?:is|'s)\s+(?:the\s+)?$", re.I)

_NTH = re.compile(r"(?:'s|’s)\s+(?P<n>\d{1,3})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Za-z]{3})"
                  r"(?=[^.!?]*\b(?:on|is)\b)")  # "Becca's 30th (birthday) on March 14", not "the 14th of March"
_BDAY = re.compile(r"\b(birthday|bday|b-day|b'day|born|dob|d\.o\.b|turns|turned|turning)\b", re.I)
_AGE = re.compile(r"\b(?:turns|turned|turning|is turning|will be)\s+(?P<n>\d{1,3})\b|\b(?P<m>\d{1,3})(?:st|nd|rd|th)\s+(?:birthday|bday)"
                  r"|(?:\b(?:is|am|are|was)|'s|’s)\s+(?P<k>\d{1,3})\s+(?:years?\s+old\s+)?(?:today|now|tomorrow|on)\b", re.I)
_PAST_BDAY = re.compile(r"\b(?:was|turned|were|had|celebrated)\b", re.I)
# "leo's is june 9", "and ana's on the 3rd": a birthday said without the word, after a possessive
_ELLIPTIC_BDAY = re.compile(r"(?:'s|’s|s)\s*(?:\s(?:is|was)\s+|=\s*|:\s*)(?:on\s+)?(?=\S)", re.I)
_CITY_NOW = re.compile(
    r"\b(?:lives|living|live|based|settled|resides|residing|staying|now)\s+in\s+"
    r"|\b(?:moved|relocated|has moved|just moved|moved back|relocated back)\s+(?:(?:back|again|away|over|finally|recently)\s*,?\s+)?"
    r"(?:from\s+[\w' -]{1,30}?\s+)?to\s+"
    r"|(?:'s|’s|\bis)\s+(?:now\s+)?(?:back\s+)?in\s+(?=[\w' -]{1,30}?\s+(?:now|these days|nowadays|for good)\b)"
    r"|(?:'s|’s|\bis|\bare|'re|’re)\s+(?:(?:now|officially|finally|permanently|properly|all|fully|back|living|"
    r"settled|based|moved|still)\s+)+in\s+", re.I)  # "ingrid's officially in stavanger now"
_IS_IN = re.compile(r"(?:'s|’s|\bis|\bare|'re|’re)\s+(?:(?:actually|really|now|still)\s+)?in\s+(?!(?:a|an|the|my|his|her)\b)",
                    re.I)  # "dario's in turin not milan": said as a correction, where someone lives
_WORK_CITY = re.compile(r"\b(?:works?|working)\s+(?:at|for)\s+[^,.;!?]+?\s+in\s+", re.I)
_EMPLOYER = re.compile(
    r"\b(?:works|working|work|worked)\s+(?:in\s+[a-z]+(?:\s+[a-z]+)?\s+|(?:remotely|remote|part[- ]time|full[- ]time|"
    r"freelance|now|still|currently|mostly)\s+)?(?:at|for)\s+|\b(?:left|quit)\s+[^,.;!?]{1,40}?\s+for\s+"
    r"|\b(?:'s|’s|is|are)\s+now\s+(?:working\s+)?at\s+(?!(?:the|home|a|my|his|her|their|work|school|uni)\b)|\b(?:new\s+)?(?:job|position|role|gig|"
    r"internship|contract)\s+(?:at|with|w/|w(?=\s))\s*|\b(?:joined|hired by|employed by|hired at|started at|started with)\s+(?=(?-i:[A-Z]))", re.I)
# "she does ux design at digikala", "he's in sales for unilever": a field of work, then where
_FIELD = (r"design|engineering|marketing|sales|research|consulting|accounting|finance|law|hr|recruiting|recruitment|"
          r"ops|operations|pr|comms|communications|analytics|development|dev|support|admin|policy|nursing|teaching|"
          r"management|product|strategy|it|security|software|logistics|procurement|compliance|data|science|journalism")
_FIELD_AT = re.compile(rf"\b(?:does|doing|did|in|runs|leads|heads|manages|works in)\s+(?:[a-z/&-]+\s+){{0,2}}?(?:{_FIELD})"
                       r"\s+(?:at|for|with)\s+(?=\S)", re.I)
_AT_NOW = re.compile(r"(?:'s|’s|\bis)\s+(?:now\s+)?(?:working\s+)?at\s+(?=[A-Z])")  # case-sensitive: an org
_GONE_FROM = re.compile(r"\b(?:left|quit|quitting|leaving|laid off (?:from|at|by)|fired from|let go from|retired from|"
                        r"resigned from)\s+(?:(?:her|his|their|my|a)\s+)?(?:job\s+)?(?:at\s+|from\s+)?$", re.I)
_SCHOOL = re.compile(
    r"\b(?:studies|studying|study|student|enrolled|doing (?:a|an|her|his|their) (?:phd|masters|master's|degree|mba)|"
    r"uni student)\b[^,.;!?]{0,40}?\b(?:at|in)\s+(?=[^\W\d_])"
    r"|\b(?:got into|accepted (?:at|to|into)|goes to|started (?:uni|university|college|school|grad school) at|"
    r"started at (?=\S+\s+(?:uni|university|college)))\s*", re.I)
_HOMETOWN = re.compile(r"\b(?:originally from|grew up in|(?:visiting|over|down|here|in town)\s+(?:\w+\s+)?from|(?:is|'s|’s|are|comes?|came) (?:originally )?from|born and raised in|"
                       r"hails from)\s+", re.I)
_NOT_A_TOWN = {"work", "school", "uni", "college", "the", "my", "his", "her", "their", "church", "gym", "class", "yoga",
               "a", "an", "our", "your", "work's", "there", "here", "home", "abroad", "overseas"}
_BEEN_IN = re.compile(r"\b(?:has|have|'s|’s)\s+(?:been\s+)?(?:living|lived|been)\s+in\s+(?=[^,.;!?]+\s+(?:for|since)\b)", re.I)
_JOB_CHANGE = re.compile(r"\b(?:left|quit|job|switched|joined|hired|laid off|new role|resigned|poached)\b", re.I)
_TITLE = re.compile(
    r"^(?:\S+\s+){0,4}?\S*?(?:\bis|'s|’s|(?<=\bhe)s|(?<=\bshe)s|\bwas|\bworks as|\bworking as|\bbecame|\bhas become|\bis now|\bnow works as)"
    r"\s+(?:now\s+)?(?:a|an)\s+", re.I)
_AS_TITLE = re.compile(r"\b(?:works|working|worked|job|started|hired|joined|now\s+at)\b[^.;!?]{0,60}?\bas\s+(?:(?:a|an|the)\s+)?"
                       r"|\b(?:appointed|elected)\s+(?:as\s+)(?:(?:a|an|the)\s+)?(?:new\s+)?",
                       re.I)  # "works for Samsung as an engineer", "appointed as head of sales at yandex"
_NOT_TITLE = {"bit", "lot", "big", "huge", "great", "good", "real", "total", "fan", "friend",
              "member", "part", "mess", "few", "couple", "little", "very", "really", "nice",
              "sweet", "kind", "sort", "year", "week", "day", "month", "wonderful", "pain"}
def _relatives_after(clause: Clause, pos: int) -> list[str]:
    """Names listed right after `pos`: 'Leo and Mia', 'Maria'."""
    names: list[str] = []
    cursor = pos
    for m in clause.people:
        if m.start < cursor:
            continue
        if re.sub(r"\s+", " ", clause.text[cursor:m.start].strip(" ,&:=+()").lower()) not in (
                "", "and", "named", "called", "is", "is called", "is named", "'s", "was", "was called", "are", "r",
                "are called", "are named", "were", "n", "both"):
            break
        names.append(m.name)
        cursor = m.end
    return names


def relations(clause: Clause, out: LogIntent) -> tuple[list[str], int]:
    """Family and partner relations; returns the relatives named and where the list ends."""
    relatives: list[str] = []
    lead_end = -1
    m: re.Match[str] | None
    for m in _POSS_REL.finditer(clause.text):
        owner = None
        before = [p for p in clause.people if p.end <= m.start()]
        if before and not _IS_RELATIVE.match(clause.text[before[-1].end:m.start()] or "x"):
            owner = before[-1].name
        owner = owner or clause.anchor
        owners = [owner]
        last = out.relations[-1] if out.relations else None
        if m["poss"].lower() == "their" and last and (before and last.relative == before[-1].name or not before and (
                last.relation in PARTNERS and owner in (last.person, last.relative))):
            owners = [last.person, last.relative]  # "his wife Chioma and their son Tobi", "..., and their son Tobi"
        elif m["poss"].lower() == "their" and not before and clause.their:
            owners = list[str | None](clause.their)  # "saw tane and mere, their newborn baby kai ..."
        names = _relatives_after(clause, m.end())
        for name in names:
            for who in owners:
                if who and fold(who) != fold(name):
                    out.relations.append(RelationStatement(person=who, relation=relation(m["rel"]),
                                                           relative=name))
        relatives += names
        if names and m.start() <= 2:
            lead_end = max(lead_end, [p.end for p in clause.people if p.name == names[-1]][0])
    for p in clause.people:
        m = _NAMED_REL.match(clause.text, p.end)
        if not m:
            continue
        names = _relatives_after(clause, m.end())
        is_rel = [q for q in clause.people if q.end <= p.start]
        if not names and is_rel and _IS_RELATIVE.match(clause.text[is_rel[-1].end:p.start] or "x"):
            names = [is_rel[-1].name]  # "Maria is Tom's wife"
        for name in names:
            out.relations.append(RelationStatement(person=p.name, relation=relation(m["rel"]), relative=name))
        relatives += names
        if names and p.start <= 2 and names[-1] != p.name:
            lead_end = max(lead_end, [q.end for q in clause.people if q.name == names[-1]][0])
    born = list(_HAVE_KIDS.finditer(clause.text)) or ([n] if (n := _NEWBORN_START.match(clause.text)) else [])
    for m in born:  # "Nadia and Karim have twin boys, Adam and Rayan"; "...had her baby! a little girl called zuri"
        parents: list[str | None] = [p.name for p in clause.people if p.end <= m.start()] or [
            clause.anchor if m.re is _NEWBORN_START else clause.subject or clause.anchor]
        for rel in out.relations:  # "his wife selin had a baby": the child of both partners
            if rel.relation in PARTNERS and parents[-1] in (rel.person, rel.relative):
                parents += [x for x in (rel.person, rel.relative) if x not in parents]
        word = (m["sex"] or m["rel"] or m.groupdict().get("rels") or "").lower()
        names = _relatives_after(clause, m.end())
        if not names and (said := _CHILDREN_SAID.search(clause.text, m.end(), m.end() + 40)):
            word, names = said["sex"].lower(), _relatives_after(clause, said.end())  # "had twins last week - girls, zuri and nia"
        kind = "son" if word.startswith(("son", "boy", "baby boy")) else \
            "daughter" if word.startswith(("daughter", "girl", "baby girl")) else "kid"
        for name in names:
            for parent in parents:
                if parent and fold(parent) != fold(name):
                    out.relations.append(RelationStatement(person=parent, relation=kind, relative=name))
        relatives += names
    if len(clause.group) > 1 and (m := _ARE_KIN.search(clause.text)):  # "kwame and abena are siblings": to each other
        kin = "sibling" if m["rel"] is None or m["rel"].lower() in ("twins", "twin") else relation(m["rel"])
        if kin in SYMMETRIC:
            out.relations += [RelationStatement(person=a, relation=kin, relative=b)
                              for a in clause.group for b in clause.group if a != b]
    if clause.subject:
        for m in _ENGAGED.finditer(clause.text):
            names = _relatives_after(clause, m.end())
            first = next((p for p in clause.people if p.start >= m.end() and names and p.name == names[0]), None)
            if first and (named := _NAMED_REL.match(clause.text, first.end)):  # "married to ciarán's brother oisín"
                names = _relatives_after(clause, named.end())
            kind = {"engaged": "fiancé", "married": "spouse", "marrying": "fiancé"}.get(m["verb"].lower(), "partner")
            if not names and len(clause.group) == 2 and clause.group[0] == clause.subject:
                names = clause.group[1:]  # "tala and mateo got married": to each other
            for name in names:
                if fold(name) != fold(clause.subject):
                    out.relations.append(RelationStatement(person=clause.subject, relation=kind, relative=name))
            relatives += names if not clause.group else []
    return relatives, lead_end


def birthday(clause: Clause, subject: str, today: date, correction: bool, earlier: bool = False) -> FactStatement | None:
    """The birthday a clause says (`earlier`: an earlier clause of the message gave one)."""
    m = _BDAY.search(clause.text)
    if not m and clause.people and (md := birthdays.elliptic(clause.text, clause.people[0].end, clause.sentence, earlier)):
        return birthday_fact(clause.people[0].name, md.month, md.day, md.year, correction)  # "..., ama's is 15 march"
    if not m and (nth := _NTH.search(clause.text)):  # "It's Becca's 30th on the 14th of March"
        md = find_month_day(clause.text[nth.end():])
        if md is None:
            return None
        when = date(today.year, md.month, md.day) if (md.month, md.day) != (2, 29) else today
        year: int | None = (when.year if when >= today else when.year + 1) - int(nth["n"])
        return birthday_fact(subject, md.month, md.day, year, correction)
    if not m and (aged := birthdays.nth_on_day(clause.text, today)):  # "tmrw is bat-erdene's 40th"
        return birthday_fact(subject, *aged, correction)
    if not m and (last := _ends_possessive(clause)) and (found := find_day(clause.text, today, future=True)):
        md = find_month_day(clause.text)  # "and the day after tmrw is her brother mateo's": whose day, unsaid
        return birthday_fact(last.name, md.month if md else found[0].month, md.day if md else found[0].day, None,
                             correction)
    if not m and clause.people and (ell := _ELLIPTIC_BDAY.match(clause.text, clause.people[0].end)):
        # "leo's is june 9": a date right after a possessive name, with no noun, is a birthday
        subject = clause.people[0].name
        md = find_month_day(clause.text[ell.end():])
        found = None if md else find_day(clause.text[ell.end():], today, future=True)
        if md:
            return birthday_fact(subject, md.month, md.day, md.year, correction)
        return birthday_fact(subject, found[0].month, found[0].day, None, correction) if found else None
    if not m:
        return None
    tail = clause.text[m.start():]
    # the date of a birthday is in its clause, or later in the sentence ("for her bday, she's 29 today")
    later = clause.sentence[clause.sentence.find(clause.text) + len(clause.text):] if clause.text in clause.sentence else ""
    md = find_month_day(tail) or find_month_day(clause.text)
    age = _AGE.search(clause.text) or _AGE.search(later)
    years = int(age["n"] or age["m"] or age["k"]) if age else None
    if md:
        month, day, year = md.month, md.day, md.year
        if year is None and m.group(1).lower() in ("born", "dob", "d.o.b") and (y := re.search(r"\bin\s+((?:19|20)\d\d)\b", clause.text)):
            year = int(y.group(1))  # "born in 1991 on 5 march"
        if year is None and years is not None:
            when = date(today.year, month, day) if (month, day) != (2, 29) else today
            year = when.year - years if when >= today or m.group(1).lower() != "turned" else when.year - years
    else:
        future = m.group(1).lower() in ("turns", "turning") or not _PAST_BDAY.search(clause.text)
        found = find_day(clause.text, today, future=future) or find_day(later, today, future=future)
        if not found:
            return None
        when = found[0]
        month, day = when.month, when.day
        year = when.year - years if years is not None else None
    return birthday_fact(subject, month, day, year, correction)


_POSSESSIVE_END = re.compile(r"\s*(?:'s|’s|')\s*[!.]*\s*$")


def _ends_possessive(clause: Clause) -> Mention | None:
    """The person whose possessive ends a clause with nothing after it ("... is her brother mateo's")."""
    last = clause.people[-1] if clause.people else None
    if last is None or not _POSSESSIVE_END.fullmatch(clause.text[last.end:]):
        return None
    return last if re.search(r"\b(?:is|was|=)\b", clause.text[:last.start], re.I) else None


def birthday_fact(person: str, month: int, day: int, year: int | None, correction: bool) -> FactStatement:
    """A birthday as a fact: value 'YYYY-MM-DD', or 'MM-DD' when the year is not known."""
    value = f"{year:04d}-{month:02d}-{day:02d}" if year else f"{month:02d}-{day:02d}"
    return FactStatement(person=person, kind="birthday", value=value,
                         birthday=Birthday(month=month, day=day, year=year), correction=correction)


_PET = re.compile(
    rf"\b(?:(?P<poss>his|her|their)\s+|(?P<named>'s|’s)\s+|(?P<verb>has|have|got|adopted|rescued|bought|getting|"
    rf"gets|welcomed)\s+(?P<det>(?:(?:a|an|another|two|three|four|\d|new|little|tiny|rescue|baby|second)\s+)*))"
    rf"(?:new\s+|little\s+|old\s+|rescue\s+)?(?P<pet>{PET_WORDS})\b(?P<called>\s*,?\s+(?:(?:is\s+)?(?:called|named)\s+))?", re.I)
_VERBISH = re.compile(r"(?:s|ed|ing)$", re.I)


_PLURAL_TITLE = re.compile(r"(?:\bare|'re|’re|\bwere)\s+(?:both\s+|all\s+|now\s+)*(?P<t>[a-z]+[^s\W]s)\b(?!\s+(?:of|with|to|in)\b)",
                           re.I)


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-3] + "y" if word.endswith("ies") else word[:-1]


def pets(clause: Clause, subject: str) -> list[FactStatement]:
    """A pet is a fact about its owner: "w his dog zaatar" -> pet 'Zaatar (dog)' of the subject."""
    out = []
    for m in _PET.finditer(clause.text):
        owner = subject
        if m["named"]:
            before = [p for p in clause.people if p.end == m.start()]
            if not before:
                continue
            owner = before[0].name
        name_m = re.match(r"\s*(?:,\s*(?=\S+\s*(?:,|and|&)))?([^\W\d_][\w'’-]*)", clause.text[m.end():])
        name = None
        if name_m:
            word, after = name_m.group(1), clause.text[m.end() + name_m.end():]
            low = word.lower()
            ends_here = not re.match(r"\s*[^\W\d_]", after) or re.match(r"\s*(\S+)", after).group(1).lower().strip(  # type: ignore[union-attr]  # a word follows
                ",.!?") in _BOUNDARY
            if low not in _BOUNDARY and is_content_word(low) and (
                    m["called"] or word[:1].isupper() or ends_here and not _VERBISH.search(low)):
                name = word[:1].upper() + word[1:]
        kind = re.sub(r"\s+", " ", m["pet"].lower())
        names = [name] if name else []
        if name and name_m and kind.endswith("s") and kind not in ("chickens", "goats"):  # "2 cats, tama and miro"
            kind = kind[:-1]
            at = m.end() + name_m.end()
            while (more := re.compile(r"\s*(?:,|and|&|\+)\s*(?:and\s+)?([^\W\d_][\w'’-]*)").match(clause.text, at)) \
                    and more.group(1).lower() not in _BOUNDARY and more.group(1).lower() not in STOP:
                names.append(more.group(1)[:1].upper() + more.group(1)[1:])
                at = more.end()
        out += [FactStatement(person=owner, kind="pet", value=f"{n} ({kind})") for n in names] or [
            FactStatement(person=owner, kind="pet", value=(" ".join((m["det"] or "a ").split()[:1]) + " " + kind).strip())]
    if not out and (animal := ANIMAL_NAMED.search(clause.text)) and an_animal(clause.text, animal):
        out.append(FactStatement(person=subject, kind="pet", value=f"{animal['name'][:1].upper()}{animal['name'][1:]} ({animal['pet'].lower()})"))
    return out


_NICKNAME = re.compile(r"\s*(?:\((?:aka\s+|a\.k\.a\.?\s+)?(?P<b>[^()]{1,30})\)|,?\s+(?:aka|a\.k\.a\.?|known as|"
                       r"goes by|who goes by)\s+(?P<w>[^\W\d_][\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?))", re.I)
_NICK_INSIDE = re.compile(r"\S\s*\((?P<b>[^()]{1,30})\)\s+\S")  # "Robert (Bobby) Okonkwo"


def nicknames(clause: Clause, subject: str) -> list[FactStatement]:
    """'ana costa (climbing ana)', 'Robert aka Bobby': another name for the person before it;
    'we call him big mike': for the person the clause is about."""
    out = []
    if (m := CALLS_THEM.search(clause.text)) and (nick := phrase_after(clause.text, m.end(), max_words=3)):
        out.append(FactStatement(person=subject, kind="nickname", value=nick))
    for p in clause.people:
        if m := _NICKNAME.match(clause.text, p.end) or _NICK_INSIDE.search(clause.text, p.start, p.end):
            nick = (m["b"] or m.groupdict().get("w") or "").strip()
            if nick and fold(nick) != fold(p.name) and not is_kin_phrase(nick):
                out.append(FactStatement(person=p.name, kind="nickname", value=nick))
    return out


def places_and_work(clause: Clause, subject: str, correction: bool) -> list[FactStatement]:
    facts: list[FactStatement] = []
    text = clause.text
    if m := _CITY_NOW.search(text) or _BEEN_IN.search(text) or (correction and _IS_IN.search(text)):
        if city := phrase_after(text, m.end(), max_words=4):
            if city.lower() not in ("here", "there", "town", "the area"):
                facts.append(FactStatement(person=subject, kind="city", value=city, correction=correction))
    m = _EMPLOYER.search(text) or _FIELD_AT.search(text)
    if m is None and _JOB_CHANGE.search(clause.sentence):
        m = _AT_NOW.search(text)  # "Greg left Deloitte, he's at PwC now"
    if m and _GONE_FROM.search(text[:m.start()] + " "):
        m = None  # "quit her job at the bank": where they no longer work
    if m:
        if org := phrase_after(text, m.end(), max_words=5):
            facts.append(FactStatement(person=subject, kind="employer", value=org, correction=correction))
            place_at: int | None = None
            if where := re.match(r"\s+in\s+", text[m.end() + len(org):]):  # "a job at discovery in joburg"
                place_at = m.end() + len(org) + where.end()
            elif w := _WORK_CITY.search(text):
                place_at = w.end()
            if place_at is not None and not any(f.kind == "city" for f in facts) and (
                    city := phrase_after(text, place_at, max_words=3)) and looks_like_place(text, place_at, city):
                facts.append(FactStatement(person=subject, kind="city", value=city, correction=correction))
    facts += study_facts(text, subject, correction)  # "doing a masters in economics at lse"
    if not any(f.kind in ("school", "subject") for f in facts) and (m := _SCHOOL.search(text)) and (
            school := phrase_after(text, m.end(), max_words=5)):
        if school.split()[0].lower() not in _NOT_A_TOWN - {"the"}:
            facts.append(FactStatement(person=subject, kind="school", value=school, correction=correction))
    if (m := _HOMETOWN.search(text)) and (town := phrase_after(text, m.end(), max_words=3)):
        if town.split()[0].lower() not in _NOT_A_TOWN:
            facts.append(FactStatement(person=subject, kind="hometown", value=town, correction=correction))
    if m := _TITLE.search(text) or _AS_TITLE.search(text):
        title = phrase_after(text, m.end(), max_words=6)
        if title and title.split()[0].lower() not in _NOT_TITLE:
            facts.append(FactStatement(person=subject, kind="title", value=title, correction=correction))
            at = re.match(r"\s+(?:at|for|with)\s+", text[m.end() + len(title):])
            if at and not any(f.kind == "employer" for f in facts):
                org_at = m.end() + len(title) + at.end()
                if org := phrase_after(text, org_at, max_words=5):
                    facts.append(FactStatement(person=subject, kind="employer", value=org, correction=correction))
                    # "a data scientist at Swiggy in Bangalore": where they work is where they live
                    where = re.match(r"\s+in\s+(?=[A-Z])", text[org_at + len(org):])
                    if where and not any(f.kind == "city" for f in facts) and (
                            city := phrase_after(text, org_at + len(org) + where.end(), max_words=3)):
                        facts.append(FactStatement(person=subject, kind="city", value=city, correction=correction))
    return facts


_MEETING = re.compile(rf"\b(?:{MEETING_WORDS})\b", re.I)
_DID_WITH = re.compile(r"\s*(?:[A-Za-z]{3,}ed|ate|drank|swam|sang|sat|took|did|made|rode|flew|drove|built|[Hh]ad)\b"
                       r"(?:\s+[a-z]+){0,3}\s+(?:with|w/?)\s+(?=\S)")  # "had merienda w paolo"
_CALLER = {"", "i", "we", "just", "also", "finally", "then", "and", "quickly", "briefly", "today", "yesterday",
           "tonight", "me", "he", "she", "they", "last", "night", "morning", "evening"}


_CALL = re.compile(r"\b(?:called|phoned|rang|facetimed|face-?timed|video[- ]?called|skyped|zoomed|(?:facetime|zoom|skype)\s+(?:w|with)|"
                   r"(?:a|an)\s+(?:call|voice\s*call|facetime)\s+from|"
                   r"(?:phone|video|zoom|facetime|skype|whatsapp|teams)\s+(?:call|chat)|call(?:ed)?\s+(?:with|w)(?=[\s/])|had a call|"
                   r"on the phone|over (?:zoom|the phone|phone|facetime|video|skype|whatsapp|teams))\b", re.I)
_TEXTED = re.compile(r"\b(?:texted|messaged|dm'?d|dmed|whatsapped|emailed|e-mailed|wrote to|voice[- ]?noted|"
                     r"sent (?:me|her|him|them) an? (?:text|message|voice ?note|dm|email)|"
                     r"(?:a|an)\s+(?:text|message|dm|voice\s*note|email|whatsapp)\s+from)"
                     r"\b", re.I)


# "movie night at jasmine's w carlo": what was done, then with whom, and no verb needed
_ACTIVITY_WITH = re.compile(r"^\W*(?!(?:i|we|he|she|they|it|its|it's|my|our)\b)(?:[^\W\d_][\w'’-]*\s+){1,4}?"
                            r"(?:at\s+[^,.;!?]{1,40}?\s+)?(?:with|w/?)\s+(?=\S)", re.I)


_MY_RELATIVE = re.compile(rf"(?:my|our|his|her|their)\s+{_ADJ}(?:{_REL_WORDS})\s+", re.I)  # "call w my cousin tariq"


def _activity_with(clause: Clause) -> re.Match[str] | None:
    """An activity said with the people who shared it ("game night at ola's w bisi & tunde"):
    a meeting when a person follows "w" and no one is named before it but a host ("at X's")."""
    m = _ACTIVITY_WITH.match(clause.text)
    if not m or not any(p.start == m.end() or _MY_RELATIVE.fullmatch(clause.text[m.end():p.start]) for p in clause.people):
        return None
    if re.search(r"(?:ed|ful|ous)\s+(?:with|w/?)\s+$|^\W*(?:so|very|really|too|kinda|bit)\b", m.group(0), re.I):
        return None  # "so annoyed w tomasz", "done w ...": a feeling about someone, not time spent together
    before = [p for p in clause.people if p.start < m.end()]
    if any(not re.match(r"(?:'s|’s|s)\b", clause.text[p.end:]) for p in before):
        return None  # "efrat is obsessed w ...": a name that is the subject, not a host
    return m


def _meeting_word(text: str) -> re.Match[str] | None:
    """The first word that says the owner met someone; "a dog called Rex" is a name, not a call."""
    for m in _MEETING.finditer(text):
        prev = re.findall(r"[\w']+", text[:m.start()].lower())[-1:] or [""]
        if m.group(0).lower() == "called" and prev[0] not in _CALLER:
            continue
        return m
    return _DID_WITH.match(text) or _TEXTED.search(text) or _REACHED_ME.search(text) or _FROM.search(text)


# "ravi called me yesterday", "got a text from mei": the other one reached out, still a call or a text
_REACHED_ME = re.compile(r"\b(?:called|rang|phoned|facetimed|video[- ]?called|texted|messaged|dm'?d|whatsapped|"
                         r"voice[- ]?noted)\s+me\b", re.I)
_FROM = re.compile(r"\b(?:got|had|received)\s+(?:a|an)\s+(?:text|message|dm|voice\s*note|email|call|voice\s*call|"
                   r"facetime)\s+from\b", re.I)


_WITH_RELATIVE = re.compile(rf"(?:'s|’s|'|’)?\s*(?:,|and|&|\+|w|with)\s*(?:his|her|their)\s+{_ADJ}(?:{_REL_WORDS})\s*,?\s*$", re.I)


def _at_meeting(clause: Clause, relatives: list[str]) -> list[str]:
    """Who the owner met: the people named, but not one who only owns the relative named next
    ("met maya's boyfriend dan" is Dan), and a relative only when named with the others
    ("dinner with Tom and his wife Maria")."""
    owners = owners_of_relatives(clause.text, clause.people)
    out: list[str] = []
    prev = None
    for p in clause.people:
        joined = prev is not None and (prev.name in owners or _WITH_RELATIVE.fullmatch(clause.text[prev.end:p.start]))
        if p.name not in owners and (p.name not in relatives or joined) and p.name not in out:
            out.append(p.name)
        prev = p
    return out


def _is_call(text: str) -> bool:
    """Whether a clause tells of a call: "called" only after the caller ("i called ravi", "ravi
    called me"), not in a name ("met a little girl called maya")."""
    for m in _CALL.finditer(text):
        if m.group(0).lower() != "called":
            return True
        prev = re.findall(r"[\w']+", text[:m.start()].lower())[-1:] or [""]
        if prev[0] in _CALLER or re.match(r"\s+me\b", text[m.end():], re.I) or any(
                p == prev[0] for p in re.findall(r"[\w']+", text[:m.start()].lower())[:1]):
            return True  # "i called", "ravi called me", "tomasz called" (the clause's first word)
    return False


# "helped jelena load the van": time spent with someone, in person
_HELPED = re.compile(r"\bhelped\s+(?=\S)", re.I)


def _helped(clause: Clause) -> re.Match[str] | None:
    m = _HELPED.search(clause.text)
    return m if m and any(p.start == m.end() for p in clause.people) else None


def _planned(clause: Clause, today: date) -> bool:
    """A meeting said for a day ahead ("dinner w sven next fri", "lunch w amara in 3 days") is a
    plan, not time spent together yet: no interaction (a note keeps it)."""
    if _PAST.search(clause.text) and not re.search(r"\b(?:will|gonna|going to|'ll)\b", clause.text, re.I):
        return False
    found = find_day(clause.text, today, future=None)
    return bool(found and found[0] > today)


def interaction(clause: Clause, relatives: list[str], today: date) -> InteractionStatement | None:
    m = _meeting_word(clause.text) or _activity_with(clause) or _helped(clause)
    host = host_of(clause.text, clause.people)
    if not m and host:  # "bbq at amara's": an evening at someone's home is time with them
        m = re.match(r"\W*", clause.text)
    if m and _planned(clause, today):
        return None
    if not m or re.search(r"\bremind me\b|\bborn\b", clause.text, re.I):
        return None
    people = _at_meeting(clause, relatives) or ([clause.subject] if clause.subject else [])
    if host and host.name not in people:
        people.insert(0, host.name)
    if not people:
        return None
    place = None
    # the meeting is dated by its own clause: "they moved to Lyon last month" dates the move, not the dinner
    found = find_day(clause.text, today, future=False)
    if pm := re.search(r"\b(?:at|in)\s+(?!\d|laws?\b)", clause.text[m.start():], re.I):  # not "my mother in law"
        at = m.start() + pm.end()
        # the place ends where its day begins: "at hongdae station yday" is at hongdae station
        upto = found[1][0] if found and found[1][0] > at else len(clause.text)
        place = phrase_after(clause.text[:upto], at, allow_in=True, max_words=7)
        if place and any(fold(place) == fold(p) for p in people):
            place = None
    on = found[0] if found and found[0] <= today else today
    kind = "call" if _is_call(clause.text) else "text" if _TEXTED.search(clause.text) else "met"
    return InteractionStatement(people=people, on=on, place=place if kind == "met" else None, text=clause.text, kind=kind)


_PAST = re.compile(r"\b(?:was|were|had|did|said|told|met|saw|went|came|got|took|made|ran|ate|[a-z]{3,}ed)\b", re.I)


def _day_of_sentence(clause: Clause, today: date) -> date | None:
    """The past day an earlier clause of the same sentence is dated by, for a clause in the past
    tense with no day of its own."""
    start = clause.sentence.find(clause.text)
    if start <= 0 or not _PAST.search(clause.text) or birthdays.CONTEXT.search(clause.sentence[:start]):
        return None  # "her bday is 17 sept, and she has a beagle named waffle": a birthday dates no note
    found = find_day(clause.sentence[:start], today, future=False)
    return found[0] if found and found[0] < today else None


def residual_words(text: str, names: list[str]) -> int:
    """How many content words a clause has beyond names and small words."""
    folded_names = {w for n in names for w in fold(n).split()}
    words = [w for w in re.findall(r"[^\W\d_]+", fold(text)) if len(w) > 2]
    return sum(1 for w in words if not is_small_word(w) and w not in folded_names)


def extract(clause: Clause, today: date, correction: bool, out: LogIntent) -> None:
    """Add everything `clause` says to `out`."""
    if reminders := keep_in_touch.requests(clause):  # "remind me to check on ayesha every 10 days, and bruno ..."
        out.reminders += reminders
        return
    known_relations = len(out.relations)
    relatives, lead_end = relations(clause, out)
    subject = clause.subject
    if lead_end >= 0 and relatives:
        subject = relatives[0]  # "His wife Maria is a cardiologist": the rest is about Maria
    if not subject:
        return
    facts = yearly_facts(clause.text, [subject], today, correction)  # anniversaries, death days, name days
    earlier = any(f.kind == "birthday" for f in out.facts)
    if not facts and (bday := birthday(clause, subject, today, correction, earlier)):
        facts.append(bday)
    facts += places_and_work(clause, subject, correction)
    facts += [f for f in work_place_facts(clause.text, subject, correction,  # "mei runs a cafe in taipei"
                                          tuple((p.start, p.end) for p in clause.people))
              if not any(g.person == f.person and g.kind == f.kind for g in facts)]
    if move := planned_move(clause.text, subject, [f.value for f in out.facts + facts if f.kind == "city"], correction):
        place = move.value.split(" (")[0]
        out.facts = [f for f in out.facts if not (f.person == subject and f.kind == "city" and f.value == place)]
        facts = [f for f in facts if f.kind != "city" or f.value != place] + [move]  # not yet where they live
    facts += [f for f in named_facts(clause, subject, correction)  # "her hometown is gyumri"
              if not any(g.person == f.person and g.kind == f.kind for g in facts)]
    group = clause.group if clause.group and clause.group[0] == subject else []
    if group and not any(f.kind == "title" for f in facts) and (m := _PLURAL_TITLE.search(clause.text)):
        if (title := _singular(m["t"])) and title not in _NOT_TITLE and m["t"].lower() not in RELATIONS:  # "they're both nurses"
            facts.append(FactStatement(person=subject, kind="title", value=title, correction=correction))
    own = [f for f in facts if f.person == subject]
    for other in dict.fromkeys(g for g in group[1:] if g != subject):  # "jess and tom moved": the same fact for each
        facts += [f.model_copy(update={"person": other}) for f in own]
    facts += pets(clause, subject) + nicknames(clause, subject) + owners_kin(clause, correction)
    out.facts += facts
    meet = interaction(clause, relatives, today)
    if meet:
        out.interactions.append(meet)
        return
    on = today
    if not any(f.kind == "birthday" for f in facts) and (found := find_day(clause.text, today, future=None)):
        on = found[0] if found[0] <= today else today
    elif (said_on := _day_of_sentence(clause, today)) is not None:
        on = said_on  # "party at lucia's last night, her bf diego was there": that night too
    kin = any(f.kind == "kin" for f in facts)
    facts = [f for f in facts if KINDS[f.kind].summed_up and f.kind != "kin"]  # a pet said in passing: still news
    fact_words = sum(len(f.value.split()) for f in facts if f.kind != "birthday")
    said = without_kin(clause.text) if kin else clause.text  # "my stepbrother kai got married": news all the same
    news = not facts and not kin or not correction and residual_words(said, [p.name for p in clause.people]) - fact_words > (
        1 if facts else 0)
    if facts and any(f.kind == "birthday" for f in facts) and len(facts) == 1:
        news = news and residual_words(re.sub(r"\b(?:birthday|bday|born|turns|turned)\b.*", "", clause.text, flags=re.I), []) > 1
    owners = list(dict.fromkeys([subject] + group[1:]))
    if lead_end >= 0 and clause.subject and clause.subject not in owners:
        owners.append(clause.subject)
    for rel in out.relations[known_relations:]:  # "Raj's sister Nina is visiting" is news for Raj too
        if rel.relative == subject and rel.person not in owners:
            owners.append(rel.person)
    for person in owners:
        out.notes.append(NoteStatement(person=person, text=clause.text, on=on, news=news))
