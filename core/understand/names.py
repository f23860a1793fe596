"""Finding people in a piece of text.

Known contacts are matched first, case- and accent-insensitively ("zoe" finds Zoë, "jo"
finds Jo). New names come from capitalised runs outside the stop list that are not places
("at Blue Bottle", "moved to Lyon"), from CJK names, and from texting patterns where case is
lost ("met priya", "lunch with omar", "kim's bday").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from core.understand.lexicon import (
    MONTHS,
    NATIONALITIES,
    PLACE_PREPOSITIONS,
    RELATIONS,
    STOP,
    WEEKDAYS,
)

TOKEN = re.compile(r"[^\W\d_][\w]*(?:[-'’][^\W\d_]+)*|\d+", re.UNICODE)
_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,4}$")
_CONNECTORS = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "bin", "al", "dos", "das", "du"}
_LOWER_TRIGGERS = re.compile(
    r"\b(?:met|meet|with|saw|see|into|called|call|texted|text|visited|visit|about|is|"
    r"and|from)\s+$", re.I)
_NOT_NAMES = STOP | set(MONTHS) | set(WEEKDAYS) | NATIONALITIES | set(RELATIONS) | {
    "mine", "everyone", "someone", "anyone", "nobody", "somebody", "everybody", "yall", "guys",
    "folks", "team", "boss", "parents", "cousin", "neighbor", "neighbour", "doctor", "teacher",
}


_FAMILY_NAMES = {"Mom", "Mum", "Dad", "Grandma", "Grandpa", "Nana", "Granny", "Papa", "Mama"}
_TITLES = {"grandma", "grandpa", "granny", "nana", "nan", "uncle", "aunt", "auntie", "aunty", "cousin"}


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name ("Zoë" -> "zoe"). Cached: each message
    folds every contact's name, and an address book has thousands."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@dataclass
class Mention:
    start: int
    end: int
    name: str  # as it should be stored ("Sam Lee"), possessive removed
    known: bool = False


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() or bool(_CJK.match(tok))


def _strip_possessive(tok: str) -> tuple[str, bool]:
    for suffix in ("'s", "’s", "'", "’"):
        if tok.endswith(suffix) and len(tok) > len(suffix) + 1:
            return tok[: -len(suffix)], True
    return tok, False


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text)]


@functools.lru_cache(maxsize=64)
def _needles(known: tuple[str, ...]) -> list[str]:
    """Folded full and first names of the contacts, longest first (cached per address book)."""
    needles = {fold(name) for name in known} | {fold(name.split()[0]) for name in known if " " in name.strip()}
    return sorted((n for n in needles if n), key=len, reverse=True)


def find_known(text: str, known: list[str]) -> list[Mention]:
    """Spans of `text` that name one of the owner's contacts (full name, else first name)."""
    folded = fold(text)
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for needle in _needles(tuple(known)):
        if not needle or needle not in folded:
            continue  # the substring test skips a regex compile per contact (big address books)
        for m in re.finditer(r"(?<![\w])" + re.escape(needle) + r"(?![\w])", folded):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken):
                continue
            word = text[s:e]
            if fold(word) in _NOT_NAMES and not _is_cap(word):
                continue  # "will" the verb is not Will the person
            nxt = re.match(r" ([^\W\d_][\w'’-]*)", text[e:])
            if " " not in needle and nxt and _is_cap(nxt.group(1)) and fold(_strip_possessive(nxt.group(1))[0]) not in _NOT_NAMES:
                continue  # "Sam Okafor" is not the known Sam Whitaker
            taken.append((s, e))
            out.append(Mention(s, e, word, known=True))
    return out


