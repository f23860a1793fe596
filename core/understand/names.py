"""Finding people in a piece of text, whatever its capitals.

Three kinds of evidence, combined in one place (`find_people`):

1. The owner's own people (`find_known`): matched case- and accent-insensitively ("zoe" finds
   Zoë), with a possessive written without its apostrophe ("toms bday" is Tom's) and with one
   small typo ("priyaa"), full names first, then first names.
2. The token tagger (`core.understand.tagger`): a small model that labels each word person,
   location, group, corporation, product or work, the same in lowercase as in capitals.
3. The slot a word stands in (`core.understand.slots`): "met X", "with X", "called X",
   "X and Y", "X's bday", "X is my ...", "her husband X". A slot settles words that are also
   ordinary words (will, grace, mark, june): in a person slot they are people when the tagger
   gives them a fair chance; a known contact's name that is an ordinary word ("will") needs
   a slot or the tagger.

Whether a word is a person at all (rather than a place, a company, a pet, a verb or a common
word) is decided in one place, `wordkind.kind_of`, from that same evidence plus a dictionary of
English words ("kayaked" is a verb); this module turns the words it calls people into spans
(first name and surname, "Ana de Souza", the whole entity in "at Olu Adeyemi's place"), and
handles family words ("called mom" is Mom under her title; "Aunt May" is May).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from core.text import fold as fold  # re-exported: understanding modules import it from here
from core.understand import slots, tagger, wordkind
from core.understand.dates import holiday_spans
from core.understand.lexicon import (
    FAMILY_TITLES,
    MEET_VERBS,
    MONTHS,
    NEVER_NAMES,
    RELATIONS,
    WEEKDAYS,
    WORDS_THAT_ARE_NAMES,
)

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"[^\W\d_][\w]*(?:[-'’][^\W\d_]+)*|\d+", re.UNICODE)
_CJK = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,4}$")
_CONNECTORS = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "la", "le", "bin", "al", "dos",
               "das", "du", "ben", "ibn", "el", "mac", "st"}
# Kept for callers: words that are never a person's name on their own.
_NOT_NAMES = NEVER_NAMES | set(MONTHS) | set(WEEKDAYS) | set(RELATIONS)
_FAMILY_NAMES = {"Mom", "Mum", "Dad", "Grandma", "Grandpa", "Nana", "Granny", "Papa", "Mama"}
_TITLES = FAMILY_TITLES
_FAMILY_WORDS = {n.lower() for n in _FAMILY_NAMES} | FAMILY_TITLES
# a following word this likely to be a person's continues the name ("li wei")
EXTEND_MIN = wordkind.EXTEND_MIN
OTHER_KINDS = {"location", "group", "corporation", "product", "creative-work"}


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


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@functools.lru_cache(maxsize=64)
def _needles(known: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """Folded full and first names, longest first, and a one-edit index of the first names
    ("priyaa", "prya" -> "priya"), cached per address book."""
    needles = {fold(name) for name in known} | {fold(name.split()[0]) for name in known if " " in name.strip()}
    needles |= {n.replace("-", "") for n in needles if "-" in n}  # "minjae" is Min-jae, typed without its hyphen
    ordered = sorted((n for n in needles if n), key=len, reverse=True)
    edits: dict[str, str] = {}
    for n in ordered:
        if " " not in n and len(n) >= 4:
            for d in _deletions(n) | {n}:
                edits.setdefault(d, n)
    return ordered, edits


def _typo_of(word: str, edits: dict[str, str]) -> str | None:
    """The name `word` is one edit away from (deletion, insertion, substitution, swap)."""
    w = fold(word)
    if len(w) < 4 or w in NEVER_NAMES:
        return None
    for candidate in [w] + sorted(_deletions(w)):
        if (hit := edits.get(candidate)) and hit[0] == w[0]:
            return hit
    return None


def find_known(text: str, known: list[str], tagged: tuple[tagger.Word, ...] | None = None) -> list[Mention]:
    """Spans of `text` that name one of the owner's contacts (full name, else first name)."""
    if not known:
        return []
    folded = fold(text)
    ordered, edits = _needles(tuple(known))
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def ordinary(s: int, e: int) -> bool:
        """A contact's name that is also an ordinary word ("will"), not in a person's place."""
        word = text[s:e]
        if fold(word) not in _NOT_NAMES | WORDS_THAT_ARE_NAMES or _is_cap(word) and s > 0:
            return False
        if slots.modal_reading(text, s, e):
            return True
        return not (slots.person_slot(text, s, e) or _tagged_person(tagged, s))

    for needle in ordered:
        if needle not in folded:
            continue  # the substring test skips a regex compile per contact (big address books)
        for m in re.finditer(r"(?<![\w])" + re.escape(needle) + r"(?:(?=s\b)|(?![\w]))", folded):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken) or ordinary(s, e):
                continue
            if folded[e:e + 1] == "s" and not slots.possessed_after(text, e + 1):
                continue  # "toms bday" is Tom's; "toms" alone is someone else
            nxt = re.match(r" ([^\W\d_][\w'’-]*)", text[e:])
            if " " not in needle and nxt and _is_cap(nxt.group(1)) and _is_cap(text[s:e]) \
                    and fold(_strip_possessive(nxt.group(1))[0]) not in _NOT_NAMES:
                continue  # "Sam Okafor" is not the known Sam Whitaker
            taken.append((s, e))
            word = text[s:e]
            out.append(Mention(s, e, word.capitalize() if word.capitalize() in _FAMILY_NAMES else word, known=True))
    if edits:
        for s, e, tok in tokens(text):
            base, _ = _strip_possessive(tok)
            if any(s < te and e > ts for ts, te in taken) or base.isdigit():
                continue
            hit = _typo_of(base, edits)
            if hit and re.search(r"(?<!\w)" + re.escape(hit) + r"(?!\w)", folded):
                continue  # the name itself is in the text too: "its Katarzyna not Katarzina" sets two apart
            if hit and fold(base) != hit and (_tagged_person(tagged, s) or slots.person_slot(text, s, s + len(base))):
                name = next(k.split()[0] for k in known if fold(k.split()[0]) == hit or fold(k) == hit)
                taken.append((s, s + len(base)))
                out.append(Mention(s, s + len(base), name, known=True))
    return out


def _tagged_person(tagged: tuple[tagger.Word, ...] | None, start: int) -> bool:
    return tagged is not None and any(w.start == start and w.kind == "person" for w in tagged)


def _clean(word: str) -> str:
    """A word without possessive and surrounding punctuation ("maya's" -> "maya")."""
    return _strip_possessive(word.strip("\"“”()[]{}.,!?;:*_~"))[0]


def _is_name_word(word: str) -> bool:
    base = _clean(word)
    low = fold(base)
    return (len(base) > 1 and bool(re.search(r"[^\W\d_]", base)) and low not in NEVER_NAMES
            and not slots.possessed_after(low, 0)
            and low not in WEEKDAYS and low not in RELATIONS and not (low.endswith("s") and low[:-1] in RELATIONS)
            and low not in _FAMILY_WORDS and low not in MEET_VERBS and low not in tagger.SHORTHAND)


def find_people(text: str, known: list[str] | None = None) -> list[Mention]:
    """Every person mentioned in `text`, in order, known contacts first."""
    tagged = tagger.tag(text)
    mentions = find_known(text, known or [], tagged)

    dated = holiday_spans(text)  # "st patrick's day", "guy fawkes night": a date, not a person

    def taken(s: int) -> bool:
        return any(m.start <= s < m.end for m in mentions) or any(a <= s < b for a, b in dated)

    words = list(tagged)
    i = 0
    while i < len(words):
        w = words[i]
        if taken(w.start) or not re.match(r"[^\W\d_]", w.text):
            i += 1
            continue
        base, poss = _strip_possessive(w.text)
        low = fold(base)
        nxt = words[i + 1] if i + 1 < len(words) else None
        # family: "called Dad", "mom's birthday", "Aunt May", "Grandma Rose"
        if low in _TITLES and nxt and not poss and text[w.end:nxt.start] == " " and _is_name_word(nxt.text) \
                and (_is_cap(nxt.text) or nxt.kind == "person"):
            run = _extend(words, i + 1, text, mentions)
            mentions.append(_mention(text, run))
            i += 1 + len(run)
            continue
        if base.capitalize() in _FAMILY_NAMES and (poss or slots.person_slot(text, w.start, w.start + len(base))
                                                   or _is_cap(base) and w.start > 0):
            mentions.append(Mention(w.start, w.start + len(base), base.capitalize()))
            i += 1
            continue
        if wordkind.kind_of(text, w.start, tagged, tuple((m.start, m.end) for m in mentions)) != "person":
            i += 1
            continue
        if w.kind == "person":
            while i > 0 and (w.label == "I-person" or not _is_cap(w.text)) and _continues(text, words[i - 1], w, mentions):
                i -= 1  # "Noor Rahman": the tagger was sure of the surname only
                w = words[i]
            run = _extend(words, i, text, mentions)
        elif w.kind in OTHER_KINDS and poss and (slots.owner_slot(text, w.start + len(base))
                                                 or slots.host_slot(text, w.start, w.start + len(base))):
            j = i  # "at Olu Adeyemi's place": only a person has a place; the whole entity is the name
            while words[j].label.startswith("I-") and j > 0 and words[j - 1].kind == w.kind \
                    and text[words[j - 1].end:words[j].start] == " " and not taken(words[j - 1].start):
                j -= 1
            run = words[j:i + 1]
            i = j
        else:
            run = _extend(words, i, text, mentions)
        mentions.append(_mention(text, run))
        i += len(run)
    mentions.sort(key=lambda m: m.start)
    return _merge_adjacent(mentions)