def find_people(text: str, known: list[str] | None = None) -> list[Mention]:
    """Every person mentioned in `text`, in order, known contacts first."""
    mentions = find_known(text, known or [])
    toks = tokens(text)
    i = 0
    forced = -1  # index of a token that is a name whatever the stop list says ("Aunt May")
    while i < len(toks):
        s, e, tok = toks[i]
        if any(m.start <= s < m.end for m in mentions):
            i += 1
            continue
        base, poss = _strip_possessive(tok)
        nxt = toks[i + 1] if i + 1 < len(toks) and text[e:toks[i + 1][0]] == " " else None
        nxt_is_name = bool(nxt) and _is_cap(nxt[2]) and nxt[2].isalpha() and fold(nxt[2]) not in STOP
        if not poss and fold(base) in _TITLES and _is_cap(tok) and nxt_is_name:
            forced = i + 1  # "Grandma Rose", "Uncle Joe", "Aunt May": the name is what follows
            i += 1
            continue
        if (i == forced or fold(base) in MONTHS and not poss and nxt_is_name
                and fold(nxt[2]) not in _NOT_NAMES and not _after_time_word(text, s)) and _is_cap(tok):
            run_start_ok = True  # "Jun Park", "April Jones": a month that starts a full name
        else:
            run_start_ok = False
        if base in _FAMILY_NAMES and (poss or s > 0):
            mentions.append(Mention(s, s + len(base), base))  # "Called Dad", "Mom's birthday"
            i += 1
            continue
        if run_start_ok or _is_cap(tok) and fold(base) not in _NOT_NAMES and not base.isupper() or _CJK.match(tok):
            run = [(s, e, tok)]
            j = i + 1
            while not poss and j < len(toks):
                ns, ne, nt = toks[j]
                gap = text[run[-1][1]:ns]
                if gap not in (" ", "-") or any(m.start <= ns < m.end for m in mentions):
                    break
                nbase, nposs = _strip_possessive(nt)
                if _is_cap(nt) and fold(nbase) not in _NOT_NAMES and not nbase.isupper():
                    run.append((ns, ne, nt))
                    poss = nposs
                    j += 1
                elif nt.lower() in _CONNECTORS and j + 1 < len(toks) and _is_cap(toks[j + 1][2]):
                    run.append((ns, ne, nt))
                    j += 1
                else:
                    break
            hosted = poss and re.match(_HOME_WORDS, text[run[-1][1]:], re.I)  # "at Olu's place"
            if not hosted and (_looks_like_place(text, s) or _is_place_tail(text, run[-1][1])
                               or _THING_NAMED.search(text[:s])):
                i = j
                continue
            name = " ".join(t for _, _, t in run)
            name, _ = _strip_possessive(name)
            mentions.append(Mention(s, run[-1][1] - (len(run[-1][2]) - len(_strip_possessive(run[-1][2])[0])), name))
            i = j
            continue
        after_name = bool(mentions) and re.fullmatch(r"\s*(?:,|and|&)\s*", text[max(m.end for m in mentions if m.end <= s) if any(m.end <= s for m in mentions) else 0:s] or "x")
        if not _is_cap(tok) and base.capitalize() in _FAMILY_NAMES and (
                poss or re.search(_FAMILY_CUE, text[max(0, s - 25):s], re.I)):
            mentions.append(Mention(s, s + len(base), base.capitalize()))  # "talked to dad", "mom's birthday"
        elif not _is_cap(tok) and (_lowercase_name(text, s, base, poss) or (after_name and fold(base) not in _NOT_NAMES and base.isalpha() and len(base) > 1)):
            mentions.append(Mention(s, s + len(base), base.capitalize()))
        i += 1
    mentions.sort(key=lambda m: m.start)
    return mentions


def _after_time_word(text: str, pos: int) -> bool:
    """'in March Sam moved': a month after a time preposition is a month, not a first name."""
    prev = _previous_words(text, pos, 1)
    return bool(prev) and prev[0] in {"in", "on", "since", "until", "till", "by", "from", "of", "last",
                                      "next", "this", "early", "late", "mid", "before", "after", "end"}


def _previous_words(text: str, pos: int, n: int = 2) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w']+", text[:pos])[-n:]]


def _looks_like_place(text: str, start: int) -> bool:
    prev = _previous_words(text, start, 3)
    if not prev:
        return False
    if len(prev) >= 2 and (prev[-1], prev[-2]) in _PERSON_AFTER or prev[-1] in ("with", "and"):
        return False
    if prev[-1] in PLACE_PREPOSITIONS or prev[-1] in ("not", "than"):
        return True
    return len(prev) == 2 and prev[-1] in ("the", "a", "an") and prev[0] in PLACE_PREPOSITIONS