def _extend(words: list[tagger.Word], i: int, text: str, mentions: list[Mention]) -> list[tagger.Word]:
    """The words of the name that starts at words[i]: the tagger's I-person words, then capitalised
    surnames and connectors ("Sam Lee", "Ana de Souza"), up to a possessive."""
    run = [words[i]]
    j = i + 1
    while j < len(words) and not _strip_possessive(run[-1].text)[1]:
        w = words[j]
        if text[run[-1].end:w.start] not in (" ", "-") or any(m.start <= w.start < m.end for m in mentions):
            break
        if (w.label == "I-person" or w.kind is None and w.person >= EXTEND_MIN) and _is_name_word(w.text):
            run.append(w)
        elif w.kind in (None, "person") and w.person >= wordkind.SLOT_MIN and wordkind.unknown_word(_strip_possessive(w.text)[0]) \
                and _is_name_word(w.text) and not _is_cap(run[0].text) and not _is_cap(w.text) \
                and not wordkind.is_word(_clean(run[-1].text)):
            run.append(w)  # "ran into lan pham": a lowercase surname no dictionary knows
        elif _is_cap(run[0].text) and _is_cap(w.text) and _is_name_word(w.text) \
                and (w.kind in (None, "person") or w.label.startswith("I-")) \
                and fold(w.text) not in MONTHS:
            run.append(w)
        elif w.text.lower() in _CONNECTORS and j + 1 < len(words) and _is_cap(words[j + 1].text) \
                and _is_name_word(words[j + 1].text):
            run.extend([w, words[j + 1]])
            j += 1
        else:
            break
        j += 1
    return run


def _continues(text: str, before: tagger.Word, w: tagger.Word, mentions: list[Mention]) -> bool:
    """Is `before` the first name of the name `w` continues ("Noor" before "Rahman")?"""
    lowercase_first = not _is_cap(w.text) and not _is_cap(before.text) and wordkind.unknown_word(before.text)
    if not (w.label.startswith("I-") or _is_cap(w.text) and _is_cap(before.text) or lowercase_first):
        return False  # "Noor Rahman", "hye-jin kim": a surname continues a first name
    likely = (before.person >= EXTEND_MIN or _is_cap(before.text)) and fold(before.text) not in MEET_VERBS
    return (text[before.end:w.start] == " " and likely and _is_name_word(before.text)
            and not _strip_possessive(before.text)[1] and not any(m.start <= before.start < m.end for m in mentions)
            and before.kind in (None, "person"))


def _mention(text: str, run: list[tagger.Word]) -> Mention:
    start, end = run[0].start, run[-1].end
    stripped = text[start:end].rstrip(".,!?;:")
    raw = stripped.lstrip("@#\"“(")
    start += len(stripped) - len(raw)
    name, _ = _strip_possessive(raw)
    if re.search(r"[^\W\daeiousy_]s$", name, re.I) and slots.possessed_after(text, start + len(name)):
        name = name[:-1]  # "jigneshs bday" is Jignesh's (after a vowel the s may be the name's: "lucas")
    end = start + len(name)
    if not any(c.isupper() for c in name):
        name = " ".join(part[:1].upper() + part[1:] for part in name.split(" "))
    return Mention(start, end, name)


def _merge_adjacent(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and not m.known and not out[-1].known and out[-1].end == m.start:
            prev = out.pop()
            m = Mention(prev.start, m.end, prev.name + m.name)
        out.append(m)
    return out