_PERSON_AFTER = {
    ("to", v) for v in ("engaged", "married", "talked", "spoke", "introduced", "wrote", "said",
                        "sent", "gave", "lent", "sold", "waved", "chatted", "related", "next")
} | {
    ("from", v) for v in ("news", "heard", "text", "message", "call", "email", "letter", "card",
                          "gift", "update", "note", "postcard", "invite", "invitation")
} | {("of", v) for v in ("bday", "birthday", "b-day", "wife", "husband", "friend", "sister", "brother", "son",
                         "daughter", "mom", "dad", "mother", "father", "partner", "boss", "cousin", "kids",
                         "children", "fiancé", "fiancée", "girlfriend", "boyfriend", "news")
} | {("into", v) for v in ("ran", "run", "bumped", "running", "bumping")} | {("about", v) for v in ("news", "worried", "thinking", "heard", "ask", "asked")} | {
    ("for", v) for v in ("gift", "present", "bought", "got", "cooked", "made")
}


_THING_NAMED = re.compile(  # "a dog called Rex", "her startup named Lumen": a name, not a person's
    r"\b(?:dog|cat|puppy|kitten|parrot|rabbit|bunny|hamster|horse|pony|fish|turtle|tortoise|pet|boat|car|band|"
    r"company|startup|business|book|novel|album|song|app|podcast|restaurant|cafe|café|bar|shop|bakery|brand|"
    r"blog|channel|game|film|movie|show)\s+(?:called|named)\s+$", re.I)
_HOME_WORDS = (r"\s*(?:place|house|home|flat|apartment|apt|party|wedding|birthday|bbq|barbecue|cabin|"
               r"farm|garden|studio|housewarming|shop|restaurant|cafe|café|bar|gallery|show|gig)\b")


def _is_place_tail(text: str, end: int) -> bool:
    """'Blue Bottle Coffee', 'Borough Market': a run followed by a place word."""
    return bool(re.match(r"\s*(?:street|st|road|avenue|park|market|cafe|café|bar|restaurant|"
                         r"station|university|college|airport|hospital|club)\b", text[end:], re.I))


_RELATIVE_CUE = (r"\b(?:his|her|their|my)\s+(?:new\s+|little\s+|older\s+|younger\s+|baby\s+)?(?:wife|husband|"
                 r"partner|fianc[ée]e?|girlfriend|boyfriend|gf|bf|son|daughter|kids?|children|brother|sister|"
                 r"cousin)\s+(?:(?:is\s+)?(?:named|called)\s+)?$")
_FAMILY_CUE = (r"\b(?:with|to|visited|called|phoned|rang|texted|saw|met|facetimed|see|about|for|from|and|"
               r"helped|hugged|miss|missed)\s+$")
_PERSON_NEWS = (r"\s+(?:just\s+|finally\s+|recently\s+)?(?:got (?:engaged|married|promoted|divorced|a new|a job|"
                r"a dog|a puppy|a cat|into)|moved|moves|lives|works|started|quit|left|joined|turned|turns|retired|"
                r"is (?:moving|pregnant|getting|engaged|married|expecting|retiring|starting)|"
                r"had a baby|has a new|'s (?:moving|pregnant|getting|engaged|married|expecting|retiring)|"
                r"(?:'s|s) (?:bday|birthday))\b")


def _lowercase_name(text: str, start: int, base: str, poss: bool) -> bool:
    """A lowercase word that texting patterns mark as a name: 'met priya', "kim's bday"."""
    if fold(base) in _NOT_NAMES or len(base) < 2 or not base.isalpha():
        return False
    if poss and re.match(r"\s*(?:bday|birthday|b-day|wife|husband|partner|kids?|son|daughter|"
                         r"brother|sister|mom|dad|mum)\b", text[start + len(base) + 2:], re.I):
        return True
    if not text[:start].strip() and len(base) > 2 and re.match(_PERSON_NEWS, text[start + len(base):], re.I):
        return True  # "tyler got a new job at netflix": lowercase texting, a name that starts the message
    if re.search(_RELATIVE_CUE, text[max(0, start - 40):start], re.I):
        return True  # "lunch with jess and her husband mike"
    before = text[max(0, start - 20):start]
    if re.search(r"\b(?:met|saw|(?:ran|run|bumped) into|texted|called|(?:lunch|coffee|dinner|breakfast|brunch|drinks|"
                 r"beers?|tea|up|out|call|chat|touch|in|walk|run|date|time)\s+with)\s+$", before, re.I):
        after = text[start + len(base):]
        return not re.match(r"\s*(?:of|and the|the)\b", after)
    return False
